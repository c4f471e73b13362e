"""Your own avoid-list: names, classes or flag names a check reports whenever an item hits one.

One entry a line; blank lines and lines starting with # are skipped. An entry
hits an item when it names the item's ingredient (its name, slug or the item's own
text, or any name the catalogue resolves to the same ingredient: an alias or trade
name on either side), its class, or one of its regulators' flags on the route (a
word of a flag's name will do, so `pregnancy` hits `handling-hazard-pregnancy`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ingredients.check.check_report import CheckedItem, CheckReport, Finding
from ingredients.check.formulation_check import in_report_order
from ingredients.core.identifiers import lookup_key
from ingredients.read.name_matching import NameMatcher
from ingredients.store.reader import Reader


@dataclass(frozen=True)
class AvoidList:
    entries: tuple[str, ...]


def read_avoid_list(lines: Iterable[str]) -> AvoidList:
    entries = (line.strip() for line in lines)
    return AvoidList(tuple(entry for entry in entries if entry and not entry.startswith("#")))


def _reason(item: CheckedItem, entry: str, names: int | None) -> str | None:
    """Why ``entry`` hits ``item``, or None; ``names`` is the ingredient the entry names, if any."""
    key, word = lookup_key(entry), entry.strip().lower()
    spellings = {lookup_key(name) for name in (item.name, item.match.slug, item.item.name) if name}
    if (key and key in spellings) or (names is not None and names == item.match.ingredient_id):
        return "its name"
    if item.ingredient_class and word == item.ingredient_class:
        return "its class"
    for flag in item.flags:
        if word == flag.kind or word in flag.kind.split("-"):
            return f"the regulators' flag {flag.kind}"
    return None


def _named_ingredients(reader: Reader, avoid: AvoidList) -> dict[str, int | None]:
    """The ingredient each entry names, as every command resolves names (None: none)."""
    matcher = NameMatcher(reader)
    named: dict[str, int | None] = {}
    for entry in avoid.entries:
        match = matcher.exact(entry)
        named[entry] = match.ingredient_id if match is not None else None
    return named


def avoid_findings(
    items: Iterable[CheckedItem], avoid: AvoidList, named: dict[str, int | None]
) -> list[tuple[int, Finding]]:
    found = []
    for item in items:
        for entry in avoid.entries:
            reason = _reason(item, entry, named.get(entry))
            if reason is not None:
                who = item.name or item.item.name
                found.append(
                    (
                        item.item.position,
                        Finding(
                            "serious",
                            "on-avoid-list",
                            (item.match.slug or item.item.name,),
                            f"{who} is on your avoid-list: {entry!r} matches {reason}.",
                        ),
                    )
                )
    return found


def apply_avoid_list(reader: Reader, report: CheckReport, avoid: AvoidList) -> CheckReport:
    """The report with a finding for every item that hits the list, in report order."""
    hits = avoid_findings(report.items, avoid, _named_ingredients(reader, avoid))
    if not hits:
        return report
    # The report's own findings are in order already; a stable sort keeps them so.
    earlier = [(0, finding) for finding in report.findings]
    return replace(report, findings=in_report_order([*hits, *earlier]))
