"""The course's one rounding rule: half up (ties away from zero), for checks and for chart text.

Python's ``round`` and format ``:.0f``, NumPy and pandas round half to even (32.5 -> 32); the course
rounds half up (32.5 -> 33), as COURSE.md states and students are taught. One small module, with
NumPy only, so the checks (which must not load matplotlib) and the charts share one implementation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

TIE_NUDGE = 1e-9
"""A nudge, in units of the last place, that keeps a tie a tie when floating point stores it a
hair low (21.85 computed as 21.849999999999998, 37.125 as 37.124999999999993)."""


def units_half_up(x: Any, decimals: int = 0) -> Any:
    """``x`` rounded half up at ``decimals``, as a signed count of units of the last place
    (21.85 at one decimal -> 219.0). Works on a number, a NumPy array or a pandas object, element
    by element; a whole count is returned as a float (``int()`` it for one number)."""
    scaled = np.abs(x) * 10.0 ** decimals
    return np.sign(x) * np.floor(scaled + 0.5 + TIE_NUDGE * np.maximum(1.0, scaled))


def round_half_up(x: Any, decimals: int = 0) -> Any:
    """``x`` rounded half up (ties away from zero) at ``decimals``: 32.5 -> 33, 37.125 at two
    decimals -> 37.13, -2.5 -> -3. Works on a number, a NumPy array or a pandas object, element by
    element, and keeps its type (a pandas object stays one)."""
    return units_half_up(x, decimals) / 10.0 ** decimals


def truncate(x: float, decimals: int = 0) -> float:
    """``x`` cut off (truncated toward zero) at ``decimals``, as written in decimal: 2.05 at five
    decimals stays 2.05 although floating point stores it a hair low (the same nudge as
    :func:`units_half_up`); 13.636 at two decimals -> 13.63."""
    scaled = abs(x) * 10.0 ** decimals
    units = np.floor(scaled + TIE_NUDGE * np.maximum(1.0, scaled))
    return float(np.copysign(units / 10.0 ** decimals, x))
