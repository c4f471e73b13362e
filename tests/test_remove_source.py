"""Specification: `remove --source KEY` removes a user source only when no row cites it.

One row per column that can cite a source. A cited source is refused, by the dry run
and the real run alike, with one `Error:` line naming the row that cites it; nothing
is removed. (The dry run once said such a source would be removed, and the real run
then failed on the database's own foreign key.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.small_catalogue import SmallCatalogue

KEY = "cited-source"

# (what cites the source, how the small catalogue makes it, what the error names)
CITING: list[tuple[str, Callable[[SmallCatalogue], None], str]] = [
    ("statement", lambda c: c.statement("agent-a", "mechanism", source=KEY), "statement 1"),
    ("strength", lambda c: c.strength("agent-a", 2.0, source=KEY), "strength 1"),
    (
        "formulation",
        lambda c: c.formulation("mix-a", [("agent-a", 1.0, "%")], source=KEY),
        "formulation 'mix-a'",
    ),
    (
        "identifiers",
        lambda c: c.rows["ingredients"][0].update(cas_number="50-00-0", identifiers_source=KEY),
        "ingredient 'agent-a' (identifiers_source)",
    ),
    (
        "unii",
        lambda c: c.rows["ingredients"][0].update(unii="K72T3FS567", unii_source=KEY),
        "ingredient 'agent-a' (unii_source)",
    ),
    ("excipient", lambda c: c.excipient("water", source=KEY), "excipient 'water'"),
    (
        "excipient's injectable",
        lambda c: c.excipient("saline", injectable="yes", injectable_source=KEY),
        "excipient 'saline' (injectable_source)",
    ),
]


def _catalogue(tmp_path: Path, cite: Callable[[SmallCatalogue], None] | None) -> Path:
    catalogue = SmallCatalogue()
    catalogue.source(KEY)
    catalogue.ingredient("agent-a")
    if cite is not None:
        cite(catalogue)
    return catalogue.build(tmp_path, origin="user")


def _remove(path: Path, *flags: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(path), "remove", "--source", KEY, *flags])
    return result.exit_code, result.stdout, result.stderr


def _sources(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [key for (key,) in connection.execute("SELECT key FROM source ORDER BY key")]


@pytest.mark.parametrize(("what", "cite", "named"), CITING, ids=[row[0] for row in CITING])
@pytest.mark.parametrize("flags", [("--dry-run",), ("--yes",)], ids=["dry run", "real run"])
def test_a_cited_source_is_refused_naming_what_cites_it(
    tmp_path: Path, what: str, cite: Callable[[SmallCatalogue], None], named: str, flags: tuple[str, ...]
) -> None:
    path = _catalogue(tmp_path, cite)
    code, stdout, stderr = _remove(path, *flags)
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"Error: source '{KEY}' (A study called {KEY}) is still cited by {named}; "
        "remove or correct those first\n"
    )
    assert KEY in _sources(path)


def test_a_source_nothing_cites_is_removed(tmp_path: Path) -> None:
    path = _catalogue(tmp_path, None)
    assert _remove(path, "--dry-run") == (
        0,
        f"Dry run, nothing removed. Would remove source '{KEY}' (A study called {KEY}).\n",
        "",
    )
    assert KEY in _sources(path)
    assert _remove(path, "--yes") == (0, f"Removed source '{KEY}' (A study called {KEY}).\n", "")
    assert KEY not in _sources(path)
