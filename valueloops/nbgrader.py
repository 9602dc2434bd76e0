"""Export the course as an nbgrader source folder: ``python -m valueloops nbgrader-export OUT``.

Writes ``OUT/source/NN_slug/NN_slug.ipynb`` for every lesson (from ``solutions/``) and
``OUT/nbgrader_config.py``. Each cell gets nbgrader's cell metadata (schema version 3):

* a cell with ``### BEGIN SOLUTION`` / ``### END SOLUTION`` (the course's markers are nbgrader's) is
  a solution cell: nbgrader's ``generate_assignment`` replaces the region with its stub; a Markdown
  one (a written answer) is a manually graded answer worth :data:`WRITTEN_POINTS`;
* a check cell ``check("NN.k", answer)`` is an autograded test cell worth :data:`POINTS` point(s),
  calling the same check as the course; a locked setup cell first sets ``VALUELOOPS_STRICT=1``, so a
  failed check raises and nbgrader gives the cell 0;
* every other cell is locked (read-only; nbgrader restores it from the source when it autogrades).

nbgrader runs the checks in the student's kernel: its scores are the course's in-notebook checks,
not the trusted checks of ``grade-class`` (see instructors/README.md).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .checks import check_calls
from .pipeline import BEGIN, solution_notebooks

SCHEMA_VERSION = 3
POINTS = 1
WRITTEN_POINTS = 0
"""A written answer (Markdown between the solution markers) is a manually graded answer cell, as
nbgrader requires, worth 0 points: the course checks the choice, the text is for feedback. Give it
points in the source notebook to grade it in nbgrader's formgrader."""
SETUP_SOURCE = ('import os\n'
                'os.environ["VALUELOOPS_STRICT"] = "1"  # nbgrader: a failed check raises, so its test cell scores 0')

CONFIG = '''"""nbgrader's configuration for Amazon's Value Loops (written by python -m valueloops nbgrader-export)."""
c = get_config()  # noqa: F821 - nbgrader provides it
c.CourseDirectory.course_id = "valueloops"
c.CourseDirectory.root = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
# A cell that runs longer than this (s) is stopped and its test scores 0.
c.ExecutePreprocessor.timeout = 60
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "_Write your answer here._"
'''


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
          points: float = POINTS) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA_VERSION,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def source_notebook(solution: Path) -> nbformat.NotebookNode:
    """One lesson's solution notebook with nbgrader's cell metadata and the strict setup cell."""
    nb = nbformat.read(solution, as_version=4)
    lesson = solution.name[:2]
    cells = [nbformat.v4.new_code_cell(SETUP_SOURCE, metadata={"nbgrader": _meta(f"setup-{lesson}", locked=True)})]
    cells[0]["id"] = f"setup-{lesson}"
    for index, cell in enumerate(nb.cells):
        cell = nbformat.from_dict(dict(cell))
        cell.metadata = {k: v for k, v in cell.metadata.items() if k == "tags"}
        found = check_calls(cell.source) if cell.cell_type == "code" else []
        if found:
            meta = _meta(f"check-{found[0][0].replace('.', '-')}", grade=True, locked=True)
        elif BEGIN in cell.source and cell.cell_type == "markdown":  # nbgrader: a manually graded answer
            meta = _meta(f"written-{lesson}-{index:03d}", solution=True, grade=True, points=WRITTEN_POINTS)
        elif BEGIN in cell.source:
            meta = _meta(f"answer-{lesson}-{index:03d}", solution=True)
        else:
            meta = _meta(f"cell-{lesson}-{index:03d}", locked=True)
        cell.metadata["nbgrader"] = meta
        cell["id"] = meta["grade_id"]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    nb.cells = cells
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


MANIFEST = ".valueloops-export.json"
"""In the nbgrader folder: the SHA-256 of every file the export wrote, so a later export replaces
only files nobody has edited since."""


@dataclass
class Export:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # edited since the last export: not replaced


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(out: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {k: list(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError, TypeError):
        return {}


def export(out: Path, lessons: list[str] | None = None, *, force: bool = False) -> Export:
    """Write ``out/source/NN_slug/NN_slug.ipynb`` per lesson and ``out/nbgrader_config.py``.

    A file that is already there is replaced only if it is what an earlier export wrote (its hash
    is in :data:`MANIFEST`): an instructor's edits (points on a written answer, a line in
    ``nbgrader_config.py``) are kept, and listed; ``force`` replaces them after copying each to
    ``NAME.backup-YYYYmmdd-HHMMSS``.
    """
    manifest = _read_manifest(out)
    files = [(out / "source" / s.stem / s.name, nbformat.writes(source_notebook(s)).rstrip("\n") + "\n")
             for s in solution_notebooks(lessons)]
    files.append((out / "nbgrader_config.py", CONFIG))
    result = Export()
    for path, text in files:
        data = text.encode("utf-8")
        key = path.relative_to(out).as_posix()
        if path.exists():
            current = _sha(path.read_bytes())
            if current == _sha(data):
                result.unchanged.append(path)
                manifest.setdefault(key, []).append(current)
                continue
            if current not in manifest.get(key, []):
                if not force:
                    result.kept.append(path)
                    continue
                stamp = time.strftime("%Y%m%d-%H%M%S")
                shutil.copy2(path, path.with_name(f"{path.name}.backup-{stamp}"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        manifest[key] = sorted(set(manifest.get(key, [])) | {_sha(data)})
        result.written.append(path)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return result


def main(out: Path, force: bool = False) -> int:
    """The command: 0 when everything was written, 1 when edited files were kept (not replaced)."""
    try:
        result = export(out, force=force)
    except OSError as exc:
        print(f"✘ {out}: cannot be written ({exc.strerror or exc}). Choose a folder you can write to.")
        return 2
    for path in result.written:
        print(f"wrote      {path}")
    for path in result.kept:
        print(f"✘ kept     {path}: it was edited after the last export (yours?), so it was not "
              f"replaced. To replace it (yours is first copied to {path.name}.backup-<time>): "
              f"python -m valueloops nbgrader-export {out} --force")
    print(f"{len(result.written)} written, {len(result.unchanged)} unchanged, {len(result.kept)} kept as edited")
    print(f"Next, in {out}: nbgrader generate_assignment NN_slug, then release, collect and "
          f"nbgrader autograde NN_slug (see instructors/README.md, 'Running the course with nbgrader').")
    return 1 if result.kept else 0
