"""Real labels, read as the corpus file says each piece must be read (tests/fixtures/label_corpus.toml).

Unlike the specification tables, this runs on the shipped catalogue: it is a regression test of
what `check` makes of labels people hold, so that a change to the rules or the seed that misreads
one is seen. Each label keeps its address; tests/label_corpus_figures.py counts the figures.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ingredients.check.formulation_check import CheckReport, check_items
from ingredients.check.label_notation import without_leaders
from ingredients.check.mix_parsing import parse_list
from ingredients.exchange.opening import open_reader
from ingredients.read.name_matching import EXACT_WAYS
from ingredients.store.location import resolve_location

from .label_corpus_figures import figures, labels, reading

LABELS = labels()
# How a piece may be read: exactly (by a stored name), as an excipient, a vehicle or a heading,
# or not at all. A similarity match ('fuzzy') on a real label is a substance taken for another.
READ_WAYS = {*EXACT_WAYS, "excipient", "vehicle", "heading", "unmatched"}
# Two amounts or more joined by a slash, plus sign or ampersand ('Finasteride 0.1%/Minoxidil 5%').
_JOINED_AMOUNTS = re.compile(r"\d\s*%\s*[/+&]")
# Words a label writes that `check` sets aside by rule (docs/label-reading.md): a pharmacopoeia
# grade, the register's 'unspecified form', the 'and' of a list's last item.
_SET_ASIDE = {"usp", "unspecified", "form", "and"}


def _check(db_path: Path, text: str) -> CheckReport:
    return check_items(open_reader(resolve_location(str(db_path))), parse_list(text), "topical")


def _readings(report: CheckReport) -> list[str]:
    readings = []
    for item in report.items:
        reading_ = f"{item.item.name} => {item.match.slug or item.match.way}"
        readings.append(reading_ + (f" @ {item.item.declared}" if item.item.declared else ""))
    return readings


def _ids(corpus: list[dict[str, Any]]) -> list[str]:
    return [label["product"] for label in corpus]


@pytest.mark.parametrize("label", LABELS, ids=_ids(LABELS))
def test_a_real_label_is_read_piece_by_piece(db_path: Path, label: dict[str, Any]) -> None:
    assert label["source"].startswith("https://") or label["source"].startswith("http://dailymed")
    report = _check(db_path, label["text"])
    assert _readings(report) == label["expected"]
    assert {item.match.way for item in report.items} <= READ_WAYS
    # Every word of the label is in some piece's text, save what a rule sets aside.
    given = " ".join(item.item.given for item in report.items).lower()
    words = {word for word in re.findall(r"[a-z]{3,}", without_leaders(label["text"]).lower())}
    assert {word for word in words if word not in given} <= _SET_ASIDE


@pytest.mark.parametrize(
    "line",
    [line for label in LABELS for line in label["text"].splitlines() if _JOINED_AMOUNTS.search(line)],
)
def test_each_active_of_a_joined_list_keeps_its_own_strength(db_path: Path, line: str) -> None:
    report = _check(db_path, line)
    amounts = len(re.findall(r"\d\s*%", line))
    assert len(report.items) == amounts
    assert all(item.item.declared for item in report.items)


def test_the_corpus_figures() -> None:
    """The figures docs/label-reading.md reports: labels, pieces, and how many are recognised."""
    found = figures(LABELS)
    assert (found.labels, found.pieces, found.recognised) == (104, 958, 845)
    assert all(
        reading(text).read_as not in {"fuzzy", "skipped"} for label in LABELS for text in label["expected"]
    )
