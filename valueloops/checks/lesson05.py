"""Checks for lesson 05 (built for peak): the synthetic year, utilization, idle cost, lost demand.

Expected values come from :mod:`valueloops.peak` with its default, seeded synthetic year
(``synthetic_demand()``, seed 2006), so they change only if the generator changes.
"""

from ..peak import size_capacity, synthetic_demand
from .core import Choice, Function, Hint, Number

_DEMAND = synthetic_demand()
_DAILY_MEANS = _DEMAND.resample("D").mean()
_AT_120 = size_capacity(_DEMAND, headroom=1.2, cost_per_server_hour=0.5)
_AT_80 = size_capacity(_DEMAND, headroom=0.8)


def _utilization(mean_demand: float, peak_demand: float, headroom: float) -> float:
    return mean_demand / (headroom * peak_demand)


def _forgot_headroom(mean_demand: float, peak_demand: float, headroom: float) -> float:
    return mean_demand / peak_demand


def _times_headroom(mean_demand: float, peak_demand: float, headroom: float) -> float:
    return headroom * mean_demand / peak_demand


def _idle_share(mean_demand: float, peak_demand: float, headroom: float) -> float:
    return 1 - mean_demand / (headroom * peak_demand)


def _inverted(mean_demand: float, peak_demand: float, headroom: float) -> float:
    return headroom * peak_demand / mean_demand


CHECKS = {
    "05.1": Number(
        expected=float(_DEMAND.max() / _DEMAND.mean()),
        unit="peak hour ÷ average hour, a ratio",
        what="the peak-to-average ratio",
        hints=(
            Hint(float(_DEMAND.mean() / _DEMAND.max()),
                 "that is average ÷ peak (the best possible utilization); the ratio asked is "
                 "peak ÷ average, above 1."),
            Hint(float(_DAILY_MEANS.max() / _DEMAND.mean()),
                 "that uses the busiest day's average; the store must serve the busiest single "
                 "hour: take .max() of the hourly column."),
            Hint(float(_DEMAND.max() / _DEMAND.median()),
                 "that divides by the median hour; the question asks for the mean (.mean())."),
        ),
    ),
    "05.2": Function(
        reference=_utilization,
        cases=(dict(mean_demand=1000.0, peak_demand=4000.0, headroom=1.2),
               dict(mean_demand=50.0, peak_demand=80.0, headroom=1.0),
               dict(mean_demand=300.0, peak_demand=900.0, headroom=1.5)),
        unit="share of installed capacity used, between 0 and 1",
        mistakes=(
            (_forgot_headroom, "you divided by the peak; capacity is headroom × peak."),
            (_times_headroom, "headroom raises capacity, so it belongs in the denominator: "
                              "mean ÷ (headroom × peak)."),
            (_idle_share, "that is the idle share, 1 − utilization; return the share used."),
            (_inverted, "upside down: utilization is used ÷ installed, a share below 1."),
        ),
    ),
    "05.3": Number(
        expected=_AT_120.idle_cost / 1e6,
        unit="US$ millions per year",
        what="the yearly cost of idle capacity",
        hints=(
            Hint(_AT_120.idle_cost, "that is in dollars; give US$ millions (divide by 1e6)."),
            Hint(0.5 * _AT_120.capacity * 8760 / 1e6,
                 "that is the cost of all installed server-hours; count only the idle ones "
                 "(installed − served)."),
            Hint(_AT_120.idle_server_hours / 1e6,
                 "that is idle server-hours (in millions); multiply by US$0.50 each."),
            Hint(0.5 * (_AT_120.peak - _AT_120.mean_demand) * 8760 / 1e6,
                 "that sizes capacity at the peak itself; the question installs 1.2 × peak."),
        ),
    ),
    "05.4": Number(
        expected=_AT_80.unserved_share,
        unit="share of the year's demand, between 0 and 1",
        what="the share of demand lost",
        share=True,
        rel_tol=0.02,
        hints=(
            Hint(_AT_80.hours_short / 8760,
                 "that is the share of hours that run short; the question asks for the share of "
                 "demand (server-hours) lost: unserved_share."),
            Hint(0.2, "cutting capacity by 20% does not lose 20% of demand: only the few hours "
                      "above capacity lose anything."),
            Hint(1 - _AT_80.unserved_share, "that is the share served; give the share lost."),
        ),
    ),
    "05.5": Choice(
        correct="b",
        options={
            "a": "AWS rents out Amazon.com's idle servers outside the holiday season.",
            "b": "By Amazon's CTO's account the excess-capacity story is a myth: AWS would have "
                 "used up the store's spare capacity within about two months of launch.",
            "c": "AWS was started because the store's servers were always fully used.",
            "d": "AWS customers are moved off their servers every November so the store can "
                 "use them.",
        },
        hints={
            "a": "that is the popular story; Werner Vogels (Amazon CTO, 2010) called it a myth. "
                 "Who would serve AWS customers in November?",
            "c": "the lesson's model shows the opposite: a store sized for its peak idles most of "
                 "the year.",
            "d": "no cloud could sell that; customers need capacity in November too, which is why "
                 "leftovers are no business.",
        },
    ),
}
