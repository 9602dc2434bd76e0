"""Checks for lesson 09 (synergy): AWS's share of the profit in a year the lecture did not show,
CLV, the retention a device needs, cost allocation, what a falling allocation shows, and the lowest
attach rate at which the lecture's device pays back by a given year."""

import math

from ..data import load, value
from ..devices import customer_lifetime_value, device_value_path, payback_period
from ..rounding import round_half_up
from ..synergy import shared_cost
from .core import WRONG, Choice, Feedback, Function, Hint, Number, fell_most_hints
from .plot import Plot


def _segment(year: int, segment: str, column: str) -> float:
    return value("amazon_segments", column, segment=segment, year=year)


def _aws_income_share(year: int) -> float:
    return (_segment(year, "AWS", "operating_income_musd")
            / _segment(year, "Consolidated", "operating_income_musd"))


DATA_YEAR = 2019
# 09.1's answer one hundredth low at its two decimals (0.62 against 0.63): a slip in the second decimal
NEAR_MISS_SHARE = round(float(round_half_up(_aws_income_share(DATA_YEAR), 2)) - 0.01, 2)
LECTURE_YEARS = (2014, 2017, 2022, 2024, 2025)
"""The years the lecture's table printed (2020, the other one, is a neighbour with its own hint)."""


def _lecture_year_hint(year: int) -> str:
    above = (" (above 1: AWS earned more than the whole company that year)"
             if _aws_income_share(year) > 1 else "")
    return (f"that is {year}'s share{above}, the lecture's example, printed in its table; the "
            f"question asks for {DATA_YEAR}, one of the years the table left out.")


def _aws_sales_share(year: int) -> float:
    return (_segment(year, "AWS", "net_sales_musd")
            / _segment(year, "Consolidated", "net_sales_musd"))


_NEIGHBOURS = (f"that is {DATA_YEAR - 1} or {DATA_YEAR + 1} (both 0.59; the lecture's table printed "
               f"{DATA_YEAR + 1}): another year; use the rows for {DATA_YEAR}.")
"""One message for both neighbours: their shares are equal at two decimals."""
AWS_MARGIN = (_segment(DATA_YEAR, "AWS", "operating_income_musd")
              / _segment(DATA_YEAR, "AWS", "net_sales_musd"))
AWS_SALES_SHARE = _aws_sales_share(DATA_YEAR)
LECTURE_TABLE_YEARS = (2014, 2017, 2020, 2022, 2024, 2025)
"""The rows of the lecture's table (shares of net sales and of operating income)."""


def _years_by_share(years, share_of, taken: set[float]) -> dict[float, list[int]]:
    """``years`` grouped by ``share_of(year)`` at two decimals (a share of 1), leaving out the
    values in ``taken`` (those another hint or the answer already names)."""
    by_value: dict[float, list[int]] = {}
    for year in years:
        share = round(share_of(year), 2)
        if share not in taken:
            by_value.setdefault(share, []).append(year)
    return by_value


def _sales_share_hints() -> tuple[Hint, ...]:
    """AWS's share of net sales in the lecture's years: one hint per value at two decimals, naming
    every year with that value; none where it equals 2019's answer or its own sales share."""
    taken = {round(_aws_income_share(DATA_YEAR), 2), round(AWS_SALES_SHARE, 2)}
    by_value = _years_by_share(LECTURE_TABLE_YEARS, _aws_sales_share, taken)
    return tuple(Hint(_aws_sales_share(years[0]),
                      f"that is AWS's share of net sales in {' and '.join(map(str, years))}, the "
                      f"lecture's example, from its table; the question asks for its share of "
                      f"operating income in {DATA_YEAR}.")
                 for years in by_value.values())


def _other_year_hints() -> tuple[Hint, ...]:
    """AWS's share of operating income in every year of the table that no other hint names: one hint
    per value at two decimals, naming every year with that value (2016 and 2021 both give 0.74)."""
    named = {DATA_YEAR, DATA_YEAR - 1, DATA_YEAR + 1, *LECTURE_YEARS}
    taken = {round(_aws_income_share(year), 2) for year in named}
    years = sorted({int(y) for y in load("amazon_segments")["year"]} - named)
    by_value = _years_by_share(years, _aws_income_share, taken)
    return tuple(Hint(_aws_income_share(same[0]),
                      f"that is AWS's share in {' and '.join(map(str, same))}"
                      + (f" (both {share:.2f})" if len(same) > 1 else "")
                      + f"; use the rows for {DATA_YEAR}.")
                 for share, same in by_value.items())


def _clv_margin_at_start(margin, retention, discount):
    return margin * (1 + discount) / (1 + discount - retention)


def _clv_no_retention_factor(margin, retention, discount):
    return margin / (1 + discount - retention)


def _clv_churn(margin, retention, discount):
    return margin * (1 - retention) / (1 + discount - retention)


def _clv_undiscounted(margin, retention, discount):
    return margin * retention / (1 - retention)


def _clv_first_years(years: int):
    """The CLV summed over the first ``years`` years only (US$): a loop that stops too early."""
    def clv_truncated(margin, retention, discount):
        return sum(margin * (retention / (1 + discount)) ** t for t in range(1, years + 1))
    return clv_truncated


def _clv_truncated_to_cent(margin, retention, discount):
    """The right CLV cut off (truncated) to the cent: math.floor(x * 100) / 100 or int(x * 100) / 100."""
    return math.floor(margin * retention / (1 + discount - retention) * 100) / 100


def _clv_discounted_extra_year(margin, retention, discount):
    """Each margin discounted one year too many: the right CLV divided by 1 + d once more."""
    return margin * retention / ((1 + discount) * (1 + discount - retention))


def _clv_in_cents(margin, retention, discount):
    """The right CLV in cents (× 100), where the question asks for US$."""
    return 100 * margin * retention / (1 + discount - retention)


def _clv_perpetuity(margin, retention, discount):
    return margin * retention / discount


def _clv_no_churn(margin, retention, discount):
    """m/d: a customer kept for ever (no churn), valued as a perpetuity (200 at m 20, d 0.1)."""
    return margin / discount


def _clv_no_r_no_discount(margin, retention, discount):
    """m/(1 − r): neither the retention on top nor the discount rate below (100 at m 20, r 0.8)."""
    return margin / (1 - retention)


def _clv_churn_over_d(margin, retention, discount):
    """m(1 − r)/d: the churn on top and d alone below (40 at m 20, r 0.8, d 0.1)."""
    return margin * (1 - retention) / discount


def _clv_denominator_sign(margin, retention, discount):
    """m·r/(1 − d − r): the discount rate subtracted in the denominator instead of added."""
    return margin * retention / (1 - discount - retention)


def _clv_no_one(margin, retention, discount):
    """m·r/(d − r): the 1 of 1 + d − r dropped."""
    return margin * retention / (discount - retention)


def _clv_plus_r(margin, retention, discount):
    """m·r/(1 + d + r): the retention added in the denominator instead of subtracted."""
    return margin * retention / (1 + discount + retention)


def _clv_discounted_from_now(margin, retention, discount):
    return margin * retention * (1 + discount) / (1 + discount - retention)


def _clv_whole_int(margin, retention, discount):
    """The right CLV cut off to whole dollars inside the function: int(...) before return."""
    return int(margin * retention / (1 + discount - retention))


def _clv_rounded(places: int):
    """The right CLV rounded inside the function (round() before return) to ``places`` decimals."""
    def clv_rounded(margin, retention, discount):
        return round(margin * retention / (1 + discount - retention), places)
    return clv_rounded


_ROUNDED = ("close, but rounded too coarsely: your results are the CLV rounded to {what}. Return it "
            "unrounded or to the cent (the check accepts anything within half a cent); round only "
            "when you print.")


_FINITE_HORIZON = ("that sums only the first years: CLV counts every year the customer may still "
                   "be there, an infinite sum. Use the closed form m·r/(1 + d − r), or sum until the "
                   "terms no longer change the cent.")


CLV_CASES = (
    dict(margin=20, retention=0.8, discount=0.1),
    dict(margin=12.5, retention=0.6, discount=0.15),
    dict(margin=100, retention=0.9, discount=0.05),
    dict(margin=7, retention=0.05, discount=0.1),
)
"""Retention above 0 in every case: the question does not say r may be 0, and m/((1 + d)/r − 1),
the same formula, cannot be evaluated there."""
_SHORT_HORIZONS = tuple(years for years in range(1, 151)
                        if any(abs(_clv_first_years(years)(**case) - customer_lifetime_value(**case))
                               > 0.005 for case in CLV_CASES))
"""The fixed horizons a loop may stop at and still miss the CLV by more than half a cent on some
case (longer loops are right at the check's precision)."""

# 09.3: the lowest retention at which a device pays back: a·m·r/(1 + d − r) = s. The loss is US$41
# (r25d 09 #4): the break-even 0.8509 rounds to the nearest step 0.85, which loses money, so rounding
# to the nearest and rounding up give different answers (at a loss of 40 both gave 0.85)
DEVICE = dict(subsidy=41, attach=0.6, margin=20, discount=0.1)


def breakeven_retention(subsidy: float, attach: float, margin: float, discount: float) -> float:
    """Solve a·m·r/(1 + d − r) = s for r: r = s(1 + d)/(a·m + s)."""
    return subsidy * (1 + discount) / (attach * margin + subsidy)


RETENTION = breakeven_retention(**DEVICE)
RETENTION_STEP = math.ceil(RETENTION * 100) / 100  # 09.3 asks for the lowest 0.01 step that pays back
_RETENTION_NO_ATTACH = breakeven_retention(**{**DEVICE, "attach": 1.0})
_RETENTION_NO_DISCOUNT = breakeven_retention(**{**DEVICE, "discount": 0.0})

LECTURE_RETENTION = 0.8  # the lecture's r (sections 3's CLV and device chart)
LECTURE_ATTACH = 0.5     # the lecture's first device: attach rate 0.5, never pays back
_RETENTION_NO_R_ON_TOP = 1 + DEVICE["discount"] - DEVICE["attach"] * DEVICE["margin"] / DEVICE["subsidy"]
# a·m/(1 + d − r) = s gives 0.807 (0.81 at two decimals, either way): its own hint, not the lecture's 0.8
assert round(_RETENTION_NO_R_ON_TOP, 2) == math.ceil(_RETENTION_NO_R_ON_TOP * 100) / 100 != LECTURE_RETENTION
_NO_R_STEP = round(_RETENTION_NO_R_ON_TOP, 2)
_NO_ATTACH_STEP = math.ceil(_RETENTION_NO_ATTACH * 100) / 100      # 0.74 (also its nearest rounding)
_STEP_BELOW = math.floor(RETENTION * 100) / 100                    # 0.85: the break-even rounded to nearest
assert round(RETENTION, 2) == _STEP_BELOW < RETENTION_STEP         # nearest and up differ (r25d 09 #4)
_LECTURE_R_VALUE = DEVICE["attach"] * customer_lifetime_value(
    margin=DEVICE["margin"], retention=LECTURE_RETENTION, discount=DEVICE["discount"])

LOWER_STEPS = tuple(step for step in (round(RETENTION_STEP - k / 100, 2) for k in range(2, 12))
                    if step >= 0.74 and step not in (
                        round(LECTURE_RETENTION, 2),                        # the lecture's r
                        _NO_R_STEP,                                         # 0.81, r left out on top
                        _NO_ATTACH_STEP,                                    # 0.74, a left out
                        round(_RETENTION_NO_DISCOUNT, 2),                   # 0.77, d left out
                        round(40 / customer_lifetime_value(                 # 0.75, the lecture's a*
                            margin=DEVICE["margin"], retention=LECTURE_RETENTION,   # (its loss is 40)
                            discount=DEVICE["discount"]), 2)))
"""The 0.01 steps two or more below the answer, down to 0.74, that have no hint of their own: none
pays back (0.84, 0.83, 0.82, 0.79, 0.78, 0.76)."""

HIGHER_STEPS = tuple(round(RETENTION_STEP + k / 100, 2)
                     for k in range(1, round((0.99 - RETENTION_STEP) * 100) + 1))
"""The 0.01 steps above the answer, up to 0.99 (1.0 has its own hint): each pays back."""


def _short_of_payback(step: float) -> str:
    value = DEVICE["attach"] * customer_lifetime_value(margin=DEVICE["margin"], retention=step,
                                                       discount=DEVICE["discount"])
    return (f"at r = {step:.2f} the device does not pay back (a·CLV = US$ {value:.2f} < s = US$ "
            f"{DEVICE['subsidy']}): the lowest retention that pays back is higher. Solve "
            f"a·m·r/(1 + d − r) = s for r.")


def _not_lowest(step: float) -> str:
    expected = DEVICE["attach"] * customer_lifetime_value(margin=DEVICE["margin"], retention=step,
                                                          discount=DEVICE["discount"])
    return (f"at r = {step:.2f} the device pays back (a·CLV = US$ {expected:.2f} ≥ s = US$ "
            f"{DEVICE['subsidy']}): that works, but it is not the lowest step that does. Solve "
            f"a·m·r/(1 + d − r) = s for r and take the step at or above it.")


# 09.6, the inverse of the lecture's chart: the lowest attach rate (steps of 0.01) at which the
# lecture's device has paid back by the end of year 8 (the lecture: year 6 at 0.9, never at 0.5)
PAYBACK_DEVICE = dict(subsidy=40, margin=20, retention=0.8, discount=0.1, periods=30)
PAYBACK_TARGET_YEAR = 8
LECTURE_ATTACH_PAYING = 0.9   # the lecture's second case, paid back in year 6


def payback_year_at(attach_rate: float) -> int | None:
    """The model's payback year for the lecture's device at ``attach_rate`` (None: never)."""
    return payback_period(device_value_path(attach_rate=attach_rate, **PAYBACK_DEVICE))


def payback_threshold(year: int) -> float:
    """The exact attach rate at which the expected value reaches zero at the end of ``year``:
    a·CLV·(1 − q^year) = s, with q = r/(1 + d)."""
    clv = customer_lifetime_value(margin=PAYBACK_DEVICE["margin"], retention=PAYBACK_DEVICE["retention"],
                                  discount=PAYBACK_DEVICE["discount"])
    q = PAYBACK_DEVICE["retention"] / (1 + PAYBACK_DEVICE["discount"])
    return PAYBACK_DEVICE["subsidy"] / (clv * (1 - q ** year))


def _lowest_attach(year: int) -> float:
    """The lowest 0.01 step of the attach rate whose payback year is ``year`` or earlier."""
    return next(k / 100 for k in range(1, 101)
                if (payback_year_at(k / 100) or math.inf) <= year)


PAYBACK_ATTACH = _lowest_attach(PAYBACK_TARGET_YEAR)            # 0.82
PAYBACK_EXACT = payback_threshold(PAYBACK_TARGET_YEAR)          # 0.8137
LECTURE_PAYBACK_YEAR = payback_year_at(LECTURE_ATTACH_PAYING)   # 6
assert math.ceil(PAYBACK_EXACT * 100) / 100 == PAYBACK_ATTACH
_ATTACH_BREAKEVEN = PAYBACK_DEVICE["subsidy"] / customer_lifetime_value(
    margin=PAYBACK_DEVICE["margin"], retention=PAYBACK_DEVICE["retention"],
    discount=PAYBACK_DEVICE["discount"])                        # 0.75: pays back only in the limit
_STRICTLY_BEFORE = _lowest_attach(PAYBACK_TARGET_YEAR - 1)      # 0.85: payback in year 7, before 8


def _too_low(step: float) -> str:
    year = payback_year_at(step)
    when = f"only in year {year}" if year is not None else "never within 30 years"
    return (f"at attach rate {step:.2f} the device pays back {when}: too late for year "
            f"{PAYBACK_TARGET_YEAR}. Raise the attach rate.")


def _works_not_lowest(step: float) -> str:
    return (f"at attach rate {step:.2f} the device pays back in year {payback_year_at(step)}: that "
            f"works, but a lower rate also pays back by year {PAYBACK_TARGET_YEAR}: lower it.")
    # r28f L09-4: no "until payback_period gives a year after 8": beside the hint of the rate below
    # the answer ("pays back only in year 9") it pinned the answer down


_BELOW_BREAKEVEN = round(_ATTACH_BREAKEVEN - 0.005, 3)         # 0.745: every rate below rounds under 0.75
PAYBACK_TOO_LOW = tuple(round(_ATTACH_BREAKEVEN + k / 100, 2)
                        for k in range(1, round((PAYBACK_ATTACH - _ATTACH_BREAKEVEN) * 100)))
"""0.76 ... 0.81: they pay back, but after year 8 (0.8 has its own hint: it is also the retention)."""
PAYBACK_HIGHER = tuple(round(PAYBACK_ATTACH + k / 100, 2)
                       for k in range(1, round((1 - PAYBACK_ATTACH) * 100) + 1)
                       if round(PAYBACK_ATTACH + k / 100, 2) not in (_STRICTLY_BEFORE, LECTURE_ATTACH_PAYING))
"""0.83 ... 1.0 except 0.85 and 0.9, which have their own hints: each pays back by year 8."""
_A_YEAR = (f"is a year, the forward answer: payback_period gives the payback year for an attach rate "
           f"you chose. This question goes the other way: the year is given ({PAYBACK_TARGET_YEAR}) "
           f"and it asks for the lowest attach rate that pays back by then, a share between 0 and 1.")


LECTURE_BREAKEVEN_ATTACH = 40 / customer_lifetime_value(margin=20, retention=0.8, discount=0.1)
LECTURE_CLV = customer_lifetime_value(margin=20, retention=0.8, discount=0.1)   # 53.33, section 3

LECTURE_FIXED = 10   # the lecture's fixed cost (US$ bn a year)
LECTURE_STORE = shared_cost(fixed_cost=10, store_use=1, external_use=4, unit_cost=1)
# 09.4, the inverse of section 2: which external use brings the store's bill down to US$ 2.5 bn a
# year, with a fixed cost of 13, a cost of 1 per unit of use and the store using 1 unit?
BILL_FIXED, BILL_UNIT, BILL_TARGET = 13, 1, 2.5
BILL_STORE_FIXED = BILL_TARGET - BILL_UNIT * 1          # the part of the fixed cost the store bears
BILL_EXTERNAL = BILL_FIXED * 1 / BILL_STORE_FIXED - 1   # F·u/(u + e) = 1.5 solved for e
assert math.isclose(shared_cost(fixed_cost=BILL_FIXED, store_use=1, external_use=BILL_EXTERNAL,
                                unit_cost=BILL_UNIT).store, BILL_TARGET)
_NO_UNIT_COST = BILL_FIXED / BILL_TARGET - 1    # 4.2: v·u left in the bill
_TOTAL_USE = BILL_FIXED / BILL_STORE_FIXED      # 8.67: u + e, the store's own use not taken off
_COST_OF_USE_ADDED = BILL_FIXED / (BILL_TARGET + BILL_UNIT) - 1   # 2.71: v·u added to the bill
LECTURE_BILL = LECTURE_STORE.store              # 3.0: the lecture's bill at 4x outside use
_SOLVE = (f"solve {BILL_FIXED} × 1/(1 + e) + {BILL_UNIT} = {BILL_TARGET}: the store's own cost of "
          f"use (v·u = {BILL_UNIT}) comes off the bill first, so 1/(1 + e) = "
          f"{BILL_STORE_FIXED:g}/{BILL_FIXED}.")

CHECKS = {
    "09.1": Number(
        expected=_aws_income_share(DATA_YEAR),
        unit="share of Amazon's consolidated operating income, between 0 and 1",
        what=f"AWS's share of operating income in {DATA_YEAR}",
        share=True,
        decimals=2,
        kind="data",
        hints=(
            Hint(AWS_SALES_SHARE, "that is AWS's share of net sales; the question asks about "
                 "operating income (column operating_income_musd)."),
            Hint(AWS_MARGIN, f"that is AWS's own operating margin in {DATA_YEAR} (its operating "
                             f"income ÷ its own net sales); the question asks for AWS's share of "
                             f"Amazon's operating income: AWS's operating income ÷ the Consolidated "
                             f"operating income."),
            *(Hint(_aws_income_share(year), _NEIGHBOURS) for year in (DATA_YEAR - 1, DATA_YEAR + 1)),
            *(Hint(_aws_income_share(year), _lecture_year_hint(year)) for year in LECTURE_YEARS),
            *_sales_share_hints(),
            *_other_year_hints(),
            Hint(_segment(DATA_YEAR, "AWS", "operating_income_musd")
                 / _segment(DATA_YEAR, "Consolidated", "net_sales_musd"),
                 "you divided AWS's operating income by Amazon's net sales; divide by Amazon's "
                 "operating income."),
            Hint(_segment(DATA_YEAR, "AWS", "operating_income_musd")
                 / (_segment(DATA_YEAR, "Consolidated", "operating_income_musd")
                    + _segment(DATA_YEAR, "AWS", "operating_income_musd")),
                 "the Consolidated row already includes AWS: divide by it, do not add AWS again."),
            Hint(1 - _aws_income_share(DATA_YEAR),
                 "that is the other segments' share (1 − AWS's): North America and International "
                 "together; the question asks for AWS's share, AWS ÷ Consolidated."),
            Hint(_segment(DATA_YEAR, "AWS", "operating_income_musd")
                 / _segment(DATA_YEAR, "North America", "operating_income_musd"),
                 "that is AWS's operating income divided by North America's; the whole is the "
                 "Consolidated row (all three segments together): AWS ÷ Consolidated."),
            Hint(_segment(DATA_YEAR, "AWS", "operating_income_musd")
                 / (_segment(DATA_YEAR, "North America", "operating_income_musd")
                    + _segment(DATA_YEAR, "International", "operating_income_musd")),
                 "that divides AWS by the other two segments (North America + International); the "
                 "whole is the Consolidated row (all three segments together): AWS ÷ Consolidated."),
            Hint(NEAR_MISS_SHARE,
                 "one hundredth too low: recompute AWS ÷ Consolidated for 2019 from the unrounded "
                 "operating_income_musd values, and round only at the end (half up)."),
            Hint(1 / _aws_income_share(DATA_YEAR),
                 "upside down: that is the Consolidated operating income divided by AWS's (how many "
                 "times AWS's profit the whole company made); a share is the part over the whole, "
                 "AWS ÷ Consolidated."),
        ),
    ),
    "09.2": Function(
        reference=customer_lifetime_value,
        model=customer_lifetime_value,  # the package's own: a function that only calls it is refused
        cases=CLV_CASES,
        unit="US$ per customer",
        what="your customer_lifetime_value",
        abs_tol=0.005,  # half a cent: a function that rounds to the cent is right too
        mistakes=(
            (_clv_margin_at_start, "that is the CLV with the margin paid at the start of each period "
             "(m·(1 + d)/(1 + d − r)); the lesson's convention is margin at period end: m·r/(1 + d − r)."),
            (_clv_no_retention_factor, "the numerator needs the retention r too: the first margin "
             "arrives only if the customer is still there, m·r/(1 + d − r)."),
            (_clv_churn, "the numerator has the churn 1 − r; it needs the retention r: the first "
             "margin arrives only if the customer is still there, m·r/(1 + d − r)."),
            (_clv_undiscounted, "you left out the discount rate: money next year is worth less, "
             "divide by 1 + d − r, not 1 − r."),
            (_clv_perpetuity, "m·r/d values m·r a year for ever, as if a customer kept once stayed "
             "for good; retention compounds (the year-t margin arrives with probability r^t), so the "
             "denominator is 1 + d − r, not d: m·r/(1 + d − r)."),
            (_clv_no_churn, "m/d is the value of a customer kept for ever (no churn): a perpetuity of "
             "m a year. Customers leave: the year-t margin arrives only with probability r^t, so "
             "the CLV is m·r/(1 + d − r)."),
            (_clv_denominator_sign, "that subtracts the discount rate in the denominator, "
             "m·r/(1 − d − r); it is added: discounting makes each future margin worth less, so the "
             "CLV is m·r/(1 + d − r)."),
            (_clv_no_one, "the denominator is 1 + d − r: you dropped the 1 (m·r/(d − r))."),
            (_clv_no_r_no_discount, "m/(1 − r) leaves out two things: the retention r on top (the "
             "first margin arrives only if the customer is still there) and the discount rate below "
             "(money next year is worth less): m·r/(1 + d − r)."),
            (_clv_churn_over_d, "m(1 − r)/d has the churn 1 − r on top and d alone below: the "
             "numerator needs the retention r (the first margin arrives only if the customer is "
             "still there), and the denominator is 1 + d − r, since retention compounds: "
             "m·r/(1 + d − r)."),
            (_clv_plus_r, "the denominator is 1 + d − r: you added r (m·r/(1 + d + r)); a higher "
             "retention must raise the CLV, so r is subtracted."),
            (_clv_discounted_from_now, "that discounts each margin one year too little (it multiplies "
             "the right CLV by 1 + d): the first margin arrives at the end of year 1, so it is divided "
             "by 1 + d once: m·r/(1 + d − r)."),
            (_clv_discounted_extra_year, "that discounts each margin one year too many (it divides "
             "the right CLV by 1 + d once more): the first margin arrives at the end of year 1, so "
             "it is divided by 1 + d once, not twice: m·r/(1 + d − r)."),
            (_clv_in_cents, "your results are 100 times the CLV: that is cents; the question asks "
             "for US$ (do not multiply by 100)."),
            (_clv_truncated_to_cent, "close, but cut off (truncated) to the cent instead of rounded: "
             "math.floor(x * 100) / 100 or int(x * 100) / 100 drops the third decimal (13.636… "
             "becomes 13.63, not 13.64). Return the value unrounded, or round(x, 2)."),
            (_clv_rounded(0), _ROUNDED.format(what="whole dollars")),
            (_clv_whole_int, "your results are the CLV cut off to whole dollars: int(...) drops the "
             "cents (53.33 becomes 53). Return the value unrounded (or to the cent); round only when "
             "you print."),
            (_clv_rounded(1), _ROUNDED.format(what="one decimal (ten cents)")),
            # a loop over a fixed horizon (any length that is still off by more than half a cent)
            *((_clv_first_years(years), _FINITE_HORIZON) for years in _SHORT_HORIZONS),
        ),
    ),
    "09.3": Number(
        expected=RETENTION_STEP,
        unit="share of owners kept each year, between 0 and 1",
        what="the lowest retention step that pays back",
        share=True,
        decimals=2,
        grid=0.01,  # 0.855 rounds to 0.86 but 0.851 to 0.85, which loses money: only 0.01 steps are answers
        hints=(
            Hint(_RETENTION_NO_ATTACH, "that assumes every owner buys through the device; only the "
                                       "attach rate a = 0.6 do: solve a·m·r/(1 + d − r) = s."),
            # the same slip rounded up to the grid, as the question asks, where that is another step
            *([Hint(_NO_ATTACH_STEP,
                    "that assumes every owner buys through the device; only the attach rate a = 0.6 "
                    "do: solve a·m·r/(1 + d − r) = s.")]
              if _NO_ATTACH_STEP != round(_RETENTION_NO_ATTACH, 2) else []),
            Hint(_RETENTION_NO_DISCOUNT, "that leaves out the 10% discount rate: the denominator is "
                                         "1 + d − r."),
            Hint(1 - RETENTION, "that is the share lost each year (churn); the question asks for the "
                                "share kept."),
            # r27b 09 #4: the lecture's CLV (US$ 53.33 at r = 0.8) copied as the answer
            Hint(LECTURE_CLV,
                 f"that is the lecture's CLV at r = {LECTURE_RETENTION}, US$ {LECTURE_CLV:.2f} per "
                 f"owner, a value in US$; the question asks for a retention, the share of owners kept "
                 f"each year: solve a·m·r/(1 + d − r) = s for r.", within=0.005),
            Hint(LECTURE_BREAKEVEN_ATTACH,
                 f"{LECTURE_BREAKEVEN_ATTACH:.2f} is the lecture's break-even attach rate a* = s/CLV "
                 f"(at r = 0.8); here a = 0.6 is given and the unknown is the retention r."),
            Hint(LECTURE_RETENTION,
                 f"{LECTURE_RETENTION} is the lecture's retention, its example: at r = "
                 f"{LECTURE_RETENTION} this device does not pay back (a·CLV = US$ "
                 f"{_LECTURE_R_VALUE:.2f} < s = US$ {DEVICE['subsidy']}). Solve "
                 f"a·m·r/(1 + d − r) = s for r."),
            Hint(_RETENTION_NO_R_ON_TOP,
                 f"that is what you get with r left out of the numerator, a·m/(1 + d − r) = s "
                 f"({_RETENTION_NO_R_ON_TOP:.3f}): the first margin arrives only if the owner stays, "
                 f"so solve a·m·r/(1 + d − r) = s for r."),
            Hint(LECTURE_ATTACH,
                 f"{LECTURE_ATTACH} is an attach rate, not a retention: the lecture's first device "
                 f"(a = {LECTURE_ATTACH}, which never paid back), like the WSJ's 'more than half of "
                 f"Echo owners', is a share of owners who buy through the device. Here a = "
                 f"{DEVICE['attach']} is given and the unknown is the share of owners kept each "
                 f"year, r: solve a·m·r/(1 + d − r) = s."),
            Hint(DEVICE["attach"],
                 f"{DEVICE['attach']} is the attach rate a, given in the question (the share of owners "
                 f"who ever shop through the device); the unknown is the retention r, the share of "
                 f"owners kept each year: solve a·m·r/(1 + d − r) = s for r."),
            # the churn of the answer's step, 1 − 0.86 (the break-even churn 0.149 and the churn of
            # the step below, 1 − 0.85, are both 0.15: the churn hint above names them)
            Hint(round(1 - RETENTION_STEP, 2),
                 f"{1 - RETENTION_STEP:.2f} is a churn, the share of owners lost each year: "
                 f"1 − {RETENTION_STEP:.2f}. The question asks for the share kept, the retention r."),
            Hint(_STEP_BELOW,
                 f"at r = {_STEP_BELOW:.2f} the device does not yet pay back (a·CLV = US$ "
                 f"{DEVICE['attach'] * customer_lifetime_value(margin=DEVICE['margin'], retention=_STEP_BELOW, discount=DEVICE['discount']):.2f}"
                 f" < s = US$ {DEVICE['subsidy']}): that is the break-even {RETENTION:.4f} rounded to "
                 f"the nearest step. The lowest retention that pays back is a threshold, so at two "
                 f"decimals it rounds up."),
            Hint(RETENTION, f"the exact break-even is r = {RETENTION:.4f}, not on the question's grid: "
                            f"retention is quoted in steps of 0.01, and at any step below it the "
                            f"device loses money: give the lowest step at or above it (a threshold "
                            f"rounds up).",
                 # only the break-even itself (0.846, 0.8462, ...), as 09.6's threshold hint: another
                 # off-grid value (0.849, 0.851) gets the core's "not on the question's grid" with
                 # its own neighbours
                 within=0.0005),
            # steps above the answer: the device pays back, but they are not the lowest step
            *(Hint(step, _not_lowest(step)) for step in HIGHER_STEPS),
            # steps two or more below the answer, down to 0.74, that have no hint of their own
            *(Hint(step, _short_of_payback(step)) for step in LOWER_STEPS),
            Hint(1.0, "at r = 1 every owner stays for ever and the device surely pays back, but that is "
                      "not the lowest retention that does: solve a·m·r/(1 + d − r) = s for r."),
        ),
    ),
    "09.4": Number(
        expected=BILL_EXTERNAL,
        unit="units of use",
        what="the external use",
        decimals=1,
        hints=(
            Hint(4, "4 has two readings. It is the lecture's case: outside use 4× the store's gives a "
                    "bill of US$ 3 bn at a fixed cost of 10. It is also 4.2, the answer without the "
                    f"store's cost of use, rounded to a whole number. Here the fixed cost is 13: "
                    f"{_SOLVE}"),
            Hint(9, "9 has two readings. It is the lecture's case: outside use 9× the store's gives a "
                    "bill of US$ 2 bn at a fixed cost of 10. It is also 8.7, the total use u + e, "
                    "rounded to a whole number. The question asks for the external use e alone, to "
                    f"one decimal: {_SOLVE}"),
            Hint(_NO_UNIT_COST, f"you left the store's cost of use in the bill ({BILL_FIXED} ÷ "
                                f"{BILL_TARGET:g} − 1): the store pays v·u = {BILL_UNIT} for its own "
                                f"use whatever e is, so only {BILL_STORE_FIXED:g} of its bill is fixed "
                                f"cost: {BILL_FIXED} × 1/(1 + e) = {BILL_STORE_FIXED:g}."),
            Hint(LECTURE_BILL,
                 f"3 has two readings. It is the lecture's bill: at 4× outside use and a fixed cost "
                 f"of {LECTURE_FIXED} the store pays US$ {LECTURE_BILL:g} bn a year, a sum of money, "
                 f"not a use. It is also 2.7 rounded to a whole number, the store's cost of use "
                 f"added to the bill instead of taken off. Here the bill is given: {_SOLVE}"),
            Hint(_COST_OF_USE_ADDED,
                 f"you added the store's cost of use to the bill ({BILL_FIXED} ÷ "
                 f"({BILL_TARGET:g} + {BILL_UNIT}) − 1); take it off: the store pays v·u = "
                 f"{BILL_UNIT} for its own use whatever e is, so {BILL_FIXED} × 1/(1 + e) = "
                 f"{BILL_TARGET:g} − {BILL_UNIT} = {BILL_STORE_FIXED:g}."),
            Hint(_TOTAL_USE, f"that is the total use u + e ({BILL_FIXED} ÷ {BILL_STORE_FIXED:g}); "
                             "the question asks for the external use: subtract the store's own 1 "
                             "unit."),
            Hint(BILL_FIXED / BILL_TARGET, f"that is {BILL_FIXED} ÷ {BILL_TARGET:g}: take the cost of "
                                           f"use (v·u = {BILL_UNIT}) off the bill first, and the store's "
                                           "own use off the total."),
            Hint(LECTURE_FIXED / BILL_STORE_FIXED - 1,
                 f"that uses the lecture's fixed cost, US$ {LECTURE_FIXED} bn a year; the question's "
                 f"is {BILL_FIXED}: {BILL_FIXED} × 1/(1 + e) = {BILL_STORE_FIXED:g}."),
            # within half a cent of a share: 0.115 or 0.12, not any answer that rounds to 0.1
            Hint(BILL_STORE_FIXED / BILL_FIXED,
                 f"that is the store's share of the fixed cost, u/(u + e) = {BILL_STORE_FIXED:g}/"
                 f"{BILL_FIXED}; the question asks for the external use e that gives that share.",
                 within=0.005),
            Hint(BILL_STORE_FIXED,
                 f"{BILL_STORE_FIXED:g} is the intermediate step, the part of the fixed cost the "
                 f"store bears ({BILL_TARGET:g} − {BILL_UNIT}); solve {BILL_FIXED} × 1/(1 + e) = "
                 f"{BILL_STORE_FIXED:g} for the external use e."),
            Hint((BILL_FIXED - BILL_UNIT) / BILL_TARGET - 1,
                 f"you took the store's cost of use (v·u = {BILL_UNIT}) off the fixed cost instead of "
                 f"off the bill: ({BILL_FIXED} − {BILL_UNIT}) ÷ {BILL_TARGET:g} − 1. The cost of use is "
                 f"part of the store's bill: {BILL_FIXED} × 1/(1 + e) = {BILL_TARGET:g} − {BILL_UNIT} = "
                 f"{BILL_STORE_FIXED:g}."),
            Hint(BILL_FIXED - BILL_UNIT,
                 f"that is {BILL_FIXED} − {BILL_UNIT}, the fixed cost less the store's own use; the "
                 f"fixed cost is shared in proportion to use: {BILL_FIXED} × 1/(1 + e) = "
                 f"{BILL_STORE_FIXED:g}, so e = {BILL_FIXED} ÷ {BILL_STORE_FIXED:g} − 1."),
            Hint(round(BILL_EXTERNAL), "8 has two readings. It is the answer rounded to a whole "
                                       "number: the question asks for one decimal. It is also the "
                                       "lecture's case, the store's saving of US$ 8.0 bn a year at 4× "
                                       "outside use: a sum of money, not a use."),
        ),
    ),
    "09.5": Choice(
        correct="b",
        options={
            "a": "AWS's external customers send the store cash that covers its server bill.",
            "b": "Under one allocation rule the store's part of the same fixed cost falls; another rule "
                 "(e.g. stand-alone or incremental cost) would divide it differently.",
            "c": "Amazon's consolidated operating income rises by the store's allocated saving.",
            "d": "The platform's total yearly cost, F plus v for each unit of use, falls as "
                 "outside use grows.",
        },
        hints={
            "a": "no cash moves from AWS customers to the store: the allocation only divides a shared "
                 "cost on paper.",
            "c": "consolidated income does not change when a cost is reallocated between segments; "
                 "what changes is how segment results look.",
            "d": "the total cost does not fall: the fixed cost is unchanged and each extra unit of use adds v "
                 "(section 2's printout: a total of US$ 12.0 bn at 1× outside use, 15.0 at 4×, 20.0 "
                 "at 9×). What falls is the average cost per unit of use, for the store and everyone "
                 "else, as the fixed cost is spread wider.",
        },
    ),
    "09.6": Number(
        expected=PAYBACK_ATTACH,
        unit="share of owners who buy through the device, between 0 and 1",
        what="the lowest attach rate that pays back by year 8",
        share=True,
        decimals=2,
        grid=0.01,  # 0.8137 rounds to 0.81, which pays back only in year 9: only 0.01 steps answer
        kind="explore",
        none_hint=(f"payback_period returned None: at the attach rate you tried the device never pays "
                   f"back within the path's periods (at or below the break-even rate "
                   f"{_ATTACH_BREAKEVEN:.2f} it never does). The question asks for an attach rate, not "
                   f"a year: try rates until payback_period gives a year of {PAYBACK_TARGET_YEAR} or "
                   f"earlier, and give the lowest such rate."),
        hints=(
            Hint(PAYBACK_EXACT,
                 f"{PAYBACK_EXACT:.4f} is the exact threshold, where a·CLV·(1 − (r/(1 + d))^"
                 f"{PAYBACK_TARGET_YEAR}) = s; the question asks for a step of 0.01, and below the "
                 f"threshold the device pays back too late: take the step at or above it.",
                 within=0.0005),
            Hint(float(PAYBACK_TARGET_YEAR),
                 f"{PAYBACK_TARGET_YEAR} is the target year, given in the question (it is also the "
                 f"forward answer, the payback year at the right attach rate); the question asks "
                 f"for that attach rate, a share between 0 and 1."),
            Hint(float(LECTURE_PAYBACK_YEAR),
                 f"year {LECTURE_PAYBACK_YEAR} is the lecture's payback year at attach rate "
                 f"{LECTURE_ATTACH_PAYING}, the forward answer; the question gives the year "
                 f"({PAYBACK_TARGET_YEAR}) and asks for the lowest attach rate, a share."),
            *(Hint(float(year), _A_YEAR, echo=True)
              for year in range(2, 31) if year not in (PAYBACK_TARGET_YEAR, LECTURE_PAYBACK_YEAR)),
            Hint(_ATTACH_BREAKEVEN,
                 f"{_ATTACH_BREAKEVEN:.2f} is the lecture's break-even attach rate a* = s/CLV: there "
                 f"the expected value only approaches zero and never reaches it in a finite year. To "
                 f"pay back by year {PAYBACK_TARGET_YEAR} the rate must be higher."),
            Hint(LECTURE_ATTACH,
                 f"{LECTURE_ATTACH} is the lecture's first case, which never pays back; raise the "
                 f"attach rate until the device pays back by year {PAYBACK_TARGET_YEAR}."),
            Hint(DEVICE["attach"],
                 f"{DEVICE['attach']} is 09.3's attach rate, a device with other numbers; the "
                 f"lecture's device at attach rate {DEVICE['attach']} never pays back (it is below "
                 f"the break-even {_ATTACH_BREAKEVEN:.2f}): raise the attach rate until it pays back "
                 f"by year {PAYBACK_TARGET_YEAR}."),
            Hint(LECTURE_RETENTION,
                 f"0.8 has two readings. It is the retention r, not an attach rate. As an attach rate "
                 f"it pays back only in year {payback_year_at(LECTURE_RETENTION)}: too late for "
                 f"year {PAYBACK_TARGET_YEAR}."),
            Hint(LECTURE_ATTACH_PAYING,
                 f"{LECTURE_ATTACH_PAYING} is the lecture's second case, which pays back in year "
                 f"{LECTURE_PAYBACK_YEAR}: that works, but a lower rate also pays back by year "
                 f"{PAYBACK_TARGET_YEAR}."),
            Hint(_STRICTLY_BEFORE,
                 f"at {_STRICTLY_BEFORE:.2f} the device pays back in year {payback_year_at(_STRICTLY_BEFORE)}, "
                 f"before year {PAYBACK_TARGET_YEAR}: 'by the end of year {PAYBACK_TARGET_YEAR}' "
                 f"includes year {PAYBACK_TARGET_YEAR} itself (payback_period ≤ "
                 f"{PAYBACK_TARGET_YEAR}), so a lower rate also works."),
            *(Hint(step, _too_low(step)) for step in PAYBACK_TOO_LOW if step != LECTURE_RETENTION),
            *(Hint(step, _works_not_lowest(step)) for step in PAYBACK_HIGHER),
            # any other rate below the break-even, from 0 up to 0.74 (0.7, 0.3): it never pays back
            Hint(_BELOW_BREAKEVEN / 2, f"is below the break-even {_ATTACH_BREAKEVEN:.2f}: below it "
                                       f"the device never pays back (a·CLV < s). Raise the attach "
                                       f"rate until it pays back by year {PAYBACK_TARGET_YEAR}.",
                 within=_BELOW_BREAKEVEN / 2, echo=True),
        ),
    ),
}


# 09.8-09.9 (issue 27): the store's operating income (North America + International, equal to
# Consolidated − AWS), US$ billions, 2014-2025, drawn by the student; then the year it fell most.
_INCOME = load("amazon_segments").pivot_table(index="year", columns="segment",
                                              values="operating_income_musd") / 1000
_SALES = load("amazon_segments").pivot_table(index="year", columns="segment", values="net_sales_musd") / 1000
_STORE_TABLE = _INCOME.reset_index().assign(
    store=lambda t: t["North America"] + t["International"],
    # r25d: the store's net sales (North America + International) drawn for its operating income
    store_net_sales=lambda t: (_SALES["North America"] + _SALES["International"]).loc[t["year"]].to_numpy(),
    store_musd=lambda t: 1000 * t["store"],
    aws_less_store=lambda t: t["AWS"] - t["store"],
    # r26d 09-E2: seaborn over the two store segments' rows without hue draws their mean, store ÷ 2
    store_mean=lambda t: t["store"] / 2,
    # r26d 09-E1: one segment (or the lecture's four lines) in the table's US$ millions: two slips
    **{f"{s}_musd": (lambda t, s=s: 1000 * t[s])
       for s in ("North America", "International", "AWS", "Consolidated")})
_STORE = _STORE_TABLE.set_index("year")["store"]
assert ((_STORE - (_INCOME["Consolidated"] - _INCOME["AWS"])).abs() < 1e-9).all()
_STORE_CHANGE = _STORE.diff().dropna()
STORE_FELL_MOST = int(_STORE_CHANGE.idxmin())       # 2022: from 6.3 to −10.6
STORE_ROSE_MOST = int(_STORE_CHANGE.idxmax())       # 2023: from −10.6 to 12.2
_STORE_FALLS = _STORE_CHANGE[_STORE_CHANGE < 0].sort_values()
STORE_LOSS_YEARS = [int(y) for y in _STORE.index[_STORE < 0]]   # 2014, 2017, 2022
_STORE_FIRST = int(_STORE.index[0])
assert STORE_FELL_MOST == 2022 and STORE_ROSE_MOST == 2023, (STORE_FELL_MOST, STORE_ROSE_MOST)


_STORE_SEGMENTS = ("North America", "International")


class _StorePlot(Plot):
    """09.8 (r27b 09 #3): a chart of no right series that draws both store segments as separate
    lines (``hue="segment"``, or the lecture's chart copied, AWS beside them) is told so, not
    "the nearest: North America alone"; in US$ millions too."""

    def evaluate(self, exercise, answer):
        feedback = super().evaluate(exercise, answer)
        if feedback.status != WRONG or not feedback.message.startswith("none of the"):
            return feedback
        drawn = self.columns_drawn(answer, _INCOME)
        if not all(segment in drawn for segment in _STORE_SEGMENTS):
            return feedback
        head = feedback.message.split("; the nearest:")[0].split(": you drew a series per")[0]
        which = ("you drew one line per segment, as the lecture's chart does (AWS among them)"
                 if "AWS" in drawn or "Consolidated" in drawn
                 else "you drew the store's two segments, North America and International, as separate "
                      "lines")
        millions = (", and in US$ millions: divide by 1,000" if any(drawn[s] for s in _STORE_SEGMENTS)
                    else "")
        return Feedback(exercise, WRONG,
                        f"{head}: {which}. The store is the two added into one series (groupby(\"year\")"
                        f".sum(), or estimator=\"sum\" without hue){millions}.")


CHECKS["09.8"] = _StorePlot.from_table(
    _STORE_TABLE, "year", "store", unit="US$ billions", unit_words=("US$", "$", "billion", "bn"),
    one_series=True,   # the question says "as one series"
    abs_tol=0.05,   # values a student rounds to one decimal pass
    what="the store's operating income (North America + International)",
    mistakes={
        "store_musd": "your values are in US$ millions, as the table stores them; the question asks "
                      "for US$ billions: divide operating_income_musd by 1,000.",
        "North America": "you plotted North America alone: the store is North America and International "
                         "together; add the two segments' operating income.",
        "International": "you plotted International alone: the store is North America and International "
                         "together; add the two segments' operating income.",
        "AWS": "you plotted AWS's operating income (the lecture's rising line); the question asks for the "
               "store: North America + International (or Consolidated − AWS).",
        "Consolidated": "you plotted Amazon's whole operating income (Consolidated), AWS included: "
                        "subtract AWS, or add North America and International.",
        "store_net_sales": "you plotted the store's net sales (North America + International, column "
                           "net_sales_musd), not its operating income (column operating_income_musd).",
        "aws_less_store": "you plotted AWS minus the store; plot the store's own operating income, "
                          "North America + International.",
        "store_mean": "seaborn averaged the two segments at each year (its default estimator is the mean), "
                      "so you drew half the store: add them first (groupby(\"year\").sum()) or pass "
                      "estimator=\"sum\".",
        "North America_musd": "you plotted North America alone, in US$ millions (as the table stores them): "
                              "add International's operating income and divide by 1,000.",
        "International_musd": "you plotted International alone, in US$ millions (as the table stores "
                              "them): add North America's operating income and divide by 1,000.",
        "AWS_musd": "you plotted AWS's operating income (the lecture's rising line), in US$ millions: the "
                    "store is North America + International, and the question asks for US$ billions "
                    "(divide by 1,000).",
        "Consolidated_musd": "you plotted Amazon's whole operating income (Consolidated, AWS included), in "
                             "US$ millions: subtract AWS (or add North America and International) and "
                             "divide by 1,000.",
    })

CHECKS["09.9"] = Number(
    expected=STORE_FELL_MOST,
    unit="year",
    what="the year the store's operating income fell most",
    year=True,
    kind="data",
    hints=fell_most_hints(
        _STORE, subject="the store's operating income", asks="the year",
        named={
            STORE_FELL_MOST - 1: ": a fall, but a short one. Look for the longest step down, dated by the "
                                 "year it fell to.",
            STORE_ROSE_MOST: ": the longest step up. The question asks for the longest step down.",
            **{int(y): (": the store lost money that year, but it fell only "
                        f"{-float(_STORE_CHANGE[y]):.1f} bn. " if _STORE[y] < 0
                        else ", but another year's fall is several times as long. ")
               + "Look for the longest step down."
               for y in _STORE_FALLS.index if int(y) not in (STORE_FELL_MOST, STORE_FELL_MOST - 1)},
        },
        first=(f"{_STORE_FIRST} is the table's first year (the store lost "
               + f"{float(_STORE[_STORE_FIRST]):.1f}".lstrip("-")
               + " bn): no year before it, so no step down ends there. Look for the longest step down.")),
)
