"""A shared catalogue on a real PostgreSQL server: the same answers as SQLite, team writes, clear errors.

The server is the one INGREDIENTS_TEST_POSTGRES_URL names (a database the tests may
connect to and create other databases from) or, without it, a throwaway one that
pytest-postgresql starts (tests/postgres_server.py); skipped, saying why in the
summary, only when neither is possible. Every test that writes gets a database of
its own, dropped afterwards.
"""

from __future__ import annotations

import csv
import itertools
import re
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from ingredients.check.formulation_check import check_formulation, check_items
from ingredients.check.mix_parsing import parse_list
from ingredients.core.text_normalise import normalise
from ingredients.exchange.opening import open_reader
from ingredients.read import best_evidence as best_evidence_reads
from ingredients.read import claims, completion, effects, procedure, queries
from ingredients.read import search as searching
from ingredients.read import sources as source_queries
from ingredients.store.location import resolve_location
from ingredients.store.migrations import SCHEMA_VERSION, SCRIPT_LOCATION
from ingredients.store.reader import Reader, SqliteReader
from ingredients.store.server_reader import PsycopgReader

from .postgres_server import admin_connection as _admin
from .test_seed_data import EXPECTED_COUNTS

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def seeded_url(make_database: Callable[[], str]) -> str:
    """One seeded catalogue on the server that the read tests share and never change."""
    url = make_database()
    open_reader(resolve_location(url)).close()
    return url


@pytest.fixture
def fresh_url(make_database: Callable[[], str]) -> str:
    """A seeded catalogue of this test's own."""
    url = make_database()
    open_reader(resolve_location(url)).close()
    return url


# User rows beside the seed, chosen where databases tend to differ: names in lower case
# and starting with a non-ASCII letter (ordering that ignores case), an ingredient with
# no evidence at all (NULL grades in sorts), aliases whose case decides their order.
EXTRA_ROWS = {
    "ingredients.csv": [
        ["slug", "name", "class", "stated_purpose"],
        ["aaa-lower", "aaa lower-case first", "other", "lower-case purpose"],
        ["zz-upper", "ZZ upper", "vitamin", ""],
        ["eclair", "Éclair extract", "plant-extract", "Crème brûlée"],
        ["beta-under", "Beta_under", "other", "100% sure"],
    ],
    "aliases.csv": [
        ["ingredient", "name", "kind"],
        ["aaa-lower", "Zeta name", "synonym"],
        ["aaa-lower", "alpha name", "synonym"],
        ["aaa-lower", "_under name", "trade-name"],
    ],
    "statements.csv": [
        ["ingredient", "kind", "route", "evidence_level", "finding", "text", "source"],
        ["eclair", "evidence", "topical", "rct", "harm", "Hurt (5α).", "article-000"],
        ["eclair", "evidence", "topical", "rct", "benefit", "Helped in one.", "article-001"],
        ["eclair", "safety", "any", "", "", "Sticky.", "article-000"],
    ],
}


@pytest.fixture(scope="module")
def readers(seeded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Reader, Reader]]:
    folder = tmp_path_factory.mktemp("sqlite")
    path = folder / "catalogue.db"
    files = _write_user_files(folder, EXTRA_ROWS)
    for db in (str(path), seeded_url):
        imported = CliRunner().invoke(app, ["--db", db, "import", *files])
        assert imported.exit_code == 0, imported.output
    sqlite, postgres = SqliteReader(path), open_reader(resolve_location(seeded_url))
    # The reads a command makes: psycopg2 alone, not SQLAlchemy.
    assert isinstance(postgres, PsycopgReader)
    yield sqlite, postgres
    sqlite.close()
    postgres.close()


def rows(table: queries.Table) -> list[list[Any]]:
    return [list(row) for row in table.rows]


# --- the same answers on both databases ---------------------------------------------------

HOSTILE_SEARCHES = [
    '"',
    "'",
    "tetrapeptide-3",
    "AND",
    "OR NOT",
    "NEAR(a b)",
    "a*",
    "^x",
    "col:val",
    "(((",
    "5α",
    "156%",
    "-",
    "\\",
    "{}",
    "0.5%",
    "Ω",
    "\x00",
    "🙂",
    "a & b | !c",
    "x:* <-> y",
    "'; DROP TABLE meta; --",
    "$1",
    ":query",
    "%(query)s",
    "ＭＩＮＯＸＩＤＩＬ",
    "Crème",
    "5α-reductase",
    "TGF-β1",
    "µg",
]
SEARCHES = [
    "minoxidil",
    "finjuve",
    "butane",
    "hair loss",
    "hair-loss",
    "blood pressure",
    "minox",
    "propecia",
    "mycobacterium",
    "reductase",
    "5-alpha-reductase",
    # Identifiers, word forms, and the any-word and suggestion fallbacks (issue 34).
    "38304-91-5",
    "5965120SH1",
    "5965120sh1",
    "4201",
    "panthenol",
    "finasteride pregnancy",
    "sexual dysfunction",
    "injections",
    "minoxidl",
    *HOSTILE_SEARCHES,
]

QUERIES: dict[str, Callable[[Reader], Any]] = {
    **{
        f"list --sort {sort}{' --desc' if desc else ''}": (
            lambda reader, sort=sort, desc=desc: rows(
                queries.list_ingredients(reader, sort=sort, descending=desc)
            )
        )
        for sort, desc in itertools.product(queries.LIST_SORTS, (False, True))
    },
    "list --class vitamin": lambda r: rows(queries.list_ingredients(r, ingredient_class="vitamin")),
    "list --text isoflavone": lambda r: rows(queries.list_ingredients(r, text="isoflavone")),
    "list --text ROGAINE": lambda r: rows(queries.list_ingredients(r, text="ROGAINE")),
    "list --text 100%": lambda r: rows(queries.list_ingredients(r, text="100%")),
    "list --text _": lambda r: rows(queries.list_ingredients(r, text="_")),
    "list --route intradermal --min-level rct": lambda r: rows(
        queries.list_ingredients(r, route="intradermal", min_level="rct")
    ),
    "list --exclude-sponsored --sort evidence": lambda r: rows(
        queries.list_ingredients(r, exclude_sponsored=True, sort="evidence")
    ),
    "list --condition alopecia-areata --sort intradermal": lambda r: rows(
        queries.list_ingredients(r, condition="alopecia-areata", sort="intradermal")
    ),
    "list --condition any --sex female": lambda r: rows(
        queries.list_ingredients(r, condition="any", sex="female")
    ),
    "show --condition any triamcinolone": lambda r: queries.ingredient_entry(
        r, queries.resolve(r, "kenalog"), condition="any"
    ),
    "effects": lambda r: rows(effects.effects(r)),
    "best evidence of each, any condition": lambda r: list(
        best_evidence_reads.best_evidence_of_each(r, "any")
    ),
    "best evidence of each": lambda r: list(best_evidence_reads.best_evidence_of_each(r)),
    "effects --route intradermal --condition androgenetic-alopecia": lambda r: rows(
        effects.effects(r, route="intradermal", condition="androgenetic-alopecia")
    ),
    "claims --condition any": lambda r: rows(claims.claims(r, condition="any")),
    "show (every ingredient)": lambda r: [
        queries.ingredient_entry(r, ingredient_id) for ingredient_id, _ in queries.ingredient_keys(r)
    ],
    "show --exclude-sponsored caffeine": lambda r: queries.ingredient_entry(
        r, queries.resolve(r, "caffeine"), exclude_sponsored=True
    ),
    "resolve by alias, CAS, slug": lambda r: [
        queries.slug_of(r, queries.resolve(r, name)) for name in ("Rogaine", "38304-91-5", "biochanin-a")
    ],
    "suggest": lambda r: queries.suggest(r, "minoxidl"),
    "complete": lambda r: completion.complete_names(r, "b"),
    "compare": lambda r: queries.compare(r, ["minoxidil", "finasteride", "biotin"]),
    "sources": lambda r: rows(source_queries.list_sources(r)),
    "sources --kind article": lambda r: rows(source_queries.list_sources(r, kind="article")),
    "source article-002": lambda r: source_queries.source_entry(r, "article-002"),
    "procedure": lambda r: procedure.procedure_statements(r),
    "evidence routes": lambda r: queries.evidence_routes(r),
    "claims": lambda r: rows(claims.claims(r)),
    "claims -s article-001": lambda r: rows(claims.claims(r, source="article-001")),
    "claims minoxidil --exclude-sponsored": lambda r: rows(
        claims.claims(r, ingredient="minoxidil", exclude_sponsored=True)
    ),
    **{
        f"export {table}": (lambda reader, table=table: rows(queries.export_table(reader, table)))
        for table in queries.EXPORT_TABLES
    },
    "check a written list": lambda r: check_items(
        r,
        parse_list(
            "Aqua, Panthenol, Biotine, Dexpanthénol, Finasteride 0.05%, 98319-26-7, Minoxidyl 7%, "
            "Rogaine, Lidocain 20 mg/ml, Vit B6, Mystery peptide X, NaCl"
        ),
    ).document(),
    "check --formulation": lambda r: check_formulation(
        r, "moftah-2013-dutasteride-vitamin-mesotherapy"
    ).document(),
    # Both rank by the same written order, so the hits are compared in order, and a short
    # limit must cut both lists at the same place.
    **{
        f"search {text!r}": (lambda reader, text=text: rows(searching.search(reader, text, limit=10_000)))
        for text in SEARCHES
    },
    **{
        f"search {text!r} --limit 3": (
            lambda reader, text=text: rows(searching.search(reader, text, limit=3))
        )
        for text in SEARCHES
    },
    **{
        f"search {text!r}, as the command answers": (
            lambda reader, text=text: (
                lambda answer: (rows(answer.rows), answer.some_words, searching.nothing_found(reader, text))
            )(searching.search_answer(reader, text, limit=5))
        )
        for text in SEARCHES
        if text.strip()
    },
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_every_query_gives_the_same_answer_on_both_databases(
    readers: tuple[Reader, Reader], name: str
) -> None:
    sqlite, postgres = readers
    assert QUERIES[name](postgres) == QUERIES[name](sqlite)


def test_the_answers_compared_are_not_empty(readers: tuple[Reader, Reader]) -> None:
    """A comparison of two empty answers would prove nothing."""
    _, postgres = readers
    for name in (
        "sources",
        "claims",
        "search 'hair loss'",
        "search '5α-reductase'",
        "list --sort class --desc",
    ):
        assert QUERIES[name](postgres), name
    matches = {row["match"] for row in QUERIES["check a written list"](postgres)["ingredients"]}
    assert {"vehicle", "INCI name", "CAS RN", "alias", "unmatched", "fuzzy 94%"} <= matches


def test_search_ranks_names_and_aliases_first(readers: tuple[Reader, Reader]) -> None:
    _, postgres = readers
    found = rows(searching.search(postgres, "propecia"))
    assert found[0][:3] == ["finasteride", "Finasteride", "alias"]
    assert rows(searching.search(postgres, "minoxidil"))[0][2] == "name"


def test_both_databases_normalise_search_text_alike(readers: tuple[Reader, Reader]) -> None:
    """PostgreSQL's index function is text_normalise.normalise in SQL: same output on every text."""
    sqlite, postgres = readers
    texts = [
        *HOSTILE_SEARCHES,
        "ΑΒΓ αβγ ς",
        "naïve façade Ångström",
        "Ａ１　ｂ２",
        "x\u2013y\u2014z",
        "«quoted» ‘single’ “double”",
        "a\tb\nc",
        "TGF-beta1 5α-R",
    ]
    text_column = queries.STATEMENT_COLUMNS.index("text")
    texts += [row[text_column] for row in rows(queries.export_table(sqlite, "statements"))]
    texts = [text.replace("\x00", "") for text in texts]  # PostgreSQL text cannot hold NUL
    for text in texts:
        stored = next(postgres.execute("SELECT ingredients_search_text(:text)", {"text": text}).rows)[0]
        assert stored == normalise(text), text


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("5α-reductase", "5-alpha-reductase"),
        ("5-alpha-reductase", "5α-reductase"),
        ("TGF-β1", "TGF-beta1"),
        ("Crème", "CREME"),
        ("ＧＨＫ", "ghk"),
        ("µg", "µg"),
    ],
)
def test_greek_letters_accents_and_full_width_forms_find_each_other(
    fresh_url: str, tmp_path: Path, written: str, searched: str
) -> None:
    """On both databases, whichever way the stored text and the search are written."""
    sqlite_db = tmp_path / "catalogue.db"
    statement = tmp_path / "statements.csv"
    with statement.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ingredient", "kind", "route", "text", "source"])
        writer.writerow(
            ["minoxidil", "mechanism", "any", f"Zanzibarine acts on {written} here.", "article-000"]
        )
    for db in (str(sqlite_db), fresh_url):
        result = CliRunner().invoke(app, ["--db", db, "import", str(statement)])
        assert result.exit_code == 0, result.output
        found = CliRunner().invoke(app, ["--db", db, "search", f"zanzibar {searched}", "-f", "csv"])
        assert found.exit_code == 0, found.output
        assert f"Zanzibarine acts on {written} here." in found.output, db


def test_search_is_served_by_the_gin_indexes(seeded_url: str) -> None:
    """An index lookup, not a scan: what keeps search flat from 10 to 50,000 ingredients."""
    import psycopg

    from ingredients.store.dialects import POSTGRESQL, search_params

    url = seeded_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as connection:
        # Tiny tables: without these the planner may rightly prefer a scan, or another
        # index with a filter. Left only bitmap scans, it must find an index for the match.
        connection.execute("SET enable_seqscan = off")
        connection.execute("SET enable_indexscan = off")
        sql = re.sub(r":(\w+)", r"%(\1)s", POSTGRESQL.search_sql)
        params = search_params("hair loss", 100, POSTGRESQL.search_query("hair loss"))
        plan = "\n".join(row[0] for row in connection.execute("EXPLAIN " + sql, params))
    for index in (
        "ix_ingredient_name_terms",
        "ix_ingredient_description_terms",
        "ix_alias_name_terms",
        "ix_statement_text_terms",
    ):
        assert f"Bitmap Index Scan on {index}" in plan, plan


def test_a_whole_table_is_streamed_through_a_server_side_cursor(readers: tuple[Reader, Reader]) -> None:
    """Export and the site read whole tables: fetched in batches, never held whole in memory."""
    _, postgres = readers
    exported = queries.export_table(postgres, "ingredients")
    first = next(iter(exported.rows))
    cursors = list(postgres.execute("SELECT statement FROM pg_cursors").rows)
    assert len(cursors) == 1 and "FROM ingredient" in cursors[0][0], cursors
    assert first[0] == rows(queries.export_table(postgres, "ingredients"))[0][0]


def test_a_read_on_the_server_loads_no_sqlalchemy(seeded_url: str) -> None:
    """About half a second a command went to loading SQLAlchemy and its engine's checks, and
    0.13 s more to psycopg 3 (asyncio, importlib.metadata), which psycopg2 does not load."""
    from .test_startup import run_probe

    watched = ("sqlalchemy", "sqlmodel", "pydantic", "psycopg", "asyncio", "psycopg2")
    for command in (["show", "minoxidil", "-f", "json"], ["search", "rogaine"], ["export", "-f", "csv"]):
        stdout, loaded = run_probe(["--db", seeded_url, *command], {}, watched)
        assert "minoxidil" in stdout, command
        assert loaded == {"psycopg2"}, (command, loaded)


# --- the command line, end to end -------------------------------------------------------


def _cli(db: str, *args: str) -> Any:
    return CliRunner().invoke(app, ["--db", db, *args])


USER_ROWS = {
    "sources.csv": [["key", "kind", "title"], ["team-notes", "web", "Team notes"]],
    "ingredients.csv": [
        ["slug", "name", "class", "stated_purpose"],
        ["adenosine", "Adenosine", "other", "Said to wake follicles"],
    ],
    "aliases.csv": [["ingredient", "name", "kind"], ["adenosine", "Adenine riboside", "synonym"]],
    "statements.csv": [
        ["ingredient", "kind", "route", "evidence_level", "finding", "text", "source"],
        ["adenosine", "evidence", "topical", "rct", "benefit", "Quokkas improved in a trial.", "team-notes"],
    ],
}


def _write_user_files(folder: Path, rows_by_file: dict[str, list[list[str]]]) -> list[str]:
    paths = []
    for name, file_rows in rows_by_file.items():
        path = folder / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(file_rows)
        paths.append(str(path))
    return paths


def test_import_show_search_remove_and_the_db_commands(fresh_url: str, tmp_path: Path) -> None:
    imported = _cli(fresh_url, "import", *_write_user_files(tmp_path, USER_ROWS))
    assert imported.exit_code == 0, imported.output
    shown = _cli(fresh_url, "show", "adenine riboside")
    assert shown.exit_code == 0 and "Quokkas improved in a trial." in shown.output
    assert "adenosine" in _cli(fresh_url, "search", "quokka").output
    listed = _cli(fresh_url, "list", "--sort", "origin", "-c", "slug,name", "-f", "csv").output
    assert "adenosine,Adenosine" in listed
    # The search index follows an update and a removal.
    changed = dict(USER_ROWS)
    changed["statements.csv"] = [
        USER_ROWS["statements.csv"][0],
        [*USER_ROWS["statements.csv"][1][:5], "Wombats improved.", "team-notes"],
    ]
    (tmp_path / "again").mkdir()
    assert _cli(fresh_url, "import", *_write_user_files(tmp_path / "again", changed)).exit_code == 0
    assert "adenosine" in _cli(fresh_url, "search", "wombat").output
    status = _cli(fresh_url, "db", "status", "-f", "csv")
    assert status.exit_code == 0 and "ingredient_rows,29" in status.output
    assert "user_ingredients,1" in status.output
    checked = _cli(fresh_url, "db", "check")
    assert checked.exit_code == 0, checked.output
    assert "search index covers every name" in checked.output
    assert "already at schema" in _cli(fresh_url, "db", "upgrade").output
    rebuilt = _cli(fresh_url, "db", "rebuild")
    assert rebuilt.exit_code == 0 and "29 ingredients" in rebuilt.output
    removed = _cli(fresh_url, "remove", "adenosine", "--yes")
    assert removed.exit_code == 0, removed.output
    assert "adenosine" not in _cli(fresh_url, "search", "wombat").output
    assert _cli(fresh_url, "show", "adenosine").exit_code == 1
    refused = _cli(fresh_url, "remove", "minoxidil", "--yes")
    assert refused.exit_code == 1 and "comes from the seed data" in refused.output


def test_a_site_and_an_export_round_trip(fresh_url: str, tmp_path: Path) -> None:
    site = _cli(fresh_url, "site", str(tmp_path / "public"))
    assert site.exit_code == 0, site.output
    assert (tmp_path / "public" / "index.html").exists()
    exported = _cli(fresh_url, "export", "statements", "-o", str(tmp_path / "statements.csv"))
    assert exported.exit_code == 0
    again = _cli(fresh_url, "import", str(tmp_path / "statements.csv"), "--dry-run")
    assert again.exit_code == 0, again.output
    assert "added" not in again.output or "0 added" in again.output


def test_an_older_catalogue_on_the_server_is_upgraded_by_db_upgrade(make_database: Callable[[], str]) -> None:
    """Each migration runs on PostgreSQL: a schema-4 catalogue (as 0.1.x made it) upgrades to the newest."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    url = make_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", SCRIPT_LOCATION)
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    engine.dispose()
    refused = _cli(url, "list")
    assert refused.exit_code == 1 and "run 'ingredients db upgrade'" in refused.output
    upgraded = _cli(url, "db", "upgrade")
    assert upgraded.exit_code == 0 and f"from schema 4 to {SCHEMA_VERSION}" in upgraded.output
    assert "Minoxidil" in _cli(url, "search", "minoxidil").output


def test_the_migrations_build_the_tables_the_models_define(seeded_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import ingredients.store.models  # noqa: F401  (registers the tables)

    engine = create_engine(seeded_url)
    with engine.connect() as connection:
        differences = [
            difference
            for difference in compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
            # The search columns and their indexes are PostgreSQL's own, outside the models.
            if not (difference[0] == "remove_column" and difference[3].name.endswith("_terms"))
            and not (difference[0] == "remove_index" and difference[1].name.endswith("_terms"))
            and not (difference[0] == "remove_table" and difference[1].name == "alembic_version")
        ]
    engine.dispose()
    assert differences == []


# --- team writes ------------------------------------------------------------------------


def _ingredient_rows(prefix: str, count: int) -> dict[str, list[list[str]]]:
    return {
        "ingredients.csv": [
            ["slug", "name", "class"],
            *([f"{prefix}-{n}", f"{prefix.title()} {n}", "other"] for n in range(count)),
        ]
    }


def _run(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_people_importing_at_once_both_land(fresh_url: str, tmp_path: Path) -> None:
    files = []
    for prefix in ("alpha-team", "beta-team"):
        (tmp_path / prefix).mkdir()
        files.append(_write_user_files(tmp_path / prefix, _ingredient_rows(prefix, 500)))
    processes = [_run("--db", fresh_url, "import", *paths) for paths in files]
    outcomes = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outcomes
    listed = _cli(fresh_url, "list", "-c", "slug", "-f", "csv").output.split()
    for prefix in ("alpha-team", "beta-team"):
        assert {f"{prefix}-{n}" for n in range(500)} <= set(listed)
    assert len(listed) == 1 + 28 + 1000


def test_a_reader_never_sees_half_an_import(fresh_url: str, tmp_path: Path) -> None:
    """Counted again and again while 3,000 rows go in: none of them, or all of them."""
    from sqlalchemy import create_engine, text

    paths = _write_user_files(tmp_path, _ingredient_rows("gamma-team", 3000))
    engine = create_engine(fresh_url)
    seen = set()
    count = text("SELECT count(*) FROM ingredient WHERE origin = 'user'")
    importing = _run("--db", fresh_url, "import", *paths)
    with engine.connect() as connection:
        while importing.poll() is None:
            seen.add(connection.execute(count).scalar())
            connection.rollback()
        seen.add(connection.execute(count).scalar())
    engine.dispose()
    assert importing.returncode == 0, importing.communicate()
    assert seen <= {0, 3000} and 3000 in seen


def test_two_clients_creating_the_catalogue_at_once_both_succeed(make_database: Callable[[], str]) -> None:
    """Started together on an empty database, every client waits for the first to create it."""
    import threading

    url = make_database()
    clients = 4
    start = threading.Barrier(clients)
    failures: list[BaseException] = []

    def first_use() -> None:
        start.wait()
        try:
            open_reader(resolve_location(url)).close()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=first_use, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a client is stuck"
    assert failures == []
    status = _cli(url, "db", "status", "-f", "csv")
    assert f"ingredient_rows,{EXPECTED_COUNTS['ingredient']}" in status.output
    assert f"statement_rows,{EXPECTED_COUNTS['statement']}" in status.output
    assert _cli(url, "db", "check").exit_code == 0


def test_someone_who_may_only_read_can_read_but_not_write(
    fresh_url: str, postgres_url: str, tmp_path: Path
) -> None:
    from sqlalchemy.engine import make_url

    role = f"reader_{uuid.uuid4().hex[:8]}"
    database = make_url(fresh_url).database
    with _admin(postgres_url) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    try:
        import psycopg

        with psycopg.connect(fresh_url.replace("+psycopg", ""), autocommit=True) as owner:
            owner.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        reader_url = make_url(fresh_url).set(username=role).render_as_string(hide_password=False)
        assert _cli(reader_url, "show", "minoxidil").exit_code == 0
        assert "minoxidil" in _cli(reader_url, "search", "rogaine").output
        refused = _cli(reader_url, "import", *_write_user_files(tmp_path, USER_ROWS))
        assert refused.exit_code == 1
        assert refused.output.startswith("Error: ") and "permission denied" in refused.output
    finally:
        with _admin(postgres_url) as admin:
            admin.execute(f"REVOKE ALL ON DATABASE {database} FROM {role}")
            with psycopg.connect(fresh_url.replace("+psycopg", ""), autocommit=True) as owner:
                owner.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            admin.execute(f"DROP ROLE {role}")


# --- clear errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("unreachable", "Connection refused"),
        ("missing database", 'database "ingredients_missing_db" does not exist'),
        ("unknown role", 'role "nobody_here" does not exist'),
        ("bad socket", "No such file or directory"),
    ],
)
def test_connection_problems_are_one_line_without_the_password(
    case: str, expected: str, postgres_url: str
) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url).set(password="hunter2-secret")
    url = {
        "unreachable": make_url("postgresql://team:hunter2-secret@127.0.0.1:1/catalogue"),
        "missing database": url.set(database="ingredients_missing_db"),
        "unknown role": url.set(username="nobody_here"),
        "bad socket": url.set(query={"host": "/nonexistent-socket-dir"}),
    }[case]
    for command in (["list"], ["import", "nothing.csv"], ["db", "status"], ["search", "x"]):
        result = CliRunner().invoke(app, ["--db", url.render_as_string(hide_password=False), *command])
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if command[0] == "import":
            continue  # the file is named first: it is missing
        lines = result.output.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: cannot connect to "), lines
        assert expected in lines[0]
        assert "hunter2" not in result.output and ":***@" in lines[0]
