"""The overview's cells, each distinct one rendered once.

An overview has a row per ingredient and a cell per route in each, and most cells are
alike (no statement; the same grade, finding and count): rendering each kind of cell once
and reusing its markup is most of what an overview cost to render.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

# Distinct cells kept; past this the cache starts again, so memory stays flat
# however varied the catalogue.
MOST_KEPT = 4096


class MatrixCells:
    """Turns an overview row's (route, cell) pairs into their rendered <td> elements."""

    def __init__(self, environment: Any) -> None:
        self._render = environment.get_template("_matrix.html").module.matrix_cell
        self._rendered: dict[tuple[Any, ...], Any] = {}

    def cell(self, route: str, cell: Mapping[str, Any] | None) -> Any:
        key = (route, *(cell.items() if cell else ()))
        markup = self._rendered.get(key)
        if markup is None:
            if len(self._rendered) >= MOST_KEPT:
                self._rendered.clear()
            markup = self._rendered[key] = self._render(route, cell)
        return markup

    def rows(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The rows with their cells rendered."""
        for row in rows:
            row["cells"] = [self.cell(route, cell) for route, cell in row["cells"]]
            yield row
