"""Authoring pipeline: generate ``exercises/`` from ``solutions/``, execute lecture notebooks.

Solutions are the single source of the exercises. Between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` a code region becomes a stub: ``name = ...`` where the region only assigns
names, else ``# YOUR CODE HERE`` + ``raise NotImplementedError``. In Markdown the region becomes
``_Write your answer here._``. Outputs, execution counts and metadata are cleared.

A student's work is never lost: ``exercises/.manifest.json`` records the hash of every file the
generator wrote. A file whose bytes no longer match that hash was changed by someone, and the
generator refuses to replace it; told to (``--force``), it first moves the changed file to a
timestamped backup beside it (``exercises/01_flywheel.backup-20261129-181500.ipynb``), which no
command treats as a lesson, and says where.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .navigation import lessons, with_navigation
from .paths import EXERCISES, LESSON_NAME, NOTEBOOKS, ROOT, SOLUTIONS

__all__ = ["EXERCISES", "NOTEBOOKS", "ROOT", "SOLUTIONS", "PipelineError", "GenerateResult",
           "generate", "execute", "exercise_text", "solution_notebooks", "strip_solution",
           "backup_path"]

MANIFEST_NAME = ".manifest.json"

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError")
MARKDOWN_STUB = "_Write your answer here._"
KEEP_CELL_METADATA = ("tags",)
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]+)?=(?!=)")
_CALL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*\(")
"""A top-level call statement (``ax.set_ylabel(...)``, ``plt.xlabel(...)``) in a solution region."""
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class PipelineError(Exception):
    """A solution notebook the generator cannot turn into an exercise; the message says where."""


def _assigned_names(lines: list[str]) -> list[str] | None:
    """The names a region assigns if it is nothing but top-level ``name = ...`` statements and
    calls (a plot exercise's ``ax.set_ylabel(...)`` after ``ax = sns.lineplot(...)``: its stub is
    ``ax = ...``, and the calls go with the solution); None if it assigns nothing."""
    names: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[:1].isspace():  # a continuation line of a multi-line assignment
            continue
        match = _ASSIGNMENT.match(line)
        if not match and _CALL.match(line):
            continue
        if not match:
            return None
        if match.group(1) not in names:
            names.append(match.group(1))
    return names or None


def strip_solution(source: str, cell_type: str, where: str = "a cell") -> str:
    """Replace every solution region of one cell's source with its stub."""
    if BEGIN not in source:
        if END in source:
            raise PipelineError(f"{where}: {END} without {BEGIN}")
        return source
    out: list[str] = []
    lines = source.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() != BEGIN:
            if line.strip() == END:
                raise PipelineError(f"{where}: {END} without {BEGIN}")
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        try:
            stop = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == END)
        except StopIteration:
            raise PipelineError(f"{where}: {BEGIN} without a matching {END}") from None
        region = [ln[len(indent):] if ln.startswith(indent) else ln for ln in lines[i + 1: stop]]
        if cell_type == "markdown":
            out.append(MARKDOWN_STUB)
        else:
            names = _assigned_names(region)
            if names:
                out.extend(f"{indent}{name} = ..." for name in names)
            else:
                out.extend(f"{indent}{stub}" for stub in CODE_STUB)
        i = stop + 1
    return "\n".join(out)


def exercise_text(solution: Path) -> str:
    """The exercise notebook generated from one solution notebook, as the exact text to write."""
    nb = nbformat.read(solution, as_version=4)
    cells = []
    for index, cell in enumerate(nb.cells):
        where = f"{solution.name}, cell {index + 1}"
        source = strip_solution(cell.source, cell.cell_type, where)
        meta = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(source, metadata=meta)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(source, metadata=meta)
        else:
            new = nbformat.v4.new_raw_cell(source, metadata=meta)
        new["id"] = f"cell-{index:03d}"
        cells.append(new)
    out = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    out.nbformat, out.nbformat_minor = 4, 5
    course = lessons()
    by_file = {lesson.filename: lesson for lesson in course}
    if solution.name in by_file:
        out = with_navigation(out, by_file[solution.name], EXERCISES.name, course)
    nbformat.validate(out)
    return nbformat.writes(out) + "\n"


def _digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class GenerateResult:
    written: list[str]
    unchanged: list[str]
    refused: list[str]
    backups: dict[str, str] = field(default_factory=dict)
    """With ``force``: each replaced changed notebook's name -> the name of its backup copy."""


def backup_path(target: Path, now: float | None = None) -> Path:
    """A free name beside ``target`` for a timestamped backup, e.g. ``01_flywheel.backup-20261129-181500.ipynb``.

    The name does not match a lesson's (``NN_slug.ipynb``), so neither the generator nor the grader
    takes it for one; the grader grades it when named.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    candidate = target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")
    n = 2
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.backup-{stamp}-{n}{target.suffix}")
        n += 1
    return candidate


def solution_notebooks(lessons: list[str] | None = None, folder: Path = SOLUTIONS) -> list[Path]:
    """The solution notebooks, optionally only those whose number or name is in ``lessons``."""
    paths = sorted(p for p in folder.glob("*.ipynb") if LESSON_NAME.match(p.name))
    if lessons:
        wanted = set(lessons)
        paths = [p for p in paths if p.name[:2] in wanted or p.stem in wanted or p.name in wanted]
        if not paths:
            raise PipelineError(f"no solution notebook matches {', '.join(lessons)} in {folder}")
    return paths


def read_manifest(path: Path) -> dict[str, str]:
    """The generator's record (file name -> hash of what it last wrote); empty if there is none.
    A damaged record is a :class:`PipelineError` saying how to recover."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError("not a table of file names and hashes")
    except (OSError, ValueError) as exc:
        raise PipelineError(f"{path.parent.name}/{path.name} is damaged ({type(exc).__name__}: "
                            f"{str(exc)[:80]}). Delete it and run again: without it no exercise "
                            f"notebook you changed is replaced (they are refused, and kept).") from None
    return data


def generate(lessons: list[str] | None = None, *, force: bool = False,
             solutions: Path = SOLUTIONS, exercises: Path = EXERCISES) -> GenerateResult:
    """Write ``exercises/NN_slug.ipynb`` for each solution notebook, never over a student's work.

    A file is replaced only if it is missing, already identical, or byte-identical to what the
    generator last wrote (recorded in the manifest); otherwise it is refused, or with ``force``
    first moved to a timestamped backup beside it (:func:`backup_path`), never deleted.
    """
    exercises.mkdir(parents=True, exist_ok=True)
    manifest_path = exercises / MANIFEST_NAME
    manifest = read_manifest(manifest_path)
    written, unchanged, refused = [], [], []
    backups: dict[str, str] = {}
    for solution in solution_notebooks(lessons, solutions):
        text = exercise_text(solution)
        target = exercises / solution.name
        if target.exists():
            current = target.read_bytes()
            if current == text.encode("utf-8"):
                unchanged.append(target.name)
                manifest[target.name] = _digest(text)
                continue
            if manifest.get(target.name) != _digest(current):
                if not force:
                    refused.append(target.name)
                    continue
                backup = backup_path(target)
                target.rename(backup)
                backups[target.name] = backup.name
        target.write_text(text, encoding="utf-8")
        manifest[target.name] = _digest(text)
        written.append(target.name)
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n")
    return GenerateResult(written, unchanged, refused, backups)


def execute(path: Path, timeout: int = 120) -> None:
    """Run a notebook top to bottom on a fresh kernel (in its folder) and save it with outputs.

    For authors: lecture notebooks are committed with their outputs (GitHub and nbviewer show the
    static charts, nbval compares them). Timing metadata and live widget views are not kept, so
    the saved file is the same on every run.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # coalesce_streams: a print can reach the client as two stream messages (a kernel flush race);
    # joined, the saved outputs are the same on every run.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for index, cell in enumerate(nb.cells):
        cell.setdefault("id", f"cell-{index:03d}")
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            # A stored widget view points at a model that exists only in the kernel that ran it:
            # opened later it shows "Error displaying widget", and its random id churns the file.
            # The static twin above each live cell is what a reader without a kernel sees.
            cell.outputs = [o for o in cell.outputs
                            if WIDGET_VIEW not in o.get("data", {})]
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, path)
