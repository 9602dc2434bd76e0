"""The course website (issue 25) in headless Chromium, served by a local static server.

Every page: no console error, no failed request, every picture drawn; the whole site's links
(``valueloops.site.broken_links``); every interactive: a step of its first slider changes the
picture within one animation frame with no kernel (no request leaves the static server, no
WebSocket); search finds a lesson-07 term; a setting outside an atlas says that it needs the live
notebook and shows no picture. Screenshots of home, lesson 06 with a slider moved and a dataset
page go to ``screenshots/``. The site is built first when ``_site/`` has none
(``python3 start.py site``).
"""

from __future__ import annotations

import functools
import http.server
import json
import statistics
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from valueloops import site

from .conftest import SCREENSHOTS

LESSON_07_TERM = "annuity"
"""A word of lecture 07 that search must find (checked below to be in that page)."""

STEP_JS = """(el) => { el.__vlStep = new Promise((resolve) => {
  const input = el.querySelector("input.vl-range");
  const before = el.querySelector("img.vl-frame");
  const src = before.src;
  input.addEventListener("input", () => {
    const t0 = performance.now();
    requestAnimationFrame(() => {
      const img = el.querySelector("img.vl-frame");
      resolve({changed: img.src !== src && img.style.display !== "none",
               drawn: img.complete && img.naturalWidth > 0, ms: performance.now() - t0,
               alt: img.alt, summary: el.querySelector(".vl-player .vl-summary").textContent,
               key: el.__vlPlayer.state.shown});
    });
  }, {once: true});
}); }"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # noqa: D401 - no log lines in the test output
        pass


@pytest.fixture(scope="module")
def built() -> Path:
    """The built site (built now if ``_site/`` has no home page)."""
    pytest.importorskip("myst_nb", reason="the website's packages are not installed (python3 start.py site "
                        "installs requirements-site.txt): site tests SKIPPED")
    if not (site.SITE / "index.html").exists():
        assert site.build() == 0, "the site did not build (see its messages above)"
    return site.SITE


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    """``python -m http.server -d _site`` in a thread, on a free port of 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(built))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Watched:
    """A page with what went wrong on it: console errors, page errors, failed or foreign
    requests, WebSockets."""

    def __init__(self, chromium, base: str) -> None:
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.base = base
        self.problems: list[str] = []
        self.path = ""
        page = self.page
        page.on("console", lambda m: m.type == "error" and self.note(f"console: {m.text} {m.location}"))
        page.on("pageerror", lambda e: self.note(f"page error: {e}"))
        # a request cut short by the next navigation (the icon of a page left at once) is no fault
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                and self.note(f"failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.note(f"HTTP {r.status}: {r.url}"))
        page.on("request", lambda r: not r.url.startswith((base, "data:", "blob:"))
                and self.note(f"request to another host: {r.url}"))
        page.on("websocket", lambda w: self.note(f"websocket: {w.url}"))

    def note(self, problem: str) -> None:
        self.problems.append(f"{self.path}: {problem}")

    def open(self, path: str) -> None:
        self.path = path
        self.page.goto(self.base + path, wait_until="load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def watched(chromium, server: str) -> Iterator[Watched]:
    w = Watched(chromium, server)
    yield w
    w.close()


def pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def test_link_check_of_the_whole_site(built: Path) -> None:
    assert site.broken_links(built) == []
    assert site.check_site(built) == []


@pytest.mark.timeout(900)
def test_every_page_loads_clean(built: Path, watched: Watched) -> None:
    undrawn = {}
    for path in pages(built):
        watched.open(path)
        bad = watched.page.evaluate(
            "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        if bad:
            undrawn[path] = bad
    assert not watched.problems, "\n".join(watched.problems[:30])
    assert not undrawn, undrawn


def charts_on(watched: Watched, path: str) -> list:
    watched.open(path)
    return watched.page.locator(".vl-atlas").all()


def ready(watched: Watched, chart) -> None:
    """Scroll to the chart (its atlas loads near the viewport); wait until the player has it and
    has decoded the pictures around the setting shown."""
    chart.scroll_into_view_if_needed()
    chart.evaluate("""(el) => new Promise((resolve, reject) => {
      const t0 = performance.now();
      (function poll() {
        const p = el.__vlPlayer;
        const warm = p && p.state.shown !== null && [...p.cache.frames.values()].some((f) => f.image && f.key !== p.state.shown);
        if (warm) return resolve();
        if (performance.now() - t0 > 15000) return reject(new Error("atlas not ready: " + el.dataset.atlas));
        setTimeout(poll, 20);
      })();
    })""")
    watched.page.wait_for_timeout(300)  # idle time: the neighbours' pictures decode


def step_first_slider(watched: Watched, chart) -> dict:
    """Press an arrow key on the chart's first slider; what the next animation frame showed."""
    chart.evaluate(STEP_JS)
    slider = chart.locator("input.vl-range").first
    at_max = slider.evaluate("(i) => Number(i.value) + Number(i.step) > Number(i.max) + 1e-9")
    slider.focus()
    watched.page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    return chart.evaluate("(el) => el.__vlStep")


@pytest.mark.timeout(900)
def test_every_interactive_steps_within_one_frame(built: Path, watched: Watched) -> None:
    results = {}
    for path in pages(built / "notebooks"):
        for i, chart in enumerate(charts_on(watched, f"notebooks/{path}")):
            ready(watched, chart)
            got = step_first_slider(watched, chart)
            results[f"{path}#{i}"] = got
            assert got["changed"] and got["drawn"], (path, i, got)
            assert got["alt"] == got["summary"] and got["summary"], (path, i, got)
    assert len(results) == len(site.atlases.course_interactives(site.NOTEBOOKS)) > 0
    ms = [r["ms"] for r in results.values()]
    timing = {"charts": len(ms), "median_ms": round(statistics.median(ms), 1), "max_ms": round(max(ms), 1)}
    out = site.ROOT / "results" / "tmp"
    out.mkdir(parents=True, exist_ok=True)
    (out / "site_frame_steps.json").write_text(json.dumps({"timing": timing, "charts": results}, indent=1),
                                               encoding="utf-8")
    print(f"site: a slider step on {timing['charts']} charts: picture drawn at the next animation "
          f"frame, {timing['median_ms']} ms after the step (median), {timing['max_ms']} ms at most")
    assert not watched.problems, "\n".join(watched.problems[:30])


def test_search_finds_a_lesson_07_term(built: Path, watched: Watched) -> None:
    assert LESSON_07_TERM in (built / "notebooks" / "07_capex_to_opex.html").read_text(encoding="utf-8")
    watched.open(f"search.html?q={LESSON_07_TERM}")
    hit = watched.page.locator("#search-results a[href*='07_capex_to_opex']").first
    hit.wait_for(timeout=15000)
    assert not watched.problems, "\n".join(watched.problems)


def test_out_of_atlas_setting_says_it_needs_the_live_notebook(built: Path, watched: Watched) -> None:
    chart = charts_on(watched, "notebooks/06_pooling.html")[0]
    ready(watched, chart)
    sliders = chart.locator("input.vl-range")
    assert sliders.count() >= 3
    for k in (1, 0):  # off the start on two sliders at once: outside the atlas's lines
        sliders.nth(k).focus()
        watched.page.keyboard.press("ArrowRight")
    message = chart.locator(".vl-message")
    assert "needs the live notebook" in message.inner_text()
    assert "\n" not in message.inner_text().strip()
    link = message.locator("a")
    assert link.get_attribute("href").startswith("https://mybinder.org/")
    assert chart.locator("img.vl-frame").evaluate("(i) => getComputedStyle(i).display") == "none"
    watched.page.keyboard.press("ArrowLeft")  # back on a line: the picture again, the message gone
    assert chart.locator(".vl-message").inner_text() == ""
    assert chart.locator("img.vl-frame").is_visible()
    assert not watched.problems, "\n".join(watched.problems)


def test_screenshots(built: Path, watched: Watched) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    watched.open("index.html")
    watched.page.screenshot(path=str(SCREENSHOTS / "site_home.png"))
    chart = charts_on(watched, "notebooks/06_pooling.html")[0]
    ready(watched, chart)
    before = chart.locator("img.vl-frame").get_attribute("src")
    slider = chart.locator("input.vl-range").first
    slider.focus()
    for _ in range(5):
        watched.page.keyboard.press("ArrowRight")
    assert chart.locator("img.vl-frame").get_attribute("src") != before
    chart.scroll_into_view_if_needed()
    watched.page.screenshot(path=str(SCREENSHOTS / "site_lesson06_slider.png"))
    watched.open("datasets/cloud_share.html")
    watched.page.screenshot(path=str(SCREENSHOTS / "site_dataset.png"))
    assert not watched.problems, "\n".join(watched.problems)


def test_every_lecture_picture_has_a_sentence_as_alt_text(built: Path) -> None:
    import re
    bad = []
    for page in sorted((built / "notebooks").glob("*.html")):
        for tag in re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            alt = re.search(r'\balt="([^"]*)"', tag)
            text = alt.group(1) if alt else ""
            if "binder-badge" not in tag and (len(text.split()) < 3 or text.endswith((".png", ".svg"))):
                bad.append(f"{page.name}: {tag[:120]}")
    assert not bad, bad


def test_first_paint_waits_for_no_atlas_and_pages_link_previous_and_next(built: Path, watched: Watched) -> None:
    asked = []
    watched.page.on("request", lambda r: "/atlas/" in r.url and asked.append(r.url.rsplit("/", 1)[-1]))
    watched.open("notebooks/06_pooling.html")  # both charts are far below the fold
    first = watched.page.locator(".vl-atlas .vl-first img").first
    assert first.evaluate("(i) => i.complete && i.naturalWidth > 0") and first.get_attribute("alt")
    assert not [name for name in asked if name.endswith((".json", ".bin"))], asked  # read only near view
    assert watched.page.locator(".prev-next-area a.left-prev").get_attribute("href") == "05_built_for_peak.html"
    assert watched.page.locator(".prev-next-area a.right-next").get_attribute("href") == "07_capex_to_opex.html"
    charts = watched.page.locator(".vl-atlas").all()
    ready(watched, charts[0])
    assert any(name.endswith(".bin") for name in asked)
    assert not watched.problems, "\n".join(watched.problems)
