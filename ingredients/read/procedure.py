"""The procedure itself: the statements about mesotherapy that name no ingredient."""

from __future__ import annotations

from typing import Any

from ingredients.core.identifiers import lookup_key
from ingredients.core.table import Layout, Table, as_dicts
from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.read.queries import resolve, slug_of
from ingredients.read.sources import SOURCE_COLUMNS, SOURCE_COLUMNS_SQL
from ingredients.read.statements import STATEMENT_COLUMNS, STATEMENTS_SQL, statement_rows
from ingredients.store.reader import Reader

PROCEDURE_NAME = "Mesotherapy (the procedure)"

_SOURCES_FOR_PROCEDURE_SQL = f"""
SELECT {SOURCE_COLUMNS_SQL}
FROM source src
WHERE src.id IN (SELECT s.source_id FROM statement s WHERE s.ingredient_id IS NULL)
ORDER BY src.key
"""


def names_the_procedure(name: str) -> bool:
    """Whether a name means the procedure: 'mesotherapy' in any case, spacing or hyphenation."""
    return lookup_key(name) == lookup_key(PROCEDURE_SLUG)


def subject_slug(reader: Reader, name: str) -> str:
    """The slug of what a name refers to: the procedure, else an ingredient by any of its names."""
    if names_the_procedure(name):
        return PROCEDURE_SLUG
    return slug_of(reader, resolve(reader, name))


def procedure_entry(reader: Reader, exclude_sponsored: bool = False) -> dict[str, Any]:
    """The statements about mesotherapy itself (they name no ingredient), with their sources."""
    condition = "s.ingredient_id IS NULL"
    if exclude_sponsored:
        condition += " AND NOT (s.kind = 'evidence' AND s.manufacturer_sponsored)"
    statements = reader.execute(STATEMENTS_SQL.format(condition=condition), {})
    sources = reader.execute(_SOURCES_FOR_PROCEDURE_SQL, {})
    return {
        "slug": PROCEDURE_SLUG,
        "name": PROCEDURE_NAME,
        "kind": "procedure",
        "statements": as_dicts(STATEMENT_COLUMNS, statement_rows(statements.rows)),
        "sources": as_dicts(SOURCE_COLUMNS, sources.rows),
    }


PROCEDURE_LIST_COLUMNS = ["slug", "name", "statements", "sources"]
PROCEDURE_LIST_LAYOUT = Layout(tuple(PROCEDURE_LIST_COLUMNS), keys=("slug",))


def list_procedures(reader: Reader) -> Table:
    """The procedures the catalogue holds statements about (today only mesotherapy)."""
    entry = procedure_entry(reader)
    return Table(
        PROCEDURE_LIST_COLUMNS,
        [[PROCEDURE_SLUG, PROCEDURE_NAME, len(entry["statements"]), len(entry["sources"])]],
        layout=PROCEDURE_LIST_LAYOUT,
    )


def procedure_statements(reader: Reader) -> list[dict[str, Any]]:
    """The statements about mesotherapy itself (those with no ingredient)."""
    rows = reader.execute(STATEMENTS_SQL.format(condition="s.ingredient_id IS NULL")).rows
    return as_dicts(STATEMENT_COLUMNS, statement_rows(rows))
