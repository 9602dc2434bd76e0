"""Every chart a lecture shows has a title and labelled axes (accessibility, issue 9).

Each lecture's code cells run in this process (interactive cells skipped: their charts are the
ModelCharts that tests/test_widgets.py checks), and every matplotlib Figure they create is
inspected: each visible axes needs a title (its own or the figure's) and both axis labels.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from matplotlib.figure import Figure

import valueloops.widgets
from valueloops.pipeline import NOTEBOOKS

LECTURES = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def run_lecture(path: Path, monkeypatch) -> list[Figure]:
    figures: list[Figure] = []
    original = Figure.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        figures.append(self)

    monkeypatch.setattr(Figure, "__init__", recording_init)
    monkeypatch.setattr(valueloops.widgets, "display", lambda *a, **k: None)
    monkeypatch.chdir(path.parent)
    namespace: dict = {"__name__": "__main__"}
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "code" or ".interact(" in cell.source:
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
        exec(compile(source, f"{path.name} cell {index}", "exec"), namespace)
    return figures


def chart_problems(figures: list[Figure]) -> list[str]:
    problems = []
    for number, fig in enumerate(figures):
        suptitle = fig._suptitle.get_text() if fig._suptitle else ""
        for ax in fig.axes:
            if not (ax.axison and ax.get_visible()):
                continue  # diagrams draw their own labels
            title = ax.get_title("left") or ax.get_title() or ax.get_title("right") or suptitle
            if not title:
                problems.append(f"figure {number}: an axes without a title")
            for name, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())):
                if not label.strip():
                    problems.append(f"figure {number} ({title!r}): no {name}-axis label")
    return problems


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_every_chart_has_a_title_and_axis_labels(path, monkeypatch):
    figures = run_lecture(path, monkeypatch)
    assert figures, f"{path.name}: no chart was drawn"
    problems = chart_problems(figures)
    assert not problems, f"{path.name}: {problems}"


def test_an_unlabelled_chart_is_caught(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from matplotlib.figure import Figure\nfig = Figure()\nax = fig.subplots()\nax.plot([1, 2])")])
    path = tmp_path / "99_bad.ipynb"
    nbformat.write(nb, path)
    problems = chart_problems(run_lecture(path, monkeypatch))
    assert any("without a title" in p for p in problems) and any("x-axis" in p for p in problems)


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_every_chart_is_followed_by_a_caption(path):
    """Each static chart (stored image) has an italic caption, its text alternative and takeaway,
    in the next Markdown cell (two charts in a row may share one)."""
    cells = nbformat.read(path, as_version=4).cells
    missing = []
    for index, cell in enumerate(cells):
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if cell.cell_type != "code" or not images:
            continue
        following = next((c for c in cells[index + 1:] if c.cell_type == "markdown"), None)
        if following is None or not following.source.lstrip().startswith("*"):
            missing.append(index)
    assert not missing, f"{path.name}: charts without a caption in cells {missing}"
