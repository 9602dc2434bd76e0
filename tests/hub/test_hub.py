"""The course on a real JupyterHub (issue 18), end to end on 127.0.0.1.

The pinned JupyterHub with its usual proxy (configurable-http-proxy from npm, `make hub-deps`),
the shared-password authenticator, the simple local-process spawner and the course's own .venv as
every student's environment. Three students log in through the REST API, start their servers,
open the course's nbgitpuller link for lesson 00 (pulled from a local git clone of this
repository), run the lecture and the exercise notebook on their own kernels; one student answers
the exercises, the course is updated upstream and everyone pulls again (the answers survive, the
update arrives); the course's grader scores the three on their own kernels. The hub stops
cleanly. Skipped, saying why, when Node.js or the proxy is missing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hub.local import HubError, LocalHub, missing_tools  # noqa: E402
from valueloops.course import HUB_BRANCH, nbgitpuller_query, nbgitpuller_url  # noqa: E402

STUDENTS = ["ada", "grace", "linus"]
LESSON = "00_start_here.ipynb"
REPO_NAME = "amazon-value-loops"  # the clone's folder name, as on GitHub
LECTURE = f"{REPO_NAME}/notebooks/{LESSON}"
EXERCISE = f"{REPO_NAME}/exercises/{LESSON}"

# A mark, not a module-level skip: the tests are still collected, so pytest exits 0, not 5.
pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"!!! JupyterHub tests SKIPPED: {missing_tools()}")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          timeout=120).stdout


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A local git clone of this repository on the branch the links name (the 'upstream')."""
    clone = tmp_path_factory.mktemp("upstream") / REPO_NAME
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone), cwd=ROOT)
    git("checkout", "--quiet", "-B", HUB_BRANCH, cwd=clone)
    return clone


@pytest.fixture(scope="module")
def hub(tmp_path_factory, source):
    # A server opens on the nbgitpuller page, as instructors/z2jh/config.yaml's defaultUrl does.
    default_url = "/git-pull?" + nbgitpuller_query(f"notebooks/{LESSON}", repo=source.as_uri())
    hub = LocalHub(tmp_path_factory.mktemp("hub"), STUDENTS, default_url=default_url).start()
    yield hub
    leftovers = hub.stop()
    assert hub.process.returncode is not None, "JupyterHub did not exit"
    assert not leftovers, f"processes left running after the hub stopped (killed now): {leftovers}"


def grade_on_kernel(student) -> tuple[int, int, str]:
    """Run the course's grader from the student's own kernel, as `!python -m valueloops grade`."""
    kernel = student.open_kernel(EXERCISE)
    try:
        run = kernel.execute(f"!python -m valueloops grade {LESSON}")
    finally:
        kernel.close()
    counts = re.search(r"(\d+)\s*/\s*(\d+)\s+passed", run.text)  # not a "[1/1] grading" line
    assert counts, f"{student.name}: no 'N/M passed' scoreboard in the grader's output:\n{run.text}"
    return int(counts.group(1)), int(counts.group(2)), run.text


@pytest.mark.timeout(900)  # three students' kernels and graders on two cores: 5 min under load
def test_a_class_pulls_runs_keeps_its_work_and_is_graded(hub, source):
    started = time.monotonic()
    link = nbgitpuller_url(f"notebooks/{LESSON}", hub=hub.url, repo=source.as_uri())

    # 1. Log in through the REST API and start the three servers (the hub spawns them together).
    students = [hub.login(name) for name in STUDENTS]
    for student in students:
        student.start_server()

    # 2. A server's own address opens nbgitpuller (the hub's default URL); then each student opens
    #    the course's link: the course is cloned into their home and the lecture opens.
    first = students[0].browser.get(students[0].server, timeout=60)
    assert first.ok and "/git-pull?" in first.url and "data-repo=" in first.text, first.url
    for student in students:
        landing, output = student.follow_nbgitpuller_link(link)
        assert landing.endswith(f"lab/tree/{LECTURE}"), landing
        assert (student.home / LECTURE).exists(), f"{student.name}: lecture not cloned\n{output}"

    # 3. The lecture and the exercise run on each student's kernel: no error in the lecture; in
    #    the blank exercise nothing but the checks' own "not answered" (strict mode raises them).
    for student in students:
        for path in (LECTURE, EXERCISE):
            kernel = student.open_kernel(path)
            try:
                runs = kernel.run_notebook(student.read_notebook(path))
            finally:
                kernel.close()
            errors = [e for run in runs for e in run.errors
                      if not (path == EXERCISE and e.startswith("CheckFailed") and "not answered" in e)]
            assert runs and not errors, f"{student.name}: {path} raised on the hub: {errors}"

    # 4. Ada answers the exercises and saves; the course is updated upstream; all pull again.
    ada = students[0]
    answers = nbformat.read(ROOT / "solutions" / LESSON, as_version=4)
    mine = ada.read_notebook(EXERCISE)
    assert len(mine["cells"]) == len(answers.cells)
    for cell, answer in zip(mine["cells"], answers.cells):
        if cell["cell_type"] == "code" and cell["source"] != answer.source:
            cell["source"] = answer.source
    ada.write_notebook(EXERCISE, mine)
    (source / "README.md").write_text((source / "README.md").read_text() + "\nWeek 2 notes.\n")
    (source / "notebooks" / "week2.md").write_text("# Week 2\n")
    git("-c", "user.name=Instructor", "-c", "user.email=instructor@example.edu",
        "commit", "--quiet", "-am", "Week 2", cwd=source)
    git("-c", "user.name=Instructor", "-c", "user.email=instructor@example.edu",
        "add", "notebooks/week2.md", cwd=source)
    git("-c", "user.name=Instructor", "-c", "user.email=instructor@example.edu",
        "commit", "--quiet", "-m", "Week 2 reading", cwd=source)
    for student in students:
        student.follow_nbgitpuller_link(link)
        assert (student.home / REPO_NAME / "notebooks" / "week2.md").exists(), \
            f"{student.name}: the upstream update did not arrive"
        assert "Week 2 notes." in (student.home / REPO_NAME / "README.md").read_text()
    kept = ada.read_notebook(EXERCISE)
    assert [c["source"] for c in kept["cells"]] == [c["source"] for c in mine["cells"]], \
        "nbgitpuller overwrote Ada's answers"

    # 5. The course's grader, run by each student on the hub: Ada's answers pass, blanks do not.
    scores = {s.name: grade_on_kernel(s) for s in students}
    passed, total, text = scores["ada"]
    assert total >= 1 and passed == total, f"Ada's answered exercises did not all pass:\n{text}"
    for name in STUDENTS[1:]:
        passed, total, text = scores[name]
        assert total >= 1 and passed == 0, f"{name}'s blank exercises were scored:\n{text}"
    print(f"hub test: {len(students)} students, {time.monotonic() - started:.0f} s")


def test_a_broken_nbgitpuller_link_fails_loudly(hub, tmp_path):
    student = hub.login(STUDENTS[-1])
    student.start_server()
    broken = nbgitpuller_url(f"notebooks/{LESSON}", hub=hub.url,
                             repo=(tmp_path / "no-such-course").as_uri())
    with pytest.raises(HubError, match="nbgitpuller failed"):
        student.follow_nbgitpuller_link(broken)


def test_a_wrong_password_is_refused(hub):
    with pytest.raises(HubError, match="HTTP 403"):
        hub.login(STUDENTS[0], password="not-the-class-password")
