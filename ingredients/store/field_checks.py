"""The checks the input models share: shapes, vocabularies, plain text, and an effect's consistency.

Each rule is written here once and used by every model that has the field, so seed
files and user files are held to the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from pydantic import BaseModel, ValidationInfo, field_validator

from ingredients.core.identifiers import is_valid_cas
from ingredients.core.vocabulary import (
    ASSERTION_KINDS,
    BLINDING,
    CERTAINTIES,
    COMPARATOR_OF_CONTROL,
    COMPARATORS,
    CONDITIONS,
    CONTROLS,
    EFFECT_KINDS,
    EFFECT_UNITS,
    HARMS,
    OUTCOMES,
    RANDOMISED,
    REPORTS_AGENT_RESULT,
    ROUTES,
    SEXES,
)

# A slug's characters, as a bracket expression both regular expressions and SQLite's GLOB read.
SLUG_CHARACTERS = "a-z0-9-"
_SLUG = re.compile(f"[{SLUG_CHARACTERS}]+")
# A source key is cited as [key] in text and typed on the command line: letters,
# digits and . _ / - (DOIs such as doi-10.2147/CCID.S123 keep their own case), no spaces.
SOURCE_KEY_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
# The FDA's UNII: ten capital letters and digits (the last a check character whose
# algorithm the FDA does not publish, so only the shape is checked).
UNII_SHAPE = re.compile(r"[0-9A-Z]{10}")
# Control characters (NUL above all) break terminals, files and other programs' parsers;
# tabs and line breaks are ordinary in free text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_of(value: str, allowed: Collection[str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of: {', '.join(allowed)}")
    return value


def vocabulary_checks(
    vocabularies: Mapping[str, Collection[str]], names: Mapping[str, str] | None = None
) -> Any:
    """One validator for every field whose values come from a vocabulary: a value outside it is
    refused, naming the field (by `names`, else its own name in words) and what it allows; None
    (not given, not known) passes. Assign it to one attribute of the model."""

    def known_word(cls: type, value: str | None, info: ValidationInfo) -> str | None:
        field = str(info.field_name)
        if value is None:
            return None
        return one_of(value, vocabularies[field], (names or {}).get(field, field.replace("_", " ")))

    return field_validator(*vocabularies, check_fields=False)(known_word)


def stripped(value: str | None) -> str | None:
    """Blank text means 'not known', which is stored as NULL."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def is_single_spaced(value: str) -> bool:
    """Whether `value` is already one trimmed, single-spaced line, as most text is: then
    splitting and joining it would give it back unchanged. Printable text holds no
    whitespace but the plain space (every other separator str.split knows is unprintable),
    so one scan in C answers what a split and a join would."""
    return value.isprintable() and "  " not in value and not value.startswith(" ") and not value.endswith(" ")


def single_spaced(value: str) -> str:
    """The words of `value` joined by single spaces."""
    return value if is_single_spaced(value) else " ".join(value.split())


def paragraph(value: str | None) -> str | None:
    """Data files wrap long text over several lines; stored text is one paragraph, or NULL."""
    if value is None:
        return None
    if not isinstance(value, str):
        # A number or a list in a JSON file: a problem of its row, never a crash.
        raise ValueError(f"expected text, got {type(value).__name__} {value!r}")
    if is_single_spaced(value):
        return value or None
    return stripped(" ".join(value.split()))


def control_character_problem(value: object) -> str | None:
    """What is wrong with a value holding a control character, or None. Printable text holds
    none, and that test is one scan in C: the regular expression reads only the rest."""
    if not isinstance(value, str) or value.isprintable():
        return None
    found = _CONTROL.search(value)
    return None if found is None else f"contains the control character U+{ord(found.group()):04X}"


class SlugChecked(BaseModel):
    """For input models with a slug: it names the row in files and URLs, so its shape is fixed."""

    @field_validator("slug", check_fields=False)
    @classmethod
    def _slug_shape(cls, value: str) -> str:
        if not _SLUG.fullmatch(value):
            raise ValueError(f"slug must be lower-case ASCII letters, digits and '-', got {value!r}")
        return value


class CasChecked(BaseModel):
    """For input models with a CAS number: a number whose check digit fails is a typo, never stored."""

    @field_validator("cas_number", check_fields=False)
    @classmethod
    def _valid_cas(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_cas(value):
            raise ValueError(f"{value!r} is not a valid CAS Registry Number (check digit)")
        return value


class PlainTextChecked(BaseModel):
    """For every input model: no field may hold control characters such as NUL."""

    @field_validator("*", mode="before", check_fields=False)
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        problem = control_character_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value


class RouteChecked(BaseModel):
    """For input models with a route, which must come from the vocabulary."""

    _known_route = vocabulary_checks({"route": ROUTES})


# What an article's claim asserts, and what harm a safety statement reports.
ASSERTION_FIELDS = ("asserts",)
HARM_FIELDS = ("harm", "harm_percent")
# The fields only an evidence statement may carry (a claim may name its condition).
EVIDENCE_ONLY_FIELDS = (
    "condition",
    "sex",
    "comparator",
    "weeks",
    "outcome",
    "effect_value",
    "effect_unit",
    "effect_kind",
    "effect_ci_low",
    "effect_ci_high",
    "effect_p",
    "certainty",
    "randomised",
    "blinding",
    "control",
    "reports_agent_result",
)
# How far a study's design protects its result (GRADE's risk of bias).
RISK_OF_BIAS_FIELDS = ("randomised", "blinding", "control", "reports_agent_result")
STATEMENT_VOCABULARIES = {
    "asserts": ASSERTION_KINDS,
    "harm": HARMS,
    "condition": CONDITIONS,
    "sex": SEXES,
    "comparator": COMPARATORS,
    "outcome": OUTCOMES,
    "effect_unit": EFFECT_UNITS,
    "effect_kind": EFFECT_KINDS,
    "certainty": CERTAINTIES,
    "randomised": RANDOMISED,
    "blinding": BLINDING,
    "control": CONTROLS,
    "reports_agent_result": REPORTS_AGENT_RESULT,
}


def effect_problem(statement: Any) -> str | None:
    """What is wrong with an effect as stated, or None."""
    value, low, high = statement.effect_value, statement.effect_ci_low, statement.effect_ci_high
    if (low is None) != (high is None):
        return "effect_ci_low, effect_ci_high: give both ends of the interval, or neither"
    if low is not None and value is None:
        return "effect_value: an interval needs the effect it surrounds"
    if low is not None and high is not None and value is not None and not low <= value <= high:
        return f"effect_value: {value} is outside its interval {low} to {high}"
    if value is not None and (statement.effect_unit is None or statement.effect_kind is None):
        return "effect_unit, effect_kind: an effect needs its unit and what it compares"
    if (value is None and statement.effect_p is None) and (statement.effect_unit or statement.effect_kind):
        return "effect_value: a unit or kind of effect without an effect or a p-value"
    if statement.effect_kind == "ratio-vs-comparator" and statement.effect_unit not in (None, "ratio"):
        return "effect_unit: a ratio against the comparator has the unit 'ratio'"
    return None


def risk_of_bias_problem(statement: Any, level: int | None, review_rank: int, study_rank: int) -> str | None:
    """What is wrong with an evidence statement's risk of bias as stated, or None.

    ``level`` is the statement's evidence rank. Only a study (``study_rank`` or above)
    has a design to judge; only a review (``review_rank``) says whether it reports a
    result for the agent; the control is a finer word for the comparator, so the two
    agree (a missing comparator is derived).
    """
    given = [name for name in RISK_OF_BIAS_FIELDS if getattr(statement, name) is not None]
    if given and (level is None or level < study_rank):
        return f"{given[0]}: only a study of people or a review has a design to judge"
    if statement.reports_agent_result is not None and level != review_rank:
        return "reports_agent_result: only a systematic review reports a result or not"
    if statement.control is not None:
        implied = COMPARATOR_OF_CONTROL[statement.control]
        if statement.comparator is None:
            statement.comparator = implied
        elif statement.comparator != implied:
            return f"control: {statement.control!r} is a {implied!r} comparator, not {statement.comparator!r}"
    return None
