"""The articles' claims, fact-checked: one row per assertion, with a verdict and its reason.

Each assertion is judged by the written rule of its kind (ingredients.core.claim_rules)
on what the catalogue stores; nothing is judged by hand. An efficacy assertion is
judged in the condition it names, else the one the reader asks for.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ingredients.core.claim_rules import RULE_BY_KIND, VERDICT_NAMES, ClaimFacts, Report, judge
from ingredients.core.effect_words import EFFECT_FIELDS, effect_text
from ingredients.core.errors import NotFoundError, UsageError
from ingredients.core.evidence import (
    NO_STUDY_RANK,
    UNCLEAR,
    at_best_sql,
    best_directions_sql,
    best_rank_sql,
    evidence_params,
    finding_at_best,
)
from ingredients.core.identifiers import source_key_fold
from ingredients.core.table import Layout, Table
from ingredients.core.vocabulary import DEFAULT_CONDITION, PROCEDURE_SLUG
from ingredients.read.procedure import subject_slug
from ingredients.store.reader import Reader

NOT_HAIR_LOSS = "not-hair-loss"

CLAIM_COLUMNS = ["ingredient", "source", "route", "asserts", "claim", "verdict", "because"]
# The claim, its verdict and the reason are read together; never one without the others.
CLAIM_LAYOUT = Layout(
    ("ingredient", "source", "asserts", "claim", "verdict", "because"),
    keys=("ingredient", "claim", "verdict", "because"),
    prose=frozenset({"claim", "because"}),
)

# Statements of the claim's subject: its ingredient, or the procedure when it has none.
_SAME_SUBJECT = "(s.ingredient_id = p.ingredient_id OR (s.ingredient_id IS NULL AND p.ingredient_id IS NULL))"
# What an efficacy verdict may rest on: a study that reports a hair outcome (a direction, in a
# hair-loss population, unless the claim itself is about another use); a searched-for absence
# or a claim still says nothing was found.
_REPORTS_HAIR_OUTCOME = (
    f"(s.evidence_level <= {NO_STUDY_RANK} OR (s.finding <> '{UNCLEAR}' "
    f"AND (s.condition <> '{NOT_HAIR_LOSS}' OR p.condition = '{NOT_HAIR_LOSS}')))"
)
_JUDGED_ON = f"{_SAME_SUBJECT} AND {_REPORTS_HAIR_OUTCOME}"
_CLAIMED_ROUTE = "CASE WHEN p.route = 'any' THEN NULL ELSE p.route END"
# The condition an assertion is judged in: its own, else the reader's.
_JUDGED_CONDITION = "coalesce(p.condition, :condition)"
# The articles' claims (`p`), one article's or one subject's when asked.
_CLAIMS_JOINED = """
FROM statement p
JOIN source src ON src.id = p.source_id
LEFT JOIN ingredient i ON i.id = p.ingredient_id
"""
_CLAIMS_WANTED = f"""
WHERE p.kind = 'purpose' AND src.kind = 'article'
  AND (:source IS NULL OR lower(src.key) = :source)
  AND (:ingredient IS NULL OR coalesce(i.slug, '{PROCEDURE_SLUG}') = :ingredient)
"""


# The SQL that holds the best-evidence rule is built on first use, not at import.
@functools.cache
def _claims_sql() -> str:
    return f"""
SELECT p.id, p.ingredient_id, coalesce(i.slug, '{PROCEDURE_SLUG}'), src.key, p.route, p.asserts, p.text,
       p.condition,
       {best_rank_sql(_CLAIMED_ROUTE, _JUDGED_ON, _JUDGED_CONDITION)},
       {best_directions_sql(_CLAIMED_ROUTE, _JUDGED_ON, _JUDGED_CONDITION)}
{_CLAIMS_JOINED}{_CLAIMS_WANTED}
ORDER BY src.key, i.slug IS NOT NULL, i.slug, p.id
"""


@functools.cache
def _at_best_sql() -> str:
    """The evidence each assertion's best grade rests on."""
    return f"""
SELECT p.id, s.id, sk.key
{_CLAIMS_JOINED}
JOIN statement s ON {at_best_sql(_CLAIMED_ROUTE, _JUDGED_ON, _JUDGED_CONDITION)}
JOIN source sk ON sk.id = s.source_id
{_CLAIMS_WANTED}
ORDER BY s.id
"""


_REPORT_COLUMNS = (
    "s.id",
    "src.key",
    "s.kind",
    "s.route",
    "s.evidence_level",
    "s.finding",
    "s.weeks",
    *(f"s.{name}" for name in EFFECT_FIELDS),
    "s.harm",
    "s.harm_percent",
)
# What the other rules read: the evidence, safety and mechanism statements (but studies of
# another compound) of every subject an article makes a claim about, and every report of
# pain (whoever's: the needle hurts). Only those subjects, so a large catalogue costs no more.
_REPORTS_SQL = f"""
SELECT s.ingredient_id, {", ".join(_REPORT_COLUMNS)}
FROM statement s JOIN source src ON src.id = s.source_id
WHERE (s.kind IN ('safety', 'mechanism') OR (s.kind = 'evidence' AND NOT s.other_compound))
  AND (s.ingredient_id IS NULL OR s.harm = 'pain' OR s.ingredient_id IN (
      SELECT p.ingredient_id FROM statement p JOIN source ps ON ps.id = p.source_id
      WHERE p.kind = 'purpose' AND ps.kind = 'article' AND p.ingredient_id IS NOT NULL))
ORDER BY s.id
"""


def _report(row: tuple[Any, ...]) -> Report:
    statement_id, key, kind, route, level, finding, weeks = row[:7]
    effect = effect_text(*row[7:13])
    return Report(statement_id, key, kind, route, level, finding, weeks, effect, *row[13:15])


def _reports(reader: Reader) -> tuple[dict[int | None, list[Report]], list[Report]]:
    """Every subject's reports (None: the procedure's), and every report of pain."""
    by_subject: dict[int | None, list[Report]] = defaultdict(list)
    pain: list[Report] = []
    for row in reader.execute(_REPORTS_SQL).rows:
        report = _report(row[1:])
        by_subject[row[0]].append(report)
        if report.harm == "pain":
            pain.append(report)
    return by_subject, pain


def _known_article(reader: Reader, source: str) -> None:
    known = next(
        reader.execute(
            "SELECT count(*) FROM source WHERE lower(key) = :key AND kind = 'article'", {"key": source}
        ).rows
    )[0]
    if not known:
        articles = [
            row[0]
            for row in reader.execute("SELECT key FROM source WHERE kind = 'article' ORDER BY key").rows
        ]
        raise NotFoundError(f"no article with key {source!r}; the articles are: {', '.join(articles)}.")


def _known_kinds(asserts: Iterable[str] | None) -> set[str] | None:
    if asserts is None:
        return None
    kinds = {kind.strip().lower() for kind in asserts}
    unknown = sorted(kinds - set(RULE_BY_KIND))
    if unknown:
        raise UsageError(f"unknown assertion kind {unknown[0]!r}; choose from: {', '.join(RULE_BY_KIND)}")
    return kinds


def _known_verdicts(verdicts: Iterable[str] | None) -> set[str] | None:
    if verdicts is None:
        return None
    wanted = {" ".join(word.lower().split()) for word in verdicts}
    unknown = sorted(wanted - set(VERDICT_NAMES))
    if unknown:
        raise UsageError(f"unknown verdict {unknown[0]!r}; choose from: {', '.join(VERDICT_NAMES)}")
    return wanted


def claims(
    reader: Reader,
    *,
    source: str | None = None,
    ingredient: str | None = None,
    exclude_sponsored: bool = False,
    condition: str | None = DEFAULT_CONDITION,
    sex: str | None = None,
    asserts: Iterable[str] | None = None,
    verdicts: Iterable[str] | None = None,
) -> Table:
    """Every assertion of the articles' claims (optionally one article's, one subject's by any
    of its names or 'mesotherapy', some kinds' or some verdicts'), each with its verdict and the
    reason that decided it."""
    if source is not None:
        source = source_key_fold(source.strip())
        _known_article(reader, source)
    kinds = _known_kinds(asserts)
    wanted = _known_verdicts(verdicts)
    params = {
        "source": source,
        "ingredient": None if ingredient is None else subject_slug(reader, ingredient),
        **evidence_params(exclude_sponsored, condition, sex),
    }
    rows = list(reader.execute(_claims_sql(), params).rows)
    at_best: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for claim_id, statement_id, key in reader.execute(_at_best_sql(), params).rows:
        at_best[claim_id].append((statement_id, key))
    by_subject, pain = _reports(reader) if rows else ({}, [])
    table_rows = []
    for claim_id, subject, slug, key, route, kind, text, named_condition, rank, directions in rows:
        if kinds is not None and kind not in kinds:
            continue
        finding = finding_at_best(rank, directions)
        best = tuple(Report(sid, skey, "evidence", route, rank, finding) for sid, skey in at_best[claim_id])
        facts = ClaimFacts(
            route,
            rank,
            finding,
            best,
            tuple(by_subject.get(subject, ())),
            tuple(p for p in pain if route == "any" or p.route in (route, "any")),
            named_condition,
        )
        found = judge(kind, facts)
        if wanted is None or found.verdict in wanted:
            table_rows.append((slug, key, route, kind, text, found.verdict, found.because))
    return Table(CLAIM_COLUMNS, table_rows, layout=CLAIM_LAYOUT)
