"""Storage: keys enforced, first use seeds, a newer seed refreshes without losing user rows."""

from __future__ import annotations

import builtins
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from typer.testing import CliRunner

import seed_data
from cli.main import app
from ingredients.core.errors import DatabaseError
from ingredients.exchange.import_files import ImportFile, Row
from ingredients.exchange.opening import open_reader, rebuild
from ingredients.exchange.user_entries import import_entries
from ingredients.store import database, models
from ingredients.store.location import DatabaseLocation, resolve_location


def add_user_ingredient(location: DatabaseLocation) -> None:
    """A user ingredient with an alias, a statement and a source, through the import path."""
    rows = {
        "sources": [{"key": "my-notes", "kind": "web", "title": "Notes", "url": "https://example.org"}],
        "ingredients": [
            {"slug": "adenosine", "name": "Adenosine", "class": "other", "cas_number": "58-61-7"}
        ],
        "aliases": [{"ingredient": "adenosine", "name": "Adenosin"}],
        "statements": [
            {"ingredient": "adenosine", "kind": "safety", "text": "User note.", "source": "my-notes"}
        ],
    }
    files = [
        ImportFile(Path(table), table, iter(Row(f"{table}: {n}", values) for n, values in enumerate(items)))
        for table, items in rows.items()
    ]
    import_entries(location, files)


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("ingredient", "alias", "statement", "source")
        }


def test_foreign_keys_are_enforced_on_every_connection(location: DatabaseLocation) -> None:
    engine = database.make_engine(location)
    for _ in range(2):
        with Session(engine) as session:
            session.add(models.Alias(ingredient_id=99999, name="ghost", name_key="ghost"))
            with pytest.raises(IntegrityError):
                session.commit()
    engine.dispose()


def test_an_alias_resolves_to_one_ingredient_only(location: DatabaseLocation) -> None:
    engine = database.make_engine(location)
    with Session(engine) as session:
        biotin = session.exec(select(models.Ingredient).where(models.Ingredient.slug == "biotin")).one()
        session.add(models.Alias(ingredient_id=biotin.id or 0, name="Rogaine", name_key="rogaine"))
        with pytest.raises(IntegrityError):
            session.commit()
    engine.dispose()


def test_first_use_creates_and_seeds(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_reader(resolve_location(str(path))).close()
    assert counts(path)["ingredient"] == len(seed_data.ingredient_files())
    with sqlite3.connect(path) as connection:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert meta["seed_data_version"] == seed_data.SEED_DATA_VERSION
    assert mode == "wal"


def test_a_newer_seed_refreshes_and_keeps_user_rows(location: DatabaseLocation, db_path: Path) -> None:
    add_user_ingredient(location)
    before = counts(db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE meta SET value = '2000.1.1.1' WHERE key = 'seed_data_version'")
        connection.execute("DELETE FROM statement WHERE origin = 'seed'")
    open_reader(location).close()
    assert counts(db_path) == before
    with sqlite3.connect(db_path) as connection:
        version = connection.execute("SELECT value FROM meta WHERE key = 'seed_data_version'").fetchone()[0]
        user = connection.execute("SELECT name FROM ingredient WHERE origin = 'user'").fetchall()
    assert version == seed_data.SEED_DATA_VERSION
    assert user == [("Adenosine",)]


def test_rebuild_keeps_user_rows_and_reindexes(location: DatabaseLocation, db_path: Path) -> None:
    add_user_ingredient(location)
    before = counts(db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM search_index")
    rebuild(location)
    assert counts(db_path) == before
    with sqlite3.connect(db_path) as connection:
        found = connection.execute(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'adenosin'"
        ).fetchone()[0]
    assert found == 1


def test_a_newer_schema_is_refused(location: DatabaseLocation, db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(DatabaseError, match="newer version of ingredients"):
        open_reader(location)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not the tables you are looking for\n" * 100, encoding="utf-8")
    with pytest.raises(DatabaseError, match="not a usable SQLite database"):
        open_reader(resolve_location(str(path)))
    assert path.read_text(encoding="utf-8").startswith("these are not")


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(DatabaseError, match="not an ingredients catalogue"):
        open_reader(resolve_location(str(path)))


def test_a_directory_or_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        open_reader(resolve_location(str(tmp_path)))
    with pytest.raises(DatabaseError, match="does not exist"):
        open_reader(resolve_location(str(tmp_path / "missing" / "x.db")))


def test_sqlite_urls_are_read_as_files(tmp_path: Path) -> None:
    path = tmp_path / "url.db"
    location = resolve_location(f"sqlite:///{path}")
    assert location.sqlite_path == path
    open_reader(location).close()
    assert counts(path)["ingredient"] == len(seed_data.ingredient_files())


def test_other_urls_go_through_sqlalchemy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'viaurl.db'}?timeout=5"
    location = resolve_location(url)
    assert location.sqlite_path is None
    reader = open_reader(location)
    try:
        counted = next(reader.execute("SELECT count(*) FROM ingredient").rows)[0]
        assert counted == len(seed_data.ingredient_files())
    finally:
        reader.close()


def test_an_unusable_url_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot use database URL"):
        open_reader(resolve_location("nosuchdialect://host/db"))


def test_a_user_import_cannot_take_a_seed_cas_number(location: DatabaseLocation) -> None:
    from ingredients.exchange.importer import ImportRejected

    rows = [
        Row(
            "ingredients.csv: line 2",
            {"slug": "rogaine-copy", "name": "Not minoxidil", "class": "other", "cas_number": "38304-91-5"},
        )
    ]
    with pytest.raises(ImportRejected) as caught:
        import_entries(location, [ImportFile(Path("ingredients.csv"), "ingredients", iter(rows))])
    assert caught.value.problems == [
        "ingredients.csv: line 2: cas_number: 38304-91-5 is already the CAS number of 'minoxidil'"
    ]


def test_the_seed_never_overwrites_a_name_a_user_holds(location: DatabaseLocation, db_path: Path) -> None:
    """A user who added an ingredient before the seed had it keeps theirs; the seed's waits."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM ingredient WHERE slug = 'caffeine'")
    rows = [
        Row(
            "mine.csv: line 2",
            {"slug": "my-caffeine", "name": "Caffeine", "class": "methylxanthine", "cas_number": "58-08-2"},
        )
    ]
    import_entries(location, [ImportFile(Path("mine.csv"), "ingredients", iter(rows))])
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE meta SET value = '2000.1.1.1' WHERE key = 'seed_data_version'")
    open_reader(location).close()
    with sqlite3.connect(db_path) as connection:
        held = connection.execute(
            "SELECT slug, origin FROM ingredient WHERE name_key = 'caffeine'"
        ).fetchall()
        version = connection.execute("SELECT value FROM meta WHERE key = 'seed_data_version'").fetchone()[0]
    assert held == [("my-caffeine", "user")]
    assert version == seed_data.SEED_DATA_VERSION


@pytest.mark.parametrize(
    ("driver", "command"),
    [("psycopg2", ["list"]), ("psycopg", ["db", "upgrade"])],
)
def test_a_missing_driver_is_one_line_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch, driver: str, command: list[str]
) -> None:
    """Reads go through psycopg2, writes through SQLAlchemy on psycopg 3: either missing is one line."""
    real_import = builtins.__import__

    def without_driver(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == driver or name.startswith(f"{driver}."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_driver)
    url = "postgresql://team:hunter2-secret@db.example/catalogue"
    result = CliRunner().invoke(app, ["--db", url, *command])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: the PostgreSQL driver ({driver}) is not installed; install it with: "
        "pip install 'ingredients[postgres]'"
    ]


def test_a_password_never_shows_in_db_path() -> None:
    url = "postgresql://team:hunter2-secret@db.example/catalogue"
    result = CliRunner().invoke(app, ["--db", url, "db", "path"])
    assert result.output.strip() == "postgresql+psycopg://team:***@db.example/catalogue"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_urls_use_the_psycopg_driver(scheme: str) -> None:
    location = resolve_location(f"{scheme}://team:hunter2-secret@db.example/catalogue")
    assert location.url == "postgresql+psycopg://team:hunter2-secret@db.example/catalogue"
    assert location.describe() == "postgresql+psycopg://team:***@db.example/catalogue"
    assert location.sqlite_path is None


def test_any_sqlite_client_can_write_and_the_search_finds_it(db_path: Path) -> None:
    """The catalogue is a plain SQLite file: the stdlib sqlite3 module (no function of ours
    registered) inserts and updates rows of every indexed table, and search finds them."""
    connection = sqlite3.connect(db_path)
    with connection:
        connection.executescript("""
            INSERT INTO source(key, kind, title, origin) VALUES ('lab-notes', 'paper', 'Notes', 'user');
            INSERT INTO ingredient(slug, name, ingredient_class, origin, name_key)
                VALUES ('zeta-x', 'Zeta X', 'other', 'user', 'zetax');
            INSERT INTO alias(ingredient_id, name, kind, origin, name_key)
                SELECT id, '5α-blocker', 'synonym', 'user', '5αblocker' FROM ingredient WHERE slug = 'zeta-x';
            INSERT INTO statement(ingredient_id, source_id, kind, route, text, origin, other_compound,
                                  manufacturer_sponsored)
                SELECT i.id, s.id, 'mechanism', 'any', 'Blocks ZQX-β1.', 'user', 0, 0
                FROM ingredient i, source s WHERE i.slug = 'zeta-x' AND s.key = 'lab-notes';
            UPDATE statement SET text = 'Blocks ZQX-β2 in the scalp.' WHERE text = 'Blocks ZQX-β1.';
            INSERT INTO formulation(slug, name, kind, route, declared_by, origin, source_id)
                SELECT 'zeta-mix', 'Zeta mix', 'injectable', 'intradermal', 'user', 'user', id
                FROM source WHERE key = 'lab-notes';
        """)
    connection.close()
    runner = CliRunner()

    def found(words: str) -> list[str]:
        result = runner.invoke(app, ["--db", str(db_path), "search", words, "-f", "csv", "-c", "ingredient"])
        assert result.exit_code == 0, result.output
        # The rows that hold every word: not those shown when none does.
        return [] if "hold some of them" in result.stderr else result.stdout.splitlines()[1:]

    assert found("5 alpha blocker") == ["zeta-x"]
    assert found("zqx beta2 scalp") == ["zeta-x"]
    assert found("zqx beta1") == []
    assert found("zeta mix") == ["zeta-mix"]
    checked = runner.invoke(app, ["--db", str(db_path), "db", "check"])
    assert checked.exit_code == 0, checked.output
