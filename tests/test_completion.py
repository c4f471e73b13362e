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
    (["show", "regai"], ["minoxidil"]),            # a trade name
    (["compare", "minoxidil", "bi"], ["biochanin-a", "biotin"]),
    (["list", "--sort", "ev"], ["evidence"]),
    (["sources", "--kind", "re"], ["review", "regulatory", "reference"]),
    (["import", "--table", "al"], ["aliases"]),
    (["list", "-c", "name,cl"], ["name,class"]),
    (["export", "sources", "-c", "ke"], ["key"]),
    (["source", "article-00"], [f"article-00{n}" for n in range(5)]),
]


@pytest.mark.parametrize(("words", "expected"), CASES, ids=[" ".join(w) for w, _ in CASES])
def test_completion_offers(db_path: Path, words: list[str], expected: list[str]) -> None:
    stdout, loaded = run_probe([], {
        "INGREDIENTS_DB": str(db_path), "_INGREDIENTS_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(["ingredients", *words]), "COMP_CWORD": str(len(words)),
    })
    offered = stdout.split()
    assert offered == expected
    assert all(item == item.lower() for item in offered)
    assert loaded == set()


@pytest.mark.parametrize(("shell", "marker"), [("zsh", "#compdef ingredients"),
                                                ("fish", "complete --command ingredients"),
                                                ("bash", "_ingredients_completion()")])
def test_show_completion_prints_the_named_shells_script(shell: str, marker: str) -> None:
    completed = subprocess.run([console_script(), "--show-completion", shell], capture_output=True,
                               text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    assert marker in completed.stdout
