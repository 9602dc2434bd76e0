"""When a flywheel becomes a tollbooth: lock-in, switching costs, concentration and policy levers.

* Sustainable take rate (COURSE.md §4). Per dollar of sales a seller earns margin m before platform
  fees. On the platform it keeps m − τ; if it leaves it loses the share δ of its sales that come
  from the platform's (single-homing) buyers and pays the outside channel's take τ_out on the rest,
  keeping (1 − δ)(m − τ_out). It stays while m − τ ≥ (1 − δ)(m − τ_out), that is while

      τ ≤ τ* = τ_out + δ·(m − τ_out),

  which rises with δ: the more of the buyers the platform holds, the higher the fee it can charge
  (a ratchet). Competitive bottleneck (Armstrong 2006, RAND J. Econ. 37(3)): when sellers multihome
  and buyers single-home, the platform holds a monopoly over access to its buyers, and sellers pay.
* Bargain then ripoff (Klemperer 1987, "Markets with consumer switching costs", QJE 102(2);
  Farrell & Klemperer 2007, Handbook of Industrial Organization vol. 3): with switching cost s,
  unit cost c and discount factor β, the locked-in price is p2 = c + s and competition for future
  rents drives the first price down to p1 = c − β·s.
* Concentration: the Herfindahl–Hirschman index HHI = Σ (100·share)², from 0 to 10,000.
* :func:`policy_outcome`: a toy model (illustrative parameters) of a fee cap, multihoming or
  interoperability, and a ban on anti-discounting (price-parity) rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

HIGHLY_CONCENTRATED = 1800.0
"""HHI above which the DOJ and FTC's 2023 Merger Guidelines (section 2.1) call a market highly
concentrated (the 1992/1997 guidelines drew the same line, the 2010 edition 2,500); used in the
lesson as a yardstick, not a legal test."""


def _take_inputs(margin: float, outside_take: float, lost_share: float) -> tuple[float, float, float]:
    m = validate.number("margin", margin, low=0, high=1, low_open=True, unit="(share of price)")
    t = validate.number("outside_take", outside_take, low=0, high=1, unit="(share of price)")
    d = validate.number("lost_share", lost_share, low=0, high=1, unit="(share of sales)")
    if t > m:
        raise ValueError(f"outside_take ({t:g}) must not exceed margin ({m:g}): a seller that loses "
                         f"money on every outside sale has no outside option to weigh")
    return m, t, d


def sustainable_take_rate(margin: float, outside_take: float, lost_share: float) -> float:
    """The highest take rate a seller accepts before leaving: τ* = τ_out + δ·(m − τ_out).

    margin: m, the seller's margin before platform fees, share of the price in (0, 1].
    outside_take: τ_out, the fee (share of price) of the seller's best outside channel, in [0, m].
    lost_share: δ, the share of its sales a seller loses by leaving (the platform's buyers who
    shop nowhere else), in [0, 1]. Returns τ* as a share of the price.
    """
    m, t, d = _take_inputs(margin, outside_take, lost_share)
    return t + d * (m - t)


@dataclass(frozen=True)
class SwitchingPrices:
    """Klemperer's two-period prices: p1 (bargain, to win the customer), p2 (ripoff, once locked in)."""

    p1: float
    p2: float


def bargain_then_ripoff(cost: float, switching_cost: float, discount_factor: float) -> SwitchingPrices:
    """Two-period prices with switching costs: p2 = c + s, p1 = c − β·s (Klemperer 1987).

    cost: c, unit cost (money per unit, ≥ 0). switching_cost: s, a locked-in customer's cost of
    switching (money, ≥ 0). discount_factor: β in [0, 1], the weight of next period's profit.
    p1 may be below cost (even below zero): the bargain is paid for by the ripoff.
    """
    c = validate.number("cost", cost, low=0, unit="(money per unit)")
    s = validate.number("switching_cost", switching_cost, low=0, unit="(money)")
    b = validate.number("discount_factor", discount_factor, low=0, high=1)
    return SwitchingPrices(p1=c - b * s, p2=c + s)


def hhi(shares: Iterable[float]) -> float:
    """Herfindahl–Hirschman index Σ (100·sᵢ)², on the 0–10,000 scale.

    shares: market shares as fractions of 1 (each in [0, 1], summing to at most 1). Given only the
    named firms' shares, the result is a lower bound: the unnamed rest adds a little more.
    """
    values = validate.numbers_array("shares", shares, low=0, high=1, unit="(fractions of 1)")
    if np.ndim(shares) != 1:
        raise ValueError("shares must be a non-empty list of market shares (fractions of 1)")
    for i, s in enumerate(values):
        validate.number(f"shares[{i}]", float(s), low=0, high=1, unit="(share of the market)")
    total = float(values.sum())
    if total > 1 + 1e-9:
        raise ValueError(f"shares must sum to at most 1, got {total:g} (give fractions, not percents)")
    return float(np.sum((100 * values) ** 2))


PLATFORM_SALES = 0.8
"""Illustrative share w of a seller's sales made on the platform (the rest through its outside
channel). Not δ: δ is the share of sales it would *lose* by leaving (the platform's buyers who shop
nowhere else), and it cannot exceed w."""


@dataclass(frozen=True)
class PolicyOutcome:
    """Who gains, who loses (toy model, illustrative). Every money field is per dollar of a seller's
    sales in both channels at the no-fee price (a price of 1), so the three add up:
    (buyer_price − 1) = (seller_margin − m) + platform_revenue + outside_fees.

    lost_share: δ after the policies; sustainable_take: τ*; take_rate: the platform's fee τ (per
    dollar of on-platform sales); seller_margin: the seller's margin after fees, averaged over
    channels; platform_revenue: w·τ; outside_fees: (1 − w)·τ_out, the outside channel's fees;
    buyer_price: the average price buyers pay, 1 = no fee anywhere. cap_binds: whether the fee cap
    is below τ*.
    """

    lost_share: float
    sustainable_take: float
    take_rate: float
    seller_margin: float
    platform_revenue: float
    outside_fees: float
    buyer_price: float
    cap_binds: bool


def policy_outcome(margin: float, outside_take: float, lost_share: float, *, fee_cap: float = 1.0,
                   multihoming: float = 0.0, parity_ban: bool = False, steering: float = 0.25,
                   pass_through: float = 0.5, platform_sales: float = PLATFORM_SALES) -> PolicyOutcome:
    """A toy model of three policy levers (all parameters illustrative).

    The platform charges the sustainable take rate τ* (:func:`sustainable_take_rate`, the
    fixed-price stay condition) or the cap, whichever is lower. ``multihoming`` (share of the
    platform's buyers who also shop elsewhere) cuts the lost share to δ·(1 − multihoming). A seller
    makes ``platform_sales`` (w, share of its sales) on the platform, paying τ, and the rest through
    its outside channel, paying ``outside_take`` (τ_out); both fees are per dollar at the no-fee
    price. Sellers pass ``pass_through`` (ρ) of a fee on to buyers: on the platform the price is
    1 + ρ·τ. Under a price-parity (anti-discounting) rule the platform's price holds everywhere, so
    off-platform buyers pay 1 + ρ·τ too and the seller keeps the difference; with ``parity_ban``
    they pay 1 + ρ·τ_out, and sellers take ``steering`` of their platform buyers along if they
    leave (δ falls further by that factor). Returns a :class:`PolicyOutcome` on one base: per
    dollar of the seller's sales in both channels at the no-fee price.
    """
    m, t, d = _take_inputs(margin, outside_take, lost_share)
    cap = validate.number("fee_cap", fee_cap, low=0, high=1, unit="(share of price)")
    mh = validate.number("multihoming", multihoming, low=0, high=1, unit="(share of buyers)")
    st = validate.number("steering", steering, low=0, high=1, unit="(share of buyers)")
    parity_ban = validate.flag("parity_ban", parity_ban)
    rho = validate.number("pass_through", pass_through, low=0, high=1)
    w = validate.number("platform_sales", platform_sales, low=0, high=1, unit="(share of sales)")
    if d > w:
        raise ValueError(f"lost_share ({d:g}) must not exceed platform_sales ({w:g}): a seller cannot "
                         f"lose more sales by leaving than it makes on the platform")
    delta = d * (1 - mh) * ((1 - st) if parity_ban else 1.0)
    tau_star = t + delta * (m - t)
    tau = min(tau_star, cap)
    on_markup = rho * tau
    off_markup = rho * (t if parity_ban else tau)  # a parity rule sets the price everywhere
    seller = w * (m + on_markup - tau) + (1 - w) * (m + off_markup - t)
    buyer_price = 1 + w * on_markup + (1 - w) * off_markup
    return PolicyOutcome(delta, tau_star, tau, seller, w * tau, (1 - w) * t, buyer_price,
                         bool(cap < tau_star))


BIG_THREE = ("AWS", "Microsoft", "Google")
LARGEST_UNNAMED = 0.05
"""The upper bound's assumption: no firm outside the given shares (for lesson 10, outside the big
three; Alibaba and IBM included where named) holds more than 5% (Alibaba's share in some quarters)."""


def hhi_upper_bound(shares: Iterable[float], largest_rest: float = LARGEST_UNNAMED) -> float:
    """The HHI (0–10,000) if the rest of the market, 1 − Σ shares (every firm not in ``shares``,
    named elsewhere or not), were held by firms of ``largest_rest`` each (the last one smaller): the
    most the rest can add when no firm in it is larger than that. The rest is counted in whole percentage points."""
    hhi(shares)  # validates the shares: a list of fractions of 1 summing to at most 1
    listed = [float(s) for s in np.asarray(shares, dtype=float)]
    step = round(100 * validate.number("largest_rest", largest_rest, low=0.01, high=1,
                                       unit="(share of the market)"))
    n_full, remainder = divmod(max(round((1 - sum(listed)) * 100), 0), step)
    return hhi([*listed, *([step / 100] * n_full), remainder / 100])



def concentration_by_period(cloud_share: pd.DataFrame, providers: tuple[str, ...] = BIG_THREE) -> pd.DataFrame:
    """HHI of the named providers in each period of the ``cloud_share`` table (a lower bound).

    Only periods in which every provider in ``providers`` has a share are kept, so each HHI sums
    the same firms. Columns: ``period``, ``year``, ``quarter``, ``named_share`` (the providers'
    combined share), ``hhi_lower`` (their HHI, 0–10,000; the fragmented rest adds a little) and
    ``hhi_upper`` (:func:`hhi_upper_bound` of every provider the period lists, the rest in firms of
    at most 5%).
    """
    validate.frame("cloud_share", cloud_share, ("provider", "year", "quarter", "period", "share"))
    rows = []
    for (year, quarter, period), group in cloud_share.groupby(["year", "quarter", "period"], sort=True):
        named = group[group["provider"].isin(providers)]
        if set(named["provider"]) != set(providers):
            continue
        shares = named["share"].to_numpy(dtype=float)
        rows.append({"period": str(period), "year": int(year), "quarter": int(quarter),
                     "named_share": float(shares.sum()), "hhi_lower": hhi(shares),
                     "hhi_upper": hhi_upper_bound(group["share"])})
    return pd.DataFrame(rows, columns=["period", "year", "quarter", "named_share", "hhi_lower",
                                       "hhi_upper"])
