"""The SQLModel schema: validated input models and the tables they are stored in.

A ``table=True`` model does not validate in its constructor, so every record is
first built as one of the ``*Create`` models below and only then stored.
"""

from __future__ import annotations

import datetime as dt

from pydantic import field_validator, model_validator
from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from ingredients.core.evidence import NO_STUDY_RANK
from ingredients.core.identifiers import lookup_key
from ingredients.core.vocabulary import (
    ALIAS_KINDS,
    DEFAULT_ASSERTION,
    FINDINGS,
    GRADED_KINDS,
    INGREDIENT_CLASSES,
    LEVEL_BY_LABEL,
    ORIGINS,
    SOURCE_KINDS,
    STATEMENT_KINDS,
)

# Every table is defined by importing this module; the excipient, CosIng, strength and
# formulation tables' models live beside it.
from ingredients.store.cosing_model import (  # noqa: F401
    CosingIngredient,
    CosingIngredientBase,
    CosingIngredientCreate,
)
from ingredients.store.excipient_model import Excipient, ExcipientBase, ExcipientCreate  # noqa: F401
from ingredients.store.field_checks import (
    EVIDENCE_ONLY_FIELDS,
    SOURCE_KEY_SHAPE,
    STATEMENT_VOCABULARIES,
    UNII_SHAPE,
    CasChecked,
    PlainTextChecked,
    RouteChecked,
    SlugChecked,
    effect_problem,
    paragraph,
    risk_of_bias_problem,
    single_spaced,
    vocabulary_checks,
)
from ingredients.store.formulation_model import (  # noqa: F401
    Component,
    ComponentBase,
    ComponentCreate,
    Formulation,
    FormulationBase,
    FormulationCreate,
    Strength,
    StrengthBase,
    StrengthCreate,
)

# Risk of bias is judged for studies of people and for reviews of them.
_HUMAN_STUDY_RANK = LEVEL_BY_LABEL["uncontrolled"].rank
_REVIEW_RANK = LEVEL_BY_LABEL["systematic-review"].rank


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
    # When a source with no date of its own (a web page, an undated article) was read.
    accessed: dt.date | None = None
    origin: str = "seed"


class SourceCreate(SourceBase, PlainTextChecked):
    @field_validator("key")
    @classmethod
    def _key_shape(cls, value: str) -> str:
        if not SOURCE_KEY_SHAPE.fullmatch(value):
            raise ValueError(
                "a source key is letters, digits and . _ / - (starting with a letter or digit), "
                f"got {value!r}"
            )
        return value

    _vocabulary = vocabulary_checks({"kind": SOURCE_KINDS}, {"kind": "source kind"})

    @field_validator("authors", "published_in", "pmid", "doi", "url", "note", mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: str | None) -> str | None:
        return paragraph(value)

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

    @field_validator("accessed")
    @classmethod
    def _accessed_in_the_past(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value > dt.date.today():
            raise ValueError(f"{value} is in the future")
        return value


class Source(SourceBase, table=True):
    # Source keys are compared without case, like every other key (identifiers.source_key_fold).
    __table_args__ = (Index("ux_source_key_folded", text("lower(key)"), unique=True),)

    id: int | None = Field(default=None, primary_key=True)


class IngredientBase(SQLModel):
    slug: str = Field(index=True, unique=True, min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=200)
    ingredient_class: str = Field(min_length=1)
    class_detail: str | None = None
    stated_purpose: str | None = None
    cas_number: str | None = None
    pubchem_cid: int | None = Field(default=None, gt=0)
    # The FDA's Unique Ingredient Identifier: the key of openFDA, DailyMed and GSRS.
    unii: str | None = None
    inci_name: str | None = None
    molecular_formula: str | None = None
    # Why an identifier is missing: a biologic, an extract or a mixture has none.
    identifiers_note: str | None = None
    mechanism: str | None = None
    regulatory_status: str | None = None
    origin: str = "seed"


class IngredientCreate(IngredientBase, SlugChecked, CasChecked, PlainTextChecked):
    # The key of the source the identifiers (CAS, CID, formula) were read from.
    identifiers_source: str | None = None
    # The key of the source the UNII was read from (the FDA's list, as a rule).
    unii_source: str | None = None

    @field_validator("unii", mode="before")
    @classmethod
    def _unii_shape(cls, value: str | None) -> str | None:
        value = paragraph(value)
        if value is None:
            return None
        value = value.upper()
        if not UNII_SHAPE.fullmatch(value):
            raise ValueError(f"{value!r} is not a UNII (ten letters and digits, such as 5965120SH1)")
        return value

    @field_validator("name", "slug", "ingredient_class", mode="before")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip() if isinstance(value, str) else value

    @field_validator(
        "cas_number",
        "inci_name",
        "molecular_formula",
        "mechanism",
        "regulatory_status",
        "stated_purpose",
        "class_detail",
        "identifiers_note",
        mode="before",
    )
    @classmethod
    def _blank_is_unknown(cls, value: str | None) -> str | None:
        return paragraph(value)

    _vocabulary = vocabulary_checks(
        {"origin": ORIGINS, "ingredient_class": INGREDIENT_CLASSES}, {"ingredient_class": "class"}
    )


class Ingredient(IngredientBase, table=True):
    # For `check`: keys in order of length, and only the rows that have an INCI name.
    __table_args__ = (
        Index("ix_ingredient_name_key_length", text("length(name_key)"), "name_key"),
        Index(
            "ix_ingredient_inci_name",
            "inci_name",
            sqlite_where=text("inci_name IS NOT NULL"),
            postgresql_where=text("inci_name IS NOT NULL"),
        ),
        # For joins with the FDA's data; not unique, as an extract and its plant may share one.
        Index(
            "ix_ingredient_unii",
            "unii",
            sqlite_where=text("unii IS NOT NULL"),
            postgresql_where=text("unii IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    identifiers_source_id: int | None = Field(default=None, foreign_key="source.id", ondelete="SET NULL")
    unii_source_id: int | None = Field(default=None, foreign_key="source.id", ondelete="SET NULL")
    name_key: str = Field(index=True, unique=True)
    # Unique: a CAS number names one ingredient.
    cas_key: str | None = Field(default=None, index=True, unique=True)


class AliasBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    kind: str = "synonym"
    origin: str = "seed"


class AliasCreate(AliasBase, PlainTextChecked):
    @field_validator("name", mode="before")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip() if isinstance(value, str) else value

    _vocabulary = vocabulary_checks({"kind": ALIAS_KINDS}, {"kind": "alias kind"})


class Alias(AliasBase, table=True):
    # For `check`: keys in order of length.
    __table_args__ = (Index("ix_alias_name_key_length", text("length(name_key)"), "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    ingredient_id: int = Field(foreign_key="ingredient.id", ondelete="CASCADE", index=True)
    # Unique: every alias resolves to exactly one ingredient.
    name_key: str = Field(index=True, unique=True)


class StatementBase(SQLModel):
    kind: str
    route: str = "any"
    evidence_level: int | None = Field(default=None, ge=0, le=6)
    # Evidence only: which way the studies point, and how many people they studied.
    finding: str | None = None
    participants: int | None = Field(default=None, gt=0)
    text: str = Field(min_length=1)
    # The studies used another salt, ester, compound or product: shown, never graded.
    other_compound: bool = False
    manufacturer_sponsored: bool = False
    reviewed: dt.date | None = None
    origin: str = "seed"
    # Evidence only: who took part, against what, for how long, and what was measured.
    condition: str | None = None
    sex: str | None = None
    comparator: str | None = None
    weeks: int | None = Field(default=None, gt=0)
    outcome: str | None = None
    # The effect as the source reports it, with its 95 % interval or only a p-value.
    effect_value: float | None = None
    effect_unit: str | None = None
    effect_kind: str | None = None
    effect_ci_low: float | None = None
    effect_ci_high: float | None = None
    effect_p: float | None = Field(default=None, gt=0, le=1)
    # GRADE certainty, where a systematic review or guideline states it.
    certainty: str | None = None
    # On a searched-for absence: what was searched, where and when.
    searched: str | None = None
    # Purpose only: what the claim asserts, judged by that kind's rule.
    asserts: str | None = None
    # Safety only: what harm it reports, and the share of patients where the source gives one.
    harm: str | None = None
    harm_percent: float | None = Field(default=None, ge=0, le=100)
    # Evidence only, risk of bias: randomised, who was blinded, the control, and for a
    # review whether it gives a result for this agent by this route (else it is context).
    randomised: str | None = None
    blinding: str | None = None
    control: str | None = None
    reports_agent_result: str | None = None


class StatementCreate(StatementBase, RouteChecked, PlainTextChecked):
    """A statement as written in a data file: the level by label, the source by key."""

    source: str = Field(min_length=1)
    level: str | None = None

    _vocabulary = vocabulary_checks(
        {"kind": STATEMENT_KINDS, "level": LEVEL_BY_LABEL, "finding": FINDINGS, **STATEMENT_VOCABULARIES},
        {"kind": "statement kind", "level": "evidence level"},
    )

    @field_validator("text", mode="before")
    @classmethod
    def _single_spaced(cls, value: str) -> str:
        return single_spaced(value) if isinstance(value, str) else value

    @field_validator("searched", mode="before")
    @classmethod
    def _searched_text(cls, value: str | None) -> str | None:
        return paragraph(value)

    @model_validator(mode="after")
    def _evidence_described(self) -> StatementCreate:
        """Condition, population and effect: on evidence only, each effect consistent."""
        if self.kind != "evidence":
            # A claim may name the condition it is about; nothing else of a study's.
            allowed = ("condition",) if self.kind == "purpose" else ()
            given = [
                name
                for name in EVIDENCE_ONLY_FIELDS
                if getattr(self, name) is not None and name not in allowed
            ]
            if given:
                raise ValueError(f"{given[0]}: only an evidence statement says this")
        else:
            # Not said is not known: stored as such, never guessed.
            self.condition = self.condition or "unknown"
            self.sex = self.sex or "unknown"
        rank = LEVEL_BY_LABEL[self.level].rank if self.level in LEVEL_BY_LABEL else self.evidence_level
        if self.kind == "evidence":
            problem = effect_problem(self) or risk_of_bias_problem(
                self, rank, _REVIEW_RANK, _HUMAN_STUDY_RANK
            )
            if problem:
                raise ValueError(problem)
        if rank == LEVEL_BY_LABEL["none-found"].rank and not self.searched:
            raise ValueError("searched: a none-found statement says what was searched, where and when")
        return self

    @model_validator(mode="after")
    def _graded_when_required(self) -> StatementCreate:
        if self.level is not None:
            self.evidence_level = LEVEL_BY_LABEL[self.level].rank
        if self.kind in GRADED_KINDS and self.evidence_level is None:
            article = "an" if self.kind[:1] in "aeiou" else "a"
            raise ValueError(f"evidence_level: {article} {self.kind} statement needs an evidence level")
        if self.kind not in GRADED_KINDS and self.evidence_level is not None:
            raise ValueError(f"evidence_level: a {self.kind} statement is not graded")
        if self.kind == "evidence" and self.finding is None:
            raise ValueError("finding: an evidence statement needs a finding")
        if self.kind != "evidence" and (self.finding is not None or self.participants is not None):
            raise ValueError("finding and participants belong to evidence statements only")
        if (
            self.evidence_level is not None
            and self.evidence_level <= NO_STUDY_RANK
            and self.finding not in (None, "unclear")
        ):
            raise ValueError("finding: with no study behind it (none-found, claim-only) it is 'unclear'")
        if self.route == "in-vitro" and self.participants is not None:
            raise ValueError("participants: an in-vitro or animal study has no human participants")
        if self.reviewed is not None and self.reviewed > dt.date.today():
            raise ValueError(f"reviewed: {self.reviewed} is in the future")
        return self

    @model_validator(mode="after")
    def _assertion_and_harm_in_place(self) -> StatementCreate:
        """A claim says what it asserts (efficacy unless told); only a safety statement reports harm."""
        if self.kind == "purpose":
            self.asserts = self.asserts or DEFAULT_ASSERTION
        elif self.asserts is not None:
            raise ValueError("asserts: only an article's claim (a purpose statement) asserts")
        if self.condition is not None and self.kind == "purpose" and self.asserts != "efficacy":
            raise ValueError("condition: only a claim of efficacy names a condition")
        if self.kind != "safety" and (self.harm is not None or self.harm_percent is not None):
            raise ValueError("harm: only a safety statement reports harm")
        if self.harm_percent is not None and self.harm != "pain":
            raise ValueError("harm_percent: the share of patients is given for pain only")
        return self


class Statement(StatementBase, table=True):
    # Best evidence is read per ingredient, route and condition.
    __table_args__ = (Index("ix_statement_condition", "ingredient_id", "kind", "condition"),)

    id: int | None = Field(default=None, primary_key=True)
    # NULL: the statement is about mesotherapy itself, not one ingredient.
    ingredient_id: int | None = Field(
        default=None, foreign_key="ingredient.id", ondelete="CASCADE", index=True
    )
    source_id: int = Field(foreign_key="source.id", ondelete="RESTRICT", index=True)
    # A seed statement's identity (identifiers.statement_seed_key): a refresh or rebuild of
    # the seed gives the statement holding it the id it had. NULL on a user's statement.
    seed_key: str | None = Field(default=None, index=True, unique=True)


def ingredient_keys(record: IngredientCreate) -> dict[str, str | None]:
    """The derived lookup columns of an ingredient row."""
    return {
        "name_key": lookup_key(record.name),
        "cas_key": lookup_key(record.cas_number) if record.cas_number else None,
    }
