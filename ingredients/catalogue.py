"""Opening the catalogue: create and seed it on first use, refresh an old seed, then read.

The check that a SQLite file is ready uses stdlib sqlite3 only, so a command on
an up-to-date database never imports SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import seed_data

from .errors import DatabaseError, failure_reason
from .location import DatabaseLocation, is_read_only_file
from .reader import Reader, SqlAlchemyReader, SqliteReader, connect_sqlite_readonly

# Bumped whenever a table changes shape; a database written by a newer schema
# is refused rather than misread. Defined here, beside the check that reads it,
# so that the check needs no database stack.
SCHEMA_VERSION = 1


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def check_schema_version(found: str | None, where: str) -> None:
    if found is None:
        return
    if not found.isdigit():
        raise DatabaseError(f"{where} has an unreadable schema version {found!r}")
    if int(found) > SCHEMA_VERSION:
        raise DatabaseError(
            f"{where} was written by a newer version of ingredients (schema {found}, "
            f"this one reads {SCHEMA_VERSION}); upgrade ingredients to use it"
        )
    if int(found) < SCHEMA_VERSION:
        raise DatabaseError(
            f"{where} uses an older schema ({found}); run 'ingredients db rebuild' to upgrade it"
        )


def seed_is_current(meta: dict[str, str]) -> bool:
    stored = meta.get("seed_data_version")
    return stored is not None and version_tuple(stored) >= version_tuple(
        seed_data.SEED_DATA_VERSION
    )


def read_sqlite_meta(path: Path) -> dict[str, str] | None:
    """The meta table of a SQLite file; None when the file is new or empty."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if not path.exists():
        return None
    try:
        connection = connect_sqlite_readonly(path)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open {path}: {exc}") from None
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not tables:
            return None
        if "meta" not in tables:
            raise DatabaseError(f"{path} is a SQLite database, but not an ingredients catalogue")
        return dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a usable SQLite database ({exc})") from None
    finally:
        connection.close()


def prepare(location: DatabaseLocation) -> None:
    """Create the schema and write or refresh the seed; safe to run concurrently."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from . import database
    from .seed_loader import load_seed_catalogue
    from .seeding import apply_seed

    engine = database.make_engine(location)
    try:
        database.create_schema(engine)
        with database.session_for(engine) as session:
            # Take the write lock before deciding, so two first runs do not both seed.
            session.exec(text("UPDATE meta SET value = value WHERE key = 'schema_version'"))  # type: ignore[call-overload]
            meta = database.read_meta(session)
            check_schema_version(meta.get("schema_version"), location.describe())
            if not seed_is_current(meta):
                apply_seed(session, load_seed_catalogue())
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot prepare the database at {location.describe()}: {failure_reason(exc)}"
        ) from None
    finally:
        engine.dispose()


def open_existing_reader(location: DatabaseLocation) -> Reader:
    """A reader on a catalogue as it is: nothing is created, seeded or refreshed."""
    if location.sqlite_path is not None:
        if read_sqlite_meta(location.sqlite_path) is None:
            raise DatabaseError(f"there is no catalogue at {location.describe()} yet")
        return SqliteReader(location.sqlite_path)
    from . import database

    return SqlAlchemyReader(database.make_engine(location, for_writing=False))


def open_reader(location: DatabaseLocation) -> Reader:
    """A reader on a catalogue that is created, seeded and current."""
    if location.sqlite_path is not None:
        meta = read_sqlite_meta(location.sqlite_path)
        where = str(location.sqlite_path)
        if meta is not None:
            check_schema_version(meta.get("schema_version"), where)
        read_only = is_read_only_file(location.sqlite_path)
        if meta is None and read_only:
            raise DatabaseError(f"{where} is read-only and holds no catalogue yet")
        # A read-only catalogue with an older seed is still read, as it is.
        if meta is None or (not seed_is_current(meta) and not read_only):
            prepare(location)
        return SqliteReader(location.sqlite_path)
    from . import database

    prepare(location)
    return SqlAlchemyReader(database.make_engine(location, for_writing=False))
