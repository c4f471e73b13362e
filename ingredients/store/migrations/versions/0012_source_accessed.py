"""When a source was read: the date of access that cites an undated page or article.

A new nullable column; every stored source keeps its values and has no date of
access until one is given.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    op.add_column("source", sa.Column("accessed", sa.Date(), nullable=True))
    op.execute("UPDATE meta SET value = '12' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
