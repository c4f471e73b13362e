"""Importing user entries: all rows checked, then all written or nothing.

Rows are processed in batches inside one transaction, so memory stays flat
however large the file. Once any row has a problem, nothing more is written;
the remaining rows are still checked so that every problem can be listed, and
the transaction is rolled back. Rows identical to what the catalogue holds are
left alone, so an export imported back changes nothing; every other row becomes
a user row. A user row may not silently replace a seed row: that needs
`replace_seed`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import bindparam, insert, text, update
from sqlmodel import Session

from . import models
from .errors import DataFileError, IngredientsError
from .identifiers import lookup_key
from .import_files import TABLES, ImportFile, Row
from .records import validate
from .search_index import defer_indexing, index_new_rows
from .vocabulary import PROCEDURE_SLUG

MAX_LISTED_PROBLEMS = 50
BATCH_SIZE = 1000

_SOURCE_FIELDS = [f for f in models.SourceCreate.model_fields if f != "origin"]
_INGREDIENT_FIELDS = [f for f in models.IngredientCreate.model_fields if f != "origin"]
_COLUMNS = {
    "sources": {*_SOURCE_FIELDS, "origin"},
    "ingredients": {*(f for f in _INGREDIENT_FIELDS if f != "ingredient_class"), "class", "origin"},
    "aliases": {"ingredient", "name", "kind", "origin"},
    "statements": {
        "ingredient", "kind", "route", "evidence_level", "text", "source",
        "manufacturer_sponsored", "reviewed", "origin",
    },
}


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


def _stored(value: Any) -> Any:
    """A value as SQLAlchemy would store it in SQLite (dates as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while batch := list(islice(rows, BATCH_SIZE)):
        yield batch


def _statement_identity(
    slug: str | None, kind: str, route: str, level: int | None, body: str, source: str,
    sponsored: bool, reviewed: str | None,
) -> bytes:
    """A compact fingerprint of a statement, so that a large import stays small in memory."""
    parts = [slug or "", kind, route, "" if level is None else str(level), body, source,
             "1" if sponsored else "0", reviewed or ""]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


class Importer:
    """Checks and writes import rows, batch by batch, inside the caller's transaction."""

    def __init__(self, session: Session, replace_seed: bool) -> None:
        self.session = session
        self.replace_seed = replace_seed
        self.report = ImportReport()
        self.problems: list[str] = []
        self.more_problems = 0
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

    def _record(self, message: str) -> None:
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(message)
        else:
            self.more_problems += 1

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
            for column, model_field in (renamed or {}).items():
                if column in values:
                    values[model_field] = values.pop(column)
            record = self._validated(model, {**values, "origin": "user"}, row.where)
            if record is not None:
                parsed.append((row, referred, record))
        return parsed

    def _validated(self, model: Any, values: dict[str, Any], where: str) -> Any:
        try:
            return validate(model, values, where)
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

    def _known_sources(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` name a source, stored or imported."""
        keys = set(keys)
        stored = self._ids("source", "key", keys - self.imported_sources)
        return (keys & self.imported_sources) | set(stored)

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
            fields = source.model_dump(include=set(_SOURCE_FIELDS))
            stored = existing.get(source.key)
            if stored is None:
                added.append({**fields, "origin": "user"})
                counts.added += 1
            elif all(stored[f] == fields[f] for f in _SOURCE_FIELDS):
                counts.unchanged += 1
            elif stored["origin"] == "user":
                changed.append({**fields, "id": stored["id"]})
                counts.updated += 1
            else:
                self.problem(row.where, f"key: {source.key!r} is a seed source and cannot be changed")
        if self.writing:
            self._write(models.Source, added, changed)

    # -- ingredients -----------------------------------------------------------

    def import_ingredients(self, batch: list[Row]) -> None:
        parsed = []
        for row, _, record in self._parse(
            batch, "ingredients", models.IngredientCreate, renamed={"class": "ingredient_class"}
        ):
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
        keys = {record.slug: lookup_key(record.name) for _, record in parsed}
        names = self._existing_names(keys.values())
        sources = self._known_sources(
            record.identifiers_source for _, record in parsed if record.identifiers_source
        )
        added, changed = [], []
        counts = self.report.counts["ingredients"]
        for row, record in parsed:
            slug = record.slug
            if record.identifiers_source is not None and record.identifiers_source not in sources:
                self.problem(row.where, f"identifiers_source: unknown source {record.identifiers_source!r}")
                continue
            fields = record.model_dump(include=set(_INGREDIENT_FIELDS))
            stored = existing.get(slug)
            if stored is not None and all(stored[f] == fields[f] for f in _INGREDIENT_FIELDS):
                counts.unchanged += 1
                continue
            if stored is not None and stored["origin"] == "seed" and not self.replace_seed:
                self.problem(
                    row.where,
                    f"slug: {slug!r} is a seed ingredient; add --replace-seed to replace it with this row",
                )
                continue
            key = keys[slug]
            owner = self._owner(key, names)
            if owner is not None and owner != slug:
                self.problem(row.where, f"name: {record.name!r} is already a name of {owner!r}")
                continue
            self.claimed_names[key] = slug
            if stored is not None and stored["name_key"] != key:
                # A renamed ingredient gives up its old name.
                self.claimed_names.pop(stored["name_key"], None)
            values = {
                **{f: v for f, v in fields.items() if f != "identifiers_source"},
                **models.ingredient_keys(record),
                "identifiers_source": record.identifiers_source,
                "origin": "user",
            }
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
        parsed = [
            (row, referred["ingredient"], alias)
            for row, referred, alias in self._parse(
                batch, "aliases", models.AliasCreate, references=("ingredient",)
            )
        ]
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
            if not slug or slug not in slugs:
                self.problem(row.where, f"ingredient: unknown ingredient {slug!r}")
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
                clash = "repeats a name of" if owner == slug else "is already a name of"
                self.problem(row.where, f"name: {alias.name!r} {clash} {owner!r}")
                continue
            self.claimed_names[key] = slug
            added.append({"slug": slug, "name": alias.name, "name_key": key, "kind": alias.kind,
                          "origin": "user"})
            counts.added += 1
        if self.writing:
            ids = self._ids("ingredient", "slug", (values["slug"] for values in added))
            for values in added:
                values["ingredient_id"] = ids[values.pop("slug")]
            self._write(models.Alias, added, changed)

    # -- statements ------------------------------------------------------------

    def import_statements(self, batch: list[Row]) -> None:
        parsed = [
            (row, None if referred["ingredient"] == PROCEDURE_SLUG else referred["ingredient"],
             referred["ingredient"], statement)
            for row, referred, statement in self._parse(
                batch, "statements", models.StatementCreate, references=("ingredient",),
                renamed={"evidence_level": "level"},
            )
        ]
        if not parsed:
            return
        slugs = self._known_slugs(slug for _, slug, _, _ in parsed if slug)
        sources = self._known_sources(statement.source for _, _, _, statement in parsed)
        stored = self._stored_statements({slug for _, slug, _, _ in parsed})
        added = []
        counts = self.report.counts["statements"]
        for row, slug, named, statement in parsed:
            if named is None or (slug is not None and slug not in slugs):
                self.problem(row.where, f"ingredient: unknown ingredient {named!r}")
                continue
            if statement.source not in sources:
                self.problem(row.where, f"source: unknown source {statement.source!r}")
                continue
            identity = _statement_identity(
                slug, statement.kind, statement.route, statement.evidence_level, statement.text,
                statement.source, statement.manufacturer_sponsored,
                statement.reviewed.isoformat() if statement.reviewed else None,
            )
            if identity in stored or identity in self.imported_statements:
                counts.unchanged += 1
                continue
            self.imported_statements.add(identity)
            added.append({**statement.model_dump(exclude={"source", "level"}), "slug": slug,
                          "source_key": statement.source, "origin": "user"})
            counts.added += 1
        if self.writing:
            ingredient_ids = self._ids("ingredient", "slug", (v["slug"] for v in added if v["slug"]))
            source_ids = self._ids("source", "key", (v["source_key"] for v in added))
            for values in added:
                slug = values.pop("slug")
                values["ingredient_id"] = ingredient_ids[slug] if slug else None
                values["source_id"] = source_ids[values.pop("source_key")]
            self._write(models.Statement, added, [])

    def _stored_statements(self, slugs: set[str | None]) -> set[bytes]:
        named = [slug for slug in slugs if slug]
        rows = self._query(
            "SELECT i.slug, s.kind, s.route, s.evidence_level, s.text, src.key, s.manufacturer_sponsored, "
            "s.reviewed FROM statement s JOIN source src ON src.id = s.source_id "
            "JOIN ingredient i ON i.id = s.ingredient_id WHERE i.slug IN :slugs",
            slugs=named,
        ) if named else []
        if None in slugs:
            rows += [dict(row._mapping, slug=None) for row in self.session.exec(text(  # type: ignore[call-overload]
                "SELECT s.kind, s.route, s.evidence_level, s.text, src.key, s.manufacturer_sponsored, "
                "s.reviewed FROM statement s JOIN source src ON src.id = s.source_id "
                "WHERE s.ingredient_id IS NULL"))]
        return {
            _statement_identity(row["slug"], row["kind"], row["route"], row["evidence_level"], row["text"],
                                row["key"], bool(row["manufacturer_sponsored"]), row["reviewed"])
            for row in rows
        }

    # -- writing ---------------------------------------------------------------

    def _write(self, model: Any, added: list[dict[str, Any]], changed: list[dict[str, Any]]) -> None:
        if added:
            self._insert(model.__table__, added)
        if changed:
            self.session.execute(update(model), changed)

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        connection = self.session.connection()
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
        connection.exec_driver_sql(
            sql, [tuple(_stored(row[column]) for column in columns) for row in rows]
        )

    def finish(self) -> None:
        """Index what was added, in one pass per table (see search_index.defer_indexing)."""
        index_new_rows(self.session, self.last_ids)


def run_import(session: Session, files: Iterable[ImportFile], replace_seed: bool) -> ImportReport:
    """Check and write every row; raise ImportRejected (the caller rolls back) on any problem."""
    importer = Importer(session, replace_seed)
    handlers = {
        "sources": importer.import_sources,
        "ingredients": importer.import_ingredients,
        "aliases": importer.import_aliases,
        "statements": importer.import_statements,
    }
    # Referenced rows first, whatever order the files were named in.
    for import_file in sorted(files, key=lambda f: TABLES.index(f.table)):
        for batch in _batches(import_file.rows):
            handlers[import_file.table](batch)
    if importer.problems:
        raise ImportRejected(importer.problems, importer.more_problems)
    importer.finish()
    return importer.report
