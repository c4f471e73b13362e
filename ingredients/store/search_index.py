"""The SQLite FTS5 index behind `search`, kept current by triggers (made by the migrations).

Each indexed row's rowid encodes what it indexes (row id * 4 + a field code), so
triggers delete by rowid, which stays cheap however large the catalogue grows.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ingredients.core.text_normalise import search_words
from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.core.word_forms import word_stem

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlmodel import Session

FIELD_NAME = 0
FIELD_ALIAS = 1
FIELD_STATEMENT = 2
FIELD_DESCRIPTION = 3

# While this key is in the meta table, insert triggers leave indexing to the
# writer, which indexes its new rows in one statement per table: for a bulk
# import that is three to four times faster than a trigger per row. The key is
# only ever set inside the writer's own transaction, so no other connection
# sees it.
DEFERRED_KEY = "search_index_deferred"

# What a reader searches in an ingredient besides its names and statements.
# The same expression as the triggers' of the newest migration.
DESCRIPTION_SQL = (
    "coalesce({row}.ingredient_class, '') || ' ' || coalesce({row}.class_detail, '') || ' ' || "
    "coalesce({row}.stated_purpose, '') || ' ' || "
    "coalesce({row}.mechanism, '') || ' ' || coalesce({row}.regulatory_status, '')"
)

# The SQL function giving text_normalise.normalise: registered on every SQLite
# connection the program writes through (database.py), defined in SQL on PostgreSQL.
SEARCH_TEXT = "ingredients_search_text"

# Beside the index, for each of its entries (by rowid), what search orders by: the length of
# its text and its ingredient's slug (migration 0020), so that a search takes each field's
# best rows without reading every match's text (see dialects). The migration's triggers
# keep it current as the index's keep the index; here it is filled as the index is.
ORDER_TABLE = "search_order"


class _Entries(NamedTuple):
    """One kind of entry of the index: the rows of `table` that `where` picks, each giving
    its rowid's field code, the text indexed, the ingredient it belongs to and its field."""

    table: str
    code: int
    body: str
    ingredient_id: str
    field: str
    where: str


_ENTRIES = [
    _Entries("ingredient", FIELD_NAME, "name", "id", "'name'", "id > :ingredient"),
    _Entries(
        "ingredient",
        FIELD_DESCRIPTION,
        DESCRIPTION_SQL.format(row="ingredient"),
        "id",
        "'description'",
        "id > :ingredient",
    ),
    _Entries(
        "alias",
        FIELD_ALIAS,
        "name",
        "ingredient_id",
        "'alias'",
        "id > :alias OR id IN (SELECT value FROM json_each(:alias_kept))",
    ),
    _Entries(
        "statement",
        FIELD_STATEMENT,
        "text",
        "ingredient_id",
        "kind",
        "id > :statement OR id IN (SELECT value FROM json_each(:statement_kept))",
    ),
]


def _fill_index(entries: _Entries) -> str:
    return f"""INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        SELECT id * 4 + {entries.code}, {SEARCH_TEXT}({entries.body}), {entries.body},
               {entries.ingredient_id}, {entries.field}
        FROM {entries.table} WHERE {entries.where}"""


def _fill_order(entries: _Entries) -> str:
    # The ingredient's slug as a search reads it: the procedure's own for a row of none.
    slug = f"(SELECT i.slug FROM ingredient i WHERE i.id = {entries.table}.{entries.ingredient_id})"
    return f"""INSERT OR REPLACE INTO {ORDER_TABLE}(entry, length, ingredient)
        SELECT id * 4 + {entries.code}, length({entries.body}), coalesce({slug}, '{PROCEDURE_SLUG}')
        FROM {entries.table} WHERE {entries.where}"""


_FILL_STATEMENTS = [fill(entries) for entries in _ENTRIES for fill in (_fill_index, _fill_order)]


# Formulations are few and are indexed by their triggers; this refills them on a rebuild.
_FILL_FORMULATIONS = f"""
INSERT INTO formulation_search(rowid, terms, body, formulation_id, field)
SELECT id * 2, {SEARCH_TEXT}(name || ' ' || coalesce(maker, '')), name, id, 'formulation' FROM formulation
UNION ALL
SELECT id * 2 + 1, {SEARCH_TEXT}(name), name, formulation_id, 'component' FROM component
"""


def defer_indexing(session: Session) -> None:
    """Switch off the insert triggers for the rest of this transaction (SQLite only)."""
    from sqlalchemy import text

    if _is_sqlite(session):
        session.exec(text(f"INSERT INTO meta (key, value) VALUES ('{DEFERRED_KEY}', '1')"))  # type: ignore[call-overload]


def index_new_rows(
    session: Session, last_ids: dict[str, int], kept_ids: dict[str, set[int]] | None = None
) -> None:
    """Index every row added after `last_ids`, and the rows added with ids they kept from
    their file (which may lie below), then switch the insert triggers back on."""
    import json

    from sqlalchemy import text

    if not _is_sqlite(session):
        return
    kept = {
        f"{table}_kept": json.dumps(sorted((kept_ids or {}).get(table, ())))
        for table in ("alias", "statement")
    }
    for statement in _FILL_STATEMENTS:
        session.exec(text(statement), params={**last_ids, **kept})  # type: ignore[call-overload]
    session.exec(text(f"DELETE FROM meta WHERE key = '{DEFERRED_KEY}'"))  # type: ignore[call-overload]


# The SQLite full-text tables, and the shadow tables FTS5 keeps each one's data in.
SQLITE_INDEXES = ("search_index", "formulation_search")
_SHADOWS = ("data", "idx", "content", "docsize", "config")


def damaged_indexes(path: Path) -> dict[str, str]:
    """Each search index whose structure FTS5's own check finds damaged, with what it says.
    The check is a command written as an INSERT, so it needs a writable connection; its
    transaction is rolled back, and nothing is written."""
    damaged = {}
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA busy_timeout = 10000")
        present = {
            row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        for index in (index for index in SQLITE_INDEXES if index in present):  # an old schema lacks one
            connection.execute("BEGIN")
            try:
                connection.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
            except sqlite3.Error as exc:
                # SQLite's own advice names FTS5's command; `db rebuild` is ours.
                damaged[index] = re.sub(r" - run 'rebuild'$", "", str(exc))
            finally:
                connection.execute("ROLLBACK")
    return damaged


def recreate(session: Session, index: str) -> None:
    """Make a damaged search index again, empty, as it was defined. A damaged FTS5 table
    cannot even be dropped (its constructor fails), so its entry in the schema is removed
    by hand (the documented writable_schema procedure) and its shadow tables dropped."""
    connection = session.connection()
    definition = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (index,)
    ).scalar_one()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    connection.exec_driver_sql("DELETE FROM sqlite_master WHERE type = 'table' AND name = ?", (index,))
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar_one()
    connection.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    connection.exec_driver_sql("PRAGMA writable_schema = OFF")
    for shadow in _SHADOWS:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {index}_{shadow}")
    connection.exec_driver_sql(definition)


def rebuild(session: Session, damaged: Iterable[str] = ()) -> None:
    """Index everything afresh; a damaged index (see damaged_indexes) is made again first."""
    from sqlalchemy import text

    if _is_sqlite(session):
        for index in damaged:
            recreate(session, index)
        session.exec(text("DELETE FROM search_index"))  # type: ignore[call-overload]
        session.exec(text(f"DELETE FROM {ORDER_TABLE}"))  # type: ignore[call-overload]
        index_new_rows(session, {"ingredient": 0, "alias": 0, "statement": 0})
        session.exec(text("DELETE FROM formulation_search"))  # type: ignore[call-overload]
        session.exec(text(_FILL_FORMULATIONS))  # type: ignore[call-overload]


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def query_words(text: str) -> list[str]:
    """The prefixes a search looks for: text_normalise's words, each cut back to the part its
    forms share (word_forms), the same for both databases."""
    return [word_stem(word) for word in search_words(text)]


def match_expression(text: str, any_word: bool = False) -> str:
    """Turn free user text into a safe FTS5 query: every word must match (with ``any_word``,
    at least one), as a prefix.

    The words are query_words (so both databases read a search alike); each is quoted
    besides, so no operator (AND, OR, NEAR, *, ^, :, parentheses) is ever read as one and no
    user text can make the query invalid.
    """
    return (" OR " if any_word else " ").join(f'"{word}"*' for word in query_words(text))
