"""The small rules of ingredients.core, each by table: an effect in words, a table's columns,
an error's one line, a grade's label."""

from __future__ import annotations

from typing import Any

import pytest

from ingredients.core.effect_words import effect_text, statement_effect
from ingredients.core.errors import NotFoundError, UsageError, failure_reason
from ingredients.core.table import Table, as_dicts, parse_columns
from ingredients.core.vocabulary import level_label


@pytest.mark.parametrize(
    ("value", "unit", "kind", "low", "high", "p", "expected"),
    [
        (None, None, None, None, None, None, None),
        (None, None, None, 1.0, 2.0, None, None),
        (None, "hairs", "difference-vs-comparator", None, None, 0.03, "no figure (p 0.03) vs comparator"),
        (
            7.9,
            "hairs",
            "difference-vs-comparator",
            7.14,
            8.66,
            0.00001,
            "+7.9 hairs (95% CI 7.14 to 8.66; p 0.00001) vs comparator",
        ),
        (-2.5, "hairs/cm2", "change-from-baseline", None, None, None, "-2.5 hairs/cm2 from baseline"),
        (0.0, "%", None, None, None, None, "0 %"),
        (1.5, "ratio", "ratio-vs-comparator", 1.1, 2.0, None, "ratio 1.5 (95% CI 1.1 to 2) vs comparator"),
        (3.0, "points", None, 1.0, None, None, "+3 points"),
        (3.0, "points", None, None, 5.0, 0.5, "+3 points (p 0.5)"),
        (0.00002, "um", "unknown-kind", None, None, None, "+0.00002 um"),
        (0.0001, "um", None, None, None, None, "+0.0001 um"),
        (123456.0, "hairs", None, None, None, None, "+123456 hairs"),
        # Every stored digit, never an exponent: a large value, a long one, a tiny one.
        (1234567.0, "hairs", None, None, None, None, "+1234567 hairs"),
        (1e16, "hairs", None, None, None, None, "+10000000000000000 hairs"),
        (0.1234567, "mm", None, None, None, None, "+0.1234567 mm"),
        (-0.0000001, "mm", None, None, None, None, "-0.0000001 mm"),
        (2.0, "ratio", None, 1.25, 3.0, 0.000123, "ratio 2 (95% CI 1.25 to 3; p 0.000123)"),
    ],
)
def test_an_effect_reads_as_stored(
    value: float | None,
    unit: str | None,
    kind: str | None,
    low: float | None,
    high: float | None,
    p: float | None,
    expected: str | None,
) -> None:
    assert effect_text(value, unit, kind, low, high, p) == expected


def test_a_statements_effect_is_read_from_its_fields() -> None:
    statement = {
        "effect_value": 2.0,
        "effect_unit": "hairs",
        "effect_kind": "change-from-baseline",
        "effect_p": 0.2,
    }
    assert statement_effect(statement) == "+2 hairs (p 0.2) from baseline"
    assert statement_effect({}) is None


@pytest.mark.parametrize(
    ("wanted", "columns", "rows", "booleans"),
    [
        (None, ["a", "b", "c"], [[1, True, 3]], {"b"}),
        ([], ["a", "b", "c"], [[1, True, 3]], {"b"}),
        (["c", "a"], ["c", "a"], [[3, 1]], set()),
        (["b"], ["b"], [[True]], {"b"}),
    ],
)
def test_a_table_keeps_the_columns_asked_for(
    wanted: list[str] | None, columns: list[str], rows: list[list[Any]], booleans: set[str]
) -> None:
    chosen = Table(["a", "b", "c"], [(1, True, 3)], frozenset({"b"})).select(wanted)
    assert (chosen.columns, [list(row) for row in chosen.rows], set(chosen.boolean_columns)) == (
        columns,
        rows,
        booleans,
    )


def test_an_unknown_column_names_the_columns() -> None:
    with pytest.raises(UsageError) as refused:
        Table(["a", "b"], []).select(["a", "z"])
    assert str(refused.value) == "unknown column 'z'; choose from: a, b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, None), ("a", ["a"]), ("a, b,c", ["a", "b", "c"]), (" a ,, b ", ["a", "b"])],
)
def test_columns_are_read_from_a_comma_list(text: str | None, expected: list[str] | None) -> None:
    assert parse_columns(text) == expected


@pytest.mark.parametrize("text", ["", " , ,"])
def test_a_column_list_naming_nothing_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match=r"^--columns names no column$"):
        parse_columns(text)


def test_rows_become_records_and_a_short_row_is_an_error() -> None:
    assert as_dicts(["a", "b"], iter([(1, 2)])) == [{"a": 1, "b": 2}]
    with pytest.raises(ValueError):
        as_dicts(["a", "b"], iter([(1,)]))


class Wrapped(Exception):
    def __init__(self, orig: object) -> None:
        super().__init__("wrapper text")
        self.orig = orig


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            Wrapped("could not connect\n  HINT:  is the server running?"),
            "could not connect HINT: is the server running?",
        ),
        (Wrapped(""), "Wrapped"),
        (RuntimeError("not shown"), "RuntimeError"),
        (Wrapped(None), "Wrapped"),
    ],
)
def test_a_database_failure_is_one_line_in_the_drivers_words(error: Exception, expected: str) -> None:
    assert failure_reason(error) == expected


@pytest.mark.parametrize(
    ("suggestions", "message"),
    [
        (None, "no ingredient named 'x'."),
        ([], "no ingredient named 'x'."),
        (["Minoxidil"], "no ingredient named 'x'. Did you mean: Minoxidil?"),
        (["A", "B"], "no ingredient named 'x'. Did you mean: A, B?"),
    ],
)
def test_not_found_offers_its_suggestions(suggestions: list[str] | None, message: str) -> None:
    error = NotFoundError("no ingredient named 'x'.", suggestions)
    assert (str(error), error.suggestions) == (message, suggestions or [])


@pytest.mark.parametrize(("rank", "label"), [(None, None), (0, "none-found"), (4, "rct"), (6, "approved")])
def test_a_rank_is_named_by_its_label(rank: int | None, label: str | None) -> None:
    assert level_label(rank) == label
