"""The course's one chart theme: seaborn, a colour-blind-safe palette, fonts legible on a projector.

Series never differ by colour alone: :data:`LINESTYLES` and :data:`MARKERS` give each series a
second cue. Every chart has a title and axis labels with units (tests check this).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .rounding import round_half_up  # noqa: F401  (the course's one rounding rule, for chart text)

PALETTE: list[tuple[float, float, float]] = sns.color_palette("colorblind", 8)
"""Okabe-Ito-like colour-blind-safe colours (seaborn's "colorblind")."""

LINESTYLES: tuple[str, ...] = ("-", "--", "-.", ":")
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")

ZERO_LINE: dict[str, Any] = {"color": "0.35", "linewidth": 1.0, "linestyle": "-", "zorder": 1}
"""Keyword arguments for ``ax.axhline(0, **ZERO_LINE)`` where a sign matters."""

FIGSIZE: tuple[float, float] = (7.5, 4.2)
"""Default figure size in inches: wide enough to read, small enough to redraw fast."""


def theme_rc() -> dict[str, Any]:
    """The course's matplotlib rc settings (seaborn whitegrid + notebook context, larger fonts)."""
    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context("notebook", font_scale=1.05))
    rc.update({
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "figure.figsize": FIGSIZE,
        "figure.dpi": 90,
        "savefig.dpi": 90,
        "legend.frameon": False,
        "lines.linewidth": 2.2,
        "svg.hashsalt": "valueloops",
        # Speed: text dominates a redraw. A title at a fixed height skips matplotlib's search
        # for a free spot on every draw, and unhinted glyphs at hinting factor 1 render about
        # a third faster than the default 8x oversampling, with no visible loss at this size.
        "axes.titley": 1.0,
        "axes.titlepad": 8.0,
        "text.hinting": "none",
    })
    return rc


def apply_theme() -> None:
    """Make the course theme the default for every chart in this kernel (call once per notebook).

    In a notebook it also turns on inline display, so a chart function that returns a
    ``matplotlib.figure.Figure`` shows as an image when it is a cell's last expression.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the course
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is not None and hasattr(shell, "kernel"):
        shell.run_line_magic("matplotlib", "inline")
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font_scale=1.05)
    mpl.rcParams.update(theme_rc())


@contextmanager
def theme() -> Iterator[None]:
    """The course theme for the charts made inside the ``with`` block only."""
    with mpl.rc_context(theme_rc()):
        yield


def category_styles(categories: list[str]) -> dict[str, Any]:
    """Keyword arguments for a seaborn ``hue``/``style`` plot: each category its own colour,
    marker and dash pattern (the first solid), in the given order."""
    return {"hue_order": list(categories), "style_order": list(categories),
            "palette": {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)},
            "markers": {c: MARKERS[i % len(MARKERS)] for i, c in enumerate(categories)},
            "dashes": {c: (None, None) if i == 0 else (4, 2 + i) for i, c in enumerate(categories)}}


NICE_STEPS: tuple[float, ...] = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_limit(value: float, headroom: float = 1.1) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or
    above ``value × headroom``: an axis limit that stays put while the data moves a little, so
    the chart's axes are not redrawn on every slider step. Returns 1.0 for values ≤ 0."""
    target = value * headroom
    if not math.isfinite(target) or target <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(target))
    return next(round(step * power, 12) for step in NICE_STEPS if step * power >= target * (1 - 1e-12))


def lean_axes(ax: Axes, xbins: int = 5, ybins: int = 5) -> None:
    """At most ``xbins``/``ybins`` tick intervals: fewer tick labels to draw on every slider move."""
    ax.xaxis.set_major_locator(MaxNLocator(xbins))
    ax.yaxis.set_major_locator(MaxNLocator(ybins))


def series_style(i: int) -> dict[str, Any]:
    """Colour, line style and marker for the i-th series, so series differ by more than colour."""
    return {"color": PALETTE[i % len(PALETTE)], "linestyle": LINESTYLES[i % len(LINESTYLES)],
            "marker": MARKERS[i % len(MARKERS)], "markevery": 0.1}
