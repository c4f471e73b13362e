"""The "When things go wrong" promises (docs/commands.md) about how the program ends, with real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingredients.render.destination import Destination, write_destination
from tests.test_console_script import console_script

FORMATS = ["csv", "tsv", "json", "jsonl", "simple", "github", "grid", "html"]


def cli(*args: str) -> list[str]:
    return [console_script(), *args]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_pipe_closed_before_the_output_ends_with_status_1(db_path: Path, fmt: str) -> None:
    # The reader takes a few bytes and leaves, while most of the output is still to come
    # (the statements table is larger than a pipe's buffer in every format).
    process = subprocess.Popen(
        cli("--db", str(db_path), "export", "statements", "-f", fmt),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert len(process.stdout.read(10)) == 10
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "minoxidil"],
        ["show", "minoxidil", "-f", "json"],
        ["sources", "-f", "csv"],
        ["compare", "minoxidil", "biotin"],
    ],
)
def test_a_pipe_closed_before_the_start_ends_with_status_1(db_path: Path, args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        completed = subprocess.run(
            cli("--db", str(db_path), *args),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (completed.returncode, completed.stderr) == (1, "")


def test_a_full_disk_on_standard_output_is_one_error_line(db_path: Path, device) -> None:
    with open(device("full"), "w") as full:
        completed = subprocess.run(
            cli("--db", str(db_path), "export", "statements"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert completed.returncode == 1
    assert completed.stderr == "Error: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("blocker", ["file", "file-above"])
def test_a_data_folder_that_cannot_be_made_is_one_error_line(tmp_path: Path, blocker: str) -> None:
    (tmp_path / "data").write_text("a file where the folder should be\n")
    data_home = tmp_path / "data" if blocker == "file" else tmp_path / "data" / "below"
    env = {k: v for k, v in os.environ.items() if k != "INGREDIENTS_DB"}
    completed = subprocess.run(
        cli("list"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**env, "XDG_DATA_HOME": str(data_home)},
    )
    assert completed.returncode == 1
    assert completed.stderr == (
        f"Error: cannot create the data folder {data_home / 'ingredients'}: Not a directory\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_data_folder_without_permission_is_one_error_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    env = {k: v for k, v in os.environ.items() if k != "INGREDIENTS_DB"}
    completed = subprocess.run(
        cli("list"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**env, "XDG_DATA_HOME": str(locked)},
    )
    assert completed.returncode == 1
    assert completed.stderr.startswith("Error: cannot create the data folder")


# Sends SIGINT to itself the moment the program starts importing Typer: Ctrl-C while loading.
INTERRUPT_WHILE_LOADING = """
import builtins, os, signal, sys
real_import = builtins.__import__
def interrupting_import(name, *args, **kwargs):
    if name == "typer" and not os.environ.get("_SENT"):
        os.environ["_SENT"] = "1"
        sys.stdout.write("interrupted while loading\\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGINT)
    return real_import(name, *args, **kwargs)
builtins.__import__ = interrupting_import
sys.argv = ["ingredients", "--help"]
from cli.entry import run
run()
"""


def test_ctrl_c_while_loading_ends_quietly_with_130() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", INTERRUPT_WHILE_LOADING],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # The interrupt landed before the help was printed, i.e. while the program was loading.
    assert completed.stdout == "interrupted while loading\n"
    assert (completed.returncode, completed.stderr) == (130, "")


def test_a_failed_output_file_never_appears(tmp_path: Path) -> None:
    target = tmp_path / "half.csv"

    def chunks():
        yield "slug,name\n"
        yield "a,A\n"
        raise RuntimeError("the export failed half way")

    with pytest.raises(RuntimeError):
        write_destination(Destination(target, in_place=False, mode=0o644), chunks())
    assert list(tmp_path.iterdir()) == []
