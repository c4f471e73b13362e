"""The curated seed data: one TOML file per ingredient, a sources file, and its version.

Bump SEED_DATA_VERSION with every change to a file here: databases seeded from
an older version are refreshed on their next use.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

SEED_DATA_VERSION = "2026.11.21.4"


def sources_file() -> Traversable:
    return files(__name__) / "sources.toml"


def procedure_file() -> Traversable:
    """Statements about mesotherapy itself rather than any one ingredient."""
    return files(__name__) / "mesotherapy.toml"


def ingredient_files() -> list[Traversable]:
    folder = files(__name__) / "ingredients"
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
        key=lambda entry: entry.name,
    )
