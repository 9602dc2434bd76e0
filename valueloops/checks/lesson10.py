"""Checks for lesson 10 (power and policy): fee estimates, HHI, the lock-in that a fee reveals,
the ripoff a bargain implies, the competitive bottleneck, and how much multihoming brings the fee
down to a level a cap would set."""

import numpy as np

from ..data import value
from ..power import hhi, policy_outcome
from .core import Choice, Function, Hint, Number


def _fee(publisher: str, year: int) -> float:
    return value("fee_share", "share", publisher=publisher, year=year)


ILSR_RISE = _fee("ILSR", 2023) - _fee("ILSR", 2014)
ILSR_FACTOR = _fee("ILSR", 2023) / _fee("ILSR", 2014)


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

# 10.3: the lost share δ at which a seller is indifferent to a fee τ: δ = (τ − τ_out)/(m − τ_out)
LOCK = dict(margin=0.45, outside_take=0.12, fee=0.30)
LOST_SHARE = (LOCK["fee"] - LOCK["outside_take"]) / (LOCK["margin"] - LOCK["outside_take"])

# 10.4: a first-period price of 7 at cost 10 and β = 0.9 implies s = (c − p1)/β; ripoff p2 = c + s
RIPOFF = dict(cost=10.0, first_price=7.0, discount_factor=0.9)
SWITCHING_COST = (RIPOFF["cost"] - RIPOFF["first_price"]) / RIPOFF["discount_factor"]
SECOND_PRICE = RIPOFF["cost"] + SWITCHING_COST

# 10.6: the smallest multihoming share (steps of 0.01) that brings the fee to 30% or less
POLICY = dict(margin=0.6, outside_take=0.15, lost_share=0.7)
FEE_TARGET = 0.30
_STEPS = [round(0.01 * k, 2) for k in range(101)]
MULTIHOMING = next(mu for mu in _STEPS
                   if policy_outcome(**POLICY, multihoming=mu).take_rate <= FEE_TARGET + 1e-12)
_EXACT_MULTIHOMING = 1 - (FEE_TARGET - POLICY["outside_take"]) / (
    POLICY["margin"] - POLICY["outside_take"]) / POLICY["lost_share"]


CHECKS = {
    "10.1": Number(
        expected=ILSR_FACTOR,
        unit="times (2023 ÷ 2014), a ratio",
        what="the growth factor of ILSR's estimate",
        decimals=2,
        kind="data",
        hints=(
            Hint(ILSR_RISE, "that is the rise in percentage points (a difference); the question asks "
                 "how many times as large, a ratio."),
            Hint(_fee("Marketplace Pulse", 2022) / _fee("ILSR", 2014),
                 "that mixes publishers: use ILSR's own 2014 and 2023 estimates (different sources "
                 "use different denominators)."),
            Hint(_fee("ILSR", 2021) / _fee("ILSR", 2014), "that stops at 2021; the question asks up to "
                 "ILSR's 2023 (first half) estimate."),
            Hint(_fee("ILSR", 2014) / _fee("ILSR", 2023), "upside down: divide 2023 by 2014."),
        ),
    ),
    "10.2": Function(
        reference=hhi,
        model=hhi,  # the package's own: a function that only calls it is refused
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
        expected=LOST_SHARE,
        unit="share of the seller's sales, between 0 and 1",
        what="the lost share δ",
        share=True,
        decimals=2,
        hints=(
            Hint((LOCK["fee"] - LOCK["outside_take"]) / LOCK["margin"],
                 "divide by m − τ_out, not m: the platform can only take the margin above the "
                 "outside fee. Solve τ = τ_out + δ·(m − τ_out) for δ."),
            Hint(LOCK["fee"] / LOCK["margin"], "τ/m leaves out the outside channel: solve "
                 "τ = τ_out + δ·(m − τ_out) for δ."),
            Hint(1 - LOST_SHARE, "that is the share of sales the seller would keep (1 − δ); the "
                 "question asks for the share it would lose."),
        ),
    ),
    "10.4": Number(
        expected=SECOND_PRICE,
        unit="US$ per unit",
        what="the second-period price",
        abs_tol=0.005,
        precision="the cent",
        hints=(
            Hint(SWITCHING_COST, "that is the switching cost s; the locked-in price is c + s."),
            Hint(RIPOFF["cost"] + (RIPOFF["cost"] - RIPOFF["first_price"]),
                 "you left out β: p1 = c − β·s, so s = (c − p1)/β, and the ripoff is c + s."),
            Hint(RIPOFF["first_price"], "that is the first-period bargain; the question asks for the "
                 "second-period price."),
        ),
    ),
    "10.5": Choice(
        correct="a",
        options={
            "a": "Sellers, because each platform has a monopoly over access to its single-homing buyers.",
            "b": "Nobody: with multihoming sellers, competition drives all fees to zero.",
            "c": "Buyers, because they are the side that single-homes and so can walk away.",
            "d": "Both sides equally, because each side values the other.",
        },
        hints={
            "c": "single-homing buyers are the ones platforms compete for (and subsidise); a buyer who "
                 "uses one platform is hard to reach otherwise, so it is the sellers who pay to reach him.",
            "b": "competition happens on the buyers' side; for sellers, each platform is the only way to "
                 "its own buyers, so fees to sellers stay high.",
            "d": "Armstrong's point is the asymmetry: the multihoming side pays, the single-homing side "
                 "is courted.",
        },
    ),
    "10.6": Number(
        expected=MULTIHOMING,
        unit="share of the platform's buyers",
        what="the smallest multihoming share",
        share=True,
        decimals=2,
        kind="explore",
        hints=(
            Hint(round(MULTIHOMING - 0.01, 2),
                 f"at {MULTIHOMING - 0.01:.2f} the fee is still "
                 f"{policy_outcome(**POLICY, multihoming=round(MULTIHOMING - 0.01, 2)).take_rate:.1%}, "
                 f"above 30% (the exact crossing is {_EXACT_MULTIHOMING:.3f}): the smallest step of "
                 f"0.01 at or above it is one step more."),
            Hint(0.5, "at 0.50 the fee is still above 30%; the slider moves in steps of 0.05, so "
                 "refine with policy_outcome in steps of 0.01."),
            Hint(0.55, "0.55 works, but a smaller share in steps of 0.01 already does: refine with "
                 "policy_outcome."),
        ),
    ),
}
