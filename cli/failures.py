"""Turning library errors into one 'Error: ...' line and exit code 1."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

import typer

P = ParamSpec("P")
R = TypeVar("R")

DOMAIN_ERROR_EXIT = 1
USAGE_ERROR_EXIT = 2


def fail(message: str, code: int = DOMAIN_ERROR_EXIT) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def is_valid_text(value: object) -> bool:
    """False for text holding bytes that were not UTF-8 (Python keeps them as surrogates)."""
    if isinstance(value, list | tuple):
        return all(is_valid_text(item) for item in value)
    if isinstance(value, str | os.PathLike):
        try:
            os.fspath(value).encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Show the library's errors as one line; anything else is a bug and keeps its traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # Imported here: the errors module is tiny, but the library package must
        # not be pulled in before a command actually runs.
        from ingredients.core.errors import IngredientsError, UsageError

        if not all(is_valid_text(value) for value in kwargs.values()):
            fail("an argument is not valid UTF-8 text")
        try:
            return command(*args, **kwargs)
        except UsageError as exc:
            fail(str(exc), USAGE_ERROR_EXIT)
        except IngredientsError as exc:
            fail(str(exc))

    return wrapper
