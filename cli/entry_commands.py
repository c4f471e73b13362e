"""Commands that change the catalogue: import and remove user entries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ingredients.core.vocabulary import TABLES

from .failures import USAGE_ERROR_EXIT, fail, reports_errors
from .session import ingredient_slugs, location, open_catalogue, source_keys


def _complete_import_table(incomplete: str) -> list[str]:
    from ingredients.core.vocabulary import TABLES

    return [name for name in TABLES if name.startswith(incomplete.lower())]


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@reports_errors
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="Files written by `export` (or in the same shape), or the Commission's CosIng export.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv, tsv, json or jsonl [default: from the file name]."),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            help=f"{', '.join(TABLES)} [default: from the columns].", autocompletion=_complete_import_table
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report what would change; write nothing.")
    ] = False,
    replace_seed: Annotated[
        bool,
        typer.Option("--replace-seed", help="Let imported rows replace seed ingredients of the same slug."),
    ] = False,
) -> None:
    """Add or update your own ingredients, aliases, statements and sources.

    Every row is checked before anything is written; one bad row rejects the
    whole import, and every problem is listed with its line and field.
    """
    from ingredients.exchange.importer import ImportRejected
    from ingredients.exchange.user_entries import import_entries, open_import_files

    try:
        report = import_entries(
            location(ctx), open_import_files(files, fmt, table), dry_run=dry_run, replace_seed=replace_seed
        )
    except ImportRejected as exc:
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        fail(str(exc))
    if report.rows_read == 0:
        typer.echo("Nothing was imported: the files hold no rows.")
        return
    typer.echo("Dry run, nothing written. The import would give:" if dry_run else "Imported:")
    if report.cosing_replaced:
        typer.echo(
            f"  cosing_ingredients: {report.cosing_replaced} entries of the earlier CosIng load replaced"
        )
    for name, counts in report.counts.items():
        typer.echo(f"  {name}: {counts.added} added, {counts.updated} updated, {counts.unchanged} unchanged")
    if report.cosing_replaced:
        typer.echo(f"The {report.cosing_replaced} CosIng entries of the earlier load were replaced.")
    if report.rows_changed == 0:
        typer.echo("Nothing changed: every row was already stored as it is.")


@reports_errors
def remove_command(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="An ingredient you added (its slug, name or alias).",
            shell_complete=ingredient_slugs,
            show_default=False,
        ),
    ] = None,
    statement: Annotated[
        int | None,
        typer.Option(
            "--statement",
            metavar="ID",
            min=1,
            help="A statement you added, by the id `export statements` shows.",
        ),
    ] = None,
    alias: Annotated[
        str | None, typer.Option("--alias", metavar="NAME", help="An alias you added, by its name.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="KEY",
            shell_complete=source_keys,
            help="A source you added that nothing cites, by its key.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be removed; remove nothing.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a row you added: an ingredient (with its aliases and statements), a statement,
    an alias or a source. Seed rows are never removed."""
    chosen = [given for given in (name, statement, alias, source) if given is not None]
    if len(chosen) != 1:
        fail("name one thing to remove: NAME, --statement ID, --alias NAME or --source KEY", USAGE_ERROR_EXIT)
    from ingredients.exchange import user_entries

    where = location(ctx)
    if name is not None:
        slug = _slug_named(ctx, name)

        def remove(dry: bool) -> str:
            return user_entries.remove_ingredient(where, slug, dry_run=dry)
    elif statement is not None:

        def remove(dry: bool) -> str:
            return user_entries.remove_statement(where, statement, dry_run=dry)
    elif alias is not None:

        def remove(dry: bool) -> str:
            return user_entries.remove_alias(where, alias, dry_run=dry)
    else:
        assert source is not None

        def remove(dry: bool) -> str:
            return user_entries.remove_source(where, source, dry_run=dry)

    described = remove(True)
    if dry_run:
        typer.echo(f"Dry run, nothing removed. Would remove {described}.")
        return
    _confirm(f"Remove {described}?", yes)
    typer.echo(f"Removed {remove(False)}.")


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not _stdin_is_terminal():
        fail("add --yes to remove without being asked")
    if not typer.confirm(question, default=False):
        fail("nothing was removed")


def _slug_named(ctx: typer.Context, name: str) -> str:
    from ingredients.read import queries

    reader = open_catalogue(ctx)
    try:
        return queries.slug_of(reader, queries.resolve(reader, name))
    finally:
        reader.close()
