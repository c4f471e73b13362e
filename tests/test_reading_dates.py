"""A source with no date of its own (the five articles) carries the date it was read, shown
wherever it is cited; a date of reading in the future is refused like any bad value."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tests.conftest import Invoke, fingerprint
from tests.test_import import write_csv

READ_ON = "2026-12-05"


def test_the_source_command_shows_when_an_article_was_read(invoke: Invoke) -> None:
    result = invoke("source", "article-002")
    assert result.exit_code == 0
    assert re.search(rf"^Accessed\s+{READ_ON}$", result.stdout, flags=re.M)


def test_a_citation_of_an_article_ends_with_its_reading_date(invoke: Invoke) -> None:
    result = invoke("show", "buflomedil")
    assert result.exit_code == 0
    # The title's own question mark ends its sentence: no '?.' before the date.
    assert f"[article-000] Is Mesotherapy Effective For Hair Loss? Accessed {READ_ON}" in result.stdout


def test_the_claims_page_names_each_article_by_title_and_reading_date(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("site", str(tmp_path / "site")).exit_code == 0
    page = (tmp_path / "site" / "claims.html").read_text(encoding="utf-8")
    headings = re.findall(
        r'<h2 id="h-(article-\d+)"><a href="[^"]*">([^<]*)</a></h2>\n'
        r'<p class="detail"><code>\1</code> · read ([\d-]+)</p>',
        page,
    )
    assert [key for key, _, _ in headings] == [f"article-00{n}" for n in range(5)]
    assert (
        "article-002",
        "Mesotherapy For Hair Loss. Costs, Side Effects, &amp; Effectiveness",
        READ_ON,
    ) in headings
    assert {read for _, _, read in headings} == {READ_ON}


def test_a_reading_date_in_the_future_is_refused(invoke: Invoke, tmp_path: Path, db_path: Path) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    sources = write_csv(
        tmp_path / "sources.csv",
        [{"key": "team-page", "kind": "web", "title": "A page", "accessed": tomorrow.isoformat()}],
    )
    before = fingerprint(db_path)
    result = invoke("import", str(sources))
    assert result.exit_code == 1
    assert f"sources.csv: line 2: accessed: {tomorrow} is in the future" in result.stderr
    assert fingerprint(db_path) == before
