"""Lists as real labels write them: each case is a label's wording or an INCI labelling
convention, with the items `check` must read from it (names, and the strength declared)."""

from __future__ import annotations

import json

import pytest

from ingredients.check.mix_parsing import parse_list
from tests.conftest import Invoke

# (where the wording comes from, the text, the items as (name, value, unit) or name alone)
LABEL_CASES = [
    # US Drug Facts labels (DailyMed): headings, actives with strengths, inactive lists.
    (
        "CVS minoxidil 5% foam, inactive ingredients",
        "Inactive ingredients: butane, butylated hydroxytoluene, cetyl alcohol, citric acid, glycerin, "
        "isobutane, lactic acid, polysorbate 60, propane, purified water, SD alcohol 40-B, stearyl alcohol",
        [
            "butane",
            "butylated hydroxytoluene",
            "cetyl alcohol",
            "citric acid",
            "glycerin",
            "isobutane",
            "lactic acid",
            "polysorbate 60",
            "propane",
            "purified water",
            "SD alcohol 40-B",
            "stearyl alcohol",
        ],
    ),
    ("Drug Facts active ingredient line", "Active ingredient: Minoxidil 5% w/w", [("Minoxidil", 5.0, "%")]),
    (
        "Drug Facts, heading with a bracket",
        "Active ingredient (in each gram): Minoxidil 5%",
        [("Minoxidil", 5.0, "%")],
    ),
    (
        "Walgreens minoxidil 2% solution, two headings on one line",
        "Active ingredient: Minoxidil 2% w/v. "
        "Inactive ingredients: alcohol, propylene glycol, purified water",
        [("Minoxidil", 2.0, "%"), "alcohol", "propylene glycol", "purified water"],
    ),
    (
        "Drug Facts, headings on their own lines",
        "Active ingredient\nMinoxidil 5% w/v\n"
        "Inactive ingredients\nalcohol, propylene glycol, purified water",
        [
            "Active ingredient",
            ("Minoxidil", 5.0, "%"),
            "Inactive ingredients",
            "alcohol",
            "propylene glycol",
            "purified water",
        ],
    ),
    ("'Other ingredients' heading", "Other ingredients: water, glycerin", ["water", "glycerin"]),
    # Injection labels: salts, strengths per ml, pH adjusters.
    (
        "Lidocaine HCl injection (Fresenius Kabi)",
        "Lidocaine Hydrochloride 10 mg/mL, Sodium Chloride 6 mg, Methylparaben 1 mg, Water for Injection",
        [
            ("Lidocaine Hydrochloride", 10.0, "mg/ml"),
            ("Sodium Chloride", 6.0, "mg"),
            ("Methylparaben", 1.0, "mg"),
            "Water for Injection",
        ],
    ),
    (
        "pH adjusters on injection labels",
        "Sodium Hydroxide and/or Hydrochloric Acid (to adjust pH)",
        ["Sodium Hydroxide", "Hydrochloric Acid (to adjust pH)"],
    ),
    (
        "Novocain (procaine HCl injection)",
        "Procaine Hydrochloride 10 mg/mL; Acetone Sodium Bisulfite; Chlorobutanol; Sodium Chloride",
        [
            ("Procaine Hydrochloride", 10.0, "mg/ml"),
            "Acetone Sodium Bisulfite",
            "Chlorobutanol",
            "Sodium Chloride",
        ],
    ),
    ("lidocaine with epinephrine", "Lidocaine 2% with epinephrine", [("Lidocaine", 2.0, "%"), "epinephrine"]),
    (
        "lidocaine with epinephrine, ratio kept",
        "Lidocaine HCl 1% with Epinephrine 1:100,000",
        [("Lidocaine HCl", 1.0, "%"), "Epinephrine 1:100,000"],
    ),
    ("two actives joined by +", "Minoxidil + Finasteride", ["Minoxidil", "Finasteride"]),
    (
        "two actives with strengths joined by +",
        "Minoxidil 5% + Finasteride 0.1%",
        [("Minoxidil", 5.0, "%"), ("Finasteride", 0.1, "%")],
    ),
    (
        "a compounded solution, US Pharmacist",
        "Minoxidil 10%, Finasteride 0.1%, Biotin 0.2%, Caffeine citrate 0.05%",
        [
            ("Minoxidil", 10.0, "%"),
            ("Finasteride", 0.1, "%"),
            ("Biotin", 0.2, "%"),
            ("Caffeine citrate", 0.05, "%"),
        ],
    ),
    (
        "Finjuve spray",
        "finasteride 2.275 mg/ml, ethanol (96%), propylene glycol, hydroxypropyl chitosan",
        [
            ("finasteride", 2.275, "mg/ml"),
            ("ethanol", 96.0, "%"),
            "propylene glycol",
            "hydroxypropyl chitosan",
        ],
    ),
    ("a strength written onto the name", "Minoxidil5%", [("Minoxidil", 5.0, "%")]),
    ("a percentage before the name", "5% Minoxidil", [("Minoxidil", 5.0, "%")]),
    ("units per session", "Botulinum toxin type A 100 U", [("Botulinum toxin type A", 100.0, "U")]),
    # EU INCI lists (Regulation (EC) No 1223/2009 labelling conventions).
    (
        "INCI (and) between the substances of a blend",
        "Cetearyl Alcohol (and) Ceteareth-20",
        ["Cetearyl Alcohol", "Ceteareth-20"],
    ),
    (
        "INCI (and), three substances",
        "Glyceryl Stearate (and) PEG-100 Stearate (and) Cetyl Alcohol",
        ["Glyceryl Stearate", "PEG-100 Stearate", "Cetyl Alcohol"],
    ),
    ("multilingual water", "Aqua/Water/Eau", ["Aqua/Water/Eau"]),
    ("one INCI name with a slash", "Caprylic/Capric Triglyceride", ["Caprylic/Capric Triglyceride"]),
    (
        "a slash name in a list",
        "Aqua, Caprylic/Capric Triglyceride, Glycerin",
        ["Aqua", "Caprylic/Capric Triglyceride", "Glycerin"],
    ),
    (
        "a common name in brackets",
        "Butyrospermum Parkii (Shea) Butter",
        ["Butyrospermum Parkii (Shea) Butter"],
    ),
    ("perfume", "Parfum (Fragrance)", ["Parfum (Fragrance)"]),
    (
        "a synonym list in brackets keeps its commas",
        "Tocopherol (Vitamin E, mixed tocopherols), Aqua",
        ["Tocopherol (Vitamin E, mixed tocopherols)", "Aqua"],
    ),
    (
        "may contain, bracketed list",
        "Aqua, Glycerin, [+/- CI 77491, CI 77492]",
        ["Aqua", "Glycerin", "CI 77491", "CI 77492"],
    ),
    (
        "may contain, written out",
        "Aqua, Glycerin. May contain (+/-): CI 77491, CI 77499",
        ["Aqua", "Glycerin", "CI 77491", "CI 77499"],
    ),
    ("may contain on its own line", "Aqua\nMay contain: CI 77891", ["Aqua", "CI 77891"]),
    ("+/- on its own line", "Aqua\n+/- CI 77491", ["Aqua", "CI 77491"]),
    ("Alcohol Denat. keeps its full stop", "Alcohol Denat., Aqua", ["Alcohol Denat.", "Aqua"]),
    ("a name's full stop at the list's end", "Aqua, Alcohol Denat.", ["Aqua", "Alcohol Denat."]),
    # The full stop closing a list, after the last item's strength, is the list's.
    ("a closing stop after per cent", "Aqua, Minoxidil 5%.", ["Aqua", ("Minoxidil", 5.0, "%")]),
    ("a closing stop after w/v", "Minoxidil 5% w/v.", [("Minoxidil", 5.0, "%")]),
    ("a closing stop after (w/w)", "Minoxidil 5 % (w/w).", [("Minoxidil", 5.0, "%")]),
    ("a closing stop after mg", "Biotin 20 mg.", [("Biotin", 20.0, "mg")]),
    ("a closing stop after mg, unspaced", "Biotin 20mg.", [("Biotin", 20.0, "mg")]),
    ("a closing stop after a grade's strength", "Minoxidil USP 5%.", [("Minoxidil", 5.0, "%")]),
    ("a closing stop after qs", "Aqua qs 100 ml.", ["Aqua"]),
    # The US colour additives with a number sign, as the FDA names them.
    ("FD&C colour with #", "FD&C Blue #1", ["FD&C Blue No. 1"]),
    ("D&C colour with a spaced #", "D&C Red # 33", ["D&C Red No. 33"]),
    ("external D&C colour with #", "Ext. D&C Violet #2", ["Ext. D&C Violet No. 2"]),
    ("a colour with # closing a list", "Aqua, FD&C Yellow #5.", ["Aqua", "FD&C Yellow No. 5"]),
    ("a number sign elsewhere stays", "Fragrance #12", ["Fragrance #12"]),
    (
        "a number inside a name",
        "PEG-40 Hydrogenated Castor Oil, Polysorbate 20",
        ["PEG-40 Hydrogenated Castor Oil", "Polysorbate 20"],
    ),
    ("a comma between digits", "1,2-Hexanediol, Caffeine", ["1,2-Hexanediol", "Caffeine"]),
    ("a chemical name with commas", "2-Bromo-2-Nitropropane-1,3-Diol", ["2-Bromo-2-Nitropropane-1,3-Diol"]),
    # Text copied from web pages: entities and stray marks.
    (
        "HTML entities from a web copy",
        "Tocopheryl Acetate &#40;Vitamin E&#41;, Aqua &amp; Glycerin",
        ["Tocopheryl Acetate (Vitamin E)", "Aqua & Glycerin"],
    ),
    ("a non-breaking space entity", "Minoxidil&nbsp;5%", [("Minoxidil", 5.0, "%")]),
    ("a bullet list", "• Biotin\n• Caffeine\n• Panthenol", ["Biotin", "Caffeine", "Panthenol"]),
    ("a numbered list", "1. Biotin\n2. Caffeine\n3) Dexpanthenol", ["Biotin", "Caffeine", "Dexpanthenol"]),
    ("marks alone keep their place", "Biotin, ???, Caffeine", ["Biotin", "???", "Caffeine"]),
    ("empty brackets keep their place", "Biotin, (), Caffeine", ["Biotin", "()", "Caffeine"]),
    ("blank pieces are only separators", "Biotin,, ;Caffeine,", ["Biotin", "Caffeine"]),
    (
        "'with' inside brackets is part of the name",
        "Aqua (with minerals), Biotin",
        ["Aqua (with minerals)", "Biotin"],
    ),
    (
        "a mesotherapy cocktail as a clinic writes it",
        "Dutasteride 0.01% + Biotin 20 mg + Dexpanthenol 500 mg",
        [("Dutasteride", 0.01, "%"), ("Biotin", 20.0, "mg"), ("Dexpanthenol", 500.0, "mg")],
    ),
]


def _expected(item: str | tuple[str, float, str]) -> tuple[str, float | None, str | None]:
    return (item, None, None) if isinstance(item, str) else item


@pytest.mark.parametrize(("where", "text", "expected"), LABEL_CASES, ids=[case[0] for case in LABEL_CASES])
def test_label_wording_is_read_as_its_items(where: str, text: str, expected: list[object]) -> None:
    items = parse_list(text)
    assert [(item.name, item.value, item.unit) for item in items] == [_expected(e) for e in expected]  # type: ignore[arg-type]
    assert [item.position for item in items] == list(range(1, len(items) + 1))


def test_there_are_at_least_forty_label_cases() -> None:
    assert len(LABEL_CASES) >= 40


@pytest.mark.parametrize(
    "text",
    [
        "(" * 5000 + "Biotin" + ")" * 5000,
        "Biotin, " * 400 + "x" * 90_000,
        "[+/- " * 2000,
        "(and) " * 10_000,
        " with " * 10_000 + "Biotin",
    ],
)
def test_hostile_input_gets_a_clear_result(text: str) -> None:
    try:
        items = parse_list(text)
    except Exception as exc:
        assert type(exc).__name__ == "IngredientsError", exc
    else:
        assert items


@pytest.mark.parametrize(
    ("label", "route"),
    [
        (
            "Lidocaine Hydrochloride 10 mg/mL, Sodium Chloride 6 mg, Methylparaben 1 mg, "
            "Sodium Hydroxide and/or Hydrochloric Acid (to adjust pH), Water for Injection",
            "intradermal",
        ),
        (
            "Active ingredient: Minoxidil 2% w/v. "
            "Inactive ingredients: alcohol, propylene glycol, purified water",
            "topical",
        ),
        (
            "Aqua/Water/Eau, Caprylic/Capric Triglyceride, Cetearyl Alcohol (and) Ceteareth-20, "
            "Parfum (Fragrance), "
            "Butyrospermum Parkii (Shea) Butter, Glycerin. May contain (+/-): CI 77491",
            "topical",
        ),
    ],
)
def test_a_real_label_checks_with_every_item_known(invoke: Invoke, label: str, route: str) -> None:
    result = invoke("check", label, "--route", route, "-f", "json")
    items = json.loads(result.stdout)["ingredients"]
    assert [item["given"] for item in items if item["match"] in ("unmatched", "skipped")] == []
