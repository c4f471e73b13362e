"""The options that choose whose evidence a grade is computed from, the same on every command."""

from __future__ import annotations

from typing import Annotated

import typer

from ingredients.core.vocabulary import CONDITIONS, DEFAULT_CONDITION

__all__ = ["DEFAULT_CONDITION", "Condition", "Sex", "complete_condition"]


def complete_condition(incomplete: str) -> list[str]:
    return [name for name in (*CONDITIONS, "any") if name.startswith(incomplete.lower())]


def _complete_sex(incomplete: str) -> list[str]:
    return [name for name in ("male", "female") if name.startswith(incomplete.lower())]


Condition = Annotated[
    str,
    typer.Option(
        "--condition",
        help="Grade on studies of this condition (androgenetic-alopecia, alopecia-areata, "
        "telogen-effluvium, ...), or 'any' for every study.",
        autocompletion=complete_condition,
    ),
]

Sex = Annotated[
    str | None,
    typer.Option(
        "--sex",
        help="Grade on studies of men (male) or women (female); studies of both count.",
        autocompletion=_complete_sex,
    ),
]
