"""Real labels, read as the corpus file says each piece must be read (tests/fixtures/label_corpus.toml).

Unlike the specification tables, this runs on the shipped catalogue: it is a regression test of
what `check` makes of labels people hold, so that a change to the rules or the seed that misreads
one is seen. Each label keeps its DailyMed address.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from ingredients.check.formulation_check import check_items
from ingredients.check.mix_parsing import parse_list
from ingredients.exchange.opening import open_reader
from ingredients.store.location import resolve_location

CORPUS = Path(__file__).parent / "fixtures" / "label_corpus.toml"
LABELS: list[dict[str, Any]] = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["labels"]
RECOGNISED = {"excipient", "vehicle", "heading"}


def _readings(db_path: Path, text: str) -> list[str]:
    report = check_items(open_reader(resolve_location(str(db_path))), parse_list(text), "topical")
    readings = []
    for item in report.items:
        reading = f"{item.item.name} => {item.match.slug or item.match.way}"
        readings.append(reading + (f" @ {item.item.declared}" if item.item.declared else ""))
    return readings


@pytest.mark.parametrize("label", LABELS, ids=[label["product"] for label in LABELS])
def test_a_real_label_is_read_piece_by_piece(db_path: Path, label: dict[str, Any]) -> None:
    assert label["source"].startswith(("https://dailymed", "http://dailymed"))
    assert _readings(db_path, label["text"]) == label["expected"]


def test_the_corpus_figures() -> None:
    """The figures docs/label-reading.md reports: pieces, and how many are recognised."""
    readings = [reading.split(" => ")[1].split(" @ ")[0] for label in LABELS for reading in label["expected"]]
    unmatched = readings.count("unmatched")
    assert (len(LABELS), len(readings), unmatched) == (10, 98, 22)
