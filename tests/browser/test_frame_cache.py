"""The frame cache of every interactive in a real JupyterLab (issue 24).

One generated notebook holds all 16 charts (``Chart().interact()``, found as the benchmark finds
them); it is run once with the course's player and once in a page where anywidget's front end
cannot load (its JupyterLab extension's files are refused). Per chart:

* a **cached step**: once the kernel has drawn ahead (idle), an arrow key on the first slider is
  served from the browser's cache (a hit, shown in the same frame as the key press); the frames
  drawn ahead are kept as Blobs, only the setting shown and its neighbours as decoded pictures;
* an **uncached step**: with the cache emptied, the same kind of step is drawn by the kernel;
* a value **typed past the range** into the readout is clamped to the maximum and its chart shown;
* an **invalid setting** shows its one-line message (the charts that have one on their sliders);
* the **fallback**: without the player, today's image widget redraws on a slider step.
"""

from __future__ import annotations

import functools
import math
import sys

import nbformat
import pytest

from valueloops.widgets import Slider, grid_index

from .conftest import ROOT
from .test_widgets_in_browser import (_KERNEL_IDLE, _WIDGETS_LOADED, RUN_ALL_TIMEOUT,
                                      WIDGET_LOAD_TIMEOUT, open_and_run_all)

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench.interactives import chart_name, discover_charts  # noqa: E402

CHARTS = discover_charts()
NOTEBOOK = "frame_cache.ipynb"
PREFETCH_WAIT = 15_000  # ms: the neighbours of the start setting drawn ahead
STEP_WAIT = 5_000  # ms: an uncached step drawn by the kernel

# The player of a cell (its view sets el.__vlPlayer).
_PLAYER = "cell => { const p = cell.querySelector('.vl-player'); return p && p.parentElement.__vlPlayer; }"
_SETTLED = f"""cell => {{ const pl = ({_PLAYER})(cell);
  return !!pl && pl.state.current !== null && pl.state.shown === pl.state.current; }}"""
# The key one step along slider ``j`` (right, or left at the top) and whether it is cached.
_NEIGHBOUR = f"""([cell, j]) => {{
  const pl = ({_PLAYER})(cell);
  const idx = pl.state.current.split(',').map(Number);
  const c = pl.controls[j];
  const top = Math.floor((c.max - c.min) / c.step + 0.5);
  const right = idx[j] < top;
  idx[j] += right ? 1 : -1;
  const key = idx.join(',');
  return {{key, arrow: right ? 'ArrowRight' : 'ArrowLeft', cached: pl.cache.frames.has(key)}};
}}"""


@functools.cache
def invalid_setting(cls) -> tuple[int, float] | None:
    """One slider at an end of its range (index, value) where the chart has no answer, the
    others at their defaults; None when each such setting has one."""
    chart = cls()
    return next(((j, v) for j, c in enumerate(cls.controls) for v in (c.min, c.max)
                 if _no_answer(chart, c.name, v)), None)


def _no_answer(chart, name: str, value: float) -> bool:
    try:
        chart.compute(**chart.params(**{name: value}))
    except ValueError:
        return True
    return False


def _notebook() -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell("from valueloops.style import apply_theme\napply_theme()")]
    for cls in CHARTS:
        cells.append(nbformat.v4.new_code_cell(
            f"from {cls.__module__} import {cls.__qualname__}\n{cls.__qualname__}().interact()"))
    return nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def _open(browser, server, block_player: bool):
    name = ("fallback_" if block_player else "") + NOTEBOOK
    nbformat.write(_notebook(), server.root / name)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    if block_player:  # a front end without anywidget's extension
        page.route("**/lab/extensions/anywidget/**", lambda route: route.abort())
    outcome = open_and_run_all(page, server, name)
    assert outcome == "done", f"run all cells of {name}: {outcome}"
    page.wait_for_function(_KERNEL_IDLE, arg=name, timeout=RUN_ALL_TIMEOUT)
    page.wait_for_function(_WIDGETS_LOADED, timeout=WIDGET_LOAD_TIMEOUT)
    return page, page.locator(".jp-Notebook .jp-Cell")


@pytest.fixture(scope="module")
def player_page(lab_server, browser):
    page, cells = _open(browser, lab_server, block_player=False)
    yield page, cells
    page.close()


@pytest.fixture(scope="module")
def fallback_page(lab_server, browser):
    page, cells = _open(browser, lab_server, block_player=True)
    yield page, cells
    page.close()


def _readout_number(text: str) -> float:
    return float(text.replace(",", "").replace("\u2212", "-"))


def _type(page, cell, j: int, text: str) -> None:
    readout = cell.locator(".widget-slider .widget-readout").nth(j)
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _no_errors(cell, where: str) -> None:
    text = cell.inner_text()
    assert "Traceback" not in text and "Error displaying widget" not in text, f"{where}: {text[-400:]}"


@pytest.mark.timeout(300)
@pytest.mark.parametrize("index", range(len(CHARTS)), ids=[chart_name(c) for c in CHARTS])
def test_frame_cache_in_jupyterlab(player_page, index):
    page, cells = player_page
    cls = CHARTS[index]
    cell = cells.nth(1 + index)
    cell.scroll_into_view_if_needed()
    handle = cell.element_handle()
    page.wait_for_function(_SETTLED, arg=handle, timeout=PREFETCH_WAIT)
    assert cell.locator("img.vl-frame").is_visible(), "the player is not shown"
    assert not cell.locator(".widget-image").first.is_visible(), "today's image is still shown"
    handles = cell.locator(".widget-slider .noUi-handle")

    # a cached step: wait until the kernel has drawn the neighbour ahead, then step to it
    page.wait_for_function(f"a => ({_NEIGHBOUR})(a).cached", arg=[handle, 0], timeout=PREFETCH_WAIT)
    step = page.evaluate(_NEIGHBOUR, [handle, 0])
    hits = page.evaluate(f"cell => ({_PLAYER})(cell).state.hits", handle)
    handles.nth(0).press(step["arrow"])
    state = page.evaluate(f"cell => ({_PLAYER})(cell).state", handle)
    assert state["hits"] == hits + 1 and state["current"] == step["key"] == state["shown"], state

    # frames drawn ahead stay Blobs: only the setting shown and its neighbours hold an <img>
    # (made and decoded in the page's idle time), however many frames the cache holds
    page.wait_for_timeout(400)
    held = page.evaluate(f"""cell => {{ const pl = ({_PLAYER})(cell);
        const frames = [...pl.cache.frames.values()];
        return {{frames: frames.length, images: frames.filter(f => f.image).length,
                 shown: !!(pl.cache.frames.get(pl.state.shown) || {{}}).image}}; }}""", handle)
    assert held["shown"] and held["images"] <= 1 + 2 * len(cls.controls), held

    # an uncached step: the browser's cache emptied (the kernel not told, so it does not refill
    # it), the kernel draws it; a frame drawn ahead may still land between the emptying and the
    # key press, so up to three tries
    for _ in range(3):
        page.evaluate(f"cell => ({_PLAYER})(cell).cache.clear()", handle)
        step = page.evaluate(_NEIGHBOUR, [handle, 0])
        misses = page.evaluate(f"cell => ({_PLAYER})(cell).state.misses", handle)
        handles.nth(0).press(step["arrow"])
        page.wait_for_function(_SETTLED, arg=handle, timeout=STEP_WAIT)
        state = page.evaluate(f"cell => ({_PLAYER})(cell).state", handle)
        if state["misses"] == misses + 1:
            break
    assert state["misses"] == misses + 1 and state["shown"] == step["key"], state

    # a value typed past the range: clamped to the maximum, and that setting shown
    control: Slider = cls.controls[0]
    typed = control.max + 10 * (control.max - control.min) + 7
    _type(page, cell, 0, str(int(typed)) if float(typed).is_integer() else f"{typed:g}")
    top = grid_index(control, control.max)
    page.wait_for_function(
        f"""([cell, top]) => {{ const pl = ({_PLAYER})(cell);
            return Number(pl.state.current.split(',')[0]) === top && pl.state.shown === pl.state.current; }}""",
        arg=[handle, top], timeout=STEP_WAIT)
    shown = _readout_number(cell.locator(".widget-slider .widget-readout").first.text_content())
    assert math.isclose(shown, control.max, rel_tol=1e-3, abs_tol=1e-9), shown

    # an invalid setting shows its one-line message (where the sliders reach one)
    invalid = invalid_setting(cls)
    if invalid is not None:
        j, value = invalid
        _type(page, cell, j, f"{value:g}")
        message = cls().render(**{cls.controls[j].name: value})[1]
        page.wait_for_function(
            "([cell, text]) => (cell.querySelector('.vl-message') || {}).textContent.includes(text)",
            arg=[handle, message[:40]], timeout=STEP_WAIT)
        assert "No chart for these values" in cell.locator(".vl-message").text_content()
        assert not cell.locator("img.vl-frame").is_visible()
    _no_errors(cell, chart_name(cls))


def test_some_charts_have_an_invalid_setting_on_their_sliders():
    # the message path above is exercised in the browser on these (the others' sliders reach
    # only settings with an answer; tests/test_widgets.py covers the message on a toy chart)
    assert sum(invalid_setting(c) is not None for c in CHARTS) >= 2


@pytest.mark.timeout(300)
@pytest.mark.parametrize("index", range(len(CHARTS)), ids=[chart_name(c) for c in CHARTS])
def test_fallback_when_the_player_cannot_load(fallback_page, index):
    page, cells = fallback_page
    cell = cells.nth(1 + index)
    cell.scroll_into_view_if_needed()
    assert cell.locator(".vl-player").count() == 0
    image = cell.locator(".widget-image").first
    assert image.is_visible(), "today's image widget is not shown"
    before = image.get_attribute("src")
    handle = cell.locator(".widget-slider .noUi-handle").first
    key = "ArrowLeft" if float(handle.get_attribute("aria-valuenow")) >= float(
        handle.get_attribute("aria-valuemax")) else "ArrowRight"
    changed = "([img, before]) => img.src !== before"
    for attempt in (key, "Home" if key == "ArrowLeft" else "End"):  # one step may draw the same
        handle.press(attempt)
        try:
            page.wait_for_function(changed, arg=[image.element_handle(), before], timeout=STEP_WAIT)
            break
        except Exception:  # playwright TimeoutError: try the far end
            continue
    else:
        pytest.fail("a slider step did not redraw today's image widget")
    text = cell.inner_text()
    assert "Traceback" not in text, text[-400:]
