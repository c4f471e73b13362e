"""Shared fixtures: a seeded catalogue copied fresh for every test, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from ingredients.exchange.opening import open_reader
from ingredients.store.location import DatabaseLocation, resolve_location

from . import postgres_server

# The SQL that holds the best-evidence rule is built on first use and kept (functools.cache).
_BUILT_SQL = (
    ("ingredients.read.queries", ("_list_sql",)),
    ("ingredients.read.best_evidence", ("_best_columns_sql", "_best_by_route_sql")),
    ("ingredients.read.claims", ("_claims_sql", "_at_best_sql")),
    ("ingredients.check.formulation_check", ("_ingredient_sql",)),
)


@pytest.fixture(autouse=True)
def _sql_built_by_each_test() -> None:
    """Every test builds the rule's SQL itself, so mutation testing sees each test that depends
    on it (with the SQL kept, only the first test to run it would be seen to build it)."""
    import importlib

    for module, names in _BUILT_SQL:
        for name in names:
            getattr(importlib.import_module(module), name).cache_clear()


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never touch the real per-user database, whatever the environment says."""
    monkeypatch.delenv("INGREDIENTS_DB", raising=False)
    # A width exported by the shell would fit every table to it (see OutputSettings.width).
    monkeypatch.delenv("COLUMNS", raising=False)
    # GNU readline, once some library loads it, writes LINES and COLUMNS into the process's
    # own environment behind os.environ's back, and every subprocess would inherit them.
    for name in ("COLUMNS", "LINES"):
        os.unsetenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server's maintenance database: the one given, or a throwaway one."""
    given = os.environ.get(postgres_server.URL_VARIABLE)
    if given:
        postgres_server.state.how = f"ran on the server {postgres_server.URL_VARIABLE} names"
        yield given
        return
    try:
        yield from postgres_server.start_server()
    except LookupError as why:
        postgres_server.state.how = f"skipped: {why}"
        pytest.skip(postgres_server.state.how)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(f"PostgreSQL tests: {postgres_server.state.how}")


@pytest.fixture(scope="module")
def make_database(postgres_url: str) -> Iterator[Callable[[], str]]:
    """Creates empty databases on the server (dropped at the end); gives their URLs.

    Each orders text by language rules (ICU's en-US), as team servers usually do
    whatever the locale the server was started in: a query that leaves ordering to
    the database's collation then answers differently from SQLite, and a test sees it.
    """
    made: list[str] = []

    def make() -> str:
        name = f"ingredients_{uuid.uuid4().hex[:12]}"
        with postgres_server.admin_connection(postgres_url) as admin:
            admin.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
            )
        made.append(name)
        return postgres_server.url_of(postgres_url, name)

    yield make
    with postgres_server.admin_connection(postgres_url) as admin:
        for name in made:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One catalogue seeded once per session; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "catalogue.db"
    open_reader(resolve_location(str(path))).close()
    return path


@pytest.fixture(scope="module")
def catalogue(seeded_template: Path) -> Iterator[sqlite3.Connection]:
    """The seeded catalogue, read-only, its rows addressable by column name."""
    connection = sqlite3.connect(f"file:{seeded_template}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


@pytest.fixture
def db_path(seeded_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.db"
    shutil.copyfile(seeded_template, path)
    return path


@pytest.fixture
def location(db_path: Path) -> DatabaseLocation:
    return resolve_location(str(db_path))


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(db_path: Path) -> Invoke:
    """Run the CLI against the test catalogue; stdout and stderr are kept apart."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, ["--db", str(db_path), *args], input=input)

    return run


def fingerprint(path: Path) -> str:
    """A checksum of what a database holds (its raw bytes when SQLite cannot read it)."""
    import hashlib
    import sqlite3

    digest = hashlib.sha256()
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            for line in connection.iterdump():
                digest.update(line.encode("utf-8", "surrogateescape"))
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        digest.update(path.read_bytes() if path.is_file() else b"<not a file>")
    return digest.hexdigest()


@pytest.fixture
def device(tmp_path: Path) -> Callable[[str], Path]:
    """A character device for --output tests that no bug can destroy.

    As root a broken build (or a mutant under mutation testing) could rename a file
    over /dev/null or /dev/full, so root gets private copies of them in the test's
    folder; anyone else cannot replace the real ones and uses them.
    """
    import os

    numbers = {"null": (1, 3), "full": (1, 7)}

    def make(name: str) -> Path:
        if os.geteuid() != 0:
            return Path("/dev") / name
        path = tmp_path / f"dev-{name}"
        os.mknod(path, 0o666 | 0o020000, os.makedev(*numbers[name]))
        return path

    return make
