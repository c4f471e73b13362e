"""Evidence gets its direction and size; the class becomes a controlled list.

- statement.finding (benefit, no-benefit, mixed, harm, unclear), .participants
  and .other_compound (studies of another compound, never graded).
- ingredient.class_detail (free text beside the class) and .identifiers_note
  (why an identifier is unknown).
- A user's class outside the new list moves, word for word, to class_detail,
  and the class becomes 'other': the text is kept, the list is honoured.
- A user's evidence statement has no finding yet: it is stored as 'unclear'
  until the user says otherwise.
- The search index also covers the class detail.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

CLASSES = (
    "5-alpha-reductase-inhibitor",
    "vasodilator",
    "vitamin",
    "peptide",
    "growth-factor-or-cell-derived",
    "neurotoxin",
    "local-anaesthetic",
    "corticosteroid",
    "glycosaminoglycan",
    "nucleic-acid",
    "plant-extract",
    "plant-compound",
    "amino-acid",
    "mineral",
    "methylxanthine",
    "antioxidant",
    "other",
)

_DESCRIPTION = (
    "coalesce({row}.ingredient_class, '') || ' ' || coalesce({row}.class_detail, '') || ' ' || "
    "coalesce({row}.stated_purpose, '') || ' ' || "
    "coalesce({row}.mechanism, '') || ' ' || coalesce({row}.regulatory_status, '')"
)
_NOT_DEFERRED = "WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_index_deferred')"

_TRIGGERS = [
    f"""CREATE TRIGGER ingredient_indexed AFTER INSERT ON ingredient {_NOT_DEFERRED} BEGIN
        INSERT INTO search_index(rowid, body, ingredient_id, field)
        VALUES (new.id * 4 + 0, new.name, new.id, 'name'),
               (new.id * 4 + 3, {_DESCRIPTION.format(row="new")}, new.id, 'description');
    END""",
    f"""CREATE TRIGGER ingredient_reindexed AFTER UPDATE OF
            name, ingredient_class, class_detail, stated_purpose, mechanism, regulatory_status
            ON ingredient BEGIN
        DELETE FROM search_index WHERE rowid IN (old.id * 4 + 0, old.id * 4 + 3);
        INSERT INTO search_index(rowid, body, ingredient_id, field)
        VALUES (new.id * 4 + 0, new.name, new.id, 'name'),
               (new.id * 4 + 3, {_DESCRIPTION.format(row="new")}, new.id, 'description');
    END""",
]


def upgrade() -> None:
    op.add_column("statement", sa.Column("finding", sa.String()))
    op.add_column("statement", sa.Column("participants", sa.Integer()))
    op.add_column(
        "statement", sa.Column("other_compound", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("ingredient", sa.Column("class_detail", sa.String()))
    op.add_column("ingredient", sa.Column("identifiers_note", sa.String()))
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER ingredient_indexed")
        op.execute("DROP TRIGGER ingredient_reindexed")
        for trigger in _TRIGGERS:
            op.execute(trigger)
    known = ", ".join(f"'{name}'" for name in CLASSES)
    op.execute(
        "UPDATE ingredient SET class_detail = ingredient_class, ingredient_class = 'other' "
        f"WHERE ingredient_class NOT IN ({known})"
    )
    op.execute("UPDATE statement SET finding = 'unclear' WHERE kind = 'evidence'")
    op.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
