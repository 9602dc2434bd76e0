"""The *plot* exercise: a :class:`Plot` spec reads the chart a student drew and says, in one line,
what is right or wrong with it.

A plot exercise asks the student to draw a series from a table (AWS's operating margin by year,
third-party unit share by quarter ...) with pandas or seaborn, and to keep what the plot returns::

    ax = sns.lineplot(data=aws, x="year", y="margin")      # or sns.barplot, df.plot, ax.plot ...
    ax.set_ylabel("operating margin (share of sales)")
    check("04.6", ax)

The answer may be an Axes, a Figure, a seaborn FacetGrid, what ``plt.plot`` / ``ax.bar`` return,
or ``plt`` itself (its current figure). Its drawn data are read by one function,
:func:`valueloops.probe.plot_data`, into plain data (each line's, bar container's and scatter's x and
y, read through the axis's categories, dates or tick labels, and the axis labels): the check cell
calls it in the student's kernel, and the grader's reader cell calls the same code there and sends
the data (never a verdict) to the grader, whose own spec judges them (:mod:`valueloops.trusted`).
So a chart gets the same verdict in the check cell and in ``grade-class``, and printed text earns
nothing.

The comparison is of the data, however they were drawn: x values are read as the spec's ``x_kind``
(a year from 2014, 2014.0, "2014" or a date in 2014; a quarter from a date, a mid-quarter decimal
year, "2024Q1" or "Q1 2024"; a category's text in any case), in any order; y values within
``rel_tol``. One of the drawn series must match (other series on the same axes are not judged). Not read:
horizontal bars (``barh``: their widths are the values), areas and histograms; the chart's look.

Writing a plot exercise (lesson authors)
----------------------------------------
1. **The spec**, in ``valueloops/checks/lessonNN.py``, from the same table the student loads::

       from ..data import load
       from .plot import Plot

       _SEG = load("amazon_segments")
       _AWS = _SEG[_SEG["segment"] == "AWS"].assign(
           margin=lambda t: t["operating_income_musd"] / t["net_sales_musd"])
       CHECKS = {
           "04.6": Plot.from_table(
               _AWS, "year", "margin", unit="share of sales", share=True,
               unit_words=("share",), what="AWS's operating margin",
               mistakes={"operating_income_musd": "you plotted operating income (US$ millions), "
                                                  "not the margin: divide it by net sales.",
                         "net_sales_musd": "you plotted net sales (revenue), not the margin."}),
       }

   ``share=True`` names a chart drawn in percent; each ``mistakes`` column (a neighbouring column
   of the table) gets its own line; every row of the table is expected, so a chart that stops a
   year early is told that "the table now reaches 2025".
2. **The question** (Markdown, in ``solutions/NN_slug.ipynb``) names the table, the series, the
   y axis's unit as the spec's ``unit`` says it ("as a share of sales") and asks for labelled axes;
   a next exercise (a ``Number`` or ``Choice``) asks what the picture makes easy to see.
3. **The solution cell** assigns the Axes first; the calls after it go with the solution, and the
   generated exercise holds ``ax = ...`` (which the check calls not answered)::

       ### BEGIN SOLUTION
       ax = sns.lineplot(data=aws, x="year", y="margin")
       ax.set_ylabel("operating margin (share of sales)")
       ### END SOLUTION

4. **The check cell**: ``check("04.6", ax)``.

The tests then prove each declared mistake fires (:meth:`Plot.wrong_answers`: percent, a year
missing, no labels, each ``mistakes`` column, empty axes, a DataFrame), that the grader agrees with
the check cell, and that the question names the unit (tests/test_exercise_design.py).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .core import CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, Feedback, Spec, _missing, describe

X_KINDS = ("year", "quarter", "date", "category", "number")
"""How a plot's x values are read (:attr:`Plot.x_kind`)."""

DRAW = "ax = sns.lineplot(...)"
"""How the messages show keeping the Axes a plot returns."""


@dataclass(frozen=True)
class SeriesHint:
    """A series a student may plot by mistake (another column of the table, the same column in
    other units ...): its y values, one per x of the spec (NaN where it has none), and the hint."""

    y: tuple[float, ...]
    message: str


class PlotData:
    """A chart as plain data (:func:`valueloops.probe.plot_data`): what the grader decodes from the
    reader cell's JSON, and what the check cell reads from an Axes."""

    def __init__(self, data: Mapping[str, Any]):
        self.axes = [dict(ax) for ax in data.get("axes", [])]

    def __repr__(self) -> str:
        return f"PlotData({len(self.axes)} axes)"

    def series(self) -> list[tuple[dict, dict]]:
        """(the axes' labels, one drawn series) for every series on every axes."""
        return [(ax, s) for ax in self.axes for s in ax.get("series", [])]


def read_plot(answer: Any) -> PlotData | None:
    """The chart an answer draws, as :class:`PlotData` (through JSON, exactly as the grader gets it),
    or None if the answer is not a plot object."""
    from .. import probe

    if isinstance(answer, PlotData):
        return answer
    if not probe.is_plot(answer):
        return None
    return PlotData(json.loads(json.dumps(probe.plot_data(answer), allow_nan=False)))


# ------------------------------------------------------------------------------- x values
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_QUARTER = (re.compile(r"(\d{4})\s*[-/ ]?\s*Q([1-4])", re.I), re.compile(r"Q([1-4])\s*[-/' ]?\s*(\d{4})", re.I))


def x_key(value: Any, kind: str) -> Any:
    """One x value, expected or plotted, as the comparable key of its ``kind`` (None if it cannot
    be one): a year (int), a quarter ("2024Q1"), a date ("2024-03-31"), a category (lower-case
    text, single spaces) or a number."""
    if value is None:
        return None
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        value = value.isoformat()[:10]
    elif type(value).__name__ in ("Period", "datetime64"):
        value = str(value)
    if isinstance(value, bool):
        return None
    number = float(value) if isinstance(value, (int, float)) else None
    text = None if number is not None else " ".join(str(value).split())
    if kind == "category":
        return text.lower() if text is not None else f"{number:g}"
    if kind == "number":
        if number is None:
            try:
                number = float(text.replace(",", ""))
            except ValueError:
                return None
        return round(number, 9) if math.isfinite(number) else None
    if kind == "year":
        if number is not None:
            return math.floor(number + 1e-9) if 1800 <= number < 2200 else None
        found = _YEAR.search(text)
        return int(found.group(1)) if found else None
    if kind == "quarter":
        if number is not None:
            if not 1800 <= number < 2200:
                return None
            year = math.floor(number + 1e-9)
            return f"{year}Q{min(4, int((number - year) * 4 + 1e-9) + 1)}"
        for pattern, (y, q) in zip(_QUARTER, ((1, 2), (2, 1))):
            found = pattern.search(text)
            if found:
                return f"{found.group(y)}Q{found.group(q)}"
        found = _DATE.match(text)
        return f"{found.group(1)}Q{(int(found.group(2)) - 1) // 3 + 1}" if found else None
    if kind == "date":
        found = _DATE.match(text or "")
        return found.group(0) if found else None
    raise ValueError(f"x_kind must be one of {', '.join(X_KINDS)}, got {kind!r}")


def infer_x_kind(values: Sequence[Any]) -> str:
    """The ``x_kind`` expected x values suggest: whole numbers 1800-2199 are years, "2024Q1" or
    pandas Periods quarters, dates dates, other numbers numbers, other text categories."""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "year" if all(float(v).is_integer() and 1800 <= v < 2200 for v in values) else "number"
    if all(x_key(v, "quarter") is not None and not _DATE.match(str(x_key(v, "date") or ""))
           for v in values if not hasattr(v, "isoformat")) and not any(hasattr(v, "isoformat") for v in values):
        return "quarter"
    if all(x_key(v, "date") is not None for v in values):
        return "date"
    return "category"


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


# ------------------------------------------------------------------------------- the spec
@dataclass(frozen=True)
class Plot(Spec):
    """A chart of one series: ``x`` values (years, quarters, dates, categories; any order) and the
    ``y`` value at each, in ``unit`` (e.g. "share of 1", "US$ billions").

    ``x_kind`` says how x values are read (:data:`X_KINDS`; inferred from ``x`` by default);
    ``unit_words``: the y axis label must contain one of them (case-insensitive), e.g.
    ``("share",)`` or ``("US$", "$")``; an empty tuple asks only that it is there.
    ``share=True`` recognises the same series drawn in percent (and says so), ``percent=True`` the
    reverse. ``hints`` are :class:`SeriesHint` series a student may plot by mistake, each with its
    message (build them from a table's other columns with :meth:`from_table`). y values match
    within ``rel_tol`` (relative) or ``abs_tol``.
    """

    x: tuple
    y: tuple[float, ...]
    unit: str
    x_kind: str = ""
    unit_words: tuple[str, ...] = ()
    share: bool = False
    percent: bool = False
    hints: tuple[SeriesHint, ...] = ()
    rel_tol: float = 1e-3
    abs_tol: float = 1e-9
    what: str = "the series"
    kind: str = "plot"
    x_label: str = "x"
    """How the hints name the x axis's values ("year", "quarter", "segment")."""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "x", tuple(self.x))
        set_(self, "y", tuple(float(v) for v in self.y))
        set_(self, "hints", tuple(self.hints))
        set_(self, "unit_words", tuple(self.unit_words))
        if len(self.x) != len(self.y) or not self.x:
            raise ValueError(f"a Plot needs one y per x, got {len(self.x)} x and {len(self.y)} y")
        if not self.x_kind:
            set_(self, "x_kind", infer_x_kind(self.x))
        if self.x_kind not in X_KINDS:
            raise ValueError(f"x_kind must be one of {', '.join(X_KINDS)}, got {self.x_kind!r}")
        if self.x_label == "x" and self.x_kind in ("year", "quarter", "date"):
            set_(self, "x_label", self.x_kind)
        keys = [x_key(v, self.x_kind) for v in self.x]
        if None in keys or len(set(keys)) != len(keys):
            raise ValueError(f"the x values {self.x!r} are not distinct {self.x_kind}s")
        for hint in self.hints:
            if len(hint.y) != len(self.x):
                raise ValueError(f"a SeriesHint needs one y per x ({len(self.x)}), got {len(hint.y)}")
        if self.share and self.percent:
            raise ValueError("a Plot is asked as a share or as a percent, not both")

    @classmethod
    def from_table(cls, table: Any, x: str, y: str, *, mistakes: Mapping[str, str] | None = None,
                   **options: Any) -> Plot:
        """The spec of plotting column ``y`` against column ``x`` of a pandas table (rows where ``y``
        is missing left out); ``mistakes`` maps other columns a student may plot instead to the hint
        each earns ("you plotted revenue, not operating income")."""
        rows = table[table[y].notna()]
        hints = tuple(SeriesHint(tuple(float(v) for v in rows[column]), message)
                      for column, message in (mistakes or {}).items())
        xs = [v.item() if hasattr(v, "item") else v for v in rows[x]]
        return cls(x=tuple(xs), y=tuple(float(v) for v in rows[y]), hints=hints, **options)

    # --- reading ------------------------------------------------------------------------------
    def _expected(self) -> dict[Any, float]:
        return {x_key(x, self.x_kind): y for x, y in zip(self.x, self.y)}

    def _close(self, a: float | None, b: float) -> bool:
        return a is not None and abs(a - b) <= max(self.abs_tol, self.rel_tol * abs(b))

    def _points(self, series: Mapping[str, Any]) -> list[tuple[Any, float | None]]:
        return [(x_key(x, self.x_kind), _float(y)) for x, y in zip(series.get("x", []), series.get("y", []))]

    def _fits(self, points, target: Mapping[Any, float]) -> int:
        """How many of the drawn points sit on ``target`` (x key -> y, NaN: no value)."""
        return sum(1 for k, v in points if k in target and not math.isnan(target[k])
                   and self._close(v, target[k]))

    def _readings(self) -> list[tuple[dict[Any, float], str | None]]:
        """What a drawn series may be: the expected one (message None), each hint's, and the
        expected series in percent (a share) or as a share (a percent), each with its message."""
        expected = self._expected()
        found = [(expected, None)]
        found += [({x_key(x, self.x_kind): float(v) for x, v in zip(self.x, h.y)}, h.message)
                  for h in self.hints]
        if self.share:
            found.append(({k: 100 * v for k, v in expected.items()},
                          f"your y values are shares in percent; the question asks for shares "
                          f"(0 to 1, {self.unit}): plot them without multiplying by 100."))
        if self.percent:
            found.append(({k: v / 100 for k, v in expected.items()},
                          f"your y values are shares of 1; the question asks for percent "
                          f"({self.unit}): multiply them by 100."))
        return found

    def _best(self, data: PlotData) -> tuple[dict, dict]:
        """The drawn series that is most nearly the question's: most x values in common, then most
        points on the expected series or on a known mistake."""
        expected = self._expected()
        readings = self._readings()

        def score(item):
            points = self._points(item[1])
            common = len({k for k, _ in points if k in expected})
            return common, max(self._fits(points, target) for target, _ in readings)
        return max(data.series(), key=score)

    def _span(self, keys: Sequence[Any]) -> str:
        keys = sorted(keys, key=str) if self.x_kind == "category" else sorted(keys)
        if self.x_kind == "category" or len(keys) <= 2:
            shown = ", ".join(str(k) for k in keys[:4])
            return shown + (f" … ({len(keys)} in all)" if len(keys) > 4 else "")
        return f"{keys[0]}–{keys[-1]}"

    def _coverage(self, drawn: set) -> str | None:
        """What is wrong with the x values drawn (missing at the end, at the start, in between, or
        extra), or None if they are the question's."""
        expected = set(self._expected())
        missing, extra = sorted(expected - drawn, key=str), sorted(drawn - expected, key=str)
        if not missing and not extra:
            return None
        ordered = self.x_kind != "category"
        if missing and ordered and drawn & expected:
            if min(missing) > max(drawn & expected):
                return (f"you plotted {self._span(drawn)}; the table now reaches {max(expected)}: plot "
                        f"every {self.x_label} through {max(expected)}.")
            if max(missing) < min(drawn & expected):
                return (f"you plotted {self._span(drawn)}; the question starts at {min(expected)}: plot "
                        f"every {self.x_label} from {min(expected)}.")
        if missing:
            shown = ", ".join(str(k) for k in missing[:4]) + (" …" if len(missing) > 4 else "")
            return (f"your chart leaves out {len(missing)} {self.x_label} value(s) of the table "
                    f"({shown}); plot every row, {self._span(expected)}.")
        shown = ", ".join(str(k) for k in extra[:4]) + (" …" if len(extra) > 4 else "")
        return f"you also plotted {shown}; the question asks for {self._span(expected)} only."

    def _labels(self, ax: Mapping[str, str]) -> str | None:
        xlabel, ylabel = ax.get("xlabel", "").strip(), ax.get("ylabel", "").strip()
        if not xlabel:
            return f'the x axis is not labelled: name it (ax.set_xlabel("{self.x_label}")).'
        if not ylabel:
            return (f"the y axis is not labelled: name what it shows and its unit, {self.unit} "
                    f"(ax.set_ylabel(...)).")
        if self.unit_words and not any(w.lower() in ylabel.lower() for w in self.unit_words):
            return (f"the y axis label {ylabel!r} does not name the unit: say it is in {self.unit} "
                    f"(e.g. with {self.unit_words[0]!r} in it).")
        return None

    # --- feedback ------------------------------------------------------------------------------
    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        if _missing(answer):
            return Feedback(exercise, NOT_ANSWERED,
                            f"draw the chart, keep the Axes it returns ({DRAW}) and pass it here, "
                            f"instead of ...; then run the cell again.")
        data = read_plot(answer)
        if data is None:
            return Feedback(exercise, WRONG_TYPE, _type_message(answer))
        if not data.series():
            return Feedback(exercise, WRONG,
                            f"nothing was plotted on these axes: draw the chart in the cell that makes "
                            f"them and pass what the plot returns ({DRAW}); plt.gca() in a later cell "
                            f"is a new, empty figure.")
        ax, series = self._best(data)
        points = self._points(series)
        keys = [k for k, _ in points if k is not None]
        if len(set(keys)) < len(keys):
            twice = next(k for k in keys if keys.count(k) > 1)
            return Feedback(exercise, WRONG,
                            f"your series has several y values at {twice}: keep one row per "
                            f"{self.x_label} (filter the table first, or draw one line per group with hue=).")
        drawn = {k: v for k, v in points if k is not None}
        expected = self._expected()
        common = [k for k in drawn if k in expected]
        if not common:
            return Feedback(exercise, WRONG,
                            f"the x values you plotted ({_raw_span(series.get('x', []))}) are "
                            f"not the {self.x_label} values asked ({self._span(list(expected))}): plot "
                            f"against the {self.x_label} column, not the row numbers.")
        for target, message in self._readings():
            if message is not None and all(not math.isnan(target.get(k, math.nan))
                                           and self._close(drawn[k], target[k]) for k in common):
                return Feedback(exercise, WRONG, message)
        wrong = [k for k in sorted(common, key=str) if not self._close(drawn[k], expected[k])]
        if wrong:
            k = wrong[0]
            got = "not a number" if drawn[k] is None else f"{drawn[k]:.4g}"
            return Feedback(exercise, WRONG,
                            f"your y values are not {self.what}: at {k} you plotted {got}, the table "
                            f"has {expected[k]:.4g} ({self.unit}); check the column you plotted.")
        fault = self._coverage(set(drawn)) or self._labels(ax)
        if fault:
            return Feedback(exercise, WRONG, fault)
        return Feedback(exercise, CORRECT,
                        f"Verified: your chart draws {self.what}, all {len(expected)} values "
                        f"({self._span(list(expected))}, {self.unit}), with both axes labelled; "
                        f"how it looks was not checked.")

    # --- for the tests ---------------------------------------------------------------------------
    def drawn(self, y: Sequence[float] | None = None, x: Sequence[Any] | None = None, *,
              xlabel: str | None = None, ylabel: str | None = None, how: str = "line") -> Any:
        """An Axes (on a Figure of its own, outside pyplot) with a series drawn: the spec's own, or
        ``y`` against ``x``; ``how`` is "line", "bar" or "scatter"; labels default to the spec's."""
        from matplotlib.figure import Figure

        xs = list(self.x if x is None else x)
        ys = list(self.y if y is None else y)
        ax = Figure().add_subplot()
        draw = {"line": ax.plot, "scatter": ax.scatter,
                "bar": lambda a, b: ax.bar([str(v) for v in a], b)}[how]
        draw(xs, ys)
        ax.set_xlabel(self.x_label if xlabel is None else xlabel)
        ax.set_ylabel(f"{self.what} ({self.unit})" if ylabel is None else ylabel)
        return ax

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        import pandas as pd

        yield pd.DataFrame({"x": list(self.x), "y": list(self.y)}), "pass the Axes"
        yield self.drawn([], []), "nothing was plotted"
        yield self.drawn(xlabel=""), "x axis is not labelled"
        yield self.drawn(ylabel=""), "y axis is not labelled"
        if self.unit_words:
            yield self.drawn(ylabel="values"), "does not name the unit"
        if len(self.x) > 2 and self.x_kind != "category":
            order = sorted(range(len(self.x)), key=lambda i: x_key(self.x[i], self.x_kind))
            keep = order[:-1]
            yield (self.drawn([self.y[i] for i in keep], [self.x[i] for i in keep]),
                   "the table now reaches")
        if self.share:
            yield self.drawn([100 * v for v in self.y]), "in percent"
        if self.percent:
            yield self.drawn([v / 100 for v in self.y]), "shares of 1"
        for hint in self.hints:
            keep = [i for i, v in enumerate(hint.y) if not math.isnan(v)]
            yield self.drawn([hint.y[i] for i in keep], [self.x[i] for i in keep]), hint.message


def _raw_span(values: Sequence[Any]) -> str:
    """Plotted x values as drawn, briefly: "0–11" for numbers, the first few for text."""
    numbers = sorted(v for v in values if isinstance(v, (int, float)))
    if numbers and len(numbers) == len(values):
        return f"{numbers[0]:g}–{numbers[-1]:g}"
    return ", ".join(str(v) for v in values[:3]) + (" …" if len(values) > 3 else "")


def _type_message(answer: Any) -> str:
    """What was passed instead of a chart, and what to pass."""
    if answer is None:
        return (f"got None (plt.show() and a function without return give None); keep what the plot "
                f"returns ({DRAW}) and pass that.")
    module = type(answer).__module__.split(".")[0]
    if module == "pandas":
        return (f"got {describe(answer)}, the table, not the chart; pass the Axes your plot "
                f"returned ({DRAW}, or ax = df.plot(...)).")
    if module in ("matplotlib", "seaborn"):
        return (f"got {describe(answer)}, which holds no chart data; pass the Axes your plot "
                f"returned ({DRAW}).")
    return f"got {describe(answer)}; expected the Axes of your chart: keep what the plot returns ({DRAW})."
