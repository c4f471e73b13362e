"""'Did you mean': the one way every command finds the names closest to one it does not know.

`show`, `search`, `source`, `formulations` and `check` all suggest through here, so a
misspelling gets the same candidates whichever command it was typed into. Similarity is
rapidfuzz's ratio (0-100: twice the characters in common over both lengths), imported on
first use so that commands that suggest nothing start without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ingredients.read.name_kinds import may_stand_for, reads_like
from ingredients.store.reader import Reader

# A ranked agent: (similarity, (ingredient id, slug, how it was named, the name)).
Ranked = tuple[float, tuple[int, str, str, str]]

# Below this similarity a name is too far off to be offered.
SUGGESTION_FLOOR = 60
MAX_SUGGESTIONS = 3


def similarity(text: str, other: str) -> float:
    """How alike two texts are, 0-100."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(text, other))


def _or_its_beginning(text: str, choice: str, **_: Any) -> float:
    """The choice compared whole or by its beginning: long slugs begin with what tells them apart."""
    return max(similarity(text, choice), similarity(text, choice[: len(text)]))


def closest(
    text: str,
    choices: Iterable[str],
    *,
    limit: int = MAX_SUGGESTIONS,
    floor: float = SUGGESTION_FLOOR,
    by_beginning: bool = False,
) -> list[tuple[str, float]]:
    """The choices at least ``floor`` alike ``text``, most alike first, each with its score."""
    from rapidfuzz import fuzz, process

    scorer = _or_its_beginning if by_beginning else fuzz.ratio
    found = process.extract(text, list(choices), scorer=scorer, limit=limit, score_cutoff=floor)
    return [(choice, float(score)) for choice, score, _ in found]


def suggestions(text: str, choices: Iterable[str], limit: int = MAX_SUGGESTIONS, **how: Any) -> list[str]:
    """The closest choices; failing any, those that contain ``text``."""
    choices = list(choices)
    close = [choice for choice, _ in closest(text, choices, limit=limit, **how)]
    return close or [choice for choice in choices if text and text in choice][:limit]


def offerable(text: str, stored: str, stored_class: str | None) -> bool:
    """Whether an agent's stored name (of class ``stored_class``) may be offered for ``text``: it
    keeps the marks that make two names two substances (ingredients.read.name_kinds), and is of
    the kind ``text`` reads like, when it reads like a mineral, an amino acid or an excipient (no
    agent is of that last kind)."""
    return of_kind(reads_like(text), stored_class) and may_stand_for(text, stored, offered=True)


def of_kind(kind: str | None, stored_class: str | None) -> bool:
    """Whether an agent of ``stored_class`` may be offered for a name that reads like ``kind``."""
    return kind is None or kind == stored_class


def of_kind_only(reader: Reader, kind: str | None, ranked: list[Ranked]) -> list[Ranked]:
    """The ranked agents that may be offered for a name that reads like ``kind`` (``of_kind``)."""
    if kind is None or not ranked:
        return ranked
    ids = sorted({agent[0] for _, agent in ranked})
    placeholders = ", ".join(f":i{n}" for n in range(len(ids)))
    rows = reader.execute(
        f"SELECT id, ingredient_class FROM ingredient WHERE id IN ({placeholders})",
        {f"i{n}": ingredient_id for n, ingredient_id in enumerate(ids)},
    ).rows
    classes = {int(ingredient_id): ingredient_class for ingredient_id, ingredient_class in rows}
    return [pair for pair in ranked if of_kind(kind, classes.get(pair[1][0]))]
