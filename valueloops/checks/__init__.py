"""Check cells for the exercises: ``check("01.3", answer)`` gives one short message.

The specs live in one module per lesson, ``valueloops.checks.lessonNN``, each with a dict
``CHECKS`` from exercise id (``"NN.k"``) to a :class:`~valueloops.checks.core.Spec`. Solution
notebooks are the single source of the exercises; the specs hold what the checks compare with.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from typing import Any

from .core import (CORRECT, KINDS, NOT_ANSWERED, STRICT_ENV, WRONG, WRONG_TYPE, CheckFailed, Choice,
                   Feedback, Function, Hint, Number, Spec, ansi_line, html_line, log_feedback, strict)
from .plot import Plot, PlotData, SeriesHint

__all__ = ["check", "check_calls", "evaluate", "spec_for", "all_specs", "lesson_specs", "CheckFailed", "Feedback", "Spec",
           "Number", "Choice", "Function", "Hint", "Plot", "PlotData", "SeriesHint", "CORRECT", "NOT_ANSWERED", "WRONG", "WRONG_TYPE",
           "KINDS", "STRICT_ENV", "strict"]


_CHECK_ID = re.compile(r"""\bcheck\(\s*["'](\d\d\.\d+)["']""")
_EXERCISE_ID = re.compile(r"^\d\d\.\d+$")


def check_calls(source: str) -> list[tuple[str, str | None]]:
    """The ``check("NN.k", expr)`` calls in one cell's source, in order: (exercise id, ``expr`` as
    text). The one reading of a check cell that the grader, the trusted reader and the nbgrader
    export share. A cell that does not parse (a student's typo) still names its exercise ids, with
    no expression (``None``)."""
    if "check(" not in source:
        return []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [(m.group(1), None) for m in _CHECK_ID.finditer(source)]
    calls = [node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and len(node.args) == 2
             and getattr(node.func, "id", getattr(node.func, "attr", None)) == "check"
             and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
             and _EXERCISE_ID.match(node.args[0].value)]
    calls.sort(key=lambda node: (node.lineno, node.col_offset))
    return [(node.args[0].value, ast.unparse(node.args[1])) for node in calls]


def lesson_specs(lesson: str) -> dict[str, Spec]:
    """The specs of one lesson (``"00"``, ``"01"`` ...), keyed by exercise id."""
    try:
        module = importlib.import_module(f"{__name__}.lesson{lesson}")
    except ModuleNotFoundError:
        raise ValueError(f"no checks are defined for lesson {lesson!r}") from None
    return dict(module.CHECKS)


def all_specs() -> dict[str, Spec]:
    """Every registered spec of every lesson, keyed by exercise id."""
    specs: dict[str, Spec] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("lesson"):
            specs.update(lesson_specs(info.name.removeprefix("lesson")))
    return specs


def spec_for(exercise: str) -> Spec:
    """The spec of one exercise id such as ``"01.3"``."""
    lesson = exercise.split(".")[0]
    specs = lesson_specs(lesson)
    if exercise not in specs:
        known = ", ".join(sorted(specs))
        raise ValueError(f"unknown exercise {exercise!r}; lesson {lesson} has {known}")
    return specs[exercise]


def evaluate(exercise: str, answer: Any) -> Feedback:
    """The feedback for an answer, without printing or raising (for tests and tools)."""
    return spec_for(exercise).evaluate(exercise, answer)


def check(exercise: str, answer: Any) -> None:
    """Check an answer: print what was verified if correct; otherwise show one red line.

    Under the grader, ``make test`` and nbval (:func:`~valueloops.checks.core.strict`: the variable
    ``VALUELOOPS_STRICT=1`` or pytest) a failed check raises :class:`CheckFailed`, shown as that one
    line and failing the cell. In a student's JupyterLab it only displays the red line and returns,
    so Run All goes on to the next exercise. Either way the result goes to the grade log.
    """
    feedback = evaluate(exercise, answer)
    log_feedback(feedback)
    if feedback.passed:
        print(f"✔ Exercise {exercise} - correct. {feedback.message}")
        return
    if strict():
        raise CheckFailed(feedback)
    _show_failure(feedback)


def _show_failure(feedback: Feedback) -> None:
    """Display a failed check as one red line (HTML in JupyterLab, ANSI text elsewhere)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency of the course
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(ansi_line(feedback))
        return
    display({"text/html": html_line(feedback), "text/plain": ansi_line(feedback)}, raw=True)
