"""Reading import files: the csv, tsv, json and jsonl shapes that `export` writes.

Each file holds one table (ingredients, aliases, statements or sources), told
apart by its columns. Every row keeps where it came from (file and line, or
file and record) so that problems can be reported precisely.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IngredientsError, UsageError

IMPORT_FORMATS = ("csv", "tsv", "json", "jsonl")
TABLES = ("sources", "ingredients", "aliases", "statements")


@dataclass
class Row:
    where: str
    values: dict[str, Any]


@dataclass
class ImportFile:
    path: Path
    table: str
    rows: list[Row] = field(default_factory=list)


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
    if "slug" in columns:
        return "ingredients"
    if {"ingredient", "text"} <= columns:
        return "statements"
    if {"ingredient", "name"} <= columns:
        return "aliases"
    raise FileProblem(
        f"{where}: cannot tell which table this is from its columns "
        f"({', '.join(sorted(columns)) or 'none'}); add --table"
    )


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileProblem(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileProblem(f"{path}: line {line}: not valid UTF-8 text") from None


def _delimited_rows(path: Path, text: str, delimiter: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for record in reader:
            where = f"{path.name}: line {reader.line_num}"
            if None in record:
                raise FileProblem(f"{where}: more values than columns")
            rows.append(Row(where, {key: (value if value != "" else None) for key, value in record.items()}))
    except csv.Error as exc:
        raise FileProblem(f"{path.name}: line {reader.line_num}: {exc}") from None
    if reader.fieldnames is None:
        raise FileProblem(f"{path.name}: the file is empty")
    return rows


def _json_rows(path: Path, text: str) -> list[Row]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(f"{path.name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(document, list):
        raise FileProblem(f"{path.name}: expected a JSON array of objects")
    return [Row(f"{path.name}: record {index}", item) for index, item in enumerate(document, 1)]


def _jsonl_rows(path: Path, text: str) -> list[Row]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(Row(f"{path.name}: line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            raise FileProblem(f"{path.name}: line {number}: not valid JSON ({exc.msg})") from None
    return rows


def read_import_file(path: Path, fmt: str | None = None, table: str | None = None) -> ImportFile:
    if table is not None and table not in TABLES:
        raise UsageError(f"unknown table {table!r}; choose from: {', '.join(TABLES)}")
    fmt = guess_format(path, fmt)
    text = _decode(path)
    if fmt in ("csv", "tsv"):
        rows = _delimited_rows(path, text, "," if fmt == "csv" else "\t")
    elif fmt == "json":
        rows = _json_rows(path, text)
    else:
        rows = _jsonl_rows(path, text)
    for row in rows:
        if not isinstance(row.values, dict):
            raise FileProblem(f"{row.where}: each row must be an object with named fields")
    if table is None:
        # A file with no rows imports nothing, whichever table it was meant for.
        table = guess_table(set(rows[0].values), path.name) if rows else "sources"
    return ImportFile(path, table, rows)
