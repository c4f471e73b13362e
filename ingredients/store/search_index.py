"""The SQLite FTS5 index behind `search`, kept current by triggers (made by the migrations).

Each indexed row's rowid encodes what it indexes (row id * 4 + a field code), so
triggers delete by rowid, which stays cheap however large the catalogue grows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingredients.core.text_normalise import search_words
from ingredients.core.word_forms import word_stem

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
DESCRIPTION_SQL = (
    "coalesce({row}.ingredient_class, '') || ' ' || coalesce({row}.class_detail, '') || ' ' || "
    "coalesce({row}.stated_purpose, '') || ' ' || "
    "coalesce({row}.mechanism, '') || ' ' || coalesce({row}.regulatory_status, '')"
)

# The SQL function giving text_normalise.normalise: registered on every SQLite
# connection the program writes through (database.py), defined in SQL on PostgreSQL.
SEARCH_TEXT = "ingredients_search_text"

_FILL_STATEMENTS: list[str] = [
    f"""INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        SELECT id * 4 + {FIELD_NAME}, {SEARCH_TEXT}(name), name, id, 'name' FROM ingredient
        WHERE id > :ingredient""",
    f"""INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        SELECT id * 4 + {FIELD_DESCRIPTION}, {SEARCH_TEXT}({DESCRIPTION_SQL.format(row="ingredient")}),
               {DESCRIPTION_SQL.format(row="ingredient")}, id, 'description'
        FROM ingredient WHERE id > :ingredient""",
    f"""INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        SELECT id * 4 + {FIELD_ALIAS}, {SEARCH_TEXT}(name), name, ingredient_id, 'alias' FROM alias
        WHERE id > :alias""",
    f"""INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        SELECT id * 4 + {FIELD_STATEMENT}, {SEARCH_TEXT}(text), text, ingredient_id, kind FROM statement
        WHERE id > :statement""",
]


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
