"""The benchmark (issue 8): ``python -m bench.run`` writes ``results/bench/`` and exits non-zero
if a target is missed (and prints which).

Targets: every interactive's p95 ≤ 50 ms and ≥ 2× faster than its naive baseline by median; every
lecture notebook executes in ≤ 10 s (fresh kernel: start + all cells) with a kernel peak RSS
≤ 400 MB; the test suite without the browser part (unit tests + ``--nbval notebooks`` +
``--nbval-lax solutions``) ≤ 3 minutes.

Options: ``--settings N`` (default 40, at least 30 for the record), ``--seed``, ``--only NAME``
(charts whose name contains NAME), ``--skip-notebooks``, ``--skip-suite``, ``--out DIR``.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.interactives import N_SETTINGS, SEED, ChartTiming, discover_charts, time_chart  # noqa: E402
from bench.notebooks import NotebookTiming, time_notebook  # noqa: E402

P95_MS = 50.0
SPEEDUP = 2.0
NOTEBOOK_S = 10.0
SUITE_S = 180.0
RSS_MB = 400.0


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


LOAD = [_load()]


@dataclass
class SuiteTiming:
    name: str
    command: str
    seconds: float
    returncode: int


def suite_commands() -> list[tuple[str, list[str]]]:
    py = sys.executable
    # The same flags as the Makefile's `make test`.
    sanitize = (["--nbval-sanitize-with", "tests/sanitize.cfg"]
                if (ROOT / "tests/sanitize.cfg").exists() else [])
    sanitize.append("--nbval-cell-timeout=120")
    return [
        ("unit + pipeline tests", [py, "-m", "pytest", "tests", "--ignore=tests/browser", "-q"]),
        ("nbval notebooks", [py, "-m", "pytest", "-q", "--nbval", "--nbval-current-env", *sanitize,
                             "notebooks"]),
        ("nbval-lax solutions", [py, "-m", "pytest", "-q", "--nbval-lax", "--nbval-current-env",
                                 *sanitize, "solutions"]),
    ]


def time_suite(timeout: int = 900) -> list[SuiteTiming]:
    rows = []
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["VALUELOOPS_BENCH_RUNNING"] = "1"  # the smoke test does not recurse into the suite
    for name, cmd in suite_commands():
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=timeout)
            rc = proc.returncode
        except subprocess.TimeoutExpired:
            rc = -9
        rows.append(SuiteTiming(name, " ".join(Path(cmd[0]).name if i == 0 else c for i, c in enumerate(cmd)),
                                time.perf_counter() - start, rc))
    return rows


def _fmt(x: float, digits: int = 1) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def check_targets(charts: list[ChartTiming], notebooks: list[NotebookTiming],
                  suite: list[SuiteTiming]) -> list[tuple[str, bool, str]]:
    """(target, met, detail) per target; detail names every row that misses it and why."""
    out = []
    bad = [f"{c.name} ({_fmt(c.ours_p95)} ms; {_why(c)})" if not c.error else f"{c.name} ({c.error})"
           for c in charts if c.error or not c.ours_p95 <= P95_MS]
    out.append((f"p95 ≤ {P95_MS:.0f} ms for every interactive ({len(charts)})", not bad and bool(charts),
                "missed by " + ", ".join(bad) if bad else "worst " + _worst(charts, "ours_p95", "ms")))
    bad = [f"{c.name} ({_fmt(c.ratio)}×)" for c in charts if c.error or not c.ratio >= SPEEDUP]
    out.append((f"≥ {SPEEDUP:.0f}× faster than the baseline by median", not bad and bool(charts),
                "missed by " + ", ".join(bad) if bad else "smallest " + _worst(charts, "ratio", "×", low=True)))
    if notebooks:
        bad = [f"{n.name} ({_fmt(n.seconds)} s{'; ' + n.error if n.error else ''})"
               for n in notebooks if n.error or not n.seconds <= NOTEBOOK_S]
        out.append((f"every lecture notebook executes in ≤ {NOTEBOOK_S:.0f} s ({len(notebooks)})", not bad,
                    "missed by " + ", ".join(bad) if bad else "slowest " + _worst(notebooks, "seconds", "s")))
        bad = [f"{n.name} ({_fmt(n.peak_rss_mb, 0)} MB)" for n in notebooks if not n.peak_rss_mb <= RSS_MB]
        out.append((f"kernel peak RSS ≤ {RSS_MB:.0f} MB per notebook", not bad,
                    "missed by " + ", ".join(bad) if bad else "largest " + _worst(notebooks, "peak_rss_mb", "MB")))
    if suite:
        total = sum(s.seconds for s in suite)
        out.append((f"test suite without the browser part ≤ {SUITE_S / 60:.0f} min", total <= SUITE_S,
                    f"{total:.0f} s in total"))
    return out


def _worst(rows, attr: str, unit: str, low: bool = False) -> str:
    good = [r for r in rows if not math.isnan(getattr(r, attr))]
    if not good:
        return "n/a"
    row = (min if low else max)(good, key=lambda r: getattr(r, attr))
    return f"{row.name} ({getattr(row, attr):.1f} {unit})"


def _parts(c: ChartTiming) -> str:
    p = c.parts_ms
    return " / ".join(_fmt(p.get(k, math.nan)) for k in ("compute", "update", "draw", "encode"))


def _why(c: ChartTiming) -> str:
    """The biggest step of a slow chart's redraw, in words."""
    if not c.parts_ms:
        return ""
    step = max(c.parts_ms, key=c.parts_ms.get)
    words = {"compute": "the model itself", "update": "updating the artists",
             "draw": "matplotlib's Agg draw", "encode": "PNG encoding"}
    return f"mostly {words[step]}: {_parts(c)} ms"


def write_csv(path: Path, charts, notebooks, suite) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kind", "name", "n", "ours_median_ms", "ours_p95_ms", "baseline_median_ms",
                    "baseline_p95_ms", "ratio_baseline_over_ours", "seconds", "cells_seconds",
                    "peak_rss_mb", "returncode", "compute_ms", "update_ms", "draw_ms", "encode_ms", "error"])
        for c in charts:
            w.writerow(["interactive", c.name, len(c.ours_ms), _fmt(c.ours_median, 2), _fmt(c.ours_p95, 2),
                        _fmt(c.baseline_median, 2), _fmt(c.baseline_p95, 2), _fmt(c.ratio, 2),
                        "", "", "", "", *(_fmt(c.parts_ms.get(k, math.nan), 2) for k in
                                          ("compute", "update", "draw", "encode")), c.error])
        for n in notebooks:
            w.writerow(["notebook", n.name, "", "", "", "", "", "", _fmt(n.seconds, 2),
                        _fmt(n.cells_seconds, 2), _fmt(n.peak_rss_mb, 1), "", "", "", "", "", n.error])
        for s in suite:
            w.writerow(["suite", s.name, "", "", "", "", "", "", _fmt(s.seconds, 1), "", "",
                        s.returncode, "", "", "", "", ""])


def write_chart(path: Path, charts: list[ChartTiming]) -> None:
    import matplotlib.pyplot as plt
    import numpy as np

    from valueloops import style

    rows = [c for c in charts if c.ours_ms]
    with style.theme():
        fig, ax = plt.subplots(figsize=(10, 0.55 * max(len(rows), 2) + 1.8), dpi=100)
        y = np.arange(len(rows))
        ax.barh(y - 0.2, [c.ours_median for c in rows], 0.4, color=style.PALETTE[0],
                label="ours (median)", xerr=[[0] * len(rows), [c.ours_p95 - c.ours_median for c in rows]],
                error_kw={"ecolor": "0.3", "capsize": 3})
        ax.barh(y + 0.2, [c.baseline_median for c in rows], 0.4, color=style.PALETTE[1], hatch="//",
                label="naive baseline (median)",
                xerr=[[0] * len(rows), [c.baseline_p95 - c.baseline_median for c in rows]],
                error_kw={"ecolor": "0.3", "capsize": 3})
        ax.axvline(P95_MS, color=style.PALETTE[3], linestyle="--", linewidth=1.8,
                   label=f"target: p95 ≤ {P95_MS:.0f} ms")
        ax.set_yticks(y, [c.name for c in rows])
        ax.invert_yaxis()
        ax.set(title="Redraw time per slider move: ours vs a fresh figure",
               xlabel="Time per update in the kernel (ms; bar = median, whisker = p95)",
               ylabel="Interactive chart")
        ax.legend(loc="lower right")
        fig.tight_layout()
        fig.savefig(path, bbox_inches="tight")
        plt.close(fig)


def write_markdown(path: Path, charts, notebooks, suite, targets, n: int, seed: int, seconds: float) -> None:
    lines = ["# Benchmark results", "",
             f"Generated by `python -m bench.run` on {platform.node() or 'this machine'} "
             f"({os.cpu_count()} cores, Python {platform.python_version()}), {time.strftime('%Y-%m-%d %H:%M')}; "
             f"{n} seeded settings per interactive (seed {seed}), run took {seconds:.0f} s; "
             f"load average (1 min) at start {LOAD[0]:.1f}, at end {_load():.1f}. Timings are wall "
             f"clock: other work on the machine inflates them.", "",
             "## Targets", ""]
    for name, met, detail in targets:
        lines.append(f"- **{'met' if met else 'MISSED'}**: {name}: {detail}")
    lines += ["", "## Interactives: one slider move in the kernel (ms)", "",
              "Ours: `chart.render(**params)` on the reused figure (model + artist update + PNG). "
              "Baseline: new pyplot figure, `setup` + `update`, `savefig(png, bbox_inches='tight')`, close.",
              "", "| interactive | ours median | ours p95 | baseline median | baseline p95 | baseline/ours | messages | ours: model / artists / full draw / PNG (median ms) | note |",
              "|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for c in charts:
        lines.append(f"| {c.name} | {_fmt(c.ours_median)} | {_fmt(c.ours_p95)} | {_fmt(c.baseline_median)} | "
                     f"{_fmt(c.baseline_p95)} | {_fmt(c.ratio)}× | {c.messages} | {_parts(c)} | {c.error} |")
    if notebooks:
        lines += ["", "## Lecture notebooks: fresh kernel, top to bottom", "",
                  "| notebook | seconds (kernel start + cells) | cells only (s) | kernel peak RSS (MB) | error |",
                  "|---|---:|---:|---:|---|"]
        for nb in notebooks:
            lines.append(f"| {nb.name} | {_fmt(nb.seconds)} | {_fmt(nb.cells_seconds)} | "
                         f"{_fmt(nb.peak_rss_mb, 0)} | {nb.error} |")
    if suite:
        lines += ["", "## Test suite without the browser part", "", "| part | command | seconds | exit code |",
                  "|---|---|---:|---:|"]
        for s in suite:
            lines.append(f"| {s.name} | `{s.command}` | {s.seconds:.1f} | {s.returncode} |")
        lines.append(f"| **total** | | **{sum(s.seconds for s in suite):.1f}** | |")
        for s in suite:
            if s.returncode:
                lines.append(f"\nNote: `{s.name}` exited {s.returncode} (failing tests; the time target "
                             f"counts time only).")
    lines += ["", "![latency per interactive](latency.png)", ""]
    path.write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--settings", type=int, default=N_SETTINGS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--only", default="")
    parser.add_argument("--skip-notebooks", action="store_true")
    parser.add_argument("--skip-suite", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    LOAD[0] = _load()

    charts = []
    for cls in discover_charts():
        if args.only and args.only not in f"{cls.__module__}.{cls.__qualname__}":
            continue
        timing = time_chart(cls, args.settings, args.seed)
        charts.append(timing)
        print(f"{timing.name:40s} ours {_fmt(timing.ours_median)} / p95 {_fmt(timing.ours_p95)} ms   "
              f"baseline {_fmt(timing.baseline_median)} / p95 {_fmt(timing.baseline_p95)} ms   "
              f"{_fmt(timing.ratio)}× {timing.error}", flush=True)
    notebooks = []
    if not args.skip_notebooks:
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            nb = time_notebook(path)
            notebooks.append(nb)
            print(f"{nb.name:40s} {nb.seconds:6.1f} s  peak RSS {_fmt(nb.peak_rss_mb, 0)} MB {nb.error}",
                  flush=True)
    suite = [] if args.skip_suite else time_suite()
    for s in suite:
        print(f"{s.name:40s} {s.seconds:6.1f} s  (exit {s.returncode})", flush=True)

    targets = check_targets(charts, notebooks, suite)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "results.csv", charts, notebooks, suite)
    write_chart(args.out / "latency.png", charts)
    write_markdown(args.out / "results.md", charts, notebooks, suite, targets, args.settings, args.seed,
                   time.perf_counter() - started)
    print()
    for name, met, detail in targets:
        print(f"{'met   ' if met else 'MISSED'} {name}: {detail}")
    missed = [name for name, met, _ in targets if not met]
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + "; ".join(missed), file=sys.stderr)
    print(f"results in {args.out}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
