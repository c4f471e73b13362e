"""Specification: PostgreSQL's search-text function (schema 19) gives what text_normalise
gives, on each of its ways through a text (ingredients/store/search_text_sql.py); an old
catalogue on either database upgrades to it keeping every row and every stored search text.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.text_normalise import GREEK_LETTERS, normalise
from ingredients.store.migrations import SCHEMA_VERSION, SCRIPT_LOCATION
from tests.test_lifecycle import upgraded_fixture

runner = CliRunner()


def _migrate(url: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", SCRIPT_LOCATION)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


@pytest.fixture(scope="module")
def server(make_database: Callable[[], str]) -> Iterator[Any]:
    """A connection to a database at the newest schema (no seed: only the function is asked)."""
    url = make_database()
    _migrate(url, "head")
    with _connect(url) as connection:
        yield connection


def _search_text(connection: Any, text: str) -> str:
    return str(connection.execute("SELECT ingredients_search_text(%s)", (text,)).fetchone()[0])


def _greek_once_decomposed(text: str) -> bool:
    return any(character in GREEK_LETTERS for character in unicodedata.normalize("NFKD", text))


# Text PostgreSQL can hold: UTF-8, no NUL.
_ANY = st.characters(min_codepoint=1, codec="utf-8")
_ASCII = st.text(st.characters(min_codepoint=1, max_codepoint=127), max_size=80)
# One character at least that is not ASCII, and no Greek letter even after decomposition.
_OTHER = st.builds(
    lambda before, character, after: before + character + after,
    st.text(_ANY, max_size=40),
    st.characters(min_codepoint=128, codec="utf-8"),
    st.text(_ANY, max_size=40),
).filter(lambda text: not _greek_once_decomposed(text))
# A Greek letter as written, or one that decomposition makes (µ, ϐ) or bares (ά).
_GREEK = st.builds(
    lambda before, character, after: before + character + after,
    st.text(_ANY, max_size=40),
    st.sampled_from([*GREEK_LETTERS, "\u00b5", "\u03d0", "\u03ac"]),
    st.text(_ANY, max_size=40),
)


@settings(max_examples=900, deadline=None)
@given(st.one_of(_ASCII, _OTHER, _GREEK))
# ASCII text: the replacements of word breaks.
@example("  Minoxidil 5% (topical), TGF-beta1; 5-alpha--reductase\t\x7f~ ")
@example("")
@example("---")
# Other text with no Greek letter: their replacements are skipped.
@example("naïve façade Ångström, 5–10 ｍｇ\u3000x")
@example("crème\u0085brûlée\u1680x")
# A Greek letter, as written or once decomposed.
@example("5α-Reductase, TGF-β1 (ＭＩＮＯＸＩＤＩＬ) ς")
@example("10 µg")
def test_the_server_normalises_search_text_as_python_does(server: Any, text: str) -> None:
    assert _search_text(server, text) == normalise(text)


# --- an old catalogue upgrades -------------------------------------------------------------

# Rows another client wrote at schema 18: ASCII, accented and Greek texts, each way through.
_OLD_ROWS = [
    ("plain-one", "Plain One", "A vasodilator; (topical) 5% solution."),
    ("accented-one", "Crème Brûlée", "Said to help – in 10 ｍｇ doses."),
    ("greek-one", "TGF-β1 blocker", "A 5α-reductase inhibitor, 10 µg."),
]
_TERMS = (
    "SELECT slug, name, mechanism, name_terms::text, description_terms::text FROM ingredient ORDER BY slug"
)


def test_an_old_catalogue_on_the_server_keeps_its_rows_and_search_columns(
    make_database: Callable[[], str],
) -> None:
    url = make_database()
    _migrate(url, "0018")
    with _connect(url) as connection:
        for slug, name, mechanism in _OLD_ROWS:
            connection.execute(
                "INSERT INTO ingredient (slug, name, ingredient_class, mechanism, origin) "
                "VALUES (%s, %s, 'other', %s, 'user')",
                (slug, name, mechanism),
            )
        before = connection.execute(_TERMS).fetchall()
    upgraded = runner.invoke(app, ["--db", url, "db", "upgrade"])
    assert upgraded.exit_code == 0 and f"from schema 18 to {SCHEMA_VERSION}" in upgraded.output
    with _connect(url) as connection:
        kept = [row for row in connection.execute(_TERMS).fetchall() if row[0] in {r[0] for r in _OLD_ROWS}]
        assert kept == before
        source = connection.execute("SELECT prosrc FROM pg_proc WHERE proname = 'ingredients_search_text'")
        assert "octet_length(body) = length(body)" in source.fetchone()[0]
        for _, name, mechanism in _OLD_ROWS:
            assert _search_text(connection, name) == normalise(name)
            assert _search_text(connection, mechanism) == normalise(mechanism)
    for query, slug in (
        ("5-alpha reductase", "greek-one"),
        ("creme", "accented-one"),
        ("topical", "plain-one"),
    ):
        found = runner.invoke(app, ["--db", url, "search", query])
        assert found.exit_code == 0 and slug in found.output, found.output


def test_an_old_sqlite_catalogue_upgrades_keeping_every_row(tmp_path: Path) -> None:
    old = upgraded_fixture(tmp_path)
    with closing(sqlite3.connect(old)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The user's own entry (fixtures/catalogue-0.1.0) is found as before.
    found = runner.invoke(app, ["--db", str(old), "search", "adenosine"])
    assert found.exit_code == 0 and "adenosine" in found.output, found.output
