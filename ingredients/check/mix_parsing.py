"""Reading a list of ingredients as people write it: 'Aqua, Panthenol, Finasteride 0.05%'.

Items are separated by commas, semicolons or new lines. A comma between two
digits is part of the item ('1,5%', '5,7-Dihydroxy...'), and so is one inside
brackets ('Aqua (water, purified)'). Labels' own notation is read too: HTML
entities; a heading ('Inactive ingredients:'); INCI's '(and)' and 'and/or' between
two substances; ' + ' or ' with ' joining two actives; a 'may contain' or '+/-'
section, whose items are checked like the rest. A slash stays inside the item
('Caprylic/Capric Triglyceride', 'Aqua/Water'): the matcher tries it whole first.

A concentration or dose at either end of an item, bracketed or not, is taken out of
the name: '0.05%', '(5 %)', '[1%]', '.5%', 'Minoxidil5%', '2 mg/ml', '2 mg / ml',
'5 g/100 ml', '20 mg', '1,5%', '20 U', '5% (w/v)'; a strength written twice
('0.01 % (0.1 mg/ml)') declares the first, and a volume at the end ('2 ml') is set aside.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import NamedTuple

from ingredients.check import label_notation
from ingredients.core.errors import IngredientsError

MAX_INPUT_LENGTH = 100_000
MAX_ITEMS = 500
MAX_ITEM_LENGTH = 200

# Written unit -> the unit strengths are stored in. Units outside the stored
# vocabulary (IU, g, µg) are kept as written: they compare as "unit differs".
_UNITS: dict[str, str] = {
    "%": "%",
    "percent": "%",
    "mg/ml": "mg/ml",
    "mg/ml.": "mg/ml",
    "µg/ml": "µg/ml",
    "μg/ml": "µg/ml",
    "ug/ml": "µg/ml",
    "mcg/ml": "µg/ml",
    "mg/kg": "mg/kg",
    # Grams per 100 ml is per cent weight by volume, as labels write it.
    "g/100ml": "%",
    "mg": "mg",
    "g": "g",
    "µg": "µg",
    "μg": "µg",
    "ug": "µg",
    "mcg": "µg",
    "u": "U",
    "units": "U",
    "unit": "U",
    "iu": "IU",
    # Degrees of alcohol are per cent by volume ('Ethyl Alcohol 96°').
    "°": "%",
}
_UNIT_PATTERN = "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
# A sign is kept to be refused ('-5%'); '<1%' keeps its bound.
_NUMBER = r"(?P<bound>[<\u2264]\s*)?(?P<value>[-\u2212]?(?:\d+(?:[.,]\d+)?|\.\d+))"
# A unit must not run on into a word ('5 units' yes, '5 Ultra' no); w/v, w/w or v/v may
# follow, bracketed or not.
_AMOUNT = rf"{_NUMBER}\s*(?P<unit>{_UNIT_PATTERN})(?![\w/])(?:\s*\(?\s*[wv]/[wv]\s*\)?)?"
# Where a concentration may stand, tried in this order: '(5 %)' or '[5 %]' at the end, '5%'
# at the end (after a space, or a dash or colon set off by one: 'Minoxidil - 5%'), '5% ...' first.
_AMOUNT_PLACES = (
    re.compile(rf"[(\[]\s*{_AMOUNT}\s*[)\]]\s*$", re.IGNORECASE),
    re.compile(rf"(?<=\s)(?:[-\u2013\u2014]\s+|:\s*)?{_AMOUNT}\s*$", re.IGNORECASE),
    re.compile(rf"^{_AMOUNT}\s+(?=\S)", re.IGNORECASE),
)
# A volume at the end ('Minoxidil 5% 2 ml') says how much, not how strong: set aside.
_VOLUME = re.compile(r"(?<=\s)\d+(?:[.,]\d+)?\s*ml\s*$", re.IGNORECASE)
# A unit written with spaces ('2 mg / ml', '5 g/100 ml'), closed up to be read as one.
_SPACED_UNIT = re.compile(r"\b(mg|µg|μg|ug|mcg|g)\s*/\s*(100\s*)?ml\b", re.IGNORECASE)
# List markers at the start of a line: '- ', '* ', '• ', '1. ', '2) '.
_MARKER = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)])\s+")
# Every control character but the line feed, which separates items.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# Any other space ('&nbsp;', a thin space): a plain one, so ' + ' and ' with ' still join.
_OTHER_SPACE = re.compile(r"[^\S\n ]")


# A label's headings and section marks, at the start of a line or piece.
_HEADING = re.compile(
    rf"^\s*{label_notation.INGREDIENTS_HEADING}\s*:\s*"
    r"|^\s*(?:may\s+contain|contains)\s*(?:\(\s*\+\s*/\s*-\s*\)|\[\s*\+\s*/\s*-\s*\])?\s*:?\s*"
    r"|^\s*[(\[]?\s*\+\s*/\s*-\s*[)\]]?\s*:?\s*",
    re.IGNORECASE,
)
# A heading run on after a sentence ('... 2% w/v. Inactive ingredients: ...') starts a new line.
_RUN_ON_HEADING = re.compile(
    r"\.?[ \t]+(?=(?:active|inactive|other)\s+ingredients?\s*:)|\.[ \t]+(?=ingredients?\s*:|may\s+contain)",
    re.IGNORECASE,
)
# '[+/- CI 77491, CI 77492]': a bracketed may-contain list is a list, not one bracketed name.
_MAY_CONTAIN_BRACKET = re.compile(r"\[\s*\+\s*/\s*-\s*:?\s*([^\[\]]*)\]")
# Between two substances: INCI's '(and)' and 'and/or'.
_AND = re.compile(r"\s*\(\s*and\s*\)\s*|\s+and\s*/\s*or\s+", re.IGNORECASE)
# ' + ' and ' with ' join two actives outside brackets ('Lidocaine 2% with epinephrine').
_JOINER = re.compile(r"\s\+\s|\swith\s", re.IGNORECASE)
# Between items: commas and semicolons, and the ideographic and full-width ones ('MINOXIDIL、BIOTIN').
_SEPARATORS = ",;\u3001\uff0c\uff1b"
# A grade after a comma ('Minoxidil, USP 5% w/v') belongs to the name before it; so does the
# substance register's ', UNSPECIFIED FORM', which says no more than that the form is not given.
_COMMA_BEFORE_GRADE = re.compile(r",\s*(?=(?:USP|NF|BP)\b)")
# 'A, B, and C': the comma separates, and the 'and' after it is no part of the last name.
_SERIAL_AND = re.compile(r",\s*(?:and|&)\s+", re.IGNORECASE)
_UNSPECIFIED = re.compile(r",\s*unspecified(?:\s+form)?(?=\s*(?:[,;\n]|$))", re.IGNORECASE)
# A percentage written onto a name ('Minoxidil5%').
_ATTACHED_PERCENT = re.compile(r"(?<=[^\W\d_])(?=(?:\d+(?:[.,]\d+)?|\.\d+)\s*%\s*$)")


class Item(NamedTuple):
    """One entry of the list: the text as given, the name left once a concentration is taken out."""

    position: int
    given: str
    name: str
    value: float | None = None
    unit: str | None = None
    # '<' when the label gives only an upper bound ('<1%').
    bound: str | None = None
    # The volume a 'qs' or 'ad' line makes the mix up to, in ml.
    made_up_to: float | None = None

    @property
    def declared(self) -> str | None:
        if self.value is None:
            return None
        number = f"{self.value:.6g}"
        return f"{self.bound or ''}{number} {self.unit}"


def _clean(text: str) -> str:
    """Control characters (NUL included) and invisible format characters become spaces; HTML
    entities become their characters; a bracketed may-contain list and '(and)' become separators."""
    text = html.unescape(text)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _OTHER_SPACE.sub(" ", text)
    text = "".join(" " if unicodedata.category(ch) in ("Cf", "Cs", "Co", "Cn") else ch for ch in text)
    text = label_notation.without_leaders(_RUN_ON_HEADING.sub("\n", text))
    text = _MAY_CONTAIN_BRACKET.sub(lambda found: ", " + found[1], text)
    text = _UNSPECIFIED.sub("", _COMMA_BEFORE_GRADE.sub(" ", _SERIAL_AND.sub(", ", text)))
    return _AND.sub(", ", text)


def split_items(text: str) -> list[str]:
    """The pieces of a list between separators, outside brackets and not between two digits."""
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    balanced = _brackets_balance(text)
    index = 0
    while index < len(text):
        ch = text[index]
        if balanced and ch in "([{":
            depth += 1
        elif balanced and ch in ")]}":
            depth = max(depth - 1, 0)
        between_digits = (
            ch == ","
            and 0 < index < len(text) - 1
            and text[index - 1].isdigit()
            and text[index + 1].isdigit()
        )
        joiner = _JOINER.match(text, index) if depth == 0 and ch in " \t" else None
        # A line break always ends an item, even inside a bracket left open on its line.
        if joiner or ch == "\n" or (depth == 0 and ch in _SEPARATORS and not between_digits):
            pieces.append("".join(current))
            current = []
            if ch == "\n":
                depth = 0
            if joiner:
                # ' + ' or ' with ': the joining word is a separator, not part of a name.
                index = joiner.end()
                continue
        else:
            current.append(ch)
        index += 1
    pieces.append("".join(current))
    return pieces


def _brackets_balance(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _number(text: str) -> float:
    return float(text.replace(",", ".").replace("\u2212", "-"))


def _take_amount(name: str) -> tuple[str, tuple[int, float, str, str | None] | None]:
    """``name`` without one amount, and that amount (where it stood, value, unit), if it has one."""
    for place in _AMOUNT_PLACES:
        found = place.search(name)
        if not found:
            continue
        rest = (name[: found.start()] + " " + name[found.end() :]).strip()
        # An item that is only an amount ('20 mg') keeps it as its name: there is nothing else to match.
        if any(ch.isalnum() for ch in rest):
            return " ".join(rest.split()), (
                found.start(),
                _number(found["value"]),
                _UNITS[found["unit"].lower()],
                "<" if found["bound"] else None,
            )
        break
    return name, None


def parse_item(position: int, piece: str) -> Item:
    given = " ".join(piece.split())
    if label_notation.is_heading(_MARKER.sub("", given)):
        return Item(position, given, given)
    name = label_notation.without_heading(_HEADING.sub("", _MARKER.sub("", given)))
    name, made_up_to = label_notation.without_qs(label_notation.with_colon_spaced(name))
    name = label_notation.mass_in_volume_as_percent(label_notation.without_note_after_amount(name))
    name = label_notation.without_grade(label_notation.mass_per_quantity_as_percent(name))
    name = label_notation.colour_as_named(label_notation.without_closing_stop(name))
    name = _ATTACHED_PERCENT.sub(" ", name)
    name = _SPACED_UNIT.sub(lambda unit: f"{unit[1]}/{'100' if unit[2] else ''}ml", name)
    volume = _VOLUME.search(name)
    if volume and any(ch.isalnum() for ch in name[: volume.start()]):
        name = name[: volume.start()].strip()
    # The same strength written twice ('0.01 % (0.1 mg/ml)'): the first one written is declared.
    name, first = _take_amount(name)
    name, second = _take_amount(name) if first else (name, None)
    declared = min((amount for amount in (first, second) if amount), default=None)
    if declared is None:
        return Item(position, given, name, made_up_to=made_up_to)
    return Item(position, given, name, declared[1], declared[2], declared[3], made_up_to)


def names_something(piece: str) -> bool:
    """Whether a piece has a letter or digit to match."""
    return _names_something(piece)


def _names_something(piece: str) -> bool:
    return any(ch.isalnum() for ch in piece)


def parse_list(text: str) -> list[Item]:
    """The items of a written list, in order; raises when it names nothing or is too long to check."""
    if len(text) > MAX_INPUT_LENGTH:
        raise IngredientsError(f"the list is longer than {MAX_INPUT_LENGTH} characters")
    # A blank piece is only a separator; a piece of marks alone ('???') keeps its place,
    # to be reported as skipped, so that every position is the position in the input.
    pieces = [
        cut
        for piece in (" ".join(piece.split()) for piece in split_items(_clean(text)))
        if piece
        for cut in label_notation.run_on_pieces(piece)
    ]
    if not any(_names_something(piece) for piece in pieces):
        raise IngredientsError("the list names no ingredient (it is empty, or only separators and spaces)")
    if len(pieces) > MAX_ITEMS:
        raise IngredientsError(f"the list has {len(pieces)} items; at most {MAX_ITEMS} are checked at once")
    return _made_up([parse_item(position, piece) for position, piece in enumerate(pieces, 1)])


def _made_up(items: list[Item]) -> list[Item]:
    """Masses in a formula made up to a volume ('qs 100 ml') as per cent weight by volume,
    so that they compare with strengths given in per cent."""
    volume = next((item.made_up_to for item in items if item.made_up_to), None)
    if volume is None:
        return items
    converted = []
    for item in items:
        percent = label_notation.mass_as_percent(item.value, item.unit or "", volume) if item.value else None
        converted.append(item._replace(value=percent, unit="%") if percent is not None else item)
    return converted
