"""Charts of lesson 03 (value capture): Amazon's revenue lines (stacked, annotated; the lecture draws
the growth chart inline, in pandas) and two toy-model widgets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import style
from ..capture import (STACK_ORDER, AdLoadResult, TakeRateResult, ad_load_curve, ad_load_revenue,
                       marketplace, missing_years, optimal_ad_load, optimal_take_rate,
                       platform_revenue_curve, revenue_table)
from ..widgets import ModelChart, Slider, ladder_limit

AD_LIMITS = (750, 1200, 2500, 4000, 5000)
"""The ad-load chart's y-axis tops (US$ per 1,000 searches): a short ladder, picked at 1.1 × the
highest curve; a chart's ``min_top`` can skip the lowest steps (the lecture draws its two static
views, peaks near 670 and 990, on one 0–1,200 axis so they compare by eye; 1,500 left the second's
top third empty); 4,000 keeps a peak near 3,400 (decay 0.5, full ad
revenue 5,000) off a 0–5,000 axis. Five steps keep the static layers few over the test's 20 seeded
settings (a 1,000 step did not)."""


_HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")

_SKY_BLUE = (0.337, 0.706, 0.914)  # the tenth colour of seaborn's "colorblind" palette (#56B4E9)
LINE_COLOURS: dict[str, tuple[float, float, float]] = {
    "Online stores": style.PALETTE[0],                 # blue
    "Physical stores": style.PALETTE[1],               # orange: the only orange
    "Third-party seller services": style.PALETTE[2],   # green
    "Advertising services": style.PALETTE[4],          # mauve
    "Other (incl. advertising)": style.PALETTE[7],     # grey: the two "Other" lines never share a year
    "Subscription services": style.PALETTE[5],         # tan
    "Other": style.PALETTE[7],                         # grey
    "AWS": _SKY_BLUE,
}
"""One colour per revenue line, the same in every data chart of lesson 03: the stacked bars
(:func:`plot_revenue_lines`) and the lecture's growth lines (``DataFrame.plot(color=LINE_COLOURS)``:
pandas takes a dict of colours by column name). No two lines drawn together share a colour or
take two close ones (orange and vermillion, mauve and pink, tan and vermillion were close): the
two "Other" lines, which never share a year, share one muted grey (their hatches differ)."""


def plot_revenue_lines(lines: pd.DataFrame) -> Figure:
    """Stacked bars of net sales by revenue line per year, US$ billions.

    A year the dataset leaves out keeps its place on the axis, empty and labelled "not read"
    (Amazon reported the year; the course has not read it):
    the gap is shown, not bridged. Segments differ by colour and hatch, with dark edges so a thin
    layer ('Other', about US$5bn on top of 600) still shows as a band; the legend sits beside the
    plot, so it covers no bar.
    """
    table = revenue_table(lines) / 1000.0
    gaps = missing_years(lines)
    with style.theme():
        fig = Figure(figsize=(10.0, 4.6))
        ax = fig.subplots()
        years = table.index.to_numpy()
        bottom = np.zeros(len(years))
        thin = None  # the last year's 'Other' band (x, middle, US$ bn), pointed at by a label
        for i, line in enumerate(table.columns):
            values = table[line].fillna(0.0).to_numpy()
            ax.bar(years, values, bottom=bottom, width=0.72,
                   color=LINE_COLOURS.get(line, style.PALETTE[i % len(style.PALETTE)]),
                   hatch=_HATCHES[i % len(_HATCHES)], edgecolor="0.15", linewidth=0.5, label=line)
            if line == "Other" and values[-1] > 0:
                thin = (years[-1], bottom[-1] + values[-1] / 2, values[-1])
            bottom += values
        if thin is not None:
            x, middle, size = thin
            ax.annotate(f"'Other': US${size:.1f}bn in {x}, a thin band", xy=(x - 0.36, middle),
                        xytext=(x - 6.5, 1.12 * bottom.max()), fontsize=8.5,
                        arrowprops=dict(arrowstyle="->", color="0.2", lw=0.8))
        for year in gaps:
            ax.text(year, bottom.max() * 0.04, "not read", rotation=90, ha="center", va="bottom",
                    fontsize=9, color="0.3")
        ax.set(title="Amazon net sales by revenue line", xlabel="Year",
               ylabel="Net sales (US$ billions)", xticks=years)
        handles, labels = ax.get_legend_handles_labels()  # top layer first, as stacked
        ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  fontsize=8.5, frameon=False)
        ax.set_ylim(0, bottom.max() * 1.25)
        fig.tight_layout()
    return fig


# --- widget 1: take rate vs seller participation ---------------------------------------------------


def _curves_with_choice(ax: Axes, names: tuple[str, ...]) -> tuple[list[Line2D], Line2D, Line2D]:
    """Empty curves (one per name, house styles), a dot for the chosen value and a dotted
    vertical line for the optimum: the artists both value-capture widgets update."""
    lines = []
    for i, name in enumerate(names):
        st = style.series_style(i)
        st["markevery"] = 20
        (line,) = ax.plot([], [], label=name, **st)
        lines.append(line)
    (dot,) = ax.plot([], [], "o", color="black", markersize=9, zorder=5)
    best = ax.axvline(0, color="0.3", linestyle=":", linewidth=1.5)
    return lines, dot, best

@dataclass(frozen=True)
class TakeRateView:
    """One setting of the take-rate model: the curves, the chosen point and the optimum."""

    curve: pd.DataFrame
    point: TakeRateResult
    best: TakeRateResult


REVENUE_LIMITS = (3, 6, 12, 30, 60)
"""The fee-revenue panel's y-axis tops (per 100 of potential sales), picked at 1.1 × the curve's
peak: the best revenue runs from about 58 (ε = 0.2, β = 0) down to about 2 (ε = 5, β = 2.5). The
lecture's two views (peaks 10.5 and 6.7) share the 0–12 axis, so they compare by eye."""


class TakeRateParticipationChart(ModelChart):
    """Sellers, marketplace sales and the platform's fee revenue against the take rate (illustrative).

    Two panels on one take-rate axis: participation and sales on 0–100 above, fee revenue below on
    an axis scaled to its own range (its peak is near 10 of 100, which a shared axis flattens)."""

    figsize = (7.5, 6.4)
    controls = (
        Slider("take_rate", "Take rate τ: share of each sale the platform keeps", 0.0, 0.9, 0.01,
               0.15, "share"),
        Slider("elasticity", "Seller elasticity ε", 0.2, 5.0, 0.1, 2.0, "dimensionless"),
        Slider("selection_effect", "Selection effect β: buyers follow selection", 0.0, 2.5, 0.05,
               0.5, "dimensionless"),
    )

    def compute(self, take_rate: float, elasticity: float, selection_effect: float) -> TakeRateView:
        curve = platform_revenue_curve(elasticity=elasticity, selection_effect=selection_effect,
                                       points=121)
        point = marketplace(take_rate=take_rate, elasticity=elasticity,
                            selection_effect=selection_effect)
        tau = optimal_take_rate(elasticity=elasticity, selection_effect=selection_effect)
        best = marketplace(take_rate=tau, elasticity=elasticity, selection_effect=selection_effect)
        return TakeRateView(curve, point, best)

    def setup(self, fig: Figure) -> None:
        top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": (1.25, 1)})
        self.lines = []
        for i, (ax, name) in enumerate(((top, "sellers who list (% of potential)"),
                                        (top, "marketplace sales (% of potential)"),
                                        (bottom, "platform fee revenue (per 100 of potential sales)"))):
            st = style.series_style(i)  # blue, orange, green: the colours the caption names
            # the revenue curve's markers at τ = 8.3%, 25%, 41.7% ... (121 points, 1/120 apart): every
            # 20th from 0 put one at 16.7%, just right of the dot at the default τ = 15% (two points?)
            st["markevery"] = (10, 20) if i == 2 else 20
            (line,) = ax.plot([], [], label=name, **st)
            self.lines.append(line)
        # the black dot (your take rate) and the dotted lines (τ*) are named in the caption
        (self.dot,) = bottom.plot([], [], "o", color="black", markersize=9, zorder=5)
        self.best = tuple(ax.axvline(0, color="0.3", linestyle=":", linewidth=1.5)
                          for ax in (top, bottom))
        top.set_title("Take rate vs seller participation (illustrative)")
        bottom.set_title("Platform fee revenue, per 100 of potential sales")
        for ax in (top, bottom):
            style.lean_axes(ax)
            ax.set_xlabel("Take rate τ (% of each sale)")
            ax.tick_params(labelbottom=True)  # each panel reads on its own
        top.set(ylabel="% of potential", xlim=(0, 100), ylim=(0, 105))
        bottom.set(ylabel="Fee revenue\n(per 100)")
        top.legend(loc="upper right", fontsize=8.5)
        self.ax, self.revenue_ax = top, bottom
        fig.tight_layout()

    def update(self, view: TakeRateView) -> None:
        x = view.curve["take_rate"].to_numpy() * 100
        # sellers is a share (x100 for percent); gmv and revenue are per 100 of potential sales
        self.lines[0].set_data(x, view.curve["sellers"].to_numpy() * 100)
        self.lines[1].set_data(x, view.curve["gmv"].to_numpy())
        revenue = view.curve["platform_revenue"].to_numpy()
        self.lines[2].set_data(x, revenue)
        self.dot.set_data([view.point.take_rate * 100], [view.point.platform_revenue])
        for line in self.best:
            line.set_xdata([view.best.take_rate * 100] * 2)
        # a few fixed heights: the axis stays put across most of the sliders' range
        self.revenue_ax.set_ylim(0, ladder_limit(1.1 * float(revenue.max()), REVENUE_LIMITS))

    def summary(self, view: TakeRateView) -> str:
        """τ is a slider step (whole percents); τ* to one decimal, so that neighbouring β steps
        (0.05 apart) show different τ* (at ε = 1.5: 18.2% at β = 2.00, 17.9% at 2.05)."""
        p, b = view.point, view.best
        return (f"At τ = {p.take_rate:.0%}, {p.sellers:.0%} of sellers list and the platform earns "
                f"{p.platform_revenue:.1f} per 100 of potential sales; the best take rate is "
                f"τ* = {style.round_half_up(100 * b.take_rate, 1):.1f}%, earning "
                f"{b.platform_revenue:.1f}.")


# --- widget 2: ad load vs customer experience --------------------------------------------------------

@dataclass(frozen=True)
class AdLoadView:
    curve: pd.DataFrame
    point: AdLoadResult
    best: AdLoadResult


class AdLoadChart(ModelChart):
    """Ad revenue, commission revenue and their total against the share of sponsored results."""

    controls = (
        Slider("ad_load", "Ad load a: share of results sponsored", 0.0, 1.0, 0.01, 0.1, "share"),
        Slider("decay", "Conversion loss d", 0.5, 6.0, 0.1, 2.0, "per unit of ad load"),
        Slider("ad_revenue_full", "Ad revenue A if every result were sponsored", 500, 5000, 100,
               2000, "US$ per 1,000 searches"),
    )

    def __init__(self, commission_no_ads: float = 600.0, min_top: float = 0.0) -> None:
        """``min_top``: the lowest y-axis top (US$ per 1,000 searches), a step of ``AD_LIMITS`` or
        below; give it to draw several views on one axis, so that they compare by eye."""
        super().__init__()
        self.commission_no_ads = commission_no_ads
        self.min_top = min_top

    def compute(self, ad_load: float, decay: float, ad_revenue_full: float) -> AdLoadView:
        b = self.commission_no_ads
        curve = ad_load_curve(ad_revenue_full=ad_revenue_full, commission_no_ads=b, decay=decay,
                              points=101)
        point = ad_load_revenue(ad_load, ad_revenue_full, b, decay)
        best = ad_load_revenue(optimal_ad_load(ad_revenue_full, b, decay), ad_revenue_full, b,
                               decay)
        return AdLoadView(curve, point, best)

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        # the black dot (your ad load) and the dotted line (a*) are named in the caption
        self.lines, self.dot, self.best = _curves_with_choice(
            ax, ("ad revenue", "commission on sales", "total"))
        ax.set_title("Ad load vs customer experience (illustrative)")
        style.lean_axes(ax)
        ax.set(xlabel="Ad load a (% of search results sponsored)",
               ylabel="Revenue (US$ per 1,000 searches)", xlim=(0, 100))
        # beside the plot: with the axis close above the curves, inside it would cover them
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5, frameon=False)
        self.ax = ax
        fig.tight_layout()

    def update(self, view: AdLoadView) -> None:
        x = view.curve["ad_load"].to_numpy() * 100
        top = 0.0
        for line, col in zip(self.lines, ("ad_revenue", "commission_revenue", "total")):
            y = view.curve[col].to_numpy()
            line.set_data(x, y)
            top = max(top, float(y.max()))
        self.dot.set_data([view.point.ad_load * 100], [view.point.total])
        self.best.set_xdata([view.best.ad_load * 100] * 2)
        # a few fixed heights: the axis stays put across most of the sliders' range
        self.ax.set_ylim(0, ladder_limit(max(1.1 * top, self.min_top), AD_LIMITS))

    def summary(self, view: AdLoadView) -> str:
        p, b = view.point, view.best
        return (f"At a = {p.ad_load:.0%} sponsored, conversion is {p.conversion_index:.0%} of the "
                f"ad-free level and total revenue US${p.total:,.0f} per 1,000 searches; the best "
                f"ad load is a* = {b.ad_load:.0%}, earning US${b.total:,.0f}.")
