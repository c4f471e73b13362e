"""The sources every statement cites: listed, one in full, the statements citing one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ingredients.core.errors import IngredientsError, NotFoundError, UsageError
from ingredients.core.identifiers import source_key_fold
from ingredients.core.table import Layout, Table, as_dicts
from ingredients.core.vocabulary import SOURCE_KINDS
from ingredients.read.statements import STATEMENT_COLUMNS, STATEMENTS_SQL, statement_rows
from ingredients.read.suggestions import suggestions
from ingredients.store.dialects import Dialect, escape_like
from ingredients.store.reader import Reader
from ingredients.store.table_shapes import SOURCES

SOURCE_COLUMNS = SOURCES.columns

SOURCE_COLUMNS_SQL = ", ".join(f"src.{column}" for column in SOURCE_COLUMNS)


SOURCES_LIST_COLUMNS = [*SOURCE_COLUMNS, "statements", "identifies"]
SOURCES_LIST_LAYOUT = Layout(
    ("key", "kind", "title", "year", "statements"), keys=("key", "title"), prose=frozenset({"title", "note"})
)

# The ingredients each source identifies, found in one pass over the ingredients (a
# subquery per source scanned them all once for each source: minutes at 50,000).
_SOURCES_SQL = f"""
SELECT {SOURCE_COLUMNS_SQL},
       (SELECT count(*) FROM statement s WHERE s.source_id = src.id) AS statements,
       identified.slugs AS identifies
FROM source src
LEFT JOIN (
    SELECT source_id, {{identifies}} AS slugs FROM (
        SELECT i.identifiers_source_id AS source_id, i.slug FROM ingredient i
        WHERE i.identifiers_source_id IS NOT NULL
        UNION
        SELECT i.unii_source_id, i.slug FROM ingredient i WHERE i.unii_source_id IS NOT NULL
        ORDER BY 1, 2
    ) AS identifying
    GROUP BY source_id
) AS identified ON identified.source_id = src.id
WHERE {{condition}}
ORDER BY src.kind, src.key
"""


def _sources_sql(dialect: Dialect, condition: str) -> str:
    return _SOURCES_SQL.format(condition=condition, identifies=dialect.joined("slug", "', '"))


def list_sources(reader: Reader, kind: str | None = None) -> Table:
    if kind is not None and kind not in SOURCE_KINDS:
        raise UsageError(f"unknown source kind {kind!r}; choose from: {', '.join(SOURCE_KINDS)}")
    result = reader.execute(_sources_sql(reader.dialect, ":kind IS NULL OR src.kind = :kind"), {"kind": kind})
    return Table(SOURCES_LIST_COLUMNS, result.rows, layout=SOURCES_LIST_LAYOUT)


def source_entry(reader: Reader, key: str) -> dict[str, Any]:
    key = key.strip()
    if not key:
        raise IngredientsError("the source key is empty")
    # Matched without case (identifiers.source_key_fold), as the schema's unique index holds keys.
    folded = {"key": source_key_fold(key)}
    result = reader.execute(_sources_sql(reader.dialect, "lower(src.key) = :key"), folded)
    found = as_dicts(SOURCES_LIST_COLUMNS, result.rows)
    if not found:
        keys = [row[0] for row in reader.execute("SELECT key FROM source").rows]
        raise NotFoundError(f"no source with key {key!r}.", suggestions(key, keys))
    entry = found[0]
    statements = reader.execute(STATEMENTS_SQL.format(condition="lower(src.key) = :key"), folded)
    entry["cited_by"] = as_dicts(STATEMENT_COLUMNS, statement_rows(statements.rows))
    return entry


def citing_statements(reader: Reader, key: str) -> Iterator[dict[str, Any]]:
    """The statements citing one source, streamed: a source may be cited by thousands."""
    rows = reader.execute(
        STATEMENTS_SQL.format(condition="lower(src.key) = :key"), {"key": source_key_fold(key)}
    ).rows
    return (dict(zip(STATEMENT_COLUMNS, row, strict=True)) for row in statement_rows(rows))


def names_starting(reader: Reader, table: str, column: str, prefix: str, limit: int = 200) -> list[str]:
    """The values of a naming column (a key, a slug) that start with ``prefix``, for completion."""
    rows = reader.execute(
        f"SELECT {column} FROM {table} WHERE {column} LIKE :pattern ESCAPE '\\' "
        f"ORDER BY {column} LIMIT :limit",
        {"pattern": escape_like(prefix.lower()) + "%", "limit": limit},
    ).rows
    return [row[0] for row in rows]


def complete_source_keys(reader: Reader, prefix: str, limit: int = 200) -> list[str]:
    return names_starting(reader, "source", "key", prefix, limit)
