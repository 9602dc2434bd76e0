"""Charts of the loop-gain model (lessons 00 and 01).

Lesson 00: :class:`LoopGainChart`. Lesson 01: the flywheel diagram (:func:`flywheel_diagram`), the
three regimes (:func:`plot_regimes`), the flywheel with a capacity (:class:`FlywheelChart`) and
Amazon's growth against its sales (:func:`plot_growth_against_sales`; the lecture draws net sales
by year inline) and three loops read off the same growth rates (:func:`plot_growth_readings`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from .. import style, validate
from ..rounding import round_half_up
from .diagram import ECOMMERCE_LOOP
from ..flywheel import (LogisticFit, PushedLoopFit, capped_path, fit_constant_growth, fit_logistic, fit_pushed_loop,
                        growth_fit_error, growth_rates, long_run_level, loop_gain, loop_path)
from ..widgets import ModelChart, Slider, ladder_limit


@dataclass(frozen=True)
class LoopRun:
    """One run of the loop: the gain used and the path it gives."""

    gain: float
    path: pd.Series


LOOP_LADDER = (250, 3000, 10000, 25000, 50000)
"""The y-axis limits of :class:`LoopGainChart` (customers a month), from low to high."""
LEVEL_LABEL_LIFT = 8.0
"""How far (points) :class:`LoopGainChart`'s long-run label sits above its dashed line: more than
half a marker, so the path's markers that close in on the line do not touch the label."""


class LoopGainChart(ModelChart):
    """A tiny loop with one slider: customers kept each month (gain G) plus a fixed push u.

    The push and horizon are fixed at construction (illustrative values, not Amazon's).
    """

    controls = (Slider("gain", "Loop gain G: customers next month per customer this month", 0.0, 1.2,
                       0.05, 0.5, "a ratio"),)   # r28a 00 #1: the unit does not repeat "per month"

    def __init__(self, push: float = 100.0, months: int = 24) -> None:
        super().__init__()
        self.push = push
        self.months = months

    def compute(self, gain: float) -> LoopRun:
        return LoopRun(gain, loop_path(gain=gain, push=self.push, steps=self.months))

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        # a marker every few months (every 3 of 24, month 24 included), not spread by arc length
        every = max(1, self.months // 8)
        (self.line,) = ax.plot([], [], **{**style.series_style(0), "markevery": every},
                               label="customers x[t]")
        self.level = ax.axhline(0, color=style.PALETTE[1], linestyle="--", linewidth=1.5)
        # the long-run level is labelled on its line, not in the legend: at G >= 1 there is none,
        # and the line and its label go (a legend entry would name a line that is not drawn). The
        # path closes in on the line from below, its markers reaching just above it: the label sits
        # LEVEL_LABEL_LIFT points higher, clear of them
        self.level_label = ax.text(0.99, 0, "", ha="right", va="bottom", fontsize="small",
                                   color=style.PALETTE[1],
                                   transform=offset_copy(ax.get_yaxis_transform(), fig=fig,
                                                         y=LEVEL_LABEL_LIFT, units="points"))
        ax.set(title="A tiny loop: x[t+1] = G·x[t] + u", xlabel="Month",
               ylabel="Customers per month", xlim=(-0.5, self.months + 0.5))
        ax.legend(loc="upper left")
        self.ax = ax
        fig.tight_layout()

    def update(self, run: LoopRun) -> None:
        self.line.set_data(run.path.index, run.path.to_numpy())
        top = run.path.max()
        if abs(run.gain) < 1:
            level = long_run_level(run.gain, self.push)
            self.level.set_ydata([level, level])
            self.level_label.set(text=f"long-run level u/(1 − G) = {level:,.0f}", y=level)
            top = max(top, level)
        self.level.set_visible(abs(run.gain) < 1)
        self.level_label.set_visible(abs(run.gain) < 1)
        # five fixed heights (settling low; settling high or G = 1; three for exploding): the axis
        # stays put across most of the slider and settings compare by eye; the lowest fits the
        # lecture's G = 0.5 (level 200 on a 250 axis), 10,000 fits G = 1.1 (8,850 in month 24),
        # the highest G = 1.2 (about 39,000)
        self.ax.set_ylim(0, ladder_limit(1.1 * top, LOOP_LADDER))

    def summary(self, run: LoopRun) -> str:
        last = run.path.iloc[-1]
        if abs(run.gain) < 1:
            return (f"G = {run.gain:.2f}: the loop settles at "
                    f"{long_run_level(run.gain, self.push):,.0f} customers a month "
                    f"(month {self.months}: {last:,.0f}).")
        return (f"G = {run.gain:.2f}: no settling; month {self.months}: {last:,.0f} customers "
                f"and growing.")


# --- Lesson 01: the flywheel diagram, the three regimes, the capped loop, and the data ---------

FLYWHEEL_LADDER = (250, 500, 1000, 4000)
"""The y-axis limits of :class:`FlywheelChart` (thousand orders a quarter), from low to high."""

FLYWHEEL_LINKS = ECOMMERCE_LOOP
"""Amazon's flywheel, the same loop as the course map's (:data:`~valueloops.charts.diagram.ECOMMERCE_LOOP`)."""


def flywheel_diagram() -> Figure:
    """The flywheel as one reinforcing loop, drawn with :func:`~valueloops.charts.diagram.draw_loop`."""
    from .diagram import draw_loop, frame_diagram

    with style.theme():
        fig = Figure(figsize=(6.4, 5.0))
        ax = fig.subplots()
        draw_loop(ax, FLYWHEEL_LINKS, (0, 0), 1.9, style.PALETTE[0], "")
        frame_diagram(ax, (-2.9, 2.9), (-2.5, 2.5), "Amazon's flywheel: one reinforcing loop (R)")
    return fig


def plot_regimes(gains: tuple[float, ...] = (0.8, 1.0, 1.1), push: float = 10.0,
                 steps: int = 30) -> Figure:
    """Three runs of x[t+1] = G·x[t] + u from 0: converge (G < 1), a straight line (G = 1),
    explode (G > 1). Illustrative numbers."""
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        for i, g in enumerate(gains):
            path = loop_path(gain=g, push=push, steps=steps)
            ax.plot(path.index, path.to_numpy(), **style.series_style(i), label=f"G = {g:g}")
        ax.set(title=f"Loop gain decides the shape (u = {push:g} a step, illustrative)",
               xlabel="Step (quarter)", ylabel="Level x (orders, thousands)", xlim=(0, steps))
        ax.legend(loc="upper left")
        fig.tight_layout()
    return fig


@dataclass(frozen=True)
class FlywheelRun:
    """One run of the flywheel chart: the links, their product G, the capacity, two paths."""

    links: tuple[float, float, float]
    gain: float
    capacity: float
    free: pd.Series
    capped: pd.Series


def readable(value: float) -> str:
    """A level for a sentence: below a million with thousands separators (202,365), above it in
    words at three significant figures (202,365,338,095 -> "about 202 billion"), rounded half up."""
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            scaled = value / size
            places = max(0, 2 - int(math.floor(math.log10(abs(scaled)))))
            shown = f"{round_half_up(scaled, places):,.{places}f}"
            return f"about {shown} {name}"
    return f"{value:,.0f}"


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def as_power_of_ten(value: float) -> str:
    """A huge level for a sentence, two significant figures: 202,365,338,095,000 -> "2.0 × 10¹⁴"."""
    exponent = int(math.floor(math.log10(abs(value))))
    mantissa = round_half_up(value / 10 ** exponent, 1)
    if mantissa >= 10:  # 9.96 × 10¹⁴ rounds to 10.0: carry into the exponent
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:.1f} × 10{str(exponent).translate(_SUPERSCRIPT)}"


class FlywheelChart(ModelChart):
    """Three link strengths around the flywheel (their product is G) and a capacity K.

    Two paths from the same start: the plain loop x[t+1] = G·x[t] + u, and the same loop with a
    balancing loop that slows growth as x nears K (:func:`~valueloops.flywheel.capped_path`).
    Start, push and horizon are fixed at construction (illustrative values, not Amazon's).
    """

    controls = (
        Slider("link1", "Link 1: better experience → more traffic", 0.8, 1.2, 0.02, 1.1,
               "marginal effect"),
        Slider("link2", "Link 2: traffic → sellers → selection → growth", 0.8, 1.2, 0.02, 1.0,
               "marginal effect"),
        Slider("link3", "Link 3: growth → lower cost structure → lower prices → experience",
               0.8, 1.2, 0.02, 1.0, "marginal effect"),
        Slider("capacity", "Capacity K (warehouses, market size)", 200, 2000, 100, 1000,
               "thousand orders"),
    )

    def __init__(self, start: float = 50.0, push: float = 10.0, quarters: int = 40) -> None:
        super().__init__()
        self.start = start
        self.push = push
        self.quarters = quarters

    def compute(self, link1: float, link2: float, link3: float, capacity: float) -> FlywheelRun:
        links = tuple(validate.number(name, v, low=0) for name, v in
                      (("link1", link1), ("link2", link2), ("link3", link3)))  # errors name the slider
        gain = loop_gain(links)
        free = loop_path(gain=gain, push=self.push, steps=self.quarters, start=self.start)
        capped = capped_path(gain=gain, push=self.push, capacity=capacity, steps=self.quarters,
                             start=min(self.start, capacity))
        return FlywheelRun(links, gain, float(capacity), free, capped)

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        (self.free_line,) = ax.plot([], [], **style.series_style(1), label="no limit: G·x + u")
        (self.capped_line,) = ax.plot([], [], **style.series_style(0),
                                      label="with a balancing loop (capacity K)")
        self.cap = ax.axhline(0, color="0.35", linestyle=":", linewidth=1.5)
        # the capacity is labelled on the chart, not in the legend: where K is off the axis the
        # label says so, instead of a legend entry naming a line that is not drawn
        self.cap_label = ax.text(0.99, 0, "", transform=ax.get_yaxis_transform(), ha="right",
                                 va="bottom", fontsize="small", color="0.25")
        ax.set(title="The flywheel with and without a limit", xlabel="Quarter",
               ylabel="Orders per quarter (thousands)", xlim=(-0.5, self.quarters + 0.5))
        style.lean_axes(ax)
        ax.legend(loc="upper left")
        self.ax = ax
        fig.tight_layout()

    @staticmethod
    def axis_limit(run: FlywheelRun) -> float:
        """The top of the y-axis for ``run``: one of four fixed heights (converging, a small or a
        larger cap, exploding; see LoopGainChart), chosen from the capped path and the free one
        up to 1.5 K."""
        top = max(run.capped.max(), min(run.free.max(), 1.5 * run.capacity))
        return ladder_limit(1.1 * top, FLYWHEEL_LADDER)

    def update(self, run: FlywheelRun) -> None:
        self.free_line.set_data(run.free.index, run.free.to_numpy())
        self.capped_line.set_data(run.capped.index, run.capped.to_numpy())
        self.cap.set_ydata([run.capacity, run.capacity])
        # K is compared with the limit chosen, not with the data: K anywhere on the axis (at its
        # top too: links 1.02/1.0/1.0 with K = 1,000 on a 1,000 axis) is drawn and labelled where
        # it is; K above the axis is said in the label (links 1.0/1.0/1.0 with K = 1,000: a 0-500 axis)
        limit = self.axis_limit(run)
        on_axis = run.capacity <= limit
        self.cap.set_visible(on_axis)
        self.ax.set_ylim(0, limit)
        if on_axis and run.capacity > 0.93 * limit:  # at the top: the label goes under the line
            self.cap_label.set(text=f"capacity K = {run.capacity:,.0f} (top of the axis)",
                               y=run.capacity, va="top")
        elif on_axis:
            self.cap_label.set(text=f"capacity K = {run.capacity:,.0f}", y=run.capacity, va="bottom")
        else:
            self.cap_label.set(text=f"capacity K = {run.capacity:,.0f} lies above this axis ↑",
                               y=0.97 * limit, va="top")

    def summary(self, run: FlywheelRun) -> str:
        links = " × ".join(f"{x:.2f}" for x in run.links)
        digits = 4 if round(run.gain, 3) == 1 and not math.isclose(run.gain, 1.0, abs_tol=1e-9) else 3
        head = f"G = {links} = {run.gain:.{digits}f}"
        last_free, last_capped = run.free.iloc[-1], run.capped.iloc[-1]
        if math.isclose(run.gain, 1.0, abs_tol=1e-9):
            return (f"{head}: without a limit the loop adds u = {self.push:,.0f} a quarter, a straight "
                    f"line to {last_free:,.0f} in quarter {self.quarters}; with capacity "
                    f"{run.capacity:,.0f} growth slows as x nears K: {last_capped:,.0f} "
                    f"({last_capped / run.capacity:.0%} of K), no S-curve.")
        if run.gain < 1:
            return (f"{head} < 1: the loop converges, to u/(1 − G) = "
                    f"{long_run_level(run.gain, self.push):,.0f} without a limit; quarter "
                    f"{self.quarters}: {last_capped:,.0f} with capacity {run.capacity:,.0f}.")
        limit = self.axis_limit(run)
        if last_free >= 1e6:  # a million thousand orders and up: "about 202 billion thousand
            # orders" stacks two units (r28a), so the level is given in orders, as a power of ten
            level = f"far above the chart (about {as_power_of_ten(1000 * last_free)} orders)"
        else:
            where = (" (far above the chart)" if last_free > 10 * limit
                     else " (above the chart)" if last_free > limit else "")
            level = f"{readable(last_free)} thousand orders{where}"
        return (f"{head}: without a limit quarter {self.quarters} reaches {level} "
                f"and keeps growing; with capacity {run.capacity:,.0f} the S-curve reaches "
                f"{last_capped:,.0f} ({last_capped / run.capacity:.0%} of K).")


def consolidated_sales(segments: pd.DataFrame) -> pd.Series:
    """Amazon's consolidated net sales by year in US$ billions, from ``load("amazon_segments")``."""
    rows = segments[segments["segment"] == "Consolidated"].sort_values("year")
    return (rows.set_index("year")["net_sales_musd"] / 1000).rename("net_sales_busd")


def _round_up(value: float, step: float) -> float:
    """``value`` rounded up to a multiple of ``step`` (an axis limit that follows the data)."""
    return step * math.ceil(value / step)


def plot_growth_against_sales(segments: pd.DataFrame) -> Figure:
    """Each year's growth against the net sales it started from, with the straight line logistic
    growth predicts (a descriptive fit, not a forecast), drawn up to the fit's K. The lecture draws net sales by year itself,
    in a few lines of seaborn; this annotated chart stays here.

    segments: ``load("amazon_segments")`` (the Consolidated rows are used).
    """
    sales = consolidated_sales(segments)
    growth = growth_rates(sales)
    fit = fit_logistic(sales)
    start = sales.shift(1).loc[growth.index]
    top = _round_up(1.1 * sales.max(), 100)
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        ax.scatter(start, 100 * growth, color=style.PALETTE[0], marker=style.MARKERS[0],
                   s=40, zorder=3, label="a year's growth")
        for year in sorted({2015, 2018, 2020, 2022, int(growth.index[-1])}):
            # 2022 (a low point with 2023 just up and to its right): its label goes below, to the left
            below = year == 2022
            ax.annotate(str(year), (start.loc[year], 100 * growth.loc[year]),
                        textcoords="offset points", xytext=(-5, -5) if below else (5, 4),
                        ha="right" if below else "left", va="top" if below else "baseline",
                        fontsize=9)
        # the axis runs past the fit's K, so the line is seen to reach zero growth there; the line
        # stops at K: a capped path that starts below K never passes it (growth never turns negative)
        bounded = math.isfinite(fit.capacity) and fit.capacity > 0
        reach = _round_up(1.05 * fit.capacity, 100) if bounded else top
        xs = np.linspace(0, fit.capacity if bounded else top, 50)
        ax.plot(xs, 100 * fit.growth_at(xs), color=style.PALETTE[1], linestyle="--",
                label=f"logistic fit: {fit.rate:.0%}·(1 − sales/{fit.capacity:,.0f})")
        ax.axhline(0, **style.ZERO_LINE)
        ax.set(title="Growth slowed as sales grew", xlabel="Net sales the year "
               "before (US$ billions)", ylabel="Growth on the year before (%)",
               xlim=(0, max(top, reach)))
        ax.legend(loc="lower left", fontsize=9)
        fig.tight_layout()
    return fig


READING_COLOURS = (1, 2, 4, 7)
"""Indices into :data:`~valueloops.style.PALETTE` of :func:`plot_growth_readings`' four lines (limit,
pushed loop, leaking loop, benchmark): orange, green, reddish purple, grey, far apart from each other
and from the data's blue."""


def plot_growth_readings(sales: pd.Series, leak_gain: float = 0.95) -> Figure:
    """Three loops fitted to the same growth rates: a reinforcing loop meeting a limit (logistic),
    a reinforcing loop with a push and no limit, and a leaking loop (G = ``leak_gain`` < 1) with a
    push; and the benchmark any reading must beat, a constant growth rate. Drawn past the data,
    where they move apart; the limit reading only up to its K and the leaking loop only up to its settled
    level u/(1 − G): a path that starts below either never passes it, so growth never turns
    negative. A vertical line marks the latest level, where next year's growth is read.

    sales: net sales by year (US$ billions, :func:`consolidated_sales`).
    """
    growth = growth_rates(sales)
    start = sales.shift(1).loc[growth.index]
    fits = {
        "reinforcing loop meeting a limit": fit_logistic(sales),
        "reinforcing loop with a push, no limit": fit_pushed_loop(sales),
        f"leaking loop (G = {leak_gain:g}) with a push": fit_pushed_loop(sales, gain=leak_gain),
        "benchmark: a constant growth rate": fit_constant_growth(sales),
    }
    right = _round_up(2 * sales.max(), 100)
    xs = np.linspace(0.6 * sales.iloc[0], right, 80)
    # the data are PALETTE[0]; the limit keeps the orange of plot_growth_against_sales' fit; the
    # leaking loop is reddish purple, not the vermillion next to that orange; the benchmark grey
    colours = [style.PALETTE[i] for i in READING_COLOURS]
    with style.theme():
        fig = Figure(figsize=(8, 4.6))
        ax = fig.subplots()
        ax.scatter(start, 100 * growth, color=style.PALETTE[0], marker=style.MARKERS[0], s=40,
                   zorder=3, label="a year's growth (data)")
        for i, (name, fit) in enumerate(fits.items()):
            error = 100 * growth_fit_error(sales, fit)
            # a capped path that starts below K never passes it: the limit reading stops at K; a
            # leaking loop that starts below u/(1 - G) never passes that either: it stops there
            reach = xs[xs <= fit.capacity] if isinstance(fit, LogisticFit) else xs
            if isinstance(fit, PushedLoopFit) and fit.gain < 1:
                settled = fit.push / (1 - fit.gain)
                reach = np.append(xs[xs < settled], settled)
                ax.annotate(f"u/(1 − G) ≈ {settled:,.0f}: the leaking\nloop settles here (growth 0)",
                            (settled, 0), textcoords="offset points", xytext=(48, -8),
                            ha="left", va="top", fontsize=8.5, color=colours[i],
                            arrowprops={"arrowstyle": "-", "color": colours[i], "lw": 0.8})
            if isinstance(fit, LogisticFit) and math.isfinite(fit.capacity):
                ax.annotate(f"K ≈ {fit.capacity:,.0f}: growth 0,\nthe capped path stops here",
                            (fit.capacity, 0), textcoords="offset points", xytext=(6, 12),
                            ha="left", va="bottom", fontsize=8.5, color=colours[i],
                            arrowprops={"arrowstyle": "-", "color": colours[i], "lw": 0.8})
            ax.plot(reach, 100 * fit.growth_at(reach), color=colours[i],
                    linestyle=("--", "-.", ":", (0, (1, 3)))[i], label=f"{name} (fit off by {error:.1f} points)")
        ax.axvline(sales.max(), color="0.6", linewidth=0.8)
        ax.annotate(f"latest level ({int(sales.idxmax())}):\nnext year's growth read here", (sales.max(), 42), textcoords="offset points",
                    xytext=(4, 0), fontsize=9, color="0.4")
        ax.axhline(0, **style.ZERO_LINE)
        ax.set(title="One path, three loops and a flat line: they move apart beyond the data",
               xlabel="Net sales the year before (US$ billions)",
               ylabel="Growth on the year before (%)", xlim=(0, right), ylim=(-15, 50))
        ax.legend(loc="lower left", fontsize=8.5)
        fig.tight_layout()
    return fig
