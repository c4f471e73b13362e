"""Statements holding a kind or route outside the vocabulary, on the site: shown as unknown,
with a notice, never left out.

Another client can store such a value with the schema's checks switched off (see
docs/integrity.md); `db check` lists each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ingredients.core.vocabulary import ROUTES, STATEMENT_KINDS, unknown_value

# The section of statements whose kind the vocabulary does not know.
UNKNOWN_KIND_SECTION = "unknown-kind"
UNKNOWN_WARNING = (
    "Another program stored {what} outside this catalogue's vocabulary; it is shown as unknown. "
    "'ingredients db check' lists every such value."
)


def known_or_unknown(value: Any, vocabulary: Iterable[str], what: str) -> Any:
    return value if value is None or value in vocabulary else unknown_value(what, value)


def route_warning(of_kind: list[dict[str, Any]]) -> str | None:
    """The notice for a section holding a statement whose route is unknown, or None."""
    return (
        None if all(view["route"] in ROUTES for view in of_kind) else UNKNOWN_WARNING.format(what="a route")
    )


def unknown_kind_section(views: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A section of the statements whose kind is unknown, each marked so; None when none is."""
    strays = [view for view in views if view["kind"] not in STATEMENT_KINDS]
    if not strays:
        return None
    for view in strays:
        view["route"] = f"{unknown_value('kind', view['kind'])}, {view['route']}"
    return {
        "kind": UNKNOWN_KIND_SECTION,
        "heading": "Statements of an unknown kind",
        "statements": strays,
        "warning": UNKNOWN_WARNING.format(what="a statement kind"),
    }


def unknown_route_groups(of_kind: list[dict[str, Any]], known: list[str]) -> list[dict[str, Any]]:
    """Evidence groups for each route outside ``known``, shown as unknown and with a notice."""
    unknown = sorted({str(view["route"]) for view in of_kind if view["route"] not in known})
    return [
        {
            "route": route,
            "caption": route,
            "statements": [view for view in of_kind if view["route"] == route],
            "warning": UNKNOWN_WARNING.format(what="a route"),
        }
        for route in unknown
    ]
