"""Reading import files: the csv, tsv, json and jsonl shapes that `export` writes.

Each file holds one table (ingredients, aliases, statements or sources), told
apart by its columns. Rows are streamed, never all held at once (a JSON array
is the exception: it has to be parsed whole), and each row keeps where it came
from (file and line, or file and record) so that problems can be reported
precisely.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from ingredients.core.errors import IngredientsError, UsageError
from ingredients.core.vocabulary import TABLES

IMPORT_FORMATS = ("csv", "tsv", "json", "jsonl")


@dataclass
class Row:
    where: str
    values: dict[str, Any]


class FileProblem(IngredientsError):
    """A file that cannot be read at all: missing, undecodable or malformed."""


def guess_format(path: Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in IMPORT_FORMATS:
            raise UsageError(f"cannot import format {fmt!r}; choose from: {', '.join(IMPORT_FORMATS)}")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    if suffix in IMPORT_FORMATS:
        return suffix
    if suffix == "ndjson":
        return "jsonl"
    raise UsageError(f"cannot tell the format of {path.name}; add --format csv, tsv, json or jsonl")


def guess_table(columns: set[str], where: str) -> str:
    if {"key", "title"} <= columns:
        return "sources"
    if "formulation" in columns:
        return "components"
    if {"slug", "declared_by"} <= columns:
        return "formulations"
    if {"slug", "inci_name", "category"} <= columns:
        return "excipients"
    if "cosing_ref" in columns:
        return "cosing_ingredients"
    if "slug" in columns:
        return "ingredients"
    if {"ingredient", "basis"} <= columns:
        return "strengths"
    if {"ingredient", "text"} <= columns:
        return "statements"
    if {"ingredient", "name"} <= columns:
        return "aliases"
    raise FileProblem(
        f"{where}: cannot tell which table this is from its columns "
        f"({', '.join(sorted(columns)) or 'none'}); add --table"
    )


def _lines(path: Path) -> Iterator[str]:
    """The file's lines, each checked to be UTF-8 so that a bad byte is reported by line."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileProblem(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror})") from None
    with stream:
        for number, raw in enumerate(stream, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise FileProblem(f"{path.name}: line {number}: not valid UTF-8 text") from None
            yield line.removeprefix("\ufeff") if number == 1 else line


def _delimited_rows(path: Path, delimiter: str) -> Iterator[Row]:
    reader = csv.DictReader(_lines(path), delimiter=delimiter, strict=True)
    try:
        _ = reader.fieldnames
        # A quoted value may span lines: a row is reported at the line it starts on.
        ended = reader.line_num
        for record in reader:
            where = f"{path.name}: line {ended + 1}"
            ended = reader.line_num
            if None in record:
                raise FileProblem(f"{where}: more values than columns")
            yield Row(where, {key: (value if value != "" else None) for key, value in record.items()})
    except csv.Error as exc:
        raise FileProblem(f"{path.name}: line {reader.line_num}: {exc}") from None


def _json_rows(path: Path) -> Iterator[Row]:
    try:
        document = json.loads("".join(_lines(path)))
    except json.JSONDecodeError as exc:
        raise FileProblem(f"{path.name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(document, list):
        raise FileProblem(f"{path.name}: expected a JSON array of objects")
    for index, item in enumerate(document, 1):
        yield Row(f"{path.name}: record {index}", item)


def _jsonl_rows(path: Path) -> Iterator[Row]:
    for number, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        try:
            yield Row(f"{path.name}: line {number}", json.loads(line))
        except json.JSONDecodeError as exc:
            raise FileProblem(f"{path.name}: line {number}: not valid JSON ({exc.msg})") from None


def _checked(rows: Iterator[Row]) -> Iterator[Row]:
    for row in rows:
        if not isinstance(row.values, dict):
            raise FileProblem(f"{row.where}: each row must be an object with named fields")
        yield row


@dataclass
class ImportFile:
    path: Path
    table: str
    rows: Iterator[Row]
    # The Commission's CosIng export: its entries replace those an earlier load put there.
    replaces_cosing: bool = False


def open_import_file(path: Path, fmt: str | None = None, table: str | None = None) -> ImportFile:
    """The file's table (named, or told from its first row) and a stream of its rows."""
    if table is not None and table not in TABLES:
        raise UsageError(f"unknown table {table!r}; choose from: {', '.join(TABLES)}")
    fmt = guess_format(path, fmt)
    if fmt in ("csv", "tsv"):
        rows = _delimited_rows(path, "," if fmt == "csv" else "\t")
    elif fmt == "json":
        rows = _json_rows(path)
    else:
        rows = _jsonl_rows(path)
    rows = _checked(rows)
    first = next(rows, None)
    if first is None:
        # A file with no rows imports nothing, whichever table it was meant for.
        return ImportFile(path, table or TABLES[0], iter(()))
    if table is None:
        table = guess_table(set(first.values), path.name)
    return ImportFile(path, table, chain([first], rows))
