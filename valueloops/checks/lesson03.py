"""Checks for lesson 03 (value capture): the data, the take-rate formula, ad load, Prime, a concept."""

from ..capture import (capture_share, optimal_ad_load, optimal_take_rate, prime_breakeven_orders,
                       revenue_table)
from ..data import load
from .core import Choice, Function, Hint, Number

_LINES = load("amazon_revenue_lines")
_Y2024 = revenue_table(_LINES).loc[2024]
_TOTAL = float(_Y2024.sum())
_AWS_FREE = _TOTAL - float(_Y2024["AWS"])
_CAPTURED = float(_Y2024["Third-party seller services"] + _Y2024["Advertising services"])


def _ignored_selection(elasticity: float, selection_effect: float) -> float:
    return 1.0 / (1.0 + elasticity)


def _kept_share(elasticity: float, selection_effect: float) -> float:
    return 1.0 - optimal_take_rate(elasticity, selection_effect)


def _added_not_multiplied(elasticity: float, selection_effect: float) -> float:
    return 1.0 / (1.0 + elasticity + selection_effect)


CHECKS = {
    "03.1": Number(
        expected=capture_share(_LINES, 2024),
        unit="share of 2024 net sales, between 0 and 1",
        what="the share from third-party seller services plus advertising",
        share=True,
        rel_tol=0.005,
        hints=(
            Hint(float(_Y2024["Third-party seller services"]) / _TOTAL,
                 "that is third-party seller services alone; add advertising services."),
            Hint(float(_Y2024["Advertising services"]) / _TOTAL,
                 "that is advertising alone; add third-party seller services."),
            Hint(_CAPTURED / _AWS_FREE,
                 "you divided by net sales without AWS; the question asks for all of 2024 net sales."),
            Hint(_CAPTURED / 1000, "that is the sum in US$ billions; divide it by total net sales."),
        ),
    ),
    "03.2": Function(
        reference=optimal_take_rate,
        cases=({"elasticity": 1.0, "selection_effect": 0.0},
               {"elasticity": 2.0, "selection_effect": 0.5},
               {"elasticity": 0.5, "selection_effect": 1.0},
               {"elasticity": 3.0, "selection_effect": 0.2}),
        unit="take rate, a share of each sale",
        mistakes=(
            (_ignored_selection, "you left out the selection effect: the exponent of (1 − τ) in "
                                 "revenue is ε(1 + β), not ε."),
            (_kept_share, "that is 1 − τ*, the share sellers keep; return the platform's share τ*."),
            (_added_not_multiplied, "β multiplies ε: revenue is τ(1 − τ)^(ε(1 + β)), so τ* = "
                                    "1/(1 + ε(1 + β)), not 1/(1 + ε + β)."),
        ),
    ),
    "03.3": Number(
        expected=optimal_ad_load(ad_revenue_full=2000, commission_no_ads=600, decay=2.0),
        unit="share of search results sponsored, between 0 and 1",
        what="the revenue-maximising ad load",
        share=True,
        abs_tol=0.005,
        hints=(
            Hint(0.5, "0.5 = 1/d maximises ad revenue alone; the total also counts the commission "
                      "that lost sales cost."),
            Hint(0.0, "0 would be right only if 1/d ≤ B/A; here 1/d = 0.5 > B/A = 0.3."),
        ),
    ),
    "03.4": Number(
        expected=prime_breakeven_orders(fee=139, base_orders=30, margin_per_order=10,
                                        shipping_cost_per_order=6),
        unit="extra orders a year",
        what="the break-even number of extra orders",
        rel_tol=0.01,
        hints=(
            Hint((30 * 6 - 139) / 10, "you forgot that the extra orders ship free too: each adds "
                                      "m − s = 10 − 6, not m = 10."),
            Hint((30 * 6 + 139) / 4, "the fee is income for the platform: it lowers the orders "
                                     "needed, (q·s − F)/(m − s)."),
            Hint(139 / 10, "shipping is free on the 30 orders a member placed anyway; that cost "
                           "must be paid back too: (q·s − F)/(m − s)."),
        ),
    ),
    "03.5": Choice(
        correct="b",
        options={
            "a": "It rises: more selection makes buyers come anyway, so the platform can charge more.",
            "b": "It falls: every seller lost now also costs the sales of buyers who follow selection.",
            "c": "It does not change: the take rate depends only on the sellers' elasticity.",
            "d": "It rises to 100%: with network effects the platform captures everything.",
        },
        hints={
            "a": "the selection effect works against high fees: a seller who leaves takes buyers "
                 "with them. Look at τ* = 1/(1 + ε(1 + β)) as β grows.",
            "c": "β enters the formula: τ* = 1/(1 + ε(1 + β)). Try β = 0 and β = 1 with ε = 2.",
            "d": "at τ = 100% no seller lists and revenue is zero; τ* stays below 1/(1 + ε).",
        },
    ),
}
