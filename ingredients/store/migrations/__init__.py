"""Schema migrations: one small, reviewed Alembic script per change of the tables.

The scripts are numbered 0001, 0002, ... and the schema version stored in a
catalogue's meta table is the number of the last script applied to it, so the
version can be read with sqlite3 alone, without loading Alembic.
"""

from __future__ import annotations

# The newest script's number: the schema this program writes and reads.
SCHEMA_VERSION = 20
# Where Alembic finds the scripts: this package, as a package resource.
SCRIPT_LOCATION = "ingredients.store:migrations"


def revision(schema_version: int) -> str:
    """The Alembic revision id of a schema version."""
    return f"{schema_version:04d}"
