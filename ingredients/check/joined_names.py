"""Actives joined into one item ('Minoxidil/Finasteride', 'Biotin & Caffeine'), read apart.

A slash, plus sign, ampersand or 'and' joins two substances on many labels, each perhaps with
its own strength ('Minoxidil 5% / Finasteride 0.3%'). The item is split when the whole is not
itself a known name and some part is: unless every part is known and all name one substance
('Aqua/Water/Eau' names water three ways). 'Caprylic/Capric Triglyceride' is one excipient and
stays whole; 'Minoxidil/Unknownium' is split, so that the unknown part is reported, not lost.
"""

from __future__ import annotations

import re

from ingredients.check.mix_parsing import Item, parse_item
from ingredients.read.name_matching import NameMatcher

# A slash inside a unit ('5 g/100g', 'mg/ml', 'w/v') joins nothing.
_JOINED = re.compile(
    r"\s*/\s*(?!(?:\d+(?:[.,]\d+)?\s*)?(?:ml|g|mg|kg|l|v|w)\b)|\s*\+\s*|\s*&\s*|\s+and\s+", re.IGNORECASE
)


def _parts(matcher: NameMatcher, item: Item) -> list[Item]:
    pieces = [piece for piece in _JOINED.split(item.given) if piece.strip()]
    if len(pieces) < 2 or matcher.exact(item.name, whole=True) is not None:
        return [item]
    parts = [parse_item(item.position, piece) for piece in pieces]
    matches = [matcher.match(part.name) for part in parts]
    known = [match for match in matches if match.way != "unmatched"]
    if not known:
        return [item]
    # Vehicles name no one substance ('Aqua', 'Water'): they count as none.
    named = {match.names for match in known} - {None}
    one_substance = len(known) == len(matches) and len(named) <= 1
    return [item] if one_substance else parts


def split_joined(matcher: NameMatcher, items: list[Item]) -> list[Item]:
    """The items with each joined one split into its substances, numbered again in order."""
    split = [part for item in items for part in _parts(matcher, item)]
    return [part._replace(position=position) for position, part in enumerate(split, 1)]
