"""Importing and removing user entries: all or nothing, seed rows protected."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

import cli.entry_commands
from ingredients.exchange.opening import open_reader, rebuild
from ingredients.store.location import DatabaseLocation, resolve_location
from tests.conftest import Invoke, fingerprint

ADENOSINE = {
    "slug": "adenosine",
    "name": "Adenosine",
    "class": "other",
    "class_detail": "Nucleoside",
    "cas_number": "58-61-7",
    "stated_purpose": "Said by clinics to stimulate follicles",
}


MY_BIOTIN = {"slug": "biotin", "name": "Biotin", "class": "vitamin", "class_detail": "My class"}


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, object]], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def user_files(tmp_path: Path) -> list[Path]:
    return [
        write_jsonl(tmp_path / "ingredients.jsonl", [ADENOSINE]),
        write_csv(
            tmp_path / "sources.csv",
            [{"key": "my-notes", "kind": "web", "title": "Clinic notes", "url": "https://example.org/n"}],
        ),
        write_csv(
            tmp_path / "aliases.tsv",
            [{"ingredient": "adenosine", "name": "Adenine riboside", "kind": "synonym"}],
            delimiter="\t",
        ),
        (tmp_path / "statements.json").write_text(
            json.dumps(
                [
                    {
                        "ingredient": "adenosine",
                        "kind": "evidence",
                        "route": "topical",
                        "evidence_level": "preclinical",
                        "finding": "benefit",
                        "text": "Grew follicles in culture at 0.50%.",
                        "source": "my-notes",
                        "manufacturer_sponsored": False,
                        "reviewed": "2026-11-20",
                    }
                ]
            ),
            encoding="utf-8",
        )
        and tmp_path / "statements.json",
    ]


def user_rows(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table} WHERE origin = 'user'").fetchone()[0]
            for table in ("ingredient", "alias", "statement", "source")
        }


def test_import_every_format_and_show_it_as_user_added(
    invoke: Invoke, user_files: list[Path], db_path: Path
) -> None:
    result = invoke("import", *map(str, user_files))
    assert result.exit_code == 0, result.output
    assert "ingredients: 1 added" in result.stdout
    assert user_rows(db_path) == {"ingredient": 1, "alias": 1, "statement": 1, "source": 1}
    shown = invoke("show", "adenine riboside").stdout
    assert "Origin            user-added" in shown
    assert "user-added) Grew follicles in culture at 0.50%." in shown
    listed = json.loads(invoke("list", "-f", "json", "-c", "slug,origin").stdout)
    assert {"slug": "adenosine", "origin": "user"} in listed


def test_importing_again_changes_nothing(invoke: Invoke, user_files: list[Path], db_path: Path) -> None:
    invoke("import", *map(str, user_files))
    before = fingerprint(db_path)
    again = invoke("import", *map(str, user_files))
    assert again.exit_code == 0
    assert "ingredients: 0 added, 0 updated, 1 unchanged" in again.stdout
    assert fingerprint(db_path) == before


def test_an_update_to_a_user_ingredient(invoke: Invoke, tmp_path: Path, db_path: Path) -> None:
    invoke("import", str(write_jsonl(tmp_path / "a.jsonl", [ADENOSINE])))
    changed = write_jsonl(tmp_path / "b.jsonl", [{**ADENOSINE, "class_detail": "Purine ribonucleoside"}])
    result = invoke("import", str(changed))
    assert "ingredients: 0 added, 1 updated" in result.stdout
    shown = json.loads(invoke("show", "adenosine", "-f", "json").stdout)
    assert shown["class_detail"] == "Purine ribonucleoside"
    found = json.loads(invoke("search", "ribonucleoside", "-f", "json").stdout)
    assert [row["ingredient"] for row in found] == ["adenosine"]


def test_export_then_import_into_a_fresh_catalogue_is_exact(
    invoke: Invoke, user_files: list[Path], tmp_path: Path, seeded_template: Path
) -> None:
    invoke("import", *map(str, user_files))
    exported = []
    for table in ("ingredients", "aliases", "statements", "sources"):
        target = tmp_path / f"export-{table}.csv"
        assert invoke("export", table, "-o", str(target)).exit_code == 0
        exported.append(target)
    fresh = tmp_path / "fresh.db"
    fresh.write_bytes(seeded_template.read_bytes())
    from typer.testing import CliRunner

    from cli.main import app

    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(fresh), "import", *map(str, exported)]).exit_code == 0
    for table, original in zip(("ingredients", "aliases", "statements", "sources"), exported, strict=True):
        again = runner.invoke(app, ["--db", str(fresh), "export", table]).stdout
        assert again == original.read_text(encoding="utf-8")


def test_dry_run_reports_and_writes_nothing(invoke: Invoke, user_files: list[Path], db_path: Path) -> None:
    before = fingerprint(db_path)
    result = invoke("import", "--dry-run", *map(str, user_files))
    assert result.exit_code == 0
    assert "Dry run, nothing written" in result.stdout
    assert "statements: 1 added" in result.stdout
    assert fingerprint(db_path) == before


def test_a_bad_file_is_rejected_whole_with_every_problem(
    invoke: Invoke, tmp_path: Path, db_path: Path
) -> None:
    rows = [
        ADENOSINE,
        {"slug": "bad-cas", "name": "Bad", "class": "other", "cas_number": "58-08-3"},
        {"slug": "Not A Slug", "name": "Other", "class": "other"},
        {"slug": "no-class", "name": "Nameless"},
    ]
    path = write_csv(tmp_path / "ingredients.csv", [{**{"cas_number": ""}, **row} for row in rows])
    before = fingerprint(db_path)
    result = invoke("import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "Error: nothing was imported: 3 problems found"
    assert "ingredients.csv: line 3: cas_number: '58-08-3' is not a valid CAS" in lines[0]
    assert lines[1].strip().startswith("ingredients.csv: line 4: slug:")
    assert lines[2].strip().startswith("ingredients.csv: line 5: class:")
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [{"ingredient": "nothing", "name": "X", "kind": "synonym"}],
            "ingredient: unknown ingredient 'nothing'",
        ),
        ([{"ingredient": "biotin", "name": "Rogaine", "kind": "synonym"}], "already a name of 'minoxidil'"),
        ([{"ingredient": "biotin", "name": "Z", "kind": "nickname"}], "kind: unknown alias kind"),
        ([{"ingredient": "biotin", "name": "Z", "colour": "red"}], "unknown column 'colour'"),
    ],
)
def test_alias_problems(
    invoke: Invoke, tmp_path: Path, db_path: Path, rows: list[dict[str, str]], message: str
) -> None:
    before = fingerprint(db_path)
    result = invoke("import", str(write_jsonl(tmp_path / "aliases.jsonl", rows)), "--table", "aliases")
    assert result.exit_code == 1
    assert message in result.stderr
    assert fingerprint(db_path) == before


def test_every_row_with_an_unknown_column_is_named_by_its_line(invoke: Invoke, tmp_path: Path) -> None:
    rows = [
        {"ingredient": "biotin", "name": "Y", "colour": "red"},
        {"ingredient": "biotin", "name": "Z", "size": "big"},
    ]
    result = invoke("import", str(write_jsonl(tmp_path / "a.jsonl", rows)), "--table", "aliases")
    assert result.exit_code == 1
    assert [line.strip() for line in result.stderr.splitlines()[:2]] == [
        "a.jsonl: line 1: unknown column 'colour' for the aliases table",
        "a.jsonl: line 2: unknown column 'size' for the aliases table",
    ]


def test_statement_problems_name_line_and_field(invoke: Invoke, tmp_path: Path) -> None:
    rows = [
        {"ingredient": "biotin", "kind": "evidence", "route": "oral", "text": "x", "source": "pmid-28879195"},
        {"ingredient": "biotin", "kind": "safety", "route": "nasal", "text": "x", "source": "pmid-28879195"},
        {"ingredient": "biotin", "kind": "safety", "route": "oral", "text": "x", "source": "nowhere"},
    ]
    result = invoke("import", str(write_jsonl(tmp_path / "s.jsonl", rows)))
    assert result.exit_code == 1
    assert "s.jsonl: line 1: evidence_level: an evidence statement needs an evidence level" in result.stderr
    assert "s.jsonl: line 2: route: unknown route 'nasal'" in result.stderr
    assert "s.jsonl: line 3: source: unknown source 'nowhere'" in result.stderr


def test_a_seed_ingredient_is_not_replaced_silently(invoke: Invoke, tmp_path: Path, db_path: Path) -> None:
    mine = write_jsonl(tmp_path / "b.jsonl", [MY_BIOTIN])
    before = fingerprint(db_path)
    refused = invoke("import", str(mine))
    assert refused.exit_code == 1
    assert "'biotin' is a seed ingredient; add --replace-seed" in refused.stderr
    assert fingerprint(db_path) == before
    accepted = invoke("import", "--replace-seed", str(mine))
    assert accepted.exit_code == 0
    entry = json.loads(invoke("show", "biotin", "-f", "json").stdout)
    assert (entry["class_detail"], entry["origin"]) == ("My class", "user")


def test_user_rows_survive_refresh_and_rebuild(
    invoke: Invoke, user_files: list[Path], db_path: Path, location: DatabaseLocation, tmp_path: Path
) -> None:
    invoke("import", *map(str, user_files))
    invoke("import", "--replace-seed", str(write_jsonl(tmp_path / "b.jsonl", [MY_BIOTIN])))
    expected = user_rows(db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE meta SET value = '2000.1.1.1' WHERE key = 'seed_data_version'")
    open_reader(location).close()
    assert user_rows(db_path) == expected
    rebuild(location)
    assert user_rows(db_path) == expected
    entry = json.loads(invoke("show", "biotin", "-f", "json").stdout)
    assert entry["class_detail"] == "My class"
    assert any(s["origin"] == "seed" for s in entry["statements"])


def test_remove_a_user_entry(invoke: Invoke, user_files: list[Path], db_path: Path) -> None:
    invoke("import", *map(str, user_files))
    result = invoke("remove", "adenine riboside", "--yes")
    assert result.exit_code == 0
    assert result.stdout == "Removed Adenosine (adenosine).\n"
    counts = user_rows(db_path)
    assert (counts["ingredient"], counts["alias"], counts["statement"]) == (0, 0, 0)


def test_remove_refuses_seed_entries(invoke: Invoke, db_path: Path) -> None:
    before = fingerprint(db_path)
    result = invoke("remove", "minoxidil", "--yes")
    assert result.exit_code == 1
    assert result.stderr == "Error: 'Minoxidil' comes from the seed data and cannot be removed\n"
    assert fingerprint(db_path) == before


def test_remove_without_a_terminal_needs_yes(invoke: Invoke, user_files: list[Path], db_path: Path) -> None:
    invoke("import", *map(str, user_files))
    result = invoke("remove", "adenosine")
    assert result.exit_code == 1
    assert "add --yes" in result.stderr
    assert user_rows(db_path)["ingredient"] == 1


@pytest.mark.parametrize(("answer", "removed"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_remove_asks_at_a_terminal(
    invoke: Invoke,
    user_files: list[Path],
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    removed: bool,
) -> None:
    invoke("import", *map(str, user_files))
    monkeypatch.setattr(cli.entry_commands, "_stdin_is_terminal", lambda: True)
    result = invoke("remove", "adenosine", input=answer)
    assert "Remove Adenosine (adenosine) with its 1 alias(es) and 1 statement(s)?" in result.stdout
    assert result.exit_code == (0 if removed else 1)
    assert user_rows(db_path)["ingredient"] == (0 if removed else 1)


def test_db_check_reports_a_healthy_catalogue(invoke: Invoke) -> None:
    result = invoke("db", "check")
    assert result.exit_code == 0
    assert "PROBLEM" not in result.stdout
    assert "ok       SQLite integrity check passed" in result.stdout


def test_db_check_says_what_is_wrong(invoke: Invoke, db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_index LIMIT 3)")
        connection.execute("DELETE FROM ingredient WHERE slug = 'coumarin'")
        # The schema refuses a bad check digit (schema 17): a client that switches the checks off.
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute("UPDATE ingredient SET cas_number = '58-85-4' WHERE slug = 'biotin'")
    result = invoke("db", "check")
    assert result.exit_code == 1
    assert "PROBLEM  the search index holds" in result.stdout
    assert "PROBLEM  seed ingredients missing: coumarin" in result.stdout
    assert "PROBLEM  CAS numbers fail their check digit: biotin" in result.stdout
    assert "PROBLEM  " in result.stdout and "refer to rows that do not exist" in result.stdout
    assert result.stderr.startswith("Error: 4 problem(s) found")


def test_import_needs_a_known_format(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "rows.txt"
    path.write_text("slug\nx\n", encoding="utf-8")
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert "add --format" in result.stderr
    assert invoke("import", str(path), "--format", "csv", "--table", "nope").exit_code == 2


def test_location_resolution_for_import(tmp_path: Path) -> None:
    assert resolve_location(str(tmp_path / "x.db")).sqlite_path == tmp_path / "x.db"


def test_a_bad_row_after_written_batches_still_leaves_nothing(
    invoke: Invoke, tmp_path: Path, db_path: Path
) -> None:
    rows = [{"slug": f"zqbulk-{n:04d}", "name": f"Zqbulk {n:04d}", "class": "other"} for n in range(2500)]
    rows[2400]["cas_number"] = "58-08-3"  # bad check digit, two batches in
    before = fingerprint(db_path)
    result = invoke("import", str(write_jsonl(tmp_path / "bulk.jsonl", rows)))
    assert result.exit_code == 1
    assert "bulk.jsonl: line 2401: cas_number:" in result.stderr
    assert fingerprint(db_path) == before
    assert invoke("search", "zqbulk", "-f", "json").stdout == "[]\n"


def test_new_rows_are_searchable_after_a_bulk_import(invoke: Invoke, tmp_path: Path, db_path: Path) -> None:
    rows = [{"slug": f"bulk-{n:04d}", "name": f"Bulk {n:04d}", "class": "other"} for n in range(1500)]
    assert invoke("import", str(write_jsonl(tmp_path / "bulk.jsonl", rows))).exit_code == 0
    found = json.loads(invoke("search", "bulk 1234", "-f", "json").stdout)
    assert [row["ingredient"] for row in found] == ["bulk-1234"]
    assert invoke("db", "check").exit_code == 0
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM meta WHERE key LIKE 'search%'").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        (
            {"kind": "evidence", "evidence_level": "approved", "finding": "benefit", "source": "my-notes"},
            "evidence_level: 'approved' must cite the regulator's document or the label",
        ),
        ({"kind": "safety", "evidence_level": "rct"}, "evidence_level: a safety statement is not graded"),
        (
            {"kind": "evidence", "evidence_level": "none-found", "finding": "benefit", "searched": "X"},
            "finding: with no study behind it (none-found, claim-only) it is 'unclear'",
        ),
        (
            {
                "kind": "evidence",
                "route": "in-vitro",
                "evidence_level": "preclinical",
                "finding": "benefit",
                "participants": 500,
            },
            "participants: an in-vitro or animal study has no human participants",
        ),
        (
            {"kind": "evidence", "evidence_level": "rct", "finding": "benefit", "reviewed": "2999-01-01"},
            "reviewed: 2999-01-01 is in the future",
        ),
        ({"kind": "evidence", "evidence_level": "rct"}, "finding: an evidence statement needs a finding"),
        (
            {"kind": "evidence", "evidence_level": "none-found", "finding": "unclear"},
            "searched: a none-found statement says what was searched, where and when",
        ),
        (
            {"kind": "evidence", "evidence_level": "rct", "finding": "benefit", "condition": "baldness"},
            "condition: unknown condition 'baldness'; expected one of: androgenetic-alopecia",
        ),
        (
            {"kind": "evidence", "evidence_level": "rct", "finding": "benefit", "sex": "men"},
            "sex: unknown sex 'men'; expected one of: male, female, both, unknown",
        ),
        (
            {
                "kind": "evidence",
                "evidence_level": "rct",
                "finding": "benefit",
                "effect_value": 9.0,
                "effect_unit": "hairs/cm2",
                "effect_kind": "difference-vs-comparator",
                "effect_ci_low": 1.0,
                "effect_ci_high": 5.0,
            },
            "effect_value: 9.0 is outside its interval 1.0 to 5.0",
        ),
        (
            {
                "kind": "evidence",
                "evidence_level": "rct",
                "finding": "benefit",
                "effect_value": 9.0,
                "effect_unit": "furlongs",
                "effect_kind": "difference-vs-comparator",
            },
            "effect_unit: unknown effect unit 'furlongs'",
        ),
        (
            {"kind": "evidence", "evidence_level": "rct", "finding": "benefit", "effect_value": 9.0},
            "effect_unit, effect_kind: an effect needs its unit and what it compares",
        ),
        (
            {"kind": "evidence", "evidence_level": "rct", "finding": "benefit", "effect_ci_low": 1.0},
            "effect_ci_low, effect_ci_high: give both ends of the interval, or neither",
        ),
        (
            {"kind": "safety", "condition": "alopecia-areata"},
            "condition: only an evidence statement says this",
        ),
    ],
)
def test_the_grading_rules_hold_for_user_rows_too(
    invoke: Invoke, tmp_path: Path, db_path: Path, statement: dict[str, object], problem: str
) -> None:
    source = write_csv(
        tmp_path / "sources.csv", [{"key": "my-notes", "kind": "paper", "title": "Notes", "doi": "10.1/x"}]
    )
    row = {
        "ingredient": "biotin",
        "route": "topical",
        "text": "A user's statement.",
        "source": "my-notes",
        **statement,
    }
    before = fingerprint(db_path)
    result = invoke("import", str(source), str(write_jsonl(tmp_path / "statements.jsonl", [row])))
    assert result.exit_code == 1
    assert f"statements.jsonl: line 1: {problem}" in result.stderr
    assert fingerprint(db_path) == before


def seed_counts(db_path: Path, slug: str) -> tuple[int, int]:
    with sqlite3.connect(db_path) as connection:
        return tuple(
            connection.execute(
                f"SELECT count(*) FROM {table} t JOIN ingredient i ON i.id = t.ingredient_id "
                "WHERE i.slug = ? AND t.origin = 'seed'",
                (slug,),
            ).fetchone()[0]
            for table in ("alias", "statement")
        )  # type: ignore[return-value]


def test_a_replaced_seed_passes_the_check_and_its_removal_restores_the_seed(
    invoke: Invoke, tmp_path: Path, db_path: Path
) -> None:
    before = seed_counts(db_path, "biotin")
    assert before[0] > 0 and before[1] > 0
    mine = write_jsonl(tmp_path / "mine.jsonl", [MY_BIOTIN])
    alias = write_jsonl(
        tmp_path / "alias.jsonl", [{"ingredient": "biotin", "name": "My biotin nickname", "kind": "synonym"}]
    )
    assert invoke("import", "--replace-seed", str(mine), str(alias)).exit_code == 0
    checked = invoke("db", "check")
    assert checked.exit_code == 0, checked.stdout
    removed = invoke("remove", "biotin", "--yes")
    assert removed.exit_code == 0, removed.output
    assert "the seed entry is back" in removed.stdout
    entry = json.loads(invoke("show", "biotin", "-f", "json").stdout)
    assert (entry["origin"], entry["class_detail"]) == (
        "seed",
        "Water-soluble B vitamin (B7); coenzyme of carboxylase enzymes",
    )
    assert seed_counts(db_path, "biotin") == before
    assert "My biotin nickname" not in [a["name"] for a in entry["aliases"]]
    assert invoke("db", "check").exit_code == 0


def test_import_problems_read_well_and_are_listed_in_line_order(invoke: Invoke, tmp_path: Path) -> None:
    header = "ingredient,kind,route,evidence_level,finding,text,source,reviewed\n"
    rows = [
        ",purpose,topical,claim-only,,No ingredient named,article-000,2026-11-20\n",  # line 2
        "biotin,evidence,topical,,benefit,No level,article-000,2026-11-20\n",  # line 3
        'biotin,purpose,topical,claim-only,,"Spans\nthree\nlines",no-such-source,2026-11-20\n',  # 4-6
        "nobody,purpose,topical,claim-only,,Unknown ingredient,article-000,2026-11-20\n",  # line 7
    ]
    path = tmp_path / "statements.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "  statements.csv: line 2: ingredient: missing; give an ingredient's slug or 'mesotherapy' "
        "for the procedure",
        "  statements.csv: line 3: evidence_level: an evidence statement needs an evidence level",
        "  statements.csv: line 4: source: unknown source 'no-such-source'",
        "  statements.csv: line 7: ingredient: unknown ingredient 'nobody'",
        "Error: nothing was imported: 4 problems found",
    ]


def test_every_problem_is_listed(invoke: Invoke, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "aliases.jsonl",
        [{"ingredient": f"nobody-{n}", "name": f"Nobody {n}", "kind": "synonym"} for n in range(120)],
    )
    lines = invoke("import", str(path)).stderr.splitlines()
    assert len(lines) == 121
    assert lines[-2] == "  aliases.jsonl: line 120: ingredient: unknown ingredient 'nobody-119'"
    assert lines[-1] == "Error: nothing was imported: 120 problems found"


def exported(invoke: Invoke, table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(invoke("export", table, "-f", "csv").stdout)))


def test_an_id_corrects_your_own_row_and_nothing_else(
    invoke: Invoke, user_files: list[Path], tmp_path: Path
) -> None:
    assert invoke("import", *map(str, user_files)).exit_code == 0
    mine = [row for row in exported(invoke, "statements") if row["origin"] == "user"]
    seed = next(row for row in exported(invoke, "statements") if row["origin"] == "seed")
    alias = next(row for row in exported(invoke, "aliases") if row["origin"] == "user")
    fixed = {**mine[0], "text": "Corrected text."}
    fixed.pop("origin")
    renamed = {**alias, "name": "Adenine nucleoside"}
    renamed.pop("origin")
    result = invoke(
        "import",
        str(write_csv(tmp_path / "fix-s.csv", [fixed])),
        str(write_csv(tmp_path / "fix-a.csv", [renamed])),
    )
    assert result.exit_code == 0, result.output
    assert "statements: 0 added, 1 updated" in result.stdout
    assert "aliases: 0 added, 1 updated" in result.stdout
    after = [row for row in exported(invoke, "statements") if row["origin"] == "user"]
    assert [(row["id"], row["text"]) for row in after] == [(mine[0]["id"], "Corrected text.")]
    assert invoke("show", "adenine nucleoside").exit_code == 0
    assert invoke("show", "adenine riboside").exit_code == 1
    assert json.loads(invoke("search", "corrected", "-f", "json").stdout)[0]["ingredient"] == "adenosine"
    # A seed row's id never lets a file change the seed: the row is added as the user's own.
    changed_seed = {**seed, "text": "Not the seed's words."}
    changed_seed.pop("origin")
    assert invoke("import", str(write_csv(tmp_path / "seed.csv", [changed_seed]))).exit_code == 0
    still = next(row for row in exported(invoke, "statements") if row["id"] == seed["id"])
    assert still == seed


def test_remove_takes_what_export_names(invoke: Invoke, user_files: list[Path], db_path: Path) -> None:
    assert invoke("import", *map(str, user_files)).exit_code == 0
    statement = next(row for row in exported(invoke, "statements") if row["origin"] == "user")
    seed_statement = next(row for row in exported(invoke, "statements") if row["origin"] == "seed")

    cited = invoke("remove", "--source", "my-notes", "--yes")
    assert cited.exit_code == 1
    assert f"is still cited by statement {statement['id']}" in cited.stderr

    dry = invoke("remove", "--statement", statement["id"], "--dry-run")
    assert dry.exit_code == 0 and "Would remove statement" in dry.stdout
    assert user_rows(db_path)["statement"] == 1
    assert invoke("remove", "--statement", statement["id"], "--yes").exit_code == 0
    assert invoke("remove", "--alias", "ADENINE RIBOSIDE", "--yes").exit_code == 0
    assert invoke("remove", "--source", "my-notes", "--yes").exit_code == 0
    assert user_rows(db_path) == {"ingredient": 1, "alias": 0, "statement": 0, "source": 0}

    for args in (
        ["--statement", seed_statement["id"]],
        ["--alias", "Minoxidilum"],
        ["--source", "article-000"],
    ):
        refused = invoke("remove", *args, "--yes")
        assert refused.exit_code == 1 and "comes from the seed data" in refused.stderr
    assert invoke("remove", "--statement", "999999", "--yes").exit_code == 1
    assert invoke("remove", "adenosine", "--alias", "x", "--yes").exit_code == 2
    assert invoke("remove", "--yes").exit_code == 2


def test_each_row_is_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large import pays for validation once per row, not again in the model's __init__."""
    from ingredients.exchange.records import validate
    from ingredients.store import models

    calls: list[object] = []
    paragraph = models.paragraph

    def counted(value: str | None) -> str | None:
        calls.append(value)
        return paragraph(value)

    monkeypatch.setattr(models, "paragraph", counted)
    record = validate(
        models.IngredientCreate,
        {
            "slug": "x",
            "name": "X",
            "ingredient_class": "vitamin",
            "stated_purpose": " a  purpose ",
            "mechanism": "unknown",
        },
        "row 1",
    )
    assert (record.stated_purpose, record.mechanism) == ("a purpose", "unknown")
    assert sorted(map(str, calls)) == [" a  purpose ", "unknown"]
