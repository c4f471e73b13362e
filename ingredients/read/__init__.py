"""Read: the queries every command runs, as tables of plain values.

List, show, search, compare, claims, formulations, exports and completion, each
defined once and run through a store reader on SQLite or PostgreSQL. Loads no
SQLAlchemy, SQLModel or pydantic on a ready SQLite catalogue. May import core and
store; never exchange, check, render or site.
"""
