"""The README's examples are real: each one is run and its output compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

README = Path(__file__).resolve().parent.parent / "README.md"


def examples() -> list[tuple[str, str]]:
    """(command line, expected output) for each `$ ingredients ...` in the Examples section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Examples", 1)[1].split("\n## ", 1)[0]
    found = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output) + "\n"))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output) + "\n"))
    return found


def test_the_readme_has_examples() -> None:
    assert len(examples()) >= 5


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example_output_is_real(command: str, expected: str, db_path: Path) -> None:
    words = shlex.split(command)
    head = None
    if "|" in words:
        head = int(words[words.index("|") + 2].lstrip("-"))
        words = words[: words.index("|")]
    assert words[0] == "ingredients"
    result = CliRunner().invoke(app, ["--db", str(db_path), *words[1:]])
    assert result.exit_code == 0, result.output
    output = result.stdout
    if head is not None:
        output = "".join(output.splitlines(keepends=True)[:head])
    assert output == expected
