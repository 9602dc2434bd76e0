"""Charts of the capstone (lesson 11): a firm's loop model drawn, its rental business run.

* :func:`draw_loop_model` draws any :class:`~valueloops.capstone.LoopModel` as a causal-loop
  diagram: the busiest node in the middle, the others on a circle, each arrow marked + or −, each
  closed loop labelled R1, R2 ... (reinforcing) or B1 ... (balancing).
* :class:`RentalChart` is the widget over the worked example: the renters' loop gain and how much
  of the hidden asset the firm uses itself → renters served and the revenue from renting it out.
* :func:`plot_aws_segment` is the real-data story: AWS, the capability Amazon rented out.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from .. import style
from .diagram import frame_diagram
from ..capstone import (BALANCING, CaseResult, LoopModel, RentalParameters,
                        cold_chain_parameters, run_case)
from ..widgets import ModelChart, Slider, ladder_limit


_RAD = -0.18
"""Curvature of the diagram's arrows (matplotlib's arc3 ``rad``)."""


def _layout(model: LoopModel) -> dict[str, tuple[float, float]]:
    """The busiest node (most links) at the centre, the others clockwise on a circle from the top."""
    names = list(dict.fromkeys(n for n in model.nodes if isinstance(n, str)))
    for link in model.links:
        for end in (link.source, link.target):
            if end not in names:
                names.append(end)
    degree = {n: 0 for n in names}
    for link in model.links:
        degree[link.source] += 1
        degree[link.target] += 1
    hub = max(names, key=lambda n: degree[n]) if len(names) > 3 else None
    ring = [n for n in names if n != hub]
    pos = {hub: (0.0, 0.0)} if hub is not None else {}
    for i, name in enumerate(ring):
        angle = math.pi / 2 - 2 * math.pi * i / len(ring)
        pos[name] = (2.0 * math.cos(angle), 2.0 * math.sin(angle))
    return pos


def _sign_position(start: tuple[float, float], end: tuple[float, float], at: float = 0.55,
                   offset: float = 0.2) -> tuple[float, float]:
    """Where an arrow's + or − goes: on its arc3 curve, ``at`` of the way to the head, moved
    ``offset`` (data units) to the outside of the bend. matplotlib's arc3 uses the control point
    (midpoint + rad·(dy, −dx)) of a quadratic Bézier curve."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 + _RAD * dy, (y0 + y1) / 2 - _RAD * dx
    t = at
    bx = (1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t ** 2 * x1
    by = (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t ** 2 * y1
    norm = math.hypot(dx, dy) or 1.0
    side = math.copysign(1.0, _RAD)   # the curve bends towards the control point
    return bx + side * offset * dy / norm, by - side * offset * dx / norm


def loop_count(loops) -> str:
    """'2 reinforcing loops, 1 balancing loop': the counts in words, singular or plural."""
    kinds = [loop.kind for loop in loops]
    parts = []
    for kind in ("reinforcing", BALANCING):
        n = kinds.count(kind)
        parts.append(f"{n} {kind} loop{'' if n == 1 else 's'}")
    return ", ".join(parts)


def draw_loop_model(model: LoopModel, title: str | None = None) -> Figure:
    """A causal-loop diagram of ``model``: nodes, signed arrows and a label for every closed loop.

    Each arrow is marked + (same direction) or − (opposite direction); each loop's label (R for
    reinforcing, B for balancing, numbered in the order of :meth:`LoopModel.loops`) sits at the
    middle of its nodes. Coloured by kind (blue reinforcing, orange balancing) and marked by
    letter, so colour is never the only cue. Problems in the model are not drawn: validate first.
    """
    if not isinstance(model, LoopModel):
        raise ValueError(f"draw_loop_model needs a LoopModel, got {type(model).__name__}: "
                         f"build the model first (exercise 11.1)")
    bad = [p for p in model.problems() if "is not a Link" in p or "links is empty" in p]
    if bad:
        raise ValueError(f"cannot draw this model: {bad[0]}")
    pos = _layout(model)
    loops = model.loops()
    colours = {"reinforcing": style.PALETTE[0], BALANCING: style.PALETTE[1]}
    with style.theme():
        fig = Figure(figsize=(8.5, 6.2))
        ax = fig.subplots()
        for link in model.links:
            (x0, y0), (x1, y1) = pos[link.source], pos[link.target]
            colour = "0.25" if link.sign > 0 else style.PALETTE[3]
            ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), connectionstyle=f"arc3,rad={_RAD}",
                                         arrowstyle="-|>", mutation_scale=15, color=colour,
                                         linewidth=1.6, shrinkA=34, shrinkB=34,
                                         linestyle="-" if link.sign > 0 else "--"))
            # the sign sits beside its arrow near the head, on the outside of the bend, so a node
            # with many arrows (the hub) never has two signs side by side at the same distance
            sx, sy = _sign_position((x0, y0), (x1, y1))
            ax.text(sx, sy, "+" if link.sign > 0 else "−", ha="center",
                    va="center", fontsize=13, fontweight="bold", color=colour)
        for name, (x, y) in pos.items():
            ax.text(x, y, name, ha="center", va="center", fontsize=9.5, zorder=3,
                    bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": "0.3",
                          "linewidth": 1.4})
        counts = {"reinforcing": 0, BALANCING: 0}
        for loop in loops:
            counts[loop.kind] += 1
            label = f"{'R' if loop.kind == 'reinforcing' else 'B'}{counts[loop.kind]}"
            xs, ys = zip(*(pos[n] for n in loop.nodes))
            cx, cy = float(np.mean(xs)), float(np.mean(ys))
            ax.text(cx * 1.15, cy * 1.15, label, ha="center", va="center", fontsize=15,
                    fontweight="bold", color=colours[loop.kind], zorder=2,
                    bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white",
                          "edgecolor": colours[loop.kind], "linewidth": 1.5})
        frame_diagram(ax, (-3.0, 3.0), (-2.6, 2.6), title or f"{model.firm}\n{loop_count(loops)}")
    return fig


class RentalChart(ModelChart):
    """The hidden asset rented out: renters wanting in (the loop) vs renters served (capacity).

    Sliders: the renters' loop gain G and the share of the asset the firm needs itself at its
    peak. The other inputs are fixed at construction (default: the illustrative cold-chain case).
    """

    controls = (
        Slider("gain", "Renters' loop gain G: renters kept and brought back", 0.8, 1.1, 0.01, 0.97,
               "per month"),
        Slider("own_use", "Own use of the asset at the firm's peak", 0.3, 0.95, 0.05, 0.75,
               "share of capacity"),
    )

    def __init__(self, params: RentalParameters | None = None) -> None:
        super().__init__()
        self.base = params if params is not None else cold_chain_parameters()

    def compute(self, gain: float, own_use: float) -> CaseResult:
        # G counts the renters kept plus those they bring: below the base retention, fewer are kept
        return run_case(dataclasses.replace(self.base, gain=gain, own_use=own_use,
                                            retention=min(self.base.retention, gain)))

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        steps = np.arange(self.base.months + 1)
        (self.demand,) = ax.plot(steps, np.zeros_like(steps, dtype=float), **style.series_style(0),
                                 label="wanting in (the loop alone)")
        (self.served,) = ax.plot(steps, np.zeros_like(steps, dtype=float), **style.series_style(1),
                                 drawstyle="steps-post", label="served (whole renters; capacity limits)")
        self.fit = ax.axhline(0, color=style.PALETTE[2], linestyle=":", linewidth=2,
                              label="fit in the spare capacity, pooled")
        ax.set(xlabel="Month", ylabel="Renters", xlim=(0, self.base.months))
        # a fixed title position skips matplotlib's per-draw search for overlapping tick labels
        ax.set_title("Renting out the hidden asset")
        ax.legend(loc="upper left", fontsize=9)
        self.ax = ax
        fig.tight_layout()

    def update(self, result: CaseResult) -> None:
        self.demand.set_ydata(result.demand.to_numpy())
        self.served.set_ydata(result.served.to_numpy())
        self.fit.set_ydata([result.fit, result.fit])
        top = max(float(result.demand.max()), result.fit, 1.0)
        # two fixed heights: the axis stays put across most of the sliders' range
        self.ax.set_ylim(0, ladder_limit(1.35 * min(top, 4 * max(result.fit, 10)), (100, 400)))

    def summary(self, result: CaseResult) -> str:
        last = result.served.iloc[-1]
        binding = ("the spare capacity is full" if result.demand.iloc[-1] > result.fit
                   else "demand, not capacity, is the limit")
        return (f"Room for {result.fit:,} renters in {result.spare:,.0f} spare units; month "
                f"{self.base.months}: {last:,.0f} served ({binding}); rent about "
                f"US${result.revenue_per_year / 1000:,.1f}m a year, US${result.profit_per_year / 1000:,.1f}m "
                f"after the cost of the space they use.")


def plot_aws_segment(segments: pd.DataFrame) -> Figure:
    """AWS net sales and operating income by year, US$ billions (from ``load("amazon_segments")``)."""
    aws = segments[segments["segment"] == "AWS"]
    tidy = pd.concat([
        pd.DataFrame({"year": aws["year"], "measure": "Net sales", "usd_bn": aws["net_sales_musd"] / 1000}),
        pd.DataFrame({"year": aws["year"], "measure": "Operating income",
                      "usd_bn": aws["operating_income_musd"] / 1000}),
    ], ignore_index=True)
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        sns.lineplot(data=tidy, x="year", y="usd_bn", hue="measure", style="measure",
                     markers=["o", "s"], dashes=[(1, 0), (4, 2)], palette=style.PALETTE[:2], ax=ax)
        ax.axhline(0, **style.ZERO_LINE)
        ax.set(title="AWS: the capability Amazon rents out", xlabel="Year",
               ylabel="US$ billions a year")
        ax.legend(title=None, loc="upper left")
        fig.tight_layout()
    return fig
