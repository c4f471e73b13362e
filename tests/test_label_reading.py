"""Labels read as a pharmacist reads them: each case of the label-reading rules is a row.

Notation (strengths after a colon, pharmacy 'qs', degrees of alcohol, bounds, signs, masses
made up to a volume, headings, run-on lines); actives joined by a slash, plus sign,
ampersand or 'and'; matching that never takes one substance for another; avoid-lists that
fail closed; and one reading of a formulation's components in every view. Each rule's
catalogue is built here from synthetic rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingredients.check import formulation_check
from ingredients.check.avoid_list import apply_avoid_list, read_avoid_list
from ingredients.check.flags import flags_on_route, parse_flags
from ingredients.check.formulation_check import check_formulation, check_items
from ingredients.check.label_notation import is_heading
from ingredients.check.mix_parsing import parse_list
from ingredients.core.errors import UsageError
from ingredients.core.identifiers import lookup_key
from ingredients.read.formulations import formulation_entry
from ingredients.read.name_kinds import reads_like
from ingredients.read.name_matching import NameMatcher
from ingredients.read.queries import suggest
from ingredients.store.reader import Reader

from .small_catalogue import SmallCatalogue

# --- notation: (the label's text, the items as (name, value, unit, bound)) ------------------
NOTATION_TABLE = [
    ("Minoxidil:5%", [("Minoxidil", 5.0, "%", None)]),
    ("Biotin:0.5%, Caffeine: 2%", [("Biotin", 0.5, "%", None), ("Caffeine", 2.0, "%", None)]),
    ("Minoxidil 5% w/v", [("Minoxidil", 5.0, "%", None)]),
    ("Minoxidil (5%)", [("Minoxidil", 5.0, "%", None)]),
    ("Minoxidil 5% w/w (without propellant)", [("Minoxidil", 5.0, "%", None)]),
    ("Aqua (water, purified)", [("Aqua (water, purified)", None, None, None)]),
    ("96% ethyl alcohol qs 100 ml", [("ethyl alcohol", 96.0, "%", None)]),
    ("Purified water q.s. ad 100 ml", [("Purified water", None, None, None)]),
    ("Propylene glycol ad 50 ml", [("Propylene glycol", None, None, None)]),
    ("Ethyl Alcohol 96°", [("Ethyl Alcohol", 96.0, "%", None)]),
    ("Ethanol 70% v/v", [("Ethanol", 70.0, "%", None)]),
    ("Caffeine <1%", [("Caffeine", 1.0, "%", "<")]),
    ("Caffeine &lt; 1%", [("Caffeine", 1.0, "%", "<")]),
    ("Minoxidil -5%", [("Minoxidil", -5.0, "%", None)]),
    ("Minoxidil \u22125%", [("Minoxidil", -5.0, "%", None)]),
    ("Minoxidil - 5%", [("Minoxidil", 5.0, "%", None)]),
    ("MINOXIDIL 5g in 100mL", [("MINOXIDIL", 5.0, "%", None)]),
    ("Finasteride 100 mg per 100 ml", [("Finasteride", 0.1, "%", None)]),
    ("Finasteride 1 mg/ml", [("Finasteride", 1.0, "mg/ml", None)]),
    (
        "Minoxidil 10 g\nPropylene glycol 20 ml\nEthanol qs 100 ml",
        [
            ("Minoxidil", 10.0, "%", None),
            ("Propylene glycol", None, None, None),
            ("Ethanol", None, None, None),
        ],
    ),
    (
        "Minoxidil 5% Finasteride 0.1% Biotin 0.2%",
        [("Minoxidil", 5.0, "%", None), ("Finasteride", 0.1, "%", None), ("Biotin", 0.2, "%", None)],
    ),
    ("Minoxidil 2% topical solution", [("Minoxidil 2% topical solution", None, None, None)]),
    ("Dutasteride 0.01 % (0.1 mg/ml)", [("Dutasteride", 0.01, "%", None)]),
    ("Active ingredient Minoxidil 5% w/v", [("Minoxidil", 5.0, "%", None)]),
    ("Epinephrine 1:100,000", [("Epinephrine 1:100,000", None, None, None)]),
    # DailyMed's structured listings: a mass per a quantity of the whole is per cent.
    ("MINOXIDIL 5 g/100g", [("MINOXIDIL", 5.0, "%", None)]),
    ("MINOXIDIL 5 g/100mL", [("MINOXIDIL", 5.0, "%", None)]),
    ("BIOTIN .005 g/mL", [("BIOTIN", 0.5, "%", None)]),
    ("MINOXIDIL 5 mg/100mg", [("MINOXIDIL", 5.0, "%", None)]),
    ("MINOXIDIL 50 mg/100mL", [("MINOXIDIL", 0.05, "%", None)]),
    ("MINOXIDIL 20 mg/mL", [("MINOXIDIL", 20.0, "mg/ml", None)]),
    # A pharmacopoeia grade after the name, with or without a comma.
    ("Minoxidil, USP 5% w/v", [("Minoxidil", 5.0, "%", None)]),
    ("Salicylic Acid USP 3%", [("Salicylic Acid", 3.0, "%", None)]),
    # A dotted leader to the Purpose column, whose words may hold commas.
    ("5% Minoxidil.........Hair regrowth treatment", [("Minoxidil", 5.0, "%", None)]),
    ("Coal Tar 1.8%.......Controls dandruff, seborrheic dermatitis", [("Coal Tar", 1.8, "%", None)]),
    ("Pyrithione Zinc 1% \u2026\u2026\u2026. Anti-dandruff", [("Pyrithione Zinc", 1.0, "%", None)]),
    ("Vitamin C.....", [("Vitamin C", None, None, None)]),
    # The ideographic comma separates; the register's 'unspecified form' is not a piece.
    ("MINOXIDIL\u3001BIOTIN", [("MINOXIDIL", None, None, None), ("BIOTIN", None, None, None)]),
    (
        "SODIUM CITRATE, UNSPECIFIED FORM, WATER",
        [("SODIUM CITRATE", None, None, None), ("WATER", None, None, None)],
    ),
    # The 'and' of a list's last item, after its comma.
    (
        "Minoxidil 10%, Biotin 0.2%, and Caffeine Citrate 0.05%",
        [("Minoxidil", 10.0, "%", None), ("Biotin", 0.2, "%", None), ("Caffeine Citrate", 0.05, "%", None)],
    ),
    # A heading alone keeps its words, to be reported as a heading.
    ("Active Ingredients:", [("Active Ingredients:", None, None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), NOTATION_TABLE, ids=[row[0] for row in NOTATION_TABLE])
def test_label_notation(text: str, expected: list[tuple[str, float | None, str | None, str | None]]) -> None:
    found = [(item.name, item.value, item.unit, item.bound) for item in parse_list(text)]
    assert [
        (name, None if value is None else round(value, 6), unit, bound) for name, value, unit, bound in found
    ] == (expected)


HEADING_TABLE = [
    ("ACTIVE INGREDIENT", True),
    ("Active ingredient(s)", True),
    ("Active ingredients (in each ml)", True),
    ("Inactive ingredients", True),
    ("inactive ingredients:", True),
    ("Drug Facts", True),
    ("Drug Facts (continued)", True),
    ("Compound", True),
    ("Contains", True),
    ("Each ml contains", True),
    ("Each 100 ml contains:", True),
    ("Ingredients", True),
    ("INCI", True),
    ("Composition:", True),
    ("Minoxidil", False),
    ("Contains minoxidil", False),
    ("Ingredients of the mix", False),
    ("Compound W", False),
]


@pytest.mark.parametrize(("text", "heading"), HEADING_TABLE)
def test_what_is_a_heading(text: str, heading: bool) -> None:
    assert is_heading(text) is heading


# --- the small catalogue for the rest ---------------------------------------------------------
def label_catalogue() -> SmallCatalogue:
    catalogue = SmallCatalogue()
    catalogue.ingredient("minoxidil", "Minoxidil", ingredient_class="vasodilator")
    catalogue.strength("minoxidil", 5)
    catalogue.ingredient("finasteride", "Finasteride", ingredient_class="5-alpha-reductase-inhibitor")
    catalogue.alias("finasteride", "Fincar", "trade-name")
    catalogue.alias("finasteride", "Propecia", "trade-name")
    catalogue.ingredient("caffeine", "Caffeine", ingredient_class="methylxanthine")
    catalogue.alias("caffeine", "Theine")
    catalogue.ingredient("biotin", "Biotin", ingredient_class="vitamin")
    catalogue.ingredient("acetyl-tetrapeptide-3", "Acetyl Tetrapeptide-3", ingredient_class="peptide")
    catalogue.ingredient("ginkgo", "Ginkgo Biloba Leaf Extract", ingredient_class="plant-extract")
    catalogue.ingredient(
        "growth-factors", "Recombinant growth factors", ingredient_class="growth-factor-or-cell-derived"
    )
    catalogue.alias("growth-factors", "sh-Oligopeptide-1")
    catalogue.ingredient("pyridoxine-hydrochloride", "Pyridoxine Hydrochloride", ingredient_class="vitamin")
    catalogue.ingredient(
        "triamcinolone-acetonide", "Triamcinolone acetonide", ingredient_class="corticosteroid"
    )
    catalogue.ingredient("urea", "Urea", ingredient_class="other")
    catalogue.ingredient("magnesium-sulfate", "Magnesium Sulfate", ingredient_class="mineral")
    catalogue.ingredient("magnesium-nitrate", "Magnesium Nitrate", ingredient_class="mineral")
    catalogue.excipient("water", "Aqua", category="vehicle", synonyms="Water;Eau;Purified water")
    catalogue.excipient("glycerin", "Glycerin", category="humectant")
    catalogue.excipient("cct", "Caprylic/Capric Triglyceride", category="emollient")
    catalogue.excipient("iron-oxides", "CI 77492", category="colorant")
    catalogue.excipient(
        "almond-oil", "Prunus Amygdalus Dulcis Oil", category="emollient", synonyms="Sweet almond oil"
    )
    catalogue.excipient("triethanolamine", "Triethanolamine", category="ph-adjuster")
    catalogue.formulation(
        "capixyl-blend",
        [("acetyl-tetrapeptide-3", None, None)],
        unlinked=("Red clover extract",),
        name="Capixyl (acetyl tetrapeptide-3 with red clover extract)",
    )
    catalogue.formulation("caffeine-drops", [("caffeine", 1.0, "%")], name="Caffeine")
    catalogue.formulation(
        "mix-a",
        [("minoxidil", 5.0, "%")],
        unlinked=("Purified water", "Glycerin", "Minoxidl", "Nothing known"),
    )
    return catalogue


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    return label_catalogue().reader(tmp_path_factory.mktemp("labels"))


# --- joined actives: (the label's text, each item as (slug or excipient name, declared)) --------
JOINED_TABLE = [
    ("Minoxidil/Finasteride", [("minoxidil", None), ("finasteride", None)]),
    (
        "Minoxidil 5% / Finasteride 0.3% / Biotin 0.03% / Caffeine 2%",
        [("minoxidil", "5 %"), ("finasteride", "0.3 %"), ("biotin", "0.03 %"), ("caffeine", "2 %")],
    ),
    ("Minoxidil+Finasteride", [("minoxidil", None), ("finasteride", None)]),
    ("Biotin & Caffeine", [("biotin", None), ("caffeine", None)]),
    ("Biotin &amp; Caffeine 1%", [("biotin", None), ("caffeine", "1 %")]),
    ("Biotin and Caffeine", [("biotin", None), ("caffeine", None)]),
    ("Aqua & Glycerin", [("Aqua", None), ("Glycerin", None)]),
    # One name with a slash, and one substance named three ways, stay whole.
    ("Caprylic/Capric Triglyceride", [("Caprylic/Capric Triglyceride", None)]),
    ("Aqua/Water/Eau", [("Aqua", None)]),
    # One part known, one not: read apart, so that the unknown one is reported, not dropped.
    ("Minoxidil/Unknownium", [("minoxidil", None), (None, None)]),
    # A slash inside a unit joins nothing.
    ("Minoxidil 5 g/100g", [("minoxidil", "5 %")]),
    ("Minoxidill 5 g/100g", [("minoxidil", "5 %")]),
    ("Minoxidil 2 mg/ml", [("minoxidil", "2 mg/ml")]),
    # No part known: one unknown name.
    ("Unknownium/Otherium", [(None, None)]),
]


def _named(report_item: object) -> str | None:
    match = report_item.match  # type: ignore[attr-defined]
    return match.slug or (match.excipient.inci_name if match.excipient else None)


@pytest.mark.parametrize(("text", "expected"), JOINED_TABLE, ids=[row[0] for row in JOINED_TABLE])
def test_joined_actives_are_read_apart(
    reader: Reader, text: str, expected: list[tuple[str | None, str | None]]
) -> None:
    report = check_items(reader, parse_list(text), "topical")
    assert [(_named(item), item.item.declared) for item in report.items] == expected
    assert [item.item.position for item in report.items] == list(range(1, len(expected) + 1))


def test_both_actives_of_a_slash_keep_their_findings(reader: Reader) -> None:
    report = check_items(
        reader, parse_list("Minoxidil 10 g\nFinasteride 0.1 g\nEthanol qs 100 ml"), "topical"
    )
    assert [(item.match.slug, item.item.declared) for item in report.items[:2]] == [
        ("minoxidil", "10 %"),
        ("finasteride", "0.1 %"),
    ]
    assert [finding.kind for finding in report.findings if finding.kind == "above-strength"] == [
        "above-strength"
    ]


# --- a named blend read as its recorded parts: (the label's text, each row as (given, read as)) ---
_CAPIXYL_PARTS = [
    ("Capixyl: acetyl-tetrapeptide-3", "acetyl-tetrapeptide-3"),
    ("Capixyl: Red clover extract", "unmatched"),
]
BLEND_TABLE = [
    ("Capixyl 2%", [("Capixyl 2%", "blend"), *_CAPIXYL_PARTS]),
    ("capixyl", [("capixyl", "blend"), *[(f"capixyl{given[7:]}", read) for given, read in _CAPIXYL_PARTS]]),
    (
        "capixyl-blend",
        [
            ("capixyl-blend", "blend"),
            *[(f"capixyl-blend{given[7:]}", read) for given, read in _CAPIXYL_PARTS],
        ],
    ),
    (
        "Capixyl (acetyl tetrapeptide-3 with red clover extract)",
        [
            ("Capixyl (acetyl tetrapeptide-3 with red clover extract)", "blend"),
            *[
                (f"Capixyl (acetyl tetrapeptide-3 with red clover extract){given[7:]}", read)
                for given, read in _CAPIXYL_PARTS
            ],
        ],
    ),
    # An agent's name is the agent, whatever formulation holds it; a near name is no blend.
    ("Minoxidil", [("Minoxidil", "minoxidil")]),
    ("Caffeine", [("Caffeine", "caffeine")]),
    ("Capixyl Plus", [("Capixyl Plus", "unmatched")]),
    ("Biotin, Capixyl", [("Biotin", "biotin"), ("Capixyl", "blend"), *_CAPIXYL_PARTS]),
]


@pytest.mark.parametrize(("text", "expected"), BLEND_TABLE, ids=[row[0] for row in BLEND_TABLE])
def test_a_named_blend_is_read_as_its_parts(
    reader: Reader, text: str, expected: list[tuple[str, str]]
) -> None:
    report = check_items(reader, parse_list(text), "topical")
    assert [(item.item.given, item.match.slug or item.match.way) for item in report.items] == expected
    assert [item.item.position for item in report.items] == list(range(1, len(expected) + 1))
    blends = [finding.text for finding in report.findings if finding.kind == "blend"]
    first = [n for n, (_, read) in enumerate(expected, 1) if read == "blend"]
    assert [f"(items {n + 1}-{n + 2})" in text for n, text in zip(first, blends, strict=True)] == [
        True
    ] * len(first)


def test_a_blend_part_carries_no_strength(reader: Reader) -> None:
    report = check_items(reader, parse_list("Capixyl 2%"), "topical")
    assert [item.item.declared for item in report.items] == ["2 %", None, None]
    assert report.items[0].name == "Capixyl (acetyl tetrapeptide-3 with red clover extract)"


# --- matching never mistakes a substance: (the name, what it may be read as, what is offered) ----
MISTAKES_TABLE = [
    ("Acetyl Tetrapeptide-2", None, ()),
    ("Acetyl Tetrapeptide-5", None, ()),
    ("Acetyl Tetrapeptide-9", None, ()),
    ("Acetyl Tetrapeptide-17", None, ()),
    ("Acetyl Octapeptide-3", None, ()),
    ("Acetyl Tetrapeptid-3", "acetyl-tetrapeptide-3", ()),
    # Theanine, zinc sulfate, Cafeina, triamcinolone and Salmon DNA: SUGGESTION_KINDS_TABLE.
    ("Ginkgo Biloba Nut Extract", None, ()),
    ("Ginkgo Biloba Leaf Extrakt", "ginkgo", ()),
    ("sh-Oligopeptide-2", None, ()),
    ("Vit B6", None, ()),
    ("CI 77491", None, ()),
    # Another salt is not taken; the drug's stored salt is offered.
    ("Pyridoxine sulfate", None, ("Pyridoxine Hydrochloride (pyridoxine-hydrochloride, 61%)",)),
    # Under five letters and digits: offered, never taken; five are enough to be taken.
    ("Ure", None, ("Urea (urea, 86%)",)),
    ("Uraa", None, ("Urea (urea, 75%)",)),
    ("Biotn", "biotin", ()),
    # A salt written two ways is one salt; another salt is another substance: not taken (the
    # stored salts of the same base are offered).
    ("Magnesium Sulphate", "magnesium-sulfate", ()),
    (
        "Magnesium Citrate",
        None,
        ("Magnesium Nitrate (magnesium-nitrate, 72%)", "Magnesium Sulfate (magnesium-sulfate, 72%)"),
    ),
    ("Minoxidl", "minoxidil", ()),
]


@pytest.mark.parametrize(("text", "slug", "offered"), MISTAKES_TABLE, ids=[row[0] for row in MISTAKES_TABLE])
def test_a_near_name_never_names_another_substance(
    reader: Reader, text: str, slug: str | None, offered: tuple[str, ...]
) -> None:
    found = NameMatcher(reader).match(text)
    assert found.slug == slug
    if slug is None:
        assert found.suggestions == offered


# --- suggestions of the same kind: (the name, what is offered) ---------------------------------
def kinds_catalogue() -> SmallCatalogue:
    catalogue = SmallCatalogue()
    catalogue.ingredient("finasteride", "Finasteride", ingredient_class="5-alpha-reductase-inhibitor")
    catalogue.alias("finasteride", "Fincar", "trade-name")
    catalogue.ingredient("caffeine", "Caffeine", ingredient_class="methylxanthine")
    catalogue.alias("caffeine", "Theine")
    catalogue.ingredient(
        "triamcinolone-acetonide", "Triamcinolone acetonide", ingredient_class="corticosteroid"
    )
    catalogue.ingredient("polynucleotides", "Polynucleotides", ingredient_class="nucleic-acid")
    catalogue.ingredient("zinc-gluconate", "Zinc Gluconate", ingredient_class="mineral")
    catalogue.ingredient("l-cysteine", "L-Cysteine", ingredient_class="amino-acid")
    # Drugs spelt near a mineral, an amino acid and an excipient: never offered for them.
    catalogue.ingredient("magnesil", "Magnesil", ingredient_class="vasodilator")
    catalogue.ingredient("cystinol", "Cystinol", ingredient_class="other")
    catalogue.ingredient("cetylin", "Cetylin", ingredient_class="local-anaesthetic")
    catalogue.excipient("triethanolamine", "Triethanolamine", category="ph-adjuster")
    catalogue.excipient("triacetin", "Triacetin", category="solvent")
    catalogue.excipient("cetyl-alcohol", "Cetyl Alcohol", category="emollient")
    catalogue.excipient(
        "almond-oil", "Prunus Amygdalus Dulcis Oil", category="emollient", synonyms="Sweet almond oil"
    )
    return catalogue


# (the name; what `check` takes it for; what `check` offers; what `show` offers)
SUGGESTION_KINDS_TABLE = [
    # The cases: no trade name of a drug for a mineral salt or a misspelling.
    ("zinc sulfate", None, (), ()),
    ("Cafeina", None, ("Caffeine (caffeine, 80%)",), ("Caffeine",)),
    # A stored agent's name begins with it: that agent, never an excipient.
    (
        "triamcinolone",
        None,
        ("Triamcinolone acetonide (triamcinolone-acetonide, 74%)",),
        ("Triamcinolone acetonide",),
    ),
    (
        "Triamcin",
        None,
        ("Triamcinolone acetonide (triamcinolone-acetonide, 53%)",),
        ("Triamcinolone acetonide",),
    ),
    ("Salmon DNA", None, (), ()),
    # Reads like a mineral: only minerals are offered, not the drug spelt near it.
    ("Magnesium", None, (), ()),
    ("Zinc Glukonate", "zinc-gluconate", (), ("Zinc Gluconate",)),
    # Reads like an amino acid: no drug (Theanine is two edits from caffeine's 'Theine'); an
    # amino acid, yes.
    ("Theanine", None, (), ()),
    ("Cystine", None, (), ()),
    ("L-Cysteien", None, ("L-Cysteine (l-cysteine, 89%)",), ("L-Cysteine",)),
    # Reads like an excipient: excipients only, even when a drug's name begins with it.
    ("Cetyl Alcohl", None, ("Cetyl Alcohol (excipient: emollient, 96%)",), ()),
    ("Cetyl", None, (), ()),
]


READS_LIKE_TABLE = [
    ("zinc sulfate", "mineral"),
    ("Magnesium Sulphate Heptahydrate", "mineral"),
    ("Zinc", "mineral"),
    ("Pyrithione Zinc", None),
    ("Copper Tripeptide-1", None),
    ("Theanine", "amino-acid"),
    ("L-Cysteine", "amino-acid"),
    ("N-Acetyl-L-Cysteine", "amino-acid"),
    ("Lysine HCl", "amino-acid"),
    ("Leucine", "amino-acid"),
    ("Cysteine Peptide", None),
    ("PEG-40 Hydrogenated Castor Oil", "excipient"),
    ("Laureth-4", "excipient"),
    ("Cocamidopropyl Betaine", "excipient"),
    ("FD&C Blue No. 1", "excipient"),
    ("CI 77491", "excipient"),
    ("Cafeina", None),
    ("triamcinolone", None),
    ("Salmon DNA", None),
]


@pytest.mark.parametrize(("text", "kind"), READS_LIKE_TABLE, ids=[row[0] for row in READS_LIKE_TABLE])
def test_what_a_name_reads_like(text: str, kind: str | None) -> None:
    assert reads_like(text) == kind


@pytest.fixture(scope="module")
def kinds_reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    return kinds_catalogue().reader(tmp_path_factory.mktemp("kinds"))


@pytest.mark.parametrize(
    ("text", "slug", "offered", "shown"),
    SUGGESTION_KINDS_TABLE,
    ids=[row[0] for row in SUGGESTION_KINDS_TABLE],
)
def test_suggestions_come_from_the_same_kind_of_thing(
    kinds_reader: Reader, text: str, slug: str | None, offered: tuple[str, ...], shown: tuple[str, ...]
) -> None:
    found = NameMatcher(kinds_reader).match(text)
    assert (found.slug, found.suggestions) == (slug, offered)
    assert tuple(suggest(kinds_reader, lookup_key(text))) == shown


# --- avoid-lists fail closed ----------------------------------------------------------------
_FLAGS = """
[[minoxidil]]
flag = "warning-pregnancy"
source = "label-a"
text = "Its label warns against use in pregnancy."
routes = ["topical"]

[[minoxidil]]
flag = "systemic-exposure"
source = "trial-b"
text = "Injected, it reaches the circulation."
routes = ["intradermal"]
"""


@pytest.mark.parametrize(
    ("entries", "unreadable"),
    [
        (["finasterid"], "'finasterid'"),
        (
            ["Propecia", "finasterid", "pregnancy", "Glycerin", "vitamin", "humectant", "xyz"],
            "'finasterid', 'xyz'",
        ),
        (["local anaesthetic"], "'local anaesthetic'"),
    ],
)
def test_an_avoid_list_entry_that_names_nothing_stops_the_check(
    reader: Reader, entries: list[str], unreadable: str
) -> None:
    report = check_items(reader, parse_list("Minoxidil"), "topical")
    expected = f"does not know, so it cannot be checked: {unreadable} \\(write a name, alias, trade name"
    with pytest.raises(UsageError, match=expected):
        apply_avoid_list(reader, report, read_avoid_list(entries))


@pytest.mark.parametrize(
    ("given", "entry", "route", "hit"),
    [
        ("Minoxidil", "pregnancy", "topical", True),
        ("Minoxidil", "pregnancy", "intradermal", True),
        ("Minoxidil", "pregnancy", "oral", False),
        ("Fincar", "Propecia", "topical", True),
        ("Aqua", "Purified water", "topical", True),
        ("Glycerin", "humectant", "topical", True),
        ("Glycerin", "Aqua", "topical", False),
    ],
)
def test_what_an_avoid_list_hits(
    reader: Reader, monkeypatch: pytest.MonkeyPatch, given: str, entry: str, route: str, hit: bool
) -> None:
    monkeypatch.setattr(formulation_check, "shipped_flags", lambda: parse_flags(_FLAGS))
    report = check_items(reader, parse_list(given), route)
    avoided = apply_avoid_list(reader, report, read_avoid_list([entry]))
    assert any(finding.kind == "on-avoid-list" for finding in avoided.findings) is hit


@pytest.mark.parametrize(
    ("route", "kinds"),
    [
        ("topical", ["warning-pregnancy"]),
        ("intradermal", ["warning-pregnancy", "systemic-exposure"]),
        ("oral", []),
    ],
)
def test_a_pregnancy_flag_applies_where_the_route_reaches_the_circulation(
    route: str, kinds: list[str]
) -> None:
    assert [flag.kind for flag in flags_on_route(parse_flags(_FLAGS)["minoxidil"], route)] == kinds


# --- one reading of a formulation's components in every view ------------------------------------
def test_the_formulation_view_reads_unlinked_components_as_check_does(reader: Reader) -> None:
    entry = formulation_entry(reader, "mix-a")
    checked = check_formulation(reader, "mix-a")
    assert [component["read_as"] for component in entry["components"]] == [
        None,
        "excipient: Aqua (vehicle)",
        "excipient: Glycerin (humectant)",
        "Minoxidil [minoxidil], fuzzy 94%",
        None,
    ]
    assert [item.match.way for item in checked.items] == [
        "stored link",
        "excipient",
        "excipient",
        "fuzzy",
        "unmatched",
    ]


def test_the_site_says_what_a_component_was_read_as(reader: Reader, tmp_path: Path) -> None:
    from ingredients.site.views import formulation_page

    page = formulation_page(formulation_entry(reader, "mix-a"), {})
    assert [component["read_as"] for component in page["components"]][1] == "excipient: Aqua (vehicle)"
