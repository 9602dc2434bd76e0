"""Charts of the loop-gain model (lessons 00 and 01)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from .. import style
from ..flywheel import long_run_level, loop_path
from ..widgets import ModelChart, Slider


@dataclass(frozen=True)
class LoopRun:
    """One run of the loop: the gain used and the path it gives."""

    gain: float
    path: pd.Series


class LoopGainChart(ModelChart):
    """A tiny loop with one slider: customers kept each month (gain G) plus a fixed push u.

    The push and horizon are fixed at construction (illustrative values, not Amazon's).
    """

    controls = (Slider("gain", "Loop gain G: share of customers kept and brought back", 0.0, 1.2,
                       0.05, 0.5, "per month"),)

    def __init__(self, push: float = 100.0, months: int = 24) -> None:
        super().__init__()
        self.push = push
        self.months = months

    def compute(self, gain: float) -> LoopRun:
        return LoopRun(gain, loop_path(gain=gain, push=self.push, steps=self.months))

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        (self.line,) = ax.plot([], [], **style.series_style(0), label="customers x[t]")
        self.level = ax.axhline(0, color=style.PALETTE[1], linestyle="--", linewidth=1.5,
                                label="long-run level u/(1 − G)")
        ax.set(title="A tiny loop: x[t+1] = G·x[t] + u", xlabel="Month",
               ylabel="Customers per month", xlim=(0, self.months))
        ax.legend(loc="upper left")
        self.ax = ax
        fig.tight_layout()

    def update(self, run: LoopRun) -> None:
        self.line.set_data(run.path.index, run.path.to_numpy())
        top = run.path.max()
        if abs(run.gain) < 1:
            level = long_run_level(run.gain, self.push)
            self.level.set_ydata([level, level])
            self.level.set_visible(True)
            top = max(top, level)
        else:
            self.level.set_visible(False)
        self.ax.set_ylim(0, top * 1.1 if top > 0 else 1)

    def summary(self, run: LoopRun) -> str:
        last = run.path.iloc[-1]
        if abs(run.gain) < 1:
            return (f"G = {run.gain:.2f}: the loop settles at "
                    f"{long_run_level(run.gain, self.push):,.0f} customers a month "
                    f"(month {self.months}: {last:,.0f}).")
        return (f"G = {run.gain:.2f}: no settling; month {self.months}: {last:,.0f} customers "
                f"and growing.")
