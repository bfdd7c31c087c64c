"""report.html in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright),
opened from disk with every network request blocked: it renders without errors, the map shows
one marker per placed event, and a summary citation scrolls to and highlights the cited words.

Skips (with the reason) when Chromium or the playwright package is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT
from newsfuse.render import to_dict, write_report
from test_render import build_full_report

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "out" / "test-artifacts"

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module: a second sync_playwright() while the first is open fails."""
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _open_offline(browser, html: Path):
    """A page on `html` in a fresh offline context; returns (page, console errors, blocked requests)."""
    errors: list[str] = []
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)

    def route(r):  # every request that is not the file itself is an error
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.as_uri(), wait_until="load")
    return page, errors, blocked


@pytest.fixture(scope="module")
def page_on_report(browser, tmp_path_factory: pytest.TempPathFactory):
    """The full test report opened from disk in Chromium; yields (page, doc, console errors, blocked requests)."""
    out = tmp_path_factory.mktemp("browser")
    report = build_full_report()
    html = write_report(report, out)[2]
    page, errors, blocked = _open_offline(browser, html)
    yield page, to_dict(report), errors, blocked, out
    page.context.close()


def test_page_loads_offline_without_errors_or_requests(page_on_report):
    page, doc, errors, blocked, _ = page_on_report
    assert page.title().startswith("newsfuse report")
    assert errors == []
    assert blocked == []
    sections = page.eval_on_selector_all("section[data-section]", "els => els.map(e => e.dataset.section)")
    assert sections[:4] == ["changes", "summary", "timeline", "map"]


def test_map_shows_one_marker_per_placed_event(page_on_report):
    page, doc, _, _, _ = page_on_report
    events = page.locator("svg.map circle.mk-event")
    assert events.count() == len([v for v in doc["events"] if v["location"]]) == 2
    titles = sorted(events.locator("title").all_text_contents())
    assert any(t.startswith("Battles") and "Herat" in t and "2021-08-12" in t for t in titles), titles
    assert any("Kandahar" in t and "2021-08-13" in t for t in titles), titles
    assert page.locator("svg.map circle.mk-place").count() == 2
    # markers sit inside the drawn map, west (Herat) of east (Kandahar)
    box = page.locator("svg.map").bounding_box()
    pos = {page.evaluate("el => el.dataset.ref", c.element_handle()): c.bounding_box() for c in events.all()}
    for b in pos.values():
        assert box["x"] <= b["x"] <= box["x"] + box["width"] and box["y"] <= b["y"] <= box["y"] + box["height"]
    assert pos["v-herat"]["x"] < pos["v-kandahar"]["x"] and pos["v-herat"]["y"] < pos["v-kandahar"]["y"]


_HIGHLIGHT_JS = "() => Array.from(document.querySelectorAll('mark.nf-hl, .nf-target')).map(e => e.textContent).join('')"


def _assert_highlighted(page, expected: str) -> None:
    """The marked words become `expected` (the page highlights on its hashchange handler, a moment
    after the click changed the address), else fails showing what is marked."""
    try:
        page.wait_for_function(f"t => ({_HIGHLIGHT_JS})() === t", arg=expected, timeout=5000)
    except sync_api.TimeoutError:
        pass
    assert page.evaluate(_HIGHLIGHT_JS) == expected


def _click_citation(page, cite, texts: dict[str, str]) -> None:
    """Click a citation link (href "#<article>-<start>-<end>"): the address follows, the cited words
    are highlighted, and the highlight is in view."""
    href = cite.get_attribute("href")
    art, start, end = href[1:].rsplit("-", 2)
    cite.scroll_into_view_if_needed()
    cite.click()
    page.wait_for_function("h => location.hash === h", arg=href)
    _assert_highlighted(page, texts[art][int(start):int(end)])
    sync_api.expect(page.locator("mark.nf-hl, .nf-target").first).to_be_in_viewport()


def test_clicking_a_summary_citation_highlights_the_cited_words_in_view(page_on_report, tmp_path):
    page, doc, errors, _, _ = page_on_report
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    for i, cite in enumerate(page.locator(".summary a.cite").all()):
        _click_citation(page, cite, texts)
        assert page.locator("#nf-back").is_visible()
        if i == 1:
            break
    shot = page.screenshot(full_page=False)
    (tmp_path / "report.png").write_bytes(shot)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report.png").write_bytes(shot)
    assert errors == []


def test_clicking_a_statement_in_the_text_highlights_it(page_on_report):
    page, doc, errors, _, _ = page_on_report
    claim = next(c for c in doc["claims"] if c["id"] == "c-5000")
    p = claim["mentions"][0]
    span = page.locator(f"span.st[data-r^='{p['start']}-{p['end']}']").first
    span.scroll_into_view_if_needed()
    span.click()
    page.wait_for_function("h => location.hash === h", arg=f"#{p['article']}-{p['start']}-{p['end']}")
    _assert_highlighted(page, claim["text"])
    # the back button returns to the page's top area it was clicked from (the matrix link)
    page.locator("#claim-c-3000 td.cell.supports a").first.click()
    _assert_highlighted(page, next(c for c in doc["claims"] if c["id"] == "c-3000")["text"])
    page.locator("#nf-back").click()
    sync_api.expect(page.locator("#claim-c-3000")).to_be_in_viewport()
    assert errors == []


def test_full_page_screenshot_is_kept(page_on_report):
    page, _, _, _, out = page_on_report
    page.evaluate("() => { location.hash = ''; window.scrollTo(0, 0); }")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(full_page=True)
    (out / "report-full.png").write_bytes(shot)
    (ARTIFACTS / "report-full.png").write_bytes(shot)
    assert len(shot) > 10_000
    shutil.copy(out / "report.html", ARTIFACTS / "report.html")


# -- the real thing: the seeds' report as `newsfuse run` writes it -------------------------------


@pytest.fixture(scope="module")
def seeds_page(browser, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """report.html of the five Kabul seeds, built by newsfuse.api.run into a fresh store and opened
    offline; yields (page, doc, console errors, blocked requests)."""
    from dataclasses import replace as _replace

    from newsfuse.api import run
    from newsfuse.settings import Settings

    work = tmp_path_factory.mktemp("seeds-browser")
    result = run([seeds_dir], work / "out", _replace(Settings(), store=work / "store.db", progress=False))
    doc = to_dict(result.report)
    page, errors, blocked = _open_offline(browser, work / "out" / "report.html")
    yield page, doc, errors, blocked
    page.context.close()


def test_seeds_report_maps_the_fallen_capitals_where_they_are(seeds_page):
    page, doc, errors, blocked = seeds_page
    assert errors == [] and blocked == []
    markers = page.locator("svg.map circle.mk-event")
    # each marker is the event its data-ref names; keyed by the event's place (not by words of its
    # title, which also names actors such as "Ghazni's governor")
    place_of = {v["id"]: unicodedata.normalize("NFKD", v["location"]["name"]).encode("ascii", "ignore").decode()
                for v in doc["events"] if v["location"]}
    pos: dict[str, dict] = {}
    for c in markers.all():
        place = place_of[c.get_attribute("data-ref")]
        for name in ("Herat", "Kandahar", "Ghazni", "Lashkar", "Qala"):
            if place.startswith(name):
                pos.setdefault(name, c.bounding_box())
    assert {"Herat", "Kandahar", "Ghazni", "Lashkar", "Qala"} <= set(pos), sorted(pos)
    # west to east: Herat and Qala-i-Naw, then Lashkar Gah, Kandahar, then Ghazni; Qala-i-Naw north of Herat
    x = {k: b["x"] + b["width"] / 2 for k, b in pos.items()}
    y = {k: b["y"] + b["height"] / 2 for k, b in pos.items()}
    assert x["Herat"] < x["Lashkar"] < x["Kandahar"] < x["Ghazni"], x
    assert y["Qala"] < y["Herat"] and y["Ghazni"] < y["Kandahar"], y


def test_seeds_summary_citation_shows_the_cited_sentence_in_its_article(seeds_page):
    page, doc, errors, _ = seeds_page
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    cites = page.locator(".summary a.cite")
    assert cites.count() == sum(len(s["citations"]) for s in doc["summary"])
    _click_citation(page, cites.nth(cites.count() - 1), texts)  # a disagreement's second side, far down the page
    page.evaluate("() => { location.hash = ''; window.scrollTo(0, 0); }")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "seeds-report.png").write_bytes(page.screenshot(full_page=False))
    (ARTIFACTS / "seeds-report-full.png").write_bytes(page.screenshot(full_page=True))
    assert errors == []


def test_a_tables_header_inside_a_horizontal_scroller_sits_above_its_rows(seeds_page):
    """The source-by-claim matrix scrolls sideways; its header must stay on top of its first row (a
    header made sticky below the page's top bar was pushed down over the rows inside the scroller)."""
    page, _, _, _ = seeds_page
    page.evaluate("window.scrollTo(0, 0)")
    for table in page.locator(".scroll table").all():
        head = table.locator("thead th").first.bounding_box()
        first = table.locator("tbody tr").first.bounding_box()
        assert head is not None and first is not None
        assert head["y"] + head["height"] <= first["y"] + 1, (head, first)
