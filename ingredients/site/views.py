"""What each page shows, shaped from the catalogue's entries; no file or template work here.

Fields that newer catalogues carry (a statement's finding, participants and
other_compound; an ingredient's class_detail and formulations) are read with
dict.get, so the site works with entries that have them and with entries that
do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ingredients.core.effect_words import statement_effect
from ingredients.core.evidence import combined_finding
from ingredients.core.vocabulary import (
    FINDING_WORDS,
    LEVEL_BY_LABEL,
    PROCEDURE_SLUG,
    ROUTES,
    STATEMENT_KINDS,
)
from ingredients.read.procedure import PROCEDURE_NAME
from ingredients.render.entry_text import population_words
from ingredients.site.citations import (
    References,
    formulation_path,
    ingredient_path,
    primary_link,
    source_path,
    subject_path,
)
from ingredients.site.forest_plot import forest_plots
from ingredients.site.unknown_values import (
    known_or_unknown,
    route_warning,
    unknown_kind_section,
    unknown_route_groups,
)


@dataclass(frozen=True)
class Finding:
    key: str | None
    words: str
    css_class: str


# What a study found, in the catalogue's words and with the stylesheet class that colours it.
FINDINGS: dict[str, Finding] = {
    key: Finding(key, words, f"finding-{key}") for key, words in FINDING_WORDS.items()
}
UNKNOWN_FINDING = Finding(None, "finding unknown", "finding-unknown")

# The overview's columns: the route this catalogue is about first.
MATRIX_ROUTES: tuple[str, ...] = ("intradermal", "topical", "oral", "parenteral", "in-vitro")


SECTION_HEADINGS: dict[str, str] = {
    "purpose": "Stated purposes (the source articles' claims, not findings)",
    "evidence": "Evidence by route",
    "mechanism": "Mechanism",
    "safety": "Safety",
    "regulatory": "Regulatory",
}


def finding_of(value: object) -> Finding:
    return FINDINGS.get(value, UNKNOWN_FINDING) if isinstance(value, str) else UNKNOWN_FINDING


def matrix_routes(graded_routes: Iterable[str]) -> list[str]:
    """The overview's columns, plus 'any' when some evidence is graded for no one route."""
    routes = list(MATRIX_ROUTES)
    extra = set(graded_routes) - set(routes)
    routes += [route for route in ROUTES if route in extra]
    return routes


# --- statements -----------------------------------------------------------------


def statement_view(statement: Mapping[str, Any], number: int, reference: int | None = None) -> dict[str, Any]:
    level = statement.get("evidence_level")
    participants = statement.get("participants")
    return {
        "anchor": f"st-{number}",
        "subject": statement.get("ingredient"),
        "subject_href": subject_path(str(statement.get("ingredient") or PROCEDURE_SLUG)),
        "kind": statement.get("kind"),
        # A route outside the vocabulary (another client wrote it) is shown as unknown.
        "route": known_or_unknown(statement.get("route"), ROUTES, "route"),
        "grade": level,
        "rank": LEVEL_BY_LABEL[level].rank if level in LEVEL_BY_LABEL else None,
        "finding": finding_of(statement.get("finding")),
        "participants": participants if isinstance(participants, int) else None,
        "sponsored": bool(statement.get("manufacturer_sponsored")),
        "other_compound": bool(statement.get("other_compound")),
        "text": statement.get("text"),
        "source": statement.get("source"),
        "source_href": source_path(str(statement.get("source"))),
        "reference": reference,
        "reviewed": statement.get("reviewed"),
        "user": statement.get("origin") == "user",
        **_study_view(statement),
    }


def _study_view(statement: Mapping[str, Any]) -> dict[str, Any]:
    """Who an evidence statement's studies were of, against what, and the effect in numbers."""
    if statement.get("kind") != "evidence":
        return {"condition": None}
    return {
        "condition": statement.get("condition") or "unknown",
        "population": ", ".join(population_words(statement)),
        "effect": statement_effect(statement),
        "outcome": statement.get("outcome"),
        "searched": statement.get("searched"),
    }


def summarise_cell(
    best: Mapping[str, Any] | None, statements: list[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """One route's cell: the best evidence (grade and finding, as the catalogue defines
    them) and how many evidence statements the route has."""
    return summarise_count(best, len(statements))


def summarise_count(best: Mapping[str, Any] | None, count: int) -> dict[str, Any] | None:
    """summarise_cell from the number of the route's evidence statements alone."""
    if not count:
        return None
    grade = best.get("grade") if best else None
    certainty = best.get("certainty") if best else None
    if grade is None:
        return {"grade": None, "rank": -1, "finding": UNKNOWN_FINDING, "count": count, "certainty": certainty}
    return {
        "grade": grade,
        "rank": LEVEL_BY_LABEL[grade].rank,
        "finding": finding_of(best.get("finding") if best else None),
        "count": count,
        "certainty": certainty,
    }


def evidence_by_route(
    statements: Iterable[Mapping[str, Any]], routes: list[str]
) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {route: [] for route in routes}
    for statement in statements:
        if statement.get("kind") == "evidence":
            grouped.setdefault(str(statement.get("route")), []).append(statement)
    return grouped


def overview_basis(entry: Mapping[str, Any], routes: list[str]) -> dict[str, Any]:
    """What an overview row shows of an entry whatever the condition: kept, small, while
    the entry is read once for every overview."""
    grouped = evidence_by_route(entry["statements"], routes)
    return {
        "name": entry["name"],
        "slug": entry["slug"],
        "class": entry.get("class"),
        "user": entry.get("origin") == "user",
        "aliases": " ".join(alias["name"] for alias in entry.get("aliases") or ()),
        "counts": {route: len(grouped[route]) for route in routes},
    }


def overview_head(basis: Mapping[str, Any]) -> dict[str, Any]:
    """What an entry's overview row shows before its cells, the same in every condition."""
    return {
        "name": basis["name"],
        "slug": basis["slug"],
        "href": ingredient_path(basis["slug"]),
        "class": basis["class"],
        "user": basis["user"],
    }


def overview_row(basis: Mapping[str, Any], best: Mapping[str, Any], routes: list[str]) -> dict[str, Any]:
    """An entry's row in the overview of the condition ``best`` (its best_evidence) is of."""
    cells = [(route, summarise_count(best.get(route), basis["counts"][route])) for route in routes]
    grades = " ".join(cell["grade"] for _, cell in cells if cell and cell["grade"])
    certainties = " ".join(cell["certainty"] for _, cell in cells if cell and cell["certainty"])
    return {
        **overview_head(basis),
        "cells": cells,
        # What the filter box matches: name, aliases, class, grades and certainties.
        "filter_text": " ".join(
            part
            for part in (basis["name"], basis["aliases"], basis["class"] or "", grades, certainties)
            if part
        ).lower(),
    }


# --- the evidence chart ---------------------------------------------------------

_CHART_LEFT = 132
_CHART_TOP = 28
_CHART_COLUMN = 84
_CHART_ROW = 26


def evidence_chart(
    name: str,
    statements: list[Mapping[str, Any]],
    routes: list[str],
    best: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Geometry for a dot chart: one dot per route and grade, as large as its statement count."""
    grouped = evidence_by_route(statements, routes)
    best = best or {}
    levels = sorted(LEVEL_BY_LABEL.values(), key=lambda level: -level.rank)
    dots = []
    summary = []
    for column, route in enumerate(routes):
        cell = summarise_cell(best.get(route), grouped[route])
        if cell is None:
            summary.append(f"{route}: no evidence statement")
        else:
            summary.append(
                f"{route}: best grade {cell['grade'] or 'ungraded'}, {cell['finding'].words}, "
                f"{cell['count']} statement{'s' if cell['count'] != 1 else ''}"
            )
        for row, level in enumerate(levels):
            here = [s for s in grouped[route] if s.get("evidence_level") == level.label]
            if not here:
                continue
            count = len(here)
            finding = finding_of(combined_finding([s.get("finding") for s in here]))
            dots.append(
                {
                    "x": _CHART_LEFT + column * _CHART_COLUMN + _CHART_COLUMN // 2,
                    "y": _CHART_TOP + row * _CHART_ROW + _CHART_ROW // 2,
                    "r": min(8 + 2 * count, 12),
                    "count": count,
                    "css_class": finding.css_class,
                    "title": f"{route}, {level.label}: {count} statement{'s' if count != 1 else ''}",
                }
            )
    return {
        "width": _CHART_LEFT + len(routes) * _CHART_COLUMN + 8,
        "height": _CHART_TOP + len(levels) * _CHART_ROW + 6,
        "label": f"Evidence for {name} by route and grade. " + "; ".join(summary) + ".",
        "columns": [
            {"x": _CHART_LEFT + i * _CHART_COLUMN + _CHART_COLUMN // 2, "route": route}
            for i, route in enumerate(routes)
        ],
        "rows": [
            {"y": _CHART_TOP + i * _CHART_ROW + _CHART_ROW // 2, "grade": level.label}
            for i, level in enumerate(levels)
        ],
        "left": _CHART_LEFT,
        "top": _CHART_TOP,
        "dots": dots,
    }


# --- whole pages ----------------------------------------------------------------


def statement_sections(
    statements: Sequence[Mapping[str, Any]], references: References, routes: list[str]
) -> list[dict[str, Any]]:
    """Statements grouped by kind, in the vocabulary's order; evidence further by route."""
    views = [
        statement_view(statement, number, references.number(statement.get("source")))
        for number, statement in enumerate(statements, start=1)
    ]
    sections = []
    for kind in STATEMENT_KINDS:
        of_kind = [view for view in views if view["kind"] == kind]
        section: dict[str, Any] = {
            "kind": kind,
            "heading": SECTION_HEADINGS.get(kind, kind),
            "statements": of_kind,
        }
        if kind == "evidence":
            section["routes"] = _evidence_by_route(of_kind, routes)
        elif warning := route_warning(of_kind):
            section["warning"] = warning
        sections.append(section)
    strays = unknown_kind_section(views)
    if strays:
        sections.append(strays)
    return sections


def _evidence_by_route(of_kind: list[dict[str, Any]], routes: list[str]) -> list[dict[str, Any]]:
    """Evidence by route, the overview's routes first; a route outside the vocabulary last,
    as unknown and with a warning."""
    known = [*routes, *(r for r in ROUTES if r not in routes)]
    groups = [
        {
            "route": route,
            "caption": f"{route} route",
            "statements": [v for v in of_kind if v["route"] == route],
        }
        for route in known
    ]
    return groups + unknown_route_groups(of_kind, known)


def ingredient_page(entry: Mapping[str, Any], routes: list[str]) -> dict[str, Any]:
    references = References(entry.get("sources") or ())
    identifiers_reference = references.number(entry.get("identifiers_source"))
    statements = list(entry["statements"])
    formulations = entry.get("formulations") or []
    return {
        "name": entry["name"],
        "slug": entry["slug"],
        "class": entry.get("class"),
        "class_detail": entry.get("class_detail"),
        "stated_purpose": entry.get("stated_purpose"),
        "identifiers": [
            ("CAS Registry Number", entry.get("cas_number")),
            ("PubChem CID", entry.get("pubchem_cid")),
            ("UNII (FDA)", entry.get("unii")),
            ("INCI name", entry.get("inci_name")),
            ("Molecular formula", entry.get("molecular_formula")),
        ],
        "identifiers_reference": identifiers_reference,
        "unii_reference": references.number(entry.get("unii_source")),
        "aliases": list(entry.get("aliases") or ()),
        "mechanism": entry.get("mechanism"),
        "regulatory_status": entry.get("regulatory_status"),
        "user": entry.get("origin") == "user",
        "chart": evidence_chart(entry["name"], statements, routes, entry.get("best_evidence")),
        "forest_plots": forest_plots(statements, references.number),
        "sections": statement_sections(statements, references, routes),
        "formulations": [_formulation(item) for item in formulations],
        "references": references.listing(),
    }


def _formulation(item: Mapping[str, Any]) -> dict[str, Any]:
    """A formulation holding the ingredient: its name, link, and what it declares of it."""
    detail = f"as {item['name_as_written']!r}, {item.get('declared') or 'concentration not declared'}"
    return {"name": str(item["name"]), "href": formulation_path(str(item["slug"])), "detail": detail}


def formulation_page(entry: Mapping[str, Any], evidence: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One formulation: its components in declared order, each with the ingredient's best
    evidence on the formulation's route (``evidence`` maps a slug to its best evidence)."""
    references = References(entry.get("sources") or ())
    route = str(entry["route"])
    components = []
    for component in entry["components"]:
        slug = component.get("ingredient")
        best = (evidence.get(slug) or {}).get(route) if slug else None
        components.append(
            {
                **component,
                "href": ingredient_path(slug) if slug else None,
                "grade": best.get("grade") if best else None,
                "finding": finding_of(best.get("finding")) if best else UNKNOWN_FINDING,
            }
        )
    return {
        "name": entry["name"],
        "slug": entry["slug"],
        "maker": entry.get("maker"),
        "kind": entry["kind"],
        "route": route,
        "declared_by": entry["declared_by"],
        "note": entry.get("note"),
        "components": components,
        "reference": references.number(entry.get("source")),
        "references": references.listing(),
    }


def procedure_page(
    statements: Sequence[Mapping[str, Any]], sources: Iterable[Mapping[str, Any]], routes: list[str]
) -> dict[str, Any]:
    references = References(sources)
    sections = statement_sections(statements, references, routes)
    return {"name": PROCEDURE_NAME, "sections": sections, "references": references.listing()}


def source_page(source: Mapping[str, Any], citing: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One source; the statements citing it stay a stream, shown as they are read."""
    return {
        "key": source["key"],
        "title": source.get("title") or source["key"],
        "fields": [
            (label, source.get(field))
            for label, field in (
                ("Kind", "kind"),
                ("Authors", "authors"),
                ("Published in", "published_in"),
                ("Year", "year"),
                ("PMID", "pmid"),
                ("DOI", "doi"),
                ("Web address", "url"),
                ("Accessed", "accessed"),
                ("Note", "note"),
            )
        ],
        "link": primary_link(source),
        "identifies": [
            {"slug": slug, "href": ingredient_path(slug)}
            for slug in (source.get("identifies") or "").split(", ")
            if slug
        ],
        "count": int(source.get("statements") or 0),
        "statements": (statement_view(statement, number) for number, statement in enumerate(citing, start=1)),
        "user": source.get("origin") == "user",
    }


def search_entries(entry: Mapping[str, Any], href: str) -> Iterator[list[Any]]:
    """Rows of the search index for one ingredient: [what, name, detail, text, address]."""
    name = entry["name"]
    yield ["name", name, "ingredient", name, href]
    for alias in entry.get("aliases") or ():
        yield ["alias", name, alias.get("kind") or "alias", alias["name"], href]
    for field, label in (
        ("class", "class"),
        ("stated_purpose", "stated purpose"),
        ("mechanism", "mechanism"),
        ("regulatory_status", "regulatory"),
    ):
        if entry.get(field):
            yield ["description", name, label, entry[field], href]
    for number, statement in enumerate(entry.get("statements") or (), start=1):
        yield statement_search_entry(name, statement, f"{href}#st-{number}")


def statement_search_entry(name: str, statement: Mapping[str, Any], href: str) -> list[Any]:
    detail = ", ".join(
        str(part) for part in (statement.get("route"), statement.get("evidence_level")) if part
    )
    return [str(statement.get("kind")), name, detail, statement.get("text"), href]


# A statement named in a verdict's reason: '#12 pmid-123'.
_NAMED_STATEMENT = re.compile(r"#\d+ ([a-z0-9][^\s,;()]*)")


def reason_parts(because: str) -> list[tuple[str, str | None]]:
    """A verdict's reason as text pieces, each statement it names linked to its source's page."""
    parts: list[tuple[str, str | None]] = []
    start = 0
    for match in _NAMED_STATEMENT.finditer(because):
        parts += [(because[start : match.start()], None), (match.group(0), source_path(match.group(1)))]
        start = match.end()
    return [*parts, (because[start:], None)]


def claims_page(
    rows: Iterable[Sequence[Any]], sources: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The articles' assertions grouped by article (named by its title and the date it was
    read), each with its verdict and linked reason."""
    articles: dict[str, dict[str, Any]] = {}
    for slug, key, route, asserts, claim, verdict, because in rows:
        source = sources.get(key, {})
        article = articles.setdefault(
            key,
            {
                "key": key,
                "href": source_path(key),
                "rows": [],
                "title": source.get("title") or key,
                "accessed": source.get("accessed"),
            },
        )
        article["rows"].append(
            {
                "subject": slug,
                "href": subject_path(slug),
                "route": route,
                "asserts": asserts,
                "claim": claim,
                "verdict": verdict,
                "verdict_class": "verdict-" + verdict.replace(" ", "-"),
                "because": reason_parts(because),
            }
        )
    return list(articles.values())
