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
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from .failures import fail

PANEL = "Output"


def _complete_format(incomplete: str) -> list[str]:
    from ingredients.output import MACHINE_FORMATS, human_formats

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
        """Wrap to the terminal only when writing to one."""
        if self.output is None and sys.stdout.isatty():
            return shutil.get_terminal_size().columns
        return None


_OPTIONS: list[tuple[str, Any, Any]] = [
    (
        "format",
        Annotated[
            str | None,
            typer.Option(
                "--format", "-f", metavar="FORMAT", rich_help_panel=PANEL,
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
                "--columns", "-c", metavar="A,B,...", rich_help_panel=PANEL,
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
                "--output", "-o", metavar="FILE", rich_help_panel=PANEL,
                help="Write to FILE instead of standard output.",
            ),
        ],
        None,
    ),
    (
        "no_headers",
        Annotated[
            bool,
            typer.Option(
                "--no-headers", rich_help_panel=PANEL,
                help="Leave out the header row (json and jsonl: rows as arrays).",
            ),
        ],
        False,
    ),
    (
        "force",
        Annotated[
            bool,
            typer.Option("--force", rich_help_panel=PANEL, help="Overwrite an existing --output file."),
        ],
        False,
    ),
]
_NAMES = [name for name, _, _ in _OPTIONS]


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
        settings = OutputSettings(**{name: kwargs.pop(name) for name in _NAMES})
        return command(*args, settings=settings, **kwargs)

    parameters = [*kept, *added]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper


def check_destination(settings: OutputSettings) -> None:
    """Refuse a bad --output before any work is done."""
    target = settings.output
    if target is None:
        return
    if target.is_dir():
        fail(f"--output {target} is a directory")
    if not target.absolute().parent.is_dir():
        fail(f"--output directory {target.absolute().parent} does not exist")
    if target.exists() and not settings.force:
        fail(f"--output {target} already exists; add --force to overwrite it")


def emit(chunks: Iterable[str], settings: OutputSettings) -> None:
    """Write output to stdout, or to --output through a temporary file and a rename.

    The rename means a failed or interrupted export never leaves half a file.
    """
    if settings.output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    check_destination(settings)
    target = settings.output.absolute()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            for chunk in chunks:
                stream.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
