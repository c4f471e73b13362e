"""The site in a real browser: headless Chromium draws the pages and runs their scripts.

Skipped where Chromium is not installed (`apt-get install chromium`). Screenshots
are kept in tests/screenshots/ so anyone can look at what the browser drew.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from ingredients.exchange.opening import open_reader
from ingredients.site import build_site
from ingredients.store.location import resolve_location
from tests.test_site import XSS_NAME, add_hostile_entry

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)),
    reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)",
)

# No first-run work, no background traffic: the page is all the browser loads.
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
]


def chromium(*args: str) -> str:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        completed = subprocess.run(
            [CHROMIUM, *_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def page_url(site: Path, relative: str) -> str:
    return (site / relative).resolve().as_uri()


def dump_dom(site: Path, relative: str, query: str = "") -> str:
    # Virtual time lets the page's scripts run to the end before the DOM is printed.
    return chromium("--virtual-time-budget=2000", "--dump-dom", page_url(site, relative) + query)


def screenshot(site: Path, relative: str, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / name
    target.unlink(missing_ok=True)
    chromium(f"--screenshot={target}", "--window-size=1280,900", page_url(site, relative))
    assert target.is_file()
    return target


def png_summary(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct byte values) of a PNG's pixel data, with the stdlib only.

    The bytes are still filtered per row, but a page of one colour comes out as a
    handful of values whatever the filter, while drawn text gives well over a hundred.
    """
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, width, height, compressed = 8, 0, 0, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    pixels = zlib.decompress(compressed)
    return width, height, len(set(pixels))


@pytest.fixture(scope="module")
def browsed_site(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site for every browser test, from a copy of the seeded catalogue with a hostile entry."""
    from typer.testing import CliRunner, Result

    from cli.main import app

    folder = tmp_path_factory.mktemp("browsed")
    db = folder / "catalogue.db"
    shutil.copyfile(seeded_template, db)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, ["--db", str(db), *args], input=input)

    add_hostile_entry(invoke, folder)
    reader = open_reader(resolve_location(str(db)))
    try:
        build_site(reader, folder / "site")
    finally:
        reader.close()
    return folder / "site"


@pytest.mark.parametrize(
    ("relative", "name"),
    [("index.html", "index.png"), ("ingredients/minoxidil.html", "ingredient-minoxidil.png")],
)
def test_pages_are_drawn(browsed_site: Path, relative: str, name: str) -> None:
    shot = screenshot(browsed_site, relative, name)
    width, height, distinct = png_summary(shot)
    assert (width, height) == (1280, 900)
    assert distinct > 100, f"{shot} looks blank"
    assert shot.stat().st_size > 20_000


def test_dark_colour_scheme_is_drawn(browsed_site: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    dark = SCREENSHOTS / "index-dark.png"
    chromium(
        "--force-dark-mode",
        f"--screenshot={dark}",
        "--window-size=1280,900",
        page_url(browsed_site, "index.html"),
    )
    assert png_summary(dark)[2] > 100
    light = screenshot(browsed_site, "index.html", "index-light.png")
    assert dark.read_bytes() != light.read_bytes()


def result_items(dom: str) -> list[str]:
    found = re.search(r'<ol id="results" class="results">(.*?)</ol>', dom, flags=re.S)
    assert found, dom[:2000]
    return re.findall(r"<li>(.*?)</li>", found.group(1), flags=re.S)


def test_search_reads_its_address_and_lists_results(browsed_site: Path) -> None:
    dom = dump_dom(browsed_site, "search.html", "?q=minoxidil")
    items = result_items(dom)
    assert len(items) > 5
    assert items[0].startswith('<a href="ingredients/minoxidil.html">Minoxidil</a>')
    assert re.search(r'id="search-status"[^>]*>\d+ matches\.<', dom)
    assert 'value="minoxidil"' not in dom  # the box is filled as a property, not from markup
    assert "search-index.js" in dom


def test_search_shows_markup_in_data_as_text(browsed_site: Path) -> None:
    dom = dump_dom(browsed_site, "search.html", "?q=alert")
    items = result_items(dom)
    assert items
    assert "<title>Search · Hair-loss mesotherapy ingredients</title>" in dom  # no handler ran
    assert "<img" not in "".join(items)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in "".join(items)
    assert XSS_NAME not in dom


def test_the_filter_box_hides_other_rows(browsed_site: Path) -> None:
    dom = dump_dom(browsed_site, "index.html", "?filter=Vitamin%20B7")
    body = dom[dom.index("<tbody>") : dom.index("</tbody>")]
    rows = re.findall(r"<tr ([^>]*)>", body)
    shown = [row for row in rows if "hidden" not in row]
    assert len(rows) == 29 and len(shown) == 1
    assert 'data-filter="biotin ' in shown[0]
    assert "1 of 29 ingredients shown" in dom


def test_the_filter_matches_grades_too(browsed_site: Path) -> None:
    dom = dump_dom(browsed_site, "index.html", "?filter=approved")
    body = dom[dom.index("<tbody>") : dom.index("</tbody>")]
    shown = [row for row in re.findall(r"<tr ([^>]*)>", body) if "hidden" not in row]
    assert sorted(re.findall(r'data-filter="(\w+)', " ".join(shown))) == ["finasteride", "minoxidil"]


# Headless Chromium will not open a window narrower than 500 px, so the page is drawn
# in a frame of the phone's width (its media queries see the frame) and reports from there.
_REPORT = """<script>
window.addEventListener("load", () => parent.postMessage(String({expression}), "*"));
</script>"""
_FRAME = """<!doctype html><html><body style="margin:0">
<iframe src="{page}" style="width:{width}px;height:844px;border:0"></iframe>
<script>
window.addEventListener("message", (event) => document.body.setAttribute("data-report", event.data));
</script></body></html>"""


def report_from_frame(
    site: Path, relative: str, frame_width: int, expression: str, query: str = "", shot: str | None = None
) -> str:
    """What the JavaScript ``expression`` gives once Chromium has drawn ``relative`` in a
    frame ``frame_width`` pixels wide; with ``shot``, a screenshot of the frame too.

    The page is copied beside itself with a script that reports, so links and the
    stylesheet resolve as they do for the real page; the page itself is not changed.
    """
    page = site / relative
    reporting = page.with_name(page.stem + ".reporting.html")
    frame = page.with_name(page.stem + ".frame.html")
    script = _REPORT.format(expression=expression)
    reporting.write_text(page.read_text().replace("</body>", script + "</body>"))
    frame.write_text(_FRAME.format(page=reporting.name + query, width=frame_width))
    try:
        dom = chromium("--virtual-time-budget=3000", "--dump-dom", frame.resolve().as_uri())
        if shot:
            SCREENSHOTS.mkdir(exist_ok=True)
            chromium(f"--screenshot={SCREENSHOTS / shot}", "--window-size=500,844", frame.resolve().as_uri())
    finally:
        reporting.unlink()
        frame.unlink()
    found = re.search(r'data-report="([^"]*)"', dom)
    assert found, "the page did not report"
    return found[1]


@pytest.mark.parametrize(
    "relative",
    [
        "index.html",
        "claims.html",
        "sources.html",
        "grading.html",
        "formulations.html",
        "procedure.html",
        "search.html",
        "ingredients/minoxidil.html",
        "ingredients/finasteride.html",
        "sources/article-002.html",
        "formulations/moftah-2013-dutasteride-vitamin-mesotherapy.html",
    ],
)
def test_pages_fit_a_phone_without_sideways_scrolling(browsed_site: Path, relative: str) -> None:
    shot = "phone-index.png" if relative == "index.html" else None
    widths = report_from_frame(
        browsed_site,
        relative,
        390,
        'document.documentElement.scrollWidth + " " + window.innerWidth',
        shot=shot,
    )
    page, window = map(int, widths.split())
    assert window == 390
    assert page <= window, f"{relative} is {page} px wide in a {window} px window"


def test_the_filter_hides_rows_on_a_phone_too(browsed_site: Path) -> None:
    """On a phone the rows are cards; the filter must still take them off the screen."""
    drawn = (
        '[...document.querySelectorAll("#matrix tbody tr")]'
        ".filter((row) => row.getClientRects().length > 0).length"
    )
    everything = int(report_from_frame(browsed_site, "index.html", 390, drawn))
    filtered = int(report_from_frame(browsed_site, "index.html", 390, drawn, query="?filter=finasteride"))
    assert everything > 20 and filtered == 1
