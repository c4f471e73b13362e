"""The whole catalogue as a Frictionless data package: one csv per table and a
`datapackage.json` that describes them (schema, keys, licence, sources, checksums),
so that others can cite, load and validate it with any Data Package tool.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ingredients.core.errors import IngredientsError
from ingredients.read.queries import export_table
from ingredients.render.output import render_table
from ingredients.store.reader import Reader
from ingredients.store.table_columns import COLUMN_TYPES
from ingredients.store.table_shapes import TABLE_SHAPES

DESCRIPTOR = "datapackage.json"

_LICENCES = [
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0",
    }
]
_SOURCES = [
    {
        "title": "Each statement's own primary source (PubMed record, DOI, regulator's page, label), "
        "in sources.csv"
    },
    {
        "title": "CosIng, European Commission (the inventory of cosmetic ingredients in "
        "cosing_ingredients.csv; excipient names, CAS numbers, functions), © European Union, CC BY 4.0",
        "path": "https://ec.europa.eu/growth/tools-databases/cosing/",
    },
    {
        "title": "FDA Inactive Ingredient Database (whether an excipient is found in injections)",
        "path": "https://www.fda.gov/drugs/drug-approvals-and-databases/inactive-ingredients-database-download",
    },
]


@dataclass
class PackageReport:
    directory: Path
    tables: int
    rows: int


def _schema(table: str, columns: list[str]) -> dict[str, Any]:
    types = COLUMN_TYPES[table]
    schema: dict[str, Any] = {
        "fields": [
            {
                "name": column,
                "type": types.get(column, "string"),
                **(
                    {"trueValues": ["true"], "falseValues": ["false"]}
                    if types.get(column) == "boolean"
                    else {}
                ),
            }
            for column in columns
        ]
    }
    shape = TABLE_SHAPES[table]
    if shape.key is not None:
        schema["primaryKey"] = [shape.key]
    schema["foreignKeys"] = [
        {"fields": [column], "reference": {"resource": resource, "fields": [TABLE_SHAPES[resource].key]}}
        for column, resource in shape.names_rows_of.items()
    ]
    return schema


def _write_table(reader: Reader, directory: Path, table: str) -> tuple[dict[str, Any], int]:
    """One table as csv, and its resource: path, schema, size and sha256 of the bytes written."""
    exported = export_table(reader, table)
    rows = [0]

    def counted(source: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        for row in source:
            rows[0] += 1
            yield row

    exported = replace(exported, rows=counted(exported.rows))
    path = directory / f"{table}.csv"
    digest, size = hashlib.sha256(), 0
    with path.open("w", encoding="utf-8", newline="") as out:
        for chunk in render_table(exported, "csv"):
            data = chunk.encode("utf-8")
            digest.update(data)
            size += len(data)
            out.write(chunk)
    resource = {
        "name": table,
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "hash": f"sha256:{digest.hexdigest()}",
        "schema": _schema(table, list(exported.columns)),
    }
    return resource, rows[0]


def _version(reader: Reader) -> str:
    """The package's version: the seed data's, which is what a catalogue's shipped rows are."""
    rows = reader.execute("SELECT value FROM meta WHERE key = 'seed_data_version'").rows
    return f"seed-{next(rows, ('unknown',))[0]}"


def write_data_package(reader: Reader, directory: Path, force: bool = False) -> PackageReport:
    """Write every table and the descriptor into ``directory`` (made if missing; a folder that
    holds other files is refused unless ``force``)."""
    if directory.exists() and not directory.is_dir():
        raise IngredientsError(f"{directory} is not a folder")
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise IngredientsError(f"{directory} is not empty; add --force to write into it")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        resources, rows = [], 0
        for table in TABLE_SHAPES:
            resource, count = _write_table(reader, directory, table)
            resources.append(resource)
            rows += count
        descriptor = {
            "profile": "tabular-data-package",
            "name": "ingredients-catalogue",
            "title": "Ingredients of hair-loss mesotherapy: claims, graded evidence, safety and regulation",
            "version": _version(reader),
            "licenses": _LICENCES,
            "sources": _SOURCES,
            "description": "Reference information, not medical advice. A claim of a popular article is that "
            "article's claim; evidence is graded per ingredient, route and condition.",
            "resources": resources,
        }
        (directory / DESCRIPTOR).write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise IngredientsError(f"cannot write {directory}: {exc.strerror}") from None
    return PackageReport(directory, len(resources), rows)
