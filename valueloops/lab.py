"""``make lab``: JupyterLab serving the repository root, with lesson 00 open.

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


def lab_command(root: Path = ROOT, extra: list[str] | None = None) -> list[str]:
    """The command line that ``make lab`` runs (tests start the same one with test options)."""
    cmd = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}",
           f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # as in a container; JupyterLab refuses root otherwise
    return cmd + list(extra or [])


def main(extra: list[str] | None = None) -> int:
    """Replace this process with JupyterLab (so Ctrl-C stops the server directly)."""
    cmd = lab_command(extra=extra)
    os.chdir(ROOT)
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover - execv does not return
