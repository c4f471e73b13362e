"""Search text normalised the same way wherever it is indexed or queried.

Used on the query side for both databases, and mirrored by the SQL function
`ingredients_search_text` that PostgreSQL indexes with (ingredients/store/
search_text_sql.py, built from the tables here; tests/test_search_text_function.py
holds the two to the same output on every text). SQLite's FTS5
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

# Code points, as inclusive ranges.
COMBINING_MARKS = ((0x0300, 0x036F),)
# PostgreSQL's regular expression for these (migration 0005) has no NUL, which its text cannot hold.
WORD_BREAKS = (
    (0x00, 0x2F),
    (0x3A, 0x40),
    (0x5B, 0x60),
    (0x7B, 0x7F),
    (0xA0, 0xBF),
    (0xD7, 0xD7),
    (0xF7, 0xF7),
    (0x2000, 0x206F),
    (0x3000, 0x303F),
)


def _code_points(ranges: tuple[tuple[int, int], ...]) -> list[int]:
    return [code for first, last in ranges for code in range(first, last + 1)]


# Steps 2 to 5 each map one character to a fixed text, so one table does them all in a
# single pass (a regular expression per step took most of a large import's indexing
# time). A Greek letter's name is already what the later steps would make of it.
_TABLE: dict[int, str | None] = {
    **{code: " " for code in _code_points(WORD_BREAKS)},
    **{code: chr(code + 32) for code in range(ord("A"), ord("Z") + 1)},
    **{code: None for code in _code_points(COMBINING_MARKS)},
    **{ord(letter): f" {name}" for letter, name in GREEK_LETTERS.items()},
}
# ASCII text needs the breaks and the lowering only, each one byte to one byte: done on
# bytes, by a table of 256, it costs about a third of the same on str.
_ASCII_TABLE = bytes(ord(_TABLE.get(code) or chr(code)) if code < 128 else code for code in range(256))


def normalise(text: str) -> str:
    """The text as the search index sees it: words separated by single spaces."""
    if text.isascii():
        # Step 1 changes nothing in ASCII text, which most of the catalogue is. After the
        # table only lower-case letters, digits and spaces are left.
        return b" ".join(text.encode("ascii").translate(_ASCII_TABLE).split()).decode("ascii")
    text = unicodedata.normalize("NFKD", text).translate(_TABLE)
    # Only the table's spaces break words here: other whitespace (U+0085, U+1680) is kept.
    return " ".join(word for word in text.split(" ") if word)


def search_words(text: str) -> list[str]:
    """The words of a search: every one must match, as a prefix."""
    return [word for word in normalise(text).split(" ") if word]
