"""Which ingredient a name as written means: exact first, then typo-tolerant, never silently.

Exact matching compares names the way `show` does (ingredients.identifiers.lookup_key:
case, spaces and hyphens ignored), and also ignores accents: a slug, the name,
an alias, the INCI name or the CAS number. Failing that, a name close enough to
one of those (rapidfuzz's ratio, 0-100) is taken with its confidence shown; a
weaker or ambiguous one is reported unmatched with up to three suggestions.
Common vehicles (water, saline...) are recognised as such and not matched.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .identifiers import lookup_key
from .reader import Reader

# At or above this, a near name is taken (with its score shown); below it, only suggested.
FUZZY_THRESHOLD = 85
SUGGESTION_THRESHOLD = 60
# Two different ingredients scoring within this many points of each other: too close to choose.
AMBIGUITY_MARGIN = 3
MAX_SUGGESTIONS = 3

# How an exact match was made, most telling first: when a text equals both an
# ingredient's name and its slug, it is reported as the name.
EXACT_WAYS = ("name", "alias", "INCI name", "CAS RN", "slug")

# Carriers and diluents: not active ingredients, so neither matched nor unmatched.
VEHICLES = frozenset({
    "water", "aqua", "eau", "purifiedwater", "sterilewater", "waterforinjection", "waterforinjections",
    "bacteriostaticwater", "aquapurificata", "aquadestillata", "distilledwater",
    "saline", "normalsaline", "physiologicalsaline", "sterilesaline", "isotonicsaline",
    "sodiumchloride", "sodiumchloridesolution", "nacl", "ringerslactate", "ringerlactate",
    "lactatedringers", "ringerssolution",
    "ethanol", "alcohol", "alcoholdenat", "propyleneglycol", "glycerin", "glycerol",
})

_BRACKETED = re.compile(r"\(([^()]*)\)")


def fold(text: str) -> str:
    """The lookup key with accents removed as well: 'Dexpanthénol' and 'dexpanthenol' are one."""
    decomposed = unicodedata.normalize("NFKD", lookup_key(text))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


class Match(NamedTuple):
    """What a name as written was taken to mean, and how."""

    # name, alias, INCI name, CAS RN, slug, fuzzy, formulation, vehicle or unmatched
    way: str
    ingredient_id: int | None = None
    slug: str | None = None
    # The catalogue name the text matched (the alias, INCI name... itself).
    matched_on: str | None = None
    # 100 for an exact match; the similarity for a fuzzy one.
    confidence: int | None = None
    suggestions: tuple[str, ...] = ()
    note: str | None = None

    @property
    def matched(self) -> bool:
        return self.ingredient_id is not None

    @property
    def label(self) -> str:
        """'alias', 'fuzzy 92%': how it matched, in a few words."""
        if self.way == "fuzzy":
            return f"fuzzy {self.confidence}%"
        return self.way


_EXACT_SQL = """
SELECT i.id, i.slug, 'name', i.name FROM ingredient i WHERE i.name_key = :key
UNION ALL
SELECT a.ingredient_id, i.slug, 'alias', a.name FROM alias a JOIN ingredient i ON i.id = a.ingredient_id
WHERE a.name_key = :key
UNION ALL
SELECT i.id, i.slug, 'CAS RN', i.cas_number FROM ingredient i WHERE i.cas_key = :key
UNION ALL
SELECT i.id, i.slug, 'slug', i.slug FROM ingredient i WHERE i.slug = :slug
"""

_ALL_NAMES_SQL = """
SELECT i.id, i.slug, 'name', i.name FROM ingredient i
UNION ALL
SELECT i.id, i.slug, 'INCI name', i.inci_name FROM ingredient i WHERE i.inci_name IS NOT NULL
UNION ALL
SELECT i.id, i.slug, 'CAS RN', i.cas_number FROM ingredient i WHERE i.cas_number IS NOT NULL
UNION ALL
SELECT i.id, i.slug, 'slug', i.slug FROM ingredient i
UNION ALL
SELECT a.ingredient_id, i.slug, 'alias', a.name FROM alias a JOIN ingredient i ON i.id = a.ingredient_id
"""

Candidate = tuple[int, str, str, str]  # ingredient id, slug, way, the name itself


def _best_exact(candidates: list[Candidate]) -> Candidate | None:
    """The most telling of the exact candidates, if they all name one ingredient."""
    if not candidates or len({c[0] for c in candidates}) != 1:
        return None
    return min(candidates, key=lambda c: EXACT_WAYS.index(c[2]))


class NameMatcher:
    """Matches names against one catalogue. Indexed names are read only when a name is not
    found by the indexed exact lookup, so a list of exact names costs one query each."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._by_key: dict[str, list[Candidate]] | None = None

    def _all_names(self) -> dict[str, list[Candidate]]:
        if self._by_key is None:
            self._by_key = {}
            for ingredient_id, slug, way, name in self._reader.execute(_ALL_NAMES_SQL).rows:
                key = fold(name)
                if key:
                    self._by_key.setdefault(key, []).append((int(ingredient_id), slug, way, name))
        return self._by_key

    def _exact(self, text: str) -> Candidate | None:
        key = lookup_key(text)
        if not key:
            return None
        rows = self._reader.execute(_EXACT_SQL, {"key": key, "slug": text.strip().lower()}).rows
        found = _best_exact([(int(r[0]), r[1], r[2], r[3]) for r in rows])
        if found is not None:
            return found
        # Accents, and INCI names, which have no indexed key: the full list.
        return _best_exact(self._all_names().get(fold(text), []))

    def _exact_match(self, found: Candidate) -> Match:
        return Match(found[2], found[0], found[1], found[3], 100)

    def match(self, name: str) -> Match:
        """What ``name`` means: an ingredient (exactly or fuzzily), a vehicle, or nothing."""
        variants = _variants(name)
        for variant in variants:
            found = self._exact(variant)
            if found is not None:
                return self._exact_match(found)
        if any(fold(variant) in VEHICLES for variant in variants):
            return Match("vehicle", note="vehicle or diluent: not an active ingredient")
        return self._fuzzy(variants[0] if len(variants) == 1 else variants[1])

    def _fuzzy(self, text: str) -> Match:
        from rapidfuzz import fuzz, process

        key = fold(text)
        by_key = self._all_names()
        if not key:
            return Match("unmatched", note="no letters or digits to match")
        scored = process.extract(key, list(by_key), scorer=fuzz.ratio, limit=20,
                                 score_cutoff=SUGGESTION_THRESHOLD)
        # The best score per ingredient, with the name that earned it.
        best: dict[int, tuple[float, Candidate]] = {}
        for choice, score, _ in scored:
            for candidate in by_key[choice]:
                if candidate[0] not in best or score > best[candidate[0]][0]:
                    best[candidate[0]] = (score, candidate)
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], pair[1][1]))
        suggestions = tuple(
            f"{candidate[3]} ({candidate[1]}, {round(score)}%)"
            for score, candidate in ranked[:MAX_SUGGESTIONS]
        )
        if ranked and ranked[0][0] >= FUZZY_THRESHOLD:
            score, candidate = ranked[0]
            close_second = len(ranked) > 1 and ranked[0][0] - ranked[1][0] < AMBIGUITY_MARGIN
            if not close_second:
                return Match("fuzzy", candidate[0], candidate[1], candidate[3], round(score))
            return Match("unmatched", suggestions=suggestions,
                         note="close to more than one ingredient; write the name in full")
        return Match("unmatched", suggestions=suggestions)


def _variants(name: str) -> list[str]:
    """The name as written, then without its bracketed parts, then each bracketed part:
    'Aqua (Water)' is tried as itself, as 'Aqua' and as 'Water'."""
    variants = [name]
    outside = " ".join(_BRACKETED.sub(" ", name).split())
    if outside and outside != name:
        variants.append(outside)
    variants += [inside.strip() for inside in _BRACKETED.findall(name) if inside.strip()]
    return variants
