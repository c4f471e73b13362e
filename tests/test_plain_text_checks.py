"""The plain-text checks every input model shares take a quick test for the common case
(text already one trimmed, single-spaced line with no control character) before their
full work; on any text they give what the plain versions kept here gave."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingredients.store.field_checks import (
    control_character_problem,
    is_single_spaced,
    paragraph,
    single_spaced,
)

# The functions as they were written before the quick tests, kept as the specification.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def paragraph_by_splitting(value: str | None) -> str | None:
    if isinstance(value, str):
        value = " ".join(value.split())
    if value is None:
        return None
    value = value.strip()
    return value or None


def control_character_problem_by_search(value: object) -> str | None:
    if isinstance(value, str) and _CONTROL.search(value):
        found = _CONTROL.search(value)
        assert found is not None
        return f"contains the control character U+{ord(found.group()):04X}"
    return None


# Every character str.split() separates words at, every control and format character of
# Latin-1 and the separators of the rest of Unicode, beside arbitrary characters: the
# boundaries where the quick test and the full work could part.
_WHITESPACE = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
_EDGES = [
    *_WHITESPACE,
    *(chr(code) for code in range(0x00, 0x21)),
    *(chr(code) for code in range(0x7F, 0xA1)),
    "\u00ad",  # soft hyphen: a format character, unprintable, not whitespace
    "\u200b",  # zero-width space: the same
    "\u2028",
    "\u2029",
    "\ufeff",
    "é",
    "α",
    "µ",
]
_TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_EDGES), st.just(" ")), max_size=40)
_VALUES = st.one_of(st.none(), _TEXT)


@settings(max_examples=1500, deadline=None)
@given(_VALUES)
@example("")
@example(" ")
@example("a  b")
@example(" a")
@example("a ")
@example("a\u00a0b")
@example("a\x1cb")
@example("a\x85b")
@example("a\u3000b")
@example("one line, single spaced")
def test_paragraph_gives_what_splitting_gave(value: str | None) -> None:
    assert paragraph(value) == paragraph_by_splitting(value)


@settings(max_examples=1500, deadline=None)
@given(_TEXT)
@example("a\tb")
@example("a\u2028b")
def test_single_spaced_gives_what_splitting_gave(value: str) -> None:
    assert single_spaced(value) == " ".join(value.split())


@settings(max_examples=1500, deadline=None)
@given(_VALUES)
@example("\x00")
@example("a\tb\nc\r")
@example("\x7f")
@example("\x80")
@example("\x0b\x0c")
@example("tab\tand NUL\x00")
def test_control_characters_are_found_as_the_search_found_them(value: str | None) -> None:
    assert control_character_problem(value) == control_character_problem_by_search(value)


@pytest.mark.parametrize(
    ("value", "quick"),
    [
        ("one line", True),
        ("", True),
        ("a  b", False),
        (" a", False),
        ("a ", False),
        ("a\tb", False),
        ("a\u00a0b", False),
        ("a\x1fb", False),
    ],
)
def test_the_quick_test_accepts_only_text_splitting_leaves_alone(value: str, quick: bool) -> None:
    assert is_single_spaced(value) is quick


@pytest.mark.parametrize("value", [5, 1.5, True, ["a\x00"], {"a": "\x00"}])
def test_values_other_than_text_hold_no_control_character(value: object) -> None:
    assert control_character_problem(value) is None
