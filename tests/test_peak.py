"""Tests of valueloops.peak: the synthetic year and what sizing for its peak costs."""

import math

import numpy as np
import pandas as pd
import pytest

from valueloops import peak


def test_series_shape_and_index():
    d = peak.synthetic_demand()
    assert len(d) == 8760 and d.name == "demand_servers"
    assert d.index[0] == pd.Timestamp("2025-01-01 00:00") and d.index[-1] == pd.Timestamp("2025-12-31 23:00")
    assert (d > 0).all()


def test_seed_makes_it_reproducible_and_matters():
    a = peak.synthetic_demand(seed=1)
    assert a.equals(peak.synthetic_demand(seed=1))
    assert not a.equals(peak.synthetic_demand(seed=2))


def test_smooth_series_by_hand():
    # Without noise the first hour (1 Jan 2025 00:00, a Wednesday) is computed from the equation.
    d = peak.synthetic_demand(noise_sd=0.0, base=1000, daily_swing=0.4, weekly_swing=0.1,
                              holiday_spike=0.0, prime_spike=0.0)
    daily = math.cos(2 * math.pi * (0 - 20) / 24)      # hour 0, peak at 20:00
    weekly = math.cos(2 * math.pi * (2 - 0) / 7)        # Wednesday = 2, Monday = 0
    assert d.iloc[0] == pytest.approx(1000 * (1 + 0.4 * daily) * (1 + 0.1 * weekly))
    # The busiest hour of a season-free year is 20:00 on a Monday, at base·1.4·1.1.
    assert d.max() == pytest.approx(1000 * 1.4 * 1.1)
    assert d.idxmax().hour == 20 and d.idxmax().weekday() == 0


def test_holiday_peak_is_cyber_monday():
    d = peak.synthetic_demand(noise_sd=0.0)
    top = d.idxmax()
    assert (top.month, top.day) == (12, 1)
    # The spike adds holiday_spike × the non-holiday level at the centre (bell height ~1).
    flat = peak.synthetic_demand(noise_sd=0.0, holiday_spike=0.0)
    ratio = d.loc["2025-12-01 20:00"] / flat.loc["2025-12-01 20:00"]
    assert ratio == pytest.approx(2.5, rel=0.01)


def test_noise_has_mean_about_one():
    shape = peak.demand_shape(seed=7, noise_sd=0.1)
    assert shape.noise.mean() == pytest.approx(1.0, abs=0.01)


def test_compose_matches_series():
    shape = peak.demand_shape()
    assert np.allclose(peak.compose_demand(shape, holiday_spike=2.0),
                       peak.synthetic_demand(holiday_spike=2.0).to_numpy())


def test_demand_frame_columns():
    f = peak.demand_frame()
    assert list(f.columns) == ["hour", "month", "weekday", "hour_of_day", "demand_servers"]
    assert f["month"].iloc[-1] == 12 and f["weekday"].iloc[0] == 2


def test_sizing_by_hand():
    # Demand 1, 2, 3, 4 servers; headroom 1: capacity 4, served 10 of 16 installed server-hours.
    s = peak.size_capacity([1, 2, 3, 4], headroom=1.0, cost_per_server_hour=2.0)
    assert s.peak == 4 and s.capacity == 4
    assert s.utilization == pytest.approx(10 / 16)
    assert s.idle_server_hours == pytest.approx(6) and s.idle_cost == pytest.approx(12)
    assert s.unserved_server_hours == 0 and s.hours_short == 0


def test_sizing_below_peak_loses_demand():
    # Capacity 0.5 × 4 = 2: served 1+2+2+2 = 7, unserved 1+2 = 3 of 10, idle 8 − 7 = 1.
    s = peak.size_capacity([1, 2, 3, 4], headroom=0.5)
    assert s.capacity == 2
    assert s.unserved_server_hours == pytest.approx(3) and s.unserved_share == pytest.approx(0.3)
    assert s.idle_server_hours == pytest.approx(1) and s.hours_short == 2
    assert s.utilization == pytest.approx(7 / 8)


def test_more_headroom_lowers_utilization_and_raises_idle_cost():
    d = peak.synthetic_demand()
    runs = [peak.size_capacity(d, k) for k in (0.8, 1.0, 1.2, 1.5)]
    utils = [r.utilization for r in runs]
    costs = [r.idle_cost for r in runs]
    assert utils == sorted(utils, reverse=True) and costs == sorted(costs)
    # At or above peak nothing is lost; utilization = mean / capacity.
    assert runs[2].unserved_share == 0
    assert runs[2].utilization == pytest.approx(d.mean() / (1.2 * d.max()))


def test_bigger_spike_means_lower_utilization():
    low = peak.size_capacity(peak.synthetic_demand(holiday_spike=0.5), 1.2).utilization
    high = peak.size_capacity(peak.synthetic_demand(holiday_spike=3.0), 1.2).utilization
    assert high < low


def test_daily_max():
    assert list(peak.daily_max(np.arange(48))) == [23, 47]
    with pytest.raises(ValueError, match="multiple of 24"):
        peak.daily_max(np.arange(30))


@pytest.mark.parametrize("kwargs, match", [
    (dict(headroom=0), r"headroom must be in \(0, 5\]"),
    (dict(headroom=-1), "headroom"),
    (dict(cost_per_server_hour=-0.1), "cost_per_server_hour"),
])
def test_sizing_rejects_bad_inputs(kwargs, match):
    with pytest.raises(ValueError, match=match):
        peak.size_capacity([1, 2, 3], **kwargs)


def test_sizing_rejects_bad_demand():
    with pytest.raises(ValueError, match="non-negative"):
        peak.size_capacity([1, -2, 3])
    with pytest.raises(ValueError, match="no peak"):
        peak.size_capacity([0, 0])
    with pytest.raises(ValueError, match="non-empty"):
        peak.size_capacity([])


@pytest.mark.parametrize("kwargs", [dict(daily_swing=1.0), dict(daily_swing=-0.1),
                                    dict(holiday_spike=-1), dict(base=0), dict(noise_sd=0.9),
                                    dict(seed=-1)])
def test_generator_rejects_bad_parameters(kwargs):
    with pytest.raises(ValueError):
        peak.synthetic_demand(**kwargs)
