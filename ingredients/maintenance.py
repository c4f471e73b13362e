"""Rebuilding a catalogue in place: seed rows rewritten, user rows kept, index remade."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import func, select

from . import database, models
from .catalogue import check_schema_version, read_sqlite_meta
from .errors import DatabaseError, failure_reason
from .location import DatabaseLocation
from .seed_loader import load_seed_catalogue
from .seeding import reseed


def rebuild(location: DatabaseLocation) -> dict[str, int]:
    """One transaction: an interrupted rebuild leaves the database as it was."""
    if location.sqlite_path is not None:
        meta = read_sqlite_meta(location.sqlite_path)
        if meta is not None:
            check_schema_version(meta.get("schema_version"), str(location.sqlite_path))
    seed = load_seed_catalogue()
    engine = database.make_engine(location)
    try:
        database.create_schema(engine)
        with database.session_for(engine) as session:
            reseed(session, seed)
            session.flush()
            return {
                "ingredients": session.exec(select(func.count()).select_from(models.Ingredient)).one(),
                "statements": session.exec(select(func.count()).select_from(models.Statement)).one(),
                "sources": session.exec(select(func.count()).select_from(models.Source)).one(),
            }
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot rebuild {location.describe()}: {failure_reason(exc)}") from None
    finally:
        engine.dispose()
