"""Writes the seed catalogue into a database, and refreshes it when the seed is newer.

The seed takes the same write path as a user's import (origin `seed`), so every
rule is enforced in one place. A refresh replaces rows that came from the seed
and never touches rows a user added: every table carries an ``origin`` column
for exactly this.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from ingredients.core.errors import DataFileError
from ingredients.exchange.importer import ImportRejected, ImportReport
from ingredients.exchange.importing import run_import
from ingredients.exchange.seed_loader import SeedCatalogue
from ingredients.store import models, search_index
from ingredients.store.database import write_meta


def apply_seed(session: Session, seed: SeedCatalogue) -> ImportReport:
    """Bring the seed part of the database to exactly the seed catalogue.

    Each seed statement is written again with the id it had (found by its seed key), so
    an id printed before the refresh names the same statement after it."""
    statement_ids = {
        key: row_id
        for key, row_id in session.exec(
            select(models.Statement.seed_key, models.Statement.id).where(
                col(models.Statement.seed_key).is_not(None)
            )
        )
        if key is not None and row_id is not None
    }
    # A new seed statement gets an id above every id held before, never a retired one's.
    highest = session.exec(select(func.max(models.Statement.id))).one() or 0
    for table in (models.Component, models.Strength, models.Statement, models.Alias, models.Excipient):
        session.exec(delete(table).where(col(table.origin) == "seed"))
    # A seed formulation's components go with it; a user's components stay on a user formulation.
    session.exec(delete(models.Formulation).where(col(models.Formulation.origin) == "seed"))
    session.flush()
    try:
        report = run_import(
            session,
            seed.files,
            replace_seed=False,
            origin="seed",
            seed_statement_ids=(statement_ids, highest),
        )
    except ImportRejected as exc:
        # A broken seed is a bug in the package, not in the user's catalogue.
        raise DataFileError(
            "the installed seed data does not validate: " + "; ".join(exc.problems[:3])
        ) from None
    _remove_retired_seed_rows(session, report.seed_slugs, report.seed_source_keys)
    write_meta(session, "seed_data_version", seed.version)
    return report


def _remove_retired_seed_rows(session: Session, slugs: set[str], source_keys: set[str]) -> None:
    """Drop seed ingredients and sources the seed no longer has, unless user rows use them."""
    retired = session.exec(
        select(models.Ingredient)
        .where(col(models.Ingredient.origin) == "seed")
        .where(col(models.Ingredient.slug).not_in(slugs))
    ).all()
    for ingredient in retired:
        in_use = (
            session.exec(
                select(models.Statement.id).where(models.Statement.ingredient_id == ingredient.id)
            ).first()
            or session.exec(
                select(models.Alias.id).where(models.Alias.ingredient_id == ingredient.id)
            ).first()
        )
        if in_use is None:
            session.delete(ingredient)
    cited = select(models.Statement.source_id).union(
        select(models.Strength.source_id),
        select(models.Formulation.source_id),
        select(models.Excipient.source_id),
        select(models.CosingIngredient.source_id),
        select(models.Excipient.injectable_source_id).where(
            col(models.Excipient.injectable_source_id).is_not(None)
        ),
    )
    identifying = (
        select(models.Ingredient.identifiers_source_id)
        .where(col(models.Ingredient.identifiers_source_id).is_not(None))
        .union(
            select(models.Ingredient.unii_source_id).where(col(models.Ingredient.unii_source_id).is_not(None))
        )
    )
    session.exec(
        delete(models.Source)
        .where(col(models.Source.origin) == "seed")
        # The import names its sources by folded key (identifiers.source_key_fold).
        .where(func.lower(models.Source.key).not_in(source_keys))
        .where(col(models.Source.id).not_in(cited))
        .where(col(models.Source.id).not_in(identifying))
    )


def reseed(session: Session, seed: SeedCatalogue) -> None:
    """A full rebuild: the seed rows written afresh and the search index remade."""
    apply_seed(session, seed)
    session.flush()
    search_index.rebuild(session)
