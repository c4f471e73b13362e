"""Import of statements: what a source says of an ingredient (or of the procedure).

A statement is identified by what it says (a fingerprint of its fields), so an
export imported back changes nothing; a row carrying the id of a user's
statement of the same ingredient corrects that statement.

A seed statement also gets its seed key (identifiers.statement_seed_key, numbered in
the seed data's order), and the id the statement holding that key had before the
refresh, so its id survives every rebuild and seed refresh.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ingredients.core.identifiers import numbered_seed_key, statement_seed_key
from ingredients.core.vocabulary import LEVEL_BY_LABEL, PROCEDURE_SLUG
from ingredients.exchange.import_files import Row
from ingredients.exchange.importer import Importer, record_fields, stored_value
from ingredients.store import models
from ingredients.store.field_checks import ASSERTION_FIELDS, EVIDENCE_ONLY_FIELDS, HARM_FIELDS

APPROVED = LEVEL_BY_LABEL["approved"].rank

# The statement fields that make two statements the same one, in a fixed order.
IDENTITY_FIELDS = (
    "kind",
    "route",
    "evidence_level",
    "finding",
    "participants",
    "text",
    "other_compound",
    "manufacturer_sponsored",
    "reviewed",
    *EVIDENCE_ONLY_FIELDS,
    "searched",
    *ASSERTION_FIELDS,
    *HARM_FIELDS,
)
_BOOLEANS = ("other_compound", "manufacturer_sponsored")

Parsed = tuple[Row, str | None, str | None, Any]


def identity(slug: str | None, source: str, values: dict[str, Any]) -> bytes:
    """A compact fingerprint of a statement, so that a large import stays small in memory."""
    parts = [slug or "", source]
    for name in IDENTITY_FIELDS:
        value = values[name]
        if isinstance(value, bool):
            value = int(value)
        parts.append("" if value is None else str(stored_value(value)))
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _stored_identity(row: dict[str, Any]) -> bytes:
    """The fingerprint of a stored row (booleans come back as integers from SQLite)."""
    return identity(row["slug"], row["key"], {**row, **{name: bool(row[name]) for name in _BOOLEANS}})


_FIELDS_SQL = ", ".join(f"s.{name}" for name in IDENTITY_FIELDS)


def _stored_by_id(importer: Importer, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The stored statements these ids name: origin, ingredient and identity."""
    if not ids:
        return {}
    rows = importer.query(
        f"SELECT s.id, s.origin, i.slug, src.key, {_FIELDS_SQL} FROM statement s "
        "JOIN source src ON src.id = s.source_id LEFT JOIN ingredient i ON i.id = s.ingredient_id "
        "WHERE s.id IN :ids",
        ids=ids,
    )
    return {
        row["id"]: {"origin": row["origin"], "slug": row["slug"], "identity": _stored_identity(row)}
        for row in rows
    }


def _stored_identities(importer: Importer, slugs: set[str | None]) -> set[bytes]:
    """The fingerprints of every statement stored for these ingredients (None: the procedure)."""
    if importer.origin == "seed":
        # The seed's own statements were cleared before a refresh; a user's are not the seed's.
        return set()
    named = [slug for slug in slugs if slug]
    select = (
        f"SELECT {{slug}}, src.key, {_FIELDS_SQL} FROM statement s JOIN source src ON src.id = s.source_id "
    )
    rows = (
        importer.query(
            select.format(slug="i.slug")
            + "JOIN ingredient i ON i.id = s.ingredient_id WHERE i.slug IN :slugs",
            slugs=named,
        )
        if named
        else []
    )
    if None in slugs:
        rows += importer.query(select.format(slug="NULL AS slug") + "WHERE s.ingredient_id IS NULL")
    return {_stored_identity(row) for row in rows}


def _parsed(importer: Importer, batch: list[Row]) -> tuple[list[Parsed], dict[int, int]]:
    """The batch's valid rows (slug, name as written, record) and the ids rows carry."""
    parsed, row_ids = [], {}
    for row, referred, statement in importer.parse(
        batch,
        "statements",
        models.StatementCreate,
        references=("id", "ingredient"),
        renamed={"evidence_level": "level"},
    ):
        row_id = importer.row_id(row, referred["id"])
        if row_id == 0:
            continue
        if row_id is not None:
            row_ids[id(row)] = row_id
        named = referred["ingredient"]
        parsed.append((row, None if named == PROCEDURE_SLUG else named, named, statement))
    return parsed, row_ids


def _references_known(
    importer: Importer, row: Row, slug: str | None, named: str | None, statement: Any, known: dict[str, Any]
) -> bool:
    """Whether the statement's ingredient and source exist (a problem is recorded if not)."""
    if named is None:
        importer.problem(
            row.where,
            f"ingredient: missing; give an ingredient's slug or {PROCEDURE_SLUG!r} for the procedure",
        )
    elif slug is not None and slug not in known["slugs"]:
        importer.unknown_reference(row.where, "ingredient", "ingredient", named)
    elif statement.source not in known["sources"]:
        importer.unknown_reference(row.where, "source", "source", statement.source)
    elif statement.evidence_level == APPROVED and known["kinds"].get(statement.source) != "regulatory":
        importer.problem(
            row.where,
            "evidence_level: 'approved' must cite the regulator's document "
            f"or the label (a regulatory source), not {statement.source!r}",
        )
    else:
        return True
    return False


def _read(importer: Importer, parsed: list[Parsed], row_ids: dict[int, int]) -> dict[str, Any]:
    return {
        "corrected": _stored_by_id(importer, list(row_ids.values())),
        "slugs": importer.known_slugs(slug for _, slug, _, _ in parsed if slug),
        "sources": importer.known_sources(statement.source for _, _, _, statement in parsed),
        "kinds": importer.source_kinds(
            statement.source for _, _, _, statement in parsed if statement.evidence_level == APPROVED
        ),
        "stored": _stored_identities(importer, {slug for _, slug, _, _ in parsed}),
    }


def _seed_key(importer: Importer, named: str | None, statement: Any) -> str | None:
    """A seed statement's key, numbered among the seed's statements sharing its base key;
    None for a user's statement."""
    if importer.origin != "seed" or named is None:
        return None
    base = statement_seed_key(
        named, statement.source, statement.kind, statement.route, statement.condition, statement.outcome
    )
    importer.seed_key_counts[base] = importer.seed_key_counts.get(base, 0) + 1
    return numbered_seed_key(base, importer.seed_key_counts[base])


def _seed_statement_id(importer: Importer, seed_key: str) -> int | None:
    """The id a seed statement had before the refresh, or one above every id held before."""
    kept = importer.kept_id("statement", importer.seed_statement_ids.get(seed_key), False)
    if kept is not None or importer.last_seed_statement_id == 0:
        return kept
    importer.last_seed_statement_id += 1
    return importer.kept_id("statement", importer.last_seed_statement_id, False)


def import_statements(importer: Importer, batch: list[Row]) -> None:
    parsed, row_ids = _parsed(importer, batch)
    if not parsed:
        return
    known = _read(importer, parsed, row_ids)
    added, changed = [], []
    counts = importer.report.counts["statements"]
    for row, slug, named, statement in parsed:
        # Numbered before anything is left out, so a shadowed statement keeps its place.
        seed_key = _seed_key(importer, named, statement)
        if slug in importer.shadowed_slugs:
            continue
        if not _references_known(importer, row, slug, named, statement, known):
            continue
        fingerprint = identity(slug, statement.source, record_fields(statement))
        current = known["corrected"].get(row_ids.get(id(row), 0))
        if current is not None and current["origin"] == "user" and current["slug"] == slug:
            if current["identity"] == fingerprint:
                counts.unchanged += 1
            else:
                importer.imported_statements.add(fingerprint)
                changed.append(
                    {
                        **record_fields(statement, exclude={"source", "level", "origin"}),
                        "id": row_ids[id(row)],
                        "slug": slug,
                        "source_key": statement.source,
                    }
                )
                counts.updated += 1
        elif fingerprint in known["stored"] or fingerprint in importer.imported_statements:
            counts.unchanged += 1
        else:
            importer.imported_statements.add(fingerprint)
            wanted = row_ids.get(id(row))
            kept = (
                _seed_statement_id(importer, seed_key)
                if seed_key is not None
                else importer.kept_id("statement", wanted, wanted in known["corrected"])
            )
            added.append(
                {
                    "id": kept,
                    "seed_key": seed_key,
                    **record_fields(statement, exclude={"source", "level"}),
                    "slug": slug,
                    "source_key": statement.source,
                    "origin": importer.origin,
                }
            )
            counts.added += 1
    if importer.writing:
        _write(importer, added, changed)


def _write(importer: Importer, added: list[dict[str, Any]], changed: list[dict[str, Any]]) -> None:
    written = [*added, *changed]
    ingredient_ids = importer.ids("ingredient", "slug", (v["slug"] for v in written if v["slug"]))
    source_ids = importer.source_ids(v["source_key"] for v in written)
    for values in written:
        slug = values.pop("slug")
        values["ingredient_id"] = ingredient_ids[slug] if slug else None
        values["source_id"] = source_ids[values.pop("source_key")]
    importer.write(models.Statement, added, [])
    if changed:
        importer.write(models.Statement, [], changed)
