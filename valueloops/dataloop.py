"""The data loop: why data compounds, and when it stops compounding (lesson 04).

Customer data → better recommendations → higher conversion → more shoppers → more data. A toy model
with illustrative parameters (no public data measures Amazon's data advantage):

* **Diminishing returns to data.** Recommendation accuracy rises toward a ceiling,
  a(D) = a_max·(1 − e^(−D/k)); the data scale k sets the curvature: small k = strong diminishing
  returns (the ceiling is reached with little data), large k = weak ones (accuracy nearly linear in
  data over a long range). The exponential is the course's assumption: measured learning
  curves in machine learning more often follow power laws (Banko & Brill 2001, "Scaling to very
  very large corpora"; Hestness et al. 2017, "Deep learning scaling is predictable, empirically"),
  whose returns diminish more slowly (lesson 04, section 7).
* **Conversion.** q = c_0 + c_1·a: a base conversion without personalisation plus a lift.
* **Choice.** Each period, shoppers split between two stores in proportion to q^λ (a Tullock
  contest share; λ: how strongly shoppers follow the better experience).
* **Data.** Every purchase adds one unit of data: D_i grows by M·s_i·q_i (M shoppers a period).

An incumbent and an entrant start with different data. With weak diminishing returns (large k) the
incumbent's lead feeds itself and the gap in shares widens for a long time; with strong ones (small
k) both reach the ceiling quickly, accuracy stops differing and the gap closes. For any finite k the
gap closes in the end (the entrant's data keeps growing, and a(D_1) − a(D_2) < a_max·e^(−D_2/k)):
a larger k postpones the closing, it does not prevent it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

MAX_HORIZON = 1000


def accuracy(data: float | np.ndarray, data_scale: float, ceiling: float = 0.8) -> float | np.ndarray:
    """Recommendation accuracy a(D) = ceiling·(1 − e^(−D/k)), a share in [0, ceiling].

    data D ≥ 0: purchases observed (thousands; illustrative units). data_scale k > 0: the data at
    which accuracy reaches 1 − 1/e ≈ 63% of its ceiling. ceiling in (0, 1]: the best accuracy any
    amount of data can give. Returns a float, or an array for an array of data.
    """
    k = validate.number("data_scale", data_scale, low=0, low_open=True)
    top = validate.number("ceiling", ceiling, low=0, high=1, low_open=True)
    scalar = validate._is_real(data)
    d = validate.numbers_array("data", data, low=0, unit="(purchases observed)")
    d = d[0] if scalar else d.reshape(np.shape(data))
    out = top * (1.0 - np.exp(-d / k))
    return float(out) if out.ndim == 0 else out


def marginal_accuracy(data: float, data_scale: float, ceiling: float = 0.8) -> float:
    """a'(D) = (ceiling/k)·e^(−D/k): accuracy gained per extra unit of data (share per thousand)."""
    k = validate.number("data_scale", data_scale, low=0, low_open=True)
    top = validate.number("ceiling", ceiling, low=0, high=1, low_open=True)
    d = validate.number("data", data, low=0)
    return top / k * float(np.exp(-d / k))


@dataclass(frozen=True)
class DataRace:
    """An incumbent and an entrant over time.

    ``path`` is indexed by period 0..horizon with columns data_incumbent, data_entrant (thousand
    purchases, at the start of the period), accuracy_incumbent, accuracy_entrant, conversion_incumbent,
    conversion_entrant (shares) and share_incumbent, share_entrant (shares of shoppers) and
    gap = share_incumbent − share_entrant. start_gap, end_gap, peak_gap (in share points) and
    peak_period summarise it.
    """

    path: pd.DataFrame
    start_gap: float
    end_gap: float
    peak_gap: float
    peak_period: int

    @property
    def widened(self) -> bool:
        """True if the share gap at the end of the horizon exceeds the gap at the start."""
        return self.end_gap > self.start_gap

    def closed_after_peak(self, threshold: float = 0.01) -> int | None:
        """The first period from the peak on in which the share gap is below ``threshold`` (a share
        of shoppers: 0.01 is one point), or None if it never falls that low within the horizon."""
        after_peak = self.path["gap"].loc[self.peak_period:]
        below = after_peak < validate.number("threshold", threshold, low=0, low_open=True)
        return int(below.idxmax()) if below.any() else None


def data_race(data_scale: float, start_share: float, horizon: int, *, start_data: float = 100.0,
              ceiling: float = 0.8, base_conversion: float = 0.01, conversion_lift: float = 0.05,
              shoppers: float = 1000.0, sensitivity: float = 2.0) -> DataRace:
    """Simulate the data loop for an incumbent and an entrant (all parameters illustrative).

    data_scale k: curvature of accuracy (small = strong diminishing returns). start_share: the
    incumbent's share of the start_data (thousand purchases) the two hold at period 0, in (0, 1).
    horizon: number of periods (say quarters), 1 to 1,000. Per period t, for each store i:
    a_i = a(D_i), q_i = base_conversion + conversion_lift·a_i, s_i = q_i^λ / Σ q_j^λ and
    D_i[t+1] = D_i[t] + shoppers·s_i·q_i (thousand shoppers a period; each purchase is data).
    """
    k = validate.number("data_scale", data_scale, low=0, low_open=True)
    s0 = validate.number("start_share", start_share, low=0, high=1, low_open=True, high_open=True)
    n = validate.integer("horizon", horizon, low=1, high=MAX_HORIZON)
    d0 = validate.number("start_data", start_data, low=0, low_open=True)
    top = validate.number("ceiling", ceiling, low=0, high=1, low_open=True)
    c0 = validate.number("base_conversion", base_conversion, low=0, high=1, low_open=True)
    c1 = validate.number("conversion_lift", conversion_lift, low=0, high=1)
    if c0 + c1 * top > 1:
        raise ValueError(f"conversion cannot exceed 1: base_conversion + conversion_lift·ceiling = "
                         f"{c0 + c1 * top:g}")
    m = validate.number("shoppers", shoppers, low=0)
    lam = validate.number("sensitivity", sensitivity, low=0, high=20)

    data = np.empty((n + 1, 2))
    data[0] = (s0 * d0, (1.0 - s0) * d0)
    acc = np.empty((n + 1, 2))
    conv = np.empty((n + 1, 2))
    share = np.empty((n + 1, 2))
    for t in range(n + 1):
        acc[t] = top * (1.0 - np.exp(-data[t] / k))
        conv[t] = c0 + c1 * acc[t]
        weight = conv[t] ** lam
        share[t] = weight / weight.sum()
        if t < n:
            data[t + 1] = data[t] + m * share[t] * conv[t]
    gap = share[:, 0] - share[:, 1]
    path = pd.DataFrame(
        {"data_incumbent": data[:, 0], "data_entrant": data[:, 1],
         "accuracy_incumbent": acc[:, 0], "accuracy_entrant": acc[:, 1],
         "conversion_incumbent": conv[:, 0], "conversion_entrant": conv[:, 1],
         "share_incumbent": share[:, 0], "share_entrant": share[:, 1], "gap": gap},
        index=pd.RangeIndex(n + 1, name="period"))
    peak = int(np.argmax(gap))
    return DataRace(path, float(gap[0]), float(gap[-1]), float(gap[peak]), peak)
