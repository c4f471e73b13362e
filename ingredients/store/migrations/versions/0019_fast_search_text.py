"""PostgreSQL's search-text function takes a cheap way through ASCII text.

The stored search columns (0005, 0006) call `ingredients_search_text` on every row written,
and on a large import it was most of the server's time: every text went through NFKD, a
regular expression for combining marks, 48 nested replacements of Greek letters and a
regular expression for word breaks. The function is redefined (ingredients/store/
search_text_sql.py) to give the same output by a shorter way where the text allows: plain
replacements of the word breaks for ASCII text, and the Greek replacements only for a text
that holds a Greek letter. Its output is unchanged, so every stored column stays as it is
and nothing is rewritten. SQLite computes the same text in Python (text_normalise): only
its schema version changes.
"""

from alembic import op

from ingredients.store.search_text_sql import postgresql_search_text_function

revision = "0019"
down_revision = "0018"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(postgresql_search_text_function())
    op.execute("UPDATE meta SET value = '19' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
