#!/usr/bin/env python3
"""Set up the course and open it, or run its tests, on Windows, macOS and Linux.

    python3 start.py lab     (Windows: py start.py lab)    set up once, open the course in JupyterLab
    python3 start.py test    (Windows: py start.py test)   set up once, run every test
    python3 start.py setup                                 set up only
    python3 start.py grade [NOTEBOOK ...]                  check your exercises (any command of
                                                           `python -m valueloops`: generate, headers,
                                                           execute, grade-class, nbgrader-export)

Set-up is a virtual environment in .venv (Windows: .venv\\Scripts\\python.exe) with the exact pins of
requirements-dev.txt (which includes requirements.txt) and the course's package (`pip install
--no-deps -e .`). .venv/.installed records a fingerprint of requirements*.txt, pyproject.toml and
the course folder's path, written only when the install has finished: a later run installs nothing
unless one of them changed, and a set-up that was interrupted is detected and done again. If `uv`
is on the PATH it installs (faster); pip is used otherwise or if uv fails (VALUELOOPS_NO_UV=1: pip).

Only Python's standard library, and the file parses on Python 2.7 and 3.x, so that a Python that
is too old gets a one-line message instead of a SyntaxError. The Makefile calls this file.
"""
from __future__ import print_function

import hashlib
import ntpath
import os
import shutil
import subprocess
import sys

MINIMUM = (3, 11)
TESTED = "3.11 and 3.12"
ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = ".venv"
NBGRADER_VENV = ".venv-nbgrader"
CHROMIUM = "/usr/bin/chromium"  # Debian's, which the browser tests drive
BWRAP = "/usr/bin/bwrap"  # Debian's bubblewrap: the grader's sandbox per notebook (valueloops/sandbox.py)
STAMP = ".installed"
UNFINISHED = ".installing"  # present while an install runs: a run that finds it redoes the set-up
COURSE_REQUIREMENTS = ["requirements-dev.txt"]  # includes requirements.txt (-r)
FINGERPRINTED = ["requirements.txt", "requirements-dev.txt", "pyproject.toml"]
PIP = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
NBVAL = ["--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg", "--nbval-cell-timeout=120"]
VALUELOOPS_COMMANDS = ["grade", "grade-class", "generate", "execute", "headers", "nbgrader-export"]
OWN_COMMANDS = ["lab", "test", "setup", "site", "browser-deps", "sandbox-deps", "hub-deps", "nbgrader-deps"]
SITE_REQUIREMENTS = "requirements-site.txt"  # the website's builder (Sphinx, myst-nb, the book theme)
SITE_STAMP = ".site-installed"  # in .venv: the fingerprint of SITE_REQUIREMENTS once installed
OFFLINE_SIGNS = ["NewConnectionError", "Failed to establish a new connection", "Temporary failure in name resolution",
                 "Name or service not known", "nodename nor servname", "getaddrinfo failed", "Network is unreachable",
                 "No route to host", "ConnectTimeoutError", "ProxyError", "Connection refused",
                 "failed to lookup address", "dns error", "error sending request"]

USAGE = """Usage: {py} start.py COMMAND
  lab      set up (first time: a few minutes) and open the course in JupyterLab
  test     set up and run every test
  setup    set up only (.venv with the pinned packages)
  site     set up and build the course website into _site/ (its packages: requirements-site.txt)
  grade [NOTEBOOK ...]   check your exercise notebooks and print a scoreboard
  {others}   the course's other commands (python -m valueloops ... --help)"""


class SetupError(Exception):
    """A set-up step failed; the message is one line saying what and what to do."""


# ------------------------------------------------------------------------------------- platform
def windows():
    """True on Windows (read at each call, so tests can pretend)."""
    return os.name == "nt"


def launcher():
    """How a student starts Python in a terminal here: the `py` launcher on Windows, else python3."""
    return "py" if windows() else "python3"


def venv_python(venv):
    """The Python of the virtual environment in folder ``venv``."""
    if windows():
        return ntpath.join(venv, "Scripts", "python.exe")
    return os.path.join(venv, "bin", "python")


def command_line(words):
    """``words`` as one line a student can paste into this platform's terminal (quotes where needed)."""
    if windows():
        return subprocess.list2cmdline(words)
    import shlex
    return " ".join(shlex.quote(word) for word in words)


def too_old(version, command="lab"):
    """The one-line message for a Python older than MINIMUM (``version`` as sys.version_info), or None."""
    if tuple(version[:2]) >= MINIMUM:
        return None
    found = ".".join(str(part) for part in version[:3])
    if windows():
        how = ("install Python 3.12 from https://www.python.org/downloads/ (keep 'py launcher' ticked), "
               "then run: py -3.12 start.py " + command)
    elif sys.platform == "darwin":
        how = ("install Python 3.12 from https://www.python.org/downloads/ (or: brew install python@3.12), "
               "then run: python3.12 start.py " + command)
    else:
        how = ("install Python 3.12 (your package manager, e.g. sudo apt-get install python3.12, or "
               "https://www.python.org/downloads/), then run: python3.12 start.py " + command)
    return "Python %d.%d or newer is needed (tested: %s); this is Python %s: %s" % (
        MINIMUM[0], MINIMUM[1], TESTED, found, how)


def say(message):
    """Print one line even where the console cannot show every character of a path (Windows)."""
    try:
        print(message)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        print(message.encode(encoding, "replace").decode(encoding))
    sys.stdout.flush()


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


# ------------------------------------------------------------------------------------- running
def run(cmd, env=None, capture=False):
    """Run ``cmd`` (a list) in the course folder; return (exit status, output if ``capture``).

    With ``capture`` the output is still shown as it comes, and also kept (to tell why pip failed).
    """
    full_env = dict(os.environ)
    full_env.update(env or {})
    if not capture:
        return subprocess.call(cmd, cwd=ROOT, env=full_env), ""
    full_env["PYTHONIOENCODING"] = "utf-8"
    process = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = []
    for raw in iter(process.stdout.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip()
        lines.append(line)
        say(line)
    process.wait()
    return process.returncode, "\n".join(lines)


def hand_over(cmd):
    """Run ``cmd`` in place of this script (Ctrl-C reaches it directly) and return its exit status.

    POSIX replaces the process (os.execv); Windows cannot, so it waits for the child and lets the
    child handle Ctrl-C.
    """
    sys.stdout.flush()
    if windows():
        process = subprocess.Popen(cmd, cwd=ROOT)
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                continue  # the child got Ctrl-C too and decides when to stop
    os.chdir(ROOT)
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover - execv does not return


def offline(output):
    """True if pip's (or uv's) output says the package index could not be reached."""
    return any(sign.lower() in output.lower() for sign in OFFLINE_SIGNS)


# ------------------------------------------------------------------------------------- set-up
def fingerprint(files, root=None):
    """A hash of the pin files' contents and of the course folder's path (a moved folder reinstalls
    the package, whose editable install points at the old path)."""
    root = root or ROOT
    digest = hashlib.sha256(os.path.normcase(os.path.abspath(root)).encode("utf-8"))
    for name in files:
        digest.update(name.encode("utf-8"))
        with open(os.path.join(root, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def read(path):
    try:
        with open(path) as handle:
            return handle.read().strip()
    except (IOError, OSError):
        return None


def write(path, text):
    with open(path, "w") as handle:
        handle.write(text + "\n")


def python_runs(python):
    """True if ``python`` exists and starts (a venv whose base Python was removed does not)."""
    if not os.path.exists(python):
        return False
    try:
        return subprocess.call([python, "-c", "import sys"], cwd=ROOT) == 0
    except OSError:
        return False


def state(venv, files):
    """What a run must do with ``venv`` (a path): 'fresh', 'unfinished', 'changed' or 'ready'."""
    if not os.path.isdir(venv):
        return "fresh"
    done = read(os.path.join(venv, STAMP))
    if os.path.exists(os.path.join(venv, UNFINISHED)) or done is None or not python_runs(venv_python(venv)):
        return "unfinished"
    return "ready" if done == fingerprint(files) else "changed"


def uv_command():
    """uv's path if it is on the PATH and not turned off with VALUELOOPS_NO_UV=1, else None."""
    if os.environ.get("VALUELOOPS_NO_UV"):
        return None
    return shutil.which("uv")


def install(python, args):
    """Install into the venv of ``python`` (``args``: pip install's arguments): uv if on the PATH,
    else (or if uv fails) pip. Raises SetupError, saying so in one line when the network is down."""
    uv = uv_command()
    if uv:
        status, output = run([uv, "pip", "install", "--quiet", "--python", python] + args, capture=True)
        if status == 0:
            return
        say("uv could not install (exit %d): trying pip instead." % status)
    status, output = run([python] + PIP + args, capture=True)
    if status != 0:
        if offline(output):
            raise SetupError("No network: pip could not reach the package index to download the course's "
                             "packages; connect to the internet and run the same command again.")
        raise SetupError("pip install %s failed (exit %d, its messages are above)." % (" ".join(args), status))


def build(venv, files, requirements, editable):
    """Create (if needed) and fill ``venv`` from ``requirements``; stamp it with ``files``' fingerprint.

    What a run does depends on :func:`state`: nothing when ready; the pins again into the existing
    venv when they changed; from scratch when there is no venv or an earlier install did not finish.
    """
    path = os.path.join(ROOT, venv)
    now = state(path, files)
    if now == "ready":
        return False
    if now == "unfinished":
        say("An earlier set-up of %s did not finish (interrupted?): removing it and starting again." % venv)
        try:
            shutil.rmtree(path)
        except OSError as error:
            raise SetupError("Could not remove %s to redo it (%s): close JupyterLab and any terminal using "
                             "it, delete the folder %s, and run the same command again." % (venv, error, venv))
    elif now == "changed":
        say("The pins or the course folder changed since %s was set up: updating it." % venv)
    else:
        say("Setting up %s with the pinned packages (first time: a few minutes) ..." % venv)
    if now != "changed":
        status, _ = run([sys.executable, "-m", "venv", path])
        if status != 0:
            raise SetupError("python -m venv %s failed (exit %d): on Debian/Ubuntu install python3-venv "
                             "(sudo apt-get install python3-venv) and run the same command again." % (venv, status))
    write(os.path.join(path, UNFINISHED), "started")
    python = venv_python(path)
    for name in requirements:
        install(python, ["-r", name])
    if editable:
        install(python, ["--no-deps", "-e", "."])
        check_package(python)
    write(os.path.join(path, STAMP), fingerprint(files))
    os.remove(os.path.join(path, UNFINISHED))
    return True


def check_package(python):
    """The course's package must import from a notebook's folder (as a kernel started there does)."""
    code = "import os, valueloops; print(os.path.dirname(os.path.dirname(os.path.abspath(valueloops.__file__))))"
    try:
        out = subprocess.check_output([python, "-c", code], cwd=os.path.join(ROOT, "notebooks"),
                                      env=dict(os.environ, PYTHONIOENCODING="utf-8")).decode("utf-8").strip()
    except (subprocess.CalledProcessError, OSError):
        out = ""
    if not out or os.path.normcase(os.path.realpath(out)) != os.path.normcase(os.path.realpath(ROOT)):
        raise SetupError("The course's package did not install: `import valueloops` from notebooks/ finds %s "
                         "instead of this folder; report it with the messages above." % (out or "nothing"))


def setup():
    """The course's .venv, set up or brought up to date; returns its Python."""
    changed = build(VENV, FINGERPRINTED, COURSE_REQUIREMENTS, editable=True)
    return venv_python(os.path.join(ROOT, VENV)), changed


# ------------------------------------------------------------------------------------- test tools
def apt_install(packages, what, skipped):
    """Install Debian ``packages`` as root; on failure say which tests are skipped."""
    say("Installing %s from Debian's packages for the %s ..." % (what, skipped))
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    with open(os.devnull, "w") as quiet:
        ok = (subprocess.call(["apt-get", "update", "-qq"], env=dict(os.environ, **env)) == 0
              and subprocess.call(["apt-get", "install", "-y", "-qq"] + packages, stdout=quiet,
                                  env=dict(os.environ, **env)) == 0)
    if not ok:
        say("!!! Could not install %s: the %s will be SKIPPED." % (what, skipped))
    return ok


def can_apt():
    return is_root() and shutil.which("apt-get") is not None


def browser_deps():
    """Debian's Chromium for the browser tests: installed when missing and root, else a skip message."""
    if os.path.exists(CHROMIUM):
        return 0
    if can_apt():
        apt_install(["chromium"], "Chromium", "browser tests")
    elif sys.platform.startswith("linux"):
        say("!!! %s not found: the browser tests will be SKIPPED. "
            "Enable them with: sudo apt-get install -y chromium" % CHROMIUM)
    else:
        say("!!! The browser tests drive Debian's Chromium (%s, Linux only): they will be SKIPPED here." % CHROMIUM)
    return 0


def sandbox_deps():
    """Debian's bubblewrap for the grader's sandbox: installed when missing and root, else a message
    that grading runs without a sandbox (and the sandbox test is skipped)."""
    if os.path.exists(BWRAP) or not sys.platform.startswith("linux"):
        return 0  # elsewhere the grader itself says that it runs without a sandbox
    if can_apt():
        apt_install(["bubblewrap"], "bubblewrap", "sandbox test")
    else:
        say("!!! %s not found: notebooks are graded WITHOUT a sandbox and the sandbox test will be "
            "SKIPPED. Enable it with: sudo apt-get install -y bubblewrap" % BWRAP)
    return 0


def hub_deps():
    """JupyterHub's proxy from npm (hub/package-lock.json), Node.js from Debian when missing and root."""
    if windows():
        say("!!! JupyterHub does not run on Windows: the JupyterHub tests will be SKIPPED.")
        return 0
    if shutil.which("npm") is None and can_apt():
        apt_install(["nodejs", "npm"], "Node.js", "JupyterHub tests")
    npm = shutil.which("npm")
    if npm is None:
        say("!!! Node.js not found: the JupyterHub tests will be SKIPPED. "
            "Enable them with: sudo apt-get install -y nodejs npm")
        return 0
    installed = os.path.join(ROOT, "hub", "node_modules", ".package-lock.json")
    lock = os.path.join(ROOT, "hub", "package-lock.json")
    if os.path.exists(installed) and os.path.getmtime(installed) > os.path.getmtime(lock):
        return 0
    return run([npm, "ci", "--prefix", "hub", "--no-audit", "--no-fund", "--loglevel=error"])[0]


def nbgrader_deps():
    """nbgrader in its own .venv-nbgrader (its pins are not the course's); skipped with a message."""
    try:
        build(NBGRADER_VENV, ["requirements-nbgrader.txt"], ["requirements-nbgrader.txt"], editable=False)
    except SetupError as error:
        say("!!! %s" % error)
        say("!!! Could not install nbgrader in %s: the nbgrader test will be SKIPPED." % NBGRADER_VENV)
    return 0


def site_deps(python):
    """The website's packages (requirements-site.txt) in .venv, installed when missing or changed;
    False, with a one-line message, when they cannot be had."""
    stamp = os.path.join(ROOT, VENV, SITE_STAMP)
    want = fingerprint([SITE_REQUIREMENTS])
    if read(stamp) == want:
        return True
    say("Installing the website's packages (%s) ..." % SITE_REQUIREMENTS)
    try:
        install(python, ["-r", SITE_REQUIREMENTS])
    except SetupError as error:
        say("!!! %s" % error)
        say("!!! Could not install the website's packages: the site build and its browser test will be SKIPPED.")
        return False
    write(stamp, want)
    return True


def site_build(python=None):
    """Build the course website into _site/ (python -m valueloops site); 0 when its packages cannot
    be had (said in one line, and its browser test skips)."""
    python = python or venv_python(os.path.join(ROOT, VENV))
    if not site_deps(python):
        return 0
    return run([python, "-m", "valueloops", "site"])[0]


def test_passes():
    """make test's passes, in order: (name, extra environment, pytest arguments)."""
    strict = {"VALUELOOPS_STRICT": "1"}
    return [
        ("browser tests", {}, ["tests/browser", "-q", "-rs"]),
        ("unit and pipeline tests", strict, ["tests", "--ignore=tests/browser", "--ignore=tests/hub", "-q", "-rs"]),
        ("JupyterHub tests", {}, ["tests/hub", "-q", "-rs"]),
        ("lecture notebooks", strict, ["--nbval"] + NBVAL + ["notebooks", "-q"]),
        ("solutions", strict, ["--nbval-lax"] + NBVAL + ["solutions", "-q"]),
    ]


def run_tests(python):
    """Every test tool (each skipped with a message when it cannot be had), then every pass; stops at
    the first pass that fails, as make does."""
    for step in (browser_deps, sandbox_deps, hub_deps, nbgrader_deps, site_build):
        status = step()
        if status:
            say("!!! %s failed (exit %d)." % (step.__name__.replace("_", "-"), status))
            return status
    for name, env, args in test_passes():
        if windows() and args[0] == "tests/hub":
            continue  # said above: JupyterHub does not run on Windows
        cmd = [python, "-m", "pytest"] + args
        say(command_line(([] if not env else ["%s=%s" % item for item in env.items()]) + cmd))
        status = run(cmd, env=env)[0]
        if status:
            say("!!! The %s failed (pytest exit %d); the passes after it were not run." % (name, status))
            return status
    return 0


DEPS = {"browser-deps": browser_deps, "sandbox-deps": sandbox_deps, "hub-deps": hub_deps,
        "nbgrader-deps": nbgrader_deps}
"""The test tools, each also a command of its own (make calls them by these names)."""


# ------------------------------------------------------------------------------------- commands
def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    command = argv[0] if argv else ""
    message = too_old(sys.version_info, command or "lab")
    if message:
        say(message)
        return 2
    if command in ("-h", "--help", "help") or not command:
        say(USAGE.format(py=launcher(), others=", ".join(VALUELOOPS_COMMANDS[1:])))
        return 0 if command else 2
    if command not in OWN_COMMANDS + VALUELOOPS_COMMANDS:
        say("Unknown command %r: use one of %s (%s start.py --help)." % (
            command, ", ".join(OWN_COMMANDS[:3] + VALUELOOPS_COMMANDS), launcher()))
        return 2
    if command in DEPS:
        return DEPS[command]()
    try:
        python, changed = setup()
    except SetupError as error:
        say("!!! %s" % error)
        return 1
    if command == "setup":
        say("%s is %s: its Python is %s" % (VENV, "set up" if changed else "up to date (nothing installed)",
                                            os.path.relpath(python, ROOT)))
        return 0
    if command == "test":
        return run_tests(python)
    if command == "site":
        return site_build(python)
    return hand_over([python, "-m", "valueloops"] + argv)


if __name__ == "__main__":
    sys.exit(main())
