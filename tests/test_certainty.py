"""The certainty rule, specified by a table: one row per branch and boundary, on a small catalogue.

Each row is one agent with the studies it needs; the whole table is one catalogue, built
once, and each agent's summary on injection for pattern hair loss is compared whole.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.certainty import (
    CERTAINTY_RULES,
    ENOUGH_PARTICIPANTS,
    Study,
    Summary,
    summarise,
)
from ingredients.core.evidence import evidence_params
from ingredients.read.certainty import summaries, summary_of, summary_of_nothing
from ingredients.store.reader import Reader

from .small_catalogue import SmallCatalogue

# A study at low risk of bias, large enough to be precise, pointing to benefit.
GOOD: dict[str, Any] = {
    "randomised": "yes",
    "blinding": "double",
    "control": "saline",
    "participants": ENOUGH_PARTICIPANTS,
}
OPEN: dict[str, Any] = {**GOOD, "blinding": "none"}
REVIEW: dict[str, Any] = {
    "level": "systematic-review",
    "reports_agent_result": "yes",
    "comparator": "placebo",
}
UNCONTROLLED: dict[str, Any] = {"level": "uncontrolled", "comparator": "none", "participants": 20}
MIXTURE: dict[str, Any] = {"other_compound": True}


def _effect(value: float, low: float, high: float, kind: str = "difference-vs-comparator") -> dict[str, Any]:
    unit = "ratio" if kind == "ratio-vs-comparator" else "hairs"
    return {
        "effect_value": value,
        "effect_ci_low": low,
        "effect_ci_high": high,
        "effect_kind": kind,
        "effect_unit": unit,
    }


# agent: (its studies, the cell it reads, the downgrades).
RULE_TABLE: dict[str, tuple[list[dict[str, Any]], str, tuple[str, ...]]] = {
    # --- the body: what counts ---------------------------------------------------------
    "only-a-search": (
        [{"level": "none-found", "finding": "unclear", "searched": "PubMed"}],
        "insufficient",
        (),
    ),
    "only-preclinical": (
        [{"level": "preclinical", "route": "intradermal", "comparator": None}],
        "insufficient",
        (),
    ),
    "review-without-result": (
        [{**REVIEW, "reports_agent_result": "no", "finding": "unclear"}],
        "insufficient (1 review with no result for it)",
        (),
    ),
    "review-result-unknown": (
        [{**REVIEW, "reports_agent_result": "unknown", "finding": "benefit"}],
        "insufficient (1 review with no result for it)",
        (),
    ),
    "rct-without-direction": (
        [{**GOOD, "finding": "unclear"}],
        "insufficient (1 RCT with no result for it)",
        (),
    ),
    "another-condition-only": ([{**GOOD, "condition": "alopecia-areata"}], "insufficient", ()),
    "another-route-only": ([{**GOOD, "route": "topical"}], "insufficient", ()),
    "uncontrolled-only": ([UNCONTROLLED], "very-low: benefit, 1 uncontrolled study", ()),
    "uncontrolled-mixture": (
        [{**UNCONTROLLED, **MIXTURE}],
        "very-low: benefit, 1 uncontrolled study (mixtures)",
        (),
    ),
    "two-uncontrolled": ([UNCONTROLLED, UNCONTROLLED], "very-low: benefit, 2 uncontrolled studies", ()),
    "uncontrolled-without-direction": ([{**UNCONTROLLED, "finding": "unclear"}], "insufficient", ()),
    # --- the start and each downgrade, with its boundary --------------------------------
    "one-good-rct": ([GOOD], "high: benefit, 1 RCT", ()),
    "non-randomised-controlled": (
        [{**GOOD, "level": "uncontrolled", "randomised": "no"}],
        "very-low: benefit, 1 controlled study",
        ("risk of bias",),
    ),
    "randomised-unknown": (
        [{**GOOD, "randomised": "unknown"}],
        "moderate: benefit, 1 RCT",
        ("risk of bias",),
    ),
    "single-blind": ([{**GOOD, "blinding": "single"}], "moderate: benefit, 1 RCT", ("risk of bias",)),
    "triple-blind": ([{**GOOD, "blinding": "triple"}], "high: benefit, 1 RCT", ()),
    "untreated-side": (
        [{**GOOD, "control": "untreated-side"}],
        "moderate: benefit, 1 RCT",
        ("risk of bias",),
    ),
    "active-control": ([{**GOOD, "control": "active"}], "high: benefit, 1 RCT", ()),
    "one-low-risk-of-two": (
        [{**GOOD, "participants": 200}, {**OPEN, "participants": 200}],
        "high: benefit, 2 RCTs",
        (),
    ),
    "one-participant-short": (
        [{**GOOD, "participants": ENOUGH_PARTICIPANTS - 1}],
        "moderate: benefit, 1 RCT",
        ("imprecision",),
    ),
    "two-non-randomised-controlled": (
        [{**GOOD, "level": "uncontrolled", "randomised": "no"}] * 2,
        "very-low: benefit, 2 controlled studies",
        ("risk of bias",),
    ),
    "one-short-and-one-unknown": (
        [{**GOOD, "participants": ENOUGH_PARTICIPANTS - 1}, {**GOOD, "participants": None}],
        "moderate: benefit, 2 RCTs",
        ("imprecision",),
    ),
    "participants-unknown": ([{**GOOD, "participants": None}], "moderate: benefit, 1 RCT", ("imprecision",)),
    "interval-crosses-zero": ([{**GOOD, **_effect(1, 0, 2)}], "moderate: benefit, 1 RCT", ("imprecision",)),
    "interval-clear-of-zero": ([{**GOOD, **_effect(1, 0.1, 2)}], "high: benefit, 1 RCT", ()),
    "interval-below-zero": ([{**GOOD, **_effect(-1, -2, -0.1)}], "high: benefit, 1 RCT", ()),
    "ratio-crosses-one": (
        [{**GOOD, **_effect(1.5, 1, 2, "ratio-vs-comparator")}],
        "moderate: benefit, 1 RCT",
        ("imprecision",),
    ),
    "ratio-clear-of-one": (
        [{**GOOD, **_effect(1.5, 1.1, 2, "ratio-vs-comparator")}],
        "high: benefit, 1 RCT",
        (),
    ),
    "ratio-clear-of-zero-only": (
        [{**GOOD, **_effect(0.5, 0.1, 1.2, "ratio-vs-comparator")}],
        "moderate: benefit, 1 RCT",
        ("imprecision",),
    ),
    "two-directions": (
        [GOOD, {**GOOD, "finding": "no-benefit"}],
        "moderate: mixed, 2 RCTs",
        ("inconsistency",),
    ),
    "review-decides-the-direction": (
        [{**REVIEW, **GOOD}, {**GOOD, "finding": "no-benefit"}],
        "moderate: benefit, 1 review + 1 RCT",
        ("inconsistency",),
    ),
    "unclear-beside-a-direction": ([GOOD, {**GOOD, "finding": "unclear"}], "high: benefit, 2 RCTs", ()),
    "sponsored-only": (
        [{**GOOD, "manufacturer_sponsored": True}],
        "moderate: benefit, 1 RCT",
        ("sponsorship",),
    ),
    "sponsored-and-independent": (
        [{**GOOD, "manufacturer_sponsored": True}, GOOD],
        "high: benefit, 2 RCTs",
        (),
    ),
    # --- mixtures never raise the certainty ----------------------------------------------
    "mixture-where-own-is-unclear": (
        [{**GOOD, "finding": "unclear"}, {**GOOD, **MIXTURE}],
        "moderate: benefit, 1 RCT (mixtures)",
        ("indirectness",),
    ),
    "own-direction-before-mixture": (
        [{**GOOD, "participants": 20, "finding": "no-benefit"}, {**GOOD, **MIXTURE}],
        "moderate: no benefit, 1 RCT",
        ("imprecision",),
    ),
    # --- the floor, and an approval ----------------------------------------------------
    "every-downgrade": (
        [
            {**OPEN, "participants": 10, "manufacturer_sponsored": True, **MIXTURE},
            {**OPEN, "participants": 10, "manufacturer_sponsored": True, "finding": "harm", **MIXTURE},
        ],
        "very-low: mixed, 2 RCTs (mixtures)",
        ("risk of bias", "imprecision", "inconsistency", "indirectness", "sponsorship"),
    ),
    "approved": (
        [{"level": "approved", "comparator": None, "source": "label"}],
        "high: benefit, 1 approval",
        (),
    ),
    "approved-mixture": (
        [{"level": "approved", "comparator": None, "source": "label", **MIXTURE}],
        "very-low: benefit, 1 approval (mixtures)",
        ("risk of bias", "imprecision", "indirectness"),
    ),
}


@pytest.fixture(scope="module")
def rule_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    catalogue = SmallCatalogue()
    catalogue.source("label", kind="regulatory")
    for agent, (studies, _, _) in RULE_TABLE.items():
        catalogue.ingredient(agent)
        for study in studies:
            fields = dict(study)
            if fields.get("comparator", "placebo") is None:
                fields.pop("comparator")
                catalogue.statement(
                    agent,
                    "evidence",
                    **{
                        "finding": "benefit",
                        "route": "intradermal",
                        "condition": "androgenetic-alopecia",
                        **fields,
                    },
                )
                continue
            catalogue.evidence(agent, **fields)
    return catalogue.reader(tmp_path_factory.mktemp("certainty"))


def _ids(reader: Reader) -> dict[str, int]:
    return dict(row[::-1] for row in reader.execute("SELECT id, slug FROM ingredient").rows)


@pytest.mark.parametrize("agent", list(RULE_TABLE))
def test_the_rule_table(rule_catalogue: Reader, agent: str) -> None:
    _, cell, downgrades = RULE_TABLE[agent]
    params = evidence_params(False, "androgenetic-alopecia", None)
    found = summaries(rule_catalogue, "intradermal", params).get(
        _ids(rule_catalogue)[agent], summary_of_nothing()
    )
    assert (found.text, found.downgrades) == (cell, downgrades)
    # One agent read alone reads the same as in the list of all.
    assert summary_of(rule_catalogue, _ids(rule_catalogue)[agent], "intradermal", params) == found


# Each pair: the summary that ranks first, then the one after it, differing in one key only.
_BASE = Summary("low", "benefit", rcts=1, participants=100)
RANKING_TABLE = {
    "certainty before direction": (
        Summary("moderate", "no-benefit", rcts=1),
        Summary("low", "benefit", rcts=1),
    ),
    "very-low before insufficient": (Summary("very-low", "unclear"), Summary("insufficient", "unclear")),
    "benefit before mixed": (_BASE, Summary("low", "mixed", rcts=1, participants=100)),
    "mixed before unclear": (Summary("low", "mixed"), Summary("low", "unclear")),
    "unclear before no-benefit": (Summary("low", "unclear"), Summary("low", "no-benefit")),
    "no-benefit before harm": (Summary("low", "no-benefit"), Summary("low", "harm")),
    "controlled before uncontrolled": (
        Summary("very-low", "benefit", rcts=1, mixtures=True),
        Summary("very-low", "benefit", uncontrolled=2, participants=900),
    ),
    "the agent before mixtures": (_BASE, Summary("low", "benefit", rcts=1, participants=900, mixtures=True)),
    "a clear effect before none": (
        Summary("low", "benefit", participants=10, effect_clear=True),
        Summary("low", "benefit", participants=900),
    ),
    "more participants first": (Summary("low", "benefit", participants=101), _BASE),
}


@pytest.mark.parametrize("case", list(RANKING_TABLE))
def test_the_ranking_table(case: str) -> None:
    first, second = RANKING_TABLE[case]
    assert first.rank_key < second.rank_key
    assert sorted([second, first], key=lambda summary: summary.rank_key) == [first, second]


def test_the_best_effect_is_the_strongest_designs_then_the_largest_studys() -> None:
    small = Study(
        4, "benefit", 30, "placebo", effect_value=5, effect_unit="hairs", effect_kind="change-from-baseline"
    )
    large = Study(
        4, "benefit", 60, "placebo", effect_value=2, effect_unit="hairs", effect_kind="change-from-baseline"
    )
    review = Study(
        5,
        "benefit",
        10,
        "placebo",
        reports_agent_result="yes",
        effect_value=3,
        effect_unit="%",
        effect_kind="change-from-baseline",
    )
    assert summarise([small, large]).effect == "+2 hairs from baseline"
    assert summarise([large, small]).effect == "+2 hairs from baseline"
    assert summarise([small, review, large]).effect == "+3 % from baseline"
    # An effect without an interval is shown but is not clear of no effect.
    assert summarise([small]).effect_clear is False
    clear = Study(
        4,
        "benefit",
        30,
        "placebo",
        effect_value=2,
        effect_unit="hairs",
        effect_kind="difference-vs-comparator",
        effect_ci_low=1,
        effect_ci_high=3,
        effect_p=0.01,
    )
    assert summarise([clear]).effect == "+2 hairs (95% CI 1 to 3; p 0.01) vs comparator"
    assert summarise([clear]).effect_clear is True


def test_participants_are_counted_where_known() -> None:
    known, unknown = Study(4, "benefit", 30, "placebo"), Study(4, "benefit", None, "placebo")
    assert summarise([known, unknown]).participants == 30
    series = Study(3, "benefit", 20, "none")
    assert summarise([series, Study(3, "no-benefit", None, "none")]).participants == 20
    assert summarise([series]).direction == "benefit"
    assert summarise([]) == Summary("insufficient", "unclear")


def test_the_sex_and_sponsorship_asked_for_choose_the_body(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.evidence("agent-a", sex="female", **GOOD)
    catalogue.evidence("agent-a", sex="male", finding="no-benefit", manufacturer_sponsored=True, **GOOD)
    reader = catalogue.reader(tmp_path)
    read = {
        (sex, sponsored): summary_of(reader, 1, "intradermal", evidence_params(sponsored, None, sex)).text
        for sex in (None, "female", "male")
        for sponsored in (False, True)
    }
    assert read == {
        (None, False): "moderate: mixed, 2 RCTs",
        (None, True): "high: benefit, 1 RCT",
        ("female", False): "high: benefit, 1 RCT",
        ("female", True): "high: benefit, 1 RCT",
        ("male", False): "moderate: no benefit, 1 RCT",
        ("male", True): "insufficient",
    }
    # Every route together (None) reads the injected studies too.
    assert summary_of(reader, 1, None, evidence_params(False, None, "female")).text == "high: benefit, 1 RCT"


def test_the_rule_is_written_once_in_grades_and_the_docs() -> None:
    result = CliRunner().invoke(app, ["grades", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = [
        (row["term"], row["meaning"]) for row in json.loads(result.stdout) if row["part"] == "certainty-rule"
    ]
    assert rows == list(CERTAINTY_RULES)
    text = " ".join(CliRunner().invoke(app, ["grades"]).stdout.split())
    assert all(" ".join(rule.split()) in text for _, rule in CERTAINTY_RULES)
    docs = " ".join(
        (Path(__file__).parent.parent / "docs" / "grading.md").read_text(encoding="utf-8").split()
    )
    for step, rule in CERTAINTY_RULES:
        assert f"| {step} | {rule} |" in docs
