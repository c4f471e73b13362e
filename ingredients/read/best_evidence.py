"""The best evidence of an ingredient on each route: the design grade and the certainty of the
body of evidence, for one ingredient or, streamed, for every one."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from ingredients.core.certainty import Summary
from ingredients.core.evidence import BEST_WIDTH, best_evidence_from, best_sql, evidence_params
from ingredients.core.vocabulary import DEFAULT_CONDITION, ROUTES
from ingredients.read.certainty import (
    best_in_words,
    certainty_cell_from,
    summaries,
    summary_of,
    summary_of_nothing,
)
from ingredients.store.reader import Reader

# Every route, then all routes together ("overall").
BEST_EVIDENCE_ROUTES = (*ROUTES, "overall")


@functools.cache
def _best_columns_sql() -> str:
    return ", ".join(best_sql(route) for route in (*(f"'{name}'" for name in ROUTES), "NULL"))


@functools.cache
def _best_by_route_sql() -> str:
    return f"SELECT {_best_columns_sql()} FROM ingredient i WHERE i.id = :id"


def best_evidence(
    reader: Reader,
    ingredient_id: int,
    exclude_sponsored: bool = False,
    condition: str | None = DEFAULT_CONDITION,
    sex: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The best evidence on each route and overall, in one condition: grade, finding, and
    both in words (naming another condition's best where this one has no study), and the
    certainty of the body of evidence in words (ingredients.core.certainty)."""
    params = {"id": ingredient_id, **evidence_params(exclude_sponsored, condition, sex)}
    row = next(reader.execute(_best_by_route_sql(), params).rows)
    found = {
        route: summary_of(reader, ingredient_id, None if route == "overall" else route, params)
        for route in BEST_EVIDENCE_ROUTES
    }
    return _best_by_route(row, found)


def best_evidence_of_each(
    reader: Reader, condition: str | None = DEFAULT_CONDITION
) -> Iterator[tuple[int, dict[str, dict[str, Any]]]]:
    """(id, best_evidence) of every ingredient in one condition, in ingredient_keys' order,
    streamed: one query for the whole catalogue costs a tenth of one a time. The certainty
    summaries are read beforehand, one query a route."""
    params = evidence_params(False, condition, None)
    by_route = {
        route: summaries(reader, None if route == "overall" else route, params)
        for route in BEST_EVIDENCE_ROUTES
    }
    nothing = summary_of_nothing()
    sql = f"SELECT i.id, {_best_columns_sql()} FROM ingredient i ORDER BY {ingredient_order(reader)}"
    for row in reader.execute(sql, params, streamed=True).rows:
        ingredient_id = int(row[0])
        found = {route: by_route[route].get(ingredient_id, nothing) for route in BEST_EVIDENCE_ROUTES}
        yield ingredient_id, _best_by_route(row[1:], found)


def _best_by_route(row: Sequence[Any], found: dict[str, Summary]) -> dict[str, dict[str, Any]]:
    best = {}
    for n, route in enumerate(BEST_EVIDENCE_ROUTES):
        columns = tuple(row[BEST_WIDTH * n : BEST_WIDTH * (n + 1)])
        best[route] = dict(_route_best(columns, found[route]))
    return best


@functools.lru_cache(maxsize=1024)
def _route_best(columns: tuple[Any, ...], summary: Summary) -> tuple[tuple[str, Any], ...]:
    """One route's best evidence from its columns and certainty summary. Most cells of a
    catalogue are alike (most often: no study at all), so each distinct one is worked out
    once; a tuple, so no caller can change what the next one is given."""
    design = best_evidence_from(columns)
    return (
        ("grade", design.grade),
        ("finding", design.finding),
        ("summary", best_in_words(summary, columns)),
        ("certainty", certainty_cell_from(summary, columns)),
        ("certainty_level", summary.certainty),
        ("rank_key", summary.rank_key),
    )


def ingredient_order(reader: Reader) -> str:
    return f"{reader.dialect.nocase('i.name')}, i.slug"
