"""Turning library errors into one 'Error: ...' line and exit code 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

import typer

P = ParamSpec("P")
R = TypeVar("R")

DOMAIN_ERROR_EXIT = 1


def fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(DOMAIN_ERROR_EXIT)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Show the library's errors as one line; anything else is a bug and keeps its traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # Imported here: the errors module is tiny, but the library package must
        # not be pulled in before a command actually runs.
        from ingredients.errors import IngredientsError

        try:
            return command(*args, **kwargs)
        except IngredientsError as exc:
            fail(str(exc))

    return wrapper
