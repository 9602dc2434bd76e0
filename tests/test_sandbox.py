"""A sandbox per graded notebook (issue 23): a class with a tampering notebook, a kernel-hijacking
notebook, a copier, a fork bomb and detached processes is graded twice, first WITHOUT the sandbox
(each attack must succeed there, or this test proves nothing), then with it: the class folder stays
byte-identical, the honest students' scores are exact, the copier gains nothing, nothing a student
started outlives the run and the run stays within its time limits.

The attacks touch nothing outside this test's class: the tamperer and the hijacker act only on
files and kernels under their own ``grade-class`` process. The fork bomb is a bounded loop (at most
:data:`FORKS` sleeping processes, well under what this shared machine can hold).
"""

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from valueloops import pipeline, sandbox, trusted
from valueloops.checks import lesson_specs

LESSON = "00_start_here.ipynb"
EXERCISES_00 = sorted(lesson_specs("00"), key=lambda e: int(e.split(".")[1]))
FORKS = 400
"""The fork bomb's bound: above the sandbox's process limit, small for the machine."""
SLEEP_MARK, BOMB_MARK = "4172", "4171"
"""Unusual durations that name this test's own ``sleep`` processes (found, counted and ended by id)."""

pytestmark = pytest.mark.skipif(sandbox.unavailable() is not None,
                                reason=f"no sandbox here: {sandbox.unavailable()}")

FIND_GRADER = r'''
import os
def _ancestors(pid):
    chain = []
    while pid > 1:
        try:
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            break
        chain.append(pid)
    return chain
def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode(errors="replace") for a in f.read().split(b"\0")]
    except OSError:
        return []
def _grader():
    """(pid, class folder) of the grade-class process this kernel runs under, if it can be seen."""
    for pid in _ancestors(os.getpid()):
        args = _cmdline(pid)
        if "grade-class" in args:
            return pid, args[args.index("grade-class") + 1]
    return None, None
'''

TAMPER = FIND_GRADER + r'''
_pid, _folder = _grader()
if _folder:
    for _path in __import__("pathlib").Path(_folder).rglob("*.ipynb"):
        if "honest-bo" in str(_path):
            _path.write_text(_path.read_text().replace("long_run =", "long_run = None #"))
'''

HIJACK = FIND_GRADER + r'''
import time
from jupyter_client import BlockingKernelClient
_me, _ = _grader()
_names = NAMES
_deadline = time.monotonic() + 40
while _me and time.monotonic() < _deadline:
    for _pid in [p for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()]:
        _args = _cmdline(int(_pid))
        if "-f" in _args and any("ipykernel" in a for a in _args) and _me in _ancestors(int(_pid)):
            try:
                _kc = BlockingKernelClient(connection_file=_args[_args.index("-f") + 1])
                _kc.load_connection_file()
                _kc.start_channels()
                _kc.execute("; ".join(f"{n} = None" for n in _names))
                time.sleep(0.05)
                _kc.stop_channels()
            except Exception:
                pass
    time.sleep(0.2)
'''

COPY = FIND_GRADER + r'''
import json, pathlib
_, _folder = _grader()
_sources = list(pathlib.Path(_folder).rglob("*.ipynb")) if _folder else []
_sources += [pathlib.Path(SOLUTION)]
for _path in _sources:
    try:
        _nb = json.loads(_path.read_text())
    except OSError:
        continue
    if "honest-cy" in str(_path) or "solutions" in str(_path):
        for _cell in _nb["cells"]:
            if _cell["cell_type"] == "code" and "check(" not in "".join(_cell["source"]):
                try:
                    exec("".join(_cell["source"]), globals())
                except Exception:
                    pass
        break
'''

BOMB = f'''
import os
for _ in range({FORKS}):
    try:
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", "{BOMB_MARK}"])
    except OSError:
        break
'''

SLEEPER = f'''
import subprocess
for _ in range(3):
    subprocess.Popen(["sleep", "{SLEEP_MARK}"], start_new_session=True)
'''


def snapshot(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def blank_with(code: str) -> str:
    nb = nbformat.read(pipeline.EXERCISES / LESSON, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(code))
    return nbformat.writes(nb)


def make_class(root: Path) -> Path:
    """Attackers first (graded first), the honest students last; flat layout <student>/<notebook>."""
    names = sorted(trusted.template_expressions("00").values())
    solution = (pipeline.SOLUTIONS / LESSON).read_text()
    honest = nbformat.read(pipeline.SOLUTIONS / LESSON, as_version=4)
    honest.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(4)  # a slow last cell"))
    students = {"a1-hijack": blank_with(HIJACK.replace("NAMES", repr(names))), "a2-tamper": blank_with(TAMPER),
                "a3-copier": blank_with(COPY.replace("SOLUTION", repr(str(pipeline.SOLUTIONS / LESSON)))),
                "a4-bomb": blank_with(BOMB), "a5-sleeper": blank_with(SLEEPER),
                "honest-ada": nbformat.writes(honest), "honest-bo": nbformat.writes(honest),
                "honest-cy": solution}
    for student, text in students.items():
        (root / student).mkdir(parents=True)
        (root / student / LESSON).write_text(text)
    return root


def ours(mark: str) -> list[int]:
    """The ids of this test's marked ``sleep`` processes still running."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "cmdline").read_bytes().split(b"\0")[:2] == [b"sleep", mark.encode()]:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def end(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, 9)
        except OSError:
            pass


def grade_class(klass: Path, out: Path, sandboxed: bool) -> tuple[dict, int, float]:
    """Points per student, the peak count of the fork bomb's processes, and the wall time."""
    env = dict(os.environ)
    env.pop("VALUELOOPS_NO_SANDBOX", None)
    if not sandboxed:
        env["VALUELOOPS_NO_SANDBOX"] = "1"
    peak, done = [0], threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], len(ours(BOMB_MARK)))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    start = time.monotonic()
    try:
        run = subprocess.run([sys.executable, "-m", "valueloops", "grade-class", str(klass), "--out", str(out),
                              "--jobs", "2", "--timeout", "60"], capture_output=True, text=True, timeout=600,
                             env=env)
    finally:
        seconds = time.monotonic() - start
        done.set()
        watcher.join()
    assert run.returncode == 0, run.stdout + run.stderr
    assert ("no sandbox" in run.stdout) != sandboxed, run.stdout
    points: dict[str, int] = {}
    for row in csv.DictReader(open(out / "gradebook.csv", encoding="utf-8")):
        points[row["student"]] = points.get(row["student"], 0) + int(row["points"])
    return points, peak[0], seconds


def test_the_attacks_succeed_without_the_sandbox_and_fail_inside_it(tmp_path):
    full = len(EXERCISES_00)
    # Without: every attack works (else the second half proves nothing).
    klass = make_class(tmp_path / "open")
    before = snapshot(klass)
    try:
        points, peak, _ = grade_class(klass, tmp_path / "open-grades", sandboxed=False)
        left = ours(SLEEP_MARK)
    finally:
        end(ours(SLEEP_MARK) + ours(BOMB_MARK))
    assert snapshot(klass) != before, "the tamperer could not change the class folder"
    assert points["a3-copier"] == full, points  # copied a classmate's (or the course's) answers
    assert min(points["honest-ada"], points["honest-bo"]) < full, points  # tampered or hijacked
    assert peak > sandbox.PROCESS_LIMIT, peak  # the fork bomb was not contained
    assert left, "the detached sleeps did not outlive the run"

    # With the sandbox: the same class, fresh.
    klass = make_class(tmp_path / "boxed")
    before = snapshot(klass)
    try:
        points, peak, seconds = grade_class(klass, tmp_path / "boxed-grades", sandboxed=True)
        left = ours(SLEEP_MARK) + ours(BOMB_MARK)
    finally:
        end(ours(SLEEP_MARK) + ours(BOMB_MARK))
    assert snapshot(klass) == before
    assert {s: p for s, p in points.items() if s.startswith("honest")} == \
        {"honest-ada": full, "honest-bo": full, "honest-cy": full}, points
    assert points["a3-copier"] == 0, points
    assert peak <= sandbox.PROCESS_LIMIT, peak
    assert not left, f"{len(left)} processes a student started outlived the run"
    assert seconds < 8 * 60 / 2, seconds  # eight notebooks on two processes, each within 60 s


def test_the_kernels_path_names_the_interpreter_by_an_absolute_folder(tmp_path, monkeypatch):
    """Review of lesson 10: `../.venv/bin/python -m valueloops grade ...` run from exercises/ gave
    the kernel a relative PATH entry (the kernel starts elsewhere and died before kernel_info)."""
    here = Path(sys.executable).absolute()
    monkeypatch.chdir(here.parent)
    monkeypatch.setattr(sys, "executable", f"./{here.name}")
    first = sandbox.environment({}, tmp_path)["PATH"].split(":")[0]
    assert Path(first).is_absolute() and Path(first) == here.parent, first


def test_a_grader_started_as_dotdot_python_gives_the_kernel_paths_without_dotdot(tmp_path, monkeypatch):
    """Review r24d: `../.venv/bin/python -m valueloops grade ...` from inside exercises/ makes
    sys.executable `…/exercises/../.venv/bin/python`. The sandbox mounts neither exercises/ nor the
    path through it, so the kernel's command and its PATH led nowhere: "Kernel died before
    replying to kernel_info". Both are now absolute paths with no `..`, the interpreter's name kept."""
    here = Path(sys.executable).absolute()
    side = tmp_path / "exercises"
    side.mkdir()
    dotted = f"{side}/{os.path.relpath(here, side)}"
    assert ".." in dotted and Path(dotted).exists()
    monkeypatch.setattr(sys, "executable", dotted)
    first = sandbox.environment({}, tmp_path)["PATH"].split(":")[0]
    assert ".." not in first and Path(first) == here.parent.resolve(), first
    argv = sandbox.command([dotted, "-m", "ipykernel_launcher", "-f", "k.json"], tmp_path, None)
    kernel = argv[argv.index("--") + 1]
    assert ".." not in kernel and kernel == str(here.parent.resolve() / here.name), kernel
    assert argv[argv.index("--") + 2:] == ["-m", "ipykernel_launcher", "-f", "k.json"]
