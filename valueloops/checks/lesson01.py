"""Checks for lesson 01 (the flywheel): data, a model step, loop gain, a permanent push, a concept."""

from ..data import value
from ..flywheel import capped_path, loop_gain, push_multiplier
from .core import Choice, Function, Hint, Number


def _sales(year: int) -> float:
    return value("amazon_segments", "net_sales_musd", segment="Consolidated", year=year)


_S2023, _S2024 = _sales(2023), _sales(2024)
_GROWTH = _S2024 / _S2023 - 1


def _next_level(x: float, gain: float, push: float, capacity: float) -> float:
    """One step of the capped loop, from the package's model."""
    return float(capped_path(gain=gain, push=push, capacity=capacity, steps=1, start=x).iloc[-1])


def _no_cap(x, gain, push, capacity):
    return gain * x + push


def _cap_whole_level(x, gain, push, capacity):
    return (gain * x + push) * (1 - x / capacity)


def _change_only(x, gain, push, capacity):
    return ((gain - 1) * x + push) * (1 - x / capacity)


_LINKS = (1.2, 0.9, 0.95)
_RISE = 50 * push_multiplier(0.8)

CHECKS = {
    "01.1": Number(
        expected=_GROWTH,
        unit="share of 2023 net sales, between 0 and 1",
        what="Amazon's net sales growth in 2024",
        share=True,
        rel_tol=0.005,
        hints=(
            Hint(_S2024 / _S2023, "that is the ratio 2024/2023; growth is the ratio minus 1."),
            Hint(_S2023 / _S2024 - 1, "you divided 2023 by 2024; growth is (2024 / 2023) − 1."),
            Hint((_S2024 - _S2023) / 1000, "that is the increase in US$ billions; divide it by "
                                            "2023's sales to get a growth rate."),
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
    ),
    "01.3": Number(
        expected=loop_gain(_LINKS),
        unit="loop gain G, dimensionless",
        what="the loop gain",
        rel_tol=0.001,
        hints=(
            Hint(sum(_LINKS), "you added the links; around a loop the elasticities multiply."),
            Hint(sum(_LINKS) / 3, "that is the average link; G is the product of the links."),
            Hint(1.2 * 0.9, "you left out a link: multiply all three."),
        ),
    ),
    "01.4": Number(
        expected=_RISE,
        unit="thousand orders per quarter",
        what="the rise in the long-run level",
        rel_tol=0.001,
        hints=(
            Hint(50, "that is only the extra push itself; the loop multiplies it by 1/(1 − G)."),
            Hint(50 * 0.8 / (1 - 0.8), "that counts only the echoes coming back round the loop; "
                                       "add the push itself (Δu/(1 − G) in all)."),
            Hint(150 / (1 - 0.8), "that is the new long-run level; the question asks how much it "
                                  "rises from the old one (100 / (1 − G))."),
            Hint(50 * 0.8, "that is one trip round the loop (G·Δu); the echoes keep coming."),
        ),
    ),
    "01.5": Choice(
        correct="b",
        options={
            "a": "The flywheel has stopped reinforcing: its loop gain is now below 1.",
            "b": "It fits a reinforcing loop meeting a balancing loop, but the data cannot say "
                 "which limit it is.",
            "c": "Amazon's net sales will stop at US$ 887 billion, the capacity the fit gives.",
            "d": "Growth slowed because net sales fell after 2021.",
        },
        hints={
            "a": "slower growth is still growth: a percentage that shrinks while the level keeps "
                 "rising is what the S-curve shows while the loop still reinforces (G > 1).",
            "c": "the fit is descriptive: ten points, a pandemic year among them; it is not a "
                 "forecast.",
            "d": "net sales rose every year from 2014 to 2024; look at the table again.",
        },
    ),
}
