"""One harness for the tests of the plot pairs (exercise NN.8 draws a chart from the data, NN.9 reads it).

Each lesson's test file keeps its own drawing function (``_draw_NN_8(how)``: a student's answer cell,
drawn one way on the Agg backend) and describes its pair once, as a :class:`PlotPair`: the ways of
drawing a right chart, the words of the message that passes it, and a table of wrong drawings with
the words of each one's own message. Its tests then call the same three checks:

* :meth:`PlotPair.right_chart_passes`: a right chart passes (and, with ``grader``, the grader reading
  the same figure through the trusted reader gives the same verdict and message);
* :meth:`PlotPair.wrong_chart_named`: a wrong chart is wrong with its own words (with ``exclusive``,
  and no other drawing's words), the grader agreeing likewise;
* :meth:`PlotPair.blank_and_table_refused` and :meth:`PlotPair.declared_mistakes_fire`: a blank answer
  is not answered, the table itself is not a chart, and every mistake the spec declares is named.

Each check closes the figures it drew. Each returns the feedback, so a test can assert more.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from valueloops.checks import CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, spec_for
from valueloops.checks.core import Feedback


def _close_figures() -> None:
    import matplotlib.pyplot as plt

    plt.close("all")


def _grader_agrees(exercise: str, answer: Any, feedback: Feedback) -> None:
    from test_trusted import through_the_reader

    graded = through_the_reader(exercise, spec_for(exercise), answer)
    assert (graded.status, graded.message) == (feedback.status, feedback.message), (graded, feedback)


LABEL_SLIPS = ("no x label", "no y label", "blank axes")
"""The three charts every plot pair draws to test its label and blank messages."""


def draw_label_slip(how: str, series: Any, labelled: Mapping[str, str]) -> Any:
    """One of :data:`LABEL_SLIPS`, drawn from ``series`` (a pandas Series, x in its index): a line
    with only the y label ``labelled["ylabel"]``, a pandas line with only the x label "year", or
    empty axes. Returns the Axes a student would pass."""
    import matplotlib.pyplot as plt

    if how == "no x label":
        ax = plt.gca()
        ax.plot(series.index, series)
        ax.set_ylabel(labelled["ylabel"])
        return ax
    if how == "no y label":
        ax = series.plot()
        ax.set_xlabel("year")
        return ax
    if how == "blank axes":
        return plt.gca()
    raise ValueError(how)


@dataclass(frozen=True)
class PlotPair:
    """A plot exercise and its drawing table.

    ``draw(how)`` draws one way and returns the answer (axes); ``right``: the ways that must pass,
    with ``passes`` in the message ("all 11 values (2015–2025"); ``slips``: way → words of the
    message it must get. ``grader``: the grader must agree (on every slip but those in
    ``not_graded``). ``exclusive``: a slip's
    message holds no other slip's words, except another slip's with the same words and the pairs
    ``(other way, way)`` in ``overlaps``."""

    exercise: str
    draw: Callable[[str], Any]
    right: tuple[str, ...]
    passes: str
    slips: Mapping[str, str]
    grader: bool = False
    not_graded: tuple[str, ...] = ()
    exclusive: bool = False
    overlaps: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @property
    def spec(self) -> Any:
        return spec_for(self.exercise)

    def _evaluate(self, how: str, graded: bool) -> Feedback:
        try:
            answer = self.draw(how)
            feedback = self.spec.evaluate(self.exercise, answer)
            if graded:
                _grader_agrees(self.exercise, answer, feedback)
        finally:
            _close_figures()
        return feedback

    def right_chart_passes(self, how: str) -> Feedback:
        """``how`` draws a right chart: it passes, with ``passes`` in the message."""
        feedback = self._evaluate(how, self.grader)
        assert feedback.status == CORRECT and self.passes in feedback.message, (how, feedback.message)
        return feedback

    def wrong_chart_named(self, how: str, words: str | None = None) -> Feedback:
        """``how`` draws a wrong chart: it is wrong, and its message holds its own words."""
        words = self.slips[how] if words is None else words
        feedback = self._evaluate(how, self.grader and how not in self.not_graded)
        assert feedback.status == WRONG and words in feedback.message, (how, feedback.message)
        if self.exclusive:
            others = [w for h, w in self.slips.items()
                      if h != how and w != words and (h, how) not in self.overlaps]
            assert not any(w in feedback.message for w in others), (how, feedback.message)
        return feedback

    def blank_and_table_refused(self, table: Any) -> Feedback:
        """A blank answer (``...``) is not answered; ``table``, the data itself, is not a chart."""
        assert self.spec.evaluate(self.exercise, ...).status == NOT_ANSWERED
        feedback = self.spec.evaluate(self.exercise, table)
        assert feedback.status == WRONG_TYPE and "the table, not the chart" in feedback.message, feedback
        return feedback

    def declared_mistakes_fire(self, hints: int | None = None) -> None:
        """Every mistake the spec declares gets its words; with ``hints``, the spec declares that many
        hints, each with its own message."""
        spec = self.spec
        if hints is not None:
            messages = [hint.message for hint in spec.hints]
            assert len(set(messages)) == len(messages) == hints, messages
        for answer, words in spec.wrong_answers():   # every declared mistake, drawn by the spec
            feedback = spec.evaluate(self.exercise, answer)
            assert not feedback.passed and words in feedback.message, (words, feedback.message)
