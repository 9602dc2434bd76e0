"""Every public model function against bad and extreme input (property-based, with hypothesis).

For each public function of the model modules (found by introspection, so a new one must be added
to ``CALLS`` or this test fails), one parameter at a time is replaced by a bad or extreme value:
text (also numeric text), True/False, None, NaN, ±inf, huge (1e300), negative, zero, empty
containers and frames, and numbers drawn by hypothesis. The call must either return a finite,
meaningful result, or raise ``ValueError``/``TypeError`` whose message names the parameter (or,
for an overflow, the float limit). Any other exception, a message that does not name the
parameter, or an infinite/NaN result fails. Deterministic (derandomized) and fast.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from valueloops import capstone, capture, flywheel, peak
from valueloops.data import load
from valueloops.validate import _numbers_in

MODULES = ["flywheel", "platform", "cloud", "capture", "dataloop", "power", "devices", "peak",
           "synergy", "capstone", "scale", "adoption"]

SEGMENTS = load("amazon_segments")


def _lines():
    return load("amazon_revenue_lines")


# A valid call of every public model function: {module.function: kwargs}
CALLS = {
    "flywheel.capped_path": dict(gain=1.3, push=10.0, capacity=1000.0, steps=20, start=1.0),
    "flywheel.fit_logistic": dict(levels=pd.Series([10.0, 15.0, 21.0, 27.0, 32.0, 35.0])),
    "flywheel.fit_constant_growth": dict(levels=pd.Series([10.0, 15.0, 21.0, 27.0, 32.0, 35.0])),
    "flywheel.fit_pushed_loop": dict(levels=pd.Series([10.0, 15.0, 21.0, 27.0, 32.0, 35.0]), gain=0.95),
    "flywheel.growth_fit_error": dict(levels=pd.Series([10.0, 15.0, 21.0, 27.0, 32.0, 35.0]),
                                      fit=flywheel.LogisticFit(rate=0.5, capacity=40.0)),
    "flywheel.growth_rates": dict(levels=pd.Series([10.0, 15.0, 21.0])),
    "flywheel.growth_pairs": dict(levels=pd.Series([10.0, 15.0, 21.0, 27.0], index=[2020, 2021, 2022, 2023])),
    "flywheel.growth_readings": dict(levels=pd.Series([10.0, 15.0, 21.0, 27.0, 32.0, 35.0, 37.0, 38.0],
                                                      index=range(2014, 2022))),
    "flywheel.long_run_level": dict(gain=0.5, push=10.0),
    "flywheel.loop_gain": dict(strengths=[1.2, 0.9]),
    "flywheel.loop_path": dict(gain=0.8, push=10.0, steps=20, start=0.0),
    "flywheel.push_multiplier": dict(gain=0.5),
    "platform.duopoly_platform": dict(t1=1.0, t2=1.0, alpha1=0.5, alpha2=0.3, f1=0.0, f2=0.0),
    "platform.monopoly_platform": dict(a1=10.0, a2=8.0, alpha1=0.5, alpha2=0.3, f1=0.0, f2=0.0),
    "platform.participation_path": dict(a1=10.0, a2=8.0, alpha1=0.5, alpha2=0.3, p1=1.0, p2=1.0,
                                        speed=0.3, steps=30, start=(0.0, 0.0)),
    "platform.participation_target": dict(a1=10.0, a2=8.0, alpha1=0.5, alpha2=0.3, p1=1.0, p2=1.0),
    "platform.transaction_fees": dict(a_buyer=10.0, a_seller=8.0, cost=1.0),
    "cloud.breakeven_utilization": dict(capex=10000.0, life_years=4.0, rate=0.05, opex_per_year=1000.0,
                                        cloud_price_per_hour=1.0),
    "cloud.buildout_table": dict(cash=load("amazon_cash_flow")),
    "cloud.capital_recovery_factor": dict(rate=0.05, life_years=4.0),
    "cloud.cloud_cost_ratio": dict(premium=1.5, peak_to_average=3.0),
    "cloud.correlated_demand": dict(n=3, mean=10.0, sd=2.0, rho=0.2, hours=24, seed=0),
    "cloud.cost_per_used_hour": dict(capex=10000.0, life_years=4.0, rate=0.05, opex_per_year=1000.0,
                                     utilization=0.5),
    "cloud.hybrid_cost": dict(demand=[1.0, 2.0, 5.0], premium=1.5, owned=2.0),
    "cloud.optimal_owned_capacity": dict(demand=[1.0, 2.0, 5.0], premium=1.5),
    "cloud.owned_cost_per_year": dict(capex=10000.0, life_years=4.0, rate=0.05, opex_per_year=1000.0),
    "cloud.peaky_demand": dict(peak_to_average=3.0, levels=50),
    "cloud.pooled_capacity": dict(n=10, mean=100.0, sd=20.0, z=2.0, rho=0.1),
    "cloud.pooled_cv": dict(n=10, cv=0.3, rho=0.1),
    "cloud.startup_scenarios": dict(capex=10000.0, life_years=4.0, rate=0.05, opex_per_year=1000.0,
                                    cloud_price_per_hour=1.0, growth=0.5, paths=20, years=3),
    "cloud.simplification_effects": dict(capex=10000.0, life_years=4.0, rate=0.05, opex_per_year=1000.0,
                                         cloud_price_per_hour=1.0, growth=0.5, paths=20, years=3),
    "capture.ad_load_curve": dict(ad_revenue_full=10.0, commission_no_ads=20.0, decay=2.0, points=11),
    "capture.ad_load_revenue": dict(ad_load=0.3, ad_revenue_full=10.0, commission_no_ads=20.0, decay=2.0),
    "capture.capture_share": dict(lines=_lines(), year=2023),
    "capture.empty_cell_notes": dict(table=capture.revenue_table(_lines())),
    "capture.marketplace": dict(take_rate=0.15, elasticity=2.0, selection_effect=0.5, potential_gmv=100.0),
    "capture.missing_years": dict(lines=_lines()),
    "capture.optimal_ad_load": dict(ad_revenue_full=10.0, commission_no_ads=20.0, decay=2.0),
    "capture.optimal_take_rate": dict(elasticity=2.0, selection_effect=0.5),
    "capture.platform_revenue_curve": dict(elasticity=2.0, selection_effect=0.5, potential_gmv=100.0,
                                           points=11),
    "capture.prime_breakeven_orders": dict(fee=139.0, base_orders=20.0, margin_per_order=5.0,
                                           shipping_cost_per_order=3.0),
    "capture.prime_member_value": dict(fee=139.0, base_orders=20.0, extra_orders=10.0,
                                       margin_per_order=5.0, shipping_cost_per_order=3.0),
    "capture.revenue_growth": dict(lines=_lines()),
    "capture.revenue_table": dict(lines=_lines()),
    "capture.seller_participation": dict(take_rate=0.5, elasticity=2.0),
    "dataloop.accuracy": dict(data=1000.0, data_scale=500.0, ceiling=0.8),
    "dataloop.data_race": dict(data_scale=500.0, start_share=0.6, horizon=10),
    "dataloop.marginal_accuracy": dict(data=1000.0, data_scale=500.0, ceiling=0.8),
    "power.bargain_then_ripoff": dict(cost=1.0, switching_cost=0.5, discount_factor=0.9),
    "power.concentration_by_period": dict(cloud_share=load("cloud_share")),
    "power.hhi": dict(shares=[0.3, 0.2, 0.1]),
    "power.hhi_upper_bound": dict(shares=[0.3, 0.2, 0.1], largest_rest=0.05),
    "power.policy_outcome": dict(margin=0.4, outside_take=0.1, lost_share=0.5, fee_cap=1.0,
                                 multihoming=0.0, parity_ban=False),
    "power.sustainable_take_rate": dict(margin=0.4, outside_take=0.1, lost_share=0.5),
    "devices.customer_lifetime_value": dict(margin=10.0, retention=0.8, discount=0.1),
    "devices.device_payback": dict(subsidy=20.0, attach_rate=0.5, margin=10.0, retention=0.8, discount=0.1),
    "devices.device_value_path": dict(subsidy=20.0, attach_rate=0.5, margin=10.0, retention=0.8,
                                      discount=0.1, periods=12),
    "devices.payback_period": dict(path=pd.Series([-20.0, -10.0, 0.0, 5.0])),
    "peak.buildout_measures": dict(cash=load("amazon_cash_flow")),
    "peak.compose_demand": dict(shape=peak.demand_shape()),
    "peak.daily_max": dict(demand=np.arange(48, dtype=float)),
    "peak.demand_frame": dict(base=1000.0),
    "peak.demand_shape": dict(seed=1, noise_sd=0.05),
    "peak.growth_multiple": dict(series=pd.Series([1.0, 2.0, 3.0], index=[2019, 2020, 2021]),
                                 base_year=2019, end_year=2021),
    "peak.size_capacity": dict(demand=np.arange(1, 49, dtype=float), headroom=1.2, cost_per_server_hour=0.5),
    "peak.synthetic_demand": dict(base=1000.0),
    "synergy.peer_comparison": dict(peers=load("peers"), segments=SEGMENTS),
    "synergy.shared_cost": dict(fixed_cost=100.0, store_use=10.0, external_use=30.0, unit_cost=1.0),
    "synergy.store_cost_curve": dict(fixed_cost=100.0, store_use=10.0, external_uses=[0.0, 10.0, 30.0]),
    "capstone.case_summary": dict(params=capstone.cold_chain_parameters()),
    "capstone.money": dict(thousands=750.3),
    "capstone.worked_example_lines": dict(params=capstone.cold_chain_parameters()),
    "capstone.cold_chain_model": dict(),
    "capstone.cold_chain_parameters": dict(),
    "capstone.loop_polarity": dict(signs=[1, -1, 1]),
    "capstone.parameter_problems": dict(params=capstone.cold_chain_parameters()),
    "capstone.percent_problems": dict(params=capstone.cold_chain_parameters()),
    "capstone.parameter_table": dict(params=capstone.cold_chain_parameters()),
    "capstone.renters_that_fit": dict(spare=1000.0, mean=10.0, sd=3.0, z=2.33, rho=0.0),
    "capstone.run_case": dict(params=capstone.cold_chain_parameters()),
    "scale.average_cost": dict(fixed_cost=100.0, variable_cost=2.0, quantity=50.0),
    "scale.doublings_to_halve": dict(learning_rate=0.85),
    "scale.learning_exponent": dict(learning_rate=0.85),
    "scale.scale_path": dict(years=5),
    "scale.segment_margins": dict(segments=SEGMENTS),
    "scale.wright_unit_cost": dict(units=100.0, first_unit_cost=10.0, learning_rate=0.85),
    "adoption.bass_adopters": dict(t=5.0, p=0.03, q=0.4),
    "adoption.bass_peak_time": dict(p=0.03, q=0.4),
    "adoption.bass_rate": dict(t=5.0, p=0.03, q=0.4),
}

# Results that may be infinite by their documented meaning ("never pays back", "no capacity").
MAY_BE_INFINITE = {"flywheel.fit_logistic", "devices.device_payback", "flywheel.push_multiplier",
                   "scale.doublings_to_halve", "cloud.breakeven_utilization", "flywheel.growth_rates"}

# Tables of the datasets whose gaps (a year a source does not report) stay NaN, never infinite.
MAY_HAVE_GAPS = {"capture.revenue_growth", "capture.revenue_table", "synergy.peer_comparison",
                 "flywheel.growth_readings"}  # the data row has no fitted miss or prediction


def finite(qualified: str, result) -> bool:
    numbers = _numbers_in(result)
    if qualified in MAY_HAVE_GAPS:
        numbers = numbers[~np.isnan(numbers)]
    return qualified in MAY_BE_INFINITE or bool(np.all(np.isfinite(numbers)))


BAD_VALUES = [True, False, "0.5", "abc", None, math.nan, math.inf, -math.inf, 1e300, -1e300, -1.0,
              0.0, 0, -1, [], (), pd.DataFrame(), pd.Series(dtype=float), {"a": 1}, 2.5, 1e-300]


def public_functions() -> list[str]:
    names = []
    for module_name in MODULES:
        module = importlib.import_module(f"valueloops.{module_name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and func.__module__ == module.__name__:
                names.append(f"{module_name}.{name}")
    return names


def resolve(qualified: str):
    module_name, name = qualified.split(".")
    return getattr(importlib.import_module(f"valueloops.{module_name}"), name)


def test_every_public_model_function_has_a_valid_call():
    missing = sorted(set(public_functions()) - set(CALLS))
    assert not missing, f"add a valid call to CALLS for: {missing}"


@pytest.mark.parametrize("qualified", sorted(CALLS))
def test_the_valid_call_gives_a_finite_result(qualified):
    result = resolve(qualified)(**CALLS[qualified])
    assert finite(qualified, result), qualified


def _names_the_problem(message: str, parameter: str) -> bool:
    return parameter in message or "largest number a float" in message


def _call_with(qualified: str, parameter: str, value) -> str | None:
    """None if the call behaved, else what went wrong."""
    try:
        _call(qualified, parameter, value)
    except AssertionError as exc:
        return str(exc).splitlines()[0]
    except pytest.fail.Exception as exc:
        return str(exc).splitlines()[0]
    return None


def _call(qualified: str, parameter: str, value) -> None:
    func = resolve(qualified)
    kwargs = dict(CALLS[qualified])
    kwargs[parameter] = value
    try:
        result = func(**kwargs)
    except (ValueError, TypeError) as exc:
        message = str(exc)
        assert _names_the_problem(message, parameter), (
            f"{qualified}({parameter}={value!r:.60}) raised {type(exc).__name__} without naming "
            f"{parameter!r}: {message}")
        return
    except Exception as exc:  # noqa: BLE001 - any other exception is the defect this test is for
        pytest.fail(f"{qualified}({parameter}={value!r:.60}) raised {type(exc).__name__}: {exc}")
    assert finite(qualified, result), f"{qualified}({parameter}={value!r:.60}) returned a non-finite result"


def _parameters() -> list[tuple[str, str]]:
    pairs = []
    for qualified, kwargs in sorted(CALLS.items()):
        for parameter in kwargs:
            pairs.append((qualified, parameter))
    return pairs


@pytest.mark.parametrize("qualified, parameter", _parameters())
def test_bad_and_extreme_values_get_a_result_or_a_clear_error(qualified, parameter):
    problems = [p for value in BAD_VALUES if (p := _call_with(qualified, parameter, value))]
    assert not problems, "\n".join(problems)


_PAIRS = _parameters()


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(pair=st.sampled_from(_PAIRS),
       value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**12, 10**12),
                       st.floats(min_value=-1e6, max_value=1e6), st.booleans(), st.text(max_size=4),
                       st.none()))
def test_random_values_get_a_result_or_a_clear_error(pair, value):
    qualified, parameter = pair
    if "steps" in parameter or parameter in ("points", "paths", "hours", "levels", "periods", "horizon",
                                             "years", "n"):
        if isinstance(value, int) and not isinstance(value, bool) and value > 10_000:
            value = 10_000  # a big but quick run
    problem = _call_with(qualified, parameter, value)
    assert problem is None, problem


# --- every model fault listed in issue 12, and its message now -----------------------------------
from valueloops import capture, cloud, dataloop, devices, flywheel, platform, power, synergy, validate  # noqa: E402


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: capture.seller_participation("0.5", 2.0), TypeError, "take_rate must be a number"),
    (lambda: dataloop.accuracy("1000", 500), TypeError, "data must be a number"),
    (lambda: dataloop.accuracy("abc", 500), TypeError, "data must be a number"),
    (lambda: power.policy_outcome(0.4, 0.1, 0.5, parity_ban="no"), TypeError, "parity_ban must be True or False"),
    (lambda: power.policy_outcome(0.4, 0.1, 0.5, parity_ban=0.4), TypeError, "parity_ban must be True or False"),
    (lambda: validate.integer("steps", True), TypeError, "steps must be a whole number"),
    (lambda: flywheel.loop_path(1.5, 100, 2000), ValueError, "beyond the largest number a float can hold"),
    (lambda: platform.duopoly_platform(1e300, 1e300, 1e300, 0.1), ValueError, "largest number a float"),
    (lambda: platform.transaction_fees(1e300, 1e300, 1.0), ValueError, "a_buyer=1e+300"),
    (lambda: cloud.capital_recovery_factor(0.05, 1e300), None, None),  # a finite answer: r
    (lambda: power.hhi(None), TypeError, "shares must be a number or a list"),
    (lambda: devices.payback_period([1, 2]), None, None),  # a list is taken as the path
    (lambda: devices.payback_period(None), ValueError, "path is missing"),
    (lambda: peak.compose_demand(None), TypeError, "shape must be a DemandShape"),
    (lambda: synergy.peer_comparison(load("peers").iloc[:0], SEGMENTS), ValueError, "peers is empty"),
    (lambda: power.concentration_by_period(load("cloud_share").iloc[:0]), ValueError, "cloud_share is empty"),
    (lambda: platform.participation_path(10, 8, 0.5, 0.3, 1, 1, start=5), TypeError, "start must be a pair"),
    (lambda: capstone.renters_that_fit(1000, 0, 0, 2.33), ValueError, "mean must be in (0, inf]"),
])
def test_each_fault_of_issue_12_gets_a_clear_message(call, error, fragment):
    if error is None:
        result = call()
        assert np.all(np.isfinite(_numbers_in(result)))
        return
    with pytest.raises(error, match=re.escape(fragment)):
        call()


def test_type_errors_are_also_value_errors_for_callers_that_show_them():
    with pytest.raises(ValueError):
        capture.seller_participation("0.5", 2.0)
    assert cloud.capital_recovery_factor(0.05, 1e300) == pytest.approx(0.05)
    assert cloud.capital_recovery_factor(1e-300, 4) == pytest.approx(0.25)


# --- the last raw errors of issue 23, each a named error now ---------------------------------------
from fractions import Fraction  # noqa: E402

from valueloops import adoption  # noqa: E402
from valueloops.charts.cloud import PoolingChart  # noqa: E402
from valueloops.charts.flywheel import FlywheelChart  # noqa: E402
from valueloops.widgets import Slider  # noqa: E402


def _revenue_lines():
    return load("amazon_revenue_lines")


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: adoption.bass_rate(t=10**400, p=0.03, q=0.38), ValueError, "t is too large for a float"),
    (lambda: flywheel.growth_rates(np.ones((3, 3))), ValueError, "levels must be one-dimensional"),
    (lambda: flywheel.fit_logistic(np.ones((3, 3))), ValueError, "levels must be one-dimensional"),
    (lambda: devices.payback_period(np.ones((3, 3))), ValueError, "path must be one-dimensional"),
    (lambda: synergy.peer_comparison(load("peers").drop(columns=["value_musd"]), SEGMENTS), ValueError,
     "peers is missing the column(s) value_musd"),
    (lambda: power.concentration_by_period(load("cloud_share").drop(columns=["share"])), ValueError,
     "cloud_share is missing the column(s) share"),
    (lambda: cloud.capital_recovery_factor(rate=0.08, life_years=2e-313), ValueError, "life_years is too small"),
    (lambda: capture.revenue_table(pd.concat([_revenue_lines(), _revenue_lines().iloc[:1]])), ValueError,
     "repeat the same year, line"),
    (lambda: capture.revenue_table(_revenue_lines().astype(str)), ValueError, "must hold numbers, but hold text"),
    (lambda: PoolingChart().compute(n=4, rho=0.1, cv=-0.5), ValueError, "cv must be"),
    (lambda: FlywheelChart().compute(link1=float("nan"), link2=1.0, link3=1.0, capacity=900.0), ValueError,
     "link1 must be"),
    (lambda: Slider("gain", "Gain", 0.0, 2.0, 0.1, 1.0).make(float("nan")), ValueError, "gain must be a finite"),
    (lambda: cloud.capital_recovery_factor(rate=Fraction(1, 12), life_years=Fraction(4)), None, None),
    (lambda: validate.guard_overflow()(lambda x: x * 1e308)(Fraction(10)), ValueError, "x=10"),
    (lambda: validate.guard_overflow()(lambda x: x * 1e308)(10**400), ValueError, "x=<an integer of 401 digits>"),
])
def test_each_raw_error_of_issue_23_is_a_named_error(call, error, fragment):
    if error is None:
        result = call()
        assert np.all(np.isfinite(_numbers_in(result)))
        return
    with pytest.raises(error, match=re.escape(fragment)):
        call()


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(pair=st.sampled_from(_PAIRS),
       value=st.one_of(st.integers(min_value=10**309, max_value=10**400), st.fractions(-10**6, 10**6),
                       st.just(np.ones((2, 2))), st.just([[1.0, 2.0], [3.0, 4.0]])))
def test_huge_integers_fractions_and_2d_arrays_get_a_result_or_a_clear_error(pair, value):
    qualified, parameter = pair
    problem = _call_with(qualified, parameter, value)
    assert problem is None, problem
