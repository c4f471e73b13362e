"""Printing what a command read: tables, nested records and entries, the same way for every command."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .output_options import OutputSettings, emit

if TYPE_CHECKING:
    from ingredients.core.table import Table


def table_format(settings: OutputSettings, default: str | None = None) -> str:
    from ingredients.render.output import DEFAULT_FORMAT, check_format

    return check_format(settings.format or default or DEFAULT_FORMAT)


def print_table(
    table: Table, settings: OutputSettings, default_columns: list[str] | None = None,
    default_format: str | None = None,
) -> None:
    from ingredients.core.table import parse_columns
    from ingredients.render.output import render_table

    fmt = table_format(settings, default_format)
    selected = table.select(parse_columns(settings.columns) or default_columns)
    emit(render_table(selected, fmt, headers=settings.headers, width=settings.width()), settings)


def print_document(document: dict[str, Any], settings: OutputSettings) -> None:
    """A nested record as json or jsonl; --columns keeps only the named top-level keys."""
    from ingredients.core.errors import UsageError
    from ingredients.core.table import parse_columns
    from ingredients.render.output import render_document

    wanted = parse_columns(settings.columns)
    if wanted:
        unknown = [key for key in wanted if key not in document]
        if unknown:
            raise UsageError(
                f"unknown column {unknown[0]!r}; choose from: {', '.join(document)}"
            )
        document = {key: document[key] for key in wanted}
    emit([render_document(document, settings.format or "json")], settings)


def print_entry(
    entry: dict[str, Any], rows: Table, settings: OutputSettings,
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
