"""Domain errors: each carries the one line a user is shown."""

from __future__ import annotations


class IngredientsError(Exception):
    """An error the user can act on; its message is shown as 'Error: <message>'."""


class UsageError(IngredientsError):
    """A value outside a fixed vocabulary (format, column, route...): the call itself is wrong."""


class NotFoundError(IngredientsError):
    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        if self.suggestions:
            message += " Did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class DataFileError(IngredientsError):
    """A data file that does not validate, named down to the record and field."""


class DatabaseError(IngredientsError):
    """The database cannot be opened, is not ours, or is from a newer version."""


def failure_reason(exc: Exception) -> str:
    """The driver's own words for a database failure, when SQLAlchemy wrapped them, on one line."""
    original = getattr(exc, "orig", None)
    words = str(original) if original is not None else exc.__class__.__name__
    # PostgreSQL's messages run over several lines (a hint, the query with a caret).
    return " ".join(words.split()) or exc.__class__.__name__
