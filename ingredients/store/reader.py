"""Ways to run the same read queries: stdlib sqlite3, psycopg2, or a SQLAlchemy engine.

Every query is plain SQL with named parameters, written once in queries.py.
A SQLite file is read through sqlite3, which starts in milliseconds; PostgreSQL
through psycopg2 alone (server_reader.py); any other database URL through
SQLAlchemy. Tests run every query on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from ingredients.core.errors import DatabaseError, failure_reason
from ingredients.store.dialects import SQLITE, Dialect, dialect_named

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

Params = Mapping[str, Any]


@dataclass
class Rows:
    columns: list[str]
    rows: Iterator[tuple[Any, ...]]


class Reader(Protocol):
    dialect: Dialect

    def execute(self, sql: str, params: Params | None = None, *, streamed: bool = False) -> Rows:
        """The rows of ``sql``. ``streamed``: a large result (a whole table), read in
        batches so that memory stays flat whatever its size."""
        ...

    def close(self) -> None: ...


def connect_sqlite_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection: a read can never change or create the file."""
    connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    connection.execute("PRAGMA busy_timeout = 10000")
    return connection


class SqliteReader:
    dialect = SQLITE

    def __init__(self, path: Path) -> None:
        try:
            self._connection = connect_sqlite_readonly(path)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open {path}: {exc}") from None

    def execute(self, sql: str, params: Params | None = None, *, streamed: bool = False) -> Rows:
        # sqlite3 always hands rows out as they are read: every result is streamed.
        try:
            cursor = self._connection.execute(sql, dict(params or {}))
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"database read failed: {exc}") from None
        columns = [description[0] for description in cursor.description or ()]
        return Rows(columns, iter(cursor))

    def close(self) -> None:
        self._connection.close()


def as_sqlite_gives(value: Any) -> Any:
    """Dates as the ISO text SQLite stores, so every database answers alike."""
    return value.isoformat() if isinstance(value, dt.date) else value


class SqlAlchemyReader:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection = engine.connect()
        self.dialect = dialect_named(engine.dialect.name)

    def execute(self, sql: str, params: Params | None = None, *, streamed: bool = False) -> Rows:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        try:
            connection = self._connection.execution_options(stream_results=streamed)
            result = connection.execute(text(sql), dict(params or {}))
        except SQLAlchemyError as exc:
            raise DatabaseError(f"database read failed: {failure_reason(exc)}") from None
        return Rows(list(result.keys()), (tuple(as_sqlite_gives(value) for value in row) for row in result))

    def close(self) -> None:
        self._connection.close()
        self._engine.dispose()
