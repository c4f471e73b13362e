"""Evidence by condition, with the effect in numbers.

Each statement gains who the study was of (condition, sex), what it compared with,
for how long, what it measured, the effect with its interval or p-value, GRADE
certainty where a review states it, and, on a searched-for absence, what was
searched. Rows stored before this keep everything they had: their evidence is of
an unknown condition and sex (never guessed), and a user's none-found statement
says its search was not recorded.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"

_TEXT = ("condition", "sex", "comparator", "outcome", "effect_unit", "effect_kind", "certainty", "searched")
_NUMBERS = ("effect_value", "effect_ci_low", "effect_ci_high", "effect_p")


def upgrade() -> None:
    with op.batch_alter_table("statement") as table:
        for name in _TEXT:
            table.add_column(sa.Column(name, sa.String(), nullable=True))
        table.add_column(sa.Column("weeks", sa.Integer(), nullable=True))
        for name in _NUMBERS:
            table.add_column(sa.Column(name, sa.Float(), nullable=True))
    op.execute("UPDATE statement SET condition = 'unknown', sex = 'unknown' WHERE kind = 'evidence'")
    op.execute(
        "UPDATE statement SET searched = 'not recorded: stated before searches were recorded' "
        "WHERE evidence_level = 0 AND searched IS NULL"
    )
    # Best evidence is read per ingredient, route and condition.
    op.create_index("ix_statement_condition", "statement", ["ingredient_id", "kind", "condition"])
    op.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
