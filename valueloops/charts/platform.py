"""Charts of the two-sided platform models (lesson 02).

:class:`PlatformPricingChart` -- Armstrong's monopoly platform: prices and participation per side,
with a zero line, as the cross-side values and costs move. :func:`plot_participation` -- buyers and
sellers joining over time. :func:`plot_third_party_share` -- third-party sellers' share on Amazon,
the two published metrics kept apart.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style
from ..platform import MonopolyPlatform, monopoly_platform
from ..widgets import ModelChart, Slider

HATCHES = ("", "//")
PRICE_LIMITS = ((-0.75, 1.5), (-4.0, 4.0), (-12.0, 12.0))
"""The price panel's y-limits at the chart's three scales (money per member); the widest holds the
sliders' extremes with room to spare (p2 = 11 and p1 = −10 at α1 = 0.45, α2 = 1.5, no costs)."""
MEMBER_LIMITS = (2.0, 5.0, 25.0)
"""The participation panel's top (members): a short ladder; 2.0 holds the lecture's static views
(1.6 members), 25 the sliders' largest participation (20 members at α1 + α2 = 1.95)."""


@dataclass(frozen=True)
class PlatformRun:
    """The monopoly platform's result and the costs per member it was computed with."""

    result: MonopolyPlatform
    costs: tuple[float, float]


class PlatformPricingChart(ModelChart):
    """Armstrong (2006) monopoly platform: who pays, and how many join on each side.

    Sliders: the cross-side values alpha1 (what a buyer gains per seller) and alpha2 (what a
    seller gains per buyer), and the cost per member on each side. The stand-alone demands a1, a2
    are fixed at construction (illustrative, equal by default so that only the cross-side values
    differ). With alpha1 + alpha2 ≥ 2 the model has no equilibrium and the widget says so.
    """

    controls = (
        Slider("alpha1", "α1: what a buyer gains per seller", 0.0, 1.5, 0.05, 0.2,
               "money per seller"),
        Slider("alpha2", "α2: what a seller gains per buyer", 0.0, 1.5, 0.05, 0.6,
               "money per buyer"),
        Slider("f1", "f1: cost of serving a buyer", 0.0, 0.5, 0.05, 0.0, "money per buyer"),
        Slider("f2", "f2: cost of serving a seller", 0.0, 0.5, 0.05, 0.0, "money per seller"),
    )

    def __init__(self, a1: float = 1.0, a2: float = 1.0) -> None:
        super().__init__()
        self.a1 = a1
        self.a2 = a2

    def compute(self, alpha1: float, alpha2: float, f1: float, f2: float) -> PlatformRun:
        result = monopoly_platform(a1=self.a1, a2=self.a2, alpha1=alpha1, alpha2=alpha2,
                                   f1=f1, f2=f2)
        return PlatformRun(result, (f1, f2))

    def setup(self, fig: Figure) -> None:
        left, right = fig.subplots(1, 2)
        x = np.arange(2)
        self.price_bars = left.bar(x, [0, 0], color=style.PALETTE[:2], edgecolor="0.2",
                                   hatch=None, width=0.6)
        self.n_bars = right.bar(x, [0, 0], color=style.PALETTE[:2], edgecolor="0.2", width=0.6)
        for bars in (self.price_bars, self.n_bars):
            for bar, hatch in zip(bars, HATCHES):
                bar.set_hatch(hatch)
        (self.cost_marks,) = left.plot(x, [0, 0], linestyle="none", marker="_", markersize=28,
                                       markeredgewidth=2.5, color="0.15", label="cost per member")
        left.axhline(0, **style.ZERO_LINE)
        right.axhline(0, **style.ZERO_LINE)
        labels = ["Buyers", "Sellers"]
        left.set(title="Price per member", xlabel="Side", ylabel="Price (money per member)",
                 xticks=x, xticklabels=labels)
        right.set(title="Members who join", xlabel="Side", ylabel="Participation n (members)",
                  xticks=x, xticklabels=labels)
        for ax in (left, right):  # fewer tick labels: text dominates redraw time
            ax.yaxis.set_major_locator(MaxNLocator(4))
            ax.grid(False, axis="x")
        left.legend(loc="upper left", fontsize=9)
        self.left, self.right = left, right
        fig.tight_layout()

    def update(self, run: PlatformRun) -> None:
        r = run.result
        prices = (r.p1, r.p2)
        for bar, p in zip(self.price_bars, prices):
            bar.set_height(p)
        for bar, n in zip(self.n_bars, (r.n1, r.n2)):
            bar.set_height(n)
        costs = run.costs
        self.cost_marks.set_ydata(costs)
        low = min(0.0, *prices)
        high = max(0.0, *prices, *costs)
        # Each panel takes the first of its three fixed scales that fits it (prices and members
        # apart, so a small negative price is not flattened by many members): the axes stay put
        # across most of the sliders' range, so the cached axes hold.
        price_scale = next((i for i, (bottom, top) in enumerate(PRICE_LIMITS)
                            if bottom <= low and 1.05 * high <= top), len(PRICE_LIMITS) - 1)
        member_scale = next((i for i, top in enumerate(MEMBER_LIMITS)
                             if 1.05 * max(r.n1, r.n2) <= top), len(MEMBER_LIMITS) - 1)
        self.left.set_ylim(*PRICE_LIMITS[price_scale])
        self.right.set_ylim(0, MEMBER_LIMITS[member_scale])

    def summary(self, run: PlatformRun) -> str:
        r = run.result

        def side(name: str, p: float) -> str:
            return f"{name} are paid {-p:.2f} each to join" if p < 0 else f"{name} pay {p:.2f}"
        return (f"{side('Buyers', r.p1)}, {side('sellers', r.p2)}; {r.n1:.2f} buyers and "
                f"{r.n2:.2f} sellers join; profit {r.profit:.2f}.")


def plot_participation(path: pd.DataFrame, target: tuple[float, float] | None = None,
                       title: str = "Buyers and sellers join step by step") -> Figure:
    """Participation on each side over time (``participation_path``), with its resting point."""
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        for i, (column, label) in enumerate((("n1", "buyers n1"), ("n2", "sellers n2"))):
            ax.plot(path.index, path[column].to_numpy(), **style.series_style(i), label=label)
        if target is not None:
            shown = [f"{style.round_half_up(n, 2):.2f}" for n in target]
            if shown[0] == shown[1]:  # one line, one legend entry, when both sides rest together
                ax.axhline(target[0], color="0.35", linestyle=":", linewidth=1.3,
                           label=f"resting point n1 = n2 = {shown[0]}")
            else:
                for i, side in enumerate(("n1", "n2")):
                    ax.axhline(target[i], color=style.PALETTE[i], linestyle=":", linewidth=1.3,
                               label=f"resting point {side} = {shown[i]}")
        ax.set(title=title, xlabel="Step (month, illustrative)", ylabel="Members (illustrative units)",
               xlim=(0, path.index[-1]))
        ax.set_ylim(bottom=0)
        ax.legend(loc="lower right", fontsize=9)
        fig.tight_layout()
    return fig


def period_position(period: str, year: int) -> float:
    """Where a reporting period sits on a time axis in years: a whole year on its own gridline
    (Y), quarter q of year Y at the middle of the quarter, Y + (q − 0.5)/4 (Q1 2024 at 2024.125
    ... Q4 2024 at 2024.875), so every quarter of Y sits between the Y and Y + 1 gridlines."""
    match = re.match(r"\s*Q([1-4])\b", str(period))
    return float(year) + ((int(match.group(1)) - 0.5) / 4 if match else 0.0)


def plot_third_party_share(share: pd.DataFrame) -> Figure:
    """Third-party sellers' share on Amazon, in percent: the share of physical gross merchandise
    sales (Bezos's 2018 letter, 1999–2018) and the share of paid units (news and data sites,
    earnings-call reports, 2018–2025), drawn as two separate series because they measure different things.

    share: ``load("third_party_share")``. A paid-unit point whose ``qualifier`` is ``approx`` (a
    round figure) or ``unconfirmed`` (read only in blog posts) is drawn hollow. Whole years sit on their gridline, quarters at the
    middle of their quarter (:func:`period_position`); the x-axis runs a little past the year after
    the newest period, with a labelled tick there (every second year, ending on it), so the last
    quarter is drawn in full and sits just left of a labelled tick. An inset enlarges the quarters
    from :data:`INSET_FROM` on, each labelled with its value: a quarter apart, they overlap on the
    main axes.
    """
    import seaborn as sns

    labels = {"gmv_share": "share of physical GMV (dollars), Bezos 2018 letter",
              "paid_unit_share": "share of paid units (items), press and data sites"}
    frame = share.assign(percent=100 * share["share"], metric_label=share["metric"].map(labels))
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        gmv = frame[frame["metric"] == "gmv_share"]
        sns.lineplot(data=gmv, x="year", y="percent", ax=ax, color=style.PALETTE[0],
                     marker=style.MARKERS[0], label=labels["gmv_share"])
        units = frame[frame["metric"] == "paid_unit_share"].assign(
            x=lambda f: [period_position(p, y) for p, y in zip(f["period"], f["year"])])
        exact = units[units["qualifier"] == "exact"]
        ax.scatter(exact["x"], exact["percent"], color=style.PALETTE[1], marker=style.MARKERS[1],
                   s=45, zorder=3, label=labels["paid_unit_share"])
        # hollow: a figure the lecture cannot vouch for as printed (see datasets/README.md)
        hollow = {"approx": "'roughly 50% of total sales': a round figure",
                  "unconfirmed": "blog posts only, not confirmed in Amazon's own material"}
        for qualifier, label in hollow.items():
            points = units[units["qualifier"] == qualifier]
            if len(points):
                ax.scatter(points["x"], points["percent"], facecolor="white",
                           edgecolor=style.PALETTE[1], marker=style.MARKERS[1], s=45, zorder=3,
                           linewidth=1.5, linestyle="--" if qualifier == "unconfirmed" else "-",
                           label=label)
        ax.axhline(50, color="0.35", linestyle=":", linewidth=1.2)
        ax.text(1999.3, 51.5, "half", fontsize=9, color="0.35")
        end = int(frame["year"].max()) + 1  # the gridline that closes the newest year's quarters
        ax.set_xticks(range(end % 2 + 1998, end + 1, 2))  # labelled every second year, ending on it
        ax.set_xticks(range(1998, end + 1), minor=True)  # every year has its gridline
        ax.grid(axis="x", which="minor", color="0.9", linewidth=0.6)
        ax.tick_params(axis="x", labelsize=8.5)
        ax.set(title="Third-party sellers' share on Amazon (two metrics)", xlabel="Year",
               ylabel="Third-party share (%)", ylim=(0, 70), xlim=(1998.5, end + 0.3))
        ax.legend(loc="lower right", fontsize=9)
        _inset_recent_quarters(ax, units)
        fig.tight_layout()
    return fig


INSET_FROM = 2024
"""The first year the third-party share chart's inset enlarges: from it on the paid-unit share is
reported quarter by quarter, a quarter (0.25 year) apart, closer than a marker on the main axes."""


def _inset_recent_quarters(ax, units: pd.DataFrame) -> None:
    """Enlarge the paid-unit quarters from :data:`INSET_FROM` on in an inset (right, between the
    legend and the points, where the chart is empty), each marker labelled with its whole percent;
    hollow and dashed as on the main axes."""
    recent = units[units["year"] >= INSET_FROM].sort_values("x")
    if recent.empty:
        return
    inset = ax.inset_axes([0.59, 0.43, 0.38, 0.17])
    for _, row in recent.iterrows():
        hollow = row["qualifier"] != "exact"
        inset.scatter(row["x"], row["percent"], marker=style.MARKERS[1], s=45, zorder=3,
                      facecolor="white" if hollow else style.PALETTE[1],
                      edgecolor=style.PALETTE[1], linewidth=1.5,
                      linestyle="--" if row["qualifier"] == "unconfirmed" else "-")
        inset.annotate(f"{row['percent']:.0f}", (row["x"], row["percent"]),
                       xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
    low, high = int(recent["year"].min()), int(recent["year"].max()) + 1
    inset.set_xlim(low, high)
    inset.set_xticks([y + (q - 0.5) / 4 for y in range(low, high) for q in (1, 2, 3, 4)])
    inset.set_xticklabels([f"Q{q}\n{y}" if q == 1 else f"Q{q}" for y in range(low, high)
                           for q in (1, 2, 3, 4)], fontsize=7)
    inset.set_ylim(recent["percent"].min() - 2, recent["percent"].max() + 3)
    inset.set_yticks([])
    inset.grid(axis="x", visible=False)
    inset.set_title(f"{low}–{high - 1} by quarter: paid-unit share (%)", fontsize=8, loc="left")
