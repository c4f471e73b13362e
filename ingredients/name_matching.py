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
    return fold_key(lookup_key(text))


def fold_key(key: str) -> str:
    """A lookup key with its accents removed."""
    if key.isascii():
        return key
    decomposed = unicodedata.normalize("NFKD", key)
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

# Names and aliases whose stored key is of a length in [lo, hi], with those keys, and every
# INCI name (they have no stored key, and are few). Bounding the length keeps a large
# catalogue from being read whole: a name far shorter or longer cannot be similar enough.
_NAMES_OF_LENGTH_SQL = """
SELECT i.id, i.slug, 'name', i.name, i.name_key FROM ingredient i
WHERE length(i.name_key) BETWEEN :lo AND :hi
UNION ALL
SELECT a.ingredient_id, i.slug, 'alias', a.name, a.name_key
FROM alias a JOIN ingredient i ON i.id = a.ingredient_id
WHERE length(a.name_key) BETWEEN :lo AND :hi
UNION ALL
SELECT i.id, i.slug, 'INCI name', i.inci_name, NULL FROM ingredient i WHERE i.inci_name IS NOT NULL
"""

Candidate = tuple[int, str, str, str]  # ingredient id, slug, way, the name itself


def _best_exact(candidates: list[Candidate]) -> Candidate | None:
    """The most telling of the exact candidates, if they all name one ingredient."""
    if not candidates or len({c[0] for c in candidates}) != 1:
        return None
    return min(candidates, key=lambda c: EXACT_WAYS.index(c[2]))


class NameMatcher:
    """Matches names against one catalogue: an indexed exact lookup first, then, only for
    names it misses, the stored names of a plausible length."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader

    def _names_of_length(self, lo: int, hi: int) -> tuple[list[Candidate], list[str]]:
        """Candidates with a stored key of length lo..hi (and INCI names), and their folded keys."""
        candidates: list[Candidate] = []
        keys: list[str] = []
        for ingredient_id, slug, way, name, stored_key in self._reader.execute(
            _NAMES_OF_LENGTH_SQL, {"lo": lo, "hi": hi}
        ).rows:
            key = fold_key(stored_key) if stored_key is not None else fold(name)
            if key:
                candidates.append((int(ingredient_id), slug, way, name))
                keys.append(key)
        return candidates, keys

    def _exact(self, text: str) -> Candidate | None:
        key = lookup_key(text)
        if not key:
            return None
        rows = self._reader.execute(_EXACT_SQL, {"key": key, "slug": text.strip().lower()}).rows
        found = _best_exact([(int(r[0]), r[1], r[2], r[3]) for r in rows])
        if found is not None:
            return found
        # Accents on either side, and INCI names, which have no stored key. Stored keys are
        # composed (NFKC), so removing an accent leaves a key as long as it was.
        target = fold(text)
        candidates, keys = self._names_of_length(len(target), len(target))
        return _best_exact([c for c, k in zip(candidates, keys, strict=True) if k == target])

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
        if not key:
            return Match("unmatched", note="no letters or digits to match")
        # The ratio is 2 * common / (both lengths), so a name scoring at least the suggestion
        # threshold t has a length within [n * t / (2 - t), n * (2 - t) / t].
        share = SUGGESTION_THRESHOLD / 100
        lo = int(len(key) * share / (2 - share))
        hi = int(len(key) * (2 - share) / share) + 1
        candidates, keys = self._names_of_length(lo, hi)
        scored = process.extract(key, keys, scorer=fuzz.ratio, limit=50, score_cutoff=SUGGESTION_THRESHOLD)
        # The best score per ingredient, with the name that earned it.
        best: dict[int, tuple[float, Candidate]] = {}
        for _, score, index in scored:
            candidate = candidates[index]
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
