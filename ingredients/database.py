"""The write path: SQLAlchemy engine, schema creation and the meta table.

Imported only by commands that must create, seed or change a database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine, select

from . import models
from .errors import DatabaseError
from .location import DatabaseLocation
from .search_index import REBUILD_STATEMENTS, SCHEMA_STATEMENTS

BUSY_TIMEOUT_MS = 10_000


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # SQLite forgets these per connection, so every new one is told again.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(location: DatabaseLocation) -> Engine:
    if location.sqlite_path is not None:
        parent = location.sqlite_path.parent
        if not parent.exists() and location.is_default:
            parent.mkdir(parents=True, exist_ok=True)
        if not parent.is_dir():
            raise DatabaseError(f"directory {parent} does not exist")
        if location.sqlite_path.is_dir():
            raise DatabaseError(f"{location.sqlite_path} is a directory, not a database file")
    try:
        engine = create_engine(location.url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise DatabaseError(f"cannot use database URL {location.url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_schema(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        if is_sqlite(engine):
            # WAL lets readers go on while an import writes, and is a property
            # of the file, so setting it once is enough.
            connection.exec_driver_sql("PRAGMA journal_mode = WAL")
            for statement in SCHEMA_STATEMENTS:
                connection.exec_driver_sql(statement)
    with Session(engine) as session:
        if session.get(models.Meta, "schema_version") is None:
            session.add(models.Meta(key="schema_version", value=str(models.SCHEMA_VERSION)))
            session.commit()


def rebuild_search_index(session: Session) -> None:
    if is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        for statement in REBUILD_STATEMENTS:
            session.exec(text(statement))  # type: ignore[call-overload]


def read_meta(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.exec(select(models.Meta))}


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
