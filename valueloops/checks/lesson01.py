"""Checks for lesson 01 (the flywheel): AWS's growth rate, a step of the capped loop, the link that
makes G = 1, when the S-curve passes three quarters of its capacity, the push a target needs, AWS's
share of net sales drawn (a plot) and the year it fell, a concept."""

from ..course import LATEST_FISCAL_YEAR
from ..data import load, value
from ..rounding import round_half_up
from ..flywheel import (capped_path, fit_constant_growth, fit_logistic, fit_pushed_loop, growth_fit_error,
                        growth_rates, loop_gain, loop_path)
import math

import pandas as pd

from .core import CORRECT, WRONG, Choice, Feedback, Function, Hint, Number
from .plot import Plot, read_plot


def _aws(year: int) -> float:
    return value("amazon_segments", "net_sales_musd", segment="AWS", year=year)


def _consolidated(year: int) -> float:
    return value("amazon_segments", "net_sales_musd", segment="Consolidated", year=year)


_FIRST, _LAST = 2015, LATEST_FISCAL_YEAR
_YEARS = _LAST - _FIRST  # years of growth between the two
_RATIO = _aws(_LAST) / _aws(_FIRST)
_AWS_CAGR = 100 * (_RATIO ** (1 / _YEARS) - 1)
_AWS_MEAN = 100 * sum(_aws(y) / _aws(y - 1) - 1 for y in range(_FIRST + 1, _LAST + 1)) / _YEARS
_AWS_ROWS = (load("amazon_segments").query("segment == 'AWS'").set_index("year")["net_sales_musd"]
             .sort_index())
_AWS_ALL_MEAN = 100 * float(_AWS_ROWS.pct_change().mean())  # every AWS row's yearly rate, averaged
_AWS_ALL_RATES = int(_AWS_ROWS.pct_change().count())

_SEGMENTS = load("amazon_segments")
_SALES = (_SEGMENTS[_SEGMENTS["segment"] == "Consolidated"].set_index("year")["net_sales_musd"]
          .sort_index() / 1000)
_FIT = fit_logistic(_SALES)
_LEAK_GAIN = 0.95  # the lecture's leaking loop
_LEAK_ERROR = 100 * growth_fit_error(_SALES, fit_pushed_loop(_SALES, gain=_LEAK_GAIN))
_FLAT = fit_constant_growth(_SALES)
_FLAT_ERROR = 100 * growth_fit_error(_SALES, _FLAT)
_GROWTH_RATES = len(growth_rates(_SALES))
_PANDEMIC_PEAK = 100 * float(growth_rates(_SALES).loc[2020])  # percent
_PANDEMIC_LOW = 100 * float(growth_rates(_SALES).loc[2022])
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen").split()


def _next_level(x: float, gain: float, push: float, capacity: float) -> float:
    """One step of the capped loop, from the package's model."""
    return float(capped_path(gain=gain, push=push, capacity=capacity, steps=1, start=x).iloc[-1])


def _no_cap(x, gain, push, capacity):
    return gain * x + push


def _floor_division(x, gain, push, capacity):
    # x // capacity is 0 for every x below K, so (1 - x // capacity) is 1: on the check's cases
    # (all below K) this gives exactly the plain loop's outputs, G·x + u
    return x + ((gain - 1) * x + push) * (1 - x // capacity)


_PLAIN_LOOP = ("that is the plain loop G·x + u on every case: the balancing loop is missing, or "
               "you wrote x // capacity, which is floor (integer) division: it gives 0 for every x "
               "below K, so (1 − x // K) is 1 and the cap never acts. Use x / capacity, and multiply "
               "the step (G − 1)·x + u by (1 − x/K).")


def _cap_whole_level(x, gain, push, capacity):
    return (gain * x + push) * (1 - x / capacity)


def _change_only(x, gain, push, capacity):
    return ((gain - 1) * x + push) * (1 - x / capacity)


def _gain_not_gain_minus_one(x, gain, push, capacity):
    return x + (gain * x + push) * (1 - x / capacity)


def _push_outside_cap(x, gain, push, capacity):
    return x + (gain - 1) * x * (1 - x / capacity) + push


def _no_push(x, gain, push, capacity):
    return x + (gain - 1) * x * (1 - x / capacity)


def _cap_push_only(x, gain, push, capacity):
    return gain * x + push * (1 - x / capacity)


def _room_sign_flipped(x, gain, push, capacity):
    return x + ((gain - 1) * x + push) * (x / capacity - 1)


def _hard_cap(x, gain, push, capacity):
    return min(gain * x + push, capacity)


def _rounded(x, gain, push, capacity, places=0):
    return round(x + ((gain - 1) * x + push) * (1 - x / capacity), places)


def _rounded_to_tenths(x, gain, push, capacity):
    return _rounded(x, gain, push, capacity, places=1)


def _rounded_to_hundredths(x, gain, push, capacity):
    return _rounded(x, gain, push, capacity, places=2)


_THREE = (1.2, 0.85, 1.1)
_CAPPED = capped_path(gain=loop_gain((1.1, 1.0, 1.0)), push=10, capacity=1000, steps=40, start=50)
_FREE = loop_path(gain=loop_gain((1.1, 1.0, 1.0)), push=10, steps=40, start=50)
_THREE_QUARTERS_K = int((_CAPPED >= 750).idxmax())
_QUARTERS_AT_750 = int((_CAPPED >= 750).sum())  # quarters 0-40 at or above 750, counted
_FROM_ZERO = capped_path(gain=loop_gain((1.1, 1.0, 1.0)), push=10, capacity=1000, steps=40, start=0)
_FROM_ZERO_750 = int((_FROM_ZERO >= 750).idxmax())  # the same path started from 0, not 50
_LEVEL_NOT_QUARTER = ("that is a level of orders (or the 750 threshold), not a quarter; give the row "
                      "label of the first level at or above 750.")
_LEVELS_TYPED = (750.0, 1000.0, float(_CAPPED.iloc[-1]),           # threshold, K, the lecture's quarter 40
                 float(_CAPPED.loc[_THREE_QUARTERS_K]))           # the level at the answer's quarter
_AWS_SHARE_2DP = round(_AWS_CAGR / 100, 2)  # the rate as a share, rounded to two decimals

# 01.8-01.9: AWS's share of Amazon's net sales by year (AWS rows ÷ Consolidated rows), drawn, and
# the one year it fell; the neighbouring series a student may draw instead, each with its hint
_NET = _SEGMENTS.pivot(index="year", columns="segment", values="net_sales_musd").sort_index()
_INCOME = _SEGMENTS.pivot(index="year", columns="segment", values="operating_income_musd").sort_index()
_AWS_SHARE = pd.DataFrame({
    "year": _NET.index,
    "share": _NET["AWS"] / _NET["Consolidated"],
    "aws_musd": _NET["AWS"],
    "aws_busd": _NET["AWS"] / 1000,
    "income_share": _INCOME["AWS"] / _INCOME["Consolidated"],
    "share_2dp": (_NET["AWS"] / _NET["Consolidated"]).round(2),   # too coarse: fails abs_tol
    "share_of_every_row": _NET["AWS"] / _NET.sum(axis=1),   # the Consolidated total counted twice
    "share_of_the_rest": _NET["AWS"] / (_NET["North America"] + _NET["International"]),
    "growth": _NET["AWS"].pct_change(),
    "consolidated_busd": _NET["Consolidated"] / 1000,       # the lecture's own chart, copied
    "consolidated_musd": _NET["Consolidated"],
    "north_america_share": _NET["North America"] / _NET["Consolidated"],
    "international_share": _NET["International"] / _NET["Consolidated"],
}).reset_index(drop=True)
_SHARE_FELL = [int(y) for y in _AWS_SHARE["year"][_AWS_SHARE["share"].diff() < 0]]
assert len(_SHARE_FELL) == 1, f"AWS's share fell in {_SHARE_FELL}: 01.9 asks for the one year it fell"
_FELL = _SHARE_FELL[0]
_SHARE = _AWS_SHARE.set_index("year")["share"]
_AWS_GROWTH = _AWS_SHARE.set_index("year")["growth"].dropna()
_AWS_SLOWEST = int(_AWS_GROWTH.idxmin())       # AWS's slowest growth: its share still rose
_WHOLE_SLOWEST = int(growth_rates(_SALES).idxmin())  # the whole company's slowest (the lecture's table)
_FELL_ROW = int(_AWS_SHARE.index[_AWS_SHARE["year"] == _FELL][0])   # its row after reset_index() (6)
_FELL_BY = float(_SHARE.diff().min())   # the fall itself (.diff().min(), about -0.0073)


def _share3(year: int) -> str:
    """AWS's share of net sales in ``year``, rounded half up to three decimals (0.118)."""
    return f"{round_half_up(float(_SHARE[year]), 3):.3f}"

_COMPANY_CAGR = 100 * ((_consolidated(_LAST) / _consolidated(_FIRST)) ** (1 / _YEARS) - 1)   # 20.95


CHECKS = {
    "01.1": Number(
        expected=_AWS_CAGR,
        unit="percent a year",
        what=f"AWS's compound annual growth rate {_FIRST}-{_LAST}",
        percent=True,
        decimals=1,
        kind="data",
        hints=(
            Hint(100 * (_RATIO ** (1 / (_YEARS + 1)) - 1),
                 f"{_YEARS + 1} is the number of years in the window {_FIRST}–{_LAST}; n counts the "
                 f"years of growth between them: {_YEARS}. Take the {_YEARS}th root of sales "
                 f"{_LAST} ÷ sales {_FIRST}."),
            Hint(100 * ((_aws(_LAST) / _aws(_FIRST - 1)) ** (1 / (_YEARS + 1)) - 1),
                 f"that starts from {_FIRST - 1}; the question asks for {_FIRST}-{_LAST}."),
            Hint(100 * ((_aws(_LAST - 1) / _aws(_FIRST)) ** (1 / (_YEARS - 1)) - 1),
                 f"that ends in {_LAST - 1}; the table runs to {_LAST}: use {_FIRST}-{_LAST}, "
                 f"{_YEARS} years of growth."),
            Hint(100 * ((_aws(_LAST - 1) / _aws(_FIRST)) ** (1 / _YEARS) - 1),
                 f"that divides {_LAST - 1}'s sales by {_FIRST}'s (or {_LAST}'s by {_FIRST + 1}'s, "
                 f"which rounds the same): the question runs from {_FIRST} to {_LAST}: take the "
                 f"{_YEARS}th root of sales {_LAST} ÷ sales {_FIRST}."),
            Hint(100 * ((_aws(_LAST - 1) / _aws(_FIRST - 1)) ** (1 / _YEARS) - 1),
                 f"that is {_FIRST - 1}–{_LAST - 1}, both ends a year early; the question asks for "
                 f"{_FIRST}–{_LAST}."),
            Hint(_AWS_ALL_MEAN, f"that is the average of the yearly growth rates (`pct_change().mean()` "
                                f"on every AWS row: {_AWS_ALL_RATES} rates, "
                                f"{int(_AWS_ROWS.index[1])}–{_LAST}), not the compound rate; the "
                                f"compound rate g solves (1 + g)^{_YEARS} = sales {_LAST} ÷ sales "
                                f"{_FIRST}."),
            Hint(_AWS_MEAN, f"that is the average of the {_YEARS} yearly growth rates "
                            f"{_FIRST + 1}–{_LAST}, not the compound rate; the compound rate g "
                            f"solves (1 + g)^{_YEARS} = sales {_LAST} ÷ sales {_FIRST}."),
            Hint(_COMPANY_CAGR, "that is the whole company (Consolidated); keep the AWS rows."),
            # review r21a: 20.95 cut off (not rounded half up) to 20.9 falls outside that hint
            Hint(math.floor(10 * _COMPANY_CAGR) / 10, "that is the whole company (Consolidated), "
                                                      "cut off at one decimal; keep the AWS rows.",
                 within=0.005),
            Hint(100 * (_RATIO - 1), f"that is the growth over the whole {_YEARS} years; the "
                                     "question asks for the rate per year."),
            # r25a 01 #8: the multiple × 100 (sales 2025 as a percent of 2015's)
            Hint(100 * _RATIO, f"that is sales {_LAST} as a percent of sales {_FIRST} (the multiple "
                               f"× 100), not a rate a year: the rate g solves (1 + g)^{_YEARS} = sales "
                               f"{_LAST} ÷ sales {_FIRST}."),
            *(Hint(100 * rate, f"that is the lecture's table: the whole company's growth in {year}; "
                               f"the question asks for AWS's compound rate over {_FIRST}-{_LAST}.")
              for year, rate in growth_rates(_SALES).items()),
            Hint(100 * _FLAT.rate, "that is the lecture's benchmark, the whole company's constant "
                                   f"growth rate ({100 * _FLAT.rate:.1f}% a year, the average of its "
                                   "yearly rates); the question asks for AWS's compound rate from "
                                   "the AWS rows."),
            Hint(round(100 * _FIT.rate), "that is the lecture's logistic fit of the whole company's growth "
                                  "far below the limit; the question asks for AWS's compound rate "
                                  "from its own data."),
            Hint(1 + _AWS_CAGR / 100, "that is the growth factor 1 + g (how many times a year's sales "
                                      "the next year brings); the question asks for the rate g itself, "
                                      "in percent: subtract 1, then multiply by 100."),
            Hint(100 + _AWS_CAGR, "that is the growth factor 1 + g in percent; the question asks for "
                                  "the rate g itself: subtract 100."),
            Hint(100 * ((round(_aws(_LAST) / 1000) / round(_aws(_FIRST) / 1000)) ** (1 / _YEARS) - 1),
                 f"that is what sales rounded to whole US$ billions give ({round(_aws(_LAST) / 1000)} "
                 f"÷ {round(_aws(_FIRST) / 1000)}); rounding the inputs moves the rate: use the table's "
                 f"US$ millions ({_aws(_LAST):,.0f} ÷ {_aws(_FIRST):,.0f}) and round only the result."),
            Hint(100 * math.log(_RATIO) / _YEARS,
                 f"that is the continuous (log) rate, ln(sales {_LAST} ÷ sales {_FIRST}) ÷ {_YEARS}; the compound "
                 f"annual rate g solves (1 + g)^{_YEARS} = sales {_LAST} ÷ sales {_FIRST}: "
                 f"g = (sales {_LAST} ÷ sales {_FIRST})^(1/{_YEARS}) − 1."),
            # r24a #6: n one too small, the multiple itself, the last year's growth alone
            Hint(100 * (_RATIO ** (1 / (_YEARS - 1)) - 1),
                 f"that takes the {_YEARS - 1}th root; {_FIRST}–{_LAST} holds {_YEARS} years of "
                 f"growth (n = {_LAST} − {_FIRST}): take the {_YEARS}th root of sales {_LAST} ÷ "
                 f"sales {_FIRST}."),
            Hint(_RATIO, f"that is the multiple, sales {_LAST} ÷ sales {_FIRST} (how many times "
                         f"larger), not a rate a year: the rate g solves (1 + g)^{_YEARS} = that "
                         "multiple.", within=0.05),
            Hint(100 * (_aws(_LAST) / _aws(_LAST - 1) - 1),
                 f"that is AWS's growth in {_LAST} alone (on {_LAST - 1}); the question asks for the "
                 f"compound rate a year over {_FIRST}-{_LAST}."),
            # the share rounded to two decimals is too coarse for the share hint (it is not the
            # answer ÷ 100 at one decimal of a percent): named here, and only near that value
            Hint(_AWS_SHARE_2DP, "that looks like a share rounded to two decimals; give a percent to "
                                 "one decimal (e.g. 25.0, not 0.25): multiply the share by 100, then "
                                 "round.", within=0.0005),
        ),
    ),
    "01.2": Function(
        reference=_next_level,
        cases=(dict(x=100.0, gain=1.3, push=10.0, capacity=1000.0),
               dict(x=900.0, gain=1.3, push=10.0, capacity=1000.0),
               dict(x=50.0, gain=0.8, push=10.0, capacity=500.0),
               dict(x=123.4, gain=1.15, push=7.5, capacity=800.0)),
        unit="thousand orders",
        what="next_level",
        mistakes=(
            (_hard_cap, "that is the plain loop G·x + u cut off at K (min(G·x + u, K)): it runs at full "
                        "speed until it hits the wall. The balancing loop slows the step gradually as x "
                        "nears K: x + [(G − 1)·x + u]·(1 − x/K)."),
            (_no_push, "you left out the push u: that is the textbook logistic step "
                       "x + (G − 1)·x·(1 − x/K). Here the push (new countries, marketing) is part "
                       "of the step: x + [(G − 1)·x + u]·(1 − x/K)."),
            (_cap_push_only, "you capped only the push (G·x + u·(1 − x/K)): the loop's own growth "
                             "(G − 1)·x runs into the limit too. The whole step (G − 1)·x + u "
                             "shrinks by (1 − x/K) and is added to x."),
            (_push_outside_cap, "you added the push u outside the cap; the whole step (G − 1)·x + u, "
                                "push included, shrinks by (1 − x/K): near K even new countries and "
                                "marketing run into the limit."),
            *((rounded, "you rounded or truncated the result (round(...) or int(...) cut the "
                        "decimals); return the exact value (round only what you print, if at all): "
                        "a rounded step, repeated quarter after quarter, drifts.")
              for rounded in (_rounded, _rounded_to_tenths, _rounded_to_hundredths)),
            (_no_cap, _PLAIN_LOOP),
            (_floor_division, _PLAIN_LOOP),   # the same outputs as _no_cap: one hint names both
            (_cap_whole_level, "you shrank the whole level by (1 − x/K); only the step "
                               "(G − 1)·x + u shrinks, and it is added to x."),
            (_change_only, "that is the change from x to the next level; add it to x."),
            (_room_sign_flipped, "the room left is 1 − x/K, not x/K − 1: your step shrinks the level "
                                 "instead of raising it."),
            (_gain_not_gain_minus_one, "you used G where the step has G − 1: the step is "
                                       "(G − 1)·x + u (x itself is already kept), times (1 − x/K)."),
        ),
        model=_next_level,
        # the reference is exact: a result rounded inside the function, at any number of decimals a
        # student writes (round(..., 3) moves case 4 by 4e-5), is the named "rounded inside" slip
        rel_tol=1e-9,
    ),
    "01.3": Number(
        expected=1 / loop_gain(_THREE),
        unit="marginal effect of the fourth link",
        what="the fourth link",
        decimals=2,
        hints=(
            # 0.9 exactly (the answer rounded to one decimal), not 0.895, a wrong two-decimal
            # answer that ordinary matching would read as 0.90
            Hint(0.9, "0.9 looks like the answer rounded to one decimal; the question asks for it to "
                      "two decimals. (0.9 is also the lecture's weakened link, 1.1 × 0.9 × 1.0 = 0.99; "
                      "the question asks for the fourth link that makes 1.2 × 0.85 × 1.1 × e4 = 1.)",
                 within=1e-9),
            Hint(loop_gain(_THREE), "that is G of the first three links; the fourth link e4 must make "
                                    "the product 1: e4 = 1 ÷ (1.2 × 0.85 × 1.1)."),
            Hint(1 - (loop_gain(_THREE) - 1), "you subtracted the excess; around a loop the links "
                                              "multiply, so divide: e4 = 1 ÷ (1.2 × 0.85 × 1.1)."),
            *(Hint(gap, "that is the gap between G and 1; around a loop the links multiply: "
                        "e4 = 1 ÷ (1.2 × 0.85 × 1.1).")
              for gap in (loop_gain(_THREE) - 1, 1 - loop_gain(_THREE))),
            Hint(4 - sum(_THREE), "0.85 is the second link itself (traffic → selection), or 4 minus the "
                                  "sum of the three links; around a loop the links multiply, so divide: "
                                  "e4 = 1 ÷ (1.2 × 0.85 × 1.1) = 1 ÷ 1.122."),
            Hint(1 / round(loop_gain(_THREE), 1),
                 "you rounded G to 1.1 before dividing (1 ÷ 1.1 = 0.91); keep G unrounded, "
                 "1.2 × 0.85 × 1.1 = 1.122, and round only the link: 1 ÷ 1.122."),
            Hint(1.0, "1 is the loop gain the four links must reach together, not the fourth link; "
                      "the link solves 1.2 × 0.85 × 1.1 × e4 = 1.", within=0.0001),
            Hint(0.99, "0.99 is the lecture's G of the loop 1.1 × 0.9 × 1.0, not a link; the "
                       "fourth link solves 1.2 × 0.85 × 1.1 × e4 = 1."),
            Hint(0.95, "that is the gain of the lecture's leaking loop (section 6), not a link; the "
                       "fourth link solves 1.2 × 0.85 × 1.1 × e4 = 1."),
            Hint(1.1, "1.1 is one of the given links (the third, and the lecture's first), not the "
                      "fourth; the fourth link solves 1.2 × 0.85 × 1.1 × e4 = 1."),
        ),
        hundredfold_hint="that is the link in percent; a link is a marginal effect, a multiplier "
                         "(e.g. 0.5, not 50): divide by 100.",
    ),
    "01.4": Number(
        expected=_THREE_QUARTERS_K,
        unit="quarter number, counting from quarter 0",
        what="the first quarter at three quarters of the capacity",
        count=True,
        kind="explore",
        hints=(
            Hint(int((_FREE >= 750).idxmax()), "that is the path without a limit; with the balancing "
                                               "loop growth slows as x nears K, so it takes longer."),
            Hint(_THREE_QUARTERS_K - 1, "in that quarter the capped path is still just under 750; the question "
                              "asks for the first quarter at or above 750."),
            Hint(_FROM_ZERO_750, "that is the capped path started from 0; the lecture's flywheel (and "
                                 "the question) starts at 50 thousand orders a quarter: start=50."),
            Hint(_QUARTERS_AT_750, "that is how many quarters (of 0 to 40) are at or above 750; the "
                                   "question asks for the number of the first one, counting from "
                                   "quarter 0."),
            Hint(_THREE_QUARTERS_K + 1, "one too many: counting the start as quarter 1? The path's "
                                        "rows are labelled from quarter 0 (the start); give the row "
                                        "label of the first level at or above 750."),
            Hint(int((_FREE >= 750).idxmax()) + 1, "that is the path without a limit, counted from 1; "
                                                   "the question's path has the balancing loop, and "
                                                   "its quarters count from 0."),
            Hint(0, "0 is what idxmax() returns when no quarter meets the condition: check that the path "
                    "runs the question's steps=40 from start=50 and that you compare with 750 "
                    "(capped >= 750)."),
            # a level as typed, whole or with decimals (768.9): a count's hint would match only
            # the whole numbers next to it
            *(Hint(level, _LEVEL_NOT_QUARTER, within=1.0) for level in _LEVELS_TYPED),
        ),
    ),
    "01.5": Number(
        expected=(520 - 400) * (1 - 0.85),
        unit="thousand orders a quarter",
        what="the rise in the push",
        decimals=1,
        hints=(
            Hint(120.0, "that is the rise in the level; the loop multiplies a push by 1/(1 − G), so the "
                        "push needed is smaller: Δu = Δx·(1 − G)."),
            Hint(120 * 0.85, "you multiplied by G; the push needed is Δx·(1 − G)."),
            Hint(120 / (1 - 0.85), "that is what a push of 120 would do; go the other way: "
                                   "Δu = Δx·(1 − G)."),
            Hint(round(100 * float(fit_pushed_loop(_SALES).growth_at(_SALES.iloc[-1])), 1),
                 f"that is the lecture's pushed loop's growth (%) for {int(_SALES.index[-1]) + 1}; "
                 "the question asks for the rise in the push: Δu = Δx·(1 − G)."),
            Hint(50.0, "50 is the rise in the push in the lecture's example (section 4, u from 100 "
                       "to 150); this question asks for the push that lifts the level from 400 to "
                       "520 at G = 0.85: Δu = Δx·(1 − G)."),
            Hint(400 * (1 - 0.85), "that is today's push itself (400·(1 − G)); the question asks how "
                                   "much it must rise to reach 520: Δu = (520 − 400)·(1 − G)."),
            Hint(1000 * (520 - 400) * (1 - 0.85), "that is in orders; the unit is thousand orders a "
                                                  "quarter: give 18, not 18,000."),
            Hint((520 - 400) * (1 - 0.85) / 100, "off by a factor of 100: the answer is a number of "
                                                 "thousand orders a quarter (Δu = Δx·(1 − G)), not a "
                                                 "share or a percent: give 18, not 0.18.",
                 within=0.005),
            Hint((520 - 400) * (1 - 0.85) / 10, "off by a factor of 10: the rise in the level is "
                                                "520 − 400 = 120 thousand orders (not 12), and "
                                                "Δu = Δx·(1 − G); check where the decimal point went.",
                 within=0.005),
            Hint(1 - 0.85, "that is 1 − G; multiply it by the rise in the level, 520 − 400 = 120: "
                           "Δu = Δx·(1 − G).", within=0.005),
            Hint(520 * (1 - 0.85), "that is the new push itself (520·(1 − G)); the question asks how much "
                                   "it must rise from today's 400·(1 − G)."),
            Hint(1 / (1 - 0.8), "5 is the lecture's multiplier 1/(1 − G) at G = 0.8 (section 4: every "
                                "extra order a quarter ends up as five); this question asks for the rise "
                                "in the push at G = 0.85: Δu = Δx·(1 − G)."),
            Hint(1 / (1 - 0.85), "that is this loop's multiplier 1/(1 − G), not the push: divide the rise "
                                 "in the level, 520 − 400 = 120, by it: Δu = Δx·(1 − G)."),
            Hint((520 - 400) * (1 - 0.8), "that uses the lecture's G = 0.8 (section 4); this loop has "
                                          "G = 0.85: Δu = Δx·(1 − 0.85)."),
        ),
    ),
    "01.8": Plot.from_table(
        _AWS_SHARE, "year", "share", unit="share of net sales", share=True,
        one_series=True,   # the question says "draw it as one series"
        unit_words=("share", "fraction", "proportion", "ratio"),
        what="AWS's share of Amazon's net sales",
        abs_tol=0.0005,   # shares rounded to three decimals draw the same chart and pass
        mistakes={
            "share_2dp": "your shares are rounded to two decimals (0.05 for 2014's 0.052), too coarse "
                         "to draw the yearly steps: plot them unrounded, or to three decimals.",
            "aws_musd": "you plotted AWS's net sales (US$ millions), not its share: divide each year's "
                        "AWS row by that year's Consolidated row.",
            "aws_busd": "you plotted AWS's net sales (US$ billions), not its share: divide each year's "
                        "AWS row by that year's Consolidated row.",
            "income_share": "you plotted AWS's share of operating income (operating_income_musd); the "
                            "question asks for its share of net sales (net_sales_musd).",
            "share_of_every_row": "your shares are half the right ones: you divided by the sum of every "
                                  "row of the year, which holds the Consolidated total besides the three "
                                  "segments (the total counted twice); divide by the Consolidated row.",
            "share_of_the_rest": "you divided by North America + International only; the question asks "
                                 "for AWS's share of all of Amazon's net sales: divide by the "
                                 "Consolidated row (AWS included).",
            "growth": "you plotted AWS's yearly growth rate, not its share of net sales: divide each "
                      "year's AWS row by that year's Consolidated row.",
            "consolidated_busd": "that is the lecture's chart: all of Amazon's net sales (US$ billions). "
                                 "Plot AWS's share: the AWS row ÷ the Consolidated row, each year.",
            "consolidated_musd": "that is all of Amazon's net sales (US$ millions), the lecture's series. "
                                 "Plot AWS's share: the AWS row ÷ the Consolidated row, each year.",
            "north_america_share": "that is North America's share of net sales; the question asks for "
                                   "AWS's: divide the AWS row, not North America's, by the "
                                   "Consolidated row.",
            "international_share": "that is International's share of net sales; the question asks for "
                                   "AWS's: divide the AWS row, not International's, by the "
                                   "Consolidated row.",
        }),
    "01.9": Number(
        expected=_FELL,
        unit="year",
        what="the year AWS's share of net sales fell",
        year=True,
        kind="data",
        hints=(
            # r29a: the years either side of the fall get the plain "it rose" hint below (a "peak so
            # far" or "rose again" hint would point at the year between them)
            Hint(_AWS_SLOWEST, f"{_AWS_SLOWEST} is the year AWS's own growth was slowest, but its share "
                               f"still rose, only a little ({_share3(_AWS_SLOWEST - 1)} → "
                               f"{_share3(_AWS_SLOWEST)}): the rest of Amazon grew slower still. Look "
                               "for the year the share fell."),
            Hint(_WHOLE_SLOWEST, f"{_WHOLE_SLOWEST} is the year the whole company grew slowest (the "
                                 "lecture's table); AWS's share rose that year. The question asks when "
                                 "the share itself fell."),
            # every other year of the table: the share rose that year (2014 has no year before)
            *(Hint(year, f"in {year} the share rose ({_share3(year - 1)} → {_share3(year)}); look "
                         "for the one point lower than the point before it.")
              for year in range(_FIRST, _LAST + 1)
              if year not in (_FELL, _AWS_SLOWEST, _WHOLE_SLOWEST)),
            Hint(_FIRST - 1, f"{_FIRST - 1} is the first year of the table: there is no year before "
                             "it to compare with; look for the one point lower than the point "
                             "before it."),
            # the year cut to two digits (20 for 2020, 16 for 2016)
            *(Hint(year % 100, "give the year in full, four digits (e.g. 2016).")
              for year in range(_FIRST - 1, _LAST + 1)),
            # a share typed for the year: the share the year it fell (0.118), in percent, or any share
            Hint(float(_share3(_FELL)), f"{_share3(_FELL)} is a share: the question asks for the year, "
                                        "the one in which the share was lower than the year before "
                                        "(e.g. 2016).", within=0.0005),
            Hint(100 * float(_share3(_FELL)), "that is a share in percent: the question asks for the "
                                              "year, the one in which the share was lower than the "
                                              "year before (e.g. 2016).", within=0.05),
            # r24a #3: the two likeliest pandas slips, the row number and the change itself
            Hint(_FELL_ROW, "that is the row number of the year, not the year: after reset_index() "
                            "idxmin() gives a position; read the year in that row "
                            f"(aws_share[\"year\"].iloc[{_FELL_ROW}] for a table) or keep year as "
                            "the index of a Series."),
            Hint(round(_FELL_BY, 4), "that is the change in the share (.diff().min()), not the year it "
                                     "happened: use .idxmin() on a Series indexed by year.",
                 within=0.0005),
            Hint(0.5, "that is a share (0 to 1), not a year: the question asks for the year in which "
                      "AWS's share was lower than the year before (e.g. 2016).", within=0.5),
        ),
    ),
    "01.6": Choice(
        correct="d",
        options={
            "a": "A leaking loop with a push fits the slowdown: the flywheel's loop gain is now "
                 "below 1, so growth keeps falling.",
            "b": f"A loop meeting a limit fits best: net sales will level off near US$ "
                 f"{_FIT.capacity:,.0f} billion, the fit's K.",
            "c": f"The fall in growth from {_PANDEMIC_PEAK:.0f}% in 2020 to {_PANDEMIC_LOW:.0f}% in "
                 "2022 shows the limit binding: net sales have reached the fit's K.",
            "d": f"A loop meeting a limit fits best, but {_NUMBER_WORDS[_GROWTH_RATES]} growth "
                 "rates cannot rule out a pushed loop with no limit.",
        },
        hints={
            "a": f"the leaking loop (G = {_LEAK_GAIN}) misses the growth rates by {_LEAK_ERROR:.1f} "
                 f"points, more than one constant growth rate ({_FLAT_ERROR:.1f}); its miss only "
                 "shrinks as G rises towards 1, so these data reject it. Falling growth does not show "
                 "G < 1: a reinforcing loop with a push also grows at a falling rate.",
            "b": f"the fit is descriptive: {_NUMBER_WORDS[_GROWTH_RATES]} growth rates, a pandemic "
                 "year among them; a pushed loop with no limit fits them less well but is not ruled "
                 "out, and it has no K at all. K is conditional on the limit reading, not a forecast.",
            "c": f"net sales (US$ {_SALES.iloc[-1]:,.0f} billion in {int(_SALES.index[-1])}) are still "
                 f"well below the fit's K (US$ {_FIT.capacity:,.0f} billion); the jump in 2020 and the drop in "
                 "2022 are the pandemic boost and its unwinding, which no smooth loop follows. And "
                 "even the limit reading is not proven: a pushed loop with no limit also fits.",
        },
    ),
}
