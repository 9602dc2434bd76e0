"""Checks for lesson 08 (scale and frugality): AWS margins, Wright's curve, average cost, shared
savings and Bass adoption.

Expected values come from the course data (``load("amazon_segments")``) and the package's models.
"""

import math

from ..adoption import bass_peak_time
from ..data import load
from ..scale import average_cost, scale_path, segment_margins, wright_unit_cost
from .core import Choice, Function, Hint, Number

_MARGINS = segment_margins(load("amazon_segments")).set_index(["segment", "year"])
_AWS_2024 = float(_MARGINS.loc[("AWS", 2024), "operating_margin"])
_AWS_2023 = float(_MARGINS.loc[("AWS", 2023), "operating_margin"])
_AMZN_2024 = float(_MARGINS.loc[("Consolidated", 2024), "operating_margin"])
_AWS_OF_TOTAL = float(_MARGINS.loc[("AWS", 2024), "operating_income_bn"]
                      / _MARGINS.loc[("Consolidated", 2024), "net_sales_bn"])

_ALL_PASSED = scale_path(pass_through=1.0)
_DEFAULT = scale_path()


def _rising(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * units ** (-math.log2(learning_rate))


def _natural_log(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * units ** math.log(learning_rate)


def _per_unit(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * learning_rate ** units


def _per_unit_after_first(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * learning_rate ** (units - 1)


CHECKS = {
    "08.1": Number(
        expected=_AWS_2024,
        unit="share of AWS net sales, between 0 and 1",
        what="AWS's 2024 operating margin",
        share=True,
        hints=(
            Hint(_AMZN_2024, "that is Amazon's consolidated margin; use the rows where segment is "
                             "'AWS'."),
            Hint(_AWS_OF_TOTAL, "you divided AWS's operating income by Amazon's total net sales; "
                                "divide by AWS's own net sales."),
            Hint(_AWS_2023, "that is 2023; the question asks for 2024."),
        ),
    ),
    "08.2": Function(
        reference=wright_unit_cost,
        cases=(dict(units=2, first_unit_cost=100.0, learning_rate=0.8),
               dict(units=8, first_unit_cost=50.0, learning_rate=0.9),
               dict(units=1000, first_unit_cost=100.0, learning_rate=0.85)),
        unit="US$ per unit",
        mistakes=(
            (_rising, "your cost rises with volume: the exponent is log2(learning_rate), which is "
                      "negative (b = −log2(rate), cost = C1·x^(−b))."),
            (_natural_log, "use a base-2 logarithm (math.log2): the learning rate is the cost left "
                           "per *doubling*."),
            (_per_unit, "that cuts the cost at every unit; Wright's curve cuts it at every doubling "
                        "of cumulative units: x^log2(rate)."),
            (_per_unit_after_first, "that cuts the cost at every unit after the first; Wright's "
                                    "curve cuts it at every doubling: x^log2(rate)."),
        ),
    ),
    "08.3": Number(
        expected=average_cost(fixed_cost=120e6, variable_cost=0.02, quantity=10e9),
        unit="US$ per unit",
        what="the average cost per unit",
        hints=(
            Hint(120e6 / 10e9, "that is the fixed cost per unit only; add the variable cost v."),
            Hint(0.02, "that is the variable cost only; add the fixed cost spread over the volume, "
                       "F/Q."),
            Hint(120 / 10 + 0.02, "check the units: 120 million dollars over 10 billion units; "
                                  "write both in the same units (120e6 / 10e9)."),
        ),
    ),
    "08.4": Number(
        expected=float(_ALL_PASSED["margin"].iloc[-1]),
        unit="share of the price, between 0 and 1",
        what="the year-12 operating margin with every saving passed on",
        share=True,
        hints=(
            Hint(float(_ALL_PASSED["margin"].iloc[0]),
                 "that is year 1; take the last year (.iloc[-1] or .loc[12])."),
            Hint(float(_DEFAULT["margin"].iloc[-1]),
                 "that is the default pass-through of 0.9; set pass_through=1.0."),
            Hint(0.0, "passing on every saving keeps the dollar margin per unit, not zero margin."),
        ),
    ),
    "08.5": Choice(
        correct="b",
        options={
            "a": "The operating margin (as a percent of price) stays the same every year.",
            "b": "The dollar margin per unit stays the same, so the percent margin rises as the "
                 "price falls.",
            "c": "The margin falls to zero: all of the saving goes to customers.",
            "d": "The price falls faster than the average cost.",
        },
        hints={
            "a": "the dollar gap price − cost stays fixed, but the price it is divided by falls: "
                 "try scale_path(pass_through=1.0)['margin'].",
            "c": "only the *saving* is passed on; the margin the firm had in year 1 stays.",
            "d": "with full pass-through price and cost fall by the same dollars each year, not "
                 "faster.",
        },
    ),
    "08.6": Number(
        expected=bass_peak_time(p=0.03, q=0.38),
        unit="years after launch",
        what="the year adoption grows fastest",
        hints=(
            Hint(math.log(0.38 / 0.03), "you forgot to divide by p + q."),
            Hint(math.log(0.38 / 0.03) / (0.38 - 0.03), "divide by p + q, not q − p."),
            Hint(math.log10(0.38 / 0.03) / 0.41, "use the natural logarithm (math.log), not "
                                                 "log10."),
        ),
    ),
}
