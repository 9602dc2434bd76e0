"""The hints added after the review of lessons 00 and 01: each one fires on the slip it names."""

import math

import pytest

from valueloops.checks import lesson_specs
from valueloops.checks.core import CORRECT, WRONG
from valueloops.checks.lesson01 import _aws
from valueloops.course import LATEST_FISCAL_YEAR

L00, L01 = lesson_specs("00"), lesson_specs("01")


def _loop(gain, push, months):
    x = 0.0
    for _ in range(months):
        x = gain * x + push
    return x


def test_00_4_one_month_too_few_has_its_own_hint():
    def too_few(gain, push, months):
        return _loop(gain, push, max(months - 1, 0))
    feedback = L00["00.4"].evaluate("00.4", too_few)
    assert feedback.status == WRONG and "one month too few" in feedback.message


def test_00_4_closed_form_without_a_g_equals_1_branch_is_told_so():
    def closed_form(gain, push, months):
        return push * (1 - gain ** months) / (1 - gain)
    feedback = L00["00.4"].evaluate("00.4", closed_form)
    assert feedback.status == WRONG
    assert "ZeroDivisionError" in feedback.message and "handle G = 1" in feedback.message


def test_00_4_closed_form_with_the_branch_passes():
    def closed_form(gain, push, months):
        return push * months if gain == 1 else push * (1 - gain ** months) / (1 - gain)
    assert L00["00.4"].evaluate("00.4", closed_form).status == CORRECT


def _step(x, gain, push, capacity):
    return x + ((gain - 1) * x + push) * (1 - x / capacity)


def test_01_2_rounding_fails_on_the_non_integer_case():
    def rounded(x, gain, push, capacity):
        return round(_step(x, gain, push, capacity))
    assert L01["01.2"].evaluate("01.2", rounded).status == WRONG
    assert any(case["x"] % 1 for case in L01["01.2"].cases)


def test_01_2_gain_instead_of_gain_minus_one_is_named():
    def slip(x, gain, push, capacity):
        return x + (gain * x + push) * (1 - x / capacity)
    assert slip(100.0, 1.3, 10.0, 1000.0) == pytest.approx(226)
    feedback = L01["01.2"].evaluate("01.2", slip)
    assert feedback.status == WRONG and "G − 1" in feedback.message and "you used G" in feedback.message


FIRST, LAST = 2015, LATEST_FISCAL_YEAR


@pytest.mark.parametrize("value, words", [
    (100 * ((_aws(LAST) / _aws(FIRST - 1)) ** (1 / (LAST - FIRST + 1)) - 1), f"starts from {FIRST - 1}"),
    (100 * ((_aws(LAST - 1) / _aws(FIRST)) ** (1 / (LAST - FIRST - 1)) - 1), f"ends in {LAST - 1}"),
    (100 * ((_aws(LAST - 1) / _aws(FIRST)) ** (1 / (LAST - FIRST)) - 1), f"divides {LAST - 1}'s"),
])
def test_01_1_wrong_years_are_named(value, words):
    feedback = L01["01.1"].evaluate("01.1", round(value, 1))
    assert feedback.status == WRONG and words in feedback.message, (round(value, 1), feedback.message)


@pytest.mark.parametrize("value", [20.9, 20.95, 21.0])
def test_01_1_the_whole_companys_rate_is_named_rounded_or_cut_off(value):
    """Review r21a 01 item 5: the Consolidated rate, 20.95, cut off to 20.9 was "not it"."""
    feedback = L01["01.1"].evaluate("01.1", value)
    assert feedback.status == WRONG and "the whole company (Consolidated)" in feedback.message, feedback


def test_01_5_the_lectures_2026_growth_is_named():
    from valueloops.charts.flywheel import consolidated_sales
    from valueloops.data import load
    from valueloops.flywheel import fit_pushed_loop
    sales = consolidated_sales(load("amazon_segments"))
    value = round(100 * float(fit_pushed_loop(sales).growth_at(sales.iloc[-1])), 1)
    feedback = L01["01.5"].evaluate("01.5", value)
    assert feedback.status == WRONG and "pushed loop" in feedback.message


def test_01_6_hint_a_says_the_data_reject_the_leaking_loop():
    feedback = L01["01.6"].evaluate("01.6", "a")
    assert feedback.status == WRONG and "reject" in feedback.message and "constant growth" in feedback.message


def test_01_6_options_do_not_give_the_answer_away_by_length():
    lengths = {k: len(v) for k, v in L01["01.6"].options.items()}
    assert max(lengths.values()) - min(lengths.values()) <= 25, lengths


def test_the_flat_line_benchmark_beats_every_leaking_loop():
    from valueloops.charts.flywheel import consolidated_sales
    from valueloops.data import load
    from valueloops.flywheel import fit_constant_growth, fit_pushed_loop, growth_fit_error
    sales = consolidated_sales(load("amazon_segments"))
    flat = growth_fit_error(sales, fit_constant_growth(sales))
    assert flat == pytest.approx(0.0906, abs=5e-4)
    assert all(growth_fit_error(sales, fit_pushed_loop(sales, gain=g)) > flat
               for g in (0.8, 0.9, 0.95, 0.99, 1.0))


# --- round 3: the rounding-up and log answers of 00.3, the long-run level and rounding inside of
# 00.4, the push outside the cap / hard cap / rounding of 01.2 (each named, each wrong)

@pytest.mark.parametrize("value, words", [
    (21.85, "as if months were continuous"), (21.9, "as if months were continuous"),
    (22.4, "ln 0.9 rounded before dividing"), (22.36, "ln 0.9 rounded before dividing"),
    (23, "ln 0.9 rounded before dividing"), (23, "counting the start as month 1"), (21, "still just under 900")])
def test_00_3_log_and_rounding_answers_are_named(value, words):
    feedback = L00["00.3"].evaluate("00.3", value)
    assert feedback.status == WRONG and words in feedback.message


def test_00_3_the_exact_answer_is_the_first_whole_month():
    assert L00["00.3"].evaluate("00.3", 22).status == CORRECT
    assert "first whole month at or above 900" in L00["00.3"].evaluate("00.3", 21.85).message
    # the hints say how to look, never which month it is
    for wrong in (21, 22.4, 23, 21.85):
        message = L00["00.3"].evaluate("00.3", wrong).message
        assert "month 22" not in message and "901.5" not in message, message


@pytest.mark.parametrize("level", [900, 1000, 901.5])
def test_00_3_a_level_given_for_the_month_is_named(level):
    feedback = L00["00.3"].evaluate("00.3", level)
    assert feedback.status == WRONG and "not a month" in feedback.message, feedback.message


def test_00_4_long_run_level_is_named_as_such_not_as_a_closed_form():
    def long_run(gain, push, months):
        return push / (1 - gain)
    feedback = L00["00.4"].evaluate("00.4", long_run)
    assert feedback.status == WRONG and "long-run level" in feedback.message
    assert "closed form" not in feedback.message


@pytest.mark.parametrize("places", [0, 1])
def test_00_4_rounding_inside_the_loop_is_named(places):
    def rounded_inside(gain, push, months):
        x = 0.0
        for _ in range(months):
            x = round(gain * x + push, places)
        return x
    feedback = L00["00.4"].evaluate("00.4", rounded_inside)
    assert feedback.status == WRONG and "rounded the level inside the loop" in feedback.message


@pytest.mark.parametrize("slip, words", [
    (lambda x, gain, push, capacity: min(gain * x + push, capacity), "min(G·x + u, K)"),
    (lambda x, gain, push, capacity: x + (gain - 1) * x * (1 - x / capacity) + push, "outside the cap"),
    (lambda x, gain, push, capacity: round(_step(x, gain, push, capacity)), "rounded or truncated"),
    (lambda x, gain, push, capacity: round(_step(x, gain, push, capacity), 1), "rounded or truncated"),
    (lambda x, gain, push, capacity: round(_step(x, gain, push, capacity), 2), "rounded or truncated"),
    (lambda x, gain, push, capacity: int(_step(x, gain, push, capacity)), "int(...)")])
def test_01_2_push_outside_hard_cap_and_rounding_are_named(slip, words):
    feedback = L01["01.2"].evaluate("01.2", slip)
    assert feedback.status == WRONG and words in feedback.message


def test_00_and_01_units_have_no_nested_brackets():
    import re
    for spec in (*L00.values(), *L01.values()):
        unit = getattr(spec, "unit", "")
        assert not re.search(r"\([^)]*\(", f"({unit})"), unit


# --- round 4: hints the independent read found missing or misnamed --------------------------------

@pytest.mark.parametrize("exercise, answer, words", [
    ("00.1", 200, "x = G·(x + u)"),          # G·u/(1 − G), the slip 00.4 names, not only the lecture's shop
    ("00.1", 200, "lecture's shop"),
    ("00.1", 2.5, "in hundreds"),
    ("00.1", 25000, "times 100"),
    ("01.1", 21.2, "constant growth rate"),   # the lecture's printed benchmark
    ("01.3", 0.9, "rounded to one decimal"),  # the likely slip first
    ("01.3", 0.9, "weakened link"),
    ("01.3", 89, "in percent"),
    ("01.3", 89.13, "in percent"),
    ("01.3", 0.12, "gap between G and 1"),     # review r22e 01 item 4: G − 1
    ("01.3", -0.12, "gap between G and 1"),    # and 1 − G
    ("01.3", -0.122, "gap between G and 1"),
    ("01.5", 50, "lecture's example"),
    ("01.5", 60, "today's push"),
    ("01.5", 18000, "18, not 18,000"),
])
def test_round_4_hints_are_named(exercise, answer, words):
    feedback = (L00 if exercise.startswith("00") else L01)[exercise].evaluate(exercise, answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


# --- round 5 ----------------------------------------------------------------------------------------

def test_01_3_only_0_9_itself_is_the_one_decimal_rounding():
    """0.895 rounds to 0.90 at two decimals, a wrong answer; it is not 0.89 rounded to one decimal."""
    message = L01["01.3"].evaluate("01.3", 0.9).message
    assert message.index("rounded to one decimal") < message.index("weakened link")
    feedback = L01["01.3"].evaluate("01.3", 0.895)
    assert feedback.status == WRONG and "rounded to one decimal" not in feedback.message


def _table_growth():
    from valueloops.charts.flywheel import consolidated_sales
    from valueloops.data import load
    from valueloops.flywheel import growth_rates
    return (100 * growth_rates(consolidated_sales(load("amazon_segments")))).round(1)


@pytest.mark.parametrize("year", list(_table_growth().index))
def test_01_1_every_year_of_the_lectures_table_is_named(year):
    feedback = L01["01.1"].evaluate("01.1", float(_table_growth()[year]))
    assert feedback.status == WRONG and "lecture's table" in feedback.message
    assert str(year) in feedback.message


@pytest.mark.parametrize("slip, words", [
    (lambda x, gain, push, capacity: x + (gain - 1) * x * (1 - x / capacity), "left out the push"),
    (lambda x, gain, push, capacity: gain * x + push * (1 - x / capacity), "capped only the push")])
def test_01_2_no_push_and_push_only_capped_are_named(slip, words):
    feedback = L01["01.2"].evaluate("01.2", slip)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_01_6_option_c_is_a_misreading_not_a_false_fact():
    assert "rose every year" not in L01["01.6"].hints["c"]
    assert "K" in L01["01.6"].hints["c"] and "limit" in L01["01.6"].options["c"]


def test_00_2_the_lectures_gain_is_named():
    feedback = L00["00.2"].evaluate("00.2", 0.5)
    assert feedback.status == WRONG and "lecture's shop" in feedback.message and "250" in feedback.message


def _exact(gain, push, months):
    x = 0.0
    for _ in range(months):
        x = gain * x + push
    return x


@pytest.mark.parametrize("returned", [round, lambda x: round(x, 1), int])
def test_00_4_rounding_only_the_result_is_not_called_rounding_inside(returned):
    feedback = L00["00.4"].evaluate("00.4", lambda gain, push, months: returned(_exact(gain, push, months)))
    assert feedback.status == WRONG and "what the function returns" in feedback.message, feedback.message


def test_00_5_options_do_not_give_the_answer_away_by_length():
    lengths = {k: len(v) for k, v in L00["00.5"].options.items()}
    assert max(lengths.values()) - min(lengths.values()) <= 25, lengths


def test_the_pushed_loops_fitted_gain_is_shown_as_fitted():
    from valueloops.charts.flywheel import consolidated_sales
    from valueloops.data import load
    from valueloops.flywheel import growth_readings
    fitted = growth_readings(consolidated_sales(load("amazon_segments")))["fitted"]
    assert fitted["pushed loop"].startswith("G ≈ ")
    assert fitted["leaking loop"].startswith("G = 0.95 (chosen)")


def test_the_flywheel_axis_fits_a_small_capacity():
    from valueloops.charts.flywheel import FlywheelChart
    chart = FlywheelChart()
    chart.render(link1=1.1, link2=1.0, link3=1.0, capacity=300)
    assert chart.ax.get_ylim()[1] == 500


@pytest.mark.parametrize("slip, words", [
    (lambda ratio, years: ratio ** (1 / years), "growth factor 1 + g ("),           # 1.322
    (lambda ratio, years: 100 * ratio ** (1 / years), "1 + g in percent"),          # 132.2
    (lambda ratio, years: 100 * math.log(ratio) / years, "continuous (log) rate"),  # 27.9
])
def test_01_1_growth_factor_and_log_rate_are_named(slip, words):
    """Round 5: 1.322, 132.2 and 27.9 got only the generic "not right" message."""
    ratio, years = _aws(LAST) / _aws(FIRST), LAST - FIRST
    value = slip(ratio, years)
    for given in (value, round(value, 1), round(value, 3)):
        feedback = L01["01.1"].evaluate("01.1", given)
        assert feedback.status == WRONG and words in feedback.message, (given, feedback.message)


def test_01_1_the_three_new_slips_are_the_reviewers_numbers():
    ratio, years = _aws(LAST) / _aws(FIRST), LAST - FIRST
    if LAST == 2025:
        assert round(ratio ** (1 / years), 3) == 1.322
        assert round(100 * ratio ** (1 / years), 1) == 132.2
        assert round(100 * math.log(ratio) / years, 1) == 27.9


def test_01_4_start_from_zero_and_counting_the_quarters_are_named():
    """Round 5: 33 (the capped path from 0, not 50) and 12 (how many quarters are at or above 750)
    got only the generic message. Both numbers from the course's own model."""
    from valueloops.flywheel import capped_path, loop_gain
    gain = loop_gain((1.1, 1.0, 1.0))
    from_zero = capped_path(gain=gain, push=10, capacity=1000, steps=40, start=0)
    path = capped_path(gain=gain, push=10, capacity=1000, steps=40, start=50)
    assert int((from_zero >= 750).idxmax()) == 33 and int((path >= 750).sum()) == 12
    for value, words in ((33, "started from 0"), (12, "how many quarters")):
        feedback = L01["01.4"].evaluate("01.4", value)
        assert feedback.status == WRONG and words in feedback.message, (value, feedback.message)
    assert L01["01.4"].evaluate("01.4", int((path >= 750).idxmax())).status == CORRECT


# --- round 8: 01.3 is right iff it rounds half up to 0.89; near-misses are named ---------------------

@pytest.mark.parametrize("answer", [0.89, 0.891, 0.8913, 1 / 1.122, 0.885, 0.8949999, 0.893])
def test_01_3_accepts_exactly_what_rounds_half_up_to_0_89(answer):
    assert L01["01.3"].evaluate("01.3", answer).status == CORRECT


@pytest.mark.parametrize("answer", [0.8849999, 0.895, 0.88, 0.9, 0.91, 0.8])
def test_01_3_refuses_what_rounds_to_another_two_decimal_number(answer):
    assert L01["01.3"].evaluate("01.3", answer).status == WRONG


@pytest.mark.parametrize("answer", [89, 89.1, 89.13, 89.127, 88.5, 89.4999])
def test_01_3_the_answer_in_percent_is_named_at_every_precision(answer):
    """Round 8: the percent hint matched only 89 and 89.12-89.13 (windows at two decimals around
    89 and 89.127), so 89.1, the link in percent to one decimal, got "not it"."""
    feedback = L01["01.3"].evaluate("01.3", answer)
    assert feedback.status == WRONG and "in percent" in feedback.message, feedback.message


@pytest.mark.parametrize("answer", [89.5, 90, 88.4, 12.2])
def test_01_3_a_percent_that_is_not_the_answer_is_not_called_the_answer_in_percent(answer):
    """89.5 % is 0.895, which rounds to 0.90: not the right link in percent."""
    feedback = L01["01.3"].evaluate("01.3", answer)
    assert feedback.status == WRONG and "in percent" not in feedback.message, feedback.message


@pytest.mark.parametrize("answer, words", [
    (0.91, "rounded G to 1.1"),      # 1 ÷ 1.1 = 0.909: G rounded before dividing
    (0.909, "rounded G to 1.1"),
    (0.99, "lecture's G"),           # the lecture's 1.1 × 0.9 × 1.0
    (0.88, "subtracted the excess"),
    (1.12, "G of the first three links"),
])
def test_01_3_near_misses_are_named(answer, words):
    feedback = L01["01.3"].evaluate("01.3", answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


# --- review round 8 (stream f8g): a log answer's hint starts from what the student typed --------
@pytest.mark.parametrize("value, start", [
    (21.85, "21.85 solves 0.9^t = 0.1 as if months were continuous"),
    (21.9, "21.9 solves 0.9^t = 0.1 as if months were continuous"),
    (21.854, "21.854 solves 0.9^t = 0.1 as if months were continuous"),
    (22.36, "22.36 comes from ln 0.9 rounded"), (22.4, "22.4 comes from ln 0.9 rounded"),
    (23, "23 is a month late"), (21, "21 is a month early"),
    # round 12: 23.03 (ln 0.9 taken as −0.1) and 24 (the month after it) are named
    (23.03, "23.03 comes from ln 0.9 rounded before dividing"),
    (23.026, "23.026 comes from ln 0.9 rounded before dividing"),
    (24, "24 is two months late: it is the whole month after 23.03")])
def test_00_3_each_named_answer_is_told_about_itself(value, start):
    """Round 8: 21.85 got a message beginning "21 is a month early"."""
    feedback = L00["00.3"].evaluate("00.3", value)
    assert feedback.status == WRONG and feedback.message.startswith(start), feedback.message
    assert "month 22" not in feedback.message and "901.5" not in feedback.message


def test_00_lecture_cites_a_source_for_the_web_server_fleet():
    """Round 8: "moved its whole web-server fleet onto AWS in 2010" had no stored source; the
    lecture now quotes Rauser's QCon 2011 slide and gives no year it cannot source."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "notebooks" / "00_start_here.ipynb").read_text())["cells"]
    text = " ".join(" ".join("".join(c["source"]) for c in cells).split())
    assert "migrate the entire www.amazon.com web server fleet to AWS" in text
    assert "QCon San Francisco, November 2011" in text
    assert "onto AWS in 2010" not in text
    # round 10: the course map's labels (drawn by diagram.course_map) give no unsourced year either
    import re

    from valueloops.charts.diagram import course_map

    fig = course_map()
    labels = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("runs on AWS" in label for label in labels), labels
    assert not [label for label in labels if re.search(r"\b(19|20)\d\d\b", label)], labels


# round 9 (fresh read of 01): floor division, renamed parameters, rounded inputs, a factor of 100

def test_01_2_floor_division_is_named():
    def floor_division(x, gain, push, capacity):
        return x + ((gain - 1) * x + push) * (1 - x // capacity)
    feedback = L01["01.2"].evaluate("01.2", floor_division)
    assert feedback.status == WRONG
    assert "floor (integer) division" in feedback.message and "x / capacity" in feedback.message


def test_01_2_renamed_parameters_pass_and_swapped_ones_are_named():
    """r26e 08 #6 (course-wide): a derive answer is called positionally, as the question's example
    calls it, so the right formula with renamed parameters passes; the question's parameters in
    another order are named (a keyword call used to pass them)."""
    def renamed(x, g, u, k):
        return x + ((g - 1) * x + u) * (1 - x / k)

    def swapped(x, push, gain, capacity):
        return x + ((gain - 1) * x + push) * (1 - x / capacity)
    assert L01["01.2"].evaluate("01.2", renamed).status == CORRECT
    feedback = L01["01.2"].evaluate("01.2", swapped)
    assert feedback.status != CORRECT
    assert "are the question's in another order" in feedback.message
    # r27a 03 #6: the function was refused, not called: no "calling it ... failed"
    assert feedback.message.startswith("your function's parameters (x, push, gain, capacity)"), feedback.message
    assert "failed" not in feedback.message and "Keep the parameter names given" not in feedback.message


def test_01_1_sales_rounded_to_whole_billions_is_named():
    rounded = 100 * ((round(_aws(LATEST_FISCAL_YEAR) / 1000) / round(_aws(2015) / 1000))
                     ** (1 / (LATEST_FISCAL_YEAR - 2015)) - 1)
    answer = round(rounded, 1)
    assert L01["01.1"].evaluate("01.1", answer).status == WRONG
    assert "rounded to whole US$ billions" in L01["01.1"].evaluate("01.1", answer).message


def test_01_5_a_factor_of_100_is_named():
    feedback = L01["01.5"].evaluate("01.5", 0.18)
    assert feedback.status == WRONG and "factor of 100" in feedback.message
    assert L01["01.5"].evaluate("01.5", 18.0).status == CORRECT


def test_00_4_cutting_off_inside_the_loop_is_named():
    """Round 10: x = int(G·x + u) each month got only the generic message; rounding inside the
    loop and cutting off the result were named."""
    def cut_inside(gain, push, months):
        x = 0
        for _ in range(months):
            x = int(gain * x + push)
        return x
    feedback = L00["00.4"].evaluate("00.4", cut_inside)
    assert feedback.status == WRONG and "cut off (int) the level inside the loop" in feedback.message


# --- round 8 ----------------------------------------------------------------------------------------

def test_01_5_factor_of_100_is_matched_only_near_0_18():
    """0.15 (1 − G, not multiplied by Δx) and 0.2 are not "off by a factor of 100"."""
    for answer in (0.15, 0.2):
        assert "factor of 100" not in L01["01.5"].evaluate("01.5", answer).message, answer
    assert "factor of 100" in L01["01.5"].evaluate("01.5", 0.18).message


def test_01_5_one_minus_g_is_named():
    feedback = L01["01.5"].evaluate("01.5", 0.15)
    assert feedback.status == WRONG and "1 − G" in feedback.message and "120" in feedback.message


def test_01_1_both_ends_a_year_early_is_named():
    value = 100 * ((_aws(LAST - 1) / _aws(FIRST - 1)) ** (1 / (LAST - FIRST)) - 1)
    feedback = L01["01.1"].evaluate("01.1", round(value, 1))
    assert feedback.status == WRONG and f"{FIRST - 1}–{LAST - 1}" in feedback.message, feedback.message
    assert f"asks for {FIRST}–{LAST}" in feedback.message


@pytest.mark.parametrize("answer", [1, 1.0])
def test_01_3_the_target_gain_is_not_called_a_rounding_slip(answer):
    """Round-11 read: 1 got "close: 1 is the answer rounded to the nearest whole"; it is the gain
    the loop must reach, not the link."""
    feedback = L01["01.3"].evaluate("01.3", answer)
    assert feedback.status == WRONG and "loop gain the four links must reach" in feedback.message
    assert "rounded" not in feedback.message


# --- round 12 ---------------------------------------------------------------------------------------

def test_00_3_a_month_late_names_both_slips_without_the_answer():
    """Round 12: 23's hint ran "...; or it is what a logarithm rounded before the last step gives"."""
    message = L00["00.3"].evaluate("00.3", 23).message
    assert "counting the start as month 1" in message and "ln 10/0.1 = 23.03" in message
    assert "or it is what" not in message and "month 22" not in message and "901.5" not in message


@pytest.mark.parametrize("answer", [24, 23.03, 23.026])
def test_00_3_the_rough_logarithm_is_named_not_the_lectures_chart(answer):
    """Round 12: 24 was only "where the lecture's chart ends" and 23.03 got the generic count
    message; both now name ln 0.9 rounded to −0.1 (ln 10/0.1 = 23.03)."""
    feedback = L00["00.3"].evaluate("00.3", answer)
    assert feedback.status == WRONG and "ln 10/0.1" in feedback.message, feedback.message
    assert "not the count asked" not in feedback.message


@pytest.mark.parametrize("answer", [1, 1.0])
def test_00_2_a_gain_of_one_is_named_as_a_loop_that_never_settles(answer):
    """Round 12: 1.0 got the generic rounding message."""
    feedback = L00["00.2"].evaluate("00.2", answer)
    assert feedback.status == WRONG and "never settle" in feedback.message, feedback.message
    assert "0.84" not in feedback.message


@pytest.mark.parametrize("answer, words", [
    (5, "lecture's multiplier 1/(1 − G) at G = 0.8"), (5.0, "lecture's multiplier"),
    (6.7, "this loop's multiplier"), (6.67, "this loop's multiplier"), (24, "lecture's G = 0.8")])
def test_01_5_multipliers_and_the_lectures_gain_are_named(answer, words):
    """Round 12: 5 (the lecture's multiplier at G = 0.8) got the generic near-miss message."""
    feedback = L01["01.5"].evaluate("01.5", answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message
    assert "18" not in feedback.message.replace("1/(1", "")


def test_collins_turning_the_flywheel_is_cited_with_its_year_2019():
    """Round 12: Collins's monograph *Turning the Flywheel* (HarperCollins, 2019) was cited without
    its year or with the sketch's 2001; every mention gives 2019."""
    import json
    import re
    from pathlib import Path

    import valueloops.charts.diagram as diagram

    root = Path(__file__).resolve().parents[1]
    texts = {"lecture 01": " ".join("".join(c["source"]) for c in json.loads(
                 (root / "notebooks" / "01_flywheel.ipynb").read_text(encoding="utf-8"))["cells"]),
             "guide 01": (root / "instructors" / "01_flywheel.md").read_text(encoding="utf-8"),
             "diagram": Path(diagram.__file__).read_text(encoding="utf-8")}
    for name, text in texts.items():
        text = " ".join(text.split())
        mentions = re.findall(r"Turning the Flywheel\*?,? ?(\d{4})?", text)
        assert mentions and all(year == "2019" for year in mentions), (name, mentions)


def test_01_1_mean_of_every_aws_rows_rate_and_the_window_hint():
    """Round 12: `pct_change().mean()` on the AWS rows (the eleven rates 2015-2025, 36.2) got the
    generic message; 28.9 (the 11th root) was told "n − 1, not n", against the question's n = 10."""
    from valueloops.data import load
    segments = load("amazon_segments")
    aws = segments[segments["segment"] == "AWS"].sort_values("year")
    mean = aws.net_sales_musd.pct_change().mean() * 100
    for answer in (mean, round(mean, 1)):
        feedback = L01["01.1"].evaluate("01.1", answer)
        assert feedback.status == WRONG and "average of the yearly growth rates" in feedback.message
        assert "pct_change().mean()" in feedback.message, feedback.message
    eleventh = 100 * ((_aws(LAST) / _aws(FIRST)) ** (1 / (LAST - FIRST + 1)) - 1)
    message = L01["01.1"].evaluate("01.1", round(eleventh, 1)).message
    assert "number of years in the window" in message and "n − 1" not in message, message
    assert f"years of growth between them: {LAST - FIRST}" in message


@pytest.mark.parametrize("places", range(0, 7))
def test_01_2_a_result_rounded_at_any_number_of_decimals_is_refused(places):
    """Round 12: round(..., 3) passed (case 4 moved by 4e-5, inside the old 1e-6 tolerance) while
    round(..., 0/1/2) were refused; every rounding is now the named slip."""
    def rounded(x, gain, push, capacity):
        return round(x + ((gain - 1) * x + push) * (1 - x / capacity), places)
    feedback = L01["01.2"].evaluate("01.2", rounded)
    assert feedback.status == WRONG and "round" in feedback.message, (places, feedback.message)


def test_01_2_the_same_formula_in_another_order_still_passes():
    def reordered(x, gain, push, capacity):
        return x + (gain - 1) * x * (capacity - x) / capacity + push * (capacity - x) / capacity
    assert L01["01.2"].evaluate("01.2", reordered).status == CORRECT


def test_flywheel_summary_says_a_huge_level_in_words():
    """Round 12: links 1.2/1.2/1.2 printed "quarter 40 reaches 202,365,338,095"."""
    from valueloops.charts.flywheel import FlywheelChart, readable
    assert readable(202_365_338_095) == "about 202 billion"
    assert readable(4_520_000) == "about 4.52 million" and readable(1_234.4) == "1,234"
    assert readable(12_345_000_000_000) == "about 12.3 trillion"
    chart = FlywheelChart(start=50, push=10, quarters=40)
    text = chart.summary(chart.compute(link1=1.2, link2=1.2, link3=1.2, capacity=1000))
    assert "about 2.0 × 10¹⁴ orders" in text and "202,365" not in text, text  # r28a: in orders
    small = chart.summary(chart.compute(link1=1.1, link2=1.0, link3=1.0, capacity=1000))
    assert "about" not in small.split("with capacity")[0], small


def test_the_lectures_own_wording_after_round_12():
    """Round 12: the book's year, the link the example names, exchange rates in 2022, parameter
    counts in the comparison of fits, and lesson 00's AWS claim marked as the course's."""
    import json
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]

    def text(name):
        cells = json.loads((root / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
        return " ".join(" ".join("".join(c["source"]) for c in cells).split())
    l00, l01 = text("00_start_here.ipynb"), text("01_flywheel.ipynb")
    assert "The Everything Store*, 2013" in l01
    assert "order's worth of better experience brings 1.1 extra orders' worth of traffic" in l01
    assert "US\\$ 5.0 billion unfavourable effect" in l01 and "2 February 2023" in l01
    assert "Both fit two numbers, so part of their edge over the flat line and the leaking loop" in l01   # r25a 01 #2
    assert "more numbers to choose" not in l01
    assert "In the one-circle version this lesson uses (cell below): lower prices" in l01   # r25a 01 #1
    assert "limit 4.2, pushed loop 5.8, flat line 7.8, leaking loop 11.4 points, with G ≈ 1.31 and K ≈ 925" in l01   # r25a 01 #3
    # review r22e 01 items 1-2: one loop on the napkin, not "a single loop"; each §6 point made once
    assert "business as a cycle (Jim Collins" in l01 and "single loop" not in l01
    assert l01.count("cannot rule out the pushed loop") == 1 and "rule the pushed loop out" not in l01
    assert l01.count("reject the leaking loop") == 1
    assert "the course's claim, tested in lesson 09" in l00


# --- round 14 (r14/u15a): the lecture's simulation, idxmax's 0, levels for a quarter, share to 2 dp --

@pytest.mark.parametrize("months", [24, 12])
def test_00_1_a_simulations_last_row_is_named_before_the_rounding_message(months):
    """r14: 248.8 (the lecture's 24-month simulation with this shop's numbers) was told it "rounds
    (half up) to 249 ... re-check the last step"; 232.8 (12 months) got a generic message."""
    from valueloops.flywheel import loop_path
    level = float(loop_path(gain=0.8, push=50, steps=months).iloc[-1])
    assert round(level, 1) == {24: 248.8, 12: 232.8}[months]
    for answer in (level, round(level, 1), round(level)):
        feedback = L00["00.1"].evaluate("00.1", answer)
        assert feedback.status == WRONG, answer
        assert f"month {months} of a simulation" in feedback.message, feedback.message
        assert "u/(1 − G)" in feedback.message and "re-check" not in feedback.message
    assert L00["00.1"].evaluate("00.1", 250).status == CORRECT


@pytest.mark.parametrize("exercise, threshold", [("00.3", "900"), ("01.4", "750")])
def test_zero_from_idxmax_is_named(exercise, threshold):
    """r14: 0 (what (path >= threshold).idxmax() returns when no row meets it) got "not the count
    asked"; the hint names idxmax and the comparison, without giving the answer away."""
    specs = L00 if exercise.startswith("00") else L01
    feedback = specs[exercise].evaluate(exercise, 0)
    assert feedback.status == WRONG and "idxmax() returns when no" in feedback.message
    assert threshold in feedback.message
    assert str(int(specs[exercise].expected)) not in feedback.message, feedback.message


@pytest.mark.parametrize("level", [750, 1000, 923, 922.98, 769, 768.9])
def test_01_4_a_level_given_for_the_quarter_is_named(level):
    """r14: the threshold, K, the lecture's quarter-40 level (923) and the level at the answer's
    quarter (768.9) got "not the count asked"."""
    feedback = L01["01.4"].evaluate("01.4", level)
    assert feedback.status == WRONG and "not a quarter" in feedback.message, (level, feedback.message)


def test_01_1_a_share_rounded_to_two_decimals_is_named():
    """r14: 0.32 (the rate as a share, to two decimals) got "0.32 is not it" while 0.322 got the
    share hint; the hint fires only near 0.32, so 0.322 keeps its own."""
    from valueloops.checks.lesson01 import _AWS_CAGR
    share = round(_AWS_CAGR / 100, 2)
    assert share == 0.32
    feedback = L01["01.1"].evaluate("01.1", share)
    assert feedback.status == WRONG and "share rounded to two decimals" in feedback.message
    assert "percent to one decimal" in feedback.message
    other = L01["01.1"].evaluate("01.1", round(_AWS_CAGR / 100, 3))
    assert "looks like a share" in other.message and "two decimals" not in other.message


def test_01_2_the_room_left_with_its_sign_flipped_is_named():
    """r14: (x/capacity − 1) for (1 − x/capacity) got a generic message."""
    def flipped(x, gain, push, capacity):
        return x + ((gain - 1) * x + push) * (x / capacity - 1)
    feedback = L01["01.2"].evaluate("01.2", flipped)
    assert feedback.status == WRONG and "1 − x/K, not x/K − 1" in feedback.message, feedback.message


def test_flywheel_summary_gives_the_unit_and_says_the_level_is_off_the_chart():
    """r14: links 1.2/1.2/1.2 said "quarter 40 reaches about 202 billion" with no unit; the level
    is far above the chart's 0–4,000 axis. A level on the axis gets no such remark."""
    from valueloops.charts.flywheel import FlywheelChart
    chart = FlywheelChart(start=50, push=10, quarters=40)
    huge = chart.compute(link1=1.2, link2=1.2, link3=1.2, capacity=1000)
    text = chart.summary(huge)
    # r28a clarity 4: "about 202 billion thousand orders" stacked two units
    assert "far above the chart (about 2.0 × 10¹⁴ orders)" in text, text
    assert "thousand orders" not in text and "billion" not in text, text
    from valueloops.charts.flywheel import as_power_of_ten
    assert as_power_of_ten(9.96e14) == "1.0 × 10¹⁵" and as_power_of_ten(4.52e9) == "4.5 × 10⁹"
    mid = chart.compute(link1=1.1, link2=1.1, link3=1.0, capacity=1000)  # G = 1.21: under 1e6
    assert mid.free.iloc[-1] < 1e6 and "thousand orders (far above the chart)" in chart.summary(mid)
    assert chart.axis_limit(huge) == 4000
    near = chart.compute(link1=1.02, link2=1.0, link3=1.0, capacity=1000)
    assert near.free.iloc[-1] < chart.axis_limit(near)
    assert "chart" not in chart.summary(near), chart.summary(near)


def test_the_lectures_wording_after_round_14():
    """r14: the exchange-rate effect named as the release names it (a quarter's figure), the shops
    the Physical stores line held, the push's sections, the takeaway on the whole, and the blank
    in the "fit stays above/below" column explained, with the limit's misses in 2022-2025."""
    import json
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "notebooks" / "01_flywheel.ipynb").read_text(encoding="utf-8"))["cells"]
    l01 = " ".join(" ".join("".join(c["source"]) for c in cells).split())
    assert "foreign-exchange loss" not in l01 and "such as Amazon Books and Amazon Go" not in l01
    # r28a clarity 3: the quarter is named as a quarter, not as the year
    assert ("in its fourth quarter alone, net sales grew 9%, or 12% excluding a US\\$ 5.0 billion "
            "unfavourable effect of exchange-rate changes") in l01
    # r28a clarity 2: Amazon Fresh stores opened only in 2020 (first online-only, April 2020)
    assert "Amazon's own shops: Amazon Books, Amazon Go, Amazon Fresh" not in l01
    assert ("Amazon Go (open to the public from 2018) and, from 2020 on, Amazon Fresh grocery "
            "stores") in l01
    assert "in this lesson's terms (sections 3–4)" in l01
    assert "on the whole, the bigger Amazon got" in l01
    # r24a #1: the one-sided column (and the paragraph explaining its blank) left the lecture;
    # cell 56 says the one-sided misses in words.
    assert "A blank in that column (below) means" not in l01
    assert "which runs above the data in every year" not in l01
    from valueloops.charts.flywheel import consolidated_sales
    from valueloops.data import load
    from valueloops.flywheel import fit_logistic, growth_pairs
    sales = consolidated_sales(load("amazon_segments"))
    pairs = growth_pairs(sales)
    gap = 100 * (fit_logistic(sales).growth_at(pairs["previous"].to_numpy()) - pairs["growth"].to_numpy())
    by_year = dict(zip(pairs.index, gap))
    assert [round(by_year[y], 1) for y in (2022, 2023, 2024, 2025)] == [6.8, 2.9, 1.6, -2.0]
    # r28a clarity 1: cell 56 split in two, the misses said year range first
    assert ("the pushed loop every year 2022–2025 (by 4.6 to 8.4 points), the limit in 2022, 2023 "
            "and 2024 (by 1.6 to 6.8; 2.0 below in 2025). They miss the trend, not just the noise.") in l01


# --- 01.8-01.9 (issue 27): AWS's share of net sales, drawn by the student, and the year it fell ---
def _aws_share_table():
    """AWS's share of net sales by year, as a student computes it from the table."""
    from valueloops.data import load
    sales = load("amazon_segments").pivot(index="year", columns="segment", values="net_sales_musd")
    return (sales["AWS"] / sales["Consolidated"]).rename("share").reset_index(), sales


@pytest.fixture
def drawn():
    """A clean pyplot state for each drawing, closed after the test."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.close("all")
    yield plt
    plt.close("all")


def _seaborn_line(plt, share):
    import seaborn as sns
    ax = sns.lineplot(data=share, x="year", y="share", marker="o")
    ax.set(xlabel="Year", ylabel="AWS (share of net sales)")
    return ax


def _seaborn_bars(plt, share):
    import seaborn as sns
    ax = sns.barplot(data=share, x="year", y="share")
    ax.set_xlabel("year")
    ax.set_ylabel("share of net sales")
    return ax


def _pandas_plot(plt, share):
    return share.set_index("year")["share"].plot(xlabel="year", ylabel="AWS's share of Amazon's net sales")


def _matplotlib_shuffled(plt, share):
    rows = share.sample(frac=1, random_state=7)   # unsorted: the check reads points, not order
    fig, ax = plt.subplots()
    ax.plot(rows["year"], rows["share"], "o")
    ax.set_xlabel("fiscal year")
    ax.set_ylabel("share of net sales")
    return ax


@pytest.mark.parametrize("draw", [_seaborn_line, _seaborn_bars, _pandas_plot, _matplotlib_shuffled])
def test_01_8_the_right_chart_passes_however_it_is_drawn(drawn, draw):
    share, _ = _aws_share_table()
    feedback = L01["01.8"].evaluate("01.8", draw(drawn, share))
    assert feedback.status == CORRECT, feedback.message


def _wrong_percent(plt, share, sales):
    import seaborn as sns
    ax = sns.lineplot(x=share["year"], y=100 * share["share"])
    ax.set(xlabel="year", ylabel="AWS share of net sales (%)")
    return ax


def _wrong_last_year_missing(plt, share, sales):
    import seaborn as sns
    ax = sns.lineplot(data=share[share["year"] < LAST], x="year", y="share")
    ax.set(xlabel="year", ylabel="share of net sales")
    return ax


def _wrong_aws_sales(plt, share, sales):
    import seaborn as sns
    ax = sns.lineplot(x=sales.index, y=sales["AWS"])
    ax.set(xlabel="year", ylabel="AWS share of net sales")
    return ax


def _wrong_every_row(plt, share, sales):
    ax = (sales["AWS"] / sales.sum(axis=1)).plot(xlabel="year", ylabel="share of net sales")
    return ax


def _wrong_operating_income(plt, share, sales):
    from valueloops.data import load
    income = load("amazon_segments").pivot(index="year", columns="segment", values="operating_income_musd")
    return (income["AWS"] / income["Consolidated"]).plot(xlabel="year", ylabel="share of operating income")


def _wrong_lecture_chart(plt, share, sales):
    """The lecture's own cell, copied: all of Amazon's net sales in US$ billions."""
    import seaborn as sns
    from valueloops.charts.flywheel import consolidated_sales
    from valueloops.data import load
    whole = consolidated_sales(load("amazon_segments"))
    ax = sns.lineplot(data=whole.reset_index(), x="year", y="net_sales_busd", marker="o")
    ax.set(xlabel="Year", ylabel="Net sales (US$ billions)")
    return ax


def _wrong_consolidated_millions(plt, share, sales):
    return sales["Consolidated"].plot(xlabel="year", ylabel="share of net sales")


def _wrong_north_america(plt, share, sales):
    return (sales["North America"] / sales["Consolidated"]).plot(xlabel="year", ylabel="share of net sales")


def _wrong_international(plt, share, sales):
    return (sales["International"] / sales["Consolidated"]).plot(xlabel="year", ylabel="share of net sales")


def _wrong_no_labels(plt, share, sales):
    fig, ax = plt.subplots()
    ax.plot(share["year"], share["share"])
    return ax


def _wrong_blank_axes(plt, share, sales):
    fig, ax = plt.subplots()
    return ax


@pytest.mark.parametrize("draw, words", [
    (_wrong_percent, "shares in percent"),
    (_wrong_last_year_missing, f"the table reaches {LAST}"),
    (_wrong_aws_sales, "you plotted AWS's net sales (US$ millions)"),
    (_wrong_every_row, "the total counted twice"),
    (_wrong_operating_income, "share of operating income"),
    (_wrong_lecture_chart, "that is the lecture's chart"),
    (_wrong_consolidated_millions, "all of Amazon's net sales (US$ millions)"),
    (_wrong_north_america, "that is North America's share"),
    (_wrong_international, "that is International's share"),
    (_wrong_no_labels, "neither axis is labelled"),
    (_wrong_blank_axes, "nothing was plotted"),
])
def test_01_8_each_wrong_chart_gets_its_own_message(drawn, draw, words):
    share, sales = _aws_share_table()
    feedback = L01["01.8"].evaluate("01.8", draw(drawn, share, sales))
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_01_8_a_blank_answer_and_the_table_itself_are_not_a_chart():
    from valueloops.checks.core import NOT_ANSWERED, WRONG_TYPE
    share, _ = _aws_share_table()
    assert L01["01.8"].evaluate("01.8", ...).status == NOT_ANSWERED
    table = L01["01.8"].evaluate("01.8", share)
    assert table.status == WRONG_TYPE and "the table, not the chart" in table.message
    for answer, words in L01["01.8"].wrong_answers():   # every declared mistake, drawn by the spec
        feedback = L01["01.8"].evaluate("01.8", answer)
        assert feedback.status != CORRECT and words in feedback.message, (words, feedback.message)


def test_01_8_an_unlabelled_y_axis_and_a_label_without_the_unit_are_told_apart(drawn):
    share, _ = _aws_share_table()
    fig, ax = drawn.subplots()
    ax.plot(share["year"], share["share"])
    ax.set_xlabel("year")
    assert "the y axis is not labelled" in L01["01.8"].evaluate("01.8", ax).message
    ax.set_ylabel("AWS")
    assert "does not name the unit" in L01["01.8"].evaluate("01.8", ax).message
    ax.set_ylabel("AWS (share of net sales)")
    assert L01["01.8"].evaluate("01.8", ax).status == CORRECT


@pytest.mark.parametrize("ylabel", ["AWS (fraction of net sales)", "Proportion of Amazon's net sales",
                                    "AWS share", "AWS/Amazon net sales ratio"])
def test_01_8_a_fraction_or_a_proportion_names_the_unit_too(drawn, ylabel):
    """Round 19: only "share" was read as the y label's unit; fraction and proportion say it too."""
    share, _ = _aws_share_table()
    fig, ax = drawn.subplots()
    ax.plot(share["year"], share["share"])
    ax.set(xlabel="year", ylabel=ylabel)
    feedback = L01["01.8"].evaluate("01.8", ax)
    assert feedback.status == CORRECT, feedback.message
    ax.set_ylabel("AWS (US$)")
    assert "does not name the unit" in L01["01.8"].evaluate("01.8", ax).message


def test_01_9_the_share_fell_in_exactly_one_year_and_that_year_is_the_answer():
    share, sales = _aws_share_table()
    fell = list(share.loc[share["share"].diff() < 0, "year"])
    assert fell == [2020]                    # the data, not a figure typed in
    assert L01["01.9"].expected == 2020
    assert L01["01.9"].evaluate("01.9", 2020).status == CORRECT
    growth = sales["AWS"].pct_change()
    assert growth.loc[2020] > 0.25           # AWS still grew fast; the rest of Amazon grew faster


@pytest.mark.parametrize("answer, words", [
    (2019, "in 2019 the share rose (0.110 → 0.125)"),   # r29a: no hint points at the year between
    (2021, "in 2021 the share rose (0.118 → 0.132)"),
    (2023, "AWS's own growth was slowest"),
    (2022, "the whole company grew slowest"),
    (2023, "only a little (0.156 → 0.158)"),
    (0.118, "0.118 is a share: the question asks for the year"),
    (0.1175, "0.118 is a share: the question asks for the year"),   # the share unrounded
    (11.8, "a share in percent"),
    (0.125, "that is a share (0 to 1), not a year"),               # 2019's share, the peak
    (0.18, "that is a share (0 to 1), not a year"),
])
def test_01_9_the_plausible_wrong_years_are_named(answer, words):
    feedback = L01["01.9"].evaluate("01.9", answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message
    assert "2020" not in feedback.message    # a hint never gives the answer away


@pytest.mark.parametrize("answer, words", [
    (2017, "in 2017 the share rose (0.090 → 0.098)"),
    (2025, "in 2025 the share rose"),
    (2015, "in 2015 the share rose (0.052 → 0.074)"),
    (2014, "2014 is the first year of the table: there is no year before"),
    (20, "give the year in full, four digits"),
    (17, "give the year in full, four digits"),
])
def test_01_9_every_other_year_of_the_table_gets_a_hint_that_fits_the_question(answer, words):
    """r20a #6: 2014, 2017, 2025 or 20 got the threshold hint ("more than, or at least?"), which does
    not fit a question with no threshold; each year of the table now says the share rose that year."""
    feedback = L01["01.9"].evaluate("01.9", answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message
    assert "more than, or at least" not in feedback.message
    assert "2020" not in feedback.message


def test_01_9_a_year_outside_the_table_is_wrong_without_a_named_slip():
    feedback = L01["01.9"].evaluate("01.9", 2030)
    assert feedback.status == WRONG and "not the year asked" in feedback.message, feedback.message


def _share_rounded(plt, decimals):
    share, _ = _aws_share_table()
    fig, ax = plt.subplots()
    ax.plot(share["year"], share["share"].round(decimals), "o")
    ax.set(xlabel="year", ylabel="share of net sales")
    return ax


def test_01_8_shares_rounded_to_three_decimals_pass(drawn):
    """r20a #2: `.round(3)` draws the same chart; it was refused with "check the column you
    plotted" (the default rel_tol 1e-3; 2014's 0.052 against 0.05219 is 0.4%)."""
    feedback = L01["01.8"].evaluate("01.8", _share_rounded(drawn, 3))
    assert feedback.status == CORRECT, feedback.message


def test_01_8_shares_rounded_to_two_decimals_fail_with_their_own_hint(drawn):
    feedback = L01["01.8"].evaluate("01.8", _share_rounded(drawn, 2))
    assert feedback.status == WRONG
    assert "rounded to two decimals" in feedback.message, feedback.message
    assert "check the column" not in feedback.message


def test_01_8_question_and_guide_say_which_labels_count():
    """r20a #4: seaborn's column-name labels count; a code name with an underscore does not."""
    import json
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "solutions" / "01_flywheel.ipynb").read_text())["cells"]
    question = next("".join(c["source"]) for c in cells
                    if "".join(c["source"]).startswith("## Exercise 01.8"))
    assert "columns named `year` and `share` count" in question
    assert "`aws_share`" in question and "does not" in question
    guide = (root / "instructors" / "01_flywheel.md").read_text()
    assert "columns named `year` and `share` count" in guide
    assert "shares rounded to two decimals (named: too coarse)" in guide


# --- round 13 (z0105e): review r24a, lesson 01 ---
def test_r24a_01_9_the_row_number_and_the_change_itself_are_named():
    """Review r24a 01 item 3: with the solution's own frame (reset_index()), `.diff().idxmin()` gives
    the row number 6 and `.diff().min()` the change -0.0073; both got the generic "check the
    condition (more than, or at least?)", though the question has no condition."""
    share, _ = _aws_share_table()
    row = int(share["share"].diff().idxmin())
    change = float(share["share"].diff().min())
    for value, words in [(row, "that is the row number of the year"),
                         (change, "that is the change in the share (.diff().min())"),
                         (round(change, 4), "that is the change in the share (.diff().min())")]:
        feedback = L01["01.9"].evaluate("01.9", value)
        assert feedback.status == WRONG and words in feedback.message, (value, feedback.message)
        assert "more than, or at least" not in feedback.message and "2020" not in feedback.message


@pytest.mark.parametrize("answer, words", [
    (5, "that is a row number, not a year"), (7, "that is a row number, not a year"),
    (2030, "give a four-digit year of the table"), (-0.02, "not a year but a value"),
])
def test_r24a_core_year_message_names_row_numbers_not_a_condition(answer, words):
    """Review r24a 01 items 3 and 8 (core.py): the generic message of a year question spoke of a
    condition (more than, or at least?) that no year question of the course has."""
    feedback = L01["01.9"].evaluate("01.9", answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message
    assert "more than, or at least" not in feedback.message


@pytest.mark.parametrize("answer, words", [
    (36.4, "that takes the 9th root"), (16.3, "that is the multiple"), (16.34, "that is the multiple"),
    (19.7, f"AWS's growth in {LAST} alone"),
])
def test_r24a_01_1_more_slips_are_named(answer, words):
    """Review r24a 01 item 6: n = 9, the multiple 2025 ÷ 2015 and the last year's growth alone got
    only the generic "not it"."""
    feedback = L01["01.1"].evaluate("01.1", answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_r24a_01_5_off_by_ten_is_named():
    """Review r24a 01 item 7: 0.18 was named, 1.8 was not."""
    feedback = L01["01.5"].evaluate("01.5", 1.8)
    assert feedback.status == WRONG and "off by a factor of 10" in feedback.message, feedback.message


def _right_share(plt, share):
    fig, ax = plt.subplots()
    ax.plot(share["year"], share["share"], label="AWS")
    ax.set(xlabel="year", ylabel="share of net sales")
    return ax


def _plus_complement(plt, share, sales):
    ax = _right_share(plt, share)
    ax.plot(share["year"], 1 - share["share"])
    return ax


def _plus_consolidated(plt, share, sales):
    ax = _right_share(plt, share)
    ax.plot(share["year"], sales["Consolidated"].to_numpy() / 1e6, label="Consolidated (US$ tn)")
    return ax


def _all_three_segments(plt, share, sales):
    ax = sales.drop(columns="Consolidated").div(sales["Consolidated"], axis=0).plot()
    ax.set(xlabel="year", ylabel="share of net sales")
    return ax


@pytest.mark.parametrize("draw, words", [
    (_plus_complement, "1 other series (an unlabelled series from 0.8204 to 0.9478)"),
    (_plus_consolidated, "the series labelled 'Consolidated (US$ tn)'"),
    (_all_three_segments, "2 other series (International's share of net sales; North America's share"),
])
def test_r24a_01_8_one_series_means_one(drawn, draw, words):
    """Review r24a 01 items 4 and 5: the question says "Draw it as one series", yet AWS's share
    with 1 − share or with Consolidated/1e6 beside it passed; with all three segments' shares the
    hint named International's only. Every other series is now refused, each named."""
    share, sales = _aws_share_table()
    feedback = L01["01.8"].evaluate("01.8", draw(drawn, share, sales))
    assert feedback.status == WRONG and words in feedback.message, feedback.message
    assert "alone, one series" in feedback.message


def _line_and_points(plt, share):
    ax = _right_share(plt, share)
    ax.scatter(share["year"], share["share"])
    return ax


def _line_and_the_fall_marked(plt, share):
    ax = _right_share(plt, share)
    fell = share[share["share"].diff() < 0]
    ax.plot(fell["year"], fell["share"], "ro")
    ax.axhline(0.1, color="grey")
    return ax


def _pointplot(plt, share):
    import seaborn as sns
    ax = sns.pointplot(data=share, x="year", y="share")
    ax.set(xlabel="year", ylabel="share of net sales")
    return ax


@pytest.mark.parametrize("draw", [_line_and_points, _line_and_the_fall_marked, _pointplot])
def test_r24a_01_8_the_share_drawn_twice_over_is_still_one_series(drawn, draw):
    """An honest chart: the line and its points, the year it fell marked, a reference line."""
    share, _ = _aws_share_table()
    feedback = L01["01.8"].evaluate("01.8", draw(drawn, share))
    assert feedback.status == CORRECT and "series you drew" not in feedback.message, feedback.message


# --- review r25a, lesson 01 ------------------------------------------------------------------
def test_01_1_the_multiple_times_100_is_named():
    """r25a 01 #8: sales 2025 as a percent of 2015's (1633.6) was "not it"; now named."""
    ratio = _aws(LATEST_FISCAL_YEAR) / _aws(2015)
    feedback = L01["01.1"].evaluate("01.1", round(100 * ratio, 1))
    assert feedback.status == WRONG and "as a percent of sales 2015 (the multiple × 100)" in feedback.message
    assert L01["01.1"].evaluate("01.1", round(100 * (ratio ** 0.1 - 1), 1)).status == CORRECT


def test_01_8_a_filled_area_alone_is_named_not_called_empty(drawn):
    """r25a 01 #6: ax.fill_between(year, share) was told "nothing was plotted"; .plot.area() passes."""
    share, _ = _aws_share_table()
    fig, ax = drawn.subplots()
    ax.fill_between(share["year"], share["share"])
    ax.set(xlabel="year", ylabel="share of net sales")
    feedback = L01["01.8"].evaluate("01.8", ax)
    assert feedback.status == WRONG and "only a filled area (fill_between" in feedback.message
    assert "nothing was plotted" not in feedback.message
    empty = L01["01.8"].evaluate("01.8", drawn.subplots()[1])
    assert "nothing was plotted" in empty.message   # truly empty axes keep their message
    area = share.plot.area(x="year", y="share", xlabel="year", ylabel="share of net sales")
    assert L01["01.8"].evaluate("01.8", area).status == CORRECT


def test_01_8_two_digit_years_are_not_called_row_numbers(drawn):
    """r25a 01 #7: x = 14…25 were told "not the row numbers"; they are years without the century."""
    share, _ = _aws_share_table()
    fig, ax = drawn.subplots()
    ax.plot(share["year"] - 2000, share["share"])
    ax.set(xlabel="year", ylabel="share of net sales")
    feedback = L01["01.8"].evaluate("01.8", ax)
    assert feedback.status == WRONG and "look like years without the century" in feedback.message
    assert "row numbers" not in feedback.message
    fig, ax = drawn.subplots()
    ax.plot(range(len(share)), share["share"])   # real row numbers (0–11) keep their message
    ax.set(xlabel="year", ylabel="share of net sales")
    assert "not the row numbers" in L01["01.8"].evaluate("01.8", ax).message


def test_01_lecture_numbers_without_2020_follow_from_the_model():
    """r25a 01 #3: cell 59's sentence on the fit without 2020 quotes growth_readings(drop=(2020,))."""
    from valueloops.data import load
    from valueloops.flywheel import growth_readings
    segments = load("amazon_segments")
    sales = segments[segments["segment"] == "Consolidated"].set_index("year")["net_sales_musd"] / 1000
    r = growth_readings(sales, leak_gain=0.95, drop=(2020,))
    misses = [f"{r.loc[k, 'miss (points)']:.1f}" for k in ("limit", "pushed loop", "flat line", "leaking loop")]
    assert misses == ["4.2", "5.8", "7.8", "11.4"]
    assert r.loc["limit", "fitted"] == "G ≈ 1.31, K ≈ 925"


@pytest.mark.parametrize("letter, fragment", [
    ("b", "compare the levels, not the size of the changes"),
    ("c", "they do not: compute the level u/(1 − G) after each change"),
    ("d", "what share of 1 − G is it?"),
])
def test_r27e_00_5_wrong_letters_name_the_slip_without_the_levels(letter, fragment):
    """r27e (00 #2): each wrong letter's hint printed both levels (2,200 and 2,500), so the first
    wrong answer gave the right one away."""
    feedback = L00["00.5"].evaluate("00.5", letter)
    assert feedback.status == WRONG and fragment in feedback.message, feedback
    assert "2,200" not in feedback.message and "2,500" not in feedback.message
    assert "2200" not in feedback.message and "2500" not in feedback.message


# --- review r28a, lesson 01 (z01i) ------------------------------------------------------------
def _segment_shares(share, sales, order):
    """Each segment's share of net sales by year, columns in ``order`` (a wide table)."""
    wide = sales[list(order)].div(sales["Consolidated"], axis=0)
    wide.index = share["year"].to_numpy()
    return wide.rename_axis("year")


def _grouped_seaborn(order):
    def draw(plt, share, sales):
        import seaborn as sns
        melted = _segment_shares(share, sales, order).reset_index().melt(id_vars="year")
        ax = sns.barplot(data=melted, x="year", y="value", hue="segment")
        ax.set(xlabel="year", ylabel="share of net sales")
        return ax
    return draw


def _grouped_pandas(order):
    def draw(plt, share, sales):
        ax = _segment_shares(share, sales, order).plot.bar()
        ax.set(xlabel="year", ylabel="share of net sales")
        return ax
    return draw


FIRST_LAST = (("AWS", "North America", "International"), ("North America", "International", "AWS"))


@pytest.mark.parametrize("draw", [_grouped_seaborn(o) for o in FIRST_LAST] + [_grouped_pandas(o) for o in FIRST_LAST]
                         + [_grouped_pandas(("AWS", "North America"))])
def test_r28a_01_8_grouped_bars_with_aws_first_or_last_are_named_as_grouped(drawn, draw):
    """r28a 01.8 #1: with AWS's share first or last of three grouped bars, the middle group (on the
    ticks) was taken as the nearest: "none of the 3 series you drew is AWS's share …; the nearest:
    that is North America's share", which sent the student to fix a division they got right."""
    share, sales = _aws_share_table()
    feedback = L01["01.8"].evaluate("01.8", draw(drawn, share, sales))
    assert feedback.status == WRONG and "you drew grouped bars" in feedback.message, feedback.message
    assert "none of the" not in feedback.message and "divide the AWS row" not in feedback.message


def test_r28a_01_8_df_plot_with_the_year_as_a_column_is_named(drawn):
    """r28a 01.8 #2: `df.plot()` on the table with `year` still a column draws the years as a
    series against the row numbers 0-11; the hint led with "none of the 2 series …"."""
    share, _ = _aws_share_table()
    ax = share.plot()
    ax.set(xlabel="year", ylabel="share of net sales")
    feedback = L01["01.8"].evaluate("01.8", ax)
    assert feedback.status == WRONG and "you plotted the year column as a series" in feedback.message, \
        feedback.message
    assert 'df.plot(x="year"' in feedback.message and "none of the" not in feedback.message


def test_r28a_01_8_a_regplot_names_its_fitted_line(drawn):
    """r28a 01.8 #3: sns.regplot's fit line was named "an unlabelled series from 0.0625 to 0.1809"."""
    import seaborn as sns
    share, _ = _aws_share_table()
    ax = sns.regplot(data=share, x="year", y="share")
    ax.set(xlabel="year", ylabel="share of net sales")
    feedback = L01["01.8"].evaluate("01.8", ax)
    assert feedback.status == WRONG and "a fitted line (regplot or lmplot draws one)" in feedback.message, \
        feedback.message
    assert "unlabelled series" not in feedback.message


def test_r28a_01_9_the_row_number_hint_reads_the_year_in_a_way_that_works():
    """r28a 01.9: the hint said `aws_share.loc[6, 'year']`, a KeyError when aws_share is a Series."""
    share, _ = _aws_share_table()
    row = int(share["share"].diff().idxmin())
    message = L01["01.9"].evaluate("01.9", row).message
    assert f'aws_share["year"].iloc[{row}]' in message and ".loc[" not in message, message
    assert share["year"].iloc[row] == 2020


def test_r28a_01_1_the_mean_of_the_ten_rates_is_named_as_such():
    """r28a 01 smaller #2: 32.8 (the mean of the ten yearly rates 2016-2025) and 36.2 (eleven
    rates) got the same unspecific words."""
    rates = [_aws(y) / _aws(y - 1) - 1 for y in range(2016, LATEST_FISCAL_YEAR + 1)]
    mean = 100 * sum(rates) / len(rates)
    feedback = L01["01.1"].evaluate("01.1", round(mean, 1))
    assert feedback.status == WRONG, feedback.message
    assert f"average of the 10 yearly growth rates 2016–{LATEST_FISCAL_YEAR}" in feedback.message


def test_r29a_01_texts_and_the_0_85_hint():
    """r29a: cell 36 says a loop with G < 1 still multiplies the push; cell 59 does not repeat the
    table; 01.3's 0.85 is named as the second link; the 01.8 question admits a quotient label."""
    import json

    from valueloops.paths import ROOT

    cells = json.loads((ROOT / "notebooks" / "01_flywheel.ipynb").read_text(encoding="utf-8"))["cells"]
    text = " ".join(" ".join("".join(c["source"]).split()) for c in cells if c["cell_type"] == "markdown")
    assert "the loop no longer grows by itself (G < 1: it still multiplies the push, tenfold, but settles)" in text
    assert "no longer reinforces" not in text
    assert "The ranking survives (table above); the limit's numbers move a little (G ≈ 1.30, K ≈ 994)." in text
    message = L01["01.3"].evaluate("01.3", 0.85).message
    assert "0.85 is the second link itself" in message and "links multiply" in message
    for folder in ("solutions", "exercises"):
        cells = json.loads((ROOT / folder / "01_flywheel.ipynb").read_text(encoding="utf-8"))["cells"]
        question = " ".join(next("".join(c["source"]) for c in cells
                                 if "".join(c["source"]).startswith("## Exercise 01.8")).split())
        assert "or a quotient such as 'AWS ÷ net sales'" in question, folder
        assert "one series with seaborn or pandas, the year on the x axis" in question, folder
        # r30a: the question in two parts, what to draw and what the check reads
        assert "**What to draw.**" in question and "**What the check reads.**" in question, folder


def test_r30a_01_hints_for_a_given_link():
    """r30a 01 #3: 1.1, a given link, was answered with the generic message."""
    message = L01["01.3"].evaluate("01.3", 1.1).message
    assert "1.1 is one of the given links" in message and "e4 = 1" in message
