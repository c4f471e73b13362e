"""Queries, run through both read paths: stdlib sqlite3 and SQLAlchemy must agree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import create_engine

import seed_data
from ingredients.core.errors import IngredientsError, NotFoundError, UsageError
from ingredients.read import best_evidence as best_evidence_reads
from ingredients.read import completion, queries
from ingredients.read import search as searching
from ingredients.read import sources as source_queries
from ingredients.read.queries import LIST_COLUMNS
from ingredients.store.location import DatabaseLocation
from ingredients.store.reader import Reader, SqlAlchemyReader, SqliteReader
from tests.small_catalogue import SmallCatalogue
from tests.test_seed_data import EXPECTED_COUNTS


@pytest.fixture(params=["sqlite3", "sqlalchemy"])
def reader(request: pytest.FixtureRequest, location: DatabaseLocation) -> Iterator[Reader]:
    assert location.sqlite_path is not None
    opened: Reader
    if request.param == "sqlite3":
        opened = SqliteReader(location.sqlite_path)
    else:
        opened = SqlAlchemyReader(create_engine(location.url))
    yield opened
    opened.close()


@pytest.fixture
def both(location: DatabaseLocation) -> Iterator[tuple[Reader, Reader]]:
    assert location.sqlite_path is not None
    fast, portable = SqliteReader(location.sqlite_path), SqlAlchemyReader(create_engine(location.url))
    yield fast, portable
    fast.close()
    portable.close()


def rows(table: queries.Table) -> list[list[Any]]:
    return [list(row) for row in table.rows]


def test_list_has_every_ingredient_sorted_by_name(reader: Reader) -> None:
    listed = rows(queries.list_ingredients(reader))
    names = [row[1] for row in listed]
    assert len(listed) == len(seed_data.ingredient_files())
    assert names == sorted(names, key=str.lower)


def test_list_filters_by_class_text_route_and_level(reader: Reader) -> None:
    def slugs(**filters: Any) -> list[str]:
        return [row[0] for row in rows(queries.list_ingredients(reader, **filters))]

    assert slugs(ingredient_class="plant-compound") == ["biochanin-a", "coumarin"]
    assert "biochanin-a" in slugs(text="isoflavone")  # the class detail
    assert slugs(text="rogaine") == ["minoxidil"]
    assert slugs(text="100%") == []  # % is literal, not a wildcard
    assert slugs(min_level="approved") == ["finasteride", "minoxidil"]
    assert slugs(route="intradermal", min_level="rct", condition="any") == [
        "dutasteride",
        "finasteride",
        "minoxidil",
        "platelet-rich-plasma",
        "stem-cell-derived-products",
        "triamcinolone-acetonide",
    ]


def test_evidence_for_another_condition_never_raises_the_grade(reader: Reader) -> None:
    """Triamcinolone's injection studies are of alopecia areata: for pattern hair loss (the
    default) its grade is the searched-for absence, with the other condition named beside it."""

    def listed(**filters: Any) -> dict[str, tuple[Any, ...]]:
        return {row[0]: row for row in rows(queries.list_ingredients(reader, **filters))}

    intradermal = LIST_COLUMNS.index("intradermal_evidence")
    assert listed()["triamcinolone-acetonide"][intradermal] == (
        "none-found (alopecia-areata: systematic-review, benefit)"
    )
    assert listed(condition="alopecia-areata")["triamcinolone-acetonide"][intradermal] == (
        "systematic-review, benefit"
    )
    assert listed(condition="any")["triamcinolone-acetonide"][intradermal] == "systematic-review, benefit"
    # Where the asked condition has a study, no other condition is named.
    assert listed()["minoxidil"][intradermal] == "rct, benefit"
    ranked = [row[0] for row in rows(queries.list_ingredients(reader, sort="intradermal"))]
    assert ranked.index("triamcinolone-acetonide") > ranked.index("minoxidil")


def test_the_sex_filter_counts_studies_of_that_sex_and_of_both(reader: Reader) -> None:
    finasteride = queries.resolve(reader, "finasteride")
    assert queries.best_evidence(reader, finasteride)["topical"]["grade"] is not None
    women = queries.best_evidence(reader, finasteride, sex="female")
    men = queries.best_evidence(reader, finasteride, sex="male")
    assert men["overall"]["grade"] == "approved"
    assert women["overall"]["grade"] != "approved"
    with pytest.raises(UsageError, match="unknown sex 'men'"):
        queries.best_evidence(reader, finasteride, sex="men")


@pytest.mark.parametrize("condition", ["androgenetic-alopecia", "alopecia-areata", "any"])
def test_the_best_evidence_of_each_is_each_ones_best_evidence(reader: Reader, condition: str) -> None:
    """The site's overviews read every ingredient's grades in one query: the same grades, in
    the order the site walks the catalogue."""
    every = list(best_evidence_reads.best_evidence_of_each(reader, condition))
    assert [ingredient_id for ingredient_id, _ in every] == [i for i, _ in queries.ingredient_keys(reader)]
    for ingredient_id, best in every:
        assert best == queries.best_evidence(reader, ingredient_id, condition=condition), ingredient_id


def test_the_best_evidence_says_which_way_it_points(reader: Reader) -> None:
    listed = {row[0]: row for row in rows(queries.list_ingredients(reader))}
    best = LIST_COLUMNS.index("best_evidence")
    # Biotin's trial was of a mixed population: it counts for every condition, and is named
    # beside pattern hair loss's absence.
    assert listed["biotin"][best] == "none-found (mixed conditions: rct, no benefit)"
    everything = {row[0]: row for row in rows(queries.list_ingredients(reader, condition="any"))}
    assert everything["biotin"][best] == "rct, no benefit"
    assert listed["buflomedil"][LIST_COLUMNS.index("intradermal_evidence")] == "none-found"


def test_another_compound_never_raises_the_grade(reader: Reader) -> None:
    """Biochanin A's trials tested a blend: they are shown, and its best grade stays none-found."""
    entry = queries.ingredient_entry(reader, queries.resolve(reader, "biochanin-a"))
    blends = [s for s in entry["statements"] if s["other_compound"]]
    assert blends and {s["evidence_level"] for s in blends} == {"rct"}
    assert entry["best_evidence"]["overall"]["summary"] == "none-found"


def test_excluding_sponsored_evidence_changes_the_grade(reader: Reader) -> None:
    caffeine = queries.resolve(reader, "caffeine")
    assert queries.best_evidence(reader, caffeine)["topical"]["summary"] == "rct, benefit"
    unsponsored = queries.best_evidence(reader, caffeine, exclude_sponsored=True)["topical"]
    assert unsponsored["summary"] != "rct, benefit"
    listed = queries.list_ingredients(reader, exclude_sponsored=True, text="caffeine")
    assert [row[4] for row in listed.rows] != ["rct, benefit"]


def test_list_sorts_by_evidence_strongest_first(reader: Reader) -> None:
    listed = rows(queries.list_ingredients(reader, sort="evidence"))
    assert {listed[0][0], listed[1][0]} == {"finasteride", "minoxidil"}
    reversed_rows = rows(queries.list_ingredients(reader, sort="evidence", descending=True))
    assert reversed_rows[-1][0] in {"finasteride", "minoxidil"}


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"route": "nasal"}, "unknown route"),
        ({"min_level": "strong"}, "unknown evidence level"),
        ({"sort": "colour"}, "cannot sort by"),
        ({"ingredient_class": "isoflavone"}, "unknown class"),
    ],
)
def test_list_rejects_unknown_vocabulary(reader: Reader, filters: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        queries.list_ingredients(reader, **filters)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("minoxidil", "minoxidil"),
        ("MINOXIDIL", "minoxidil"),
        ("Rogaine", "minoxidil"),
        ("38304-91-5", "minoxidil"),
        ("acetyl tetrapeptide 3", "acetyl-tetrapeptide-3"),
        ("Propecia", "finasteride"),
        ("Botox", "botulinum-toxin-a"),
        ("dexenol", "dexpanthenol"),
        ("natural silicium", "organic-silicon"),
        ("biochanin-a", "biochanin-a"),
    ],
)
def test_resolve_by_name_alias_slug_or_cas(reader: Reader, name: str, slug: str) -> None:
    entry = queries.ingredient_entry(reader, queries.resolve(reader, name))
    assert entry["slug"] == slug


def test_a_miss_suggests_close_names(reader: Reader) -> None:
    with pytest.raises(NotFoundError) as caught:
        queries.resolve(reader, "minoxidl")
    assert "Minoxidil" in caught.value.suggestions
    assert "Did you mean" in str(caught.value)


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_empty_or_overlong_names_are_refused(reader: Reader, name: str) -> None:
    with pytest.raises(IngredientsError):
        queries.resolve(reader, name)


def test_entry_holds_statements_with_sources(reader: Reader) -> None:
    entry = queries.ingredient_entry(reader, queries.resolve(reader, "finasteride"))
    assert entry["cas_number"] == "98319-26-7"
    assert {s["kind"] for s in entry["statements"]} >= {"purpose", "evidence", "safety", "regulatory"}
    cited = {s["source"] for s in entry["statements"]}
    assert cited <= {source["key"] for source in entry["sources"]}
    evidence_routes = [s["route"] for s in entry["statements"] if s["kind"] == "evidence"]
    assert evidence_routes[0] == "intradermal"


def test_search_finds_statements_aliases_and_the_procedure(reader: Reader) -> None:
    found = rows(searching.search(reader, "mycobacterium"))
    assert found and {row[0] for row in found} >= {"mesotherapy"}
    assert any(row[0] == "finasteride" for row in rows(searching.search(reader, "propecia")))
    assert rows(searching.search(reader, "minox"))  # words match as prefixes
    described = rows(searching.search(reader, "reductase"))
    assert ["finasteride", "Finasteride", "description"] in [row[:3] for row in described]


def test_search_refuses_empty_and_overlong_text(reader: Reader) -> None:
    with pytest.raises(IngredientsError, match="empty"):
        searching.search(reader, "  ")
    with pytest.raises(IngredientsError, match="longer"):
        searching.search(reader, "a" * 1001)


def test_sources_and_one_source(reader: Reader) -> None:
    listed = rows(source_queries.list_sources(reader))
    assert len(listed) == EXPECTED_COUNTS["source"]
    entry = source_queries.source_entry(reader, "pmid-33584955")
    assert entry["pmid"] == "33584955"
    assert {s["ingredient"] for s in entry["cited_by"]} >= {"biochanin-a", "acetyl-tetrapeptide-3"}
    with pytest.raises(NotFoundError, match="no source"):
        source_queries.source_entry(reader, "pmid-0")


def test_compare_summarises_each_ingredient(reader: Reader) -> None:
    compared = queries.compare(reader, ["minoxidil", "Propecia"])
    assert [c["slug"] for c in compared] == ["minoxidil", "finasteride"]
    assert compared[0]["topical_evidence"] == "approved, benefit"
    assert compared[1]["oral_evidence"] == "approved, benefit"
    with pytest.raises(IngredientsError, match="at least two"):
        queries.compare(reader, ["minoxidil"])
    with pytest.raises(IngredientsError, match="already"):
        queries.compare(reader, ["minoxidil", "rogaine"])


# The tables the seed leaves empty: the CosIng inventory is loaded by each user (docs/data.md).
EMPTY_IN_THE_SEED = {"cosing_ingredients"}


@pytest.mark.parametrize("table", sorted(queries.EXPORT_TABLES))
def test_export_tables_have_their_columns(reader: Reader, table: str) -> None:
    exported = queries.export_table(reader, table)
    body = rows(exported)
    assert exported.columns and (bool(body) != (table in EMPTY_IN_THE_SEED))
    assert all(len(row) == len(exported.columns) for row in body)


def test_export_rejects_unknown_table(reader: Reader) -> None:
    with pytest.raises(UsageError, match="unknown table"):
        queries.export_table(reader, "users")


def _every_read(reader: Reader) -> dict[str, Any]:
    first = queries.resolve(reader, "minoxidil")
    return {
        "list": rows(queries.list_ingredients(reader, sort="evidence")),
        "list_filtered": rows(queries.list_ingredients(reader, route="topical", min_level="rct")),
        "entry": queries.ingredient_entry(reader, first),
        "search": rows(searching.search(reader, "minoxidil blood pressure")),
        "sources": rows(source_queries.list_sources(reader)),
        "source": source_queries.source_entry(reader, "article-002"),
        "compare": queries.compare(reader, ["coumarin", "buflomedil", "biotin"]),
        "complete": completion.complete_names(reader, "b"),
        "suggest": queries.suggest(reader, "biotn"),
        **{f"export_{name}": rows(queries.export_table(reader, name)) for name in queries.EXPORT_TABLES},
    }


def test_both_read_paths_return_identical_results(both: tuple[Reader, Reader]) -> None:
    fast, portable = both
    assert _every_read(fast) == _every_read(portable)


# (what the source identifies: slug -> (identifiers_source, unii_source)), what it lists.
_IDENTIFIED = [
    pytest.param({}, None, id="nothing: no list"),
    pytest.param({"agent-a": ("ref", None)}, "agent-a", id="identifiers"),
    pytest.param({"agent-a": (None, "ref")}, "agent-a", id="unii"),
    pytest.param({"agent-a": ("ref", "ref")}, "agent-a", id="both on one ingredient: named once"),
    pytest.param(
        {"agent-c": ("ref", None), "agent-a": (None, "ref"), "agent-b": ("ref", "ref")},
        "agent-a, agent-b, agent-c",
        id="several: by slug",
    ),
    pytest.param({"agent-a": ("other", "other")}, None, id="another source's"),
]


@pytest.mark.parametrize(("cited", "listed"), _IDENTIFIED)
def test_a_source_lists_the_ingredients_it_identifies(
    tmp_path: Path, cited: dict[str, tuple[str | None, str | None]], listed: str | None
) -> None:
    catalogue = SmallCatalogue()
    catalogue.source("ref")
    catalogue.source("other")
    for slug, (identifiers, unii) in cited.items():
        fields = {"cas_number": None}
        if identifiers:
            fields.update(pubchem_cid="2244", identifiers_source=identifiers)
        if unii:
            fields.update(unii="R16CO5Y76E", unii_source=unii)
        catalogue.ingredient(slug, **fields)
    reader = catalogue.reader(tmp_path)
    try:
        found = {row[0]: row[-1] for row in source_queries.list_sources(reader).rows}
        assert found["ref"] == listed
        assert source_queries.source_entry(reader, "ref")["identifies"] == listed
    finally:
        reader.close()
