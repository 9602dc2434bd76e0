"""Charts of lesson 08 (scale and frugality): the learning curve, shared savings (the lecture draws
AWS's margins inline, in six lines of seaborn)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, PercentFormatter

from .. import style
from ..scale import scale_path, wright_unit_cost
from ..widgets import ModelChart, Slider


def plot_learning_curves(first_unit_cost: float = 100.0,
                         learning_rates: tuple[float, ...] = (0.95, 0.85, 0.75),
                         max_units: int = 1024) -> Figure:
    """Wright's unit cost against cumulative units for a few learning rates, on log-log axes.

    On log-log axes each curve is a straight line of slope −b; each doubling of units (one step
    right on the base-2 axis) multiplies the cost by the learning rate.
    """
    doublings = 2.0 ** np.arange(0, int(np.log2(max_units)) + 1)   # 1, 2, 4, ... max_units
    units = np.unique(np.concatenate([np.geomspace(1, max_units, 200), doublings]))
    at_doublings = [int(i) for i in np.searchsorted(units, doublings)]
    lowest = min(float(wright_unit_cost(max_units, first_unit_cost, r)) for r in learning_rates)
    halvings = first_unit_cost * 2.0 ** -np.arange(0, 12)
    halvings = halvings[halvings >= lowest / 1.5]                   # 100, 50, 25 ... down to the data
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        for i, rate in enumerate(learning_rates):
            # one marker per doubling: equal steps right, equal steps down
            ax.plot(units, wright_unit_cost(units, first_unit_cost, rate),
                    **{**style.series_style(i), "markevery": at_doublings},
                    label=f"learning rate {rate:.0%}")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log", base=2)
        plain = FuncFormatter(lambda value, _pos: f"{value:g}")
        ax.xaxis.set_major_locator(FixedLocator(doublings[::2] if doublings.size > 8 else doublings))
        ax.xaxis.set_major_formatter(plain)
        ax.yaxis.set_major_locator(FixedLocator(halvings))
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda value, _pos: ""))
        # the lowest marker (the steepest curve at max_units) sits a fifth of a halving above the
        # floor at least, so its marker is drawn whole
        ax.set_ylim(min(halvings[-1], lowest) / 1.3, first_unit_cost * 1.15)
        ax.set(title="Wright's learning curve: the same cut at every doubling",
               xlabel="Cumulative units produced (log scale)",
               ylabel=f"Cost of that unit (US$, first = {first_unit_cost:g})")
        ax.legend(loc="lower left")
        fig.tight_layout()
    return fig


@dataclass(frozen=True)
class ScaleRun:
    """One setting of the scale chart: its parameters and the yearly path of :func:`scale_path`."""

    learning_rate: float
    pass_through: float
    q: float
    path: pd.DataFrame


class ScaleChart(ModelChart):
    """Price, average cost and operating margin over the years as scale lowers costs.

    Volume follows Bass adoption (q is word-of-mouth growth) and reacts to price; costs follow
    Wright's curve plus fixed costs spread over volume; a share of each year's saving is passed on
    as a price cut. Other parameters are :func:`valueloops.scale.scale_path`'s illustrative defaults.
    """

    controls = (
        Slider("learning_rate", "Learning rate: unit cost left per doubling", 0.70, 1.0, 0.01, 0.85,
               "share"),
        Slider("pass_through", "Share of each year's saving passed on as price cuts", 0.0, 1.0,
               0.05, 0.9, "share"),
        Slider("q", "Growth: word-of-mouth coefficient q (Bass)", 0.1, 1.0, 0.05, 0.5, "per year"),
    )

    def __init__(self, years: int = 12) -> None:
        super().__init__()
        self.years = years
        self.x = np.arange(1, years + 1)

    def compute(self, learning_rate: float, pass_through: float, q: float) -> ScaleRun:
        return ScaleRun(learning_rate, pass_through, q,
                        scale_path(years=self.years, learning_rate=learning_rate,
                                   pass_through=pass_through, q=q))

    def setup(self, fig: Figure) -> None:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.4, 1]})
        zeros = np.zeros(self.years)
        (self.price,) = left.plot(self.x, zeros, **{**style.series_style(0), "markevery": 1},
                                  label="price")
        (self.avg,) = left.plot(self.x, zeros, **{**style.series_style(1), "markevery": 1},
                                label="average cost")
        (self.unit,) = left.plot(self.x, zeros, **{**style.series_style(2), "markevery": 1},
                                 label="variable unit cost")
        # Fixed title positions and few ticks keep each redraw cheap (text dominates the cost).
        left.set_title("Price and cost per unit")
        left.set(xlabel="Year", ylabel="US$ per unit", xlim=(1, self.years))
        left.yaxis.set_major_locator(MaxNLocator(4))
        left.legend(loc="upper right", fontsize=9)
        (self.margin,) = right.plot(self.x, zeros, **{**style.series_style(3), "markevery": 1})
        right.axhline(0, **style.ZERO_LINE)
        right.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        right.set_title("Operating margin")
        right.set(xlabel="Year", ylabel="(price − cost) ÷ price (%)", xlim=(1, self.years),
                  ylim=(-0.05, 1.0), yticks=[0, 0.5, 1.0])
        # year 1 and every quarter of the horizon: 1, 3, 6, 9, 12 for twelve years
        step = max(1, self.years // 4)
        ticks = sorted({1, *range(step, self.years + 1, step)})
        left.set_xticks(ticks)
        right.set_xticks(ticks)
        self.left = left
        fig.tight_layout()

    def update(self, run: ScaleRun) -> None:
        path = run.path
        self.price.set_ydata(path["price"].to_numpy())
        self.avg.set_ydata(path["average_cost"].to_numpy())
        self.unit.set_ydata(path["unit_cost"].to_numpy())
        self.margin.set_ydata(path["margin"].to_numpy())
        self.left.set_ylim(0, style.nice_limit(max(path["price"].max(), path["average_cost"].max())))

    def summary(self, run: ScaleRun) -> str:
        first, last = run.path.iloc[0], run.path.iloc[-1]

        def fall(column: str) -> str:
            # one decimal, half up: at 70% passed on the price falls 49.9%, not yet half (08.6)
            return f"{style.round_half_up(100 * (1 - last[column] / first[column]), 1):.1f}%"

        # year-1 average cost to the cent: explore item 3 (lecture 08) quotes it, and the chart's
        # axis cannot be read that finely
        # year-12 volume, half up: with savings kept it grows only with adoption (lecture 08, §5)
        volume = style.round_half_up(float(last["volume"]))
        return (f"Learning rate {run.learning_rate:.2f}, {run.pass_through:.0%} of savings passed on, "
                f"q = {run.q:.2f}: year-1 average cost US${first['average_cost']:.2f}; by year "
                f"{self.years} average cost falls {fall('average_cost')} "
                f"and price {fall('price')}; volume {volume:,.0f} units a year; margin "
                f"{first['margin']:.0%} → {last['margin']:.0%}.")
