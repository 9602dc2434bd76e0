"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the whole session.

The server serves a throw-away copy of ``notebooks/``, ``solutions/``, ``datasets/`` and this
folder's ``fixtures/`` (nothing in the repository is ever written): random port and token on
127.0.0.1, its own workspace, settings and runtime folders, autosave off, windowing off (every
cell stays in the page), checkpoints in the temporary folder. It is always stopped at the end.

Without ``/usr/bin/chromium`` (or Playwright) every browser test is skipped with a loud reason:
``apt-get install -y chromium``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from valueloops.lab import start_server

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = Path(os.environ.get("VALUELOOPS_CHROMIUM", "/usr/bin/chromium"))  # override: tests of the skip
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVED_FOLDERS = ("notebooks", "exercises", "solutions", "datasets")
SERVER_START_TIMEOUT = 90  # s
ENABLE_HINT = ("browser tests SKIPPED: {what}. Enable them with `apt-get install -y chromium` "
               "(Debian's Chromium at /usr/bin/chromium; `playwright install` cannot download here) "
               "and the pinned requirements (playwright).")

# Results gathered by the tests, printed in the terminal summary.
RUN_LOG: dict[str, dict] = {}
_SKIP_REASON: list[str] = []


def _loud(config: pytest.Config, message: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    line = "!" * 10 + " " + message
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line(line, red=True, bold=True)
    else:  # pragma: no cover
        print(line, file=sys.stderr)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab: where it is and how to talk to its REST API."""

    base_url: str
    token: str
    root: Path
    process: subprocess.Popen
    log_path: Path
    notes: list[str] = field(default_factory=list)

    def api(self, method: str, path: str, timeout: float = 10) -> object:
        request = urllib.request.Request(f"{self.base_url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def lab_url(self, relpath: str, workspace: str) -> str:
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{relpath}?reset&token={self.token}"

    def shutdown_kernels(self) -> None:
        """Stop every kernel and session (keeps memory low between notebooks)."""
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
        except (urllib.error.URLError, OSError) as exc:  # reported, not fatal
            self.notes.append(f"kernel shutdown failed: {exc}")

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _write_settings(settings_dir: Path) -> None:
    """User settings: windowing off, autosave off, no news or update checks."""
    files = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
    }
    for name, content in files.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content))


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the server (it shuts its kernels down), then SIGKILL its process group if needed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # our own group: leftover kernels, if any
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass


def _require_browser(config: pytest.Config) -> None:
    what = missing_browser()
    if what:
        reason = ENABLE_HINT.format(what=what)
        if not _SKIP_REASON:
            _SKIP_REASON.append(reason)
            _loud(config, reason)
        pytest.skip(reason)


def missing_browser() -> str | None:
    """Why the browser cannot run here (None when Chromium and Playwright are both there)."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing"
    return None


@contextmanager
def running_lab_server(prefetch_full: bool = True) -> Iterator[LabServer]:
    """JupyterLab on a temporary copy of the course (see the module docstring); always stopped.
    Shared by the ``lab_server`` fixture and the benchmark (``bench/browser.py``), which passes
    ``prefetch_full=False``: it measures what a student gets, the kernel's own pace of drawing
    ahead."""
    tmp = Path(tempfile.mkdtemp(prefix="valueloops-browser-"))
    root = tmp / "root"
    for folder in SERVED_FOLDERS:
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copytree(FIXTURES, root / "fixtures")
    shutil.copyfile(ROOT / "README.md", root / "README.md")
    dirs = {name: tmp / name for name in ("settings", "workspaces", "runtime", "config", "data",
                                         "checkpoints", "ipython")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    _write_settings(dirs["settings"])

    port, token = _free_port(), secrets.token_hex(24)
    env = dict(os.environ, JUPYTER_PORT=str(port), JUPYTER_TOKEN=token,
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), JUPYTER_CONFIG_DIR=str(dirs["config"]),
               JUPYTER_DATA_DIR=str(dirs["data"]), IPYTHONDIR=str(dirs["ipython"]),
               JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("MPLBACKEND", None)  # PITFALLS: the kernel must keep the inline backend
    # the tests time the player's drawing ahead: at full speed even on a loaded machine (the slower
    # pace on a machine short of CPU is tested in tests/test_widgets.py)
    if prefetch_full:
        env["VALUELOOPS_PREFETCH_FULL"] = "1"
    else:
        env.pop("VALUELOOPS_PREFETCH_FULL", None)
    log_path = tmp / "jupyter.log"
    # make lab's own command line (valueloops.lab), with the test's throw-away folders and quiet
    # options; start_server waits until it answers (or raises with its log).
    process, base_url = start_server(root, env, log_path, [
        "--ServerApp.open_browser=False",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
        "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--FileContentsManager.checkpoints_kwargs=root_dir={dirs['checkpoints']}",
        "--ServerApp.terminals_enabled=False"], timeout=SERVER_START_TIMEOUT)
    server = LabServer(base_url, token, root, process, log_path)
    try:
        yield server
    finally:
        _stop(process)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def lab_server(request: pytest.FixtureRequest):
    """Start JupyterLab on a temporary copy of the course; always stop it."""
    _require_browser(request.config)
    with running_lab_server() as server:
        yield server


@contextmanager
def running_chromium() -> Iterator[Any]:
    """One headless Chromium (Debian's) through Playwright; always closed."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def chromium(request: pytest.FixtureRequest):
    """One headless Chromium (Debian's) for the whole session.

    Playwright's sync API runs one event loop per thread: a second ``sync_playwright()`` while
    this one lives fails ("Sync API inside the asyncio loop"), so every browser test shares it.
    """
    _require_browser(request.config)
    with running_chromium() as shared:
        yield shared


@pytest.fixture(scope="session")
def browser(lab_server, chromium):
    """The session's Chromium, once the course's JupyterLab is up."""
    yield chromium


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    if _SKIP_REASON:
        terminalreporter.write_sep("!", "browser tests skipped", red=True, bold=True)
        terminalreporter.write_line(_SKIP_REASON[0], red=True, bold=True)
    if not RUN_LOG:
        return
    terminalreporter.write_sep("-", "notebooks in JupyterLab")
    total_moved = 0
    for name, row in RUN_LOG.items():
        total_moved += row.get("sliders_moved", 0)
        terminalreporter.write_line(
            f"{name:48s} {row.get('seconds', 0):6.1f} s  widgets {row.get('widgets', 0):2d}  "
            f"sliders moved {row.get('sliders_moved', 0):2d}  problems {len(row.get('problems', []))}")
    for name, row in RUN_LOG.items():
        for note in row.get("notes", []):
            terminalreporter.write_line(f"note: {name}: {note}", yellow=True)
    terminalreporter.write_line(f"sliders moved in total: {total_moved}; screenshots in {SCREENSHOTS}")
