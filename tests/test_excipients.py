"""Excipients: a real label checks with every item known, nothing dangerous suggested,
and every command reads a name the same way."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

import seed_data
from ingredients.core.identifiers import is_valid_cas
from ingredients.core.vocabulary import EXCIPIENT_CATEGORIES, INJECTABLE
from tests.conftest import Invoke

# The CVS minoxidil 5% foam label (DailyMed), with the SD alcohol and glycerin of other foams.
FOAM_LABEL = (
    "Minoxidil 5%, butane, propane, isobutane, cetyl alcohol, stearyl alcohol, BHT, citric acid, "
    "lactic acid, glycerin, polysorbate 60, SD alcohol 40-B, water"
)
PROPELLANTS = {"butane", "propane", "isobutane"}


def _check(invoke: Invoke, *words: str) -> dict[str, Any]:
    result = invoke("check", *words, "-f", "json")
    assert result.exit_code in (0, 1), result.output
    return dict(json.loads(result.stdout))


def _excipient_rows() -> list[dict[str, str]]:
    path = Path(seed_data.__file__).parent / "excipients.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_real_foam_label_checks_with_every_item_known_and_the_propellants_flagged(invoke: Invoke) -> None:
    report = _check(invoke, FOAM_LABEL)
    items = report["ingredients"]
    assert [item["match"] for item in items] == ["name"] + ["excipient"] * 12
    assert {item["given"]: item["class"] for item in items if item["given"] in PROPELLANTS} == {
        name: "propellant" for name in PROPELLANTS
    }
    assert not any(item["suggestions"] for item in items)
    flagged = {
        finding["ingredients"][0] for finding in report["findings"] if finding["kind"] == "not-for-injection"
    }
    assert flagged == PROPELLANTS
    assert "reads-topical" in {finding["kind"] for finding in report["findings"]}


def test_the_propellants_are_not_flagged_on_the_scalp(invoke: Invoke) -> None:
    report = _check(invoke, FOAM_LABEL, "--route", "topical")
    assert not {finding["kind"] for finding in report["findings"]} & {"not-for-injection", "reads-topical"}


@pytest.mark.parametrize("misspelt", ["propan", "butan", "phenoxyethanl", "isobutan"])
def test_a_misspelt_excipient_is_never_offered_as_a_drug(invoke: Invoke, misspelt: str) -> None:
    item = _check(invoke, misspelt)["ingredients"][0]
    assert item["match"] == "unmatched"
    assert item["suggestions"] and all("(excipient: " in part for part in item["suggestions"].split("; "))


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Panthenol", "dexpanthenol"),
        ("minoxidil sulfate", "minoxidil"),
        ("Dexpanthénol", "dexpanthenol"),
        ("Procaine hydrochloride", "procaine"),
    ],
)
def test_show_compare_and_check_read_a_name_alike(invoke: Invoke, written: str, slug: str) -> None:
    shown = invoke("show", written, "-f", "json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["slug"] == slug
    compared = invoke("compare", written, "biotin", "-f", "json")
    assert compared.exit_code == 0, compared.output
    assert _check(invoke, written)["ingredients"][0]["ingredient"] == slug


def test_show_says_when_it_read_a_salt_as_its_drug(invoke: Invoke) -> None:
    shown = invoke("show", "minoxidil sulfate")
    assert shown.stderr == "Note: 'sulfate' read as a salt or hydrate of Minoxidil.\n"


def test_show_of_an_excipient_shows_its_entry(invoke: Invoke) -> None:
    shown = invoke("show", "SD alcohol 40-B", "-f", "json")
    assert shown.exit_code == 0, shown.output
    [entry] = json.loads(shown.stdout)
    assert (entry["slug"], entry["category"]) == ("alcohol-denat", "solvent")
    assert entry["source"] == "cosing-inventory-2020"


def test_pieces_with_nothing_to_match_are_reported_at_their_place(invoke: Invoke) -> None:
    items = _check(invoke, "Minoxidil, ???, (), Biotin")["ingredients"]
    assert [(item["position"], item["match"]) for item in items] == [
        (1, "name"),
        (2, "skipped"),
        (3, "skipped"),
        (4, "name"),
    ]


def test_excipients_export_and_import_back_unchanged(invoke: Invoke, tmp_path: Path) -> None:
    exported = invoke("export", "excipients", "-f", "csv")
    assert exported.exit_code == 0
    path = tmp_path / "excipients.csv"
    path.write_text(exported.stdout, encoding="utf-8")
    imported = invoke("import", str(path))
    assert imported.exit_code == 0, imported.output
    assert "excipients: 0 added, 0 updated" in imported.output + imported.stderr


def test_every_excipient_row_is_complete_and_checked() -> None:
    rows = _excipient_rows()
    assert len(rows) >= 250
    assert len({row["slug"] for row in rows}) == len(rows)
    for row in rows:
        assert row["category"] in EXCIPIENT_CATEGORIES and row["injectable"] in INJECTABLE, row
        assert not row["cas_number"] or is_valid_cas(row["cas_number"]), row
        assert row["injectable_basis"], row
        if row["injectable"] == "yes":
            assert "injection" in row["injectable_basis"].lower() or "intra" in row["injectable_basis"], row
    propellants = {row["slug"]: row["injectable"] for row in rows if row["category"] == "propellant"}
    # Carbon dioxide is in approved intravenous products; every other propellant is a gas for cans.
    assert {slug for slug, injectable in propellants.items() if injectable != "no"} == {"carbon-dioxide"}
