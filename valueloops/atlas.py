"""Frame atlases: every lecture's interactive charts drawn ahead, for the website's static pages.

A lecture's interactive is a cell ``name.interact(...)`` on a chart built earlier in the notebook
(``from valueloops.charts.M import C`` and ``name = C(...)``, all arguments literals). The
interactives are read from the committed notebooks' code (:func:`find_interactives`), never run.

An atlas holds, for one chart, the pictures :meth:`ModelChart.render` draws (the very bytes the
frame-cache widget shows) for each slider over its whole range at its step with the others at the
cell's start values and, for a two-slider chart whose grid fits :data:`GRID_BUDGET`, every pair.
It is two files: ``<id>.json`` (the controls and, per setting key, where its PNG lies in the
binary file and its summary, or the model's one-line message) and ``<id>.bin`` (the PNGs one after
another). The page's player (``static/player.js``, ``mountAtlas``) reads them after first paint.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from .widgets import ModelChart, Slider, frame_key, grid_index, grid_value

CHARTS_PACKAGE = "valueloops.charts"

GRID_BYTES = 8 * 2**20
"""Bytes a two-slider chart's full grid may take (estimated from its lines' frames); a chart whose
grid would take more keeps its lines only (the site's whole size is bounded, issue 25)."""


@dataclass(frozen=True)
class Interactive:
    """One ``interact`` cell of a lecture: which chart, built how, and what ran on it before.

    ``calls`` are the ``show``/``interact`` calls on the chart up to and including this one, in
    order: replaying them draws the same static layers in the same order as a kernel running the
    notebook, so the pictures are the widget's own, byte for byte.
    """

    lesson: str  # the notebook's stem, e.g. "06_pooling"
    cell: int  # index of the interact cell in the notebook
    module: str  # e.g. "valueloops.charts.cloud"
    cls: str
    init: tuple[tuple[str, Any], ...]
    calls: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = field(default=())

    @property
    def start(self) -> dict[str, Any]:
        """The interact cell's own values (the sliders' start)."""
        return dict(self.calls[-1][1])

    @property
    def ident(self) -> str:
        """The atlas's file name stem: the lesson and the cell, e.g. ``06_pooling-c23``."""
        return f"{self.lesson}-c{self.cell}"


def _literal_kwargs(call: ast.Call) -> tuple[tuple[str, Any], ...] | None:
    """The call's keyword arguments if all are literals (and there are no positional ones)."""
    if call.args or any(k.arg is None for k in call.keywords):
        return None
    try:
        return tuple((k.arg, ast.literal_eval(k.value)) for k in call.keywords)
    except ValueError:
        return None


def _statements(source: str) -> list[ast.stmt]:
    """A code cell's top-level statements (a cell that is not Python, e.g. a magic, has none)."""
    try:
        return ast.parse(source).body
    except SyntaxError:
        return []


def _method_call(node: ast.stmt) -> tuple[str, str, ast.Call] | None:
    """``(variable, method, call)`` for a statement ``variable.method(...)``."""
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            return func.value.id, func.attr, node.value
    return None


def find_interactives(nb: Any, lesson: str) -> list[Interactive]:
    """Every ``interact`` cell of a notebook on a chart of :data:`CHARTS_PACKAGE` (see the module
    docstring), in order."""
    imported: dict[str, str] = {}  # class name -> module
    charts: dict[str, tuple[str, str, tuple]] = {}  # variable -> (module, class, init kwargs)
    calls: dict[str, list] = {}
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for node in _statements(cell.source):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(CHARTS_PACKAGE):
                imported.update({alias.asname or alias.name: node.module for alias in node.names})
            elif (isinstance(node, ast.Assign) and len(node.targets) == 1
                  and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call)
                  and isinstance(node.value.func, ast.Name) and node.value.func.id in imported):
                init = _literal_kwargs(node.value)
                if init is not None:
                    name, cls = node.targets[0].id, node.value.func.id
                    charts[name], calls[name] = (imported[cls], cls, init), []
            elif (call := _method_call(node)) and call[0] in charts and call[1] in ("show", "interact"):
                values = _literal_kwargs(call[2])
                if values is None:
                    continue
                calls[call[0]].append((call[1], values))
                if call[1] == "interact":
                    module, cls, init = charts[call[0]]
                    found.append(Interactive(lesson, index, module, cls, init, tuple(calls[call[0]])))
    return found


def course_interactives(folder: Path) -> list[Interactive]:
    """The interactives of every lecture notebook ``NN_slug.ipynb`` in ``folder``."""
    out = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        out.extend(find_interactives(nbformat.read(path, as_version=4), path.stem))
    return out


def make_chart(item: Interactive) -> ModelChart:
    """A fresh chart as the notebook builds it."""
    cls = getattr(importlib.import_module(item.module), item.cls)
    return cls(**dict(item.init))


def line_settings(controls: Sequence[Slider], start: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Each slider over its whole grid, the others at ``start`` (indices)."""
    for j, control in enumerate(controls):
        for k in range(grid_index(control, control.max) + 1):
            yield tuple(k if i == j else s for i, s in enumerate(start))


def grid_settings(controls: Sequence[Slider], frame_bytes: float, budget: int = GRID_BYTES
                  ) -> list[tuple[int, ...]]:
    """Every setting of a two-slider chart if they fit ``budget`` at ``frame_bytes`` each; else none."""
    sizes = [grid_index(c, c.max) + 1 for c in controls]
    if len(controls) != 2 or sizes[0] * sizes[1] * frame_bytes > budget:
        return []
    return list(itertools.product(*(range(n) for n in sizes)))


def atlas_settings(controls: Sequence[Slider], start: Sequence[int]) -> list[tuple[int, ...]]:
    """The settings of an atlas's lines, start first, each once."""
    return list(dict.fromkeys(itertools.chain([tuple(start)], line_settings(controls, start))))


def start_indices(chart: ModelChart, item: Interactive) -> tuple[int, ...]:
    """The interact cell's start values as grid indices."""
    params = chart.params(**item.start)
    return tuple(grid_index(c, params[c.name]) for c in chart.controls)


def replay(chart: ModelChart, item: Interactive) -> None:
    """Draw what the notebook drew on this chart before its sliders move (see :class:`Interactive`)."""
    for _method, values in item.calls:
        chart.render(**dict(values))


def render_frames(chart: ModelChart, settings: Iterable[tuple[int, ...]]
                  ) -> Iterator[tuple[str, bytes | None, str]]:
    """``(key, PNG or None, summary or message)`` for each setting, through ``chart.render``."""
    for indices in settings:
        values = {c.name: grid_value(c, k) for c, k in zip(chart.controls, indices)}
        png, text = chart.render(**values)
        yield frame_key(indices), png, text


def control_json(control: Slider, value: float) -> dict[str, Any]:
    """A slider as the player reads it (label with its unit; the start value on the grid)."""
    return {"name": control.name, "label": control.title, "min": control.min, "max": control.max,
            "step": control.step, "value": value}


def pack(frames: Iterable[tuple[str, bytes | None, str]]) -> tuple[dict[str, list], bytes]:
    """The index ``{key: [offset, length, summary, message]}`` and the PNGs one after another."""
    index, blob = {}, bytearray()
    for key, png, text in frames:
        if png is None:
            index[key] = [0, 0, "", text]
        else:
            index[key] = [len(blob), len(png), text, ""]
            blob += png
    return index, bytes(blob)


def build_atlas(item: Interactive, notebook_url: str) -> tuple[dict[str, Any], bytes]:
    """One chart's atlas: its JSON index (controls, start key, frames, the live notebook's link)
    and its binary file."""
    chart = make_chart(item)
    replay(chart, item)
    start = start_indices(chart, item)
    lines = atlas_settings(chart.controls, start)
    frames = list(render_frames(chart, lines))
    mean = sum(len(png or b"") for _, png, _ in frames) / len(frames)
    grid = [s for s in grid_settings(chart.controls, mean) if frame_key(s) not in {f[0] for f in frames}]
    index, blob = pack(itertools.chain(frames, render_frames(chart, grid)))
    meta = {"id": item.ident, "lesson": item.lesson, "chart": item.cls, "start": frame_key(start),
            "controls": [control_json(c, grid_value(c, k)) for c, k in zip(chart.controls, start)],
            "notebook": notebook_url, "bin": f"{item.ident}.bin", "frames": index}
    return meta, blob


def write_atlas(folder: Path, meta: dict[str, Any], blob: bytes) -> Path:
    """Write ``<id>.json`` and ``<id>.bin`` into ``folder``; returns the JSON's path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / meta["bin"]).write_bytes(blob)
    path = folder / f"{meta['id']}.json"
    path.write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    return path


def first_frame(meta: dict[str, Any], blob: bytes) -> tuple[bytes, str]:
    """The start setting's PNG and summary (the picture a page shows before its atlas loads)."""
    offset, length, summary, _message = meta["frames"][meta["start"]]
    return blob[offset:offset + length], summary
