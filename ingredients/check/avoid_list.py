"""Your own avoid-list: names, classes or flag names a check reports whenever an item hits one.

One entry a line; blank lines and lines starting with # are skipped. Every entry must
name something the catalogue knows, or the check stops and names the entries it cannot
read (a misspelt entry must never pass silently): an agent by its name, alias, trade name,
INCI name or CAS number; an excipient; an ingredient class or excipient category; or a
regulators' flag (a word of a flag's name will do, so `pregnancy` names
`handling-hazard-pregnancy`). An entry hits an item when it names the item's substance
(whichever of its names either side uses), its class, or one of its flags on the route.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ingredients.check.check_report import CheckedItem, CheckReport, Finding
from ingredients.check.flags import FLAG_KINDS
from ingredients.check.formulation_check import in_report_order
from ingredients.core.errors import UsageError
from ingredients.core.identifiers import lookup_key
from ingredients.core.vocabulary import EXCIPIENT_CATEGORIES, INGREDIENT_CLASSES
from ingredients.read.name_matching import NameMatcher
from ingredients.store.reader import Reader


@dataclass(frozen=True)
class AvoidList:
    entries: tuple[str, ...]


def read_avoid_list(lines: Iterable[str]) -> AvoidList:
    entries = (line.strip() for line in lines)
    return AvoidList(tuple(entry for entry in entries if entry and not entry.startswith("#")))


def _is_class(word: str) -> bool:
    return word in INGREDIENT_CLASSES or word in EXCIPIENT_CATEGORIES


def _flag_reason(word: str, kind: str) -> bool:
    return word == kind or word in kind.split("-")


def _reason(item: CheckedItem, entry: str, names: object) -> str | None:
    """Why ``entry`` hits ``item``, or None; ``names`` is the substance the entry names, if any."""
    key, word = lookup_key(entry), entry.strip().lower()
    spellings = {lookup_key(name) for name in (item.name, item.match.slug, item.item.name) if name}
    if (key and key in spellings) or (names is not None and names == item.match.names):
        return "its name"
    if item.ingredient_class and word == item.ingredient_class:
        return "its class"
    for flag in item.flags:
        if _flag_reason(word, flag.kind):
            return f"the regulators' flag {flag.kind}"
    return None


def _named_substances(reader: Reader, avoid: AvoidList) -> dict[str, object]:
    """The substance each entry names, as every command resolves names; an entry that names
    no substance, class or flag stops the check."""
    matcher = NameMatcher(reader)
    named: dict[str, object] = {}
    unreadable = []
    for entry in avoid.entries:
        match = matcher.exact(entry)
        named[entry] = match.names if match is not None else None
        word = entry.lower()
        if (
            named[entry] is None
            and not _is_class(word)
            and not any(_flag_reason(word, k) for k in FLAG_KINDS)
        ):
            unreadable.append(entry)
    if unreadable:
        raise UsageError(
            "the avoid-list names what the catalogue does not know, so it cannot be checked: "
            + ", ".join(repr(entry) for entry in unreadable)
            + " (write a name, alias, trade name, INCI name, class or flag)"
        )
    return named


def avoid_findings(
    items: Iterable[CheckedItem], avoid: AvoidList, named: dict[str, object]
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
    """The report with a finding for every item that hits the list, in report order; raises
    when an entry names nothing the catalogue knows."""
    hits = avoid_findings(report.items, avoid, _named_substances(reader, avoid))
    if not hits:
        return report
    # The report's own findings are in order already; a stable sort keeps them so.
    earlier = [(0, finding) for finding in report.findings]
    return replace(report, findings=in_report_order([*hits, *earlier]))
