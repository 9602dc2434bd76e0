"""Checks for lesson 10 (power and policy): fee estimates, HHI, lock-in, switching costs, a concept."""

import numpy as np

from ..data import value
from ..power import bargain_then_ripoff, hhi, sustainable_take_rate
from .core import Choice, Function, Hint, Number


def _fee(publisher: str, year: int) -> float:
    return value("fee_share", "share", publisher=publisher, year=year)


ILSR_RISE = _fee("ILSR", 2023) - _fee("ILSR", 2014)


def _hhi_unit_scale(shares):
    return float(np.sum(np.asarray(shares, float) ** 2))


def _hhi_no_square(shares):
    return float(np.sum(100 * np.asarray(shares, float)))


def _hhi_square_of_sum(shares):
    return float((100 * np.sum(np.asarray(shares, float))) ** 2)


HHI_CASES = (
    dict(shares=[0.30, 0.21, 0.12]),
    dict(shares=[1.0]),
    dict(shares=[0.5, 0.5]),
    dict(shares=[0.33, 0.23, 0.11, 0.05]),
)

_TAKE = dict(margin=0.5, outside_take=0.15, lost_share=0.6)
_RIPOFF = bargain_then_ripoff(cost=10, switching_cost=4, discount_factor=0.9)

CHECKS = {
    "10.1": Number(
        expected=ILSR_RISE,
        unit="share of seller revenue (a difference of two shares), between 0 and 1",
        what="the rise in ILSR's estimate",
        share=True,
        abs_tol=0.001,
        hints=(
            Hint(_fee("Marketplace Pulse", 2022) - _fee("ILSR", 2014),
                 "that mixes publishers: use ILSR's own 2014 and 2023 estimates (different sources "
                 "use different denominators)."),
            Hint(_fee("ILSR", 2021) - _fee("ILSR", 2014), "that stops at 2021; the question asks up to "
                 "ILSR's 2023 (first half) estimate."),
            Hint(_fee("ILSR", 2023) / _fee("ILSR", 2014), "that is a ratio; the question asks by how much "
                 "the share rose, a difference."),
        ),
    ),
    "10.2": Function(
        reference=hhi,
        cases=HHI_CASES,
        unit="HHI points (0–10,000)",
        what="your hhi",
        mistakes=(
            (_hhi_unit_scale, "that is the HHI on the 0–1 scale; the convention squares shares in "
                              "percent: multiply each share by 100 before squaring."),
            (_hhi_no_square, "you summed the shares without squaring them; the HHI is the sum of "
                             "squared shares (in percent)."),
            (_hhi_square_of_sum, "you squared the total; square each firm's share first, then add."),
        ),
    ),
    "10.3": Number(
        expected=sustainable_take_rate(**_TAKE),
        unit="share of the price, between 0 and 1",
        what="the sustainable take rate",
        share=True,
        hints=(
            Hint(0.6 * 0.5, "δ·m leaves out the outside channel: τ* = τ_out + δ·(m − τ_out)."),
            Hint(0.15 + (1 - 0.6) * (0.5 - 0.15), "you used the share of sales kept (1 − δ); the fee "
                 "rises with the share lost, δ."),
            Hint(0.5 - sustainable_take_rate(**_TAKE), "that is the margin the seller keeps, m − τ*; the "
                 "question asks for the fee."),
        ),
    ),
    "10.4": Number(
        expected=_RIPOFF.p1,
        unit="US$ per unit",
        what="the first-period price",
        hints=(
            Hint(_RIPOFF.p2, "that is the second-period (ripoff) price c + s; the question asks for the "
                 "first-period bargain."),
            Hint(10 - 4, "c − s leaves out the discount factor: next period's rent is worth β·s today."),
            Hint(10 + 0.9 * 4, "wrong direction: competition for the future rent pushes the first price "
                 "below cost, c − β·s."),
        ),
    ),
    "10.5": Choice(
        correct="c",
        options={
            "a": "Buyers, because they are the side that single-homes and so can walk away.",
            "b": "Nobody: with multihoming sellers, competition drives all fees to zero.",
            "c": "Sellers, because each platform has a monopoly over access to its single-homing buyers.",
            "d": "Both sides equally, because each side values the other.",
        },
        hints={
            "a": "single-homing buyers are the ones platforms compete for (and subsidise); a buyer who "
                 "uses one platform is hard to reach otherwise, so it is the sellers who pay to reach him.",
            "b": "competition happens on the buyers' side; for sellers, each platform is the only way to "
                 "its own buyers, so fees to sellers stay high.",
            "d": "Armstrong's point is the asymmetry: the multihoming side pays, the single-homing side "
                 "is courted.",
        },
    ),
}
