"""The label corpus's figures: labels, pieces, how many are recognised, and the unknown names.

Run `python -m tests.label_corpus_figures` for the figures docs/label-reading.md gives. They are
counted from the readings tests/fixtures/label_corpus.toml pins, which tests/test_label_corpus.py
holds to what `check` reads on the shipped catalogue. With INGREDIENTS_COSING_FILE naming the
Commission's CosIng export, it also loads the export into a scratch catalogue and counts what
`check` reads there: the inventory is not shipped, so that figure is a measurement.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from ingredients.check.formulation_check import CheckReport, check_items
from ingredients.check.mix_parsing import parse_list
from ingredients.exchange.opening import open_reader
from ingredients.exchange.user_entries import import_entries, open_import_files
from ingredients.store.location import resolve_location

CORPUS = Path(__file__).parent / "fixtures" / "label_corpus.toml"
# Names the Commission's CosIng export (CSV, or gzipped CSV) to measure the corpus with.
COSING_FILE_VARIABLE = "INGREDIENTS_COSING_FILE"
# What a piece may be read as besides an agent's slug.
NOT_AGENTS = frozenset({"excipient", "cosmetic", "vehicle", "heading", "unmatched", "skipped"})
RECOGNISED = frozenset({"excipient", "cosmetic", "vehicle", "heading"})


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
    """An agent, an excipient, an entry of the CosIng inventory, a vehicle or a heading
    reported as skipped."""
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


def cosing_file() -> Path | None:
    named = os.environ.get(COSING_FILE_VARIABLE)
    return Path(named) if named else None


def catalogue_with_inventory(export: Path, folder: Path) -> Path:
    """A new catalogue in ``folder``: the seed, with the CosIng export loaded."""
    db_path = folder / "with-cosing.db"
    import_entries(resolve_location(str(db_path)), open_import_files([export]))
    return db_path


def check_label(db_path: Path, text: str) -> CheckReport:
    return check_items(open_reader(resolve_location(str(db_path))), parse_list(text), "topical")


def readings_of(report: CheckReport) -> list[str]:
    """Each piece as the corpus file writes it: 'name => how it was read @ declared'."""
    found = []
    for item in report.items:
        read = f"{item.item.name} => {item.match.slug or item.match.way}"
        found.append(read + (f" @ {item.item.declared}" if item.item.declared else ""))
    return found


def read_corpus(db_path: Path, corpus: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The corpus with each label's readings as `check` makes them on this catalogue."""
    return [{**label, "expected": readings_of(check_label(db_path, label["text"]))} for label in corpus]


def main() -> None:
    found = figures(labels())
    print(f"labels: {found.labels}")
    print(f"pieces: {found.pieces}")
    print(f"recognised: {found.recognised} ({found.share:.1f}%)")
    export = cosing_file()
    if export is not None:
        with tempfile.TemporaryDirectory() as folder:
            loaded = figures(read_corpus(catalogue_with_inventory(export, Path(folder)), labels()))
        print(f"recognised with {export.name} loaded: {loaded.recognised} ({loaded.share:.1f}%)")
    print(f"unknown: {found.pieces - found.recognised}, by frequency:")
    for name, count in found.unknown.most_common():
        print(f"  {count:3d}  {name}")


if __name__ == "__main__":
    main()
