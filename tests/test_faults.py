"""Faults with real processes: a killed import, two imports at once, Ctrl-C during an import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_console_script import console_script


def synthetic_ingredients(path: Path, count: int, prefix: str) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(
                json.dumps(
                    {
                        "slug": f"{prefix}-{number:05d}",
                        "name": f"{prefix} ingredient {number:05d}",
                        "class": "other",
                        "stated_purpose": "made up for a test",
                    }
                )
                + "\n"
            )
    return path


def user_ingredients(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM ingredient WHERE origin = 'user'").fetchone()[0])


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def start(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [console_script(), "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )


def holds_the_write_lock(db: Path) -> bool:
    """Whether another connection is inside a write transaction on ``db`` right now."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        return True
    finally:
        probe.close()


def wait_until_writing(process: subprocess.Popen[str], db: Path) -> None:
    """Return once the process is inside its write transaction (it holds the write lock)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the process ended before it was seen writing"
        if holds_the_write_lock(db):
            return
        time.sleep(0.005)
    pytest.fail("the process was never seen writing")


def test_a_killed_import_leaves_the_catalogue_as_it_was(db_path: Path, tmp_path: Path) -> None:
    rows = synthetic_ingredients(tmp_path / "big.jsonl", 30_000, "killed")
    process = start(db_path, "import", str(rows))
    wait_until_writing(process, db_path)
    process.kill()
    # Killed, not finished: the kill landed while the import was writing.
    assert process.wait(timeout=30) == -signal.SIGKILL
    assert user_ingredients(db_path) == 0
    assert integrity(db_path) == "ok"
    check = subprocess.run(
        [console_script(), "--db", str(db_path), "db", "check"], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_second_import_waits_for_the_first(db_path: Path, tmp_path: Path) -> None:
    first = synthetic_ingredients(tmp_path / "a.jsonl", 20_000, "first")
    second = synthetic_ingredients(tmp_path / "b.jsonl", 50, "second")
    writing = start(db_path, "import", str(first))
    wait_until_writing(writing, db_path)
    # The first import holds the write lock now, so the second can only succeed by waiting.
    waiting = start(db_path, "import", str(second))
    for process in (writing, waiting):
        code = process.wait(timeout=120)
        _stdout, stderr = process.communicate()
        assert (code, stderr) == (0, "")
    assert user_ingredients(db_path) == 20_050
    assert integrity(db_path) == "ok"


def test_ctrl_c_during_an_import_writes_nothing(db_path: Path, tmp_path: Path) -> None:
    rows = synthetic_ingredients(tmp_path / "c.jsonl", 30_000, "interrupted")
    process = start(db_path, "import", str(rows))
    wait_until_writing(process, db_path)
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=60)
    _stdout, stderr = process.communicate()
    # 130, not 0: the interrupt landed while the import was writing, and it says what happened
    # (never "the import failed ... user-defined function raised exception").
    assert (code, stderr) == (130, "Interrupted: nothing was written.\n")
    assert user_ingredients(db_path) == 0
    assert integrity(db_path) == "ok"


def test_an_interrupt_whose_exception_was_lost_still_writes_nothing(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As when Ctrl-C strikes inside a garbage-collection callback: Python prints the
    # KeyboardInterrupt as "ignored" and carries on; only the handler's record remains.
    from ingredients.exchange.user_entries import import_entries, open_import_files
    from ingredients.store import interrupts
    from ingredients.store.location import resolve_location

    monkeypatch.setattr(interrupts, "_requested", True)
    monkeypatch.setattr(interrupts, "_write_stopped", False)
    rows = synthetic_ingredients(tmp_path / "d.jsonl", 10, "lost")
    with pytest.raises(KeyboardInterrupt):
        import_entries(resolve_location(str(db_path)), open_import_files([rows]))
    assert user_ingredients(db_path) == 0
