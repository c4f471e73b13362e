"""Alembic's entry point: runs the scripts on the connection the caller opened.

The caller (ingredients.store.lifecycle) holds the write transaction, so the whole
upgrade commits or rolls back as one.
"""

from alembic import context

context.configure(connection=context.config.attributes["connection"])
with context.begin_transaction():
    context.run_migrations()
