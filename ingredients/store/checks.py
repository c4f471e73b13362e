"""`db check`: SQLite's own integrity checks and the catalogue's consistency rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import seed_data
from ingredients.core.identifiers import is_valid_cas
from ingredients.core.vocabulary import GRADED_KINDS
from ingredients.store.lifecycle import version_tuple
from ingredients.store.migrations import SCHEMA_VERSION
from ingredients.store.reader import Reader


@dataclass
class Finding:
    ok: bool
    message: str


def _scalar(reader: Reader, sql: str) -> object:
    return next(reader.execute(sql).rows)[0]


Report = Callable[[bool, str, str], None]


def _check_sqlite(reader: Reader, report: Report, fix: str) -> None:
    integrity = [row[0] for row in reader.execute("PRAGMA integrity_check").rows]
    report(
        integrity == ["ok"],
        "SQLite integrity check passed",
        "SQLite integrity check failed: " + "; ".join(str(line) for line in integrity[:5]),
    )
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


def check_catalogue(reader: Reader, is_sqlite: bool) -> list[Finding]:
    findings: list[Finding] = []

    def report(ok: bool, good: str, bad: str) -> None:
        findings.append(Finding(ok, good if ok else bad))

    # A rebuild refuses an older schema: there, the upgrade is what mends the rest.
    found = dict(reader.execute("SELECT key, value FROM meta").rows).get("schema_version", "")
    older = found.isdigit() and int(found) < SCHEMA_VERSION
    fix = "run 'ingredients db upgrade'" if older else "run 'ingredients db rebuild'"
    if is_sqlite:
        _check_sqlite(reader, report, fix)
    elif reader.dialect.name == "postgresql":
        _check_postgresql(reader, report)
    _check_versions(reader, report)
    _check_rows(reader, report, fix)
    return findings
