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

from ingredients.check.label_notation import without_leaders
from ingredients.read.name_matching import EXACT_WAYS

from .label_corpus_figures import (
    catalogue_with_inventory,
    check_label,
    cosing_file,
    figures,
    labels,
    read_corpus,
    reading,
    readings_of,
)

LABELS = labels()
# How a piece may be read: exactly (by a stored name), as an excipient, a vehicle or a heading,
# or not at all. A similarity match ('fuzzy') on a real label is a substance taken for another.
READ_WAYS = {*EXACT_WAYS, "excipient", "vehicle", "heading", "unmatched"}
_NO_INVENTORY = "INGREDIENTS_COSING_FILE names no CosIng export: the inventory is not shipped"
# Two amounts or more joined by a slash, plus sign or ampersand ('Finasteride 0.1%/Minoxidil 5%').
_JOINED_AMOUNTS = re.compile(r"\d\s*%\s*[/+&]")
# Words a label writes that `check` sets aside by rule (docs/label-reading.md): a pharmacopoeia
# grade, the register's 'unspecified form', the 'and' of a list's last item.
_SET_ASIDE = {"usp", "unspecified", "form", "and"}


def _ids(corpus: list[dict[str, Any]]) -> list[str]:
    return [label["product"] for label in corpus]


@pytest.mark.parametrize("label", LABELS, ids=_ids(LABELS))
def test_a_real_label_is_read_piece_by_piece(db_path: Path, label: dict[str, Any]) -> None:
    assert label["source"].startswith("https://") or label["source"].startswith("http://dailymed")
    report = check_label(db_path, label["text"])
    assert readings_of(report) == label["expected"]
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
    report = check_label(db_path, line)
    amounts = len(re.findall(r"\d\s*%", line))
    assert len(report.items) == amounts
    assert all(item.item.declared for item in report.items)


def test_the_corpus_figures() -> None:
    """The figures docs/label-reading.md reports: labels, pieces, and how many are recognised."""
    found = figures(LABELS)
    assert (found.labels, found.pieces, found.recognised) == (104, 958, 846)
    assert all(
        reading(text).read_as not in {"fuzzy", "skipped"} for label in LABELS for text in label["expected"]
    )


@pytest.mark.skipif(cosing_file() is None, reason=_NO_INVENTORY)
def test_the_corpus_with_the_inventory_loaded(tmp_path: Path) -> None:
    """A measurement: the inventory only ever reads as a CosIng entry a piece read as unmatched."""
    export = cosing_file()
    assert export is not None
    loaded = read_corpus(catalogue_with_inventory(export, tmp_path), LABELS)
    for label, measured in zip(LABELS, loaded, strict=True):
        for pinned, read in zip(label["expected"], measured["expected"], strict=True):
            assert read == pinned or (
                (reading(pinned).read_as, reading(read).read_as) == ("unmatched", "cosmetic")
                and reading(pinned)[::2] == reading(read)[::2]
            ), (pinned, read)
    assert figures(loaded).recognised >= figures(LABELS).recognised
