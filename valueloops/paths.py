"""The course's folders and file names, in one place (every other module imports them from here).

The package lives in ``<root>/valueloops``; the course's folders are beside it, so they are found
from the package's own location whatever the working folder (a notebook's kernel runs in
``notebooks/`` or ``exercises/``, a terminal anywhere).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: the folder JupyterLab serves (``make lab``)."""

NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
DATASETS = ROOT / "datasets"
INSTRUCTORS = ROOT / "instructors"
README = ROOT / "README.md"
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
"""The notebook ``make lab`` opens (relative to :data:`ROOT`)."""

LESSON_NAME = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
"""The name of a lesson's notebook in each folder: ``NN_slug.ipynb`` (and nothing else: a backup
``NN_slug.backup-YYYYmmdd-HHMMSS.ipynb`` or a copy ``my_NN_slug.ipynb`` is not a lesson)."""
