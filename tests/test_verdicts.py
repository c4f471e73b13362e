"""The claim rules, called directly: every branch of every kind's rule, by table."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingredients.core.claim_rules import RULES, VERDICT_NAMES, ClaimFacts, Report, efficacy_verdict, judge
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
def test_the_efficacy_verdict_follows_the_written_rule(grade: str | None, finding: str | None,
                                                       expected: str) -> None:
    assert efficacy_verdict(RANK[grade] if grade else None, finding) == expected


def _safety(harm: str | None, route: str = "intradermal", number: int = 1,
            percent: float | None = None) -> Report:
    return Report(number, f"src-{number}", "safety", route, harm=harm, harm_percent=percent)


def _study(grade: str, finding: str = "benefit", *, weeks: int | None = None, effect: str | None = None,
           route: str = "intradermal", number: int = 9) -> Report:
    return Report(number, f"src-{number}", "evidence", route, RANK[grade], finding, weeks, effect)


ON_ROUTE = "intradermal"


@pytest.mark.parametrize(
    ("asserts", "facts", "expected", "because"),
    [
        # efficacy: the best grade, with the statements it rests on named.
        ("efficacy", ClaimFacts(ON_ROUTE), "untested on this route", "no evidence stored on this route"),
        ("efficacy", ClaimFacts(ON_ROUTE, RANK["rct"], "benefit", (_study("rct"),)), "supported",
         "best on this route: rct, benefit (#9 src-9)"),
        # safety: a warning on the route contradicts; controlled no-excess supports; else untested.
        ("safety", ClaimFacts(ON_ROUTE, reports=(_safety("warning"),)), "contradicted", "#1 src-1"),
        ("safety", ClaimFacts(ON_ROUTE, reports=(_safety("excess-harm"),)), "contradicted", "#1 src-1"),
        ("safety", ClaimFacts(ON_ROUTE, reports=(_safety("warning", route="oral"),)),
         "untested on this route", "no safety data stored on this route"),
        ("safety", ClaimFacts(ON_ROUTE, reports=(_safety("no-excess-harm"),)), "supported", "#1 src-1"),
        ("safety", ClaimFacts(ON_ROUTE, reports=(_safety("adverse-events"),)), "untested on this route",
         "uncontrolled reports of harm: #1 src-1"),
        ("safety", ClaimFacts(ON_ROUTE, reports=(_safety(None),)), "untested on this route",
         "no safety data stored on this route"),
        # suitability: a restriction on any route contradicts; otherwise as safety.
        ("suitability", ClaimFacts(ON_ROUTE, reports=(_safety("restricted-group", route="oral"),)),
         "contradicted", "limits who may use it: #1 src-1"),
        ("suitability", ClaimFacts(ON_ROUTE, reports=(_safety("no-excess-harm"),)), "supported", "#1 src-1"),
        # tolerability: pain on the route contradicts, with its figure.
        ("tolerability", ClaimFacts(ON_ROUTE, pain=(_safety("pain", percent=45.5),)), "contradicted",
         "pain in 45.5% (#1 src-1)"),
        ("tolerability", ClaimFacts(ON_ROUTE, pain=(_safety("pain"),)), "contradicted",
         "pain reported: #1 src-1"),
        ("tolerability", ClaimFacts(ON_ROUTE), "untested on this route",
         "no study on this route reports on pain"),
        # rate: never supported by a different measure; the figures found are named.
        ("rate", ClaimFacts(ON_ROUTE, reports=(_study("rct", effect="+7 hairs/cm2"),)), "unsupported",
         "the trials report: +7 hairs/cm2 (#9 src-9)"),
        ("rate", ClaimFacts(ON_ROUTE, reports=(_study("uncontrolled", effect="+7 hairs/cm2"),)),
         "unsupported",
         "no controlled study on this route reports a figure"),
        # durability: the longest follow-up named; a year with benefit is weak, never supported.
        ("durability", ClaimFacts(ON_ROUTE, reports=(_study("rct", weeks=24),)), "unsupported",
         "longest follow-up on this route: 24 weeks (#9 src-9)"),
        ("durability", ClaimFacts(ON_ROUTE, reports=(_study("rct", weeks=52),)), "weak", "52 weeks"),
        ("durability", ClaimFacts(ON_ROUTE, reports=(_study("rct", "no-benefit", weeks=60),)), "unsupported",
         "60 weeks"),
        ("durability", ClaimFacts(ON_ROUTE), "unsupported", "no study on this route reports how long"),
        ("durability", ClaimFacts(ON_ROUTE, reports=(_study("uncontrolled"),)), "unsupported",
         "no study on this route reports how long"),
        # mechanism: weak at best.
        ("mechanism", ClaimFacts(ON_ROUTE, reports=(Report(3, "src-3", "mechanism", "any"),)), "weak",
         "a mechanism is stated (#3 src-3)"),
        ("mechanism", ClaimFacts(ON_ROUTE), "untested on this route", "no mechanism statement stored"),
        # regulatory: only an approval on the route supports.
        ("regulatory", ClaimFacts(ON_ROUTE, reports=(_study("approved"),)), "supported", "#9 src-9"),
        ("regulatory", ClaimFacts(ON_ROUTE, reports=(_study("approved", route="topical"),)), "unsupported",
         "no regulator's approval"),
        ("caveat", ClaimFacts(ON_ROUTE, reports=(_safety("warning"),)), "not judged", "caveat"),
        ("practice", ClaimFacts(ON_ROUTE), "not judged", "how it is given"),
    ],
)
def test_each_kind_of_assertion_is_judged_by_its_own_rule(asserts: str, facts: ClaimFacts, expected: str,
                                                          because: str) -> None:
    found = judge(asserts, facts)
    assert (found.verdict, because in found.because) == (expected, True), found


def test_every_kind_of_assertion_has_one_written_rule() -> None:
    assert sorted(rule.asserts for rule in RULES) == sorted(ASSERTION_KINDS)
    assert all(rule.rule for rule in RULES)


def test_the_reason_names_at_most_three_statements_and_counts_the_rest() -> None:
    reports = tuple(_safety("warning", number=n) for n in range(1, 6))
    because = judge("safety", ClaimFacts(ON_ROUTE, reports=reports)).because
    assert because.endswith("#1 src-1, #2 src-2, #3 src-3 and 2 more")


def test_every_verdict_is_named() -> None:
    assert set(VERDICT_NAMES) == {"supported", "contradicted", "untested on this route", "weak",
                                  "unsupported", "not judged"}


def test_the_readme_states_every_rule_as_the_program_applies_it() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule.asserts} | {ASSERTION_KINDS[rule.asserts]} | {rule.rule} |" in readme
