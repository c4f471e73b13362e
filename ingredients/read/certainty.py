"""Reads each agent's body of evidence and summarises it by the certainty rule.

One query gathers the evidence statements of every agent asked for (on a route, in the
condition and sex asked for); ingredients.core.certainty weighs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any

from ingredients.core.certainty import INSUFFICIENT, Study, Summary, summarise
from ingredients.core.evidence import NO_STUDY_RANK, best_evidence_from, body_sql, describe, finding_at_best
from ingredients.core.vocabulary import CONDITION_WORDS
from ingredients.store.reader import Reader

# Study's fields, read from the statement's columns of the same name but these.
_COLUMN_OF_FIELD = {"level": "evidence_level", "sponsored": "manufacturer_sponsored"}
_STUDY_FIELDS = tuple(field.name for field in fields(Study))
_FLAGS = ("other_compound", "sponsored")

_BODY_SQL = (
    "SELECT s.ingredient_id, "
    + ", ".join(f"s.{_COLUMN_OF_FIELD.get(name, name)}" for name in _STUDY_FIELDS)
    + " FROM statement s WHERE {body} AND s.evidence_level IS NOT NULL"
)


def _study(row: tuple[Any, ...]) -> Study:
    values = dict(zip(_STUDY_FIELDS, row, strict=True))
    # The flags come back from SQLite as 0 and 1.
    return Study(**{**values, **{flag: bool(values[flag]) for flag in _FLAGS}})


def summaries(reader: Reader, route: str | None, params: dict[str, Any]) -> dict[int, Summary]:
    """Each agent's summary on ``route`` (None: every route), in the condition and sex that
    ``params`` bind (see evidence_params). An agent missing from the result has no study:
    its summary is that of nothing (`summary_of_nothing`)."""
    sql = _BODY_SQL.format(body=body_sql(":body_route", subject="s.ingredient_id IS NOT NULL"))
    studies: dict[int, list[Study]] = defaultdict(list)
    for row in reader.execute(sql, {**params, "body_route": route}).rows:
        studies[row[0]].append(_study(row[1:]))
    return {ingredient_id: summarise(found) for ingredient_id, found in studies.items()}


def summary_of(reader: Reader, ingredient_id: int, route: str | None, params: dict[str, Any]) -> Summary:
    """One agent's summary on ``route`` (None: every route)."""
    sql = _BODY_SQL.format(body=body_sql(":body_route", subject="s.ingredient_id = :body_id"))
    rows = reader.execute(sql, {**params, "body_route": route, "body_id": ingredient_id}).rows
    return summarise(_study(row[1:]) for row in rows)


def summary_of_nothing() -> Summary:
    return summarise(())


def certainty_cell(
    summary: Summary, other_condition: str | None, other_rank: int | None, other_finding: str | None
) -> str:
    """The summary in words; where it is insufficient and another condition has a study,
    that condition's best grade is named beside it, so nothing is silent:
    'insufficient (alopecia-areata: systematic-review, benefit)'."""
    if summary.certainty != INSUFFICIENT or other_condition is None or other_rank is None:
        return summary.text
    where = CONDITION_WORDS.get(other_condition, other_condition)
    return f"{summary.text} ({where}: {describe(other_rank, other_finding)})"


def certainty_cell_from(summary: Summary, best_columns: Sequence[Any]) -> str:
    """certainty_cell, from the BEST_WIDTH columns that core.evidence.best_columns read."""
    other_condition, other_rank, other_directions = best_columns[2:5]
    return certainty_cell(summary, other_condition, other_rank, finding_at_best(other_rank, other_directions))


# Beside a design grade with no study of the agent alone, when its certainty rests on studies
# of mixtures: so that 'none-found' and 'low: benefit, 1 RCT (mixtures)' never seem to disagree.
ONLY_IN_MIXTURES = "studied only in mixtures"
# Where nothing of the agent alone counts, in place of a grade.
NO_OWN_STUDY = "no study of it alone"


def best_in_words(summary: Summary, best_columns: Sequence[Any]) -> str | None:
    """The best design grade in words, from the BEST_WIDTH columns that
    core.evidence.best_columns read; where the agent has no study of its own and ``summary``
    rests on studies of mixtures, saying so."""
    best = best_evidence_from(best_columns)
    if summary.mixtures and (best.rank is None or best.rank <= NO_STUDY_RANK):
        return f"{best.summary or NO_OWN_STUDY}; {ONLY_IN_MIXTURES}"
    return best.summary


def ranked(
    reader: Reader, keyed: Iterable[tuple[int, str]], route: str | None, params: dict[str, Any]
) -> list[int]:
    """The ids of ``keyed`` (id, slug), strongest body of evidence on ``route`` first, ties
    kept in the order given. Each agent is read alone and only a number kept for it, so a
    catalogue of any size is ranked in little memory."""
    order = [
        (_packed(summary_of(reader, ingredient_id, route, params).rank_key), ingredient_id)
        for ingredient_id, _ in keyed
    ]
    order.sort(key=lambda pair: pair[0])
    return [ingredient_id for _, ingredient_id in order]


def _packed(rank_key: tuple[int, ...]) -> int:
    """A rank key as one number that sorts the same: each small part in turn, then the last
    (minus the participants, which stay below a billion)."""
    packed = 0
    for part in rank_key[:-1]:
        packed = packed * 16 + part
    return packed * 10**9 + rank_key[-1]
