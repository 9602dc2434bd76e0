"""`make lab` in a real browser: lesson 00 opens, and its header and footer links open through the UI.

Fault 1 of issue 12: `make lab` served `notebooks/` as the root, so the footer link
``../exercises/00_start_here.ipynb`` was dead and the file browser showed no exercises. This test
starts the very command `make lab` runs (``valueloops.lab.lab_command``) on a throw-away copy of
the repository's folders (nothing in the repository is written), opens its default page in
Chromium, and checks: lesson 00 is open; ``exercises``, ``solutions`` and ``datasets`` are in the
file browser; clicking the header's link to lesson 01 opens ``notebooks/01_flywheel.ipynb``;
clicking the footer's link to the exercises opens ``exercises/00_start_here.ipynb``.

Run: ``.venv/bin/python -m pytest tests/browser -k lab_links``.
"""

from __future__ import annotations


import pytest

from valueloops.paths import START_NOTEBOOK

from .conftest import _require_browser, running_lab_server

TIMEOUT = 60_000  # ms

_OPEN_PATHS = """() => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return [];
  return [...app.shell.widgets('main')].filter(w => w.context).map(w => w.context.path);
}"""

_CURRENT_PATH = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return w && w.context ? w.context.path : null;
}"""


@pytest.fixture(scope="module")
def make_lab(request):
    """JupyterLab started with `make lab`'s command line on a copy of the repository root (the
    browser suite's own server: see conftest.running_lab_server)."""
    _require_browser(request.config)
    with running_lab_server() as server:
        yield server.base_url, server.token


def _wait_open(page, path: str) -> None:
    try:
        page.wait_for_function(f"() => ({_OPEN_PATHS})().includes({path!r})", timeout=TIMEOUT)
    except Exception:
        raise AssertionError(f"{path} did not open; url {page.url}; open: {page.evaluate(_OPEN_PATHS)}") from None
    page.wait_for_function(f"() => ({_CURRENT_PATH})() === {path!r}", timeout=TIMEOUT)


def _link(page, path: str, text: str):
    """The link with ``text`` in the rendered Markdown of the open notebook ``path``."""
    panel = page.locator(f".jp-NotebookPanel:has(.jp-Notebook):visible")
    link = panel.locator(".jp-RenderedMarkdown a", has_text=text).first
    link.wait_for(state="visible", timeout=TIMEOUT)
    return link


def test_lab_links_header_and_footer_open_through_the_ui(make_lab, chromium):
    base, token = make_lab
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/?token={token}", timeout=TIMEOUT)  # make lab's default page
        page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)",
                               timeout=TIMEOUT)
        _wait_open(page, START_NOTEBOOK)

        # the file browser (opened in notebooks/) reaches the course's folders from its root
        page.locator(".jp-BreadCrumbs-home").first.click(timeout=TIMEOUT)
        page.wait_for_function("""() => {
          const names = [...document.querySelectorAll('.jp-DirListing-itemText')].map(e => e.textContent);
          return ['exercises', 'solutions', 'datasets', 'notebooks'].every(n => names.includes(n));
        }""", timeout=TIMEOUT)

        # header: the link to lesson 01
        _link(page, START_NOTEBOOK, "01 The flywheel").click()
        _wait_open(page, "notebooks/01_flywheel.ipynb")

        # footer of lesson 00: the link to its exercises (one folder up, into exercises/)
        page.evaluate("""() => {
          const app = window.jupyterapp;
          const w = [...app.shell.widgets('main')].find(w => w.context && w.context.path === 'notebooks/00_start_here.ipynb');
          app.shell.activateById(w.id);
        }""")
        _wait_open(page, START_NOTEBOOK)
        footer = _link(page, START_NOTEBOOK, "exercises/00_start_here.ipynb")
        footer.scroll_into_view_if_needed()
        footer.click()
        _wait_open(page, "exercises/00_start_here.ipynb")

        # the course's JupyterLab defaults (valueloops.lab.write_lab_settings): no pop-up asking
        # to fetch Jupyter's news over the lesson
        notification = page.evaluate("""async (token) => {
          const r = await fetch('/lab/api/settings/@jupyterlab/apputils-extension:notification?token=' + token);
          const body = await r.json();
          return body.schema.properties.fetchNews.default;
        }""", token)
        assert notification == "false", notification   # the default this server gives the page
        assert page.get_by_text("official Jupyter news").count() == 0
    finally:
        page.close()
