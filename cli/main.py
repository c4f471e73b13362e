"""The `ingredients` application: global options and the command table.

Only typer and the standard library are imported at module level: `--help` and
shell completion must never load the database stack.
"""

from __future__ import annotations

import itertools
import os
import sys
from typing import Annotated

import typer

from . import catalogue_commands as commands
from .check_commands import check_command, formulations_command
from .db_commands import db_app
from .entry_commands import import_command, remove_command
from .evidence_commands import claims_command, effects_command, grades_command
from .failures import USAGE_ERROR_EXIT
from .site_command import site_command

app = typer.Typer(
    name="ingredients",
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


app.command("list")(commands.list_command)
app.command("show")(commands.show_command)
app.command("search")(commands.search_command)
app.command("sources")(commands.sources_command)
app.command("source")(commands.source_command)
app.command("compare")(commands.compare_command)
app.command("export")(commands.export_command)
app.command("formulations")(formulations_command)
app.command("check")(check_command)
app.command("grades")(grades_command)
app.command("claims")(claims_command)
app.command("effects")(effects_command)
app.command("import")(import_command)
app.command("remove")(remove_command)
app.command("site")(site_command)
app.add_typer(db_app, name="db")


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
