"""The course under the real nbgrader (issue 16): export, generate_assignment, autograde, scores.

nbgrader (pinned in requirements-nbgrader.txt) lives in its own virtual environment,
``.venv-nbgrader`` (``make nbgrader-deps``, which ``make test`` runs): it needs ``notebook`` 7 and
alembic, which the course does not. Its notebooks run on a kernel of the course's own Python (a
kernelspec written for the test), so they import ``valueloops``. Two lessons; three fabricated
students: one right, one with one wrong answer, one blank. Skipped, loudly, without that environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from valueloops import nbgrader, pipeline
from valueloops.checks import lesson_specs
from valueloops.trusted import template_expressions

NBGRADER_VENV = pipeline.ROOT / ".venv-nbgrader"
NBGRADER_BIN = NBGRADER_VENV / "bin"
LESSONS = ["00_start_here", "07_capex_to_opex"]

pytestmark = pytest.mark.skipif(
    not (NBGRADER_BIN / "nbgrader").exists(),
    reason="!!! nbgrader is not installed in .venv-nbgrader: the nbgrader test is SKIPPED. "
           "Install it with: make nbgrader-deps")


def nbgrader_env(course: Path) -> dict[str, str]:
    kernels = course / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True, exist_ok=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (the course's .venv)", "language": "python"}))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_CURRENT_TEST", "VALUELOOPS_STRICT",
                                                            "VIRTUAL_ENV", "PYTHONPATH", "MPLBACKEND")}
    env.update(PATH=f"{NBGRADER_BIN}{os.pathsep}{env.get('PATH', '')}", JUPYTER_PATH=str(course / "jupyter"))
    return env


def run(args, course, env):
    out = subprocess.run(args, cwd=course, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, f"{' '.join(map(str, args))}\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}"
    return out


def submissions(course: Path, lesson: str) -> dict[str, int]:
    """Write submitted/<student>/<lesson>/<lesson>.ipynb for three students; the points expected."""
    release = nbformat.read(course / "release" / lesson / f"{lesson}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / lesson / f"{lesson}.ipynb", as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
               if c.metadata["nbgrader"]["solution"]}
    right = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in right.cells:
        if cell.metadata["nbgrader"]["solution"]:
            cell.source = "\n".join(line for line in answers[cell.metadata["nbgrader"]["grade_id"]].split("\n")
                                     if line.strip() not in (pipeline.BEGIN, pipeline.END))
    wrong = nbformat.from_dict(json.loads(json.dumps(right)))
    first = sorted(lesson_specs(lesson[:2]), key=lambda e: int(e.split(".")[1]))[0]
    check_at = next(i for i, c in enumerate(wrong.cells)
                    if c.metadata["nbgrader"]["grade_id"] == f"check-{first.replace('.', '-')}")
    answer_cell = next(c for c in reversed(wrong.cells[:check_at]) if c.metadata["nbgrader"]["solution"]
                       and c.cell_type == "code")
    answer_cell.source += f"\n{template_expressions(lesson[:2])[first]} = -12345.0  # a wrong answer"
    total = len(lesson_specs(lesson[:2]))
    expected = {"right": total, "wrong": total - 1, "blank": 0}
    for student, nb in (("right", right), ("wrong", wrong), ("blank", release)):
        folder = course / "submitted" / student / lesson
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{lesson}.ipynb")
    return expected


def test_nbgrader_generates_autogrades_and_scores_two_lessons(tmp_path):
    course = tmp_path / "course"
    nbgrader.export(course, [name[:2] for name in LESSONS])
    env = nbgrader_env(course)
    expected = {}
    for lesson in LESSONS:
        run([NBGRADER_BIN / "nbgrader", "generate_assignment", lesson, "--force"], course, env)
        released = (course / "release" / lesson / f"{lesson}.ipynb").read_text()
        assert pipeline.BEGIN not in released and "raise NotImplementedError" in released
        expected[lesson] = submissions(course, lesson)
    for lesson in LESSONS:
        run([NBGRADER_BIN / "nbgrader", "autograde", lesson, "--force"], course, env)
    read = ("import json\nfrom nbgrader.api import Gradebook\n"
            "with Gradebook('sqlite:///gradebook.db') as gb:\n"
            "    print(json.dumps({a: {s: [gb.find_submission(a, s).score, gb.find_submission(a, s).max_score]"
            " for s in ('right', 'wrong', 'blank')} for a in %r}))\n" % LESSONS)
    scores = json.loads(run([NBGRADER_BIN / "python", "-c", read], course, env).stdout)
    print("nbgrader scores:", scores)
    for lesson in LESSONS:
        total = len(lesson_specs(lesson[:2]))
        got = {student: score for student, (score, _) in scores[lesson].items()}
        assert got == expected[lesson], (lesson, scores[lesson])
        assert {m for _, m in scores[lesson].values()} == {total * nbgrader.POINTS}
