"""What a catalogue holds: its versions and its row counts."""

from __future__ import annotations

import seed_data
from ingredients import __version__
from ingredients.store.location import DatabaseLocation
from ingredients.store.reader import Reader

COUNTED_TABLES = (
    "ingredient",
    "alias",
    "statement",
    "source",
    "strength",
    "formulation",
    "component",
    "excipient",
    "cosing_ingredient",
)


def _tables(reader: Reader) -> set[str]:
    """The tables the catalogue has: an old one, read as it is, lacks the newer ones."""
    sql = (
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        if reader.dialect.name == "sqlite"
        else "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    return {str(row[0]) for row in reader.execute(sql).rows}


def table_counts(reader: Reader) -> dict[str, int]:
    present = _tables(reader)
    return {
        table: int(next(reader.execute(f"SELECT count(*) FROM {table}").rows)[0])
        for table in COUNTED_TABLES
        if table in present
    }


def database_status(reader: Reader, location: DatabaseLocation) -> dict[str, str]:
    meta = dict(reader.execute("SELECT key, value FROM meta").rows)
    user_rows = next(reader.execute("SELECT count(*) FROM ingredient WHERE origin = 'user'").rows)[0]
    status = {
        "database": location.describe(),
        "program_version": __version__,
        "schema_version": meta.get("schema_version", ""),
        "seed_data_version": meta.get("seed_data_version", ""),
        "installed_seed_data_version": seed_data.SEED_DATA_VERSION,
    }
    status.update({f"{table}_rows": str(count) for table, count in table_counts(reader).items()})
    status["user_ingredients"] = str(user_rows)
    return status
