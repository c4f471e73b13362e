"""`export --all DIR`: the catalogue as a Frictionless data package that Frictionless itself accepts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from frictionless import validate

from tests.conftest import Invoke


@pytest.fixture
def package(invoke: Invoke, tmp_path: Path) -> Path:
    folder = tmp_path / "package"
    result = invoke("export", "--all", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote 8 tables (") and result.stdout.endswith(f"to {folder}\n")
    return folder


def test_the_package_validates_schemas_keys_and_checksums(package: Path) -> None:
    report = validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "type", "note"])[:5]


def test_a_changed_file_or_a_dangling_reference_fails_validation(package: Path) -> None:
    aliases = package / "aliases.csv"
    with aliases.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][1] = "no-such-ingredient"
    with aliases.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    errors = {error[0] for error in validate(str(package / "datapackage.json")).flatten(["type"])}
    assert {"hash-count", "foreign-key"} <= errors


def test_every_row_of_every_table_is_in_the_package(invoke: Invoke, package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in descriptor["resources"]:
        exported = invoke("export", resource["name"], "-f", "csv").stdout
        assert (package / resource["path"]).read_text(encoding="utf-8") == exported


def test_a_folder_holding_other_files_is_refused_without_force(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    refused = invoke("export", "--all", str(tmp_path))
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {tmp_path} is not empty; add --force to write into it\n"
    assert invoke("export", "--all", str(tmp_path), "--force").exit_code == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_all_takes_no_format_of_its_own(invoke: Invoke, tmp_path: Path) -> None:
    refused = invoke("export", "--all", str(tmp_path / "p"), "-f", "json")
    assert refused.exit_code != 0
    assert refused.stderr.startswith("Error: --all writes every table as csv")
