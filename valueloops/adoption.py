"""Adoption of a new product: the Bass (1969) diffusion model.

Bass, F. M. (1969), "A New Product Growth for Model Consumer Durables", Management Science 15(5),
215-227. A share p of the not-yet-adopters adopts each period on its own (innovation) and a share
q · F(t) is pulled in by those who already adopted (imitation, word of mouth). The share of the
market that has adopted by time t, starting from F(0) = 0, is

    F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}),

and the adoption rate f(t) = dF/dt peaks at t* = ln(q/p)/(p + q) when q > p. Time t is in the
periods p and q are stated in (years here); F is a share of the eventual market, between 0 and 1.
"""

from __future__ import annotations

import math

import numpy as np

from . import validate


def _coefficients(p: float, q: float) -> tuple[float, float]:
    pp = validate.number("p", p, low=0, high=1, low_open=True, unit="(innovation, per period)")
    qq = validate.number("q", q, low=0, high=10, unit="(imitation, per period)")
    return pp, qq


def bass_adopters(t: float | np.ndarray, p: float, q: float) -> float | np.ndarray:
    """Share of the market adopted by time t, F(t) (Bass 1969), between 0 and 1.

    t: time since launch in periods (float or array, each ≥ 0).
    p: coefficient of innovation per period, in (0, 1]; q: coefficient of imitation per period,
    in [0, 10]. With q = 0 the curve is 1 − e^{−pt} (no word of mouth).
    Returns a float for a scalar t, else an array of the same shape.
    """
    pp, qq = _coefficients(p, q)
    scalar = np.ndim(t) == 0
    if scalar:
        tt = np.asarray(validate.number("t", t, low=0, unit="periods"))
    else:
        tt = np.asarray(t, dtype=float)
        if not np.all(np.isfinite(tt)) or np.any(tt < 0):
            raise ValueError("t must contain finite times ≥ 0 (periods since launch)")
    decay = np.exp(-(pp + qq) * tt)
    share = (1 - decay) / (1 + (qq / pp) * decay)
    return float(share) if scalar else share


def bass_rate(t: float | np.ndarray, p: float, q: float) -> float | np.ndarray:
    """Adoption rate f(t) = dF/dt, share of the market adopting per period at time t.

    f(t) = (p + q F(t)) (1 − F(t)): innovators plus imitators among those who have not adopted.
    """
    pp, qq = _coefficients(p, q)
    share = bass_adopters(t, pp, qq)
    return (pp + qq * share) * (1 - share)


def bass_peak_time(p: float, q: float) -> float:
    """Time of the fastest adoption, t* = ln(q/p)/(p + q), in periods (Bass 1969).

    Valid for q > p: word of mouth outweighs innovation and adoption speeds up before it slows. For
    q ≤ p the rate is highest at launch and only falls, so there is no interior peak: a
    ``ValueError`` says so (the peak would be at t = 0, or the formula negative).
    """
    pp, qq = _coefficients(p, q)
    if qq <= pp:
        raise ValueError(f"adoption peaks after launch only when q > p; with q = {qq:g} ≤ p = {pp:g} "
                         "the adoption rate is highest at launch (t = 0) and falls from there")
    return math.log(qq / pp) / (pp + qq)
