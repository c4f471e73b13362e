"""Adding and removing user entries: imports and removals, each one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlmodel import col, delete, select

from . import models
from .errors import IngredientsError
from .import_files import ImportFile, open_import_file
from .importing import ImportReport, run_import
from .lifecycle import prepare, transaction
from .location import DatabaseLocation


def open_import_files(
    paths: Sequence[Path], fmt: str | None = None, table: str | None = None
) -> list[ImportFile]:
    return [open_import_file(path, fmt, table) for path in paths]


def import_entries(
    location: DatabaseLocation,
    files: list[ImportFile],
    *,
    dry_run: bool = False,
    replace_seed: bool = False,
) -> ImportReport:
    """Check and write every row in one transaction: all of them, or (on any problem) none."""
    prepare(location)
    with transaction(location, "the import failed and nothing was written") as session:
        report = run_import(session, files, replace_seed)
        if dry_run:
            session.rollback()
        return report


def is_seed_slug(slug: str) -> bool:
    import seed_data

    return slug in {resource.name.removesuffix(".toml") for resource in seed_data.ingredient_files()}


def remove_ingredient(location: DatabaseLocation, slug: str) -> bool:
    """Delete a user ingredient with its aliases and statements; True if a seed entry came back.

    An ingredient that replaced a seed one (import --replace-seed) carries the
    seed's aliases and statements too. Removing it takes away only what the user
    added and restores the seed's own row, so the seed is whole again.
    """
    from .seed_loader import load_seed_catalogue
    from .seeding import reseed

    prepare(location)
    with transaction(location, "the removal failed and nothing was changed") as session:
        row = session.exec(select(models.Ingredient).where(models.Ingredient.slug == slug)).first()
        if row is None:
            raise IngredientsError(f"no ingredient {slug!r} to remove")
        if row.origin != "user":
            raise IngredientsError(f"{row.name!r} comes from the seed data and cannot be removed")
        if not is_seed_slug(slug):
            # The database cascades the delete to the ingredient's aliases and statements.
            session.delete(row)
            return False
        for table in (models.Alias, models.Statement, models.Strength):
            session.exec(
                delete(table).where(col(table.ingredient_id) == row.id).where(col(table.origin) == "user")
            )
        row.origin = "seed"
        session.add(row)
        session.flush()
        reseed(session, load_seed_catalogue())
        return True
