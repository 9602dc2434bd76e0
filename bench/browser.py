"""Slider to chart in a real browser (issue 17): every interactive in ``valueloops/charts/`` against
the naive ``ipywidgets.interact`` baseline, in one JupyterLab and one headless Chromium.

The server and browser are the browser tests' own (``tests/browser/conftest.py``:
:func:`running_lab_server`, :func:`running_chromium`). A generated notebook holds, per chart, the
course's widget (``Chart().interact()``) and the naive baseline: ``interact`` over the same
sliders with a new pyplot figure per move, shown by the inline backend (``plt.show()``).

* **Steps**: a planned path of :data:`N_STEPS` arrow-key presses (:func:`plan_steps`) on which no
  setting and no picture repeats. The timing is taken inside the page: ``performance.now()`` at
  the ``keydown`` to the moment the new ``<img>`` has loaded and ``img.decode()`` has resolved
  (ready to paint). Values that repeat would flatter the baseline: its images are ``data:`` URLs,
  which the browser's image cache serves again without decoding when a value comes back.
* **Drag**: :data:`DRAG_MOVES` mouse moves over :data:`DRAG_SECONDS` s along the slider with the
  most steps, then release: the charts shown, and the lag from the release to the final value's
  chart (0 when it was already shown; the chart's summary is checked against the final value).
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.interactives import chart_name  # noqa: E402
from valueloops.widgets import ModelChart, Slider  # noqa: E402

N_STEPS = 30
DRAG_MOVES = 40
DRAG_SECONDS = 2.0
STEP_TIMEOUT_MS = 4000  # a step whose chart does not arrive by then is counted as lost
SETTLE_MS = 800  # after a drag: no new chart for this long means the last one was final
NOTEBOOK = "bench_e2e.ipynb"

# --- the plan: which keys to press --------------------------------------------------------------


def _step_value(control: Slider, value: float, sign: int) -> float | int | None:
    """One slider step from ``value`` in direction ``sign``, or None past the range's end."""
    steps = round((value - control.min) / control.step) + sign
    new = control.min + steps * control.step
    if new < control.min - 1e-9 or new > control.max + 1e-9:
        return None
    if control.integer:
        return int(round(new))
    return round(min(max(new, control.min), control.max), 10)


def _pixels_key(chart: ModelChart) -> int:
    return hash(np.asarray(chart.figure.canvas.buffer_rgba()).tobytes())


def plan_steps(cls: type[ModelChart], n: int = N_STEPS) -> list[tuple[int, str, dict[str, Any]]]:
    """``n`` arrow-key presses from the defaults, each to a setting not seen before whose chart
    (not a message) differs from every chart before it: (slider index, key, setting after).

    Greedy: keep going the way the last slider went; at its end (or where the chart would
    repeat or have no answer) turn to the next slider. Fewer than ``n`` if the sliders run out.
    """
    chart = cls()
    values = chart.defaults()
    chart.render(**values)
    seen_settings = {tuple(values.values())}
    seen_pixels = {_pixels_key(chart)}
    direction = [1] * len(cls.controls)
    current = _most_steps(cls.controls)
    plan: list[tuple[int, str, dict[str, Any]]] = []
    while len(plan) < n:
        for j in [current, *(k for k in range(len(cls.controls)) if k != current)]:
            control = cls.controls[j]
            chosen = None
            for sign in (direction[j], -direction[j]):
                new = _step_value(control, values[control.name], sign)
                if new is None:
                    continue
                candidate = {**values, control.name: new}
                if tuple(candidate.values()) in seen_settings:
                    continue
                png, _ = chart.render(**candidate)
                if png is None:
                    continue
                pixels = _pixels_key(chart)
                if pixels in seen_pixels:
                    continue
                chosen = (sign, candidate, pixels)
                break
            if chosen:
                sign, values, pixels = chosen
                direction[j], current = sign, j
                seen_settings.add(tuple(values.values()))
                seen_pixels.add(pixels)
                plan.append((j, "ArrowRight" if sign > 0 else "ArrowLeft", dict(values)))
                break
        else:
            break  # no slider can move to a new chart
    return plan


# --- the notebook the browser runs ------------------------------------------------------------------

_PRELUDE = '''\
import matplotlib.pyplot as plt
import ipywidgets
from valueloops.style import apply_theme
apply_theme()


def naive(cls):
    """The naive baseline: interact over the same sliders, a new figure on every move."""
    chart = cls()

    def draw(**values):
        fig = plt.figure(figsize=chart.figsize, dpi=chart.dpi)
        try:
            result = chart.compute(**chart.params(**values))
        except ValueError as exc:
            plt.close(fig)
            print(f"No chart for these values: {exc}")
            return
        chart.setup(fig)
        chart.update(result)
        plt.show()

    ipywidgets.interact(draw, **{c.name: c.make() for c in cls.controls})
'''


# The messaging floor: a slider whose move only swaps in a PNG rendered beforehand (the course's
# busiest chart, PoolingChart, at 60 settings): widget message there and back, image decode, no
# rendering. What the course's widget takes beyond it is its own work.
_FLOOR = '''\
from valueloops.charts.cloud import PoolingChart
_probe_pngs = [PoolingChart().render(n=k)[0] for k in range(1, 61)]
_probe_slider = ipywidgets.IntSlider(min=0, max=59, value=0, continuous_update=True)
_probe_image = ipywidgets.Image(value=_probe_pngs[0], format="png")
_probe_slider.observe(lambda change: setattr(_probe_image, "value", _probe_pngs[change["new"]]),
                      names="value")
ipywidgets.VBox([_probe_slider, _probe_image])
'''
FLOOR_NAME = "messaging floor (no rendering)"


def bench_notebook(classes: list[type[ModelChart]]) -> nbformat.NotebookNode:
    """Cell 0 the prelude; then per chart two cells: the course's widget, the naive baseline; the
    last cell the messaging floor."""
    cells = [nbformat.v4.new_code_cell(_PRELUDE)]
    for cls in classes:
        imp = f"from {cls.__module__} import {cls.__qualname__}\n"
        cells.append(nbformat.v4.new_code_cell(f"{imp}{cls.__qualname__}().interact()"))
        cells.append(nbformat.v4.new_code_cell(f"{imp}naive({cls.__qualname__});"))
    cells.append(nbformat.v4.new_code_cell(_FLOOR))
    return nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


# --- in the page ------------------------------------------------------------------------------------

# Arms one measurement on a cell's output area: from the next keydown to the next <img> (new, or
# a new src) loaded and decoded. The promise is window.__vlStep.
_ARM_STEP = """([area, timeoutMs]) => {
  const t = {t0: null};
  const onKey = () => { if (t.t0 === null) t.t0 = performance.now(); };
  document.addEventListener('keydown', onKey, true);
  window.__vlStep = new Promise(resolve => {
    let obs = null;
    const end = (result) => {
      if (obs) obs.disconnect();
      document.removeEventListener('keydown', onKey, true);
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => end({timeout: true, t0: t.t0}), timeoutMs);
    const watch = img => {
      obs.disconnect();
      const finish = async () => {
        const loaded = performance.now();
        try { await img.decode(); } catch (e) {}
        end({t0: t.t0, loaded, decoded: performance.now()});
      };
      if (img.complete && img.naturalWidth) finish();
      else img.addEventListener('load', finish, {once: true});
    };
    obs = new MutationObserver(mutations => {
      for (const m of mutations) {
        if (m.type === 'attributes' && m.target.tagName === 'IMG' && m.target.src) return watch(m.target);
        for (const node of m.addedNodes) {
          if (node.nodeType !== 1) continue;
          const img = node.tagName === 'IMG' ? node : node.querySelector('img');
          if (img && img.src) return watch(img);
        }
      }
    });
    obs.observe(area, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  });
}"""

# Records every chart shown in a cell's output area (decoded) and the mouse release.
_ARM_DRAG = """(area) => {
  const rec = {shown: [], up: null, moves: []};
  window.__vlDrag = rec;
  const onUp = () => { if (rec.up === null) rec.up = performance.now(); };
  const onMove = () => rec.moves.push(performance.now());
  document.addEventListener('mouseup', onUp, true);
  document.addEventListener('mousemove', onMove, true);
  const seen = new WeakSet();
  const watch = img => {
    const finish = async () => {
      try { await img.decode(); } catch (e) {}
      rec.shown.push(performance.now());
    };
    if (img.complete && img.naturalWidth) finish();
    else img.addEventListener('load', finish, {once: true});
  };
  rec.obs = new MutationObserver(mutations => {
    for (const m of mutations) {
      if (m.type === 'attributes' && m.target.tagName === 'IMG' && m.target.src) watch(m.target);
      for (const node of m.addedNodes || []) {
        if (node.nodeType !== 1) continue;
        const img = node.tagName === 'IMG' ? node : node.querySelector('img');
        if (img && img.src) watch(img);
      }
    }
  });
  rec.obs.observe(area, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  rec.stop = () => {
    rec.obs.disconnect();
    document.removeEventListener('mouseup', onUp, true);
    document.removeEventListener('mousemove', onMove, true);
    return {shown: rec.shown, up: rec.up, moves: rec.moves.length};
  };
}"""


# --- results ----------------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def _p95(values: list[float]) -> float:
    return float(np.percentile(values, 95)) if values else math.nan


@dataclass
class DragResult:
    charts_shown: int = 0
    lag_ms: float = math.nan  # release -> final value's chart decoded (0: shown before release)
    last_move_to_final_ms: float = math.nan
    moves_seen: int = 0
    final_ok: bool | None = None  # the summary matches the final slider value (ours only)
    note: str = ""


@dataclass
class E2ETiming:
    name: str
    planned: int = 0
    ours_ms: list[float] = field(default_factory=list)
    naive_ms: list[float] = field(default_factory=list)
    ours_lost: int = 0
    naive_lost: int = 0
    ours_drag: DragResult = field(default_factory=DragResult)
    naive_drag: DragResult = field(default_factory=DragResult)
    load: float = math.nan  # 1-minute load average when this interactive was measured
    error: str = ""

    @property
    def ours_median(self) -> float:
        return _median(self.ours_ms)

    @property
    def ours_p95(self) -> float:
        return _p95(self.ours_ms)

    @property
    def naive_median(self) -> float:
        return _median(self.naive_ms)

    @property
    def naive_p95(self) -> float:
        return _p95(self.naive_ms)

    @property
    def ratio(self) -> float:
        return self.naive_median / self.ours_median if self.ours_ms and self.naive_ms else math.nan


# --- driving the page -------------------------------------------------------------------------------


def _open_and_run(page, server, relpath: str) -> None:
    from tests.browser.test_widgets_in_browser import (_KERNEL_IDLE, _WIDGETS_LOADED,
                                                       RUN_ALL_TIMEOUT, WIDGET_LOAD_TIMEOUT,
                                                       open_and_run_all)
    outcome = open_and_run_all(page, server, relpath)
    if outcome != "done":
        raise RuntimeError(f"run all cells in {relpath}: {outcome}")
    page.wait_for_function(_KERNEL_IDLE, arg=relpath, timeout=RUN_ALL_TIMEOUT)
    page.wait_for_function(_WIDGETS_LOADED, timeout=WIDGET_LOAD_TIMEOUT)
    page.wait_for_timeout(500)


def _steps(page, cell, plan, lost_limit: int = 3) -> tuple[list[float], int]:
    """Press the planned keys on ``cell``'s sliders; ms from keydown to decoded chart, and lost."""
    area = cell.locator(".jp-OutputArea").first.element_handle()
    handles = cell.locator(".widget-slider .noUi-handle")
    times, lost = [], 0
    for j, key, _values in plan:
        page.evaluate(_ARM_STEP, [area, STEP_TIMEOUT_MS])
        handles.nth(j).press(key)
        result = page.evaluate("() => window.__vlStep")
        if result.get("timeout") or result.get("t0") is None:
            lost += 1
            if lost > lost_limit:
                raise RuntimeError(f"{lost} steps without a new chart within {STEP_TIMEOUT_MS} ms")
            continue
        times.append(result["decoded"] - result["t0"])
        page.wait_for_timeout(60)  # let the summary and the kernel's idle message land
    return times, lost


def _drag(page, cell, slider: int, check: Callable[[Any], tuple[bool, str]] | None) -> DragResult:
    """DRAG_MOVES mouse moves over DRAG_SECONDS along slider ``slider``, then release."""
    area = cell.locator(".jp-OutputArea").first.element_handle()
    target = cell.locator(".widget-slider").nth(slider)
    handle = target.locator(".noUi-handle").first
    hb = handle.bounding_box()
    tb = target.locator(".noUi-base, .noUi-target").first.bounding_box()
    x0, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    left, right = tb["x"] + 2, tb["x"] + tb["width"] - 2
    # towards the farther end, 90% of the way
    x1 = x0 + 0.9 * ((right - x0) if right - x0 >= x0 - left else (left - x0))
    page.evaluate(_ARM_DRAG, area)
    page.mouse.move(x0, y)
    page.mouse.down()
    start = time.perf_counter()
    for i in range(1, DRAG_MOVES + 1):
        page.mouse.move(x0 + (x1 - x0) * i / DRAG_MOVES, y)
        pause = start + i * DRAG_SECONDS / DRAG_MOVES - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
    last_move = page.evaluate("() => performance.now()")
    page.mouse.up()
    deadline = time.perf_counter() + 10
    count = -1
    quiet_since = time.perf_counter()
    while time.perf_counter() < deadline:  # settle: no new chart for SETTLE_MS
        n = page.evaluate("() => window.__vlDrag.shown.length")
        if n != count:
            count, quiet_since = n, time.perf_counter()
        elif time.perf_counter() - quiet_since > SETTLE_MS / 1000:
            break
        time.sleep(0.05)
    rec = page.evaluate("() => window.__vlDrag.stop()")
    result = DragResult(charts_shown=len(rec["shown"]), moves_seen=rec["moves"])
    if rec["shown"] and rec["up"] is not None:
        result.lag_ms = max(0.0, rec["shown"][-1] - rec["up"])
        result.last_move_to_final_ms = max(0.0, rec["shown"][-1] - last_move)
    if check is not None:
        result.final_ok, result.note = check(cell)
    return result


def _most_steps(controls: tuple[Slider, ...]) -> int:
    return max(range(len(controls)), key=lambda j: (controls[j].max - controls[j].min) / controls[j].step)


def _summary_check(cls: type[ModelChart]) -> Callable[[Any], tuple[bool, str]]:
    """A check that the widget shows the summary (or the no-answer message) of the values its
    sliders now show: (ok, what was expected and what was shown, if not)."""
    def check(cell) -> tuple[bool, str]:
        readouts = cell.locator(".widget-slider .widget-readout").all_text_contents()
        # the browser's value of a float step is min + k·step in doubles (0.8 + 2·0.02 is
        # 0.8400000000000001), which can tip a rounded number in the summary: try both
        exact, rounded = {}, {}
        for control, text in zip(cls.controls, readouts):
            number = float(text.replace(",", "").replace("\u2212", "-"))
            steps = round((number - control.min) / control.step)
            value = control.min + steps * control.step
            exact[control.name] = int(round(value)) if control.integer else value
            rounded[control.name] = int(round(value)) if control.integer else round(value, 10)
        shown = cell.locator(".widget-html").all_text_contents()
        expected = ""
        for values in (exact, rounded):
            _png, expected = cls().render(**values)
            if any(expected.strip() in text for text in shown):
                return True, ""
        return False, (f"{rounded}: expected {expected[:90]!r}, shown "
                       f"{[t[:90] for t in shown if t.strip()][-1:]}")
    return check


def measure_all(classes: list[type[ModelChart]], progress: Callable[[str], None] | None = None,
                n: int = N_STEPS) -> list[E2ETiming]:
    """Start JupyterLab and Chromium, run the generated notebook, measure every chart."""
    from tests.browser.conftest import running_chromium, running_lab_server

    plans = {cls: plan_steps(cls, n) for cls in classes}
    results: list[E2ETiming] = []
    # the student's own setting: the kernel slows drawing ahead when it is short of CPU
    with running_lab_server(prefetch_full=False) as server, running_chromium() as chromium:
        nbformat.write(bench_notebook(classes), server.root / NOTEBOOK)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        try:
            _open_and_run(page, server, NOTEBOOK)
            cells = page.locator(".jp-Notebook .jp-Cell")
            for i, cls in enumerate(classes):
                timing = E2ETiming(chart_name(cls), planned=len(plans[cls]))
                timing.load = _load()
                try:
                    for which, cell in (("ours", cells.nth(1 + 2 * i)), ("naive", cells.nth(2 + 2 * i))):
                        cell.scroll_into_view_if_needed()
                        times, lost = _steps(page, cell, plans[cls])
                        setattr(timing, f"{which}_ms", times)
                        setattr(timing, f"{which}_lost", lost)
                        page.wait_for_timeout(300)
                        drag = _drag(page, cell, _most_steps(cls.controls),
                                     _summary_check(cls) if which == "ours" else None)
                        setattr(timing, f"{which}_drag", drag)
                except Exception as exc:  # reported in the row, the run goes on
                    timing.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
                results.append(timing)
                if progress:
                    progress(timing.name)
            floor = E2ETiming(FLOOR_NAME, planned=n, load=_load())
            try:
                cell = cells.nth(1 + 2 * len(classes))
                cell.scroll_into_view_if_needed()
                floor.ours_ms, floor.ours_lost = _steps(page, cell, [(0, "ArrowRight", {})] * n)
            except Exception as exc:  # noqa: BLE001
                floor.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
            results.append(floor)
        finally:
            page.close()
            server.shutdown_kernels()
    return results


def _load() -> float:
    import os
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan
