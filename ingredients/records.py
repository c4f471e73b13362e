"""Validated catalogue records, built from plain data (a seed file, an import row).

Validation names the file, the record and the field, so a broken entry can be
found and fixed without reading a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import DataFileError
from .identifiers import lookup_key
from .models import AliasCreate, IngredientCreate, SourceCreate, StatementCreate

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class IngredientRecord:
    ingredient: IngredientCreate
    aliases: list[AliasCreate] = field(default_factory=list)
    statements: list[StatementCreate] = field(default_factory=list)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{location}: {message}{suffix}" if location else f"{message}{suffix}"


def validate(model: type[ModelT], data: Any, where: str) -> ModelT:
    if not isinstance(data, Mapping):
        raise DataFileError(f"{where}: expected a table of fields, got {type(data).__name__}")
    try:
        # The core validator directly: for these non-table models it is what
        # model_validate does, without SQLModel's per-call checks (a third of
        # the time of a large import).
        return model.__pydantic_validator__.validate_python(dict(data))  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise DataFileError(f"{where}: {_describe(exc)}") from None


def _list_of(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise DataFileError(f"{where}: {key}: expected a list")
    return value


_INGREDIENT_FIELDS = frozenset(IngredientCreate.model_fields) | {"class"}
_RECORD_FIELDS = _INGREDIENT_FIELDS | {"aliases", "statements"}


def build_ingredient(data: Mapping[str, Any], where: str) -> IngredientRecord:
    unknown = sorted(set(data) - _RECORD_FIELDS)
    if unknown:
        raise DataFileError(f"{where}: unknown field {unknown[0]!r}")
    fields = {key: value for key, value in data.items() if key in _INGREDIENT_FIELDS}
    if "class" in fields:
        fields["ingredient_class"] = fields.pop("class")
    ingredient = validate(IngredientCreate, fields, where)
    aliases = [
        validate(AliasCreate, {"origin": ingredient.origin, **item}, f"{where}: aliases[{index}]")
        for index, item in enumerate(_list_of(data, "aliases", where))
    ]
    statements = build_statements(
        _list_of(data, "statements", where), where, origin=ingredient.origin
    )
    return IngredientRecord(ingredient, aliases, statements)


def build_statements(items: Iterable[Any], where: str, origin: str) -> list[StatementCreate]:
    return [
        validate(StatementCreate, {"origin": origin, **item}, f"{where}: statements[{index}]")
        if isinstance(item, Mapping)
        else validate(StatementCreate, item, f"{where}: statements[{index}]")
        for index, item in enumerate(items)
    ]


def build_sources(data: Mapping[str, Any], where: str, origin: str) -> list[SourceCreate]:
    return [
        validate(SourceCreate, {"origin": origin, **body, "key": key}, f"{where}: [{key}]")
        if isinstance(body, Mapping)
        else validate(SourceCreate, body, f"{where}: [{key}]")
        for key, body in data.items()
    ]


def check_catalogue(
    records: list[IngredientRecord],
    procedure_statements: list[StatementCreate],
    sources: list[SourceCreate],
    names: Mapping[str, str],
    procedure_where: str,
) -> None:
    """Cross-record rules: unique names, and every cited source known.

    ``names`` maps each record's slug to where it was read, for messages.
    """
    source_keys = {source.key for source in sources}

    def check_cited(statements: list[StatementCreate], where: str) -> None:
        for index, statement in enumerate(statements):
            if statement.source not in source_keys:
                raise DataFileError(
                    f"{where}: statements[{index}].source: unknown source {statement.source!r}"
                )

    owner_of_key: dict[str, str] = {}
    for record in records:
        slug = record.ingredient.slug
        where = names[slug]
        keys = [("name", record.ingredient.name)] + [
            (f"aliases: {alias.name!r}", alias.name) for alias in record.aliases
        ]
        for label, value in keys:
            key = lookup_key(value)
            owner = owner_of_key.get(key)
            if owner == slug:
                raise DataFileError(f"{where}: {label} repeats another name of this ingredient")
            if owner is not None:
                raise DataFileError(f"{where}: {label} is already a name of {owner!r}")
            owner_of_key[key] = slug
        cited = record.ingredient.identifiers_source
        if cited is not None and cited not in source_keys:
            raise DataFileError(f"{where}: identifiers_source: unknown source {cited!r}")
        check_cited(record.statements, where)
    check_cited(procedure_statements, procedure_where)
