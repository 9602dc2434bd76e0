"""Checks for lesson 03 (value capture): 2019's capture share (advertising still inside "Other"),
the best take rate with a cost per sale, the commission that sets an ad load, a Prime break-even
in whole orders, the selection effect that sets a take rate, and a concept."""

import math

from ..capture import capture_share, optimal_take_rate, revenue_table
from ..data import load
from .core import Choice, Function, Hint, Number

_Y2019 = revenue_table(load("amazon_revenue_lines")).loc[2019]
_TOTAL = float(_Y2019.sum())
_SELLER = float(_Y2019["Third-party seller services"])
_OTHER = float(_Y2019["Other (incl. advertising)"])
_SUBSCRIPTIONS = float(_Y2019["Subscription services"])
_LINES = load("amazon_revenue_lines")
_FIRST_SPLIT = 2021  # the first year with advertising on its own line
_LECTURE_YEARS = tuple(int(y) for y in sorted(_LINES["year"].unique()) if y >= _FIRST_SPLIT)
"""The years whose capture share the lecture prints (2021 on, from the data)."""
_ADS = revenue_table(_LINES)["Advertising services"]
_AD_GROWTH = float((_ADS.loc[_LECTURE_YEARS[-1]] / _ADS.loc[_FIRST_SPLIT]) ** (
    1 / (_LECTURE_YEARS[-1] - _FIRST_SPLIT)) - 1)
"""Advertising's compound growth a year, 2021–2025 (0.218), which the lecture prints as ≈ 22%."""


def _best_take_rate(elasticity: float, selection_effect: float, cost: float) -> float:
    """τ* maximising (τ − c)·(1 − τ)^k with k = ε(1 + β): τ* = (1 + k·c)/(1 + k)."""
    k = elasticity * (1.0 + selection_effect)
    return (1.0 + k * cost) / (1.0 + k)


def _ignores_cost(elasticity, selection_effect, cost):
    return 1.0 / (1.0 + elasticity * (1.0 + selection_effect))


def _adds_cost(elasticity, selection_effect, cost):
    return cost + 1.0 / (1.0 + elasticity * (1.0 + selection_effect))


def _ignores_selection(elasticity, selection_effect, cost):
    return (1.0 + elasticity * cost) / (1.0 + elasticity)


def _cost_ratio(elasticity, selection_effect, cost):
    k = elasticity * (1.0 + selection_effect)
    return (1.0 + cost) / (1.0 + k)


def _in_percent(elasticity, selection_effect, cost):
    return 100 * _best_take_rate(elasticity, selection_effect, cost)


def _from_the_package(elasticity, selection_effect, cost):
    return cost + (1 - cost) * optimal_take_rate(elasticity, selection_effect)


_FEE, _Q, _S, _M = 139, 40, 5, 12
_BREAK_EVEN = (_Q * _S - _FEE) / (_M - _S)  # 8.71: a count that breaks even rounds up
_ORDERS = math.ceil(_BREAK_EVEN)
_SHORT = _FEE + (_ORDERS - 1) * (_M - _S) - _Q * _S  # the platform's gain one order short (−5)
_ROUND_UP = (f"the break-even is {_BREAK_EVEN:.2f} orders, and at {_ORDERS - 1} extra orders the "
             f"platform still loses US${-_SHORT:g} a year ({_FEE} + {_ORDERS - 1} × {_M - _S} − "
             f"{_Q * _S}): a break-even count rounds up, to the first order that pays back.")
_LECTURE_PRIME = dict(base_orders=30, margin=10, shipping=6)  # the lecture's member: x* = 10.25

CHECKS = {
    "03.1": Number(
        expected=(_SELLER + _OTHER) / _TOTAL,
        unit="share of 2019 net sales, between 0 and 1",
        what="the share from third-party seller services plus other (incl. advertising)",
        share=True,
        decimals=3,
        kind="data",
        hints=(
            Hint(_SELLER / _TOTAL, "that is third-party seller services alone; in 2019 advertising "
                                   "sits inside 'Other (incl. advertising)': add that line."),
            Hint(_OTHER / _TOTAL, "that is 'Other (incl. advertising)' alone; add third-party seller "
                                  "services."),
            Hint(math.floor(100 * (_SELLER + _OTHER) / _TOTAL + 0.5),  # 24: a whole percent
                 "that looks like a percent rounded to a whole number; give a share between 0 and 1 "
                 "(÷ 100), to three decimals."),
            Hint((_SELLER + _OTHER + _SUBSCRIPTIONS) / _TOTAL,
                 "you added subscription services too; the question asks for third-party seller "
                 "services plus 'Other (incl. advertising)' only."),
            Hint((_SELLER + _OTHER) / (_TOTAL - float(_Y2019["AWS"])),
                 "you divided by net sales without AWS; the question asks for all of 2019 net sales."),
            *(Hint(capture_share(_LINES, year),
                   f"that is the lecture's {year} share, with advertising on its own line; "
                   "the question changes the year to 2019.")
              for year in _LECTURE_YEARS),
            *(Hint(rate, "that is the lecture's growth of advertising a year (2021 to 2025, "
                         "compounded), not a share of net sales: add the two 2019 lines and divide "
                         "by 2019's net sales.")
              for rate in (_AD_GROWTH, round(_AD_GROWTH, 2))),
        ),
    ),
    "03.2": Function(
        reference=_best_take_rate,
        cases=({"elasticity": 1.0, "selection_effect": 0.0, "cost": 0.0},
               {"elasticity": 2.0, "selection_effect": 0.5, "cost": 0.05},
               {"elasticity": 0.5, "selection_effect": 1.0, "cost": 0.1},
               {"elasticity": 3.0, "selection_effect": 0.2, "cost": 0.02}),
        unit="take rate, a share of each sale",
        mistakes=(
            (_ignores_cost, "that is the lecture's τ* without the cost: set the derivative of "
                            "(τ − c)(1 − τ)^k to zero, with k = ε(1 + β)."),
            (_adds_cost, "you added c to the old τ*; solving (1 − τ) = k(τ − c) gives "
                         "τ* = (1 + k·c)/(1 + k), which passes on only part of the cost."),
            (_ignores_selection, "the selection effect is missing: the exponent is k = ε(1 + β), "
                                 "not ε."),
            (_cost_ratio, "you wrote (1 + c)/(1 + k): the cost is multiplied by k in the "
                          "numerator. From (1 − τ) = k(τ − c): 1 + k·c = τ(1 + k), so "
                          "τ* = (1 + k·c)/(1 + k)."),
            (_in_percent, "that is τ* in percent; return a share of each sale (0.5, not 50)."),
        ),
        model=_from_the_package,
        rounding_examples="a search over a grid of τ, which lands within its step of τ*, or "
                          "round(...) before return; the exercise wants the closed form from the "
                          "first-order condition, which is exact",
        rounded_within=0.03,  # τ* ≈ 0.23 cut to two decimals is 1.3% off
    ),
    "03.3": Number(
        expected=1800 * (1 / 2 - 0.2),
        unit="US$ per 1,000 searches",
        what="the commission B",
        decimals=0,
        hints=(
            Hint(1800 * 0.2, "that is A·a*; from a* = 1/d − B/A, B = A·(1/d − a*)."),
            Hint(1800 / 2, "that is the commission at which the best ad load falls to zero (a* = 0); "
                           "the question asks for a* = 20%."),
            Hint(1800 * (1 / 2 + 0.2), "sign slip: a* = 1/d − B/A gives B = A·(1/d − a*)."),
            Hint(600, "that is the lecture's case, with A = US$2,000; the question changes A to "
                      "US$1,800: B = A·(1/d − a*)."),
            Hint(1800 * (1 / 2 - 0.2) / 1000, "that looks like US$ per search (or thousands of "
                                              "dollars); give US$ per 1,000 searches, a whole "
                                              "number of dollars."),
            Hint(1800 * (1 / 2 - 0.2) * 100, "that is 100 times too large: B is US$ per 1,000 "
                                             "searches, B = A·(1/d − a*) with a* = 0.2 as a "
                                             "share, not 20."),
        ),
    ),
    "03.4": Number(
        expected=_ORDERS,
        unit="extra orders a year",
        what="the break-even number of extra orders",
        count=True,
        rounding="up",  # the smallest count that breaks even (COURSE.md section 7)
        hints=(
            Hint(_BREAK_EVEN, _ROUND_UP),
            Hint(round(_BREAK_EVEN, 1), _ROUND_UP),  # 8.7: the break-even typed at one decimal
            Hint((_LECTURE_PRIME["base_orders"] * _LECTURE_PRIME["shipping"] - _FEE)
                 / (_LECTURE_PRIME["margin"] - _LECTURE_PRIME["shipping"]),
                 "that is the lecture's member (30 orders, margin US$10, shipping US$6); the "
                 "question changes all three."),
            Hint((_Q * _S - _FEE) / _M, "the extra orders ship free too: each adds m − s = 12 − 5, "
                                        "not m = 12."),
            Hint((_Q * _S + _FEE) / (_M - _S), "the fee is income for the platform: it lowers the "
                                              "orders needed, (q·s − F)/(m − s)."),
            Hint(_FEE / (_M - _S), "shipping is now free on the 40 orders the member placed anyway; "
                                   "that cost must be paid back too: (q·s − F)/(m − s)."),
        ),
    ),
    "03.5": Number(
        expected=(1 / 0.2 - 1) / 1.5 - 1,
        unit="selection effect β",
        what="the selection effect",
        decimals=2,
        kind="explore",
        hints=(
            Hint((1 / 0.2 - 1) / 1.5, "that is 1 + β (from ε(1 + β) = 4); subtract 1 to get β."),
            Hint((1 / 0.2) / 1.5 - 1, "from τ* = 1/(1 + ε(1 + β)): 1 + ε(1 + β) = 5, so "
                                      "ε(1 + β) = 4, not 5."),
            Hint(0.5, "that is the lecture's first case, with ε = 2 and τ* = 25%; the question "
                      "changes both: ε = 1.5, τ* = 20%."),
            # the widget prints τ* to a whole percent: 20% at every step from β = 1.60 to 1.75
            Hint(1.70, "close: 1.7 is the answer rounded to one decimal; the question asks for it to "
                       "two decimals. (1.70 is also a widget step: the widget prints τ* to a whole "
                       "percent and shows 20% at β = 1.60, 1.65, 1.70 and 1.75, so the slider "
                       "cannot pick one; solve τ* = 1/(1 + ε(1 + β)) = 0.2 for β.)"),
            *(Hint(beta, f"that is a widget step: the widget prints τ* to a whole percent and shows "
                         f"20% at β = 1.60, 1.65, 1.70 and 1.75 (τ* = {tau:.1%} at {beta:.2f}), so "
                         f"the slider cannot tell them apart; solve τ* = 1/(1 + ε(1 + β)) = 0.2 "
                         f"for β.")
              for beta, tau in ((b, 1 / (1 + 1.5 * (1 + b))) for b in (1.60, 1.65, 1.75))),
            Hint(1.5, "that is the lecture's second case (ε = 2, τ* ≈ 17%); the question asks for "
                      "ε = 1.5 and τ* = 20%."),
            # 1 is a guess of β = 1 (or the answer cut to a whole): say where β = 1 lands
            Hint(1.0, "at β = 1 the best take rate is τ* = 1/(1 + 1.5 × 2) = 25%, above 20%: β is "
                      "the unknown here, and a lower take rate needs a stronger selection effect "
                      "(a larger β). Solve τ* = 1/(1 + ε(1 + β)) = 0.2 for β, to two decimals."),
        ),
    ),
    "03.6": Choice(
        correct="d",
        options={
            "a": "It rises: more selection makes buyers come anyway, so the platform can charge more.",
            "b": "It does not change: the take rate depends only on the sellers' elasticity.",
            "c": "It rises to 100%: with network effects the platform captures everything.",
            "d": "It falls: every seller lost now also costs the sales of buyers who follow selection.",
        },
        hints={
            "a": "the selection effect works against high fees: a seller who leaves takes buyers "
                 "with them. Look at τ* = 1/(1 + ε(1 + β)) as β grows.",
            "b": "β enters the formula: τ* = 1/(1 + ε(1 + β)). Try β = 0 and β = 1 with ε = 2.",
            "c": "at τ = 100% no seller lists and revenue is zero; τ* stays at or below 1/(1 + ε) (equal at β = 0).",
        },
    ),
}
