"""Value capture: where a marketplace's money comes from (lesson 03).

Three toy models with illustrative parameters (none of them is Amazon's), plus helpers for the
real revenue lines of Amazon's 10-K (``valueloops.data.load("amazon_revenue_lines")``).

1. **Take rate vs seller participation.** A seller keeps the share 1 − τ of each sale; the share of
   potential sellers who list is n(τ) = (1 − τ)^ε, a constant elasticity ε of participation with
   respect to the share kept. Selection brings buyers, so sales per seller scale as n^β
   (β: the selection effect, an indirect network effect as in Armstrong 2006, RAND J. Econ. 37(3)).
   Marketplace sales are GMV(τ) = M·n^(1+β) and the platform's fee revenue is τ·GMV(τ); it is
   largest at the closed form τ* = 1 / (1 + ε(1 + β)).
2. **Ad load vs customer experience.** A share a of the search results is sponsored. Shoppers'
   conversion (clicks and purchases) falls as e^(−d·a) when the page fills with ads. Sponsored
   results are paid per click, so ad revenue is a·A·e^(−d·a) (A: ad revenue if every slot were
   sponsored, at the conversion of an ad-free page) and commission revenue is B·e^(−d·a)
   (B: commission revenue with no ads). Total revenue (a·A + B)·e^(−d·a) is largest at the closed
   form a* = 1/d − B/A, clipped to [0, 1].
3. **Prime as a subscription.** A member pays the fee F, places extra orders with contribution
   margin m each, and gets free shipping costing s on every order; the net gain per member is
   F + x·m − (q + x)·s for q orders a year before joining and x extra orders.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

CAPTURE_LINES = ("Third-party seller services", "Advertising services")
"""The revenue lines that capture marketplace value (FY2021 10-K onwards: advertising shown alone)."""

STACK_ORDER = ("Online stores", "Physical stores", "Third-party seller services",
               "Advertising services", "Other (incl. advertising)", "Subscription services",
               "Other", "AWS")
"""The order of Amazon's revenue lines in the stacked chart (bottom to top)."""


# --- 1. take rate vs seller participation ------------------------------------------------------

@dataclass(frozen=True)
class TakeRateResult:
    """The marketplace at one take rate (all amounts per 100 of potential GMV, illustrative)."""

    take_rate: float
    sellers: float           # share of potential sellers who list, in [0, 1]
    gmv: float               # marketplace sales (gross merchandise value)
    platform_revenue: float  # fees the platform captures: take_rate · gmv
    seller_revenue: float    # what sellers keep: (1 − take_rate) · gmv


def _take_inputs(elasticity: float, selection_effect: float) -> tuple[float, float]:
    eps = validate.number("elasticity", elasticity, low=0, low_open=True, high=20)
    beta = validate.number("selection_effect", selection_effect, low=0, high=5)
    return eps, beta


def seller_participation(take_rate: float | np.ndarray, elasticity: float) -> float | np.ndarray:
    """Share of potential sellers who list at take rate τ: n(τ) = (1 − τ)^ε.

    take_rate: share of each sale the platform keeps, in [0, 1]. elasticity ε > 0: the percent
    change in participation per percent change in the share 1 − τ that sellers keep.
    Returns a share in [0, 1] (an array for an array of take rates).
    """
    eps, _ = _take_inputs(elasticity, 0.0)
    scalar = validate._is_real(take_rate)
    tau = validate.numbers_array("take_rate", take_rate, low=0, high=1, unit="(a share of each sale)")
    tau = tau[0] if scalar else tau.reshape(np.shape(take_rate))
    out = np.asarray((1.0 - tau) ** eps)
    return float(out) if out.ndim == 0 else out


def marketplace(take_rate: float, elasticity: float, selection_effect: float = 0.0,
                potential_gmv: float = 100.0) -> TakeRateResult:
    """Sellers, sales and the platform's revenue at take rate τ (toy model 1, illustrative).

    GMV(τ) = M·n(τ)^(1 + β) with n(τ) = (1 − τ)^ε; platform revenue τ·GMV, sellers keep
    (1 − τ)·GMV. potential_gmv M (not lessons 00–01's loop gain G): sales if every potential seller listed (say US$ bn a year).
    """
    eps, beta = _take_inputs(elasticity, selection_effect)
    tau = validate.number("take_rate", take_rate, low=0, high=1)
    g = validate.number("potential_gmv", potential_gmv, low=0, low_open=True)
    n = (1.0 - tau) ** eps
    gmv = g * n ** (1.0 + beta)
    return TakeRateResult(tau, n, gmv, tau * gmv, (1.0 - tau) * gmv)


def platform_revenue_curve(elasticity: float, selection_effect: float = 0.0,
                           potential_gmv: float = 100.0, points: int = 201) -> pd.DataFrame:
    """Sellers, GMV and platform revenue on a grid of take rates 0..1 (columns as in TakeRateResult)."""
    eps, beta = _take_inputs(elasticity, selection_effect)
    g = validate.number("potential_gmv", potential_gmv, low=0, low_open=True)
    k = validate.integer("points", points, low=2, high=10_001)
    tau = np.linspace(0.0, 1.0, k)
    n = (1.0 - tau) ** eps
    gmv = g * n ** (1.0 + beta)
    return pd.DataFrame({"take_rate": tau, "sellers": n, "gmv": gmv, "platform_revenue": tau * gmv,
                         "seller_revenue": (1.0 - tau) * gmv})


def optimal_take_rate(elasticity: float, selection_effect: float = 0.0) -> float:
    """The revenue-maximising take rate τ* = 1 / (1 + ε(1 + β)), a share in (0, 1).

    From d/dτ [τ(1 − τ)^(ε(1+β))] = 0. With ε = 1 and β = 0 (linear participation) τ* = 1/2;
    more elastic sellers or a stronger selection effect lower it.
    """
    eps, beta = _take_inputs(elasticity, selection_effect)
    return 1.0 / (1.0 + eps * (1.0 + beta))


# --- 2. ad load vs customer experience ----------------------------------------------------------

@dataclass(frozen=True)
class AdLoadResult:
    """Revenue per 1,000 searches at one ad load (US$, illustrative)."""

    ad_load: float             # share of results that are sponsored, in [0, 1]
    conversion_index: float    # conversion (clicks and purchases) relative to no ads, e^(−d·a), in (0, 1]
    ad_revenue: float          # a · A · e^(−d·a)
    commission_revenue: float  # B · e^(−d·a)
    total: float


def _ad_inputs(ad_revenue_full: float, commission_no_ads: float, decay: float
               ) -> tuple[float, float, float]:
    a = validate.number("ad_revenue_full", ad_revenue_full, low=0, low_open=True, unit="US$")
    b = validate.number("commission_no_ads", commission_no_ads, low=0, unit="US$")
    d = validate.number("decay", decay, low=0, high=50)
    return a, b, d


def ad_load_revenue(ad_load: float, ad_revenue_full: float, commission_no_ads: float,
                    decay: float) -> AdLoadResult:
    """Ad revenue, commission revenue and their total at ad load a (toy model 2, illustrative).

    ad_load a: share of search results that are sponsored, in [0, 1]. ad_revenue_full A: ad
    revenue if every result were sponsored, at ad-free conversion; commission_no_ads B: commission
    revenue with no ads (both US$ per 1,000 searches). decay d ≥ 0: conversion (clicks, purchases) falls
    as e^(−d·a), for ads (paid per click) and sales alike.
    """
    a_full, b, d = _ad_inputs(ad_revenue_full, commission_no_ads, decay)
    load = validate.number("ad_load", ad_load, low=0, high=1)
    conv = math.exp(-d * load)
    ads, commission = load * a_full * conv, b * conv
    return AdLoadResult(load, conv, ads, commission, ads + commission)


def ad_load_curve(ad_revenue_full: float, commission_no_ads: float, decay: float,
                  points: int = 201) -> pd.DataFrame:
    """The columns of AdLoadResult on a grid of ad loads 0..1."""
    a_full, b, d = _ad_inputs(ad_revenue_full, commission_no_ads, decay)
    k = validate.integer("points", points, low=2, high=10_001)
    load = np.linspace(0.0, 1.0, k)
    conv = np.exp(-d * load)
    return pd.DataFrame({"ad_load": load, "conversion_index": conv,
                         "ad_revenue": load * a_full * conv, "commission_revenue": b * conv,
                         "total": (load * a_full + b) * conv})


def optimal_ad_load(ad_revenue_full: float, commission_no_ads: float, decay: float) -> float:
    """The ad load that maximises total revenue: a* = 1/d − B/A, clipped to [0, 1].

    R(a) = (a·A + B)·e^(−d·a) has R'(a) = e^(−d·a)·(A − d·(a·A + B)), zero at a = 1/d − B/A, and
    R'' = −d·A·e^(−d·a) < 0 there: a single maximum. If 1/d ≤ B/A the commission an ad costs
    outweighs what it earns from the first slot on and a* = 0; with d = 0 ads cost nothing and
    a* = 1. Inputs as in :func:`ad_load_revenue`; returns a share in [0, 1].
    """
    a_full, b, d = _ad_inputs(ad_revenue_full, commission_no_ads, decay)
    if d == 0:
        return 1.0
    return min(1.0, max(0.0, 1.0 / d - b / a_full))


# --- 3. Prime as a subscription -----------------------------------------------------------------

@dataclass(frozen=True)
class PrimeResult:
    """What one Prime member adds to the platform's profit per year (US$, illustrative)."""

    fee: float
    extra_margin: float    # extra_orders · margin_per_order
    shipping_cost: float   # (base_orders + extra_orders) · shipping_cost_per_order
    net: float             # fee + extra_margin − shipping_cost


def _prime_inputs(fee: float, base_orders: float, margin_per_order: float,
                  shipping_cost_per_order: float) -> tuple[float, float, float, float]:
    return (validate.number("fee", fee, low=0, unit="US$ a year"),
            validate.number("base_orders", base_orders, low=0, unit="orders a year"),
            validate.number("margin_per_order", margin_per_order, low=0, unit="US$"),
            validate.number("shipping_cost_per_order", shipping_cost_per_order, low=0, unit="US$"))


def prime_member_value(fee: float, base_orders: float, extra_orders: float,
                       margin_per_order: float, shipping_cost_per_order: float) -> PrimeResult:
    """Net gain per member a year: F + x·m − (q + x)·s (toy model 3).

    fee F (US$ a year); base_orders q: orders a year before joining; extra_orders x: the extra
    orders a member places because shipping is free and the fee is sunk; margin_per_order m:
    contribution margin of an order before shipping (US$); shipping_cost_per_order s (US$), now
    paid by the platform on every order.
    """
    f, q, m, s = _prime_inputs(fee, base_orders, margin_per_order, shipping_cost_per_order)
    x = validate.number("extra_orders", extra_orders, low=0, unit="orders a year")
    margin, shipping = x * m, (q + x) * s
    return PrimeResult(f, margin, shipping, f + margin - shipping)


def prime_breakeven_orders(fee: float, base_orders: float, margin_per_order: float,
                           shipping_cost_per_order: float) -> float:
    """Extra orders a year at which a member breaks even: x = (q·s − F)/(m − s), at least 0.

    Needs m > s (an extra order must earn more than it costs to ship), else no number of extra
    orders pays back and a ``ValueError`` says so.
    """
    f, q, m, s = _prime_inputs(fee, base_orders, margin_per_order, shipping_cost_per_order)
    if m <= s:
        raise ValueError(f"extra orders never pay back when margin_per_order ({m:g}) is not above "
                         f"shipping_cost_per_order ({s:g})")
    return max(0.0, (q * s - f) / (m - s))


# --- the real revenue lines -----------------------------------------------------------------------

def revenue_table(lines: pd.DataFrame) -> pd.DataFrame:
    """Net sales by year (rows) and revenue line (columns), US$ millions.

    Every calendar year from the first to the last present gets a row; a year the dataset leaves
    out (no source confirmed it) is a row of missing values, never zeros or an interpolation.
    A line not reported in a year (e.g. advertising before the FY2021 10-K split it out) is missing.
    """
    validate.frame("lines", lines, ("year", "line", "net_sales_musd"))
    validate.numeric_columns("lines", lines, ("year", "net_sales_musd"))
    validate.unique_rows("lines", lines, ("year", "line"))
    table = lines.pivot_table(index="year", columns="line", values="net_sales_musd", aggfunc="sum")
    years = pd.RangeIndex(int(table.index.min()), int(table.index.max()) + 1, name="year")
    order = [c for c in STACK_ORDER if c in table.columns] + \
            sorted(c for c in table.columns if c not in STACK_ORDER)
    out = table.reindex(index=years, columns=order)
    out.columns.name = "line"
    return out


EMPTY_MEANS = {
    "Physical stores": "no physical stores (Whole Foods from 2017)",
    "Advertising services": "advertising inside 'Other (incl. advertising)'",
    "Other (incl. advertising)": "advertising on its own line",
}
"""What an empty cell of :func:`revenue_table` means, per line, in a year with figures (an empty
'Other' before 2021 is the advertising note's other half and is not repeated)."""


def empty_cell_notes(table: pd.DataFrame) -> pd.Series:
    """Per year of a :func:`revenue_table`, what its empty cells mean: a year with no figures is a
    gap (not read, not zero); in other years an empty cell is a line not reported that year."""
    def note(row: pd.Series) -> str:
        if row.isna().all():
            return "gap, not zero: not in the course's data (the 10-Ks that report it by line were not read)"
        return "; ".join(EMPTY_MEANS[line] for line in row.index[row.isna()] if line in EMPTY_MEANS)
    table = validate.frame("table", table)
    return table.apply(note, axis=1).rename("empty cells")


def missing_years(lines: pd.DataFrame) -> list[int]:
    """The years between the first and the last that the dataset leaves out."""
    table = revenue_table(lines)
    return [int(y) for y in table.index[table.isna().all(axis=1)]]


def revenue_growth(lines: pd.DataFrame) -> pd.DataFrame:
    """Year-over-year growth of each line, as a share (0.1 = +10 %), per year.

    Growth is computed only from one year to the next: a year after a missing year, or the first
    year a line is reported, has no growth (missing), so a gap is never bridged silently.
    """
    table = revenue_table(lines)
    return table / table.shift(1) - 1.0


def capture_share(lines: pd.DataFrame, year: int) -> float:
    """Share of net sales from third-party seller services plus advertising in ``year``, in [0, 1].

    Only for years with advertising reported on its own line (2021 onwards in the dataset).
    """
    table = revenue_table(lines)
    y = validate.integer("year", year)
    if y not in table.index or table.loc[y].isna().all():
        raise ValueError(f"no revenue lines for {y}; years present: "
                         f"{', '.join(str(int(v)) for v in table.dropna(how='all').index)}")
    row = table.loc[y]
    if "Advertising services" not in row or pd.isna(row["Advertising services"]):
        raise ValueError(f"in {y} advertising was reported inside 'Other', not on its own line; "
                         "choose 2021 or later")
    return float(row[list(CAPTURE_LINES)].sum() / row.sum())
