"""search: identifiers, names, aliases, statements and descriptions, in the one written order
both databases share (see store/dialects.py), with what a person is told when nothing holds
every word or nothing matches at all."""

from __future__ import annotations

from typing import NamedTuple

from ingredients.core.errors import IngredientsError
from ingredients.core.identifiers import lookup_key
from ingredients.core.table import Layout, Table
from ingredients.read.queries import MAX_SEARCH_LENGTH, suggest
from ingredients.store.dialects import search_params
from ingredients.store.reader import Reader
from ingredients.store.search_index import query_words

SEARCH_COLUMNS = ["ingredient", "name", "field", "text", "source"]
SEARCH_LAYOUT = Layout(
    ("ingredient", "field", "text", "source"), keys=("ingredient", "field", "text"), prose=frozenset({"text"})
)


def search(reader: Reader, text: str, limit: int = 100, any_word: bool = False) -> Table:
    """Rows holding every word of ``text`` (with ``any_word``, at least one), as prefixes cut
    back to their shared forms, and the ingredient whose identifier ``text`` is, in the one
    written order both databases share (see dialects)."""
    if not text.strip():
        raise IngredientsError("the search text is empty")
    if len(text) > MAX_SEARCH_LENGTH:
        raise IngredientsError(f"the search text is longer than {MAX_SEARCH_LENGTH} characters")
    query = reader.dialect.search_query(text, any_word)
    if not query:
        return Table(SEARCH_COLUMNS, iter(()), layout=SEARCH_LAYOUT)
    result = reader.execute(reader.dialect.search_sql, search_params(text, limit, query))
    return Table(SEARCH_COLUMNS, result.rows, layout=SEARCH_LAYOUT)


class SearchAnswer(NamedTuple):
    rows: Table
    # True when no row held every word and these rows hold some of them.
    some_words: bool = False


def search_answer(reader: Reader, text: str, limit: int = 100) -> SearchAnswer:
    """A search that finds: rows holding every word; else, for several words, rows holding
    some of them (and says so). When neither finds a row, `nothing_found` says what to say."""
    found = list(search(reader, text, limit).rows)
    if not found and len(set(query_words(text))) > 1:
        some = list(search(reader, text, limit, any_word=True).rows)
        if some:
            return SearchAnswer(Table(SEARCH_COLUMNS, some, layout=SEARCH_LAYOUT), some_words=True)
    return SearchAnswer(Table(SEARCH_COLUMNS, found, layout=SEARCH_LAYOUT))


def nothing_found(reader: Reader, text: str) -> str:
    """What a search that found nothing says: the names the words may have meant, if any."""
    said = f"Nothing matches {text!r}."
    close = suggest(reader, lookup_key(text))
    return said + (" Did you mean: " + ", ".join(close) + "?" if close else "")
