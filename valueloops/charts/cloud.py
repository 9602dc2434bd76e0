"""Charts of cloud economics: pooling and the utility premium (lesson 06), own vs rent (lesson 07).

Model numbers are illustrative; the data charts take tables from ``valueloops.data.load``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from .. import style
from ..cloud import (HOURS_PER_YEAR, PooledCapacity, Scenarios, breakeven_utilization,
                     correlated_demand, optimal_owned_capacity, owned_cost_per_year,
                     peaky_demand, pooled_capacity, pooled_cv, startup_scenarios)
from ..widgets import ModelChart, Slider, ladder_limit

# ------------------------------------------------------------------------------ data charts


def plot_cloud_share(df: pd.DataFrame, providers: tuple[str, ...] = ("AWS", "Microsoft", "Google")) -> Figure:
    """Cloud infrastructure market share by quarter for the named providers (``load("cloud_share")``).

    Shares are drawn in percent at the quarter's midpoint; the quoted quarters are irregular, so the
    lines join the quarters that were reported, nothing in between.
    """
    data = df[df["provider"].isin(providers)].copy()
    data["when"] = data["year"] + (data["quarter"] - 0.5) / 4
    data["share_pct"] = 100 * data["share"]
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        sns.lineplot(data=data, x="when", y="share_pct", hue="provider", style="provider",
                     hue_order=list(providers), style_order=list(providers), markers=True,
                     dashes=True, palette=style.PALETTE[:len(providers)], markersize=8, ax=ax)
        ax.set(title="Cloud infrastructure services: market share", xlabel="Year (quarter reported)",
               ylabel="Share of worldwide market (%)", ylim=(0, 40))
        ax.legend(title=None, loc="lower left", ncols=len(providers))
        fig.tight_layout()
    return fig


def plot_capex(df: pd.DataFrame) -> Figure:
    """Amazon's purchases of property and equipment by year, US$ billions (``load("amazon_cash_flow")``).

    Bars are told apart by hatching and colour: before 2017 the line was reported net of incentives,
    from 2017 gross, so the two groups are not comparable.
    """
    data = df[df["metric"] == "purchases_of_property_and_equipment"].copy()
    data["value_bn"] = data["value_musd"] / 1000
    data["basis_short"] = np.where(data["basis"].str.startswith("gross"), "gross (2017 on)",
                                   "net of incentives (to 2016)")
    order = ["net of incentives (to 2016)", "gross (2017 on)"]
    with style.theme():
        fig = Figure(figsize=style.FIGSIZE)
        ax = fig.subplots()
        sns.barplot(data=data, x="year", y="value_bn", hue="basis_short", hue_order=order,
                    palette=[style.PALETTE[7], style.PALETTE[0]], dodge=False, ax=ax)
        for patch in ax.patches[: (data["basis_short"] == order[0]).sum()]:
            patch.set_hatch("//")
        ax.set(title="Amazon's purchases of property and equipment", xlabel="Year",
               ylabel="US$ billions per year")
        legend = ax.legend(title=None, loc="upper left")
        legend.legend_handles[0].set_hatch("//")
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
        right.set(title="Capacity as n grows", xlabel="Customers in the pool, n",
                  ylabel="Capacity (same scale)", xlim=(0, self.MAX_N), ylim=(0, top))
        right.tick_params(labelleft=False)  # shared scale: the left panel's labels serve both
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
        return (f"n = {run.n}, ρ = {run.rho:.2f}, σ/μ = {run.cv:.2f}: the pool needs "
                f"{cap.pooled / run.n:.1f} servers per customer vs {cap.separate / run.n:.1f} alone "
                f"({100 * cap.saving_share:.0f}% less); the pool's σ/μ is {run.pool_cv:.3f} "
                f"(floor (σ/μ)√ρ = {run.cv * math.sqrt(run.rho):.3f}).")


@dataclass(frozen=True)
class PremiumRun:
    premium: float
    peak_to_average: float
    grid: np.ndarray
    hybrid: np.ndarray         # best hybrid cost for each premium on the grid
    owned: float               # best owned capacity at the chosen premium
    cost: float                # its cost


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
        self.now = ax.axvline(2.0, color="0.4", linestyle=":", linewidth=1.5)
        (self.dot,) = ax.plot([], [], "o", color=style.PALETTE[2], markersize=8)
        ax.set(title="Own, rent or both?", xlabel="Utility premium U (cloud price ÷ own unit cost)",
               ylabel="Cost per average unit (own cost = 1)", xlim=(g[0], g[-1]), ylim=(0, 8.5))
        ax.legend(loc="upper left", fontsize=9)
        for ax in fig.axes:
            style.lean_axes(ax)
        fig.tight_layout()

    def update(self, run: PremiumRun) -> None:
        self.own_line.set_ydata(np.full(run.grid.size, run.peak_to_average))
        self.hybrid_line.set_ydata(run.hybrid)
        self.now.set_xdata([run.premium, run.premium])
        self.dot.set_data([run.premium], [run.cost])

    def summary(self, run: PremiumRun) -> str:
        u, pa = run.premium, run.peak_to_average
        verdict = ("the cloud is cheaper than owning for the peak" if u < pa else
                   "owning for the peak is cheaper than the cloud" if u > pa else
                   "the cloud and owning for the peak cost the same")
        return (f"U = {u:.1f}, P/A = {pa:.1f}: {verdict} ({u:.1f} vs {pa:.1f}); the best hybrid owns "
                f"{run.owned:.2f} × the average and costs {run.cost:.2f}.")


# ------------------------------------------------------------------------------ lesson 07


@dataclass(frozen=True)
class OwnRentRun:
    own_per_year: float
    cloud_price_per_hour: float
    breakeven: float
    scenarios: Scenarios


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
        Slider("growth", "Expected growth of demand", -0.3, 1.0, 0.05, 0.3, "per year"),
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
        self.even = left.axvline(0.5, color="0.4", linestyle=":", linewidth=1.5, label="break-even")
        left.set(title="One server", xlabel="Utilization (share of hours used)",
                 ylabel="Cost per year ($)", xlim=(0, 1))
        left.legend(loc="upper left", fontsize=9)
        self.left = left
        paths = 200
        (self.ecdf,) = right.plot(np.zeros(paths), (np.arange(paths) + 1) / paths,
                                  color=style.PALETTE[2], drawstyle="steps-post")
        right.axvline(1.0, color="0.4", linestyle=":", linewidth=1.5)
        right.set(title="200 startups, 5 years", xlabel="Rent cost ÷ own cost",
                  ylabel="Share of paths at or below", xlim=(0, 2.5), ylim=(0, 1))
        for ax in fig.axes:
            style.lean_axes(ax)
        fig.tight_layout()

    def update(self, run: OwnRentRun) -> None:
        rent_full = HOURS_PER_YEAR * run.cloud_price_per_hour
        self.own_line.set_ydata([run.own_per_year, run.own_per_year])
        self.rent_line.set_ydata([0.0, rent_full])
        self.even.set_xdata([run.breakeven, run.breakeven])
        self.even.set_visible(run.breakeven <= 1)
        # two fixed heights (the sliders cap renting at 17,520 $ and owning near 28,000 $)
        self.left.set_ylim(0, ladder_limit(1.05 * max(run.own_per_year, rent_full), (20000, 30000)))
        s = run.scenarios
        ratio = np.sort(np.minimum(s.rent_cost / s.own_cost, 2.5))
        self.ecdf.set_xdata(ratio)

    def summary(self, run: OwnRentRun) -> str:
        s = run.scenarios
        if run.breakeven > 1:
            first = (f"break-even utilization {run.breakeven:.2f} > 1: renting is cheaper even at "
                     f"full use.")
        else:
            first = (f"break-even utilization {run.breakeven:.2f}: owning pays only if a server is "
                     f"busy more than {100 * run.breakeven:.0f}% of hours.")
        return (f"Own ${run.own_per_year:,.0f} a year per server; {first} Renting is cheaper on "
                f"{100 * s.rent_wins_share:.0f}% of 200 seeded startups.")
