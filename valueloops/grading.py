"""Grading: run a student's exercise notebooks cell by cell and print a scoreboard.

From a notebook cell (any working folder)::

    from valueloops.grading import scoreboard
    scoreboard()                       # every exercise notebook in exercises/
    scoreboard("exercises/01_flywheel.ipynb")

From a terminal in the course folder: ``python3 start.py grade [NOTEBOOK ...] [--timeout S] [--strict]``
(Windows: ``py start.py grade ...``; or ``make grade``).

Each notebook runs as a temporary copy, in its own temporary folder, on a fresh kernel (with
``VALUELOOPS_STRICT=1`` and its memory capped, :data:`DEFAULT_MEMORY_MB`; where bubblewrap works, in
its own sandbox, :mod:`valueloops.sandbox`, and the output says when it is not) one cell at a time, so every
fault is reported by name and grading goes on: an answer cell that runs longer than the time limit
(default 60 s) is stopped ("an endless loop?"), an answer that raises is reported with its error
type, message and line, a kernel that dies is said to have died (the rest of the notebook then runs
on a fresh kernel). The cells under an exercise's heading (or before its check cell) are its answer
cells.

The verdicts are trusted (:mod:`valueloops.trusted`): after the student's cells, the grader's own
reader cells read each answer out of the kernel (the expression of the course's template check
cell) and the grader's specs, in this process, judge it. The notebook's own check cells still run
(they give the student the red lines while working); no grade log is set or read, so nothing the
notebook writes or edits in its kernel makes a verdict. :func:`grade_nb` is the seam for other
graders (``grade-class``, :mod:`valueloops.classgrade`): a notebook object in, results out. The
notebooks are only read: nothing is written next to them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import validate
from .checks import CORRECT, NOT_ANSWERED, Choice, check_calls, lesson_specs
from .pipeline import solution_notebooks
from .checks.core import GRADE_LOG_ENV
from .paths import EXERCISES, LESSON_NAME, ROOT, SOLUTIONS

STRICT_ENV = "VALUELOOPS_STRICT"
DEFAULT_TIMEOUT = 60  # s per cell
DEFAULT_MEMORY_MB = 4096  # the kernel's address space (RLIMIT_AS); a lesson needs about 1.5 GB of it
INTERRUPT_GRACE = 5  # s a stopped cell gets to end before its kernel is restarted
NOT_RUN = "not run"
ERROR = "error"
TIMED_OUT = "too slow"
DIED = "kernel died"
SYMBOLS = {CORRECT: "✔", NOT_ANSWERED: "…", NOT_RUN: "?"}

WARNING_MARK = " Warning: "
"""Where a check's message for a right answer starts a warning (a pass the instructor should look at)."""


def warning_in(message: str) -> str:
    """The warning a check attached to a right answer (the text after :data:`WARNING_MARK`), or ""."""
    _, mark, warning = message.partition(WARNING_MARK)
    return warning.strip() if mark else ""
_EXERCISE_HEADING = re.compile(r"^#+\s.*?\bExercise\s+(\d\d\.\d+)\b", re.M)
_NAME_LESSON = re.compile(r"(?:^|[^0-9])(\d\d)_[a-z]")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_QUIET = logging.getLogger("valueloops.grading.kernel")
_QUIET.setLevel(logging.CRITICAL)
_QUIET.propagate = False


class GradingError(Exception):
    """A notebook that cannot be graded; the message says which file, what is wrong, what to do."""


@dataclass(frozen=True)
class ExerciseResult:
    exercise: str
    status: str
    message: str


@dataclass
class NotebookGrade:
    """The grade of one notebook: one result per exercise of its lesson, and notes on other cells."""

    path: Path
    lesson: str
    results: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    written: list[str] = field(default_factory=list)
    unwritten: list[str] = field(default_factory=list)   # written exercises still at the placeholder

    @property
    def passed(self) -> int:
        return sum(r.status == CORRECT for r in self.results)


# ----------------------------------------------------------------------------------- advice
@contextlib.contextmanager
def stop_on_sigterm():
    """Within the block, SIGTERM stops the program as Ctrl-C does (a KeyboardInterrupt), so kernels
    are shut down and temporary files removed on the way out."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (a notebook's grader thread): leave it
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def course_command(args: str) -> str:
    """The terminal command that runs ``valueloops`` command ``args`` from the course folder, for
    this platform: ``python3 start.py ARGS`` (``py start.py ARGS`` on Windows) when this Python is
    the course's own .venv, else ``python -m valueloops ARGS`` (Binder, Anaconda, a hub)."""
    try:
        Path(sys.executable).absolute().relative_to(ROOT)
    except ValueError:
        return f"python -m valueloops {args}".rstrip()
    return f"{'py' if os.name == 'nt' else 'python3'} start.py {args}".rstrip()


def grade_command(target: str, notebook: bool) -> str:
    """The call that grades ``target``, written for where the student is (a notebook or a terminal)."""
    if notebook:
        return f'scoreboard("{target}") in a notebook cell'
    return f"{course_command('grade ' + target)} (in a terminal in the course folder)"


def _display(path: Path) -> str:
    """A path as the student knows it: relative to the course folder when inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _fresh_copy_hint(path: Path, lesson: str | None, notebook: bool) -> str:
    keep = f"my_{path.name}" if LESSON_NAME.match(path.name) else path.name
    where = _display(path.with_name(keep))
    regenerate = "make exercises (in a terminal in the course folder)"
    lesson_text = f" lesson {lesson}" if lesson else ""
    return (f"To get a fresh copy without losing your work: rename yours to {keep}, then run "
            f"{regenerate}, which writes a fresh{lesson_text} notebook; copy your answers across. "
            f"Your renamed copy can still be graded: {grade_command(where, notebook)}.")


# ------------------------------------------------------------------------------ which lesson
def name_lesson(name: str) -> str | None:
    """The lesson a file name claims: the ``NN_`` part after any prefix (``my_00_start_here``)."""
    match = _NAME_LESSON.search(name)
    return match.group(1) if match else None


def check_ids(nb: nbformat.NotebookNode) -> list[str]:
    """The exercise ids of the notebook's check cells, in order."""
    return [exercise for cell in nb.cells if cell.cell_type == "code"
            for exercise, _ in check_calls(cell.source)]


def read_exercise_notebook(path: Path, notebook: bool = False) -> tuple[nbformat.NotebookNode, str]:
    """The notebook and its lesson number, or a :class:`GradingError` saying what is wrong.

    The lesson is read from the check cells inside; the file name must agree with it when it
    names one (``01_flywheel.ipynb``, ``my_01_flywheel.ipynb``, ``01_flywheel.backup-....ipynb``).
    """
    if not path.exists():
        raise GradingError(f"{_display(path)}: no such file. Exercise notebooks are in exercises/, "
                           f"named like 01_flywheel.ipynb. If you deleted it, make exercises (in a "
                           f"terminal in the course folder) writes a fresh copy (it never overwrites "
                           f"a notebook you changed).")
    if path.suffix != ".ipynb":
        raise GradingError(f"{_display(path)}: not a notebook (.ipynb). Exercise notebooks are named "
                           f"like exercises/01_flywheel.ipynb.")
    claimed = name_lesson(path.name)
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # a JSON or schema error from a corrupted file
        first = (str(exc).splitlines() or [""])[0][:120]
        raise GradingError(f"{_display(path)}: cannot be read as a notebook ({type(exc).__name__}: "
                           f"{first}). {_fresh_copy_hint(path, claimed, notebook)}") from None
    inside = sorted({ex.split(".")[0] for ex in check_ids(nb)})
    if not inside:
        raise GradingError(f"{_display(path)}: has no check cells (check(\"NN.k\", ...)), so there "
                           f"is nothing to grade. {_fresh_copy_hint(path, claimed, notebook)}")
    if len(inside) > 1:
        raise GradingError(f"{_display(path)}: mixes the check cells of lessons "
                           f"{', '.join(inside)}; keep one lesson per notebook. "
                           f"{_fresh_copy_hint(path, claimed, notebook)}")
    lesson = inside[0]
    if claimed and claimed != lesson:
        own = next(iter(sorted(p.name for p in SOLUTIONS.glob(f"{lesson}_*.ipynb"))), f"{lesson}_...")
        raise GradingError(
            f"{_display(path)}: holds the exercises of lesson {lesson}, not lesson {claimed} (its "
            f"check cells are {lesson}.k). Save it as exercises/my_{own} and grade it with "
            f"{grade_command('exercises/my_' + own, notebook)}; make exercises then writes a fresh "
            f"lesson {claimed} notebook in place of this one once you have moved it.")
    try:
        lesson_specs(lesson)
    except ValueError:
        raise GradingError(f"{_display(path)}: lesson {lesson} has no checks, so there is nothing "
                           f"to grade.") from None
    return nb, lesson


# ---------------------------------------------------------------------------- running cells
@dataclass
class CellRun:
    """What happened when one code cell ran."""

    index: int
    status: str  # "ok", "error", "timeout", "died", "skipped"
    ename: str = ""
    evalue: str = ""
    line: int | None = None
    seconds: float = 0.0


def _error_line(traceback: list[str]) -> int | None:
    text = _ANSI.sub("", "\n".join(traceback))
    found = re.findall(r"(?:Cell In\s*\[\d*\]|<ipython-input-[^>]*>|File \"/tmp/ipykernel_[^\"]*\"),"
                        r" line (\d+)", text)
    if found:
        return int(found[0])
    found = re.findall(r"\bline (\d+)\b", text)
    return int(found[-1]) if found else None


def _error_of(cell: nbformat.NotebookNode) -> tuple[str, str, int | None] | None:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            evalue = _ANSI.sub("", out.get("evalue", ""))
            line = _error_line(out.get("traceback", []))
            where = _KERNEL_FILE.search(evalue)
            if where:  # a SyntaxError names the kernel's temporary file: "invalid syntax (3094.py, line 1)"
                evalue, line = evalue[:where.start()], int(where.group(1))
            return out.get("ename", ""), evalue, line
    return None


_KERNEL_FILE = re.compile(r" \((?:[^()]*[/\\])?\d+\.py, line (\d+)\)$")
"""The kernel's temporary file name and line that a SyntaxError's message ends with."""


def run_cells(nb: nbformat.NotebookNode, folder: Path, timeout: float, env: dict[str, str],
              progress=None, preexec_fn=None, manager=None,
              stopped_with: dict[int, int] | None = None) -> list[CellRun]:
    """Run every code cell of ``nb`` (a copy: it gets outputs) on a fresh kernel, one at a time.

    A cell that runs longer than ``timeout`` seconds is interrupted (the kernel is restarted if the
    interrupt does not stop it); after a kernel death the cells before it that did not fail are
    replayed on a fresh kernel and grading goes on. ``manager`` is the kernel manager class (e.g.
    :func:`valueloops.sandbox.kernel_manager_class`), Jupyter's own by default.
    ``stopped_with`` maps a cell to an earlier one: when the earlier cell timed out, the cell is
    not run and counts as timed out too (a grader's reader cell calls the same endless function
    the student's check cell already waited for: the student waits once, not twice).
    """
    from nbclient import NotebookClient

    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]

    def new_client() -> NotebookClient:
        more = {"kernel_manager_class": manager} if manager else {}
        return NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                              interrupt_on_timeout=False, record_timing=False, startup_timeout=120,
                              resources={"metadata": {"path": str(folder)}}, log=_QUIET, **more)

    # nbclient logs each timeout (silenced with its own logger, _QUIET), and asyncio the leftover
    # output poller of a stopped kernel, as errors with tracebacks: the student gets the grader's
    # one line instead.
    asyncio_log = logging.getLogger("asyncio")
    if _LeftoverPoller not in {type(f) for f in asyncio_log.filters}:
        asyncio_log.addFilter(_LeftoverPoller())
    return _run_cells(nb, code, new_client, timeout, env, progress, preexec_fn, stopped_with or {})


class _LeftoverPoller(logging.Filter):
    """Drop asyncio's "Task exception was never retrieved" for nbclient's own tasks only (the
    output poller of a stopped kernel, or a cell whose kernel died or was shut down on Ctrl-C or
    SIGTERM): the grader has already said what happened in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("never retrieved" in message
                    and ("_async_poll_output_msg" in message or "nbclient" in message
                         or "NotebookClient" in message))


def _run_cells(nb, code, new_client, timeout, env, progress, preexec_fn=None,
               stopped_with: dict[int, int] | None = None) -> list[CellRun]:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    runs: list[CellRun] = []
    position = 0
    replay: list[int] = []
    while position < len(code):
        client = new_client()
        restart = False
        launch = {"preexec_fn": preexec_fn} if preexec_fn else {}
        launch["stdout"] = subprocess.DEVNULL  # a kernel's own prints (os.write(1, ...)), not its cells'
        with client.setup_kernel(env=env, stderr=subprocess.DEVNULL, **launch):
            for index in replay:  # the cells before a dead kernel's, again, for their state
                try:
                    client.execute_cell(nb.cells[index], index)
                except (CellTimeoutError, DeadKernelError):
                    pass
            while position < len(code) and not restart:
                index = code[position]
                cell = nb.cells[index]
                position += 1
                if _timed_out(runs, (stopped_with or {}).get(index)):
                    runs.append(CellRun(index, "timeout"))
                    continue
                start = time.monotonic()
                try:
                    client.execute_cell(cell, index)
                    error = _error_of(cell)
                    run = CellRun(index, "error", *error) if error else CellRun(index, "ok")
                except CellTimeoutError:
                    run = CellRun(index, "timeout")
                    restart = not _interrupt(client, timeout)
                except DeadKernelError:
                    run = CellRun(index, "died")
                    restart = True
                run.seconds = time.monotonic() - start
                runs.append(run)
                if progress and run.status in ("timeout", "died"):
                    progress(run)
        if restart:
            replay = [r.index for r in runs if r.status in ("ok", "error")]
    return runs


def _timed_out(runs: list[CellRun], index: int | None) -> bool:
    """True if cell ``index`` (None: no cell) has run and timed out."""
    return index is not None and any(r.index == index and r.status == "timeout" for r in runs)


def _interrupt(client, timeout: float) -> bool:
    """Interrupt a cell that ran too long; True if the kernel answers again within a few seconds.

    The probe is a kernel_info request on the shell channel (answered once the stopped cell has
    ended), not a cell: a cell's output would race with the stopped cell's leftover output reader.
    """
    from nbclient.util import run_sync

    async def interrupt_and_probe() -> bool:
        from queue import Empty

        await client.km.interrupt_kernel()
        msg_id = client.kc.kernel_info()
        deadline = time.monotonic() + INTERRUPT_GRACE
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                msg = await client.kc.shell_channel.get_msg(timeout=remaining)
            except Empty:
                return False
            if msg["parent_header"].get("msg_id") == msg_id:
                return True
        return False

    try:
        return run_sync(interrupt_and_probe)()
    except Exception:  # noqa: BLE001 - a kernel that cannot be probed is restarted
        return False


# ------------------------------------------------------------------------------ the verdicts
_WRITTEN = re.compile(r"^#+\s*Exercise\s+(\d+\.\d+)\b[^\n]*\bwritten\b")


def written_exercises(nb: nbformat.NotebookNode) -> list[str]:
    """The exercises whose heading marks them written (``Exercise NN.k · ... (interpret, written)``):
    answered in prose, with a model answer and no check."""
    return [m.group(1) for cell in nb.cells if cell.cell_type == "markdown"
            for m in [_WRITTEN.match(cell.source)] if m]


_SECTION_HEADING = re.compile(r"^#+\s*Exercise\s+(\d+\.\d+)\b")
_ANSWER_STUB = "_Write your answer here._"   # what the generator leaves for a prose answer


def _markdown_by_exercise(nb: nbformat.NotebookNode) -> dict[str, list[str]]:
    """The sources of the markdown cells under each ``Exercise NN.k`` heading (heading excluded)."""
    sections: dict[str, list[str]] = {}
    current = None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        match = _SECTION_HEADING.match(cell.source)
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
        elif current:
            sections[current].append(cell.source.strip())
    return sections


def prose_answer_exercises(lesson: str) -> list[str]:
    """The exercises of a lesson with a prose answer (a written exercise, or a checked one with a
    written part): those whose model answer in the solutions is a markdown solution region."""
    path = next(iter(sorted(SOLUTIONS.glob(f"{lesson}_*.ipynb"))), None)
    if path is None:
        return []
    solved = nbformat.read(path, as_version=4)
    return [exercise for exercise, sources in _markdown_by_exercise(solved).items()
            if any(source.startswith("### BEGIN SOLUTION") for source in sources)]


def unwritten_exercises(nb: nbformat.NotebookNode) -> list[str]:
    """The exercises whose prose answer cell still holds the generator's placeholder (the student
    has not written anything there yet)."""
    return [exercise for exercise, sources in _markdown_by_exercise(nb).items()
            if _ANSWER_STUB in sources]


def exercise_of_cells(nb: nbformat.NotebookNode) -> dict[int, tuple[str, str]]:
    """For each code cell: (exercise id, "answer", "check" or "after"), or ("", "setup").

    An answer cell is a code cell under an ``Exercise NN.k`` heading before that exercise's check
    cell, or (in a notebook without such headings) between the previous check cell and its
    exercise's check cell. A cell under the heading after the check (a chart of the answer) is an
    "after" cell: its error is reported as a note on that cell, never as the answer's. Cells
    before the first exercise are setup cells (imports).
    """
    owner: dict[int, tuple[str, str]] = {}
    current = ""
    checked = False   # the current heading's check cell has been seen
    seen_exercise = False
    pending: list[int] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            match = _EXERCISE_HEADING.search(cell.source)
            if match:
                current, seen_exercise, checked = match.group(1), True, False
                for p in pending:
                    owner[p] = ("", "setup")
                pending = []
            continue
        if cell.cell_type != "code":
            continue
        ids = [exercise for exercise, _ in check_calls(cell.source)]
        if ids:
            owner[index] = (ids[0], "check")
            for p in pending:
                owner[p] = (ids[0], "answer") if seen_exercise else ("", "setup")
            pending = []
            seen_exercise = True
            checked = checked or ids[0] == current
        elif current:
            owner[index] = (current, "after" if checked else "answer")
        else:
            pending.append(index)
    for p in pending:
        owner[p] = ("", "setup")
    return owner


def _limit(seconds: float) -> str:
    return f"{seconds:g} s"


def _describe(run: CellRun, what: str, timeout: float, memory_mb: int | None = None,
              choice: bool = False) -> str:
    """One line on what went wrong in a cell; ``choice``: the cell belongs to a multiple-choice
    exercise (only there is ``name 'c' is not defined`` an option letter typed without quotes)."""
    cap = f"the grader's memory cap of {memory_mb} MB per kernel" if memory_mb else "running out of memory"
    if run.status == "timeout":
        return (f"{what} ran for more than {_limit(timeout)} (an endless loop?) and was stopped. "
                f"Look for a loop whose condition never becomes false.")
    if run.status == "died":
        return (f"the kernel died while running {what} (os._exit, sys.exit, a crash or {cap}?); "
                f"the cells after it were run on a fresh kernel.")
    if run.ename == "MemoryError":
        where = f" (line {run.line})" if run.line else ""
        return (f"{what} ran out of memory{where}: it asked for more than {cap} (MemoryError). "
                f"Work with smaller arrays, or free large ones (del) you no longer need.")
    where = f" (line {run.line} of {what})" if run.line else f" (in {what})"
    message = f": {run.evalue}" if run.evalue else ""
    letter = re.fullmatch(r"name '([a-eA-E])' is not defined", run.evalue or "")
    if run.ename == "NameError" and letter and choice:
        return (f"{what} raised {run.ename}{message}{where}; a letter on its own is a name to "
                f"Python: put the option in quotes, \"{letter.group(1)}\".")
    return f"{what} raised {run.ename}{message}{where}"


def verdicts(nb: nbformat.NotebookNode, lesson: str, runs: list[CellRun], log: dict[str, ExerciseResult],
             timeout: float, readers: dict[int, str] | None = None,
             memory_mb: int | None = None) -> tuple[list[ExerciseResult], list[str]]:
    """One result per exercise of ``lesson`` from the cell runs and the grader's verdicts (``log``).

    ``readers`` maps the index of each of the grader's reader cells (appended after ``nb``'s cells)
    to its exercise: a reader that timed out, or found no answer, counts as the exercise's check.
    """
    owners = exercise_of_cells(nb)
    owners.update({index: (exercise, "check") for index, exercise in (readers or {}).items()})
    by_exercise: dict[str, list[tuple[str, CellRun]]] = {}
    after_faults: list[tuple[str, CellRun]] = []   # cells after a check: a note, not the answer's fault
    notes: list[str] = []
    for run in runs:
        exercise, role = owners.get(run.index, ("", "setup"))
        if role == "setup":
            if run.status != "ok":
                notes.append(f"cell {run.index + 1} (before the exercises): "
                             f"{_describe(run, 'this cell', timeout, memory_mb)}")
            continue
        if role == "after":
            if run.status != "ok":
                after_faults.append((exercise, run))
            continue
        by_exercise.setdefault(exercise, []).append((role, run))
    checked = set(check_ids(nb))
    results = []
    specs = lesson_specs(lesson)
    for exercise in sorted(specs, key=lambda e: int(e.split(".")[1])):
        cells = by_exercise.get(exercise, [])
        is_choice = isinstance(specs[exercise], Choice)
        logged = log.get(exercise)
        answer_fault = next((r for role, r in cells if role == "answer" and r.status != "ok"), None)
        check_fault = next((r for role, r in cells if role == "check" and r.status not in ("ok", "error")
                            or (role == "check" and r.status == "error" and logged is None)), None)
        if logged is not None and logged.status in (CORRECT, NOT_ANSWERED):
            # correct is correct; and while the stub is still there, a later cell of the exercise
            # that uses it (a chart of the answer) fails only because nothing is answered yet
            results.append(logged)
        elif answer_fault is not None and answer_fault.ename == "NotImplementedError" and \
                answer_fault.status == "error":
            results.append(ExerciseResult(exercise, NOT_ANSWERED, "not answered yet: replace "
                                          "`raise NotImplementedError` with your code."))
        elif answer_fault is not None:
            status = {"timeout": TIMED_OUT, "died": DIED}.get(answer_fault.status, ERROR)
            results.append(ExerciseResult(exercise, status, _describe(answer_fault, "your answer cell", timeout,
                                                                      memory_mb, choice=is_choice)))
        elif logged is not None:
            results.append(logged)
        elif check_fault is not None:
            status = {"timeout": TIMED_OUT, "died": DIED}.get(check_fault.status, ERROR)
            text = _describe(check_fault, "its check cell", timeout, memory_mb, choice=is_choice)
            if check_fault.status == "error" and check_fault.ename == "NameError":
                text += " (did you delete or rename the answer cell, or the name it defines?)"
            elif check_fault.status == "timeout":
                text = (f"checking your answer ran for more than {_limit(timeout)} (an endless loop "
                        f"in your function?) and was stopped.")
            results.append(ExerciseResult(exercise, status, text))
        elif exercise not in checked:
            results.append(ExerciseResult(exercise, NOT_RUN, f'its check cell check("{exercise}", ...) '
                                          f"is missing (deleted?); copy it back from a fresh copy "
                                          f"(make exercises writes one under a name you choose to keep)."))
        else:
            results.append(ExerciseResult(exercise, NOT_RUN, "its check cell did not run."))
    status_of = {result.exercise: result.status for result in results}
    for exercise, run in after_faults:
        if status_of.get(exercise) != NOT_ANSWERED:   # a chart of a stub fails for that alone
            notes.append(f"cell {run.index + 1} (after the check of {exercise}): "
                         f"{_describe(run, 'this cell', timeout, memory_mb)}; {exercise} is graded "
                         f"on its check, not on this cell.")
    for result in results:
        if result.exercise not in checked and result.status != NOT_RUN:
            notes.append(f'check("{result.exercise}", ...) is missing (deleted?): the grader checked '
                         f"your answer itself; copy the check cell back from a fresh copy (make "
                         f"exercises writes one) to see feedback while you work.")
    return results, notes


def _memory_cap(megabytes: int | None):
    """A ``preexec_fn`` for the kernel's process: its address space limited to ``megabytes``."""
    if not megabytes or sys.platform == "win32":
        return None

    def cap() -> None:
        import resource
        limit = int(megabytes) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return cap


def use_sandbox(wanted: bool | None) -> bool:
    """Whether a kernel runs in the sandbox: ``wanted`` None means whenever bubblewrap works here;
    True with none available is a :class:`GradingError` saying why."""
    if wanted is False:
        return False
    from .sandbox import unavailable
    reason = unavailable()
    if reason and wanted:
        raise GradingError(f"a sandbox was asked for, but {reason}.")
    return reason is None


def sandbox_note() -> str | None:
    """One line for the grader's output when kernels run without a sandbox (None when they have one)."""
    from .sandbox import NO_SANDBOX, unavailable
    reason = unavailable()
    return "! " + NO_SANDBOX.format(reason=reason) if reason else None


def grade_nb(nb: nbformat.NotebookNode, lesson: str, folder: Path | None = None, *,
             timeout: float = DEFAULT_TIMEOUT, progress=None, memory_mb: int | None = DEFAULT_MEMORY_MB,
             sandbox: bool | None = None) -> tuple[list[ExerciseResult], list[str]]:
    """Run a notebook object (left unchanged) and return its results and notes on other cells.

    Trusted checks (:mod:`valueloops.trusted`): a temporary copy runs in its own temporary folder
    (``folder``, if given, is only where the copy is said to come from) on a fresh kernel whose
    memory is capped at ``memory_mb``; after the student's cells the grader's reader cells read
    each answer out of the kernel, and the verdicts are computed here, by the grader's own specs.
    No grade log is set: whatever the notebook writes or edits in its kernel is not read.
    ``sandbox``: run the kernel in :mod:`valueloops.sandbox` (None: when bubblewrap works here;
    True: or raise :class:`GradingError`; False: never).
    """
    from .trusted import check_expressions, evaluate_payload, new_nonce, read_outputs, reader_cells

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a copy: the run writes outputs into it
    student_cells = len(nb.cells)
    nonce = new_nonce()
    readers = reader_cells(lesson, nonce, fallback=check_expressions(nb))
    reader_of: dict[int, str] = {}
    for exercise, cell in readers:
        reader_of[len(nb.cells)] = exercise
        nb.cells.append(cell)
    check_cell = {exercise: index for index, (exercise, role) in sorted(exercise_of_cells(nb).items())
                  if role == "check" and index < student_cells}
    stopped_with = {index: check_cell[exercise] for index, exercise in reader_of.items()
                    if exercise in check_cell}
    with tempfile.TemporaryDirectory(prefix="valueloops-grade-") as tmp:
        nbformat.write(nb, Path(tmp) / "notebook.ipynb")  # the temporary copy; the kernel runs beside it
        env = dict(os.environ, **{STRICT_ENV: "1"})
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            # one thread per kernel: notebooks are graded side by side (one per core), and a BLAS
            # thread per core on a big machine would eat the memory cap's address space
            env.setdefault(name, "1")
        for name in (GRADE_LOG_ENV, "PYTEST_CURRENT_TEST", "MPLBACKEND"):
            env.pop(name, None)
        if use_sandbox(sandbox):
            from . import sandbox as box
            uid = box.kernel_uid()
            box.seed_matplotlib_cache(Path(tmp))
            runs = run_cells(nb, Path(tmp), timeout, box.environment(env, Path(tmp)), progress,
                             preexec_fn=box.preexec(memory_mb, uid),
                             manager=box.kernel_manager_class(Path(tmp), uid), stopped_with=stopped_with)
        else:
            runs = run_cells(nb, Path(tmp), timeout, env, progress, preexec_fn=_memory_cap(memory_mb),
                             stopped_with=stopped_with)
    probed: dict[str, ExerciseResult] = {}
    for index, exercise in reader_of.items():
        payload = read_outputs(nb.cells[index], nonce)
        if payload is None or payload.get("exercise") != exercise:
            continue
        feedback = evaluate_payload(lesson, exercise, payload)
        if feedback is not None:
            probed[exercise] = ExerciseResult(feedback.exercise, feedback.status, feedback.message)
        elif "error" in payload:  # the answer's name is not defined (renamed? its cell failed?)
            for run in runs:
                if run.index == index:
                    run.status, run.ename, run.evalue, run.line = "error", *payload["error"], None
    student_nb = nbformat.from_dict(dict(nb, cells=nb.cells[:student_cells]))
    return verdicts(student_nb, lesson, runs, probed, timeout, readers=reader_of, memory_mb=memory_mb)


def grade_notebook(path: Path, timeout: float = DEFAULT_TIMEOUT, *, notebook: bool = False,
                   progress=None, memory_mb: int | None = DEFAULT_MEMORY_MB,
                   sandbox: bool | None = None) -> NotebookGrade:
    """Grade one exercise notebook file: one result per exercise of its lesson.

    Raises :class:`GradingError` (with what to do) if the file cannot be graded.
    """
    path = Path(path)
    nb, lesson = read_exercise_notebook(path, notebook)
    start = time.monotonic()
    try:
        results, notes = grade_nb(nb, lesson, path.resolve().parent, timeout=timeout, progress=progress,
                                  memory_mb=memory_mb, sandbox=sandbox)
    except Exception as exc:  # the kernel could not start, ...: a message, never our traceback
        raise GradingError(f"{_display(path)}: could not be run ({type(exc).__name__}: "
                           f"{(str(exc).splitlines() or [''])[0][:200]}).") from None
    written = sorted(set(written_exercises(nb)) | set(prose_answer_exercises(lesson)),
                     key=lambda exercise: int(exercise.split(".")[1]))
    return NotebookGrade(path, lesson, results, notes, time.monotonic() - start, written,
                         [exercise for exercise in unwritten_exercises(nb) if exercise in written])


# ----------------------------------------------------------------------------- the reports
def notebook_report(grade: NotebookGrade) -> str:
    """The results of one notebook as a few lines of text."""
    lines = [f"{grade.path.name}: {grade.passed}/{len(grade.results)} passed"]
    for r in grade.results:
        symbol = SYMBOLS.get(r.status, "✘")
        warning = warning_in(r.message) if r.status == CORRECT else ""
        detail = (f" (with a warning: {warning})" if warning else "") if r.status == CORRECT \
            else f" - {r.message}"
        lines.append(f"  {symbol} {r.exercise} {r.status}{detail}")
    checked = {r.exercise for r in grade.results}

    def part(exercise: str) -> str:   # a checked exercise's sentence is named apart from its check
        return f"{exercise} written part" if exercise in checked else exercise

    lines += [f"  ✎ {part(exercise)} not written yet: replace {_ANSWER_STUB} with your answer"
              if exercise in grade.unwritten else
              f"  ✎ {part(exercise)} written, not checked: compare yours with the model answer"
              for exercise in grade.written]
    lines += [f"  ! {note}" for note in grade.notes]
    return "\n".join(lines)


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


def row_labels(paths: list[Path]) -> list[str]:
    """The scoreboard's name for each notebook: its lesson name (``08_scale_and_frugality``), or,
    where two notebooks share it (copies in two folders), its folder too (``good/08_...``), or its
    whole path where even that repeats."""
    stems = [p.stem for p in paths]
    # a notebook named without a folder ("03_x.ipynb") takes its working folder's name, not "/03_x"
    labels = [f"{p.parent.name or p.resolve().parent.name or '.'}/{p.stem}" if stems.count(p.stem) > 1
              else p.stem for p in paths]
    return [_display(p) if labels.count(label) > 1 else label for p, label in zip(paths, labels)]


def _resolve(name: str | Path) -> Path:
    """A notebook named relative to the working folder, the course folder or exercises/."""
    path = Path(name).expanduser()
    if path.is_absolute() or path.exists():
        return path
    for base in (ROOT, EXERCISES):
        if (base / path).exists():
            return base / path
    return path


def default_targets() -> tuple[list[Path], list[Path]]:
    """The course's exercise notebooks; other notebooks in exercises/ are named, not graded."""
    targets = [EXERCISES / s.name for s in solution_notebooks(folder=SOLUTIONS)]
    known = {t.name for t in targets}
    return targets, [p for p in sorted(EXERCISES.glob("*.ipynb")) if p.name not in known]


def run(paths: list[str | Path] | None = None, *, timeout: float = DEFAULT_TIMEOUT, notebook: bool = False,
        out=None) -> tuple[list[NotebookGrade], list[str]]:
    """Grade notebooks (default: every exercise notebook), printing progress and each report.

    Returns the grades and the messages of the notebooks that could not be graded.
    """
    out = out or sys.stdout
    timeout = validate.number("timeout", timeout, low=0, low_open=True, unit="seconds")

    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    note = sandbox_note()
    if note:
        say(note)
    if paths:
        targets, strays = [_resolve(p) for p in paths], []
    else:
        targets, strays = default_targets()
    grades: list[NotebookGrade] = []
    failures: list[str] = []
    rows: list[tuple[str, str]] = []
    labels = row_labels(targets)
    for number, path in enumerate(targets, 1):
        say(f"[{number}/{len(targets)}] grading {_display(path)} ...")

        try:
            own_cells = len(nbformat.read(path, as_version=4).cells)
        except Exception:  # noqa: BLE001 - an unreadable file is reported by grade_notebook
            own_cells = None

        def progress(run: CellRun, own_cells=own_cells) -> None:
            where = (f"cell {run.index + 1}" if own_cells is None or run.index < own_cells
                     else "the grader's reading of your answers (after your last cell)")
            what = "stopped after " + _limit(timeout) if run.status == "timeout" else "the kernel died"
            say(f"    {where}: {what}; going on")

        try:
            grade = grade_notebook(path, timeout, notebook=notebook, progress=progress)
        except GradingError as exc:
            say(f"✘ {exc}")
            failures.append(str(exc))
            rows.append((labels[number - 1], "not graded"))
            continue
        say(notebook_report(grade))
        grades.append(grade)
        rows.append((labels[number - 1], f"{grade.passed}/{len(grade.results)}"))
    for stray in strays:
        say(f"? {_display(stray)}: not graded with the others (only the lessons' NN_slug.ipynb are); "
            f"to grade it: {grade_command(_display(stray), notebook)}.")
    if len(targets) > 1:
        say("\n" + course_scoreboard(rows))
    return grades, failures


def scoreboard(*paths: str | Path, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Print the scoreboard of your exercise notebooks (all of them, or those named).

    Call it from any notebook cell: ``from valueloops.grading import scoreboard; scoreboard()``.
    Each notebook runs on a fresh kernel; yours are only read, never changed. It reads them as last
    saved, so the first line says to save first (an unsaved answer is not seen).
    """
    stray = next((p for p in paths if not isinstance(p, (str, Path))), None)
    if stray is not None:
        print(f"✘ scoreboard() takes notebook names one by one, e.g. scoreboard(\"exercises/00_start_here."
              f"ipynb\", \"exercises/01_flywheel.ipynb\"), or none for all; got {type(stray).__name__} "
              f"{stray!r:.60}.", flush=True)
        return
    print("Grading your exercise notebooks as last saved: save first (File → Save, or Ctrl+S).",
          flush=True)
    run(list(paths) or None, timeout=timeout, notebook=True)


def main(paths: list[str], timeout: float = DEFAULT_TIMEOUT, strict: bool = False) -> int:
    """The command: 0 when grading ran (whatever the score); 1 if a notebook could not be graded;
    with ``strict`` (for CI) also 1 unless every exercise passed."""
    try:
        with stop_on_sigterm():
            grades, failures = run(paths or None, timeout=timeout)
    except KeyboardInterrupt:
        print("\ngrading stopped (Ctrl-C or SIGTERM): its kernel was shut down and its temporary "
              "files removed; your notebooks were not changed.", flush=True)
        return 130
    if failures:
        return 1
    if strict and any(g.passed < len(g.results) for g in grades):
        return 1
    return 0
