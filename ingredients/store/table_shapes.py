"""The shape of each table as files hold it: the columns export writes and import reads.

The columns come from the validated models (see ingredients.store.table_columns, which
is derived from them), so a field added to a model appears in export, import
and the docs without a second edit. The hand-written parts here are how a
column that names another row (an ingredient's slug, a source's key) is read
back from the database, and the one renamed field. Nothing here imports the
database stack, so the fast read path can use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.store.table_columns import BOOLEAN_COLUMNS, COLUMNS

# Model field -> file column, where the two differ ('class' is a Python keyword).
FILE_COLUMN_OF_FIELD = {"ingredient_class": "class"}
FIELD_OF_FILE_COLUMN = {column: name for name, column in FILE_COLUMN_OF_FIELD.items()}


@dataclass(frozen=True)
class TableShape:
    """One table as a file holds it."""

    name: str
    # The table's alias in the export query, whose plain columns are '<alias>.<field>'.
    alias: str
    # Columns that name another row, before the model's own, with the SQL that reads them.
    references: dict[str, str] = field(default_factory=dict)
    # Columns read from the database differently from '<alias>.<field>'.
    expressions: dict[str, str] = field(default_factory=dict)
    # The FROM clause and ORDER BY of the export query.
    source_sql: str = ""
    order_sql: str = ""
    # Rows with no name of their own carry their database id as a first column, "id",
    # so that a file can correct or remove exactly that row. (An ingredient is named
    # by its slug, a source by its key.) A user row's id never changes.
    row_id: bool = False
    # The column naming a row where it has a name of its own (a slug, a key).
    name_column: str | None = None
    # Columns that hold another table's name for one of its rows: column -> that table.
    # (A statement's ingredient may also be the procedure, which is no row: not listed.)
    names_rows_of: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """File columns in order: id (where rows carry one), references, the model's fields, origin."""
        return list(COLUMNS[self.name])

    @property
    def key(self) -> str | None:
        """The column that names each row, if any: its name, or its id."""
        return "id" if self.row_id else self.name_column

    @property
    def boolean_columns(self) -> frozenset[str]:
        return frozenset(BOOLEAN_COLUMNS[self.name])

    def export_sql(self, condition: str = "1 = 1") -> str:
        selected = ", ".join(
            (
                self.references.get(column)
                or self.expressions.get(column)
                or f"{self.alias}.{FIELD_OF_FILE_COLUMN.get(column, column)}"
            )
            + f' AS "{column}"'
            for column in self.columns
        )
        return f"SELECT {selected} FROM {self.source_sql} WHERE {condition} ORDER BY {self.order_sql}"


SOURCES = TableShape(
    name="sources", alias="src", source_sql="source src", order_sql="src.key", name_column="key"
)

INGREDIENTS = TableShape(
    name="ingredients",
    alias="i",
    expressions={"identifiers_source": "ids.key", "unii_source": "uniis.key"},
    source_sql="ingredient i LEFT JOIN source ids ON ids.id = i.identifiers_source_id "
    "LEFT JOIN source uniis ON uniis.id = i.unii_source_id",
    order_sql="i.slug",
    name_column="slug",
    names_rows_of={"identifiers_source": "sources", "unii_source": "sources"},
)

ALIASES = TableShape(
    name="aliases",
    alias="a",
    row_id=True,
    references={"ingredient": "i.slug"},
    source_sql="alias a JOIN ingredient i ON i.id = a.ingredient_id",
    order_sql="i.slug, a.kind, a.name",
    names_rows_of={"ingredient": "ingredients"},
)

STATEMENTS = TableShape(
    name="statements",
    alias="s",
    row_id=True,
    references={"ingredient": f"coalesce(i.slug, '{PROCEDURE_SLUG}')"},
    expressions={"source": "src.key"},
    source_sql="statement s JOIN source src ON src.id = s.source_id "
    "LEFT JOIN ingredient i ON i.id = s.ingredient_id",
    # The procedure's statements (no ingredient) first, as SQLite orders NULLs.
    order_sql="i.slug NULLS FIRST, s.id",
    names_rows_of={"source": "sources"},
)

STRENGTHS = TableShape(
    name="strengths",
    alias="st",
    references={"ingredient": "i.slug"},
    expressions={"source": "src.key"},
    source_sql="strength st JOIN ingredient i ON i.id = st.ingredient_id "
    "JOIN source src ON src.id = st.source_id",
    order_sql="i.slug, st.route, st.basis, st.value, st.id",
    names_rows_of={"ingredient": "ingredients", "source": "sources"},
)

FORMULATIONS = TableShape(
    name="formulations",
    alias="f",
    expressions={"source": "src.key"},
    source_sql="formulation f JOIN source src ON src.id = f.source_id",
    order_sql="f.slug",
    name_column="slug",
    names_rows_of={"source": "sources"},
)

COMPONENTS = TableShape(
    name="components",
    alias="c",
    references={"formulation": "f.slug", "ingredient": "i.slug"},
    source_sql="component c JOIN formulation f ON f.id = c.formulation_id "
    "LEFT JOIN ingredient i ON i.id = c.ingredient_id",
    order_sql="f.slug, c.position",
    names_rows_of={"formulation": "formulations", "ingredient": "ingredients"},
)

EXCIPIENTS = TableShape(
    name="excipients",
    alias="e",
    expressions={"source": "src.key", "injectable_source": "inj.key"},
    source_sql="excipient e JOIN source src ON src.id = e.source_id "
    "LEFT JOIN source inj ON inj.id = e.injectable_source_id",
    order_sql="e.slug",
    name_column="slug",
    names_rows_of={"source": "sources", "injectable_source": "sources"},
)

COSING_INGREDIENTS = TableShape(
    name="cosing_ingredients",
    alias="ci",
    expressions={"source": "src.key"},
    source_sql="cosing_ingredient ci JOIN source src ON src.id = ci.source_id",
    order_sql="ci.cosing_ref",
    name_column="cosing_ref",
    names_rows_of={"source": "sources"},
)

# In the order they must be imported: each table refers only to those before it.
TABLE_SHAPES: dict[str, TableShape] = {
    shape.name: shape
    for shape in (
        SOURCES,
        INGREDIENTS,
        ALIASES,
        STATEMENTS,
        STRENGTHS,
        FORMULATIONS,
        COMPONENTS,
        EXCIPIENTS,
        COSING_INGREDIENTS,
    )
}
