"""A course copy without solutions/ (issue 23: closed solutions) still works for students: a check
cell judges an answer, and the grader grades a filled and a blank exercise notebook exactly."""

import os
import shutil
import subprocess
import sys

import nbformat

from valueloops import paths

LESSON = "00_start_here.ipynb"


def course_copy(tmp_path):
    copy = tmp_path / "course"
    for name in ("valueloops", "datasets", "exercises"):
        shutil.copytree(paths.ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    assert not (copy / "solutions").exists()
    return copy


def run(copy, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_CURRENT_TEST", "VALUELOOPS_STRICT")}
    env["PYTHONPATH"] = str(copy)
    return subprocess.run([sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True,
                          timeout=600)


def test_the_course_works_without_its_solutions_folder(tmp_path):
    copy = course_copy(tmp_path)
    check = run(copy, "-c", "import valueloops, valueloops.paths as p; print(p.ROOT); "
                            "from valueloops.checks import check; check('00.5', 'zzz')")
    assert check.stdout.splitlines()[0] == str(copy), check.stdout + check.stderr  # the copy, not this repo
    assert "00.5" in check.stdout + check.stderr and "Traceback" not in check.stderr, check.stderr
    filled = copy / "exercises" / f"my_{LESSON}"
    shutil.copyfile(paths.SOLUTIONS / LESSON, filled)
    graded = run(copy, "-m", "valueloops", "grade", str(filled), str(copy / "exercises" / LESSON))
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert f"my_{LESSON}: 5/5 passed" in graded.stdout, graded.stdout
    assert f"{LESSON}: 0/5 passed" in graded.stdout, graded.stdout
    nb = nbformat.read(filled, as_version=4)
    assert nb.cells  # only read, never changed
