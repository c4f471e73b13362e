"""Indexes for `check`'s comparison of names: by length of key, and over INCI names.

A check compares an item it cannot find exactly with the stored name and alias
keys of a plausible length; an index on (length, key) gives them in that order
without a sort, and holds everything the read needs. It also reads every INCI
name (they have no stored key): most ingredients of a large catalogue have none,
so a partial index over the rows that have one spares a walk of the whole table.
"""

from alembic import op
from sqlalchemy import text

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    for table in ("ingredient", "alias"):
        op.create_index(f"ix_{table}_name_key_length", table, [text("length(name_key)"), "name_key"])
    op.create_index(
        "ix_ingredient_inci_name",
        "ingredient",
        ["inci_name"],
        sqlite_where=text("inci_name IS NOT NULL"),
        postgresql_where=text("inci_name IS NOT NULL"),
    )
    op.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
