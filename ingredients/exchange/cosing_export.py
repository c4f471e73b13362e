"""Reading the European Commission's CSV export of the CosIng inventory.

The export ('COSING_Ingredients-Fragrance Inventory_v2.csv', plain or gzipped) opens
with a few lines about the extraction, then a header row naming its columns, then one
row per entry. Its entries become rows of the cosing_ingredients table, each citing the
Commission's page (seed source COSING_SOURCE); a load replaces the entries an earlier
load put there, so the table is always one export.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from collections.abc import Iterator
from pathlib import Path

from ingredients.exchange.import_files import FileProblem, ImportFile, Row

# The seed source every loaded entry cites (seed_data/sources/cosing.toml).
COSING_SOURCE = "eu-cosing-inventory"
# The export's columns this program keeps, and the field each fills.
EXPORT_COLUMNS = {
    "COSING Ref No": "cosing_ref",
    "INCI name": "inci_name",
    "CAS No": "cas_number",
    "EC No": "ec_number",
    "Restriction": "restriction",
    "Function": "functions",
    "Update Date": "updated",
}
# The header row is looked for among this many first lines.
_HEADER_WITHIN = 20
_GZIP_MAGIC = b"\x1f\x8b"


def _text(path: Path) -> str | None:
    """The file's text (ungzipped), or None when it cannot be read as UTF-8 text."""
    try:
        raw = path.read_bytes()
        if raw.startswith(_GZIP_MAGIC):
            raw = gzip.decompress(raw)
        return raw.decode("utf-8-sig")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError):
        return None


def _header_line(lines: list[str]) -> int | None:
    for number, line in enumerate(lines[:_HEADER_WITHIN]):
        cells = next(csv.reader([line]), [])
        if cells and cells[0].strip() == "COSING Ref No":
            return number
    return None


def is_gzipped(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(2) == _GZIP_MAGIC
    except OSError:
        return False


def is_cosing_export(path: Path) -> bool:
    """True for a file in the layout of the Commission's CosIng CSV export."""
    if not path.is_file():
        return False
    text = _text(path)
    return text is not None and _header_line(text.splitlines()[:_HEADER_WITHIN]) is not None


def _unknown_if_dash(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


def _functions(value: str) -> str | None:
    """'ANTIOXIDANT, SKIN CONDITIONING' as this program keeps functions: 'antioxidant; skin conditioning'."""
    named = [part.strip().lower() for part in value.split(",") if part.strip()]
    return "; ".join(named) or None


def _iso_date(value: str, where: str) -> str | None:
    if not value.strip():
        return None
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date().isoformat()
    except ValueError:
        raise FileProblem(f"{where}: Update Date {value!r} is not a day/month/year date") from None


def _rows(path: Path, lines: list[str], header: int) -> Iterator[Row]:
    reader = csv.DictReader(lines[header:])
    missing = [column for column in EXPORT_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise FileProblem(f"{path.name}: the CosIng export lacks the columns {', '.join(missing)}")
    for record in reader:
        where = f"{path.name}: line {header + reader.line_num}"
        values = {field: record[column] or "" for column, field in EXPORT_COLUMNS.items()}
        yield Row(
            where,
            {
                "cosing_ref": values["cosing_ref"].strip() or None,
                "inci_name": values["inci_name"],
                "cas_number": _unknown_if_dash(values["cas_number"]),
                "ec_number": _unknown_if_dash(values["ec_number"]),
                "restriction": _unknown_if_dash(values["restriction"]),
                "functions": _functions(values["functions"]),
                "updated": _iso_date(values["updated"], where),
                "source": COSING_SOURCE,
            },
        )


def open_cosing_export(path: Path) -> ImportFile:
    """The export's entries as an import file of the cosing_ingredients table."""
    text = _text(path)
    lines = text.splitlines() if text is not None else []
    header = _header_line(lines)
    if header is None:
        raise FileProblem(f"{path.name}: not the Commission's CosIng export")
    return ImportFile(path, "cosing_ingredients", _rows(path, lines, header), replaces_cosing=True)
