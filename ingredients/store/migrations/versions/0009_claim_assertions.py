"""Claims by what they assert; safety statements by the harm they report.

An article's claim (a purpose statement) gains `asserts`, the kind of assertion it
makes, so that a claim of safety is judged against warnings and a claim of
painlessness against reports of pain, not as if it said "this works". A safety
statement gains `harm` (and, for pain, the share of patients) for those rules to
read. Every claim stored before this, the user's included, keeps its text and
asserts efficacy, the one kind the earlier rule judged; its author may say otherwise.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    with op.batch_alter_table("statement") as table:
        table.add_column(sa.Column("asserts", sa.String(), nullable=True))
        table.add_column(sa.Column("harm", sa.String(), nullable=True))
        table.add_column(sa.Column("harm_percent", sa.Float(), nullable=True))
    op.execute("UPDATE statement SET asserts = 'efficacy' WHERE kind = 'purpose'")
    op.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
