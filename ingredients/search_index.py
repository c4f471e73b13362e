"""The SQLite FTS5 index behind `search`, kept current by triggers (made by the migrations).

Each indexed row's rowid encodes what it indexes (row id * 4 + a field code), so
triggers delete by rowid, which stays cheap however large the catalogue grows.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
_DESCRIPTION = (
    "coalesce({row}.ingredient_class, '') || ' ' || coalesce({row}.class_detail, '') || ' ' || "
    "coalesce({row}.stated_purpose, '') || ' ' || "
    "coalesce({row}.mechanism, '') || ' ' || coalesce({row}.regulatory_status, '')"
)

_FILL_STATEMENTS: list[str] = [
    f"""INSERT INTO search_index(rowid, body, ingredient_id, field)
        SELECT id * 4 + {FIELD_NAME}, name, id, 'name' FROM ingredient WHERE id > :ingredient""",
    f"""INSERT INTO search_index(rowid, body, ingredient_id, field)
        SELECT id * 4 + {FIELD_DESCRIPTION}, {_DESCRIPTION.format(row="ingredient")}, id,
               'description'
        FROM ingredient WHERE id > :ingredient""",
    f"""INSERT INTO search_index(rowid, body, ingredient_id, field)
        SELECT id * 4 + {FIELD_ALIAS}, name, ingredient_id, 'alias' FROM alias WHERE id > :alias""",
    f"""INSERT INTO search_index(rowid, body, ingredient_id, field)
        SELECT id * 4 + {FIELD_STATEMENT}, text, ingredient_id, kind FROM statement
        WHERE id > :statement""",
]


def defer_indexing(session: Session) -> None:
    """Switch off the insert triggers for the rest of this transaction (SQLite only)."""
    from sqlalchemy import text

    if _is_sqlite(session):
        session.exec(text(f"INSERT INTO meta (key, value) VALUES ('{DEFERRED_KEY}', '1')"))  # type: ignore[call-overload]


def index_new_rows(session: Session, last_ids: dict[str, int]) -> None:
    """Index every row added after `last_ids` and switch the insert triggers back on."""
    from sqlalchemy import text

    if not _is_sqlite(session):
        return
    for statement in _FILL_STATEMENTS:
        session.exec(text(statement), params=last_ids)  # type: ignore[call-overload]
    session.exec(text(f"DELETE FROM meta WHERE key = '{DEFERRED_KEY}'"))  # type: ignore[call-overload]


def rebuild(session: Session) -> None:
    """Index everything afresh."""
    from sqlalchemy import text

    if _is_sqlite(session):
        session.exec(text("DELETE FROM search_index"))  # type: ignore[call-overload]
        index_new_rows(session, {"ingredient": 0, "alias": 0, "statement": 0})


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def match_expression(text: str) -> str:
    """Turn free user text into a safe FTS5 query: every word must match, as a prefix.

    Each word is quoted, so operators (AND, OR, NEAR, *, ^, :, parentheses) are
    read as plain words and no user text can make the query invalid.
    """
    # Control characters (NUL above all) cannot appear in an FTS5 string.
    printable = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join('"' + word.replace('"', '""') + '"*' for word in printable.split())
