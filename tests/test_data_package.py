"""`export --all DIR`: the catalogue as a Frictionless data package that Frictionless itself accepts."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from frictionless import validate

import seed_data
from ingredients.core.errors import IngredientsError
from ingredients.render.data_package import DESCRIPTOR, write_data_package
from ingredients.store.reader import SqliteReader
from ingredients.store.table_shapes import TABLE_SHAPES
from tests.conftest import Invoke
from tests.small_catalogue import SmallCatalogue


@pytest.fixture
def package(invoke: Invoke, tmp_path: Path) -> Path:
    folder = tmp_path / "package"
    result = invoke("export", "--all", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote 9 tables (") and result.stdout.endswith(f"to {folder}\n")
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


# Specification: which column names a row of which table. Each row is one column whose
# dangling value the package's own schema must reject; each keyed table rejects a
# repeated key.
REFERENCES = [
    ("ingredients", "identifiers_source", "sources"),
    ("ingredients", "unii_source", "sources"),
    ("aliases", "ingredient", "ingredients"),
    ("statements", "source", "sources"),
    ("strengths", "ingredient", "ingredients"),
    ("strengths", "source", "sources"),
    ("formulations", "source", "sources"),
    ("components", "formulation", "formulations"),
    ("components", "ingredient", "ingredients"),
    ("excipients", "source", "sources"),
    ("excipients", "injectable_source", "sources"),
    ("cosing_ingredients", "source", "sources"),
]
KEYS = [
    ("sources", "key"),
    ("ingredients", "slug"),
    ("aliases", "id"),
    ("statements", "id"),
    ("formulations", "slug"),
    ("excipients", "slug"),
    ("cosing_ingredients", "cosing_ref"),
]


@pytest.fixture
def small_package(tmp_path: Path) -> Path:
    """A package of a small catalogue with a row in every table and every reference filled."""
    catalogue = SmallCatalogue()
    catalogue.source("label-a")
    catalogue.ingredient(
        "agent-a",
        cas_number="50-00-0",
        identifiers_source="label-a",
        unii="K72T3FS567",
        unii_source="label-a",
    )
    catalogue.alias("agent-a", "Alpha Salt")
    catalogue.statement("agent-a", "mechanism", source="label-a")
    catalogue.strength("agent-a", 2.0, source="label-a")
    catalogue.formulation("mix-a", [("agent-a", 1.0, "%")], source="label-a")
    catalogue.excipient(
        "water", injectable="yes", injectable_basis="a label", source="label-a", injectable_source="label-a"
    )
    catalogue.cosmetic(1, "PEG-8 DIMETHICONE", source="label-a")
    folder = tmp_path / "package"
    write_data_package(catalogue.reader(tmp_path), folder)
    assert validate(str(folder / DESCRIPTOR)).valid
    return folder


def _rewrite(package: Path, table: str, change: Callable[[list[dict[str, str]]], None]) -> None:
    """Change a table's rows and record the file's new size and checksum, as an honest
    editor would, so that only the change itself is left to be judged."""
    path = package / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    data = path.read_bytes()
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            resource["bytes"], resource["hash"] = len(data), f"sha256:{hashlib.sha256(data).hexdigest()}"
    (package / DESCRIPTOR).write_text(json.dumps(descriptor), encoding="utf-8")


def _errors(package: Path) -> set[str]:
    return {error[0] for error in validate(str(package / DESCRIPTOR)).flatten(["type"])}


@pytest.mark.parametrize(("table", "column", "target"), REFERENCES, ids=lambda value: str(value))
def test_a_reference_to_no_row_fails_validation(
    small_package: Path, table: str, column: str, target: str
) -> None:
    def dangle(rows: list[dict[str, str]]) -> None:
        assert rows[0][column], f"the small catalogue leaves {table}.{column} empty"
        rows[0][column] = "no-such-row"

    _rewrite(small_package, table, dangle)
    assert _errors(small_package) == {"foreign-key"}


@pytest.mark.parametrize(("table", "column"), KEYS, ids=lambda value: str(value))
def test_a_repeated_key_fails_validation(small_package: Path, table: str, column: str) -> None:
    _rewrite(small_package, table, lambda rows: rows.append(dict(rows[0])))
    assert "primary-key" in _errors(small_package)


def test_the_package_declares_exactly_the_specified_keys(small_package: Path) -> None:
    descriptor = json.loads((small_package / DESCRIPTOR).read_text(encoding="utf-8"))
    declared = {
        (resource["name"], key["fields"][0], key["reference"]["resource"])
        for resource in descriptor["resources"]
        for key in resource["schema"]["foreignKeys"]
    }
    assert declared == set(REFERENCES)
    primary = {
        (resource["name"], resource["schema"]["primaryKey"][0])
        for resource in descriptor["resources"]
        if "primaryKey" in resource["schema"]
    }
    assert primary == set(KEYS)


def test_every_column_read_from_another_table_is_a_key_or_the_procedure() -> None:
    """A shape's reading SQL and its declared references cannot drift apart."""
    for shape in TABLE_SHAPES.values():
        read_elsewhere = set(shape.references) | set(shape.expressions)
        exempt = {"ingredient"} if shape.name == "statements" else set()  # may be the procedure
        assert set(shape.names_rows_of) == read_elsewhere - exempt, shape.name


def test_the_descriptor_says_what_the_package_is_and_describes_each_file(small_package: Path) -> None:
    descriptor = json.loads((small_package / DESCRIPTOR).read_text(encoding="utf-8"))
    resources = descriptor.pop("resources")
    assert descriptor == {
        "profile": "tabular-data-package",
        "name": "ingredients-catalogue",
        "title": "Ingredients of hair-loss mesotherapy: claims, graded evidence, safety and regulation",
        "version": f"seed-{seed_data.SEED_DATA_VERSION}",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "sources": [
            {
                "title": "Each statement's own primary source (PubMed record, DOI, regulator's page, label), "
                "in sources.csv"
            },
            {
                "title": "CosIng, European Commission (the inventory of cosmetic ingredients in "
                "cosing_ingredients.csv; excipient names, CAS numbers, functions), © European Union, "
                "CC BY 4.0",
                "path": "https://ec.europa.eu/growth/tools-databases/cosing/",
            },
            {
                "title": "FDA Inactive Ingredient Database (whether an excipient is found in injections)",
                "path": "https://www.fda.gov/drugs/drug-approvals-and-databases/inactive-ingredients-database-download",
            },
        ],
        "description": "Reference information, not medical advice. A claim of a popular article is that "
        "article's claim; evidence is graded per ingredient, route and condition.",
    }
    assert [resource["name"] for resource in resources] == list(TABLE_SHAPES)
    for resource in resources:
        data = (small_package / f"{resource['name']}.csv").read_bytes()
        schema = resource.pop("schema")
        assert resource == {
            "name": resource["name"],
            "path": f"{resource['name']}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        }
        header = data.decode("utf-8").splitlines()[0].split(",")
        assert [field["name"] for field in schema["fields"]] == header
    statements = next(
        r
        for r in json.loads((small_package / DESCRIPTOR).read_text())["resources"]
        if r["name"] == "statements"
    )
    fields = {field["name"]: field for field in statements["schema"]["fields"]}
    assert fields["other_compound"] == {
        "name": "other_compound",
        "type": "boolean",
        "trueValues": ["true"],
        "falseValues": ["false"],
    }
    assert fields["id"] == {"name": "id", "type": "integer"}
    assert fields["text"] == {"name": "text", "type": "string"}
    assert fields["effect_value"] == {"name": "effect_value", "type": "number"}


def test_the_report_counts_tables_and_rows(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.alias("agent-a", "Alpha")
    catalogue.statement("agent-a", "mechanism")
    report = write_data_package(catalogue.reader(tmp_path), tmp_path / "out")
    assert (report.directory, report.tables, report.rows) == (tmp_path / "out", 9, 4)  # a source too


def test_a_catalogue_with_no_seed_version_says_unknown(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    path = catalogue.build(tmp_path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("DELETE FROM meta WHERE key = 'seed_data_version'")
    write_data_package(SqliteReader(path), tmp_path / "out")
    assert (
        json.loads((tmp_path / "out" / DESCRIPTOR).read_text(encoding="utf-8"))["version"] == "seed-unknown"
    )


def test_a_file_or_an_unwritable_folder_in_the_way_is_one_error(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    reader = catalogue.reader(tmp_path)
    in_the_way = tmp_path / "file.txt"
    in_the_way.write_text("mine", encoding="utf-8")
    with pytest.raises(IngredientsError, match=f"^{in_the_way} is not a folder$"):
        write_data_package(reader, in_the_way)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "sources.csv").mkdir()  # a folder where a file must go
    with pytest.raises(IngredientsError, match=f"^cannot write {locked}: Is a directory$"):
        write_data_package(reader, locked, force=True)
    assert write_data_package(reader, tmp_path / "fresh").tables == 9


def test_the_library_refuses_a_folder_of_other_files_unless_forced_and_makes_missing_parents(
    tmp_path: Path,
) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.alias("agent-a", "Alpha")
    catalogue.alias("agent-a", "Alfa")
    reader = catalogue.reader(tmp_path)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(IngredientsError, match=f"^{occupied} is not empty; add --force to write into it$"):
        write_data_package(reader, occupied)
    nested = tmp_path / "not" / "yet" / "made"
    report = write_data_package(reader, nested)
    assert report.rows == 3  # an ingredient and its two aliases
    text = (nested / DESCRIPTOR).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2) + "\n"
