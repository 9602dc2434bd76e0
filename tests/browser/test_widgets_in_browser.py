"""Every lesson's widgets in a real JupyterLab (issue 7): run all, widgets render, sliders redraw.

For each lecture notebook in ``notebooks/`` and each solution notebook in ``solutions/`` (found by
glob, so new lessons are picked up): open it in JupyterLab, run all cells, wait for the kernel, and
check with :func:`check_notebook`:

* no error in any cell (an ``error`` output, or a traceback on stderr, also inside Output widgets);
* every widget rendered (no "Loading widget..." after a bounded wait, no "Error displaying widget");
* in every cell with a slider: ArrowRight (ArrowLeft at the top) on its first slider's handle
  changes the chart image within 2 s; a value typed far above the range into the readout is
  clamped to the maximum (or the chart shows its message); no error appears.

The faults in ``fixtures/`` prove the same check fails: a widget callback that raises after a
slider move, and a cell that raises. A screenshot of each notebook after its slider moves is
written to ``screenshots/``. Run: ``python -m pytest tests/browser -q``.
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import ROOT, RUN_LOG, SCREENSHOTS, LabServer

LECTURES = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
# If the full set ever gets too slow, set this to False: solutions are then only checked for
# "no error output and every widget rendered" (lectures always get the slider checks too).
MOVE_SLIDERS_IN_SOLUTIONS = True
# The suite must stay under 10 minutes: past this many seconds of notebook checks, solutions get
# only the light check (no errors, widgets rendered), with a note in the summary.
LIGHT_SOLUTIONS_AFTER = 420.0
_ELAPSED = [0.0]

PAGE_LOAD_TIMEOUT = 60_000  # ms: page, app and kernel ready
RUN_ALL_TIMEOUT = 150_000  # ms: all cells of one notebook
WIDGET_LOAD_TIMEOUT = 30_000  # ms: "Loading widget..." gone
REDRAW_TIMEOUT = 2_000  # ms: a slider move shows a new chart
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

_FIND_PANEL = """
window.__vlPanel = (path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content) return w;
  }
  return null;
};
"""

_KERNEL_READY = """(path) => {
  const w = window.__vlPanel && window.__vlPanel(path);
  if (!w || !w.context.isReady) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""

_RUN_ALL = """async ([path, timeoutMs]) => {
  const app = window.jupyterapp;
  const w = window.__vlPanel(path);
  app.shell.activateById(w.id);
  await new Promise(r => setTimeout(r, 100));
  const run = app.commands.execute('notebook:run-all-cells').then(() => 'done', e => 'failed: ' + e);
  const timer = new Promise(r => setTimeout(() => r('timeout'), timeoutMs));
  return await Promise.race([run, timer]);
}"""

_KERNEL_IDLE = """(path) => {
  const w = window.__vlPanel(path);
  const kernel = w && w.sessionContext.session && w.sessionContext.session.kernel;
  const busy = [...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'));
  return !!kernel && kernel.status === 'idle' && !busy;
}"""

# Top-level outputs of widget views (the widget renderer's node has no data-mime-type; the
# "Loading widget..." and "Error displaying widget" placeholders carry the jupyter-widgets class
# too, so they are told apart by their text).
_WIDGET_OUTPUTS = """node => [...node.querySelectorAll('.jp-OutputArea-output')]
  .filter(o => !o.parentElement.closest('.jupyter-widgets'))
  .filter(o => o.querySelector(':scope > .jupyter-widgets') || /Loading widget\\.\\.\\.|Error displaying widget/.test(o.textContent.slice(0, 300)))"""

_WIDGETS_LOADED = f"""() => !({_WIDGET_OUTPUTS})(document).some(
  o => o.textContent.slice(0, 300).includes('Loading widget...'))"""

# One entry per cell: its index, tags, error outputs (model), stderr tracebacks (page, including
# those inside Output widgets), widget views expected (model) and rendered (page).
_SCAN = f"""(path) => {{
  const w = window.__vlPanel(path);
  const widgetOutputs = {_WIDGET_OUTPUTS};
  const isTraceback = t => /Traceback \\(most recent call last\\)|\\b\\w*(Error|Exception)\\b(:|\\s{{2,}})/.test(t);
  return w.content.widgets.map((cell, i) => {{
    const model = cell.model;
    const node = cell.node;
    const errors = [];
    let expected = 0;
    let figureText = 0;
    if (model.type === 'code') {{
      for (const out of model.outputs.toJSON()) {{
        if (out.output_type === 'error') errors.push(`${{out.ename}}: ${{out.evalue}}`);
        const data = out.data || {{}};
        if (data['{WIDGET_MIME}']) expected += 1;
        const text = [].concat(data['text/plain'] || []).join('');
        if (/^<Figure size .* with \\d+ Axes>$/.test(text.trim()) && !data['image/png'] && !data['image/svg+xml']) figureText += 1;
      }}
    }}
    const stderr = [...node.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
      .map(o => o.textContent).filter(isTraceback)
      .map(t => t.trim().split('\\n').filter(l => l.trim()).slice(-1)[0] || t.slice(0, 200));
    const views = widgetOutputs(node);
    const head = o => o.textContent.slice(0, 300);
    return {{
      index: i, type: model.type, tags: model.getMetadata('tags') || [],
      source: model.sharedModel.getSource().slice(0, 80),
      errors, stderr, expected, figureText,
      widgets: views.filter(o => !/Loading widget\\.\\.\\.|Error displaying widget/.test(head(o))).length,
      widgetErrors: views.filter(o => head(o).includes('Error displaying widget'))
        .map(o => head(o).trim().slice(0, 200)),
      loading: views.filter(o => head(o).includes('Loading widget...')).length,
      sliders: node.querySelectorAll('.widget-slider').length,
    }};
  }});
}}"""


@dataclass
class NotebookReport:
    """What :func:`check_notebook` saw; ``problems`` empty means the notebook passed."""

    relpath: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    widgets: int = 0
    interactive_cells: int = 0
    sliders_moved: int = 0
    seconds: float = 0.0


def _number(text: str | None) -> float:
    try:
        return float((text or "").replace(",", "").replace("\u2212", "-").strip())
    except ValueError:
        return math.nan


def _scan(page, relpath: str) -> list[dict]:
    return page.evaluate(_SCAN, relpath)


def _cell_problems(cells: list[dict], when: str) -> list[str]:
    problems = []
    for cell in cells:
        where = f"cell {cell['index']} ({cell['source'].splitlines()[0] if cell['source'] else ''!r})"
        expected = "raises-exception" in cell["tags"]
        for error in cell["errors"]:
            if not expected:
                problems.append(f"{where}: error output {when}: {error}")
        if not cell["errors"]:
            for line in cell["stderr"]:
                problems.append(f"{where}: traceback shown {when}: {line}")
        for text in cell["widgetErrors"]:
            problems.append(f"{where}: widget not displayed {when}: {text}")
    return problems


def _move_first_slider(page, cell, report: NotebookReport, where: str) -> None:
    """ArrowRight/Left on the first slider: the chart image must change within 2 s."""
    slider = cell.locator(".widget-slider").first
    handle = slider.locator(".noUi-handle").first
    readout = slider.locator(".widget-readout").first
    box = slider.locator("xpath=ancestor::div[.//img][1]")
    if box.count() == 0:
        report.problems.append(f"{where}: no chart image beside the slider")
        return
    image = box.locator("img").first
    message_js = """b => [...b.querySelectorAll('.widget-html, .vl-message')].some(
        h => h.textContent.includes('No chart for these values'))"""
    box_handle = box.element_handle()
    image_handle = image.element_handle()
    before = image.get_attribute("src")
    now, top = _number(handle.get_attribute("aria-valuenow")), _number(handle.get_attribute("aria-valuemax"))
    key = "ArrowLeft" if now >= top else "ArrowRight"
    value_before = readout.text_content()
    # the course's player puts each frame's own <img> in the page: look the picture up again
    changed_js = (f"([img, box, before]) => (box.querySelector('img.vl-frame') || img).src !== before "
                  f"|| ({message_js})(box)")
    # One step can leave the picture identical (e.g. a cap that does not bind yet): the kernel then
    # sends no new image. So if one arrow step shows nothing new, jump to the far end (Home/End).
    far = "Home" if key == "ArrowLeft" else "End"
    for attempt in (key, far):
        handle.press(attempt)
        try:
            page.wait_for_function(changed_js, arg=[image_handle, box_handle, before],
                                   timeout=REDRAW_TIMEOUT)
        except Exception:  # playwright TimeoutError: try the bigger move, then report
            continue
        report.sliders_moved += 1
        if attempt != key:
            report.notes.append(f"{where}: one {key} step left the chart identical; {far} changed it")
        if image.get_attribute("src") == before:
            report.notes.append(f"{where}: after {attempt} the chart shows its no-answer message")
        break
    else:
        report.problems.append(
            f"{where}: neither {key} nor {far} on the first slider (readout {value_before!r} -> "
            f"{readout.text_content()!r}) changed the chart within {REDRAW_TIMEOUT} ms")

    # A value far above the range, typed into the readout: clamped to the maximum, or a message.
    low = _number(handle.get_attribute("aria-valuemin"))
    top = _number(handle.get_attribute("aria-valuemax"))
    if math.isnan(top) or math.isnan(low):
        report.problems.append(f"{where}: the slider has no aria-valuemin/max")
        return
    typed = top + 10 * (top - low) + 7
    typed_text = str(int(typed)) if float(typed).is_integer() else f"{typed:g}"
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(typed_text)
    page.keyboard.press("Enter")
    tolerance = max(1e-9, abs(top) * 1e-6) + 10 ** -6
    try:
        page.wait_for_function(
            f"""([ro, box, top, tol]) => {{
                const v = parseFloat(ro.textContent.replace(/,/g, '').replace('\\u2212', '-'));
                return Math.abs(v - top) <= Math.max(tol, Math.abs(top) * 1e-3) || ({message_js})(box);
            }}""",
            arg=[readout.element_handle(), box_handle, top, tolerance], timeout=REDRAW_TIMEOUT)
    except Exception:
        report.problems.append(
            f"{where}: typing {typed_text} (max {top:g}) into the readout left "
            f"{readout.text_content()!r}: neither clamped to the maximum nor a message")
    page.wait_for_timeout(300)  # let the last redraw land before the error scan


def open_and_run_all(page, server: LabServer, relpath: str) -> str:
    """Open ``relpath`` in JupyterLab (a fresh workspace), wait for its kernel, run all cells:
    "done", or what went wrong ("failed: ...", "timeout"). Also used by ``bench/browser.py``."""
    page.goto(server.lab_url(relpath, f"t{uuid.uuid4().hex[:10]}"),
              wait_until="domcontentloaded", timeout=PAGE_LOAD_TIMEOUT)
    page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)",
                           timeout=PAGE_LOAD_TIMEOUT)
    page.evaluate(_FIND_PANEL)
    page.wait_for_function(_KERNEL_READY, arg=relpath, timeout=PAGE_LOAD_TIMEOUT)
    return page.evaluate(_RUN_ALL, [relpath, RUN_ALL_TIMEOUT])


def check_notebook(browser, server: LabServer, relpath: str, move_sliders: bool = True,
                   screenshot: Path | None = None) -> NotebookReport:
    """Open ``relpath`` (relative to the served root) in JupyterLab, run all, check it.

    Returns a report whose ``problems`` list is empty when the notebook passes; the kernel is shut
    down and the page closed whatever happens.
    """
    report = NotebookReport(relpath)
    start = time.monotonic()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    try:
        outcome = open_and_run_all(page, server, relpath)
        if outcome != "done":
            report.problems.append(f"run all cells: {outcome} (bound {RUN_ALL_TIMEOUT / 1000:.0f} s)")
        page.wait_for_function(_KERNEL_IDLE, arg=relpath, timeout=RUN_ALL_TIMEOUT)
        try:
            page.wait_for_function(_WIDGETS_LOADED, timeout=WIDGET_LOAD_TIMEOUT)
        except Exception:
            pass  # counted below as "still loading"
        cells = _scan(page, relpath)
        report.widgets = sum(c["widgets"] for c in cells)
        report.problems += _cell_problems(cells, "after run all")
        for c in cells:
            if c["widgets"] + len(c["widgetErrors"]) + c["loading"] < c["expected"]:
                report.problems.append(f"cell {c['index']}: {c['expected']} widget(s) in the output, "
                                       f"only {c['widgets']} shown")
            if c["figureText"]:
                report.notes.append(f"cell {c['index']}: shows only '<Figure size ...>' text, no "
                                    f"image (a Figure returned without an image representation)")
            if c["loading"]:
                report.problems.append(f"cell {c['index']}: {c['loading']} widget(s) still "
                                       f"'Loading widget...' after {WIDGET_LOAD_TIMEOUT / 1000:.0f} s")
        interactive = [c for c in cells if c["sliders"]]
        report.interactive_cells = len(interactive)
        if move_sliders and not report.problems:
            all_cells = page.locator(".jp-Notebook .jp-Cell")
            last = None
            for c in interactive:
                cell = all_cells.nth(c["index"])
                cell.scroll_into_view_if_needed()
                _move_first_slider(page, cell, report, f"cell {c['index']}")
                last = cell
            page.wait_for_function(_KERNEL_IDLE, arg=relpath, timeout=RUN_ALL_TIMEOUT)
            report.problems += _cell_problems(_scan(page, relpath), "after the slider moves")
            if last is not None:
                last.scroll_into_view_if_needed()
        if page_errors:
            report.notes += [f"page error: {e[:200]}" for e in page_errors]
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
    finally:
        page.close()
        server.shutdown_kernels()
        report.seconds = time.monotonic() - start
    return report


def _record(report: NotebookReport) -> None:
    RUN_LOG[report.relpath] = {"seconds": report.seconds, "widgets": report.widgets,
                               "sliders_moved": report.sliders_moved, "problems": report.problems,
                               "notes": report.notes}


def _shot(relpath: str) -> Path:
    return SCREENSHOTS / (relpath.replace("/", "-").removesuffix(".ipynb") + ".png")


CASES = ([pytest.param(f"notebooks/{p.name}", True, id=f"notebooks/{p.stem}") for p in LECTURES]
         + [pytest.param(f"solutions/{p.name}", MOVE_SLIDERS_IN_SOLUTIONS, id=f"solutions/{p.stem}")
            for p in SOLUTIONS])


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("relpath", "move_sliders"), CASES)
def test_notebook_in_jupyterlab(lab_server, browser, relpath, move_sliders):
    light = relpath.startswith("solutions/") and _ELAPSED[0] > LIGHT_SOLUTIONS_AFTER
    report = check_notebook(browser, lab_server, relpath, move_sliders and not light,
                            screenshot=_shot(relpath))
    _ELAPSED[0] += report.seconds
    if light and report.interactive_cells:
        report.notes.append(f"time budget: sliders not moved ({_ELAPSED[0]:.0f} s spent)")
        move_sliders = False
    _record(report)
    assert not report.problems, f"{relpath}:\n  " + "\n  ".join(report.problems)
    if move_sliders:
        assert report.sliders_moved == report.interactive_cells


FAULTS = [
    # the fault is the fixture's second `update`: after the slider move, or already after run all
    # when the widget calls update a second time before any move (seen in 2 of 4 CI runs)
    pytest.param("fixtures/widget_callback_raises.ipynb",
                 ("after the slider moves", "RuntimeError: fault fixture: update failed"),
                 id="widget-callback-raises"),
    pytest.param("fixtures/cell_raises.ipynb", ("error output after run all",), id="cell-raises"),
]


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("relpath", "expected"), FAULTS)
def test_check_detects_fault(lab_server, browser, relpath, expected):
    report = check_notebook(browser, lab_server, relpath, move_sliders=True)
    _record(report)
    assert report.problems, f"the check missed the fault in {relpath}"
    assert any(words in p for p in report.problems for words in expected), report.problems
