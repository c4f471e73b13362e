"""Reaching the catalogue from a command: the --db choice, and a reader on it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ingredients.store.lifecycle import UpgradeReport
    from ingredients.store.location import DatabaseLocation
    from ingredients.store.reader import Reader


def database_option(ctx: typer.Context) -> str | None:
    from .failures import fail, is_valid_text

    root = ctx.find_root()
    value = root.params.get("db")
    if not is_valid_text(value):
        fail("--db is not valid UTF-8 text")
    return value if isinstance(value, str) else None


def location(ctx: typer.Context) -> DatabaseLocation:
    from ingredients.store.location import resolve_location

    return resolve_location(database_option(ctx))


def open_catalogue(ctx: typer.Context) -> Reader:
    """A reader on the catalogue, created and seeded on first use."""
    from ingredients.exchange.opening import open_reader

    where = location(ctx)

    def say_upgraded(report: UpgradeReport) -> None:
        # The default catalogue upgrades itself; nothing of it is lost, and the user hears where
        # the old one went.
        print(
            f"Upgraded {where.describe()} from schema {report.from_version} to {report.to_version}; "
            f"the old catalogue is kept at {report.backup}.",
            file=sys.stderr,
        )

    reader = open_reader(where, say_upgraded)
    ctx.call_on_close(reader.close)
    return reader


def _ready_reader(ctx: typer.Context) -> Reader | None:
    """A reader on a ready SQLite catalogue, or None: completion never creates or seeds one."""
    from ingredients.store.lifecycle import read_sqlite_meta, seed_is_current
    from ingredients.store.migrations import SCHEMA_VERSION
    from ingredients.store.reader import SqliteReader

    where = location(ctx)
    if where.sqlite_path is None:
        return None
    meta = read_sqlite_meta(where.sqlite_path)
    if meta is None or not seed_is_current(meta) or meta.get("schema_version") != str(SCHEMA_VERSION):
        return None
    return SqliteReader(where.sqlite_path)


def _complete_from_catalogue(
    ctx: typer.Context, incomplete: str, find: Callable[[Reader, str], list[str]]
) -> list[str]:
    """Completion runs on every key press, so it never creates or seeds a database
    and never imports SQLAlchemy: only a ready SQLite file is read. Anything amiss
    means no suggestions, never an error."""
    try:
        reader = _ready_reader(ctx)
        if reader is None:
            return []
        try:
            return find(reader, incomplete)
        finally:
            reader.close()
    except Exception:
        return []


def complete_formulation(ctx: typer.Context, incomplete: str) -> list[str]:
    from ingredients.read.formulations import complete_formulation_slugs

    return _complete_from_catalogue(ctx, incomplete, complete_formulation_slugs)


def complete_ingredient_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Slugs of the ingredients whose slug, name, alias or trade name starts with what was typed."""
    from ingredients.read.completion import complete_names

    return _complete_from_catalogue(ctx, incomplete, complete_names)


def ingredient_slugs(ctx: typer.Context, param: object, incomplete: str) -> list[str]:
    """complete_ingredient_name as Click calls it.

    Given through Click's `shell_complete` hook because Typer's `autocompletion`
    keeps only suggestions that start with the typed text, and a slug found
    through a name or alias ('regai' -> minoxidil) does not.
    """
    return complete_ingredient_name(ctx, incomplete)


def source_keys(ctx: typer.Context, param: object, incomplete: str) -> list[str]:
    """complete_source_key as Click calls it (for options declared with shell_complete)."""
    return complete_source_key(ctx, incomplete)


def complete_source_key(ctx: typer.Context, incomplete: str) -> list[str]:
    from ingredients.read.sources import complete_source_keys

    return _complete_from_catalogue(ctx, incomplete, complete_source_keys)


def _columns_of(ctx: typer.Context, words: list[str]) -> list[str]:
    from ingredients.read import queries
    from ingredients.read import search as searching
    from ingredients.read import sources as source_queries

    command = ctx.info_name
    if command == "export":
        # While it completes an option's value, Click leaves the TABLE argument
        # unparsed, in ctx.args.
        tables = [word for word in words if word in queries.EXPORT_TABLES]
        table = tables[0] if tables else "ingredients"
        return list(queries.EXPORT_TABLES[table][0])
    by_command: dict[str | None, list[str]] = {
        "list": queries.LIST_COLUMNS,
        "sources": source_queries.SOURCES_LIST_COLUMNS,
        "search": searching.SEARCH_COLUMNS,
        "show": queries.STATEMENT_COLUMNS,
        "source": queries.STATEMENT_COLUMNS,
        "compare": ["slug", *queries.COMPARE_FIELDS],
    }
    return list(by_command.get(command, []))


def complete_columns(ctx: typer.Context, incomplete: str) -> list[str]:
    """The command's columns, after those already typed: `-c name,cl` offers `name,class`."""
    try:
        chosen, _, last = incomplete.rpartition(",")
        taken = set(chosen.split(",")) if chosen else set()
        head = f"{chosen}," if chosen else ""
        return [
            head + column
            for column in _columns_of(ctx, [*ctx.args, *map(str, ctx.params.values())])
            if column.startswith(last.lower()) and column not in taken
        ]
    except Exception:
        return []
