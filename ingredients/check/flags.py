"""Regulators' flags per ingredient: a small controlled vocabulary, kept in seed_data/flags.toml.

A flag restates one of the ingredient's own regulatory or safety statements in a
form a check can act on (a suspended medicine, a substance banned from
cosmetics, a prescription-only medicine). The file is data shipped with the
package, not a table: flags need no schema change, and tests tie every flag to
a statement of the seed data that cites the same source.
"""

from __future__ import annotations

import functools
import tomllib
from typing import NamedTuple

from ingredients.core.errors import DataFileError

# Each kind with its severity in a check and what it means.
FLAG_KINDS: dict[str, tuple[str, str]] = {
    "suspended-eu": ("serious", "every medicine of it was suspended or withdrawn in the EU"),
    "prohibited-in-cosmetics-eu": ("warning", "banned from cosmetic products in the EU (Annex II)"),
    "unapproved-biologic": (
        "warning",
        "no product of its kind is approved; an injected one is an unapproved drug or biological product",
    ),
    "handling-hazard-pregnancy": ("warning", "pregnant women must not touch it (harm to a fetus)"),
    "warning-pregnancy": ("warning", "its label warns against use in pregnancy or while breast-feeding"),
    "prescription-only": ("info", "a prescription-only medicine where it is authorised"),
    "systemic-exposure": ("info", "on this route it reaches the body's circulation"),
}
# The kind that records a route's systemic exposure: a pregnancy flag applies on that route too.
SYSTEMIC = "systemic-exposure"


class Flag(NamedTuple):
    ingredient: str
    kind: str
    source: str
    text: str
    # The checked routes the flag concerns; empty: every route.
    routes: tuple[str, ...] = ()

    @property
    def severity(self) -> str:
        return FLAG_KINDS[self.kind][0]

    def applies_to(self, route: str) -> bool:
        return not self.routes or route in self.routes


def parse_flags(text: str, where: str = "flags.toml") -> dict[str, list[Flag]]:
    """Flags by ingredient slug, validated against the flag vocabulary."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{where}: {exc}") from None
    flags: dict[str, list[Flag]] = {}
    for slug, records in data.items():
        if not isinstance(records, list):
            raise DataFileError(f"{where}: {slug}: expected a list of flags ([[{slug}]])")
        for number, record in enumerate(records, 1):
            place = f"{where}: {slug} flag {number}"
            unknown = set(record) - {"flag", "source", "text", "routes"}
            if unknown:
                raise DataFileError(f"{place}: unknown field {sorted(unknown)[0]!r}")
            kind = record.get("flag")
            if kind not in FLAG_KINDS:
                raise DataFileError(
                    f"{place}: unknown flag {kind!r}; expected one of: {', '.join(FLAG_KINDS)}"
                )
            for field in ("source", "text"):
                if not isinstance(record.get(field), str) or not record[field].strip():
                    raise DataFileError(f"{place}: {field} is missing")
            routes = record.get("routes", [])
            if not isinstance(routes, list) or not all(isinstance(route, str) for route in routes):
                raise DataFileError(f"{place}: routes must be a list of routes")
            flags.setdefault(slug, []).append(
                Flag(slug, kind, record["source"], " ".join(record["text"].split()), tuple(routes))
            )
    return flags


def flags_on_route(flags: list[Flag], route: str) -> list[Flag]:
    """An ingredient's flags that concern ``route``: those of the route, and any about pregnancy
    where the catalogue records that the route reaches the body's circulation."""
    systemic = {flagged for flag in flags if flag.kind == SYSTEMIC for flagged in flag.routes}
    return [
        flag for flag in flags if flag.applies_to(route) or ("pregnancy" in flag.kind and route in systemic)
    ]


@functools.cache
def shipped_flags() -> dict[str, list[Flag]]:
    """The flags shipped in seed_data/flags.toml."""
    import seed_data

    return parse_flags(seed_data.flags_file().read_text(encoding="utf-8"))
