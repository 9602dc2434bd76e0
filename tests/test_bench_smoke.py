"""Smoke test of the benchmark (issue 8): one chart, three settings, the report files. Fast."""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
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
    assert [name for name, _, _ in targets][0].startswith("p95")
    run.write_csv(tmp_path / "results.csv", [timing], [], [])
    run.write_markdown(tmp_path / "results.md", [timing], [], [], targets, 3, 1, 0.1)
    run.write_chart(tmp_path / "latency.png", [timing])
    rows = list(csv.DictReader((tmp_path / "results.csv").open()))
    assert rows[0]["kind"] == "interactive" and rows[0]["name"].endswith("LoopGainChart")
    assert "LoopGainChart" in (tmp_path / "results.md").read_text()
    assert (tmp_path / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
