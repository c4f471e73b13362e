"""The overview's cells are rendered once per distinct cell: a cell is reused only for one
alike in every part it shows."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from ingredients.core.errors import IngredientsError
from ingredients.site.overview_rows import OverviewRows, joined
from ingredients.site.templating import site_environment
from ingredients.site.views import FINDINGS

CELL: dict[str, Any] = {
    "grade": "rct",
    "rank": 4,
    "finding": FINDINGS["benefit"],
    "count": 2,
    "certainty": "low: benefit, 2 RCTs",
}


def _rows() -> OverviewRows:
    return OverviewRows(site_environment(), ["intradermal", "oral"], io.StringIO())


@pytest.mark.parametrize(
    ("route", "changed"),
    [
        ("oral", {}),
        ("intradermal", {"grade": "approved"}),
        ("intradermal", {"rank": 1}),
        ("intradermal", {"finding": FINDINGS["no-benefit"]}),
        ("intradermal", {"count": 1}),
        ("intradermal", {"certainty": None}),
    ],
)
def test_a_rendered_cell_is_reused_only_for_a_cell_alike(route: str, changed: dict[str, Any]) -> None:
    rows = _rows()
    first = rows.rendered_cell("intradermal", CELL)
    other = {**CELL, **changed}
    # Rendered after the first, by the same cache, as by a fresh one; and not as the first.
    assert rows.rendered_cell(route, other) == _rows().rendered_cell(route, other) != first


def test_no_statement_and_a_statement_are_different_cells() -> None:
    rows = _rows()
    assert rows.rendered_cell("oral", None) != rows.rendered_cell("oral", CELL)
    assert 'class="cell empty"' in rows.rendered_cell("oral", None)


def _basis(ingredient_id: int) -> str:
    return json.dumps({"id": ingredient_id, "name": f"X{ingredient_id}"}) + "\n"


@pytest.mark.parametrize(
    ("bases", "graded"),
    [
        pytest.param([_basis(1), _basis(2)], [(1, {})], id="an entry more than grades"),
        pytest.param([_basis(1)], [(1, {}), (2, {})], id="grades of one entry more"),
        pytest.param([_basis(1)], [(2, {})], id="grades of another entry"),
    ],
)
def test_rows_are_refused_when_the_entries_and_their_grades_do_not_match(
    bases: list[str], graded: list[tuple[int, dict[str, Any]]]
) -> None:
    with pytest.raises(
        IngredientsError, match=r"^the catalogue changed while the site was written; build it again$"
    ):
        list(joined(bases, graded))


def test_each_entry_is_joined_with_its_own_grades() -> None:
    assert list(joined([_basis(1), _basis(2)], [(1, {"a": 1}), (2, {"a": 2})])) == [
        ({"id": 1, "name": "X1"}, {"a": 1}),
        ({"id": 2, "name": "X2"}, {"a": 2}),
    ]
