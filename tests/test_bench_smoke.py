"""Smoke test of the benchmark (issues 8 and 17): one chart, three settings, the report files, the
browser part's plan, notebook and targets (without a browser). Fast."""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.browser import FLOOR_NAME, DragResult, E2ETiming, bench_notebook, plan_steps  # noqa: E402
from bench.interactives import discover_charts, settings, time_chart  # noqa: E402
from valueloops.widgets import ModelChart  # noqa: E402


def test_discovers_the_shipped_charts():
    charts = discover_charts()
    assert charts, "no ModelChart subclass found in valueloops/charts/"
    assert all(issubclass(c, ModelChart) and c is not ModelChart for c in charts)
    assert "LoopGainChart" in {c.__name__ for c in charts}


def test_settings_are_seeded_snapped_and_in_range():
    chart = next(c for c in discover_charts() if c.__name__ == "LoopGainChart")
    first, again = settings(chart.controls, 3, seed=1), settings(chart.controls, 3, seed=1)
    assert first == again and len(first) == 3
    for params in first:
        for control in chart.controls:
            value = params[control.name]
            assert control.min <= value <= control.max
            steps = (value - control.min) / control.step
            assert math.isclose(steps, round(steps), abs_tol=1e-6)


def test_one_chart_three_settings_and_the_report(tmp_path):
    chart = next(c for c in discover_charts() if c.__name__ == "LoopGainChart")
    timing = time_chart(chart, n=3, seed=1)
    assert not timing.error
    assert len(timing.ours_ms) == len(timing.baseline_ms) == 3
    assert all(t > 0 for t in timing.ours_ms + timing.baseline_ms)
    assert timing.ratio > 0 and timing.parts_ms
    targets = run.check_targets([timing], [], [])
    assert [name for name, _, _ in targets][0].startswith("kernel: p95")
    run.write_csv(tmp_path / "results.csv", [timing], [], [])
    run.write_markdown(tmp_path / "results.md", [timing], [], [], targets, 3, 1, 0.1)
    run.write_chart(tmp_path / "latency.png", [timing])
    rows = list(csv.DictReader((tmp_path / "results.csv").open()))
    assert rows[0]["kind"] == "interactive" and rows[0]["name"].endswith("LoopGainChart")
    assert "LoopGainChart" in (tmp_path / "results.md").read_text()
    assert float(rows[0]["png_bytes"]) < float(rows[0]["rgb_png_bytes_before"])
    assert (tmp_path / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _loop_gain():
    return next(c for c in discover_charts() if c.__name__ == "LoopGainChart")


def test_browser_plan_never_repeats_a_setting_and_moves_one_step_at_a_time():
    cls = _loop_gain()
    plan = plan_steps(cls, 6)
    assert len(plan) == 6
    control = cls.controls[0]
    previous = control.value
    settings_seen = []
    for slider, key, values in plan:
        assert slider == 0 and key in ("ArrowRight", "ArrowLeft")
        step = values[control.name] - previous
        assert math.isclose(abs(step), control.step, rel_tol=1e-6)
        assert (step > 0) == (key == "ArrowRight")
        previous = values[control.name]
        settings_seen.append(tuple(values.values()))
    assert len(set(settings_seen)) == len(settings_seen) and (control.value,) not in settings_seen


def test_browser_notebook_has_ours_and_the_naive_baseline_per_chart():
    cls = _loop_gain()
    nb = bench_notebook([cls])
    assert len(nb.cells) == 4
    assert "IntSlider" in nb.cells[3].source  # the messaging floor: PNGs rendered beforehand
    compile(nb.cells[0].source, "prelude", "exec")  # the naive interact helper is valid Python
    assert nb.cells[1].source.endswith("LoopGainChart().interact()")
    assert "naive(LoopGainChart)" in nb.cells[2].source


def _e2e(name: str, ours: float, naive: float, lag: float) -> E2ETiming:
    return E2ETiming(name, planned=3, ours_ms=[ours] * 3, naive_ms=[naive] * 3,
                     ours_drag=DragResult(charts_shown=20, lag_ms=lag, final_ok=True), load=0.5)


def test_browser_targets_name_the_miss_and_a_skip_is_loud_not_a_miss(tmp_path):
    good, slow = _e2e("a.Good", 20, 90, 10), _e2e("b.Slow", 40, 90, 80)
    floor = E2ETiming(FLOOR_NAME, ours_ms=[12.0] * 3, load=0.5)
    listed = run.check_targets([], [], [], [good, slow, floor])
    targets = {name: (met, detail) for name, met, detail in listed}
    p95 = next(k for k in targets if k.startswith("end to end: p95"))
    assert targets[p95][0] is False and "b.Slow" in targets[p95][1] and "a.Good" not in targets[p95][1]
    assert "messaging floor p95 12.0 ms" in targets[p95][1] and "(2)" in p95  # the floor is no row
    speed = next(k for k in targets if "faster than the naive interact" in k)
    assert targets[speed][0] is False and "b.Slow (2.2×)" in targets[speed][1]
    drag = next(k for k in targets if k.startswith("drag"))
    assert targets[drag][0] is False and "b.Slow" in targets[drag][1]
    assert run.check_targets([], [], [], [good])[2][1] is True
    skipped = run.check_targets([], [], [], [], browser_skipped="/usr/bin/chromium is missing")
    assert [met for name, met, _ in skipped if "end to end" in name or "drag" in name] == [None] * 3
    run.write_markdown(tmp_path / "r.md", [], [], [], skipped, 3, 1, 0.1, [], "/usr/bin/chromium is missing")
    assert "SKIPPED" in (tmp_path / "r.md").read_text()
    run.write_markdown(tmp_path / "e.md", [], [], [], listed, 3, 1, 0.1, [good, slow])
    assert "| b.Slow |" in (tmp_path / "e.md").read_text()


def test_progress_bar_counts_to_the_total():
    import io
    stream = io.StringIO()
    bar = run.Progress(4, stream=stream, width=8)
    for label in "abcd":
        bar.step(label)
    assert stream.getvalue().splitlines()[-1].startswith("[████████] 4/4 d")
