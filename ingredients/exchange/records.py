"""Validating plain data (a seed file's record, an import row) as one of the input models.

Validation names the file, the record and the field, so a broken entry can be
found and fixed without reading a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ingredients.core.errors import DataFileError

ModelT = TypeVar("ModelT", bound=BaseModel)


def _describe(error: ValidationError, names: Mapping[str, str]) -> str:
    first = error.errors()[0]
    location = ".".join(names.get(str(part), str(part)) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{location}: {message}{suffix}" if location else f"{message}{suffix}"


def validated_instance(model: type[ModelT], data: dict[str, Any]) -> ModelT:
    """``data`` validated once, into a new instance of ``model``.

    An input model is not a table, and for such a model SQLModel's model_validate only
    wraps pydantic's validator, copying what it made: the validator is called directly,
    into an instance made as SQLModel makes one (called without it, the validator would
    go through SQLModel's __init__, a wrapper of its own). A table model keeps SQLModel's
    way, which sets up its SQLAlchemy state."""
    if model.model_config.get("table"):
        return model.model_validate(data)
    instance = model.__new__(model)
    model.__pydantic_validator__.validate_python(data, self_instance=instance)
    return instance


def validate(model: type[ModelT], data: Any, where: str, names: Mapping[str, str] | None = None) -> ModelT:
    """``data`` as ``model``, or a DataFileError naming where and which field (by ``names``, the
    reader's own name for a field where it differs from the model's)."""
    if not isinstance(data, Mapping):
        raise DataFileError(f"{where}: expected a table of fields, got {type(data).__name__}")
    try:
        return validated_instance(model, data if isinstance(data, dict) else dict(data))
    except ValidationError as exc:
        raise DataFileError(f"{where}: {_describe(exc, names or {})}") from None
