"""Stable seed statement ids, source keys without case, the CAS check digit and a name key any client gets.

- A seed statement gets a seed key (ingredients.core.identifiers.statement_seed_key): a
  refresh or rebuild of the seed gives the statement holding it the id it had, so a
  `#id` printed by `claims` or `show` stays good. The stored seed statements are keyed
  here, numbered in the order they were written (the seed data's order).
- Source keys are unique without regard to case (a unique index on lower(key)).
- A CAS number must pass its check digit (a CHECK constraint from
  ingredients.store.schema_rules, the SQL form of identifiers.is_valid_cas).
- An ingredient or alias inserted without its name key (SQLite) now gets it after the
  insert, so the client is told its new row id; a name changed by any client without its
  key gets the key of its new name (both dialects).

Every stored row is checked first: a CAS number failing its check digit, or two source
keys differing only in case, stop the upgrade with one message naming them, and
nothing is changed. No stored row is changed but for the seed keys written.
"""

import re

import sqlalchemy as sa
from alembic import op

from ingredients.core.errors import DatabaseError
from ingredients.core.identifiers import numbered_seed_key, statement_seed_key
from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.store.schema_rules import (
    UNKEYED_DEFAULT,
    UNKEYED_PREFIX,
    cas_valid_sql,
    edit_stored_tables,
    postgresql_name_key_function,
    sqlite_name_key,
    with_constraints,
)

revision = "0017"
down_revision = "0016"

_KEYED = ("ingredient", "alias")
_CAS_CONSTRAINT = "ck_ingredient_cas_number"


def _refuse_stored_violations(bind: sa.Connection, dialect: str) -> None:
    found = [
        f"ingredient {slug!r} holds the CAS number {cas!r}, whose check digit fails"
        for slug, cas in bind.execute(
            sa.text(
                f"SELECT slug, cas_number FROM ingredient WHERE NOT ({cas_valid_sql('cas_number', dialect)})"
            )
        ).fetchall()
    ]
    colliding: dict[str, list[str]] = {}
    for folded, key in bind.execute(
        sa.text(
            "SELECT lower(key), key FROM source WHERE lower(key) IN "
            "(SELECT lower(key) FROM source GROUP BY lower(key) HAVING count(*) > 1) ORDER BY 1, 2"
        )
    ).fetchall():
        colliding.setdefault(folded, []).append(key)
    found += [f"the source keys {', '.join(keys)} differ only in case" for keys in colliding.values()]
    if found:
        raise DatabaseError("cannot upgrade: " + "; ".join(found[:10]) + "; correct them, then upgrade again")


def _key_seed_statements(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT s.id, i.slug, src.key, s.kind, s.route, s.condition, s.outcome FROM statement s "
            "JOIN source src ON src.id = s.source_id LEFT JOIN ingredient i ON i.id = s.ingredient_id "
            "WHERE s.origin = 'seed' ORDER BY s.id"
        )
    ).fetchall()
    seen: dict[str, int] = {}
    keyed = []
    for row_id, slug, source, kind, route, condition, outcome in rows:
        base = statement_seed_key(slug or PROCEDURE_SLUG, source, kind, route, condition, outcome)
        seen[base] = seen.get(base, 0) + 1
        keyed.append({"key": numbered_seed_key(base, seen[base]), "id": row_id})
    if keyed:
        bind.execute(sa.text("UPDATE statement SET seed_key = :key WHERE id = :id"), keyed)


def _defaulted_key(stored: str) -> str:
    """The stored table text with a placeholder default on name_key (see schema_rules.UNKEYED_DEFAULT)."""
    edited, count = re.subn(
        r"\bname_key VARCHAR NOT NULL\b", f"name_key VARCHAR NOT NULL DEFAULT {UNKEYED_DEFAULT}", stored
    )
    if count != 1:
        raise DatabaseError("cannot upgrade: the stored name_key column is not as schema 16 wrote it")
    return edited


_ALIAS_UPDATED = "AFTER UPDATE ON alias BEGIN"


def _alias_reindexed_on_its_words_only(bind: sa.Connection) -> None:
    """The alias search trigger fires on any update; a key written after an insert would
    index the alias a second time. It is made again to fire when the name or ingredient changes."""
    stored = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'alias_reindexed'")
    ).scalar_one()
    if _ALIAS_UPDATED not in stored:
        raise DatabaseError("cannot upgrade: the alias search trigger is not as migration 0011 wrote it")
    op.execute("DROP TRIGGER alias_reindexed")
    op.execute(stored.replace(_ALIAS_UPDATED, "AFTER UPDATE OF name, ingredient_id ON alias BEGIN"))


def _sqlite_upgrade(bind: sa.Connection) -> None:
    _alias_reindexed_on_its_words_only(bind)
    cas = [(_CAS_CONSTRAINT, cas_valid_sql("cas_number", "sqlite"))]
    edit_stored_tables(
        bind,
        {
            "ingredient": lambda stored: _defaulted_key(with_constraints(stored, cas)),
            "alias": _defaulted_key,
        },
    )
    for table in _KEYED:
        key = sqlite_name_key("new.name")
        op.execute(
            f"""CREATE TRIGGER {table}_key_filled AFTER INSERT ON {table}
            WHEN substr(new.name_key, 1, {len(UNKEYED_PREFIX)}) = '{UNKEYED_PREFIX}' BEGIN
        UPDATE {table} SET name_key = {key} WHERE id = new.id;
    END"""
        )
        # Only when the name changed and the key did not: the program writes both, with the
        # key it computes itself, which folds more than SQLite can.
        op.execute(
            f"""CREATE TRIGGER {table}_rekeyed AFTER UPDATE OF name ON {table}
            WHEN new.name_key = old.name_key AND {key} <> {sqlite_name_key("old.name")} BEGIN
        UPDATE {table} SET name_key = {key} WHERE id = new.id;
    END"""
        )


def _postgresql_upgrade() -> None:
    cas = cas_valid_sql("cas_number", "postgresql")
    op.execute(f"ALTER TABLE ingredient ADD CONSTRAINT {_CAS_CONSTRAINT} CHECK ({cas})")
    op.execute(postgresql_name_key_function())
    for table in _KEYED:
        op.execute(
            f"CREATE TRIGGER {table}_rekeyed BEFORE UPDATE OF name ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ingredients_fill_name_key()"
        )


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    _refuse_stored_violations(bind, dialect)
    op.add_column("statement", sa.Column("seed_key", sa.String(), nullable=True))
    _key_seed_statements(bind)
    op.create_index("ix_statement_seed_key", "statement", ["seed_key"], unique=True)
    op.create_index("ux_source_key_folded", "source", [sa.text("lower(key)")], unique=True)
    if dialect == "sqlite":
        _sqlite_upgrade(bind)
    else:
        _postgresql_upgrade()
    op.execute("UPDATE meta SET value = '17' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
