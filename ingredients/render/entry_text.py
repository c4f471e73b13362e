"""Reference entries as text for people: one ingredient, or one source and what cites it."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping
from typing import Any

from ingredients.core.effect_words import statement_effect
from ingredients.core.evidence import grade_cell
from ingredients.core.vocabulary import CONDITION_WORDS, FINDING_WORDS, ROUTES, STATEMENT_KINDS, unknown_value

NOT_ADVICE = (
    "Reference information only, not medical advice. Claims are the named source's "
    "claims; grades say what kind of study stands behind a statement."
)

# One heading for each statement kind, taken in the vocabulary's order.
_HEADINGS = {
    "purpose": "Stated purposes (what the sources claim; claims, not findings)",
    "evidence": "Evidence (what studies found; intradermal route first)",
    "mechanism": "Mechanism",
    "safety": "Safety",
    "regulatory": "Regulatory",
}


def wrapped(text: str, width: int | None, indent: str = "  ", hanging: str = "    ") -> str:
    if not width:
        return indent + text
    # Never inside a word: a source key or a URL split over two lines cannot be copied.
    return textwrap.fill(
        text,
        width=max(width, 40),
        initial_indent=indent,
        subsequent_indent=hanging,
        break_on_hyphens=False,
        break_long_words=False,
    )


def field_lines(pairs: list[tuple[str, Any]], width: int | None) -> Iterator[str]:
    label_width = max(len(label) for label, _ in pairs) + 2
    for label, value in pairs:
        text = "unknown" if value is None or value == "" else str(value)
        yield wrapped(label.ljust(label_width) + text, width, indent="", hanging=" " * label_width)


def statement_line(statement: dict[str, Any], width: int | None, with_subject: bool = False) -> str:
    # A kind or route outside the vocabulary (another client stored it) is shown as unknown.
    route, kind = statement["route"], statement["kind"]
    tags = [route if route in ROUTES else unknown_value("route", route)]
    if kind not in STATEMENT_KINDS:
        tags.insert(0, unknown_value("kind", kind))
    elif with_subject:
        tags.insert(0, kind)
    if with_subject:
        tags.insert(0, statement["ingredient"])
    if statement["evidence_level"]:
        tags.append(statement["evidence_level"])
    finding = statement.get("finding")
    if finding and statement["evidence_level"] not in ("none-found", "claim-only"):
        tags.append(FINDING_WORDS.get(finding, unknown_value("finding", finding)))
    if statement.get("participants"):
        tags.append(f"{statement['participants']} people")
    tags += _population_tags(statement)
    if statement.get("other_compound"):
        tags.append("another compound: not graded")
    if statement["manufacturer_sponsored"]:
        tags.append("maker-sponsored")
    if statement["origin"] == "user":
        tags.append("user-added")
    cite = f"[{statement['source']}"
    if statement["reviewed"]:
        cite += f", reviewed {statement['reviewed']}"
    cite += "]"
    return wrapped(f"- ({', '.join(tags)}) {statement['text']}{_effect_and_search(statement)} {cite}", width)


_SEXES = {"male": "men", "female": "women", "both": "men and women"}


def population_words(statement: Mapping[str, Any]) -> list[str]:
    """Who an evidence statement's studies were of (when known), against what and for how long."""
    words = [_SEXES[statement["sex"]]] if statement.get("sex") in _SEXES else []
    comparator = statement.get("comparator")
    if comparator not in (None, "not-applicable"):
        words.append("single-arm" if comparator == "none" else f"vs {comparator}")
    if statement.get("weeks"):
        words.append(f"{statement['weeks']} weeks")
    return words


def _population_tags(statement: dict[str, Any]) -> list[str]:
    """The condition, then the population, of an evidence statement."""
    if statement["kind"] != "evidence" or not statement.get("condition"):
        return []
    condition = statement["condition"]
    no_study = statement["evidence_level"] in ("none-found", "claim-only")
    # A searched-for absence of no one condition stands for every condition (core.evidence).
    label = (
        "hair loss in general"
        if no_study and condition in CONDITION_WORDS
        else CONDITION_WORDS.get(condition, condition)
    )
    return [label, *population_words(statement)]


def _effect_and_search(statement: dict[str, Any]) -> str:
    """The effect as the source reports it, and what was searched for an absence."""
    effect = statement_effect(statement)
    text = (
        f" Effect: {effect}{' on ' + statement['outcome'] if statement.get('outcome') else ''}."
        if effect
        else ""
    )
    if statement.get("searched"):
        searched = statement["searched"]
        text += f" Searched: {searched}{'' if searched.endswith('.') else '.'}"
    return text


def citation(source: dict[str, Any]) -> str:
    parts = [source["title"]]
    for label in ("authors", "published_in", "year"):
        if source.get(label):
            parts.append(str(source[label]))
    ids = []
    if source.get("pmid"):
        ids.append(f"PMID {source['pmid']}")
    if source.get("doi"):
        ids.append(f"doi:{source['doi']}")
    if not ids and source.get("url"):
        ids.append(source["url"])
    if ids:
        parts.append("; ".join(ids))
    if source.get("accessed"):
        parts.append(f"Accessed {source['accessed']}")
    return sentences(parts)


def sentences(parts: list[str]) -> str:
    """Parts joined with '. ', except after a part that already ends a sentence ('Smith J, et
    al.', 'Is mesotherapy effective?')."""
    return "".join(
        part + ("" if index == len(parts) - 1 else " " if part.endswith((".", "?", "!")) else ". ")
        for index, part in enumerate(parts)
    )


def formulation_line(formulation: dict[str, Any], width: int | None) -> str:
    declared = formulation["declared"] or "concentration not declared"
    return wrapped(
        f"- {formulation['name']} [{formulation['slug']}] ({formulation['kind']}, {formulation['route']}, "
        f"declared by {formulation['declared_by']}): as {formulation['name_as_written']!r}, {declared}",
        width,
    )


def ingredient_text(entry: dict[str, Any], width: int | None) -> str:
    lines = [entry["name"], "=" * len(entry["name"])]
    aliases = ", ".join(f"{a['name']} ({a['kind']})" for a in entry["aliases"]) or "none"
    origin = "user-added" if entry["origin"] == "user" else "seed data"
    lines += field_lines(
        [
            ("Slug", entry["slug"]),
            ("Class", entry["class"] + (f" ({entry['class_detail']})" if entry.get("class_detail") else "")),
            ("Stated purpose", entry["stated_purpose"]),
            ("CAS RN", entry["cas_number"]),
            ("PubChem CID", entry["pubchem_cid"]),
            ("UNII", entry["unii"]),
            ("INCI name", entry["inci_name"]),
            ("Formula", entry["molecular_formula"]),
            ("Identifiers from", f"[{entry['identifiers_source']}]" if entry["identifiers_source"] else None),
            *([("UNII from", f"[{entry['unii_source']}]")] if entry.get("unii_source") else []),
            *([("Identifiers note", entry["identifiers_note"])] if entry.get("identifiers_note") else []),
            ("Aliases", aliases),
            ("Mechanism", entry["mechanism"]),
            ("Regulatory", entry["regulatory_status"]),
            ("Origin", origin),
        ],
        width,
    )
    best = entry.get("best_evidence")
    if best:
        # The intradermal route always, since it is what the catalogue is about; others when graded.
        shown = [
            route
            for route, cell in best.items()
            if route in ("intradermal", "overall") or cell["summary"] is not None
        ]
        condition = entry.get("evidence_condition") or "any"
        studied = "every condition" if condition == "any" else condition
        lines += ["", f"Certainty of the evidence for {studied} (see 'ingredients grades')"]
        lines += field_lines([(f"  {route}", best[route]["certainty"]) for route in shown], width)
        lines += ["", f"Best evidence (grade, finding) for {studied}"]
        lines += field_lines([(f"  {route}", grade_cell(best[route]["summary"])) for route in shown], width)
    lines += _statement_sections(entry, width)
    lines += ["", wrapped(NOT_ADVICE, width, indent="", hanging="")]
    return "\n".join(lines) + "\n"


def procedure_text(entry: dict[str, Any], width: int | None) -> str:
    """The procedure's own statements: what the sources say about mesotherapy itself."""
    lines = [entry["name"], "=" * len(entry["name"])]
    lines += field_lines(
        [
            ("Slug", entry["slug"]),
            ("Kind", "a procedure, not an ingredient: these statements name no ingredient"),
        ],
        width,
    )
    lines += _statement_sections(entry, width)
    lines += ["", wrapped(NOT_ADVICE, width, indent="", hanging="")]
    return "\n".join(lines) + "\n"


def _statement_sections(entry: dict[str, Any], width: int | None) -> list[str]:
    lines: list[str] = []
    for kind in STATEMENT_KINDS:
        statements = [s for s in entry["statements"] if s["kind"] == kind]
        if statements:
            lines += ["", _HEADINGS[kind]]
            lines += [statement_line(s, width) for s in statements]
    strays = [s for s in entry["statements"] if s["kind"] not in STATEMENT_KINDS]
    if strays:
        # Another client stored a kind the vocabulary lacks: shown, never left out.
        lines += ["", "Statements of an unknown kind ('ingredients db check' lists them)"]
        lines += [statement_line(s, width) for s in strays]
    if entry.get("formulations"):
        lines += ["", "Formulations that contain it (stored products and recipes)"]
        lines += [formulation_line(f, width) for f in entry["formulations"]]
    if entry["sources"]:
        lines += ["", "Sources"]
        lines += [wrapped(f"[{s['key']}] {citation(s)}", width) for s in entry["sources"]]
    return lines


def source_text(entry: dict[str, Any], width: int | None) -> str:
    heading = f"[{entry['key']}] {entry['title']}"
    lines = [heading, "=" * min(len(heading), width or len(heading))]
    lines += field_lines(
        [
            ("Kind", entry["kind"]),
            ("Authors", entry["authors"]),
            ("Published in", entry["published_in"]),
            ("Year", entry["year"]),
            ("PMID", entry["pmid"]),
            ("DOI", entry["doi"]),
            ("URL", entry["url"]),
            ("Accessed", entry["accessed"]),
            ("Note", entry["note"]),
        ],
        width,
    )
    if entry["identifies"]:
        lines += ["", f"Source of the identifiers of: {entry['identifies']}"]
    lines += ["", f"Cited by {len(entry['cited_by'])} statement(s)"]
    lines += [statement_line(s, width, with_subject=True) for s in entry["cited_by"]]
    lines += ["", wrapped(NOT_ADVICE, width, indent="", hanging="")]
    return "\n".join(lines) + "\n"
