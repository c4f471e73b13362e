"""The `site` command: the catalogue as a static website in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .failures import reports_errors
from .session import open_catalogue


@reports_errors
def site_command(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder to write the site into; created if missing.")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Write into a non-empty folder this command did not write.")
    ] = False,
) -> None:
    """Write the catalogue as a static website: an evidence overview, one page per
    ingredient and source, and search. Open DIR/index.html, or put DIR on any web host."""
    # Imported here: the site builder loads Jinja2, which --help must not pay for.
    from ingredients.site import build_site

    report = build_site(open_catalogue(ctx), directory, force=force)
    typer.echo(f"Wrote {report.pages} pages to {directory}; open {directory / 'index.html'}")
    if report.unknown:
        typer.echo(
            f"Warning: shown as unknown: {', '.join(report.unknown)}; 'ingredients db check' lists them",
            err=True,
        )
