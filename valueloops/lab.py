"""``python3 start.py lab`` (``py start.py lab`` on Windows, ``make lab``): JupyterLab serving the repository root, with lesson 00 open.

The root (not ``notebooks/``) is served so that every relative link works: the footers'
``../exercises/NN_slug.ipynb``, the README's ``datasets/README.md``, lesson 00's pointer to
``exercises/00_start_here.ipynb``. jupyter-server reads ``JUPYTER_PORT`` and ``JUPYTER_TOKEN``
from the environment, so they keep working; ``--allow-root`` is added only when run as root.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .paths import ROOT, START_NOTEBOOK

QUIET_SETTINGS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                                  "checkForUpdates": False}}
"""JupyterLab defaults for the course: no pop-up asking to fetch Jupyter's news, no update check
(a student's first screen is the lesson, and a classroom machine may have no internet)."""


def write_lab_settings(prefix: str | Path = sys.prefix) -> Path:
    """Write :data:`QUIET_SETTINGS` as a defaults file of the JupyterLab installed under ``prefix``
    (``share/jupyter/lab/settings/overrides.d/valueloops.json``: defaults, which a user's own
    settings still override), and the course's Jupyter Server configuration
    (``etc/jupyter/jupyter_server_config.d/valueloops.json``: kernel messages sent at once,
    :mod:`valueloops.kernelsocket`); return the first path. Each rewritten only when its content
    differs."""
    import json

    from .kernelsocket import SERVER_CONFIG

    base = Path(prefix)
    settings = base / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "valueloops.json"
    server = base / "etc" / "jupyter" / "jupyter_server_config.d" / "valueloops.json"
    for path, data in ((settings, QUIET_SETTINGS), (server, SERVER_CONFIG)):
        text = json.dumps(data, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return settings


def lab_command(root: Path = ROOT, extra: list[str] | None = None) -> list[str]:
    """The command line that ``start.py lab`` runs (tests start the same one with test options)."""
    cmd = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}",
           f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # as in a container; JupyterLab refuses root otherwise
    return cmd + list(extra or [])


def main(extra: list[str] | None = None) -> int:
    """Run JupyterLab in place of this process (so Ctrl-C stops the server directly).

    POSIX replaces the process with :func:`lab_command` (``os.execv``). Windows has no such call
    (its ``execv`` starts a second process and leaves the console to both), so there JupyterLab
    runs inside this process with the same arguments.
    """
    cmd = lab_command(extra=extra)
    write_lab_settings()
    os.chdir(ROOT)
    if os.name == "nt":
        from jupyterlab.labapp import main as jupyter_lab
        sys.argv = ["jupyter-lab", *cmd[cmd.index("lab") + 1:]]
        return jupyter_lab() or 0
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover - execv does not return


def start_server(root: Path, env: dict[str, str], log_path: Path, extra: list[str] | None = None,
                 timeout: float = 90):
    """Start :func:`lab_command` on ``root`` (port and token from ``env``'s JUPYTER_PORT and
    JUPYTER_TOKEN, as a user would set them) and wait until it answers; for tests.

    Returns the process (in its own process group) and the base URL. Raises ``RuntimeError`` with
    the server's log if it exits or does not answer within ``timeout`` seconds.
    """
    import subprocess
    import time
    import urllib.error
    import urllib.request

    port, token = env["JUPYTER_PORT"], env["JUPYTER_TOKEN"]
    write_lab_settings()  # as main() does: the course's JupyterLab defaults
    cmd = lab_command(root=root, extra=["--no-browser", "--ip=127.0.0.1", "--ServerApp.port_retries=0",
                                        *(extra or [])])
    log = open(log_path, "wb")  # noqa: SIM115 - the server writes to it until it stops
    process = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            return process, base
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n"
                                   f"{log_path.read_text()[-3000:]}") from None
            time.sleep(0.3)


if __name__ == "__main__":  # Binder's postBuild: python -m valueloops.lab --settings
    if sys.argv[1:] != ["--settings"]:
        sys.exit("usage: python -m valueloops.lab --settings  (writes the course's JupyterLab defaults and server configuration)")
    print(write_lab_settings())
