"""Strengths studied or approved per route, and formulations with their declared components.

Three new tables; nothing existing changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "strength",
        sa.Column("route", sa.String(), nullable=False),
        sa.Column("basis", sa.String(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("note", sa.String()),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "ingredient_id", sa.Integer(), sa.ForeignKey("ingredient.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="RESTRICT"), nullable=False),
    )
    op.create_index("ix_strength_ingredient_id", "strength", ["ingredient_id"])
    op.create_index("ix_strength_source_id", "strength", ["source_id"])
    op.create_table(
        "formulation",
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("maker", sa.String()),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("route", sa.String(), nullable=False),
        sa.Column("declared_by", sa.String(), nullable=False),
        sa.Column("note", sa.String()),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="RESTRICT"), nullable=False),
    )
    op.create_index("ix_formulation_slug", "formulation", ["slug"], unique=True)
    op.create_index("ix_formulation_source_id", "formulation", ["source_id"])
    op.create_table(
        "component",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("value", sa.Float()),
        sa.Column("unit", sa.String()),
        sa.Column("note", sa.String()),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "formulation_id",
            sa.Integer(),
            sa.ForeignKey("formulation.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ingredient_id", sa.Integer(), sa.ForeignKey("ingredient.id", ondelete="SET NULL")),
    )
    op.create_index("ix_component_formulation_id", "component", ["formulation_id"])
    op.create_index("ix_component_ingredient_id", "component", ["ingredient_id"])
    op.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
