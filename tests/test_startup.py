"""Start-up stays light: --help and completion never load the database stack."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import CommandTable

# pydantic and rich cost tens of milliseconds each; reads and help need neither.
HEAVY = ("sqlalchemy", "sqlmodel", "tabulate", "pydantic", "rich")

# The modules that define commands: a command loads its own and no other.
COMMAND_MODULES = tuple(sorted({where.partition(":")[0] for where in CommandTable.COMMANDS.values()}))

_PROBE = """
import sys
from cli.main import app
try:
    app(prog_name="ingredients")
except SystemExit:
    pass
sys.stderr.write("LOADED:" + ",".join(m for m in {heavy!r} if m in sys.modules) + "\\n")
"""


def run_probe(args: list[str], env: dict[str, str], watched: tuple[str, ...] = HEAVY) -> tuple[str, set[str]]:
    """What the program prints for ``args``, and which of the ``watched`` modules it loaded."""
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=watched), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )
    marker = [line for line in completed.stderr.splitlines() if line.startswith("LOADED:")]
    assert marker, completed.stderr
    loaded = {name for name in marker[0].removeprefix("LOADED:").split(",") if name}
    return completed.stdout, loaded


def test_help_does_not_import_the_database_stack(tmp_path: Path) -> None:
    stdout, loaded = run_probe(["--help"], {"INGREDIENTS_DB": str(tmp_path / "x.db")})
    assert "Usage" in stdout
    assert loaded == set()
    assert not (tmp_path / "x.db").exists()


def test_command_help_does_not_import_the_database_stack(tmp_path: Path) -> None:
    _, loaded = run_probe(["export", "--help"], {"INGREDIENTS_DB": str(tmp_path / "x.db")})
    assert loaded == set()


def test_name_completion_reads_sqlite_only(db_path: Path) -> None:
    stdout, loaded = run_probe(
        [],
        {
            "INGREDIENTS_DB": str(db_path),
            "_INGREDIENTS_COMPLETE": "complete_bash",
            "COMP_WORDS": "ingredients show bi",
            "COMP_CWORD": "2",
        },
    )
    assert stdout.split() == ["biochanin-a", "biotin"]
    assert loaded == set()


def test_completion_on_a_missing_database_is_silent_and_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "none.db"
    stdout, loaded = run_probe(
        [],
        {
            "INGREDIENTS_DB": str(target),
            "_INGREDIENTS_COMPLETE": "complete_bash",
            "COMP_WORDS": "ingredients show bi",
            "COMP_CWORD": "2",
        },
    )
    assert stdout.strip() == ""
    assert loaded == set()
    assert not target.exists()


def test_a_ready_database_is_read_without_the_write_stack(db_path: Path) -> None:
    stdout, loaded = run_probe(["show", "biotin", "-f", "json"], {"INGREDIENTS_DB": str(db_path)})
    assert '"slug": "biotin"' in stdout
    assert loaded == set()


def test_show_loads_no_file_reader(db_path: Path) -> None:
    """Reading one entry needs neither the import's file readers nor the files of the seed."""
    watched = ("ingredients.exchange.import_files", "csv", "json", "importlib.resources")
    stdout, loaded = run_probe(["show", "biotin"], {"INGREDIENTS_DB": str(db_path)}, watched)
    assert "Biotin" in stdout
    assert loaded == set()


def test_a_table_loads_tabulate_only(db_path: Path) -> None:
    stdout, loaded = run_probe(["list"], {"INGREDIENTS_DB": str(db_path)})
    assert "Minoxidil" in stdout
    assert loaded == {"tabulate"}


def test_help_lists_the_same_routes_and_levels_as_the_vocabulary() -> None:
    # Help text is written out so that --help need not import the library.
    from cli.catalogue_commands import LEVEL_HELP, ROUTE_HELP
    from ingredients.core.vocabulary import LEVEL_BY_LABEL, ROUTES

    expected_routes = ", ".join(ROUTES).replace(", any", " or any") + "."
    expected_levels = ", ".join(LEVEL_BY_LABEL).replace(", approved", " or approved") + "."
    assert (expected_routes, expected_levels) == (ROUTE_HELP, LEVEL_HELP)


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["show", "biotin", "-f", "json"], "cli.catalogue_commands"),
        (["check", "Biotin"], "cli.check_commands"),
        (["grades"], "cli.evidence_commands"),
        (["db", "path"], "cli.db_commands"),
        (["import", "--help"], "cli.entry_commands"),
        (["site", "--help"], "cli.site_command"),
    ],
)
def test_a_command_loads_its_own_module_and_no_other(db_path: Path, args: list[str], module: str) -> None:
    _, loaded = run_probe(args, {"INGREDIENTS_DB": str(db_path)}, COMMAND_MODULES)
    assert loaded == {module}


def test_help_lists_every_command(tmp_path: Path) -> None:
    stdout, loaded = run_probe(["--help"], {"INGREDIENTS_DB": str(tmp_path / "x.db")}, COMMAND_MODULES)
    listed = [line.split()[0] for line in stdout.partition("Commands:")[2].splitlines() if line.strip()]
    assert listed == list(CommandTable.COMMANDS)
    assert loaded == set(COMMAND_MODULES)


def test_the_command_table_names_what_each_module_defines() -> None:
    """A command written in a module but left out of the table would never run."""
    import importlib

    import typer

    for module in COMMAND_MODULES:
        names = vars(importlib.import_module(module))
        groups = [value for value in names.values() if isinstance(value, typer.Typer)]
        in_a_group = {info.callback for group in groups for info in group.registered_commands}
        defined = {
            f"{module}:{name}"
            for name, value in names.items()
            if isinstance(value, typer.Typer)
            or (name.endswith("_command") and callable(value) and value not in in_a_group)
        }
        assert defined <= set(CommandTable.COMMANDS.values()), defined - set(CommandTable.COMMANDS.values())
