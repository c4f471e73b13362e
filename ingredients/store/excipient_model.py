"""The excipient table's models: a substance on a label that is not an active ingredient."""

from __future__ import annotations

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from ingredients.core.vocabulary import EXCIPIENT_CATEGORIES, INJECTABLE
from ingredients.store.field_checks import CasChecked, PlainTextChecked, SlugChecked, one_of, paragraph


class ExcipientBase(SQLModel):
    slug: str = Field(index=True, unique=True, min_length=1, max_length=80)
    inci_name: str = Field(min_length=1, max_length=200)
    # Other names labels use, separated by '; '.
    synonyms: str | None = None
    cas_number: str | None = None
    # What it does, in the inventory's words, separated by '; '.
    functions: str | None = None
    category: str
    injectable: str = "unknown"
    # Why `injectable` says what it does: the database entry or label it was read from.
    injectable_basis: str | None = None
    origin: str = "seed"


class ExcipientCreate(ExcipientBase, SlugChecked, CasChecked, PlainTextChecked):
    """A substance that is not an active ingredient, as labels and the EU inventory name it."""

    source: str = Field(min_length=1)
    # Where `injectable` was read, when not the row's own source.
    injectable_source: str | None = None

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        return one_of(value, EXCIPIENT_CATEGORIES, "excipient category")

    @field_validator("injectable")
    @classmethod
    def _known_injectable(cls, value: str) -> str:
        return one_of(value, INJECTABLE, "injectable")

    @field_validator(
        "synonyms", "cas_number", "functions", "injectable_basis", "injectable_source", mode="before"
    )
    @classmethod
    def _blank_is_unknown(cls, value: str | None) -> str | None:
        return paragraph(value)


class Excipient(ExcipientBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", ondelete="RESTRICT", index=True)
    injectable_source_id: int | None = Field(
        default=None, foreign_key="source.id", ondelete="RESTRICT", index=True
    )
