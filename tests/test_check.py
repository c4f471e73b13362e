"""`ingredients check`: parsing a written list, matching names, the per-mix findings and every exit status."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import seed_data
from ingredients.check.check_report import FINDING_KINDS, NOTICE, Strength
from ingredients.check.flags import FLAG_KINDS, parse_flags, shipped_flags
from ingredients.check.formulation_check import check_strength
from ingredients.check.mix_parsing import MAX_ITEMS, Item, parse_list
from ingredients.core.errors import DataFileError, IngredientsError
from ingredients.core.vocabulary import ROUTES
from ingredients.exchange.opening import open_reader
from ingredients.read.name_matching import NameMatcher
from ingredients.store.location import resolve_location
from tests.conftest import Invoke, fingerprint
from tests.test_startup import run_probe

# --- parsing --------------------------------------------------------------------


def names(text: str) -> list[str]:
    return [item.name for item in parse_list(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Biotin, Caffeine, Procaine",
        "Biotin; Caffeine; Procaine",
        "Biotin\nCaffeine\nProcaine",
        "Biotin\r\nCaffeine\r\nProcaine",
        "Biotin ,; Caffeine\n\n,Procaine;",
    ],
)
def test_each_separator_splits_the_list(text: str) -> None:
    assert names(text) == ["Biotin", "Caffeine", "Procaine"]


def test_a_comma_between_digits_or_inside_brackets_does_not_split() -> None:
    assert names("5,7-Dihydroxy-4'-methoxyisoflavone, Caffeine 1,5%, Aqua (water, purified)") == [
        "5,7-Dihydroxy-4'-methoxyisoflavone",
        "Caffeine",
        "Aqua (water, purified)",
    ]


def test_an_unclosed_bracket_does_not_swallow_the_rest_of_the_list() -> None:
    assert names("Biotin (vitamin B7, Caffeine, Procaine") == ["Biotin (vitamin B7", "Caffeine", "Procaine"]


@pytest.mark.parametrize(
    ("text", "name", "value", "unit"),
    [
        ("Finasteride 0.05%", "Finasteride", 0.05, "%"),
        ("Finasteride (5 %)", "Finasteride", 5.0, "%"),
        ("Minoxidil 2 mg/ml", "Minoxidil", 2.0, "mg/ml"),
        ("Minoxidil 2 mg/mL", "Minoxidil", 2.0, "mg/ml"),
        ("Dutasteride 20 mg", "Dutasteride", 20.0, "mg"),
        ("Caffeine 1,5%", "Caffeine", 1.5, "%"),
        ("0.05% finasteride", "finasteride", 0.05, "%"),
        ("Minoxidil 5% w/v", "Minoxidil", 5.0, "%"),
        ("Botox 20 U", "Botox", 20.0, "U"),
        ("Botox 50 units", "Botox", 50.0, "U"),
        ("Biotin 5 mcg/ml", "Biotin", 5.0, "µg/ml"),
        ("Vitamin B6 100 mg/ml", "Vitamin B6", 100.0, "mg/ml"),
        ("Minoxidil 5% (w/v)", "Minoxidil", 5.0, "%"),
        ("Minoxidil .5%", "Minoxidil", 0.5, "%"),
        ("Minoxidil - 5%", "Minoxidil", 5.0, "%"),
        ("Sodium Hyaluronate [1%]", "Sodium Hyaluronate", 1.0, "%"),
        ("Dutasteride 0.01 % (0.1 mg/ml)", "Dutasteride", 0.01, "%"),
        ("Minoxidil 5 g/100 ml", "Minoxidil", 5.0, "%"),
        ("Biotin 2 mg / ml", "Biotin", 2.0, "mg/ml"),
        ("Minoxidil 5% 2 ml", "Minoxidil", 5.0, "%"),
    ],
)
def test_each_concentration_form_is_taken_out_of_the_name(
    text: str, name: str, value: float, unit: str
) -> None:
    (item,) = parse_list(text)
    assert (item.given, item.name, item.value, item.unit) == (text, name, value, unit)


def test_a_slash_between_names_is_kept() -> None:
    assert names("Aqua / Water, Minoxidil 2 ml") == ["Aqua / Water", "Minoxidil"]


def test_a_name_without_a_unit_keeps_its_numbers() -> None:
    (item,) = parse_list("Vitamin B6")
    assert (item.name, item.value) == ("Vitamin B6", None)
    (only_amount,) = parse_list("20 mg")
    assert (only_amount.name, only_amount.value) == ("20 mg", None)


def test_list_markers_are_not_part_of_names() -> None:
    assert names("- Biotin\n* Caffeine\n3. Procaine\n4) Lidocaine") == [
        "Biotin",
        "Caffeine",
        "Procaine",
        "Lidocaine",
    ]


@pytest.mark.parametrize("text", ["", "   ", ",,,;;;\n\n", " , ; \t\n", "\x00\x01,\x7f", "--; ''"])
def test_a_list_naming_nothing_is_refused(text: str) -> None:
    with pytest.raises(IngredientsError, match="names no ingredient"):
        parse_list(text)


def test_control_characters_become_spaces() -> None:
    assert names("Bio\x00tin,\x1bCaffeine\u200b") == ["Bio tin", "Caffeine"]


def test_a_list_beyond_the_limits_is_refused_not_truncated() -> None:
    with pytest.raises(IngredientsError, match=f"at most {MAX_ITEMS}"):
        parse_list("a," * (MAX_ITEMS + 1))
    with pytest.raises(IngredientsError, match="longer than"):
        parse_list("a" * 100_001)


# --- matching ---------------------------------------------------------------------


@pytest.fixture
def matcher(db_path: Path) -> NameMatcher:
    return NameMatcher(open_reader(resolve_location(str(db_path))))


@pytest.mark.parametrize(
    ("text", "way", "slug", "confidence"),
    [
        ("Dexpanthenol", "name", "dexpanthenol", 100),
        ("DEXPANTHÉNOL", "name", "dexpanthenol", 100),
        ("Propecia", "alias", "finasteride", 100),
        ("hyaluronic-acid", "alias", "sodium-hyaluronate", 100),
        ("Panthenol", "INCI name", "dexpanthenol", 100),
        ("98319-26-7", "CAS RN", "finasteride", 100),
        ("CAS No. 98319-26-7", "CAS RN", "finasteride", 100),
        ("CAS RN: 98319-26-7", "CAS RN", "finasteride", 100),
        ("botulinum-toxin-a", "slug", "botulinum-toxin-a", 100),
        ("Biotine", "fuzzy", "biotin", 92),
        ("Lidocain", "fuzzy", "lidocaine", 94),
        ("Aqua (Propecia)", "alias", "finasteride", 100),
    ],
)
def test_each_way_of_matching(matcher: NameMatcher, text: str, way: str, slug: str, confidence: int) -> None:
    match = matcher.match(text)
    assert (match.way, match.slug, match.confidence) == (way, slug, confidence)


@pytest.mark.parametrize(
    ("text", "slug", "way"),
    [
        ("Procaine hydrochloride", "procaine", "name"),
        ("Lidocaine HCl", "lidocaine", "name"),
        ("Lidocain hydrochloride", "lidocaine", "fuzzy"),
        ("Pyridoxine hydrochloride", "pyridoxine", "alias"),
        ("Minoxidil sulfate", "minoxidil", "name"),
        ("Sodium hyaluronate", "sodium-hyaluronate", "name"),
    ],
)
def test_a_salt_is_matched_as_its_drug_not_as_another_salt(
    matcher: NameMatcher, text: str, slug: str, way: str
) -> None:
    match = matcher.match(text)
    assert (match.slug, match.way) == (slug, way)


def test_a_misspelt_salt_name_is_matched_but_a_shared_salt_alone_is_not(
    invoke: Invoke, tmp_path: Path
) -> None:
    rows = tmp_path / "zinc.jsonl"
    rows.write_text(
        json.dumps(
            {
                "slug": "zinc-gluconate",
                "name": "Zinc gluconate",
                "class": "mineral",
                "stated_purpose": "A test entry",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert invoke("import", str(rows)).exit_code == 0
    document = check_json(invoke, "Zync gluconate, Pramoxine hydrochloride")
    assert [(r["ingredient"], r["match"]) for r in document["ingredients"]] == [
        ("zinc-gluconate", "fuzzy 92%"),
        (None, "unmatched"),
    ]


def test_a_fuzzy_match_shows_its_confidence(matcher: NameMatcher) -> None:
    assert matcher.match("Biotine").label == "fuzzy 92%"


def test_a_weak_match_is_unmatched_with_up_to_three_suggestions(matcher: NameMatcher) -> None:
    match = matcher.match("Vit B6")
    assert match.way == "unmatched" and match.slug is None
    assert 1 <= len(match.suggestions) <= 3
    assert match.suggestions[0].startswith("Vitamin B6 (pyridoxine, ")
    assert matcher.match("xyzzy").suggestions == ()


@pytest.mark.parametrize(
    "text", ["Aqua", "water for injections", "Sodium chloride", "Normal saline", "Aqua (Water)", "NaCl"]
)
def test_vehicles_are_never_taken_for_an_active_ingredient(matcher: NameMatcher, text: str) -> None:
    """Water and saline are named as the excipients they are (or as a vehicle), never as an agent."""
    match = matcher.match(text)
    assert match.slug is None
    assert match.way == "vehicle" or (match.excipient and match.excipient.category in ("vehicle", "tonicity"))


def test_sodium_chloride_is_never_taken_for_sodium_hyaluronate(matcher: NameMatcher) -> None:
    assert matcher.match("sodium chloride").slug is None
    assert matcher.match("sodium hyaluronat").slug == "sodium-hyaluronate"


# --- strengths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "status"),
    [
        (10.0, "mg/ml", "within"),
        (10000.0, "µg/ml", "within"),
        (10001.0, "µg/ml", "above"),
        (11.0, "mg/ml", "above"),
        (1.0, "%", "unit-differs"),
        (None, None, "not-declared"),
    ],
)
def test_declared_strength_against_the_record(value: float | None, unit: str | None, status: str) -> None:
    record = [Strength("studied", 2.5, "mg/ml", "a"), Strength("studied", 10.0, "mg/ml", "b")]
    assert check_strength(Item(1, "x", "x", value, unit), record, "intradermal").status == status
    assert check_strength(Item(1, "x", "x", 1.0, "%"), [], "intradermal").status == "no-strength-on-record"


# --- the command ------------------------------------------------------------------------


def check_json(invoke: Invoke, *args: str, input: str | None = None) -> dict[str, Any]:
    result = invoke("check", *args, "-f", "json", input=input)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def findings_of(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [finding for finding in document["findings"] if finding["kind"] == kind]


def row(document: dict[str, Any], given: str) -> dict[str, Any]:
    (found,) = [r for r in document["ingredients"] if r["given"] == given]
    return found


def test_the_example_list(invoke: Invoke) -> None:
    document = check_json(invoke, "Aqua, Panthenol, Biotine, Finasteride 0.05%")
    assert document["route"] == "intradermal"
    assert [(r["given"], r["ingredient"], r["match"]) for r in document["ingredients"]] == [
        ("Aqua", None, "excipient"),
        ("Panthenol", "dexpanthenol", "INCI name"),
        ("Biotine", "biotin", "fuzzy 92%"),
        ("Finasteride 0.05%", "finasteride", "name"),
    ]
    finasteride = row(document, "Finasteride 0.05%")
    assert finasteride["declared"] == "0.05 %"
    assert finasteride["class"] == "5-alpha-reductase-inhibitor"
    assert finasteride["strength_status"] == "no-strength-on-record"
    # A 2025 network meta-analysis counted finasteride by mesotherapy; its abstract gives no result.
    assert finasteride["evidence_on_route"] == "systematic-review, unclear"
    assert finasteride["evidence_overall"] == "approved, benefit"
    assert "handling-hazard-pregnancy" in finasteride["flags"]
    assert document["notice"] == NOTICE


def test_several_arguments_make_one_list(invoke: Invoke) -> None:
    document = check_json(invoke, "Biotin", "Caffeine; Procaine")
    assert [r["ingredient"] for r in document["ingredients"]] == ["biotin", "caffeine", "procaine"]


def test_unmatched_finding_carries_the_suggestions(invoke: Invoke) -> None:
    document = check_json(invoke, "Vit B6, Biotin")
    (finding,) = findings_of(document, "unmatched")
    assert finding["severity"] == "warning"
    assert "'Vit B6' matches no ingredient" in finding["finding"]
    assert "Vitamin B6 (pyridoxine" in finding["finding"]
    assert row(document, "Vit B6")["suggestions"].startswith("Vitamin B6 (pyridoxine")


def test_a_fuzzy_match_is_never_silent(invoke: Invoke) -> None:
    (finding,) = findings_of(check_json(invoke, "Biotine"), "fuzzy-match")
    assert finding["ingredients"] == ["biotin"] and "92%" in finding["finding"]


def test_the_same_active_under_two_names_is_a_duplicate(invoke: Invoke) -> None:
    document = check_json(invoke, "Panthenol, Dexpanthenol, Biotin")
    (finding,) = findings_of(document, "duplicate")
    assert finding["ingredients"] == ["dexpanthenol"]
    assert "'Panthenol' and 'Dexpanthenol'" in finding["finding"]
    assert findings_of(check_json(invoke, "Panthenol, Biotin"), "duplicate") == []


def test_two_agents_of_one_mechanism(invoke: Invoke) -> None:
    (finding,) = findings_of(check_json(invoke, "Finasteride, Dutasteride"), "same-class")
    assert finding["ingredients"] == ["finasteride", "dutasteride"]
    assert "5-alpha-reductase-inhibitor" in finding["finding"]
    # Two vitamins are not two agents of one mechanism.
    assert findings_of(check_json(invoke, "Biotin, Pyridoxine"), "same-class") == []


def test_no_evidence_on_the_route(invoke: Invoke) -> None:
    document = check_json(invoke, "Biotin, Minoxidil, Finasteride, Procaine")
    (finding,) = findings_of(document, "no-evidence-on-route")
    assert finding["ingredients"] == ["biotin", "procaine"]
    # Finasteride is approved topically, so on that route it has evidence.
    topical = check_json(invoke, "Biotin, Finasteride", "--route", "topical")
    assert [f["ingredients"] for f in findings_of(topical, "no-evidence-on-route")] == [["biotin"]]


def test_above_the_highest_strength_names_its_source(invoke: Invoke) -> None:
    document = check_json(invoke, "Dutasteride 0.05%")
    (finding,) = findings_of(document, "above-strength")
    assert finding["source"] == "doi-10.4103/ijt.ijt_73_16"
    assert "0.01 %" in finding["finding"]
    assert row(document, "Dutasteride 0.05%")["strength_status"] == "above"
    within = check_json(invoke, "Dutasteride 0.01%")
    assert findings_of(within, "above-strength") == []
    assert row(within, "Dutasteride 0.01%")["strength_status"] == "within"


def test_a_unit_that_cannot_be_compared_is_said_so(invoke: Invoke) -> None:
    document = check_json(invoke, "Minoxidil 2 mg")
    assert row(document, "Minoxidil 2 mg")["strength_status"] == "unit-differs"
    (finding,) = findings_of(document, "unit-differs")
    assert finding["severity"] == "info"


def test_a_suspended_medicine_is_serious_and_cites_the_regulator(invoke: Invoke) -> None:
    document = check_json(invoke, "Buflomedil, Biotin")
    assert document["findings"][0]["kind"] == "suspended-eu"
    assert document["findings"][0]["severity"] == "serious"
    assert document["findings"][0]["source"] == "ema-buflomedil-referral"
    assert row(document, "Buflomedil")["flags"] == "suspended-eu"


def test_a_route_bound_flag_shows_on_its_route_only(invoke: Invoke) -> None:
    assert findings_of(check_json(invoke, "Minoxidil"), "prohibited-in-cosmetics-eu") == []
    topical = check_json(invoke, "Minoxidil", "--route", "topical")
    (finding,) = findings_of(topical, "prohibited-in-cosmetics-eu")
    assert finding["source"] == "eu-directive-2000-11-ec"


def test_maker_sponsored_only_evidence(invoke: Invoke) -> None:
    document = check_json(invoke, "Caffeine", "--route", "topical")
    assert row(document, "Caffeine")["sponsored_only"] is True
    assert findings_of(document, "maker-sponsored-only")[0]["ingredients"] == ["caffeine"]
    assert row(check_json(invoke, "Minoxidil"), "Minoxidil")["sponsored_only"] is False


def test_findings_come_most_serious_first(invoke: Invoke) -> None:
    document = check_json(
        invoke,
        "Aqua, Panthenol, Dexpanthenol, Biotine, Finasteride 0.05%, "
        "Dutasteride 0.05%, Buflomedil, xyzzy, Minoxidil 2 mg",
    )
    order = ["serious", "warning", "info"]
    severities = [order.index(f["severity"]) for f in document["findings"]]
    assert severities == sorted(severities)
    assert {f["kind"] for f in document["findings"]} <= set(FINDING_KINDS)


# --- output formats ------------------------------------------------------------------------


def test_the_default_output_is_a_report_for_reading_then_the_notice(invoke: Invoke) -> None:
    result = invoke("check", "Aqua, Biotine, Dutasteride 0.05%, xyzzy")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Checked list on the intradermal route: 4 item(s), 3 matched (1 as excipients), "
        "0 vehicle(s), 1 unmatched, 0 skipped"
    )
    assert (
        "  1. Aqua: Aqua [aqua], excipient; vehicle; in an injection: found in approved injections" in lines
    )
    assert "  2. Biotine: Biotin [biotin], fuzzy 92%; vitamin" in lines
    assert "  4. xyzzy: not in the catalogue" in lines
    dutasteride = lines.index(
        "  3. Dutasteride 0.05%: Dutasteride [dutasteride], name; 5-alpha-reductase-inhibitor"
    )
    assert lines[dutasteride + 1] == "     declared 0.05 % (above highest studied 0.01 %)"
    assert lines[dutasteride + 2].startswith("     certainty intradermal: very-low: benefit")
    assert lines[dutasteride + 3].startswith("     best evidence intradermal: systematic-review")
    assert lines[dutasteride + 4].startswith("     flags: prescription-only")
    findings = lines.index("Findings (7, most serious first)")
    assert lines[findings + 1] == "  warning: above-strength (dutasteride)"
    assert lines[findings + 2].endswith("(studied 0.01 %). [doi-10.4103/ijt.ijt_73_16]")
    assert result.stdout.rstrip().endswith(NOTICE)
    assert "sterility" in NOTICE and "not medical advice" in NOTICE


def test_the_report_is_wrapped_to_the_terminal_under_each_item(db_path: Path) -> None:
    from ingredients.check.formulation_check import check_items
    from ingredients.render.check_text import report_text

    reader = open_reader(resolve_location(str(db_path)))
    report = check_items(reader, parse_list("Aqua, Finasteride 0.05%, Dutasteride 0.05%, xyzzy"))
    lines = report_text(report, 60).splitlines()
    assert all(len(line) <= 60 for line in lines), [line for line in lines if len(line) > 60]
    narrow = report_text(report, 40).splitlines()
    assert any("[avodart-us-important-safety-information]" in line for line in narrow)
    first = lines.index("  2. Finasteride 0.05%: Finasteride [finasteride], name;")
    assert lines[first + 1] == "       5-alpha-reductase-inhibitor"
    assert lines[first + 2] == "     declared 0.05 % (no intradermal strength on record)"


def test_a_table_format_gives_the_two_tables(invoke: Invoke) -> None:
    result = invoke("check", "Aqua, Biotine, Dutasteride 0.05%", "-f", "simple")
    assert result.exit_code == 0
    assert result.stdout.startswith("given ")
    assert "\nFindings\nseverity " in result.stdout
    assert result.stdout.rstrip().endswith(NOTICE)


def test_findings_alone_as_text(invoke: Invoke) -> None:
    result = invoke("check", "--findings", "Panthenol, Dexpanthenol")
    assert result.stdout.splitlines()[:2] == [
        "Findings (2, most serious first)",
        "  warning: duplicate (dexpanthenol)",
    ]
    assert "Checked list" not in result.stdout


def test_no_findings_is_said_in_words(invoke: Invoke) -> None:
    result = invoke("check", "Aqua", "--route", "topical")
    assert "Findings: none." in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_formats_give_the_rows_and_the_notice_on_stderr(invoke: Invoke, fmt: str) -> None:
    result = invoke("check", "Aqua, Biotin 5 mg", "-f", fmt)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert [r["given"] for r in rows] == ["Aqua", "Biotin 5 mg"]
    assert rows[1]["declared"] == "5 mg"
    assert NOTICE in result.stderr


def test_jsonl_gives_one_row_per_item(invoke: Invoke) -> None:
    result = invoke("check", "Aqua, Biotin", "-f", "jsonl", "-c", "given,match")
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"given": "Aqua", "match": "excipient"},
        {"given": "Biotin", "match": "name"},
    ]


def test_findings_option_gives_the_findings_table(invoke: Invoke) -> None:
    result = invoke("check", "Finasteride, Dutasteride", "--findings", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["severity", "kind", "ingredients", "finding", "source"]
    assert "same-class" in {r["kind"] for r in rows}
    as_json = json.loads(invoke("check", "Finasteride, Dutasteride", "--findings", "-f", "json").stdout)
    assert {r["kind"] for r in as_json} == {r["kind"] for r in rows}
    # The records of the whole document, whichever way they are asked for.
    whole = check_json(invoke, "Finasteride, Dutasteride")["findings"]
    assert as_json == whole
    lines = invoke("check", "Finasteride, Dutasteride", "--findings", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == whole


def test_json_columns_cut_the_ingredient_records(invoke: Invoke) -> None:
    document = check_json(invoke, "Biotin", "-c", "given,ingredient")
    assert document["ingredients"] == [{"given": "Biotin", "ingredient": "biotin"}]
    assert set(document) == {"route", "ingredients", "findings", "notice"}


@pytest.mark.parametrize("fmt", ["github", "grid", "plain", "psql"])
def test_every_human_format_prints(invoke: Invoke, fmt: str) -> None:
    result = invoke("check", "Biotin, Finasteride", "-f", fmt)
    assert result.exit_code == 0
    assert "Biotin" in result.stdout and NOTICE in result.stdout


def test_output_to_a_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    assert invoke("check", "Biotin", "-f", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text())["ingredients"][0]["ingredient"] == "biotin"


# --- exit statuses ---------------------------------------------------------------------------


def test_findings_alone_do_not_fail_the_command(invoke: Invoke) -> None:
    assert invoke("check", "Buflomedil, xyzzy").exit_code == 0


def test_strict_fails_on_a_warning_but_not_on_info(invoke: Invoke) -> None:
    warned = invoke("check", "Biotin", "--strict")
    assert warned.exit_code == 1 and "no-evidence-on-route" in warned.stdout
    assert invoke("check", "Aqua, Caffeine 0.1%", "--route", "topical", "--strict").exit_code == 0


def test_strict_passes_when_only_info_findings(invoke: Invoke) -> None:
    # A near spelling of an ingredient with intradermal evidence (for alopecia areata) and no
    # flag: one info finding.
    result = invoke(
        "check",
        "Triamcinolone acetonid",
        "--strict",
        "--findings",
        "-f",
        "csv",
        "--condition",
        "alopecia-areata",
    )
    severities = {r["severity"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert severities == {"info"}
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["Biotin", "--route", "nasal"],
        ["Biotin", "--route", "any"],
        ["Biotin", "-f", "nope"],
        ["Biotin", "-c", "nope"],
        [],
        ["Biotin", "--formulation", "finjuve"],
        ["Biotin", "-"],
    ],
)
def test_usage_errors_exit_2_with_one_line(invoke: Invoke, args: list[str]) -> None:
    result = invoke("check", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.splitlines()) == 1


def test_a_duplicate_quotes_each_item_as_written(invoke: Invoke) -> None:
    findings = check_json(invoke, "Minoxidil 5%, Minoxidil 2%, minoxidil")["findings"]
    (duplicate,) = [f for f in findings if f["kind"] == "duplicate"]
    assert duplicate["finding"].startswith(
        "'Minoxidil 5%', 'Minoxidil 2%' and 'minoxidil' all name Minoxidil"
    )


@pytest.mark.parametrize("route", ["nasal", "any", "in-vitro"])
def test_a_route_a_check_cannot_use_is_refused_with_the_routes_it_can(invoke: Invoke, route: str) -> None:
    result = invoke("check", "Biotin", "--route", route)
    assert result.stderr.endswith("choose from: intradermal, topical, oral, parenteral\n")


def test_a_route_is_read_in_any_case(invoke: Invoke) -> None:
    assert check_json(invoke, "Biotin", "--route", " Topical")["route"] == "topical"


@pytest.mark.parametrize("text", ["", "   ", ",;,;", "\n\n\t"])
def test_an_empty_list_is_one_error_line_exit_1(invoke: Invoke, text: str) -> None:
    result = invoke("check", text)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the list names no ingredient (it is empty, or only separators and spaces)\n"
    )
    assert result.stdout == ""


# --- where the list comes from ------------------------------------------------------------------


def test_the_list_from_standard_input(invoke: Invoke) -> None:
    document = check_json(invoke, "-", input="Biotin\nCaffeine 0.2%\n")
    assert [r["ingredient"] for r in document["ingredients"]] == ["biotin", "caffeine"]


def test_the_list_from_a_file(invoke: Invoke, tmp_path: Path) -> None:
    listed = tmp_path / "mix.txt"
    listed.write_text("Biotin;\nProcaine 2%\n", encoding="utf-8")
    document = check_json(invoke, "--file", str(listed))
    assert [r["ingredient"] for r in document["ingredients"]] == ["biotin", "procaine"]
    missing = invoke("check", "--file", str(tmp_path / "none.txt"))
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: cannot read --file")


def test_a_stored_formulation_is_checked_on_its_own_route(invoke: Invoke) -> None:
    document = check_json(invoke, "--formulation", "finjuve-finasteride-spray")
    assert document["route"] == "topical"
    assert document["formulation"] == "finjuve-finasteride-spray"
    finasteride = row(document, "finasteride")
    assert (finasteride["match"], finasteride["strength_status"]) == ("stored link", "within")
    assert row(document, "ethanol (96%)")["match"] == "excipient"
    other_route = check_json(invoke, "--formulation", "finjuve-finasteride-spray", "--route", "intradermal")
    assert other_route["route"] == "intradermal"


def test_a_stored_cocktail_shows_its_findings(invoke: Invoke) -> None:
    document = check_json(invoke, "--formulation", "moftah-2013-dutasteride-vitamin-mesotherapy")
    assert findings_of(document, "above-strength")[0]["ingredients"] == ["dutasteride"]


def test_an_unknown_formulation_is_an_error(invoke: Invoke) -> None:
    result = invoke("check", "--formulation", "nothing-like-it")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no formulation named")


# --- hostile input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a" * 20_000,
        ("Biotin " * 2_900)[:20_000],
        "x, " * 400,
        "Bio\x00tin, \x01\x02\x1b[31mCaffeine",
        "'; DROP TABLE ingredient; --",
        "Robert'); DELETE FROM alias WHERE ('1'='1",
        "%_%, \\, ' OR 1=1 --",
        "(((((, ]]]], {{",
    ],
)
def test_hostile_input_gets_a_clean_answer(invoke: Invoke, db_path: Path, text: str) -> None:
    before = fingerprint(db_path)
    result = invoke("check", "-", "-f", "json", input=text)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        document = json.loads(result.stdout)
        assert document["ingredients"]
    else:
        assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert fingerprint(db_path) == before


def test_too_many_items_is_one_error_line(invoke: Invoke) -> None:
    result = invoke("check", "-", input="ab," * 10_000)
    assert result.exit_code == 1
    assert result.stderr == f"Error: the list has 10000 items; at most {MAX_ITEMS} are checked at once\n"


def test_an_overlong_item_is_reported_unmatched_without_comparing(invoke: Invoke) -> None:
    document = check_json(invoke, "-", input="b" * 5000 + ", Biotin")
    assert document["ingredients"][0]["match"] == "unmatched"
    assert "longer than 200 characters" in findings_of(document, "unmatched")[0]["finding"]


def test_standard_input_that_is_not_utf8_is_one_error_line(db_path: Path) -> None:
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-m", "cli", "--db", str(db_path), "check", "-"],
        input=b"Biotin, \xff\xfe",
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.decode() == "Error: standard input is not UTF-8 text\n"


# --- reads stay light -----------------------------------------------------------------------------


def test_check_reads_without_the_write_stack(db_path: Path) -> None:
    stdout, loaded = run_probe(
        ["check", "Aqua, Biotine, Finasteride 0.05%"], {"INGREDIENTS_DB": str(db_path)}
    )
    assert "fuzzy 92%" in stdout
    # Nor tabulate: the report for reading is text, like `show`; tables are for --format.
    assert loaded == set()


# --- the flags file ---------------------------------------------------------------------------------


def _seed_statements(slug: str) -> list[dict[str, Any]]:
    path = Path(str(seed_data.__file__)).parent / "ingredients" / f"{slug}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    statements: list[dict[str, Any]] = data.get("statements", [])
    return statements


def test_every_flag_names_a_seed_ingredient_a_known_source_and_a_route() -> None:
    flags = shipped_flags()
    assert flags
    slugs = {entry.name.removesuffix(".toml") for entry in seed_data.ingredient_files()}
    sources: set[str] = set()
    for entry in seed_data.source_files():
        sources |= set(tomllib.loads(entry.read_text(encoding="utf-8")))
    for slug, listed in flags.items():
        assert slug in slugs
        for flag in listed:
            assert flag.kind in FLAG_KINDS and flag.kind in FINDING_KINDS
            assert flag.source in sources, flag
            assert set(flag.routes) <= set(ROUTES)


def test_every_flag_restates_a_regulatory_or_safety_statement_of_its_ingredient() -> None:
    for slug, listed in shipped_flags().items():
        cited = {s["source"] for s in _seed_statements(slug) if s["kind"] in ("regulatory", "safety")}
        for flag in listed:
            assert flag.source in cited, (slug, flag.kind, flag.source)


def test_a_broken_flags_file_names_the_place() -> None:
    with pytest.raises(DataFileError, match="biotin flag 1: unknown flag 'banned'"):
        parse_flags('[[biotin]]\nflag = "banned"\nsource = "x"\ntext = "y"\n')
    with pytest.raises(DataFileError, match="text is missing"):
        parse_flags('[[biotin]]\nflag = "prescription-only"\nsource = "x"\n')


def test_an_accented_stored_name_matches_unaccented_input(invoke: Invoke, tmp_path: Path) -> None:
    rows = tmp_path / "mine.jsonl"
    rows.write_text(
        json.dumps(
            {
                "slug": "cafeine-verte",
                "name": "Caféine verte",
                "class": "methylxanthine",
                "stated_purpose": "A test entry",
                "mechanism": "Unknown",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert invoke("import", str(rows)).exit_code == 0
    document = check_json(invoke, "CAFEINE VERTE, Cafeine vert")
    assert [(r["ingredient"], r["match"]) for r in document["ingredients"]] == [
        ("cafeine-verte", "name"),
        ("cafeine-verte", "fuzzy 96%"),
    ]


def test_comparing_only_names_of_a_plausible_length_changes_no_answer(
    matcher: NameMatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Near misses of every stored name and alias (a letter dropped, doubled or changed)
    get the same match, confidence and suggestions as a comparison with every name."""
    from ingredients.read import name_matching

    reader = matcher._reader
    sql = "SELECT name FROM ingredient UNION ALL SELECT name FROM alias"
    stored = [row[0] for row in reader.execute(sql).rows]
    texts = [
        variant
        for name in stored
        for variant in (name[1:], name + name[-1], name[:-2] + "x" + name[-1:], name[: len(name) // 2])
    ]
    pruned = [matcher.match(text) for text in texts]
    monkeypatch.setattr(name_matching, "_length_range", lambda key: (0, 10**6))
    everything = NameMatcher(reader)
    assert pruned == [everything.match(text) for text in texts]
    assert sum(match.way == "fuzzy" for match in pruned) > 50


def test_an_accented_alias_is_compared_without_its_accents(invoke: Invoke, tmp_path: Path) -> None:
    rows = tmp_path / "aliases.jsonl"
    rows.write_text(
        json.dumps({"ingredient": "biotin", "name": "Vitamine H végétale", "kind": "synonym"}) + "\n",
        encoding="utf-8",
    )
    assert invoke("import", str(rows)).exit_code == 0
    document = check_json(invoke, "VITAMINE H VEGETALE, Vitamine H vegetal")
    assert [(r["ingredient"], r["match"]) for r in document["ingredients"]] == [
        ("biotin", "alias"),
        ("biotin", "fuzzy 97%"),
    ]


def test_both_read_paths_give_the_same_check_and_formulation(db_path: Path) -> None:
    from sqlmodel import create_engine

    from ingredients.check.formulation_check import check_formulation, check_items
    from ingredients.read.formulations import formulation_entry, list_formulations
    from ingredients.store.reader import SqlAlchemyReader, SqliteReader

    location = resolve_location(str(db_path))
    assert location.sqlite_path is not None
    fast, portable = SqliteReader(location.sqlite_path), SqlAlchemyReader(create_engine(location.url))
    try:
        items = parse_list(
            "Aqua, Panthénol, Dexpanthenol, Biotine, Dutasteride 0.05%, Finasteride, "
            "Buflomedil, Vit B6, Caffeine 0.2%"
        )
        assert check_items(fast, items).document() == check_items(portable, items).document()
        for route in ("topical", "oral"):
            assert (
                check_items(fast, items, route).document() == check_items(portable, items, route).document()
            )
        assert (
            check_formulation(fast, "moftah").document() == check_formulation(portable, "moftah").document()
        )
        assert list(list_formulations(fast).rows) == [tuple(r) for r in list_formulations(portable).rows]
        assert formulation_entry(fast, "finjuve-finasteride-spray") == formulation_entry(
            portable, "finjuve-finasteride-spray"
        )
    finally:
        fast.close()
        portable.close()


def test_your_avoid_list_reports_every_hit_and_fails_the_check(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    avoid = tmp_path / "avoid.txt"
    avoid.write_text("# what I never inject\npregnancy\n\nvasodilator\nBIOTIN\n", encoding="utf-8")
    result = invoke(
        "check",
        "Aqua, Finasteride 0.05%, Minoxidil, Biotin, Panthenol",
        "--avoid",
        str(avoid),
        "--findings",
        "-f",
        "json",
    )
    assert result.exit_code == 1, result.output
    hits = [f for f in json.loads(result.stdout) if f["kind"] == "on-avoid-list"]
    assert [(f["severity"], f["ingredients"], f["finding"]) for f in hits] == [
        (
            "serious",
            ["finasteride"],
            "Finasteride is on your avoid-list: 'pregnancy' matches the regulators' "
            "flag handling-hazard-pregnancy.",
        ),
        # Injected minoxidil reaches the circulation, so its label's pregnancy warning applies.
        (
            "serious",
            ["minoxidil"],
            "Minoxidil is on your avoid-list: 'pregnancy' matches the regulators' flag warning-pregnancy.",
        ),
        ("serious", ["minoxidil"], "Minoxidil is on your avoid-list: 'vasodilator' matches its class."),
        ("serious", ["biotin"], "Biotin is on your avoid-list: 'BIOTIN' matches its name."),
    ]
    # The same list from the environment; a list nothing hits passes.
    monkeypatch.setenv("INGREDIENTS_AVOID", str(avoid))
    assert invoke("check", "Aqua, Panthenol").exit_code == 0
    assert invoke("check", "Aqua, Minoxidil").exit_code == 1
    missing = invoke("check", "Aqua", "--avoid", str(tmp_path / "none.txt"))
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"Error: cannot read the avoid-list {tmp_path / 'none.txt'}: No such file or directory\n"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "Minoxidil 150%",
            "Minoxidil is declared at 150 %, more than the whole mix: check what was written.",
        ),
        ("Biotin 0%", "Biotin is declared at 0 %, a strength of nothing: check what was written."),
    ],
)
def test_an_impossible_strength_is_a_serious_finding(invoke: Invoke, written: str, expected: str) -> None:
    document = check_json(invoke, written)
    (finding,) = findings_of(document, "impossible-strength")
    assert (finding["severity"], finding["finding"]) == ("serious", expected)
    assert document["ingredients"][0]["strength_status"] == "impossible"
    assert invoke("check", written, "--strict").exit_code == 1
