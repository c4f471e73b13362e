"""Small defects a new user met: each pinned by the behaviour the user should have seen."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.render.entry_text import citation
from ingredients.store.location import hide_password
from tests.conftest import Invoke
from tests.small_catalogue import SmallCatalogue


def test_a_citation_never_doubles_a_full_stop() -> None:
    from ingredients.site.citations import citation_text

    source = {
        "title": "A trial.",
        "authors": "Smith J, Jones K, et al.",
        "published_in": "J Derm",
        "year": 2020,
        "pmid": "123",
    }
    assert citation(source) == "A trial. Smith J, Jones K, et al. J Derm. 2020. PMID 123"
    assert citation_text(source) == "A trial. Smith J, Jones K, et al. J Derm. 2020. PMID 123"


@pytest.mark.parametrize(("command", "shown"), [("compare", "NAME..."), ("import", "FILE...")])
def test_help_shows_that_a_command_takes_several(command: str, shown: str) -> None:
    usage = CliRunner().invoke(app, [command, "--help"]).stdout.splitlines()[0]
    assert usage.endswith(f"{{{shown}}}")


@pytest.mark.parametrize(
    ("header", "row", "field", "message"),
    [
        ("slug,name,class", 'nul,"Bad\x00Name",other', "name", "contains the control character U+0000"),
        ("key,kind,title", '"bad key!",web,T', "key", "a source key is letters, digits"),
        ("key,kind,title", "-starts-with-dash,web,T", "key", "a source key is letters, digits"),
    ],
)
def test_import_refuses_bad_text(
    invoke: Invoke, tmp_path: Path, header: str, row: str, field: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert f"bad.csv: line 2: {field}: {message}" in result.stderr


def test_every_seed_source_key_has_the_key_shape(invoke: Invoke) -> None:
    from ingredients.store.field_checks import SOURCE_KEY_SHAPE

    keys = invoke("export", "sources", "-c", "key", "--no-headers").stdout.split()
    assert keys and all(SOURCE_KEY_SHAPE.fullmatch(key) for key in keys)


def test_a_database_url_error_hides_the_password() -> None:
    result = CliRunner().invoke(app, ["--db", "nosuchdialect://bob:s3cret@db.example/x", "list"])
    assert result.exit_code == 1
    assert "s3cret" not in result.stderr and "bob:***@db.example" in result.stderr
    assert (
        hide_password("postgresql://u:p@h/d and mysql://v:q@i/e")
        == "postgresql://u:***@h/d and mysql://v:***@i/e"
    )


@pytest.mark.parametrize("content", ["", "slug,name,class\n"], ids=["no bytes", "a header only"])
def test_importing_an_empty_file_says_nothing_was_imported(
    invoke: Invoke, tmp_path: Path, content: str
) -> None:
    empty = tmp_path / "ingredients.csv"
    empty.write_text(content, encoding="utf-8")
    result = invoke("import", str(empty))
    assert (result.exit_code, result.stdout) == (0, "Nothing was imported: the files hold no rows.\n")


def test_output_to_an_existing_folder_says_it_is_a_folder(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("list", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path} is a folder; give the name of a file to write\n"


def test_db_status_counts_every_table(tmp_path: Path) -> None:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.alias("agent-a", "Alpha")
    catalogue.statement("agent-a", "mechanism")
    catalogue.strength("agent-a", 2.0)
    catalogue.formulation("mix-a", [("agent-a", 1.0, "%"), ("agent-a", 2.0, "%")])
    catalogue.excipient("water")
    path = catalogue.build(tmp_path)
    result = CliRunner().invoke(app, ["--db", str(path), "db", "status", "-f", "csv"])
    counts = dict(
        line.split(",", 1) for line in result.stdout.splitlines()[1:] if line.endswith(tuple("0123456789"))
    )
    assert {key: value for key, value in counts.items() if key.endswith("_rows")} == {
        "ingredient_rows": "1",
        "alias_rows": "1",
        "statement_rows": "1",
        "source_rows": "4",
        "strength_rows": "1",
        "formulation_rows": "1",
        "component_rows": "2",
        "excipient_rows": "1",
        "cosing_ingredient_rows": "0",
    }


def test_a_shell_completion_cannot_serve_is_refused_naming_those_it_can() -> None:
    from tests.test_console_script import console_script

    completed = subprocess.run(
        [console_script(), "--show-completion", "tcsh"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (completed.returncode, completed.stdout) == (2, "")
    assert completed.stderr == (
        "Error: cannot complete for the shell 'tcsh'; choose from: bash, zsh, fish, powershell, pwsh\n"
    )
