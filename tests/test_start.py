"""start.py, the one entry point (issue 26): `python3 start.py lab|test` (Windows: `py start.py ...`)
with Python's standard library only, on Windows, macOS and Linux; the Makefile, CI and the README go
through it; the Anaconda route needs nothing that only start.py or the Makefile does.

The Windows and macOS branches are tested by pretending (os.name / sys.platform replaced in
start.py's namespace only); the set-up's stamp logic end to end with a fake installer; and one real
set-up, pip and all, with a tiny requirement set in a folder whose path has a space, an apostrophe
and accents.
"""

import ast
import importlib.metadata
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from test_environment import binder_pip_section, environment

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("start", ROOT / "start.py")
start = importlib.util.module_from_spec(spec)
spec.loader.exec_module(start)


def pretend(monkeypatch, name="nt", platform="win32"):
    """start.py sees another platform (its own os/sys names only: pathlib and pytest keep theirs)."""
    fake_os = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
    fake_os.name = name
    fake_sys = types.SimpleNamespace(**{k: getattr(sys, k) for k in ("version_info", "executable", "stdout",
                                                                     "argv", "exit")})
    fake_sys.platform = platform
    monkeypatch.setattr(start, "os", fake_os)
    monkeypatch.setattr(start, "sys", fake_sys)


# ------------------------------------------------------------------------------- Windows branches
def test_windows_paths_launcher_and_quoting(monkeypatch):
    pretend(monkeypatch)
    assert start.venv_python(r"C:\Users\Zoë\cours d'été\.venv") == r"C:\Users\Zoë\cours d'été\.venv\Scripts\python.exe"
    assert start.launcher() == "py"
    assert start.command_line([r"C:\cours d'été\.venv\Scripts\python.exe", "-m", "pytest"]) == \
        "\"C:\\cours d'été\\.venv\\Scripts\\python.exe\" -m pytest"
    monkeypatch.undo()
    assert start.venv_python("/home/zoë/cours d'été/.venv") == "/home/zoë/cours d'été/.venv/bin/python"
    assert start.launcher() == "python3"
    assert start.command_line(["/tmp/cours d'été/python", "-m"]) == "'/tmp/cours d'\"'\"'été/python' -m"


@pytest.mark.parametrize("name, platform, says", [
    ("nt", "win32", ["py -3.12 start.py test", "python.org", "py launcher"]),
    ("posix", "darwin", ["python3.12 start.py test", "brew install python@3.12"]),
    ("posix", "linux", ["python3.12 start.py test", "apt-get install python3.12"]),
])
def test_too_old_python_says_which_versions_work_and_how_to_get_one(monkeypatch, name, platform, says):
    pretend(monkeypatch, name, platform)
    message = start.too_old((3, 9, 13, "final", 0), "test")
    assert "\n" not in message and "3.11 or newer" in message and "this is Python 3.9.13" in message
    for words in says:
        assert words in message
    assert start.too_old((3, 11, 0), "lab") is None and start.too_old((3, 13, 1), "lab") is None


@pytest.mark.parametrize("version", ["2.7.18", "3.6.15", "3.10.13"])
def test_an_old_python_gets_the_message_not_a_syntax_error(version):
    """start.py must parse on old Pythons, or the student sees a SyntaxError instead of the message."""
    python = Path.home() / ".pyenv" / "versions" / version / "bin" / "python"
    if not python.exists():
        pytest.skip(f"Python {version} is not installed here (pyenv)")
    done = subprocess.run([str(python), str(ROOT / "start.py"), "lab"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stdout.count("\n") == 1 and f"this is Python {version}" in done.stdout, done.stdout + done.stderr


def test_messages_for_the_test_tools_fit_the_platform(monkeypatch, capsys):
    monkeypatch.setattr(start.shutil, "which", lambda name: None)
    monkeypatch.setattr(start, "is_root", lambda: False)
    monkeypatch.setattr(start, "CHROMIUM", "/nowhere/chromium")
    pretend(monkeypatch)
    assert start.hub_deps() == 0 and start.browser_deps() == 0
    out = capsys.readouterr().out
    assert "JupyterHub does not run on Windows: the JupyterHub tests will be SKIPPED" in out
    assert "Linux only): they will be SKIPPED here" in out and "apt-get" not in out
    pretend(monkeypatch, "posix", "linux")
    assert start.hub_deps() == 0 and start.browser_deps() == 0
    out = capsys.readouterr().out
    assert "Enable them with: sudo apt-get install -y nodejs npm" in out
    assert "Enable them with: sudo apt-get install -y chromium" in out


def test_windows_runs_every_pass_but_the_hub_one(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(start, "run", lambda cmd, env=None, capture=False: calls.append((cmd, env)) or (0, ""))
    for step in ("browser_deps", "sandbox_deps", "hub_deps", "nbgrader_deps", "site_build"):
        monkeypatch.setattr(start, step, lambda: 0)
    pretend(monkeypatch)
    assert start.run_tests(r"C:\c\.venv\Scripts\python.exe") == 0
    assert [cmd[3] for cmd, _ in calls] == ["tests/browser", "tests", "--nbval", "--nbval-lax"]
    assert all(cmd[:3] == [r"C:\c\.venv\Scripts\python.exe", "-m", "pytest"] for cmd, _ in calls)
    assert [env.get("VALUELOOPS_STRICT") for _, env in calls] == [None, "1", "1", "1"]


def test_a_failed_pass_stops_the_run_and_is_named(monkeypatch, capsys):
    monkeypatch.setattr(start, "run", lambda cmd, env=None, capture=False: (1 if "tests" in cmd else 0, ""))
    for step in ("browser_deps", "sandbox_deps", "hub_deps", "nbgrader_deps", "site_build"):
        monkeypatch.setattr(start, step, lambda: 0)
    assert start.run_tests("python") == 1
    out = capsys.readouterr().out
    assert "!!! The unit and pipeline tests failed (pytest exit 1); the passes after it were not run." in out
    assert "pytest tests/hub" not in out


def test_lab_runs_in_process_on_windows_and_replaces_the_process_elsewhere(monkeypatch):
    from valueloops import lab

    seen = {}
    monkeypatch.setattr("jupyterlab.labapp.main", lambda: seen.setdefault("argv", list(sys.argv)) and 0)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    fake_os = types.SimpleNamespace(name="nt", chdir=lambda path: seen.setdefault("cwd", path),
                                    execv=lambda *a: pytest.fail("no execv on Windows"))
    monkeypatch.setattr(lab, "os", fake_os)
    assert lab.main(["--no-browser"]) == 0
    assert seen["argv"] == ["jupyter-lab", *lab.lab_command(extra=["--no-browser"])[4:]] and seen["cwd"] == lab.ROOT
    fake_os.name = "posix"
    fake_os.execv = lambda exe, cmd: seen.setdefault("execv", cmd)
    lab.main([])
    assert seen["execv"] == lab.lab_command()


def test_lab_and_the_course_commands_hand_over_to_the_venv(monkeypatch):
    handed = []
    monkeypatch.setattr(start, "setup", lambda: ("/c/.venv/bin/python", False))
    monkeypatch.setattr(start, "hand_over", lambda cmd: handed.append(cmd) or 0)
    assert start.main(["lab", "--no-browser"]) == 0 and start.main(["grade", "exercises/00_start_here.ipynb"]) == 0
    assert handed == [["/c/.venv/bin/python", "-m", "valueloops", "lab", "--no-browser"],
                      ["/c/.venv/bin/python", "-m", "valueloops", "grade", "exercises/00_start_here.ipynb"]]


def test_a_path_the_console_cannot_show_is_printed_anyway(monkeypatch):
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="cp1252"))
    start.say("C:\\cours d'été\\講義")
    sys.stdout.flush()
    assert buffer.getvalue().decode("cp1252").strip() == "C:\\cours d'été\\??"


def test_unknown_command_and_usage(capsys):
    assert start.main(["labb"]) == 2
    assert "Unknown command 'labb': use one of lab, test, setup, grade" in capsys.readouterr().out
    assert start.main([]) == 2 and start.main(["--help"]) == 0
    assert "python3 start.py COMMAND" in capsys.readouterr().out


# ------------------------------------------------------------------------------- set-up and stamps
@pytest.fixture
def course(tmp_path, monkeypatch):
    """A tiny course folder with start.py's pin files, start.py pointed at it, and a fake installer
    that records every command (and creates the venv's Python when asked for a venv)."""
    root = tmp_path / "cours d'été"
    (root / "notebooks").mkdir(parents=True)
    for name in start.FINGERPRINTED:
        (root / name).write_text(f"# {name}\n")
    monkeypatch.setattr(start, "ROOT", str(root))
    calls = []

    def fake_run(cmd, env=None, capture=False):
        calls.append(cmd)
        if cmd[1:3] == ["-m", "venv"]:
            Path(start.venv_python(cmd[3])).parent.mkdir(parents=True)
            Path(start.venv_python(cmd[3])).write_text("")
        return 0, ""

    monkeypatch.setattr(start, "run", fake_run)
    monkeypatch.setattr(start, "python_runs", os.path.exists)
    monkeypatch.setattr(start, "check_package", lambda python: None)
    monkeypatch.setenv("VALUELOOPS_NO_UV", "1")
    return types.SimpleNamespace(root=root, calls=calls, venv=root / ".venv")


def pip_calls(calls):
    return [cmd for cmd in calls if cmd[1:4] == ["-m", "pip", "install"]]


def test_a_second_run_installs_nothing_and_a_change_reinstalls(course, capsys):
    assert start.main(["setup"]) == 0
    assert [cmd[-2:] for cmd in pip_calls(course.calls)] == [["-r", "requirements-dev.txt"], ["-e", "."]]
    assert (course.venv / start.STAMP).read_text().strip() == start.fingerprint(start.FINGERPRINTED)
    assert not (course.venv / start.UNFINISHED).exists()
    course.calls.clear()
    assert start.main(["setup"]) == 0
    assert course.calls == [] and "up to date (nothing installed)" in capsys.readouterr().out
    (course.root / "requirements.txt").write_text("pandas==3.1.1\n")  # a pin changed: pip again, same venv
    assert start.main(["setup"]) == 0
    assert len(pip_calls(course.calls)) == 2 and not [c for c in course.calls if "venv" in c]
    assert "changed since .venv was set up: updating it" in capsys.readouterr().out


def test_a_moved_course_folder_reinstalls_the_package(course):
    start.main(["setup"])
    course.calls.clear()
    moved = course.root.with_name("moved")
    course.root.rename(moved)
    start.ROOT = str(moved)
    assert start.main(["setup"]) == 0 and len(pip_calls(course.calls)) == 2


@pytest.mark.parametrize("damage", ["interrupted", "no stamp", "python gone"])
def test_a_half_finished_install_is_detected_and_redone(course, capsys, damage):
    start.main(["setup"])
    if damage == "interrupted":  # Ctrl-C during an update's pip: the marker stays beside the old stamp
        (course.venv / start.UNFINISHED).write_text("started")
    elif damage == "no stamp":  # e.g. an older make, killed before its stamp
        (course.venv / start.STAMP).unlink()
    else:  # the base Python was removed: the venv's Python no longer runs
        Path(start.venv_python(str(course.venv))).unlink()
    (course.venv / "leftover").write_text("")
    capsys.readouterr()
    course.calls.clear()
    assert start.main(["setup"]) == 0
    out = capsys.readouterr().out
    assert "An earlier set-up of .venv did not finish (interrupted?): removing it and starting again." in out
    assert not (course.venv / "leftover").exists() and len(pip_calls(course.calls)) == 2
    assert course.calls[0][1:3] == ["-m", "venv"]


def test_an_interruption_leaves_the_marker(course):
    def interrupted(cmd, env=None, capture=False):
        if cmd[1:3] == ["-m", "venv"]:
            Path(start.venv_python(cmd[3])).parent.mkdir(parents=True)
            Path(start.venv_python(cmd[3])).write_text("")
            return 0, ""
        raise KeyboardInterrupt

    start.run = interrupted
    with pytest.raises(KeyboardInterrupt):
        start.main(["setup"])
    assert start.state(str(course.venv), start.FINGERPRINTED) == "unfinished"


def test_no_network_is_one_clear_line(course, capsys, monkeypatch):
    refused = ("WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError('<pip._vendor."
               "urllib3.connection.HTTPSConnection>: Failed to establish a new connection: [Errno 111]')'")
    monkeypatch.setattr(start, "run", lambda cmd, env=None, capture=False: (1, refused))
    with pytest.raises(start.SetupError, match=r"^No network: pip could not reach the package index"):
        start.install("python", ["-r", "requirements-dev.txt"])
    monkeypatch.setattr(start, "run", lambda cmd, env=None, capture=False: (1, "ERROR: No matching distribution"))
    with pytest.raises(start.SetupError, match=r"pip install -r x failed \(exit 1"):
        start.install("python", ["-r", "x"])


def test_the_no_network_signs_match_what_pip_really_prints(tmp_path):
    """pip with an index nobody listens on, as on a laptop without network."""
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL="http://127.0.0.1:9/simple",
               PIP_NO_CACHE_DIR="1", PIP_FIND_LINKS="", PIP_RETRIES="1", PIP_TIMEOUT="3")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "valueloops-probe-offline==1"],
                          env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode != 0 and start.offline(done.stdout + done.stderr), done.stdout + done.stderr


def test_uv_installs_when_on_the_path_and_pip_takes_over_when_it_fails(course, monkeypatch, capsys):
    monkeypatch.delenv("VALUELOOPS_NO_UV")
    monkeypatch.setattr(start.shutil, "which", lambda name: "/opt/uv/uv" if name == "uv" else None)
    calls = []
    monkeypatch.setattr(start, "run", lambda cmd, env=None, capture=False: calls.append(cmd) or (0, ""))
    start.install("/c/.venv/bin/python", ["-r", "requirements-dev.txt"])
    assert calls == [["/opt/uv/uv", "pip", "install", "--quiet", "--python", "/c/.venv/bin/python",
                      "-r", "requirements-dev.txt"]]
    calls.clear()
    monkeypatch.setattr(start, "run", lambda cmd, env=None, capture=False: calls.append(cmd) or
                        (2 if cmd[0].endswith("uv") else 0, ""))
    start.install("/c/.venv/bin/python", ["-r", "requirements-dev.txt"])
    assert [cmd[0] for cmd in calls] == ["/opt/uv/uv", "/c/.venv/bin/python"]
    assert "uv could not install (exit 2): trying pip instead." in capsys.readouterr().out
    monkeypatch.setenv("VALUELOOPS_NO_UV", "1")
    assert start.uv_command() is None


def test_setup_for_real_in_a_folder_with_a_space_an_apostrophe_and_accents(tmp_path):
    """start.py itself, real venv and pip (tiny pins: the course's package only), in such a folder:
    the package imports from notebooks/, a second run installs nothing even with pip unable to
    reach any index, and an interrupted install is redone."""
    root = tmp_path / "cours d'été" / "Zoë Müller"
    (root / "notebooks").mkdir(parents=True)
    (root / "valueloops").mkdir()
    shutil.copy(ROOT / "start.py", root)
    shutil.copy(ROOT / "pyproject.toml", root)
    (root / "valueloops" / "__init__.py").write_text('"""the course package, as far as set-up cares"""\n')
    (root / "requirements.txt").write_text("# no pins: the test is about the set-up, not the packages\n")
    (root / "requirements-dev.txt").write_text("-r requirements.txt\n")
    env = dict(os.environ, VALUELOOPS_NO_UV="1")
    env.pop("VIRTUAL_ENV", None)

    def setup(extra_env=None):
        return subprocess.run([sys.executable, "start.py", "setup"], cwd=root, env=dict(env, **(extra_env or {})),
                              capture_output=True, text=True, timeout=300)

    first = setup()
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Setting up .venv" in first.stdout and ".venv is set up" in first.stdout
    where = subprocess.run([start.venv_python(str(root / ".venv")), "-c", "import valueloops; print(valueloops.__file__)"],
                           cwd=root / "notebooks", capture_output=True, text=True, env=dict(env, PYTHONIOENCODING="utf-8"))
    assert where.stdout.strip() == str(root / "valueloops" / "__init__.py")
    offline = {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": ""}
    second = setup(offline)
    assert second.returncode == 0 and "up to date (nothing installed)" in second.stdout, second.stdout + second.stderr
    (root / ".venv" / start.UNFINISHED).write_text("started")
    third = setup()
    assert third.returncode == 0 and "did not finish (interrupted?)" in third.stdout, third.stdout + third.stderr
    assert not (root / ".venv" / start.UNFINISHED).exists()


# ------------------------------------------------------------------------------- one path
def test_make_ci_and_readme_go_through_start_py():
    makefile = (ROOT / "Makefile").read_text()
    recipes = dict(re.findall(r"^([a-z][\w -]*):[^\n=]*\n((?:\t.*\n)+)", makefile, re.M))
    assert recipes["lab"].strip() == "$(PYTHON) start.py lab"
    assert recipes["test"].strip() == "$(PYTHON) start.py test"
    assert "pip install" not in makefile and "pytest --nbval" not in makefile, "set-up and tests live in start.py"
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'exec "${PYTHON:-python3}" start.py test' in ci
    start_section = (ROOT / "README.md").read_text().split("## Start")[1].split("\n## ")[0]
    for command in ("py start.py lab", "python3 start.py lab", "py start.py test", "python3 start.py test"):
        assert command in start_section
    assert start_section.index("start.py lab") < start_section.index("make lab"), "the two commands come first"


def test_the_readme_start_section_needs_no_tool_it_did_not_name():
    """Read as a Windows newcomer: every command in the Start section's code blocks starts with a
    tool the section tells them to install (Python: py/python3) or names as optional (make, conda)."""
    start_section = (ROOT / "README.md").read_text().split("## Start")[1].split("\n## ")[0]
    blocks = re.findall(r"```bash\n(.*?)```", start_section, re.S)
    first_words = {line.split()[0] for block in blocks for line in block.splitlines() if line.strip()}
    assert first_words <= {"py", "python3", "conda", "python", "jupyter"}, first_words
    assert "python.org/downloads" in start_section and "py launcher" in start_section
    assert "**With Anaconda**" in start_section and "**With make**" in start_section
    assert "Download ZIP" in start_section and "type `cmd` in the address bar" in start_section


# ------------------------------------------------------------------------------- Anaconda route
def anaconda_commands() -> list[str]:
    section = (ROOT / "README.md").read_text().split("**With Anaconda**")[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_anaconda_route_is_binders_environment_yml_and_postbuild():
    post_build = [line for line in (ROOT / "postBuild").read_text().splitlines()
                  if line.strip() and not line.startswith(("#", "set "))]
    assert anaconda_commands() == ["conda env create -f environment.yml",
                                   f"conda activate {environment()['name']}",
                                   *post_build, "jupyter lab"]
    python = next(dep for dep in environment()["dependencies"] if isinstance(dep, str) and dep.startswith("python="))
    assert tuple(int(x) for x in python.split("=")[1].split(".")) >= start.MINIMUM


def distribution_closure(pins: list[str]) -> set[str]:
    """The distributions ``pins`` install, with everything they require (read from this venv)."""
    from packaging.requirements import Requirement

    names, todo = set(), [pin.split("==")[0] for pin in pins]
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in names:
            continue
        names.add(name)
        for text in importlib.metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return names


def runtime_imports() -> dict[str, str]:
    """Top-level third-party modules the course imports at run time (package and notebooks) -> where."""
    sources = [(str(p.relative_to(ROOT)), p.read_text()) for p in (ROOT / "valueloops").rglob("*.py")]
    for folder in ("notebooks", "exercises", "solutions"):
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            cells = json.loads(path.read_text())["cells"]
            code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
            sources.append((str(path.relative_to(ROOT)), re.sub(r"^\s*[!%].*$", "", code, flags=re.M)))
    found = {}
    for where, text in sources:
        for node in ast.walk(ast.parse(text)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "valueloops":
                    found.setdefault(top, where)
    return found


def test_the_anaconda_route_has_every_package_the_course_imports():
    """Nothing the course imports may come only from requirements-dev.txt (which start.py installs
    and environment.yml does not)."""
    provided = distribution_closure(binder_pip_section(environment()))
    by_module = importlib.metadata.packages_distributions()
    missing = {module: where for module, where in runtime_imports().items()
               if not {re.sub(r"[-_.]+", "-", d).lower() for d in by_module.get(module, [])} & provided}
    assert not missing, f"imported by the course but not installed by environment.yml: {missing}"
    assert {"pandas", "seaborn", "ipywidgets", "nbformat"} <= set(runtime_imports())


def test_the_sandbox_tool_is_named_where_it_is_missing_and_left_alone_elsewhere(monkeypatch, capsys):
    monkeypatch.setattr(start.shutil, "which", lambda name: None)
    monkeypatch.setattr(start, "is_root", lambda: False)
    monkeypatch.setattr(start, "BWRAP", "/nowhere/bwrap")
    pretend(monkeypatch, "posix", "linux")
    assert start.sandbox_deps() == 0
    assert ("graded WITHOUT a sandbox and the sandbox test will be SKIPPED. "
            "Enable it with: sudo apt-get install -y bubblewrap") in capsys.readouterr().out
    pretend(monkeypatch)  # Windows: the grader itself says it runs without a sandbox
    assert start.sandbox_deps() == 0 and capsys.readouterr().out == ""


def test_the_site_build_installs_its_packages_once_and_skips_without_them(monkeypatch, capsys, tmp_path):
    installed, built = [], []
    monkeypatch.setattr(start, "ROOT", str(tmp_path))
    (tmp_path / start.VENV).mkdir()
    (tmp_path / start.SITE_REQUIREMENTS).write_text("sphinx==9.0.4\n")
    monkeypatch.setattr(start, "install", lambda python, args: installed.append(args))
    monkeypatch.setattr(start, "run", lambda cmd, env=None, capture=False: built.append(cmd) or (0, ""))
    assert start.site_build("py") == 0 and start.site_build("py") == 0
    assert installed == [["-r", start.SITE_REQUIREMENTS]]  # the second build finds them installed
    assert built == [["py", "-m", "valueloops", "site"]] * 2
    (tmp_path / start.SITE_REQUIREMENTS).write_text("sphinx==9.0.5\n")  # changed pins: installed again

    def offline(python, args):
        raise start.SetupError("No network: pip could not reach the package index.")
    monkeypatch.setattr(start, "install", offline)
    assert start.site_build("py") == 0 and len(built) == 2
    assert "the site build and its browser test will be SKIPPED" in capsys.readouterr().out
    monkeypatch.setattr(start, "install", lambda python, args: None)
    monkeypatch.setattr(start, "run", lambda cmd, env=None, capture=False: (1, ""))
    assert start.site_build("py") == 1  # a failed build fails make test
