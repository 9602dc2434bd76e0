"""The grader: every fault of issue 12 reproduced, and the message it now gets.

Faults are written into a copy of lesson 00's worked solution (three exercises, a fast notebook):
the answer cell of one exercise is replaced, the others stay right, so each test also proves that
grading goes on past the fault.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from types import SimpleNamespace

from valueloops import grading, pipeline
from valueloops.checks import lesson_specs

LESSON = "00_start_here.ipynb"
EXERCISES_00 = sorted(lesson_specs("00"), key=lambda e: int(e.split(".")[1]))
FIRST, OTHERS = EXERCISES_00[0], EXERCISES_00[1:]
PYTHON = [sys.executable, "-m", "valueloops"]


def student_copy(tmp_path: Path, source: Path, name: str = LESSON) -> Path:
    target = tmp_path / name
    shutil.copyfile(source, target)
    return target


def with_answer(tmp_path: Path, exercise: str, code: str, name: str = LESSON) -> Path:
    """Lesson 00's solution with the (first) answer cell of ``exercise`` replaced by ``code``."""
    nb = nbformat.read(pipeline.SOLUTIONS / LESSON, as_version=4)
    owners = grading.exercise_of_cells(nb)
    index = next(i for i, (ex, role) in sorted(owners.items()) if ex == exercise and role == "answer")
    nb.cells[index].source = code
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def by_id(grade: grading.NotebookGrade) -> dict[str, grading.ExerciseResult]:
    return {r.exercise: r for r in grade.results}


def assert_others_correct(grade: grading.NotebookGrade) -> None:
    results = by_id(grade)
    assert all(results[ex].status == "correct" for ex in OTHERS), grading.notebook_report(grade)


def test_blank_exercise_scores_not_answered_and_is_left_untouched(tmp_path):
    path = student_copy(tmp_path, pipeline.EXERCISES / LESSON)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    grade = grading.grade_notebook(path)
    assert [r.status for r in grade.results] == ["not answered"] * len(EXERCISES_00)
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == [LESSON]  # no cache, no outputs


def test_complete_solution_scores_full_marks(tmp_path):
    grade = grading.grade_notebook(student_copy(tmp_path, pipeline.SOLUTIONS / LESSON))
    assert grade.passed == len(EXERCISES_00), grading.notebook_report(grade)
    assert grading.notebook_report(grade).splitlines()[0] == f"{LESSON}: {grade.passed}/{grade.passed} passed"


# --- fault 2: a hanging answer is reported fast, by name, and grading goes on ---------------------
def test_endless_loop_is_stopped_after_the_time_limit_and_grading_goes_on(tmp_path):
    # the same notebook without the hang sets the pace of this machine (a loaded CI box grades
    # slower): the hang may add its 3 s limit and the interrupt's grace, not wait forever
    start = time.monotonic()
    grading.grade_notebook(student_copy(tmp_path, pipeline.SOLUTIONS / LESSON, "baseline.ipynb"),
                           timeout=60)
    baseline = time.monotonic() - start
    path = with_answer(tmp_path, FIRST, "while True:\n    pass")
    start = time.monotonic()
    grade = grading.grade_notebook(path, timeout=3)
    seconds = time.monotonic() - start
    result = by_id(grade)[FIRST]
    assert result.status == grading.TIMED_OUT
    assert result.message.startswith("your answer cell ran for more than 3 s (an endless loop?)")
    assert_others_correct(grade)
    assert seconds < 1.5 * baseline + 3 + 10, (
        f"the hang took {seconds:.1f} s to be reported (the same notebook without it: {baseline:.1f} s)")


def test_an_endless_function_is_waited_for_once_not_again_by_the_graders_reader(tmp_path):
    # 00.4 is a derive exercise: the check cell calls the function and times out; the grader's
    # reader cell would call it again and wait a second time limit for the same verdict
    code = "def level_after(gain, push, months):\n    while True:\n        pass"
    stopped = []
    grade = grading.grade_notebook(with_answer(tmp_path, "00.4", code), timeout=3,
                                   progress=stopped.append)
    result = by_id(grade)["00.4"]
    assert result.status == grading.TIMED_OUT
    assert result.message.startswith("checking your answer ran for more than 3 s"), result.message
    assert len(stopped) == 1, [(run.index, run.status) for run in stopped]
    assert all(r.status == "correct" for ex, r in by_id(grade).items() if ex != "00.4")


def test_a_hang_the_interrupt_cannot_stop_restarts_the_kernel(tmp_path):
    # SIGINT ignored: only a kernel restart ends it; the cells before it are replayed.
    code = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    grade = grading.grade_notebook(with_answer(tmp_path, FIRST, code), timeout=2)
    assert by_id(grade)[FIRST].status == grading.TIMED_OUT
    assert_others_correct(grade)


def test_a_dead_kernel_is_named_and_the_rest_runs_on_a_fresh_one(tmp_path):
    grade = grading.grade_notebook(with_answer(tmp_path, FIRST, "import os\nos._exit(1)"))
    result = by_id(grade)[FIRST]
    assert result.status == grading.DIED and "the kernel died" in result.message
    assert_others_correct(grade)


# --- fault 3: an answer that raises is reported with its error and line ---------------------------
@pytest.mark.parametrize("code, fragment", [
    ("x = 1\ny = 2\nanswer = x + undefined_name", "raised NameError: name 'undefined_name' is not "
                                                 "defined (line 3 of your answer cell)"),
    ("x = (1 +", "raised SyntaxError"),
    ("x = 1\ny = 1 +* 2", "raised SyntaxError: invalid syntax (line 2 of your answer cell)"),
    ("x = input('your answer? ')", "raised StdinNotImplementedError"),
    ("x = 1 / 0", "raised ZeroDivisionError: division by zero (line 1 of your answer cell)"),
])
def test_an_answer_that_raises_is_reported_with_error_and_line(tmp_path, code, fragment):
    grade = grading.grade_notebook(with_answer(tmp_path, FIRST, code))
    result = by_id(grade)[FIRST]
    assert result.status == grading.ERROR and fragment in result.message, result.message
    assert_others_correct(grade)


def test_a_deleted_check_cell_is_named(tmp_path):
    nb = nbformat.read(pipeline.SOLUTIONS / LESSON, as_version=4)
    nb.cells = [c for c in nb.cells if f'check("{FIRST}"' not in c.source]
    path = tmp_path / LESSON
    nbformat.write(nb, path)
    grade = grading.grade_notebook(path)
    # trusted checks: the grader reads the answer itself, so it is still graded; the note says why
    # the student saw no feedback
    assert by_id(grade)[FIRST].status == "correct"
    assert any(f'check("{FIRST}", ...) is missing' in note for note in grade.notes), grade.notes


# --- fault 5: the names the grader suggests are names it accepts; wrong lesson named --------------
def test_a_renamed_copy_is_graded_by_name(tmp_path):
    path = student_copy(tmp_path, pipeline.SOLUTIONS / LESSON, f"my_{LESSON}")
    grade = grading.grade_notebook(path)
    assert grade.lesson == "00" and grade.passed == len(EXERCISES_00)
    backup = student_copy(tmp_path, pipeline.SOLUTIONS / LESSON, "00_start_here.backup-20261129-181500.ipynb")
    assert grading.grade_notebook(backup).lesson == "00"


def test_the_fresh_copy_advice_names_a_file_the_grader_accepts(tmp_path):
    path = tmp_path / LESSON
    path.write_text("{ not json")
    with pytest.raises(grading.GradingError) as info:
        grading.read_exercise_notebook(path)
    message = str(info.value)
    assert "cannot be read as a notebook" in message and f"rename yours to my_{LESSON}" in message
    assert "make exercises" in message
    suggested = student_copy(tmp_path, pipeline.SOLUTIONS / LESSON, f"my_{LESSON}")
    assert grading.read_exercise_notebook(suggested)[1] == "00"  # accepted


def test_another_lessons_notebook_under_a_lessons_name_is_named(tmp_path):
    other = sorted(p for p in pipeline.SOLUTIONS.glob("01_*.ipynb"))[0]
    path = student_copy(tmp_path, other, LESSON)
    with pytest.raises(grading.GradingError, match="holds the exercises of lesson 01, not lesson 00"):
        grading.read_exercise_notebook(path)


@pytest.mark.parametrize("content, name, fragment", [
    (None, LESSON, "no such file"),
    (b"{}", LESSON, "cannot be read as a notebook"),
    (None, "notes.txt", "no such file"),
])
def test_unreadable_notebooks_get_a_clear_message(tmp_path, content, name, fragment):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(grading.GradingError, match=fragment):
        grading.read_exercise_notebook(path)


def test_hints_never_print_a_bare_python_command(tmp_path):
    path = tmp_path / LESSON
    path.write_text("corrupted")
    with pytest.raises(grading.GradingError) as info:
        grading.read_exercise_notebook(path)
    assert "python -m valueloops" not in str(info.value).replace(grading.course_command(""), "")
    in_notebook = grading.grade_command("exercises/my_00_start_here.ipynb", notebook=True)
    assert in_notebook.startswith('scoreboard("exercises/my_00_start_here.ipynb")')


def test_printed_commands_fit_the_platform_and_the_environment(monkeypatch):
    # in the course's .venv: start.py, spelt as this platform's terminal wants it (py on Windows)
    monkeypatch.setattr(sys, "executable", str(pipeline.ROOT / ".venv" / "bin" / "python"))
    assert grading.course_command("grade x.ipynb") == "python3 start.py grade x.ipynb"
    monkeypatch.setattr(grading, "os", SimpleNamespace(name="nt"))  # pathlib keeps the real os
    assert grading.course_command("grade x.ipynb") == "py start.py grade x.ipynb"
    # elsewhere (Binder, Anaconda, a hub) there is no start.py set-up: the package's own command
    monkeypatch.setattr(sys, "executable", "/opt/conda/bin/python")
    assert grading.course_command("grade x.ipynb") == "python -m valueloops grade x.ipynb"
    assert grading.grade_command("x.ipynb", notebook=False).startswith("python -m valueloops grade x.ipynb")


# --- fault 6 and exit status: unfinished work is not a tool failure -------------------------------
def test_command_exits_0_with_unfinished_work_and_prints_progress(tmp_path):
    path = student_copy(tmp_path, pipeline.EXERCISES / LESSON)
    out = subprocess.run([*PYTHON, "grade", str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    # (a machine without bubblewrap prints its one-line "! no sandbox" notice first)
    progress = "".join(line for line in out.stdout.splitlines(True) if not line.startswith("! no sandbox"))
    assert progress.startswith(f"[1/1] grading {path} ...")
    strict = subprocess.run([*PYTHON, "grade", "--strict", str(path)], capture_output=True, text=True,
                            timeout=120)
    assert strict.returncode == 1


def test_command_line_prints_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / LESSON
    bad.write_text("corrupted")
    out = subprocess.run([*PYTHON, "grade", str(bad)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "cannot be read as a notebook" in out.stdout and "fresh copy" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_scoreboard_from_a_notebook_cell_in_any_folder(tmp_path):
    """Fault 1: in a notebook (kernel in notebooks/ or elsewhere) one call prints the scoreboard."""
    from nbclient import NotebookClient

    copy = student_copy(tmp_path, pipeline.SOLUTIONS / LESSON, f"my_{LESSON}")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"from valueloops.grading import scoreboard\nscoreboard({str(copy)!r}, timeout=30)")])
    env_backup = os.environ.pop("PYTEST_CURRENT_TEST", None)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        if env_backup is not None:
            os.environ["PYTEST_CURRENT_TEST"] = env_backup
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.output_type == "stream")
    assert f"my_{LESSON}: {len(EXERCISES_00)}/{len(EXERCISES_00)} passed" in text, text
    assert text.startswith("Grading your exercise notebooks as last saved: save first"), text


def test_default_targets_are_the_lessons_and_strays_are_named_with_a_working_command(tmp_path, monkeypatch):
    targets, _ = grading.default_targets()
    assert [t.name for t in targets] == [p.name for p in pipeline.solution_notebooks()]
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    shutil.copyfile(pipeline.SOLUTIONS / LESSON, exercises / f"my_{LESSON}")
    monkeypatch.setattr(grading, "EXERCISES", exercises)
    monkeypatch.setattr(grading, "SOLUTIONS", tmp_path / "none")
    lines = []

    class Out:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    grading.run(None, out=Out())
    assert "to grade it:" in "".join(lines) and f"my_{LESSON}" in "".join(lines)


def test_course_scoreboard_adds_up_lessons():
    board = grading.course_scoreboard([("00_start_here", "3/3"), ("01_flywheel", "1/5"),
                                       ("02_marketplace", "not graded")])
    lines = board.splitlines()
    assert lines[0] == "Scoreboard"
    assert lines[-1].split() == ["all", "lessons", "4/8"]
    assert any("not graded" in line for line in lines)


def test_grader_output_is_json_free_of_tracebacks_for_a_broken_setup_cell(tmp_path):
    nb = nbformat.read(pipeline.SOLUTIONS / LESSON, as_version=4)
    owners = grading.exercise_of_cells(nb)
    setup = next(i for i, (_, role) in sorted(owners.items()) if role == "setup")
    nb.cells[setup].source = "import not_a_module_at_all\n" + nb.cells[setup].source
    path = tmp_path / LESSON
    nbformat.write(nb, path)
    grade = grading.grade_notebook(path)
    assert any("ModuleNotFoundError" in note for note in grade.notes), grade.notes
    json.dumps([r.__dict__ for r in grade.results])  # plain data


def test_a_cell_that_uses_an_unanswered_stub_does_not_hide_not_answered(tmp_path):
    # e.g. a chart cell under the exercise that draws the answer: it fails only because of the ...
    nb = nbformat.read(pipeline.EXERCISES / LESSON, as_version=4)
    owners = grading.exercise_of_cells(nb)
    index = next(i for i, (ex, role) in sorted(owners.items()) if ex == FIRST and role == "answer")
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell("float(...)  # uses the stub"))
    path = tmp_path / LESSON
    nbformat.write(nb, path)
    assert by_id(grading.grade_notebook(path))[FIRST].status == "not answered"


@pytest.mark.parametrize("lesson", ["09_synergy.ipynb", "10_power_and_policy.ipynb"])
def test_a_written_answer_still_at_its_placeholder_is_reported_as_not_written_yet(lesson):
    blank = nbformat.read(pipeline.EXERCISES / lesson, as_version=4)
    solved = nbformat.read(pipeline.SOLUTIONS / lesson, as_version=4)
    written = grading.written_exercises(blank)
    # issue 27 (z0709p): a checked exercise with a written part (09.9's sentence) is listed as well
    prose = grading.prose_answer_exercises(lesson[:2])
    assert written and grading.unwritten_exercises(blank) == sorted(set(written) | set(prose))
    assert grading.unwritten_exercises(solved) == []
    grade = grading.NotebookGrade(Path(lesson), lesson[:2], [], written=written,
                                  unwritten=grading.unwritten_exercises(blank))
    report = grading.notebook_report(grade)
    assert all(f"{ex} not written yet" in report for ex in written), report
    assert "written, not checked" not in report
    answered = grading.NotebookGrade(Path(lesson), lesson[:2], [], written=written)
    assert "written, not checked" in grading.notebook_report(answered)


def test_the_written_part_of_a_checked_exercise_is_listed_too():
    """05.1, 05.4, 05.6, 05.7 and 05.9 are checked and also ask for a sentence: each is listed, as
    not written yet while its cell holds the placeholder."""
    assert grading.prose_answer_exercises("05") == ["05.1", "05.4", "05.6", "05.7", "05.9"]
    blank = nbformat.read(pipeline.EXERCISES / "05_built_for_peak.ipynb", as_version=4)
    assert grading.unwritten_exercises(blank) == ["05.1", "05.4", "05.6", "05.7", "05.9"]
    first = next(i for i, cell in enumerate(blank.cells) if cell.source.strip() == "_Write your answer here._")
    blank.cells[first].source = "July is calmer than the year: its peak-to-average is lower."
    assert grading.unwritten_exercises(blank) == ["05.4", "05.6", "05.7", "05.9"]


def test_the_plot_pairs_reading_asks_for_a_sentence_in_08_and_10():
    """Issue 27 (z0810p): 08.9 and 10.9 are checked and also ask for a sentence (not checked), as
    05.9: each is listed, and not written yet while its cell holds the placeholder."""
    assert grading.prose_answer_exercises("08") == ["08.7", "08.9"]
    assert grading.prose_answer_exercises("10") == ["10.7", "10.9"]
    for lesson, exercise in (("08_scale_and_frugality.ipynb", "08.9"), ("10_power_and_policy.ipynb", "10.9")):
        blank = nbformat.read(pipeline.EXERCISES / lesson, as_version=4)
        assert exercise in grading.unwritten_exercises(blank)
        solved = nbformat.read(pipeline.SOLUTIONS / lesson, as_version=4)
        assert exercise not in grading.unwritten_exercises(solved)


def test_a_checked_exercises_written_part_is_named_apart_from_its_check():
    """'✔ 01.4 correct' then '✎ 01.4 not written yet' read as two verdicts on one exercise (round-9
    read): the sentence under a checked exercise is its 'written part'."""
    from valueloops.checks.core import Feedback

    grade = grading.NotebookGrade(Path("05_built_for_peak.ipynb"), "05",
                                  [Feedback("05.1", "correct", "Verified.")],
                                  written=["05.1", "05.5"], unwritten=["05.1", "05.5"])
    report = grading.notebook_report(grade)
    assert "✔ 05.1 correct" in report
    assert "✎ 05.1 written part not written yet" in report, report
    assert "✎ 05.5 not written yet" in report, report


def test_progress_names_only_cells_the_student_can_find(tmp_path):
    """A hang is reported at the student's own cell; a stop in the grader's added reader cells is
    named as such, never as a cell number past the end of the notebook."""
    import io
    import re

    path = with_answer(tmp_path, FIRST, "while True:\n    pass")
    cells = len(nbformat.read(path, as_version=4).cells)
    out = io.StringIO()
    grading.run([path], timeout=3, out=out)
    numbers = [int(n) for n in re.findall(r"^\s+cell (\d+): ", out.getvalue(), re.M)]
    assert numbers, out.getvalue()
    assert all(1 <= n <= cells for n in numbers), out.getvalue()


def test_leftover_nbclient_tasks_are_not_logged_as_tracebacks():
    """On SIGTERM or a dead kernel, asyncio reports nbclient's unfinished cell task at exit; the
    grader has said what happened in one line, so that record is dropped (others are kept)."""
    import logging

    keep = grading._LeftoverPoller()

    def record(message):
        return logging.LogRecord("asyncio", logging.ERROR, __file__, 1, message, None, None)

    dead = ("Task exception was never retrieved\nfuture: <Task finished name='Task-48' "
            "coro=<NotebookClient.async_execute_cell() done, defined at .../nbclient/client.py:920> "
            "exception=DeadKernelError('Kernel died')>")
    assert not keep.filter(record(dead))
    assert keep.filter(record("Task exception was never retrieved\nfuture: <Task coro=<other()>>"))
    assert keep.filter(record("an unrelated asyncio error"))


def test_a_choice_letter_without_quotes_is_told_to_put_it_in_quotes():
    """`choice = c` raises NameError: name 'c' is not defined; the grader says why (round-12 read
    of 01.6 and 00.5). Another undefined name keeps the plain message."""
    from valueloops.grading import CellRun, _describe

    text = _describe(CellRun(3, "error", "NameError", "name 'c' is not defined", 1),
                     "your answer cell", 30, choice=True)
    assert "put the option in quotes, \"c\"" in text and "line 1 of your answer cell" in text
    other = _describe(CellRun(3, "error", "NameError", "name 'answer' is not defined", 1),
                      "your answer cell", 30, choice=True)
    assert "quotes" not in other


def test_a_missing_one_letter_name_outside_a_choice_is_not_called_an_option(tmp_path):
    # 05.6 gives `c, m = 0.5, 250.0`; a student who drops that line gets NameError: name 'c' and was
    # told to put "c" in quotes (review r15). Lesson 00's 00.5 is a Choice, 00.1 a number.
    number = with_answer(tmp_path, "00.1", "answer = c / 0.2")
    result = by_id(grading.grade_notebook(number))["00.1"]
    assert result.status == grading.ERROR and "name 'c' is not defined" in result.message
    assert "quotes" not in result.message, result.message
    choice = with_answer(tmp_path, "00.5", "choice = c", name="choice_" + LESSON)
    assert "put the option in quotes" in by_id(grading.grade_notebook(choice))["00.5"].message


def test_a_students_first_function_check_does_not_import_the_graders_notebook_tools():
    # nbformat (with jsonschema) took ~2.5 s to import on a student's first derive check, and made
    # a 3 s grading limit time out on a right answer under load
    code = ("import sys\nfrom valueloops.checks import evaluate\n"
            "def level_after(gain, push, months):\n    x = 0.0\n    for _ in range(months):\n"
            "        x = gain * x + push\n    return x\n"
            "assert evaluate('00.4', level_after).status == 'correct'\n"
            "print('nbformat' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out


def test_scoreboard_row_of_a_notebook_named_without_a_folder_has_no_leading_slash(tmp_path, monkeypatch):
    """r25c E11: scoreboard('03_x.ipynb', '../A/03_x.ipynb') labelled the first row '/03_x'."""
    (tmp_path / "exercises").mkdir()
    monkeypatch.chdir(tmp_path / "exercises")
    labels = grading.row_labels([Path("03_value_capture.ipynb"), Path("../A/03_value_capture.ipynb")])
    assert labels == ["exercises/03_value_capture", "A/03_value_capture"], labels


def test_scoreboard_rows_tell_two_folders_apart(tmp_path):
    """r23d: two copies of one lesson in two folders were two rows with the same name."""
    good = tmp_path / "good" / "08_scale_and_frugality.ipynb"
    bad = tmp_path / "bad" / "08_scale_and_frugality.ipynb"
    other = tmp_path / "good" / "10_power_and_policy.ipynb"
    labels = grading.row_labels([good, bad, other])
    assert labels == ["good/08_scale_and_frugality", "bad/08_scale_and_frugality", "10_power_and_policy"]
    assert len(set(labels)) == 3
    # the same folder name twice (a/x/08… and b/x/08…): the whole path tells them apart
    one, two = tmp_path / "a" / "x" / "08_s.ipynb", tmp_path / "b" / "x" / "08_s.ipynb"
    assert len(set(grading.row_labels([one, two]))) == 2
    board = grading.course_scoreboard(list(zip(labels, ["6/6", "0/6", "6/6"])))
    assert "good/08_scale_and_frugality  6/6" in board and "bad/08_scale_and_frugality   0/6" in board
