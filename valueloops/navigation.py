"""Navigation cells: a header and a footer on every lecture, exercise and solution notebook.

The header names the course and the lesson, links the previous and next lesson in the same folder,
and carries a Binder link that opens that very notebook in JupyterLab; the footer repeats the way
on. Both are written from :data:`valueloops.course.REPOSITORY` by ``python -m valueloops headers``
(``make headers``); the generator writes the exercise notebooks' own. A test fails when one is
missing or stale. When :data:`valueloops.course.HUB_URL` is set, the header also carries an
"Open on your hub" nbgitpuller link to the same notebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import course as settings
from .course import binder_url
from .paths import EXERCISES, INSTRUCTORS, LESSON_NAME, NOTEBOOKS, README, SOLUTIONS

HEADER_MARK = "<!-- valueloops:header -->"
FOOTER_MARK = "<!-- valueloops:footer -->"
COURSE_TITLE = "Amazon's Value Loops"
ROLES = {NOTEBOOKS.name: "lecture", EXERCISES.name: "exercises", SOLUTIONS.name: "solutions"}


@dataclass(frozen=True)
class Lesson:
    number: str
    slug: str
    title: str

    @property
    def filename(self) -> str:
        return f"{self.number}_{self.slug}.ipynb"


def lesson_title(path: Path) -> str:
    """The title from a lecture's first heading ``# Lesson NN · Title``."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        match = re.search(r"^# Lesson \d\d · (.+)$", cell.source, re.M)
        if cell.cell_type == "markdown" and match:
            return match.group(1).strip()
    raise ValueError(f"{path}: no '# Lesson NN · Title' heading")


def lessons(folder: Path = NOTEBOOKS) -> list[Lesson]:
    """The course's lessons in order, read from the lecture notebooks."""
    paths = sorted(p for p in folder.glob("*.ipynb") if LESSON_NAME.match(p.name))
    return [Lesson(p.name[:2], p.stem[3:], lesson_title(p)) for p in paths]


def _neighbours(lesson: Lesson, course: list[Lesson]) -> tuple[Lesson | None, Lesson | None]:
    names = [item.filename for item in course]
    i = names.index(lesson.filename)
    return (course[i - 1] if i > 0 else None), (course[i + 1] if i + 1 < len(course) else None)


def header_text(lesson: Lesson, folder: str, course: list[Lesson]) -> str:
    """The Markdown of the header cell for ``lesson`` in ``folder`` (notebooks, exercises, solutions)."""
    prev, nxt = _neighbours(lesson, course)
    links = []
    if prev:
        links.append(f"[← {prev.number} {prev.title}]({prev.filename})")
    links.append(f"[{ROLES[folder]} {lesson.number}]({lesson.filename})")
    if nxt:
        links.append(f"[{nxt.number} {nxt.title} →]({nxt.filename})")
    other = " · ".join(f"[{role}](../{name}/{lesson.filename})" for name, role in ROLES.items()
                       if name != folder and name != SOLUTIONS.name)
    badge = (f"[![Open in Binder](https://mybinder.org/badge_logo.svg)]"
             f"({binder_url(f'{folder}/{lesson.filename}')})")
    if settings.HUB_URL:  # an instructor's own JupyterHub (valueloops/course.py); none by default
        badge += f" [Open on your hub]({settings.nbgitpuller_url(f'{folder}/{lesson.filename}')})"
    return (f"{HEADER_MARK}\n**{COURSE_TITLE}** · Lesson {lesson.number} ({ROLES[folder]}) · "
            f"{' · '.join(links)}  \n{badge} Also: {other}")


def footer_text(lesson: Lesson, folder: str, course: list[Lesson]) -> str:
    """The Markdown of the footer cell: where to go next."""
    _, nxt = _neighbours(lesson, course)
    if not nxt:
        way_on = "This is the last lesson."
    elif folder == NOTEBOOKS.name:
        way_on = f"Next: [{nxt.number} {nxt.title} →]({nxt.filename})"
    else:  # a link beside an exercise goes to the next lesson's exercises: say so, and where its lecture is
        way_on = (f"Next {ROLES[folder]}: [{nxt.number} {nxt.title} →]({nxt.filename}) "
                  f"(read its lecture first: [notebooks/{nxt.filename}](../notebooks/{nxt.filename}))")
    exercises = ("" if folder == EXERCISES.name else
                 f" · Your exercises: [exercises/{lesson.filename}](../exercises/{lesson.filename})")
    return f"{FOOTER_MARK}\n---\n*{COURSE_TITLE}* · {way_on}{exercises}"


def with_navigation(nb: nbformat.NotebookNode, lesson: Lesson, folder: str,
                    course: list[Lesson]) -> nbformat.NotebookNode:
    """The notebook with its header first and footer last (old ones replaced, none duplicated)."""
    cells = [c for c in nb.cells
             if not (c.cell_type == "markdown" and (c.source.startswith(HEADER_MARK)
                                                    or c.source.startswith(FOOTER_MARK)))]
    header = nbformat.v4.new_markdown_cell(header_text(lesson, folder, course))
    header["id"] = "nav-header"
    footer = nbformat.v4.new_markdown_cell(footer_text(lesson, folder, course))
    footer["id"] = "nav-footer"
    nb.cells = [header, *cells, footer]
    return nb


def write_navigation(folders: tuple[Path, ...] = (NOTEBOOKS, SOLUTIONS)) -> list[Path]:
    """Rewrite the navigation cells of every lecture and solution notebook; return those changed.

    Exercises get theirs from the generator, which reads the solutions.
    """
    course = lessons()
    by_file = {item.filename: item for item in course}
    changed = []
    for folder in folders:
        for path in sorted(folder.glob("*.ipynb")):
            if path.name not in by_file:
                continue
            before = path.read_text(encoding="utf-8")
            nb = with_navigation(nbformat.read(path, as_version=4), by_file[path.name], folder.name, course)
            after = nbformat.writes(nb) + "\n"
            if after != before:
                path.write_text(after, encoding="utf-8")
                changed.append(path)
    return changed


MAP_START = "<!-- course-map:start -->"
MAP_END = "<!-- course-map:end -->"


def lesson_question(lesson: Lesson) -> str:
    """The lecture's one-line question (its ``**The question.**`` paragraph)."""
    nb = nbformat.read(NOTEBOOKS / lesson.filename, as_version=4)
    for cell in nb.cells:
        match = re.search(r"\*\*The question\.\*\*\s*(.+?)(?:\n\n|$)", cell.source, re.S)
        if cell.cell_type == "markdown" and match:
            return " ".join(match.group(1).split())
    raise ValueError(f"{lesson.filename}: no '**The question.**' paragraph")


def session_minutes(lesson: Lesson) -> str:
    """The session length from the instructor note's ``## Timing (NN minutes ...)`` heading."""
    note = INSTRUCTORS / f"{lesson.number}_{lesson.slug}.md"
    if note.exists():
        match = re.search(r"^## Timing \([^)\d]*(\d+)(?:[–-](\d+))?[ -]minutes?", note.read_text(), re.M)
        if match:
            return f"{match.group(1)}–{match.group(2)} min" if match.group(2) else f"{match.group(1)} min"
    return "self-paced"


def course_map_markdown(course: list[Lesson] | None = None) -> str:
    """The README's table of lessons: number, title, question, duration and launch links."""
    course = lessons() if course is None else course
    rows = ["| # | lesson | the question it answers | session | open |", "|---|---|---|---|---|"]
    for lesson in course:
        path = f"notebooks/{lesson.filename}"
        rows.append(f"| {lesson.number} | [{lesson.title}]({path}) | {lesson_question(lesson)} | "
                    f"{session_minutes(lesson)} | [Binder]({binder_url(path)}) · "
                    f"[exercises](exercises/{lesson.filename}) |")
    return "\n".join(rows)


def write_readme_map() -> bool:
    """Rewrite the course map between the README's markers; True if it changed."""
    text = README.read_text(encoding="utf-8")
    start, end = text.index(MAP_START) + len(MAP_START), text.index(MAP_END)
    new = text[:start] + "\n" + course_map_markdown() + "\n" + text[end:]
    if new != text:
        README.write_text(new, encoding="utf-8")
    return new != text
