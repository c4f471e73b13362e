"""The examples in the README and in docs/ are real: every ```console block is run, command by
command, and its output compared with what the page shows.

Each block runs in a fresh folder of its own, on a copy of the seeded catalogue (a command that
names no --db gets it), with `team.db` there as an old catalogue (the 0.1.0 one in
tests/fixtures) for the upgrade examples, and `cosing-export.csv` there as a small made-up file
in the layout of the Commission's CosIng export for the examples that load it. A page shows what
a terminal shows: standard output and standard error together, with the folder's path left out
of the paths the program prints.
Blocks marked ```text are illustrations that need files of your own, and are not run.
"""

from __future__ import annotations

import re
import shlex
import shutil
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.test_cosing_export import AGENTA, BETAVIA, write_export

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
OLD_CATALOGUE = Path(__file__).resolve().parent / "fixtures" / "catalogue-0.1.0.db"
# About 300 lines: what it is, the set-up, ten examples and where to read more.
README_LINES = 320


class Example(NamedTuple):
    command: str
    expected: str


class Block(NamedTuple):
    page: str
    line: int
    examples: list[Example]


def console_blocks(page: Path) -> list[Block]:
    """Every ```console block of a page (indented ones in lists too), as its examples."""
    text = page.read_text(encoding="utf-8")
    blocks = []
    for found in re.finditer(r"^( *)```console\n(.*?)^\1```", text, flags=re.S | re.M):
        body = textwrap.dedent(found.group(2))
        examples: list[Example] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                examples.append(Example(line[2:], ""))
            else:
                assert examples, f"{page.name}: output before any command"
                examples[-1] = examples[-1]._replace(expected=examples[-1].expected + line + "\n")
        blocks.append(
            Block(page.relative_to(ROOT).as_posix(), text[: found.start()].count("\n") + 1, examples)
        )
    return blocks


BLOCKS = [block for page in PAGES for block in console_blocks(page)]


def run(example: Example, folder: Path, db_path: Path) -> tuple[str, int]:
    words = shlex.split(example.command)
    head = None
    if "|" in words:
        assert words[words.index("|") + 1] == "head"
        head = int(words[words.index("|") + 2].lstrip("-"))
        words = words[: words.index("|")]
    assert words[0] == "ingredients", example.command
    arguments = words[1:] if "--db" in words else ["--db", str(db_path), *words[1:]]
    result = CliRunner().invoke(app, arguments)
    output = result.output.replace(f"{folder}/", "")
    if head is not None:
        output = "".join(output.splitlines(keepends=True)[:head])
    return output, result.exit_code


@pytest.mark.parametrize("block", BLOCKS, ids=[f"{block.page}:{block.line}" for block in BLOCKS])
def test_every_console_example_is_real(
    block: Block, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "example"
    folder.mkdir()
    shutil.copyfile(OLD_CATALOGUE, folder / "team.db")
    write_export(folder / "cosing-export.csv", AGENTA, BETAVIA)
    monkeypatch.chdir(folder)
    for example in block.examples:
        output, status = run(example, folder, db_path)
        assert output == example.expected, example.command
        # A failure shows its Error: line; anything else ends well.
        assert (status != 0) == ("Error: " in example.expected), example.command


def test_the_readme_is_short_and_shows_ten_examples() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.count("\n") <= README_LINES
    examples = [example for block in console_blocks(README) for example in block.examples]
    assert len(examples) >= 10


def test_the_readme_links_every_page_in_docs() -> None:
    text = README.read_text(encoding="utf-8")
    assert [page.name for page in PAGES[1:] if f"(docs/{page.name})" not in text] == []


def test_every_page_has_examples_or_says_why_not() -> None:
    """The pages about commands, the site and the database show real runs."""
    for name in ("commands.md", "site.md", "database.md"):
        assert console_blocks(ROOT / "docs" / name), name
