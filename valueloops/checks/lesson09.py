"""Checks for lesson 09 (synergy): AWS's share of the profit in a year the lecture did not show,
CLV, the retention a device needs, cost allocation, what a falling allocation shows, and the year a
device pays back at an attach rate the lecture did not draw."""

from ..data import value
from ..devices import customer_lifetime_value, device_value_path, payback_period
from ..synergy import shared_cost
from .core import Choice, Function, Hint, Number


def _segment(year: int, segment: str, column: str) -> float:
    return value("amazon_segments", column, segment=segment, year=year)


def _aws_income_share(year: int) -> float:
    return (_segment(year, "AWS", "operating_income_musd")
            / _segment(year, "Consolidated", "operating_income_musd"))


DATA_YEAR = 2019
AWS_SALES_SHARE = (_segment(DATA_YEAR, "AWS", "net_sales_musd")
                   / _segment(DATA_YEAR, "Consolidated", "net_sales_musd"))


def _clv_margin_at_start(margin, retention, discount):
    return margin * (1 + discount) / (1 + discount - retention)


def _clv_no_retention_factor(margin, retention, discount):
    return margin / (1 + discount - retention)


def _clv_undiscounted(margin, retention, discount):
    return margin * retention / (1 - retention)


CLV_CASES = (
    dict(margin=20, retention=0.8, discount=0.1),
    dict(margin=12.5, retention=0.6, discount=0.15),
    dict(margin=100, retention=0.9, discount=0.05),
    dict(margin=7, retention=0.0, discount=0.1),
)

# 09.3: the lowest retention at which a device pays back: a·m·r/(1 + d − r) = s
DEVICE = dict(subsidy=40, attach=0.6, margin=20, discount=0.1)


def breakeven_retention(subsidy: float, attach: float, margin: float, discount: float) -> float:
    """Solve a·m·r/(1 + d − r) = s for r: r = s(1 + d)/(a·m + s)."""
    return subsidy * (1 + discount) / (attach * margin + subsidy)


RETENTION = breakeven_retention(**DEVICE)
_RETENTION_NO_ATTACH = breakeven_retention(**{**DEVICE, "attach": 1.0})
_RETENTION_NO_DISCOUNT = breakeven_retention(**{**DEVICE, "discount": 0.0})

# 09.6: the payback year at attach rate 0.85 (the lecture drew 0.5 and 0.9)
PAYBACK_CASE = dict(subsidy=40, attach_rate=0.85, margin=20, retention=0.8, discount=0.1, periods=30)
PAYBACK_YEAR = payback_period(device_value_path(**PAYBACK_CASE))

_STORE = shared_cost(fixed_cost=13, store_use=1, external_use=3)

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
            Hint(_aws_income_share(DATA_YEAR - 1), f"that is another year; use the rows for {DATA_YEAR}."),
            Hint(_aws_income_share(DATA_YEAR + 1), f"that is another year; use the rows for {DATA_YEAR}."),
            Hint(_segment(DATA_YEAR, "AWS", "operating_income_musd")
                 / (_segment(DATA_YEAR, "Consolidated", "operating_income_musd")
                    + _segment(DATA_YEAR, "AWS", "operating_income_musd")),
                 "the Consolidated row already includes AWS: divide by it, do not add AWS again."),
        ),
    ),
    "09.2": Function(
        reference=customer_lifetime_value,
        model=customer_lifetime_value,  # the package's own: a function that only calls it is refused
        cases=CLV_CASES,
        unit="US$ per customer",
        what="your customer_lifetime_value",
        mistakes=(
            (_clv_margin_at_start, "that is the CLV with the margin paid at the start of each period "
             "(m·(1 + d)/(1 + d − r)); the lesson's convention is margin at period end: m·r/(1 + d − r)."),
            (_clv_no_retention_factor, "the numerator needs the retention r too: the first margin "
             "arrives only if the customer is still there, m·r/(1 + d − r)."),
            (_clv_undiscounted, "you left out the discount rate: money next year is worth less, "
             "divide by 1 + d − r, not 1 − r."),
        ),
    ),
    "09.3": Number(
        expected=RETENTION,
        unit="share of owners kept each year, between 0 and 1",
        what="the break-even retention",
        share=True,
        decimals=2,
        hints=(
            Hint(_RETENTION_NO_ATTACH, "that assumes every owner buys through the device; only the "
                                       "attach rate a = 0.6 do: solve a·m·r/(1 + d − r) = s."),
            Hint(_RETENTION_NO_DISCOUNT, "that leaves out the 10% discount rate: the denominator is "
                                         "1 + d − r."),
            Hint(1 - RETENTION, "that is the share lost each year (churn); the question asks for the "
                                "share kept."),
        ),
    ),
    "09.4": Number(
        expected=_STORE.store,
        unit="US$ bn a year",
        what="the store's allocated cost",
        decimals=2,
        hints=(
            Hint(_STORE.external,
                 "that is what the external users bear; the question asks for the store's part."),
            Hint(13 / 3, "the store's share of use is s/(s + e) = 1/4, not 1/3: count the store's own "
                 "use in the total."),
            Hint(13, "that is the whole bill, what the store would pay alone; share it by use."),
        ),
    ),
    "09.5": Choice(
        correct="b",
        options={
            "a": "AWS's external customers send the store cash that covers its server bill.",
            "b": "Under one allocation rule the store's part of the same bill falls; another rule "
                 "(e.g. stand-alone or incremental cost) would divide it differently.",
            "c": "Amazon's consolidated operating income rises by the store's allocated saving.",
            "d": "The platform's total bill falls as outside use grows.",
        },
        hints={
            "a": "no cash moves from AWS customers to the store: the allocation only divides a shared "
                 "cost on paper.",
            "c": "consolidated income does not change when a cost is reallocated between segments; "
                 "what changes is how segment results look.",
            "d": "the total bill rises with use (v per unit); what falls is the average cost per "
                 "unit of use, for the store and everyone else, as the fixed cost is spread wider.",
        },
    ),
    "09.6": Number(
        expected=float(PAYBACK_YEAR),
        unit="years after the sale",
        what="the payback year",
        count=True,
        kind="explore",
        hints=(
            Hint(float(PAYBACK_YEAR - 1), f"after year {PAYBACK_YEAR - 1} the expected value is still "
                                          f"below zero; the device pays back a year later."),
        ),
    ),
}
