"""A named blend on a label ('Capixyl 2%'), read as the parts the catalogue records for it.

A trade-name blend is not one agent: its maker sells several substances under one name. When a
piece of a label names a stored formulation exactly (its slug, its name, or its name without the
bracketed words: 'Capixyl' for 'Capixyl (acetyl tetrapeptide-3 with red clover extract)') and no
agent or excipient, it stays a row of its own, read as the blend, and each recorded part follows
it as a row checked like any item. A part gets no strength: the blend's is not its parts'.
"""

from __future__ import annotations

import re
from typing import Any

from ingredients.check.mix_parsing import Item
from ingredients.read.formulations import components
from ingredients.read.name_matching import Match, NameMatcher, fold
from ingredients.store.reader import Reader

_FORMULATIONS_SQL = "SELECT slug, name FROM formulation ORDER BY slug"
_INGREDIENT_ID_SQL = "SELECT id FROM ingredient WHERE slug = :slug"
_BRACKETED = re.compile(r"\s*\([^()]*\)")


def component_match(reader: Reader, component: dict[str, Any], way: str = "stored link") -> Match | None:
    """The match a stored component's link gives; None when it is linked to no agent."""
    if not component["ingredient"]:
        return None
    ingredient_id = next(reader.execute(_INGREDIENT_ID_SQL, {"slug": component["ingredient"]}).rows)[0]
    return Match(way, int(ingredient_id), component["ingredient"], component["ingredient_name"], 100)


def _blends_by_name(reader: Reader) -> dict[str, tuple[str, str]]:
    """Each stored formulation (slug, name) by its slug, name and name without brackets, folded."""
    found: dict[str, tuple[str, str]] = {}
    for slug, name in reader.execute(_FORMULATIONS_SQL).rows:
        for written in (slug, name, _BRACKETED.sub("", name)):
            found.setdefault(fold(written), (slug, name))
    return found


def _parts(
    reader: Reader, matcher: NameMatcher, item: Item, slug: str, name: str
) -> list[tuple[Item, Match]]:
    recorded = components(reader, slug)
    listed = ", ".join(component["name"] for component in recorded)
    rows = [
        (item, Match("blend", matched_on=name, note=f"a named blend; its recorded parts follow: {listed}"))
    ]
    for component in recorded:
        part = Item(item.position, f"{item.name}: {component['name']}", component["name"])
        rows.append(
            (part, component_match(reader, component, "blend part") or matcher.match(component["name"]))
        )
    return rows


def with_blends_read(
    reader: Reader, matcher: NameMatcher, items: list[Item]
) -> tuple[list[Item], list[Match | None]]:
    """The items with each named blend followed by its parts, numbered again in order, and the
    matches already known (the blends' and their parts'; None for the rest)."""
    blends = None
    read: list[tuple[Item, Match | None]] = []
    for item in items:
        if matcher.exact(item.name) is None:
            blends = _blends_by_name(reader) if blends is None else blends
            found = blends.get(fold(item.name))
            if found is not None:
                read += _parts(reader, matcher, item, *found)
                continue
        read.append((item, None))
    return [item._replace(position=n) for n, (item, _) in enumerate(read, 1)], [match for _, match in read]
