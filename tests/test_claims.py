"""`ingredients claims` end to end: the real claims, split by what they assert, judged by their rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke


def _claims(invoke: Invoke, *words: str) -> list[dict[str, Any]]:
    result = invoke("claims", *words, "-f", "json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def test_a_safety_claim_is_contradicted_by_the_label_it_names(invoke: Invoke) -> None:
    """Article 004: finasteride is safe for the general population; the label says men only."""
    rows = _claims(invoke, "finasteride", "-s", "article-004", "-a", "suitability")
    assert [row["verdict"] for row in rows] == ["contradicted"]
    assert "propecia-dailymed-label" in rows[0]["because"]
    assert rows[0]["because"].startswith("a label or regulator limits who may use it: #")


def test_a_claim_of_painlessness_is_contradicted_by_the_share_in_pain(invoke: Invoke) -> None:
    rows = _claims(invoke, "mesotherapy", "-s", "article-002", "-a", "tolerability")
    assert rows and {row["verdict"] for row in rows} == {"contradicted"}
    assert all(
        "pain in 45.5% (#" in row["because"] and "doi-10.36849/JDD.6610" in row["because"] for row in rows
    )


def test_a_rate_with_no_comparable_study_is_unsupported(invoke: Invoke) -> None:
    rows = _claims(invoke, "-a", "rate")
    assert rows and {row["verdict"] for row in rows} == {"unsupported"}
    assert any("156%" in row["claim"] for row in rows)


def test_every_assertion_has_a_kind_a_verdict_and_a_reason(invoke: Invoke) -> None:
    rows = _claims(invoke)
    assert len(rows) > 100
    assert all(row["asserts"] and row["verdict"] and row["because"] for row in rows)
    kinds = {row["asserts"] for row in rows}
    assert {"efficacy", "safety", "tolerability", "rate", "durability", "suitability"} <= kinds


def test_an_efficacy_claim_is_judged_in_the_condition_it_names(invoke: Invoke) -> None:
    """Article 000's claim that mesotherapy treats alopecia areata is judged on alopecia areata."""
    rows = _claims(invoke, "mesotherapy", "-s", "article-000", "-a", "efficacy")
    areata = [row for row in rows if "alopecia areata" in row["claim"].lower()]
    assert areata
    assert all("on this route in alopecia-areata" in row["because"] for row in areata)
    pattern = [row for row in rows if "androgenetic alopecia" in row["claim"].lower()]
    assert pattern and all("systematic-review" in row["because"] for row in pattern)


@pytest.mark.parametrize("verdict", ["contradicted", "not judged"])
def test_the_verdict_filter_keeps_only_that_verdict(invoke: Invoke, verdict: str) -> None:
    rows = _claims(invoke, "--verdict", verdict)
    assert rows and {row["verdict"] for row in rows} == {verdict}


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--asserts", "magic"], "Error: unknown assertion kind 'magic'; choose from: efficacy, safety,"),
        (["--verdict", "maybe"], "Error: unknown verdict 'maybe'; choose from: supported, contradicted,"),
    ],
)
def test_an_unknown_kind_or_verdict_is_one_error_line(invoke: Invoke, words: list[str], message: str) -> None:
    result = invoke("claims", *words)
    assert result.exit_code != 0
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_grades_prints_the_rule_of_every_kind(invoke: Invoke) -> None:
    rules = json.loads(invoke("grades", "-f", "json").stdout)
    kinds = {row["term"] for row in rules if row["part"] == "claim-rule"}
    assert {
        "efficacy",
        "safety",
        "suitability",
        "tolerability",
        "recovery",
        "harmless",
        "concession",
        "rate",
        "durability",
        "mechanism",
        "regulatory",
        "caveat",
        "practice",
    } == kinds


@pytest.mark.parametrize("source", ["article-9", "pmid-33313048"])
def test_a_source_that_is_not_an_article_names_the_articles(invoke: Invoke, source: str) -> None:
    result = invoke("claims", "-s", source)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no article with key {source!r}; the articles are: "
        "article-000, article-001, article-002, article-003, article-004.\n"
    )


def test_effects_write_their_flags_as_true_or_false_in_csv(invoke: Invoke) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(invoke("effects", "minoxidil", "-f", "csv").stdout)))
    assert rows
    flags = {row[column] for row in rows for column in ("maker_sponsored", "other_compound")}
    assert flags <= {"true", "false"}


def _statement_id(invoke: Invoke, ingredient: str, source: str, kind: str = "evidence") -> str:
    import csv
    import io

    exported = csv.DictReader(io.StringIO(invoke("export", "statements", "-f", "csv").stdout))
    found = [
        row["id"]
        for row in exported
        if (row["ingredient"], row["source"], row["kind"]) == (ingredient, source, kind)
    ]
    assert len(found) == 1, found
    return found[0]


def test_a_reason_names_the_very_statements_and_figures_it_rests_on(invoke: Invoke) -> None:
    """The verdict's reason is read from stored rows: ids, source keys, grades, weeks and effects."""
    rows = json.loads(invoke("claims", "-f", "json").stdout)

    def because(ingredient: str, source: str, asserts: str) -> set[str]:
        return {
            row["because"]
            for row in rows
            if (row["ingredient"], row["source"], row["asserts"]) == (ingredient, source, asserts)
        }

    azam = _statement_id(invoke, "minoxidil", "azam-morsi-2010-edoj")
    # The saline-controlled trial whose report gives blood pressure only (pmid-40327110) reports
    # no hair outcome, so it is not cited for a claim that minoxidil restores hair.
    assert because("minoxidil", "article-001", "efficacy") == {
        f"best on this route: rct, benefit (#{azam} azam-morsi-2010-edoj)"
    }
    # The procedure's only hair-count figure is a dutasteride mixture's, shown but never graded.
    trial = _statement_id(invoke, "mesotherapy", "pmid-31007474")
    assert because("mesotherapy", "article-002", "rate") == {
        "no controlled study on this route reports a figure"
    }
    assert because("mesotherapy", "article-002", "durability") == {
        f"longest follow-up on this route: 17 weeks (#{trial} pmid-31007474)"
    }


def test_the_condition_and_sex_asked_for_reach_the_verdicts(invoke: Invoke) -> None:
    def reasons(*options: str) -> list[str]:
        return [row["because"] for row in json.loads(invoke("claims", *options, "-f", "json").stdout)]

    default = reasons()
    assert reasons("--condition", "any") != default
    assert reasons("--sex", "female") != default


def test_a_users_own_article_is_judged_even_about_an_ingredient_with_nothing_else(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A claim made of no one route reads every route's reports of pain."""
    from tests.test_import import ADENOSINE, write_csv, write_jsonl

    files = [
        write_jsonl(tmp_path / "ingredients.jsonl", [ADENOSINE]),
        write_csv(
            tmp_path / "sources.csv", [{"key": "my-article", "kind": "article", "title": "A blog post"}]
        ),
        write_jsonl(
            tmp_path / "statements.jsonl",
            [
                {
                    "ingredient": "adenosine",
                    "kind": "purpose",
                    "asserts": "tolerability",
                    "route": "any",
                    "evidence_level": "claim-only",
                    "text": "The post says adenosine shots are painless.",
                    "source": "my-article",
                },
                {
                    "ingredient": "adenosine",
                    "kind": "purpose",
                    "asserts": "efficacy",
                    "route": "intradermal",
                    "evidence_level": "claim-only",
                    "text": "The post says adenosine shots regrow hair.",
                    "source": "my-article",
                },
            ],
        ),
    ]
    assert invoke("import", *map(str, files)).exit_code == 0
    rows = json.loads(invoke("claims", "-s", "my-article", "-f", "json").stdout)
    verdicts = {row["asserts"]: (row["verdict"], row["because"]) for row in rows}
    assert verdicts["efficacy"] == ("untested on this route", "no evidence stored on this route")
    verdict, because = verdicts["tolerability"]
    assert verdict == "contradicted" and because.startswith("pain in 45.5% (#")


def test_no_claim_about_the_procedure_is_filed_under_one_agent(invoke: Invoke) -> None:
    """A judged claim filed under an agent names that agent (by name or alias); the rest are the
    procedure's, filed under mesotherapy and judged on its evidence."""
    rows = _claims(invoke)
    names: dict[str, set[str]] = {}
    for ingredient in json.loads(invoke("export", "ingredients", "-f", "json").stdout):
        names.setdefault(ingredient["slug"], set()).update({ingredient["name"].lower(), ingredient["slug"]})
    for alias in json.loads(invoke("export", "aliases", "-f", "json").stdout):
        names.setdefault(alias["ingredient"], set()).add(alias["name"].lower())
    misfiled = [
        (row["ingredient"], row["claim"])
        for row in rows
        if row["ingredient"] != "mesotherapy"
        and row["asserts"] != "practice"
        and not any(name in row["claim"].lower() for name in names[row["ingredient"]])
    ]
    assert misfiled == []


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Article 004 says recovery is faster than after surgery.", "untested on this route"),
        (
            "Article 002 says not even a dressing is needed for the micro-injections.",
            "untested on this route",
        ),
        (
            "Article 002 names scalp soreness, usually gone within 24 to 48 hours, as one of the most "
            "common side effects.",
            "supported",
        ),
        ("Article 004 says mesotherapy has no complications.", "contradicted"),
        ("Article 001 says mesotherapy slows hair loss.", "weak"),
    ],
)
def test_the_issues_cases_get_the_verdicts_described(invoke: Invoke, claim: str, verdict: str) -> None:
    """Recovery is not contradicted by pain; a conceded harm is supported by its reports; 'no
    complications' is contradicted by stored complications; mesotherapy is judged on its own."""
    found = [row for row in _claims(invoke, "mesotherapy") if row["claim"] == claim]
    assert [row["verdict"] for row in found] == [verdict]
