"""A catalogue made ready for use: created, upgraded and seeded where it needs it, then opened.

Above the store because seeding goes through the import path (exchange): the store
knows how to migrate and write; this module decides when, and loads the seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingredients.core.errors import DatabaseError
from ingredients.store import search_index
from ingredients.store.lifecycle import (
    SCHEMA_VERSION,
    UpgradeReport,
    backup_before_rebuild,
    backup_before_upgrade,
    locked_meta,
    migrate,
    needs_upgrade_error,
    open_existing_reader,
    read_sqlite_meta,
    schema_version,
    seed_is_current,
    server_meta_unlocked,
    transaction,
)
from ingredients.store.location import DatabaseLocation, is_read_only_file
from ingredients.store.reader import Reader, SqlAlchemyReader, SqliteReader
from ingredients.store.server_reader import is_psycopg


def prepare(location: DatabaseLocation, *, may_upgrade: bool | None = None) -> UpgradeReport:
    """Bring a catalogue to the current schema and seed; safe when two clients start at once.

    ``may_upgrade`` defaults to whether the catalogue is the per-user default.
    """
    from ingredients.exchange.seed_loader import load_seed_catalogue
    from ingredients.exchange.seeding import apply_seed

    if may_upgrade is None:
        may_upgrade = location.is_default
    where = location.describe()
    backup = None
    if location.sqlite_path is None:
        # A look without the write lock first: a ready catalogue needs no write at all,
        # so people who may only read it (SELECT) use it as it is.
        server_meta = server_meta_unlocked(location)
        if server_meta is not None:
            stored = schema_version(server_meta, where)
            if stored < SCHEMA_VERSION and not may_upgrade:
                raise needs_upgrade_error(where, stored)
            if stored == SCHEMA_VERSION and seed_is_current(server_meta):
                return UpgradeReport(stored, SCHEMA_VERSION, None)
    if location.sqlite_path is not None:
        meta = read_sqlite_meta(location.sqlite_path)
        if meta is not None and schema_version(meta, where) < SCHEMA_VERSION:
            if not may_upgrade:
                raise needs_upgrade_error(where, int(meta["schema_version"]))
            backup = backup_before_upgrade(location.sqlite_path, int(meta["schema_version"]))
    with transaction(location, f"cannot prepare the catalogue at {where}") as session:
        meta = locked_meta(session)
        found = None if meta is None else schema_version(meta, where)
        if found is not None and found < SCHEMA_VERSION and not may_upgrade:
            raise needs_upgrade_error(where, found)
        if found is None or found < SCHEMA_VERSION:
            migrate(session.connection(), found)
            meta = locked_meta(session) or {}
        if not seed_is_current(meta or {}):
            apply_seed(session, load_seed_catalogue())
    return UpgradeReport(found, SCHEMA_VERSION, backup)


def upgrade(location: DatabaseLocation) -> UpgradeReport:
    """`db upgrade`: the catalogue brought to the current schema and seed, whoever made it."""
    return prepare(location, may_upgrade=True)


def _damaged_search_indexes(location: DatabaseLocation) -> list[str]:
    """The search indexes a rebuild must make again. A damaged table is refused instead:
    rewriting around it would lose what it still holds, and nothing is written."""
    import sqlite3
    from contextlib import closing

    from ingredients.store.checks import SAVE_WHAT_READS, integrity_problems

    path = location.sqlite_path
    if path is None or not path.exists():
        return []
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            integrity = integrity_problems(
                [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
            )
    except sqlite3.Error as exc:
        integrity = [str(exc)]
    if integrity != ["ok"]:
        raise DatabaseError(
            f"cannot rebuild {location.describe()}: it is damaged ({integrity[0]}); {SAVE_WHAT_READS}"
        )
    return list(search_index.damaged_indexes(path))


@dataclass(frozen=True)
class RebuildReport:
    counts: dict[str, int]
    # The copy taken before anything was written; None for a database server or a new file.
    backup: Path | None


def rebuild(location: DatabaseLocation) -> RebuildReport:
    """Seed rows and search index rewritten in one transaction; user rows kept. A SQLite
    file is copied beside itself first (`NAME.bak-rebuild`): a rebuild rewrites most of it."""
    from sqlmodel import func, select

    from ingredients.exchange.seed_loader import load_seed_catalogue
    from ingredients.exchange.seeding import reseed
    from ingredients.store import models

    seed = load_seed_catalogue()
    damaged = _damaged_search_indexes(location)
    path = location.sqlite_path
    backup = backup_before_rebuild(path) if path is not None and path.exists() else None
    prepare(location)
    with transaction(location, f"cannot rebuild {location.describe()}") as session:
        for index in damaged:
            search_index.recreate(session, index)
        reseed(session, seed)
        session.flush()
        counts = {
            "ingredients": session.exec(select(func.count()).select_from(models.Ingredient)).one(),
            "statements": session.exec(select(func.count()).select_from(models.Statement)).one(),
            "sources": session.exec(select(func.count()).select_from(models.Source)).one(),
        }
    return RebuildReport(counts, backup)


def open_for_inspection(location: DatabaseLocation) -> Reader:
    """A reader for `db status`: a catalogue that needs an upgrade is read as it is; otherwise
    as for any command (created and seeded on first use)."""
    if location.sqlite_path is not None:
        meta = read_sqlite_meta(location.sqlite_path)
        if meta is not None and schema_version(meta, str(location.sqlite_path)) < SCHEMA_VERSION:
            return open_existing_reader(location)
    return open_reader(location)


def open_reader(
    location: DatabaseLocation, upgraded: Callable[[UpgradeReport], None] | None = None
) -> Reader:
    """A reader on a catalogue that exists, has the current schema and a current seed.

    ``upgraded`` hears of an upgrade made on the way (the per-user default catalogue
    upgrades itself), so the caller can say so and name the backup."""
    if location.sqlite_path is not None:
        meta = read_sqlite_meta(location.sqlite_path)
        where = str(location.sqlite_path)
        read_only = is_read_only_file(location.sqlite_path)
        if meta is None and read_only:
            raise DatabaseError(f"{where} is read-only and holds no catalogue yet")
        if meta is not None:
            found = schema_version(meta, where)
            if found < SCHEMA_VERSION and (read_only or not location.is_default):
                raise needs_upgrade_error(where, found)
        # A read-only catalogue with an older seed is still read, as it is.
        if (
            meta is None
            or schema_version(meta, where) < SCHEMA_VERSION
            or (not seed_is_current(meta) and not read_only)
        ):
            report = prepare(location)
            if report.backup is not None and upgraded is not None:
                upgraded(report)
        return SqliteReader(location.sqlite_path)
    if is_psycopg(location):
        return _open_server_reader(location)
    from ingredients.store import server

    engine = server.make_server_engine(location)
    meta = server.read_meta(engine)
    if _needs_preparing(meta, location, lambda: server.may_write(engine)):
        prepare(location)
    return SqlAlchemyReader(engine)


def _open_server_reader(location: DatabaseLocation) -> Reader:
    """A read on PostgreSQL through psycopg2 alone: SQLAlchemy is loaded only when the
    catalogue must first be created, upgraded or reseeded."""
    from ingredients.store import server_reader

    connection = server_reader.connect(location)
    try:
        meta = server_reader.read_meta(connection)
        if _needs_preparing(meta, location, lambda: server_reader.may_write(connection)):
            prepare(location)
    except BaseException:
        connection.close()
        raise
    return server_reader.PsycopgReader(connection)


def _needs_preparing(
    meta: dict[str, str] | None, location: DatabaseLocation, may_write: Callable[[], bool]
) -> bool:
    """Whether a server's catalogue must be created, upgraded or reseeded before it is read."""
    if meta is None:
        return True
    found = schema_version(meta, location.describe())
    if found < SCHEMA_VERSION:
        return True
    # Like a read-only SQLite file: someone who may only read sees the seed as it is.
    return not seed_is_current(meta) and may_write()
