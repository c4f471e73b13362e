"""The `ingredients` application: global options and the command table.

Only typer and the standard library are imported at module level: `--help` and
shell completion must never load the database stack, and a command loads only its
own module (lazy_group.py).
"""

from __future__ import annotations

import itertools
import os
import sys
from typing import Annotated, ClassVar

import typer

from .failures import USAGE_ERROR_EXIT
from .lazy_group import LazyGroup


class CommandTable(LazyGroup):
    """Every command, where it is defined, in the order --help lists them."""

    COMMANDS: ClassVar[dict[str, str]] = {
        "list": "cli.catalogue_commands:list_command",
        "show": "cli.catalogue_commands:show_command",
        "search": "cli.catalogue_commands:search_command",
        "sources": "cli.catalogue_commands:sources_command",
        "source": "cli.catalogue_commands:source_command",
        "compare": "cli.catalogue_commands:compare_command",
        "export": "cli.catalogue_commands:export_command",
        "formulations": "cli.check_commands:formulations_command",
        "check": "cli.check_commands:check_command",
        "grades": "cli.evidence_commands:grades_command",
        "claims": "cli.evidence_commands:claims_command",
        "effects": "cli.evidence_commands:effects_command",
        "import": "cli.entry_commands:import_command",
        "remove": "cli.entry_commands:remove_command",
        "site": "cli.site_command:site_command",
        "db": "cli.db_commands:db_app",
    }


app = typer.Typer(
    name="ingredients",
    cls=CommandTable,
    help=(
        "Reference database of hair-loss mesotherapy ingredients: identifiers, stated "
        "purposes, graded and cited evidence, safety and regulation. Not medical advice."
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    # Plain help and usage errors: no Rich import on start-up, and usage errors
    # read "Error: ..." like every other error of this program.
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        import seed_data
        from ingredients import __version__

        typer.echo(f"ingredients {__version__} (seed data {seed_data.SEED_DATA_VERSION})")
        raise typer.Exit()


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="Database file or SQLAlchemy URL. Default: $INGREDIENTS_DB if set, else "
            "ingredients.db in your user data directory.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Reference database of hair-loss mesotherapy ingredients."""


CLOSED_PIPE_EXIT = 1


_COMPLETION_OPTIONS = ("--show-completion", "--install-completion")
_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _honour_a_named_shell(arguments: list[str]) -> None:
    """Let `--show-completion zsh` mean zsh.

    Typer's completion options are plain flags while it can detect the shell, and
    then a shell named after them is ignored (bash's script printed for zsh). With
    detection switched off they take the shell's name instead, so switch it off
    exactly when a name follows.
    """
    for option, value in itertools.pairwise(arguments):
        if option in _COMPLETION_OPTIONS and value in _SHELLS:
            os.environ["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"
        elif option in _COMPLETION_OPTIONS and not value.startswith("-"):
            # Typer would print bash's script for a shell it cannot serve.
            print(
                f"Error: cannot complete for the shell {value!r}; choose from: {', '.join(_SHELLS)}",
                file=sys.stderr,
            )
            sys.exit(USAGE_ERROR_EXIT)


def run() -> None:
    """Run the application: quiet on a closed pipe and on Ctrl-C."""
    _honour_a_named_shell(sys.argv[1:])
    try:
        app()
    except SystemExit:
        _exit_if_interrupted()
        raise
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly with the status Click gives
        # a closed pipe inside a command, and keep Python from complaining again
        # when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(CLOSED_PIPE_EXIT)
    except KeyboardInterrupt:
        # Ctrl-C before Typer took over (it turns later ones into a quiet 130 itself).
        sys.exit(130)


def _exit_if_interrupted() -> None:
    """Ctrl-C whose exception was lost (see ingredients.store.interrupts) still ends with 130;
    one that stopped a write says that nothing was written."""
    from ingredients.store import interrupts

    if interrupts.write_was_stopped():
        print("Interrupted: nothing was written.", file=sys.stderr)
    if interrupts.requested():
        sys.exit(130)
