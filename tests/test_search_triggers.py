"""Specification: every column the search indexes is kept current by the schema's triggers,
whichever SQLite client writes it.

Each row below is one indexed column. A plain `sqlite3` connection (none of this
program's functions registered, as in the sqlite3 shell, sqlite-utils or Datasette)
inserts a row, sets the column to a new word, then deletes the row; after each step a
search for the word finds exactly the rows that hold it, and the index holds the same
entries as one rebuilt from the tables.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

import pytest

from ingredients.store import search_index
from ingredients.store.lifecycle import transaction
from ingredients.store.location import resolve_location
from tests.conftest import Invoke
from tests.small_catalogue import SmallCatalogue
from tests.test_lifecycle import FIXTURE


class Indexed(NamedTuple):
    table: str
    column: str
    # The value the column is set to: it must put the word 'zanzibar' into the index.
    value: str | int
    # The index the column feeds, and the column of it naming the entry's row.
    index: str = "search_index"


_NEW_WORD = "zanzibar"
INDEXED_COLUMNS = [
    Indexed("ingredient", "name", "Zanzibar Extract"),
    Indexed("ingredient", "ingredient_class", "local-anaesthetic"),
    Indexed("ingredient", "class_detail", "zanzibar detail"),
    Indexed("ingredient", "stated_purpose", "zanzibar purpose"),
    Indexed("ingredient", "mechanism", "zanzibar mechanism"),
    Indexed("ingredient", "regulatory_status", "zanzibar status"),
    Indexed("alias", "name", "Zanzibar Alias"),
    Indexed("statement", "text", "A zanzibar statement."),
    Indexed("formulation", "name", "Zanzibar Cocktail", "formulation_search"),
    Indexed("formulation", "maker", "Zanzibar Labs", "formulation_search"),
    Indexed("component", "name", "zanzibar component", "formulation_search"),
]
# Columns that move an entry to another row or field rather than change its words.
MOVED_COLUMNS = [
    ("alias", "ingredient_id"),
    ("statement", "ingredient_id"),
    ("statement", "kind"),
    ("component", "formulation_id"),
]

# The words the class column's new value indexes (the vocabulary label, not 'zanzibar').
_CLASS_WORD = "anaesthetic"


def _catalogue(tmp_path: Path) -> Path:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a", "Agent Alpha")
    catalogue.ingredient("agent-b", "Agent Beta")
    catalogue.alias("agent-a", "Alpha Salt")
    catalogue.statement("agent-a", "mechanism", "It acts on follicles.")
    catalogue.formulation("cocktail-one", [("agent-a", 1.0, "%")], name="Cocktail One", maker="Maker One")
    catalogue.formulation("cocktail-two", [("agent-b", 2.0, "%")], name="Cocktail Two")
    return catalogue.build(tmp_path)


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to a small catalogue: no function of the program's own."""
    with closing(sqlite3.connect(_catalogue(tmp_path), isolation_level=None)) as connection:
        yield connection


def _insert(connection: sqlite3.Connection, table: str) -> int:
    """A new row of ``table`` as another client writes it (every column it needs, by hand)."""
    ids = {
        "ingredient": connection.execute("SELECT id FROM ingredient WHERE slug = 'agent-a'").fetchone()[0],
        "source": connection.execute("SELECT min(id) FROM source").fetchone()[0],
        "formulation": connection.execute("SELECT min(id) FROM formulation").fetchone()[0],
    }
    inserts = {
        "ingredient": (
            "INSERT INTO ingredient (slug, name, name_key, ingredient_class, origin) "
            "VALUES ('agent-new', 'Agent New', 'agent new', 'other', 'user')"
        ),
        "alias": (
            "INSERT INTO alias (name, name_key, kind, origin, ingredient_id) "
            f"VALUES ('New Alias', 'new alias', 'synonym', 'user', {ids['ingredient']})"
        ),
        "statement": (
            "INSERT INTO statement (kind, route, text, manufacturer_sponsored, origin, ingredient_id, "
            f"source_id) VALUES ('mechanism', 'any', 'A new statement.', 0, 'user', {ids['ingredient']}, "
            f"{ids['source']})"
        ),
        "formulation": (
            "INSERT INTO formulation (slug, name, kind, route, declared_by, origin, source_id) "
            f"VALUES ('new-mix', 'New Mix', 'injectable', 'intradermal', 'user', 'user', {ids['source']})"
        ),
        "component": (
            "INSERT INTO component (position, name, origin, formulation_id) "
            f"VALUES (9, 'new component', 'user', {ids['formulation']})"
        ),
    }
    return connection.execute(inserts[table]).lastrowid or 0


def _found(connection: sqlite3.Connection, index: str, word: str) -> set[tuple[object, ...]]:
    return set(connection.execute(f"SELECT rowid FROM {index} WHERE {index} MATCH ?", (f'"{word}"',)))


def _entries(path: Path) -> dict[str, set[tuple[object, ...]]]:
    """Each index's entries, without their normalised words (which another client spells
    differently but which tokenise alike), and what search orders them by (migration 0020)."""
    with closing(sqlite3.connect(path)) as connection:
        return {
            **{
                index: set(connection.execute(f"SELECT rowid, body, {owner}, field FROM {index}"))
                for index, owner in (
                    ("search_index", "ingredient_id"),
                    ("formulation_search", "formulation_id"),
                )
            },
            search_index.ORDER_TABLE: set(
                connection.execute(f"SELECT entry, length, ingredient FROM {search_index.ORDER_TABLE}")
            ),
        }


def _rebuilt(path: Path, tmp_path: Path) -> dict[str, set[tuple[object, ...]]]:
    """The entries the program writes when it indexes the same tables afresh."""
    copy = tmp_path / "rebuilt.db"
    copy.unlink(missing_ok=True)
    # The backup API, not a file copy: the catalogue's latest writes may be in its WAL file.
    with closing(sqlite3.connect(path)) as original, closing(sqlite3.connect(copy)) as target:
        original.backup(target)
    with transaction(resolve_location(str(copy)), "cannot rebuild the copy") as session:
        search_index.rebuild(session)
    return _entries(copy)


def _database_path(connection: sqlite3.Connection) -> Path:
    return Path(connection.execute("PRAGMA database_list").fetchone()[2])


def _assert_index_matches_tables(connection: sqlite3.Connection, tmp_path: Path) -> None:
    path = _database_path(connection)
    assert _entries(path) == _rebuilt(path, tmp_path)


@pytest.mark.parametrize("indexed", INDEXED_COLUMNS, ids=lambda row: f"{row.table}.{row.column}")
def test_an_indexed_column_written_by_another_client_is_searchable_at_once(
    plain: sqlite3.Connection, tmp_path: Path, indexed: Indexed
) -> None:
    word = _CLASS_WORD if indexed.column == "ingredient_class" else _NEW_WORD
    row_id = _insert(plain, indexed.table)
    _assert_index_matches_tables(plain, tmp_path)
    assert _found(plain, indexed.index, word) == set()

    plain.execute(f"UPDATE {indexed.table} SET {indexed.column} = ? WHERE id = ?", (indexed.value, row_id))
    assert _found(plain, indexed.index, word) != set(), f"{indexed.table}.{indexed.column} left unindexed"
    _assert_index_matches_tables(plain, tmp_path)

    plain.execute(f"DELETE FROM {indexed.table} WHERE id = ?", (row_id,))
    assert _found(plain, indexed.index, word) == set()
    _assert_index_matches_tables(plain, tmp_path)


@pytest.mark.parametrize(("table", "column"), MOVED_COLUMNS, ids=lambda value: str(value))
def test_an_entry_moved_by_another_client_follows_its_row(
    plain: sqlite3.Connection, tmp_path: Path, table: str, column: str
) -> None:
    row_id = _insert(plain, table)
    moved_to = {
        "ingredient_id": plain.execute("SELECT id FROM ingredient WHERE slug = 'agent-b'").fetchone()[0],
        "kind": "safety",
        "formulation_id": plain.execute("SELECT max(id) FROM formulation").fetchone()[0],
    }[column]
    plain.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (moved_to, row_id))
    _assert_index_matches_tables(plain, tmp_path)


def test_a_slug_changed_by_another_client_reorders_every_entry_of_its_ingredient(
    plain: sqlite3.Connection, tmp_path: Path
) -> None:
    """Search orders an ingredient's entries by its slug: its name, description, aliases and
    statements all follow a new one, and no other ingredient's entries move."""
    plain.execute("UPDATE ingredient SET slug = 'agent-z' WHERE slug = 'agent-a'")
    _assert_index_matches_tables(plain, tmp_path)
    moved = plain.execute(
        f"SELECT count(*) FROM {search_index.ORDER_TABLE} WHERE ingredient = 'agent-z'"
    ).fetchone()
    assert moved == (4,)  # name, description, one alias, one statement


def test_every_column_an_index_reads_is_in_the_table_above() -> None:
    """The rows above cover what the program indexes: its description columns among them."""
    described = set(re.findall(r"\{row\}\.(\w+)", search_index.DESCRIPTION_SQL))
    covered = {row.column for row in INDEXED_COLUMNS if row.table == "ingredient"}
    assert described | {"name"} == covered


def test_an_upgraded_old_catalogue_has_every_trigger_a_new_one_has(invoke: Invoke, tmp_path: Path) -> None:
    """A 0.1.0 catalogue, upgraded, is indexed by the very triggers a new catalogue gets."""
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, old)
    assert invoke("--db", str(old), "db", "upgrade").exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert invoke("--db", str(fresh), "db", "status").exit_code == 0

    def triggers(path: Path) -> dict[str, str]:
        with closing(sqlite3.connect(path)) as connection:
            rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            return {name: " ".join(sql.split()) for name, sql in rows}  # as written, up to layout

    assert triggers(old) == triggers(fresh)
    assert "component_reindexed" in triggers(old)
    assert "ingredient_reordered" in triggers(old)


def test_an_upgraded_old_catalogue_orders_its_search_as_a_rebuilt_one(invoke: Invoke, tmp_path: Path) -> None:
    """What migration 0020 stores beside a 0.1.0 catalogue's search index, from the index as
    it stood, is what the program stores when it indexes the same tables afresh."""
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, old)
    assert invoke("--db", str(old), "db", "upgrade").exit_code == 0
    upgraded = _entries(old)[search_index.ORDER_TABLE]
    assert upgraded == _rebuilt(old, tmp_path)[search_index.ORDER_TABLE]
    assert len(upgraded) > 100
