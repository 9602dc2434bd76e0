"""A fixture lesson "99" of plot exercises (not a course lesson), for tests/test_plot_checks.py.

Real data from ``datasets/``: AWS's operating margin by year (operating income / net sales,
amazon_segments.csv, Amazon 10-Ks) and Amazon's third-party paid-unit share by quarter
(third_party_share.csv). :data:`ATTEMPTS` are students' answer cells, each drawing a chart its own
way, with the verdict it must get: the tests run them in place (the check cell) and through the
grader on a kernel (``grade-class``), and compare. :func:`register` makes lesson 99's specs
findable by ``lesson_specs("99")`` in the process that calls it (the tests, and the fixture
notebook's kernel); nothing is added to the package.
"""

from __future__ import annotations

import sys
import types

import pandas as pd

from valueloops.checks import CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, Plot
from valueloops.data import load

LESSON = "99"

_SEGMENTS = load("amazon_segments")
AWS = (_SEGMENTS[_SEGMENTS["segment"] == "AWS"]
       .assign(margin=lambda t: t["operating_income_musd"] / t["net_sales_musd"])
       [["year", "net_sales_musd", "operating_income_musd", "margin"]].reset_index(drop=True))
"""AWS by year: net sales and operating income (US$ millions) and the operating margin (a share)."""
SEGMENTS = _SEGMENTS[["year", "segment", "net_sales_musd", "operating_income_musd"]].assign(
    margin=lambda t: t["operating_income_musd"] / t["net_sales_musd"])

_UNITS = load("third_party_share")
UNITS = (_UNITS[(_UNITS["metric"] == "paid_unit_share") & _UNITS["period"].str.match(r"^Q[1-4] \d{4}$")]
         [["period", "share"]].reset_index(drop=True))
"""Third-party sellers' share of paid units, by quarter ("Q1 2024" ...), where the quarter is stated."""

MARGIN = Plot.from_table(
    AWS, "year", "margin", unit="share of AWS's sales", share=True, unit_words=("share", "margin"),
    what="AWS's operating margin",
    mistakes={"operating_income_musd": "you plotted operating income (US$ millions), not the margin: "
                                       "divide it by net sales.",
              "net_sales_musd": "you plotted net sales (revenue), not the operating margin."})
UNIT_SHARE = Plot.from_table(UNITS, "period", "share", unit="share of paid units", share=True,
                             unit_words=("share",), what="the third-party unit share")

_MARGIN_SETUP = "aws = AWS.copy()\n"
NEXT_CELL = "# --- next cell ---\n"
"""In an attempt's source: the rest runs in a cell of its own."""
_LABEL = 'ax.set_ylabel("operating margin (share of sales)")\n'

ATTEMPTS: dict[str, tuple[str, str, str, str]] = {
    # exercise: (answer cell, the name it leaves, the status it must get, a fragment of the message)
    "99.1": ("ax = sns.lineplot(data=aws, x='year', y='margin')\n" + _LABEL, "ax", CORRECT, "Verified"),
    "99.2": ("ax = sns.barplot(data=aws, x='year', y='margin')\n" + _LABEL, "ax", CORRECT, "Verified"),
    "99.3": ("ax = aws.plot(x='year', y='margin', ylabel='operating margin, share of sales')\n",
             "ax", CORRECT, "Verified"),
    "99.4": ("fig, ax = plt.subplots()\nmixed = aws.sample(frac=1, random_state=3)\n"
             "ax.plot(mixed['year'], mixed['margin'], 'o')\nax.set_xlabel('year')\n" + _LABEL,
             "ax", CORRECT, "Verified"),
    "99.5": ("ax = sns.scatterplot(data=aws.sample(frac=1, random_state=4), x='year', y='margin')\n" + _LABEL,
             "ax", CORRECT, "Verified"),
    "99.6": ("ax = aws.set_index('year')['margin'].plot.bar(ylabel='margin (share)')\n",
             "ax", CORRECT, "Verified"),
    "99.7": ("plt.figure()\nlines = plt.plot(aws['year'], aws['margin'])\nplt.xlabel('year')\n"
             "plt.ylabel('operating margin (share)')\n", "lines", CORRECT, "Verified"),
    "99.8": ("grid = sns.relplot(data=aws, x='year', y='margin', kind='line')\n"
             "grid.set_axis_labels('year', 'operating margin (share)')\n", "grid", CORRECT, "Verified"),
    "99.9": ("ax = sns.lineplot(x=aws['year'], y=100 * aws['margin'])\nax.set_ylabel('margin (share, %)')\n",
             "ax", WRONG, "your y values are shares in percent; the question asks for shares"),
    "99.10": ("ax = sns.lineplot(data=aws[aws['year'] < 2025], x='year', y='margin')\n" + _LABEL,
              "ax", WRONG, "you plotted 2014–2024; the table reaches 2025"),
    "99.11": ("fig, ax = plt.subplots()\nax.plot(aws['year'], aws['margin'])\n" + _LABEL,
              "ax", WRONG, "the x axis is not labelled"),
    "99.12": ("ax = sns.lineplot(data=aws, x='year', y='operating_income_musd')\n" + _LABEL,
              "ax", WRONG, "you plotted operating income (US$ millions), not the margin"),
    "99.13": ("ax = sns.barplot(data=aws, x='year', y='net_sales_musd')\n" + _LABEL,
              "ax", WRONG, "you plotted net sales (revenue), not the operating margin"),
    "99.14": ("fig, ax = plt.subplots()\n", "ax", WRONG, "nothing was plotted on these axes"),
    "99.15": ("table = aws\n", "table", WRONG_TYPE, "the table, not the chart; pass the Axes your plot returned"),
    "99.16": ("ax = ...\n", "ax", NOT_ANSWERED, "draw the chart"),
    "99.17": ("ax = sns.lineplot(data=aws, x='year', y='margin')\nax.set_ylabel('AWS')\n",
              "ax", WRONG, "does not name the unit"),
    "99.18": ("fig, ax = plt.subplots()\nax.plot(SEGMENTS['year'], SEGMENTS['margin'])\nax.set_xlabel('year')\n"
              + _LABEL, "ax", WRONG, "several y values at"),
    "99.19": ("fig, ax = plt.subplots()\nax.plot(aws['margin'].to_numpy())\nax.set_xlabel('year')\n" + _LABEL,
              "ax", WRONG, "not the year values asked"),
    "99.20": ("answer = 0.35\n", "answer", WRONG_TYPE, "expected the Axes of your chart"),
    # the quarterly series: quarters as labels, as quarter-end dates, as a pandas PeriodIndex
    "99.21": ("ax = sns.lineplot(data=UNITS, x='period', y='share', marker='o')\n"
              "ax.set_ylabel('third-party share of paid units')\n", "ax", CORRECT, "Verified"),
    "99.22": ("fig, ax = plt.subplots()\n"
              "ends = pd.PeriodIndex(UNITS['period'].str.replace(r'(Q\\d) (\\d+)', r'\\2\\1', regex=True), "
              "freq='Q').end_time.normalize()\n"
              "ax.plot(ends[::-1], UNITS['share'][::-1], 'o-')\nax.set_xlabel('quarter')\n"
              "ax.set_ylabel('share of paid units')\n", "ax", CORRECT, "Verified"),
    "99.23": ("quarters = pd.PeriodIndex(UNITS['period'].str.replace(r'(Q\\d) (\\d+)', r'\\2\\1', regex=True), "
              "freq='Q')\n"
              "ax = pd.Series(UNITS['share'].to_numpy(), index=quarters).plot(style='o', ylabel='share')\n"
              "ax.set_xlabel('quarter')\n", "ax", CORRECT, "Verified"),
    # in a kernel only: Jupyter's inline backend closes a shown figure when its cell ends
    "99.24": ("plt.plot(aws['year'], aws['margin'])\nplt.ylabel('margin (share)');\n" + NEXT_CELL
              + "ax = plt.gca()\n", "ax", WRONG, "nothing was plotted on these axes"),
    # r18 (shared plot check): slips that move every point, and several series with one right
    "99.25": ("ax = aws.set_index('year')['margin'].plot.barh(xlabel='year', ylabel='margin (share)')\n",
              "ax", WRONG, "you drew horizontal bars (barh)"),
    "99.26": ("fig, ax = plt.subplots()\nax.plot(aws['margin'], aws['year'], 'o')\nax.set_xlabel('year')\n"
              + _LABEL, "ax", WRONG, "your axes are swapped"),
    "99.27": ("ax = sns.lineplot(x=aws['year'], y=aws['margin'].round(2))\n" + _LABEL,
              "ax", WRONG, "your values are rounded to 2 decimal(s)"),
    "99.28": ("ax = sns.lineplot(x=aws['year'] + 1, y=aws['margin'])\n" + _LABEL,
              "ax", WRONG, "your points sit one year late"),
    "99.29": ("ax = pd.Series(aws['margin'].to_numpy(), index=aws['year'].astype(str)).plot()\n"
              "ax.set_xlabel('year')\n" + _LABEL, "ax", WRONG, "pandas drew the line at positions"),
    "99.30": ("fig, ax = plt.subplots()\nax.plot(aws['year'], aws['margin'] / 2)\n"
              "ax.plot(aws['year'], aws['margin'])\nax.set_xlabel('year')\n" + _LABEL,
              "ax", CORRECT, "It is one of the 2 series you drew"),
    "99.31": ("fig, ax = plt.subplots()\nax.plot(aws['year'], aws['margin'] / 2)\n"
              "ax.plot(aws['year'], aws['net_sales_musd'])\nax.set_xlabel('year')\n" + _LABEL,
              "ax", WRONG, "none of the 2 series you drew is AWS's operating margin; the nearest: you "
                           "plotted net sales"),
}
KERNEL_ONLY = {"99.24"}
"""Attempts whose verdict depends on Jupyter's inline backend: graded on a kernel only."""

CHECKS = {exercise: (UNIT_SHARE if 21 <= int(exercise.split(".")[1]) <= 23 else MARGIN) for exercise in ATTEMPTS}
SETUP = ("import matplotlib.pyplot as plt\nimport pandas as pd\nimport seaborn as sns\n"
         "from valueloops.checks import check\nfrom plot_fixture import AWS, SEGMENTS, UNITS\n" + _MARGIN_SETUP)
"""What every attempt may use (the fixture notebook's first cell, after :func:`register`)."""


def register() -> types.ModuleType:
    """Make ``lesson_specs("99")`` find this fixture's specs in this process."""
    module = types.ModuleType(f"valueloops.checks.lesson{LESSON}")
    module.CHECKS = CHECKS
    sys.modules[module.__name__] = module
    return module


def notebook_cells(source: str) -> list[tuple[str, str]]:
    """The fixture notebook as (cell type, source): a setup cell that loads this module from its
    ``source`` text (the grader's sandbox shows a kernel the package and datasets, not tests/) and
    registers it, then per attempt a heading, the answer cell(s) and its check cell."""
    cells = [("code", f"import sys, types\nplot_fixture = types.ModuleType('plot_fixture')\n"
                      f"exec(compile({source!r}, 'plot_fixture.py', 'exec'), plot_fixture.__dict__)\n"
                      f"sys.modules['plot_fixture'] = plot_fixture\nplot_fixture.register()\n" + SETUP)]
    for exercise, (source, name, _, _) in ATTEMPTS.items():
        variable = f"{name}_{exercise.replace('.', '_')}"
        cells.append(("markdown", f"## Exercise {exercise}"))
        cells += [("code", part) for part in (source + f"{variable} = {name}\n").split(NEXT_CELL)]
        cells.append(("code", f'check("{exercise}", {variable})'))
    return cells


if __name__ == "__main__":  # pragma: no cover - a look at the fixture by hand
    print(AWS, UNITS, pd.Series({e: a[2] for e, a in ATTEMPTS.items()}), sep="\n")
