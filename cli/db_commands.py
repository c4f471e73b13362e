"""The `db` command group: where the catalogue is, what it holds, and rebuilding it."""

from __future__ import annotations

import typer

from .failures import fail, reports_errors
from .output_options import OutputSettings, with_output_options
from .session import location
from .tables import print_table

db_app = typer.Typer(
    help="Where the database is, what it holds, upgrading and rebuilding it.", no_args_is_help=True
)


@db_app.command("path")
@reports_errors
def path_command(ctx: typer.Context) -> None:
    """Print where the database is (a file path or a database URL)."""
    typer.echo(location(ctx).describe())


@db_app.command("status")
@with_output_options
@reports_errors
def status_command(ctx: typer.Context, *, settings: OutputSettings) -> None:
    """Show the database's location, versions and row counts."""
    from ingredients.core.table import Table
    from ingredients.exchange.opening import open_for_inspection
    from ingredients.store.status import database_status

    reader = open_for_inspection(location(ctx))
    ctx.call_on_close(reader.close)
    status = database_status(reader, location(ctx))
    print_table(Table(["item", "value"], list(status.items())), settings)


@db_app.command("check")
@reports_errors
def check_command(ctx: typer.Context) -> None:
    """Run SQLite's integrity checks and the catalogue's consistency rules."""
    from ingredients.store.checks import check_location

    where = location(ctx)
    findings = check_location(where)
    for finding in findings:
        typer.echo(f"{'ok' if finding.ok else 'PROBLEM':8} {finding.message}")
    problems = sum(1 for finding in findings if not finding.ok)
    if problems:
        fail(f"{problems} problem(s) found in {where.describe()}")


@db_app.command("upgrade")
@reports_errors
def upgrade_command(ctx: typer.Context) -> None:
    """Upgrade the catalogue to this program's schema; rows you added are kept."""
    from ingredients.exchange.opening import upgrade

    where = location(ctx)
    report = upgrade(where)
    if report.from_version == report.to_version:
        typer.echo(f"{where.describe()} is already at schema {report.to_version}.")
        return
    if report.from_version is None:
        typer.echo(f"Created the catalogue in {where.describe()} at schema {report.to_version}.")
        return
    if report.backup is not None:
        typer.echo(f"Backed up {where.describe()} to {report.backup}.")
    typer.echo(f"Upgraded {where.describe()} from schema {report.from_version} to {report.to_version}.")


@db_app.command("rebuild")
@reports_errors
def rebuild_command(ctx: typer.Context) -> None:
    """Rewrite the seed data and the search index; rows you added are kept. A catalogue
    file is copied to FILE.bak-rebuild first."""
    from ingredients.exchange.opening import rebuild

    where = location(ctx)
    report = rebuild(where)
    if report.backup is not None:
        typer.echo(f"Backed up {where.describe()} to {report.backup}.")
    elif where.sqlite_path is None:
        typer.echo("No backup taken of a database server's catalogue (use its own tools, such as pg_dump).")
    counts = report.counts
    typer.echo(
        f"Rebuilt {where.describe()}: {counts['ingredients']} ingredients, "
        f"{counts['statements']} statements, {counts['sources']} sources."
    )
