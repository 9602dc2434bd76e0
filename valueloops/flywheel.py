"""The flywheel as a feedback loop: reinforcing growth and what stops it.

Loop gain (linear difference equation): x[t+1] = G·x[t] + u. With |G| < 1 the path converges to
u/(1 − G); with G = 1 it grows by u a step; with G > 1 it grows exponentially. Reference: Oliva,
Sterman & Giese (2003), "Limits to growth in the new economy", System Dynamics Review 19(2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import validate

MAX_STEPS = 10_000


def loop_path(gain: float, push: float, steps: int, start: float = 0.0) -> pd.Series:
    """The path x[0..steps] of the loop x[t+1] = gain·x[t] + push.

    gain: loop gain G per step (dimensionless; the product of the link strengths around the loop).
    push: outside input u added every step, in the units of x (say customers per month).
    steps: number of steps (whole number, 1 to 10,000). start: x[0], in the units of x.
    Returns a float Series indexed 0..steps (index name ``step``).
    """
    g = validate.number("gain", gain)
    u = validate.number("push", push)
    n = validate.integer("steps", steps, low=1, high=MAX_STEPS)
    x = np.empty(n + 1)
    x[0] = validate.number("start", start)
    for t in range(n):
        x[t + 1] = g * x[t] + u
    return pd.Series(x, index=pd.RangeIndex(n + 1, name="step"), name="x")


def long_run_level(gain: float, push: float) -> float:
    """The level a converging loop settles at, u/(1 − G), in the units of x.

    Defined only for |G| < 1; otherwise the loop does not settle and a ``ValueError`` says so.
    """
    g = validate.number("gain", gain)
    u = validate.number("push", push)
    if abs(g) >= 1:
        raise ValueError(f"the loop settles only when |gain| < 1; with gain {g:g} it "
                         f"{'grows without limit' if g >= 1 else 'oscillates without settling'}")
    return u / (1 - g)
