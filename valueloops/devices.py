"""Devices as storefronts: customer lifetime value and the razor-and-blades payback of a subsidy.

Customer lifetime value (Gupta & Lehmann 2003, "Customers as assets", Journal of Interactive
Marketing 17(1)): a customer who brings margin m per period, stays each period with probability r
(retention) and is valued at discount rate d per period is worth

    CLV = Σ_{t≥1} m·r^t/(1 + d)^t = m·r/(1 + d − r)

with the margin received at the end of each period (the first one only if the customer is still
there). The factor r/(1 + d − r) is the paper's "margin multiple": between about 1 and 4.5 for
retention of 60–90% and discount rates of 10–16%.

Razor and blades: a device sold at a loss s (the subsidy) pays back, in expectation, iff the share
of owners who ever buy through it (the attach rate a) times their CLV covers the loss: a·CLV ≥ s
(break-even counts as paying back, as in :func:`payback_period`, where the value reaches zero).
All money amounts are in one currency unit (say US$ per device); rates are per period (say a year).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

MAX_PERIODS = 1_000


def _rates(retention: float, discount: float) -> tuple[float, float]:
    r = validate.number("retention", retention, low=0, high=1, high_open=True,
                        unit="(share of customers kept each period)")
    d = validate.number("discount", discount, low=0, high=1, unit="(rate per period)")
    return r, d


def customer_lifetime_value(margin: float, retention: float, discount: float) -> float:
    """Lifetime value of one customer, m·r/(1 + d − r) (Gupta & Lehmann 2003).

    margin: margin per period, money per customer per period (received at the period's end).
    retention: share of customers still active the next period, in [0, 1) (1 would never end).
    discount: discount rate per period, in [0, 1] (0.1 = 10% a period).
    Returns the present value at time 0, in the units of ``margin``.
    """
    m = validate.number("margin", margin, unit="(money per customer per period)")
    r, d = _rates(retention, discount)
    return m * r / (1 + d - r)


@dataclass(frozen=True)
class DevicePayback:
    """The razor-and-blades account of one device sold at a loss (money per device sold).

    clv: lifetime value of an owner who buys through the device; expected: attach_rate·clv;
    net: expected − subsidy; pays_back: net ≥ 0 (a·CLV ≥ s); breakeven_attach: subsidy/clv, the
    attach rate at which the device just pays back (``inf`` if the CLV is zero or negative).
    """

    subsidy: float
    attach_rate: float
    clv: float
    expected: float
    net: float
    pays_back: bool
    breakeven_attach: float


def device_payback(subsidy: float, attach_rate: float, margin: float, retention: float,
                   discount: float) -> DevicePayback:
    """Does a device sold at a loss pay back? a·CLV ≥ s (razor and blades with an attach rate).

    subsidy: loss on each device sold, money per device (≥ 0). attach_rate: share of owners who
    ever buy through the device, in [0, 1]. margin, retention, discount: as in
    :func:`customer_lifetime_value` (for an owner who does buy through it).
    """
    s = validate.number("subsidy", subsidy, low=0, unit="(money per device)")
    a = validate.number("attach_rate", attach_rate, low=0, high=1, unit="(share of owners)")
    clv = customer_lifetime_value(margin=margin, retention=retention, discount=discount)
    expected = a * clv
    net = expected - s
    breakeven = s / clv if clv > 0 else float("inf")
    return DevicePayback(s, a, clv, expected, net, bool(net >= 0), breakeven)


def device_value_path(subsidy: float, attach_rate: float, margin: float, retention: float,
                      discount: float, periods: int) -> pd.Series:
    """Expected net present value per device sold after 0, 1, ..., ``periods`` periods.

    Starts at −subsidy; period t adds attach_rate·m·r^t/(1 + d)^t. Tends to a·CLV − s.
    Returns a float Series indexed by period (index name ``period``), money per device.
    """
    s = validate.number("subsidy", subsidy, low=0, unit="(money per device)")
    a = validate.number("attach_rate", attach_rate, low=0, high=1, unit="(share of owners)")
    m = validate.number("margin", margin, unit="(money per customer per period)")
    r, d = _rates(retention, discount)
    n = validate.integer("periods", periods, low=1, high=MAX_PERIODS)
    t = np.arange(1, n + 1)
    gains = a * m * (r / (1 + d)) ** t
    values = np.concatenate([[-s], -s + np.cumsum(gains)])
    return pd.Series(values, index=pd.RangeIndex(n + 1, name="period"), name="npv")


def payback_period(path: pd.Series) -> int | None:
    """The first period at which a value path from :func:`device_value_path` reaches zero, or None."""
    path = validate.series("path", path)
    reached = np.flatnonzero(path.to_numpy() >= 0)
    return int(path.index[reached[0]]) if reached.size else None
