"""End to end: the installed `ingredients` console script, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import seed_data


def console_script() -> str:
    beside_python = Path(sys.executable).parent / "ingredients"
    found = str(beside_python) if beside_python.exists() else shutil.which("ingredients")
    if found is None:
        pytest.fail("the `ingredients` console script is not installed; run the README's install step")
    return found


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [console_script(), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **env},
    )


def test_fresh_user_first_command_just_works(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    clean = {k: v for k, v in os.environ.items() if k != "INGREDIENTS_DB"}
    completed = subprocess.run(
        [console_script(), "list", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**clean, **env},
    )
    assert completed.returncode == 0, completed.stderr
    assert len(json.loads(completed.stdout)) == len(seed_data.ingredient_files())
    assert (tmp_path / "data" / "ingredients" / "ingredients.db").exists()


def test_domain_error_is_one_line_and_exit_1(tmp_path: Path) -> None:
    completed = run("show", "unobtainium", env={"INGREDIENTS_DB": str(tmp_path / "c.db")})
    assert completed.returncode == 1
    assert completed.stderr.startswith("Error: no ingredient named 'unobtainium'")
    assert completed.stderr.count("\n") == 1
    assert completed.stdout == ""


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "INGREDIENTS_DB": str(tmp_path / "c.db")}
    first = subprocess.run([console_script(), "list"], env=env, capture_output=True, check=False)
    assert first.returncode == 0
    producer = subprocess.Popen(
        [console_script(), "export", "statements", "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.readline()
    producer.stdout.close()  # what `| head -1` does
    stderr = producer.stderr.read().decode()
    producer.wait(timeout=60)
    # Click's convention for a closed pipe: exit 1, say nothing.
    assert producer.returncode == 1
    assert stderr == ""
