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
"""HHI above which the US Horizontal Merger Guidelines of 1992 (revised 1997; DOJ & FTC) called a
market highly concentrated; used in the lesson as a yardstick, not a legal test."""


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


@dataclass(frozen=True)
class PolicyOutcome:
    """Who gains, who loses, per dollar of a seller's sales at the no-fee price (illustrative).

    lost_share: δ after the policies; take_rate: the platform's fee (share of price);
    seller_margin: m − (1 − ρ)·τ, the margin sellers keep; platform_revenue: τ per dollar of
    on-platform sales; buyer_price: the average price buyers pay, index 1 = no fee anywhere.
    cap_binds: whether the fee cap is below the sustainable take rate.
    """

    lost_share: float
    sustainable_take: float
    take_rate: float
    seller_margin: float
    platform_revenue: float
    buyer_price: float
    cap_binds: bool


def policy_outcome(margin: float, outside_take: float, lost_share: float, *, fee_cap: float = 1.0,
                   multihoming: float = 0.0, parity_ban: bool = False, steering: float = 0.25,
                   pass_through: float = 0.5, platform_buyers: float | None = None) -> PolicyOutcome:
    """A toy model of three policy levers (all parameters illustrative).

    The platform charges the sustainable take rate τ* (:func:`sustainable_take_rate`) or the cap,
    whichever is lower. ``multihoming`` (share of the platform's buyers who also shop elsewhere,
    through interoperability or habit) cuts the lost share to δ·(1 − multihoming). With
    ``parity_ban`` sellers may price lower elsewhere: they take ``steering`` of their platform
    buyers along if they leave (δ falls further by that factor) and off-platform buyers stop paying
    the platform's fee in their price. Sellers pass ``pass_through`` of any fee on to buyers:
    price = 1 + ρ·fee. ``platform_buyers`` (default: the original lost share δ) is the share of
    purchases made on the platform, used to average buyers' prices.
    """
    m, t, d = _take_inputs(margin, outside_take, lost_share)
    cap = validate.number("fee_cap", fee_cap, low=0, high=1, unit="(share of price)")
    mh = validate.number("multihoming", multihoming, low=0, high=1, unit="(share of buyers)")
    st = validate.number("steering", steering, low=0, high=1, unit="(share of buyers)")
    parity_ban = validate.flag("parity_ban", parity_ban)
    rho = validate.number("pass_through", pass_through, low=0, high=1)
    w = d if platform_buyers is None else validate.number(
        "platform_buyers", platform_buyers, low=0, high=1, unit="(share of purchases)")
    delta = d * (1 - mh) * ((1 - st) if parity_ban else 1.0)
    tau_star = t + delta * (m - t)
    tau = min(tau_star, cap)
    on_price = 1 + rho * tau
    # With a parity (anti-discounting) rule the platform's fee sets the price everywhere.
    off_price = 1 + rho * (t if parity_ban else tau)
    buyer_price = w * on_price + (1 - w) * off_price
    return PolicyOutcome(delta, tau_star, tau, m - (1 - rho) * tau, tau, buyer_price,
                         bool(cap < tau_star))


BIG_THREE = ("AWS", "Microsoft", "Google")


def concentration_by_period(cloud_share: pd.DataFrame, providers: tuple[str, ...] = BIG_THREE) -> pd.DataFrame:
    """HHI of the named providers in each period of the ``cloud_share`` table (a lower bound).

    Only periods in which every provider in ``providers`` has a share are kept, so each HHI sums
    the same firms. Columns: ``period``, ``year``, ``quarter``, ``named_share`` (the providers'
    combined share) and ``hhi_lower`` (their HHI, 0–10,000; the fragmented rest adds a little).
    """
    validate.frame("cloud_share", cloud_share, ("provider",))
    named = cloud_share[cloud_share["provider"].isin(providers)]
    rows = []
    for (year, quarter, period), group in named.groupby(["year", "quarter", "period"], sort=True):
        if set(group["provider"]) != set(providers):
            continue
        shares = group["share"].to_numpy(dtype=float)
        rows.append({"period": str(period), "year": int(year), "quarter": int(quarter),
                     "named_share": float(shares.sum()), "hhi_lower": hhi(shares)})
    return pd.DataFrame(rows, columns=["period", "year", "quarter", "named_share", "hhi_lower"])
