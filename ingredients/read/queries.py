"""Every read the product makes, as plain SQL run through a Reader.

The SQL is written once for every database; the few spellings that differ
(ordering that ignores case, joining strings, full-text search) come from the
reader's dialect (ingredients.store.dialects). NULLs are ordered explicitly, as
SQLite orders them, since PostgreSQL's default is the other way round.
Results come back as Tables (streamed where they may be large) or as plain dicts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from ingredients.core.certainty import Summary
from ingredients.core.errors import IngredientsError, NotFoundError, UsageError
from ingredients.core.evidence import (
    BEST_WIDTH,
    NO_STUDY_RANK,
    best_columns,
    evidence_params,
    grade_cell,
)
from ingredients.core.identifiers import checked_name, lookup_key
from ingredients.core.table import Layout, Table, as_dicts
from ingredients.core.vocabulary import (
    CONDITIONS,
    COSMETIC_KIND,
    DEFAULT_CONDITION,
    INGREDIENT_CLASSES,
    LEVEL_BY_LABEL,
    ROUTES,
)
from ingredients.read.best_evidence import best_evidence, best_evidence_of_each, ingredient_order
from ingredients.read.certainty import best_in_words, certainty_cell_from, summaries, summary_of_nothing
from ingredients.read.cosing import CosmeticIngredient
from ingredients.read.formulations import formulations_containing
from ingredients.read.name_matching import Excipient, NameMatcher
from ingredients.read.sources import SOURCE_COLUMNS, SOURCE_COLUMNS_SQL
from ingredients.read.statements import STATEMENT_COLUMNS, STATEMENT_FLAGS, STATEMENTS_SQL, statement_rows
from ingredients.read.suggestions import offerable, suggestions
from ingredients.store.dialects import Dialect, like_pattern
from ingredients.store.reader import Reader
from ingredients.store.table_shapes import INGREDIENTS, TABLE_SHAPES

MAX_SEARCH_LENGTH = 1000

# --- list -------------------------------------------------------------------

LIST_COLUMNS = [
    "slug",
    "name",
    "class",
    "stated_purpose",
    "certainty",
    "intradermal_certainty",
    "best_evidence",
    "intradermal_evidence",
    "cas_number",
    "origin",
]
# A person scans a name and the certainty of its evidence: those are the keys; the purpose
# is prose, for -c.
LIST_LAYOUT = Layout(
    ("name", "certainty", "intradermal_certainty", "class"),
    keys=("name", "certainty", "intradermal_certainty"),
    prose=frozenset({"stated_purpose"}),
)
# Each sort: (column, ignoring case, strongest first). The evidence sorts rank by the
# certainty of the body of evidence (_SUMMARY_SORTS), after the SQL's order by grade.
LIST_SORTS: dict[str, list[tuple[str, bool, bool]]] = {
    "name": [("name", True, False)],
    "slug": [("slug", False, False)],
    "class": [("class", True, False), ("name", True, False)],
    "evidence": [("best_evidence_rank", False, True), ("name", True, False)],
    "intradermal": [("intradermal_rank", False, True), ("name", True, False)],
    "origin": [("origin", False, False), ("name", True, False)],
}


def _order_by(dialect: Dialect, sort: str, descending: bool) -> str:
    parts = []
    for column, nocase, desc in LIST_SORTS[sort]:
        expression = dialect.nocase(column) if nocase else column
        if desc != descending:
            parts.append(f"{expression} DESC NULLS LAST")
        else:
            parts.append(f"{expression} NULLS FIRST")
    return ", ".join(parts)


def _aliased_best(route: str, rank: str, finding: str, other: str) -> str:
    """best_sql's columns, named (a derived table needs names to sort by)."""
    names = (rank, finding, f"{other}_condition", f"{other}_rank", f"{other}_directions")
    return ", ".join(f"{column} AS {name}" for column, name in zip(best_columns(route), names, strict=True))


# Built on first use (as every SQL that holds the best-evidence rule), not at import.
@functools.cache
def _list_sql() -> str:
    return f"""
SELECT * FROM (
    SELECT i.slug, i.name, i.ingredient_class AS class, i.stated_purpose,
        {_aliased_best(":route", "best_evidence_rank", "best_directions", "other")},
        {_aliased_best("'intradermal'", "intradermal_rank", "intradermal_directions", "intradermal_other")},
        i.cas_number, i.origin, i.id
    FROM ingredient i
    WHERE (:class IS NULL OR i.ingredient_class = :class)
      AND (:text_pattern IS NULL
           OR i.name {{like}} :text_pattern ESCAPE '\\'
           OR i.stated_purpose {{like}} :text_pattern ESCAPE '\\'
           OR i.ingredient_class {{like}} :text_pattern ESCAPE '\\'
           OR i.class_detail {{like}} :text_pattern ESCAPE '\\'
           OR EXISTS (SELECT 1 FROM alias a WHERE a.ingredient_id = i.id
                      AND a.name {{like}} :text_pattern ESCAPE '\\'))
) AS listed
WHERE (:min_level IS NULL OR best_evidence_rank >= :min_level)
ORDER BY {{order}}
"""


def check_route(route: str | None) -> None:
    if route is not None and route not in ROUTES:
        raise UsageError(f"unknown route {route!r}; choose from: {', '.join(ROUTES)}")


def check_class(ingredient_class: str | None) -> None:
    if ingredient_class is not None and ingredient_class not in INGREDIENT_CLASSES:
        raise UsageError(f"unknown class {ingredient_class!r}; choose from: {', '.join(INGREDIENT_CLASSES)}")


def check_level(level: str | None) -> int | None:
    if level is None:
        return None
    if level not in LEVEL_BY_LABEL:
        raise UsageError(f"unknown evidence level {level!r}; choose from: {', '.join(LEVEL_BY_LABEL)}")
    return LEVEL_BY_LABEL[level].rank


def list_ingredients(
    reader: Reader,
    *,
    ingredient_class: str | None = None,
    min_level: str | None = None,
    route: str | None = None,
    text: str | None = None,
    sort: str = "name",
    descending: bool = False,
    exclude_sponsored: bool = False,
    condition: str | None = DEFAULT_CONDITION,
    sex: str | None = None,
) -> Table:
    """Ingredients with their best evidence (grade and finding) in one condition (None or
    'any': every condition), filtered and sorted."""
    # Vocabulary values are lower case; people type them any way.
    route, ingredient_class, min_level = (
        value.lower() if value else value for value in (route, ingredient_class, min_level)
    )
    check_route(route)
    check_class(ingredient_class)
    rank = check_level(min_level)
    if sort not in LIST_SORTS:
        raise UsageError(f"cannot sort by {sort!r}; choose from: {', '.join(LIST_SORTS)}")
    result = reader.execute(
        _list_sql().format(order=_order_by(reader.dialect, sort, descending), like=reader.dialect.like),
        {
            "route": route,
            "class": ingredient_class,
            "text_pattern": like_pattern(text) if text else None,
            "min_level": rank,
            **evidence_params(exclude_sponsored, condition, sex),
        },
    )
    params = evidence_params(exclude_sponsored, condition, sex)
    on_route, injected = summaries(reader, route, params), summaries(reader, "intradermal", params)
    nothing = summary_of_nothing()
    rows: Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]] = (
        _listed_row(row, on_route.get(row[-1], nothing), injected.get(row[-1], nothing))
        for row in result.rows
    )
    if sort in _SUMMARY_SORTS:
        rank = _SUMMARY_SORTS[sort]
        rows = iter(
            sorted(rows, key=lambda listed: (listed[1][rank], listed[0][1].casefold()), reverse=descending)
        )
    return Table(LIST_COLUMNS, (cells for cells, _ in rows), layout=LIST_LAYOUT)


# The sorts that rank by a certainty: which of a listed row's two summaries each reads.
_SUMMARY_SORTS = {"evidence": 0, "intradermal": 1}


def _listed_row(
    row: Sequence[Any], on_route: Summary, injected: Summary
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """A listed ingredient's cells (certainty in words, the design grade beside it) and the two
    summaries' rank keys to sort by."""
    slug, name, klass, purpose = row[:4]
    route_columns, injected_columns = row[4 : 4 + BEST_WIDTH], row[4 + BEST_WIDTH : 4 + 2 * BEST_WIDTH]
    cas, origin = row[4 + 2 * BEST_WIDTH : 6 + 2 * BEST_WIDTH]
    cells = (
        slug,
        name,
        klass,
        purpose,
        certainty_cell_from(on_route, route_columns),
        certainty_cell_from(injected, injected_columns),
        grade_cell(best_in_words(on_route, route_columns)),
        grade_cell(best_in_words(injected, injected_columns)),
        cas,
        origin,
    )
    return cells, (on_route.rank_key, injected.rank_key)


# --- finding one ingredient ----------------------------------------------------

_RESOLVE_SQL = """
SELECT id FROM ingredient WHERE name_key = :key OR cas_key = :key OR slug = :slug
UNION
SELECT ingredient_id FROM alias WHERE name_key = :key
"""

_ALL_NAMES_SQL = """
SELECT name_key, name, ingredient_class FROM ingredient
UNION ALL
SELECT a.name_key, a.name || ' (' || i.name || ')', i.ingredient_class
FROM alias a JOIN ingredient i ON i.id = a.ingredient_id
"""


def resolve(reader: Reader, name: str) -> int:
    """The id of the ingredient a name, alias, slug or CAS number refers to."""
    return resolve_name(reader, name)[0]


def resolve_name(reader: Reader, name: str) -> tuple[int, str | None]:
    """The id of the ingredient a name refers to, and a note when it was read as something
    else ('minoxidil sulfate' as a salt of minoxidil). Indexed names first; then as `check`
    reads names (INCI names, accents, salts). An excipient's name is reported as such."""
    name = checked_name(name, "ingredient")
    key = lookup_key(name)
    found = [row[0] for row in reader.execute(_RESOLVE_SQL, {"key": key, "slug": name}).rows]
    if len(found) == 1:
        return int(found[0]), None
    if len(found) > 1:  # pragma: no cover - uniqueness is enforced on write
        raise IngredientsError(f"{name!r} names more than one ingredient")
    match = NameMatcher(reader).exact(name)
    if match is not None and match.ingredient_id is not None:
        return match.ingredient_id, match.note
    if match is not None and match.excipient is not None:
        raise NotAnIngredientError(match.excipient)
    if match is not None and match.cosmetic:
        raise CosmeticIngredientError(match.cosmetic)
    raise NotFoundError(f"no ingredient named {name!r}.", suggest(reader, key))


class NotAnIngredientError(NotFoundError):
    """The name is an excipient's: not an active ingredient, but known."""

    def __init__(self, excipient: Excipient) -> None:
        super().__init__(
            f"{excipient.inci_name!r} is an excipient ({excipient.category}), not an active ingredient.", []
        )
        self.excipient = excipient


class CosmeticIngredientError(NotFoundError):
    """The name is an entry of the CosIng inventory: a cosmetic ingredient, not an agent."""

    def __init__(self, entries: tuple[CosmeticIngredient, ...]) -> None:
        super().__init__(f"{entries[0].inci_name!r} is a {COSMETIC_KIND}, not an active ingredient.", [])
        self.entries = entries


def slug_of(reader: Reader, ingredient_id: int) -> str:
    rows = reader.execute("SELECT slug FROM ingredient WHERE id = :id", {"id": ingredient_id}).rows
    return str(next(rows)[0])


def suggest(reader: Reader, key: str) -> list[str]:
    """The names and aliases closest to a lookup key, as every command suggests them."""
    rows = reader.execute(_ALL_NAMES_SQL).rows
    names = {
        name_key: name
        for name_key, name, ingredient_class in rows
        if offerable(key, name_key, ingredient_class)
    }
    return [names[candidate] for candidate in suggestions(key, names)]


# --- one ingredient in full ----------------------------------------------------

INGREDIENT_FIELDS = INGREDIENTS.columns

_INGREDIENT_SQL = INGREDIENTS.export_sql("i.id = :id")

_ALIASES_SQL = (
    "SELECT name, kind, origin FROM alias WHERE ingredient_id = :id ORDER BY "
    "CASE kind WHEN 'trade-name' THEN 0 WHEN 'synonym' THEN 1 WHEN 'misspelling' THEN 2 ELSE 3 END, name"
)

_SOURCES_FOR_INGREDIENT_SQL = f"""
SELECT {SOURCE_COLUMNS_SQL}
FROM source src
WHERE src.id IN (SELECT s.source_id FROM statement s WHERE s.ingredient_id = :id)
   OR src.id = (SELECT i.identifiers_source_id FROM ingredient i WHERE i.id = :id)
   OR src.id = (SELECT i.unii_source_id FROM ingredient i WHERE i.id = :id)
ORDER BY src.key
"""


def ingredient_entry(
    reader: Reader,
    ingredient_id: int,
    exclude_sponsored: bool = False,
    condition: str | None = DEFAULT_CONDITION,
    sex: str | None = None,
) -> dict[str, Any]:
    """One ingredient with its best evidence, aliases, statements and the sources they cite.

    With ``exclude_sponsored``, evidence its maker ran or paid for is left out of both.
    """
    best = best_evidence(reader, ingredient_id, exclude_sponsored, condition, sex)
    return _entry(reader, ingredient_id, best, condition, exclude_sponsored)


def every_ingredient_entry(reader: Reader) -> Iterator[tuple[int, dict[str, Any]]]:
    """(id, ingredient_entry) of every ingredient, in ingredient_keys' order, streamed; the
    grades of all of them read by one query (best_evidence_of_each)."""
    for ingredient_id, best in best_evidence_of_each(reader):
        yield ingredient_id, _entry(reader, ingredient_id, best, DEFAULT_CONDITION, False)


def _entry(
    reader: Reader,
    ingredient_id: int,
    best: dict[str, dict[str, Any]],
    condition: str | None,
    exclude_sponsored: bool,
) -> dict[str, Any]:
    params = {"id": ingredient_id}
    result = reader.execute(_INGREDIENT_SQL, params)
    entry = as_dicts(INGREDIENT_FIELDS, result.rows)[0]
    entry["best_evidence"] = best
    entry["evidence_condition"] = condition or "any"
    aliases = reader.execute(_ALIASES_SQL, params)
    entry["aliases"] = as_dicts(aliases.columns, aliases.rows)
    statements_of = "s.ingredient_id = :id"
    if exclude_sponsored:
        # Sponsored studies go; a searched-for absence (graded 0 or 1) is not a study and stays.
        statements_of += (
            " AND NOT (s.kind = 'evidence' AND s.manufacturer_sponsored "
            f"AND s.evidence_level > {NO_STUDY_RANK})"
        )
    statements = reader.execute(STATEMENTS_SQL.format(condition=statements_of), params)
    entry["statements"] = as_dicts(STATEMENT_COLUMNS, statement_rows(statements.rows))
    sources = reader.execute(_SOURCES_FOR_INGREDIENT_SQL, params)
    entry["sources"] = as_dicts(SOURCE_COLUMNS, sources.rows)
    entry["formulations"] = formulations_containing(reader, ingredient_id)
    return entry


# --- compare ------------------------------------------------------------------

COMPARE_FIELDS = [
    "name",
    "class",
    "stated_purpose",
    "cas_number",
    "pubchem_cid",
    "molecular_formula",
    "intradermal_certainty",
    "topical_certainty",
    "oral_certainty",
    "certainty",
    "intradermal_evidence",
    "topical_evidence",
    "oral_evidence",
    "best_evidence",
    "safety_notes",
    "regulatory_status",
    "origin",
]


def compare(
    reader: Reader,
    names: Sequence[str],
    exclude_sponsored: bool = False,
    condition: str | None = DEFAULT_CONDITION,
    sex: str | None = None,
) -> list[dict[str, Any]]:
    """Side by side: each named ingredient's identifiers, best evidence per route and safety."""
    if len(names) < 2:
        raise UsageError("compare needs at least two ingredient names")
    compared = []
    seen: set[int] = set()
    for name in names:
        ingredient_id = resolve(reader, name)
        if ingredient_id in seen:
            raise IngredientsError(f"{name!r} names an ingredient already being compared")
        seen.add(ingredient_id)
        entry = ingredient_entry(reader, ingredient_id, exclude_sponsored, condition, sex)
        summary = {field: entry.get(field) for field in INGREDIENT_FIELDS}
        best = entry["best_evidence"]
        for route in ("intradermal", "topical", "oral"):
            summary[f"{route}_certainty"] = best[route]["certainty"]
            summary[f"{route}_evidence"] = grade_cell(best[route]["summary"])
        summary["certainty"] = best["overall"]["certainty"]
        summary["best_evidence"] = grade_cell(best["overall"]["summary"])
        summary["safety_notes"] = sum(1 for s in entry["statements"] if s["kind"] == "safety")
        compared.append({field: summary[field] for field in ["slug", *COMPARE_FIELDS]})
    return compared


# --- export -------------------------------------------------------------------

EXPORT_TABLES: dict[str, tuple[list[str], str]] = {
    name: (shape.columns, shape.export_sql()) for name, shape in TABLE_SHAPES.items()
}
# Statements in reading order: kinds, then routes, then strongest first.
EXPORT_TABLES["statements"] = (STATEMENT_COLUMNS, STATEMENTS_SQL.format(condition="1 = 1"))


def export_table(reader: Reader, name: str) -> Table:
    if name not in EXPORT_TABLES:
        raise UsageError(f"unknown table {name!r}; choose from: {', '.join(EXPORT_TABLES)}")
    columns, sql = EXPORT_TABLES[name]
    rows = reader.execute(sql, streamed=True).rows
    if name == "statements":
        return Table(columns, statement_rows(rows), STATEMENT_FLAGS)
    return Table(columns, rows)


# --- static site ----------------------------------------------------------------
# The site is written one page at a time, so these hand out keys to walk the
# catalogue by; each page then reads its own entry with the functions above.


def ingredient_keys(reader: Reader) -> Iterator[tuple[int, str]]:
    """(id, slug) of every ingredient, by name, streamed."""
    sql = f"SELECT id, slug FROM ingredient i ORDER BY {ingredient_order(reader)}"
    return ((int(row[0]), row[1]) for row in reader.execute(sql, streamed=True).rows)


def evidence_routes(reader: Reader) -> set[str]:
    """The routes that at least one evidence statement is graded for."""
    rows = reader.execute("SELECT DISTINCT route FROM statement WHERE kind = 'evidence'").rows
    return {row[0] for row in rows}


def evidence_conditions(reader: Reader) -> set[str]:
    """The conditions of the vocabulary that at least one evidence statement is of."""
    rows = reader.execute("SELECT DISTINCT condition FROM statement WHERE kind = 'evidence'").rows
    return {row[0] for row in rows if row[0] in CONDITIONS}


def seed_data_version(reader: Reader) -> str | None:
    """The seed-data version the catalogue was filled from."""
    rows = list(reader.execute("SELECT value FROM meta WHERE key = 'seed_data_version'").rows)
    return rows[0][0] if rows else None
