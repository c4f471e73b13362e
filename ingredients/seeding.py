"""Writes the seed catalogue into a database, and refreshes it when the seed is newer.

A refresh replaces rows that came from the seed and never touches rows a user
added: every table carries an ``origin`` column for exactly this.
"""

from __future__ import annotations

from sqlmodel import Session, col, delete, select

from . import models, search_index
from .database import write_meta
from .identifiers import lookup_key
from .records import IngredientRecord
from .seed_loader import SeedCatalogue


def upsert_sources(session: Session, sources: list[models.SourceCreate]) -> dict[str, int]:
    """Insert or update sources by key; returns every known key's row id."""
    existing = {row.key: row for row in session.exec(select(models.Source))}
    for source in sources:
        row = existing.get(source.key)
        if row is None:
            row = models.Source.model_validate(source)
            existing[source.key] = row
        else:
            row.sqlmodel_update(source.model_dump(exclude={"key"}))
        session.add(row)
    session.flush()
    return {key: row.id for key, row in existing.items() if row.id is not None}


def add_statements(
    session: Session,
    ingredient_id: int | None,
    statements: list[models.StatementCreate],
    source_ids: dict[str, int],
) -> None:
    for statement in statements:
        session.add(
            models.Statement.model_validate(
                statement.model_dump(exclude={"source", "level"}),
                update={"ingredient_id": ingredient_id, "source_id": source_ids[statement.source]},
            )
        )


def add_aliases(session: Session, ingredient_id: int, aliases: list[models.AliasCreate]) -> None:
    for alias in aliases:
        session.add(
            models.Alias.model_validate(
                alias,
                update={"ingredient_id": ingredient_id, "name_key": lookup_key(alias.name)},
            )
        )


def upsert_ingredient(
    session: Session, record: IngredientRecord, source_ids: dict[str, int]
) -> models.Ingredient:
    identifiers_source = record.ingredient.identifiers_source
    values = (
        record.ingredient.model_dump(exclude={"identifiers_source"})
        | models.ingredient_keys(record.ingredient)
        | {"identifiers_source_id": source_ids.get(identifiers_source or "")}
    )
    row = session.exec(
        select(models.Ingredient).where(models.Ingredient.slug == record.ingredient.slug)
    ).first()
    if row is None:
        row = models.Ingredient.model_validate(values)
    elif row.origin == "user" and record.ingredient.origin == "seed":
        # The user replaced this seed entry on purpose (import --replace-seed):
        # a seed refresh keeps their version.
        return row
    else:
        row.sqlmodel_update(values)
    session.add(row)
    session.flush()
    return row


def apply_seed(session: Session, seed: SeedCatalogue) -> None:
    """Bring the seed part of the database to exactly the seed catalogue."""
    session.exec(delete(models.Statement).where(col(models.Statement.origin) == "seed"))
    session.exec(delete(models.Alias).where(col(models.Alias.origin) == "seed"))
    session.flush()
    source_ids = upsert_sources(session, seed.sources)
    seed_slugs = set()
    for record in seed.ingredients:
        seed_slugs.add(record.ingredient.slug)
        row = upsert_ingredient(session, record, source_ids)
        assert row.id is not None
        add_aliases(session, row.id, record.aliases)
        add_statements(session, row.id, record.statements, source_ids)
    add_statements(session, None, seed.procedure_statements, source_ids)
    session.flush()
    _remove_retired_seed_rows(session, seed_slugs, {source.key for source in seed.sources})
    write_meta(session, "seed_data_version", seed.version)


def _remove_retired_seed_rows(session: Session, slugs: set[str], source_keys: set[str]) -> None:
    """Drop seed ingredients and sources the seed no longer has, unless user rows use them."""
    retired = session.exec(
        select(models.Ingredient)
        .where(col(models.Ingredient.origin) == "seed")
        .where(col(models.Ingredient.slug).not_in(slugs))
    ).all()
    for ingredient in retired:
        in_use = session.exec(
            select(models.Statement.id).where(models.Statement.ingredient_id == ingredient.id)
        ).first() or session.exec(
            select(models.Alias.id).where(models.Alias.ingredient_id == ingredient.id)
        ).first()
        if in_use is None:
            session.delete(ingredient)
    cited = select(models.Statement.source_id).distinct()
    identifying = select(models.Ingredient.identifiers_source_id).where(
        col(models.Ingredient.identifiers_source_id).is_not(None)
    )
    session.exec(
        delete(models.Source)
        .where(col(models.Source.origin) == "seed")
        .where(col(models.Source.key).not_in(source_keys))
        .where(col(models.Source.id).not_in(cited))
        .where(col(models.Source.id).not_in(identifying))
    )


def reseed(session: Session, seed: SeedCatalogue) -> None:
    """A full rebuild: the seed rows written afresh and the search index remade."""
    apply_seed(session, seed)
    session.flush()
    search_index.rebuild(session)
