"""Reads the seed data package as import rows, for the one write path every row takes.

The TOML files are only parsed and reshaped here: each ingredient file becomes
an ingredient row, alias rows and statement rows, named by file and record so
that a problem points at the line to fix. Every rule (fields, vocabularies,
unique names and CAS numbers, references) is checked by the importer, for seed
and user rows alike.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import seed_data
from ingredients.core.errors import DataFileError
from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.exchange.import_files import ImportFile, Row

# Keys of an ingredient file that hold rows of other tables.
_NESTED = ("aliases", "statements", "strengths")


@dataclass
class SeedCatalogue:
    version: str
    files: list[ImportFile]


def _read_toml(resource: Traversable, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{where}: {exc}") from None


def _items(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise DataFileError(f"{where}: {key}: expected a list")
    return value


def _statement_row(item: Any, ingredient: str, where: str) -> Row:
    if not isinstance(item, dict):
        raise DataFileError(f"{where}: expected a table of fields")
    values = {"ingredient": ingredient, **item, "origin": "seed"}
    # Data files give the grade by label as `level`; table files call it evidence_level.
    if "level" in values:
        values["evidence_level"] = values.pop("level")
    return Row(where, values)


def _nested_rows(data: dict[str, Any], key: str, parent: dict[str, str], where: str) -> list[Row]:
    rows = []
    for index, item in enumerate(_items(data, key, where)):
        if not isinstance(item, dict):
            raise DataFileError(f"{where}: {key}[{index}]: expected a table of fields")
        rows.append(Row(f"{where}: {key}[{index}]", {**parent, **item, "origin": "seed"}))
    return rows


def _ingredient_rows(resource: Traversable) -> tuple[Row, list[Row], list[Row], list[Row]]:
    where = f"seed_data/ingredients/{resource.name}"
    slug = resource.name.removesuffix(".toml")
    data = _read_toml(resource, where)
    if "slug" in data:
        raise DataFileError(f"{where}: slug: comes from the file name, do not set it")
    fields = {key: value for key, value in data.items() if key not in _NESTED}
    ingredient = Row(where, {"slug": slug, **fields, "origin": "seed"})
    aliases = _nested_rows(data, "aliases", {"ingredient": slug}, where)
    statements = [
        _statement_row(item, slug, f"{where}: statements[{index}]")
        for index, item in enumerate(_items(data, "statements", where))
    ]
    strengths = _nested_rows(data, "strengths", {"ingredient": slug}, where)
    return ingredient, aliases, statements, strengths


def _formulation_rows(resource: Traversable) -> tuple[Row, list[Row]]:
    where = f"seed_data/formulations/{resource.name}"
    slug = resource.name.removesuffix(".toml")
    data = _read_toml(resource, where)
    if "slug" in data:
        raise DataFileError(f"{where}: slug: comes from the file name, do not set it")
    formulation = Row(
        where, {"slug": slug, **{k: v for k, v in data.items() if k != "components"}, "origin": "seed"}
    )
    components = [
        Row(row.where, {**row.values, "position": index})
        for index, row in enumerate(_nested_rows(data, "components", {"formulation": slug}, where), 1)
    ]
    return formulation, components


def _source_rows(resource: Traversable) -> Iterator[Row]:
    where = f"seed_data/sources/{resource.name}"
    for key, body in _read_toml(resource, where).items():
        if not isinstance(body, dict):
            raise DataFileError(f"{where}: [{key}]: expected a table of fields")
        yield Row(f"{where}: [{key}]", {"key": key, **body, "origin": "seed"})


def _excipient_rows(resource: Traversable) -> list[Row]:
    where = f"seed_data/{resource.name}"
    reader = csv.DictReader(io.StringIO(resource.read_text(encoding="utf-8")))
    return [Row(f"{where}: line {number}", {**row, "origin": "seed"}) for number, row in enumerate(reader, 2)]


def load_seed_catalogue() -> SeedCatalogue:
    """The whole seed package as import files, one per table, read eagerly and small."""
    sources = [row for resource in seed_data.source_files() for row in _source_rows(resource)]
    ingredients: list[Row] = []
    aliases: list[Row] = []
    statements: list[Row] = []
    strengths: list[Row] = []
    for resource in seed_data.ingredient_files():
        ingredient, its_aliases, its_statements, its_strengths = _ingredient_rows(resource)
        ingredients.append(ingredient)
        aliases += its_aliases
        statements += its_statements
        strengths += its_strengths
    formulations: list[Row] = []
    components: list[Row] = []
    for resource in seed_data.formulation_files():
        formulation, its_components = _formulation_rows(resource)
        formulations.append(formulation)
        components += its_components
    procedure_where = "seed_data/mesotherapy.toml"
    procedure = _read_toml(seed_data.procedure_file(), procedure_where)
    statements += [
        _statement_row(item, PROCEDURE_SLUG, f"{procedure_where}: statements[{index}]")
        for index, item in enumerate(_items(procedure, "statements", procedure_where))
    ]
    files = [
        ImportFile(Path(table), table, iter(rows))
        for table, rows in (
            ("sources", sources),
            ("ingredients", ingredients),
            ("aliases", aliases),
            ("statements", statements),
            ("strengths", strengths),
            ("formulations", formulations),
            ("components", components),
            ("excipients", _excipient_rows(seed_data.excipients_file())),
        )
    ]
    return SeedCatalogue(seed_data.SEED_DATA_VERSION, files)
