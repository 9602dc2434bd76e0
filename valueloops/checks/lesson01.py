"""Checks for lesson 01 (the flywheel): AWS's growth rate, a step of the capped loop, the link that
makes G = 1, when the S-curve passes three quarters of its capacity, the push a target needs, a concept."""

from ..data import value
from ..flywheel import capped_path, loop_gain, loop_path
from .core import Choice, Function, Hint, Number


def _aws(year: int) -> float:
    return value("amazon_segments", "net_sales_musd", segment="AWS", year=year)


def _consolidated(year: int) -> float:
    return value("amazon_segments", "net_sales_musd", segment="Consolidated", year=year)


_RATIO = _aws(2024) / _aws(2015)
_AWS_CAGR = 100 * (_RATIO ** (1 / 9) - 1)
_AWS_MEAN = 100 * sum(_aws(y) / _aws(y - 1) - 1 for y in range(2016, 2025)) / 9


def _next_level(x: float, gain: float, push: float, capacity: float) -> float:
    """One step of the capped loop, from the package's model."""
    return float(capped_path(gain=gain, push=push, capacity=capacity, steps=1, start=x).iloc[-1])


def _no_cap(x, gain, push, capacity):
    return gain * x + push


def _cap_whole_level(x, gain, push, capacity):
    return (gain * x + push) * (1 - x / capacity)


def _change_only(x, gain, push, capacity):
    return ((gain - 1) * x + push) * (1 - x / capacity)


_THREE = (1.2, 0.85, 1.1)
_CAPPED = capped_path(gain=loop_gain((1.1, 1.0, 1.0)), push=10, capacity=1000, steps=40, start=50)
_FREE = loop_path(gain=loop_gain((1.1, 1.0, 1.0)), push=10, steps=40, start=50)
_THREE_QUARTERS_K = int((_CAPPED >= 750).idxmax())

CHECKS = {
    "01.1": Number(
        expected=_AWS_CAGR,
        unit="percent a year",
        what="AWS's compound annual growth rate 2015-2024",
        percent=True,
        decimals=1,
        kind="data",
        hints=(
            Hint(100 * (_RATIO ** (1 / 10) - 1), "2015 to 2024 is 9 years of growth, not 10: take "
                                                 "the 9th root of the ratio (n − 1, not n)."),
            Hint(_AWS_MEAN, "that is the average of the yearly growth rates; the compound rate g "
                            "solves (1 + g)^9 = 2024 ÷ 2015."),
            Hint(100 * ((_consolidated(2024) / _consolidated(2015)) ** (1 / 9) - 1),
                 "that is the whole company (Consolidated); keep the AWS rows."),
            Hint(100 * (_RATIO - 1), "that is the growth over the whole nine years; the question asks "
                                     "for the rate per year."),
        ),
    ),
    "01.2": Function(
        reference=_next_level,
        cases=(dict(x=100.0, gain=1.3, push=10.0, capacity=1000.0),
               dict(x=900.0, gain=1.3, push=10.0, capacity=1000.0),
               dict(x=50.0, gain=0.8, push=10.0, capacity=500.0)),
        unit="thousand orders",
        what="next_level",
        mistakes=(
            (_no_cap, "that is the plain loop G·x + u: the balancing loop is missing; multiply "
                      "the step (G − 1)·x + u by (1 − x/K)."),
            (_cap_whole_level, "you shrank the whole level by (1 − x/K); only the step "
                               "(G − 1)·x + u shrinks, and it is added to x."),
            (_change_only, "that is the change from x to the next level; add it to x."),
        ),
        model=_next_level,
    ),
    "01.3": Number(
        expected=1 / loop_gain(_THREE),
        unit="marginal effect of the fourth link",
        what="the fourth link",
        decimals=2,
        hints=(
            Hint(loop_gain(_THREE), "that is G of the first three links; the fourth link e4 must make "
                                    "the product 1: e4 = 1 ÷ (1.2 × 0.85 × 1.1)."),
            Hint(1 - (loop_gain(_THREE) - 1), "you subtracted the excess; around a loop the links "
                                              "multiply, so divide: e4 = 1 ÷ G3."),
            Hint(4 - sum(_THREE), "the links do not add up to a total; their product is G."),
        ),
    ),
    "01.4": Number(
        expected=_THREE_QUARTERS_K,
        unit="quarter number (quarter 0 is the start)",
        what="the first quarter at three quarters of the capacity",
        count=True,
        kind="explore",
        hints=(
            Hint(int((_FREE >= 750).idxmax()), "that is the path without a limit; with the balancing "
                                               "loop growth slows as x nears K, so it takes longer."),
            Hint(_THREE_QUARTERS_K - 1, "in that quarter the capped path is still just under 750; the question "
                              "asks for the first quarter at or above 750."),
        ),
    ),
    "01.5": Number(
        expected=(520 - 400) * (1 - 0.85),
        unit="thousand orders a quarter",
        what="the rise in the push",
        decimals=1,
        hints=(
            Hint(120.0, "that is the rise in the level; the loop multiplies a push by 1/(1 − G), so the "
                        "push needed is smaller: Δu = Δx·(1 − G)."),
            Hint(120 * 0.85, "you multiplied by G; the push needed is Δx·(1 − G)."),
            Hint(120 / (1 - 0.85), "that is what a push of 120 would do; go the other way: "
                                   "Δu = Δx·(1 − G)."),
            Hint(520 * (1 - 0.85), "that is the new push itself (520·(1 − G)); the question asks how much "
                                   "it must rise from today's 400·(1 − G)."),
        ),
    ),
    "01.6": Choice(
        correct="d",
        options={
            "a": "The flywheel has stopped reinforcing: its loop gain is now below 1.",
            "b": "Amazon's net sales will stop near US$ 887 billion, the capacity the fit gives.",
            "c": "Growth slowed because net sales fell after 2021.",
            "d": "It fits a reinforcing loop meeting a balancing loop, but the data cannot say "
                 "which limit it is.",
        },
        hints={
            "a": "slower growth is still growth: a percentage that shrinks while the level keeps "
                 "rising is what the S-curve shows while the loop still reinforces (G > 1).",
            "b": "the fit is descriptive: ten points, a pandemic year among them; it is not a "
                 "forecast.",
            "c": "net sales rose every year from 2014 to 2024; look at the table again.",
        },
    ),
}
