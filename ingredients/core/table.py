"""A table of rows under named columns; rows may be a stream read once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ingredients.core.errors import UsageError


@dataclass
class Table:
    columns: list[str]
    rows: Iterable[Sequence[Any]]
    # Columns holding True/False, which text formats spell "true"/"false"; naming
    # them saves looking at every cell of a large export.
    boolean_columns: frozenset[str] = frozenset()

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
        )


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
