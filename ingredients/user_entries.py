"""Adding and removing user entries: imports and removals, each one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlmodel import select

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


def remove_ingredient(location: DatabaseLocation, slug: str) -> None:
    """Delete a user ingredient with its aliases and statements."""
    prepare(location)
    with transaction(location, "the removal failed and nothing was changed") as session:
        row = session.exec(select(models.Ingredient).where(models.Ingredient.slug == slug)).first()
        if row is None:
            raise IngredientsError(f"no ingredient {slug!r} to remove")
        if row.origin != "user":
            raise IngredientsError(f"{row.name!r} comes from the seed data and cannot be removed")
        # The database cascades the delete to the ingredient's aliases and statements.
        session.delete(row)
