"""Export writes any stored text as it did row by row through the csv module and json.dumps,
byte for byte, on SQLite and on PostgreSQL (read through psycopg2 alone).

The values go straight into the database (past the importer, which would tidy some of them),
so the text is as arbitrary as the database can hold: quotes, commas, CR, LF, tabs, empty
and NULL values, non-ASCII; and numbers of any size in the float column.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingredients.exchange.opening import open_reader
from ingredients.read import queries
from ingredients.render.output import _json_default, _text_cell
from ingredients.store.location import resolve_location
from ingredients.store.reader import Reader, SqliteReader
from ingredients.store.server_reader import PsycopgReader, connect

from .small_catalogue import SmallCatalogue

# The free-text columns each table's one row takes here, by table in the database.
TEXT_COLUMNS = {
    "ingredient": ("class_detail", "stated_purpose", "mechanism", "regulatory_status", "identifiers_note"),
    "statement": ("searched",),
    "strength": ("note",),
    "source": ("note", "authors"),
}
EXPORTED = ("ingredients", "statements", "strengths", "sources")
FORMATS = ("csv", "tsv", "json", "jsonl")


def _catalogue() -> SmallCatalogue:
    catalogue = SmallCatalogue()
    catalogue.source("source-a", note="A note.", accessed="2025-03-04")
    catalogue.ingredient("agent-a", stated_purpose="A purpose.")
    catalogue.evidence("agent-a", source="source-a", manufacturer_sponsored=True)
    catalogue.strength("agent-a", 2.5, source="source-a")
    return catalogue


# --- the old renderers: the oracle ----------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def old_render(table: queries.Table, fmt: str) -> str:
    """How export wrote the table before: csv.writer a row at a time (flags spelled as they still
    are), json.dumps a row at a time."""
    columns, rows = table.columns, list(table.rows)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        flags = [i for i, column in enumerate(columns) if column in table.boolean_columns]
        for row in rows:
            row = list(row)
            for i in flags:
                row[i] = _text_cell(row[i])
            writer.writerow(row)
        return buffer.getvalue()
    records = [_dumps(dict(zip(columns, row, strict=True))) for row in rows]
    if fmt == "jsonl":
        return "".join(record + "\n" for record in records)
    return "[\n  " + ",\n  ".join(records) + "\n]\n" if records else "[]\n"


def new_render(table: queries.Table, fmt: str) -> str:
    from ingredients.render.output import render_table

    return "".join(render_table(table, fmt))


# --- values as arbitrary as each database holds ----------------------------------------

SPECIAL = [",", '"', "\r", "\n", "\t", " ", "x", "é", "\u2028", "𝛼", "\\"]


def texts(nul: bool) -> st.SearchStrategy[str]:
    """Any text (PostgreSQL's text holds no NUL), weighted towards the csv specials."""
    alphabet = st.characters(exclude_characters=None if nul else "\x00", exclude_categories=("Cs",))
    return st.text(alphabet=alphabet) | st.text(alphabet=st.sampled_from(SPECIAL))


def stored_values(nul: bool) -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {
        f"{table}.{column}": st.none() | texts(nul)
        for table, columns in TEXT_COLUMNS.items()
        for column in columns
    }
    fields["statement.text"] = texts(nul)  # never NULL
    # A strength's value: any positive number, as big or small as a float goes.
    fields["strength.value"] = st.floats(min_value=1e-300, max_value=1e300, allow_infinity=False)
    return st.fixed_dictionaries(fields)


def _assignments(
    values: dict[str, Any], placeholder: Callable[[str], str]
) -> Iterator[tuple[str, list[Any]]]:
    for table in {name.partition(".")[0] for name in values}:
        columns = [name.partition(".")[2] for name in values if name.startswith(f"{table}.")]
        sql = f"UPDATE {table} SET " + ", ".join(f"{c} = {placeholder(c)}" for c in columns)
        yield sql, [values[f"{table}.{c}"] for c in columns]


def assert_exports_as_before(reader: Reader) -> None:
    for name in EXPORTED:
        for fmt in FORMATS:
            new = new_render(queries.export_table(reader, name), fmt)
            assert new == old_render(queries.export_table(reader, name), fmt), (name, fmt)


# --- SQLite ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _catalogue().build(tmp_path_factory.mktemp("export-text"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=stored_values(nul=True))
def test_sqlite_exports_any_text_as_before(sqlite_catalogue: Path, values: dict[str, Any]) -> None:
    with sqlite3.connect(sqlite_catalogue) as connection:
        for sql, parameters in _assignments(values, lambda _: "?"):
            connection.execute(sql, parameters)
    reader = SqliteReader(sqlite_catalogue)
    try:
        assert_exports_as_before(reader)
    finally:
        reader.close()


# --- PostgreSQL ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server_catalogue(make_database: Callable[[], str]) -> str:
    url = make_database()
    _catalogue().write(resolve_location(url))
    return url


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=stored_values(nul=False))
def test_postgresql_exports_any_text_as_before(server_catalogue: str, values: dict[str, Any]) -> None:
    location = resolve_location(server_catalogue)
    connection = connect(location)
    try:
        # psycopg2: the block commits the transaction; closing is the caller's.
        with connection, connection.cursor() as cursor:
            for sql, parameters in _assignments(values, lambda _: "%s"):
                cursor.execute(sql, parameters)
    finally:
        connection.close()
    reader = open_reader(location)
    assert isinstance(reader, PsycopgReader)
    try:
        assert_exports_as_before(reader)
    finally:
        reader.close()
