"""Imports of the tables whose rows are identified by what they hold: strengths and components.

Both go through one loop (`import_by_content`), declared by a `ContentTable`: a
row hangs on a parent (an ingredient, a formulation), and a row identical to one
stored or already imported is left alone, so an export imported back changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ingredients.exchange.import_files import Row
from ingredients.exchange.importer import Importer, record_fields
from ingredients.store import models
from ingredients.store.table_shapes import FIELD_OF_FILE_COLUMN, TABLE_SHAPES

# The references of a row after its checks, or None when the row is left out.
References = dict[str, Any] | None


@dataclass(frozen=True)
class ContentTable:
    table: str
    model: Any
    stored_model: Any
    # Columns naming other rows; the first is the parent the row hangs on.
    references: tuple[str, ...]
    # What the batch's checks need from the catalogue, read once per batch.
    read: Callable[[Importer, list[tuple[Row, dict[str, Any], Any]]], dict[str, Any]]
    # One row's checks: its references as stored, or None (a problem may be recorded).
    checked: Callable[[Importer, dict[str, Any], Row, dict[str, Any], Any], References]
    # Ids for the references of the rows to add, in place.
    resolve: Callable[[Importer, list[dict[str, Any]]], None]
    # Why a new row may not be added (checked after identical rows are left alone), or None.
    refused: Callable[[dict[str, Any], dict[str, Any]], str | None] = lambda known, references: None

    @property
    def parent(self) -> str:
        return self.references[0]


def _stored_identities(importer: Importer, unit: ContentTable, parents: set[str]) -> set[tuple[Any, ...]]:
    """The rows the table holds under these parents, as file values without origin."""
    if not parents or importer.origin == "seed":
        # The seed's own rows were cleared before a refresh.
        return set()
    shape = TABLE_SHAPES[unit.table]
    sql = shape.export_sql(f"{shape.references[unit.parent]} IN :slugs")
    return {tuple(row.values())[:-1] for row in importer.query(sql, slugs=list(parents))}


def _identity(unit: ContentTable, references: dict[str, Any], record: Any) -> tuple[Any, ...]:
    values = {**references, **record_fields(record)}
    return tuple(
        values[FIELD_OF_FILE_COLUMN.get(column, column)] for column in TABLE_SHAPES[unit.table].columns[:-1]
    )


def import_by_content(importer: Importer, unit: ContentTable, batch: list[Row]) -> None:
    parsed = importer.parse(batch, unit.table, unit.model, references=unit.references)
    known = unit.read(importer, parsed)
    stored = _stored_identities(importer, unit, known["parents"])
    added = []
    counts = importer.report.counts[unit.table]
    for row, referred, record in parsed:
        references = unit.checked(importer, known, row, referred, record)
        if references is None:
            continue
        identity = _identity(unit, references, record)
        if identity in stored or identity in importer.imported_rows:
            counts.unchanged += 1
            continue
        problem = unit.refused(known, references)
        if problem is not None:
            importer.problem(row.where, problem)
            continue
        importer.imported_rows.add(identity)
        added.append({**record_fields(record), **references, "origin": importer.origin})
        counts.added += 1
    if importer.writing and added:
        unit.resolve(importer, added)
        importer.write(unit.stored_model, added, [])


# --- strengths: a concentration or dose, per ingredient and route -----------------


def _read_strengths(importer: Importer, parsed: list[tuple[Row, dict[str, Any], Any]]) -> dict[str, Any]:
    named = (referred["ingredient"] for _, referred, _ in parsed if referred["ingredient"])
    slugs = importer.known_slugs(named)
    return {"parents": slugs, "sources": importer.known_sources(record.source for _, _, record in parsed)}


def _checked_strength(
    importer: Importer, known: dict[str, Any], row: Row, referred: dict[str, Any], strength: Any
) -> References:
    slug = referred["ingredient"]
    if slug in importer.shadowed_slugs:
        return None
    if not slug or slug not in known["parents"]:
        importer.unknown_reference(row.where, "ingredient", "ingredient", slug)
        return None
    if strength.source not in known["sources"]:
        importer.unknown_reference(row.where, "source", "source", strength.source)
        return None
    return {"ingredient": slug}


def _resolve_strengths(importer: Importer, added: list[dict[str, Any]]) -> None:
    ingredient_ids = importer.ids("ingredient", "slug", (v["ingredient"] for v in added))
    source_ids = importer.source_ids(v["source"] for v in added)
    for values in added:
        values["ingredient_id"] = ingredient_ids[values.pop("ingredient")]
        values["source_id"] = source_ids[values.pop("source")]


STRENGTHS = ContentTable(
    table="strengths",
    model=models.StrengthCreate,
    stored_model=models.Strength,
    references=("ingredient",),
    read=_read_strengths,
    checked=_checked_strength,
    resolve=_resolve_strengths,
)


# --- components: a formulation's parts, in declared order ---------------------------


def _read_components(importer: Importer, parsed: list[tuple[Row, dict[str, Any], Any]]) -> dict[str, Any]:
    formulations = importer.known_formulations(
        referred["formulation"] for _, referred, _ in parsed if referred["formulation"]
    )
    seed_formulations = (
        {
            row["slug"]
            for row in importer.query(
                "SELECT slug FROM formulation WHERE origin = 'seed' AND slug IN :slugs",
                slugs=list(formulations),
            )
        }
        if formulations and importer.origin == "user"
        else set()
    )
    return {
        "parents": formulations,
        "seed_formulations": seed_formulations,
        "slugs": importer.known_slugs(
            referred["ingredient"] for _, referred, _ in parsed if referred["ingredient"]
        ),
    }


def _refused_component(known: dict[str, Any], references: dict[str, Any]) -> str | None:
    # A seed refresh rewrites a seed formulation whole, so it takes no user rows.
    formulation = references["formulation"]
    if formulation in known["seed_formulations"]:
        return f"formulation: {formulation!r} is a seed formulation and cannot be changed"
    return None


def _checked_component(
    importer: Importer, known: dict[str, Any], row: Row, referred: dict[str, Any], component: Any
) -> References:
    formulation, slug = referred["formulation"], referred["ingredient"]
    if formulation in importer.shadowed_formulations:
        return None
    if not formulation or formulation not in known["parents"]:
        importer.unknown_reference(row.where, "formulation", "formulation", formulation)
        return None
    if slug is not None and slug not in known["slugs"] and slug not in importer.shadowed_slugs:
        importer.unknown_reference(row.where, "ingredient", "ingredient", slug)
        return None
    # A component naming a seed ingredient the user's own entry shadows keeps its name only.
    return {"formulation": formulation, "ingredient": None if slug in importer.shadowed_slugs else slug}


def _resolve_components(importer: Importer, added: list[dict[str, Any]]) -> None:
    formulation_ids = importer.ids("formulation", "slug", (v["formulation"] for v in added))
    ingredient_ids = importer.ids("ingredient", "slug", (v["ingredient"] for v in added if v["ingredient"]))
    for values in added:
        values["formulation_id"] = formulation_ids[values.pop("formulation")]
        slug = values.pop("ingredient")
        values["ingredient_id"] = ingredient_ids[slug] if slug else None


COMPONENTS = ContentTable(
    table="components",
    model=models.ComponentCreate,
    stored_model=models.Component,
    references=("formulation", "ingredient"),
    read=_read_components,
    checked=_checked_component,
    resolve=_resolve_components,
    refused=_refused_component,
)


def import_strengths(importer: Importer, batch: list[Row]) -> None:
    import_by_content(importer, STRENGTHS, batch)


def import_components(importer: Importer, batch: list[Row]) -> None:
    import_by_content(importer, COMPONENTS, batch)
