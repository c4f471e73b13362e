"""The static site: valid HTML, every local link resolves, nothing loaded from the
network, user text escaped, the same bytes on every run, and a folder of someone
else's files never overwritten by accident."""

from __future__ import annotations

import filecmp
import html
import json
import os
import re
import subprocess
import sys
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

import ingredients.read.claims
import ingredients.read.procedure
import ingredients.read.queries
import ingredients.read.sources
from ingredients.exchange.opening import open_reader
from ingredients.site import MARKER, build_site, citations, views
from ingredients.store.location import resolve_location
from ingredients.store.reader import SqlAlchemyReader, SqliteReader
from ingredients.store.table_columns import COLUMN_TYPES, COLUMNS
from tests.conftest import Invoke
from tests.small_catalogue import FREE_TEXT_COLUMNS, hostile_catalogue, markup
from tests.test_import import write_jsonl
from tests.test_startup import _PROBE, HEAVY

XSS_NAME = "<script>alert(1)</script>"
XSS_TEXT = "<img src=x onerror=\"document.title='pwned'\"> alert"


def add_hostile_entry(invoke: Invoke, folder: Path) -> None:
    """A user ingredient, source and statement made of markup, through the import command."""
    files = [
        write_jsonl(
            folder / "ingredients.jsonl",
            [
                {
                    "slug": "xss-test",
                    "name": XSS_NAME,
                    "class": "other",
                    "class_detail": '<b>bold</b> & "quoted"',
                    "stated_purpose": "</title><img src=x onerror=alert(2)>",
                }
            ],
        ),
        write_jsonl(
            folder / "sources.jsonl",
            [
                {
                    "key": "evil/../key",
                    "kind": "web",
                    "title": "<i>Evil</i> page",
                    "url": "javascript:alert(3)",
                }
            ],
        ),
        write_jsonl(
            folder / "statements.jsonl",
            [
                {
                    "ingredient": "xss-test",
                    "kind": "evidence",
                    "route": "intradermal",
                    "evidence_level": "rct",
                    "finding": "harm",
                    "text": XSS_TEXT,
                    "source": "evil/../key",
                    "manufacturer_sponsored": True,
                    "reviewed": "2026-11-20",
                    "condition": "alopecia-areata",
                    "effect_value": -3.5,
                    "effect_unit": "hairs/cm2",
                    "effect_kind": "difference-vs-comparator",
                    "effect_ci_low": -6.25,
                    "effect_ci_high": -0.75,
                },
                {
                    "ingredient": "xss-test",
                    "kind": "evidence",
                    "route": "topical",
                    "evidence_level": "none-found",
                    "finding": "unclear",
                    "text": "Nothing found.",
                    "source": "evil/../key",
                    "searched": XSS_TEXT,
                },
            ],
        ),
    ]
    result = invoke("import", *map(str, files))
    assert result.exit_code == 0, result.output


@pytest.fixture
def site(invoke: Invoke, tmp_path: Path) -> Path:
    add_hostile_entry(invoke, tmp_path)
    target = tmp_path / "site"
    result = invoke("site", str(target))
    assert result.exit_code == 0, result.output
    return target


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if name in ("href", "src", "action", "poster", "data", "srcset"):
                self.links.append((tag, name, value))


def parse_links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_the_command_says_where_and_how_many_pages(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "out"
    result = invoke("site", str(target))
    assert result.exit_code == 0, result.output
    pages = len(html_pages(target))
    assert result.stdout == f"Wrote {pages} pages to {target}; open {target / 'index.html'}\n"
    names = {path.relative_to(target).as_posix() for path in target.rglob("*")}
    assert {
        "index.html",
        "search.html",
        "search-index.js",
        "site.css",
        "site.js",
        "procedure.html",
        "grading.html",
        "sources.html",
        "ingredients/minoxidil.html",
        MARKER,
    } <= names


def test_every_page_is_strictly_valid_html(site: Path) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for page in html_pages(site):
        try:
            parser.parse(page.read_bytes(), transport_encoding="utf-8")
        except html5lib.html5parser.ParseError as exc:  # pragma: no cover - the failure message
            pytest.fail(f"{page.relative_to(site)}: {exc}")


def test_every_local_link_resolves_and_nothing_is_loaded_from_the_network(site: Path) -> None:
    ids = {page: parse_links(page).ids for page in html_pages(site)}
    for page in html_pages(site):
        for tag, attribute, value in parse_links(page).links:
            parts = urlsplit(value)
            if parts.scheme:
                # Only a plain link may leave the site; a stylesheet, script or image may not.
                assert parts.scheme in ("http", "https"), (page, value)
                assert tag == "a" and attribute == "href", (page, tag, value)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), (page.relative_to(site), value)
            assert target.is_relative_to(site.resolve()), value
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in ids[target], (page.relative_to(site), value)
    for name in ("site.css", "site.js", "search-index.js"):
        text = (site / name).read_text(encoding="utf-8")
        assert "url(" not in text and "@import" not in text and "fetch(" not in text, name


def test_every_search_index_address_resolves(site: Path) -> None:
    text = (site / "search-index.js").read_text(encoding="utf-8")
    rows = json.loads(text[text.index("[") : text.rindex("]") + 1].replace(",\n]", "\n]"))
    assert {"name", "alias", "evidence", "source"} <= {row[0] for row in rows}
    ids = {page: parse_links(page).ids for page in html_pages(site)}
    for row in rows:
        path, _, fragment = row[4].partition("#")
        target = (site / path).resolve()
        assert target.is_file(), row
        if fragment:
            assert fragment in ids[target], row


def test_every_page_says_it_is_not_medical_advice(site: Path) -> None:
    for page in html_pages(site):
        assert "Reference information, not medical advice." in page.read_text(encoding="utf-8"), page


def test_every_page_title_is_plain_text(site: Path) -> None:
    for page in html_pages(site):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), flags=re.S)
        assert title and "<" not in title[1] and "\n" not in title[1], (page, title and title[1][:80])


def test_user_text_is_escaped_everywhere(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert XSS_NAME not in text, path
            assert "<img src=x" not in text, path
            assert "<i>Evil</i>" not in text, path
            assert "<b>bold</b>" not in text, path  # the class detail
            assert 'href="javascript:' not in text, path
    page = (site / "ingredients" / "xss-test.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; ·" in page
    # The search index is a script: it must hold no markup characters at all.
    index = (site / "search-index.js").read_text(encoding="utf-8")
    assert "<" not in index and ">" not in index
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in index


def test_a_source_key_with_a_slash_gets_a_safe_file_name(site: Path) -> None:
    page = site / citations.source_path("evil/../key")
    assert page.parent == site / "sources" and page.is_file()
    assert "&lt;i&gt;Evil&lt;/i&gt; page" in page.read_text(encoding="utf-8")
    assert (site / citations.source_path("doi-10.1002/pds.3328")).is_file()


def test_the_same_catalogue_gives_the_same_bytes(invoke: Invoke, tmp_path: Path) -> None:
    add_hostile_entry(invoke, tmp_path)
    first, second = tmp_path / "one", tmp_path / "two"
    assert invoke("site", str(first)).exit_code == 0
    assert invoke("site", str(second)).exit_code == 0
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_the_site_page_example_is_real(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "site.md").read_text(encoding="utf-8")
    block = page.split("<!-- site-example -->", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    command, expected = block.split("\n", 1)
    words = command.removeprefix("$ ").split()
    assert words[:2] == ["ingredients", "site"]
    monkeypatch.chdir(tmp_path)
    result = invoke(*words[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected
    assert (tmp_path / words[2] / "index.html").is_file()


def test_both_read_paths_write_the_same_site(db_path: Path, tmp_path: Path) -> None:
    """The site is read through sqlite3 for a file and through SQLAlchemy for any other URL."""
    from sqlalchemy import create_engine

    fast = SqliteReader(db_path)
    portable = SqlAlchemyReader(create_engine(f"sqlite:///{db_path}"))
    try:
        build_site(fast, tmp_path / "fast")
        build_site(portable, tmp_path / "portable")
    finally:
        fast.close()
        portable.close()
    files = sorted(p.relative_to(tmp_path / "fast") for p in (tmp_path / "fast").rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "fast", tmp_path / "portable", files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_a_folder_of_other_files_is_refused_without_force(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = invoke("site", str(target))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: {target} is not empty and holds no site written by this program; "
        "add --force to write into it\n"
    )
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    forced = invoke("site", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert (target / "index.html").is_file()
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_site_it_wrote_is_rebuilt_without_force_and_stale_pages_go(invoke: Invoke, tmp_path: Path) -> None:
    add_hostile_entry(invoke, tmp_path)
    target = tmp_path / "site"
    assert invoke("site", str(target)).exit_code == 0
    assert (target / "ingredients" / "xss-test.html").is_file()
    (target / "ingredients" / "mine.txt").write_text("not ours", encoding="utf-8")
    assert invoke("remove", "xss-test", "--yes").exit_code == 0
    again = invoke("site", str(target))
    assert again.exit_code == 0, again.output
    assert not (target / "ingredients" / "xss-test.html").exists()
    assert (target / "ingredients" / "mine.txt").is_file()
    assert (target / "ingredients" / "minoxidil.html").is_file()


def test_a_file_in_the_way_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = invoke("site", str(target), "--force")
    assert (result.exit_code, result.stderr) == (1, f"Error: {target} exists and is not a directory\n")


def test_site_help_does_not_load_the_database_or_template_stack(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=(*HEAVY, "jinja2")), "site", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "INGREDIENTS_DB": str(tmp_path / "x.db")},
    )
    assert "--force" in completed.stdout
    assert "LOADED:\n" in completed.stderr
    assert not (tmp_path / "x.db").exists()


def test_overview_matrix_has_routes_in_order_and_links_each_ingredient(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headers == [
        "Ingredient",
        "Class",
        "intradermal",
        "topical",
        "oral",
        "parenteral",
        "in-vitro",
        "any",
    ]
    assert 'href="ingredients/minoxidil.html"' in page
    assert 'href="ingredients/xss-test.html"' in page
    # The finding is always in words, not only in colour.
    assert re.search(r'finding-no-benefit">[^<]*no benefit', page)


def test_ingredient_page_cites_primary_sources_and_draws_its_evidence(site: Path) -> None:
    page = (site / "ingredients" / "minoxidil.html").read_text(encoding="utf-8")
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/33376283/" rel="noreferrer">' in page
    assert re.search(r'<li id="ref-\d+">[^<]*doi:10[^<]*<a href="https://doi.org/10', page)
    assert '<svg role="img" aria-labelledby="chart-title"' in page
    assert '<title id="chart-title">Evidence for Minoxidil by route and grade. intradermal: best' in page
    assert "Stated purposes (the source articles&#39; claims, not findings)" in page
    for heading in ("Identifiers", "Evidence by route", "Mechanism", "Safety", "Regulatory", "References"):
        assert f">{heading}</h2>" in page


def test_procedure_and_source_pages_list_their_statements(site: Path, db_path: Path) -> None:
    reader = open_reader(resolve_location(str(db_path)))
    try:
        procedure = ingredients.read.procedure.procedure_statements(reader)
        source = ingredients.read.sources.source_entry(reader, "pmid-37558233")
        assert list(ingredients.read.sources.citing_statements(reader, "pmid-37558233")) == source["cited_by"]
    finally:
        reader.close()
    page = (site / "procedure.html").read_text(encoding="utf-8")
    assert procedure and page.count('<li id="st-') + page.count('<tr id="st-') == len(procedure)
    source_page = (site / citations.source_path("pmid-37558233")).read_text(encoding="utf-8")
    assert f"Statements citing it ({len(source['cited_by'])})" in source_page
    assert source_page.count('<tr>\n<td data-label="About"><a href="../') == len(source["cited_by"])
    grading = (site / "grading.html").read_text(encoding="utf-8")
    assert "systematic-review" in grading and "in-vitro" in grading


def test_findings_participants_and_other_compounds_are_shown(site: Path) -> None:
    """Biotin's best evidence found no benefit; biochanin A's blend trials are another compound."""
    biotin = (site / "ingredients" / "biotin.html").read_text(encoding="utf-8")
    assert '<span class="finding finding-no-benefit">no benefit</span>' in biotin
    blend = (site / "ingredients" / "biochanin-a.html").read_text(encoding="utf-8")
    assert "another compound: not graded" in blend
    assert "Isoflavone" in blend or "isoflavone" in blend  # the class detail
    # Biotin's no-benefit trial was of a mixed population: it shows on the overview of every
    # condition, not on pattern hair loss's (index.html), which a switch links to.
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert "Evidence overview: androgenetic-alopecia" in overview
    assert '<a href="overview-any.html">every condition</a>' in overview
    assert '<a href="overview-alopecia-areata.html">alopecia-areata</a>' in overview
    every = (site / "overview-any.html").read_text(encoding="utf-8")
    assert '<td class="cell finding-no-benefit" data-label=' in every
    assert '<strong aria-current="page">every condition</strong>' in every


def test_evidence_rows_name_their_condition_and_effects_are_plotted(site: Path) -> None:
    page = (site / "ingredients" / "triamcinolone-acetonide.html").read_text(encoding="utf-8")
    assert '<span class="condition">alopecia-areata</span>' in page
    assert "Effect: ratio 1.64 (95% CI 1.05 to 2.58; p 0.031) vs comparator on other" in page
    assert '<figure class="forest">' in page
    assert "<title>ratio 1.64 (95% CI 1.05 to 2.58; p 0.031) vs comparator</title>" in page
    # A user's effect is plotted too, and what they wrote stays text.
    hostile = (site / "ingredients" / "xss-test.html").read_text(encoding="utf-8")
    assert "<title>-3.5 hairs/cm2 (95% CI -6.25 to -0.75) vs comparator</title>" in hostile
    assert re.search(r'<line class="interval" x1="[0-9.]+" y1="\d+" x2="[0-9.]+"', hostile)
    assert "Searched: &lt;img src=x onerror=" in hostile


@pytest.mark.parametrize(
    ("best", "expected"),
    [
        (None, "finding unknown"),
        ({"grade": "rct", "finding": "benefit"}, "benefit"),
        ({"grade": "rct", "finding": "mixed"}, "mixed"),
        ({"grade": "rct", "finding": "made-up"}, "finding unknown"),
    ],
)
def test_a_cell_shows_the_catalogues_best_evidence(best: dict[str, str] | None, expected: str) -> None:
    statements = [{"evidence_level": "rct"}, {"evidence_level": "preclinical"}]
    cell = views.summarise_cell(best, statements)
    assert cell is not None
    assert (cell["finding"].words, cell["count"]) == (expected, 2)
    assert views.summarise_cell(best, []) is None


def test_primary_links_prefer_pubmed_then_doi_and_never_run_script() -> None:
    assert citations.primary_link({"pmid": "123", "doi": "10.1/x"}) == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert citations.primary_link({"doi": "10.1/a b"}) == "https://doi.org/10.1/a%20b"
    assert citations.primary_link({"url": "https://example.org/p"}) == "https://example.org/p"
    assert citations.primary_link({"url": "javascript:alert(1)"}) is None


def _peak_memory_of_a_build(invoke: Invoke, folder: Path, db_path: Path, count: int, start: int) -> int:
    folder.mkdir()
    rows: list[dict[str, object]] = [
        {"slug": f"user-{i:05d}", "name": f"User ingredient {i}", "class": "other"}
        for i in range(start, start + count)
    ]
    statements: list[dict[str, object]] = [
        {
            "ingredient": f"user-{i:05d}",
            "kind": "evidence",
            "route": route,
            "evidence_level": "rct",
            "finding": "benefit",
            "text": "Words " * 40,
            "source": "pmid-37558233",
            "reviewed": "2026-11-20",
        }
        for i in range(start, start + count)
        for route in ("topical", "oral")
    ]
    result = invoke(
        "import", str(write_jsonl(folder / "i.jsonl", rows)), str(write_jsonl(folder / "s.jsonl", statements))
    )
    assert result.exit_code == 0, result.output
    reader = open_reader(resolve_location(str(db_path)))
    tracemalloc.start()
    try:
        build_site(reader, folder / "site")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        reader.close()


def test_memory_stays_flat_as_the_catalogue_grows(invoke: Invoke, db_path: Path, tmp_path: Path) -> None:
    """Pages are streamed to disk: eight times the ingredients, about the same peak memory."""
    # A first build compiles templates and fills caches that later builds only reuse.
    _peak_memory_of_a_build(invoke, tmp_path / "warm", db_path, 1, 0)
    small = _peak_memory_of_a_build(invoke, tmp_path / "small", db_path, 50, 1)
    large = _peak_memory_of_a_build(invoke, tmp_path / "large", db_path, 400, 51)
    assert len(list((tmp_path / "large" / "site" / "ingredients").iterdir())) >= 400
    # Nothing may be kept per page. An entry held per page would be a few KiB each, so
    # hundreds of KiB over the 350 extra pages; the peak itself wobbles by some 40 KiB
    # from run to run (measured: 1.392, 1.391 and 1.398 MB at 51, 401 and 1,201).
    assert large - small < 128 * 1024, (small, large)


def test_formulations_have_pages_linked_both_ways(site: Path) -> None:
    listing = (site / "formulations.html").read_text(encoding="utf-8")
    assert 'href="formulations/finjuve-finasteride-spray.html"' in listing
    page = (site / "formulations" / "finjuve-finasteride-spray.html").read_text(encoding="utf-8")
    assert '<a href="../ingredients/finasteride.html">Finasteride</a>' in page
    assert "2.275 mg/ml" in page
    assert 'finding-benefit">benefit</span>' in page  # finasteride's best topical evidence
    ingredient = (site / "ingredients" / "finasteride.html").read_text(encoding="utf-8")
    assert 'href="../formulations/finjuve-finasteride-spray.html"' in ingredient


def test_a_searched_for_absence_carries_no_finding_badge(site: Path) -> None:
    """none-found is not a result that points anywhere: its cell shows the grade alone."""
    overview = (site / "index.html").read_text(encoding="utf-8")
    cell = (
        r'<td class="cell [^"]*" data-label="[^"]*">(?:<span class="certainty">[^<]*</span> )?'
        r'<span class="grade">{}</span>(.*?)</td>'
    )
    cells = re.findall(cell.format("none-found"), overview)
    assert cells
    assert all("finding" not in cell for cell in cells)
    graded = re.findall(cell.format("rct"), overview)
    assert graded and all('class="finding ' in cell for cell in graded)


def test_the_claims_page_gives_every_assertion_its_verdict_and_links_its_reason(
    site: Path, db_path: Path
) -> None:
    reader = open_reader(resolve_location(str(db_path)))
    try:
        assertions = list(ingredients.read.claims.claims(reader).rows)
    finally:
        reader.close()
    page = (site / "claims.html").read_text(encoding="utf-8")
    assert page.count('<span class="verdict verdict-') == len(assertions)
    # The reason's statements link to their sources' pages, which exist.
    assert f'<a href="{citations.source_path("propecia-dailymed-label")}">#' in page
    assert (site / citations.source_path("propecia-dailymed-label")).exists()
    grading = (site / "grading.html").read_text(encoding="utf-8")
    assert 'id="h-claim-rules"' in grading and "suitability" in grading


def test_an_overview_refuses_rows_of_a_catalogue_that_changed_under_it(db_path: Path) -> None:
    """Each overview joins the entries read for their pages with one query of grades: should
    an import land between the two, the site stops rather than give one entry another's grades."""
    import io

    from ingredients.core.errors import IngredientsError
    from ingredients.read.best_evidence import best_evidence_of_each
    from ingredients.site.overview_rows import joined

    reader = SqliteReader(db_path)
    try:
        first_id, _ = next(ingredients.read.queries.ingredient_keys(reader))
        basis = {"id": first_id + 1, "name": "X", "slug": "x", "class": None, "user": False, "aliases": ""}
        rows = joined(
            io.StringIO(json.dumps({**basis, "counts": {}}) + "\n"), best_evidence_of_each(reader, "any")
        )
        with pytest.raises(IngredientsError, match="changed while the site was written"):
            next(rows)
    finally:
        reader.close()


def test_a_page_a_worker_cannot_write_is_one_error(db_path: Path, tmp_path: Path) -> None:
    """Ingredient pages are written by worker processes: a failure there still ends the build
    with one error naming the file, here as in the reading process."""
    from ingredients.core.errors import IngredientsError

    site = tmp_path / "site"
    blocked = site / citations.ingredient_path("minoxidil")
    blocked.mkdir(parents=True)
    reader = SqliteReader(db_path)
    try:
        with pytest.raises(IngredientsError, match=r"cannot write .*minoxidil\.html: Is a directory"):
            build_site(reader, site, force=True)
    finally:
        reader.close()


# Free-text columns the site does not show (excipients have no pages; strengths and
# identifier notes are shown by `show` only). Every other one must appear, escaped.
NOT_ON_THE_SITE = {
    ("components", "note"),
    ("excipients", "inci_name"),
    ("excipients", "synonyms"),
    ("excipients", "functions"),
    ("excipients", "injectable_basis"),
    ("ingredients", "identifiers_note"),
    ("strengths", "note"),
    # The CosIng table is not on the site: its entries are reference names, not evidence.
    *(
        ("cosing_ingredients", column)
        for column in ("inci_name", "cas_number", "ec_number", "functions", "restriction")
    ),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    build_site(SqliteReader(hostile_catalogue().build(folder)), folder / "site")
    return folder / "site"


FILLED = [(table, column) for table, columns in FREE_TEXT_COLUMNS.items() for column in columns]


@pytest.mark.parametrize(("table", "column"), FILLED, ids=lambda value: str(value))
def test_markup_in_any_text_column_is_shown_as_text_never_run(
    hostile_site: Path, table: str, column: str
) -> None:
    raw = markup(table, column)
    shown_as_text = html.escape(raw, quote=True).replace("&#x27;", "&#39;")
    found_as_text = False
    for path in hostile_site.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for piece in (f"<script>alert({table}.{column})", f"<img src=x onerror=alert({table}.{column})"):
            assert piece not in text, (path.name, piece)
        found_as_text = found_as_text or shown_as_text in text or f"alert({table}.{column})" in text
    assert found_as_text != ((table, column) in NOT_ON_THE_SITE), (
        f"{table}.{column} on the site: {found_as_text}"
    )


def test_every_column_is_free_text_or_held_to_a_shape_on_import() -> None:
    """The hostile catalogue fills every column that takes free text: a new text column
    must be added to it, or be held to a shape or vocabulary (then it is listed here)."""
    held = {
        "sources": {"key", "kind", "pmid", "doi"},
        "ingredients": {"slug", "class", "cas_number", "unii", "identifiers_source", "unii_source"},
        "aliases": {"ingredient", "kind"},
        "statements": {
            "ingredient", "kind", "route", "evidence_level", "finding", "condition", "sex", "comparator",
            "outcome", "effect_unit", "effect_kind", "certainty", "asserts", "harm", "source", "randomised",
            "blinding", "control", "reports_agent_result",
        },
        "strengths": {"ingredient", "route", "basis", "unit", "source"},
        "formulations": {"slug", "kind", "route", "declared_by", "source"},
        "components": {"formulation", "ingredient", "unit"},
        "excipients": {"slug", "cas_number", "category", "injectable", "source", "injectable_source"},
        "cosing_ingredients": {"source"},
    }  # fmt: skip
    for table, columns in COLUMNS.items():
        text_columns = {
            column for column in columns if COLUMN_TYPES[table].get(column, "string") == "string"
        } - {"origin"}
        assert text_columns == held[table] | set(FREE_TEXT_COLUMNS[table]), table


@pytest.mark.parametrize(
    ("condition", "page"), [("androgenetic-alopecia", "index.html"), ("any", "overview-any.html")]
)
def test_an_overview_ranks_its_rows_strongest_first_and_ties_in_the_catalogue_order(
    tmp_path: Path, condition: str, page: str
) -> None:
    """Rows come strongest body of injected evidence first (as `list --sort intradermal`);
    rows of equal rank keep the catalogue's order (by name), whichever grades were read."""
    from tests.small_catalogue import SmallCatalogue

    catalogue = SmallCatalogue()
    for slug in ("alpha", "bravo", "charlie", "delta", "echo"):
        catalogue.ingredient(slug)
    catalogue.evidence("delta", participants=400)
    catalogue.evidence("delta", participants=300)
    catalogue.evidence("bravo", level="uncontrolled", comparator=None)
    catalogue.evidence("echo", level="uncontrolled", comparator=None)
    reader = catalogue.reader(tmp_path)
    try:
        build_site(reader, tmp_path / "site")
    finally:
        reader.close()
    overview = (tmp_path / "site" / page).read_text(encoding="utf-8")
    rows = re.findall(r'<th scope="row"><a href="ingredients/([a-z]+)\.html">', overview)
    assert rows == ["delta", "bravo", "echo", "alpha", "charlie"], condition
