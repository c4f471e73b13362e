"""Identifier rules: CAS Registry Numbers and the lookup key that names match on."""

from __future__ import annotations

import re
import unicodedata

from ingredients.core.errors import IngredientsError

# The longest name a lookup accepts, for an ingredient as for a formulation.
MAX_NAME_LENGTH = 200

# ASCII digits only, and nothing after the last (a trailing line break is not a CAS number).
_CAS_PATTERN = re.compile(r"([0-9]{2,7})-([0-9]{2})-([0-9])")
# The most digits a CAS number has: seven, two and the check digit.
CAS_MAX_DIGITS = 10
# Characters a user may type or omit at will when naming an ingredient.
_IGNORED_IN_KEYS = re.compile("[\\s\\-\u2010\u2011\u2012\u2013\u2014_.,'\u2019]+")


def cas_check_digit(body: str) -> int:
    """The check digit for the digits of a CAS number before its last one.

    Weights run 1, 2, 3, ... from the rightmost digit; the check digit is the
    weighted sum modulo 10.
    """
    return sum(weight * int(digit) for weight, digit in enumerate(reversed(body), 1)) % 10


def is_valid_cas(value: str) -> bool:
    match = _CAS_PATTERN.fullmatch(value)
    if not match:
        return False
    first, second, check = match.groups()
    return cas_check_digit(first + second) == int(check)


def lookup_key(text: str) -> str:
    """The form names are matched in: case, spaces, hyphens and width ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _IGNORED_IN_KEYS.sub("", folded)


def source_key_fold(key: str) -> str:
    """The form source keys are compared in: `PubMed:123` and `pubmed:123` are one source.

    A source key is ASCII (field_checks.SOURCE_KEY_SHAPE), so SQL's lower() folds it the same
    way: the schema's unique index on lower(key) holds what this holds.
    """
    return key.lower()


def statement_seed_key(
    ingredient: str, source: str, kind: str, route: str, condition: str | None, outcome: str | None
) -> str:
    """What identifies a seed statement across rebuilds and seed refreshes, less its ordinal.

    A statement is what one source says of one ingredient (or the procedure), of one kind,
    by one route, and for evidence about one condition and outcome. Its text, grade,
    finding and numbers are what it says, so editing them keeps the statement (and its id).
    Several statements sharing all of these are told apart by their order in the seed
    data (see numbered_seed_key).
    """
    return "/".join((ingredient, source_key_fold(source), kind, route, condition or "", outcome or ""))


def numbered_seed_key(base: str, ordinal: int) -> str:
    """The stored seed key: the base key and the statement's place among those sharing it (1, 2, ...)."""
    return f"{base}#{ordinal}"


def checked_name(name: str, what: str) -> str:
    """``name`` stripped, or one IngredientsError when it is empty or too long to be a name."""
    if not name.strip():
        raise IngredientsError(f"the {what} name is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise IngredientsError(f"the {what} name is longer than {MAX_NAME_LENGTH} characters")
    return name.strip()
