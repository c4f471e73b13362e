"""Commands about mixes: the stored formulations, and checking a list of ingredients."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ingredients.check.avoid_list import AvoidList
    from ingredients.check.check_report import CheckReport

from .evidence_options import DEFAULT_CONDITION, Condition
from .failures import USAGE_ERROR_EXIT, fail, reports_errors
from .output_options import OutputSettings, emit, with_output_options
from .session import complete_formulation, open_catalogue
from .tables import print_entry, print_table, say_left_out, table_format

CHECK_ROUTE_HELP = "intradermal, topical, oral or parenteral."
# Read at most this many bytes of a file or of standard input (the list limit is far lower).
_READ_LIMIT = 1_000_000


@with_output_options
@reports_errors
def formulations_command(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="A formulation's slug or full name: show that one.",
            show_default=False,
            autocompletion=complete_formulation,
        ),
    ] = None,
    *,
    settings: OutputSettings,
) -> None:
    """List the stored formulations, or show one with its components and source.

    One formulation prints as text; -f json/jsonl as one nested record; any other
    --format or --columns as the table of its components.
    """
    from ingredients.read import formulations

    reader = open_catalogue(ctx)
    if name is None:
        print_table(formulations.list_formulations(reader), settings)
        return
    from ingredients.render.formulation_text import formulation_text

    entry = formulations.formulation_entry(reader, formulations.resolve_formulation(reader, name))
    print_entry(entry, formulations.components_table(entry), settings, formulation_text)


def _complete_checked_route(incomplete: str) -> list[str]:
    from ingredients.check.formulation_check import ROUTES_CHECKED

    return [route for route in ROUTES_CHECKED if route.startswith(incomplete.lower())]


def _read_limited(stream: object, what: str) -> str:
    raw = stream.read(_READ_LIMIT + 1)  # type: ignore[attr-defined]
    # Measured before decoding: a cut through a multi-byte character is not a decoding error.
    if len(raw) > _READ_LIMIT:
        fail(f"{what} is longer than {_READ_LIMIT} bytes")
    if isinstance(raw, str):
        return raw
    try:
        return str(raw.decode("utf-8"))
    except UnicodeDecodeError:
        fail(f"{what} is not UTF-8 text")


def _list_text(items: list[str], file: Path | None) -> str:
    if file is not None:
        try:
            with file.open("rb") as stream:
                return _read_limited(stream, f"--file {file}")
        except OSError as exc:
            fail(f"cannot read --file {file}: {exc.strerror or exc}")
    if items == ["-"]:
        return _read_limited(getattr(sys.stdin, "buffer", sys.stdin), "standard input")
    if "-" in items:
        fail("'-' (standard input) must be the only list argument", USAGE_ERROR_EXIT)
    return "\n".join(items)


@with_output_options
@reports_errors
def check_command(
    ctx: typer.Context,
    items: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[LIST]...",
            help="Ingredients separated by commas, semicolons or new lines, in one argument or several; "
            "'-' reads the list from standard input.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", metavar="FILE", help="Read the list from FILE.")
    ] = None,
    formulation: Annotated[
        str | None,
        typer.Option(
            "--formulation",
            metavar="NAME",
            help="Check a stored formulation (slug or name).",
            autocompletion=complete_formulation,
        ),
    ] = None,
    route: Annotated[
        str | None,
        typer.Option(
            "--route",
            "-r",
            help=f"The route the mix is given by: {CHECK_ROUTE_HELP} "
            "[default: intradermal; a stored formulation's own route]",
            autocompletion=_complete_checked_route,
        ),
    ] = None,
    findings_only: Annotated[
        bool,
        typer.Option(
            "--findings",
            help="Print the findings table instead of the per-ingredient rows "
            "(in every format; json gives them as an array).",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any finding is a warning or serious.")
    ] = False,
    condition: Condition = DEFAULT_CONDITION,
    avoid: Annotated[
        Path | None,
        typer.Option(
            "--avoid",
            metavar="FILE",
            envvar="INGREDIENTS_AVOID",
            help="Your avoid-list: names, classes or flag names (such as pregnancy), one a "
            "line; any item that hits it is reported and the check exits 1.",
        ),
    ] = None,
    *,
    settings: OutputSettings,
) -> None:
    """Check a list of ingredients, or a stored formulation, against the catalogue.

    Each item is matched (name, alias, INCI name, CAS number or slug, accents and
    case ignored; near misses by similarity, with their confidence shown), its
    declared concentration compared with the strengths studied or approved on the
    route, and its best evidence and regulators' flags shown; then findings about
    the mix as a whole. Reference information, not medical advice: sterility and
    suitability for injection are not assessed.
    """
    from ingredients.check.formulation_check import DEFAULT_ROUTE, check_formulation, check_items
    from ingredients.check.mix_parsing import parse_list
    from ingredients.core.errors import UsageError

    given = [source for source in (items, file, formulation) if source]
    if len(given) != 1:
        raise UsageError(
            "give the list as arguments (or '-' for standard input), --file FILE or --formulation NAME"
            + (", only one of them" if given else "")
        )
    # An unknown format is a usage error before any work; the report for reading needs no format.
    fmt = table_format(settings) if settings.format or settings.columns else None
    reader = open_catalogue(ctx)
    if formulation:
        report = check_formulation(reader, formulation, route, condition)
    else:
        report = check_items(
            reader, parse_list(_list_text(items or [], file)), route or DEFAULT_ROUTE, condition=condition
        )
    if avoid is not None:
        from ingredients.check.avoid_list import apply_avoid_list

        report = apply_avoid_list(reader, report, _read_avoid_list(avoid))
    _print_report(report, settings, fmt, findings_only)
    hit = any(finding.kind == "on-avoid-list" for finding in report.findings)
    if hit or (strict and report.worst_severity in ("serious", "warning")):
        raise typer.Exit(1)


def _read_avoid_list(path: Path) -> AvoidList:
    from ingredients.check.avoid_list import read_avoid_list
    from ingredients.core.errors import UsageError

    try:
        with path.open(encoding="utf-8") as lines:
            return read_avoid_list(lines)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"cannot read the avoid-list {path}: {reason}") from None


def _print_report(
    report: CheckReport, settings: OutputSettings, fmt: str | None, findings_only: bool
) -> None:
    from ingredients.core.table import parse_columns
    from ingredients.render.check_output import report_output

    output = report_output(
        report,
        fmt,
        parse_columns(settings.columns),
        headers=settings.headers,
        width=settings.width(),
        findings_only=findings_only,
    )
    emit(output.chunks, settings)
    if output.aside:
        typer.echo(output.aside, err=True)
    say_left_out(output.left_out, settings)
