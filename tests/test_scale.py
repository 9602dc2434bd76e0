"""Tests of valueloops.scale: Wright's learning curve, average cost and the shared savings path."""

import math

import numpy as np
import pandas as pd
import pytest

from valueloops.course import LATEST_FISCAL_YEAR
from valueloops.data import load
from valueloops.scale import (average_cost, doublings_to_halve, learning_exponent, scale_path,
                              segment_margins, wright_unit_cost)


def test_each_doubling_keeps_the_learning_rate():
    # The textbook 80% curve: 100 → 80 → 64 → 51.2 at units 1, 2, 4, 8.
    assert wright_unit_cost(1, 100, 0.8) == pytest.approx(100)
    assert wright_unit_cost(2, 100, 0.8) == pytest.approx(80)
    assert wright_unit_cost(4, 100, 0.8) == pytest.approx(64)
    assert wright_unit_cost(8, 100, 0.8) == pytest.approx(51.2)


def test_exponent_by_hand():
    assert learning_exponent(0.8) == pytest.approx(0.321928, abs=1e-6)
    assert learning_exponent(0.85) == pytest.approx(-math.log2(0.85))
    assert learning_exponent(1.0) == 0


def test_unit_form_not_cumulative_average():
    # Unit 1,000 at 85%: 100·1000^log2(0.85) ≈ 19.9; the average of units 1..1000 is higher.
    unit = wright_unit_cost(1000, 100, 0.85)
    assert unit == pytest.approx(100 * 1000 ** math.log2(0.85))
    assert unit == pytest.approx(19.797, abs=0.001)
    mean_of_first = wright_unit_cost(np.arange(1, 1001), 100, 0.85).mean()
    assert mean_of_first > unit * 1.2


def test_array_in_array_out():
    out = wright_unit_cost(np.array([1, 2, 4]), 10.0, 0.9)
    assert isinstance(out, np.ndarray) and np.allclose(out, [10, 9, 8.1])
    assert isinstance(wright_unit_cost(3, 10.0, 0.9), float)


def test_no_learning_is_flat():
    assert wright_unit_cost(1e6, 5.0, 1.0) == pytest.approx(5.0)


def test_doublings_to_halve():
    assert doublings_to_halve(0.5) == pytest.approx(1.0)
    assert doublings_to_halve(0.85) == pytest.approx(math.log(0.5) / math.log(0.85))
    with pytest.raises(ValueError, match="no learning"):
        doublings_to_halve(1.0)


@pytest.mark.parametrize("kwargs", [dict(units=0.5), dict(units=-1), dict(learning_rate=0),
                                    dict(learning_rate=1.2), dict(first_unit_cost=0),
                                    dict(units=np.array([1.0, 0.0]))])
def test_wright_rejects_bad_inputs(kwargs):
    args = dict(units=2, first_unit_cost=1.0, learning_rate=0.8) | kwargs
    with pytest.raises(ValueError):
        wright_unit_cost(**args)


def test_average_cost_by_hand():
    assert average_cost(fixed_cost=120, variable_cost=0.02, quantity=10_000) == pytest.approx(0.032)
    out = average_cost(100, 1.0, np.array([10.0, 100.0, 1000.0]))
    assert np.allclose(out, [11.0, 2.0, 1.1])
    with pytest.raises(ValueError, match="quantity"):
        average_cost(100, 1.0, 0)


def test_scale_path_first_year_and_recursion_by_hand():
    d = scale_path(years=3, learning_rate=0.8, pass_through=0.5, q=0.5, p=0.05, market=1000,
                   first_unit_cost=1.0, fixed_cost=30, markup=0.1, elasticity=0.0, batch=50)
    from valueloops.adoption import bass_adopters
    q1, q2 = 1000 * bass_adopters(1, 0.05, 0.5), 1000 * bass_adopters(2, 0.05, 0.5)
    v1 = (q1 / 50) ** math.log2(0.8)            # cumulative output in batches of 50 units
    a1 = 30 / q1 + v1
    assert d.loc[1, "volume"] == pytest.approx(q1) and d.loc[1, "unit_cost"] == pytest.approx(v1)
    assert d.loc[1, "price"] == pytest.approx(1.1 * a1)
    v2 = ((q1 + q2) / 50) ** math.log2(0.8)
    a2 = 30 / q2 + v2
    assert d.loc[2, "unit_cost"] == pytest.approx(v2)
    assert d.loc[2, "price"] == pytest.approx(1.1 * a1 - 0.5 * (a1 - a2))
    assert d.loc[2, "margin"] == pytest.approx((d.loc[2, "price"] - a2) / d.loc[2, "price"])
    assert list(d.columns) == ["adopted_share", "volume", "cumulative", "unit_cost",
                               "fixed_per_unit", "average_cost", "price", "margin"]


def test_full_pass_through_keeps_the_dollar_margin():
    d = scale_path(pass_through=1.0)
    assert np.allclose(d["price"] - d["average_cost"], d["price"].iloc[0] - d["average_cost"].iloc[0])
    # ... yet the margin as a share of the (falling) price rises.
    assert d["margin"].is_monotonic_increasing and d["margin"].iloc[-1] > d["margin"].iloc[0]


def test_zero_pass_through_keeps_the_price():
    d = scale_path(pass_through=0.0)
    assert np.allclose(d["price"], d["price"].iloc[0])


def test_more_pass_through_means_lower_price_more_volume_lower_margin():
    low, high = scale_path(pass_through=0.2), scale_path(pass_through=1.0)
    assert high["price"].iloc[-1] < low["price"].iloc[-1]
    assert high["volume"].iloc[-1] > low["volume"].iloc[-1]       # elasticity 0.5 by default
    assert high["margin"].iloc[-1] < low["margin"].iloc[-1]


def test_faster_growth_reaches_lower_cost_sooner():
    slow, fast = scale_path(q=0.2), scale_path(q=0.8)
    assert fast["cumulative"].iloc[5] > slow["cumulative"].iloc[5]
    assert fast["average_cost"].iloc[5] < slow["average_cost"].iloc[5]


def test_first_batch_costs_first_unit_cost():
    d = scale_path(batch=1e6)          # cumulative output stays within the first batch
    assert np.allclose(d["unit_cost"], 1.0)


def test_faster_learning_lowers_cost():
    assert (scale_path(learning_rate=0.7)["unit_cost"].iloc[-1]
            < scale_path(learning_rate=0.9)["unit_cost"].iloc[-1])


def test_price_stays_above_the_passed_on_cost():
    # p[t] − s·a[t] is the same every year, so the price never reaches zero.
    d = scale_path(pass_through=0.6, markup=0.0, fixed_cost=200, first_unit_cost=0.1)
    gap = d["price"] - 0.6 * d["average_cost"]
    assert np.allclose(gap, gap.iloc[0]) and (d["price"] > 0).all()


@pytest.mark.parametrize("kwargs", [dict(pass_through=1.5), dict(pass_through=-0.1), dict(years=0),
                                    dict(learning_rate=0), dict(market=0), dict(p=0),
                                    dict(batch=0)])
def test_scale_path_rejects_bad_inputs(kwargs):
    with pytest.raises(ValueError):
        scale_path(**kwargs)


def test_segment_margins_from_the_data():
    m = segment_margins(load("amazon_segments"))
    aws24 = m.query("segment == 'AWS' and year == 2024").iloc[0]
    # Amazon 10-K FY2024: AWS operating income 39,834 on net sales 107,556 (US$ millions).
    assert aws24["operating_margin"] == pytest.approx(39834 / 107556)
    assert set(m["segment"]) == {"AWS", "Consolidated"}
    assert m["year"].min() == 2014 and m["year"].max() == LATEST_FISCAL_YEAR
    with pytest.raises(ValueError, match="missing"):
        segment_margins(pd.DataFrame({"year": [2024]}))
