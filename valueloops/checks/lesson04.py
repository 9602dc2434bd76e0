"""Checks for lesson 04 (the data loop): reading the race, the accuracy curve, data needed, a concept."""

import math

import numpy as np

from ..dataloop import accuracy, data_race
from .core import Choice, Function, Hint, Number

_RACE = data_race(data_scale=300, start_share=0.8, horizon=40)


def _reference_accuracy(data: float, data_scale: float, ceiling: float) -> float:
    return float(accuracy(data, data_scale=data_scale, ceiling=ceiling))


def _without_one_minus(data: float, data_scale: float, ceiling: float) -> float:
    return ceiling * math.exp(-data / data_scale)


def _without_ceiling(data: float, data_scale: float, ceiling: float) -> float:
    return 1.0 - math.exp(-data / data_scale)


def _times_not_divided(data: float, data_scale: float, ceiling: float) -> float:
    return ceiling * (1.0 - math.exp(-data * data_scale))


CHECKS = {
    "04.1": Number(
        expected=float(_RACE.peak_period),
        unit="quarter number (period index, 0 = start)",
        what="the quarter in which the share gap peaks",
        abs_tol=0.2,  # a whole quarter: 19 passes, 20 does not
        hints=(
            Hint(float(_RACE.peak_period + 1), "off by one: the path's index starts at quarter 0; "
                                               "use .idxmax() on the gap column."),
            Hint(float(_RACE.path["gap"].max()), "that is the size of the peak gap; the question "
                                                 "asks in which quarter it happens (.idxmax())."),
            Hint(float(np.argmax(_RACE.path["share_entrant"].to_numpy())),
                 "that is where the entrant's share peaks; use the gap column."),
        ),
    ),
    "04.2": Function(
        reference=_reference_accuracy,
        cases=({"data": 100.0, "data_scale": 100.0, "ceiling": 0.8},
               {"data": 50.0, "data_scale": 300.0, "ceiling": 0.9},
               {"data": 2000.0, "data_scale": 500.0, "ceiling": 0.6},
               {"data": 0.0, "data_scale": 10.0, "ceiling": 0.8}),
        unit="accuracy, a share",
        mistakes=(
            (_without_one_minus, "accuracy must rise with data: use ceiling·(1 − e^(−D/k)), not "
                                 "ceiling·e^(−D/k)."),
            (_without_ceiling, "multiply by the ceiling: 1 − e^(−D/k) alone tends to 1, not to the "
                               "ceiling."),
            (_times_not_divided, "the exponent is −D/k (data divided by the data scale), not −D·k."),
        ),
    ),
    "04.3": Number(
        expected=300 * math.log(10),
        unit="thousand purchases",
        what="the data needed to reach 90% of the ceiling",
        rel_tol=0.01,
        hints=(
            Hint(300 * math.log(1 / 0.9), "that reaches only 10% of the ceiling: solve "
                                          "1 − e^(−D/k) = 0.9, so e^(−D/k) = 0.1."),
            Hint(0.9 * 300, "accuracy is not linear in data: solve 1 − e^(−D/k) = 0.9 for D."),
            Hint(math.log(10), "that is D/k; multiply by the data scale k = 300."),
        ),
    ),
    "04.4": Choice(
        correct="b",
        options={
            "a": "Weak diminishing returns (a large data scale k).",
            "b": "Strong diminishing returns (a small data scale k).",
            "c": "Shoppers who follow the better experience more strongly (a larger sensitivity λ).",
            "d": "A bigger head start for the incumbent.",
        },
        hints={
            "a": "with a large k accuracy keeps rising with data, so the incumbent's extra data "
                 "keeps buying it extra shoppers: the gap widens (try k = 3,000 in the widget).",
            "c": "a larger λ turns the same accuracy edge into a larger share edge: it helps the "
                 "incumbent, not the entrant.",
            "d": "a bigger head start makes the gap larger at every k; it never helps the entrant.",
        },
    ),
}
