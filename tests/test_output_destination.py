"""--output: the format follows the name, and only ordinary files are ever replaced."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import Invoke


@pytest.mark.parametrize(
    ("name", "parse"),
    [
        ("out.json", lambda text: json.loads(text)[0]["slug"]),
        ("out.jsonl", lambda text: json.loads(text.splitlines()[0])["slug"]),
        ("out.ndjson", lambda text: json.loads(text.splitlines()[0])["slug"]),
        ("out.csv", lambda text: next(csv.DictReader(io.StringIO(text)))["slug"]),
        ("out.tsv", lambda text: next(csv.DictReader(io.StringIO(text), delimiter="\t"))["slug"]),
        ("OUT.JSON", lambda text: json.loads(text)[0]["slug"]),
    ],
)
def test_output_format_follows_the_file_name(invoke: Invoke, tmp_path: Path, name: str, parse) -> None:
    target = tmp_path / name
    result = invoke("export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert parse(target.read_text(encoding="utf-8")) == "acetyl-tetrapeptide-3"


def test_explicit_format_wins_over_the_file_name(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert invoke("export", "-f", "csv", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("slug,")


def test_markdown_and_text_names(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("list", "-o", str(tmp_path / "a.md")).exit_code == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("| name")
    assert invoke("list", "-o", str(tmp_path / "a.txt")).exit_code == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("name ")


def test_unknown_extension_without_format_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    result = invoke("export", "-o", str(target))
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr and ".json" in result.stderr
    assert not target.exists()
    assert invoke("export", "-o", str(target), "-f", "csv").exit_code == 0


def test_dash_means_standard_output(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("export", "sources", "-o", "-", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["key"]
    assert not (Path.cwd() / "-").exists()


def test_new_files_follow_the_umask(invoke: Invoke, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert invoke("export", "-o", str(tmp_path / "a.csv")).exit_code == 0
        os.umask(0o027)
        assert invoke("export", "-o", str(tmp_path / "b.csv")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.csv").stat().st_mode) == 0o640


def test_replacing_a_file_keeps_its_permissions(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    target.write_text("old\n")
    target.chmod(0o604)
    assert invoke("export", "-o", str(target), "--force").exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.read_text().startswith("slug,")


def test_a_link_is_followed_and_stays_a_link(invoke: Invoke, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    refused = invoke("export", "-o", str(link))
    assert refused.exit_code == 1 and "already exists" in refused.stderr
    assert invoke("export", "-o", str(link), "--force").exit_code == 0
    assert link.is_symlink()
    assert real.read_text().startswith("slug,")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".real.csv.")]


def test_a_dangling_link_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "missing.csv")
    result = invoke("export", "-o", str(link), "--force")
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert link.is_symlink() and not (tmp_path / "missing.csv").exists()


def test_a_character_device_is_written_into_not_replaced(tmp_path: Path, db_path: Path, device) -> None:
    # Through a link, which must be followed to the device and stay a link.
    null = device("null")
    link = tmp_path / "null.csv"
    link.symlink_to(null)
    completed = subprocess.run(
        [sys.executable, "-m", "cli", "--db", str(db_path), "export", "-o", str(link), "--force"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_a_named_pipe_is_written_into(invoke: Invoke, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("export", "sources", "-o", str(fifo))
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    reader.join(timeout=60)
    assert received[0].startswith(b"key,")


def test_a_failed_write_to_a_device_is_one_error_line(invoke: Invoke, device) -> None:
    full = device("full")
    result = invoke("export", "-o", str(full), "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {full}: No space left on device\n"
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_the_temporary_file_is_made_beside_the_target(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rename is only atomic within one file system, so the temporary file must
    # not go to the system's temporary folder.
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    made: list[Path] = []
    real_mkstemp = tempfile.mkstemp

    def recording_mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        handle, name = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        made.append(Path(name))
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", recording_mkstemp)
    target = tmp_path / "a.csv"
    assert invoke("export", "-o", str(target)).exit_code == 0
    assert [path.parent for path in made] == [tmp_path]
    assert not any(path.exists() for path in made), "the temporary file was renamed into place"
    assert target.read_text(encoding="utf-8") == invoke("export").stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (".", "--output . is a directory"),
        ("x" * 300 + ".csv", "--output " + "x" * 300 + ".csv: File name too long"),
    ],
)
def test_a_bad_destination_is_named(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "-o", name, "-f", "csv")
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
