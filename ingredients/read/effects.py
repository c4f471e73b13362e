"""How much an ingredient does: the controlled studies and reviews, with their numbers.

One row per evidence statement graded rct or systematic-review, or reporting an
effect (a number, an interval, a p-value) at any grade: who took part, against
what, for how long, what was measured and by how much, as the source reports it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ingredients.core.effect_words import effect_text
from ingredients.core.errors import UsageError
from ingredients.core.evidence import condition_param
from ingredients.core.table import Layout, Table
from ingredients.core.vocabulary import LEVEL_BY_LABEL, OUTCOMES, PROCEDURE_SLUG, level_label
from ingredients.read.procedure import subject_slug
from ingredients.read.queries import check_route
from ingredients.read.statements import ROUTE_ORDER_SQL
from ingredients.store.reader import Reader

EFFECT_COLUMNS = [
    "ingredient",
    "route",
    "condition",
    "sex",
    "grade",
    "comparator",
    "participants",
    "weeks",
    "outcome",
    "effect",
    "effect_value",
    "effect_unit",
    "effect_kind",
    "effect_ci_low",
    "effect_ci_high",
    "effect_p",
    "finding",
    "maker_sponsored",
    "other_compound",
    "source",
]
# For people: the effect in words instead of its parts. Which study (ingredient, route,
# condition, grade) and what it found are the keys; the rest goes last first.
EFFECT_LAYOUT = Layout(
    (
        "ingredient",
        "route",
        "condition",
        "grade",
        "effect",
        "comparator",
        "participants",
        "outcome",
        "source",
        "weeks",
        "sex",
        "finding",
        "other_compound",
    ),
    keys=("ingredient", "route", "condition", "grade", "effect"),
)
EFFECT_DEFAULT_COLUMNS = list(EFFECT_LAYOUT.shown)

_CONTROLLED = LEVEL_BY_LABEL["rct"].rank
# Written true/false in text formats.
EFFECT_FLAGS = frozenset({"maker_sponsored", "other_compound"})

_EFFECTS_SQL = f"""
SELECT coalesce(i.slug, '{PROCEDURE_SLUG}'), s.route, s.condition, s.sex, s.evidence_level, s.comparator,
       s.participants, s.weeks, s.outcome, s.effect_value, s.effect_unit, s.effect_kind,
       s.effect_ci_low, s.effect_ci_high, s.effect_p, s.finding, s.manufacturer_sponsored,
       s.other_compound, src.key
FROM statement s
JOIN source src ON src.id = s.source_id
LEFT JOIN ingredient i ON i.id = s.ingredient_id
WHERE s.kind = 'evidence'
  AND (s.evidence_level >= {_CONTROLLED} AND s.evidence_level < {LEVEL_BY_LABEL["approved"].rank}
       OR s.effect_value IS NOT NULL OR s.effect_p IS NOT NULL)
  AND (:route IS NULL OR s.route = :route)
  AND (:condition IS NULL OR s.condition = :condition)
  AND (:outcome IS NULL OR s.outcome = :outcome)
  AND {{subjects}}
ORDER BY {ROUTE_ORDER_SQL}, i.slug IS NOT NULL, i.slug, s.evidence_level DESC, s.id
"""


def _subjects(reader: Reader, names: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """The SQL condition and parameters that keep the named ingredients (all when none)."""
    if not names:
        return "1 = 1", {}
    slugs = [subject_slug(reader, name) for name in names]
    params = {f"subject_{n}": slug for n, slug in enumerate(slugs)}
    return f"coalesce(i.slug, '{PROCEDURE_SLUG}') IN ({', '.join(':' + key for key in params)})", params


def _rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        (
            slug,
            route,
            condition,
            sex,
            rank,
            comparator,
            participants,
            weeks,
            outcome,
            value,
            unit,
            kind,
            low,
            high,
            p,
            finding,
            sponsored,
            other,
            source,
        ) = row
        yield (
            slug,
            route,
            condition,
            sex,
            level_label(rank),
            comparator,
            participants,
            weeks,
            outcome,
            effect_text(value, unit, kind, low, high, p),
            value,
            unit,
            kind,
            low,
            high,
            p,
            finding,
            bool(sponsored),
            bool(other),
            source,
        )


def _checked(value: str | None, allowed: dict[str, str], what: str) -> str | None:
    value = value.strip().lower() if value else None
    if value not in (None, *allowed):
        raise UsageError(f"unknown {what} {value!r}; choose from: {', '.join(allowed)}")
    return value


def effects(
    reader: Reader,
    names: Sequence[str] = (),
    *,
    route: str | None = None,
    condition: str | None = None,
    outcome: str | None = None,
) -> Table:
    """Controlled studies and reviews, and every study that reports a number, intradermal first."""
    route = route.strip().lower() if route else None
    check_route(route)
    condition = condition_param(condition)
    outcome = _checked(outcome, OUTCOMES, "outcome")
    subjects, params = _subjects(reader, names)
    result = reader.execute(
        _EFFECTS_SQL.format(subjects=subjects),
        {"route": route, "condition": condition, "outcome": outcome, **params},
    )
    return Table(EFFECT_COLUMNS, _rows(result.rows), EFFECT_FLAGS, EFFECT_LAYOUT)
