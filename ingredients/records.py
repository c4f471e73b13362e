"""Validating plain data (a seed file's record, an import row) as one of the input models.

Validation names the file, the record and the field, so a broken entry can be
found and fixed without reading a traceback.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator

from .errors import DataFileError

ModelT = TypeVar("ModelT", bound=BaseModel)


def _describe(error: ValidationError, names: Mapping[str, str]) -> str:
    first = error.errors()[0]
    location = ".".join(names.get(str(part), str(part)) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{location}: {message}{suffix}" if location else f"{message}{suffix}"


@functools.cache
def _validator(model: type[BaseModel]) -> SchemaValidator:
    """The model's own core validator, minus the call to its __init__.

    SQLModel defines __init__, so pydantic's validator calls it for every
    record, and SQLModel's __init__ validates the same data a second time. The
    schema (every field, validator and model validator) is otherwise unchanged.
    """
    schema = copy.deepcopy(model.__pydantic_core_schema__)

    def without_custom_init(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "model" and node.get("cls") is model:
                node["custom_init"] = False
            for value in node.values():
                without_custom_init(value)
        elif isinstance(node, list):
            for value in node:
                without_custom_init(value)

    without_custom_init(schema)
    return SchemaValidator(schema)


def validate(model: type[ModelT], data: Any, where: str, names: Mapping[str, str] | None = None) -> ModelT:
    """``data`` as ``model``, or a DataFileError naming where and which field (by ``names``, the
    reader's own name for a field where it differs from the model's)."""
    if not isinstance(data, Mapping):
        raise DataFileError(f"{where}: expected a table of fields, got {type(data).__name__}")
    try:
        return _validator(model).validate_python(dict(data))  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise DataFileError(f"{where}: {_describe(exc, names or {})}") from None
