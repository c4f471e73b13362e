"""The articles' claims, fact-checked: each claim beside the best evidence and a verdict.

The verdict comes from a written rule (ingredients.core.evidence.verdict), applied to
the best evidence on the route the claim was made for; nothing is judged by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ingredients.core.errors import NotFoundError
from ingredients.core.evidence import best_sql, describe_best, evidence_params, verdict
from ingredients.core.table import Table
from ingredients.core.vocabulary import DEFAULT_CONDITION, PROCEDURE_SLUG
from ingredients.store.reader import Reader

CLAIM_COLUMNS = [
    "ingredient", "source", "route", "claim", "evidence_on_route", "evidence_any_route", "verdict",
]

# Statements of the claim's subject: its ingredient, or the procedure when it has none.
_SAME_SUBJECT = (
    "(s.ingredient_id = p.ingredient_id OR (s.ingredient_id IS NULL AND p.ingredient_id IS NULL))"
)
_CLAIMED_ROUTE = "CASE WHEN p.route = 'any' THEN NULL ELSE p.route END"

_CLAIMS_SQL = f"""
SELECT coalesce(i.slug, '{PROCEDURE_SLUG}'), src.key, p.route, p.text,
       {best_sql(_CLAIMED_ROUTE, _SAME_SUBJECT)}, {best_sql("NULL", _SAME_SUBJECT)}
FROM statement p
JOIN source src ON src.id = p.source_id
LEFT JOIN ingredient i ON i.id = p.ingredient_id
WHERE p.kind = 'purpose' AND src.kind = 'article'
  AND (:source IS NULL OR src.key = :source)
  AND (:ingredient IS NULL OR coalesce(i.slug, '{PROCEDURE_SLUG}') = :ingredient)
ORDER BY src.key, i.slug IS NOT NULL, i.slug, p.id
"""


def _rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        slug, source, route, text = row[:4]
        rank, finding = row[4:6]
        yield (slug, source, route, text, describe_best(*row[4:9]) or "none stored",
               describe_best(*row[9:14]) or "none stored", verdict(rank, finding))


def claims(
    reader: Reader, *, source: str | None = None, ingredient: str | None = None,
    exclude_sponsored: bool = False, condition: str | None = DEFAULT_CONDITION, sex: str | None = None,
) -> Table:
    """Every article claim (optionally one article's, or one ingredient's) with its verdict,
    judged on the evidence in one condition (by default pattern hair loss)."""
    if source is not None:
        source = source.strip().lower()
        known = next(reader.execute(
            "SELECT count(*) FROM source WHERE key = :key AND kind = 'article'", {"key": source}
        ).rows)[0]
        if not known:
            articles = [row[0] for row in reader.execute(
                "SELECT key FROM source WHERE kind = 'article' ORDER BY key").rows]
            raise NotFoundError(f"no article with key {source!r}; the articles are: {', '.join(articles)}.")
    result = reader.execute(_CLAIMS_SQL, {
        "source": source, "ingredient": ingredient,
        **evidence_params(exclude_sponsored, condition, sex),
    })
    return Table(CLAIM_COLUMNS, _rows(result.rows))
