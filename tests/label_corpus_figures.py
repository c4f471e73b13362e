"""The label corpus's figures: labels, pieces, how many are recognised, and the unknown names.

Run `python -m tests.label_corpus_figures` for the figures docs/label-reading.md gives. They are
counted from the readings tests/fixtures/label_corpus.toml pins, which tests/test_label_corpus.py
holds to what `check` reads on the shipped catalogue.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

CORPUS = Path(__file__).parent / "fixtures" / "label_corpus.toml"
# What a piece may be read as besides an agent's slug.
NOT_AGENTS = frozenset({"excipient", "vehicle", "heading", "unmatched", "skipped"})
RECOGNISED = frozenset({"excipient", "vehicle", "heading"})


def labels() -> list[dict[str, Any]]:
    return list(tomllib.loads(CORPUS.read_text(encoding="utf-8"))["labels"])


class Reading(NamedTuple):
    """One pinned reading: 'Minoxidil => minoxidil @ 5 %'."""

    name: str
    read_as: str
    declared: str | None


def reading(text: str) -> Reading:
    name, rest = text.split(" => ", 1)
    read_as, _, declared = rest.partition(" @ ")
    return Reading(name, read_as, declared or None)


def is_recognised(read_as: str) -> bool:
    """An agent, an excipient, a vehicle or a heading reported as skipped."""
    return read_as in RECOGNISED or read_as not in NOT_AGENTS


class Figures(NamedTuple):
    labels: int
    pieces: int
    recognised: int
    unknown: Counter[str]

    @property
    def share(self) -> float:
        return 100 * self.recognised / self.pieces


def figures(corpus: list[dict[str, Any]]) -> Figures:
    readings = [reading(text) for label in corpus for text in label["expected"]]
    unknown = Counter(r.name.lower() for r in readings if not is_recognised(r.read_as))
    return Figures(len(corpus), len(readings), sum(is_recognised(r.read_as) for r in readings), unknown)


def main() -> None:
    found = figures(labels())
    print(f"labels: {found.labels}")
    print(f"pieces: {found.pieces}")
    print(f"recognised: {found.recognised} ({found.share:.1f}%)")
    print(f"unknown: {found.pieces - found.recognised}, by frequency:")
    for name, count in found.unknown.most_common():
        print(f"  {count:3d}  {name}")


if __name__ == "__main__":
    main()
