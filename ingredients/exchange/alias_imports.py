"""Import of aliases: each name resolves to exactly one ingredient.

A row carrying the id of a user's alias of the same ingredient (from export)
corrects that alias; any other id is ignored and the row imported as new.
"""

from __future__ import annotations

from typing import Any

from ingredients.core.identifiers import lookup_key
from ingredients.exchange.import_files import Row
from ingredients.exchange.importer import Importer
from ingredients.store import models

_BY_ID_SQL = (
    "SELECT a.id, a.name, a.name_key, a.kind, a.origin, i.slug FROM alias a "
    "JOIN ingredient i ON i.id = a.ingredient_id WHERE a.id IN :ids"
)
_BY_KEY_SQL = (
    "SELECT a.id, a.name_key, a.kind, a.origin, i.slug FROM alias a "
    "JOIN ingredient i ON i.id = a.ingredient_id WHERE a.name_key IN :keys"
)

Parsed = tuple[Row, Any, Any]


def _new_and_corrections(importer: Importer, batch: list[Row]) -> tuple[list[Parsed], list[tuple[Any, ...]]]:
    """The batch's rows to add, and those that correct a user alias by its id."""
    importer.wanted_ids.clear()  # a row's id() is only its own while the batch lives
    parsed, with_ids = [], []
    for row, referred, alias in importer.parse(
        batch, "aliases", models.AliasCreate, references=("id", "ingredient")
    ):
        row_id = importer.row_id(row, referred["id"])
        if row_id is None:
            parsed.append((row, referred["ingredient"], alias))
        elif row_id:
            with_ids.append((row, row_id, referred["ingredient"], alias))
    stored_by_id = (
        {row["id"]: row for row in importer.query(_BY_ID_SQL, ids=[row_id for _, row_id, _, _ in with_ids])}
        if with_ids
        else {}
    )
    corrections = []
    for row, row_id, slug, alias in with_ids:
        current = stored_by_id.get(row_id)
        if current is not None and current["origin"] == "user" and current["slug"] == slug:
            corrections.append((row, current, slug, alias))
        else:
            # Not a user alias of this ingredient here (a seed row, or an export from
            # another catalogue): the row is added, keeping its id where that is free.
            importer.wanted_ids[id(row)] = (row_id, current is not None)
            parsed.append((row, slug, alias))
    return parsed, corrections


def _correct(importer: Importer, corrections: list[tuple[Any, ...]]) -> None:
    """Rows naming a user alias of their ingredient by id: each replaces that alias."""
    names = importer.existing_names(lookup_key(alias.name) for _, _, _, alias in corrections)
    changed = []
    counts = importer.report.counts["aliases"]
    for row, current, slug, alias in corrections:
        if (current["name"], current["kind"]) == (alias.name, alias.kind):
            counts.unchanged += 1
            continue
        key = lookup_key(alias.name)
        owner = importer.owner(key, names)
        if not key:
            importer.problem(row.where, f"name: {alias.name!r} has no letters or digits")
            continue
        if owner is not None and key != current["name_key"]:
            importer.problem(row.where, f"name: {alias.name!r} is already a name of {owner!r}")
            continue
        importer.claimed_names[key] = slug
        changed.append({"id": current["id"], "name": alias.name, "name_key": key, "kind": alias.kind})
        counts.updated += 1
    if importer.writing and changed:
        importer.write(models.Alias, [], changed)


def _add(importer: Importer, parsed: list[Parsed]) -> None:
    slugs = importer.known_slugs(slug for _, slug, _ in parsed if slug)
    keys = [lookup_key(alias.name) for _, _, alias in parsed]
    stored = {row["name_key"]: row for row in importer.query(_BY_KEY_SQL, keys=keys)}
    names = importer.existing_names(keys)
    added, changed = [], []
    counts = importer.report.counts["aliases"]
    for (row, slug, alias), key in zip(parsed, keys, strict=True):
        if slug in importer.shadowed_slugs:
            continue
        if not slug or slug not in slugs:
            importer.unknown_reference(row.where, "ingredient", "ingredient", slug)
            continue
        if not key:
            importer.problem(row.where, f"name: {alias.name!r} has no letters or digits")
            continue
        existing = stored.get(key)
        if existing is not None and existing["slug"] == slug and key not in importer.claimed_names:
            importer.claimed_names[key] = slug
            if existing["kind"] == alias.kind or existing["origin"] == "seed":
                counts.unchanged += 1
            else:
                changed.append({"id": existing["id"], "kind": alias.kind})
                counts.updated += 1
            continue
        owner = importer.owner(key, names)
        if owner is not None:
            if not (importer.origin == "seed" and importer.is_user_slug(owner)):
                clash = "repeats a name of" if owner == slug else "is already a name of"
                importer.problem(row.where, f"name: {alias.name!r} {clash} {owner!r}")
            # Otherwise the user's name stays theirs; the seed goes without this alias.
            continue
        importer.claimed_names[key] = slug
        added.append(
            {
                "id": importer.kept_id("alias", *importer.wanted_ids.pop(id(row), (None, False))),
                "slug": slug,
                "name": alias.name,
                "name_key": key,
                "kind": alias.kind,
                "origin": importer.origin,
            }
        )
        counts.added += 1
    if importer.writing:
        ids = importer.ids("ingredient", "slug", (values["slug"] for values in added))
        for values in added:
            values["ingredient_id"] = ids[values.pop("slug")]
        importer.write(models.Alias, added, changed)


def import_aliases(importer: Importer, batch: list[Row]) -> None:
    parsed, corrections = _new_and_corrections(importer, batch)
    if corrections:
        _correct(importer, corrections)
    if parsed:
        _add(importer, parsed)
