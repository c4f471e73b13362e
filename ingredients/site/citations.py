"""Where each page lives and how a page cites its sources: file names, links, numbered references."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from hashlib import sha256
from typing import Any
from urllib.parse import quote

from ingredients.core.vocabulary import PROCEDURE_SLUG
from ingredients.render.entry_text import sentences

_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")


def file_name(key: str) -> str:
    """A file name for a key, the same on every file system.

    Keys such as 'doi-10.1002/pds.3328' hold characters no file name may; those
    are replaced, and a digest of the key keeps two such names apart.
    """
    if _SAFE_NAME.fullmatch(key) and len(key) <= 100:
        return key
    cleaned = re.sub(r"[^a-z0-9._-]+", "_", key.lower())[:80].strip("._-") or "source"
    return f"{cleaned}-{sha256(key.encode('utf-8')).hexdigest()[:8]}"


def ingredient_path(slug: str) -> str:
    return f"ingredients/{file_name(slug)}.html"


def source_path(key: str) -> str:
    return f"sources/{file_name(key)}.html"


def formulation_path(slug: str) -> str:
    return f"formulations/{file_name(slug)}.html"


def subject_path(slug: str) -> str:
    """The page of a statement's subject: an ingredient, or the procedure itself."""
    return "procedure.html" if slug == PROCEDURE_SLUG else ingredient_path(slug)


def primary_link(source: Mapping[str, Any]) -> str | None:
    """Where to read a source itself: PubMed, else the DOI, else its own web address."""
    pmid = str(source.get("pmid") or "").strip()
    if pmid.isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
    doi = str(source.get("doi") or "").strip()
    if doi:
        return "https://doi.org/" + quote(doi, safe="/:;()._-")
    url = str(source.get("url") or "").strip()
    # Only web addresses become links: a 'javascript:' url in user data must stay text.
    if re.match(r"https?://", url, flags=re.I):
        return url
    return None


def citation_text(source: Mapping[str, Any]) -> str:
    parts = [str(source.get("title") or source.get("key") or "")]
    parts += [str(source[field]) for field in ("authors", "published_in", "year") if source.get(field)]
    ids = []
    if source.get("pmid"):
        ids.append(f"PMID {source['pmid']}")
    if source.get("doi"):
        ids.append(f"doi:{source['doi']}")
    accessed = [f"Accessed {source['accessed']}"] if source.get("accessed") else []
    return sentences([*parts, "; ".join(ids), *accessed] if ids else [*parts, *accessed])


class References:
    """Numbers each source in the order a page first cites it."""

    def __init__(self, sources: Iterable[Mapping[str, Any]]) -> None:
        self._sources = {str(source["key"]): source for source in sources}
        self._numbers: dict[str, int] = {}

    def number(self, key: object) -> int | None:
        if key is None:
            return None
        key = str(key)
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        return self._numbers[key]

    def listing(self) -> list[dict[str, Any]]:
        listed = []
        for key, number in self._numbers.items():
            source = self._sources.get(key, {"key": key})
            listed.append(
                {
                    "number": number,
                    "key": key,
                    "citation": citation_text(source),
                    "link": primary_link(source),
                    "href": source_path(key),
                }
            )
        return listed
