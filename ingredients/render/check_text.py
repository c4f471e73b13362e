"""A check report as text for people: each item as matched, then the findings about the mix.

Laid out like `show` and `formulations NAME` (a numbered list and sentences, wrapped to
the terminal), because findings are sentences, which a table cell would cut up. The
same report as tables is what any --format gives.
"""

from __future__ import annotations

from ingredients.check.check_report import NOTICE, CheckedItem, CheckReport, Finding
from ingredients.core.evidence import grade_cell
from ingredients.render.entry_text import wrapped

_INJECTABLE_WORDS = {
    "yes": "found in approved injections",
    "no": "not for injection",
    "unknown": "not found in approved injections",
}


def _item_lines(checked: CheckedItem, route: str, width: int | None) -> list[str]:
    item, match = checked.item, checked.match
    head = f"{item.position}. {item.given}: "
    # Continuation lines start under the text, past the item's number.
    under = " " * (2 + len(f"{item.position}. "))
    if not match.matched:
        if match.way == "vehicle":
            return [wrapped(head + (match.note or "vehicle"), width, hanging=under)]
        if match.way == "skipped":
            return [wrapped(head + "skipped: no letters or digits to match", width, hanging=under)]
        if match.way == "heading":
            return [wrapped(head + "skipped: a label's heading", width, hanging=under)]
        if match.way == "blend":
            return [wrapped(f"{head}{match.matched_on}, {match.note}", width, hanging=under)]
        if match.excipient is not None:
            excipient = match.excipient
            words = (
                f"{excipient.inci_name} [{excipient.slug}], excipient; {excipient.category}; "
                f"in an injection: {_INJECTABLE_WORDS[excipient.injectable]}"
            )
            return [wrapped(head + words, width, hanging=under)]
        if match.cosmetic:
            return [wrapped(head + (match.described or ""), width, hanging=under)]
        text = head + "not in the catalogue"
        if match.note:
            text += f" ({match.note})"
        if match.suggestions:
            text += "; did you mean: " + "; ".join(match.suggestions)
        return [wrapped(text, width, hanging=under)]
    # A wrapped first line hangs deeper than the details below it, so it reads as one line.
    lines = [
        wrapped(
            f"{head}{checked.name} [{match.slug}], {match.label}; {checked.ingredient_class}",
            width,
            hanging=under + "  ",
        )
    ]
    details = []
    if checked.strength is not None:
        details.append(
            f"declared {item.declared} ({checked.strength.text})"
            if item.declared
            else "concentration not declared"
        )
    for label, field in (("certainty", "certainty"), ("best evidence", "summary")):
        on_route = checked.evidence_on_route[field] if checked.evidence_on_route else None
        overall = checked.evidence_overall[field] if checked.evidence_overall else None
        details.append(f"{label} {route}: {grade_cell(on_route)}; any route: {grade_cell(overall)}")
    if checked.sponsored_only:
        details.append(f"every {route} study was run or paid for by the maker")
    if checked.flags:
        details.append("flags: " + ", ".join(flag.kind for flag in checked.flags))
    lines += [wrapped(detail, width, indent=under, hanging=under + "  ") for detail in details]
    return lines


def _finding_lines(finding: Finding, width: int | None) -> list[str]:
    involved = f" ({', '.join(finding.ingredients)})" if finding.ingredients else ""
    text = finding.text + (f" [{finding.source}]" if finding.source else "")
    return [
        wrapped(f"{finding.severity}: {finding.kind}{involved}", width, hanging="    "),
        wrapped(text, width, indent="    ", hanging="    "),
    ]


def findings_text(report: CheckReport, width: int | None) -> list[str]:
    """The findings section: a heading, then each finding's kind and sentence."""
    if not report.findings:
        return ["Findings: none."]
    lines = [f"Findings ({len(report.findings)}, most serious first)"]
    for finding in report.findings:
        lines += _finding_lines(finding, width)
    return lines


def report_text(report: CheckReport, width: int | None, findings_only: bool = False) -> str:
    """The whole report (or its findings alone), ending with the reminder that it is not advice."""
    lines: list[str] = []
    if not findings_only:
        subject = f"formulation {report.formulation}" if report.formulation else "list"
        ways = [checked.match.way for checked in report.items]
        counted = {
            way: ways.count(way) for way in ("vehicle", "excipient", "cosmetic", "unmatched", "skipped")
        }
        counted["skipped"] += ways.count("heading")
        cosmetic = f", {counted['cosmetic']} as CosIng cosmetic ingredients" if counted["cosmetic"] else ""
        lines.append(
            wrapped(
                f"Checked {subject} on the {report.route} route: {len(report.items)} item(s), "
                f"{len(report.items) - counted['vehicle'] - counted['unmatched'] - counted['skipped']} "
                f"matched "
                f"({counted['excipient']} as excipients{cosmetic}), {counted['vehicle']} vehicle(s), "
                f"{counted['unmatched']} unmatched, {counted['skipped']} skipped",
                width,
                indent="",
                hanging="",
            )
        )
        lines.append("")
        for checked in report.items:
            lines += _item_lines(checked, report.route, width)
        lines.append("")
    lines += findings_text(report, width)
    lines += ["", wrapped(NOTICE, width, indent="", hanging="")]
    return "\n".join(lines) + "\n"
