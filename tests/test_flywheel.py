"""The loop-gain model of lessons 00 and 01, against values worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from valueloops.flywheel import (LogisticFit, capped_path, fit_logistic, growth_rates,
                                 long_run_level, loop_gain, loop_path, push_multiplier)


# --- the plain loop x[t+1] = G·x[t] + u ----------------------------------------------------------
def test_loop_path_by_hand():
    # 0 -> 100 -> 150 -> 175 -> 187.5 (G = 0.5, u = 100)
    assert loop_path(gain=0.5, push=100, steps=4).tolist() == [0, 100, 150, 175, 187.5]


def test_three_regimes_converge_line_explode():
    converge = loop_path(gain=0.8, push=10, steps=300)
    assert converge.iloc[-1] == pytest.approx(50.0)            # u/(1 − G) = 10/0.2
    linear = loop_path(gain=1.0, push=10, steps=30)
    assert np.allclose(np.diff(linear), 10)                      # grows by u a step
    explode = loop_path(gain=1.1, push=10, steps=30, start=100)
    ratio = (explode.iloc[-1] + 100) / (explode.iloc[-2] + 100)  # x + u/(G−1) grows by G
    assert ratio == pytest.approx(1.1)


def test_long_run_level_and_its_refusal():
    assert long_run_level(gain=0.5, push=100) == 200
    with pytest.raises(ValueError, match=r"\|gain\| < 1"):
        long_run_level(gain=1.0, push=100)


# --- lesson 01 ---------------------------------------------------------------------------------
def test_loop_gain_is_the_product_of_the_links():
    assert loop_gain([1.2, 0.9, 0.95]) == pytest.approx(1.026)
    assert loop_gain((2.0,)) == 2.0
    # one weak link is enough to make the loop converge
    assert loop_gain([1.5, 1.5, 0.4]) == pytest.approx(0.9)


@pytest.mark.parametrize("bad", [[], "1.2", [1.0, "x"], [1.0, float("nan")]])
def test_loop_gain_refuses_bad_links(bad):
    with pytest.raises(ValueError):
        loop_gain(bad)


def test_push_multiplier_is_the_long_run_effect_of_a_permanent_push():
    assert push_multiplier(0.8) == pytest.approx(5.0)
    # a permanent extra 50 a step raises the long-run level by 50 / (1 − 0.8) = 250
    before = loop_path(gain=0.8, push=100, steps=400).iloc[-1]
    after = loop_path(gain=0.8, push=150, steps=400).iloc[-1]
    assert after - before == pytest.approx(50 * push_multiplier(0.8))
    with pytest.raises(ValueError, match="settles only"):
        push_multiplier(1.05)


def test_capped_path_first_step_by_hand():
    # x1 = 0 + (0.3·0 + 10)·1 = 10;  x2 = 10 + (0.3·10 + 10)·(1 − 10/1000) = 10 + 13·0.99 = 22.87
    path = capped_path(gain=1.3, push=10, capacity=1000, steps=2)
    assert path.tolist() == pytest.approx([0, 10, 22.87])


def test_capped_path_is_the_plain_loop_when_capacity_is_huge():
    plain = loop_path(gain=1.05, push=5, steps=20, start=10)
    capped = capped_path(gain=1.05, push=5, capacity=1e15, steps=20, start=10)
    assert np.allclose(plain, capped, rtol=1e-9)


def test_balancing_loop_turns_explosion_into_an_s_curve():
    path = capped_path(gain=1.3, push=10, capacity=1000, steps=60)
    steps = np.diff(path.to_numpy())
    assert (steps >= 0).all() and path.iloc[-1] == pytest.approx(1000, rel=1e-3)
    peak = int(np.argmax(steps))
    assert 5 < peak < 40                                   # speeds up, then slows: an S
    assert steps[peak] > 5 * steps[0] and steps[-1] < 0.01 * steps[peak]
    # the explosive plain loop runs far past the capacity
    assert loop_path(gain=1.3, push=10, steps=60).iloc[-1] > 1e6


def test_capped_converging_loop_settles_below_capacity():
    assert capped_path(gain=0.8, push=10, capacity=1000, steps=500).iloc[-1] == pytest.approx(50, rel=1e-6)
    # when u/(1 − G) lies above K, the capacity binds instead
    assert capped_path(gain=0.95, push=100, capacity=1000, steps=2000).iloc[-1] == pytest.approx(1000, rel=1e-4)


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(gain=-0.1, push=1, capacity=10, steps=5), "gain"),
    (dict(gain=1.1, push=-1, capacity=10, steps=5), "push"),
    (dict(gain=1.1, push=1, capacity=0, steps=5), "capacity"),
    (dict(gain=1.1, push=1, capacity=10, steps=5, start=11), "start"),
    (dict(gain=1.1, push=1, capacity=10, steps=0), "steps"),
])
def test_capped_path_validates(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        capped_path(**kwargs)


def test_growth_rates_by_hand():
    levels = pd.Series([100.0, 120.0, 132.0], index=[2020, 2021, 2022])
    assert growth_rates(levels).tolist() == pytest.approx([0.2, 0.1])
    with pytest.raises(ValueError, match="positive"):
        growth_rates(pd.Series([1.0, 0.0]))


def test_fit_logistic_recovers_an_exact_logistic():
    # growth g = 0.5·(1 − x/1000) exactly: the fit returns rate 0.5 and capacity 1000
    x = [100.0]
    for _ in range(6):
        x.append(x[-1] * (1 + 0.5 * (1 - x[-1] / 1000)))
    fit = fit_logistic(pd.Series(x))
    assert fit.rate == pytest.approx(0.5) and fit.capacity == pytest.approx(1000)
    assert fit.growth_at(500.0) == pytest.approx(0.25)


def test_fit_logistic_without_slowing_has_no_capacity():
    # growth speeds up with the level (10%, 20%, 30%): no level where it would stop
    fit = fit_logistic(pd.Series([100.0, 110.0, 132.0, 171.6]))
    assert math.isinf(fit.capacity)


def test_amazon_growth_slows_as_it_grows():
    from valueloops.data import load
    seg = load("amazon_segments")
    sales = seg[seg["segment"] == "Consolidated"].set_index("year")["net_sales_musd"]
    growth = growth_rates(sales)
    assert growth.loc[2024] == pytest.approx(637959 / 574785 - 1)       # 10-K FY2024: 11.0%
    assert growth.loc[2015:2019].mean() > growth.loc[2022:2024].mean()
    assert isinstance(fit := fit_logistic(sales), LogisticFit) and fit.capacity > sales.max()


# --- the lesson's chart ----------------------------------------------------------------------------
def test_flywheel_chart_multiplies_the_links_and_caps_the_path():
    from valueloops.charts.flywheel import FlywheelChart
    chart = FlywheelChart(start=50, push=10, quarters=40)
    run = chart.compute(link1=1.1, link2=1.0, link3=0.9, capacity=1000)
    assert run.gain == pytest.approx(0.99)
    png, text = chart.render(link1=1.1, link2=1.0, link3=1.0, capacity=1000)
    assert png is not None and "G = 1.10 × 1.00 × 1.00 = 1.100" in text and "of K" in text
    run = chart.compute(link1=1.2, link2=1.2, link3=1.2, capacity=200)
    assert run.capped.max() <= 200 + 1e-9 < run.free.iloc[-1]


def test_flywheel_chart_summary_at_g_equal_to_one_is_not_an_s_curve():
    from valueloops.charts.flywheel import FlywheelChart
    chart = FlywheelChart(start=50, push=10, quarters=40)
    text = chart.summary(chart.compute(link1=1.0, link2=1.0, link3=1.0, capacity=1000))
    assert "straight line" in text and "no S-curve" in text and "S-curve reaches" not in text
    below = chart.summary(chart.compute(link1=1.02, link2=0.98, link3=1.0, capacity=1000))
    assert "= 0.9996 < 1" in below  # not "1.000 < 1"


def test_a_pushed_loop_fit_recovers_its_own_path_and_fits_a_falling_growth_rate():
    from valueloops.flywheel import fit_pushed_loop, growth_fit_error

    path = loop_path(gain=1.1, push=10, steps=12, start=50)
    fit = fit_pushed_loop(path)
    assert fit.gain == pytest.approx(1.1) and fit.push == pytest.approx(10)
    assert growth_fit_error(path, fit) == pytest.approx(0, abs=1e-12)
    growth = path.pct_change().dropna()
    assert (growth.diff().dropna() < 0).all()  # a reinforcing loop with a push slows, no limit
    leaking = loop_path(gain=0.95, push=30, steps=12, start=50)
    assert fit_pushed_loop(leaking, gain=0.95).push == pytest.approx(30)
    assert fit_logistic(leaking).rate > 0.1  # the logistic reads a "G > 1" into a leaking loop
