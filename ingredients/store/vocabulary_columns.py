"""Which stored column holds which vocabulary, and which holds a slug.

Read here by the schema's CHECK constraints (migration 0016, and the migration that
made a later table), by `db check`, which
lists every stored value outside its vocabulary, and by the readers, which show such
a value as unknown instead of failing on it. The vocabularies themselves are
ingredients.core.vocabulary's; nothing is restated here.
"""

from __future__ import annotations

from ingredients.core.vocabulary import (
    ALIAS_KINDS,
    DECLARERS,
    EVIDENCE_LEVELS,
    EXCIPIENT_CATEGORIES,
    FINDINGS,
    FORMULATION_KINDS,
    INGREDIENT_CLASSES,
    INJECTABLE,
    ORIGINS,
    ROUTES,
    SOURCE_KINDS,
    STATEMENT_KINDS,
    STRENGTH_BASES,
    STRENGTH_UNITS,
)
from ingredients.store.field_checks import SLUG_CHARACTERS, STATEMENT_VOCABULARIES

_TABLES = ("source", "ingredient", "alias", "statement", "strength", "formulation", "component", "excipient")

# (table, column) -> the values it may hold (NULL aside, where the column allows it).
VOCABULARY_COLUMNS: dict[tuple[str, str], tuple[str | int, ...]] = {
    ("source", "kind"): tuple(SOURCE_KINDS),
    ("ingredient", "ingredient_class"): tuple(INGREDIENT_CLASSES),
    ("alias", "kind"): tuple(ALIAS_KINDS),
    ("statement", "kind"): tuple(STATEMENT_KINDS),
    ("statement", "route"): tuple(ROUTES),
    # Stored as the grade's rank.
    ("statement", "evidence_level"): tuple(level.rank for level in EVIDENCE_LEVELS),
    ("statement", "finding"): tuple(FINDINGS),
    **{("statement", column): tuple(values) for column, values in STATEMENT_VOCABULARIES.items()},
    ("strength", "route"): tuple(ROUTES),
    ("strength", "basis"): tuple(STRENGTH_BASES),
    ("strength", "unit"): tuple(STRENGTH_UNITS),
    ("formulation", "kind"): tuple(FORMULATION_KINDS),
    ("formulation", "route"): tuple(ROUTES),
    ("formulation", "declared_by"): tuple(DECLARERS),
    ("component", "unit"): tuple(STRENGTH_UNITS),
    ("excipient", "category"): tuple(EXCIPIENT_CATEGORIES),
    ("excipient", "injectable"): tuple(INJECTABLE),
    **{(table, "origin"): ORIGINS for table in _TABLES},
}

# The tables made after migration 0016, whose own migration constrains them: 0016 reads
# VOCABULARY_COLUMNS, so they are kept apart from it.
LATER_VOCABULARY_COLUMNS: dict[tuple[str, str], tuple[str | int, ...]] = {
    ("cosing_ingredient", "origin"): ORIGINS,
}
EVERY_VOCABULARY_COLUMN = {**VOCABULARY_COLUMNS, **LATER_VOCABULARY_COLUMNS}

# Columns holding a slug: lower-case ASCII letters, digits and '-' (field_checks.SlugChecked).
SLUG_COLUMNS = (("ingredient", "slug"), ("formulation", "slug"), ("excipient", "slug"))


def sql_literal(value: str | int) -> str:
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


def allowed_sql(table: str, column: str) -> str:
    """SQL true for a value of the column's vocabulary, or NULL."""
    values = ", ".join(sql_literal(value) for value in EVERY_VOCABULARY_COLUMN[(table, column)])
    return f"{column} IS NULL OR {column} IN ({values})"


def slug_sql(column: str, dialect: str) -> str:
    """SQL true for a well-shaped slug."""
    if dialect == "sqlite":
        return f"{column} <> '' AND {column} NOT GLOB '*[^{SLUG_CHARACTERS}]*'"
    return f"{column} ~ '^[{SLUG_CHARACTERS}]+$'"
