"""Scale and frugality: how falling unit costs can become lower prices.

Three pieces, each a pure function:

* **The learning curve** (Wright 1936): every doubling of cumulative output cuts the cost of a unit
  by the same share. Unit form C(x) = C₁·x^(−b) with b = −log₂(learning rate); a learning rate of
  0.85 means each doubling leaves 85% of the unit cost. Wright, T. P. (1936), "Factors Affecting the
  Cost of Airplanes", Journal of the Aeronautical Sciences 3(4), 122-128.
* **Fixed costs spread over volume**: average cost F/Q + v falls as volume Q grows.
* **Sharing the savings**: each year the firm passes a share s of its cost saving on as a price cut
  and keeps the rest as margin (:func:`scale_path`). Frugality, a culture that keeps fixed costs low,
  enlarges the saving to share.

Units: costs and prices in US$ per unit of output (illustrative), volumes in units per year.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import validate
from .adoption import bass_adopters


def learning_exponent(learning_rate: float) -> float:
    """Wright's exponent b = −log₂(learning rate): 0.85 → 0.234; 1.0 (no learning) → 0.

    learning_rate: share of the unit cost left after each doubling of cumulative output, in (0, 1].
    """
    lr = validate.number("learning_rate", learning_rate, low=0, high=1, low_open=True,
                         unit="(share of cost left per doubling)")
    return -math.log2(lr)


def wright_unit_cost(units: float | np.ndarray, first_unit_cost: float,
                     learning_rate: float) -> float | np.ndarray:
    """Cost of the x-th unit on Wright's learning curve, C(x) = C₁·x^(−b), b = −log₂(learning rate).

    This is the **unit** form (the cost of unit number x, as in Crawford's later statement of the
    curve), not the cumulative-average form (Wright's 1936 paper stated the law for the average
    cost of the first x units; the two share the exponent but differ in level).

    units: cumulative unit number x, ≥ 1 (float or array; fractional x is allowed, e.g. output
        measured in batches). first_unit_cost: C₁, cost of the first unit (US$, > 0).
    learning_rate: share of the unit cost left after each doubling of x, in (0, 1].
    Returns a float for a scalar ``units``, else an array. Example: C₁ = 100 and rate 0.8 give
    80 for unit 2, 64 for unit 4, 51.2 for unit 8.
    """
    c1 = validate.number("first_unit_cost", first_unit_cost, low=0, low_open=True, unit="US$")
    b = learning_exponent(learning_rate)
    if np.ndim(units) == 0:
        x = validate.number("units", units, low=1, unit="(cumulative unit number)")
        return c1 * x ** (-b)
    xs = np.asarray(units, dtype=float)
    if not np.all(np.isfinite(xs)) or np.any(xs < 1):
        raise ValueError("units must contain finite cumulative unit numbers ≥ 1")
    return c1 * xs ** (-b)


def doublings_to_halve(learning_rate: float) -> float:
    """How many doublings of cumulative output halve the unit cost: ln 0.5 / ln(learning rate).

    Needs learning_rate < 1 (at 1 the cost never falls: ``ValueError``).
    """
    b = learning_exponent(learning_rate)
    if b == 0:
        raise ValueError("with learning_rate 1 there is no learning: the unit cost never halves")
    return 1 / b


def average_cost(fixed_cost: float, variable_cost: float,
                 quantity: float | np.ndarray) -> float | np.ndarray:
    """Average cost per unit F/Q + v: fixed costs spread over the volume, plus the variable cost.

    fixed_cost: F, US$ per period (≥ 0); variable_cost: v, US$ per unit (≥ 0);
    quantity: Q, units per period (> 0; float or array).
    """
    f = validate.number("fixed_cost", fixed_cost, low=0, unit="US$ per period")
    v = validate.number("variable_cost", variable_cost, low=0, unit="US$ per unit")
    if np.ndim(quantity) == 0:
        q = validate.number("quantity", quantity, low=0, low_open=True, unit="units per period")
        return f / q + v
    qs = np.asarray(quantity, dtype=float)
    if not np.all(np.isfinite(qs)) or np.any(qs <= 0):
        raise ValueError("quantity must contain finite volumes > 0 (units per period)")
    return f / qs + v


def scale_path(*, years: int = 12, learning_rate: float = 0.85, pass_through: float = 0.9,
               q: float = 0.5, p: float = 0.05, market: float = 1000.0,
               first_unit_cost: float = 1.0, fixed_cost: float = 30.0, markup: float = 0.1,
               elasticity: float = 0.5, batch: float = 50.0) -> pd.DataFrame:
    """Volume, costs, price and margin year by year when scale lowers costs and savings are shared.

    Each year t = 1..years:

    1. demand: ``market`` × S(t) (Bass adoption share at the end of year t, p and q per year)
       × (price[t−1] / price[1])^(−elasticity): a cheaper price brings more use (none in year 1);
    2. variable cost: Wright's unit form at cumulative output X[t] counted in batches of ``batch``
       units, v[t] = C₁·max(1, X[t]/batch)^(−b): the first batch costs C₁ a unit, and faster
       growth reaches the next doublings sooner;
    3. average cost: a[t] = F/Q[t] + v[t];
    4. price: p[1] = a[1]·(1 + markup); after that p[t] = p[t−1] − s·(a[t−1] − a[t]): a share s of
       the saving becomes a price cut, 1 − s is kept as margin;
    5. operating margin (price − average cost) / price.

    All parameters are illustrative: learning_rate in (0, 1]; pass_through s in [0, 1]; q ≥ 0 and
    p in (0, 1] per year; market > 0 units per year; first_unit_cost C₁ > 0 and fixed_cost F ≥ 0
    in US$; markup ≥ 0; elasticity ≥ 0 (0 = demand ignores price); batch > 0 units. The price
    stays positive:
    p[t] − s·a[t] = p[1] − s·a[1] ≥ 0 in every year, so p[t] ≥ s·a[t] > 0.

    Returns a DataFrame indexed by ``year`` (1..years) with columns adopted_share, volume,
    cumulative, unit_cost, fixed_per_unit, average_cost, price, margin.
    """
    n = validate.integer("years", years, low=1, high=100)
    validate.number("learning_rate", learning_rate, low=0, high=1, low_open=True)
    s = validate.number("pass_through", pass_through, low=0, high=1, unit="(share of the saving)")
    m = validate.number("market", market, low=0, low_open=True, unit="units per year")
    c1 = validate.number("first_unit_cost", first_unit_cost, low=0, low_open=True, unit="US$")
    f = validate.number("fixed_cost", fixed_cost, low=0, unit="US$ per year")
    k = validate.number("markup", markup, low=0, high=10)
    e = validate.number("elasticity", elasticity, low=0, high=5)
    lot = validate.number("batch", batch, low=0, low_open=True, unit="units")
    shares = bass_adopters(np.arange(1, n + 1, dtype=float), p, q)

    volume = np.empty(n)
    cumulative = np.empty(n)
    unit = np.empty(n)
    avg = np.empty(n)
    price = np.empty(n)
    total = 0.0
    for t in range(n):
        boost = 1.0 if t == 0 else (price[t - 1] / price[0]) ** (-e)
        volume[t] = m * shares[t] * boost
        total += volume[t]
        cumulative[t] = total
        unit[t] = wright_unit_cost(max(1.0, total / lot), c1, learning_rate)
        avg[t] = f / volume[t] + unit[t]
        if t == 0:
            price[t] = avg[t] * (1 + k)
        else:
            price[t] = price[t - 1] - s * (avg[t - 1] - avg[t])
    index = pd.RangeIndex(1, n + 1, name="year")
    return pd.DataFrame({
        "adopted_share": shares,
        "volume": volume,
        "cumulative": cumulative,
        "unit_cost": unit,
        "fixed_per_unit": f / volume,
        "average_cost": avg,
        "price": price,
        "margin": (price - avg) / price,
    }, index=index)


def segment_margins(segments: pd.DataFrame,
                    names: tuple[str, ...] = ("AWS", "Consolidated")) -> pd.DataFrame:
    """Operating margin by year for the named segments of ``load("amazon_segments")``.

    Returns a tidy DataFrame with columns year, segment, net_sales_bn, operating_income_bn (US$
    billions) and operating_margin (operating income ÷ net sales, a share), sorted by segment
    then year.
    """
    validate.frame("segments", segments, ("year", "segment", "net_sales_musd", "operating_income_musd"))
    rows = segments[segments["segment"].isin(list(names))]
    if rows.empty:
        raise ValueError(f"no rows for the segments {', '.join(names)}")
    out = pd.DataFrame({
        "year": rows["year"].to_numpy(),
        "segment": rows["segment"].astype(str).to_numpy(),
        "net_sales_bn": rows["net_sales_musd"].to_numpy() / 1000,
        "operating_income_bn": rows["operating_income_musd"].to_numpy() / 1000,
    })
    out["operating_margin"] = out["operating_income_bn"] / out["net_sales_bn"]
    return out.sort_values(["segment", "year"], ignore_index=True)
