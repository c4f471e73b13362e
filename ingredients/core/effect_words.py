"""An effect in words, with the numbers exactly as stored.

For example '+7.9 hairs (95% CI 7.14 to 8.66) vs comparator'.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

# A statement's effect columns, in the order effect_text takes them.
EFFECT_FIELDS = ("effect_value", "effect_unit", "effect_kind", "effect_ci_low", "effect_ci_high", "effect_p")

_KIND_WORDS = {
    "difference-vs-comparator": "vs comparator",
    "change-from-baseline": "from baseline",
    "ratio-vs-comparator": "vs comparator",
}


def _number(value: float) -> str:
    # Every digit stored and never in exponent form: 0.00001, not 1e-05; 1234567, not
    # 1.23457e+06. repr is the shortest text that reads back as the same float.
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def effect_text(
    value: float | None,
    unit: str | None,
    kind: str | None,
    low: float | None,
    high: float | None,
    p: float | None,
) -> str | None:
    """'+7.9 hairs (95% CI 7.14 to 8.66; p 0.00001) vs comparator': the numbers as stored."""
    if value is None and p is None:
        return None
    if value is None:
        text = "no figure"
    elif unit == "ratio":
        text = f"ratio {_number(value)}"
    else:
        text = f"{'+' if value > 0 else ''}{_number(value)} {unit}"
    detail = [f"95% CI {_number(low)} to {_number(high)}"] if low is not None and high is not None else []
    detail += [f"p {_number(p)}"] if p is not None else []
    if detail:
        text += f" ({'; '.join(detail)})"
    return f"{text} {_KIND_WORDS[kind]}" if kind in _KIND_WORDS else text


def statement_effect(statement: Mapping[str, Any]) -> str | None:
    """A statement's effect in words, or None when it reports none."""
    return effect_text(*(statement.get(name) for name in EFFECT_FIELDS))
