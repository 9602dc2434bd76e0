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
``rel_tol``. Every drawn series is judged: one that matches passes the chart, unless the same axes
also draw a known slip or series in another unit that squash it flat (other series on its scale are
not held against it); if none matches, a series with the right values gets its own fault (a label,
the years covered), else the one most like the question's gets the line. Named on sight:
a slip's series (``mistakes``), percent for a share, a value drawn where the table is blank (a
zero-height bar there at pandas' width 0.5, pandas' way of drawing NaN, is no point; seaborn draws no
bar for NaN, so its zero bar is a plotted 0), a line that joins the points on either side of a blank x
(never bridge a gap: a pandas line keeps the NaN and breaks there), axes swapped, horizontal bars
(``barh``), values rounded, values shifted one x step, a percent label on shares, and for quarters
the quarter number (1-4) or the whole year as x. Not read: areas and histograms; the chart's look.

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
   year early is told that "the table reaches 2025".
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

The tests then prove each declared mistake fires (:meth:`Plot.wrong_answers`: percent, a percent
label, a year missing, no labels, horizontal bars, axes swapped, a one-step shift, a zero at a blank
x (as a line and as a seaborn-width bar), a line across a blank x, each ``mistakes`` column, empty axes, a DataFrame), that the grader agrees with
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

SHARE_WORDS = ("fraction", "proportion")
"""Words a y label may use for "share" (a ``unit_words`` holding "share" accepts them too)."""


# r26b 02 #3, r27d 11 D1: a y label may disclaim percent or explain the unit by it ("Δ share (not %)",
# "change in share, not in percentage points", "(0.01 = one percentage point)", "(1 = 100%)", "(0.2
# for 20%)"): such a mention does not say the values are percent, so it is taken out before the
# percent rules read the label
_PERCENT_MENTION = r"(?:%|per\s*cent(?:age)?(?:\s+points?)?|pp|p\.p\.)"
_DISCLAIMED_PERCENT = re.compile(
    rf"\bnot\s+(?:in\s+|as\s+|a\s+)?{_PERCENT_MENTION}"
    rf"|=\s*(?:one|a|\d+(?:[.,]\d+)?)\s*{_PERCENT_MENTION}"
    rf"|\d\s+(?:for|is|means)\s+\d+(?:[.,]\d+)?\s*{_PERCENT_MENTION}"   # "0.2 for 20%", 11.8's own gloss
    rf"|[×x*]\s*100\s*=\s*{_PERCENT_MENTION}", re.I)


def _percent_said(label: str) -> str:
    """``label`` without the mentions of percent that disclaim or explain it (see above)."""
    return _DISCLAIMED_PERCENT.sub(" ", label)


def _names_word(label: str, word: str) -> bool:
    """Whether ``label`` holds ``word`` as a word of its own, in any case and in the plural
    ("Shares of cash" names "share"; "Cash from operations" does not name "ratio")."""
    return re.search(rf"(?<![a-z]){re.escape(word.lower())}(?:s|es)?(?![a-z])", label.lower()) is not None


# r25d (07 #4, 09 #5): a y label may name the money unit (US$) and still the wrong scale, "US$ millions"
# over values in billions. Words (and "$m", "USD bn") that name each scale; a label naming the other
# scale and not its own is refused (one naming both, "US$ bn (the table's millions ÷ 1000)", passes)
_SCALE_WORDS = {"billion": ("billion", "bn", "bln", "busd", "bil"),
                "million": ("million", "mn", "mln", "musd", "mio"),
                "thousand": ("thousand", "000s")}   # r32b 07: "US$ thousands" over billions
_SCALE_LETTER = {"billion": "b", "million": "m", "thousand": "k"}


def _names_scale(label: str, scale: str) -> bool:
    """Whether a y label names a money scale: a word ("billions", "bn") or a letter after a currency
    ("$m", "US$ B", "USD m")."""
    if any(_names_word(label, word) for word in _SCALE_WORDS[scale]):
        return True
    letter = _SCALE_LETTER[scale]
    return re.search(rf"(?:\$|usd|eur|€|£)\s*{letter}(?![a-z])", label.lower()) is not None


def _names_unit_scale(unit: str, ylabel: str) -> bool:
    """Whether a y label names the money scale of ``unit`` ("$B" for US$ billions)."""
    return any(scale in unit.lower() and _names_scale(ylabel, scale) for scale in _SCALE_WORDS)


def _wrong_scale(unit: str, ylabel: str) -> str | None:
    """The hint for a y label that names another money scale than the values' (millions or thousands
    over values in billions, ...)."""
    unit_lower = unit.lower()
    for scale in _SCALE_WORDS:
        if scale not in unit_lower or _names_scale(ylabel, scale):
            continue
        for other in _SCALE_WORDS:
            if other != scale and other not in unit_lower and _names_scale(ylabel, other):
                return (f"your values are in {unit} but the y label {ylabel!r} says {other}s: label "
                        f"the unit you drew.")
    return None


DRAW = "ax = sns.lineplot(...)"
"""How the messages show keeping the Axes a plot returns."""
NAN_CAUSE = ("A division whose labels do not line up gives NaN, e.g. a column divided by table.sum() "
             "(one total per column, not per row) or table.div(total) without axis=0.")
"""Why a student's series may be all NaN: the usual cause, said with both NaN messages."""


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
        if number is None and text is not None:
            try:
                number = float(text.replace(",", ""))   # a tick label such as "2020.625" (r25e)
            except ValueError:
                pass
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
    ``("share",)`` (which accepts "fraction" and "proportion" too) or ``("US$", "$")``; an empty
    tuple asks only that it is there.
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
    blank: tuple = ()
    """x values the table has a row for but no value (drawn there, a value is named as a slip)."""
    x_column: str = ""
    """The column the question says to plot against ("when"), named by the x slips' hints."""
    percent_words: str = "percent"
    """How the ×100 slip names its unit: "percentage points" for a difference of two shares."""
    other_x: str = ""
    """Where to look when every x drawn lies outside the question's ("using the gmv_share rows"),
    also said when a ``one_series`` chart draws another series there."""
    one_series: bool = False
    """The question says "draw it as one series": every other series on the chart is refused, and
    all of them are named at once (a known slip by its hint, a series at x values outside the
    question's by those x values, any other by its label or its range). A series that only repeats
    points of the right one (a scatter over the line, one year marked) is the same series."""
    y_words: tuple[str, ...] = ()
    """Words of which the y label must hold one besides the unit, saying what the values are ("change",
    "Δ" ... for a change of a share, so that a label naming the share's level is refused)."""
    draw: str = DRAW
    """How the not-answered, empty and wrong-type messages show keeping the Axes: a drawing this
    exercise accepts ("ax = seller_share.plot(...)" where a seaborn line would bridge a gap)."""
    x_words: tuple[str, ...] = ()
    """Words one of which the x label must hold ("year", "fy"); empty: any x label passes."""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "x", tuple(self.x))
        set_(self, "y", tuple(float(v) for v in self.y))
        set_(self, "hints", tuple(self.hints))
        set_(self, "unit_words", tuple(self.unit_words))
        set_(self, "y_words", tuple(self.y_words))
        set_(self, "blank", tuple(self.blank))
        set_(self, "x_words", tuple(self.x_words))
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
        if {x_key(v, self.x_kind) for v in self.blank} & set(keys):
            raise ValueError("a blank x value cannot also have a y value")

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
        blank = tuple(v.item() if hasattr(v, "item") else v for v in table[table[y].isna()][x])
        options.setdefault("blank", blank)
        return cls(x=tuple(xs), y=tuple(float(v) for v in rows[y]), hints=hints, **options)

    # --- reading ------------------------------------------------------------------------------
    def _expected(self) -> dict[Any, float]:
        return {x_key(x, self.x_kind): y for x, y in zip(self.x, self.y)}

    def _close(self, a: float | None, b: float) -> bool:
        return a is not None and abs(a - b) <= max(self.abs_tol, self.rel_tol * abs(b))

    def _points(self, series: Mapping[str, Any]) -> list[tuple[Any, float | None]]:
        """A series' (x key, y) points; a zero-height bar at a blank x is no point when pandas drew
        it (pandas draws a NaN as a zero-height bar, at its default width 0.5); seaborn and ax.bar
        draw no bar for NaN, so a zero-height bar of theirs (width 0.8) is a 0 that was plotted."""
        points = [(x_key(x, self.x_kind), _float(y)) for x, y in zip(series.get("x", []), series.get("y", []))]
        width = series.get("width")
        if series.get("kind") == "bar" and self.blank and (width is None or abs(width - 0.5) < 1e-6):
            blank = {x_key(v, self.x_kind) for v in self.blank}
            points = [(k, v) for k, v in points if not (k in blank and v == 0)]
        return points

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
        if self.share and self.percent_words == "percent":
            found.append(({k: 100 * v for k, v in expected.items()},
                          f"your y values are shares in percent; the question asks for shares "
                          f"(1 = the whole, {self.unit}): plot them without multiplying by 100."))
        elif self.share:
            found.append(({k: 100 * v for k, v in expected.items()},
                          f"your y values are in {self.percent_words} (× 100); the question asks for "
                          f"{self.what} as a share (1 = the whole, {self.unit}): do not multiply by 100."))
        if self.percent:
            found.append(({k: v / 100 for k, v in expected.items()},
                          f"your y values are shares of 1; the question asks for percent "
                          f"({self.unit}): multiply them by 100."))
        return found

    def _best(self, drawn: Sequence[tuple[dict, dict]]) -> tuple[dict, dict]:
        """The drawn series that is most nearly the question's: most x values in common, then most
        points on the expected series or on a known mistake."""
        expected = self._expected()
        readings = self._readings()

        def score(item):
            points = self._points(item[1])
            common = len({k for k, _ in points if k in expected})
            return common, max(self._fits(points, target) for target, _ in readings)
        return max(drawn, key=score)

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
        common = drawn & expected
        # half the values or fewer: most likely rows thrown away (e.g. .dropna() on the whole table)
        few = 0 < len(common) <= len(expected) / 2
        if missing and ordered and common and not few:
            if min(missing) > max(common):
                return (f"you plotted {self._span(drawn)}; the table reaches {max(expected)}: plot "
                        f"every {self.x_label} through {max(expected)}.")
            if max(missing) < min(common):
                return (f"you plotted {self._span(drawn)}; the question starts at {min(expected)}: plot "
                        f"every {self.x_label} from {min(expected)}.")
        if missing:
            shown = ", ".join(str(k) for k in missing[:4]) + (" …" if len(missing) > 4 else "")
            count = f"1 {self.x_label}" if len(missing) == 1 else f"{len(missing)} {self.x_label} values"
            cause = (" Did .dropna() on the whole table drop rows? It drops any row with a blank in any "
                     "column: drop only the rows whose plotted value is blank (dropna(subset=[...])), or "
                     "keep the NaN." if few else "")
            return (f"your chart leaves out {count} of the table "
                    f"({shown}); plot every row, {self._span(expected)}.{cause}")
        shown = ", ".join(str(k) for k in extra[:4]) + (" …" if len(extra) > 4 else "")
        return f"you also plotted {shown}; the question asks for {self._span(expected)} only."

    def _labels(self, ax: Mapping[str, str]) -> str | None:
        # seaborn labels an axis drawn from a bare array or a computed Series with the text "None"
        xlabel, ylabel = ("" if text == "None" else text
                          for text in (ax.get("xlabel", "").strip(), ax.get("ylabel", "").strip()))
        if not xlabel and not ylabel:
            return (f'neither axis is labelled: name the x axis (ax.set_xlabel("{self.x_label}")) and the '
                    f"y axis, with what it shows and its unit, {self.unit} (ax.set_ylabel(...)).")
        if not xlabel:
            return f'the x axis is not labelled: name it (ax.set_xlabel("{self.x_label}")).'
        if not ylabel:
            return (f"the y axis is not labelled: name what it shows and its unit, {self.unit} "
                    f"(ax.set_ylabel(...)).")
        for axis, label in (("x", xlabel), ("y", ylabel)):
            if label.lower() in ("x", "y"):   # r28c 05 #12: a placeholder letter names nothing
                return (f"the {axis} axis label {label!r} does not say what it shows (a placeholder "
                        f"letter): name the axis in words" + (f", with its unit ({self.unit})" if axis == "y" else
                                    f' (ax.set_xlabel("{self.x_label}"))') + ".")
            if "_" in label and " " not in label:
                return (f"the {axis} axis label {label!r} is a column's name, as seaborn or pandas "
                        f"writes it: name the axis yourself, in words"
                        + (f", with its unit ({self.unit})" if axis == "y" else "")
                        + f" (ax.set_{axis}label(...)).")
        if self.x_words and not any(_names_word(xlabel, w) for w in self.x_words):
            why = (" ('index' is what reset_index() calls an unnamed index)"
                   if xlabel.lower() == "index" else "")
            return (f"the x axis label {xlabel!r} does not say what it shows{why}: say it is the "
                    f'{self.x_label} (ax.set_xlabel("{self.x_label}")).')
        said = _percent_said(ylabel)
        # r28d 06 #3: "market share points" are percentage points too (a point is 0.01 of a share)
        if self.share and ("percentage point" in said.lower() or _names_word(said, "pp")
                           or _names_word(said, "point")):
            return (f"the values are shares (1 = the whole); the label {ylabel!r} says percentage "
                    f"points: name the unit as {self.unit}.")
        if self.share and ("%" in said or "percent" in said.lower()):
            return (f"the values are shares (1 = the whole); the label {ylabel!r} says percent: "
                    f"name the unit as {self.unit}.")
        words = self.unit_words + (SHARE_WORDS if "share" in (w.lower() for w in self.unit_words) else ())
        # a ratio label names a share ("capex / cash from operations"); r25a: "÷" as well as "/"
        ratio = "share" in words and re.search(r"\S\s*[/÷]\s*[a-z]", ylabel.lower()) is not None
        wrong_scale = _wrong_scale(self.unit, ylabel)   # "US$ millions" ("$M") over billions
        if wrong_scale:
            return wrong_scale
        if (self.unit_words and not ratio and not any(_names_word(ylabel, w) for w in words)
                and not _names_unit_scale(self.unit, ylabel)):   # "$B" names US$ billions too
            # r28e 11 #2: "growth (0.2 for 20%)" explains the scale by percent, but says no share
            if "share" in words and any(not m.group(0).lower().startswith("not")
                                        for m in _DISCLAIMED_PERCENT.finditer(ylabel)):
                return (f"the y axis label {ylabel!r} explains the scale by percent but does not say the "
                        f"values are a share: put 'share' in it, e.g. '… ({self.unit}, 0.2 for 20%)'.")
            return (f"the y axis label {ylabel!r} does not name the unit: say it is in {self.unit} "
                    f"(e.g. with {self.unit_words[0]!r} in it).")
        # r26d 07-D3: one bare word that gives only part of a money unit ("bn", "$", "billions"; seaborn
        # labels the axis so from a Series named bn) says neither what the values are nor the whole unit
        if ("$" in self.unit and any(scale in self.unit.lower() for scale in _SCALE_WORDS)
                and not re.search(r"\s", ylabel)
                and not (_names_unit_scale(self.unit, ylabel) and re.search(r"\$|usd", ylabel.lower()))):
            return (f"the y axis label {ylabel!r} is one word that gives only part of the unit (seaborn "
                    f"labels an axis so with a column's or Series' name): say what the values are and "
                    f"their unit, {self.unit} (ax.set_ylabel(...)).")
        said = [_names_word(ylabel, w) if w.isascii() and w.isalpha() else w.lower() in ylabel.lower()
                for w in self.y_words]
        if self.y_words and not any(said):
            return (f"the y axis label {ylabel!r} reads as the level, not {self.what}: say what the "
                    f"values are (e.g. with {self.y_words[0]!r} in it), in {self.unit}.")
        return None

    # --- feedback ------------------------------------------------------------------------------
    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        if _missing(answer):
            return Feedback(exercise, NOT_ANSWERED,
                            f"draw the chart, keep the Axes it returns ({self.draw}) and pass it here, "
                            f"instead of ...; then run the cell again.")
        data = read_plot(answer)
        if data is None:
            return Feedback(exercise, WRONG_TYPE, _type_message(answer, self.draw))
        if not data.series():
            nan, empty = (sum(int(ax.get(key, 0) or 0) for ax in data.axes)
                          for key in ("nan_series", "empty_series"))
            if nan:
                return Feedback(exercise, WRONG,
                                f"your chart has {nan} series, but every value in it is NaN (missing), "
                                f"so nothing shows: print the values before you plot them. {NAN_CAUSE}")
            if empty:
                return Feedback(exercise, WRONG,
                                f"nothing was plotted on these axes: your plot call drew a series with "
                                f"no points. If its values are all NaN (missing), seaborn leaves them "
                                f"out: print the values before you plot them. {NAN_CAUSE}")
            if sum(int(ax.get("areas", 0) or 0) for ax in data.axes):   # r25a 01 #6
                return Feedback(exercise, WRONG,
                                "your chart draws only a filled area (fill_between or stackplot), which "
                                "this check does not read: draw a line or bars (sns.lineplot, "
                                ".plot(), .plot.area() or .plot.bar()) and pass what it returns.")
            if sum(int(ax.get("reference_lines", 0) or 0) for ax in data.axes):   # r26b 02 #4
                return Feedback(exercise, WRONG,
                                f"your chart holds only reference lines (axhline or axvline), no data "
                                f"series: draw the series itself ({self.draw}) and pass what the plot "
                                f"returns; a reference line may stay beside it.")
            return Feedback(exercise, WRONG,
                            f"nothing was plotted on these axes: draw the chart in the cell that makes "
                            f"them and pass what the plot returns ({self.draw}). Did you draw on another "
                            f"Axes, or call plt.gca() in a later cell (that gives a new, empty figure)?")
        # seaborn's error bars (one two-point vertical line per bar or point) are not series the
        # student drew: they are neither judged nor counted
        drawn = [(ax, s) for ax, s in data.series() if not _error_bar(s)] or data.series()
        judged = [self._judge(exercise, ax, s) for ax, s in drawn]
        n = len(judged)
        right = next((i for i, f in enumerate(judged) if f.status == CORRECT), None)
        if right is not None:
            alone = self._alone(drawn, right) if self.one_series else None
            if self.one_series:
                return Feedback(exercise, WRONG, alone) if alone else judged[right]
            crowded = self._crowded(drawn, right)
            if crowded:
                return Feedback(exercise, WRONG, crowded)
            also = (f" It is one of the {n} series you drew; the others (same scale, none a known "
                    f"slip) were not held against it." if n > 1 else "")
            return Feedback(exercise, CORRECT, judged[right].message + also)
        split = self._split(drawn)
        if split:
            return Feedback(exercise, WRONG, split)
        # the right values drawn, wrong only in a label or the years covered: say that, nothing else
        valued = next((i for i, (ax, s) in enumerate(drawn) if self._values_right(s)), None)
        if valued is not None:
            return judged[valued]
        # r28a 01.8 #1-2: grouped bars with the right series first or last (off its ticks), and a
        # table drawn whole with its x column as a series, each told alone, not as "none of the N"
        grouped = next((m for ax, s in drawn if (m := self._dodged(ax, s))), None) if n > 1 else None
        if grouped:
            return Feedback(exercise, WRONG, grouped)
        x_as_y = self._x_as_series(drawn)
        if x_as_y:
            return Feedback(exercise, WRONG, x_as_y)
        best = self._judge(exercise, *self._best(drawn))
        if n > 1:
            # r31c 10 #3: a series per column or group (hue=...), several of them known other
            # quantities, is told so before the nearest one
            known = {message for _, message in self._readings() if message}
            others = sum(f.message in known for f in judged)
            if others >= 3:   # the diagnosis first, the nearest only as one of them (two may be a pair
                # the question names, as the lecture's HHI bounds)
                return Feedback(exercise, WRONG,
                                f"none of the {n} series you drew is {self.what}: you drew a series per "
                                f"column or group, as hue=… does, {others} of them other quantities the "
                                f"question does not ask for; compute the one series and draw it alone "
                                f"(the nearest of them: {best.message.rstrip('.')}).")
            return Feedback(exercise, WRONG, f"none of the {n} series you drew is {self.what}; "
                                             f"the nearest: {best.message}")
        return best

    def _split(self, drawn: Sequence[tuple[dict, dict]]) -> str | None:
        """r27e (06.8 #2): the right values drawn as several series on one axes, each at x values of
        its own, which together are the question's (``sns.lineplot(..., hue="year")``): say so, or
        None."""
        if len(drawn) < 2 or any(ax is not drawn[0][0] for ax, _ in drawn):
            return None
        expected, seen = self._expected(), []
        for _, series in drawn:
            points = [(k, v) for k, v in self._points(series) if k is not None]
            if not points or any(k not in expected or not self._close(v, expected[k]) for k, v in points):
                return None
            seen += [k for k, _ in points]
        if len(seen) != len(set(seen)) or set(seen) != {k for k, v in expected.items() if not math.isnan(v)}:
            return None
        return (f"your chart splits {self.what} into {len(drawn)} series (hue=..., or one line per "
                f"group), each at its own {self.x_label}s: draw it as one series.")

    def _x_as_series(self, drawn: Sequence[tuple[dict, dict]]) -> str | None:
        """r28a 01.8 #2: ``df.plot()`` on a table whose year is still a column draws the years as a
        series of their own, against the row numbers: say so, or None."""
        if self.x_kind not in ("year", "quarter"):
            return None
        asked = set(self._expected())
        for _, series in drawn:
            ys = [_float(v) for v in series.get("y", [])]
            if len(ys) >= 2 and all(v is not None and not math.isnan(v) for v in ys) and \
                    {x_key(v, self.x_kind) for v in ys} <= asked and \
                    [_float(v) for v in series.get("x", [])] == list(range(len(ys))):  # rows 0, 1, …
                return (f"you plotted the {self.x_label} column as a series, against row numbers: "
                        f"put it on the x axis (df.plot(x=\"{self.x_label}\", y=...), or make it the "
                        f"index) and draw {self.what} alone.")
        return None

    def _values_right(self, series: Mapping[str, Any]) -> bool:
        """Whether a series' y values are the expected ones at every x it shares with the table
        (at least two), whatever its labels or the years it covers."""
        expected = self._expected()
        common = [(k, v) for k, v in self._points(series) if k in expected
                  and not math.isnan(expected[k])]
        return len(common) >= 2 and all(self._close(v, expected[k]) for k, v in common)

    def _crowded(self, drawn: Sequence[tuple[dict, dict]], right: int) -> str | None:
        """Why a chart whose series ``right`` is the question's still fails: on the same axes it
        also draws a known slip (a mistake column, the percent version), or series in another unit
        whose scale squashes the right one flat (None if neither). Reference lines (``axhline``)
        are not series."""
        ax = drawn[right][0]
        others = [s for i, (a, s) in enumerate(drawn) if i != right and a is ax]
        expected = self._expected()
        top = max((abs(v) for v in expected.values() if not math.isnan(v)), default=0.0)
        for series in others:
            points = [(k, v) for k, v in self._points(series) if k in expected and v is not None]
            if len(points) < 2:
                continue
            for target, message in self._readings()[1:]:
                if all(not math.isnan(target.get(k, math.nan)) and self._close(v, target[k])
                       for k, v in points):
                    slip = re.split(r"[:;]", message)[0].rstrip(". ")  # its first clause
                    if len(others) > 1:   # r27b 07 #6: hue="metric" draws six; say so, not one of five
                        return (f"besides {self.what}, your chart draws {len(others)} other series "
                                f"(hue= or a whole table draws one per group or column; among them a "
                                f"slip: {slip}): draw {self.what} alone, one series.")
                    return (f"besides {self.what}, your chart draws a series that is a slip ({slip}): "
                            f"draw {self.what} alone, one series.")
            sizes = sorted(abs(v) for _, v in points)
            if top > 0 and sizes[len(sizes) // 2] > 10 * top:
                return (f"besides {self.what}, your chart draws {len(others)} other series in another "
                        f"unit (up to {sizes[-1]:,.4g}), which squash it flat near 0: draw "
                        f"{self.what} alone, one series, so its shape can be read.")
        return None

    def columns_drawn(self, answer: Any, table: Any) -> dict[str, bool]:
        """Which columns of ``table`` (a pandas table indexed by the x values, in the question's unit)
        the chart draws as a series of its own, at two or more of the table's x values; each with
        whether it is drawn 1,000 times too large (US$ millions where billions are asked). For
        messages about a chart that draws several columns of a wide table (07.8, 09.8)."""
        found: dict[str, bool] = {}
        data = read_plot(answer)
        for _, series in (data.series() if data is not None else []):
            points = [(k, v) for k, v in self._points(series) if v is not None and k in table.index]
            if len(points) < 2:
                continue
            for column in table.columns:
                for scale in (1, 1000):
                    if all(self._close(v / scale, float(table.loc[k, column])) for k, v in points):
                        found.setdefault(column, scale == 1000)
        return found

    def _on_the_answer(self, series: Mapping[str, Any]) -> bool:
        """Whether every point of ``series`` is a point of the question's series (the right line,
        or a scatter marking some of its years)."""
        expected = self._expected()
        points = self._points(series)
        return bool(points) and all(k in expected and self._close(v, expected[k]) for k, v in points)

    def _series_name(self, series: Mapping[str, Any]) -> str:
        """How a ``one_series`` message names a series drawn besides the right one: by its known
        slip's first clause, by x values outside the question's, by its label, or by its range."""
        points = [(k, v) for k, v in self._points(series) if v is not None]
        expected = self._expected()
        common = [k for k, _ in points if k in expected]
        slip = self._named_slip(dict(points), common) if common else None
        if slip:
            first = re.split(r"[:;]", slip)[0].rstrip(". ")
            for lead in ("that is ", "you plotted ", "your y values are "):
                first = first[len(lead):] if first.startswith(lead) else first
            return first
        values = [v for _, v in points]
        # r28c 05 #9: flat at a round value (1, 0, 0.5) beside the right series: a reference line
        # drawn as data (ax.plot(years, [1] * n)); say how to draw it so it is not a series
        if len(values) > 1 and min(values) == max(values) and float(f"{values[0]:.1g}") == values[0]:
            level = values[0] + 0.0   # -0.0 (0 × a negative value) reads as 0
            return (f"a flat line at {level:g} (a total divided by itself, or a reference line drawn as "
                    f"data: draw a reference line with ax.axhline({level:g}), which is not a series)")
        asked = set(expected) | {x_key(v, self.x_kind) for v in self.blank}
        outside = [k for k, _ in points if k is not None and k not in asked]
        if outside and self.x_kind in ("year", "quarter", "date"):
            return f"a series at {self._span(outside)}, outside the question's {self._span(list(expected))}"
        raw = [_float(v) for v in series.get("x", [])]
        steps = [b - a for a, b in zip(raw, raw[1:])] if None not in raw else []
        if series.get("kind") == "line" and len(raw) >= max(20, 2 * len(expected) + 1) and steps \
                and all(d > 0 and math.isclose(d, steps[0], rel_tol=1e-6) for d in steps):
            # r28a 01.8 #3: sns.regplot/lmplot draw a 100-point fitted line between the x values
            return (f"a fitted line (regplot or lmplot draws one): draw {self.what} itself, with "
                    f"no fit")
        label = str(series.get("label") or "")
        if label and not label.startswith("_"):
            return f"the series labelled '{label}'"
        values = [v for _, v in points]
        if not values:
            return "a series with no points"
        if min(values) == max(values):
            return f"a flat line at {values[0]:.4g}"
        return f"an unlabelled series from {min(values):.4g} to {max(values):.4g}"

    def _alone(self, drawn: Sequence[tuple[dict, dict]], right: int) -> str | None:
        """For a ``one_series`` question, why a chart whose series ``right`` is the question's still
        fails: it draws other series (each named), or None when every other series only repeats
        points of the right one."""
        others = [s for i, (_, s) in enumerate(drawn) if i != right and not self._on_the_answer(s)]
        if not others:
            return None
        names = list(dict.fromkeys(self._series_name(s) for s in others))
        where = f", {self.other_x}" if self.other_x else ""
        return (f"besides {self.what}, your chart draws {len(others)} other series ({'; '.join(names)}): "
                f"the question asks for {self.what} alone, one series{where}: draw only it.")

    def _bridge(self, series: Mapping[str, Any]) -> str | None:
        """A line that joins two points on either side of a blank x (seaborn's lineplot and ax.plot on
        dropna() data do; a pandas line keeps the NaN and breaks there), or None."""
        if series.get("kind") != "line" or series.get("joined") is False or not self.blank \
                or self.x_kind == "category":
            return None
        blanks = sorted(k for k in (x_key(v, self.x_kind) for v in self.blank) if k is not None)
        keys = [x_key(v, self.x_kind) for v in series.get("x", [])]
        breaks = set(series.get("breaks", []))
        for i in range(1, len(keys)):
            a, b = keys[i - 1], keys[i]
            if i in breaks or a is None or b is None:
                continue
            lo, hi = min(a, b), max(a, b)
            k = next((k for k in blanks if lo < k < hi), None)
            if k is not None:
                return (f"your line joins {lo} to {hi} across the blank {k} (never bridge a gap): keep "
                        f"{k} as NaN in a pandas line, which breaks there, or draw bars or points.")
        return None

    def _against(self) -> str:
        return f"`{self.x_column}`" if self.x_column else f"the {self.x_label} column"

    def _x_slip(self, series: Mapping[str, Any]) -> str | None:
        """A quarterly chart drawn against the quarter number or the whole year."""
        raw = [v for v in series.get("x", [])]
        # r27e (06.8 #1): sns.barplot(x="year") draws one bar per year, named by the year as text
        # ("2020"), which reads as that year's Q1: the same whole-year slip as a line against year
        if self.x_kind == "quarter" and raw and series.get("kind") == "bar" \
                and all(re.fullmatch(r"(1[89]|2[01])\d\d", str(v).strip()) for v in raw) \
                and any(not str(k).endswith("Q1") for k in self._expected()):
            return (f"your x values are whole years, so a year's quarters share one x (seaborn "
                    f"averages them into one bar): plot against {self._against()}, one bar or point "
                    f"per quarter.")
        if self.x_kind != "quarter" or not raw or not all(_float(v) is not None for v in raw):
            return None
        if all(float(v) in (1.0, 2.0, 3.0, 4.0) for v in raw):
            return (f"your x values are the quarter number (1–4), so every year's Q1 sits at x = 1: "
                    f"plot against {self._against()}, each quarter's place in time.")
        if all(float(v).is_integer() and 1800 <= v < 2200 for v in raw) and \
                any(not str(k).endswith("Q1") for k in self._expected()):
            return (f"your x values are whole years, so a year's quarters share one x (seaborn "
                    f"averages them into one point): plot against {self._against()}, one point per "
                    f"quarter.")
        return None

    def _step(self, key: Any, by: int) -> Any:
        """The x key ``by`` steps after ``key``: a year, a calendar quarter, or the next x of the
        spec (categories in the spec's order, numbers sorted); None for dates."""
        if self.x_kind == "year":
            return key + by
        if self.x_kind == "quarter":
            n = int(key[:4]) * 4 + int(key[-1]) - 1 + by
            return f"{n // 4}Q{n % 4 + 1}"
        if self.x_kind == "date":
            return None
        keys = [x_key(v, self.x_kind) for v in self.x]
        keys = keys if self.x_kind == "category" else sorted(keys)
        i = keys.index(key) + by
        return keys[i] if 0 <= i < len(keys) else None

    def _shifted(self, drawn: Mapping[Any, float | None]) -> str | None:
        """Values drawn one x step late or early (each at the next or the previous x), or None."""
        expected = self._expected()
        for by, way in ((1, "late"), (-1, "early")):
            target = {self._step(k, by): v for k, v in expected.items()}
            if None in target or len(drawn) < 2 or not all(k in target for k in drawn):
                continue
            if all(self._close(v, target[k]) for k, v in drawn.items()):
                end = (" (year + quarter/4 puts a quarter at its end, where the next one starts: use "
                       "year + (quarter − 0.5)/4)" if self.x_kind == "quarter" and by == 1 else "")
                return (f"your points sit one {self.x_label} {way}: each value is drawn at the "
                        f"{'next' if by == 1 else 'previous'} {self.x_label}'s x{end}. Draw each value "
                        f"at its own {self.x_label}.")
        return None

    def _misdrawn(self, series: Mapping[str, Any], drawn: Mapping[Any, float | None]) -> str | None:
        """The slips that move every point: axes swapped, values shifted one x step, values
        rounded (None if it is none of these)."""
        expected = self._expected()
        if self.x_kind != "category":
            swapped = {k: v for k, v in self._points({"x": series.get("y", []), "y": series.get("x", [])})
                       if k is not None}
            both = [k for k in swapped if k in expected]
            if len(both) >= 2 and all(self._close(swapped[k], expected[k]) for k in both):
                return (f"your axes are swapped: put the {self.x_label} on the x axis and {self.what} "
                        f"on the y axis (x=..., y=...).")
        shifted = self._shifted(drawn)
        if shifted:
            return shifted
        common = [k for k in drawn if k in expected and drawn[k] is not None]
        for scale in (1, 100) if self.share else (1,):
            for d in range(4):
                step = 10.0 ** -d
                # a rounding slip only where some value differs (r25e: whole-percent shares are
                # already multiples of 0.01, so a right chart with one year filled in is not one)
                # in percent, any rounding is named: the percent reading's tolerance is the share's
                # (0.0005 on 0-100), so a percent chart rounded to one decimal was close at ÷ 100 (r27a 03 #1)
                if common and (scale == 100 or any(not self._close(drawn[k] / scale, expected[k])
                                                   for k in common)) \
                        and all(abs(drawn[k] / scale - expected[k]) <= step / scale / 2 + 1e-12
                                  and abs(drawn[k] / step - round(drawn[k] / step)) < 1e-6 for k in common):
                    k = next((k for k in sorted(common, key=str)
                              if not self._close(drawn[k] / scale, expected[k])), common[0])
                    if scale == 100:
                        return (f"your y values are in {self.percent_words} (× 100), and rounded (at "
                                f"{k}: {drawn[k]:g}); the question asks for {self.what} as a share (0 to "
                                f"1, {self.unit}): plot the table's values without multiplying by 100.")
                    return (f"your values are rounded to {d} decimal(s) (at {k}: {drawn[k]:.{d}f} for "
                            f"{expected[k] * scale:.4g}): plot the table's values as they are; round only "
                            f"the numbers you write.")
        return None

    def _strings_drawn(self, ax: Mapping[str, Any], series: Mapping[str, Any]) -> str | None:
        """A line pandas drew on a text index: positions 0, 1, 2 ... named by only some ticks."""
        raw = series.get("x", [])
        ticks = {round(float(loc), 9): text for loc, text in ax.get("xticks", [])}
        named = [x_key(text, self.x_kind) for text in ticks.values()]
        if series.get("kind") != "line" or not raw or not any(k in self._expected() for k in named):
            return None
        if not all(_float(v) is not None and float(v).is_integer() and 0 <= v < 1000 for v in raw):
            return None
        if self.blank:   # sns.lineplot would bridge the blank, which is refused (r27a 03 #2)
            return (f"your {self.x_label}s are text, so pandas drew the line at positions "
                    f"{_raw_span(raw)} and named only some ticks: make the {self.x_label} values "
                    f"numbers first (s.index = s.index.astype(int)), or draw bars (sns.barplot(x=..., "
                    f"y=...)).")
        return (f"your {self.x_label}s are text, so pandas drew the line at positions "
                f"{_raw_span(raw)} and named only some ticks: make the {self.x_label} values numbers "
                f"(or dates) first, or use sns.lineplot(x=..., y=...).")

    def _short_years(self, series: Mapping[str, Any]) -> str | None:
        """x values that are the question's years without the century (14–25 for 2014–2025; r25a 01
        #7), or None."""
        raw = series.get("x", [])
        if self.x_kind != "year" or not raw or not all(
                _float(v) is not None and float(v).is_integer() and 0 <= v < 100 for v in raw):
            return None
        if not all(int(v) + 2000 in self._expected() or int(v) + 1900 in self._expected() for v in raw):
            return None
        if any(float(v) == 0 for v in raw):   # 0, 1, 2 ... are row numbers first (02.8's 2000 is 0)
            return None
        return (f"your x values ({_raw_span(raw)}) look like years without the century: plot "
                f"against {self._against()} itself, four-digit years "
                f"({self._span(list(self._expected()))}).")

    def _values_on_x(self, series: Mapping[str, Any]) -> str | None:
        """r28c 05 #11: x values that are not whole numbers and lie in the range of the expected y
        values (a histogram's bins, ``sns.histplot(share)``): the values put on the x axis, not row
        numbers (None otherwise)."""
        raw = [_float(v) for v in series.get("x", [])]
        ys = [v for v in self._expected().values() if not math.isnan(v)]
        if not raw or None in raw or all(v.is_integer() for v in raw) or not ys:
            return None
        low, high = min(ys), max(ys)
        slack = 0.05 * (high - low or abs(high) or 1.0)
        if not all(low - slack <= v <= high + slack for v in raw):
            return None
        return (f"the x values you plotted ({_raw_span(series.get('x', []))}) are in the range of "
                f"{self.what}, not {self.x_label}s: you put the values on the x axis (a histogram, whose x "
                f"values are its bin edges, or swapped axes). Plot the {self.x_label} on x and the values on y.")

    def _other_x(self, series: Mapping[str, Any], drawn: Mapping[Any, float | None]) -> str | None:
        """Every x drawn a real {x_label} outside the question's (another metric's rows, another
        period), not row numbers: say so (None otherwise)."""
        raw = series.get("x", [])
        if self.x_kind not in ("year", "quarter", "date") or not drawn or len(drawn) < len(raw) \
                or any(k in self._expected() for k in drawn):
            return None
        return (f"your x values ({self._span(list(drawn))}) are {self.x_label}s the question does not "
                f"ask for: plot {self.what} for {self._span(list(self._expected()))}"
                + (f", {self.other_x}" if self.other_x else ", from the rows the question names") + ".")

    def _dodged(self, ax: Mapping[str, Any], series: Mapping[str, Any]) -> str | None:
        """Bars drawn beside, not on, the ticks that name the question's x values: grouped bars, one
        bar series per group (``sns.barplot(..., hue=...)``, a wide table's ``.plot.bar()``), told so
        instead of "row numbers" (r26c 03 #3); None otherwise."""
        raw = series.get("x", [])
        ticks = {round(float(loc), 9): x_key(text, self.x_kind) for loc, text in ax.get("xticks", [])}
        if series.get("kind") != "bar" or not raw or not ticks or any(_float(v) is None for v in raw):
            return None
        near = [min(ticks, key=lambda loc: abs(loc - float(v))) for v in raw]
        if any(not 1e-6 < abs(loc - float(v)) < 0.5 for loc, v in zip(near, raw)) or \
                not any(ticks[loc] in self._expected() for loc in near):
            return None
        return (f"you drew grouped bars, one bar series per group (hue=..., or several columns), so "
                f"each bar is shifted off its {self.x_label}'s tick: draw {self.what} alone, one "
                f"series.")

    def _named_slip(self, drawn: Mapping[Any, float | None], common: Sequence[Any]) -> str | None:
        """The message of the known slip (a ``mistakes`` column, percent for a share ...) whose values
        the drawn series has at every x it shares with the question (``common``), or None."""
        if not common:
            return None
        expected = self._expected()
        for target, message in self._readings():
            if message is not None and all(not math.isnan(target.get(k, math.nan))
                                           and self._close(drawn[k], target[k]) for k in common) \
                    and not all(k in expected and self._close(target[k], expected[k]) for k in common):
                return message  # (a slip that differs from the question's only where nothing is drawn: none)
        return None

    def _judge(self, exercise: str, ax: Mapping[str, Any], series: Mapping[str, Any]) -> Feedback:
        """The feedback on one drawn series (on the axes ``ax``)."""
        def wrong(message: str) -> Feedback:
            return Feedback(exercise, WRONG, message)

        if series.get("kind") == "barh":
            return wrong(f"you drew horizontal bars (barh), whose lengths run along the x axis: draw "
                         f"vertical bars (.plot.bar(), sns.barplot(x=..., y=...)) or a line, with the "
                         f"{self.x_label} on the x axis.")
        slip = self._x_slip(series)
        if slip:
            return wrong(slip)
        points = self._points(series)
        keys = [k for k, _ in points if k is not None]
        if len(set(keys)) < len(keys):
            twice = next(k for k in keys if keys.count(k) > 1)
            return wrong(f"your series has several y values at {twice}: keep one row per "
                         f"{self.x_label} (filter the table first, or draw one line per group with hue=).")
        drawn = {k: v for k, v in points if k is not None}
        blank = [k for k in (x_key(v, self.x_kind) for v in self.blank) if k in drawn]
        if blank:
            # a known slip drawn over every x, the blank one too (the share itself where its change is
            # asked, which has a value in the table's first year): named as that slip, not as the blank
            named = self._named_slip(drawn, [k for k in drawn if k in self._expected()])
            if named:
                return wrong(named)
            shifted = self._shifted({k: v for k, v in drawn.items() if v is not None})
            if shifted:
                return wrong(shifted)
            k = blank[0]
            slip = None if drawn[k] == 0 else self._misdrawn(series, drawn)
            if slip:
                return wrong(slip)
            # an area plot (pandas' .plot.area() fills NaN with 0): the 0 was not written (r27a 03 #7)
            area = (" (an area chart, .plot.area(), fills NaN with 0: draw a line, bars or points)"
                    if drawn[k] == 0 and int(ax.get("areas", 0) or 0) else "")
            return wrong(f"{k} is blank in the table: leave it blank (out, or NaN), never 0"
                         + (f"{area}." if drawn[k] == 0 else f" or a filled-in value (your chart gives it "
                                                              f"{drawn[k]:.4g})."))
        expected = self._expected()
        common = [k for k in drawn if k in expected]
        if not common:
            return wrong(self._strings_drawn(ax, series) or self._misdrawn(series, drawn) or
                         self._dodged(ax, series) or self._other_x(series, drawn) or self._short_years(series) or
                         self._values_on_x(series) or f"the x values you plotted ({_raw_span(series.get('x', []))}) are "
                         f"not the {self.x_label} values asked ({self._span(list(expected))}): plot "
                         f"against {self._against()}, not the row numbers.")
        named = self._named_slip(drawn, common)
        if named:
            return wrong(named)
        bad = [k for k in sorted(common, key=str) if not self._close(drawn[k], expected[k])]
        if bad:
            slip = self._misdrawn(series, drawn)
            if slip:
                return wrong(slip)
            k = bad[0]
            got = "not a number" if drawn[k] is None else f"{drawn[k]:.4g}"
            return wrong(f"your y values are not {self.what}: at {k} you plotted {got}, the table "
                         f"has {expected[k]:.4g} ({self.unit}); check the column you plotted.")
        fault = self._coverage(set(drawn)) or self._bridge(series) or self._labels(ax)
        if fault:
            return wrong(fault)
        return Feedback(exercise, CORRECT,
                        f"Verified: your chart draws {self.what}, all {len(expected)} values "
                        f"({self._span(list(expected))}, {self.unit}), with both axes labelled; "
                        f"how it looks was not checked." + self._gap_hidden(ax, series))

    def _gap_hidden(self, ax: Mapping[str, Any], series: Mapping[str, Any]) -> str:
        """A note for bars or points on a categorical axis with no slot for a blank x inside the
        drawn ones (sns.barplot on dropna() data puts 2019 and 2021 side by side; r27a 03 #3), or ""."""
        raw = series.get("x", [])
        if not self.blank or self.x_kind == "category" or not raw or \
                not all(isinstance(v, str) for v in raw):
            return ""
        keys = sorted(k for k in (x_key(v, self.x_kind) for v in raw) if k is not None)
        ticks = {x_key(text, self.x_kind) for _, text in ax.get("xticks", [])}
        hidden = [b for b in (x_key(v, self.x_kind) for v in self.blank)
                  if b is not None and keys and keys[0] < b < keys[-1] and b not in ticks]
        if not hidden:
            return ""
        return (f" (Your chart leaves {hidden[0]} off the axis, so the gap is hidden: keep the "
                f"{hidden[0]} row as NaN, and it keeps an empty slot.)")

    # --- for the tests ---------------------------------------------------------------------------
    def drawn(self, y: Sequence[float] | None = None, x: Sequence[Any] | None = None, *,
              xlabel: str | None = None, ylabel: str | None = None, how: str = "line") -> Any:
        """An Axes (on a Figure of its own, outside pyplot) with a series drawn: the spec's own, or
        ``y`` against ``x``; ``how`` is "line", "bar", "barh" or "scatter"; labels default to the
        spec's."""
        from matplotlib.figure import Figure

        xs = list(self.x if x is None else x)
        ys = list(self.y if y is None else y)
        if x is None and how == "line" and self.blank and len(ys) == len(xs):  # NaN at a blank: a break
            pairs = sorted(list(zip(xs, ys)) + [(b, math.nan) for b in self.blank],
                           key=lambda p: str(x_key(p[0], self.x_kind)))
            xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
        ax = Figure().add_subplot()
        draw = {"line": ax.plot, "scatter": ax.scatter,
                "bar": lambda a, b: ax.bar([str(v) for v in a], b),
                "barh": lambda a, b: ax.barh([str(v) for v in a], b)}[how]
        draw(xs, ys)
        ax.set_xlabel(self.x_label if xlabel is None else xlabel)
        ax.set_ylabel(f"{self.what} ({self.unit})" if ylabel is None else ylabel)
        return ax

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        import pandas as pd

        yield pd.DataFrame({"x": list(self.x), "y": list(self.y)}), "pass the Axes"
        from matplotlib.figure import Figure

        yield Figure().add_subplot(), "nothing was plotted on these axes: draw the chart"
        yield self.drawn([], []), "drew a series with no points"
        yield self.drawn([math.nan] * len(self.x)), "every value in it is NaN"
        yield self.drawn(xlabel=""), "x axis is not labelled"
        if self.x_words:
            yield self.drawn(xlabel="index"), "does not say what it shows"
        yield self.drawn(ylabel=""), "y axis is not labelled"
        if self.unit_words:
            yield self.drawn(ylabel="values"), "does not name the unit"
        if self.y_words:
            yield self.drawn(ylabel=self.unit), "reads as the level"
        if len(self.x) > 2 and self.x_kind != "category":
            order = sorted(range(len(self.x)), key=lambda i: x_key(self.x[i], self.x_kind))
            keep = order[:-1]
            yield (self.drawn([self.y[i] for i in keep], [self.x[i] for i in keep]),
                   "the table reaches")
        if self.share:
            yield self.drawn([100 * v for v in self.y]), f"in {self.percent_words}"
            label = f"{self.what} ({self.unit}, %)"
            if not self.unit_words or any(_names_word(label, w) for w in self.unit_words):
                yield self.drawn(ylabel=label), "says percent"
        yield self.drawn(how="barh"), "horizontal bars"
        numeric = [_float(v) if _float(v) is not None else None for v in self.x]
        if self.x_kind != "category" and None not in numeric:
            yield self.drawn(x=self.y, y=numeric), "axes are swapped"
        if self.x_kind in ("year", "quarter") and None not in numeric and len(self.x) > 2:
            yield self.drawn(x=[v + (1 if self.x_kind == "year" else 0.25) for v in numeric]), "one " + self.x_label
        if self.blank:
            xs = list(self.x) + list(self.blank)
            order = sorted(range(len(xs)), key=lambda i: str(x_key(xs[i], self.x_kind)))
            ys = list(self.y) + [0.0] * len(self.blank)
            yield (self.drawn([ys[i] for i in order], [xs[i] for i in order]),
                   "is blank in the table: leave it blank (out, or NaN), never 0")
            # a zero-height bar at the blank drawn by seaborn or ax.bar (width 0.8) is a plotted 0
            yield (self.drawn([ys[i] for i in order], [xs[i] for i in order], how="bar"),
                   "is blank in the table: leave it blank (out, or NaN), never 0")
            keys = [x_key(v, self.x_kind) for v in self.x]
            if self.x_kind != "category" and any(min(keys) < x_key(b, self.x_kind) < max(keys)
                                                 for b in self.blank):
                order = sorted(range(len(self.x)), key=lambda i: keys[i])
                yield (self.drawn([self.y[i] for i in order], [self.x[i] for i in order]),
                       "across the blank")
        if self.percent:
            yield self.drawn([v / 100 for v in self.y]), "shares of 1"
        for hint in self.hints:
            keep = [i for i, v in enumerate(hint.y) if not math.isnan(v)]
            yield self.drawn([hint.y[i] for i in keep], [self.x[i] for i in keep]), hint.message


def _error_bar(series: Mapping[str, Any]) -> bool:
    """Whether a drawn line is an error bar or confidence-interval line (seaborn's barplot and
    pointplot draw one per bar or point): two points at one x, not a series the student drew."""
    xs = series.get("x", [])
    return series.get("kind") == "line" and len(xs) == 2 and xs[0] == xs[1]


def _raw_span(values: Sequence[Any]) -> str:
    """Plotted x values as drawn, briefly: "0–11" for numbers, the first few for text."""
    numbers = sorted(v for v in values if isinstance(v, (int, float)))
    if numbers and len(numbers) == len(values):
        return f"{_short(numbers[0])}–{_short(numbers[-1])}"
    return ", ".join(str(v) for v in values[:3]) + (" …" if len(values) > 3 else "")


def _short(value: float) -> str:
    """A plotted value to at most three decimals, trailing zeros dropped: 2014, 0.666, 2022.875."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace("-", "−")


def _type_message(answer: Any, draw: str = DRAW) -> str:
    """What was passed instead of a chart, and what to pass."""
    if answer is None:
        return (f"got None (plt.show() and a function without return give None); keep what the plot "
                f"returns ({draw}) and pass that.")
    module = type(answer).__module__.split(".")[0]
    if module == "pandas":
        return (f"got {describe(answer)}, the table, not the chart; pass the Axes your plot "
                f"returned ({draw}, or ax = df.plot(...)).")
    if module in ("matplotlib", "seaborn"):
        return (f"got {describe(answer)}, which holds no chart data; pass the Axes your plot "
                f"returned ({draw}).")
    return f"got {describe(answer)}; expected the Axes of your chart: keep what the plot returns ({draw})."
