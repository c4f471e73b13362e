"""The overviews' rows, rendered as each condition's grades are read and given back ranked.

Each entry is read once, for its own page; what its rows show whatever the condition
(its name, class, and statement counts, with the start of its row rendered) is kept on
disk. The default condition's grades come with that read, so its row is rendered then;
every other condition's grades come from one query over the catalogue. Rows are rendered
as they come and spooled to disk, so only a rank key and a position per entry stay in
memory while they are put in order. Most cells are alike (no statement; the same grade,
finding and count), so each distinct cell is rendered once.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from markupsafe import Markup

from ingredients.core.errors import IngredientsError
from ingredients.core.vocabulary import DEFAULT_CONDITION
from ingredients.read import best_evidence as best_evidence_reads
from ingredients.store.reader import Reader

from . import views

# Distinct cells kept rendered; past this the cache starts again, so memory stays flat
# however varied the catalogue.
MOST_CELLS_KEPT = 4096


class OverviewRows:
    """Collects each entry as it is read (`add`), then gives each condition's rows (`of`)."""

    def __init__(self, environment: Any, routes: list[str], bases: IO[str]) -> None:
        """``bases``: an empty temporary file, to keep the entries' bases in."""
        macros = environment.get_template("_matrix.html").module
        self._head, self._cell, self._row = macros.matrix_head, macros.matrix_cell, macros.matrix_row
        self.routes = routes
        self._cells: dict[tuple[Any, ...], Markup] = {}
        self._bases = bases

    def add(self, ingredient_id: int, entry: Mapping[str, Any]) -> None:
        """Keep what the overviews show of ``entry``, and its row in the default condition's."""
        basis = views.overview_basis(entry, self.routes)
        basis["head"] = str(self._head(views.overview_head(basis)))
        best = entry["best_evidence"]
        default = {"rank": self._rank_key(best), "row": self._rendered_row(basis, best)}
        self._bases.write(json.dumps({"id": ingredient_id, **basis, DEFAULT_CONDITION: default}) + "\n")

    def of(self, reader: Reader, condition: str) -> Iterator[Markup]:
        """The rendered rows of ``condition``'s overview, strongest body of injected evidence
        first (as `list --sort intradermal` ranks), equal ranks in the catalogue's order."""
        self._bases.seek(0)
        with tempfile.TemporaryFile("w+b") as spooled:
            spool = _RankedSpool(spooled)
            if condition == DEFAULT_CONDITION:
                for line in self._bases:
                    default = json.loads(line)[DEFAULT_CONDITION]
                    spool.add(tuple(default["rank"]), default["row"])
            else:
                graded = best_evidence_reads.best_evidence_of_each(reader, condition)
                for basis, best in joined(self._bases, graded):
                    spool.add(self._rank_key(best), self._rendered_row(basis, best))
            yield from spool.in_order()

    def _rank_key(self, best: Mapping[str, Any]) -> Any:
        return best[self.routes[0]]["rank_key"]

    def _rendered_row(self, basis: Mapping[str, Any], best: Mapping[str, Any]) -> str:
        row = views.overview_row(basis, best, self.routes)
        row["head"] = Markup(basis["head"])
        row["cells"] = [self.rendered_cell(route, cell) for route, cell in row["cells"]]
        return str(self._row(row))

    def rendered_cell(self, route: str, cell: Mapping[str, Any] | None) -> Markup:
        key = (route, *(cell.items() if cell else ()))
        markup = self._cells.get(key)
        if markup is None:
            if len(self._cells) >= MOST_CELLS_KEPT:
                self._cells.clear()
            markup = self._cells[key] = self._cell(route, cell)
        return markup


def joined(
    bases: Iterable[str], graded: Iterable[tuple[int, dict[str, Any]]]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each kept basis with its grades from one query: the same entries in the same order,
    or the catalogue changed between the two reads and no row may get another's grades."""
    for line, pair in itertools.zip_longest(bases, graded):
        basis = json.loads(line) if line else None
        if basis is None or pair is None or basis["id"] != pair[0]:
            raise IngredientsError("the catalogue changed while the site was written; build it again")
        yield basis, pair[1]


class _RankedSpool:
    """Rendered rows on disk; in memory, each one's rank key and position, and where it starts."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._order: list[tuple[Any, int]] = []
        self._starts = array("q", [0])

    def add(self, rank_key: Any, row: str) -> None:
        self._order.append((rank_key, len(self._order)))
        self._starts.append(self._starts[-1] + self._file.write(row.encode("utf-8")))

    def in_order(self) -> Iterator[Markup]:
        self._order.sort()
        for _, position in self._order:
            start = self._starts[position]
            self._file.seek(start)
            yield Markup(self._file.read(self._starts[position + 1] - start).decode("utf-8"))
