"""Specification: a source key is matched without case, like every other key.

`PubMed-123` and `pubmed-123` name one source: wherever a key is given (a command, a
statement or row citing it, a source row of an import) it finds the stored source,
which keeps the key as first written. The schema holds it for every client: a second
key differing only in case is refused (a unique index on lower(key)).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from tests.small_catalogue import SmallCatalogue

STORED = "PubMed-123"


def _catalogue(tmp_path: Path) -> Path:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a")
    catalogue.source(STORED, kind="article", title="An article")
    catalogue.claim("agent-a", "It grows hair.", source=STORED)
    catalogue.source("user-label", kind="manufacturer", title="A label")
    return catalogue.build(tmp_path)


def _run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), *args])


def _import(db: Path, tmp_path: Path, table: str, text: str) -> Result:
    path = tmp_path / f"{table}.csv"
    path.write_text(text, encoding="utf-8")
    return _run(db, "import", str(path), "--table", table)


def _stored_keys(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as connection:
        return [key for (key,) in connection.execute("SELECT key FROM source ORDER BY id")]


@pytest.mark.parametrize("given", ["PubMed-123", "pubmed-123", "PUBMED-123"])
@pytest.mark.parametrize(
    "command", [["source", "{key}"], ["claims", "--source", "{key}"]], ids=["source", "claims --source"]
)
def test_a_command_finds_the_source_in_any_case(tmp_path: Path, given: str, command: list[str]) -> None:
    result = _run(_catalogue(tmp_path), *[part.format(key=given) for part in command])
    assert result.exit_code == 0, result.output
    assert "It grows hair." in result.stdout


def _added_citing_the_stored_source(result: Result, db: Path) -> None:
    assert result.exit_code == 0, result.output
    assert _stored_keys(db).count(STORED) == 1 and len(_stored_keys(db)) == 2


def _unchanged(result: Result, db: Path) -> None:
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.stdout and _stored_keys(db) == [STORED, "user-label"]


def _refused_as_a_seed_source(result: Result, db: Path) -> None:
    assert result.exit_code == 1
    assert "is a seed source and cannot be changed" in result.stderr


def _refused_as_twice(result: Result, db: Path) -> None:
    assert result.exit_code == 1
    assert "appears twice in the import" in result.stderr


# (what the import holds, its table, its rows, what it must do).
IMPORTS: list[tuple[str, str, str, Callable[[Result, Path], None]]] = [
    (
        "a statement citing the key in another case",
        "statements",
        "ingredient,kind,source,text,evidence_level\nagent-a,purpose,pubmed-123,Another claim.,claim-only\n",
        _added_citing_the_stored_source,
    ),
    (
        "a strength citing the key in another case",
        "strengths",
        "ingredient,route,value,unit,basis,source\nagent-a,intradermal,1,%,studied,PUBMED-123\n",
        _added_citing_the_stored_source,
    ),
    (
        "the stored source again, its key in another case",
        "sources",
        "key,kind,title\npubmed-123,article,An article\n",
        _unchanged,
    ),
    (
        "the stored source changed, its key in another case",
        "sources",
        "key,kind,title\npubmed-123,article,Another title\n",
        _refused_as_a_seed_source,
    ),
    (
        "one source twice in one import, in two cases",
        "sources",
        "key,kind,title\nnew-key,paper,A\nNEW-KEY,paper,A\n",
        _refused_as_twice,
    ),
]


@pytest.mark.parametrize(("table", "text", "expect"), [r[1:] for r in IMPORTS], ids=[r[0] for r in IMPORTS])
def test_an_import_matches_source_keys_without_case(
    tmp_path: Path, table: str, text: str, expect: Callable[[Result, Path], None]
) -> None:
    db = _catalogue(tmp_path)
    expect(_import(db, tmp_path, table, text), db)


def test_a_users_source_is_removed_by_its_key_in_any_case(tmp_path: Path) -> None:
    db = _catalogue(tmp_path)
    assert _import(db, tmp_path, "sources", "key,kind,title\nMy-Notes,web,Mine\n").exit_code == 0
    result = _run(db, "remove", "--source", "my-notes", "--yes")
    assert result.exit_code == 0, result.output
    assert "My-Notes" not in _stored_keys(db)


def test_sqlite_refuses_a_key_differing_only_in_case_from_any_client(tmp_path: Path) -> None:
    db = _catalogue(tmp_path)
    with closing(sqlite3.connect(db)) as connection, pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(
            "INSERT INTO source (key, kind, title, origin) VALUES ('PUBMED-123', 'paper', 'x', 'user')"
        )


def test_postgresql_refuses_a_key_differing_only_in_case_from_any_client(postgres_url: str) -> None:
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    name = f"ingredients_{uuid.uuid4().hex[:12]}"
    plain_url = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        catalogue = SmallCatalogue()
        catalogue.source(STORED)
        catalogue.server_reader(url).close()
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain) as connection, pytest.raises(psycopg.errors.UniqueViolation):
            connection.execute(
                "INSERT INTO source (key, kind, title, origin) VALUES ('pubmed-123', 'paper', 'x', 'user')"
            )
    finally:
        with psycopg.connect(plain_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
