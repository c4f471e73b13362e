"""What a check report holds, whole: its document, its two tables, and the flags file it reads.

A report of a small catalogue's formulation is compared entire, so that a renamed key, a lost
column or a joined list written another way is seen; the flags file's every refusal is a row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingredients.check import formulation_check
from ingredients.check.avoid_list import apply_avoid_list, read_avoid_list
from ingredients.check.check_report import FINDING_LAYOUT, ROW_LAYOUT, CheckedItem, CheckReport, Finding
from ingredients.check.flags import parse_flags
from ingredients.check.formulation_check import check_formulation, check_items
from ingredients.check.mix_parsing import Item, parse_list
from ingredients.core.errors import DataFileError
from ingredients.read.name_matching import Match
from ingredients.read.suggestions import closest, suggestions

from .small_catalogue import SmallCatalogue

_FLAGS = """
[[agent-a]]
flag = "prescription-only"
source = "label-a"
text = "A prescription medicine."

[[agent-a]]
flag = "warning-pregnancy"
source = "label-a"
text = "Not in pregnancy."
"""


@pytest.fixture
def report_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr(formulation_check, "shipped_flags", lambda: parse_flags(_FLAGS))
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a", "Agent A", ingredient_class="vasodilator")
    catalogue.strength("agent-a", 5, source="label-a")
    catalogue.evidence("agent-a", route="topical", manufacturer_sponsored=True)
    catalogue.formulation("mix-a", [("agent-a", 7.0, "%")], route="topical", kind="topical")
    reader = catalogue.reader(tmp_path)
    report = check_formulation(reader, "mix-a")
    return {
        "document": report.document(),
        "ingredients": list(report.ingredients_table().rows),
        "findings": list(report.findings_table().rows),
        "selected": report.document(["given", "declared"])["ingredients"],
        "suggested": check_items(reader, parse_list("Agent B"), "topical").items[0].row(),
    }


def test_a_report_document_whole(report_document: dict[str, Any]) -> None:
    document = report_document["document"]
    assert list(document) == ["route", "formulation", "ingredients", "findings", "notice"]
    assert document["route"] == "topical" and document["formulation"] == "mix-a"
    assert document["ingredients"] == [
        {
            "position": 1,
            "given": "agent-a",
            "ingredient": "agent-a",
            "name": "Agent A",
            "match": "stored link",
            "confidence": 100,
            "class": "vasodilator",
            "declared": "7 %",
            "strength_status": "above",
            "strength_check": "above highest approved 5 %",
            "certainty_on_route": "very-low: benefit, 1 RCT",
            "certainty_overall": "very-low: benefit, 1 RCT",
            "evidence_on_route": document["ingredients"][0]["evidence_on_route"],
            "evidence_overall": document["ingredients"][0]["evidence_overall"],
            "sponsored_only": True,
            "flags": "prescription-only, warning-pregnancy",
            "suggestions": None,
        }
    ]
    assert document["ingredients"][0]["evidence_on_route"].startswith("rct, benefit")
    assert [(f["severity"], f["kind"], f["ingredients"], f["source"]) for f in document["findings"]] == [
        ("warning", "above-strength", ["agent-a"], "label-a"),
        ("warning", "warning-pregnancy", ["agent-a"], "label-a"),
        ("info", "prescription-only", ["agent-a"], "label-a"),
        ("info", "maker-sponsored-only", ["agent-a"], None),
    ]
    assert document["findings"][0]["finding"] == (
        "Agent A is declared at 7 %, above the highest topical strength on record (approved 5 %)."
    )
    assert report_document["selected"] == [{"given": "agent-a", "declared": "7 %"}]


def test_a_report_as_tables(report_document: dict[str, Any]) -> None:
    assert report_document["ingredients"][0][15] == "prescription-only, warning-pregnancy"
    assert report_document["findings"][0] == [
        "warning",
        "above-strength",
        "agent-a",
        "Agent A is declared at 7 %, above the highest topical strength on record (approved 5 %).",
        "label-a",
    ]
    # An unmatched item's row carries its suggestions, joined, and nothing of a strength.
    row = report_document["suggested"]
    assert row[8:17] == [
        None,
        None,
        None,
        None,
        "none stored",
        "none stored",
        None,
        None,
        "Agent A (agent-a, 83%)",
    ]


def test_what_a_row_joins() -> None:
    """Several suggestions, and a finding's several ingredients, are joined as they read."""
    unmatched = CheckedItem(
        Item(1, "Agent", "Agent"), Match("unmatched", suggestions=("A (a, 80%)", "B (b, 70%)"))
    )
    assert unmatched.row()[16] == "A (a, 80%); B (b, 70%)"
    assert Finding("warning", "same-class", ("a", "b"), "Both.").row()[2] == "a, b"


def test_the_tables_say_how_they_read() -> None:
    report = CheckReport("topical", [], [])
    assert report.ingredients_table().boolean_columns == frozenset({"sponsored_only"})
    assert report.ingredients_table().layout == ROW_LAYOUT
    assert report.findings_table().layout == FINDING_LAYOUT


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '[[a]]\nflag = "banned"\nsource = "x"\ntext = "y"\n',
            "a flag 1: unknown flag 'banned'; expected one of: suspended-eu, prohibited-in-cosmetics-eu, ",
        ),
        ('[[a]]\nflag = "prescription-only"\nsource = "x"\n', "a flag 1: text is missing"),
        ('[[a]]\nflag = "prescription-only"\ntext = "y"\n', "a flag 1: source is missing"),
        ('[[a]]\nflag = "prescription-only"\nsource = " "\ntext = "y"\n', "a flag 1: source is missing"),
        ('[[a]]\nflag = "prescription-only"\nsource = 3\ntext = "y"\n', "a flag 1: source is missing"),
        (
            '[[a]]\nflag = "prescription-only"\nsource = "x"\ntext = "y"\n\n[[a]]\nflag = "x"\n',
            "a flag 2: unknown flag 'x'",
        ),
        (
            '[[a]]\nflag = "prescription-only"\nsource = "x"\ntext = "y"\nroute = "oral"\n',
            "unknown field 'route'",
        ),
        (
            '[[a]]\nflag = "prescription-only"\nsource = "x"\ntext = "y"\nroutes = "oral"\n',
            "routes must be a list",
        ),
        (
            '[[a]]\nflag = "prescription-only"\nsource = "x"\ntext = "y"\nroutes = [1]\n',
            "routes must be a list",
        ),
        ('a = "b"\n', "a: expected a list of flags ([[a]])"),
        ("[[a]\n", "flags.toml: "),
    ],
)
def test_a_broken_flags_file_is_refused_with_its_place(text: str, problem: str) -> None:
    with pytest.raises(DataFileError) as refused:
        parse_flags(text)
    assert str(refused.value).startswith("flags.toml: ")
    assert problem in str(refused.value)


def test_a_flag_as_read() -> None:
    text = '[[a]]\nflag = "warning-pregnancy"\nsource = "x"\ntext = """Two\n   lines."""\nroutes = ["oral"]\n'
    (flag,) = parse_flags(text)["a"]
    assert (flag.ingredient, flag.kind, flag.source, flag.text, flag.routes) == (
        "a",
        "warning-pregnancy",
        "x",
        "Two lines.",
        ("oral",),
    )
    assert (flag.severity, flag.applies_to("oral"), flag.applies_to("topical")) == ("warning", True, False)
    assert parse_flags('[[b]]\nflag = "suspended-eu"\nsource = "x"\ntext = "y"\n')["b"][0].applies_to("oral")


def test_how_many_are_suggested() -> None:
    close = [f"olsen-201{n}" for n in range(8)]
    assert suggestions("olsen-2019", close) == close[:3]
    assert suggestions("olsen-2019", close, limit=5) == close[:5]
    assert [round(score) for _, score in closest("olsen-2019", close)] == [90, 90, 90]
    # Compared whole, or by the beginning, whichever is closer.
    assert closest("olsen-2011", ["xolsen-2011"], by_beginning=True) == [
        ("xolsen-2011", pytest.approx(95.238, 0.001))
    ]


def test_an_avoid_list_finding_names_the_item(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a", "Agent A", ingredient_class="vasodilator")
    catalogue.excipient("propane", "Propane", category="propellant")
    reader = catalogue.reader(tmp_path)
    report = check_items(reader, parse_list("agent a, PROPANE"), "topical")
    found = apply_avoid_list(reader, report, read_avoid_list(["vasodilator", "propane"]))
    hits = [finding for finding in found.findings if finding.kind == "on-avoid-list"]
    assert [(f.severity, f.ingredients, f.text) for f in hits] == [
        ("serious", ("agent-a",), "Agent A is on your avoid-list: 'vasodilator' matches its class."),
        ("serious", ("PROPANE",), "Propane is on your avoid-list: 'propane' matches its name."),
    ]
