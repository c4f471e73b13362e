"""Importing rows: every table declared once, and the one loop that runs them.

Each table's import is a `TableImport`: what names a row, what it refers to,
what must be unique, and how a user's exported row is corrected; its checks
live in the module its `run` comes from. `run_import` reads the files in the
order references need (sources before what cites them), batch by batch, and
writes everything or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import Session

from ingredients.core.vocabulary import TABLES
from ingredients.exchange import alias_imports, content_imports, entity_imports, statement_imports
from ingredients.exchange.import_files import ImportFile, Row
from ingredients.exchange.importer import Importer, ImportRejected, ImportReport, batches


@dataclass(frozen=True)
class TableImport:
    """One table's import, declared: documentation of its rules and the function that applies them."""

    table: str
    key: str
    references: tuple[str, ...]
    unique: str
    corrected_by: str
    run: Callable[[Importer, list[Row]], None]


TABLE_IMPORTS: dict[str, TableImport] = {
    unit.table: unit
    for unit in (
        TableImport(
            "sources",
            key="key",
            references=(),
            unique="key",
            corrected_by="its key (a user's own source)",
            run=entity_imports.import_sources,
        ),
        TableImport(
            "ingredients",
            key="slug",
            references=("identifiers_source", "unii_source"),
            unique="slug; every name and alias; CAS number",
            corrected_by="its slug (seed rows only with --replace-seed)",
            run=entity_imports.import_ingredients,
        ),
        TableImport(
            "aliases",
            key="name",
            references=("ingredient",),
            unique="name, across names and aliases",
            corrected_by="the id export wrote (a user's alias of the same ingredient)",
            run=alias_imports.import_aliases,
        ),
        TableImport(
            "statements",
            key="what it says",
            references=("ingredient", "source"),
            unique="identical statements are kept once",
            corrected_by="the id export wrote (a user's statement of the same ingredient)",
            run=statement_imports.import_statements,
        ),
        TableImport(
            "strengths",
            key="what it says",
            references=("ingredient", "source"),
            unique="identical rows are kept once",
            corrected_by="never: rows are added",
            run=content_imports.import_strengths,
        ),
        TableImport(
            "formulations",
            key="slug",
            references=("source",),
            unique="slug",
            corrected_by="its slug (a user's own formulation)",
            run=entity_imports.import_formulations,
        ),
        TableImport(
            "components",
            key="what it says",
            references=("formulation", "ingredient"),
            unique="identical rows are kept once",
            corrected_by="never: rows are added",
            run=content_imports.import_components,
        ),
        TableImport(
            "excipients",
            key="slug",
            references=("source",),
            unique="slug",
            corrected_by="its slug (a user's own excipient)",
            run=entity_imports.import_excipients,
        ),
        TableImport(
            "cosing_ingredients",
            key="cosing_ref",
            references=("source",),
            unique="cosing_ref (the Commission's reference number)",
            corrected_by="its cosing_ref (a user's own entry)",
            run=entity_imports.import_cosing_ingredients,
        ),
    )
}


_PLACE = re.compile(r"(?P<file>.*?): (?:line|record) (?P<number>\d+): ")


def in_reading_order(problems: list[str], file_names: list[str]) -> list[str]:
    """Problems by file (in the order the files were named), then by line.

    Rows are checked table by table, so without this a file's problems could be
    listed out of order.
    """

    def place(problem: str) -> tuple[int, int]:
        found = _PLACE.match(problem)
        if found is None:
            return (len(file_names), 0)
        name = found["file"]
        index = file_names.index(name) if name in file_names else len(file_names)
        return (index, int(found["number"]))

    return sorted(problems, key=place)


def run_import(
    session: Session,
    files: Iterable[ImportFile],
    replace_seed: bool,
    origin: str = "user",
    seed_statement_ids: tuple[dict[str, int], int] | None = None,
) -> ImportReport:
    """Check and write every row; raise ImportRejected (the caller rolls back) on any problem.

    ``seed_statement_ids`` (a seed refresh): the id each seed key's statement had, and the
    highest statement id before the refresh, above which new seed statements are numbered."""
    importer = Importer(session, replace_seed, origin, seed_statement_ids)
    files = list(files)
    # Referenced rows first, whatever order the files were named in.
    for import_file in sorted(files, key=lambda f: TABLES.index(f.table)):
        for batch in batches(import_file.rows):
            TABLE_IMPORTS[import_file.table].run(importer, batch)
    if importer.problems:
        raise ImportRejected(in_reading_order(importer.problems, [f.path.name for f in files]))
    importer.finish()
    importer.report.seed_slugs = importer.imported_slugs
    importer.report.seed_source_keys = importer.imported_sources
    return importer.report
