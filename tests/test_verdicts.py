"""The claim verdict rule, called directly: every branch, by table."""

from __future__ import annotations

import pytest

from ingredients.core.evidence import VERDICTS, verdict
from ingredients.core.vocabulary import LEVEL_BY_LABEL

RANK = {label: level.rank for label, level in LEVEL_BY_LABEL.items()}


@pytest.mark.parametrize(
    ("grade", "finding", "expected"),
    [
        (None, None, "untested on this route"),
        ("none-found", "unclear", "untested on this route"),
        ("claim-only", "unclear", "untested on this route"),
        ("preclinical", "benefit", "weak"),
        ("uncontrolled", "benefit", "weak"),
        ("uncontrolled", "no-benefit", "weak"),
        ("rct", "benefit", "supported"),
        ("systematic-review", "benefit", "supported"),
        ("approved", "benefit", "supported"),
        ("rct", "no-benefit", "contradicted"),
        ("systematic-review", "harm", "contradicted"),
        ("rct", "mixed", "weak"),
        ("rct", "unclear", "weak"),
    ],
)
def test_the_verdict_follows_the_written_rule(grade: str | None, finding: str | None, expected: str) -> None:
    assert verdict(RANK[grade] if grade else None, finding) == expected


def test_every_verdict_the_rule_gives_is_explained() -> None:
    assert {item.name for item in VERDICTS} == {
        "supported", "contradicted", "untested on this route", "weak",
    }
