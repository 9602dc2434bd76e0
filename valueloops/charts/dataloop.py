"""Charts of lesson 04 (the data loop): accuracy against data, and the incumbent-entrant race."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from .. import style
from ..dataloop import DataRace, accuracy, data_race
from ..widgets import ModelChart, Slider



def plot_accuracy_curves(data_scales: tuple[float, ...] = (30.0, 300.0, 3000.0),
                         max_data: float = 1500.0, ceiling: float = 0.8) -> Figure:
    """Accuracy a(D) = ceiling·(1 − e^(−D/k)) for a few data scales k (illustrative)."""
    d = np.linspace(0.0, max_data, 301)
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        for i, k in enumerate(data_scales):
            st = style.series_style(i)
            st["markevery"] = 30
            ax.plot(d, accuracy(d, data_scale=k, ceiling=ceiling) * 100,
                    label=f"k = {k:,.0f}", **st)
        ax.axhline(ceiling * 100, color="0.35", linestyle=":", linewidth=1.2)
        ax.text(max_data, ceiling * 100 + 1.5, "ceiling", ha="right", va="bottom", fontsize=9,
                color="0.3")
        ax.set(title="Diminishing returns to data (illustrative)",
               xlabel="Data D (thousand purchases observed)",
               ylabel="Recommendation accuracy (%)", xlim=(0, max_data), ylim=(0, 100))
        ax.legend(title="data scale", loc="center right")
        fig.tight_layout()
    return fig


@dataclass(frozen=True)
class RaceView:
    race: DataRace
    data_scale: float


class DataLoopChart(ModelChart):
    """Left: where each store sits on the accuracy curve; right: their shares of shoppers over time."""

    controls = (
        Slider("data_scale", "Data scale k (small = strong diminishing returns)", 10, 3000, 10,
               300, "thousand purchases"),
        Slider("start_share", "Incumbent's share of the starting data", 0.5, 0.95, 0.05, 0.8,
               "share"),
        Slider("horizon", "Horizon", 4, 80, 1, 40, "quarters", integer=True),
    )
    figsize = (8.6, 3.9)

    def compute(self, data_scale: float, start_share: float, horizon: int) -> RaceView:
        return RaceView(data_race(data_scale=data_scale, start_share=start_share,
                                  horizon=int(horizon)), data_scale)

    def setup(self, fig: Figure) -> None:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1, 1.25)})
        (self.curve,) = left.plot([], [], color="0.45", linewidth=2)
        self.start_dots, self.end_dots, self.shares = [], [], []
        for i, name in enumerate(("incumbent", "entrant")):
            st = style.series_style(i)
            (start,) = left.plot([], [], st["marker"], color=st["color"], markersize=8,
                                 markerfacecolor="white", markeredgewidth=2)
            (end,) = left.plot([], [], st["marker"], color=st["color"], markersize=9)
            self.start_dots.append(start)
            self.end_dots.append(end)
            st["markevery"] = 0.1
            (line,) = right.plot([], [], label=name, **st)
            self.shares.append(line)
        left.set_title("Accuracy vs data")
        style.lean_axes(left, xbins=4)
        right.set_title("Shares of shoppers")
        style.lean_axes(right, xbins=4)
        left.set(xlabel="Data (thousand purchases)", ylabel="Accuracy (%)", ylim=(0, 100))
        right.set(xlabel="Quarter", ylabel="Share of shoppers (%)", ylim=(0, 100))
        right.legend(loc="upper right", ncol=2, fontsize=9)
        self.left, self.right = left, right
        fig.tight_layout()

    def update(self, view: RaceView) -> None:
        p = view.race.path
        top = style.nice_limit(float(max(p["data_incumbent"].iloc[-1], p["data_entrant"].iloc[-1])),
                               headroom=1.08)
        d = np.linspace(0.0, top, 121)
        self.curve.set_data(d, accuracy(d, data_scale=view.data_scale) * 100)
        for i, who in enumerate(("incumbent", "entrant")):
            self.start_dots[i].set_data([p[f"data_{who}"].iloc[0]], [p[f"accuracy_{who}"].iloc[0] * 100])
            self.end_dots[i].set_data([p[f"data_{who}"].iloc[-1]], [p[f"accuracy_{who}"].iloc[-1] * 100])
            self.shares[i].set_data(p.index.to_numpy(), p[f"share_{who}"].to_numpy() * 100)
        self.left.set_xlim(0, top)
        self.right.set_xlim(0, len(p) - 1)

    def summary(self, view: RaceView) -> str:
        r = view.race
        n = len(r.path) - 1
        if r.start_gap < 0.005 and r.peak_gap < 0.005:
            return (f"k = {view.data_scale:,.0f}: no head start, so the two stores stay alike: the "
                    f"shares stay 50/50 (a gap of 0 points) for all {n} quarters.")
        ending = "closed" if r.end_gap < 0.005 else "narrowed"
        verdict = ("widens over the whole horizon" if r.widened and r.peak_period == n else
                   f"widened, then {ending}" if r.peak_gap > r.start_gap and not r.widened else
                   "widens, but past its peak" if r.widened else
                   "closes" if ending == "closed" else "narrows")
        return (f"k = {view.data_scale:,.0f}: the share gap goes from {r.start_gap * 100:.0f} to "
                f"{r.end_gap * 100:.0f} points in {n} quarters (peak {r.peak_gap * 100:.0f} in "
                f"quarter {r.peak_period}): it {verdict}.")
