"""Writing the static site: one page at a time, straight from the catalogue to disk.

Nothing here holds more than one entry at once, so memory stays flat however
many ingredients the catalogue has. The same catalogue always gives the same
bytes: no clock is read, and every listing has a fixed order.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

from ingredients.core.certainty import CERTAINTY_RULES
from ingredients.core.claim_rules import RULES, VERDICT_NAMES
from ingredients.core.errors import IngredientsError
from ingredients.core.table import Table
from ingredients.core.vocabulary import (
    ANY_CONDITION_ONLY,
    DEFAULT_CONDITION,
    EVIDENCE_LEVELS,
    ROUTES,
    STATEMENT_KINDS,
)
from ingredients.read import claims, formulations, queries
from ingredients.read import procedure as procedure_queries
from ingredients.read import sources as source_queries
from ingredients.read import statements as statement_reads
from ingredients.store.reader import Reader

from . import citations, views
from .overview_rows import OverviewRows
from .page_pool import PagePool, write_page

# Written into every site this program builds: a folder holding it may be
# rebuilt without --force, and it lists the files to clear before a rebuild.
MARKER = ".ingredients-site"
_MARKER_HEADING = "# Written by `ingredients site`; the files it wrote follow, one a line.\n"

STATIC_FILES = ("site.css", "site.js")
SEARCH_INDEX = "search-index.js"


@dataclass(frozen=True)
class SiteReport:
    directory: Path
    pages: int
    ingredients: int
    sources: int
    # Statement kinds and routes outside the vocabulary, shown as unknown on the pages.
    unknown: list[str]


def _environment() -> Any:
    # Imported here: the templating stack is needed only when a site is built.
    from .templating import site_environment

    return site_environment()


def prepare_directory(directory: Path, force: bool) -> None:
    """Make ``directory`` ready: new, empty, a site written before, or --force."""
    if directory.exists() and not directory.is_dir():
        raise IngredientsError(f"{directory} exists and is not a directory")
    if directory.is_dir():
        marker = directory / MARKER
        if marker.is_file():
            _clear_previous_site(directory, marker)
        elif any(directory.iterdir()) and not force:
            raise IngredientsError(
                f"{directory} is not empty and holds no site written by this program; "
                "add --force to write into it"
            )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IngredientsError(f"cannot create {directory}: {exc.strerror}") from None


def _clear_previous_site(directory: Path, marker: Path) -> None:
    """Remove what the last build wrote (and only that), so no stale page survives."""
    root = os.path.realpath(directory)
    with marker.open(encoding="utf-8") as listed:
        for line in listed:
            name = line.rstrip("\n")
            if not name or name.startswith("#"):
                continue
            # Strings rather than pathlib, for the reason given in _SiteWriter.open_file.
            path = os.path.realpath(os.path.join(root, name))
            # A marker edited by hand must not reach outside the site.
            if os.path.commonpath([root, path]) == root and os.path.isfile(path):
                os.remove(path)
    for folder in ("ingredients", "sources"):
        # Absent, or holding files this program did not write: then left alone.
        with contextlib.suppress(OSError):
            (directory / folder).rmdir()


class _SiteWriter:
    def __init__(self, reader: Reader, directory: Path, manifest: IO[str], pool: PagePool) -> None:
        self.reader = reader
        self.directory = directory
        self.manifest = manifest
        self.pool = pool
        self.environment = _environment()
        self.pages = 0
        self.ingredients = 0
        self._folders: set[str] = set()
        self.common = {"seed_version": queries.seed_data_version(reader) or "unknown"}

    def _path(self, relative: str) -> str:
        """Where the file goes, its folder made and its name listed in the marker."""
        # Plain strings, not pathlib: pathlib interns every part of every path it
        # parses, which would grow memory by each page's name for good.
        path = os.path.join(self.directory, relative)
        folder = os.path.dirname(path)
        # Made once: a site has a handful of folders, and asking again costs system calls.
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        self.manifest.write(relative + "\n")
        return path

    def open_file(self, relative: str) -> IO[str]:
        # Fixed newlines and encoding: the same bytes on every platform.
        return open(self._path(relative), "w", encoding="utf-8", newline="\n")

    def _context(self, relative: str, context: dict[str, Any]) -> dict[str, Any]:
        return {"root": "../" * relative.count("/"), **self.common, **context}

    def page(self, relative: str, template: str, **context: Any) -> None:
        write_page(self.environment, self._path(relative), template, self._context(relative, context))
        self.pages += 1

    def page_in_pool(
        self, relative: str, template: str, finish: Callable[..., dict[str, Any]], *args: Any, **context: Any
    ) -> None:
        """As `page`, written by a worker process, which adds to the context what
        ``finish(*args)`` gives (the work of preparing it is done there too)."""
        self.pool.render(self._path(relative), template, self._context(relative, context), finish, *args)
        self.pages += 1

    def static(self, name: str) -> None:
        data = resources.files("ingredients.site").joinpath("static", name).read_text(encoding="utf-8")
        with self.open_file(name) as out:
            out.write(data)


def _overview_pages(reader: Reader) -> list[dict[str, Any]]:
    """The overview for pattern hair loss (index.html), then every condition studied, then all."""
    studied = sorted(queries.evidence_conditions(reader) - {DEFAULT_CONDITION, *ANY_CONDITION_ONLY})
    return [
        {
            "condition": condition,
            "href": "index.html" if condition == DEFAULT_CONDITION else f"overview-{condition}.html",
            "label": "every condition" if condition == "any" else condition,
        }
        for condition in (DEFAULT_CONDITION, *studied, "any")
    ]


def _write_search_index(out: IO[str], rows: Iterable[list[Any]]) -> None:
    out.write("// Search index for search.html: a script, not JSON, because browsers\n")
    out.write("// refuse to fetch local files from a page opened from disk.\n")
    out.write("window.INGREDIENTS_SEARCH_INDEX = [\n")
    for row in rows:
        text = json.dumps(row, ensure_ascii=True, separators=(",", ":"))
        # No markup characters at all, even inside strings.
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        out.write(text + ",\n")
    out.write("];\n")


def build_site(reader: Reader, directory: Path, force: bool = False) -> SiteReport:
    """Write the whole site into ``directory``; see prepare_directory for when it refuses."""
    prepare_directory(directory, force)
    try:
        with (directory / MARKER).open("w", encoding="utf-8", newline="\n") as manifest:
            manifest.write(_MARKER_HEADING)
            return _write_all(reader, directory, manifest)
    except OSError as exc:
        where = exc.filename or directory
        raise IngredientsError(f"cannot write {where}: {exc.strerror}") from None


def _write_all(reader: Reader, directory: Path, manifest: IO[str]) -> SiteReport:
    pool = PagePool(_environment)
    try:
        return _write_with(_SiteWriter(reader, directory, manifest, pool))
    finally:
        pool.close()


def _write_with(writer: _SiteWriter) -> SiteReport:
    reader, directory = writer.reader, writer.directory
    routes = views.matrix_routes(queries.evidence_routes(reader))
    for name in STATIC_FILES:
        writer.static(name)

    # What the overviews show of each entry, kept on disk while the entries are read
    # (once, for their own pages), so memory stays flat.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as bases:
        overview_rows = OverviewRows(writer.environment, routes, bases)
        with writer.open_file(SEARCH_INDEX) as search_index:
            _write_search_index(search_index, _pages_and_search_rows(writer, overview_rows))
        _write_overviews(writer, routes, overview_rows)
    _write_fixed_pages(writer, routes)
    _write_formulations(writer)
    sources = _write_sources(writer)
    unknown = statement_reads.unknown_kinds_and_routes(reader)
    return SiteReport(directory, writer.pages, writer.ingredients, sources, unknown)


def _write_overviews(writer: _SiteWriter, routes: list[str], overview_rows: OverviewRows) -> None:
    """One overview page per condition, each listing every ingredient's grades."""
    overviews = _overview_pages(writer.reader)
    for overview in overviews:
        writer.page(
            overview["href"],
            "index.html",
            page="index",
            routes=routes,
            overview=overview,
            overviews=overviews,
            rows=overview_rows.of(writer.reader, overview["condition"]),
            findings=[*views.FINDINGS.values(), views.UNKNOWN_FINDING],
        )


def _write_fixed_pages(writer: _SiteWriter, routes: list[str]) -> None:
    """The procedure, grading, claims and search pages."""
    procedure = procedure_queries.procedure_statements(writer.reader)
    cited = {statement["source"] for statement in procedure}
    writer.page(
        "procedure.html",
        "procedure.html",
        page="procedure",
        entry=views.procedure_page(
            procedure,
            (
                source
                for source in _records(source_queries.list_sources(writer.reader))
                if source["key"] in cited
            ),
            routes,
        ),
    )
    writer.page(
        "grading.html",
        "grading.html",
        page="grading",
        levels=sorted(EVIDENCE_LEVELS, key=lambda level: -level.rank),
        routes=ROUTES,
        kinds=STATEMENT_KINDS,
        findings=[*views.FINDINGS.values(), views.UNKNOWN_FINDING],
        claim_rules=RULES,
        certainty_rules=CERTAINTY_RULES,
        verdicts=VERDICT_NAMES,
    )
    articles = {
        source["key"]: source for source in _records(source_queries.list_sources(writer.reader, "article"))
    }
    writer.page(
        "claims.html",
        "claims.html",
        page="claims",
        articles=views.claims_page(claims.claims(writer.reader).rows, articles),
    )
    writer.page("search.html", "search.html", page="search")


def _write_sources(writer: _SiteWriter) -> int:
    """The list of sources and a page for each; returns how many."""
    reader = writer.reader
    sources = 0
    writer.page(
        "sources.html",
        "sources.html",
        page="sources",
        sources=(
            {**source, "href": citations.source_path(source["key"])}
            for source in _records(source_queries.list_sources(reader))
        ),
    )
    for source in _records(source_queries.list_sources(reader)):
        key = source["key"]
        writer.page(
            citations.source_path(key),
            "source.html",
            page="source",
            entry=views.source_page(source, source_queries.citing_statements(reader, key)),
        )
        sources += 1
    return sources


def _write_formulations(writer: _SiteWriter) -> None:
    """The formulations list and one page each; there are few, and each names few ingredients."""
    listed = list(_records(formulations.list_formulations(writer.reader)))
    writer.page(
        "formulations.html",
        "formulations.html",
        page="formulations",
        formulations=[{**item, "href": citations.formulation_path(item["slug"])} for item in listed],
    )
    for item in listed:
        entry = formulations.formulation_entry(writer.reader, item["slug"])
        evidence = {
            slug: queries.best_evidence(writer.reader, queries.resolve(writer.reader, slug))
            for slug in {c["ingredient"] for c in entry["components"] if c["ingredient"]}
        }
        writer.page(
            citations.formulation_path(item["slug"]),
            "formulation.html",
            page="formulation",
            entry=views.formulation_page(entry, evidence),
        )


def _pages_and_search_rows(writer: _SiteWriter, overview_rows: OverviewRows) -> Iterator[list[Any]]:
    """Writes each ingredient's page, hands it to the overviews, and hands on its rows for
    the search index."""
    routes = overview_rows.routes
    for ingredient_id, entry in queries.every_ingredient_entry(writer.reader):
        overview_rows.add(ingredient_id, entry)
        href = citations.ingredient_path(entry["slug"])
        writer.page_in_pool(href, "ingredient.html", _ingredient_page, entry, routes, page="ingredient")
        writer.ingredients += 1
        yield from views.search_entries(entry, href)
    writer.pool.wait()
    for number, statement in enumerate(procedure_queries.procedure_statements(writer.reader), start=1):
        yield views.statement_search_entry(views.PROCEDURE_NAME, statement, f"procedure.html#st-{number}")
    for source in _records(source_queries.list_sources(writer.reader)):
        yield [
            "source",
            source["key"],
            source.get("kind") or "source",
            citations.citation_text(source),
            citations.source_path(source["key"]),
        ]


def _ingredient_page(entry: dict[str, Any], routes: list[str]) -> dict[str, Any]:
    return {"entry": views.ingredient_page(entry, routes)}


def _records(table: Table) -> Iterator[dict[str, Any]]:
    return (dict(zip(table.columns, row, strict=True)) for row in table.rows)
