"""What a near name may not change: the marks that make two similar names two substances.

Similarity alone reads Acetyl Tetrapeptide-2 as acetyl tetrapeptide-3 (95%), Ginkgo Biloba
Nut Extract as the leaf extract and Theanine as caffeine (86%). A near name is taken, or
offered, only when it keeps every number (peptide-3 is not peptide-9; CI 77491 is not CI
77492), the count of a peptide (tetra- is not octa-), every plant part, its salt when both
names have one, and its first letter (typing slips seldom fall on the first letter; two
substances often differ only there). It must also be a few slips away, not merely similar:
one edit (a letter added, dropped or changed) per six letters of the stored name to be
taken, per three to be offered, unless it is the stored name shortened ('Vit B6' for
Vitamin B6); Theanine is two edits from Theine (caffeine), which is six letters long. A
name of fewer than five letters and digits is matched exactly or by an alias, never by
similarity: a slip in four letters is another word.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Names with fewer letters and digits than this are never matched by similarity.
SHORT_NAME = 5
# Letters of the stored name per edit allowed: to take a near name, and to offer one.
LETTERS_PER_SLIP = 6
LETTERS_PER_SLIP_OFFERED = 3

# Plant parts an INCI name may name, each by its singular.
PLANT_PARTS: dict[str, str] = {
    "leaf": "leaf",
    "leaves": "leaf",
    "seed": "seed",
    "nut": "nut",
    "root": "root",
    "flower": "flower",
    "fruit": "fruit",
    "bark": "bark",
    "stem": "stem",
    "peel": "peel",
    "kernel": "kernel",
    "berry": "berry",
    "bud": "bud",
    "rhizome": "rhizome",
    "shell": "shell",
    "husk": "husk",
    "callus": "callus",
    "sprout": "sprout",
    "wood": "wood",
    "twig": "twig",
    "needle": "needle",
    "cone": "cone",
    "juice": "juice",
}

# Salts and hydrates written after a drug's name, as labels give them.
SALT = re.compile(
    r"(?:\s+(?:mono|di|tri)?(?:hydrochloride|hcl|hydrobromide|hbr|sulfate|sulphate|phosphate|"
    r"acetate|citrate|tartrate|bitartrate|maleate|mesylate|mesilate|besylate|besilate|succinate|"
    r"fumarate|nitrate|lactate|gluconate|sodium|potassium|calcium|hydrate|anhydrous))+\s*$",
    re.IGNORECASE,
)
# One salt written two ways.
_SALT_SPELLINGS = {
    "hcl": "hydrochloride",
    "hbr": "hydrobromide",
    "sulphate": "sulfate",
    "mesilate": "mesylate",
    "besilate": "besylate",
}
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_PEPTIDE_COUNT = re.compile(r"(mono|di|tri|tetra|penta|hexa|hepta|octa|nona|deca|oligo|poly)(?=peptid)")


class Marks(NamedTuple):
    numbers: tuple[str, ...]
    peptide_counts: tuple[str, ...]
    plant_parts: frozenset[str]
    salt: tuple[str, ...]
    first: str


def _plain(name: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def marks(name: str) -> Marks:
    """The marks of a name that a near match must keep."""
    plain = _plain(name)
    words = _WORD.findall(plain)
    salt = SALT.search(plain)
    salt_words = _WORD.findall(salt.group()) if salt else []
    letters = "".join(ch for ch in plain if ch.isalnum())
    return Marks(
        tuple(_NUMBER.findall(plain)),
        tuple(_PEPTIDE_COUNT.findall(letters)),
        frozenset(PLANT_PARTS[word] for word in words if word in PLANT_PARTS),
        tuple(_SALT_SPELLINGS.get(word, word) for word in salt_words),
        letters[:1],
    )


def _letters(name: str) -> str:
    return "".join(ch for ch in _plain(name) if ch.isalnum())


def few_slips_away(text: str, stored: str, letters_per_slip: int = LETTERS_PER_SLIP) -> bool:
    """Whether ``text`` is at most one edit per ``letters_per_slip`` letters of ``stored`` away
    (one edit at least)."""
    from rapidfuzz.distance import Levenshtein

    mine, theirs = _letters(text), _letters(stored)
    return Levenshtein.distance(mine, theirs) <= max(1, len(theirs) // letters_per_slip)


def shortens(text: str, stored: str) -> bool:
    """Whether ``text`` is ``stored`` with letters left out ('Vit B6' of 'Vitamin B6')."""
    remaining = iter(_letters(stored))
    return all(ch in remaining for ch in _letters(text))


def may_stand_for(text: str, stored: str, offered: bool = False) -> bool:
    """Whether ``text`` may be read, by similarity, as the stored name ``stored``; or, if
    ``offered``, be offered it as a suggestion."""
    if not offered and len(_letters(text)) < SHORT_NAME:
        return False
    if offered:
        close = few_slips_away(text, stored, LETTERS_PER_SLIP_OFFERED) or shortens(text, stored)
    else:
        close = few_slips_away(text, stored)
    if not close:
        return False
    mine, theirs = marks(text), marks(stored)
    if mine.salt and theirs.salt and mine.salt != theirs.salt:
        return False
    return mine._replace(salt=()) == theirs._replace(salt=())


# --- what kind of thing an unknown name reads like ---------------------------------------------
# Suggestions are offered from the same kind of thing as the name: a drug is never offered for a
# name that reads like a mineral salt, an amino acid or a cosmetic excipient ('zinc sulfate' is
# not finasteride's 'Fincar'; 'Theanine' is not caffeine's 'Theine').

MINERAL = "mineral"
AMINO_ACID = "amino-acid"
EXCIPIENT = "excipient"

_ELEMENTS = frozenset(
    [
        "zinc",
        "magnesium",
        "calcium",
        "iron",
        "ferrous",
        "ferric",
        "copper",
        "cupric",
        "selenium",
        "manganese",
        "potassium",
        "sodium",
        "silicon",
        "chromium",
        "lithium",
        "strontium",
        "aluminum",
        "aluminium",
        "titanium",
    ]
)
# The rest of a mineral salt's name: its anion, and how much water it holds.
_MINERAL_PARTS = frozenset(
    [
        "sulfate",
        "sulphate",
        "sulfide",
        "chloride",
        "oxide",
        "dioxide",
        "hydroxide",
        "carbonate",
        "bicarbonate",
        "phosphate",
        "nitrate",
        "gluconate",
        "citrate",
        "picolinate",
        "glycinate",
        "bisglycinate",
        "lactate",
        "acetate",
        "aspartate",
        "pca",
        "orotate",
        "fumarate",
        "silicate",
        "fluoride",
        "iodide",
        "bromide",
        "peroxide",
        "anhydrous",
        "monohydrate",
        "dihydrate",
        "heptahydrate",
        "hexahydrate",
    ]
)
_AMINO_ACIDS = frozenset(
    [
        "glycine",
        "alanine",
        "arginine",
        "asparagine",
        "cysteine",
        "cystine",
        "glutamine",
        "histidine",
        "isoleucine",
        "leucine",
        "lysine",
        "methionine",
        "phenylalanine",
        "proline",
        "serine",
        "threonine",
        "tryptophan",
        "tyrosine",
        "valine",
        "taurine",
        "theanine",
        "carnitine",
        "ornithine",
        "citrulline",
    ]
)
# 'L-', 'D-', 'DL-' and 'N-acetyl-' before an amino acid, a salt after it.
_AMINO_PREFIX = re.compile(r"^(?:n-acetyl-?\s*)?(?:(?:dl|l|d)-\s*)?")
_AMINO_SALT = frozenset(["hcl", "hydrochloride", "monohydrochloride"])
# Marks of a cosmetic ingredient's INCI name: ethoxylates, silicones, polymers, fatty alcohols
# and esters, surfactants, preservatives, colour index numbers.
_EXCIPIENT_MARKS = re.compile(
    r"\b(?:peg|ppg)-?\d|\b\w+eth-\d|polyquaternium|methicone|siloxane|copolymer|crosspolymer"
    r"|\bglyceryl\b|\b(?:cetyl|stearyl|cetearyl|lauryl|myristyl|behenyl|isopropyl)\b|cocamid"
    r"|\b\w*(?:stearate|oleate|palmitate|myristate|laurate|cocoate)\b|betaine|sultaine"
    r"|triglyceride|paraben|sulfosuccinate|amphoacetate|glucoside|carbomer|\bci\s?\d{5}\b"
    r"|\b(?:fd|d)\s?&\s?c\b|\bparfum\b|\bfragrance\b"
)


def reads_like(name: str) -> str | None:
    """'mineral', 'amino-acid' or 'excipient' when ``name`` reads like one; else None."""
    plain = _plain(name)
    words = _WORD.findall(plain)
    mineral_words = [word in _ELEMENTS or word in _MINERAL_PARTS for word in words]
    if any(word in _ELEMENTS for word in words) and all(mineral_words):
        return MINERAL
    bare = _AMINO_PREFIX.sub("", plain.strip())
    bare_words = _WORD.findall(bare)
    if bare_words and bare_words[0] in _AMINO_ACIDS and all(word in _AMINO_SALT for word in bare_words[1:]):
        return AMINO_ACID
    if _EXCIPIENT_MARKS.search(plain):
        return EXCIPIENT
    return None
