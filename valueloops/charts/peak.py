"""Charts of lesson 05 (built for peak): a synthetic year of demand against capacity sized for its peak."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style
from ..peak import DAYS, SEED, Sizing, compose_demand, daily_max, demand_shape, size_capacity
from ..widgets import ModelChart, Slider, ladder_limit

_DAY = np.arange(1, DAYS + 1)


def plot_demand(demand: pd.Series) -> Figure:
    """The synthetic year at two zooms: each day's busiest and average hour, and one week hourly.

    ``demand``: the hourly Series of :func:`valueloops.peak.synthetic_demand` (servers).
    """
    values = demand.to_numpy()
    days = values.reshape(-1, 24)
    with style.theme():
        fig = Figure(figsize=(style.FIGSIZE[0], 4.6))
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
        # two solid lines told apart by width and colour, the band between them shaded (dashes and
        # markers on day-to-day noise made the series hard to read)
        busiest, average = days.max(axis=1), days.mean(axis=1)
        left.fill_between(_DAY, average, busiest, color=style.PALETTE[0], alpha=0.15, linewidth=0)
        left.plot(_DAY, busiest, color=style.PALETTE[0], linewidth=1.0, label="busiest hour of the day")
        left.plot(_DAY, average, color=style.PALETTE[1], linewidth=2.4, label="average hour of the day")
        left.set(title="One synthetic year", xlabel="Day of the year (2025)",
                 ylabel="Demand (servers busy)", xlim=(1, DAYS), ylim=(0, None))
        left.legend(loc="upper left", fontsize=9)
        week = demand.loc["2025-11-24":"2025-11-30 23:00"]
        right.plot(np.arange(len(week)) / 24, week.to_numpy(), color=style.PALETTE[2], linewidth=1.4)
        right.set(title="24–30 Nov, hourly", xlabel="Days from Monday 24 Nov",
                  ylabel="Demand (servers busy)", ylim=(0, None), xlim=(0, 7))
        fig.tight_layout()
    return fig


def plot_load_duration(demand: pd.Series, headroom: float = 1.2) -> Figure:
    """The load-duration curve: the year's hours sorted from busiest to quietest, with capacity.

    The area between the capacity line and the curve is idle server-hours; the few hours above
    capacity (if ``headroom`` < 1) are demand lost.
    """
    sizing = size_capacity(demand, headroom)
    ordered = np.sort(demand.to_numpy())[::-1]
    hours = np.arange(1, ordered.size + 1)
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        ax.fill_between(hours, ordered, sizing.capacity, where=ordered <= sizing.capacity,
                        color=style.PALETTE[7], alpha=0.35, hatch="//", linewidth=0,
                        label="idle server-hours")
        # a plain line: markers every tenth of the points stood for nothing yet showed in the legend
        ax.plot(hours, ordered, **{**style.series_style(0), "marker": None},
                label="demand, busiest hour first")
        ax.axhline(sizing.capacity, **{**style.series_style(1), "marker": None},
                   label=f"capacity = {headroom:g} × peak")
        ax.set(title="Load-duration curve: every hour of the year, sorted",
               xlabel="Hours of the year with at least this demand", ylabel="Servers",
               xlim=(0, ordered.size), ylim=(0, sizing.capacity * 1.08))
        ax.legend(loc="center right")
        fig.tight_layout()
    return fig


@dataclass(frozen=True)
class PeakRun:
    """One setting of the peak chart: the parameters, each day's busiest hour and the sizing."""

    holiday_spike: float
    daily_swing: float
    headroom: float
    busiest: np.ndarray
    sizing: Sizing


DEMAND_AXIS_LADDER = (8000.0, 12000.0, 20000.0)
"""The widget's demand axis limits, servers (the first above 1.12 × the larger of peak and capacity)."""


class PeakChart(ModelChart):
    """Daily peak demand of the synthetic year against capacity = headroom × peak.

    The seeded shapes are computed once at construction (seed and noise fixed); each slider move
    recombines them (8,760 multiplications) and plots one point per day.
    """

    controls = (
        # 1.5 means Cyber Monday runs at 2.5 × normal: the slider gives the extra, not the total
        Slider("holiday_spike", "Holiday spike on Cyber Monday", 0.0, 4.0, 0.1, 1.5,
               "extra, as a multiple of normal load"),
        Slider("daily_swing", "Daily swing: evening peak above the day's mean", 0.0, 0.8, 0.05,
               0.4, "share"),
        Slider("headroom", "Capacity as a multiple of the peak hour", 0.6, 1.6, 0.05, 1.2, "× peak"),
    )

    def __init__(self, seed: int = SEED, cost_per_server_hour: float = 0.5) -> None:
        super().__init__()
        self.shape = demand_shape(seed=seed)
        self.cost = cost_per_server_hour

    def compute(self, holiday_spike: float, daily_swing: float, headroom: float) -> PeakRun:
        demand = compose_demand(self.shape, holiday_spike=holiday_spike, daily_swing=daily_swing)
        return PeakRun(holiday_spike, daily_swing, headroom, daily_max(demand),
                       size_capacity(demand, headroom, self.cost))

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        # a plain line: markers every 30 days sat at points that meant nothing yet showed in the legend
        (self.line,) = ax.plot(_DAY, np.zeros(DAYS), **{**style.series_style(0), "marker": None},
                               label="busiest hour of each day")
        (self.cap,) = ax.plot([1, DAYS], [0, 0], **{**style.series_style(1), "marker": None},
                              label="installed capacity")
        (self.mean,) = ax.plot([1, DAYS], [0, 0], **{**style.series_style(2), "marker": None},
                               label="average demand")
        # A fixed title position and few ticks keep each redraw cheap (text dominates the cost).
        ax.set_title("Capacity against each day's busiest hour (synthetic year)")
        ax.set(xlabel="Day of 2025", ylabel="Servers (busy or installed)", xlim=(1, DAYS))
        ax.set_xticks([1, 91, 182, 274, 365], ["1 Jan", "1 Apr", "1 Jul", "1 Oct", "31 Dec"])
        ax.yaxis.set_major_locator(MaxNLocator(5))
        ax.legend(loc="center left", fontsize=9)
        self.ax = ax
        fig.tight_layout()

    def update(self, run: PeakRun) -> None:
        s = run.sizing
        self.line.set_ydata(run.busiest)
        self.cap.set_ydata([s.capacity, s.capacity])
        self.mean.set_ydata([s.mean_demand, s.mean_demand])
        # three fixed heights: the axis stays put across most of the sliders' range, and the
        # lecture's settings (peak 4,206 and 6,729) fill most of the lowest one
        self.ax.set_ylim(0, ladder_limit(1.12 * max(s.peak, s.capacity), DEMAND_AXIS_LADDER))

    def summary(self, run: PeakRun) -> str:
        s = run.sizing
        text = (f"Peak {s.peak:,.0f} servers, capacity {s.capacity:,.0f} ({run.headroom:.2f} × peak): "
                f"utilization {s.utilization:.0%}, {s.idle_server_hours / 1e6:,.1f} million idle "
                f"server-hours (US${s.idle_cost / 1e6:,.1f} million a year at "
                f"US${self.cost:.2f} each)")
        if s.unserved_server_hours > 0:
            return text + (f"; {s.hours_short:,} hours short, {lost_share_text(s.unserved_share)} of "
                           f"the year's demand lost.")
        return text + "; no demand lost."


def lost_share_text(share: float) -> str:
    """A share of demand lost as a percent to two decimals, rounded half up; a loss that is not zero
    but rounds to 0.00% prints "<0.01%" (a few hours short lose a little, never nothing)."""
    if share <= 0:
        return "0%"
    shown = float(style.round_half_up(share * 100, 2))
    return "<0.01%" if shown == 0 else f"{shown:.2f}%"
