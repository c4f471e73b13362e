"""csv and tsv written a block of rows at a time, byte for byte as the csv module writes them."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingredients.core.table import Table
from ingredients.render.delimited import BLOCK_ROWS, delimited_text, quoted_characters
from ingredients.render.output import render_table


def by_csv_module(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str, headers: bool
) -> str:
    """The old way: the csv module's writer, a row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    if headers:
        writer.writerow(columns)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def written(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str = ",", headers: bool = True
) -> str:
    return "".join(delimited_text(columns, rows, delimiter, headers))


class Text(str):
    """A str subclass whose str() differs from its text: the csv module writes its text."""

    def __str__(self) -> str:
        return "not this"


class Number(float):
    """A float subclass whose str() differs from its repr: the csv module writes its str()."""

    def __str__(self) -> str:
        return "not this"


# One row per branch and boundary: the field, its delimiter, and the line it makes beside "x".
FIELDS = [
    ("plain", ",", "plain,x\n"),
    ("", ",", ",x\n"),
    (None, ",", ",x\n"),
    ("a,b", ",", '"a,b",x\n'),
    ('say "hi"', ",", '"say ""hi""",x\n'),
    ('"', ",", '"""",x\n'),
    ("a\nb", ",", '"a\nb",x\n'),
    ("\n", ",", '"\n",x\n'),
    ("a\tb", ",", "a\tb,x\n"),
    ("a\tb", "\t", '"a\tb"\tx\n'),
    ("a,b", "\t", "a,b\tx\n"),
    ('a"b', "\t", '"a""b"\tx\n'),
    (" padded ", ",", " padded ,x\n"),
    ("Crème brûlée 5α \u2028 𝛼", ",", "Crème brûlée 5α \u2028 𝛼,x\n"),
    ("a\x00b", ",", "a\x00b,x\n"),
    (0, ",", "0,x\n"),
    (-12, ",", "-12,x\n"),
    (0.1, ",", "0.1,x\n"),
    (100.0, ",", "100.0,x\n"),
    (1e-05, ",", "1e-05,x\n"),
    (1e16, ",", "1e+16,x\n"),
    (0.30000000000000004, ",", "0.30000000000000004,x\n"),
    (True, ",", "True,x\n"),
    (Number(0.5), ",", "not this,x\n"),
    (Text("a,b"), ",", '"a,b",x\n'),
]


@pytest.mark.parametrize(("value", "delimiter", "line"), FIELDS)
def test_a_field_is_written_as_the_csv_module_writes_it(value: Any, delimiter: str, line: str) -> None:
    assert written(["value", "next"], [[value, "x"]], delimiter, headers=False) == line
    assert by_csv_module(["value", "next"], [[value, "x"]], delimiter, headers=False) == line


def test_a_carriage_return_is_quoted_exactly_when_the_csv_module_quotes_it() -> None:
    # Python versions differ here when lines end in a line feed; the csv module decides.
    for delimiter in (",", "\t"):
        assert written(["a", "b"], [["1\r2", "x"]], delimiter) == by_csv_module(
            ["a", "b"], [["1\r2", "x"]], delimiter, headers=True
        )


@pytest.mark.parametrize(
    ("delimiter", "quoted", "not_quoted"),
    [
        (",", {",", '"', "\n"}, {"\t", " ", "a", "0", "'"}),
        ("\t", {"\t", '"', "\n"}, {",", " ", "a", "0", "'"}),
    ],
)
def test_the_quoted_characters_are_read_off_the_csv_module(
    delimiter: str, quoted: set[str], not_quoted: set[str]
) -> None:
    found = set(quoted_characters(delimiter))
    assert quoted <= found
    assert not found & not_quoted


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        ([[""]], 'one\n""\n'),
        ([[None]], 'one\n""\n'),
        ([["a"]], "one\na\n"),
        ([["a,b"]], 'one\n"a,b"\n'),
        ([], "one\n"),
    ],
)
def test_a_table_of_one_column_quotes_an_empty_field(rows: list[list[Any]], text: str) -> None:
    assert written(["one"], rows) == text


def test_an_empty_table_is_its_header_or_nothing() -> None:
    assert written(["a", "b"], []) == "a,b\n"
    assert written(["a", "b"], [], headers=False) == ""


@pytest.mark.parametrize("count", [0, 1, BLOCK_ROWS - 1, BLOCK_ROWS, BLOCK_ROWS + 1, 2 * BLOCK_ROWS + 1])
def test_every_row_is_written_once_in_order_whatever_the_blocks(count: int) -> None:
    rows = [[str(number), f"row {number}"] for number in range(count)]
    chunks = list(delimited_text(["n", "text"], iter(rows), ",", True))
    assert "".join(chunks) == by_csv_module(["n", "text"], rows, ",", True)
    # Streamed: no chunk holds more than a block of rows.
    assert all(chunk.count("\n") <= BLOCK_ROWS for chunk in chunks)


def test_flags_are_spelled_and_other_booleans_are_left_to_the_csv_module() -> None:
    table = Table(["flag", "other"], [[True, True], [False, None], [None, False]], frozenset({"flag"}))
    assert "".join(render_table(table, "csv")) == "flag,other\ntrue,True\nfalse,\n,False\n"


# Any text at all, weighted towards what the csv module treats specially.
texts = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from([",", '"', "\r", "\n", "\t", " ", "a", "é", "\u2028", "𝛼"])),
)
values = st.one_of(texts, st.none(), st.integers(), st.floats(), st.booleans())


@settings(max_examples=1500, deadline=None)
@given(
    width=st.integers(1, 4),
    data=st.data(),
    delimiter=st.sampled_from([",", "\t"]),
    headers=st.booleans(),
)
@example(width=2, data=None, delimiter=",", headers=True)
def test_any_rows_are_written_as_the_csv_module_writes_them(
    width: int, data: st.DataObject | None, delimiter: str, headers: bool
) -> None:
    columns = [f"c{index}" for index in range(width)]
    if data is None:
        rows: list[list[Any]] = [['a "quoted", \r\nline', None], ["", "é"]]
    else:
        rows = data.draw(
            st.lists(st.lists(values, min_size=width, max_size=width), max_size=2 * BLOCK_ROWS + 3)
        )
    assert written(columns, rows, delimiter, headers) == by_csv_module(columns, rows, delimiter, headers)
