"""Where SQLite and PostgreSQL differ, in one place: SQL fragments and search, per dialect.

Every query is written once in queries.py; the few things the two databases
spell differently (ordering that ignores case, joining strings in an aggregate,
full-text search) are asked of the reader's Dialect. Nothing here imports the
database stack, so the fast read path can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingredients.core.text_normalise import search_words
from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.store.search_index import DESCRIPTION_SQL, match_expression

# One order for both databases, so that they give the same answers in the same order:
# names first, then aliases, formulations, components, descriptions and statements; within
# each, the shortest text first (a short text holding every word is most about them); then
# by ingredient and text, in byte order. ({binary} is the dialect's byte-order collation.)
_SEARCH_ORDER = """
ORDER BY CASE field WHEN 'name' THEN 0 WHEN 'alias' THEN 1 WHEN 'formulation' THEN 2
                    WHEN 'component' THEN 3 WHEN 'description' THEN 4 ELSE 5 END,
         length(text), ingredient{binary}, text{binary}
LIMIT :limit
"""

# Formulations (migration 0006) are found by their names, makers and components;
# such a hit names the formulation's slug where other hits name an ingredient's.
_SQLITE_SEARCH_SQL = f"""
SELECT ingredient, name, field, text, source FROM (
    SELECT coalesce(i.slug, '{PROCEDURE_SLUG}') AS ingredient,
           coalesce(i.name, 'Mesotherapy (the procedure)') AS name,
           search_index.field AS field, search_index.body AS text, src.key AS source
    FROM search_index
    LEFT JOIN ingredient i ON i.id = search_index.ingredient_id
    LEFT JOIN statement s
           ON search_index.rowid % 4 = 2 AND s.id = (search_index.rowid - 2) / 4
    LEFT JOIN source src ON src.id = s.source_id
    WHERE search_index MATCH :query
    UNION ALL
    SELECT f.slug, f.name, formulation_search.field, formulation_search.body, src.key
    FROM formulation_search
    JOIN formulation f ON f.id = formulation_search.formulation_id
    JOIN source src ON src.id = f.source_id
    WHERE formulation_search MATCH :query
) AS hits
{_SEARCH_ORDER.format(binary="")}"""

# One branch per indexed column (migration 0005), each served by its GIN index.
_QUERY = "to_tsquery('simple', :query)"
_POSTGRESQL_SEARCH_SQL = f"""
SELECT ingredient, name, field, text, source FROM (
    SELECT i.slug AS ingredient, i.name AS name, 'name' AS field, i.name AS text,
           NULL AS source
    FROM ingredient i WHERE i.name_terms @@ {_QUERY}
    UNION ALL
    SELECT i.slug, i.name, 'description', {DESCRIPTION_SQL.format(row="i")},
           NULL
    FROM ingredient i WHERE i.description_terms @@ {_QUERY}
    UNION ALL
    SELECT i.slug, i.name, 'alias', a.name, NULL
    FROM alias a JOIN ingredient i ON i.id = a.ingredient_id WHERE a.name_terms @@ {_QUERY}
    UNION ALL
    SELECT coalesce(i.slug, '{PROCEDURE_SLUG}'), coalesce(i.name, 'Mesotherapy (the procedure)'),
           s.kind, s.text, src.key
    FROM statement s JOIN source src ON src.id = s.source_id
    LEFT JOIN ingredient i ON i.id = s.ingredient_id
    WHERE s.text_terms @@ {_QUERY}
    UNION ALL
    SELECT f.slug, f.name, 'formulation', f.name, src.key
    FROM formulation f JOIN source src ON src.id = f.source_id WHERE f.name_terms @@ {_QUERY}
    UNION ALL
    SELECT f.slug, f.name, 'component', c.name, src.key
    FROM component c JOIN formulation f ON f.id = c.formulation_id
    JOIN source src ON src.id = f.source_id WHERE c.name_terms @@ {_QUERY}
) AS hits
{_SEARCH_ORDER.format(binary=' COLLATE "C"')}"""


def _tsquery(text: str) -> str:
    """Every word must match, as a prefix. Words hold only letters and digits
    (text_normalise breaks on every quote, backslash and operator), and each is
    quoted besides, so no user text can make the query invalid."""
    return " & ".join(f"'{word}':*" for word in search_words(text))


@dataclass(frozen=True)
class Dialect:
    name: str

    def nocase(self, expression: str) -> str:
        """``expression`` for ORDER BY, ignoring the case of ASCII letters as SQLite's NOCASE does."""
        if self.name == "sqlite":
            return f"{expression} COLLATE NOCASE"
        # Lowered in the C collation: ASCII letters only, then byte order, as SQLite.
        return f'lower(({expression}) COLLATE "C")'

    @property
    def like(self) -> str:
        """LIKE that ignores the case of ASCII letters, as SQLite's LIKE does."""
        # In the C collation (migration 0005) ILIKE folds ASCII letters only, as SQLite.
        return "LIKE" if self.name == "sqlite" else "ILIKE"

    def joined(self, expression: str, separator: str) -> str:
        """An aggregate joining ``expression`` with ``separator``, in its own order."""
        if self.name == "sqlite":
            # SQLite keeps the order of the rows it is given; callers feed them sorted.
            return f"group_concat({expression}, {separator})"
        return f"string_agg({expression}, {separator} ORDER BY {expression})"

    @property
    def search_sql(self) -> str:
        return _SQLITE_SEARCH_SQL if self.name == "sqlite" else _POSTGRESQL_SEARCH_SQL

    def search_query(self, text: str) -> str:
        """The :query parameter of search_sql for free user text ('' when it has no words)."""
        if self.name == "sqlite":
            return match_expression(text)
        return _tsquery(text)


SQLITE = Dialect("sqlite")
POSTGRESQL = Dialect("postgresql")
_KNOWN = {dialect.name: dialect for dialect in (SQLITE, POSTGRESQL)}


def dialect_named(name: str) -> Dialect:
    """The dialect of a database; any other server is spoken to as PostgreSQL."""
    return _KNOWN.get(name, Dialect(name))


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern (with ESCAPE '\\'): its own % and _ taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere."""
    return f"%{escape_like(text)}%"
