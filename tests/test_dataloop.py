"""Tests of valueloops.dataloop (lesson 04): hand-computed values, the qualitative results, edges."""

import math

import numpy as np
import pytest

from valueloops import dataloop


def test_accuracy_hand_values():
    # a(D) = 0.8·(1 − e^(−D/k)); at D = k it is 0.8·(1 − 1/e).
    assert dataloop.accuracy(100, data_scale=100) == pytest.approx(0.8 * (1 - math.exp(-1)))
    assert dataloop.accuracy(100, data_scale=100) == pytest.approx(0.505696, abs=1e-6)
    assert dataloop.accuracy(0, data_scale=50) == 0.0
    assert dataloop.accuracy(1e6, data_scale=50, ceiling=0.9) == pytest.approx(0.9)


def test_accuracy_has_diminishing_returns():
    d = np.arange(0, 1001, 100)
    a = dataloop.accuracy(d, data_scale=300)
    steps = np.diff(a)
    assert np.all(steps > 0) and np.all(np.diff(steps) < 0)
    assert dataloop.marginal_accuracy(0, 300) == pytest.approx(0.8 / 300)
    assert dataloop.marginal_accuracy(300, 300) == pytest.approx(0.8 / 300 / math.e)


def test_first_step_of_the_race_by_hand():
    # k = 100, 80 vs 20 units of data, λ = 1, 1,000 shoppers.
    race = dataloop.data_race(data_scale=100, start_share=0.8, horizon=1, sensitivity=1.0)
    a_inc, a_ent = 0.8 * (1 - math.exp(-0.8)), 0.8 * (1 - math.exp(-0.2))
    q_inc, q_ent = 0.01 + 0.05 * a_inc, 0.01 + 0.05 * a_ent
    s_inc = q_inc / (q_inc + q_ent)
    p = race.path
    assert p.loc[0, "accuracy_incumbent"] == pytest.approx(a_inc)          # 0.44054
    assert p.loc[0, "conversion_entrant"] == pytest.approx(q_ent)          # 0.01725
    assert p.loc[0, "share_incumbent"] == pytest.approx(s_inc)             # 0.64993
    assert p.loc[1, "data_incumbent"] == pytest.approx(80 + 1000 * s_inc * q_inc)
    assert p.loc[1, "data_entrant"] == pytest.approx(20 + 1000 * (1 - s_inc) * q_ent)
    assert race.start_gap == pytest.approx(2 * s_inc - 1)
    assert p.loc[0, "share_incumbent"] == pytest.approx(0.649927, abs=1e-6)


def test_weak_diminishing_returns_widen_the_gap():
    race = dataloop.data_race(data_scale=1000, start_share=0.8, horizon=40)
    assert race.widened
    assert np.all(np.diff(race.path["gap"]) > 0)  # widens every period
    assert race.end_gap > 2 * race.start_gap


def test_strong_diminishing_returns_close_the_gap():
    race = dataloop.data_race(data_scale=20, start_share=0.8, horizon=40)
    assert not race.widened
    assert race.end_gap < 0.01 < race.start_gap
    # both stores sit at the ceiling: accuracy no longer differs
    last = race.path.iloc[-1]
    assert last["accuracy_incumbent"] - last["accuracy_entrant"] < 1e-3


def test_intermediate_curvature_widens_first_then_closes():
    race = dataloop.data_race(data_scale=100, start_share=0.8, horizon=40)
    assert race.peak_gap > race.start_gap > race.end_gap
    assert 0 < race.peak_period < 40


def test_equal_start_stays_equal_and_shares_sum_to_one():
    race = dataloop.data_race(data_scale=300, start_share=0.5, horizon=20)
    assert np.allclose(race.path["gap"], 0.0)
    race = dataloop.data_race(data_scale=300, start_share=0.7, horizon=20)
    assert np.allclose(race.path["share_incumbent"] + race.path["share_entrant"], 1.0)


def test_more_data_more_customers_sensitivity_zero_means_no_loop():
    # λ = 0: shoppers ignore the experience; shares stay 50/50 whatever the data.
    race = dataloop.data_race(data_scale=300, start_share=0.9, horizon=10, sensitivity=0.0)
    assert np.allclose(race.path["share_incumbent"], 0.5)


@pytest.mark.parametrize("kwargs,match", [
    (dict(data_scale=0, start_share=0.8, horizon=10), "data_scale"),
    (dict(data_scale=100, start_share=1.0, horizon=10), "start_share"),
    (dict(data_scale=100, start_share=0.8, horizon=0), "horizon"),
    (dict(data_scale=100, start_share=0.8, horizon=10, base_conversion=0.9, conversion_lift=0.5),
     "cannot exceed 1"),
])
def test_inputs_validated(kwargs, match):
    with pytest.raises(ValueError, match=match):
        dataloop.data_race(**kwargs)


def test_accuracy_refuses_negative_data():
    with pytest.raises(ValueError, match="data"):
        dataloop.accuracy(-1, data_scale=100)
    with pytest.raises(ValueError, match="non-negative"):
        dataloop.accuracy(np.array([1.0, -1.0]), data_scale=100)


def test_race_chart_summary_without_a_head_start_says_so():
    from valueloops.charts.dataloop import DataLoopChart
    chart = DataLoopChart()
    text = chart.summary(chart.compute(data_scale=300, start_share=0.5, horizon=40))
    assert "no head start" in text and "closes" not in text
    assert "widened, then closed" in chart.summary(chart.compute(data_scale=100, start_share=0.8, horizon=40))
