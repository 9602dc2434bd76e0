"""Checks for lesson 03 (value capture): 2019's capture share (advertising still inside "Other"),
the best take rate with a cost per sale, the commission that sets an ad load, a Prime break-even
in whole orders, the selection effect that sets a take rate, and a concept."""

from ..capture import optimal_take_rate, revenue_table
from ..data import load
from .core import Choice, Function, Hint, Number

_Y2019 = revenue_table(load("amazon_revenue_lines")).loc[2019]
_TOTAL = float(_Y2019.sum())
_SELLER = float(_Y2019["Third-party seller services"])
_OTHER = float(_Y2019["Other (incl. advertising)"])


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


def _from_the_package(elasticity, selection_effect, cost):
    return cost + (1 - cost) * optimal_take_rate(elasticity, selection_effect)


_FEE, _Q, _S, _M = 139, 40, 5, 12
_BREAK_EVEN = (_Q * _S - _FEE) / (_M - _S)

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
            Hint((_SELLER + _OTHER) / (_TOTAL - float(_Y2019["AWS"])),
                 "you divided by net sales without AWS; the question asks for all of 2019 net sales."),
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
        ),
        model=_from_the_package,
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
        ),
    ),
    "03.4": Number(
        expected=_BREAK_EVEN,
        unit="extra orders a year",
        what="the break-even number of extra orders",
        count=True,
        hints=(
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
            "c": "at τ = 100% no seller lists and revenue is zero; τ* stays below 1/(1 + ε).",
        },
    ),
}
