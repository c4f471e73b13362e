"""An effect's consistency (ingredients.store.field_checks.effect_problem), specified by table.

One row per branch and boundary: the value inside its own 95% interval (both bounds,
the bounds themselves, bounds equal), both ends or neither, a unit and kind with every
value, a ratio in the unit 'ratio'. The same rule holds for the seed and for a user's
file, since both take the one import path: the last test imports the refused rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingredients.store.field_checks import effect_problem
from ingredients.store.models import StatementCreate

from .small_catalogue import SmallCatalogue

DIFFERENCE = {"effect_unit": "hairs/cm2", "effect_kind": "difference-vs-comparator"}
OUTSIDE = "effect_value: {} is outside its interval {} to {}"
BOTH_ENDS = "effect_ci_low, effect_ci_high: give both ends of the interval, or neither"
NEEDS_VALUE = "effect_value: an interval needs the effect it surrounds"
NEEDS_UNIT = "effect_unit, effect_kind: an effect needs its unit and what it compares"
UNIT_ALONE = "effect_value: a unit or kind of effect without an effect or a p-value"
RATIO_UNIT = "effect_unit: a ratio against the comparator has the unit 'ratio'"


def effect(
    value: float | None = None, low: float | None = None, high: float | None = None, **fields: Any
) -> dict[str, Any]:
    given = {"effect_value": value, "effect_ci_low": low, "effect_ci_high": high}
    return {**{k: v for k, v in given.items() if v is not None}, **fields}


ROWS: list[tuple[str, dict[str, Any], str | None]] = [
    ("no effect at all", {}, None),
    ("a value with its unit and kind", effect(7.9, **DIFFERENCE), None),
    ("inside its interval", effect(7.9, 7.14, 8.66, **DIFFERENCE), None),
    ("on its lower bound", effect(7.14, 7.14, 8.66, **DIFFERENCE), None),
    ("on its upper bound", effect(8.66, 7.14, 8.66, **DIFFERENCE), None),
    ("bounds equal, value on them", effect(5.0, 5.0, 5.0, **DIFFERENCE), None),
    ("negative values inside", effect(-2.0, -3.5, -0.5, **DIFFERENCE), None),
    ("below its lower bound", effect(7.0, 7.14, 8.66, **DIFFERENCE), OUTSIDE.format(7.0, 7.14, 8.66)),
    ("above its upper bound", effect(9.0, 7.14, 8.66, **DIFFERENCE), OUTSIDE.format(9.0, 7.14, 8.66)),
    ("just below equal bounds", effect(4.99, 5.0, 5.0, **DIFFERENCE), OUTSIDE.format(4.99, 5.0, 5.0)),
    ("just above equal bounds", effect(5.01, 5.0, 5.0, **DIFFERENCE), OUTSIDE.format(5.01, 5.0, 5.0)),
    ("bounds the wrong way round", effect(2.0, 3.0, 1.0, **DIFFERENCE), OUTSIDE.format(2.0, 3.0, 1.0)),
    ("a lower bound alone", effect(7.9, 7.14, None, **DIFFERENCE), BOTH_ENDS),
    ("an upper bound alone", effect(7.9, None, 8.66, **DIFFERENCE), BOTH_ENDS),
    ("an interval without its value", effect(None, 7.14, 8.66, **DIFFERENCE), NEEDS_VALUE),
    ("a value without a unit", effect(7.9, effect_kind="difference-vs-comparator"), NEEDS_UNIT),
    ("a value without a kind", effect(7.9, effect_unit="hairs/cm2"), NEEDS_UNIT),
    ("a unit without a value", effect(effect_unit="hairs/cm2"), UNIT_ALONE),
    ("a kind without a value", effect(effect_kind="change-from-baseline"), UNIT_ALONE),
    ("a p-value with its unit and kind", effect(effect_p=0.01, **DIFFERENCE), None),
    ("a p-value alone", effect(effect_p=0.01), None),
    (
        "a ratio in 'ratio'",
        effect(1.5, 1.1, 2.0, effect_unit="ratio", effect_kind="ratio-vs-comparator"),
        None,
    ),
    (
        "a ratio in another unit",
        effect(1.5, 1.1, 2.0, effect_unit="%", effect_kind="ratio-vs-comparator"),
        RATIO_UNIT,
    ),
    ("a ratio with only a p-value", effect(effect_p=0.2, effect_kind="ratio-vs-comparator"), None),
]


def _statement(fields: dict[str, Any]) -> StatementCreate:
    """A statement with these effect fields, unchecked (the rule is called on it directly)."""
    base = {"kind": "evidence", "text": "A trial.", "source": "src", "level": "rct", "finding": "benefit"}
    return StatementCreate.model_construct(**{**base, **_blank_effect(), **fields})


def _blank_effect() -> dict[str, Any]:
    names = ("effect_value", "effect_ci_low", "effect_ci_high", "effect_unit", "effect_kind", "effect_p")
    return dict.fromkeys(names)


@pytest.mark.parametrize(
    ("fields", "problem"), [(fields, problem) for _, fields, problem in ROWS], ids=[why for why, _, _ in ROWS]
)
def test_an_effect_is_checked_by_the_written_rule(fields: dict[str, Any], problem: str | None) -> None:
    assert effect_problem(_statement(fields)) == problem


@pytest.mark.parametrize("why", [why for why, _, problem in ROWS if problem is not None])
def test_an_inconsistent_effect_is_refused_on_import(why: str, tmp_path: Path) -> None:
    """The import path (seed and users' files alike) refuses the row, naming the problem."""
    fields, problem = next((fields, problem) for name, fields, problem in ROWS if name == why)
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.evidence("agent-a", **fields)
    with pytest.raises(AssertionError) as refused:
        catalogue.build(tmp_path)
    assert str(problem) in str(refused.value)


def test_a_consistent_effect_is_stored_as_given(tmp_path: Path) -> None:
    import sqlite3

    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.evidence("agent-a", **effect(7.14, 7.14, 8.66, **DIFFERENCE))
    with sqlite3.connect(catalogue.build(tmp_path)) as connection:
        stored = connection.execute(
            "SELECT effect_value, effect_ci_low, effect_ci_high FROM statement"
        ).fetchall()
    assert stored == [(7.14, 7.14, 8.66)]
