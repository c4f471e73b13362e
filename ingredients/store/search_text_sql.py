"""The search-text normalisation (ingredients.core.text_normalise) as PostgreSQL's SQL function.

PostgreSQL computes it for every stored search column (migrations 0005 and 0006), so a
large import spends most of its server time here. The function takes the cheapest way its
text allows, each giving what `normalise` gives (tests/test_search_text_function.py holds
them equal on every branch):

- ASCII text (as most of a catalogue is): NFKD, combining marks and Greek letters change
  nothing, so only the word breaks are replaced, by one plain `replace` each (scans that
  find nothing are cheap: all of them, with collapsing the runs of spaces they leave, cost
  about half of one regular expression over the class of breaks);
- other text: the steps of text_normalise in order, with the 48 replacements of Greek
  letters run only when the decomposed text holds a Greek letter.

Written once here from text_normalise's own tables; migration 0019 installs it.
"""

from __future__ import annotations

from ingredients.core.text_normalise import COMBINING_MARKS, GREEK_LETTERS, WORD_BREAKS

FUNCTION = "ingredients_search_text"

# PostgreSQL's text cannot hold NUL (code 0): no range starts below 1.
_ASCII_BREAKS = [
    code for first, last in WORD_BREAKS for code in range(max(first, 1), min(last, 0x7F) + 1) if code != 0x20
]


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    """A regular-expression class of these code points, NUL left out."""
    parts = []
    for first, last in ranges:
        first = max(first, 1)
        parts.append(f"\\u{first:04x}" if first == last else f"\\u{first:04x}-\\u{last:04x}")
    return f"[{''.join(parts)}]"


def _greek_class() -> str:
    return "[" + "".join(f"\\u{ord(letter):04x}" for letter in sorted(GREEK_LETTERS)) + "]"


def _ascii_words(argument: str) -> str:
    expression = argument
    for code in _ASCII_BREAKS:
        expression = f"replace({expression}, chr({code}), ' ')"
    return f"""btrim(regexp_replace(lower({expression} COLLATE "C"), '  +', ' ', 'g'), ' ')"""


def _spelled_greek(argument: str) -> str:
    expression = argument
    for letter, name in GREEK_LETTERS.items():
        expression = f"replace({expression}, '{letter}', ' {name}')"
    return expression


def postgresql_search_text_function() -> str:
    """CREATE OR REPLACE of the function: the same name, signature and output as before.

    PL/pgSQL rather than SQL: a SQL function with branches is not inlined where it is
    called, and running its body as a query on each call cost more than the branches saved.
    The ASCII test counts bytes against characters, which tells ASCII apart because the
    database is UTF-8 (which `normalize`, used here since 0005, already needs).
    """
    return f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(body text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
AS $$
DECLARE
    unmarked text;
BEGIN
    IF octet_length(body) = length(body) THEN
        RETURN {_ascii_words("body")};
    END IF;
    unmarked := regexp_replace(normalize(body, NFKD), '{_class(COMBINING_MARKS)}', '', 'g');
    IF unmarked ~ '{_greek_class()}' THEN
        unmarked := {_spelled_greek("unmarked")};
    END IF;
    RETURN btrim(lower(regexp_replace(unmarked, '{_class(WORD_BREAKS)}+', ' ', 'g') COLLATE "C"), ' ');
END $$
"""
