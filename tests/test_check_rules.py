"""The rules of `check`, each specified by a table on a small catalogue built for it.

Name matching (exact ways, salts, excipients, vehicles, the fuzzy floors and margins),
label splitting (with metamorphic variants: capitals, HTML entities, extra spaces), the
strength checks at their boundaries, and the avoid-list. Nothing here reads the seed data:
the rows each rule needs are written below, so the seed can change without these moving.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from ingredients.check import formulation_check
from ingredients.check.avoid_list import apply_avoid_list, read_avoid_list
from ingredients.check.check_report import Strength
from ingredients.check.flags import parse_flags
from ingredients.check.formulation_check import check_items, check_strength
from ingredients.check.mix_parsing import Item, parse_list
from ingredients.core.errors import NotFoundError
from ingredients.read.name_matching import NameMatcher
from ingredients.read.queries import nothing_found, resolve
from ingredients.read.sources import source_entry
from ingredients.read.suggestions import suggestions
from ingredients.store.reader import Reader

from .small_catalogue import SmallCatalogue


def matching_catalogue() -> SmallCatalogue:
    """Agents and excipients whose names sit on each branch of the matcher."""
    catalogue = SmallCatalogue()
    catalogue.ingredient("procaine", "Procaine", ingredient_class="local-anaesthetic", cas_number="59-46-1")
    catalogue.alias("procaine", "Novocain", "trade-name")
    catalogue.alias("procaine", "Ethocaine")
    catalogue.ingredient("dexpanthenol", "Dexpanthenol", inci_name="Panthenol")
    catalogue.ingredient("prp", "Platelet-Rich Plasma")
    catalogue.ingredient("dmae", "Dimethylaminoethanol")
    catalogue.ingredient("zinc-gluconate", "Zinc Gluconate")
    catalogue.ingredient("pyridoxine", "Pyridoxine Hydrochloride")
    catalogue.ingredient("minoxidil", "Minoxidil", ingredient_class="vasodilator")
    catalogue.ingredient("minoxidol", "Minoxidol")
    catalogue.ingredient("acide-hyaluronique", "Acide hyaluronique é")
    catalogue.excipient("propane", "Propane", category="propellant", injectable="no")
    catalogue.excipient("cetyl-alcohol", "Cetyl Alcohol", category="emollient", synonyms="Hexadecanol")
    return catalogue


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> NameMatcher:
    return NameMatcher(matching_catalogue().reader(tmp_path_factory.mktemp("matching")))


# --- name matching: a decision table ---------------------------------------------------
# (the name as written, how it must be matched, the slug it must name or None, confidence)
MATCHING_TABLE = [
    # Exact, by each way, in any case and with or without spaces, hyphens and accents.
    ("Procaine", "name", "procaine", 100),
    ("PRO-CAINE", "name", "procaine", 100),
    ("Procaïne", "name", "procaine", 100),
    ("Novocain", "alias", "procaine", 100),
    ("ethocaine", "alias", "procaine", 100),
    ("Panthenol", "INCI name", "dexpanthenol", 100),
    ("PANTHÉNOL", "INCI name", "dexpanthenol", 100),
    ("59-46-1", "CAS RN", "procaine", 100),
    ("CAS No. 59-46-1", "CAS RN", "procaine", 100),
    ("prp", "slug", "prp", 100),
    ("Platelet rich plasma", "name", "prp", 100),
    # Bracketed parts and slash names are tried one by one.
    ("Panthenol (vitamin B5)", "INCI name", "dexpanthenol", 100),
    ("Vitamin B5 (Panthenol)", "INCI name", "dexpanthenol", 100),
    ("Novocain/Procaine", "alias", "procaine", 100),
    # A salt or hydrate after a name is the name, when no entry holds the salt.
    ("Procaine hydrochloride", "name", "procaine", 100),
    ("Procaine HCl monohydrate", "name", "procaine", 100),
    ("Pyridoxine Hydrochloride", "name", "pyridoxine", 100),
    # Excipients by INCI name, synonym and slug; vehicles are neither matched nor unmatched.
    ("Propane", "excipient", None, 100),
    ("hexadecanol", "excipient", None, 100),
    ("cetyl-alcohol", "excipient", None, 100),
    ("Aqua", "vehicle", None, None),
    ("Water for injection", "vehicle", None, None),
    # Fuzzy: taken at 85 and above, with the score; below it, only suggested.
    ("Procain", "fuzzy", "procaine", 93),
    ("Dimethylaminoethaxxx", "fuzzy", "dmae", 85),
    ("Dimethylaminoethxx", "unmatched", None, None),
    ("Zync gluconate", "fuzzy", "zinc-gluconate", 92),
    # Close to two agents within the ambiguity margin: neither is taken.
    ("Minoxidal", "unmatched", None, None),
    # A near miss sharing only its salt with a stored name is not taken.
    ("Pyrimethamine hydrochloride", "unmatched", None, None),
    # An agent clearly closer than any excipient is taken; one an excipient is about as
    # close to is not (a propellant typo must never be read as an anaesthetic).
    ("Procainee", "fuzzy", "procaine", 94),
    ("Propaine", "unmatched", None, None),
    ("", "unmatched", None, None),
]


@pytest.mark.parametrize(
    ("text", "way", "slug", "confidence"), MATCHING_TABLE, ids=[row[0] or "empty" for row in MATCHING_TABLE]
)
def test_how_a_name_is_matched(
    matcher: NameMatcher, text: str, way: str, slug: str | None, confidence: int | None
) -> None:
    found = matcher.match(text)
    assert (found.way, found.slug, found.confidence) == (way, slug, confidence)
    assert found.matched == (slug is not None)


# (the name as written, the first suggestions, a slug never suggested, the note) for names
# left unmatched.
SUGGESTION_TABLE = [
    # 84 against DMAE: suggested, not taken.
    ("Dimethylaminoethxx", ("Dimethylaminoethanol (dmae, 84%)",), None, None),
    # Exactly the suggestion floor (60) is suggested; below it, nothing.
    ("Dimethylaminxxxxxxxx", ("Dimethylaminoethanol (dmae, 60%)",), None, None),
    ("Dimethylaminoxxxxxxxxxxx", (), "dmae", None),
    (
        "Minoxidal",
        ("Minoxidil (minoxidil, 89%)", "Minoxidol (minoxidol, 89%)"),
        None,
        "close to more than one ingredient; write the name in full",
    ),
    (
        "Propaine",
        ("Propane (excipient: propellant, 93%)",),
        "procaine",
        "reads like an excipient, so no active ingredient is suggested",
    ),
    # Only the salt is shared: the stored salt's drug is not offered.
    ("Pyrimethamine hydrochloride", (), "pyridoxine", None),
]


@pytest.mark.parametrize(
    ("text", "suggestions", "never", "note"), SUGGESTION_TABLE, ids=[row[0] for row in SUGGESTION_TABLE]
)
def test_what_an_unmatched_name_suggests(
    matcher: NameMatcher, text: str, suggestions: tuple[str, ...], never: str | None, note: str | None
) -> None:
    found = matcher.match(text)
    assert found.way == "unmatched"
    assert found.suggestions[: len(suggestions)] == suggestions
    assert never is None or not [s for s in found.suggestions if f"({never}," in s]
    assert found.note == note


def test_a_salt_read_off_a_name_is_said(matcher: NameMatcher) -> None:
    assert (
        matcher.match("Procaine hydrochloride").note
        == "'hydrochloride' read as a salt or hydrate of Procaine"
    )


# --- label splitting: the same label however it is typed --------------------------------
LABELS = [
    ("Cetearyl Alcohol (and) Ceteareth-20, Aqua", ["cetearyl alcohol", "ceteareth-20", "aqua"]),
    ("Sodium Hydroxide and/or Citric Acid", ["sodium hydroxide", "citric acid"]),
    ("Lidocaine 2% with Epinephrine", [("lidocaine", 2.0, "%"), "epinephrine"]),
    (
        "Minoxidil 5% + Finasteride 0.1%; Biotin",
        [("minoxidil", 5.0, "%"), ("finasteride", 0.1, "%"), "biotin"],
    ),
    ("Inactive ingredients: Propane, Cetyl Alcohol", ["propane", "cetyl alcohol"]),
    ("Aqua, Glycerin, [+/- CI 77491, CI 77492]", ["aqua", "glycerin", "ci 77491", "ci 77492"]),
    ("Aqua (water, purified), Procaine 2 mg/ml", ["aqua (water, purified)", ("procaine", 2.0, "mg/ml")]),
    ("Caprylic/Capric Triglyceride\nCaffeine 1,5%", ["caprylic/capric triglyceride", ("caffeine", 1.5, "%")]),
]


def _items(text: str) -> list[tuple[str, float | None, str | None]]:
    return [(item.name.lower(), item.value, item.unit) for item in parse_list(text)]


def _expected(items: list[str | tuple[str, float, str]]) -> list[tuple[str, float | None, str | None]]:
    return [(item, None, None) if isinstance(item, str) else item for item in items]


def _entities(text: str) -> str:
    """As a web page's source writes it: brackets, plus and ampersands as entities, spaces as &nbsp;."""
    return (
        html.escape(text, quote=False)
        .replace("(", "&#40;")
        .replace(")", "&#x29;")
        .replace("+", "&plus;")
        .replace(" ", "&nbsp;")
    )


def _spaced(text: str) -> str:
    """Extra spaces and tabs between words and around separators, as a pasted label has them."""
    for mark in (", ", "; ", ": ", "(", ")"):
        text = text.replace(mark, f"  {mark.strip()}  ")
    return " \t " + text.replace(" ", " \t ").replace("\n", " \n  ") + "  "


VARIANTS: dict[str, Callable[[str], str]] = {
    "as written": lambda text: text,
    "in capitals": str.upper,
    "with HTML entities": _entities,
    "with extra spaces": _spaced,
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(("text", "expected"), LABELS, ids=[label[0][:30] for label in LABELS])
def test_a_label_gives_the_same_items_however_it_is_typed(
    text: str, expected: list[str | tuple[str, float, str]], variant: str
) -> None:
    found = _items(VARIANTS[variant](text))
    # Names are compared as the matcher compares them, without their spaces.
    assert [("".join(name.split()), value, unit) for name, value, unit in found] == [
        ("".join(name.split()), value, unit) for name, value, unit in _expected(expected)
    ]


# --- strengths: the boundaries ---------------------------------------------------------
RECORD = [Strength("approved", 5.0, "%", "label-a"), Strength("studied", 2.0, "mg/ml", "trial-b")]

# (declared value, unit, the strengths on record, the status)
STRENGTH_TABLE = [
    (None, None, RECORD, "not-declared"),
    (-1.0, "%", RECORD, "impossible"),
    (0.0, "%", RECORD, "impossible"),
    (0.0, "mg/ml", RECORD, "impossible"),
    (0.001, "%", RECORD, "within"),
    (5.0, "%", RECORD, "within"),
    (5.0000001, "%", RECORD, "above"),
    (100.0, "%", RECORD, "above"),
    (100.0, "%", [Strength("approved", 100.0, "%", "label-a")], "within"),
    (100.000001, "%", RECORD, "impossible"),
    (101.0, "%", [], "impossible"),
    (100.0, "%", [], "no-strength-on-record"),
    # Above 100 in another unit is a strength, not an impossibility.
    (150.0, "mg/ml", RECORD, "above"),
    (2000.0, "µg/ml", RECORD, "within"),
    (2001.0, "µg/ml", RECORD, "above"),
    (3.0, "U", RECORD, "unit-differs"),
]


@pytest.mark.parametrize(("value", "unit", "record", "status"), STRENGTH_TABLE)
def test_a_declared_strength_against_the_record(
    value: float | None, unit: str | None, record: list[Strength], status: str
) -> None:
    item = Item(1, "Agent", "Agent", value, unit)
    assert check_strength(item, record, "topical").status == status


@pytest.fixture(scope="module")
def strength_reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a", "Agent A")
    catalogue.strength("agent-a", 5)
    return catalogue.reader(tmp_path_factory.mktemp("strengths"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Agent A 0%", "impossible-strength"),
        ("Agent A 100%", "above-strength"),
        ("Agent A 100.01%", "impossible-strength"),
    ],
)
def test_the_strength_finding_of_a_checked_list(strength_reader: Reader, text: str, kind: str) -> None:
    report = check_items(strength_reader, parse_list(text), "topical")
    kinds = {finding.kind for finding in report.findings}
    assert kind in kinds
    assert not {"impossible-strength", "above-strength"} - {kind} & kinds


# --- the avoid-list ------------------------------------------------------------------
_FLAGS = """
[[procaine]]
flag = "warning-pregnancy"
source = "label-a"
text = "Its label warns against use in pregnancy."
routes = ["topical"]
"""


@pytest.fixture(scope="module")
def avoid_reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    catalogue = SmallCatalogue()
    catalogue.ingredient("procaine", "Procaine", ingredient_class="local-anaesthetic")
    catalogue.alias("procaine", "Novocain", "trade-name")
    catalogue.alias("procaine", "Ethocaine")
    catalogue.ingredient("biotin", "Biotin", ingredient_class="vitamin")
    return catalogue.reader(tmp_path_factory.mktemp("avoid"))


# (the item as written, the avoid-list entry, what it must match, or None for no hit)
AVOID_TABLE = [
    ("Procaine", "procaine", "its name"),
    ("Procaine", "PRO-caine", "its name"),
    ("Procaine", "Ethocaine", "its name"),
    ("Procaine", "Novocain", "its name"),
    ("Novocain", "procaine", "its name"),
    ("Ethocaine", "Novocain", "its name"),
    ("Procaine", "local-anaesthetic", "its class"),
    ("Procaine", "Local-Anaesthetic", "its class"),
    ("Procaine", "pregnancy", "the regulators' flag warning-pregnancy"),
    ("Procaine", "warning-pregnancy", "the regulators' flag warning-pregnancy"),
    ("Procaine", "biotin", None),
    ("Procaine", "vitamin", None),
    ("Procaine", "local", None),
    ("Procaine", "anaesthetic", None),
    ("Biotin", "pregnancy", None),
    ("Biotin", "local-anaesthetic", None),
]


@pytest.mark.parametrize(("given", "entry", "reason"), AVOID_TABLE)
def test_what_an_avoid_list_entry_hits(
    avoid_reader: Reader, monkeypatch: pytest.MonkeyPatch, given: str, entry: str, reason: str | None
) -> None:
    monkeypatch.setattr(formulation_check, "shipped_flags", lambda: parse_flags(_FLAGS))
    report = check_items(avoid_reader, parse_list(given), "topical")
    hits = [
        finding.text
        for finding in apply_avoid_list(avoid_reader, report, read_avoid_list([entry])).findings
        if finding.kind == "on-avoid-list"
    ]
    if reason is None:
        assert hits == []
    else:
        assert [hit.split(": ", 1)[1] for hit in hits] == [f"{entry!r} matches {reason}."]


def test_a_flag_on_another_route_is_not_hit(avoid_reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formulation_check, "shipped_flags", lambda: parse_flags(_FLAGS))
    report = check_items(avoid_reader, parse_list("Procaine"), "intradermal")
    avoided = apply_avoid_list(avoid_reader, report, read_avoid_list(["pregnancy"]))
    assert [f for f in avoided.findings if f.kind == "on-avoid-list"] == []


def test_an_avoid_list_skips_comments_and_blank_lines() -> None:
    assert read_avoid_list(["# mine", "", "  procaine  ", "\t", "#biotin"]).entries == ("procaine",)


# --- one suggestion function for every command -------------------------------------------
# (the text, the choices, what is suggested): the floor of 60, best first, containment last.
SUGGESTIONS_TABLE = [
    ("dimethylaminoethaxxx", ["dimethylaminoethanol"], ["dimethylaminoethanol"]),
    ("dimethylaminxxxxxxxx", ["dimethylaminoethanol"], ["dimethylaminoethanol"]),
    ("dimethylaminoxxxxxxxxxxx", ["dimethylaminoethanol"], []),
    ("procain", ["biotin", "procaine", "prilocaine", "proline"], ["procaine", "prilocaine", "proline"]),
    ("pro", ["biotin", "procaine", "prilocaine", "aprotinin"], ["procaine", "aprotinin"]),
    ("", ["biotin"], []),
    # Equal scores keep the order given.
    (
        "olsen-2007",
        ["olsen-2007-jaad", "olsen-2011", "ross-2020"],
        ["olsen-2007-jaad", "olsen-2011", "ross-2020"],
    ),
    (
        "olsen-2007",
        ["ross-2020", "olsen-2011", "olsen-2007-jaad"],
        ["olsen-2011", "olsen-2007-jaad", "ross-2020"],
    ),
    (
        "olsen-2007",
        ["a", "b", "c", "d", "olsen-2011", "olsen-2007-jaad", "olsen-2007x"],
        ["olsen-2007x", "olsen-2011", "olsen-2007-jaad"],
    ),
]


@pytest.mark.parametrize(("text", "choices", "expected"), SUGGESTIONS_TABLE)
def test_what_is_suggested_for_a_text(text: str, choices: list[str], expected: list[str]) -> None:
    assert suggestions(text, choices) == expected


def test_a_slug_is_also_compared_by_its_beginning() -> None:
    assert suggestions("mix-a", ["max-ab-long-slug-of-a-formulation"], by_beginning=True) == [
        "max-ab-long-slug-of-a-formulation"
    ]
    assert suggestions("mix-a", ["max-ab-long-slug-of-a-formulation"]) == []


def test_show_search_source_and_check_suggest_the_same_way(tmp_path: Path) -> None:
    catalogue = matching_catalogue()
    catalogue.source("olsen-2011")
    reader = catalogue.reader(tmp_path)
    with pytest.raises(NotFoundError) as shown:
        resolve(reader, "Dexpanthenxx")
    assert shown.value.suggestions == ["Dexpanthenol"]
    assert (
        nothing_found(reader, "Dexpanthenxx") == "Nothing matches 'Dexpanthenxx'. Did you mean: Dexpanthenol?"
    )
    assert NameMatcher(reader).match("Dexpanthenxx").suggestions == ("Dexpanthenol (dexpanthenol, 83%)",)
    with pytest.raises(NotFoundError) as source:
        source_entry(reader, "olsen-2012")
    assert source.value.suggestions == ["olsen-2011"]


def test_no_module_compares_names_another_way() -> None:
    import ingredients

    root = Path(ingredients.__file__).parent
    assert [path.name for path in root.rglob("*.py") if "difflib" in path.read_text(encoding="utf-8")] == []
