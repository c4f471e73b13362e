"""Excipients: the substances on a label that are not active ingredients.

A new table, so that `check` can name a propellant as a propellant instead of
guessing a drug for it, and say whether it belongs in an injection. Nothing
stored before changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    op.create_table(
        "excipient",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("inci_name", sa.String(length=200), nullable=False),
        sa.Column("synonyms", sa.String(), nullable=True),
        sa.Column("cas_number", sa.String(), nullable=True),
        sa.Column("functions", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("injectable", sa.String(), nullable=False),
        sa.Column("injectable_basis", sa.String(), nullable=True),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="RESTRICT"), nullable=False),
        sa.Column(
            "injectable_source_id",
            sa.Integer(),
            sa.ForeignKey("source.id", ondelete="RESTRICT"),
            nullable=True,
        ),
    )
    op.create_index("ix_excipient_slug", "excipient", ["slug"], unique=True)
    op.create_index("ix_excipient_source_id", "excipient", ["source_id"])
    op.create_index("ix_excipient_injectable_source_id", "excipient", ["injectable_source_id"])
    op.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
