"""A damaged catalogue is explained, never a traceback: `db check` names the damage, `db rebuild`
makes a damaged search index again and refuses to write around a damaged table.

Each row damages a copy of the seeded catalogue one way, as a disk, a crash or another
program can.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import Invoke


def _overwrite_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * 8192)


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 3)


def _break_search_config(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE search_index_config SET v = 99 WHERE k = 'version'")


def _break_search_data(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE search_index_data SET block = zeroblob(length(block)) WHERE id > 10")


DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    ("an overwritten page", _overwrite_middle, "malformed"),
    ("a truncated file", _truncate, "malformed"),
    ("a damaged search configuration", _break_search_config, "the search index search_index is damaged"),
    ("damaged search data", _break_search_data, "the search index search_index is damaged"),
]


@pytest.mark.parametrize(("what", "damage", "named"), DAMAGE, ids=[row[0] for row in DAMAGE])
def test_db_check_reports_damage_as_findings(
    invoke: Invoke, db_path: Path, what: str, damage: Callable[[Path], None], named: str
) -> None:
    damage(db_path)
    result = invoke("db", "check")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    problems = [line for line in result.stdout.splitlines() if line.startswith("PROBLEM")]
    assert problems and any(named in line for line in problems), result.stdout
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("damage", [_break_search_config, _break_search_data], ids=["config", "data"])
def test_db_rebuild_makes_a_damaged_search_index_again(
    invoke: Invoke, db_path: Path, damage: Callable[[Path], None]
) -> None:
    damage(db_path)
    rebuilt = invoke("db", "rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert db_path.with_name(db_path.name + ".bak-rebuild").is_file()
    checked = invoke("db", "check")
    assert checked.exit_code == 0, checked.output
    assert "minoxidil" in invoke("search", "minoxidil").stdout


@pytest.mark.parametrize("damage", [_overwrite_middle, _truncate], ids=["overwritten", "truncated"])
def test_db_rebuild_refuses_a_damaged_table_and_writes_nothing(
    invoke: Invoke, db_path: Path, damage: Callable[[Path], None]
) -> None:
    damage(db_path)
    before = db_path.read_bytes()
    result = invoke("db", "rebuild")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot rebuild {db_path}: it is damaged (")
    assert ".recover" in result.stderr and "export --all" in result.stderr
    assert result.stderr.count("\n") == 1
    assert db_path.read_bytes() == before
    assert not db_path.with_name(db_path.name + ".bak-rebuild").exists()
