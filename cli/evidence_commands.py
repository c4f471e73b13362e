"""Commands about the evidence itself: the grading scale and rules, and the articles' claims checked."""

from __future__ import annotations

from typing import Annotated

import typer

from .failures import reports_errors
from .output_options import OutputSettings, emit, with_output_options
from .session import complete_source_key, ingredient_slugs, open_catalogue
from .tables import print_table


@with_output_options
@reports_errors
def grades_command(*, settings: OutputSettings) -> None:
    """Print the evidence grades, the findings, the routes, the grading rules and the claim verdicts."""
    from ingredients.render.grades_text import grades_table, grades_text

    if settings.format is None and settings.columns is None:
        emit([grades_text(settings.width())], settings)
    else:
        print_table(grades_table(), settings)


@with_output_options
@reports_errors
def claims_command(
    ctx: typer.Context,
    ingredient: Annotated[
        str | None,
        typer.Argument(metavar="[NAME]", help="Only this ingredient's claims (or 'mesotherapy').",
                       shell_complete=ingredient_slugs),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="Only this article's claims (article-000 ...).",
                                  autocompletion=complete_source_key)
    ] = None,
    exclude_sponsored: Annotated[
        bool, typer.Option("--exclude-sponsored", help="Grade without maker-sponsored studies.")
    ] = False,
    *,
    settings: OutputSettings,
) -> None:
    """The source articles' claims beside the best evidence, each with a verdict by a written rule.

    The rule is printed by 'ingredients grades'.
    """
    from ingredients.core.vocabulary import PROCEDURE_SLUG
    from ingredients.read import queries
    from ingredients.read.claims import claims

    reader = open_catalogue(ctx)
    slug = None
    if ingredient is not None:
        slug = PROCEDURE_SLUG if ingredient.strip().lower() == PROCEDURE_SLUG else queries.slug_of(
            reader, queries.resolve(reader, ingredient)
        )
    print_table(
        claims(reader, source=source, ingredient=slug, exclude_sponsored=exclude_sponsored),
        settings,
        ["ingredient", "source", "claim", "evidence_on_route", "evidence_any_route", "verdict"],
    )
