"""Benchmark (issues 16, 23): grading a synthetic class of 60 with ``grade-class``, with each kernel in
its bubblewrap sandbox and without it (the sandbox run is skipped where bubblewrap does not work).

``python -m bench.class_grading [--students 60] [--jobs N] [--out results/bench]`` builds a class in a
temporary folder (nbgrader's layout): one notebook per student, the lessons in turn; a third hand in
the worked solution, a third the blank exercise, a third the solution with planted wrong answers (a
last cell that sets every second exercise's answer to a wrong value of the right type). It grades
the class as the command does (trusted checks, one process per core), checks that the scores are
the planted ones, and writes ``class_grading.md`` and ``class_grading.csv``: wall time, notebooks per
minute, the machine's cores and its load average before and after (the machine is shared).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from valueloops import classgrade, pipeline  # noqa: E402
from valueloops.checks import Choice, Function, Number, lesson_specs  # noqa: E402
from valueloops.trusted import template_expressions  # noqa: E402

KINDS = ("solution", "blank", "planted")


def wrong_value(spec) -> str | None:
    """Python source of a wrong answer of the right type for ``spec`` (None: leave it)."""
    if isinstance(spec, Number):
        return repr(spec.expected * 1.5 + 1)
    if isinstance(spec, Choice):
        return repr(next(k for k in spec.options if k != spec.correct))
    if isinstance(spec, Function):
        return "lambda **kwargs: 0.0"
    return None


def published_answers(lesson_file: Path) -> set[str]:
    """Exercises whose answer in the solution is marked ``.as_published()`` (the capstone's): its
    check passes in the solution notebook, but handed in, the grader refuses it as a copy."""
    import nbformat

    cells = [c.source for c in nbformat.read(lesson_file, as_version=4).cells if c.cell_type == "code"]
    return {exercise for exercise, expression in template_expressions(lesson_file.name[:2]).items()
            if expression.isidentifier()
            and any(f"{expression} =" in cell and ".as_published()" in cell for cell in cells)}


def planted(lesson_file: Path) -> tuple[str, int]:
    """The solution with every second exercise's answer replaced by a wrong one; its expected score."""
    import nbformat

    lesson = lesson_file.name[:2]
    nb = nbformat.read(lesson_file, as_version=4)
    specs = sorted(lesson_specs(lesson).items(), key=lambda kv: int(kv[0].split(".")[1]))
    expressions = template_expressions(lesson)
    lines, wrong = [], set(published_answers(lesson_file))
    for k, (exercise, spec) in enumerate(specs):
        value = wrong_value(spec)
        if k % 2 == 0 and value is not None and expressions[exercise].isidentifier():
            lines.append(f"{expressions[exercise]} = {value}")
            wrong.add(exercise)
    nb.cells.append(nbformat.v4.new_code_cell("\n".join(lines)))
    return nbformat.writes(nb), len(specs) - len(wrong)


def make_class(root: Path, students: int) -> dict[str, int]:
    """Write the class under ``root/submitted``; the expected points per student."""
    lessons = pipeline.solution_notebooks()
    expected = {}
    for n in range(students):
        name = f"student{n + 1:02d}"
        lesson_file = lessons[n % len(lessons)]
        kind = KINDS[(n // len(lessons)) % len(KINDS)] if students > len(lessons) else KINDS[n % len(KINDS)]
        folder = root / "submitted" / name / lesson_file.stem
        folder.mkdir(parents=True)
        target = folder / lesson_file.name
        if kind == "solution":
            shutil.copyfile(lesson_file, target)
            expected[name] = len(lesson_specs(lesson_file.name[:2])) - len(published_answers(lesson_file))
        elif kind == "blank":
            shutil.copyfile(pipeline.EXERCISES / lesson_file.name, target)
            expected[name] = 0
        else:
            text, points = planted(lesson_file)
            target.write_text(text)
            expected[name] = points
    return expected


def measure(students: int, jobs: int, sandbox: bool) -> dict:
    """Grade a fresh synthetic class once (with or without the sandbox); its row of the results."""
    with tempfile.TemporaryDirectory(prefix="valueloops-class-") as tmp:
        expected = make_class(Path(tmp) / "course", students)
        submissions, empty = classgrade.find_submissions(Path(tmp) / "course")
        load_before = os.getloadavg()
        start = time.monotonic()
        graded = classgrade.grade_all(submissions, jobs=jobs, sandbox=sandbox)
        seconds = time.monotonic() - start
        load_after = os.getloadavg()
        classgrade.write_outputs(Path(tmp) / "grades", graded, empty, Path(tmp) / "course", seconds)
        rows = classgrade.gradebook_rows(graded)
    got: dict[str, int] = {}
    for row in rows:
        got[row["student"]] = got.get(row["student"], 0) + int(row["points"])
    mismatched = sorted(s for s in expected if got.get(s) != expected[s])
    per_notebook = sorted(g.seconds for g in graded)
    return {"sandbox": "yes (bubblewrap)" if sandbox else "no", "students": students,
            "notebooks": len(submissions), "jobs": jobs, "cores": os.cpu_count(), "wall_s": round(seconds, 1),
            "notebooks_per_minute": round(60 * len(submissions) / seconds, 1),
            "median_notebook_s": round(per_notebook[len(per_notebook) // 2], 1),
            "max_notebook_s": round(per_notebook[-1], 1),
            "load_before": " / ".join(f"{x:.1f}" for x in load_before),
            "load_after": " / ".join(f"{x:.1f}" for x in load_after),
            "scores_as_planted": f"{len(expected) - len(mismatched)}/{len(expected)}",
            "mismatched": "; ".join(f"{s} expected {expected[s]} got {got.get(s)}" for s in mismatched),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def main(argv: list[str] | None = None) -> int:
    from valueloops.sandbox import unavailable

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench")
    args = parser.parse_args(argv)
    jobs = args.jobs or os.cpu_count() or 1
    modes = [True, False] if unavailable() is None else [False]
    results = [measure(args.students, jobs, mode) for mode in modes]
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "class_grading.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(results[0]))
        writer.writeheader()
        writer.writerows(results)
    lines = [
        f"# Grading a class of {args.students}: `grade-class`, with and without the sandbox (issues 16, 23)", "",
        "A synthetic class (`python -m bench.class_grading`): one notebook per student, lessons 00-11 in "
        "turn; a third hand in the worked solution, a third the blank exercise, a third the solution with "
        "every second answer planted wrong. Trusted checks (each notebook in its own temporary copy and "
        f"kernel, the verdict computed by the grader), {jobs} processes on {os.cpu_count()} cores; graded "
        "once with each kernel in its bubblewrap sandbox (the default where bubblewrap works) and once "
        "without (`--no-sandbox`), one after the other.", "",
        "| sandbox | students | notebooks | processes | wall time (s) | notebooks per minute "
        "| median per notebook (s) | slowest (s) | load average before (1/5/15 min) | after | scores as planted |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
    lines += ["| {sandbox} | {students} | {notebooks} | {jobs} | {wall_s} | {notebooks_per_minute} "
              "| {median_notebook_s} | {max_notebook_s} | {load_before} | {load_after} | {scores_as_planted} |"
              .format(**r) for r in results]
    if len(modes) == 1:
        lines += ["", f"No sandbox here ({unavailable()}): only the run without it."]
    lines += ["", f"Measured {results[0]['date']} on a shared machine ({os.cpu_count()} cores, other work "
              "running: see the load averages, which differ between the two runs, so compare them with "
              "that in mind). A notebook's time is its kernel's start plus its cells plus the grader's "
              "reader cells; with more cores `grade-class` runs more notebooks at once (`--jobs`, default "
              "one per core).", ""]
    (args.out / "class_grading.md").write_text("\n".join(lines))
    for r in results:
        print(f"sandbox {r['sandbox']}: {r['notebooks']} notebooks in {r['wall_s']} s "
              f"({r['notebooks_per_minute']} per minute) on {jobs} processes; load {r['load_before']} -> "
              f"{r['load_after']}; scores as planted {r['scores_as_planted']}"
              + (f"; MISMATCHED: {r['mismatched']}" if r["mismatched"] else ""))
    return 1 if any(r["mismatched"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
