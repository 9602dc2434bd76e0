"""Input validation shared by every model: one clear error naming the parameter and what is allowed.

* a value of the wrong kind (text, ``True``/``False``, ``None``, a list where a number is asked)
  raises :class:`ParameterTypeError`, a ``TypeError`` (also a ``ValueError``, so callers that
  show a model's ``ValueError`` as a message, such as the widgets, show these too);
* a number outside its range, NaN or infinite raises ``ValueError``;
* a result too large for a float (overflow) raises ``ValueError`` naming the limit
  (:func:`finite_result`, :func:`guard_overflow`);
* an empty or missing table or series raises ``ValueError`` saying what is needed.
"""

from __future__ import annotations

import functools
import math
import numbers
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np

FLOAT_MAX = sys.float_info.max  # about 1.8e308: the largest number a float holds

F = TypeVar("F", bound=Callable[..., Any])


class ParameterTypeError(TypeError, ValueError):
    """A parameter of the wrong kind (text, True/False, None ...); the message says what is allowed."""


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 20 else value[:17] + "..."
        try:
            float(value)
            return f"the text {text!r} (remove the quotes)"
        except ValueError:
            return f"the text {text!r}"
    if isinstance(value, (bool, np.bool_)):
        return f"{bool(value)} (True/False)"
    if value is None:
        return "None"
    return f"{value!r:.40} ({type(value).__name__})"


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def as_float(name: str, value: Any, unit: str = "") -> float:
    """``value`` (a real number) as a float; an integer too large for one is a ``ValueError``."""
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name} is too large for a float (at most about {FLOAT_MAX:.1e}"
                         f"{' ' + unit if unit else ''}), got an integer of {len(str(abs(int(value))))} "
                         f"digits") from None


def shown_number(value: Any) -> str:
    """A number in a message: ``1e+300``, ``1/3`` for a Fraction, the digit count of a huge integer."""
    try:
        return f"{float(value):g}"
    except OverflowError:
        return f"<an integer of {len(str(abs(int(value))))} digits>"
    except (TypeError, ValueError):
        return repr(value)[:40]


def number(name: str, value: Any, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, unit: str = "") -> float:
    """Return ``value`` as a float if it is a finite real number within the given bounds.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open``. Text (even ``'0.5'``),
    True/False and None raise :class:`ParameterTypeError`; NaN, infinity and values out of range
    raise ``ValueError``, e.g. ``gain must be in [0, 2], got -1``.
    """
    unit_text = f" {unit}" if unit else ""
    if not _is_real(value):
        raise ParameterTypeError(f"{name} must be a number{unit_text} (an int or a float), "
                                 f"got {_shown(value)}")
    x = as_float(name, value, unit)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number{unit_text}, got {value!r}")
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and (x >= high if high_open else x > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{name} must be in {left}{lo}, {hi}{right}{unit_text}, got {x:g}")
    return x


def integer(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number within ``[low, high]``.

    A float with no fractional part (``3.0``) is accepted; True/False and text are not.
    """
    if not _is_real(value):
        raise ParameterTypeError(f"{name} must be a whole number (an int), got {_shown(value)}")
    if not isinstance(value, numbers.Integral):
        x = float(value)
        if not (math.isfinite(x) and x.is_integer()):
            raise ValueError(f"{name} must be a whole number, got {value!r}")
    n = int(value)
    if (low is not None and n < low) or (high is not None and n > high):
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        raise ValueError(f"{name} must be a whole number in [{lo}, {hi}], got {n}")
    return n


def flag(name: str, value: Any) -> bool:
    """Return ``value`` if it is True or False (not ``'no'``, not ``0.4``)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ParameterTypeError(f"{name} must be True or False, got {_shown(value)}")
    return bool(value)


def numbers_array(name: str, values: Any, *, low: float | None = None, high: float | None = None,
                  low_open: bool = False, high_open: bool = False, min_size: int = 1,
                  unit: str = "") -> np.ndarray:
    """Return ``values`` (a number, list, array or Series) as a float array, checked like :func:`number`."""
    if values is None or isinstance(values, (str, bytes, bool, np.bool_, dict)):
        raise ParameterTypeError(f"{name} must be a number or a list/array of numbers, got {_shown(values)}")
    if _is_real(values):
        arr = np.asarray([as_float(name, values, unit)])
    elif getattr(getattr(values, "dtype", None), "kind", None) in ("f", "i", "u"):
        # A NumPy array or pandas Series that is numeric already: no per-element check is needed
        # (that check costs milliseconds on a year of hourly values, on every slider move).
        arr = np.asarray(values, dtype=float)
    else:
        try:
            items = list(values.tolist() if hasattr(values, "tolist") else values)
        except TypeError:
            raise ParameterTypeError(f"{name} must be a number or a list/array of numbers, "
                                     f"got {_shown(values)}") from None
        flat = np.asarray(items, dtype=object).ravel()
        bad = [v for v in flat if not _is_real(v)]
        if bad:
            raise ParameterTypeError(f"{name} must hold numbers only, got {_shown(bad[0])} among them")
        arr = np.asarray([as_float(name, v, unit) for v in flat], dtype=float).reshape(np.shape(items))
    if arr.size < min_size:
        raise ValueError(f"{name} is empty: it must be non-empty (at least {min_size} number(s))")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers (no NaN or infinity)")
    for bound, open_, check, word in ((low, low_open, np.less_equal if low_open else np.less, "low"),
                                     (high, high_open, np.greater_equal if high_open else np.greater, "high")):
        if bound is not None and np.any(check(arr, bound)):
            left = "(" if low_open else "["
            right = ")" if high_open else "]"
            lo = "-inf" if low is None else f"{low:g}"
            hi = "inf" if high is None else f"{high:g}"
            worst = arr[check(arr, bound)].ravel()[0]
            if low == 0 and not low_open and high is None:
                raise ValueError(f"{name} must be non-negative (≥ 0){' ' + unit if unit else ''}, "
                                 f"got {worst:g}")
            raise ValueError(f"{name} must be in {left}{lo}, {hi}{right}{' ' + unit if unit else ''}, "
                             f"got {worst:g}")
    return arr


def frame(name: str, value: Any, columns: Iterable[str] = ()) -> Any:
    """Return ``value`` if it is a non-empty pandas DataFrame with the given columns."""
    import pandas as pd

    needed = list(columns)
    need_text = f" with columns {', '.join(needed)}" if needed else ""
    if value is None:
        raise ValueError(f"{name} is missing (None): it needs a pandas DataFrame{need_text}, "
                         f"e.g. from valueloops.data.load(...)")
    if not isinstance(value, pd.DataFrame):
        raise ParameterTypeError(f"{name} must be a pandas DataFrame{need_text}, got {_shown(value)}")
    missing = [c for c in needed if c not in value.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {', '.join(missing)}; it has "
                         f"{', '.join(map(str, value.columns)) or 'no columns'}")
    if value.empty:
        raise ValueError(f"{name} is empty: it needs at least one row{need_text}")
    return value


def numeric_columns(name: str, value: Any, columns: Iterable[str]) -> Any:
    """Return ``value`` if each of ``columns`` holds numbers (not text that looks like them)."""
    import pandas as pd

    text = [c for c in columns if not pd.api.types.is_numeric_dtype(value[c])]
    if text:
        raise ValueError(f"{name}'s column(s) {', '.join(text)} must hold numbers, but hold text "
                         f"(e.g. {str(value[text[0]].iloc[0])[:20]!r}); convert them with "
                         f"pd.to_numeric or load the table with valueloops.data.load")
    return value


def unique_rows(name: str, value: Any, keys: Iterable[str]) -> Any:
    """Return ``value`` if no two rows share the same ``keys`` (a duplicated row would be counted twice)."""
    keys = list(keys)
    twice = value[value.duplicated(keys, keep=False)]
    if not twice.empty:
        first = ", ".join(f"{k}={twice.iloc[0][k]}" for k in keys)
        raise ValueError(f"{name} has {len(twice)} rows that repeat the same {', '.join(keys)} (first: "
                         f"{first}); each must appear once, or its figure is counted twice")
    return value


def series(name: str, value: Any, *, min_size: int = 1) -> Any:
    """Return ``value`` as a pandas Series of finite numbers with at least ``min_size`` values."""
    import pandas as pd

    if value is None:
        raise ValueError(f"{name} is missing (None): it needs a pandas Series of numbers")
    if not isinstance(value, pd.Series):
        if isinstance(value, (str, bytes, bool, dict)) or _is_real(value):
            raise ParameterTypeError(f"{name} must be a pandas Series of numbers, got {_shown(value)}")
        arr = numbers_array(name, value, min_size=min_size)
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional (a Series or list of numbers), got an "
                             f"array of shape {arr.shape}")
        value = pd.Series(arr)
    numbers_array(name, value.to_numpy(), min_size=min_size)
    return value


def finite_result(what: str, value: Any, hint: str = "") -> Any:
    """Return ``value`` if every number in it is finite, else a ``ValueError`` naming the limit."""
    arr = _numbers_in(value)
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} is beyond the largest number a float can hold (about "
                         f"{FLOAT_MAX:.1e}){': ' + hint if hint else ''}")
    return value


def _numbers_in(value: Any) -> np.ndarray:
    import dataclasses

    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return value.select_dtypes("number").to_numpy(dtype=float).ravel()
    if isinstance(value, (pd.Series, np.ndarray)):
        return np.asarray(value, dtype=float).ravel() if np.issubdtype(np.asarray(value).dtype, np.number) \
            else np.empty(0)
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return np.empty(0)  # a Python integer is exact and never infinite (a seed may exceed a float)
    if _is_real(value):
        return np.asarray([float(value)])
    if dataclasses.is_dataclass(value):
        parts = [_numbers_in(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return np.concatenate(parts) if parts else np.empty(0)
    if isinstance(value, (tuple, list)):
        parts = [_numbers_in(v) for v in value]
        return np.concatenate(parts) if parts else np.empty(0)
    return np.empty(0)


def _call_text(func: Callable[..., Any], args: tuple, kwargs: dict) -> str:
    """``name(a=1, b=1e+300)`` with the numbers given (the parameters behind an overflow)."""
    import inspect

    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
    except TypeError:
        return func.__name__
    shown = [f"{k}={shown_number(v)}" for k, v in bound.arguments.items() if _is_real(v)]
    return f"{func.__name__}({', '.join(shown)})"


def guard_overflow(hint: str = "use smaller inputs") -> Callable[[F], F]:
    """Decorate a model: an overflow (OverflowError, or an infinite or NaN result from finite
    inputs) becomes a ``ValueError`` naming the function, the float limit and ``hint``."""
    def wrap(func: F) -> F:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            what = f"the result of {_call_text(func, args, kwargs)}"
            try:
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                    result = func(*args, **kwargs)
            except (OverflowError, FloatingPointError):
                raise ValueError(f"{what} is beyond the largest number a float can hold (about "
                                 f"{FLOAT_MAX:.1e}): {hint}") from None
            return finite_result(what, result, hint)
        return inner  # type: ignore[return-value]
    return wrap
