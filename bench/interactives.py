"""Time every interactive chart the course ships against the naive ``interact`` baseline.

Discovery: every module in ``valueloops/charts/`` is imported and every :class:`ModelChart`
subclass *defined there* is instantiated with no arguments. Each replays the same seeded settings:

* **ours** -- ``chart.render(**params)``: model + artist update + PNG encode on the one reused
  figure (what a slider move costs in the kernel);
* **baseline** -- what ``ipywidgets.interact`` with a fresh plot does: a new pyplot figure,
  ``setup`` + ``update`` from scratch, ``savefig(format="png", bbox_inches="tight")`` at the
  figure's dpi (as the inline backend encodes), then ``plt.close``.
"""

from __future__ import annotations

import importlib
import inspect
import io
import math
import pkgutil
import statistics
import struct
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("Agg")  # the inline backend draws with Agg too; no window here

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from valueloops import style  # noqa: E402
from valueloops.widgets import ModelChart, Slider, build_palette, encode_png  # noqa: E402

SEED = 20240607
N_SETTINGS = 40


def discover_charts() -> list[type[ModelChart]]:
    """Every ModelChart subclass defined in a module of ``valueloops.charts`` (sorted by name)."""
    import valueloops.charts as package

    found: dict[str, type[ModelChart]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, ModelChart) and obj is not ModelChart and obj.__module__ == module.__name__:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


def chart_name(cls: type[ModelChart]) -> str:
    """A chart's name in the reports: its module under ``valueloops.charts`` and its class."""
    return f"{cls.__module__.removeprefix('valueloops.charts.')}.{cls.__qualname__}"


def _snap(slider: Slider, u: float) -> float | int:
    steps = round((u - slider.min) / slider.step)
    value = min(slider.max, max(slider.min, slider.min + steps * slider.step))
    if slider.integer:
        return int(round(value))
    decimals = max(0, -math.floor(math.log10(slider.step))) + 2 if slider.step < 1 else 6
    return round(value, decimals)


def settings(controls: tuple[Slider, ...], n: int = N_SETTINGS, seed: int = SEED) -> list[dict[str, Any]]:
    """``n`` seeded settings, uniform within each slider's [min, max], snapped to its step."""
    rng = np.random.default_rng(seed)
    return [{c.name: _snap(c, float(rng.uniform(c.min, c.max))) for c in controls} for _ in range(n)]


@dataclass
class ChartTiming:
    name: str
    ours_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)
    messages: int = 0  # settings where the model had no answer (the widget shows a message)
    error: str = ""
    # Where ours spends its time (medians over a few settings, ms): model, artists, Agg draw, PNG
    # (palette, as shipped; and RGB, as before issue 17, for comparison).
    parts_ms: dict[str, float] = field(default_factory=dict)
    # Median bytes per image: ours (palette PNG), the same pixels as RGB PNG, the naive baseline's.
    bytes: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def _pct(values: list[float], q: float) -> float:
        return float(np.percentile(values, q)) if values else math.nan

    @property
    def ours_median(self) -> float:
        return statistics.median(self.ours_ms) if self.ours_ms else math.nan

    @property
    def ours_p95(self) -> float:
        return self._pct(self.ours_ms, 95)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline_ms) if self.baseline_ms else math.nan

    @property
    def baseline_p95(self) -> float:
        return self._pct(self.baseline_ms, 95)

    @property
    def ratio(self) -> float:
        return self.baseline_median / self.ours_median if self.ours_ms and self.baseline_ms else math.nan


def baseline_render(chart: ModelChart, params: dict[str, Any]) -> bytes | None:
    """The naive redraw: new pyplot figure, setup + update, savefig as the inline backend, close."""
    with style.theme():
        fig = plt.figure(figsize=chart.figsize, dpi=chart.dpi)
        try:
            try:
                result = chart.compute(**chart.params(**params))
            except ValueError:
                return None
            chart.setup(fig)
            chart.update(result)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", bbox_inches="tight", dpi=fig.dpi)
            return buffer.getvalue()
        finally:
            plt.close(fig)


def time_chart(cls: type[ModelChart], n: int = N_SETTINGS, seed: int = SEED) -> ChartTiming:
    """Replay ``n`` seeded settings through ours and the baseline (one warm-up each, untimed)."""
    timing = ChartTiming(chart_name(cls))
    try:
        ours, naive = cls(), cls()  # the baseline rebinds its artists: keep it on its own instance
        ours_bytes: list[int] = []
        naive_bytes: list[int] = []
        ours.render()
        baseline_render(naive, {})
        for params in settings(cls.controls, n, seed):
            start = time.perf_counter()
            png, _ = ours.render(**params)
            timing.ours_ms.append((time.perf_counter() - start) * 1000)
            timing.messages += png is None
            start = time.perf_counter()
            naive_png = baseline_render(naive, params)
            timing.baseline_ms.append((time.perf_counter() - start) * 1000)
            if png is not None and naive_png is not None:
                naive_bytes.append(len(naive_png))
                ours_bytes.append(len(png))
        timing.parts_ms, rgb_bytes = breakdown(ours, settings(cls.controls, 10, seed + 1))
        timing.bytes = {k: statistics.median(v) for k, v in
                        (("palette", ours_bytes), ("rgb", rgb_bytes), ("naive", naive_bytes)) if v}
    except Exception as exc:  # reported as a row that misses its targets, never hidden
        timing.error = f"{type(exc).__name__}: {exc}"
    return timing


def _png_chunk(tag: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + tag + payload
            + struct.pack(">I", zlib.crc32(tag + payload) & 0xFFFFFFFF))


def rgb_png_before(fig) -> bytes:
    """The widget's PNG encoder before issue 17, kept here only to compare: 8-bit RGB, no row
    filter, zlib level 1 (about twice as fast as Pillow's RGB encoder on these charts)."""
    width, height = fig.canvas.get_width_height()
    rgb = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].reshape(height, width * 3)
    rows = np.zeros((height, width * 3 + 1), dtype=np.uint8)  # first byte of a row: filter 0
    rows[:, 1:] = rgb
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _png_chunk(b"IEND", b""))


def breakdown(chart: ModelChart, params_list: list[dict[str, Any]]) -> tuple[dict[str, float], list[int]]:
    """Median ms of each step of ``render`` (compute, update, a full draw, encode) on ``chart``'s
    figure, to say why a chart is slow; a separate pass, not part of the timed replay. The draw
    here is always a full one (the worst case of the cached renderer). The encode is timed as
    shipped (8-bit palette) and with the RGB encoder it replaced (``encode_rgb``,
    :func:`rgb_png_before`); the RGB sizes are returned too."""
    parts: dict[str, list[float]] = {"compute": [], "update": [], "draw": [], "encode": [],
                                     "encode_rgb": []}
    rgb_bytes: list[int] = []
    fig = chart.figure
    palette = chart.palette or build_palette(fig)
    for params in params_list:
        t0 = time.perf_counter()
        try:
            result = chart.compute(**chart.params(**params))
        except ValueError:
            continue
        t1 = time.perf_counter()
        with style.theme():
            chart.update(result)
            t2 = time.perf_counter()
            fig.canvas.draw()
            t3 = time.perf_counter()
            encode_png(fig, palette)
            t4 = time.perf_counter()
            rgb_bytes.append(len(rgb_png_before(fig)))
            t5 = time.perf_counter()
        for key, a, b in (("compute", t0, t1), ("update", t1, t2), ("draw", t2, t3), ("encode", t3, t4),
                          ("encode_rgb", t4, t5)):
            parts[key].append((b - a) * 1000)
    return {k: statistics.median(v) for k, v in parts.items() if v}, rgb_bytes
