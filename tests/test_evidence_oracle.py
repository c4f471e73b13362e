"""An independent oracle for the best-evidence SQL: the rule written a second time, as plain
Python over rows, and compared with what the catalogue answers on generated small catalogues,
on SQLite and on PostgreSQL.

The oracle is deliberately written from the rule's words (ingredients.core.evidence and
`ingredients grades`), not from the SQL: which statements count, the best grade, the finding
at that grade, and the other condition named beside a grade with no study.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingredients.core.evidence import NONE_STORED
from ingredients.core.vocabulary import CONDITION_WORDS, FINDING_WORDS, LEVEL_BY_LABEL, LEVEL_BY_RANK, ROUTES
from ingredients.read import queries
from ingredients.read.certainty import NO_OWN_STUDY, ONLY_IN_MIXTURES
from ingredients.store.reader import Reader

from .small_catalogue import SmallCatalogue

SEARCHED = "PubMed, 2026-01-01: this agent"
NO_STUDY = ("none-found", "claim-only")
GENERATED_ROUTES = ("intradermal", "topical", "any")
GENERATED_CONDITIONS = ("androgenetic-alopecia", "alopecia-areata", "telogen-effluvium", "mixed", "unknown")
ASKED_CONDITIONS = (None, "androgenetic-alopecia", "alopecia-areata")
ASKED_SEXES = (None, "male", "female")
AGENTS = ("agent-a", "agent-b", "agent-c")


@dataclass(frozen=True)
class Study:
    level: str
    finding: str
    route: str
    condition: str
    sex: str
    sponsored: bool
    other_compound: bool

    @property
    def rank(self) -> int:
        return LEVEL_BY_LABEL[self.level].rank

    def fields(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "finding": self.finding,
            "route": self.route,
            "condition": self.condition,
            "sex": self.sex,
            "manufacturer_sponsored": self.sponsored,
            "other_compound": self.other_compound,
            **({"searched": SEARCHED} if self.level == "none-found" else {}),
        }


@st.composite
def studies(draw: st.DrawFn) -> Study:
    level = draw(st.sampled_from(list(LEVEL_BY_LABEL)))
    finding = "unclear" if level in NO_STUDY else draw(st.sampled_from(list(FINDING_WORDS)))
    return Study(
        level,
        finding,
        draw(st.sampled_from(GENERATED_ROUTES)),
        draw(st.sampled_from(GENERATED_CONDITIONS)),
        draw(st.sampled_from(("male", "female", "both", "unknown"))),
        draw(st.booleans()),
        draw(st.booleans()),
    )


catalogues = st.lists(st.lists(studies(), max_size=6), min_size=len(AGENTS), max_size=len(AGENTS))


# --- the rule, a second time --------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    route: str | None
    condition: str | None
    sex: str | None
    exclude_sponsored: bool


def counts(study: Study, asked: Asked, condition: str | None) -> bool:
    """Whether a statement counts for the best evidence, by the rule's words."""
    no_study = study.level in NO_STUDY
    if study.other_compound:
        return False
    if asked.route is not None and study.route != asked.route:
        return False
    general = no_study and study.condition in ("mixed", "unknown")
    if condition is not None and study.condition != condition and not general:
        return False
    if asked.sex is not None and study.sex not in (asked.sex, "both") and not no_study:
        return False
    return not (asked.exclude_sponsored and study.sponsored and not no_study)


def best_of(rows: list[Study], asked: Asked, condition: str | None) -> tuple[int | None, str | None]:
    counted = [study for study in rows if counts(study, asked, condition)]
    if not counted:
        return None, None
    rank = max(study.rank for study in counted)
    directions = {study.finding for study in counted if study.rank == rank} - {"unclear"}
    if len(directions) > 1:
        return rank, "mixed"
    return rank, directions.pop() if directions else "unclear"


def words(rank: int | None, finding: str | None) -> str | None:
    if rank is None:
        return None
    label = LEVEL_BY_RANK[rank].label
    return label if label in NO_STUDY else f"{label}, {FINDING_WORDS[finding or 'unclear']}"


def expected_summary(rows: list[Study], asked: Asked) -> str | None:
    rank, finding = best_of(rows, asked, asked.condition)
    here = words(rank, finding)
    if asked.condition is None or (rank is not None and rank > LEVEL_BY_LABEL["claim-only"].rank):
        return here
    others = sorted(
        (-study.rank, study.condition)
        for study in rows
        if counts(study, asked, None) and study.condition != asked.condition and study.level not in NO_STUDY
    )
    if not others:
        return here
    other = others[0][1]
    where = CONDITION_WORDS.get(other, other)
    return f"{here or NONE_STORED} ({where}: {words(*best_of(rows, asked, other))})"


# --- the comparison ---------------------------------------------------------------------------------


def build(generated: list[list[Study]]) -> SmallCatalogue:
    catalogue = SmallCatalogue()
    label = catalogue.source("label", kind="regulatory")  # an approval cites the regulator
    for slug, rows in zip(AGENTS, generated, strict=True):
        catalogue.ingredient(slug)
        for study in rows:
            source = label if study.level == "approved" else None
            catalogue.evidence(slug, source=source, **study.fields())
    return catalogue


def disagreements(reader: Reader, generated: list[list[Study]]) -> list[str]:
    found = []
    for slug, rows in zip(AGENTS, generated, strict=True):
        ingredient_id = queries.resolve(reader, slug)
        for condition in ASKED_CONDITIONS:
            for sex in ASKED_SEXES:
                for exclude in (False, True):
                    best = queries.best_evidence(reader, ingredient_id, exclude, condition, sex)
                    for route in (*ROUTES, "overall"):
                        asked = Asked(None if route == "overall" else route, condition, sex, exclude)
                        wanted = expected_summary(rows, asked)
                        # The design grade's words; the note beside a grade with no study of the
                        # agent alone is specified by tests/test_mixture_grade_cells.py.
                        said = best[route]["summary"]
                        said = said.removesuffix(f"; {ONLY_IN_MIXTURES}") if said else said
                        said = None if said == NO_OWN_STUDY else said
                        if said != wanted:
                            found.append(f"{slug} {asked}: SQL {said!r}, rule {wanted!r}")
    return found


ORACLE_SETTINGS = settings(
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@ORACLE_SETTINGS
@given(catalogues)
def test_the_sql_agrees_with_the_rule_on_sqlite(generated: list[list[Study]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        reader = build(generated).reader(Path(folder))
        try:
            assert disagreements(reader, generated) == []
        finally:
            reader.close()


@settings(ORACLE_SETTINGS, max_examples=10)
@given(generated=catalogues)
def test_the_sql_agrees_with_the_rule_on_postgresql(
    make_database: Callable[[], str], generated: list[list[Study]]
) -> None:
    reader = build(generated).server_reader(make_database())
    try:
        assert disagreements(reader, generated) == []
    finally:
        reader.close()
