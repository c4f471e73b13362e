"""Specification: a seed statement keeps its id through `db rebuild` and seed refreshes.

What identifies a seed statement (identifiers.statement_seed_key): its ingredient (or
the procedure), source (without case), kind and route, and for evidence its condition
and outcome; statements sharing all of these are numbered in the seed's order. So a
refresh that edits what a statement says (its text, grade, finding) keeps its id; one
that adds a statement keeps every other id; one that moves a statement to another
source or condition makes it another statement, with a new id.

Each row of REFRESHES changes the seed of one small catalogue and says which
statements keep their ids.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from tests.small_catalogue import SmallCatalogue
from tests.test_lifecycle import FIXTURE


def _seed() -> SmallCatalogue:
    """Statements of every shape a key tells apart; each text names the statement."""
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.ingredient("agent-b")
    catalogue.source("trial-1")
    catalogue.source("Article-1", kind="article")
    catalogue.evidence("agent-a", "trial", source="trial-1")
    catalogue.evidence("agent-a", "other outcome", source="trial-1", outcome="hair-density")
    catalogue.claim("agent-a", "first claim", source="Article-1")
    catalogue.claim("agent-a", "second claim", source="Article-1")
    catalogue.safety("agent-b", text="pain", source="trial-1")
    catalogue.statement("mesotherapy", "safety", "procedure", source="trial-1")
    return catalogue


def _row(catalogue: SmallCatalogue, text: str) -> dict[str, Any]:
    return next(row for row in catalogue.rows["statements"] if row["text"] == text)


def _ids(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return {text: row_id for row_id, text in connection.execute("SELECT id, text FROM statement")}


def _add_claim_after(catalogue: SmallCatalogue) -> None:
    catalogue.claim("agent-a", "third claim", source="Article-1")


def _add_before_all(catalogue: SmallCatalogue) -> None:
    catalogue.evidence("agent-b", "new trial", source="trial-1")
    statements = catalogue.rows["statements"]
    statements.insert(0, statements.pop())


def _edit(which: str, **changes: Any) -> Callable[[SmallCatalogue], None]:
    def edit(catalogue: SmallCatalogue) -> None:
        _row(catalogue, which).update(changes)

    return edit


def _remove(text: str) -> Callable[[SmallCatalogue], None]:
    def remove(catalogue: SmallCatalogue) -> None:
        catalogue.rows["statements"].remove(_row(catalogue, text))

    return remove


def _replace_newest(catalogue: SmallCatalogue) -> None:
    _remove("procedure")(catalogue)
    catalogue.statement("mesotherapy", "safety", "another", source="trial-2")


def _cite_in_other_case(catalogue: SmallCatalogue) -> None:
    _row(catalogue, "first claim")["source"] = "article-1"
    _row(catalogue, "second claim")["source"] = "ARTICLE-1"


ALL = ("trial", "other outcome", "first claim", "second claim", "pain", "procedure")


def _same(*left_out: str, **renamed: str) -> dict[str, str]:
    """Every statement keeps its id, less those left out; renamed: new text=old text."""
    same = {text: text for text in ALL if text not in left_out}
    return {**same, **renamed}


# (what the refresh does, the change, {statement after: the statement whose id it has});
# a statement not listed gets an id no statement had.
REFRESHES: list[tuple[str, Callable[[SmallCatalogue], None], dict[str, str]]] = [
    ("nothing changes (db rebuild)", lambda catalogue: None, _same()),
    ("a claim added after those of its article", _add_claim_after, _same()),
    ("a statement added before every other", _add_before_all, _same()),
    (
        "one statement's text edited",
        _edit("trial", text="trial, reworded"),
        _same("trial", **{"trial, reworded": "trial"}),
    ),
    (
        "a claim's text edited",
        _edit("second claim", text="claim 2"),
        _same("second claim", **{"claim 2": "second claim"}),
    ),
    (
        "a grade and finding edited",
        _edit("trial", evidence_level="uncontrolled", finding="no-benefit", comparator=None),
        _same(),
    ),
    ("one statement removed", _remove("pain"), _same("pain")),
    ("the source cited in another case", _cite_in_other_case, _same()),
    (
        "one outcome changed: another statement",
        _edit("other outcome", outcome="total-hair-count"),
        _same("other outcome"),
    ),
    # The newest statement's id is not given again, to it moved nor to one added.
    ("the newest statement moved to another route", _edit("procedure", route="topical"), _same("procedure")),
    ("the newest statement removed and one added", _replace_newest, _same("procedure")),
    # The limit of numbering in the seed's order: the second claim takes the first's place.
    (
        "the first of two claims of one article removed",
        _remove("first claim"),
        _same("first claim", **{"second claim": "first claim"}),
    ),
]


@pytest.mark.parametrize(("change", "expected"), [r[1:] for r in REFRESHES], ids=[r[0] for r in REFRESHES])
def test_a_seed_refresh_keeps_the_ids_of_the_statements_it_keeps(
    tmp_path: Path, change: Callable[[SmallCatalogue], None], expected: dict[str, str]
) -> None:
    catalogue = _seed()
    path = catalogue.build(tmp_path)
    before = _ids(path)
    change(catalogue)
    catalogue.refresh(path)
    after = _ids(path)
    assert {text: after[text] for text in expected} == {text: before[old] for text, old in expected.items()}
    new = set(after) - set(expected)
    assert not {after[text] for text in new} & set(before.values())


def test_a_users_statement_keeps_its_id_through_a_refresh(tmp_path: Path) -> None:
    catalogue = _seed()
    path = catalogue.build(tmp_path)
    user_rows = tmp_path / "mine.csv"
    user_rows.write_text("ingredient,kind,source,text\nagent-a,safety,trial-1,mine\n", encoding="utf-8")
    added = CliRunner().invoke(app, ["--db", str(path), "import", str(user_rows), "--table", "statements"])
    assert added.exit_code == 0, added.output
    before = _ids(path)
    _add_before_all(catalogue)
    catalogue.refresh(path)
    assert _ids(path)["mine"] == before["mine"]


def _run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), *args])


def _statements(path: Path) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT id, seed_key, text FROM statement ORDER BY id").fetchall()


def test_db_rebuild_keeps_every_statement_id(seeded_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.db"
    shutil.copyfile(seeded_template, path)
    before = _statements(path)
    assert all(seed_key for _, seed_key, _ in before)
    result = _run(path, "db", "rebuild")
    assert result.exit_code == 0, result.output
    assert _statements(path) == before


def test_the_upgrade_keys_every_seed_statement_of_an_old_catalogue(tmp_path: Path) -> None:
    """Schema 17 keys the stored seed statements; from then on a rebuild keeps their ids."""
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, old)
    assert _run(old, "db", "upgrade").exit_code == 0
    with closing(sqlite3.connect(old)) as connection:
        unkeyed = connection.execute(
            "SELECT count(*) FROM statement WHERE (origin = 'seed') <> (seed_key IS NOT NULL)"
        ).fetchone()
    assert unkeyed == (0,)
    before = _statements(old)
    assert _run(old, "db", "rebuild").exit_code == 0
    assert _statements(old) == before
