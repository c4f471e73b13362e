"""What search orders by, kept beside the SQLite search index, so that ordering does not read bodies.

Search gives each field's best rows by the length of their text, then their ingredient's
slug, then the text (store/dialects.py). Read from the search index itself, that order
reads every match's whole entry: for a word every description holds, 50,000 entries of
about 3 KB, some twenty times what finding them costs. The new table `search_order` holds,
for each entry of `search_index` (by its rowid), the length of its text and its
ingredient's slug: a search takes each field's best by these first and reads the text of
those rows only. Triggers keep it current as the index's own triggers keep the index
(the writer's deferred indexing and a rebuild fill it as they fill the index); it is
filled here from the index as it stands. Nothing stored before changes. PostgreSQL keeps
no such table: its search reads its own tables.
"""

from alembic import op

from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.store.search_index import (
    DESCRIPTION_SQL,
    FIELD_ALIAS,
    FIELD_DESCRIPTION,
    FIELD_NAME,
    FIELD_STATEMENT,
    ORDER_TABLE,
)

revision = "0020"
down_revision = "0019"

_NOT_DEFERRED = "WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_index_deferred')"
_ENTRY = f"INSERT OR REPLACE INTO {ORDER_TABLE}(entry, length, ingredient) VALUES"


def _slug_of(ingredient_id: str) -> str:
    return f"coalesce((SELECT i.slug FROM ingredient i WHERE i.id = {ingredient_id}), '{PROCEDURE_SLUG}')"


_INGREDIENT_ENTRIES = f"""
        {_ENTRY} (new.id * 4 + {FIELD_NAME}, length(new.name), new.slug),
               (new.id * 4 + {FIELD_DESCRIPTION}, length({DESCRIPTION_SQL.format(row="new")}), new.slug);"""
_ALIAS_ENTRY = f"""
        {_ENTRY} (new.id * 4 + {FIELD_ALIAS}, length(new.name), {_slug_of("new.ingredient_id")});"""
_STATEMENT_ENTRY = f"""
        {_ENTRY} (new.id * 4 + {FIELD_STATEMENT}, length(new.text), {_slug_of("new.ingredient_id")});"""


def _forget(*entries: str) -> str:
    return f"\n        DELETE FROM {ORDER_TABLE} WHERE entry IN ({', '.join(entries)});"


def _trigger(name: str, event: str, body: str) -> str:
    return f"CREATE TRIGGER {name} {event} BEGIN{body}\n    END"


_INGREDIENT = (f"old.id * 4 + {FIELD_NAME}", f"old.id * 4 + {FIELD_DESCRIPTION}")
_ALIAS = f"old.id * 4 + {FIELD_ALIAS}"
_STATEMENT = f"old.id * 4 + {FIELD_STATEMENT}"
# As ingredient_reindexed, and the slug besides: every entry of the ingredient follows it.
_SLUG_FOLLOWED = f"""
        UPDATE {ORDER_TABLE} SET ingredient = new.slug WHERE new.slug IS NOT old.slug AND (
            entry IN (SELECT id * 4 + {FIELD_ALIAS} FROM alias WHERE ingredient_id = new.id)
            OR entry IN (SELECT id * 4 + {FIELD_STATEMENT} FROM statement WHERE ingredient_id = new.id));"""
_INGREDIENT_WRITTEN = (
    "UPDATE OF slug, name, ingredient_class, class_detail, stated_purpose, mechanism, regulatory_status"
)

SQLITE_ORDER = [
    f"""CREATE TABLE {ORDER_TABLE} (
        entry INTEGER PRIMARY KEY,
        length INTEGER NOT NULL,
        ingredient VARCHAR NOT NULL)""",
    _trigger("ingredient_ordered", f"AFTER INSERT ON ingredient {_NOT_DEFERRED}", _INGREDIENT_ENTRIES),
    _trigger(
        "ingredient_reordered",
        f"AFTER {_INGREDIENT_WRITTEN} ON ingredient",
        _forget(*_INGREDIENT) + _INGREDIENT_ENTRIES + _SLUG_FOLLOWED,
    ),
    _trigger("ingredient_unordered", "AFTER DELETE ON ingredient", _forget(*_INGREDIENT)),
    _trigger("alias_ordered", f"AFTER INSERT ON alias {_NOT_DEFERRED}", _ALIAS_ENTRY),
    _trigger(
        "alias_reordered", "AFTER UPDATE OF name, ingredient_id ON alias", _forget(_ALIAS) + _ALIAS_ENTRY
    ),
    _trigger("alias_unordered", "AFTER DELETE ON alias", _forget(_ALIAS)),
    _trigger("statement_ordered", f"AFTER INSERT ON statement {_NOT_DEFERRED}", _STATEMENT_ENTRY),
    _trigger(
        "statement_reordered",
        "AFTER UPDATE OF text, ingredient_id ON statement",
        _forget(_STATEMENT) + _STATEMENT_ENTRY,
    ),
    _trigger("statement_unordered", "AFTER DELETE ON statement", _forget(_STATEMENT)),
    # The entries as the index holds them now: each one's text as indexed, its ingredient's slug.
    f"""INSERT INTO {ORDER_TABLE}(entry, length, ingredient)
        SELECT s.rowid, length(s.body), coalesce(i.slug, '{PROCEDURE_SLUG}')
        FROM search_index s LEFT JOIN ingredient i ON i.id = s.ingredient_id""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_ORDER:
            op.execute(statement)
    op.execute("UPDATE meta SET value = '20' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
