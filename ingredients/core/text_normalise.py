"""Search text normalised the same way wherever it is indexed or queried.

Used on the query side for both databases, and mirrored, step for step, by the
SQL function `ingredients_search_text` that PostgreSQL indexes with (migration
0005; tests/test_postgres.py holds the two to the same output). SQLite's FTS5
index does case and accents itself (unicode61, remove_diacritics 2); the words
this gives it are ones that index holds too.

The steps, in order:
1. compatibility decomposition (NFKD): full-width letters become ASCII, and
   accented letters become a base letter and a combining mark;
2. combining marks (U+0300 to U+036F) removed;
3. Greek letters become their names, starting a new word (α → alpha), since the
   catalogue's own texts spell them out: 5α-reductase reads as 5 alpha reductase,
   TGF-β1 as TGF beta1;
4. ASCII punctuation, spaces and control characters, Latin-1 punctuation and
   the general and CJK punctuation blocks become spaces (word breaks);
5. ASCII letters lowered (PostgreSQL lowers the rest itself, per its locale).
"""

from __future__ import annotations

import re
import unicodedata

GREEK_NAMES = (
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
)
# Α..Ω skips U+03A2 (no capital final sigma); α..ω has ς (final sigma) at U+03C2.
_CAPITALS = [chr(code) for code in range(0x391, 0x3AA) if code != 0x3A2]
_SMALL = [chr(code) for code in range(0x3B1, 0x3CA) if code != 0x3C2]
GREEK_LETTERS: dict[str, str] = {
    **dict(zip(_CAPITALS, GREEK_NAMES, strict=True)),
    **dict(zip(_SMALL, GREEK_NAMES, strict=True)),
    "ς": "sigma",
}

COMBINING_MARKS = "[\u0300-\u036f]"
# The same class in both regex dialects (PostgreSQL's has no NUL, which text cannot hold).
WORD_BREAKS = (
    "[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f\\u00a0-\\u00bf\\u00d7\\u00f7"
    "\\u2000-\\u206f\\u3000-\\u303f]"
)

_COMBINING = re.compile(COMBINING_MARKS)
_BREAKS = re.compile(WORD_BREAKS.replace("[\\x01", "[\\x00") + "+")
_GREEK = str.maketrans({letter: f" {name}" for letter, name in GREEK_LETTERS.items()})
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def normalise(text: str) -> str:
    """The text as the search index sees it: words separated by single spaces."""
    if text.isascii():
        # Steps 1 to 3 change nothing in ASCII text, which most of the catalogue is,
        # and skipping them halves the cost of indexing a large import.
        return _BREAKS.sub(" ", text).lower().strip(" ")
    text = unicodedata.normalize("NFKD", text)
    text = _COMBINING.sub("", text)
    text = text.translate(_GREEK)
    text = _BREAKS.sub(" ", text)
    return text.translate(_ASCII_LOWER).strip(" ")


def search_words(text: str) -> list[str]:
    """The words of a search: every one must match, as a prefix."""
    return [word for word in normalise(text).split(" ") if word]
