"""Risk of bias per study: randomised, blinding, control, and whether a review reports a result.

Four new nullable columns on statement. Every stored statement keeps its values; its
risk of bias stays unknown until the seed or an import gives one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    for column in ("randomised", "blinding", "control", "reports_agent_result"):
        op.add_column("statement", sa.Column(column, sa.String(), nullable=True))
    op.execute("UPDATE meta SET value = '14' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
