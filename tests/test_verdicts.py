"""The claim rules, called directly: every branch of every kind's rule, by table."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingredients.core.claim_rules import (
    RULES,
    VERDICT_NAMES,
    ClaimFacts,
    Judgement,
    Report,
    efficacy_verdict,
    judge,
)
from ingredients.core.vocabulary import ASSERTION_KINDS, LEVEL_BY_LABEL

RANK = {label: level.rank for label, level in LEVEL_BY_LABEL.items()}


@pytest.mark.parametrize(
    ("grade", "finding", "expected"),
    [
        (None, None, "untested on this route"),
        ("none-found", "unclear", "untested on this route"),
        ("claim-only", "unclear", "untested on this route"),
        ("preclinical", "benefit", "weak"),
        ("uncontrolled", "benefit", "weak"),
        ("uncontrolled", "no-benefit", "weak"),
        ("rct", "benefit", "supported"),
        ("systematic-review", "benefit", "supported"),
        ("approved", "benefit", "supported"),
        ("rct", "no-benefit", "contradicted"),
        ("systematic-review", "harm", "contradicted"),
        ("rct", "mixed", "weak"),
        ("rct", "unclear", "weak"),
    ],
)
def test_the_efficacy_verdict_follows_the_written_rule(
    grade: str | None, finding: str | None, expected: str
) -> None:
    assert efficacy_verdict(RANK[grade] if grade else None, finding) == expected


def _safety(
    harm: str | None, route: str = "intradermal", number: int = 1, percent: float | None = None
) -> Report:
    return Report(number, f"src-{number}", "safety", route, harm=harm, harm_percent=percent)


def _studies(*numbers: int) -> tuple[Report, ...]:
    return tuple(_study("rct", effect=f"+{n} hairs", number=n) for n in numbers)


def _study(
    grade: str,
    finding: str = "benefit",
    *,
    weeks: int | None = None,
    effect: str | None = None,
    route: str = "intradermal",
    number: int = 9,
) -> Report:
    return Report(number, f"src-{number}", "evidence", route, RANK[grade], finding, weeks, effect)


ON_ROUTE = "intradermal"


@pytest.mark.parametrize(
    ("asserts", "facts", "expected", "because"),
    [
        # efficacy: the best grade, with the statements it rests on named.
        ("efficacy", ClaimFacts(ON_ROUTE), "untested on this route", "no evidence stored on this route"),
        (
            "efficacy",
            ClaimFacts(ON_ROUTE, RANK["rct"], "benefit", (_study("rct"),)),
            "supported",
            "best on this route: rct, benefit (#9 src-9)",
        ),
        # safety: a warning on the route contradicts; controlled no-excess supports; else untested.
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety("warning"),)),
            "contradicted",
            "warning or excess harm on this route: #1 src-1",
        ),
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety("excess-harm"),)),
            "contradicted",
            "warning or excess harm on this route: #1 src-1",
        ),
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety("restricted-group"),)),
            "contradicted",
            "warning or excess harm on this route: #1 src-1",
        ),
        # A statement of route any speaks for every route; a claim of route any reads them all.
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety("warning", route="any"),)),
            "contradicted",
            "warning or excess harm on this route: #1 src-1",
        ),
        (
            "safety",
            ClaimFacts("any", reports=(_safety("warning", route="oral"),)),
            "contradicted",
            "warning or excess harm on any route: #1 src-1",
        ),
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety("warning", route="oral"),)),
            "untested on this route",
            "no safety data stored on this route",
        ),
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety("no-excess-harm"),)),
            "supported",
            "controlled data on this route found no excess harm: #1 src-1",
        ),
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety("adverse-events"),)),
            "untested on this route",
            "no controlled safety data; uncontrolled reports of harm: #1 src-1",
        ),
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety(None),)),
            "untested on this route",
            "no safety data stored on this route",
        ),
        (
            "safety",
            ClaimFacts(ON_ROUTE, reports=(_safety("pain"),)),
            "untested on this route",
            "no controlled safety data; uncontrolled reports of harm: #1 src-1",
        ),
        # suitability: a restriction on any route contradicts; otherwise as safety.
        (
            "suitability",
            ClaimFacts(ON_ROUTE, reports=(_safety("restricted-group", route="oral"),)),
            "contradicted",
            "a label or regulator limits who may use it: #1 src-1",
        ),
        (
            "suitability",
            ClaimFacts(ON_ROUTE, reports=(_safety("no-excess-harm"),)),
            "supported",
            "controlled data on this route found no excess harm: #1 src-1",
        ),
        # tolerability: pain on the route contradicts, with its figure.
        (
            "tolerability",
            ClaimFacts(ON_ROUTE, pain=(_safety("pain", percent=45.5),)),
            "contradicted",
            "pain in 45.5% (#1 src-1)",
        ),
        (
            "tolerability",
            ClaimFacts(ON_ROUTE, pain=(_safety("pain"),)),
            "contradicted",
            "pain reported: #1 src-1",
        ),
        (
            "tolerability",
            ClaimFacts(ON_ROUTE, pain=(_safety("pain", percent=45.5), _safety("pain", number=2))),
            "contradicted",
            "pain in 45.5% (#1 src-1); pain reported: #2 src-2",
        ),
        (
            "tolerability",
            ClaimFacts(ON_ROUTE, pain=(_safety("pain", percent=45.5), _safety("pain", number=2, percent=12))),
            "contradicted",
            "pain in 45.5% (#1 src-1); pain in 12% (#2 src-2)",
        ),
        (
            "tolerability",
            ClaimFacts(ON_ROUTE),
            "untested on this route",
            "no study on this route reports on pain",
        ),
        # rate: never supported by a different measure; the figures found are named.
        (
            "rate",
            ClaimFacts(ON_ROUTE, reports=(_study("rct", effect="+7 hairs/cm2"),)),
            "unsupported",
            "no study reports the claimed measure; the trials report: +7 hairs/cm2 (#9 src-9)",
        ),
        (
            "rate",
            ClaimFacts(ON_ROUTE, reports=(_study("rct", effect="RR 1.5", route="topical"),)),
            "unsupported",
            "no controlled study on this route reports a figure",
        ),
        (
            "rate",
            ClaimFacts("any", reports=(_study("rct", effect="RR 1.5", route="topical"),)),
            "unsupported",
            "no study reports the claimed measure; the trials report: RR 1.5 (#9 src-9)",
        ),
        (
            "rate",
            ClaimFacts(ON_ROUTE, reports=(_study("uncontrolled", effect="+7 hairs/cm2"),)),
            "unsupported",
            "no controlled study on this route reports a figure",
        ),
        (
            "rate",
            ClaimFacts(ON_ROUTE, reports=_studies(1, 2, 3)),
            "unsupported",
            "no study reports the claimed measure; the trials report: +1 hairs (#1 src-1); "
            "+2 hairs (#2 src-2)",
        ),
        # durability: the longest follow-up named; a year with benefit is weak, never supported.
        (
            "durability",
            ClaimFacts(ON_ROUTE, reports=(_study("rct", weeks=24),)),
            "unsupported",
            "longest follow-up on this route: 24 weeks (#9 src-9)",
        ),
        (
            "durability",
            ClaimFacts(ON_ROUTE, reports=(_study("rct", weeks=52),)),
            "weak",
            "longest follow-up on this route: 52 weeks (#9 src-9)",
        ),
        (
            "durability",
            ClaimFacts(ON_ROUTE, reports=(_study("rct", "no-benefit", weeks=60),)),
            "unsupported",
            "longest follow-up on this route: 60 weeks (#9 src-9)",
        ),
        (
            "durability",
            ClaimFacts(ON_ROUTE),
            "unsupported",
            "no study on this route reports how long it followed anyone",
        ),
        (
            "durability",
            ClaimFacts(ON_ROUTE, reports=(_study("uncontrolled"),)),
            "unsupported",
            "no study on this route reports how long it followed anyone",
        ),
        (
            "durability",
            ClaimFacts(ON_ROUTE, reports=(_study("claim-only", "unclear", weeks=60),)),
            "unsupported",
            "no study on this route reports how long it followed anyone",
        ),
        (
            "durability",
            ClaimFacts(
                ON_ROUTE,
                reports=(
                    _study("rct", weeks=24, number=7),
                    _study("rct", weeks=60, number=8),
                    _study("rct", weeks=30, number=6),
                ),
            ),
            "weak",
            "longest follow-up on this route: 60 weeks (#8 src-8)",
        ),
        # recovery: never contradicted by pain at the injections.
        (
            "recovery",
            ClaimFacts(ON_ROUTE, pain=(_safety("pain", percent=45.5),)),
            "untested on this route",
            "no study stored measures recovery or downtime; pain at the injections is not recovery",
        ),
        # harmless: any report of harm on the route contradicts; otherwise as safety.
        (
            "harmless",
            ClaimFacts(ON_ROUTE, reports=(_safety("adverse-events"),), pain=(_safety("pain", number=2),)),
            "contradicted",
            "harm reported on this route: #1 src-1, #2 src-2",
        ),
        (
            "harmless",
            ClaimFacts(ON_ROUTE, reports=(_safety("pain"),), pain=(_safety("pain"),)),
            "contradicted",
            "harm reported on this route: #1 src-1",
        ),
        (
            "harmless",
            ClaimFacts(ON_ROUTE, reports=(_safety("adverse-events", route="oral"),)),
            "untested on this route",
            "no safety data stored on this route",
        ),
        (
            "harmless",
            ClaimFacts("any", reports=(_safety("warning", route="oral"),)),
            "contradicted",
            "harm reported on any route: #1 src-1",
        ),
        # concession: supported by reports of the harm conceded.
        (
            "concession",
            ClaimFacts(ON_ROUTE, reports=(_safety("excess-harm"),)),
            "supported",
            "harm reported on this route: #1 src-1",
        ),
        (
            "concession",
            ClaimFacts(ON_ROUTE, reports=(_safety("restricted-group"), _safety("no-excess-harm", number=2))),
            "untested on this route",
            "no report of harm stored on this route",
        ),
        (
            "concession",
            ClaimFacts("any"),
            "untested on this route",
            "no report of harm stored on any route",
        ),
        # mechanism: weak at best.
        (
            "mechanism",
            ClaimFacts(ON_ROUTE, reports=(Report(3, "src-3", "mechanism", "any"),)),
            "weak",
            "a mechanism is stated (#3 src-3); a mechanism alone never supports a claim",
        ),
        ("mechanism", ClaimFacts(ON_ROUTE), "untested on this route", "no mechanism statement stored"),
        # regulatory: only an approval on the route supports.
        (
            "regulatory",
            ClaimFacts(ON_ROUTE, reports=(_study("approved"),)),
            "supported",
            "approved on this route: #9 src-9",
        ),
        (
            "regulatory",
            ClaimFacts(ON_ROUTE, reports=(_study("approved", route="topical"),)),
            "unsupported",
            "no regulator's approval for hair loss on this route is stored",
        ),
        (
            "caveat",
            ClaimFacts(ON_ROUTE, reports=(_safety("warning"),)),
            "not judged",
            "the article's own caveat",
        ),
        ("practice", ClaimFacts(ON_ROUTE), "not judged", "how it is given, not what it does"),
    ],
)
def test_each_kind_of_assertion_is_judged_by_its_own_rule(
    asserts: str, facts: ClaimFacts, expected: str, because: str
) -> None:
    assert judge(asserts, facts) == Judgement(expected, because)


def test_every_kind_of_assertion_has_one_written_rule() -> None:
    assert sorted(rule.asserts for rule in RULES) == sorted(ASSERTION_KINDS)
    assert all(rule.rule for rule in RULES)


def test_the_reason_names_at_most_three_statements_and_counts_the_rest() -> None:
    reports = tuple(_safety("warning", number=n) for n in range(1, 6))
    because = judge("safety", ClaimFacts(ON_ROUTE, reports=reports)).because
    assert because.endswith("#1 src-1, #2 src-2, #3 src-3 and 2 more")


def test_three_statements_are_all_named_with_nothing_more_counted() -> None:
    reports = tuple(_safety("warning", number=n) for n in range(1, 4))
    because = judge("safety", ClaimFacts(ON_ROUTE, reports=reports)).because
    assert because.endswith("#1 src-1, #2 src-2, #3 src-3")


def test_every_verdict_is_named() -> None:
    assert set(VERDICT_NAMES) == {
        "supported",
        "contradicted",
        "untested on this route",
        "weak",
        "unsupported",
        "not judged",
    }


def test_the_data_page_states_every_rule_as_the_program_applies_it() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "claim-rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule.asserts} | {ASSERTION_KINDS[rule.asserts]} | {rule.rule} |" in page
