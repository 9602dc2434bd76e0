"""Checks for lesson 03 (value capture): 2019's capture share (advertising still inside "Other"),
the best take rate with a cost per sale, the commission that sets an ad load, a Prime break-even
in whole orders, the selection effect that sets a take rate, third-party seller services' share of
net sales drawn by the student (a plot) and the year that share fell, and a concept."""

import math

import pandas as pd

from ..capture import capture_share, optimal_take_rate, revenue_table
from ..data import load
from ..rounding import round_half_up
from .core import Choice, Function, Hint, Number
from .plot import Plot

_Y2019 = revenue_table(load("amazon_revenue_lines")).loc[2019]
_TOTAL = float(_Y2019.sum())
_SELLER = float(_Y2019["Third-party seller services"])
_OTHER = float(_Y2019["Other (incl. advertising)"])
_SUBSCRIPTIONS = float(_Y2019["Subscription services"])
_Y2018 = revenue_table(load("amazon_revenue_lines")).loc[2018]
_SHARE_2018 = float((_Y2018["Third-party seller services"] + _Y2018["Other (incl. advertising)"]) / _Y2018.sum())
"""The same share a year early (0.227): the wrong-year slip in 03.1 (r27a 03 #5)."""
_LINES = load("amazon_revenue_lines")
_FIRST_SPLIT = 2021  # the first year with advertising on its own line
_LECTURE_YEARS = tuple(int(y) for y in sorted(_LINES["year"].unique()) if y >= _FIRST_SPLIT)
"""The years whose capture share the lecture prints (2021 on, from the data)."""
_LAST = revenue_table(_LINES).loc[_LECTURE_YEARS[-1]]
_SUBS_LAST = float(_LAST["Subscription services"] / _LAST.sum())
"""Subscription services' share of the last year's net sales, which the lecture adds once (40.5%)."""
_ADS = revenue_table(_LINES)["Advertising services"]
_AD_GROWTH = float((_ADS.loc[_LECTURE_YEARS[-1]] / _ADS.loc[_FIRST_SPLIT]) ** (
    1 / (_LECTURE_YEARS[-1] - _FIRST_SPLIT)) - 1)
"""Advertising's compound growth a year, 2021–2025: 0.218 from the data (US$31.2bn to 68.6bn),
the lecture's 21.8% a year (§3's caption)."""


_TABLE = revenue_table(_LINES)
_NET = _TABLE.sum(axis=1, min_count=1)  # a year's lines add up to its net sales; 2020 stays blank
_SELLER_LINE = _TABLE["Third-party seller services"]
_CAPTURED = _SELLER_LINE + _TABLE["Advertising services"].fillna(_TABLE["Other (incl. advertising)"])
SELLER_SHARES = pd.DataFrame({
    "year": _TABLE.index,
    "seller_share": _SELLER_LINE / _NET,
    "seller_musd": _SELLER_LINE,
    "seller_busd": _SELLER_LINE / 1000,
    "seller_growth": _SELLER_LINE / _SELLER_LINE.shift(1) - 1,  # the lecture's growth chart, one line
    "seller_growth_pct": 100 * (_SELLER_LINE / _SELLER_LINE.shift(1) - 1),  # ... as the lecture draws it
    "online_share": _TABLE["Online stores"] / _NET,
    "subscription_share": _TABLE["Subscription services"] / _NET,
    "captured_share": _CAPTURED / _NET,
    "aws_share": _TABLE["AWS"] / _NET,
    "ads_share": _TABLE["Advertising services"] / _NET,  # 2021 on: advertising's own line
    "share_ex_aws": _SELLER_LINE / (_NET - _TABLE["AWS"]),  # divided by net sales without AWS
}).reset_index(drop=True)
"""03.8's series (third-party seller services' share of each year's net sales, 2014–2025, 2020
blank: not read) and the neighbours a student may draw by mistake."""
_SHARE_ROWS = SELLER_SHARES.dropna(subset=["seller_share"]).reset_index(drop=True)
_FIRST_FALL = int(next(year for year, before, now in zip(_SHARE_ROWS["year"][1:], _SHARE_ROWS["seller_share"],
                                                         _SHARE_ROWS["seller_share"][1:]) if now < before))
"""The first year the share is below the year before it on the chart (2025: 24.0% after 24.5%)."""
_LAST_YEAR = int(_SHARE_ROWS["year"].iloc[-1])  # 2025: the chart's last point
_PEAK = int(_SHARE_ROWS.loc[_SHARE_ROWS["seller_share"].idxmax(), "year"])  # 2024
_BIGGEST_RISE = int(_SHARE_ROWS.loc[_SHARE_ROWS["seller_share"].diff().idxmax(), "year"])  # 2021, over the gap
_MISSING = [int(y) for y in _TABLE.index[_NET.isna()]]  # [2020]
_FIRST_YEAR = int(_SHARE_ROWS["year"].iloc[0])  # 2014
_RISES = [(int(year), float(before), float(now)) for year, before, now in
          zip(_SHARE_ROWS["year"][1:], _SHARE_ROWS["seller_share"], _SHARE_ROWS["seller_share"][1:])
          if now >= before and year < _FIRST_FALL]
"""(year, share the point before, share) for each rise on the chart before the first fall."""
_PEAK_RISE = next((before, now) for year, before, now in _RISES if year == _PEAK)
"""The shares the point before the peak and at the peak (2023 and 2024: a rise of 0.1 points)."""


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


def _cost_sign(elasticity, selection_effect, cost):
    k = elasticity * (1.0 + selection_effect)
    return (1.0 - k * cost) / (1.0 + k)


def _product_exponent(elasticity, selection_effect, cost):
    k = elasticity * selection_effect
    return (1.0 + k * cost) / (1.0 + k)


def _in_percent(elasticity, selection_effect, cost):
    return 100 * _best_take_rate(elasticity, selection_effect, cost)


def _from_the_package(elasticity, selection_effect, cost):
    return cost + (1 - cost) * optimal_take_rate(elasticity, selection_effect)


_FEE, _Q, _S, _M = 139, 41, 5, 13
_BREAK_EVEN = (_Q * _S - _FEE) / (_M - _S)  # 8.25: a count that breaks even rounds up (round() gives 8)
_ORDERS = math.ceil(_BREAK_EVEN)
_SHORT = _FEE + (_ORDERS - 1) * (_M - _S) - _Q * _S  # the platform's gain one order short (−2)
_ROUND_UP = (f"the break-even is {_BREAK_EVEN:.2f} orders, and at {_ORDERS - 1} extra orders the "
             f"platform still loses US${-_SHORT:g} a year ({_FEE} + {_ORDERS - 1} × {_M - _S} − "
             f"{_Q * _S}): a break-even count rounds up, to the first order that pays back.")
_LECTURE_PRIME = dict(base_orders=30, margin=10, shipping=6)  # the lecture's member: x* = 10.25

_BETA_STEP = 0.05  # the take-rate widget's β slider moves in steps of 0.05
_TARGET = 0.18
_BETA_EXACT = (1 / _TARGET - 1) / 1.5 - 1  # 2.037: τ* = 18% exactly, at ε = 1.5
_BETA = round(math.ceil(_BETA_EXACT / _BETA_STEP - 1e-9) * _BETA_STEP, 2)  # 2.05, the next step
_TAU_AT_BETA = optimal_take_rate(elasticity=1.5, selection_effect=_BETA)  # 0.179
_BETA_AT_EPS_2 = round(math.ceil(((1 / _TARGET - 1) / 2.0 - 1) / _BETA_STEP - 1e-9) * _BETA_STEP, 2)
"""1.30: the same question at ε = 2, where the lecture's widget starts."""


def _tau_at(beta: float, elasticity: float = 1.5) -> str:
    """τ* as the take-rate widget prints it (one decimal, half up)."""
    return f"{round_half_up(100 * optimal_take_rate(elasticity, beta), 1):.1f}%"


CHECKS = {
    "03.1": Number(
        expected=(_SELLER + _OTHER) / _TOTAL,
        unit="share of 2019 net sales, between 0 and 1",
        what="the share from third-party seller services plus 'Other (incl. advertising)'",
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
            Hint(capture_share(_LINES, _LECTURE_YEARS[-1]) + _SUBS_LAST,
                 f"that is the lecture's {_LECTURE_YEARS[-1]} share with subscription services "
                 "counted in; the question asks for 2019's third-party seller services plus "
                 "'Other (incl. advertising)' only."),
            Hint((_SELLER + _OTHER + _SUBSCRIPTIONS) / _TOTAL,
                 "you added subscription services too; the question asks for third-party seller "
                 "services plus 'Other (incl. advertising)' only."),
            Hint((_SELLER + _SUBSCRIPTIONS) / _TOTAL,
                 "that is third-party seller services plus subscription services; subscriptions "
                 "are not in the capture share the question defines (the lecture leaves them out "
                 "too): add 'Other (incl. advertising)', where 2019's advertising sits, instead."),
            Hint(1 - (_SELLER + _OTHER) / _TOTAL,
                 "that is the rest of net sales (1 − share); give the share of third-party seller "
                 "services plus 'Other (incl. advertising)' itself."),
            Hint(_SELLER + _OTHER,
                 "that is the two lines in US$ millions; divide their sum by 2019's net sales (the "
                 "sum of all its lines).", within=1),
            Hint((_SELLER + _OTHER) / 1000,   # r26c 03 #2: 67.847, the two lines in US$ billions
                 "that is the two lines in US$ billions; divide their sum by 2019's net sales (the "
                 "sum of all its lines).", within=0.05),
            Hint(_SHARE_2018, "that is 2018's share; the question asks for 2019."),
            Hint((_SELLER + _OTHER + float(_Y2019["AWS"])) / _TOTAL,
                 "you added AWS too; AWS is not a marketplace line: add only third-party seller "
                 "services and 'Other (incl. advertising)'."),
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
               # r28b D5: cost = 0 with β > 0 (the lecture's τ* = 0.25), so 1/(1 + ε) is refused
               {"elasticity": 2.0, "selection_effect": 0.5, "cost": 0.0},
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
            (_cost_sign, "sign slip: you wrote (1 − k·c)/(1 + k), so a cost lowers the take rate. "
                         "Expand (1 − τ) = k(τ − c): 1 + k·c = τ(1 + k), so the cost enters with a "
                         "plus, τ* = (1 + k·c)/(1 + k)."),
            (_product_exponent, "the exponent is k = ε(1 + β), not ε·β: with β = 0 sellers still "
                                "respond with elasticity ε."),
            (_in_percent, "that is τ* in percent; return a share of each sale (0.5, not 50)."),
        ),
        model=_from_the_package,
        rounding_examples="a grid or other search over τ finds only the best point it "
                          "tried, and round(...) before return drops digits; write the closed "
                          "form from π′(τ) = 0",
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
            Hint(1 / 2 - 0.2, "that is B/A = 1/d − a*, a ratio; multiply by A = US$1,800 to get "
                              "B in US$ per 1,000 searches.",
                 within=0.005),  # 0.30 only: 0.54 (US$ per search) is the next hint's
            Hint(1800 * (1 - 0.2), "that is A·(1 − a*): d is missing (as if a* = 1 − B/A); from "
                                   "a* = 1/d − B/A, B = A·(1/d − a*)."),
            Hint(1800 * (1 - 2 * 0.2), "that is A·(1 − d·a*): you multiplied a* by d instead of "
                                       "dividing 1 by d. B = A·(1/d − a*)."),
            Hint(1800 * (1 / 2 - 0.2) / 2, "you divided by d once too often: B = A·(1/d − a*), with "
                                           "d only under the 1."),
            Hint(1800 * (1 / 2 - 0.2) / 1000, "that looks like US$ per search (or thousands of "
                                              "dollars); give US$ per 1,000 searches, a whole "
                                              "number of dollars.",
                 within=0.005),  # 0.54 only: half a dollar either side would take 0.3 or 1.0 too
            Hint(1800 * (1 / 2 - 0.2) / 10, "that is a tenth of B (US$ per 100 searches, or a "
                                            "zero dropped from A = 1,800); give US$ per 1,000 "
                                            "searches: B = A·(1/d − a*) = 1,800 × 0.3."),
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
            Hint(round(_BREAK_EVEN, 1), _ROUND_UP),  # 8.2: the break-even typed at one decimal
            Hint(round_half_up(_BREAK_EVEN, 1), _ROUND_UP),  # 8.3: ... rounded half up
            Hint((_LECTURE_PRIME["base_orders"] * _LECTURE_PRIME["shipping"] - _FEE)
                 / (_LECTURE_PRIME["margin"] - _LECTURE_PRIME["shipping"]),
                 "that is the lecture's member (30 orders, margin US$10, shipping US$6); the "
                 "question changes all three."),
            Hint((_Q * _S - _FEE) / _M, f"the extra orders ship free too: each adds m − s = {_M} − {_S}, "
                                        f"not m = {_M}."),
            Hint((_Q * _S + _FEE) / (_M - _S), "the fee is income for the platform: it lowers the "
                                              "orders needed, (q·s − F)/(m − s)."),
            Hint(_FEE / (_M - _S), f"the fee is income, not a cost; what the extra orders must pay "
                                   f"back is the shipping now free on the {_Q} orders the member "
                                   f"placed anyway, less the fee: (q·s − F)/(m − s)."),
            Hint(_Q * _S - _FEE, f"that is q·s − F = {_Q * _S} − {_FEE}, the yearly shortfall in US$; "
                                 f"divide by what each extra order adds, m − s = {_M - _S}."),
            Hint(_M, f"that is the margin m = US${_M} an extra order, not a count of orders: the "
                     f"shortfall q·s − F = US${_Q * _S - _FEE} is paid back at m − s = {_M - _S} an "
                     f"order."),
            Hint(math.ceil((_Q * _S - _FEE) / _S), f"you divided the shortfall q·s − F = "
                                                   f"{_Q * _S - _FEE} by s = {_S}; each extra order "
                                                   f"adds m − s = {_M - _S}."),
        ),
    ),
    "03.5": Number(
        expected=_BETA,
        unit="selection effect β, a step of 0.05",
        what="the smallest β step",
        decimals=2,
        grid=_BETA_STEP,  # the slider's steps: 2.04 rounds near 2.037 but is no step
        kind="explore",
        hundredfold_hint="that is β × 100: the selection effect β is read off the slider as it "
                         "is (0 to 2.5, steps of 0.05), not as a percent.",
        hints=(
            Hint(_BETA - _BETA_STEP,
                 f"at β = {_BETA - _BETA_STEP:.2f} the widget shows τ* = {_tau_at(_BETA - _BETA_STEP)}, "
                 f"still above 18%: that is the step before the one asked. Move β one more step."),
            *(Hint(step, f"at β = {step:.2f} the widget shows τ* = {_tau_at(step)}, still above 18%: "
                         f"move β up, step by step, until τ* is 18% or less.")
              for step in (round(_BETA_STEP * k, 2) for k in range(40))  # 0 to 1.95
              if step not in (0.5, 1.5, _BETA_AT_EPS_2)),  # the lecture's cases and ε = 2's answer: below
            Hint(_BETA_EXACT,
                 f"τ* is exactly 18% at β = {_BETA_EXACT:.3f}, which is not a slider step; the question "
                 f"asks for the smallest step of 0.05 (2.00, 2.05, 2.10, …) at which τ* ≤ 18%: a "
                 f"threshold, so go up to the next step."),
            Hint(_BETA + _BETA_STEP,
                 f"at β = {_BETA + _BETA_STEP:.2f} τ* = {_tau_at(_BETA + _BETA_STEP)} is below 18%, but "
                 f"it is not the smallest step that gets there: check the step before."),
            *(Hint(1 + beta, "that is 1 + β (from ε(1 + β) ≥ 1/0.18 − 1); the slider sets β itself: "
                             "subtract 1.")
              for beta in (_BETA, _BETA_EXACT)),
            *(Hint(tau, "that is the best take rate τ* itself (at the answer, or the 18% target); "
                        "the question asks for the selection effect β that brings τ* to 18% or "
                        "less, a number between 0 and 2.5 on the slider.")
              for tau in (100 * _TAU_AT_BETA, round(100 * _TAU_AT_BETA, 1), 18,
                          _TAU_AT_BETA, 0.18)),
            Hint(_BETA_AT_EPS_2,
                 f"that is the answer at ε = 2, where the widget starts (τ* = "
                 f"{_tau_at(_BETA_AT_EPS_2, 2.0)} at β = {_BETA_AT_EPS_2:.2f}); the question sets the "
                 f"sellers' elasticity to ε = 1.5 first."),
            *(Hint(step, f"at β = {step:.2f} τ* = {_tau_at(step)} is below 18%, but a smaller step "
                         f"already gets there: move β down until τ* rises above 18%.")
              for step in (round(_BETA_STEP * k, 2) for k in range(43, 50))),  # 2.15 to 2.45
            Hint(_BETA / 100, "that is β ÷ 100: the selection effect β is read off the slider as it "
                              "is (0 to 2.5, steps of 0.05), not turned into a share.", within=1e-6),
            Hint(_BETA * 10, "that is β × 10: the selection effect β is read off the slider as it is "
                             "(0 to 2.5, steps of 0.05); check where the decimal point went."),
            *(Hint(round(_BETA_STEP * (k + 0.5), 3),  # between two steps
                   f"is between the slider's steps {_BETA_STEP * k:.2f} and {_BETA_STEP * (k + 1):.2f}: "
                   f"β moves in steps of 0.05, so give a multiple of 0.05, the smallest step at "
                   f"which τ* ≤ 18%.",
                   within=_BETA_STEP / 2 - 1e-5, echo=True)  # every value strictly between them
              for k in range(50)  # 0 to 2.50, less the gap that holds the τ* slips 0.179, 0.18
              if not _BETA_STEP * k < _TARGET < _BETA_STEP * (k + 1)),
            Hint(2.5, f"at the slider's top, β = 2.5, τ* = {_tau_at(2.5)} is below 18%, but a "
                      f"smaller step already gets there: move β down until τ* rises above 18%."),
            Hint(0.5, "that is the lecture's first case (β = 0.5 with ε = 2, τ* = 25.0%); the question "
                      "changes both: ε = 1.5 and τ* ≤ 18%."),
            Hint(1.5, f"that is the lecture's second case (β = 1.5 with ε = 2, τ* = 16.7%); with "
                      f"ε = 1.5, β = 1.5 gives τ* = {_tau_at(1.5)}, above 18%."),
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
    "03.8": Plot.from_table(
        SELLER_SHARES, "year", "seller_share", unit="share of net sales", share=True,
        unit_words=("share",), what="third-party seller services' share of net sales",
        draw="ax = seller_share.plot(...)",   # sns.lineplot would join 2019 to 2021 here
        x_words=("year", "yr", "fy"),
        abs_tol=0.0005,   # shares rounded to three decimals draw the same chart and pass
        mistakes={
            "seller_musd": "you plotted third-party seller services' net sales (US$ millions), not "
                           "their share: divide each year's line by that year's net sales (the sum "
                           "of its lines).",
            "seller_busd": "you plotted third-party seller services' net sales (US$ billions), not "
                           "their share: divide each year's line by that year's net sales (the sum "
                           "of its lines).",
            "seller_growth": "you plotted the growth of third-party seller services on the year "
                             "before (the lecture's chart), not their share of net sales: divide "
                             "each year's line by that year's net sales.",
            "seller_growth_pct": "you drew the lecture's growth chart (growth on the year before, in "
                                 "percent), not the share of net sales: divide each year's third-party "
                                 "seller services by that year's net sales.",
            "online_share": "you plotted online stores' share of net sales; the question asks for "
                            "third-party seller services.",
            "subscription_share": "you plotted subscription services' share of net sales; the "
                                  "question asks for third-party seller services.",
            "captured_share": "you added advertising ('Other (incl. advertising)' before 2021) to "
                              "third-party seller services; the question asks for third-party "
                              "seller services alone.",
            "aws_share": "you plotted AWS's share of net sales; the question asks for third-party "
                         "seller services.",
            "ads_share": "you plotted advertising services' share of net sales (its own line from "
                         "2021); the question asks for third-party seller services.",
            "share_ex_aws": "you divided by net sales without AWS; divide by all net sales, the sum "
                            "of every line, AWS included.",
        }),
    "03.9": Number(
        expected=_FIRST_FALL,
        unit="year",
        what="the year the share fell",
        year=True,
        kind="data",
        hints=(
            Hint(_PEAK, f"{_PEAK} is the share's peak, the last year it rose: {_PEAK_RISE[0]:.1%} → "
                        f"{_PEAK_RISE[1]:.1%} ({100 * (_PEAK_RISE[1] - _PEAK_RISE[0]):.1f} points, nearly "
                        f"flat on the chart); the question asks for the year it was lower than the year "
                        f"before."),
            Hint(_BIGGEST_RISE, f"in {_BIGGEST_RISE} the share rose (its largest step, across the "
                                f"blank {_MISSING[0]}); look for the first point below the one "
                                f"before it."),
            *(Hint(year, f"{year} is not on the chart: the course has not read that year's lines "
                         f"(lecture §2), so the share has no value there.")
              for year in _MISSING),
            Hint(float(_SHARE_ROWS["seller_share"].iloc[-1]),
                 "that is the share itself; the question asks for the year it fell.", within=0.01),
            # r26c 03 #1: 25 is the year written with two digits, not the share in percent (24.0);
            # the percent hint reaches half a point either side, so 23 and 25 are no longer caught
            Hint(_FIRST_FALL % 100, "that looks like a year written with two digits; give the year "
                                    "in full, four digits.", within=0.4),
            Hint(100 * float(_SHARE_ROWS["seller_share"].iloc[-1]),
                 "that is the share in percent, or a year written with two digits; give the year it "
                 "fell, all four digits.", within=0.5),
            Hint(_LAST_YEAR + 1, f"the table ends in {_LAST_YEAR}: read the year of the point that fell."),
            Hint(_FIRST_YEAR, f"{_FIRST_YEAR} is the chart's first point: there is no year before it "
                              f"to be lower than. Look for the first point below the one before it."),
            # every other year on the chart before the first fall: the share rose there
            *(Hint(year, f"in {year} the share rose, {before:.1%} → {now:.1%}: look further on for "
                         f"the first point below the one before it.")
              for year, before, now in _RISES if year not in (_PEAK, _BIGGEST_RISE)),
        ),
    ),
}
