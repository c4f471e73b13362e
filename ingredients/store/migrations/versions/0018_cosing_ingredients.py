"""The CosIng inventory: the European Commission's list of cosmetic ingredients, as a table.

A new table, so that `check` can name an ordinary cosmetic ingredient (a plant extract,
an ester, a silicone) by its INCI name, with its functions and any EU restriction,
instead of reporting it unknown; `show` and `search` find it too. It starts empty: a user
fills it with `ingredients import` from the Commission's own export. Nothing stored before
changes. Its origin is held to the vocabulary as every table's is (see 0016), and a row
another client adds without its name key, or renames without it, gets the program's key
(as 0017 does for ingredients and aliases).
"""

import sqlalchemy as sa
from alembic import op

from ingredients.store.schema_rules import (
    UNKEYED_DEFAULT,
    UNKEYED_PREFIX,
    postgresql_name_key_function,
    sqlite_name_key,
)
from ingredients.store.vocabulary_columns import allowed_sql

revision = "0018"
down_revision = "0017"

_TABLE = "cosing_ingredient"
_FUNCTION = "ingredients_fill_cosing_key"


def _sqlite_keyed_triggers() -> list[str]:
    key = sqlite_name_key("new.inci_name")
    return [
        f"""CREATE TRIGGER {_TABLE}_key_filled AFTER INSERT ON {_TABLE}
            WHEN substr(new.name_key, 1, {len(UNKEYED_PREFIX)}) = '{UNKEYED_PREFIX}' BEGIN
        UPDATE {_TABLE} SET name_key = {key} WHERE id = new.id;
    END""",
        # Only when the name changed and the key did not: the program writes both.
        f"""CREATE TRIGGER {_TABLE}_rekeyed AFTER UPDATE OF inci_name ON {_TABLE}
            WHEN new.name_key = old.name_key AND {key} <> {sqlite_name_key("old.inci_name")} BEGIN
        UPDATE {_TABLE} SET name_key = {key} WHERE id = new.id;
    END""",
    ]


def _postgresql_keyed_triggers() -> list[str]:
    return [
        postgresql_name_key_function(_FUNCTION, "inci_name"),
        f"CREATE TRIGGER {_TABLE}_keyed BEFORE INSERT ON {_TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()",
        f"CREATE TRIGGER {_TABLE}_rekeyed BEFORE UPDATE OF inci_name ON {_TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # SQLite gives a row inserted without its key a placeholder the trigger after the insert replaces.
    key_default = sa.text(UNKEYED_DEFAULT) if dialect == "sqlite" else None
    op.create_table(
        _TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cosing_ref", sa.Integer(), nullable=False),
        sa.Column("inci_name", sa.String(length=2000), nullable=False),
        sa.Column("cas_number", sa.String(), nullable=True),
        sa.Column("ec_number", sa.String(), nullable=True),
        sa.Column("functions", sa.String(), nullable=True),
        sa.Column("restriction", sa.String(), nullable=True),
        sa.Column("updated", sa.Date(), nullable=True),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False, server_default=key_default),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="RESTRICT"), nullable=False),
        sa.CheckConstraint(allowed_sql(_TABLE, "origin"), name=f"ck_{_TABLE}_origin"),
    )
    op.create_index(f"ix_{_TABLE}_cosing_ref", _TABLE, ["cosing_ref"], unique=True)
    op.create_index(f"ix_{_TABLE}_name_key", _TABLE, ["name_key"])
    op.create_index(f"ix_{_TABLE}_source_id", _TABLE, ["source_id"])
    triggers = _sqlite_keyed_triggers() if dialect == "sqlite" else _postgresql_keyed_triggers()
    for statement in triggers:
        op.execute(statement)
    op.execute("UPDATE meta SET value = '18' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
