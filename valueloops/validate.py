"""Input validation shared by every model: one clear ``ValueError`` saying what is allowed."""

from __future__ import annotations

import math
import numbers
from typing import Any


def number(name: str, value: Any, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, unit: str = "") -> float:
    """Return ``value`` as a float if it is a finite real number within the given bounds.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open``. The error names the
    parameter, the value given and the allowed range, e.g.
    ``ValueError: gain must be a number in [0, 2], got -1``.
    """
    unit_text = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number{unit_text}, got {value!r} "
                         f"({type(value).__name__})")
    x = float(value)
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
    """Return ``value`` as an int if it is a whole number within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be a whole number, got {value!r}")
    n = int(value)
    if (low is not None and n < low) or (high is not None and n > high):
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        raise ValueError(f"{name} must be a whole number in [{lo}, {hi}], got {n}")
    return n
