"""Imports of the tables whose rows are named by a key: sources, formulations, ingredients.

Sources and formulations go through one loop (`import_keyed`), declared by a
`KeyedTable`; ingredients add the rules on names and CAS numbers that no other
table has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ingredients.core.identifiers import lookup_key, source_key_fold
from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.exchange.import_files import Row
from ingredients.exchange.importer import Importer, TableCounts, stored_value
from ingredients.store import models


@dataclass(frozen=True)
class KeyedTable:
    """A table whose rows a key names: what identifies a row and what a row may change."""

    table: str
    noun: str
    # The model a file row validates as, and the table model it is written to.
    model: Any
    stored_model: Any
    # The field that names a row, unique in the catalogue and within one import.
    key: str
    # The file's fields, compared with the stored row to tell added, updated and unchanged.
    fields: tuple[str, ...]
    # Reads the stored rows of the batch's keys (:keys) with id, the fields and origin.
    stored_sql: str
    # The Importer's set of keys this import has named.
    imported: str
    # Fields naming a source that must exist (each written as <field>_id).
    source_fields: tuple[str, ...]
    # What a seed refresh does with a row a user's row holds under the same key.
    seed_meets_user: Callable[[Importer, str, TableCounts], None]
    # Anything to note about a record once it is accepted.
    noted: Callable[[Importer, Any], None] = lambda importer, record: None
    # The form keys are compared in: a source key is matched without case.
    fold: Callable[[str], str] = lambda key: key
    # Stored columns computed from the record (a name's key), written with its fields.
    derived: Callable[[Any], dict[str, Any]] = lambda record: {}


def _user_source_stays(importer: Importer, key: str, counts: TableCounts) -> None:
    # The user's source (or excipient) under this key stays as they wrote it.
    counts.unchanged += 1


def _user_formulation_shadows(importer: Importer, key: str, counts: TableCounts) -> None:
    # The user's formulation stays, and the seed's components for it are left out.
    importer.shadowed_formulations.add(key)


def _source_kind_noted(importer: Importer, source: Any) -> None:
    importer.imported_source_kinds[source_key_fold(source.key)] = source.kind


def _file_fields(model: Any, *left_out: str) -> tuple[str, ...]:
    return tuple(f for f in model.model_fields if f not in ("origin", *left_out))


_FORMULATION_FIELDS = _file_fields(models.FormulationCreate, "source")

SOURCES = KeyedTable(
    table="sources",
    noun="source",
    model=models.SourceCreate,
    stored_model=models.Source,
    key="key",
    fields=_file_fields(models.SourceCreate),
    stored_sql=f"SELECT id, {', '.join(_file_fields(models.SourceCreate))}, origin FROM source "
    "WHERE lower(key) IN :keys",
    imported="imported_sources",
    source_fields=(),
    seed_meets_user=_user_source_stays,
    noted=_source_kind_noted,
    fold=source_key_fold,
)

FORMULATIONS = KeyedTable(
    table="formulations",
    noun="formulation",
    model=models.FormulationCreate,
    stored_model=models.Formulation,
    key="slug",
    fields=(*_FORMULATION_FIELDS, "source"),
    stored_sql=f"SELECT f.id, {', '.join(f'f.{f}' for f in _FORMULATION_FIELDS)}, src.key AS source, "
    "f.origin FROM formulation f JOIN source src ON src.id = f.source_id WHERE f.slug IN :keys",
    imported="imported_formulations",
    source_fields=("source",),
    seed_meets_user=_user_formulation_shadows,
)

_EXCIPIENT_FIELDS = _file_fields(models.ExcipientCreate, "source", "injectable_source")

EXCIPIENTS = KeyedTable(
    table="excipients",
    noun="excipient",
    model=models.ExcipientCreate,
    stored_model=models.Excipient,
    key="slug",
    fields=(*_EXCIPIENT_FIELDS, "source", "injectable_source"),
    stored_sql=f"SELECT e.id, {', '.join(f'e.{f}' for f in _EXCIPIENT_FIELDS)}, src.key AS source, "
    "inj.key AS injectable_source, e.origin FROM excipient e "
    "JOIN source src ON src.id = e.source_id "
    "LEFT JOIN source inj ON inj.id = e.injectable_source_id WHERE e.slug IN :keys",
    imported="imported_excipients",
    source_fields=("source", "injectable_source"),
    seed_meets_user=_user_source_stays,
)

_COSING_FIELDS = _file_fields(models.CosingIngredientCreate, "source")

COSING_INGREDIENTS = KeyedTable(
    table="cosing_ingredients",
    noun="CosIng entry",
    model=models.CosingIngredientCreate,
    stored_model=models.CosingIngredient,
    key="cosing_ref",
    fields=(*_COSING_FIELDS, "source"),
    stored_sql=f"SELECT ci.id, {', '.join(f'ci.{f}' for f in _COSING_FIELDS)}, src.key AS source, "
    "ci.origin FROM cosing_ingredient ci JOIN source src ON src.id = ci.source_id "
    "WHERE ci.cosing_ref IN :keys",
    imported="imported_cosing_refs",
    source_fields=("source",),
    seed_meets_user=_user_source_stays,
    derived=lambda record: {"name_key": lookup_key(record.inci_name)},
)


def _first_of_each_key(importer: Importer, unit: KeyedTable, batch: list[Row]) -> list[tuple[Row, Any]]:
    """The batch's valid records, each key once in the whole import."""
    seen: set[str] = getattr(importer, unit.imported)
    parsed = []
    for row, _, record in importer.parse(batch, unit.table, unit.model):
        key = unit.fold(getattr(record, unit.key))
        if key in seen:
            importer.problem(
                row.where,
                f"{unit.key}: {unit.noun} {getattr(record, unit.key)!r} appears twice in the import",
            )
            continue
        seen.add(key)
        unit.noted(importer, record)
        parsed.append((row, record))
    return parsed


def _same_row(unit: KeyedTable, stored: dict[str, Any], values: dict[str, Any]) -> bool:
    """Whether a row says what the stored row does: its key compared as keys are (a source
    key without case, kept as first written); dates as text, since they come back from
    SQLite as text and from PostgreSQL as dates."""
    if unit.fold(stored[unit.key]) != unit.fold(values[unit.key]):
        return False
    return all(stored_value(stored[f]) == stored_value(values[f]) for f in unit.fields if f != unit.key)


def import_keyed(importer: Importer, unit: KeyedTable, batch: list[Row]) -> None:
    """Add new keys, update the importer's own rows, leave identical rows alone."""
    parsed = _first_of_each_key(importer, unit, batch)
    if not parsed:
        return
    keys = [unit.fold(getattr(record, unit.key)) for _, record in parsed]
    stored_rows = {unit.fold(row[unit.key]): row for row in importer.query(unit.stored_sql, keys=keys)}
    sources = importer.known_sources(
        getattr(record, field)
        for _, record in parsed
        for field in unit.source_fields
        if getattr(record, field) is not None
    )
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    counts = importer.report.counts[unit.table]
    for row, record in parsed:
        unknown = [
            field
            for field in unit.source_fields
            if getattr(record, field) is not None and getattr(record, field) not in sources
        ]
        if unknown:
            importer.unknown_reference(row.where, unknown[0], "source", getattr(record, unknown[0]))
            continue
        values = {name: getattr(record, name) for name in unit.fields}
        key = values[unit.key]
        stored = stored_rows.get(unit.fold(key))
        if stored is None:
            added.append({**values, **unit.derived(record), "origin": importer.origin})
            counts.added += 1
        elif _same_row(unit, stored, values):
            counts.unchanged += 1
        elif stored["origin"] == importer.origin:
            changed.append({**values, **unit.derived(record), "id": stored["id"]})
            counts.updated += 1
        elif importer.origin == "seed":
            unit.seed_meets_user(importer, key, counts)
        else:
            importer.problem(row.where, f"{unit.key}: {key!r} is a seed {unit.noun} and cannot be changed")
    if importer.writing:
        for field in unit.source_fields:
            source_ids = importer.source_ids(v[field] for v in added + changed if v[field])
            for values in added + changed:
                cited = values.pop(field)
                values[f"{field}_id"] = source_ids[cited] if cited is not None else None
        importer.write(unit.stored_model, added, changed)


def import_sources(importer: Importer, batch: list[Row]) -> None:
    import_keyed(importer, SOURCES, batch)


def import_formulations(importer: Importer, batch: list[Row]) -> None:
    import_keyed(importer, FORMULATIONS, batch)


def import_excipients(importer: Importer, batch: list[Row]) -> None:
    import_keyed(importer, EXCIPIENTS, batch)


def import_cosing_ingredients(importer: Importer, batch: list[Row]) -> None:
    import_keyed(importer, COSING_INGREDIENTS, batch)


# --- ingredients ----------------------------------------------------------------

_INGREDIENT_FIELDS = _file_fields(models.IngredientCreate)
# The columns naming a source (stored as <column>_id).
_INGREDIENT_SOURCES = ("identifiers_source", "unii_source")
_STORED_INGREDIENTS_SQL = (
    "SELECT i.id, i.name_key, "
    f"{', '.join(f'i.{f}' for f in _INGREDIENT_FIELDS if f not in _INGREDIENT_SOURCES)}, "
    f"{', '.join(f'{f}.key AS {f}' for f in _INGREDIENT_SOURCES)}, i.origin FROM ingredient i "
    f"{' '.join(f'LEFT JOIN source {f} ON {f}.id = i.{f}_id' for f in _INGREDIENT_SOURCES)} "
    "WHERE i.slug IN :slugs"
)


@dataclass
class _IngredientBatch:
    """What the checks of a batch of ingredients read from the catalogue, once per batch."""

    stored: dict[str, dict[str, Any]]
    derived: dict[str, dict[str, Any]]
    names: dict[str, str]
    cas_owners: dict[str, str]
    sources: set[str]


def _new_ingredients(importer: Importer, batch: list[Row]) -> list[tuple[Row, Any]]:
    parsed = []
    for row, _, record in importer.parse(batch, "ingredients", models.IngredientCreate):
        if record.slug == PROCEDURE_SLUG:
            importer.problem(row.where, f"slug: {record.slug!r} is kept for statements about the procedure")
            continue
        if record.slug in importer.imported_slugs:
            importer.problem(row.where, f"slug: ingredient {record.slug!r} appears twice in the import")
            continue
        importer.imported_slugs.add(record.slug)
        parsed.append((row, record))
    return parsed


def _read_batch(importer: Importer, parsed: list[tuple[Row, Any]]) -> _IngredientBatch:
    derived = {record.slug: models.ingredient_keys(record) for _, record in parsed}
    return _IngredientBatch(
        stored={
            row["slug"]: row
            for row in importer.query(_STORED_INGREDIENTS_SQL, slugs=[record.slug for _, record in parsed])
        },
        derived=derived,
        names=importer.existing_names(str(keys["name_key"]) for keys in derived.values()),
        cas_owners=importer.existing_cas(keys["cas_key"] for keys in derived.values()),
        sources=importer.known_sources(
            getattr(record, field)
            for _, record in parsed
            for field in _INGREDIENT_SOURCES
            if getattr(record, field)
        ),
    )


def _clash(importer: Importer, record: Any, known: _IngredientBatch) -> tuple[str, str | None] | None:
    """A name or CAS number another ingredient holds: the problem, and who holds it."""
    slug = record.slug
    owner = importer.owner(str(known.derived[slug]["name_key"]), known.names)
    if owner is not None and owner != slug:
        return f"name: {record.name!r} is already a name of {owner!r}", owner
    cas_key = known.derived[slug]["cas_key"]
    cas_owner = importer.claimed_cas.get(cas_key, known.cas_owners.get(cas_key)) if cas_key else None
    if cas_owner is not None and cas_owner != slug:
        return f"cas_number: {record.cas_number} is already the CAS number of {cas_owner!r}", cas_owner
    return None


def _kept_as_stored(importer: Importer, row: Row, record: Any, stored: dict[str, Any] | None) -> bool:
    """Whether the stored row stays as it is (identical, or a user's over the seed's)."""
    counts = importer.report.counts["ingredients"]
    if stored is not None and all(stored[f] == getattr(record, f) for f in _INGREDIENT_FIELDS):
        counts.unchanged += 1
        return True
    if stored is not None and stored["origin"] == "user" and importer.origin == "seed":
        # The user replaced this seed entry on purpose (import --replace-seed): their
        # row stays, and the seed's aliases and statements still attach to it.
        counts.unchanged += 1
        return True
    if (
        stored is not None
        and stored["origin"] == "seed"
        and importer.origin == "user"
        and not importer.replace_seed
    ):
        importer.problem(
            row.where,
            f"slug: {record.slug!r} is a seed ingredient; add --replace-seed to replace it with this row",
        )
        return True
    return False


def _accepted(importer: Importer, row: Row, record: Any, known: _IngredientBatch) -> dict[str, Any] | None:
    """The values to write for one ingredient row, or None when it is left out."""
    slug = record.slug
    for field in _INGREDIENT_SOURCES:
        key = getattr(record, field)
        if key is not None and key not in known.sources:
            importer.unknown_reference(row.where, field, "source", key)
            return None
    stored = known.stored.get(slug)
    if _kept_as_stored(importer, row, record, stored):
        return None
    clash = _clash(importer, record, known)
    if clash is not None:
        problem, holder = clash
        if importer.origin == "seed" and importer.is_user_slug(holder):
            importer.shadowed_slugs.add(slug)
        else:
            importer.problem(row.where, problem)
        return None
    key, cas_key = str(known.derived[slug]["name_key"]), known.derived[slug]["cas_key"]
    importer.claimed_names[key] = slug
    if cas_key:
        importer.claimed_cas[cas_key] = slug
    if stored is not None and stored["name_key"] != key:
        # A renamed ingredient gives up its old name.
        importer.claimed_names.pop(stored["name_key"], None)
    # The record's fields, its derived keys, and its source references last (for writing).
    values = {name: value for name, value in vars(record).items() if name not in _INGREDIENT_SOURCES}
    values.update(known.derived[slug], origin=importer.origin)
    values.update((field, getattr(record, field)) for field in _INGREDIENT_SOURCES)
    return values


def import_ingredients(importer: Importer, batch: list[Row]) -> None:
    parsed = _new_ingredients(importer, batch)
    if not parsed:
        return
    known = _read_batch(importer, parsed)
    added, changed = [], []
    counts = importer.report.counts["ingredients"]
    for row, record in parsed:
        values = _accepted(importer, row, record, known)
        if values is None:
            continue
        stored = known.stored.get(record.slug)
        if stored is None:
            added.append(values)
            counts.added += 1
        else:
            changed.append({**values, "id": stored["id"]})
            counts.updated += 1
    if importer.writing:
        source_ids = importer.source_ids(r[f] for r in added + changed for f in _INGREDIENT_SOURCES if r[f])
        for values in added + changed:
            for field in _INGREDIENT_SOURCES:
                values[f"{field}_id"] = source_ids.get(values.pop(field) or "")
        importer.write(models.Ingredient, added, changed)
