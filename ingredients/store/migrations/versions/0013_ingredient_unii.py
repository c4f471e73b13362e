"""The FDA's Unique Ingredient Identifier (UNII) beside CAS and PubChem, with its source.

Two new nullable columns on ingredient and an index for joins with the FDA's data
(openFDA, DailyMed). Every stored ingredient keeps its values; its UNII stays
unknown until the seed or an import gives one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    op.add_column("ingredient", sa.Column("unii", sa.String(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference in place; Alembic would copy the table
        # instead, losing the search triggers that live on it.
        op.execute(
            "ALTER TABLE ingredient ADD COLUMN unii_source_id INTEGER "
            "REFERENCES source (id) ON DELETE SET NULL"
        )
    else:
        op.add_column(
            "ingredient",
            sa.Column(
                "unii_source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="SET NULL"), nullable=True
            ),
        )
    op.create_index(
        "ix_ingredient_unii",
        "ingredient",
        ["unii"],
        sqlite_where=sa.text("unii IS NOT NULL"),
        postgresql_where=sa.text("unii IS NOT NULL"),
    )
    op.execute("UPDATE meta SET value = '13' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
