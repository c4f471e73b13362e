"""Every kind of bad input: the right exit code, one clear message, no traceback, nothing changed."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.conftest import fingerprint

NOT_UTF8 = os.fsdecode(b"caf\xe9")  # how Python hands a Latin-1 byte in argv to the program

Setup = Callable[[Path, Path], tuple[list[str], Path]]


@dataclass
class Case:
    name: str
    setup: Setup
    exit_code: int
    message: str


def on_catalogue(*args: str) -> Setup:
    return lambda tmp, db: (["--db", str(db), *args], db)


def with_db_file(make: Callable[[Path, Path], None], *args: str) -> Setup:
    def setup(tmp: Path, db: Path) -> tuple[list[str], Path]:
        target = tmp / "target.db"
        make(target, db)
        return ["--db", str(target), *args], target

    return setup


def not_sqlite(target: Path, _db: Path) -> None:
    target.write_text("name,class\nminoxidil,vasodilator\n" * 50, encoding="utf-8")


def truncated(target: Path, db: Path) -> None:
    target.write_bytes(db.read_bytes()[:3000])


def corrupted(target: Path, db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[4096 : len(data)] = b"\x5a" * (len(data) - 4096)
    target.write_bytes(bytes(data))


def newer_schema(target: Path, db: Path) -> None:
    shutil.copyfile(db, target)
    with sqlite3.connect(target) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")


def read_only(target: Path, db: Path) -> None:
    shutil.copyfile(db, target)
    target.chmod(0o444)


def output_exists(tmp: Path, db: Path) -> tuple[list[str], Path]:
    existing = tmp / "out.csv"
    existing.write_text("precious\n", encoding="utf-8")
    return ["--db", str(db), "export", "-o", str(existing)], existing


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def import_file(content: bytes, name: str = "rows.csv") -> Setup:
    def setup(tmp: Path, db: Path) -> tuple[list[str], Path]:
        path = tmp / name
        path.write_bytes(content)
        return ["--db", str(db), "import", str(path)], db

    return setup


CASES = [
    Case("unknown name", on_catalogue("show", "unobtainium"), 1, "no ingredient named 'unobtainium'"),
    Case("empty name", on_catalogue("show", ""), 1, "the ingredient name is empty"),
    Case("blank name", on_catalogue("show", "  \t "), 1, "the ingredient name is empty"),
    Case("huge name", on_catalogue("show", "m" * 100_000), 1, "longer than 200 characters"),
    Case("huge search", on_catalogue("search", "m " * 5000), 1, "longer than 1000 characters"),
    Case("blank search", on_catalogue("search", "   "), 1, "the search text is empty"),
    Case("name not UTF-8", on_catalogue("show", NOT_UTF8), 1, "not valid UTF-8"),
    Case("search not UTF-8", on_catalogue("search", NOT_UTF8), 1, "not valid UTF-8"),
    Case(
        "db path not UTF-8",
        lambda tmp, db: (["--db", str(tmp / NOT_UTF8), "list"], db),
        1,
        "--db is not valid UTF-8",
    ),
    Case("unknown format", on_catalogue("list", "--format", "xml"), 2, "unknown format 'xml'"),
    Case("unknown column", on_catalogue("sources", "-c", "key,colour"), 2, "unknown column 'colour'"),
    Case("unknown route", on_catalogue("list", "--route", "nasal"), 2, "unknown route 'nasal'"),
    Case("unknown level", on_catalogue("list", "--min-level", "strong"), 2, "unknown evidence level"),
    Case("unknown sort", on_catalogue("list", "--sort", "colour"), 2, "cannot sort by 'colour'"),
    Case("unknown table", on_catalogue("export", "users"), 2, "unknown table 'users'"),
    Case("compare one", on_catalogue("compare", "biotin"), 2, "at least two"),
    Case(
        "output into missing folder",
        lambda tmp, db: (["--db", str(db), "export", "-o", str(tmp / "no" / "x.csv")], db),
        1,
        "does not exist",
    ),
    Case("output onto existing file", output_exists, 1, "already exists; add --force"),
    Case(
        "db in missing folder",
        lambda tmp, db: (["--db", str(tmp / "no" / "c.db"), "list"], db),
        1,
        "directory",
    ),
    Case("db is a directory", lambda tmp, db: (["--db", str(tmp), "list"], db), 1, "is a directory"),
    Case("db is not SQLite", with_db_file(not_sqlite, "list"), 1, "not a usable SQLite database"),
    Case("db truncated", with_db_file(truncated, "list"), 1, "SQLite"),
    Case("db corrupted", with_db_file(corrupted, "show", "biotin"), 1, "malformed"),
    Case("db from a newer version", with_db_file(newer_schema, "list"), 1, "newer version"),
    Case(
        "db read-only, import refused",
        lambda tmp, db: with_db_file(
            read_only, "import", str(_write(tmp / "new.csv", b"slug,name,class\nx,X,y\n"))
        )(tmp, db),
        1,
        "is read-only",
    ),
    Case(
        "db read-only, remove refused",
        with_db_file(read_only, "remove", "--source", "x", "--yes"),
        1,
        "is read-only",
    ),
    Case("db read-only, rebuild refused", with_db_file(read_only, "db", "rebuild"), 1, "is read-only"),
    Case(
        "unreachable URL",
        lambda tmp, db: (["--db", "postgresql://nobody@127.0.0.1:9/none", "list"], db),
        1,
        "cannot",
    ),
    Case(
        "unknown URL scheme",
        lambda tmp, db: (["--db", "nosuch://x/y", "list"], db),
        1,
        "cannot use database URL",
    ),
    Case(
        "import file not UTF-8",
        import_file(b"slug,name,class\ncaf\xe9,Caf\xe9,x\n"),
        1,
        "rows.csv: line 2: not valid UTF-8",
    ),
    Case(
        "import missing file",
        lambda tmp, db: (["--db", str(db), "import", str(tmp / "no.csv")], db),
        1,
        "no such file",
    ),
    Case("import malformed JSON", import_file(b'[{"slug": "x",', "rows.json"), 1, "not valid JSON"),
    Case("import unknown table shape", import_file(b"colour,size\nred,2\n"), 1, "cannot tell which table"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input(case: Case, tmp_path: Path, db_path: Path) -> None:
    args, watched = case.setup(tmp_path, db_path)
    before = fingerprint(watched)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == case.exit_code, result.output
    assert case.message in result.stderr
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert fingerprint(watched) == before


def test_a_read_only_catalogue_can_still_be_read(tmp_path: Path, db_path: Path) -> None:
    target = tmp_path / "ro.db"
    read_only(target, db_path)
    result = CliRunner().invoke(app, ["--db", str(target), "show", "biotin", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert '"slug": "biotin"' in result.stdout


# A JSON value that is not text, in each kind of text field: one line naming the field.
NOT_TEXT = [
    ('"mechanism": 5', "mechanism: expected text, got int 5"),
    ('"regulatory_status": [1, 2]', "regulatory_status: expected text, got list [1, 2]"),
    ('"unii": 5', "unii: expected text, got int 5"),
    ('"cas_number": 50.5', "cas_number: expected text, got float 50.5"),
    ('"class_detail": true', "class_detail: expected text, got bool True"),
    ('"mechanism": null', None),
]


@pytest.mark.parametrize(("field", "problem"), NOT_TEXT, ids=[field for field, _ in NOT_TEXT])
def test_a_json_value_that_is_not_text_is_a_problem_of_its_row(
    tmp_path: Path, db_path: Path, field: str, problem: str | None
) -> None:
    rows = tmp_path / "mine.jsonl"
    rows.write_text('{"slug": "x-y", "name": "XY", "class": "vitamin", ' + field + "}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(db_path), "import", str(rows)])
    if problem is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"  mine.jsonl: line 1: {problem}",
        "Error: nothing was imported: 1 problem found",
    ]
