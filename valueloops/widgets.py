"""The house widget pattern: sliders on the left, the model's chart beside them, redrawn in place.

A lesson's chart is a subclass of :class:`ModelChart` that says four things:

* ``controls`` -- the sliders (:class:`Slider`: name, label, unit, range, step, start value);
* ``compute(**params)`` -- call the pure model; a ``ValueError`` means "this combination has no
  meaningful answer" and is shown as a one-line message instead of the chart;
* ``setup(fig)`` -- create the axes and artists once (titles, labels with units, empty lines);
* ``update(result)`` -- put the new result into those artists (``set_data``, limits, texts), and
  ``summary(result)`` -- one rounded sentence shown under the sliders and printed by :meth:`show`.

``chart.show(**values)`` is the static twin (an image plus the printed summary, what GitHub, nbviewer
and nbval see); ``chart.interact(**values)`` is the live version. Both render through the same
:meth:`ModelChart.render`, which reuses one figure: moving a slider recomputes the model, updates
the artists and re-encodes one PNG, with no new figure and no new seaborn call.
"""

from __future__ import annotations

import html
import io
import math
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from IPython.display import Image, display
from PIL import Image as PILImage
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import style


PALETTE_SIZE = 256
"""Colours in the 8-bit palette of a chart's PNG (see :func:`build_palette`)."""

BACKGROUNDS = 8
"""Static layers kept per chart (one per set of axis limits and labels), least recently used out."""


def _pixels(fig: Figure) -> np.ndarray:
    """The canvas's current RGBA pixels as an (height, width, 4) uint8 array (no copy)."""
    return np.asarray(fig.canvas.buffer_rgba())


def _palette_image(rgb: np.ndarray, size: int) -> PILImage.Image:
    flat = np.zeros((size, 3), dtype=np.uint8)
    flat[: len(rgb)] = rgb
    flat[len(rgb):] = rgb[0]  # pad with a colour already there, never a new one
    palette = PILImage.new("P", (1, 1))
    palette.putpalette(flat.reshape(-1).tolist())
    return palette


def build_palette(fig: Figure, size: int = PALETTE_SIZE) -> PILImage.Image:
    """A palette image for :func:`encode_png`: the canvas's flat colours, the anti-aliasing ramps
    between them, then its most frequent other colours, ``size`` in all.

    These charts are flat colours plus anti-aliased edges, which blend a line's colour into the
    background at any strength. Each of the most frequent colours gets ramps to the two most
    frequent (the backgrounds) in eighths, so an edge pixel in a later frame, wherever the line
    has moved, is within a sixteenth of the ramp of a palette colour. Pillow maps a pixel to the
    palette through a cache of 4×4×4-level cells, which can send a colour to a neighbour entry a
    few levels off; so an entry that would capture a more frequent one is dropped, until every
    colour left maps to itself exactly (the flat colours stay exact).
    """
    rgba = _pixels(fig)
    packed = rgba.view(np.uint32).reshape(-1) & np.uint32(0x00FFFFFF)  # little-endian: R, G, B bytes
    colours, counts = np.unique(packed, return_counts=True)
    order = np.argsort(counts, kind="stable")[::-1]
    top = colours[order]  # most frequent first
    rgb_all = np.stack([top & 0xFF, (top >> 8) & 0xFF, (top >> 16) & 0xFF], axis=1).astype(float)
    flat = rgb_all[: min(12, len(top))][counts[order][: min(12, len(top))] >= 0.0002 * packed.size]
    alphas = np.arange(1, 8)[:, None] / 8
    ramps = [b + alphas * (c - b) for b in flat[:2] for c in flat if np.any(c != b)]
    candidates = np.concatenate([flat, *ramps, rgb_all[len(flat):]]) if ramps else rgb_all
    rgb = np.round(candidates).astype(np.uint8)
    _, first = np.unique(rgb.view([("", np.uint8)] * 3).reshape(-1), return_index=True)
    rgb = rgb[np.sort(first)][:size]  # without repeats, in priority order
    for _ in range(size):
        palette = _palette_image(rgb, size)
        probe = PILImage.frombytes("RGB", (len(rgb), 1), rgb.tobytes())
        mapped = np.asarray(probe.quantize(palette=palette, dither=PILImage.Dither.NONE)).reshape(-1)
        table = np.asarray(palette.getpalette()[: 3 * size], dtype=np.uint8).reshape(size, 3)
        wrong = np.flatnonzero(np.any(table[mapped] != rgb, axis=1))
        if not wrong.size:
            break
        # colour i went to entry j: keep the more frequent (lower index) of the two
        drop = {max(int(i), int(mapped[i])) for i in wrong}
        rgb = rgb[[k for k in range(len(rgb)) if k not in drop]]
    return palette


def encode_png(fig: Figure, palette: PILImage.Image | None = None) -> bytes:
    """The canvas's current pixels as a PNG: 8-bit palette with ``palette``, else RGB.

    On these charts the palette PNG is under half the bytes of an RGB one and about half the
    encode time of the hand-written RGB encoder it replaced (``results/bench/``). Each pixel
    takes the nearest palette colour (Pillow's, no dithering): the flat colours are in the
    palette exactly, so only anti-aliased edge pixels can move, by a few levels (tests compare
    it with a full RGB draw). zlib level 1: flat images compress well at the fastest level.
    """
    width, height = fig.canvas.get_width_height()
    image = PILImage.frombuffer("RGBA", (width, height), _pixels(fig), "raw", "RGBA", 0, 1)
    image = image.convert("RGB")
    if palette is not None:
        image = image.quantize(palette=palette, dither=PILImage.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def figure_png(fig: Figure) -> bytes:
    """Draw ``fig`` in full and encode it as RGB PNG (the reference the cached path is tested against)."""
    fig.canvas.draw()
    return encode_png(fig)


def ladder_limit(value: float, ladder: Sequence[float]) -> float:
    """The first of a few fixed axis limits (ascending) at or above ``value``; the last if none is.

    A chart whose data range spans orders of magnitude over its sliders' range picks its axis
    limit from a short ladder: the axis stays put across most of a slider's range (so the cached
    static layer holds and settings are comparable by eye) and still fits every setting.
    """
    return next((level for level in ladder if value <= level), ladder[-1])


def _static_artists(ax: Axes) -> set[Artist]:
    """What a slider move normally leaves alone: background, axes with ticks and grid, titles."""
    return {ax.patch, ax.xaxis, ax.yaxis, *ax.spines.values(), ax.title, ax._left_title,
            ax._right_title}


def _dynamic_artists(ax: Axes) -> list[Artist]:
    """Everything else an axes holds (lines, bars, fills, texts, legend), in drawing order."""
    static = _static_artists(ax)
    return sorted((a for a in ax.get_children() if a not in static), key=lambda a: a.get_zorder())


def _static_key(fig: Figure) -> tuple[Any, ...]:
    """A fingerprint of the static layer: if it is unchanged, the cached background is valid.

    It covers everything the static artists draw: figure size and texts, and per axes its place,
    limits, scales, tick positions and tick label texts, axis labels and titles.
    """
    key: list[Any] = [tuple(fig.get_size_inches()), fig.dpi,
                      tuple((t.get_text(), t.get_position(), t.get_visible()) for t in fig.texts),
                      tuple(tuple(t.get_text() for t in legend.get_texts()) for legend in fig.legends)]
    for ax in fig.axes:
        key.append((ax.get_visible(), ax.axison, tuple(ax.get_position().bounds),
                    ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(),
                    ax.get_title("left"), ax.get_title("center"), ax.get_title("right"),
                    ax.get_xlabel(), ax.get_ylabel()))
        for axis in (ax.xaxis, ax.yaxis):
            locs = axis.get_majorticklocs()
            key.append((axis.get_visible(), tuple(locs), tuple(axis.major.formatter.format_ticks(locs)),
                        tuple(axis.get_minorticklocs())))
        legend = ax.get_legend()
        if legend is not None:  # the cached overlay: see _overlay_legend
            key.append((id(legend), legend.get_visible(), legend._loc,
                        tuple(t.get_text() for t in legend.get_texts())))
    return tuple(key)


def _overlay_legend(ax: Axes, dynamic: list[Artist]) -> Artist | None:
    """The axes' legend if it can be cached as an overlay: at a fixed place (not ``loc="best"``,
    which follows the data) and drawn last (no data artist above it). Laying out a legend costs
    more than drawing the data under it; its pixels do not change from move to move."""
    legend = ax.get_legend()
    if legend is None or not legend.get_visible() or legend._loc == 0 or legend not in dynamic:
        return None
    if any(a.get_zorder() > legend.get_zorder() for a in dynamic if a is not legend):
        return None
    return legend


@dataclass
class _Overlay:
    """Pixels (straight RGBA) of artists drawn on a transparent canvas, and where they go."""

    rows: slice
    cols: slice
    rgb: np.ndarray  # (h, w, 3) uint16
    alpha: np.ndarray  # (h, w, 1) uint16

    def paint(self, fig: Figure) -> None:
        """Composite onto the canvas (source over), as Agg would have drawn them there."""
        target = _pixels(fig)[self.rows, self.cols, :3]
        target[:] = (self.rgb * self.alpha + target * (255 - self.alpha) + 127) // 255


def _render_overlay(fig: Figure, artists: list[Artist]) -> _Overlay | None:
    """Draw ``artists`` alone on the cleared (transparent) canvas and keep their box's pixels."""
    if not artists:
        return None
    canvas = fig.canvas
    renderer = canvas.get_renderer()
    renderer.clear()
    boxes = []
    for artist in artists:
        artist.draw(renderer)
        boxes.append(artist.get_window_extent(renderer))
    height, width = canvas.get_width_height()[::-1]
    x0 = max(0, int(min(b.x0 for b in boxes)) - 2)
    x1 = min(width, int(max(b.x1 for b in boxes)) + 3)
    y0 = max(0, int(height - max(b.y1 for b in boxes)) - 2)  # rows run top-down
    y1 = min(height, int(height - min(b.y0 for b in boxes)) + 3)
    if x1 <= x0 or y1 <= y0:
        return None
    pixels = _pixels(fig)[y0:y1, x0:x1].astype(np.uint16)
    return _Overlay(slice(y0, y1), slice(x0, x1), pixels[:, :, :3], pixels[:, :, 3:])


class CachedRenderer:
    """Redraw a figure fast by caching its static layer (axes, ticks, labels, titles).

    Text dominates matplotlib's draw time, and a slider move rarely changes the axes' limits or
    ticks. So the static layer is drawn once with the data hidden, kept as a pixel buffer, and
    reused while its fingerprint (:func:`_static_key`) is unchanged; each update then only draws
    the data artists on top. A legend at a fixed place, drawn above the data, is kept as an
    overlay (its pixels, composited last) instead of being laid out again on every move. The last :data:`BACKGROUNDS` static layers are kept, so a slider that
    moves an axis between a few limits and back draws each of them once. The result matches a
    full draw (tests compare them pixel by pixel on every shipped chart).

    The PNG is an 8-bit palette image; the palette is taken from the first full frame of each
    new static layer (so colours a new layer brings are in it).
    """

    def __init__(self, backgrounds: int = BACKGROUNDS) -> None:
        self._size = backgrounds
        self._layers: OrderedDict[tuple[Any, ...], tuple[Any, _Overlay | None]] = OrderedDict()
        self._palette: PILImage.Image | None = None
        self.misses = 0  # static layers drawn (for tests and the benchmark)

    @property
    def palette(self) -> PILImage.Image | None:
        return self._palette

    def png(self, fig: Figure) -> bytes:
        key = _static_key(fig)
        canvas = fig.canvas
        dynamic = {ax: _dynamic_artists(ax) for ax in fig.axes}
        overlays = {ax: _overlay_legend(ax, artists) for ax, artists in dynamic.items()}
        layer = self._layers.get(key)
        new_layer = layer is None
        if new_layer:
            self.misses += 1
            hidden = [a for artists in dynamic.values() for a in artists if a.get_visible()]
            for artist in hidden:
                artist.set_visible(False)
            try:
                canvas.draw()
                background = canvas.copy_from_bbox(fig.bbox)
            finally:
                for artist in hidden:
                    artist.set_visible(True)
            overlay = _render_overlay(fig, [a for a in overlays.values() if a is not None])
            layer = self._layers[key] = (background, overlay)
            while len(self._layers) > self._size:
                self._layers.popitem(last=False)
        else:
            self._layers.move_to_end(key)
        background, overlay = layer
        canvas.restore_region(background)
        for ax, artists in dynamic.items():
            for artist in artists:
                if artist is not overlays[ax]:
                    ax.draw_artist(artist)
        if overlay is not None:
            overlay.paint(fig)
        if new_layer or self._palette is None:
            self._palette = build_palette(fig)
        return encode_png(fig, self._palette)


@dataclass(frozen=True)
class Slider:
    """One control: ``name`` is the model's keyword, ``label`` and ``unit`` what a student reads.

    ``integer=True`` makes an integer slider. ``continuous_update=False`` redraws only on release
    (for a model too slow to follow the mouse).
    """

    name: str
    label: str
    min: float
    max: float
    step: float
    value: float
    unit: str = ""
    integer: bool = False
    continuous_update: bool = True

    def __post_init__(self) -> None:
        if not self.min <= self.value <= self.max:
            raise ValueError(f"slider {self.name!r}: start value {self.value} is outside "
                             f"[{self.min}, {self.max}]")
        if self.step <= 0:
            raise ValueError(f"slider {self.name!r}: step must be positive, got {self.step}")

    @property
    def title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def make(self, value: float | None = None) -> widgets.Widget:
        """The ipywidgets slider (readout editable; a typed value is clamped to the range)."""
        cls = widgets.IntSlider if self.integer else widgets.FloatSlider
        kwargs: dict[str, Any] = dict(
            min=self.min, max=self.max, step=self.step,
            value=self.value if value is None else value,
            continuous_update=self.continuous_update, readout=True,
            layout=widgets.Layout(width="300px"),
        )
        if not self.integer:
            decimals = max(0, -math.floor(math.log10(self.step))) if self.step < 1 else 0
            kwargs["readout_format"] = f".{decimals}f"
        return cls(**kwargs)


class ModelChart:
    """Base class of every lesson's interactive chart (see the module docstring)."""

    controls: tuple[Slider, ...] = ()
    figsize: tuple[float, float] = style.FIGSIZE
    dpi: int = 90

    # --- what a lesson defines -------------------------------------------------------------
    def compute(self, **params: Any) -> Any:
        """Run the pure model for these parameters; raise ``ValueError`` where it has no answer."""
        raise NotImplementedError

    def setup(self, fig: Figure) -> None:
        """Create axes and artists once: titles, axis labels with units, empty lines."""
        raise NotImplementedError

    def update(self, result: Any) -> None:
        """Put a new result into the artists made by :meth:`setup`."""
        raise NotImplementedError

    def summary(self, result: Any) -> str:
        """One short sentence with rounded numbers: what this setting shows."""
        return ""

    # --- the machinery ----------------------------------------------------------------------
    def __init__(self) -> None:
        self._fig: Figure | None = None
        self._renderer = CachedRenderer()
        self.last_error: BaseException | None = None

    @property
    def palette(self) -> PILImage.Image | None:
        """The palette of the chart's PNGs (None before the first render)."""
        return self._renderer.palette

    @property
    def figure(self) -> Figure:
        """The one figure this chart draws on, created on first use."""
        if self._fig is None:
            with style.theme():
                fig = Figure(figsize=self.figsize, dpi=self.dpi)
                FigureCanvasAgg(fig)
                self.setup(fig)
            self._fig = fig
        return self._fig

    def defaults(self) -> dict[str, Any]:
        """The start value of every control."""
        return {c.name: c.value for c in self.controls}

    def params(self, **values: Any) -> dict[str, Any]:
        """The controls' defaults overridden by ``values``; an unknown name is refused."""
        known = self.defaults()
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no control {', '.join(unknown)}; "
                            f"its controls are {', '.join(known)}")
        known.update(values)
        return known

    def render(self, **values: Any) -> tuple[bytes | None, str]:
        """Compute and redraw for these values: (PNG bytes, summary), or (None, message).

        The message of a ``ValueError`` from the model comes back instead of an image; any other
        exception is a bug and propagates.
        """
        params = self.params(**values)
        try:
            result = self.compute(**params)
        except ValueError as exc:
            return None, str(exc)
        fig = self.figure
        with style.theme():
            self.update(result)
            png = self._renderer.png(fig)
        return png, self.summary(result)

    def show(self, **values: Any) -> None:
        """The static twin: display the chart for these values and print its summary."""
        png, text = self.render(**values)
        if png is None:
            print(f"⚠ No chart for these values: {text}")
            return
        display(Image(data=png, format="png"))
        if text:
            print(text)

    def interact(self, **values: Any) -> widgets.Widget:
        """The live chart: sliders left, chart right; returns the widget (display it)."""
        start = self.params(**values)
        sliders = {c.name: c.make(start[c.name]) for c in self.controls}
        image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="760px"))
        message = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        summary = widgets.HTML(layout=widgets.Layout(width="300px"))
        errors = widgets.Output()

        def redraw() -> None:
            png, text = self.render(**{name: s.value for name, s in sliders.items()})
            if png is None:
                message.value = (f'<span style="color:#b00020"><b>⚠ No chart for these values:</b> '
                                 f"{html.escape(text)}</span>")
                image.layout.display = "none"
                summary.value = ""
                return
            image.value = png
            image.layout.display = ""
            message.value = ""
            summary.value = f"<p>{html.escape(text)}</p>"

        def on_change(_change: Mapping[str, Any]) -> None:
            # A bug in a callback must be seen: the Output widget shows its traceback in the
            # notebook (outside one it would land only in JupyterLab's log console). It is
            # entered only when there is an error to show or to clear: each entry and exit is a
            # message to the browser, which a slider move should not pay for.
            try:
                redraw()
            except Exception as exc:
                self.last_error = exc
                errors.clear_output()
                with errors:
                    raise
            else:
                if self.last_error is not None:
                    self.last_error = None
                    errors.clear_output()

        for slider in sliders.values():
            slider.observe(on_change, names="value")
        redraw()  # the first draw runs in the cell itself, so a bug fails the cell (and nbval)

        labelled = []
        for control in self.controls:
            labelled.append(widgets.HTML(f"<b>{html.escape(control.title)}</b>"))
            labelled.append(sliders[control.name])
        left = widgets.VBox([*labelled, summary], layout=widgets.Layout(width="320px"))
        right = widgets.VBox([message, image, errors], layout=widgets.Layout(flex="1"))
        box = widgets.HBox([left, right], layout=widgets.Layout(align_items="flex-start"))
        box.sliders = sliders  # for tests and the benchmark
        return box
