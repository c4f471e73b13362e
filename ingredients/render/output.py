"""Rendering tables: stdlib csv and json for machines, tabulate for people.

Renderers yield text chunks so that a large export streams row by row; only the
human table formats, which must measure every row first, hold a table in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from ingredients.core.errors import UsageError
from ingredients.core.table import Table

MACHINE_FORMATS = ("csv", "tsv", "json", "jsonl")
DEFAULT_FORMAT = "simple"


def human_formats() -> list[str]:
    from tabulate import tabulate_formats

    return list(tabulate_formats)


def check_format(name: str) -> str:
    # The default needs no look at tabulate's list, whose import costs a start-up.
    if name in MACHINE_FORMATS or name == DEFAULT_FORMAT or name in human_formats():
        return name
    raise UsageError(
        f"unknown format {name!r}; choose csv, tsv, json, jsonl or a tabulate format "
        "such as simple, github, grid, plain"
    )


def is_machine_format(name: str) -> bool:
    return name in MACHINE_FORMATS


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _text_cell(value: Any) -> str:
    """How a value reads in csv and in human tables: exactly as stored."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_table(
    table: Table,
    fmt: str,
    *,
    headers: bool = True,
    width: int | None = None,
    left_out: list[str] | None = None,
) -> Iterator[str]:
    """The table in ``fmt``; a table for people is fitted to ``width``, and the names of any
    columns that could not fit are added to ``left_out``, for the caller to say so."""
    if fmt in ("csv", "tsv"):
        yield from _render_delimited(table, "," if fmt == "csv" else "\t", headers)
    elif fmt == "json":
        yield from _render_json(table, headers)
    elif fmt == "jsonl":
        for row in table.rows:
            yield _dump(_json_row(table.columns, row, headers)) + "\n"
    else:
        text, dropped = _render_human(table, fmt, headers, width)
        if left_out is not None:
            left_out += dropped
        yield text


def _json_row(columns: Sequence[str], row: Sequence[Any], headers: bool) -> Any:
    return dict(zip(columns, row, strict=True)) if headers else list(row)


def _render_json(table: Table, headers: bool) -> Iterator[str]:
    opened = False
    for row in table.rows:
        yield ("[\n  " if not opened else ",\n  ") + _dump(_json_row(table.columns, row, headers))
        opened = True
    yield "\n]\n" if opened else "[]\n"


def _render_delimited(table: Table, delimiter: str, headers: bool) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    if headers:
        writer.writerow(table.columns)
    # The csv module already writes None as an empty field; only booleans need spelling out.
    flags = [i for i, column in enumerate(table.columns) if column in table.boolean_columns]
    for row in table.rows:
        if flags:
            row = list(row)
            for i in flags:
                row[i] = _text_cell(row[i])
        writer.writerow(row)
        # Flush in batches: one chunk a row would make large exports slow.
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# Formats whose output is markup for another program: a line break inside a cell
# would corrupt it, so they are never fitted to a terminal.
MARKUP_FORMATS = frozenset(
    {
        "github",
        "pipe",
        "html",
        "unsafehtml",
        "latex",
        "latex_raw",
        "latex_booktabs",
        "latex_longtable",
        "mediawiki",
        "moinmoin",
        "jira",
        "textile",
        "tsv",
        "orgtbl",
        "asciidoc",
        "rst",
        "youtrack",
    }
)


def _longest_word(cell: str) -> int:
    return max((len(word) for word in cell.split()), default=0)


def _table_overhead(fmt: str, count: int) -> int:
    """Characters a format adds to a line of ``count`` columns (borders and padding)."""
    from tabulate import tabulate

    line = tabulate([["x"] * count], headers=["x"] * count, tablefmt=fmt, disable_numparse=True)
    return max(len(text) for text in line.splitlines()) - count


def column_widths(
    rows: list[list[str]], columns: list[str], width: int, overhead_of: Callable[[int], int]
) -> dict[int, int] | None:
    """Which columns to show, each with its width, so the table fits ``width``; None if it fits.

    No word is ever split: a column is narrowed (widest first) down to its longest
    word at most (a header may break after its underscores). If the columns cannot fit
    even so, the one needing the most room is left out, one at a time, but never the
    first (it names the row); the caller says which. ``overhead_of`` gives the
    characters the format adds to a line of that many columns.
    """
    count = len(columns)
    natural = [
        max([len(column)] + [max((len(line) for line in row[i].splitlines()), default=0) for row in rows])
        for i, column in enumerate(columns)
    ]
    if sum(natural) + overhead_of(count) <= width:
        return None
    floors = [
        max([_longest_word(column.replace("_", "_ "))] + [_longest_word(row[i]) for row in rows])
        for i, column in enumerate(columns)
    ]
    kept = list(range(count))
    while len(kept) > 1 and sum(floors[i] for i in kept) + overhead_of(len(kept)) > width:
        kept.remove(max(kept[1:], key=lambda i: floors[i]))
    limits = {i: natural[i] for i in kept}
    while sum(limits.values()) + overhead_of(len(kept)) > width:
        narrowable = [i for i in kept if limits[i] > floors[i]]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda i: limits[i])
        limits[widest] -= 1
    return limits


def _wrap_header(column: str, limit: int) -> str:
    """A header too wide for its column, broken after its underscores."""
    if len(column) <= limit:
        return column
    import textwrap

    return "\n".join(
        part.replace("_ ", "_")
        for part in textwrap.wrap(column.replace("_", "_ "), width=limit, break_long_words=False)
    )


def _wrap_cell(cell: str, limit: int) -> str:
    import textwrap

    if all(len(line) <= limit for line in cell.splitlines()):
        return cell
    return "\n".join(
        textwrap.fill(line, width=limit, break_long_words=False, break_on_hyphens=False) or line
        for line in cell.splitlines()
    )


def _widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _render_human(table: Table, fmt: str, headers: bool, width: int | None) -> tuple[str, list[str]]:
    from tabulate import tabulate

    columns = list(table.columns)
    rows = [[_text_cell(value) for value in row] for row in table.rows]

    def render(shown: list[str], cells: list[list[str]]) -> str:
        return tabulate(cells, headers=shown if headers else (), tablefmt=fmt, disable_numparse=True)

    text = render(columns, rows)
    limits: dict[int, int] | None = None
    if width and rows and fmt not in MARKUP_FORMATS and _widest(text) > width:
        # The format's overhead is estimated, so the fit is checked on the real
        # rendering and the budget cut by whatever still overflows.
        budget, tried = width, None
        while budget > 0:
            limits = column_widths(rows, columns, budget, lambda count: _table_overhead(fmt, count))
            if limits is None or limits == tried:
                break  # nothing narrower to try: every column kept is at its longest word
            tried = limits
            text = render(
                [_wrap_header(columns[i], limit) for i, limit in limits.items()],
                [[_wrap_cell(row[i], limit) for i, limit in limits.items()] for row in rows],
            )
            excess = _widest(text) - width
            if excess <= 0:
                break
            budget -= excess
        limits = tried
    dropped = [column for i, column in enumerate(columns) if limits is not None and i not in limits]
    return (text + "\n" if text else ""), dropped


def render_document(document: Any, fmt: str) -> str:
    """A nested record (one ingredient, one source) as JSON or one JSON line."""
    if fmt == "jsonl":
        return _dump(document) + "\n"
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default) + "\n"
