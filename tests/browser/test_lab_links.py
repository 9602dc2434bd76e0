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

import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from valueloops.lab import start_server
from valueloops.paths import START_NOTEBOOK

from .conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, _free_port, _require_browser, _stop, _write_settings

COPIED = ("notebooks", "exercises", "solutions", "datasets")
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
    """JupyterLab started with `make lab`'s command line on a copy of the repository root."""
    _require_browser(request.config)
    tmp = Path(tempfile.mkdtemp(prefix="valueloops-lablinks-"))
    root = tmp / "root"
    for folder in COPIED:
        shutil.copytree(ROOT / folder, root / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copyfile(ROOT / "README.md", root / "README.md")
    dirs = {name: tmp / name for name in ("settings", "workspaces", "runtime", "config", "data",
                                         "checkpoints")}
    for path in dirs.values():
        path.mkdir()
    _write_settings(dirs["settings"])
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_PORT=str(port), JUPYTER_TOKEN=token,
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), JUPYTER_CONFIG_DIR=str(dirs["config"]),
               JUPYTER_DATA_DIR=str(dirs["data"]), JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]))
    env.pop("MPLBACKEND", None)
    process, base = start_server(root, env, tmp / "lab.log", [
        f"--LabApp.user_settings_dir={dirs['settings']}", f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
        "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--FileContentsManager.checkpoints_kwargs=root_dir={dirs['checkpoints']}",
        "--ServerApp.terminals_enabled=False"])
    try:
        yield base, token
    finally:
        _stop(process)
        shutil.rmtree(tmp, ignore_errors=True)


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


def test_lab_links_header_and_footer_open_through_the_ui(make_lab):
    from playwright.sync_api import sync_playwright

    base, token = make_lab
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS, timeout=TIMEOUT)
        try:
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
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
        finally:
            chromium.close()
