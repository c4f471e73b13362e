"""Adding and removing user entries: imports and removals, each one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from . import database, models
from .catalogue import prepare
from .errors import DatabaseError, IngredientsError, failure_reason
from .import_files import ImportFile, open_import_file
from .importing import ImportReport, run_import
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
    engine = database.make_engine(location)
    try:
        with database.session_for(engine) as session:
            report = run_import(session, files, replace_seed)
            if dry_run:
                session.rollback()
            return report
    except SQLAlchemyError as exc:
        raise DatabaseError(f"the import failed and nothing was written ({failure_reason(exc)})") from None
    finally:
        engine.dispose()


def remove_ingredient(location: DatabaseLocation, slug: str) -> None:
    """Delete a user ingredient with its aliases and statements."""
    engine = database.make_engine(location)
    try:
        with database.session_for(engine) as session:
            row = session.exec(select(models.Ingredient).where(models.Ingredient.slug == slug)).first()
            if row is None:
                raise IngredientsError(f"no ingredient {slug!r} to remove")
            if row.origin != "user":
                raise IngredientsError(f"{row.name!r} comes from the seed data and cannot be removed")
            # The database cascades the delete to the ingredient's aliases and statements.
            session.delete(row)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"the removal failed and nothing was changed ({failure_reason(exc)})") from None
    finally:
        engine.dispose()
