"""The standings an expert expects: by the rule on a small catalogue, and as facts of the shipped data."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

from .conftest import Invoke
from .small_catalogue import SmallCatalogue

_LOW_RISK = {"randomised": "yes", "blinding": "double", "control": "saline"}


def _injected_ranking(rows: str) -> list[tuple[str, str]]:
    return [(row["name"], row["intradermal_certainty"]) for row in csv.DictReader(io.StringIO(rows))]


def test_by_the_rule_pooled_trials_outrank_small_trials_of_mixtures_and_case_series(tmp_path: Path) -> None:
    """Shaped like the injected evidence for pattern hair loss, on synthetic rows: a pooled result
    with trials that disagree, a trial of a mixture, a trial of the agent with no result and a review
    with none for it, case series, and a saline-controlled trial finding nothing."""
    catalogue = SmallCatalogue()
    for agent in ("pooled", "mixture-only", "no-result", "series", "saline-null"):
        catalogue.ingredient(agent)
    catalogue.evidence("pooled", level="systematic-review", reports_agent_result="yes", participants=200)
    catalogue.evidence("pooled", participants=30, **_LOW_RISK)
    catalogue.evidence("pooled", participants=35, finding="no-benefit", **_LOW_RISK)
    catalogue.evidence(
        "mixture-only",
        participants=126,
        other_compound=True,
        randomised="unknown",
        blinding="unknown",
        control="saline",
    )
    catalogue.evidence("mixture-only", finding="unclear", participants=90, **_LOW_RISK)
    catalogue.evidence("no-result", level="systematic-review", reports_agent_result="no", finding="benefit")
    catalogue.evidence("series", level="uncontrolled", comparator="none", participants=60)
    catalogue.evidence(
        "saline-null",
        finding="no-benefit",
        participants=60,
        randomised="yes",
        blinding="triple",
        control="saline",
    )
    path = catalogue.build(tmp_path)
    listed = CliRunner().invoke(
        app, ["--db", str(path), "list", "--route", "intradermal", "--sort", "intradermal", "-f", "csv"]
    )
    assert listed.exit_code == 0, listed.output
    # Certainty first, then direction: a precise trial finding nothing outranks a weak benefit.
    assert _injected_ranking(listed.stdout) == [
        ("Saline Null", "moderate: no benefit, 1 RCT"),
        ("Pooled", "low: benefit, 1 review + 2 RCTs"),
        ("Mixture Only", "very-low: benefit, 1 RCT (mixtures)"),
        ("Series", "very-low: benefit, 1 uncontrolled study"),
        ("No Result", "insufficient (1 review with no result for it)"),
    ]


def _listed(invoke: Invoke, *options: str) -> dict[str, dict[str, str]]:
    result = invoke("list", *options, "-c", "slug,certainty,intradermal_certainty", "-f", "csv")
    assert result.exit_code == 0, result.output
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def test_the_shipped_standings_for_pattern_hair_loss_by_injection(invoke: Invoke) -> None:
    result = invoke("list", "--route", "intradermal", "--sort", "intradermal", "-c", "slug", "-f", "csv")
    order = result.stdout.split()[1:]
    assert order.index("platelet-rich-plasma") < order.index("dutasteride")
    assert order.index("platelet-rich-plasma") < order.index("minoxidil")
    injected = _listed(invoke, "--route", "intradermal")
    assert injected["finasteride"]["intradermal_certainty"].startswith("insufficient")
    assert injected["platelet-rich-plasma"]["intradermal_certainty"].startswith("low: benefit")
    # Botulinum toxin's injected evidence never reads as a benefit.
    assert ": benefit" not in injected["botulinum-toxin-a"]["intradermal_certainty"]


def test_dutasteride_overall_reads_a_benefit_from_its_oral_trial(invoke: Invoke) -> None:
    overall = _listed(invoke)
    assert overall["dutasteride"]["certainty"].split(",")[0].endswith(": benefit")
