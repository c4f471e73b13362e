"""What a check reports: each item as checked, the findings on the mix, and the report's tables.

The shapes only; how items are read and findings made is in formulation_check and its helpers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ingredients.check.excipient_findings import FINDING_KINDS as EXCIPIENT_KINDS
from ingredients.check.flags import Flag
from ingredients.check.mix_parsing import Item
from ingredients.core.evidence import grade_cell
from ingredients.core.table import Layout, Table
from ingredients.read.formulations import declared
from ingredients.read.name_matching import Match

NOTICE = (
    "Reference information only, not medical advice. This check compares names and declared "
    "concentrations with the catalogue; it does not assess sterility, or whether a mix is suitable "
    "for injection."
)

SEVERITIES = ("serious", "warning", "info")

# Every kind of finding, in the order a report lists them within one severity.
FINDING_KINDS: dict[str, str] = {
    "on-avoid-list": "an item that hits your own avoid-list (a name, a class or a flag)",
    "impossible-strength": "a declared strength no mix can hold: above 100 %, or zero",
    "suspended-eu": "a regulator's flag: every medicine of it suspended or withdrawn in the EU",
    "above-strength": "declared above the highest strength studied or approved on the route",
    "same-class": "two agents of one class that act the same way",
    "duplicate": "the same active twice, under one name or two",
    "unmatched": "a name the catalogue does not know",
    "skipped": "a piece of the list with no letters or digits, so nothing to check",
    "blend": "a named blend, checked as the parts the catalogue records for it",
    "not-for-injection": EXCIPIENT_KINDS["not-for-injection"],
    "no-evidence-on-route": "no study on the route (best grade none-found, claim-only or nothing)",
    "prohibited-in-cosmetics-eu": "a regulator's flag: banned from cosmetic products in the EU",
    "unapproved-biologic": "a regulator's flag: no approved product of its kind",
    "handling-hazard-pregnancy": "a regulator's flag: pregnant women must not touch it",
    "warning-pregnancy": "a regulator's flag: its label warns against use in pregnancy or breast-feeding",
    "prescription-only": "a regulator's flag: a prescription-only medicine",
    "systemic-exposure": "on the route it reaches the body's circulation, so pregnancy flags apply",
    "maker-sponsored-only": "every study on the route was run or paid for by the maker",
    "fuzzy-match": "a name taken to mean an ingredient by similarity, not exactly",
    "unit-differs": "declared in a unit the stored strengths on the route are not in",
    "reads-topical": EXCIPIENT_KINDS["reads-topical"],
    "excipient-untested-in-injection": EXCIPIENT_KINDS["excipient-untested-in-injection"],
}


ROW_COLUMNS = [
    "position",
    "given",
    "ingredient",
    "name",
    "match",
    "confidence",
    "class",
    "declared",
    "strength_status",
    "strength_check",
    "certainty_on_route",
    "certainty_overall",
    "evidence_on_route",
    "evidence_overall",
    "sponsored_only",
    "flags",
    "suggestions",
]
# What each item was taken to be and the certainty of its evidence on the route are the keys.
ROW_LAYOUT = Layout(
    (
        "given",
        "ingredient",
        "match",
        "certainty_on_route",
        "declared",
        "strength_check",
        "flags",
        "certainty_overall",
        "class",
    ),
    keys=("given", "ingredient", "match", "certainty_on_route"),
)
DEFAULT_ROW_COLUMNS = list(ROW_LAYOUT.shown)
FINDING_COLUMNS = ["severity", "kind", "ingredients", "finding", "source"]
FINDING_LAYOUT = Layout(
    tuple(FINDING_COLUMNS), keys=("severity", "kind", "finding"), prose=frozenset({"finding"})
)


class Strength(NamedTuple):
    basis: str
    value: float
    unit: str
    source: str

    @property
    def text(self) -> str:
        return f"{self.basis} {declared(self.value, self.unit)}"


class StrengthCheck(NamedTuple):
    # not-declared, impossible, within, above, no-strength-on-record or unit-differs
    status: str
    text: str
    highest: Strength | None = None
    on_record: tuple[Strength, ...] = ()


@dataclass
class CheckedItem:
    item: Item
    match: Match
    name: str | None = None
    ingredient_class: str | None = None
    strength: StrengthCheck | None = None
    evidence_on_route: dict[str, Any] | None = None
    evidence_overall: dict[str, Any] | None = None
    sponsored_only: bool | None = None
    flags: list[Flag] = field(default_factory=list)

    def row(self) -> list[Any]:
        match = self.match
        return [
            self.item.position,
            self.item.given,
            match.slug,
            self.name,
            match.label,
            match.confidence,
            self.ingredient_class,
            self.item.declared,
            self.strength.status if self.strength else None,
            self.strength.text if self.strength else None,
            self.evidence_on_route["certainty"] if self.evidence_on_route else None,
            self.evidence_overall["certainty"] if self.evidence_overall else None,
            grade_cell(self.evidence_on_route["summary"] if self.evidence_on_route else None),
            grade_cell(self.evidence_overall["summary"] if self.evidence_overall else None),
            self.sponsored_only,
            ", ".join(flag.kind for flag in self.flags) or None,
            "; ".join(match.suggestions) or None,
        ]


class Finding(NamedTuple):
    severity: str
    kind: str
    ingredients: tuple[str, ...]
    text: str
    source: str | None = None

    def row(self) -> list[Any]:
        return [self.severity, self.kind, ", ".join(self.ingredients), self.text, self.source]

    def record(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "ingredients": list(self.ingredients),
            "finding": self.text,
            "source": self.source,
        }


@dataclass
class CheckReport:
    route: str
    items: list[CheckedItem]
    findings: list[Finding]
    formulation: str | None = None

    def ingredients_table(self) -> Table:
        return Table(
            ROW_COLUMNS, [item.row() for item in self.items], frozenset({"sponsored_only"}), ROW_LAYOUT
        )

    def findings_table(self) -> Table:
        return Table(FINDING_COLUMNS, [finding.row() for finding in self.findings], layout=FINDING_LAYOUT)

    def document(self, columns: Sequence[str] | None = None) -> dict[str, Any]:
        table = self.ingredients_table().select(columns)
        document: dict[str, Any] = {"route": self.route}
        if self.formulation:
            document["formulation"] = self.formulation
        document["ingredients"] = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
        document["findings"] = [finding.record() for finding in self.findings]
        document["notice"] = NOTICE
        return document

    @property
    def worst_severity(self) -> str | None:
        ranked = [SEVERITIES.index(finding.severity) for finding in self.findings]
        return SEVERITIES[min(ranked)] if ranked else None
