"""The small-catalogue builder holds only the rows a test gives it, and the CLI reads it as it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

from .small_catalogue import SmallCatalogue


def test_a_small_catalogue_holds_only_its_own_rows_and_is_not_seeded(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a", ingredient_class="local-anaesthetic")
    catalogue.alias("agent-a", "Brand A", "trade-name")
    catalogue.evidence("agent-a", participants=20)
    catalogue.claim("mesotherapy", "Mesotherapy grows hair.")
    catalogue.safety("agent-a", harm="pain", harm_percent=10)
    catalogue.strength("agent-a", 5)
    catalogue.formulation("mix-a", [("agent-a", 1.0, "%")])
    catalogue.excipient("water-x", "Aqua X")
    path = catalogue.build(tmp_path)

    with sqlite3.connect(path) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "ingredient",
                "alias",
                "statement",
                "strength",
                "formulation",
                "component",
                "excipient",
            )
        }
    assert counts == {
        "ingredient": 1,
        "alias": 1,
        "statement": 3,
        "strength": 1,
        "formulation": 1,
        "component": 1,
        "excipient": 1,
    }
    result = CliRunner().invoke(app, ["--db", str(path), "list", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] and all(
        "agent-a" in line or "Agent A" in line for line in result.stdout.splitlines()[1:]
    )
