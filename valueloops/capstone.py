"""The capstone: describe another firm's value loop and run the course's models on its numbers.

Two parts, both plain data a learner can fill in:

* **The loop diagram as data.** A :class:`Link` says "more of ``source`` brings more (sign +1) or
  less (sign −1) of ``target``". A :class:`LoopModel` holds a firm, the hidden asset it could rent
  out, its nodes and links. :meth:`LoopModel.loops` finds every closed loop and classifies it with
  the rule of causal-loop diagrams: a loop with an even number of negative links is *reinforcing*
  (polarity +1), an odd number makes it *balancing* (polarity −1). Sterman (2000), *Business
  Dynamics*, ch. 5. :meth:`LoopModel.problems` says in plain words what is wrong with a model (an
  unknown node, a link on no closed loop, no balancing loop ...).
* **The numbers.** :class:`RentalParameters` are the inputs of the course's models for the hidden
  asset's rental business: the loop gain of its renters (``flywheel.loop_path``, lesson 01),
  pooling of the renters' demand on the spare capacity (``cloud.pooled_capacity``, lesson 06), the
  fee renters will bear (``power.sustainable_take_rate``, lesson 10) and the value of one renter
  (``devices.customer_lifetime_value``, lesson 09). :func:`parameter_problems` checks them against
  the models' bounds; :func:`run_case` runs the models and returns a :class:`CaseResult`.

The worked example (:func:`cold_chain_model`, :func:`cold_chain_parameters`) is a grocery chain
renting out its cold-chain logistics; its numbers are illustrative, not any real firm's.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from . import validate
from .cloud import pooled_capacity
from .devices import customer_lifetime_value
from .flywheel import loop_path
from .power import sustainable_take_rate

REINFORCING = "reinforcing"
BALANCING = "balancing"
MAX_RENTERS = 100_000
"""The most renters :func:`renters_that_fit` will count (a search bound, far above any example)."""


# ---------------------------------------------------------------------------------------------
# The loop diagram as data
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    """One causal link: more of ``source`` brings more (``sign=+1``) or less (``sign=-1``) of ``target``.

    ``source`` and ``target`` are node names (non-empty text). A +1 link moves its target in the
    same direction as its source; a −1 link in the opposite direction (a limit, a cost, congestion).
    """

    source: str
    target: str
    sign: int = 1

    def __post_init__(self) -> None:
        for role in ("source", "target"):
            value = getattr(self, role)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"a link's {role} must be a node name (non-empty text), got {value!r}")
        if isinstance(self.sign, bool) or self.sign not in (1, -1):
            raise ValueError(f"the sign of the link {self.source!r} → {self.target!r} must be +1 "
                             f"(same direction) or -1 (opposite direction), got {self.sign!r}")

    def __str__(self) -> str:
        return f"{_flat(self.source)} →({'+' if self.sign > 0 else '−'}) {_flat(self.target)}"


@dataclass(frozen=True)
class Loop:
    """One closed loop of a model: its nodes in order (the first follows the last) and link signs."""

    nodes: tuple[str, ...]
    signs: tuple[int, ...]

    @property
    def polarity(self) -> int:
        """+1 for a reinforcing loop, −1 for a balancing one: the product of the link signs."""
        return loop_polarity(self.signs)

    @property
    def kind(self) -> str:
        """``"reinforcing"`` (an even number of −1 links) or ``"balancing"`` (an odd number)."""
        return REINFORCING if self.polarity > 0 else BALANCING

    @property
    def negative_links(self) -> int:
        return sum(1 for s in self.signs if s < 0)

    def __str__(self) -> str:
        return " → ".join(_flat(n) for n in (*self.nodes, self.nodes[0]))


def _flat(name: str) -> str:
    """A node name on one line (diagram labels may break lines with \\n)."""
    return " ".join(name.split())


def _q(name: object) -> str:
    """A node name quoted for a message, on one line."""
    return f"'{_flat(name)}'" if isinstance(name, str) else repr(name)


def loop_polarity(signs: tuple[int, ...] | list[int]) -> int:
    """The polarity of a closed loop from the signs of its links: +1 reinforcing, −1 balancing.

    The product of the signs: each −1 link flips the direction once, so an even number of them
    leaves the loop reinforcing (Sterman 2000, *Business Dynamics*, §5.1). An empty loop is refused.
    """
    if isinstance(signs, (str, bytes, dict)) or not hasattr(signs, "__iter__"):
        raise validate.ParameterTypeError(f"signs must be a list of +1/-1 link signs, such as [1, -1, 1], "
                                          f"got {signs!r:.40}")
    signs = list(signs)
    if not signs:
        raise ValueError("signs is empty: a loop needs at least one link")
    polarity = 1
    for s in signs:
        if isinstance(s, bool) or s not in (1, -1):
            raise ValueError(f"signs: every sign must be +1 or -1, got {s!r}")
        polarity *= s
    return polarity


@dataclass(frozen=True)
class LoopModel:
    """A firm's value loops: which hidden asset it could rent out, its nodes and causal links.

    ``firm``: the firm's name; ``asset``: the hidden asset (excess capacity, a capability, data)
    it could turn into a product for others; ``nodes``: the quantities in the diagram; ``links``:
    the :class:`Link` s between them. The model can be built with mistakes in it, so that
    :meth:`problems` can say what they are; :meth:`validate` raises them as one ``ValueError``.
    """

    firm: str
    asset: str
    nodes: tuple[str, ...]
    links: tuple[Link, ...]

    def __post_init__(self) -> None:
        for role, example in (("nodes", '("Renters", "Price")'), ("links", "(Link(...), Link(...))")):
            value = getattr(self, role)
            if isinstance(value, (str, Link)) or not isinstance(value, (tuple, list)):
                raise ValueError(f"{role} must be a tuple such as {example}, got "
                                 f"{type(value).__name__} {value!r:.40}")
            object.__setattr__(self, role, tuple(value))

    def _adjacency(self) -> dict[str, list[Link]]:
        out: dict[str, list[Link]] = {}
        for link in self.links:
            if isinstance(link, Link):
                out.setdefault(link.source, []).append(link)
        return out

    def loops(self) -> tuple[Loop, ...]:
        """Every closed loop (simple cycle) of the links, each found once.

        A loop is listed starting at its node that comes first in ``nodes`` (unknown nodes after
        the known ones, alphabetically), then by that order; it is the same loop however drawn.
        """
        adjacency = self._adjacency()
        declared = [n for n in self.nodes if isinstance(n, str)]
        names = list(dict.fromkeys([*declared, *sorted(
            {n for link in self.links if isinstance(link, Link) for n in (link.source, link.target)}
            - set(declared))]))
        rank = {name: i for i, name in enumerate(names)}
        found: list[Loop] = []
        for start in names:
            # depth-first search for paths back to start through nodes ranked after it only
            stack: list[tuple[str, tuple[str, ...], tuple[int, ...]]] = [(start, (start,), ())]
            while stack:
                node, path, signs = stack.pop()
                for link in sorted(adjacency.get(node, []), key=lambda l: -rank[l.target]):
                    if link.target == start:
                        found.append(Loop(path, (*signs, link.sign)))
                    elif rank[link.target] > rank[start] and link.target not in path:
                        stack.append((link.target, (*path, link.target), (*signs, link.sign)))
        return tuple(found)

    def loop_table(self) -> pd.DataFrame:
        """One row per closed loop: the loop, its number of links and of −1 links, and its kind."""
        rows = [{"loop": str(loop), "links": len(loop.signs), "negative_links": loop.negative_links,
                 "kind": loop.kind} for loop in self.loops()]
        return pd.DataFrame(rows, columns=["loop", "links", "negative_links", "kind"])

    def problems(self) -> list[str]:
        """What is wrong with this model, in plain words (an empty list if nothing is).

        Checked: a firm name and a hidden asset are filled in; nodes are distinct, non-empty names;
        links are :class:`Link` s between known nodes, none repeated; every node is on some link;
        every link lies on a closed loop (something leads from its target back to its source);
        the model has at least one reinforcing and at least one balancing loop.
        """
        out: list[str] = []
        for role, text in (("firm", "name the firm"), ("asset", "name the hidden asset it could rent out")):
            value = getattr(self, role)
            if not isinstance(value, str) or not value.strip():
                out.append(f"{role} is empty: {text} (text in quotes).")
        if not self.nodes:
            out.append("nodes is empty: list the quantities in your diagram.")
        seen: set[str] = set()
        for node in self.nodes:
            if not isinstance(node, str) or not node.strip():
                out.append(f"every node must be a name (non-empty text), got {node!r}.")
            elif node in seen:
                out.append(f"node {_q(node)} is listed twice.")
            else:
                seen.add(node)
        links = [link for link in self.links if isinstance(link, Link)]
        for link in self.links:
            if not isinstance(link, Link):
                out.append(f"{link!r} is not a Link: write Link(source, target, sign).")
        if not links:
            out.append("links is empty: draw the arrows with Link(source, target, sign).")
            return out
        known = seen
        pairs: set[tuple[str, str]] = set()
        for link in links:
            for end in (link.source, link.target):
                if end not in known:
                    out.append(f"link {link}: {_q(end)} is not one of the model's nodes "
                               f"(check the spelling, or add it to nodes).")
            if (link.source, link.target) in pairs:
                out.append(f"the link {_q(link.source)} → {_q(link.target)} appears twice; keep one.")
            pairs.add((link.source, link.target))
        used = {n for link in links for n in (link.source, link.target)}
        for node in self.nodes:
            if isinstance(node, str) and node not in used:
                out.append(f"node {_q(node)} has no links: connect it or remove it.")
        adjacency = self._adjacency()
        for link in links:
            if not _reaches(adjacency, link.target, link.source):
                out.append(f"the loop does not close: link {link} is on no closed loop, since "
                           f"nothing leads from {_q(link.target)} back to {_q(link.source)}.")
        kinds = {loop.kind for loop in self.loops()}
        if not any(link.sign < 0 for link in links):
            out.append("no balancing link: every link is +1, so nothing in the model stops growth. "
                       "Add the limit (capacity, price, congestion, quality) as a -1 link.")
        elif BALANCING not in kinds:
            out.append("no balancing loop: every closed loop has an even number of -1 links, so "
                       "each one reinforces. Close a loop through a single -1 link (the limit).")
        if kinds and REINFORCING not in kinds:
            out.append("no reinforcing loop: every closed loop has an odd number of -1 links. "
                       "Which loop makes the rental business grow?")
        return out

    def validate(self) -> LoopModel:
        """Return the model if :meth:`problems` finds nothing, else raise one ``ValueError`` listing them."""
        found = self.problems()
        if found:
            raise ValueError("the loop model has problems:\n- " + "\n- ".join(found))
        return self


def _reaches(adjacency: dict[str, list[Link]], start: str, goal: str) -> bool:
    """Whether following links from ``start`` can reach ``goal``."""
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for link in adjacency.get(node, []):
            if link.target not in seen:
                seen.add(link.target)
                todo.append(link.target)
    return False


# ---------------------------------------------------------------------------------------------
# The numbers: parameters for the course's models
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RentalParameters:
    """The numbers of a hidden asset's rental business, in the units of the course's models.

    The renters' loop (lesson 01): ``gain`` renters kept and brought back per renter per month
    (dimensionless, 0 to 1.5), ``push`` new renters a month from outside (sales effort),
    ``months`` the horizon (whole number, 1 to 600).
    The asset and pooling (lessons 05–06): ``capacity`` of the asset (its own units, say pallet
    positions, > 0); ``own_use`` the share of it the firm needs at its own peak (0 to 1, below 1);
    one renter needs on average ``renter_mean`` units with standard deviation ``renter_sd``, served
    at ``service_z`` standard deviations of headroom, pairwise ``correlation`` between renters.
    The fee (lesson 10): ``renter_margin`` the renter's margin as a share of its sales moved
    through the asset, ``outside_take`` the fee of its next-best option (share of sales),
    ``lost_share`` the share of its sales it would lose by leaving.
    One renter's value (lesson 09): ``renter_sales`` its sales moved through the asset per month
    (US$ thousands), ``service_margin`` the firm's margin on the fee (share), ``retention`` the
    share of renters kept each month, ``discount`` the monthly discount rate.
    """

    gain: float
    push: float
    months: int
    capacity: float
    own_use: float
    renter_mean: float
    renter_sd: float
    service_z: float
    correlation: float
    renter_margin: float
    outside_take: float
    lost_share: float
    renter_sales: float
    service_margin: float
    retention: float
    discount: float


_OWN_BOUNDS: dict[str, dict[str, Any]] = {
    "gain": dict(low=0.0, high=1.5, unit="per month"),
    "push": dict(low=0.0, unit="renters a month"),
    "capacity": dict(low=0.0, low_open=True, unit="units of the asset"),
    "own_use": dict(low=0.0, high=1.0, high_open=True, unit="share of capacity"),
    "renter_mean": dict(low=0.0, low_open=True, unit="units of the asset"),
    "renter_sd": dict(low=0.0, unit="units of the asset"),
    "service_z": dict(low=0.0, high=5.0, unit="standard deviations"),
    "correlation": dict(low=0.0, high=1.0),
    "renter_sales": dict(low=0.0, low_open=True, unit="US$ thousands a month"),
    "service_margin": dict(low=0.0, high=1.0, unit="share of the fee"),
}


def parameter_problems(params: RentalParameters) -> list[str]:
    """What is wrong with these parameters, in plain words (an empty list if nothing is).

    Each field is checked against the bounds of the model that uses it: the capstone's bounds for
    the loop (gain 0 to 1.5, push ≥ 0, 1 to 600 months), the asset (capacity > 0, own_use in
    [0, 1)), pooling (mean > 0, sd ≥ 0, z in [0, 5], correlation in [0, 1]) and the fee's margin;
    the take-rate and lifetime-value models' own validation (their ``ValueError`` message, once
    per model, e.g. outside_take must not exceed renter_margin, retention must be below 1).
    """
    if not isinstance(params, RentalParameters):
        return [f"expected RentalParameters(...), got {type(params).__name__}"]
    out: list[str] = []

    def guard(call: Any) -> None:
        try:
            call()
        except ValueError as exc:
            out.append(str(exc))

    for name, bounds in _OWN_BOUNDS.items():
        guard(lambda name=name, bounds=bounds: validate.number(name, getattr(params, name), **bounds))
    guard(lambda: validate.integer("months", params.months, low=1, high=600))
    if not out:  # the pooling model's own check, on inputs already within the bounds above
        guard(lambda: pooled_capacity(n=1, mean=params.renter_mean, sd=params.renter_sd,
                                      z=params.service_z, rho=params.correlation))
    take_before = len(out)
    guard(lambda: sustainable_take_rate(margin=params.renter_margin,
                                        outside_take=params.outside_take,
                                        lost_share=params.lost_share))
    if len(out) > take_before:
        out[-1] = f"take rate (lesson 10, margin is renter_margin): {out[-1]}"
    clv_before = len(out)
    guard(lambda: customer_lifetime_value(margin=1.0, retention=params.retention,
                                          discount=params.discount))
    if len(out) > clv_before:
        out[-1] = f"lifetime value (lesson 09): {out[-1]}"
    return out


def renters_that_fit(spare: float, mean: float, sd: float, z: float, rho: float = 0.0) -> int:
    """The most renters whose pooled capacity fits in ``spare`` units (0 if not even one fits).

    Pooled capacity for n renters is nμ + zσ√(n(1 + (n−1)ρ)) (Weinman 2012, via
    ``cloud.pooled_capacity``); it rises with n, so the answer is found by bisection.
    ``spare`` in the units of the asset (≥ 0); ``mean``, ``sd``, ``z``, ``rho`` as in pooling.
    """
    spare = validate.number("spare", spare, low=0.0, unit="units of the asset")
    validate.number("mean", mean, low=0.0, low_open=True, unit="(each renter needs some capacity)")

    def need(n: int) -> float:
        return pooled_capacity(n=n, mean=mean, sd=sd, z=z, rho=rho).pooled

    if need(1) > spare:
        return 0
    low, high = 1, 2
    while high <= MAX_RENTERS and need(high) <= spare:
        low, high = high, 2 * high
    if high > MAX_RENTERS and need(MAX_RENTERS) <= spare:
        raise ValueError(f"more than MAX_RENTERS = {MAX_RENTERS:,} renters fit in spare = {spare:g}: "
                         f"use a smaller spare capacity or a larger mean demand per renter")
    high = min(high, MAX_RENTERS + 1)
    while high - low > 1:  # need(low) <= spare < need(high)
        mid = (low + high) // 2
        if need(mid) <= spare:
            low = mid
        else:
            high = mid
    return low


@dataclass(frozen=True)
class CaseResult:
    """The course's models run on one case (money in US$ thousands, renters as counts).

    ``demand``: renters who want in, month 0..months (the loop alone); ``served``: renters the
    spare capacity can hold (the loop with its balancing link, capacity); ``fit``: how many renters
    fit in the spare capacity, pooled; ``spare``: capacity left after the firm's own peak;
    ``pooled`` and ``separate``: capacity ``fit`` renters need pooled and sized one by one;
    ``take_rate``: the fee as a share of a renter's sales; ``fee``: fee per renter a month;
    ``clv``: value of one renter to the firm; ``revenue_per_year``: 12 × fee × renters served in
    the last month.
    """

    demand: pd.Series
    served: pd.Series
    fit: int
    spare: float
    pooled: float
    separate: float
    take_rate: float
    fee: float
    clv: float
    revenue_per_year: float


def run_case(params: RentalParameters) -> CaseResult:
    """Run the course's models on one case; a ``ValueError`` lists every problem with the inputs.

    demand = loop_path(gain, push, months) (lesson 01); spare = capacity·(1 − own_use);
    fit = renters_that_fit(spare, ...) (lesson 06); served = min(demand, fit): the capacity limit is
    the balancing loop (while demand rises, capping each month equals capping the whole path);
    take_rate = sustainable_take_rate(...) (lesson 10); fee = take_rate · renter_sales;
    clv = customer_lifetime_value(service_margin · fee, retention, discount) (lesson 09).
    """
    if not isinstance(params, RentalParameters):
        raise validate.ParameterTypeError(f"params must be RentalParameters(...), got {type(params).__name__}")
    found = parameter_problems(params)
    if found:
        raise ValueError("; ".join(found))
    p = params
    demand = loop_path(gain=p.gain, push=p.push, steps=p.months)
    demand.name = "renters wanting in"
    spare = p.capacity * (1 - p.own_use)
    fit = renters_that_fit(spare, p.renter_mean, p.renter_sd, p.service_z, p.correlation)
    served = demand.clip(upper=fit).rename("renters served")
    pooling = pooled_capacity(n=max(fit, 1), mean=p.renter_mean, sd=p.renter_sd, z=p.service_z,
                              rho=p.correlation)
    take = sustainable_take_rate(margin=p.renter_margin, outside_take=p.outside_take,
                                 lost_share=p.lost_share)
    fee = take * p.renter_sales
    clv = customer_lifetime_value(margin=p.service_margin * fee, retention=p.retention,
                                  discount=p.discount)
    return CaseResult(demand=demand, served=served, fit=fit, spare=spare,
                      pooled=float(pooling.pooled) if fit else 0.0,
                      separate=float(pooling.separate) if fit else 0.0,
                      take_rate=float(take), fee=float(fee), clv=float(clv),
                      revenue_per_year=float(12 * fee * served.iloc[-1]))


def parameter_table(params: RentalParameters) -> pd.DataFrame:
    """The parameters as a two-column table (parameter, value), in field order."""
    if not isinstance(params, RentalParameters):
        raise validate.ParameterTypeError(f"params must be RentalParameters(...), got {type(params).__name__}")
    return pd.DataFrame({"parameter": [f.name for f in fields(params)],
                         "value": [getattr(params, f.name) for f in fields(params)]})


# ---------------------------------------------------------------------------------------------
# The worked example: a grocery chain renting out its cold chain (illustrative numbers)
# ---------------------------------------------------------------------------------------------

def cold_chain_model() -> LoopModel:
    """The worked example's loops: a grocery chain renting its cold-chain logistics to suppliers.

    Reinforcing (R1): more renters → more volume through the cold chain → lower cost per pallet
    (scale) → lower rental price → more renters. Reinforcing (R2): more renters → more data on
    chilled-goods demand → better routing → lower cost per pallet. Balancing (B1): more renters →
    fuller cold stores → worse service at the chain's own peak → fewer renters.
    """
    nodes = ("Renters", "Cost per pallet", "Routing quality", "Demand data", "Cold-store\nutilization",
             "Service at peak", "Rental price", "Volume through\nthe cold chain")
    links = (
        Link("Renters", "Volume through\nthe cold chain", +1),
        Link("Volume through\nthe cold chain", "Cost per pallet", -1),
        Link("Cost per pallet", "Rental price", +1),
        Link("Rental price", "Renters", -1),
        Link("Renters", "Demand data", +1),
        Link("Demand data", "Routing quality", +1),
        Link("Routing quality", "Cost per pallet", -1),
        Link("Renters", "Cold-store\nutilization", +1),
        Link("Cold-store\nutilization", "Service at peak", -1),
        Link("Service at peak", "Renters", +1),
    )
    return LoopModel(firm="FreshMart (an illustrative grocery chain)",
                     asset="its cold-chain logistics: chilled warehouses and refrigerated trucks",
                     nodes=nodes, links=links)


def cold_chain_parameters() -> RentalParameters:
    """The worked example's numbers (all illustrative, per month; money in US$ thousands)."""
    return RentalParameters(
        gain=0.9, push=3.0, months=36,
        capacity=20_000.0, own_use=0.75,
        renter_mean=150.0, renter_sd=60.0, service_z=1.65, correlation=0.3,
        renter_margin=0.25, outside_take=0.08, lost_share=0.3,
        renter_sales=400.0, service_margin=0.3, retention=0.95, discount=0.01,
    )
