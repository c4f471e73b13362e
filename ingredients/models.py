"""The SQLModel schema: validated input models and the tables they are stored in.

A ``table=True`` model does not validate in its constructor, so every record is
first built as one of the ``*Create`` models below and only then stored.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from .catalogue import SCHEMA_VERSION as SCHEMA_VERSION  # re-exported: part of the schema
from .identifiers import is_valid_cas, lookup_key
from .vocabulary import (
    ALIAS_KINDS,
    GRADED_KINDS,
    LEVEL_BY_LABEL,
    ORIGINS,
    ROUTES,
    SOURCE_KINDS,
    STATEMENT_KINDS,
)

_SLUG = re.compile(r"[a-z0-9-]+")



def _one_of(value: str, allowed: dict[str, str] | tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of: {', '.join(allowed)}")
    return value


def _stripped(value: str | None) -> str | None:
    """Blank text means 'not known', which is stored as NULL."""
    if value is None:
        return None
    value = value.strip()
    return value or None


class Meta(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str


class SourceBase(SQLModel):
    key: str = Field(index=True, unique=True, min_length=1, max_length=80)
    kind: str
    title: str = Field(min_length=1)
    authors: str | None = None
    year: int | None = Field(default=None, ge=1800, le=2100)
    published_in: str | None = None
    pmid: str | None = None
    doi: str | None = None
    url: str | None = None
    note: str | None = None
    origin: str = "seed"


class SourceCreate(SourceBase):
    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return _one_of(value, SOURCE_KINDS, "source kind")

    @field_validator("authors", "published_in", "pmid", "doi", "url", "note", mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: str | None) -> str | None:
        return _stripped(value)

    @field_validator("pmid")
    @classmethod
    def _numeric_pmid(cls, value: str | None) -> str | None:
        if value is not None and not value.isdigit():
            raise ValueError(f"PMID must be digits only, got {value!r}")
        return value

    @field_validator("doi")
    @classmethod
    def _doi_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("10."):
            raise ValueError(f"DOI must start with '10.', got {value!r}")
        return value


class Source(SourceBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


class IngredientBase(SQLModel):
    slug: str = Field(index=True, unique=True, min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=200)
    ingredient_class: str = Field(min_length=1)
    stated_purpose: str | None = None
    cas_number: str | None = None
    pubchem_cid: int | None = Field(default=None, gt=0)
    inci_name: str | None = None
    molecular_formula: str | None = None
    mechanism: str | None = None
    regulatory_status: str | None = None
    origin: str = "seed"


class IngredientCreate(IngredientBase):
    # The key of the source the identifiers (CAS, CID, formula) were read from.
    identifiers_source: str | None = None

    @field_validator("name", "slug", "ingredient_class", mode="before")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip() if isinstance(value, str) else value

    @field_validator(
        "cas_number", "inci_name", "molecular_formula", "mechanism", "regulatory_status",
        "stated_purpose", mode="before",
    )
    @classmethod
    def _blank_is_unknown(cls, value: str | None) -> str | None:
        # Data files wrap long text over several lines; stored text is one paragraph.
        return _stripped(" ".join(value.split()) if isinstance(value, str) else value)

    @field_validator("cas_number")
    @classmethod
    def _valid_cas(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_cas(value):
            raise ValueError(f"{value!r} is not a valid CAS Registry Number (check digit)")
        return value

    @field_validator("origin")
    @classmethod
    def _known_origin(cls, value: str) -> str:
        return _one_of(value, ORIGINS, "origin")

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, value: str) -> str:
        if not _SLUG.fullmatch(value):
            raise ValueError(f"slug must be lower-case ASCII letters, digits and '-', got {value!r}")
        return value


class Ingredient(IngredientBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    identifiers_source_id: int | None = Field(
        default=None, foreign_key="source.id", ondelete="SET NULL"
    )
    name_key: str = Field(index=True, unique=True)
    cas_key: str | None = Field(default=None, index=True)


class AliasBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    kind: str = "synonym"
    origin: str = "seed"


class AliasCreate(AliasBase):
    @field_validator("name", mode="before")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip() if isinstance(value, str) else value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return _one_of(value, ALIAS_KINDS, "alias kind")


class Alias(AliasBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ingredient_id: int = Field(foreign_key="ingredient.id", ondelete="CASCADE", index=True)
    # Unique: every alias resolves to exactly one ingredient.
    name_key: str = Field(index=True, unique=True)


class StatementBase(SQLModel):
    kind: str
    route: str = "any"
    text: str = Field(min_length=1)
    evidence_level: int | None = Field(default=None, ge=0, le=6)
    manufacturer_sponsored: bool = False
    reviewed: dt.date | None = None
    origin: str = "seed"


class StatementCreate(StatementBase):
    """A statement as written in a data file: the level by label, the source by key."""

    source: str = Field(min_length=1)
    level: str | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return _one_of(value, STATEMENT_KINDS, "statement kind")

    @field_validator("route")
    @classmethod
    def _known_route(cls, value: str) -> str:
        return _one_of(value, ROUTES, "route")

    @field_validator("text", mode="before")
    @classmethod
    def _single_spaced(cls, value: str) -> str:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("level")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        if value is not None and value not in LEVEL_BY_LABEL:
            raise ValueError(
                f"unknown evidence level {value!r}; expected one of: " + ", ".join(LEVEL_BY_LABEL)
            )
        return value

    @model_validator(mode="after")
    def _graded_when_required(self) -> StatementCreate:
        if self.level is not None:
            self.evidence_level = LEVEL_BY_LABEL[self.level].rank
        if self.kind in GRADED_KINDS and self.evidence_level is None:
            raise ValueError(f"evidence_level: a {self.kind} statement needs an evidence level")
        return self


class Statement(StatementBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # NULL: the statement is about mesotherapy itself, not one ingredient.
    ingredient_id: int | None = Field(
        default=None, foreign_key="ingredient.id", ondelete="CASCADE", index=True
    )
    source_id: int = Field(foreign_key="source.id", ondelete="RESTRICT", index=True)


def ingredient_keys(record: IngredientCreate) -> dict[str, str | None]:
    """The derived lookup columns of an ingredient row."""
    return {
        "name_key": lookup_key(record.name),
        "cas_key": lookup_key(record.cas_number) if record.cas_number else None,
    }
