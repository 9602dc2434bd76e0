"""Grading a class: every student's notebooks in one run, a gradebook and a report per exercise.

From a terminal in the course folder::

    python3 start.py grade-class CLASS_FOLDER [--out DIR] [--timeout S] [--jobs N]
    make grade-class CLASS=CLASS_FOLDER

``CLASS_FOLDER`` holds one folder per student, either nbgrader's layout
(``submitted/<student>/<lesson>/<notebook>.ipynb``, given the course folder or its ``submitted``)
or a flat one (``<student>/<notebook>.ipynb``). Each notebook is graded with trusted checks
(:mod:`valueloops.trusted`: its own temporary copy and kernel, a time limit per cell, a memory cap;
the verdict computed by the grader), each kernel in its own sandbox where bubblewrap works
(:mod:`valueloops.sandbox`; ``--no-sandbox`` to grade without), on as many processes as there are
cores, with a progress bar on stderr. Ctrl-C or SIGTERM stops every process and kernel, removes
their temporary folders and writes nothing. Names are written readably whatever their bytes, and
no CSV cell starts like a spreadsheet formula (:func:`csv_safe`). Written to ``--out`` (never into the class folder):

* ``gradebook.csv``: one row per student and exercise (student, lesson, notebook, exercise, status,
  message, points);
* ``totals.csv``: one row per student and lesson (points, out of);
* ``report.md``: per exercise the share of the class that got it right, did not answer, got it
  wrong or whose answer did not run, and the most common hints; the notebooks that could not be
  graded, each with its reason;
* ``lessonNN.png``: those shares as stacked bars, one chart per lesson.
"""

from __future__ import annotations

import csv
import os
import signal
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .checks import CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, lesson_specs
from .grading import (DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, GradingError, grade_notebook, name_lesson,
                      sandbox_note, stop_on_sigterm, warning_in)

RIGHT, BLANK, MISSED, NOT_RUN = "right", "not answered", "wrong", "not run"
OUTCOMES = (RIGHT, BLANK, MISSED, NOT_RUN)
"""How the report groups the statuses: correct; not answered; wrong or wrong type; the rest (an
error, too slow, a dead kernel, a missing check, a notebook not graded)."""
NOT_GRADED = "not graded"
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", ".git"}


class ClassError(Exception):
    """A class folder that cannot be graded at all (missing, empty); the message says what to do."""


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path

    @property
    def notebook(self) -> str:
        """The notebook's file name, readable whatever bytes it is made of."""
        return readable(self.path.name)


def readable(name: str) -> str:
    """A file or folder name as text that can always be written: bytes that are not UTF-8 (kept by
    Python as surrogates) shown as ``\\xe9``, control characters as ``\\n``, ``\\t`` ...."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an undecodable byte
        raw = name.encode("utf-8", "surrogatepass")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet runs as a formula at the start of a cell (OWASP's CSV injection list)."""


def csv_safe(value: str | int) -> str | int:
    """A CSV cell no spreadsheet runs as a formula: text that starts with one of
    :data:`FORMULA_START` gets a leading ``'`` (OWASP's rule); numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@dataclass
class Graded:
    """One submission's outcome: its results, or why it could not be graded."""

    submission: Submission
    lesson: str | None
    results: list[tuple[str, str, str]] = field(default_factory=list)  # exercise, status, message
    notes: list[str] = field(default_factory=list)
    problem: str = ""
    seconds: float = 0.0


def outcome(status: str) -> str:
    """The report's group of one status (see :data:`OUTCOMES`)."""
    if status == CORRECT:
        return RIGHT
    if status == NOT_ANSWERED:
        return BLANK
    if status in (WRONG, WRONG_TYPE):
        return MISSED
    return NOT_RUN


# ------------------------------------------------------------------------------------ finding
def find_submissions(folder: Path) -> tuple[list[Submission], list[tuple[str, str]]]:
    """The notebooks of every student in ``folder``, and (student, problem) for folders without any.

    nbgrader's ``submitted/<student>/<lesson>/*.ipynb`` (``folder`` the course or ``submitted``)
    and ``<student>/*.ipynb`` are both found; checkpoints are skipped.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ClassError(f"{folder}: no such folder. Give the folder that holds one folder per student "
                         f"(nbgrader's submitted/ or <student>/<notebook>.ipynb).")
    if (folder / "submitted").is_dir():
        folder = folder / "submitted"
    students = sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in SKIP_DIRS
                      and not p.name.startswith("."))
    if not students:
        raise ClassError(f"{folder}: holds no student folders. Expected <student>/<notebook>.ipynb or "
                         f"submitted/<student>/<lesson>/<notebook>.ipynb.")
    found: list[Submission] = []
    empty: list[tuple[str, str]] = []
    for student in students:
        notebooks = sorted(p for p in student.rglob("*.ipynb")
                           if not SKIP_DIRS & set(p.relative_to(student).parts) and p.is_file())
        if not notebooks:
            empty.append((readable(student.name), f"{readable(student.name)}/: no notebook (.ipynb) found"))
        found += [Submission(readable(student.name), p) for p in notebooks]
    return found, empty


# ------------------------------------------------------------------------------------ grading
class Stopped(BaseException):
    """Raised in a grading process told to stop (SIGTERM from the main process): its kernel is shut
    down and its temporary folder removed on the way out."""


_busy = False
"""Whether this grading process is grading a notebook now (else a stop ends it at once)."""


def _stop_worker(signum, frame) -> None:
    if _busy:
        raise Stopped()
    os._exit(0)


def _worker_start() -> None:
    """Each grading process: Ctrl-C is the main process's to handle; SIGTERM stops it cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)


def grade_submission(submission: Submission, timeout: float = DEFAULT_TIMEOUT,
                     memory_mb: int | None = DEFAULT_MEMORY_MB, sandbox: bool | None = None) -> Graded:
    """Grade one notebook (in a worker process); never raises for a bad notebook."""
    global _busy
    start = time.monotonic()
    _busy = True
    try:
        grade = grade_notebook(submission.path, timeout, memory_mb=memory_mb, sandbox=sandbox)
    except GradingError as exc:
        return Graded(submission, name_lesson(submission.path.name), problem=readable(str(exc)),
                      seconds=time.monotonic() - start)
    except Stopped:
        return Graded(submission, name_lesson(submission.path.name), problem="grading was stopped")
    except Exception as exc:  # noqa: BLE001 - one bad notebook never stops the class
        return Graded(submission, name_lesson(submission.path.name),
                      problem=f"{submission.notebook}: could not be graded ({type(exc).__name__}: "
                              f"{str(exc)[:200]})", seconds=time.monotonic() - start)
    finally:
        _busy = False
    return Graded(submission, grade.lesson, [(r.exercise, r.status, r.message) for r in grade.results],
                  grade.notes, seconds=time.monotonic() - start)


def progress_bar(done: int, total: int, started: float, width: int = 30) -> str:
    """A one-line text progress bar: ``[#####.....] 12/60 notebooks, 1:05 elapsed``."""
    filled = int(width * done / total) if total else width
    elapsed = int(time.monotonic() - started)
    return (f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} notebooks, "
            f"{elapsed // 60}:{elapsed % 60:02d} elapsed")


def grade_all(submissions: list[Submission], *, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
              memory_mb: int | None = DEFAULT_MEMORY_MB, err=None, sandbox: bool | None = None) -> list[Graded]:
    """Grade every submission on ``jobs`` processes (default: one per core), with a progress bar;
    ``sandbox`` as in :func:`valueloops.grading.grade_nb`."""
    err = err if err is not None else sys.stderr
    jobs = max(1, jobs or os.cpu_count() or 1)
    started = time.monotonic()
    graded: list[Graded] = []
    print(progress_bar(0, len(submissions), started), end="", file=err, flush=True)
    pool = ProcessPoolExecutor(max_workers=min(jobs, max(1, len(submissions))), initializer=_worker_start)
    try:
        futures = {pool.submit(grade_submission, s, timeout, memory_mb, sandbox): s for s in submissions}
        for future in as_completed(futures):
            try:
                graded.append(future.result())
            except Exception as exc:  # noqa: BLE001 - a worker that died: name the notebook, go on
                s = futures[future]
                graded.append(Graded(s, name_lesson(s.path.name),
                                     problem=f"{s.notebook}: its grading process failed ({type(exc).__name__})"))
            print("\r" + progress_bar(len(graded), len(submissions), started), end="", file=err, flush=True)
    except KeyboardInterrupt:
        stop_pool(pool)
        raise
    pool.shutdown()
    print(file=err, flush=True)
    return sorted(graded, key=lambda g: (g.submission.student, str(g.submission.path)))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop every grading process: each shuts its kernel down and removes its temporary folder."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        if worker.is_alive():
            os.kill(worker.pid, signal.SIGTERM)
    for worker in workers:
        worker.join(30)
        if worker.is_alive():
            worker.kill()
    pool.shutdown(wait=False, cancel_futures=True)


# ------------------------------------------------------------------------------------ writing
def gradebook_rows(graded: list[Graded]) -> list[dict[str, str | int]]:
    """One row per student and exercise; a notebook not graded gets a row per exercise of its
    lesson (when its name says which) or one row without an exercise."""
    rows: list[dict[str, str | int]] = []
    for g in graded:
        base = {"student": g.submission.student, "lesson": g.lesson or "", "notebook": g.submission.notebook}
        if g.problem:
            exercises = _exercises(g.lesson) or [""]
            rows += [dict(base, exercise=ex, status=NOT_GRADED, message=g.problem, points=0) for ex in exercises]
            continue
        rows += [dict(base, exercise=ex, status=status, message=_kept_message(status, message),
                      points=int(status == CORRECT)) for ex, status, message in g.results]
    return rows


def _kept_message(status: str, message: str) -> str:
    """A row's message: none for a plain pass, the warning for a warned pass, else the whole message."""
    return (f"passed with a warning: {warning_in(message)}" if warning_in(message) else "") \
        if status == CORRECT else message


def _exercises(lesson: str | None) -> list[str]:
    try:
        return sorted(lesson_specs(lesson), key=lambda e: int(e.split(".")[1])) if lesson else []
    except ValueError:
        return []


def totals_rows(rows: list[dict]) -> list[dict[str, str | int]]:
    """Per student and lesson: points and out of (a lesson graded twice for a student counts its best)."""
    best: dict[tuple[str, str], tuple[int, int]] = {}
    by_notebook: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        by_notebook.setdefault((row["student"], row["lesson"], row["notebook"]), []).append(row)
    for (student, lesson, _), items in by_notebook.items():
        score = (sum(int(r["points"]) for r in items), len([r for r in items if r["exercise"]]))
        key = (student, lesson)
        best[key] = max(best.get(key, score), score)
    return [{"student": s, "lesson": l, "points": p, "out_of": n} for (s, l), (p, n) in sorted(best.items())]


def best_rows(rows: list[dict]) -> list[dict]:
    """The rows of each student's best notebook per lesson (the one :func:`totals_rows` counts), so
    a student who handed in a lesson twice counts once."""
    by_notebook: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        by_notebook.setdefault((row["student"], row["lesson"], row["notebook"]), []).append(row)
    best: dict[tuple[str, str], list[dict]] = {}
    for (student, lesson, _), items in by_notebook.items():
        kept = best.get((student, lesson))
        if kept is None or sum(int(r["points"]) for r in items) > sum(int(r["points"]) for r in kept):
            best[(student, lesson)] = items
    return [row for items in best.values() for row in items]


def exercise_summary(rows: list[dict]) -> dict[str, dict]:
    """Per exercise: the count of each outcome (one per student: their best notebook of the lesson)
    and the most common hints (wrong answers' messages)."""
    summary: dict[str, dict] = {}
    for row in best_rows(rows):
        if not row["exercise"]:
            continue
        entry = summary.setdefault(row["exercise"], {"counts": Counter(), "hints": Counter()})
        group = outcome(row["status"]) if row["status"] != NOT_GRADED else NOT_RUN
        entry["counts"][group] += 1
        if group in (MISSED, NOT_RUN) and row["status"] != NOT_GRADED:
            entry["hints"][row["message"]] += 1
    return dict(sorted(summary.items(), key=lambda kv: (kv[0][:2], int(kv[0].split(".")[1]))))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def report_text(graded: list[Graded], rows: list[dict], empty: list[tuple[str, str]], folder: Path,
                seconds: float) -> str:
    """The instructor's report in Markdown."""
    summary = exercise_summary(rows)
    students = sorted({g.submission.student for g in graded} | {s for s, _ in empty})
    lines = [f"# Class report: {folder.name}", "",
             f"{len(students)} students, {len(graded)} notebooks graded in {seconds:.0f} s "
             f"(trusted checks: each verdict computed by the grader, not the student's notebook).", "",
             "## Per exercise", "",
             "| exercise | students | right | not answered | wrong | not run | most common hints |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for exercise, entry in summary.items():
        counts, n = entry["counts"], sum(entry["counts"].values())
        hints = "; ".join(f"{_cell(m)} ({c})" for m, c in entry["hints"].most_common(3)) or "-"
        lines.append(f"| {exercise} | {n} | " + " | ".join(_pct(counts[o], n) for o in OUTCOMES) + f" | {hints} |")
    problems = [(g.submission.student, g.problem) for g in graded if g.problem] + empty
    lines += ["", "## Could not be graded", ""]
    lines += [f"- {student}: {_cell(problem)}" for student, problem in problems] or ["None."]
    lines += ["", "Right: correct. Not answered: the stub is still there. Wrong: a wrong value or type. "
              "Not run: the answer raised an error, ran past the time limit, killed its kernel, or the "
              "notebook could not be graded.", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def share_chart(summary: dict[str, dict], lesson: str):
    """Stacked horizontal bars: per exercise of ``lesson``, the share of the class in each outcome."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .style import PALETTE, theme

    exercises = [e for e in summary if e.startswith(lesson + ".")]
    colours = {RIGHT: PALETTE[2], BLANK: PALETTE[7], MISSED: PALETTE[3], NOT_RUN: PALETTE[4]}
    hatches = {RIGHT: "", BLANK: "..", MISSED: "//", NOT_RUN: "xx"}
    with theme():
        fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.5 * len(exercises)))
        left = [0.0] * len(exercises)
        for group in OUTCOMES:
            shares = []
            for e in exercises:
                counts = summary[e]["counts"]
                shares.append(100 * counts[group] / max(1, sum(counts.values())))
            ax.barh(exercises, shares, left=left, color=colours[group], hatch=hatches[group],
                    edgecolor="white", label=group)
            left = [a + b for a, b in zip(left, shares)]
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("share of the class (%)")
        ax.set_ylabel("exercise")
        graded = max((sum(summary[e]["counts"].values()) for e in exercises), default=0)
        ax.set_title(f"Lesson {lesson}: how the class answered each exercise ({graded} students)")
        ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(exercises) > 3 else -0.45))
        fig.tight_layout()
    return fig


def write_outputs(out: Path, graded: list[Graded], empty: list[tuple[str, str]], folder: Path,
                  seconds: float) -> list[Path]:
    """gradebook.csv, totals.csv, report.md and one chart per lesson in ``out``; the paths written."""
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    rows = gradebook_rows(graded)
    rows += [{"student": s, "lesson": "", "notebook": "", "exercise": "", "status": NOT_GRADED,
              "message": problem, "points": 0} for s, problem in empty]
    written = []
    for name, data, fields in (("gradebook.csv", rows, ["student", "lesson", "notebook", "exercise", "status",
                                                        "message", "points"]),
                               ("totals.csv", totals_rows(rows), ["student", "lesson", "points", "out_of"])):
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in data)
        written.append(out / name)
    (out / "report.md").write_text(report_text(graded, rows, empty, folder, seconds), encoding="utf-8")
    written.append(out / "report.md")
    summary = exercise_summary(rows)
    for lesson in sorted({e.split(".")[0] for e in summary}):
        fig = share_chart(summary, lesson)
        fig.savefig(out / f"lesson{lesson}.png")
        plt.close(fig)
        written.append(out / f"lesson{lesson}.png")
    return written


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve() == folder.resolve() or folder.resolve() in path.resolve().parents


def out_problem(out: Path, folder: Path) -> str | None:
    """What is wrong with ``out`` as the folder to write the grades in, checked before grading:
    inside the class folder, an existing file, or a folder that cannot be made or written."""
    suggestion = f"--out {readable(folder.resolve().name)}-grades"
    if _inside(out, folder):
        return (f"--out {readable(str(out))} is inside the class folder {readable(str(folder))}; the "
                f"grader never writes there. Choose another folder, e.g. {suggestion}.")
    if out.exists() and not out.is_dir():
        return f"--out {readable(str(out))} is a file, not a folder. Choose a folder, e.g. {suggestion}."
    existing = next((p for p in [out, *out.parents] if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK):
        return f"--out {readable(str(out))}: {readable(str(existing))} cannot be written to. Choose another folder."
    return None


def main(folder: str, out: str | None = None, *, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
         memory_mb: int | None = DEFAULT_MEMORY_MB, sandbox: bool | None = None) -> int:
    """The command: 0 when the class was graded (whatever the scores), 2 if it could not be, 130
    when stopped (Ctrl-C or SIGTERM)."""
    folder_path = Path(folder).expanduser()
    out_path = Path(out).expanduser() if out else Path.cwd() / f"{folder_path.resolve().name}-grades"
    problem = out_problem(out_path, folder_path)
    if jobs is not None and jobs < 1 or memory_mb is not None and memory_mb < 1:
        problem = f"--jobs and --memory must be 1 or more (got {jobs} and {memory_mb})."
    if problem:
        print(f"✘ {problem}")
        return 2
    try:
        submissions, empty = find_submissions(folder_path)
    except ClassError as exc:
        print(f"✘ {exc}")
        return 2
    students = len({s.student for s in submissions} | {s for s, _ in empty})
    note = sandbox_note() if sandbox is not False else "! no sandbox: --no-sandbox was given (see instructors/README.md)."
    print(f"grading {len(submissions)} notebooks of {students} students on "
          f"{jobs or os.cpu_count()} processes, "
          f"{'each kernel in its own sandbox (bubblewrap)' if note is None else 'WITHOUT a sandbox'} ...",
          flush=True)
    if note:
        print(note, flush=True)
    start = time.monotonic()
    with stop_on_sigterm():
        try:
            graded = grade_all(submissions, jobs=jobs, timeout=timeout, memory_mb=memory_mb, sandbox=sandbox)
        except KeyboardInterrupt:
            print(f"\ngrading stopped: every kernel was shut down and its temporary files removed; "
                  f"nothing was written to {readable(str(out_path))}.", flush=True)
            return 130
    seconds = time.monotonic() - start
    written = write_outputs(out_path, graded, empty, folder_path, seconds)
    not_graded = sum(bool(g.problem) for g in graded) + len(empty)
    print(f"graded {len(graded) - sum(bool(g.problem) for g in graded)} notebooks in {seconds:.0f} s "
          f"({60 * len(graded) / max(seconds, 1e-9):.1f} per minute); {not_graded} could not be graded "
          f"(see the report).")
    for path in written:
        print(f"wrote      {path}")
    return 0
