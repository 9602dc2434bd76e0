"""The frame cache in a real browser (issue 24): the course's widget with its player, today's image
widget (the same chart with the player switched off) and the naive ``ipywidgets.interact``, side by
side in one JupyterLab and one headless Chromium, locally and through a delaying TCP proxy.

Per interactive (timed in the page, ``keydown`` to the new ``<img>`` loaded and decoded, as
``bench/browser.py``):

* **cached**: :data:`N_STEPS` planned arrow-key steps (``plan_steps``), each after
  :data:`IDLE_S` s idle; the share served from the browser's cache (player hits);
* **uncached**: the same steps with the browser's cache emptied before each (the kernel draws);
* **today** / **naive**: the same steps on today's image widget and on naive ``interact``;
* **drag**: :data:`DRAG_MOVES` mouse moves over 2 s along the first slider after idle; the share of
  the values the slider passed whose chart was shown (sampled every animation frame), and the
  time from release to the final value's chart;
* **memory**: the player's cache (bytes, its bound is 8 MB) and the tab's JS heap growth; the
  kernel's resident memory with the players against the kernel of today's widgets.

The remote classroom: an asyncio relay on 127.0.0.1 delays every chunk by 50 ms each way (100 ms
round trip) between Chromium and the same JupyterLab; :data:`REMOTE_CHARTS` charts are measured
through it. Run: ``python -m bench.frame_cache`` (also part of ``make bench``).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import _ARM_STEP, STEP_TIMEOUT_MS, _drag, _open_and_run, plan_steps  # noqa: E402
from bench.browser import _PRELUDE as _BROWSER_PRELUDE  # noqa: E402
from bench.interactives import chart_name, discover_charts  # noqa: E402

N_STEPS = 10
IDLE_S = 1.0
DRAG_MOVES = 40
DRAG_SECONDS = 2.0
PREFETCH_WAIT_S = 15.0  # before a drag: the slider's range drawn ahead, at most this long
DELAY_S = 0.05  # each way through the proxy: 100 ms round trip
REMOTE_CHARTS = ("cloud.PoolingChart", "flywheel.LoopGainChart", "peak.PeakChart")

_PRELUDE = _BROWSER_PRELUDE + '''
from valueloops import widgets as _vw


def today(cls):
    """Today's widget: the same chart with the browser's player switched off."""
    original = _vw.FramePlayer.for_chart
    _vw.FramePlayer.for_chart = classmethod(lambda *args: None)
    try:
        return cls().interact()
    finally:
        _vw.FramePlayer.for_chart = original
'''
"""The browser benchmark's prelude (theme, ``naive``) and ``today``: one definition of each."""

KINDS = ("ours", "today", "naive")


def bench_notebook(classes, kinds=KINDS) -> nbformat.NotebookNode:
    """The prelude, then per chart one cell per kind (``Chart().interact()``, ``today(Chart)``,
    ``naive(Chart)``)."""
    cells = [nbformat.v4.new_code_cell(_PRELUDE)]
    for cls in classes:
        imp = f"from {cls.__module__} import {cls.__qualname__}\n"
        call = {"ours": f"{cls.__qualname__}().interact()", "today": f"today({cls.__qualname__})",
                "naive": f"naive({cls.__qualname__});"}
        cells += [nbformat.v4.new_code_cell(imp + call[k]) for k in kinds]
    return nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


# --- the delaying proxy -----------------------------------------------------------------------------


class DelayProxy:
    """A TCP relay on 127.0.0.1 that delivers every chunk ``delay`` s late, in order, each way."""

    def __init__(self, target_port: int, delay: float = DELAY_S) -> None:
        self.target_port, self.delay = target_port, delay
        self.loop = asyncio.new_event_loop()
        self.port = 0
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(10)

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.server = server
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    async def _pipe(self, reader, writer) -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                await asyncio.sleep(max(0.0, due - self.loop.time()))
                writer.write(data)
                await writer.drain()
            writer.close()

        task = asyncio.create_task(deliver())
        try:
            while data := await reader.read(65536):
                queue.put_nowait((self.loop.time() + self.delay, data))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait((0, None))
        try:
            await task
        except (ConnectionError, OSError):
            pass

    async def _client(self, reader, writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


# --- measuring --------------------------------------------------------------------------------------

_PLAYER = "cell => { const p = cell.querySelector('.vl-player'); return p && p.parentElement.__vlPlayer; }"

# Samples the player every animation frame during a drag: the settings the slider passed and
# those whose chart was shown; the release time and the first frame showing the final setting.
_ARM_FRAMES = f"""(cell) => {{
  const pl = ({_PLAYER})(cell);
  const rec = {{passed: new Set(), shown: new Set(), up: null, done: null, stop: false}};
  window.__vlFrames = rec;
  document.addEventListener('mouseup', () => {{
    if (rec.up !== null) return;
    rec.up = performance.now();
    if (pl.state.shown === pl.state.current) rec.done = rec.up;  // shown before the release
  }}, {{capture: true}});
  const sample = () => {{
    const s = pl.state;
    if (s.current !== null) rec.passed.add(s.current);
    if (s.shown !== null) rec.shown.add(s.shown);
    if (rec.up !== null && rec.done === null && s.shown === s.current) rec.done = performance.now();
    if (!rec.stop) requestAnimationFrame(sample);
  }};
  requestAnimationFrame(sample);
}}"""


def _median(v: list[float]) -> float:
    return statistics.median(v) if v else math.nan


def _p95(v: list[float]) -> float:
    return float(np.percentile(v, 95)) if v else math.nan


@dataclass
class Row:
    name: str
    where: str = "local"
    cached_ms: list[float] = field(default_factory=list)
    cached_in_page_ms: list[float] = field(default_factory=list)  # keydown to the <img> in the page
    hits: int = 0
    uncached_ms: list[float] = field(default_factory=list)
    today_ms: list[float] = field(default_factory=list)
    naive_ms: list[float] = field(default_factory=list)
    drag_passed: int = 0
    drag_shown: int = 0
    drag_final_ms: float = math.nan
    today_drag_shown: int = 0
    cache_bytes: int = 0
    uncached_rtt: list[float] = field(default_factory=list)  # request sent to frame received
    uncached_wait: list[float] = field(default_factory=list)  # in the kernel before drawing
    uncached_draw: list[float] = field(default_factory=list)  # the kernel's draw
    uncached_to_kernel: list[float] = field(default_factory=list)  # browser to kernel
    uncached_to_browser: list[float] = field(default_factory=list)  # kernel's send to the player
    load: float = math.nan
    error: str = ""

    @property
    def hit_share(self) -> float:
        return self.hits / len(self.cached_ms) if self.cached_ms else math.nan


def _time_steps(page, cell, plan, before=None, timings=None, in_page=None) -> list[float]:
    """ms from keydown to the new picture decoded per planned step; ``in_page`` (a list) also gets
    ms from keydown to the picture loaded in the page (for a cached step: the swap itself, the
    rest being the browser's next frame, in which ``img.decode()`` resolves)."""
    area = cell.locator(".jp-OutputArea").first.element_handle()
    handles = cell.locator(".widget-slider .noUi-handle")
    times = []
    for j, key, _values in plan:
        if before:
            before()
        page.evaluate(_ARM_STEP, [area, STEP_TIMEOUT_MS])
        handles.nth(j).press(key)
        result = page.evaluate("() => window.__vlStep")
        if not result.get("timeout") and result.get("t0") is not None:
            times.append(result["decoded"] - result["t0"])
            if in_page is not None:
                in_page.append(result["loaded"] - result["t0"])
        if timings is not None:
            timings.append(_player_state(page, cell).get("timing"))
        page.wait_for_timeout(60)
    return times


def _player_state(page, cell) -> dict:
    return page.evaluate(f"cell => {{ const pl = ({_PLAYER})(cell); return {{...pl.state, "
                         f"bytes: pl.cache.bytes, frames: pl.cache.frames.size}}; }}",
                         cell.element_handle())


def _drag_frames(page, cell, row: Row) -> None:
    """Drag the first slider once prefetch has stopped (no new frame for 1 s, at most
    :data:`PREFETCH_WAIT_S`), sampling the player every frame."""
    deadline, last, still = time.time() + PREFETCH_WAIT_S, -1, time.time()
    while time.time() < deadline and time.time() - still < 1.0:
        frames = _player_state(page, cell)["frames"]
        if frames != last:
            last, still = frames, time.time()
        time.sleep(0.2)
    page.evaluate(_ARM_FRAMES, cell.element_handle())
    target = cell.locator(".widget-slider").first
    hb = target.locator(".noUi-handle").first.bounding_box()
    tb = target.locator(".noUi-base").first.bounding_box()
    x0, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    left, right = tb["x"] + 2, tb["x"] + tb["width"] - 2
    x1 = x0 + 0.9 * ((right - x0) if right - x0 >= x0 - left else (left - x0))
    page.mouse.move(x0, y)
    page.mouse.down()
    start = time.perf_counter()
    for i in range(1, DRAG_MOVES + 1):
        page.mouse.move(x0 + (x1 - x0) * i / DRAG_MOVES, y)
        pause = start + i * DRAG_SECONDS / DRAG_MOVES - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
    page.mouse.up()
    page.wait_for_timeout(1500)
    rec = page.evaluate("""() => { const r = window.__vlFrames; r.stop = true;
        return {passed: [...r.passed], shown: [...r.shown], up: r.up, done: r.done}; }""")
    passed = set(rec["passed"])
    row.drag_passed = len(passed)
    row.drag_shown = len(passed & set(rec["shown"]))
    if rec["up"] is not None and rec["done"] is not None:
        row.drag_final_ms = max(0.0, rec["done"] - rec["up"])


def measure(page, cells, classes, kinds, where: str, drag: bool = True) -> list[Row]:
    rows = []
    per = len(kinds)
    for i, cls in enumerate(classes):
        row = Row(chart_name(cls), where, load=_load())
        plan = plan_steps(cls, N_STEPS)
        try:
            cell = {k: cells.nth(1 + per * i + n) for n, k in enumerate(kinds)}
            ours = cell["ours"]
            ours.scroll_into_view_if_needed()
            hits0 = _player_state(page, ours)["hits"]
            row.cached_ms = _time_steps(page, ours, plan, before=lambda: time.sleep(IDLE_S),
                                        in_page=row.cached_in_page_ms)
            row.hits = _player_state(page, ours)["hits"] - hits0
            back = [(j, "ArrowLeft" if key == "ArrowRight" else "ArrowRight", v)
                    for j, key, v in plan[::-1]]
            _time_steps(page, ours, back)  # back to the start, then the same steps uncached
            timings: list = []
            row.uncached_ms = _time_steps(page, ours, plan, before=lambda: page.evaluate(
                f"cell => ({_PLAYER})(cell).forget()", ours.element_handle()), timings=timings)
            for t in timings:
                if t:
                    row.uncached_rtt.append(t["rtt"])
                    if "wait" in t:
                        row.uncached_wait.append(t["wait"])
                        row.uncached_draw.append(t["draw"])
                    if t.get("to_kernel") is not None:
                        row.uncached_to_kernel.append(t["to_kernel"])
                    if t.get("to_browser") is not None:
                        row.uncached_to_browser.append(t["to_browser"])
            if drag:
                _drag_frames(page, ours, row)
            row.cache_bytes = _player_state(page, ours)["bytes"]
            for kind in ("today", "naive"):
                if kind in cell:
                    cell[kind].scroll_into_view_if_needed()
                    setattr(row, f"{kind}_ms", _time_steps(page, cell[kind], plan))
            if drag and "today" in cell:
                row.today_drag_shown = _drag(page, cell["today"], 0, None).charts_shown
        except Exception as exc:  # noqa: BLE001 - reported in the row
            row.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
        rows.append(row)
        print(_line(row), flush=True)
    return rows


def _kernel_rss_mb(server) -> dict[str, float]:
    """Resident memory (MB) of each kernel the server runs, by its notebook's path."""
    import psutil

    sessions = {s["kernel"]["id"]: s["path"] for s in server.api("GET", "/api/sessions")}
    out = {}
    for proc in psutil.Process(server.process.pid).children(recursive=True):
        try:
            cmd = " ".join(proc.cmdline())
        except psutil.Error:
            continue
        for kid, path in sessions.items():
            if kid in cmd:
                out[path] = proc.memory_info().rss / 2**20
    return out


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def _f(x: float, d: int = 1) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{d}f}"


def _line(r: Row) -> str:
    return (f"{r.where:6s} {r.name:34s} cached {_f(_median(r.cached_ms))}/{_f(_p95(r.cached_ms))} ms "
            f"hits {r.hits}/{len(r.cached_ms)}  uncached {_f(_median(r.uncached_ms))} (rtt "
            f"{_f(_median(r.uncached_rtt))}, to kernel {_f(_median(r.uncached_to_kernel))}, kernel "
            f"wait {_f(_median(r.uncached_wait))}/"
            f"{_f(max(r.uncached_wait, default=math.nan))}, draw {_f(_median(r.uncached_draw))})  today "
            f"{_f(_median(r.today_ms))}/{_f(_p95(r.today_ms))}  naive {_f(_median(r.naive_ms))}  drag "
            f"{r.drag_shown}/{r.drag_passed} final {_f(r.drag_final_ms)} ms  cache "
            f"{r.cache_bytes / 2**20:.1f} MB  load {_f(r.load, 2)} {r.error}")


def run(classes, out: Path, extras: bool = True) -> list[Row]:
    from tests.browser.conftest import running_chromium, running_lab_server

    remote_classes = [c for c in classes if chart_name(c) in REMOTE_CHARTS]
    rows: list[Row] = []
    memory: dict[str, float] = {}
    heap: list[float] = []
    load_start = _load()
    # the student's own setting: the kernel slows drawing ahead when it is short of CPU
    with running_lab_server(prefetch_full=False) as server, running_chromium() as chromium:
        ours_nb, today_nb = "fc_ours.ipynb", "fc_today.ipynb"
        nbformat.write(bench_notebook(classes), server.root / "fc_bench.ipynb")
        nbformat.write(bench_notebook(classes, ("ours",)), server.root / ours_nb)
        nbformat.write(bench_notebook(classes, ("today",)), server.root / today_nb)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")

        def js_heap() -> float:
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            return metrics.get("JSHeapUsedSize", math.nan) / 2**20

        heap.append(js_heap())
        _open_and_run(page, server, "fc_bench.ipynb")
        cells = page.locator(".jp-Notebook .jp-Cell")
        rows += measure(page, cells, classes, KINDS, "local")
        heap.append(js_heap())
        page.close()
        server.shutdown_kernels()
        if not extras:  # iterating on a subset: no memory and remote phases
            write(out, rows, memory, heap, load_start, _load())
            return rows
        # kernel memory: all 16 players after idle prefetch against today's 16 image widgets
        for name in (ours_nb, today_nb):
            p = chromium.new_page(viewport={"width": 1400, "height": 1000})
            _open_and_run(p, server, name)
            p.wait_for_timeout(20_000)  # idle: the players draw ahead
            memory.update(_kernel_rss_mb(server))
            p.close()
            server.shutdown_kernels()
        # the remote classroom: the same server through the delaying proxy
        port = int(server.base_url.rsplit(":", 1)[1].split("/")[0])
        proxy = DelayProxy(port)
        try:
            remote = type(server)(server.base_url.replace(f":{port}", f":{proxy.port}"), server.token,
                                  server.root, server.process, server.log_path)
            nbformat.write(bench_notebook(remote_classes), server.root / "fc_remote.ipynb")
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            _open_and_run(page, remote, "fc_remote.ipynb")
            rows += measure(page, page.locator(".jp-Notebook .jp-Cell"), remote_classes, KINDS,
                            "remote", drag=False)
            page.close()
            server.shutdown_kernels()
        finally:
            proxy.close()
    write(out, rows, memory, heap, load_start, _load())
    return rows


def write(out: Path, rows: list[Row], memory: dict[str, float], heap: list[float],
          load_start: float, load_end: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    local = [r for r in rows if r.where == "local"]
    lines = ["# Frame cache in the browser (issue 24)", "",
             f"Load average (1 min): {_f(load_start, 2)} at start, {_f(load_end, 2)} at end (the "
             f"benchmark's own Chromium, JupyterLab and kernels count in it). The kernels draw ahead "
             f"at the student's own pace. {N_STEPS} planned arrow-key steps per chart, "
             f"`keydown` to the new picture decoded; cached = each step after {IDLE_S:.0f} s idle; "
             f"uncached = the same steps with the browser's cache emptied before each; today = the "
             f"image widget without the player; naive = `ipywidgets.interact` with a new figure. "
             f"Drag: {DRAG_MOVES} moves over {DRAG_SECONDS:.0f} s on the first slider after idle; "
             f"shown = values passed whose chart was shown; final = release to the final chart. "
             f"Remote: through a relay adding {2 * DELAY_S * 1000:.0f} ms round trip.", "",
             "| where | interactive | cached median / p95 | hits | uncached median | uncached: to kernel "
             "/ kernel wait / draw / back to the browser / round trip | today median / p95 "
             "| today/cached | naive median / p95 | drag shown (ours) | drag final | today drag charts "
             "| cache MB | load | note |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        ratio = _median(r.today_ms) / _median(r.cached_ms) if r.cached_ms and r.today_ms else math.nan
        lines.append(
            f"| {r.where} | {r.name} | {_f(_median(r.cached_ms))} / {_f(_p95(r.cached_ms))} | "
            f"{r.hits}/{len(r.cached_ms)} | {_f(_median(r.uncached_ms))} | "
            f"{_f(_median(r.uncached_to_kernel))} / {_f(_median(r.uncached_wait))} / "
            f"{_f(_median(r.uncached_draw))} / {_f(_median(r.uncached_to_browser))} / "
            f"{_f(_median(r.uncached_rtt))} | {_f(_median(r.today_ms))} / "
            f"{_f(_p95(r.today_ms))} | {_f(ratio)}× | {_f(_median(r.naive_ms))} / {_f(_p95(r.naive_ms))} | "
            f"{r.drag_shown}/{r.drag_passed} | {_f(r.drag_final_ms)} | {r.today_drag_shown} | "
            f"{r.cache_bytes / 2**20:.1f} | {_f(r.load, 2)} | {r.error} |")
    allc = [t for r in local for t in r.cached_ms]
    allc_page = [t for r in local for t in r.cached_in_page_ms]
    allu = [t for r in local for t in r.uncached_ms]
    allt = [t for r in local for t in r.today_ms]
    hits = sum(r.hits for r in local)
    steps = sum(len(r.cached_ms) for r in local)
    remote = [r for r in rows if r.where == "remote"]
    rc = [t for r in remote for t in r.cached_ms]
    rt = [t for r in remote for t in r.today_ms]
    rn = [t for r in remote for t in r.naive_ms]
    lines += ["", "## Summary", "",
              f"- local cached steps: {hits}/{steps} hits ({100 * hits / max(1, steps):.0f}%), median "
              f"{_f(_median(allc))} ms, p95 {_f(_p95(allc))} ms; today's widget median {_f(_median(allt))} "
              f"ms, p95 {_f(_p95(allt))} ms ({_f(_median(allt) / _median(allc))}× by median); of a cached "
              f"step, keydown to the picture in the page median {_f(_median(allc_page))} / p95 "
              f"{_f(_p95(allc_page))} ms, the rest the browser's next frame (`img.decode()` resolves "
              f"when it is drawn)",
              f"- local uncached steps: median {_f(_median(allu))} ms against today's {_f(_median(allt))} "
              f"ms ({_f(100 * (_median(allu) / _median(allt) - 1), 0)}%); of an uncached step (medians): "
              f"browser to kernel {_f(_median([t for r in local for t in r.uncached_to_kernel]))} ms, "
              f"kernel wait {_f(_median([t for r in local for t in r.uncached_wait]))} ms (worst "
              f"{_f(max((t for r in local for t in r.uncached_wait), default=math.nan))}), draw "
              f"{_f(_median([t for r in local for t in r.uncached_draw]))} ms, kernel's send to the player "
              f"{_f(_median([t for r in local for t in r.uncached_to_browser]))} ms, request to frame received "
              f"{_f(_median([t for r in local for t in r.uncached_rtt]))} ms",
              f"- drag: {sum(r.drag_shown for r in local)}/{sum(r.drag_passed for r in local)} values "
              f"passed were shown; final chart after release: worst "
              f"{_f(max((r.drag_final_ms for r in local if not math.isnan(r.drag_final_ms)), default=math.nan))} ms",
              f"- remote (+{2 * DELAY_S * 1000:.0f} ms RTT): cached median {_f(_median(rc))} / p95 "
              f"{_f(_p95(rc))} ms; today's widget {_f(_median(rt))} / {_f(_p95(rt))} ms; naive "
              f"{_f(_median(rn))} / {_f(_p95(rn))} ms",
              f"- browser: player caches at most {max((r.cache_bytes for r in rows), default=0) / 2**20:.1f} "
              f"MB per chart (bound 8 MB); the tab's JS heap {_f(heap[0] if heap else math.nan)} → "
              f"{_f(heap[-1] if heap else math.nan)} MB over the local run (the pictures are Blobs, "
              f"outside the JS heap)",
              "- kernel resident memory after run all + 20 s idle: " + ", ".join(
                  f"{k} {v:.0f} MB" for k, v in sorted(memory.items()))]
    (out / "frame_cache.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[-7:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.frame_cache", description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="charts whose name contains one of these "
                        "(comma-separated)")
    parser.add_argument("--no-extras", action="store_true", help="skip the kernel memory and "
                        "remote phases (for iterating on a subset)")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench")
    args = parser.parse_args(argv)
    only = [o for o in args.only.split(",") if o]
    classes = [c for c in discover_charts() if not only or any(o in chart_name(c) for o in only)]
    run(classes, args.out, extras=not args.no_extras)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
