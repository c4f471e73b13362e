"""Reading a catalogue on PostgreSQL through psycopg alone, as SqliteReader reads with sqlite3.

A read command on a server then loads neither SQLAlchemy nor the models: about
half a second a command on a team server went to importing them and to the
engine's own connection checks. The queries are the same plain SQL with named
parameters (queries.py), bound on the client as SQLAlchemy's engine binds them
(server.py), so both paths give the same answers; tests/test_postgres.py holds
the answers to SQLite's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ingredients.core.errors import DatabaseError
from ingredients.store.dialects import POSTGRESQL
from ingredients.store.location import DatabaseLocation, hide_password
from ingredients.store.reader import Params, Rows, as_sqlite_gives

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 10
POSTGRES_DRIVER_MISSING = (
    "the PostgreSQL driver (psycopg) is not installed; install it with: pip install 'ingredients[postgres]'"
)
# Rows fetched a round trip from a server-side cursor: few enough to keep memory flat,
# many enough that the round trips cost little beside the rows. (Exporting 50,000
# ingredients peaked at 43 MiB with 500, 56 MiB with 2,000, in the same time.)
STREAM_BATCH = 500

# A named parameter as SQLAlchemy's text() finds one: ':name', not a '::' cast.
_NAMED = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")


@lru_cache(maxsize=256)
def pyformat(sql: str) -> str:
    """``sql`` with ':name' parameters in psycopg's '%(name)s' form and its own '%' doubled."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def libpq_url(url: str) -> str:
    """The location's URL as libpq reads it (without SQLAlchemy's '+driver')."""
    scheme, separator, rest = url.partition("://")
    return scheme.partition("+")[0] + separator + rest


def _one_line(exc: Exception) -> str:
    # PostgreSQL's messages run over several lines (a hint, the query with a caret).
    return " ".join(str(exc).split()) or exc.__class__.__name__


def connect(location: DatabaseLocation) -> psycopg.Connection[Any]:
    """A connection on the server, parameters bound on the client (as SQLite binds them: a
    query such as ':kind IS NULL OR kind = :kind' then needs no type for a NULL)."""
    try:
        import psycopg
    except ImportError:
        raise DatabaseError(POSTGRES_DRIVER_MISSING) from None
    try:
        return psycopg.connect(
            libpq_url(location.url), connect_timeout=CONNECT_TIMEOUT_S, cursor_factory=psycopg.ClientCursor
        )
    except psycopg.Error as exc:
        reason = _one_line(exc)
        if location.password:
            reason = reason.replace(location.password, "***")
        raise DatabaseError(f"cannot connect to {location.describe()}: {hide_password(reason)}") from None


class PsycopgReader:
    """Every read of one command in one transaction on one connection."""

    dialect = POSTGRESQL

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection
        self._cursor_names = itertools.count()

    def execute(self, sql: str, params: Params | None = None, *, streamed: bool = False) -> Rows:
        """The rows of ``sql``; ``streamed`` reads them in batches from a server-side cursor,
        so that a whole table is never held in memory (export, the site)."""
        import psycopg

        query, bound = pyformat(sql), dict(params or {})
        try:
            if streamed:
                # Bound on the client as every other read is, then run by a server-side cursor.
                text = psycopg.ClientCursor(self._connection).mogrify(query, bound)
                server = self._connection.cursor(name=f"ingredients_{next(self._cursor_names)}")
                server.itersize = STREAM_BATCH
                cursor: psycopg.Cursor[Any] | psycopg.ServerCursor[Any] = server.execute(text)
            else:
                cursor = self._connection.cursor().execute(query, bound)
        except psycopg.Error as exc:
            raise DatabaseError(f"database read failed: {_one_line(exc)}") from None
        columns = [column.name for column in cursor.description or ()]
        return Rows(columns, _as_sqlite_rows(cursor))

    def close(self) -> None:
        self._connection.close()


def _as_sqlite_rows(cursor: psycopg.Cursor[Any] | psycopg.ServerCursor[Any]) -> Iterator[tuple[Any, ...]]:
    import psycopg

    dated = _date_columns(cursor)
    try:
        with cursor:
            if not dated:
                yield from cursor
                return
            for row in cursor:
                values = list(row)
                for index in dated:
                    values[index] = as_sqlite_gives(values[index])
                yield tuple(values)
    except psycopg.Error as exc:
        raise DatabaseError(f"database read failed: {_one_line(exc)}") from None


# The types psycopg reads as Python dates (or datetimes): the only values SQLite gives otherwise.
_DATE_TYPES = ("date", "timestamp", "timestamptz")


def _date_columns(cursor: psycopg.Cursor[Any] | psycopg.ServerCursor[Any]) -> list[int]:
    """Where the result holds dates, by the columns' types: only those need converting, so a
    whole table (export) is not converted value by value."""
    from psycopg.postgres import types

    oids = {types[name].oid for name in _DATE_TYPES}
    return [index for index, column in enumerate(cursor.description or ()) if column.type_code in oids]


def is_psycopg(location: DatabaseLocation) -> bool:
    """A catalogue that psycopg reads directly: PostgreSQL through its default driver."""
    return location.sqlite_path is None and location.url.startswith("postgresql+psycopg://")


def read_meta(connection: psycopg.Connection[Any]) -> dict[str, str] | None:
    """The meta table, or None when the database holds no catalogue yet.

    The transaction is ended afterwards, so that no lock of this read keeps a
    migration that follows it waiting."""
    import psycopg

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('meta') IS NOT NULL")
            found = cursor.fetchone()
            if not (found and found[0]):
                return None
            cursor.execute("SELECT key, value FROM meta")
            return {key: value for key, value in cursor}
    except psycopg.Error as exc:
        raise DatabaseError(f"cannot read the catalogue's versions ({_one_line(exc)})") from None
    finally:
        connection.rollback()


def may_write(connection: psycopg.Connection[Any]) -> bool:
    """Whether this login may change the catalogue (PostgreSQL's table privileges)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT has_table_privilege('meta', 'UPDATE')")
            found = cursor.fetchone()
            return bool(found and found[0])
    finally:
        connection.rollback()
