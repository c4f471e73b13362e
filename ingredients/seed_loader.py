"""Reads and validates the seed data package."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

import seed_data

from .errors import DataFileError
from .models import SourceCreate, StatementCreate
from .records import (
    IngredientRecord,
    build_ingredient,
    build_sources,
    build_statements,
    check_catalogue,
)


@dataclass
class SeedCatalogue:
    version: str
    sources: list[SourceCreate]
    ingredients: list[IngredientRecord]
    procedure_statements: list[StatementCreate]


def _display_name(resource: Traversable, folder: str | None = None) -> str:
    return f"seed_data/{folder}/{resource.name}" if folder else f"seed_data/{resource.name}"


def _read_toml(resource: Traversable, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{where}: {exc}") from None


def load_seed_catalogue() -> SeedCatalogue:
    sources: list[SourceCreate] = []
    source_file_of: dict[str, str] = {}
    for resource in seed_data.source_files():
        where = _display_name(resource, "sources")
        for source in build_sources(_read_toml(resource, where), where, origin="seed"):
            if source.key in source_file_of:
                raise DataFileError(
                    f"{where}: [{source.key}] is already defined in {source_file_of[source.key]}"
                )
            source_file_of[source.key] = where
            sources.append(source)
    records: list[IngredientRecord] = []
    names: dict[str, str] = {}
    for resource in seed_data.ingredient_files():
        where = _display_name(resource, "ingredients")
        slug = resource.name.removesuffix(".toml")
        data = _read_toml(resource, where)
        if "slug" in data:
            raise DataFileError(f"{where}: slug: comes from the file name, do not set it")
        records.append(build_ingredient({"slug": slug, **data, "origin": "seed"}, where))
        names[slug] = where
    procedure_resource = seed_data.procedure_file()
    procedure_where = _display_name(procedure_resource)
    procedure = build_statements(
        _read_toml(procedure_resource, procedure_where).get("statements", []), procedure_where, origin="seed"
    )
    check_catalogue(records, procedure, sources, names, procedure_where)
    return SeedCatalogue(seed_data.SEED_DATA_VERSION, sources, records, procedure)
