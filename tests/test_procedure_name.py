"""One answer to "is this the procedure?" for every command that takes a subject's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

from .small_catalogue import SmallCatalogue

SPELLINGS = ["mesotherapy", "Mesotherapy", "Meso-therapy", "MESO THERAPY"]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    small = SmallCatalogue()
    small.ingredient("agent-a")
    small.evidence("mesotherapy", participants=20)
    small.claim("mesotherapy", "Mesotherapy grows hair.")
    small.claim("agent-a", "Agent A grows hair.")
    return small.build(tmp_path_factory.mktemp("procedure"))


def _run(catalogue: Path, *words: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(app, ["--db", str(catalogue), *words, "-f", "json"])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


@pytest.mark.parametrize("name", SPELLINGS)
def test_claims_effects_and_show_read_the_procedure_by_any_spelling(catalogue: Path, name: str) -> None:
    assert [row["ingredient"] for row in _run(catalogue, "claims", name)] == ["mesotherapy"]
    assert {row["ingredient"] for row in _run(catalogue, "effects", name)} == {"mesotherapy"}
    shown = CliRunner().invoke(app, ["--db", str(catalogue), "show", name, "-f", "json"])
    assert json.loads(shown.stdout)["slug"] == "mesotherapy"


def test_an_ingredient_is_still_read_by_its_name(catalogue: Path) -> None:
    assert [row["ingredient"] for row in _run(catalogue, "claims", "Agent A")] == ["agent-a"]
