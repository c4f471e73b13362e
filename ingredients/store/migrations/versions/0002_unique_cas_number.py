"""A CAS Registry Number names one ingredient: its lookup key becomes unique.

0.1.0 let an imported ingredient take a CAS number that another one held, and
then `show <CAS>` could not choose. A catalogue that already holds such a pair
is not upgraded until the user settles it, because either row may be the one
they mean to keep.
"""

from alembic import op
from sqlalchemy import text

from ingredients.core.errors import DatabaseError

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    duplicated = (
        op.get_bind()
        .execute(
            text(
                "SELECT cas_number, group_concat(slug, ', ') FROM ingredient WHERE cas_key IS NOT NULL "
                "GROUP BY cas_key HAVING count(*) > 1"
            )
        )
        .fetchall()
        if op.get_bind().dialect.name == "sqlite"
        else op.get_bind()
        .execute(
            text(
                "SELECT min(cas_number), string_agg(slug, ', ') FROM ingredient WHERE cas_key IS NOT NULL "
                "GROUP BY cas_key HAVING count(*) > 1"
            )
        )
        .fetchall()
    )
    if duplicated:
        cas, slugs = duplicated[0]
        raise DatabaseError(
            f"CAS number {cas} is held by several ingredients ({slugs}); "
            "remove or correct all but one, then upgrade again"
        )
    op.drop_index("ix_ingredient_cas_key", "ingredient")
    op.create_index("ix_ingredient_cas_key", "ingredient", ["cas_key"], unique=True)
    op.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
