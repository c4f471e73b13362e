"""The CosIng table as `check` and `show` read it: entries by exact name key (`search`'s
branch for it is in store/dialects.py).

A label's piece is looked up here only by its name key (case, spaces, hyphens and
punctuation ignored, as every name is): never by similarity, so no name is ever read as
another substance. Two entries of the inventory may share a name; both are returned.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ingredients.core.identifiers import lookup_key
from ingredients.core.table import Table
from ingredients.core.vocabulary import COSMETIC_KIND as KIND
from ingredients.core.vocabulary import COSMETICS_ANNEXES
from ingredients.store.reader import Reader
from ingredients.store.table_shapes import COSING_INGREDIENTS


class CosmeticIngredient(NamedTuple):
    """An entry of the EU inventory of cosmetic ingredients."""

    cosing_ref: int
    inci_name: str
    functions: str | None
    restriction: str | None
    source: str


_BY_KEY_SQL = """
SELECT ci.cosing_ref, ci.inci_name, ci.functions, ci.restriction, src.key
FROM cosing_ingredient ci JOIN source src ON src.id = ci.source_id
WHERE ci.name_key = :key ORDER BY ci.cosing_ref
"""

_BRACKETED = re.compile(r"\([^()]*\)")
# An annex named in a restriction: 'II/372', 'III/98', 'IV 143', 'VI 27a'.
_ANNEX_ENTRY = re.compile(r"\b(VI|V|IV|III|II)\s*/?\s*(\d+[a-z]?)\b")


def cosmetic_ingredients(reader: Reader, name: str) -> tuple[CosmeticIngredient, ...]:
    """The entries whose INCI name has the name key of ``name``: none, one, or (where the
    inventory lists a name twice) more."""
    key = lookup_key(name)
    if not key:
        return ()
    rows = reader.execute(_BY_KEY_SQL, {"key": key}).rows
    return tuple(CosmeticIngredient(int(row[0]), *row[1:]) for row in rows)


def entries_named(reader: Reader, written: str) -> tuple[CosmeticIngredient, ...]:
    """The entries a label's name is: by its key as written, else without a bracketed common
    name ('Butyrospermum Parkii (Shea) Butter'); never by the bracketed part or any other part."""
    found = cosmetic_ingredients(reader, written)
    outside = " ".join(_BRACKETED.sub(" ", written).split())
    return found or (cosmetic_ingredients(reader, outside) if outside != written else ())


def annexes_named(restriction: str | None) -> list[str]:
    """The annexes a restriction names, each once, in the order named: ['II', 'III']."""
    found: list[str] = []
    for annex, _ in _ANNEX_ENTRY.findall(restriction or ""):
        if annex not in found:
            found.append(annex)
    return found


def restriction_words(restriction: str | None) -> str | None:
    """A restriction as the inventory writes it, with what each annex it names lists; None
    when the entry has none."""
    if not restriction:
        return None
    meanings = [f"Annex {annex}: {COSMETICS_ANNEXES[annex]}" for annex in annexes_named(restriction)]
    return restriction + (f" ({'; '.join(meanings)})" if meanings else "")


def described(entries: tuple[CosmeticIngredient, ...]) -> str:
    """Entries of one name in a few words: their kind, then each one's name, functions and any
    EU restriction."""
    return f"{KIND}: " + " | ".join(_entry_words(entry) for entry in entries)


def _entry_words(entry: CosmeticIngredient) -> str:
    words = f"{entry.inci_name}, functions: {entry.functions or 'not given'}"
    restriction = restriction_words(entry.restriction)
    return words + (f"; EU restriction: {restriction}" if restriction else "; no EU restriction listed")


def cosing_table(reader: Reader, refs: list[int]) -> Table:
    """The entries ``refs`` as rows of the table export writes."""
    placeholders = ", ".join(f":r{n}" for n in range(len(refs)))
    rows = reader.execute(
        COSING_INGREDIENTS.export_sql(f"ci.cosing_ref IN ({placeholders})"),
        {f"r{n}": ref for n, ref in enumerate(refs)},
    ).rows
    return Table(COSING_INGREDIENTS.columns, list(rows))
