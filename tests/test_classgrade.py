"""Grading a class (issue 16): one command, both folder layouts, a gradebook, a report and charts;
a broken or empty student folder is named and does not stop the run; the class folder is only read."""

import csv
import hashlib
import shutil
import subprocess
import sys

import nbformat

from valueloops import classgrade, pipeline
from valueloops.checks import lesson_specs
from test_trusted import FORGE_LOG, PATCH_CHECKS

LESSON = "00_start_here.ipynb"
EXERCISES_00 = sorted(lesson_specs("00"), key=lambda e: int(e.split(".")[1]))


def snapshot(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def make_class(root):
    """nbgrader's layout: submitted/<student>/00_start_here/00_start_here.ipynb."""
    def put(student, source=None, text=None):
        folder = root / "submitted" / student / "00_start_here"
        folder.mkdir(parents=True)
        if source is not None:
            shutil.copyfile(source, folder / LESSON)
        if text is not None:
            (folder / LESSON).write_text(text)

    put("ada", pipeline.SOLUTIONS / LESSON)
    put("bo", pipeline.EXERCISES / LESSON)
    nb = nbformat.read(pipeline.EXERCISES / LESSON, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(PATCH_CHECKS))
    nb.cells.append(nbformat.v4.new_code_cell(FORGE_LOG.format(exercises=EXERCISES_00)))
    put("cheat", text=nbformat.writes(nb))
    put("dot", text="{ not a notebook")
    (root / "submitted" / "eve").mkdir()
    return root


def test_a_class_is_graded_with_one_command(tmp_path):
    course = make_class(tmp_path / "course")
    before = snapshot(course)
    out = tmp_path / "grades"
    run = subprocess.run([sys.executable, "-m", "valueloops", "grade-class", str(course), "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4/4 notebooks" in run.stderr  # the progress bar
    assert snapshot(course) == before  # the class folder is only read
    rows = list(csv.DictReader(open(out / "gradebook.csv")))
    points = {}
    for row in rows:
        points[row["student"]] = points.get(row["student"], 0) + int(row["points"])
    assert points == {"ada": len(EXERCISES_00), "bo": 0, "cheat": 0, "dot": 0, "eve": 0}, points
    assert {r["status"] for r in rows if r["student"] == "bo"} == {"not answered"}
    assert {r["status"] for r in rows if r["student"] == "dot"} == {"not graded"}
    totals = {r["student"]: (r["points"], r["out_of"]) for r in csv.DictReader(open(out / "totals.csv"))}
    assert totals["ada"] == (str(len(EXERCISES_00)), str(len(EXERCISES_00)))
    report = (out / "report.md").read_text()
    assert f"| {EXERCISES_00[0]} | 4 | 25% | 50% | 0% | 25% |" in report, report
    assert "- dot: " in report and "- eve: eve/: no notebook" in report
    assert (out / "lesson00.png").read_bytes()[:4] == b"\x89PNG"


def test_the_flat_layout_and_the_out_folder_guard(tmp_path):
    klass = tmp_path / "class"
    (klass / "ada").mkdir(parents=True)
    shutil.copyfile(pipeline.SOLUTIONS / LESSON, klass / "ada" / LESSON)
    found, empty = classgrade.find_submissions(klass)
    assert [(s.student, s.path.name) for s in found] == [("ada", LESSON)] and not empty
    assert classgrade.main(str(klass), str(klass / "grades")) == 2  # never writes into the class folder
    assert not (klass / "grades").exists()
