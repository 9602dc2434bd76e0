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
``LoopModel``) field by field, and a chart (an Axes, a Figure, a seaborn grid, what ``plt.plot``
returns: :func:`is_plot`) as the data it draws (:func:`plot_data`: each line's, bar container's and
scatter's x and y, and the axis labels), read in the kernel by the same function the check cell
uses. For a function answer the kernel calls it on the spec's cases and sends each result or the
error it raised, plus the package model functions it reaches (the same ``package_calls`` as the
checks', its source sent along by the grader). Anything else travels as
its type's name and a short repr.
"""

import builtins as _builtins
import inspect as _inspect
import json as _json
import math as _math
import os as _os
import sys as _sys

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
    if is_plot(value):
        return _tag("plot", v=plot_data(value))
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


ISOLATION_TIMEOUT = 60
"""Seconds the calls of one function answer may take in their isolated process."""
OPEN_MODULES = ("valueloops.checks", "valueloops.data", "valueloops.rounding", "valueloops.style",
                "valueloops.validate", "valueloops.paths", "valueloops.probe")
"""Package modules whose functions still run in isolation: the ones a derive answer may use (the
checks' ``_ALLOWED``) and what they need; every model function of the package is blocked there."""
UNAVAILABLE = "is not available to this answer"
_DENIED_EVENTS = ("ctypes.", "gc.get_", "os.fork", "os.exec", "os.posix_spawn", "os.spawn", "os.system",
                  "subprocess.", "socket.", "os.kill", "os.killpg", "sys.setrecursionlimit")


PACKAGE_DIR = None
"""The package's folder, set by the grader in its reader cells (else found from ``valueloops``)."""


def _package_dir():
    if PACKAGE_DIR:
        return PACKAGE_DIR
    package = _sys.modules.get("valueloops")
    path = getattr(package, "__file__", None)
    return _os.path.realpath(_os.path.dirname(path)) if path else None


def _blocked(module):
    return (module == "valueloops" or module.startswith("valueloops.")) and not any(
        module == m or module.startswith(m + ".") for m in OPEN_MODULES)


def _block_code(function, record_fd):
    """A code object for ``function`` that records its name and raises, whatever its closure."""
    free = function.__code__.co_freevars
    name = getattr(function, "__qualname__", function.__name__)
    message = f"the package's {name} {UNAVAILABLE}: write the formula yourself"
    lines = ["def _outer():"] + [f"    {n} = None" for n in free] + [
        "    def _blocked(*args, **kwargs):",
        f"        ({', '.join(free)}{',' if free else ''})" if free else "        pass",
        f"        __import__('os').write({record_fd}, {(name + chr(10)).encode()!r})",
        f"        raise ModuleNotFoundError({message!r})",
        "    return _blocked"]
    scope = {}
    exec(compile("\n".join(lines), "<blocked>", "exec"), scope)  # noqa: S102 - our own text
    return scope["_outer"]().__code__


def _seal(record_fd):
    """In the isolated process, before the student's function runs: every package function but the
    helpers' (:data:`OPEN_MODULES`) replaced by one that raises, caches cleared, and an audit hook
    (which nothing can remove) refusing the package's files, ctypes, gc's object lists, new
    processes and sockets: the model cannot be reached, however the answer looks for it."""
    import functools
    import gc
    import io
    import linecache
    import types

    package = _package_dir()
    for obj in gc.get_objects():
        try:
            if isinstance(obj, types.FunctionType) and _blocked(getattr(obj, "__module__", None) or ""):
                obj.__code__ = _block_code(obj, record_fd)
            elif isinstance(obj, functools._lru_cache_wrapper):
                obj.cache_clear()
        except Exception:  # noqa: BLE001 - an object that cannot be changed is not a package function
            continue
    linecache.clearcache()
    for name in ("last_traceback", "last_value", "last_type"):
        if hasattr(_sys, name):
            setattr(_sys, name, None)
    _sys.stdout, _sys.stderr = io.StringIO(), io.StringIO()

    def audit(event, args):
        if event.startswith(_DENIED_EVENTS):
            raise PermissionError(f"{event} is not allowed while a derive answer is checked")
        if event == "import" and args and _blocked(str(args[0])):
            raise ModuleNotFoundError(f"{args[0]} {UNAVAILABLE}")
        if event == "open" and args:
            path = args[0]
            if not isinstance(path, (str, bytes)) or ".." in str(path) or not _os.path.isabs(path):
                raise PermissionError(f"opening {path!r} is not allowed while a derive answer is checked")
            if package and (_os.path.realpath(path) + _os.sep).startswith(package + _os.sep):
                raise PermissionError(f"the package's files are not available to this answer")

    _sys.addaudithook(audit)


def call_case(func, case):
    """``func`` called on one case (a keyword dict in the question's parameter order) as the
    question's own example calls it: positionally, so a function with the question's parameters in
    another order is caught and one with renamed parameters is not refused (r26e 08 #6, 10 #8). By
    keyword where the signature cannot take the values positionally (``**kwargs``, keyword-only)."""
    args = list(case.values())
    try:
        signature = _inspect.signature(func)
        signature.bind(*args)
    except (TypeError, ValueError):
        return func(**case)
    names = [p.name for p in signature.parameters.values()
             if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)][:len(args)]
    if sorted(names) == sorted(case) and names != list(case):
        raise TypeError(f"its parameters ({', '.join(names)}) are the question's in another order: "
                        f"write them in the question's order ({', '.join(case)}), as its example "
                        f"calls them")
    return func(*args)


def isolated_calls(func, cases, timeout=ISOLATION_TIMEOUT):
    """``func`` called on each of ``cases`` (keyword dicts) in a forked process where the package's
    model cannot be reached (:func:`_seal`): ``(calls, blocked)``, each call ``{"ok": encoded
    result}`` or ``{"raised": [...]}``, ``blocked`` the package functions it tried to call. None
    where processes cannot be forked (Windows): the caller watches the calls instead."""
    if not hasattr(_os, "fork"):
        return None
    import select
    import signal
    import time

    results_r, results_w = _os.pipe()
    record_r, record_w = _os.pipe()
    pid = _os.fork()
    if pid == 0:  # the isolated process: never returns
        code = 1
        try:
            _os.close(results_r)
            _os.close(record_r)
            _seal(record_w)
            calls = []
            for case in cases:
                try:
                    calls.append({"ok": encode(call_case(func, case))})
                except BaseException as exc:  # noqa: BLE001 - the student's function failed: say how
                    calls.append(_raised(exc))
            data = _json.dumps(calls, allow_nan=False).encode()
            while data:
                data = data[_os.write(results_w, data):]
            code = 0
        finally:
            _os._exit(code)
    _os.close(results_w)
    _os.close(record_w)
    chunks, names = [], b""
    deadline = time.monotonic() + timeout
    try:
        open_fds = {results_r, record_r}
        while open_fds and (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select(list(open_fds), [], [], left)
            for fd in ready:
                data = _os.read(fd, 65536)
                if not data:
                    open_fds.discard(fd)
                elif fd == results_r:
                    chunks.append(data)
                else:
                    names += data
    finally:
        try:
            _os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        _os.waitpid(pid, 0)
        _os.close(results_r)
        _os.close(record_r)
    blocked = []
    for name in names.decode(errors="replace").split():
        if name not in blocked:
            blocked.append(name.rsplit(".", 1)[-1])
    try:
        calls = _json.loads(b"".join(chunks))
    except ValueError:
        reason = (f"it ran for more than {timeout} s" if time.monotonic() >= deadline
                  else "its process ended without an answer")
        calls = [{"raised": ["TimeoutError", reason, "Exception"]} for _ in cases]
    return calls, blocked


def watched_calls(func, cases, watch=None):
    """``func`` called on each case in this process under ``watch`` (the checks' run-time watch):
    ``(calls, names it reached)``; where :func:`isolated_calls` cannot fork."""
    calls, watched = [], []
    for case in cases:
        watcher = watch() if watch else None
        try:
            if watcher:
                watcher.__enter__()
            try:
                out = call_case(func, case)
            finally:
                if watcher:
                    watcher.__exit__(None, None, None)
            calls.append({"ok": encode(out)})
        except Exception as exc:  # noqa: BLE001 - the student's function failed: say how
            calls.append(_raised(exc))
        watched += [name for name in (watcher.names if watcher else []) if name not in watched]
    return calls, watched


def function_calls(func, cases, watch=None):
    """:func:`isolated_calls` where it can run, else :func:`watched_calls`."""
    isolated = isolated_calls(func, cases)
    return isolated if isolated is not None else watched_calls(func, cases, watch)


def read_answer(namespace, nonce, exercise, expression, cases=None, package_calls=None, watch=None):
    """Evaluate ``expression`` in the student's ``namespace`` and print the encoded answer between
    the nonce markers; for a function answer (``cases`` given) its result on every case, computed
    where the package's model cannot be reached (:func:`function_calls`)."""
    payload = {"exercise": exercise}
    try:
        value = eval(expression, namespace)  # noqa: S307 - the course's own template expression
    except Exception as exc:  # noqa: BLE001 - e.g. NameError: the answer cell was renamed
        payload["error"] = [type(exc).__name__, str(exc)[:300]]
    else:
        if cases is not None and callable(value) and value is not Ellipsis:
            calls, watched = function_calls(value, _json.loads(cases), watch)
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


# ------------------------------------------------------------------------------------ plots
PLOT_TYPES = (("matplotlib.axes", "Axes"), ("matplotlib.figure", "FigureBase"),
              ("seaborn.axisgrid", "Grid"), ("matplotlib.lines", "Line2D"),
              ("matplotlib.collections", "Collection"), ("matplotlib.patches", "Patch"),
              ("matplotlib.container", "Container"))
"""The plot objects a *plot* answer may be (an instance of one of these classes, as loaded in the
kernel): what ``sns.lineplot``, ``sns.barplot``, ``df.plot``, ``ax.plot``, ``plt.plot`` and
``ax.bar`` return, a Figure, a seaborn FacetGrid, or ``matplotlib.pyplot`` itself (its current
figure)."""


def _plot_class(value):
    """True if ``value`` is a real matplotlib/seaborn plot object (checked against the classes the
    kernel has loaded, so a look-alike of the student's own making is not one)."""
    for module, name in PLOT_TYPES:
        cls = getattr(_sys.modules.get(module), name, None)
        if isinstance(cls, type) and isinstance(value, cls):
            return True
    return False


def is_plot(value):
    """True if ``value`` is a plot answer: a plot object (:data:`PLOT_TYPES`), a list, tuple or
    NumPy array of them (``plt.plot``, ``plt.subplots``), or the ``matplotlib.pyplot`` module."""
    if value is _sys.modules.get("matplotlib.pyplot") and value is not None:
        return True
    if _plot_class(value):
        return True
    module = type(value).__module__.split(".")[0]
    if isinstance(value, (list, tuple)) or (module == "numpy" and type(value).__name__ == "ndarray"):
        items = list(value.flat) if hasattr(value, "flat") else list(value)
        return bool(items) and len(items) <= 100 and all(_plot_class(v) for v in items)
    return False


def _axes_of(value):
    """The Axes a plot answer draws on, in order, each once."""
    found = []

    def add(ax):
        if ax is not None and all(ax is not a for a in found):
            found.append(ax)

    pyplot = _sys.modules.get("matplotlib.pyplot")
    if pyplot is not None and value is pyplot:
        if pyplot.get_fignums():  # never make a figure where there is none
            for ax in pyplot.gcf().axes:
                add(ax)
        return found
    items = list(value.flat) if hasattr(value, "flat") else (
        list(value) if isinstance(value, (list, tuple)) else [value])
    for item in items:
        axes_cls = getattr(_sys.modules.get("matplotlib.axes"), "Axes", None)
        if axes_cls is not None and isinstance(item, axes_cls):
            add(item)
        elif hasattr(item, "get_axes") and hasattr(item, "add_subplot"):  # a Figure or SubFigure
            for ax in item.get_axes():
                add(ax)
        elif type(item).__module__.startswith("seaborn.axisgrid") and hasattr(item, "figure"):
            for ax in item.figure.axes:
                add(ax)
        elif hasattr(item, "patches") and isinstance(getattr(item, "patches", None), list):  # BarContainer
            for patch in item.patches:
                add(getattr(patch, "axes", None))
        else:
            add(getattr(item, "axes", None))
    return found


def _date_text(value):
    """A date-like value as ``YYYY-MM-DD`` (None if it is not one)."""
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return value.isoformat()[:10]
    if type(value).__name__ == "datetime64":
        return str(value)[:10]
    return None


def _axis_reader(axis):
    """A function turning one plotted coordinate of ``axis`` (an x or y axis) into plain data:
    a float, a category's text (a categorical axis: seaborn's, ``ax.bar`` on text) or a date as
    ``YYYY-MM-DD`` (a date axis, or a date-like value); NaN, and a masked value (pandas draws a blank
    cell of a Series as one, which ``tolist()`` makes None), is None: no point."""
    units = getattr(axis, "units", None)
    mapping = getattr(units, "_mapping", None)
    categories = {int(v): str(k) for k, v in mapping.items()} if isinstance(mapping, dict) else {}
    converter = axis.get_converter() if hasattr(axis, "get_converter") else getattr(axis, "converter", None)
    is_date = "date" in type(converter).__name__.lower() if converter is not None else False
    dates = _sys.modules.get("matplotlib.dates")
    period_freq = getattr(axis.axes, "freq", None) if "Period" in type(converter).__name__ else None

    def read(value):
        if value is None:  # a masked point (pandas' line through a blank year): not drawn
            return None
        text = _date_text(value)
        if text is not None:
            return text
        if isinstance(value, str):
            return value
        if type(value).__name__ == "Period":
            return str(value)
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        if not _math.isfinite(number):
            return None
        if categories and abs(number - round(number)) < 1e-9 and int(round(number)) in categories:
            return categories[int(round(number))]
        if is_date and dates is not None:
            return dates.num2date(number).isoformat()[:10]
        if period_freq is not None:
            pandas = _sys.modules.get("pandas")
            if pandas is not None:
                try:
                    return str(pandas.Period(ordinal=int(round(number)), freq=period_freq))
                except Exception:  # noqa: BLE001 - an ordinal pandas cannot read stays a number
                    pass
        return number
    return read


def _tick_labels(axis):
    """Position -> text of an axis's explicitly placed and labelled ticks (``df.plot.bar``'s fixed
    ticks, set tick labels, a categorical axis), not the automatic number ticks of ``ax.bar``."""
    formatter = axis.get_major_formatter()
    if type(formatter).__name__ not in ("FixedFormatter", "StrCategoryFormatter") and \
            type(axis.get_major_locator()).__name__ != "FixedLocator":
        return {}
    locs = [float(t) for t in axis.get_ticklocs()]
    try:
        texts = formatter.format_ticks(locs)
    except Exception:  # noqa: BLE001 - labels that cannot be formatted are not read
        return {}
    return {round(loc, 9): str(text) for loc, text in zip(locs, texts) if text}


def _by_ticks(xs, ticks):
    """A line's x values read through the axis's tick labels when every one of them sits on a
    labelled tick (pandas' line on a text index draws at positions 0, 1, 2 ... and names them by
    its ticks), else as they are. Only positions (whole numbers below 1000) are read so: a line on
    years keeps its years, whatever its tick labels say."""
    labels = []
    for x in xs if ticks else ():
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not _math.isfinite(x) \
                or not 0 <= x < 1000 or x != round(x):
            return xs
        label = ticks.get(round(float(x), 9))
        if label is None:
            return xs
        labels.append(label)
    return labels or xs


def _values(seq):
    return list(seq.tolist() if hasattr(seq, "tolist") else seq)


def _data_line(ax, line):
    """Whether a Line2D is drawn in data coordinates (a series), not a reference line such as
    ``axhline`` or ``axvline`` (a blend of data and axes coordinates). Affine transforms compare
    by their matrices, so on fresh axes (limits 0 to 1) an ``axhline``'s blend equals ``transData``
    (r26b 02 #4): the blend is told by its type."""
    transform = line.get_transform()
    return transform is ax.transData or (transform == ax.transData
                                          and "Blended" not in type(transform).__name__)


def _legend_names(ax):
    """The legend's text for each colour that one legend entry alone has: seaborn's ``hue=`` lines
    carry labels such as "_child0", and the legend names them by colour (r28d 08, r28f 07-1)."""
    from matplotlib.colors import to_hex

    legend = ax.get_legend()
    if legend is None:
        return {}
    names = {}
    for handle, text in zip(getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", []),
                            legend.get_texts()):
        try:
            colour = to_hex(handle.get_color())
        except (AttributeError, TypeError, ValueError):
            continue
        names[colour] = None if colour in names else str(text.get_text())
    return {c: n for c, n in names.items() if n}


def _line_label(line, legend_names):
    """A line's own label, or its legend entry's text when its own label is hidden ("_child0")."""
    from matplotlib.colors import to_hex

    label = str(line.get_label())
    if label.startswith("_"):
        try:
            return legend_names.get(to_hex(line.get_color()), label)
        except (TypeError, ValueError):
            return label
    return label


def _series(ax):
    """The data series drawn on one Axes, as plain data: ``[{"kind", "label", "x", "y"}, ...]``; a
    line also has ``breaks`` (where a NaN starts a new piece of it) and ``joined: False`` (markers
    only) when they apply, a bar series its bars' ``width`` (pandas' default 0.5 draws NaN as 0).
    Lines (Line2D in data coordinates, not reference lines such as ``axhline``; NaN-only lines such
    as seaborn's empty error bars left out), bars (one series per bar container: each bar's centre,
    read through the axis's categories or tick labels, and its height) and scatter points (each
    PathCollection's offsets). A stem plot's baseline is left out."""
    read_x, read_y = _axis_reader(ax.xaxis), _axis_reader(ax.yaxis)
    ticks = _tick_labels(ax.xaxis)
    found = []
    legend_names = _legend_names(ax)
    # a stem plot's baseline (y = 0 under the stems) is part of the chart, not a series of its own
    baselines = [c.baseline for c in getattr(ax, "containers", []) if type(c).__name__ == "StemContainer"]
    for line in ax.get_lines():
        if not _data_line(ax, line) or any(line is b for b in baselines):
            continue
        xs, ys = _values(line.get_xdata(orig=True)), _values(line.get_ydata(orig=True))
        xs = _by_ticks(xs, ticks)
        points, breaks, gap = [], [], False
        for x, y in ((read_x(x), read_y(y)) for x, y in zip(xs, ys)):
            if x is None or y is None:  # a NaN (masked) point: the line breaks there
                gap = True
                continue
            if gap and points:
                breaks.append(len(points))
            gap = False
            points.append((x, y))
        if points:
            entry = {"kind": "line", "label": _line_label(line, legend_names),
                     "x": [p[0] for p in points], "y": [p[1] for p in points]}
            if breaks:  # where a new piece of the line starts (index into x and y)
                entry["breaks"] = breaks
            if str(line.get_linestyle()).lower() in ("none", "", " ") or not line.get_linewidth():
                entry["joined"] = False  # markers only: no line joins the points
            found.append(entry)
    for container in getattr(ax, "containers", []):
        patches = [p for p in getattr(container, "patches", []) or [] if hasattr(p, "get_height")]
        # horizontal bars (barh): the categories run up the y axis and the widths are the values
        across = getattr(container, "orientation", None) == "horizontal"
        where, size = (("get_y", "get_height"), "get_width") if across else (("get_x", "get_width"), "get_height")
        place_ticks, read_place, read_size = ((_tick_labels(ax.yaxis), read_y, read_x) if across
                                              else (ticks, read_x, read_y))
        xs, ys = [], []
        for patch in patches:
            centre = float(getattr(patch, where[0])()) + float(getattr(patch, where[1])()) / 2
            value = float(getattr(patch, size)())
            if not _math.isfinite(value):
                continue
            label = place_ticks.get(round(centre, 9))
            xs.append(label if label is not None else read_place(centre))
            ys.append(read_size(value))
        if xs:
            widths = sorted(float(getattr(p, where[1])()) for p in patches)
            found.append({"kind": "barh" if across else "bar", "label": str(container.get_label() or ""),
                          "x": xs, "y": ys, "width": round(widths[len(widths) // 2], 6)})
    found = _join_coloured_bars(found)
    for collection in ax.collections:
        if type(collection).__name__ != "PathCollection":
            continue
        offsets = collection.get_offsets()
        rows = [r for r in _values(offsets) if isinstance(r, (list, tuple)) and len(r) == 2]
        points = [(read_x(x), read_y(y)) for x, y in rows if x is not None and y is not None]
        points = [(x, y) for x, y in points if x is not None and y is not None]
        if points:
            found.append({"kind": "scatter", "label": str(collection.get_label()),
                          "x": [p[0] for p in points], "y": [p[1] for p in points]})
    return found


def _unseen_series(ax):
    """``(all_nan, empty)``: how many series on one Axes show no point, because every value drawn is
    NaN (a share divided by totals that line up on the wrong labels) or because none was drawn
    (seaborn leaves NaN rows out, and draws an empty line or bar set; ``ax.plot([], [])``).
    Reference lines (``axhline``) are not series."""
    read_y = _axis_reader(ax.yaxis)
    all_nan = empty = 0
    for line in ax.get_lines():
        if not _data_line(ax, line):
            continue
        ys = _values(line.get_ydata(orig=True))
        if not ys:
            empty += 1
        elif all(read_y(y) is None for y in ys):
            all_nan += 1
    for container in getattr(ax, "containers", []):
        if type(container).__name__ != "BarContainer":
            continue
        patches = [p for p in container.patches if hasattr(p, "get_height")]
        size = "get_width" if getattr(container, "orientation", None) == "horizontal" else "get_height"
        if not patches:
            empty += 1
        elif not any(_math.isfinite(float(getattr(p, size)())) for p in patches):
            all_nan += 1
    for collection in ax.collections:
        if type(collection).__name__ != "PathCollection":
            continue
        rows = [r for r in _values(collection.get_offsets()) if isinstance(r, (list, tuple)) and len(r) == 2]
        if rows and all(read_y(y) is None for _, y in rows):
            all_nan += 1
    return all_nan, empty


def _join_coloured_bars(found):
    """One bar series out of several bar containers that never share an x: what ``sns.barplot(...,
    hue=x)`` or ``palette=`` draws (one container per colour, one bar each, centred on its category).
    Containers that share an x, or whose bars sit beside their category (grouped bars, ``hue`` =
    another column), stay separate series."""
    bars = [s for s in found if s["kind"] in ("bar", "barh")]
    if len(bars) < 2 or len({s["kind"] for s in bars}) > 1:
        return found
    seen = [x for s in bars for x in s["x"]]
    if len(set(map(repr, seen))) < len(seen) or not all(isinstance(x, str) for x in seen):
        return found
    joined = {"kind": bars[0]["kind"], "label": "", "x": seen, "y": [y for s in bars for y in s["y"]],
              "width": bars[0].get("width")}
    return [s for s in found if s not in bars] + [joined]


def plot_data(value):
    """A plot answer (:func:`is_plot`) as plain data the grader can judge: ``{"axes": [{"xlabel",
    "ylabel", "title", "series": [...], "nan_series", "empty_series", "areas", "reference_lines"}, ...]}`` (see :func:`_series`;
    on Axes with no series, the counts of those drawn all NaN or empty: :func:`_unseen_series`), at most :data:`MAX_ITEMS`
    points in all. The check cell and the grader's reader cell both call this one function."""
    axes, total = [], 0
    for ax in _axes_of(value):
        series = _series(ax)
        for s in series:
            s["x"], s["y"] = s["x"][:MAX_ITEMS - total], s["y"][:MAX_ITEMS - total]
            total += len(s["x"])
        ticks = sorted(_tick_labels(ax.xaxis).items())[:100]
        axes.append({"xlabel": str(ax.get_xlabel()), "ylabel": str(ax.get_ylabel()),
                     "title": str(ax.get_title()), "series": series,
                     "xticks": [[loc, text] for loc, text in ticks],
                     **dict(zip(("nan_series", "empty_series"), (0, 0) if series else _unseen_series(ax))),
                     # r25a 01 #6: filled areas alone (fill_between, stackplot) are not read as series;
                     # counted beside series too, to tell an area plot (.plot.area() fills NaN with 0)
                     # (r28b D1: sns.lineplot's error band is an empty PolyCollection: not an area)
                     "areas": sum(any(k.__name__ == "PolyCollection" for k in type(c).__mro__)
                                  and len(c.get_paths()) > 0 for c in ax.collections),
                     # r26b 02 #4: reference lines alone (axhline, axvline) are not series either
                     "reference_lines": 0 if series else sum(not _data_line(ax, line)
                                                             for line in ax.get_lines())})
    return {"axes": axes}
