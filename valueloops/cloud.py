"""Cloud economics: why pooling demand is cheaper (lesson 06) and own vs rent (lesson 07).

Lesson 06 follows Joe Weinman, *Cloudonomics: The Business Value of Cloud Computing* (Wiley, 2012):

* "The peak of the sum is never greater than the sum of the peaks."
* n independent demands, each with mean μ and standard deviation σ: their sum has mean nμ and
  standard deviation σ√n, so its coefficient of variation falls as (σ/μ)/√n. With pairwise
  correlation ρ the sum's standard deviation is σ√(n(1 + (n − 1)ρ)) and the coefficient of
  variation tends to (σ/μ)√ρ as n grows: correlated demand cannot be pooled away.
* Capacity at a service level z (cover mean + z standard deviations): n(μ + zσ) if each customer
  builds its own, nμ + zσ√(n(1 + (n − 1)ρ)) if they share.
* Dedicated capacity sized for the peak P costs P·c per unit of time; pay-per-use at a utility
  premium U costs A·U·c, with A the average demand: the cloud is cheaper iff U < P/A.
* A hybrid owns capacity x and rents the rest: cost c·x + U·c·E[(D − x)⁺], lowest where
  Pr(D > x) = 1/U.

Lesson 07 takes the customer's side: a server bought for K with life L years at interest rate r
costs K·CRF + o a year, with the capital recovery factor CRF = r(1 + r)^L / ((1 + r)^L − 1)
(1/L at r = 0) and running cost o a year. Renting at h per server-hour costs 8760·h·u a year at
utilization u, so owning wins above the break-even utilization u* = (K·CRF + o)/(8760·h).

All money amounts in this module are illustrative, in any one currency unit (say US$).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import validate

HOURS_PER_YEAR = 8760
"""Hours in a (non-leap) year: 365 × 24."""


# --------------------------------------------------------------------------------------------
# Lesson 06: pooling (Weinman 2012)
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PooledCapacity:
    """Capacity needed by n customers at one service level, in the units of demand (servers).

    ``separate``: each customer builds its own, n(μ + zσ). ``pooled``: they share one pool,
    nμ + zσ√(n(1 + (n − 1)ρ)).
    """

    separate: float
    pooled: float

    @property
    def saving(self) -> float:
        """Capacity saved by pooling, separate − pooled (units of demand, ≥ 0 when z ≥ 0)."""
        return self.separate - self.pooled

    @property
    def saving_share(self) -> float:
        """The saving as a share of the separate capacity (0 when there is nothing to build)."""
        return self.saving / self.separate if self.separate > 0 else 0.0


def _check_rho(rho: Any, n: int) -> float:
    """ρ must keep the variance of the sum non-negative: −1/(n − 1) ≤ ρ ≤ 1 (any of [−1, 1] at n = 1)."""
    low = -1.0 if n == 1 else -1.0 / (n - 1)
    r = validate.number("rho", rho)
    if not low - 1e-12 <= r <= 1.0:
        raise ValueError(f"rho must be in [{low:.4g}, 1] for n = {n} customers (below "
                         f"-1/(n - 1) the variance of the total would be negative), got {r:g}")
    return r


def _pooled_sd_factor(n: int, rho: float) -> float:
    """√(n(1 + (n − 1)ρ)): the standard deviation of the sum of n demands in units of σ."""
    return math.sqrt(max(0.0, n * (1.0 + (n - 1) * rho)))


@validate.guard_overflow("use fewer customers or smaller demands")
def pooled_capacity(n: int, mean: float, sd: float, z: float, rho: float = 0.0) -> PooledCapacity:
    """Capacity for n customers, built separately or pooled, at service level z (Weinman 2012).

    n: number of customers (whole number ≥ 1). mean, sd: each customer's mean demand μ and
    standard deviation σ (units of demand, e.g. servers; both ≥ 0). z: service level in standard
    deviations above the mean (≥ 0; z = 2.33 covers about 99% of hours if demand is normal).
    rho: pairwise correlation ρ of the customers' demands, in [−1/(n − 1), 1].

    Returns ``PooledCapacity(separate=n(μ + zσ), pooled=nμ + zσ√(n(1 + (n − 1)ρ)))``. The two are
    equal at ρ = 1 (perfectly correlated demand gains nothing from pooling) and at n = 1.
    """
    k = validate.integer("n", n, low=1)
    mu = validate.number("mean", mean, low=0)
    sigma = validate.number("sd", sd, low=0)
    zz = validate.number("z", z, low=0)
    r = _check_rho(rho, k)
    separate = k * (mu + zz * sigma)
    pooled = k * mu + zz * sigma * _pooled_sd_factor(k, r)
    return PooledCapacity(separate=separate, pooled=pooled)


@validate.guard_overflow("use fewer customers")
def pooled_cv(n: int, cv: float, rho: float = 0.0) -> float:
    """Coefficient of variation of the sum of n demands, each with coefficient of variation cv.

    (σ/μ)·√((1 + (n − 1)ρ)/n): falls as 1/√n when ρ = 0 and tends to (σ/μ)·√ρ as n grows
    (Weinman 2012). cv ≥ 0 (dimensionless); ρ in [−1/(n − 1), 1].
    """
    k = validate.integer("n", n, low=1)
    c = validate.number("cv", cv, low=0)
    r = _check_rho(rho, k)
    return c * _pooled_sd_factor(k, r) / k


def cloud_cost_ratio(premium: float, peak_to_average: float) -> float:
    """Cost of pay-per-use relative to dedicated capacity sized for the peak: U/(P/A).

    Dedicated capacity costs P·c, the cloud A·U·c (Weinman 2012), so the ratio is U·A/P; below 1
    the cloud is cheaper (U < P/A). premium U > 0 (dimensionless; the cloud's price per unit
    of capacity-time over the owner's unit cost c); peak_to_average P/A ≥ 1.
    """
    u = validate.number("premium", premium, low=0, low_open=True)
    pa = validate.number("peak_to_average", peak_to_average, low=1)
    return u / pa


def _demand_levels(demand: Any) -> np.ndarray:
    try:
        d = np.asarray(demand, dtype=float)
    except OverflowError:
        raise ValueError(f"demand is too large for a float (at most about {validate.FLOAT_MAX:.1e})") from None
    except (TypeError, ValueError):
        raise ValueError("demand must be a one-dimensional array of numbers (equally likely "
                         "demand levels)") from None
    if d.ndim != 1 or d.size == 0:
        raise ValueError(f"demand must be a non-empty one-dimensional array of equally likely "
                         f"levels, got shape {d.shape}")
    if not np.all(np.isfinite(d)):
        raise ValueError("demand levels must be finite numbers")
    if np.any(d < 0):
        raise ValueError(f"demand levels must be >= 0, got a minimum of {d.min():g}")
    return d


def hybrid_cost(demand: Any, premium: float, owned: float) -> float:
    """Expected cost per period of owning x and renting the rest: x + U·E[(D − x)⁺] (unit cost 1).

    demand: equally likely demand levels (units of capacity, ≥ 0). premium U > 0: the rented
    price per unit over the owned unit cost. owned: capacity owned x ≥ 0. Weinman (2012).
    """
    d = _demand_levels(demand)
    u = validate.number("premium", premium, low=0, low_open=True)
    x = validate.number("owned", owned, low=0)
    return x + u * float(np.maximum(d - x, 0.0).mean())


@dataclass(frozen=True)
class OwnedCapacity:
    """The best hybrid: capacity ``owned`` and its expected ``cost`` per period (unit cost 1)."""

    owned: float
    cost: float


def optimal_owned_capacity(demand: Any, premium: float) -> OwnedCapacity:
    """The cheapest hybrid: own x, rent the rest at premium U (Weinman 2012).

    demand: equally likely demand levels (array, units of capacity, ≥ 0); owned capacity costs 1
    per unit per period whether used or not, rented capacity U per unit actually used. The cost
    x + U·E[(D − x)⁺] is convex and piecewise linear with slope 1 − U·Pr(D > x), so the optimum is
    the smallest x (0 or a demand level) with Pr(D > x) ≤ 1/U: own up to where Pr(D > x) = 1/U.

    * U ≤ 1: renting is no dearer than owning even at full use: own nothing, cost U·E[D].
    * Ties: where Pr(D > x) = 1/U exactly, every x between that level and the next costs the same;
      the smallest (own less, rent more) is returned. Counts are compared exactly
      (U·#{D > x} ≤ m for m levels), so ties are not lost to rounding.

    Returns ``OwnedCapacity(owned=x, cost=x + U·E[(D − x)⁺])``.
    """
    d = _demand_levels(demand)
    u = validate.number("premium", premium, low=0, low_open=True)
    m = d.size
    if u <= 1.0:
        return OwnedCapacity(owned=0.0, cost=u * float(d.mean()))
    levels = np.sort(d)
    candidates = np.concatenate(([0.0], levels))
    above = m - np.searchsorted(levels, candidates, side="right")  # #{D > x} for each candidate
    index = int(np.argmax(u * above <= m))  # the last candidate (max level) always qualifies
    x = float(candidates[index])
    return OwnedCapacity(owned=x, cost=x + u * float(np.maximum(d - x, 0.0).mean()))


def peaky_demand(peak_to_average: float, levels: int = 500) -> np.ndarray:
    """An illustrative load-duration curve: ``levels`` equally likely demand levels, mean 1, peak P/A.

    Levels are v^k for v evenly spread in (0, 1), scaled to mean 1, with k ≥ 0 found by bisection
    so that max/mean = peak_to_average exactly (to 1e-9): flat at P/A = 1, a rare high peak as P/A
    grows. Not data; a shape to try the premium rule U < P/A and the hybrid optimum on.
    """
    pa = validate.number("peak_to_average", peak_to_average, low=1, high=50)
    m = validate.integer("levels", levels, low=2, high=100_000)
    v = (np.arange(m) + 0.5) / m
    top = v[-1]

    def ratio(k: float) -> float:
        w = v ** k
        return float(top ** k / w.mean())

    lo, hi = 0.0, 1.0
    while ratio(hi) < pa:
        hi *= 2.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if ratio(mid) < pa:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12:
            break
    w = v ** (0.5 * (lo + hi))
    return w / w.mean()


def correlated_demand(n: int, mean: float, sd: float, rho: float, hours: int,
                      seed: int = 0) -> np.ndarray:
    """Seeded simulated hourly demand of n customers, shape (hours, n), clipped at zero.

    Each customer's demand is μ + σ(√ρ·C + √(1 − ρ)·E_i) with C an hourly shock common to all and
    E_i its own, all standard normal from ``np.random.default_rng(seed)``: pairwise correlation ρ
    in [0, 1]. Values below zero are set to zero (rare while σ/μ ≤ 0.5). Illustrative demand for
    the pooling charts, not data.
    """
    k = validate.integer("n", n, low=1)
    mu = validate.number("mean", mean, low=0)
    sigma = validate.number("sd", sd, low=0)
    r = validate.number("rho", rho, low=0, high=1)
    t = validate.integer("hours", hours, low=1, high=1_000_000)
    rng = np.random.default_rng(validate.integer("seed", seed, low=0))
    common = rng.standard_normal((t, 1))
    own = rng.standard_normal((t, k))
    return np.maximum(mu + sigma * (math.sqrt(r) * common + math.sqrt(1 - r) * own), 0.0)


# --------------------------------------------------------------------------------------------
# Lesson 07: capex to opex (own vs rent)
# --------------------------------------------------------------------------------------------

def capital_recovery_factor(rate: float, life_years: float) -> float:
    """CRF = r(1 + r)^L / ((1 + r)^L − 1): the yearly payment that repays 1 over L years at rate r.

    rate r per year (share, ≥ 0; 0.08 means 8%); life_years L > 0. At r = 0 the CRF is 1/L
    (straight-line). Standard engineering-economics annuity factor.
    """
    r = validate.number("rate", rate, low=0, high=1)
    life = validate.number("life_years", life_years, low=0, low_open=True, unit="years")
    # r / (1 − (1 + r)^−L), written with log1p/expm1: exact for tiny r, no overflow for long L
    shrink = -math.expm1(-life * math.log1p(r))
    result = 1.0 / life if r == 0 or shrink == 0 else r / shrink
    return validate.finite_result(f"capital_recovery_factor(life_years={life:g})", result,
                                  "life_years is too small to repay over; give a life of at least a day (0.003 years)")


def owned_cost_per_year(capex: float, life_years: float, rate: float, opex_per_year: float) -> float:
    """Yearly cost of owning one server, K·CRF + o, whether it is used or not (currency per year).

    capex K: purchase price (currency, ≥ 0); life_years L > 0; rate r per year in [0, 1];
    opex_per_year o: power, space, staff per server per year (currency, ≥ 0).
    """
    k = validate.number("capex", capex, low=0)
    o = validate.number("opex_per_year", opex_per_year, low=0)
    return k * capital_recovery_factor(rate, life_years) + o


def breakeven_utilization(capex: float, life_years: float, rate: float, opex_per_year: float,
                          cloud_price_per_hour: float) -> float:
    """Utilization above which owning a server is cheaper than renting one: u* = (K·CRF + o)/(8760·h).

    capex K (currency), life_years L (> 0), rate r (per year, share in [0, 1]), opex_per_year o
    (currency per year), cloud_price_per_hour h (currency per server-hour, > 0). Utilization is the
    share of the year's 8760 hours the server is actually needed.

    Returns a float in [0, ∞). A value above 1 means renting is cheaper even at 100% use: no
    utilization makes owning pay, so renting always wins.
    """
    h = validate.number("cloud_price_per_hour", cloud_price_per_hour, low=0, low_open=True,
                        unit="per server-hour")
    return owned_cost_per_year(capex, life_years, rate, opex_per_year) / (HOURS_PER_YEAR * h)


def cost_per_used_hour(capex: float, life_years: float, rate: float, opex_per_year: float,
                       utilization: float) -> float:
    """Owned cost per hour actually used: (K·CRF + o)/(8760·u) (currency per used server-hour).

    utilization u in (0, 1]: the share of hours the server is needed. Halving u doubles it.
    """
    u = validate.number("utilization", utilization, low=0, high=1, low_open=True)
    return owned_cost_per_year(capex, life_years, rate, opex_per_year) / (HOURS_PER_YEAR * u)


@dataclass(frozen=True)
class Scenarios:
    """Seeded demand paths of a startup and what owning or renting would cost on each.

    ``demand``: average servers in use, shape (paths, years). ``fleet``: servers owned if the
    startup buys for each year's peak and never sells, same shape. ``own_cost`` and ``rent_cost``:
    total cost over the horizon per path (currency). ``seed``: the seed that made them.
    """

    demand: np.ndarray
    fleet: np.ndarray
    own_cost: np.ndarray
    rent_cost: np.ndarray
    seed: int

    @property
    def rent_wins_share(self) -> float:
        """Share of paths on which renting costs less than owning over the horizon."""
        return float(np.mean(self.rent_cost < self.own_cost))

    @property
    def fleet_utilization(self) -> float:
        """Server-years in use ÷ server-years owned, over all paths and years (at most 1/(P/A))."""
        owned = float(self.fleet.sum())
        return float(self.demand.sum()) / owned if owned > 0 else 0.0

    @property
    def stopped_share(self) -> float:
        """Share of paths on which the startup has stopped (zero demand) by the last year."""
        return float(np.mean(self.demand[:, -1] == 0))


def startup_scenarios(*, capex: float, life_years: float, rate: float, opex_per_year: float,
                      cloud_price_per_hour: float, growth: float, volatility: float = 0.4,
                      stop_probability: float = 0.1, start_servers: float = 10.0,
                      peak_to_average: float = 2.0, years: int = 5, paths: int = 200,
                      seed: int = 2012, opex_after_stop: bool = True) -> Scenarios:
    """Own or rent for a growing, uncertain startup: seeded demand paths (illustrative model).

    Demand (average servers in use) starts at ``start_servers`` and grows each year by a factor
    exp(g) with g normal, mean ln(1 + growth), standard deviation ``volatility``; from year 2 on,
    each year the startup stops for good with probability ``stop_probability`` (demand 0 from then
    on; year 1 always runs, so over 5 years a stop has 4 chances: 1 − 0.9⁴ ≈ 34% at 0.1). Random
    numbers come from ``np.random.default_rng(seed)``.

    *Own*: each year the startup buys enough servers for that year's peak (peak_to_average × the
    average; generous to owning: it knows the year's demand in advance) and never sells: an owned
    server costs K·CRF + o every year of the horizon, used or not. *Rent*: it pays for the average
    servers in use, 8760·h each per year. Costs are summed over the years at face value, not
    discounted: a simplification (the lecture lists it), since K·CRF charges interest on the price of
    a server but a dollar in year 5 still counts as much as one in year 1. Renting also buys the
    option to shrink or stop.

    Two simplifications, both in renting's favour: every owned server is charged every year of the
    horizon, so servers bought in year 1 are charged a fifth year beyond a 4-year life (read: replaced
    at the same cost), and a startup that stops keeps paying its servers' running cost o until the
    horizon ends. ``opex_after_stop=False`` stops o when the startup stops (the capital charge K·CRF
    still runs: the servers are bought and cannot be sold).
    """
    g = validate.number("growth", growth, low=-0.9, high=5)
    vol = validate.number("volatility", volatility, low=0, high=3)
    q = validate.number("stop_probability", stop_probability, low=0, high=1)
    s0 = validate.number("start_servers", start_servers, low=0, low_open=True)
    pa = validate.number("peak_to_average", peak_to_average, low=1)
    t = validate.integer("years", years, low=1, high=50)
    m = validate.integer("paths", paths, low=1, high=100_000)
    sd = validate.integer("seed", seed, low=0)
    per_server = owned_cost_per_year(capex, life_years, rate, opex_per_year)
    h = validate.number("cloud_price_per_hour", cloud_price_per_hour, low=0, low_open=True)

    rng = np.random.default_rng(sd)
    shocks = rng.standard_normal((m, t))
    stops = rng.random((m, t)) < q
    stops[:, 0] = False  # the startup runs at least its first year
    log_growth = math.log1p(g) + vol * shocks
    log_growth[:, 0] = 0.0  # year 1 starts at start_servers
    demand = s0 * np.exp(np.cumsum(log_growth, axis=1))
    alive = np.cumprod(~stops, axis=1).astype(bool)
    demand = np.where(alive, demand, 0.0)
    fleet = np.maximum.accumulate(pa * demand, axis=1)
    if opex_after_stop:
        own_cost = per_server * fleet.sum(axis=1)
    else:
        running = validate.number("opex_per_year", opex_per_year, low=0)
        own_cost = (per_server - running) * fleet.sum(axis=1) + running * (fleet * alive).sum(axis=1)
    rent_cost = HOURS_PER_YEAR * h * demand.sum(axis=1)
    return Scenarios(demand=demand, fleet=fleet, own_cost=own_cost, rent_cost=rent_cost, seed=sd)


def _fleet_with_retirement(peak: np.ndarray, life_years: float) -> np.ndarray:
    """Servers owned each year (paths × years) when a server serves only its life: bought in year s,
    it serves years s, …, s + L − 1 (L = ``life_years``), then retires; each year the startup keeps
    the servers still within their life and buys what that year's ``peak`` needs beyond them."""
    years = peak.shape[1]
    bought = np.zeros_like(peak)
    fleet = np.zeros_like(peak)
    for t in range(years):
        in_life = bought[:, [s for s in range(t) if t - s < life_years]].sum(axis=1)
        bought[:, t] = np.maximum(peak[:, t] - in_life, 0.0)
        fleet[:, t] = in_life + bought[:, t]
    return fleet


def simplification_effects(*, capex: float, life_years: float, rate: float, opex_per_year: float,
                           cloud_price_per_hour: float, growth: float, seed: int = 2012,
                           **scenario: Any) -> pd.Series:
    """Share of paths on which renting is cheaper, with four of ``startup_scenarios``'
    simplifications switched off one at a time (illustrative model, same seeded paths).

    Returns a Series (share of paths between 0 and 1) indexed by variant:

    - ``"the lesson's model"``: ``startup_scenarios`` as it is;
    - ``"no running cost after a stop"``: ``opex_after_stop=False``;
    - ``"costs discounted at the rate"``: each year's cost (owned fleet · (K·CRF + o), rented
      8760·h per server in use) divided by (1 + r)^(year − 1) before summing;
    - ``"year-1 servers retired after their life"``: a server serves only the L years of its life
      (bought in year s, it serves years s to s + L − 1); each year the startup owns the servers still
      within their life plus what it buys for that year's peak, never selling early. At L = 4 over 5
      years only the year-1 servers retire: year 5's fleet is max(fleet₄ − fleet₁, peak₅) instead of
      fleet₄ or more;
    - ``"capital owed after the horizon, stopped paths"`` and ``"…, every path"``: servers bought in
      the last years still owe K·CRF for each year of their life L beyond the horizon; added to the
      cost of owning on the paths that stopped, or on every path (an upper bound).

    Keyword arguments as ``startup_scenarios``; ``scenario`` passes the others (volatility,
    stop_probability, years, ...).
    """
    prices = dict(capex=capex, life_years=life_years, rate=rate, opex_per_year=opex_per_year,
                  cloud_price_per_hour=cloud_price_per_hour, growth=growth, seed=seed, **scenario)
    base = startup_scenarios(**prices)
    no_opex = startup_scenarios(**prices, opex_after_stop=False)
    years = base.demand.shape[1]
    per_server = owned_cost_per_year(capex, life_years, rate, opex_per_year)
    discount = (1.0 + rate) ** -np.arange(years)
    own_pv = per_server * (base.fleet * discount).sum(axis=1)
    rent_pv = HOURS_PER_YEAR * cloud_price_per_hour * (base.demand * discount).sum(axis=1)
    bought = np.diff(base.fleet, axis=1, prepend=0.0)            # servers bought each year
    years_left = np.clip(np.arange(1, years + 1) + life_years - 1 - years, 0, None)
    capital_charge = capex * capital_recovery_factor(rate=rate, life_years=life_years)
    owed = capital_charge * (bought * years_left).sum(axis=1)
    stopped = base.demand[:, -1] == 0
    retiring = _fleet_with_retirement(base.demand * prices.get("peak_to_average", 2.0), life_years)
    return pd.Series({
        "the lesson's model": base.rent_wins_share,
        "no running cost after a stop": no_opex.rent_wins_share,
        "costs discounted at the rate": float(np.mean(rent_pv < own_pv)),
        "year-1 servers retired after their life":
            float(np.mean(base.rent_cost < per_server * retiring.sum(axis=1))),
        "capital owed after the horizon, stopped paths":
            float(np.mean(base.rent_cost < base.own_cost + np.where(stopped, owed, 0.0))),
        "capital owed after the horizon, every path": float(np.mean(base.rent_cost < base.own_cost + owed)),
    }, name="renting cheaper (share of paths)")


def buildout_table(cash: pd.DataFrame) -> pd.DataFrame:
    """Amazon's cash from operations against its capital spending, by year, US$ billions.

    From ``load("amazon_cash_flow")``. Columns: ``operating_cash_flow``; ``net_capex``, purchases of
    property and equipment minus proceeds from sales and incentives (the single net line where no
    proceeds are reported), i.e. the capital spending Amazon's free cash flow subtracts;
    ``free_cash_flow`` (Amazon's definition, as in the table); ``net_capex_share``, net_capex divided by
    operating_cash_flow (a share: 1 means every dollar from operations went into capital spending).
    """
    validate.frame("cash (the amazon_cash_flow table)", cash, ("year", "metric", "value_musd"))
    wide = cash.pivot_table(index="year", columns="metric", values="value_musd", aggfunc="sum")
    metrics = ("operating_cash_flow", "purchases_of_property_and_equipment", "free_cash_flow")
    missing = [m for m in metrics if m not in wide.columns]
    if missing:
        raise ValueError(f"the cash-flow table has no {', '.join(missing)} rows")
    proceeds = wide.get("proceeds_from_property_and_equipment_sales_and_incentives",
                        pd.Series(0.0, index=wide.index)).fillna(0.0)
    out = pd.DataFrame({
        "operating_cash_flow": wide["operating_cash_flow"],
        "net_capex": wide["purchases_of_property_and_equipment"] - proceeds,
        "free_cash_flow": wide["free_cash_flow"],
    }) / 1000.0
    out["net_capex_share"] = out["net_capex"] / out["operating_cash_flow"]
    out.index = out.index.astype(int)
    return out
