"""The strength, formulation and component tables' models: what is declared, and in what."""

from __future__ import annotations

from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from ingredients.core.vocabulary import DECLARERS, FORMULATION_KINDS, STRENGTH_BASES, STRENGTH_UNITS
from ingredients.store.field_checks import PlainTextChecked, RouteChecked, SlugChecked, one_of, paragraph


class StrengthBase(SQLModel):
    route: str
    basis: str
    value: float = Field(gt=0)
    unit: str
    note: str | None = None
    origin: str = "seed"


class StrengthCreate(StrengthBase, RouteChecked, PlainTextChecked):
    """A concentration or dose that a source states was studied or approved."""

    source: str = Field(min_length=1)

    @field_validator("basis")
    @classmethod
    def _known_basis(cls, value: str) -> str:
        return one_of(value, STRENGTH_BASES, "basis")

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        return one_of(value, STRENGTH_UNITS, "unit")

    @field_validator("note", mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: str | None) -> str | None:
        return paragraph(value)


class Strength(StrengthBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ingredient_id: int = Field(foreign_key="ingredient.id", ondelete="CASCADE", index=True)
    source_id: int = Field(foreign_key="source.id", ondelete="RESTRICT", index=True)


class FormulationBase(SQLModel):
    slug: str = Field(index=True, unique=True, min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=200)
    maker: str | None = None
    kind: str
    route: str
    declared_by: str
    note: str | None = None
    origin: str = "seed"


class FormulationCreate(FormulationBase, SlugChecked, RouteChecked, PlainTextChecked):
    """A product or recipe whose composition a source declares."""

    source: str = Field(min_length=1)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return one_of(value, FORMULATION_KINDS, "formulation kind")

    @field_validator("declared_by")
    @classmethod
    def _known_declarer(cls, value: str) -> str:
        return one_of(value, DECLARERS, "declared_by")

    @field_validator("maker", "note", mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: str | None) -> str | None:
        return paragraph(value)


class Formulation(FormulationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", ondelete="RESTRICT", index=True)


class ComponentBase(SQLModel):
    # The place in the declared list, from 1: the order a label gives is information.
    position: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=200)
    value: float | None = Field(default=None, gt=0)
    unit: str | None = None
    note: str | None = None
    origin: str = "seed"


class ComponentCreate(ComponentBase, PlainTextChecked):
    """One entry of a formulation's declared composition, as written there."""

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str | None) -> str | None:
        return None if value is None else one_of(value, STRENGTH_UNITS, "unit")

    @field_validator("name", "note", mode="before")
    @classmethod
    def _single_spaced(cls, value: str | None) -> str | None:
        return paragraph(value)

    @model_validator(mode="after")
    def _value_with_unit(self) -> ComponentCreate:
        if (self.value is None) != (self.unit is None):
            raise ValueError("value and unit: give both or neither")
        return self


class Component(ComponentBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    formulation_id: int = Field(foreign_key="formulation.id", ondelete="CASCADE", index=True)
    # NULL: the component is not in the catalogue (water, an excipient).
    ingredient_id: int | None = Field(
        default=None, foreign_key="ingredient.id", ondelete="SET NULL", index=True
    )
