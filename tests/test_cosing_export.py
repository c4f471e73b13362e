"""Specification: loading the Commission's CosIng export with `ingredients import`.

The inventory is not shipped; a user downloads the Commission's CSV export and imports it.
The file is told by its layout (a few lines, then the header row 'COSING Ref No', ...), plain
or gzipped; its entries fill the CosIng table in one transaction, citing the Commission's
page, and replace those an earlier load put there. The rows here are made up.
"""

from __future__ import annotations

import csv
import gzip
import io
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.vocabulary import COSMETIC_KIND
from ingredients.exchange.cosing_export import COSING_SOURCE, open_cosing_export
from tests.small_catalogue import SmallCatalogue

runner = CliRunner()

HEADER = [
    "COSING Ref No",
    "INCI name",
    "INN name",
    "Ph. Eur. Name",
    "CAS No",
    "EC No",
    "Chem/IUPAC Name / Description",
    "Restriction",
    "Function",
    "Update Date",
]
# (ref, INCI name, CAS No, EC No, Restriction, Function, Update Date), as the export writes them.
AGENTA = ("900001", "AGENTA TEST EXTRACT", "-", "-", "", "SKIN CONDITIONING, ANTIOXIDANT", "15/12/2021")
BETAVIA = ("900002", "BETAVIA TEST OIL", "0000050-00-0", "200-000-0", "III/98", "EMOLLIENT", "01/02/2020")
GAMMA = ("900003", "GAMMATA TEST BUTTER", "", "", "", "", "")


def export_text(*entries: tuple[str, ...]) -> str:
    """The Commission's export layout: lines about the extraction, a blank line, the header, the rows."""
    out = io.StringIO()
    out.write('"COSING Ingredients-Fragrance Inventory"\n"Extracted on: 01/12/2026"\n\n')
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    for ref, name, cas, ec, restriction, functions, updated in entries:
        writer.writerow(
            [ref, name, "", "", cas, ec, "A made-up description", restriction, functions, updated]
        )
    return out.getvalue()


def write_export(path: Path, *entries: tuple[str, ...]) -> Path:
    text = export_text(*entries)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _catalogue(tmp_path: Path) -> Path:
    catalogue = SmallCatalogue()
    catalogue.source(COSING_SOURCE)
    catalogue.source("own-notes")
    catalogue.cosmetic(950001, "OWN TEST ENTRY", source="own-notes")
    return catalogue.build(tmp_path)


def _loaded(tmp_path: Path, *entries: tuple[str, ...]) -> Path:
    """A small catalogue with this export loaded."""
    db = _catalogue(tmp_path)
    loaded = runner.invoke(app, ["--db", str(db), "import", str(write_export(tmp_path / "a.csv", *entries))])
    assert loaded.exit_code == 0, loaded.output
    return db


def _stored(db: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(
            "SELECT ci.cosing_ref, ci.inci_name, ci.cas_number, ci.ec_number, ci.restriction, ci.functions, "
            "ci.updated, s.key FROM cosing_ingredient ci JOIN source s ON s.id = ci.source_id "
            "ORDER BY ci.cosing_ref"
        ).fetchall()


# (the export's row, the entry stored from it): one row per rule of the reading.
READINGS = [
    # A lone '-' is unknown; functions lower-cased, separated by '; '; a day/month/year date.
    (
        AGENTA,
        (900001, "AGENTA TEST EXTRACT", None, None, None, "skin conditioning; antioxidant", "2021-12-15"),
    ),
    # Numbers and a restriction kept as written.
    (BETAVIA, (900002, "BETAVIA TEST OIL", "0000050-00-0", "200-000-0", "III/98", "emollient", "2020-02-01")),
    # Empty cells are unknown.
    (GAMMA, (900003, "GAMMATA TEST BUTTER", None, None, None, None, None)),
]


@pytest.mark.parametrize(("entry", "stored"), READINGS, ids=[row[0][1] for row in READINGS])
def test_an_export_row_is_stored_as_the_inventory_writes_it(
    tmp_path: Path, entry: tuple[str, ...], stored: tuple[object, ...]
) -> None:
    db = _catalogue(tmp_path)
    loaded = runner.invoke(app, ["--db", str(db), "import", str(write_export(tmp_path / "e.csv", entry))])
    assert loaded.exit_code == 0, loaded.output
    assert [row for row in _stored(db) if row[7] == COSING_SOURCE] == [(*stored, COSING_SOURCE)]


@pytest.mark.parametrize("name", ["export.csv", "export.csv.gz"])
def test_a_load_fills_the_table_for_check_show_and_status(tmp_path: Path, name: str) -> None:
    db = _catalogue(tmp_path)
    loaded = runner.invoke(
        app, ["--db", str(db), "import", str(write_export(tmp_path / name, AGENTA, BETAVIA))]
    )
    assert loaded.exit_code == 0, loaded.output
    assert "cosing_ingredients: 2 added, 0 updated, 0 unchanged" in loaded.stdout
    assert "replaced" not in loaded.stdout
    checked = runner.invoke(app, ["--db", str(db), "check", "Agenta Test Extract, Betavia Test Oil"])
    assert "cosmetic ingredient (CosIng): AGENTA TEST EXTRACT" in checked.stdout
    assert "EU restriction: III/98" in checked.stdout
    assert COSMETIC_KIND in runner.invoke(app, ["--db", str(db), "show", "betavia test oil"]).stdout
    status = runner.invoke(app, ["--db", str(db), "db", "status", "-f", "csv"]).stdout
    assert "cosing_ingredient_rows,3\n" in status


def test_a_second_load_replaces_the_first_and_keeps_a_users_own_entries(tmp_path: Path) -> None:
    db = _loaded(tmp_path, AGENTA, BETAVIA)
    again = runner.invoke(app, ["--db", str(db), "import", str(write_export(tmp_path / "second.csv", GAMMA))])
    assert again.exit_code == 0, again.output
    assert "The 2 CosIng entries of the earlier load were replaced." in again.stdout
    assert [(row[0], row[7]) for row in _stored(db)] == [(900003, COSING_SOURCE), (950001, "own-notes")]


def test_a_dry_run_replaces_nothing(tmp_path: Path) -> None:
    db = _loaded(tmp_path, AGENTA)
    dry = runner.invoke(
        app, ["--db", str(db), "import", "--dry-run", str(write_export(tmp_path / "b.csv", GAMMA))]
    )
    assert dry.exit_code == 0, dry.output
    assert [row[0] for row in _stored(db)] == [900001, 950001]


# (what the file holds, the one error line): a file that is neither an export nor an import file.
BAD_FILES: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "gzipped text",
        lambda path: path.write_bytes(gzip.compress(b"not an export\n")),
        "Error: bad.csv.gz: gzipped, but not the Commission's CosIng export",
    ),
    (
        "a broken gzip",
        lambda path: path.write_bytes(b"\x1f\x8b\x08broken"),
        "Error: bad.csv.gz: gzipped, but not the Commission's CosIng export",
    ),
    (
        "a column missing",
        lambda path: path.write_text(
            export_text(AGENTA).replace('"Update Date"', '"Updated"').replace('"EC No"', '"EC"'),
            encoding="utf-8",
        ),
        "Error: bad.csv.gz: the CosIng export lacks the columns EC No, Update Date",
    ),
    (
        "a date not day/month/year",
        lambda path: path.write_text(
            export_text(AGENTA).replace("15/12/2021", "2021-12-15"), encoding="utf-8"
        ),
        "Error: bad.csv.gz: line 5: Update Date '2021-12-15' is not a day/month/year date",
    ),
]


@pytest.mark.parametrize(("what", "write", "error"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_a_file_that_is_neither_gets_one_error_line(
    tmp_path: Path, what: str, write: Callable[[Path], None], error: str
) -> None:
    db = _catalogue(tmp_path)
    bad = tmp_path / "bad.csv.gz"
    write(bad)
    result = runner.invoke(app, ["--db", str(db), "import", str(bad)])
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines()[-1] == error
    assert "Traceback" not in result.output
    assert [row[0] for row in _stored(db)] == [950001]


def test_a_bad_entry_rejects_the_whole_load_and_keeps_the_earlier_one(tmp_path: Path) -> None:
    db = _loaded(tmp_path, AGENTA)
    nameless = ("900004", "", "", "", "", "", "")
    result = runner.invoke(
        app, ["--db", str(db), "import", str(write_export(tmp_path / "b.csv", GAMMA, nameless))]
    )
    assert result.exit_code != 0
    assert "b.csv: line 6: inci_name" in result.stderr
    assert [row[0] for row in _stored(db)] == [900001, 950001]


@pytest.mark.parametrize(
    "content", [b"cosing_ref,inci_name\n1,A\n", b"\xff\xfe not text"], ids=["another layout", "not text"]
)
def test_the_reader_needs_the_header_row(tmp_path: Path, content: bytes) -> None:
    from ingredients.exchange.import_files import FileProblem

    plain = tmp_path / "plain.csv"
    plain.write_bytes(content)
    with pytest.raises(FileProblem, match="not the Commission's CosIng export"):
        open_cosing_export(plain)


# (path given, what the one error line says): what import said before it read CosIng exports.
NOT_FILES = [("missing.csv.gz", "cannot tell the format"), ("a-folder", "must hold datapackage.json")]


@pytest.mark.parametrize(("name", "said"), NOT_FILES, ids=[row[0] for row in NOT_FILES])
def test_a_missing_file_or_a_folder_is_said_to_be_so(tmp_path: Path, name: str, said: str) -> None:
    (tmp_path / "a-folder").mkdir()
    result = runner.invoke(app, ["--db", str(_catalogue(tmp_path)), "import", str(tmp_path / name)])
    assert result.exit_code != 0
    assert said in result.stderr
    assert "CosIng" not in result.stderr


def test_loaded_entries_are_exported_and_imported_like_every_table(tmp_path: Path) -> None:
    db = _loaded(tmp_path, AGENTA)
    exported = runner.invoke(app, ["--db", str(db), "export", "cosing_ingredients", "-f", "csv"]).stdout
    target = tmp_path / "cosing_ingredients.csv"
    target.write_text(exported, encoding="utf-8")
    fresh = _catalogue(tmp_path)
    assert runner.invoke(app, ["--db", str(fresh), "import", str(target)]).exit_code == 0
    assert _stored(fresh) == _stored(db)


def test_postgresql_loads_the_export(make_database: Callable[[], str], tmp_path: Path) -> None:
    url = make_database()
    loaded = runner.invoke(
        app, ["--db", url, "import", str(write_export(tmp_path / "e.csv.gz", AGENTA, BETAVIA))]
    )
    assert loaded.exit_code == 0, loaded.output
    again = runner.invoke(app, ["--db", url, "import", str(write_export(tmp_path / "f.csv", GAMMA))])
    assert "The 2 CosIng entries of the earlier load were replaced." in again.stdout
    assert COSMETIC_KIND in runner.invoke(app, ["--db", url, "show", "Gammata Test Butter"]).stdout
    assert runner.invoke(app, ["--db", url, "show", "Agenta Test Extract"]).exit_code != 0
