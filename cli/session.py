"""Reaching the catalogue from a command: the --db choice, and a reader on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ingredients.location import DatabaseLocation
    from ingredients.reader import Reader


def database_option(ctx: typer.Context) -> str | None:
    from .failures import fail, is_valid_text

    root = ctx.find_root()
    value = root.params.get("db")
    if not is_valid_text(value):
        fail("--db is not valid UTF-8 text")
    return value if isinstance(value, str) else None


def location(ctx: typer.Context) -> DatabaseLocation:
    from ingredients.location import resolve_location

    return resolve_location(database_option(ctx))


def open_catalogue(ctx: typer.Context) -> Reader:
    """A reader on the catalogue, created and seeded on first use."""
    from ingredients.lifecycle import open_reader

    reader = open_reader(location(ctx))
    ctx.call_on_close(reader.close)
    return reader


def complete_ingredient_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Ingredient slugs for shell completion; silent and empty when anything is amiss.

    Completion runs on every key press, so it never creates or seeds a database
    and never imports SQLAlchemy: only a ready SQLite file is read.
    """
    try:
        from ingredients.lifecycle import read_sqlite_meta, seed_is_current
        from ingredients.migrations import SCHEMA_VERSION
        from ingredients.queries import complete_names
        from ingredients.reader import SqliteReader

        where = location(ctx)
        if where.sqlite_path is None:
            return []
        meta = read_sqlite_meta(where.sqlite_path)
        if meta is None or not seed_is_current(meta) or meta.get("schema_version") != str(SCHEMA_VERSION):
            return []
        reader = SqliteReader(where.sqlite_path)
        try:
            return complete_names(reader, incomplete)
        finally:
            reader.close()
    except Exception:
        return []
