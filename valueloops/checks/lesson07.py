"""Checks for lesson 07 (capex to opex): Amazon's capex, the capital recovery factor, the
break-even utilization, the yearly saving from renting, seeded startup scenarios and a concept
question. All prices are illustrative."""

from __future__ import annotations

from ..cloud import (HOURS_PER_YEAR, breakeven_utilization, capital_recovery_factor,
                     owned_cost_per_year, startup_scenarios)
from ..data import load
from .core import Choice, Function, Hint, Number

_cash = load("amazon_cash_flow")
_capex = _cash[_cash["metric"] == "purchases_of_property_and_equipment"].set_index("year")["value_musd"]
CAPEX_RATIO = float(_capex[2024] / _capex[2017])

# The lesson's illustrative server: $6,000, 4 years, 8% a year, $1,000 a year to run; cloud $0.80/h
SERVER = dict(capex=6000, life_years=4, rate=0.08, opex_per_year=1000)
CLOUD_PRICE = 0.8
_own = owned_cost_per_year(**SERVER)
_breakeven = breakeven_utilization(**SERVER, cloud_price_per_hour=CLOUD_PRICE)
_no_interest = (SERVER["capex"] / SERVER["life_years"] + SERVER["opex_per_year"]) / (HOURS_PER_YEAR * CLOUD_PRICE)
_no_opex = SERVER["capex"] * capital_recovery_factor(0.08, 4) / (HOURS_PER_YEAR * CLOUD_PRICE)

BUSY = 0.25  # 07.4: the share of hours the server would be busy
_saving = _own - HOURS_PER_YEAR * CLOUD_PRICE * BUSY

_flat = startup_scenarios(**SERVER, cloud_price_per_hour=CLOUD_PRICE, growth=0.0, seed=2012)
_growing = startup_scenarios(**SERVER, cloud_price_per_hour=CLOUD_PRICE, growth=0.3, seed=2012)


def _crf_straight_line(rate, life_years):
    return 1 / life_years


def _crf_simple_interest(rate, life_years):
    return 1 / life_years + rate


def _crf_interest_only(rate, life_years):
    return rate


CHECKS = {
    "07.1": Number(
        expected=CAPEX_RATIO,
        unit="times (2024 ÷ 2017)",
        what="the ratio of 2024 to 2017 purchases of property and equipment",
        hints=(
            Hint(float(_capex[2024] / _capex[2014]), "that divides by 2014, which was reported net of "
                                                     "incentives and is not comparable; use 2017."),
            Hint(1 / CAPEX_RATIO, "that is 2017 ÷ 2024, upside down."),
            Hint(CAPEX_RATIO - 1, "that is the increase (ratio − 1); the question asks how many times "
                                  "as large."),
        ),
    ),
    "07.2": Function(
        reference=capital_recovery_factor,
        cases=(dict(rate=0.08, life_years=4), dict(rate=0.1, life_years=2), dict(rate=0.0, life_years=5),
               dict(rate=0.05, life_years=10)),
        unit="share of the price per year",
        what="crf",
        mistakes=(
            (_crf_straight_line, "that is 1/L: it repays the price but charges no interest; it is "
                                 "right only at r = 0."),
            (_crf_simple_interest, "1/L + r charges interest on the whole price every year, although "
                                   "the loan is being repaid; use r(1 + r)^L / ((1 + r)^L − 1)."),
            (_crf_interest_only, "r alone pays the interest forever and never repays the price."),
        ),
    ),
    "07.3": Number(
        expected=_breakeven,
        unit="share of the year's hours, between 0 and 1",
        what="the break-even utilization",
        share=True,
        abs_tol=0.002,
        hints=(
            Hint(_no_interest, "that ignores interest (CRF = 1/L); use the capital recovery factor at "
                               "8%."),
            Hint(_no_opex, "that leaves out the running cost o = $1,000 a year."),
            Hint(_breakeven * 24, "that divides by 365 hours; a year has 8760."),
        ),
    ),
    "07.4": Number(
        expected=_saving,
        unit="$ per server per year",
        what="the yearly saving from renting",
        abs_tol=5.0,
        hints=(
            Hint(_own, "that is the yearly cost of owning; subtract what renting would cost."),
            Hint(HOURS_PER_YEAR * CLOUD_PRICE * BUSY, "that is the yearly cost of renting; the saving "
                                                      "is owning minus renting."),
            Hint(_own - HOURS_PER_YEAR * CLOUD_PRICE * (1 - BUSY), "you used the idle share (75%); rent "
                                                                   "is paid for the busy 25% of hours."),
        ),
    ),
    "07.5": Number(
        expected=_flat.rent_wins_share,
        unit="share of the 200 paths, between 0 and 1",
        what="the share of paths where renting is cheaper",
        share=True,
        abs_tol=0.003,
        hints=(
            Hint(1 - _flat.rent_wins_share, "that is the share where owning is cheaper."),
            Hint(_growing.rent_wins_share, "that is with growth 0.3 (the chart's default); set "
                                           "growth=0.0."),
            Hint(_flat.stopped_share, "that is the share of startups that stopped; compare rent_cost "
                                      "with own_cost on every path."),
        ),
    ),
    "07.6": Choice(
        correct="b",
        options={
            "a": "Owning pays once the server is busy more than 130% of the time, so buy more servers.",
            "b": "Renting is cheaper at any utilization: even a server busy every hour costs more to own.",
            "c": "Owning is cheaper at any utilization, because the break-even is above 1.",
            "d": "The startup needs 1.3 servers for each one it rents.",
        },
        hints={
            "a": "no server is busy more than 100% of hours: a break-even above 1 can never be reached.",
            "c": "upside down: owning pays above the break-even, and no utilization is above 1.3.",
            "d": "u* is a share of the year's hours, not a number of servers.",
        },
    ),
}
