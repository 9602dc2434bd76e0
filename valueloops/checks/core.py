"""The machinery behind every check cell: answer specs, feedback and the failure students see.

A check cell calls ``check("01.3", answer)``. The exercise id names a spec registered in
``valueloops.checks.lessonNN``; the spec turns the answer into one short :class:`Feedback`:

* ``not answered`` -- the stub is still there (``...``, ``None`` or ``raise NotImplementedError``);
* ``wrong type``   -- e.g. text or a pandas Series where a number is asked, and what is expected;
* ``wrong``        -- with the most specific hint that fits: a known plausible mistake (wrong
  units, the wrong quarter, n instead of n - 1 ...), a percent given where a share is asked (and the
  reverse), the wrong sign, a rounding slip ("close: ... rounded to one decimal"), a year or a count
  that is not the one asked;
* ``correct``      -- and what exactly was verified.

Precision is part of the question (COURSE.md section 7): a :class:`Number` declares ONE precision
(``decimals``, ``sig``, ``count``, ``year``, or an explicit ``abs_tol`` / ``rel_tol``), accepts every
answer that is right at that precision and nothing coarser, and names it in words
(:attr:`Number.precision_words`, e.g. "two decimals") so a test can check that the question says
the same; its messages use it as a phrase (:attr:`Number.precision_phrase`: "right to two decimals",
"as a whole number", "within ±0.5"). A known mistake (a hint, a percent for a share, the wrong
sign) is recognised by the same rule as the answer, so at the question's precision and any finer.

One rounding rule for the whole course (COURSE.md section 7, "a truncated answer is a named slip
everywhere or nowhere": here, everywhere). An answer is rounded to the nearest at the question's
precision, half up; a *threshold count* follows its meaning (``rounding="up"``: the smallest number
of orders or servers that breaks even; ``rounding="down"``: the largest that fits). A value cut off
(truncated) or rounded the wrong way, at the question's precision or a coarser one, is never
accepted: it is wrong, with a hint that names the slip ("close: ... cut off (truncated) instead of
rounded"). A count accepts its one whole number (a nearest count also the unrounded value itself;
a threshold count never: at the exact threshold the condition is not yet strictly met); the neighbouring
whole number on the other side is that named slip, for decimals, significant figures and counts alike.

A derive answer (:class:`Function`) that only calls the package's own model is refused, whether the
call is in its code (:func:`package_calls`) or happens when it runs (:class:`PackageCallWatch`);
a spec's ``model`` makes :meth:`Function.wrong_answers` generate such an answer, to prove it.

Where a failed check goes (:func:`strict`): under the grader, ``make test`` and nbval
(``VALUELOOPS_STRICT=1`` or pytest's ``PYTEST_CURRENT_TEST``) it raises :class:`CheckFailed`, which
IPython shows as one line (``_render_traceback_``) and which fails the cell. In a student's
JupyterLab it displays the same red line and returns, so Run All runs every cell. Every spec lists
the plausible wrong answers it recognises (:meth:`Spec.wrong_answers`) so the tests prove each hint
fires.
"""

from __future__ import annotations

import contextlib
import decimal
import dis
import functools
import html
import json
import math
import numbers
import os
import sys
import re
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..rounding import round_half_up, truncate, units_half_up

CORRECT = "correct"
NOT_ANSWERED = "not answered"
WRONG_TYPE = "wrong type"
WRONG = "wrong"

ROUNDINGS = ("nearest", "up", "down")
"""How a count rounds (``Number.rounding``): to the nearest (half up), or by a threshold's meaning."""

KINDS = ("compute", "derive", "explore", "data", "plot", "interpret")
"""The kinds of exercise of COURSE.md section 7; every spec names one (``Spec.kind``)."""

STRICT_ENV = "VALUELOOPS_STRICT"
"""If this environment variable is "1" (the grader, ``make test``), a failed check raises."""

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
        return [ansi_line(self.feedback)]


def _symbol(feedback: Feedback) -> str:
    return "…" if feedback.status == NOT_ANSWERED else "✘"


def ansi_line(feedback: Feedback) -> str:
    """A failed check as one red terminal line."""
    return (f"\x1b[1;31m{_symbol(feedback)} Exercise {feedback.exercise} - {feedback.status}\x1b[0m: "
            f"{feedback.message}")


def plain_line(feedback: Feedback) -> str:
    """A failed check as one line of plain text."""
    return f"{_symbol(feedback)} Exercise {feedback.exercise} - {feedback.status}: {feedback.message}"


def html_line(feedback: Feedback) -> str:
    """A failed check as one red line of HTML (what JupyterLab shows when the check does not raise)."""
    return (f'<div class="valueloops-check-failed" style="color:#b00020">'
            f'<b>{html.escape(_symbol(feedback))} Exercise {html.escape(feedback.exercise)} - '
            f'{html.escape(feedback.status)}</b>: {html.escape(feedback.message)}</div>')


def strict() -> bool:
    """True when a failed check must raise: ``VALUELOOPS_STRICT=1`` or running under pytest."""
    return os.environ.get(STRICT_ENV) == "1" or "PYTEST_CURRENT_TEST" in os.environ


def _missing(answer: Any) -> bool:
    """Not answered: the exercise's stub ``...`` is still there. ``None`` is an answer (what a
    function without ``return``, or ``print(...)``, gives), and is told so."""
    return answer is Ellipsis


NONE_GIVEN = ("None is what a function without return (or print(...)) gives: put the value itself "
              "on the right of =")
"""The hint for an answer that is None."""


def describe(value: Any) -> str:
    """A short, student-readable description of a value's type, e.g. ``text ('12')``."""
    if value is None:
        return "None"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:17] + "..."
        return f"text ({shown!r})"
    if isinstance(value, bool):
        return f"a True/False value ({value})"
    module = type(value).__module__.split(".")[0]
    if module == "pandas" and hasattr(value, "__len__"):
        return f"a pandas {type(value).__name__} with {len(value)} value(s)"
    if module == "pandas":  # one value with no length: a Timestamp, a Period, pd.NA ...
        return f"a pandas {type(value).__name__} ({value})"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    if isinstance(value, (list, tuple, set, dict)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _as_number(answer: Any) -> float | None:
    """The answer as a float if it is a plain real number (not bool, not text, not a container).

    A ``fractions.Fraction`` is a real number; a ``decimal.Decimal`` is not registered as one, but
    it is a number a student may well write (``Decimal("0.85")``), so it counts too. The grader
    decodes both the same way (:func:`valueloops.trusted.decode`)."""
    if isinstance(answer, decimal.Decimal):
        return float(answer)
    if isinstance(answer, np.ndarray) and answer.shape == () and answer.dtype.kind in "iuf":
        answer = answer.item()  # a 0-d array (np.array(2.8), a reduction's result) is one number
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    return float(answer)


def _return_hint(out: Any) -> str:
    """What to fix when a student's function returned something other than one number."""
    if out is None:
        return "Did you forget return?"
    if isinstance(out, (list, tuple)):
        return "Return only the one number asked, not several."
    return "Return a number (not text or a container)."


_DATE_TYPES = ("Timestamp", "Period", "date", "datetime")
"""Date types whose year a student may pass for a year (pandas and the standard library)."""


def _type_hint_for_number(answer: Any, year: bool = False, share: bool = False) -> str:
    """What to do with an answer that is not one number, as a sentence (``year``: the number asked
    is a calendar year, which a date holds as ``.year``; ``share``: a share is asked, so text with a
    % sign is told to give the share)."""
    if answer is None:
        return f"{NONE_GIVEN}."
    module = type(answer).__module__.split(".")[0]
    if module == "pandas" and hasattr(answer, "__len__") and len(answer) == 1:
        if type(answer).__name__.endswith("Index"):  # an Index has no .iloc
            return "Take the number out with .item() (or [0])."
        return "Take the number out with .item() (or .iloc[0])."
    if module == "pandas" and hasattr(answer, "__len__") and hasattr(answer, "index"):
        return ("Give a single number, not the whole table: pick one, e.g. .index[0] for the "
                "first row's label or .iloc[0] for its value.")
    if (isinstance(getattr(answer, "year", None), numbers.Integral) and hasattr(answer, "month")) or (
            module in ("pandas", "datetime") and type(answer).__name__ in _DATE_TYPES):
        # a date (Timestamp, Period, datetime.date; in the grader, a stand-in of that type)
        if year:
            return "Take the year out of the date with .year (e.g. answer.year)."
        return "Give the number asked, not a date."
    if isinstance(answer, str):
        try:
            float(answer.replace(",", "").replace("%", ""))
        except ValueError:
            return "Give a number, not text."
        if "%" in answer:  # "67%" without its quotes is a syntax error: say what to type instead
            return ("Give a number without quotes or the % sign, as a share between 0 and 1 "
                    "(0.25 for 25%)." if share else "Give a number without quotes or the % sign.")
        return "Remove the quotes and give the number itself."
    named = _number_fields(answer)
    if named:
        return (f"Give a single number, not the whole result: take the one asked from it "
                f"(its numbers: {', '.join(named)}).")
    return "Give a single number."


_NAN_CAUSE = ("pandas pairs the rows of two tables by their index labels, so dividing (or "
              "subtracting) one-row tables whose rows have different labels gives NaN. Take each "
              "number out with .item() (or .to_numpy()) first, then divide.")
"""Where a NaN answer usually comes from, and the cure (said for a NaN and for a table of NaN)."""


def _all_nan_table(answer: Any) -> bool:
    """True for a pandas Series or DataFrame with at least one value, every one of them NaN."""
    if type(answer).__module__.split(".")[0] != "pandas" or not hasattr(answer, "isna"):
        return False
    try:
        missing = np.asarray(answer.isna(), dtype=bool)
    except Exception:  # noqa: BLE001 - a stand-in without data: not a table of NaN
        return False
    return missing.size > 0 and bool(missing.all())


def _number_fields(answer: Any) -> list[str]:
    """A model result's number fields as attribute accesses (``[".owned", ".cost"]``); empty for
    anything that is not a dataclass or named tuple."""
    names = list(getattr(type(answer), "__dataclass_fields__", None) or getattr(answer, "_fields", ()))
    return [f".{name}" for name in names
            if isinstance(getattr(answer, name, None), numbers.Real)
            and not isinstance(getattr(answer, name, None), bool)]


class Spec:
    """Base class of an exercise's answer spec. Subclasses implement :meth:`evaluate`."""

    what: str = "your answer"
    kind: str = ""

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
    """A known plausible mistake: an answer value and the hint it earns.

    ``within``: matched only within this distance of ``value`` (in the question's units), for a
    slip whose neighbourhood at the question's precision holds other answers (2.85 rounds like the
    pace 2.89 but is not it). ``echo``: the message starts from the number typed ("21.85 solves
    ..."), for a hint shared by several values."""

    value: float
    message: str
    within: float | None = None
    echo: bool = False

    def says(self, answer: float) -> str:
        """The hint's message for ``answer``."""
        return f"{plain(answer)} {self.message}" if self.echo else self.message


_WORDS = {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
_PLACES = {-1: "ten", -2: "hundred", -3: "thousand", -4: "ten thousand", -5: "hundred thousand",
           -6: "million"}


def decimals_words(decimals: int) -> str:
    """A rounding precision in words: 2 -> "two decimals", 0 -> "nearest whole", -1 -> "nearest ten"."""
    if decimals < 0:
        return f"nearest {_PLACES.get(decimals, f'10^{-decimals}')}"
    if decimals == 0:
        return "nearest whole"
    return f"{_WORDS.get(decimals, str(decimals))} decimal{'s' if decimals > 1 else ''}"


_PHRASE_STARTS = ("to ", "within ", "as ", "at ", "in ", "exactly", "exact ")


def precision_phrase(words: str) -> str:
    """Precision words as a phrase that follows "right" or "asks for it": "two decimals" -> "to two
    decimals", "nearest whole" -> "to the nearest whole", "the cent" -> "to the cent"; a text that
    already reads as a phrase ("within ±0.5", "to the cent", "as a whole number") is kept."""
    words = " ".join(words.split())
    lower = words.lower()
    if lower.startswith(_PHRASE_STARTS):
        return words
    if lower.startswith("nearest "):
        return f"to the {words}"
    return f"to {words}"


def _units_half_up(x: float, decimals: int) -> int:
    """``x`` rounded half up at ``decimals`` as a signed whole count of units of the last place
    (21.85 at one decimal -> 219): the course's one rule, :mod:`valueloops.rounding`."""
    return int(units_half_up(x, decimals))


def _round_half_up(x: float, decimals: int) -> float:
    return float(round_half_up(x, decimals))


def _cut_phrase(places: int) -> str:
    """Where a number is cut off, in words: 1 -> "at one decimal", 0 -> "at the whole number",
    -1 -> "at the tens" (never "to the nearest whole": cutting off is not rounding to the nearest)."""
    if places > 0:
        return f"at {decimals_words(places)}"
    if places == 0:
        return "at the whole number"
    return f"at the {_PLACES.get(places, f'10^{-places}')}s"


def _truncate(x: float, decimals: int) -> float:
    return truncate(x, decimals)


def _round_away(x: float, decimals: int) -> float:
    """``x`` rounded away from zero at ``decimals`` (the "rounded up" slip)."""
    scale = 10.0 ** decimals
    return math.copysign(math.ceil(abs(x) * scale - 1e-9) / scale, x)


def plain(x: float) -> str:
    """A number as a student would type it: up to ten significant figures, never in exponent
    notation between 1e-6 and 1e15 (25000, not 2.5e+04; 249.49999, not 249.5)."""
    x = float(x)
    if not math.isfinite(x) or x == 0 or not 1e-6 <= abs(x) < 1e15:
        return f"{x:g}"
    return np.format_float_positional(x, precision=10, unique=True, fractional=False, trim="-")


def _eps(x: float) -> float:
    return 1e-9 * max(1.0, abs(x))


@dataclass(frozen=True)
class Number(Spec):
    """A single number, checked at the ONE precision the question states.

    ``expected`` in ``unit`` (say "US$ billions" or "share of 1"). Declare at most one precision:

    * ``decimals=d``: accepts every answer that rounds (half up) at d decimals to the same number
      as the exact answer: for 21.85 asked to one decimal, 21.9, 21.85 and 21.87 are right, 21.8
      (rounded the wrong way) and 21.95 are not (d may be negative: -1 is the nearest ten);
    * ``sig=s``: the same at s significant figures (the places set by the exact answer);
    * ``count=True``: a count of things; accepts the one whole number the question's ``rounding``
      gives ("nearest", half up, by default; "up" for the smallest count that reaches a threshold,
      "down" for the largest that fits) and, for "nearest" only, the unrounded value itself: 10.25 orders is 10 (or
      10.25); 11 is "rounded up" and, for 10.75, 10 is "cut off (truncated)", each a named slip;
    * ``year=True``: a calendar year, exact;
    * ``abs_tol`` or ``rel_tol``: an explicit tolerance, used alone (never max()-ed with another);
      ``precision`` then gives its words. With none of these, ``rel_tol=0.01``.

    ``share=True`` asks for a share between 0 and 1 and recognises the same value given in percent;
    ``percent=True`` the reverse. ``grid=g`` is for a question that asks for a value on a grid of
    steps g (the lowest headroom on a 0.01 grid that meets a target): an answer off the grid is
    not right even where it rounds like the expected value, and gets a hint that names the grid. ``hints`` name plausible mistakes (wrong units, the wrong quarter,
    n instead of n - 1 ...), each matched at the same precision. ``none_hint`` says what ``None``
    means where the answer cell ends in a call of a model that returns None for "no such value"
    (payback_period: never pays back); other answers that are None are told what gives None.
    ``percent_words`` and ``percent_example`` name the unit a ``percent=True`` question asks for
    when a share is given ("percentage points", "2.5, not 0.025"). ``hundredfold_hint``: the
    message for the answer written ×100 (a multiplier given in percent) where ``share`` does not
    apply; it fires for exactly the values that, ÷ 100, would be accepted (89, 89.1 and 88.5 for
    0.89; not 89.5, which is 0.895).
    """

    expected: float
    unit: str
    rel_tol: float | None = None
    abs_tol: float | None = None
    decimals: int | None = None
    sig: int | None = None
    count: bool = False
    year: bool = False
    share: bool = False
    percent: bool = False
    hints: tuple[Hint, ...] = ()
    what: str = "the number"
    kind: str = "compute"
    precision: str = ""
    rounding: str = "nearest"
    grid: float | None = None
    none_hint: str = ""
    percent_words: str = "a percent"
    percent_example: str = "e.g. 25, not 0.25"
    hundredfold_hint: str = ""
    year_miss: str = ""
    """For ``year=True``: what to say of a whole year no hint names (by default, a question with a
    condition is asked to check it: "more than, or at least?")."""

    def __post_init__(self) -> None:
        declared = [name for name in ("rel_tol", "abs_tol", "decimals", "sig")
                    if getattr(self, name) is not None] + [name for name in ("count", "year")
                                                           if getattr(self, name)]
        if len(declared) > 1:
            raise ValueError(f"a Number declares one precision, got {', '.join(declared)}")
        if self.share and self.percent:
            raise ValueError("a Number is asked as a share or as a percent, not both")
        if self.rounding not in ROUNDINGS:
            raise ValueError(f"rounding must be one of {', '.join(ROUNDINGS)}, got {self.rounding!r}")
        if self.rounding != "nearest" and not self.count:
            raise ValueError("rounding='up' or 'down' is for a threshold count (count=True)")

    # --- the precision ---------------------------------------------------------------------------
    @property
    def precision_words(self) -> str:
        """The precision in words, as the question must state it (e.g. "two decimals")."""
        if self.precision:
            return self.precision
        if self.decimals is not None:
            return decimals_words(self.decimals)
        if self.sig is not None:
            return f"{_WORDS.get(self.sig, str(self.sig))} significant figure{'s' if self.sig > 1 else ''}"
        if self.count:
            return "whole"
        if self.year:
            return "year"
        if self.abs_tol is not None:
            return f"within ±{self.abs_tol:g}"
        return f"within {100 * self._rel():g}%"

    @property
    def precision_phrase(self) -> str:
        """The precision as a phrase that completes a sentence after "right", "give it" or "asks for
        it": "to two decimals", "to the nearest ten", "as a whole number", "as an exact year",
        "within ±0.5", or a custom ``precision`` text ("the cent" -> "to the cent")."""
        if self.count:
            return "as a whole number"
        if self.year:
            return "as an exact year"
        return precision_phrase(self.precision_words)

    def _rel(self) -> float:
        return 0.01 if self.rel_tol is None else self.rel_tol

    def _places(self, target: float) -> int | None:
        """The decimal places the question rounds to (``decimals``, or ``sig`` at the magnitude of
        ``target``); None for counts, years and explicit tolerances."""
        if self.decimals is not None:
            return self.decimals
        if self.sig is not None and target != 0:
            return self.sig - 1 - math.floor(math.log10(abs(target)))
        return None

    def _rounds_like(self, value: float, target: float) -> bool:
        """True if ``value`` rounds (half up) at the question's places to the same number as
        ``target``, or is ``target`` itself."""
        places = self._places(target)
        if places is None:
            return abs(value - target) <= self._tolerance_at(target)
        return (_units_half_up(value, places) == _units_half_up(target, places)
                or abs(value - target) <= _eps(target))

    def _tolerance_at(self, target: float) -> float:
        if self.decimals is not None:
            return 0.5 * 10.0 ** -self.decimals + _eps(target)
        if self.sig is not None:
            if target == 0:
                return _eps(target)
            exponent = math.floor(math.log10(abs(target))) - self.sig + 1
            return 0.5 * 10.0 ** exponent + _eps(target)
        if self.count:
            return 0.5 + _eps(target)
        if self.year:
            return _eps(target)
        if self.abs_tol is not None:
            return self.abs_tol + _eps(target)
        return self._rel() * abs(target) + _eps(target)

    @property
    def whole(self) -> int:
        """The one whole number a count accepts: the expected value rounded as the question's
        ``rounding`` says (nearest, half up; up; down)."""
        e = self.expected
        if abs(e - round(e)) <= _eps(e):
            return int(round(e))
        if self.rounding == "up":
            return math.ceil(e)
        if self.rounding == "down":
            return math.floor(e)
        return int(_round_half_up(e, 0))

    @property
    def wrong_whole(self) -> int | None:
        """A count's other whole neighbour (the slip of rounding the wrong way or cutting off),
        or None when the expected value is whole."""
        e = self.expected
        if abs(e - round(e)) <= _eps(e):
            return None
        return math.floor(e) if self.whole == math.ceil(e) else math.ceil(e)

    def tolerance(self) -> float:
        """The largest accepted distance from the expected value."""
        if self.count:
            return max(abs(self.whole - self.expected), 0.005) + _eps(self.expected)
        places = self._places(self.expected)
        if places is not None:
            rounded = _round_half_up(self.expected, places)
            return abs(rounded - self.expected) + 0.5 * 10.0 ** -places + _eps(self.expected)
        return self._tolerance_at(self.expected)

    def on_grid(self, value: float) -> bool:
        """True if there is no grid, or ``value`` is a multiple of its step."""
        if self.grid is None:
            return True
        steps = value / self.grid
        return abs(steps - round(steps)) <= 1e-6 * max(1.0, abs(steps))

    def accepts(self, value: float) -> bool:
        """True if ``value`` is right at the stated precision (a count: its one whole number)."""
        if not self.on_grid(value):
            return False
        if self.count:
            e = self.expected
            unrounded_ok = self.rounding == "nearest"  # a threshold is met only by its whole number
            return (unrounded_ok and abs(value - e) <= 0.005 + _eps(e)) or abs(value - self.whole) <= _eps(e)
        return self._rounds_like(value, self.expected)

    def _matches(self, value: float, target: float, scale: float = 1.0) -> bool:
        """True if ``value`` is ``target`` at the question's precision, the answer's units being
        ``scale`` times the question's (100: a percent given for a share; 0.01 the reverse).

        The rule of :meth:`accepts`, widened to half a unit either side, so a known mistake (a
        hint, the percent of the share, the
        wrong sign) is recognised at the question's precision and at any finer one: a share asked to
        two decimals given as 28.5 percent is its percent (right to zero decimals in percent). A
        count's known mistake is recognised at either whole number next to it, so a slip that was
        also cut off still earns the hint that names the slip."""
        value = value / scale
        if self.count:
            return (abs(value - target) <= 0.005 + _eps(target)
                    or any(abs(value - whole) <= _eps(target)
                           for whole in (math.floor(target), math.ceil(target))))
        # a mistake is recognised generously: rounded like it, or within half a unit of it
        return (self._rounds_like(value, target)
                or abs(value - target) <= self._tolerance_at(target))

    def hint_reach(self, hint: Hint) -> float | None:
        """How far from ``hint.value`` an answer is still that slip, where it is not the question's
        precision (``hint.within``; None: the question's precision, half a unit either side)."""
        return hint.within

    def _hint_matches(self, value: float, hint: Hint, scale: float = 1.0) -> bool:
        """True if ``value`` (``scale`` times the question's units) is the slip ``hint`` names."""
        reach = self.hint_reach(hint)
        if reach is not None:
            return abs(value / scale - hint.value) <= reach + _eps(hint.value)
        return self._matches(value, hint.value, scale)

    def _count_slip(self, value: float) -> str | None:
        """If ``value`` is a count's other whole neighbour (cut off, or rounded the wrong way), say so."""
        wrong = self.wrong_whole
        if wrong is None or abs(value - wrong) > _eps(self.expected):
            return None
        if self.rounding == "up":
            how = ("cut off (truncated) or rounded to the nearest" if _round_half_up(self.expected, 0) == wrong
                   else "cut off (truncated)")
            return (f"close: {wrong:g} is the answer {how}; {wrong:g} {self.unit} do not "
                    f"yet reach the threshold. The smallest whole number that does rounds up.")
        if self.rounding == "down":
            return (f"close: {wrong:g} is the answer rounded up; {wrong:g} {self.unit} no longer fit. "
                    f"The largest whole number that fits rounds down.")
        how = "cut off (truncated)" if wrong < self.expected else "rounded up"
        return (f"close: {wrong:g} is the answer {how} instead of rounded to the nearest whole "
                f"number; round it to the nearest.")

    def _rounding_slip(self, value: float) -> str | None:
        """If ``value`` is the expected value rounded or cut off too coarsely, say so."""
        if self.count:
            return self._count_slip(value)
        if self.year:
            return None
        e = self.expected
        for places in range(12, -7, -1):
            for how, cut in (("rounded", _round_half_up), ("cut off (truncated)", _truncate)):
                coarse = cut(e, places)
                if coarse == 0 and e != 0:
                    continue
                if not self.accepts(coarse) and abs(value - coarse) <= _eps(e):
                    at = precision_phrase(decimals_words(places))  # "to one decimal"
                    if cut is _truncate:
                        where = _cut_phrase(places)   # "at one decimal", "at the whole number"
                        also = self._also_rounded_coarser(value, places)
                        if also is not None:  # 0.6 for 0.6076 to two decimals: both readings
                            return (f"close: {plain(value)} is the answer rounded "
                                    f"{precision_phrase(decimals_words(also))}, or cut off (truncated) "
                                    f"{where}; the question asks for it {self.precision_phrase}, "
                                    f"rounded (half up).")
                        if decimals_words(places) == self.precision_words:
                            return (f"close: {plain(value)} is the answer cut off (truncated) {where} "
                                    f"instead of rounded; round it {at}.")
                        return (f"close: {plain(value)} is the answer cut off (truncated) {where}; the "
                                f"question asks for it {self.precision_phrase}.")
                    return (f"close: {plain(value)} is the answer {how} {at}; the question asks for it "
                            f"{self.precision_phrase}.")
        places = self._places(e)
        if places is not None:  # the question's own places
            up = _round_away(e, places)
            if not self.accepts(up) and abs(value - up) <= _eps(e):
                return (f"close: {plain(value)} is the answer rounded up; round it to the nearest "
                        f"(half up) {self.precision_phrase}.")
        return None

    def _also_rounded_coarser(self, value: float, places: int) -> int | None:
        """The places, fewer than ``places``, at which ``value`` is also the answer rounded (half up),
        or None: 0.6 is 0.6076 cut off at two decimals and rounded to one."""
        e = self.expected
        return next((fewer for fewer in range(places - 1, places - 4, -1)
                     if abs(_round_half_up(e, fewer) - value) <= _eps(e)), None)

    def _truncation_slip(self, value: float) -> str | None:
        """If ``value`` is the answer cut off (truncated) at the question's own places (a count: its
        whole number below), the core's message for that slip, else None."""
        if self.count:
            wrong = self.wrong_whole
            return (self._count_slip(value) if wrong is not None and wrong < self.expected
                    and abs(value - wrong) <= _eps(self.expected) else None)
        places = self._places(self.expected)
        if places is None or self.year:
            return None
        cut = _truncate(self.expected, places)
        if self.accepts(cut) or abs(value - cut) > _eps(self.expected):
            return None
        return self._rounding_slip(value)

    def _says_with_truncation(self, value: float, hint: Hint) -> str:
        """A matching hint's message, after the core's truncation message when ``value`` is also the
        answer cut off at the question's places (the likelier reading is said first; a hint that
        already speaks of cutting off is left alone)."""
        message = hint.says(value)
        slip = self._truncation_slip(value)
        if slip is None or "cut off" in message or "truncat" in message:
            return message
        return f"{slip} (Or another reading of {plain(value)}: {message})"

    def _rounding_slip_example(self) -> float | None:
        e = self.expected
        for places in range(12, -7, -1):
            for cut in (_round_half_up, _truncate):
                coarse = cut(e, places)
                if (coarse != 0 or e == 0) and not self.accepts(coarse) and not any(
                        self._hint_matches(coarse, h) for h in self.hints):
                    return coarse
        return None

    # --- feedback --------------------------------------------------------------------------------
    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        if _missing(answer):
            unit = "" if self.unit == "year" else f" ({self.unit})"  # "as an exact year" says it
            return Feedback(exercise, NOT_ANSWERED,
                            f"replace ... with {self.what}{unit} {self.precision_phrase} "
                            f"and run the cell again.")
        if answer is None and self.none_hint:
            return Feedback(exercise, WRONG, self.none_hint)
        value = _as_number(answer)
        if value is None:
            if _all_nan_table(answer):
                return Feedback(exercise, WRONG_TYPE,
                                f"got {describe(answer)}, every one NaN; expected one number in "
                                f"{self.unit}. {_NAN_CAUSE}")
            return Feedback(exercise, WRONG_TYPE,
                            f"got {describe(answer)}; expected one number. The unit asked is {self.unit}. "
                            f"{_type_hint_for_number(answer, year=self.year, share=self.share)}")
        if math.isnan(value):
            return Feedback(exercise, WRONG, f"got nan (not a number); expected a finite number in "
                                             f"{self.unit}. A NaN often comes from pandas: {_NAN_CAUSE}")
        if math.isinf(value):
            return Feedback(exercise, WRONG, f"got {value}; expected a finite number in {self.unit}.")
        if self.accepts(value):
            return Feedback(exercise, CORRECT,
                            f"Verified: {self.what} is right {self.precision_phrase} ({self.unit}); "
                            f"how you got it was not checked.")
        if not self.on_grid(value):
            # a known slip whose value is off the grid (a formula's mistake) is named first
            for hint in self.hints:
                if not self.on_grid(hint.value) and self._hint_matches(value, hint):
                    return Feedback(exercise, WRONG, hint.says(value))
            below = math.floor(value / self.grid) * self.grid
            return Feedback(exercise, WRONG,
                            f"{value:g} is not on the question's grid: the answer is one of the "
                            f"steps of {self.grid:g} (next to yours: {below:.6g} and "
                            f"{below + self.grid:.6g}); test the steps and give the one the "
                            f"question asks for.")
        for hint in self.hints:
            if self._hint_matches(value, hint):
                return Feedback(exercise, WRONG, self._says_with_truncation(value, hint))
        if self.hundredfold_hint and abs(value) > 1 and self.accepts(value / 100):
            return Feedback(exercise, WRONG, self.hundredfold_hint)
        if (self.count and self.rounding != "nearest" and self.wrong_whole is not None
                and abs(value - self.expected) <= 0.005 + _eps(self.expected)):
            return Feedback(exercise, WRONG,
                            f"{plain(value)} is the exact threshold, where the condition only just "
                            f"holds with equality; the question asks for a whole number, so the "
                            f"{'smallest' if self.rounding == 'up' else 'largest'} whole count that "
                            f"meets it: round {self.rounding}.")
        e = self.expected
        if self.share and e != 0 and self._matches(value, e, scale=100):
            return Feedback(exercise, WRONG, "that looks like a percent; give a share between 0 and 1 "
                                             "(e.g. 0.25, not 25).")
        if self.percent and e != 0 and self._matches(value, e, scale=0.01):
            return Feedback(exercise, WRONG, f"that looks like a share; give {self.percent_words} "
                                             f"({self.percent_example}).")
        if self.share or self.percent:  # a known slip, given in the other unit
            scale = 100 if self.share else 0.01
            hint = next((h for h in self.hints if self._hint_matches(value, h, scale=scale)), None)
            if hint is not None:
                unit = ("a percent; give a share (÷ 100)" if self.share
                        else f"a share; give {self.percent_words} (× 100)")
                return Feedback(exercise, WRONG, f"that looks like {unit}. In those units it is a "
                                                 f"known slip: {hint.says(value / scale)}")
        if e != 0 and self._matches(value, -e) and (self.count or self.year) and e > 0:
            return Feedback(exercise, WRONG, f"{plain(value)} has the wrong sign: the answer ("
                                             f"{self.unit}) is never negative. Check which quantity "
                                             f"is subtracted from which, or drop the minus sign.")
        if e != 0 and self._matches(value, -e):
            return Feedback(exercise, WRONG, "right size, wrong sign: check which quantity is "
                                             "subtracted from which, or the direction of each step.")
        if self.year:   # r24a: no question asking for a year has a condition (more than, at least)
            if value != round(value) and 1000 <= value < 3000:   # a position between two years (r24b)
                return Feedback(exercise, WRONG,
                                f"{plain(value)} is not a whole year: a year is exact; give it as a whole "
                                f"number (e.g. 2016), not an average or a position between two years.")
            if value != round(value):   # a share, a change or a level typed for the year
                return Feedback(exercise, WRONG,
                                f"{plain(value)} is not a year but a value (a share, a change or a "
                                f"level?): the question asks for the year it happened; idxmin() or "
                                f"idxmax() on a Series indexed by year gives the year.")
            if 0 <= value < 1000:   # a row number, or a year cut short
                return Feedback(exercise, WRONG,
                                f"{plain(value)} is not a four-digit year: if you used idxmin()/idxmax() "
                                f"on a table whose index is not the year, that is a row number, not a "
                                f"year (read the year "
                                f"column of that row, or keep year as the index); a year is given in "
                                f"full (2016, not 16).")
            return Feedback(exercise, WRONG,
                            f"{plain(value)} is not the year asked (a year is exact): "
                            + (self.year_miss or "give a four-digit year of the table (its first to last "
                                                 "year); if you used idxmin()/idxmax() on a table whose "
                                                 "index is not the year, "
                                                 "that gives a row number, not a year."))
        if self.count and self._count_slip(value):
            return Feedback(exercise, WRONG, self._count_slip(value))
        if self.count and self.wrong_whole is None and abs(value - round(value)) > _eps(value):
            return Feedback(exercise, WRONG,
                            f"{plain(value)} is not a whole number: give {self.unit} as a whole number, "
                            f"as the question asks.")
        if self.count:
            return Feedback(exercise, WRONG,
                            f"{plain(value)} is not {self.what} ({self.unit}): re-read what is asked and "
                            f"work it again.")
        slip = self._rounding_slip(value)
        if slip:
            return Feedback(exercise, WRONG, slip)
        places = self._places(e)
        if (abs(value - e) <= 10 * self.tolerance() and places is not None and places >= 0
                and _round_half_up(value, places) != value):
            # more decimals than asked, rounding (half up) to another number: say so, not the answer
            return Feedback(exercise, WRONG,
                            f"{plain(value)} rounds (half up) to {_round_half_up(value, places):.{places}f} "
                            f"{self.precision_phrase}, and the exact answer does not: re-check the "
                            f"last step (an answer is right when it rounds, half up, to the same "
                            f"number as the exact one).")
        if abs(value - e) <= 10 * self.tolerance():
            return Feedback(exercise, WRONG,
                            f"{plain(value)} is near but not right {self.precision_phrase} ({self.unit}), "
                            f"and not one of the usual rounding slips: re-check the last step.")
        return Feedback(exercise, WRONG,
                        f"{plain(value)} is not it ({self.unit}); re-read the question and check each step.")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        yield "12", "Remove the quotes"
        yield None, self.none_hint or NONE_GIVEN
        if self.hundredfold_hint:
            for places in (0, 1, 2):
                yield round(100 * self.expected, places), self.hundredfold_hint
        for hint in self.hints:
            yield hint.value, hint.message
        e = self.expected
        if self.share and e != 0:
            yield 100 * e, "percent"
        if self.percent and e != 0:
            yield e / 100, "looks like a share"
        if e != 0 and not self.accepts(-e):
            yield -e, "wrong sign"
        if self.grid is not None:
            off_grid = (e + k * self.grid for k in (-0.5, 0.5, -0.3, 0.3, 1.5, -1.5, 2.5))
            free = [v for v in off_grid if not any(not self.on_grid(h.value) and self._hint_matches(v, h)
                                                 for h in self.hints)]
            if free:
                yield free[0], "not on the question's grid"
        if self.year or self.count:
            steps = (1, -1, 2, -2, 3, -3, 5, -5)
            wrong = [math.ceil(e) + k if k > 0 else math.floor(e) + k for k in steps]
            free = [w for w in wrong if not self.accepts(w) and not any(self._hint_matches(w, h)
                                                                       for h in self.hints)
                    and not (e != 0 and self._matches(w, -e))]
            if free:
                yield free[0], "not the year" if self.year else f"is not {self.what}"
            if self.count and self.wrong_whole is not None and not any(
                    self._hint_matches(self.wrong_whole, h) for h in self.hints):
                yield float(self.wrong_whole), "close:"
        else:
            slip = self._rounding_slip_example()
            if slip is not None:
                yield slip, "close:"


def fell_most_hints(series: Mapping[int, float], *, subject: str, named: Mapping[int, str], first: str,
                    diff_call: str = ".diff().min()", asks: str = "the year it happened") -> tuple[Hint, ...]:
    """The hints of a question "the year ``subject`` fell most" (a :class:`Number` with ``year=True``).

    ``series``: year → value in US$ billions, in year order (a pandas Series indexed by year, or a
    dict); a year's step is its value minus the year before's, so the first year has none. The
    answer is the year of the most negative step. ``subject`` names the series in the sentences
    ("free cash flow", "the store's operating income"). Each year's step is said as "in 2022
    {subject} fell (6.3 to −10.6, US$ bn)": ``named`` maps the years a lesson comments on to the
    words that follow that sentence; ``first`` is the whole message for the first year (no step
    ends there); ``diff_call`` is the pandas call that gives the largest fall ("free.diff().min()")
    and ``asks`` how the question is restated after it ("the year it happened", "the year").

    The hints, in this order: the named years; the first year; every other year (its step and
    "Look for the longest step down"); the year cut to two digits; any year's value, in US$ billions
    (one decimal) and in US$ millions (whole), with one message that does not tell which year's
    value is the answer's; the size of the largest fall (US$
    billions, one decimal); the fall itself as ``diff_call`` gives it, in US$ billions (within 0.05)
    and in US$ millions (within 0.5). Pure: the same series and words give the same hints.
    """
    values = {int(year): float(value) for year, value in series.items()}
    years = list(values)
    steps = {year: values[year] - values[before] for before, year in zip(years, years[1:])}
    fell_most = min(steps, key=steps.__getitem__)
    largest = steps[fell_most]

    def bn(year: int) -> str:
        return f"{values[year]:.1f}".replace("-", "−")

    def step(year: int) -> str:
        return (f"in {year} {subject} {'rose' if steps[year] > 0 else 'fell'} "
                f"({bn(year - 1)} to {bn(year)}, US$ bn)")

    return (
        *(Hint(year, step(year) + words) for year, words in named.items()),
        Hint(years[0], first),
        *(Hint(year, step(year) + ". Look for the longest step down (the year it fell to).")
          for year in steps if year != fell_most and year not in named),
        Hint(fell_most % 100, f"give the whole year ({fell_most // 100}…), not its last two digits."),
        # r28f L07-4: every year's value earns the same hint, which does not say whose year it is
        *(Hint(round(scale * values[year], decimals), f"that is a value of {subject} ({unit}), not a "
                                                      "year: give the year the longest step down ends in.")
          for scale, decimals, unit in ((1, 1, "US$ bn"), (1000, 0, "US$ millions")) for year in years),
        Hint(round(-largest, 1), "that is the size of the largest fall (US$ bn); the question asks for the "
                                 "year it happened."),
        # the change itself, as .diff().min() gives it, in US$ bn and in the table's US$ millions
        # (matched within 0.05 bn, so 07.9's -40.1, -40.09 and -40.089 all earn it)
        Hint(largest, f"that is the change itself, the largest fall (US$ bn; {diff_call}): the question "
                      f"asks for {asks}: use .idxmin().", within=0.05),
        Hint(1000 * largest, f"that is the change itself, the largest fall (US$ millions; {diff_call}): the "
                             f"question asks for {asks}: use .idxmin().", within=0.5),
    )


@dataclass(frozen=True)
class Choice(Spec):
    """A multiple-choice question answered with one letter, e.g. ``answer = "b"``.

    ``hints`` maps each wrong letter to why it is wrong; every wrong option should have one.
    """

    correct: str
    options: Mapping[str, str]
    hints: Mapping[str, str] = field(default_factory=dict)
    what: str = "the letter of your choice"
    kind: str = "interpret"

    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        letters = ", ".join(f'"{k}"' for k in self.options)
        if _missing(answer):
            return Feedback(exercise, NOT_ANSWERED, f"replace ... with one of {letters}.")
        if not isinstance(answer, str):
            return Feedback(exercise, WRONG_TYPE,
                            f"got {describe(answer)}; expected one letter in quotes, one of {letters}.")
        letter = answer.strip().lower().strip("().")
        pasted = re.match(r"\(?([a-z])[).:]\s+(\S.*)", answer.strip(), re.I | re.S)
        if letter not in self.options and pasted and pasted.group(1).lower() in self.options:
            # the option pasted with its letter ("c) The margin stays ..."): its letter, if the text
            # is that option's
            text = " ".join(pasted.group(2).split()).lower()
            option = " ".join(self.options[pasted.group(1).lower()].split()).lower()
            if option.startswith(text[:20]) or text.startswith(option[:20]):
                letter = pasted.group(1).lower()
        if letter not in self.options:
            key = self._option_typed(answer)
            if key:
                return Feedback(exercise, WRONG_TYPE,
                                f'that is the text of option "{key}": give its letter only, "{key}".')
            if pasted and pasted.group(1).lower() in self.options:
                key = pasted.group(1).lower()
                return Feedback(exercise, WRONG_TYPE,
                                f'{answer!r} is the letter "{key}" followed by words of your own; give the '
                                f'letter alone, "{key}" (your reasons can go in a # comment).')
            return Feedback(exercise, WRONG_TYPE, f"{answer!r} is not an option; choose one of {letters}.")
        if letter == self.correct:
            return Feedback(exercise, CORRECT,
                            f'Verified: "{letter}" is the intended option. Can you say why the others fail?')
        return Feedback(exercise, WRONG, self.hints.get(letter, "not this one; think about the model again."))

    def _option_typed(self, answer: str) -> str | None:
        """The letter of the option whose text the answer is (or begins with, or is the beginning
        of, 30 characters at least compared); the option sharing the longest start with it when
        several do (options may begin alike), None when none does or the answer is under 8
        characters."""
        typed = " ".join(answer.split()).lower().strip(" .")
        if len(typed) < 8:
            return None

        def shared(option: str) -> int:
            option = " ".join(option.split()).lower().strip(" .")
            return len(os.path.commonprefix([typed, option])) if (
                option.startswith(typed[:30]) or typed.startswith(option[:30])) else 0

        best = max(self.options, key=lambda key: shared(self.options[key]))
        return best if shared(self.options[best]) else None

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        yield 2, "expected one letter"
        yield "z", "is not an option"
        for letter, hint in self.hints.items():
            yield letter, hint


def _rounded_at_one_place(results: Sequence[float], targets: Sequence[float],
                          coarsest: float = 0.1) -> bool:
    """Whether every result is its target rounded, cut off (``int(...)``) or rounded up at one
    number of decimals (0 to 4) shared by all, where that step is at most ``coarsest`` times each
    target (at 0.1: a whole number for 34.7 counts, 0 for 0.3 does not)."""
    for places in range(5):
        step = 10.0 ** -places
        if all(math.isfinite(r) and step <= coarsest * abs(t) and abs(r - t) < step
               and abs(r - round(r, places)) <= 1e-9 * max(1.0, abs(r))
               for r, t in zip(results, targets)):
            return True
    return False


@dataclass(frozen=True)
class Function(Spec):
    """A function the student writes, compared with a reference on a few argument sets.

    ``cases`` are keyword-argument dicts; results are compared as floats within ``rel_tol``
    (relative) or ``abs_tol``. ``mistakes`` pairs a plausible wrong implementation with the
    hint it earns: a student function that matches it on every case gets that hint (write the
    mistakes with math: one that calls the package's model is refused as the model). ``model`` is
    the package function the exercise must not just call; :meth:`wrong_answers` then yields a
    function that calls it, so the tests prove the refusal fires.

    One slip is named in every derive exercise of the course: results close to the reference on
    every case (within ``rounded_within``, relative; 1% by default) but not equal, which is what
    rounding inside the function gives (ln 2 written as 0.69, a share cut to two decimals, round()
    before return). ``rounding_examples`` names the roundings likely in the exercise.
    """

    reference: Callable[..., float]
    cases: Sequence[Mapping[str, Any]]
    unit: str
    mistakes: Sequence[tuple[Callable[..., float], str]] = ()
    rel_tol: float = 1e-6
    abs_tol: float = 1e-9
    what: str = "your function"
    kind: str = "derive"
    model: Callable[..., Any] | None = None
    # (exception class name, hint): a student function that raises it on some case gets the hint
    # (by name, because the grader replays a recorded error under its name)
    raises: Sequence[tuple[str, str]] = ()
    # the course-wide "rounded inside" slip: results within ``rounded_within`` (relative) of the
    # reference on every case, but not equal; ``rounding_examples`` names the likely roundings
    rounding_examples: str = "a ratio cut to two decimals, or round(...) before return"
    rounded_within: float = 0.01
    # (case, note): what is special about an edge case of ``cases`` (rate 0, one period). A function
    # right on every case but one is told which case it misses, with that case's note if it has one
    edge_notes: Sequence[tuple[Mapping[str, Any], str]] = ()

    def __post_init__(self) -> None:
        for edge, _ in self.edge_notes:
            if dict(edge) not in [dict(case) for case in self.cases]:
                raise ValueError(f"edge note for {dict(edge)}, which is not one of the cases")

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
        used = answer.package_calls if isinstance(answer, RecordedFunction) else package_calls(answer)
        if used:
            return self._refuse(exercise, used)
        if not isinstance(answer, RecordedFunction):  # run where the model cannot be reached
            answer = isolated_answer(answer, self.cases)
            if answer.package_calls:
                return self._refuse(exercise, answer.package_calls)
        results = []
        for case in self.cases:
            args = ", ".join(f"{k}={v!r}" for k, v in case.items())
            failed, out = None, None
            # What it reaches when run, however it reaches it. A RecordedFunction replays results
            # the grader's reader cell recorded in the kernel, under the same watch, so the replay
            # (the grader's own decoding) is not watched again.
            with (contextlib.nullcontext(PackageCallWatch()) if isinstance(answer, RecordedFunction)
                  else PackageCallWatch()) as watch:
                try:
                    out = answer(**case)
                except NotImplementedError:
                    failed = Feedback(exercise, NOT_ANSWERED, "replace raise NotImplementedError with "
                                                              "your code, run it, then this cell.")
                except TypeError as exc:
                    # the question's parameters in another order: the function was not run, only
                    # refused (probe.call_case), so no "calling it failed" (r27a 03 #6)
                    order = str(exc).startswith("its parameters (") and "in another order" in str(exc)
                    failed = Feedback(exercise, WRONG_TYPE, f"your function's {str(exc)[4:]}." if order else
                                      f"calling it with ({args}) failed: {exc}. Keep the parameter "
                                      f"names given.")
                except Exception as exc:  # the student's code failed: say where, not a traceback
                    known = next((hint for name, hint in self.raises if type(exc).__name__ == name), None)
                    failed = Feedback(exercise, WRONG, f"with ({args}) it raised {type(exc).__name__}"
                                                       + (f": {known}" if known else f": {exc}"))
            if watch.names:
                return self._refuse(exercise, watch.names)
            if failed is not None:
                return failed
            value = _as_number(out)
            if value is None:
                return Feedback(exercise, WRONG_TYPE,
                                f"with ({args}) it returned {describe(out)}; expected one number. The "
                                f"unit asked is {self.unit}. {_return_hint(out)}")
            results.append(value)
        expected = [float(v) for v in self._outputs(self.reference)]
        if all(self._close(r, e) for r, e in zip(results, expected)):
            return Feedback(exercise, CORRECT,
                            f"Verified: matches the reference on {len(self.cases)} argument sets "
                            f"({self.unit}); other inputs were not tried.")
        for mistake, hint in self.mistakes:
            try:
                wrong = [float(v) for v in self._outputs(mistake)]
            except (ArithmeticError, ValueError):  # a mistake undefined on some case never matches
                continue
            if all(self._close(r, w) for r, w in zip(results, wrong)):
                return Feedback(exercise, WRONG, hint)
        missed = [i for i, (r, e) in enumerate(zip(results, expected)) if not self._close(r, e)]
        if len(missed) == 1 and len(self.cases) >= 3:
            index = missed[0]
            near = abs(results[index] - expected[index]) <= self.rounded_within * abs(expected[index])
            # close there and nothing special about the case: rounding inside, named below
            if self._edge_note(index) is not None or not near:
                return Feedback(exercise, WRONG, self._one_case_missed(index, results[index]))
        if all(abs(r - e) <= self.rounded_within * abs(e) for r, e in zip(results, expected)) \
                or _rounded_at_one_place(results, expected):   # r28c 04 #5: int(...) before return
            return Feedback(exercise, WRONG,
                            f"close on every case but not exact: did you round inside the function "
                            f"({self.rounding_examples})? Keep full precision and round only when "
                            f"you print.")
        # r28c 05 #14: a known mistake, rounded or cut off (round(x / 1e6, 1) for the millions slip)
        for mistake, hint in self.mistakes:
            try:
                wrong = [float(v) for v in self._outputs(mistake)]
            except (ArithmeticError, ValueError):
                continue
            if _rounded_at_one_place(results, wrong, coarsest=1.0):   # one significant figure kept
                return Feedback(exercise, WRONG, hint)
        first_bad = next(i for i, (r, e) in enumerate(zip(results, expected)) if not self._close(r, e))
        args = ", ".join(f"{k}={v!r}" for k, v in self.cases[first_bad].items())
        return Feedback(exercise, WRONG,
                        f"with ({args}) it returned {plain(results[first_bad])} ({self.unit}), which is not "
                        f"right; work that case by hand.")

    def _edge_note(self, index: int) -> str | None:
        """The note of ``cases[index]`` in ``edge_notes``, or None."""
        return next((text for edge, text in self.edge_notes if dict(edge) == dict(self.cases[index])),
                    None)

    def _one_case_missed(self, index: int, result: float) -> str:
        """The message for a function right on every case but ``cases[index]``, where it returned
        ``result``: that case, and its edge note (or a prompt to find what is special about it)."""
        case = self.cases[index]
        args = ", ".join(f"{k}={v!r}" for k, v in case.items())
        note = self._edge_note(index) or "work that case by hand: what is special about it?"
        return (f"right on {len(self.cases) - 1} of the {len(self.cases)} cases tried, but with ({args}) "
                f"it returned {plain(result)} ({self.unit}): {note}")

    @staticmethod
    def _refuse(exercise: str, used: Sequence[str]) -> Feedback:
        return Feedback(exercise, WRONG,
                        f"it calls the package's own {', '.join(used)}: this exercise asks you to "
                        f"write the formula yourself, with numbers and math only (use the package "
                        f"afterwards to test your function).")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        yield 3.0, "expected a function"
        for mistake, hint in self.mistakes:
            yield mistake, hint
        if self.model is not None:
            model = self.model

            def calls_the_model(**kwargs: Any) -> Any:
                return model(**kwargs)

            calls_the_model.__module__ = "__main__"  # as if a student wrote it in a notebook
            yield calls_the_model, "the package's own"


def isolated_answer(func: Callable[..., Any], cases: Sequence[Mapping[str, Any]]) -> RecordedFunction:
    """``func``'s results on ``cases``, computed in a process where the package's model cannot be
    reached at all (:func:`valueloops.probe.isolated_calls`; where processes cannot be forked,
    watched by :class:`PackageCallWatch` instead), as a :class:`RecordedFunction`."""
    from .. import probe
    from ..trusted import decode

    calls, reached = probe.function_calls(func, [dict(c) for c in cases], PackageCallWatch)
    return RecordedFunction(cases, calls, reached, getattr(func, "__name__", ""), decode)


class RecordedFunction:
    """A student's function as the grader saw it in the student's kernel: its result (or the error
    it raised) on each case of the spec, and the package model functions it reaches.

    The grader (:mod:`valueloops.trusted`) evaluates a :class:`Function` spec on this stand-in in
    its own process; calling it with one of the recorded cases replays what the kernel returned.
    """

    def __init__(self, cases: Sequence[Mapping[str, Any]], calls: Sequence[Mapping[str, Any]],
                 package_calls: Sequence[str], name: str, decode: Callable[[Any], Any]):
        self.cases, self.calls, self.package_calls = list(cases), list(calls), sorted(package_calls)
        self.__name__ = name or "function"
        self._decode = decode

    def __call__(self, **kwargs: Any) -> Any:
        index = next((i for i, case in enumerate(self.cases) if dict(case) == kwargs), None)
        if index is None or index >= len(self.calls):
            raise TypeError(f"the grader did not record a call with {kwargs}")
        call = self.calls[index]
        if "ok" in call:
            return self._decode(call["ok"])
        name, message, base = call["raised"]
        bases = {"NotImplementedError": NotImplementedError, "TypeError": TypeError,
                 "ArithmeticError": ArithmeticError, "ValueError": ValueError}
        raise type(name, (bases.get(base, Exception),), {})(message)


_ALLOWED = ("valueloops.checks", "valueloops.data", "valueloops.rounding", "valueloops.style",
            "valueloops.validate")
"""Package modules a derive answer may use; every other ``valueloops`` module is the model."""


def _is_model(obj: Any) -> str | None:
    """The name of a package model module or function, if ``obj`` is one."""
    if isinstance(obj, types.ModuleType):
        module, name = obj.__name__, obj.__name__
    elif callable(obj):
        module = getattr(obj, "__module__", None) or ""
        name = getattr(obj, "__name__", "") or type(obj).__name__
    else:
        return None
    if module != "valueloops" and not module.startswith("valueloops."):
        return None
    if any(module == allowed or module.startswith(allowed + ".") for allowed in _ALLOWED):
        return None
    return name


_HELPERS = ("valueloops.data", "valueloops.style")
"""Allowed package helpers that use other package modules themselves (``data`` finds its files
through ``paths``); what runs inside them is not the answer calling the model."""


def _model_module(frame: Any) -> str | None:
    """The package model module a frame runs code of, if any (not the allowed modules)."""
    module = frame.f_globals.get("__name__", "") or ""
    if module != "valueloops" and not module.startswith("valueloops."):
        return None
    if any(module == allowed or module.startswith(allowed + ".") for allowed in _ALLOWED):
        return None
    return module


class PackageCallWatch:
    """Record the package model functions entered while the block runs (``names``).

    The run-time half of the derive refusal: :func:`package_calls` reads the code, this watches
    what it does, so a model reached through a closure, a default argument, a ``functools.partial``,
    a callable object, a dict or a chain of helpers is refused just like a direct call. Only the
    entry points are named (not the model's own helpers), and nothing called from inside an allowed
    helper (``valueloops.data``, ``valueloops.style``). Dataclass plumbing (``__init__``,
    ``__eq__`` ...) is not a model call."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._root: Any = None
        self._previous: Any = None

    def __enter__(self) -> PackageCallWatch:
        self._root = sys._getframe(1)
        self._previous = sys.getprofile()
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc: Any) -> None:
        sys.setprofile(self._previous)

    def _profile(self, frame: Any, event: str, arg: Any) -> None:
        if event != "call":
            return
        module = _model_module(frame)
        if module is None:
            return
        name = frame.f_code.co_name
        if name.startswith("__") and name.endswith("__"):
            return
        caller = frame.f_back
        if caller is not None and _model_module(caller):
            return  # inside the model already: its entry point is what the answer called
        outer = caller
        while outer is not None and outer is not self._root:
            helper = outer.f_globals.get("__name__", "") or ""
            if any(helper == h or helper.startswith(h + ".") for h in _HELPERS):
                return
            outer = outer.f_back
        shown = module.rsplit(".", 1)[-1] if name == "<module>" else name
        if shown not in self.names:
            self.names.append(shown)


def _code_names(code: Any) -> set[str]:
    """The global names a code object (and the functions nested in it) loads; attribute names such
    as ``result.accuracy`` are not globals and are left out."""
    names = {ins.argval for ins in dis.get_instructions(code)
             if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and isinstance(ins.argval, str)}
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _code_names(const)
    return names


def _attributes_loaded(code: Any, global_name: str) -> set[str]:
    """The attribute names a code object (and the functions nested in it) loads from the global or
    closure variable ``global_name``: ``vp.transaction_fees(...)`` gives ``{"transaction_fees"}``
    for ``vp``."""
    found: set[str] = set()
    previous = None
    for ins in dis.get_instructions(code):
        if (previous is not None and previous.argval == global_name
                and previous.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF", "LOAD_CLOSURE")
                and ins.opname in ("LOAD_ATTR", "LOAD_METHOD") and isinstance(ins.argval, str)):
            found.add(ins.argval)
        previous = ins
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            found |= _attributes_loaded(const, global_name)
    return found


def _module_entries(module: types.ModuleType, code: Any, global_name: str) -> list[str]:
    """What an answer uses of a package model module it reached by ``global_name``: the model
    functions it loads from it (so a refusal names ``transaction_fees``, not its module), or the
    module's name when no attribute is seen."""
    used = [attr for attr in sorted(_attributes_loaded(code, global_name))
            if _is_model(getattr(module, attr, None))]
    return used or [module.__name__]


def package_calls(func: Any, _depth: int = 0) -> list[str]:
    """The package model functions or modules ``func`` reaches (through its globals, closures or
    helper functions of its own), e.g. ``["optimal_take_rate"]``; empty for plain math."""
    while isinstance(func, functools.partial):
        func = func.func
    func = getattr(func, "__func__", func)
    module = getattr(func, "__module__", None) or ""
    if module.startswith("valueloops.checks") and _depth == 0:
        return []  # the specs' own reference and mistakes (what they call is looked at below)
    own = _is_model(func)
    if own:
        return [own]
    code = getattr(func, "__code__", None)
    if code is None or _depth > 3:
        return []
    found: list[str] = []
    values: list[Any] = []
    for name, value in _names_reached(func, code):
        if isinstance(value, types.ModuleType) and _is_model(value):
            found += _module_entries(value, code, name)
        else:
            values.append(value)
    values += list(getattr(func, "__defaults__", None) or ())
    values += list((getattr(func, "__kwdefaults__", None) or {}).values())
    values = [obj.func if isinstance(obj, functools.partial) else obj for obj in values]
    for obj in values:
        name = _is_model(obj)
        if name:
            found.append(name)
        elif callable(obj) and hasattr(obj, "__code__") and obj is not func:
            found += package_calls(obj, _depth + 1)
    return sorted(set(found))


def _names_reached(func: Any, code: Any) -> list[tuple[str, Any]]:
    """The (name, value) pairs ``func``'s code reads from outside itself: the globals it names, in
    sorted order, then its filled closure cells."""
    scope = getattr(func, "__globals__", {})
    pairs = [(name, scope[name]) for name in sorted(_code_names(code)) if name in scope]
    cells = zip(code.co_freevars, getattr(func, "__closure__", None) or ())
    pairs += [(name, cell.cell_contents) for name, cell in cells if _cell_filled(cell)]
    return pairs


def _cell_filled(cell: Any) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def log_feedback(feedback: Feedback) -> None:
    """Append the feedback as one JSON line to the file named by ``VALUELOOPS_GRADE_LOG``, if set."""
    path = os.environ.get(GRADE_LOG_ENV)
    if not path:
        return
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps({"exercise": feedback.exercise, "status": feedback.status,
                              "message": feedback.message}) + "\n")
