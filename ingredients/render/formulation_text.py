"""A stored formulation as text for people: its fields, components in declared order, and source."""

from __future__ import annotations

from typing import Any

from ingredients.render.entry_text import NOT_ADVICE, citation, field_lines, wrapped


def _component_line(component: dict[str, Any], width: int | None) -> str:
    matched = (
        f"{component['ingredient_name']} [{component['ingredient']}]"
        if component["ingredient"]
        else component.get("read_as") or "not in the catalogue"
    )
    concentration = component["declared"] or "concentration not declared"
    text = f"{component['position']}. {component['name']}: {matched}; {concentration}"
    if component["note"]:
        text += f". {component['note']}"
    return wrapped(text, width)


def formulation_text(entry: dict[str, Any], width: int | None) -> str:
    lines = [entry["name"], "=" * len(entry["name"])]
    lines += field_lines(
        [
            ("Slug", entry["slug"]),
            ("Maker", entry["maker"]),
            ("Kind", entry["kind"]),
            ("Route", entry["route"]),
            ("Declared by", entry["declared_by"]),
            ("Note", entry["note"]),
            ("Origin", "user-added" if entry["origin"] == "user" else "seed data"),
        ],
        width,
    )
    lines += ["", "Components (position. name as written: ingredient; declared concentration)"]
    lines += [_component_line(component, width) for component in entry["components"]]
    if not entry["components"]:
        lines.append("  none declared")
    lines += ["", "Source"]
    lines += [wrapped(f"[{s['key']}] {citation(s)}", width) for s in entry["sources"]]
    lines += ["", wrapped(NOT_ADVICE, width, indent="", hanging="")]
    return "\n".join(lines) + "\n"
