"""What "the best evidence" means, defined once: which statements count and the best grade in
SQL for every read, the finding at that grade in Python (`finding_at_best`), and in words for people.

The best evidence of an ingredient (on a route, or on any, in one condition) is
the highest grade among its evidence statements of that condition, leaving out
studies of another compound and, on request, studies its maker ran or paid for.
Its finding is the finding of the statements at that grade: their common
direction, `mixed` when they point different ways, and `unclear` only when none
of them reports a direction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ingredients.core.errors import UsageError
from ingredients.core.vocabulary import (
    CONDITION_WORDS,
    CONDITIONS,
    FINDING_WORDS,
    LEVEL_BY_LABEL,
    level_label,
    unknown_value,
)

# Ranks at which no study stands behind a statement (none-found, claim-only):
# leaving out sponsored studies never hides a searched-for absence.
NO_STUDY_RANK = LEVEL_BY_LABEL["claim-only"].rank

# Which statements count: evidence on this very compound (never another salt, ester
# or product), in the condition asked for, of the sex asked for. `{subject}` says
# whose statements (by default those of the ingredient aliased `i` in the calling
# query); `{route}` is an SQL expression for the route, or NULL for any route;
# `{condition}` likewise for the condition (NULL: every condition, `mixed` and
# `unknown` included; a searched-for absence or a claim about hair loss in general, of
# condition `mixed` or `unknown`, counts for every condition). `:sex` is bound by the
# caller (NULL: both); a study of both sexes counts for each, and a searched-for
# absence whatever its population.
_IN_SCOPE = (
    "AND ({route} IS NULL OR s.route = {route}) "
    "AND ({condition} IS NULL OR s.condition = {condition} "
    f"OR (s.evidence_level <= {NO_STUDY_RANK} AND s.condition IN ('mixed', 'unknown'))) "
    f"AND (:sex IS NULL OR s.sex = :sex OR s.sex = 'both' OR s.evidence_level <= {NO_STUDY_RANK})"
)
_OF_THIS_COMPOUND = "{subject} AND s.kind = 'evidence' AND NOT s.other_compound " + _IN_SCOPE
# ... and, unless asked to include them, no study its maker ran or paid for.
_SPONSORED_RULE = (
    f"AND (:include_sponsored = 1 OR NOT s.manufacturer_sponsored OR s.evidence_level <= {NO_STUDY_RANK})"
)
# The body of evidence a certainty is read from (ingredients.core.certainty): the same
# statements, studies of mixtures included, for that rule to weigh.
_BODY = "{subject} AND s.kind = 'evidence' " + _IN_SCOPE + " " + _SPONSORED_RULE
_COUNTED = f"{_OF_THIS_COMPOUND} {_SPONSORED_RULE}"
OF_INGREDIENT = "s.ingredient_id = i.id"
STUDY_RANK = LEVEL_BY_LABEL["preclinical"].rank
# The condition the caller binds (NULL for every condition).
ASKED_CONDITION = ":condition"
UNCLEAR = "unclear"
# Between the lowest and highest direction at the best grade (no finding holds a '/').
_BETWEEN = "/"


def _counted(route: str, subject: str, condition: str) -> str:
    return _COUNTED.format(subject=subject, route=route, condition=condition)


def body_sql(route: str, subject: str = OF_INGREDIENT, condition: str = ASKED_CONDITION) -> str:
    """A condition on `s`: an evidence statement of the body its certainty is read from,
    mixtures included (the certainty rule decides what they may do)."""
    return _BODY.format(subject=subject, route=route, condition=condition)


def study_count_sql(route: str, *, sponsored_only: bool = False, subject: str = OF_INGREDIENT) -> str:
    """A scalar subquery: how many studies (preclinical or better) of this very compound
    there are on the route in the asked condition; with ``sponsored_only``, only those
    its maker ran or paid for."""
    of_compound = _OF_THIS_COMPOUND.format(subject=subject, route=route, condition=ASKED_CONDITION)
    sponsored = " AND s.manufacturer_sponsored" if sponsored_only else ""
    return (
        f"(SELECT count(*) FROM statement s WHERE {of_compound} "
        f"AND s.evidence_level >= {STUDY_RANK}{sponsored})"
    )


def best_rank_sql(route: str = "NULL", subject: str = OF_INGREDIENT, condition: str = ASKED_CONDITION) -> str:
    """A scalar subquery: the best grade's rank, or NULL when nothing counts."""
    return f"(SELECT max(s.evidence_level) FROM statement s WHERE {_counted(route, subject, condition)})"


def best_directions_sql(
    route: str = "NULL", subject: str = OF_INGREDIENT, condition: str = ASKED_CONDITION
) -> str:
    """A scalar subquery: the directions the statements at the best grade report, as
    'lowest/highest' (NULL when none reports one); `finding_at_best` reads the finding from it,
    so the rule that combines directions is written only there."""
    counted = _counted(route, subject, condition)
    directed = f"CASE WHEN s.finding = '{UNCLEAR}' THEN NULL ELSE s.finding END"
    return (
        f"(SELECT min({directed}) || '{_BETWEEN}' || max({directed}) "
        f"FROM statement s WHERE {counted} AND s.evidence_level = {best_rank_sql(route, subject, condition)})"
    )


def at_best_sql(route: str = "NULL", subject: str = OF_INGREDIENT, condition: str = ASKED_CONDITION) -> str:
    """A condition on `s`: a statement that counts and stands at the best grade (what it rests on)."""
    return (
        f"{_counted(route, subject, condition)} "
        f"AND s.evidence_level = {best_rank_sql(route, subject, condition)}"
    )


def other_condition_sql(route: str = "NULL", subject: str = OF_INGREDIENT) -> str:
    """A scalar subquery: the condition, other than the one asked for, with the best study
    on the route (NULL when every condition is asked for, or no other has a study)."""
    counted = _counted(route, subject, "NULL")
    return (
        f"(SELECT s.condition FROM statement s WHERE {ASKED_CONDITION} IS NOT NULL AND {counted} "
        f"AND s.condition <> {ASKED_CONDITION} AND s.evidence_level > {NO_STUDY_RANK} "
        "ORDER BY s.evidence_level DESC, s.condition LIMIT 1)"
    )


def best_columns(route: str = "NULL", subject: str = OF_INGREDIENT) -> tuple[str, ...]:
    """BEST_WIDTH columns: the best rank and directions in the asked condition, then the best
    other condition with its rank and directions (read them with `best_evidence_from`)."""
    other = other_condition_sql(route, subject)
    return (
        best_rank_sql(route, subject),
        best_directions_sql(route, subject),
        other,
        best_rank_sql(route, subject, other),
        best_directions_sql(route, subject, other),
    )


BEST_WIDTH = 5


def best_sql(route: str = "NULL", subject: str = OF_INGREDIENT) -> str:
    return ", ".join(best_columns(route, subject))


# What a grade cell says when nothing is stored for it: never an empty cell.
NONE_STORED = "none stored"


def grade_cell(summary: str | None) -> str:
    """A best-evidence summary as a cell: the words, or NONE_STORED."""
    return summary or NONE_STORED


def describe_best(
    rank: int | None,
    finding: str | None,
    other_condition: str | None,
    other_rank: int | None,
    other_finding: str | None,
) -> str | None:
    """The best evidence in words; where the asked condition has no study and another
    condition has one, that one is named beside it, so nothing is silent:
    'none-found (alopecia-areata: systematic-review, benefit)'."""
    here = describe(rank, finding)
    if other_condition is None or (rank is not None and rank > NO_STUDY_RANK):
        return here
    where = CONDITION_WORDS.get(other_condition, other_condition)
    return f"{grade_cell(here)} ({where}: {describe(other_rank, other_finding)})"


def evidence_params(exclude_sponsored: bool, condition: str | None, sex: str | None) -> dict[str, Any]:
    """What the SQL above binds: sponsored studies in or out, the condition (None or 'any':
    every condition) and the sex (None: both)."""
    sex = sex.strip().lower() if sex else None
    if sex not in (None, "male", "female"):
        raise UsageError(f"unknown sex {sex!r}; choose from: male, female")
    return {
        "include_sponsored": 0 if exclude_sponsored else 1,
        "condition": condition_param(condition),
        "sex": sex,
    }


def condition_param(condition: str | None) -> str | None:
    """The condition a filter keeps, as typed in any case; None for every condition
    (nothing given, or 'any')."""
    condition = condition.strip().lower() if condition else None
    if condition not in (None, "any", *CONDITIONS):
        raise UsageError(f"unknown condition {condition!r}; choose from: {', '.join(CONDITIONS)}, any")
    return None if condition in (None, "any") else condition


def finding_at_best(rank: int | None, directions: str | None) -> str | None:
    """The finding at the best grade, from its rank and what `best_directions_sql` read: the
    common direction of the statements at that grade, `mixed` when they point different ways,
    `unclear` when none reports one, None when nothing counts."""
    if rank is None:
        return None
    if directions is None:
        return UNCLEAR
    lowest, highest = directions.split(_BETWEEN)
    return lowest if lowest == highest else "mixed"


def combined_finding(findings: list[str | None]) -> str | None:
    """The findings of several statements taken together, by the rule of `finding_at_best`."""
    directed = sorted({finding for finding in findings if finding and finding != UNCLEAR})
    directions = f"{directed[0]}{_BETWEEN}{directed[-1]}" if directed else None
    return finding_at_best(0 if any(findings) else None, directions)


@dataclass(frozen=True)
class BestEvidence:
    """The best evidence as `best_columns` read it: grade, finding and both in words."""

    rank: int | None
    finding: str | None
    summary: str | None

    @property
    def grade(self) -> str | None:
        return level_label(self.rank)


def best_evidence_from(columns: Sequence[Any]) -> BestEvidence:
    """The best evidence from the BEST_WIDTH columns `best_columns` read."""
    rank, directions, other_condition, other_rank, other_directions = columns
    finding = finding_at_best(rank, directions)
    other_finding = finding_at_best(other_rank, other_directions)
    return BestEvidence(
        rank, finding, describe_best(rank, finding, other_condition, other_rank, other_finding)
    )


def describe(rank: int | None, finding: str | None) -> str | None:
    """'rct, no benefit': the grade with the direction it points, for people and files alike."""
    if rank is None:
        return None
    label = level_label(rank)
    if label in ("none-found", "claim-only") or finding is None:
        return label
    return f"{label}, {FINDING_WORDS.get(finding, unknown_value('finding', finding))}"


# --- the grading rules, as docs/data.md and `ingredients grades` state them ---------

GRADING_RULES: tuple[str, ...] = (
    "A grade belongs to studies of this ingredient on this route in this condition. A trial of a "
    "cocktail grades the cocktail (a statement on the procedure or a formulation), never one of "
    "its ingredients.",
    "systematic-review is kept for systematic reviews and meta-analyses; a narrative review is "
    "graded as what it reviews, or not at all.",
    "approved means a regulator authorised this ingredient for hair loss on this route; the "
    "statement names the regulator and the product and cites the regulator or the label.",
    "A study of another salt, ester, compound or product is shown, marked as another compound, "
    "and never raises the grade.",
    "Every evidence statement says which way the studies point (its finding) and, for human "
    "studies, how many people took part.",
    "A claim from a popular article is stored as that article's claim (claim-only) and never as "
    "a finding; a correction is a separate evidence statement citing its own source.",
    "The best evidence is the highest grade that counts; its finding is the common direction of "
    "the statements at that grade (mixed when they point different ways, unclear when none "
    "reports one). --exclude-sponsored leaves out studies the maker ran or paid for.",
    "Grades count studies of one condition, androgenetic-alopecia unless --condition names another "
    "(or any); studies of mixed or unknown populations count only for any. Where that condition "
    "has no study and another has, the other is named beside the grade.",
)
