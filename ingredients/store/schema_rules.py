"""Rules the program checks in Python, written as SQL for the schema to hold any client to.

The CAS check digit (ingredients.core.identifiers.is_valid_cas) and the name key
(identifiers.lookup_key) are each written here once as SQL, for SQLite and PostgreSQL;
the migrations that put them into the schema (0016, 0017, 0018) and `db check` read them
from here, and tests hold each to its Python form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ingredients.core.errors import DatabaseError
from ingredients.core.identifiers import CAS_MAX_DIGITS

# What the program's key ignores (identifiers.lookup_key), character by character.
NAME_KEY_IGNORED = (
    " ",
    "\t",
    "\n",
    "\r",
    "-",
    "\u2010",
    "\u2011",
    "\u2012",
    "\u2013",
    "\u2014",
    "_",
    ".",
    ",",
    "'",
    "\u2019",
)

# A key no name can have (a key never holds a space): what a row inserted without its
# name key holds until the trigger after the insert gives it its key (SQLite).
UNKEYED_PREFIX = " unkeyed "
UNKEYED_DEFAULT = f"('{UNKEYED_PREFIX}' || hex(randomblob(16)))"


def sqlite_name_key(argument: str) -> str:
    """SQLite's form of the name key of ``argument``: case folded for ASCII letters only
    (SQLite's lower() knows no other letters without the ICU extension)."""
    sql = f"lower({argument})"
    for character in NAME_KEY_IGNORED:
        sql = f"replace({sql}, '{character.replace(chr(39), chr(39) * 2)}', '')"
    return sql


def postgresql_name_key(argument: str) -> str:
    """PostgreSQL's form: NFKC, then lower-cased by the database's own rules."""
    pattern = "[" + "".join(re.escape(c) for c in NAME_KEY_IGNORED).replace("'", "''") + "]+"
    return f"regexp_replace(lower(normalize({argument}, NFKC) COLLATE \"default\"), '{pattern}', '', 'g')"


def postgresql_name_key_function(function: str = "ingredients_fill_name_key", column: str = "name") -> str:
    """The trigger function ``function`` that gives a row left without its name key the key
    of its ``column``, and a row whose ``column`` changed without its key the new key (PostgreSQL).

    Migration 0016 made the default one for inserts; 0017 makes it again, and adds the
    update triggers; 0018 makes one for the CosIng table's INCI name."""
    new_key, old_key = postgresql_name_key(f"NEW.{column}"), postgresql_name_key(f"OLD.{column}")
    return f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.name_key IS NULL THEN
        NEW.name_key := {new_key};
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.name_key = OLD.name_key AND {new_key} <> {old_key} THEN
            NEW.name_key := {new_key};
        END IF;
    END IF;
    RETURN NEW;
END $$
"""


def _cas_shape_sql(column: str, dialect: str) -> str:
    """True for two to seven ASCII digits, a hyphen, two digits, a hyphen and one digit."""
    if dialect == "sqlite":
        # GLOB has no repetition counts: the length bounds the first group (2 to 7 digits).
        return (
            f"length({column}) BETWEEN 7 AND 12 AND {column} GLOB '*[0-9]-[0-9][0-9]-[0-9]' "
            f"AND substr({column}, 1, length({column}) - 5) NOT GLOB '*[^0-9]*'"
        )
    return f"{column} ~ '^[0-9]{{2,7}}-[0-9]{{2}}-[0-9]$'"


def cas_valid_sql(column: str, dialect: str) -> str:
    """SQL true for a well-formed CAS number whose check digit is right, or NULL.

    The digits are padded with zeros on the left to the longest a CAS number has, so every
    digit has a fixed place: no substr start is ever 0 or negative (which SQLite reads as
    counting from the end), and a missing digit weighs nothing. The sum is only taken once
    the shape is known good, inside a CASE, so PostgreSQL never casts a non-digit.
    """
    digits = f"replace({column}, '-', '')"
    padded = f"substr('{'0' * CAS_MAX_DIGITS}' || {digits}, length({digits}) + 1)"
    # Weights 1, 2, 3, ... from the digit before the check digit leftwards.
    weighted = " + ".join(
        f"{weight} * CAST(substr({padded}, {CAS_MAX_DIGITS - weight}, 1) AS INTEGER)"
        for weight in range(1, CAS_MAX_DIGITS)
    )
    check = f"CAST(substr({padded}, {CAS_MAX_DIGITS}, 1) AS INTEGER)"
    shape = _cas_shape_sql(column, dialect)
    return f"{column} IS NULL OR CASE WHEN {shape} THEN ({weighted}) % 10 = {check} ELSE 1 = 0 END"


def edit_stored_tables(bind: Any, edits: dict[str, Callable[[str], str]]) -> None:
    """Rewrite SQLite's stored definitions of these tables in place (the writable_schema
    procedure SQLite documents), then run SQLite's integrity check.

    Copying each table, as Alembic does, would drop the search triggers that live on it
    and, with foreign keys on, cascade the drop. ``edits`` maps a table to the function
    giving its new CREATE TABLE text from the stored one; only constraints and defaults
    may change this way, never the columns' order or number.
    """
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    for table, edit in edits.items():
        stored = bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (edit(stored), table)
        )
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = [row[0] for row in bind.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise DatabaseError("cannot upgrade: the integrity check failed: " + "; ".join(problems[:5]))


def with_constraints(stored: str, constraints: list[tuple[str, str]]) -> str:
    """A stored CREATE TABLE text with these (name, condition) CHECK constraints added at its end."""
    added = "".join(f",\n\tCONSTRAINT {name} CHECK ({condition})" for name, condition in constraints)
    closing = stored.rindex(")")
    return stored[:closing].rstrip() + added + "\n" + stored[closing:]
