"""Reads of stored formulations: the list, one with its components, and those holding an ingredient.

Plain SQL through a Reader, like every other read; nothing here loads SQLAlchemy.
"""

from __future__ import annotations

from typing import Any

from ingredients.core.errors import NotFoundError
from ingredients.core.identifiers import checked_name, lookup_key
from ingredients.core.table import Layout, Table, as_dicts
from ingredients.read.name_matching import NameMatcher
from ingredients.read.sources import names_starting
from ingredients.read.suggestions import suggestions
from ingredients.store.reader import Reader
from ingredients.store.table_shapes import FORMULATIONS, SOURCES

FORMULATION_COLUMNS = [*FORMULATIONS.columns, "components"]
LIST_LAYOUT = Layout(
    ("slug", "kind", "route", "components", "declared_by", "name"),
    keys=("slug", "route"),
    prose=frozenset({"name"}),
)
LIST_DEFAULT_COLUMNS = list(LIST_LAYOUT.shown)

_LIST_SQL = FORMULATIONS.export_sql("{condition}").replace(
    " FROM ", ", (SELECT count(*) FROM component c WHERE c.formulation_id = f.id) AS components FROM ", 1
)

COMPONENT_COLUMNS = ["position", "name", "ingredient", "ingredient_name", "value", "unit", "declared", "note"]

_COMPONENTS_SQL = """
SELECT c.position, c.name, i.slug, i.name, c.value, c.unit, c.note
FROM component c JOIN formulation f ON f.id = c.formulation_id
LEFT JOIN ingredient i ON i.id = c.ingredient_id
WHERE f.slug = :slug
ORDER BY c.position, c.id
"""

_SOURCE_SQL = (
    "SELECT "
    + ", ".join(f"src.{column}" for column in SOURCES.columns)
    + " FROM source src WHERE src.key = :key"
)

CONTAINING_COLUMNS = [
    "slug",
    "name",
    "kind",
    "route",
    "declared_by",
    "position",
    "name_as_written",
    "value",
    "unit",
    "declared",
]

_CONTAINING_SQL = """
SELECT f.slug, f.name, f.kind, f.route, f.declared_by, c.position, c.name, c.value, c.unit
FROM component c JOIN formulation f ON f.id = c.formulation_id
WHERE c.ingredient_id = :id
ORDER BY f.slug, c.position
"""


def declared(value: float | None, unit: str | None) -> str | None:
    """'0.05 %', '2.275 mg/ml': a stored concentration as it reads, without float noise."""
    if value is None:
        return None
    number = f"{value:.6g}" if value != int(value) else str(int(value))
    return f"{number} {unit}" if unit else number


def list_formulations(reader: Reader) -> Table:
    """Every stored formulation with how many components it declares."""
    return Table(
        FORMULATION_COLUMNS, reader.execute(_LIST_SQL.format(condition="1 = 1")).rows, layout=LIST_LAYOUT
    )


def complete_formulation_slugs(reader: Reader, prefix: str, limit: int = 200) -> list[str]:
    """The formulations' slugs that start with ``prefix``, for completion."""
    return names_starting(reader, "formulation", "slug", prefix, limit)


def resolve_formulation(reader: Reader, name: str) -> str:
    """The slug of the formulation a slug or full name refers to (case, spaces and hyphens ignored)."""
    name = checked_name(name, "formulation")
    names = {row[0]: row[1] for row in reader.execute("SELECT slug, name FROM formulation").rows}
    key = lookup_key(name)
    for slug, full_name in names.items():
        if slug == name or lookup_key(slug) == key or lookup_key(full_name) == key:
            return slug
    # A unique beginning of a slug is enough: slugs are long.
    starting = [slug for slug in names if slug.startswith(name.lower())]
    if len(starting) == 1:
        return starting[0]
    # Slugs are long and begin with what tells them apart: compare with their beginnings too.
    close = suggestions(name.lower(), names, by_beginning=True)
    raise NotFoundError(f"no formulation named {name!r}.", close)


def components(reader: Reader, slug: str) -> list[dict[str, Any]]:
    rows = reader.execute(_COMPONENTS_SQL, {"slug": slug}).rows
    found = []
    for position, name, ingredient, ingredient_name, value, unit, note in rows:
        found.append(
            {
                "position": position,
                "name": name,
                "ingredient": ingredient,
                "ingredient_name": ingredient_name,
                "value": value,
                "unit": unit,
                "declared": declared(value, unit),
                "note": note,
            }
        )
    return found


def formulation_entry(reader: Reader, slug: str) -> dict[str, Any]:
    """One formulation with its components in declared order and the source that declares them."""
    result = reader.execute(_LIST_SQL.format(condition="f.slug = :slug"), {"slug": slug})
    found = as_dicts(FORMULATION_COLUMNS, result.rows)
    if not found:
        raise NotFoundError(f"no formulation named {slug!r}.")
    entry = found[0]
    entry["components"] = components(reader, slug)
    # A component with no stored link is read as `check --formulation` reads it, so every view agrees.
    matcher = NameMatcher(reader)
    for component in entry["components"]:
        component["read_as"] = None if component["ingredient"] else matcher.match(component["name"]).described
    entry["sources"] = as_dicts(SOURCES.columns, reader.execute(_SOURCE_SQL, {"key": entry["source"]}).rows)
    return entry


def components_table(entry: dict[str, Any]) -> Table:
    rows = ([component[column] for column in COMPONENT_COLUMNS] for component in entry["components"])
    return Table(COMPONENT_COLUMNS, rows)


def formulations_containing(reader: Reader, ingredient_id: int) -> list[dict[str, Any]]:
    """The stored formulations that declare this ingredient, with what each declares of it."""
    found = []
    for row in reader.execute(_CONTAINING_SQL, {"id": ingredient_id}).rows:
        record = dict(zip(CONTAINING_COLUMNS, row, strict=False))
        record["declared"] = declared(record["value"], record["unit"])
        found.append(record)
    return found
