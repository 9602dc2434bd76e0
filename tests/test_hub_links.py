"""nbgitpuller links ("Open on your hub"): nbgitpuller's documented query, decoded back; headers
carry them only when a hub address is set, so by default no notebook changes."""

from urllib.parse import parse_qs, urlsplit

import pytest

from valueloops import course, navigation

COURSE = navigation.lessons()


def decode(link: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(link)
    query = {k: v[0] for k, v in parse_qs(parts.query, strict_parsing=True).items()}
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query


def test_link_decodes_to_repo_branch_and_the_notebook_inside_the_clone():
    link = course.nbgitpuller_url("exercises/03_value_capture.ipynb", hub="https://hub.example.edu/")
    where, query = decode(link)
    assert where == "https://hub.example.edu/hub/user-redirect/git-pull"
    assert query == {"repo": f"https://github.com/{course.REPOSITORY}", "branch": course.HUB_BRANCH,
                     "urlpath": "lab/tree/amazon-value-loops/exercises/03_value_capture.ipynb"}


def test_urlpath_follows_nbgitpuller_clone_folder_for_any_repository():
    # nbgitpuller clones into the last segment of the repo URL (its default targetpath).
    _, query = decode(course.nbgitpuller_url("notebooks/00_start_here.ipynb", hub="http://127.0.0.1:8000",
                                             repo="file:///srv/git/course-copy/", branch="fall"))
    assert query["urlpath"] == "lab/tree/course-copy/notebooks/00_start_here.ipynb"
    assert query["branch"] == "fall" and query["repo"] == "file:///srv/git/course-copy/"


def test_no_hub_address_means_a_clear_error_and_unchanged_headers(monkeypatch):
    monkeypatch.setattr(course, "HUB_URL", None)
    with pytest.raises(ValueError, match="HUB_URL"):
        course.nbgitpuller_url()
    assert "Open on your hub" not in navigation.header_text(COURSE[0], "notebooks", COURSE)


def test_headers_get_an_open_on_your_hub_link_when_the_address_is_set(monkeypatch):
    monkeypatch.setattr(course, "HUB_URL", "https://hub.example.edu")
    lesson = COURSE[1]
    for folder in ("notebooks", "exercises", "solutions"):
        header = navigation.header_text(lesson, folder, COURSE)
        binder_at = header.index("mybinder.org/badge_logo.svg")
        label = "[Open on your hub]("
        assert label in header and header.index(label) > binder_at, header
        link = header[header.index(label) + len(label):].split(")", 1)[0]
        where, query = decode(link)
        assert where == "https://hub.example.edu/hub/user-redirect/git-pull"
        assert query["urlpath"] == f"lab/tree/amazon-value-loops/{folder}/{lesson.filename}"
