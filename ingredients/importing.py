"""Importing user entries: every row validated first, then all written or nothing.

Rows identical to what the catalogue already holds are left alone, so an
export imported back changes nothing; everything else becomes a user row. A
user row may not silently replace a seed row: that needs `replace_seed`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, text, update
from sqlmodel import Session

from . import models
from .errors import DataFileError, IngredientsError
from .identifiers import lookup_key
from .import_files import TABLES, ImportFile, Row
from .records import validate

PROCEDURE_SLUG = "mesotherapy"
MAX_LISTED_PROBLEMS = 50

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

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
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


@dataclass
class _Catalogue:
    """What the database holds now, keyed the way import rows refer to it."""

    sources: dict[str, dict[str, Any]]
    ingredients: dict[str, dict[str, Any]]
    name_owner: dict[str, str]
    aliases: dict[str, dict[str, Any]]
    statements: set[tuple[Any, ...]]


def _load_catalogue(session: Session) -> _Catalogue:
    def rows(sql: str) -> list[dict[str, Any]]:
        return [dict(row._mapping) for row in session.exec(text(sql))]  # type: ignore[call-overload]

    source_columns = ", ".join(_SOURCE_FIELDS)
    sources = {row["key"]: row for row in rows(f"SELECT id, {source_columns}, origin FROM source")}
    ingredient_columns = ", ".join(
        f"i.{f}" for f in _INGREDIENT_FIELDS if f != "identifiers_source"
    )
    ingredients = {
        row["slug"]: row
        for row in rows(
            f"SELECT i.id, i.name_key, {ingredient_columns}, ids.key AS identifiers_source, i.origin "
            "FROM ingredient i LEFT JOIN source ids ON ids.id = i.identifiers_source_id"
        )
    }
    aliases = {
        row["name_key"]: row
        for row in rows(
            "SELECT a.id, a.name, a.name_key, a.kind, a.origin, i.slug FROM alias a "
            "JOIN ingredient i ON i.id = a.ingredient_id"
        )
    }
    name_owner = {row["name_key"]: slug for slug, row in ingredients.items()}
    name_owner.update({key: row["slug"] for key, row in aliases.items()})
    statements = {
        (row["slug"], row["kind"], row["route"], row["evidence_level"], row["text"], row["key"],
         bool(row["manufacturer_sponsored"]), row["reviewed"])
        for row in rows(
            "SELECT i.slug, s.kind, s.route, s.evidence_level, s.text, src.key, "
            "s.manufacturer_sponsored, s.reviewed FROM statement s "
            "JOIN source src ON src.id = s.source_id LEFT JOIN ingredient i ON i.id = s.ingredient_id"
        )
    }
    return _Catalogue(sources, ingredients, name_owner, aliases, statements)


@dataclass
class _Plan:
    report: ImportReport = field(default_factory=ImportReport)
    problems: list[str] = field(default_factory=list)
    new_sources: list[dict[str, Any]] = field(default_factory=list)
    changed_sources: list[dict[str, Any]] = field(default_factory=list)
    new_ingredients: list[dict[str, Any]] = field(default_factory=list)
    changed_ingredients: list[dict[str, Any]] = field(default_factory=list)
    new_aliases: list[dict[str, Any]] = field(default_factory=list)
    changed_aliases: list[dict[str, Any]] = field(default_factory=list)
    new_statements: list[dict[str, Any]] = field(default_factory=list)


class _Planner:
    def __init__(self, catalogue: _Catalogue, replace_seed: bool) -> None:
        self.catalogue = catalogue
        self.replace_seed = replace_seed
        self.plan = _Plan()
        self.source_keys = set(catalogue.sources)
        self.slugs = set(catalogue.ingredients)
        self.seen_sources: set[str] = set()
        self.seen_slugs: set[str] = set()
        self.seen_statements: set[tuple[Any, ...]] = set()

    def problem(self, where: str, message: str) -> None:
        self.plan.problems.append(f"{where}: {message}")

    def _checked(self, row: Row, table: str) -> dict[str, Any] | None:
        unknown = sorted(set(row.values) - _COLUMNS[table])
        if unknown:
            self.problem(row.where, f"unknown column {unknown[0]!r} for the {table} table")
            return None
        return {key: value for key, value in row.values.items() if key != "origin"}

    def _validated(self, model: Any, values: dict[str, Any], where: str) -> Any:
        try:
            return validate(model, values, where)
        except DataFileError as exc:
            self.plan.problems.append(str(exc))
            return None

    def claim_name(self, name: str, slug: str, where: str, label: str) -> bool:
        """A name may belong to one ingredient only, across the database and the import."""
        key = lookup_key(name)
        if not key:
            self.problem(where, f"{label}: {name!r} has no letters or digits")
            return False
        owner = self.catalogue.name_owner.get(key)
        if owner is not None and owner != slug:
            self.problem(where, f"{label}: {name!r} is already a name of {owner!r}")
            return False
        self.catalogue.name_owner[key] = slug
        return True

    # -- sources --------------------------------------------------------------

    def add_source(self, row: Row) -> None:
        values = self._checked(row, "sources")
        if values is None:
            return
        source = self._validated(models.SourceCreate, {**values, "origin": "user"}, row.where)
        if source is None:
            return
        if source.key in self.seen_sources:
            self.problem(row.where, f"key: source {source.key!r} appears twice in the import")
            return
        self.seen_sources.add(source.key)
        self.source_keys.add(source.key)
        fields = source.model_dump(include=set(_SOURCE_FIELDS))
        existing = self.catalogue.sources.get(source.key)
        counts = self.plan.report.counts["sources"]
        if existing is None:
            self.plan.new_sources.append({**fields, "origin": "user"})
            counts.added += 1
        elif all(existing[f] == fields[f] for f in _SOURCE_FIELDS):
            counts.unchanged += 1
        elif existing["origin"] == "user":
            self.plan.changed_sources.append({**fields, "id": existing["id"]})
            counts.updated += 1
        else:
            self.problem(row.where, f"key: {source.key!r} is a seed source and cannot be changed")

    # -- ingredients ----------------------------------------------------------

    def add_ingredient(self, row: Row) -> None:
        values = self._checked(row, "ingredients")
        if values is None:
            return
        if "class" in values:
            values["ingredient_class"] = values.pop("class")
        record = self._validated(models.IngredientCreate, {**values, "origin": "user"}, row.where)
        if record is None:
            return
        slug = record.slug
        if slug == PROCEDURE_SLUG:
            self.problem(row.where, f"slug: {slug!r} is reserved for statements about the procedure")
            return
        if slug in self.seen_slugs:
            self.problem(row.where, f"slug: ingredient {slug!r} appears twice in the import")
            return
        self.seen_slugs.add(slug)
        if record.identifiers_source is not None and record.identifiers_source not in self.source_keys:
            self.problem(row.where, f"identifiers_source: unknown source {record.identifiers_source!r}")
            return
        fields = record.model_dump(include=set(_INGREDIENT_FIELDS))
        existing = self.catalogue.ingredients.get(slug)
        counts = self.plan.report.counts["ingredients"]
        if existing is not None and all(existing[f] == fields[f] for f in _INGREDIENT_FIELDS):
            counts.unchanged += 1
            return
        if existing is not None and existing["origin"] == "seed" and not self.replace_seed:
            self.problem(
                row.where,
                f"slug: {slug!r} is a seed ingredient; add --replace-seed to replace it with this row",
            )
            return
        if existing is not None and existing["name_key"] != lookup_key(record.name):
            # A renamed ingredient gives up its old name.
            self.catalogue.name_owner.pop(existing["name_key"], None)
        if not self.claim_name(record.name, slug, row.where, "name"):
            return
        stored = {
            **{f: v for f, v in fields.items() if f != "identifiers_source"},
            **models.ingredient_keys(record),
            "identifiers_source": record.identifiers_source,
            "origin": "user",
        }
        self.slugs.add(slug)
        if existing is None:
            self.plan.new_ingredients.append(stored)
            counts.added += 1
        else:
            self.plan.changed_ingredients.append({**stored, "id": existing["id"]})
            counts.updated += 1

    # -- aliases ----------------------------------------------------------------

    def add_alias(self, row: Row) -> None:
        values = self._checked(row, "aliases")
        if values is None:
            return
        slug = values.pop("ingredient", None)
        alias = self._validated(models.AliasCreate, {**values, "origin": "user"}, row.where)
        if alias is None:
            return
        if not slug or slug not in self.slugs:
            self.problem(row.where, f"ingredient: unknown ingredient {slug!r}")
            return
        key = lookup_key(alias.name)
        existing = self.catalogue.aliases.get(key)
        counts = self.plan.report.counts["aliases"]
        if existing is not None and existing["slug"] == slug:
            if existing["kind"] == alias.kind or existing["origin"] == "seed":
                counts.unchanged += 1
            else:
                self.plan.changed_aliases.append({"id": existing["id"], "kind": alias.kind})
                counts.updated += 1
            return
        if not self.claim_name(alias.name, slug, row.where, "name"):
            return
        self.catalogue.aliases[key] = {"slug": slug, "kind": alias.kind, "origin": "user", "id": None}
        self.plan.new_aliases.append(
            {"slug": slug, "name": alias.name, "name_key": key, "kind": alias.kind, "origin": "user"}
        )
        counts.added += 1

    # -- statements -------------------------------------------------------------

    def add_statement(self, row: Row) -> None:
        values = self._checked(row, "statements")
        if values is None:
            return
        slug = values.pop("ingredient", None)
        level = values.pop("evidence_level", None)
        statement = self._validated(
            models.StatementCreate, {**values, "level": level, "origin": "user"}, row.where
        )
        if statement is None:
            return
        if slug != PROCEDURE_SLUG and (not slug or slug not in self.slugs):
            self.problem(row.where, f"ingredient: unknown ingredient {slug!r}")
            return
        if statement.source not in self.source_keys:
            self.problem(row.where, f"source: unknown source {statement.source!r}")
            return
        identity = (
            None if slug == PROCEDURE_SLUG else slug, statement.kind, statement.route,
            statement.evidence_level, statement.text, statement.source,
            statement.manufacturer_sponsored,
            statement.reviewed.isoformat() if statement.reviewed else None,
        )
        counts = self.plan.report.counts["statements"]
        if identity in self.catalogue.statements or identity in self.seen_statements:
            counts.unchanged += 1
            return
        self.seen_statements.add(identity)
        self.plan.new_statements.append(
            {
                **statement.model_dump(exclude={"source", "level"}),
                "slug": identity[0],
                "source_key": statement.source,
                "origin": "user",
            }
        )
        counts.added += 1


_ORDER = {"sources": 0, "ingredients": 1, "aliases": 2, "statements": 3}


def plan_import(session: Session, files: Iterable[ImportFile], replace_seed: bool) -> _Plan:
    planner = _Planner(_load_catalogue(session), replace_seed)
    handlers = {
        "sources": planner.add_source,
        "ingredients": planner.add_ingredient,
        "aliases": planner.add_alias,
        "statements": planner.add_statement,
    }
    # Referenced rows first, whatever order the files were named in.
    for import_file in sorted(files, key=lambda f: _ORDER[f.table]):
        for row in import_file.rows:
            handlers[import_file.table](row)
    if planner.plan.problems:
        raise ImportRejected(planner.plan.problems[:MAX_LISTED_PROBLEMS])
    return planner.plan


def _ids(session: Session, table: str, key: str) -> dict[str, int]:
    result = session.exec(text(f"SELECT {key}, id FROM {table}"))  # type: ignore[call-overload]
    return {row[0]: row[1] for row in result}


def apply_import(session: Session, plan: _Plan) -> None:
    connection = session.connection()
    source_table = models.Source.__table__  # type: ignore[attr-defined]
    ingredient_table = models.Ingredient.__table__  # type: ignore[attr-defined]
    if plan.new_sources:
        connection.execute(insert(source_table), plan.new_sources)
    if plan.changed_sources:
        session.execute(update(models.Source), plan.changed_sources)
    source_ids = _ids(session, "source", "key")
    for rows in (plan.new_ingredients, plan.changed_ingredients):
        for row in rows:
            row["identifiers_source_id"] = source_ids.get(row.pop("identifiers_source") or "")
    if plan.new_ingredients:
        connection.execute(insert(ingredient_table), plan.new_ingredients)
    if plan.changed_ingredients:
        session.execute(update(models.Ingredient), plan.changed_ingredients)
    ingredient_ids = _ids(session, "ingredient", "slug")
    if plan.new_aliases:
        connection.execute(
            insert(models.Alias.__table__),  # type: ignore[attr-defined]
            [{**{k: v for k, v in row.items() if k != "slug"}, "ingredient_id": ingredient_ids[row["slug"]]}
             for row in plan.new_aliases],
        )
    if plan.changed_aliases:
        session.execute(update(models.Alias), plan.changed_aliases)
    if plan.new_statements:
        connection.execute(
            insert(models.Statement.__table__),  # type: ignore[attr-defined]
            [
                {
                    **{k: v for k, v in row.items() if k not in ("slug", "source_key")},
                    "ingredient_id": ingredient_ids[row["slug"]] if row["slug"] else None,
                    "source_id": source_ids[row["source_key"]],
                }
                for row in plan.new_statements
            ],
        )

