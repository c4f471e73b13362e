"""The one write path: import rows, from a user's file or from the seed package.

All rows are checked, then all written or nothing.

Rows are processed in batches inside one transaction, so memory stays flat
however large the file. Once any row has a problem, nothing more is written;
the remaining rows are still checked so that every problem can be listed, and
the transaction is rolled back. Rows identical to what the catalogue holds are
left alone, so an export imported back changes nothing.

Rows carry the origin of what is being imported: `user` for a user's files,
`seed` for the seed package. A user row may not silently replace a seed row:
that needs `replace_seed`. The other way round, the seed never overwrites what a
user made: a seed row whose slug, name, alias or CAS number a user row already
holds is left out, with the rows that hang on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import bindparam, insert, text, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from ingredients.core.errors import DataFileError, IngredientsError
from ingredients.core.identifiers import lookup_key
from ingredients.core.vocabulary import LEVEL_BY_LABEL, PROCEDURE_SLUG
from ingredients.exchange.import_files import TABLES, ImportFile, Row
from ingredients.exchange.records import validate
from ingredients.store import models
from ingredients.store.search_index import defer_indexing, index_new_rows
from ingredients.store.table_shapes import FIELD_OF_FILE_COLUMN, TABLE_SHAPES

APPROVED = LEVEL_BY_LABEL["approved"].rank

# Problems name a field as the file does.
_COLUMN_OF_FIELD = {**{field: column for column, field in FIELD_OF_FILE_COLUMN.items()},
                    "level": "evidence_level"}

BATCH_SIZE = 1000

_SOURCE_FIELDS = [f for f in models.SourceCreate.model_fields if f != "origin"]
_INGREDIENT_FIELDS = [f for f in models.IngredientCreate.model_fields if f != "origin"]
_COLUMNS = {name: set(shape.columns) for name, shape in TABLE_SHAPES.items()}


class ImportRejected(IngredientsError):
    """The import was refused whole; `problems` names each bad row and field."""

    def __init__(self, problems: list[str], more: int = 0) -> None:
        self.problems = problems + ([f"... and {more} more"] if more else [])
        count = len(problems) + more
        super().__init__(f"nothing was imported: {count} problem{'s' if count != 1 else ''} found")


@dataclass
class TableCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    counts: dict[str, TableCounts] = field(
        default_factory=lambda: {table: TableCounts() for table in TABLES}
    )
    # What the import named, for a seed refresh to tell which seed rows are retired.
    seed_slugs: set[str] = field(default_factory=set)
    seed_source_keys: set[str] = field(default_factory=set)


def _fields(record: Any, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A validated record's field values: what model_dump gives for these flat models,
    at a fraction of its cost on a large import."""
    skipped = set(exclude)
    return {name: value for name, value in vars(record).items() if name not in skipped}


def _stored(value: Any) -> Any:
    """A value as SQLAlchemy would store it in SQLite (dates as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while batch := list(islice(rows, BATCH_SIZE)):
        yield batch


# The statement fields that make two statements the same one, in a fixed order.
_IDENTITY_FIELDS = ("kind", "route", "evidence_level", "finding", "participants", "text",
                    "other_compound", "manufacturer_sponsored", "reviewed")


def _statement_identity(slug: str | None, source: str, values: dict[str, Any]) -> bytes:
    """A compact fingerprint of a statement, so that a large import stays small in memory."""
    parts = [slug or "", source]
    for name in _IDENTITY_FIELDS:
        value = values[name]
        if isinstance(value, bool):
            value = int(value)
        parts.append("" if value is None else str(_stored(value)))
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


class Importer:
    """Checks and writes import rows, batch by batch, inside the caller's transaction."""

    def __init__(self, session: Session, replace_seed: bool, origin: str = "user") -> None:
        self.session = session
        self.replace_seed = replace_seed
        self.origin = origin
        # Seed ingredients left out because a user row holds their slug, a name or the CAS number.
        self.shadowed_slugs: set[str] = set()
        self.shadowed_formulations: set[str] = set()
        self.imported_formulations: set[str] = set()
        self.imported_source_kinds: dict[str, str] = {}
        # Fingerprints of strength and component rows this import holds.
        self.imported_rows: set[tuple[Any, ...]] = set()
        self.claimed_cas: dict[str, str] = {}
        self.report = ImportReport()
        self.problems: list[str] = []
        # What the import itself has named so far; each key is small, so even a
        # 50,000-row import keeps these to a few megabytes.
        self.imported_sources: set[str] = set()
        self.imported_slugs: set[str] = set()
        self.claimed_names: dict[str, str] = {}
        self.imported_statements: set[bytes] = set()
        self.last_ids = self._last_ids()
        defer_indexing(session)

    # -- bookkeeping -------------------------------------------------------------

    def problem(self, where: str, message: str) -> None:
        self._record(f"{where}: {message}")

    def unknown_reference(self, where: str, column: str, what: str, value: str | None) -> None:
        """A column naming a row that does not exist, or naming none at all."""
        if value is None or not str(value).strip():
            self.problem(where, f"{column}: missing; name the {what} this row belongs to")
        else:
            self.problem(where, f"{column}: unknown {what} {value!r}")

    def row_id(self, row: Row, value: Any) -> int | None:
        """The row's id column as a positive integer: None when absent, 0 when invalid
        (a problem is then recorded)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not str(value).strip().isdigit() or int(str(value).strip()) < 1:
            self.problem(row.where, f"id: {value!r} is not a row id (a whole number from export)")
            return 0
        return int(str(value).strip())

    def _record(self, message: str) -> None:
        self.problems.append(message)

    @property
    def writing(self) -> bool:
        """Rows are written only while no problem has been found."""
        return not self.problems

    def _query(self, sql: str, **keys: Sequence[str]) -> list[dict[str, Any]]:
        """Rows of `sql`, whose :names are lists expanded into IN (...)."""
        statement = text(sql).bindparams(*(bindparam(name, expanding=True) for name in keys))
        rows = self.session.exec(statement, params=keys)  # type: ignore[call-overload]
        return [dict(row._mapping) for row in rows]

    def _last_ids(self) -> dict[str, int]:
        """The highest row ids before this import: everything above them is new."""
        row = self._query(
            "SELECT (SELECT coalesce(max(id), 0) FROM ingredient) AS ingredient, "
            "(SELECT coalesce(max(id), 0) FROM alias) AS alias, "
            "(SELECT coalesce(max(id), 0) FROM statement) AS statement"
        )[0]
        return {table: int(value) for table, value in row.items()}

    def _parse(
        self, batch: list[Row], table: str, model: Any, *,
        references: tuple[str, ...] = (), renamed: dict[str, str] | None = None,
    ) -> list[tuple[Row, dict[str, Any], Any]]:
        """The batch's rows that have only known columns and validate as `model`.

        `references` (columns naming other rows) are set aside for the caller to
        check against the catalogue; `renamed` maps file columns to model fields.
        """
        parsed = []
        for row in batch:
            unknown = sorted(set(row.values) - _COLUMNS[table])
            if unknown:
                self.problem(row.where, f"unknown column {unknown[0]!r} for the {table} table")
                continue
            values = {key: value for key, value in row.values.items() if key != "origin"}
            referred = {name: values.pop(name, None) for name in references}
            for column, model_field in {**FIELD_OF_FILE_COLUMN, **(renamed or {})}.items():
                if column in values:
                    values[model_field] = values.pop(column)
            record = self._validated(model, {**values, "origin": self.origin}, row.where)
            if record is not None:
                parsed.append((row, referred, record))
        return parsed

    def _validated(self, model: Any, values: dict[str, Any], where: str) -> Any:
        try:
            return validate(model, values, where, _COLUMN_OF_FIELD)
        except DataFileError as exc:
            self._record(str(exc))
            return None

    def _existing_names(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(set(keys))
        if not keys:
            return {}
        rows = self._query(
            "SELECT name_key, slug FROM ingredient WHERE name_key IN :keys "
            "UNION ALL SELECT a.name_key, i.slug FROM alias a JOIN ingredient i ON i.id = a.ingredient_id "
            "WHERE a.name_key IN :keys",
            keys=keys,
        )
        return {row["name_key"]: row["slug"] for row in rows}

    def _owner(self, key: str, stored: dict[str, str]) -> str | None:
        return self.claimed_names.get(key, stored.get(key))

    def _existing_cas(self, keys: Iterable[str | None]) -> dict[str, str]:
        """The slug holding each of these CAS lookup keys in the catalogue."""
        wanted = list({key for key in keys if key})
        if not wanted:
            return {}
        rows = self._query("SELECT cas_key, slug FROM ingredient WHERE cas_key IN :keys", keys=wanted)
        return {row["cas_key"]: row["slug"] for row in rows}

    def _is_user_slug(self, slug: str | None) -> bool:
        """Whether ``slug`` is an ingredient a user made (not one of this import's own rows)."""
        if slug is None or slug in self.claimed_names.values():
            return False
        rows = self._query("SELECT origin FROM ingredient WHERE slug IN :slugs", slugs=[slug])
        return bool(rows) and rows[0]["origin"] == "user"

    def _known_sources(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` name a source, stored or imported."""
        keys = set(keys)
        stored = self._ids("source", "key", keys - self.imported_sources)
        return (keys & self.imported_sources) | set(stored)

    def _source_kinds(self, keys: Iterable[str]) -> dict[str, str]:
        """The kind of each of these sources, imported or stored."""
        wanted = set(keys) - set(self.imported_source_kinds)
        stored = self._query("SELECT key, kind FROM source WHERE key IN :keys", keys=list(wanted)) \
            if wanted else []
        return {**{row["key"]: row["kind"] for row in stored}, **self.imported_source_kinds}

    def _known_slugs(self, slugs: Iterable[str]) -> set[str]:
        """Which of `slugs` name an ingredient, stored or imported."""
        slugs = set(slugs)
        stored = self._ids("ingredient", "slug", slugs - self.imported_slugs)
        return (slugs & self.imported_slugs) | set(stored)

    def _ids(self, table: str, column: str, keys: Iterable[str]) -> dict[str, int]:
        keys = list(set(keys))
        if not keys:
            return {}
        rows = self._query(f"SELECT {column} AS k, id FROM {table} WHERE {column} IN :keys", keys=keys)
        return {row["k"]: row["id"] for row in rows}

    # -- sources ---------------------------------------------------------------

    def import_sources(self, batch: list[Row]) -> None:
        parsed = []
        for row, _, source in self._parse(batch, "sources", models.SourceCreate):
            if source.key in self.imported_sources:
                self.problem(row.where, f"key: source {source.key!r} appears twice in the import")
                continue
            self.imported_sources.add(source.key)
            self.imported_source_kinds[source.key] = source.kind
            parsed.append((row, source))
        existing = {
            row["key"]: row for row in self._query(
                f"SELECT id, {', '.join(_SOURCE_FIELDS)}, origin FROM source WHERE key IN :keys",
                keys=[source.key for _, source in parsed],
            )
        } if parsed else {}
        added, changed = [], []
        counts = self.report.counts["sources"]
        for row, source in parsed:
            fields = {name: getattr(source, name) for name in _SOURCE_FIELDS}
            stored = existing.get(source.key)
            if stored is None:
                added.append({**fields, "origin": self.origin})
                counts.added += 1
            elif all(stored[f] == fields[f] for f in _SOURCE_FIELDS):
                counts.unchanged += 1
            elif stored["origin"] == self.origin:
                changed.append({**fields, "id": stored["id"]})
                counts.updated += 1
            elif self.origin == "seed":
                # The user's source under this key stays as they wrote it.
                counts.unchanged += 1
            else:
                self.problem(row.where, f"key: {source.key!r} is a seed source and cannot be changed")
        if self.writing:
            self._write(models.Source, added, changed)

    # -- ingredients -----------------------------------------------------------

    def import_ingredients(self, batch: list[Row]) -> None:
        parsed = []
        for row, _, record in self._parse(batch, "ingredients", models.IngredientCreate):
            if record.slug == PROCEDURE_SLUG:
                self.problem(row.where, f"slug: {record.slug!r} is kept for statements about the procedure")
                continue
            if record.slug in self.imported_slugs:
                self.problem(row.where, f"slug: ingredient {record.slug!r} appears twice in the import")
                continue
            self.imported_slugs.add(record.slug)
            parsed.append((row, record))
        if not parsed:
            return
        ingredient_columns = ", ".join(f"i.{f}" for f in _INGREDIENT_FIELDS if f != "identifiers_source")
        existing = {
            row["slug"]: row for row in self._query(
                f"SELECT i.id, i.name_key, {ingredient_columns}, ids.key AS identifiers_source, i.origin "
                "FROM ingredient i LEFT JOIN source ids ON ids.id = i.identifiers_source_id "
                "WHERE i.slug IN :slugs",
                slugs=[record.slug for _, record in parsed],
            )
        }
        derived = {record.slug: models.ingredient_keys(record) for _, record in parsed}
        keys = {slug: str(derived[slug]["name_key"]) for slug in derived}
        names = self._existing_names(keys.values())
        cas_owners = self._existing_cas(derived[slug]["cas_key"] for slug in derived)
        sources = self._known_sources(
            record.identifiers_source for _, record in parsed if record.identifiers_source
        )
        added, changed = [], []
        counts = self.report.counts["ingredients"]
        for row, record in parsed:
            slug = record.slug
            if record.identifiers_source is not None and record.identifiers_source not in sources:
                self.unknown_reference(row.where, "identifiers_source", "source", record.identifiers_source)
                continue
            fields = dict(vars(record))
            stored = existing.get(slug)
            if stored is not None and all(stored[f] == fields[f] for f in _INGREDIENT_FIELDS):
                counts.unchanged += 1
                continue
            if stored is not None and stored["origin"] == "user" and self.origin == "seed":
                # The user replaced this seed entry on purpose (import --replace-seed): their
                # row stays, and the seed's aliases and statements still attach to it.
                counts.unchanged += 1
                continue
            if stored is not None and stored["origin"] == "seed" and self.origin == "user" \
                    and not self.replace_seed:
                self.problem(
                    row.where,
                    f"slug: {slug!r} is a seed ingredient; add --replace-seed to replace it with this row",
                )
                continue
            key = keys[slug]
            owner = self._owner(key, names)
            cas_key = derived[slug]["cas_key"]
            cas_owner = self.claimed_cas.get(cas_key, cas_owners.get(cas_key)) if cas_key else None
            clash = (
                f"name: {record.name!r} is already a name of {owner!r}"
                if owner is not None and owner != slug else
                f"cas_number: {record.cas_number} is already the CAS number of {cas_owner!r}"
                if cas_owner is not None and cas_owner != slug else None
            )
            if clash is not None:
                if self.origin == "seed" and self._is_user_slug(owner if owner != slug else cas_owner):
                    self.shadowed_slugs.add(slug)
                else:
                    self.problem(row.where, clash)
                continue
            self.claimed_names[key] = slug
            if cas_key:
                self.claimed_cas[cas_key] = slug
            if stored is not None and stored["name_key"] != key:
                # A renamed ingredient gives up its old name.
                self.claimed_names.pop(stored["name_key"], None)
            # The record's fields, its derived keys, and its source reference last (for _write).
            values = fields
            del values["identifiers_source"]
            values.update(derived[slug], identifiers_source=record.identifiers_source, origin=self.origin)
            if stored is None:
                added.append(values)
                counts.added += 1
            else:
                changed.append({**values, "id": stored["id"]})
                counts.updated += 1
        if self.writing:
            source_ids = self._ids(
                "source", "key", (r["identifiers_source"] for r in added + changed if r["identifiers_source"])
            )
            for values in added + changed:
                values["identifiers_source_id"] = source_ids.get(values.pop("identifiers_source") or "")
            self._write(models.Ingredient, added, changed)

    # -- aliases ---------------------------------------------------------------

    def import_aliases(self, batch: list[Row]) -> None:
        parsed, with_ids = [], []
        for row, referred, alias in self._parse(
            batch, "aliases", models.AliasCreate, references=("id", "ingredient")
        ):
            row_id = self.row_id(row, referred["id"])
            if row_id is None:
                parsed.append((row, referred["ingredient"], alias))
            elif row_id:
                with_ids.append((row, row_id, referred["ingredient"], alias))
        stored_by_id = {
            row["id"]: row for row in self._query(
                "SELECT a.id, a.name, a.name_key, a.kind, a.origin, i.slug FROM alias a "
                "JOIN ingredient i ON i.id = a.ingredient_id WHERE a.id IN :ids",
                ids=[row_id for _, row_id, _, _ in with_ids],  # type: ignore[misc]
            )
        } if with_ids else {}
        corrections = []
        for row, row_id, slug, alias in with_ids:
            current = stored_by_id.get(row_id)
            if current is not None and current["origin"] == "user" and current["slug"] == slug:
                corrections.append((row, current, slug, alias))
            else:
                # Not a user alias of this ingredient here (a seed row, or an export from
                # another catalogue): the row is imported as one without an id.
                parsed.append((row, slug, alias))
        if corrections:
            self._correct_aliases(corrections)
        if not parsed:
            return
        slugs = self._known_slugs(slug for _, slug, _ in parsed if slug)
        keys = [lookup_key(alias.name) for _, _, alias in parsed]
        stored = {
            row["name_key"]: row for row in self._query(
                "SELECT a.id, a.name_key, a.kind, a.origin, i.slug FROM alias a "
                "JOIN ingredient i ON i.id = a.ingredient_id WHERE a.name_key IN :keys",
                keys=keys,
            )
        }
        names = self._existing_names(keys)
        added, changed = [], []
        counts = self.report.counts["aliases"]
        for (row, slug, alias), key in zip(parsed, keys, strict=True):
            if slug in self.shadowed_slugs:
                continue
            if not slug or slug not in slugs:
                self.unknown_reference(row.where, "ingredient", "ingredient", slug)
                continue
            if not key:
                self.problem(row.where, f"name: {alias.name!r} has no letters or digits")
                continue
            existing = stored.get(key)
            if existing is not None and existing["slug"] == slug and key not in self.claimed_names:
                self.claimed_names[key] = slug
                if existing["kind"] == alias.kind or existing["origin"] == "seed":
                    counts.unchanged += 1
                else:
                    changed.append({"id": existing["id"], "kind": alias.kind})
                    counts.updated += 1
                continue
            owner = self._owner(key, names)
            if owner is not None:
                if self.origin == "seed" and self._is_user_slug(owner):
                    # The user's name stays theirs; the seed goes without this alias.
                    continue
                clash = "repeats a name of" if owner == slug else "is already a name of"
                self.problem(row.where, f"name: {alias.name!r} {clash} {owner!r}")
                continue
            self.claimed_names[key] = slug
            added.append({"slug": slug, "name": alias.name, "name_key": key, "kind": alias.kind,
                          "origin": self.origin})
            counts.added += 1
        if self.writing:
            ids = self._ids("ingredient", "slug", (values["slug"] for values in added))
            for values in added:
                values["ingredient_id"] = ids[values.pop("slug")]
            self._write(models.Alias, added, changed)

    def _correct_aliases(self, corrections: list[tuple[Row, dict[str, Any], str, Any]]) -> None:
        """Rows naming a user alias of their ingredient by id: each replaces that alias."""
        names = self._existing_names(lookup_key(alias.name) for _, _, _, alias in corrections)
        changed = []
        counts = self.report.counts["aliases"]
        for row, current, slug, alias in corrections:
            if (current["name"], current["kind"]) == (alias.name, alias.kind):
                counts.unchanged += 1
                continue
            key = lookup_key(alias.name)
            owner = self._owner(key, names)
            if not key:
                self.problem(row.where, f"name: {alias.name!r} has no letters or digits")
                continue
            if owner is not None and key != current["name_key"]:
                self.problem(row.where, f"name: {alias.name!r} is already a name of {owner!r}")
                continue
            self.claimed_names[key] = slug
            changed.append({"id": current["id"], "name": alias.name, "name_key": key, "kind": alias.kind})
            counts.updated += 1
        if self.writing and changed:
            self._write(models.Alias, [], changed)

    # -- statements ------------------------------------------------------------

    def import_statements(self, batch: list[Row]) -> None:
        parsed, row_ids = [], {}
        for row, referred, statement in self._parse(
            batch, "statements", models.StatementCreate, references=("id", "ingredient"),
            renamed={"evidence_level": "level"},
        ):
            row_id = self.row_id(row, referred["id"])
            if row_id == 0:
                continue
            if row_id is not None:
                row_ids[id(row)] = row_id
            named = referred["ingredient"]
            parsed.append((row, None if named == PROCEDURE_SLUG else named, named, statement))
        if not parsed:
            return
        corrected = self._stored_by_id(list(row_ids.values()))
        changed = []
        slugs = self._known_slugs(slug for _, slug, _, _ in parsed if slug)
        sources = self._known_sources(statement.source for _, _, _, statement in parsed)
        source_kinds = self._source_kinds(
            statement.source for _, _, _, statement in parsed if statement.evidence_level == APPROVED
        )
        # The seed's own statements were cleared before a refresh; a user's are not the seed's.
        stored = set() if self.origin == "seed" else self._stored_statements(
            {slug for _, slug, _, _ in parsed}
        )
        added = []
        counts = self.report.counts["statements"]
        for row, slug, named, statement in parsed:
            if slug in self.shadowed_slugs:
                continue
            if named is None:
                self.problem(row.where, f"ingredient: missing; give an ingredient's slug or "
                             f"{PROCEDURE_SLUG!r} for the procedure")
                continue
            if slug is not None and slug not in slugs:
                self.unknown_reference(row.where, "ingredient", "ingredient", named)
                continue
            if statement.source not in sources:
                self.unknown_reference(row.where, "source", "source", statement.source)
                continue
            if statement.evidence_level == APPROVED and source_kinds.get(statement.source) != "regulatory":
                self.problem(row.where, "evidence_level: 'approved' must cite the regulator's document "
                                        f"or the label (a regulatory source), not {statement.source!r}")
                continue
            identity = _statement_identity(slug, statement.source, _fields(statement))
            row_id = row_ids.get(id(row))
            if row_id is not None and self._corrects(row_id, corrected, slug):
                if corrected[row_id]["identity"] == identity:
                    counts.unchanged += 1
                else:
                    self.imported_statements.add(identity)
                    changed.append({**_fields(statement, exclude={"source", "level", "origin"}),
                                    "id": row_id, "slug": slug, "source_key": statement.source})
                    counts.updated += 1
                continue
            if identity in stored or identity in self.imported_statements:
                counts.unchanged += 1
                continue
            self.imported_statements.add(identity)
            added.append({**_fields(statement, exclude={"source", "level"}), "slug": slug,
                          "source_key": statement.source, "origin": self.origin})
            counts.added += 1
        if self.writing:
            written = [*added, *changed]
            ingredient_ids = self._ids("ingredient", "slug", (v["slug"] for v in written if v["slug"]))
            source_ids = self._ids("source", "key", (v["source_key"] for v in written))
            for values in written:
                slug = values.pop("slug")
                values["ingredient_id"] = ingredient_ids[slug] if slug else None
                values["source_id"] = source_ids[values.pop("source_key")]
            self._write(models.Statement, added, [])
            if changed:
                self._write(models.Statement, [], changed)

    def _stored_by_id(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """The stored statements these ids name: origin and identity."""
        if not ids:
            return {}
        fields = ", ".join(f"s.{name}" for name in _IDENTITY_FIELDS)
        rows = self._query(
            f"SELECT s.id, s.origin, i.slug, src.key, {fields} FROM statement s "
            "JOIN source src ON src.id = s.source_id LEFT JOIN ingredient i ON i.id = s.ingredient_id "
            "WHERE s.id IN :ids",
            ids=ids,  # type: ignore[arg-type]
        )
        return {
            row["id"]: {
                "origin": row["origin"], "slug": row["slug"],
                "identity": _statement_identity(row["slug"], row["key"], {
                    **row, "other_compound": bool(row["other_compound"]),
                    "manufacturer_sponsored": bool(row["manufacturer_sponsored"]),
                }),
            }
            for row in rows
        }

    @staticmethod
    def _corrects(row_id: int, stored: dict[int, dict[str, Any]], slug: str | None) -> bool:
        """Whether a row's id names a user statement of the same ingredient here.

        Any other id (a seed row's, or one from another catalogue's export) is not
        this catalogue's user row, and the row is imported as one without an id.
        """
        current = stored.get(row_id)
        return current is not None and current["origin"] == "user" and current["slug"] == slug

    def _stored_statements(self, slugs: set[str | None]) -> set[bytes]:
        named = [slug for slug in slugs if slug]
        fields = ", ".join(f"s.{name}" for name in _IDENTITY_FIELDS)
        rows = self._query(
            f"SELECT i.slug, src.key, {fields} FROM statement s JOIN source src ON src.id = s.source_id "
            "JOIN ingredient i ON i.id = s.ingredient_id WHERE i.slug IN :slugs",
            slugs=named,
        ) if named else []
        if None in slugs:
            rows += [dict(row._mapping, slug=None) for row in self.session.exec(text(  # type: ignore[call-overload]
                f"SELECT src.key, {fields} FROM statement s JOIN source src ON src.id = s.source_id "
                "WHERE s.ingredient_id IS NULL"))]
        return {
            _statement_identity(row["slug"], row["key"], {
                **row, "other_compound": bool(row["other_compound"]),
                "manufacturer_sponsored": bool(row["manufacturer_sponsored"]),
            })
            for row in rows
        }

    # -- strengths, formulations and their components ---------------------------

    def _stored_identities(self, table: str, parent: str, slugs: Iterable[str]) -> set[tuple[Any, ...]]:
        """The rows a table holds under these parents, as file values without origin."""
        shape = TABLE_SHAPES[table]
        wanted = list(set(slugs))
        if not wanted or self.origin == "seed":
            # The seed's own rows were cleared before a refresh.
            return set()
        sql = shape.export_sql(f"{shape.references[parent]} IN :slugs")
        return {tuple(row.values())[:-1] for row in self._query(sql, slugs=wanted)}

    def _identity(self, table: str, references: dict[str, Any], record: Any) -> tuple[Any, ...]:
        values = {**references, **_fields(record)}
        return tuple(
            values[FIELD_OF_FILE_COLUMN.get(column, column)] for column in TABLE_SHAPES[table].columns[:-1]
        )

    def import_strengths(self, batch: list[Row]) -> None:
        parsed = [
            (row, referred["ingredient"], strength)
            for row, referred, strength in self._parse(
                batch, "strengths", models.StrengthCreate, references=("ingredient",)
            )
        ]
        slugs = self._known_slugs(slug for _, slug, _ in parsed if slug)
        sources = self._known_sources(strength.source for _, _, strength in parsed)
        stored = self._stored_identities("strengths", "ingredient", slugs)
        added = []
        counts = self.report.counts["strengths"]
        for row, slug, strength in parsed:
            if slug in self.shadowed_slugs:
                continue
            if not slug or slug not in slugs:
                self.unknown_reference(row.where, "ingredient", "ingredient", slug)
                continue
            if strength.source not in sources:
                self.unknown_reference(row.where, "source", "source", strength.source)
                continue
            identity = self._identity("strengths", {"ingredient": slug}, strength)
            if identity in stored or identity in self.imported_rows:
                counts.unchanged += 1
                continue
            self.imported_rows.add(identity)
            added.append({**_fields(strength, exclude={"source"}), "slug": slug,
                          "source_key": strength.source, "origin": self.origin})
            counts.added += 1
        if self.writing and added:
            ingredient_ids = self._ids("ingredient", "slug", (v["slug"] for v in added))
            source_ids = self._ids("source", "key", (v["source_key"] for v in added))
            for values in added:
                values["ingredient_id"] = ingredient_ids[values.pop("slug")]
                values["source_id"] = source_ids[values.pop("source_key")]
            self._write(models.Strength, added, [])

    def import_formulations(self, batch: list[Row]) -> None:
        parsed = []
        for row, _, formulation in self._parse(batch, "formulations", models.FormulationCreate):
            if formulation.slug in self.imported_formulations:
                self.problem(row.where, f"slug: formulation {formulation.slug!r} appears twice in the import")
                continue
            self.imported_formulations.add(formulation.slug)
            parsed.append((row, formulation))
        if not parsed:
            return
        fields = [f for f in models.FormulationCreate.model_fields if f not in ("origin", "source")]
        existing = {
            row["slug"]: row for row in self._query(
                f"SELECT f.id, {', '.join(f'f.{f}' for f in fields)}, src.key AS source, f.origin "
                "FROM formulation f JOIN source src ON src.id = f.source_id WHERE f.slug IN :slugs",
                slugs=[formulation.slug for _, formulation in parsed],
            )
        }
        sources = self._known_sources(formulation.source for _, formulation in parsed)
        added, changed = [], []
        counts = self.report.counts["formulations"]
        for row, formulation in parsed:
            if formulation.source not in sources:
                self.unknown_reference(row.where, "source", "source", formulation.source)
                continue
            values = {name: getattr(formulation, name) for name in (*fields, "source")}
            stored = existing.get(formulation.slug)
            if stored is not None and all(stored[f] == values[f] for f in values):
                counts.unchanged += 1
            elif stored is None:
                added.append({**values, "origin": self.origin})
                counts.added += 1
            elif stored["origin"] == self.origin:
                changed.append({**values, "id": stored["id"]})
                counts.updated += 1
            elif self.origin == "seed":
                self.shadowed_formulations.add(formulation.slug)
            else:
                self.problem(
                    row.where, f"slug: {formulation.slug!r} is a seed formulation and cannot be changed"
                )
        if self.writing:
            source_ids = self._ids("source", "key", (v["source"] for v in added + changed))
            for values in added + changed:
                values["source_id"] = source_ids[values.pop("source")]
            self._write(models.Formulation, added, changed)

    def import_components(self, batch: list[Row]) -> None:
        parsed = [
            (row, referred["formulation"], referred["ingredient"], component)
            for row, referred, component in self._parse(
                batch, "components", models.ComponentCreate, references=("formulation", "ingredient")
            )
        ]
        formulations = self._known_formulations(slug for _, slug, _, _ in parsed if slug)
        seed_formulations = {
            row["slug"] for row in self._query(
                "SELECT slug FROM formulation WHERE origin = 'seed' AND slug IN :slugs",
                slugs=list(formulations),
            )
        } if formulations and self.origin == "user" else set()
        slugs = self._known_slugs(slug for _, _, slug, _ in parsed if slug)
        stored = self._stored_identities("components", "formulation", formulations)
        added = []
        counts = self.report.counts["components"]
        for row, formulation, slug, component in parsed:
            if formulation in self.shadowed_formulations:
                continue
            if not formulation or formulation not in formulations:
                self.unknown_reference(row.where, "formulation", "formulation", formulation)
                continue
            if slug is not None and slug not in slugs and slug not in self.shadowed_slugs:
                self.unknown_reference(row.where, "ingredient", "ingredient", slug)
                continue
            if slug in self.shadowed_slugs:
                slug = None
            identity = self._identity("components", {"formulation": formulation, "ingredient": slug},
                                      component)
            if identity in stored or identity in self.imported_rows:
                counts.unchanged += 1
                continue
            if formulation in seed_formulations:
                # A seed refresh rewrites a seed formulation whole, so it takes no user rows.
                self.problem(row.where, f"formulation: {formulation!r} is a seed formulation and "
                                        "cannot be changed")
                continue
            self.imported_rows.add(identity)
            added.append({**_fields(component), "formulation": formulation, "slug": slug,
                          "origin": self.origin})
            counts.added += 1
        if self.writing and added:
            formulation_ids = self._ids("formulation", "slug", (v["formulation"] for v in added))
            ingredient_ids = self._ids("ingredient", "slug", (v["slug"] for v in added if v["slug"]))
            for values in added:
                values["formulation_id"] = formulation_ids[values.pop("formulation")]
                slug = values.pop("slug")
                values["ingredient_id"] = ingredient_ids[slug] if slug else None
            self._write(models.Component, added, [])

    def _known_formulations(self, slugs: Iterable[str]) -> set[str]:
        slugs = set(slugs)
        stored = self._ids("formulation", "slug", slugs - self.imported_formulations)
        return (slugs & self.imported_formulations) | set(stored)

    # -- writing ---------------------------------------------------------------

    def _write(self, model: Any, added: list[dict[str, Any]], changed: list[dict[str, Any]]) -> None:
        if added:
            self._insert(model.__table__, added)
        if changed:
            self.session.execute(update(model), changed)

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            # COPY, in the same transaction: an INSERT per row would cost the
            # server a parse and a round trip each (three times as long).
            import psycopg

            columns = list(rows[0])
            sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                with cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(tuple(row[column] for column in columns))
            except psycopg.Error as exc:
                # Straight from the driver: wrapped as SQLAlchemy would, so that the
                # transaction reports it as one line like any other database failure.
                raise DBAPIError(sql, None, exc) from None
            return
        if connection.dialect.name != "sqlite":
            connection.execute(insert(table), rows)
            return
        # Straight to the driver: SQLAlchemy's per-row parameter handling would
        # cost as much again as SQLite's own work on a large import.
        columns = list(rows[0])
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        values = operator.itemgetter(*columns)
        parameters = ([values(row) for row in rows] if len(columns) > 1
                      else [(row[columns[0]],) for row in rows])
        # Only dates need converting (to ISO text): the table's date columns say where they are.
        dated = [index for index, column in enumerate(columns)
                 if table.c[column].type.python_type is dt.date]
        if dated:
            parameters = [
                tuple(_stored(value) if index in dated else value for index, value in enumerate(row))
                for row in parameters
            ]
        connection.exec_driver_sql(sql, parameters)

    def finish(self) -> None:
        """Index what was added, in one pass per table (see search_index.defer_indexing)."""
        index_new_rows(self.session, self.last_ids)


_PLACE = re.compile(r"(?P<file>.*?): (?:line|record) (?P<number>\d+): ")


def in_reading_order(problems: list[str], file_names: list[str]) -> list[str]:
    """Problems by file (in the order the files were named), then by line.

    Rows are checked table by table, so without this a file's problems could be
    listed out of order.
    """
    def place(problem: str) -> tuple[int, int]:
        found = _PLACE.match(problem)
        if found is None:
            return (len(file_names), 0)
        name = found["file"]
        index = file_names.index(name) if name in file_names else len(file_names)
        return (index, int(found["number"]))

    return sorted(problems, key=place)


def run_import(
    session: Session, files: Iterable[ImportFile], replace_seed: bool, origin: str = "user"
) -> ImportReport:
    """Check and write every row; raise ImportRejected (the caller rolls back) on any problem."""
    importer = Importer(session, replace_seed, origin)
    files = list(files)
    handlers = {
        "sources": importer.import_sources,
        "ingredients": importer.import_ingredients,
        "aliases": importer.import_aliases,
        "statements": importer.import_statements,
        "strengths": importer.import_strengths,
        "formulations": importer.import_formulations,
        "components": importer.import_components,
    }
    # Referenced rows first, whatever order the files were named in.
    for import_file in sorted(files, key=lambda f: TABLES.index(f.table)):
        for batch in _batches(import_file.rows):
            handlers[import_file.table](batch)
    if importer.problems:
        raise ImportRejected(in_reading_order(importer.problems, [f.path.name for f in files]))
    importer.finish()
    importer.report.seed_slugs = importer.imported_slugs
    importer.report.seed_source_keys = importer.imported_sources
    return importer.report
