"""The *plot* exercise (issue 27): a :class:`~valueloops.checks.Plot` spec reads a student's chart.

On the fixture lesson 99 (tests/plot_fixture.py, real data, not a course lesson):

* the right chart drawn nine honest ways (sns.lineplot, sns.barplot, sns.scatterplot, df.plot,
  df.plot.bar, ax.plot on shuffled rows, plt.plot's lines, a seaborn FacetGrid; quarters as labels,
  as dates, as a PeriodIndex) passes; each named mistake drawn for real (percent for a share, the
  last year missing, no x label, the wrong column, empty axes, a DataFrame, a long table unfiltered,
  the row numbers as x) gets the line that names it; blank is "not answered";
* every answer gets the same verdict through the grader's reader (in this process) and on a kernel:
  the notebook's own check cells and ``grade-class`` (:func:`valueloops.classgrade.grade_submission`)
  agree, line for line; printed text that imitates the reader's payload earns nothing;
* the nbgrader export turns a plot exercise's check cell into an autograded test cell that passes
  on the right chart and fails on nbgrader's stub.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402

import plot_fixture as fixture  # noqa: E402
from valueloops import classgrade, nbgrader, probe, trusted  # noqa: E402
from valueloops.checks import CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, Plot, SeriesHint, evaluate  # noqa: E402
from valueloops.checks.core import GRADE_LOG_ENV  # noqa: E402
from valueloops.checks.plot import x_key  # noqa: E402

FIXTURE_SOURCE = (Path(__file__).resolve().parent / "plot_fixture.py").read_text(encoding="utf-8")
IN_PLACE = [e for e in fixture.ATTEMPTS if e not in fixture.KERNEL_ONLY]


@pytest.fixture(autouse=True)
def lesson_99():
    """lesson_specs("99") finds the fixture's specs while a test runs; every figure is closed after."""
    module = fixture.register()
    yield module
    sys.modules.pop(module.__name__, None)
    plt.close("all")


def attempt(exercise: str):
    """The value an attempt's answer cell leaves, drawn here (matplotlib's Agg backend)."""
    source, name, _, _ = fixture.ATTEMPTS[exercise]
    namespace: dict = {}
    exec(fixture.SETUP + source.replace(fixture.NEXT_CELL, ""), namespace)  # noqa: S102 - our own fixture
    return namespace[name]


# --- the check cell --------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise", IN_PLACE)
def test_each_attempt_gets_its_verdict_in_the_check_cell(exercise):
    _, _, status, fragment = fixture.ATTEMPTS[exercise]
    feedback = evaluate(exercise, attempt(exercise))
    assert (feedback.status, fragment in feedback.message) == (status, True), feedback.message


def test_at_least_four_honest_ways_per_series_pass():
    right = [e for e in IN_PLACE if fixture.ATTEMPTS[e][2] == CORRECT]
    margin = [e for e in right if fixture.CHECKS[e] is fixture.MARGIN]
    assert len(margin) >= 4 and len(right) - len(margin) >= 3


@pytest.mark.parametrize("spec", [fixture.MARGIN, fixture.UNIT_SHARE], ids=["margin", "unit share"])
def test_every_declared_wrong_answer_gets_its_hint_and_blank_is_not_answered(spec):
    wrong = list(spec.wrong_answers())
    assert len(wrong) >= 6
    for answer, fragment in wrong:
        feedback = spec.evaluate("99.1", answer)
        assert feedback.status != CORRECT and fragment in feedback.message, (fragment, feedback.message)
    assert spec.evaluate("99.1", spec.blank_answer()).status == NOT_ANSWERED
    none = spec.evaluate("99.1", None)   # ax = plt.show(): an answer, told what gave None
    assert none.status == WRONG_TYPE and "plt.show()" in none.message, none.message
    assert spec.evaluate("99.1", spec.drawn()).status == CORRECT


def test_the_same_chart_fails_against_another_series():
    """A right chart passes only its own data: one value changed, one year more, in percent."""
    ax = attempt("99.1")
    changed = Plot(x=fixture.MARGIN.x, y=fixture.MARGIN.y[:-1] + (fixture.MARGIN.y[-1] + 0.01,),
                   unit="share", share=True)
    assert evaluate("99.1", ax).status == CORRECT
    assert changed.evaluate("99.1", ax).status == WRONG
    longer = Plot(x=fixture.MARGIN.x + (2026,), y=fixture.MARGIN.y + (0.3,), unit="share")
    assert "the table reaches 2026" in longer.evaluate("99.1", ax).message
    percent = Plot(x=fixture.MARGIN.x, y=tuple(100 * v for v in fixture.MARGIN.y), unit="percent",
                   percent=True)
    assert "the question asks for percent" in percent.evaluate("99.1", ax).message


@pytest.mark.parametrize("value, kind, key", [
    (2014, "year", 2014), (2014.0, "year", 2014), ("2014", "year", 2014), ("2014-12-31", "year", 2014),
    ("Q1 2024", "quarter", "2024Q1"), ("2024Q1", "quarter", "2024Q1"), ("2024-03-31", "quarter", "2024Q1"),
    (2024.125, "quarter", "2024Q1"), (2024.875, "quarter", "2024Q4"), (" North  America", "category", "north america"),
    ("2024-03-31 00:00:00", "date", "2024-03-31"), (0, "year", None), ("total", "year", None)])
def test_x_values_are_read_however_they_were_drawn(value, kind, key):
    assert x_key(value, kind) == key


def test_a_spec_with_inconsistent_data_is_refused_when_written():
    with pytest.raises(ValueError, match="one y per x"):
        Plot(x=(2014, 2015), y=(0.1,), unit="share")
    with pytest.raises(ValueError, match="not distinct"):
        Plot(x=(2014, 2014.0), y=(0.1, 0.2), unit="share")
    with pytest.raises(ValueError, match="one y per x"):
        Plot(x=(2014, 2015), y=(0.1, 0.2), unit="share", hints=(SeriesHint((1.0,), "no"),))


def test_categories_pass_as_bars_in_any_order_and_name_a_missing_one():
    latest = fixture.SEGMENTS[(fixture.SEGMENTS["year"] == 2025) & (fixture.SEGMENTS["segment"] != "Consolidated")]
    spec = Plot.from_table(latest, "segment", "operating_income_musd", unit="US$ millions",
                           unit_words=("US$", "$"), what="operating income by segment")
    import seaborn as sns
    ax = sns.barplot(data=latest.iloc[::-1], x="segment", y="operating_income_musd")
    ax.set_ylabel("operating income (US$ millions)")
    assert spec.evaluate("99.1", ax).status == CORRECT
    plt.figure()
    ax = sns.barplot(data=latest.iloc[1:], x="segment", y="operating_income_musd")
    ax.set_ylabel("US$ millions")
    assert "leaves out 1 x of the table" in spec.evaluate("99.1", ax).message


# --- the grader ------------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise", IN_PLACE)
def test_each_attempt_gets_the_same_verdict_through_the_grader_reader(exercise):
    from test_trusted import through_the_reader

    answer = attempt(exercise)
    direct = evaluate(exercise, answer)
    graded = through_the_reader(exercise, fixture.CHECKS[exercise], answer)
    assert (graded.status, graded.message) == (direct.status, direct.message)


def test_a_chart_travels_as_data_and_a_look_alike_travels_as_nothing():
    encoded = probe.encode(attempt("99.1"))
    assert encoded["$"] == "plot" and encoded["v"]["axes"][0]["series"][0]["x"][0] == 2014
    forged = {"$": "plot", "v": encoded["v"]}  # a dict that looks like the payload: just a dict
    assert probe.encode(forged)["$"] == "dict"
    assert trusted.evaluate_payload("99", "99.1", {"value": probe.encode(forged)}).status != CORRECT

    class Axes:  # a student's own class of the same name
        def get_lines(self):
            return []
    assert probe.encode(Axes())["$"] == "opaque"


def run_with_log(path: Path, log: Path) -> nbformat.NotebookNode:
    """The notebook run as a student runs it (its own check cells, a kernel of its own), each check's
    verdict appended to ``log``."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    os.environ[GRADE_LOG_ENV] = str(log)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.pop(GRADE_LOG_ENV, None)
    return nb


def fixture_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) if kind == "code" else nbformat.v4.new_markdown_cell(src)
                for kind, src in fixture.notebook_cells(FIXTURE_SOURCE)]
    path = folder / "99_plot_fixture.ipynb"
    nbformat.write(nb, path)
    return path


def test_check_cells_and_grade_class_give_every_chart_the_same_verdict(tmp_path):
    path = fixture_notebook(tmp_path)
    log = tmp_path / "log.jsonl"
    run_with_log(path, log)
    in_kernel = {row["exercise"]: (row["status"], row["message"])
                 for row in map(json.loads, log.read_text(encoding="utf-8").splitlines())}
    graded = classgrade.grade_submission(classgrade.Submission("ada", path))
    assert not graded.problem, graded.problem
    by_grader = {exercise: (status, message) for exercise, status, message in graded.results}
    assert set(in_kernel) == set(by_grader) == set(fixture.ATTEMPTS)
    for exercise, (_, _, status, fragment) in fixture.ATTEMPTS.items():
        assert by_grader[exercise] == in_kernel[exercise], exercise
        assert by_grader[exercise][0] == status and fragment in by_grader[exercise][1], (exercise, by_grader[exercise])


def test_printing_the_readers_payload_earns_nothing(tmp_path):
    path = fixture_notebook(tmp_path)
    nb = nbformat.read(path, as_version=4)
    payload = json.dumps({"exercise": "99.16", "value": probe.encode(attempt("99.1"))})
    nb.cells.append(nbformat.v4.new_code_cell(f"print('VALUELOOPS-' + 'f' * 32 + '<' + {payload!r} + '>')"))
    nbformat.write(nb, path)
    graded = classgrade.grade_submission(classgrade.Submission("eve", path))
    assert dict((e, s) for e, s, _ in graded.results)["99.16"] == NOT_ANSWERED


def test_the_nbgrader_export_grades_a_plot_exercise_in_the_students_kernel(tmp_path):
    """The export makes the check cell an autograded test (strict: a failed check raises, the cell
    scores 0): it passes on the right chart and fails on nbgrader's stub."""
    from nbclient import NotebookClient

    solution = nbformat.v4.new_notebook()
    setup = fixture.notebook_cells(FIXTURE_SOURCE)[0][1]
    answer = fixture.ATTEMPTS["99.1"][0]
    solution.cells = [nbformat.v4.new_code_cell(setup),
                      nbformat.v4.new_markdown_cell("## Exercise 99.1"),
                      nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\n{answer}### END SOLUTION"),
                      nbformat.v4.new_code_cell('check("99.1", ax)')]
    path = tmp_path / "99_plot_fixture.ipynb"
    nbformat.write(solution, path)
    source = nbgrader.source_notebook(path)
    check_cell = next(c for c in source.cells if c.metadata["nbgrader"]["grade"])
    assert check_cell.source == 'check("99.1", ax)' and check_cell.metadata["nbgrader"]["points"] == 1
    for stub, ok in ((None, True), ("# YOUR CODE HERE\nraise NotImplementedError()", False)):
        nb = nbformat.from_dict(json.loads(json.dumps(source)))
        if stub:
            cell = next(c for c in nb.cells if c.metadata["nbgrader"]["solution"])
            cell.source = stub
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
        errors = [o for o in next(c for c in nb.cells if c.metadata["nbgrader"]["grade"]).outputs
                  if o.output_type == "error"]
        assert (not errors) == ok, errors


def test_a_blank_year_is_no_point_as_a_zero_bar_and_named_as_a_drawn_zero():
    """r18 (plot #1, #2): pandas draws a NaN bar at height 0: that is no point; a line through a 0
    where the table is blank is told "2020 is blank in the table: leave it out or NaN, never 0"."""
    import pandas as pd

    table = pd.DataFrame({"year": [2018, 2019, 2020, 2021], "share": [0.2, 0.25, float("nan"), 0.3]})
    spec = Plot.from_table(table, "year", "share", unit="share of sales", share=True, unit_words=("share",))
    assert spec.blank == (2020,)
    series = table.set_index("year")["share"]
    bars = series.plot.bar(xlabel="year", ylabel="share of sales")
    assert evaluate_spec(spec, bars).status == CORRECT
    plt.figure()
    zero = series.fillna(0).plot(xlabel="year", ylabel="share of sales")
    feedback = evaluate_spec(spec, zero)
    assert feedback.status == WRONG and feedback.message == (
        "2020 is blank in the table: leave it blank (out, or NaN), never 0."), feedback.message


def _gap_spec():
    import pandas as pd

    table = pd.DataFrame({"year": [2018, 2019, 2020, 2021], "share": [0.2134, 0.2561, float("nan"), 0.3012]})
    return table, Plot.from_table(table, "year", "share", unit="share of sales", share=True,
                                  unit_words=("share",))


def test_a_line_across_a_blank_year_is_refused_a_broken_line_points_and_bars_pass():
    """r24c E1: a line whose x data leave out a blank year but has points on both sides joins
    across it (sns.lineplot, ax.plot on dropna() data): refused with its own hint. A pandas line
    that keeps the NaN breaks there, markers alone join nothing, bars are no line: they pass."""
    import seaborn as sns

    table, spec = _gap_spec()
    series = table.set_index("year")["share"]
    labels = dict(xlabel="year", ylabel="share of sales")
    bridge = "your line joins 2019 to 2021 across the blank 2020 (never bridge a gap)"
    for draw in (lambda ax: ax.plot(series.dropna().index, series.dropna()),
                 lambda ax: sns.lineplot(data=table, x="year", y="share", ax=ax),
                 lambda ax: ax.plot(series.dropna().index[::-1], series.dropna()[::-1])):
        plt.figure()
        ax = plt.gca()
        draw(ax)
        ax.set(**labels)
        feedback = evaluate_spec(spec, ax)
        assert feedback.status == WRONG and feedback.message.startswith(bridge), feedback.message
    for draw in (lambda ax: series.plot(ax=ax), lambda ax: ax.plot(series.dropna().index, series.dropna(), "o"),
                 lambda ax: sns.barplot(data=table, x="year", y="share", ax=ax),
                 lambda ax: sns.scatterplot(data=table, x="year", y="share", ax=ax)):
        plt.figure()
        ax = plt.gca()
        draw(ax)
        ax.set(**labels)
        assert evaluate_spec(spec, ax).status == CORRECT, evaluate_spec(spec, ax).message
    plt.close("all")


def test_a_zero_bar_at_a_blank_year_is_told_apart_from_a_missing_bar():
    """r24c E2: seaborn draws no bar for NaN, so its zero-height bar at the blank year is a plotted
    0 (refused); pandas draws NaN as a zero-height bar at its default width 0.5 (passes)."""
    import seaborn as sns

    table, spec = _gap_spec()
    plt.figure()
    zero = sns.barplot(data=table.fillna(0), x="year", y="share")
    zero.set(xlabel="year", ylabel="share of sales")
    feedback = evaluate_spec(spec, zero)
    assert feedback.status == WRONG and "2020 is blank in the table" in feedback.message, feedback.message
    plt.figure()
    missing = sns.barplot(data=table, x="year", y="share")
    missing.set(xlabel="year", ylabel="share of sales")
    assert evaluate_spec(spec, missing).status == CORRECT
    plt.close("all")


def test_a_filled_in_blank_is_not_told_never_0_alone_and_a_ratio_label_names_a_share():
    """r24c E3: an interpolated blank is told "never 0 or a filled-in value" with its value; E4: a y
    label "X / net sales" names a share as well as "share" does."""
    table, spec = _gap_spec()
    series = table.set_index("year")["share"]
    plt.figure()
    filled = series.interpolate().plot(xlabel="year", ylabel="share of sales")
    feedback = evaluate_spec(spec, filled)
    assert feedback.status == WRONG and "never 0 or a filled-in value (your chart gives it 0.27" \
        in feedback.message, feedback.message
    plt.figure()
    ratio = series.plot(xlabel="year", ylabel="paid units / all units")
    assert evaluate_spec(spec, ratio).status == CORRECT
    plt.close("all")


def test_a_share_label_may_say_fraction_or_proportion_but_not_percent():
    """r18 (plot #4, 03 #2): "share", "fraction" and "proportion" name a share; "%" is refused."""
    for label, passed in (("share of paid units", True), ("fraction of paid units", True),
                          ("proportion of paid units", True), ("paid units (%)", False),
                          ("share of paid units, percent", False)):
        ax = fixture.UNIT_SHARE.drawn(ylabel=label)
        feedback = evaluate_spec(fixture.UNIT_SHARE, ax)
        assert (feedback.status == CORRECT) == passed, (label, feedback.message)
        if not passed:
            assert "the values are shares (1 = the whole); the label" in feedback.message


def evaluate_spec(spec, answer):
    return spec.evaluate("99.1", answer)


def _share_table():
    import pandas as pd

    table = pd.DataFrame({"year": [2018, 2019, 2020, 2021], "share": [0.2134, 0.2561, 0.1175, 0.3012]})
    return table, Plot.from_table(table, "year", "share", unit="share of sales", share=True,
                                  unit_words=("share",))


def test_bars_coloured_by_their_own_year_are_one_series():
    """r20a (01 #1): sns.barplot(..., hue="year", legend=False), seaborn's own advice for palette=,
    draws one container per bar; those join into one series. Bars grouped by another column stay
    apart."""
    import pandas as pd
    import seaborn as sns

    table, spec = _share_table()
    ax = sns.barplot(table, x="year", y="share", hue="year", legend=False)
    ax.set_ylabel("share of sales")
    assert evaluate_spec(spec, ax).status == CORRECT, evaluate_spec(spec, ax).message
    plt.figure()
    long = pd.concat([table.assign(side="a"), table.assign(side="b", share=table["share"] / 2)])
    grouped = sns.barplot(long, x="year", y="share", hue="side")
    assert len(probe._series(grouped)) == 2


def test_a_column_name_as_axis_label_is_refused():
    """r19a D3 / r20a #4: seaborn names the axes after the columns; "share_of_sales" is not a
    label the student wrote. Plain words ("year", "share") still pass."""
    import pandas as pd
    import seaborn as sns

    table, spec = _share_table()
    ax = sns.lineplot(table.rename(columns={"share": "sales_share"}), x="year", y="sales_share")
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == WRONG and "'sales_share' is a column's name" in feedback.message, feedback
    plt.figure()
    ax = sns.lineplot(table, x="year", y="share")
    assert evaluate_spec(spec, ax).status == CORRECT
    plt.figure()
    ax = sns.lineplot(pd.DataFrame({"the_year": table["year"], "share": table["share"]}), x="the_year", y="share")
    assert "x axis label 'the_year'" in evaluate_spec(spec, ax).message


def test_percent_rounded_is_named_as_percent():
    """r20a #3: shares ×100 and rounded to one decimal are told they are percent, not "rounded"."""
    table, spec = _share_table()
    fig, ax = plt.subplots()
    ax.plot(table["year"], (100 * table["share"]).round(1))
    ax.set_xlabel("year")
    ax.set_ylabel("share of sales")
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == WRONG and "in percent (× 100), and rounded" in feedback.message, feedback


def test_seaborns_none_label_is_no_label():
    """r20c (06 #1): sns.lineplot(x=..., y=a - b) labels the y axis "None": that is no label."""
    import seaborn as sns

    table, spec = _share_table()
    ax = sns.lineplot(x=table["year"], y=table["share"] * 1.0 + 0.0 * table["share"].rename(None))
    ax.set_xlabel("year")
    ax.set_ylabel("None")
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == WRONG and feedback.message.startswith("the y axis is not labelled"), feedback


def test_a_rounded_value_is_printed_with_its_decimals():
    """r20c (03 #1): a share rounded to 0.150 is shown as 0.150 in the message, not 0.15."""
    import pandas as pd

    table = pd.DataFrame({"year": [2018, 2019, 2020], "share": [0.1504, 0.2561, 0.3012]})
    spec = Plot.from_table(table, "year", "share", unit="share of sales", share=True, unit_words=("share",))
    fig, ax = plt.subplots()
    ax.plot(table["year"], table["share"].round(3))
    ax.set_xlabel("year")
    ax.set_ylabel("share of sales")
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == WRONG and "(at 2018: 0.150 for" in feedback.message, feedback.message
    plt.figure()
    ax = plt.gca()
    ax.plot(table["year"], [0.2, 0.3, 0.3])
    ax.set_xlabel("year")
    ax.set_ylabel("share of sales")
    assert "rounded to 1 decimal(s) (at 2018: 0.2 for" in evaluate_spec(spec, ax).message


def _crowd_spec():
    import pandas as pd

    table = pd.DataFrame({"year": [2018, 2019, 2020, 2021], "share": [0.21, 0.26, 0.12, 0.30],
                          "other_share": [0.5, 0.55, 0.6, 0.62], "sales_busd": [233.0, 281.0, 386.0, 470.0]})
    spec = Plot.from_table(table, "year", "share", unit="share of sales", share=True, unit_words=("share",),
                           mistakes={"other_share": "you plotted the other segments' share: plot AWS's"})
    return table.set_index("year"), spec


def test_a_right_series_crowded_by_a_slip_or_another_unit_fails():
    """r21a P1: the right line among the table's other columns passes only if none of them is a
    known slip and none is in another unit that squashes it flat; a reference line stays allowed."""
    table, spec = _crowd_spec()
    ax = table[["share", "other_share"]].plot(xlabel="year", ylabel="share of sales")
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == WRONG and "a series that is a slip (you plotted the other segments' share)" \
        in feedback.message, feedback.message
    plt.figure()
    ax = table[["share", "sales_busd"]].plot(xlabel="year", ylabel="share of sales")
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == WRONG and "in another unit (up to 470)" in feedback.message, feedback.message
    plt.figure()
    ax = table["share"].plot(xlabel="year", ylabel="share of sales")
    ax.plot(table.index, [0.25] * len(table), linestyle=":")
    ax.axhline(1)
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == CORRECT and "one of the 2 series" in feedback.message, feedback.message


def test_the_right_series_among_others_is_told_its_own_fault():
    """r21a P2: the right values drawn with others, only the y label wrong: the message is the
    label's, not "none of the N series you drew is ..."."""
    table, spec = _crowd_spec()
    ax = table[["other_share", "share"]].plot(xlabel="year", ylabel="AWS")
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == WRONG and "none of" not in feedback.message, feedback.message
    assert "does not name the unit" in feedback.message, feedback.message


def test_a_unit_word_counts_only_as_a_word_of_its_own():
    """r23a (05 #2): "ratio" is inside "operations"; a share chart labelled "Cash from operations"
    names no unit. Whole words, any case, plurals pass ("Shares", "Ratio of ...")."""
    import pandas as pd

    table = pd.DataFrame({"year": [2018, 2019, 2020, 2021], "capex_share": [0.5, 0.6, 0.7, 0.8]})
    spec = Plot.from_table(table, "year", "capex_share", unit="share of cash from operations",
                           share=True, unit_words=("share", "ratio"))
    for label, passed in (("Cash from operations", False), ("Share of cash from operations", True),
                          ("Shares of cash from operations", True), ("Ratio to operating cash", True),
                          ("Spending/operations (ratio)", True), ("operations ratios", True),
                          ("Hashare of cash", False)):
        fig, ax = plt.subplots()
        ax.plot(table["year"], table["capex_share"])
        ax.set_xlabel("year")
        ax.set_ylabel(label)
        feedback = evaluate_spec(spec, ax)
        assert (feedback.status == CORRECT) == passed, (label, feedback.message)
        if not passed:
            assert "does not name the unit" in feedback.message, feedback.message
        plt.close(fig)


# --- r23b (03 E1 and minor points): a chart of NaN, a stem's baseline, the "besides" clause -------
def _nan_draws():
    """A share divided by totals that line up on the wrong labels, every value NaN, drawn five ways."""
    import numpy as np
    import pandas as pd
    import seaborn as sns

    table = pd.DataFrame({"year": [2018, 2019, 2020, 2021], "share": [np.nan] * 4})
    drawn = {}
    plt.figure()
    drawn["df.plot"] = table.plot(x="year", y="share", xlabel="year", ylabel="share of sales")
    plt.figure()
    drawn["ax.scatter"] = plt.gca()
    drawn["ax.scatter"].scatter(table["year"], table["share"])
    plt.figure()
    drawn["ax.bar"] = plt.gca()
    drawn["ax.bar"].bar(table["year"], table["share"])
    plt.figure()
    drawn["sns.lineplot"] = sns.lineplot(table, x="year", y="share")   # seaborn drops NaN: an empty line
    plt.figure()
    drawn["sns.barplot"] = sns.barplot(table, x="year", y="share")     # ... and an empty bar set
    return drawn


@pytest.mark.parametrize("how, fragment", [
    ("df.plot", "your chart has 1 series, but every value in it is NaN (missing)"),
    ("ax.scatter", "your chart has 1 series, but every value in it is NaN (missing)"),
    ("ax.bar", "your chart has 1 series, but every value in it is NaN (missing)"),
    ("sns.lineplot", "your plot call drew a series with no points. If its values are all NaN"),
    ("sns.barplot", "your plot call drew a series with no points. If its values are all NaN"),
])
def test_a_chart_of_nan_is_told_its_values_are_nan_not_that_nothing_was_drawn(how, fragment):
    """r23b E1: a series whose values are all NaN (03.8's likely division slip: a column divided by
    ``table.sum()``) was dropped and told "plt.gca() in a later cell is a new, empty figure". It is
    now told its values are NaN and why, in the check cell and through the grader's reader alike;
    blank Axes keep their own message."""
    _, spec = _share_table()
    answer = _nan_draws()[how]
    feedback = evaluate_spec(spec, answer)
    assert feedback.status == WRONG and fragment in feedback.message, feedback.message
    assert "table.sum() (one total per column, not per row)" in feedback.message
    assert "plt.gca()" not in feedback.message
    sent = trusted.decode(json.loads(json.dumps(probe.encode(answer))), "99.1", spec)  # as the reader sends it
    graded = evaluate_spec(spec, sent)
    assert (graded.status, graded.message) == (feedback.status, feedback.message)
    blank = evaluate_spec(spec, plt.figure().add_subplot())
    assert "nothing was plotted on these axes: draw the chart" in blank.message and "plt.gca()" in blank.message


def test_a_chart_with_one_good_series_beside_a_nan_one_is_judged_on_the_good_one():
    """The NaN message is for a chart with nothing to show; a NaN line beside the right one (seaborn's
    empty error bars, say) changes nothing."""
    import numpy as np

    table, spec = _share_table()
    fig, ax = plt.subplots()
    ax.plot(table["year"], table["share"])
    ax.plot(table["year"], [np.nan] * len(table))
    ax.set(xlabel="year", ylabel="share of sales")
    assert evaluate_spec(spec, ax).status == CORRECT


def test_a_stem_plots_baseline_is_not_a_second_series():
    """r23b minor: ``ax.stem`` passed with "It is one of the 2 series you drew", its baseline (y = 0)
    counted as a series."""
    table, spec = _share_table()
    fig, ax = plt.subplots()
    ax.stem(table["year"], table["share"])
    ax.set(xlabel="year", ylabel="share of sales")
    feedback = evaluate_spec(spec, ax)
    assert feedback.status == CORRECT and "series you drew" not in feedback.message, feedback.message


def test_besides_names_the_slip_by_its_first_clause_only():
    """r23b minor: the "besides ..." message nested a whole hint, "(you plotted ...; the question asks
    for ....): draw ...", with a stray ". )". It now quotes the hint's first clause."""
    import pandas as pd

    table = pd.DataFrame({"year": [2018, 2019, 2020, 2021], "share": [0.21, 0.26, 0.12, 0.30],
                          "other_share": [0.5, 0.55, 0.6, 0.62]})
    spec = Plot.from_table(table, "year", "share", unit="share of sales", share=True, unit_words=("share",),
                           mistakes={"other_share": "you plotted the other segments' share; the question "
                                                    "asks for AWS's."})
    ax = table.set_index("year")[["share", "other_share"]].plot(xlabel="year", ylabel="share of sales")
    message = evaluate_spec(spec, ax).message
    assert "a series that is a slip (you plotted the other segments' share): draw" in message, message
    assert "the question asks for AWS's" not in message and ".)" not in message, message


def test_r25a_a_ratio_label_with_a_division_sign_names_a_share_and_shares_above_1_are_not_denied():
    """r25a: "Capex ÷ operating cash flow" was refused while "capex / operating cash flow" passed;
    05.8's shares reach 1.44, so no message may say shares lie "between 0 and 1"."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from valueloops.checks import lesson_specs

    spec = lesson_specs("05")["05.8"]
    xs, ys = list(spec.x), list(spec.y)
    for label, passes in (("Capex ÷ operating cash flow", True), ("capex / operating cash flow", True),
                          ("Capex (percent of cash from operations)", False)):
        fig, ax = plt.subplots()
        ax.plot(xs, ys)
        ax.set(xlabel="Year", ylabel=label)
        feedback = spec.evaluate("05.8", ax)
        plt.close(fig)
        assert feedback.passed == passes, (label, feedback.message)
        assert "between 0 and 1" not in feedback.message and "0 to 1," not in feedback.message


# --- r25d (07 #4, 09 #5): a y label naming the wrong scale ---------------------------------------
def _scale_chart(values, ylabel):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    ax.plot([2021, 2022, 2023], values)
    ax.set(xlabel="year", ylabel=ylabel)
    return ax


@pytest.mark.parametrize("ylabel", ["free cash flow (US$ millions)", "US$ m", "$M", "income (mn US$)",
                                    "USD mln"])
def test_a_label_naming_millions_over_billions_is_refused(ylabel):
    spec = Plot(x=(2021, 2022, 2023), y=(-9.1, -11.6, 36.8), unit="US$ billions",
                unit_words=("US$", "$", "billion", "bn"))
    feedback = spec.evaluate("99.1", _scale_chart([-9.1, -11.6, 36.8], ylabel))
    assert feedback.status == WRONG
    assert "your values are in US$ billions but the y label" in feedback.message, feedback.message
    assert "says millions: label the unit you drew" in feedback.message


@pytest.mark.parametrize("ylabel", ["free cash flow (US$ billions)", "US$ bn", "$B", "($bn)",
                                    "billions of dollars", "US$ bn (the table's millions ÷ 1000)"])
def test_a_label_naming_billions_over_billions_passes(ylabel):
    spec = Plot(x=(2021, 2022, 2023), y=(-9.1, -11.6, 36.8), unit="US$ billions",
                unit_words=("US$", "$", "billion", "bn"))
    feedback = spec.evaluate("99.1", _scale_chart([-9.1, -11.6, 36.8], ylabel))
    assert feedback.status == CORRECT, feedback.message


def test_a_label_naming_billions_over_millions_is_refused_and_millions_pass():
    spec = Plot(x=(2021, 2022, 2023), y=(-9100, -11600, 36800), unit="US$ millions",
                unit_words=("US$", "$"))
    wrong = spec.evaluate("99.1", _scale_chart([-9100, -11600, 36800], "US$ billions"))
    assert wrong.status == WRONG and "says billions: label the unit you drew" in wrong.message
    right = spec.evaluate("99.1", _scale_chart([-9100, -11600, 36800], "US$ millions"))
    assert right.status == CORRECT, right.message


def test_draw_names_the_suggested_drawing_and_defaults_to_sns_lineplot():
    """r25c E1: a spec's ``draw`` replaces "ax = sns.lineplot(...)" in the blank, empty and
    wrong-type messages (03.8 refuses sns.lineplot); a spec without it keeps the old wording."""
    plain = Plot(x=(2020, 2021, 2022), y=(0.1, 0.2, 0.3), unit="share")
    own = Plot(x=(2020, 2021, 2022), y=(0.1, 0.2, 0.3), unit="share", draw="ax = s.plot(...)")
    blank_axes = plt.figure().gca()
    for answer in (..., None, [1, 2], blank_axes):
        assert "ax = sns.lineplot(...)" in plain.evaluate("T.1", answer).message
        message = own.evaluate("T.1", answer).message
        assert "ax = s.plot(...)" in message and "sns.lineplot" not in message, message
    plt.close("all")


def test_x_words_refuse_an_x_label_that_does_not_name_the_year():
    """r25c E4: any non-empty x label passed ("index", "foo"); with ``x_words`` the label must hold
    one of them, in any case or the plural. Without ``x_words`` any x label still passes."""
    spec = Plot(x=(2020, 2021, 2022), y=(0.1, 0.2, 0.3), unit="share", unit_words=("share",),
                x_words=("year", "fy"))
    plain = Plot(x=(2020, 2021, 2022), y=(0.1, 0.2, 0.3), unit="share", unit_words=("share",))
    for label in ("year", "Year", "Fiscal years", "FY"):
        ax = spec.drawn(xlabel=label, ylabel="share")
        assert spec.evaluate("T.1", ax).status == CORRECT, label
    for label in ("index", "foo", "x", "share of net sales"):
        ax = spec.drawn(xlabel=label, ylabel="share")
        feedback = spec.evaluate("T.1", ax)
        assert feedback.status == WRONG and f"the x axis label {label!r} does not say" in feedback.message
        assert ("reset_index()" in feedback.message) == (label == "index"), feedback.message
        # r28c 05 #12: "x", a placeholder letter, is refused even without x_words
        assert plain.evaluate("T.1", ax).status == (WRONG if label == "x" else CORRECT), label
    for label in ("x", "X"):
        message = plain.evaluate("T.1", plain.drawn(xlabel=label, ylabel="share")).message
        assert f"the x axis label {label!r} does not say what it shows (a placeholder letter)" in message
    message = Plot(x=(2020, 2021, 2022), y=(0.1, 0.2, 0.3), unit="share").evaluate(
        "T.1", plain.drawn(xlabel="year", ylabel="y")).message   # no unit_words: "y" passed before
    assert "the y axis label 'y' does not say what it shows (a placeholder letter)" in message
    plt.close("all")


def test_r27b_a_right_series_among_several_others_with_a_slip_counts_them():
    """r27b 07 #6: hue= over a table's metrics drew the right series and several others; the message
    named one slip ("a series that is a slip (...)") as if it were the only other series. With more
    than one other series it now says how many; with one, the message is as before."""
    import pandas as pd

    table = pd.DataFrame({"year": [2018, 2019, 2020, 2021], "share": [0.21, 0.26, 0.12, 0.30],
                          "other_share": [0.5, 0.55, 0.6, 0.62], "third": [0.4, 0.41, 0.39, 0.45],
                          "fourth": [0.7, 0.71, 0.72, 0.69]})
    spec = Plot.from_table(table, "year", "share", unit="share of sales", share=True, unit_words=("share",),
                           mistakes={"other_share": "you plotted the other segments' share; plot AWS's"})
    ax = table.set_index("year")[["share", "other_share", "third", "fourth"]].plot(
        xlabel="year", ylabel="share of sales")
    message = evaluate_spec(spec, ax).message
    plt.close("all")
    assert message.startswith("besides the series, your chart draws 3 other series"), message
    assert "among them a slip: you plotted the other segments' share" in message
    assert message.endswith("draw the series alone, one series."), message
    ax = table.set_index("year")[["share", "other_share"]].plot(xlabel="year", ylabel="share of sales")
    message = evaluate_spec(spec, ax).message
    plt.close("all")
    assert "a series that is a slip (you plotted the other segments' share)" in message, message


# --- r26b (02 #3, #4), stream z0125h: percent disclaimed in a label; reference lines alone -------
def _share_chart(ylabel, values=(0.05, 0.07, 0.06)):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    ax.plot([2021, 2022, 2023], list(values))
    ax.set(xlabel="year", ylabel=ylabel)
    return ax


_SHARE_SPEC = dict(x=(2021, 2022, 2023), y=(0.05, 0.07, 0.06), unit="share of sales",
                   unit_words=("share",), share=True)


@pytest.mark.parametrize("ylabel", ["share (not %)", "share of sales, not in percent",
                                    "share of sales (0.01 = one percentage point)", "share (1 = 100%)",
                                    "share, not percentage points", "share (× 100 = %)"])
def test_a_label_that_disclaims_or_explains_percent_passes(ylabel):
    """r26b 02 #3: "Δ share (not %)" was refused with "the label says percent"."""
    feedback = Plot(**_SHARE_SPEC).evaluate("99.1", _share_chart(ylabel))
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize("ylabel, says", [("share (%)", "says percent"), ("share of sales, percent", "says percent"),
                                          ("share (pp)", "says percentage points"),
                                          ("share in percentage points", "says percentage points")])
def test_a_label_that_says_percent_over_shares_is_still_refused(ylabel, says):
    feedback = Plot(**_SHARE_SPEC).evaluate("99.1", _share_chart(ylabel))
    assert feedback.status == WRONG and says in feedback.message, feedback.message


@pytest.mark.parametrize("lines", [("h",), ("v",), ("h", "v")])
def test_axes_holding_only_reference_lines_are_told_no_series_was_drawn(lines):
    """r26b 02 #4: a lone axhline on fresh axes (limits 0 to 1) was read as a series at x 0-1 and got
    a hint about row numbers or years without the century."""
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    for line in lines:
        (ax.axhline if line == "h" else ax.axvline)(0)
    ax.set(xlabel="year", ylabel="share of sales")
    assert probe.plot_data(ax)["axes"][0]["series"] == []
    feedback = Plot(**_SHARE_SPEC).evaluate("99.1", ax)
    assert feedback.status == WRONG, feedback.message
    assert "only reference lines (axhline or axvline), no data series" in feedback.message
    assert "row numbers" not in feedback.message and "century" not in feedback.message


@pytest.mark.parametrize("exercise", ["01.8", "02.8", "05.8"])
def test_a_course_plot_with_only_a_reference_line_says_no_series_was_drawn(exercise):
    from matplotlib.figure import Figure

    from test_trusted import through_the_reader
    from valueloops.checks import all_specs

    ax = Figure().add_subplot()
    ax.axhline(1 if exercise == "05.8" else 0)
    spec = all_specs()[exercise]
    feedback = spec.evaluate(exercise, ax)
    assert feedback.status == WRONG and "no data series" in feedback.message, feedback.message
    graded = through_the_reader(exercise, spec, ax)
    assert (graded.status, graded.message) == (feedback.status, feedback.message)


def test_a_reference_line_beside_the_right_series_still_passes():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    ax.axhline(0)                                   # drawn first, on fresh axes
    ax.plot([2021, 2022, 2023], [0.05, 0.07, 0.06])
    ax.set(xlabel="year", ylabel="share of sales")
    assert Plot(**_SHARE_SPEC).evaluate("99.1", ax).status == CORRECT


# --- one_series: the "draw it as one series" rule is one Plot option (01.8, 02.8, 05.8) -------------
def _one_series_spec(**options):
    return Plot(x=(2019, 2020, 2021), y=(0.1, 0.2, 0.3), unit="share of sales", share=True,
                unit_words=("share",), what="the share", hints=(SeriesHint((1.0, 2.0, 3.0), "you plotted "
                                                                             "the count: divide it."),),
                **options)


def _one_series_chart(*others):
    fig, ax = plt.subplots()
    ax.plot([2019, 2020, 2021], [0.1, 0.2, 0.3], label="share")
    for label, ys in others:
        ax.plot([2019, 2020, 2021], ys, label=label)
    ax.set_xlabel("year")
    ax.set_ylabel("share of sales")
    return ax


def test_one_series_refuses_and_names_every_other_series_at_once():
    """With ``one_series``, a right series beside others fails, each other named (a slip by its hint,
    others by label); without it, the same chart passes with "one of the 3 series"."""
    ax = _one_series_chart(("count", [1.0, 2.0, 3.0]), ("target", [0.15, 0.15, 0.15]))
    feedback = _one_series_spec(one_series=True).evaluate("99.1", ax)
    assert feedback.status == WRONG
    assert ("besides the share, your chart draws 2 other series (the count; the series labelled "
            "'target'): the question asks for the share alone, one series: draw only it.") == feedback.message
    assert _one_series_spec().evaluate("99.1", ax).status == WRONG   # the slip is refused either way
    plt.close("all")
    ax = _one_series_chart(("target", [0.15, 0.15, 0.15]))
    assert _one_series_spec().evaluate("99.1", ax).status == CORRECT
    assert _one_series_spec(one_series=True).evaluate("99.1", ax).status == WRONG
    plt.close("all")


def test_one_series_lets_a_scatter_over_the_line_pass_and_names_other_years():
    ax = _one_series_chart()
    ax.scatter([2021], [0.3])
    feedback = _one_series_spec(one_series=True).evaluate("99.1", ax)
    assert feedback.status == CORRECT and "one of the" not in feedback.message, feedback.message
    plt.close("all")
    fig, ax = plt.subplots()
    ax.plot([2019, 2020, 2021], [0.1, 0.2, 0.3])
    ax.plot([2022, 2023], [0.5, 0.6])
    ax.set_xlabel("year")
    ax.set_ylabel("share of sales")
    message = _one_series_spec(one_series=True, other_x="from the rows of one metric").evaluate("99.1", ax).message
    assert "(a series at 2022, 2023, outside the question's 2019–2021)" in message, message
    assert "one series, from the rows of one metric: draw only it." in message
    plt.close("all")


def test_a_seaborn_hue_line_is_named_by_its_legend_entry():
    """r28d 08 #3, r28f 07-1: seaborn labels hue lines "_child0" and names them in the legend; the
    probe reads the legend's name for each colour, so a one-series message names them as the
    student's legend does, not "an unlabelled series from ... to ..."."""
    import pandas as pd
    import seaborn as sns

    from valueloops.probe import plot_data

    table = pd.DataFrame({"year": [2019, 2020, 2021] * 2, "value": [0.1, 0.2, 0.3, 0.5, 0.6, 0.4],
                          "metric": ["share"] * 3 + ["other metric"] * 3})
    ax = sns.lineplot(data=table, x="year", y="value", hue="metric")
    ax.set(xlabel="year", ylabel="share of sales")
    labels = [s["label"] for axes in plot_data(ax)["axes"] for s in axes["series"]]
    assert labels == ["share", "other metric"], labels
    feedback = _one_series_spec(one_series=True).evaluate("99.1", ax)
    assert "(the series labelled 'other metric')" in feedback.message, feedback.message
    plt.close("all")
