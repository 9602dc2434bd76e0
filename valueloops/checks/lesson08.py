"""Checks for lesson 08 (scale and frugality): AWS's margin in a year the lecture did not show,
Wright's curve, average cost at scale, cost-plus against dollar-for-dollar pass-through, Bass
adoption's word of mouth for a given peak, and the pass-through that brings the price below half of launch.

Expected values come from the course data (``load("amazon_segments")``) and the package's models.
"""

import math

from ..adoption import bass_peak_time
from ..data import load
from ..scale import average_cost, scale_path, segment_margins, wright_unit_cost
from .core import Choice, Function, Hint, Number
from .plot import Plot

_MARGINS = segment_margins(load("amazon_segments")).set_index(["segment", "year"])
DATA_YEAR = 2022
_AWS = float(_MARGINS.loc[("AWS", DATA_YEAR), "operating_margin"])
_AWS_BEFORE = float(_MARGINS.loc[("AWS", DATA_YEAR - 1), "operating_margin"])
_AWS_AFTER = float(_MARGINS.loc[("AWS", DATA_YEAR + 1), "operating_margin"])
LECTURE_YEARS = (2014, 2019, 2024, 2025)   # the years whose margins the lecture prints
_AWS_PRINTED = {year: float(_MARGINS.loc[("AWS", year), "operating_margin"]) for year in LECTURE_YEARS}
_AMZN = float(_MARGINS.loc[("Consolidated", DATA_YEAR), "operating_margin"])
_AMZN_PRINTED = {year: float(_MARGINS.loc[("Consolidated", year), "operating_margin"])
                 for year in LECTURE_YEARS}
_AWS_OF_TOTAL = float(_MARGINS.loc[("AWS", DATA_YEAR), "operating_income_bn"]
                      / _MARGINS.loc[("Consolidated", DATA_YEAR), "net_sales_bn"])

# 08.3: the volume at which a region's average cost F/Q + v falls below a rival's price (inverse of
# the lecture's average cost: solve F/Q + v < target for Q, Q > F/(target − v))
REGION = dict(fixed_cost=120e6, variable_cost=0.02)   # US$ a year, US$ per unit (illustrative)
TARGET_COST = 0.027                                    # US$ per unit
EXAMPLE_VOLUME = 10e9                                  # the question's worked example: 0.032 at 10 bn
_AVERAGE_AT_EXAMPLE = average_cost(quantity=EXAMPLE_VOLUME, **REGION)
BREAK_VOLUME_BN = REGION["fixed_cost"] / (TARGET_COST - REGION["variable_cost"]) / 1e9   # 17.14
SMALLEST_VOLUME_BN = math.floor(BREAK_VOLUME_BN) + 1   # the first whole billion strictly below target

_SLIP_PLACES = (None, 2, 1)   # a slip at full precision, and typed to two or to one decimal
_NOT_WHOLE = (f"close: a whole number of billions is asked, rounded up. F/(0.027 − v) = "
              f"{BREAK_VOLUME_BN:.2f} billion; a volume between {math.floor(BREAK_VOLUME_BN)} and "
              f"{SMALLEST_VOLUME_BN} billion is not a whole number, and {math.floor(BREAK_VOLUME_BN)} "
              f"billion ({BREAK_VOLUME_BN:.2f} rounded to the nearest, or cut off) still leaves the "
              f"average cost at "
              f"{average_cost(quantity=math.floor(BREAK_VOLUME_BN) * 1e9, **REGION):.5f}, above 0.027: "
              f"give the next whole billion up.")   # r26e 08 #5: no "17.14 → 18", which gave the answer
"""For a volume between the two whole billions around the threshold, and for the whole billion
below it (rounded to the nearest or cut off): give the whole billion above."""
_AT_BREAK = (f"that is the break-even F/(0.027 − v) = {BREAK_VOLUME_BN:.6f}… billion, where the "
             f"average cost only equals 0.027 (at {BREAK_VOLUME_BN:.2f} bn it is "
             f"{average_cost(quantity=round(BREAK_VOLUME_BN, 2) * 1e9, **REGION):.7f}, still just "
             f"above): it is not yet below the price, and a whole number of billions is asked. "
             f"Round up to the next whole billion.")
"""For the unrounded break-even, 17.14 or 17.142857…: the exact threshold, not a count above it."""
_ABOVE = ("billion units also gets the average cost below 0.027, as every volume above the "
          f"break-even F/(0.027 − v) = {BREAK_VOLUME_BN:.2f} billion does; but the question asks for "
          f"the smallest volume, as a whole number of billions: the first whole billion above "
          f"{BREAK_VOLUME_BN:.2f}.")
"""For a volume above the answer that has no hint of its own (18.4, 18.5, a whole number above
200): it works, but is not the smallest whole billion."""
ABOVE_LIMIT = 1000   # billions: the hint for a larger working volume reaches this far
_BETWEEN = tuple(v for v in (round(math.floor(BREAK_VOLUME_BN) + k / 200, 3) for k in range(1, 200))
                 if abs(v - BREAK_VOLUME_BN) > 0.0055)
"""Every multiple of 0.005 strictly between 17 and 18 that the break-even hint (_AT_BREAK, within
0.005 of 17.142857…) does not name: each is matched within 0.005, so together with it they cover
the whole interval."""

# 08.6: the smallest share passed on (steps of 0.01) whose year-12 price is below half of year 1's
PRICE_TARGET = 0.5
SHARES = tuple(round(0.01 * k, 2) for k in range(101))


def price_ratio(pass_through: float) -> float:
    """Year-12 price ÷ year-1 price of ``scale_path`` with its defaults and this pass-through."""
    path = scale_path(pass_through=pass_through)
    return float(path["price"].iloc[-1] / path["price"].iloc[0])


SMALLEST_SHARE = next(s for s in SHARES if price_ratio(s) < PRICE_TARGET)
LECTURE_SHARES = (0.9, 1.0)
_LECTURE_PRICE_FALL = 1 - price_ratio(0.9)   # the lecture's year-12 price fall at 90% passed on: 64.9%   # the lecture's chart (90% passed on) and section 6 (every saving)
# shares above the answer that also bring the price below half: right condition, not the smallest
WORKING_SHARES = tuple(s for s in SHARES if s > SMALLEST_SHARE and s not in (0.75, 0.8, *LECTURE_SHARES)
                       and price_ratio(s) < PRICE_TARGET)
# 08.5: the inverse of Bass's peak time: the q (word of mouth) that puts the peak at t* = 4.5 years
# with p = 0.03, on the branch q > 0.1 (t* rises, then falls with q: a second, tiny q also gives 4.5)
BASS_P = 0.03
BASS_TARGET = 4.5
LECTURE_P, LECTURE_Q = 0.05, 0.5                       # the lecture's section 4 (and scale_path's)
BASS_GIVEN_Q = 0.38                                    # the question's forward case: t* = 6.2 years
_BASS_GIVEN = bass_peak_time(p=BASS_P, q=BASS_GIVEN_Q)
_LECTURE_PEAK = bass_peak_time(p=LECTURE_P, q=LECTURE_Q)   # the lecture's t*: 4.19 years


def _solve_q(peak, p: float = BASS_P, low: float = 0.1, high: float = 2.0) -> float:
    """The q in [low, high] with peak(p, q) = BASS_TARGET, by bisection (peak falls with q there)."""
    for _ in range(200):
        mid = (low + high) / 2
        if (peak(p, mid) > BASS_TARGET) == (peak(p, low) > BASS_TARGET):
            low = mid
        else:
            high = mid
    return (low + high) / 2


BASS_Q = _solve_q(lambda p, q: bass_peak_time(p=p, q=q))                              # 0.6553
_BASS_Q_LECTURE_P = _solve_q(lambda p, q: bass_peak_time(p=p, q=q), p=0.05, low=0.15)          # 0.4262
_BASS_Q_MINUS = _solve_q(lambda p, q: math.log(q / p) / (q - p))                      # 0.7433
_BASS_Q_LOWER = _solve_q(lambda p, q: bass_peak_time(p=p, q=q), low=0.0301, high=0.1)  # 0.0414
_BASS_Q_SWAPPED = _solve_q(lambda p, q: math.log(p / q) / (p + q), low=0.0299, high=0.001)  # 0.0236
_BASS_STEP_PAST = round(round(BASS_Q, 2) + 0.01, 2)   # one step of 0.01 past the answer: 0.67


def _rising(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * units ** (-math.log2(learning_rate))


def _one_minus_rate(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * units ** (-(1 - learning_rate))


def _one_minus_rate_base(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """C1·(1 − rate)^log2(x): the share cut per doubling used where the share left belongs."""
    return first_unit_cost * (1 - learning_rate) ** math.log2(units)


def _b_fixed(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """b typed as the lecture's 0.322 (its value for a rate of 0.8), whatever the rate."""
    return first_unit_cost * units ** -0.322


def _b_fixed_exact(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """b fixed at −log2(0.8), the lecture's rate, at full precision, whatever the rate."""
    return first_unit_cost * units ** math.log2(0.8)


def _natural_log(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * units ** math.log(learning_rate)


def _log10(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * units ** math.log10(learning_rate)


def _per_unit(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * learning_rate ** units


def _per_unit_after_first(units: float, first_unit_cost: float, learning_rate: float) -> float:
    return first_unit_cost * learning_rate ** (units - 1)


def _whole_doublings(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """The cost cut only at complete doublings: rate**floor(log2(x)) (a step curve; right at x = 2, 8)."""
    return first_unit_cost * learning_rate ** math.floor(math.log2(units))


def _half_units(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """rate**(x/2): a cut every two units, read as "a doubling" (right at x = 2 only)."""
    return first_unit_cost * learning_rate ** (units / 2)


def _b_two_decimals(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """b rounded to two decimals before use (0.32 for a rate of 0.8): the "rounded inside" slip."""
    return first_unit_cost * units ** (-round(-math.log2(learning_rate), 2))


def _cumulative_average(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """The average cost of units 1..x on the unit-form curve (Wright's cumulative-average reading)."""
    count = int(units)
    return sum(first_unit_cost * k ** math.log2(learning_rate) for k in range(1, count + 1)) / count


def _rate_as_b(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """The learning rate itself used as b: C1·x^(−rate) (57.43 at unit 2 for C1 100, rate 0.8)."""
    return first_unit_cost * units ** (-learning_rate)


def _whole_dollars_round(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """The right cost rounded to whole dollars inside the function: round(...) before return."""
    return round(first_unit_cost * units ** math.log2(learning_rate))


def _whole_dollars_int(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """The right cost cut off to whole dollars inside the function: int(...) before return."""
    return int(first_unit_cost * units ** math.log2(learning_rate))


def _cent_cut_off(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """The right cost cut off (truncated) to the cent inside the function: floor(100·x)/100."""
    return math.floor(100 * first_unit_cost * units ** math.log2(learning_rate)) / 100


def _fixed_first_cost(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """C1 fixed at 100, the lecture's (and the question's example's) first-unit cost, whatever is passed."""
    return 100 * units ** math.log2(learning_rate)


def _linear_cut(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """C1·rate·x: the rate applied once and multiplied by the units (r27c 08 #6)."""
    return first_unit_cost * learning_rate * units


def _divided_by_units(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """C1·x^log2(rate)/x: the unit cost divided by x once more, as if it were a total (r27c 08 #6)."""
    return first_unit_cost * units ** math.log2(learning_rate) / units


def _from_unit_zero(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """C1·(x+1)^log2(rate): units counted from 0, so unit 1 already has a cut (r30c 08 #2)."""
    return first_unit_cost * (units + 1) ** math.log2(learning_rate)


def _cumulative_total(units: float, first_unit_cost: float, learning_rate: float) -> float:
    """The total cost of units 1..x on the unit-form curve."""
    return _cumulative_average(units, first_unit_cost, learning_rate) * int(units)


CHECKS = {
    "08.1": Number(
        expected=_AWS,
        unit="share of AWS net sales, between 0 and 1",
        what=f"AWS's {DATA_YEAR} operating margin",
        share=True,
        decimals=3,
        kind="data",
        hints=(
            # integer division or int(): a margin below 1 becomes 0 (before the ÷1000 slip, which
            # rounds to 0.000 at three decimals)
            Hint(0.0, f"zero: did you use `//` or int()? Both drop the fraction, and a margin below 1 "
                      f"becomes 0: divide with `/`. (If your unrounded result is {_AWS / 1000:.6f}, "
                      f"it is a thousand times too small, income in US$ billions over sales in US$ "
                      f"millions, and 0 at three decimals: divide two columns in the same unit.)",
                 within=0.0),
            Hint(_AMZN, "that is Amazon's consolidated margin; use the rows where segment is "
                        "'AWS'."),
            Hint(_AWS_OF_TOTAL, "you divided AWS's operating income by Amazon's total net sales; "
                                "divide by AWS's own net sales."),
            Hint(_AWS_BEFORE, f"that is {DATA_YEAR - 1}; filter year == {DATA_YEAR}."),
            # upside down, as given, rounded or cut off to three, two or one decimal (3.5066: 3.507,
            # 3.51, 3.5 rounded; 3.506 cut off)
            *(Hint(value, "upside down: that is net sales ÷ operating income (dollars of sales per "
                          "dollar of income). The margin is operating income ÷ net sales.")
              for value in sorted({1 / _AWS, *(round(1 / _AWS, d) for d in (3, 2, 1)),
                                   *(math.floor(10 ** d / _AWS) / 10 ** d for d in (3, 2, 1))})),
            # 1 − margin: the costs' share of sales (0.715)
            Hint(1 - _AWS, "that is 1 − margin (costs ÷ sales); the margin is operating income ÷ net "
                           "sales."),
            # units mixed: income in US$ billions over sales in US$ millions (or the reverse)
            Hint(_AWS / 1000, "that is a thousand times too small: the operating income is in US$ "
                              "billions and the net sales in US$ millions. Divide two columns in the "
                              "same unit (operating_income_musd / net_sales_musd).",
                 within=0.00002),  # 0.0003 and 0.000285 as typed (0.0002 would take 0.04 read as a percent); 0 has its own hint
            # a decimal point slipped one place (0.0285): named before the percent reading, which
            # would take it for the ÷1000 slip given in percent
            Hint(_AWS / 10, "that is ten times too small: the decimal point has slipped one place. "
                            "Operating income ÷ net sales, both in US$ millions, is already the share "
                            "(a percent ÷ 100, not ÷ 1000).",
                 within=0.0016),  # 0.0285 as typed, 0.029/0.028 at three decimals, 0.03 at two
            Hint(_AWS * 1000, "that is a thousand times too large: the operating income is in US$ "
                              "millions and the net sales in US$ billions. Divide two columns in the "
                              "same unit (operating_income_musd / net_sales_musd).",
                 within=0.5),  # 285, 285.2 and 285.17 as typed, not only the full 285.17...
            # 2023, also as the lecture rounds it (27%)
            *(Hint(value, f"that is {DATA_YEAR + 1}, the year before the server-life change the "
                          f"lecture quotes in section 6 ({_AWS_AFTER:.0%}); the question asks for "
                          f"{DATA_YEAR}: filter year == {DATA_YEAR}.")
              for value in (_AWS_AFTER, round(_AWS_AFTER, 2))),
            # the percent cut off (28) or rounded (29) to a whole one: named, as 28.5 is by the
            # percent reading
            *(Hint(value, "that looks like a percent given as a whole number: give the margin as a "
                          "share between 0 and 1, to three decimals.", within=0.0)
              for value in sorted({math.floor(100 * _AWS), round(100 * _AWS)})),
            *(Hint(margin, f"that is AWS's margin in {year}, a year the lecture printed; the "
                           f"question asks for {DATA_YEAR}: filter year == {DATA_YEAR}.")
              for year, margin in _AWS_PRINTED.items()),
            # r31c 08 #4: Amazon's whole margin in a year the lecture printed, copied from its table
            *(Hint(margin, f"that is Amazon's consolidated margin in {year}, from the lecture's table; "
                           f"use the rows where segment is 'AWS' and year == {DATA_YEAR}.")
              for year, margin in _AMZN_PRINTED.items()),
        ),
    ),
    "08.2": Function(
        reference=wright_unit_cost,
        model=wright_unit_cost,  # the package's own: a function that only calls it is refused
        cases=(dict(units=2, first_unit_cost=100.0, learning_rate=0.8),
               dict(units=8, first_unit_cost=50.0, learning_rate=0.9),
               dict(units=1000, first_unit_cost=100.0, learning_rate=0.85)),
        unit="US$ per unit",
        abs_tol=0.005,  # half a cent, as 09.2: a function that rounds to the cent is right too
        rel_tol=0.0,
        rounding_examples="b rounded to three decimals, or round(...) before return",
        mistakes=(
            (_rising, "your cost rises with volume: the exponent is log2(learning_rate), which is "
                      "negative (b = −log2(rate), cost = C1·x^(−b))."),
            (_one_minus_rate, "that takes b = 1 − learning rate; the exponent is b = −log2(learning "
                              "rate), the power of 2 that leaves the rate's share per doubling "
                              "(0.8 gives b = 0.322, not 0.2)."),
            (_one_minus_rate_base, "the learning rate is the share *left* per doubling, not the "
                                   "share cut: use rate, not 1 − rate (C1·rate^log2(x))."),
            (_rate_as_b, "that uses the learning rate itself as b, x**(-rate); b is the power of 2 "
                         "that leaves the rate's share per doubling, b = −log2(rate) (0.322 for a "
                         "rate of 0.8): cost = C1·x^log2(rate)."),
            *((fixed, "you fixed b at 0.322, the lecture's value for a rate of 0.8; compute b from "
                      "learning_rate: b = −log2(learning_rate).")
              for fixed in (_b_fixed, _b_fixed_exact)),
            (_fixed_first_cost, "your function always starts from US$100, the lecture's first-unit "
                                "cost: use the argument first_unit_cost for C1 (a case with C1 = 50 "
                                "gives half of your result)."),
            (_natural_log, "use a base-2 logarithm (math.log2): the learning rate is the cost left "
                           "per *doubling*."),
            (_log10, "that uses a base-10 logarithm (math.log10), which would make the learning rate "
                     "the cost left per tenfold rise; use math.log2: the rate is the cost left per "
                     "*doubling*."),
            (_per_unit, "that cuts the cost at every unit; Wright's curve cuts it at every doubling "
                        "of cumulative units: x^log2(rate)."),
            (_per_unit_after_first, "that cuts the cost at every unit after the first; Wright's "
                                    "curve cuts it at every doubling: x^log2(rate)."),
            (_whole_doublings, "you cut the cost only at whole doublings, rate**floor(log2(x)): right "
                               "at 2, 4, 8 units, but between them the curve is smooth: unit 1000 "
                               "has had log2(1000) = 9.97 doublings, not 9. Use the exponent "
                               "unrounded: C1·x^log2(rate)."),
            (_from_unit_zero, "you counted the units from 0: unit x's cost is C1·x^log2(rate), so "
                              "unit 1 costs C1 itself (x = 1, no doubling yet), not C1·2^log2(rate)."),
            (_half_units, "that is rate**(x/2), a cut every two units; a doubling is from x to 2x, "
                          "so the number of doublings is log2(x), not x/2 (they agree only at x = 2): "
                          "C1·rate^log2(x) = C1·x^log2(rate)."),
            (_b_two_decimals, "close on every case but not exact: did you round inside the function? "
                              "b was rounded to two decimals (0.32 for a rate of 0.8, 0.23 for 0.85), "
                              "which puts unit 1000 about 3% off. Keep b at full precision and round "
                              "only when you print."),
            (_whole_dollars_round, "your results are the unit cost rounded to whole dollars: did "
                                   "you use round(...) before return? Return the cost unrounded (or "
                                   "to the cent); round only when you print."),
            (_whole_dollars_int, "your results are the unit cost cut off to whole dollars: int(...) "
                                 "drops the cents. Return the cost unrounded (or to the cent); round "
                                 "only when you print."),
            (_cent_cut_off, "you cut the cost off to the cent (floor(100·x)/100 drops the part of a "
                            "cent); round it to the cent, round(x, 2), or return it unrounded."),
            (_cumulative_average, "that is the cumulative average cost of the first x units (the "
                                  "form Wright's paper stated); the exercise asks for the unit "
                                  "(marginal) cost form, the cost of unit x alone: C1·x^(−b)."),
            (_cumulative_total, "that is the total cost of the first x units; the exercise asks for "
                                "the cost of unit x alone: C1·x^(−b)."),
            (_linear_cut, "that is C1·rate·x: the rate applied once and the units multiplied in, so "
                          "your cost rises with volume. Wright's curve applies the rate once per "
                          "doubling: C1·rate^log2(x) = C1·x^log2(rate)."),
            (_divided_by_units, "you divided by x at the end: C1·x^log2(rate) is already the cost of "
                                "unit x alone, not a total to spread over x units. Return it without "
                                "the /x."),
        ),
    ),
    "08.3": Number(
        expected=BREAK_VOLUME_BN,
        unit="billion units a year",
        what="the smallest volume",
        count=True,
        rounding="up",
        hints=(
            # each slip is named at full precision and at the decimals a student may round it to
            # (F/0.027 is 4.444…, typed 4.44 or 4.4; with v added, 2.553…, typed 2.55 or 2.6)
            *(Hint(round(REGION["fixed_cost"] / TARGET_COST / 1e9, places) if places is not None
                   else REGION["fixed_cost"] / TARGET_COST / 1e9,
                   "you spread the fixed cost over the whole target, F/0.027; but v = 0.02 of each "
                   "unit's cost is already spoken for, so only 0.027 − 0.02 is left for F/Q: "
                   "Q > F/(0.027 − v).")
              for places in _SLIP_PLACES),
            Hint(REGION["fixed_cost"] / REGION["variable_cost"] / 1e9,
                 "that divides F by v; solve F/Q + v < 0.027 for Q: Q > F/(0.027 − v)."),
            *(Hint(round(REGION["fixed_cost"] / (TARGET_COST + REGION["variable_cost"]) / 1e9, places)
                   if places is not None
                   else REGION["fixed_cost"] / (TARGET_COST + REGION["variable_cost"]) / 1e9,
                   "you added v to the target; it must come off: F/Q < 0.027 − v.")
              for places in _SLIP_PLACES),
            # the same in millions of units: the answer (18,000) and the unrounded 17,142.9
            *(Hint(v, "that is in millions of units; give billions of units (divide by 1,000), "
                      "rounded up to a whole billion.")
              for v in (SMALLEST_VOLUME_BN * 1e3, BREAK_VOLUME_BN * 1e3)),
            Hint(SMALLEST_VOLUME_BN * 1e9, "that is in units; give billions of units (e.g. 25, not "
                                           "25e9)."),
            # the unrounded volume in units, at full precision and as typed to 0-3 decimals of a
            # billion (17e9, 17.1e9, 17.14e9, 17.143e9)
            *(Hint(round(BREAK_VOLUME_BN, places) * 1e9 if places is not None
                   else BREAK_VOLUME_BN * 1e9,
                   "that is in units; give billions of units, rounded up to a whole billion.")
              for places in (None, 0, 1, 2, 3)),
            Hint(EXAMPLE_VOLUME / 1e9, "that is the example's 10 billion, where the average cost is "
                                       "0.032, still above 0.027; the volume must grow."),
            # the two prices within half a tenth of a cent: a count is rounded up, so without it
            # any answer up to 1 would be read as the first of them
            Hint(TARGET_COST, "that is the rival's price, the average cost to get below (US$ per "
                              "unit); the question asks for the volume, in billions of units.",
                 within=0.0005),
            Hint(TARGET_COST - REGION["variable_cost"],
                 "that is 0.027 − v, the room left per unit for F/Q (US$ per unit); divide F by it "
                 "to get the volume, in billions of units.",
                 within=0.0005),
            Hint(_AVERAGE_AT_EXAMPLE, "that is the average cost at 10 billion units (US$ per unit); "
                                      "the question asks for the volume, in billions of units.",
                 within=0.0005),
            # a volume between 17 and 18 billion that is not the unrounded 17.14: a count is asked.
            # A hint at a value between two whole numbers also names both of them, so it speaks to
            # 17 (cut off) as well; 18 is accepted before any hint is tried.
            Hint(BREAK_VOLUME_BN, _AT_BREAK, within=0.005),   # 17.14, 17.143, 17.142857…
            # within 0.0045, not the count's 0.005: 17.135 typed to two decimals is 17.14, the
            # break-even's own hint; together they still cover every value between 17 and 18
            *(Hint(value, _NOT_WHOLE, within=0.0045) for value in _BETWEEN),
            # 17 (cut off, or rounded to the nearest): the core's count slip says it does not reach
            # a larger volume works, but is not the smallest
            *(Hint(float(q), f"at {q} billion units the average cost is "
                             f"{average_cost(quantity=q * 1e9, **REGION):.4f}, below 0.027: that works, "
                             f"but a smaller volume already does; find the smallest whole billion.")
              for q in range(SMALLEST_VOLUME_BN + 1, 201)),
            # any other volume above the answer, up to ABOVE_LIMIT: 18.4, 18.5, 201, 500
            Hint((SMALLEST_VOLUME_BN + ABOVE_LIMIT) / 2, _ABOVE,
                 within=(ABOVE_LIMIT - SMALLEST_VOLUME_BN) / 2, echo=True),
        ),
    ),
    "08.4": Choice(
        correct="c",
        options={
            "a": "The margin rises as in the lecture: the same dollars of margin over a smaller price.",
            "b": "The margin falls towards zero: the whole saving goes to customers.",
            "c": "The margin stays at markup/(1 + markup) ≈ 9%: the price and the dollar margin both "
                 "fall in proportion to the cost.",
            "d": "The margin ends higher than with dollar-for-dollar pass-through, because the price "
                 "falls less.",
        },
        hints={
            "a": "under cost-plus the dollar margin is markup × cost, so it shrinks with the cost; "
                 "only dollar-for-dollar pass-through keeps the dollars fixed.",
            "b": "cost-plus keeps the 10% markup on every dollar of cost; the margin share never "
                 "moves.",
            "d": "cost-plus cuts the price by 1.1 times each saving, more than dollar for dollar, "
                 "and the margin share stays put.",
        },
    ),
    "08.5": Number(
        expected=BASS_Q,
        unit="imitation coefficient q, per year",
        what=f"the q that puts the peak at {BASS_TARGET:g} years",
        decimals=2,
        hints=(
            Hint(BASS_GIVEN_Q, f"that is the question's forward case: q = {BASS_GIVEN_Q} puts the peak at "
                               f"{_BASS_GIVEN:.1f} years. An earlier peak needs more word of mouth."),
            *([Hint(round(_BASS_STEP_PAST, 2),
                    f"at q = {_BASS_STEP_PAST:.2f} the peak is at "
                    f"{bass_peak_time(p=BASS_P, q=_BASS_STEP_PAST):.2f} years, before "
                    f"{BASS_TARGET:g}: you went past the exact q. Find the q where t* = "
                    f"{BASS_TARGET:g} exactly and round it to two decimals (half up).")]
              if round(_BASS_STEP_PAST, 2) != round(BASS_Q, 2) else []),
            Hint(LECTURE_Q, f"that is the lecture's q ({LECTURE_Q}, with the lecture's p = "
                            f"{LECTURE_P}); the question has p = {BASS_P} and asks for the q that puts "
                            f"the peak at {BASS_TARGET:g} years."),
            Hint(LECTURE_P, f"that is p, the lecture's innovation coefficient ({LECTURE_P}), not q; "
                            f"the question's p is {BASS_P} and it asks for the imitation coefficient q."),
            Hint(BASS_P, f"that is p, the question's innovation coefficient ({BASS_P}), not q: the "
                         f"question asks for the imitation coefficient q."),
            Hint(BASS_TARGET, f"that is t*, not q: {BASS_TARGET:g} years is the target peak time; "
                              f"give the q that puts the peak there."),
            Hint(round(_BASS_GIVEN, 1), f"that is t*, not q: {_BASS_GIVEN:.1f} years is the peak "
                                        f"time at q = {BASS_GIVEN_Q}; give the q that puts the peak "
                                        f"at {BASS_TARGET:g} years."),
            Hint(_LECTURE_PEAK, f"that is t*, the lecture's peak time ({_LECTURE_PEAK:.1f} years, with "
                                f"p = {LECTURE_P} and q = {LECTURE_Q}), not q: give the q that puts "
                                f"the peak at {BASS_TARGET:g} years with p = {BASS_P}.",
                 within=0.015),   # 4.19 and 4.2, as the lecture prints it
            Hint(_BASS_Q_LECTURE_P, f"that q puts the peak at {BASS_TARGET:g} years with the lecture's "
                                    f"p = 0.05; the question has p = 0.03."),
            Hint(_BASS_Q_MINUS, "divide ln(q/p) by p + q, not q − p."),
            Hint(BASS_P + BASS_Q, "that is p + q; the question asks for q alone."),
            # q typed as a percent: 66 or 65.53
            Hint(BASS_Q * 100, "q is a coefficient per year, not a percent: give 0.xx.", within=0.5),
            Hint(BASS_P * math.exp(BASS_TARGET), f"you solved ln(q/p) = {BASS_TARGET:g}: you forgot to divide "
                                                 f"by p + q."),
            Hint(_BASS_Q_LOWER, f"that tiny q also gives t* = {BASS_TARGET:g} (t* first rises, then falls "
                                f"as q grows), but it is below 0.1: the question asks for strong word of "
                                f"mouth, q above 0.1."),
            Hint(_BASS_Q_SWAPPED, "you swapped the ratio: ln(p/q) instead of ln(q/p). With q below p "
                                  "there is no peak after launch; t* = ln(q/p)/(p + q) with q > p."),
        ),
    ),
    "08.6": Number(
        expected=SMALLEST_SHARE,
        unit="share of each saving passed on",
        what="the smallest pass-through",
        share=True,
        decimals=2,
        grid=0.01,  # steps of 0.01: 0.7011 rounds to 0.70 but is no step (and is below half)
        kind="explore",
        hints=(
            Hint(round(SMALLEST_SHARE - 0.01, 2),
                 f"at {SMALLEST_SHARE - 0.01:.2f} the year-12 price is still "
                 f"{price_ratio(round(SMALLEST_SHARE - 0.01, 2)):.1%} of year 1's, not below half; "
                 f"one step of 0.01 more."),
            # every step further below: the price is not yet below half
            *(Hint(share, f"at {share:.2f} the year-12 price is still {price_ratio(share):.1%} of "
                          f"year 1's, not below half: pass on a larger share"
                          + (" (0.5 is the question's price target, half of year 1's price, not "
                             "the share passed on)." if share == PRICE_TARGET else "."))
              for share in SHARES if share < round(SMALLEST_SHARE - 0.01, 2)),
            Hint(_LECTURE_PRICE_FALL, f"that is the lecture's price fall ({_LECTURE_PRICE_FALL:.1%} by "
                                      f"year 12 with 90% passed on), not a share passed on: give the "
                                      f"smallest share whose year-12 price is below half of year 1's.",
                 within=0.0005),
            Hint(0.75, "0.75 works, but the lecture slider's steps of 0.05 are too coarse: refine "
                       "between 0.70 and 0.75 in steps of 0.01."),
            Hint(0.8, "0.8 works, but a smaller share already does: refine between 0.70 and 0.75 in "
                      "steps of 0.01."),
            Hint(0.9, f"that is the lecture's chart (90% passed on; its year-12 price is "
                      f"{price_ratio(0.9):.0%} of year 1's): it works, but a smaller share already "
                      f"does. Lower the share step by step."),
            Hint(1.0, f"that is the lecture's section 6 (every saving passed on; year-12 price "
                      f"{price_ratio(1.0):.0%} of year 1's): it works, but a smaller share already "
                      f"does. Lower the share step by step."),
            *(Hint(share, f"{share:.2f} works (year-12 price {price_ratio(share):.1%} of year 1's), "
                          f"but a smaller share already does: the question asks for the smallest.")
              for share in WORKING_SHARES),
        ),
    ),
}


# --- issue 27: 08.8 draws the yearly change of AWS's operating margin, 08.9 reads the year it fell most
# One row per year of AWS (2014 blank: no year before it), with the series a student may draw by
# mistake. The lecture's inline chart draws the margins themselves, in percent.
_SEGMENTS = load("amazon_segments")


def _segment(name: str):
    rows = _SEGMENTS[_SEGMENTS["segment"] == name].sort_values("year").reset_index(drop=True)
    return rows.assign(margin=rows["operating_income_musd"] / rows["net_sales_musd"])


_AWS_ROWS = _segment("AWS")
_AMAZON_ROWS = _segment("Consolidated").set_index("year")
_EVERY_ROW = _SEGMENTS.assign(margin=_SEGMENTS["operating_income_musd"] / _SEGMENTS["net_sales_musd"])
_MIXED = _EVERY_ROW.assign(change=_EVERY_ROW["margin"].diff()).groupby("year")["change"].mean()
"""r26e 08 #3: the change taken over every segment's rows, unfiltered, in the table's order, then
averaged per year, as sns.barplot and sns.lineplot draw it."""
CHANGE_TABLE = _AWS_ROWS.assign(
    change=_AWS_ROWS["margin"].diff(),                            # this year's margin minus last year's
    percent=100 * _AWS_ROWS["margin"],                            # the lecture's chart: the margin in %
    relative=_AWS_ROWS["margin"].pct_change(),                    # divided instead of subtracted
    reversed_change=-_AWS_ROWS["margin"].diff(),                  # last year's margin minus this year's
    next_change=_AWS_ROWS["margin"].diff(-1),                     # this year's minus next year's
    since_first=_AWS_ROWS["margin"] - _AWS_ROWS["margin"].iloc[0],  # the rise since 2014
    amazon_change=_AWS_ROWS["year"].map(_AMAZON_ROWS["margin"].diff()),  # Amazon's, not AWS's
    mixed=_AWS_ROWS["year"].map(_MIXED),                          # every segment's rows, averaged
)[["year", "margin", "change", "percent", "relative", "reversed_change", "next_change", "since_first",
   "amazon_change", "mixed", "net_sales_musd", "operating_income_musd"]]
"""One row per year of AWS, 2014-2025: its operating margin (a share of net sales), the margin's
change from the year before (blank in 2014) and the slips 08.8 names."""

_MARGIN_CHANGES = CHANGE_TABLE.set_index("year")["change"].dropna()
_AWS_MARGINS = CHANGE_TABLE.set_index("year")["margin"]
FELL_MOST = int(_MARGIN_CHANGES.idxmin())                  # 2019: 0.284 to 0.263
LARGEST_FALL = float(-_MARGIN_CHANGES.min())               # 0.0217
ROSE_MOST = int(_MARGIN_CHANGES.idxmax())                  # 2024: 0.271 to 0.370
_FIRST_YEAR_08, _LAST_YEAR_08 = int(_AWS_MARGINS.index.min()), int(_AWS_MARGINS.index.max())
LECTURE_SLIP_YEAR = 2025   # the lecture's section 6 weighs the 1.6-point slip from 2024 to 2025


def _move(year: int) -> str:
    """The margin's change into ``year`` in words: "fell 0.6 points (24.8% to 24.2%)"."""
    step = float(_MARGIN_CHANGES[year])
    points = abs(100 * step)
    digits = 1 if points >= 0.1 else 2      # r25e: "29.8% to 29.8%" for 2021 said nothing
    frame = f"({_AWS_MARGINS[year - 1]:.{digits}%} to {_AWS_MARGINS[year]:.{digits}%})"
    return f"{'rose' if step > 0 else 'fell'} {points:.{1 if points >= 0.1 else 2}f} points {frame}"


def _other_year_hint_08(year: int) -> str:
    """The hint for a year of 08.8's chart that is not 08.9's answer; none names the answer."""
    if year == LECTURE_SLIP_YEAR:
        return (f"in {year} the margin {_move(year)}: the slip the lecture weighs against the server "
                f"charges. Another year's fall is larger: look for the lowest bar.")
    if year == ROSE_MOST:
        return (f"in {year} the margin {_move(year)}, its largest rise: the tallest bar. The question "
                f"asks for the largest fall, the lowest bar below zero.")
    if _MARGIN_CHANGES[year] > 0:
        return f"in {year} the margin {_move(year)}; the question asks for the largest fall."
    return f"in {year} the margin {_move(year)}, a smaller fall than another year's: look for the lowest bar."


CHECKS.update({
    "08.8": Plot.from_table(
        CHANGE_TABLE, "year", "change", unit="share of net sales", share=True,
        one_series=True,   # the question says "as one series"
        unit_words=("share",), what="the yearly change in AWS's operating margin", x_column="year",
        percent_words="percentage points",
        abs_tol=5e-4,   # r26e 08 #9: values rounded to 3 decimals (0.1 point) pass; 2 decimals do not
        mistakes={
            "percent": "you drew the lecture's chart, AWS's margin itself in percent; the question asks "
                       "for its change from the year before, as a share (this year's margin minus the "
                       "year before's).",
            "margin": "you plotted the margin itself, not its change: subtract the year before's margin "
                      "from each year's (aws[\"margin\"].diff()).",
            "relative": "you divided each year's margin by the year before's (a relative change, "
                        "pct_change); the question asks for the difference of the two margins, this "
                        "year's minus the year before's (diff).",
            "reversed_change": "your changes have the wrong sign: you subtracted this year's margin from "
                               "the year before's. The change is this year's margin minus the year before's.",
            "next_change": "you subtracted the next year's margin from each year's (diff(-1)): each value "
                           "sits a year early and has the wrong sign. Plot each year's margin minus the "
                           "year before's (diff()).",
            "since_first": f"you plotted the rise since {_FIRST_YEAR_08} (each margin minus "
                           f"{_FIRST_YEAR_08}'s); the question asks for the change from the year before "
                           "(diff()).",
            "amazon_change": "you plotted the change in Amazon's consolidated margin (the \"Consolidated\" "
                             "rows); the question asks for AWS's: keep the rows whose segment is \"AWS\".",
            "mixed": "you mixed the rows of every segment (seaborn averaged them per year): keep the rows "
                     "whose segment is \"AWS\" first.",
            "operating_income_musd": "you plotted AWS's operating income (US$ millions), not the change "
                                     "in its margin: divide by net sales, then take diff().",
            "net_sales_musd": "you plotted AWS's net sales (US$ millions), not the change in its margin.",
        }),
    "08.9": Number(
        expected=float(FELL_MOST),
        unit="year",
        what="the year AWS's operating margin fell most",
        year=True,
        kind="data",
        hints=(
            *(Hint(float(year), _other_year_hint_08(year))
              for year in _MARGIN_CHANGES.index if int(year) != FELL_MOST),
            Hint(float(_FIRST_YEAR_08), f"{_FIRST_YEAR_08} has no year before it in the table, so no fall "
                                        "ends there; look for the lowest bar (the year the margin fell to)."),
            Hint(float(_FIRST_YEAR_08 - 1), f"the table starts in {_FIRST_YEAR_08}: that year is not on "
                                            "the chart."),
            Hint(float(_LAST_YEAR_08 + 1), f"the table ends in {_LAST_YEAR_08}: that year is not on the "
                                           "chart."),
            Hint(LARGEST_FALL, "that is the size of the largest fall (a share of net sales); the question "
                               "asks for the year it happened.", within=0.0006),
            Hint(-LARGEST_FALL, "that is the largest fall itself (a share of net sales); the question asks "
                                "for the year it happened.", within=0.0006),
            Hint(100 * LARGEST_FALL, "that is the size of the largest fall in percentage points; the "
                                     "question asks for the year it happened.", within=0.06),
            Hint(float(_AWS_MARGINS[FELL_MOST]), "that is a margin (a share of net sales), not a year: "
                                                 "give the year itself.", within=0.0006),
            Hint(100 * float(_AWS_MARGINS[FELL_MOST]), "that is a margin in percent, not a year: give the "
                                                       "year itself.", within=0.06),
            Hint(float(FELL_MOST % 100), "a year has four digits: give the whole year (e.g. 2016), not "
                                         "its last two."),
        ),
    ),
})
