"""The best-evidence rule (ingredients.core.evidence), specified on a small catalogue built for it.

Each row is one branch or boundary of the rule: the statements one ingredient has, what
is asked (route, condition, sex, sponsored studies in or out) and the best evidence the
catalogue must answer, in the words `list`, `show` and `compare` print. Every row's
ingredient lives in one catalogue, built once for the module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ingredients.core.errors import UsageError
from ingredients.core.evidence import combined_finding, evidence_params, finding_at_best, grade_cell
from ingredients.read import queries
from ingredients.store.reader import Reader

from .small_catalogue import SmallCatalogue

AGA, AREATA = "androgenetic-alopecia", "alopecia-areata"
SEARCHED = {"searched": "PubMed, 2026-01-01: mesotherapy and this agent"}


@dataclass(frozen=True)
class Asked:
    route: str = "intradermal"  # or "overall" for every route
    condition: str | None = AGA
    sex: str | None = None
    exclude_sponsored: bool = False


@dataclass(frozen=True)
class Case:
    why: str
    statements: list[dict[str, Any]] = field(default_factory=list)
    asked: Asked = Asked()


def rct(**fields: Any) -> dict[str, Any]:
    return {"level": "rct", **fields}


# (case, the best evidence as printed)
CASES: list[tuple[Case, str | None]] = [
    # --- the grade: the highest that counts ---------------------------------------------------
    (Case("nothing stored"), None),
    (Case("one trial", [rct()]), "rct, benefit"),
    (
        Case("the higher grade wins", [{"level": "uncontrolled"}, rct(finding="no-benefit")]),
        "rct, no benefit",
    ),
    (
        Case(
            "a higher grade wins even without a direction",
            [rct(finding="unclear"), {"level": "uncontrolled"}],
        ),
        "rct, unclear",
    ),
    (
        Case("preclinical is a study", [{"level": "preclinical", "route": "intradermal"}]),
        "preclinical, benefit",
    ),
    # --- the finding: the statements at the best grade together ------------------------------------
    (Case("two directions at the best grade", [rct(), rct(finding="no-benefit")]), "rct, mixed"),
    (Case("unclear does not outvote a direction", [rct(), rct(finding="unclear")]), "rct, benefit"),
    (Case("all unclear", [rct(finding="unclear"), rct(finding="unclear")]), "rct, unclear"),
    (Case("the same direction twice", [rct(finding="harm"), rct(finding="harm")]), "rct, harm"),
    (Case("mixed beside a direction", [rct(finding="mixed"), rct()]), "rct, mixed"),
    (
        Case("lower grades never change it", [rct(), {"level": "uncontrolled", "finding": "harm"}]),
        "rct, benefit",
    ),
    # --- the route -----------------------------------------------------------------------------------
    (Case("another route does not count", [rct(route="topical")]), None),
    (Case("route any is not this route", [rct(route="any")]), None),
    (Case("overall counts every route", [rct(route="topical")], Asked(route="overall")), "rct, benefit"),
    (
        Case(
            "overall takes the best of the routes",
            [{"level": "uncontrolled"}, rct(route="oral")],
            Asked("overall"),
        ),
        "rct, benefit",
    ),
    # --- another compound, the maker's own studies ---------------------------------------------
    (
        Case("another compound never counts", [rct(other_compound=True), {"level": "uncontrolled"}]),
        "uncontrolled, benefit",
    ),
    (Case("a maker's study counts unless asked", [rct(manufacturer_sponsored=True)]), "rct, benefit"),
    (
        Case(
            "a maker's study left out on request",
            [rct(manufacturer_sponsored=True), {"level": "uncontrolled", "finding": "no-benefit"}],
            Asked(exclude_sponsored=True),
        ),
        "uncontrolled, no benefit",
    ),
    (
        Case(
            "a searched-for absence is never a sponsored study",
            [{"level": "none-found", "finding": "unclear", "manufacturer_sponsored": True, **SEARCHED}],
            Asked(exclude_sponsored=True),
        ),
        "none-found",
    ),
    # --- the condition -------------------------------------------------------------------------------
    (
        Case("another condition is named beside, never counted", [rct(condition=AREATA)]),
        "none stored (alopecia-areata: rct, benefit)",
    ),
    (
        Case("every condition when asked for any", [rct(condition=AREATA)], Asked(condition=None)),
        "rct, benefit",
    ),
    (Case("'any' is every condition", [rct(condition=AREATA)], Asked(condition="any")), "rct, benefit"),
    (
        Case("a study of mixed conditions is not this one", [rct(condition="mixed")]),
        "none stored (mixed conditions: rct, benefit)",
    ),
    (
        Case("nor one of unknown condition", [rct(condition="unknown")]),
        "none stored (condition unknown: rct, benefit)",
    ),
    (Case("mixed counts for any", [rct(condition="mixed")], Asked(condition=None)), "rct, benefit"),
    (
        Case(
            "a searched-for absence of no one condition counts",
            [{"level": "none-found", "finding": "unclear", "condition": "unknown", **SEARCHED}],
        ),
        "none-found",
    ),
    (
        Case(
            "a claim about hair loss in general counts",
            [{"level": "claim-only", "finding": "unclear", "condition": "mixed"}],
        ),
        "claim-only",
    ),
    (
        Case(
            "a searched-for absence here, a study elsewhere: both named",
            [{"level": "none-found", "finding": "unclear", **SEARCHED}, rct(condition=AREATA)],
        ),
        "none-found (alopecia-areata: rct, benefit)",
    ),
    (
        Case(
            "a claim here, a study elsewhere: both named",
            [{"level": "claim-only", "finding": "unclear"}, rct(condition=AREATA)],
        ),
        "claim-only (alopecia-areata: rct, benefit)",
    ),
    (
        Case("a study here: no other condition named", [{"level": "uncontrolled"}, rct(condition=AREATA)]),
        "uncontrolled, benefit",
    ),
    (
        Case(
            "a claim elsewhere is not a study to name",
            [{"level": "claim-only", "finding": "unclear", "condition": AREATA}],
        ),
        None,
    ),
    (
        Case(
            "the best other condition is named, with its finding",
            [
                rct(condition=AREATA, finding="no-benefit"),
                {"level": "uncontrolled", "condition": "telogen-effluvium"},
            ],
        ),
        "none stored (alopecia-areata: rct, no benefit)",
    ),
    (
        Case("other conditions: of the route asked", [rct(condition=AREATA, route="topical")]),
        None,
    ),
    # --- the sex ---------------------------------------------------------------------------------------
    (Case("a study of both sexes counts for women", [rct(sex="both")], Asked(sex="female")), "rct, benefit"),
    (Case("a study of both sexes counts for men", [rct(sex="both")], Asked(sex="male")), "rct, benefit"),
    (Case("a study of men does not count for women", [rct(sex="male")], Asked(sex="female")), None),
    (Case("a study of men counts for men", [rct(sex="male")], Asked(sex="male")), "rct, benefit"),
    (Case("a study of men counts when no sex is asked", [rct(sex="male")]), "rct, benefit"),
    (
        Case("a population not stated does not count for women", [rct(sex="unknown")], Asked(sex="female")),
        None,
    ),
    (
        Case(
            "a searched-for absence counts whatever its population",
            [{"level": "none-found", "finding": "unclear", "sex": "male", **SEARCHED}],
            Asked(sex="female"),
        ),
        "none-found",
    ),
]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reader]:
    small = SmallCatalogue()
    for number, (case, _) in enumerate(CASES):
        slug = f"agent-{number}"
        small.ingredient(slug)
        for statement in case.statements:
            small.evidence(slug, **statement)
    reader = small.reader(tmp_path_factory.mktemp("evidence"))
    yield reader
    reader.close()


def best_answer(reader: Reader, slug: str, asked: Asked) -> str | None:
    ingredient_id = queries.resolve(reader, slug)
    best = queries.best_evidence(reader, ingredient_id, asked.exclude_sponsored, asked.condition, asked.sex)
    return best[asked.route]["summary"]


@pytest.mark.parametrize(
    ("number", "expected"),
    [(n, expected) for n, (_, expected) in enumerate(CASES)],
    ids=[case.why for case, _ in CASES],
)
def test_the_best_evidence_follows_the_written_rule(
    catalogue: Reader, number: int, expected: str | None
) -> None:
    case = CASES[number][0]
    assert best_answer(catalogue, f"agent-{number}", case.asked) == expected


@pytest.mark.parametrize(
    ("statements", "grade", "finding"),
    [
        ([], None, None),
        ([rct(), rct(finding="harm")], "rct", "mixed"),
        ([{"level": "none-found", "finding": "unclear", **SEARCHED}], "none-found", "unclear"),
    ],
)
def test_the_grade_and_finding_are_given_apart_from_the_words(
    tmp_path: Path, statements: list[dict[str, Any]], grade: str | None, finding: str | None
) -> None:
    small = SmallCatalogue()
    small.ingredient("agent-a")
    for statement in statements:
        small.evidence("agent-a", **statement)
    reader = small.reader(tmp_path)
    try:
        best = queries.best_evidence(reader, queries.resolve(reader, "agent-a"))["intradermal"]
    finally:
        reader.close()
    assert (best["grade"], best["finding"]) == (grade, finding)


def test_list_reads_the_same_rule(catalogue: Reader) -> None:
    """`list` prints the best evidence of every row by the same rule (on a route and on injection)."""
    table = queries.list_ingredients(catalogue, route="intradermal")
    on_route, injected = table.columns.index("best_evidence"), table.columns.index("intradermal_evidence")
    listed = {row[0]: row for row in table.rows}
    for number, (case, expected) in enumerate(CASES):
        if case.asked == Asked():
            row = listed[f"agent-{number}"]
            # A list cell is never empty: nothing at all reads NONE_STORED.
            assert (row[on_route], row[injected]) == (grade_cell(expected),) * 2, case.why


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], None),
        ([None], None),
        (["unclear"], "unclear"),
        (["benefit"], "benefit"),
        (["benefit", "unclear"], "benefit"),
        (["benefit", "benefit"], "benefit"),
        (["benefit", "no-benefit"], "mixed"),
        (["harm", "unclear", "no-benefit"], "mixed"),
        (["mixed"], "mixed"),
    ],
)
def test_findings_combine_by_the_one_rule(findings: list[str | None], expected: str | None) -> None:
    assert combined_finding(findings) == expected


@pytest.mark.parametrize(
    ("rank", "directions", "expected"),
    [
        (None, None, None),
        (None, "benefit/benefit", None),
        (0, None, "unclear"),
        (4, "benefit/benefit", "benefit"),
        (4, "benefit/no-benefit", "mixed"),
    ],
)
def test_the_finding_at_the_best_grade(
    rank: int | None, directions: str | None, expected: str | None
) -> None:
    assert finding_at_best(rank, directions) == expected


@pytest.mark.parametrize(
    ("exclude", "condition", "sex", "expected"),
    [
        (False, None, None, {"include_sponsored": 1, "condition": None, "sex": None}),
        (True, "any", None, {"include_sponsored": 0, "condition": None, "sex": None}),
        (
            False,
            " Alopecia-Areata ",
            " Female ",
            {"include_sponsored": 1, "condition": AREATA, "sex": "female"},
        ),
        (False, "", "", {"include_sponsored": 1, "condition": None, "sex": None}),
        (False, AGA, "male", {"include_sponsored": 1, "condition": AGA, "sex": "male"}),
    ],
)
def test_what_is_asked_binds_as_the_rule_reads_it(
    exclude: bool, condition: str | None, sex: str | None, expected: dict[str, Any]
) -> None:
    assert evidence_params(exclude, condition, sex) == expected


@pytest.mark.parametrize(
    ("condition", "sex", "message"),
    [
        ("baldness", None, "unknown condition 'baldness'; choose from: androgenetic-alopecia,"),
        (None, "both", "unknown sex 'both'; choose from: male, female"),
        (None, "unknown", "unknown sex 'unknown'; choose from: male, female"),
    ],
)
def test_an_unknown_condition_or_sex_is_refused(condition: str | None, sex: str | None, message: str) -> None:
    with pytest.raises(UsageError) as refused:
        evidence_params(False, condition, sex)
    assert str(refused.value).startswith(message)


def test_the_catalogue_holds_only_the_rows_of_the_table(catalogue: Reader, tmp_path: Path) -> None:
    assert len(list(queries.list_ingredients(catalogue).rows)) == len(CASES)
