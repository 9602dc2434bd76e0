"""Checks for lesson 06 (pooling): AWS's average lead over Microsoft in the cloud-share data, the share
of capacity a pool saves, capacity saved by pooling, the best hybrid, the utility premium, how many
customers a pool needs for a given saving, the chart of AWS's lead over Microsoft quarter by quarter
(06.8, a plot) and the year its first narrowing ended (06.9, read off that chart). 06.2's function is
built from the variance of a sum: the lecture prints the pooled and separate capacities and the
saving share's value in its own cases, not the saving share as a function of n, μ, σ, z and ρ.

Every expected value is computed here from the course's data and models; none is printed in the
lecture (the lecture shows other quarters, other pool sizes and other demand curves)."""

from __future__ import annotations

import math

import numpy as np

from ..cloud import optimal_owned_capacity, pooled_capacity
from ..data import load
from ..rounding import round_half_up
from .core import Choice, Function, Hint, Number
from .plot import Plot

# 06.1: AWS's average lead over Microsoft in the quarters of 2020-2024 (fixed years, so the answer
# does not move when newer quarters are added to the table)
GAP_YEARS = (2020, 2024)
_share = load("cloud_share").pivot_table(index=["year", "quarter"], columns="provider", values="share")


def _in_gap_years(frame):
    """The rows of a (year, quarter)-indexed frame or series that fall in GAP_YEARS."""
    years = frame.index.get_level_values("year")
    return frame[(years >= GAP_YEARS[0]) & (years <= GAP_YEARS[1])]


_all_gaps = (_share["AWS"] - _share["Microsoft"]).dropna()
_gap = _in_gap_years(_all_gaps)
MEAN_GAP = float(_gap.mean())
SMALLEST_GAP = float(_gap.min())
LATEST_GAP = float(_gap.iloc[-1])
LARGEST_GAP = float(_gap.max())
_ALL_QUARTERS_GAP = float(_all_gaps.mean())
# the .dropna() slip: dropping every quarter in which any provider is missing (not just AWS or
# Microsoft) keeps only the quarters that report all five providers
_complete = _in_gap_years(_share).dropna()
DROPNA_GAP = float((_complete["AWS"] - _complete["Microsoft"]).mean())
DROPNA_QUARTERS = tuple(f"Q{q} {y}" for y, q in _complete.index)
_DROPNA_KEPT = " and ".join(DROPNA_QUARTERS)
_DROPNA_TEXT = (f"the average after .dropna() on the whole table, which drops every quarter in which "
                f"any provider (Google, Alibaba, IBM) is missing and keeps only {_DROPNA_KEPT}. "
                f"Average AWS minus Microsoft (.mean()) over every quarter of 2020-2024 in which those "
                f"two are reported: take their two columns first, then drop what is missing.")
# the same slip on the lecture's three-provider `leaders` table (AWS, Microsoft, Google): .dropna()
# there drops only the quarters in which Google is missing
_leaders = _in_gap_years(_share[["AWS", "Microsoft", "Google"]])
_leaders_complete = _leaders.dropna()
LEADERS_DROPNA_GAP = float((_leaders_complete["AWS"] - _leaders_complete["Microsoft"]).mean())
LEADERS_DROPPED = tuple(f"Q{q} {y}" for y, q in _leaders.index.difference(_leaders_complete.index))
# the lecture prints the last four quarters of the table (cell-004, leaders.tail(4)); the quarters
# among them whose lead equals the smallest lead of 2020-2024 at the question's precision
_PRINTED_GAPS = _all_gaps.sort_index().iloc[-4:]
PRINTED_AT_SMALLEST = tuple(f"Q{q} {y}" for (y, q), lead in _PRINTED_GAPS.items()
                            if abs(lead - SMALLEST_GAP) < 0.0005)
PRINTED_QUARTERS = tuple(f"Q{q} {y}" for y, q in _PRINTED_GAPS.index)
PRINTED_MEAN_GAP = float(_PRINTED_GAPS.mean())   # 0.08: the average of the four printed rows
# the quarters of 2025 kept too (2020 to 2025; the table's 2026 quarter left out): 0.104
_years = _all_gaps.index.get_level_values("year")
THROUGH_2025_GAP = float(_all_gaps[(_years >= GAP_YEARS[0]) & (_years <= GAP_YEARS[1] + 1)].mean())
# the average of the five yearly averages, each year weighted alike although the years report
# different numbers of quarters: 0.111
_by_year = _gap.groupby(level="year")
YEARLY_MEANS_GAP = float(_by_year.mean().mean())
MEDIAN_GAP = float(_gap.median())   # 0.10: the median of the quarterly leads
TRUNCATED_GAP = math.floor(MEAN_GAP * 100) / 100   # the mean cut off at two decimals: also 0.10
QUARTERS_PER_YEAR = tuple(int(k) for k in _by_year.size())
WHOLE_PERCENT_GAP = float(round_half_up(100 * MEAN_GAP))   # 11: the lead in percent, no decimals


def _distinct(value: float, *others: float) -> bool:
    """True if ``value`` reads differently from the answer and from ``others`` at three decimals
    (a slip that gives the same number as another is named by that one's hint)."""
    return all(round(value, 3) != round(other, 3) and abs(value - other) > 0.001
               for other in (MEAN_GAP, *others))

# 06.3: 50 customers, each mean 100 servers, s.d. 40, service level z = 2, correlation 0.1
CAPACITY_CASE = dict(n=50, mean=100, sd=40, z=2, rho=0.1)
_cap = pooled_capacity(**CAPACITY_CASE)
_cap_independent = pooled_capacity(**{**CAPACITY_CASE, "rho": 0.0})
LECTURE_SAVING = pooled_capacity(n=10, mean=10, sd=3, z=2, rho=0.0).saving   # printed: 41.0 servers
# the n-instead-of-(n − 1) slip: sd of the total σ√(n(1 + nρ))
_n, _mu, _sd, _z, _rho = 50, 100, 40, 2, 0.1
_SAVING_N_NOT_N_MINUS_1 = _n * (_mu + _z * _sd) - (_n * _mu + _z * _sd * math.sqrt(_n * (1 + _n * _rho)))
# each pair counted once: sd of the total σ√(n(1 + (n − 1)ρ/2)): 2,949
_SAVING_PAIRS_ONCE = _n * (_mu + _z * _sd) - (_n * _mu + _z * _sd * math.sqrt(_n * (1 + (_n - 1) * _rho / 2)))
# z = 1.96 (the two-sided 95% value) instead of the question's z = 2: 2,573
_SAVING_Z_196 = pooled_capacity(**{**CAPACITY_CASE, "z": 1.96}).saving

# 06.4: ten equally likely hourly demand levels (servers), utility premium 3
HYBRID_DEMAND = [20, 25, 30, 30, 35, 40, 50, 60, 80, 120]
HYBRID_PREMIUM = 3.0
_best = optimal_owned_capacity(HYBRID_DEMAND, HYBRID_PREMIUM)
_best_lecture_premium = optimal_owned_capacity(HYBRID_DEMAND, 2.0)   # the lecture's U = 2
_best_06_5_premium = optimal_owned_capacity(HYBRID_DEMAND, 2.5)      # 06.5's U = 2.5

# 06.6: the smallest pool that needs at least 19.5% less capacity than its members alone (a target
# whose percent, 19.5, is not a whole pool: a student who types the target is not marked right)
POOL_CASE = dict(mean=10, sd=3, z=2)
POOL_TARGET = 0.195
_TARGET_PCT = f"{100 * POOL_TARGET:g}%"   # "19.5%"


def smallest_pool(rho: float, target: float = POOL_TARGET) -> int:
    """The smallest n whose pooled capacity is at least ``target`` below the separate capacity."""
    return next(n for n in range(1, 10_000)
                if pooled_capacity(n=n, rho=rho, **POOL_CASE).saving_share >= target)


_POOL_N = smallest_pool(0.2)   # 27


def _continuous_pool(rho: float = 0.2, target: float = POOL_TARGET) -> float:
    """The n, not necessarily whole, at which the saving share reaches ``target``: the saving share
    is (zσ/(μ + zσ))·(1 − √((1 + (n − 1)ρ)/n)), so √(ρ + (1 − ρ)/n) = 1 − target·(μ + zσ)/(zσ)."""
    mu, sd, z = POOL_CASE["mean"], POOL_CASE["sd"], POOL_CASE["z"]
    root = 1 - target * (mu + z * sd) / (z * sd)
    return (1 - rho) / (root ** 2 - rho)


POOL_N_CONTINUOUS = _continuous_pool()   # 26.32: the threshold, before rounding up to a whole customer
_POOL_N_INDEPENDENT = smallest_pool(0.0)   # 5
POOL_N_LECTURE_RHO = smallest_pool(0.1)    # 7: the lecture's ρ = 0.1 (sections 3 and 6)
# the pools past 200 (each of 2..200 has a hint of its own) share one hint, matched on the range
POOL_HINTED_UP_TO = 200
_LARGE_POOL_FROM, _LARGE_POOL_TO = POOL_HINTED_UP_TO + 0.5, 1e9
# the saving share as n grows without bound: (zσ/(μ + zσ))·(1 − √ρ), 20.7% at ρ = 0.2
POOL_SAVING_LIMIT = (POOL_CASE["z"] * POOL_CASE["sd"] / (POOL_CASE["mean"] + POOL_CASE["z"] * POOL_CASE["sd"])
                     * (1 - math.sqrt(0.2)))


def _pool_saving(n: int, rho: float = 0.2) -> float:
    """The saving share of a pool of ``n`` customers of 06.6's kind."""
    return pooled_capacity(n=n, rho=rho, **POOL_CASE).saving_share


# pools whose saving reads "19.5%" at one decimal of a percent but is still below 0.195
ROUNDS_UP_TO_TARGET = tuple(n for n in range(1, _POOL_N)
                            if round(1000 * _pool_saving(n)) >= round(1000 * POOL_TARGET))
_READS_TARGET = (f" (it reads {_TARGET_PCT} at one decimal, but it is below {POOL_TARGET:g})"
                 if _POOL_N - 1 in ROUNDS_UP_TO_TARGET else "")
# the one-short pool and the continuous solution share a message that names the slip, not the answer
_CONTINUOUS_TEXT = (f"with {_POOL_N - 1} customers the saving is {_pool_saving(_POOL_N - 1):.2%}, just "
                    f"under {_TARGET_PCT}{_READS_TARGET}; the continuous solution, n = "
                    f"{POOL_N_CONTINUOUS:.2f} (where the saving is exactly {_TARGET_PCT}), is not a "
                    f"whole pool, and a whole pool cut off below it falls short: a threshold count "
                    f"rounds up.")


# 06.2: the share of capacity one shared pool saves, 1 − C_pooled/C_separate, and its slips. The
# lecture prints C_pooled and C_separate and the saving share's value for its own cases, not the
# share as a function: students combine the two and simplify. Each slip is written out in full (a
# mistake that called another function here would be refused as a package call).
def pool_saving_share(n, mean, sd, z, rho):
    """The share of capacity a pool of n customers (each mean μ, sd σ, pairwise correlation ρ) saves
    against each building alone, both built for the mean plus z standard deviations:
    1 − (nμ + zσ√(n(1 + (n − 1)ρ)))/(n(μ + zσ)) = (zσ/(μ + zσ))·(1 − √((1 + (n − 1)ρ)/n))."""
    return 1 - (n * mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho))) / (n * (mean + z * sd))


def _sv_no_correlation(n, mean, sd, z, rho):
    return 1 - (mean + z * sd / math.sqrt(n)) / (mean + z * sd)


def _sv_ratio(n, mean, sd, z, rho):
    """The pooled capacity as a share of the separate one: what is left, not what is saved."""
    return (n * mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho))) / (n * (mean + z * sd))


def _sv_whole_pool_against_one(n, mean, sd, z, rho):
    return 1 - (n * mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho))) / (mean + z * sd)


def _sv_alone(n, mean, sd, z, rho):
    """Each customer built alone in the pool too: nothing saved."""
    return 1 - (mean + z * sd) / (mean + z * sd)


def _sv_servers(n, mean, sd, z, rho):
    return n * (mean + z * sd) - (n * mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho)))


def _sv_servers_per_customer(n, mean, sd, z, rho):
    return (mean + z * sd) - (n * mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho))) / n


def _sv_percent(n, mean, sd, z, rho):
    return 100 * (1 - (n * mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho))) / (n * (mean + z * sd)))


def _sv_over_pooled(n, mean, sd, z, rho):
    pooled = n * mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho))
    return (n * (mean + z * sd) - pooled) / pooled


def _sv_spread_only(n, mean, sd, z, rho):
    """The spreads alone compared (also 1 − pooled CV ÷ one customer's CV): the mean left out."""
    return 1 - math.sqrt((1 + (n - 1) * rho) / n)


def _sv_divided_by_n(n, mean, sd, z, rho):
    return 1 - (mean + z * sd * math.sqrt(1 + (n - 1) * rho) / n) / (mean + z * sd)


def _sv_floor_only(n, mean, sd, z, rho):
    return 1 - (mean + z * sd * math.sqrt(rho)) / (mean + z * sd)


def _sv_n_not_n_minus_1(n, mean, sd, z, rho):
    return 1 - (mean + z * sd * math.sqrt((1 + n * rho) / n)) / (mean + z * sd)


def _sv_sigma_not_squared(n, mean, sd, z, rho):
    """σ where σ² belongs in the total's variance, nσ(1 + (n − 1)ρ) (r28d 06 #5)."""
    return 1 - (mean + z * math.sqrt(sd * (1 + (n - 1) * rho) / n)) / (mean + z * sd)


def _sv_pairs_once(n, mean, sd, z, rho):
    return 1 - (mean + z * sd * math.sqrt((1 + (n - 1) * rho / 2) / n)) / (mean + z * sd)


def _sv_no_square_root(n, mean, sd, z, rho):
    return 1 - (mean + z * sd * (1 + (n - 1) * rho) / n) / (mean + z * sd)


def _sv_sd_not_divided(n, mean, sd, z, rho):
    """The pool's whole spread zσ√(n(1 + (n − 1)ρ)) added to one customer's mean."""
    return 1 - (mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho))) / (mean + z * sd)


def _sv_divided_by_root_n(n, mean, sd, z, rho):
    """The total's sd divided by √n where n belongs: σ√(1 + (n − 1)ρ) per customer."""
    return 1 - (mean + z * sd * math.sqrt(1 + (n - 1) * rho)) / (mean + z * sd)


def _sv_variance_not_sd(n, mean, sd, z, rho):
    """The variance per customer, σ²(1 + (n − 1)ρ)/n, where its square root belongs."""
    return 1 - (mean + z * sd ** 2 * (1 + (n - 1) * rho) / n) / (mean + z * sd)


def _sv_sigma_squared(n, mean, sd, z, rho):
    """σ² where σ belongs in the total's sd: σ²√(n(1 + (n − 1)ρ)), then ÷ n."""
    return 1 - (mean + z * sd ** 2 * math.sqrt(n * (1 + (n - 1) * rho)) / n) / (mean + z * sd)


# 06.8: AWS's lead over Microsoft (AWS's share minus Microsoft's) in every quarter of `cloud_share`,
# drawn against time; the lecture's inline chart draws the three shares in percent, not the lead.
# The wide table is the one the exercise cell prepares (`when`: each quarter at its midpoint).
_WIDE = load("cloud_share").pivot_table(index=["year", "quarter"], columns="provider",
                                         values="share").reset_index()
LEAD_TABLE = _WIDE.assign(
    when=_WIDE["year"] + (_WIDE["quarter"] - 0.5) / 4,
    lead=_WIDE["AWS"] - _WIDE["Microsoft"],
    reversed_lead=_WIDE["Microsoft"] - _WIDE["AWS"],      # the subtraction turned round
    lead_over_google=_WIDE["AWS"] - _WIDE["Google"],      # the wrong rival
    AWS_percent=100 * _WIDE["AWS"],                       # the lecture's chart: AWS's share in percent
    ratio=_WIDE["AWS"] / _WIDE["Microsoft"],              # divided instead of subtracted
)[lambda t: t["lead"].notna()].reset_index(drop=True)
"""One row per quarter in which AWS and Microsoft are both reported: year, quarter, each provider's
share, ``when`` and AWS's lead (a share of the market), with the slips 06.8 names."""

# 06.9: the year of the quarter where the lead's first narrowing ended. The shares are whole
# percents, so the leads are compared at four decimals (0.31 - 0.24 and 0.28 - 0.21 differ in the
# last bit of a float)
_LEADS = LEAD_TABLE.set_index(["year", "quarter"])["lead"].round(4)
SMALLEST_LEAD = float(_LEADS.min())
_AT_SMALLEST = [q for q, v in _LEADS.items() if v == SMALLEST_LEAD]
FIRST_LOW = tuple(map(int, _AT_SMALLEST[0]))  # (2023, 4): the lead at 0.07
LATER_LOWS = tuple(tuple(map(int, q)) for q in _AT_SMALLEST[1:])  # (2025, 4), (2026, 1): back at 0.07
FIRST_LOW_YEAR = FIRST_LOW[0]
_after = _LEADS[_LEADS.index > FIRST_LOW]
REBOUND = tuple(map(int, _after.idxmax()))  # (2024, 3): widest after the first low
REBOUND_LEAD = float(_after.max())
_before = _LEADS[_LEADS.index < FIRST_LOW]
LARGEST_LEAD_AT = tuple(map(int, _before.idxmax()))  # (2020, 3): the widest lead of all
LARGEST_LEAD = float(_before.max())
_YEAR_BEFORE = _before[_before.index.get_level_values("year") == FIRST_LOW_YEAR - 1]
_STILL_NARROWING = {int(year): float(_before[_before.index.get_level_values("year") == year].min())
                    for year in range(LARGEST_LEAD_AT[0] + 1, FIRST_LOW_YEAR - 1)
                    if (_before.index.get_level_values("year") == year).any()}
"""Each year between the widest lead's and the one before the first low, with its smallest lead:
the lead was still narrowing there ({2021: 0.13})."""


def _q(quarter: tuple[int, int]) -> str:
    return f"Q{quarter[1]} {quarter[0]}"


_FIRST_QUARTER = tuple(map(int, _LEADS.index[0]))  # (2020, 1): the chart's first point
_LAST_QUARTER = tuple(map(int, _LEADS.index[-1]))  # (2026, 1): its last


_LATER_LOW_TEXT = (f"the lead fell back to its smallest, {SMALLEST_LEAD:.2f}, in "
                   f"{' and '.join(_q(q) for q in LATER_LOWS)}, at the end of the second narrowing; "
                   f"the question asks where the first narrowing ended, before the lead widened again.")


OPTIONS_06_5 = {
    "a": "The ticket seller should rent most of its capacity and the bank own most of its: renting "
         "wins while U < P/A (2.5 < 6), owning while P/A < U (1.2 < 2.5).",
    "b": "Both should rent their steady base and own their peak servers: each owns the servers "
         "busy less than a share 1/U = 40% of the hours and rents the busier ones.",
    "c": "Both should own most of their capacity: with U = 2.5 above 1, every rented server-hour "
         "costs more than an owned one, whatever the firm's P/A.",
    "d": "The bank should rent most of its capacity and the ticket seller own most of its: renting "
         "wins while P/A < U (1.2 < 2.5), owning while U < P/A (2.5 < 6).",
}
"""06.5's four options, similar in length and form: the rule, the hybrid rule turned round (rent the
base, own the peak: its headline is not the lesson's 'own the base, rent the peak', which fits a too),
the premium alone, and the comparison turned round."""

CHECKS = {
    "06.1": Number(
        expected=MEAN_GAP,
        unit="AWS's share minus Microsoft's, averaged over the quarters",
        what="the average lead",
        share=True,
        decimals=3,
        kind="data",
        hints=(
            Hint(LATEST_GAP, "that is the lead in the last quarter of 2024 only; average the lead "
                             "over every quarter of 2020-2024."),
            Hint(SMALLEST_GAP, "that is the smallest lead of 2020-2024 (.min())"
                               + (f", and also the lead in the lecture's printed "
                                  f"{' and '.join(PRINTED_AT_SMALLEST)} rows" if PRINTED_AT_SMALLEST
                                  else "")
                               + "; the question asks for the average (.mean()) over every quarter "
                                 "of 2020-2024."),
            *([Hint(LARGEST_GAP, "that is both the largest lead (.max()) and " + _DROPNA_TEXT)]
              if abs(DROPNA_GAP - LARGEST_GAP) < 0.0005 else
              [Hint(LARGEST_GAP, "that is the largest lead (.max()); the question asks for the "
                                 "average (.mean())."),
               Hint(DROPNA_GAP, "that is " + _DROPNA_TEXT)]),
            *([Hint(LEADERS_DROPNA_GAP,
                    f"that is the average after .dropna() on the lecture's three-provider `leaders` "
                    f"table (AWS, Microsoft, Google): it drops {' and '.join(LEADERS_DROPPED)}, where "
                    f"Google's share is missing, though AWS and Microsoft are reported. Take the "
                    f"AWS and Microsoft columns first, then drop what is missing.")]
              if LEADERS_DROPPED and abs(LEADERS_DROPNA_GAP - MEAN_GAP) > 0.0015
              and abs(LEADERS_DROPNA_GAP - DROPNA_GAP) > 0.0015 else []),
            *([Hint(_ALL_QUARTERS_GAP, "that averages every quarter of the table; keep the years "
                                       "2020 to 2024 only.")]
              if abs(_ALL_QUARTERS_GAP - MEAN_GAP) > 0.0015 else []),
            *([Hint(THROUGH_2025_GAP, f"that includes the quarters of {GAP_YEARS[1] + 1}; keep the "
                                      f"years 2020 to 2024 only.")]
              if _distinct(THROUGH_2025_GAP, _ALL_QUARTERS_GAP, LEADERS_DROPNA_GAP) else []),
            *([Hint(YEARLY_MEANS_GAP, f"that is the average of the five yearly averages, which weighs "
                                      f"every year alike although the table reports "
                                      f"{', '.join(map(str, QUARTERS_PER_YEAR))} quarters of AWS and "
                                      f"Microsoft in 2020 to 2024; average the quarters themselves "
                                      f"(one .mean() over all of them).")]
              if _distinct(YEARLY_MEANS_GAP, LARGEST_GAP, LEADERS_DROPNA_GAP) else []),
            # the median and the mean cut off at two decimals read alike: one hint names both
            *([Hint(MEDIAN_GAP, "that is the median of the quarterly leads (.median()), or the mean "
                                "cut off (truncated) at two decimals"
                                + (", or the mean rounded to one decimal"
                                   if abs(round_half_up(MEAN_GAP, 1) - MEDIAN_GAP) < 0.0005 else "")
                                + "; use .mean() and give three decimals.")]
              if abs(MEDIAN_GAP - TRUNCATED_GAP) < 0.0005 else
              [Hint(MEDIAN_GAP, "that is the median of the quarterly leads (.median()); the question "
                                "asks for the average, .mean().")]),
            *([Hint(PRINTED_MEAN_GAP, f"that is the average of the four rows the lecture prints "
                                      f"(leaders.tail(4): {', '.join(PRINTED_QUARTERS)}), the last "
                                      f"quarters of the table; average every quarter of 2020-2024 "
                                      f"in the table.")]
              if _distinct(PRINTED_MEAN_GAP, SMALLEST_GAP, LATEST_GAP) else []),
            # the lead in percentage points (10.9), and rounded to a whole number (11)
            Hint(100 * MEAN_GAP, "that looks like a percent: it is the lead in percentage points "
                                 "(AWS's percent minus Microsoft's); give it as a share between 0 and "
                                 "1, three decimals (0.050, not 5).",
                 within=0.05),
            Hint(WHOLE_PERCENT_GAP, "that looks like the lead in percentage points, rounded to a whole "
                                    "number; give a share between 0 and 1, three decimals (0.050, "
                                    "not 5).",
                 within=0.005),
        ),
    ),
    "06.2": Function(
        reference=pool_saving_share,
        model=pooled_capacity,  # the package's own: a function that only calls it is refused
        cases=(dict(n=4, mean=20, sd=8, z=2, rho=0.0), dict(n=25, mean=10, sd=4, z=2, rho=0.2),
               dict(n=100, mean=50, sd=15, z=1.5, rho=0.05), dict(n=2, mean=5, sd=3, z=3, rho=0.5)),
        unit="share of the separate capacity",
        what="saving_share",
        # a share rounded to two decimals inside the function: 0.09 for the last case's 0.0861 is
        # 4.5% off, so the "rounded inside" slip is named up to 6%
        rounding_examples="a share rounded to two decimals, or round(...) before return",
        rounded_within=0.06,
        mistakes=(
            (_sv_no_correlation, "right for independent demand, but ρ was ignored: the variance of "
                                 "the total has n(n − 1)ρσ² of covariance on top of nσ²."),
            (_sv_ratio, "that is the pooled capacity as a share of the separate one, what the pool "
                        "still needs; the saving is the rest: one minus it."),
            (_sv_whole_pool_against_one, "you compared the whole pool's capacity with one customer's "
                                         "alone, μ + zσ: building separately, the n customers need n "
                                         "times that."),
            (_sv_alone, "that is 0, no saving: you built each customer alone in the pool too. In a "
                        "pool the spread to cover is the total's, shared by n customers."),
            (_sv_servers, "that is the pool's saving in servers; the question asks for it as a share "
                          "of the capacity the customers build separately (0 to 1)."),
            (_sv_servers_per_customer, "that is the saving per customer, in servers; give it as a "
                                       "share of what each customer builds alone."),
            (_sv_percent, "that looks like a percent (× 100); return a share between 0 and 1 (0.25, "
                          "not 25)."),
            (_sv_over_pooled, "you divided the saving by the pooled capacity; the question measures "
                              "it against the capacity built separately."),
            (_sv_spread_only, "that compares the spreads to cover only (it is also one minus the pooled "
                              "CV over one customer's CV): both capacities also carry the mean demand, "
                              "which pooling does not save, so the share saved is smaller."),
            (_sv_divided_by_n, "you divided σ√(1 + (n − 1)ρ) by n where √n belongs: the total's sd "
                               "is σ√(n(1 + (n − 1)ρ)); per customer, that ÷ n."),
            (_sv_floor_only, "that uses only the floor the pool's spread tends to as n grows, σ√ρ "
                             "per customer; the question asks for a finite n."),
            (_sv_n_not_n_minus_1, "n pairs where n − 1 belong: each customer moves with the n − 1 "
                                  "others, not with itself, so the variance is nσ²(1 + (n − 1)ρ)."),
            (_sv_sigma_not_squared, "σ where σ² belongs: the variance of the total is nσ²(1 + (n − 1)ρ), "
                                    "in servers squared; its square root is the total's sd."),
            (_sv_pairs_once, "you counted each pair once, n(n − 1)/2 covariances; the variance of a "
                             "sum has one for every ordered pair, n(n − 1)ρσ² (A with B and B with "
                             "A)."),
            (_sv_no_square_root, "no square root: nσ²(1 + (n − 1)ρ) is the total's variance; the "
                                 "capacity covers z standard deviations, its square root."),
            (_sv_sd_not_divided, "that adds the whole pool's spread to one customer's mean: share "
                                 "the spread out over the n customers too (÷ n)."),
            (_sv_divided_by_root_n, "you divided the total's sd by √n where n belongs: σ√(n(1 + (n − 1)ρ))"
                                    "/√n is σ√(1 + (n − 1)ρ). Share the pool's spread out over its n "
                                    "customers."),
            (_sv_variance_not_sd, "that uses z times the variance per customer, σ²(1 + (n − 1)ρ)/n "
                                  "(the total's variance ÷ n²), where its square root belongs."),
            (_sv_sigma_squared, "σ² where σ belongs: the total's variance is nσ²(1 + (n − 1)ρ), so "
                                "its sd has σ (not σ²) outside the root."),
        ),
    ),
    "06.3": Number(
        expected=_cap.saving,
        unit="servers",
        what="the capacity saved by pooling",
        decimals=0,   # a quantity rounded to the nearest server, not a count of things: 2625.9 is right
        hints=(
            Hint(_SAVING_N_NOT_N_MINUS_1, "n where n − 1 belongs: each customer is correlated with "
                                          "the n − 1 others, so the sd of the total is "
                                          "σ√(n(1 + (n − 1)ρ))."),
            Hint(_cap_independent.saving, "that assumes independent demand (ρ = 0); use "
                                          "√(n(1 + (n − 1)ρ)) with ρ = 0.1."),
            Hint(_cap.pooled, "that is the pooled capacity itself; the question asks how much less "
                              "than building separately."),
            Hint(_cap.separate, "that is the capacity built separately, n(μ + zσ); subtract the "
                                "pooled capacity."),
            Hint(_cap.saving_share, "that is the saving as a share of separate capacity; give it in "
                                    "servers."),
            *(Hint(percent, "that is the saving as a percent of separate capacity; give it in "
                            "servers.")
              for percent in sorted({round(100 * _cap.saving_share, d) for d in (2, 1)})),
            Hint(_cap.saving / _n, "that is the saving per customer; the question asks for the "
                                   "whole pool's saving, in servers (multiply by the 50 customers)."),
            Hint(_SAVING_PAIRS_ONCE, "you counted each pair once, n(n − 1)/2 covariances: the "
                                     "variance of the total has one for every ordered pair (A with B "
                                     "and B with A), nσ²(1 + (n − 1)ρ), so its sd is "
                                     "σ√(n(1 + (n − 1)ρ))."),
            Hint(_SAVING_Z_196, "that uses z = 1.96; the question's service level is z = 2."),
            Hint(LECTURE_SAVING, "that is the lecture's case (10 customers of 10 servers, σ = 3, "
                                 "independent); the question has 50 customers of 100 servers, "
                                 "σ = 40, ρ = 0.1."),
        ),
    ),
    "06.4": Number(
        expected=_best.owned,
        unit="servers owned",
        what="the capacity to own",
        count=True,
        hints=(
            Hint(max(HYBRID_DEMAND), "that is the peak: owning it all ignores that the top hours "
                                     "are cheaper to rent."),
            Hint(0.0, "renting everything is best only when U ≤ 1; here U = 3, so owning the "
                      "busiest servers pays."),
            Hint(sum(HYBRID_DEMAND) / len(HYBRID_DEMAND), "that is the average demand; own up to "
                                                          "where Pr(D > x) = 1/U."),
            Hint(float(np.median(HYBRID_DEMAND)), "that is the median of the ten levels, where half "
                                                  "the hours need more; the rule is Pr(D > x) = 1/U "
                                                  "= 1/3, so own while more than a third of the "
                                                  "hours need more."),
            Hint(45.0, "at 45 servers 4 of the 10 hours still need more (Pr(D > 45) = 0.4 > 1/U): "
                       "one more owned server still pays for itself. Own up to the next level."),
            Hint(55.0, "at 55 servers only 3 hours in 10 need more (Pr(D > 55) = 0.3 < 1/U = 1/3): "
                       "the servers above 50 are busy in those 3 hours only, too rarely to own; "
                       "rent them."),
            Hint(30.0, "you owned up to where Pr(D ≤ x) reaches 1/U; the rule is Pr(D > x) ≤ 1/U: "
                       "rent only the hours above."),
            Hint(60.0, "you counted hours with D ≥ x; count those strictly above x, Pr(D > x)."),
            # the same slip stepping one server at a time: Pr(D ≥ 50) = 0.4, Pr(D ≥ 51) = 0.3
            Hint(51.0, "you counted hours with D ≥ x, stepping one server at a time: Pr(D ≥ 51) = 0.3 "
                       "is the first at most 1/U. Count the hours strictly above x, Pr(D > x)."),
            Hint(_best_lecture_premium.owned, "that is the best hybrid at U = 2, the lecture's premium: "
                                              "own while Pr(D > x) > 1/2. Here U = 3: a server busy "
                                              "more than a third of the hours pays, so own more."),
            Hint(_best.cost, f"that is the cost of the best mix (`.cost`, {_best.cost:g} per hour: "
                             f"the owned servers plus U times the rented server-hours), not a number "
                             f"of servers; the question asks how many servers to own (`.owned`)."),
            Hint(_best_06_5_premium.owned, "one level short: at 40 servers 4 of the 10 hours still "
                                           "need more (Pr(D > 40) = 0.4 > 1/U = 1/3), so the servers "
                                           "from 40 to 50 are busy often enough to own. (40 would be "
                                           "the answer at U = 2.5.)"),
        ),
    ),
    "06.5": Choice(
        correct="a",
        options=OPTIONS_06_5,
        hints={
            "b": "the hybrid rule the other way round: one more owned server pays while it is busy "
                 "*more* than a share 1/U of the hours (Pr(D > x) > 1/U), so the steady base is the "
                 "part to own and the rarely busy peak servers the part to rent. Then compare U with "
                 "each firm's P/A to see which of the two rents most.",
            "c": "a premium above 1 makes each *used* hour dearer, but owned servers are paid for "
                 "idle hours too: owning for the peak costs P per unit of average demand, renting "
                 "costs U, so renting wins while U < P/A.",
            "d": "the comparison turned round: renting wins while U < P/A. Flat demand (low P/A) "
                 "wastes little owned capacity, so it is the case for owning; spiky demand is the "
                 "case for renting.",
        },
    ),
    "06.6": Number(
        expected=float(_POOL_N),
        unit="customers",
        what="the smallest pool",
        count=True,
        kind="explore",
        hints=(
            Hint(float(_POOL_N_INDEPENDENT), "that is the answer for independent customers (ρ = 0); "
                                             "with ρ = 0.2 part of the variability never pools away."),
            Hint(float(POOL_N_LECTURE_RHO), f"that is the answer at ρ = 0.1, the lecture's correlation "
                                            f"(sections 3 and 6): the wrong ρ. This question's customers "
                                            f"have ρ = 0.2, so more of their variability never pools "
                                            f"away and the pool must be larger."),
            # one short, and the continuous solution (as given, or rounded to one or two decimals)
            # with the same message: cut off to a whole number it is the one-short answer
            *(Hint(value, _CONTINUOUS_TEXT)
              for value in sorted({float(_POOL_N - 1), POOL_N_CONTINUOUS,
                                    *(math.floor(POOL_N_CONTINUOUS * 10 ** d + 0.5) / 10 ** d
                                      for d in (1, 2))})),
            *(Hint(float(n), f"at n = {n} the saving is {_pool_saving(n):.2%}: it reads {_TARGET_PCT} "
                             f"when rounded to one decimal, but it is below {POOL_TARGET:g}; add "
                             f"customers.")
              for n in ROUNDS_UP_TO_TARGET if n != _POOL_N - 1),
            # a pool of one customer (a loop that stops at its first step), a slip of its own.
            # The target typed as the answer: as a share (matched within 0.5, so the whole number
            # it claims is 0, not 1) and as a percent (matched narrowly: 19 and 20 are pools with
            # hints of their own)
            Hint(1.0, f"a pool of one customer saves nothing: it is the customer alone (saving_share "
                      f"0). If a loop gave 1, it stopped at its first step: check its condition, and "
                      f"stop at the first n whose saving_share is at least {POOL_TARGET:g}."),
            Hint(POOL_TARGET, f"the question asks for a number of customers, not the target "
                              f"{POOL_TARGET:g} (the {_TARGET_PCT} of capacity to save); a pool of 0 "
                              f"customers saves nothing. Find the smallest n whose pool saves at "
                              f"least {_TARGET_PCT}.",
                 within=0.5),
            Hint(100 * POOL_TARGET, f"that is the target, {_TARGET_PCT} of capacity saved, as a "
                                    f"percent; the question asks for a number of customers: the "
                                    f"smallest n whose saving_share is at least {POOL_TARGET:g}.",
                 within=0.01),
            Hint(-float(_POOL_N), f"wrong sign: a pool size is a positive whole number of "
                                  f"customers. Give the smallest n whose saving_share is at least "
                                  f"{POOL_TARGET:g}, without a minus sign."),
            Hint(10.0, f"that is the lecture's first pool (n = 10, independent); at ρ = 0.2 ten "
                       f"customers save {pooled_capacity(n=10, rho=0.2, **POOL_CASE).saving_share:.1%}, "
                       f"short of {_TARGET_PCT}."),
            Hint(40.0, f"that is the lecture's second pool (n = 40 at ρ = 0.3); at ρ = 0.2 forty "
                       f"customers save {pooled_capacity(n=40, rho=0.2, **POOL_CASE).saving_share:.1%}, "
                       f"more than needed: a smaller pool already reaches {_TARGET_PCT}."),
            # every other pool size up to 200: short of the target, or enough but not the smallest
            *(Hint(float(n), f"at n = {n} the saving is {_pool_saving(n):.1%}, short of {_TARGET_PCT}; "
                             f"add customers.")
              for n in range(2, _POOL_N - 1) if n not in ROUNDS_UP_TO_TARGET and n != 10
              and n not in (_POOL_N_INDEPENDENT, POOL_N_LECTURE_RHO)),
            *(Hint(float(n), f"at n = {n} the saving is {_pool_saving(n):.1%}: that reaches {_TARGET_PCT}, but "
                             f"a smaller pool already does; find the smallest.")
              for n in range(_POOL_N + 1, POOL_HINTED_UP_TO + 1) if n != 40 and n != _POOL_N_INDEPENDENT),
            # any pool larger than 200: it meets the target, but the question asks for the smallest
            Hint((_LARGE_POOL_FROM + _LARGE_POOL_TO) / 2,
                 f"customers do save at least {_TARGET_PCT} (the saving only grows with n, towards "
                 f"{POOL_SAVING_LIMIT:.1%} at ρ = 0.2), but the question asks for the smallest such "
                 f"pool. {POOL_HINTED_UP_TO} customers already save "
                 f"{_pool_saving(POOL_HINTED_UP_TO):.1%}, so the answer is a whole number from 2 to "
                 f"{POOL_HINTED_UP_TO}: loop n upwards from 1 and stop at the first pool that reaches "
                 f"{_TARGET_PCT}.",
                 within=(_LARGE_POOL_TO - _LARGE_POOL_FROM) / 2, echo=True),
        ),
    ),
    "06.8": Plot.from_table(
        LEAD_TABLE, "when", "lead", x_kind="quarter", unit="share of the market", share=True,
        one_series=True,   # the question says "as one series"
        unit_words=("share",), what="AWS's lead over Microsoft", x_column="when",
        percent_words="percentage points",
        # r27e (06.8 #3): the x label says what the axis shows; "when" (the column's name) or "x" does not
        x_words=("year", "quarter", "time", "date", "period"),
        mistakes={
            "AWS_percent": "you drew the lecture's chart, AWS's share in percent; the question asks for "
                           "its lead over Microsoft, AWS's share minus Microsoft's, as a share (0 to 1).",
            "AWS": "you plotted AWS's own share, not its lead: subtract Microsoft's share from it "
                   "(wide[\"AWS\"] - wide[\"Microsoft\"]).",
            "Microsoft": "you plotted Microsoft's share, not AWS's lead over it: plot AWS's share "
                         "minus Microsoft's.",
            "reversed_lead": "your values are below zero: you plotted Microsoft's share minus AWS's. "
                             "The lead is AWS's share minus Microsoft's.",
            "lead_over_google": "you plotted AWS's lead over Google (AWS minus Google); the question "
                                "asks for its lead over Microsoft.",
            "Google": "you plotted Google's share; the question asks for AWS's share minus "
                      "Microsoft's.",
            "ratio": "you divided AWS's share by Microsoft's (a ratio); the lead is the difference, "
                     "AWS's share minus Microsoft's.",
        }),
    "06.9": Number(
        expected=float(FIRST_LOW_YEAR),
        unit="year",
        what="the year the first narrowing ended",
        year=True,
        kind="data",
        hints=(
            *(Hint(float(year), _LATER_LOW_TEXT)
              for year in sorted({q[0] for q in LATER_LOWS} - {FIRST_LOW_YEAR})),
            *([Hint(float(REBOUND[0]),
                    f"in {REBOUND[0]} the lead widened again (to {REBOUND_LEAD:.2f} in {_q(REBOUND)}); "
                    f"the first narrowing ended before it widened, at the lowest point. Each point sits "
                    f"at its quarter's midpoint, so a Q4 point lies just left of the next year's "
                    f"gridline: read the point's `year` in `wide`.")]
              if REBOUND[0] != FIRST_LOW_YEAR else []),
            *([Hint(float(FIRST_LOW_YEAR - 1),
                    f"in {FIRST_LOW_YEAR - 1} the lead was down to {float(_YEAR_BEFORE.min()):.2f}, but "
                    f"it went on narrowing after that: find the lowest point before it widened again.")]
              if len(_YEAR_BEFORE) else []),
            # each year between the widest lead and the year before the low: still narrowing (2021)
            *(Hint(float(year), f"in {year} the lead was {lead:.2f} and still narrowing: follow it "
                                f"down to its lowest point before it widened again.")
              for year, lead in _STILL_NARROWING.items()),
            *([Hint(float(LARGEST_LEAD_AT[0]),
                    f"that is where the lead was largest ({LARGEST_LEAD:.2f} in {_q(LARGEST_LEAD_AT)}), "
                    f"where the narrowing began; the question asks where it ended.")]
              if LARGEST_LEAD_AT[0] not in (FIRST_LOW_YEAR - 1, FIRST_LOW_YEAR) else []),
            Hint(FIRST_LOW_YEAR + (FIRST_LOW[1] - 0.5) / 4,
                 f"that is {_q(FIRST_LOW)}'s place on the time axis (`when`, its midpoint); the "
                 f"question asks for the calendar year, a whole number.",
                 within=0.2),
            Hint(float(int(LEAD_TABLE["year"].min()) - 1),
                 f"the table starts in {_q(_FIRST_QUARTER)}: that year is not on the chart."),
            Hint(float(int(LEAD_TABLE["year"].max()) + 1),
                 f"the table ends in {_q(_LAST_QUARTER)}: that year is not on the chart."),
            Hint(SMALLEST_LEAD, "that is the smallest lead itself, a share of the market; the "
                                "question asks for the year of the quarter where it was first reached.",
                 within=0.005),
            Hint(100 * SMALLEST_LEAD, "that is the smallest lead in percentage points; the question "
                                      "asks for the year of the quarter where it was first reached.",
                 within=0.5),
        ),
    ),
}
