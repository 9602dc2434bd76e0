"""Course-wide facts set in one place: the public repository and the lessons' map."""

from __future__ import annotations

REPOSITORY = "value-loops/amazon-value-loops"
"""GitHub owner/name where the course is published; Binder and nbviewer links derive from it."""

BRANCH = "HEAD"


def binder_url(path: str = "notebooks/00_start_here.ipynb") -> str:
    """The mybinder.org link that opens ``path`` in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{path}"

LATEST_FISCAL_YEAR = 2025
"""The latest fiscal year the course covers (Amazon's FY2025 10-K, filed February 2026). Every Amazon
table in ``datasets/`` must reach it (``tests/test_data.py`` fails otherwise): next year's update is
this one number and the rows it then demands."""
