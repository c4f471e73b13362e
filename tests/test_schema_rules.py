"""Specification: the schema holds every client to the catalogue's rules (schema 16; the CosIng table, 18).

Each row writes one bad value with a plain client (sqlite3, psycopg), as another
program would; the database itself refuses it. An ingredient or alias inserted
without its name key gets the key the program would give it. An old catalogue
upgrades with every row kept, or, holding a value no reader knows, is refused with
one message and left as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.identifiers import lookup_key
from ingredients.store.vocabulary_columns import EVERY_VOCABULARY_COLUMN
from tests.small_catalogue import SmallCatalogue
from tests.test_lifecycle import FIXTURE

# (table, column, a value outside the rule). The rows are the rule: a column added to
# a vocabulary without a row here fails test_every_vocabulary_column_has_a_row.
BAD_VALUES: list[tuple[str, str, Any]] = [
    ("source", "kind", "blog"),
    ("source", "origin", "whatever"),
    ("ingredient", "ingredient_class", "not-a-class"),
    ("ingredient", "origin", "whatever"),
    ("ingredient", "slug", "bad one"),
    ("ingredient", "slug", "Capital"),
    ("ingredient", "slug", ""),
    # The CAS check digit (schema 17): the last digit should be 0.
    ("ingredient", "cas_number", "50-00-1"),
    ("alias", "kind", "nickname"),
    ("alias", "origin", "whatever"),
    ("statement", "kind", "rumour"),
    ("statement", "route", "nasal"),
    ("statement", "evidence_level", "super-strong"),
    ("statement", "evidence_level", 7),
    ("statement", "evidence_level", -1),
    ("statement", "finding", "great"),
    ("statement", "condition", "baldness"),
    ("statement", "sex", "men"),
    ("statement", "comparator", "nothing"),
    ("statement", "outcome", "looks"),
    ("statement", "effect_unit", "furlongs"),
    ("statement", "effect_kind", "ratio"),
    ("statement", "certainty", "sure"),
    ("statement", "asserts", "magic"),
    ("statement", "harm", "bad"),
    ("statement", "randomised", "perhaps"),
    ("statement", "blinding", "quadruple"),
    ("statement", "control", "hope"),
    ("statement", "reports_agent_result", "sometimes"),
    ("statement", "origin", "whatever"),
    ("strength", "route", "nasal"),
    ("strength", "basis", "guess"),
    ("strength", "unit", "drops"),
    ("strength", "origin", "whatever"),
    ("formulation", "kind", "potion"),
    ("formulation", "route", "nasal"),
    ("formulation", "declared_by", "nobody"),
    ("formulation", "slug", "bad/one"),
    ("formulation", "origin", "whatever"),
    ("component", "unit", "drops"),
    ("component", "origin", "whatever"),
    ("excipient", "category", "magic"),
    ("excipient", "injectable", "maybe"),
    ("excipient", "slug", "bad one"),
    ("excipient", "origin", "whatever"),
    ("cosing_ingredient", "origin", "whatever"),
]
# A value each rule accepts, at the edges: NULL where the column allows it, a rank's ends.
GOOD_VALUES: list[tuple[str, str, Any]] = [
    ("statement", "evidence_level", 0),
    ("statement", "evidence_level", 6),
    ("statement", "evidence_level", None),
    ("statement", "finding", None),
    ("ingredient", "slug", "a-0"),
    ("ingredient", "ingredient_class", "local-anaesthetic"),
]


def test_every_vocabulary_column_has_a_row() -> None:
    assert {
        (table, column) for table, column, _ in BAD_VALUES if column not in ("slug", "cas_number")
    } == set(EVERY_VOCABULARY_COLUMN)


def _catalogue() -> SmallCatalogue:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.alias("agent-a", "Alpha Salt")
    catalogue.evidence("agent-a")
    catalogue.strength("agent-a", 2.0)
    catalogue.formulation("mix-a", [("agent-a", 1.0, "%")])
    catalogue.excipient("water")
    catalogue.cosmetic(1, "PEG-8 DIMETHICONE", functions="skin conditioning")
    return catalogue


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _catalogue().build(tmp_path_factory.mktemp("schema-rules"))


@pytest.fixture
def plain(template: Path, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "catalogue.db"
    shutil.copyfile(template, path)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        yield connection


def _first_id(connection: Any, table: str) -> int:
    return int(connection.execute(f"SELECT min(id) FROM {table}").fetchone()[0])


@pytest.mark.parametrize(("table", "column", "value"), BAD_VALUES, ids=lambda value: repr(value))
def test_sqlite_refuses_a_bad_value_from_any_client(
    plain: sqlite3.Connection, table: str, column: str, value: Any
) -> None:
    row = _first_id(plain, table)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        plain.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row))


@pytest.mark.parametrize(("table", "column", "value"), GOOD_VALUES, ids=lambda value: repr(value))
def test_sqlite_takes_every_good_value(
    plain: sqlite3.Connection, table: str, column: str, value: Any
) -> None:
    row = _first_id(plain, table)
    plain.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row))


_ADDED_WITHOUT_KEYS = [
    (
        "alias",
        "INSERT INTO alias (name, kind, origin, ingredient_id) VALUES (?, 'synonym', 'user', {ingredient})",
        "New  Alias-Name_2.0",
    ),
    (
        "ingredient",
        "INSERT INTO ingredient (slug, name, ingredient_class, origin) "
        "VALUES ('agent-new', ?, 'other', 'user')",
        "Agent O'New, Extract",
    ),
]


@pytest.mark.parametrize(
    ("table", "insert", "name"), _ADDED_WITHOUT_KEYS, ids=[row[0] for row in _ADDED_WITHOUT_KEYS]
)
def test_a_row_added_without_its_name_key_gets_the_programs_key(
    plain: sqlite3.Connection, tmp_path: Path, table: str, insert: str, name: str
) -> None:
    plain.execute(insert.format(ingredient=_first_id(plain, "ingredient")), (name,))
    stored = plain.execute(f"SELECT name_key FROM {table} WHERE name = ?", (name,)).fetchall()
    assert stored == [(lookup_key(name),)]
    path = Path(plain.execute("PRAGMA database_list").fetchone()[2])
    shown = CliRunner().invoke(app, ["--db", str(path), "show", name])
    assert shown.exit_code == 0, shown.output
    # The new row is searchable too: the insert it makes fires the search triggers.
    found = CliRunner().invoke(app, ["--db", str(path), "search", name.split()[0]])
    assert found.exit_code == 0 and found.stdout.strip(), found.output


@pytest.mark.parametrize(
    ("table", "insert", "name"), _ADDED_WITHOUT_KEYS, ids=[row[0] for row in _ADDED_WITHOUT_KEYS]
)
def test_a_client_is_told_the_id_of_a_row_added_without_its_key(
    plain: sqlite3.Connection, table: str, insert: str, name: str
) -> None:
    cursor = plain.execute(insert.format(ingredient=_first_id(plain, "ingredient")), (name,))
    assert cursor.lastrowid == plain.execute(f"SELECT id FROM {table} WHERE name = ?", (name,)).fetchone()[0]


# (table, the name a client gives a row without touching its key, the key it then has).
# SQLite folds the case of ASCII letters only: a name with others gets SQLite's key.
_RENAMED = [
    ("alias", "Renamed  Alias-2", lookup_key("Renamed  Alias-2")),
    ("ingredient", "Agent O'Renamed", lookup_key("Agent O'Renamed")),
    ("alias", "ÄRGER Salt", "Ärgersalt"),
]


@pytest.mark.parametrize(("table", "name", "key"), _RENAMED, ids=lambda value: repr(value))
def test_a_name_changed_by_any_client_gets_its_key(
    plain: sqlite3.Connection, tmp_path: Path, table: str, name: str, key: str
) -> None:
    row = _first_id(plain, table)
    plain.execute(f"UPDATE {table} SET name = ? WHERE id = ?", (name, row))
    assert plain.execute(f"SELECT name_key FROM {table} WHERE id = ?", (row,)).fetchone() == (key,)
    path = Path(plain.execute("PRAGMA database_list").fetchone()[2])
    if key == lookup_key(name):
        shown = CliRunner().invoke(app, ["--db", str(path), "show", name])
        assert shown.exit_code == 0, shown.output


def test_a_key_written_with_the_name_is_kept(plain: sqlite3.Connection) -> None:
    """The program writes both, with a key that folds more than SQLite's: it stands."""
    row = _first_id(plain, "alias")
    plain.execute("UPDATE alias SET name = 'ÄRGER', name_key = 'ärger' WHERE id = ?", (row,))
    plain.execute("UPDATE alias SET name = 'Ärger' WHERE id = ?", (row,))
    assert plain.execute("SELECT name_key FROM alias WHERE id = ?", (row,)).fetchone() == ("ärger",)


def test_a_cosing_entry_added_without_its_name_key_gets_the_programs_key(
    plain: sqlite3.Connection,
) -> None:
    source = _first_id(plain, "source")
    name = "New  Cosmetic-Name_2.0, Extract"
    plain.execute(
        "INSERT INTO cosing_ingredient (cosing_ref, inci_name, origin, source_id) VALUES (99, ?, 'user', ?)",
        (name, source),
    )
    stored = plain.execute("SELECT name_key FROM cosing_ingredient WHERE cosing_ref = 99").fetchall()
    assert stored == [(lookup_key(name),)]
    # Renamed without its key, it gets its new name's; renamed with a key, that key stands.
    plain.execute("UPDATE cosing_ingredient SET inci_name = 'Renamed  Entry-2' WHERE cosing_ref = 99")
    renamed = plain.execute("SELECT name_key FROM cosing_ingredient WHERE cosing_ref = 99").fetchall()
    assert renamed == [(lookup_key("Renamed  Entry-2"),)]
    plain.execute("UPDATE cosing_ingredient SET inci_name = 'Other', name_key = 'kept' WHERE cosing_ref = 99")
    assert plain.execute("SELECT name_key FROM cosing_ingredient WHERE cosing_ref = 99").fetchall() == [
        ("kept",)
    ]


def test_a_given_name_key_is_kept_and_a_taken_one_refused(plain: sqlite3.Connection) -> None:
    ingredient = _first_id(plain, "ingredient")
    plain.execute(
        "INSERT INTO alias (name, kind, origin, ingredient_id, name_key) "
        "VALUES ('X', 'code', 'user', ?, 'given')",
        (ingredient,),
    )
    assert plain.execute("SELECT name_key FROM alias WHERE name = 'X'").fetchall() == [("given",)]
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        plain.execute(
            "INSERT INTO alias (name, kind, origin, ingredient_id) VALUES ('alpha-salt', 'code', 'user', ?)",
            (ingredient,),
        )


# --- upgrading a real old catalogue ---------------------------------------------------------------


def _counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%search%' "
                "AND name NOT IN ('meta', 'alembic_version')"
            )
        ]
        return {
            table: connection.execute(f"SELECT count(*) FROM {table} WHERE origin = 'user'").fetchone()[0]
            for table in tables
        }


def _dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


def _upgrade(path: Path) -> Any:
    return CliRunner().invoke(app, ["--db", str(path), "db", "upgrade"])


def test_a_real_old_catalogue_upgrades_keeping_every_user_row(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, old)
    before = _counts(old)
    assert sum(before.values()) > 0
    result = _upgrade(old)
    assert result.exit_code == 0, result.output
    after = _counts(old)
    assert {table: after[table] for table in before} == before
    with closing(sqlite3.connect(old)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        with pytest.raises(
            sqlite3.IntegrityError, match="CHECK constraint failed: ck_ingredient_ingredient_class"
        ):
            connection.execute("UPDATE ingredient SET ingredient_class = 'not-a-class'")


def test_an_old_catalogue_holding_an_unknown_value_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, old)
    with closing(sqlite3.connect(old)) as connection, connection:
        connection.execute("UPDATE alias SET kind = 'nickname' WHERE origin = 'user'")
    unchanged = _dump(old)
    result = _upgrade(old)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "alias.kind holds 'nickname'" in result.stderr
    assert _dump(old) == unchanged  # (the file may change mode to WAL, as any opening does)


# (what an old catalogue holds that schema 17 refuses, the SQL that stores it, the message).
_REFUSED_BY_17 = [
    (
        "a CAS number failing its check digit",
        "UPDATE ingredient SET cas_number = '58-61-8' WHERE origin = 'user'",
        "ingredient 'adenosine' holds the CAS number '58-61-8', whose check digit fails",
    ),
    (
        "two source keys differing only in case",
        "INSERT INTO source (key, kind, title, origin) VALUES ('USER-LAB-NOTES-2026', 'web', 'Copy', 'user')",
        "the source keys USER-LAB-NOTES-2026, user-lab-notes-2026 differ only in case",
    ),
]


@pytest.mark.parametrize(
    ("sql", "message"), [r[1:] for r in _REFUSED_BY_17], ids=[r[0] for r in _REFUSED_BY_17]
)
def test_an_old_catalogue_schema_17_refuses_is_left_as_it_was(tmp_path: Path, sql: str, message: str) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, old)
    with closing(sqlite3.connect(old)) as connection, connection:
        connection.execute(sql)
    unchanged = _dump(old)
    result = _upgrade(old)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert _dump(old) == unchanged


# --- PostgreSQL, through psycopg ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server_catalogue(postgres_url: str) -> Iterator[Callable[[], Any]]:
    """A small catalogue on an empty PostgreSQL database; gives psycopg connections to it."""
    import uuid

    import psycopg

    name = f"ingredients_{uuid.uuid4().hex[:12]}"
    plain_url = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    _catalogue().server_reader(url).close()
    yield lambda: psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    with psycopg.connect(plain_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.parametrize(("table", "column", "value"), BAD_VALUES, ids=lambda value: repr(value))
def test_postgresql_refuses_a_bad_value_from_any_client(
    server_catalogue: Callable[[], Any], table: str, column: str, value: Any
) -> None:
    import psycopg

    with server_catalogue() as connection:
        row = _first_id(connection, table)
        error = (
            psycopg.errors.CheckViolation
            if column != "evidence_level" or isinstance(value, int)
            else psycopg.errors.InvalidTextRepresentation
        )
        with pytest.raises(error):
            connection.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", (value, row))


def test_postgresql_fills_a_name_key_left_out(server_catalogue: Callable[[], Any]) -> None:
    with server_catalogue() as connection:
        ingredient = _first_id(connection, "ingredient")
        name = "Ünïcode  Alias-Name_2.0"
        connection.execute(
            "INSERT INTO alias (name, kind, origin, ingredient_id) VALUES (%s, 'synonym', 'user', %s)",
            (name, ingredient),
        )
        stored = connection.execute("SELECT name_key FROM alias WHERE name = %s", (name,)).fetchall()
        connection.rollback()
    assert stored == [(lookup_key(name),)]


def test_postgresql_keys_a_renamed_row_and_returns_a_new_rows_id(server_catalogue: Callable[[], Any]) -> None:
    with server_catalogue() as connection:
        ingredient = _first_id(connection, "ingredient")
        (new_id,) = connection.execute(
            "INSERT INTO alias (name, kind, origin, ingredient_id) VALUES ('Another', 'synonym', 'user', %s) "
            "RETURNING id",
            (ingredient,),
        ).fetchone()
        name = "Ärger  Salt-2"
        connection.execute("UPDATE alias SET name = %s WHERE id = %s", (name, new_id))
        stored = connection.execute("SELECT name_key FROM alias WHERE id = %s", (new_id,)).fetchall()
        connection.execute(
            "UPDATE alias SET name = 'ÄRGER SALT-2', name_key = 'kept' WHERE id = %s", (new_id,)
        )
        kept = connection.execute("SELECT name_key FROM alias WHERE id = %s", (new_id,)).fetchall()
        connection.rollback()
    assert stored == [(lookup_key(name),)]
    assert kept == [("kept",)]


def test_postgresql_fills_a_cosing_name_key_left_out(server_catalogue: Callable[[], Any]) -> None:
    with server_catalogue() as connection:
        source = _first_id(connection, "source")
        name = "Ünïcode  Cosmetic-Name_2.0, Extract"
        connection.execute(
            "INSERT INTO cosing_ingredient (cosing_ref, inci_name, origin, source_id) "
            "VALUES (99, %s, 'user', %s)",
            (name, source),
        )
        stored = connection.execute("SELECT name_key FROM cosing_ingredient WHERE cosing_ref = 99").fetchall()
        connection.execute("UPDATE cosing_ingredient SET inci_name = 'Ärger  Entry-2' WHERE cosing_ref = 99")
        renamed = connection.execute(
            "SELECT name_key FROM cosing_ingredient WHERE cosing_ref = 99"
        ).fetchall()
        connection.rollback()
    assert stored == [(lookup_key(name),)]
    assert renamed == [(lookup_key("Ärger  Entry-2"),)]


# --- a client that switches the checks off ---------------------------------------------------------


@pytest.fixture(scope="module")
def unchecked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue where a client wrote one bad value into every checked column, its
    checks switched off (PRAGMA ignore_check_constraints)."""
    folder = tmp_path_factory.mktemp("unchecked")
    catalogue = _catalogue()
    catalogue.claim("agent-a", "It grows hair.")
    catalogue.safety("agent-a", harm="pain")
    path = catalogue.build(folder)
    written = set()
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        for table, column, value in BAD_VALUES:
            if (table, column) not in written and value != "":
                connection.execute(f"UPDATE {table} SET {column} = ?", (value,))
                written.add((table, column))
    return path


def test_db_check_lists_every_value_outside_its_vocabulary(unchecked: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(unchecked), "db", "check"])
    assert result.exit_code == 1
    listed = next(line for line in result.stdout.splitlines() if "outside their vocabulary" in line)
    first = {}
    for table, column, value in BAD_VALUES:
        first.setdefault((table, column), value)
    for (table, column), value in first.items():
        if value != "" and column != "cas_number":
            assert f"{table}.{column} {value!r}" in listed
    assert "PROBLEM  CAS numbers fail their check digit: " in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["show", "bad one"],
        ["show", "Alpha Salt"],
        ["list"],
        ["claims"],
        ["check", "agent a"],
        ["compare", "bad one", "Alpha Salt"],
        ["search", "agent"],
        ["export", "statements"],
        ["formulations", "bad/one"],
        ["sources"],
        ["grades"],
    ],
    ids=" ".join,
)
def test_no_reader_fails_on_a_value_outside_its_vocabulary(unchecked: Path, command: list[str]) -> None:
    result = CliRunner().invoke(app, ["--db", str(unchecked), *command])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


def test_the_site_and_the_data_package_are_written_from_values_outside_the_vocabulary(
    unchecked: Path, tmp_path: Path
) -> None:
    for command in (["site", str(tmp_path / "site")], ["export", "--all", str(tmp_path / "package")]):
        result = CliRunner().invoke(app, ["--db", str(unchecked), *command])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file() and (
        tmp_path / "package" / "datapackage.json"
    ).is_file()


# --- the site shows a statement whose kind or route it does not know ------------------------------

# (what another client wrote, the statement, the column, the value): each is shown as unknown.
_SITE_UNKNOWN = [
    ("a kind", "It tingles.", "kind", "rumour"),
    ("an evidence route", "A trial.", "route", "nasal"),
    ("a safety statement's route", "Some pain.", "route", "ear"),
]


def _with_unknown_statement_value(tmp_path: Path, text: str, column: str, value: str) -> Path:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.evidence("agent-a", "A trial.")
    catalogue.safety("agent-a", text="Some pain.")
    catalogue.safety("agent-a", text="It tingles.")
    path = catalogue.build(tmp_path)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute(f"UPDATE statement SET {column} = ? WHERE text = ?", (value, text))
    return path


_UNKNOWN_IDS = [row[0] for row in _SITE_UNKNOWN]


@pytest.mark.parametrize(("text", "column", "value"), [r[1:] for r in _SITE_UNKNOWN], ids=_UNKNOWN_IDS)
def test_show_gives_a_statement_outside_the_vocabulary_as_unknown(
    tmp_path: Path, text: str, column: str, value: str
) -> None:
    path = _with_unknown_statement_value(tmp_path, text, column, value)
    result = CliRunner().invoke(app, ["--db", str(path), "show", "agent-a"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if text in line)
    assert f"unknown {column} {value!r}" in line


@pytest.mark.parametrize(("text", "column", "value"), [r[1:] for r in _SITE_UNKNOWN], ids=_UNKNOWN_IDS)
def test_the_site_shows_a_statement_outside_the_vocabulary_as_unknown_with_a_warning(
    tmp_path: Path, text: str, column: str, value: str
) -> None:
    from ingredients.site.citations import ingredient_path

    path = _with_unknown_statement_value(tmp_path, text, column, value)
    result = CliRunner().invoke(app, ["--db", str(path), "site", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert f"Warning: shown as unknown: unknown {column} {value!r} (1 statement(s))" in result.stderr
    page = (tmp_path / "site" / ingredient_path("agent-a")).read_text(encoding="utf-8")
    for shown in ("A trial.", "Some pain.", "It tingles."):
        assert shown in page
    assert f"unknown {column} &#39;{value}&#39;" in page
    assert "db check&#39; lists every such value" in page
