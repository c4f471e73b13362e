"""The distribution's name on the package index is this project's own; the command and
the import package stay `ingredients`; every install line in the docs installs this project."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import ingredients

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Taken on the package index by an unrelated project: `pip install ingredients` installs that.
TAKEN = "ingredients"


def _install_lines() -> list[tuple[str, str]]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [
        (page.name, line.strip())
        for page in pages
        for line in page.read_text(encoding="utf-8").splitlines()
        if re.search(r"\bpip install\b", line)
    ]


def test_the_distribution_has_a_name_of_its_own_and_keeps_the_command_and_package() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == "mesotherapy-ingredients" != TAKEN
    assert project["scripts"] == {"ingredients": "cli.entry:run"}
    assert ingredients.__name__ == "ingredients"


def test_the_version_is_written_once() -> None:
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "ingredients.__version__"}
    # The version is the newest release the changelog describes.
    newest = re.search(r"^## (\S+)$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert newest is not None
    assert ingredients.__version__ == newest.group(1)


def test_every_install_line_installs_this_project() -> None:
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    lines = _install_lines()
    assert len(lines) >= 3
    for page, line in lines:
        command = line[line.index("pip install") :].split("&&")[0]
        targets = [word.strip("'\"`") for word in command.split()[2:] if not word.startswith("-")]
        assert targets, (page, line)
        for target in targets:
            name, _, extra = target.partition("[")
            # The checkout itself, or this project by its own name on the index.
            assert name in (".", PYPROJECT["project"]["name"]), (page, line)
            assert set(filter(None, extra.rstrip("]").split(","))) <= extras, (page, line)
