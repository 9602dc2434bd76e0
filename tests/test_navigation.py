"""Every notebook starts with its navigation header and ends with its footer, up to date."""

from pathlib import Path

import nbformat
import pytest

from valueloops import navigation
from valueloops.course import REPOSITORY
from valueloops.pipeline import EXERCISES, NOTEBOOKS, SOLUTIONS

COURSE = navigation.lessons()
PATHS = [folder / lesson.filename for folder in (NOTEBOOKS, EXERCISES, SOLUTIONS) for lesson in COURSE]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_header_and_footer_are_present_and_current(path: Path):
    nb = nbformat.read(path, as_version=4)
    lesson = next(item for item in COURSE if item.filename == path.name)
    expected_header = navigation.header_text(lesson, path.parent.name, COURSE)
    expected_footer = navigation.footer_text(lesson, path.parent.name, COURSE)
    assert nb.cells[0].source == expected_header, f"{path}: header missing or stale: run `make headers`"
    assert nb.cells[-1].source == expected_footer, f"{path}: footer missing or stale: run `make headers`"


def test_header_links_open_this_notebook_on_binder():
    lesson = COURSE[0]
    text = navigation.header_text(lesson, "notebooks", COURSE)
    assert f"/v2/gh/{REPOSITORY}/" in text and f"urlpath=lab/tree/notebooks/{lesson.filename}" in text


def test_stale_header_is_detected(tmp_path):
    lesson = COURSE[0]
    nb = navigation.with_navigation(nbformat.v4.new_notebook(), lesson, "notebooks", COURSE)
    assert nb.cells[0].source == navigation.header_text(lesson, "notebooks", COURSE)
    renamed = [navigation.Lesson(item.number, item.slug, item.title + " (old)") for item in COURSE]
    assert navigation.header_text(lesson, "notebooks", renamed) != nb.cells[0].source or len(COURSE) == 1


def test_readme_course_map_is_current():
    readme = navigation.README.read_text()
    assert navigation.course_map_markdown() in readme, "README's course map is stale: run `make headers`"
    missing = [item.filename for item in COURSE if f"notebooks/{item.filename}" not in readme]
    assert not missing, f"README's course map lacks {missing}"


@pytest.mark.parametrize("lesson", COURSE, ids=lambda lesson: lesson.filename)
def test_lecture_section_numbers_run_without_gaps(lesson):
    """Round 10: a commit dropped lecture 02's "## 6." and the lecture jumped from 5 to 7. Every
    lecture's numbered sections ("## 1. ...") run 1, 2, 3 ... in order, none missing or repeated."""
    import re

    nb = nbformat.read(NOTEBOOKS / lesson.filename, as_version=4)
    numbers = [int(n) for cell in nb.cells if cell.cell_type == "markdown"
               for n in re.findall(r"^## (\d+)\.", cell.source, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
