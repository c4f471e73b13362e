"""The catalogue's lifecycle: migrations, upgrading a real 0.1.0 catalogue, refusing what cannot be read."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel, create_engine
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.errors import DatabaseError
from ingredients.exchange import opening
from ingredients.store.location import DatabaseLocation, default_database_path
from ingredients.store.migrations import SCHEMA_VERSION
from ingredients.store.search_index import ORDER_TABLE

from .conftest import Invoke

FIXTURE = Path(__file__).parent / "fixtures" / "catalogue-0.1.0.db"

# The user rows the fixture holds, as 0.1.0 wrote them (see fixtures/catalogue-0.1.0/README.md).
USER_ROWS = {
    "source": "SELECT key, kind, title, authors, year, published_in, pmid, doi, url, note "
    "FROM source WHERE origin = 'user' ORDER BY key",
    "ingredient": "SELECT slug, name, stated_purpose, cas_number, pubchem_cid, inci_name, "
    "molecular_formula, mechanism, regulatory_status, "
    "(SELECT key FROM source WHERE id = identifiers_source_id) "
    "FROM ingredient WHERE origin = 'user' ORDER BY slug",
    "alias": "SELECT a.name, a.kind, i.slug FROM alias a JOIN ingredient i ON i.id = a.ingredient_id "
    "WHERE a.origin = 'user' ORDER BY a.name",
    "statement": "SELECT coalesce(i.slug, 'mesotherapy'), s.kind, s.route, s.text, s.evidence_level, "
    "s.manufacturer_sponsored, s.reviewed, src.key FROM statement s "
    "LEFT JOIN ingredient i ON i.id = s.ingredient_id JOIN source src ON src.id = s.source_id "
    "WHERE s.origin = 'user' ORDER BY s.text",
}


def user_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {table: connection.execute(sql).fetchall() for table, sql in USER_ROWS.items()}
    finally:
        connection.close()


def stored_schema_version(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
    finally:
        connection.close()


def upgraded_fixture(tmp_path: Path) -> Path:
    """A copy of the 0.1.0 catalogue upgraded by `db upgrade`, every user row kept (asserted)."""
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, old)
    before = user_rows(old)
    result = CliRunner().invoke(app, ["--db", str(old), "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert user_rows(old) == before
    assert stored_schema_version(old) == str(SCHEMA_VERSION)
    return old


def _copy_statement(path: Path, which: str, replaced: dict[str, str]) -> None:
    """Store a copy of one statement as the old program would have, with some columns replaced."""
    connection = sqlite3.connect(path)
    with connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(statement)") if row[1] != "id"]
        copied = ", ".join(replaced.get(name, name) for name in columns)
        connection.execute(
            f"INSERT INTO statement ({', '.join(columns)}) SELECT {copied} FROM statement "
            f"WHERE {which} LIMIT 1"
        )
    connection.close()


def _query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture
def old_catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_a_0_1_0_catalogue_with_user_rows_of_every_kind(old_catalogue: Path) -> None:
    assert stored_schema_version(old_catalogue) == "1"
    rows = user_rows(old_catalogue)
    assert len(rows["source"]) == 1
    assert len(rows["ingredient"]) == 1
    assert len(rows["alias"]) == 2
    assert len(rows["statement"]) == 3


def test_db_upgrade_keeps_every_user_row_and_makes_a_backup(invoke: Invoke, old_catalogue: Path) -> None:
    before = user_rows(old_catalogue)
    result = invoke("--db", str(old_catalogue), "db", "upgrade")
    assert result.exit_code == 0, result.output
    backup = old_catalogue.with_name("team.db.bak-1")
    assert f"Backed up {old_catalogue} to {backup}." in result.output
    assert f"from schema 1 to {SCHEMA_VERSION}" in result.output
    assert stored_schema_version(old_catalogue) == str(SCHEMA_VERSION)
    assert user_rows(old_catalogue) == before
    assert stored_schema_version(backup) == "1"
    assert user_rows(backup) == before
    checked = invoke("--db", str(old_catalogue), "db", "check")
    assert checked.exit_code == 0, checked.output
    again = invoke("--db", str(old_catalogue), "db", "upgrade")
    assert again.exit_code == 0
    assert f"already at schema {SCHEMA_VERSION}" in again.output


def test_the_upgraded_user_rows_still_read_through_every_command(invoke: Invoke, old_catalogue: Path) -> None:
    assert invoke("--db", str(old_catalogue), "db", "upgrade").exit_code == 0
    shown = invoke("--db", str(old_catalogue), "show", "Adenosin")
    assert shown.exit_code == 0, shown.output
    assert "A user's statement about adenosine." in shown.output
    found = invoke("--db", str(old_catalogue), "search", "procedure")
    assert "A user's note on the procedure." in found.output


def test_a_named_older_catalogue_is_not_changed_behind_the_users_back(
    invoke: Invoke, old_catalogue: Path
) -> None:
    before = old_catalogue.read_bytes()
    result = invoke("--db", str(old_catalogue), "list")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {old_catalogue} uses an older schema (1, this program reads {SCHEMA_VERSION}); "
        "run 'ingredients db upgrade' to upgrade it (a backup is made first)"
    ]
    assert old_catalogue.read_bytes() == before


def test_the_default_catalogue_upgrades_itself() -> None:
    default = default_database_path()
    default.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURE, default)
    before = user_rows(default)
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert stored_schema_version(default) == str(SCHEMA_VERSION)
    assert user_rows(default) == before
    assert default.with_name("ingredients.db.bak-1").exists()
    # It says so, once, on stderr, naming the backup; the next command says nothing.
    assert result.stderr == (
        f"Upgraded {default} from schema 1 to {SCHEMA_VERSION}; "
        f"the old catalogue is kept at {default.with_name('ingredients.db.bak-1')}.\n"
    )
    assert CliRunner().invoke(app, ["list"]).stderr == ""


def test_a_failed_upgrade_changes_nothing(old_catalogue: Path) -> None:
    connection = sqlite3.connect(old_catalogue)
    with connection:
        # Two ingredients holding one CAS number: the unique-CAS migration must stop.
        connection.execute(
            "UPDATE ingredient SET cas_number = '38304-91-5', cas_key = '38304915' WHERE slug = 'adenosine'"
        )
        connection.execute("UPDATE ingredient SET cas_key = '38304915' WHERE slug = 'minoxidil'")
    connection.close()
    before = user_rows(old_catalogue)
    location = DatabaseLocation(f"sqlite:///{old_catalogue}", old_catalogue)
    with pytest.raises(DatabaseError, match="CAS number 38304-91-5 is held by several ingredients"):
        opening.upgrade(location)
    assert stored_schema_version(old_catalogue) == "1"
    assert user_rows(old_catalogue) == before


def test_a_newer_schema_is_refused_by_upgrade_too(old_catalogue: Path) -> None:
    connection = sqlite3.connect(old_catalogue)
    with connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    connection.close()
    location = DatabaseLocation(f"sqlite:///{old_catalogue}", old_catalogue)
    with pytest.raises(DatabaseError, match="newer version of ingredients"):
        opening.upgrade(location)


# Neither SQLAlchemy nor Alembic can reflect an index on an expression from SQLite, so the
# comparison skips those (saying so); the test checks them itself.
#
# A column added later with a reference (SQLite's ALTER TABLE ADD COLUMN ... REFERENCES,
# which keeps the table and its triggers) is reflected by SQLAlchemy without its ON DELETE
# rule, so autogenerate sees a different constraint; these are compared through PRAGMA.
INLINE_REFERENCES = {("ingredient", "unii_source_id")}


def _inline_reference(difference: Any) -> bool:
    if difference[0] not in ("add_fk", "remove_fk"):
        return False
    constraint = difference[1]
    return {(constraint.table.name, column.name) for column in constraint.columns} <= INLINE_REFERENCES


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_the_migrations_build_exactly_the_tables_the_models_define(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import ingredients.store.models  # noqa: F401  (registers the tables)

    path = tmp_path / "new.db"
    opening.prepare(DatabaseLocation(f"sqlite:///{path}", path))
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = [
            difference
            for difference in compare_metadata(context, SQLModel.metadata)
            # The search index is SQLite's own virtual table, outside the models, and so is
            # what search orders its entries by (migration 0020).
            if not (
                difference[0] == "remove_table"
                and difference[1].name.startswith(("search_index", "formulation_search", ORDER_TABLE))
            )
            and not (difference[0] == "remove_table" and difference[1].name == "alembic_version")
            and not _inline_reference(difference)
        ]
        # Those references are checked here instead, through SQLite's own account of them.
        for table, column in INLINE_REFERENCES:
            listed = connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})").fetchall()
            assert [(row[2], row[4], row[6]) for row in listed if row[3] == column] == [
                ("source", "id", "SET NULL")
            ]
        expression_indexes = {
            (index.name, tuple(getattr(part, "name", None) or str(part) for part in index.expressions))
            for table in SQLModel.metadata.tables.values()
            for index in table.indexes
            if any(not hasattr(part, "name") for part in index.expressions)
        }
        built = {
            name: sql
            for name, sql in connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
    engine.dispose()
    assert differences == []
    assert expression_indexes
    for name, parts in expression_indexes:
        assert name in built
        assert all(part in built[name] for part in parts), built[name]


def test_the_table_columns_are_derived_from_the_models() -> None:
    """A field added to a model reaches export and import once the columns are regenerated."""
    from ingredients.store import table_columns
    from ingredients.store.table_derivation import module_text

    assert Path(table_columns.__file__).read_text(encoding="utf-8") == module_text(), (
        "run: python -m ingredients.store.table_derivation"
    )


def test_import_reads_exactly_what_export_writes() -> None:
    from ingredients.core.vocabulary import TABLES
    from ingredients.exchange.importing import TABLE_IMPORTS
    from ingredients.read.queries import EXPORT_TABLES
    from ingredients.store.table_shapes import TABLE_SHAPES

    assert tuple(TABLE_SHAPES) == TABLES
    # Each table the vocabulary names has its declared import, in the same order.
    assert tuple(TABLE_IMPORTS) == TABLES
    assert {name: columns for name, (columns, _) in EXPORT_TABLES.items()} == {
        name: shape.columns for name, shape in TABLE_SHAPES.items()
    }


def test_an_upgrade_never_overwrites_an_earlier_backup(invoke: Invoke, old_catalogue: Path) -> None:
    taken = old_catalogue.with_name("team.db.bak-1")
    taken.write_text("precious", encoding="utf-8")
    result = invoke("--db", str(old_catalogue), "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert taken.read_text(encoding="utf-8") == "precious"
    assert f"to {old_catalogue.with_name('team.db.bak-1.2')}." in result.output
    assert stored_schema_version(old_catalogue.with_name("team.db.bak-1.2")) == "1"


def test_a_read_only_old_catalogue_is_refused_without_leaving_a_backup(
    invoke: Invoke, old_catalogue: Path
) -> None:
    old_catalogue.chmod(0o444)
    result = invoke("--db", str(old_catalogue), "db", "upgrade")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {old_catalogue} is read-only; it cannot be upgraded\n"
    assert not list(old_catalogue.parent.glob("team.db.bak*"))


def test_status_describes_an_old_catalogue_and_check_names_the_upgrade(
    invoke: Invoke, old_catalogue: Path
) -> None:
    status = invoke("--db", str(old_catalogue), "db", "status", "-f", "json")
    assert status.exit_code == 0, status.output
    assert {"item": "schema_version", "value": "1"} in json.loads(status.stdout)
    checked = invoke("--db", str(old_catalogue), "db", "check")
    assert checked.exit_code == 1
    assert "run 'ingredients db upgrade'" in checked.stdout
    # A rebuild refuses an old schema, so nothing advises one.
    assert "db rebuild" not in checked.stdout


def test_the_upgrade_gives_old_evidence_an_unknown_condition_and_no_effect(
    invoke: Invoke, old_catalogue: Path
) -> None:
    """Rows stored before evidence had a condition: nothing guessed, every one still valid."""
    # A user's searched-for absence, as 0.1.0 stored it (no record of the search).
    _copy_statement(old_catalogue, "origin = 'user' AND kind = 'evidence'", {"evidence_level": "0"})
    assert invoke("--db", str(old_catalogue), "db", "upgrade").exit_code == 0
    rows = _query(
        old_catalogue,
        "SELECT kind, condition, sex, comparator, effect_value, evidence_level, searched "
        "FROM statement WHERE origin = 'user' ORDER BY id",
    )
    evidence = [row for row in rows if row[0] == "evidence"]
    assert evidence
    assert {row[1:5] for row in evidence} == {("unknown", "unknown", None, None)}
    assert all(row[1:5] == (None, None, None, None) for row in rows if row[0] != "evidence")
    assert all(row[6] for row in rows if row[5] == 0)
    # An export of the upgraded rows imports back: the new rules accept them.
    exported = invoke("--db", str(old_catalogue), "export", "statements", "-f", "jsonl")
    assert exported.exit_code == 0, exported.output
    path = old_catalogue.with_name("statements.jsonl")
    path.write_text(exported.stdout, encoding="utf-8")
    imported = invoke("--db", str(old_catalogue), "import", str(path))
    assert imported.exit_code == 0, imported.output


def test_the_upgrade_keeps_a_users_class_text_word_for_word(invoke: Invoke, old_catalogue: Path) -> None:
    """0.1.0 took any class; the controlled list moves an unknown one to the detail, whole."""
    assert invoke("--db", str(old_catalogue), "db", "upgrade").exit_code == 0
    connection = sqlite3.connect(old_catalogue)
    try:
        found = connection.execute(
            "SELECT ingredient_class, class_detail FROM ingredient WHERE slug = 'adenosine'"
        ).fetchone()
    finally:
        connection.close()
    assert found == ("other", "Nucleoside")


def test_the_upgrade_keeps_a_users_claim_as_one_efficacy_assertion(
    invoke: Invoke, old_catalogue: Path
) -> None:
    """Claims stored before they had kinds keep their text and assert efficacy, as the old rule
    judged them."""
    _copy_statement(
        old_catalogue, "kind = 'purpose'", {"origin": "'user'", "text": "'A user''s claim: it regrows hair.'"}
    )
    assert invoke("--db", str(old_catalogue), "db", "upgrade").exit_code == 0
    found = _query(
        old_catalogue,
        "SELECT text, asserts, harm, harm_percent FROM statement WHERE origin = 'user' AND kind = 'purpose'",
    )
    assert found == [("A user's claim: it regrows hair.", "efficacy", None, None)]
