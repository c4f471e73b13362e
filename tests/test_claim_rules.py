"""The claim rules end to end, specified on small catalogues built for them.

Each row sets up one branch or boundary of one kind's rule (ingredients.core.claim_rules)
from synthetic statements, files an article's claim, and reads the verdict and its reason
through `claims`, as `ingredients claims` prints them. Statement ids in the reasons are
shown as `#` followed by the source key, since ids are the database's to give.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ingredients.read.claims import claims

from .small_catalogue import SmallCatalogue

AGENT = "agent-a"
ARTICLE = "article-x"
SEARCHED = {"searched": "PubMed, 2026-01-01: this agent by injection"}


@dataclass(frozen=True)
class Claim:
    asserts: str
    route: str = "intradermal"
    subject: str = AGENT
    fields: tuple[tuple[str, Any], ...] = ()
    asked_condition: str | None = "androgenetic-alopecia"


Setup = Callable[[SmallCatalogue], None]


def nothing(_: SmallCatalogue) -> None:
    return None


def stored(kind: str, source: str, subject: str = AGENT, source_kind: str = "paper", **fields: Any) -> Setup:
    def add(catalogue: SmallCatalogue) -> None:
        catalogue.source(source, kind=source_kind)
        if kind == "evidence":
            catalogue.evidence(subject, source=source, **fields)
        elif kind == "safety":
            catalogue.safety(subject, source=source, **fields)
        else:
            catalogue.statement(subject, kind, source=source, **fields)

    return add


def both(*setups: Setup) -> Setup:
    def add(catalogue: SmallCatalogue) -> None:
        for setup in setups:
            setup(catalogue)

    return add


# (why, what is stored, the claim, the verdict, the reason with ids as '#')
ROWS: list[tuple[str, Setup, Claim, str, str]] = [
    # --- efficacy: the best evidence on the claimed route, in the condition judged ---------------
    (
        "efficacy: nothing stored",
        nothing,
        Claim("efficacy"),
        "untested on this route",
        "no evidence stored on this route",
    ),
    (
        "efficacy: a controlled benefit",
        stored("evidence", "trial-1"),
        Claim("efficacy"),
        "supported",
        "best on this route: rct, benefit (# trial-1)",
    ),
    (
        "efficacy: a controlled no-benefit",
        stored("evidence", "trial-1", finding="no-benefit"),
        Claim("efficacy"),
        "contradicted",
        "best on this route: rct, no benefit (# trial-1)",
    ),
    (
        "efficacy: uncontrolled only",
        stored("evidence", "series-1", level="uncontrolled"),
        Claim("efficacy"),
        "weak",
        "best on this route: uncontrolled, benefit (# series-1)",
    ),
    (
        "efficacy: a searched-for absence",
        stored("evidence", "search-1", level="none-found", finding="unclear", **SEARCHED),
        Claim("efficacy"),
        "untested on this route",
        "best on this route: none-found (# search-1)",
    ),
    (
        "efficacy: another route's trial",
        stored("evidence", "trial-1", route="topical"),
        Claim("efficacy"),
        "untested on this route",
        "no evidence stored on this route",
    ),
    (
        "efficacy: a claim of any route reads every route",
        stored("evidence", "trial-1", route="topical"),
        Claim("efficacy", route="any"),
        "supported",
        "best on any route: rct, benefit (# trial-1)",
    ),
    (
        "efficacy: judged in the condition the claim names",
        stored("evidence", "trial-1"),
        Claim("efficacy", fields=(("condition", "alopecia-areata"),)),
        "untested on this route",
        "no evidence stored on this route in alopecia-areata",
    ),
    # --- safety ------------------------------------------------------------------------------------
    (
        "safety: a warning on the route",
        stored("safety", "label-1", harm="warning", route="intradermal"),
        Claim("safety"),
        "contradicted",
        "warning or excess harm on this route: # label-1",
    ),
    (
        "safety: controlled data with no excess harm",
        stored("safety", "trial-1", harm="no-excess-harm", route="intradermal"),
        Claim("safety"),
        "supported",
        "controlled data on this route found no excess harm: # trial-1",
    ),
    (
        "safety: a warning on another route",
        stored("safety", "label-1", harm="warning", route="oral"),
        Claim("safety"),
        "untested on this route",
        "no safety data stored on this route",
    ),
    # --- suitability: a restriction on any route ------------------------------------------------------
    (
        "suitability: a label restricts who may use it",
        stored("safety", "label-1", harm="restricted-group", route="oral"),
        Claim("suitability"),
        "contradicted",
        "a label or regulator limits who may use it: # label-1",
    ),
    # --- tolerability: pain at injection, whoever's ---------------------------------------------------
    (
        "tolerability: pain reported with its share",
        stored("safety", "trial-1", subject="agent-b", harm="pain", harm_percent=45.5, route="intradermal"),
        Claim("tolerability"),
        "contradicted",
        "pain in 45.5% (# trial-1)",
    ),
    (
        "tolerability: pain on another route",
        stored("safety", "trial-1", harm="pain", route="topical"),
        Claim("tolerability"),
        "untested on this route",
        "no study on this route reports on pain",
    ),
    (
        "tolerability: of any route, every route's pain",
        stored("safety", "trial-1", harm="pain", route="topical"),
        Claim("tolerability", route="any"),
        "contradicted",
        "pain reported: # trial-1",
    ),
    # --- rate: the figures of the claimed route ------------------------------------------------------
    (
        "rate: a controlled figure on the route",
        stored(
            "evidence",
            "trial-1",
            **{"effect_value": 7.9, "effect_unit": "hairs/cm2", "effect_kind": "difference-vs-comparator"},
        ),
        Claim("rate"),
        "unsupported",
        "no study reports the claimed measure; the trials report: +7.9 hairs/cm2 vs comparator (# trial-1)",
    ),
    (
        "rate: another route's figure is not read",
        stored(
            "evidence",
            "trial-1",
            route="topical",
            effect_value=1.5,
            effect_unit="ratio",
            effect_kind="ratio-vs-comparator",
        ),
        Claim("rate"),
        "unsupported",
        "no controlled study on this route reports a figure",
    ),
    (
        "rate: an uncontrolled figure is not read",
        stored(
            "evidence",
            "series-1",
            level="uncontrolled",
            effect_value=12.0,
            effect_unit="%",
            effect_kind="change-from-baseline",
        ),
        Claim("rate"),
        "unsupported",
        "no controlled study on this route reports a figure",
    ),
    # --- durability -------------------------------------------------------------------------------------
    (
        "durability: under a year",
        stored("evidence", "trial-1", weeks=51),
        Claim("durability"),
        "unsupported",
        "longest follow-up on this route: 51 weeks (# trial-1)",
    ),
    (
        "durability: a year with a benefit",
        stored("evidence", "trial-1", weeks=52),
        Claim("durability"),
        "weak",
        "longest follow-up on this route: 52 weeks (# trial-1)",
    ),
    (
        "durability: another route's year",
        stored("evidence", "trial-1", weeks=60, route="oral"),
        Claim("durability"),
        "unsupported",
        "no study on this route reports how long it followed anyone",
    ),
    # --- mechanism, regulatory, not judged -----------------------------------------------------------------
    (
        "mechanism: stated",
        stored("mechanism", "review-1"),
        Claim("mechanism"),
        "weak",
        "a mechanism is stated (# review-1); a mechanism alone never supports a claim",
    ),
    (
        "mechanism: none",
        nothing,
        Claim("mechanism"),
        "untested on this route",
        "no mechanism statement stored",
    ),
    (
        "regulatory: approved on the route",
        stored("evidence", "label-1", source_kind="regulatory", level="approved"),
        Claim("regulatory"),
        "supported",
        "approved on this route: # label-1",
    ),
    (
        "regulatory: approved on another route",
        stored("evidence", "label-1", source_kind="regulatory", level="approved", route="topical"),
        Claim("regulatory"),
        "unsupported",
        "no regulator's approval for hair loss on this route is stored",
    ),
    ("practice: not judged", nothing, Claim("practice"), "not judged", "how it is given, not what it does"),
]

HAIR_FIGURE = {"effect_unit": "hairs/cm2", "effect_kind": "difference-vs-comparator"}
PROCEDURE = "mesotherapy"

# Issue 31: claims judged on their subject, on studies that report a hair outcome; pain apart
# from recovery; concessions and claims of no harm read the reports of harm.
ROWS += [
    # --- the subject: what the article talks about, and only its evidence ---------------------------
    (
        "subject: a claim about the procedure is not judged on an agent's trial",
        stored("evidence", "trial-1"),
        Claim("efficacy", subject=PROCEDURE),
        "untested on this route",
        "no evidence stored on this route",
    ),
    (
        "subject: a claim about the procedure is judged on the procedure's trial",
        both(stored("evidence", "trial-1", subject=PROCEDURE), stored("evidence", "trial-2", finding="harm")),
        Claim("efficacy", subject=PROCEDURE),
        "supported",
        "best on this route: rct, benefit (# trial-1)",
    ),
    (
        "subject: an agent's claim is not judged on the procedure's trial",
        stored("evidence", "trial-1", subject=PROCEDURE),
        Claim("efficacy"),
        "untested on this route",
        "no evidence stored on this route",
    ),
    # --- efficacy reads only studies that report a hair outcome ---------------------------------------
    (
        "efficacy: a trial with no hair outcome is not cited",
        both(
            stored("evidence", "trial-1", finding="unclear"),
            stored("evidence", "series-1", level="uncontrolled"),
        ),
        Claim("efficacy"),
        "weak",
        "best on this route: uncontrolled, benefit (# series-1)",
    ),
    (
        "efficacy: beside a trial with a hair outcome, one without is not cited",
        both(stored("evidence", "trial-1", finding="unclear"), stored("evidence", "trial-2")),
        Claim("efficacy"),
        "supported",
        "best on this route: rct, benefit (# trial-2)",
    ),
    (
        "efficacy: a trial in people without hair loss is not cited, whatever the condition asked",
        both(
            stored("evidence", "trial-1", condition="not-hair-loss"),
            stored("evidence", "series-1", level="uncontrolled"),
        ),
        Claim("efficacy", asked_condition="any"),
        "weak",
        "best on this route: uncontrolled, benefit (# series-1)",
    ),
    (
        "efficacy: a claim about another use is judged on studies of it",
        stored("evidence", "trial-1", condition="not-hair-loss"),
        Claim("efficacy", fields=(("condition", "not-hair-loss"),)),
        "supported",
        "best on this route in not-hair-loss: rct, benefit (# trial-1)",
    ),
    # --- pain is not recovery ----------------------------------------------------------------------------
    (
        "recovery: pain at the injections does not contradict it",
        stored("safety", "trial-1", harm="pain", harm_percent=45.5, route="intradermal"),
        Claim("recovery"),
        "untested on this route",
        "no study stored measures recovery or downtime; pain at the injections is not recovery",
    ),
    # --- a harm conceded is supported by reports of it -----------------------------------------------
    (
        "concession: pain at the injections, whoever's",
        stored("safety", "trial-1", subject="agent-b", harm="pain", route="intradermal"),
        Claim("concession"),
        "supported",
        "harm reported on this route: # trial-1",
    ),
    (
        "concession: the subject's adverse events",
        stored("safety", "series-1", harm="adverse-events", route="intradermal"),
        Claim("concession"),
        "supported",
        "harm reported on this route: # series-1",
    ),
    (
        "concession: another subject's adverse events are not its harm",
        stored("safety", "series-1", subject="agent-b", harm="adverse-events", route="intradermal"),
        Claim("concession"),
        "untested on this route",
        "no report of harm stored on this route",
    ),
    (
        "concession: no excess harm is not a harm",
        stored("safety", "trial-1", harm="no-excess-harm", route="intradermal"),
        Claim("concession"),
        "untested on this route",
        "no report of harm stored on this route",
    ),
    # --- no complications, completely safe ------------------------------------------------------------
    (
        "harmless: contradicted by the subject's reported complications",
        stored("safety", "series-1", harm="adverse-events", route="intradermal"),
        Claim("harmless"),
        "contradicted",
        "harm reported on this route: # series-1",
    ),
    (
        "harmless: contradicted by a controlled study's excess harm",
        stored("safety", "trial-1", harm="excess-harm", route="intradermal"),
        Claim("harmless"),
        "contradicted",
        "harm reported on this route: # trial-1",
    ),
    (
        "harmless: contradicted by pain at the injections",
        stored("safety", "trial-1", harm="pain", route="intradermal"),
        Claim("harmless"),
        "contradicted",
        "harm reported on this route: # trial-1",
    ),
    (
        "harmless: complications on another route are not read",
        stored("safety", "series-1", harm="adverse-events", route="oral"),
        Claim("harmless"),
        "untested on this route",
        "no safety data stored on this route",
    ),
    (
        "harmless: otherwise as safety",
        stored("safety", "trial-1", harm="no-excess-harm", route="intradermal"),
        Claim("harmless"),
        "supported",
        "controlled data on this route found no excess harm: # trial-1",
    ),
    # --- rate and durability: the longest follow-up first ---------------------------------------------
    (
        "rate: the longest follow-up's figure first",
        both(
            stored("evidence", "trial-1", weeks=12, effect_value=3.0, **HAIR_FIGURE),
            stored("evidence", "trial-2", weeks=24, effect_value=5.0, **HAIR_FIGURE),
            stored("evidence", "trial-3", effect_value=9.0, **HAIR_FIGURE),
        ),
        Claim("rate"),
        "unsupported",
        "no study reports the claimed measure; the trials report: +5 hairs/cm2 vs comparator (# trial-2); "
        "+3 hairs/cm2 vs comparator (# trial-1)",
    ),
    (
        "durability: the longest follow-up across the subject's studies",
        both(
            stored("evidence", "trial-1", weeks=24),
            stored("evidence", "series-1", level="uncontrolled", weeks=40),
            stored("evidence", "trial-2", weeks=60, route="topical"),
        ),
        Claim("durability"),
        "unsupported",
        "longest follow-up on this route: 40 weeks (# series-1)",
    ),
]


def _ids_hidden(because: str) -> str:
    return re.sub(r"#\d+ ", "# ", because)


def verdict_of(tmp_path: Path, setup: Setup, claim: Claim) -> tuple[str, str]:
    catalogue = SmallCatalogue()
    for slug in (AGENT, "agent-b"):
        catalogue.ingredient(slug)
    setup(catalogue)
    catalogue.source(ARTICLE, kind="article")
    catalogue.claim(
        claim.subject,
        "The article says so.",
        claim.asserts,
        route=claim.route,
        source=ARTICLE,
        **dict(claim.fields),
    )
    reader = catalogue.reader(tmp_path)
    try:
        rows = list(claims(reader, source=ARTICLE, condition=claim.asked_condition).rows)
    finally:
        reader.close()
    assert len(rows) == 1, rows
    return rows[0][5], _ids_hidden(rows[0][6])


@pytest.mark.parametrize(
    ("setup", "claim", "verdict", "because"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_each_claim_is_judged_by_its_rule_on_what_is_stored(
    tmp_path: Path, setup: Setup, claim: Claim, verdict: str, because: str
) -> None:
    assert verdict_of(tmp_path, setup, claim) == (verdict, because)
