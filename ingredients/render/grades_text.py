"""The evidence scale, the findings, the routes, the grading rules and the claim verdicts, for people."""

from __future__ import annotations

import textwrap

from ingredients.core.certainty import CERTAINTY_RULES
from ingredients.core.claim_rules import RULES, VERDICT_NAMES
from ingredients.core.evidence import GRADING_RULES
from ingredients.core.table import Table
from ingredients.core.vocabulary import EVIDENCE_LEVELS, FINDINGS, ROUTES


def grades_table() -> Table:
    """Every term of the scale as rows (part, term, meaning), for machine formats."""
    rows: list[list[str]] = []
    rows += [["grade", level.label, level.meaning] for level in reversed(EVIDENCE_LEVELS)]
    rows += [["finding", name, meaning] for name, meaning in FINDINGS.items()]
    rows += [["route", name, meaning] for name, meaning in ROUTES.items()]
    rows += [["rule", str(number), rule] for number, rule in enumerate(GRADING_RULES, 1)]
    rows += [["certainty-rule", step, rule] for step, rule in CERTAINTY_RULES]
    rows += [["claim-rule", rule.asserts, rule.rule] for rule in RULES]
    return Table(["part", "term", "meaning"], rows)


def _block(title: str, pairs: list[tuple[str, str]], width: int | None) -> list[str]:
    label_width = max(len(label) for label, _ in pairs) + 2
    lines = ["", title]
    for label, meaning in pairs:
        line = "  " + label.ljust(label_width) + meaning
        if width:
            line = textwrap.fill(line, width=max(width, 40), subsequent_indent=" " * (label_width + 2))
        lines.append(line)
    return lines


def grades_text(width: int | None) -> str:
    """The whole scale as text to read."""
    lines = ["How the evidence is graded"]
    lines += _block(
        "Grades, strongest first (a grade says what kind of study stands behind a statement)",
        [(level.label, level.meaning) for level in reversed(EVIDENCE_LEVELS)],
        width,
    )
    lines += _block("Findings (which way the studies point)", list(FINDINGS.items()), width)
    lines += _block("Routes", list(ROUTES.items()), width)
    lines += _block("Rules", [(f"{n}.", rule) for n, rule in enumerate(GRADING_RULES, 1)], width)
    lines += _block(
        "Certainty of a body of evidence (per agent, route, condition and sex; lists rank by it)",
        list(CERTAINTY_RULES),
        width,
    )
    lines += _block(
        "Verdicts on the articles' claims ('ingredients claims'), by what each assertion "
        f"asserts (verdicts: {', '.join(VERDICT_NAMES)})",
        [(rule.asserts, rule.rule) for rule in RULES],
        width,
    )
    return "\n".join(lines) + "\n"
