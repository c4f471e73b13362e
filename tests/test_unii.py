"""The FDA's UNII beside CAS and PubChem: read from the FDA's list, shown, exported,
checked on import like any identifier, and its source protected like any cited source."""

from __future__ import annotations

import re
import shutil
import sqlite3
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Invoke, fingerprint
from tests.test_import import exported, write_csv
from tests.test_lifecycle import FIXTURE

SEED = Path(__file__).resolve().parent.parent / "seed_data"
UNII_LIST = "fda-unii-names-2025"
NO_UNII = {
    "organic-silicon": "methylsilanetriol",
    "recombinant-growth-factors": "growth factors",
    "polynucleotides": "polynucleotides",
    "stem-cell-derived-products": "stem-cell-derived products",
    "exosomes": "exosomes",
}


def seed_entries() -> dict[str, dict[str, object]]:
    return {path.stem: tomllib.loads(path.read_text()) for path in (SEED / "ingredients").glob("*.toml")}


def test_every_seed_unii_is_cited_to_the_fdas_list() -> None:
    with_unii = {slug: entry for slug, entry in seed_entries().items() if "unii" in entry}
    assert len(with_unii) == 23
    assert {entry["unii_source"] for entry in with_unii.values()} == {UNII_LIST}
    # The agents the list has no UNII for are named in the source's note, with why.
    note = tomllib.loads((SEED / "sources" / "common.toml").read_text())[UNII_LIST]["note"]
    assert set(seed_entries()) - set(with_unii) == set(NO_UNII)
    assert [word for word in NO_UNII.values() if word not in note] == []


def test_show_gives_the_unii_and_where_it_was_read(invoke: Invoke) -> None:
    shown = invoke("show", "minoxidil").stdout
    assert re.search(r"^UNII\s+5965120SH1$", shown, flags=re.M)
    assert re.search(rf"^UNII from\s+\[{UNII_LIST}\]$", shown, flags=re.M)
    assert exported(invoke, "ingredients")[0].keys() >= {"unii", "unii_source"}
    by_slug = {row["slug"]: row for row in exported(invoke, "ingredients")}
    finasteride = by_slug["finasteride"]
    assert (finasteride["unii"], finasteride["unii_source"]) == ("57GNO57U7G", UNII_LIST)
    assert by_slug["exosomes"]["unii"] == ""


def test_the_site_cites_the_list_beside_the_unii(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("site", str(tmp_path / "site")).exit_code == 0
    page = (tmp_path / "site" / "ingredients" / "dutasteride.html").read_text(encoding="utf-8")
    assert re.search(r'<th scope="row">UNII \(FDA\)</th>\s*<td>O0J6XJN02I</td>', page)
    number = re.search(r'<th scope="row">UNII from</th><td><a class="cite" href="#ref-(\d+)">', page)
    assert number
    reference = re.search(rf'<li id="ref-{number[1]}"[^>]*>(.*?)</li>', page, flags=re.S)
    assert reference and "UNII Names list" in reference[1]


@pytest.mark.parametrize(
    ("unii", "problem"),
    [
        ("5965120SH", "unii: '5965120SH' is not a UNII (ten letters and digits, such as 5965120SH1)"),
        ("5965120-H1", "unii: '5965120-H1' is not a UNII"),
    ],
)
def test_a_malformed_unii_is_refused(
    invoke: Invoke, tmp_path: Path, db_path: Path, unii: str, problem: str
) -> None:
    rows = write_csv(
        tmp_path / "ingredients.csv",
        [{"slug": "adenosine", "name": "Adenosine", "class": "other", "unii": unii}],
    )
    before = fingerprint(db_path)
    result = invoke("import", str(rows))
    assert result.exit_code == 1
    assert problem in result.stderr
    assert fingerprint(db_path) == before


def test_a_users_unii_is_stored_in_capitals_and_its_source_is_protected(
    invoke: Invoke, tmp_path: Path
) -> None:
    sources = write_csv(
        tmp_path / "sources.csv", [{"key": "my-gsrs-look-up", "kind": "reference", "title": "GSRS look-up"}]
    )
    rows = write_csv(
        tmp_path / "ingredients.csv",
        [
            {
                "slug": "adenosine",
                "name": "Adenosine",
                "class": "other",
                "unii": "k72t3fs567",
                "unii_source": "my-gsrs-look-up",
            }
        ],
    )
    unknown = write_csv(
        tmp_path / "unknown.csv",
        [
            {
                "slug": "inosine",
                "name": "Inosine",
                "class": "other",
                "unii": "5A614L51CT",
                "unii_source": "nowhere",
            }
        ],
    )
    refused = invoke("import", str(unknown))
    assert refused.exit_code == 1 and "unii_source" in refused.stderr and "'nowhere'" in refused.stderr
    assert invoke("import", str(sources), str(rows)).exit_code == 0
    assert re.search(r"^UNII\s+K72T3FS567$", invoke("show", "adenosine").stdout, flags=re.M)
    cited = invoke("remove", "--source", "my-gsrs-look-up", "--yes")
    assert cited.exit_code == 1
    assert "still cited by ingredient 'adenosine' (unii_source)" in cited.stderr


def test_the_upgrade_keeps_the_search_triggers_on_the_ingredient_table(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Schema 13 adds a column with a reference; copying the table instead would drop them."""
    old = tmp_path / "team.db"
    shutil.copyfile(FIXTURE, old)
    assert invoke("--db", str(old), "db", "upgrade").exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert invoke("--db", str(fresh), "db", "status").exit_code == 0

    def triggers(path: Path) -> list[str]:
        with sqlite3.connect(path) as connection:
            return sorted(
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ingredient'"
                )
            )

    assert triggers(old) == triggers(fresh) != []
    with sqlite3.connect(old) as connection:
        connection.execute(
            "INSERT INTO ingredient (slug, name, ingredient_class, origin, name_key) "
            "VALUES ('zz-other-tool', 'Zzyzx other tool', 'other', 'user', 'zzyzx other tool')"
        )
    assert "zz-other-tool" in invoke("--db", str(old), "search", "zzyzx").stdout
