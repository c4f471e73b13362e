"""Specification: the schema's CAS check (schema_rules.cas_valid_sql) agrees with the
program's (identifiers.is_valid_cas) on every text, on SQLite and on PostgreSQL.

The two are written independently: Python weighs the digits in a loop, SQL by a fixed
sum over a zero-padded copy. Hypothesis draws numbers of every length (valid, with
every wrong check digit, and near misses of the shape) and arbitrary text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingredients.core.identifiers import cas_check_digit, is_valid_cas
from ingredients.store.schema_rules import cas_valid_sql

_DIGITS = "0123456789"


@st.composite
def cas_numbers(draw: st.DrawFn) -> str:
    """A CAS-shaped number of any length (2 to 7 digits first), its check digit right or any other."""
    first = draw(st.text(_DIGITS, min_size=2, max_size=7))
    second = draw(st.text(_DIGITS, min_size=2, max_size=2))
    right = cas_check_digit(first + second)
    check = draw(st.sampled_from([right, *(d for d in range(10) if d != right)]))
    return f"{first}-{second}-{check}"


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    """A valid number with its shape broken: a group too long or short, a hyphen moved,
    a non-ASCII digit, a space or line break added."""
    number = draw(cas_numbers())
    position = draw(st.integers(0, len(number)))
    inserted = draw(st.sampled_from(["0", "-", " ", "\n", "\u0663", "a", ""]))
    cut = draw(st.integers(0, 1))
    return number[:position] + inserted + number[position + cut :]


TEXTS = st.one_of(cas_numbers(), near_misses(), st.text(_DIGITS + "-", max_size=14), st.text(max_size=14))

# Examples pinned at every boundary: each length of the first group, the shortest and
# longest forms, and a check digit that needs every weight.
PINNED = [
    "50-00-0",
    "58-08-2",
    "7732-18-5",
    "1234567-89-5",
    "0-00-0",
    "00-00-0",
    "12345678-90-1",
    "50-00-0\n",
]


def _sqlite_says(connection: sqlite3.Connection, value: str) -> bool:
    condition = cas_valid_sql("cas_number", "sqlite")
    sql = f"SELECT CASE WHEN {condition} THEN 1 ELSE 0 END FROM (SELECT ? AS cas_number)"
    return bool(connection.execute(sql, (value,)).fetchone()[0])


@pytest.fixture(scope="module")
def sqlite_connection() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    yield connection
    connection.close()


@pytest.mark.parametrize("value", PINNED)
def test_sqlite_agrees_at_the_boundaries(sqlite_connection: sqlite3.Connection, value: str) -> None:
    assert _sqlite_says(sqlite_connection, value) == is_valid_cas(value)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=TEXTS)
@example(value="1-23-4")
def test_sqlite_agrees_with_the_program(sqlite_connection: sqlite3.Connection, value: str) -> None:
    assert _sqlite_says(sqlite_connection, value) == is_valid_cas(value)


@pytest.fixture(scope="module")
def server(postgres_url: str) -> Iterator[Any]:
    import psycopg

    with psycopg.connect(
        postgres_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    ) as c:
        yield c


def _postgresql_says(connection: Any, value: str) -> bool:
    # psycopg reads % as a placeholder: the modulo is written %%.
    condition = cas_valid_sql("cas_number", "postgresql").replace("%", "%%")
    sql = f"SELECT {condition} FROM (SELECT %s::text AS cas_number) AS given"
    return bool(connection.execute(sql, (value,)).fetchone()[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=TEXTS.filter(lambda text: "\x00" not in text))
@example(value="1234567-89-5")
def test_postgresql_agrees_with_the_program(server: Any, value: str) -> None:
    assert _postgresql_says(server, value) == is_valid_cas(value)


@pytest.mark.parametrize("value", PINNED)
def test_postgresql_agrees_at_the_boundaries(server: Any, value: str) -> None:
    assert _postgresql_says(server, value) == is_valid_cas(value)
