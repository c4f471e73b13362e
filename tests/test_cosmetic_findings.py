"""A CosIng entry on a checked list: its row names the entry and its functions, and an entry
that names Annex II (a substance prohibited in EU cosmetic products) is a finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.test_cosing_export import _catalogue, write_export

runner = CliRunner()


def _entry(ref: str, name: str, restriction: str, functions: str = "") -> tuple[str, ...]:
    return (ref, name, "", "", restriction, functions, "")


def _checked(tmp_path: Path, label: str, *entries: tuple[str, ...], route: str = "intradermal") -> dict:
    db = _catalogue(tmp_path)
    loaded = runner.invoke(app, ["--db", str(db), "import", str(write_export(tmp_path / "e.csv", *entries))])
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(app, ["--db", str(db), "check", label, "--route", route, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# (the entry's restriction as the inventory writes it, whether it is a prohibition)
RESTRICTIONS = [
    ("II/372", True),
    ("II 372", True),
    ("III/98", False),
    ("II/1, III/2", True),
    ("III/2; II/5", True),
    ("IV/143", False),
    ("V/34", False),
    ("VI 27a", False),
    ("VII/1", False),
    ("", False),
]


@pytest.mark.parametrize(
    ("restriction", "prohibited"), RESTRICTIONS, ids=[r or "none" for r, _ in RESTRICTIONS]
)
def test_an_entry_naming_annex_ii_is_a_finding(tmp_path: Path, restriction: str, prohibited: bool) -> None:
    report = _checked(
        tmp_path, "Sodium chloride, Deltaforbid Test", _entry("900004", "DELTAFORBID TEST", restriction)
    )
    found = [finding for finding in report["findings"] if finding["kind"] == "prohibited-in-cosmetics-eu"]
    if not prohibited:
        assert found == []
        return
    assert found == [
        {
            "severity": "warning",
            "kind": "prohibited-in-cosmetics-eu",
            "ingredients": ["DELTAFORBID TEST"],
            "finding": f"'Deltaforbid Test' is DELTAFORBID TEST, whose CosIng entry names Annex II "
            f"({restriction}): a substance prohibited in cosmetic products in the EU.",
            "source": "eu-cosing-inventory",
        }
    ]


@pytest.mark.parametrize("route", ["intradermal", "topical"])
def test_a_prohibition_holds_on_every_route(tmp_path: Path, route: str) -> None:
    report = _checked(
        tmp_path, "Deltaforbid Test", _entry("900004", "DELTAFORBID TEST", "II/372"), route=route
    )
    assert [finding["kind"] for finding in report["findings"]] == ["prohibited-in-cosmetics-eu"]


def test_a_name_listed_twice_gives_one_finding_from_the_prohibiting_entry(tmp_path: Path) -> None:
    report = _checked(
        tmp_path,
        "Deltaforbid Test",
        _entry("900004", "DELTAFORBID TEST", "III/2"),
        _entry("900005", "DELTAFORBID TEST", "II/9"),
    )
    found = [finding["finding"] for finding in report["findings"]]
    assert len(found) == 1 and "(II/9)" in found[0]


@pytest.mark.parametrize(
    ("entries", "name", "functions"),
    [
        (
            [_entry("900004", "DELTA TEST OIL", "", "EMOLLIENT, SKIN CONDITIONING")],
            "DELTA TEST OIL",
            "emollient; skin conditioning",
        ),
        ([_entry("900004", "DELTA TEST OIL", "", "")], "DELTA TEST OIL", None),
        # Listed twice: each function list once.
        (
            [
                _entry("900004", "DELTA TEST OIL", "", "EMOLLIENT"),
                _entry("900005", "DELTA TEST OIL", "", "SOLVENT"),
            ],
            "DELTA TEST OIL",
            "emollient; solvent",
        ),
        (
            [
                _entry("900004", "DELTA TEST OIL", "", "EMOLLIENT"),
                _entry("900005", "DELTA TEST OIL", "", "EMOLLIENT"),
            ],
            "DELTA TEST OIL",
            "emollient",
        ),
    ],
)
def test_an_entrys_row_names_it_and_its_functions(
    tmp_path: Path, entries: list[tuple[str, ...]], name: str, functions: str | None
) -> None:
    report = _checked(tmp_path, "Delta Test Oil", *entries)
    row = report["ingredients"][0]
    assert (row["match"], row["name"], row["class"]) == ("cosmetic", name, functions)
