"""Word forms in a search: 'pregnancy' finds 'pregnant', 'studies' finds 'study'.

Search words match as prefixes, so a word cut back to the part its forms share finds
them all: 'pregnancy' is searched as 'pregnan', which begins 'pregnant', 'pregnancy' and
'pregnancies'. The cut is made on the query only, in Python, so SQLite and PostgreSQL are
asked the very same prefixes and give the same answers; the stored text and its index are
left as they are (no stemmer of either database, whose rules differ, is involved).

One ending at most is cut, the longest that applies, and never below MIN_STEM letters;
a word holding a digit (a CAS number, 5alpha, B6) is never cut.
"""

from __future__ import annotations

MIN_STEM = 4

# (ending, what replaces it), longest first: the part the forms of a word share.
ENDINGS: tuple[tuple[str, str], ...] = (
    ("ancies", "an"),
    ("encies", "en"),
    ("ations", "at"),
    ("ation", "at"),
    ("ingly", ""),
    ("ities", ""),
    ("ments", ""),
    ("ness", ""),
    ("ancy", "an"),
    ("ency", "en"),
    ("ance", "an"),
    ("ence", "en"),
    ("ally", ""),
    ("ions", ""),
    ("ment", ""),
    ("ies", ""),
    ("ied", ""),
    ("ity", ""),
    ("ing", ""),
    ("ion", ""),
    ("ive", "iv"),
    ("ant", "an"),
    ("ent", "en"),
    ("ly", ""),
    ("al", ""),
    ("ed", ""),
    ("es", "e"),
    ("y", ""),
    ("s", ""),
    ("e", ""),
)


def word_stem(word: str) -> str:
    """The prefix that a search for ``word`` (lower case, as search_words gives it) looks for."""
    if any(character.isdigit() for character in word):
        return word
    for ending, replacement in ENDINGS:
        if word.endswith(ending):
            stem = word[: -len(ending)] + replacement
            return stem if len(stem) >= MIN_STEM else word
    return word
