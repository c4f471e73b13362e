"""Identifier rules: CAS Registry Numbers and the lookup key that names match on."""

from __future__ import annotations

import re
import unicodedata

from ingredients.core.errors import IngredientsError

# The longest name a lookup accepts, for an ingredient as for a formulation.
MAX_NAME_LENGTH = 200

_CAS_PATTERN = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")
# Characters a user may type or omit at will when naming an ingredient.
_IGNORED_IN_KEYS = re.compile("[\\s\\-\u2010\u2011\u2012\u2013\u2014_.,'\u2019]+")


def cas_check_digit(body: str) -> int:
    """The check digit for the digits of a CAS number before its last one.

    Weights run 1, 2, 3, ... from the rightmost digit; the check digit is the
    weighted sum modulo 10.
    """
    return sum(weight * int(digit) for weight, digit in enumerate(reversed(body), 1)) % 10


def is_valid_cas(value: str) -> bool:
    match = _CAS_PATTERN.match(value)
    if not match:
        return False
    first, second, check = match.groups()
    return cas_check_digit(first + second) == int(check)


def lookup_key(text: str) -> str:
    """The form names are matched in: case, spaces, hyphens and width ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _IGNORED_IN_KEYS.sub("", folded)


def checked_name(name: str, what: str) -> str:
    """``name`` stripped, or one IngredientsError when it is empty or too long to be a name."""
    if not name.strip():
        raise IngredientsError(f"the {what} name is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise IngredientsError(f"the {what} name is longer than {MAX_NAME_LENGTH} characters")
    return name.strip()
