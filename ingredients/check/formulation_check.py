"""Checking a mix: each ingredient against the catalogue, then the mix as a whole.

Per ingredient: what it matched and how, its class, the declared concentration
against the strengths studied or approved on the chosen route, the best
evidence on that route and overall (by ingredients.core.evidence's definition, the one
queries.best_evidence uses), whether that route's evidence is maker-sponsored only,
and the regulators' flags (ingredients.check.flags). Per mix: findings, each with a
severity, the ingredients involved, a sentence and the source behind it where
there is one. Everything is read through a Reader; nothing here loads SQLAlchemy.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from ingredients.check.blends import component_match, with_blends_read
from ingredients.check.check_report import (
    FINDING_KINDS,
    SEVERITIES,
    CheckedItem,
    CheckReport,
    Finding,
    Strength,
    StrengthCheck,
)
from ingredients.check.cosmetic_findings import cosmetic_findings
from ingredients.check.excipient_findings import excipient_findings
from ingredients.check.flags import flags_on_route, shipped_flags
from ingredients.check.joined_names import split_joined
from ingredients.check.label_notation import is_heading
from ingredients.check.mix_parsing import MAX_ITEM_LENGTH, Item, names_something
from ingredients.core.certainty import Summary
from ingredients.core.errors import UsageError
from ingredients.core.evidence import (
    BEST_WIDTH,
    best_evidence_from,
    best_sql,
    evidence_params,
    grade_cell,
    study_count_sql,
)
from ingredients.core.vocabulary import DEFAULT_CONDITION, INGREDIENT_CLASSES, ROUTES
from ingredients.read.certainty import best_in_words, certainty_cell_from, summary_of
from ingredients.read.formulations import components, resolve_formulation
from ingredients.read.name_matching import Match, NameMatcher
from ingredients.store.reader import Reader

DEFAULT_ROUTE = "intradermal"
# 'any' and 'in-vitro' are routes statements may have, but a mix is given one way.
ROUTES_CHECKED = ("intradermal", "topical", "oral", "parenteral")

# Classes whose members act on the same target, so that two in one mix add up.
SHARED_MECHANISM_CLASSES = frozenset(
    {"5-alpha-reductase-inhibitor", "vasodilator", "local-anaesthetic", "corticosteroid", "neurotoxin"}
)


# Units that convert into one another exactly; anything else compares only with itself.
_UNIT_SCALE: dict[str, tuple[str, float]] = {
    "mg/ml": ("mass per volume", 1.0),
    "µg/ml": ("mass per volume", 0.001),
    "g": ("mass", 1000.0),
    "mg": ("mass", 1.0),
    "µg": ("mass", 0.001),
}

_NO_STUDY = {None, "none-found", "claim-only"}


# The ingredient, with its best evidence (as evidence.py defines it) on the route and on any
# route, and how many of the route's studies there are and how many its maker ran.
# Built on first use, so that a change to the rule's SQL reaches it wherever it is made.
@functools.cache
def _ingredient_sql() -> str:
    return (
        "SELECT i.name, i.ingredient_class, "
        f"{best_sql(':route')}, {best_sql()}, "
        f"{study_count_sql(':route')}, {study_count_sql(':route', sponsored_only=True)} "
        "FROM ingredient i WHERE i.id = :id"
    )


_STRENGTHS_SQL = """
SELECT st.basis, st.value, st.unit, src.key
FROM strength st JOIN source src ON src.id = st.source_id
WHERE st.ingredient_id = :id AND st.route = :route
ORDER BY st.value
"""


_ROUTE_SQL = "SELECT route FROM formulation WHERE slug = :slug"


def _comparable(value: float, unit: str) -> tuple[str, float]:
    dimension, scale = _UNIT_SCALE.get(unit, (unit, 1.0))
    return dimension, value * scale


def check_strength(item: Item, on_record: list[Strength], route: str) -> StrengthCheck:
    if item.value is None or item.unit is None:
        return StrengthCheck("not-declared", "not declared", on_record=tuple(on_record))
    # Nothing is more than all of a mix, or none of it: a typing error to catch, not a strength.
    if item.value < 0:
        return StrengthCheck("impossible", "impossible: a negative amount", on_record=tuple(on_record))
    if item.value == 0:
        return StrengthCheck("impossible", "impossible: a strength of nothing", on_record=tuple(on_record))
    if item.unit == "%" and item.value > 100:
        return StrengthCheck("impossible", "impossible: more than the whole mix", on_record=tuple(on_record))
    if not on_record:
        return StrengthCheck("no-strength-on-record", f"no {route} strength on record")
    dimension, amount = _comparable(item.value, item.unit)
    same = [s for s in on_record if _comparable(s.value, s.unit)[0] == dimension]
    if not same:
        stored = ", ".join(sorted({s.unit for s in on_record}))
        return StrengthCheck(
            "unit-differs", f"unit differs: on record in {stored}", on_record=tuple(on_record)
        )
    highest = max(same, key=lambda s: _comparable(s.value, s.unit)[1])
    # A relative margin, so that 0.1 + 0.2 written as 0.3 is not 'above' 0.3.
    if amount > _comparable(highest.value, highest.unit)[1] * (1 + 1e-9):
        return StrengthCheck("above", f"above highest {highest.text}", highest, tuple(on_record))
    return StrengthCheck("within", f"within: highest {highest.text}", highest, tuple(on_record))


def _strengths(reader: Reader, ingredient_id: int, route: str) -> list[Strength]:
    rows = reader.execute(_STRENGTHS_SQL, {"id": ingredient_id, "route": route}).rows
    return [Strength(basis, float(value), unit, key) for basis, value, unit, key in rows]


def _evidence(summary: Summary, columns: Sequence[Any]) -> dict[str, Any]:
    """Best evidence as queries.best_evidence gives it: grade, finding, both in words, and the
    certainty of the body of evidence in words."""
    best = best_evidence_from(columns)
    return {
        "grade": best.grade,
        "finding": best.finding,
        "summary": best_in_words(summary, columns),
        "certainty": certainty_cell_from(summary, columns),
    }


def describe_item(
    reader: Reader, item: Item, match: Match, route: str, condition: str | None = DEFAULT_CONDITION
) -> CheckedItem:
    checked = CheckedItem(item, match)
    if match.excipient is not None:
        checked.name, checked.ingredient_class = match.excipient.inci_name, match.excipient.category
    if match.cosmetic:
        # An entry's functions stand where an agent's class or an excipient's category would.
        functions = dict.fromkeys(entry.functions for entry in match.cosmetic if entry.functions)
        checked.name, checked.ingredient_class = match.cosmetic[0].inci_name, "; ".join(functions) or None
    if match.way == "blend":
        checked.name = match.matched_on
    if match.ingredient_id is None:
        return checked
    params = {"id": match.ingredient_id, "route": route, **evidence_params(False, condition, None)}
    name, ingredient_class, *best, studies, sponsored = next(reader.execute(_ingredient_sql(), params).rows)
    checked.name, checked.ingredient_class = name, ingredient_class
    checked.strength = check_strength(item, _strengths(reader, match.ingredient_id, route), route)
    on_route, overall = best[:BEST_WIDTH], best[BEST_WIDTH:]
    checked.evidence_on_route = _evidence(summary_of(reader, match.ingredient_id, route, params), on_route)
    checked.evidence_overall = _evidence(summary_of(reader, match.ingredient_id, None, params), overall)
    # None when there is no study on the route to be sponsored or not.
    checked.sponsored_only = bool(studies == sponsored) if studies else None
    checked.flags = flags_on_route(shipped_flags().get(match.slug or "", []), route)
    return checked


def _quoted(item: CheckedItem) -> str:
    return repr(item.item.name)


# Items quoted in one sentence at most; the rest are counted.
_MOST_QUOTED = 5


def _listed(group: list[CheckedItem]) -> str:
    """The items as written (with their concentrations), 'A, B and C', or the first few and a count."""
    quoted = [repr(item.item.given) for item in group]
    if len(quoted) > _MOST_QUOTED:
        quoted = [*quoted[: _MOST_QUOTED - 1], f"{len(quoted) - _MOST_QUOTED + 1} more"]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


Placed = tuple[int, Finding]


def _matching_findings(items: list[CheckedItem]) -> list[Placed]:
    """Items matched by similarity only, or not at all."""
    found: list[Placed] = []
    for item in items:
        position = item.item.position
        if item.match.way == "unmatched":
            text = f"{_quoted(item)} matches no ingredient in the catalogue, so it was not checked"
            if item.match.note:
                text += f" ({item.match.note})"
            if item.match.suggestions:
                text += "; did you mean: " + "; ".join(item.match.suggestions) + "?"
            else:
                text += "."
            found.append((position, Finding("warning", "unmatched", (item.item.name,), text)))
        elif item.match.way == "skipped":
            found.append(
                (
                    position,
                    Finding(
                        "warning",
                        "skipped",
                        (),
                        f"Item {position}, {item.item.given!r}, has no letters or digits and was skipped.",
                    ),
                )
            )
        elif item.match.way == "heading":
            found.append(
                (
                    position,
                    Finding(
                        "info",
                        "skipped",
                        (),
                        f"Item {position}, {item.item.given!r}, is a label's heading and was skipped.",
                    ),
                )
            )
        elif item.match.way == "blend":
            found.append((position, Finding("info", "blend", (), _blend_sentence(item, items))))
        elif item.match.way == "fuzzy":
            found.append(
                (
                    position,
                    Finding(
                        "info",
                        "fuzzy-match",
                        (item.match.slug or "",),
                        f"{_quoted(item)} was taken to be {item.name} "
                        f"by similarity to {item.match.matched_on!r} "
                        f"({item.match.confidence}%), not by an exact name; check the spelling.",
                    ),
                )
            )
    return found


def _blend_sentence(blend: CheckedItem, items: list[CheckedItem]) -> str:
    """What became of a named blend: the rows of its parts, which follow it."""
    following = items[blend.item.position :]
    count = next(
        (n for n, item in enumerate(following) if not item.item.given.startswith(f"{blend.item.name}: ")),
        len(following),
    )
    first, last = blend.item.position + 1, blend.item.position + count
    where = {0: "no item", 1: f"item {first}"}.get(count, f"items {first}-{last}")
    return (
        f"{blend.item.given!r} names a blend, {blend.name}: it was checked as the parts the catalogue "
        f"records ({where}), whose strengths in it are not recorded."
    )


def _duplicate_findings(by_ingredient: dict[int, list[CheckedItem]]) -> list[Placed]:
    return [
        (
            group[0].item.position,
            Finding(
                "warning",
                "duplicate",
                (group[0].match.slug or "",),
                f"{_listed(group)} {'both' if len(group) == 2 else 'all'} name {group[0].name}: "
                f"the same active is listed {len(group)} times.",
            ),
        )
        for group in by_ingredient.values()
        if len(group) > 1
    ]


def _class_findings(firsts: list[CheckedItem]) -> list[Placed]:
    """Two or more agents of a class that acts one way (their effects add up)."""
    by_class: dict[str, list[CheckedItem]] = {}
    for item in firsts:
        if item.ingredient_class in SHARED_MECHANISM_CLASSES:
            by_class.setdefault(item.ingredient_class or "", []).append(item)
    found: list[Placed] = []
    for ingredient_class, group in by_class.items():
        if len(group) > 1:
            names = " and ".join(item.name or "" for item in group)
            how_many = "both" if len(group) == 2 else "all"
            found.append(
                (
                    group[0].item.position,
                    Finding(
                        "warning",
                        "same-class",
                        tuple(item.match.slug or "" for item in group),
                        f"{names} are {how_many} of class {ingredient_class} "
                        f"({INGREDIENT_CLASSES[ingredient_class]}); "
                        "agents acting the same way add up in one mix.",
                    ),
                )
            )
    return found


def _untested_findings(firsts: list[CheckedItem], route: str) -> list[Placed]:
    untested = [item for item in firsts if (item.evidence_on_route or {}).get("grade") in _NO_STUDY]
    if not untested:
        return []
    names = ", ".join(
        f"{item.name} ({grade_cell((item.evidence_on_route or {}).get('grade'))})" for item in untested
    )
    return [
        (
            untested[0].item.position,
            Finding(
                "warning",
                "no-evidence-on-route",
                tuple(item.match.slug or "" for item in untested),
                f"No study on the {route} route is on record for: {names}.",
            ),
        )
    ]


def _strength_findings(item: CheckedItem, listed: list[CheckedItem], route: str) -> list[Placed]:
    """Each listing of an agent whose declared strength is above the record, or in another unit."""
    found: list[Placed] = []
    slug = item.match.slug or ""
    for duplicate in listed:
        check = duplicate.strength
        if check and check.status == "impossible":
            found.append(
                (
                    duplicate.item.position,
                    Finding(
                        "serious",
                        "impossible-strength",
                        (slug,),
                        f"{item.name} is declared at {duplicate.item.declared}, "
                        f"{check.text.removeprefix('impossible: ')}: check what was written.",
                    ),
                )
            )
        elif check and check.status == "above" and check.highest:
            found.append(
                (
                    duplicate.item.position,
                    Finding(
                        "warning",
                        "above-strength",
                        (slug,),
                        f"{item.name} is declared at {duplicate.item.declared}, above the highest {route} "
                        f"strength on record ({check.highest.text}).",
                        check.highest.source,
                    ),
                )
            )
        elif check and check.status == "unit-differs":
            found.append(
                (
                    duplicate.item.position,
                    Finding(
                        "info",
                        "unit-differs",
                        (slug,),
                        f"{item.name} is declared as {duplicate.item.declared}; the {route} strengths on "
                        f"record ({', '.join(s.text for s in check.on_record)}) are in another unit, so they "
                        "were not compared.",
                    ),
                )
            )
    return found


def _agent_findings(item: CheckedItem, route: str) -> list[Placed]:
    """Maker-sponsored evidence only, and the agent's own flags."""
    position, slug = item.item.position, item.match.slug or ""
    found: list[Placed] = []
    if item.sponsored_only:
        found.append(
            (
                position,
                Finding(
                    "info",
                    "maker-sponsored-only",
                    (slug,),
                    f"Every study of {item.name} on the {route} route on record was run or paid for by "
                    "its maker.",
                ),
            )
        )
    found += [
        (position, Finding(flag.severity, flag.kind, (slug,), flag.text, flag.source)) for flag in item.flags
    ]
    return found


def mix_findings(items: list[CheckedItem], route: str) -> list[Finding]:
    """What the mix as a whole gives to think about, most serious first."""
    by_ingredient: dict[int, list[CheckedItem]] = {}
    for item in items:
        if item.match.matched:
            by_ingredient.setdefault(item.match.ingredient_id or 0, []).append(item)
    firsts = [group[0] for group in by_ingredient.values()]
    found = [
        *_matching_findings(items),
        *_duplicate_findings(by_ingredient),
        *_class_findings(firsts),
        *_untested_findings(firsts, route),
    ]
    excipients = [
        (item.item.position, item.item.given, item.match.excipient)
        for item in items
        if item.match.excipient is not None
    ]
    found += [
        (position, Finding(*parts)) for position, parts in excipient_findings(excipients, len(items), route)
    ]
    cosmetics = [
        (item.item.position, item.item.given, item.match.cosmetic) for item in items if item.match.cosmetic
    ]
    found += [(position, Finding(*parts)) for position, parts in cosmetic_findings(cosmetics)]
    for item in firsts:
        found += _strength_findings(item, by_ingredient[item.match.ingredient_id or 0], route)
        found += _agent_findings(item, route)
    return in_report_order(found)


def in_report_order(found: list[Placed]) -> list[Finding]:
    """Findings most serious first, then by kind, then by the position of their item."""
    kinds = list(FINDING_KINDS)
    found = sorted(
        found,
        key=lambda pair: (
            SEVERITIES.index(pair[1].severity),
            kinds.index(pair[1].kind) if pair[1].kind in kinds else len(kinds),
            pair[0],
        ),
    )
    return [finding for _, finding in found]


def _match(matcher: NameMatcher, item: Item) -> Match:
    if not names_something(item.name):
        return Match("skipped", note="no letters or digits: skipped")
    if is_heading(item.name):
        return Match("heading", note="a label's heading: skipped")
    if len(item.name) > MAX_ITEM_LENGTH:
        return Match("unmatched", note=f"longer than {MAX_ITEM_LENGTH} characters, so not compared")
    return matcher.match(item.name)


def check_items(
    reader: Reader,
    items: list[Item],
    route: str = DEFAULT_ROUTE,
    matches: list[Match | None] | None = None,
    condition: str | None = DEFAULT_CONDITION,
) -> CheckReport:
    """Check a parsed list; ``matches`` gives links already known (a stored formulation's)."""
    route = route.strip().lower()
    if route not in ROUTES_CHECKED:
        kind = "a check needs one route, not" if route in ROUTES else "unknown route"
        raise UsageError(f"{kind} {route!r}; choose from: {', '.join(ROUTES_CHECKED)}")
    matcher = NameMatcher(reader)
    if matches is None:
        items, matches = with_blends_read(reader, matcher, split_joined(matcher, items))
    known = matches or [None] * len(items)
    checked = [
        describe_item(reader, item, known_match or _match(matcher, item), route, condition)
        for item, known_match in zip(items, known, strict=True)
    ]
    return CheckReport(route, checked, mix_findings(checked, route))


def check_formulation(
    reader: Reader, name: str, route: str | None = None, condition: str | None = DEFAULT_CONDITION
) -> CheckReport:
    """Check a stored formulation, on its own route unless another is given; its stored links count."""
    slug = resolve_formulation(reader, name)
    stored_route = next(reader.execute(_ROUTE_SQL, {"slug": slug}).rows)[0]
    items: list[Item] = []
    matches: list[Match | None] = []
    for component in components(reader, slug):
        items.append(
            Item(
                component["position"],
                component["name"],
                component["name"],
                component["value"],
                component["unit"],
            )
        )
        matches.append(component_match(reader, component))
    report = check_items(reader, items, route or stored_route, matches, condition)
    report.formulation = slug
    return report
