"""Checks for lesson 07 (capex to opex): Amazon's capex per dollar of operating cash in a year
the lecture does not print, the
capital recovery factor, the cloud price that sets a break-even, seeded startup scenarios at a price
and growth the lecture did not run, median against mean growth, and the server life that makes
owning pay. All prices are illustrative."""

from __future__ import annotations

import math

import numpy as np

from ..cloud import (HOURS_PER_YEAR, breakeven_utilization, buildout_table, capital_recovery_factor,
                     cost_per_used_hour, owned_cost_per_year, startup_scenarios)
from ..data import load
from ..rounding import round_half_up, truncate
from .core import WRONG, Choice, Feedback, Function, Hint, Number, fell_most_hints
from .plot import Plot

_cash = load("amazon_cash_flow").pivot_table(index="year", columns="metric", values="value_musd")
_capex = _cash["purchases_of_property_and_equipment"]
_ocf = _cash["operating_cash_flow"]
DATA_YEAR = 2020   # 07.1: a year section 6 does not print (its table starts in 2021)
CAPEX_TO_CASH = float(_capex[DATA_YEAR] / _ocf[DATA_YEAR])             # 0.61
CAPEX_TO_CASH_BEFORE = float(_capex[DATA_YEAR - 1] / _ocf[DATA_YEAR - 1])   # 2019: 0.44
CAPEX_TO_CASH_AFTER = float(_capex[DATA_YEAR + 1] / _ocf[DATA_YEAR + 1])    # 2021: 1.32
# the doubling the question names, 2020's purchases ÷ 2019's: 2.38 exact, 2.37 from the billions
# rounded to one decimal (40.1 ÷ 16.9)
CAPEX_GROWTH = float(_capex[DATA_YEAR] / _capex[DATA_YEAR - 1])
CAPEX_GROWTHS = sorted({CAPEX_GROWTH, round(float(_capex[DATA_YEAR]) / 1000, 1)
                        / round(float(_capex[DATA_YEAR - 1]) / 1000, 1)})
# the same ratio from the lecture's own printed years: 2022 (the old question) and 2025
CAPEX_TO_CASH_PRINTED = {year: float(_capex[year] / _ocf[year]) for year in (2022, 2025)}
# section 6's net_capex_share is capital spending NET of proceeds ÷ operating cash flow
_buildout = buildout_table(load("amazon_cash_flow"))
NET_SHARE = float(_buildout.loc[DATA_YEAR, "net_capex_share"])
PRINTED_NET_SHARES = {int(year): float(share)                  # section 6 prints 2021-2025
                      for year, share in _buildout.loc[2021:, "net_capex_share"].items()}
_SHORTFALL = 1 - CAPEX_TO_CASH   # how far capex fell short of the cash: 0.39
_DIFFERENCE = float(_capex[DATA_YEAR] - _ocf[DATA_YEAR])   # capex − operating cash flow: −25,924

# The lesson's illustrative server: $6,000, 4 years, 8% a year, $1,000 a year to run
SERVER = dict(capex=6000, life_years=4, rate=0.08, opex_per_year=1000)
TARGET_UTILIZATION = 0.5   # 07.3: the cloud price that puts the break-even here
_own = owned_cost_per_year(**SERVER)
PRICE_FOR_HALF = _own / (HOURS_PER_YEAR * TARGET_UTILIZATION)
_price_at_full = _own / HOURS_PER_YEAR
# the price rounded up to the next cent; with a 360-day year (8,640 hours) it is 0.6508, the same cent
PRICE_ROUNDED_UP = math.ceil(100 * PRICE_FOR_HALF) / 100
PRICE_360_DAYS = _own / (360 * 24 * TARGET_UTILIZATION)   # 0.6508
# 07.3: numbers the lecture prints, copied as the price: its break-even utilization at $0.80 (0.40),
# the utility premium U = 1/u* (2.49), and section 3's owned cost per used hour at the utilizations
# other than 0.4 and 1.0 (those two are the $0.80 and full-use hints): 3.21, 1.28, 0.53
LECTURE_BREAKEVEN = round(breakeven_utilization(**SERVER, cloud_price_per_hour=0.8), 2)
LECTURE_PREMIUM = round(1 / breakeven_utilization(**SERVER, cloud_price_per_hour=0.8), 2)
LECTURE_USED_HOUR_COSTS = tuple(round(cost_per_used_hour(**SERVER, utilization=u), 2)
                                for u in (0.1, 0.25, 0.6))
# each matched only near itself (to a tenth of a cent): 0.645, half a cent up, is neither slip
_NEAR = 0.0005
_price_no_interest = (SERVER["capex"] / SERVER["life_years"] + SERVER["opex_per_year"]) / (
    HOURS_PER_YEAR * TARGET_UTILIZATION)
_price_no_opex = SERVER["capex"] * capital_recovery_factor(0.08, 4) / (HOURS_PER_YEAR * TARGET_UTILIZATION)

# 07.4: 200 seeded startups at a cloud price of $0.70 and a median growth of 15% a year
SCENARIO = dict(cloud_price_per_hour=0.7, growth=0.15, seed=2012)
_scen = startup_scenarios(**SERVER, **SCENARIO)
_SCEN_LECTURE_PRICE = startup_scenarios(**SERVER, **{**SCENARIO, "cloud_price_per_hour": 0.8})
LECTURE_GROWTHS = (-0.2, 0.0, 0.3, 0.6, 1.0)   # the lecture's table, all at $0.80
_LECTURE_SHARES = {growth: startup_scenarios(**SERVER, cloud_price_per_hour=0.8, growth=growth,
                                             seed=2012).rent_wins_share for growth in LECTURE_GROWTHS}
# the growth factor typed for the rate: growth=1.15 instead of 0.15 (at $0.70 it gives 0.385, which
# is also the lecture's share at median growth 0.6: that hint names both slips)
FACTOR_TYPED = 1 + SCENARIO["growth"]
FACTOR_TYPED_SHARE = startup_scenarios(**SERVER, **{**SCENARIO, "growth": FACTOR_TYPED}).rent_wins_share
_FACTOR_TEXT = (f"what growth={FACTOR_TYPED:g} gives at $0.70 (the growth factor 1 + 0.15 typed in "
                f"place of the rate 0.15)")


def _same_at_3(a: float, b: float) -> bool:
    """True if two shares read the same at the question's three decimals."""
    return round(a, 3) == round(b, 3)


def _lecture_case_text(growth: float, share: float) -> str:
    text = f"that is the lecture's case ($0.80, median growth {growth:g})"
    if _same_at_3(share, FACTOR_TYPED_SHARE):
        text += f", and also {_FACTOR_TEXT}"
    return text + "; run cloud_price_per_hour=0.7 and growth=0.15."


# the owned fleet's utilization in the lecture's table (0.281, 0.343, 0.402, 0.432, 0.454), copied as
# the share of paths: the question's own run (0.377) has its hint in 07.4
_LECTURE_FLEET = {growth: startup_scenarios(**SERVER, cloud_price_per_hour=0.8, growth=growth,
                                            seed=2012).fleet_utilization for growth in LECTURE_GROWTHS}

_FACTOR_NAMED_BY_LECTURE = any(_same_at_3(share, FACTOR_TYPED_SHARE) for share in _LECTURE_SHARES.values())

# the answer rounded or cut off too coarsely (0.65, 0.64, 0.6, 1). A share of 200 paths is a multiple
# of 0.005, so another run (seed=1 gives 0.6) can print the same number: as for 06.6's rounded
# continuous pool, one named hint gives both readings
_PLACES_WORDS = {2: "two decimals", 1: "one decimal", 0: "a whole number"}
COARSE_SHARES: dict[float, list[str]] = {}
for _places in (2, 1, 0):
    for _how, _cut in (("rounded to", round_half_up), ("cut off (truncated) at", truncate)):
        _coarse = float(_cut(_scen.rent_wins_share, _places))
        if _coarse != 0 and not _same_at_3(_coarse, _scen.rent_wins_share):
            COARSE_SHARES.setdefault(_coarse, []).append(f"{_how} {_PLACES_WORDS[_places]}")
    # r26d 07-D2: (rent < own).mean() is a NumPy float, and round() on it rounds half to even
    # (0.645 -> 0.64): a student who rounded is not told only that they cut the answer off
    _even = float(np.round(np.float64(_scen.rent_wins_share), _places))
    if _even != float(round_half_up(_scen.rent_wins_share, _places)) and _even in COARSE_SHARES:
        COARSE_SHARES[_even].append(f"rounded half to even at {_PLACES_WORDS[_places]} (NumPy's round, "
                                    f"which round() calls on a NumPy number)")
# a run where renting wins on every path: the lecture's low price $0.30 (break-even above 1)
_ALL_RENT = (" (A run at the lecture's low price, $0.30, gives 1: renting wins on every path.)"
             if startup_scenarios(**SERVER, **{**SCENARIO, "cloud_price_per_hour": 0.3}).rent_wins_share == 1
             else "")


def _coarse_text(value: float) -> str:
    return (f"close if you rounded: {value:g} is the answer {' or '.join(COARSE_SHARES[value])}; give "
            f"three decimals. If your run printed {value:.3f}, it was another run: check "
            f"cloud_price_per_hour=0.7, growth=0.15 and seed=2012."
            + (_ALL_RENT if value == 1 else ""))

# 07.5: the classmate's run (median growth 0, nobody stops): the 200 seeded paths average about 12
# servers in year 5; the model's mean is 10·e^(4·σ²/2) = 10·e^0.32 ≈ 13.8; the median stays about 10
_FLAT = startup_scenarios(**SERVER, cloud_price_per_hour=0.8, growth=0.0, stop_probability=0.0, seed=2012)
FLAT_SAMPLE_MEAN = float(_FLAT.demand[:, -1].mean())       # 12.1
FLAT_SAMPLE_MEDIAN = float(np.median(_FLAT.demand[:, -1]))  # 10.0
FLAT_MODEL_MEAN = 10 * math.exp(4 * 0.4 ** 2 / 2)           # 13.8

# 07.6: the shortest whole-year server life at which the break-even falls below 0.25 at $0.80/h
LIFE_TARGET = 0.25


def shortest_life(target: float = LIFE_TARGET) -> int:
    """The smallest whole number of years for which the break-even utilization is below ``target``."""
    return next(years for years in range(1, 100)
                if breakeven_utilization(capex=6000, life_years=years, rate=0.08, opex_per_year=1000,
                                         cloud_price_per_hour=0.8) < target)


_LIFE = shortest_life()


def _breakeven(years: float) -> float:
    return breakeven_utilization(capex=6000, life_years=years, rate=0.08, opex_per_year=1000,
                                 cloud_price_per_hour=0.8)


# the continuous life at which the break-even is exactly 0.25: K·CRF + o = 0.25·8760·h, so
# CRF = c = (0.25·8760·0.8 − 1000)/6000 and (1 + r)^L = c/(c − r): L = 13.21, a threshold that rounds
# up to 14 whole years
_CRF_AT_TARGET = (LIFE_TARGET * HOURS_PER_YEAR * 0.8 - 1000) / 6000
LIFE_CONTINUOUS = math.log(_CRF_AT_TARGET / (_CRF_AT_TARGET - 0.08)) / math.log(1.08)
_CONTINUOUS_LIFE_TEXT = (f"with a {_LIFE - 1}-year life the break-even is still "
                         f"{_breakeven(_LIFE - 1):.4f}, just above 0.25; the continuous solution, "
                         f"L = {LIFE_CONTINUOUS:.2f} years (where the break-even is exactly 0.25), is "
                         f"not a whole life: round up to the next whole year, since a threshold "
                         f"count rounds up.")
# reading a table of break-evens printed to two decimals: at the answer it prints as 0.25 (not yet
# "below"), and the first life that prints below 0.25 is one year too long
READ_ROUNDED_LIFE = next(years for years in range(1, 100) if round(_breakeven(years), 2) < LIFE_TARGET)
# As the life grows, CRF falls towards r, so the break-even falls towards (r·K + o)/(8760·h): the
# floor no life can go below (0.211 at the lesson's prices). Real servers last 5-6 years
# (amazon_buildout: Amazon moved a subset from six to five years in 2025).
BREAKEVEN_FLOOR = (0.08 * 6000 + 1000) / (HOURS_PER_YEAR * 0.8)
REAL_LIVES = (5, 6)
# lives more than one year short of the answer, other than the lesson's 4, the lecture's 8 and a
# real server's 5 or 6, which have their own hints: 7, and 9 to 12
SHORT_LIVES = tuple(years for years in range(7, _LIFE - 1) if years != 8)
_REAL_BREAKEVENS = {years: breakeven_utilization(capex=6000, life_years=years, rate=0.08,
                                                 opex_per_year=1000, cloud_price_per_hour=0.8)
                    for years in REAL_LIVES}


def _crf_straight_line(rate, life_years):
    return 1 / life_years


def _crf_simple_interest(rate, life_years):
    return 1 / life_years + rate


def _crf_interest_only(rate, life_years):
    return rate


def _crf_sinking_fund(rate, life_years):
    """r/((1 + r)^L − 1): the sinking-fund factor (1/L at r = 0, as a student who handles that case
    would write it); the capital recovery factor is this plus r."""
    if rate == 0:
        return 1 / life_years
    return rate / ((1 + rate) ** life_years - 1)


def _crf_times_price(rate, life_years):
    """K·CRF with the lecture's K = $6,000: the yearly payment, not the factor (1811.5 at 8%, 4 years)."""
    return SERVER["capex"] * (1 / life_years if rate == 0 else
                            rate * (1 + rate) ** life_years / ((1 + rate) ** life_years - 1))


def _crf_numerator_l_minus_1(rate, life_years):
    """r(1 + r)^(L − 1)/((1 + r)^L − 1): the numerator's exponent one short (0.2796 at 8%, 4 years,
    against 0.3019); 1/L at r = 0."""
    if rate == 0:
        return 1 / life_years
    return rate * (1 + rate) ** (life_years - 1) / ((1 + rate) ** life_years - 1)


def _crf_percent(rate, life_years, zero_case_too=True):
    """100·CRF, the factor as a percent (30.19 at 8%, 4 years); the r = 0 branch as a percent too,
    or (``zero_case_too=False``) left as 1/L."""
    if rate == 0:
        return (100 if zero_case_too else 1) / life_years
    return 100 * rate * (1 + rate) ** life_years / ((1 + rate) ** life_years - 1)


def _crf_rate_scaled(rate, life_years, scale):
    """CRF with the rate multiplied by ``scale``: 100 if the rate is turned into a percent (r = 8
    for 8%), 1/100 if a share is divided by 100 once more (r = 0.0008)."""
    r = scale * rate
    if r == 0:
        return 1 / life_years
    return r * (1 + r) ** life_years / ((1 + r) ** life_years - 1)


def _crf_percent_formula_only(rate, life_years):
    return _crf_percent(rate, life_years, zero_case_too=False)


def _crf_rate_as_percent(rate, life_years):
    return _crf_rate_scaled(rate, life_years, 100)


def _crf_rate_divided_by_100(rate, life_years):
    return _crf_rate_scaled(rate, life_years, 0.01)


def _crf_times_price_formula_only(rate, life_years):
    """K·CRF in the formula, but the r = 0 branch left as the factor 1/L (not K/L)."""
    if rate == 0:
        return 1 / life_years
    return _crf_times_price(rate, life_years)


def _crf_bracket_slip(rate, life_years, zero_case=True):
    """r(1 + r)^L/(1 + r)^L − 1 with the denominator's bracket lost: (1 + r)^L cancels, leaving
    r − 1; the r = 0 branch as 1/L (``zero_case``) or left to the slip (−1)."""
    if rate == 0 and zero_case:
        return 1 / life_years
    return rate * (1 + rate) ** life_years / (1 + rate) ** life_years - 1


def _crf_bracket_slip_everywhere(rate, life_years):
    return _crf_bracket_slip(rate, life_years, zero_case=False)


# what a function right everywhere but at rate 0 is told (a branch returning 0 or L there, or a tiny
# rate in place of 0, which gives 1/L only approximately: rounding errors in (1 + r)^L − 1 grow as
# the rate shrinks)
_RATE_ZERO_NOTE = ("at rate 0 the capital recovery factor is 1/L, the price repaid in L equal parts "
                   "with no interest. Return exactly 1/L there (a tiny rate in place of 0 gives it "
                   "only approximately).")


def _crf_annuity_factor(rate, life_years, zero_case_inverted=True):
    """1/CRF, the annuity (present-value) factor ((1 + r)^L − 1)/(r(1 + r)^L): 3.312 at 8%, 4 years;
    at r = 0 L (the factor inverted everywhere) or, as the question says, 1/L
    (``zero_case_inverted=False``)."""
    if rate == 0:
        return float(life_years) if zero_case_inverted else 1 / life_years
    return ((1 + rate) ** life_years - 1) / (rate * (1 + rate) ** life_years)


def _crf_annuity_factor_formula_only(rate, life_years):
    return _crf_annuity_factor(rate, life_years, zero_case_inverted=False)


def _crf_average_balance(rate, life_years):
    """1/L + r/2: interest on the average balance, a rough approximation (0.29 at 8%, 4 years)."""
    return 1 / life_years + rate / 2


CHECKS = {
    "07.1": Number(
        expected=CAPEX_TO_CASH,
        unit="purchases of property and equipment ÷ operating cash flow, a ratio",
        what=f"capex per dollar of operating cash flow in {DATA_YEAR}",
        decimals=2,
        kind="data",
        hints=(
            Hint(CAPEX_TO_CASH_BEFORE, f"that is {DATA_YEAR - 1}; filter year == {DATA_YEAR}."),
            Hint(CAPEX_TO_CASH_AFTER, f"that is {DATA_YEAR + 1}, the first year capex passed the cash; "
                                      f"filter year == {DATA_YEAR}."),
            *(Hint(ratio, f"that is the ratio in {year}, from the lecture's printed figures; the "
                          f"question asks for {DATA_YEAR}.")
              for year, ratio in CAPEX_TO_CASH_PRINTED.items()),
            Hint(1 / CAPEX_TO_CASH, "upside down: that is operating cash flow ÷ capex."),
            # r27b 07 #4: the "more than doubled" of the question, 2020's purchases ÷ 2019's (2.37, 2.38)
            *(Hint(growth, f"that is {DATA_YEAR}'s purchases ÷ {DATA_YEAR - 1}'s (the doubling the "
                           f"question mentions); divide {DATA_YEAR}'s purchases by {DATA_YEAR}'s "
                           f"operating cash flow.", within=0.005)
              for growth in CAPEX_GROWTHS),
            # 0.6, the answer rounded to one decimal and cut off at two: the core names both
            # the ratio as a percent, as a student may round it (to two, one or no decimals)
            *(Hint(percent, "that is the ratio as a percent; give the ratio itself (e.g. 0.50, "
                            "not 50).")
              for percent in sorted({round(100 * CAPEX_TO_CASH, d) for d in (2, 1, 0)})),
            # the percent cut off (truncated) at one decimal or at the whole number: 60.7, 60
            *(Hint(percent, "that is the ratio as a percent, cut off (truncated); give the ratio "
                            "itself, rounded half up to two decimals (e.g. 0.50, not 50).")
              for percent in sorted({math.floor(100 * CAPEX_TO_CASH * 10 ** d) / 10 ** d for d in (1, 0)}
                                    - {round(100 * CAPEX_TO_CASH, d) for d in (2, 1, 0)})),
            # r28f L07-3: the difference, capex − operating cash flow, in the table's US$ millions or
            # in US$ billions, either sign (−25,924 or 25.9)
            *(Hint(sign * _DIFFERENCE / scale, "that is the difference, capex − operating cash flow "
                                               f"({unit}); the question asks for the ratio: divide "
                                               "capex by operating cash flow.",
                   within=0.0125 * abs(_DIFFERENCE) / scale)
              for scale, unit in ((1, "US$ millions"), (1000, "US$ billions")) for sign in (1, -1)),
            # the gap to 1 (cash left over per dollar), as a share or a percent, either sign
            *(Hint(sign * gap, "that is the gap between capex and the cash (1 − ratio), not the ratio: "
                               "give capex ÷ operating cash flow itself.")
              for gap in (_SHORTFALL, *sorted({round(100 * _SHORTFALL, d) for d in (2, 1, 0)}))
              for sign in (1, -1)),
            *([Hint(NET_SHARE, f"that is capital spending net of proceeds from sales and incentives "
                               f"(section 6's net_capex_share, for {DATA_YEAR}); the question asks for "
                               f"purchases of property and equipment, before proceeds.")]
              if round(NET_SHARE, 2) != round(CAPEX_TO_CASH, 2) else []),
            *(Hint(share, f"that is the lecture's net_capex_share for {year} (section 6's table: net of "
                          f"proceeds); the question asks for {DATA_YEAR}, before proceeds.")
              for year, share in PRINTED_NET_SHARES.items()),
            # one of the two amounts itself, in US$ billions or in the table's US$ millions (a
            # rounding of it too: 40.1, 40, 40,100), not the ratio
            *(Hint(amount / scale, f"that is {DATA_YEAR}'s {name} itself ({unit}), not the ratio; "
                                   f"{then}: the answer is a ratio, not an amount.",
                   within=0.0125 * amount / scale)  # 1.25%: 40 for 40.14, 66 for 66.06
              for name, amount, then in (
                  ("purchases of property and equipment", float(_capex[DATA_YEAR]),
                   "divide it by operating cash flow"),
                  ("operating cash flow", float(_ocf[DATA_YEAR]),
                   "divide purchases of property and equipment by it"))
              for scale, unit in ((1000, "US$ billions"), (1, "US$ millions, the table's unit"))),
        ),
    ),
    "07.2": Function(
        reference=capital_recovery_factor,
        model=capital_recovery_factor,  # the package's own: a function that only calls it is refused
        cases=(dict(rate=0.08, life_years=4), dict(rate=0.1, life_years=2), dict(rate=0.0, life_years=5),
               dict(rate=0.05, life_years=10)),
        edge_notes=((dict(rate=0.0, life_years=5), _RATE_ZERO_NOTE),),
        unit="share of the price per year",
        what="crf",
        mistakes=(
            (_crf_straight_line, "that is 1/L: it repays the price but charges no interest; it is "
                                 "right only at r = 0."),
            (_crf_simple_interest, "1/L + r charges interest on the whole price every year, although "
                                   "the loan is being repaid; use r(1 + r)^L / ((1 + r)^L − 1)."),
            (_crf_interest_only, "r alone pays the interest forever and never repays the price."),
            (_crf_sinking_fund, "that is the sinking-fund factor r/((1 + r)^L − 1): what to set "
                                "aside each year to have the price at the end. The capital recovery "
                                "factor is that plus r, the interest on the money tied up: "
                                "r(1 + r)^L / ((1 + r)^L − 1)."),
            (_crf_times_price, f"that is K·CRF, the yearly payment on the lecture's $6,000 server; at "
                               f"8% over 4 years it is {_crf_times_price(0.08, 4):,.1f}, a cost in "
                               f"dollars, not the factor. crf is per dollar of price: leave out K "
                               f"({_crf_times_price(0.08, 4) / SERVER['capex']:.4f} at 8% over 4 "
                               f"years)."),
            (_crf_times_price_formula_only,
             f"that is K·CRF on the lecture's $6,000 server wherever r > 0 ({_crf_times_price(0.08, 4):,.1f} "
             f"at 8% over 4 years: a yearly payment in dollars), while your r = 0 branch returns the "
             f"factor 1/L. crf is per dollar of price: leave out K "
             f"({_crf_times_price(0.08, 4) / SERVER['capex']:.4f} at 8% over 4 years)."),
            (_crf_numerator_l_minus_1,
             f"the numerator's exponent is one short: r(1 + r)^(L − 1)/((1 + r)^L − 1) gives "
             f"{_crf_numerator_l_minus_1(0.08, 4):.4f} at 8% over 4 years. The numerator has the same "
             f"power as the denominator, r(1 + r)^L / ((1 + r)^L − 1) "
             f"({capital_recovery_factor(0.08, 4):.4f})."),
            *((percent,
               f"that is the factor as a percent (× 100: {_crf_percent(0.08, 4):.2f} at 8% over 4 "
               f"years); return it as a share of the price, "
               f"{capital_recovery_factor(0.08, 4):.4f}, and 1/L at rate 0.")
              for percent in (_crf_percent, _crf_percent_formula_only)),
            (_crf_rate_as_percent,
             f"the rate went in as a percent (r = 8 for 8%: {_crf_rate_scaled(0.08, 4, 100):.4f} at 8% "
             f"over 4 years). rate is already a share, 0.08: use it as it is "
             f"({capital_recovery_factor(0.08, 4):.4f})."),
            (_crf_rate_divided_by_100,
             f"the rate was divided by 100 although it is already a share (r = 0.0008 for 8%: "
             f"{_crf_rate_scaled(0.08, 4, 0.01):.4f} at 8% over 4 years, almost 1/L). Use rate as it "
             f"is ({capital_recovery_factor(0.08, 4):.4f})."),
            *((bracket, "a bracket out of place: r(1 + r)^L/(1 + r)^L − 1 divides by (1 + r)^L alone, "
                        "so (1 + r)^L cancels, leaving r − 1. Bracket the whole denominator: "
                        "r(1 + r)^L / ((1 + r)^L − 1).")
              for bracket in (_crf_bracket_slip, _crf_bracket_slip_everywhere)),
            *((annuity, f"that is 1/CRF, the annuity factor ((1 + r)^L − 1)/(r(1 + r)^L) "
                        f"({_crf_annuity_factor(0.08, 4):.3f} at 8% over 4 years): what 1 a "
                        f"year for L years is worth today. The capital recovery factor is "
                        f"its reciprocal, the yearly payment that repays 1 today: "
                        f"r(1 + r)^L / ((1 + r)^L − 1).")
              for annuity in (_crf_annuity_factor, _crf_annuity_factor_formula_only)),
            (_crf_average_balance,
             f"1/L + r/2 charges interest on the average balance, a rough approximation "
             f"({_crf_average_balance(0.08, 4):.2f} at 8% over 4 years); the exact yearly payment is "
             f"r(1 + r)^L / ((1 + r)^L − 1) ({capital_recovery_factor(0.08, 4):.4f})."),
        ),
        raises=(("ZeroDivisionError", "the formula divides by (1 + r)^L − 1, which is 0 at rate 0. "
                                      "There the capital recovery factor is 1/L (no interest: the "
                                      "price repaid in L equal parts), so handle rate == 0 before "
                                      "the formula. (If it happened at another rate, look for a "
                                      "bracket out of place.)"),),
    ),
    "07.3": Number(
        expected=PRICE_FOR_HALF,
        unit="US$ per server-hour",
        what="the cloud price",
        decimals=2,  # "to the cent": the course's one rounding rule, at two decimals
        precision="the cent",
        hints=(
            Hint(_price_at_full, "that price puts the break-even at 100% of the hours; divide the "
                                 "yearly cost of owning by the hours actually used, 8760 × 0.5."),
            Hint(_own * TARGET_UTILIZATION / HOURS_PER_YEAR,
                 "you multiplied by 0.5 instead of dividing: own × 0.5/8760 is the price at which "
                 "owning pays only at 200% of the hours. Renting u of the year's hours costs "
                 "8760 × u × h, so h = own/(8760 × 0.5)."),
            Hint(_own / TARGET_UTILIZATION, "that is a yearly cost (US$ per server-year at half use), "
                                            "not a price per hour: divide by the 8760 hours of a "
                                            "year as well, own/(8760 × 0.5).",
                 within=0.5),   # a yearly cost, so typed to the dollar (5623) as well as to the cent
            Hint(_own, "that is the yearly cost of owning a server (US$ a year), not a price per hour: "
                       "divide it by the hours used, 8760 × 0.5.", within=0.5),   # r31b 07 #3
            Hint(_price_no_interest, "that ignores interest (CRF = 1/L); use the capital recovery "
                                     "factor at 8%."),
            Hint(_price_no_opex, "that leaves out the running cost o = $1,000 a year."),
            # the price in cents, as a student may round it (to two, one or no decimals)
            *(Hint(cents, "that looks like cents; give US$ per hour (e.g. 0.55, not 55).")
              for cents in sorted({round(100 * PRICE_FOR_HALF, d) for d in (2, 1, 0)})),
            Hint(PRICE_ROUNDED_UP, f"a cent too high: {PRICE_ROUNDED_UP:.2f} is the price rounded up "
                                   f"(or worked out with a 360-day year of 8,640 hours). Round to the "
                                   f"nearest cent, and use the 8,760 hours of a 365-day year.",
                 within=_NEAR),
            Hint(PRICE_360_DAYS, f"that is the price worked out with a 360-day year of 8,640 hours "
                                 f"({PRICE_360_DAYS:.4f}); use the 8,760 hours of a 365-day year.",
                 within=_NEAR),
            Hint(_own / (365 * TARGET_UTILIZATION), "that divides by 365: the price is per "
                                                    "server-hour, and a year has 8760 hours."),
            Hint(0.8, "that is the lecture's price, which puts the break-even at 0.40; find the price "
                      "that puts it at 0.5."),
            Hint(0.3, "that is the lecture's low price, at which renting always wins (break-even "
                      "above 1); find the price that puts the break-even at 0.5."),
            Hint(LECTURE_BREAKEVEN, f"that is the lecture's break-even utilization at $0.80 "
                                    f"({LECTURE_BREAKEVEN:.2f}), a share of hours, not a price."),
            Hint(TARGET_UTILIZATION, "that is the target utilization given in the question; the "
                                     "answer is a price in US$ per server-hour."),
            *(Hint(cost, "that is section 3's cost of owning per hour used at another utilization; "
                         "set the cloud price equal to the owned cost per used hour at u = 0.5.")
              for cost in LECTURE_USED_HOUR_COSTS),
            Hint(LECTURE_PREMIUM, "that is the utility premium U = 1/u*, a ratio, not a price."),
        ),
    ),
    "07.4": Number(
        expected=_scen.rent_wins_share,
        unit="share of the 200 paths, between 0 and 1",
        what="the share of paths on which renting is cheaper",
        share=True,
        decimals=3,
        hints=(
            Hint(_scen.rent_wins_share * 200, "that is a count of paths; divide by the 200 paths to "
                                              "get a share."),
            Hint(1 - _scen.rent_wins_share, "that is the share on which owning is cheaper; the "
                                            "question asks where renting is."),
            Hint(_scen.fleet_utilization, "that is the owned fleet's utilization (server-years in use ÷ "
                                          "server-years owned), not a share of paths; compare "
                                          "rent_cost with own_cost path by path."),
            Hint(_scen.stopped_share, "that is the share of startups that stopped (in the lecture's "
                                      "table also the share where renting wins at median growth 1.0); "
                                      "compare rent_cost with own_cost path by path."),
            *(Hint(share, _lecture_case_text(growth, share))
              for growth, share in _LECTURE_SHARES.items() if share != _scen.stopped_share),
            *(Hint(round(used, 3), f"that is the owned fleet's utilization in the lecture's table "
                                   f"($0.80, median growth {growth:g}), not a share of paths; run "
                                   f"cloud_price_per_hour=0.7 and growth=0.15 and compare rent_cost "
                                   f"with own_cost path by path.")
              for growth, used in _LECTURE_FLEET.items()),
            *([] if _FACTOR_NAMED_BY_LECTURE else
              [Hint(FACTOR_TYPED_SHARE, f"that is {_FACTOR_TEXT}; run growth=0.15.")]),
            Hint(_SCEN_LECTURE_PRICE.rent_wins_share, "that is the question's growth 0.15 at $0.80 "
                                                      "instead of $0.70: the question's cloud is "
                                                      "cheaper; run cloud_price_per_hour=0.7."),
            Hint(0.62, "that is the lecture's case rounded (62% of paths at $0.80 and median growth "
                       "0); run cloud_price_per_hour=0.7 and growth=0.15."),
            *(Hint(value, _coarse_text(value)) for value in COARSE_SHARES),
        ),
    ),
    "07.5": Choice(
        correct="d",
        options={
            "a": "The startups that stop are the small ones, so the survivors are the large ones.",
            "b": "Because e^g is convex, the volatility makes every path grow a little each year, so "
                 "the typical startup ends above 10 too.",
            "c": "The seed 2012 happens to draw mostly good years; another seed would average 10.",
            "d": "A shock of +0.4 in g multiplies demand by 1.49, one of −0.4 by only 0.67: paths above "
                 "10 climb further than paths below it fall, which pulls the average above the median.",
        },
        hints={
            "a": "no startup stops in this run: stop_probability=0.0, so all 200 paths reach year 5 "
                 "and the average is over all of them. (Even when startups do stop, the model stops "
                 "them at random, 10% a year whatever their size, so stopping cannot pick out the "
                 "small ones.)",
            "b": f"not every path: the median path ends at about {FLAT_SAMPLE_MEDIAN:.0f}, as the question "
                 f"says, so half the startups end below 10. Convexity does not lift the typical path; "
                 f"it stretches the top (e^0.4 − 1 = +0.49 against e^−0.4 − 1 = −0.33), and only the "
                 f"average feels that.",
            "c": f"it is not luck: the mean of e^g is above its median whatever the seed. If "
                 f"anything, seed 2012 drew a little below the model's mean: its 200 paths average "
                 f"{FLAT_SAMPLE_MEAN:.1f} servers in year 5, against 10·e^(4 × 0.4²/2) = 10·e^0.32 ≈ "
                 f"{FLAT_MODEL_MEAN:.1f}. More paths would bring the average closer to "
                 f"{FLAT_MODEL_MEAN:.1f}, not to 10.",
        },
    ),
    "07.6": Number(
        expected=float(_LIFE),
        unit="years",
        what="the shortest server life",
        count=True,
        kind="explore",
        hints=(
            # one short, and the continuous solution (as given, or rounded to 13.2 or 13.21) with the
            # same message: cut off to a whole number it is the one-short answer
            *(Hint(value, "one year short: " + _CONTINUOUS_LIFE_TEXT)
              for value in sorted({float(_LIFE - 1), LIFE_CONTINUOUS,
                                   *(math.floor(LIFE_CONTINUOUS * 10 ** d + 0.5) / 10 ** d
                                     for d in (1, 2))})),
            *([Hint(float(READ_ROUNDED_LIFE),
                    f"one year too long: the year before is already below 0.25, though its "
                    f"break-even prints as 0.25 at two decimals. Compare the unrounded break-even "
                    f"with 0.25.")]
              if READ_ROUNDED_LIFE != _LIFE else []),
            Hint(4.0, f"that is the lesson's server life, where the break-even is "
                      f"{_breakeven(4):.2f}; lengthen the life until it falls below 0.25."),
            Hint(8.0, "that is the lecture's example, with a break-even of 0.29; lengthen the life "
                      "until it falls below 0.25."),
            # r27b 07 #5: the lecture's 8-year break-even itself, typed as the answer
            Hint(_breakeven(8), f"that is the break-even at the lecture's 8-year life "
                                f"({_breakeven(8):.2f}), not a life in years: lengthen the life until "
                                f"the break-even falls below {LIFE_TARGET:g}, and give that life.",
                 within=0.005),
            # lives where a student stopped early (7, and 9 up to the one-short answer)
            # no "N years short": N + years would give the answer away
            *(Hint(float(years), f"at {years} years the break-even is still {_breakeven(years):.3f}, "
                                 f"above 0.25; keep lengthening the life.")
              for years in SHORT_LIVES),
            *(Hint(float(years), f"that is a real server's life (Amazon's are five to six years), "
                                 f"but at {years} years the break-even is still "
                                 f"{_REAL_BREAKEVENS[years]:.2f}; the question asks how long a "
                                 f"server would have to last to bring it below 0.25.")
              for years in REAL_LIVES),
            # the question's own numbers typed as the answer: the target and the floor are
            # break-evens (shares of hours), not lives; matched narrowly, so a life of 0 or 1 year
            # is not taken for them
            # r28f L07-2: within 0.005 it also holds the break-evens at 13 and 14 years (0.2510,
            # 0.2465), so it names a break-even, not the target alone
            Hint(LIFE_TARGET, f"that is a break-even (a share of hours, at or near the target "
                              f"{LIFE_TARGET:g}), not a life in years: give the shortest whole number "
                              f"of years whose break-even is below {LIFE_TARGET:g}.",
                 within=0.005),
            Hint(BREAKEVEN_FLOOR, f"that is the break-even's floor, {BREAKEVEN_FLOOR:.3f} (the limit "
                                  f"as the life grows without end), not a life in years: give the "
                                  f"shortest whole number of years whose break-even is below "
                                  f"{LIFE_TARGET:g}.",
                 within=0.005),
        ),
    ),
}


# 07.8-07.9 (issue 27): Amazon's free cash flow (its own definition: cash from operations less
# purchases of property and equipment net of proceeds; the table's `free_cash_flow` rows), US$
# billions, 2015-2025, drawn by the student; then how many years it fell. 2014 is left out: it is on
# the first-reported basis (net purchases, cash from operations not restated), not comparable.
FCF_FIRST = 2015
_FCF = (_cash.loc[FCF_FIRST:] / 1000).reset_index().assign(
    free_cash_flow_musd=lambda t: 1000 * t["free_cash_flow"],
    gross_gap=lambda t: t["operating_cash_flow"] - t["purchases_of_property_and_equipment"],
    net_capex=lambda t: t["purchases_of_property_and_equipment"]
    - t["proceeds_from_property_and_equipment_sales_and_incentives"],
    # r26d 07-D4: sns.lineplot over every metric's rows (the metric filter forgotten) draws their mean
    metrics_mean=(_cash.loc[FCF_FIRST:].mean(axis=1) / 1000).to_numpy())
_FCF_BY_YEAR = _FCF.set_index("year")["free_cash_flow"]
_FCF_CHANGE = _FCF_BY_YEAR.diff().dropna()
FCF_FALLS = [int(y) for y in _FCF_CHANGE.index[_FCF_CHANGE < 0]]          # 2017, 2021, 2022, 2025
FCF_BELOW_ZERO = [int(y) for y in _FCF_BY_YEAR.index[_FCF_BY_YEAR < 0]]   # 2021, 2022
FCF_RISES = [int(y) for y in _FCF_CHANGE.index[_FCF_CHANGE > 0]]
assert len(FCF_FALLS) == 4 and len(FCF_BELOW_ZERO) == 2, (FCF_FALLS, FCF_BELOW_ZERO)


# r28f L07-1: hue="metric" over `cash` (or a whole pivoted table) draws one line per metric; from
# this many other metrics on, the chart is told to filter, not given the list of what it drew
EVERY_METRIC_FROM = 4


class _CashPlot(Plot):
    """07.8 (r28f L07-1): a chart that draws free cash flow and four or more other metrics of `cash`
    (``hue="metric"``, or ``wide.plot()`` of every column) is told to filter the free_cash_flow rows,
    not handed a list of six series; fewer extra series keep the one-series message that names them."""

    def evaluate(self, exercise, answer):
        feedback = super().evaluate(exercise, answer)
        if feedback.status != WRONG:
            return feedback
        drawn = self.columns_drawn(answer, _cash / 1000)   # US$ billions, as the question asks
        others = len(drawn) - 1
        if "free_cash_flow" not in drawn or others < EVERY_METRIC_FROM:
            return feedback
        which = ("every metric of `cash`" if others == len(_cash.columns) - 1
                 else f"{others} other metrics of `cash` beside free cash flow")
        millions = (", in US$ billions: divide value_musd by 1,000" if drawn["free_cash_flow"] else "")
        return Feedback(exercise, WRONG,
                        f'your chart draws {which} (hue="metric": {others} other series): filter '
                        f"metric == 'free_cash_flow' and draw it without hue (from a pivoted table: its "
                        f"free_cash_flow column alone){millions}.")


CHECKS["07.8"] = _CashPlot.from_table(
    # r32b 07: the label names the scale (billions), not only the currency: "US$" alone over 7.3
    # reads as 7.3 dollars
    _FCF, "year", "free_cash_flow", unit="US$ billions", unit_words=("billion", "bn", "bln"),
    one_series=True,   # the question says "as one series"
    abs_tol=0.05,   # values a student rounds to one decimal pass
    what="Amazon's free cash flow",
    mistakes={
        "free_cash_flow_musd": "your values are in US$ millions, as the table stores them; the question "
                               "asks for US$ billions: divide value_musd by 1,000.",
        "operating_cash_flow": "you plotted cash from operations (operating_cash_flow), the cash before "
                               "capital spending: plot free_cash_flow, what is left after it.",
        "purchases_of_property_and_equipment": "you plotted the purchases of property and equipment, the "
                                               "lecture's own chart: plot free_cash_flow, the cash left "
                                               "after them.",
        "net_capex": "you plotted capital spending net of proceeds (purchases − proceeds): plot "
                     "free_cash_flow, cash from operations less that spending.",
        "gross_gap": "you subtracted the gross purchases from cash from operations and left out the "
                     "proceeds from sales and incentives: Amazon's free cash flow adds them back (the "
                     "table's free_cash_flow rows).",
        "free_cash_flow_less_principal_repayments_of_finance_leases_and_financing_obligations":
            "you plotted free cash flow less the principal repaid on leases (lesson 05's dotted line): "
            "plot free_cash_flow itself.",
        # r28f L07-1: the three metrics a one-series message could name only by their range
        "proceeds_from_property_and_equipment_sales_and_incentives":
            "you plotted the proceeds from sales and incentives: plot free_cash_flow, cash from "
            "operations less purchases net of these proceeds.",
        "principal_repayments_of_finance_leases":
            "you plotted the principal repaid on finance leases: plot free_cash_flow.",
        "principal_repayments_of_financing_obligations":
            "you plotted the principal repaid on financing obligations: plot free_cash_flow.",
        "metrics_mean": "you did not filter metric == 'free_cash_flow': seaborn averaged every metric of "
                        "`cash` at each year (its default estimator is the mean); take the free_cash_flow "
                        "rows first.",
    })

_FCF_FELL_MOST = int(_FCF_CHANGE.idxmin())          # 2021: from 31.0 to −9.1
_FCF_SECOND = int(_FCF_CHANGE.sort_values().index[1])   # 2025: from 38.2 to 11.2
_FCF_LOWEST = int(_FCF_BY_YEAR.idxmin())                # 2022: the lowest point, a short fall
_FCF_ROSE_MOST = int(_FCF_CHANGE.idxmax())              # 2023
assert (_FCF_FELL_MOST, _FCF_SECOND, _FCF_LOWEST, _FCF_ROSE_MOST) == (2021, 2025, 2022, 2023)


CHECKS["07.9"] = Number(
    expected=_FCF_FELL_MOST,
    unit="year",
    year=True,
    what="the year free cash flow fell most",
    kind="data",
    hints=(*fell_most_hints(
        _FCF_BY_YEAR, subject="free cash flow", diff_call="free.diff().min()",
        named={
            _FCF_LOWEST: ": its lowest point, but a short fall. Look for the longest step down, dated by "
                         "the year it fell to.",
            _FCF_SECOND: ": a long fall, but another year's is longer. Look for the longest step down.",
            _FCF_FELL_MOST - 1: ", to its last high before the fall; date a fall by the year it fell to.",
            _FCF_ROSE_MOST: ": the longest step up. The question asks for the longest step down.",
        },
        first=f"{FCF_FIRST} is the chart's first year: no step down ends there."),
        # r27b 07 #3: 2014 is a year of the table, left out of the chart by the question
        Hint(FCF_FIRST - 1, f"{FCF_FIRST - 1} is left out of the chart (the table's {FCF_FIRST - 1} is on "
                            f"the first-reported basis, not comparable): the chart starts in {FCF_FIRST}. "
                            f"Look for the longest step down from {FCF_FIRST + 1} on."),
    ),
)
