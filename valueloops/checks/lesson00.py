"""Checks for lesson 00 (start here): the tiny loop x[t+1] = G·x[t] + u with new numbers, its
inverse, how long it takes to settle, the loop written by hand, and what moves the level most."""

from ..flywheel import loop_path
from .core import Choice, Function, Hint, Number

_PATH_09 = loop_path(gain=0.9, push=100, steps=200)
_FIRST_90 = int((_PATH_09 >= 0.9 * 100 / (1 - 0.9)).idxmax())  # the first month at 90% of 1,000


def _level_after(gain: float, push: float, months: int) -> float:
    """Customers in month ``months`` of x[t+1] = G·x[t] + u from x[0] = 0."""
    x = 0.0
    for _ in range(months):
        x = gain * x + push
    return x


def _one_month_too_many(gain, push, months):
    return _level_after(gain, push, months + 1)


def _push_decays_too(gain, push, months):
    x = 0.0
    for _ in range(months):
        x = gain * (x + push)
    return x


def _package_path(gain, push, months):
    return float(loop_path(gain=gain, push=push, steps=months).iloc[-1])


CHECKS = {
    "00.1": Number(
        expected=50 / (1 - 0.8),
        unit="customers a month",
        what="the long-run level",
        decimals=0,
        hints=(Hint(50, "that is just the push u; the loop multiplies it by 1/(1 − G)."),
               Hint(50 * 0.8, "that is G·u, one trip round the loop; the level x solves x = G·x + u."),
               Hint(50 / 0.8, "you divided by G; the level is u/(1 − G)."),
               Hint(200, "200 is the lecture's shop (G = 0.5, u = 100); this shop keeps 80% and gets "
                         "50 a month.")),
    ),
    "00.2": Number(
        expected=1 - 40 / 250,
        unit="share of last month's customers kept, between 0 and 1",
        what="the share kept",
        share=True,
        decimals=2,
        hints=(Hint(40 / 250, "0.16 is 1 − G, the share lost; the question asks for the share kept."),
               Hint(250 / 40, "that is the multiplier 1/(1 − G); solve 250 = 40/(1 − G) for G.")),
    ),
    "00.3": Number(
        expected=_FIRST_90,
        unit="month number (month 0 is the start)",
        what="the first month at 90% of the long-run level",
        count=True,
        kind="explore",
        hints=(Hint(_FIRST_90 - 1, "in that month the path is still just under 900 (about 89%); the "
                                   "question asks for the first month at or above 900."),
               Hint(10, "1/(1 − G) = 10 is the multiplier, not a number of months; look at the path "
                        "month by month.")),
    ),
    "00.4": Function(
        reference=_level_after,
        cases=(dict(gain=0.5, push=100.0, months=3), dict(gain=0.8, push=50.0, months=10),
               dict(gain=1.0, push=20.0, months=7), dict(gain=1.2, push=10.0, months=5),
               dict(gain=0.5, push=100.0, months=0)),
        unit="customers a month",
        what="level_after",
        mistakes=(
            (_one_month_too_many, "one month too many: after 0 months the level is 0, after 1 month "
                                  "it is u; run the step `months` times."),
            (_push_decays_too, "you multiplied the new customers by G too; only last month's "
                               "customers are kept at the rate G: x = G·x + u."),
        ),
        model=_package_path,
    ),
    "00.5": Choice(
        correct="a",
        options={
            "a": "Raising G to 0.96: near G = 1 a small change in the gain moves 1/(1 − G) a lot.",
            "b": "Raising u by 10%: the push is what brings customers in, so it matters most.",
            "c": "Both raise the level by the same amount: each is a small change.",
            "d": "Neither: a loop that settles always settles at the same level.",
        },
        hints={
            "b": "u = 110 gives 110/0.05 = 2,200, while G = 0.96 gives 100/0.04 = 2,500: work out both.",
            "c": "compute both with u/(1 − G): 2,200 against 2,500. Near G = 1 the gain matters more.",
            "d": "the settled level is u/(1 − G): it moves with both u and G.",
        },
    ),
}
