"""Checks for lesson 05 (built for peak): July's peak-to-average ratio, utilization written by hand,
the idle cost of another sizing, the lowest headroom for a loss target, and the popular story.

Expected values come from :mod:`valueloops.peak` with its default, seeded synthetic year
(``synthetic_demand()``, seed 2006), so they change only if the generator changes.
"""

import math

import numpy as np

from ..peak import size_capacity, synthetic_demand
from .core import Choice, Function, Hint, Number

_DEMAND = synthetic_demand()
_JULY = _DEMAND[_DEMAND.index.month == 7]
_AT_110 = size_capacity(_DEMAND, headroom=1.1, cost_per_server_hour=0.4)
_AT_120 = size_capacity(_DEMAND, headroom=1.2, cost_per_server_hour=0.4)
_LOSS_TARGET = 0.0003  # at most 0.03% of the year's demand lost


def _lowest_headroom(target: float = _LOSS_TARGET) -> float:
    """The lowest headroom on a grid of 0.01 that loses at most ``target`` of the year's demand."""
    for hundredths in range(50, 101):
        if size_capacity(_DEMAND, headroom=hundredths / 100).unserved_share <= target:
            return hundredths / 100
    return 1.0


_HEADROOM = _lowest_headroom()


def _utilization(mean_demand: float, peak_demand: float, headroom: float) -> float:
    return mean_demand / (headroom * peak_demand)


def _by_sizing(mean_demand: float, peak_demand: float, headroom: float) -> float:
    """The same share from the package's size_capacity, on hours with that mean and that peak (the
    peak hour, then equal hours that bring the mean down to ``mean_demand``)."""
    hours = math.ceil(peak_demand / mean_demand) + 1
    rest = (hours * mean_demand - peak_demand) / (hours - 1)
    return size_capacity(np.array([peak_demand] + [rest] * (hours - 1)), headroom=headroom).utilization


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
        expected=float(_JULY.max() / _JULY.mean()),
        unit="busiest July hour ÷ average July hour, a ratio",
        what="July's peak-to-average ratio",
        decimals=2,
        kind="data",
        hints=(
            Hint(float(_DEMAND.max() / _DEMAND.mean()),
                 "that is the whole year's ratio (the lecture's); keep only the hours of July "
                 "(demand.index.month == 7)."),
            Hint(float(_JULY.mean() / _JULY.max()),
                 "that is average ÷ peak (the best possible utilization); the ratio asked is "
                 "peak ÷ average, above 1."),
            Hint(float(_JULY.max() / _JULY.median()),
                 "that divides by the median hour; the question asks for the mean (.mean())."),
            Hint(float(_JULY.resample("D").mean().max() / _JULY.mean()),
                 "that uses the busiest day's average; capacity must serve the busiest single hour: "
                 "take .max() of the hourly values."),
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
        model=_by_sizing,
    ),
    "05.3": Number(
        expected=_AT_110.idle_cost / 1e6,
        unit="US$ millions a year",
        what="the yearly cost of idle capacity",
        decimals=1,
        hints=(
            Hint(_AT_110.idle_cost, "that is in dollars; give US$ millions (divide by 1e6)."),
            Hint(0.4 * _AT_110.capacity * 8760 / 1e6,
                 "that is the cost of all installed server-hours; count only the idle ones "
                 "(installed − served)."),
            Hint(_AT_110.idle_server_hours / 1e6,
                 "that is idle server-hours (in millions); multiply by US$0.40 each."),
            Hint(_AT_120.idle_cost / 1e6, "that is the lecture's headroom of 1.2; this store installs "
                                          "1.1 × peak."),
            Hint(_AT_110.idle_server_hours * 0.5 / 1e6, "that prices idle hours at the lecture's "
                                                        "US$0.50; this store pays US$0.40."),
        ),
    ),
    "05.4": Number(
        expected=_HEADROOM,
        unit="headroom, capacity as a multiple of the peak hour",
        what="the lowest headroom",
        decimals=2,
        kind="explore",
        hints=(
            Hint(round(_HEADROOM - 0.01, 2), "one step too low: at that headroom more than 0.03% of "
                                            "the year's demand is lost; check unserved_share."),
            Hint(1.0, "at 1.0 nothing is lost at all; the question allows losing up to 0.03%, so "
                      "less capacity will do."),
            Hint(0.9, "0.9 loses only 0.012% (the lecture's table); you can go lower before losing "
                      "0.03%."),
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
