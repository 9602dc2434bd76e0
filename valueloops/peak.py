"""Built for peak: why a store's servers sit idle most of the year.

A store must serve its busiest hour of its busiest day (the holiday season, Prime Day), so it sizes
capacity for that peak, times a safety margin. Every other hour, part of that capacity idles: low
average utilization is the price of never turning customers away at the peak. Sizing below the peak
saves idle hours but loses the demand above capacity (lost orders).

The demand here is **synthetic and illustrative**, not Amazon's: :func:`synthetic_demand` builds one
year of hourly load (8,760 hours of 2025) from a daily cycle, a weekly cycle, a holiday season with a
Cyber-Monday peak, a Prime-Day bump and seeded multiplicative noise. Its parameters and seed are
stated in every call; the same seed gives the same series.

Units: demand and capacity in *servers* (the number of servers busy in that hour); energy in
server-hours; money in US dollars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

YEAR = 2025
"""The (non-leap) calendar year the synthetic series is indexed by."""
HOURS = 8760
"""Hours in the synthetic year (365 days × 24)."""
DAYS = HOURS // 24
SEED = 2006
"""Default seed of the noise (the year AWS launched S3 and EC2)."""

EVENING_PEAK_HOUR = 20
"""Hour of the day (0-23) when the daily cycle peaks: shopping after work."""
BUSIEST_WEEKDAY = 0
"""Day of the week (Monday = 0) when the weekly cycle peaks (illustrative)."""
CYBER_MONDAY = 334
"""Day of the year (0 = 1 January) of the holiday peak: 1 December 2025, Cyber Monday."""
HOLIDAY_WIDTH_DAYS = 14.0
"""Standard deviation, in days, of the holiday season's bell shape around Cyber Monday."""
PRIME_DAY = 190
"""Day of the year of the Prime-Day-like bump: 10 July 2025 (illustrative)."""
PRIME_WIDTH_DAYS = 0.6
"""Standard deviation, in days, of the Prime-Day bump (about a day and a half)."""


@dataclass(frozen=True)
class DemandShape:
    """The seeded building blocks of the synthetic year, each an array of 8,760 hourly values.

    daily: cos wave of the hour of day, +1 at the evening peak and −1 twelve hours later.
    weekly: cos wave of the day of week, +1 on Monday (weekday 0), about −0.9 on Thursday and Friday.
    holiday: bell curve of the holiday season, 1 on Cyber Monday, near 0 before November.
    prime: bell curve of Prime Day, 1 at its centre.
    noise: multiplicative noise, mean about 1 (log-normal with the given sigma).
    seed, noise_sd: the seed and noise level used.
    """

    daily: np.ndarray
    weekly: np.ndarray
    holiday: np.ndarray
    prime: np.ndarray
    noise: np.ndarray
    seed: int
    noise_sd: float


def demand_shape(seed: int = SEED, noise_sd: float = 0.05) -> DemandShape:
    """The parameter-free shapes of the synthetic year and its seeded noise (compute once, reuse).

    seed: seed of ``numpy.random.default_rng``; noise_sd: sigma of the log-normal noise, 0 to 0.5
    (0 gives a smooth series).
    """
    s = validate.integer("seed", seed, low=0)
    sd = validate.number("noise_sd", noise_sd, low=0, high=0.5)
    hour = np.arange(HOURS)
    day = hour // 24
    hour_of_day = hour % 24
    weekday = (day + 2) % 7  # 1 January 2025 was a Wednesday (Monday = 0)
    daily = np.cos(2 * np.pi * (hour_of_day - EVENING_PEAK_HOUR) / 24)
    weekly = np.cos(2 * np.pi * (weekday - BUSIEST_WEEKDAY) / 7)
    t = hour / 24  # time in days
    holiday = np.exp(-0.5 * ((t - CYBER_MONDAY - 0.5) / HOLIDAY_WIDTH_DAYS) ** 2)
    prime = np.exp(-0.5 * ((t - PRIME_DAY - 0.5) / PRIME_WIDTH_DAYS) ** 2)
    rng = np.random.default_rng(s)
    noise = np.exp(rng.normal(0.0, sd, HOURS) - sd**2 / 2) if sd > 0 else np.ones(HOURS)
    return DemandShape(daily, weekly, holiday, prime, noise, s, sd)


def compose_demand(shape: DemandShape, *, base: float = 1000.0, daily_swing: float = 0.4,
                   weekly_swing: float = 0.1, holiday_spike: float = 1.5,
                   prime_spike: float = 0.8) -> np.ndarray:
    """Hourly demand (servers) from precomputed shapes: the fast core of :func:`synthetic_demand`.

    demand[h] = base · (1 + daily_swing·daily[h]) · (1 + weekly_swing·weekly[h])
                · (1 + holiday_spike·holiday[h] + prime_spike·prime[h]) · noise[h]
    """
    if not isinstance(shape, DemandShape):
        raise validate.ParameterTypeError(f"shape must be a DemandShape from demand_shape(), got "
                                          f"{shape!r:.40}")
    b = validate.number("base", base, low=0, low_open=True, unit="servers")
    d = validate.number("daily_swing", daily_swing, low=0, high=1, high_open=True)
    w = validate.number("weekly_swing", weekly_swing, low=0, high=1, high_open=True)
    h = validate.number("holiday_spike", holiday_spike, low=0, high=20)
    p = validate.number("prime_spike", prime_spike, low=0, high=20)
    return (b * (1 + d * shape.daily) * (1 + w * shape.weekly)
            * (1 + h * shape.holiday + p * shape.prime) * shape.noise)


def synthetic_demand(*, base: float = 1000.0, daily_swing: float = 0.4, weekly_swing: float = 0.1,
                     holiday_spike: float = 1.5, prime_spike: float = 0.8, noise_sd: float = 0.05,
                     seed: int = SEED) -> pd.Series:
    """One synthetic year of hourly store demand, in servers busy (illustrative, not Amazon's data).

    base: typical load, servers (the level with every cycle at its midpoint, outside the holidays).
    daily_swing: amplitude of the daily cycle as a share of base, in [0, 1): 0.4 means the evening
        peak hour (20:00) runs 40% above and the hour twelve hours later (08:00) 40% below.
    weekly_swing: amplitude of the weekly cycle, in [0, 1) (Mondays busiest).
    holiday_spike: extra load on Cyber Monday (1 December) as a multiple of normal: 1.5 means
        2.5 times the load; the season is a bell curve with a 14-day standard deviation.
    prime_spike: extra load on the Prime-Day-like event of 10 July, same convention.
    noise_sd, seed: log-normal hour-to-hour noise and its seed (``numpy.random.default_rng``).

    Returns a float Series of 8,760 values named ``demand_servers`` with an hourly DatetimeIndex
    (``hour``) covering 2025.
    """
    shape = demand_shape(seed=seed, noise_sd=noise_sd)
    values = compose_demand(shape, base=base, daily_swing=daily_swing, weekly_swing=weekly_swing,
                            holiday_spike=holiday_spike, prime_spike=prime_spike)
    index = pd.date_range(f"{YEAR}-01-01", periods=HOURS, freq="h", name="hour")
    return pd.Series(values, index=index, name="demand_servers")


def demand_frame(**kwargs: float) -> pd.DataFrame:
    """The synthetic year as a tidy DataFrame for pandas exercises.

    Columns: ``hour`` (timestamp), ``month`` (1-12), ``weekday`` (Monday = 0), ``hour_of_day``
    (0-23), ``demand_servers``. Keyword arguments go to :func:`synthetic_demand`.
    """
    series = synthetic_demand(**kwargs)
    index = series.index
    return pd.DataFrame({
        "hour": index,
        "month": np.asarray(index.month, dtype="int64"),
        "weekday": np.asarray(index.day_of_week, dtype="int64"),
        "hour_of_day": np.asarray(index.hour, dtype="int64"),
        "demand_servers": series.to_numpy(),
    })


@dataclass(frozen=True)
class Sizing:
    """What a capacity choice means over the year (servers, server-hours, US dollars, shares).

    peak: the busiest hour's demand; capacity: servers installed (headroom × peak);
    mean_demand: average hourly demand; utilization: served server-hours / installed server-hours;
    idle_server_hours: installed but unused server-hours; idle_cost: their cost in US$;
    unserved_server_hours: demand above capacity, lost; unserved_share: that as a share of all
    demand (the share of orders lost, if every server-hour serves the same number of orders);
    hours_short: hours in which demand exceeded capacity.
    """

    peak: float
    capacity: float
    mean_demand: float
    utilization: float
    idle_server_hours: float
    idle_cost: float
    unserved_server_hours: float
    unserved_share: float
    hours_short: int


def size_capacity(demand: pd.Series | np.ndarray, headroom: float = 1.2,
                  cost_per_server_hour: float = 0.5) -> Sizing:
    """Install capacity = headroom × peak demand and count what that costs and loses over the series.

    demand: hourly demand in servers (any length ≥ 1, no negatives).
    headroom: capacity as a multiple of the peak hour, in (0, 5]: 1.2 is 20% above peak; below 1 the
        store is sized under its peak and loses the demand above capacity.
    cost_per_server_hour: US$ per installed server-hour, used or idle (illustrative; ≥ 0).

    Served = min(demand, capacity) each hour; idle = capacity − served; unserved = demand − served.
    """
    values = validate.numbers_array("demand", demand, low=0, unit="(servers)")
    if np.ndim(demand) > 1:
        raise ValueError(f"demand must be a 1-D series of hourly values, got shape {np.shape(demand)}")
    k = validate.number("headroom", headroom, low=0, high=5, low_open=True)
    c = validate.number("cost_per_server_hour", cost_per_server_hour, low=0, unit="US$")
    peak = float(values.max())
    if peak == 0:
        raise ValueError("demand is zero in every hour: there is no peak to size for")
    capacity = k * peak
    served = np.minimum(values, capacity)
    installed = capacity * values.size
    idle = installed - float(served.sum())
    unserved = float(values.sum() - served.sum())
    return Sizing(
        peak=peak,
        capacity=capacity,
        mean_demand=float(values.mean()),
        utilization=float(served.sum()) / installed,
        idle_server_hours=idle,
        idle_cost=idle * c,
        unserved_server_hours=unserved,
        unserved_share=unserved / float(values.sum()),
        hours_short=int(np.count_nonzero(values > capacity)),
    )


def daily_max(demand: np.ndarray | pd.Series) -> np.ndarray:
    """The busiest hour of each day of an hourly series whose length is a multiple of 24."""
    values = validate.numbers_array("demand", demand)
    if np.ndim(demand) != 1 or values.size % 24:
        raise ValueError(f"demand needs whole days of hourly values (a multiple of 24), got {values.size}")
    return values.reshape(-1, 24).max(axis=1)


# --------------------------------------------------------------------------------------------
# Section 7: the 2025-2026 build-out, from Amazon's reported cash flows (datasets/amazon_cash_flow)

_LEASE_LINES = ("principal_repayments_of_finance_leases", "principal_repayments_of_financing_obligations")
_FCF_LESS_LEASES = "free_cash_flow_less_principal_repayments_of_finance_leases_and_financing_obligations"


def buildout_measures(cash: pd.DataFrame) -> pd.DataFrame:
    """Amazon's capital spending on two measures, by year, US$ billions (from ``load("amazon_cash_flow")``).

    Only the years that have every line, all on one reporting basis (2015 on; 2014 is on its own
    basis and has no lease rows). Columns: ``operating_cash_flow``; ``net_capex``, purchases of
    property and equipment minus proceeds from sales and incentives (cash only); ``lease_principal``,
    principal repaid on finance leases and financing obligations (equipment and buildings acquired
    earlier without cash, paid for over time); ``capex_incl_leases`` = net_capex + lease_principal;
    ``free_cash_flow`` (Amazon's definition) and ``fcf_less_lease_principal`` (Amazon's "free cash
    flow less principal repayments of finance leases and financing obligations"); ``capex_share``,
    capex_incl_leases ÷ operating_cash_flow (1 = every dollar from operations went into capacity).
    """
    needed = {"year", "metric", "value_musd"}
    if not isinstance(cash, pd.DataFrame) or not needed <= set(cash.columns):
        raise ValueError(f"expected the amazon_cash_flow table (load('amazon_cash_flow')) with columns "
                         f"{sorted(needed)}")
    wide = cash.pivot_table(index="year", columns="metric", values="value_musd", aggfunc="sum")
    metrics = ("operating_cash_flow", "purchases_of_property_and_equipment",
               "proceeds_from_property_and_equipment_sales_and_incentives", "free_cash_flow",
               *_LEASE_LINES, _FCF_LESS_LEASES)
    missing = [m for m in metrics if m not in wide.columns]
    if missing:
        raise ValueError(f"the cash-flow table has no {', '.join(missing)} rows")
    wide = wide.loc[:, list(metrics)].dropna()
    net = wide["purchases_of_property_and_equipment"] - wide[metrics[2]]
    lease = wide[_LEASE_LINES[0]] + wide[_LEASE_LINES[1]]
    out = pd.DataFrame({
        "operating_cash_flow": wide["operating_cash_flow"],
        "net_capex": net,
        "lease_principal": lease,
        "capex_incl_leases": net + lease,
        "free_cash_flow": wide["free_cash_flow"],
        "fcf_less_lease_principal": wide[_FCF_LESS_LEASES],
    }) / 1000.0
    out["capex_share"] = out["capex_incl_leases"] / out["operating_cash_flow"]
    out.index = out.index.astype(int)
    return out


def growth_multiple(series: pd.Series, base_year: int, end_year: int) -> float:
    """How many times larger ``series`` (indexed by year) is in ``end_year`` than in ``base_year`` (a ratio)."""
    series = validate.series("series", series)
    base = validate.integer("base_year", base_year)
    end = validate.integer("end_year", end_year)
    years = [int(y) for y in series.index]
    for name, year in (("base_year", base), ("end_year", end)):
        if year not in years:
            raise ValueError(f"{name} {year} is not in the series; choose one of {min(years)}-{max(years)}")
    if series.loc[base] <= 0:
        raise ValueError(f"the {base} value is not positive; a growth multiple needs a positive base")
    return float(series.loc[end] / series.loc[base])
