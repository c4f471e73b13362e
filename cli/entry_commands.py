"""Commands that change the catalogue: import and remove user entries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .failures import fail, reports_errors
from .session import ingredient_slugs, location, open_catalogue


def _complete_import_table(incomplete: str) -> list[str]:
    from ingredients.import_files import TABLES

    return [name for name in TABLES if name.startswith(incomplete.lower())]


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@reports_errors
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...", help="Files written by `export` (or in the same shape).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv, tsv, json or jsonl [default: from the file name]."),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(help="ingredients, aliases, statements or sources [default: from the columns].",
                     autocompletion=_complete_import_table),
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
    from ingredients.importing import ImportRejected
    from ingredients.user_entries import import_entries, open_import_files

    try:
        report = import_entries(
            location(ctx), open_import_files(files, fmt, table),
            dry_run=dry_run, replace_seed=replace_seed,
        )
    except ImportRejected as exc:
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        fail(str(exc))
    typer.echo("Dry run, nothing written. The import would give:" if dry_run else "Imported:")
    for name, counts in report.counts.items():
        typer.echo(
            f"  {name}: {counts.added} added, {counts.updated} updated, {counts.unchanged} unchanged"
        )


@reports_errors
def remove_command(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="A user-added ingredient.", shell_complete=ingredient_slugs
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove an ingredient you added, with its aliases and statements (never a seed one)."""
    from ingredients import queries
    from ingredients.user_entries import remove_ingredient

    reader = open_catalogue(ctx)
    entry = queries.ingredient_entry(reader, queries.resolve(reader, name))
    reader.close()
    if entry["origin"] != "user":
        fail(f"{entry['name']!r} comes from the seed data and cannot be removed")
    if not yes:
        if not _stdin_is_terminal():
            fail("add --yes to remove without being asked")
        question = (
            f"Remove {entry['name']} ({entry['slug']}) with its {len(entry['aliases'])} alias(es) "
            f"and {len(entry['statements'])} statement(s)?"
        )
        if not typer.confirm(question, default=False):
            fail("nothing was removed")
    if remove_ingredient(location(ctx), entry["slug"]):
        typer.echo(f"Removed your {entry['name']} ({entry['slug']}); the seed entry is back.")
    else:
        typer.echo(f"Removed {entry['name']} ({entry['slug']}).")
