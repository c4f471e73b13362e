"""Small defects a new user met: each pinned by the behaviour the user should have seen."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.render.entry_text import citation
from ingredients.store.location import hide_password
from tests.conftest import Invoke


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
