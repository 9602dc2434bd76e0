"""The machinery behind every check cell: answer specs, feedback and the failure students see.

A check cell calls ``check("01.3", answer)``. The exercise id names a spec registered in
``valueloops.checks.lessonNN``; the spec turns the answer into one short :class:`Feedback`:

* ``not answered`` -- the stub is still there (``...``, ``None`` or ``raise NotImplementedError``);
* ``wrong type``   -- e.g. text or a pandas Series where a number is asked, and what is expected;
* ``wrong``        -- with the most specific hint that fits: a percent given where a share is asked
  (x100), the wrong sign, a known plausible mistake (wrong units, off by one period ...), or
  "close, but outside the tolerance";
* ``correct``      -- and what exactly was verified.

A failed check raises :class:`CheckFailed`. IPython shows it through ``_render_traceback_`` as
that one message rather than a traceback wall, and the cell still fails, so nbval and the grading
command see it. Every spec can list the plausible wrong answers it recognises
(:meth:`Spec.wrong_answers`) so the test suite proves each hint fires.
"""

from __future__ import annotations

import json
import math
import numbers
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

CORRECT = "correct"
NOT_ANSWERED = "not answered"
WRONG_TYPE = "wrong type"
WRONG = "wrong"

GRADE_LOG_ENV = "VALUELOOPS_GRADE_LOG"
"""If this environment variable names a file, every check appends its result there as a JSON
line. The grading command sets it for the kernels it starts; students never need it."""


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: a status (one of the four above) and one short message."""

    exercise: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == CORRECT


class CheckFailed(Exception):
    """Raised by a check cell whose answer is not correct (yet).

    IPython calls ``_render_traceback_`` instead of printing a traceback, so a student sees one
    line: which exercise, what is wrong, what to try.
    """

    def __init__(self, feedback: Feedback):
        super().__init__(f"Exercise {feedback.exercise} - {feedback.status}: {feedback.message}")
        self.feedback = feedback

    def _render_traceback_(self) -> list[str]:
        symbol = "…" if self.feedback.status == NOT_ANSWERED else "✘"
        return [
            f"\x1b[1;31m{symbol} Exercise {self.feedback.exercise} - {self.feedback.status}\x1b[0m: "
            f"{self.feedback.message}"
        ]


def _missing(answer: Any) -> bool:
    return answer is Ellipsis or answer is None


def describe(value: Any) -> str:
    """A short, student-readable description of a value's type, e.g. ``text ('12')``."""
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:17] + "..."
        return f"text ({shown!r})"
    if isinstance(value, bool):
        return f"a True/False value ({value})"
    module = type(value).__module__.split(".")[0]
    if module == "pandas":
        return f"a pandas {type(value).__name__} with {len(value)} value(s)"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    if isinstance(value, (list, tuple, set, dict)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _as_number(answer: Any) -> float | None:
    """The answer as a float if it is a plain real number (not bool, not text, not a container)."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    return float(answer)


def _type_hint_for_number(answer: Any) -> str:
    module = type(answer).__module__.split(".")[0]
    if module == "pandas" and hasattr(answer, "__len__") and len(answer) == 1:
        return "take the number out with .item() (or .iloc[0])"
    if isinstance(answer, str):
        try:
            float(answer.replace(",", "").replace("%", ""))
        except ValueError:
            return "give a number, not text"
        return "remove the quotes: give the number itself, not text"
    return "give a single number"


class Spec:
    """Base class of an exercise's answer spec. Subclasses implement :meth:`evaluate`."""

    what: str = "your answer"

    def evaluate(self, exercise: str, answer: Any) -> Feedback:  # pragma: no cover - interface
        raise NotImplementedError

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        """Plausible wrong answers and a fragment of the hint each must produce (for the tests)."""
        return iter(())

    def blank_answer(self) -> Any:
        """What the generated exercise holds before a student answers."""
        return ...


@dataclass(frozen=True)
class Hint:
    """A known plausible mistake: an answer value and the hint it earns."""

    value: float
    message: str


@dataclass(frozen=True)
class Number(Spec):
    """A single number, compared within a tolerance.

    ``expected`` in ``unit`` (say "US$ billions" or "share of 1"); passes if
    ``|answer - expected| <= max(abs_tol, rel_tol * |expected|)``. ``share=True`` asks for a
    share between 0 and 1 and recognises the same value given in percent. ``hints`` name
    plausible mistakes (wrong units, off by one period ...).
    """

    expected: float
    unit: str
    rel_tol: float = 0.01
    abs_tol: float = 0.0
    share: bool = False
    hints: tuple[Hint, ...] = ()
    what: str = "the number"

    def tolerance(self) -> float:
        return max(self.abs_tol, self.rel_tol * abs(self.expected))

    def _near(self, answer: float, target: float) -> bool:
        return abs(answer - target) <= max(self.tolerance(), self.rel_tol * abs(target), 1e-12)

    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        if _missing(answer):
            return Feedback(exercise, NOT_ANSWERED,
                            f"replace ... with {self.what} ({self.unit}) and run the cell again.")
        value = _as_number(answer)
        if value is None:
            return Feedback(exercise, WRONG_TYPE,
                            f"got {describe(answer)}; expected one number in {self.unit}: "
                            f"{_type_hint_for_number(answer)}.")
        if math.isnan(value) or math.isinf(value):
            return Feedback(exercise, WRONG, f"got {value}; expected a finite number in {self.unit}.")
        verified = (f"Verified: {self.what} is within ±{self.tolerance():.3g} of the expected value "
                    f"({self.unit}); how you got it was not checked.")
        if self._near(value, self.expected):
            return Feedback(exercise, CORRECT, verified)
        for hint in self.hints:
            if self._near(value, hint.value):
                return Feedback(exercise, WRONG, hint.message)
        if self.share and self.expected != 0 and self._near(value, 100 * self.expected):
            return Feedback(exercise, WRONG,
                            f"that looks like a percent; give a share between 0 and 1 "
                            f"(e.g. 0.25, not 25).")
        if self.expected != 0 and self._near(value, -self.expected):
            return Feedback(exercise, WRONG, "right size, wrong sign: check the direction of the effect.")
        if abs(value - self.expected) <= 10 * self.tolerance():
            return Feedback(exercise, WRONG,
                            f"close, but outside the tolerance of ±{self.tolerance():.3g} {self.unit}: "
                            f"check rounding and the last step.")
        return Feedback(exercise, WRONG,
                        f"{value:.4g} is not it ({self.unit}); re-read the question and check each step.")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        yield "12", "remove the quotes"
        for hint in self.hints:
            yield hint.value, hint.message
        if self.share and self.expected != 0:
            yield 100 * self.expected, "percent"
        if self.expected != 0:
            yield -self.expected, "wrong sign"
        yield self.expected + 3 * self.tolerance() + 1e-9 * abs(self.expected), "close, but outside"


@dataclass(frozen=True)
class Choice(Spec):
    """A multiple-choice question answered with one letter, e.g. ``answer = "b"``.

    ``hints`` maps each wrong letter to why it is wrong; every wrong option should have one.
    """

    correct: str
    options: Mapping[str, str]
    hints: Mapping[str, str] = field(default_factory=dict)
    what: str = "the letter of your choice"

    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        letters = ", ".join(f'"{k}"' for k in self.options)
        if _missing(answer):
            return Feedback(exercise, NOT_ANSWERED, f"replace ... with one of {letters}.")
        if not isinstance(answer, str):
            return Feedback(exercise, WRONG_TYPE,
                            f"got {describe(answer)}; expected one letter in quotes, one of {letters}.")
        letter = answer.strip().lower().strip("().")
        if letter not in self.options:
            return Feedback(exercise, WRONG_TYPE, f"{answer!r} is not an option; choose one of {letters}.")
        if letter == self.correct:
            return Feedback(exercise, CORRECT,
                            f'Verified: "{letter}" is the intended option. Can you say why the others fail?')
        return Feedback(exercise, WRONG, self.hints.get(letter, "not this one; think about the model again."))

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        yield 2, "expected one letter"
        yield "z", "is not an option"
        for letter, hint in self.hints.items():
            yield letter, hint


@dataclass(frozen=True)
class Function(Spec):
    """A function the student writes, compared with a reference on a few argument sets.

    ``cases`` are keyword-argument dicts; results are compared as floats within ``rel_tol``
    (relative) or ``abs_tol``. ``mistakes`` pairs a plausible wrong implementation with the
    hint it earns: a student function that matches it on every case gets that hint.
    """

    reference: Callable[..., float]
    cases: Sequence[Mapping[str, Any]]
    unit: str
    mistakes: Sequence[tuple[Callable[..., float], str]] = ()
    rel_tol: float = 1e-6
    abs_tol: float = 1e-9
    what: str = "your function"

    def _close(self, a: float, b: float) -> bool:
        return abs(a - b) <= max(self.abs_tol, self.rel_tol * abs(b))

    def blank_answer(self) -> Any:
        def stub(**kwargs: Any) -> float:
            raise NotImplementedError
        return stub

    def _outputs(self, func: Callable[..., Any]) -> list[Any]:
        return [func(**case) for case in self.cases]

    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        if _missing(answer):
            return Feedback(exercise, NOT_ANSWERED, "write the function, run its cell, then this one.")
        if not callable(answer):
            return Feedback(exercise, WRONG_TYPE,
                            f"got {describe(answer)}; expected a function (pass its name, without ()).")
        results = []
        for case in self.cases:
            args = ", ".join(f"{k}={v!r}" for k, v in case.items())
            try:
                out = answer(**case)
            except NotImplementedError:
                return Feedback(exercise, NOT_ANSWERED,
                                "replace raise NotImplementedError with your code, run it, then this cell.")
            except TypeError as exc:
                return Feedback(exercise, WRONG_TYPE,
                                f"calling it with ({args}) failed: {exc}. Keep the parameter names given.")
            except Exception as exc:  # the student's code failed: say where, not a traceback
                return Feedback(exercise, WRONG, f"with ({args}) it raised {type(exc).__name__}: {exc}")
            value = _as_number(out)
            if value is None:
                return Feedback(exercise, WRONG_TYPE,
                                f"with ({args}) it returned {describe(out)}; expected one number in "
                                f"{self.unit}. Did you forget return?")
            results.append(value)
        expected = [float(v) for v in self._outputs(self.reference)]
        if all(self._close(r, e) for r, e in zip(results, expected)):
            return Feedback(exercise, CORRECT,
                            f"Verified: matches the reference on {len(self.cases)} argument sets "
                            f"({self.unit}); other inputs were not tried.")
        for mistake, hint in self.mistakes:
            wrong = [float(v) for v in self._outputs(mistake)]
            if all(self._close(r, w) for r, w in zip(results, wrong)):
                return Feedback(exercise, WRONG, hint)
        first_bad = next(i for i, (r, e) in enumerate(zip(results, expected)) if not self._close(r, e))
        args = ", ".join(f"{k}={v!r}" for k, v in self.cases[first_bad].items())
        return Feedback(exercise, WRONG,
                        f"with ({args}) it returned {results[first_bad]:.6g} {self.unit}, which is not "
                        f"right; work that case by hand.")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        yield 3.0, "expected a function"
        for mistake, hint in self.mistakes:
            yield mistake, hint


def log_feedback(feedback: Feedback) -> None:
    """Append the feedback as one JSON line to the file named by ``VALUELOOPS_GRADE_LOG``, if set."""
    path = os.environ.get(GRADE_LOG_ENV)
    if not path:
        return
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps({"exercise": feedback.exercise, "status": feedback.status,
                              "message": feedback.message}) + "\n")
