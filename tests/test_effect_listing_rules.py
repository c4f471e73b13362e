"""Which statements `effects` lists, in what order, filtered how: specified by table.

The rule (ingredients.read.effects): an evidence statement is listed when it is graded
rct or systematic-review, or reports an effect (a number or a p-value) at any grade; an
approval without numbers is left out (it is the regulator's word, not a study). Rows come
intradermal first (the routes' written order), the procedure before the ingredients, then
by slug, grade (strongest first) and the order the statements were stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingredients.core.errors import NotFoundError, UsageError
from ingredients.read.effects import EFFECT_COLUMNS, EFFECT_LAYOUT, effects
from ingredients.store.reader import Reader

from .small_catalogue import SmallCatalogue

DIFFERENCE = {"effect_unit": "hairs/cm2", "effect_kind": "difference-vs-comparator"}

# (why, the statement's fields, listed?)
INCLUSION: list[tuple[str, dict[str, Any], bool]] = [
    ("an rct without numbers", {"level": "rct"}, True),
    ("a systematic review without numbers", {"level": "systematic-review"}, True),
    ("an uncontrolled study without numbers", {"level": "uncontrolled"}, False),
    ("a preclinical study without numbers", {"level": "preclinical", "route": "in-vitro"}, False),
    ("an approval without numbers", {"level": "approved", "source": "label-a"}, False),
    (
        "an approval with a number",
        {"level": "approved", "source": "label-a", "effect_value": 2.0, **DIFFERENCE},
        True,
    ),
    (
        "an uncontrolled study with a number",
        {"level": "uncontrolled", "effect_value": 2.0, **DIFFERENCE},
        True,
    ),
    ("an uncontrolled study with a p-value alone", {"level": "uncontrolled", "effect_p": 0.04}, True),
    (
        "a claim-only row with a p-value",
        {"level": "claim-only", "finding": "unclear", "effect_p": 0.2},
        True,
    ),
]


@pytest.mark.parametrize(("why", "fields", "listed"), INCLUSION, ids=[row[0] for row in INCLUSION])
def test_a_statement_is_listed_by_the_written_rule(
    why: str, fields: dict[str, Any], listed: bool, tmp_path: Path
) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.source("label-a", kind="regulatory")
    catalogue.evidence("agent-a", **fields)
    rows = _listed(catalogue.reader(tmp_path))
    assert len(rows) == (1 if listed else 0), why


def _listed(reader: Reader, names: tuple[str, ...] = (), **filters: Any) -> list[dict[str, Any]]:
    table = effects(reader, names, **filters)
    assert (table.columns, table.layout) == (EFFECT_COLUMNS, EFFECT_LAYOUT)
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


@pytest.fixture(scope="module")
def catalogue_reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """Two agents and the procedure, each with studies on several routes and grades."""
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-b")
    catalogue.ingredient("agent-a")
    catalogue.alias("agent-a", "Alpha")
    catalogue.evidence("agent-b", "b topical rct", route="topical")
    catalogue.evidence("agent-a", "a topical review", route="topical", level="systematic-review")
    catalogue.evidence("agent-a", "a oral rct", route="oral", condition="alopecia-areata")
    catalogue.evidence("agent-b", "b injected rct", outcome="hair-density")
    catalogue.evidence("agent-a", "a injected rct", sex="female")
    catalogue.evidence(
        "agent-a",
        "a injected review",
        level="systematic-review",
        effect_value=7.9,
        effect_ci_low=7.14,
        effect_ci_high=8.66,
        effect_p=0.001,
        outcome="terminal-hair-count",
        manufacturer_sponsored=True,
        other_compound=True,
        **DIFFERENCE,
    )
    catalogue.evidence("mesotherapy", "procedure rct")
    return catalogue.reader(tmp_path_factory.mktemp("effects"))


def _order(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(row["ingredient"], row["route"], row["grade"]) for row in rows]


def test_rows_come_by_route_then_procedure_first_then_slug_then_strongest_grade(
    catalogue_reader: Reader,
) -> None:
    assert _order(_listed(catalogue_reader)) == [
        ("mesotherapy", "intradermal", "rct"),
        ("agent-a", "intradermal", "systematic-review"),
        ("agent-a", "intradermal", "rct"),
        ("agent-b", "intradermal", "rct"),
        ("agent-a", "topical", "systematic-review"),
        ("agent-b", "topical", "rct"),
        ("agent-a", "oral", "rct"),
    ]


# The rows of the catalogue above, by (ingredient, route, grade).
PROCEDURE = ("mesotherapy", "intradermal", "rct")
A_INJECTED_REVIEW = ("agent-a", "intradermal", "systematic-review")
A_TOPICAL_REVIEW = ("agent-a", "topical", "systematic-review")
A_ORAL = ("agent-a", "oral", "rct")
B_INJECTED = ("agent-b", "intradermal", "rct")
B_TOPICAL = ("agent-b", "topical", "rct")

FILTERS: list[tuple[str, tuple[str, ...], dict[str, Any], list[tuple[str, str, str]]]] = [
    ("by route", (), {"route": "topical"}, [A_TOPICAL_REVIEW, B_TOPICAL]),
    ("by route, typed loosely", (), {"route": " Oral "}, [A_ORAL]),
    ("by condition", (), {"condition": "alopecia-areata"}, [A_ORAL]),
    ("by condition 'any'", ("agent-b",), {"condition": "any"}, [B_INJECTED, B_TOPICAL]),
    ("by outcome", (), {"outcome": "Hair-Density"}, [B_INJECTED]),
    ("by name", ("agent-b",), {}, [B_INJECTED, B_TOPICAL]),
    ("by alias", ("alpha",), {"route": "oral"}, [A_ORAL]),
    ("the procedure by name", ("mesotherapy",), {}, [PROCEDURE]),
    ("two names", ("agent-b", "mesotherapy"), {"route": "intradermal"}, [PROCEDURE, B_INJECTED]),
    ("filters together", ("agent-a",), {"outcome": "terminal-hair-count"}, [A_INJECTED_REVIEW]),
]


@pytest.mark.parametrize(("why", "names", "filters", "expected"), FILTERS, ids=[row[0] for row in FILTERS])
def test_each_filter_keeps_only_its_rows(
    catalogue_reader: Reader,
    why: str,
    names: tuple[str, ...],
    filters: dict[str, Any],
    expected: list[tuple[str, str, str]],
) -> None:
    assert _order(_listed(catalogue_reader, names, **filters)) == expected, why


def test_a_row_carries_the_study_its_numbers_and_its_flags(catalogue_reader: Reader) -> None:
    review = _listed(catalogue_reader, ("agent-a",), outcome="terminal-hair-count")[0]
    assert review["effect"] == "+7.9 hairs/cm2 (95% CI 7.14 to 8.66; p 0.001) vs comparator"
    assert (review["effect_value"], review["effect_ci_low"], review["effect_ci_high"]) == (7.9, 7.14, 8.66)
    assert (review["effect_unit"], review["effect_kind"], review["effect_p"]) == (
        "hairs/cm2",
        "difference-vs-comparator",
        0.001,
    )
    assert review["maker_sponsored"] is True
    assert review["other_compound"] is True
    assert (review["condition"], review["sex"], review["comparator"]) == (
        "androgenetic-alopecia",
        "both",
        "placebo",
    )
    assert review["source"].startswith("source-")
    female = _listed(catalogue_reader, ("agent-a",), route="intradermal")[1]
    assert (female["sex"], female["effect"], female["maker_sponsored"], female["other_compound"]) == (
        "female",
        None,
        False,
        False,
    )


def test_the_flag_columns_are_named_so_text_formats_write_true_or_false(catalogue_reader: Reader) -> None:
    assert effects(catalogue_reader).boolean_columns == {"maker_sponsored", "other_compound"}


BAD_FILTERS: list[tuple[dict[str, Any], str]] = [
    ({"route": "nasal"}, "unknown route 'nasal'"),
    ({"condition": "baldness"}, "unknown condition 'baldness'"),
    ({"outcome": "shine"}, "unknown outcome 'shine'; choose from: terminal-hair-count, "),
]


@pytest.mark.parametrize(("filters", "message"), BAD_FILTERS)
def test_an_unknown_filter_value_is_refused_with_the_choices(
    catalogue_reader: Reader, filters: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError) as refused:
        effects(catalogue_reader, **filters)
    assert str(refused.value).startswith(message)


def test_an_unknown_name_is_refused(catalogue_reader: Reader) -> None:
    with pytest.raises(NotFoundError, match="no ingredient named 'agent-z'"):
        effects(catalogue_reader, ("agent-z",))
