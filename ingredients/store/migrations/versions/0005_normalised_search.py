"""Full-text search on PostgreSQL; both databases index the same normalised words.

On SQLite: the FTS5 index gets a `terms` column, the indexed one, holding
ingredients_search_text(body) (ingredients/core/text_normalise.py, registered on every
connection the program opens), so 5α-reductase and 5-alpha-reductase find each
other whichever way either is written; `body` stays as written, for display.

On PostgreSQL:

- ingredients_search_text(text): the search normalisation of
  ingredients/core/text_normalise.py, step for step, in SQL (NFKD, combining marks
  removed, Greek letters spelled out, punctuation to spaces, ASCII lowered).
  A test holds the two to the same output.
- Generated tsvector columns over it, each with a GIN index: ingredient names
  and alias names (weight A), ingredient descriptions (B), statement texts (C).
  Being generated, they are always in step with every write.
- Every text column in the C collation: ORDER BY then gives byte order, as
  SQLite's BINARY does, whatever locale the database was created with.
"""

from alembic import op

revision = "0005"
down_revision = "0004"

_CAPITALS = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"
_SMALL = "αβγδεζηθικλμνξοπρστυφχψω"
_NAMES = (
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
)
_BREAKS = (
    "[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f\\u00a0-\\u00bf\\u00d7\\u00f7"
    "\\u2000-\\u206f\\u3000-\\u303f]+"
)


def _spelled_greek(expression: str) -> str:
    pairs = [*zip(_CAPITALS, _NAMES, strict=True), *zip(_SMALL, _NAMES, strict=True), ("ς", "sigma")]
    for letter, name in pairs:
        expression = f"replace({expression}, '{letter}', ' {name}')"
    return expression


_UNMARKED = "regexp_replace(normalize(body, NFKD), '[\\u0300-\\u036f]', '', 'g')"
SEARCH_TEXT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ingredients_search_text(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
AS $$ SELECT btrim(lower(regexp_replace({_spelled_greek(_UNMARKED)}, '{_BREAKS}', ' ', 'g')
                         COLLATE "C"), ' ') $$
"""

_DESCRIPTION = (
    "coalesce(ingredient_class, '') || ' ' || coalesce(class_detail, '') || ' ' || "
    "coalesce(stated_purpose, '') || ' ' || coalesce(mechanism, '') || ' ' || "
    "coalesce(regulatory_status, '')"
)
# (table, column, the text it indexes, weight)
SEARCH_COLUMNS = (
    ("ingredient", "name_terms", "name", "A"),
    ("ingredient", "description_terms", _DESCRIPTION, "B"),
    ("alias", "name_terms", "name", "A"),
    ("statement", "text_terms", "text", "C"),
)

_TABLES = ("meta", "source", "ingredient", "alias", "statement", "strength", "formulation", "component")
_TEXT_COLUMNS = f"""
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relname IN ({", ".join(f"'{t}'" for t in _TABLES)})
  AND a.attnum > 0 AND NOT a.attisdropped
  AND a.atttypid IN ('text'::regtype, 'varchar'::regtype)
ORDER BY c.relname, a.attnum
"""


_NOT_DEFERRED = "WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_index_deferred')"
_ROW_DESCRIPTION = (
    "coalesce(new.ingredient_class, '') || ' ' || coalesce(new.class_detail, '') || ' ' || "
    "coalesce(new.stated_purpose, '') || ' ' || "
    "coalesce(new.mechanism, '') || ' ' || coalesce(new.regulatory_status, '')"
)
_INGREDIENT_ROWS = f"""
        INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        VALUES (new.id * 4 + 0, ingredients_search_text(new.name), new.name, new.id, 'name'),
               (new.id * 4 + 3, ingredients_search_text({_ROW_DESCRIPTION}), {_ROW_DESCRIPTION},
                new.id, 'description');"""
_ALIAS_ROW = """
        INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        VALUES (new.id * 4 + 1, ingredients_search_text(new.name), new.name, new.ingredient_id, 'alias');"""
_STATEMENT_ROW = """
        INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        VALUES (new.id * 4 + 2, ingredients_search_text(new.text), new.text, new.ingredient_id, new.kind);"""

SQLITE_INDEX = [
    "DROP TABLE search_index",
    """CREATE VIRTUAL TABLE search_index USING fts5(
        terms, body UNINDEXED, ingredient_id UNINDEXED, field UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2')""",
    *(
        f"DROP TRIGGER {name}"
        for name in (
            "ingredient_indexed",
            "ingredient_reindexed",
            "alias_indexed",
            "alias_reindexed",
            "statement_indexed",
            "statement_reindexed",
        )
    ),
    f"CREATE TRIGGER ingredient_indexed AFTER INSERT ON ingredient {_NOT_DEFERRED} BEGIN"
    f"{_INGREDIENT_ROWS}\n    END",
    f"""CREATE TRIGGER ingredient_reindexed AFTER UPDATE OF
            name, ingredient_class, class_detail, stated_purpose, mechanism, regulatory_status
            ON ingredient BEGIN
        DELETE FROM search_index WHERE rowid IN (old.id * 4 + 0, old.id * 4 + 3);{_INGREDIENT_ROWS}
    END""",
    f"CREATE TRIGGER alias_indexed AFTER INSERT ON alias {_NOT_DEFERRED} BEGIN{_ALIAS_ROW}\n    END",
    f"""CREATE TRIGGER alias_reindexed AFTER UPDATE ON alias BEGIN
        DELETE FROM search_index WHERE rowid = old.id * 4 + 1;{_ALIAS_ROW}
    END""",
    f"CREATE TRIGGER statement_indexed AFTER INSERT ON statement {_NOT_DEFERRED} BEGIN"
    f"{_STATEMENT_ROW}\n    END",
    f"""CREATE TRIGGER statement_reindexed AFTER UPDATE ON statement BEGIN
        DELETE FROM search_index WHERE rowid = old.id * 4 + 2;{_STATEMENT_ROW}
    END""",
    f"""INSERT INTO search_index(rowid, terms, body, ingredient_id, field)
        SELECT id * 4 + 0, ingredients_search_text(name), name, id, 'name' FROM ingredient
        UNION ALL
        SELECT id * 4 + 3, ingredients_search_text({_ROW_DESCRIPTION.replace("new.", "")}),
               {_ROW_DESCRIPTION.replace("new.", "")}, id, 'description' FROM ingredient
        UNION ALL
        SELECT id * 4 + 1, ingredients_search_text(name), name, ingredient_id, 'alias' FROM alias
        UNION ALL
        SELECT id * 4 + 2, ingredients_search_text(text), text, ingredient_id, kind FROM statement""",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_INDEX:
            op.execute(statement)
    if bind.dialect.name == "postgresql":
        for table, column, type_name in bind.exec_driver_sql(_TEXT_COLUMNS).fetchall():
            op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {type_name} COLLATE "C"')
        op.execute(SEARCH_TEXT_FUNCTION)
        for table, column, indexed, weight in SEARCH_COLUMNS:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
                f"(setweight(to_tsvector('simple', ingredients_search_text({indexed})), '{weight}')) STORED"
            )
            op.execute(f"CREATE INDEX ix_{table}_{column} ON {table} USING gin ({column})")
    op.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
