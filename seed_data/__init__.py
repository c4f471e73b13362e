"""The curated seed data: one TOML file per ingredient and per formulation, source files, and its version.

Bump SEED_DATA_VERSION with every change to a file here: databases seeded from
an older version are refreshed on their next use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

SEED_DATA_VERSION = "2026.12.07.11"


def _files() -> Traversable:
    # Imported here, not above: every command reads SEED_DATA_VERSION, and only a seeding
    # reads the files; importlib.resources costs a start-up several milliseconds.
    from importlib.resources import files

    return files(__name__)


def source_files() -> list[Traversable]:
    """Every reference the seed statements cite, grouped by the entry that cites it."""
    return _toml_files("sources")


def procedure_file() -> Traversable:
    """Statements about mesotherapy itself rather than any one ingredient."""
    return _files() / "mesotherapy.toml"


def ingredient_files() -> list[Traversable]:
    return _toml_files("ingredients")


def formulation_files() -> list[Traversable]:
    """Products and recipes whose composition a cited source declares."""
    return _toml_files("formulations")


def excipients_file() -> Traversable:
    """The excipients, one row each: a table, so kept as CSV."""
    return _files() / "excipients.csv"


def flags_file() -> Traversable:
    """Regulators' flags per ingredient (withdrawn, prescription-only...), read by `check`."""
    return _files() / "flags.toml"


def _toml_files(folder_name: str) -> list[Traversable]:
    folder = _files() / folder_name
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")), key=lambda entry: entry.name
    )
