"""The seed data: every file validates through the write path, and the rules code can check hold.

The seeded catalogue is the one every other test copies, so these tests read
what the importer actually accepted; the raw files are read only for what the
database does not keep (file names, what a file leaves out).
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
from pathlib import Path
from typing import Any

import pytest

import seed_data
from ingredients.core.errors import DataFileError
from ingredients.core.vocabulary import INGREDIENT_CLASSES, LEVEL_BY_LABEL
from ingredients.exchange.cosing_export import COSING_SOURCE
from ingredients.exchange.seed_loader import load_seed_catalogue

# A change here is a data change: review it, then update these numbers and bump SEED_DATA_VERSION.
EXPECTED_COUNTS = {
    "ingredient": 28,
    "source": 193,
    "statement": 509,
    "alias": 117,
    "strength": 23,
    "formulation": 8,
    "component": 28,
    "excipient": 384,
    # The inventory is not shipped: a user loads the Commission's export (docs/data.md).
    "cosing_ingredient": 0,
}

# Hosts that mirror or copy other sites, share documents or host blogs: never a citation.
MIRROR_HOSTS = re.compile(
    r"wiki|piglix|cryer|movatter|zxc|kiwix|studyres|studylib|scribd|slideshare|blog|haircited|medpath|"
    r"tressless|idrblab|51cas|benchchem|defzone|fastly|pdfmedfinder|staging|barnardhealth|"
    r"dermatologyadvisor|researchgate|academia\.edu|semanticscholar|ouci\.dntb|litmetric|z-lib|libgen",
    re.IGNORECASE,
)

SYSTEMATIC = re.compile(r"systematic review|meta-analys|cochrane", re.IGNORECASE)
SYSTEMATIC_REVIEW = LEVEL_BY_LABEL["systematic-review"].rank
APPROVED = LEVEL_BY_LABEL["approved"].rank


def rows(catalogue: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    return [dict(row) for row in catalogue.execute(sql)]


def seed_files(folder: str) -> dict[str, dict[str, Any]]:
    directory = Path(seed_data.__file__).parent / folder
    return {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.toml"))
    }


def test_counts_are_pinned(catalogue: sqlite3.Connection) -> None:
    counted = {
        table: catalogue.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in EXPECTED_COUNTS
    }
    assert counted == EXPECTED_COUNTS


def test_every_file_is_packaged_and_loaded(catalogue: sqlite3.Connection) -> None:
    slugs = {row["slug"] for row in rows(catalogue, "SELECT slug FROM ingredient")}
    assert slugs == {resource.name.removesuffix(".toml") for resource in seed_data.ingredient_files()}
    formulations = {row["slug"] for row in rows(catalogue, "SELECT slug FROM formulation")}
    assert formulations == {r.name.removesuffix(".toml") for r in seed_data.formulation_files()}


def test_version_is_dotted_numbers() -> None:
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}\.\d+", seed_data.SEED_DATA_VERSION)


def test_every_class_comes_from_the_vocabulary(catalogue: sqlite3.Connection) -> None:
    classes = {row["ingredient_class"] for row in rows(catalogue, "SELECT ingredient_class FROM ingredient")}
    assert classes <= set(INGREDIENT_CLASSES)


@pytest.mark.parametrize("slug", sorted(seed_files("ingredients")))
def test_each_ingredient_is_a_complete_dossier(catalogue: sqlite3.Connection, slug: str) -> None:
    statements = rows(
        catalogue,
        f"""
        SELECT s.kind, s.route, s.evidence_level, s.finding, s.reviewed FROM statement s
        JOIN ingredient i ON i.id = s.ingredient_id WHERE i.slug = '{slug}'""",
    )
    kinds = {s["kind"] for s in statements}
    assert {"evidence", "safety", "regulatory", "mechanism"} <= kinds
    assert any(s["kind"] == "evidence" and s["route"] == "intradermal" for s in statements), (
        "the intradermal evidence (or its absence) is stated"
    )
    assert all(s["reviewed"] for s in statements), "every statement has a review date"
    (ingredient,) = rows(catalogue, f"SELECT * FROM ingredient WHERE slug = '{slug}'")
    if ingredient["cas_number"] is None or ingredient["pubchem_cid"] is None:
        assert ingredient["identifiers_note"], "an unknown identifier says why"
    if ingredient["cas_number"] is not None:
        assert ingredient["identifiers_source_id"] is not None, "a CAS number says where it was read"


def test_every_evidence_statement_has_a_direction(catalogue: sqlite3.Connection) -> None:
    evidence = rows(catalogue, "SELECT text, evidence_level, finding FROM statement WHERE kind = 'evidence'")
    assert all(s["finding"] for s in evidence)
    nothing = {LEVEL_BY_LABEL["none-found"].rank, LEVEL_BY_LABEL["claim-only"].rank}
    assert all(s["finding"] == "unclear" for s in evidence if s["evidence_level"] in nothing)


def test_every_evidence_statement_says_who_its_studies_were_of(catalogue: sqlite3.Connection) -> None:
    """Condition and sex on every seed evidence row (unknown only where the source does not say);
    a comparator wherever the source names one (three reviews' abstracts do not)."""
    missing = rows(
        catalogue,
        "SELECT id, text FROM statement WHERE kind = 'evidence' AND origin = 'seed' "
        "AND (condition IS NULL OR sex IS NULL)",
    )
    assert missing == []
    no_comparator = rows(
        catalogue,
        "SELECT src.key FROM statement s JOIN source src ON src.id = s.source_id "
        "WHERE s.kind = 'evidence' AND s.comparator IS NULL",
    )
    assert sorted(row["key"] for row in no_comparator) == [
        "doi-10.4103/ijt.ijt_74_16",
        "pmid-33376283",
        "pmid-34140889",
    ]


def test_every_absence_says_what_was_searched(catalogue: sqlite3.Connection) -> None:
    unsearched = rows(
        catalogue,
        "SELECT id FROM statement WHERE evidence_level = 0 "
        "AND (searched IS NULL OR searched NOT LIKE '%20__%')",
    )
    assert unsearched == []


def test_triamcinolone_is_graded_for_the_condition_its_studies_were_of(catalogue: sqlite3.Connection) -> None:
    """Its injection studies are of alopecia areata; for pattern hair loss the record is an absence."""
    found = rows(
        catalogue,
        "SELECT s.condition, s.evidence_level FROM statement s JOIN ingredient i "
        "ON i.id = s.ingredient_id WHERE i.slug = 'triamcinolone-acetonide' "
        "AND s.kind = 'evidence' AND s.route = 'intradermal' ORDER BY s.evidence_level",
    )
    assert found == [
        {"condition": "androgenetic-alopecia", "evidence_level": 0},
        {"condition": "alopecia-areata", "evidence_level": 3},
        {"condition": "alopecia-areata", "evidence_level": 5},
    ]


def test_claims_stay_claims(catalogue: sqlite3.Connection) -> None:
    """An article's word is a claim; a claim is graded claim-only and cites its article."""
    cited = rows(
        catalogue,
        """
        SELECT s.kind, s.evidence_level, src.kind AS source_kind FROM statement s
        JOIN source src ON src.id = s.source_id WHERE s.kind = 'purpose' OR src.kind = 'article'""",
    )
    assert cited
    for statement in cited:
        assert statement["kind"] == "purpose"
        assert statement["source_kind"] == "article"
        assert statement["evidence_level"] == LEVEL_BY_LABEL["claim-only"].rank


def test_every_article_claim_is_stored(catalogue: sqlite3.Connection) -> None:
    per_article = dict(
        catalogue.execute("""
        SELECT src.key, count(*) FROM statement s JOIN source src ON src.id = s.source_id
        WHERE src.kind = 'article' GROUP BY src.key""").fetchall()
    )
    assert set(per_article) == {f"article-00{n}" for n in range(5)}


def test_a_systematic_review_grade_rests_on_a_systematic_review(catalogue: sqlite3.Connection) -> None:
    graded = rows(
        catalogue,
        f"""
        SELECT src.key, src.kind, src.title, src.note FROM statement s JOIN source src ON src.id = s.source_id
        WHERE s.evidence_level = {SYSTEMATIC_REVIEW}""",
    )
    assert graded
    for source in graded:
        assert source["kind"] == "review", source["key"]
        assert SYSTEMATIC.search(f"{source['title']} {source['note']}"), source["key"]


def test_an_approval_grade_cites_the_regulator_or_label(catalogue: sqlite3.Connection) -> None:
    graded = rows(
        catalogue,
        f"""
        SELECT s.text, src.key, src.kind FROM statement s JOIN source src ON src.id = s.source_id
        WHERE s.evidence_level = {APPROVED}""",
    )
    assert graded
    assert all(source["kind"] == "regulatory" for source in graded), graded


def test_papers_carry_year_journal_and_an_identifier(catalogue: sqlite3.Connection) -> None:
    papers = rows(catalogue, "SELECT * FROM source WHERE kind IN ('paper', 'review')")
    for paper in papers:
        # A paper with neither (found on no index) is cited by its journal's own page, and says so.
        assert (
            paper["pmid"] or paper["doi"] or (paper["url"] and "No PMID or DOI" in (paper["note"] or ""))
        ), paper["key"]
        assert paper["year"] and paper["published_in"], paper["key"]
        # Authors are stored unknown only when the note says they could not be verified.
        assert paper["authors"] or "AUTHORS NOT VERIFIED" in (paper["note"] or ""), paper["key"]


def test_no_source_links_a_mirror_or_a_copy(catalogue: sqlite3.Connection) -> None:
    linked = rows(catalogue, "SELECT key, url, note FROM source WHERE url IS NOT NULL")
    assert [source for source in linked if MIRROR_HOSTS.search(source["url"])] == []
    # A plain http address only where that is the address the page was read at, and the note says so.
    assert all(
        source["url"].startswith("https://") or "read at its http address" in source["note"]
        for source in linked
    )


def test_every_source_is_cited(catalogue: sqlite3.Connection) -> None:
    uncited = rows(
        catalogue,
        """
        SELECT key FROM source WHERE id NOT IN (SELECT source_id FROM statement)
        AND id NOT IN (SELECT identifiers_source_id FROM ingredient WHERE identifiers_source_id IS NOT NULL)
        AND id NOT IN (SELECT unii_source_id FROM ingredient WHERE unii_source_id IS NOT NULL)
        AND id NOT IN (SELECT source_id FROM strength) AND id NOT IN (SELECT source_id FROM formulation)
        AND id NOT IN (SELECT source_id FROM excipient)
        AND id NOT IN (SELECT injectable_source_id FROM excipient WHERE injectable_source_id IS NOT NULL)
        AND id NOT IN (SELECT source_id FROM cosing_ingredient)
        """,
    )
    # Cited by the entries a user loads from the Commission's export; none ship.
    assert uncited == [{"key": COSING_SOURCE}]


def test_source_article_misspellings_resolve(catalogue: sqlite3.Connection) -> None:
    found = dict(
        catalogue.execute("""
        SELECT a.name_key, i.slug FROM alias a JOIN ingredient i ON i.id = a.ingredient_id
        WHERE a.kind = 'misspelling'""").fetchall()
    )
    assert found["dexenol"] == "dexpanthenol"
    assert found["naturalsilicium"] == "organic-silicon"


def test_the_156_percent_figure_is_recorded_as_the_articles_claim(catalogue: sqlite3.Connection) -> None:
    claims = rows(
        catalogue,
        """
        SELECT s.kind, src.key FROM statement s JOIN source src ON src.id = s.source_id
        WHERE s.text LIKE '%156%'""",
    )
    assert {"kind": "purpose", "key": "article-002"} in claims


def test_declared_strengths_name_a_unit_and_a_source(catalogue: sqlite3.Connection) -> None:
    strengths = rows(catalogue, "SELECT value, unit, basis FROM strength")
    assert strengths and all(s["value"] > 0 and s["unit"] and s["basis"] for s in strengths)


def test_a_formulation_lists_its_components_in_declared_order(catalogue: sqlite3.Connection) -> None:
    positions = catalogue.execute("""
        SELECT f.slug, group_concat(c.position) FROM formulation f JOIN component c
        ON c.formulation_id = f.id GROUP BY f.slug""").fetchall()
    assert len(positions) == EXPECTED_COUNTS["formulation"]
    for slug, listed in positions:
        numbers = sorted(int(n) for n in listed.split(","))
        assert numbers == list(range(1, len(numbers) + 1)), slug


def test_a_broken_seed_file_fails_the_load_with_its_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ingredients.exchange.opening import open_reader
    from ingredients.store.location import resolve_location

    broken = tmp_path / "broken.toml"
    broken.write_text('name = "Broken"\nclass = "other"\ncas_number = "50-00-1"\n', encoding="utf-8")
    monkeypatch.setattr(seed_data, "ingredient_files", lambda: [broken])
    with pytest.raises(DataFileError, match=r"seed_data/ingredients/broken.toml: cas_number"):
        open_reader(resolve_location(str(tmp_path / "new.db")))


def test_an_unreadable_seed_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "Broken\n', encoding="utf-8")
    monkeypatch.setattr(seed_data, "ingredient_files", lambda: [broken])
    with pytest.raises(DataFileError, match=r"seed_data/ingredients/broken.toml: "):
        load_seed_catalogue()


def test_every_agent_has_its_eu_cosmetics_annex_status(catalogue: sqlite3.Connection) -> None:
    """Read from the annexes, not guessed: each agent says whether they name it, and how."""
    missing = rows(
        catalogue,
        """
        SELECT i.slug FROM ingredient i WHERE i.origin = 'seed' AND NOT EXISTS (
            SELECT 1 FROM statement s JOIN source src ON src.id = s.source_id
            WHERE s.ingredient_id = i.id AND s.kind = 'regulatory'
              AND src.key = 'eu-cosmetics-annexes-2026')""",
    )
    assert missing == []
