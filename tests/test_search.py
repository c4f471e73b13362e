"""Search that finds, specified on a small catalogue built for it: identifiers given whole,
word forms, the written order (identifiers, names, aliases, statements, descriptions last), a
limit per field before the merge, rows holding some of the words when none holds all, and the
closest names when nothing matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingredients.core.word_forms import MIN_STEM, word_stem
from ingredients.read import search as searching
from ingredients.store.reader import Reader

from .small_catalogue import SmallCatalogue

# (word, the prefix searched): one row per ending, and per rule that keeps a word whole.
STEMS = [
    ("pregnancy", "pregnan"),
    ("pregnant", "pregnan"),
    ("pregnancies", "pregnan"),
    ("deficiency", "deficien"),
    ("resistance", "resistan"),
    ("evidence", "eviden"),
    ("medications", "medicat"),
    ("medication", "medicat"),
    ("increasingly", "increas"),
    ("activities", "activ"),
    ("treatments", "treat"),
    ("treatment", "treat"),
    ("thickness", "thick"),
    ("sexually", "sexu"),
    ("injections", "inject"),
    ("injection", "inject"),
    ("studies", "stud"),
    ("studied", "stud"),
    ("density", "dens"),
    ("injecting", "inject"),
    ("sensitive", "sensitiv"),
    ("weekly", "week"),
    ("sexual", "sexu"),
    ("injected", "inject"),
    ("doses", "dose"),
    ("study", "stud"),
    ("hairs", "hair"),
    ("caffeine", "caffein"),
    # kept whole: no ending, a stem shorter than MIN_STEM, or a digit in the word
    ("minoxidil", "minoxidil"),
    ("loss", "loss"),
    ("side", "side"),
    ("male", "male"),
    ("oral", "oral"),
    ("b6", "b6"),
    ("5965120sh1", "5965120sh1"),
    ("55837", "55837"),
]


@pytest.mark.parametrize(("word", "stem"), STEMS, ids=[word for word, _ in STEMS])
def test_a_word_is_searched_as_the_part_its_forms_share(word: str, stem: str) -> None:
    assert word_stem(word) == stem
    assert len(stem) >= MIN_STEM or stem == word


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    small = SmallCatalogue()
    small.ingredient(
        "agent-a",
        "Agentol",
        cas_number="50-00-0",
        unii="ABC123XYZ9",
        pubchem_cid=4242,
        inci_name="Agentol Water",
        stated_purpose="Said to help with pregnant users and hair loss alike.",
    )
    small.alias("agent-a", "Brandex pregnancy")
    small.ingredient("agent-b", "Pregnanolone")
    small.ingredient("agent-c", "Other agent")
    small.safety("agent-c", text="Not for use in pregnancy.")
    small.safety("agent-a", text="Reported in pregnant women.")
    small.safety("agent-c", text="Sexual problems were reported.")
    small.safety("agent-a", text="Erectile dysfunction was reported.")
    for n in range(5):
        small.safety("agent-b", text=f"Common word {'x' * n} everywhere.")
    return small.reader(tmp_path_factory.mktemp("search"))


def found(reader: Reader, text: str, limit: int = 100) -> list[tuple[str, str, str]]:
    return [(row[0], row[2], row[3]) for row in searching.search(reader, text, limit).rows]


# (case, search, the hits in order: ingredient, field, text)
CASES = [
    ("a CAS number", "50-00-0", [("agent-a", "cas_number", "50-00-0")]),
    ("a CAS number without its hyphens", "50000", [("agent-a", "cas_number", "50-00-0")]),
    ("a UNII in any case", "abc123xyz9", [("agent-a", "unii", "ABC123XYZ9")]),
    ("a PubChem CID", "4242", [("agent-a", "pubchem_cid", "4242")]),
    ("an INCI name, whole, before its words", "agentol water", [("agent-a", "inci_name", "Agentol Water")]),
    (
        "word forms; names, then aliases, statements, descriptions last",
        "pregnancy",
        [
            ("agent-b", "name", "Pregnanolone"),
            ("agent-a", "alias", "Brandex pregnancy"),
            ("agent-c", "safety", "Not for use in pregnancy."),
            ("agent-a", "safety", "Reported in pregnant women."),
            ("agent-a", "description", "other  Said to help with pregnant users and hair loss alike.  "),
        ],
    ),
    ("every word must match", "pregnant women", [("agent-a", "safety", "Reported in pregnant women.")]),
    ("an identifier is only ever whole", "50-00", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_search_finds_in_the_written_order(
    reader: Reader, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(reader, text) == expected


def test_each_field_gives_its_best_before_the_merge(reader: Reader) -> None:
    """With a limit of 2, the name and the alias come first though five statements match, and
    the shortest statements are the ones kept."""
    assert found(reader, "pregnancy", limit=2) == [
        ("agent-b", "name", "Pregnanolone"),
        ("agent-a", "alias", "Brandex pregnancy"),
    ]
    assert [hit[2] for hit in found(reader, "everywhere", limit=2)] == [
        "Common word everywhere.",
        "Common word x everywhere.",
    ]


def test_no_row_with_every_word_gives_rows_with_some_and_says_so(reader: Reader) -> None:
    answer = searching.search_answer(reader, "sexual dysfunction")
    assert answer.some_words
    assert {row[3] for row in answer.rows.rows} == {
        "Sexual problems were reported.",
        "Erectile dysfunction was reported.",
    }


def test_a_search_with_every_word_held_says_nothing_more(reader: Reader) -> None:
    answer = searching.search_answer(reader, "erectile dysfunction")
    assert not answer.some_words and len(list(answer.rows.rows)) == 1


def test_nothing_found_suggests_the_closest_names(reader: Reader) -> None:
    answer = searching.search_answer(reader, "agentl")
    assert list(answer.rows.rows) == []
    said = searching.nothing_found(reader, "agentl")
    assert said.startswith("Nothing matches 'agentl'. Did you mean: Agentol")


def test_the_command_line_says_what_it_did(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    small = SmallCatalogue()
    small.ingredient("agent-a", "Agentol")
    small.safety("agent-a", text="Sexual problems were reported.")
    path = small.build(tmp_path)
    missed = CliRunner().invoke(app, ["--db", str(path), "search", "agentl"])
    assert (missed.exit_code, missed.stdout) == (0, "")
    assert missed.stderr == "Nothing matches 'agentl'. Did you mean: Agentol?\n"
    some = CliRunner().invoke(app, ["--db", str(path), "search", "sexual", "dysfunction", "-f", "csv"])
    assert (
        some.stderr
        == "Note: nothing holds every word of 'sexual dysfunction'; these rows hold some of them.\n"
    )
    assert "Sexual problems were reported." in some.stdout


def test_each_field_is_limited_before_the_merge_on_both_databases() -> None:
    """A word every statement holds sorts at most --limit statements: each field's branch
    carries its own LIMIT in the shared order, besides the merged answer's."""
    from ingredients.store.dialects import POSTGRESQL, SQLITE

    # On SQLite, each field of the main index first finds the bound of its best :limit rows
    # by what search_order holds (see test_search_order).
    bounds = {SQLITE: 4, POSTGRESQL: 0}
    for dialect in (SQLITE, POSTGRESQL):
        branches = dialect.search_sql.count("AS hit ORDER BY length(text)")
        assert branches == 6, dialect.name
        bound = "ORDER BY length, ingredient LIMIT :limit"
        assert dialect.search_sql.count(bound) == bounds[dialect], dialect.name
        assert dialect.search_sql.count("LIMIT :limit") == branches + 1 + bounds[dialect], dialect.name
