"""Reading a catalogue on PostgreSQL through psycopg2 alone, as SqliteReader reads with sqlite3.

A read command on a server then loads neither SQLAlchemy nor the models: about
half a second a command on a team server went to importing them and to the
engine's own connection checks. The reads use psycopg2 rather than psycopg 3 (which
SQLAlchemy writes through, for its COPY): importing psycopg 3 loads asyncio and
importlib.metadata, about 0.13 s and 14 MiB more a command than psycopg2, measured side
by side (docs/performance.md). The queries are the same plain SQL with named
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
    import psycopg2.extensions

CONNECT_TIMEOUT_S = 10


def driver_missing(driver: str) -> str:
    """The one line that says a PostgreSQL driver is missing and how to install it."""
    return (
        f"the PostgreSQL driver ({driver}) is not installed; "
        "install it with: pip install 'ingredients[postgres]'"
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


def connect(location: DatabaseLocation) -> psycopg2.extensions.connection:
    """A connection on the server. psycopg2 binds parameters on the client (as SQLite binds
    them: a query such as ':kind IS NULL OR kind = :kind' then needs no type for a NULL)."""
    try:
        import psycopg2
    except ImportError:
        raise DatabaseError(driver_missing("psycopg2")) from None
    try:
        return psycopg2.connect(
            libpq_url(location.url), connect_timeout=CONNECT_TIMEOUT_S, client_encoding="UTF8"
        )
    except psycopg2.Error as exc:
        reason = _one_line(exc)
        if location.password:
            reason = reason.replace(location.password, "***")
        raise DatabaseError(f"cannot connect to {location.describe()}: {hide_password(reason)}") from None


class PsycopgReader:
    """Every read of one command in one transaction on one connection."""

    dialect = POSTGRESQL

    def __init__(self, connection: psycopg2.extensions.connection) -> None:
        self._connection = connection
        self._cursor_names = itertools.count()

    def execute(self, sql: str, params: Params | None = None, *, streamed: bool = False) -> Rows:
        """The rows of ``sql``; ``streamed`` reads them in batches from a server-side cursor,
        so that a whole table is never held in memory (export, the site)."""
        import psycopg2

        query, bound = pyformat(sql), dict(params or {})
        if streamed:
            cursor = self._connection.cursor(name=f"ingredients_{next(self._cursor_names)}")
            cursor.itersize = STREAM_BATCH
        else:
            cursor = self._connection.cursor()
        try:
            cursor.execute(query, bound)
            # A server-side cursor describes its columns only once it has fetched a row.
            first = cursor.fetchmany(STREAM_BATCH if streamed else 1)
        except psycopg2.Error as exc:
            cursor.close()
            raise DatabaseError(f"database read failed: {_one_line(exc)}") from None
        columns = [column.name for column in cursor.description or ()]
        return Rows(columns, _as_sqlite_rows(cursor, first))

    def close(self) -> None:
        self._connection.close()


def _as_sqlite_rows(
    cursor: psycopg2.extensions.cursor, first: list[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    import psycopg2

    dated = _date_columns(cursor)
    try:
        with cursor:
            rows = itertools.chain(first, cursor)
            if not dated:
                yield from rows
                return
            for row in rows:
                values = list(row)
                for index in dated:
                    values[index] = as_sqlite_gives(values[index])
                yield tuple(values)
    except psycopg2.Error as exc:
        raise DatabaseError(f"database read failed: {_one_line(exc)}") from None


def _date_columns(cursor: psycopg2.extensions.cursor) -> list[int]:
    """Where the result holds dates (or datetimes), by the columns' types: the only values SQLite
    gives otherwise, so only those need converting, and a whole table (export) is not converted
    value by value."""
    from psycopg2.extensions import PYDATE, PYDATETIME, PYDATETIMETZ

    dated = {*PYDATE.values, *PYDATETIME.values, *PYDATETIMETZ.values}
    return [index for index, column in enumerate(cursor.description or ()) if column.type_code in dated]


def is_psycopg(location: DatabaseLocation) -> bool:
    """A catalogue read directly by the driver: PostgreSQL through the default URL scheme."""
    return location.sqlite_path is None and location.url.startswith("postgresql+psycopg://")


def read_meta(connection: psycopg2.extensions.connection) -> dict[str, str] | None:
    """The meta table, or None when the database holds no catalogue yet.

    The transaction is ended afterwards, so that no lock of this read keeps a
    migration that follows it waiting."""
    import psycopg2

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('meta') IS NOT NULL")
            found = cursor.fetchone()
            if not (found and found[0]):
                return None
            cursor.execute("SELECT key, value FROM meta")
            return {key: value for key, value in cursor}
    except psycopg2.Error as exc:
        raise DatabaseError(f"cannot read the catalogue's versions ({_one_line(exc)})") from None
    finally:
        connection.rollback()


def may_write(connection: psycopg2.extensions.connection) -> bool:
    """Whether this login may change the catalogue (PostgreSQL's table privileges)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT has_table_privilege('meta', 'UPDATE')")
            found = cursor.fetchone()
            return bool(found and found[0])
    finally:
        connection.rollback()
