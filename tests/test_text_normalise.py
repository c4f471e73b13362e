"""The search-text normalisation done by translation tables gives what the regular
expressions it replaced gave, on any text (the PostgreSQL index function mirrors these,
and tests/test_search_text_function.py holds the two to the same output)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingredients.core.text_normalise import GREEK_LETTERS, normalise

# The function as it was written with regular expressions, step for step (see the
# module's docstring), kept as the specification the faster one must meet.
_COMBINING = re.compile("[\u0300-\u036f]")
_BREAKS = re.compile(
    "[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f\\u00a0-\\u00bf\\u00d7\\u00f7"
    "\\u2000-\\u206f\\u3000-\\u303f]+"
)
_GREEK = str.maketrans({letter: f" {name}" for letter, name in GREEK_LETTERS.items()})
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def normalise_by_regular_expressions(text: str) -> str:
    if text.isascii():
        return _BREAKS.sub(" ", text).lower().strip(" ")
    text = unicodedata.normalize("NFKD", text)
    text = _COMBINING.sub("", text)
    text = text.translate(_GREEK)
    text = _BREAKS.sub(" ", text)
    return text.translate(_ASCII_LOWER).strip(" ")


# Every boundary of the tables, and characters whose decomposition lands on one.
_EDGES = [
    chr(code)
    for first, last in [
        (0x00, 0x80),
        (0x9F, 0xC0),
        (0xD6, 0xD8),
        (0xF6, 0xF8),
        (0x2FF, 0x370),
        (0x390, 0x3CA),
        (0x1FFF, 0x2070),
        (0x2FFF, 0x3040),
        (0xFF00, 0xFF5F),
    ]
    for code in range(first, last + 1)
]
_TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_EDGES)), max_size=60)


@settings(max_examples=2000, deadline=None)
@given(_TEXT)
@example("5α-Reductase, TGF-β1 (ＭＩＮＯＸＩＤＩＬ) — crème\u0085brûlée\u1680x ς")
@example("  A\tB\n\x00c--D  ")
def test_translation_tables_give_what_the_regular_expressions_gave(text: str) -> None:
    assert normalise(text) == normalise_by_regular_expressions(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_gives_what_the_regular_expressions_gave(text: str) -> None:
    assert normalise(text) == normalise_by_regular_expressions(text)
