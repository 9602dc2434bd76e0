"""Checks for lesson 06 (pooling): cloud shares, the pooled coefficient of variation, capacity
saved by pooling, the best hybrid, and a concept question."""

from __future__ import annotations

import math

from ..cloud import optimal_owned_capacity, pooled_capacity, pooled_cv
from ..data import load
from .core import Choice, Function, Hint, Number

_share = load("cloud_share")
_q4_2024 = _share[(_share["year"] == 2024) & (_share["quarter"] == 4)].set_index("provider")["share"]
_q4_2023 = _share[(_share["year"] == 2023) & (_share["quarter"] == 4)].set_index("provider")["share"]
_BIG_THREE = ["AWS", "Microsoft", "Google"]
TOP_THREE_Q4_2024 = float(_q4_2024[_BIG_THREE].sum())

# 06.3: 50 customers, each mean 100 servers, s.d. 40, service level z = 2, correlation 0.1
CAPACITY_CASE = dict(n=50, mean=100, sd=40, z=2, rho=0.1)
_cap = pooled_capacity(**CAPACITY_CASE)
_cap_independent = pooled_capacity(**{**CAPACITY_CASE, "rho": 0.0})

# 06.4: ten equally likely hourly demand levels (servers), utility premium 3
HYBRID_DEMAND = [20, 25, 30, 30, 35, 40, 50, 60, 80, 120]
HYBRID_PREMIUM = 3.0
_best = optimal_owned_capacity(HYBRID_DEMAND, HYBRID_PREMIUM)


def _cv_no_correlation(n, cv, rho):
    return cv / math.sqrt(n)


def _cv_divided_by_n(n, cv, rho):
    return cv * math.sqrt(1 + (n - 1) * rho) / n


def _cv_floor_only(n, cv, rho):
    return cv * math.sqrt(rho)


CHECKS = {
    "06.1": Number(
        expected=TOP_THREE_Q4_2024,
        unit="share of the worldwide market, between 0 and 1",
        what="the three leaders' combined share",
        share=True,
        abs_tol=0.005,
        hints=(
            Hint(float(_q4_2024["AWS"]), "that is AWS alone; add Microsoft and Google."),
            Hint(1 - TOP_THREE_Q4_2024, "that is the share left to everyone else; the question asks "
                                        "for the three leaders' share."),
            Hint(float(_q4_2023[_BIG_THREE].sum()), "that is Q4 2023; filter year == 2024 and "
                                                    "quarter == 4."),
        ),
    ),
    "06.2": Function(
        reference=pooled_cv,
        cases=(dict(n=4, cv=0.5, rho=0.0), dict(n=25, cv=0.4, rho=0.2), dict(n=100, cv=0.3, rho=0.05),
               dict(n=2, cv=0.6, rho=0.5)),
        unit="coefficient of variation (dimensionless)",
        what="pool_cv",
        mistakes=(
            (_cv_no_correlation, "right for independent demand, but ρ was ignored: the variance of "
                                 "the sum has n(n − 1)ρσ² of covariance on top of nσ²."),
            (_cv_divided_by_n, "you divided by n where √n belongs: sd of the sum is "
                               "σ√(n(1 + (n − 1)ρ)), its mean nμ."),
            (_cv_floor_only, "that is only the floor the CV tends to as n grows, (σ/μ)√ρ; the "
                             "question asks for a finite n."),
        ),
    ),
    "06.3": Number(
        expected=_cap.saving,
        unit="servers",
        what="the capacity saved by pooling",
        abs_tol=1.0,
        hints=(
            Hint(_cap_independent.saving, "that assumes independent demand (ρ = 0); use "
                                          "√(n(1 + (n − 1)ρ)) with ρ = 0.1."),
            Hint(_cap.pooled, "that is the pooled capacity itself; the question asks how much less "
                              "than building separately."),
            Hint(_cap.separate, "that is the capacity built separately, n(μ + zσ); subtract the "
                                "pooled capacity."),
            Hint(_cap.saving_share, "that is the saving as a share of separate capacity; give it in "
                                    "servers."),
        ),
    ),
    "06.4": Number(
        expected=_best.owned,
        unit="servers owned",
        what="the capacity to own",
        abs_tol=0.5,
        hints=(
            Hint(max(HYBRID_DEMAND), "that is the peak: owning it all ignores that the top hours "
                                     "are cheaper to rent."),
            Hint(0.0, "renting everything is best only when U ≤ 1 or when the demand is rarely "
                      "above zero; here U = 3."),
            Hint(sum(HYBRID_DEMAND) / len(HYBRID_DEMAND), "that is the average demand; own up to "
                                                          "where Pr(D > x) = 1/U."),
            Hint(30.0, "you owned up to where Pr(D ≤ x) reaches 1/U; the rule is Pr(D > x) ≤ 1/U: "
                       "rent only the top third of hours."),
            Hint(60.0, "you counted hours with D ≥ x; count those strictly above x, Pr(D > x)."),
        ),
    ),
    "06.5": Choice(
        correct="b",
        options={
            "a": "Amazon rents out the spare servers its store does not need outside the holidays.",
            "b": "Customers' peaks rarely coincide, so a shared pool needs less capacity than the "
                 "sum of their separate peaks.",
            "c": "With enough customers the pool's demand becomes perfectly smooth, whatever their "
                 "correlation.",
            "d": "Renting is always cheaper than owning, whatever the premium the cloud charges.",
        },
        hints={
            "a": "a myth by Amazon's own account: Werner Vogels said AWS would have used up any "
                 "spare retail capacity within about two months of launch.",
            "c": "with correlation ρ > 0 the coefficient of variation stalls at (σ/μ)√ρ: common "
                 "shocks cannot be pooled away.",
            "d": "only while the utility premium U is below the peak-to-average ratio P/A; flat "
                 "demand is cheaper to own.",
        },
    ),
}
