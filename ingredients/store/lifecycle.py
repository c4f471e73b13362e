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
from ingredients.core.errors import DatabaseError, failure_reason
from ingredients.store.location import DatabaseLocation, is_read_only_file
from ingredients.store.migrations import SCHEMA_VERSION, SCRIPT_LOCATION, revision
from ingredients.store.reader import Reader, SqlAlchemyReader, SqliteReader, connect_sqlite_readonly

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def seed_is_current(meta: dict[str, str]) -> bool:
    stored = meta.get("seed_data_version")
    return stored is not None and version_tuple(stored) >= version_tuple(seed_data.SEED_DATA_VERSION)


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


def needs_upgrade_error(where: str, found: int) -> DatabaseError:
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

    from ingredients.store import database, interrupts, server

    engine = database.make_engine(location)
    try:
        with database.session_for(engine) as session:
            server.lock_for_writing(session)
            yield session
            # Never commit work that Ctrl-C interrupted (see interrupts).
            if interrupts.requested():
                interrupts.stopped_a_write()
    except KeyboardInterrupt:
        interrupts.stopped_a_write()
    except SQLAlchemyError as exc:
        if interrupts.requested():
            interrupts.stopped_a_write()
        raise DatabaseError(f"{failed} ({failure_reason(exc)})") from None
    finally:
        engine.dispose()


def migrate(connection: Connection, found: int | None) -> None:
    """Apply the migrations after ``found`` (None: an empty database) on this connection."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    if found is not None and not connection.dialect.has_table(connection, "alembic_version"):
        # Written by 0.1.0, which kept its version in the meta table only.
        command.stamp(config, revision(found))
    command.upgrade(config, revision(SCHEMA_VERSION))


def locked_meta(session: Session) -> dict[str, str] | None:
    """The meta table read under the write lock; None for an empty database."""
    from sqlalchemy import inspect, text

    if not inspect(session.connection()).has_table("meta"):
        return None
    # On SQLite the transaction already holds the write lock (BEGIN IMMEDIATE);
    # elsewhere, locking the row makes a second client wait for the first.
    lock = "" if session.get_bind().dialect.name == "sqlite" else " FOR UPDATE"
    rows = session.connection().execute(text(f"SELECT key, value FROM meta{lock}"))
    return {key: value for key, value in rows}


def backup_path(path: Path, label: int | str) -> Path:
    """`NAME.bak-<label>` (the schema before an upgrade, `rebuild` before a rebuild), or
    `NAME.bak-<label>.2`, ... : an earlier backup is never overwritten."""
    target = path.with_name(f"{path.name}.bak-{label}")
    number = 1
    while target.exists() or target.is_symlink():
        number += 1
        target = path.with_name(f"{path.name}.bak-{label}.{number}")
    return target


def server_meta_unlocked(location: DatabaseLocation) -> dict[str, str] | None:
    """The meta table of a database server's catalogue, read without locking; None when empty."""
    from ingredients.store import server

    engine = server.make_server_engine(location)
    try:
        return server.read_meta(engine)
    finally:
        engine.dispose()


def backup_before_upgrade(path: Path, found: int) -> Path:
    """A consistent copy of a SQLite catalogue beside it, named for its schema version."""
    return backup_copy(path, found, ("upgraded", "upgrading"))


def backup_before_rebuild(path: Path) -> Path:
    """A consistent copy of a SQLite catalogue beside it (`NAME.bak-rebuild`), before a
    rebuild rewrites its seed rows and search index."""
    return backup_copy(path, "rebuild", ("rebuilt", "rebuilding"))


def backup_copy(path: Path, label: int | str, what_for: tuple[str, str]) -> Path:
    """A consistent copy of a SQLite catalogue beside it (SQLite's backup, so a copy taken
    while another program writes is whole); ``what_for`` names what it is taken before
    (`upgraded`, `upgrading`)."""
    done, doing = what_for
    if is_read_only_file(path):
        raise DatabaseError(f"{path} is read-only; it cannot be {done}")
    target = backup_path(path, label)
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
        raise DatabaseError(f"cannot back up {path} to {target} before {doing} it ({exc})") from None
    return target


@dataclass(frozen=True)
class UpgradeReport:
    from_version: int | None
    to_version: int
    backup: Path | None


# --- reading ------------------------------------------------------------------


def open_existing_reader(location: DatabaseLocation) -> Reader:
    """A reader on a catalogue as it is: nothing is created, upgraded or refreshed."""
    if location.sqlite_path is not None:
        if read_sqlite_meta(location.sqlite_path) is None:
            raise DatabaseError(f"there is no catalogue at {location.describe()} yet")
        return SqliteReader(location.sqlite_path)
    from ingredients.store import server, server_reader

    if server_reader.is_psycopg(location):
        return server_reader.PsycopgReader(server_reader.connect(location))
    return SqlAlchemyReader(server.make_server_engine(location))
