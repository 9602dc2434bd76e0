"""`make lab` serves the repository root with lesson 00 open, and every notebook link resolves there.

Fault 1 of issue 12: `make lab` served `notebooks/` as the root, so `exercises/` was unreachable
(404) and every footer link `../exercises/NN_slug.ipynb` was dead. The test starts the very command
`make lab` runs (``valueloops.lab.lab_command``), with the port and token given the way a user
would (JUPYTER_PORT, JUPYTER_TOKEN), and asks the server for the exercises and for every relative
link target of every notebook.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest

from valueloops import lab
from valueloops.paths import ROOT, START_NOTEBOOK

NOTEBOOK_FOLDERS = ("notebooks", "exercises", "solutions")
LINK = re.compile(r"""\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|(?:href|src)=["']([^"']+)["']""")


def relative_links(text: str) -> list[str]:
    """The relative link targets in Markdown/HTML text (no web addresses, no in-page anchors)."""
    found = []
    for match in LINK.finditer(text):
        target = (match.group(1) or match.group(2)).split("#")[0]
        if target and not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            found.append(urllib.parse.unquote(target))
    return found


def all_links() -> list[tuple[str, str]]:
    """(the file holding it, the target relative to the repository root) for every notebook link."""
    links = []
    for folder in NOTEBOOK_FOLDERS:
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    for target in relative_links(cell.source):
                        resolved = (path.parent / target).resolve()
                        links.append((f"{folder}/{path.name}", str(resolved.relative_to(ROOT))
                                      if resolved.is_relative_to(ROOT) else str(resolved)))
    readme = ROOT / "README.md"
    for target in relative_links(readme.read_text(encoding="utf-8")):
        links.append(("README.md", str((ROOT / target).resolve().relative_to(ROOT))))
    return links


def test_links_are_found_and_the_checker_can_fail():
    assert relative_links("[a](../exercises/01_x.ipynb) [b](https://x.org) [c](#top) "
                          "<img src='fig.png'>") == ["../exercises/01_x.ipynb", "fig.png"]
    links = all_links()
    assert any(target.startswith("exercises/") for _, target in links)  # the footers' links
    assert ("notebooks/00_start_here.ipynb", "notebooks/01_flywheel.ipynb") in links  # a header link


def test_every_relative_link_in_every_notebook_resolves_from_the_repository_root():
    dead = sorted({(where, target) for where, target in all_links() if not (ROOT / target).exists()})
    assert not dead, f"dead links (file, target): {dead}"


def test_lab_command_serves_the_root_with_lesson_00_open(monkeypatch):
    cmd = lab.lab_command()
    assert f"--ServerApp.root_dir={ROOT}" in cmd
    assert f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}" in cmd and (ROOT / START_NOTEBOOK).exists()
    assert not any(part.endswith(".ipynb") and not part.startswith("--") for part in cmd)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.lab_command()
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.lab_command()


def test_make_lab_runs_that_command():
    # Run as a top-level make even when the suite itself runs under `make test` (CI): a sub-make
    # inherits MAKELEVEL/MAKEFLAGS and prints "Entering directory" lines around the recipe.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    out = subprocess.run(["make", "--no-print-directory", "-n", "lab"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.strip().splitlines()[-1].endswith("start.py lab")
    # and start.py lab, once set up, hands over to `<.venv's python> -m valueloops lab` (test_start.py)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab_server():
    """The `make lab` command on a random port (JUPYTER_PORT) and token (JUPYTER_TOKEN)."""
    tmp = Path(tempfile.mkdtemp(prefix="valueloops-lab-"))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_PORT=str(port), JUPYTER_TOKEN=token,
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"))
    process, base = lab.start_server(ROOT, env, tmp / "lab.log", ["--ServerApp.terminals_enabled=False"])
    try:
        yield base, token, tmp / "lab.log"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _get(base: str, token: str, path: str) -> tuple[int, str]:
    request = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_the_server_serves_the_root_and_opens_lesson_00(lab_server):
    base, token, log = lab_server
    assert f"Serving notebooks from local directory: {ROOT}" in log.read_text()
    # and sends kernel messages to the browser at once (valueloops.kernelsocket, enabled by the
    # configuration start_server writes as `start.py lab` does)
    assert "valueloops.kernelsocket | extension was successfully loaded" in log.read_text()
    for folder in ("exercises", "notebooks", "solutions", "datasets"):
        assert _get(base, token, f"/api/contents/{folder}?content=0")[0] == 200, folder
    status, url = _get(base, token, "/")
    assert status == 200 and url.endswith(f"/lab/tree/{START_NOTEBOOK}")


def test_every_notebook_link_target_is_served(lab_server):
    base, token, _ = lab_server
    targets = sorted({target for _, target in all_links()})
    missing = [t for t in targets
               if _get(base, token, f"/api/contents/{urllib.parse.quote(t)}?content=0")[0] != 200]
    assert not missing, f"not served from the root: {missing}"
    assert json.dumps(targets)  # the list is plain data for the report


def test_the_lab_command_passes_further_options_to_jupyter_lab():
    import sys

    out = subprocess.run([sys.executable, "-m", "valueloops", "lab", "--version"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and re.fullmatch(r"\d+\.\d+\.\d+\S*", out.stdout.strip()), out.stderr


def test_the_course_lab_defaults_are_read_by_jupyterlab_and_do_not_ask_for_news(tmp_path):
    from jupyterlab_server.settings_utils import _get_overrides

    from valueloops.lab import QUIET_SETTINGS, write_lab_settings

    path = write_lab_settings(tmp_path)
    overrides, error = _get_overrides(str(path.parent.parent))   # JupyterLab's own reader
    assert not error and overrides == QUIET_SETTINGS
    assert QUIET_SETTINGS["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    mtime = path.stat().st_mtime_ns
    assert write_lab_settings(tmp_path) == path and path.stat().st_mtime_ns == mtime  # not rewritten


def test_the_course_server_config_enables_prompt_kernel_messages(tmp_path):
    """Jupyter Server's own reader finds the course's extension enabled under the prefix (as
    ``start.py lab``, the tests, Binder's postBuild and the hub's environment write it)."""
    from jupyter_server.extension.config import ExtensionConfigManager

    from valueloops.lab import write_lab_settings

    write_lab_settings(tmp_path)
    manager = ExtensionConfigManager(read_config_path=[str(tmp_path / "etc" / "jupyter")])
    assert manager.get_jpserver_extensions() == {"valueloops.kernelsocket": True}


def test_kernel_websockets_send_at_once_unless_the_server_has_a_connection_of_its_own(monkeypatch):
    from types import SimpleNamespace

    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

    from valueloops import kernelsocket
    from valueloops.kernelsocket import PromptKernelConnection

    calls = []
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: calls.append("connect"))
    handler = SimpleNamespace(set_nodelay=lambda on: calls.append(("nodelay", on)))
    connection = PromptKernelConnection.__new__(PromptKernelConnection)
    connection._trait_values = {"websocket_handler": handler}
    connection.connect()
    assert calls == [("nodelay", True), "connect"]  # Nagle off before the first message goes out

    for before, after in ((ZMQChannelsWebsocketConnection, PromptKernelConnection), (object, object)):
        app = SimpleNamespace(web_app=SimpleNamespace(settings={"kernel_websocket_connection_class": before}))
        kernelsocket._load_jupyter_server_extension(app)
        assert app.web_app.settings["kernel_websocket_connection_class"] is after


def test_lab_and_binder_write_the_course_lab_defaults():
    import inspect

    from valueloops import lab

    assert "write_lab_settings()" in inspect.getsource(lab.main)
    assert "python -m valueloops.lab --settings" in (ROOT / "postBuild").read_text()
