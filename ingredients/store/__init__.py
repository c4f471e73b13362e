"""Store: where a catalogue lives and how it is opened, read, migrated and checked.

Locations, engines and readers (sqlite3 for a ready SQLite file, SQLAlchemy for
the rest), the few SQL spellings the dialects differ in, the SQLModel tables and
the table shapes derived from them, the Alembic migrations, write transactions,
`db check` and `db status`. May import core only.
"""
