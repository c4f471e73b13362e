"""The certainty of a body of evidence, per agent, route, condition and sex: one written rule.

A grade (ingredients.core.evidence) names the best design behind an agent; this names
how sure the whole body of evidence lets a reader be, as GRADE does: it starts from the
design, and moves down for risk of bias, imprecision, inconsistency, indirectness and
sponsorship. The rule is stated in CERTAINTY_RULES for people and applied by
`summarise`, which reads only the studies the caller gathered (`Study`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ingredients.core.effect_words import effect_text
from ingredients.core.evidence import combined_finding
from ingredients.core.vocabulary import LEVEL_BY_LABEL

# Strongest first; `insufficient` is no body of evidence at all.
CERTAINTY_LEVELS = ("high", "moderate", "low", "very-low")
INSUFFICIENT = "insufficient"
# Fewer participants than this across the body is imprecise (GRADE's rule of thumb for
# the information a continuous outcome needs).
ENOUGH_PARTICIPANTS = 400

_UNCONTROLLED = LEVEL_BY_LABEL["uncontrolled"].rank
_RCT = LEVEL_BY_LABEL["rct"].rank
_REVIEW = LEVEL_BY_LABEL["systematic-review"].rank
_APPROVED = LEVEL_BY_LABEL["approved"].rank
_CONTROLLING = frozenset({"placebo", "active", "untreated"})
_LOW_RISK_BLINDING = frozenset({"double", "triple"})
_LOW_RISK_CONTROLS = frozenset({"placebo", "saline", "vehicle", "active"})
# The order a ranking reads directions in, best first.
_DIRECTION_ORDER = ("benefit", "mixed", "unclear", "no-benefit", "harm")

# The rule, step by step, as `grades` and docs/grading.md state it.
CERTAINTY_RULES: tuple[tuple[str, str], ...] = (
    (
        "body",
        "The body of evidence is the controlled studies of the agent on the route, in the condition and "
        "sex asked for (an rct, or a study with a placebo, active or untreated control), the systematic "
        "reviews that report a result for this agent and route, and any approval for the use. A review "
        "with no result for the agent is context, not evidence; a study of another condition never "
        "counts.",
    ),
    (
        "mixtures",
        "Studies of a mixture (another compound or product) count only where no study of the agent "
        "itself reports a direction, and then the body is downgraded one step for indirectness and "
        "marked (mixtures): a mixture never raises the certainty.",
    ),
    (
        "approval",
        "An approval of the agent itself for this use and route is high certainty, in the direction "
        "of the approval: the regulator judged the trials.",
    ),
    (
        "start",
        "A body with an rct or a review starts high; one of non-randomised controlled studies only "
        "starts low.",
    ),
    (
        "risk of bias",
        "Down one step when no study in the body is randomised, double- or triple-blind and "
        "controlled by placebo, saline, vehicle or an active treatment.",
    ),
    (
        "imprecision",
        f"Down one step when the body counts fewer than {ENOUGH_PARTICIPANTS} participants, or "
        "its best effect's 95% interval crosses no effect (0 for a difference, 1 for a ratio).",
    ),
    (
        "inconsistency",
        "Down one step when the studies in the body point different ways.",
    ),
    (
        "sponsorship",
        "Down one step when every study in the body was run or paid for by the maker.",
    ),
    (
        "floor",
        "The certainty never falls below very-low. Where no controlled study or review reports a "
        "direction, a study of people without a control that does gives very-low; with none, the "
        "evidence is insufficient (the studies and reviews with no result for the agent are counted).",
    ),
    (
        "direction",
        "The direction is the common finding of the reviews that report a result, or, with none, of "
        "the studies in the body: mixed when they disagree, unclear when none reports one.",
    ),
    (
        "effect",
        "The best effect is that of the strongest design reporting one, then the most participants.",
    ),
    (
        "ranking",
        "Agents rank by certainty, then direction (benefit, mixed, unclear, no-benefit, harm), then "
        "controlled studies before uncontrolled ones, then evidence on the agent itself before "
        "mixtures, then an effect clear of no effect, then participants.",
    ),
)


@dataclass(frozen=True)
class Study:
    """One evidence statement the rule reads: its design, risk of bias, finding and effect."""

    level: int
    finding: str | None = None
    participants: int | None = None
    comparator: str | None = None
    randomised: str | None = None
    blinding: str | None = None
    control: str | None = None
    reports_agent_result: str | None = None
    other_compound: bool = False
    sponsored: bool = False
    effect_value: float | None = None
    effect_unit: str | None = None
    effect_kind: str | None = None
    effect_ci_low: float | None = None
    effect_ci_high: float | None = None
    effect_p: float | None = None

    @property
    def is_review(self) -> bool:
        return self.level in (_REVIEW, _APPROVED)

    @property
    def in_body(self) -> bool:
        """A controlled study, a review that reports a result for the agent, or an approval."""
        if self.level == _APPROVED or self.level == _RCT:
            return True
        if self.level == _REVIEW:
            return self.reports_agent_result == "yes"
        return self.level == _UNCONTROLLED and self.comparator in _CONTROLLING

    @property
    def low_risk(self) -> bool:
        return (
            self.randomised == "yes"
            and self.blinding in _LOW_RISK_BLINDING
            and self.control in _LOW_RISK_CONTROLS
        )

    @property
    def directed(self) -> bool:
        return self.finding not in (None, "unclear")

    @property
    def effect_crosses_no_effect(self) -> bool:
        low, high = self.effect_ci_low, self.effect_ci_high
        if low is None or high is None:
            return False
        null = 1.0 if self.effect_kind == "ratio-vs-comparator" else 0.0
        return low <= null <= high

    @property
    def effect_clear(self) -> bool:
        """An interval is given and it excludes no effect."""
        return self.effect_ci_low is not None and not self.effect_crosses_no_effect


@dataclass(frozen=True)
class Summary:
    """A body of evidence in one cell: how sure, which way, on what."""

    certainty: str
    direction: str
    approvals: int = 0
    reviews: int = 0
    rcts: int = 0
    controlled: int = 0
    uncontrolled: int = 0
    participants: int = 0
    mixtures: bool = False
    effect: str | None = None
    effect_clear: bool = False
    downgrades: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """'low: benefit, 3 RCTs (mixtures)': as an expert would say it."""
        counted = self._counted()
        if self.certainty == INSUFFICIENT:
            return f"{INSUFFICIENT} ({counted} with no result for it)" if counted else INSUFFICIENT
        return f"{self.certainty}: {self.direction.replace('-', ' ')}, {counted}" + (
            " (mixtures)" if self.mixtures else ""
        )

    def _counted(self) -> str:
        parts = [
            _count(self.approvals, "approval"),
            _count(self.reviews, "review"),
            _count(self.rcts, "RCT"),
            _count(self.controlled, "controlled study", "controlled studies"),
            _count(self.uncontrolled, "uncontrolled study", "uncontrolled studies"),
        ]
        return " + ".join(part for part in parts if part)

    @property
    def rank_key(self) -> tuple[int, int, int, int, int, int]:
        """Sorts strongest first: certainty, direction, controlled studies, the agent itself, a
        clear effect, participants."""
        return (
            _certainty_order(self.certainty),
            _DIRECTION_ORDER.index(self.direction),
            int(self.uncontrolled > 0),
            int(self.mixtures),
            int(not self.effect_clear),
            -self.participants,
        )


def _count(number: int, one: str, many: str | None = None) -> str:
    if not number:
        return ""
    return f"1 {one}" if number == 1 else f"{number} {many or one + 's'}"


def _certainty_order(certainty: str) -> int:
    return (*CERTAINTY_LEVELS, INSUFFICIENT).index(certainty)


def _direction(body: Sequence[Study]) -> str:
    reviews = [study for study in body if study.is_review and study.directed]
    deciding = reviews or body
    return combined_finding([study.finding for study in deciding]) or "unclear"


def _best_effect(body: Sequence[Study]) -> Study | None:
    reporting = [study for study in body if study.effect_value is not None]
    if not reporting:
        return None
    return max(reporting, key=lambda study: (study.level, study.participants or 0))


def _effect_words(study: Study | None) -> str | None:
    if study is None:
        return None
    return effect_text(
        study.effect_value,
        study.effect_unit,
        study.effect_kind,
        study.effect_ci_low,
        study.effect_ci_high,
        study.effect_p,
    )


def _downgrades(body: Sequence[Study], mixtures: bool, best: Study | None) -> tuple[str, ...]:
    participants = sum(study.participants or 0 for study in body)
    reasons = []
    if not any(study.low_risk for study in body):
        reasons.append("risk of bias")
    if participants < ENOUGH_PARTICIPANTS or (best is not None and best.effect_crosses_no_effect):
        reasons.append("imprecision")
    if len({study.finding for study in body if study.directed}) > 1:
        reasons.append("inconsistency")
    if mixtures:
        reasons.append("indirectness")
    if all(study.sponsored for study in body):
        reasons.append("sponsorship")
    return tuple(reasons)


def _choose_body(studies: Sequence[Study]) -> tuple[list[Study], bool] | None:
    """The studies the certainty rests on, and whether they are of mixtures; None when no
    controlled study reports a direction."""
    own = [study for study in studies if study.in_body and not study.other_compound]
    mixed = [study for study in studies if study.in_body and study.other_compound]
    if any(study.directed for study in own):
        return own, False
    if any(study.directed for study in mixed):
        return mixed, True
    return None


def _tally(certainty: str, direction: str, body: Iterable[Study]) -> Summary:
    """A summary counting the studies and reviews of ``body`` by design, and their participants."""
    body = list(body)
    return Summary(
        certainty,
        direction,
        approvals=sum(1 for study in body if study.level == _APPROVED),
        reviews=sum(1 for study in body if study.level == _REVIEW),
        rcts=sum(1 for study in body if study.level == _RCT),
        controlled=sum(1 for study in body if study.level == _UNCONTROLLED),
        participants=sum(study.participants or 0 for study in body),
    )


def _without_controlled_result(studies: Sequence[Study]) -> Summary:
    """Very-low on studies of people without a control, where one reports a direction;
    else insufficient, counting the studies and reviews that report no result for the agent."""
    people = [study for study in studies if study.level == _UNCONTROLLED and study.directed]
    if people:
        return Summary(
            "very-low",
            combined_finding([study.finding for study in people]) or "unclear",
            uncontrolled=len(people),
            participants=sum(study.participants or 0 for study in people),
            mixtures=all(study.other_compound for study in people),
        )
    return _tally(
        INSUFFICIENT, "unclear", (study for study in studies if study.in_body or study.level == _REVIEW)
    )


def summarise(studies: Iterable[Study]) -> Summary:
    """The body of evidence of one agent, route, condition and sex, by CERTAINTY_RULES."""
    studies = list(studies)
    chosen = _choose_body(studies)
    if chosen is None:
        return _without_controlled_result(studies)
    body, mixtures = chosen
    approvals = [study for study in body if study.level == _APPROVED and not mixtures]
    if approvals:
        return _tally("high", _direction(approvals), body)
    best = _best_effect(body)
    reasons = _downgrades(body, mixtures, best)
    start = 0 if any(study.level >= _RCT for study in body) else CERTAINTY_LEVELS.index("low")
    step = min(start + len(reasons), len(CERTAINTY_LEVELS) - 1)
    return replace(
        _tally(CERTAINTY_LEVELS[step], _direction(body), body),
        mixtures=mixtures,
        effect=_effect_words(best),
        effect_clear=best is not None and best.effect_clear,
        downgrades=reasons,
    )
