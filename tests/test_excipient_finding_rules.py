"""What a checked list's excipients say (ingredients.check.excipient_findings), by table.

The rules, each pinned at its boundaries: on a route that is not injected an excipient
says nothing; injected, an excipient recorded as not injectable is a warning at its own
position, with the recorded basis (or 'by its nature') and the source of that judgement;
excipients no approved injectable was found to contain make one note at the first of
them; and the list reads topical when a propellant is on it or when at least half of its
excipients are emollients, surfactants, perfume and the like.
"""

from __future__ import annotations

from typing import Any

import pytest

from ingredients.check.excipient_findings import INJECTED_ROUTES, excipient_findings
from ingredients.core.vocabulary import EXCIPIENT_CATEGORIES
from ingredients.read.name_matching import Excipient


def excipient(category: str = "solvent", injectable: str = "yes", **fields: Any) -> Excipient:
    values = {
        "slug": category,
        "inci_name": category.upper(),
        "category": category,
        "injectable": injectable,
        "injectable_basis": None,
        "source": "row-source",
        "injectable_source": None,
        **fields,
    }
    return Excipient(**values)


def listed(*excipients: Excipient) -> list[tuple[int, str, Excipient]]:
    """The excipients at positions 1, 2, ... under the names 'e1', 'e2', ..."""
    return [(n, f"e{n}", item) for n, item in enumerate(excipients, start=1)]


def test_the_injected_routes_are_the_two_that_inject() -> None:
    assert {"intradermal", "parenteral"} == INJECTED_ROUTES


@pytest.mark.parametrize("route", ["topical", "oral", "in-vitro", "any"])
def test_on_a_route_that_is_not_injected_excipients_say_nothing(route: str) -> None:
    items = listed(excipient("propellant", "no"), excipient("emollient", "unknown"))
    assert excipient_findings(items, 2, route) == []


NOT_INJECTABLE: list[tuple[str, Excipient, str, str]] = [
    (
        "with its basis and where that was read",
        excipient(
            "propellant", "no", injectable_basis="a gas under pressure", injectable_source="basis-source"
        ),
        "'e1' is PROPELLANT, a propellant: not for an injection (a gas under pressure).",
        "basis-source",
    ),
    (
        "without a recorded basis, from the row's own source",
        excipient("fragrance", "no"),
        "'e1' is FRAGRANCE, a fragrance: not for an injection (by its nature).",
        "row-source",
    ),
]


@pytest.mark.parametrize("route", sorted(INJECTED_ROUTES))
@pytest.mark.parametrize(
    ("why", "item", "sentence", "source"), NOT_INJECTABLE, ids=[row[0] for row in NOT_INJECTABLE]
)
def test_an_excipient_not_for_injection_is_a_warning_at_its_place(
    route: str, why: str, item: Excipient, sentence: str, source: str
) -> None:
    found = excipient_findings([(4, "e1", item)], 9, route)
    assert found[0] == (4, ("warning", "not-for-injection", (item.slug,), sentence, source)), why


@pytest.mark.parametrize(("injectable", "warned"), [("yes", False), ("unknown", False), ("no", True)])
def test_only_an_excipient_recorded_as_not_injectable_is_warned_of(injectable: str, warned: bool) -> None:
    found = excipient_findings(listed(excipient("solvent", injectable)), 1, "intradermal")
    assert any(kind == "not-for-injection" for _, (_, kind, *_) in found) == warned


UNTESTED: list[tuple[list[str], str, int]] = [
    (["unknown"], "'e1': no approved", 1),
    (["yes", "unknown", "unknown"], "'e2' and 'e3': no approved", 2),
    (["unknown", "yes", "unknown", "unknown"], "'e1', 'e3' and 'e4': no approved", 1),
]


@pytest.mark.parametrize(("injectables", "opening", "position"), UNTESTED)
def test_excipients_untested_in_injection_make_one_note_at_the_first(
    injectables: list[str], opening: str, position: int
) -> None:
    items = listed(*(excipient("solvent", injectable) for injectable in injectables))
    notes = [
        entry
        for entry in excipient_findings(items, len(items), "intradermal")
        if entry[1][1].endswith("untested-in-injection")
    ]
    assert len(notes) == 1
    at, (severity, kind, names, sentence, source) = notes[0]
    assert (at, severity, kind, names, source) == (
        position,
        "info",
        "excipient-untested-in-injection",
        (),
        "fda-inactive-ingredients-2024",
    )
    assert sentence.startswith(opening)
    assert sentence.endswith("found to contain them (FDA Inactive Ingredient Database).")


def test_no_untested_excipient_makes_no_note() -> None:
    assert excipient_findings(listed(excipient("solvent", "yes")), 1, "intradermal") == []


# (why, the excipients' categories, the list's length, reads topical?)
TOPICAL: list[tuple[str, list[str], int, bool]] = [
    ("half of the excipients topical", ["emollient", "solvent"], 2, True),
    ("just under half topical", ["emollient", "solvent", "buffer"], 3, False),
    ("a propellant, however few", ["propellant", "solvent", "solvent", "solvent"], 4, True),
    ("no topical excipient", ["solvent", "buffer"], 2, False),
    ("nothing at all", [], 3, False),
]  # fmt: skip


@pytest.mark.parametrize(("why", "categories", "total", "topical"), TOPICAL, ids=[row[0] for row in TOPICAL])
def test_a_list_reads_topical_by_the_written_rule(
    why: str, categories: list[str], total: int, topical: bool
) -> None:
    items = listed(*(excipient(category) for category in categories))
    kinds = [kind for _, (_, kind, *_) in excipient_findings(items, total, "intradermal")]
    assert ("reads-topical" in kinds) == topical, why


TOPICAL_CATEGORIES = ["emollient", "propellant", "fragrance", "surfactant", "emulsifier", "conditioning"]
TOPICAL_CATEGORIES += ["thickener", "colorant"]
OTHER_CATEGORIES = [category for category in EXCIPIENT_CATEGORIES if category not in TOPICAL_CATEGORIES]


def test_the_topical_categories_are_in_the_vocabulary() -> None:
    assert set(TOPICAL_CATEGORIES) < set(EXCIPIENT_CATEGORIES)


@pytest.mark.parametrize(
    ("category", "topical"),
    [(category, True) for category in TOPICAL_CATEGORIES]
    + [(category, False) for category in OTHER_CATEGORIES],
)
def test_each_topical_category_and_only_those_count(category: str, topical: bool) -> None:
    items = listed(excipient(category), excipient("solvent"))
    kinds = [kind for _, (_, kind, *_) in excipient_findings(items, 2, "intradermal")]
    assert ("reads-topical" in kinds) == topical


@pytest.mark.parametrize(
    ("count", "named"),
    [
        (1, "('e1')"),
        (3, "('e1', 'e2' and 'e3')"),
        (4, "('e1', 'e2' and 'e3' ...)"),
    ],
)
def test_the_topical_note_counts_and_names_at_most_three(count: int, named: str) -> None:
    items = listed(*(excipient("emollient") for _ in range(count)))
    found = excipient_findings(items, 12, "parenteral")
    assert found == [
        (
            0,
            (
                "info",
                "reads-topical",
                (),
                f"{count} of the 12 items {named} are emollients, propellants, perfume or the like: "
                "this reads like a topical product, and checking it on parenteral compares it with "
                "injection evidence.",
                None,
            ),
        )
    ]


def test_findings_come_in_the_order_warnings_note_topical() -> None:
    items = listed(excipient("propellant", "no"), excipient("emollient", "unknown"))
    kinds = [kind for _, (_, kind, *_) in excipient_findings(items, 2, "intradermal")]
    assert kinds == ["not-for-injection", "excipient-untested-in-injection", "reads-topical"]
