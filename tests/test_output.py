"""Every output format parses back to the same rows; human tables never reformat values."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from ingredients.core.errors import UsageError
from ingredients.core.table import Layout, Table, parse_columns
from ingredients.render.delimited import BLOCK_ROWS
from ingredients.render.output import check_format, column_widths, render_document, render_table
from tests.conftest import Invoke

COLUMNS = ["name", "amount", "cas", "note", "flag"]
ROWS = [
    ["Minoxidil", "0.50", "38304-91-5", 'says "hi", then\nstops', True],
    ["Biotin", "1e3", "58-85-5", None, False],
]


def table() -> Table:
    return Table(list(COLUMNS), [list(row) for row in ROWS], frozenset({"flag"}))


def rendered(fmt: str, headers: bool = True) -> str:
    return "".join(render_table(table(), fmt, headers=headers))


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_delimited_round_trip(fmt: str, delimiter: str) -> None:
    parsed = list(csv.reader(io.StringIO(rendered(fmt)), delimiter=delimiter))
    assert parsed[0] == COLUMNS
    assert parsed[1] == ["Minoxidil", "0.50", "38304-91-5", 'says "hi", then\nstops', "true"]
    assert parsed[2] == ["Biotin", "1e3", "58-85-5", "", "false"]


def test_json_round_trip() -> None:
    assert json.loads(rendered("json")) == [dict(zip(COLUMNS, row, strict=True)) for row in ROWS]


def test_jsonl_round_trip() -> None:
    lines = rendered("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [dict(zip(COLUMNS, r, strict=True)) for r in ROWS]


@pytest.mark.parametrize("count", [0, 1, 2, BLOCK_ROWS, BLOCK_ROWS + 1])
def test_json_and_jsonl_are_written_as_json_dumps_wrote_them_a_row_at_a_time(count: int) -> None:
    """Written a block of rows at a time, with one encoder: the same text as before, byte for byte."""
    columns = ["name", "n", "none"]
    rows = [[f'Crème {n}, "{n}"', n, None] for n in range(count)]
    records = [json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) for row in rows]
    assert "".join(render_table(Table(columns, iter(rows)), "jsonl")) == "".join(r + "\n" for r in records)
    whole = "[\n  " + ",\n  ".join(records) + "\n]\n" if records else "[]\n"
    assert "".join(render_table(Table(columns, iter(rows)), "json")) == whole


def test_no_headers_drops_header_row_and_json_keys() -> None:
    assert list(csv.reader(io.StringIO(rendered("csv", headers=False))))[0][0] == "Minoxidil"
    assert json.loads(rendered("json", headers=False))[1] == ROWS[1]


def test_empty_json_is_an_empty_array() -> None:
    assert json.loads("".join(render_table(Table(COLUMNS, []), "json"))) == []


@pytest.mark.parametrize("fmt", ["simple", "github", "grid", "plain", "psql"])
def test_human_tables_keep_values_exactly(fmt: str) -> None:
    text = rendered(fmt)
    assert "0.50" in text
    assert "1e3" in text
    assert "1000" not in text


def test_wrapping_fits_the_width() -> None:
    long = Table(["a", "b"], [["x" * 10, "word " * 60]])
    text = "".join(render_table(long, "simple", width=60))
    assert max(len(line) for line in text.splitlines()) <= 60


def test_no_wrapping_when_it_fits() -> None:
    assert column_widths([["ab", "cd"]], ["a", "b"], 80, lambda count: 3 * count + 1) is None


@pytest.mark.parametrize("fmt", ["simple", "grid", "plain", "psql", "rounded_grid"])
def test_a_table_exactly_as_wide_as_the_terminal_is_left_alone(fmt: str) -> None:
    # Measured, not assumed: one character less and the free text must wrap.
    table = Table(["name", "note"], [["Biotin", "a note of several words"]])
    natural = "".join(render_table(table, fmt))
    width = max(len(line) for line in natural.splitlines())
    assert "".join(render_table(table, fmt, width=width)) == natural
    narrower = "".join(render_table(table, fmt, width=width - 1))
    assert narrower != natural
    assert max(len(line) for line in narrower.splitlines()) <= width - 1


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown format 'xml'"):
        check_format("xml")
    assert check_format("github") == "github"


def test_columns_select_and_reorder() -> None:
    selected = table().select(["cas", "name"])
    assert selected.columns == ["cas", "name"]
    assert [list(r) for r in selected.rows][0] == ["38304-91-5", "Minoxidil"]


def test_unknown_column_lists_the_choices() -> None:
    with pytest.raises(UsageError, match="unknown column 'weight'; choose from: name"):
        table().select(["weight"])


def test_parse_columns() -> None:
    assert parse_columns(" a, b ,c") == ["a", "b", "c"]
    assert parse_columns(None) is None
    with pytest.raises(UsageError):
        parse_columns(" , ")


def test_documents_render_as_json_or_one_line() -> None:
    document = {"name": "Biotin", "aliases": [{"name": "Vitamin H"}]}
    assert json.loads(render_document(document, "json")) == document
    one_line = render_document(document, "jsonl")
    assert one_line.count("\n") == 1 and json.loads(one_line) == document


PEOPLE = Table(
    ["name", "class", "stated_purpose", "best_evidence", "origin"],
    [
        [
            "Acetyl tetrapeptide-3",
            "growth-factor-or-cell-derived",
            "Called one of the two active ingredients of mesotherapy by one source article, which says "
            "it stimulates anchoring proteins",
            "systematic-review, benefit",
            "seed",
        ],
        ["Biotin", "vitamin", "Said to strengthen hair", "claim-only", "user"],
        ["Coumarin", "", "", "", "seed"],
    ],
)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
@pytest.mark.parametrize("fmt", ["simple", "grid", "plain", "psql"])
def test_tables_for_people_fit_the_width_without_splitting_words(width: int, fmt: str) -> None:
    text = "".join(render_table(PEOPLE, fmt, width=width))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    words_out = set(text.replace("|", " ").split())
    # Every word of every column still shown is printed whole.
    shown = [i for i, column in enumerate(PEOPLE.columns) if column in words_out]
    assert 0 in shown
    for row in PEOPLE.rows:
        for i in shown:
            for word in str(row[i]).split():
                assert word in words_out


def test_wide_columns_are_dropped_before_words_are_split() -> None:
    text = "".join(render_table(PEOPLE, "simple", width=60))
    assert "growth-factor-or-cell-derived" not in text  # the class column went
    assert "Acetyl" in text and "seed" in text


@pytest.mark.parametrize("fmt", ["github", "pipe", "html", "latex"])
def test_markup_formats_are_never_wrapped(fmt: str) -> None:
    at_terminal = "".join(render_table(PEOPLE, fmt, width=40))
    assert at_terminal == "".join(render_table(PEOPLE, fmt))


def test_fields_wrapped_for_reading_keep_every_word_whole() -> None:
    from ingredients.render.entry_text import field_lines

    url = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=57cd1b56-e120-488f-951a-26e447aa4657"
    lines = "\n".join(field_lines([("URL", url), ("Note", "a short note " * 8)], 50)).splitlines()
    assert url in [line.split()[-1] for line in lines]
    assert all(len(line) <= 50 for line in lines if url not in line)


def test_a_column_that_cannot_fit_is_named_never_dropped_in_silence() -> None:
    table = Table(
        ["name", "note", "identifier"],
        [["Minoxidil", "a vasodilator", "doi-10.1111/very.long.identifier.0001"]],
    )
    left_out: list[str] = []
    text = "".join(render_table(table, "simple", width=40, left_out=left_out))
    assert left_out == ["identifier"]
    assert "identifier" not in text and "Minoxidil" in text


def test_a_long_header_breaks_after_its_underscores_before_a_column_goes() -> None:
    table = Table(["name", "intradermal_evidence"], [["Biotin", "none-found"]])
    left_out: list[str] = []
    text = "".join(render_table(table, "simple", width=25, left_out=left_out))
    assert left_out == []
    assert "intradermal_" in text and "evidence" in text
    assert max(len(line) for line in text.splitlines()) <= 25


def test_the_command_line_says_which_columns_it_left_out(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli.output_options import OutputSettings

    monkeypatch.setattr(OutputSettings, "width", lambda self: 80)
    result = invoke("list")
    assert result.exit_code == 0
    # The header's names, each read down its column (a long name wraps onto a second line).
    lines = result.stdout.splitlines()
    rule = next(number for number, line in enumerate(lines) if line.startswith("-"))
    spans = [match.span() for match in re.finditer(r"-+", lines[rule])]
    shown = {"".join(line[start:end].strip() for line in lines[:rule]) for start, end in spans}
    left_out = [name for name in ("class", "certainty") if name not in shown]
    assert left_out, "six columns of long text do not fit 80 columns"
    assert result.stderr == (
        f"Note: {len(left_out)} column(s) left out to fit 80 characters: "
        f"{', '.join(left_out)}. Pick columns with -c, or use -f csv or json for "
        "all of them.\n"
    )


COMPARED = ("minoxidil", "finasteride", "biotin")


def compared_at(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, width: int) -> list[str]:
    """compare's lines at a terminal ``width`` wide, after checking none is wider and stderr is empty."""
    from cli.output_options import OutputSettings

    monkeypatch.setattr(OutputSettings, "width", lambda self: width)
    result = invoke("compare", *COMPARED)
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    return lines


@pytest.mark.parametrize("width", [60, 80])
def test_compare_on_a_narrow_terminal_shows_every_item_as_a_block(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    lines = compared_at(invoke, monkeypatch, width)
    headers = [line.split() for line in lines if line.startswith("field ")]
    assert headers == [["field", name] for name in COMPARED]
    # Every field of every item is there, not only the headers.
    assert sum(line.startswith("regulatory_status ") for line in lines) == len(COMPARED)


@pytest.mark.parametrize("width", [120, 200])
def test_compare_on_a_wide_terminal_keeps_the_items_side_by_side(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    assert compared_at(invoke, monkeypatch, width)[0].split() == ["field", *COMPARED]


LAYOUT = Layout(("name", "note", "flag"), keys=("name",), prose=frozenset({"note", "hidden"}))


@pytest.mark.parametrize(
    ("shown", "keys"),
    [(("name",), ()), (("name",), ("other",)), (("name",), ("name", "other"))],
    ids=["no key", "a key not shown", "one key of two not shown"],
)
def test_a_layout_needs_keys_it_shows(shown: tuple[str, ...], keys: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="a layout needs keys, all of them shown columns"):
        Layout(shown, keys)


# (columns picked with -c, the keys and prose of the layout they get)
PICKED = [
    (["flag", "name"], ("name",), frozenset()),
    (["flag", "note"], ("flag",), frozenset({"note"})),
    (["note", "flag"], ("note",), frozenset({"note"})),
]


@pytest.mark.parametrize(
    ("wanted", "keys", "prose"), PICKED, ids=["a key picked", "no key: the first", "prose first"]
)
def test_picked_columns_keep_their_keys_or_the_first(
    wanted: list[str], keys: tuple[str, ...], prose: frozenset[str]
) -> None:
    assert LAYOUT.restricted(wanted) == Layout(tuple(wanted), keys, prose)


def test_a_table_without_a_layout_is_shown_whole_and_flags_follow_the_columns() -> None:
    plain = table()
    assert plain.for_people() is plain
    picked = plain.select(["name", "flag"])
    assert (
        picked.boolean_columns == frozenset({"flag"})
        and picked.select(["name"]).boolean_columns == frozenset()
    )
