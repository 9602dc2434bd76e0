"""Charts of lesson 09 (synergy): shared infrastructure, devices as storefronts, peers compared."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style
from ..devices import DevicePayback, device_payback, device_value_path, payback_period
from ..synergy import SharedCost, shared_cost, store_cost_curve
from ..widgets import ModelChart, Slider, ladder_limit

MAX_EXTERNAL = 10.0
SAVING_LABEL = "saving (allocated to others)"


class SharedCostChart(ModelChart):
    """The store's allocated share of a shared platform's cost as external use grows (illustrative).

    The store's own use is one unit; external use is measured in multiples of it.
    """

    controls = (
        Slider("external_use", "External AWS use e", 0.0, MAX_EXTERNAL,
               0.5, 4.0, "multiples of the store's use"),
        Slider("fixed_cost", "Fixed cost of the shared platform", 1.0, 20.0, 0.5, 10.0,
               "US$ bn a year"),
        Slider("unit_cost", "Cost v per unit of use", 0.0, 5.0, 0.25, 1.0, "US$ bn a year per unit"),
    )

    def compute(self, external_use: float, fixed_cost: float, unit_cost: float) -> tuple[SharedCost, pd.DataFrame]:
        point = shared_cost(fixed_cost=fixed_cost, store_use=1.0, external_use=external_use,
                            unit_cost=unit_cost)
        curve = store_cost_curve(fixed_cost, 1.0, np.linspace(0, MAX_EXTERNAL, 81), unit_cost)
        return point, curve

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        (self.alone,) = ax.plot([], [], **{**style.series_style(1), "marker": None},
                                label="store alone")
        (self.shared,) = ax.plot([], [], **{**style.series_style(0), "marker": None},
                                 label="store's share, by use")
        (self.dot,) = ax.plot([], [], "o", color=style.PALETTE[0], markersize=9, zorder=4)
        self.gap = ax.vlines([], [], [], color=style.PALETTE[2], linestyle=":", linewidth=2,
                             label=SAVING_LABEL)
        ax.set(title="Who pays for the store's servers? (illustrative)",
               xlabel="External use e (multiples of the store's use u)",
               ylabel="Store's cost (US$ bn a year)", xlim=(0, MAX_EXTERNAL), ylim=(0, 15))
        ax.legend(loc="center right")
        self.saving_in_legend = True
        self.ax = ax
        fig.tight_layout()

    def update(self, result: tuple[SharedCost, pd.DataFrame]) -> None:
        point, curve = result
        x = curve.index.to_numpy()
        self.shared.set_data(x, curve["store"].to_numpy())
        self.alone.set_data(x, curve["standalone"].to_numpy())
        e = (1 - point.store_fixed_share) / point.store_fixed_share  # store use u = 1
        self.dot.set_data([e], [point.store])
        self.gap.set_segments([[(e, point.store), (e, point.standalone)]])
        # with no outside use there is no saving: no zero-length line in the legend either
        saving = point.saving > 1e-12
        if saving != self.saving_in_legend:
            self.gap.set_label(SAVING_LABEL if saving else f"_{SAVING_LABEL}")
            self.ax.legend(loc="center right")
            self.saving_in_legend = saving
        # two fixed heights (the sliders cap the bill at 20 + 5 = 25): the lecture's US$ 11 bn bill
        # fills the lower one, and the axes stay put across most slider moves
        self.ax.set_ylim(0, ladder_limit(1.3 * point.standalone, (15.0, 27.0)))


    def summary(self, result: tuple[SharedCost, pd.DataFrame]) -> str:
        p, _ = result
        return (f"The store bears {p.store_fixed_share:.0%} of the fixed cost: US$ {p.store:.1f} bn "
                f"a year of a US$ {p.total:.1f} bn bill, against US$ {p.standalone:.1f} bn alone "
                f"(an allocated saving of US$ {p.saving:.1f} bn).")


DEVICE_FRAMES = ((50.0, 15.0), (110.0, 110.0), (110.0, 300.0))
"""(depth, height) pairs of the device chart's y-axis, smallest first: the first that fits is used."""


def _net_dollars(net: float) -> str:
    """A net value per device, signed, in whole US$: "US$ +8", "US$ -12"; one that rounds to zero
    reads "US$ 0", never "US$ +0" or "US$ -0"."""
    if f"{net:.0f}" in ("0", "-0"):
        return "US$ 0"
    return f"US$ {net:+.0f}"


class DevicePaybackChart(ModelChart):
    """Expected net present value per device sold at a loss, period by period (illustrative)."""

    periods = 10
    controls = (
        Slider("subsidy", "Loss on each device, s", 0.0, 100.0, 5.0, 40.0, "US$ per device"),
        Slider("attach_rate", "Attach rate a, owners who ever buy through it", 0.0, 1.0, 0.05, 0.5,
               "share of owners"),
        Slider("margin", "Margin m from an attached owner", 0.0, 60.0, 2.5, 20.0, "US$ a year"),
        Slider("retention", "Retention r", 0.0, 0.95, 0.05, 0.8, "share kept a year"),
        Slider("discount", "Discount rate d", 0.0, 0.3, 0.01, 0.1, "per year"),
    )

    def compute(self, subsidy: float, attach_rate: float, margin: float, retention: float,
                discount: float) -> tuple[DevicePayback, pd.Series]:
        payback = device_payback(subsidy=subsidy, attach_rate=attach_rate, margin=margin,
                                 retention=retention, discount=discount)
        path = device_value_path(subsidy, attach_rate, margin, retention, discount, self.periods)
        return payback, path

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        ax.axhline(0, **style.ZERO_LINE)
        (self.line,) = ax.plot([], [], **{**style.series_style(0), "markevery": 1},
                               label="expected NPV after t years")
        self.limit = ax.axhline(0, color=style.PALETTE[1], linestyle="--", linewidth=1.6,
                                label="long run: a·CLV − s")
        ax.set(title="A device sold at a loss: does it pay back? (illustrative)",
               xlabel="Years after the sale", ylabel="Expected NPV (US$ per device)",
               xlim=(0, self.periods))
        ax.legend(loc="lower right")
        self.ax = ax
        fig.tight_layout()

    def update(self, result: tuple[DevicePayback, pd.Series]) -> None:
        p, path = result
        self.line.set_data(path.index.to_numpy(), path.to_numpy())
        self.limit.set_ydata([p.net, p.net])
        # three fixed frames (depth of the loss, height of the gain; the subsidy slider stops at
        # US$ 100): the curve fills the axes at the lecture's settings (−50…15), and the axes stay
        # put across most slider moves, so the cached axes hold
        need_low, need_high = p.subsidy + 5, max(path.max(), p.net, 0.0) + 5
        low, high = next(((lo, hi) for lo, hi in DEVICE_FRAMES if need_low <= lo and need_high <= hi),
                         DEVICE_FRAMES[-1])
        low = -low
        self.ax.set_ylim(low, high)

    def summary(self, result: tuple[DevicePayback, pd.Series]) -> str:
        p, path = result
        if p.subsidy == 0:  # no loss on the device: there is nothing to pay back
            return (f"CLV US$ {p.clv:.0f}; a·CLV = US$ {p.expected:.0f} with no loss on the device: "
                    f"nothing to pay back (net {_net_dollars(p.net)} per device from the day of sale).")
        year = payback_period(path)
        when = (f"paid back in year {year}" if year is not None and p.pays_back else
                "not paid back within the horizon" if p.pays_back else "never paid back")
        breakeven = (f"break-even attach rate {p.breakeven_attach:.0%}" if p.breakeven_attach <= 1
                     else "no attach rate up to 100% pays back")
        return (f"CLV US$ {p.clv:.0f}; a·CLV = US$ {p.expected:.0f} vs a loss of US$ {p.subsidy:.0f}: "
                f"net {_net_dollars(p.net)} per device, {when} ({breakeven}).")


GOOGLE_CLOUD = "Google Cloud (Alphabet)"
GOOGLE_BREAK = 2022.5
"""Google Cloud's rows change basis here: 2019–2022 as first reported, 2023 on as presented in the
FY2025 10-K, after Alphabet's 2023 change of cost allocation (less of its shared costs to Google
Cloud; DeepMind reported among Alphabet-level activities) (``peers``' basis)."""


GOOGLE_BASES = ("Google Cloud: 2019 as presented in Alphabet's FY2020 results (its first report of "
                "Cloud's operating income); 2020–2022 as first reported; 2023–2025 as in the FY2025 10-K")
"""The chart's footnote: the basis of each of Google Cloud's years (``peers``' ``basis`` column)."""


EBAY = "eBay (whole company)"
EBAY_LEGEND = "eBay, 2021 only (marketplace)"
"""The revenue panel's legend entry for eBay's single point, so it is not read as a fourth cloud."""


PEER_ORDER = ("AWS (Amazon)", "Intelligent Cloud (Microsoft)", GOOGLE_CLOUD, EBAY)


def plot_peers(table: pd.DataFrame) -> Figure:
    """Revenue (US$ bn) and operating margin (%) of AWS and its peers by fiscal year. On the margin
    panel Google Cloud's line breaks where its basis changes (between fiscal 2022 and 2023), marked
    by a dotted line; the revenue panel has no such mark (the change moved costs, not revenue). A
    footnote under both panels names the basis of each of Google Cloud's years (:data:`GOOGLE_BASES`).
    eBay's single point (2021, whole company) is named as such in the legend (:data:`EBAY_LEGEND`).

    ``table`` is :func:`valueloops.synergy.peer_comparison`'s result.
    """
    data = table.assign(revenue_bn=table["revenue_musd"] / 1000,
                        margin_pct=100 * table["operating_margin"])
    data = data[data["fiscal_year"] >= 2019]
    order = [b for b in PEER_ORDER if b in set(data["business"])]
    order += sorted(set(data["business"]) - set(order))
    styles = style.category_styles(order)
    with style.theme():
        fig = Figure(figsize=(style.FIGSIZE[0] * 1.4, style.FIGSIZE[1]))
        left, right = fig.subplots(1, 2)
        sns.lineplot(data=data, x="fiscal_year", y="revenue_bn", hue="business", style="business",
                     **styles, markersize=8, ax=left)
        margin = data.dropna(subset=["margin_pct"])
        # Google Cloud's margins before and after its change of basis are two lines, not one: a
        # line drawn across the break would read as a change in the business
        margin = margin.assign(basis_part=[
            "new basis" if business == GOOGLE_CLOUD and year > GOOGLE_BREAK else "as reported"
            for business, year in zip(margin["business"], margin["fiscal_year"])])
        sns.lineplot(data=margin, x="fiscal_year", y="margin_pct", hue="business", style="business",
                     units="basis_part", estimator=None, **styles, markersize=8, ax=right,
                     legend=False)
        right.axhline(0, **style.ZERO_LINE)
        if GOOGLE_CLOUD in order:  # its basis (cost allocation, server lives) changes between 2022
            # and 2023: mark the break where it matters, on the margin; its revenue is not affected
            colour = styles["palette"][GOOGLE_CLOUD]
            right.axvline(GOOGLE_BREAK, color=colour, linestyle=":", linewidth=1.4)
            right.annotate("Google Cloud: new basis\nfrom 2023 (cost allocation\nand server lives changed)",
                           xy=(GOOGLE_BREAK, 0.04), xycoords=("data", "axes fraction"),
                           xytext=(4, 0), textcoords="offset points", ha="left", va="bottom",
                           fontsize=8, color=colour)
        left.set(title="Revenue", xlabel="Fiscal year (Microsoft's ends in June)",
                 ylabel="Revenue (US$ bn)")
        right.set(title="Operating margin", xlabel="Fiscal year (Microsoft's ends in June)",
                  ylabel="Operating income / revenue (%)")
        legend = left.legend(title=None, loc="upper left", fontsize=9)
        for text in legend.get_texts():   # eBay's one point: say what it is (the line keeps its name)
            if text.get_text() == EBAY:
                text.set_text(EBAY_LEGEND)
        for ax in (left, right):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if GOOGLE_CLOUD in order:  # which basis each of its years is on, under both panels
            fig.text(0.5, 0.01, GOOGLE_BASES, ha="center", va="bottom", fontsize=8)
            fig.tight_layout(rect=(0, 0.05, 1, 1))
        else:
            fig.tight_layout()
    return fig
