"""A small catalogue built for one rule's test, from synthetic rows, never the seed data.

A specification test sets up exactly the branch it pins (a both-sex study, a review
with an unclear finding, a class with a hyphen) in a few lines::

    catalogue = SmallCatalogue()
    catalogue.ingredient("agent-a", ingredient_class="local-anaesthetic")
    catalogue.evidence("agent-a", level="rct", finding="benefit", sex="both")
    reader = catalogue.reader(tmp_path)

Rows take the one write path every row takes (the importer), so a rule the importer
enforces holds here too; the catalogue is stamped with the current seed version so
that opening it never adds the seed.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import seed_data
from ingredients.core.vocabulary import TABLES
from ingredients.exchange.import_files import ImportFile, Row
from ingredients.exchange.importer import ImportRejected
from ingredients.exchange.importing import run_import
from ingredients.store.database import write_meta
from ingredients.store.lifecycle import migrate, transaction
from ingredients.store.location import DatabaseLocation, resolve_location
from ingredients.store.reader import Reader, SqlAlchemyReader, SqliteReader

# The study fields an evidence row gets unless the test says otherwise.
_EVIDENCE_DEFAULTS: dict[str, Any] = {
    "route": "intradermal",
    "level": "rct",
    "finding": "benefit",
    "condition": "androgenetic-alopecia",
    "sex": "both",
    "comparator": "placebo",
}


class SmallCatalogue:
    """Rows per table, added one call at a time, then written to a fresh database."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        self._counter = itertools.count(1)

    def _add(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        self.rows[table].append(values)
        return values

    def _source_for(self, given: str | None) -> str:
        if given is not None:
            if not any(row["key"] == given for row in self.rows["sources"]):
                self.source(given)
            return given
        return self.source()

    # --- the tables -----------------------------------------------------------------
    def source(self, key: str | None = None, **fields: Any) -> str:
        key = key or f"source-{next(self._counter)}"
        self._add("sources", {"key": key, "kind": "paper", "title": f"A study called {key}", **fields})
        return key

    def ingredient(self, slug: str, name: str | None = None, **fields: Any) -> str:
        name = name or slug.replace("-", " ").title()
        fields.setdefault("class", fields.pop("ingredient_class", "other"))
        self._add("ingredients", {"slug": slug, "name": name, **fields})
        return slug

    def alias(self, ingredient: str, name: str, kind: str = "synonym") -> None:
        self._add("aliases", {"ingredient": ingredient, "name": name, "kind": kind})

    def statement(self, ingredient: str, kind: str, text: str | None = None, **fields: Any) -> dict[str, Any]:
        """Any statement; ``ingredient`` may be ``mesotherapy`` for the procedure."""
        source = self._source_for(fields.pop("source", None))
        text = text or f"Statement {next(self._counter)} about {ingredient}."
        if "level" in fields:  # the grade by its label, as the data files give it
            fields["evidence_level"] = fields.pop("level")
        return self._add(
            "statements", {"ingredient": ingredient, "kind": kind, "text": text, "source": source, **fields}
        )

    def evidence(self, ingredient: str, text: str | None = None, **fields: Any) -> dict[str, Any]:
        """An evidence statement: an injected, placebo-controlled RCT of both sexes with a
        benefit for pattern hair loss, unless the test says otherwise. A control given
        without a comparator sets the comparator it is a kind of."""
        defaults = dict(_EVIDENCE_DEFAULTS)
        if "control" in fields:
            defaults.pop("comparator")
        return self.statement(ingredient, "evidence", text, **{**defaults, **fields})

    def claim(self, ingredient: str, text: str, asserts: str = "efficacy", **fields: Any) -> dict[str, Any]:
        """A popular article's claim (a purpose statement citing an article)."""
        if "source" not in fields:
            fields["source"] = self.source(kind="article")
        fields.setdefault("level", "claim-only")
        fields.setdefault("route", "intradermal")
        return self.statement(ingredient, "purpose", text, asserts=asserts, **fields)

    def safety(self, ingredient: str, harm: str | None = None, **fields: Any) -> dict[str, Any]:
        return self.statement(ingredient, "safety", harm=harm, **fields)

    def strength(self, ingredient: str, value: float, unit: str = "%", **fields: Any) -> None:
        source = self._source_for(fields.pop("source", None))
        self._add(
            "strengths",
            {
                "ingredient": ingredient,
                "value": value,
                "unit": unit,
                "route": "topical",
                "basis": "approved",
                "source": source,
                **fields,
            },
        )

    def formulation(
        self,
        slug: str,
        components: list[tuple[str, float | None, str | None]],
        unlinked: tuple[str, ...] = (),
        **fields: Any,
    ) -> None:
        """A formulation and its components, each (ingredient, value, unit), then the names in
        ``unlinked`` as components linked to no ingredient."""
        source = self._source_for(fields.pop("source", None))
        self._add(
            "formulations",
            {
                "slug": slug,
                "name": fields.pop("name", slug.title()),
                "kind": "injectable",
                "route": "intradermal",
                "declared_by": "user",
                "source": source,
                **fields,
            },
        )
        listed = [*components, *((name, None, None) for name in unlinked)]
        for position, (ingredient, value, unit) in enumerate(listed, 1):
            self._add(
                "components",
                {
                    "formulation": slug,
                    "name": ingredient,
                    "ingredient": ingredient if position <= len(components) else None,
                    "value": value,
                    "unit": unit,
                    "position": position,
                },
            )

    def excipient(self, slug: str, name: str | None = None, **fields: Any) -> None:
        source = self._source_for(fields.pop("source", None))
        self._add(
            "excipients",
            {
                "slug": slug,
                "inci_name": name or slug.replace("-", " ").title(),
                "category": "solvent",
                "source": source,
                **fields,
            },
        )

    def cosmetic(self, cosing_ref: int, name: str, **fields: Any) -> None:
        """An entry of the CosIng inventory: a cosmetic ingredient, never an agent."""
        source = self._source_for(fields.pop("source", None))
        self._add(
            "cosing_ingredients",
            {"cosing_ref": cosing_ref, "inci_name": name, "source": source, **fields},
        )

    # --- writing it -----------------------------------------------------------------
    def files(self) -> list[ImportFile]:
        return [
            ImportFile(
                Path(table),
                table,
                iter([Row(f"{table}[{index}]", dict(values)) for index, values in enumerate(rows)]),
            )
            for table, rows in self.rows.items()
            if rows
        ]

    def write(self, location: DatabaseLocation, origin: str = "seed") -> DatabaseLocation:
        """Migrate an empty database at ``location`` and import the rows, as the seed is."""
        with transaction(location, "cannot build the small catalogue") as session:
            migrate(session.connection(), None)
            try:
                run_import(session, self.files(), replace_seed=False, origin=origin)
            except ImportRejected as rejected:
                raise AssertionError(
                    "the small catalogue does not import:\n" + "\n".join(rejected.problems)
                ) from None
            write_meta(session, "seed_data_version", seed_data.SEED_DATA_VERSION)
        return location

    def refresh(self, path: Path) -> None:
        """Bring the seed rows of the catalogue at ``path`` to these rows, as a seed refresh
        (or `db rebuild`) does with a newer seed; rows a user added stay."""
        from ingredients.exchange.seed_loader import SeedCatalogue
        from ingredients.exchange.seeding import reseed

        with transaction(resolve_location(str(path)), "cannot refresh the small catalogue") as session:
            reseed(session, SeedCatalogue(seed_data.SEED_DATA_VERSION, self.files()))

    def build(self, folder: Path, origin: str = "seed") -> Path:
        """A SQLite file holding only these rows."""
        path = folder / f"small-{next(self._counter)}.db"
        self.write(resolve_location(str(path)), origin)
        return path

    def reader(self, folder: Path) -> Reader:
        return SqliteReader(self.build(folder))

    def server_reader(self, url: str) -> Reader:
        """A reader on an empty PostgreSQL database (``url``) holding only these rows."""
        location = self.write(resolve_location(url))
        from ingredients.store import server

        return SqlAlchemyReader(server.make_server_engine(location))


# --- a hostile catalogue ------------------------------------------------------------
# Every column that takes free text, by table. The others are held to a shape or a
# vocabulary on import (keys, slugs, identifiers, dates, numbers, the vocabularies),
# so no markup reaches them.
FREE_TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("title", "authors", "published_in", "url", "note"),
    "ingredients": (
        "name",
        "class_detail",
        "stated_purpose",
        "inci_name",
        "molecular_formula",
        "identifiers_note",
        "mechanism",
        "regulatory_status",
    ),
    "aliases": ("name",),
    "statements": ("text", "searched"),
    "strengths": ("note",),
    "formulations": ("name", "maker", "note"),
    "components": ("name", "note"),
    "excipients": ("inci_name", "synonyms", "functions", "injectable_basis"),
    "cosing_ingredients": ("inci_name", "cas_number", "ec_number", "functions", "restriction"),
}


def markup(table: str, column: str) -> str:
    """Text that would run script if a page let it through as markup, naming its column.
    It opens by closing an attribute, so a value put unescaped into one escapes it too."""
    return f"\"'><script>alert({table}.{column})</script><img src=x onerror=alert({table}.{column})>"


def hostile_catalogue() -> SmallCatalogue:
    """A small catalogue with every free-text column of every table filled with markup."""

    def filled(table: str, skip: tuple[str, ...] = ()) -> dict[str, str]:
        return {column: markup(table, column) for column in FREE_TEXT_COLUMNS[table] if column not in skip}

    catalogue = SmallCatalogue()
    catalogue.source("hostile-source", **filled("sources"))
    catalogue.ingredient("hostile-agent", **filled("ingredients"))
    catalogue.alias("hostile-agent", markup("aliases", "name"))
    catalogue.evidence("hostile-agent", markup("statements", "text"), source="hostile-source")
    catalogue.evidence(
        "hostile-agent",
        "Searched, nothing found.",
        route="topical",
        level="none-found",
        finding="unclear",
        searched=markup("statements", "searched"),
        source="hostile-source",
    )
    catalogue.claim("hostile-agent", f"Claim: {markup('statements', 'text')}")
    catalogue.statement("mesotherapy", "safety", f"Procedure: {markup('statements', 'text')}")
    catalogue.strength("hostile-agent", 1.0, source="hostile-source", **filled("strengths"))
    catalogue.formulation(
        "hostile-mix", [("hostile-agent", 1.0, "%")], source="hostile-source", **filled("formulations")
    )
    catalogue.rows["components"][-1].update(filled("components"))
    catalogue.excipient(
        "hostile-excipient",
        markup("excipients", "inci_name"),
        source="hostile-source",
        **filled("excipients", ("inci_name",)),
    )
    catalogue.cosmetic(
        1,
        markup("cosing_ingredients", "inci_name"),
        source="hostile-source",
        **filled("cosing_ingredients", ("inci_name",)),
    )
    return catalogue
