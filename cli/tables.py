"""Printing what a command read: tables, nested records and entries, the same way for every command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .output_options import OutputSettings, emit

if TYPE_CHECKING:
    from ingredients.core.table import Table


def table_format(settings: OutputSettings, default: str | None = None) -> str:
    from ingredients.render.output import DEFAULT_FORMAT, check_format

    return check_format(settings.format or default or DEFAULT_FORMAT)


def print_table(
    table: Table,
    settings: OutputSettings,
    default_columns: list[str] | None = None,
    default_format: str | None = None,
    *,
    nothing_found: str | Callable[[], str] | None = None,
) -> None:
    """``default_columns`` are what people see; csv, tsv, json and jsonl get every column, so
    each row keeps its key. With ``nothing_found``, a query that finds nothing says so in one
    line on stderr and prints no bare headers (json prints an empty list); a function gives
    that line only when it is needed."""
    from dataclasses import replace
    from itertools import chain

    from ingredients.core.table import parse_columns
    from ingredients.render.output import is_machine_format, render_table

    fmt = table_format(settings, default_format)
    shown = None if is_machine_format(fmt) else default_columns
    selected = table.select(parse_columns(settings.columns) or shown)
    if nothing_found is not None:
        rows = iter(selected.rows)
        first = next(rows, None)
        if first is None:
            print(nothing_found if isinstance(nothing_found, str) else nothing_found(), file=sys.stderr)
            emit(["[]\n"] if fmt == "json" else [], settings)
            return
        selected = replace(selected, rows=chain([first], rows))
    left_out: list[str] = []
    emit(
        render_table(selected, fmt, headers=settings.headers, width=settings.width(), left_out=left_out),
        settings,
    )
    say_left_out(left_out, settings)


def print_comparison(fields: list[str], items: list[tuple[str, list[Any]]], settings: OutputSettings) -> None:
    """Items side by side, one column each, when they fit the terminal; otherwise one
    block of fields per item, one under the other, so that every item is shown."""
    from ingredients.core.table import Table
    from ingredients.render.output import render_table

    fmt = table_format(settings)
    width = settings.width()
    side_by_side = Table(
        ["field", *(name for name, _ in items)],
        [[field, *(values[i] for _, values in items)] for i, field in enumerate(fields)],
    )
    left_out: list[str] = []
    text = "".join(render_table(side_by_side, fmt, headers=settings.headers, width=width, left_out=left_out))
    if not left_out:
        emit([text], settings)
        return
    left_out.clear()
    blocks = [
        "".join(
            render_table(
                Table(["field", name], [[*pair] for pair in zip(fields, values, strict=True)]),
                fmt,
                headers=settings.headers,
                width=width,
                left_out=left_out,
            )
        )
        for name, values in items
    ]
    emit(["\n".join(blocks)], settings)
    say_left_out(sorted(set(left_out), key=left_out.index), settings)


def say_left_out(left_out: list[str], settings: OutputSettings) -> None:
    """Nothing is dropped from output without saying so: columns too wide for the terminal."""
    if left_out:
        print(
            f"Note: {len(left_out)} column(s) left out to fit {settings.width()} characters: "
            f"{', '.join(left_out)}. Pick columns with -c, or use -f csv or json for all of them.",
            file=sys.stderr,
        )


def print_document(document: dict[str, Any], settings: OutputSettings) -> None:
    """A nested record as json or jsonl; --columns keeps only the named top-level keys."""
    from ingredients.core.errors import UsageError
    from ingredients.core.table import parse_columns
    from ingredients.render.output import render_document

    wanted = parse_columns(settings.columns)
    if wanted:
        unknown = [key for key in wanted if key not in document]
        if unknown:
            raise UsageError(f"unknown column {unknown[0]!r}; choose from: {', '.join(document)}")
        document = {key: document[key] for key in wanted}
    emit([render_document(document, settings.format or "json")], settings)


def print_entry(
    entry: dict[str, Any],
    rows: Table,
    settings: OutputSettings,
    as_text: Callable[[dict[str, Any], int | None], str],
) -> None:
    """An entry as a nested record (json, jsonl), as text for reading (no --format or
    --columns), or else as the table of its rows (statements, components)."""
    if settings.format in ("json", "jsonl"):
        print_document(entry, settings)
    elif settings.format is None and settings.columns is None:
        emit([as_text(entry, settings.width())], settings)
    else:
        print_table(rows, settings)
