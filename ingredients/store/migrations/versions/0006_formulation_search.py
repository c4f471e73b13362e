"""Search covers formulations: their names and makers, and their components as written.

SQLite: a second FTS5 table over the same normalised words as the first
(migration 0005), kept current by triggers; each row's rowid says what it is
(formulation id * 2, component id * 2 + 1). PostgreSQL: generated tsvector
columns with GIN indexes, as for the other tables.
"""

from alembic import op

revision = "0006"
down_revision = "0005"

_FORMULATION_TEXT = "new.name || ' ' || coalesce(new.maker, '')"

SQLITE_INDEX = [
    """CREATE VIRTUAL TABLE formulation_search USING fts5(
        terms, body UNINDEXED, formulation_id UNINDEXED, field UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER formulation_indexed AFTER INSERT ON formulation BEGIN
        INSERT INTO formulation_search(rowid, terms, body, formulation_id, field)
        VALUES (new.id * 2, ingredients_search_text({_FORMULATION_TEXT}), new.name, new.id, 'formulation');
    END""",
    f"""CREATE TRIGGER formulation_reindexed AFTER UPDATE OF name, maker ON formulation BEGIN
        DELETE FROM formulation_search WHERE rowid = old.id * 2;
        INSERT INTO formulation_search(rowid, terms, body, formulation_id, field)
        VALUES (new.id * 2, ingredients_search_text({_FORMULATION_TEXT}), new.name, new.id, 'formulation');
    END""",
    """CREATE TRIGGER formulation_unindexed AFTER DELETE ON formulation BEGIN
        DELETE FROM formulation_search WHERE rowid = old.id * 2;
    END""",
    """CREATE TRIGGER component_indexed AFTER INSERT ON component BEGIN
        INSERT INTO formulation_search(rowid, terms, body, formulation_id, field)
        VALUES (new.id * 2 + 1, ingredients_search_text(new.name), new.name, new.formulation_id,
                'component');
    END""",
    """CREATE TRIGGER component_unindexed AFTER DELETE ON component BEGIN
        DELETE FROM formulation_search WHERE rowid = old.id * 2 + 1;
    END""",
    """INSERT INTO formulation_search(rowid, terms, body, formulation_id, field)
        SELECT id * 2, ingredients_search_text(name || ' ' || coalesce(maker, '')), name, id, 'formulation'
        FROM formulation
        UNION ALL
        SELECT id * 2 + 1, ingredients_search_text(name), name, formulation_id, 'component'
        FROM component""",
]

POSTGRESQL_COLUMNS = (
    ("formulation", "name_terms", "name || ' ' || coalesce(maker, '')"),
    ("component", "name_terms", "name"),
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_INDEX:
            op.execute(statement)
    if bind.dialect.name == "postgresql":
        for table, column, indexed in POSTGRESQL_COLUMNS:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
                f"(setweight(to_tsvector('simple', ingredients_search_text({indexed})), 'B')) STORED"
            )
            op.execute(f"CREATE INDEX ix_{table}_{column} ON {table} USING gin ({column})")
    op.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
