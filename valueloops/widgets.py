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

import asyncio
import html
import io
import math
import os
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
from IPython.display import Image, display
from PIL import Image as PILImage
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import style, validate


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
    new static layer (so colours a new layer brings are in it) and kept with that layer, so a
    setting's picture does not depend on which other layers were drawn since (the frame cache of
    :class:`FramePlayer` relies on it).
    """

    def __init__(self, backgrounds: int = BACKGROUNDS) -> None:
        self._size = backgrounds
        self._layers: OrderedDict[tuple[Any, ...], list[Any]] = OrderedDict()  # [bg, overlay, palette]
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
            layer = self._layers[key] = [background, overlay, None]
            while len(self._layers) > self._size:
                self._layers.popitem(last=False)
        else:
            self._layers.move_to_end(key)
        background, overlay, palette = layer
        canvas.restore_region(background)
        for ax, artists in dynamic.items():
            for artist in artists:
                if artist is not overlays[ax]:
                    ax.draw_artist(artist)
        if overlay is not None:
            overlay.paint(fig)
        if palette is None:  # each layer keeps the palette of its first frame
            palette = layer[2] = build_palette(fig)
        self._palette = palette
        return encode_png(fig, palette)


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
        if value is not None:  # a NaN or infinity would be stored and shown as the slider's value
            value = validate.number(self.name, value, low=self.min, high=self.max, unit=self.unit)
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
        """The live chart: sliders left, chart right; returns the widget (display it).

        Where the browser loads the course's player (:class:`FramePlayer`), the pictures of the
        likely next settings are kept in the browser and a slider step shows one at once; until
        then, or where it cannot load, the kernel redraws an image widget on every move.
        """
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

        def guarded(work: Callable[[], None]) -> None:
            # A bug in a callback must be seen: the Output widget shows its traceback in the
            # notebook (outside one it would land only in JupyterLab's log console). It is
            # entered only when there is an error to show or to clear: each entry and exit is a
            # message to the browser, which a slider move should not pay for.
            try:
                work()
            except Exception as exc:
                self.last_error = exc
                errors.clear_output()
                with errors:
                    raise
            else:
                if self.last_error is not None:
                    self.last_error = None
                    errors.clear_output()

        player = FramePlayer.for_chart(self, list(sliders.values()), guarded)

        def on_change(_change: Mapping[str, Any]) -> None:
            if player is None or not player.connected:  # the player draws once it is there
                guarded(redraw)

        for slider in sliders.values():
            slider.observe(on_change, names="value")
        redraw()  # the first draw runs in the cell itself, so a bug fails the cell (and nbval)

        labelled = []
        for control in self.controls:
            labelled.append(widgets.HTML(f"<b>{html.escape(control.title)}</b>"))
            labelled.append(sliders[control.name])
        left = widgets.VBox([*labelled, summary], layout=widgets.Layout(width="320px"))
        right_children: list[widgets.Widget] = [message, image, errors]
        if player is not None:
            # The player sits in an Output widget: a front end without its module shows an
            # error there only, and the rest of the box (today's image widget) still works.
            holder = widgets.Output(layout=widgets.Layout(display="none"))
            data, metadata = player._repr_mimebundle_()
            holder.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata},)
            right_children.insert(1, holder)

            def take_over() -> None:  # the browser has the player: hide today's widget
                holder.layout.display = ""
                for widget in (image, message, summary):
                    widget.layout.display = "none"

            player.on_connect = take_over
        right = widgets.VBox(right_children, layout=widgets.Layout(flex="1"))
        box = widgets.HBox([left, right], layout=widgets.Layout(align_items="flex-start"))
        box.sliders = sliders  # for tests and the benchmark
        box.image, box.message, box.player = image, message, player
        return box


# --- the frame cache (issue 24) ---------------------------------------------------------------------

PLAYER_JS = Path(__file__).with_name("static") / "player.js"
"""The browser side of :class:`FramePlayer`: one ES module, also usable without a kernel."""

FRONT_BUDGET = 8 * 2**20
"""Bytes of cached frames per chart in the browser (the kernel keeps only their keys and sizes)."""

NEIGHBOURS = 3
"""Steps each way along every slider prefetched first (all a chart not touched last gets), before
the whole ranges of the sliders of the chart touched last."""

PREFETCH_IDLE = 0.3
"""Seconds after the kernel drew a step a student asked for before prefetch resumes, so that a
student stepping through settings not cached yet (arrow keys pressed a few times a second, the
benchmark's uncached steps 0.1–0.2 s apart) does not wait behind frames drawn ahead: the kernel
busy with one, or up to :data:`PREFETCH_WINDOW` of them on the way in front of the answer."""

PREFETCH_WINDOW = 2
"""Prefetch frames sent and not yet acknowledged by the browser: no more are drawn until it has
them, so at most this many frames drawn ahead are ever on the way (in the kernel's outgoing
queue, the server, the socket) in front of a frame a student asks for."""

PREFETCH_ACK_STALE = 2.0
"""Seconds after which unacknowledged prefetch frames no longer hold prefetch back (a view
that went away without saying so)."""

CALM_HOPS = 5
"""Turns of the kernel's event loop with no shell message being handled before a prefetch frame is
drawn: in each turn the loop reads what waits on the shell socket, and a message read takes a few
turns (reader callback, task, inner task, lock) to reach the player; a frame drawn meanwhile
would delay it."""

CPU_SHARE_LIMIT = 0.5
"""Share of a frame's drawing time in which the kernel's thread actually ran on a CPU, over the
last :data:`CPU_SHARE_FRAMES` frames, below which the machine counts as short of CPU (a class
sharing one hub: the kernel waits for a core most of the time it draws). Drawing ahead then slows
to one frame per :data:`SLOW_PREFETCH_PAUSE`, so the frames students ask for, in every kernel on the
machine, are not queued behind frames drawn ahead. On a laptop the kernel's thread has a core to
itself while it draws, beside the browser (a share near 1)."""

CPU_SHARE_FRAMES = 8
"""Frames over which :data:`CPU_SHARE_LIMIT` is measured ..."""

CPU_SHARE_SECONDS = 2.0
"""... among those drawn in the last this many seconds: a busy spell that has passed (the notebook's
Run All, say) no longer slows drawing ahead once its frames are this old."""

SLOW_PREFETCH_PAUSE = 1.0
"""Seconds between two prefetch frames while the machine is short of CPU."""

PREFETCH_SHARE = 0.9
"""Share of the budget that prefetch fills: the most likely next settings (in
:func:`prefetch_order`) that fit in it, counting those the browser holds already. So drawing ahead
never pushes out the frames around the setting shown, and a step draws only the few settings it
brings into reach (not a new share of the budget at every step, pushing out the last one's). The
rest takes the settings a student reaches by other routes (a typed value, a far jump); those go
first when the budget is full, as :meth:`FrameServer.keep_order` makes the held frames worth
keeping the most recently used, the nearest last."""


def grid_index(control: Slider, value: float) -> int:
    """The index of ``value`` on ``control``'s grid (min + index × step), clamped to the range;
    halves round up, as JavaScript's ``Math.round`` (the player computes the same key)."""
    top = math.floor((control.max - control.min) / control.step + 0.5)
    return min(top, max(0, math.floor((value - control.min) / control.step + 0.5)))


def grid_value(control: Slider, index: int) -> float | int:
    """The value of grid index ``index`` (the slider's own unit), within [min, max]."""
    value = min(max(control.min + index * control.step, control.min), control.max)
    return int(round(value)) if control.integer else round(value, 12)


def frame_key(indices: Sequence[int]) -> str:
    """A setting's cache key, as the player spells it: the grid indices joined by commas."""
    return ",".join(str(int(k)) for k in indices)


def frame_bytes(png: bytes | None, text: str) -> int:
    """What a frame counts against the budget (the player's own count): PNG, text, overhead."""
    return (len(png) if png else 0) + 2 * len(text) + 64


def hold_frame(held: OrderedDict[str, int], key: str, size: int, budget: int) -> list[str]:
    """Record frame ``key`` of ``size`` bytes as the most recently used in ``held`` (key -> bytes)
    and let the least recently used go until the total is within ``budget`` bytes (never ``key``
    itself), as the player's ``FrameCache.put`` does; return the keys let go, oldest first."""
    held.pop(key, None)
    held[key] = size
    total = sum(held.values())
    evicted = []
    for old in list(held):
        if total <= budget or old == key:
            break
        total -= held.pop(old)
        evicted.append(old)
    return evicted


def prefetch_order(controls: Sequence[Slider], center: Sequence[int], active: int | None,
                   near: int = NEIGHBOURS, full: bool = True) -> list[tuple[int, ...]]:
    """Settings to draw ahead, most likely next first: one step each way along every slider
    (the active one first), then two, up to ``near``; then (if ``full``) the rest of the active
    slider's range, nearest first, then the rest of each other slider's range (a student who
    grabs another slider and drags it finds it drawn ahead too). Never the centre itself, never
    off the grid."""
    tops = [grid_index(c, c.max) for c in controls]
    order = [active, *(j for j in range(len(controls)) if j != active)] if active is not None \
        else list(range(len(controls)))
    out: list[tuple[int, ...]] = []

    def add(j: int, k: int) -> None:
        if 0 <= k <= tops[j] and k != center[j]:
            out.append(tuple(k if i == j else c for i, c in enumerate(center)))

    for d in range(1, near + 1):
        for j in order:
            add(j, center[j] + d)
            add(j, center[j] - d)
    if full:
        for j in order:
            for d in range(near + 1, tops[j] + 1):
                add(j, center[j] + d)
                add(j, center[j] - d)
    return list(dict.fromkeys(out))


class FrameServer:
    """The kernel's half of the frame cache, without any widget: which frames the browser holds
    (keys and sizes only, least recently used out at the browser's budget), which to draw next.

    ``visit(key, hit)`` is a slider step in the browser; it returns whether the kernel must draw
    that setting now (a miss). ``next_prefetch(full)`` is the next setting to draw in idle time:
    the neighbours of the setting shown, then, only if ``full`` (the chart the student touched
    last), the rest of the active slider's range, as far as :data:`PREFETCH_SHARE` of the budget
    holds them.
    """

    def __init__(self, chart: ModelChart, budget: int = FRONT_BUDGET) -> None:
        self.chart = chart
        self.controls = chart.controls
        self.budget = budget
        self.held: OrderedDict[str, int] = OrderedDict()
        self.center: tuple[int, ...] = tuple(grid_index(c, c.value) for c in self.controls)
        self.active = 0  # the slider last moved alone; the first one until then
        self._queue: list[tuple[int, ...]] = []  # reversed: the next setting last
        self._far = 0  # how many of the queue (from its start) are past the neighbours
        self._sized = False  # whether the plan's frame size came from a frame drawn
        self._keep: list[str] = []  # the keys worth holding, least likely next first

    def reset(self, key: str | None = None) -> None:
        """A new browser view: it holds nothing yet."""
        self.held.clear()
        if key:
            self.center = self.parse(key)
        self.replan()

    def parse(self, key: str) -> tuple[int, ...]:
        """A key from the browser as indices; a malformed one is refused."""
        indices = tuple(int(k) for k in key.split(","))
        if len(indices) != len(self.controls):
            raise ValueError(f"frame key {key!r} has {len(indices)} indices, the chart "
                             f"{len(self.controls)} sliders")
        return tuple(grid_index(c, grid_value(c, k)) for c, k in zip(self.controls, indices))

    def values(self, indices: Sequence[int]) -> dict[str, float | int]:
        return {c.name: grid_value(c, k) for c, k in zip(self.controls, indices)}

    def frame(self, indices: Sequence[int]) -> tuple[str, bytes | None, str]:
        """Draw a setting: (key, PNG or None, summary or one-line message); recorded as held."""
        png, text = self.chart.render(**self.values(indices))
        key = frame_key(indices)
        self.hold(key, frame_bytes(png, text))
        if not self._sized:  # the plan guessed the frames' size: plan again with a real one
            self.replan()
        return key, png, text

    def hold(self, key: str, size: int) -> None:
        hold_frame(self.held, key, size, self.budget)

    def evicted(self, keys: Sequence[str]) -> None:
        for key in keys:
            self.held.pop(key, None)

    def visit(self, key: str, hit: bool) -> bool:
        """The browser moved to ``key`` (from its cache if ``hit``): True if it must be drawn now
        (then :meth:`replan` once it is drawn)."""
        indices = self.parse(key)
        moved = [j for j, (a, b) in enumerate(zip(self.center, indices)) if a != b]
        if len(moved) == 1:
            self.active = moved[0]
        self.center = indices
        if not hit:  # planned once it is drawn (:meth:`replan`): the step does not wait for it
            return True
        if key in self.held:
            self.held.move_to_end(key)
        self.replan()
        return False

    def frame_size(self) -> float:
        """Bytes a frame not drawn yet is expected to take: the mean of those the browser holds
        (before any, a 64th of the budget)."""
        return sum(self.held.values()) / len(self.held) if self.held else self.budget / 64

    def replan(self) -> None:
        """The settings to hold from here: the head of :func:`prefetch_order` that fits in
        :data:`PREFETCH_SHARE` of the budget (frames held at their size, the others at
        :meth:`frame_size`); the queue is those of them not held yet."""
        order = prefetch_order(self.controls, self.center, self.active)
        near = len(prefetch_order(self.controls, self.center, self.active, full=False))
        room, size, keep = PREFETCH_SHARE * self.budget, self.frame_size(), []
        room -= self.held.get(frame_key(self.center), 0)
        for indices in order:
            room -= self.held.get(frame_key(indices), size)
            if room < 0:
                break
            keep.append(indices)
        self._sized = bool(self.held)
        self._far = max(0, len(keep) - near)
        self._queue = keep[::-1]
        self._keep = [frame_key(k) for k in keep[::-1]] + [frame_key(self.center)]

    def keep_order(self) -> list[str]:
        """The held frames worth keeping from here, least likely next first and the setting shown
        last, now made the most recently used (the browser does the same with the list): frames
        drawn ahead for an earlier setting, or reached another way, are the first let go when the
        budget is full, never the neighbours of the setting shown (drawn first, they would
        otherwise be the least recently used)."""
        keys = [key for key in self._keep if key in self.held]
        for key in keys:
            self.held.move_to_end(key)
        return keys

    def _open(self, full: bool) -> bool:
        """Whether the head of the queue may be drawn: any is left, and it is among the
        neighbours unless ``full``."""
        return bool(self._queue) and (full or len(self._queue) > self._far)

    def next_prefetch(self, full: bool = True) -> tuple[int, ...] | None:
        """The next setting to draw ahead (not held yet), or None when the settings worth
        holding (:meth:`replan`) are all held, or only the far range is left and not ``full``."""
        while self._open(full):
            indices = self._queue.pop()
            key = frame_key(indices)
            if key not in self.held:
                return indices
        return None

    def has_prefetch(self, full: bool = True) -> bool:
        """Whether :meth:`next_prefetch` would give a setting (drops those already held)."""
        while self._queue and frame_key(self._queue[-1]) in self.held:
            self._queue.pop()
        return self._open(full)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _shell_busy() -> bool:
    """Whether the kernel is handling a shell message now (ipykernel 6 and 7 hold this lock while
    they do): a student's step may be in it, so no prefetch frame may start.

    The shell socket itself is not probed: reading a ZeroMQ socket's events from outside its
    stream consumes the edge its file descriptor signals, and the stream would then leave the
    message unread. Messages still on the socket are read by the event loop in the turns
    :class:`_Scheduler` waits (:data:`CALM_HOPS`) before it draws ahead."""
    try:
        from ipykernel.kernelbase import Kernel
        if not Kernel.initialized():
            return False
        lock = getattr(Kernel.instance(), "_main_asyncio_lock", None)
        return lock is not None and lock.locked()
    except Exception:  # noqa: BLE001 - never let a probe break the chart
        return False


def _short_of_cpu() -> bool:
    """The kernel's measure (:data:`CPU_SHARE`), unless ``VALUELOOPS_PREFETCH_FULL=1`` asks for
    drawing ahead at full speed whatever the machine's load (tests that time the player, a
    single-user machine that would rather spend its CPU)."""
    return os.environ.get("VALUELOOPS_PREFETCH_FULL") != "1" and CPU_SHARE.short()


class CpuShare:
    """How much of its drawing time the kernel got a CPU for: thread CPU seconds over wall seconds,
    summed over the last :data:`CPU_SHARE_FRAMES` frames drawn within :data:`CPU_SHARE_SECONDS`.
    A kernel that waits for a core most of the time it draws shares a machine short of CPU."""

    def __init__(self, frames: int = CPU_SHARE_FRAMES, seconds: float = CPU_SHARE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._draws: deque[tuple[float, float, float]] = deque(maxlen=frames)  # (when, CPU s, wall s)
        self.seconds, self.clock = seconds, clock

    def record(self, cpu_s: float, wall_s: float) -> None:
        """One frame drawn: the thread's CPU time and the wall time it took (seconds)."""
        if wall_s > 0:
            self._draws.append((self.clock(), max(0.0, cpu_s), wall_s))

    def share(self) -> float | None:
        """CPU seconds per wall second over the recent frames (0–1), or None without any."""
        since = self.clock() - self.seconds
        recent = [(c, w) for when, c, w in self._draws if when >= since]
        wall = sum(w for _, w in recent)
        return min(1.0, sum(c for c, _ in recent) / wall) if wall > 0 else None

    def short(self) -> bool:
        """Whether the kernel got a CPU for less than :data:`CPU_SHARE_LIMIT` of its drawing time."""
        share = self.share()
        return share is not None and share < CPU_SHARE_LIMIT


CPU_SHARE = CpuShare()
"""The kernel's one measure, fed by every frame its players draw."""


class _Scheduler:
    """Drawing ahead for every chart in the kernel, run from its event loop one frame at a time.
    A student's step is never queued here: it is drawn while the kernel handles it
    (``FramePlayer._draw_step``). Once no step has been drawn for :data:`PREFETCH_IDLE` s and no
    shell message has been read or handled (:func:`_shell_busy`) for :data:`CALM_HOPS` turns of
    the loop: the whole active slider's range for the chart touched last, the neighbours only for
    the others, and never more than :data:`PREFETCH_WINDOW` frames on the way per chart. Between
    two frames the loop reads the browser's next messages, so a step waits at most for the one
    frame being drawn, and never for a prefetch frame started after the step reached the kernel."""

    def __init__(self, busy: Callable[[], bool] = _shell_busy,
                 short_of_cpu: Callable[[], bool] = _short_of_cpu) -> None:
        self.players: list[Any] = []  # most recently active last
        self._handle: asyncio.Handle | None = None
        self.last_miss = -math.inf  # when the kernel last drew a step a student asked for
        self.last_prefetch = -math.inf  # when the kernel last drew a frame ahead
        self.busy = busy
        self.short_of_cpu = short_of_cpu
        self.slowed = 0  # prefetch frames put off because the machine was short of CPU (tests)
        self._calm = 0
        self.deferred = 0  # prefetch frames put off because a shell message was pending (tests)

    def wake(self, player: Any, touch: bool = True) -> None:
        """Drawing ahead may be due for ``player``; ``touch``: the student moved it (it goes
        first)."""
        if touch:
            if player in self.players:
                self.players.remove(player)
            self.players.append(player)
        elif player not in self.players:  # a new view, not touched yet: after the others
            self.players.insert(0, player)
        loop = _running_loop()
        if isinstance(self._handle, asyncio.TimerHandle):  # waiting for idle: plan again from
            self._handle.cancel()  # the new step's time
            self._handle = None
        if self._handle is None and loop is not None:
            self._handle = loop.call_soon(self.tick)

    def _later(self, loop: asyncio.AbstractEventLoop | None, delay: float = 0.0) -> None:
        if loop is not None:
            self._handle = loop.call_later(delay, self.tick) if delay > 0 else loop.call_soon(self.tick)

    def next_work(self) -> tuple[Any, bool] | None:
        """The player to draw ahead for now and whether it may take the whole range (the chart
        touched last), or None when none has work."""
        self.players = [p for p in self.players if p.comm is not None]  # closed widgets out
        ranked = self.players[::-1]
        for i, p in enumerate(ranked):  # the whole range only for a chart a student touched
            full = i == 0 and getattr(p, "touched", True)
            if p.can_prefetch(full=full):
                return p, full
        return None

    def tick(self) -> None:
        self._handle = None
        loop = _running_loop()
        work = self.next_work()
        if work is None:
            self._calm = 0
            return
        chosen, full = work
        wait = self.last_miss + PREFETCH_IDLE - time.monotonic()
        if wait > 0 and loop is not None:  # the student is still moving: no prefetch yet
            self._calm = 0
            self._later(loop, wait)
            return
        if self.busy():
            self.deferred += 1
            self._calm = 0
            self._later(loop, 0.002)
            return
        if loop is not None and self._calm < CALM_HOPS:
            self._calm += 1
            self._later(loop)
            return
        pause = self.last_prefetch + SLOW_PREFETCH_PAUSE - time.monotonic()
        if pause > 0 and self.short_of_cpu():  # a shared machine, busy: one frame a pause
            self.slowed += 1
            self._calm = 0
            self._later(loop, pause)
            return
        self.last_prefetch = time.monotonic()
        self._calm = 0
        chosen.guard(lambda: chosen._work(full=full))
        if any(p.has_work() for p in self.players):
            self._later(loop)


SCHEDULER = _Scheduler()


try:
    import anywidget
    import traitlets
except ImportError:  # pragma: no cover - pinned; without it every chart is today's image widget
    anywidget = None


if anywidget is not None:
    class FramePlayer(anywidget.AnyWidget):
        """The browser's frame cache for one chart (front end: ``static/player.js``).

        The browser tells the kernel each slider step and whether it had the picture; the
        kernel draws a miss at once, while it handles the step (the browser has one step on the
        way at a time and asks the newest when its frame arrives, so the newest wins), tells the
        browser which of its frames are worth keeping (:meth:`FrameServer.keep_order`), then,
        while no step waits, draws the neighbours of the setting (:func:`prefetch_order`) and
        sends each as a binary buffer.
        """

        _esm = PLAYER_JS
        controls = traitlets.List().tag(sync=True)
        sliders = traitlets.List().tag(sync=True)
        budget = traitlets.Int(FRONT_BUDGET).tag(sync=True)

        def __init__(self, chart: ModelChart, sliders: Sequence[widgets.Widget],
                     guard: Callable[[Callable[[], None]], None], **kwargs: Any) -> None:
            super().__init__(
                controls=[{"name": c.name, "min": c.min, "max": c.max, "step": c.step}
                          for c in chart.controls],
                sliders=[f"IPY_MODEL_{s.model_id}" for s in sliders], **kwargs)
            self.server = FrameServer(chart, self.budget)
            self.guard = guard
            self.connected = False
            self.on_connect: Callable[[], None] | None = None
            self.sent = {"asked": 0, "prefetch": 0, "bytes": 0}
            self.touched = False  # a student has moved this chart's sliders
            self._asked_at: float | None = None  # when the step being drawn reached the kernel
            self._to_kernel_ms: float | None = None  # its time on the way from the browser
            self._unacked = 0  # prefetch frames sent and not yet acknowledged by the browser
            self._unacked_at = 0.0
            self.on_msg(self._on_message)

        @classmethod
        def for_chart(cls, chart: ModelChart, sliders: Sequence[widgets.Widget],
                      guard: Callable[[Callable[[], None]], None]) -> FramePlayer | None:
            return cls(chart, sliders, guard)

        def _on_message(self, _widget: Any, content: Mapping[str, Any], _buffers: Any) -> None:
            kind = content.get("type")
            if kind == "ready":
                self.guard(lambda: self._ready(str(content.get("key") or "")))
            elif kind == "show":
                self.touched = True
                key = str(content.get("key", ""))
                if self.server.visit(key, bool(content.get("hit"))):
                    self._draw_step(self.server.parse(key), content.get("sent"))
                keep = self.server.keep_order()
                if keep:
                    self.send({"type": "keep", "keys": keep})
                self._schedule()
            elif kind == "evicted":
                self.server.evicted([str(k) for k in content.get("keys", [])])
            elif kind == "got":  # prefetch frames the browser has received
                self._unacked = max(0, self._unacked - int(content.get("n", 1)))
                SCHEDULER.wake(self, touch=False)

        def _draw_step(self, indices: tuple[int, ...], sent: Any) -> None:
            """Draw a step the browser did not have, now, while the kernel handles the step: the
            frame leaves before the kernel says it is idle, and no frame drawn ahead is started
            before it. The browser keeps one step on the way per chart (asking the newest when its
            frame arrives), so no backlog of steps builds up here. ``sent``: the browser's wall
            clock when it sent the step (ms, same machine; for the benchmark)."""
            self._asked_at = time.monotonic()
            self._to_kernel_ms = (round(time.time() * 1000 - float(sent), 1)
                                  if isinstance(sent, (int, float)) else None)
            SCHEDULER.last_miss = time.monotonic()
            self.guard(lambda: self._send_frame(indices))
            self.server.replan()

        def _ready(self, key: str) -> None:
            self.server.reset(key)
            self._unacked = 0
            self.connected = True
            if self.on_connect is not None:
                self.on_connect()
            self._send_frame(self.server.center)
            SCHEDULER.wake(self, touch=False)  # opening a notebook touches no chart

        def _send_frame(self, indices: tuple[int, ...], prefetch: bool = False) -> None:
            start, cpu = time.monotonic(), time.thread_time()
            key, png, text = self.server.frame(indices)
            CPU_SHARE.record(time.thread_time() - cpu, time.monotonic() - start)
            content = {"type": "frame", "key": key, "summary": "" if png is None else text,
                       "message": text if png is None else "", "prefetch": prefetch}
            if not prefetch and self._asked_at is not None:  # for the benchmark: where it waited
                content["wait_ms"] = round(1000 * (start - self._asked_at), 1)
                content["draw_ms"] = round(1000 * (time.monotonic() - start), 1)
                content["to_kernel_ms"] = self._to_kernel_ms
                content["sent"] = round(time.time() * 1000, 1)  # wall clock ms (same machine)
                self._asked_at = None
            self.send(content, buffers=[png] if png else None)
            self.sent["prefetch" if prefetch else "asked"] += 1
            self.sent["bytes"] += len(png or b"")
            if prefetch:
                self._unacked += 1
                self._unacked_at = time.monotonic()

        def _schedule(self) -> None:
            SCHEDULER.wake(self)

        def can_prefetch(self, full: bool = True) -> bool:
            """Whether a prefetch frame may be drawn now: one is due (the whole range only if
            ``full``) and fewer than :data:`PREFETCH_WINDOW` are on the way to the browser."""
            window_open = (self._unacked < PREFETCH_WINDOW
                           or time.monotonic() - self._unacked_at > PREFETCH_ACK_STALE)
            return window_open and self.server.has_prefetch(full)

        def has_work(self) -> bool:
            return self.can_prefetch(full=False) or (
                self.touched and bool(SCHEDULER.players) and SCHEDULER.players[-1] is self
                and self.can_prefetch())

        def _work(self, full: bool = True) -> None:
            """One frame drawn ahead, if one is due (the whole range only if ``full``)."""
            indices = self.server.next_prefetch(full)
            if indices is not None:
                self._send_frame(indices, prefetch=True)


else:  # pragma: no cover
    class FramePlayer:  # type: ignore[no-redef]
        @classmethod
        def for_chart(cls, *_args: Any) -> None:
            return None
