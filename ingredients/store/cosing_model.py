"""The CosIng table's models: the European Commission's inventory of cosmetic ingredients.

One row per entry of the inventory, named by the Commission's reference number (two
entries may share an INCI name). It lets `check`, `show` and `search` name a cosmetic
ingredient the catalogue has no evidence on, with what the inventory says it does and
any EU restriction, without ever taking it for an agent.
"""

from __future__ import annotations

import datetime as dt

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from ingredients.store.field_checks import PlainTextChecked, paragraph


class CosingIngredientBase(SQLModel):
    # The Commission's reference number of the entry.
    cosing_ref: int = Field(index=True, unique=True, ge=1)
    inci_name: str = Field(min_length=1, max_length=2000)
    # As the inventory writes them: several numbers are separated by ' / '.
    cas_number: str | None = None
    ec_number: str | None = None
    # What the inventory says it does, separated by '; '.
    functions: str | None = None
    # The Cosmetics Regulation's annex entries that name it, as the inventory writes them
    # ('II/372' is entry 372 of Annex II; 'III/98 V/3' two entries).
    restriction: str | None = None
    # The inventory's own date of the entry's last change.
    updated: dt.date | None = None
    origin: str = "seed"


class CosingIngredientCreate(CosingIngredientBase, PlainTextChecked):
    """An entry of the EU inventory of cosmetic ingredients, as the Commission publishes it."""

    source: str = Field(min_length=1)

    @field_validator("inci_name", mode="before")
    @classmethod
    def _one_line_name(cls, value: str) -> str:
        return paragraph(value) or ""

    @field_validator("cas_number", "ec_number", "functions", "restriction", mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: str | None) -> str | None:
        return paragraph(value)


class CosingIngredient(CosingIngredientBase, table=True):
    __tablename__ = "cosing_ingredient"

    id: int | None = Field(default=None, primary_key=True)
    # The INCI name as names are matched (ingredients.core.identifiers.lookup_key).
    name_key: str = Field(index=True)
    source_id: int = Field(foreign_key="source.id", ondelete="RESTRICT", index=True)
