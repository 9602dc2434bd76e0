"""The grading command: a scoreboard from nbval, never a change to the student's notebook."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from valueloops import grading, pipeline

LESSON = "00_start_here.ipynb"


def student_copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / LESSON
    shutil.copyfile(source, target)
    return target


def test_blank_exercise_scores_not_answered_and_is_left_untouched(tmp_path):
    path = student_copy(tmp_path, pipeline.EXERCISES / LESSON)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    results = grading.grade_notebook(path)
    assert [r.status for r in results] == ["not answered"] * len(results) and len(results) == 5
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == [LESSON]  # no cache, no outputs


def test_answered_exercise_scores_passed_and_wrong_with_hint(tmp_path):
    path = student_copy(tmp_path, pipeline.EXERCISES / LESSON)
    text = path.read_text()
    text = text.replace('"long_run = ...', '"long_run = 50 / (1 - 0.8)')
    text = text.replace('"keep_share = ...', '"keep_share = 84')
    path.write_text(text)
    results = {r.exercise: r for r in grading.grade_notebook(path)}
    assert results["00.1"].status == "correct"
    assert results["00.2"].status == "wrong" and "percent" in results["00.2"].message
    assert results["00.3"].status == "not answered"
    board = grading.scoreboard(path, list(results.values()))
    assert board.splitlines()[0] == f"{LESSON}: 1/5 passed"


def test_complete_solution_scores_full_marks(tmp_path):
    path = student_copy(tmp_path, pipeline.SOLUTIONS / LESSON)
    assert all(r.status == "correct" for r in grading.grade_notebook(path))


@pytest.mark.parametrize("content, name, fragment", [
    (b"{ not json", LESSON, "cannot be read as a notebook"),
    (None, LESSON, "no such file"),
    (b"{}", "my_copy.ipynb", "rename it back"),
])
def test_unreadable_notebooks_get_a_clear_message(tmp_path, content, name, fragment):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(grading.GradingError, match=fragment):
        grading.validate_notebook(path)


def test_command_line_prints_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / LESSON
    bad.write_text("corrupted")
    out = subprocess.run([sys.executable, "-m", "valueloops", "grade", str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "cannot be read as a notebook" in out.stdout and "fresh copy" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_course_scoreboard_adds_up_lessons():
    board = grading.course_scoreboard([("00_start_here", "3/3"), ("01_flywheel", "1/5"),
                                       ("02_marketplace", "not graded")])
    lines = board.splitlines()
    assert lines[0] == "Scoreboard"
    assert lines[-1].split() == ["all", "lessons", "4/8"]
    assert any("not graded" in line for line in lines)
