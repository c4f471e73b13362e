"""Rendering tables: stdlib csv and json for machines, tabulate for people.

Renderers yield text chunks so that a large export streams row by row; only the
human table formats, which must measure every row first, hold a table in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from .errors import UsageError
from .table import Table

MACHINE_FORMATS = ("csv", "tsv", "json", "jsonl")
DEFAULT_FORMAT = "simple"
_MIN_WRAP_WIDTH = 12


def human_formats() -> list[str]:
    from tabulate import tabulate_formats

    return list(tabulate_formats)


def check_format(name: str) -> str:
    if name in MACHINE_FORMATS or name in human_formats():
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
    table: Table, fmt: str, *, headers: bool = True, width: int | None = None
) -> Iterator[str]:
    if fmt in ("csv", "tsv"):
        yield from _render_delimited(table, "," if fmt == "csv" else "\t", headers)
    elif fmt == "json":
        yield from _render_json(table, headers)
    elif fmt == "jsonl":
        for row in table.rows:
            yield _dump(_json_row(table.columns, row, headers)) + "\n"
    else:
        yield _render_human(table, fmt, headers, width)


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


def column_widths(rows: list[list[str]], columns: list[str], width: int) -> list[int] | None:
    """Per-column maximum widths that fit the table into ``width``; None if it fits."""
    natural = [
        max([len(column)] + [max((len(line) for line in row[i].splitlines()), default=0)
                             for row in rows])
        for i, column in enumerate(columns)
    ]
    overhead = 3 * len(columns) + 1
    if sum(natural) + overhead <= width:
        return None
    limits = list(natural)
    while sum(limits) + overhead > width:
        widest = max(range(len(limits)), key=lambda i: limits[i])
        if limits[widest] <= _MIN_WRAP_WIDTH:
            break
        limits[widest] -= 1
    return limits


def _render_human(table: Table, fmt: str, headers: bool, width: int | None) -> str:
    from tabulate import tabulate

    rows = [[_text_cell(value) for value in row] for row in table.rows]
    limits = column_widths(rows, table.columns, width) if width and rows else None
    text = tabulate(
        rows,
        headers=table.columns if headers else (),
        tablefmt=fmt,
        disable_numparse=True,
        maxcolwidths=limits,  # type: ignore[arg-type]
    )
    return text + "\n" if text else ""


def render_document(document: Any, fmt: str) -> str:
    """A nested record (one ingredient, one source) as JSON or one JSON line."""
    if fmt == "jsonl":
        return _dump(document) + "\n"
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default) + "\n"
