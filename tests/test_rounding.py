"""The course's one rounding rule (valueloops.rounding), shared by the checks and the charts."""

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from hypothesis import given, strategies as st

from valueloops import rounding, style
from valueloops.checks import core


def test_checks_and_charts_use_the_one_implementation():
    assert style.round_half_up is rounding.round_half_up
    assert core.round_half_up is rounding.round_half_up
    assert core.units_half_up is rounding.units_half_up


def test_ties_go_up_where_python_rounds_to_even():
    assert round(32.5) == 32 and rounding.round_half_up(32.5) == 33
    assert rounding.round_half_up(37.125, 2) == 37.13        # stored as 37.124999999999993
    assert rounding.round_half_up(-2.5) == -3
    assert core._units_half_up(21.85, 1) == 219 and isinstance(core._units_half_up(21.85, 1), int)
    assert core._units_half_up(-21.85, 1) == -219


def test_works_element_by_element_and_keeps_the_type():
    frame = rounding.round_half_up(pd.DataFrame({"a": [37.125, 25.635]}), 2)
    assert isinstance(frame, pd.DataFrame) and frame["a"].tolist() == [37.13, 25.64]
    assert np.allclose(rounding.round_half_up(np.array([0.5, 1.5, 2.5])), [1, 2, 3])


@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=4))
def test_agrees_with_decimal_half_up_on_numbers_written_with_one_more_place(digits, places):
    """A number written with ``places + 1`` decimals (a tie when it ends in 5) rounds as the
    decimal arithmetic taught in school does, although floating point stores it inexactly."""
    written = Decimal(digits).scaleb(-(places + 1))
    expected = written.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    units = core._units_half_up(float(written), places)
    assert units == int(expected.scaleb(places))


def test_a_derive_answer_may_round_with_the_course_rule():
    """Rounding is a helper, not a model: a derive answer that rounds is not refused."""
    def answer(x):
        return style.round_half_up(x, 2)

    with core.PackageCallWatch() as watch:
        answer(37.125)
    assert watch.names == [] and core.package_calls(answer) == []


def test_truncation_cuts_the_number_as_written_in_decimal():
    """2.05 is stored a hair low: cut at five decimals it stays 2.05 (not 2.04999), as a student
    cutting off the written number gets; a real excess is still cut."""
    assert rounding.truncate(2.05, 5) == 2.05 and core._truncate(2.05, 2) == 2.05
    assert rounding.truncate(13.636, 2) == 13.63 and rounding.truncate(-13.636, 2) == -13.63
    assert rounding.truncate(0.29, 2) == 0.29 and rounding.truncate(2.0499, 2) == 2.04
