"""Which ingredient a name as written means: exact first, then typo-tolerant, never silently.

Exact matching compares names the way `show` does (ingredients.core.identifiers.lookup_key:
case, spaces and hyphens ignored), and also ignores accents: a slug, the name,
an alias, the INCI name or the CAS number. Failing that, a name close enough to
one of those (rapidfuzz's ratio, 0-100) is taken with its confidence shown; a
weaker or ambiguous one is reported unmatched with up to three suggestions.
Common vehicles (water, saline...) are recognised as such and not matched. A salt or
hydrate written after a name ('Procaine hydrochloride') is matched as the name itself
when the catalogue holds no entry for the salt.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from ingredients.core.identifiers import lookup_key
from ingredients.read import cosing
from ingredients.read.name_kinds import SALT, SHORT_NAME, may_stand_for, reads_like
from ingredients.read.suggestions import MAX_SUGGESTIONS, SUGGESTION_FLOOR, closest, of_kind_only, similarity
from ingredients.read.vehicles import VEHICLES
from ingredients.store.reader import Reader

# At or above this, a near name is taken (with its score shown); below it, only suggested.
FUZZY_THRESHOLD = 85
SUGGESTION_THRESHOLD = SUGGESTION_FLOOR
# A near miss whose salt is shared with a stored name is taken only if the names without
# their salts score this much too ('Zync gluconate' yes, 'Procaine HCl' for pyridoxine no).
SALTED_BASE_THRESHOLD = 75
# Two different ingredients scoring within this many points of each other: too close to choose.
AMBIGUITY_MARGIN = 3
# A drug is suggested for a word closer to an excipient only if it scores this much higher.
EXCIPIENT_MARGIN = 15

# How an exact match was made, most telling first: when a text equals both an
# ingredient's name and its slug, it is reported as the name.
EXACT_WAYS = ("name", "alias", "INCI name", "CAS RN", "slug")

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


class Excipient(NamedTuple):
    """A substance on a label that is not an active ingredient, as the excipient table has it."""

    slug: str
    inci_name: str
    category: str
    injectable: str
    injectable_basis: str | None
    source: str
    # Where `injectable` was read, when not the row's own source.
    injectable_source: str | None


class Match(NamedTuple):
    """What a name as written was taken to mean, and how."""

    # name, alias, INCI name, CAS RN, slug, fuzzy, formulation, excipient, cosmetic, vehicle...
    way: str
    ingredient_id: int | None = None
    slug: str | None = None
    # The catalogue name the text matched (the alias, INCI name... itself).
    matched_on: str | None = None
    # 100 for an exact match; the similarity for a fuzzy one.
    confidence: int | None = None
    suggestions: tuple[str, ...] = ()
    note: str | None = None
    excipient: Excipient | None = None
    # The CosIng entries the name is (way 'cosmetic'); two where the inventory lists it twice.
    cosmetic: tuple[cosing.CosmeticIngredient, ...] = ()

    @property
    def matched(self) -> bool:
        return self.ingredient_id is not None

    @property
    def names(self) -> tuple[str, object] | None:
        """The substance matched (an ingredient or an excipient), so that two spellings of one
        count once; None for a vehicle or nothing."""
        if self.ingredient_id is not None:
            return ("ingredient", self.ingredient_id)
        if self.excipient is not None:
            return ("excipient", self.excipient.slug)
        if self.cosmetic:
            return ("cosmetic", self.cosmetic[0].cosing_ref)
        return None

    @property
    def described(self) -> str | None:
        """What a name not linked to an ingredient was read as, in a few words, as `check` reads
        it; None when it names nothing known."""
        if self.excipient is not None:
            return f"excipient: {self.excipient.inci_name} ({self.excipient.category})"
        if self.cosmetic:
            return cosing.described(self.cosmetic)
        if self.way == "vehicle":
            return self.note
        if self.matched:
            return f"{self.matched_on} [{self.slug}], {self.label}"
        return None

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

# Never inside a key: lookup_key removes all white space.
_KEY_SEPARATOR = "\n"

# INCI names have no stored key, and are few (a partial index holds the rows that have one).
_INCI_SQL = "SELECT id, slug, inci_name FROM ingredient WHERE inci_name IS NOT NULL"

# The names and aliases behind stored keys that came out of a comparison.
_BY_KEYS_SQL = """
SELECT i.id, i.slug, 'name', i.name, i.name_key FROM ingredient i WHERE i.name_key IN ({keys})
UNION ALL
SELECT a.ingredient_id, i.slug, 'alias', a.name, a.name_key
FROM alias a JOIN ingredient i ON i.id = a.ingredient_id WHERE a.name_key IN ({keys})
"""

Candidate = tuple[int, str, str, str]  # ingredient id, slug, way, the name itself


def _best_exact(candidates: list[Candidate]) -> Candidate | None:
    """The most telling of the exact candidates, if they all name one ingredient."""
    if not candidates or len({c[0] for c in candidates}) != 1:
        return None
    return min(candidates, key=lambda c: EXACT_WAYS.index(c[2]))


def _length_range(key: str) -> tuple[int, int]:
    """The key lengths a name needs to score at least the suggestion threshold against ``key``.

    The ratio is 2 * common / (both lengths), so a name scoring at least t has a
    length within [n * t / (2 - t), n * (2 - t) / t].
    """
    share = SUGGESTION_THRESHOLD / 100
    return int(len(key) * share / (2 - share)), int(len(key) * (2 - share) / share) + 1


class _StoredKeys:
    """Every stored name and alias key without accents, by length, read once per check.

    Read as one joined text per key length and table, along an index on (length,
    key): a few rows are read many times faster than a row per name, and a
    comparison looks only at the lengths that could score, splitting only those.
    This keeps a check quick on a catalogue of tens of thousands of names.
    """

    def __init__(self, reader: Reader) -> None:
        # Keys by length: a joined text until first needed, then its keys.
        self._by_length: dict[int, list[str | list[str]]] = {}
        # The stored form of each key that has accents, by its form without them.
        self.stored_forms: dict[str, list[str]] = {}
        for table in ("ingredient", "alias"):
            sql = (
                f"SELECT length(name_key), {reader.dialect.joined('name_key', ':separator')} "
                f"FROM {table} GROUP BY length(name_key)"
            )
            for length, text in reader.execute(sql, {"separator": _KEY_SEPARATOR}).rows:
                if text.isascii():
                    self._by_length.setdefault(int(length), []).append(text)
                    continue
                for key in text.split(_KEY_SEPARATOR):
                    folded = fold_key(key)
                    if folded != key:
                        self.stored_forms.setdefault(folded, []).append(key)
                    # Removing an accent may shorten a key: it is filed under its new length.
                    self._by_length.setdefault(len(folded), []).append([folded])

    def of_length(self, lo: int, hi: int) -> list[str]:
        """The keys whose length is within lo..hi."""
        found: list[str] = []
        for length, parts in self._by_length.items():
            if not lo <= length <= hi:
                continue
            for index, part in enumerate(parts):
                if isinstance(part, str):
                    parts[index] = part = part.split(_KEY_SEPARATOR)
                found += part
        return found


_EXCIPIENTS_SQL = """
SELECT e.slug, e.inci_name, e.category, e.injectable, e.injectable_basis, src.key, inj.key,
       e.synonyms, e.cas_number
FROM excipient e JOIN source src ON src.id = e.source_id
LEFT JOIN source inj ON inj.id = e.injectable_source_id ORDER BY e.slug
"""


def excipients_by_name(reader: Reader) -> dict[str, Excipient]:
    """Every excipient by each of its names (INCI name, synonyms, CAS number), folded.
    Excipients are a few hundred, so they are read whole, once per check."""
    by_name: dict[str, Excipient] = {}
    for row in reader.execute(_EXCIPIENTS_SQL).rows:
        excipient = Excipient(*row[:7])
        synonyms, cas = row[7], row[8]
        for name in (excipient.inci_name, *(synonyms or "").split(";"), cas or "", excipient.slug):
            if fold(name):
                by_name.setdefault(fold(name), excipient)
    return by_name


class NameMatcher:
    """Matches names against one catalogue: an indexed exact lookup first, then, only for
    names it misses, a comparison with the stored names of a plausible length, read once."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._inci: dict[str, list[Candidate]] | None = None
        self._loaded: _StoredKeys | None = None
        self._excipient_names: dict[str, Excipient] | None = None

    @property
    def excipients(self) -> dict[str, Excipient]:
        if self._excipient_names is None:
            self._excipient_names = excipients_by_name(self._reader)
        return self._excipient_names

    @property
    def _inci_names(self) -> dict[str, list[Candidate]]:
        """INCI names by their key without accents."""
        if self._inci is None:
            self._inci = {}
            for ingredient_id, slug, name in self._reader.execute(_INCI_SQL).rows:
                self._inci.setdefault(fold(name), []).append((int(ingredient_id), slug, "INCI name", name))
        return self._inci

    @property
    def _stored(self) -> _StoredKeys:
        if self._loaded is None:
            self._loaded = _StoredKeys(self._reader)
        return self._loaded

    def _candidates(self, keys: set[str]) -> list[tuple[str, Candidate]]:
        """The names, aliases and INCI names whose key without accents is one of ``keys``,
        each with that key."""
        found = [(key, candidate) for key in keys for candidate in self._inci_names.get(key, ())]
        stored = sorted({form for key in keys for form in (key, *self._stored.stored_forms.get(key, ()))})
        if stored:
            placeholders = ", ".join(f":k{n}" for n in range(len(stored)))
            rows = self._reader.execute(
                _BY_KEYS_SQL.format(keys=placeholders), {f"k{n}": key for n, key in enumerate(stored)}
            ).rows
            found += [
                (fold_key(key), (int(ingredient_id), slug, way, name))
                for ingredient_id, slug, way, name, key in rows
            ]
        return found

    def _lookup(self, key: str, slug: str) -> Candidate | None:
        rows = self._reader.execute(_EXACT_SQL, {"key": key, "slug": slug}).rows
        return _best_exact([(int(r[0]), r[1], r[2], r[3]) for r in rows])

    def _exact(self, text: str) -> Candidate | None:
        key = lookup_key(text)
        if not key:
            return None
        slug = text.strip().lower()
        found = self._lookup(key, slug)
        if found is not None:
            return found
        # Accents on either side, and INCI names, which have no stored key.
        target = fold(text)
        if target != key:
            found = self._lookup(target, slug)
            if found is not None:
                return found
        if target in self._inci_names or target in self._stored.stored_forms:
            return _best_exact([candidate for _, candidate in self._candidates({target})])
        return None

    def _exact_match(self, found: Candidate) -> Match:
        return Match(found[2], found[0], found[1], found[3], 100)

    def exact(self, name: str, whole: bool = False) -> Match | None:
        """What ``name`` names exactly: an ingredient (by name, alias, INCI name, CAS number or
        slug, in any case and with or without accents; a salt or hydrate as its drug), else an
        excipient; None when nothing does. Every command resolves names this way. ``whole``:
        the name between slashes is not tried part by part."""
        variants = _variants(name, whole)
        # 'Procaine hydrochloride' is procaine: tried as written first (the salt may be a
        # stored name), then without the salt.
        for variant in variants:
            found = self._exact(variant)
            if found is not None:
                return self._exact_match(found)
        for variant in variants:
            base = _without_salt(variant)
            found = self._exact(base) if base != variant else None
            if found is not None:
                return self._exact_match(found)._replace(
                    note=f"{variant[len(base) :].strip()!r} read as a salt or hydrate of {found[3]}"
                )
        for variant in variants:
            excipient = self.excipients.get(fold(variant))
            if excipient is not None:
                return Match(
                    "excipient",
                    matched_on=excipient.inci_name,
                    confidence=100,
                    note=f"excipient: {excipient.category}",
                    excipient=excipient,
                )
        return self._cosmetic(variants)

    def _cosmetic(self, variants: list[str]) -> Match | None:
        """The CosIng entries the name is, by exact key (see read/cosing.py); a vehicle stays one."""
        if any(fold(variant) in VEHICLES for variant in variants):
            return None
        if found := cosing.entries_named(self._reader, variants[0]):
            return Match("cosmetic", matched_on=found[0].inci_name, note=cosing.KIND, cosmetic=found)
        return None

    def match(self, name: str) -> Match:
        """What ``name`` means: an ingredient (exactly or fuzzily), an excipient, a vehicle, or nothing."""
        found = self.exact(name)
        if found is not None:
            return found
        variants = _variants(name)
        # Near misses are compared without the salt too: the shared 'hydrochloride' would
        # otherwise make two different drugs look alike.
        if any(fold(variant) in VEHICLES for variant in variants):
            return Match("vehicle", note="vehicle or diluent: not an active ingredient")
        return self._fuzzy_salted(variants[0] if len(variants) == 1 else variants[1])

    def _fuzzy_salted(self, text: str) -> Match:
        """A near miss of ``text``, compared without its salt first.

        With the salt left on, 'Procaine hydrochloride' scores 86 against 'Pyridoxine
        hydrochloride' on the shared salt alone. The name as written is still compared
        (a stored name may carry the salt, misspelt: 'Zync gluconate'), but its match is
        kept only if the two names are close without their salts too.
        """
        base = _without_salt(text)
        on_base = self._fuzzy(base)
        if base == text or on_base.matched:
            return on_base
        whole = self._fuzzy(text)
        if (
            whole.matched
            and whole.matched_on is not None
            and similarity(fold(base), fold(_without_salt(whole.matched_on))) >= SALTED_BASE_THRESHOLD
        ):
            return whole
        return on_base

    def _fuzzy(self, text: str) -> Match:
        key = fold(text)
        if not key:
            return Match("unmatched", note="no letters or digits to match")
        lo, hi = _length_range(key)
        compared = self._stored.of_length(lo, hi) + list(self._inci_names)
        score_of: dict[str, float] = {}
        for choice, score in closest(key, compared, limit=50):
            score_of[choice] = max(score, score_of.get(choice, 0.0))
        # The best score per ingredient, with the name that earned it.
        best: dict[int, tuple[float, Candidate]] = {}
        for compared_key, candidate in self._candidates(set(score_of)):
            score = score_of[compared_key]
            if candidate[0] not in best or score > best[candidate[0]][0]:
                best[candidate[0]] = (score, candidate)
        # A near name that changes a number, a plant part or a salt names another substance.
        ranked = sorted(
            (pair for pair in best.values() if may_stand_for(text, pair[1][3], offered=True)),
            key=lambda pair: (-pair[0], pair[1][1]),
        )
        kind = reads_like(text)
        # A stored agent's name begins with it ('triamcinolone'): the agent is offered, no excipient.
        begun = of_kind_only(self._reader, kind, self._agents_beginning_with(key))
        like_excipient = () if begun else self._like_excipient(text, ranked[0][0] if ranked else 0.0)
        if like_excipient:
            return Match(
                "unmatched",
                suggestions=like_excipient,
                note="reads like an excipient, so no active ingredient is suggested",
            )
        offered = begun + [pair for pair in of_kind_only(self._reader, kind, ranked) if pair not in begun]
        suggestions = tuple(
            f"{candidate[3]} ({candidate[1]}, {round(score)}%)"
            for score, candidate in offered[:MAX_SUGGESTIONS]
        )
        if ranked and ranked[0][0] >= FUZZY_THRESHOLD and may_stand_for(text, ranked[0][1][3]):
            score, candidate = ranked[0]
            close_second = len(ranked) > 1 and ranked[0][0] - ranked[1][0] < AMBIGUITY_MARGIN
            if not close_second:
                return Match("fuzzy", candidate[0], candidate[1], candidate[3], round(score))
            return Match(
                "unmatched",
                suggestions=suggestions,
                note="close to more than one ingredient; write the name in full",
            )
        return Match("unmatched", suggestions=suggestions)

    def _agents_beginning_with(self, key: str) -> list[tuple[float, Candidate]]:
        """The agents a name of which begins with ``key`` (five letters at least), shortest first."""
        if len(key) < SHORT_NAME:
            return []
        stored = {
            k for k in [*self._stored.of_length(len(key) + 1, 10**6), *self._inci_names] if k.startswith(key)
        }
        found = {candidate[0]: candidate for _, candidate in self._candidates(stored - {key})}
        ordered = sorted(found.values(), key=lambda candidate: (len(candidate[3]), candidate[1]))
        return [(similarity(key, fold(candidate[3])), candidate) for candidate in ordered]

    def _like_excipient(self, text: str, best_agent_score: float) -> tuple[str, ...]:
        """Excipients close to ``text``, when one is about as close as any active ingredient:
        then only they are suggested. A propellant must never be offered as an anaesthetic."""
        scored = [
            (choice, score)
            for choice, score in closest(fold(text), self.excipients, limit=10)
            if may_stand_for(text, self.excipients[choice].inci_name, offered=True)
            or may_stand_for(text, choice, offered=True)
        ]
        if not scored or scored[0][1] + EXCIPIENT_MARGIN < best_agent_score:
            return ()
        named: dict[str, str] = {}
        for choice, score in scored:
            excipient = self.excipients[choice]
            named.setdefault(
                excipient.slug, f"{excipient.inci_name} (excipient: {excipient.category}, {round(score)}%)"
            )
        return tuple(list(named.values())[:MAX_SUGGESTIONS])


def _without_salt(name: str) -> str:
    """The name without a salt or hydrate at its end: 'Lidocaine HCl monohydrate' -> 'Lidocaine'."""
    base = SALT.sub("", name).strip()
    return base or name


# 'CAS 98319-26-7', 'CAS No. 98319-26-7', 'CAS RN: 98319-26-7': the number is what names it.
_CAS_LABEL = re.compile(r"^CAS(?:\s*(?:No\.?|RN|number))?\s*[:#]?\s*(?=\d{2,7}-\d{2}-\d$)", re.IGNORECASE)


def _variants(name: str, whole: bool = False) -> list[str]:
    """The name as written, then without its bracketed parts, then each bracketed part, then
    each name between slashes: 'Aqua (Water)' is tried as itself, as 'Aqua' and as 'Water'.
    A CAS number's label ('CAS No.') is taken off."""
    name = _CAS_LABEL.sub("", name)
    variants = [name]
    outside = " ".join(_BRACKETED.sub(" ", name).split())
    if outside and outside != name:
        variants.append(outside)
    variants += [inside.strip() for inside in _BRACKETED.findall(name) if inside.strip()]
    # 'Aqua/Water/Eau' names one substance three ways; 'Caprylic/Capric Triglyceride' is one
    # name, tried whole first.
    if "/" in outside and not whole:
        parts = [part.strip() for part in outside.split("/")]
        variants += [part for part in parts if part and part not in variants]
    return variants
