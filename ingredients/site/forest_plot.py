"""The forest plot on an ingredient's page: each reported effect with its 95% interval.

Drawn as inline SVG by the ingredient template (no script needed); effects in
different units or of different kinds never share an axis, so each route, unit and
kind gets a small plot of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ingredients.core.effect_words import statement_effect
from ingredients.core.vocabulary import EFFECT_KINDS

_PLOT_WIDTH = 560
_PLOT_LEFT = 200
_PLOT_RIGHT = 24
_PLOT_ROW = 24
_PLOT_TOP = 16


def forest_plots(
    statements: Sequence[Mapping[str, Any]], reference: Callable[[object], int | None]
) -> list[dict[str, Any]]:
    """One small plot per route and unit (effects in different units share no axis): a point
    for each reported effect, a line for its 95% interval, and the line of no effect."""
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    for statement in statements:
        if statement.get("kind") == "evidence" and statement.get("effect_value") is not None:
            key = (str(statement["route"]), str(statement["effect_unit"]), str(statement["effect_kind"]))
            groups.setdefault(key, []).append(statement)
    return [_plot(route, unit, kind, rows, reference) for (route, unit, kind), rows in groups.items()]


def _plot(
    route: str, unit: str, kind: str, rows: list[Mapping[str, Any]], reference: Callable[[object], int | None]
) -> dict[str, Any]:
    null = 1.0 if kind == "ratio-vs-comparator" else 0.0
    bounds = ("effect_value", "effect_ci_low", "effect_ci_high")
    values = [null, *(float(row[name]) for row in rows for name in bounds if row[name] is not None)]
    smallest, largest = min(values), max(values)
    span = (largest - smallest) or 1.0
    low, high = smallest - span * 0.05, smallest + span * 1.05
    inner = _PLOT_WIDTH - _PLOT_LEFT - _PLOT_RIGHT

    def x(value: float) -> float:
        return round(_PLOT_LEFT + (value - low) / (high - low) * inner, 1)

    points = []
    for index, row in enumerate(rows):
        y = _PLOT_TOP + index * _PLOT_ROW + _PLOT_ROW // 2
        has_interval = row["effect_ci_low"] is not None
        points.append(
            {
                "y": y,
                "x": x(float(row["effect_value"])),
                "x_low": x(float(row["effect_ci_low"])) if has_interval else None,
                "x_high": x(float(row["effect_ci_high"])) if has_interval else None,
                "label": f"{row['condition'] or 'condition unknown'} [{reference(row.get('source'))}]",
                "title": statement_effect(row),
            }
        )
    height = _PLOT_TOP + len(rows) * _PLOT_ROW + 28
    return {
        "route": route,
        "unit": unit,
        "kind": EFFECT_KINDS.get(kind, kind),
        "width": _PLOT_WIDTH,
        "height": height,
        "left": _PLOT_LEFT,
        "points": points,
        "null_x": x(null),
        "axis_y": height - 20,
        "low": f"{smallest:g}",
        "high": f"{largest:g}",
        "x_low": x(smallest),
        "x_high": x(largest),
    }
