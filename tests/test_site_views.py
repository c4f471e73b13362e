"""Specification of what each site page shows (ingredients.site.views), from small entries
written here, not the seed: each view is compared whole, so a field renamed, dropped or
filled from the wrong place fails."""

from __future__ import annotations

from typing import Any

import pytest

from ingredients.site import views
from ingredients.site.citations import References
from ingredients.site.views import FINDINGS, UNKNOWN_FINDING, Finding

ROUTES = list(views.MATRIX_ROUTES)


def evidence(**fields: Any) -> dict[str, Any]:
    """An evidence statement as the reader gives it."""
    return {
        "id": 7,
        "ingredient": "agent-a",
        "kind": "evidence",
        "route": "intradermal",
        "evidence_level": "rct",
        "finding": "benefit",
        "text": "A trial.",
        "source": "pmid-1",
        "origin": "seed",
        **fields,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("benefit", Finding("benefit", "benefit", "finding-benefit")),
        ("no-benefit", Finding("no-benefit", "no benefit", "finding-no-benefit")),
        ("unclear", Finding("unclear", "unclear", "finding-unclear")),
        ("super-strong", UNKNOWN_FINDING),
        (None, UNKNOWN_FINDING),
        (3, UNKNOWN_FINDING),
    ],
)
def test_a_finding_is_shown_in_its_words_and_colour_or_as_unknown(value: object, expected: Finding) -> None:
    assert views.finding_of(value) == expected
    assert Finding(None, "finding unknown", "finding-unknown") == UNKNOWN_FINDING


@pytest.mark.parametrize(
    ("graded", "expected"),
    [
        ([], ROUTES),
        (["intradermal", "oral"], ROUTES),
        (["any"], [*ROUTES, "any"]),
        (["any", "topical", "any"], [*ROUTES, "any"]),
    ],
)
def test_the_overview_has_a_column_per_route_and_any_only_when_graded(
    graded: list[str], expected: list[str]
) -> None:
    assert views.MATRIX_ROUTES == ("intradermal", "topical", "oral", "parenteral", "in-vitro")
    assert views.matrix_routes(graded) == expected


def test_an_evidence_statement_shows_its_study_and_effect() -> None:
    statement = evidence(
        participants=40,
        manufacturer_sponsored=1,
        other_compound=True,
        reviewed="2026-01-02",
        origin="user",
        condition="alopecia-areata",
        sex="female",
        comparator="placebo",
        weeks=12,
        outcome="hair-count",
        searched="PubMed, 2026",
        effect_value=7.9,
        effect_unit="hairs/cm2",
        effect_kind="difference-vs-comparator",
    )
    assert views.statement_view(statement, 3, reference=2) == {
        "anchor": "st-3",
        "subject": "agent-a",
        "subject_href": "ingredients/agent-a.html",
        "kind": "evidence",
        "route": "intradermal",
        "grade": "rct",
        "rank": 4,
        "finding": FINDINGS["benefit"],
        "participants": 40,
        "sponsored": True,
        "other_compound": True,
        "text": "A trial.",
        "source": "pmid-1",
        "source_href": "sources/pmid-1.html",
        "reference": 2,
        "reviewed": "2026-01-02",
        "user": True,
        "condition": "alopecia-areata",
        "population": "women, vs placebo, 12 weeks",
        "effect": "+7.9 hairs/cm2 vs comparator",
        "outcome": "hair-count",
        "searched": "PubMed, 2026",
    }


def test_a_statement_of_the_procedure_with_nothing_known_shows_nothing_made_up() -> None:
    statement = {"kind": "safety", "route": "any", "text": "Pain.", "source": "pmid-2", "participants": "40"}
    assert views.statement_view(statement, 1) == {
        "anchor": "st-1",
        "subject": None,
        "subject_href": "procedure.html",
        "kind": "safety",
        "route": "any",
        "grade": None,
        "rank": None,
        "finding": UNKNOWN_FINDING,
        "participants": None,
        "sponsored": False,
        "other_compound": False,
        "text": "Pain.",
        "source": "pmid-2",
        "source_href": "sources/pmid-2.html",
        "reference": None,
        "reviewed": None,
        "user": False,
        "condition": None,
    }


def test_an_evidence_statement_of_no_condition_is_of_an_unknown_one() -> None:
    view = views.statement_view(evidence(evidence_level="super-strong"), 1)
    assert (view["condition"], view["grade"], view["rank"]) == ("unknown", "super-strong", None)
    assert (view["population"], view["effect"], view["outcome"], view["searched"]) == ("", None, None, None)


@pytest.mark.parametrize(
    ("best", "statements", "expected"),
    [
        (None, [], None),
        ({"grade": "rct", "finding": "benefit"}, [], None),
        (
            None,
            [evidence()],
            {"grade": None, "rank": -1, "finding": UNKNOWN_FINDING, "count": 1, "certainty": None},
        ),
        (
            {"grade": None},
            [evidence()],
            {"grade": None, "rank": -1, "finding": UNKNOWN_FINDING, "count": 1, "certainty": None},
        ),
        (
            {"grade": "rct", "finding": "mixed"},
            [evidence(), evidence()],
            {"grade": "rct", "rank": 4, "finding": FINDINGS["mixed"], "count": 2, "certainty": None},
        ),
        (
            {"grade": "none-found"},
            [evidence()],
            {"grade": "none-found", "rank": 0, "finding": UNKNOWN_FINDING, "count": 1, "certainty": None},
        ),
    ],
)
def test_a_cell_shows_the_best_grade_and_how_many_statements(
    best: dict[str, Any] | None, statements: list[dict[str, Any]], expected: dict[str, Any] | None
) -> None:
    assert views.summarise_cell(best, statements) == expected


def test_evidence_is_grouped_by_route_and_other_statements_left_out() -> None:
    oral, any_route = evidence(route="oral"), evidence(route="any")
    grouped = views.evidence_by_route([oral, evidence(kind="safety"), any_route], ["intradermal", "oral"])
    assert grouped == {"intradermal": [], "oral": [oral], "any": [any_route]}


def test_an_overview_row_links_the_entry_and_filters_on_names_class_and_grades() -> None:
    entry = {
        "name": "Agent A",
        "slug": "agent-a",
        "class": "vitamin",
        "origin": "user",
        "aliases": [{"name": "Alpha Salt"}, {"name": "Alfa"}],
        "statements": [evidence(), evidence(route="oral", evidence_level="approved")],
        "best_evidence": {
            "intradermal": {"grade": "rct", "finding": "benefit"},
            "oral": {"grade": "approved"},
        },
    }
    routes = ["intradermal", "topical", "oral"]
    row = views.overview_row(views.overview_basis(entry, routes), entry["best_evidence"], routes)
    assert row == {
        "name": "Agent A",
        "slug": "agent-a",
        "href": "ingredients/agent-a.html",
        "class": "vitamin",
        "user": True,
        "cells": [
            (
                "intradermal",
                {"grade": "rct", "rank": 4, "finding": FINDINGS["benefit"], "count": 1, "certainty": None},
            ),
            ("topical", None),
            (
                "oral",
                {"grade": "approved", "rank": 6, "finding": UNKNOWN_FINDING, "count": 1, "certainty": None},
            ),
        ],
        "filter_text": "agent a alpha salt alfa vitamin rct approved",
    }
    bare = views.overview_row(
        views.overview_basis({"name": "B", "slug": "b", "statements": []}, ["oral"]), {}, ["oral"]
    )
    assert (bare["filter_text"], bare["class"], bare["user"]) == ("b", None, False)


def test_the_chart_draws_a_dot_per_route_and_grade_sized_by_its_count() -> None:
    statements = [
        evidence(),
        evidence(finding="no-benefit"),
        evidence(route="oral", evidence_level="approved"),
        *[evidence(route="oral", evidence_level="preclinical") for _ in range(3)],
        evidence(kind="safety"),
    ]
    best = {
        "intradermal": {"grade": "rct", "finding": "mixed"},
        "oral": {"grade": "approved", "finding": "benefit"},
    }
    chart = views.evidence_chart("Agent A", statements, ["intradermal", "topical", "oral"], best)
    assert chart == {
        "width": 132 + 3 * 84 + 8,
        "height": 28 + 7 * 26 + 6,
        "label": "Evidence for Agent A by route and grade. intradermal: best grade rct, mixed, 2 statements; "
        "topical: no evidence statement; oral: best grade approved, benefit, 4 statements.",
        "columns": [
            {"x": 174, "route": "intradermal"},
            {"x": 258, "route": "topical"},
            {"x": 342, "route": "oral"},
        ],
        "rows": [
            {"y": 41 + 26 * row, "grade": grade}
            for row, grade in enumerate(
                [
                    "approved",
                    "systematic-review",
                    "rct",
                    "uncontrolled",
                    "preclinical",
                    "claim-only",
                    "none-found",
                ]
            )
        ],
        "left": 132,
        "top": 28,
        "dots": [
            {
                "x": 174,
                "y": 93,
                "r": 12,
                "count": 2,
                "css_class": "finding-mixed",
                "title": "intradermal, rct: 2 statements",
            },
            {
                "x": 342,
                "y": 41,
                "r": 10,
                "count": 1,
                "css_class": "finding-benefit",
                "title": "oral, approved: 1 statement",
            },
            {
                "x": 342,
                "y": 145,
                "r": 12,
                "count": 3,
                "css_class": "finding-benefit",
                "title": "oral, preclinical: 3 statements",
            },
        ],
    }
    coordinates = [
        *(dot[axis] for dot in chart["dots"] for axis in ("x", "y")),
        *(column["x"] for column in chart["columns"]),
        *(row["y"] for row in chart["rows"]),
    ]
    assert all(type(value) is int for value in coordinates)  # an SVG of whole pixels, never '174.0'
    one = views.evidence_chart("B", [evidence()], ["intradermal"])
    assert (
        one["label"] == "Evidence for B by route and grade. "
        "intradermal: best grade ungraded, finding unknown, 1 statement."
    )


def test_sections_follow_the_kinds_in_order_and_evidence_every_route() -> None:
    statements = [
        evidence(source="pmid-9"),
        evidence(kind="purpose", route="any", source="pmid-1"),
        evidence(route="any"),
    ]
    references = References([])
    sections = views.statement_sections(statements, references, ["intradermal", "oral"])
    assert [section["kind"] for section in sections] == [
        "purpose",
        "evidence",
        "mechanism",
        "safety",
        "regulatory",
    ]
    assert [section["heading"] for section in sections] == [
        "Stated purposes (the source articles' claims, not findings)",
        "Evidence by route",
        "Mechanism",
        "Safety",
        "Regulatory",
    ]
    purpose, found = sections[0], sections[1]
    assert [(view["anchor"], view["reference"]) for view in purpose["statements"]] == [("st-2", 2)]
    assert [view["anchor"] for view in found["statements"]] == ["st-1", "st-3"]
    assert [(group["route"], [v["anchor"] for v in group["statements"]]) for group in found["routes"]] == [
        ("intradermal", ["st-1"]),
        ("oral", []),
        ("topical", []),
        ("parenteral", []),
        ("in-vitro", []),
        ("any", ["st-3"]),
    ]
    assert "routes" not in sections[0]


def test_an_ingredient_page_numbers_its_sources_in_citing_order() -> None:
    entry = {
        "name": "Agent A",
        "slug": "agent-a",
        "class": "vitamin",
        "class_detail": "B vitamin",
        "stated_purpose": "growth",
        "cas_number": "50-00-0",
        "pubchem_cid": 712,
        "unii": "K72T3FS567",
        "inci_name": "AGENT",
        "molecular_formula": "CH2O",
        "identifiers_source": "label-a",
        "unii_source": "label-b",
        "aliases": [{"name": "Alpha"}],
        "mechanism": "acts",
        "regulatory_status": "approved",
        "origin": "user",
        "sources": [{"key": "label-a", "title": "Label A", "url": "https://a.example/"}],
        "statements": [
            evidence(
                source="label-b",
                condition="alopecia-areata",
                effect_value=2.0,
                effect_unit="hairs/cm2",
                effect_kind="difference-vs-comparator",
                effect_ci_low=1.0,
                effect_ci_high=3.0,
            )
        ],
        "best_evidence": {"intradermal": {"grade": "rct", "finding": "mixed"}},
        "formulations": [
            {"name": "Mix", "slug": "mix", "name_as_written": "agent", "declared": "1%"},
            {"name": "Mix 2", "slug": "mix-2", "name_as_written": "AGENT"},
        ],
    }
    page = views.ingredient_page(entry, ["intradermal"])
    chart = views.evidence_chart("Agent A", entry["statements"], ["intradermal"], entry["best_evidence"])
    assert "best grade rct, mixed" in chart["label"]
    assert {key: value for key, value in page.items() if key not in ("sections", "forest_plots")} == {
        "name": "Agent A",
        "slug": "agent-a",
        "class": "vitamin",
        "class_detail": "B vitamin",
        "stated_purpose": "growth",
        "identifiers": [
            ("CAS Registry Number", "50-00-0"),
            ("PubChem CID", 712),
            ("UNII (FDA)", "K72T3FS567"),
            ("INCI name", "AGENT"),
            ("Molecular formula", "CH2O"),
        ],
        "identifiers_reference": 1,
        "unii_reference": 2,
        "aliases": [{"name": "Alpha"}],
        "mechanism": "acts",
        "regulatory_status": "approved",
        "user": True,
        "chart": chart,
        "formulations": [
            {"name": "Mix", "href": "formulations/mix.html", "detail": "as 'agent', 1%"},
            {
                "name": "Mix 2",
                "href": "formulations/mix-2.html",
                "detail": "as 'AGENT', concentration not declared",
            },
        ],
        "references": [
            {
                "number": 1,
                "key": "label-a",
                "citation": "Label A",
                "link": "https://a.example/",
                "href": "sources/label-a.html",
            },
            {
                "number": 2,
                "key": "label-b",
                "citation": "label-b",
                "link": None,
                "href": "sources/label-b.html",
            },
        ],
    }
    assert page["sections"][1]["statements"][0]["reference"] == 2
    # The plot names the study's source by the number the page gives it.
    assert "alopecia-areata [2]" in str(page["forest_plots"])
    bare = views.ingredient_page({"name": "B", "slug": "b", "statements": []}, ["oral"])
    assert (bare["aliases"], bare["formulations"], bare["references"], bare["user"]) == ([], [], [], False)


def test_a_formulation_page_grades_each_component_on_its_route() -> None:
    entry = {
        "name": "Mix",
        "slug": "mix",
        "maker": "Maker",
        "kind": "injectable",
        "route": "intradermal",
        "declared_by": "maker",
        "note": "a note",
        "source": "label-a",
        "sources": [{"key": "label-a", "title": "Label A"}],
        "components": [{"ingredient": "agent-a", "name": "A"}, {"ingredient": None, "name": "water"}],
    }
    evidence_by_slug = {
        "agent-a": {"intradermal": {"grade": "rct", "finding": "benefit"}, "oral": {"grade": "approved"}}
    }
    assert views.formulation_page(entry, evidence_by_slug) == {
        "name": "Mix",
        "slug": "mix",
        "maker": "Maker",
        "kind": "injectable",
        "route": "intradermal",
        "declared_by": "maker",
        "note": "a note",
        "components": [
            {
                "ingredient": "agent-a",
                "name": "A",
                "href": "ingredients/agent-a.html",
                "grade": "rct",
                "finding": FINDINGS["benefit"],
            },
            {"ingredient": None, "name": "water", "href": None, "grade": None, "finding": UNKNOWN_FINDING},
        ],
        "reference": 1,
        "references": [
            {
                "number": 1,
                "key": "label-a",
                "citation": "Label A",
                "link": None,
                "href": "sources/label-a.html",
            }
        ],
    }
    ungraded = views.formulation_page({**entry, "route": "topical"}, evidence_by_slug)["components"][0]
    assert (ungraded["grade"], ungraded["finding"]) == (None, UNKNOWN_FINDING)


def test_the_procedure_page_is_named_and_cites_its_sources() -> None:
    page = views.procedure_page(
        [evidence(ingredient=None, source="pmid-1")], [{"key": "pmid-1", "pmid": "1"}], ["oral"]
    )
    assert page["name"] == "Mesotherapy (the procedure)"
    assert page["references"][0]["link"] == "https://pubmed.ncbi.nlm.nih.gov/1/"
    assert page["sections"][1]["statements"][0]["subject_href"] == "procedure.html"


def test_a_source_page_lists_its_fields_and_what_it_identifies() -> None:
    source = {
        "key": "label-a",
        "title": "Label A",
        "kind": "label",
        "authors": "Maker",
        "published_in": "FDA",
        "year": 2020,
        "pmid": "12",
        "doi": "10.1/x",
        "url": "https://a.example/",
        "accessed": "2026-01-01",
        "note": "read on the site",
        "identifies": "agent-a, agent-b",
        "statements": "2",
        "origin": "user",
    }
    page = views.source_page(source, [evidence()])
    statements = list(page.pop("statements"))
    assert page == {
        "key": "label-a",
        "title": "Label A",
        "fields": [
            ("Kind", "label"),
            ("Authors", "Maker"),
            ("Published in", "FDA"),
            ("Year", 2020),
            ("PMID", "12"),
            ("DOI", "10.1/x"),
            ("Web address", "https://a.example/"),
            ("Accessed", "2026-01-01"),
            ("Note", "read on the site"),
        ],
        "link": "https://pubmed.ncbi.nlm.nih.gov/12/",
        "identifies": [
            {"slug": "agent-a", "href": "ingredients/agent-a.html"},
            {"slug": "agent-b", "href": "ingredients/agent-b.html"},
        ],
        "count": 2,
        "user": True,
    }
    assert [view["anchor"] for view in statements] == ["st-1"]
    bare = views.source_page({"key": "k"}, [])
    assert (bare["title"], bare["identifies"], bare["count"], bare["user"]) == ("k", [], 0, False)


def test_an_ingredient_is_found_by_name_alias_description_and_statements() -> None:
    entry = {
        "name": "Agent A",
        "aliases": [{"name": "Alpha", "kind": "inci"}, {"name": "Alf"}],
        "class": "vitamin",
        "stated_purpose": None,
        "mechanism": "acts",
        "regulatory_status": "approved",
        "statements": [evidence(), {"kind": "safety", "text": "Pain."}],
    }
    assert list(views.search_entries(entry, "ingredients/a.html")) == [
        ["name", "Agent A", "ingredient", "Agent A", "ingredients/a.html"],
        ["alias", "Agent A", "inci", "Alpha", "ingredients/a.html"],
        ["alias", "Agent A", "alias", "Alf", "ingredients/a.html"],
        ["description", "Agent A", "class", "vitamin", "ingredients/a.html"],
        ["description", "Agent A", "mechanism", "acts", "ingredients/a.html"],
        ["description", "Agent A", "regulatory", "approved", "ingredients/a.html"],
        ["evidence", "Agent A", "intradermal, rct", "A trial.", "ingredients/a.html#st-1"],
        ["safety", "Agent A", "", "Pain.", "ingredients/a.html#st-2"],
    ]
    assert list(views.search_entries({"name": "B", "stated_purpose": "grows"}, "b.html")) == [
        ["name", "B", "ingredient", "B", "b.html"],
        ["description", "B", "stated purpose", "grows", "b.html"],
    ]


@pytest.mark.parametrize(
    ("because", "expected"),
    [
        ("no study", [("no study", None)]),
        (
            "#12 pmid-123 found harm; see #3 doi-10.1/x.",
            [
                ("", None),
                ("#12 pmid-123", "sources/pmid-123.html"),
                (" found harm; see ", None),
                (
                    "#3 doi-10.1/x.",
                    "sources/doi-10.1_x-"
                    + __import__("hashlib").sha256(b"doi-10.1/x.").hexdigest()[:8]
                    + ".html",
                ),
                ("", None),
            ],
        ),
        ("#12 (pmid-1)", [("#12 (pmid-1)", None)]),
    ],
)
def test_a_reason_links_each_statement_it_names(because: str, expected: list[tuple[str, str | None]]) -> None:
    assert views.reason_parts(because) == expected


def test_the_claims_page_groups_assertions_by_article() -> None:
    rows = [
        ("agent-a", "art-1", "intradermal", "efficacy", "It works.", "not supported", "#1 pmid-1 found none"),
        ("mesotherapy", "art-1", "any", "safety", "Safe.", "contradicted", "pain"),
        ("agent-b", "art-2", "topical", "rate", "90%.", "supported", ""),
    ]
    sources = {"art-1": {"title": "An article", "accessed": "2026-12-05"}}
    assert views.claims_page(rows, sources) == [
        {
            "key": "art-1",
            "href": "sources/art-1.html",
            "title": "An article",
            "accessed": "2026-12-05",
            "rows": [
                {
                    "subject": "agent-a",
                    "href": "ingredients/agent-a.html",
                    "route": "intradermal",
                    "asserts": "efficacy",
                    "claim": "It works.",
                    "verdict": "not supported",
                    "verdict_class": "verdict-not-supported",
                    "because": [("", None), ("#1 pmid-1", "sources/pmid-1.html"), (" found none", None)],
                },
                {
                    "subject": "mesotherapy",
                    "href": "procedure.html",
                    "route": "any",
                    "asserts": "safety",
                    "claim": "Safe.",
                    "verdict": "contradicted",
                    "verdict_class": "verdict-contradicted",
                    "because": [("pain", None)],
                },
            ],
        },
        {
            "key": "art-2",
            "href": "sources/art-2.html",
            "title": "art-2",
            "accessed": None,
            "rows": [
                {
                    "subject": "agent-b",
                    "href": "ingredients/agent-b.html",
                    "route": "topical",
                    "asserts": "rate",
                    "claim": "90%.",
                    "verdict": "supported",
                    "verdict_class": "verdict-supported",
                    "because": [("", None)],
                }
            ],
        },
    ]
