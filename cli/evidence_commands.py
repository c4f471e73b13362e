"""Commands about the evidence itself: the grading scale and rules, the effects in numbers, and the
articles' claims checked."""

from __future__ import annotations

from typing import Annotated

import typer

from .evidence_options import DEFAULT_CONDITION, Condition, Sex, complete_condition
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


def _complete_assertion_kind(incomplete: str) -> list[str]:
    from ingredients.core.vocabulary import ASSERTION_KINDS

    return [name for name in ASSERTION_KINDS if name.startswith(incomplete.lower())]


def _complete_verdict(incomplete: str) -> list[str]:
    from ingredients.core.claim_rules import VERDICT_NAMES

    return [name for name in VERDICT_NAMES if name.startswith(incomplete.lower())]


@with_output_options
@reports_errors
def claims_command(
    ctx: typer.Context,
    ingredient: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="Only this ingredient's claims (or 'mesotherapy').",
            shell_complete=ingredient_slugs,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            "-s",
            help="Only this article's claims (article-000 ...).",
            autocompletion=complete_source_key,
        ),
    ] = None,
    exclude_sponsored: Annotated[
        bool, typer.Option("--exclude-sponsored", help="Grade without maker-sponsored studies.")
    ] = False,
    asserts: Annotated[
        list[str] | None,
        typer.Option(
            "--asserts",
            "-a",
            metavar="KIND",
            autocompletion=_complete_assertion_kind,
            help="Only assertions of this kind (efficacy, safety, tolerability ...); repeatable.",
        ),
    ] = None,
    verdicts: Annotated[
        list[str] | None,
        typer.Option(
            "--verdict",
            metavar="VERDICT",
            autocompletion=_complete_verdict,
            help="Only assertions with this verdict (supported, contradicted ...); repeatable.",
        ),
    ] = None,
    condition: Condition = DEFAULT_CONDITION,
    sex: Sex = None,
    *,
    settings: OutputSettings,
) -> None:
    """The source articles' claims, one row per assertion, each with a verdict by the written rule of its
    kind and the reason, naming the statements (#id and source key) it rests on.

    The rules are printed by 'ingredients grades'.
    """
    from ingredients.read.claims import claims

    print_table(
        claims(
            open_catalogue(ctx),
            source=source,
            ingredient=ingredient,
            exclude_sponsored=exclude_sponsored,
            condition=condition,
            sex=sex,
            asserts=asserts,
            verdicts=verdicts,
        ),
        settings,
        nothing_found="No claim matches.",
    )


def _complete_outcome(incomplete: str) -> list[str]:
    from ingredients.core.vocabulary import OUTCOMES

    return [name for name in OUTCOMES if name.startswith(incomplete.lower())]


def _complete_route(incomplete: str) -> list[str]:
    from ingredients.core.vocabulary import ROUTES

    return [route for route in ROUTES if route.startswith(incomplete.lower())]


@with_output_options
@reports_errors
def effects_command(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME...]",
            help="Only these ingredients (or 'mesotherapy').",
            shell_complete=ingredient_slugs,
        ),
    ] = None,
    route: Annotated[
        str | None,
        typer.Option(
            "--route",
            "-r",
            help="Only this route (intradermal, topical, oral ...).",
            autocompletion=_complete_route,
        ),
    ] = None,
    condition: Annotated[
        str | None,
        typer.Option(
            "--condition",
            help="Only studies of this condition "
            "(androgenetic-alopecia, alopecia-areata ...); every condition by default.",
            autocompletion=complete_condition,
        ),
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option(
            "--outcome",
            help="Only this outcome (terminal-hair-count, hair-density ...).",
            autocompletion=_complete_outcome,
        ),
    ] = None,
    *,
    settings: OutputSettings,
) -> None:
    """How much each ingredient does: controlled studies and reviews, and any study with numbers.

    One row per study: who took part (condition, sex, how many), against what, for how
    long, what was measured, and the effect as the source reports it, with its 95%
    interval or p-value. Injection first. csv, tsv, json and jsonl also give the effect's
    parts (effect_value, effect_unit, effect_kind, effect_ci_low, effect_ci_high, effect_p).
    """
    from ingredients.read.effects import effects

    table = effects(open_catalogue(ctx), names or (), route=route, condition=condition, outcome=outcome)
    print_table(table, settings, nothing_found="No study matches.")
