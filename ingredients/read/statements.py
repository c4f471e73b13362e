"""Statements as every read shows them: in reading order, the level by label, flags as booleans."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ingredients.core.table import Table
from ingredients.core.vocabulary import ROUTES, STATEMENT_KINDS, level_label, unknown_value
from ingredients.store.reader import Reader
from ingredients.store.table_shapes import STATEMENTS

STATEMENT_COLUMNS = STATEMENTS.columns

# Intradermal first: that is the route this catalogue is about. Then the
# strongest evidence first within a route.
# Routes in the vocabulary's order, intradermal first, as an SQL sort key on s.route.
ROUTE_ORDER_SQL = (
    "CASE s.route "
    + " ".join(f"WHEN '{route}' THEN {index}" for index, route in enumerate(ROUTES))
    + " ELSE 99 END"
)
_KIND_ORDER = (
    "CASE s.kind "
    + " ".join(f"WHEN '{kind}' THEN {index}" for index, kind in enumerate(STATEMENT_KINDS))
    + " ELSE 99 END"
)

STATEMENTS_SQL = replace(
    STATEMENTS,
    order_sql=f"i.slug NULLS FIRST, {_KIND_ORDER}, {ROUTE_ORDER_SQL}, s.evidence_level DESC NULLS LAST, s.id",
).export_sql("{condition}")

STATEMENT_FLAGS = STATEMENTS.boolean_columns


def statements_table(statements: list[dict[str, Any]]) -> Table:
    return Table(
        STATEMENT_COLUMNS, ([row[c] for c in STATEMENT_COLUMNS] for row in statements), STATEMENT_FLAGS
    )


_LEVEL_INDEX = STATEMENT_COLUMNS.index("evidence_level")
_BOOLEAN_INDEXES = [STATEMENT_COLUMNS.index(column) for column in sorted(STATEMENTS.boolean_columns)]


def statement_rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Statement rows as files and people read them: the level by label, flags as booleans."""
    for stored in rows:
        row = list(stored)
        row[_LEVEL_INDEX] = level_label(row[_LEVEL_INDEX])
        for index in _BOOLEAN_INDEXES:
            row[index] = bool(row[index])
        yield tuple(row)


def unknown_kinds_and_routes(reader: Reader) -> list[str]:
    """Each statement kind and route stored outside the vocabulary (another client wrote it
    with the schema's checks off), with how many statements hold it: what a reader shows as
    unknown, said once."""
    # Imported here: it reads the models' checks (pydantic), which a plain read never loads.
    from ingredients.store.vocabulary_columns import allowed_sql

    found = []
    for column in ("kind", "route"):
        rows = reader.execute(
            f"SELECT {column}, count(*) FROM statement WHERE NOT ({allowed_sql('statement', column)}) "
            f"GROUP BY {column} ORDER BY {column}"
        ).rows
        found += [f"{unknown_value(column, value)} ({count} statement(s))" for value, count in rows]
    return found
