"""Checks for lesson 05 (built for peak): July's peak-to-average ratio, the idle cost written by hand,
the idle cost of another sizing, the lowest headroom for a loss target, the popular story, the
capacity the newsvendor rule gives, Amazon's capital spending from another base year, its share of
cash from operations drawn by the student (05.8, a plot) and the year that share fell most (05.9).

Expected values come from :mod:`valueloops.peak` with its default, seeded synthetic year
(``synthetic_demand()``, seed 2006), so they change only if the generator changes.
"""

import calendar
import math

import numpy as np

from ..data import load
from ..peak import buildout_measures, growth_multiple, size_capacity, synthetic_demand
from ..rounding import round_half_up
from .core import Choice, Function, Hint, Number
from .plot import Plot

_DEMAND = synthetic_demand()
_JULY = _DEMAND[_DEMAND.index.month == 7]
_AT_110 = size_capacity(_DEMAND, headroom=1.1, cost_per_server_hour=0.4)
_AT_120 = size_capacity(_DEMAND, headroom=1.2, cost_per_server_hour=0.4)


def _about_tens(x: float) -> str:
    """A server count rounded half up to the nearest ten, with a thousands separator."""
    return f"{math.floor(x / 10 + 0.5) * 10:,}"


# 05.5: at 1.1 × peak, the servers spare in every hour (capacity − peak), and three misreadings of the story
SPARE_AT_PEAK_110 = _AT_110.capacity - _AT_110.peak          # 421: the answer
SPARE_ON_AVERAGE_110 = _AT_110.capacity - _AT_110.mean_demand  # 3,482: an average hour's
OPTIONS_05_5 = {
    "a": f"About {_about_tens(SPARE_ON_AVERAGE_110)}, the servers spare in an average hour: enough to "
         "rent out all year, so AWS could start on capacity the store already owned.",
    "b": f"About {_about_tens(SPARE_AT_PEAK_110)}, the servers spare even in the busiest hour: a renter "
         "needs them in every hour, and AWS soon needed far more, so it ran on capacity of its own.",
    "c": f"About {_about_tens(SPARE_AT_PEAK_110)}, the servers spare even in the busiest hour: spare all "
         "year round, so the story holds: AWS grew on the store's leftover servers.",
    "d": "Most of them from January to October: the store needs its full capacity only in the "
         "holiday season, so it rents them out the rest of the year, as the story says.",
}
_LOSS_TARGET = 0.0003  # at most 0.03% of the year's demand lost


def _lowest_headroom(target: float = _LOSS_TARGET) -> float:
    """The lowest headroom on a grid of 0.01 that loses at most ``target`` of the year's demand."""
    for hundredths in range(50, 101):
        if size_capacity(_DEMAND, headroom=hundredths / 100).unserved_share <= target:
            return hundredths / 100
    return 1.0


_HEADROOM = _lowest_headroom()
_HEADROOM_TEN_TIMES = _lowest_headroom(10 * _LOSS_TARGET)   # 0.3% (0.003) for 0.03%: 0.74

_COST, _MARGIN = 0.5, 250.0  # 05.6: US$ per server-hour installed, margin per server-hour served
_RULE_SHARE = _COST / _MARGIN
_RULE_HEADROOM = float(np.quantile(_DEMAND, 1 - _RULE_SHARE) / _DEMAND.max())
_RULE_CAPACITY = float(np.quantile(_DEMAND, 1 - _RULE_SHARE))   # in servers (3,572.2)
_WRONG_TAIL = float(np.quantile(_DEMAND, _RULE_SHARE) / _DEMAND.max())   # the quantile at c/m: 0.12
LECTURE_MARGINS = (10.0, 100.0, 1000.0)
"""The margins (US$ per server-hour served) for which lecture section 4 prints the rule's capacity."""
_LECTURE_RULES = {m: float(np.quantile(_DEMAND, 1 - 0.5 / m) / _DEMAND.max()) for m in LECTURE_MARGINS}
_LECTURE_RULE = _LECTURE_RULES[10.0]  # the lecture's worked example, m = 10


def _other_months() -> tuple[tuple[float, str], ...]:
    """Each other month's peak-to-average ratio rounded to 05.1's two decimals, with the months that
    give it ("June or August"); a ratio that rounds like July's (the answer) is left out."""
    july = round(float(_JULY.max() / _JULY.mean()), 2)
    named: dict[float, list[str]] = {}
    for month in range(1, 13):
        hours = _DEMAND[_DEMAND.index.month == month]
        ratio = round(float(hours.max() / hours.mean()), 2)
        if month != 7 and ratio != july:
            named.setdefault(ratio, []).append(calendar.month_name[month])
    return tuple((ratio, " or ".join(names)) for ratio, names in named.items())


_OTHER_MONTHS = _other_months()


def _rule_loss(rule: float) -> float:
    """The share of the year's demand lost at a lecture rule's capacity, taken to the answer's grid
    (0.01): each such hint says it loses more than the 0.03% 05.4 allows."""
    lost = size_capacity(_DEMAND, headroom=round(rule, 2)).unserved_share
    assert lost > 0.0003, (rule, lost)
    return lost
_DEMAND_SHARE_RULE = next(k / 100 for k in range(50, 101)  # misreading c/m as a share of demand lost
                          if size_capacity(_DEMAND, headroom=k / 100).unserved_share <= _RULE_SHARE)

_BUILD = buildout_measures(load("amazon_cash_flow"))
_SALES = load("amazon_segments").pivot_table(index="year", columns="segment", values="net_sales_musd")
_FROM_2019 = growth_multiple(_BUILD["capex_incl_leases"], 2019, 2025)
_YEARLY_GROWTH = _FROM_2019 ** (1 / 6)   # the compound yearly factor, 2019 to 2025 (1.34)


def _written(value: float) -> tuple[float, ...]:
    """A value as a student may write it: exact, to one decimal and whole (a hint matches at the
    question's precision, which is far finer than these roundings)."""
    return tuple(dict.fromkeys((value, round(value, 1), float(round(value)))))


def _as_percent(ratio: float) -> tuple[float, ...]:
    """A ratio given ×100 as a student may write it (see _written)."""
    return _written(100 * ratio)


# 05.8-05.9 (issue 27): capital spending including principal repaid, as a share of cash from operations,
# by year (`capex_share` of the lecture's table), drawn by the student; then the year it fell most.
# Neighbouring series a student may draw instead are columns of the same table.
_SHARE_TABLE = _BUILD.reset_index().assign(
    cash_only_share=lambda t: t["net_capex"] / t["operating_cash_flow"],
    upside_down=lambda t: t["operating_cash_flow"] / t["capex_incl_leases"],
    fcf_share=lambda t: t["fcf_less_lease_principal"] / t["operating_cash_flow"],
    free_cash_flow_share=lambda t: t["free_cash_flow"] / t["operating_cash_flow"],
    per_free_cash_flow=lambda t: t["capex_incl_leases"] / t["free_cash_flow"],
    # r26a 05-e: the principal repaid alone, over cash from operations (0.22 in 2015)
    lease_principal_share=lambda t: t["lease_principal"] / t["operating_cash_flow"])
_CAPEX_SHARE = _BUILD["capex_share"]
_SHARE_CHANGE = _CAPEX_SHARE.diff().dropna()
_FELL_MOST = int(_SHARE_CHANGE.idxmin())          # 2023: from 1.42 to 0.62
_ROSE_MOST = int(_SHARE_CHANGE.idxmax())          # 2021: from 0.69 to 1.44
_FALLS = _SHARE_CHANGE[_SHARE_CHANGE < 0].sort_values()
_SECOND_FALL = int(_FALLS.index[1])               # 2018: from 0.82 to 0.62
_ABOVE_ONE = [int(y) for y in _CAPEX_SHARE.index[_CAPEX_SHARE > 1]]   # 2021 and 2022
assert _FELL_MOST - 1 in _ABOVE_ONE and _ROSE_MOST in _ABOVE_ONE, (_FELL_MOST, _ROSE_MOST, _ABOVE_ONE)


def _share(year: int) -> str:
    return f"{round_half_up(float(_CAPEX_SHARE[year]), 2):.2f}"


def _fall(year: int) -> str:
    """How far the share fell into ``year`` (2 decimals, half up as the course rounds)."""
    return f"{round_half_up(-float(_SHARE_CHANGE[year]), 2):.2f}"


_FIRST = int(_CAPEX_SHARE.index[0])               # 2015: no year before it
_FELL_ROW = int(list(_CAPEX_SHARE.index).index(_FELL_MOST))   # its row after reset_index() (8)
_LOWEST = int(_CAPEX_SHARE.idxmin())              # 2019: the chart's lowest point, a short fall
assert _LOWEST != _FELL_MOST and _SHARE_CHANGE[_LOWEST] < 0, _LOWEST
_NAMED_05_9 = {_FELL_MOST, _FELL_MOST - 1, _ROSE_MOST, _SECOND_FALL, _FELL_MOST + 1, _LOWEST, _FIRST}
_OTHER_YEARS = [int(y) for y in _CAPEX_SHARE.index if int(y) not in _NAMED_05_9]   # 2016, 2017, 2020, 2025


_HOURS = 8760  # hours in the (non-leap) year the lecture sizes for


def _idle_cost(mean_demand: float, peak_demand: float, headroom: float, cost_per_server_hour: float) -> float:
    """US$ a year paid for idle server-hours when capacity is headroom × peak and headroom ≥ 1:
    (capacity − mean) server-hours idle in each of the 8,760 hours, each at cost_per_server_hour."""
    return (headroom * peak_demand - mean_demand) * _HOURS * cost_per_server_hour


def _by_sizing(mean_demand: float, peak_demand: float, headroom: float, cost_per_server_hour: float) -> float:
    """The same cost from the package's size_capacity, on a year of hours with that mean and that
    peak (the peak hour, then equal hours that bring the mean down to ``mean_demand``)."""
    rest = (_HOURS * mean_demand - peak_demand) / (_HOURS - 1)
    hours = np.full(_HOURS, rest)
    hours[0] = peak_demand
    return size_capacity(hours, headroom=headroom, cost_per_server_hour=cost_per_server_hour).idle_cost


def _no_hours(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (headroom * peak_demand - mean_demand) * cost_per_server_hour


def _days(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (headroom * peak_demand - mean_demand) * 365 * cost_per_server_hour


def _leap_year(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (headroom * peak_demand - mean_demand) * 8784 * cost_per_server_hour


def _forgot_headroom(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (peak_demand - mean_demand) * _HOURS * cost_per_server_hour


def _installed_cost(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return headroom * peak_demand * _HOURS * cost_per_server_hour


def _utilization_times(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return mean_demand / (headroom * peak_demand) * headroom * peak_demand * _HOURS * cost_per_server_hour


def _idle_share_cost(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (1 - mean_demand / (headroom * peak_demand)) * _HOURS * cost_per_server_hour


def _utilization(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return mean_demand / (headroom * peak_demand)


def _idle_share(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return 1 - mean_demand / (headroom * peak_demand)


def _utilization_percent(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return 100 * _utilization(mean_demand, peak_demand, headroom, cost_per_server_hour)


def _idle_share_percent(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return 100 * _idle_share(mean_demand, peak_demand, headroom, cost_per_server_hour)


def _utilization_share_cost(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return mean_demand / (headroom * peak_demand) * _HOURS * cost_per_server_hour


def _wrong_sign(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (mean_demand - headroom * peak_demand) * _HOURS * cost_per_server_hour


def _per_day(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (headroom * peak_demand - mean_demand) * 24 * cost_per_server_hour


def _server_hours(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (headroom * peak_demand - mean_demand) * _HOURS


def _headroom_on_both(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return headroom * (peak_demand - mean_demand) * _HOURS * cost_per_server_hour


def _in_millions(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return _idle_cost(mean_demand, peak_demand, headroom, cost_per_server_hour) / 1e6


def _in_thousands(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return _idle_cost(mean_demand, peak_demand, headroom, cost_per_server_hour) / 1e3


def _spare_at_peak(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (headroom - 1) * peak_demand * _HOURS * cost_per_server_hour


CHECKS = {
    "05.1": Number(
        expected=float(_JULY.max() / _JULY.mean()),
        unit="busiest July hour ÷ average July hour, a ratio",
        what="July's peak-to-average ratio",
        decimals=2,
        kind="data",
        hints=(
            Hint(float(_DEMAND.max() / _DEMAND.mean()),
                 "that is the whole year's ratio (the lecture's); keep only the hours of July: "
                 "year.loc[year[\"month\"] == 7, \"demand_servers\"]."),
            Hint(float(_JULY.max() / _DEMAND.mean()),
                 "that divides July's busiest hour by the whole year's average hour; use July's "
                 "average: july.max() / july.mean()."),
            Hint(float(_JULY.mean() / _JULY.max()),
                 "that is average ÷ peak (the best possible utilization); the ratio asked is "
                 "peak ÷ average, above 1."),
            *(Hint(value, "that is July's busiest hour in servers; the ratio divides it by July's "
                          "average hour: july.max() / july.mean().")
              for value in _written(float(_JULY.max()))),
            *(Hint(value, "that is busiest minus average, in servers; the ratio divides: "
                          "july.max() / july.mean(), a plain number near 2.")
              for value in _written(float(_JULY.max() - _JULY.mean()))),
            Hint(float(_DEMAND.max() / _JULY.mean()),
                 f"that divides the whole year's busiest hour (Cyber Monday's, {_DEMAND.max():,.0f} "
                 "servers) by July's average hour: the average was taken over July, the peak was not. Take both "
                 "from July's hours: july.max() / july.mean()."),
            Hint(float(_JULY.max() / _JULY.median()),
                 "that divides by the median hour; the question asks for the mean (.mean())."),
            Hint(float(_JULY.resample("D").mean().max() / _JULY.mean()),
                 "that uses the busiest day's average; capacity must serve the busiest single hour: "
                 "take .max() of the hourly values."),
            *(Hint(value, "that is the ratio times 100, as if a percent; give the ratio itself, "
                          "peak ÷ average (about 2, not about 200).")
              for value in _as_percent(float(_JULY.max() / _JULY.mean()))),
            *(Hint(ratio, f"that is {names}'s ratio, another month's; keep only July's hours: "
                          "year.loc[year[\"month\"] == 7, \"demand_servers\"].")
              for ratio, names in _OTHER_MONTHS),
            # 2.2, the answer rounded to one decimal and cut off at two: the core names both
        ),
    ),
    "05.2": Function(
        reference=_idle_cost,
        cases=(dict(mean_demand=1000.0, peak_demand=4000.0, headroom=1.2, cost_per_server_hour=0.5),
               dict(mean_demand=50.0, peak_demand=80.0, headroom=1.0, cost_per_server_hour=2.0),
               dict(mean_demand=300.0, peak_demand=900.0, headroom=1.5, cost_per_server_hour=0.3)),
        unit="US$ a year",
        what="idle_cost",
        mistakes=(
            (_no_hours, "that is the cost of one hour; the store pays for its idle servers in every "
                        "one of the year's 8,760 hours: multiply by 8,760."),
            (_days, "that multiplies by 365 days; the cost is per server-hour, so multiply by the "
                    "year's 8,760 hours."),
            (_leap_year, "that uses a leap year's 8,784 hours; the lesson's year is 365 days, 8,760 "
                         "hours."),
            (_forgot_headroom, "capacity is headroom × peak, not the peak: the idle servers each hour "
                               "are headroom × peak − mean."),
            (_headroom_on_both, "that multiplies peak − mean by the headroom, so it scales the mean "
                                "too; only the peak is scaled: capacity is headroom × peak, and the "
                                "idle servers are headroom × peak − mean."),
            (_installed_cost, "that is the cost of everything installed; subtract the server-hours "
                              "that did work (the mean, every hour): (headroom × peak − mean)."),
            (_utilization_times, "that is the cost of the server-hours that did work (utilization × "
                                 "installed); the idle ones are the rest: (headroom × peak − mean)."),
            (_idle_share_cost, "that is the idle share, 1 − utilization, priced as if the store had "
                               "one server; multiply the idle servers, headroom × peak − mean, not "
                               "their share."),
            (_utilization, "that is the utilization, mean ÷ capacity: the share of installed "
                           "server-hours that did work. The question asks for the idle ones, and "
                           "for what they cost in US$ a year, not a share."),
            (_idle_share, "that is the idle share, 1 − utilization: a share of capacity, not a "
                          "cost. The question asks what the idle server-hours cost in US$ a year: "
                          "count the idle servers, then price each of the year's hours."),
            (_utilization_percent, "that is the utilization in percent (mean ÷ capacity × 100), the "
                                   "share of capacity used; the question asks for the cost of the "
                                   "idle capacity, in US$ a year."),
            (_idle_share_percent, "that is the idle share in percent ((1 − utilization) × 100); the "
                                  "question asks what the idle server-hours cost, in US$ a year, not "
                                  "a percent."),
            (_utilization_share_cost, "that prices the utilization, the share of capacity used, as if "
                                      "the store had one server; the question asks for the idle "
                                      "servers, all of them: count them, not a share."),
            (_per_day, "that multiplies by 24, the hours of one day: it is a day's idle cost; the "
                       "year has 8,760 hours, so multiply by 8,760."),
            (_server_hours, "that is the idle server-hours of the year, not their cost: multiply by "
                            "the cost of a server-hour."),
            (_in_millions, "that is in US$ millions; return US$ a year (the question's unit)."),
            (_in_thousands, "that is in US$ thousands; return US$ a year (the question's unit), "
                             "with no division by 1,000."),
            (_spare_at_peak, "that prices the servers spare on the busiest hour, capacity − peak = "
                             "(headroom − 1) × peak (section 6); idle servers are capacity minus each "
                             "hour's demand, on average headroom × peak − mean."),
            (_wrong_sign, "right size, wrong sign: that is mean − capacity, a negative cost; the idle "
                          "servers are capacity minus demand, headroom × peak − mean."),
        ),
        model=_by_sizing,
        rounded_within=0.03,  # an idle share near 0.4 cut to two decimals is off by up to 1.3%
        rounding_examples="8,760 written as 8,800, a utilization cut to two decimals, or "
                          "round(...) before return",
    ),
    "05.3": Number(
        expected=_AT_110.idle_cost / 1e6,
        unit="US$ millions a year",
        what="the yearly cost of idle capacity",
        decimals=1,
        hints=(
            Hint(_AT_110.idle_cost, "that is in dollars; give US$ millions (divide by 1e6)."),
            *(Hint(value, "that is in US$ thousands; give US$ millions (divide the dollars by 1e6, "
                          "not 1e3).")
              for value in _written(_AT_110.idle_cost / 1e3)),
            Hint(_AT_110.idle_cost / 1e9, "that is in US$ billions; the question asks for US$ "
                                          "millions (divide the dollars by 1e6, not 1e9)."),
            Hint(0.4 * _AT_110.capacity * 8760 / 1e6,
                 "that is the cost of all installed server-hours; count only the idle ones "
                 "(installed − served)."),
            Hint(_AT_110.idle_server_hours / 1e6,
                 "that is idle server-hours (in millions); multiply by US$0.40 each."),
            Hint(_AT_120.idle_cost / 1e6, "that is the lecture's headroom of 1.2; this store installs "
                                          "1.1 × peak."),
            Hint(_AT_110.idle_server_hours * 0.5 / 1e6, "that prices idle hours at the lecture's "
                                                        "US$0.50; this store pays US$0.40."),
            *(Hint(size_capacity(_DEMAND, headroom=k, cost_per_server_hour=0.5).idle_cost / 1e6,
                   f"that is the lecture's idle cost at headroom {k} and US$0.50; this store installs "
                   "1.1 × peak and pays US$0.40 a server-hour.")
              for k in (1.2, 1.0, 0.9, 0.8)),
        ),
    ),
    "05.4": Number(
        expected=_HEADROOM,
        unit="headroom, capacity as a multiple of the peak hour",
        what="the lowest headroom",
        decimals=2,
        grid=0.01,  # 0.855 rounds to 0.86 but loses 0.031%: only grid values are answers
        precision="as one of the grid's steps",   # r28c 05 #13: the question's words, not "two decimals"
        kind="explore",
        hints=(
            Hint(round(_HEADROOM - 0.01, 2), "one step too low: at that headroom more than 0.03% of "
                                            "the year's demand is lost; check unserved_share."),
            Hint(round(_HEADROOM + 0.01, 2), "one step too high: that headroom already loses less "
                                            "than 0.03%, and so does the next one down; the question "
                                            "asks for the lowest that still meets the target."),
            Hint(1.0, "at 1.0 nothing is lost at all; the question allows losing up to 0.03%, so "
                      "less capacity will do."),
            Hint(0.9, "0.9 loses only 0.012% (the lecture's table); you can go lower before losing "
                      "0.03%."),
            Hint(0.8, "0.8 loses 0.105% of the year's demand (the lecture's table), more than the "
                      "0.03% allowed."),
            Hint(1.2, "that is the lecture's headroom, which loses nothing; the question asks how low "
                      "it can go while losing at most 0.03%."),
            *(Hint(round(rule, 2), f"that is the lecture's newsvendor capacity at a margin of "
                                   f"US${m:,.0f}, and it loses {_rule_loss(rule):.3%} of the year's "
                                   "demand, more than the 0.03% allowed; this exercise sets a loss "
                                   "target, not a margin: find the lowest headroom that meets it.")
              for m, rule in _LECTURE_RULES.items() if round(rule, 1) != 0.9),  # 0.90: the 0.9 hint
            Hint(_HEADROOM_TEN_TIMES, "that meets a loss target of 0.3% (0.003), ten times the "
                                      "question's: 0.03% of the year's demand is 0.0003."),
            Hint(_HEADROOM * 100, "that is the headroom in percent of the peak; give it as a multiple "
                                  "of the peak (e.g. 0.75, not 75)."),
        ),
    ),
    "05.5": Choice(
        correct="b",
        options=OPTIONS_05_5,
        hints={
            "a": "an average hour's spare servers are needed back in the busy hours: a renter who "
                 "loses them every holiday season is no customer. What is spare in every hour is what "
                 "is spare at the busiest one: capacity − peak.",
            "c": "the count is right, the conclusion is not: a few hundred servers are no business, and "
                 "Amazon's own account (section 6) is that AWS burned through the store's spare "
                 "capacity within two months of launch and then ran on capacity built for it.",
            "d": "that rents servers by the season, but a renter needs them in every hour, the holiday "
                 "season too: servers taken back each November are the myth Vogels dispelled "
                 "(section 6). What is spare in every hour is capacity − peak.",
        },
    ),
    "05.6": Number(
        expected=_RULE_HEADROOM,
        unit="headroom, capacity as a multiple of the peak hour",
        what="the headroom the newsvendor rule gives",
        decimals=2,
        hints=(
            # 1 − c/m = 0.998 reads as 1.00 at two decimals (the 1.0 hint below): named only when
            # given at three decimals or more, so it comes first and matches narrowly
            Hint(1 - _RULE_SHARE, "that is the quantile level 1 − c/m; take the demand at that "
                                  "quantile and divide it by the peak hour.", within=0.0004999),
            *(Hint(hours, "that is the number of hours short the rule allows (8,760 × c/m); the "
                          "question asks for the capacity that leaves them, divided by the peak "
                          "hour.")
              for hours in _written(8760 * _RULE_SHARE)),
            Hint(_RULE_SHARE, "that is c/m, the share of hours short; capacity is the demand exceeded "
                              "in that share of hours: np.quantile(demand, 1 − c/m), then ÷ the peak."),
            Hint(1.0, f"that is the peak itself; the rule allows c/m = {_RULE_SHARE:.1%} of hours "
                      "short, so it sizes below it: np.quantile(demand, 1 − c/m) ÷ the peak."),
            Hint(_DEMAND_SHARE_RULE, "that caps the share of demand lost at c/m; the rule caps the "
                                     "share of hours short (a server earns in every hour demand "
                                     "exceeds capacity)."),
            *(Hint(round(rule, 2), f"that is the lecture's rule with a margin of US${m:,.0f}; this "
                                   "margin is US$250 a server-hour.")
              for m, rule in _LECTURE_RULES.items()),
            *(Hint(value, "that is in percent of the peak; give the multiple (e.g. 0.50, not 50).")
              for value in _as_percent(_RULE_HEADROOM)),
            # in servers, as computed (3,572.2) or as a whole number of servers (3,572)
            Hint(_RULE_CAPACITY, "that is the capacity in servers; divide by the peak hour for the "
                                 "headroom.", within=2.0),
            Hint(round(_RULE_HEADROOM, 1), "close: that is the answer rounded to one decimal (not "
                                           "the lecture's table headroom of 0.8); the question asks "
                                           "for two decimals, rounded half up."),
            # r31b 05 #3: the ratio upside down (peak ÷ capacity) and the capacity ÷ the average hour
            Hint(1 / _RULE_HEADROOM, "upside down: that is the peak hour ÷ the capacity; the headroom "
                                     "is the capacity ÷ the peak hour."),
            Hint(_RULE_CAPACITY / float(_DEMAND.mean()), "that divides the capacity by the average "
                                                         "hour; the headroom is a multiple of the "
                                                         "peak hour: divide by demand.max()."),
            Hint(_WRONG_TAIL, "that is the wrong tail: np.quantile(demand, c/m) is the demand that "
                              "all but c/m of the hours exceed, near the quietest hour; capacity is "
                              "exceeded in only c/m of the hours: np.quantile(demand, 1 − c/m) ÷ the "
                              "peak."),
            Hint(1.2, "that is the lecture's headroom, not the rule's; apply the rule with c = 0.50 "
                      "and m = 250."),
            # r24a #12: 0.86 itself (and what rounds to it from a hair above); 0.855, computed to
            # three decimals, falls through to the half-up rounding message
            Hint(_HEADROOM, "that is 05.4's answer, the lowest headroom for a 0.03% loss target; here "
                            f"the rule sets capacity from c/m = {_RULE_SHARE:.1%} of the hours: "
                            "np.quantile(demand, 1 − c/m) ÷ the peak.", within=0.004),
        ),
    ),
    "05.7": Number(
        expected=_FROM_2019,
        unit="times as large, 2025 ÷ 2019",
        what="the growth multiple of capital spending including principal repaid, 2019 to 2025",
        decimals=1,
        kind="data",
        hints=(
            Hint(growth_multiple(_BUILD["net_capex"], 2019, 2025),
                 "that is the cash-only measure (net_capex); the question counts the principal "
                 "repaid on finance leases and financing obligations too: capex_incl_leases."),
            Hint(growth_multiple(_BUILD["capex_incl_leases"], 2018, 2025),
                 "that is 2025 ÷ 2018: the base year is one year early (2018's capex_incl_leases, "
                 "US$19.1 billion); the question's base is 2019 (US$22.3 billion)."),
            # cash from operations, 2025 ÷ 2019 (3.62), lies within half a unit of 2024 ÷ 2019 (3.597):
            # named first, and only near its own value
            Hint(growth_multiple(_BUILD["operating_cash_flow"], 2019, 2025),
                 "that is the growth of cash from operations (operating_cash_flow), 2025 ÷ 2019; the "
                 "question asks about capital spending including the principal repaid on finance "
                 "leases and financing obligations: capex_incl_leases.", within=0.005),
            Hint(growth_multiple(_BUILD["capex_incl_leases"], 2020, 2025),   # r31b 05 #2
                 "that is 2025 ÷ 2020: the base year is one year late; the question's base is 2019."),
            Hint(growth_multiple(_BUILD["capex_incl_leases"], 2019, 2024),
                 "that is 2024 ÷ 2019: the end year is one year early (the table runs to 2025); "
                 "divide 2025's capex_incl_leases by 2019's."),
            Hint(growth_multiple(_BUILD["capex_incl_leases"], 2015, 2025),
                 "that is the lecture's multiple from 2015; divide by 2019 instead."),
            Hint(growth_multiple(_BUILD["net_capex"], 2015, 2025),
                 "that is the lecture's cash-only multiple from 2015; use capex_incl_leases and 2019."),
            Hint(float(_SALES.loc[2025, "AWS"] / _SALES.loc[2015, "AWS"]),
                 "that is the lecture's AWS sales multiple; the question asks about capital spending."),
            Hint(float(_SALES.loc[2025, "Consolidated"] / _SALES.loc[2015, "Consolidated"]),
                 "that is the lecture's multiple of Amazon's net sales; the question asks about "
                 "capital spending."),
            # one hint for both: 2019 ÷ 2025 (0.17) and lease principal's own ratio, 2025 ÷ 2019
            # (0.195), are the same to one decimal
            Hint(1 / _FROM_2019, "a multiple below 1 says spending fell: that is 2019 ÷ 2025 "
                                 "(upside down), or a column that did fall, such as lease_principal; "
                                 "divide 2025's capex_incl_leases by 2019's."),
            Hint(_FROM_2019 - 1, "that is the multiple minus 1 (how much was added, in units of "
                                 "2019's spending); the question asks how many times as large, "
                                 "2025 ÷ 2019 itself."),
            # r24a #14: every percent a student may write (582.7, 582.9, 583), not only the roundings
            Hint(100 * _FROM_2019, "that is the multiple times 100, 2025 as a percent of 2019; give the "
                                   "multiple itself, 2025 ÷ 2019.", within=0.5),
            Hint(100 * (_FROM_2019 - 1), "that is the percentage increase; the question asks how many "
                                         "times as large, 2025 ÷ 2019.", within=0.5),
            Hint(float(math.floor(_FROM_2019)),
                 "close: that is the multiple cut off (truncated) at the whole number; the question "
                 "asks for it rounded (half up) to one decimal."),
            *(Hint(value, "that is the yearly growth rate over the six years, (2025 ÷ 2019)^(1/6), "
                          "or that rate minus 1; the question asks for the multiple over the whole "
                          "period, 2025 ÷ 2019 itself.")
              for value in (_YEARLY_GROWTH, _YEARLY_GROWTH - 1, *_written(100 * (_YEARLY_GROWTH - 1)))),
        ),
    ),
    "05.8": Plot.from_table(
        _SHARE_TABLE, "year", "capex_share", unit="shares of cash from operations", share=True,
        one_series=True,   # the question says "draw it as one series"
        # "ratio" too: the shares reach 1.44, and a share above 1 is a ratio (review r21a, 05 item 3);
        # "share" also lets "fraction" and "proportion" pass (plot.SHARE_WORDS); r28c 05 #10: "times"
        # and "multiple" name a ratio too ("capital spending (times cash from operations)")
        unit_words=("share", "ratio", "times", "multiple"), abs_tol=0.005,   # values a student rounds to 2 decimals pass
        what="capital spending including principal repaid, as a share of cash from operations",
        mistakes={
            "cash_only_share": "you plotted cash-only spending (net_capex) ÷ cash from operations; the "
                               "question counts the principal repaid too: capex_share, that is "
                               "capex_incl_leases ÷ operating_cash_flow.",
            "upside_down": "your shares are upside down: cash from operations ÷ capital spending; plot "
                           "capital spending ÷ cash from operations (capex_share).",
            "fcf_share": "you plotted what was left (fcf_less_lease_principal) as a share of cash from "
                         "operations, that is 1 − the share asked; plot capex_share.",
            "free_cash_flow_share": "that is free cash flow as a share of cash from operations; plot "
                                    "capex_share, spending including principal ÷ cash from operations.",
            "per_free_cash_flow": "you divided by free cash flow; divide by cash from operations: "
                                  "capex_share, spending including principal ÷ cash from operations.",
            "lease_principal_share": "that is the principal repaid alone (lease_principal) as a share "
                                     "of cash from operations; plot capex_share, cash spending plus "
                                     "principal (capex_incl_leases) ÷ cash from operations.",
            "capex_incl_leases": "you plotted capital spending itself (capex_incl_leases, US$ billions), "
                                 "not its share: plot capex_share (spending ÷ cash from operations).",
            "net_capex": "you plotted cash-only capital spending (net_capex, US$ billions), not a share: "
                         "plot capex_share (spending including principal repaid ÷ cash from operations).",
            "operating_cash_flow": "you plotted cash from operations itself (US$ billions): plot "
                                   "capex_share, capital spending ÷ cash from operations.",
            "lease_principal": "you plotted the principal repaid (lease_principal, US$ billions), one part "
                               "of the spending: plot capex_share.",
            "fcf_less_lease_principal": "you plotted what was left, cash from operations less capital "
                                        "spending (fcf_less_lease_principal, US$ billions, the lecture's "
                                        "dotted line): plot capex_share.",
            "free_cash_flow": "you plotted Amazon's free cash flow (US$ billions), not a share: plot "
                              "capex_share.",
        }),
    "05.9": Number(
        expected=_FELL_MOST,
        unit="year",
        what="the year capital spending's share of cash from operations fell most",
        year=True,
        kind="data",
        hints=(
            Hint(_FELL_MOST - 1, f"in {_FELL_MOST - 1} the share barely moved ({_share(_FELL_MOST - 2)} "
                                 f"to {_share(_FELL_MOST - 1)}): spending still took more than all the "
                                 "cash from operations. Look for the longest step down, and date it "
                                 "by its lower point, the year the share fell to."),
            Hint(_ROSE_MOST, f"in {_ROSE_MOST} the share rose most ({_share(_ROSE_MOST - 1)} to "
                             f"{_share(_ROSE_MOST)}): the longest step up. The question asks for the "
                             "longest step down."),
            Hint(_SECOND_FALL, f"in {_SECOND_FALL} the share fell ({_share(_SECOND_FALL - 1)} to "
                               f"{_share(_SECOND_FALL)}), but another year's fall is about four times "
                               "as long: look for the longest step down."),
            Hint(_FELL_MOST + 1, f"in {_FELL_MOST + 1} the share rose again ({_share(_FELL_MOST)} to "
                                 f"{_share(_FELL_MOST + 1)}); look for the longest step down."),
            Hint(_LOWEST, f"in {_LOWEST} the share was at its lowest ({_share(_LOWEST)}), but it fell only "
                          f"{_fall(_LOWEST)} that year; the question asks for the year of the longest step "
                          "down, not the lowest point."),
            Hint(_FIRST, f"{_FIRST} has no year before it, so no step down ends there; look for the "
                         "longest step down (the year the share fell to)."),
            *(Hint(y, f"in {y} the share {'rose' if _SHARE_CHANGE[y] > 0 else 'fell'} ({_share(y - 1)} to "
                      f"{_share(y)}); look for the longest step down (the year the share fell to).")
              for y in _OTHER_YEARS),
            Hint(round(-float(_SHARE_CHANGE.min()), 2),
                 "that is the size of the largest fall (a share of cash from operations); the question "
                 "asks for the year it happened."),
            # r24a #11: the likeliest pandas slips and a share typed for the year
            Hint(round(float(_SHARE_CHANGE.min()), 2),
                 "that is the change itself (.diff().min(), negative): the question asks for the year "
                 "of that fall: use .idxmin().", within=0.005),
            Hint(_FELL_ROW, "that is a row number, not a year: after reset_index() idxmin() gives a "
                            "position; keep year as the index (buildout['capex_share'].diff().idxmin())."),
            *(Hint(y % 100, "give the year in full, four digits (e.g. 2016, not 16).")
              for y in _CAPEX_SHARE.index),
            Hint(float(_share(_FELL_MOST)), "that is a share (capital spending ÷ cash from operations), "
                                            "not a year: the question asks for the year in which the "
                                            "share fell most, the year of the longest step down.",
                 within=0.005),
            Hint(0.75, "that is a share (capital spending ÷ cash from operations), not a year: the "
                       "question asks for the year in which the share fell most.", within=0.75),
            *(Hint(round(100 * float(v)), "that looks like a share in percent (capital spending as a "
                                          "percent of cash from operations), not a year: the question "
                                          "asks for the year in which the share fell most.", within=0.5)
              for v in _CAPEX_SHARE),
        ),
    ),
}
