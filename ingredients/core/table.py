"""A table of rows under named columns; rows may be a stream read once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ingredients.core.errors import UsageError

# How wide a prose cell (a purpose, a claim, a reason) is wrapped in a table for people:
# a line a reader's eye follows, however wide the terminal.
PROSE_WIDTH = 60


@dataclass(frozen=True)
class Layout:
    """How a person reads a table.

    ``shown``: the columns printed by default, in order. ``keys``: those that make a row
    readable, never left out to fit a terminal; when they cannot fit side by side, each row
    prints as a block of its own instead. The other shown columns are left out last first
    (their order in ``shown`` is their priority). ``prose``: columns of sentences, shown or
    picked with -c, wrapped at PROSE_WIDTH so that they never crowd out a key.
    """

    shown: tuple[str, ...]
    keys: tuple[str, ...]
    prose: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.keys or not set(self.keys) <= set(self.shown):
            raise ValueError(f"a layout needs keys, all of them shown columns: {self.keys}")

    def restricted(self, wanted: Sequence[str]) -> Layout:
        """The layout of the columns a person picked (-c), in their order: the keys among
        them stay keys (the first column when none is)."""
        keys = tuple(name for name in wanted if name in self.keys) or (wanted[0],)
        return Layout(tuple(wanted), keys, self.prose & set(wanted))


@dataclass
class Table:
    columns: list[str]
    rows: Iterable[Sequence[Any]]
    # Columns holding True/False, which text formats spell "true"/"false"; naming
    # them saves looking at every cell of a large export.
    boolean_columns: frozenset[str] = frozenset()
    # How people read it; None: every column shown, the first the only key.
    layout: Layout | None = None

    def select(self, wanted: Sequence[str] | None) -> Table:
        """The same rows cut down to ``wanted`` columns, in that order."""
        if not wanted:
            return self
        unknown = [name for name in wanted if name not in self.columns]
        if unknown:
            raise UsageError(f"unknown column {unknown[0]!r}; choose from: {', '.join(self.columns)}")
        positions = [self.columns.index(name) for name in wanted]
        return Table(
            list(wanted),
            ([row[i] for i in positions] for row in self.rows),
            self.boolean_columns & set(wanted),
            self.layout.restricted(wanted) if self.layout is not None else None,
        )

    def for_people(self) -> Table:
        """The columns its layout shows by default (all of them when it has none)."""
        return self.select(self.layout.shown) if self.layout is not None else self


def parse_columns(text: str | None) -> list[str] | None:
    """'a, b,c' -> ['a', 'b', 'c']; None or blank -> None (all default columns)."""
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise UsageError("--columns names no column")
    return names


def as_dicts(columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows as records keyed by column name."""
    return [dict(zip(columns, row, strict=True)) for row in rows]
