"""Who pays for the store's servers: shared-infrastructure cost allocation, and peers compared.

Shared infrastructure (illustrative): a platform costs a fixed amount F a period plus a unit cost
v for each unit of use. The store uses u units, external (paying) AWS customers e units. Allocated
in proportion to use, the store bears

    C_store = F·u/(u + e) + v·u,

against F + v·u if it ran the same infrastructure alone. Its share of the fixed cost, u/(u + e),
falls as external use grows. This is a *cost allocation*, one convention among several (by use,
stand-alone cost, incremental cost ...): it divides a bill; it is not an accounting fact, and
Amazon does not report how much of AWS the store uses.

Peers: :func:`peer_comparison` puts AWS (from ``amazon_segments``) beside Google Cloud, Microsoft
Intelligent Cloud and eBay (from ``peers``) in one tidy table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate


@dataclass(frozen=True)
class SharedCost:
    """One allocation of a shared platform's cost (money per period).

    total: F + v·(u + e); store: the store's allocated cost; external: what external users bear;
    standalone: F + v·u, the store's cost alone; saving: standalone − store;
    store_fixed_share: u/(u + e), the store's share of the fixed cost.
    """

    total: float
    store: float
    external: float
    standalone: float
    saving: float
    store_fixed_share: float


def shared_cost(fixed_cost: float, store_use: float, external_use: float,
                unit_cost: float = 0.0) -> SharedCost:
    """Allocate a shared platform's cost between the store and external users in proportion to use.

    fixed_cost: F, money per period (≥ 0). store_use: u, units of use (> 0). external_use: e,
    units of use (≥ 0). unit_cost: v, money per unit of use (≥ 0). Illustrative model.
    """
    f = validate.number("fixed_cost", fixed_cost, low=0, unit="(money per period)")
    u = validate.number("store_use", store_use, low=0, low_open=True, unit="(units of use)")
    e = validate.number("external_use", external_use, low=0, unit="(units of use)")
    v = validate.number("unit_cost", unit_cost, low=0, unit="(money per unit of use)")
    share = u / (u + e)
    store = f * share + v * u
    total = f + v * (u + e)
    standalone = f + v * u
    return SharedCost(total, store, total - store, standalone, standalone - store, share)


def store_cost_curve(fixed_cost: float, store_use: float, external_uses: np.ndarray | list[float],
                     unit_cost: float = 0.0) -> pd.DataFrame:
    """The store's allocated cost for each external use in ``external_uses`` (a sweep).

    Returns a DataFrame indexed by ``external_use`` with columns ``store``, ``external``,
    ``standalone`` and ``store_fixed_share`` (money per period; share of 1).
    """
    uses = validate.numbers_array("external_uses", external_uses, low=0)
    if np.ndim(external_uses) != 1:
        raise ValueError("external_uses must be a list or 1-D array of external uses (a sweep)")
    external_uses = uses
    rows = [shared_cost(fixed_cost, store_use, e, unit_cost) for e in uses]
    frame = pd.DataFrame({
        "store": [r.store for r in rows],
        "external": [r.external for r in rows],
        "standalone": [r.standalone for r in rows],
        "store_fixed_share": [r.store_fixed_share for r in rows],
    }, index=pd.Index(np.asarray(external_uses, float), name="external_use"))
    return frame


PEER_LABELS = {
    ("Amazon", "AWS"): "AWS (Amazon)",
    ("Alphabet", "Google Cloud"): "Google Cloud (Alphabet)",
    ("Microsoft", "Intelligent Cloud"): "Intelligent Cloud (Microsoft)",
    ("eBay", "eBay Inc. (whole company)"): "eBay (whole company)",
}


def peer_comparison(peers: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """AWS beside its peers, one row per business and fiscal year.

    peers: the ``peers`` table; segments: the ``amazon_segments`` table (both from
    :func:`valueloops.data.load`). Where a peer figure exists on more than one basis, the figure
    *as first reported* is kept (Microsoft's August 2024 segment recast is dropped) so that each
    series uses one segment definition. Columns: ``business``, ``fiscal_year``,
    ``fiscal_year_end`` (month), ``revenue_musd``, ``operating_income_musd`` (US$ millions; missing
    where the table has no figure) and ``operating_margin`` (share of revenue).
    """
    validate.frame("peers", peers, ("basis", "company", "segment", "metric", "fiscal_year",
                                     "fiscal_year_end", "value_musd"))
    validate.frame("segments", segments, ("segment", "year", "net_sales_musd", "operating_income_musd"))
    aws = segments[segments["segment"] == "AWS"]
    frames = [pd.DataFrame({
        "business": PEER_LABELS[("Amazon", "AWS")],
        "fiscal_year": aws["year"].to_numpy(),
        "fiscal_year_end": "December",
        "revenue_musd": aws["net_sales_musd"].to_numpy(),
        "operating_income_musd": aws["operating_income_musd"].to_numpy(),
    })]
    kept = peers[~peers["basis"].str.lower().str.startswith("recast")]
    for (company, segment), group in kept.groupby(["company", "segment"], sort=False):
        wide = group.pivot_table(index=["fiscal_year", "fiscal_year_end"], columns="metric",
                                 values="value_musd", aggfunc="first").reset_index()
        frames.append(pd.DataFrame({
            "business": PEER_LABELS.get((company, segment), f"{segment} ({company})"),
            "fiscal_year": wide["fiscal_year"].to_numpy(),
            "fiscal_year_end": wide["fiscal_year_end"].astype(str).to_numpy(),
            "revenue_musd": wide["revenue"].to_numpy(dtype=float) if "revenue" in wide
            else np.nan,
            "operating_income_musd": wide["operating_income"].to_numpy(dtype=float)
            if "operating_income" in wide else np.nan,
        }))
    table = pd.concat(frames, ignore_index=True)
    table["operating_margin"] = table["operating_income_musd"] / table["revenue_musd"]
    table["fiscal_year"] = table["fiscal_year"].astype("int64")
    return table.sort_values(["business", "fiscal_year"]).reset_index(drop=True)
