"""The flywheel as a feedback loop: reinforcing growth and what stops it.

Loop gain (linear difference equation): x[t+1] = G·x[t] + u. With |G| < 1 the path converges to
u/(1 − G); with G = 1 it grows by u a step; with G > 1 it grows exponentially. Reference: Oliva,
Sterman & Giese (2003), "Limits to growth in the new economy", System Dynamics Review 19(2).

Lesson 01 adds the gain as a product of link strengths (:func:`loop_gain`), the long-run effect of
a permanent push (:func:`push_multiplier`), a balancing loop that caps growth at a capacity
(:func:`capped_path`, an S-curve), a logistic fit of real growth rates (:func:`fit_logistic`), and
a pushed loop without a limit fitted to the same rates (:func:`fit_pushed_loop`), to show that one
path fits several loops (:func:`growth_fit_error` measures how well).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

MAX_STEPS = 10_000


@validate.guard_overflow("the path grows past the float limit: use fewer steps or a gain closer to 1")
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


# --- Lesson 01: link strengths, a permanent push, and the balancing loop ---------------------


def loop_gain(strengths: "list[float] | tuple[float, ...]") -> float:
    """The loop gain G: the product of the link strengths (marginal effects) around a loop.

    strengths: one number per arrow, each a marginal effect: the extra units of the next quantity
    that one extra unit of the one before brings, with every quantity measured in the loop's level
    (e.g. orders), so G is the coefficient of x[t+1] = G·x[t] + u (e.g. 1.2, 0.9, 0.95). A
    reinforcing loop has all links positive; G > 1 means a push comes back round the loop bigger.
    (Elasticities, % per %, multiply the same way, but then the loop equation holds for log
    deviations, not levels.)
    Reference: loop polarity and gain in system dynamics (Sterman 2000, *Business Dynamics*,
    ch. 5; Oliva, Sterman & Giese 2003).
    """
    if isinstance(strengths, (str, bytes)) or not hasattr(strengths, "__iter__"):
        raise ValueError(f"strengths must be a list of numbers, one per link, got {strengths!r}")
    values = [validate.number(f"strengths[{i}]", s) for i, s in enumerate(strengths)]
    if not values:
        raise ValueError("strengths must name at least one link")
    return float(np.prod(values))


def push_multiplier(gain: float) -> float:
    """How much a permanent extra push Δu raises the long-run level: Δx* = Δu/(1 − G).

    Returns 1/(1 − G) (dimensionless). Defined only for |G| < 1, like :func:`long_run_level`.
    """
    return long_run_level(gain=gain, push=1.0)


@validate.guard_overflow("the discrete path overshoots and explodes: use a smaller gain or push (gain + push/capacity well below 3)")
def capped_path(gain: float, push: float, capacity: float, steps: int,
                start: float = 0.0) -> pd.Series:
    """The loop with a balancing loop: growth slows as x nears the capacity K (an S-curve).

    x[t+1] = x[t] + [(G − 1)·x[t] + u]·(1 − x[t]/K).

    The bracket is the step of the plain loop :func:`loop_path` (x[t+1] − x[t] = (G − 1)x + u);
    the factor (1 − x/K) is the balancing loop: capacity, service quality or market saturation
    that bites harder the closer x gets to K (discrete logistic growth). Far below K the path is
    the plain loop; for G > 1 it bends into an S-curve and settles at K; for G < 1 it settles at
    min(u/(1 − G), K). Reference: Oliva, Sterman & Giese (2003), "Limits to growth in the new
    economy", System Dynamics Review 19(2) (reinforcing growth limited by a balancing loop).

    gain: G ≥ 0 (dimensionless); push: u ≥ 0 in the units of x; capacity: K > 0 in the units of
    x; start: x[0] in [0, K]; steps: 1 to 10,000. With G + u/K > 2 a step can overshoot K and
    the path oscillates (a real feature of the discrete model, not a bug).
    Returns a float Series indexed 0..steps (index name ``step``).
    """
    g = validate.number("gain", gain, low=0)
    u = validate.number("push", push, low=0)
    k = validate.number("capacity", capacity, low=0, low_open=True)
    n = validate.integer("steps", steps, low=1, high=MAX_STEPS)
    x0 = validate.number("start", start, low=0)
    if x0 > k:
        raise ValueError(f"start ({x0:g}) must not exceed capacity ({k:g})")
    x = np.empty(n + 1)
    x[0] = x0
    for t in range(n):
        x[t + 1] = x[t] + ((g - 1) * x[t] + u) * (1 - x[t] / k)
    return pd.Series(x, index=pd.RangeIndex(n + 1, name="step"), name="x")


def growth_rates(levels: pd.Series) -> pd.Series:
    """Period-on-period growth rates x[t]/x[t−1] − 1 (share of 1, not percent); first dropped.

    levels: a Series of positive levels in time order (e.g. net sales by year).
    """
    if isinstance(levels, pd.Series) and len(levels) < 2:
        raise ValueError("levels must hold at least two periods to give a growth rate")
    levels = validate.series("levels", levels, min_size=2)
    if not (levels > 0).all():
        raise ValueError("levels must all be positive to give growth rates")
    return (levels / levels.shift(1) - 1).iloc[1:].rename("growth")


def growth_pairs(levels: pd.Series, drop: "tuple[int, ...]" = ()) -> pd.DataFrame:
    """Each period's growth rate (share of 1) with the level it started from, the points every fit
    here is read off; ``drop``: periods (index labels, e.g. years an acquisition moved) left out.
    """
    growth = growth_rates(levels)
    pairs = pd.DataFrame({"previous": levels.shift(1).loc[growth.index].astype(float),
                          "growth": growth.astype(float)})
    unknown = [label for label in drop if label not in pairs.index]
    if unknown:
        raise ValueError(f"drop names periods without a growth rate: {unknown}; allowed: "
                         f"{list(pairs.index)}")
    return pairs.drop(index=list(drop))


@dataclass(frozen=True)
class LogisticFit:
    """A straight line through (level, growth): growth = rate·(1 − level/capacity).

    rate: growth rate far below capacity (share of 1 per period); capacity: the level where
    growth would reach zero, in the units of the levels (infinite if growth does not slow).
    """

    rate: float
    capacity: float

    def growth_at(self, level: "float | np.ndarray") -> "float | np.ndarray":
        """The fitted growth rate at a level (share of 1 per period)."""
        return self.rate * (1 - np.asarray(level, dtype=float) / self.capacity)


def fit_logistic(levels: pd.Series, drop: "tuple[int, ...]" = ()) -> LogisticFit:
    """Fit logistic growth to a series by least squares of growth on the previous level.

    Logistic growth says g[t] = r·(1 − x[t−1]/K): the growth rate falls in a straight line as the
    level rises. Regressing each period's growth on the level it started from gives the
    intercept r and the slope −r/K. A descriptive fit, not a forecast: a handful of points, and
    shocks (a pandemic, a recession) move growth as much as saturation does.
    Returns a :class:`LogisticFit`; capacity is ``inf`` if growth does not fall with the level.
    drop: periods left out of the fit (:func:`growth_pairs`).
    """
    pairs = growth_pairs(levels, drop)
    if len(pairs) < 2:
        raise ValueError("levels must hold at least three periods to fit a line")
    slope, intercept = np.polyfit(pairs["previous"], pairs["growth"], 1)
    capacity = -intercept / slope if slope < 0 and intercept > 0 else float("inf")
    return LogisticFit(rate=float(intercept), capacity=float(capacity))


@dataclass(frozen=True)
class ConstantGrowthFit:
    """The benchmark a loop reading must beat: one growth rate at every level (a flat line).

    rate: the growth rate, share of 1 per period.
    """

    rate: float

    def growth_at(self, level: "float | np.ndarray") -> "float | np.ndarray":
        """The fitted growth rate at a level (share of 1 per period): the same at every level."""
        return self.rate + 0 * np.asarray(level, dtype=float)


def fit_constant_growth(levels: pd.Series, drop: "tuple[int, ...]" = ()) -> ConstantGrowthFit:
    """Fit one constant growth rate to a series: the mean of its growth rates (least squares).

    levels: positive levels in time order (e.g. net sales by year). Compare it with the loops'
    fits through :func:`growth_fit_error`.
    """
    return ConstantGrowthFit(rate=float(growth_pairs(levels, drop)["growth"].mean()))


@dataclass(frozen=True)
class PushedLoopFit:
    """A loop without a limit, x[t] = G·x[t−1] + u, read off growth rates.

    Its growth rate is g = (G − 1) + u/x[t−1]: it falls as the level rises, towards G − 1, with no
    capacity at all. gain: G (dimensionless, per period); push: u, in the units of the levels per
    period.
    """

    gain: float
    push: float

    def growth_at(self, level: "float | np.ndarray") -> "float | np.ndarray":
        """The fitted growth rate at a level (share of 1 per period)."""
        return self.gain - 1 + self.push / np.asarray(level, dtype=float)


def fit_pushed_loop(levels: pd.Series, gain: float | None = None,
                    drop: "tuple[int, ...]" = ()) -> PushedLoopFit:
    """Fit a pushed loop without a limit to a series, by least squares of growth on 1/level.

    levels: positive levels in time order (e.g. net sales by year, US$ billions). gain: fix G
    (e.g. 0.95 for a leaking loop) and fit only the push u; None fits both. The same kind of
    descriptive fit as :func:`fit_logistic`, for comparing readings of one path, not a forecast.
    """
    pairs = growth_pairs(levels, drop)
    growth = pairs["growth"].to_numpy()
    inverse = 1 / pairs["previous"].to_numpy()
    if len(growth) < 2:
        raise ValueError("levels must hold at least three periods to fit a line")
    if gain is None:
        push, intercept = np.polyfit(inverse, growth, 1)
        return PushedLoopFit(gain=float(1 + intercept), push=float(push))
    gain = validate.number("gain", gain, low=0.0)
    push = float(np.sum((growth - (gain - 1)) * inverse) / np.sum(inverse ** 2))
    return PushedLoopFit(gain=gain, push=push)


def growth_fit_error(levels: pd.Series, fit: "LogisticFit | PushedLoopFit | ConstantGrowthFit",
                     drop: "tuple[int, ...]" = ()) -> float:
    """Root-mean-square gap between a series' growth rates and a fit's (share of 1 per period),
    over the periods not in ``drop`` (:func:`growth_pairs`)."""
    if not isinstance(fit, (LogisticFit, PushedLoopFit, ConstantGrowthFit)):
        raise validate.ParameterTypeError(
            "fit must be the result of fit_logistic, fit_pushed_loop or fit_constant_growth, "
            f"got {type(fit).__name__}")
    pairs = growth_pairs(levels, drop)
    return float(np.sqrt(np.mean((pairs["growth"].to_numpy() - fit.growth_at(pairs["previous"].to_numpy())) ** 2)))


ONE_SIDED = "fit stays above/below data"
""":func:`growth_readings`' column of the last years in which a fit misses on one side only."""


def growth_readings(levels: pd.Series, leak_gain: float = 0.95,
                    drop: "tuple[int, ...]" = ()) -> pd.DataFrame:
    """Lesson 01's four readings of one path, fitted to the same growth rates, as a small table.

    Rows (short names, so the lecture's tables fit a normal window): ``limit`` (a reinforcing loop
    meeting a limit, :func:`fit_logistic`), ``pushed loop`` (a reinforcing loop with a push and no
    limit) and ``leaking loop`` (G = ``leak_gain``, chosen, with a push; both
    :func:`fit_pushed_loop`), ``flat line`` (the benchmark, one constant growth rate); then ``data``.
    Columns: ``fitted`` (the fitted numbers; u in the levels' unit a year), ``miss (points)`` (the
    root-mean-square miss, points of growth), ``fit stays above/below data`` (the last run of years
    in which the fit misses on one side, always above or always below the data, and by how many
    points, e.g. "above 2022-2025 by 4.6-8.4"), then growth in percent: the fit's
    for the first and last year of data (headed by the year) and its prediction for the year after,
    read at the last level (headed "2026 predicted", so it is not taken for data). ``drop``: years
    left out of the fits (:func:`growth_pairs`).
    """
    pairs = growth_pairs(levels, drop)
    first, last = pairs.index[0], pairs.index[-1]
    fits = {
        "limit": fit_logistic(levels, drop),
        "pushed loop": fit_pushed_loop(levels, drop=drop),
        "leaking loop": fit_pushed_loop(levels, gain=leak_gain, drop=drop),
        "flat line": fit_constant_growth(levels, drop),
    }
    rows = []
    for name, fit in fits.items():
        if isinstance(fit, LogisticFit):
            values = f"G ≈ {1 + fit.rate:.2f}, K ≈ {fit.capacity:,.0f}"
        elif isinstance(fit, PushedLoopFit):
            # the leaking loop's G is chosen (=); the pushed loop's is fitted (≈)
            gain = f"G = {fit.gain:.2f} (chosen)" if name == "leaking loop" else f"G ≈ {fit.gain:.2f}"
            values = f"{gain}, u ≈ {fit.push:.1f}"
        else:
            values = f"{100 * fit.rate:.1f}% a year"
        gap = 100 * (fit.growth_at(pairs["previous"].to_numpy()) - pairs["growth"].to_numpy())
        rows.append({"reading": name, "fitted": values,
                     "miss (points)": 100 * growth_fit_error(levels, fit, drop),
                     ONE_SIDED: _one_sided(pd.Series(gap, index=pairs.index)),
                     f"{first}": 100 * float(fit.growth_at(pairs.loc[first, "previous"])),
                     f"{last}": 100 * float(fit.growth_at(pairs.loc[last, "previous"])),
                     f"{last + 1} predicted": 100 * float(fit.growth_at(levels.iloc[-1]))})
    rows.append({"reading": "data", "fitted": "", ONE_SIDED: "",
                 f"{first}": 100 * pairs.loc[first, "growth"], f"{last}": 100 * pairs.loc[last, "growth"]})
    return pd.DataFrame(rows).set_index("reading")


def _one_sided(gap: pd.Series) -> str:
    """The last run of years in which a fit misses the data on one side (gap: fit minus data,
    points), e.g. "above 2022-2025 by 4.6-8.4"; "" if the last gap's side lasts one year."""
    side = gap.iloc[-1] > 0
    same = (gap > 0) == side
    start = gap.index[-1]
    for year in reversed(gap.index):
        if not same[year]:
            break
        start = year
    if start == gap.index[-1]:
        return ""
    run = gap.loc[start:].abs()
    return f"{'above' if side else 'below'} {start}-{gap.index[-1]} by {run.min():.1f}-{run.max():.1f}"
