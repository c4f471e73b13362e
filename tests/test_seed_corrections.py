"""Corrections an expert audit of the seed evidence asked for, held so they cannot quietly come back.

One row per corrected statement: which entry, which source, and the fields that were wrong. The
seeded catalogue is read, so a row fails whether the data file or the import path regresses.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from ingredients.core.vocabulary import PROCEDURE_SLUG

# (entry, source key, a phrase only that statement's text holds, the fields it must carry)
CORRECTED: list[tuple[str, str, str, dict[str, Any]]] = [
    # Abdallah's trial inside the 2020 review: 28 men, a dutasteride-containing mixture, 2009.
    ("dutasteride", "pmid-33313048", "Abdallah", {"sex": "male", "participants": 28, "other_compound": 1}),
    (PROCEDURE_SLUG, "pmid-33313048", "Abdallah", {"sex": "male", "participants": 28, "other_compound": 1}),
    # Lee 2015: the 17.9% is the 20 women given PDRN alone, not all 40.
    ("polynucleotides", "pmid-25524027", "17.9%", {"participants": 20, "effect_value": 17.9}),
    # Gentile 2020: the P below 0.0001 is treated half against the control half.
    (
        "stem-cell-derived-products",
        "pmid-32071919",
        "58 weeks",
        {"effect_kind": "difference-vs-comparator", "effect_p": 0.0001, "weeks": 58},
    ),
    # Gentile 2019: 23 weeks after the third of three sessions 45 days apart is about 36 from baseline.
    ("stem-cell-derived-products", "pmid-31337037", "45 days apart", {"weeks": 36}),
    # Bussoletti 2020: a control shampoo is a vehicle-type comparator, and P below 0.001 is reported.
    (
        "caffeine",
        "pmid-29512972",
        "control shampoo",
        {"comparator": "placebo", "effect_kind": "difference-vs-comparator", "effect_p": 0.001},
    ),
    # The 2025 network meta-analysis measures every treatment against pooled placebo arms.
    ("dutasteride", "pmid-40586152", "network meta-analysis", {"comparator": "placebo"}),
    ("finasteride", "pmid-40586152", "network meta-analysis", {"comparator": "placebo"}),
    # The Korean surveillance was GlaxoSmithKline's.
    ("dutasteride", "pmid-27489426", "78.6%", {"manufacturer_sponsored": 1}),
]

STATEMENT_SQL = """
    SELECT s.* FROM statement s JOIN source src ON src.id = s.source_id
    LEFT JOIN ingredient i ON i.id = s.ingredient_id
    WHERE src.key = ? AND coalesce(i.slug, ?) = ? AND s.text LIKE ?"""


def corrected_statement(catalogue: sqlite3.Connection, entry: str, key: str, phrase: str) -> dict[str, Any]:
    found = catalogue.execute(STATEMENT_SQL, (key, PROCEDURE_SLUG, entry, f"%{phrase}%")).fetchall()
    assert len(found) == 1, (entry, key, phrase, len(found))
    return dict(found[0])


@pytest.mark.parametrize(("entry", "key", "phrase", "expected"), CORRECTED)
def test_a_corrected_statement_keeps_its_correction(
    catalogue: sqlite3.Connection, entry: str, key: str, phrase: str, expected: dict[str, Any]
) -> None:
    statement = corrected_statement(catalogue, entry, key, phrase)
    assert {field: statement[field] for field in expected} == expected


def test_the_abdallah_trial_is_dated_2009_not_by_the_reviews_miscitation(
    catalogue: sqlite3.Connection,
) -> None:
    for entry in ("dutasteride", PROCEDURE_SLUG):
        text = corrected_statement(catalogue, entry, "pmid-33313048", "Abdallah")["text"]
        assert "2009" in text
        assert "Abdallah 2001" not in text


def test_no_review_is_stored_with_two_comparators(catalogue: sqlite3.Connection) -> None:
    """One study, one control: a review's comparator does not change with the entry it is filed under."""
    mixed = catalogue.execute(
        """
        SELECT src.key FROM statement s JOIN source src ON src.id = s.source_id
        WHERE s.kind = 'evidence' AND src.kind = 'review' AND s.comparator IS NOT NULL
        GROUP BY src.key HAVING count(DISTINCT s.comparator) > 1"""
    ).fetchall()
    assert [row["key"] for row in mixed] == []


def test_a_route_with_studies_holds_no_absence_for_the_same_condition(catalogue: sqlite3.Connection) -> None:
    """A none-found statement says no study exists; beside a review that counted such studies it is false."""
    contradicted = catalogue.execute(
        """
        SELECT i.slug, absent.route FROM statement absent
        JOIN statement found ON found.ingredient_id = absent.ingredient_id AND found.route = absent.route
             AND found.condition = absent.condition AND found.kind = 'evidence' AND found.evidence_level >= 3
             AND found.other_compound = 0
        JOIN ingredient i ON i.id = absent.ingredient_id
        WHERE absent.kind = 'evidence' AND absent.evidence_level = 0"""
    ).fetchall()
    assert [tuple(row) for row in contradicted] == []


# Controlled studies the audit found missing: (entry, source key, route, fields the stored evidence holds)
ADDED: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "minoxidil",
        "pmid-38598226",
        "oral",
        {
            "sex": "male",
            "comparator": "active",
            "effect_value": 23.4,
            "randomised": "yes",
            "blinding": "double",
        },
    ),
    (
        "minoxidil",
        "pmid-34529341",
        "oral",
        {"sex": "female", "control": "active", "weeks": 39, "randomised": "yes", "blinding": "triple"},
    ),
    (
        "platelet-rich-plasma",
        "kieling-2024-an-bras-dermatol-prp",
        "intradermal",
        {"certainty": "low", "control": "placebo", "reports_agent_result": "yes"},
    ),
    ("platelet-rich-plasma", "doi-10.3390/jpm12030342", "intradermal", {"comparator": "none"}),
    ("platelet-rich-plasma", "pmid-34140889", "intradermal", {"sex": "female", "effect_value": None}),
    (
        "exosomes",
        "doi-10.3390/life15030500",
        "intradermal",
        {"other_compound": 1, "effect_p": 0.006, "control": "saline", "randomised": "yes"},
    ),
    (
        PROCEDURE_SLUG,
        "pmid-31007474",
        "intradermal",
        {"finding": "no-benefit", "control": "active", "blinding": "unknown"},
    ),
]


@pytest.mark.parametrize(("entry", "key", "route", "expected"), ADDED)
def test_an_added_study_is_stored_as_read(
    catalogue: sqlite3.Connection, entry: str, key: str, route: str, expected: dict[str, Any]
) -> None:
    found = catalogue.execute(
        STATEMENT_SQL + " AND s.kind = 'evidence'", (key, PROCEDURE_SLUG, entry, "%")
    ).fetchall()
    assert len(found) == 1, (entry, key, len(found))
    statement = dict(found[0])
    assert statement["route"] == route
    assert {field: statement[field] for field in expected} == expected


def test_oral_minoxidil_has_evidence_for_pattern_hair_loss(catalogue: sqlite3.Connection) -> None:
    graded = catalogue.execute(
        """
        SELECT max(s.evidence_level) FROM statement s JOIN ingredient i ON i.id = s.ingredient_id
        WHERE i.slug = 'minoxidil' AND s.kind = 'evidence' AND s.route = 'oral'
        AND s.condition = 'androgenetic-alopecia' AND s.other_compound = 0"""
    ).fetchone()[0]
    assert graded is not None and graded >= 4


# Names users type, and the one entry each must reach.
TYPED_NAMES = [
    ("Xeomin", "botulinum-toxin-a"),
    ("Salmon DNA", "polynucleotides"),
    ("EGF", "recombinant-growth-factors"),
    ("Epidermal growth factor", "recombinant-growth-factors"),
    ("Vitamin B12", "cyanocobalamin"),
    ("Cyanocobalamin", "cyanocobalamin"),
]


@pytest.mark.parametrize(("typed", "slug"), TYPED_NAMES)
def test_a_typed_name_reaches_its_entry(catalogue: sqlite3.Connection, typed: str, slug: str) -> None:
    reached = catalogue.execute(
        """
        SELECT i.slug FROM ingredient i WHERE lower(i.name) = lower(:typed)
        UNION SELECT i.slug FROM alias a JOIN ingredient i ON i.id = a.ingredient_id
        WHERE lower(a.name) = lower(:typed)""",
        {"typed": typed},
    ).fetchall()
    assert [row["slug"] for row in reached] == [slug]


def test_a_named_blend_resolves_to_its_parts_not_to_one_agent(catalogue: sqlite3.Connection) -> None:
    as_agent = catalogue.execute("SELECT 1 FROM alias WHERE lower(name) LIKE 'capixyl%'").fetchall()
    assert as_agent == []
    parts = catalogue.execute(
        """
        SELECT i.slug FROM component c JOIN formulation f ON f.id = c.formulation_id
        JOIN ingredient i ON i.id = c.ingredient_id WHERE f.slug = 'capixyl' ORDER BY c.position"""
    ).fetchall()
    assert [row["slug"] for row in parts] == ["acetyl-tetrapeptide-3", "red-clover-extract"]
