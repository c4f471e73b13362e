"""A catalogue's life: locate, open, check its version, upgrade, refresh the seed, ready.

Every command reaches a catalogue through this module. The checks on a SQLite
file that is already current use stdlib sqlite3 only, so such a command never
imports SQLAlchemy or Alembic.

- A new catalogue is created by running every migration, then seeded.
- An older schema is upgraded by the migrations still missing, in one
  transaction, after a backup copy of a SQLite file. The default catalogue
  (which the user never made) upgrades itself; one the user named with --db or
  INGREDIENTS_DB is only upgraded by `ingredients db upgrade`.
- A newer schema is refused, never misread.
- An older seed is refreshed; rows the user added are never touched.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import seed_data

from .errors import DatabaseError, failure_reason
from .location import DatabaseLocation, is_read_only_file
from .migrations import SCHEMA_VERSION, revision
from .reader import Reader, SqlAlchemyReader, SqliteReader, connect_sqlite_readonly

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def seed_is_current(meta: dict[str, str]) -> bool:
    stored = meta.get("seed_data_version")
    return stored is not None and version_tuple(stored) >= version_tuple(
        seed_data.SEED_DATA_VERSION
    )


def schema_version(meta: dict[str, str], where: str) -> int:
    """The stored schema version; refuses one this program cannot read."""
    found = meta.get("schema_version", "")
    if not found.isdigit():
        raise DatabaseError(f"{where} has an unreadable schema version {found!r}")
    if int(found) > SCHEMA_VERSION:
        raise DatabaseError(
            f"{where} was written by a newer version of ingredients (schema {found}, "
            f"this one reads {SCHEMA_VERSION}); upgrade ingredients to use it"
        )
    return int(found)


def _needs_upgrade_error(where: str, found: int) -> DatabaseError:
    return DatabaseError(
        f"{where} uses an older schema ({found}, this program reads {SCHEMA_VERSION}); "
        "run 'ingredients db upgrade' to upgrade it (a backup is made first)"
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


# --- writing ------------------------------------------------------------------


@contextmanager
def transaction(location: DatabaseLocation, failed: str) -> Iterator[Session]:
    """One write transaction on the catalogue: committed when the block ends.

    On any error it is rolled back; a database failure becomes one DatabaseError
    line starting with ``failed``. Every write in the library goes through here.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from . import database, interrupts, server

    engine = database.make_engine(location)
    try:
        with database.session_for(engine) as session:
            server.lock_for_writing(session)
            yield session
            # Never commit work that Ctrl-C interrupted (see interrupts).
            interrupts.check()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"{failed} ({failure_reason(exc)})") from None
    finally:
        engine.dispose()


def _migrate(connection: Connection, found: int | None) -> None:
    """Apply the migrations after ``found`` (None: an empty database) on this connection."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "ingredients:migrations")
    config.attributes["connection"] = connection
    if found is not None and not connection.dialect.has_table(connection, "alembic_version"):
        # Written by 0.1.0, which kept its version in the meta table only.
        command.stamp(config, revision(found))
    command.upgrade(config, revision(SCHEMA_VERSION))


def _locked_meta(session: Session) -> dict[str, str] | None:
    """The meta table read under the write lock; None for an empty database."""
    from sqlalchemy import inspect, text

    if not inspect(session.connection()).has_table("meta"):
        return None
    # On SQLite the transaction already holds the write lock (BEGIN IMMEDIATE);
    # elsewhere, locking the row makes a second client wait for the first.
    lock = "" if session.get_bind().dialect.name == "sqlite" else " FOR UPDATE"
    rows = session.connection().execute(text(f"SELECT key, value FROM meta{lock}"))
    return {key: value for key, value in rows}


def _backup_path(path: Path, found: int) -> Path:
    """`NAME.bak-<schema>`, or `NAME.bak-<schema>.2`, ... : an earlier backup is never overwritten."""
    target = path.with_name(f"{path.name}.bak-{found}")
    number = 1
    while target.exists() or target.is_symlink():
        number += 1
        target = path.with_name(f"{path.name}.bak-{found}.{number}")
    return target


def _server_meta(location: DatabaseLocation) -> dict[str, str] | None:
    """The meta table of a database server's catalogue, read without locking; None when empty."""
    from . import server

    engine = server.make_server_engine(location)
    try:
        return server.read_meta(engine)
    finally:
        engine.dispose()


def _backup(path: Path, found: int) -> Path:
    """A consistent copy of a SQLite catalogue beside it, named for its schema version."""
    if is_read_only_file(path):
        raise DatabaseError(f"{path} is read-only; it cannot be upgraded")
    target = _backup_path(path, found)
    try:
        source = sqlite3.connect(path)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        shutil.copymode(path, target)
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise DatabaseError(f"cannot back up {path} to {target} before upgrading it ({exc})") from None
    return target


@dataclass(frozen=True)
class UpgradeReport:
    from_version: int | None
    to_version: int
    backup: Path | None


def prepare(location: DatabaseLocation, *, may_upgrade: bool | None = None) -> UpgradeReport:
    """Bring a catalogue to the current schema and seed; safe when two clients start at once.

    ``may_upgrade`` defaults to whether the catalogue is the per-user default.
    """
    from .seed_loader import load_seed_catalogue
    from .seeding import apply_seed

    if may_upgrade is None:
        may_upgrade = location.is_default
    where = location.describe()
    backup = None
    if location.sqlite_path is None:
        # A look without the write lock first: a ready catalogue needs no write at all,
        # so people who may only read it (SELECT) use it as it is.
        server_meta = _server_meta(location)
        if server_meta is not None:
            stored = schema_version(server_meta, where)
            if stored < SCHEMA_VERSION and not may_upgrade:
                raise _needs_upgrade_error(where, stored)
            if stored == SCHEMA_VERSION and seed_is_current(server_meta):
                return UpgradeReport(stored, SCHEMA_VERSION, None)
    if location.sqlite_path is not None:
        meta = read_sqlite_meta(location.sqlite_path)
        if meta is not None and schema_version(meta, where) < SCHEMA_VERSION:
            if not may_upgrade:
                raise _needs_upgrade_error(where, int(meta["schema_version"]))
            backup = _backup(location.sqlite_path, int(meta["schema_version"]))
    with transaction(location, f"cannot prepare the catalogue at {where}") as session:
        meta = _locked_meta(session)
        found = None if meta is None else schema_version(meta, where)
        if found is not None and found < SCHEMA_VERSION and not may_upgrade:
            raise _needs_upgrade_error(where, found)
        if found is None or found < SCHEMA_VERSION:
            _migrate(session.connection(), found)
            meta = _locked_meta(session) or {}
        if not seed_is_current(meta or {}):
            apply_seed(session, load_seed_catalogue())
    return UpgradeReport(found, SCHEMA_VERSION, backup)


def upgrade(location: DatabaseLocation) -> UpgradeReport:
    """`db upgrade`: the catalogue brought to the current schema and seed, whoever made it."""
    return prepare(location, may_upgrade=True)


def rebuild(location: DatabaseLocation) -> dict[str, int]:
    """Seed rows and search index rewritten in one transaction; user rows kept."""
    from sqlmodel import func, select

    from . import models
    from .seed_loader import load_seed_catalogue
    from .seeding import reseed

    seed = load_seed_catalogue()
    prepare(location)
    with transaction(location, f"cannot rebuild {location.describe()}") as session:
        reseed(session, seed)
        session.flush()
        return {
            "ingredients": session.exec(select(func.count()).select_from(models.Ingredient)).one(),
            "statements": session.exec(select(func.count()).select_from(models.Statement)).one(),
            "sources": session.exec(select(func.count()).select_from(models.Source)).one(),
        }


# --- reading ------------------------------------------------------------------


def open_existing_reader(location: DatabaseLocation) -> Reader:
    """A reader on a catalogue as it is: nothing is created, upgraded or refreshed."""
    if location.sqlite_path is not None:
        if read_sqlite_meta(location.sqlite_path) is None:
            raise DatabaseError(f"there is no catalogue at {location.describe()} yet")
        return SqliteReader(location.sqlite_path)
    from . import server

    return SqlAlchemyReader(server.make_server_engine(location))


def open_for_inspection(location: DatabaseLocation) -> Reader:
    """A reader for `db status`: a catalogue that needs an upgrade is read as it is; otherwise
    as for any command (created and seeded on first use)."""
    if location.sqlite_path is not None:
        meta = read_sqlite_meta(location.sqlite_path)
        if meta is not None and schema_version(meta, str(location.sqlite_path)) < SCHEMA_VERSION:
            return open_existing_reader(location)
    return open_reader(location)


def open_reader(location: DatabaseLocation) -> Reader:
    """A reader on a catalogue that exists, has the current schema and a current seed."""
    if location.sqlite_path is not None:
        meta = read_sqlite_meta(location.sqlite_path)
        where = str(location.sqlite_path)
        read_only = is_read_only_file(location.sqlite_path)
        if meta is None and read_only:
            raise DatabaseError(f"{where} is read-only and holds no catalogue yet")
        if meta is not None:
            found = schema_version(meta, where)
            if found < SCHEMA_VERSION and (read_only or not location.is_default):
                raise _needs_upgrade_error(where, found)
        # A read-only catalogue with an older seed is still read, as it is.
        if meta is None or schema_version(meta, where) < SCHEMA_VERSION or (
            not seed_is_current(meta) and not read_only
        ):
            prepare(location)
        return SqliteReader(location.sqlite_path)
    from . import server

    engine = server.make_server_engine(location)
    meta = server.read_meta(engine)
    where = location.describe()
    if meta is not None and schema_version(meta, where) == SCHEMA_VERSION and not seed_is_current(meta) \
            and not server.may_write(engine):
        # Like a read-only SQLite file: someone who may only read sees the seed as it is.
        return SqlAlchemyReader(engine)
    if meta is None or schema_version(meta, where) < SCHEMA_VERSION or not seed_is_current(meta):
        prepare(location)
    return SqlAlchemyReader(engine)
