"""Tables for people keep their key columns: every listing command at 60, 80 and 120 columns,
both in a real pseudo-terminal and with $COLUMNS, shows each key (as a column, or each row as a
block), never prints a line wider than the terminal, and names whatever it left out."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import pty
import struct
import subprocess
import termios
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.check.check_report import FINDING_LAYOUT, ROW_LAYOUT
from ingredients.core.table import Layout
from ingredients.read.claims import CLAIM_LAYOUT
from ingredients.read.effects import EFFECT_LAYOUT
from ingredients.read.formulations import LIST_LAYOUT as FORMULATIONS_LAYOUT
from ingredients.read.queries import LIST_LAYOUT
from ingredients.read.search import SEARCH_LAYOUT
from ingredients.read.sources import SOURCES_LIST_LAYOUT

from .test_console_script import console_script

WIDTHS = (60, 80, 120)
MIX = "Aqua, Panthenol, Biotine, Finasteride 0.05%"


class Listing(NamedTuple):
    args: tuple[str, ...]
    layout: Layout


LISTINGS = {
    "list": Listing(("list",), LIST_LAYOUT),
    "search": Listing(("search", "minoxidil"), SEARCH_LAYOUT),
    "effects": Listing(("effects", "minoxidil"), EFFECT_LAYOUT),
    "claims": Listing(("claims", "finasteride"), CLAIM_LAYOUT),
    "sources": Listing(("sources",), SOURCES_LIST_LAYOUT),
    "formulations": Listing(("formulations",), FORMULATIONS_LAYOUT),
    "check": Listing(("check", "-f", "simple", MIX), ROW_LAYOUT),
    "check --findings": Listing(("check", "--findings", "-f", "simple", MIX), FINDING_LAYOUT),
}


class Output(NamedTuple):
    stdout: str
    stderr: str


def in_a_terminal(db_path: Path, args: tuple[str, ...], width: int) -> Output:
    """The console script with its standard output on a pseudo-terminal ``width`` wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, width, 0, 0))
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    process = subprocess.Popen(
        [console_script(), "--db", str(db_path), *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the program has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    # The terminal driver turns each newline into a carriage return and a newline.
    return Output(b"".join(chunks).decode().replace("\r\n", "\n"), stderr.decode())


def with_columns(db_path: Path, args: tuple[str, ...], width: int) -> Output:
    result = CliRunner().invoke(app, ["--db", str(db_path), *args], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return Output(result.stdout, result.stderr)


RUNS: dict[str, Callable[[Path, tuple[str, ...], int], Output]] = {
    "pty": in_a_terminal,
    "COLUMNS": with_columns,
}


def first_row(db_path: Path, listing: Listing) -> dict[str, str]:
    """The first row's key cells, read from csv (which is never fitted to a terminal)."""
    args = [arg for arg in listing.args if arg not in ("-f", "simple")]
    keys = ",".join(listing.layout.keys)
    result = CliRunner().invoke(app, ["--db", str(db_path), *args, "-f", "csv", "-c", keys])
    return next(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", LISTINGS)
def test_every_listing_keeps_its_keys_at_every_width(db_path: Path, name: str, width: int, run: str) -> None:
    listing = LISTINGS[name]
    output = RUNS[run](db_path, listing.args, width)
    lines = output.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= width
    left_out = output.stderr.split(":", 1)[1].split(".")[0] if output.stderr.startswith("Note:") else ""
    assert not {column.strip() for column in left_out.split(",")} & set(listing.layout.keys), output.stderr
    # Every word of the first row's key cells is printed whole.
    printed = set(output.stdout.split())
    for column, cell in first_row(db_path, listing).items():
        missing = [word for word in cell.split() if word not in printed]
        assert not missing, f"{column}: {missing}"


def test_keys_that_cannot_fit_side_by_side_print_each_row_as_a_block(db_path: Path) -> None:
    """At 60 columns the effects' keys need more room than there is: each study is a block of
    its own, one line per column, and nothing is left out."""
    output = with_columns(db_path, ("effects", "minoxidil"), 60)
    blocks = output.stdout.split("\n\n")
    assert output.stderr == ""
    assert [line.split()[0] for line in blocks[0].splitlines()] == list(EFFECT_LAYOUT.shown)


def test_the_default_list_is_what_a_person_scans(db_path: Path) -> None:
    """A name and the certainty of its evidence, overall and by injection; at 120 columns its
    class too (at 80 the class, whose longest name is 29 characters, is the column left out,
    and the note says so)."""
    output = in_a_terminal(db_path, ("list",), 120)
    assert output.stdout.split()[:4] == ["name", "certainty", "intradermal_certainty", "class"]
    assert output.stderr == ""


def test_a_prose_column_is_wrapped_at_a_reading_width_on_a_wide_terminal(db_path: Path) -> None:
    output = with_columns(db_path, ("claims", "finasteride"), 300)
    header = output.stdout.splitlines()[0]
    claim = header.index("claim")
    rule = output.stdout.splitlines()[1]
    assert len(rule[claim:].split()[0]) <= 60  # the claim column's width


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_check_report_for_reading_fits_every_width(db_path: Path, width: int, run: str) -> None:
    """check without a format is a report, not a table: every line of it fits, nothing is left out."""
    output = RUNS[run](db_path, ("check", MIX), width)
    assert max(len(line) for line in output.stdout.splitlines()) <= width
    assert output.stderr == ""
    assert all(f"{n}. " in output.stdout for n in range(1, 5))


def test_a_table_without_headers_is_fitted_as_it_is_printed(db_path: Path) -> None:
    output = with_columns(db_path, ("list", "--no-headers"), 60)
    lines = output.stdout.splitlines()
    assert "best_evidence" not in output.stdout and "Acetyl" in output.stdout
    assert max(len(line) for line in lines) <= 60
