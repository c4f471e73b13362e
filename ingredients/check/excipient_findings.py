"""What the excipients of a checked list say: which do not belong in an injection, and
whether the list reads like a topical product rather than an injection."""

from __future__ import annotations

from collections.abc import Sequence

from ingredients.read.name_matching import Excipient

# Routes on which the mix is injected.
INJECTED_ROUTES = frozenset({"intradermal", "parenteral"})
# Categories that make up creams, foams, shampoos and sprays, not injections.
TOPICAL_CATEGORIES = frozenset(
    {
        "emollient",
        "propellant",
        "fragrance",
        "surfactant",
        "emulsifier",
        "conditioning",
        "thickener",
        "colorant",
    }
)

FINDING_KINDS: dict[str, str] = {
    "not-for-injection": "an excipient that does not belong in an injection (a propellant, perfume ...)",
    "reads-topical": "the list reads like a topical product (foam, cream, shampoo), not an injection",
    "excipient-untested-in-injection": "excipients no approved injectable product was found to contain",
}


def _quoted(names: Sequence[str]) -> str:
    quoted = [repr(name) for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def excipient_findings(
    items: Sequence[tuple[int, str, Excipient]], total: int, route: str
) -> list[tuple[int, tuple[str, str, tuple[str, ...], str, str | None]]]:
    """(position, (severity, kind, names, sentence, source)) for the excipients ``items``
    (position, name as written, excipient) of a list of ``total`` items checked on ``route``."""
    found: list[tuple[int, tuple[str, str, tuple[str, ...], str, str | None]]] = []
    if route in INJECTED_ROUTES:
        for position, given, excipient in items:
            if excipient.injectable == "no":
                found.append(
                    (
                        position,
                        (
                            "warning",
                            "not-for-injection",
                            (excipient.slug,),
                            f"{given!r} is {excipient.inci_name}, a {excipient.category}: not for an "
                            f"injection ({excipient.injectable_basis or 'by its nature'}).",
                            excipient.injectable_source or excipient.source,
                        ),
                    )
                )
        unknown = [
            (position, given) for position, given, excipient in items if excipient.injectable == "unknown"
        ]
        if unknown:
            found.append(
                (
                    unknown[0][0],
                    (
                        "info",
                        "excipient-untested-in-injection",
                        (),
                        f"{_quoted([given for _, given in unknown])}: no approved injectable product was "
                        "found to contain them (FDA Inactive Ingredient Database).",
                        "fda-inactive-ingredients-2024",
                    ),
                )
            )
        topical = [given for _, given, excipient in items if excipient.category in TOPICAL_CATEGORIES]
        # Propellants exist only in cans; otherwise, most of the excipients give it away.
        aerosol = any(excipient.category == "propellant" for _, _, excipient in items)
        if topical and (aerosol or len(topical) * 2 >= len(items)):
            found.append(
                (
                    0,
                    (
                        "info",
                        "reads-topical",
                        (),
                        f"{len(topical)} of the {total} items ({_quoted(topical[:3])}"
                        f"{' ...' if len(topical) > 3 else ''}) are emollients, propellants, perfume or "
                        f"the like: this reads like a topical product, and checking it on {route} "
                        "compares it with injection evidence.",
                        None,
                    ),
                )
            )
    return found
