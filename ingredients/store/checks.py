"""`db check`: SQLite's own integrity checks and the catalogue's consistency rules."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import seed_data
from ingredients.core.errors import DatabaseError, failure_reason
from ingredients.core.identifiers import is_valid_cas
from ingredients.core.vocabulary import GRADED_KINDS
from ingredients.store import search_index
from ingredients.store.lifecycle import open_existing_reader, version_tuple
from ingredients.store.location import DatabaseLocation
from ingredients.store.migrations import SCHEMA_VERSION
from ingredients.store.reader import Reader
from ingredients.store.vocabulary_columns import EVERY_VOCABULARY_COLUMN, SLUG_COLUMNS, allowed_sql, slug_sql


@dataclass
class Finding:
    ok: bool
    message: str


def _scalar(reader: Reader, sql: str) -> object:
    return next(reader.execute(sql).rows)[0]


Report = Callable[[bool, str, str], None]


# What can be done about a damaged table: nothing mends it in place.
SAVE_WHAT_READS = (
    "a damaged table cannot be mended in place: save what still reads with "
    "'sqlite3 FILE .recover | sqlite3 NEW.db' or 'ingredients export --all DIR', and keep the file"
)


def _damaged_names(reader: Reader, lines: list[str]) -> list[str]:
    """The tables and indexes SQLite's integrity check names, or whose root page it names."""
    names = {match for line in lines for match in re.findall(r"\b(?:index|table) (\w+)", line)}
    pages = {int(match) for line in lines for match in re.findall(r"\bTree (\d+)", line)}
    if pages:
        # The schema itself may be what is damaged: then only the names the lines give.
        with suppress(DatabaseError, sqlite3.DatabaseError):
            names |= {
                str(row[0])
                for row in reader.execute(
                    f"SELECT name FROM sqlite_master WHERE rootpage IN ({', '.join(map(str, pages))})"
                ).rows
            }
    return sorted(names)


def integrity_problems(rows: list[str]) -> list[str]:
    """SQLite's integrity check, one problem a line: a row may hold several lines, under a
    heading naming the database ('*** in database main ***'), which says nothing here."""
    lines = [line for row in rows for line in row.splitlines()]
    return [line for line in lines if not line.startswith("*** in database ")]


def _check_integrity(reader: Reader, report: Report) -> None:
    integrity = integrity_problems([str(row[0]) for row in reader.execute("PRAGMA integrity_check").rows])
    damaged = _damaged_names(reader, integrity) if integrity != ["ok"] else []
    report(
        integrity == ["ok"],
        "SQLite integrity check passed",
        "SQLite integrity check failed: "
        + "; ".join(integrity[:5])
        + (f" (damaged: {', '.join(damaged)})" if damaged else "")
        + f"; {SAVE_WHAT_READS}",
    )


def _check_search_structure(path: Path, report: Report, fix: str) -> None:
    """FTS5's own check of each search index's structure."""
    damaged = search_index.damaged_indexes(path)
    for index in search_index.SQLITE_INDEXES:
        report(
            index not in damaged,
            f"the search index {index} is sound",
            f"the search index {index} is damaged ({damaged.get(index)}); {fix}",
        )


def _check_sqlite(reader: Reader, report: Report, fix: str) -> None:
    dangling = list(reader.execute("PRAGMA foreign_key_check").rows)
    report(
        not dangling,
        "every reference points at an existing row",
        f"{len(dangling)} row(s) refer to rows that do not exist "
        f"(first: table {dangling[0][0]}, row {dangling[0][1]})"
        if dangling
        else "",
    )
    indexed = _scalar(reader, "SELECT count(*) FROM search_index")
    expected = _scalar(
        reader,
        # Each ingredient is indexed twice: its name, and its description.
        "SELECT 2 * (SELECT count(*) FROM ingredient) + (SELECT count(*) FROM alias) "
        "+ (SELECT count(*) FROM statement)",
    )
    report(
        indexed == expected,
        "the search index covers every name, description, alias and statement",
        f"the search index holds {indexed} entries for {expected} rows; {fix}",
    )
    if _scalar(reader, "SELECT count(*) FROM sqlite_master WHERE name = 'formulation_search'"):
        indexed = _scalar(reader, "SELECT count(*) FROM formulation_search")
        expected = _scalar(
            reader, "SELECT (SELECT count(*) FROM formulation) + (SELECT count(*) FROM component)"
        )
        report(
            indexed == expected,
            "the search index covers every formulation and component",
            f"the formulation search index holds {indexed} entries for {expected} rows; {fix}",
        )


def _check_postgresql(reader: Reader, report: Report) -> None:
    # Generated columns (migration 0005): present means current.
    unindexed = _scalar(
        reader,
        "SELECT (SELECT count(*) FROM ingredient WHERE name_terms IS NULL OR description_terms IS NULL)"
        " + (SELECT count(*) FROM alias WHERE name_terms IS NULL)"
        " + (SELECT count(*) FROM statement WHERE text_terms IS NULL)",
    )
    report(
        unindexed == 0,
        "the search index covers every name, description, alias and statement",
        f"{unindexed} rows are missing from the search index; run 'ingredients db upgrade'",
    )


def _check_versions(reader: Reader, report: Report) -> None:
    meta = dict(reader.execute("SELECT key, value FROM meta").rows)
    found = meta.get("schema_version", "")
    older = found.isdigit() and int(found) < SCHEMA_VERSION
    report(
        found == str(SCHEMA_VERSION),
        f"schema version {SCHEMA_VERSION}",
        f"schema version is {found!r}, this program reads {SCHEMA_VERSION}"
        + ("; run 'ingredients db upgrade'" if older else ""),
    )
    stored_seed = meta.get("seed_data_version", "")
    report(
        version_tuple(stored_seed) >= version_tuple(seed_data.SEED_DATA_VERSION),
        f"seed data {stored_seed} is current",
        f"seed data {stored_seed or 'missing'} is older than the installed "
        f"{seed_data.SEED_DATA_VERSION}; "
        + ("'ingredients db upgrade' refreshes it" if older else "the next command refreshes it"),
    )


def _check_rows(reader: Reader, report: Report, fix: str) -> None:
    seed_slugs = {resource.name.removesuffix(".toml") for resource in seed_data.ingredient_files()}
    stored_seed_slugs = {
        # A seed ingredient the user replaced (import --replace-seed) is there, as a user row.
        row[0]
        for row in reader.execute("SELECT slug FROM ingredient").rows
    }
    missing = sorted(seed_slugs - stored_seed_slugs)
    report(
        not missing,
        f"all {len(seed_slugs)} seed ingredients are present",
        f"seed ingredients missing: {', '.join(missing)}; {fix}",
    )
    bad_cas = [
        slug
        for slug, cas in reader.execute(
            "SELECT slug, cas_number FROM ingredient WHERE cas_number IS NOT NULL"
        ).rows
        if not is_valid_cas(cas)
    ]
    report(
        not bad_cas,
        "every CAS number passes its check digit",
        f"CAS numbers fail their check digit: {', '.join(bad_cas[:10])}",
    )
    kinds = ", ".join(f"'{kind}'" for kind in sorted(GRADED_KINDS))
    ungraded = _scalar(
        reader, f"SELECT count(*) FROM statement WHERE kind IN ({kinds}) AND evidence_level IS NULL"
    )
    report(
        ungraded == 0,
        "every claim and evidence statement is graded",
        f"{ungraded} claim or evidence statement(s) have no evidence level",
    )


def _check_vocabularies(reader: Reader, report: Report) -> None:
    """Every stored value outside its vocabulary, and every slug out of shape, by column:
    the schema refuses them, but a client can switch its checks off."""
    dialect = "sqlite" if reader.dialect.name == "sqlite" else reader.dialect.name
    rules = [(table, column, allowed_sql(table, column)) for table, column in EVERY_VOCABULARY_COLUMN]
    rules += [(table, column, slug_sql(column, dialect)) for table, column in SLUG_COLUMNS]
    bad = []
    for table, column, allowed in rules:
        rows = list(
            reader.execute(
                f"SELECT {column}, count(*) FROM {table} WHERE NOT ({allowed}) "
                f"GROUP BY {column} ORDER BY {column}"
            ).rows
        )
        bad += [f"{table}.{column} {value!r} ({count} row(s))" for value, count in rows]
    report(
        not bad,
        "every stored value is in its vocabulary and every slug in shape",
        "values outside their vocabulary (shown as unknown): " + ", ".join(bad),
    )


def _is_database_failure(exc: Exception) -> bool:
    return isinstance(exc, DatabaseError | sqlite3.Error) or type(exc).__module__.startswith(
        ("sqlalchemy", "psycopg")
    )


def check_catalogue(reader: Reader, is_sqlite: bool, sqlite_path: Path | None = None) -> list[Finding]:
    """Every check, each a finding. A check the database fails to answer (the damage it is
    for) is itself a finding, naming what could not be read; the other checks still run."""
    findings: list[Finding] = []

    def report(ok: bool, good: str, bad: str) -> None:
        findings.append(Finding(ok, good if ok else bad))

    def guarded(what: str, check: Callable[[], None]) -> None:
        try:
            check()
        except Exception as exc:
            if not _is_database_failure(exc):
                raise
            report(
                False, "", f"{what} could not be read: {failure_reason(exc) if hasattr(exc, 'orig') else exc}"
            )

    meta: dict[str, str] = {}
    guarded("the meta table", lambda: meta.update(reader.execute("SELECT key, value FROM meta").rows))
    # A rebuild refuses an older schema: there, the upgrade is what mends the rest.
    found = meta.get("schema_version", "")
    older = found.isdigit() and int(found) < SCHEMA_VERSION
    fix = "run 'ingredients db upgrade'" if older else "run 'ingredients db rebuild'"
    if is_sqlite:
        guarded("the SQLite integrity check", lambda: _check_integrity(reader, report))
        if sqlite_path is not None:
            guarded("the search index", lambda: _check_search_structure(sqlite_path, report, fix))
        guarded("the references and search counts", lambda: _check_sqlite(reader, report, fix))
    elif reader.dialect.name == "postgresql":
        guarded("the search columns", lambda: _check_postgresql(reader, report))
    guarded("the versions", lambda: _check_versions(reader, report))
    guarded("the rows", lambda: _check_rows(reader, report, fix))
    if not older:  # an older schema lacks some columns; its upgrade checks the values
        guarded("the vocabularies", lambda: _check_vocabularies(reader, report))
    return findings


def check_location(location: DatabaseLocation) -> list[Finding]:
    """`db check` on the catalogue at ``location``: a file too damaged to open is a finding too."""
    try:
        reader = open_existing_reader(location)
    except DatabaseError as exc:
        path = location.sqlite_path
        if path is None or not path.is_file() or str(exc).startswith("there is no catalogue"):
            raise
        return [Finding(False, f"the catalogue cannot be opened: {exc}; {SAVE_WHAT_READS}")]
    try:
        return check_catalogue(
            reader, is_sqlite=location.sqlite_path is not None, sqlite_path=location.sqlite_path
        )
    finally:
        reader.close()
