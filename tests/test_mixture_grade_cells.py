"""The design grade beside a certainty that rests on studies of mixtures: where the agent has no
study of its own, its grade cell says it was studied only in mixtures, so the two cells never
seem to disagree ('none-found' beside 'low: benefit, 1 RCT (mixtures)')."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.evidence import NONE_STORED
from ingredients.read.certainty import NO_OWN_STUDY, ONLY_IN_MIXTURES

from .small_catalogue import SmallCatalogue

ABSENCE: dict[str, Any] = {
    "level": "none-found",
    "finding": "unclear",
    "searched": "PubMed, 2026-01-01: this agent by injection",
}
MIXTURE: dict[str, Any] = {"other_compound": True}

# (case, the agent's evidence statements, its best_evidence cell in `list`)
CASES: list[tuple[str, list[dict[str, Any]], str]] = [
    ("only a trial of a mixture", [MIXTURE], f"{NO_OWN_STUDY}; {ONLY_IN_MIXTURES}"),
    ("a searched absence and a trial of a mixture", [ABSENCE, MIXTURE], f"none-found; {ONLY_IN_MIXTURES}"),
    (
        "a claim and a trial of a mixture",
        [{"level": "claim-only", "finding": "unclear"}, MIXTURE],
        f"claim-only; {ONLY_IN_MIXTURES}",
    ),
    ("its own trial beside a mixture's", [{}, MIXTURE], "rct, benefit"),
    (
        "its own preclinical study beside a mixture's trial",
        [{"level": "preclinical"}, MIXTURE],
        "preclinical, benefit",
    ),
    ("a mixture's trial with no result", [{**MIXTURE, "finding": "unclear"}], NONE_STORED),
    ("a searched absence alone", [ABSENCE], "none-found"),
    ("nothing stored", [], NONE_STORED),
]


@pytest.mark.parametrize(("statements", "cell"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_grade_says_when_the_agent_was_studied_only_in_mixtures(
    tmp_path: Path, statements: list[dict[str, Any]], cell: str
) -> None:
    small = SmallCatalogue()
    small.ingredient("agent-a")
    for fields in statements:
        small.evidence("agent-a", **fields)
    db = small.build(tmp_path)
    listed = CliRunner().invoke(app, ["--db", str(db), "list", "-f", "csv"])
    assert listed.exit_code == 0, listed.output
    row = next(csv.DictReader(io.StringIO(listed.stdout)))
    assert (row["best_evidence"], row["intradermal_evidence"]) == (cell, cell)
    checked = CliRunner().invoke(app, ["--db", str(db), "check", "agent-a", "-f", "json"])
    assert checked.exit_code == 0, checked.output
    item = json.loads(checked.stdout)["ingredients"][0]
    assert (item["evidence_on_route"], item["evidence_overall"]) == (cell, cell)
