"""Course-wide facts set in one place: the public repository and the lessons' map."""

from __future__ import annotations

REPOSITORY = "value-loops/amazon-value-loops"
"""GitHub owner/name where the course is published; Binder and nbviewer links derive from it."""

BRANCH = "HEAD"


def binder_url(path: str = "notebooks/00_start_here.ipynb") -> str:
    """The mybinder.org link that opens ``path`` in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{path}"
