"""Every option with a fixed vocabulary refuses a value outside it, naming the valid ones."""

from __future__ import annotations

import pytest

from ingredients.core.vocabulary import INGREDIENT_CLASSES, LEVEL_BY_LABEL, ROUTES, SOURCE_KINDS
from ingredients.read.queries import EXPORT_TABLES, LIST_SORTS
from tests.conftest import Invoke

CASES = [
    (["list", "--class"], INGREDIENT_CLASSES),
    (["list", "--min-level"], list(LEVEL_BY_LABEL)),
    (["list", "--route"], ROUTES),
    (["list", "--sort"], list(LIST_SORTS)),
    (["sources", "--kind"], list(SOURCE_KINDS)),
    (["export"], EXPORT_TABLES),
    (["list", "--format"], ["csv", "tsv", "json", "jsonl"]),
]


@pytest.mark.parametrize(("args", "valid"), CASES, ids=[" ".join(args) for args, _ in CASES])
def test_an_unknown_value_is_a_usage_error_listing_the_valid_ones(
    invoke: Invoke, args: list[str], valid: list[str]
) -> None:
    result = invoke(*args, "bogus")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and "'bogus'" in result.stderr
    for value in valid:
        assert value in result.stderr


def test_compare_with_one_name_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("compare", "minoxidil")
    assert (result.exit_code, result.stderr) == (2, "Error: compare needs at least two ingredient names\n")
