"""Course-wide facts set in one place: the public repository and the lessons' map."""

from __future__ import annotations

from urllib.parse import urlencode

REPOSITORY = "value-loops/amazon-value-loops"
"""GitHub owner/name where the course is published; Binder and nbviewer links derive from it."""

BRANCH = "HEAD"

HUB_URL: str | None = None
"""Your JupyterHub's address (e.g. ``"https://hub.example.edu"``), or None for no hub links.

Set it and run ``make headers``: every notebook's header gets an "Open on your hub" link, an
nbgitpuller link that copies the course into the student's home on that hub (or merges the
latest version into it, keeping the student's changes) and opens the notebook.
"""

HUB_BRANCH = "main"
"""The branch nbgitpuller pulls (a real branch name: nbgitpuller does not resolve ``HEAD``)."""


def binder_url(path: str = "notebooks/00_start_here.ipynb") -> str:
    """The mybinder.org link that opens ``path`` in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{path}"

LATEST_FISCAL_YEAR = 2025
"""The latest fiscal year the course covers (Amazon's FY2025 10-K, filed February 2026). Every Amazon
table in ``datasets/`` must reach it (``tests/test_data.py`` fails otherwise): next year's update is
this one number and the rows it then demands."""


def nbgitpuller_query(path: str = "notebooks/00_start_here.ipynb", repo: str | None = None,
                      branch: str | None = None) -> str:
    """nbgitpuller's documented query (``repo``, ``branch``, ``urlpath``) that pulls the course and
    opens ``path`` in JupyterLab.

    ``repo`` defaults to the GitHub repository, ``branch`` to :data:`HUB_BRANCH`. nbgitpuller
    clones into a folder named like the last part of ``repo``, so ``urlpath`` is
    ``lab/tree/<that folder>/<path>``.
    """
    repo = repo or f"https://github.com/{REPOSITORY}"
    folder = repo.rstrip("/").split("/")[-1]
    return urlencode({"repo": repo, "branch": branch or HUB_BRANCH,
                      "urlpath": f"lab/tree/{folder}/{path}"})


def nbgitpuller_url(path: str = "notebooks/00_start_here.ipynb", hub: str | None = None,
                    repo: str | None = None, branch: str | None = None) -> str:
    """The nbgitpuller link that pulls the course into a student's home on ``hub`` (default
    :data:`HUB_URL`) and opens ``path`` in JupyterLab (see :func:`nbgitpuller_query`)."""
    hub = hub or HUB_URL
    if not hub:
        raise ValueError("no hub address: set HUB_URL in valueloops/course.py "
                         "(e.g. 'https://hub.example.edu') or pass hub=")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{nbgitpuller_query(path, repo, branch)}"
