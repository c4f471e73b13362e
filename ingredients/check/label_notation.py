"""Pharmacy and Drug Facts notation, read before an item's name and strength are taken apart.

Labels write a strength onto a name with a colon ('Minoxidil:5%', DailyMed's way); a mass in
a volume ('Minoxidil 5g in 100mL'), which is a percentage weight by volume; 'qs', 'q.s.' or
'ad' for 'as much as makes up' a volume ('Ethanol 96% qs 100 ml'), which is not a strength;
headings with or without a colon ('ACTIVE INGREDIENT', 'Drug Facts', 'Each ml contains');
a whole formula on one line ('Minoxidil 5% Finasteride 0.1% Biotin 0.2%'); and what DailyMed's
structured listings write: a strength per a quantity of the whole ('5 g/100mL', '.05 g/mL',
'5 mg/100mg'), a pharmacopoeia grade after the name ('Minoxidil, USP 5% w/v'), a dotted leader
running to the Purpose column ('5% Minoxidil.........Hair regrowth treatment') and the
substance register's ', UNSPECIFIED FORM' after a name; the full stop that closes a list after
its last strength ('Minoxidil 5% w/v.'), and the US colour additives with a number sign
('FD&C Blue #1' for 'FD&C Blue No. 1').
"""

from __future__ import annotations

import re

# 'Ingredients', 'Active ingredient(s)', 'Inactive ingredients (per ml)': the list's own
# heading, as a pattern both this module and the list splitter (mix_parsing) build on.
INGREDIENTS_HEADING = r"(?:(?:active|inactive|other)\s+)?ingredients?(?:\s*\([^()]*\))?"

# A heading alone on its piece (any case, colon or not): reported as skipped, never matched.
_HEADING_ALONE = re.compile(
    rf"^(?:{INGREDIENTS_HEADING}(?:\s*\([^()]*\))?"
    r"|drug\s+facts(?:\s*\(continued\))?|compound|composition|formula|contains|inci"
    r"|each\s+(?:ml|g|gram|vial|ampoule|ampul|tablet|capsule|\d+\s*ml)\s+contains"
    r"|may\s+contain|\+\s*/\s*-)"
    r"\s*:?$",
    re.IGNORECASE,
)
# A heading of several words at the start of a piece, written without its colon.
_HEADING_PREFIX = re.compile(
    r"^(?:(?:active|inactive)\s+ingredients?(?:\s*\(\s*s\s*\))?|drug\s+facts|each\s+ml\s+contains)\s+(?=\S)",
    re.IGNORECASE,
)
# 'Minoxidil:5%': a colon between a name and its amount.
_COLON_AMOUNT = re.compile(r"(?<=[^\W\d_]):(?=\s*[-<\u2212\u2264]?\s*(?:\d|\.\d))")
# 'qs 100 ml', 'q.s. ad 100 ml', 'ad 100 ml', 'qs': up to a volume, at the end.
_QS = re.compile(
    r"\s+(?:q\.?\s*s\.?(?:\s*ad)?|ad)(?:\s+to)?(?:\s*(?P<volume>\d+(?:[.,]\d+)?)\s*ml\.?)?\s*$", re.IGNORECASE
)
# '5 g in 100 ml', '500 mg per 10 ml', '5g in 100mL': a mass in a volume.
_MASS_IN_VOLUME = re.compile(
    r"(?P<mass>\d+(?:[.,]\d+)?)\s*(?P<unit>g|mg)\s+(?:in|per)\s+(?P<volume>\d+(?:[.,]\d+)?)\s*ml\b\.?",
    re.IGNORECASE,
)
_GRAMS = {"g": 1.0, "mg": 0.001}
# '5 g/100mL', '.1 g/100g', '5 mg/100mg', '.05 g/mL': a mass per a quantity of the whole.
_MASS_PER_QUANTITY = re.compile(
    r"(?P<mass>\d+(?:[.,]\d+)?|[.,]\d+)\s*(?P<unit>g|mg)\s*/\s*(?P<per>\d+(?:[.,]\d+)?)?\s*(?P<whole>ml|g|mg)\b",
    re.IGNORECASE,
)
# Grams in a gram, or in a millilitre of a watery mix (weight by volume).
_WHOLE_IN_GRAMS = {"g": 1.0, "mg": 0.001, "ml": 1.0}
# A pharmacopoeia's grade written after a name: a quality, not part of the substance's name.
_GRADE = re.compile(r"\s+(?:USP|NF|BP|Ph\.\s?Eur\.)(?=\s|$)")
# A dotted leader ('....', '………') and the Purpose column it runs to, after the strength.
_LEADER = re.compile(r"(?<=\w|%|\))\s*(?:\.{3,}|\u2026{2,}).*$")
# An amount followed by the next name on the same line: where a run-on formula is cut.
_RUN_ON = re.compile(
    r"(?<=\s)\d+(?:[.,]\d+)?\s*(?:%|mg|g|ml|µg|mcg|iu|u)(?:\s*\(?\s*[wv]/[wv]\s*\)?)?\s+"
    r"(?!(?:in|per|of|to|qs|q\.s\.|ad|w/v|v/v|w/w)\b)(?=[^\W\d_])",
    re.IGNORECASE,
)


# A note in brackets after a strength ('Minoxidil 5% w/w (without propellant)'): set aside.
_NOTE_AFTER_AMOUNT = re.compile(
    r"(?P<amount>\d\s*(?:%|°|mg|g|ml|µg|mcg|iu|u)(?:\s*[wv]/[wv])?)\s*\([^()\d]*\)\s*$", re.IGNORECASE
)


# A full stop closing a list, after its last item's strength ('Minoxidil 5% w/v.'). A name's
# own full stop stays ('Alcohol Denat.'): names are compared without punctuation anyway.
_STOP_AFTER_AMOUNT = re.compile(
    r"(?P<amount>\d\s*(?:%|mg|g|ml|µg|mcg|iu|u)?(?:\s*\(?\s*[wv]/[wv]\s*\)?)?)\s*\.$", re.IGNORECASE
)
# The US colour additives written with a number sign ('FD&C Blue #1', 'D&C Red #33',
# 'Ext. D&C Violet #2') rather than as the FDA names them ('FD&C Blue No. 1').
_COLOUR_NUMBER_SIGN = re.compile(r"\b(?P<lake>(?:Ext\.\s*)?D&C|FD&C)\s+(?P<hue>[^\W\d_]+)\s*#\s*(?P<n>\d+)\b")


def without_closing_stop(name: str) -> str:
    """The item without a full stop after its strength: the end of the list, not the item's."""
    return _STOP_AFTER_AMOUNT.sub(lambda found: found["amount"], name)


def colour_as_named(name: str) -> str:
    """'FD&C Blue #1' as 'FD&C Blue No. 1', the additive's listed name."""
    return _COLOUR_NUMBER_SIGN.sub(lambda found: f"{found['lake']} {found['hue']} No. {found['n']}", name)


def mass_per_quantity_as_percent(name: str) -> str:
    """'Minoxidil 5 g/100mL' as 'Minoxidil 5%': a mass in a hundred of the whole is per cent.
    Milligrams per millilitre with no quantity ('20 mg/mL') are a stored unit and stay as they are."""

    def percent(found: re.Match[str]) -> str:
        unit, whole = found["unit"].lower(), found["whole"].lower()
        if found["per"] is None and (unit, whole) == ("mg", "ml"):
            return found.group()
        per = _number(found["per"]) if found["per"] else 1.0
        grams = _number(found["mass"]) * _GRAMS[unit]
        return f"{grams / (per * _WHOLE_IN_GRAMS[whole]) * 100:.6g}%"

    return _MASS_PER_QUANTITY.sub(percent, name)


def without_grade(name: str) -> str:
    """The name without a pharmacopoeia grade after it: 'Minoxidil USP 5%' is minoxidil."""
    return _GRADE.sub("", name)


def without_leaders(text: str) -> str:
    """Each line without a dotted leader and the Purpose column it leads to (which may hold
    commas of its own: 'Controls dandruff, seborrheic dermatitis and psoriasis')."""
    return "\n".join(_LEADER.sub("", line) for line in text.split("\n"))


def without_note_after_amount(name: str) -> str:
    """The name without a bracketed note that follows its strength."""
    return _NOTE_AFTER_AMOUNT.sub(lambda found: found["amount"], name)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def is_heading(name: str) -> bool:
    """Whether a piece is a label's heading and nothing else."""
    return bool(_HEADING_ALONE.match(" ".join(name.split())))


def without_heading(name: str) -> str:
    """The piece without a heading of several words written before it without a colon."""
    return _HEADING_PREFIX.sub("", name)


def with_colon_spaced(name: str) -> str:
    """'Minoxidil:5%' as 'Minoxidil :5%', so the amount reads as one set off from the name."""
    return _COLON_AMOUNT.sub(" :", name)


def without_qs(name: str) -> tuple[str, float | None]:
    """The name without 'qs 100 ml', and the volume it makes up (in ml), if one is given."""
    found = _QS.search(name)
    if not found or not found.string[: found.start()].strip():
        return name, None
    volume = found["volume"]
    return name[: found.start()].rstrip(), _number(volume) if volume else None


def mass_in_volume_as_percent(name: str) -> str:
    """'Minoxidil 5 g in 100 ml' as 'Minoxidil 5%': grams per 100 ml is per cent weight by volume."""

    def percent(found: re.Match[str]) -> str:
        grams = _number(found["mass"]) * _GRAMS[found["unit"].lower()]
        return f"{grams / _number(found['volume']) * 100:.6g}% w/v"

    return _MASS_IN_VOLUME.sub(percent, name)


# Any amount: a formula line is cut only when it holds two or more.
_ANY_AMOUNT = re.compile(r"\d\s*(?:%|°|(?:mg|g|ml|µg|mcg|iu|u)\b)", re.IGNORECASE)


def run_on_pieces(piece: str) -> list[str]:
    """A formula written on one line, cut after each amount that the next name follows."""
    cuts = [found.end() for found in _RUN_ON.finditer(piece)]
    if not cuts or len(_ANY_AMOUNT.findall(piece)) < 2:
        return [piece]
    starts = [0, *cuts]
    ends = [*cuts, len(piece)]
    return [piece[start:end].strip() for start, end in zip(starts, ends, strict=True)]


def mass_as_percent(value: float, unit: str, volume_ml: float) -> float | None:
    """A mass made up to ``volume_ml`` as per cent weight by volume; None for any other unit."""
    scale = {"g": 1.0, "mg": 0.001, "µg": 0.000001}.get(unit)
    if scale is None:
        return None
    return value * scale / volume_ml * 100
