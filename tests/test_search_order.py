"""Specification: within a field, search gives the shortest text first, then the ingredient's
slug, then the text, in byte order, on both databases, whatever the limit cuts.

SQLite chooses each field's best rows by the lengths and slugs stored beside its search
index (migration 0020) before it reads any text; the rows below make every part of that
choice decide something: ties on length (the slug decides), ties on length and slug (the
text decides), equal texts, a statement of the procedure (its slug is 'mesotherapy'), more
matches in one field than the limit, and a limit at each place in the order, the ones that
cut through a group of rows tying on length and slug among them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from ingredients.read import search as searching
from ingredients.store.reader import Reader, SqliteReader

from .small_catalogue import SmallCatalogue

Hit = tuple[str, str, str]  # ingredient, field, text


def _catalogue() -> SmallCatalogue:
    small = SmallCatalogue()
    # Descriptions ('parchment'): the same length; the slug decides against the text.
    small.ingredient("agent-a", "Agent A", stated_purpose="Parchment here.")
    small.ingredient("agent-b", "Agent B", stated_purpose="Parchment also.")
    small.ingredient("agent-c", "Agent C", stated_purpose="Parchment, said at greater length.")
    # Names ('vellum'): the shortest first; then equal lengths, the slug against the text.
    small.ingredient("vellum-b", "Vellum Abe")
    small.ingredient("vellum-a", "Vellum Zed")
    small.ingredient("vellum-c", "Vellum")
    # Aliases ('scroll'): as the names, on other ingredients' rows.
    small.alias("agent-b", "Scroll aa")
    small.alias("agent-a", "Scroll zz")
    small.alias("agent-c", "Scroll")
    # Statements ('quill'), written in an order the answer must not follow: the first row
    # of the group tying on length and slug (agent-a, 9) is the last of it by text.
    for ingredient, text in [
        ("agent-a", "Quill bb."),
        ("agent-b", "Quill aa."),
        ("mesotherapy", "Quill ab."),
        ("agent-a", "Quill ab."),
        ("agent-a", "Quill ab."),  # an equal text, from another source
        ("agent-c", "Quill."),
        ("agent-a", "Quill, and a longer text."),
    ]:
        small.safety(ingredient, text=text)
    return small


# Each field's rows in the written order.
IN_ORDER: dict[str, list[Hit]] = {
    "quill": [
        ("agent-c", "safety", "Quill."),
        ("agent-a", "safety", "Quill ab."),
        ("agent-a", "safety", "Quill ab."),
        ("agent-a", "safety", "Quill bb."),
        ("agent-b", "safety", "Quill aa."),
        ("mesotherapy", "safety", "Quill ab."),
        ("agent-a", "safety", "Quill, and a longer text."),
    ],
    "vellum": [
        ("vellum-c", "name", "Vellum"),
        ("vellum-a", "name", "Vellum Zed"),
        ("vellum-b", "name", "Vellum Abe"),
    ],
    "scroll": [
        ("agent-c", "alias", "Scroll"),
        ("agent-a", "alias", "Scroll zz"),
        ("agent-b", "alias", "Scroll aa"),
    ],
    "parchment": [
        ("agent-a", "description", "other  Parchment here.  "),
        ("agent-b", "description", "other  Parchment also.  "),
        ("agent-c", "description", "other  Parchment, said at greater length.  "),
    ],
}

# (case, search, limit): the answer is the field's first `limit` rows above.
CASES = [
    ("statements: the shortest alone", "quill", 1),
    ("statements: the limit cuts a tie on length and slug, the text decides", "quill", 2),
    ("statements: the limit cuts between equal texts", "quill", 3),
    ("statements: the limit ends a tie on length and slug", "quill", 4),
    ("statements: a tie on length, the slug decides", "quill", 5),
    ("statements: the procedure's slug", "quill", 6),
    ("statements: every match, the longest last", "quill", 7),
    ("statements: a limit beyond the matches", "quill", 100),
    ("names: the shortest alone", "vellum", 1),
    ("names: a tie on length, the slug decides, cut", "vellum", 2),
    ("names: every match", "vellum", 3),
    ("aliases: the shortest alone", "scroll", 1),
    ("aliases: a tie on length, the slug decides, cut", "scroll", 2),
    ("aliases: every match", "scroll", 3),
    ("descriptions: a tie on length, the slug decides, cut", "parchment", 1),
    ("descriptions: the tie whole", "parchment", 2),
    ("descriptions: every match", "parchment", 3),
]


def _found(reader: Reader, text: str, limit: int) -> list[Hit]:
    return [(row[0], row[2], row[3]) for row in searching.search(reader, text, limit).rows]


@pytest.fixture(scope="module")
def sqlite_reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reader]:
    reader = _catalogue().reader(tmp_path_factory.mktemp("order"))
    yield reader
    reader.close()


@pytest.fixture(scope="module")
def server_reader(make_database: Callable[[], str]) -> Iterator[Reader]:
    reader = _catalogue().server_reader(make_database())
    yield reader
    reader.close()


@pytest.mark.parametrize(("search", "limit"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_field_gives_its_best_rows_in_the_written_order(
    sqlite_reader: Reader, search: str, limit: int
) -> None:
    assert _found(sqlite_reader, search, limit) == IN_ORDER[search][:limit]


@pytest.mark.parametrize(("search", "limit"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_postgresql_gives_the_same_rows_in_the_same_order(
    server_reader: Reader, search: str, limit: int
) -> None:
    assert _found(server_reader, search, limit) == IN_ORDER[search][:limit]


def test_an_entry_missing_beside_the_index_is_still_found_in_its_place(tmp_path: Path) -> None:
    """An entry the order table lacks (a client that wrote the index alone) is always kept
    for the text to settle: the answers stay whole and in order."""
    path = _catalogue().build(tmp_path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("DELETE FROM search_order WHERE ingredient IN ('agent-c', 'vellum-a')")
    reader = SqliteReader(path)
    try:
        for search, rows in IN_ORDER.items():
            for limit in range(1, len(rows) + 1):
                assert _found(reader, search, limit) == rows[:limit], (search, limit)
    finally:
        reader.close()
