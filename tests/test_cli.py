"""Every command through typer's CliRunner: exit codes, messages and parsed output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Invoke, fingerprint

SHARED_COMMANDS = [
    ["list"],
    ["show", "minoxidil"],
    ["search", "minoxidil"],
    ["sources"],
    ["source", "article-002"],
    ["compare", "minoxidil", "finasteride"],
    ["export", "statements"],
]


def test_list_prints_a_table_of_all_ingredients(invoke: Invoke) -> None:
    result = invoke("list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "certainty", "intradermal_certainty", "class"]
    assert sum(1 for line in lines if line.startswith(("Minoxidil", "Biotin", "Coumarin"))) == 3


@pytest.mark.parametrize("command", SHARED_COMMANDS, ids=lambda c: c[0])
def test_json_works_on_every_command(invoke: Invoke, command: list[str]) -> None:
    result = invoke(*command, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


@pytest.mark.parametrize("command", SHARED_COMMANDS, ids=lambda c: c[0])
def test_csv_works_on_every_command(invoke: Invoke, command: list[str]) -> None:
    result = invoke(*command, "--format", "csv")
    assert result.exit_code == 0, result.output
    parsed = list(csv.reader(io.StringIO(result.stdout)))
    assert len(parsed) >= 2
    assert all(len(row) == len(parsed[0]) for row in parsed)


@pytest.mark.parametrize("command", SHARED_COMMANDS, ids=lambda c: c[0])
def test_no_headers_means_the_same_everywhere(invoke: Invoke, command: list[str]) -> None:
    with_headers = list(csv.reader(io.StringIO(invoke(*command, "-f", "csv").stdout)))
    without = list(csv.reader(io.StringIO(invoke(*command, "-f", "csv", "--no-headers").stdout)))
    assert without == with_headers[1:]


def test_columns_choose_and_order_columns(invoke: Invoke) -> None:
    result = invoke("list", "-f", "csv", "-c", "cas_number,slug")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["cas_number", "slug"]
    assert ["38304-91-5", "minoxidil"] in rows


def test_unknown_column_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("list", "--columns", "colour")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown column 'colour'")
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("sources", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("Error: unknown format 'xml'")


def test_tabulate_never_reformats_numbers(invoke: Invoke) -> None:
    result = invoke("list", "-c", "slug,cas_number", "-f", "plain")
    assert "38304-91-5" in result.stdout
    assert "58-85-5" in result.stdout


def test_list_filters(invoke: Invoke) -> None:
    # Graded on pattern hair loss by default: triamcinolone's studies are of alopecia areata.
    result = invoke("list", "--route", "intradermal", "--min-level", "rct", "-f", "jsonl")
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == [
        "Dutasteride",
        "Finasteride",
        "Minoxidil",
        "Platelet-rich plasma",
        "Stem-cell-derived products",
    ]
    result = invoke(
        "list",
        "--route",
        "intradermal",
        "--min-level",
        "rct",
        "-f",
        "jsonl",
        "--condition",
        "alopecia-areata",
    )
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == ["Triamcinolone acetonide"]
    wrong = invoke("list", "--condition", "baldness")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith(
        "Error: unknown condition 'baldness'; choose from: androgenetic-alopecia, "
    )
    result = invoke("list", "--class", "vitamin", "-f", "json", "-c", "slug,class")
    listed = json.loads(result.stdout)
    assert {"biotin", "cyanocobalamin", "dexpanthenol", "niacinamide", "pyridoxine"} == {
        row["slug"] for row in listed
    }
    assert all(row["class"] == "vitamin" for row in listed)
    wrong = invoke("list", "--class", "vitamins")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith("Error: unknown class 'vitamins'; choose from: ")


def test_show_prints_a_reference_entry(invoke: Invoke) -> None:
    result = invoke("show", "Rogaine")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("Minoxidil\n=========")
    for heading in ("Stated purposes", "Evidence", "Safety", "Regulatory", "Sources"):
        assert f"\n{heading}" in text
    assert "[article-000" in text and "not medical advice" in text


def test_show_json_is_the_nested_entry(invoke: Invoke) -> None:
    entry = json.loads(invoke("show", "38304-91-5", "-f", "json").stdout)
    assert entry["slug"] == "minoxidil"
    assert {"aliases", "statements", "sources"} <= set(entry)
    picked = json.loads(invoke("show", "minoxidil", "-f", "json", "-c", "name,cas_number").stdout)
    assert picked == {"name": "Minoxidil", "cas_number": "38304-91-5"}


def test_show_miss_exits_1_with_suggestions(invoke: Invoke) -> None:
    result = invoke("show", "finasterid")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no ingredient named 'finasterid'. Did you mean: Finasteride")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.parametrize("name", ["", "   ", "x" * 5000])
def test_show_refuses_empty_or_huge_names(invoke: Invoke, name: str) -> None:
    result = invoke("show", name)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the ingredient name is")


# Search text is taken literally: quotes, operators, wildcards and SQL never change what
# is found or cause an error. Each entry: the text, ingredients that must be found,
# and whether nothing else may be (True: exactly these).
SEARCHES = [
    ("propecia", {"finasteride"}, True),
    ("PROPECIA", {"finasteride"}, True),
    ('"propecia"', {"finasteride"}, True),
    ("propecia*", {"finasteride"}, True),
    ("(propecia)", {"finasteride"}, True),
    ("tetrapeptide-3", {"acetyl-tetrapeptide-3"}, False),
    ("0.5%", {"minoxidil"}, False),
    ("mycobacterium", {"mesotherapy"}, False),
    ("AND", {"minoxidil"}, False),  # the word 'and', not an operator
    ('"unbalanced', set(), True),
    ("NEAR(zqa zqb, 2)", set(), True),
    ("col:val", set(), True),
    ("'; DROP TABLE ingredient; --", set(), True),
    ("(", set(), True),
    ("\\", set(), True),
    ("%", set(), True),
    ("_", set(), True),
    ("*", set(), True),
    ("🙂", set(), True),
    ("-reductase", {"finasteride"}, False),
]


@pytest.mark.parametrize(("text", "found", "only"), SEARCHES, ids=[text for text, _, _ in SEARCHES])
def test_search_takes_text_literally(invoke: Invoke, text: str, found: set[str], only: bool) -> None:
    result = invoke("search", "-f", "json", "--", text)
    assert result.exit_code == 0, result.output
    # Rows holding only some of the words are said to be so; the words themselves held by none.
    some_words = "these rows hold some of them" in result.stderr
    ingredients = set() if some_words else {row["ingredient"] for row in json.loads(result.stdout)}
    assert ingredients == found if only else ingredients >= found


def test_search_finds_mesotherapy_harms(invoke: Invoke) -> None:
    found = json.loads(invoke("search", "mesotherapy outbreak", "-f", "json").stdout)
    assert any(row["ingredient"] == "mesotherapy" and row["field"] == "safety" for row in found)


def test_sources_and_source(invoke: Invoke) -> None:
    listed = json.loads(invoke("sources", "--kind", "article", "-f", "json").stdout)
    assert [row["key"] for row in listed] == [f"article-00{n}" for n in range(5)]
    result = invoke("source", "pmid-23449130")
    assert result.exit_code == 0
    assert "Cited by" in result.stdout and "acetyl-tetrapeptide-3" in result.stdout
    missing = invoke("source", "pmid-23449131")
    assert missing.exit_code == 1
    assert "Did you mean: pmid-23449130" in missing.stderr


def test_compare_side_by_side_and_as_records(invoke: Invoke) -> None:
    table = invoke("compare", "minoxidil", "biotin", "-f", "plain").stdout.splitlines()
    assert table[0].split() == ["field", "minoxidil", "biotin"]
    records = json.loads(invoke("compare", "minoxidil", "biotin", "-f", "json", "-c", "name").stdout)
    assert records == [{"name": "Minoxidil"}, {"name": "Biotin"}]
    assert invoke("compare", "minoxidil").exit_code == 2


@pytest.mark.parametrize("table", ["ingredients", "statements", "sources", "aliases"])
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "github"])
def test_export_every_table_in_every_kind_of_format(invoke: Invoke, table: str, fmt: str) -> None:
    result = invoke("export", table, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.stdout)
    elif fmt == "jsonl":
        assert all(json.loads(line) for line in result.stdout.splitlines())
    elif fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
        assert len(rows) > 1


def test_csv_spells_booleans_in_lower_case(invoke: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("export", "statements").stdout)))
    assert {row["manufacturer_sponsored"] for row in rows} == {"true", "false"}


def test_export_defaults_to_csv(invoke: Invoke) -> None:
    rows = list(csv.reader(io.StringIO(invoke("export").stdout)))
    assert rows[0][:2] == ["slug", "name"]
    assert len(rows) == 29


def test_output_file_is_written_and_not_overwritten_without_force(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert invoke("export", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("slug,name")
    again = invoke("export", "sources", "-o", str(target))
    assert again.exit_code == 1
    assert "already exists; add --force" in again.stderr
    assert target.read_text(encoding="utf-8").startswith("slug,name")
    assert invoke("export", "sources", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("key,kind")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_output_into_a_missing_directory(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("list", "-o", str(tmp_path / "missing" / "x.txt"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_failed_export_leaves_no_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = invoke("export", "-o", str(target), "-c", "nope")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == [tmp_path / "catalogue.db"] or not target.exists()


def test_db_path_status_and_rebuild(invoke: Invoke, db_path: Path) -> None:
    assert invoke("db", "path").stdout.strip() == str(db_path)
    status = {row["item"]: row["value"] for row in json.loads(invoke("db", "status", "-f", "json").stdout)}
    assert status["ingredient_rows"] == "28"
    assert status["seed_data_version"] == status["installed_seed_data_version"]
    before = fingerprint(db_path)
    rebuilt = invoke("db", "rebuild")
    assert rebuilt.exit_code == 0
    # The copy is taken before anything is written, and the output says where it is.
    backup = db_path.with_name(db_path.name + ".bak-rebuild")
    assert rebuilt.stdout.splitlines()[0] == f"Backed up {db_path} to {backup}."
    assert rebuilt.stdout.splitlines()[1].startswith("Rebuilt ")
    assert fingerprint(backup) == before
    again = invoke("db", "rebuild")
    assert f"to {backup}.2." in again.stdout and fingerprint(backup) == before
    assert invoke("search", "propecia", "-f", "json").stdout.count("finasteride") >= 1


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("ingredients ")


def test_unknown_command_and_missing_argument_are_usage_errors(invoke: Invoke) -> None:
    assert invoke("frobnicate").exit_code == 2
    assert invoke("show").exit_code == 2


def test_environment_variable_chooses_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    chosen = tmp_path / "from-env.db"
    monkeypatch.setenv("INGREDIENTS_DB", str(chosen))
    result = CliRunner().invoke(app, ["db", "path"])
    assert result.stdout.strip() == str(chosen)
    assert CliRunner().invoke(app, ["list"]).exit_code == 0
    assert chosen.exists()


def test_first_use_creates_the_default_database(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    result = CliRunner().invoke(app, ["show", "biotin", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xdg-data" / "ingredients" / "ingredients.db").exists()


def test_the_procedure_is_showable_and_listable_but_not_an_ingredient(invoke: Invoke, db_path) -> None:
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        stored = connection.execute("SELECT count(*) FROM statement WHERE ingredient_id IS NULL").fetchone()[
            0
        ]
    assert stored > 0
    shown = invoke("show", "Mesotherapy")
    assert shown.exit_code == 0, shown.stderr
    assert "a procedure, not an ingredient" in shown.stdout
    entry = json.loads(invoke("show", "mesotherapy", "-f", "json").stdout)
    assert (entry["kind"], len(entry["statements"])) == ("procedure", stored)
    assert {s["ingredient"] for s in entry["statements"]} == {"mesotherapy"}
    assert all(f"[{s['key']}]" in shown.stdout for s in entry["sources"])
    listed = json.loads(invoke("list", "--procedures", "-f", "json").stdout)
    assert listed == [
        {
            "slug": "mesotherapy",
            "name": "Mesotherapy (the procedure)",
            "statements": stored,
            "sources": len(entry["sources"]),
        }
    ]
    ingredients = json.loads(invoke("list", "-f", "json", "-c", "slug").stdout)
    assert "mesotherapy" not in [row["slug"] for row in ingredients]


def test_effects_lists_controlled_studies_with_their_numbers(invoke: Invoke) -> None:
    result = invoke("effects", "--route", "intradermal", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {row["route"] for row in rows} == {"intradermal"}
    assert all(
        row["grade"] in ("rct", "systematic-review")
        or row["effect_p"] is not None
        or row["effect_value"] is not None
        for row in rows
    )
    triamcinolone = [row for row in rows if row["ingredient"] == "triamcinolone-acetonide"]
    assert triamcinolone == [
        {
            **triamcinolone[0],
            "condition": "alopecia-areata",
            "grade": "systematic-review",
            "effect_value": 1.64,
            "effect_unit": "ratio",
            "effect_kind": "ratio-vs-comparator",
            "effect_ci_low": 1.05,
            "effect_ci_high": 2.58,
            "effect_p": 0.031,
            "effect": "ratio 1.64 (95% CI 1.05 to 2.58; p 0.031) vs comparator",
        }
    ]
    # The human table shows the effect in words, not its parts.
    table = invoke("effects", "minoxidil", "-f", "plain")
    assert "effect_value" not in table.stdout.splitlines()[0]
    assert "ratio 1.93 (95% CI 1.51 to 2.47) vs comparator" in table.stdout
    only = invoke("effects", "--condition", "alopecia-areata", "-f", "jsonl")
    ingredients = {json.loads(line)["ingredient"] for line in only.stdout.splitlines()}
    assert ingredients == {"triamcinolone-acetonide"}
    wrong = invoke("effects", "--outcome", "hairiness")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith("Error: unknown outcome 'hairiness'; choose from: terminal-hair-count")


def test_search_takes_several_words_without_quotes(invoke: Invoke) -> None:
    quoted = invoke("search", "hair loss", "-f", "json")
    unquoted = invoke("search", "hair", "loss", "-f", "json")
    assert unquoted.exit_code == 0, unquoted.output
    assert json.loads(unquoted.stdout) == json.loads(quoted.stdout) != []


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["search", "zzzqqq"], "Nothing matches 'zzzqqq'."),
        (["list", "--text", "zzzqqq"], "No ingredient matches these filters."),
    ],
)
def test_a_query_that_finds_nothing_says_so_once_and_exits_0(
    invoke: Invoke, command: list[str], message: str
) -> None:
    result = invoke(*command)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", message + "\n")
    as_json = invoke(*command, "-f", "json")
    assert (as_json.exit_code, as_json.stdout) == (0, "[]\n")
    as_csv = invoke(*command, "-f", "csv")
    assert (as_csv.exit_code, as_csv.stdout) == (0, "")


def test_machine_formats_keep_each_rows_key(invoke: Invoke) -> None:
    listed = json.loads(invoke("list", "-f", "json").stdout)
    assert all(row["slug"] for row in listed)
    claims = json.loads(invoke("claims", "-f", "json").stdout)
    assert all(row["ingredient"] and row["source"] for row in claims)
