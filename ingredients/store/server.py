"""A catalogue on a database server (PostgreSQL): engines, the meta table, rights, the write lock.

SQLAlchemy Core only: reading a catalogue on a server needs neither SQLModel nor
the models, so a read command loads no more than it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from ingredients.core.errors import DatabaseError, failure_reason
from ingredients.store.location import DatabaseLocation
from ingredients.store.server_reader import CONNECT_TIMEOUT_S, driver_missing

if TYPE_CHECKING:
    from sqlmodel import Session


def make_server_engine(location: DatabaseLocation) -> Engine:
    """An engine on the server, checked to answer before any work starts."""
    try:
        engine = create_engine(location.url, **_server_options(location))
    except ImportError as exc:
        raise DatabaseError(
            f"the database driver for {location.describe()} is not installed ({exc})"
        ) from None
    except (SQLAlchemyError, ValueError) as exc:
        raise DatabaseError(f"cannot use database URL {location.describe()}: {exc}") from None
    _check_reachable(engine, location)
    return engine


def _server_options(location: DatabaseLocation) -> dict[str, Any]:
    if location.sqlite_path is not None or not location.url.startswith("postgresql+psycopg"):
        return {}
    try:
        import psycopg
    except ImportError:
        raise DatabaseError(driver_missing("psycopg")) from None
    # Parameters are bound on the client, as SQLite binds them: a query such as
    # ':kind IS NULL OR kind = :kind' then needs no type for a NULL.
    return {"connect_args": {"cursor_factory": psycopg.ClientCursor, "connect_timeout": CONNECT_TIMEOUT_S}}


def _check_reachable(engine: Engine, location: DatabaseLocation) -> None:
    """One clear line when the server cannot be reached, or refuses us, before any work starts.

    The connection goes back to the engine's pool, so this costs nothing more.
    """
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = failure_reason(exc)
        if location.password:
            reason = reason.replace(location.password, "***")
        raise DatabaseError(f"cannot connect to {location.describe()}: {reason}") from None


# Every write transaction on a server takes this lock first, as SQLite's BEGIN
# IMMEDIATE takes its write lock: writers queue instead of interleaving, so two
# imports at once both land whole and none can deadlock the other, and two
# clients creating the catalogue at once create it once. Readers never wait.
WRITE_LOCK_KEY = 0x696E6772  # 'ingr'
WRITE_LOCK_TIMEOUT = "60s"


def lock_for_writing(session: Session) -> None:
    """Queue behind any other writer of this catalogue (PostgreSQL; SQLite locks on BEGIN)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name != "postgresql":
        return
    session.exec(text(f"SET LOCAL lock_timeout = '{WRITE_LOCK_TIMEOUT}'"))  # type: ignore[call-overload]
    session.exec(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"))  # type: ignore[call-overload]


def read_meta(engine: Engine) -> dict[str, str] | None:
    """The meta table, read without any lock; None when the database holds no catalogue yet."""
    from sqlalchemy import inspect, text

    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("meta"):
                return None
            return {key: value for key, value in connection.execute(text("SELECT key, value FROM meta"))}
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the catalogue's versions ({failure_reason(exc)})") from None


def may_write(engine: Engine) -> bool:
    """Whether this login may change the catalogue (PostgreSQL's table privileges)."""
    from sqlalchemy import text

    if engine.dialect.name != "postgresql":
        return True
    with engine.connect() as connection:
        return bool(connection.execute(text("SELECT has_table_privilege('meta', 'UPDATE')")).scalar())
