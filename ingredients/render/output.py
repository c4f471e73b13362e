"""Rendering tables: csv (as the csv module writes it, see delimited.py) and json for
machines, tabulate for people.

Renderers yield text chunks, a block of rows each, so that a large export streams; only
the human table formats, which must measure every row first, hold a table in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from ingredients.core.errors import UsageError
from ingredients.core.table import PROSE_WIDTH, Layout, Table
from ingredients.render.delimited import blocks, delimited_text

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


# One encoder for every row: json.dumps with these options would build a new one each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default)


def _dump(value: Any) -> str:
    return _ENCODER.encode(value)


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
        for block in blocks(table.rows):
            yield "".join([_dump(_json_row(table.columns, row, headers)) + "\n" for row in block])
    else:
        text, dropped = _render_human(table, fmt, headers, width)
        if left_out is not None:
            left_out += dropped
        yield text


def _json_row(columns: Sequence[str], row: Sequence[Any], headers: bool) -> Any:
    return dict(zip(columns, row, strict=True)) if headers else list(row)


def _render_json(table: Table, headers: bool) -> Iterator[str]:
    opened = False
    for block in blocks(table.rows):
        items = ",\n  ".join([_dump(_json_row(table.columns, row, headers)) for row in block])
        yield ("[\n  " if not opened else ",\n  ") + items
        opened = True
    yield "\n]\n" if opened else "[]\n"


def _render_delimited(table: Table, delimiter: str, headers: bool) -> Iterator[str]:
    # None is already written as an empty field; only booleans need spelling out.
    flags = [i for i, column in enumerate(table.columns) if column in table.boolean_columns]
    rows = table.rows if not flags else (_flags_spelled(row, flags) for row in table.rows)
    return delimited_text(table.columns, rows, delimiter, headers)


def _flags_spelled(row: Sequence[Any], flags: list[int]) -> list[Any]:
    spelled = list(row)
    for i in flags:
        spelled[i] = _text_cell(spelled[i])
    return spelled


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

    # Cells wider than their headers: tabulate pads a header by two, which is no overhead of
    # a column whose cells are wider anyway.
    line = tabulate([["xxxx"] * count], headers=["x"] * count, tablefmt=fmt, disable_numparse=True)
    return max(len(text) for text in line.splitlines()) - 4 * count


# The room a key column keeps (when its text is that long) before other columns are kept.
KEY_ROOM = 20


def column_widths(
    rows: list[list[str]],
    columns: list[str],
    width: int,
    overhead_of: Callable[[int], int],
    layout: Layout | None = None,
) -> dict[int, int] | None:
    """Which columns to show, each with its width, so the table fits ``width``; None if it fits.

    No word is ever split: a column is narrowed (widest first) down to its longest
    word at most (a header may break after its underscores), and a prose column is never
    wider than PROSE_WIDTH. If the columns cannot fit even so, the columns that are not
    keys are left out, the last in the layout's order first (without a layout, the one
    needing the most room first, never the first column); the caller says which. When the
    keys alone cannot fit, the answer is empty, and the caller prints each row as a block.
    ``overhead_of`` gives the characters the format adds to a line of that many columns.
    """
    count = len(columns)
    prose = {i for i, column in enumerate(columns) if layout is not None and column in layout.prose}
    natural = [
        max([len(column)] + [max((len(line) for line in row[i].splitlines()), default=0) for row in rows])
        for i, column in enumerate(columns)
    ]
    floors = [
        max([_longest_word(column.replace("_", "_ "))] + [_longest_word(row[i]) for row in rows])
        for i, column in enumerate(columns)
    ]
    for i in prose:
        natural[i] = min(natural[i], max(PROSE_WIDTH, floors[i]))
    if sum(natural) + overhead_of(count) <= width and not any(
        natural[i] < _widest_cell(rows, i) for i in prose
    ):
        return None
    keys = {i for i, column in enumerate(columns) if column in (layout.keys if layout else columns[:1])}
    # A key keeps room for a few words before a column that is not a key is kept beside it.
    room = [min(natural[i], max(floors[i], KEY_ROOM)) if i in keys else floors[i] for i in range(count)]
    kept = list(range(count))
    while sum(room[i] for i in kept) + overhead_of(len(kept)) > width:
        optional = [i for i in kept if i not in keys]
        if not optional:
            break
        kept.remove(optional[-1] if layout is not None else max(optional, key=lambda i: floors[i]))
    if sum(floors[i] for i in kept) + overhead_of(len(kept)) > width:
        return {}
    limits = {i: natural[i] for i in kept}
    while sum(limits.values()) + overhead_of(len(kept)) > width:
        narrowable = [i for i in kept if limits[i] > floors[i]]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda i: limits[i])
        limits[widest] -= 1
    return limits


def _widest_cell(rows: list[list[str]], i: int) -> int:
    return max((len(line) for row in rows for line in row[i].splitlines()), default=0)


def _wrap_header(column: str, limit: int) -> str:
    """A header too wide for its column, broken after its underscores."""
    if len(column) <= limit:
        return column
    import textwrap

    return "\n".join(
        part.replace("_ ", "_")
        for part in textwrap.wrap(column.replace("_", "_ "), width=limit, break_long_words=False)
    )


def _wrap_cell(cell: str, limit: int, *, split_words: bool = False) -> str:
    """``cell`` wrapped to ``limit``; a word is split only when asked (a block's value
    narrower than one of its words)."""
    import textwrap

    if all(len(line) <= limit for line in cell.splitlines()):
        return cell
    return "\n".join(
        textwrap.fill(line, width=limit, break_long_words=split_words, break_on_hyphens=False) or line
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
    if (
        not width
        or not rows
        or fmt in MARKUP_FORMATS
        or not _too_wide(text, rows, columns, width, table.layout)
    ):
        return (text + "\n" if text else ""), []

    def fitted(limits: dict[int, int]) -> str:
        return render(
            [_wrap_header(columns[i], limit) for i, limit in limits.items()],
            [[_wrap_cell(row[i], limit) for i, limit in limits.items()] for row in rows],
        )

    limits = _fit(rows, columns, width, lambda count: _table_overhead(fmt, count), table.layout, fitted)
    if limits == {}:
        return _render_blocks(columns, rows, width), []
    if limits is not None:
        text = fitted(limits)
    dropped = [column for i, column in enumerate(columns) if limits is not None and i not in limits]
    return (text + "\n" if text else ""), dropped


def _too_wide(
    text: str, rows: list[list[str]], columns: list[str], width: int, layout: Layout | None
) -> bool:
    """Wider than the terminal, or with prose lines longer than a reader's eye follows."""
    prose = [i for i, column in enumerate(columns) if layout is not None and column in layout.prose]
    return _widest(text) > width or any(_widest_cell(rows, i) > PROSE_WIDTH for i in prose)


def _fit(
    rows: list[list[str]],
    columns: list[str],
    width: int,
    overhead_of: Callable[[int], int],
    layout: Layout | None,
    fitted: Callable[[dict[int, int]], str],
) -> dict[int, int] | None:
    """column_widths checked on the real rendering (``fitted``): the format's overhead is
    estimated, so the budget is cut by whatever still overflows until the table fits."""
    budget, tried = width, None
    while budget > 0:
        limits = column_widths(rows, columns, budget, overhead_of, layout)
        if limits is None:
            return tried
        if not limits or limits == tried:
            return limits  # blocks, or nothing narrower to try
        tried = limits
        excess = _widest(fitted(limits)) - width
        if excess <= 0:
            break
        budget -= excess
    return tried


def _render_blocks(columns: list[str], rows: list[list[str]], width: int) -> str:
    """Each row as a block of its own, one line per column (name, then value), blocks
    separated by a blank line: how a table whose key columns cannot fit side by side is read."""
    from tabulate import tabulate

    label = max(len(column) for column in columns)
    room = max(width - label - 2, 1)
    blocks = []
    for row in rows:
        lines = [
            [column, _wrap_cell(cell, room, split_words=_longest_word(cell) > room)]
            for column, cell in zip(columns, row, strict=True)
        ]
        blocks.append(tabulate(lines, tablefmt="plain", disable_numparse=True))
    return "\n\n".join(blocks) + "\n"


def render_document(document: Any, fmt: str) -> str:
    """A nested record (one ingredient, one source) as JSON or one JSON line."""
    if fmt == "jsonl":
        return _dump(document) + "\n"
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default) + "\n"
