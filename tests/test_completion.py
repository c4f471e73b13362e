"""Shell completion: slugs only, found through any name in any case, and each shell's own script."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.test_console_script import console_script
from tests.test_startup import run_probe

CASES = [
    (["show", "MINOX"], ["minoxidil"]),
    (["show", "Minoxidil"], ["minoxidil"]),
    (["show", "regai"], ["minoxidil"]),  # a trade name
    (["compare", "minoxidil", "bi"], ["biochanin-a", "biotin"]),
    (["list", "--sort", "ev"], ["evidence"]),
    (["sources", "--kind", "re"], ["review", "regulatory", "reference"]),
    (["import", "--table", "al"], ["aliases"]),
    (["list", "-c", "name,cl"], ["name,class"]),
    (["export", "sources", "-c", "ke"], ["key"]),
    (["source", "article-00"], [f"article-00{n}" for n in range(5)]),
    (["check", "--route", "p"], ["parenteral"]),
    (["check", "--route", ""], ["intradermal", "topical", "oral", "parenteral"]),
    (["check", "--formulation", "fin"], ["finjuve-finasteride-spray"]),
    (["formulations", "cvs"], ["cvs-minoxidil-5pct-foam-women"]),
]


@pytest.mark.parametrize(("words", "expected"), CASES, ids=[" ".join(w) for w, _ in CASES])
def test_completion_offers(db_path: Path, words: list[str], expected: list[str]) -> None:
    stdout, loaded = run_probe(
        [],
        {
            "INGREDIENTS_DB": str(db_path),
            "_INGREDIENTS_COMPLETE": "complete_bash",
            "COMP_WORDS": " ".join(["ingredients", *words]),
            "COMP_CWORD": str(len(words)),
        },
    )
    offered = stdout.split()
    assert offered == expected
    assert all(item == item.lower() for item in offered)
    assert loaded == set()


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("zsh", "#compdef ingredients"),
        ("fish", "complete --command ingredients"),
        ("bash", "_ingredients_completion()"),
    ],
)
def test_show_completion_prints_the_named_shells_script(shell: str, marker: str) -> None:
    completed = subprocess.run(
        [console_script(), "--show-completion", shell],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert marker in completed.stdout


def test_completing_a_name_reads_index_ranges_never_a_whole_table(db_path: Path) -> None:
    """Completion runs on every key press: its cost must not grow with the catalogue."""
    import re
    import sqlite3

    from ingredients.read.completion import COMPLETE_NAMES_SQL

    sql = re.sub(r":\w+", "?", COMPLETE_NAMES_SQL)
    connection = sqlite3.connect(db_path)
    try:
        plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", ["mi"] * 6 + [50])]
    finally:
        connection.close()
    reads = [step for step in plan if step.startswith(("SEARCH", "SCAN"))]
    assert len(reads) == 4, plan
    assert not [step for step in reads if step.startswith("SCAN")], plan
    assert sum("USING INDEX" in step or "USING COVERING INDEX" in step for step in reads) == 3, plan


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("MINOX", "minoxidil"),
        ("rogai", "minoxidil"),
        ("acetyl-t", "acetyl-tetrapeptide-3"),
        ("acetyl t", "acetyl-tetrapeptide-3"),
        ("98319", None),
    ],
)
def test_a_prefix_of_a_slug_name_or_alias_completes_in_any_case(
    db_path: Path, typed: str, expected: str | None
) -> None:
    from ingredients.read.completion import complete_names
    from ingredients.store.reader import SqliteReader

    reader = SqliteReader(db_path)
    try:
        found = complete_names(reader, typed)
    finally:
        reader.close()
    assert (expected in found) if expected else found == []
