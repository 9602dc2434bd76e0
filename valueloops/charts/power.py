"""Charts of lesson 10 (power and policy): the lock-in ratchet, policy levers, fees (the lecture
draws the concentration chart inline, in six lines of pandas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .. import style
from ..power import PolicyOutcome, policy_outcome, sustainable_take_rate
from ..widgets import ModelChart, Slider, ladder_limit

DELTAS = np.linspace(0.0, 1.0, 51)
TAKE_LIMITS = (0.6, 0.75, 0.9)
"""The lock-in chart's y-axis tops (share of price): a short ladder fitted to the seller's margin m,
the highest the curve goes; the lecture's static views (m = 0.5) take the lowest."""


class LockInChart(ModelChart):
    """The sustainable take rate τ* = τ_out + δ·(m − τ_out) against the lost share δ (a ratchet)."""

    controls = (
        Slider("lost_share", "Lost share δ", 0.0, 1.0, 0.05, 0.6,
               "share of sales lost by leaving"),
        Slider("margin", "Seller's margin m before fees", 0.1, 0.8, 0.05, 0.5, "share of price"),
        Slider("outside_take", "Outside channel's take τ_out", 0.0, 0.3, 0.01, 0.15, "share of price"),
    )

    def compute(self, lost_share: float, margin: float, outside_take: float) -> tuple[float, np.ndarray, float, float, float]:
        point = sustainable_take_rate(margin=margin, outside_take=outside_take, lost_share=lost_share)
        curve = np.array([sustainable_take_rate(margin=margin, outside_take=outside_take, lost_share=d)
                          for d in DELTAS])
        return point, curve, lost_share, margin, outside_take

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        (self.margin_line,) = ax.plot([0, 1], [0, 0], color=style.PALETTE[1], linestyle="--",
                                      linewidth=1.6, label="seller's margin m (the ceiling)")
        (self.outside_line,) = ax.plot([0, 1], [0, 0], color=style.PALETTE[2], linestyle=":",
                                       linewidth=2, label="outside take τ_out (the floor)")
        (self.curve,) = ax.plot([], [], color=style.PALETTE[0], linestyle="-",
                                label="sustainable take rate τ*")
        (self.dot,) = ax.plot([], [], "o", color=style.PALETTE[0], markersize=9, zorder=4)
        ax.set(title="Lock-in: the fee a seller accepts before leaving (illustrative)",
               xlabel="Lost share δ: sales a seller loses by leaving (%)",
               ylabel="Take rate (% of price)", xlim=(0, 1), ylim=(0, TAKE_LIMITS[0]))
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        # below the axes: inside, it would sit on the ceiling line m
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=8.5)
        self.ax = ax
        fig.tight_layout()

    def update(self, result: tuple[float, np.ndarray, float, float, float]) -> None:
        point, curve, delta, margin, outside = result
        self.curve.set_data(DELTAS, curve)
        self.dot.set_data([delta], [point])
        self.margin_line.set_ydata([margin, margin])
        self.outside_line.set_ydata([outside, outside])
        self.ax.set_ylim(0, ladder_limit(1.08 * margin, TAKE_LIMITS))  # the curve tops out at m

    def summary(self, result: tuple[float, np.ndarray, float, float, float]) -> str:
        point, _, delta, margin, outside = result
        # half up, the course's rule (as PolicyChart): at δ 5%, m 15%, τ_out 4% the exact 4.55% and
        # 10.45% print 4.6% and 10.5%, where :.1% gives 4.5% and 10.4% (the floats sit a hair low)
        return (f"With δ = {delta:.0%} of sales lost by leaving, a seller with a {margin:.0%} margin "
                f"accepts fees up to {percent(point)} of the price (outside channel: {outside:.0%}); "
                f"it keeps {percent(margin - point)}.")


GROUPS = ("Sellers' net margin", "Platform's fees", "Outside\nchannel's fees",
          "Buyers' price\nabove the no-fee price")
"""The four bars: buyers' extra price = (sellers' margin − m) + platform's fees + outside fees."""


def _outcome_values(o: PolicyOutcome) -> list[float]:
    return [100 * o.seller_margin, 100 * o.platform_revenue, 100 * o.outside_fees,
            100 * (o.buyer_price - 1)]


class PolicyChart(ModelChart):
    """Who gains and who loses from three policy levers, against no policy (toy model, illustrative).

    The market is fixed at construction: seller margin m, outside take τ_out, lost share δ.
    """

    controls = (
        # the cap starts at the lesson's outside fee τ_out = 0.15: below it the parity ban can raise
        # buyers' prices (the cap, not τ_out, then sets what off-platform buyers pay under parity)
        Slider("fee_cap", "Fee cap on the take rate", 0.15, 0.6, 0.01, 0.6,
               "share of price, from the outside fee 0.15; 0.60 = no cap"),
        Slider("multihoming", "Multihoming / interoperability", 0.0, 0.8, 0.05, 0.0,
               "share of platform buyers"),
        Slider("parity_ban", "Ban anti-discounting rules (0 = no, 1 = yes)", 0, 1, 1, 0, "",
               integer=True),
    )

    def __init__(self, margin: float = 0.6, outside_take: float = 0.15, lost_share: float = 0.7) -> None:
        super().__init__()
        self.margin = margin
        self.outside_take = outside_take
        self.lost_share = lost_share

    def compute(self, fee_cap: float, multihoming: float, parity_ban: int) -> tuple[PolicyOutcome, PolicyOutcome]:
        base = policy_outcome(self.margin, self.outside_take, self.lost_share)
        policy = policy_outcome(self.margin, self.outside_take, self.lost_share, fee_cap=fee_cap,
                                multihoming=multihoming, parity_ban=bool(parity_ban))
        return base, policy

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        x = np.arange(len(GROUPS))
        width = 0.38
        self.base_bars = ax.bar(x - width / 2, [0] * len(GROUPS), width, color=style.PALETTE[7],
                                edgecolor="0.2", label="no policy")
        self.policy_bars = ax.bar(x + width / 2, [0] * len(GROUPS), width, color=style.PALETTE[0],
                                  edgecolor="0.2", hatch="//", label="with the levers set")
        ax.set_xticks(x, GROUPS)
        ax.set(title="Who gains, who loses (toy model, illustrative)",
               ylabel="Cents per dollar of the seller's sales",
               xlabel="Per dollar of a seller's sales, both channels, at the no-fee price",
               ylim=(0, 70))
        ax.legend(loc="upper right")
        self.ax = ax
        fig.tight_layout()

    def update(self, result: tuple[PolicyOutcome, PolicyOutcome]) -> None:
        base, policy = result
        for bar, value in zip(self.base_bars, _outcome_values(base)):
            bar.set_height(value)
        for bar, value in zip(self.policy_bars, _outcome_values(policy)):
            bar.set_height(value)

    def summary(self, result: tuple[PolicyOutcome, PolicyOutcome]) -> str:
        base, p = result
        return (f"Take rate {percent(base.take_rate)} → {percent(p.take_rate)}"
                f"{' (the cap binds)' if p.cap_binds else ''}. Per dollar of a seller's sales at the "
                f"no-fee price, both channels: sellers' net margin {percent(base.seller_margin)} → "
                f"{percent(p.seller_margin)}; platform's fees {percent(base.platform_revenue)} → "
                f"{percent(p.platform_revenue)}; outside channel's fees {percent(base.outside_fees)} → "
                f"{percent(p.outside_fees)}; buyers pay {percent(base.buyer_price - 1)} → "
                f"{percent(p.buyer_price - 1)} above the no-fee price.")


def percent(share: float) -> str:
    """A share as a percent to one decimal, rounded half up (the course's rule): 0.4305, stored a
    hair low, is 43.1%, where format ``:.1%`` gives 43.0%."""
    return f"{style.round_half_up(100 * share, 1):.1f}%"


QUALIFIER_WORD = {"exact": "", "over": "over ", "nearly": "nearly "}
LABEL_OFFSET = {"Marketplace Pulse": (-9, 7, "right"), "FTC": (9, 7, "left"),
                "ILSR, earlier report": (10, -13, "left"), "ILSR, 2023 brief": (9, -9, "left")}
POINT_LABEL_OFFSET = {("ILSR, 2023 brief", 2017): (-8, 6, "right")}
"""Per point: 2017's 27% goes above-left, clear of the line and of 2018's hollow 30% marker (the
brief's other labels, and the earlier reports' ones, sit below-right, under the rising line)."""
REPORTED_BY = "The American Prospect"
"""A point read in a report of ILSR's brief, not in the brief itself (2017's 27%): its label names
the report, as the lecture does ("27%, as reported by The American Prospect")."""
EARLIER_REPORT = {"ILSR July 2020 report (earlier estimate)": "2020 report",
                  "ILSR December 2021 report (earlier estimate)": "2021 report"}
"""An earlier ILSR estimate (a white square) is labelled with its report ("30%, 2020 report"): the 30% lies close to
the 2023 brief's line (29.7% in 2018) but is not a point of it."""


CURRENT_ILSR = "ILSR 2023 brief"
"""The ``series`` of ILSR's current estimates: the only points the fee chart joins with a line."""


def plot_fee_share(fees: pd.DataFrame) -> Figure:
    """Estimates of the share of sellers' revenue Amazon takes, by publisher and year (``fee_share``).

    A line joins only ILSR's current series (its September 2023 brief); the older ILSR reports'
    figures are drawn as white squares above the line, each labelled with its report: ILSR revised
    its estimates, so they are not points of one series. The line has its own legend entry. A qualifier ("over", "nearly") is written with its point:
    those are bounds, not estimates.
    """
    data = fees.assign(percent=100 * fees["share"])
    earlier = (data["publisher"] == "ILSR") & (data["series"] != CURRENT_ILSR)
    data = data.assign(label=data["publisher"].where(~earlier, "ILSR, earlier report"))
    data.loc[data["series"] == CURRENT_ILSR, "label"] = "ILSR, 2023 brief"
    order = list(dict.fromkeys(data["label"]))
    styles = style.category_styles(order)
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        current = data[data["series"] == CURRENT_ILSR].sort_values("year")
        ax.plot(current["year"], current["percent"], color=styles["palette"]["ILSR, 2023 brief"],
                linestyle="--", linewidth=1.2, zorder=1, label="line: joins the 2023 brief only")
        solid = data[~earlier]
        sns.scatterplot(data=solid, x="year", y="percent", hue="label", style="label",
                        hue_order=[o for o in order if o in set(solid["label"])],
                        style_order=[o for o in order if o in set(solid["label"])],
                        palette=styles["palette"], markers=styles["markers"], s=110, ax=ax, zorder=3)
        old = data[earlier]
        # white-filled squares above the line: the line stops at their edge, so an earlier estimate
        # that lies near it (30% in 2018, the line 29.7%) does not read as one of its points
        ax.scatter(old["year"], old["percent"], s=110, facecolors="white", linewidths=1.6,
                   edgecolors=styles["palette"]["ILSR, 2023 brief"],
                   marker=styles["markers"]["ILSR, earlier report"], zorder=4,
                   label="ILSR, earlier reports (not on the line)")
        for row in data.itertuples():
            word = QUALIFIER_WORD.get(row.qualifier, f"{row.qualifier} ")
            dx, dy, ha = POINT_LABEL_OFFSET.get((row.label, row.year), LABEL_OFFSET.get(
                row.label, LABEL_OFFSET.get(row.publisher, (9, -4, "left"))))
            report = f", {EARLIER_REPORT[row.series]}" if row.series in EARLIER_REPORT else ""
            if str(row.source).startswith(REPORTED_BY):
                report = f", as reported by\n{REPORTED_BY}"
            ax.annotate(f"{word}{row.percent:.0f}%{report}", (row.year, row.percent), textcoords="offset points",
                        xytext=(dx, dy), ha=ha, fontsize=9)
        ax.set(title="How much of a seller's revenue does Amazon take?", xlabel="Year estimated",
               ylabel="Fees as share of seller revenue (%)", ylim=(0, 60), xlim=(2013, 2025))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        # lower right is empty (the estimates rise to the upper right): the legend hides no point
        ax.legend(title=None, loc="lower right", fontsize=9)
        fig.tight_layout()
    return fig
