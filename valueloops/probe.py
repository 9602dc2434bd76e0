"""The grader's reader cell: reads one answer out of a student's kernel as JSON (standard library only).

The grader (:mod:`valueloops.trusted`) appends one cell per exercise to a temporary copy of the
student's notebook. The cell's code is THIS FILE's text (read from the grader's own copy of the
package, never imported in the kernel, so a notebook that edits ``valueloops`` changes nothing
here), followed by one call of :func:`read_answer`. It evaluates the exercise's expression from
the course's trusted template (``long_run`` for ``check("00.1", long_run)``), encodes the value as
JSON and prints it between two markers holding a nonce made for this run. The verdict is computed
by the grader in its own process, from the decoded value.

Encoded: None, numbers, text, True/False, ``...``, lists, tuples, dicts, NumPy arrays and scalars,
pandas Series and DataFrames (up to :data:`MAX_ITEMS` values), the package's dataclasses (e.g. a
``LoopModel``) field by field. For a function answer the kernel calls it on the spec's cases and
sends each result or the error it raised, plus the package model functions it reaches (the same
``package_calls`` as the checks', its source sent along by the grader). Anything else travels as
its type's name and a short repr.
"""

import builtins as _builtins
import json as _json
import math as _math

MAX_ITEMS = 10_000
MAX_DEPTH = 8


def _tag(kind, **more):
    return {"$": kind, **more}


def encode(value, depth=0):
    """A JSON-able description of ``value`` (see the module's docstring)."""
    if depth > MAX_DEPTH:
        return _opaque(value)
    if value is None or isinstance(value, (bool, str)):
        return value
    if value is Ellipsis:
        return _tag("ellipsis")
    module = type(value).__module__.split(".")[0]
    if module == "numpy" and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        return _tag("numpy", v=encode(value.item(), depth + 1), type=type(value).__name__)
    if isinstance(value, int):
        return value if type(value) is int else _tag("int", v=int(value))
    if isinstance(value, float):
        if _math.isfinite(value):
            return value if type(value) is float else _tag("float", v=float(value))
        return _tag("float", v=repr(float(value)))
    if isinstance(value, (list, tuple)) and len(value) <= MAX_ITEMS:
        return _tag(type(value).__name__ if type(value) in (list, tuple) else "list",
                    v=[encode(v, depth + 1) for v in value])
    if isinstance(value, dict) and len(value) <= MAX_ITEMS:
        return _tag("dict", v=[[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()])
    if module == "numpy" and type(value).__name__ == "ndarray" and value.size <= MAX_ITEMS:
        return _tag("ndarray", v=encode(value.tolist(), depth + 1))
    if module == "pandas" and type(value).__name__ == "Series" and len(value) <= MAX_ITEMS:
        return _tag("Series", v=encode(value.tolist(), depth + 1), index=encode(value.index.tolist(), depth + 1),
                    name=encode(value.name, depth + 1))
    if module == "pandas" and type(value).__name__ == "DataFrame" and value.size <= MAX_ITEMS:
        return _tag("DataFrame", v=encode(value.values.tolist(), depth + 1),
                    columns=encode(value.columns.tolist(), depth + 1),
                    index=encode(value.index.tolist(), depth + 1))
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is not None and type(value).__module__.startswith("valueloops."):
        return _tag("dataclass", type=[type(value).__module__, type(value).__qualname__],
                    fields={name: encode(getattr(value, name), depth + 1)
                            for name, f in fields.items() if f.init})
    return _opaque(value)


def _opaque(value):
    try:
        shown = repr(value)[:80]
    except Exception:  # noqa: BLE001 - a repr that fails is still an answer of some type
        shown = "?"
    size = None
    try:
        size = len(value)
    except Exception:  # noqa: BLE001
        pass
    return _tag("opaque", type=[type(value).__module__, type(value).__qualname__], repr=shown, len=size)


def _raised(exc):
    bases = [b for b in ("NotImplementedError", "TypeError", "ArithmeticError", "ValueError")
             if isinstance(exc, getattr(_builtins, b))]
    return {"raised": [type(exc).__name__, str(exc)[:300], bases[0] if bases else "Exception"]}


def read_answer(namespace, nonce, exercise, expression, cases=None, package_calls=None, watch=None):
    """Evaluate ``expression`` in the student's ``namespace`` and print the encoded answer between
    the nonce markers; for a function answer (``cases`` given) its result on every case."""
    payload = {"exercise": exercise}
    try:
        value = eval(expression, namespace)  # noqa: S307 - the course's own template expression
    except Exception as exc:  # noqa: BLE001 - e.g. NameError: the answer cell was renamed
        payload["error"] = [type(exc).__name__, str(exc)[:300]]
    else:
        if cases is not None and callable(value) and value is not Ellipsis:
            calls, watched = [], []
            for case in _json.loads(cases):
                watcher = watch() if watch else None  # the checks' run-time half of the refusal
                try:
                    if watcher:
                        watcher.__enter__()
                    try:
                        out = value(**case)
                    finally:
                        if watcher:
                            watcher.__exit__(None, None, None)
                    calls.append({"ok": encode(out)})
                except Exception as exc:  # noqa: BLE001 - the student's function failed: say how
                    calls.append(_raised(exc))
                watched += [name for name in (watcher.names if watcher else []) if name not in watched]
            try:
                used = package_calls(value) if package_calls else []
            except Exception:  # noqa: BLE001
                used = []
            used = list(used) + [name for name in watched if name not in used]
            payload["value"] = _tag("function", calls=calls, package_calls=list(used),
                                    name=getattr(value, "__name__", ""))
        else:
            payload["value"] = encode(value)
    text = _json.dumps(payload, allow_nan=False)
    print(f"{nonce}<{text}>{nonce}", flush=True)
