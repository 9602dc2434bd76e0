"""Trusted checks: the verdict is computed in the grader's process, never in the student's kernel.

After a student's cells have run, the grader appends its own reader cells (:func:`reader_cells`),
one per exercise. Each reads the exercise's answer out of the kernel with the expression of the
course's own template (the ``check("NN.k", expr)`` cell of ``solutions/NN_slug.ipynb``, not the
student's file), and prints it as JSON between markers holding a nonce made for this run
(:mod:`valueloops.probe`). The grader decodes the values (:func:`decode`) and calls its own spec's
``evaluate`` on them (:func:`verdicts_from_outputs`). A log the student's code wrote, or a check
module it edited in its kernel, plays no part.
"""

from __future__ import annotations

import functools
import inspect
import json
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checks import WRONG_TYPE, Feedback, Function, check_calls, lesson_specs
from .checks import core
from .paths import LESSON_NAME, SOLUTIONS

if TYPE_CHECKING:  # nbformat (and jsonschema) take seconds to import: only the grader needs them,
    import nbformat  # not a student's first check of a function

READER_TAG = "valueloops-grader"
"""The metadata tag of the grader's appended cells."""


def check_expressions(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Exercise id -> the expression its check cell ``check("NN.k", expr)`` passes, in ``nb``."""
    return {exercise: expression for cell in nb.cells if cell.cell_type == "code"
            for exercise, expression in check_calls(cell.source) if expression is not None}


@functools.lru_cache(maxsize=None)
def template_expressions(lesson: str, solutions: Path = SOLUTIONS) -> dict[str, str]:
    """Exercise id -> the expression its check cell passes, from the course's solution notebook."""
    found: dict[str, str] = {}
    for path in sorted(p for p in solutions.glob(f"{lesson}_*.ipynb") if LESSON_NAME.match(p.name)):
        import nbformat

        found.update(check_expressions(nbformat.read(path, as_version=4)))
    return found


@functools.lru_cache(maxsize=None)
def _reader_source() -> str:
    """The code every reader cell runs: probe.py (with the package's folder, whose files a derive
    answer may not read) and the checks' ``package_calls`` and ``PackageCallWatch`` (the static half
    of the derive refusal, and the watch used where the isolated run cannot fork), as text."""
    parts = ["from __future__ import annotations", "import dis, functools, sys, types",
             Path(inspect.getfile(_probe_module())).read_text(encoding="utf-8"),
             f"PACKAGE_DIR = {str(Path(inspect.getfile(_probe_module())).resolve().parent)!r}",
             f"_ALLOWED = {core._ALLOWED!r}", f"_HELPERS = {core._HELPERS!r}"]
    parts += [inspect.getsource(f) for f in (core._is_model, core._code_names, core._cell_filled,
                                             core.package_calls, core._model_module,
                                             core.PackageCallWatch)]
    return "\n".join(parts)


def _probe_module():
    from . import probe
    return probe


def new_nonce() -> str:
    """A marker no notebook can know before its reader cells run."""
    return "VALUELOOPS-" + secrets.token_hex(16)


def reader_cells(lesson: str, nonce: str, fallback: dict[str, str] | None = None
                 ) -> list[tuple[str, nbformat.NotebookNode]]:
    """(exercise id, the grader's reader cell for it), one per exercise of ``lesson``.

    The expression read is the course template's; ``fallback`` (the student's own check cells'
    expressions) serves only where the package has no solutions/ folder (an installed copy). That
    gives a student no more than they have anyway: they choose their answer's value either way.
    """
    from nbformat.v4 import new_code_cell

    expressions = dict(fallback or {}, **template_expressions(lesson))
    cells = []
    for exercise, spec in sorted(lesson_specs(lesson).items(), key=lambda kv: int(kv[0].split(".")[1])):
        expression = expressions.get(exercise)
        if expression is None:
            continue
        cases = json.dumps([dict(c) for c in spec.cases]) if isinstance(spec, Function) else None
        calls = ("ns['package_calls'], ns['PackageCallWatch']" if isinstance(spec, Function)
                 else "None, None")
        source = (f"def __valueloops_grader():\n"
                  f"    ns = {{'__name__': 'valueloops_grader'}}\n"
                  f"    exec({_reader_source()!r}, ns)\n"
                  f"    ns['read_answer'](get_ipython().user_ns, {nonce!r}, {exercise!r}, {expression!r},"
                  f" {cases!r}, {calls})\n"
                  f"__valueloops_grader()\n"
                  f"del __valueloops_grader\n")
        cells.append((exercise, new_code_cell(source, metadata={"tags": [READER_TAG]})))
    return cells


# ------------------------------------------------------------------------------------ decoding
class OpaqueValue:
    """An answer the reader could not send as data, with no length (a pandas Timestamp, a Period):
    its type's name and a short repr."""

    def __init__(self, shown: str, size: int | None):
        self.shown, self.size = shown, size

    def __repr__(self) -> str:
        return self.shown


class OpaqueAnswer(OpaqueValue):
    """An answer the reader could not send as data: its type's name, a short repr and its length."""

    def __len__(self) -> int:
        return self.size or 0


def _opaque(module: str, name: str, shown: str, size: int | None) -> OpaqueValue:
    """A stand-in of the answer's type; with a length only if the answer had one, as the check cell
    sees it (:func:`valueloops.checks.core.describe` tells the two apart)."""
    base = OpaqueAnswer if size is not None else OpaqueValue
    cls = type(name.split(".")[-1] or "object", (base,), {"__module__": module})
    return cls(shown, size)


def _dataclass(module: str, qualname: str, fields: dict[str, Any]) -> Any:
    """An instance of one of the package's own dataclasses, or an opaque stand-in."""
    import dataclasses
    import importlib

    if module.startswith("valueloops.") and "." not in qualname:
        try:
            cls = getattr(importlib.import_module(module), qualname)
            if dataclasses.is_dataclass(cls):
                return cls(**fields)
        except Exception:  # noqa: BLE001 - e.g. a field the model refuses: fall back to its name
            pass
    return _opaque(module, qualname, f"{qualname}(...)", None)


def decode(data: Any, exercise: str = "", spec: Any = None) -> Any:
    """The grader-side value of one encoded answer (see :mod:`valueloops.probe`)."""
    if not isinstance(data, dict):
        if isinstance(data, list):  # never produced by the reader; kept defensive
            return [decode(v) for v in data]
        return data
    kind = data.get("$")
    if kind == "ellipsis":
        return ...
    if kind in ("int", "float"):
        return int(data["v"]) if kind == "int" else float(data["v"])
    if kind == "numpy":
        import numpy as np
        value = decode(data["v"])
        try:
            return getattr(np, data.get("type", ""))(value)
        except Exception:  # noqa: BLE001
            return value
    if kind == "list":
        return [decode(v) for v in data["v"]]
    if kind == "tuple":
        return tuple(decode(v) for v in data["v"])
    if kind == "dict":
        return {_hashable(decode(k)): decode(v) for k, v in data["v"]}
    if kind == "ndarray":
        import numpy as np
        return np.array(decode(data["v"]))
    if kind == "Series":
        import pandas as pd
        return pd.Series(decode(data["v"]), index=decode(data["index"]), name=decode(data["name"]),
                         dtype=None if data["v"]["v"] else float)
    if kind == "DataFrame":
        import pandas as pd
        return pd.DataFrame(decode(data["v"]), columns=decode(data["columns"]), index=decode(data["index"]))
    if kind == "dataclass":
        module, qualname = data["type"]
        return _dataclass(module, qualname, {k: decode(v) for k, v in data["fields"].items()})
    if kind == "function":
        return core.RecordedFunction(spec.cases if spec is not None else [], data["calls"],
                                     data.get("package_calls", []), data.get("name", ""), decode)
    if kind == "plot":
        from .checks.plot import PlotData
        return PlotData(data["v"])
    if kind == "opaque":
        module, name = data["type"]
        number = _exact_number(module, name, data.get("repr", ""))
        if number is not None:
            return number
        return _opaque(module, name, data.get("repr", ""), data.get("len"))
    return _opaque("builtins", "object", "?", None)


def _exact_number(module: str, name: str, shown: str) -> Any:
    """A ``Fraction`` or ``Decimal`` rebuilt from its repr (the reader sends both as opaque), so the
    grader takes them as the check cell does (:func:`valueloops.checks.core._as_number`); None for
    anything else."""
    import re
    from decimal import Decimal, InvalidOperation
    from fractions import Fraction

    if (module, name) == ("fractions", "Fraction"):
        match = re.fullmatch(r"Fraction\((-?\d+), (\d+)\)", shown)
        return Fraction(int(match[1]), int(match[2])) if match else None
    if (module, name) == ("decimal", "Decimal"):
        match = re.fullmatch(r"Decimal\('([^']*)'\)", shown)
        try:
            return Decimal(match[1]) if match else None
        except InvalidOperation:
            return None
    return None


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def read_outputs(cell: nbformat.NotebookNode, nonce: str) -> dict | None:
    """The payload a reader cell printed between the nonce markers, if any."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    start = text.find(nonce + "<")
    end = text.find(">" + nonce, start + 1)
    if start < 0 or end < 0:
        return None
    try:
        return json.loads(text[start + len(nonce) + 1:end])
    except ValueError:
        return None


def evaluate_payload(lesson: str, exercise: str, payload: dict) -> Feedback | None:
    """The verdict of the grader's own spec on a decoded answer; None if the reader found no value."""
    if "value" not in payload:
        return None
    spec = lesson_specs(lesson)[exercise]
    try:
        value = decode(payload["value"], exercise, spec)
        return spec.evaluate(exercise, value)
    except Exception as exc:  # noqa: BLE001 - an answer the spec cannot take is a wrong type, named
        return Feedback(exercise, WRONG_TYPE, f"your answer could not be checked ({type(exc).__name__}: "
                                              f"{str(exc)[:120]}); give the kind of value the question asks for.")
