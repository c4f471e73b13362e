"""The schema of ingredients 0.1.0: sources, ingredients, aliases, statements, meta.

Catalogues written by 0.1.0 hold exactly this (schema version 1) without an
Alembic version table; the lifecycle stamps them with this revision before it
upgrades them. Frozen: later changes are later scripts.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

_DESCRIPTION = (
    "coalesce({row}.ingredient_class, '') || ' ' || coalesce({row}.stated_purpose, '') || ' ' || "
    "coalesce({row}.mechanism, '') || ' ' || coalesce({row}.regulatory_status, '')"
)
_NOT_DEFERRED = "WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_index_deferred')"

SEARCH_INDEX = [
    """CREATE VIRTUAL TABLE search_index USING fts5(
        body, ingredient_id UNINDEXED, field UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER ingredient_indexed AFTER INSERT ON ingredient {_NOT_DEFERRED} BEGIN
        INSERT INTO search_index(rowid, body, ingredient_id, field)
        VALUES (new.id * 4 + 0, new.name, new.id, 'name'),
               (new.id * 4 + 3, {_DESCRIPTION.format(row="new")}, new.id, 'description');
    END""",
    f"""CREATE TRIGGER ingredient_reindexed AFTER UPDATE OF
            name, ingredient_class, stated_purpose, mechanism, regulatory_status ON ingredient BEGIN
        DELETE FROM search_index WHERE rowid IN (old.id * 4 + 0, old.id * 4 + 3);
        INSERT INTO search_index(rowid, body, ingredient_id, field)
        VALUES (new.id * 4 + 0, new.name, new.id, 'name'),
               (new.id * 4 + 3, {_DESCRIPTION.format(row="new")}, new.id, 'description');
    END""",
    """CREATE TRIGGER ingredient_unindexed AFTER DELETE ON ingredient BEGIN
        DELETE FROM search_index WHERE rowid IN (old.id * 4 + 0, old.id * 4 + 3);
    END""",
    f"""CREATE TRIGGER alias_indexed AFTER INSERT ON alias {_NOT_DEFERRED} BEGIN
        INSERT INTO search_index(rowid, body, ingredient_id, field)
        VALUES (new.id * 4 + 1, new.name, new.ingredient_id, 'alias');
    END""",
    """CREATE TRIGGER alias_unindexed AFTER DELETE ON alias BEGIN
        DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
    END""",
    f"""CREATE TRIGGER statement_indexed AFTER INSERT ON statement {_NOT_DEFERRED} BEGIN
        INSERT INTO search_index(rowid, body, ingredient_id, field)
        VALUES (new.id * 4 + 2, new.text, new.ingredient_id, new.kind);
    END""",
    """CREATE TRIGGER statement_unindexed AFTER DELETE ON statement BEGIN
        DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
    END""",
    """CREATE TRIGGER alias_reindexed AFTER UPDATE ON alias BEGIN
        DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
        INSERT INTO search_index(rowid, body, ingredient_id, field)
        VALUES (new.id * 4 + 1, new.name, new.ingredient_id, 'alias');
    END""",
    """CREATE TRIGGER statement_reindexed AFTER UPDATE ON statement BEGIN
        DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
        INSERT INTO search_index(rowid, body, ingredient_id, field)
        VALUES (new.id * 4 + 2, new.text, new.ingredient_id, new.kind);
    END""",
]


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "source",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("authors", sa.String()),
        sa.Column("year", sa.Integer()),
        sa.Column("published_in", sa.String()),
        sa.Column("pmid", sa.String()),
        sa.Column("doi", sa.String()),
        sa.Column("url", sa.String()),
        sa.Column("note", sa.String()),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), primary_key=True),
    )
    op.create_index("ix_source_key", "source", ["key"], unique=True)
    op.create_table(
        "ingredient",
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("ingredient_class", sa.String(), nullable=False),
        sa.Column("stated_purpose", sa.String()),
        sa.Column("cas_number", sa.String()),
        sa.Column("pubchem_cid", sa.Integer()),
        sa.Column("inci_name", sa.String()),
        sa.Column("molecular_formula", sa.String()),
        sa.Column("mechanism", sa.String()),
        sa.Column("regulatory_status", sa.String()),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("identifiers_source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="SET NULL")),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("cas_key", sa.String()),
    )
    op.create_index("ix_ingredient_slug", "ingredient", ["slug"], unique=True)
    op.create_index("ix_ingredient_name_key", "ingredient", ["name_key"], unique=True)
    op.create_index("ix_ingredient_cas_key", "ingredient", ["cas_key"])
    op.create_table(
        "alias",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "ingredient_id", sa.Integer(), sa.ForeignKey("ingredient.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name_key", sa.String(), nullable=False),
    )
    op.create_index("ix_alias_ingredient_id", "alias", ["ingredient_id"])
    op.create_index("ix_alias_name_key", "alias", ["name_key"], unique=True)
    op.create_table(
        "statement",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("route", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("evidence_level", sa.Integer()),
        sa.Column("manufacturer_sponsored", sa.Boolean(), nullable=False),
        sa.Column("reviewed", sa.Date()),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ingredient_id", sa.Integer(), sa.ForeignKey("ingredient.id", ondelete="CASCADE")),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", ondelete="RESTRICT"), nullable=False),
    )
    op.create_index("ix_statement_ingredient_id", "statement", ["ingredient_id"])
    op.create_index("ix_statement_source_id", "statement", ["source_id"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in SEARCH_INDEX:
            op.execute(statement)
    op.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
