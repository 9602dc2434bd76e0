"""The feedback of the check machinery itself, on small specs made here."""

import numpy as np
import pandas as pd
import pytest

from valueloops.checks import (CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, CheckFailed, Choice,
                               Function, Hint, Number, check)


NUMBER = Number(expected=0.25, unit="share of sales", share=True,
                hints=(Hint(0.75, "the share the platform keeps is the other part"),))


@pytest.mark.parametrize("answer, status, fragment", [
    (..., NOT_ANSWERED, "replace ..."),
    (None, NOT_ANSWERED, "replace ..."),
    ("0.25", WRONG_TYPE, "remove the quotes"),
    ("a quarter", WRONG_TYPE, "not text"),
    (True, WRONG_TYPE, "True/False"),
    (pd.Series([0.25]), WRONG_TYPE, ".item()"),
    ([0.25, 0.5], WRONG_TYPE, "list"),
    (25, WRONG, "percent"),
    (-0.25, WRONG, "wrong sign"),
    (0.75, WRONG, "keeps is the other part"),
    (0.26, WRONG, "close, but outside"),
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
    assert spec.evaluate("1", lambda y: y).status == WRONG_TYPE  # wrong parameter name
    assert spec.evaluate("1", 3).status == WRONG_TYPE


def test_check_prints_on_success_and_raises_one_line_on_failure(capsys):
    check("00.1", 200)
    assert "correct" in capsys.readouterr().out
    with pytest.raises(CheckFailed) as info:
        check("00.1", ...)
    rendered = info.value._render_traceback_()
    assert len(rendered) == 1 and "not answered" in rendered[0]


def test_unknown_exercise_names_the_known_ones():
    with pytest.raises(ValueError, match="00.1"):
        check("00.9", 1)
