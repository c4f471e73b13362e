"""Specification: the CosIng table, a cosmetic ingredient known by its exact INCI name only.

A label's piece that is neither an agent nor an excipient (nor a vehicle) is read as an
entry of the EU inventory of cosmetic ingredients when its name key is the entry's, as
written or without a bracketed common name; never by similarity or by a part of it, so no
name is read as another substance. `check` says what the entry does and any EU
restriction; `show` and `search` find it as its own kind; it is exported and imported like
every table; an old catalogue upgrades to hold it with every user row kept.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.vocabulary import COSMETIC_KIND
from ingredients.read.cosing import CosmeticIngredient, annexes_named, described, restriction_words
from ingredients.read.name_matching import NameMatcher
from tests.small_catalogue import SmallCatalogue
from tests.test_cosing_export import AGENTA, write_export
from tests.test_lifecycle import upgraded_fixture, user_rows

runner = CliRunner()


def _catalogue() -> SmallCatalogue:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agenta", "Agenta", inci_name="Agenta Inci Name")
    catalogue.alias("agenta", "Alpha Salt")
    catalogue.excipient("glycerin", "Glycerin", category="humectant")
    catalogue.cosmetic(1, "PEG-8 DIMETHICONE", source="inventory", functions="skin conditioning")
    catalogue.cosmetic(
        2,
        "HYDROQUINONE",
        source="inventory",
        functions="antioxidant; bleaching",
        restriction="II/1339 III/14",
    )
    catalogue.cosmetic(3, "CITRUS NOBILIS PEEL EXTRACT", source="inventory", functions="fragrance")
    catalogue.cosmetic(
        4, "CITRUS NOBILIS PEEL EXTRACT", source="inventory", functions="fragrance", restriction="II/358"
    )
    catalogue.cosmetic(5, "GLYCERIN", source="inventory", functions="humectant")
    catalogue.cosmetic(6, "AGENTA", source="inventory", functions="hair conditioning")
    catalogue.cosmetic(
        7, "BUTYROSPERMUM PARKII BUTTER", source="inventory", functions="skin conditioning - emollient"
    )
    catalogue.cosmetic(8, "ACETYL TETRAPEPTIDE-3", source="inventory", functions="skin conditioning")
    catalogue.cosmetic(9, "PVP", source="inventory", functions="film forming")
    catalogue.cosmetic(10, "SODIUM CHLORIDE", source="inventory", functions="viscosity controlling")
    catalogue.cosmetic(11, "GINKGO BILOBA LEAF EXTRACT", source="inventory", functions="skin conditioning")
    catalogue.cosmetic(12, "ALPHA SALT", source="inventory", functions="buffering")
    catalogue.cosmetic(13, "AGENTA INCI NAME", source="inventory", functions="hair conditioning")
    return catalogue


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _catalogue().build(tmp_path_factory.mktemp("cosing"))


# (name as written, how it is read, the CosIng entries it is read as)
READINGS = [
    # Exact by name key: case, spaces, hyphens ignored.
    ("PEG-8 Dimethicone", "cosmetic", (1,)),
    ("peg 8 dimethicone", "cosmetic", (1,)),
    # A bracketed common name, as US labels print it, is set aside; the part inside is not tried.
    ("Butyrospermum Parkii (Shea) Butter", "cosmetic", (7,)),
    ("Shea", "unmatched", ()),
    # Both entries of a name the inventory lists twice.
    ("Citrus Nobilis Peel Extract", "cosmetic", (3, 4)),
    # Never by similarity: a typo, another number, another plant part is no entry.
    ("PEG-8 Dimethicon", "unmatched", ()),
    ("Acetyl Tetrapeptide-2", "unmatched", ()),
    ("Ginkgo Biloba Nut Extract", "unmatched", ()),
    # Never by a part of the name.
    ("PVP Crosspolymer", "unmatched", ()),
    # What the catalogue knows better keeps its reading: an agent, an excipient, a vehicle.
    ("Agenta", "name", ()),
    ("Glycerin", "excipient", ()),
    ("Sodium Chloride", "vehicle", ()),
]


@pytest.mark.parametrize(("given", "way", "refs"), READINGS, ids=[row[0] for row in READINGS])
def test_a_name_is_read_as_a_cosing_entry_only_by_its_exact_key(
    small: Path, given: str, way: str, refs: tuple[int, ...]
) -> None:
    from ingredients.store.reader import SqliteReader

    match = NameMatcher(SqliteReader(small)).match(given)
    assert (match.way, tuple(entry.cosing_ref for entry in match.cosmetic)) == (way, refs)
    assert match.ingredient_id is None or way == "name"


# (restriction as the inventory writes it, the annexes it names)
RESTRICTIONS = [
    (None, []),
    ("", []),
    ("II/372", ["II"]),
    ("III/98 V/3", ["III", "V"]),
    ("IV 143 VI 27 VI 27a (nano)", ["IV", "VI"]),
    ("II/665 CMR1b (Reprotoxic 1B)", ["II"]),
    ("VI/4", ["VI"]),
    ("see the note", []),
]


@pytest.mark.parametrize(("restriction", "annexes"), RESTRICTIONS, ids=lambda value: repr(value))
def test_a_restriction_names_its_annexes(restriction: str | None, annexes: list[str]) -> None:
    assert annexes_named(restriction) == annexes
    words = restriction_words(restriction)
    if not restriction:
        assert words is None
    elif not annexes:
        assert words == restriction
    else:
        assert words is not None and words.startswith(restriction + " (Annex ")
        assert all(f"Annex {annex}:" in words for annex in annexes)


def test_the_entries_of_a_name_are_described_in_one_line() -> None:
    entries = (
        CosmeticIngredient(1, "NAME A", None, None, "inventory"),
        CosmeticIngredient(2, "NAME A", "solvent; fragrance", "III/98 V/3", "inventory"),
    )
    assert described(entries) == (
        f"{COSMETIC_KIND}: NAME A, functions: not given; no EU restriction listed | "
        "NAME A, functions: solvent; fragrance; EU restriction: III/98 V/3 (Annex III: substances "
        "cosmetic products may contain only under the restrictions laid down; Annex V: "
        "preservatives allowed in cosmetic products)"
    )


def test_check_names_the_entry_its_functions_and_its_eu_restriction(small: Path) -> None:
    result = runner.invoke(app, ["--db", str(small), "check", "Hydroquinone, Agenta, Shea"])
    assert result.exit_code in (0, 1), result.output
    item = next(line for line in result.stdout.splitlines() if line.strip().startswith("1. "))
    assert f"{COSMETIC_KIND}: HYDROQUINONE, functions: antioxidant; bleaching" in item
    assert "EU restriction: II/1339 III/14 (Annex II: substances prohibited" in " ".join(
        result.stdout.split()
    )
    assert "(0 as excipients, 1 as CosIng cosmetic ingredients)" in result.stdout
    assert "2. Agenta: Agenta [agenta], name" in result.stdout
    assert "3. Shea: not in the catalogue" in result.stdout


def test_an_entry_without_restriction_says_none_is_listed(small: Path) -> None:
    result = runner.invoke(app, ["--db", str(small), "check", "PEG-8 Dimethicone"])
    assert "no EU restriction listed" in result.stdout


def test_show_gives_every_entry_of_the_name_as_its_own_kind(small: Path) -> None:
    result = runner.invoke(app, ["--db", str(small), "show", "citrus nobilis peel extract"])
    assert result.exit_code == 0, result.output
    lines = [line.split(None, 1) for line in result.stdout.splitlines()[2:]]
    assert [value for field, *value in lines if field == "kind"] == [[COSMETIC_KIND]] * 2
    assert [value for field, *value in lines if field == "cosing_ref"] == [["3"], ["4"]]
    assert ["II/358 (Annex II: substances prohibited in cosmetic products)"] in [
        value for field, *value in lines if field == "restriction"
    ]
    shown = json.loads(
        runner.invoke(app, ["--db", str(small), "show", "PEG 8 dimethicone", "-f", "json"]).stdout
    )
    assert [(row["cosing_ref"], row["inci_name"]) for row in shown] == [(1, "PEG-8 DIMETHICONE")]


def test_show_of_an_agent_or_an_unknown_name_is_unchanged(small: Path) -> None:
    assert "agenta" in runner.invoke(app, ["--db", str(small), "show", "Agenta"]).stdout
    unknown = runner.invoke(app, ["--db", str(small), "show", "PEG-8 Dimethicon"])
    assert unknown.exit_code != 0
    assert unknown.stderr.startswith("Error: no ingredient named")


def test_search_finds_an_entry_by_its_whole_name_as_its_own_kind(small: Path) -> None:
    found = json.loads(
        runner.invoke(app, ["--db", str(small), "search", "Hydroquinone", "-f", "json"]).stdout
    )
    assert found == [
        {
            "ingredient": "HYDROQUINONE",
            "name": "HYDROQUINONE",
            "field": COSMETIC_KIND,
            "text": "antioxidant; bleaching",
            "source": "inventory",
        }
    ]


# (the whole search, whether an entry of the inventory is found): never for an agent's name,
# alias or INCI name, which its own rows answer.
SEARCHES = [
    ("Hydroquinone", True),
    ("hydroquinone", True),
    ("Agenta", False),
    ("Alpha Salt", False),
    ("Agenta Inci Name", False),
    ("Hydro", False),
]


@pytest.mark.parametrize(("text", "found"), SEARCHES, ids=[row[0] for row in SEARCHES])
def test_search_gives_an_entry_only_for_a_name_no_agent_has(small: Path, text: str, found: bool) -> None:
    rows = json.loads(runner.invoke(app, ["--db", str(small), "search", text, "-f", "json"]).stdout or "[]")
    assert (COSMETIC_KIND in [row["field"] for row in rows]) == found


def test_the_table_is_exported_and_imported_like_every_table(small: Path, tmp_path: Path) -> None:
    exported = runner.invoke(app, ["--db", str(small), "export", "cosing_ingredients", "-f", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [int(row["cosing_ref"]) for row in rows] == list(range(1, 14))
    target = tmp_path / "cosing.csv"
    target.write_text(exported.replace("HYDROQUINONE", "HYDROQUINONE (USER COPY)"), encoding="utf-8")
    empty = SmallCatalogue()
    empty.source("inventory")
    fresh = empty.build(tmp_path)
    imported = runner.invoke(app, ["--db", str(fresh), "import", str(target)])
    assert imported.exit_code == 0, imported.output
    again = runner.invoke(app, ["--db", str(fresh), "export", "cosing_ingredients", "-f", "csv"]).stdout
    assert again == target.read_text(encoding="utf-8").replace(",seed\n", ",user\n")
    shown = runner.invoke(app, ["--db", str(fresh), "show", "Hydroquinone (user copy)"])
    assert "HYDROQUINONE (USER COPY)" in shown.stdout


def test_a_user_cannot_change_a_seed_entry(small: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copyfile(small, copy)
    changed = tmp_path / "changed.csv"
    changed.write_text("cosing_ref,inci_name,source\n2,HYDROQUINONE ALTERED,inventory\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", str(copy), "import", str(changed)])
    assert result.exit_code != 0
    assert "cosing_ref: 2 is a seed CosIng entry and cannot be changed" in result.stderr


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("0,NAME,inventory", "cosing_ref"),
        ("x,NAME,inventory", "cosing_ref"),
        ("12,,inventory", "inci_name"),
        ("12,NAME,no-such-source", "source"),
    ],
)
def test_a_bad_row_is_refused_with_its_field(small: Path, tmp_path: Path, row: str, problem: str) -> None:
    copy = tmp_path / "copy.db"
    shutil.copyfile(small, copy)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"cosing_ref,inci_name,source\n{row}\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", str(copy), "import", str(bad)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert problem in result.stderr


def test_a_real_old_catalogue_upgrades_to_hold_the_inventory_keeping_every_user_row(tmp_path: Path) -> None:
    old = upgraded_fixture(tmp_path)
    before = user_rows(old)
    with closing(sqlite3.connect(old)) as connection:
        # The inventory is not shipped: the table starts empty.
        assert connection.execute("SELECT count(*) FROM cosing_ingredient").fetchone() == (0,)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    export = write_export(tmp_path / "export.csv", AGENTA)
    assert runner.invoke(app, ["--db", str(old), "import", str(export)]).exit_code == 0
    assert user_rows(old) == before
    shown = runner.invoke(app, ["--db", str(old), "show", "Agenta Test Extract"])
    assert COSMETIC_KIND in shown.stdout
