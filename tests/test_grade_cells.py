"""No blank grade cell: where nothing is stored for an ingredient (for that sex, condition or
route), every command's grade cell says `none stored` (NONE_STORED), never nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.evidence import NONE_STORED, grade_cell

from .small_catalogue import SmallCatalogue


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """agent-a: one study of men only; agent-b: no study at all; agent-c: both sexes."""
    small = SmallCatalogue()
    for slug in ("agent-a", "agent-b", "agent-c"):
        small.ingredient(slug)
    small.evidence("agent-a", sex="male", route="topical")
    small.evidence("agent-c", sex="both")
    return small.build(tmp_path)


def cells(path: Path, *args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(app, ["--db", str(path), *args, "-f", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


# (case, sex, slug, best_evidence, intradermal_evidence)
CASES = [
    ("nothing stored at all", None, "agent-b", NONE_STORED, NONE_STORED),
    ("a study on another route", None, "agent-a", "rct, benefit", NONE_STORED),
    ("a study of the other sex only", "female", "agent-a", NONE_STORED, NONE_STORED),
    ("a study of the asked sex", "male", "agent-a", "rct, benefit", NONE_STORED),
    ("a study of both sexes counts for each", "female", "agent-c", "rct, benefit", "rct, benefit"),
]


@pytest.mark.parametrize(
    ("sex", "slug", "best", "intradermal"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_list_grade_cells_are_never_blank(
    catalogue: Path, sex: str | None, slug: str, best: str, intradermal: str
) -> None:
    rows = cells(catalogue, "list", *(["--sex", sex] if sex else []))
    row = next(row for row in rows if row["slug"] == slug)
    assert (row["best_evidence"], row["intradermal_evidence"]) == (best, intradermal)


def test_compare_grade_cells_are_never_blank(catalogue: Path) -> None:
    rows = cells(catalogue, "compare", "agent-a", "agent-b", "--sex", "female")
    grades = ("intradermal_evidence", "topical_evidence", "oral_evidence", "best_evidence")
    assert {row[column] for row in rows for column in grades} == {NONE_STORED}


def test_a_check_row_says_none_stored(catalogue: Path) -> None:
    rows = cells(catalogue, "check", "agent-b", "-c", "given,evidence_on_route,evidence_overall")
    assert (rows[0]["evidence_on_route"], rows[0]["evidence_overall"]) == (NONE_STORED, NONE_STORED)


def test_a_summary_is_kept_and_only_nothing_becomes_the_word() -> None:
    assert grade_cell("rct, benefit") == "rct, benefit"
    assert grade_cell(None) == grade_cell("") == NONE_STORED
