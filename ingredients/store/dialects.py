"""Where SQLite and PostgreSQL differ, in one place: SQL fragments and search, per dialect.

Every query is written once in queries.py; the few things the two databases
spell differently (ordering that ignores case, joining strings in an aggregate,
full-text search) are asked of the reader's Dialect. Nothing here imports the
database stack, so the fast read path can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingredients.core.identifiers import lookup_key
from ingredients.core.vocabulary import COSMETIC_KIND, PROCEDURE_SLUG
from ingredients.store.search_index import (
    DESCRIPTION_SQL,
    FIELD_ALIAS,
    FIELD_DESCRIPTION,
    FIELD_NAME,
    FIELD_STATEMENT,
    ORDER_TABLE,
    match_expression,
    query_words,
)

# One order for both databases, so that they give the same answers in the same order:
# identifiers first (a CAS number, UNII, PubChem CID or INCI name given whole), then names,
# aliases, formulations, components, statements, descriptions (five fields run together,
# where the words may be far apart) and last an entry of the CosIng inventory, which holds no
# evidence; within each, the shortest text first (a short text holding every word is most
# about them); then by ingredient and text, in byte order.
# ({binary} is the dialect's byte-order collation.)
_FIELD_RANK = f"""CASE field WHEN 'cas_number' THEN 0 WHEN 'unii' THEN 0 WHEN 'pubchem_cid' THEN 0
                    WHEN 'inci_name' THEN 0 WHEN 'name' THEN 1 WHEN 'alias' THEN 2
                    WHEN 'formulation' THEN 3 WHEN 'component' THEN 4 WHEN 'description' THEN 6
                    WHEN '{COSMETIC_KIND}' THEN 7 ELSE 5 END"""
_WITHIN_FIELD = "length(text), ingredient{binary}, text{binary}"
_SEARCH_ORDER = f"ORDER BY {_FIELD_RANK}, {_WITHIN_FIELD}\nLIMIT :limit"

# Bounded: each field gives only its own best :limit rows (in the order above) before they are
# merged, so a word every statement holds sorts at most :limit statements, not all of them.
# A hit's source is looked up after the merge, for the rows shown only.
_BEST_OF_FIELD = (
    "SELECT * FROM (SELECT * FROM ({select}) AS hit ORDER BY " + _WITHIN_FIELD + " LIMIT :limit) AS best"
)

# An identifier matches when the whole search is it: a CAS number (as `show` reads one), a
# UNII, a PubChem CID or an INCI name (ASCII letters in any case).
_IDENTIFIER_BRANCHES = [
    "SELECT i.slug AS ingredient, i.name AS name, 'cas_number' AS field, i.cas_number AS text, "
    "0 AS statement_id FROM ingredient i WHERE i.cas_key = :cas_key",
    "SELECT i.slug, i.name, 'unii', i.unii, 0 FROM ingredient i WHERE i.unii = :unii",
    "SELECT i.slug, i.name, 'pubchem_cid', CAST(i.pubchem_cid AS TEXT), 0 FROM ingredient i "
    # Not indexed: the constant test first spares a scan when the search is no number.
    "WHERE CAST(:cid AS BIGINT) IS NOT NULL AND i.pubchem_cid = CAST(:cid AS BIGINT)",
    "SELECT i.slug, i.name, 'inci_name', i.inci_name, 0 FROM ingredient i "
    "WHERE i.inci_name IS NOT NULL AND {inci} = :inci",
    # A CosIng entry whose INCI name the whole search is (by its name key, never in part), unless
    # an agent has that name: its own kind, with its functions. Its reference number is carried
    # where a statement's id would be, so that its source is found after the merge.
    f"SELECT ci.inci_name, ci.inci_name, '{COSMETIC_KIND}', coalesce(ci.functions, ''), ci.cosing_ref "
    "FROM cosing_ingredient ci WHERE ci.name_key = :cas_key "
    "AND NOT EXISTS (SELECT 1 FROM ingredient i WHERE i.name_key = :cas_key "
    "OR (i.inci_name IS NOT NULL AND {inci} = :inci)) "
    "AND NOT EXISTS (SELECT 1 FROM alias a WHERE a.name_key = :cas_key)",
]


def _search_sql(branches: list[str], binary: str, inci: str, prelude: str = "") -> str:
    bounded = [_BEST_OF_FIELD.format(select=branch, binary=binary) for branch in branches]
    merged = "\n    UNION ALL\n    ".join([*_IDENTIFIER_BRANCHES, *bounded]).format(inci=inci)
    return f"""{prelude}
SELECT ingredient, name, field, text, source FROM (
  SELECT hits.ingredient AS ingredient, hits.name AS name, hits.field AS field, hits.text AS text,
         coalesce(src.key, fsrc.key, csrc.key) AS source
  FROM (
    {merged}
  ) AS hits
  LEFT JOIN statement s ON hits.field <> '{COSMETIC_KIND}' AND s.id = hits.statement_id
  LEFT JOIN source src ON src.id = s.source_id
  LEFT JOIN formulation f ON hits.field IN ('formulation', 'component') AND f.slug = hits.ingredient
  LEFT JOIN source fsrc ON fsrc.id = f.source_id
  LEFT JOIN cosing_ingredient ci ON hits.field = '{COSMETIC_KIND}' AND ci.cosing_ref = hits.statement_id
  LEFT JOIN source csrc ON csrc.id = ci.source_id
) AS found
{_SEARCH_ORDER.format(binary=binary)}"""


_PROCEDURE = (
    f"coalesce(i.slug, '{PROCEDURE_SLUG}') AS ingredient, "
    "coalesce(i.name, 'Mesotherapy (the procedure)') AS name"
)

# SQLite: one FTS5 table per kind of row (migrations 0005, 0006); a row's rowid says which
# field it indexes (ingredient or statement id * 4 + field; formulation or component id * 2 + 0 or 1).
# The main index is searched once, whatever the fields: each match with what search_order
# holds of it (migration 0020), its text's length and its ingredient's slug.
_SQLITE_MATCHED = f"""WITH matched AS (
  SELECT hit.rowid AS entry, keys.length AS length, keys.ingredient AS ingredient
  FROM search_index AS hit LEFT JOIN {ORDER_TABLE} AS keys ON keys.entry = hit.rowid
  WHERE hit.search_index MATCH :query)"""


def _sqlite_field(field: int) -> str:
    """One field's best rows, chosen without reading the matches' text: every match whose
    length and slug come no later than those of the field's :limit-th match in that order
    (so all that tie with it are kept, for the text to settle), and any match search_order
    lacks. Only the rows kept are read whole; _BEST_OF_FIELD puts them in the written order."""
    return f"""SELECT {_PROCEDURE}, search_index.field AS field, search_index.body AS text,
       CASE WHEN search_index.rowid % 4 = {FIELD_STATEMENT} THEN search_index.rowid / 4 ELSE 0 END
           AS statement_id
FROM search_index LEFT JOIN ingredient i ON i.id = search_index.ingredient_id
WHERE search_index.rowid IN (
  SELECT entry FROM matched WHERE entry % 4 = {field} AND (length IS NULL OR (length, ingredient) <= (
    SELECT length, ingredient FROM (
      SELECT length, ingredient FROM matched WHERE entry % 4 = {field} AND length IS NOT NULL
      ORDER BY length, ingredient LIMIT :limit
    ) ORDER BY length DESC, ingredient DESC LIMIT 1)))"""


_SQLITE_FORMULATION = """SELECT f.slug AS ingredient, f.name AS name, formulation_search.field AS field,
       formulation_search.body AS text, 0 AS statement_id
FROM formulation_search JOIN formulation f ON f.id = formulation_search.formulation_id
WHERE formulation_search MATCH :query AND formulation_search.rowid % 2 = {part}"""
_SQLITE_SEARCH_SQL = _search_sql(
    [
        *(_sqlite_field(field) for field in (FIELD_NAME, FIELD_ALIAS, FIELD_DESCRIPTION, FIELD_STATEMENT)),
        *(_SQLITE_FORMULATION.format(part=part) for part in (0, 1)),
    ],
    binary="",
    inci="lower(i.inci_name)",
    prelude=_SQLITE_MATCHED,
)

# PostgreSQL: one branch per indexed column (migrations 0005, 0006), each served by its GIN index.
_QUERY = "to_tsquery('simple', :query)"
_HIT = (
    "SELECT {ingredient} AS ingredient, {name} AS name, {field} AS field, {text} AS text, "
    "{statement} AS statement_id"
)
_POSTGRESQL_SEARCH_SQL = _search_sql(
    [
        _HIT.format(ingredient="i.slug", name="i.name", field="'name'", text="i.name", statement=0)
        + f" FROM ingredient i WHERE i.name_terms @@ {_QUERY}",
        _HIT.format(ingredient="i.slug", name="i.name", field="'alias'", text="a.name", statement=0)
        + f" FROM alias a JOIN ingredient i ON i.id = a.ingredient_id WHERE a.name_terms @@ {_QUERY}",
        _HIT.format(
            ingredient="i.slug",
            name="i.name",
            field="'description'",
            text=DESCRIPTION_SQL.format(row="i"),
            statement=0,
        )
        + f" FROM ingredient i WHERE i.description_terms @@ {_QUERY}",
        f"SELECT {_PROCEDURE}, s.kind AS field, s.text AS text, s.id AS statement_id FROM statement s "
        f"LEFT JOIN ingredient i ON i.id = s.ingredient_id WHERE s.text_terms @@ {_QUERY}",
        _HIT.format(ingredient="f.slug", name="f.name", field="'formulation'", text="f.name", statement=0)
        + f" FROM formulation f WHERE f.name_terms @@ {_QUERY}",
        _HIT.format(ingredient="f.slug", name="f.name", field="'component'", text="c.name", statement=0)
        + f" FROM component c JOIN formulation f ON f.id = c.formulation_id WHERE c.name_terms @@ {_QUERY}",
    ],
    binary=' COLLATE "C"',
    inci='lower((i.inci_name) COLLATE "C")',
)


def _tsquery(text: str, joiner: str = " & ") -> str:
    """Every word must match (or, with joiner ' | ', any word), as a prefix. Words hold only
    letters and digits (text_normalise breaks on every quote, backslash and operator), and
    each is quoted besides, so no user text can make the query invalid."""
    return joiner.join(f"'{word}':*" for word in query_words(text))


def search_params(text: str, limit: int, query: str) -> dict[str, object]:
    """What search_sql binds besides :query: the search as each identifier is stored."""
    whole = text.strip()
    return {
        "query": query,
        "limit": limit,
        "cas_key": lookup_key(whole),
        "unii": whole.upper(),
        "cid": int(whole) if whole.isascii() and whole.isdigit() and len(whole) <= 12 else None,
        "inci": whole.translate(_ASCII_LOWER),
    }


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


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

    def search_query(self, text: str, any_word: bool = False) -> str:
        """The :query parameter of search_sql for free user text ('' when it has no words):
        every word must match, or with ``any_word`` at least one."""
        if self.name == "sqlite":
            return match_expression(text, any_word)
        return _tsquery(text, " | " if any_word else " & ")


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
