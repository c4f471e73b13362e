"""SQLAlchemy engines and sessions for writing, and the meta table.

Imported only by commands that must create, seed or change a database.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

from ingredients.core.errors import DatabaseError
from ingredients.core.text_normalise import normalise
from ingredients.store import models
from ingredients.store.location import DatabaseLocation, hide_password, is_read_only_file
from ingredients.store.search_index import SEARCH_TEXT
from ingredients.store.server import make_server_engine

# SQLAlchemy logs what it cannot raise (a connection that failed to close as Ctrl-C struck)
# through logging's last-resort handler, which prints a traceback; the library never prints,
# and what matters reaches the caller as an exception.
logging.getLogger("sqlalchemy").addHandler(logging.NullHandler())

BUSY_TIMEOUT_MS = 10_000


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # SQLite forgets these per connection, so every new one is told again.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.close()
    # The search index's triggers call it (migration 0005).
    dbapi_connection.create_function(SEARCH_TEXT, 1, _search_text, deterministic=True)


def _search_text(text: str | None) -> str | None:
    return None if text is None else normalise(text)


def _configure_sqlite_writer(dbapi_connection: Any, record: Any) -> None:
    _configure_sqlite_connection(dbapi_connection, record)
    # WAL lets readers go on while a writer works; a no-op once the file is in WAL.
    dbapi_connection.execute("PRAGMA journal_mode = WAL")
    # 16 MiB of page cache (SQLite's default is 2): a large import otherwise spills
    # dirty index pages mid-transaction and writes them twice; 50,000 rows went 10 %
    # faster. A fixed cap, so memory stays flat however large the file.
    dbapi_connection.execute("PRAGMA cache_size = -16384")
    # The driver's own transaction handling is switched off so that each
    # transaction can start with BEGIN IMMEDIATE (see _begin_immediately).
    dbapi_connection.isolation_level = None


def _begin_immediately(connection: Any) -> None:
    # Take the write lock at the start: a transaction that reads and then
    # writes could otherwise fail at once, without waiting, when another
    # process wrote in between.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(location: DatabaseLocation, *, for_writing: bool = True) -> Engine:
    """An engine; for writing, every transaction holds the write lock from its start."""
    if location.sqlite_path is not None:
        parent = location.sqlite_path.parent
        if not parent.exists() and location.is_default:
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create the data folder {parent}: {exc.strerror or exc}") from exc
        if parent.exists() and not parent.is_dir():
            raise DatabaseError(f"{parent} is a file, not a directory")
        if not parent.is_dir():
            raise DatabaseError(f"directory {parent} does not exist")
        if location.sqlite_path.is_dir():
            raise DatabaseError(f"{location.sqlite_path} is a directory, not a database file")
        if for_writing and is_read_only_file(location.sqlite_path):
            raise DatabaseError(f"{location.sqlite_path} is read-only; it cannot be changed")
    if location.sqlite_path is None and not location.url.startswith("sqlite"):
        return make_server_engine(location)
    try:
        engine = create_engine(location.url)
    except ImportError as exc:
        raise DatabaseError(
            f"the database driver for {location.describe()} is not installed ({hide_password(str(exc))})"
        ) from None
    except (SQLAlchemyError, ValueError) as exc:
        raise DatabaseError(
            f"cannot use database URL {location.describe()}: {hide_password(str(exc))}"
        ) from None
    if engine.dialect.name == "sqlite" and for_writing:
        event.listen(engine, "connect", _configure_sqlite_writer)
        event.listen(engine, "begin", _begin_immediately)
    elif engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def write_meta(session: Session, key: str, value: str) -> None:
    row = session.get(models.Meta, key)
    if row is None:
        session.add(models.Meta(key=key, value=value))
    else:
        row.value = value
        session.add(row)


@contextmanager
def session_for(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
