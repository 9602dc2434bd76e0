"""Checks for lesson 02 (the marketplace): the third-party share's pace, a Rochet-Tirole fee, the
seller value at which buyers ride free, where a duopoly stops existing, the two conditions, who
pays, the GMV share's change from the year before drawn by the student (02.8, a plot) and the year
it rose most (02.9).

02.8 and 02.9 read the ``gmv_share`` rows of ``third_party_share`` (Bezos's 2018 letter, whole
percents as printed), so they change only if the table does.
"""


from ..data import load, value
from ..platform import monopoly_platform, transaction_fees
from .core import Choice, Function, Hint, Number
from .plot import Plot


def _gmv(year: int) -> float:
    return value("third_party_share", "share", metric="gmv_share", year=year)


_PACE = 100 * (_gmv(2018) - _gmv(2008)) / 10
_UNITS_2018 = value("third_party_share", "share", metric="paid_unit_share", year=2018)
_SINCE_1999 = 100 * (_gmv(2018) - _gmv(1999)) / 19  # 2.89 points a year
_SINCE_1999_BAND = 0.01
"""How close an answer must come to the since-1999 pace to be told it is that pace: 2.89, 2.895 and
2.9 are; 2.85, which also rounds (half up) to 2.9, is only near 2.8 and gets the near-miss."""


def _buyer_fee(a_buyer: float, a_seller: float, cost: float) -> float:
    return transaction_fees(a_buyer=a_buyer, a_seller=a_seller, cost=cost).p_buyer


def _halved(a_buyer, a_seller, cost):
    return a_buyer - (a_buyer + a_seller - cost) / 2


def _no_cost(a_buyer, a_seller, cost):
    return a_buyer - (a_buyer + a_seller) / 3


def _margin(a_buyer, a_seller, cost):
    return (a_buyer + a_seller - cost) / 3


def _seller_fee(a_buyer, a_seller, cost):
    return a_seller - (a_buyer + a_seller - cost) / 3


def _sign_slip(a_buyer, a_seller, cost):
    return (a_buyer + a_seller - cost) / 3 - a_buyer


def _cost_added(a_buyer, a_seller, cost):
    return a_buyer - (a_buyer + a_seller + cost) / 3


def _floor_third(a_buyer, a_seller, cost):
    return a_buyer - (a_buyer + a_seller - cost) // 3


def _third_as(decimal: float):
    """The buyer's fee with 1/3 typed as ``decimal`` (0.3333, 0.333, 0.33 or 0.3)."""
    def fee(a_buyer, a_seller, cost):
        return a_buyer - (a_buyer + a_seller - cost) * decimal
    return fee


def _signed(x: float) -> str:
    """``x`` as a whole number with a true minus sign (−6, not -6): applied to the number only,
    so a hyphenated word in the message around it stays a hyphen (review r21a)."""
    return f"{x:.0f}".replace("-", "−")


def _last_positive_step(alpha1: float = 0.3, cost: float = 0.2, step: float = 0.01) -> float:
    """The last alpha2 on a grid of ``step`` at which the buyers' price p1 is still positive."""
    alpha2 = _free_ride_alpha2(alpha1, cost)
    return round((alpha2 // step) * step, 10) if alpha2 % step > 1e-9 else alpha2 - step


def _free_ride_alpha2(alpha1: float = 0.3, cost: float = 0.2) -> float:
    """The sellers' gain per buyer alpha2 at which the buyers' price p1 reaches 0 (bisection)."""
    def price(alpha2: float) -> float:
        return monopoly_platform(a1=1, a2=1, alpha1=alpha1, alpha2=alpha2, f1=cost, f2=cost).p1

    low, high = alpha1, 1.999 - alpha1
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if price(mid) > 0 else (low, mid)
    return (low + high) / 2


_T1, _A1, _A2 = 0.75, 0.25, 0.65
_BOUNDARY_T2 = (_A1 + _A2) ** 2 / (4 * _T1)  # 4·t1·t2 = (α1 + α2)²: 0.27
_CONDITIONS = (1.3, 0.65)  # 02.5: α1 + α2 = 1.95 < 2 and α1·α2 = 0.845 < 1
_CONDITIONS_PRICES = monopoly_platform(a1=1, a2=1, alpha1=_CONDITIONS[0], alpha2=_CONDITIONS[1])

_DELIVERY = (0.9, 0.2)  # 02.6: diners gain 0.9 per restaurant, restaurants 0.2 per diner
_DELIVERY_PRICES = monopoly_platform(a1=1, a2=1, alpha1=_DELIVERY[0], alpha2=_DELIVERY[1])

# 02.8: the GMV share's change from the year before, one row per year (1999 blank: no year before it),
# with the series a student may draw by mistake
_ALL = load("third_party_share")
_GMV = _ALL.query("metric == 'gmv_share'").sort_values("year").reset_index(drop=True)
# the table unfiltered, diff() over every row in its order and drawn with seaborn, which averages the
# two 2018 rows (gmv_share and paid_unit_share) into one point: right at every year but 2018
_UNFILTERED = _ALL.assign(change=_ALL["share"].diff()).groupby("year")["change"].mean()
CHANGE_TABLE = _GMV.assign(
    change=_GMV["share"].diff(),                       # this year's share minus the year before's
    relative=_GMV["share"].pct_change(),               # divided instead of subtracted
    relative_percent=100 * _GMV["share"].pct_change(),  # the same, in percent
    unfiltered=_GMV["year"].map(_UNFILTERED),          # every row's diff, averaged by year
    reversed_change=-_GMV["share"].diff(),             # the year before's share minus this year's
    next_change=_GMV["share"].diff(-1),                # this year's share minus the next year's
    since_first=_GMV["share"] - _GMV["share"].iloc[0],  # the rise since 1999, not from the year before
    percent=100 * _GMV["share"],                       # the lecture's chart: the share in percent
)[["year", "share", "change", "relative", "relative_percent", "reversed_change", "next_change",
    "since_first", "percent", "unfiltered"]]
"""One row per year of the GMV share, 1999-2018: the share, its change from the year before (a share
of physical GMV; blank in 1999) and the slips 02.8 names."""

# 02.9: the year the share rose most (the tallest bar of 02.8), and the years a reader may give instead.
# The shares are whole percents, so the changes are compared at four decimals (float noise).
_CHANGES = CHANGE_TABLE.set_index("year")["change"].dropna().round(4)
_SHARES = CHANGE_TABLE.set_index("year")["share"]
ROSE_MOST = int(_CHANGES.idxmax())                                  # 2002
LARGEST_RISE = float(_CHANGES.max())                                # 0.11
_SECOND = float(_CHANGES.drop(ROSE_MOST).max())
_FIRST_YEAR, _LAST_YEAR = int(_SHARES.index.min()), int(_SHARES.index.max())


def _rise(year: int) -> str:
    """The change into ``year`` in words: "rose 0.03 (0.03 to 0.06)" or "did not move (0.28 to 0.28)"."""
    step = float(_CHANGES[year])
    frame = f"({_SHARES[year - 1]:.2f} to {_SHARES[year]:.2f})"
    if step == 0:
        return f"did not move {frame}"
    return f"{'rose' if step > 0 else 'fell'} {abs(step):.2f} {frame}"


def _other_year_hint(year: int) -> str:
    """The hint for a year of 02.8's chart that is not 02.9's answer; none names the answer."""
    if year == ROSE_MOST - 1:
        return (f"in {year} the share {_rise(year)}, a small rise. A year's rise is its share minus "
                f"the year before's: date each rise by the year the share rose to, not the year it "
                f"rose from, and look for the tallest bar.")
    if year == ROSE_MOST + 1:
        return (f"in {year} the share {_rise(year)}, the second-largest rise; another year's rise "
                f"is more than twice as large: look for the tallest bar.")
    if float(_CHANGES[year]) == 0:
        return (f"in {year} the share {_rise(year)}: no change at all, the smallest bar, not the "
                f"tallest.")
    if year == _LAST_YEAR:
        return (f"{year} has the highest share ({_SHARES[year]:.2f}), but the share {_rise(year)} "
                f"that year; the question asks for the largest rise, not the highest share.")
    return (f"in {year} the share {_rise(year)}; another year's rise is more than twice as large: "
            f"look for the tallest bar.")


CHECKS = {
    "02.1": Number(
        expected=_PACE,
        unit="percentage points a year",
        what="the average rise of the GMV share",
        percent=True,
        percent_words="percentage points",
        percent_example="3.5, not 0.035",
        decimals=1,
        kind="data",
        hundredfold_hint="that is 100 times the pace: multiply by 100 once, to turn the shares "
                         "into points, not twice.",
        hints=(
            Hint(100 * (_gmv(2018) - _gmv(2008)) / 11, "2008 to 2018 is 10 years of change between 11 "
                                                      "values: divide by 10 (n − 1, not n)."),
            Hint(100 * (_UNITS_2018 - _gmv(2008)) / 10, "for 2018 you took the paid-unit row (0.50); "
                                                        "keep only the gmv_share rows."),
            Hint(_SINCE_1999, within=_SINCE_1999_BAND,
                 message="that is about the pace since 1999, (58 − 3) ÷ 19 years = 2.89 points a year "
                         "(2.9 to one decimal); the question asks from 2008 to 2018."),
            Hint(100 * (_gmv(2018) - _gmv(2008)), "that is the total rise over the decade, in "
                                                  "points; the question asks for the rise a year: "
                                                  "divide by the 10 years."),
            Hint(100 * (_gmv(2018) - _gmv(2009)) / 10, "you started from 2009; the question starts "
                                                       "in 2008: take the 2008 row."),
            Hint(100 * ((_gmv(2018) / _gmv(2008)) ** (1 / 10) - 1),
                 "that is a compound growth rate in percent, (58 ÷ 30)^(1/10) − 1 = 6.8% a year: how "
                 "fast the share grew relative to itself. The question asks for percentage points a "
                 "year: the plain difference of the two shares, spread over the years."),
            Hint(100 * (_gmv(2018) - _gmv(2008)) / _gmv(2008),
                 "that is the relative rise over the decade in percent, (58 − 30) ÷ 30 = 93.3%, not "
                 "percentage points. The question asks for points a year: subtract the shares, do "
                 "not divide by the 2008 share."),
            Hint(100 * (_gmv(2018) - _gmv(2008)) / _gmv(2008) / 10,
                 "that is the relative rise in percent, (58 − 30) ÷ 30 = 93.3%, spread over 10 years: "
                 "a percent of the 2008 share, not percentage points. The question asks for the "
                 "difference in points a year: do not divide by the 2008 share."),
            Hint(100 * _gmv(2018), "that is the 2018 share itself (58%), not its rise a year: "
                                   "subtract the 2008 share and divide by the 10 years."),
            Hint(_gmv(2018), "that is the 2018 share itself (0.58), not its rise a year: subtract "
                             "the 2008 share, turn the shares into points and divide by the 10 years."),
            Hint(_gmv(2018) - _gmv(2008), "that is the total rise over the decade as a share; "
                                          "the question asks for the rise a year in "
                                          "percentage points: turn the shares into points and "
                                          "spread the rise over the years."),
        ),
    ),
    "02.2": Function(
        reference=_buyer_fee,
        cases=(dict(a_buyer=2.0, a_seller=5.0, cost=1.0),
               dict(a_buyer=1.0, a_seller=5.0, cost=0.0),
               dict(a_buyer=3.0, a_seller=4.5, cost=1.2),
               dict(a_buyer=1.0, a_seller=1.0, cost=0.0)),  # 1/3: a rounded result fails here
        unit="money per transaction",
        what="buyer_fee",
        mistakes=(
            (_halved, "you divided by 2; the margin is (a_B + a_S − c)/3."),
            (_no_cost, "the cost per transaction is missing: m = (a_B + a_S − c)/3."),
            (_margin, "that is the margin m; the buyer's fee is a_B − m."),
            (_seller_fee, "that is the seller's fee (a_S − m); the buyer's fee is a_B − m."),
            (_sign_slip, "the sign is reversed: you computed m − a_B; the buyer's fee is a_B − m."),
            (_cost_added, "the cost enters the margin with a minus: m = (a_B + a_S − c)/3, not "
                          "(a_B + a_S + c)/3."),
            *((_third_as(decimal), f"you multiplied by {decimal}; divide by 3 exactly: "
                                   f"m = (a_B + a_S − c)/3.")
              for decimal in (0.3333, 0.333, 0.33, 0.3)),
            (_floor_third, "you used // (floor division), which cuts the margin to a whole number; "
                           "divide with /: m = (a_B + a_S − c)/3."),
        ),
        model=_buyer_fee,
        rounding_examples="round(..., 2), round(..., 3), even round(..., 6) before return, or m cut "
                          "to a few decimals: with a_B = a_S = 1 and c = 0 the fee is 1/3",
        rounded_within=0.15,  # 1/3 cut to one decimal is 10% off; the case with fee 0 stays exact
    ),
    "02.3": Number(
        expected=_free_ride_alpha2(),
        unit="alpha2, sellers' gain per buyer",
        what="the alpha2 at which buyers join free",
        decimals=2,
        kind="explore",
        hundredfold_hint="that is alpha2 × 100: alpha2 is a value per buyer (the lecture's cases "
                         "use 0.6 and 1.2), not a percent; give it as is, to two decimals.",
        hints=(
            Hint(_free_ride_alpha2(alpha1=0.2),
                 "you kept the lecture's α1 = 0.2; this question sets α1 = 0.3 (with costs 0.2): "
                 "scan p1 over alpha2 again with alpha1 = 0.3."),
            Hint(_free_ride_alpha2(cost=0.0), "that is where the price falls to the cost f1 = 0.2 "
                                              "(or where it reaches 0 without costs); with costs of 0.2 "
                                              "the price itself reaches 0 later."),
            Hint(2 - 0.3, "at alpha1 + alpha2 = 2 the model has no answer at all; the buyers' price "
                          "reaches 0 well before that."),
            Hint(1.2, "that is the lecture's case, with alpha2 = 1.2, where buyers are already paid "
                      "0.12; the question asks where their price first reaches zero."),
            Hint(1.05, "that is a widget setting where p1 is still clearly positive (0.14); p1 "
                       "reaches zero between 1.10 and 1.15: finish with a 0.01 scan or the closed "
                       "form for p1 = 0."),
            Hint(1.1, "that is the widget's last setting (steps of 0.05) with p1 > 0 (p1 = 0.067 "
                      "there); p1 reaches zero between 1.10 and 1.15: finish with a 0.01 scan or "
                      "the closed form for p1 = 0."),
            Hint(1.15, "that is the first 0.01 step with p1 below zero (and the widget's first 0.05 "
                       "setting there); your scan passed over a step where p1 is zero up to "
                       "floating-point noise (a few 1e-16). Redo the scan counting |p1| < 1e-9 as "
                       "zero, as the question says.",
                 within=1e-6),
            # an answer between the 0.01 steps that rounds (half up) to 1.15, such as 1.145: no step
            Hint(1.145, "rounds (half up) to 1.15, where p1 is already below zero; p1 reaches zero "
                        "between 1.10 and 1.15: scan p1 over alpha2 in steps of 0.01 (counting "
                        "|p1| < 1e-9 as zero) or solve p1 = 0 in closed form.", echo=True,
                 within=0.0049),  # 1.145 up to 1.1499; 1.15 itself is the step above
            Hint(_last_positive_step(), "that is the last grid point where p1 is still positive; "
                                        "the question asks where p1 first reaches zero: check the "
                                        "condition your scan stops on (p1 ≤ 0, with |p1| < 1e-9 "
                                        "counted as zero)."),
            # r26b #9: the buyers' price quoted in the 1.05 hint (p1 = 0.138 there), which is also
            # alpha2 − 1 at two decimals
            Hint(0.14,
                 "that is the buyers' price p1 at alpha2 = 1.05, not a value of alpha2 (or, if you "
                 "took 1 off, give alpha2 itself): the question asks for alpha2, where p1 first "
                 "reaches zero, to two decimals."),
            Hint(10 / 9, "1.11 is the lecture's profit at trust 1.0 in section 7, not a value of "
                         "alpha2; scan p1 over alpha2 with alpha1 = 0.3 and costs 0.2."),
        ),
    ),
    "02.4": Number(
        expected=_BOUNDARY_T2,
        unit="t2, sellers' differentiation between the platforms",
        what="the t2 at or below which the duopoly does not exist",
        decimals=2,
        hundredfold_hint="that is t2 × 100: t2 is on the same scale as t1 = 0.75, not a percent; "
                         "solve 4·t1·t2 = (α1 + α2)² for t2 and give it as is.",
        hints=(
            Hint((_A1 + _A2) ** 2 / 4, "t1 is missing: the condition is 4·t1·t2 > (α1 + α2)²; "
                                       "solve its equality for t2, keeping t1."),
            Hint((_A1 + _A2) / (4 * _T1), "square the cross-side values: the condition is "
                                          "4·t1·t2 > (α1 + α2)²."),
            Hint((_A1 + _A2) ** 2, "that is (α1 + α2)² alone; divide by 4·t1."),
            Hint((_A1 + _A2) ** 2 / (2 * _T1), "you used 2·t1·t2; the condition is "
                                               "4·t1·t2 > (α1 + α2)², so divide by 4·t1."),
            Hint(1.0, "that is the lecture's case, with t1 = t2 = 1; the question asks for the t2 at "
                      "which the condition 4·t1·t2 > (α1 + α2)² stops holding."),
            Hint(_A1 + _A2 - _T1, "that is where the duopoly's profit (t1 + t2 − α1 − α2)/2 would "
                                  "reach zero; the equilibrium stops existing earlier, where "
                                  "4·t1·t2 = (α1 + α2)². At that boundary profit is still "
                                  "positive: 4·t1·t2 > (α1 + α2)² already implies "
                                  "t1 + t2 > α1 + α2, so profit is positive wherever the "
                                  "equilibrium exists."),
            # the written part's profits (0.065 just above the boundary, 0.06 at it): not t2
            Hint(0.065, "that is each platform's profit just above the boundary (the written part); "
                        "the question asks for t2 itself: solve 4·t1·t2 = (α1 + α2)² for t2.",
                 within=0.0049),  # 0.0601 to 0.0699: 0.06 itself is the next hint's
            Hint(0.06, "that is each platform's profit at the boundary, (t1 + t2 − α1 − α2)/2; the "
                       "question asks for t2 itself: solve 4·t1·t2 = (α1 + α2)² for t2."),
            # an answer that rounds (half up) to 0.28, such as 0.275: named as that rounding, first
            Hint(_BOUNDARY_T2 + 0.005, "rounds (half up) to a t2 where the duopoly still exists "
                                       "(4·t1·t2 > (α1 + α2)² there); it stops existing at or below "
                                       "the t2 where 4·t1·t2 = (α1 + α2)² exactly: solve that "
                                       "equation for t2, then round.",
                 echo=True, within=0.0049),  # 0.275 up to 0.2799; 0.28 itself is the next hint's
            # the smallest t2 at two decimals where the duopoly still exists (4·0.75·0.28 = 0.84 > 0.81)
            Hint(_BOUNDARY_T2 + 0.01, "at your t2 the duopoly still exists (4·t1·t2 > (α1 + α2)² "
                                      "there); the question asks at or below which t2 it stops "
                                      "existing: solve 4·t1·t2 = (α1 + α2)² for t2 exactly."),
        ),
    ),
    "02.5": Choice(
        correct="c",
        options={
            "a": "Participation runs away at any prices: each member attracts, through the other "
                 "side, more than one extra member of its own side, so the market tips.",
            "b": "The monopolist's profit has no maximum (α1 + α2 ≥ 2), yet at fixed prices "
                 "participation settles (α1·α2 < 1).",
            "c": "Both conditions of the lesson hold: the monopolist has profit-maximising prices, "
                 "and at fixed prices participation settles.",
            "d": "Buyers must be paid to join, because they gain more per seller (α1) than sellers "
                 "gain per buyer (α2).",
        },
        hints={
            "a": f"that needs α1·α2 > 1; here {_CONDITIONS[0]} × {_CONDITIONS[1]} = "
                 f"{_CONDITIONS[0] * _CONDITIONS[1]:.3f} < 1, so at fixed prices each round of joining "
                 "adds less than the last and participation settles.",
            "b": "that is the lecture's case, with α1 = 1.5 and α2 = 0.55 (sum 2.05); the question "
                 f"changes it: {_CONDITIONS[0]} + {_CONDITIONS[1]} = {sum(_CONDITIONS):.2f} < 2, so the "
                 "profit has a maximum.",
            "d": "a side's price falls with the value it brings to the other side: sellers bring "
                 f"buyers α1 = {_CONDITIONS[0]} each, so here it is sellers who are paid (with "
                 f"a1 = a2 = 1 and no costs p1 = {_signed(_CONDITIONS_PRICES.p1)}, "
                 f"p2 = {_signed(_CONDITIONS_PRICES.p2)}).",
        },
    ),
    "02.6": Choice(
        correct="a",
        options={
            "a": "Restaurants should pay less than diners (in other settings even below cost), "
                 "because each restaurant brings diners more than each diner brings restaurants.",
            "b": "Diners should pay less, because on a marketplace the buyers are the side that "
                 "is subsidised.",
            "c": "Both sides should pay the same, because serving them costs the same.",
            "d": "Diners should pay less, because they gain more from the platform (α1 > α2).",
        },
        hints={
            "b": "that was Amazon's case in the lecture, where sellers gained more per buyer; here "
                 f"α1 = {_DELIVERY[0]} > α2 = {_DELIVERY[1]}: which side brings more to the other?",
            "c": "equal costs do not give equal prices: each price is cost plus a markup, minus "
                 "the value that side brings to the other side (p1 = f1 + n1 − α2·n2).",
            "d": "the direction is reversed: here the side that gains more pays more, not less. "
                 f"What diners gain per restaurant (α1 = {_DELIVERY[0]}) is what each restaurant brings "
                 "diners: the two descriptions are one fact.",
        },
    ),
    "02.8": Plot.from_table(
        CHANGE_TABLE, "year", "change", unit="share of physical GMV", share=True,
        one_series=True,   # the question says "draw it as one series with the year on the x axis"
        draw="ax = sns.barplot(...)",   # r28b D2: the question's and the solution's call
        unit_words=("share",), what="the yearly change in the third-party share", x_column="year",
        # the label names a change, not the share's level ("third-party share of GMV" is refused)
        y_words=("change", "Δ", "∆", "delta", "difference", "diff", "rise", "increase", "gain",
                 "growth", "minus", "yoy", "year-over-year", "year-on-year", "year on year"),
        percent_words="percentage points", abs_tol=1e-6,
        other_x="using the gmv_share rows only (the rows after 2018 count paid units, another metric)",
        mistakes={
            "percent": "you drew the lecture's chart, the share itself in percent; the question asks "
                       "for its change from the year before, as a share (this year's share minus the "
                       "year before's).",
            "share": "you plotted the share itself, not its change: subtract the year before's share "
                     "from each year's (gmv[\"share\"].diff()).",
            "relative": "you divided each year's share by the year before's (a relative change, "
                        "pct_change); the question asks for the difference of the two shares, this "
                        "year's minus the year before's (diff).",
            "relative_percent": "you plotted the relative change in percent (pct_change() × 100), "
                                "each share divided by the year before's; the question asks for the "
                                "difference of the two shares, this year's minus the year before's "
                                "(diff), as a share.",
            "unfiltered": "at 2018 your chart averages two rows, the gmv_share and the paid_unit_share "
                          "(your diff ran over the whole table): keep only the gmv_share rows, then "
                          "take diff().",
            "reversed_change": "your changes are below zero: you subtracted this year's share from the "
                               "year before's. The change is this year's share minus the year before's.",
            "next_change": "you subtracted the next year's share from each year's (diff(-1)): each "
                           "value sits a year early and has the wrong sign. Plot each year's share "
                           "minus the year before's (diff()).",
            "since_first": f"you plotted the rise since {_FIRST_YEAR} (each share minus {_FIRST_YEAR}'s); "
                           "the question asks for the change from the year before (diff()).",
        }),
    "02.9": Number(
        expected=float(ROSE_MOST),
        unit="year",
        what="the year the third-party share of physical GMV rose most",
        year=True,
        kind="data",
        year_miss=f"it is not a year of the chart ({_FIRST_YEAR + 1}–{_LAST_YEAR}): look for the "
                  "tallest bar, dated by the year the share rose to.",
        hints=(
            *(Hint(float(year), _other_year_hint(year))
              for year in _CHANGES.index if int(year) != ROSE_MOST),
            Hint(float(_FIRST_YEAR), f"{_FIRST_YEAR} has no year before it in the table, so no rise "
                                     "ends there; look for the tallest bar (the year the share rose to)."),
            # a year of the paid-unit rows (2019-2025): another metric, not on the chart
            Hint(float(_LAST_YEAR) + 4, f"the gmv_share rows end in {_LAST_YEAR}; later rows count paid "
                                        "units, another metric, and are not on your chart: look for the "
                                        "tallest bar of the GMV share's changes.", within=3.5),
            Hint(LARGEST_RISE, "that is the size of the largest rise (a share of physical GMV); the "
                               "question asks for the year it happened."),
            Hint(100 * LARGEST_RISE, "that is the size of the largest rise in percentage points; the "
                                     "question asks for the year it happened."),
            # r26b #2: these hints name the slip (a share typed for the year, a count) without
            # telling which year the share or the count belongs to
            Hint(float(_SHARES[ROSE_MOST]), "that is a share, typed where the question asks for a "
                                            "year: give the year itself, four digits (e.g. 2016)."),
            Hint(100 * float(_SHARES[ROSE_MOST]), "that is a share in percent, typed where the "
                                                  "question asks for a year: give the year itself, "
                                                  "four digits (e.g. 2016)."),
            Hint(float(ROSE_MOST % 100), "that is a count (of years, say), not a year: give the year "
                                         "itself, four digits (e.g. 2016)."),
        ),
    ),
}
