"""The website's builder (valueloops.site) and frame atlases (valueloops.atlas), without a browser.

Each check is shown to fail on what it must catch: a broken link, a script from a CDN, a site over
its size limit. The atlas's pictures are the widget's own bytes.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import nbformat
import pytest

from valueloops import atlas, site
from valueloops.charts.cloud import PoolingChart
from valueloops.paths import NOTEBOOKS
from valueloops.widgets import frame_key, grid_index


def notebook(*sources: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


# --- finding the interactives -----------------------------------------------------------------
def test_an_interact_cell_is_found_with_what_ran_before_it():
    nb = notebook("from valueloops.charts.cloud import PoolingChart\n\npool = PoolingChart()\npool.show(n=5)",
                  "x = 1", "pool.interact(n=10, rho=0.0)")
    [found] = atlas.find_interactives(nb, "06_pooling")
    assert (found.module, found.cls, found.cell, found.ident) == ("valueloops.charts.cloud", "PoolingChart", 2,
                                                                  "06_pooling-c2")
    assert found.calls == (("show", (("n", 5),)), ("interact", (("n", 10), ("rho", 0.0))))
    assert found.start == {"n": 10, "rho": 0.0}


def test_cells_that_are_not_interactives_are_left_alone():
    nb = notebook("from valueloops.charts.cloud import PoolingChart\npool = PoolingChart()",
                  "pool.interact(n=int('3'))",  # not a literal: not pre-drawable
                  "%matplotlib inline", "other.interact(n=1)", "from math import sqrt\ns = sqrt(2)")
    assert atlas.find_interactives(nb, "x") == []


def test_every_lecture_interactive_is_found():
    found = atlas.course_interactives(NOTEBOOKS)
    texts = [p.read_text(encoding="utf-8").count(".interact(") for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]
    assert len(found) == sum(texts) > 10


# --- the settings and the pictures ------------------------------------------------------------
def test_lines_cover_each_slider_and_grids_respect_the_budget():
    controls = PoolingChart.controls
    start = tuple(grid_index(c, c.value) for c in controls)
    lines = atlas.atlas_settings(controls, start)
    assert lines[0] == start and len(set(lines)) == len(lines)
    assert len(lines) == sum(grid_index(c, c.max) for c in controls) + 1
    two = controls[:2]
    n = (grid_index(two[0], two[0].max) + 1) * (grid_index(two[1], two[1].max) + 1)
    assert len(atlas.grid_settings(two, frame_bytes=1000, budget=n * 1000)) == n
    assert atlas.grid_settings(two, frame_bytes=1000, budget=n * 1000 - 1) == []
    assert atlas.grid_settings(controls, frame_bytes=1, budget=10**9) == []  # three sliders: lines only


def test_atlas_pictures_are_the_widgets_own_bytes():
    item = next(i for i in atlas.course_interactives(NOTEBOOKS) if i.cls == "LoopGainChart")
    meta, blob = atlas.build_atlas(item, "https://example.org/live")
    widget = atlas.make_chart(item)
    atlas.replay(widget, item)  # what the kernel drew when the notebook ran
    control = widget.controls[0]
    for k in (0, grid_index(control, control.max), 7):
        png, text = widget.render(**{control.name: control.min + k * control.step})
        offset, length, summary, message = meta["frames"][frame_key([k])]
        assert blob[offset:offset + length] == png and summary == text and message == ""
    png, summary = atlas.first_frame(meta, blob)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and summary
    assert meta["notebook"] == "https://example.org/live" and meta["controls"][0]["label"]


def test_a_setting_without_an_answer_keeps_its_message():
    index, blob = atlas.pack([("0", b"png!", "a sentence"), ("1", None, "the model has no answer here")])
    assert index == {"0": [0, 4, "a sentence", ""], "1": [0, 0, "", "the model has no answer here"]}
    assert blob == b"png!"


# --- links, assets, size ----------------------------------------------------------------------
PAGES = {"notebooks/06_pooling.ipynb", "exercises/06_pooling.ipynb", "datasets/cloud_share.md",
         "datasets/README.md", "index.md"}


@pytest.mark.parametrize(("target", "expected"), [
    ("../exercises/06_pooling.ipynb", "../exercises/06_pooling.ipynb"),
    ("06_pooling.ipynb#the-story", "06_pooling.ipynb#the-story"),
    ("../datasets/cloud_share.csv", "../datasets/cloud_share.md"),
    ("../README.md", "../index.md"),
    ("../solutions/06_pooling.ipynb",
     "https://github.com/value-loops/amazon-value-loops/blob/main/solutions/06_pooling.ipynb"),
    ("https://example.org/x", "https://example.org/x"),
    ("#local", "#local"),
    ("https://mybinder.org/badge_logo.svg", "../_static/binder-badge.svg"),
])
def test_links_point_into_the_site_or_to_the_repository(target, expected):
    assert site.rewrite_link(target, "notebooks/06_pooling.ipynb", PAGES) == expected


def test_markdown_links_are_rewritten_in_place():
    text = "See [the solution](../solutions/01_flywheel.ipynb) and [exercises](../exercises/06_pooling.ipynb)."
    out = site.rewrite_links(text, "notebooks/06_pooling.ipynb", PAGES)
    assert "](https://github.com/" in out and "](../exercises/06_pooling.ipynb)" in out


def test_a_script_or_stylesheet_from_another_host_is_caught():
    page = ('<script src="https://cdn.example.com/x.js"></script><link rel="stylesheet" href="//cdn.x/y.css">'
            '<img src="http://pic.example/a.png"><link rel="canonical" href="https://site/x.html">'
            '<a href="https://github.com/">a link is not a load</a><script src="_static/ok.js"></script>')
    assert site.external_assets(page) == ["https://cdn.example.com/x.js", "//cdn.x/y.css", "http://pic.example/a.png"]


def test_a_broken_link_or_missing_picture_is_caught(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "ok.png").write_bytes(b"x")
    (tmp_path / "index.html").write_text('<a href="sub/page.html#top">fine</a> <img src="ok.png"> '
                                         '<a href="sub/">folder</a> <a href="https://x.org/">away</a>')
    (tmp_path / "sub" / "page.html").write_text('<a href="../index.html">up</a>')
    (tmp_path / "sub" / "index.html").write_text("")
    assert site.broken_links(tmp_path) == []
    (tmp_path / "sub" / "page.html").write_text('<a href="../gone.html">x</a><img src="../missing.png">')
    assert site.broken_links(tmp_path) == ["sub/page.html -> ../gone.html", "sub/page.html -> ../missing.png"]
    assert site.check_site(tmp_path) == ["broken link: sub/page.html -> ../gone.html",
                                         "broken link: sub/page.html -> ../missing.png"]


def test_a_site_over_its_size_limit_is_caught(tmp_path, monkeypatch):
    (tmp_path / "big.bin").write_bytes(b"0" * 2048)
    monkeypatch.setattr(site, "SIZE_LIMIT", 1024)
    assert site.check_site(tmp_path) == ["the site is 0.0 MB, over the 0 MB limit"]


# --- pages ------------------------------------------------------------------------------------
def test_an_exercise_page_has_its_launch_and_download_links(monkeypatch):
    monkeypatch.setattr(site.settings, "HUB_URL", None)
    line = site.launch_markdown("exercises/06_pooling.ipynb", "../downloads/06_pooling.ipynb")
    assert "mybinder.org" in line and "hub" not in line and 'href="../downloads/06_pooling.ipynb" download' in line
    monkeypatch.setattr(site.settings, "HUB_URL", "https://hub.example.edu")
    assert "https://hub.example.edu/hub/user-redirect/git-pull?" in site.launch_markdown("exercises/x.ipynb", "d")


def test_the_interact_cell_shows_the_atlas_with_its_summary_as_alt_text():
    meta = {"id": "06_pooling-c23", "notebook": "https://mybinder.org/x"}
    markup = site.atlas_html(meta, 'n = 10: "pooled" < alone', depth=1)
    assert 'data-atlas="../atlas/06_pooling-c23.json"' in markup
    assert 'alt="n = 10: &quot;pooled&quot; &lt; alone"' in markup
    nb = site.with_atlases(notebook("a", "pool.interact()"), {1: markup})
    assert nb.cells[1].outputs[0]["data"]["text/html"] == markup and nb.cells[0].outputs == []


def test_a_dataset_page_lists_its_sources_once():
    import pandas as pd
    frame = pd.DataFrame({"year": ["2024", "2025"], "source": ["10-K 2024, p. 66", "10-K 2024, p. 66"]})
    text = site.table_markdown("t", "A table.", "Notes here.", frame)
    assert text.count("- 10-K 2024, p. 66") == 1 and "{download}`Download t.csv <t.csv>`" in text


def test_the_readme_section_of_a_table():
    readme = "# T\n\n## `a`\n\nabout a\n\n### detail\n\nmore a\n\n## `b`\n\nabout b\n"
    assert site.readme_section(readme, "a") == "about a\n\n### detail\n\nmore a"
    assert site.readme_section(readme, "c") == ""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_page_reads_frames_from_the_atlas_and_says_when_a_setting_is_not_in_it(tmp_path):
    shutil.copyfile(site.STATIC / "player.js", tmp_path / "player.js")
    shutil.copyfile(site.STATIC / "site" / "atlas-page.js", tmp_path / "atlas-page.js")
    meta = {"controls": [], "notebook": "https://mybinder.org/live",
            "frames": {"0": [2, 3, "a sentence", ""], "1": [0, 0, "", "no answer here"]}}
    script = (f"import('{(tmp_path / 'atlas-page.js').as_uri()}').then(async (m) => {{"
              f"const a = m.atlasSource({json.dumps(meta)}, Promise.resolve(new Uint8Array([9,9,1,2,3]).buffer));"
              f"const f0 = await a.frame('0'), f1 = await a.frame('1'), f2 = await a.frame('5');"
              f"console.log(JSON.stringify({{png: [...new Uint8Array(f0.png)], s: f0.summary, m1: f1.message,"
              f"p1: f1.png, m2: f2.message, link: f2.link, png2: f2.png || null}})); }})")
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True,
                         timeout=30, check=True).stdout
    got = json.loads(out)
    assert got["png"] == [1, 2, 3] and got["s"] == "a sentence"
    assert got["m1"] == "no answer here" and got["p1"] is None
    assert "needs the live notebook" in got["m2"] and got["png2"] is None
    assert got["link"] == {"href": "https://mybinder.org/live", "text": "open the live notebook"}


def test_site_requirements_are_exact_pins_not_pinned_elsewhere():
    def pins(name):
        lines = [ln.split("#")[0].strip() for ln in (site.ROOT / name).read_text().splitlines()]
        return {ln.split("==")[0].lower(): ln for ln in lines if ln and not ln.startswith("-r ")}

    ours = pins("requirements-site.txt")
    assert {"sphinx", "myst-nb", "sphinx-book-theme"} <= set(ours)
    assert all("==" in ln for ln in ours.values()), ours
    assert not set(ours) & (set(pins("requirements.txt")) | set(pins("requirements-dev.txt"))), "pinned twice"


def test_bare_urls_of_a_source_become_links():
    assert site.autolink("as quoted: https://x.org/a-b. Then https://y.org/c") == \
        "as quoted: <https://x.org/a-b>. Then <https://y.org/c>"
    assert site.autolink("see <https://x.org/> and [t](https://y.org/)") == "see <https://x.org/> and [t](https://y.org/)"


def test_a_chart_picture_gets_the_summary_its_cell_printed_as_alt_text():
    chart = nbformat.v4.new_code_cell("pool.show(n=10)", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"}),
        nbformat.v4.new_output("stream", name="stdout", text="n = 10: the pool\nneeds 11.5 servers.\n")])
    text_only = nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                                      text="1\n")])
    figure = nbformat.v4.new_code_cell("plot()", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})])
    under = nbformat.v4.new_markdown_cell("*Net sales by year. Takeaway:\nit grew.*\n\nMore text.")
    nb = site.with_alt_text(nbformat.v4.new_notebook(cells=[chart, text_only, figure, under]))
    assert nb.cells[0].metadata["mystnb"]["image"]["alt"] == "n = 10: the pool needs 11.5 servers."
    assert "mystnb" not in nb.cells[1].metadata
    assert nb.cells[2].metadata["mystnb"]["image"]["alt"] == "Net sales by year. Takeaway: it grew."
