"""`formulations` lists and shows the stored formulations; `show` names those holding an ingredient."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import Invoke


def test_the_list_names_every_stored_formulation_with_its_component_count(invoke: Invoke) -> None:
    result = invoke("formulations", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_slug = {row["slug"]: row for row in rows}
    assert len(rows) == 8
    assert by_slug["finjuve-finasteride-spray"]["components"] == "2"
    assert by_slug["moftah-2013-dutasteride-vitamin-mesotherapy"]["route"] == "intradermal"
    # Machine formats carry every column (the table's key included); people see fewer.
    assert {"slug", "kind", "route", "declared_by", "components", "name"} <= set(rows[0])
    people = invoke("formulations", "-f", "plain").stdout.splitlines()[0].split()
    assert "source" not in people and "slug" in people


def test_the_list_takes_the_shared_output_options(invoke: Invoke) -> None:
    result = invoke("formulations", "-f", "jsonl", "-c", "slug,source")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {
        "slug": "finjuve-finasteride-spray",
        "source": "finjuve-finasteride-spray-product-information",
    } in records
    assert invoke("formulations", "-c", "nope").exit_code == 2


def test_one_formulation_as_text_shows_components_in_order_and_its_source(invoke: Invoke) -> None:
    result = invoke("formulations", "moftah-2013-dutasteride-vitamin-mesotherapy")
    assert result.exit_code == 0, result.output
    text = result.stdout
    lines = [line.strip() for line in text.splitlines()]
    components = [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.")]
    assert [line.split(":")[0] for line in components] == [
        "1. dutasteride",
        "2. dexpanthenol",
        "3. biotin",
        "4. pyridoxine",
    ]
    assert "1. dutasteride: Dutasteride [dutasteride]; 0.05 %" in text
    assert "concentration not declared" in components[1]
    assert "[doi-10.1111/j.1468-3083.2012.04535.x]" in text
    assert "not medical advice" in text


def test_a_component_outside_the_catalogue_says_what_it_was_read_as(invoke: Invoke) -> None:
    text = invoke("formulations", "finjuve-finasteride-spray").stdout
    assert "2. ethanol (96%): excipient: Alcohol (solvent)" in text


def test_one_formulation_as_json_is_one_nested_record(invoke: Invoke) -> None:
    for fmt in ("json", "jsonl"):
        result = invoke("formulations", "finjuve-finasteride-spray", "-f", fmt)
        assert result.exit_code == 0
        if fmt == "jsonl":
            assert len(result.stdout.splitlines()) == 1
        record = json.loads(result.stdout)
        assert record["slug"] == "finjuve-finasteride-spray"
        assert [c["name"] for c in record["components"]] == ["finasteride", "ethanol (96%)"]
        assert record["components"][0]["ingredient"] == "finasteride"
        assert record["components"][0]["value"] == 2.275
        assert record["components"][1]["ingredient"] is None
        assert record["sources"][0]["key"] == "finjuve-finasteride-spray-product-information"


def test_other_formats_give_the_components_table(invoke: Invoke) -> None:
    result = invoke("formulations", "finjuve-finasteride-spray", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["position"], r["name"], r["ingredient"], r["declared"]) for r in rows] == [
        ("1", "finasteride", "finasteride", "2.275 mg/ml"),
        ("2", "ethanol (96%)", "", ""),
    ]
    assert "ingredient_name" in invoke("formulations", "finjuve-finasteride-spray", "-f", "github").stdout


def test_a_formulation_is_found_by_name_or_a_unique_slug_beginning(invoke: Invoke) -> None:
    by_name = invoke("formulations", "finjuve 2.275 MG/ML cutaneous spray, solution", "-f", "json")
    assert json.loads(by_name.stdout)["slug"] == "finjuve-finasteride-spray"
    by_start = invoke("formulations", "finjuve", "-f", "json")
    assert json.loads(by_start.stdout)["slug"] == "finjuve-finasteride-spray"


def test_an_unknown_formulation_is_one_error_line_with_suggestions(invoke: Invoke) -> None:
    result = invoke("formulations", "moftah-2012")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no formulation named 'moftah-2012'.")
    assert "moftah-2013-dutasteride-vitamin-mesotherapy" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert invoke("formulations", " ").exit_code == 1


def test_show_lists_the_formulations_that_contain_the_ingredient(invoke: Invoke) -> None:
    entry = json.loads(invoke("show", "dutasteride", "-f", "json").stdout)
    held = {(f["slug"], f["declared"]) for f in entry["formulations"]}
    assert held == {
        ("moftah-2013-dutasteride-vitamin-mesotherapy", "0.05 %"),
        ("saceda-corralo-2017-dutasteride-0-01pct", "0.01 %"),
    }
    text = invoke("show", "dutasteride").stdout
    section = text.split("Formulations that contain it", 1)[1].split("\nSources", 1)[0]
    assert "[moftah-2013-dutasteride-vitamin-mesotherapy]" in section
    assert "[saceda-corralo-2017-dutasteride-0-01pct]" in section
    assert "0.01 %" in section


def test_show_of_an_ingredient_in_no_formulation_has_no_such_section(invoke: Invoke) -> None:
    assert json.loads(invoke("show", "buflomedil", "-f", "json").stdout)["formulations"] == []
    assert "Formulations that contain it" not in invoke("show", "buflomedil").stdout


def test_search_finds_formulations_by_name_maker_and_component(invoke: Invoke) -> None:
    found = json.loads(invoke("search", "finjuve", "-f", "json").stdout)
    assert {"ingredient": "finjuve-finasteride-spray", "field": "formulation"} in [
        {"ingredient": row["ingredient"], "field": row["field"]} for row in found
    ]
    by_component = json.loads(invoke("search", "butane", "-f", "json").stdout)
    assert [(row["ingredient"], row["field"], row["text"]) for row in by_component] == [
        ("cvs-minoxidil-5pct-foam-women", "component", "butane")
    ]
