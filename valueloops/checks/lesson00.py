"""Checks for lesson 00 (start here): one number, one share, one multiple choice."""

from ..flywheel import long_run_level
from .core import Choice, Hint, Number

CHECKS = {
    "00.1": Number(
        expected=long_run_level(gain=0.5, push=100),
        unit="customers per month",
        what="the long-run level",
        hints=(Hint(100, "that is just the push u; the loop multiplies it by 1/(1 − G)."),
               Hint(50, "that is G·u, one step of the loop; the level x solves x = G·x + u."),),
    ),
    "00.2": Number(
        expected=0.75,
        unit="share of last month's customers, between 0 and 1",
        what="the share kept",
        share=True,
        hints=(Hint(0.25, "0.25 is 1 − G, the share lost; the question asks for the share kept."),),
    ),
    "00.3": Choice(
        correct="c",
        options={"a": "G = 0.5", "b": "G = 0.99", "c": "G = 1.1", "d": "G = -0.5"},
        hints={
            "a": "with G = 0.5 each step keeps half: the path settles at u/(1 − G) = 2u.",
            "b": "G = 0.99 settles too, at 100u, but slowly: it looks explosive for a long time.",
            "d": "a negative G flips the sign each step: the path wobbles and settles (|G| < 1).",
        },
    ),
}
