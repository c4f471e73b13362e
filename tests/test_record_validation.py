"""An import row is validated by pydantic's validator called directly, not through SQLModel's
model_validate: for every input model and any row, the record, or the problem, is the same."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ingredients.core import vocabulary
from ingredients.core.errors import DataFileError
from ingredients.exchange.records import validate, validated_instance
from ingredients.store import models

# A valid row of each input model, which the test changes a few fields of.
VALID_ROWS: dict[Any, dict[str, Any]] = {
    models.SourceCreate: {
        "key": "smith-2020",
        "kind": "paper",
        "title": "A trial",
        "year": 2020,
        "pmid": "123",
        "doi": "10.1/x",
        "accessed": "2020-01-31",
        "note": "read  there",
    },
    models.IngredientCreate: {
        "slug": "x",
        "name": "X",
        "ingredient_class": "vitamin",
        "cas_number": "50-00-0",
        "unii": "5965120sh1",
        "mechanism": "how",
        "pubchem_cid": 12,
    },
    models.AliasCreate: {"name": "Xa", "kind": "synonym"},
    models.StatementCreate: {
        "kind": "evidence",
        "text": "found",
        "source": "s",
        "level": "rct",
        "finding": "benefit",
        "participants": 20,
        "effect_value": 1.5,
        "effect_unit": "ratio",
        "effect_kind": "ratio-vs-comparator",
    },
    models.StrengthCreate: {"route": "any", "basis": "studied", "value": 1, "unit": "mg", "source": "s"},
    models.FormulationCreate: {
        "slug": "f",
        "name": "F",
        "kind": "topical",
        "route": "topical",
        "declared_by": "label",
        "source": "s",
    },
    models.ComponentCreate: {"position": 1, "name": "water"},
    models.ExcipientCreate: {"slug": "e", "inci_name": "AQUA", "category": "solvent", "source": "s"},
    models.CosingIngredientCreate: {"cosing_ref": 1, "inci_name": "AQUA", "source": "s"},
}

# Words the vocabularies allow, so that changed rows also get past the field checks.
_WORDS = sorted(
    {
        word
        for value in vars(vocabulary).values()
        if isinstance(value, tuple | frozenset | dict)
        for word in value
        if isinstance(word, str)
    }
)
_TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(" \t\n\x00\x0b\x1f\u00a0")), max_size=12)
_VALUES = st.one_of(
    st.none(),
    _TEXT,
    st.sampled_from(_WORDS),
    st.integers(-3, 3000),
    st.floats(allow_nan=False),
    st.booleans(),
    st.sampled_from(["2020-01-31", "10.1000/x", "123", "ABC-1", " x ", "50-00-0", ""]),
)


def _outcome(validating: Any) -> tuple[Any, ...]:
    try:
        record = validating()
    except ValidationError as exc:
        return ("refused", exc.title, exc.errors(include_url=False, include_context=False))
    except Exception as exc:  # what SQLModel's way raises, the direct way must raise too
        return ("raised", type(exc), str(exc))
    return ("valid", type(record), vars(record), record.__pydantic_fields_set__)


@pytest.mark.parametrize("model", list(VALID_ROWS), ids=lambda model: model.__name__)
def test_the_direct_validator_gives_what_model_validate_gave(model: Any) -> None:
    fields = [*model.model_fields, "unknown_field"]

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(st.sampled_from(fields), _VALUES, max_size=3), st.sets(st.sampled_from(fields)))
    def check(changed: dict[str, Any], dropped: set[str]) -> None:
        row = {key: value for key, value in VALID_ROWS[model].items() if key not in dropped} | changed
        direct = _outcome(lambda: validated_instance(model, dict(row)))
        assert direct == _outcome(lambda: model.model_validate(dict(row)))

    check()
    assert _outcome(lambda: validated_instance(model, VALID_ROWS[model]))[0] == "valid"


def test_a_table_model_is_still_made_by_sqlmodel(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table model keeps SQLModel's way, which sets up its SQLAlchemy state."""
    made = []
    monkeypatch.setattr(models.Source, "model_validate", lambda data: made.append(data) or "made")
    assert validated_instance(models.Source, {"key": "k"}) == "made"
    assert made == [{"key": "k"}]


def test_a_row_that_is_not_a_table_of_fields_is_named() -> None:
    with pytest.raises(DataFileError) as refused:
        validate(models.AliasCreate, ["Minoxidilum"], "aliases.json: record 2")
    assert str(refused.value) == "aliases.json: record 2: expected a table of fields, got list"


def test_a_mapping_other_than_a_dict_is_validated_as_its_fields() -> None:
    assert (
        validate(models.AliasCreate, MappingProxyType({"name": " Minoxidilum "}), "row 1").name
        == "Minoxidilum"
    )
