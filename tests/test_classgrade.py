"""Grading a class (issue 16): one command, both folder layouts, a gradebook, a report and charts;
a broken or empty student folder is named and does not stop the run; the class folder is only read."""

import csv
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

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


# ------------------------------------------------------------------ issue 23: outputs, arguments, signals
ODD = [b"fr\xe9d", b"=cmd|' -C calc'!A0", b'"quoted" name', b"+plus", b"-minus", b"@at", b"tab\tname"]


def test_odd_and_non_utf8_names_come_out_readable_and_no_cell_is_a_formula(tmp_path):
    klass = tmp_path / "class"
    for raw in ODD:
        folder = os.path.join(os.fsencode(klass), raw)
        os.makedirs(folder)
        with open(os.path.join(folder, b"00_start_here.ipynb"), "w") as f:
            f.write("{ not a notebook")
    out = tmp_path / "grades"
    run = subprocess.run([sys.executable, "-m", "valueloops", "grade-class", str(klass), "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    rows = list(csv.DictReader(open(out / "gradebook.csv", encoding="utf-8")))
    students = {r["student"] for r in rows}
    assert "fr\\xe9d" in students and "tab\\tname" in students, students
    assert "'=cmd|' -C calc'!A0" in students and "'+plus" in students and "'-minus" in students, students
    for row in rows:  # OWASP: no cell a spreadsheet would run
        assert not any(str(v).startswith(classgrade.FORMULA_START) for v in row.values()), row
    assert (out / "totals.csv").exists() and (out / "report.md").exists()
    assert f"{len(ODD)} students" in (out / "report.md").read_text(encoding="utf-8")


def test_csv_cells_are_neutralised_as_owasp_says():
    assert classgrade.csv_safe("=1+1") == "'=1+1" and classgrade.csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert classgrade.csv_safe("\tx") == "'\tx" and classgrade.csv_safe("\rx") == "'\rx"
    assert classgrade.csv_safe("ada") == "ada" and classgrade.csv_safe(-3) == -3


def test_the_report_counts_students_not_notebooks():
    rows = [dict(student="ada", lesson="00", notebook=n, exercise="00.1", status=s, message="", points=p)
            for n, s, p in (("00_start_here.ipynb", "correct", 1), ("my_00_start_here.ipynb", "wrong", 0))]
    rows.append(dict(student="bo", lesson="00", notebook="00_start_here.ipynb", exercise="00.1",
                     status="not answered", message="", points=0))
    counts = classgrade.exercise_summary(rows)["00.1"]["counts"]
    assert sum(counts.values()) == 2 and counts["right"] == 1 and counts["not answered"] == 1, counts


def test_out_and_arguments_are_checked_before_grading(tmp_path):
    klass = tmp_path / "class"
    (klass / "ada").mkdir(parents=True)
    shutil.copyfile(pipeline.SOLUTIONS / LESSON, klass / "ada" / LESSON)
    taken = tmp_path / "a-file"
    taken.write_text("mine")
    for extra, words in ((["--out", str(taken)], "is a file"), (["--jobs", "0"], "--jobs"),
                         (["--memory", "-1"], "--memory"), (["--out", str(klass / "ada" / "g")], "inside the class")):
        start = time.monotonic()
        run = subprocess.run([sys.executable, "-m", "valueloops", "grade-class", str(klass), *extra],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 2 and words in run.stdout + run.stderr, (extra, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr and "grading" not in run.stdout, run.stdout
    assert taken.read_text() == "mine"


SLOW = "import time\ntime.sleep(60)"


def _kernels_under(folder: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(folder).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("command", ["grade-class", "grade"])
def test_sigterm_stops_every_worker_and_kernel_and_removes_the_temporary_files(tmp_path, command):
    klass = tmp_path / "class"
    for student in ("ada", "bo"):
        nb = nbformat.read(pipeline.SOLUTIONS / LESSON, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(SLOW))
        (klass / student).mkdir(parents=True)
        nbformat.write(nb, klass / student / LESSON)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    target = [str(klass), "--out", str(tmp_path / "grades"), "--jobs", "2"] if command == "grade-class" \
        else [str(klass / "ada" / LESSON)]
    proc = subprocess.Popen([sys.executable, "-m", "valueloops", command, *target], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, TMPDIR=str(scratch)))
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not _kernels_under(scratch):
            time.sleep(0.5)
        assert _kernels_under(scratch), "no kernel started"
        time.sleep(3)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in out + err, out + err
    assert [line for line in out.splitlines() if "stopped" in line] == [out.strip().splitlines()[-1]], out
    time.sleep(1)
    assert not _kernels_under(scratch), "a kernel outlived the stop"
    assert not [p for p in scratch.iterdir() if p.name.startswith("valueloops-grade-")], list(scratch.iterdir())
    assert not (tmp_path / "grades").exists()
