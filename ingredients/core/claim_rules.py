"""The verdict on one assertion of an article's claim, by the rule of its kind.

Each kind of assertion (efficacy, safety, tolerability ...) has one written rule,
stated in RULES for people and applied by `judge`. The rules read only what the
caller gathered from the catalogue (`ClaimFacts`) and name the statements they
rest on, by id and source key, so a reader can check every verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ingredients.core.evidence import describe
from ingredients.core.vocabulary import LEVEL_BY_LABEL

SUPPORTED, CONTRADICTED, UNTESTED, WEAK = "supported", "contradicted", "untested on this route", "weak"
UNSUPPORTED, NOT_JUDGED = "unsupported", "not judged"
VERDICT_NAMES = (SUPPORTED, CONTRADICTED, UNTESTED, WEAK, UNSUPPORTED, NOT_JUDGED)
# A follow-up this long is worth naming for a claim of lasting results, though it never proves one.
YEAR_IN_WEEKS = 52
_SHOWN_REFS = 3
_APPROVED = LEVEL_BY_LABEL["approved"].rank
CONTROLLED = LEVEL_BY_LABEL["rct"].rank
CLAIM_ONLY = LEVEL_BY_LABEL["claim-only"].rank


@dataclass(frozen=True)
class Report:
    """One stored statement a rule may read: its id and source, and what it reports."""

    statement_id: int
    source: str
    kind: str
    route: str
    level: int | None = None
    finding: str | None = None
    weeks: int | None = None
    effect: str | None = None
    harm: str | None = None
    harm_percent: float | None = None

    @property
    def ref(self) -> str:
        return f"#{self.statement_id} {self.source}"


@dataclass(frozen=True)
class ClaimFacts:
    """What the catalogue holds for one assertion: the best efficacy evidence on the
    claimed route (in the condition judged) and the statements the other rules read."""

    route: str
    best_rank: int | None = None
    best_finding: str | None = None
    best: tuple[Report, ...] = ()
    # The subject's evidence, safety and mechanism statements on every route.
    reports: tuple[Report, ...] = ()
    # Reports of pain at injection on the claimed route, whoever's they are.
    pain: tuple[Report, ...] = ()
    # The condition the claim itself names, when it names one.
    condition: str | None = None

    def on_route(self, *kinds: str) -> list[Report]:
        """The subject's statements of these kinds on the claimed route (or route any); a claim
        made of no one route reads every route."""
        return [
            r
            for r in self.reports
            if r.kind in kinds and (self.route == "any" or r.route in (self.route, "any"))
        ]


@dataclass(frozen=True)
class Judgement:
    verdict: str
    because: str


def _where(facts: ClaimFacts) -> str:
    return "on any route" if facts.route == "any" else "on this route"


def _refs(reports: Iterable[Report]) -> str:
    shown = list(reports)
    words = ", ".join(report.ref for report in shown[:_SHOWN_REFS])
    return words + (f" and {len(shown) - _SHOWN_REFS} more" if len(shown) > _SHOWN_REFS else "")


def _with_harm(reports: Iterable[Report], *harms: str) -> list[Report]:
    return [report for report in reports if report.harm in harms]


# Reports that a harm happened (not a limit on who may use it, nor its absence in a trial).
HARM_REPORTED = ("warning", "excess-harm", "adverse-events")


def _harm_reported(facts: ClaimFacts) -> list[Report]:
    """The subject's reports of harm on the claimed route, then the pain at injections there
    (whoever's: the needle hurts), each once."""
    harmed = _with_harm(facts.on_route("safety"), *HARM_REPORTED)
    return harmed + [report for report in facts.pain if report not in harmed]


def efficacy_verdict(rank: int | None, finding: str | None) -> str:
    """The verdict on a claim that it works, from the best evidence on the claimed route."""
    if rank is None or rank <= CLAIM_ONLY:
        return UNTESTED
    if rank >= CONTROLLED and finding == "benefit":
        return SUPPORTED
    if rank >= CONTROLLED and finding in ("no-benefit", "harm"):
        return CONTRADICTED
    return WEAK


def _efficacy(facts: ClaimFacts) -> Judgement:
    found = efficacy_verdict(facts.best_rank, facts.best_finding)
    where = _where(facts) + (f" in {facts.condition}" if facts.condition else "")
    if facts.best_rank is None:
        return Judgement(found, f"no evidence stored {where}")
    grade = describe(facts.best_rank, facts.best_finding)
    return Judgement(found, f"best {where}: {grade} ({_refs(facts.best)})")


def _safety(facts: ClaimFacts) -> Judgement:
    reports = facts.on_route("safety")
    against = _with_harm(reports, "warning", "restricted-group", "excess-harm")
    if against:
        return Judgement(CONTRADICTED, f"warning or excess harm {_where(facts)}: {_refs(against)}")
    controlled = _with_harm(reports, "no-excess-harm")
    if controlled:
        return Judgement(
            SUPPORTED, f"controlled data {_where(facts)} found no excess harm: {_refs(controlled)}"
        )
    events = _with_harm(reports, "adverse-events", "pain")
    if events:
        return Judgement(
            UNTESTED, f"no controlled safety data; uncontrolled reports of harm: {_refs(events)}"
        )
    return Judgement(UNTESTED, f"no safety data stored {_where(facts)}")


def _suitability(facts: ClaimFacts) -> Judgement:
    # Who may use or handle a substance is not a property of the route: every route counts.
    restricted = _with_harm(facts.reports, "restricted-group")
    if restricted:
        return Judgement(CONTRADICTED, f"a label or regulator limits who may use it: {_refs(restricted)}")
    return _safety(facts)


def _tolerability(facts: ClaimFacts) -> Judgement:
    if not facts.pain:
        return Judgement(UNTESTED, "no study on this route reports on pain")
    counted = [report for report in facts.pain if report.harm_percent is not None]
    figures = "; ".join(f"pain in {report.harm_percent:g}% ({report.ref})" for report in counted)
    others = [report for report in facts.pain if report.harm_percent is None]
    reported = f"pain reported: {_refs(others)}" if others else ""
    return Judgement(CONTRADICTED, "; ".join(part for part in (figures, reported) if part))


def _longest_first(reports: Iterable[Report]) -> list[Report]:
    """The longest follow-up first (a study that gives none last), then in the order stored."""
    return sorted(reports, key=lambda report: -(report.weeks or 0))


def _rate(facts: ClaimFacts) -> Judgement:
    controlled = [r for r in facts.on_route("evidence") if r.effect and (r.level or 0) >= CONTROLLED]
    figures = _longest_first(controlled)
    if not figures:
        return Judgement(UNSUPPORTED, "no controlled study on this route reports a figure")
    found = "; ".join(f"{r.effect} ({r.ref})" for r in figures[:2])
    return Judgement(UNSUPPORTED, f"no study reports the claimed measure; the trials report: {found}")


def _durability(facts: ClaimFacts) -> Judgement:
    timed = [r for r in facts.on_route("evidence") if r.weeks and (r.level or 0) > CLAIM_ONLY]
    if not timed:
        return Judgement(UNSUPPORTED, "no study on this route reports how long it followed anyone")
    longest = max(timed, key=lambda report: report.weeks or 0)
    found = f"longest follow-up on this route: {longest.weeks} weeks ({longest.ref})"
    lasting = (longest.weeks or 0) >= YEAR_IN_WEEKS and longest.finding == "benefit"
    return Judgement(WEAK if lasting else UNSUPPORTED, found)


def _recovery(facts: ClaimFacts) -> Judgement:
    return Judgement(
        UNTESTED, "no study stored measures recovery or downtime; pain at the injections is not recovery"
    )


def _harmless(facts: ClaimFacts) -> Judgement:
    harmed = _harm_reported(facts)
    if harmed:
        return Judgement(CONTRADICTED, f"harm reported {_where(facts)}: {_refs(harmed)}")
    return _safety(facts)


def _concession(facts: ClaimFacts) -> Judgement:
    harmed = _harm_reported(facts)
    if harmed:
        return Judgement(SUPPORTED, f"harm reported {_where(facts)}: {_refs(harmed)}")
    return Judgement(UNTESTED, f"no report of harm stored {_where(facts)}")


def _mechanism(facts: ClaimFacts) -> Judgement:
    stated = [report for report in facts.reports if report.kind == "mechanism"]
    if not stated:
        return Judgement(UNTESTED, "no mechanism statement stored")
    return Judgement(
        WEAK, f"a mechanism is stated ({_refs(stated)}); a mechanism alone never supports a claim"
    )


def _regulatory(facts: ClaimFacts) -> Judgement:
    approved = [r for r in facts.on_route("evidence") if r.level == _APPROVED]
    if approved:
        return Judgement(SUPPORTED, f"approved on this route: {_refs(approved)}")
    return Judgement(UNSUPPORTED, "no regulator's approval for hair loss on this route is stored")


def _not_judged(reason: str) -> Callable[[ClaimFacts], Judgement]:
    return lambda facts: Judgement(NOT_JUDGED, reason)


@dataclass(frozen=True)
class Rule:
    asserts: str
    rule: str
    judge: Callable[[ClaimFacts], Judgement]


RULES: tuple[Rule, ...] = (
    Rule(
        "efficacy",
        "supported when the best evidence of the subject on the claimed route, in the condition judged, "
        "among studies that report a hair outcome, is controlled (rct or better) and found a benefit; "
        "contradicted when it is controlled and found no benefit or harm; untested on this route when "
        "nothing beyond claims or a searched-for absence is stored; weak otherwise",
        _efficacy,
    ),
    Rule(
        "safety",
        "contradicted when a label's or regulator's warning or restriction, or a controlled "
        "study's excess harm, is stored on the claimed route; supported when controlled data on that route "
        "found no excess harm; untested otherwise (uncontrolled reports of harm are named)",
        _safety,
    ),
    Rule(
        "suitability",
        "contradicted when a label or regulator limits who may use or handle it, on any "
        "route; otherwise as safety",
        _suitability,
    ),
    Rule(
        "tolerability",
        "contradicted when a study on the claimed route reports pain at the injections "
        "(of any agent: the needle hurts), with the share of patients where given; untested otherwise",
        _tolerability,
    ),
    Rule(
        "recovery",
        "untested: no stored study measures recovery or downtime, and reports of pain at the "
        "injections never contradict a claim about recovery",
        _recovery,
    ),
    Rule(
        "harmless",
        "contradicted when a report of harm on the claimed route is stored (adverse events, excess "
        "harm or a warning of the subject, or pain at the injections); otherwise as safety",
        _harmless,
    ),
    Rule(
        "concession",
        "supported when a report of harm on the claimed route is stored (adverse events, excess harm "
        "or a warning of the subject, or pain at the injections), naming them; untested otherwise",
        _concession,
    ),
    Rule(
        "rate",
        "unsupported, naming the figures the controlled studies on the claimed route do report, "
        "the longest follow-up first; a claimed figure is never compared with a figure of another measure",
        _rate,
    ),
    Rule(
        "durability",
        "unsupported, naming the longest follow-up stored on the claimed route; weak when "
        "a study followed people for a year or more and found a benefit; never supported",
        _durability,
    ),
    Rule(
        "mechanism",
        "weak when a mechanism statement of the subject is stored, untested otherwise; a "
        "mechanism alone never supports a claim",
        _mechanism,
    ),
    Rule(
        "regulatory",
        "supported when a regulator approved it for hair loss on the claimed route; unsupported otherwise",
        _regulatory,
    ),
    Rule(
        "caveat",
        "not judged: a limit the article itself concedes (a harm it concedes is a concession)",
        _not_judged("the article's own caveat"),
    ),
    Rule(
        "practice",
        "not judged: how it is given, not what it does",
        _not_judged("how it is given, not what it does"),
    ),
)
RULE_BY_KIND = {rule.asserts: rule for rule in RULES}


def judge(asserts: str, facts: ClaimFacts) -> Judgement:
    """The verdict on one assertion and the one-line reason, naming the statements it rests on."""
    return RULE_BY_KIND[asserts].judge(facts)
