"""The output options every listing command shares, and where its output goes.

--format, --columns, --output, --no-headers and --force mean the same on every
command; the `with_output_options` decorator adds them, so no command declares
them twice.
"""

import functools
import inspect
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from .failures import USAGE_ERROR_EXIT, fail, is_valid_text
from .session import complete_columns

PANEL = "Output"


def _complete_format(incomplete: str) -> list[str]:
    from ingredients.render.output import MACHINE_FORMATS, human_formats

    return [name for name in [*MACHINE_FORMATS, *human_formats()] if name.startswith(incomplete)]


@dataclass(frozen=True)
class OutputSettings:
    format: str | None
    columns: str | None
    output: Path | None
    no_headers: bool
    force: bool

    @property
    def headers(self) -> bool:
        return not self.no_headers

    def width(self) -> int | None:
        """Wrap to the terminal when writing to one, or to $COLUMNS when it is set (as `ls`
        does, so that a pipe or a script can ask for a width); never when writing to a file."""
        if self.output is None and (sys.stdout.isatty() or _columns_variable()):
            return shutil.get_terminal_size().columns
        return None


def _columns_variable() -> bool:
    """True when $COLUMNS names a width (shutil reads it the same way)."""
    try:
        return int(os.environ.get("COLUMNS", "")) > 0
    except ValueError:
        return False


_OPTIONS: list[tuple[str, Any, Any]] = [
    (
        "format",
        Annotated[
            str | None,
            typer.Option(
                "--format",
                "-f",
                metavar="FORMAT",
                rich_help_panel=PANEL,
                autocompletion=_complete_format,
                help="csv, tsv, json, jsonl, or a tabulate table format (simple, github, grid...).",
            ),
        ],
        None,
    ),
    (
        "columns",
        Annotated[
            str | None,
            typer.Option(
                "--columns",
                "-c",
                metavar="A,B,...",
                rich_help_panel=PANEL,
                autocompletion=complete_columns,
                help="Comma-separated columns to show, in this order.",
            ),
        ],
        None,
    ),
    (
        "output",
        Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                metavar="FILE",
                rich_help_panel=PANEL,
                help="Write to FILE instead of standard output (- for standard output); the format follows "
                "the name (.csv, .tsv, .json, .jsonl, .md, .html, .tex) unless --format says otherwise.",
            ),
        ],
        None,
    ),
    (
        "no_headers",
        Annotated[
            bool,
            typer.Option(
                "--no-headers",
                rich_help_panel=PANEL,
                help="Leave out the header row (json and jsonl: rows as arrays).",
            ),
        ],
        False,
    ),
    (
        "force",
        Annotated[
            bool, typer.Option("--force", rich_help_panel=PANEL, help="Overwrite an existing --output file.")
        ],
        False,
    ),
]
_NAMES = [name for name, _, _ in _OPTIONS]


def _settings(values: dict[str, Any]) -> OutputSettings:
    """The options as given, with `-o -` meaning stdout and the format taken from -o's name.

    A bad --output is refused here, before any work is done.
    """
    from ingredients.core.errors import IngredientsError, UsageError

    output: Path | None = values["output"]
    if output is None:
        return OutputSettings(**values)
    if not is_valid_text(output):
        fail("--output is not valid UTF-8 text", USAGE_ERROR_EXIT)
    from ingredients.render.destination import STANDARD_OUTPUT, check_destination, format_for_path

    try:
        fmt = format_for_path(output, values["format"])
        if os.fspath(output) == STANDARD_OUTPUT:
            output = None
        else:
            check_destination(output, force=values["force"])
    except UsageError as exc:
        fail(str(exc), USAGE_ERROR_EXIT)
    except IngredientsError as exc:
        fail(str(exc))
    return OutputSettings(**{**values, "format": fmt, "output": output})


def with_output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared output options to a command that takes `settings: OutputSettings`."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name != "settings"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default)
        for name, kind, default in _OPTIONS
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        settings = _settings({name: kwargs.pop(name) for name in _NAMES})
        return command(*args, settings=settings, **kwargs)

    parameters = [*kept, *added]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper


def _neutralise_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush cannot fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


_STDOUT_SLICE = 16384


def _write_stdout(chunks: Iterable[str]) -> None:
    from ingredients.core.errors import IngredientsError

    try:
        for chunk in chunks:
            # In slices: one large write that a closed pipe cuts short is not reported
            # as an error, so the exit status would depend on how big the output was.
            for start in range(0, len(chunk), _STDOUT_SLICE):
                sys.stdout.write(chunk[start : start + _STDOUT_SLICE])
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _neutralise_stdout()
        raise IngredientsError(f"cannot write to standard output: {exc.strerror or exc}") from exc


def emit(chunks: Iterable[str], settings: OutputSettings) -> None:
    """Write output to stdout, or to --output (see ingredients.render.destination for how)."""
    if settings.output is None:
        _write_stdout(chunks)
        return
    from ingredients.render.destination import check_destination, write_destination

    write_destination(check_destination(settings.output, force=settings.force), chunks)
