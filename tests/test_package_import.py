"""`import DIR` (or DIR/datapackage.json) reads a data package that `export --all` wrote:
each file held to its recorded size, checksum and columns before any row is read; the
round trip is exact and repeatable."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from tests.small_catalogue import SmallCatalogue


def _run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), *args])


def _user_catalogue(tmp_path: Path) -> Path:
    catalogue = SmallCatalogue()
    catalogue.source("label-a", kind="manufacturer")
    catalogue.ingredient("agent-a", "Agent Alpha", identifiers_source="label-a", cas_number="50-00-0")
    catalogue.ingredient("agent-b")
    catalogue.alias("agent-a", "Alpha Salt")
    catalogue.alias("agent-b", "Beta Salt", kind="trade-name")
    catalogue.evidence("agent-a")
    catalogue.claim("agent-b", "It grows hair.")
    catalogue.statement("mesotherapy", "safety", "Pain at the site.")
    catalogue.strength("agent-a", 2.0)
    catalogue.formulation("mix-a", [("agent-a", 1.0, "%"), ("agent-b", None, None)])
    catalogue.excipient("water", injectable="yes", injectable_source="label-a")
    return catalogue.build(tmp_path, origin="user")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    folder = tmp_path / "a"
    assert _run(_user_catalogue(tmp_path), "export", "--all", str(folder)).exit_code == 0
    return folder


def _empty(tmp_path: Path, name: str) -> Path:
    """A catalogue with no rows at all (not even the seed's)."""
    folder = tmp_path / name
    folder.mkdir()
    return SmallCatalogue().build(folder)


@pytest.mark.parametrize("named", ["folder", "descriptor"])
def test_an_export_imported_into_a_fresh_catalogue_exports_the_same_bytes(
    package: Path, tmp_path: Path, named: str
) -> None:
    fresh = _empty(tmp_path, "fresh")
    target = package if named == "folder" else package / "datapackage.json"
    imported = _run(fresh, "import", str(target))
    assert imported.exit_code == 0, imported.output
    assert "ingredients: 2 added" in imported.stdout
    again = tmp_path / "b"
    assert _run(fresh, "export", "--all", str(again)).exit_code == 0
    files = sorted(path.name for path in package.iterdir())
    assert files == sorted(path.name for path in again.iterdir())
    assert filecmp.cmpfiles(package, again, files, shallow=False)[1:] == ([], [])


def test_importing_the_same_package_twice_changes_nothing_and_says_so(package: Path, tmp_path: Path) -> None:
    fresh = _empty(tmp_path, "fresh")
    assert _run(fresh, "import", str(package)).exit_code == 0
    before = fresh.read_bytes()
    again = _run(fresh, "import", str(package))
    assert again.exit_code == 0, again.output
    assert again.stdout.endswith("Nothing changed: every row was already stored as it is.\n")
    assert " 0 added, 0 updated" in again.stdout and "1 added" not in again.stdout
    assert _run(fresh, "export", "--all", str(tmp_path / "c")).exit_code == 0
    assert fresh.read_bytes() == before or filecmp.cmp(
        package / "statements.csv", tmp_path / "c" / "statements.csv"
    )


def _edit_descriptor(package: Path, change: object) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)  # type: ignore[operator]
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def _drop_a_field(descriptor: dict) -> None:  # type: ignore[type-arg]
    descriptor["resources"][1]["schema"]["fields"].pop()


REFUSED = [
    (
        "a changed file",
        lambda package: (
            (package / "aliases.csv").open("a", encoding="utf-8").write("agent-a,X,synonym,user\n")
        ),
        "aliases.csv: its size or checksum differs from the descriptor's; the file was changed",
    ),
    (
        "a missing file",
        lambda package: (package / "strengths.csv").unlink(),
        "strengths.csv: cannot read it (No such file or directory)",
    ),
    (
        "other columns",
        lambda package: _edit_descriptor(package, _drop_a_field),
        "ingredients.csv: the descriptor's columns are not those of ingredients",
    ),
    (
        "no descriptor",
        lambda package: (package / "datapackage.json").unlink(),
        "a folder to import must hold datapackage.json (as export --all writes)",
    ),
    (
        "a path out of the folder",
        lambda package: _edit_descriptor(package, lambda d: d["resources"][0].update(path="../x.csv")),
        "sources's path must name a file in the package's folder",
    ),
]


@pytest.mark.parametrize(("what", "spoil", "message"), REFUSED, ids=[row[0] for row in REFUSED])
def test_a_package_not_as_exported_is_refused_before_any_row_is_read(
    package: Path, tmp_path: Path, what: str, spoil: object, message: str
) -> None:
    fresh = _empty(tmp_path, "fresh")
    spoil(package)  # type: ignore[operator]
    before = fresh.read_bytes()
    result = _run(fresh, "import", str(package))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr and result.stderr.count("\n") == 1
    assert fresh.read_bytes() == before
