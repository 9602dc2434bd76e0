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
renting out its chilled warehouse space (cold storage only); its numbers are illustrative, not any
real firm's.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from . import validate
from .cloud import capital_recovery_factor, owned_cost_per_year, pooled_capacity
from .devices import customer_lifetime_value
from .flywheel import loop_path
from .power import sustainable_take_rate
from .rounding import round_half_up

PUBLISHED_MARK = "_valueloops_published"
"""The attribute :meth:`LoopModel.as_published` sets: not a field, so the grader never reads it."""


def _as_published(answer: Any) -> Any:
    """Mark ``answer`` as the course's own published answer (the solution notebook's), so that its
    check passes there. The mark is an attribute, not a field: the grader reads the fields only,
    so the same answer handed in as a student's own is refused as a copy."""
    object.__setattr__(answer, PUBLISHED_MARK, True)
    return answer


REINFORCING = "reinforcing"
BALANCING = "balancing"
MAX_RENTERS = 1_000_000_000
"""The most renters the model counts: a billion, more than any firm's customers (a cloud with two
million servers at five a renter holds 400,000). :func:`parameter_problems` refuses a case whose
spare capacity could hold more, since the counts would no longer be whole renters one by one."""
MAX_AMOUNT = 1e12
"""The largest capacity, demand or money amount a field may hold (its own units): a bound that
keeps every product of the model finite, far above any firm's figures in the units asked."""


# ---------------------------------------------------------------------------------------------
# The loop diagram as data
# ---------------------------------------------------------------------------------------------

MAX_LINKS = 60
"""The most links a model may have: listing every closed loop takes time that grows exponentially
with the links (9 fully linked nodes, 72 links, took 7 s; 10 nodes a minute). A value-loop
diagram has a few dozen links at most."""
LOOP_SEARCH_STEPS = 20_000
"""The most search steps :meth:`LoopModel.loops` takes (a few hundredths of a second) before it
gives up with :class:`TooManyLoops`: a diagram of a few dozen links needs a few hundred."""
MAX_LOOPS = 1_000
"""The most closed loops a model may have: a value-loop diagram has a handful; a thousand is a
tangle no reader can follow (and no check should spend seconds listing)."""
TOO_MANY_LOOPS = ("too many links or loops to list every loop: a diagram may have at most {links} "
                  "links and {loops:,} loops; keep the main links, in loops that do not all cross "
                  "each other")


class TooManyLoops(ValueError):
    """Raised by :meth:`LoopModel.loops` when the model has too many links or loops to list."""

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

        Raises :class:`TooManyLoops` (a ``ValueError`` with a one-line message) for more than
        :data:`MAX_LINKS` links, :data:`MAX_LOOPS` loops or :data:`LOOP_SEARCH_STEPS` search steps.

        A loop is listed starting at its node that comes first in ``nodes`` (unknown nodes after
        the known ones, alphabetically), then by that order; it is the same loop however drawn.
        """
        if sum(1 for link in self.links if isinstance(link, Link)) > MAX_LINKS:
            raise TooManyLoops(TOO_MANY_LOOPS.format(links=MAX_LINKS, loops=MAX_LOOPS))
        adjacency = self._adjacency()
        declared = [n for n in self.nodes if isinstance(n, str)]
        names = list(dict.fromkeys([*declared, *sorted(
            {n for link in self.links if isinstance(link, Link) for n in (link.source, link.target)}
            - set(declared))]))
        rank = {name: i for i, name in enumerate(names)}
        found: list[Loop] = []
        steps = 0
        for start in names:
            # depth-first search for paths back to start through nodes ranked after it only
            stack: list[tuple[str, tuple[str, ...], tuple[int, ...]]] = [(start, (start,), ())]
            while stack:
                steps += 1
                if steps > LOOP_SEARCH_STEPS:
                    raise TooManyLoops(TOO_MANY_LOOPS.format(links=MAX_LINKS, loops=MAX_LOOPS))
                node, path, signs = stack.pop()
                for link in sorted(adjacency.get(node, []), key=lambda l: -rank[l.target]):
                    if link.target == start:
                        found.append(Loop(path, (*signs, link.sign)))
                        if len(found) > MAX_LOOPS:
                            raise TooManyLoops(TOO_MANY_LOOPS.format(links=MAX_LINKS, loops=MAX_LOOPS))
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
        links are :class:`Link` s between two different known nodes, none repeated; every node is
        on some link;
        every link lies on a closed loop (something leads from its target back to its source);
        the model has at least one reinforcing and at least one balancing loop.
        """
        out: list[str] = []
        for role, text, example in (("firm", "name the firm", '"Maersk"'),
                                    ("asset", "name the hidden asset it could rent out",
                                     '"its warehouses at off-peak"')):
            value = getattr(self, role)
            if not isinstance(value, str):
                out.append(f"{role} = {value!r:.40} is not text: {text} in quotes, e.g. "
                           f"{role}={example}.")
            elif not value.strip():
                out.append(f"{role} is empty: {text} (text in quotes).")
        if not self.nodes:
            out.append("nodes is empty: list the quantities in your diagram.")
        seen: set[str] = set()
        folded: dict[str, str] = {}   # a name on one line, lower case -> its first spelling
        for node in self.nodes:
            if not isinstance(node, str) or not node.strip():
                out.append(f"every node must be a name (non-empty text), got {node!r}.")
            elif node in seen:
                out.append(f"node {_q(node)} is listed twice.")
            elif (key := _flat(node).lower()) in folded:
                out.append(f"nodes {_q(folded[key])} and {_q(node)} differ only in case or "
                           f"spacing: likely the same quantity listed twice; keep one name.")
                seen.add(node)
            else:
                seen.add(node)
                folded[key] = node
        links = [link for link in self.links if isinstance(link, Link)]
        for link in self.links:
            if not isinstance(link, Link):
                out.append(f"{link!r} is not a Link: write Link(source, target, sign).")
        if not links:
            out.append("links is empty: draw the arrows with Link(source, target, sign).")
            return out
        known = seen
        pairs: dict[tuple[str, str], int] = {}
        unknown: set[Link] = set()   # said once: "not one of the model's nodes", not also "does not close"
        for link in links:
            for end in (link.source, link.target):
                if end not in known:
                    unknown.add(link)
                    out.append(f"link {link}: {_q(end)} is not one of the model's nodes "
                               f"(check the spelling, or add it to nodes).")
            if link.source == link.target:
                out.append(f"link {link} joins a node to itself: say what lies between (more "
                           f"{_q(link.source)} brings more or less of what, which then acts on "
                           f"{_q(link.source)}?) and draw that as a node of its own.")
            before = pairs.get((link.source, link.target))
            if before == link.sign:
                out.append(f"the link {_q(link.source)} → {_q(link.target)} appears twice; keep one.")
            elif before is not None:
                out.append(f"the link {_q(link.source)} → {_q(link.target)} has contradictory signs "
                           f"(+1 and -1): more of one cannot bring both more and less of the other; "
                           f"keep the sign that holds, or put the node that explains both in between.")
            pairs[(link.source, link.target)] = link.sign
        used = {n for link in links for n in (link.source, link.target)}
        for node in self.nodes:
            if isinstance(node, str) and node not in used:
                out.append(f"node {_q(node)} has no links: connect it or remove it.")
        adjacency = self._adjacency()
        for link in links:
            if link not in unknown and not _reaches(adjacency, link.target, link.source):
                out.append(f"the loop does not close: link {link} is on no closed loop, since "
                           f"nothing leads from {_q(link.target)} back to {_q(link.source)}.")
        try:
            kinds = {loop.kind for loop in self.loops()}
        except TooManyLoops as exc:
            out.append(f"{exc}.")
            return out
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

    as_published = _as_published

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

    The renters' loop (lesson 01): ``gain`` G, renters kept plus renters referred, per renter per month
    (dimensionless, 0 to 1.5): the share kept (``retention``, below) plus the new renters each one
    brings in, so G ≥ retention; ``push`` new renters a month from outside (sales effort),
    ``months`` the horizon (whole number, 1 to 600).
    The asset and pooling (lessons 05–06): ``capacity`` of the asset (its own units, say pallet
    positions, > 0); ``own_use`` the share of it the firm needs at its own peak (0 to 1, below 1);
    ``unit_cost`` what one unit of capacity costs a month to hold for renters (US$ thousands, ≥ 0;
    lesson 07: ``owned_cost_per_year(...) / 12`` for a unit bought for them);
    one renter needs on average ``renter_mean`` units with standard deviation ``renter_sd``, served
    at ``service_z`` standard deviations of headroom, pairwise ``correlation`` between renters.
    The fee (lesson 10): the *most* a renter will pay, as a share of its sales moved through the
    asset: ``renter_margin`` its margin, ``outside_take`` the fee of its next-best option (share
    of sales), ``lost_share`` the share of its sales it would lose by going to that option. This
    is a ceiling (lesson 10's sustainable take rate), not a price built up from cost; compare it
    with ``unit_cost``.
    One renter's value (lesson 09): ``renter_sales`` its sales moved through the asset per month
    (US$ thousands), ``retention`` the share of renters kept each month, ``discount`` the monthly
    discount rate. The firm's margin on a renter is not an input: it is the fee minus the cost of
    the capacity that renter uses (see :func:`run_case`), the same margin as the profit line's.
    """

    gain: float
    push: float
    months: int
    capacity: float
    own_use: float
    unit_cost: float
    renter_mean: float
    renter_sd: float
    service_z: float
    correlation: float
    renter_margin: float
    outside_take: float
    lost_share: float
    renter_sales: float
    retention: float
    discount: float

    as_published = _as_published

    def __post_init__(self) -> None:
        # months=540.0 is 540 months: stored as the whole number, so every message and table
        # reads "month 540" (a fractional or non-number months is left for parameter_problems)
        months = self.months
        if isinstance(months, float) and math.isfinite(months) and months.is_integer():
            object.__setattr__(self, "months", int(months))


_OWN_BOUNDS: dict[str, dict[str, Any]] = {
    "gain": dict(low=0.0, high=1.5, unit="per month"),
    "push": dict(low=0.0, high=MAX_RENTERS, unit="renters a month"),
    "capacity": dict(low=0.0, low_open=True, high=MAX_AMOUNT, unit="units of the asset"),
    "own_use": dict(low=0.0, high=1.0, high_open=True, unit="share of capacity"),
    "unit_cost": dict(low=0.0, high=MAX_AMOUNT, unit="US$ thousands per unit a month"),
    "renter_mean": dict(low=0.0, low_open=True, high=MAX_AMOUNT, unit="units of the asset"),
    "renter_sd": dict(low=0.0, high=MAX_AMOUNT, unit="units of the asset"),
    "service_z": dict(low=0.0, high=5.0, unit="standard deviations"),
    "correlation": dict(low=0.0, high=1.0),
    "renter_sales": dict(low=0.0, low_open=True, high=MAX_AMOUNT, unit="US$ thousands a month"),
}


SHARE_FIELDS = ("own_use", "correlation", "renter_margin", "outside_take", "lost_share", "retention",
                "discount")
"""The fields asked as a share between 0 and 1."""


def percent_problems(params: RentalParameters) -> list[str]:
    """A share field above 1 (at most 100), named: from 2 to 100 as a percent (75 for 75%); between
    1 and 2 as a share that cannot exceed 1 (a retention of 1.02 is not 1.02%), except the
    discount rate, where 1.5 may be 1.5% a month or a factor 1 + r: both are named."""
    if not isinstance(params, RentalParameters):
        raise validate.ParameterTypeError(f"params must be RentalParameters(...), got {type(params).__name__}")
    out = []
    for name in SHARE_FIELDS:
        value = getattr(params, name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 1 < value <= 100:
            continue
        if value >= 2:
            out.append(f"{name} = {value:g} looks like a percent: give a share between 0 and 1 "
                       f"({value / 100:g} for {value:g}%).")
        elif name == "discount":
            out.append(f"discount = {value:g}: a monthly rate cannot exceed 1 as a share: give "
                       f"{value / 100:g} if you meant {value:g}% a month, or {value - 1:g} if you "
                       f"meant the factor 1 + r.")
        else:
            out.append(f"{name} = {value:g}: a share cannot exceed 1 (you gave {value:g}): give it "
                       f"between 0 and 1 (0.95 for 95%).")
    return out


def parameter_problems(params: RentalParameters) -> list[str]:
    """What is wrong with these parameters, in plain words (an empty list if nothing is).

    Each field is checked against the bounds of the model that uses it: the capstone's bounds for
    the loop (gain 0 to 1.5, push 0 to a billion a month, 1 to 600 months), the asset (capacity
    > 0, own_use in [0, 1)), pooling (mean > 0, sd ≥ 0, z in [0, 5], correlation in [0, 1]),
    amounts at most :data:`MAX_AMOUNT`; the take-rate and lifetime-value models' own validation
    (their ``ValueError`` message, once per model, e.g. outside_take must not exceed
    renter_margin, retention must be below 1). Then what the chain of models cannot run on: a
    spare capacity that holds no renter at all, or more than :data:`MAX_RENTERS`, and a fee of
    zero (nothing to rent out for). A share given as a percent is named alone first
    (:func:`percent_problems`). An empty list means :func:`run_case` runs.
    """
    if not isinstance(params, RentalParameters):
        return [f"expected RentalParameters(...), got {type(params).__name__}"]
    percents = percent_problems(params)
    if percents:   # the cause of every other message about these fields
        return percents
    out: list[str] = []

    def guard(call: Any, name: str = "a number") -> None:
        try:
            call()
        except ValueError as exc:
            out.append(str(exc))
        except OverflowError:  # an int too large for a float: validate.number cannot convert it
            out.append(f"{name} is too large a number: give it in the units asked, as a float")

    for name, bounds in _OWN_BOUNDS.items():
        guard(lambda name=name, bounds=bounds: validate.number(name, getattr(params, name), **bounds), name)
    guard(lambda: validate.integer("months", params.months, low=1, high=600), "months")
    if not out and _is_share(params.retention) and params.gain < params.retention:
        out.append(f"gain ({params.gain:g}) is below retention ({params.retention:g}): G counts the "
                   f"renters kept each month (retention) plus the new renters each brings in, so "
                   f"gain must be at least retention.")
    if not out:  # the pooling model's own check, on inputs already within the bounds above
        guard(lambda: pooled_capacity(n=1, mean=params.renter_mean, sd=params.renter_sd,
                                      z=params.service_z, rho=params.correlation))
    if not out:
        out.extend(_room_problems(params))
    take_before = len(out)
    guard(lambda: sustainable_take_rate(margin=params.renter_margin,
                                        outside_take=params.outside_take,
                                        lost_share=params.lost_share), "a share")
    if len(out) > take_before and "must not exceed margin" in out[-1]:
        # lesson 10's message speaks of a seller; in the capstone it is a renter and renter_margin
        out[-1] = (f"outside_take ({params.outside_take:g}) must not exceed renter_margin "
                   f"({params.renter_margin:g}): a renter whose next-best option charges more than "
                   f"its margin would lose money on every sale it stores there, so it has no outside "
                   f"option to weigh (the take rate, lesson 10, needs outside_take ≤ renter_margin)")
    elif len(out) > take_before:
        out[-1] = f"take rate (lesson 10, margin is renter_margin): {out[-1]}"
    elif params.outside_take == 0 and params.lost_share == 0:
        out.append("the fee is zero: with outside_take = 0 and lost_share = 0 a renter can leave "
                   "for free and loses nothing, so it bears no fee (lesson 10) and there is nothing "
                   "to rent out for. Give the fee of its next-best option (outside_take > 0) or "
                   "the share of sales it would lose by leaving (lost_share > 0).")
    elif not any("renter_sales" in problem for problem in out):
        fee = _fee(params)
        if not fee >= MIN_FEE:
            out.append(f"the fee is too small to count: take rate × renter_sales = {fee:.3g} US$ "
                       f"thousands a month, below {MIN_FEE:g} (a tenth of a cent). Give renter_sales "
                       f"in US$ thousands a month, and a renter that would lose something by "
                       f"leaving (outside_take or lost_share well above zero).")
    clv_before = len(out)
    for name in ("retention", "discount"):   # their type and size first: 10**400 is no float
        guard(lambda name=name: validate.number(name, getattr(params, name), low=0.0, high=1.0,
                                                unit="share a month"), name)
    if len(out) == clv_before:
        guard(lambda: customer_lifetime_value(margin=1.0, retention=params.retention,
                                              discount=params.discount), "a rate")
    if len(out) > clv_before:
        why = (": retention = 1 means no renter ever leaves, a stay without end that the "
               "lifetime-value model cannot value. Give the share of renters kept a month, below 1 "
               "(e.g. 0.97 for 3% churn)" if isinstance(params.retention, (int, float))
               and not isinstance(params.retention, bool) and params.retention == 1 else "")
        out[-1] = f"lifetime value (lesson 09): {out[-1]}{why}"
    return out


MIN_FEE = 1e-6
"""The smallest fee a renter may pay, US$ thousands a month (a tenth of a cent): below it the fee
is no fee, and a fee that underflows to zero would leave the margin's share undefined."""


def _is_share(value: Any) -> bool:
    """Whether ``value`` is a real number in [0, 1] (so that comparing and printing it is safe)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and 0 <= value <= 1)


def _fee(params: RentalParameters) -> float:
    """The fee per renter a month, US$ thousands: the sustainable take rate (lesson 10) times the
    renter's sales (inputs already within their bounds)."""
    take = sustainable_take_rate(margin=params.renter_margin, outside_take=params.outside_take,
                                 lost_share=params.lost_share)
    return float(take * float(params.renter_sales))


def _room_problems(params: RentalParameters) -> list[str]:
    """Whether the spare capacity holds at least one renter and at most :data:`MAX_RENTERS`
    (inputs already within their bounds)."""
    spare = params.capacity * (1 - params.own_use)
    one = params.renter_mean + params.service_z * params.renter_sd   # one renter, pooled with none
    if one > spare:
        return [f"room for no renter: the spare capacity, capacity × (1 − own_use) = {spare:,.4g} "
                f"units, is less than one renter needs at its peak, renter_mean + service_z × "
                f"renter_sd = {one:,.4g}. Give more capacity, a smaller own_use, or renters that "
                f"need less (the same units as capacity)."]
    if spare / params.renter_mean > MAX_RENTERS:
        return [f"room for more than MAX_RENTERS = {MAX_RENTERS:,} renters: spare capacity "
                f"{spare:,.4g} over renter_mean {params.renter_mean:g} is {spare / params.renter_mean:,.3g}. "
                f"Count the asset in larger units (capacity and renter_mean in the same units), "
                f"up to a billion renters."]
    return []


def renters_that_fit(spare: float, mean: float, sd: float, z: float, rho: float = 0.0) -> int:
    """The most renters whose pooled capacity fits in ``spare`` units (0 if not even one fits).

    Pooled capacity for n renters is nμ + zσ√(n(1 + (n−1)ρ)) (Weinman 2012, via
    ``cloud.pooled_capacity``); it rises with n, so the answer is found by bisection, at most
    :data:`MAX_RENTERS` (n ≤ spare/μ, so more fit only if spare/μ exceeds it: refused).
    ``spare`` in the units of the asset (≥ 0); ``mean``, ``sd``, ``z``, ``rho`` as in pooling.
    """
    spare = validate.number("spare", spare, low=0.0, unit="units of the asset")
    validate.number("mean", mean, low=0.0, low_open=True, unit="(each renter needs some capacity)")
    if spare / mean > MAX_RENTERS:
        raise ValueError(f"room for more than MAX_RENTERS = {MAX_RENTERS:,} renters in spare = "
                         f"{spare:g} (mean {mean:g} each): count the asset in larger units")

    def need(n: int) -> float:
        return pooled_capacity(n=n, mean=mean, sd=sd, z=z, rho=rho).pooled

    if need(1) > spare:
        return 0
    low, high = 1, int(spare / mean) + 1      # need(high) > high·μ > spare
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
    spare capacity can hold (demand capped by the capacity limit, a constraint); ``fit``: how many renters
    fit in the spare capacity, pooled; ``spare``: capacity left after the firm's own peak;
    ``pooled`` and ``separate``: capacity ``fit`` renters need pooled and sized one by one;
    ``take_rate``: the fee as a share of a renter's sales; ``fee``: fee per renter a month;
    ``cost_per_renter``: what the capacity one served renter uses costs a month (its share of the
    pooled capacity, × unit_cost); ``margin_per_renter``: fee − cost_per_renter, the firm's margin
    on one renter a month (``service_margin`` is that as a share of the fee); ``clv``: value of
    one renter to the firm at that margin (lesson 09); ``revenue_per_year``: 12 × fee × renters
    served in the last month (a run-rate: the last month's rent, annualized); ``cost_per_year``: 12 × unit_cost × the pooled capacity those
    renters need (lesson 07's cost side); ``profit_per_year``: revenue minus that cost, which is
    12 × margin_per_renter × renters served: one margin for the profit line and the lifetime value.
    """

    demand: pd.Series
    served: pd.Series
    fit: int
    spare: float
    pooled: float
    separate: float
    take_rate: float
    fee: float
    cost_per_renter: float
    margin_per_renter: float
    service_margin: float
    clv: float
    revenue_per_year: float
    cost_per_year: float
    profit_per_year: float


def run_case(params: RentalParameters) -> CaseResult:
    """Run the course's models on one case; a ``ValueError`` lists every problem with the inputs.

    demand = loop_path(gain, push, months) (lesson 01); spare = capacity·(1 − own_use);
    fit = renters_that_fit(spare, ...) (lesson 06); served = the whole renters in min(demand, fit):
    the capacity limit is a constraint, not a feedback loop (while demand rises, capping each month
    equals capping the whole path), and a renter is served whole or not at all;
    take_rate = sustainable_take_rate(...) (lesson 10); fee = take_rate · renter_sales;
    cost_per_renter = unit_cost · pooled capacity of the n renters served in the last month / n
    (lesson 07; a first renter's, μ + zσ, if none is served yet); margin_per_renter = fee −
    cost_per_renter; clv = customer_lifetime_value(margin_per_renter, retention, discount) (lesson 09);
    cost_per_year = 12 · unit_cost · pooled capacity of the renters served.
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
    served = np.floor(demand.clip(upper=fit) + 1e-9).rename("renters served")

    def pooled(n: int):
        return pooled_capacity(n=n, mean=p.renter_mean, sd=p.renter_sd, z=p.service_z,
                               rho=p.correlation)

    take = sustainable_take_rate(margin=p.renter_margin, outside_take=p.outside_take,
                                 lost_share=p.lost_share)
    fee = _fee(p)   # at least MIN_FEE (parameter_problems): the margin's share below is defined
    last = int(served.iloc[-1])
    used = pooled(last).pooled if last else 0.0
    cost_per_renter = p.unit_cost * (used / last if last else pooled(1).pooled)
    margin = fee - cost_per_renter
    clv = customer_lifetime_value(margin=margin, retention=p.retention, discount=p.discount)
    revenue = 12 * fee * last
    cost = 12 * p.unit_cost * used
    at_fit = pooled(fit)
    return CaseResult(demand=demand, served=served, fit=fit, spare=spare,
                      pooled=float(at_fit.pooled), separate=float(at_fit.separate),
                      take_rate=float(take), fee=float(fee), cost_per_renter=float(cost_per_renter),
                      margin_per_renter=float(margin), service_margin=float(margin / fee),
                      clv=float(clv), revenue_per_year=float(revenue), cost_per_year=float(cost),
                      profit_per_year=float(revenue - cost))


MONEY_UNITS = ((1e9, "tn"), (1e6, "bn"), (1e3, "m"), (1.0, "k"))
"""The units :func:`money` writes, largest first, each as its size in US$ thousands."""


def money(thousands: float) -> str:
    """An amount in US$ thousands as text a reader can take in: "US$750k", "US$1.9m",
    "−US$17m", "US$3.6bn", "US$40" (dollars below a thousand). ``thousands`` must be a finite
    number."""
    x = validate.number("thousands", thousands, unit="(US$ thousands)")
    sign, a = ("−" if x < 0 else ""), abs(x)
    for size, unit in MONEY_UNITS:
        if a >= 0.9995 * size:
            value = a / size
            # rounded half up, the course's rule (valueloops.rounding): 13.5k -> "US$14k", even
            # when floating point stores it as 13.4999...
            shown = round_half_up(value, 1)
            decimals = 1 if shown < (10 if unit == "k" else 100) else 0
            return f"{sign}US${round_half_up(value, decimals):,.{decimals}f}{unit}"
    dollars = round_half_up(a * 1000)
    return f"{sign if dollars else ''}US${dollars:,.0f}"


def case_summary(params: Any) -> list[str]:
    """What the course's models say about ``params``, as lines to print; never raises.

    Not yet valid parameters give one line naming the first problem (as the check of 11.3 does).
    """
    found = parameter_problems(params)
    if found:
        more = f" (and {len(found) - 1} more: print parameter_problems(my_params))" if len(found) > 1 else ""
        return [f"Not yet (fix 11.3 first): {found[0]}{more}"]
    try:
        case = run_case(params)
    except (ValueError, ArithmeticError) as exc:   # a model's limit: named, never a traceback
        return [f"The course's models could not run on these numbers ({type(exc).__name__}: "
                f"{str(exc)[:160]}); bring them closer to your firm's scale and tell your instructor."]
    # "against which", not "of which": the cost is not a part of the fee (it can exceed it)
    above = " (more than the fee)" if case.cost_per_renter > case.fee else ""
    return [f"renters that fit in the spare capacity: {case.fit:,}; served in the last month: "
            f"{case.served.iloc[-1]:,.0f}",
            f"take rate {case.take_rate:.3g}: fee {money(case.fee)} a month, against which the "
            f"capacity a renter uses costs {money(case.cost_per_renter)}{above}; one renter worth "
            f"{money(case.clv)} at that margin",
            f"rent at the last month's run-rate (× 12) {money(case.revenue_per_year)} a year, "
            f"{money(case.profit_per_year)} after the cost of the capacity used"]


def parameter_table(params: RentalParameters) -> pd.DataFrame:
    """The parameters as a two-column table (parameter, value), in field order."""
    if not isinstance(params, RentalParameters):
        raise validate.ParameterTypeError(f"params must be RentalParameters(...), got {type(params).__name__}")
    return pd.DataFrame({"parameter": [f.name for f in fields(params)],
                         "value": [getattr(params, f.name) for f in fields(params)]})


# ---------------------------------------------------------------------------------------------
# The worked example: a grocery chain renting out its cold storage (illustrative numbers)
# ---------------------------------------------------------------------------------------------

COLD_CHAIN_CAPEX = 1.2
"""What one chilled pallet position costs to build, US$ thousands (illustrative)."""
COLD_CHAIN_OPEX = 0.45
"""What one chilled pallet position costs to run a year, US$ thousands (illustrative): what cold
storage needs to keep it working (refrigeration power, upkeep, the staff who move pallets in and
out, insurance). The only cost of idle space FreshMart already owns for its own peak, whose
capital is spent either way."""
COLD_CHAIN_LIFE_YEARS = 15
"""Years a chilled pallet position lasts (illustrative)."""
COLD_CHAIN_RATE = 0.08
"""FreshMart's cost of capital a year (illustrative)."""
COLD_CHAIN_UNIT_COST = owned_cost_per_year(capex=COLD_CHAIN_CAPEX, life_years=COLD_CHAIN_LIFE_YEARS, rate=COLD_CHAIN_RATE,
                                           opex_per_year=COLD_CHAIN_OPEX) / 12
"""The worked example's cost of one pallet position a month at full cost, as if built for
renters, US$ thousands (illustrative, lesson 07)."""


def cold_chain_model() -> LoopModel:
    """The worked example's loops: a grocery chain renting its chilled warehouse space to suppliers.

    Cold storage only (no transport): the fee, the costs and the outside option (a third-party
    cold store) are all for storage. Numbered as :meth:`LoopModel.loops` finds them (and the
    diagram and lecture label them): balancing (B1): more renters → fuller cold stores → worse
    service at the chain's own peak for the renters (FreshMart serves its own goods first and
    rations their space) → fewer renters. Reinforcing (R1): more renters → more volume through the
    cold stores → lower cost per pallet (scale) → lower rental price → more renters. Reinforcing
    (R2): more renters → more data on chilled-goods demand → better space planning (the right goods
    in the right slots) → less spoilage → more renters. The loops are the business's story:
    run_case sets the fee at the ceiling τ*, whatever the cost per pallet, so the "cost per pallet
    → rental price" link is not in the numbers.
    """
    # the order places each loop's nodes next to each other on the diagram's ring (clockwise from
    # "Space planning" at the top; "Demand data", last, at the top left), each loop read clockwise:
    # no arrow crosses another, and no loop's label sits on a box
    nodes = ("Renters", "Space planning", "Spoilage", "Cold-store\nutilization", "Service at peak",
             "Volume through\nthe cold stores", "Cost per pallet", "Rental price", "Demand data")
    links = (
        Link("Renters", "Demand data", +1),
        Link("Demand data", "Space planning", +1),
        Link("Space planning", "Spoilage", -1),
        Link("Spoilage", "Renters", -1),
        Link("Renters", "Cold-store\nutilization", +1),
        Link("Cold-store\nutilization", "Service at peak", -1),
        Link("Service at peak", "Renters", +1),
        Link("Renters", "Volume through\nthe cold stores", +1),
        Link("Volume through\nthe cold stores", "Cost per pallet", -1),
        Link("Cost per pallet", "Rental price", +1),
        Link("Rental price", "Renters", -1),
    )
    return LoopModel(firm="FreshMart (an illustrative grocery chain)",
                     asset="its chilled warehouse space (cold storage)",
                     nodes=nodes, links=links)


def cold_chain_parameters() -> RentalParameters:
    """The worked example's numbers (all illustrative, per month; money in US$ thousands).

    gain 0.97 = retention 0.95 + 0.02 new renters brought by each renter a month. correlation
    0.3: the renters are assumed to supply categories that peak at different times (ice cream in
    summer, seafood in Lent), an assumption; suppliers who all peak before the same holidays
    would be near 1, and then pooling fits no more renters than sizing them one by one (20, not
    24). outside_take 0.04: a third-party cold store's fee for storage, as a share of the sales a
    supplier moves through it. lost_share 0.3 (δ, unsourced): the sales a supplier would lose by
    storing farther from FreshMart's shelves (slower, less fresh restocking): FreshMart's
    proximity advantage, and its leverage as the owner of the shelves, not lesson 10's lock-in of
    buyers; the fee formula is lesson 10's, with δ read this way. unit_cost: a chilled pallet position bought for renters at US$1.2k, lasting 15
    years at 8% a year, plus US$0.45k a year to run (power, upkeep, handling staff, insurance):
    owned_cost_per_year(1.2, 15, 0.08, 0.45) / 12 ≈ US$0.049k a month.
    """
    return RentalParameters(
        gain=0.97, push=1.2, months=36,
        capacity=20_000.0, own_use=0.75, unit_cost=COLD_CHAIN_UNIT_COST,
        renter_mean=150.0, renter_sd=60.0, service_z=1.65, correlation=0.3,
        renter_margin=0.25, outside_take=0.04, lost_share=0.3,
        renter_sales=400.0, retention=0.95, discount=0.01,
    )


NEAR_SHELVES_LOW = 0.1
"""A smaller share of sales a renter would lose by storing away from FreshMart's shelves, for the
worked example's one-line sensitivity (illustrative, like the 0.3 it replaces)."""


def worked_example_lines(params: RentalParameters) -> list[str]:
    """The worked example's results as lines to print (lesson 11, section 4): what fits, the fee
    and its margin, one renter's lifetime value, the space one renter takes (its build cost and the
    present value of its rent less running cost over its life), the outside option's fee per pallet
    position and the fee's, and the last month's run-rate; with two sensitivities: the renters that fit if all
    peak together (correlation 1) and the fee at a smaller ``lost_share``. For the cold chain's
    numbers (pallet positions, ``COLD_CHAIN_*`` costs); money in US$ thousands."""
    case = run_case(params)
    positions = case.cost_per_renter / params.unit_cost   # pallet positions one renter's share takes
    capex = positions * COLD_CHAIN_CAPEX
    net_a_year = 12 * case.fee - positions * COLD_CHAIN_OPEX   # the space's rent less its running cost
    present_value = net_a_year / capital_recovery_factor(COLD_CHAIN_RATE, COLD_CHAIN_LIFE_YEARS)
    outside_per_position = params.outside_take * params.renter_sales / positions
    together = renters_that_fit(case.spare, params.renter_mean, params.renter_sd,
                                params.service_z, 1.0)
    near = run_case(dataclasses.replace(params, lost_share=NEAR_SHELVES_LOW))
    return [
        f"spare capacity: {case.spare:,.0f} pallet positions",
        f"renters that fit: {case.fit} (pooled they need {case.pooled:,.0f}; sized one by one "
        f"{case.separate:,.0f})",
        f"renters that fit if all peak together (correlation 1, or sized one by one): {together}",
        f"take rate: {case.take_rate:.3f} of a renter's sales → fee US${case.fee:,.1f}k a month",
        f"the space one renter uses costs US${case.cost_per_renter:,.1f}k a month: margin "
        f"US${case.margin_per_renter:,.1f}k ({case.service_margin:.0%} of the fee)",
        f"one renter's lifetime value to FreshMart at that margin: US${case.clv:,.0f}k",
        f"if storing away from FreshMart cost a renter {NEAR_SHELVES_LOW:g} of its sales (not "
        f"{params.lost_share:g}): fee US${near.fee:,.1f}k, margin US${near.margin_per_renter:,.1f}k "
        f"({near.service_margin:.0%})",
        f"the space one renter takes: {positions:,.0f} pallet positions, US${capex:,.0f}k to build "
        f"(US${positions * COLD_CHAIN_OPEX / 12:,.1f}k a month to run if already owned)",
        f"kept rented for its {COLD_CHAIN_LIFE_YEARS} years, its rent less running cost is worth "
        f"US${present_value / 1000:,.1f}m today at {COLD_CHAIN_RATE:.0%} a year, "
        f"{present_value / capex:,.0f} times its build cost",
        f"the outside option's fee: US${outside_per_position * 1000:,.0f} per pallet position a month, "
        f"against a full cost of US${params.unit_cost * 1000:,.0f}",
        f"the fee per pallet position: US${case.fee / positions * 1000:,.0f} a month, "
        f"{case.fee / positions / outside_per_position:.1f}× the outside option's "
        f"US${outside_per_position * 1000:,.0f}",
        f"month {params.months}: {case.demand.iloc[-1]:.1f} renters want in, {case.served.iloc[-1]:.0f} "
        f"served; rent at month {params.months}'s run-rate (× 12) US${case.revenue_per_year / 1000:,.1f}m "
        f"a year",
        f"the space they use costs US${case.cost_per_year / 1000:,.1f}m a year (lesson 07): "
        f"US${case.profit_per_year / 1000:,.1f}m left",
    ]
