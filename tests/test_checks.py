"""`db check` says exactly what is right and, for each kind of damage, exactly what is wrong."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import seed_data
from ingredients.core.text_normalise import normalise
from ingredients.store.checks import check_catalogue
from ingredients.store.migrations import SCHEMA_VERSION
from ingredients.store.reader import SqliteReader
from ingredients.store.search_index import SEARCH_TEXT

HEALTHY = [
    "SQLite integrity check passed",
    "every reference points at an existing row",
    "the search index covers every name, description, alias and statement",
    "the search index covers every formulation and component",
    f"schema version {SCHEMA_VERSION}",
    f"seed data {seed_data.SEED_DATA_VERSION} is current",
    f"all {len(seed_data.ingredient_files())} seed ingredients are present",
    "every CAS number passes its check digit",
    "every claim and evidence statement is graded",
    "every stored value is in its vocabulary and every slug in shape",
]


def findings(db: Path) -> list[tuple[bool, str]]:
    reader = SqliteReader(db)
    try:
        return [(finding.ok, finding.message) for finding in check_catalogue(reader, is_sqlite=True)]
    finally:
        reader.close()


def test_a_healthy_catalogue_passes_every_check(db_path: Path) -> None:
    assert findings(db_path) == [(True, message) for message in HEALTHY]


def damage(sql: str) -> Callable[[sqlite3.Connection], None]:
    return lambda connection: connection.executescript(sql)


DAMAGE = [
    (
        "orphan alias",
        damage(
            "PRAGMA foreign_keys = OFF; UPDATE alias SET ingredient_id = 99999 WHERE id = "
            "(SELECT min(id) FROM alias);"
        ),
        1,
        "1 row(s) refer to rows that do not exist (first: table alias, row ",
    ),
    (
        "index entry lost",
        damage("DELETE FROM search_index WHERE rowid = (SELECT min(rowid) FROM search_index);"),
        2,
        "the search index holds ",
    ),
    (
        "schema version",
        damage("UPDATE meta SET value = '3' WHERE key = 'schema_version';"),
        4,
        f"schema version is '3', this program reads {SCHEMA_VERSION}; run 'ingredients db upgrade'",
    ),
    (
        "old seed",
        damage("UPDATE meta SET value = '2000.1.1' WHERE key = 'seed_data_version';"),
        5,
        f"seed data 2000.1.1 is older than the installed {seed_data.SEED_DATA_VERSION}; "
        "the next command refreshes it",
    ),
    (
        "seed gone",
        damage("PRAGMA foreign_keys = OFF; UPDATE ingredient SET slug = 'gone' WHERE slug = 'biotin';"),
        6,
        "seed ingredients missing: biotin; run 'ingredients db rebuild'",
    ),
    (
        "bad CAS",
        # The schema refuses it (schema 17): a client that switched the checks off.
        damage(
            "PRAGMA ignore_check_constraints = ON; "
            "UPDATE ingredient SET cas_number = '58-85-6' WHERE slug = 'biotin';"
        ),
        7,
        "CAS numbers fail their check digit: biotin",
    ),
    (
        "ungraded",
        damage(
            "UPDATE statement SET evidence_level = NULL WHERE id = "
            "(SELECT min(id) FROM statement WHERE kind = 'evidence');"
        ),
        8,
        "1 claim or evidence statement(s) have no evidence level",
    ),
]


@pytest.mark.parametrize(("name", "harm", "index", "message"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_each_kind_of_damage_is_named(
    db_path: Path, name: str, harm: Callable[[sqlite3.Connection], None], index: int, message: str
) -> None:
    connection = sqlite3.connect(db_path)
    # The search triggers index normalised words, as the program's own connections do.
    connection.create_function(SEARCH_TEXT, 1, normalise, deterministic=True)
    try:
        harm(connection)
        connection.commit()
    finally:
        connection.close()
    found = findings(db_path)
    assert [ok for ok, _ in found].count(False) == 1
    ok, text = found[index]
    assert not ok
    assert text.startswith(message) if message.endswith(" ") else text == message
