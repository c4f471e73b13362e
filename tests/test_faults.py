"""Faults with real processes: a killed import, two imports at once, Ctrl-C during a rebuild."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.test_console_script import console_script


def synthetic_ingredients(path: Path, count: int, prefix: str) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(json.dumps({
                "slug": f"{prefix}-{number:05d}", "name": f"{prefix} ingredient {number:05d}",
                "class": "other", "stated_purpose": "made up for a test",
            }) + "\n")
    return path


def user_ingredients(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(
            "SELECT count(*) FROM ingredient WHERE origin = 'user'"
        ).fetchone()[0])


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def start(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [console_script(), "--db", str(db), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ},
    )


def test_a_killed_import_leaves_the_catalogue_as_it_was(db_path: Path, tmp_path: Path) -> None:
    rows = synthetic_ingredients(tmp_path / "big.jsonl", 30_000, "killed")
    process = start(db_path, "import", str(rows))
    wal = db_path.with_name(db_path.name + "-wal")
    deadline = time.monotonic() + 30
    # Kill once the import is writing (its write-ahead log is growing), or at the deadline.
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 256 * 1024:
            break
        time.sleep(0.01)
    process.kill()
    process.wait(timeout=30)
    assert user_ingredients(db_path) in (0, 30_000)  # all or nothing, never a part
    assert integrity(db_path) == "ok"
    check = subprocess.run([console_script(), "--db", str(db_path), "db", "check"],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_two_imports_at_once_lose_nothing(db_path: Path, tmp_path: Path) -> None:
    first = synthetic_ingredients(tmp_path / "a.jsonl", 5_000, "first")
    second = synthetic_ingredients(tmp_path / "b.jsonl", 5_000, "second")
    processes = [start(db_path, "import", str(first)), start(db_path, "import", str(second))]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    succeeded = 0
    for code, _stdout, stderr in results:
        assert "Traceback" not in stderr
        if code == 0:
            succeeded += 1
        else:
            assert code == 1 and stderr.startswith("Error: "), stderr
    assert succeeded >= 1
    assert user_ingredients(db_path) == 5_000 * succeeded
    assert integrity(db_path) == "ok"


def test_ctrl_c_during_rebuild_keeps_the_catalogue(db_path: Path, tmp_path: Path) -> None:
    synthetic = synthetic_ingredients(tmp_path / "c.jsonl", 2_000, "kept")
    subprocess.run([console_script(), "--db", str(db_path), "import", str(synthetic)],
                   check=True, capture_output=True)
    process = start(db_path, "db", "rebuild")
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=60)
    _stdout, stderr = process.communicate()
    assert code in (0, 130), stderr
    assert "Traceback" not in stderr
    assert user_ingredients(db_path) == 2_000
    assert integrity(db_path) == "ok"

