"""Specification: how the site shows a statement's kind or route outside the vocabulary
(site/unknown_values.py): as unknown, in its own section or group, with a notice
naming what is unknown; a section holding only known values has no notice."""

from __future__ import annotations

from typing import Any

import pytest

from ingredients.site.unknown_values import (
    UNKNOWN_KIND_SECTION,
    route_warning,
    unknown_kind_section,
    unknown_route_groups,
)


def _view(kind: str = "safety", route: str = "any", text: str = "A statement.") -> dict[str, Any]:
    return {"kind": kind, "route": route, "text": text}


# (what the section holds, its statements' routes, the notice's subject or None).
ROUTE_NOTICES: list[tuple[str, list[str], str | None]] = [
    ("no statement", [], None),
    ("known routes only", ["any", "intradermal", "oral"], None),
    ("one unknown among known", ["any", "unknown route 'ear'"], "a route"),
    ("unknown only", ["unknown route 'ear'"], "a route"),
]


@pytest.mark.parametrize(
    ("routes", "subject"), [row[1:] for row in ROUTE_NOTICES], ids=[row[0] for row in ROUTE_NOTICES]
)
def test_a_section_has_a_notice_when_a_route_is_unknown(routes: list[str], subject: str | None) -> None:
    notice = route_warning([_view(route=route) for route in routes])
    if subject is None:
        assert notice is None
    else:
        assert notice is not None and f"stored {subject} outside" in notice and "db check" in notice


def test_statements_of_known_kinds_make_no_section() -> None:
    assert unknown_kind_section([_view("evidence"), _view("purpose"), _view("regulatory")]) is None


def test_statements_of_an_unknown_kind_get_their_own_section() -> None:
    known, stray = _view("safety", text="Known."), _view("rumour", text="Stray.")
    section = unknown_kind_section([known, stray])
    assert section == {
        "kind": UNKNOWN_KIND_SECTION,
        "heading": "Statements of an unknown kind",
        "statements": [stray],
        "warning": section["warning"] if section else None,
    }
    assert section is not None and "stored a statement kind outside" in section["warning"]
    assert stray["route"] == "unknown kind 'rumour', any"
    assert known["route"] == "any"


def test_evidence_on_an_unknown_route_is_grouped_under_it_with_a_notice() -> None:
    known = ["intradermal", "oral"]
    views = [_view("evidence", "oral"), _view("evidence", "unknown route 'nasal'", "Nasal.")]
    groups = unknown_route_groups(views, known)
    assert [(g["route"], g["caption"], [v["text"] for v in g["statements"]]) for g in groups] == [
        ("unknown route 'nasal'", "unknown route 'nasal'", ["Nasal."])
    ]
    assert "stored a route outside" in groups[0]["warning"]
    assert unknown_route_groups([_view("evidence", "oral")], known) == []
