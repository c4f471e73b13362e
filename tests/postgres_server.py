"""A throwaway PostgreSQL server for the tests, started by pytest-postgresql's executor.

The tests use INGREDIENTS_TEST_POSTGRES_URL when it is set. Otherwise, when the
PostgreSQL server binaries are installed, pytest-postgresql's PostgreSQLExecutor
starts a server of its own for the session and removes it afterwards. Under root
(containers, CI) PostgreSQL refuses to start ("cannot be run as root"), so pg_ctl
is then run as the `postgres` account the distribution's package creates, in a
directory that account owns. Why the tests were skipped, if they were, is kept
for the summary line.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

URL_VARIABLE = "INGREDIENTS_TEST_POSTGRES_URL"
SERVER_ACCOUNT = "postgres"


@dataclass
class ServerState:
    """What the session found out about PostgreSQL, for the summary line."""

    url: str | None = None
    how: str = "not needed by the tests that ran"


state = ServerState()


def find_pg_ctl() -> str | None:
    """pg_ctl on PATH, else the newest Debian-style install (which keeps it off PATH)."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        return on_path
    installed = glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")
    installed.sort(key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)
    return installed[-1] if installed else None


def _run_as_account(pg_ctl: str, home: Path) -> str:
    """A pg_ctl stand-in that runs the real one as the server account (root only)."""
    script = home / "pg_ctl"
    script.write_text(f'#!/bin/sh\nexec runuser -u {SERVER_ACCOUNT} -- "{pg_ctl}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    account = pwd.getpwnam(SERVER_ACCOUNT)
    os.chown(home, account.pw_uid, account.pw_gid)
    return str(script)


def start_server() -> Iterator[str]:
    """Yields the URL of a running server's maintenance database; stops it afterwards."""
    from port_for import get_port
    from pytest_postgresql.executors import PostgreSQLExecutor

    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        raise LookupError(
            f"no PostgreSQL server binaries (pg_ctl) found; install postgresql or set {URL_VARIABLE}"
        )
    home = Path(tempfile.mkdtemp(prefix="ingredients-pg-"))
    try:
        executable = pg_ctl
        if os.geteuid() == 0:
            try:
                executable = _run_as_account(pg_ctl, home)
            except KeyError:
                raise LookupError(
                    f"running as root and there is no '{SERVER_ACCOUNT}' account to run PostgreSQL as"
                ) from None
        port = get_port(None)
        assert port is not None
        executor = PostgreSQLExecutor(
            executable=executable,
            host="127.0.0.1",
            port=port,
            datadir=str(home / "data"),
            unixsocketdir=str(home),
            logfile=str(home / "log"),
            startparams="-w",
            dbname="postgres",
            user=SERVER_ACCOUNT,
            postgres_options="-c fsync=off",
        )
        executor.start()
        state.how = f"ran on a throwaway PostgreSQL {executor.version} started by pytest-postgresql"
        try:
            yield f"postgresql+psycopg://{SERVER_ACCOUNT}@127.0.0.1:{port}/postgres"
        finally:
            executor.stop()
    finally:
        shutil.rmtree(home, ignore_errors=True)


# --- for the tests: connections to the server and databases made on it ---------------------


def admin_connection(server_url: str) -> Any:
    import psycopg

    return psycopg.connect(server_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def url_of(server_url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=database).render_as_string(hide_password=False)
