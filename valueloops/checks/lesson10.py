"""Checks for lesson 10 (power and policy): fee estimates, HHI, the lock-in that a fee reveals,
the ripoff a bargain implies, the competitive bottleneck, and how much multihoming brings the fee
down to a level a cap would set."""

import numpy as np

from ..data import load, value
from ..power import bargain_then_ripoff, concentration_by_period, hhi, policy_outcome
from .core import Choice, Function, Hint, Number
from .plot import Plot


def _fee(publisher: str, year: int) -> float:
    return value("fee_share", "share", publisher=publisher, year=year)


# 10.1: ILSR's 2020 estimate against its 2014 one, both from one series (the September 2023 brief);
# the lecture's summary quotes 2014 → first half 2023
DATA_YEARS = (2014, 2020)
ILSR_FACTOR = _fee("ILSR", DATA_YEARS[1]) / _fee("ILSR", DATA_YEARS[0])
ILSR_RISE = _fee("ILSR", DATA_YEARS[1]) - _fee("ILSR", DATA_YEARS[0])
LECTURE_FACTOR = _fee("ILSR", 2023) / _fee("ILSR", 2014)
MIXED_FACTOR = _fee("ILSR", 2021) / _fee("ILSR", DATA_YEARS[0])
"""1.79: the December 2021 report's 34% (an earlier, superseded estimate) over the brief's 19%."""


def _hhi_unit_scale(shares):
    return float(np.sum(np.asarray(shares, float) ** 2))


def _hhi_ten_times_unit(shares):
    """10·Σs²: the 0–1 scale times 10 (0.1485 read as 1.485), a factor-of-ten slip."""
    return float(10 * np.sum(np.asarray(shares, float) ** 2))


def _hhi_percent_twice(shares):
    """Σ(10,000·s)²: the shares turned into percent twice (1,485 becomes 14,850,000)."""
    return float(np.sum((10_000 * np.asarray(shares, float)) ** 2))


def _hhi_no_square(shares):
    return float(np.sum(100 * np.asarray(shares, float)))


def _hhi_hundred_outside(shares):
    """100·Σs²: the shares squared as fractions, then multiplied by 100 once (not 100² = 10,000);
    the same as Σ(10·s)², each share times 10, not 100, before squaring."""
    return float(100 * np.sum(np.asarray(shares, float) ** 2))


def _hhi_rounded(shares):
    """round(100·s): each share rounded to a whole percent before squaring (33.3 becomes 33)."""
    return float(sum(round(100 * s) ** 2 for s in shares))


def _hhi_drops_small(shares):
    """Leaves out firms under 5% (a fringe "too small to count"): the HHI counts every firm."""
    return float(sum((100 * s) ** 2 for s in shares if s >= 0.05))


def _hhi_first_three(shares):
    """Sums only the first three shares (``shares[:3]``, the lecture's AWS, Microsoft and Google):
    the HHI counts every firm in the list (1,739 for [0.33, 0.23, 0.11, 0.05], not 1,764)."""
    return float(sum((100 * s) ** 2 for s in shares[:3]))


def _hhi_rest_as_one_firm(shares):
    """Adds the unnamed rest of the market, 1 − Σs, as one more firm (0.37 for [0.30, 0.21, 0.12]:
    2,854, not 1,485)."""
    shares = np.asarray(shares, float)
    return float(np.sum((100 * shares) ** 2) + (100 * (1 - shares.sum())) ** 2)


def _hhi_mean_of_squares(shares):
    """Averages the squared shares in percent instead of summing them (495 for [0.30, 0.21, 0.12])."""
    return float(np.mean((100 * np.asarray(shares, float)) ** 2))


def _hhi_square_of_sum(shares):
    return float((100 * np.sum(np.asarray(shares, float))) ** 2)


def _hhi_result_cut_off(shares: list[float]) -> float:
    """The right HHI cut off to a whole point with int() (1,390 for 1,390.98) (r31c 10 #2)."""
    return float(int(sum((100 * s) ** 2 for s in shares)))


def _hhi_truncated(shares):
    """int(100·s): 100·0.29 is 28.999… in floating point, which int() cuts to 28."""
    return float(sum(int(100 * s) ** 2 for s in shares))


HHI_CASES = (
    dict(shares=[0.30, 0.21, 0.12]),
    dict(shares=[1.0]),
    dict(shares=[0.5, 0.5]),
    dict(shares=[0.33, 0.23, 0.11, 0.05]),
    dict(shares=[0.29, 0.57]),  # int(100·s) gives 28 and 56 here: truncation fails
    dict(shares=[0.333, 0.125, 0.0415]),  # not whole percents: rounding to 33, 12, 4 fails
    dict(shares=[0.30, 0.21, 0.0707]),  # HHI 1,390.98: int() truncation (1,390) fails (r31c 10 #2)
)

# 10.3: the lost share δ at which a seller is indifferent to a fee τ: δ = (τ − τ_out)/(m − τ_out)
LOCK = dict(margin=0.45, outside_take=0.12, fee=0.32)
LOST_SHARE = (LOCK["fee"] - LOCK["outside_take"]) / (LOCK["margin"] - LOCK["outside_take"])
"""0.606 → 0.61 (the fee 0.32 keeps the slips apart: τ/m − τ_out is 0.59, 1 − δ is 0.39)."""
WRONG_FORMULA = LOCK["fee"] / LOCK["margin"] - LOCK["outside_take"]
LECTURE_LOST_SHARES = (0.3, 0.7)
"""The lost shares of the lecture's two lock-in charts (0.7 is also its policy model's)."""
NO_BRACKETS = (LOCK["fee"] - LOCK["outside_take"] / (LOCK["margin"] - LOCK["outside_take"]),
               LOCK["fee"] - LOCK["outside_take"] / LOCK["margin"] - LOCK["outside_take"])
"""10.3's precedence slips, both negative: τ − τ_out/(m − τ_out) = −0.044 and τ − τ_out/m − τ_out = −0.067."""

# 10.4: a first-period price of 7 at cost 10 and β = 0.9 implies s = (c − p1)/β; ripoff p2 = c + s
RIPOFF = dict(cost=10.0, first_price=7.0, discount_factor=0.9)
SWITCHING_COST = (RIPOFF["cost"] - RIPOFF["first_price"]) / RIPOFF["discount_factor"]
SECOND_PRICE = RIPOFF["cost"] + SWITCHING_COST
LECTURE_PRICES = bargain_then_ripoff(cost=10, switching_cost=4, discount_factor=0.9)
LECTURE_RIPOFF = LECTURE_PRICES.p2  # 14.00
LECTURE_BARGAIN = LECTURE_PRICES.p1  # 6.40

# 10.6: the smallest multihoming share (steps of 0.01) that brings the fee to 30% or less
POLICY = dict(margin=0.6, outside_take=0.15, lost_share=0.7)
FEE_TARGET = 0.30
LECTURE_MULTIHOMING = 0.4  # the lecture's policy_chart.show(multihoming=0.4, parity_ban=1)
_STEPS = [round(0.01 * k, 2) for k in range(101)]
MULTIHOMING = next(mu for mu in _STEPS
                   if policy_outcome(**POLICY, multihoming=mu).take_rate <= FEE_TARGET + 1e-12)
LECTURE_BUYERS_PERCENT = round(100 * (policy_outcome(
    **POLICY, multihoming=LECTURE_MULTIHOMING, parity_ban=True).buyer_price - 1), 1)
"""13.2: the lecture's policy chart prints it, next to 10.4's answer (13.33)."""
LECTURE_CAPPED_BAN_PERCENT = round(100 * (policy_outcome(
    **POLICY, fee_cap=0.3, parity_ban=True).buyer_price - 1), 1)
"""13.5: the lecture's parity-ban table prints it (a 30% cap with the ban), also near 13.33."""
BAN_MULTIHOMING = next(mu for mu in _STEPS if policy_outcome(
    **POLICY, multihoming=mu, parity_ban=True).take_rate <= FEE_TARGET + 1e-12)
"""0.37: the same search with the lecture's parity ban still on (its second policy chart)."""
_EXACT_BAN_MULTIHOMING = 1 - (FEE_TARGET - POLICY["outside_take"]) / (
    POLICY["margin"] - POLICY["outside_take"]) / (POLICY["lost_share"] * 0.75)
"""0.3651: the exact crossing with the ban on (steering 25%: δ falls to 0.75·δ)."""


def _fee_at(mu: float, ban: bool = False) -> str:
    return f"{policy_outcome(**POLICY, multihoming=mu, parity_ban=ban).take_rate:.1%}"


_EXACT_MULTIHOMING = 1 - (FEE_TARGET - POLICY["outside_take"]) / (
    POLICY["margin"] - POLICY["outside_take"]) / POLICY["lost_share"]


_HINTS_10_6 = (
    Hint(_EXACT_MULTIHOMING,
         f"the fee reaches 30% at the exact crossing μ = {_EXACT_MULTIHOMING:.4f}, which is not "
         f"a multiple of 0.01, and at μ = {MULTIHOMING - 0.01:.2f} the fee is still "
         f"{policy_outcome(**POLICY, multihoming=round(MULTIHOMING - 0.01, 2)).take_rate:.1%}, "
         f"above 30%. The question asks for the smallest multiple of 0.01 at which the fee is "
         f"30% or less: a threshold, so round up to the next step."),
    Hint(100 * _EXACT_MULTIHOMING,
         "that looks like a percent (the exact crossing); give a share between 0 and 1, the "
         "smallest multiple of 0.01 at which the fee is 30% or less."),
    Hint(1 - _EXACT_MULTIHOMING,
         "that is 1 − μ, the share of the platform's buyers who still shop only there; the "
         "question asks for the share who multihome, μ."),
    Hint(1 - MULTIHOMING,
         f"{1 - MULTIHOMING:.2f} is 1 − μ for the answer, the share of the platform's buyers who "
         f"would still shop only there; the question asks for the share who multihome, μ."),
    Hint(1.0, f"full multihoming does bring the fee to 30% or less (down to the outside fee, "
              f"{POLICY['outside_take']:.0%}), but it is not the smallest share that does: "
              f"search in steps of 0.01."),
    Hint(LECTURE_MULTIHOMING,
         f"{LECTURE_MULTIHOMING:.2f} is the lecture's case, together with a parity ban (fee "
         f"{policy_outcome(**POLICY, multihoming=LECTURE_MULTIHOMING, parity_ban=True).take_rate:.1%}); "
         f"on its own, multihoming of {LECTURE_MULTIHOMING:.2f} leaves the fee at "
         f"{policy_outcome(**POLICY, multihoming=LECTURE_MULTIHOMING).take_rate:.1%}."),
    Hint(_EXACT_BAN_MULTIHOMING,
         f"that is the answer with the parity ban still on, as in the lecture's second policy "
         f"chart: there the fee reaches 30% at μ = {_EXACT_BAN_MULTIHOMING:.4f}, and "
         f"{BAN_MULTIHOMING:.2f} is the smallest step (fee {_fee_at(BAN_MULTIHOMING, True)}). "
         f"The question has no parity ban: without it the fee at {BAN_MULTIHOMING:.2f} is "
         f"{_fee_at(BAN_MULTIHOMING)}. Set parity_ban to 0 (or leave it out of policy_outcome)."),
    *(Hint(mu, f"{mu:.2f} is wrong twice: the parity ban is still on (the lecture's second "
               f"policy chart), and even with it the fee there is {_fee_at(mu, True)}, still "
               f"above 30%. The question has no parity ban (without it the fee at {mu:.2f} "
               f"is {_fee_at(mu)}), and asks for the smallest share at which the fee is 30% or "
               f"less.")
      for mu in _STEPS if BAN_MULTIHOMING - 0.025 < mu < BAN_MULTIHOMING),
    Hint(0.5, f"at 0.50 the fee is still {_fee_at(0.5)}, above 30%; the slider moves in steps of "
         f"0.05, so refine with policy_outcome in steps of 0.01."),
)
"""10.6's named slips; the other steps below the answer get the fee there (see CHECKS)."""
_LECTURE_TAKE_RATES = (
    (policy_outcome(**POLICY, multihoming=LECTURE_MULTIHOMING, parity_ban=True).take_rate,
     f"with multihoming {LECTURE_MULTIHOMING} and the parity ban"),
    (policy_outcome(**POLICY, multihoming=LECTURE_MULTIHOMING).take_rate,
     f"with multihoming {LECTURE_MULTIHOMING} alone"),
)
"""10.6: 29.2% (the lecture's, with the ban) and 33.9% (the guide's demo), the policy model's fees
(shares, off the 0.01 grid)."""
_NAMED_STEPS_10_6 = {round(h.value, 2) for h in _HINTS_10_6}


CHECKS = {
    "10.1": Number(
        expected=ILSR_FACTOR,
        unit=f"times ({DATA_YEARS[1]} ÷ {DATA_YEARS[0]}), a ratio",
        what="the growth factor of ILSR's estimate",
        decimals=2,
        kind="data",
        hints=(
            Hint(ILSR_RISE, "that is the rise in percentage points as a share (a difference); the "
                 "question asks how many times as large, a ratio."),
            Hint(100 * ILSR_RISE, "that is the rise in percentage points (a difference); the question "
                 "asks how many times as large, a ratio."),
            Hint(ILSR_FACTOR - 1, "that is the growth rate (the factor minus 1); the question asks for "
                 "the factor itself, how many times as large."),
            Hint(100 * (ILSR_FACTOR - 1), "that is the growth rate in percent; the question asks for the "
                 "factor itself, how many times as large."),
            *(Hint(round(100 * (ILSR_FACTOR - 1), places),
                   f"{round(100 * (ILSR_FACTOR - 1), places):g} is the growth rate in percent, "
                   f"rounded; the question asks for the factor itself (the rate plus 1, as a ratio), "
                   f"how many times as large.")
              for places in (0, 1)),
            Hint(100 * ILSR_FACTOR, "that is the factor in percent; give it as a ratio (times)."),
            Hint(round(100 * ILSR_FACTOR, 1),
                 f"{round(100 * ILSR_FACTOR, 1):g} is the {DATA_YEARS[1]} estimate as a percent of the "
                 f"{DATA_YEARS[0]} one; the question asks for the ratio itself (times), to two "
                 f"decimals: divide by 100."),
            Hint(round(100 * ILSR_FACTOR),
                 f"{round(100 * ILSR_FACTOR)} is the {DATA_YEARS[1]} estimate as a percent of the "
                 f"{DATA_YEARS[0]} one, rounded to a whole percent; the question asks for the ratio "
                 f"itself (times), to two decimals: divide by 100."),
            Hint(LECTURE_FACTOR, f"{LECTURE_FACTOR:.2f} is 2014 to the first half of 2023, the pair the "
                 f"lecture's summary quotes; the question asks for {DATA_YEARS[1]}."),
            Hint(LECTURE_FACTOR - 1, "that is the growth rate from 2014 to the first half of 2023, the "
                 f"lecture's pair; the question asks for the factor up to {DATA_YEARS[1]}."),
            Hint(100 * (LECTURE_FACTOR - 1), "that is the growth rate in percent from 2014 to the first "
                 f"half of 2023, the lecture's pair; the question asks for the factor up to "
                 f"{DATA_YEARS[1]}."),
            Hint(_fee("Marketplace Pulse", 2022) / _fee("ILSR", 2014),
                 "that mixes publishers: use ILSR's own estimates (the publishers differ in scope: "
                 "which sellers and which fees they count)."),
            Hint(MIXED_FACTOR,
                 f"that divides the December 2021 report's 34% for 2021 by the 2023 brief's 19%: two "
                 f"series (ILSR revised its estimates; the 2021 report is an earlier one). The question "
                 f"asks for {DATA_YEARS[1]} ÷ {DATA_YEARS[0]}, both rows of the 2023 brief's series."),
            Hint(_fee("ILSR", 2018) / _fee("ILSR", DATA_YEARS[0]),
                 f"that takes the 30% of ILSR's July 2020 report (an earlier estimate, another series); "
                 f"the question asks for {DATA_YEARS[1]} ÷ {DATA_YEARS[0]}, both from the 2023 brief."),
            # 2017 against 2014 (1.42), also typed to one decimal (1.4)
            *(Hint(value, f"that is 2017 (27%) against 2014; the question asks for {DATA_YEARS[1]}.")
              for value in (_fee("ILSR", 2017) / _fee("ILSR", DATA_YEARS[0]), 1.4)),
            Hint(_fee("ILSR", DATA_YEARS[1]) / _fee("ILSR", 2018),
                 f"that starts at 2018 (the July 2020 report's 30%); the question asks from "
                 f"{DATA_YEARS[0]} to {DATA_YEARS[1]}."),
            *(Hint(_fee("ILSR", year),
                   f"that is ILSR's {year} estimate itself ({_fee('ILSR', year):.0%}); the question asks "
                   f"for a ratio: divide the {DATA_YEARS[1]} estimate by the {DATA_YEARS[0]} one.")
              for year in DATA_YEARS),
            Hint(_fee("ILSR", DATA_YEARS[0]) / _fee("ILSR", DATA_YEARS[1]),
                 f"upside down: divide {DATA_YEARS[1]} by {DATA_YEARS[0]}."),
            # r26e 10 #7: the two most recent points of the brief, 45% ÷ 35% (1.29)
            Hint(_fee("ILSR", 2023) / _fee("ILSR", DATA_YEARS[1]),
                 f"that is the first half of 2023 over {DATA_YEARS[1]}; the question asks for "
                 f"{DATA_YEARS[1]} over {DATA_YEARS[0]}."),
        ),
    ),
    "10.2": Function(
        reference=hhi,
        model=hhi,  # the package's own: a function that only calls it is refused
        cases=HHI_CASES,
        unit="HHI points (0–10,000)",
        what="your hhi",
        # HHIs are quoted in whole points: a result rounded to the point is right. Half a point is
        # 3.9e-4 of the smallest case's HHI (1,282.36), so rel_tol 4e-4 accepts whole points
        # and nothing coarser (to the nearest ten still gets the rounding hint)
        rel_tol=4e-4,
        rounding_examples="whole points are accepted, but round(x, -1), to the nearest ten, or "
                          "anything coarser is not",
        mistakes=(
            (_hhi_unit_scale, "that is the HHI on the 0–1 scale (Σs²: 0.1485 for the shares "
                              "[0.30, 0.21, 0.12]); the question asks for the usual 0–10,000 scale "
                              "(1,485), which squares shares in percent: multiply each share by 100 "
                              "before squaring (or Σs² by 10,000)."),
            (_hhi_ten_times_unit, "that is ten times the HHI on the 0–1 scale (10·Σs²: 1.485 for "
                                  "[0.30, 0.21, 0.12]), a factor-of-ten slip; the question asks for "
                                  "the 0–10,000 scale (1,485): square 100·s, or multiply Σs² by 10,000."),
            (_hhi_percent_twice, "you turned the shares into percent twice (100·100·s): the "
                                 "result is 10,000 times too large. The shares are given as "
                                 "fractions: square 100·s once."),
            (_hhi_no_square, "you summed the shares without squaring them; the HHI is the sum of "
                             "squared shares (in percent)."),
            (_hhi_hundred_outside, "you multiplied the sum of squared fractions by 100 once; the "
                                   "shares in percent are 100·s, so each square is (100·s)² = "
                                   "10,000·s²: square 100·s, or multiply Σs² by 10,000. (Squaring "
                                   "10·s, not 100·s, gives the same: 14.85 for [0.30, 0.21, 0.12], "
                                   "the HHI ÷ 100.)"),
            (_hhi_rounded, "you rounded each share to a whole percent (round(100·s)) before "
                           "squaring: 0.333 became 33 and 0.0415 became 4. Shares need not be "
                           "whole percents: square 100·s as it is, without rounding."),
            (_hhi_drops_small, "you left out the firms under 5% (0.0415 here); the HHI sums the "
                               "squared shares of every firm given, however small."),
            (_hhi_first_three, "you summed only the first three shares (shares[:3], the "
                               "lecture's three named providers); the HHI sums the squared shares "
                               "of every firm in the list: [0.33, 0.23, 0.11, 0.05] gives 1,764, "
                               "not 1,739."),
            (_hhi_square_of_sum, "you squared the total; square each firm's share first, then add."),
            (_hhi_rest_as_one_firm, "you added the rest of the market, 1 − Σs, as one more firm "
                                    "(2,854 for [0.30, 0.21, 0.12], not 1,485). Sum the squares of "
                                    "the shares given, and only those: the rest may be many small "
                                    "firms, whose squares the list does not give."),
            (_hhi_mean_of_squares, "you averaged the squared shares (495 for [0.30, 0.21, 0.12], "
                                   "1,485 ÷ 3); the HHI is their sum, Σ(100·s)²."),
            (_hhi_result_cut_off, "you cut the HHI off to a whole point with int(): 1,390.98 becomes "
                                  "1,390, not 1,391. Round to the nearest point with round(...), or "
                                  "return it unrounded."),
            (_hhi_truncated, "you cut each share in percent to a whole number (int(100·s)): in "
                             "floating point 100·0.29 is 28.999…, which int() truncates to 28. "
                             "Square 100·s as it is, without int()."),
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
            Hint(WRONG_FORMULA,
                 f"{WRONG_FORMULA:.4f} is τ/m − τ_out, not the formula: solve τ = τ_out + δ·(m − τ_out) "
                 f"for δ, which gives δ = (τ − τ_out)/(m − τ_out)."),
            Hint(1 - LOST_SHARE, "that is the share of sales the seller would keep (1 − δ); the "
                 "question asks for the share it would lose."),
            Hint(LOCK["margin"],
                 f"{LOCK['margin']:.2f} is the seller's margin m, given in the question; the question "
                 f"asks for δ: δ = (τ − τ_out)/(m − τ_out)."),
            Hint(LOCK["fee"] - LOCK["outside_take"],
                 f"{LOCK['fee'] - LOCK['outside_take']:.2f} is τ − τ_out, the fee above the outside "
                 f"channel's: only the numerator. Divide it by m − τ_out = "
                 f"{LOCK['margin'] - LOCK['outside_take']:.2f}."),
            Hint(LOCK["fee"],
                 f"{LOCK['fee']:.2f} is the platform's fee τ, given in the question; the question asks "
                 f"for δ, the share of sales that makes τ the highest fee the seller accepts: "
                 f"δ = (τ − τ_out)/(m − τ_out)."),
            Hint(LECTURE_LOST_SHARES[0],
                 f"{LECTURE_LOST_SHARES[0]:.2f} is the lost share of the lecture's first lock-in chart, "
                 f"not this seller's: δ = (τ − τ_out)/(m − τ_out)."),
            # 0.6 (δ to one decimal, or cut off at two) has no hint of its own: the core's one
            # message says both readings (round 12, r18d: a hint here made it two messages)
            Hint(60, within=0.0,  # δ in percent and rounded to a whole one: one message, not two
                 message="that looks like a percent, rounded to a whole one: give δ as a share between "
                 "0 and 1, to two decimals."),
            Hint(1 - LOCK["fee"],
                 f"{1 - LOCK['fee']:.2f} is 1 − τ, the complement of the fee; the question asks for δ "
                 f"for this seller: δ = (τ − τ_out)/(m − τ_out)."),
            Hint(LECTURE_LOST_SHARES[1],
                 f"{LECTURE_LOST_SHARES[1]:.2f} is the lost share of the lecture's second lock-in chart "
                 f"and of its policy model, not this seller's: δ = (τ − τ_out)/(m − τ_out)."),
            Hint(LOCK["margin"] - LOCK["outside_take"],
                 f"{LOCK['margin'] - LOCK['outside_take']:.2f} is m − τ_out, the margin the platform "
                 f"could take at most: only the denominator. δ = (τ − τ_out)/(m − τ_out)."),
            *(Hint(slip, "a share cannot be negative: put brackets around τ − τ_out and m − τ_out.")
              for slip in NO_BRACKETS),
            Hint(1 / LOST_SHARE, "upside down: δ = (τ − τ_out)/(m − τ_out)."),
            Hint(LOCK["fee"] / (LOCK["margin"] - LOCK["outside_take"]),   # 0.97
                 "subtract the outside fee from τ too: δ = (τ − τ_out)/(m − τ_out)."),
        ),
    ),
    "10.4": Number(
        expected=SECOND_PRICE,
        unit="US$ per unit",
        what="the second-period price",
        decimals=2,  # the course's rule: right when it rounds half up to the same cent
        precision="the cent",
        hints=(
            Hint(SWITCHING_COST, "that is the switching cost s; the locked-in price is c + s."),
            Hint(RIPOFF["cost"] - SWITCHING_COST,
                 "that is c − s: the locked-in price is above cost, p2 = c + s."),
            Hint(RIPOFF["cost"] - RIPOFF["first_price"],
                 "that is β·s = c − p1; divide by β to get s, then add c."),
            Hint(2 * RIPOFF["cost"] - RIPOFF["first_price"] / RIPOFF["discount_factor"],
                 "check the brackets: s = (c − p1)/β."),
            Hint(RIPOFF["cost"] + (RIPOFF["cost"] - RIPOFF["first_price"]),
                 f"{RIPOFF['cost'] + (RIPOFF['cost'] - RIPOFF['first_price']):.2f}: either β was left "
                 f"out (s = c − p1) or it went into p2 (c + β·s); β only discounts the bargain: "
                 f"s = (c − p1)/β and p2 = c + s."),
            Hint(RIPOFF["cost"] + RIPOFF["discount_factor"] * (RIPOFF["cost"] - RIPOFF["first_price"]),
                 "you multiplied by β instead of dividing: p1 = c − β·s gives β·s = c − p1, so "
                 "s = (c − p1)/β, larger than c − p1; the ripoff is c + s."),
            *(Hint(percent,
                   f"{percent:.1f} is a number the lecture prints for its policy model "
                   f"(buyers' price, percent above the no-fee price), not this exercise's: find s from "
                   f"the bargain, s = (c − p1)/β, then p2 = c + s.")
              for percent in (LECTURE_BUYERS_PERCENT, LECTURE_CAPPED_BAN_PERCENT)),
            Hint(100 * SECOND_PRICE, "that looks like cents; give US$ per unit, to the cent.",
                 within=0.5),  # 1333 or 1333.33: the price in cents
            # c/β: the discount factor applied to the cost, not to the switching cost (11.11), and
            # the bracket slip c/β − p1 for s (10/0.9 − 7 = 4.11, so p2 = 14.11)
            Hint(RIPOFF["cost"] / RIPOFF["discount_factor"],
                 f"{RIPOFF['cost'] / RIPOFF['discount_factor']:.2f} is c/β: β divides only the "
                 f"bargain's discount c − p1, not the cost. Find s = (c − p1)/β, then p2 = c + s."),
            Hint(RIPOFF["cost"] + RIPOFF["cost"] / RIPOFF["discount_factor"] - RIPOFF["first_price"],
                 "check the brackets: s is (c − p1)/β, not c/β − p1 (in Python, (10 - 7) / 0.9, "
                 "not 10 / 0.9 - 7); then p2 = c + s."),
            # named before the core's rounding slips: 10 is the given cost, not 13.33 to the nearest ten
            Hint(RIPOFF["cost"], f"{RIPOFF['cost']:g} is the unit cost c, given in the question; "
                 f"locked-in customers pay c + s, with s = (c − p1)/β.", within=0.0),
            Hint(4.0, "4 is the lecture's switching cost; here find s from the bargain: "
                 f"s = (c − p1)/β = {SWITCHING_COST:.2f}, then p2 = c + s.", within=0.0),
            Hint(RIPOFF["first_price"], "that is the first-period bargain; the question asks for the "
                 "second-period price."),
            Hint(LECTURE_RIPOFF, f"{LECTURE_RIPOFF:.2f} is the lecture's case, where the switching cost "
                 f"s = 4 was given; here find s from the bargain first: p1 = c − β·s, so "
                 f"s = (c − p1)/β, then p2 = c + s."),
            Hint(LECTURE_BARGAIN, f"{LECTURE_BARGAIN:.2f} is the lecture's first-period (bargain) "
                 f"price, p1 = c − β·s with s = 4 given; here the bargain p1 = 7 is given: find "
                 f"s = (c − p1)/β, then the second-period price p2 = c + s."),
        ),
    ),
    "10.5": Choice(
        correct="a",
        options={
            "a": "Buyers: each platform is the only way to reach its own sellers, so the buyers pay for "
                 "that access, while platforms compete for sellers with low fees.",
            "b": "Sellers, as on Amazon: on a marketplace the sellers are the side that pays.",
            "c": "Nobody: with buyers on every platform, competition drives all fees to zero.",
            "d": "Both sides equally, because each side values the other.",
        },
        hints={
            "b": "who pays is decided by who multihomes, not by who sells: on Amazon sellers pay because "
                 "they multihome; here the buyers multihome.",
            "c": "platforms compete hard for the single-homing side (here the sellers), not for the "
                 "multihoming one: each platform still controls access to its own sellers.",
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
        grid=0.01,  # steps of 0.01: 0.524 already brings the fee under 30% but is no step
        kind="explore",
        hints=(
            *_HINTS_10_6,
            # the take rates the lecture's policy charts print (off the grid: named before its message)
            *(Hint(rate, f"that is a take rate of the policy model ({rate:.1%}, {case}), not a "
                         f"multihoming share: find the smallest share μ at which the fee is 30% or less.",
                   within=0.0005)
              for rate, case in _LECTURE_TAKE_RATES),
            # every other step below the answer (0, 0.2, 0.3, 0.45 …): the fee there, from the model;
            # (the steps _HINTS_10_6 already names are left out: each hint must be the one said)
            *(Hint(mu, f"at {mu:.2f} the fee is still {_fee_at(mu)}, above 30%: more buyers must "
                       f"multihome.")
              for mu in _STEPS if mu < MULTIHOMING and mu not in _NAMED_STEPS_10_6),
            *(Hint(share, f"{share:.2f} works, but a smaller share in steps of 0.01 already does: "
                          f"refine with policy_outcome.")
              for share in _STEPS if MULTIHOMING < share < 1),
        ),
    ),
}


# --- issue 27: 10.8 draws Microsoft's and Google's shares together less AWS's, by quarter; 10.9 reads the
# first year the two challengers together held more of the market than AWS. The wide table is the one
# the exercise cell prepares (`when`: each quarter at its midpoint); Q1 2020 names no Google (blank).
_WIDE = load("cloud_share").pivot_table(index=["year", "quarter"], columns="provider",
                                         values="share").reset_index()
_BOUNDS = concentration_by_period(load("cloud_share"))[["year", "quarter", "hhi_lower", "hhi_upper"]]
_WIDE = _WIDE.merge(_BOUNDS, on=["year", "quarter"], how="left")
GAP_TABLE = _WIDE.assign(
    when=_WIDE["year"] + (_WIDE["quarter"] - 0.5) / 4,
    gap=_WIDE["Microsoft"] + _WIDE["Google"] - _WIDE["AWS"],           # the two together less AWS
    reversed_gap=_WIDE["AWS"] - _WIDE["Microsoft"] - _WIDE["Google"],  # the subtraction turned round
    challengers=_WIDE["Microsoft"] + _WIDE["Google"],                  # the two together, AWS not taken off
    lead=_WIDE["AWS"] - _WIDE["Microsoft"],                            # lesson 06's 06.8: AWS over Microsoft
    microsoft_gap=_WIDE["Microsoft"] - _WIDE["AWS"],                   # Google left out
    ratio=(_WIDE["Microsoft"] + _WIDE["Google"]) / _WIDE["AWS"],       # divided instead of subtracted
    named=_WIDE["AWS"] + _WIDE["Microsoft"] + _WIDE["Google"],         # the three's combined share
)
"""One row per quarter of `cloud_share` (Q1 2020 to Q1 2026): each provider's share, ``when``, the
gap (Microsoft's and Google's shares together less AWS's, a share of the market; blank in Q1 2020,
whose source names no Google), the lecture's HHI bounds and the slips 10.8 names."""

# 10.9: the year of the first quarter in which the gap is above zero. The shares are whole percents,
# so the gaps are compared at four decimals (0.23 + 0.10 - 0.33 is not exactly 0 in floats)
_GAPS = GAP_TABLE.dropna(subset=["gap"]).set_index(["year", "quarter"])["gap"].round(4)
_ABOVE = _GAPS[_GAPS > 0]
FIRST_ABOVE = tuple(map(int, _ABOVE.index[0]))       # (2022, 4): 0.23 + 0.11 against 0.33
FIRST_ABOVE_YEAR = FIRST_ABOVE[0]
FIRST_GAP = float(_ABOVE.iloc[0])                    # 0.01: one point, within the shares' rounding
WIDEST_AT = tuple(map(int, _GAPS.idxmax()))          # (2025, 4): 0.08
WIDEST_GAP = float(_GAPS.max())
# r28e 10 #3: the row label of that quarter in the exercise's `wide` table (3), what gap[gap > 0].index[0] gives
FIRST_ABOVE_ROW = int(GAP_TABLE.index[(GAP_TABLE["year"] == FIRST_ABOVE[0])
                                      & (GAP_TABLE["quarter"] == FIRST_ABOVE[1])][0])


def _quarter(q: tuple[int, int]) -> str:
    return f"Q{q[1]} {q[0]}"


def _gap_words(year: int) -> str:
    """The gaps of ``year``'s quarters in words: "Q3 2020: −0.06"."""
    rows = _GAPS[_GAPS.index.get_level_values("year") == year]
    return "; ".join(f"{_quarter(tuple(map(int, q)))}: " + ("level" if round(v, 2) == 0 else f"{v:+.2f}".replace("-", "−"))
                     for q, v in rows.items())   # r25e: a level quarter is "level", not "+0.00"


def _other_year_hint_10(year: int) -> str:
    """The hint for a year of 10.8's chart that is not 10.9's answer; none names the answer."""
    rows = _GAPS[_GAPS.index.get_level_values("year") == year]
    if not len(rows):
        return (f"the table has no quarter of {year} with all three shares: that year is not on the "
                f"chart.")
    if (rows <= 0).all():
        return (f"in {year} the two together held less than AWS or as much ({_gap_words(year)}): no "
                f"point above zero yet. Look for the first point above the zero line.")
    if year == WIDEST_AT[0]:
        return (f"in {year} the gap was at its widest ({_gap_words(year)}); the question asks for the "
                f"first quarter above zero, not the widest.")
    return (f"in {year} the gaps were {_gap_words(year)}: above zero, but not for the first time. Look "
            f"for the first point above the zero line.")


CHECKS.update({
    "10.8": Plot.from_table(
        GAP_TABLE, "when", "gap", x_kind="quarter", unit="share of the market", share=True,
        one_series=True,   # the question says "as one series"
        unit_words=("share",), what="Microsoft's and Google's shares together less AWS's",
        x_column="when", percent_words="percentage points",
        # r27c 10 #2: the question asks the y label for what it shows besides the unit ("share" alone
        # reads as a level); any word or sign of a difference of the shares will do
        y_words=("gap", "less", "minus", "−", "-", "+", "difference", "diff", "lead", "ahead", "behind",
                 "vs", "versus", "over", "than", "excess", "net", "spread", "surplus", "deficit", "Δ",
                 "delta", "relative", "together", "combined", "challengers", "challenger", "two"),
        mistakes={
            "hhi_lower": "you drew the lecture's chart, the HHI of the three (0–10,000); the question "
                         "asks for Microsoft's and Google's shares together less AWS's, a share of the market.",
            "hhi_upper": "you drew the HHI's upper bound, the lecture's chart; the question asks for "
                         "Microsoft's and Google's shares together less AWS's, a share of the market.",
            "reversed_gap": "your signs are turned round: you subtracted the two from AWS's share. Plot "
                            "Microsoft's share plus Google's, minus AWS's.",
            "challengers": "you plotted Microsoft's and Google's shares added up, but did not subtract "
                           "AWS's: plot wide[\"Microsoft\"] + wide[\"Google\"] - wide[\"AWS\"].",
            "lead": "you plotted AWS's lead over Microsoft (lesson 06's exercise); the question asks for "
                    "Microsoft's and Google's shares together less AWS's.",
            "microsoft_gap": "you left Google out: add Google's share to Microsoft's before you subtract "
                             "AWS's.",
            "ratio": "you divided the two's shares by AWS's (a ratio); the question asks for the "
                     "difference, Microsoft's plus Google's minus AWS's.",
            "named": "you added all three shares (the three's combined share); AWS's share is to be "
                     "subtracted, not added.",
            "AWS": "you plotted AWS's own share; the question asks for Microsoft's and Google's shares "
                   "together less AWS's.",
            # r27c 10 #1: the two challengers' own shares are slips too, alone or beside the gap
            "Microsoft": "you plotted Microsoft's own share; the question asks for Microsoft's and "
                         "Google's shares together less AWS's, as one series.",
            "Google": "you plotted Google's own share; the question asks for Microsoft's and Google's "
                      "shares together less AWS's, as one series.",
        }),
    "10.9": Number(
        expected=float(FIRST_ABOVE_YEAR),
        unit="year",
        what="the first year Microsoft and Google together held more of the market than AWS",
        year=True,
        kind="data",
        hints=(
            *(Hint(float(year), _other_year_hint_10(year))
              for year in sorted(set(GAP_TABLE["year"].astype(int))) if year != FIRST_ABOVE_YEAR),
            Hint(float(int(GAP_TABLE["year"].min()) - 1), "the table starts in Q1 2020: that year is not "
                                                           "on the chart."),
            Hint(float(int(GAP_TABLE["year"].max()) + 1), "the table ends in Q1 2026: that year is not on "
                                                           "the chart."),
            Hint(FIRST_ABOVE_YEAR + (FIRST_ABOVE[1] - 0.5) / 4,
                 "that is a place on the time axis (`when`, the year plus a fraction for the quarter), "
                 "not a year; the question asks for the calendar year, a whole number.", within=0.2),
            # r29c E3: the quarter number of the first point above zero (4, for Q4)
            *([Hint(float(FIRST_ABOVE[1]), f"{FIRST_ABOVE[1]} is the quarter (Q{FIRST_ABOVE[1]}) of the first "
                                           "point above zero; the question asks for its year.", within=0.0)]
              if FIRST_ABOVE[1] != FIRST_ABOVE_ROW else []),
            Hint(FIRST_GAP, "that is the gap itself (a share of the market) in the first quarter above "
                            "zero; the question asks for its year.", within=0.004),
            Hint(100 * FIRST_GAP, "that is the gap in percentage points in the first quarter above zero; "
                                  "the question asks for its year.", within=0.4),
            Hint(float(FIRST_ABOVE_YEAR % 100), "a year has four digits: give the whole year (e.g. 2016), "
                                                "not its last two."),
            Hint(float(FIRST_ABOVE_ROW),
                 f"{FIRST_ABOVE_ROW} is the row label of the first quarter above zero in wide "
                 f"(gap[gap > 0].index[0]), not its year: read that row's year, "
                 f'wide.loc[{FIRST_ABOVE_ROW}, "year"].', within=0.0),
            # r26e 10 #6: any other gap typed for the year (−0.06): the first quarter above zero, not an
            # extreme, so the generic idxmin()/idxmax() advice is the wrong tool here. 0 itself is left to
            # the row-number hint (a position from reset_index)
            *(Hint(centre, "that is a gap, not a year: find the first quarter whose gap is above zero and "
                           "read its `year`.", within=0.499) for centre in (-0.5, 0.5)),
        ),
    ),
})
