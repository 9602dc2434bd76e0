"""Customer lifetime value and device payback (Gupta & Lehmann 2003; razor and blades)."""

import math

import numpy as np
import pytest

from valueloops.devices import (customer_lifetime_value, device_payback, device_value_path,
                                payback_period)


def test_clv_by_hand():
    # m·r/(1 + d − r) = 20·0.8/(1.1 − 0.8) = 16/0.3
    assert customer_lifetime_value(margin=20, retention=0.8, discount=0.1) == pytest.approx(160 / 3)


@pytest.mark.parametrize("retention, discount, multiple", [
    (0.6, 0.16, 0.6 / 0.56),   # the low corner of the paper's margin multiples, about 1.07
    (0.8, 0.12, 2.5),
    (0.9, 0.10, 4.5),          # the high corner: "between about 1 and 4.5"
])
def test_margin_multiple_matches_gupta_lehmann(retention, discount, multiple):
    # Gupta & Lehmann (2003): CLV = m × margin multiple r/(1 + i − r).
    assert customer_lifetime_value(margin=1, retention=retention, discount=discount) == \
        pytest.approx(multiple)


def test_clv_equals_the_discounted_sum():
    m, r, d = 12.0, 0.85, 0.07
    t = np.arange(1, 2000)
    series = np.sum(m * r**t / (1 + d) ** t)
    assert customer_lifetime_value(margin=m, retention=r, discount=d) == pytest.approx(series)


def test_clv_rises_with_retention_and_falls_with_discount():
    base = customer_lifetime_value(margin=10, retention=0.7, discount=0.1)
    assert customer_lifetime_value(margin=10, retention=0.8, discount=0.1) > base
    assert customer_lifetime_value(margin=10, retention=0.7, discount=0.2) < base
    assert customer_lifetime_value(margin=10, retention=0.0, discount=0.1) == 0.0


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(margin=10, retention=1.0, discount=0.1), "retention must be in [0, 1)"),
    (dict(margin=10, retention=-0.1, discount=0.1), "retention"),
    (dict(margin=10, retention=0.5, discount=-0.1), "discount must be in [0, 1]"),
    (dict(margin="10", retention=0.5, discount=0.1), "margin must be a number"),
])
def test_clv_rejects_bad_inputs(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace("(", r"\(")
                       .replace(")", r"\)")):
        customer_lifetime_value(**kwargs)


def test_payback_rule():
    clv = 160 / 3
    p = device_payback(subsidy=40, attach_rate=0.5, margin=20, retention=0.8, discount=0.1)
    assert p.clv == pytest.approx(clv)
    assert p.expected == pytest.approx(0.5 * clv)
    assert p.net == pytest.approx(0.5 * clv - 40)
    assert not p.pays_back
    assert p.breakeven_attach == pytest.approx(0.75)
    assert device_payback(40, 0.8, 20, 0.8, 0.1).pays_back


def test_payback_breakeven_is_infinite_without_value():
    p = device_payback(subsidy=10, attach_rate=1.0, margin=0, retention=0.5, discount=0.1)
    assert math.isinf(p.breakeven_attach) and not p.pays_back


def test_payback_rejects_attach_rate_outside_unit_interval():
    with pytest.raises(ValueError, match="attach_rate"):
        device_payback(subsidy=10, attach_rate=1.5, margin=5, retention=0.5, discount=0.1)


def test_value_path_starts_at_minus_subsidy_and_tends_to_net():
    path = device_value_path(40, 0.9, 20, 0.8, 0.1, periods=400)
    assert path.iloc[0] == -40
    assert path.iloc[1] == pytest.approx(-40 + 0.9 * 20 * 0.8 / 1.1)
    assert path.iloc[-1] == pytest.approx(device_payback(40, 0.9, 20, 0.8, 0.1).net)
    assert payback_period(path) == 6


def test_payback_period_none_when_never_paid_back():
    path = device_value_path(40, 0.5, 20, 0.8, 0.1, periods=50)
    assert payback_period(path) is None
