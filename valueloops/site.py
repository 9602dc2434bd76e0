"""The course website: ``python -m valueloops site`` (``python3 start.py site``, ``make site``).

Sphinx + myst-nb + sphinx-book-theme (pinned in ``requirements-site.txt``; all from PyPI, nothing
fetched at build time or by a page) build ``_site/`` from the committed notebooks with their stored
outputs, never re-executed. The build first stages its sources in ``build/site-src/``:

* home (``index.md``): the course map, each lesson's question and session time;
* ``notebooks/``: every lecture; each ``interact`` cell gets its chart's frame atlas
  (:mod:`valueloops.atlas`), so its sliders work on the static page without a kernel;
* ``exercises/``: every lesson's exercises, read-only, with launch links (Binder; the hub when
  :data:`valueloops.course.HUB_URL` is set) and a download link for the notebook;
* ``instructors/``: the instructor guides; ``datasets/``: the README and one page per table with
  its sources.

Links to files that are not pages of the site (solutions, the package's code) go to the
repository on GitHub; the Binder badge is vendored. The theme brings search and previous/next
links; ``course.css`` brings the course's palette and fonts (:mod:`valueloops.style`).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import nbformat

from . import atlas as atlases
from . import course as settings
from .paths import DATASETS, EXERCISES, INSTRUCTORS, NOTEBOOKS, ROOT

SITE = ROOT / "_site"
SOURCE = ROOT / "build" / "site-src"
STATIC = Path(__file__).with_name("static")
BADGE_URL = "https://mybinder.org/badge_logo.svg"
BADGE_FILE = "_static/binder-badge.svg"
ATLAS_DIR = "atlas"
SIZE_LIMIT = 60 * 2**20
"""Bytes the whole site may take (issue 25)."""

BINDER_BADGE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="109" height="20" role="img" aria-label="launch binder">'
    '<rect width="109" height="20" rx="3" fill="#555"/><rect x="64" width="45" height="20" rx="3" '
    'fill="#579aca"/><rect x="64" width="4" height="20" fill="#579aca"/><g fill="#fff" '
    'font-family="DejaVu Sans,Verdana,sans-serif" font-size="11"><text x="6" y="14">launch</text>'
    '<text x="69" y="14">binder</text></g></svg>\n')
"""The Binder badge, drawn here so that no page loads a picture from another host."""


# --------------------------------------------------------------------------------------- links
LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def github_url(path: str) -> str:
    """The repository's page for a file (what a link to a file that is not on the site opens)."""
    return f"https://github.com/{settings.REPOSITORY}/blob/{settings.HUB_BRANCH}/{path}"


def site_target(path: str, pages: set[str]) -> str | None:
    """The site's document for a repository path, or None if the site has none: a page itself,
    a table's CSV its page (``datasets/x.csv`` → ``datasets/x.md``), the README the home page."""
    if path in pages:
        return path
    stem, ext = posixpath.splitext(path)
    if ext == ".csv" and f"{stem}.md" in pages:
        return f"{stem}.md"
    if path == "README.md":
        return "index.md"
    return None


def rewrite_link(target: str, doc: str, pages: set[str]) -> str:
    """One Markdown link target in document ``doc`` (repository path) as the site needs it."""
    if target == BADGE_URL:
        return posixpath.relpath(BADGE_FILE, posixpath.dirname(doc) or ".")
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
        return target
    path, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(doc), path))
    found = site_target(resolved, pages)
    if found is None:
        return github_url(resolved) + (f"#{anchor}" if anchor else "")
    relative = posixpath.relpath(found, posixpath.dirname(doc) or ".")
    return relative + (f"#{anchor}" if anchor else "")


def rewrite_links(markdown: str, doc: str, pages: set[str]) -> str:
    """Every Markdown link of ``markdown`` rewritten by :func:`rewrite_link`."""
    return LINK.sub(lambda m: m.group(1) + rewrite_link(m.group(2), doc, pages) + m.group(3), markdown)


def markdown_cells(nb: Any, doc: str, pages: set[str]) -> Any:
    """The notebook with the links of its Markdown cells rewritten (in place; returned)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = rewrite_links(cell.source, doc, pages)
    return nb


# --------------------------------------------------------------------------------------- pages
def atlas_html(meta: dict[str, Any], summary: str, depth: int) -> str:
    """The page's placeholder for one interactive: its first picture (alt = the summary) until
    the player (``atlas-page.js``) takes over with the atlas."""
    up = "../" * depth
    src = f"{up}{ATLAS_DIR}/{meta['id']}"
    text = html.escape(summary)
    return (f'<div class="vl-atlas" data-atlas="{src}.json" data-notebook="{html.escape(meta["notebook"])}">'
            f'<p class="vl-note">On this page the sliders need no Python: each picture was drawn '
            f'by the course\'s model when the site was built.</p>'
            f'<div class="vl-first"><img src="{src}.png" alt="{text}" width="675" height="378">'
            f'<p class="vl-summary">{text}</p></div>'
            f'<noscript><p>The sliders of this chart need JavaScript; '
            f'<a href="{html.escape(meta["notebook"])}">open the live notebook</a>.</p></noscript></div>')


def with_atlases(nb: Any, placed: dict[int, str]) -> Any:
    """The lecture with each interact cell's output replaced by its atlas's HTML (by cell index)."""
    for index, markup in placed.items():
        cell = nb.cells[index]
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": markup})]
    return nb


def printed_summary(cell: Any) -> str:
    """What a chart cell printed under its picture (a static twin's summary sentence), or ""."""
    streams = [o for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stdout"]
    pictures = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    return " ".join("".join(o["text"] for o in streams).split()) if streams and pictures else ""


def caption(cell: Any) -> str:
    """An italic caption cell's first paragraph as plain text (a chart's takeaway), or ""."""
    if cell is None or cell.cell_type != "markdown" or not cell.source.startswith("*"):
        return ""
    return " ".join(cell.source.split("\n\n")[0].replace("*", "").split())


def with_alt_text(nb: Any) -> Any:
    """Each chart picture's alt text (myst-nb's cell option): the summary its cell printed, else
    the caption under it (a chart's takeaway)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            continue
        summary = printed_summary(cell) or caption(nb.cells[i + 1] if i + 1 < len(nb.cells) else None)
        if summary:
            cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = summary
    return nb


def launch_markdown(path: str, download: str) -> str:
    """The exercise page's launch line: Binder, the hub when set, and the notebook to download."""
    links = [f"[Open in Binder]({settings.binder_url(path)})"]
    if settings.HUB_URL:
        links.append(f"[Open on your hub]({settings.nbgitpuller_url(path)})")
    links.append(f'<a href="{download}" download>Download the notebook</a>')
    return ("**Read-only page.** To answer the exercises and run their checks, open the notebook: "
            + " · ".join(links))


def with_launch(nb: Any, path: str, download: str) -> Any:
    """The exercise notebook with its launch line as the second cell (after the header)."""
    cell = nbformat.v4.new_markdown_cell(launch_markdown(path, download))
    cell["id"] = "site-launch"
    nb.cells.insert(1 if nb.cells else 0, cell)
    return nb


def readme_section(readme: str, table: str) -> str:
    """A table's section of ``datasets/README.md`` (after its ``## `name``` heading)."""
    match = re.search(rf"^## `{re.escape(table)}`\s*\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    return match.group(1).strip() if match else ""


BARE_URL = re.compile(r"(?<![<(])(https?://[^\s)\]>]+?)([.,;:]?(?:\s|$))")


def autolink(text: str) -> str:
    """A source line's bare URLs as Markdown autolinks (a full stop after one stays text)."""
    return BARE_URL.sub(r"<\1>\2", text)


def table_markdown(table: str, description: str, section: str, frame: Any) -> str:
    """A dataset page: description, the README's notes, the sources, the table, the CSV."""
    sources = list(dict.fromkeys(str(s) for s in frame["source"] if str(s).strip()))
    listed = "\n".join(f"- {autolink(s)}" for s in sources)
    body = frame.to_html(index=False, border=0, classes="vl-table", na_rep="")
    return (f"# Table `{table}`\n\n{description}\n\n{{download}}`Download {table}.csv <{table}.csv>`"
            f" · [all tables](README.md)\n\n## Sources\n\n{listed}\n\n## Notes\n\n{section}\n\n"
            f"## The table ({len(frame)} rows)\n\n```{{raw}} html\n{body}\n```\n")


def home_markdown(rows: Iterable[dict[str, str]], intro: str) -> str:
    """The home page: the course map (question and session time per lesson) and the tables of
    contents the theme builds its navigation from."""
    lines = ["| # | lesson | the question it answers | session | pages |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['number']} | [{r['title']}](notebooks/{r['file']}) | {r['question']} | "
                     f"{r['minutes']} | [exercises](exercises/{r['file']}) · "
                     f"[guide](instructors/{r['stem']}.md) |")
    toc = {"Lectures": "notebooks/*", "Exercises": "exercises/*", "Instructor guides": "instructors/*",
           "Data": "datasets/*"}
    tocs = "\n".join(f"```{{toctree}}\n:caption: {caption}\n:hidden:\n:glob:\n\n{pattern}\n```\n"
                     for caption, pattern in toc.items())
    return (f"# Amazon's Value Loops\n\n{intro}\n\n## The course map\n\n" + "\n".join(lines)
            + "\n\nEvery chart with sliders works on these pages without Python: its pictures were "
            "drawn by the course's own models when the site was built. Data: "
            "[the tables and their sources](datasets/README.md). Teaching: "
            "[the instructor guides](instructors/README.md).\n\n" + tocs)


def readme_intro(readme: str) -> str:
    """The README's first paragraph after its title."""
    return readme.split("\n\n")[2].strip() if readme.count("\n\n") >= 2 else ""


def favicon_svg(inner: tuple[float, float, float], outer: tuple[float, float, float]) -> str:
    """The site's icon: the course's two loops as two rings in its first two colours."""
    a, b = ("#%02x%02x%02x" % tuple(round(255 * c) for c in rgb) for rgb in (inner, outer))
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
            f'<circle cx="11" cy="16" r="8" fill="none" stroke="{a}" stroke-width="4"/>'
            f'<circle cx="21" cy="16" r="8" fill="none" stroke="{b}" stroke-width="4"/></svg>\n')


def course_css(palette: list[tuple[float, float, float]], fonts: list[str]) -> str:
    """The site's palette (the charts' colour-blind-safe colours) and fonts as CSS."""
    hexes = ["#%02x%02x%02x" % tuple(round(255 * c) for c in rgb) for rgb in palette]
    stack = ", ".join(f'"{f}"' for f in fonts) + ", sans-serif"
    colours = "\n".join(f"  --vl-colour-{i}: {h};" for i, h in enumerate(hexes))
    return (f":root {{\n{colours}\n  --pst-color-primary: {hexes[0]};\n  --pst-color-secondary: {hexes[1]};\n"
            f"  --pst-color-link: {hexes[0]};\n  --pst-font-family-base: {stack};\n"
            f"  --pst-font-family-heading: {stack};\n}}\n"
            ".vl-atlas { margin: 0.5em 0 1.5em; }\n"
            ".vl-atlas img { max-width: 100%; height: auto; }\n"
            ".vl-control { display: flex; gap: 0.6em; align-items: center; font-weight: 600; }\n"
            ".vl-control input { flex: 0 1 280px; accent-color: var(--vl-colour-0); }\n"
            ".vl-live { margin-left: 0.3em; }\n"
            ".vl-table { font-size: 0.8em; }\n")


CONF = '''\
# Written by valueloops/site.py: the site's Sphinx configuration (edit that file, not this one).
project = "Amazon's Value Loops"
author = "The course's authors"
extensions = ["myst_nb"]
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "html_image"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "extra", "**/.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type", "misc.highlighting_failure", "myst.header"]
html_theme = "sphinx_book_theme"
html_title = "Amazon's Value Loops"
html_static_path = ["_static"]
html_extra_path = ["extra"]
html_css_files = ["course.css"]
html_js_files = [("atlas-page.js", {"type": "module"})]
mathjax_path = "mathjax/tex-svg.js"  # vendored (valueloops/static/site/vendor): no CDN
mathjax3_config = {"options": {"enableMenu": False}}
html_theme_options = {"repository_url": %(repo)r, "use_repository_button": True,
                      "show_prev_next": True, "use_download_button": False}
html_context = {"default_mode": "light"}  # the charts are drawn on white
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
'''


# --------------------------------------------------------------------------------------- staging
def lesson_rows() -> list[dict[str, str]]:
    """Each lesson's number, title, question, session time and file names (for the home page)."""
    from .navigation import lesson_question, lessons, session_minutes
    return [{"number": l.number, "title": l.title, "question": lesson_question(l),
             "minutes": session_minutes(l), "file": l.filename, "stem": l.filename[:-6]}
            for l in lessons()]


def page_set() -> set[str]:
    """The repository paths that are pages of the site (or files on it)."""
    pages = {f"notebooks/{p.name}" for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    pages |= {f"exercises/{p.name}" for p in EXERCISES.glob("[0-9][0-9]_*.ipynb")}
    pages |= {f"instructors/{p.name}" for p in INSTRUCTORS.glob("*.md")}
    pages |= {f"datasets/{p.stem}.md" for p in DATASETS.glob("*.csv")} | {"datasets/README.md", "index.md"}
    return pages


CACHE = ROOT / "build" / "site-atlas-cache"
"""Atlases of earlier builds, by fingerprint: a chart whose code did not change is not drawn again."""


def code_fingerprint(package: Path = Path(__file__).parent) -> str:
    """A hash of what a chart's pictures depend on: the package's Python files (models, charts,
    widgets, style) and the pinned versions of the drawing libraries."""
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def atlas_key(item: atlases.Interactive, code: str) -> str:
    """The cache name of one chart's atlas: its notebook cell, its calls, the code, the budget."""
    text = repr((item, atlases.GRID_BYTES, code))
    return f"{item.ident}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def _atlas_job(job: tuple[atlases.Interactive, Path]) -> tuple[atlases.Interactive, dict[str, Any], bytes]:
    item, cached = job
    if cached.with_suffix(".json").exists() and cached.with_suffix(".bin").exists():
        meta = json.loads(cached.with_suffix(".json").read_text(encoding="utf-8"))
        return item, meta, cached.with_suffix(".bin").read_bytes()
    meta, blob = atlases.build_atlas(item, settings.binder_url(f"notebooks/{item.lesson}.ipynb"))
    for old in cached.parent.glob(f"{item.ident}-*"):
        old.unlink()
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.with_suffix(".bin").write_bytes(blob)
    cached.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    return item, meta, blob


def build_atlases(items: list[atlases.Interactive], out: Path, jobs: int,
                  cache: Path = CACHE) -> dict[str, dict[int, str]]:
    """Every chart's atlas into ``out`` (``jobs`` processes; from ``cache`` when its code did not
    change); returns, per lecture, the HTML of each interact cell (by cell index)."""
    placed: dict[str, dict[int, str]] = {}
    code = code_fingerprint()
    work = [(item, cache / atlas_key(item, code)) for item in items]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(_atlas_job, work))
    else:
        results = [_atlas_job(job) for job in work]
    for item, meta, blob in results:
        atlases.write_atlas(out, meta, blob)
        png, summary = atlases.first_frame(meta, blob)
        (out / f"{meta['id']}.png").write_bytes(png)
        placed.setdefault(item.lesson, {})[item.cell] = atlas_html(meta, summary, depth=1)
    return placed


def stage_notebooks(src: Path, folder: Path, pages: set[str],
                    change: Callable[[Any, Path], Any] = lambda nb, _path: nb) -> None:
    """Copy a folder's lesson notebooks into ``src`` with their links rewritten and ``change``."""
    out = src / folder.name
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        nb = markdown_cells(nbformat.read(path, as_version=4), f"{folder.name}/{path.name}", pages)
        nbformat.write(change(nb, path), out / path.name)


def stage_markdown(src: Path, paths: Iterable[Path], pages: set[str]) -> None:
    """Copy Markdown files into ``src`` (same place under the root) with their links rewritten."""
    for path in paths:
        doc = path.relative_to(ROOT).as_posix()
        (src / doc).parent.mkdir(parents=True, exist_ok=True)
        (src / doc).write_text(rewrite_links(path.read_text(encoding="utf-8"), doc, pages), encoding="utf-8")


def stage_datasets(src: Path, pages: set[str]) -> None:
    """The datasets README and one page per table (with its CSV beside it, to download)."""
    import pandas as pd

    from .data import tables
    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    stage_markdown(src, [DATASETS / "README.md"], pages)
    for row in tables().itertuples():
        csv = DATASETS / f"{row.table}.csv"
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        section = rewrite_links(readme_section(readme, row.table), "datasets/README.md", pages)
        text = table_markdown(row.table, row.description, section, frame)
        (src / "datasets" / f"{row.table}.md").write_text(text, encoding="utf-8")
        shutil.copyfile(csv, src / "datasets" / csv.name)


def stage_static(src: Path) -> None:
    """The player, its page host, the course's CSS and the vendored Binder badge."""
    from .style import PALETTE, theme_rc
    static = src / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC / "player.js", static / "player.js")
    shutil.copyfile(STATIC / "site" / "atlas-page.js", static / "atlas-page.js")
    shutil.copytree(STATIC / "site" / "vendor" / "mathjax", static / "mathjax")
    fonts = [f for f in theme_rc().get("font.sans-serif", []) if isinstance(f, str)][:4] or ["DejaVu Sans"]
    (static / "course.css").write_text(course_css(list(PALETTE), fonts), encoding="utf-8")
    (static / "binder-badge.svg").write_text(BINDER_BADGE_SVG, encoding="utf-8")
    (static / "favicon.svg").write_text(favicon_svg(PALETTE[0], PALETTE[1]), encoding="utf-8")


def stage(src: Path = SOURCE, jobs: int = 2) -> dict[str, Any]:
    """Write the site's sources into ``src`` (emptied first); returns what was staged."""
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    pages = page_set()
    stage_static(src)
    (src / "conf.py").write_text(CONF % {"repo": f"https://github.com/{settings.REPOSITORY}"}, encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (src / "index.md").write_text(rewrite_links(home_markdown(lesson_rows(), readme_intro(readme)),
                                                "index.md", pages), encoding="utf-8")
    items = atlases.course_interactives(NOTEBOOKS)
    placed = build_atlases(items, src / "extra" / ATLAS_DIR, jobs)
    stage_notebooks(src, NOTEBOOKS, pages, lambda nb, path: with_alt_text(with_atlases(nb, placed.get(path.stem, {}))))
    downloads = src / "extra" / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)

    def exercise(nb: Any, path: Path) -> Any:
        shutil.copyfile(path, downloads / path.name)
        return with_launch(nb, f"exercises/{path.name}", f"../downloads/{path.name}")

    stage_notebooks(src, EXERCISES, pages, exercise)
    stage_markdown(src, sorted(INSTRUCTORS.glob("*.md")), pages)
    stage_datasets(src, pages)
    return {"interactives": len(items), "pages": len(pages)}


# --------------------------------------------------------------------------------------- checks
EXTERNAL_ASSET = re.compile(r"<(script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=[\"']((?:https?:)?//[^\"']+)",
                            re.I)


def external_assets(markup: str) -> list[str]:
    """URLs on other hosts that a page would load (scripts, stylesheets, pictures, frames);
    plain ``<a>`` links are not loads and not listed. A ``<link>`` of kind canonical/alternate is
    not a load either."""
    found = []
    for match in EXTERNAL_ASSET.finditer(markup):
        tag = markup[match.start():markup.find(">", match.start()) + 1]
        if match.group(1).lower() == "link" and not re.search(r"rel=[\"'](stylesheet|preload|modulepreload|icon)",
                                                              tag, re.I):
            continue
        found.append(match.group(2))
    return found


class _References(HTMLParser):
    """The URLs a page links or loads (``href`` and ``src`` of every element)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(v for k, v in attrs if k in ("href", "src") and v)


def page_references(markup: str) -> list[str]:
    """Every ``href`` and ``src`` of a page."""
    parser = _References()
    parser.feed(markup)
    return parser.urls


def local_target(page: Path, url: str, folder: Path) -> Path | None:
    """The file a relative URL of ``page`` points to (a folder: its index.html), or None for a
    URL to another host, a same-page anchor or a non-file scheme."""
    if re.match(r"^([a-z][a-z0-9+.-]*:|//|#)", url, re.I):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    target = (folder / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    return target / "index.html" if path.endswith("/") else target


def broken_links(folder: Path) -> list[str]:
    """``page -> url`` for every link or picture of the site's pages whose file is missing."""
    broken = []
    for page in sorted(folder.rglob("*.html")):
        for url in page_references(page.read_text(encoding="utf-8", errors="replace")):
            target = local_target(page, url, folder)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(folder).as_posix()} -> {url}")
    return broken


def site_size(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def check_site(folder: Path) -> list[str]:
    """What is wrong with a built site: pages loading from other hosts, broken internal links or
    pictures, a site over the size limit."""
    problems = [f"{page.relative_to(folder)} loads {url} from another host"
                for page in sorted(folder.rglob("*.html"))
                for url in external_assets(page.read_text(encoding="utf-8", errors="replace"))]
    problems += [f"broken link: {link}" for link in broken_links(folder)]
    size = site_size(folder)
    if size > SIZE_LIMIT:
        problems.append(f"the site is {size / 2**20:.1f} MB, over the {SIZE_LIMIT / 2**20:.0f} MB limit")
    return problems


# --------------------------------------------------------------------------------------- build
def sphinx_command(src: Path, work: Path, jobs: int) -> list[str]:
    """The Sphinx command line: HTML into ``work/html``, its doctrees in ``work/doctrees`` (myst-nb
    writes beside the HTML folder too), quiet, warnings shown, fresh environment."""
    return [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-j", str(jobs),
            "-d", str(work / "doctrees"), str(src), str(work / "html")]


def prune(out: Path) -> None:
    """Drop what the theme copies but no page uses (its source maps, its Jinja macro files); add
    ``.nojekyll`` (GitHub Pages would hide the ``_static`` folder)."""
    for junk in [*out.rglob("*.map"), *(out / "_static").glob("*macros.html")]:
        junk.unlink()
    (out / ".nojekyll").write_text("", encoding="utf-8")


def build(out: Path = SITE, src: Path = SOURCE, jobs: int | None = None) -> int:
    """Stage, build with Sphinx into ``out`` (emptied first), check; prints one line per step and
    the build time; returns an exit status."""
    jobs = jobs or max(1, min(2, os.cpu_count() or 1))
    started = time.monotonic()
    staged = stage(src, jobs)
    print(f"site: staged {staged['pages']} pages and {staged['interactives']} chart atlases "
          f"in {time.monotonic() - started:.0f} s", flush=True)
    work = src.parent / "site-sphinx"
    for old in (out, work):
        if old.exists():
            shutil.rmtree(old)
    status = subprocess.call(sphinx_command(src, work, jobs), cwd=ROOT)
    if status:
        print(f"site: Sphinx failed (exit {status})", flush=True)
        return status
    shutil.move(work / "html", out)
    prune(out)
    problems = check_site(out)
    for problem in problems:
        print(f"site: {problem}", flush=True)
    print(f"site: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} is "
          f"{site_size(out) / 2**20:.1f} MB, built in {time.monotonic() - started:.0f} s", flush=True)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m valueloops site [--out DIR]``."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m valueloops site", description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(SITE), help="where to build (default: _site/)")
    args = parser.parse_args(argv)
    return build(Path(args.out).resolve())


if __name__ == "__main__":
    sys.exit(main())

