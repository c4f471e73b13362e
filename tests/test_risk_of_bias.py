"""Risk of bias per study: randomised, blinding, control, and whether a review reports a result."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from cli.main import app
from ingredients.store.models import StatementCreate

from .small_catalogue import SmallCatalogue
from .test_lifecycle import upgraded_fixture

_STUDY: dict[str, Any] = {
    "kind": "evidence",
    "route": "intradermal",
    "level": "rct",
    "finding": "benefit",
    "text": "A trial.",
    "source": "s",
}

# One row per branch: the fields given, and the error (None: accepted) with what is stored.
VALIDATION = [
    ({"randomised": "yes", "blinding": "double", "control": "saline"}, None),
    ({"randomised": "unknown", "blinding": "unknown"}, None),
    ({"randomised": "maybe"}, "unknown randomised 'maybe'"),
    ({"blinding": "quadruple"}, "unknown blinding 'quadruple'"),
    ({"control": "sham"}, "unknown control 'sham'"),
    ({"reports_agent_result": "perhaps", "level": "systematic-review"}, "unknown reports agent result"),
    # The control is a finer comparator: given alone it sets the comparator, and never disagrees.
    ({"control": "untreated-side", "comparator": "placebo"}, "control: 'untreated-side' is a 'untreated'"),
    ({"control": "active", "comparator": "active"}, None),
    ({"control": "none", "comparator": "none", "level": "uncontrolled"}, None),
    # Only a study of people, or a review, has a design to judge.
    ({"randomised": "no", "level": "uncontrolled"}, None),
    ({"randomised": "no", "level": "preclinical", "route": "in-vitro"}, "only a study of people or a review"),
    ({"blinding": "none", "level": "claim-only", "finding": "unclear"}, "only a study of people or a review"),
    # Only a systematic review says whether it reports a result for this agent and route.
    ({"reports_agent_result": "no", "level": "systematic-review"}, None),
    ({"reports_agent_result": "no", "level": "rct"}, "reports_agent_result: only a systematic review"),
    ({"reports_agent_result": "yes", "level": "approved"}, "reports_agent_result: only a systematic review"),
]


@pytest.mark.parametrize(("fields", "error"), VALIDATION)
def test_risk_of_bias_is_validated_once_in_the_model(fields: dict[str, Any], error: str | None) -> None:
    given = {**_STUDY, **fields}
    if error is None:
        StatementCreate(**given)
        return
    with pytest.raises(ValidationError) as raised:
        StatementCreate(**given)
    assert error in str(raised.value)


def test_a_control_alone_gives_the_comparator_it_is_a_kind_of() -> None:
    assert StatementCreate(**_STUDY, control="saline").comparator == "placebo"
    assert StatementCreate(**_STUDY, control="untreated-side").comparator == "untreated"


@pytest.mark.parametrize("kind", ["safety", "mechanism", "purpose"])
def test_only_evidence_carries_a_risk_of_bias(kind: str) -> None:
    with pytest.raises(ValidationError, match="randomised: only an evidence statement"):
        StatementCreate(kind=kind, text="x", source="s", randomised="yes", level="claim-only")


def _exported(path: Path, fmt: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(path), "export", "statements", "-f", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_export_and_import_carry_the_risk_of_bias(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.evidence("agent-a", randomised="yes", blinding="triple", control="saline")
    catalogue.evidence("agent-a", level="systematic-review", reports_agent_result="no")
    path = catalogue.build(tmp_path)
    rows = list(csv.DictReader(io.StringIO(_exported(path, "csv"))))
    assert sorted(
        (row["randomised"], row["blinding"], row["control"], row["reports_agent_result"]) for row in rows
    ) == [("", "", "", "no"), ("yes", "triple", "saline", "")]
    # What export writes, import reads back unchanged.
    again = tmp_path / "again.db"
    shutil.copyfile(SmallCatalogue().build(tmp_path), again)
    written = tmp_path / "statements.jsonl"
    written.write_text(_exported(path, "jsonl"), encoding="utf-8")
    sources = tmp_path / "sources.csv"
    sources.write_text(
        CliRunner().invoke(app, ["--db", str(path), "export", "sources", "-f", "csv"]).stdout,
        encoding="utf-8",
    )
    ingredients = tmp_path / "ingredients.csv"
    ingredients.write_text(
        CliRunner().invoke(app, ["--db", str(path), "export", "ingredients", "-f", "csv"]).stdout,
        encoding="utf-8",
    )
    imported = CliRunner().invoke(
        app, ["--db", str(again), "import", str(sources), str(ingredients), str(written)]
    )
    assert imported.exit_code == 0, imported.output
    reimported = [json.loads(line) for line in _exported(again, "jsonl").splitlines()]
    assert sorted((row["control"] or "", row["reports_agent_result"] or "") for row in reimported) == [
        ("", "no"),
        ("saline", ""),
    ]


def test_the_data_package_describes_the_risk_of_bias_columns(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.evidence("agent-a", randomised="no", blinding="none", control="untreated-side")
    path = catalogue.build(tmp_path)
    folder = tmp_path / "package"
    result = CliRunner().invoke(app, ["--db", str(path), "export", "--all", str(folder)])
    assert result.exit_code == 0, result.output
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    (statements,) = [r for r in descriptor["resources"] if r["name"] == "statements"]
    names = [field["name"] for field in statements["schema"]["fields"]]
    assert {"randomised", "blinding", "control", "reports_agent_result"} <= set(names)
    rows = list(csv.DictReader((folder / statements["path"]).open(encoding="utf-8")))
    assert (rows[0]["randomised"], rows[0]["control"], rows[0]["comparator"]) == (
        "no",
        "untreated-side",
        "untreated",
    )


def test_the_upgrade_keeps_every_user_row_and_leaves_their_risk_of_bias_unknown(tmp_path: Path) -> None:
    old = upgraded_fixture(tmp_path)
    with sqlite3.connect(old) as connection:
        found = connection.execute(
            "SELECT DISTINCT randomised, blinding, control, reports_agent_result FROM statement "
            "WHERE origin = 'user'"
        ).fetchall()
    assert found == [(None, None, None, None)]


def _seed_evidence() -> list[tuple[str, dict[str, Any]]]:
    import tomllib

    import seed_data

    files = [*seed_data.ingredient_files(), seed_data.procedure_file()]
    return [
        (resource.name, statement)
        for resource in files
        for statement in tomllib.loads(resource.read_text(encoding="utf-8")).get("statements", [])
        if statement["kind"] == "evidence"
    ]


def test_every_controlled_study_in_the_seed_carries_its_risk_of_bias() -> None:
    """A study with a control (placebo, active or untreated) says whether it was randomised, who
    was blinded and what the control was; a review graded as its best study, with no comparator
    of its own, is a review and is not asked."""
    missing = [
        (name, statement["source"])
        for name, statement in _seed_evidence()
        if statement.get("level") in ("rct", "uncontrolled")
        and statement.get("comparator") in ("placebo", "active", "untreated")
        and not all(statement.get(field) for field in ("randomised", "blinding", "control"))
    ]
    assert missing == []


def test_every_systematic_review_in_the_seed_says_whether_it_reports_a_result_for_the_agent() -> None:
    missing = [
        (name, statement["source"])
        for name, statement in _seed_evidence()
        if statement.get("level") == "systematic-review" and not statement.get("reports_agent_result")
    ]
    assert missing == []
