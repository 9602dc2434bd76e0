"""Checks for lesson 04 (the data loop): the peak of another race, the data needed for a target
accuracy written by hand, the data for 99% of the ceiling, what lets an entrant catch up, and a
race with a smaller head start."""

import math

from ..dataloop import accuracy, data_race
from .core import Choice, Function, Hint, Number

_RACE_200 = data_race(data_scale=200, start_share=0.8, horizon=40)
_RACE_300 = data_race(data_scale=300, start_share=0.8, horizon=40)
_SMALL_LEAD = data_race(data_scale=1000, start_share=0.6, horizon=40)
_LECTURE = data_race(data_scale=1000, start_share=0.8, horizon=40)


def _data_needed(target: float, data_scale: float, ceiling: float) -> float:
    """Thousand purchases D with ceiling·(1 − e^(−D/k)) = target."""
    return -data_scale * math.log(1.0 - target / ceiling)


def _without_ceiling(target, data_scale, ceiling):
    return -data_scale * math.log(1.0 - target)


def _divided_by_scale(target, data_scale, ceiling):
    return -math.log(1.0 - target / ceiling) / data_scale


def _log_of_share(target, data_scale, ceiling):
    return -data_scale * math.log(target / ceiling)


def _by_search(target: float, data_scale: float, ceiling: float) -> float:
    """The same number found by bisection on the package's accuracy curve."""
    low, high = 0.0, 1.0
    while float(accuracy(high, data_scale=data_scale, ceiling=ceiling)) < target:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if float(accuracy(mid, data_scale=data_scale, ceiling=ceiling)) < target else (low, mid)
    return (low + high) / 2


CHECKS = {
    "04.1": Number(
        expected=float(_RACE_200.peak_period),
        unit="quarter number (period index, 0 = start)",
        what="the quarter in which the share gap peaks",
        count=True,
        kind="explore",
        hints=(
            Hint(float(_RACE_200.peak_period + 1), "off by one: the path's index starts at quarter 0; "
                                                   "use .idxmax() on the gap column."),
            Hint(float(_RACE_300.peak_period), "that is the lecture's race with k = 300; run the race "
                                               "with data_scale=200."),
        ),
    ),
    "04.2": Function(
        reference=_data_needed,
        cases=({"target": 0.4, "data_scale": 100.0, "ceiling": 0.8},
               {"target": 0.72, "data_scale": 300.0, "ceiling": 0.8},
               {"target": 0.3, "data_scale": 50.0, "ceiling": 0.6},
               {"target": 0.5, "data_scale": 1000.0, "ceiling": 0.9}),
        unit="thousand purchases",
        what="data_needed",
        mistakes=(
            (_without_ceiling, "the target is an accuracy, the curve tends to the ceiling: solve "
                               "ceiling·(1 − e^(−D/k)) = target, so D = −k·ln(1 − target/ceiling)."),
            (_divided_by_scale, "the exponent is −D/k, so D = −k·ln(…): multiply by k, do not divide."),
            (_log_of_share, "e^(−D/k) equals 1 − target/ceiling (what is still missing), not "
                            "target/ceiling."),
        ),
        model=_by_search,
    ),
    "04.3": Number(
        expected=500 * math.log(100),
        unit="thousand purchases",
        what="the data needed to reach 99% of the ceiling",
        decimals=0,
        hints=(
            Hint(500 * math.log(100) * 1000, "that is in purchases; the question asks for thousand "
                                             "purchases (divide by 1,000)."),
            Hint(500 * math.log(10), "that is 90% of the ceiling (k·ln 10); 99% needs "
                                     "e^(−D/k) = 0.01, so D = k·ln 100."),
            Hint(500 * math.log(1 / 0.99), "far too little: that reaches only 1% of the ceiling, "
                                           "or is D/k without the factor k. Solve 1 − e^(−D/k) = 0.99: "
                                           "e^(−D/k) = 0.01, D = k·ln 100."),
            Hint(0.99 * 500, "accuracy is not linear in data: solve 1 − e^(−D/k) = 0.99 for D."),
        ),
    ),
    "04.4": Choice(
        correct="c",
        options={
            "a": "Weak diminishing returns (a large data scale k).",
            "b": "Shoppers who follow the better experience more strongly (a larger sensitivity λ).",
            "c": "Strong diminishing returns (a small data scale k).",
            "d": "A bigger head start for the incumbent.",
        },
        hints={
            "a": "with a large k accuracy keeps rising with data, so the incumbent's extra data "
                 "keeps buying it extra shoppers: the gap widens (try k = 3,000 in the widget).",
            "b": "a larger λ turns the same accuracy edge into a larger share edge: it helps the "
                 "incumbent, not the entrant.",
            "d": "a bigger head start makes the gap larger at every k; it never helps the entrant.",
        },
    ),
    "04.5": Number(
        expected=_SMALL_LEAD.end_gap,
        unit="share gap (incumbent's share − entrant's share), between 0 and 1",
        what="the share gap after 40 quarters",
        share=True,
        decimals=2,
        kind="explore",
        hints=(
            Hint(_SMALL_LEAD.start_gap, "that is the gap at the start (quarter 0); the question asks "
                                        "for quarter 40."),
            Hint(_LECTURE.end_gap, "that is the lecture's race with a head start of 0.8; start the "
                                   "incumbent at 0.6."),
            Hint(float(_SMALL_LEAD.path["share_incumbent"].iloc[-1]),
                 "that is the incumbent's share; the gap is its share minus the entrant's."),
        ),
    ),
}
