"""Charts of the capstone (lesson 11): a firm's loop model drawn, its rental business run.

* :func:`draw_loop_model` draws any :class:`~valueloops.capstone.LoopModel` as a causal-loop
  diagram: the busiest node in the middle, the others on a circle, each arrow marked + or −, each
  closed loop labelled R1, R2 ... (reinforcing) or B1 ... (balancing).
* :class:`RentalChart` is the widget over the worked example: the renters' loop gain and how much
  of the hidden asset the firm uses itself → renters served and the revenue from renting it out.

The real-data chart, AWS's segment results, is drawn inline in the lecture (issue 27).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from .. import style
from .diagram import box_arrow, frame_diagram
from ..capstone import (BALANCING, CaseResult, LoopModel, RentalParameters, TooManyLoops,
                        cold_chain_parameters, money, run_case)
from ..flywheel import long_run_level
from ..widgets import ModelChart, Slider, ladder_limit


_RAD = -0.18
"""Curvature of the diagram's arrows (matplotlib's arc3 ``rad``)."""
_BOX_REACH = 34
"""About how far (points) a node box reaches from its centre along an arrow: where a + or − may
not go. The arrows themselves are clipped to the boxes' own outlines."""


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


def _arc(start: tuple[float, float], end: tuple[float, float], n: int = 201) -> np.ndarray:
    """n points (x, y) on the arc3 curve from ``start`` to ``end`` (see :func:`_sign_candidates`)."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 + _RAD * dy, (y0 + y1) / 2 - _RAD * dx
    t = np.linspace(0.0, 1.0, n)
    return np.column_stack([(1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t ** 2 * x1,
                            (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t ** 2 * y1])


_BADGE_CLEAR = 0.35
"""How far (data units) a loop's badge keeps from every arrow and from another badge's centre (twice
that); a node box blocks a badge whose centre is within 0.6 across or 0.35 up or down of its own."""


def _badge_at(centre: tuple[float, float], arcs: np.ndarray, nodes: np.ndarray,
              taken: list[tuple[float, float]]) -> tuple[float, float]:
    """Where a loop's badge goes: its nodes' centre pushed out 15%, unless that point is on an arrow,
    a node box or another badge (r27d: Harvest's R2 sat on an arrow); then the nearest clear point
    of the centre × 1.0, 0.85, 1.3 or 1.5 or of rings 0.3-0.9 around it, or the one farthest from
    every arrow if none is clear."""
    def arrow_room(p: np.ndarray) -> float:
        return float(np.min(np.hypot(arcs[:, 0] - p[0], arcs[:, 1] - p[1])))

    def clear(p: np.ndarray) -> bool:
        on_box = np.any((np.abs(nodes[:, 0] - p[0]) < 0.6) & (np.abs(nodes[:, 1] - p[1]) < 0.35))
        near_badge = any(math.dist(p, q) < 2 * _BADGE_CLEAR for q in taken)
        return arrow_room(p) >= _BADGE_CLEAR and not on_box and not near_badge

    c = np.array(centre)
    candidates = [c * f for f in (1.15, 1.0, 0.85, 1.3, 1.5)]
    candidates += [c + r * np.array([math.cos(a), math.sin(a)]) for r in (0.3, 0.6, 0.9)
                   for a in np.linspace(0.0, 2 * math.pi, 12, endpoint=False)]
    best = next((p for p in candidates if clear(p)), max(candidates, key=arrow_room))
    return float(best[0]), float(best[1])


def _sign_candidates(start: tuple[float, float], end: tuple[float, float],
                     shrink: float) -> list[tuple[float, float]]:
    """Where an arrow's + or − may go: points on its arc3 curve itself, at 35%, 50% and 65% of the
    part that is drawn (the curve minus ``shrink`` data units at each end, where the node boxes
    sit); the middle one first. matplotlib's arc3 draws the quadratic Bézier curve with control
    point midpoint + rad·(dy, −dx); with equal aspect, data and display units agree."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 + _RAD * dy, (y0 + y1) / 2 - _RAD * dx
    t = np.linspace(0.0, 1.0, 201)
    bx = (1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t ** 2 * x1
    by = (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t ** 2 * y1
    drawn = np.flatnonzero((np.hypot(bx - x0, by - y0) >= shrink) & (np.hypot(bx - x1, by - y1) >= shrink))
    if not len(drawn):
        drawn = np.arange(201)
    picks = [drawn[int(f * (len(drawn) - 1))] for f in (0.5, 0.35, 0.65)]
    return [(float(bx[i]), float(by[i])) for i in picks]


def _place_sign(candidates: list[tuple[float, float]], taken: list[tuple[float, float]]
                ) -> tuple[float, float]:
    """The candidate farthest from the labels already placed (the middle one if none is near)."""
    def room(point: tuple[float, float]) -> float:
        return min((math.dist(point, other) for other in taken), default=math.inf)
    best = max(candidates, key=lambda c: min(room(c), 0.45))   # ties (room ≥ 0.45): the first
    taken.append(best)
    return best


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
    try:
        loops = model.loops()
    except TooManyLoops as exc:
        raise ValueError(f"cannot draw this model: {exc}") from None
    colours = {"reinforcing": style.PALETTE[0], BALANCING: style.PALETTE[1]}
    with style.theme():
        fig = Figure(figsize=(8.5, 6.2))
        ax = fig.subplots()
        boxes = {name: ax.text(x, y, name, ha="center", va="center", fontsize=9.5, zorder=3,
                               bbox={"boxstyle": "round,pad=0.35", "facecolor": "white",
                                     "edgecolor": "0.3", "linewidth": 1.4})
                 for name, (x, y) in pos.items()}
        for link in model.links:   # each arrow from box edge to box edge
            colour = "0.25" if link.sign > 0 else style.PALETTE[3]
            box_arrow(ax, boxes[link.source], boxes[link.target], colour, _RAD, linewidth=1.6,
                      linestyle="-" if link.sign > 0 else "--")
        label_at: list[tuple[float, float]] = []
        arcs = np.vstack([_arc(pos[link.source], pos[link.target]) for link in model.links])
        nodes = np.array(list(pos.values()))
        counts = {"reinforcing": 0, BALANCING: 0}
        for loop in loops:
            counts[loop.kind] += 1
            label = f"{'R' if loop.kind == 'reinforcing' else 'B'}{counts[loop.kind]}"
            xs, ys = zip(*(pos[n] for n in loop.nodes))
            cx, cy = _badge_at((float(np.mean(xs)), float(np.mean(ys))), arcs, nodes, label_at)
            label_at.append((cx, cy))
            ax.text(cx, cy, label, ha="center", va="center", fontsize=15,
                    fontweight="bold", color=colours[loop.kind], zorder=4.5,
                    bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white",
                          "edgecolor": colours[loop.kind], "linewidth": 1.5})
        frame_diagram(ax, (-3.0, 3.0), (-2.6, 2.6), title or f"{model.firm}\n{loop_count(loops)}")
        # each sign on its arrow, halfway along the part between the boxes, in a small white disc
        # over the arrow; placed after the layout so the boxes' reach (points) is known in data units
        (left, _), (right, _) = ax.transData.transform([(0.0, 0.0), (1.0, 0.0)])
        shrink = _BOX_REACH * fig.dpi / 72 / (right - left)
        taken = list(label_at)
        for link in model.links:
            colour = "0.25" if link.sign > 0 else style.PALETTE[3]
            sx, sy = _place_sign(_sign_candidates(pos[link.source], pos[link.target], shrink), taken)
            ax.text(sx, sy, "+" if link.sign > 0 else "−", ha="center", va="center_baseline",
                    fontsize=12, fontweight="bold", color=colour, zorder=5,
                    bbox={"boxstyle": "circle,pad=0.12", "facecolor": "white", "edgecolor": colour,
                          "linewidth": 1.0})
    return fig


def draw_or_say(model: object) -> Figure | None:
    """The exercise's draw cell: the diagram of ``model``, or one printed line saying why it cannot
    be drawn yet and what is allowed (never a traceback)."""
    if not isinstance(model, LoopModel) or not model.links:
        print("Nothing to draw yet: build my_model = LoopModel(firm=..., asset=..., nodes=..., "
              "links=...) in 11.1 first.")
        return None
    try:
        return draw_loop_model(model)
    except ValueError as exc:
        text = str(exc)
        print(text[:1].upper() + text[1:] + ".")
        return None


Y_LADDER = (50.0, 100.0, 250.0, *(10.0 ** k for k in range(3, 11)))
"""The rental chart's y-axis heights (renters): three across the worked example's sliders (its
default, about 27 renters, and own use 0.6, 38 renters, both under 50), then powers of ten for
cases of any size. Three heights keep the static layer to three draws over the sliders' range."""


_LIGHT_ORANGE = tuple(0.45 * c + 0.55 for c in style.PALETTE[1][:3])
"""The palette's orange blended 45% over white: opaque, so the cached redraw matches a full one."""


class RentalChart(ModelChart):
    """The hidden asset rented out: renters wanting in (the loop) vs renters served (capacity).

    Sliders: the renters' loop gain G and the share of the asset the firm needs itself at its
    peak. The other inputs are fixed at construction (default: the illustrative cold-chain case).
    """

    controls = (
        Slider("gain", "Renters' loop gain G: kept + referred", 0.8, 1.1, 0.01, 0.97,
               "per month"),
        Slider("own_use", "Own use of the asset at the firm's peak", 0.3, 0.95, 0.05, 0.75,
               "share of capacity"),
    )

    def __init__(self, params: RentalParameters | None = None, unit: str = "units") -> None:
        """``unit`` names a unit of capacity in the summary line ("pallet positions" for the
        worked example); "units" by default."""
        super().__init__()
        self.base = params if params is not None else cold_chain_parameters()
        self.unit = unit
        self.gain = self.base.gain

    def compute(self, gain: float, own_use: float) -> CaseResult:
        # G counts the renters kept plus those they bring: below the base retention, fewer are kept
        self.gain = gain   # for the long-run level drawn by update
        return run_case(dataclasses.replace(self.base, gain=gain, own_use=own_use,
                                            retention=min(self.base.retention, gain)))

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        months = self.base.months
        # served as a filled step area (one bar per month), wanting in as a line with markers on
        # top: where the two agree (demand binds) both stay visible
        self.served = ax.stairs(np.zeros(months + 1), np.arange(months + 2) - 0.5, fill=True,
                                color=_LIGHT_ORANGE, linewidth=0, zorder=1.8,   # above the grid
                                label="served (whole renters; capacity limits)")
        (self.demand,) = ax.plot(np.arange(months + 1), np.zeros(months + 1), **style.series_style(0),
                                 label="wanting in (the loop alone)", zorder=3)
        self.fit = ax.axhline(0, color=style.PALETTE[2], linestyle=":", linewidth=2,
                              label="fit in the spare capacity, pooled", zorder=2.5)
        # the loop's long-run level u/(1 − G), labelled in text, not in the legend (a legend that
        # changed with the sliders would redraw the static layer)
        self.level = ax.axhline(0, color=style.PALETTE[0], linestyle="--", linewidth=1, alpha=0.6,
                                label="_long-run level", zorder=2.2)
        self.level_text = ax.text(months + 0.5, 0, "", ha="right", va="bottom", fontsize=8.5,
                                  color=style.PALETTE[0], zorder=2.2)
        # the capacity line labelled at its right end too: at own use 0.6 it (38) lies just under
        # the long-run level (40), and each label goes on the side away from the other line
        self.fit_text = ax.text(months + 0.5, 0, "", ha="right", va="top", fontsize=8.5,
                                color=style.PALETTE[2], zorder=2.6)
        ax.set(xlabel="Month", ylabel="Renters", xlim=(-0.5, months + 1))
        # the fill would cover the bottom spine in the cached redraw (the spine is static) but
        # not in a full draw: the zero grid line marks the axis instead
        ax.spines["bottom"].set_visible(False)
        # a fixed title position skips matplotlib's per-draw search for overlapping tick labels
        ax.set_title("Renting out the hidden asset")
        ax.legend(loc="upper left", fontsize=9)
        self.ax = ax
        fig.tight_layout()

    def update(self, result: CaseResult) -> None:
        self.demand.set_ydata(result.demand.to_numpy())
        self.served.set_data(result.served.to_numpy())
        self.fit.set_ydata([result.fit, result.fit])
        # the axis fits the renters served, the limit and demand (an exploding demand is cut at
        # twice the limit); a few nice heights, so it stays put across most slider moves
        top = max(min(float(result.demand.max()), 2.0 * result.fit), float(result.fit), 1.0)
        self.ax.set_ylim(0, ladder_limit(1.3 * top, Y_LADDER))   # room for the legend
        # the sliders keep G in [0.8, 1.1]: below 1 the loop settles at u/(1 − G) (lesson 01)
        self._show_level(long_run_level(self.gain, self.base.push) if self.gain < 1 else None,
                         result.fit)

    def _show_level(self, level: float | None, fit: float = 0.0) -> None:
        """Draw the long-run level (renters) when there is one and it is on the axis, else hide it;
        label it and the capacity line ``fit`` each on the side away from the other."""
        top = self.ax.get_ylim()[1]
        near, pad = 0.08 * top, 0.015 * top   # "close" lines; a gap between a label and its line
        shown = level is not None and level <= top
        self.level.set_visible(shown)
        self.level_text.set_visible(shown)
        # the level's label above its line (demand approaches it from below), unless the capacity
        # line lies just above; the capacity's label under its line (over the light fill, clear of
        # demand rising past it), unless the level lies just under it or the line is near the floor
        level_below = shown and 0 < fit - level < near
        if shown:
            self.level.set_ydata([level, level])
            self.level_text.set_y(level - pad if level_below else level + pad)
            self.level_text.set_va("top" if level_below else "bottom")
            self.level_text.set_text(f"long run u/(1 − G) ≈ {level:,.0f}")
        fit_below = not level_below and fit >= near
        self.fit_text.set_y(fit - pad if fit_below else fit + pad)
        self.fit_text.set_va("top" if fit_below else "bottom")
        self.fit_text.set_text(f"room for {fit:,.0f}")

    def summary(self, result: CaseResult) -> str:
        last = result.served.iloc[-1]
        binding = ("the spare capacity is full" if result.demand.iloc[-1] > result.fit
                   else "demand, not capacity, is the limit")
        return (f"Room for {result.fit:,} renters in {result.spare:,.0f} spare {self.unit}; month "
                f"{self.base.months}: {last:,.0f} served ({binding}); rent at month "
                f"{self.base.months}'s run-rate (× 12) about {money(result.revenue_per_year)} a "
                f"year, {money(result.profit_per_year)} after the cost of the space they use.")

