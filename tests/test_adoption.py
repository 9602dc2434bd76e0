"""Tests of valueloops.adoption: the Bass (1969) diffusion curve and its peak."""

import math

import numpy as np
import pytest

from valueloops.adoption import bass_adopters, bass_peak_time, bass_rate


def test_starts_at_zero_and_tends_to_one():
    assert bass_adopters(0, p=0.03, q=0.38) == 0
    assert bass_adopters(200, p=0.03, q=0.38) == pytest.approx(1.0)


def test_value_by_hand():
    # p = 0.03, q = 0.38, t = 5: e = exp(-0.41·5); F = (1 − e)/(1 + (0.38/0.03)·e)
    e = math.exp(-0.41 * 5)
    assert bass_adopters(5, p=0.03, q=0.38) == pytest.approx((1 - e) / (1 + 0.38 / 0.03 * e))
    assert bass_adopters(5, p=0.03, q=0.38) == pytest.approx(0.33120, abs=1e-4)


def test_no_imitation_is_exponential():
    t = np.array([1.0, 2.0, 10.0])
    assert np.allclose(bass_adopters(t, p=0.1, q=0.0), 1 - np.exp(-0.1 * t))


def test_array_in_array_out_and_monotone():
    t = np.linspace(0, 30, 61)
    f = bass_adopters(t, p=0.03, q=0.38)
    assert isinstance(f, np.ndarray) and f.shape == t.shape
    assert np.all(np.diff(f) > 0)
    assert isinstance(bass_adopters(2.0, p=0.03, q=0.38), float)


def test_peak_time_formula_and_rate_is_highest_there():
    # Bass's typical values p = 0.03, q = 0.38: t* = ln(0.38/0.03)/0.41 ≈ 6.193 periods.
    t_star = bass_peak_time(p=0.03, q=0.38)
    assert t_star == pytest.approx(math.log(0.38 / 0.03) / 0.41)
    assert t_star == pytest.approx(6.1926, abs=1e-4)
    grid = np.linspace(0, 20, 20001)
    assert grid[np.argmax(bass_rate(grid, p=0.03, q=0.38))] == pytest.approx(t_star, abs=1e-3)
    # At the peak half of (1 − p/q) of the market has adopted: F(t*) = (q − p)/(2q).
    assert bass_adopters(t_star, p=0.03, q=0.38) == pytest.approx((0.38 - 0.03) / (2 * 0.38))


def test_rate_is_derivative():
    t, h = 4.0, 1e-6
    numeric = (bass_adopters(t + h, 0.03, 0.38) - bass_adopters(t - h, 0.03, 0.38)) / (2 * h)
    assert bass_rate(t, 0.03, 0.38) == pytest.approx(numeric, rel=1e-6)


def test_more_word_of_mouth_spreads_faster():
    assert bass_adopters(5, p=0.03, q=0.6) > bass_adopters(5, p=0.03, q=0.2)


@pytest.mark.parametrize("p, q", [(0.1, 0.1), (0.2, 0.05), (0.05, 0.0)])
def test_no_interior_peak_when_q_not_above_p(p, q):
    with pytest.raises(ValueError, match="only when q > p"):
        bass_peak_time(p=p, q=q)


@pytest.mark.parametrize("t, p, q", [(1, 0, 0.3), (1, -0.1, 0.3), (1, 0.03, -0.1), (-1, 0.03, 0.3),
                                     (np.array([1.0, -2.0]), 0.03, 0.3), (float("nan"), 0.03, 0.3)])
def test_rejects_bad_inputs(t, p, q):
    with pytest.raises(ValueError):
        bass_adopters(t, p=p, q=q)
