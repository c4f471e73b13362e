"""Property tests: export then import is the identity; search and show take any text."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli.main import app
from ingredients.core.identifiers import cas_check_digit, lookup_key
from ingredients.core.vocabulary import (
    ALIAS_KINDS,
    ASSERTION_KINDS,
    COMPARATORS,
    CONDITIONS,
    DECLARERS,
    EXCIPIENT_CATEGORIES,
    FINDINGS,
    FORMULATION_KINDS,
    GRADED_KINDS,
    INGREDIENT_CLASSES,
    INJECTABLE,
    LEVEL_BY_LABEL,
    ROUTES,
    SEXES,
    SOURCE_KINDS,
    STATEMENT_KINDS,
    STRENGTH_BASES,
    STRENGTH_UNITS,
    TABLES,
)
from ingredients.store.table_columns import COLUMNS

runner = CliRunner()
# Review dates in the future are refused on import.
PAST = dt.date(2026, 1, 1)

words = (
    st.text(
        alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x00"),
        min_size=1,
        max_size=40,
    )
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
# Every generated name starts with "Zq" so none can collide with a seed name.
names = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=10).map(
    lambda text: f"Zq {text}"
)


@st.composite
def cas_numbers(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet="0123456789", min_size=4, max_size=9).filter(lambda b: b[0] != "0"))
    return f"{body[:-2]}-{body[-2:]}-{cas_check_digit(body)}"


def _evidence_fields(draw: st.DrawFn) -> dict[str, Any]:
    """Who a study was of and, sometimes, its effect with an interval around it."""
    fields: dict[str, Any] = {
        "condition": draw(st.sampled_from(sorted(CONDITIONS))),
        "sex": draw(st.sampled_from(sorted(SEXES))),
        "comparator": draw(st.none() | st.sampled_from(sorted(COMPARATORS))),
        "weeks": draw(st.none() | st.integers(1, 520)),
    }
    if draw(st.booleans()):
        value = draw(st.floats(-1000, 1000, allow_nan=False).map(lambda x: round(x, 2)))
        spread = draw(st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)))
        fields.update(
            effect_value=value,
            effect_unit="hairs/cm2",
            effect_kind="difference-vs-comparator",
            effect_ci_low=value - spread,
            effect_ci_high=value + spread,
        )
    return fields


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    all_names = draw(st.lists(names, min_size=1, max_size=12, unique_by=lookup_key))
    count = draw(st.integers(min_value=1, max_value=len(all_names)))
    cas = draw(
        st.lists(
            st.none() | cas_numbers(),
            min_size=count,
            max_size=count,
            unique_by=lambda number: number or object(),
        )
    )
    sources = [
        {
            "key": f"src-{i}",
            "kind": draw(st.sampled_from(sorted(SOURCE_KINDS))),
            "title": draw(words),
            "url": f"https://example.org/{i}",
            "year": draw(st.none() | st.integers(1900, 2100)),
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    ingredients = [
        {
            "slug": f"user-{i}",
            "name": all_names[i],
            "class": draw(st.sampled_from(sorted(INGREDIENT_CLASSES))),
            "class_detail": draw(st.none() | words),
            "identifiers_note": draw(st.none() | words),
            "stated_purpose": draw(st.none() | words),
            "cas_number": cas[i],
            "pubchem_cid": draw(st.none() | st.integers(1, 10**9)),
            "identifiers_source": draw(st.none() | st.sampled_from([s["key"] for s in sources])),
        }
        for i in range(count)
    ]
    aliases = [
        {
            "ingredient": f"user-{draw(st.integers(0, count - 1))}",
            "name": name,
            "kind": draw(st.sampled_from(sorted(ALIAS_KINDS))),
        }
        for name in all_names[count:]
    ]
    statements = []
    regulatory = [s["key"] for s in sources if s["kind"] == "regulatory"]
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(sorted(STATEMENT_KINDS)))
        route = draw(st.sampled_from(sorted(ROUTES)))
        # Rows that keep the rules every import enforces (see StatementCreate and the importer).
        levels = sorted(level for level in LEVEL_BY_LABEL if level != "approved" or regulatory)
        level = draw(st.sampled_from(levels)) if kind in GRADED_KINDS else None
        no_study = level in ("none-found", "claim-only")
        source = draw(st.sampled_from(regulatory if level == "approved" else [s["key"] for s in sources]))
        statements.append(
            {
                "ingredient": f"user-{draw(st.integers(0, count - 1))}",
                "kind": kind,
                "route": route,
                "evidence_level": level,
                "finding": ("unclear" if no_study else draw(st.sampled_from(sorted(FINDINGS))))
                if kind == "evidence"
                else None,
                "participants": draw(st.none() | st.integers(1, 10**6))
                if kind == "evidence" and route != "in-vitro"
                else None,
                "text": draw(words),
                "source": source,
                "other_compound": draw(st.booleans()),
                "manufacturer_sponsored": draw(st.booleans()),
                "reviewed": draw(st.none() | st.dates(max_value=PAST).map(lambda d: d.isoformat())),
                "searched": draw(words) if level == "none-found" else None,
                **(_evidence_fields(draw) if kind == "evidence" else {}),
                **({"asserts": draw(st.sampled_from(sorted(ASSERTION_KINDS)))} if kind == "purpose" else {}),
                **(
                    draw(st.sampled_from([{}, {"harm": "warning"}, {"harm": "pain", "harm_percent": 12.5}]))
                    if kind == "safety"
                    else {}
                ),
            }
        )
    source_keys = st.sampled_from([s["key"] for s in sources])
    strengths = [
        {
            "ingredient": f"user-{draw(st.integers(0, count - 1))}",
            "route": draw(st.sampled_from(sorted(ROUTES))),
            "basis": draw(st.sampled_from(sorted(STRENGTH_BASES))),
            "value": draw(st.floats(0.001, 1000, allow_nan=False).map(lambda v: round(v, 3))),
            "unit": draw(st.sampled_from(sorted(STRENGTH_UNITS))),
            "note": draw(st.none() | words),
            "source": draw(source_keys),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    formulations = [
        {
            "slug": f"mix-{i}",
            "name": draw(words),
            "maker": draw(st.none() | words),
            "kind": draw(st.sampled_from(sorted(FORMULATION_KINDS))),
            "route": draw(st.sampled_from(sorted(ROUTES))),
            "declared_by": draw(st.sampled_from(sorted(DECLARERS))),
            "note": draw(st.none() | words),
            "source": draw(source_keys),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    components = [
        {
            "formulation": formulation["slug"],
            "position": position,
            "ingredient": draw(st.none() | st.sampled_from([f"user-{n}" for n in range(count)])),
            "name": draw(words),
            "note": draw(st.none() | words),
            **draw(st.sampled_from([{}, {"value": 0.5, "unit": "%"}, {"value": 2.0, "unit": "mg/ml"}])),
        }
        for formulation in formulations
        for position in range(1, draw(st.integers(1, 3)) + 1)
    ]
    excipients = [
        {
            "slug": f"excipient-{i}",
            "inci_name": draw(words),
            "synonyms": draw(st.none() | words),
            "category": draw(st.sampled_from(sorted(EXCIPIENT_CATEGORIES))),
            "injectable": draw(st.sampled_from(sorted(INJECTABLE))),
            "injectable_basis": draw(st.none() | words),
            "source": draw(source_keys),
            "injectable_source": draw(st.none() | source_keys),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    # A user's own entries of the CosIng table, numbered past any the Commission has given.
    cosing_ingredients = [
        {
            "cosing_ref": 900000 + i,
            "inci_name": draw(words),
            "cas_number": draw(st.none() | words),
            "ec_number": draw(st.none() | words),
            "functions": draw(st.none() | words),
            "restriction": draw(st.none() | words),
            "updated": draw(st.none() | st.dates(max_value=PAST).map(lambda d: d.isoformat())),
            "source": draw(source_keys),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    return {
        "sources": sources,
        "ingredients": ingredients,
        "aliases": aliases,
        "statements": statements,
        "strengths": strengths,
        "formulations": formulations,
        "components": components,
        "excipients": excipients,
        "cosing_ingredients": cosing_ingredients,
    }


def export_all(db: Path, folder: Path, fmt: str, ids: bool = True) -> list[Path]:
    """Every table; without ids, to compare two catalogues (row ids belong to one catalogue)."""
    paths = []
    for table in TABLES:
        path = folder / f"{table}{'' if ids else '-no-ids'}.{fmt}"
        columns = ",".join(column for column in COLUMNS[table] if ids or column != "id")
        result = runner.invoke(
            app, ["--db", str(db), "export", table, "-f", fmt, "-c", columns, "-o", str(path), "--force"]
        )
        assert result.exit_code == 0, result.output
        paths.append(path)
    return paths


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalogue=catalogues(), fmt=st.sampled_from(["csv", "tsv", "json", "jsonl"]))
def test_export_then_import_is_the_identity(
    seeded_template: Path, catalogue: dict[str, list[dict[str, Any]]], fmt: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        first, second = work / "first.db", work / "second.db"
        shutil.copyfile(seeded_template, first)
        shutil.copyfile(seeded_template, second)
        inputs = []
        for table in TABLES:
            path = work / f"input-{table}.jsonl"
            path.write_text("".join(json.dumps(row) + "\n" for row in catalogue[table]), encoding="utf-8")
            inputs.append(str(path))
        imported = runner.invoke(app, ["--db", str(first), "import", *inputs])
        assert imported.exit_code == 0, imported.output
        (work / "a").mkdir()
        (work / "b").mkdir()
        exported = export_all(first, work / "a", fmt)
        # The files carry the first catalogue's row ids, which name nothing in the second.
        again = runner.invoke(app, ["--db", str(second), "import", *map(str, exported)])
        assert again.exit_code == 0, again.output
        originals = export_all(first, work / "a", fmt, ids=False)
        for original, copy in zip(originals, export_all(second, work / "b", fmt, ids=False), strict=True):
            assert copy.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_search_and_show_never_fail_on_any_text(db_path: Path, text: str) -> None:
    for command in ("search", "show"):
        # "--" ends the options, as a user types it for text that starts with a dash.
        result = runner.invoke(app, ["--db", str(db_path), command, "--", text])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if result.exit_code == 1:
            assert result.stderr.startswith("Error: ")
