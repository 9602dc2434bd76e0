"""Lessons 06-11's exercises (issue 14): derive checks refuse the package's own model, the known
neighbouring mistakes named in the issue get their own hints, and the capstone refuses the worked
example. The course-wide design rules are in tests/test_exercise_design.py."""

from __future__ import annotations

import dataclasses

import pytest

from valueloops import capstone, cloud, devices, power, scale
from valueloops.checks import CORRECT, WRONG, evaluate


# --- derive: a function that only calls the package's model is refused, and says why -------------
def _pool_cv(n, cv, rho):
    return cloud.pooled_cv(n=n, cv=cv, rho=rho)


def _crf(rate, life_years):
    return cloud.capital_recovery_factor(rate, life_years)


def _unit_cost(units, first_unit_cost, learning_rate):
    return scale.wright_unit_cost(units, first_unit_cost, learning_rate)


def _clv(margin, retention, discount):
    return devices.customer_lifetime_value(margin=margin, retention=retention, discount=discount)


def _hhi(shares):
    return power.hhi(shares)


def _polarity(signs):
    return capstone.loop_polarity(signs)


_MODULES = {"06.2": cloud, "07.2": cloud, "08.2": scale, "09.2": devices, "10.2": power,
            "11.2": capstone}


@pytest.mark.parametrize("exercise, wrapper, model", [
    ("06.2", _pool_cv, "pooled_cv"), ("07.2", _crf, "capital_recovery_factor"),
    ("08.2", _unit_cost, "wright_unit_cost"), ("09.2", _clv, "customer_lifetime_value"),
    ("10.2", _hhi, "hhi"), ("11.2", _polarity, "loop_polarity"),
])
def test_derive_checks_refuse_the_packages_own_model(exercise, wrapper, model):
    feedback = evaluate(exercise, wrapper)
    assert feedback.status == WRONG and "the package's own" in feedback.message, feedback
    assert evaluate(exercise, getattr(_MODULES[exercise], model)).status == WRONG


# --- the neighbouring mistakes the issue names ----------------------------------------------------
@pytest.mark.parametrize("exercise, answer, fragment", [
    ("06.3", 2614.0, "n where n − 1 belongs"),        # σ√(n(1 + nρ)) instead of n − 1
    ("06.4", 45.0, "one more owned server still pays"),
    ("06.4", 55.0, "busy too rarely to own"),
    ("07.4", 129.0, "a count of paths"),             # a count instead of a share of 200
    ("08.3", 3.2, "looks like cents"),
    ("08.5", 6.0, "a whole year"),                   # asks for t*, one decimal
    ("08.5", 7.0, "the next whole year"),
    ("09.5", "d", "average cost per unit of use"),   # agrees with the lecture's cell on allocation
])
def test_named_neighbouring_mistakes_get_their_own_hint(exercise, answer, fragment):
    feedback = evaluate(exercise, answer)
    assert feedback.status == WRONG and fragment in feedback.message, feedback
    assert "rounding" not in feedback.message


@pytest.mark.parametrize("exercise, answers", [
    ("06.3", (2626, 2625.95)), ("08.5", (6.2, 6.19)), ("10.4", (13.33, 13.333)),
    ("09.3", (0.85, 0.846)), ("07.3", (0.64, 0.642)), ("06.1", (0.109, 0.10889)),
])
def test_every_answer_right_at_the_stated_precision_passes(exercise, answers):
    for answer in answers:
        assert evaluate(exercise, answer).status == CORRECT, (exercise, answer)


# --- the capstone refuses the worked example -----------------------------------------------------
def test_capstone_refuses_the_worked_example_and_small_edits_of_it():
    model, params = capstone.cold_chain_model(), capstone.cold_chain_parameters()
    renamed = dataclasses.replace(model, firm="Acme", asset="its trucks")
    for exercise, answer in (("11.1", model), ("11.1", renamed), ("11.3", params),
                             ("11.3", dataclasses.replace(params, push=2.0, months=24))):
        feedback = evaluate(exercise, answer)
        assert feedback.status == WRONG and "worked example" in feedback.message, feedback
