"""Charts of cloud economics: pooling and the utility premium (lesson 06), own vs rent (lesson 07).

``buildout_table`` (a table, not a chart) lives in :mod:`valueloops.cloud`; it is imported here so
the charts that draw it, and older notebooks, find it under this module too.

Model numbers are illustrative; the data charts take tables from ``valueloops.data.load``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from .. import style, validate
from ..cloud import (HOURS_PER_YEAR, PooledCapacity, Scenarios, breakeven_utilization, buildout_table,
                     correlated_demand, optimal_owned_capacity, owned_cost_per_year,
                     peaky_demand, pooled_capacity, pooled_cv, startup_scenarios)
from ..widgets import ModelChart, Slider, ladder_limit

# ------------------------------------------------------------------------------ data charts


def first_comparable_year(cash: pd.DataFrame) -> int | None:
    """The first year whose purchases of property and equipment are reported gross (``basis``
    column of ``load("amazon_cash_flow")``): from it on, the years share one basis (the FY2017 10-K's
    gross presentation, operating cash flow as restated in the FY2019 10-K). None if the table has
    no ``basis`` column or no gross year."""
    if "basis" not in cash.columns:
        return None
    rows = cash[(cash["metric"] == "purchases_of_property_and_equipment")
                & cash["basis"].astype(str).str.startswith("gross")]
    return int(rows["year"].min()) if len(rows) else None


def plot_buildout(cash: pd.DataFrame, plan: tuple[int, float, str] | None = None) -> Figure:
    """Cash from operations (bars), capital spending net of proceeds (bars) and free cash flow (line),
    US$ billions per year, from ``load("amazon_cash_flow")`` via :func:`buildout_table`.

    ``plan``: optionally (year, US$ billions, label) for announced spending that is not a reported
    figure, such as Amazon's plan for 2026 in its own measure, "capital expenditures"
    (``load("amazon_buildout")``). It is another measure than the net capital spending of the bars,
    so it is drawn as its own series: an empty bar of its own colour and outline, centred on its
    year and named by ``label``, never as the next bar of the capital-spending series.

    The chart starts at :func:`first_comparable_year`: the years before it (2014) were reported net
    of incentives and never restated, so they are not joined to the later years (lecture 07's capex chart
    starts there too).
    """
    table = buildout_table(cash)
    first = first_comparable_year(cash)
    if first is not None:
        table = table.loc[first:]
    years = table.index.to_numpy()
    with style.theme():
        fig = Figure(figsize=(8.2, 4.6))
        ax = fig.subplots()
        width = 0.4
        ax.bar(years - width / 2, table["operating_cash_flow"], width, color=style.PALETTE[0],
               label="cash from operations")
        ax.bar(years + width / 2, table["net_capex"], width, color=style.PALETTE[1], hatch="//",
               edgecolor="white", linewidth=0.5, label="capital spending (net of proceeds)")
        ax.plot(years, table["free_cash_flow"], color="0.15", marker="o", linestyle="-",
                label="free cash flow = the difference")
        ticks = list(years)
        if plan is not None:
            year, amount, label = plan
            year = validate.integer("plan year", year)
            amount = validate.number("plan amount", amount, low=0, low_open=True)
            if year <= int(years.max()):
                raise ValueError(f"plan year {year} must come after the last reported year {int(years.max())}")
            ax.bar([year], [amount], 2 * width, fill=False, hatch="..", edgecolor=style.PALETTE[4],
                   linestyle="--", linewidth=1.4, label=label)
            ticks.append(year)
        ax.axhline(0, **style.ZERO_LINE)
        ax.set(title="Amazon: cash from operations against capital spending", xlabel="Year",
               ylabel="US$ billions per year", xticks=ticks)
        ax.tick_params(axis="x", labelrotation=45)
        ax.legend(loc="upper left", fontsize=8.5)
        fig.tight_layout()
    return fig


def plot_capex_ahead_of_sales(cash: pd.DataFrame, segments: pd.DataFrame, base_year: int = 2015) -> Figure:
    """Capital spending, AWS net sales and Amazon's net sales as multiples of their ``base_year`` level.

    ``cash``: ``load("amazon_cash_flow")`` (capital spending net of proceeds, :func:`buildout_table`);
    ``segments``: ``load("amazon_segments")``. A log scale, so equal growth rates give parallel lines.
    """
    spend = buildout_table(cash)["net_capex"]
    need = {"year", "segment", "net_sales_musd"}
    if not need <= set(segments.columns):
        raise ValueError(f"expected the amazon_segments table with columns {sorted(need)}")
    sales = segments.pivot_table(index="year", columns="segment", values="net_sales_musd")
    series = {"capital spending (net of proceeds)": spend, "AWS net sales": sales["AWS"],
              "Amazon net sales": sales["Consolidated"]}
    base = validate.integer("base_year", base_year)
    years = sorted(set(spend.index) & set(sales.index))
    if base not in years:
        raise ValueError(f"base_year {base} is not in both tables; choose one of {years[0]}-{years[-1]}")
    years = [y for y in years if y >= base]
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        for i, (name, values) in enumerate(series.items()):
            index = values.loc[years] / values.loc[base]
            st = style.series_style(i)
            st["markevery"] = 1
            ax.plot(years, index.to_numpy(), label=f"{name}: {index.iloc[-1]:.0f}×", **st)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}×"))
        ax.set(title=f"Capacity ran ahead of sales: multiples of {base}", xlabel="Year",
               ylabel=f"Multiple of the {base} level (log scale)")
        ax.legend(loc="upper left", fontsize=9)
        fig.tight_layout()
    return fig


# ------------------------------------------------------------------------------ lesson 06


@dataclass(frozen=True)
class PoolingRun:
    n: int
    rho: float
    cv: float
    one: np.ndarray            # hourly demand of customer 1 (servers)
    pool_per_customer: np.ndarray  # hourly total / n (servers per customer)
    capacity: PooledCapacity   # at the chosen n
    curve_n: np.ndarray
    curve_pooled: np.ndarray   # pooled capacity per customer for n = 1..max
    pool_cv: float


class PoolingChart(ModelChart):
    """Many customers share one pool: a week of one customer's demand vs the pool's (per customer),
    and the capacity per customer needed at service level z, alone (dashed) or pooled (dotted), as n
    grows; the right panel uses the left panel's line styles, so one legend serves both.

    Each customer: mean 10 servers (illustrative), z = 2 (about 98% of hours covered if demand is
    normal); the week's demand is simulated with ``correlated_demand(..., seed=6)``.
    """

    controls = (
        Slider("n", "Number of customers sharing the pool", 1, 100, 1, 10, "customers", integer=True),
        Slider("rho", "Correlation of their demands ρ", 0.0, 1.0, 0.05, 0.0, "correlation coefficient"),
        Slider("cv", "Demand variability per customer σ/μ", 0.05, 0.5, 0.05, 0.3, "sd ÷ mean"),
    )
    MAX_N = 100

    def __init__(self, mean: float = 10.0, z: float = 2.0, hours: int = 168, seed: int = 6) -> None:
        super().__init__()
        self.mean, self.z, self.hours, self.seed = mean, z, hours, seed

    def compute(self, n: int, rho: float, cv: float) -> PoolingRun:
        cv = validate.number("cv", cv, low=0)  # named as the slider, not as the sd it makes
        sd = cv * self.mean
        capacity = pooled_capacity(n=n, mean=self.mean, sd=sd, z=self.z, rho=rho)
        demand = correlated_demand(n=self.MAX_N, mean=self.mean, sd=sd, rho=rho, hours=self.hours,
                                   seed=self.seed)[:, :n]
        ns = np.arange(1, self.MAX_N + 1)
        curve = np.array([pooled_capacity(n=int(k), mean=self.mean, sd=sd, z=self.z, rho=rho).pooled / k
                          for k in ns])
        return PoolingRun(n=int(n), rho=rho, cv=cv, one=demand[:, 0], pool_per_customer=demand.mean(axis=1),
                          capacity=capacity, curve_n=ns, curve_pooled=curve,
                          pool_cv=pooled_cv(n=n, cv=cv, rho=rho))

    def setup(self, fig: Figure) -> None:
        left, right = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.5, 1]})
        hours = np.arange(self.hours)
        top = self.mean * (1 + 3.5 * self.controls[2].max)
        (self.one_line,) = left.plot(hours, np.zeros(self.hours), color=style.PALETTE[1],
                                     linestyle="-", linewidth=1.0, label="one customer")
        (self.pool_line,) = left.plot(hours, np.zeros(self.hours), color=style.PALETTE[0],
                                      linestyle="-", linewidth=2.0, label="pool, per customer")
        self.cap_alone = left.axhline(0, color=style.PALETTE[1], linestyle="--", linewidth=1.5,
                                      label="capacity alone")
        self.cap_pool = left.axhline(0, color=style.PALETTE[0], linestyle=":", linewidth=2.0,
                                     label="capacity pooled")
        left.set(title="A simulated week", xlabel="Hour of the week", ylabel="Servers per customer",
                 xlim=(0, self.hours - 1), ylim=(0, top))
        left.legend(loc="upper left", ncols=2, fontsize=8)
        ns = np.arange(1, self.MAX_N + 1)
        (self.alone_curve,) = right.plot(ns, np.zeros(ns.size), color=style.PALETTE[1], linestyle="--",
                                         label="_alone")
        (self.pool_curve,) = right.plot(ns, np.zeros(ns.size), color=style.PALETTE[0], linestyle=":",
                                        label="_pooled")
        (self.marker,) = right.plot([], [], "o", color=style.PALETTE[0], markersize=8)
        right.axhline(self.mean, **style.ZERO_LINE)
        # below the line: the capacity curves all lie above the mean, so the label never sits on one
        # the limit as n grows at ρ = 0; with ρ > 0 the curve stalls above it (the text's floor)
        right.annotate(f"mean, {self.mean:g} servers: the limit at ρ = 0", xy=(self.MAX_N, self.mean),
                       xytext=(-4, -4), textcoords="offset points", ha="right", va="top",
                       fontsize=8, color="0.35")
        right.set(title="Capacity as n grows", xlabel="Customers in the pool, n",
                  ylabel="Capacity per customer (servers)", xlim=(0, self.MAX_N), ylim=(0, top))
        right.tick_params(labelleft=True)  # its own numbers too, on the left panel's scale
        for ax in fig.axes:
            style.lean_axes(ax)
        fig.tight_layout()

    def update(self, run: PoolingRun) -> None:
        self.one_line.set_ydata(run.one)
        self.pool_line.set_ydata(run.pool_per_customer)
        alone = run.capacity.separate / run.n
        pooled = run.capacity.pooled / run.n
        self.cap_alone.set_ydata([alone, alone])
        self.cap_pool.set_ydata([pooled, pooled])
        self.alone_curve.set_ydata(np.full(run.curve_n.size, alone))
        self.pool_curve.set_ydata(run.curve_pooled)
        self.marker.set_data([run.n], [pooled])

    def summary(self, run: PoolingRun) -> str:
        cap = run.capacity
        # at ρ = 0 there is no floor (it would read 0.000): the pool's σ/μ falls as 1/√n
        floor = f" (floor (σ/μ)√ρ = {run.cv * math.sqrt(run.rho):.3f})" if run.rho > 0 else ""
        return (f"n = {run.n}, ρ = {run.rho:.2f}, σ/μ = {run.cv:.2f}: the pool needs "
                f"{cap.pooled / run.n:.1f} servers per customer vs {cap.separate / run.n:.1f} alone "
                f"({100 * cap.saving_share:.2f}% less); the pool's σ/μ is {run.pool_cv:.3f}{floor}.")


@dataclass(frozen=True)
class PremiumRun:
    premium: float
    peak_to_average: float
    grid: np.ndarray
    hybrid: np.ndarray         # best hybrid cost for each premium on the grid
    owned: float               # best owned capacity at the chosen premium
    cost: float                # its cost


PREMIUM_LIMITS = (5.5, 7.0, 8.5)
"""Heights of PremiumChart's axis (cost per average unit): the first that holds the cloud line (up to
the largest premium, 5) and the owned line at P/A (up to 8). Flat demand gets 5.5, not 8.5."""


class PremiumChart(ModelChart):
    """Own for the peak, rent at a premium, or mix: cost per unit of average demand vs the premium U.

    Demand: ``peaky_demand(P/A)``, an illustrative load-duration curve with mean 1 and peak P/A;
    owned capacity costs 1 per unit per hour, used or not; rented capacity U per unit used.
    """

    controls = (
        Slider("premium", "Utility premium U", 0.5, 5.0, 0.1, 2.0, "cloud price ÷ own unit cost"),
        Slider("peak_to_average", "Peak-to-average demand P/A", 1.0, 8.0, 0.5, 4.0, "peak ÷ average"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.grid = np.round(np.arange(0.5, 5.0001, 0.1), 10)

    def compute(self, premium: float, peak_to_average: float) -> PremiumRun:
        demand = peaky_demand(peak_to_average)
        hybrid = np.array([optimal_owned_capacity(demand, u).cost for u in self.grid])
        best = optimal_owned_capacity(demand, premium)
        return PremiumRun(premium=premium, peak_to_average=peak_to_average, grid=self.grid,
                          hybrid=hybrid, owned=best.owned, cost=best.cost)

    def setup(self, fig: Figure) -> None:
        ax = fig.subplots()
        g = self.grid
        (self.cloud_line,) = ax.plot(g, g, color=style.PALETTE[0], linestyle="-",
                                     label="all cloud: U × average")
        (self.own_line,) = ax.plot(g, np.zeros(g.size), color=style.PALETTE[1], linestyle="--",
                                   label="all owned, sized for the peak: P")
        (self.hybrid_line,) = ax.plot(g, np.zeros(g.size), color=style.PALETTE[2], linestyle="-.",
                                      label="best hybrid: own x, rent the rest")
        self.now = ax.axvline(2.0, color="0.4", linestyle=":", linewidth=1.5, label="the premium U set")
        (self.dot,) = ax.plot([], [], "o", color=style.PALETTE[2], markersize=8,
                              label="best hybrid's cost at that U")
        # a little room right of the largest premium, so the dot at U = 5 is drawn whole
        ax.set(title="Own, rent or both?", xlabel="Utility premium U (cloud price ÷ own unit cost)",
               ylabel="Cost per average unit (own cost = 1)", xlim=(g[0], g[-1] + 0.15),
               ylim=(0, PREMIUM_LIMITS[-1]))
        # the legend sits beside the plot, where no line can run under it (the owned line reaches 8)
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, frameon=False)
        self.ax = ax
        for ax in fig.axes:
            style.lean_axes(ax)
        # r27e (06 #4): whole-number cost ticks, on which the costs the captions name (2.0, 4.0) sit
        self.ax.yaxis.set_major_locator(mticker.MaxNLocator(6, integer=True))
        fig.tight_layout()

    def update(self, run: PremiumRun) -> None:
        self.own_line.set_ydata(np.full(run.grid.size, run.peak_to_average))
        self.hybrid_line.set_ydata(run.hybrid)
        # a few fixed heights: the cloud line always reaches the largest premium on the grid
        tallest = max(float(run.grid[-1]), run.peak_to_average)
        self.ax.set_ylim(0, ladder_limit(1.05 * tallest, PREMIUM_LIMITS))
        self.now.set_xdata([run.premium, run.premium])
        self.dot.set_data([run.premium], [run.cost])

    def summary(self, run: PremiumRun) -> str:
        u, pa = run.premium, run.peak_to_average
        # each verdict names its two costs in the order it names the choices
        verdict = (f"the cloud is cheaper than owning for the peak ({u:.1f} vs {pa:.1f})" if u < pa else
                   f"owning for the peak is cheaper than the cloud ({pa:.1f} vs {u:.1f})" if u > pa else
                   f"the cloud and owning for the peak cost the same ({u:.1f})")
        return (f"U = {u:.1f}, P/A = {pa:.1f}: {verdict}; the best hybrid owns "
                f"{run.owned:.2f} × the average and costs {run.cost:.2f}.")


# ------------------------------------------------------------------------------ lesson 07


@dataclass(frozen=True)
class OwnRentRun:
    own_per_year: float
    cloud_price_per_hour: float
    breakeven: float
    scenarios: Scenarios


OWN_RENT_LIMITS = (7_500, 15_000, 30_000)
"""Heights of OwnRentChart's left panel, US$ a year: the first that holds both lines."""

RATIO_LIMITS = (2.0, 3.0)
"""Widths of OwnRentChart's right panel (rent cost ÷ own cost): the first that holds the largest ratio
with 5% to spare; ratios above the last are drawn at it, and only then does the legend say so. At
the lecture's prices the paths end near 1.25 (4-year server) and 1.7 (8-year): both charts share
the width 2, so they compare by eye.
With the left panel's three heights the sliders' settings draw a few static layers (the legend's
note is one more at width 3; tests/test_widgets.py allows six)."""


ECDF_LABEL = "share of startups at or below each ratio"
"""The right panel's legend entry; update() adds "(ratios above 3 drawn at 3)" when some are."""


class OwnRentChart(ModelChart):
    """Buy or rent a server: yearly cost vs utilization, and 200 seeded startups (seed 2012).

    Left: a server owned costs K·CRF + o a year whatever its use; renting costs 8760·h·u. Right:
    on each of 200 simulated startup paths (``startup_scenarios``: start at 10 servers, growth
    volatility 0.4, 10% chance a year of stopping, peak 2 × average, 5 years), the cost of renting
    divided by the cost of owning. All prices illustrative.
    """

    controls = (
        Slider("capex", "Server price K", 2000, 20000, 500, 6000, "$"),
        Slider("life_years", "Server life L", 1, 8, 1, 4, "years", integer=True),
        Slider("rate", "Interest rate r", 0.0, 0.2, 0.01, 0.08, "per year"),
        Slider("opex_per_year", "Running cost o", 0, 4000, 100, 1000, "$ per year"),
        Slider("cloud_price_per_hour", "Cloud price h", 0.1, 2.0, 0.05, 0.8, "$ per server-hour"),
        Slider("growth", "Median growth of demand", -0.3, 1.0, 0.05, 0.3, "per year"),
    )
    SEED = 2012

    def compute(self, capex: float, life_years: int, rate: float, opex_per_year: float,
                cloud_price_per_hour: float, growth: float) -> OwnRentRun:
        money = dict(capex=capex, life_years=life_years, rate=rate, opex_per_year=opex_per_year)
        return OwnRentRun(
            own_per_year=owned_cost_per_year(**money),
            cloud_price_per_hour=cloud_price_per_hour,
            breakeven=breakeven_utilization(**money, cloud_price_per_hour=cloud_price_per_hour),
            scenarios=startup_scenarios(**money, cloud_price_per_hour=cloud_price_per_hour,
                                        growth=growth, seed=self.SEED),
        )

    def setup(self, fig: Figure) -> None:
        left, right = fig.subplots(1, 2)
        u = np.array([0.0, 1.0])
        (self.own_line,) = left.plot(u, [0, 0], color=style.PALETTE[1], linestyle="--", label="own")
        (self.rent_line,) = left.plot(u, [0, 0], color=style.PALETTE[0], linestyle="-", label="rent")
        self.even = left.axvline(0.5, color="0.4", linestyle=":", linewidth=1.5,
                                 label="break-even (left)")
        left.set(title="One server", xlabel="Utilization (share of hours used)",
                 ylabel="Cost per year ($)", xlim=(0, 1))
        self.left = left
        paths = 200
        (self.ecdf,) = right.plot(np.zeros(paths), (np.arange(paths) + 1) / paths,
                                  color=style.PALETTE[2], drawstyle="steps-post",
                                  label=ECDF_LABEL)
        right.axvline(1.0, color="0.4", linestyle=":", linewidth=1.5, label="rent = own (right)")
        # the width comes from RATIO_LIMITS in update(); a little headroom above 1 so the last step
        # (all 200 paths) is not hidden by the frame
        right.set(title="200 startups, 5 years",
                  xlabel="Rent cost ÷ own cost\n(below 1: renting is cheaper)",
                  ylabel="Share of paths at or below", xlim=(0, RATIO_LIMITS[0]), ylim=(0, 1.05))
        self.right = right
        for ax in fig.axes:
            style.lean_axes(ax)
        # one legend for both panels, under them, where no line can run beneath it (the own line
        # can reach the top of the left panel; the paths fill the right one). Two columns, filled
        # column by column: the left panel's three lines, then the right panel's two
        handles = [*left.get_lines(), *right.get_lines()]
        legend = fig.legend(handles=handles, labels=[h.get_label() for h in handles],
                            loc="lower center", ncols=2, fontsize=9, frameon=False)
        self.ecdf_text = legend.get_texts()[handles.index(self.ecdf)]
        fig.tight_layout(rect=(0, 0.12, 1, 1))

    def update(self, run: OwnRentRun) -> None:
        rent_full = HOURS_PER_YEAR * run.cloud_price_per_hour
        self.own_line.set_ydata([run.own_per_year, run.own_per_year])
        self.rent_line.set_ydata([0.0, rent_full])
        self.even.set_xdata([run.breakeven, run.breakeven])
        self.even.set_visible(run.breakeven <= 1)
        # a few fixed heights that fit the data (the default prices top out near 7,000 $; the
        # sliders cap renting at 17,520 $ and owning near 28,000 $)
        self.left.set_ylim(0, ladder_limit(1.05 * max(run.own_per_year, rent_full), OWN_RENT_LIMITS))
        s = run.scenarios
        ratio = s.rent_cost / s.own_cost
        width = ladder_limit(1.05 * float(ratio.max()), RATIO_LIMITS)
        self.right.set_xlim(0, width)
        self.ecdf.set_xdata(np.sort(np.minimum(ratio, width)))
        # name the cap only when some path is beyond the axis (then the width is the last limit)
        label = ECDF_LABEL + (f"\n(ratios above {width:g} drawn at {width:g})"
                              if float(ratio.max()) > width else "")
        self.ecdf.set_label(label)
        self.ecdf_text.set_text(label)

    def summary(self, run: OwnRentRun) -> str:
        s = run.scenarios
        if run.breakeven > 1:
            first = (f"break-even utilization {run.breakeven:.2f} > 1: renting is cheaper even at "
                     f"full use.")
        else:
            first = (f"break-even utilization {run.breakeven:.2f}: owning pays only if a server is "
                     f"busy more than {style.round_half_up(100 * run.breakeven):.0f}% of hours.")
        # half up, the course's rounding rule (format's :.0f rounds 65 of 200 paths, 32.5%, to 32)
        return (f"Own ${run.own_per_year:,.0f} a year per server; {first} Renting is cheaper on "
                f"{style.round_half_up(100 * s.rent_wins_share):.0f}% of 200 seeded startups.")
