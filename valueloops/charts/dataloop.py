"""Charts of lesson 04 (the data loop): accuracy against data, and the incumbent-entrant race."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import style
from ..dataloop import DataRace, accuracy, data_race
from ..widgets import ModelChart, Slider, ladder_limit


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


CEILING = 0.8
"""The accuracy ceiling a_max of the races drawn (data_race's default; illustrative)."""

QUARTER_AXIS_LADDER = (6.0, 12.0, 40.0, 80.0)
"""The share panel's x-axis limits (quarters): the shortest plans (4 to 6 quarters) fill the first, a
three-year plan (the short horizon the lecture suggests, 12 quarters) the second, the lecture's
40-quarter race the third."""

DATA_AXIS_LADDER = (250.0, 750.0, 1500.0, 3000.0)
"""The left panel's data axis limits, thousand purchases (the first that fits the race's data): a
race that gathers little (k = 10 from a 0.95 head start, under 250) fills 250, the lecture's
k = 1,000 race (ending near 600) 750, its k = 30 race (near 1,100) 1,500."""


@dataclass(frozen=True)
class RaceView:
    race: DataRace
    data_scale: float


class DataLoopChart(ModelChart):
    """Left: where each store sits on the accuracy curve (hollow markers at the start, filled at the
    end); right: their shares of shoppers over time and the gap between them, in points."""

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
                                 markerfacecolor="white", markeredgewidth=2, clip_on=False, zorder=4)
            (end,) = left.plot([], [], st["marker"], color=st["color"], markersize=9, clip_on=False,
                               zorder=4, label=name)
            self.start_dots.append(start)
            self.end_dots.append(end)
            st["markevery"] = 0.1
            (line,) = right.plot([], [], label=name, **st)
            self.shares.append(line)
        (self.gap,) = right.plot([], [], color="0.35", linestyle=":", linewidth=2,
                                 label="gap (points)")
        left.axhline(CEILING * 100, color="0.35", linestyle=":", linewidth=1.2)
        left.text(0.98, CEILING * 100 + 1.5, "ceiling", transform=left.get_yaxis_transform(),
                  ha="right", va="bottom", fontsize=9, color="0.3")
        # which marker is which store, and hollow = start, filled = the horizon's last quarter
        grey = dict(linestyle="none", color="0.45", markersize=7)
        left.legend(handles=[*self.end_dots,
                             Line2D([], [], marker="o", markerfacecolor="white",
                                    markeredgewidth=1.5, label="start", **grey),
                             Line2D([], [], marker="o", label="last quarter", **grey)],
                    loc="lower right", fontsize=8, frameon=False)
        left.set_title("Accuracy (illustrative)")
        style.lean_axes(left, xbins=4)
        right.set_title("Shares and gap (illustrative)")
        style.lean_axes(right, xbins=4)
        left.set(xlabel="Data (thousand purchases)", ylabel="Accuracy (%)", ylim=(0, 100))
        right.set(xlabel="Quarter", ylabel="Share of shoppers (%), gap (points)", ylim=(0, 100))
        right.legend(loc="upper right", ncol=3, fontsize=8)
        self.left, self.right = left, right
        fig.tight_layout()

    def update(self, view: RaceView) -> None:
        p = view.race.path
        # the left axis takes one of three fixed data ranges (so it holds across the sliders, and
        # each of the lecture's races fills most of its panel); the right axis ends at 12 quarters
        # (a short plan), 40 (the lecture's race) or 80 (the horizon slider's end), so it too holds
        # across the sliders
        top = ladder_limit(1.08 * float(max(p["data_incumbent"].iloc[-1], p["data_entrant"].iloc[-1])),
                           DATA_AXIS_LADDER)
        d = np.linspace(0.0, top, 121)
        self.curve.set_data(d, accuracy(d, data_scale=view.data_scale) * 100)
        for i, who in enumerate(("incumbent", "entrant")):
            self.start_dots[i].set_data([p[f"data_{who}"].iloc[0]], [p[f"accuracy_{who}"].iloc[0] * 100])
            self.end_dots[i].set_data([p[f"data_{who}"].iloc[-1]], [p[f"accuracy_{who}"].iloc[-1] * 100])
            self.shares[i].set_data(p.index.to_numpy(), p[f"share_{who}"].to_numpy() * 100)
        self.gap.set_data(p.index.to_numpy(), p["gap"].to_numpy() * 100)
        self.left.set_xlim(0, top)
        self.right.set_xlim(0, ladder_limit(len(p) - 1, QUARTER_AXIS_LADDER))

    def summary(self, view: RaceView) -> str:
        r = view.race
        n = len(r.path) - 1
        if r.start_gap < 0.005 and r.peak_gap < 0.005:
            return (f"k = {view.data_scale:,.0f}: no head start, so the two stores stay alike: the "
                    f"shares stay 50/50 (a gap of 0 points) for all {n} quarters.")
        ending = "closed" if r.end_gap < 0.005 else "narrowed"
        verdict = ("widens over the whole horizon" if r.widened and r.peak_period == n else
                   f"widened, then {ending}" if r.peak_gap > r.start_gap and not r.widened else
                   f"ends wider than it began, but has narrowed since quarter {r.peak_period}" if r.widened else
                   "closes" if ending == "closed" else "narrows")
        places = gap_places(r.start_gap * 100, r.peak_gap * 100, r.end_gap * 100)
        return (f"k = {view.data_scale:,.0f}: the share gap goes from {r.start_gap * 100:.{places}f} "
                f"to {r.end_gap * 100:.{places}f} points in {n} quarters (peak "
                f"{r.peak_gap * 100:.{places}f} in quarter {r.peak_period}): it {verdict}.")


def gap_places(*gaps: float) -> int:
    """Decimals (0 to 2) for gaps in points, so that a summary never says a gap "goes from 1 to 1
    points" and widens: the fewest at which every two gaps that differ at two decimals print
    differently (two decimals if none fewer does)."""
    distinct = [(a, b) for i, a in enumerate(gaps) for b in gaps[i + 1:]
                if f"{a:.2f}" != f"{b:.2f}"]
    return next((places for places in (0, 1)
                 if all(f"{a:.{places}f}" != f"{b:.{places}f}" for a, b in distinct)), 2)
