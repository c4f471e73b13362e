"""Completing a name typed at the shell: the slugs that start with what was typed."""

from __future__ import annotations

from ingredients.core.identifiers import lookup_key
from ingredients.store.reader import Reader

# Prefix ranges on indexed keys (slug, and the name and alias keys names are matched by),
# so completing a name reads a few index entries however large the catalogue is.
COMPLETE_NAMES_SQL = """
SELECT slug FROM ingredient WHERE slug >= :slug_low AND slug < :slug_high
UNION
SELECT slug FROM ingredient WHERE name_key >= :key_low AND name_key < :key_high
UNION
SELECT i.slug FROM alias a JOIN ingredient i ON i.id = a.ingredient_id
WHERE a.name_key >= :key_low AND a.name_key < :key_high
ORDER BY 1 LIMIT :limit
"""
# Above every character: a prefix's range ends here.
_PAST_ANY_TEXT = "\U0010ffff"


def complete_names(reader: Reader, prefix: str, limit: int = 50) -> list[str]:
    """Slugs of ingredients whose slug, name or any alias starts with ``prefix``, in any case
    (and, as names are matched everywhere, ignoring spaces and hyphens).

    Only slugs are offered: they are what every command accepts and need no quoting.
    """
    slug, key = prefix.lower(), lookup_key(prefix)
    rows = reader.execute(
        COMPLETE_NAMES_SQL,
        {
            "slug_low": slug,
            "slug_high": slug + _PAST_ANY_TEXT,
            "key_low": key,
            "key_high": key + _PAST_ANY_TEXT,
            "limit": limit,
        },
    ).rows
    return [row[0] for row in rows]
