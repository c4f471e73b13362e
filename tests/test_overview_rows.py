"""The overview's cells are rendered once per distinct cell: a cell is reused only for one
alike in every part it shows."""

from __future__ import annotations

import io
from typing import Any

import pytest

from ingredients.site.overview_rows import OverviewRows
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
