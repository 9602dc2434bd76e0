"""The grading command: run nbval over a student's exercise notebooks, print a scoreboard.

``python -m valueloops grade [NOTEBOOK ...]`` (or ``make grade``) runs each notebook on a fresh
kernel with ``pytest --nbval-lax`` exactly as CI runs the solutions. Every check cell appends its
result to a log (see :data:`valueloops.checks.core.GRADE_LOG_ENV`), which becomes the scoreboard:
passed, not answered yet, or wrong with its hint. An exercise whose check never ran (a deleted
cell, an error above it that stopped the kernel) is reported as "not run".

The notebooks are only read: nothing is written next to them (no cache, no outputs).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .checks import CORRECT, NOT_ANSWERED, lesson_specs
from .checks.core import GRADE_LOG_ENV
from .pipeline import EXERCISES, _LESSON_NAME, solution_notebooks

SYMBOLS = {CORRECT: "✔", NOT_ANSWERED: "…", "not run": "?"}


class GradingError(Exception):
    """A notebook that cannot be graded; the message says which file, what is wrong, what to do."""


@dataclass(frozen=True)
class ExerciseResult:
    exercise: str
    status: str
    message: str


def _fresh_copy_hint(name: str) -> str:
    return (f"To get a fresh copy without losing your work: rename yours (e.g. to my_{name}), then "
            f"run `python -m valueloops generate {name[:2]}` and copy your answers across.")


def validate_notebook(path: Path) -> str:
    """The lesson number of an exercise notebook, or a :class:`GradingError` saying what is wrong."""
    if not path.exists():
        raise GradingError(f"{path}: no such file. Exercise notebooks are named like "
                           f"exercises/01_flywheel.ipynb. If you deleted it, `make exercises` "
                           f"writes a fresh copy (it never overwrites a notebook you changed).")
    if not _LESSON_NAME.match(path.name):
        raise GradingError(f"{path}: not an exercise notebook name (expected NN_slug.ipynb, such as "
                           f"01_flywheel.ipynb). If you renamed it, rename it back.")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # a JSON or schema error from a corrupted file
        raise GradingError(f"{path}: cannot be read as a notebook ({type(exc).__name__}: "
                           f"{str(exc).splitlines()[0][:120]}). {_fresh_copy_hint(path.name)}") from None
    lesson = path.name[:2]
    try:
        lesson_specs(lesson)
    except ValueError:
        raise GradingError(f"{path}: lesson {lesson} has no checks, so there is nothing to grade.") from None
    if not any(cell.cell_type == "code" for cell in nb.cells):
        raise GradingError(f"{path}: has no code cells. {_fresh_copy_hint(path.name)}")
    return lesson


def grade_notebook(path: Path, timeout: int = 300) -> list[ExerciseResult]:
    """Run one exercise notebook under nbval and return one result per registered exercise."""
    lesson = validate_notebook(path)
    with tempfile.TemporaryDirectory(prefix="valueloops-grade-") as tmp:
        log = Path(tmp) / "checks.jsonl"
        ini = Path(tmp) / "pytest.ini"
        ini.write_text("[pytest]\n")
        env = dict(os.environ, **{GRADE_LOG_ENV: str(log)})
        cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q",
               "-p", "no:cacheprovider", "-c", str(ini), "--rootdir", tmp,
               f"--nbval-cell-timeout={timeout}", str(path.resolve())]
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, timeout=timeout * 4, check=False)
        seen: dict[str, ExerciseResult] = {}
        if log.exists():
            for line in log.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                seen[record["exercise"]] = ExerciseResult(**record)
    return [seen.get(ex, ExerciseResult(ex, "not run", "its check cell did not run (deleted, or "
                                            "an error above it stopped the notebook)."))
            for ex in sorted(lesson_specs(lesson))]


def scoreboard(path: Path, results: list[ExerciseResult]) -> str:
    """The results of one notebook as a few lines of text."""
    passed = sum(r.status == CORRECT for r in results)
    lines = [f"{path.name}: {passed}/{len(results)} passed"]
    for r in results:
        symbol = SYMBOLS.get(r.status, "✘")
        detail = "" if r.status == CORRECT else f" - {r.message}"
        lines.append(f"  {symbol} {r.exercise} {r.status}{detail}")
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    """Grade the given notebooks (default: every exercise notebook); exit status 0 if all passed."""
    if paths:
        targets = [Path(p) for p in paths]
    else:
        targets = [EXERCISES / s.name for s in solution_notebooks()]
        known = {t.name for t in targets}
        for stray in sorted(EXERCISES.glob("*.ipynb")):
            if stray.name not in known:
                print(f"? {stray}: not graded: only the course's exercise notebooks are "
                      f"(NN_slug.ipynb). If it is your renamed copy, grade it by name or rename it back.")
    all_passed = True
    rows: list[tuple[str, str]] = []
    for path in targets:
        try:
            results = grade_notebook(path)
        except GradingError as exc:
            print(f"✘ {exc}")
            rows.append((path.stem, "not graded"))
            all_passed = False
            continue
        print(scoreboard(path, results))
        done = sum(r.status == CORRECT for r in results)
        rows.append((path.stem, f"{done}/{len(results)}"))
        all_passed &= done == len(results)
    if len(targets) > 1:
        print("\n" + course_scoreboard(rows))
    return 0 if all_passed else 1


def course_scoreboard(rows: list[tuple[str, str]]) -> str:
    """One line per lesson (exercises passed / total), and the course total."""
    width = max([len("all lessons"), *(len(name) for name, _ in rows)])
    passed = total = 0
    for _, score in rows:
        if "/" in score:
            done, count = score.split("/")
            passed, total = passed + int(done), total + int(count)
    lines = ["Scoreboard", f"  {'lesson':<{width}}  passed"]
    lines += [f"  {name:<{width}}  {score}" for name, score in rows]
    lines.append(f"  {'all lessons':<{width}}  {passed}/{total}")
    return "\n".join(lines)
