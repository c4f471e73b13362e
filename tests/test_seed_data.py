"""The seed data: every file validates, every claim is sourced, every identifier checks out."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import seed_data
from ingredients.errors import DataFileError
from ingredients.identifiers import is_valid_cas, lookup_key
from ingredients.records import build_ingredient
from ingredients.seed_loader import SeedCatalogue, load_seed_catalogue

EXPECTED_SLUGS = {
    "acetyl-tetrapeptide-3", "biochanin-a", "biotin", "buflomedil", "coumarin",
    "dexpanthenol", "finasteride", "minoxidil", "organic-silicon",
}


@pytest.fixture(scope="module")
def seed() -> SeedCatalogue:
    return load_seed_catalogue()


def test_every_named_ingredient_is_present(seed: SeedCatalogue) -> None:
    assert {record.ingredient.slug for record in seed.ingredients} == EXPECTED_SLUGS


def test_counts_are_pinned(seed: SeedCatalogue) -> None:
    # A change here is a data change: review it, then update these numbers and
    # bump SEED_DATA_VERSION.
    assert len(seed.ingredients) == 9
    assert len(seed.sources) == 78
    assert sum(len(r.statements) for r in seed.ingredients) + len(seed.procedure_statements) == 115


def test_version_is_dotted_numbers() -> None:
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}\.\d+", seed_data.SEED_DATA_VERSION)


def test_each_seed_file_is_packaged() -> None:
    names = {resource.name for resource in seed_data.ingredient_files()}
    assert names == {f"{slug}.toml" for slug in EXPECTED_SLUGS}


@pytest.mark.parametrize("slug", sorted(EXPECTED_SLUGS))
def test_ingredient_is_a_complete_reference_entry(seed: SeedCatalogue, slug: str) -> None:
    record = next(r for r in seed.ingredients if r.ingredient.slug == slug)
    kinds = {source.key: source.kind for source in seed.sources}
    purposes = [s for s in record.statements if s.kind == "purpose"]
    assert purposes, "needs a stated purpose"
    assert any(kinds[s.source] == "article" for s in purposes), "a purpose must cite its article"
    evidence = [s for s in record.statements if s.kind == "evidence"]
    assert any(s.route == "intradermal" for s in evidence), "needs intradermal evidence (or its absence)"
    assert any(s.evidence_level is not None and kinds[s.source] != "article" for s in evidence)
    assert any(s.kind == "safety" for s in record.statements), "needs a safety statement"
    assert all(s.reviewed is not None for s in record.statements), "every statement has a review date"


@pytest.mark.parametrize("slug", sorted(EXPECTED_SLUGS))
def test_summaries_are_backed_by_cited_statements(seed: SeedCatalogue, slug: str) -> None:
    """The mechanism and regulatory summaries restate statements that carry a source."""
    record = next(r for r in seed.ingredients if r.ingredient.slug == slug)
    kinds = {statement.kind for statement in record.statements}
    if record.ingredient.mechanism:
        assert "mechanism" in kinds
    if record.ingredient.regulatory_status:
        assert "regulatory" in kinds


def test_claims_from_articles_are_never_graded_as_findings(seed: SeedCatalogue) -> None:
    """An article's word is a claim: it never stands as an evidence statement."""
    kinds = {source.key: source.kind for source in seed.sources}
    for record in seed.ingredients:
        for statement in record.statements:
            if kinds[statement.source] == "article":
                assert statement.kind == "purpose", (record.ingredient.slug, statement.text)


def test_every_statement_cites_a_known_source(seed: SeedCatalogue) -> None:
    keys = {source.key for source in seed.sources}
    cited = {s.source for r in seed.ingredients for s in r.statements}
    cited |= {s.source for s in seed.procedure_statements}
    cited |= {r.ingredient.identifiers_source for r in seed.ingredients}
    assert cited <= keys
    assert keys - cited == set(), "every source is cited by something"


def test_every_source_can_be_found(seed: SeedCatalogue) -> None:
    for source in seed.sources:
        if source.kind == "article":
            continue  # the five source articles are known by title only
        assert source.pmid or source.doi or source.url, source.key


def test_the_five_articles_are_sources(seed: SeedCatalogue) -> None:
    articles = {s.key for s in seed.sources if s.kind == "article"}
    assert articles == {f"article-00{n}" for n in range(5)}


def test_every_ingredient_says_where_its_identifiers_come_from(seed: SeedCatalogue) -> None:
    assert all(record.ingredient.identifiers_source for record in seed.ingredients)


def test_cas_numbers_pass_their_check_digit(seed: SeedCatalogue) -> None:
    for record in seed.ingredients:
        cas = record.ingredient.cas_number
        assert cas is None or is_valid_cas(cas), record.ingredient.slug


def test_no_name_or_alias_is_shared(seed: SeedCatalogue) -> None:
    keys = Counter(
        lookup_key(name)
        for record in seed.ingredients
        for name in [record.ingredient.name, *(alias.name for alias in record.aliases)]
    )
    assert [key for key, count in keys.items() if count > 1] == []


def test_source_article_misspellings_resolve(seed: SeedCatalogue) -> None:
    misspellings = {
        alias.name.lower(): record.ingredient.slug
        for record in seed.ingredients
        for alias in record.aliases
        if alias.kind == "misspelling"
    }
    assert misspellings["dexenol"] == "dexpanthenol"
    assert misspellings["natural silicium"] == "organic-silicon"


def test_capixyl_names_acetyl_tetrapeptide_3(seed: SeedCatalogue) -> None:
    record = next(r for r in seed.ingredients if r.ingredient.slug == "acetyl-tetrapeptide-3")
    assert "Capixyl" in {alias.name for alias in record.aliases}


def test_unconfirmed_identifiers_stay_unknown(seed: SeedCatalogue) -> None:
    by_slug = {r.ingredient.slug: r.ingredient for r in seed.ingredients}
    assert by_slug["biochanin-a"].pubchem_cid is None
    assert by_slug["acetyl-tetrapeptide-3"].pubchem_cid is None
    assert by_slug["organic-silicon"].pubchem_cid is None


def test_the_156_percent_figure_is_recorded_as_the_articles_claim(seed: SeedCatalogue) -> None:
    record = next(r for r in seed.ingredients if r.ingredient.slug == "acetyl-tetrapeptide-3")
    claims = [s for s in record.statements if "156%" in s.text and s.source == "article-002"]
    assert claims and all(s.kind == "purpose" and s.manufacturer_sponsored for s in claims)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"cas_number": "38304-91-6"}, "cas_number"),
        ({"class": ""}, "ingredient_class"),
        ({"pubchem_cid": -4}, "pubchem_cid"),
        ({"statements": [{"kind": "evidence", "text": "x", "source": "s"}]}, "statements[0]"),
        ({"statements": [{"kind": "rumour", "text": "x", "source": "s"}]}, "statements[0]: kind"),
        ({"statements": [{"kind": "safety", "text": "x", "source": "s", "route": "nasal"}]},
         "statements[0]: route"),
        ({"aliases": [{"name": "x", "kind": "nickname"}]}, "aliases[0]: kind"),
        ({"colour": "blue"}, "unknown field 'colour'"),
    ],
)
def test_a_broken_record_names_file_record_and_field(data: dict[str, object], field: str) -> None:
    base = {"slug": "x", "name": "X", "class": "test"}
    with pytest.raises(DataFileError) as caught:
        build_ingredient({**base, **data}, "seed_data/ingredients/x.toml")
    message = str(caught.value)
    assert message.startswith("seed_data/ingredients/x.toml: ")
    assert field in message


def test_a_broken_seed_file_fails_the_load_with_its_name(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "Broken"\nclass = "x"\ncas_number = "50-00-1"\n', encoding="utf-8")
    monkeypatch.setattr(seed_data, "ingredient_files", lambda: [broken])
    with pytest.raises(DataFileError, match=r"seed_data/ingredients/broken.toml: cas_number"):
        load_seed_catalogue()
