"""A component renamed or moved to another formulation by any client is searched as it now is.

Migration 0006 indexed a component on insert and unindexed it on delete but gave it no
update trigger, so `UPDATE component SET name = ...` from the sqlite3 shell (or any
client) left formulation search finding the old name. The new trigger is made from
the insert trigger as stored, which migration 0011 wrote out in plain SQL, so any
client can run it. PostgreSQL's generated columns follow every write already.
"""

import sqlalchemy as sa
from alembic import op

from ingredients.core.errors import DatabaseError

revision = "0015"
down_revision = "0014"

_INSERTED = "AFTER INSERT ON component BEGIN"
_UPDATED = (
    "AFTER UPDATE OF name, formulation_id ON component BEGIN\n"
    "        DELETE FROM formulation_search WHERE rowid = old.id * 2 + 1;"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        inserted = bind.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'component_indexed'")
        ).scalar_one()
        if _INSERTED not in inserted:
            raise DatabaseError("the component search trigger is not as migration 0006 made it")
        op.execute(
            inserted.replace("component_indexed", "component_reindexed", 1).replace(_INSERTED, _UPDATED, 1)
        )
    op.execute("UPDATE meta SET value = '15' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
