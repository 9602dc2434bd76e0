"""The feedback of the check machinery itself, on small specs made here."""

import functools
import re

import numpy as np
import pandas as pd
import pytest

from valueloops import capture
from valueloops.capture import optimal_take_rate
from valueloops.checks import (CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, CheckFailed, Choice,
                               Function, Hint, Number, all_specs, check)
from valueloops.checks.core import package_calls


NUMBER = Number(expected=0.25, unit="share of sales", share=True,
                hints=(Hint(0.75, "the share the platform keeps is the other part"),))


@pytest.mark.parametrize("answer, status, fragment", [
    (..., NOT_ANSWERED, "replace ..."),
    (None, WRONG_TYPE, "None is what a function without return"),
    ("0.25", WRONG_TYPE, "Remove the quotes and give the number itself"),
    ("a quarter", WRONG_TYPE, "not text"),
    (True, WRONG_TYPE, "True/False"),
    (pd.Series([0.25]), WRONG_TYPE, ".item()"),
    ([0.25, 0.5], WRONG_TYPE, "list"),
    (25, WRONG, "percent"),
    (-0.25, WRONG, "wrong sign"),
    (0.75, WRONG, "keeps is the other part"),
    (0.26, WRONG, "not one of the usual rounding slips"),
    (7.0, WRONG, "is not it"),
    (float("nan"), WRONG, "finite"),
    (0.25, CORRECT, "Verified"),
    (np.float64(0.2501), CORRECT, "Verified"),
])
def test_number_feedback(answer, status, fragment):
    feedback = NUMBER.evaluate("99.1", answer)
    assert feedback.status == status
    assert fragment in feedback.message


def test_choice_feedback():
    spec = Choice(correct="b", options={"a": "x", "b": "y"}, hints={"a": "not x because"})
    assert spec.evaluate("1", "b").status == CORRECT
    assert spec.evaluate("1", " B ").status == CORRECT
    assert spec.evaluate("1", "a").message == "not x because"
    assert spec.evaluate("1", 1).status == WRONG_TYPE
    assert spec.evaluate("1", "q").status == WRONG_TYPE
    assert spec.evaluate("1", ...).status == NOT_ANSWERED


def test_function_feedback():
    def reference(x):
        return 2 * x

    def doubled_wrong(x):
        return x

    spec = Function(reference=reference, cases=({"x": 1}, {"x": 3}), unit="units",
                    mistakes=((doubled_wrong, "you forgot to double"),))

    def stub(x):
        raise NotImplementedError

    def crashes(x):
        return 1 / 0

    def no_return(x):
        2 * x

    assert spec.evaluate("1", reference).status == CORRECT
    assert spec.evaluate("1", stub).status == NOT_ANSWERED
    assert spec.evaluate("1", doubled_wrong).message == "you forgot to double"
    assert "ZeroDivisionError" in spec.evaluate("1", crashes).message
    assert "forget return" in spec.evaluate("1", no_return).message
    two = spec.evaluate("1", lambda x: (2 * x, x))  # a tuple is not a missing return
    assert two.status == WRONG_TYPE and "tuple" in two.message and "forget return" not in two.message
    # r26e 08 #6: called positionally, as a question's example is: a renamed parameter is no fault,
    # a wrong count of parameters is
    assert spec.evaluate("1", lambda y: 2 * y).status == CORRECT
    assert spec.evaluate("1", lambda x, y: 2 * x).status == WRONG_TYPE
    assert spec.evaluate("1", 3).status == WRONG_TYPE


def test_check_prints_on_success_and_raises_one_line_on_failure(capsys):
    check("00.1", 250)
    assert "correct" in capsys.readouterr().out
    with pytest.raises(CheckFailed) as info:
        check("00.1", ...)
    rendered = info.value._render_traceback_()
    assert len(rendered) == 1 and "not answered" in rendered[0]


def test_unknown_exercise_names_the_known_ones():
    with pytest.raises(ValueError, match="00.1"):
        check("00.9", 1)


# --- precision: what the question states, nothing coarser, nothing finer ---------------------------
TWO_DECIMALS = Number(expected=0.4567, unit="share", share=True, decimals=2)


@pytest.mark.parametrize("answer", [0.4567, 0.46, 0.457, 0.455, 0.4617, 0.4649, 45.67 / 100])
def test_decimals_accept_every_answer_right_at_that_precision(answer):
    """Right to two decimals: every answer that rounds (half up) to 0.46, as 0.4567 does."""
    assert TWO_DECIMALS.evaluate("1", answer).status == CORRECT


@pytest.mark.parametrize("answer", [0.4549, 0.465, 0.4499])
def test_decimals_refuse_answers_that_round_to_another_number(answer):
    """Half a unit either side of the exact value is not the rule: 0.4549 is 0.0018 from 0.4567 but
    rounds to 0.45, so it is wrong; 0.465 rounds (half up) to 0.47."""
    assert TWO_DECIMALS.evaluate("1", answer).status == WRONG


def test_a_tie_rounds_half_up_even_when_floating_point_stores_it_low():
    """21.85 asked to one decimal: 21.9 is right, 21.8 (rounded half down, or cut off) is a named
    slip, whether the exact value is stored a hair above or below the tie."""
    for exact in (21.85, 21.849999999999998, 43.7 / 2):
        spec = Number(expected=exact, unit="US$", decimals=1)
        assert spec.evaluate("1", 21.9).status == CORRECT
        assert spec.evaluate("1", 21.85).status == CORRECT
        wrong = spec.evaluate("1", 21.8)
        assert wrong.status == WRONG and "cut off (truncated)" in wrong.message, wrong.message


@pytest.mark.parametrize("answer, fragment", [
    (0.5, "rounded to one decimal"),        # a coarser rounding is a rounding slip
    (0.45, "cut off (truncated) at two decimals instead of rounded"),  # truncation, not rounding
    (0.4, "cut off (truncated) at one decimal; the question asks for it to two decimals"),
    (0.47, "not one of the usual rounding slips"),    # near, but no rounding gives it: no "check rounding"
    (45.67, "percent"),
    (4.0, "is not it"),
])
def test_decimals_reject_coarser_answers_and_name_the_slip(answer, fragment):
    feedback = TWO_DECIMALS.evaluate("1", answer)
    assert feedback.status == WRONG and fragment in feedback.message, feedback.message
    assert "two decimals" in feedback.message or fragment in ("percent", "is not it", "not one of the usual rounding slips")


def test_an_explicit_tolerance_is_used_alone():
    spec = Number(expected=2640.0, unit="servers", abs_tol=1.0)
    assert spec.evaluate("1", 2641).status == CORRECT
    assert spec.evaluate("1", 2642).status == WRONG  # was ±26 when max()-ed with rel_tol=0.01
    relative = Number(expected=2640.0, unit="servers", rel_tol=0.001)
    assert relative.evaluate("1", 2642).status == CORRECT
    assert relative.evaluate("1", 2643).status == WRONG


def test_significant_figures():
    spec = Number(expected=123_456.0, unit="US$", sig=3)
    assert spec.precision_words == "three significant figures"
    assert spec.evaluate("1", 123_000).status == CORRECT
    assert spec.evaluate("1", 124_000).status == WRONG
    assert "rounded to the nearest hundred thousand" in spec.evaluate("1", 100_000).message


def test_a_count_accepts_its_one_whole_number_and_gets_its_own_message():
    spec = Number(expected=41 / 4, unit="extra orders", count=True)
    for answer in (10, 10.25, np.int64(10)):
        assert spec.evaluate("1", answer).status == CORRECT, answer
    up = spec.evaluate("1", 11)   # 10.25 rounded the wrong way: a named slip, not accepted
    assert up.status == WRONG and "rounded up instead of rounded to the nearest" in up.message
    wrong = spec.evaluate("1", 12)
    assert wrong.status == WRONG and "is not the number (extra orders): re-read what is asked" in wrong.message and "rounding" not in wrong.message
    assert spec.precision_words == "whole"


# One rule for the whole course (COURSE.md section 7): a truncated answer is a named slip everywhere.
@pytest.mark.parametrize("spec, truncated, fragment", [
    (Number(expected=2625.95, unit="servers", count=True), 2625, "cut off (truncated) instead of rounded"),
    (Number(expected=0.4567, unit="share", decimals=2), 0.45, "cut off (truncated) at two decimals"),
    (Number(expected=123_756.0, unit="US$", sig=3), 123_000, "cut off (truncated)"),
    (Number(expected=8.71, unit="extra orders", count=True, rounding="up"), 8, "do not yet reach"),
])
def test_a_truncated_answer_is_a_named_slip_at_every_kind_of_precision(spec, truncated, fragment):
    feedback = spec.evaluate("1", truncated)
    assert feedback.status == WRONG and fragment in feedback.message, feedback.message
    assert any(a == truncated and "close:" in f for a, f in spec.wrong_answers())


def test_a_count_rounds_to_the_nearest_unless_a_threshold_says_up_or_down():
    nearest = Number(expected=2625.95, unit="servers", count=True)
    assert nearest.evaluate("1", 2626).status == CORRECT
    assert "2627 is not the number (servers)" in nearest.evaluate("1", 2627).message
    up = Number(expected=8.29, unit="extra orders", count=True, rounding="up")
    assert up.evaluate("1", 9).status == CORRECT and up.evaluate("1", 8).status == WRONG
    down = Number(expected=6.8, unit="renters", count=True, rounding="down")
    assert down.evaluate("1", 6).status == CORRECT
    assert "no longer fit" in down.evaluate("1", 7).message
    with pytest.raises(ValueError, match="threshold count"):
        Number(expected=1.5, unit="u", decimals=1, rounding="up")
    with pytest.raises(ValueError, match="rounding must be one of"):
        Number(expected=1.5, unit="u", count=True, rounding="ceil")


def test_r24b_a_non_whole_year_and_a_year_miss_message():
    """r24b 02.9: 2002.4 got "check the condition (more than, or at least?)"; a year that is not
    whole is now told so, and a spec may say what a whole year no hint names should read."""
    spec = Number(expected=2015, unit="calendar year", year=True)
    wrong = spec.evaluate("1", 2015.4)
    assert wrong.status == WRONG and "is not a whole year" in wrong.message
    default = spec.evaluate("1", 2030).message          # the default (r24a: no condition is named)
    assert "give a four-digit year of the table" in default and "more than, or at least" not in default
    told = Number(expected=2015, unit="calendar year", year=True, year_miss="look at the chart.")
    message = told.evaluate("1", 2030).message
    assert "look at the chart." in message and "more than, or at least" not in message


def test_r24b_a_0d_array_is_one_number():
    spec = Number(expected=2.8, unit="points", decimals=1)
    assert spec.evaluate("1", np.array(2.8)).status == CORRECT
    assert spec.evaluate("1", np.array(3)).status == WRONG
    assert spec.evaluate("1", np.array("2.8")).status == WRONG_TYPE
    assert spec.evaluate("1", np.array([2.8])).status == WRONG_TYPE


def test_a_year_is_exact_and_gets_its_own_message():
    spec = Number(expected=2015, unit="calendar year", year=True)
    assert spec.evaluate("1", 2015).status == CORRECT
    wrong = spec.evaluate("1", 2016)
    assert wrong.status == WRONG and "not the year" in wrong.message and "rounding" not in wrong.message
    assert spec.evaluate("1", 2015.4).status == WRONG


def test_a_percent_asked_as_a_percent_hints_when_given_as_a_share():
    spec = Number(expected=32.5, unit="percent of net sales", percent=True, decimals=0)
    assert spec.evaluate("1", 33).status == CORRECT
    assert "looks like a share" in spec.evaluate("1", 0.325).message


@pytest.mark.parametrize("kwargs, words", [
    (dict(decimals=0), "nearest whole"), (dict(decimals=1), "one decimal"),
    (dict(decimals=3), "three decimals"), (dict(decimals=-1), "nearest ten"),
    (dict(count=True), "whole"), (dict(year=True), "year"),
    (dict(abs_tol=0.5, precision="within half a quarter"), "within half a quarter"),
])
def test_precision_in_words(kwargs, words):
    assert Number(expected=12.0, unit="u", **kwargs).precision_words == words


def test_a_number_declares_one_precision():
    with pytest.raises(ValueError, match="one precision"):
        Number(expected=1.0, unit="u", decimals=2, abs_tol=0.1)


# --- derive exercises: the package's own model is refused, with the reason ------------------------
def _take_rate_spec():
    return Function(reference=lambda elasticity: 1 / (1 + elasticity),
                    cases=({"elasticity": 1.0}, {"elasticity": 3.0}), unit="share",
                    model=lambda elasticity: optimal_take_rate(elasticity, 0.0))


def mine(elasticity):
    return 1 / (1 + elasticity)


def wraps_model(elasticity):
    return optimal_take_rate(elasticity, 0.0)


def wraps_module(elasticity):
    return capture.optimal_take_rate(elasticity=elasticity, selection_effect=0.0)


def _helper(elasticity):
    return optimal_take_rate(elasticity, 0.0)


def through_a_helper(elasticity):
    return _helper(elasticity)


@pytest.mark.parametrize("answer", [wraps_model, wraps_module, through_a_helper,
                                    lambda elasticity: optimal_take_rate(elasticity, 0.0)])
def test_a_function_that_only_calls_the_package_model_is_refused(answer):
    feedback = _take_rate_spec().evaluate("1", answer)
    assert feedback.status == WRONG and "the package's own" in feedback.message
    assert "optimal_take_rate" in feedback.message or "capture" in feedback.message


def test_a_function_written_with_math_passes_and_the_package_itself_is_refused():
    assert _take_rate_spec().evaluate("1", mine).status == CORRECT
    assert package_calls(mine) == []
    assert package_calls(optimal_take_rate) == ["optimal_take_rate"]
    import math as m

    def uses_math(elasticity):
        return m.exp(0) / (1 + elasticity)

    assert _take_rate_spec().evaluate("1", uses_math).status == CORRECT


# --- Run All runs all: raise only under the grader, make test and pytest ---------------------------
def test_a_failed_check_raises_when_strict(monkeypatch):
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.setenv("VALUELOOPS_STRICT", "1")
    with pytest.raises(CheckFailed):
        check("00.1", ...)


def test_a_failed_check_shows_one_red_line_and_returns_in_a_students_session(monkeypatch, capsys):
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.delenv("VALUELOOPS_STRICT", raising=False)
    assert check("00.1", ...) is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "\x1b[1;31m" in out and "not answered" in out


def test_a_model_reached_through_its_module_is_named_by_its_function_not_the_module():
    assert package_calls(wraps_module) == ["optimal_take_rate"]
    feedback = _take_rate_spec().evaluate("1", wraps_module)
    assert feedback.status == WRONG and "the package's own optimal_take_rate" in feedback.message
    assert "valueloops.capture" not in feedback.message

    def takes_the_module_itself(elasticity):  # no attribute seen: the module is named
        return capture

    assert package_calls(takes_the_module_itself) == ["valueloops.capture"]


def test_an_attribute_named_like_a_model_function_is_not_a_call_of_the_model():
    from types import SimpleNamespace

    def reads_an_attribute(elasticity):
        result = SimpleNamespace(optimal_take_rate=1 / (1 + elasticity))
        return result.optimal_take_rate

    assert package_calls(reads_an_attribute) == []
    assert _take_rate_spec().evaluate("1", reads_an_attribute).status == CORRECT


# --- the derive refusal and the generated "calls the model" case agree (however it is reached) ----
class _CallsTheModel:
    def __call__(self, elasticity):
        return optimal_take_rate(elasticity, 0.0)


def _level_3(elasticity):
    return optimal_take_rate(elasticity, 0.0)


def _level_2(elasticity):
    return _level_3(elasticity)


def _level_1(elasticity):
    return _level_2(elasticity)


def _level_0(elasticity):
    return _level_1(elasticity)


_REACHED = {
    "a partial": functools.partial(optimal_take_rate, selection_effect=0.0),
    "a default argument": lambda elasticity, _f=optimal_take_rate: _f(elasticity, 0.0),
    "a keyword-only default": lambda elasticity, *, _f=optimal_take_rate: _f(elasticity, 0.0),
    "a callable object": _CallsTheModel(),
    "a dict": (lambda table: lambda elasticity: table["f"](elasticity, 0.0))({"f": optimal_take_rate}),
    "helpers of helpers": _level_0,
}


@pytest.mark.parametrize("how", sorted(_REACHED))
def test_the_generated_model_case_is_refused_however_the_model_is_reached(how):
    spec = Function(reference=lambda elasticity: 1 / (1 + elasticity),
                    cases=({"elasticity": 1.0}, {"elasticity": 3.0}), unit="share",
                    mistakes=((lambda elasticity: 1.0, "one"),), model=_REACHED[how])
    generated = [answer for answer, fragment in spec.wrong_answers() if fragment == "the package's own"]
    assert len(generated) == 1
    feedback = spec.evaluate("1", generated[0])
    assert feedback.status == WRONG and "the package's own optimal_take_rate" in feedback.message, (
        how, feedback.message)
    # and a student who reaches it the same way is refused the same way
    assert "the package's own" in _take_rate_spec().evaluate("1", _REACHED[how]).message


def test_a_function_using_the_allowed_helpers_is_not_refused():
    from valueloops.data import value

    def reads_the_data(elasticity):
        sales = value("amazon_segments", "net_sales_musd", segment="AWS", year=2020)
        return sales / sales / (1 + elasticity)

    assert _take_rate_spec().evaluate("1", reads_the_data).status == CORRECT


# --- a known mistake is recognised at the question's precision and at any finer one ---------------
SHARE_2 = Number(expected=0.2853, unit="share", share=True, decimals=2,
                 hints=(Hint(0.1234, "a named slip"),))


@pytest.mark.parametrize("answer, fragment", [
    (28.53, "percent"), (28.5, "percent"), (29, "percent"), (28.534, "percent"), (28.5301, "percent"),
    (-0.285, "wrong sign"), (-0.2853, "wrong sign"), (-0.29, "wrong sign"),
    (0.12, "a named slip"), (0.123, "a named slip"), (0.1234, "a named slip"),
])
def test_a_share_slip_is_recognised_at_any_precision_at_least_the_questions(answer, fragment):
    feedback = SHARE_2.evaluate("1", answer)
    assert feedback.status == WRONG and fragment in feedback.message, (answer, feedback.message)


@pytest.mark.parametrize("answer", [0.3253, 0.325, 0.33])
def test_a_percent_given_as_a_share_at_any_precision_at_least_the_questions(answer):
    spec = Number(expected=32.53, unit="percent", percent=True, decimals=0)
    assert "looks like a share" in spec.evaluate("1", answer).message


def test_a_count_hint_takes_the_whole_numbers_on_both_sides():
    spec = Number(expected=2625.95, unit="servers", count=True,
                  hints=(Hint(2614.3, "n where n − 1 belongs"),))
    for answer in (2614, 2615, 2614.3):
        assert "n where n − 1 belongs" in spec.evaluate("1", answer).message, answer
    assert "is never negative. Check which quantity is subtracted" in spec.evaluate("1", -2625).message


# --- every generated sentence reads naturally, for every kind of precision ------------------------
BAD_WORDING = re.compile(
    r"\b(\w+)\s+\1\b"                                  # a doubled word: "to to", "the the"
    r"|\bto (?:to|as|within|exactly|an exact)\b"       # "to to the cent", "to within"
    r"|\b(?:to|for|at|right) nearest\b"                # "to nearest whole": "to the nearest whole"
    r"|\bright (?:to )?(?:whole|year)\b"               # "right to whole", "right year"
    r"|\basks for (?:to|as|within|whole|year|nearest|one|two|three|four|five|six|zero)\b"
    r"|, (?:whole|year)\)", re.I)


def wording_problems(message: str) -> list[str]:
    return [m.group(0) for m in BAD_WORDING.finditer(message)]


def number_messages(spec: Number) -> list[str]:
    """The not-answered, correct, rounding-slip and near-miss messages of a Number spec."""
    messages = [spec.evaluate("1", ...).message, spec.evaluate("1", spec.expected).message]
    slip = spec._rounding_slip_example()
    if slip is not None:
        messages.append(spec.evaluate("1", slip).message)
    if not (spec.count or spec.year):
        near = spec.expected + 3 * spec.tolerance()
        messages.append(spec.evaluate("1", near).message)
        truncated = spec._rounding_slip(spec.expected)  # None: the expected value is accepted
        assert truncated is None
    else:
        messages.append(spec.evaluate("1", spec.expected + 7).message)
    return messages


PRECISIONS = {
    "decimals=2": (dict(expected=0.4567, decimals=2), "right to two decimals"),
    "decimals=0": (dict(expected=12.34, decimals=0), "right to the nearest whole"),
    "decimals=-1": (dict(expected=1234.0, decimals=-1), "right to the nearest ten"),
    "sig=3": (dict(expected=123_456.0, sig=3), "right to three significant figures"),
    "count": (dict(expected=10.25, count=True), "right as a whole number"),
    "year": (dict(expected=2015.0, year=True), "right as an exact year"),
    "abs_tol": (dict(expected=12.0, abs_tol=0.5), "right within ±0.5"),
    "rel_tol": (dict(expected=12.0, rel_tol=0.02), "right within 2%"),
    "precision 'the cent'": (dict(expected=1.234, abs_tol=0.005, precision="the cent"),
                             "right to the cent"),
    "precision 'to the cent'": (dict(expected=1.234, abs_tol=0.005, precision="to the cent"),
                                "right to the cent"),
    "precision 'within half a quarter'": (dict(expected=12.0, abs_tol=0.125,
                                               precision="within half a quarter"),
                                          "right within half a quarter"),
    "precision 'nearest quarter'": (dict(expected=12.1, abs_tol=0.125, precision="nearest quarter"),
                                    "right to the nearest quarter"),
}


@pytest.mark.parametrize("kind", sorted(PRECISIONS))
def test_every_kind_of_precision_reads_naturally_in_every_message(kind):
    kwargs, verified = PRECISIONS[kind]
    spec = Number(unit="units", **kwargs)
    messages = number_messages(spec)
    assert verified in messages[1], messages[1]
    assert "with the number (units) " + verified.removeprefix("right ") in messages[0], messages[0]
    problems = {m: wording_problems(m) for m in messages if wording_problems(m)}
    assert not problems, problems


def test_the_wording_detector_can_fail():
    for bad in ("right to whole", "is right to to the cent", "asks for the the answer",
                "is near but not right to nearest whole", "the question asks for two decimals",
                "with the count (orders, whole) and", "right year"):
        assert wording_problems(bad), bad
    assert not wording_problems("Verified: the level is right to the nearest whole (customers).")


COURSE_NUMBERS = sorted((exercise, spec) for exercise, spec in all_specs().items()
                        if isinstance(spec, Number))


@pytest.mark.parametrize("exercise, spec", COURSE_NUMBERS, ids=[e for e, _ in COURSE_NUMBERS])
def test_every_number_message_of_the_course_reads_naturally(exercise, spec):
    problems = {m: wording_problems(m) for m in number_messages(spec) if wording_problems(m)}
    assert not problems, f"{exercise}: {problems}"


def test_check_calls_is_the_one_reading_of_a_check_cell():
    from valueloops.checks import check_calls
    assert check_calls('check("01.3", gain)') == [("01.3", "gain")]
    assert check_calls('x = 1\ncheck("02.1", round(x, 2))\nchecks.check("02.2", y)') == [
        ("02.1", "round(x, 2)"), ("02.2", "y")]
    # a student's typo elsewhere in the cell: the exercise is still named, its expression unknown
    assert check_calls('check("03.4", orders\nprint(') == [("03.4", None)]
    assert check_calls('print("check(")') == [] and check_calls("recheck(1, 2)") == []
    assert check_calls('check("not an id", x)') == []


@pytest.mark.parametrize("answer, shown", [(25000.0, "25000 is not it"), (249.49999, "249.49999 rounds (half up) to 249 ")])
def test_a_students_number_is_shown_as_typed(answer, shown):
    """Review of lesson 00: 25,000 was shown as 2.5e+04, and 249.49999 as "249.5 is near but not
    right" although 249.5 is accepted."""
    spec = Number(expected=250.0, unit="customers", decimals=0)
    assert spec.evaluate("1", 249.5).status == CORRECT
    feedback = spec.evaluate("1", answer)
    assert feedback.status == WRONG and shown in feedback.message, feedback.message


def test_every_derive_exercise_names_rounding_inside_the_function():
    """One rule for the course (reviews of 02.2, 05.2, 07.2): a function close to the reference on
    every case but not equal gets the named slip, not "work that case by hand"."""
    spec = Function(reference=lambda x: x / 3, cases=[{"x": 1.0}, {"x": 2.0}], unit="share")

    def rounded(x):
        return round(x / 3, 2)

    def far(x):
        return x / 2

    assert "round inside the function" in spec.evaluate("1", rounded).message
    assert "work that case by hand" in spec.evaluate("1", far).message
    assert spec.evaluate("1", lambda x: x / 3).status == CORRECT


def test_a_one_element_index_gets_a_fix_that_works_on_an_index():
    import pandas as pd

    from valueloops.checks.core import _type_hint_for_number

    index = pd.Series([1.0, 2.0], index=[21, 22]).index[:1]
    hint = _type_hint_for_number(index)
    assert "[0]" in hint and ".iloc" not in hint
    assert index[0] == 21 and index.item() == 21
    assert ".iloc[0]" in _type_hint_for_number(pd.Series([3.0]))


def test_a_choice_pasted_with_its_option_text_counts_as_its_letter():
    from valueloops.checks import all_specs

    spec = all_specs()["08.4"]
    pasted = f"{spec.correct}) {spec.options[spec.correct]}"
    assert spec.evaluate("08.4", pasted).status == "correct"
    wrong = next(k for k in spec.options if k != spec.correct)
    assert spec.evaluate("08.4", f"{wrong}) {spec.options[wrong]}").status == "wrong"
    # a letter with some other text is not taken as that letter
    assert spec.evaluate("08.4", f"{spec.correct}) something else entirely").status == "wrong type"


@pytest.mark.parametrize("exercise, answer", [("09.1", 0.64), ("10.4", 13.34), ("01.1", 32.3)])
def test_an_answer_rounded_up_is_named_as_such(exercise, answer):
    from valueloops.checks import all_specs

    feedback = all_specs()[exercise].evaluate(exercise, answer)
    assert feedback.status == "wrong" and "rounded up" in feedback.message, feedback.message


def test_a_wrong_type_message_reads_as_sentences_without_a_doubled_colon():
    """'expected one number in X: remove the quotes: give ...' read badly (round-8 read of 00)."""
    from valueloops.checks import Number

    spec = Number(expected=0.5, decimals=2, unit="share of customers who stay")
    message = spec.evaluate("x.1", "0.5").message
    assert message.endswith("expected one number. The unit asked is share of customers who stay. "
                            "Remove the quotes and give the number itself."), message
    # a unit that is a phrase reads as one too (round-12 read of 04: "in quarter number (...)")
    spec = Number(expected=3, decimals=0, unit="quarter number (the row label of race.path)")
    assert "The unit asked is quarter number (the row label" in spec.evaluate("x.1", "3").message
    assert message.count(":") == 0, message


def test_none_is_an_answer_told_what_gave_it_and_only_the_stub_is_not_answered():
    """None comes from a function without return or print(...): the student did answer, so the
    check says what None means instead of "not answered" (round-7 read of 09.6)."""
    from valueloops.checks import Choice, Function, Number, Plot

    specs = [Number(expected=0.5, decimals=2, unit="share"),
             Choice(correct="a", options={"a": "x", "b": "y"}, hints={"b": "no"}),
             Function(reference=lambda x: x, cases=({"x": 1.0},), unit="share"),
             Plot(x=(2014, 2015), y=(0.1, 0.2), unit="share")]
    for spec in specs:
        assert spec.evaluate("x.1", ...).status == NOT_ANSWERED
        none = spec.evaluate("x.1", None)
        assert none.status == WRONG_TYPE and "None" in none.message, (spec, none.message)
        assert "NoneType" not in none.message
    assert "without return" in specs[0].evaluate("x.1", None).message


def test_a_hint_can_be_matched_narrowly_and_start_from_the_number_typed():
    """Hint(within=...) names a slip only near it (2.85 rounds like 2.89 but is not the pace);
    Hint(echo=True) starts from the number typed (one hint for 21.85 and 21.9)."""
    from valueloops.checks import Hint, Number

    narrow = Number(expected=2.8, decimals=1, unit="points a year", percent=True,
                    percent_words="percentage points", percent_example="2.5, not 0.025",
                    hints=(Hint(2.89, "the pace since 1999", within=0.01),))
    assert "since 1999" in narrow.evaluate("x", 2.895).message
    assert "since 1999" not in narrow.evaluate("x", 2.85).message
    assert "give percentage points (2.5, not 0.025)" in narrow.evaluate("x", 0.028).message
    assert "since 1999" in narrow.evaluate("x", 0.0289).message          # the slip, given as a share
    assert "give percentage points (× 100)" in narrow.evaluate("x", 0.0289).message
    echo = Number(expected=22, count=True, unit="month",
                  hints=(Hint(21.85, "solves it as if months were continuous", echo=True),))
    assert echo.evaluate("x", 21.85).message.startswith("21.85 solves")
    assert Number(expected=0.5, decimals=2, unit="share", percent=True).evaluate("x", 0.005).message \
        .startswith("that looks like a share; give a percent (e.g. 25, not 0.25)")


def test_a_number_cut_off_at_the_whole_is_never_said_to_be_cut_to_the_nearest():
    """'cut off (truncated) to the nearest whole' contradicts itself (round-8 read of 05.7)."""
    from valueloops.checks import Number

    spec = Number(expected=5.84, decimals=1, unit="times")
    message = spec.evaluate("x", 5).message
    assert "cut off (truncated) at the whole number" in message and "nearest" not in message, message
    assert "at one decimal instead of rounded" in Number(expected=5.87, decimals=1, unit="x").evaluate("x", 5.8).message


def test_a_hundredfold_hint_fires_for_exactly_the_answers_right_divided_by_100():
    """A multiplier written in percent: 89, 89.1 and 88.5 are 0.89127 ×100 (each ÷ 100 is accepted);
    89.5 is 0.895, which rounds to 0.90, so it is not the answer in percent."""
    from valueloops.checks import Number

    spec = Number(expected=0.89127, decimals=2, unit="multiplier", hundredfold_hint="in percent")
    for answer in (89, 89.1, 89.13, 88.5):
        assert spec.evaluate("x", answer).message == "in percent", answer
    for answer in (89.5, 90, 12.2):
        assert spec.evaluate("x", answer).message != "in percent", answer
    assert spec.evaluate("x", 0.89).status == "correct"


def test_a_slip_smaller_than_the_questions_unit_can_be_named_only_near_itself():
    """03.3 (a whole number of US$): the US$-per-search slip 0.54 took 0.3 and 1.0 too, half a unit
    either side (round-10 read of 03 and 04); Hint(within=) keeps it to itself, and a slip matched
    at the question's precision still takes half a unit either side."""
    from valueloops.checks import Hint, Number

    spec = Number(expected=540, decimals=0, unit="US$ a year",
                  hints=(Hint(0.54, "US$ per search", within=0.005), Hint(600, "the lecture's case")))
    assert "US$ per search" in spec.evaluate("x", 0.54).message
    assert "US$ per search" in spec.evaluate("x", 0.5404).message
    for other in (0.3, 1.0, 0.05):
        assert "US$ per search" not in spec.evaluate("x", other).message, other
    assert "lecture's case" in spec.evaluate("x", 600.4).message
    assert "wrong sign" in spec.evaluate("x", -540).message


def test_an_off_grid_answer_is_told_the_steps_without_assuming_an_optimum():
    """A threshold question (03.5: the smallest step that reaches a target) is not a 'best value'
    question: the generic off-grid message names the steps and leaves the criterion to the
    question (round-12 fix of 03.5)."""
    from valueloops.checks import Number

    spec = Number(expected=0.82, decimals=2, grid=0.01, unit="attach rate")
    message = spec.evaluate("x.1", 0.8137).message
    assert "not on the question's grid" in message and "best" not in message
    assert "0.81 and 0.82" in message and "the one the question asks for" in message


def test_a_series_of_many_values_and_an_options_text_are_told_what_to_give():
    """Round-12 read of 00: `path[path >= 900]` (a Series of 39 values) is told how to pick one;
    the text of an option typed instead of its letter is told the letter to give."""
    from valueloops.checks import Choice, Number

    series = pd.Series(range(900, 939), index=range(22, 61))
    message = Number(expected=22, decimals=0, unit="month").evaluate("x.1", series).message
    assert ".index[0]" in message and ".iloc[0]" in message
    spec = Choice(options={"a": "Raising G to 0.96", "b": "Doubling the push"}, correct="a",
                  hints={"b": "no"})
    typed = spec.evaluate("x.2", "Raising G to 0.96").message
    assert 'option "a"' in typed and 'give its letter only, "a"' in typed
    assert "is not an option" in spec.evaluate("x.2", "z").message


def test_a_letter_followed_by_own_words_is_told_to_give_the_letter_alone():
    """r24e (11.6-a): "D) it rises with delta", the right letter with the student's own words, was
    told it "is not an option". It is told to give the letter alone; a pasted option still passes."""
    from valueloops.checks import Choice, evaluate

    spec = Choice(options={"a": "It falls with delta", "d": "It rises if renters lose more by leaving"},
                  correct="d", hints={"a": "no"})
    for answer, letter in (("D) it goes up with delta", "d"), ("a: because renters leave", "a")):
        feedback = spec.evaluate("x.3", answer)
        assert feedback.status == WRONG_TYPE, feedback
        assert f'the letter "{letter}" followed by words of your own' in feedback.message
        assert f'give the letter alone, "{letter}"' in feedback.message
    assert spec.evaluate("x.3", "d) It rises if renters lose more by leaving").status == CORRECT
    assert "is not an option" in spec.evaluate("x.3", "z) my guess").message
    assert evaluate("11.6", "D) it rises with delta").status == WRONG_TYPE


def test_each_options_text_is_told_its_own_letter_when_options_begin_alike():
    """r23a (01.6 #1): options b and d share their first 32 characters; d's full text was told
    it is option "b". Every option of every lesson, typed whole, is told its own letter."""
    from valueloops.checks import Choice, lesson_specs

    spec = Choice(options={"a": "Raising G", "b": "The share of third-party seller services rose, then fell",
                           "c": "Doubling the push",
                           "d": "The share of third-party seller services rose and kept rising"},
                  correct="d", hints={"a": "no", "b": "no", "c": "no"})
    for letter in "bd":
        message = spec.evaluate("x.2", spec.options[letter]).message
        assert f'option "{letter}"' in message, message
    for lesson in [f"{n:02d}" for n in range(12)]:
        for exercise, choice in lesson_specs(lesson).items():
            if isinstance(choice, Choice):
                for letter, text in choice.options.items():
                    message = choice.evaluate(exercise, text).message
                    assert f'option "{letter}"' in message, (exercise, letter, message)


def test_a_value_that_rounds_half_up_to_another_number_is_told_so_without_the_answer():
    """Round-13 read of 10: 13.335 (exact 13.333...) was told "not one of the usual rounding slips"
    without why; it rounds half up to 13.34. The message says that and does not print 13.33."""
    from valueloops.checks import Number

    spec = Number(expected=40 / 3, decimals=2, unit="US$")
    message = spec.evaluate("x.1", 13.335).message
    assert "13.335 rounds (half up) to 13.34" in message and "13.33 " not in message
    assert "near but not right" in spec.evaluate("x.1", 13.36).message   # two decimals already
    assert spec.evaluate("x.1", 13.3349).passed


def test_a_negative_count_is_told_a_count_is_never_negative():
    """Round-13 read of 00 and 01: -22 months got only "right size, wrong sign", which reads oddly
    for a month number: a count is told it is never negative; a level keeps the sign hint."""
    from valueloops.checks import evaluate

    for exercise, answer in (("00.3", -22), ("01.4", -29)):
        message = evaluate(exercise, answer).message
        assert "is never negative" in message and "right size" not in message, message
    assert "right size, wrong sign" in evaluate("00.1", -250).message


def test_a_wrong_whole_number_is_told_what_was_asked_not_called_a_count():
    # 08.3 asks a volume (billion units a year): "not the count asked" misnamed it (review r14)
    volume = Number(expected=17.14, unit="billion units a year", what="the smallest volume",
                    count=True, rounding="up")
    message = volume.evaluate("x.1", 12).message
    assert message.startswith("12 is not the smallest volume (billion units a year)"), message
    assert "count" not in message


def test_a_threshold_count_rounded_to_the_nearest_is_told_both_ways_it_comes():
    # 17.14 rounded up is 18; 17 is both the cut-off and the nearest whole number
    nearest = Number(expected=17.14, unit="billion units a year", count=True, rounding="up")
    assert "cut off (truncated) or rounded to the nearest" in nearest.evaluate("x.1", 17).message
    # 8.71 rounded to the nearest is 9 (the answer): 8 is only the cut-off
    cut = Number(expected=8.71, unit="extra orders a year", count=True, rounding="up")
    message = cut.evaluate("x.1", 8).message
    assert "cut off (truncated);" in message and "nearest" not in message, message


def test_a_model_result_given_whole_is_told_its_number_fields():
    # 06.4: optimal_owned_capacity(...) handed in whole got only "Give a single number" (review r14)
    from collections import namedtuple

    from valueloops.checks import evaluate
    from valueloops.cloud import optimal_owned_capacity
    from valueloops.probe import encode
    from valueloops.trusted import decode

    result = optimal_owned_capacity([20, 25, 30, 30, 35, 40, 50, 60, 80, 120], 2.0)
    for answer in (result, decode(encode(result))):   # the check cell and the grader alike
        feedback = evaluate("06.4", answer)
        assert feedback.status == WRONG_TYPE
        assert "not the whole result: take the one asked from it (its numbers: .owned, .cost)" in feedback.message
    pair = namedtuple("Pair", "label value")("a", 3.0)
    assert "(its numbers: .value)" in Number(expected=3.0, unit="servers").evaluate("x.1", pair).message


def test_a_value_rounding_to_another_number_is_shown_with_every_decimal_asked():
    # "0.1095 rounds (half up) to 0.11 to three decimals" read as two decimals (review r15, 06.1)
    spec = Number(expected=0.10889, unit="share", decimals=3)
    assert "0.1095 rounds (half up) to 0.110 to three decimals" in spec.evaluate("x.1", 0.1095).message


def test_a_function_right_on_every_case_but_one_is_told_that_case_and_its_note():
    """Code review (s5): the edge-case slips of a derive exercise (a rate-0 branch returning 0, a tiny
    rate in place of 0) are one rule of the core, not a list of mistake functions per lesson: a
    function right on every case but one is told which case and, if the spec has one, its note."""
    cases = [{"r": 0.1}, {"r": 0.2}, {"r": 0.0}]
    spec = Function(reference=lambda r: 1.0 if r == 0 else r * 10, cases=cases, unit="units",
                    edge_notes=(({"r": 0.0}, "at r = 0 the answer is 1."),))

    def zero_branch_slip(r):
        return 0.0 if r == 0 else r * 10

    def tiny_rate(r):
        return 1.0003 if r == 0 else r * 10  # 1 only approximately at r = 0

    for slip in (zero_branch_slip, tiny_rate):
        message = spec.evaluate("1", slip).message
        assert "right on 2 of the 3 cases tried, but with (r=0.0)" in message, message
        assert message.endswith("at r = 0 the answer is 1."), message
    bare = Function(reference=spec.reference, cases=cases, unit="units")
    assert "what is special about it?" in bare.evaluate("1", zero_branch_slip).message
    # two cases are too few to say which one is special; wrong on two cases is not this slip
    two = Function(reference=spec.reference, cases=cases[1:], unit="units")
    assert "right on" not in two.evaluate("1", zero_branch_slip).message
    assert "right on" not in spec.evaluate("1", lambda r: 0.0 if r == 0 else r * 11).message
    # close on the one case, which has no note: rounding inside the function, the course-wide slip
    assert "round inside the function" in bare.evaluate("1", tiny_rate).message
    with pytest.raises(ValueError, match="not one of the cases"):
        Function(reference=spec.reference, cases=cases, unit="units", edge_notes=(({"r": 9}, "x"),))


def test_the_core_names_a_truncation_beside_a_hint_at_the_same_value():
    """Code review (s5): a lesson hint at the value of the answer cut off hid the core's truncation
    message, so lessons repeated it (04.5, 08.3). The core now says the truncation first, then the
    hint as another reading; a hint that already speaks of cutting off is left alone; a value that is
    the answer rounded to fewer places and cut off at the question's is told both readings."""
    spec = Number(expected=0.1292, unit="share", decimals=2,
                  hints=(Hint(0.118, "that is the lecture's gap scaled."),))
    message = spec.evaluate("1", 0.12).message
    assert message.startswith("close: 0.12 is the answer cut off (truncated) at two decimals"), message
    assert "(Or another reading of 0.12: that is the lecture's gap scaled.)" in message
    assert "0.13" not in message
    assert spec.evaluate("1", 0.118).message == "that is the lecture's gap scaled."
    worded = Number(expected=0.1292, unit="share", decimals=2,
                    hints=(Hint(0.12, "cut off at two decimals: round it."),))
    assert worded.evaluate("1", 0.12).message == "cut off at two decimals: round it."
    both = Number(expected=0.6076, unit="ratio", decimals=2)
    assert both.evaluate("1", 0.6).message == (
        "close: 0.6 is the answer rounded to one decimal, or cut off (truncated) at two decimals; "
        "the question asks for it to two decimals, rounded (half up).")
    count = Number(expected=17.14, unit="billion units", count=True, rounding="up",
                   hints=(Hint(17.0, "17 leaves the cost above the rival's."),))
    message = count.evaluate("1", 17).message
    assert message.startswith("close: 17 is the answer cut off (truncated)") and "rival's" in message


@pytest.mark.parametrize("answer", [pd.Timestamp("2025"), pd.Period("2025"), pd.Timestamp("2025-06-30"),
                                    __import__("datetime").date(2025, 1, 1)])
def test_a_date_for_a_year_is_a_wrong_type_told_to_take_its_year(answer):
    """r23b E2: ``pd.Timestamp("2025")`` and ``pd.Period("2025")`` made a Number's check raise
    ``TypeError: object of type 'Timestamp' has no len()`` in ``describe()``. A date is now a wrong
    type, told to take ``.year`` where a year is asked, in the check cell and through the grader."""
    import json

    from valueloops import probe, trusted

    year = Number(expected=2025, unit="year", year=True)
    feedback = year.evaluate("99.1", answer)
    assert feedback.status == WRONG_TYPE and "Take the year out of the date with .year" in feedback.message
    assert type(answer).__name__ in feedback.message, feedback.message
    graded = year.evaluate("99.1", trusted.decode(json.loads(json.dumps(probe.encode(answer))), "99.1", year))
    assert graded.status == WRONG_TYPE and "with .year" in graded.message, graded.message
    other = NUMBER.evaluate("99.1", answer)
    assert other.status == WRONG_TYPE and "not a date" in other.message, other.message


@pytest.mark.parametrize("answer", [pd.NA, pd.NaT, pd.Timedelta(days=1)])
def test_a_pandas_value_without_length_is_described_not_raised_on(answer):
    from valueloops.checks.core import describe

    assert describe(answer).startswith(f"a pandas {type(answer).__name__} (")
    feedback = NUMBER.evaluate("99.1", answer)
    assert feedback.status == WRONG_TYPE and "with .year" not in feedback.message, feedback.message


@pytest.mark.parametrize("answer, status", [
    (pd.Series([np.nan, np.nan], index=[0, 3]), WRONG_TYPE),
    (pd.Series([np.nan]), WRONG_TYPE),
    (pd.DataFrame({"share": [np.nan, np.nan]}), WRONG_TYPE),
    (float("nan"), WRONG),
    (np.float64("nan"), WRONG),
])
def test_a_nan_answer_names_label_alignment_and_the_cure(answer, status):
    """r24d E10-1: a NaN, or a table of NaN, most often comes from dividing pandas objects whose rows
    have different labels; the message says so and how to take the numbers out."""
    feedback = NUMBER.evaluate("99.1", answer)
    assert feedback.status == status
    assert "pairs the rows of two tables by their index labels" in feedback.message, feedback
    assert ".item()" in feedback.message and ".to_numpy()" in feedback.message


def test_a_table_with_some_numbers_keeps_the_table_message():
    """Only a table of nothing but NaN gets the NaN message; infinity keeps its own."""
    feedback = NUMBER.evaluate("99.1", pd.Series([0.25, np.nan]))
    assert feedback.status == WRONG_TYPE and "index labels" not in feedback.message
    assert "Give a single number, not the whole table" in feedback.message
    assert "index labels" not in NUMBER.evaluate("99.1", pd.Series([], dtype=float)).message
    assert "index labels" not in NUMBER.evaluate("99.1", float("inf")).message



def test_fell_most_hints_builds_the_year_hints_of_a_series_in_billions():
    """core.fell_most_hints (07.9, 09.9): one hint per year but the answer, the two-digit year, the
    value in US$ bn and millions, the size of the fall and .diff().min() itself (bn and millions)."""
    from valueloops.checks.core import fell_most_hints
    series = pd.Series([10.0, 12.5, 4.0, 3.5, 6.0], index=[2018, 2019, 2020, 2021, 2022])
    hints = fell_most_hints(series, subject="cash", named={2021: ": a short fall."},
                            first="2018 has no year before it.", diff_call="cash.diff().min()")
    said = {h.value: h.message for h in hints}
    assert 2020 not in said   # the answer: the step 12.5 → 4.0
    assert said[2021] == "in 2021 cash fell (4.0 to 3.5, US$ bn): a short fall."
    assert said[2018] == "2018 has no year before it."
    assert said[2019] == "in 2019 cash rose (10.0 to 12.5, US$ bn). Look for the longest step down (the year it fell to)."
    assert said[2022].startswith("in 2022 cash rose (3.5 to 6.0, US$ bn).")
    assert said[20] == "give the whole year (20…), not its last two digits."
    # r28f L07-4: every year's value, one message that does not say which year's is the answer's
    for value in (10.0, 12.5, 4.0, 3.5, 6.0):
        assert said[value] == "that is a value of cash (US$ bn), not a year: give the year the longest step down ends in."
        assert said[1000 * value] == ("that is a value of cash (US$ millions), not a year: give the year "
                                      "the longest step down ends in.")
    assert said[8.5].startswith("that is the size of the largest fall (US$ bn)")
    within = {h.value: h.within for h in hints}
    assert within[-8.5] == 0.05 and within[-8500.0] == 0.5
    assert "(US$ bn; cash.diff().min()): the question asks for the year it happened" in said[-8.5]
    number = Number(expected=2020, unit="year", year=True, what="the year cash fell most", hints=hints)
    assert number.evaluate("x", 2020).status == CORRECT
    assert number.evaluate("x", -8.46).message == said[-8.5]
