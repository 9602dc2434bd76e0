"""Checks for lesson 09 (synergy): segment data, CLV, device payback, cost allocation, a concept."""

from ..data import value
from ..devices import customer_lifetime_value, device_payback
from ..synergy import shared_cost
from .core import Choice, Function, Hint, Number


def _segment(year: int, segment: str, column: str) -> float:
    return value("amazon_segments", column, segment=segment, year=year)


def _aws_income_share(year: int) -> float:
    return (_segment(year, "AWS", "operating_income_musd")
            / _segment(year, "Consolidated", "operating_income_musd"))


AWS_SALES_SHARE_2024 = (_segment(2024, "AWS", "net_sales_musd")
                        / _segment(2024, "Consolidated", "net_sales_musd"))


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

_P = dict(margin=20, retention=0.8, discount=0.1)
BREAKEVEN_ATTACH = device_payback(subsidy=40, attach_rate=1.0, **_P).breakeven_attach

CHECKS = {
    "09.1": Number(
        expected=_aws_income_share(2024),
        unit="share of Amazon's consolidated operating income, between 0 and 1",
        what="AWS's share of operating income in 2024",
        share=True,
        rel_tol=0.005,
        hints=(
            Hint(AWS_SALES_SHARE_2024, "that is AWS's share of net sales; the question asks about "
                 "operating income (column operating_income_musd)."),
            Hint(_aws_income_share(2023), "that is the 2023 share; use the row for 2024."),
            Hint(_segment(2024, "AWS", "operating_income_musd")
                 / (_segment(2024, "Consolidated", "operating_income_musd")
                    + _segment(2024, "AWS", "operating_income_musd")),
                 "the Consolidated row already includes AWS: divide by it, do not add AWS again."),
        ),
    ),
    "09.2": Function(
        reference=customer_lifetime_value,
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
        expected=BREAKEVEN_ATTACH,
        unit="share of owners, between 0 and 1",
        what="the break-even attach rate",
        share=True,
        hints=(
            Hint(40 / 20, "40/20 compares the loss with one year's margin; compare it with the "
                 "lifetime value m·r/(1 + d − r) instead."),
            Hint(40 / _clv_margin_at_start(**_P), "you valued the owner with the margin at the start "
                 "of each period; use the lesson's CLV, m·r/(1 + d − r)."),
            Hint(1 - BREAKEVEN_ATTACH, "that is the share who may never buy; the question asks for the "
                 "share who must buy through the device."),
        ),
    ),
    "09.4": Number(
        expected=shared_cost(fixed_cost=12, store_use=1, external_use=3).store,
        unit="US$ bn a year",
        what="the store's allocated cost",
        hints=(
            Hint(shared_cost(fixed_cost=12, store_use=1, external_use=3).external,
                 "that is what the external users bear; the question asks for the store's part."),
            Hint(12 / 3, "the store's share of use is s/(s + e) = 1/4, not 1/3: count the store's own "
                 "use in the total."),
            Hint(12, "that is the whole bill, what the store would pay alone; share it by use."),
        ),
    ),
    "09.5": Choice(
        correct="b",
        options={
            "a": "AWS's external customers send the store cash that covers its server bill.",
            "b": "Under one allocation rule the store's part of the same bill falls; another rule "
                 "(e.g. stand-alone or incremental cost) would divide it differently.",
            "c": "Amazon's consolidated operating income rises by the store's allocated saving.",
            "d": "The store's servers now cost less to run.",
        },
        hints={
            "a": "no cash moves from AWS customers to the store: the allocation only divides a shared "
                 "cost on paper.",
            "c": "consolidated income does not change when a cost is reallocated between segments; "
                 "what changes is how segment results look.",
            "d": "the machines cost the same; only the share of the fixed cost assigned to the store "
                 "fell (in the model the total bill even rises with use).",
        },
    ),
}
