"""What the CosIng entries of a checked list say: a substance the EU prohibits in cosmetic
products (its entry names Annex II), on any route, since a label is the product's own."""

from __future__ import annotations

from collections.abc import Sequence

from ingredients.check.flags import FLAG_KINDS
from ingredients.read.cosing import CosmeticIngredient, annexes_named

PROHIBITED_KIND = "prohibited-in-cosmetics-eu"
# The annex of the EU cosmetics regulation that lists prohibited substances.
PROHIBITING_ANNEX = "II"


def cosmetic_findings(
    items: Sequence[tuple[int, str, tuple[CosmeticIngredient, ...]]],
) -> list[tuple[int, tuple[str, str, tuple[str, ...], str, str | None]]]:
    """(position, (severity, kind, names, sentence, source)) for the items (position, name as
    written, its CosIng entries) whose entry names Annex II: one finding an item."""
    severity = FLAG_KINDS[PROHIBITED_KIND][0]
    found: list[tuple[int, tuple[str, str, tuple[str, ...], str, str | None]]] = []
    for position, given, entries in items:
        prohibited = [entry for entry in entries if PROHIBITING_ANNEX in annexes_named(entry.restriction)]
        if prohibited:
            entry = prohibited[0]
            sentence = (
                f"{given!r} is {entry.inci_name}, whose CosIng entry names Annex II "
                f"({entry.restriction}): a substance prohibited in cosmetic products in the EU."
            )
            found.append((position, (severity, PROHIBITED_KIND, (entry.inci_name,), sentence, entry.source)))
    return found
