"""Adding and removing user entries: imports and removals, each one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from ingredients.core.errors import IngredientsError, NotFoundError
from ingredients.core.identifiers import lookup_key, source_key_fold
from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.exchange.import_files import FileProblem, ImportFile, open_import_file
from ingredients.exchange.importer import ImportReport
from ingredients.exchange.importing import run_import
from ingredients.exchange.opening import prepare
from ingredients.store import models
from ingredients.store.lifecycle import transaction
from ingredients.store.location import DatabaseLocation


def open_import_files(
    paths: Sequence[Path], fmt: str | None = None, table: str | None = None
) -> list[ImportFile]:
    from ingredients.exchange.cosing_export import is_cosing_export, is_gzipped, open_cosing_export
    from ingredients.exchange.package_import import is_data_package, open_data_package

    files = []
    for path in paths:
        if is_data_package(path):
            files += open_data_package(path)
        elif is_cosing_export(path):
            files.append(open_cosing_export(path))
        elif is_gzipped(path):
            raise FileProblem(f"{path.name}: gzipped, but not the Commission's CosIng export")
        else:
            files.append(open_import_file(path, fmt, table))
    return files


def import_entries(
    location: DatabaseLocation, files: list[ImportFile], *, dry_run: bool = False, replace_seed: bool = False
) -> ImportReport:
    """Check and write every row in one transaction: all of them, or (on any problem) none."""
    prepare(location)
    with transaction(location, "the import failed and nothing was written") as session:
        replaced = _without_loaded_cosing(session) if any(f.replaces_cosing for f in files) else 0
        report = run_import(session, files, replace_seed)
        report.cosing_replaced = replaced
        if dry_run:
            session.rollback()
        return report


def _without_loaded_cosing(session: Session) -> int:
    """Delete the CosIng entries an earlier load of the Commission's export put there; how many."""
    from ingredients.exchange.cosing_export import COSING_SOURCE

    loaded = select(models.Source.id).where(col(models.Source.key) == COSING_SOURCE).scalar_subquery()
    held = delete(models.CosingIngredient).where(col(models.CosingIngredient.source_id) == loaded)
    return int(session.exec(held).rowcount or 0)  # type: ignore[call-overload]


def is_seed_slug(slug: str) -> bool:
    import seed_data

    return slug in {resource.name.removesuffix(".toml") for resource in seed_data.ingredient_files()}


def remove_ingredient(location: DatabaseLocation, slug: str, *, dry_run: bool = False) -> str:
    """Delete a user ingredient with its aliases and statements; what went (or would go) as a phrase.

    An ingredient that replaced a seed one (import --replace-seed) carries the
    seed's aliases and statements too. Removing it takes away only what the user
    added and restores the seed's own row, so the seed is whole again.
    """
    prepare(location)
    with transaction(location, "the removal failed and nothing was changed") as session:
        row = session.exec(select(models.Ingredient).where(models.Ingredient.slug == slug)).first()
        if row is None:
            raise IngredientsError(f"no ingredient {slug!r} to remove")
        if row.origin != "user":
            raise IngredientsError(f"{row.name!r} comes from the seed data and cannot be removed")
        restores = is_seed_slug(slug)
        described = _describe_ingredient(session, row, restores)
        if dry_run:
            return described
        if restores:
            _restore_seed(session, row)
            return f"your {row.name} ({row.slug}); the seed entry is back"
        # The database cascades the delete to the ingredient's aliases and statements.
        session.delete(row)
        return f"{row.name} ({row.slug})"


def _describe_ingredient(session: Session, row: models.Ingredient, restores: bool) -> str:
    """What removing it takes: only the user's own rows when the seed entry comes back."""

    def counted(table: type[models.Alias] | type[models.Statement]) -> int:
        query = select(func.count()).select_from(table).where(col(table.ingredient_id) == row.id)
        if restores:
            query = query.where(col(table.origin) == "user")
        return int(session.exec(query).one())

    aliases, statements = counted(models.Alias), counted(models.Statement)
    if restores:
        return (
            f"your {row.name} ({row.slug}) with your {aliases} alias(es) and "
            f"{statements} statement(s) on it, bringing back the seed entry"
        )
    return f"{row.name} ({row.slug}) with its {aliases} alias(es) and {statements} statement(s)"


def _restore_seed(session: Session, row: models.Ingredient) -> None:
    from ingredients.exchange.seed_loader import load_seed_catalogue
    from ingredients.exchange.seeding import reseed

    for table in (models.Alias, models.Statement, models.Strength):
        session.exec(
            delete(table).where(col(table.ingredient_id) == row.id).where(col(table.origin) == "user")
        )
    row.origin = "seed"
    session.add(row)
    session.flush()
    reseed(session, load_seed_catalogue())


def _describe_statement(row: models.Statement, slug: str | None) -> str:
    text = row.text if len(row.text) <= 60 else row.text[:57] + "..."
    return f"statement {row.id} ({slug or PROCEDURE_SLUG}, {row.kind}: {text!r})"


def remove_statement(location: DatabaseLocation, statement_id: int, *, dry_run: bool = False) -> str:
    """Delete one user statement; what went (or would go) as a phrase."""
    prepare(location)
    with transaction(location, "the removal failed and nothing was changed") as session:
        row = session.get(models.Statement, statement_id)
        if row is None:
            raise NotFoundError(f"there is no statement with id {statement_id}")
        ingredient = session.get(models.Ingredient, row.ingredient_id) if row.ingredient_id else None
        described = _describe_statement(row, ingredient.slug if ingredient else None)
        if row.origin != "user":
            raise IngredientsError(f"{described} comes from the seed data and cannot be removed")
        if not dry_run:
            session.delete(row)
        return described


def remove_alias(location: DatabaseLocation, name: str, *, dry_run: bool = False) -> str:
    """Delete one user alias, found by its name in any case or spelling variant."""
    prepare(location)
    with transaction(location, "the removal failed and nothing was changed") as session:
        row = session.exec(select(models.Alias).where(models.Alias.name_key == lookup_key(name))).first()
        if row is None:
            raise NotFoundError(f"there is no alias named {name!r}")
        ingredient = session.get(models.Ingredient, row.ingredient_id)
        described = f"alias {row.name!r} ({row.kind}) of {ingredient.slug if ingredient else '?'}"
        if row.origin != "user":
            raise IngredientsError(f"{described} comes from the seed data and cannot be removed")
        if not dry_run:
            session.delete(row)
        return described


_LISTED_CITATIONS = 10


def _rows_citing(session: Session, source_id: int | None) -> list[str]:
    """Every row that names the source, found through the schema's own references to it,
    so a table that comes to cite sources is checked without an edit here."""
    from sqlalchemy import select as select_columns
    from sqlmodel import SQLModel

    citing = []
    for table in SQLModel.metadata.sorted_tables:
        for reference in sorted(table.foreign_keys, key=lambda key: key.parent.name):
            if reference.column.table.name != models.Source.__tablename__:
                continue
            named_by = table.c["slug"] if "slug" in table.c else table.c["id"]
            column = reference.parent.name.removesuffix("_id")
            which = "" if column == "source" else f" ({column})"
            rows = session.connection().execute(
                select_columns(named_by).where(reference.parent == source_id).order_by(named_by)
            )
            citing += [f"{table.name} {value!r}{which}" for (value,) in rows]
    return citing


def remove_source(location: DatabaseLocation, key: str, *, dry_run: bool = False) -> str:
    """Delete one user source that nothing cites; a cited one is refused, naming what cites it."""
    prepare(location)
    with transaction(location, "the removal failed and nothing was changed") as session:
        row = session.exec(
            select(models.Source).where(func.lower(models.Source.key) == source_key_fold(key.strip()))
        ).first()
        if row is None:
            raise NotFoundError(f"there is no source with key {key.strip()!r}")
        described = f"source {row.key!r} ({row.title})"
        if row.origin != "user":
            raise IngredientsError(f"{described} comes from the seed data and cannot be removed")
        citing = _rows_citing(session, row.id)
        if citing:
            listed = ", ".join(citing[:_LISTED_CITATIONS])
            more = f" and {len(citing) - _LISTED_CITATIONS} more" if len(citing) > _LISTED_CITATIONS else ""
            raise IngredientsError(
                f"{described} is still cited by {listed}{more}; remove or correct those first"
            )
        if not dry_run:
            session.delete(row)
        return described
