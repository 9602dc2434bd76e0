"""Two-sided platforms: who should pay, and how participation on each side feeds the other.

Three models, each from its source, with illustrative parameters in the lessons:

* :func:`monopoly_platform` -- Armstrong (2006), "Competition in two-sided markets", RAND Journal
  of Economics 37(3), section 3: one platform sets a membership price per side.
* :func:`duopoly_platform` -- the same paper, section 4: two Hotelling platforms, every member
  joins one of them (single-homing on both sides).
* :func:`transaction_fees` -- Rochet & Tirole (2003), "Platform competition in two-sided
  markets", Journal of the European Economic Association 1(4): a fee per transaction on each side.

Plus :func:`participation_path`, a small adjustment dynamic: buyer and seller numbers move step by
step toward the level the current prices and the other side's size support.

Units: participation n_i in members (any unit, say millions); prices, costs f_i and stand-alone
values a_i in money per member; the cross-side values alpha_i in money per member of side i per
member of the other side. Side 1 is buyers, side 2 is sellers in the lessons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

MAX_STEPS = 10_000


@dataclass(frozen=True)
class MonopolyPlatform:
    """Armstrong's monopoly platform at its profit-maximising prices.

    n1, n2: members on each side; p1, p2: membership price per member (negative = the platform
    pays members of that side to join); profit: (p1 − f1)·n1 + (p2 − f2)·n2.
    """

    n1: float
    n2: float
    p1: float
    p2: float
    profit: float


@dataclass(frozen=True)
class DuopolyPlatform:
    """Armstrong's symmetric Hotelling duopoly: each platform's prices and profit.

    p1, p2: membership price per member on each side; profit: each platform's profit (each
    serves half of each side).
    """

    p1: float
    p2: float
    profit: float


@dataclass(frozen=True)
class TransactionFees:
    """Rochet and Tirole's per-transaction fees for a monopoly platform with linear demands.

    p_buyer, p_seller: fee per transaction on each side (negative = a rebate); volume: number of
    transactions D_B·D_S; profit: (p_buyer + p_seller − cost)·volume.
    """

    p_buyer: float
    p_seller: float
    volume: float
    profit: float


def _tipping_check(alpha1: float, alpha2: float) -> float:
    """alpha1 + alpha2, or a ``ValueError`` when it is ≥ 2 (no profit maximum). The message says
    whether the pair also tips the market at fixed prices (alpha1·alpha2 > 1); since
    alpha1·alpha2 > 1 implies alpha1 + alpha2 > 2, the tipping region lies inside this one.
    At exactly alpha1·alpha2 = 1 (r26b #1) participation has no single resting point either, but
    it does not run away: along the loop it moves by the same amount every step
    (:func:`participation_path`), up without limit or down to no one, as the prices leave a net
    pull or not; the message says so."""
    total = alpha1 + alpha2
    if total >= 2:
        product = alpha1 * alpha2
        if math.isclose(product, 1.0, rel_tol=1e-12):   # 0.8 × 1.25 and the like
            tipping = ("and alpha1·alpha2 = 1, the edge of tipping: at fixed prices participation "
                       "has no resting point either, but it does not run away faster and faster; it "
                       "drifts by a steady amount each step, up without limit or down to no one")
        elif product > 1:
            tipping = (f"and alpha1·alpha2 = {product:g} > 1: at fixed prices participation runs "
                       f"away too, so the market tips")
        else:
            tipping = (f"but alpha1·alpha2 = {product:g} < 1: at fixed prices participation settles, "
                       f"so this is not tipping")
        raise ValueError(
            f"the profit has no maximum (alpha1 + alpha2 = {alpha1:g} + {alpha2:g} = {total:g}; "
            f"a maximum needs alpha1 + alpha2 < 2), so the model gives no prices; {tipping}.")
    return total


@validate.guard_overflow("use smaller demands or network effects")
def monopoly_platform(a1: float, a2: float, alpha1: float, alpha2: float,
                      f1: float = 0.0, f2: float = 0.0) -> MonopolyPlatform:
    """Armstrong (2006), section 3, with linear participation: the profit-maximising prices.

    A member of side i gets u_i = alpha_i·n_j − p_i and side i's participation is
    n_i = a_i + u_i = a_i − p_i + alpha_i·n_j. The platform serves each member of side i at
    cost f_i and maximises (p1 − f1)·n1 + (p2 − f2)·n2. With S = alpha1 + alpha2 the first-order
    conditions 2·n_i = (a_i − f_i) + S·n_j give

        n1 = [2(a1 − f1) + S(a2 − f2)] / (4 − S²),   p1 = f1 + n1 − alpha2·n2

    (and symmetrically for side 2): the price is cost plus a market-power markup (n1) minus the
    external benefit a member of side 1 brings to side 2 (alpha2·n2). The side that brings more
    value to the other side is subsidised, possibly below zero.

    a1, a2: stand-alone demand of each side (members at price 0 with no one on the other side,
    ≥ 0); alpha1, alpha2: cross-side values (≥ 0), alpha1 being what a side-1 member gains per
    side-2 member; f1, f2: cost per member (≥ 0).
    Raises ``ValueError`` if alpha1 + alpha2 ≥ 2 (the profit has no interior maximum)
    or if a side would not join at all (a corner the formula does not cover).
    """
    a1 = validate.number("a1", a1, low=0)
    a2 = validate.number("a2", a2, low=0)
    alpha1 = validate.number("alpha1", alpha1, low=0)
    alpha2 = validate.number("alpha2", alpha2, low=0)
    f1 = validate.number("f1", f1, low=0)
    f2 = validate.number("f2", f2, low=0)
    cross_sum = _tipping_check(alpha1, alpha2)
    denominator = 4 - cross_sum ** 2
    n1 = (2 * (a1 - f1) + cross_sum * (a2 - f2)) / denominator
    n2 = (2 * (a2 - f2) + cross_sum * (a1 - f1)) / denominator
    if n1 <= 0 or n2 <= 0:
        raise ValueError(
            f"a side would not join (n1 = {n1:.3g}, n2 = {n2:.3g}): the stand-alone values a1, a2 "
            f"must exceed the costs f1, f2 by enough for both sides to take part")
    p1 = f1 + n1 - alpha2 * n2
    p2 = f2 + n2 - alpha1 * n1
    profit = (p1 - f1) * n1 + (p2 - f2) * n2
    return MonopolyPlatform(n1=n1, n2=n2, p1=p1, p2=p2, profit=profit)


@validate.guard_overflow("use smaller transport costs or network effects")
def duopoly_platform(t1: float, t2: float, alpha1: float, alpha2: float,
                     f1: float = 0.0, f2: float = 0.0) -> DuopolyPlatform:
    """Armstrong (2006), section 4 (Proposition 2): two single-homing Hotelling platforms.

    Each side is spread along a line with a platform at each end; t_i is side i's transport
    cost (how differentiated the platforms are to that side, money per member). A member of
    side i joins the platform giving the higher alpha_i·n_j − p_i − t_i·distance. In the
    symmetric equilibrium each platform gets half of each side and charges

        p1 = f1 + t1 − alpha2,   p2 = f2 + t2 − alpha1,

    earning (t1 + t2 − alpha1 − alpha2)/2. Competition for side 1 is fiercer the more side 2
    values it: the price falls one for one with the value a side-1 member brings to side 2.

    The market-sharing equilibrium exists only if 4·t1·t2 > (alpha1 + alpha2)², the condition
    Armstrong's Proposition 2 assumes: it is exactly the second-order condition of each platform's
    profit in its own two prices (the tests check both directions numerically). Otherwise a
    platform gains by undercutting, no equilibrium with both platforms active exists and the
    market may tip to one of them; a ``ValueError`` says so. t1, t2 > 0; alpha1, alpha2 ≥ 0; f1, f2 ≥ 0.
    """
    t1 = validate.number("t1", t1, low=0, low_open=True)
    t2 = validate.number("t2", t2, low=0, low_open=True)
    alpha1 = validate.number("alpha1", alpha1, low=0)
    alpha2 = validate.number("alpha2", alpha2, low=0)
    f1 = validate.number("f1", f1, low=0)
    f2 = validate.number("f2", f2, low=0)
    cross_sum = alpha1 + alpha2
    if 4 * t1 * t2 <= cross_sum ** 2:
        raise ValueError(
            f"no market-sharing equilibrium: it needs 4·t1·t2 > (alpha1 + alpha2)², got "
            f"4·{t1:g}·{t2:g} = {4 * t1 * t2:g} ≤ {cross_sum ** 2:g}; cross-side effects this strong "
            f"relative to differentiation leave no equilibrium with both platforms active; the "
            f"market may tip to one platform")
    p1 = f1 + t1 - alpha2
    p2 = f2 + t2 - alpha1
    profit = (t1 + t2 - alpha1 - alpha2) / 2
    return DuopolyPlatform(p1=p1, p2=p2, profit=profit)


@validate.guard_overflow("use smaller demands (the profit is the margin cubed)")
def transaction_fees(a_buyer: float, a_seller: float, cost: float) -> TransactionFees:
    """Rochet & Tirole (2003): a monopoly platform's fee per transaction on each side.

    With linear demands D_i = a_i − p_i and transaction volume D_B·D_S, the platform maximises
    (p_B + p_S − c)·D_B·D_S. Rochet and Tirole's condition p_B + p_S − c = p_B/η_B = p_S/η_S
    (η_i the elasticity of side i's demand) gives the margin m = (a_B + a_S − c)/3 and

        p_i = a_i − m,   volume = m²,   profit = m³.

    Both sides end up with the same participation m; a side with little demand of its own
    (a_i < m) is paid to transact (p_i < 0), and the other side pays for it.

    a_buyer, a_seller: each side's demand intercept (money per transaction, ≥ 0); cost: the
    platform's cost per transaction (≥ 0). Raises ``ValueError`` unless a_B + a_S > c.
    """
    a_b = validate.number("a_buyer", a_buyer, low=0)
    a_s = validate.number("a_seller", a_seller, low=0)
    c = validate.number("cost", cost, low=0)
    if a_b + a_s <= c:
        raise ValueError(f"no trade is worth its cost: need a_buyer + a_seller > cost, got "
                         f"{a_b:g} + {a_s:g} ≤ {c:g}")
    m = (a_b + a_s - c) / 3
    return TransactionFees(p_buyer=a_b - m, p_seller=a_s - m, volume=m ** 2, profit=m ** 3)


def participation_target(a1: float, a2: float, alpha1: float, alpha2: float,
                         p1: float, p2: float) -> tuple[float, float]:
    """Where participation settles at fixed prices: n_i = a_i − p_i + alpha_i·n_j for both sides.

    Solving the two equations: n1 = [(a1 − p1) + alpha1·(a2 − p2)] / (1 − alpha1·alpha2).
    Needs alpha1·alpha2 < 1 (else each side's growth feeds the other without limit).
    At Armstrong's monopoly prices this is exactly the monopoly's (n1, n2).
    """
    a1, a2 = validate.number("a1", a1), validate.number("a2", a2)
    alpha1 = validate.number("alpha1", alpha1, low=0)
    alpha2 = validate.number("alpha2", alpha2, low=0)
    p1, p2 = validate.number("p1", p1), validate.number("p2", p2)
    if alpha1 * alpha2 >= 1:
        raise ValueError(f"participation has no resting point: it needs alpha1·alpha2 < 1, got "
                         f"{alpha1 * alpha2:g}")
    d = 1 - alpha1 * alpha2
    n1 = ((a1 - p1) + alpha1 * (a2 - p2)) / d
    n2 = ((a2 - p2) + alpha2 * (a1 - p1)) / d
    return n1, n2


@validate.guard_overflow("use smaller network effects or prices (alpha1·alpha2 < 1 keeps the path bounded)")
def participation_path(a1: float, a2: float, alpha1: float, alpha2: float, p1: float, p2: float,
                       speed: float = 0.3, steps: int = 30,
                       start: tuple[float, float] = (0.0, 0.0)) -> pd.DataFrame:
    """Buyer and seller numbers moving toward the level the prices and the other side support.

    Each step closes a share ``speed`` of the gap between each side's members and its demand
    given the other side's current size:

        n_i[t+1] = n_i[t] + speed·(max(a_i − p_i + alpha_i·n_j[t], 0) − n_i[t]).

    A small partial-adjustment dynamic (illustrative, in the spirit of the "chicken and egg"
    start-up problem of Caillaud & Jullien 2003): members join over time, not at once. With
    alpha1·alpha2 < 1 and 0 < speed ≤ 1 it converges to :func:`participation_target` (when
    that target is positive). Returns a DataFrame with columns ``n1`` and ``n2`` indexed by
    ``step`` 0..steps.
    """
    a1, a2 = validate.number("a1", a1), validate.number("a2", a2)
    alpha1 = validate.number("alpha1", alpha1, low=0)
    alpha2 = validate.number("alpha2", alpha2, low=0)
    p1, p2 = validate.number("p1", p1), validate.number("p2", p2)
    k = validate.number("speed", speed, low=0, high=1, low_open=True)
    n = validate.integer("steps", steps, low=1, high=MAX_STEPS)
    if not isinstance(start, (tuple, list, np.ndarray)) or len(start) != 2:
        raise validate.ParameterTypeError(f"start must be a pair of numbers (n1, n2), such as (0.0, 0.0), "
                                          f"got {start!r:.40}")
    x = np.empty((n + 1, 2))
    x[0] = (validate.number("start[0] (n1)", start[0], low=0), validate.number("start[1] (n2)", start[1], low=0))
    for t in range(n):
        n1, n2 = x[t]
        want1 = max(a1 - p1 + alpha1 * n2, 0.0)
        want2 = max(a2 - p2 + alpha2 * n1, 0.0)
        x[t + 1] = (n1 + k * (want1 - n1), n2 + k * (want2 - n2))
    return pd.DataFrame(x, columns=["n1", "n2"], index=pd.RangeIndex(n + 1, name="step"))
