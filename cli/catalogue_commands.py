"""Commands that read the catalogue: list, show, search, sources, source, compare, export."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ingredients.core.vocabulary import TABLES

from .evidence_options import DEFAULT_CONDITION, Condition, Sex
from .failures import reports_errors
from .output_options import OutputSettings, with_output_options
from .session import complete_source_key, ingredient_slugs, open_catalogue
from .tables import print_comparison, print_entry, print_table, table_format

if TYPE_CHECKING:
    from ingredients.store.reader import Reader

ROUTE_HELP = "intradermal, topical, oral, parenteral, in-vitro or any."
LEVEL_HELP = "none-found, claim-only, preclinical, uncontrolled, rct, systematic-review or approved."


def _complete_route(incomplete: str) -> list[str]:
    from ingredients.core.vocabulary import ROUTES

    return [route for route in ROUTES if route.startswith(incomplete)]


def _complete_class(incomplete: str) -> list[str]:
    from ingredients.core.vocabulary import INGREDIENT_CLASSES

    return [name for name in INGREDIENT_CLASSES if name.startswith(incomplete)]


def _complete_source_kind(incomplete: str) -> list[str]:
    from ingredients.core.vocabulary import SOURCE_KINDS

    return [kind for kind in SOURCE_KINDS if kind.startswith(incomplete.lower())]


def _complete_sort(incomplete: str) -> list[str]:
    from ingredients.read.queries import LIST_SORTS

    return [name for name in LIST_SORTS if name.startswith(incomplete.lower())]


ExcludeSponsored = Annotated[
    bool, typer.Option("--exclude-sponsored", help="Grade without studies the maker ran or paid for.")
]


def _complete_level(incomplete: str) -> list[str]:
    from ingredients.core.vocabulary import LEVEL_BY_LABEL

    return [label for label in LEVEL_BY_LABEL if label.startswith(incomplete)]


@with_output_options
@reports_errors
def list_command(
    ctx: typer.Context,
    ingredient_class: Annotated[
        str | None,
        typer.Option(
            "--class",
            autocompletion=_complete_class,
            help="Only this class, for example vitamin or local-anaesthetic.",
        ),
    ] = None,
    min_level: Annotated[
        str | None,
        typer.Option(
            "--min-level",
            "-l",
            autocompletion=_complete_level,
            help=f"Only ingredients whose best evidence reaches this level: {LEVEL_HELP}",
        ),
    ] = None,
    route: Annotated[
        str | None,
        typer.Option(
            "--route",
            "-r",
            autocompletion=_complete_route,
            help=f"Grade evidence on this route only: {ROUTE_HELP}",
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", "-t", help="Only names, aliases, classes or purposes containing this."),
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            help="Sort by name, slug, class, evidence, intradermal or origin.", autocompletion=_complete_sort
        ),
    ] = "name",
    descending: Annotated[bool, typer.Option("--desc", help="Reverse the sort.")] = False,
    exclude_sponsored: ExcludeSponsored = False,
    condition: Condition = DEFAULT_CONDITION,
    sex: Sex = None,
    procedures: Annotated[
        bool,
        typer.Option(
            "--procedures",
            help="List the procedures with statements of their own "
            "(mesotherapy) instead of ingredients; `show mesotherapy` shows them.",
        ),
    ] = False,
    *,
    settings: OutputSettings,
) -> None:
    """List ingredients with their class, stated purpose and best evidence (grade, finding).

    Grades count studies of pattern hair loss unless --condition names another (or 'any');
    where that condition has no study and another has, the cell names the other.
    """
    from ingredients.read import procedure, queries

    if procedures:
        print_table(procedure.list_procedures(open_catalogue(ctx)), settings)
        return

    print_table(
        queries.list_ingredients(
            open_catalogue(ctx),
            ingredient_class=ingredient_class,
            min_level=min_level,
            route=route,
            text=text,
            sort=sort,
            descending=descending,
            exclude_sponsored=exclude_sponsored,
            condition=condition,
            sex=sex,
        ),
        settings,
        nothing_found="No ingredient matches these filters.",
    )


@with_output_options
@reports_errors
def show_command(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="Name, alias, trade name, slug or CAS number; 'mesotherapy' "
            "for the statements about the procedure itself.",
            shell_complete=ingredient_slugs,
        ),
    ],
    exclude_sponsored: ExcludeSponsored = False,
    condition: Condition = DEFAULT_CONDITION,
    sex: Sex = None,
    *,
    settings: OutputSettings,
) -> None:
    """Show one ingredient in full: identifiers, claims, graded evidence, safety, sources.

    With --format or --columns the statements are printed as a table (json and
    jsonl: the whole entry as one nested record).
    """
    from ingredients.read import procedure as procedures
    from ingredients.read import queries
    from ingredients.read.statements import statements_table
    from ingredients.render.entry_text import ingredient_text, procedure_text

    reader = open_catalogue(ctx)
    if procedures.names_the_procedure(name):
        entry = procedures.procedure_entry(reader, exclude_sponsored)
        print_entry(entry, statements_table(entry["statements"]), settings, procedure_text)
        return
    try:
        ingredient_id, note = queries.resolve_name(reader, name)
    except queries.NotAnIngredientError as known:
        _print_excipient(reader, known.excipient.slug, settings)
        return
    except queries.CosmeticIngredientError as known:
        _print_cosmetic(reader, [entry.cosing_ref for entry in known.entries], settings)
        return
    if note:
        print(f"Note: {note}.", file=sys.stderr)
    entry = queries.ingredient_entry(reader, ingredient_id, exclude_sponsored, condition, sex)
    print_entry(entry, statements_table(entry["statements"]), settings, ingredient_text)


def _print_excipient(reader: Reader, slug: str, settings: OutputSettings) -> None:
    """An excipient's entry: its fields, one per line (or one row in a machine format)."""
    from ingredients.core.table import Table
    from ingredients.read.excipients import excipient_table

    table = excipient_table(reader, slug)
    if settings.format is None and settings.columns is None:
        row = next(iter(table.rows))
        table = Table(
            ["field", "value"], [[column, value] for column, value in zip(table.columns, row, strict=True)]
        )
    print_table(table, settings)


def _print_cosmetic(reader: Reader, refs: list[int], settings: OutputSettings) -> None:
    """A CosIng entry (or each of the entries sharing its name): its kind, then its fields,
    one per line (or one row each in a machine format)."""
    from ingredients.core.table import Table
    from ingredients.core.vocabulary import COSMETIC_KIND
    from ingredients.read.cosing import cosing_table, restriction_words

    table = cosing_table(reader, refs)
    if settings.format is not None or settings.columns is not None:
        print_table(table, settings)
        return
    restriction = table.columns.index("restriction")
    fields: list[list[Any]] = []
    for row in table.rows:
        fields += [["kind", COSMETIC_KIND]]
        fields += [
            [column, restriction_words(value) if index == restriction else value]
            for index, (column, value) in enumerate(zip(table.columns, row, strict=True))
        ]
    print_table(Table(["field", "value"], fields), settings)


@with_output_options
@reports_errors
def search_command(
    ctx: typer.Context,
    text: Annotated[
        list[str], typer.Argument(metavar="WORDS...", help="Words to find; every word must match.")
    ],
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many matches.")] = 100,
    *,
    settings: OutputSettings,
) -> None:
    """Search identifiers, names, aliases, descriptions and statements.

    Every word must match, as a prefix cut back to the part its forms share (pregnancy finds
    pregnant); when no row holds every word, rows holding some are shown, and says so; when
    nothing matches, the closest names are suggested."""
    from ingredients.read import search as searching

    words = " ".join(text)
    reader = open_catalogue(ctx)
    answer = searching.search_answer(reader, words, limit=limit)
    if answer.some_words:
        print(f"Note: nothing holds every word of {words!r}; these rows hold some of them.", file=sys.stderr)
    print_table(answer.rows, settings, nothing_found=lambda: searching.nothing_found(reader, words))


@with_output_options
@reports_errors
def sources_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option(
            help="Only this kind: article, paper, review, regulatory, manufacturer, reference or web.",
            autocompletion=_complete_source_kind,
        ),
    ] = None,
    *,
    settings: OutputSettings,
) -> None:
    """List the bibliography, with how many statements cite each source."""
    from ingredients.read import sources as source_queries

    print_table(
        source_queries.list_sources(open_catalogue(ctx), kind),
        settings,
    )


@with_output_options
@reports_errors
def source_command(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY", help="The source's key, as `sources` lists it.", autocompletion=complete_source_key
        ),
    ],
    *,
    settings: OutputSettings,
) -> None:
    """Show one source and every statement that cites it."""
    from ingredients.read import sources as source_queries
    from ingredients.read.statements import statements_table
    from ingredients.render.entry_text import source_text

    entry = source_queries.source_entry(open_catalogue(ctx), key)
    print_entry(entry, statements_table(entry["cited_by"]), settings, source_text)


@with_output_options
@reports_errors
def compare_command(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(metavar="NAME...", help="Two or more ingredients.", shell_complete=ingredient_slugs),
    ],
    exclude_sponsored: ExcludeSponsored = False,
    condition: Condition = DEFAULT_CONDITION,
    sex: Sex = None,
    *,
    settings: OutputSettings,
) -> None:
    """Compare ingredients side by side.

    Table formats put one ingredient in each column, or, when they do not fit the
    terminal, one block per ingredient; csv, tsv, json and jsonl give one row per
    ingredient. --columns picks the fields compared.
    """
    from ingredients.core.table import Table, parse_columns
    from ingredients.read import queries
    from ingredients.render.output import is_machine_format

    compared = queries.compare(open_catalogue(ctx), names, exclude_sponsored, condition, sex)
    fields = ["slug", *queries.COMPARE_FIELDS]
    records = Table(fields, [[record[f] for f in fields] for record in compared])
    wanted = parse_columns(settings.columns) or queries.COMPARE_FIELDS
    records = records.select(wanted)
    fmt = table_format(settings)
    if is_machine_format(fmt):
        print_table(records, settings)
        return
    items = [(record["slug"], list(row)) for record, row in zip(compared, records.rows, strict=True)]
    print_comparison(list(records.columns), items, replace(settings, format=fmt, columns=None))


def _complete_table(incomplete: str) -> list[str]:
    from ingredients.read.queries import EXPORT_TABLES

    return [name for name in EXPORT_TABLES if name.startswith(incomplete)]


@with_output_options
@reports_errors
def export_command(
    ctx: typer.Context,
    table: Annotated[
        str, typer.Argument(metavar="TABLE", help=f"{', '.join(TABLES)}.", autocompletion=_complete_table)
    ] = "ingredients",
    every_table: Annotated[
        Path | None,
        typer.Option(
            "--all",
            metavar="DIR",
            help="Every table as csv into DIR, with a datapackage.json "
            "describing them (a Frictionless data package); --force writes into a folder "
            "that is not empty.",
        ),
    ] = None,
    *,
    settings: OutputSettings,
) -> None:
    """Export a whole table (csv unless --format says otherwise), streamed row by row; or, with
    --all DIR, the whole catalogue as a data package."""
    from ingredients.read import queries

    reader = open_catalogue(ctx)
    if every_table is None:
        print_table(queries.export_table(reader, table), settings, default_format="csv")
        return
    from ingredients.core.errors import UsageError
    from ingredients.render.data_package import DESCRIPTOR, write_data_package

    if settings.format not in (None, "csv") or settings.columns or settings.output:
        raise UsageError("--all writes every table as csv; it takes no --format, --columns or --output")
    report = write_data_package(reader, every_table, settings.force)
    print(f"Wrote {report.tables} tables ({report.rows} rows) and {DESCRIPTOR} to {report.directory}")
