"""The schema holds every client to the vocabularies: CHECK constraints and a name key filled in.

Another client (the sqlite3 shell, sqlite-utils, psql) could store a grade, class,
route or origin no reader knows, or a slug with a space, and could not add an alias
or ingredient without computing this program's name key itself. Now:

- each vocabulary column (ingredients.store.vocabulary_columns, derived from
  ingredients.core.vocabulary) and each slug has a CHECK constraint;
- an ingredient or alias inserted without its `name_key` gets one from its name
  (case, spaces, hyphens, underscores, full stops, commas and apostrophes ignored, as
  the program's key does; on SQLite, case is folded for ASCII letters only).

Every stored row is checked first; a value outside its vocabulary stops the upgrade
with one message naming it, and nothing is changed. On SQLite the constraints are
written into the stored table definitions in place (the documented writable_schema
procedure), then SQLite's integrity check is run: copying the tables instead would
drop their search triggers (see 0013) and, with foreign keys on, cascade the drop.
"""

from functools import partial

import sqlalchemy as sa
from alembic import op

from ingredients.core.errors import DatabaseError
from ingredients.store.schema_rules import (
    edit_stored_tables,
    postgresql_name_key_function,
    sqlite_name_key,
    with_constraints,
)
from ingredients.store.vocabulary_columns import SLUG_COLUMNS, VOCABULARY_COLUMNS, allowed_sql, slug_sql

revision = "0016"
down_revision = "0015"

_KEYED = ("ingredient", "alias")


def _constraints(dialect: str) -> dict[str, list[tuple[str, str]]]:
    """table -> [(constraint name, condition)]."""
    by_table: dict[str, list[tuple[str, str]]] = {}
    for table, column in VOCABULARY_COLUMNS:
        by_table.setdefault(table, []).append((f"ck_{table}_{column}", allowed_sql(table, column)))
    for table, column in SLUG_COLUMNS:
        by_table.setdefault(table, []).append((f"ck_{table}_{column}_shape", slug_sql(column, dialect)))
    return by_table


def _refuse_stored_violations(bind: sa.Connection, constraints: dict[str, list[tuple[str, str]]]) -> None:
    found = []
    for table, checks in constraints.items():
        for name, condition in checks:
            column = name.removeprefix(f"ck_{table}_").removesuffix("_shape")
            rows = bind.execute(
                sa.text(f"SELECT DISTINCT {column} FROM {table} WHERE NOT ({condition}) ORDER BY 1 LIMIT 5")
            ).fetchall()
            found += [f"{table}.{column} holds {row[0]!r}" for row in rows]
    if found:
        raise DatabaseError(
            "cannot upgrade: values outside the vocabulary are stored ("
            + "; ".join(found[:10])
            + "); correct them, then upgrade again"
        )


def _sqlite_upgrade(bind: sa.Connection, constraints: dict[str, list[tuple[str, str]]]) -> None:
    edit_stored_tables(
        bind, {table: partial(with_constraints, constraints=checks) for table, checks in constraints.items()}
    )
    for table in _KEYED:
        columns = [
            row[1] for row in bind.exec_driver_sql(f"PRAGMA table_info({table})") if row[1] != "name_key"
        ]
        values = ", ".join("nullif(new.id, -1)" if column == "id" else f"new.{column}" for column in columns)
        # A BEFORE trigger cannot change the row, so it inserts the keyed row and drops the first.
        op.execute(
            f"""CREATE TRIGGER {table}_keyed BEFORE INSERT ON {table} WHEN new.name_key IS NULL BEGIN
        INSERT INTO {table} ({", ".join(columns)}, name_key) VALUES ({values}, {sqlite_name_key("new.name")});
        SELECT RAISE(IGNORE);
    END"""
        )


def _postgresql_upgrade(constraints: dict[str, list[tuple[str, str]]]) -> None:
    for table, checks in constraints.items():
        for name, condition in checks:
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({condition})")
    op.execute(postgresql_name_key_function())
    for table in _KEYED:
        op.execute(
            f"CREATE TRIGGER {table}_keyed BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ingredients_fill_name_key()"
        )


def upgrade() -> None:
    bind = op.get_bind()
    constraints = _constraints(bind.dialect.name)
    _refuse_stored_violations(bind, constraints)
    if bind.dialect.name == "sqlite":
        _sqlite_upgrade(bind, constraints)
    else:
        _postgresql_upgrade(constraints)
    op.execute("UPDATE meta SET value = '16' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
