"""Checks for lesson 11 (capstone): the structure of the learner's model and numbers, not opinions.

11.1 and 11.3 are structural: a :class:`~valueloops.capstone.LoopModel` whose firm and asset are
filled in, whose links join known nodes and all lie on closed loops, with at least one reinforcing
and one balancing loop; :class:`~valueloops.capstone.RentalParameters` within the bounds of the
course's models and consistent with each other (within bounds; unlikely inputs are passed with a warning). A close copy of a published
answer (the lecture's worked example, the solution's) is refused or passed with a warning. Whether the loops and
numbers fit the learner's firm is for the instructor's rubric (instructors/11_capstone.md), and the
check messages say so.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..capstone import (BALANCING, PUBLISHED_MARK, REINFORCING, Link, LoopModel, RentalParameters,
                        cold_chain_model, cold_chain_parameters, loop_polarity, money,
                        parameter_problems, percent_problems, run_case)
from ..data import load
from ..rounding import round_half_up
from ..paths import SOLUTIONS
from .plot import Plot
from .core import (CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, Choice, Feedback, Function, Hint,
                   Number, Spec, describe)


def studio_model() -> LoopModel:
    """Another firm's valid model (a capability: a studio licensing its game engine), for the tests
    of the hints. Illustrative."""
    return LoopModel(
        firm="Northlight (an illustrative game studio)",
        asset="its game engine, licensed to other studios (a capability)",
        nodes=("Licensees", "Licence revenue", "Engine development", "Engine quality",
               "Plugins and\ntutorials", "Support load", "Support quality"),
        links=(Link("Licensees", "Licence revenue", +1),
               Link("Licence revenue", "Engine development", +1),
               Link("Engine development", "Engine quality", +1),
               Link("Engine quality", "Licensees", +1),
               Link("Licensees", "Plugins and\ntutorials", +1),
               Link("Plugins and\ntutorials", "Engine quality", +1),
               Link("Licensees", "Support load", +1),
               Link("Support load", "Support quality", -1),
               Link("Support quality", "Licensees", +1)))


def studio_parameters() -> RentalParameters:
    """Numbers for :func:`studio_model` (illustrative): capacity in support engineer-hours a month."""
    return RentalParameters(
        gain=0.99, push=0.5, months=48, capacity=6000.0, own_use=0.6, unit_cost=0.1,
        renter_mean=80.0, renter_sd=50.0, service_z=1.3, correlation=0.2,
        renter_margin=0.3, outside_take=0.05, lost_share=0.2,
        renter_sales=300.0, retention=0.97, discount=0.01)


def harvest_model() -> LoopModel:
    """The published solution's answer to 11.1 (solutions/11_capstone.ipynb; a test keeps the two
    equal): Harvest & Co selling its shelf-level demand data. Published, so refused like the
    worked example."""
    return LoopModel(
        firm="Harvest & Co (an illustrative regional grocer)",
        asset="its shelf-level demand data, sold as an insights service to its suppliers (data)",
        nodes=("Subscribers", "Data revenue", "Analysts", "Insight quality", "Promotions\ntested",
               "Queries", "Report delays"),
        links=(Link("Subscribers", "Data revenue", +1),
               Link("Data revenue", "Analysts", +1),
               Link("Analysts", "Insight quality", +1),
               Link("Insight quality", "Subscribers", +1),
               Link("Subscribers", "Promotions\ntested", +1),
               Link("Promotions\ntested", "Insight quality", +1),
               Link("Subscribers", "Queries", +1),
               Link("Queries", "Report delays", +1),
               Link("Report delays", "Subscribers", -1)))


def harvest_parameters() -> RentalParameters:
    """The published solution's answer to 11.3 (see :func:`harvest_model`)."""
    return RentalParameters(
        gain=0.98, push=1.0, months=36, capacity=3000.0, own_use=0.7, unit_cost=0.08,
        renter_mean=40.0, renter_sd=25.0, service_z=1.65, correlation=0.5,
        renter_margin=0.35, outside_take=0.01, lost_share=0.05,
        renter_sales=500.0, retention=0.96, discount=0.01)


@dataclasses.dataclass(frozen=True)
class Reference:
    """An answer a learner has already seen: its name in a hint, its firm, its model and numbers."""

    name: str
    firm: str
    model: LoopModel
    params: RentalParameters | None


def references() -> tuple[Reference, ...]:
    """The answers the course publishes: the lecture's worked example and the solution's answer."""
    return (Reference("the lecture's worked example (FreshMart's cold chain)", "FreshMart",
                      cold_chain_model(), cold_chain_parameters()),
            Reference("the published solution (Harvest & Co's demand data)", "Harvest & Co",
                      harvest_model(), harvest_parameters()))


def template_model() -> LoopModel:
    """The example of exercise 11.1's question (a studio licensing its engine, three links and no
    balancing loop): the syntax shown, not an answer. A test keeps it equal to the question's."""
    return LoopModel(firm="A studio", asset="its game engine",
                     nodes=("Licensees", "Engine revenue", "Engine quality"),
                     links=(Link("Licensees", "Engine revenue", +1),
                            Link("Engine revenue", "Engine quality", +1),
                            Link("Engine quality", "Licensees", +1)))


def model_references() -> tuple[Reference, ...]:
    """What 11.1 compares a diagram against: the published answers and the question's own example
    (its firm is a description, so no firm name is compared; it has no numbers)."""
    return (*references(), Reference("the question's example (the studio's three links)", "",
                                     template_model(), None))


# --- comparing structure up to renaming ----------------------------------------------------------
Graph = tuple[frozenset[str], frozenset[tuple[str, str, int]]]


def _fold(name: str) -> str:
    """A name on one line, lower case (how names are compared)."""
    return " ".join(name.split()).lower()


def _graph(model: LoopModel) -> Graph:
    """The model's signed links as (source, target, sign) on names folded to one line, lower case."""
    links = frozenset((_fold(l.source), _fold(l.target), l.sign) for l in model.links if isinstance(l, Link))
    nodes = frozenset(n for l in links for n in l[:2])
    return nodes, links


SEARCH_BUDGET = 200_000
"""Steps the renaming search may take (a model of a few dozen nodes needs far fewer); past it the
two models are taken as different."""


def embeds(small: Graph, big: Graph) -> bool:
    """Whether ``small``'s diagram is part of ``big``'s with its nodes renamed: an injective map of
    small's nodes to big's under which every signed link of small is a link of big, same sign."""
    s_nodes, s_links = small
    b_nodes, b_links = big
    if len(s_nodes) > len(b_nodes) or len(s_links) > len(b_links):
        return False
    s_out = {n: {(t, g) for (u, t, g) in s_links if u == n} for n in s_nodes}
    s_in = {n: {(u, g) for (u, t, g) in s_links if t == n} for n in s_nodes}
    b_out = {n: {(t, g) for (u, t, g) in b_links if u == n} for n in b_nodes}
    b_in = {n: {(u, g) for (u, t, g) in b_links if t == n} for n in b_nodes}
    # the busiest node first, then always a node joined to those already placed
    order: list[str] = []
    left = set(s_nodes)
    while left:
        placed = set(order)
        joined = [n for n in left if any(t in placed for t, _ in s_out[n] | s_in[n])]
        pick = max(joined or left, key=lambda n: (len(s_out[n]) + len(s_in[n]), n))
        order.append(pick)
        left.remove(pick)
    budget = [SEARCH_BUDGET]

    def fits(node: str, image: str, mapping: dict[str, str]) -> bool:
        if len(b_out[image]) < len(s_out[node]) or len(b_in[image]) < len(s_in[node]):
            return False
        for target, sign in s_out[node]:
            if target == node and (image, sign) not in b_out[image]:
                return False
            if target in mapping and (mapping[target], sign) not in b_out[image]:
                return False
        return all((mapping[source], sign) in b_in[image]
                   for source, sign in s_in[node] if source in mapping)

    def extend(i: int, mapping: dict[str, str], used: set[str]) -> bool:
        if i == len(order):
            return True
        budget[0] -= 1
        if budget[0] < 0:
            return False
        node = order[i]
        for image in sorted(b_nodes - used):
            if fits(node, image, mapping):
                mapping[node] = image
                used.add(image)
                if extend(i + 1, mapping, used):
                    return True
                del mapping[node]
                used.discard(image)
        return False

    return extend(0, {}, set())


NEAR_SHARE = 0.75
"""A model has a published one's shape if that one's signed diagram (nodes renamed or not) makes up
at least this share of its links (the published diagram plus up to three links, for the 9- and
11-link published ones), or the reverse: its links are at least this share of the published
diagram's (9 or more of FreshMart's 11, 7 or more of Harvest's 9), all of them its links."""

GENERIC_NAMES = frozenset({"price", "customers", "revenue", "users", "demand", "quality", "cost"})
"""Words too plain to count as a copied node name. A published model's own node names ("Renters",
"Subscribers" ...) are not here: they count, but only against that model's names (see
:func:`near_copy`), so an honest model may reuse a few of them."""

@dataclasses.dataclass(frozen=True)
class Resemblance:
    """How a learner's model resembles a published one: ``why`` in a few words; ``copy`` True for a
    real copy (its firm, or its node names), refused; False for its shape only, passed with a
    warning (an honest firm's loops may have the textbook's shape)."""

    ref: Reference
    why: str
    copy: bool


def shape_match(mine: Graph, theirs: Graph, part: bool = True) -> str | None:
    """Whether ``mine`` has ``theirs``'s shape (signed diagram up to renaming, :data:`NEAR_SHARE`
    either way), in a few words, or None. With ``part`` False only the first way counts (all of
    ``theirs`` in ``mine``), not ``mine`` as a renamed part of ``theirs``."""
    n_mine, n_theirs = len(mine[1]), len(theirs[1])
    if n_mine and n_theirs >= NEAR_SHARE * n_mine and embeds(theirs, mine):
        extra = n_mine - n_theirs
        return ("the same shape" if extra == 0 and len(mine[0]) == len(theirs[0]) else
                f"its shape plus {extra} link{'' if extra == 1 else 's'}") + \
            f" ({n_theirs} of your {n_mine} links are its links, nodes renamed)"
    if part and n_mine and n_mine >= NEAR_SHARE * n_theirs and embeds(mine, theirs):
        return f"part of its shape (your {n_mine} links are {n_mine} of its {n_theirs}, nodes renamed)"
    return None


def contracted(graph: Graph) -> Graph:
    """``graph`` with every chain of single links joined: a node with exactly one incoming and one
    outgoing link is no branch point, so a chain u → a → b → t through such nodes becomes one link
    u → t whose sign is the product of the chain's signs (a closed loop of such nodes keeps its
    first node, by name). Each joined link is then drawn as two links through a midpoint of its
    own (u → m with the sign, m → t with +1), so that parallel chains stay apart: splitting every
    link of a published diagram with an extra node gives the same contracted graph."""
    nodes, links = graph
    out: dict[str, list[tuple[str, int]]] = {}
    degree_in: Counter = Counter()
    for u, t, g in links:
        out.setdefault(u, []).append((t, g))
        degree_in[t] += 1
    branch = {n for n in nodes if not (degree_in[n] == 1 and len(out.get(n, ())) == 1)}
    chains: list[tuple[str, str, int]] = []
    seen: set[str] = set()

    def walk(start: str) -> None:
        for t, g in sorted(out.get(start, ())):
            sign, cur = g, t
            while cur not in branch:
                seen.add(cur)
                cur, step = out[cur][0]
                sign *= step
            chains.append((start, cur, sign))

    for b in sorted(branch):
        walk(b)
    while left := sorted(nodes - branch - seen):   # loops of chain nodes only: keep one node
        branch.add(left[0])
        walk(left[0])
    new_links = set()
    for i, (u, t, g) in enumerate(sorted(chains)):
        mid = f"\x00chain {i}"
        new_links |= {(u, mid, g), (mid, t, 1)}
    return frozenset(n for l in new_links for n in l[:2]), frozenset(new_links)


def _loops_as_long(model: LoopModel, reference: LoopModel) -> bool:
    """Whether ``model``'s loops, kind by kind and longest first, are each at least as long as
    ``reference``'s (as many of each kind): its loops with nodes added along them, not a smaller
    diagram that joins to the same hub and loops (a 7-node model with two R and one B)."""
    def lengths(m: LoopModel, polarity: int) -> list[int]:
        try:
            return sorted((len(loop.nodes) for loop in m.loops() if loop.polarity == polarity),
                          reverse=True)
        except ValueError:
            return []
    for polarity in (1, -1):
        mine, theirs = lengths(model, polarity), lengths(reference, polarity)
        if len(mine) != len(theirs) or any(a < b for a, b in zip(mine, theirs)):
            return False
    return True


PART_SHAPE_NAMES = 2
"""Node names of a published model (not :data:`GENERIC_NAMES`) that make part of its joined shape
a warning: the shape alone, some of its loops, is what many honest models have."""


def joined_shape_match(model: LoopModel, reference: LoopModel) -> str | None:
    """Whether ``model`` has ``reference``'s shape once chains of single links are joined
    (:func:`contracted`): the whole contracted diagram, nodes renamed and links split by extra
    nodes (its loops each at least as long, :func:`_loops_as_long`); or part of it whose loops are
    some of the reference's, loop for loop (length and polarity), two or more of them and half or
    more of its links, and more than that shape: all of the reference's loops, or
    :data:`PART_SHAPE_NAMES` or more of its node names, or (for a :func:`particular` reference,
    FreshMart's) the model's own signed links are part of the reference's diagram, sign for sign
    (renamed). One hub with a 4-link R and a 3-link B is an ordinary model and is not warned,
    wherever its −1 is. In a few words, or None."""
    mine, theirs = contracted(_graph(model)), contracted(_graph(reference))
    if not mine[1] or not theirs[1]:
        return None
    if (len(mine[1]) == len(theirs[1]) and len(mine[0]) == len(theirs[0])
            and _loops_as_long(model, reference) and embeds(theirs, mine)):
        return ("the same shape once chains of single links are joined (its loops, with nodes "
                "renamed or added along the links)")
    sig_mine, sig_theirs = loop_signature(model), loop_signature(reference)
    n_mine = sum(1 for l in model.links if isinstance(l, Link))
    n_theirs = sum(1 for l in reference.links if isinstance(l, Link))
    names_theirs = {n for n in _graph(reference)[0] if n not in GENERIC_NAMES}
    more_than_shape = (sig_mine == sig_theirs
                       or len(names_theirs & _graph(model)[0]) >= PART_SHAPE_NAMES
                       or (particular(_graph(reference))
                           and embeds(_graph(model), _graph(reference))))
    if (sum(sig_mine.values()) >= 2 and not sig_mine - sig_theirs and 2 * n_mine >= n_theirs
            and more_than_shape and embeds(mine, theirs)):
        return (f"part of its shape ({sum(sig_mine.values())} of its "
                f"{sum(sig_theirs.values())} loops, of the same lengths and kinds, nodes renamed)")
    return None


def _share(part: int, whole: int) -> bool:
    """Whether ``part`` is most of ``whole`` (at least :data:`NEAR_SHARE` of it, and 3 or more)."""
    return part >= 3 and part >= NEAR_SHARE * whole


PARTICULAR_NEGATIVES = 3
"""A published diagram with this many −1 links or more (FreshMart's has 5: each of its reinforcing
loops runs through two) is too particular to be drawn by chance: renamed, it is refused
(:func:`one_link_from`). Harvest's has one: a hub with every link + but the balancing one, the
textbook shape an honest firm may draw (the studio of the tests does), so renamed it is warned."""


def particular(graph: Graph) -> bool:
    """Whether a published diagram has :data:`PARTICULAR_NEGATIVES` or more −1 links."""
    return sum(1 for link in graph[1] if link[2] < 0) >= PARTICULAR_NEGATIVES


def one_link_from(mine: Graph, theirs: Graph) -> str | None:
    """Whether ``mine`` is ``theirs`` with its nodes renamed and at most one link added, dropped or
    changed (its sign or an end moved), in a few words, or None: the published diagram handed back
    under new names. Refused for a :func:`particular` diagram (FreshMart's), like a published
    answer's numbers with one of them changed (11.3)."""
    n_mine, n_theirs = len(mine[1]), len(theirs[1])
    if not n_mine or not n_theirs:
        return None
    if n_mine == n_theirs and len(mine[0]) == len(theirs[0]) and embeds(theirs, mine):
        return f"its diagram with the nodes renamed ({n_theirs} of your {n_mine} links are its links)"
    if n_mine == n_theirs + 1 and embeds(theirs, mine):
        return f"its diagram with the nodes renamed and one link added ({n_theirs} of your {n_mine} links)"
    if n_mine == n_theirs - 1 and embeds(mine, theirs):
        return f"its diagram with the nodes renamed and one link left out (your {n_mine} links are {n_mine} of its {n_theirs})"
    if n_mine == n_theirs:
        for link in sorted(theirs[1]):
            rest = theirs[1] - {link}
            if embeds((frozenset(n for l in rest for n in l[:2]), rest), mine):
                return (f"its diagram with the nodes renamed and one link changed ({n_theirs - 1} of "
                        f"your {n_mine} links are its links)")
    return None


def more_than_part(model: LoopModel, reference: LoopModel) -> bool:
    """Whether ``model`` has more than a renamed part of ``reference``'s shape: all of its loops
    (loop for loop, :func:`loop_signature`), or :data:`PART_SHAPE_NAMES` or more of its node names.
    Asked of a textbook reference (Harvest's, not :func:`particular`), whose parts honest models
    draw: one hub with a 4-link R of + links and a 3-link B whose −1 closes the loop is 7 of its 9
    links, and a warning would turn on where the −1 sits."""
    names_theirs = {n for n in _graph(reference)[0] if n not in GENERIC_NAMES}
    return (not loop_signature(reference) - loop_signature(model)
            or len(names_theirs & _graph(model)[0]) >= PART_SHAPE_NAMES)


def near_copy(model: LoopModel, reference: LoopModel) -> tuple[str, bool] | None:
    """Why ``model`` resembles ``reference`` and whether that is a copy (see :class:`Resemblance`),
    or None if it does not.

    Counted against the reference (the published model), never against the learner's model, so
    adding nodes or links cannot dilute a copy. A copy: the same diagram node for node; or most
    (:data:`NEAR_SHARE`, at least 3) of the reference's signed links, under its node names; or most
    of its node names (those not in :data:`GENERIC_NAMES`); or its shape (:func:`shape_match`) with
    3 or more of its node names. A resemblance passed with a warning: the shape alone, or 3 or
    more of its links, or half or more of its node names. Names alone, with links of one's own, are
    not a copy: an honest firm may use the lecture's words. Also a copy: a :func:`particular`
    diagram (FreshMart's) under new names with at most one link added, dropped or changed
    (:func:`one_link_from`).
    """
    mine, theirs = _graph(model), _graph(reference)
    if not mine[1]:
        return None
    if mine == theirs:
        return "the same diagram, node for node", True
    names_theirs = {n for n in theirs[0] if n not in GENERIC_NAMES}
    shared = names_theirs & mine[0]
    links = theirs[1] & mine[1]
    said_links = f"{len(links)} of its {len(theirs[1])} links, between its node names, are yours"
    said_names = f"{len(shared)} of its {len(names_theirs)} node names are yours"
    shape = (shape_match(mine, theirs, part=particular(theirs) or more_than_part(model, reference))
             or joined_shape_match(model, reference))
    if _share(len(links), len(theirs[1])):
        return f"{said_links} (and {said_names})", True
    if _share(len(shared), len(names_theirs)):
        return f"{said_names}{f' and you have {shape}' if shape else ''}", True
    if shape and len(shared) >= 3:
        return f"{shape}, and {said_names}", True
    if particular(theirs) and (renamed := one_link_from(mine, theirs)):
        return renamed, True
    if shape:
        return shape, False
    if len(links) >= 3 or (len(shared) >= 3 and len(shared) >= len(names_theirs) / 2):
        return f"{said_names} and {said_links}", False
    return None


def published_answer(answer: Any) -> Any:
    """``answer.as_published()`` for a LoopModel or RentalParameters (the solution's mark)."""
    return answer.as_published() if isinstance(answer, (LoopModel, RentalParameters)) else answer


SOLUTION_NOTEBOOK = "11_capstone.ipynb"
"""The lesson's notebook file name, in solutions/ as in exercises/."""


def in_solutions() -> bool:
    """Whether the check runs in a solutions folder of the course (a notebook's kernel starts in
    its folder): the package's own, or a copy of the course (a hub's pulled copy, the browser
    tests' served copy) whose ``solutions`` sits beside ``notebooks`` and ``exercises`` and holds
    this lesson's solution notebook. A learner's folder that happens to be called "solutions"
    is not it. (The mark only lets the solution's own check cell pass; the grader never reads it.)"""
    try:
        here = Path.cwd().resolve()
        if here == SOLUTIONS.resolve():
            return True
        return (here.name == "solutions" and (here / SOLUTION_NOTEBOOK).is_file()
                and (here.parent / "notebooks").is_dir() and (here.parent / "exercises").is_dir())
    except OSError:
        return False


def _published_here(exercise: str, answer: Any) -> Feedback | None:
    """The feedback for the course's own marked answer, checked in the solution notebook; anywhere
    else (an exercise notebook a solution was pasted into) the mark counts for nothing."""
    if not getattr(answer, PUBLISHED_MARK, False) or not in_solutions():
        return None
    return Feedback(exercise, CORRECT,
                    "This is the course's published answer (marked with .as_published()): "
                    "accepted here, in the solutions, to show the check passing. Handed in as "
                    "your own, it is refused as a copy of a published answer.")


def copied_from(model: LoopModel) -> Resemblance | None:
    """How ``model`` resembles a published answer: the first copy found, else the first shape
    or name match, else the first model whose loops it has (:func:`same_loops`), else None."""
    found, by_loops = [], []
    for ref in model_references():
        if isinstance(model.firm, str) and names_published_firm(model.firm, ref.firm):
            return Resemblance(ref, f"the firm's name contains {ref.firm}", True)
        near = near_copy(model, ref.model)
        if near:
            found.append(Resemblance(ref, *near))
        elif loops := same_loops(model, ref.model):
            by_loops.append(Resemblance(ref, loops, False))
    return next((r for r in found if r.copy), found[0] if found else
                by_loops[0] if by_loops else None)


FIRM_FILLERS = frozenset({"and", "the"})
"""Words a firm's name may have or drop ("Harvest & Co", "Harvest Co", "Harvest and Co." are one
firm); "Company" is read as "Co". "Co" itself stays: "Harvest Moon Studios" is not Harvest & Co."""


def _firm_words(name: str) -> list[str]:
    """A firm name's words, lower case, punctuation dropped ("Fresh-Mart" is two words), "&" and
    :data:`FIRM_FILLERS` dropped, "company" read as "co": "Harvest & Co." → ["harvest", "co"]."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return ["co" if w == "company" else w for w in words if w not in FIRM_FILLERS]


def names_published_firm(firm: str, published: str) -> bool:
    """Whether ``firm`` contains the published firm's name from the start of a word, whatever the
    case, spacing, punctuation and "&"/"and" ("FreshMart Inc.", "Fresh-Mart", "Freshmarts",
    "Harvest Co", "Harvest and Co" all do; "Harvest Terminals" and "Harvest Moon" do not)."""
    theirs = "".join(_firm_words(published))
    mine = _firm_words(firm)
    return bool(theirs) and any("".join(mine[i:]).startswith(theirs) for i in range(len(mine)))


def loop_signature(model: LoopModel) -> Counter:
    """The model's loops as a multiset of (length, polarity): what survives renaming the nodes,
    reversing every arrow and inverting a node (counting "idle space" for "space used")."""
    try:
        return Counter((len(loop.nodes), loop.polarity) for loop in model.loops())
    except ValueError:
        return Counter()


def same_loops(model: LoopModel, reference: LoopModel) -> str | None:
    """Whether ``model``'s loops include all of ``reference``'s, loop for loop (length and
    polarity), in a few words, or None. A warning signal only: an honest firm's loops may match."""
    mine, theirs = loop_signature(model), loop_signature(reference)
    if len(theirs) < 2 or sum(theirs.values()) < 3 or theirs - mine:
        return None
    return "as many reinforcing and balancing loops, of the same lengths (nodes renamed)"


def is_worked_model(model: LoopModel) -> bool:
    """Whether ``model`` is a published answer (the worked example or the solution) or a copy of one."""
    found = copied_from(model)
    return found is not None and found.copy


MIN_FIRM_CHARS = 2
MIN_ASSET_WORDS = 2
DESCRIBED_FIRM = re.compile(r"^(?:(?i:a|an)\s+\w+|(?i:the)\s+[a-z]\w*)$")
"""A firm "named" by an article and one generic noun ("A studio", "an airline", "the bank"): a
description, not a name. "The" with a capitalised word ("The Gap") may be a name and passes."""


def naming_problems(model: LoopModel) -> list[str]:
    """A firm named by one character, or an asset in one word, says nothing about the firm."""
    out = []
    if isinstance(model.firm, str) and 0 < len(model.firm.strip()) < MIN_FIRM_CHARS:
        out.append(f"firm = {model.firm.strip()!r} does not name a firm: write its name (e.g. "
                   f"\"Maersk\", \"Tesco\").")
    elif isinstance(model.firm, str) and DESCRIBED_FIRM.match(" ".join(model.firm.split())):
        out.append(f"firm = \"{' '.join(model.firm.split())}\" is a description, not a name: write "
                   f"the firm's name (e.g. \"Ubisoft\").")
    if isinstance(model.asset, str) and model.asset.strip() and len(model.asset.split()) < MIN_ASSET_WORDS:
        out.append(f"asset = {model.asset.strip()!r} does not say what the hidden asset is: describe "
                   f"it in a few words (what it is, and who would rent it).")
    return out


SAME_WITHIN = 0.05
"""Two numbers are "the same" within this relative distance: a published number nudged by a few
percent is still that number."""


NEAR_WITHIN = 0.10
"""Two numbers are "near" within this relative distance: most of a published answer's numbers
each within 10% pass 11.3, with a warning."""


def _same_number(mine: Any, theirs: Any, within: float = SAME_WITHIN) -> bool:
    """Within ``within`` (default :data:`SAME_WITHIN`) of each other, relative to the larger (a
    copied number nudged by a few percent is the same)."""
    try:
        a, b = float(mine), float(theirs)
    except (TypeError, ValueError, OverflowError):
        return False
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= within * max(abs(a), abs(b))


NOT_COMPARED = ("months", "service_z")
"""Fields left out when 11.3 compares a case with a published answer's: a horizon of 36 months and
a service level of 1.65 are conventions most cases share, not a firm's numbers."""

CHURN = "churn (1 − retention)"
REFERRALS = "referrals (gain − retention)"
"""How 11.3 compares retention and gain: monthly retentions of 0.96 and 0.97 are 1% apart as
numbers, but churn of 4% and 3% is 25% apart (and referrals, G − r, likewise), so any two monthly
cases would look alike on the raw retention and gain."""


def _num(params: Any, name: str) -> float:
    """``params.name`` as a float, or NaN when it is not a number (never "near" anything:
    :func:`_same_number`)."""
    try:
        return float(getattr(params, name))
    except (TypeError, ValueError, OverflowError):
        return math.nan


def compared_numbers(params: RentalParameters) -> dict[str, float]:
    """The 14 numbers 11.3 compares with a published answer's: every field but
    :data:`NOT_COMPARED`, with retention and gain read as :data:`CHURN` and :data:`REFERRALS`."""
    retention = _num(params, "retention")
    out = {}
    for f in dataclasses.fields(RentalParameters):
        if f.name in NOT_COMPARED:
            continue
        if f.name == "gain":
            out[REFERRALS] = _num(params, "gain") - retention
        elif f.name == "retention":
            out[CHURN] = 1 - retention
        else:
            out[f.name] = _num(params, f.name)
    return out


COMPARED = len(compared_numbers(cold_chain_parameters()))
"""How many numbers 11.3 compares (14: the 16 fields less :data:`NOT_COMPARED`)."""


def unchanged_fields(params: RentalParameters, reference: RentalParameters | None = None,
                     within: float = SAME_WITHIN) -> list[str]:
    """The :func:`compared_numbers` of ``params`` within ``within`` (relative; default
    :data:`SAME_WITHIN`) of ``reference``'s (default: the worked example's)."""
    mine = compared_numbers(params)
    theirs = compared_numbers(reference if reference is not None else cold_chain_parameters())
    return [k for k in mine if _same_number(mine[k], theirs[k], within)]


WARN_WITHIN = 0.20
"""The warning band of 11.3: more than :data:`MAX_SHARED_FIELDS` (6) of the 14 compared numbers
each within 20% of a published answer's pass with a warning (its numbers moved by 12% or 15% are
still its numbers)."""


def near_numbers_warning(params: RentalParameters) -> str:
    """A warning when more than :data:`MAX_SHARED_FIELDS` of the compared numbers are each within
    :data:`WARN_WITHIN` of a published answer's (passed, not refused), else ""."""
    counted = [(unchanged_fields(params, ref.params, WARN_WITHIN), ref) for ref in references()]
    near, ref = max(counted, key=lambda pair: len(pair[0]))   # the closer published answer
    if len(near) > MAX_SHARED_FIELDS:
        return (f" Warning: {len(near)} of the {COMPARED} numbers compared are within "
                f"{WARN_WITHIN:.0%} of those of {ref.name}. That is "
                f"allowed, but make sure each is your firm's, with its source: your "
                f"instructor will compare them.")
    return ""


MAX_SHARED_FIELDS = COMPARED // 2 - 1
"""A learner may keep a few of a published answer's numbers (a discount rate, a correlation), not
half of the 14 compared: that is the published answer handed back."""

MAX_NEAR_FIELDS = 10
"""At most this many of the 14 compared numbers may each be within :data:`NEAR_WITHIN` (10%) of a
published answer's: 11 or more is that answer nudged (FreshMart with 9 numbers moved by 6% is
refused)."""

UNIT_FREE = ("push", "own_use", "correlation", "renter_margin", "outside_take", "lost_share",
             "discount", CHURN, REFERRALS)
"""The compared numbers that carry no unit of capacity or money: a change of units leaves them
alone."""


def unit_free_numbers(params: RentalParameters) -> dict[str, float]:
    """The case's numbers with the units taken out: the :data:`UNIT_FREE` numbers, plus capacity,
    s.d. and the cost of a renter's mean demand measured against the renter's mean demand or sales
    (the same case counted in pallets or in pairs of them, in US$ or thousands, gives the same)."""
    def num(name: str) -> float:
        return _num(params, name)

    def ratio(a: float, b: float) -> float:
        with np.errstate(all="ignore"):
            r = float(np.float64(a) / np.float64(b)) if b else math.nan
        return r if math.isfinite(r) else math.nan

    compared = compared_numbers(params)
    out = {name: compared[name] for name in UNIT_FREE}
    mean, sales = num("renter_mean"), num("renter_sales")
    out["capacity / renter_mean"] = ratio(num("capacity"), mean)
    out["renter_sd / renter_mean"] = ratio(num("renter_sd"), mean)
    out["unit_cost × renter_mean / renter_sales"] = ratio(num("unit_cost") * mean, sales)
    return out


def same_case_other_units(params: RentalParameters, reference: RentalParameters) -> list[str]:
    """The unit-free numbers of ``params`` (:func:`unit_free_numbers`) each within
    :data:`NEAR_WITHIN` of ``reference``'s."""
    mine, theirs = unit_free_numbers(params), unit_free_numbers(reference)
    return [k for k in mine if _same_number(mine[k], theirs[k], NEAR_WITHIN)]


MAX_NEAR_UNIT_FREE = 9
"""At most this many of the 12 unit-free numbers may each be within 10% of a published answer's:
10 or more is that answer in other units (capacity and demand × 2, money in US$), perhaps nudged."""


def copy_problem(params: RentalParameters) -> tuple[Reference, str] | None:
    """Why ``params`` is a published answer handed back (the reference and a message), or None.

    Refused: more than :data:`MAX_SHARED_FIELDS` of the 14 compared numbers
    (:func:`compared_numbers`) within 5% of a published answer's; more than :data:`MAX_NEAR_FIELDS`
    within 10%; or more than :data:`MAX_NEAR_UNIT_FREE` of the 12 unit-free numbers within 10% (the
    same case in other units).
    """
    total = COMPARED
    tail = (": put in your own firm's numbers, each with a comment saying where it comes from (a "
            "few shared ones, such as a discount rate, are fine).")
    for ref in references():
        same = unchanged_fields(params, ref.params)
        if len(same) > MAX_SHARED_FIELDS:
            return ref, (f"{len(same)} of the {total} numbers compared are within {SAME_WITHIN:.0%} of those "
                         f"of {ref.name} ({', '.join(same[:4])}{' ...' if len(same) > 4 else ''})"
                         + tail)
        near = unchanged_fields(params, ref.params, NEAR_WITHIN)
        if len(near) > MAX_NEAR_FIELDS:
            return ref, (f"{len(near)} of the {total} numbers compared are within {NEAR_WITHIN:.0%} of those "
                         f"of {ref.name}: that is its case, nudged" + tail)
        free = same_case_other_units(params, ref.params)
        if len(free) > MAX_NEAR_UNIT_FREE:
            return ref, (f"this is {ref.name} in other units: with capacity and s.d. counted per "
                         f"unit of a renter's mean demand, and the cost against a renter's sales, "
                         f"{len(free)} of its {len(unit_free_numbers(params))} unit-free numbers "
                         f"are within {NEAR_WITHIN:.0%} of yours" + tail)
    return None


PLAUSIBLE_TAKE = 0.5
"""A fee above half of a renter's sales is a warning: few renters hand over half their sales."""
PLAUSIBLE_MARGIN = 0.8
"""A renter margin above 80% of sales is a warning: few businesses keep that much."""
PLAUSIBLE_DISCOUNT = 0.03
"""A discount rate above 3% a month (about 43% a year) is a warning: it looks like a yearly rate
or a percent."""
PLAUSIBLE_SALES = 1e6
"""Renter sales above US$1bn a month (10⁶ in US$ thousands) is a warning: money given in US$?"""
PLAUSIBLE_GAIN = 1.1
"""A loop gain above 1.1 a month is a warning: renters would grow explosively (lesson 01)."""
PLAUSIBLE_RETENTION = 0.5
"""A monthly retention below 0.5 is a warning: renters would stay under two months on average
(1/(1 − r)); churn given as retention, or a yearly figure?"""
PLAUSIBLE_RATIO = 1e4
"""A cost of one renter's mean demand above its sales, or below 10⁻⁴ × them, is a warning: one
amount in US$ and the other in US$ thousands? (FreshMart's is 0.018 of its sales.)"""


def _churn_question(r: float) -> str:
    """A retention below PLAUSIBLE_RETENTION, asked about: churn typed as retention, or a yearly
    figure? (the warning of a passing case, and the end of 11.3's "no renter is served")."""
    stay = int(round_half_up(1 / (1 - r)))
    return (f"retention = {r:g} a month: renters stay about {stay} month"
            f"{'' if stay == 1 else 's'} on average (1/(1 − r)); is this churn "
            f"(give 1 − churn) or a yearly figure?")


def implausible_inputs(params: RentalParameters, result: Any) -> list[str]:
    """Inputs within the models' bounds that are still unlikely for a real firm, each with why
    (soft warnings: 11.3 passes them, says so, and the instructor sees it)."""
    out = []
    if result.take_rate > PLAUSIBLE_TAKE:
        out.append(f"the fee is {result.take_rate:.0%} of a renter's sales (renter_margin, "
                   f"outside_take and lost_share): few renters hand over half their sales")
    if params.renter_margin > PLAUSIBLE_MARGIN:
        out.append(f"renter_margin = {params.renter_margin:g}: few businesses keep over "
                   f"{PLAUSIBLE_MARGIN:.0%} of their sales")
    if params.discount > PLAUSIBLE_DISCOUNT:
        out.append(f"discount = {params.discount:g} a month is {(1 + params.discount) ** 12 - 1:.0%} "
                   f"a year: is it a yearly rate (divide by 12) or a percent?")
    if params.renter_sales > PLAUSIBLE_SALES:
        out.append(f"renter_sales = {params.renter_sales:g} is over US$1bn a month per renter: "
                   f"money is in US$ thousands (US$400k is 400)")
    if params.gain > PLAUSIBLE_GAIN:
        g, r = params.gain, params.retention
        out.append(f"gain = {g:g} is above {PLAUSIBLE_GAIN:g}: each renter becomes {g:g} renters "
                   f"a month ({r:g} kept + {g - r:.2g} brought in), explosive growth (lesson 01) "
                   f"that no rental business sustains")
    if params.retention == 0:
        out.append("retention = 0: every renter leaves after one month, so a renter is worth "
                   "nothing beyond its first month")
    elif params.retention < PLAUSIBLE_RETENTION:
        out.append(_churn_question(params.retention))
    if params.own_use == 0:
        out.append("own_use = 0: the firm needs none of the asset itself, so it is not a hidden "
                   "asset but a rental business")
    if params.renter_margin > 0 and result.take_rate >= params.renter_margin - 1e-12:
        out.append(f"the fee ({result.take_rate:.0%} of sales) takes the renter's whole margin "
                   f"({params.renter_margin:.0%}): the renter would keep nothing, so none would rent")
    if result.margin_per_renter < 0:
        out.append("the fee is below the cost of the capacity a renter uses: renting loses money "
                   "on these numbers; say so in 11.7")
    cost = params.unit_cost * params.renter_mean
    if params.unit_cost == 0:
        out.append("unit_cost = 0: the capacity renters use costs the firm nothing, so every fee is "
                   "profit; give what a unit of the asset costs a month (US$ thousands)")
    elif cost > params.renter_sales or 0 < cost < params.renter_sales / PLAUSIBLE_RATIO:
        out.append(f"a renter's mean demand costs {cost / params.renter_sales:.3g} times its sales "
                   f"a month: is one of unit_cost and renter_sales in US$, the other in thousands?")
    return out


_PLACEHOLDER_ALONE = ("node", "actor", "item", "thing", "placeholder", "todo", "tbd", "foo",
                      "something", "xxx", "...")
_PLACEHOLDER_NUMBERED = ("node", "actor", "item", "thing", "box", "variable", "var", "factor",
                         "element", "entity", "step", "stage", "name", "label", "quantity")
PLACEHOLDER = re.compile(
    r"^(?:[a-z]|[a-z]\d{1,2}|\d+|[^a-z0-9]*"
    rf"|(?:{'|'.join(re.escape(w) for w in _PLACEHOLDER_ALONE)})"
    rf"|(?:{'|'.join(_PLACEHOLDER_NUMBERED)})\s*[-_#.]?\s*(?:\d{{1,3}}|[a-z]))$")
"""A node name that names nothing: one letter ("A"), a letter and a number ("N1"), a number, only
punctuation, or a placeholder word alone or numbered ("Node", "Node 3", "Actor B", "Step 2")."""


def placeholder_problems(model: LoopModel) -> list[str]:
    """Node names that are placeholders (:data:`PLACEHOLDER`), not the firm's actors: a diagram of
    "A", "B", "C" passes every structural rule and says nothing about the firm."""
    nodes = [n for n in model.nodes if isinstance(n, str)] if isinstance(model.nodes, (tuple, list)) else []
    found = [n for n in nodes if PLACEHOLDER.match(_fold(n))]
    if not found:
        return []
    shown = ", ".join(repr(n) for n in found[:4]) + (" ..." if len(found) > 4 else "")
    return [f"node{'s' if len(found) > 1 else ''} {shown} {'are placeholders' if len(found) > 1 else 'is a placeholder'}, "
            f"not the name of anything in your firm: call each node what it is (who rents, what they "
            f"pay, what fills up at the owner's peak: e.g. \"Renters\", \"Spare warehouse space\", "
            f"\"Rental price\"), so that a reader can follow each loop."]


def _first_problem(found: list[str], how_to_see_all: str, listed: list[str] | None = None) -> str:
    """The first of ``found``, and how many more. The tail points to ``how_to_see_all`` only when
    that list (``listed``; None: it holds all of ``found``) holds every one of the others; else
    it asks the student to fix this one and check again (r24e 11.1-a: ``my_model.problems()``
    holds neither the naming nor the placeholder problems)."""
    more = len(found) - 1
    if not more:
        return found[0]
    if listed is None or all(problem in listed for problem in found[1:]):
        return found[0] + f" (and {more} more: run {how_to_see_all} to see {'it' if more == 1 else 'them'})"
    return found[0] + f" (and {more} more: fix this one and run the check again)"


def renamed_nodes(model: LoopModel, firm: str = "Polar Freight", asset: str = "its warehouses"
                  ) -> LoopModel:
    """``model`` with its nodes renamed N1, N2 ... and another firm: a copy the names do not show
    (refused as a copy for FreshMart's particular diagram; the names are placeholders anyway)."""
    names = {n: f"N{i + 1}" for i, n in enumerate(model.nodes)}
    return LoopModel(firm=firm, asset=asset, nodes=tuple(names.values()),
                     links=tuple(Link(names[l.source], names[l.target], l.sign) for l in model.links))


def two_node_model() -> LoopModel:
    """A degenerate answer: two nodes, a self-loop for the balancing loop, one-letter names."""
    return LoopModel(firm="X", asset="y", nodes=("A", "B"),
                     links=(Link("A", "B", 1), Link("B", "A", 1), Link("A", "A", -1)))


@dataclasses.dataclass(frozen=True)
class LoopModelSpec(Spec):
    """Answer: a LoopModel with no problems (see :meth:`LoopModel.problems`)."""

    what: str = "your LoopModel"
    kind: str = "interpret"

    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        if answer is Ellipsis or answer is None:
            return Feedback(exercise, NOT_ANSWERED,
                            "replace ... with LoopModel(firm=..., asset=..., nodes=..., links=...) "
                            "and run the cell again.")
        if isinstance(answer, (tuple, list)) and answer and all(isinstance(a, Link) for a in answer):
            return Feedback(exercise, WRONG_TYPE,
                            "got only the links; wrap them in LoopModel(firm=..., asset=..., "
                            "nodes=..., links=...).")
        if not isinstance(answer, LoopModel):
            return Feedback(exercise, WRONG_TYPE,
                            f"got {describe(answer)}; expected a LoopModel(firm=..., asset=..., "
                            f"nodes=..., links=...).")
        copied = copied_from(answer)
        if copied and copied.copy and (shown := _published_here(exercise, answer)):
            return shown
        if copied and copied.copy:
            renamed = ("New names on its nodes do not make it yours: start from your firm's own "
                       "actors (who rents, what they pay, what fills up at the owner's peak) and "
                       "draw only the links you can argue for your firm. "
                       if "nodes renamed" in copied.why else "")
            return Feedback(exercise, WRONG,
                            f"that is {copied.ref.name}: {copied.why}. {renamed}Pick your own firm "
                            f"and hidden asset and draw its loops, in its own words: the published "
                            f"answers show the shape, not your answer.")
        # placeholders before the structure: "A", "B", "C" is the real mistake of such a diagram
        structure = answer.problems()
        found = naming_problems(answer) + placeholder_problems(answer) + structure
        if found:
            return Feedback(exercise, WRONG, _first_problem(found, "my_model.problems()", structure))
        kinds = [loop.kind for loop in answer.loops()]
        reinforcing, balancing = kinds.count(REINFORCING), kinds.count(BALANCING)
        like = ("has part of the shape of" if "part of its shape" in copied.why else
                "has the same shape as" if "shape" in copied.why else
                "has the loops of" if "balancing loops" in copied.why else "resembles") if copied else ""
        warning = (f" Warning: your diagram {like} {copied.ref.name}: {copied.why}. That is "
                   f"allowed, but make sure each link is your firm's: your instructor will compare "
                   f"them." if copied else "")
        return Feedback(exercise, CORRECT,
                        f"Verified the structure only: firm and asset named; the firm is not a "
                        f"published answer's, and your diagram is not a published one under "
                        f"its node names; {len(answer.nodes)} nodes, all linked; every "
                        f"link on a closed loop; {reinforcing} reinforcing "
                        f"loop{'' if reinforcing == 1 else 's'} and {balancing} balancing "
                        f"loop{'' if balancing == 1 else 's'}. Whether they describe your firm well "
                        f"was not checked: that is for the rubric.{warning}")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        good = studio_model()
        yield good.links, "wrap them in LoopModel"
        yield "My studio", "expected a LoopModel"
        yield dataclasses.replace(good, firm=""), "firm is empty"
        yield dataclasses.replace(good, asset="  "), "asset is empty"
        renamed = [Link("Licensees", "Support", 1) if link.target == "Support load" else link
                   for link in good.links]
        yield dataclasses.replace(good, links=tuple(renamed)), "is not one of the model's nodes"
        dead_end = tuple(link for link in good.links if link.target != "Licensees"
                         or link.source != "Engine quality")
        dead_end = tuple(link for link in dead_end if link.source != "Plugins and\ntutorials")
        yield dataclasses.replace(good, links=dead_end), "does not close"
        all_plus = tuple(dataclasses.replace(link, sign=1) for link in good.links)
        yield dataclasses.replace(good, links=all_plus), "no balancing link"
        worked = cold_chain_model()
        yield worked, "worked example"
        yield dataclasses.replace(worked, firm="My firm", asset="its trucks"), "worked example"
        yield dataclasses.replace(worked, firm="Acme", links=(*worked.links, Link("Rental price", "Demand data", -1))), \
            "11 of its 11 links, between its node names, are yours"
        yield renamed_nodes(worked), "its diagram with the nodes renamed"
        yield dataclasses.replace(good, nodes=("A", "B", "C"), links=(
            Link("A", "B", 1), Link("B", "A", 1), Link("B", "C", 1), Link("C", "B", -1))), "placeholder"
        yield harvest_model(), "published solution"
        yield dataclasses.replace(harvest_model(), firm="Acme foods"), "published solution"
        yield two_node_model(), "does not name a firm"
        # real names: placeholders ("A", "B") are named before the structure, so the self-loop needs them
        yield LoopModel(firm="Acme", asset="its two things", nodes=("Renters", "Rent"),
                        links=(Link("Renters", "Rent", 1), Link("Rent", "Renters", 1),
                               Link("Renters", "Renters", -1))), "joins a node to itself"
        yield dataclasses.replace(good, asset="y"), "does not say what the hidden asset is"
        yield dataclasses.replace(good, firm="A studio"), "is a description, not a name"
        template = template_model()
        yield dataclasses.replace(template, firm="Ubisoft", nodes=(*template.nodes, "Support load"),
                                  links=(*template.links, Link("Licensees", "Support load", +1),
                                         Link("Support load", "Licensees", -1))), \
            "the question's example"


@dataclasses.dataclass(frozen=True)
class ParametersSpec(Spec):
    """Answer: RentalParameters within the models' bounds (see :func:`parameter_problems`)."""

    what: str = "your RentalParameters"
    kind: str = "compute"

    def evaluate(self, exercise: str, answer: Any) -> Feedback:
        if answer is Ellipsis or answer is None:
            return Feedback(exercise, NOT_ANSWERED,
                            "replace ... with RentalParameters(gain=..., push=..., ...) and run "
                            "the cell again.")
        if isinstance(answer, dict):
            return Feedback(exercise, WRONG_TYPE,
                            "got a dict; pass the same values to RentalParameters(**...) or write "
                            "RentalParameters(gain=..., push=..., ...).")
        if not isinstance(answer, RentalParameters):
            return Feedback(exercise, WRONG_TYPE,
                            f"got {describe(answer)}; expected RentalParameters(gain=..., push=..., ...).")
        percents = percent_problems(answer)
        if percents:
            return Feedback(exercise, WRONG, _first_problem(percents, "parameter_problems(my_params)"))
        copied = copy_problem(answer)
        if copied and (shown := _published_here(exercise, answer)):
            return shown
        if copied:
            return Feedback(exercise, WRONG, copied[1])
        found = parameter_problems(answer)
        if found:
            return Feedback(exercise, WRONG, _first_problem(found, "parameter_problems(my_params)"))
        try:
            result = run_case(answer)
        except Exception as exc:  # noqa: BLE001 - a model error is the course's, named, never a traceback
            return Feedback(exercise, WRONG,
                            f"the course's models could not run on these numbers ({type(exc).__name__}: "
                            f"{str(exc)[:160]}). Your cell is fine; bring the numbers closer to "
                            f"your firm's scale and tell your instructor.")
        if result.served.iloc[-1] < 1:
            return Feedback(exercise, WRONG,
                            f"no renter is served by month {answer.months}: demand reaches only "
                            f"{result.demand.iloc[-1]:.2g} renters. Raise push (new renters a "
                            f"month), gain or months so the rental business has renters to show."
                            + (f" Check first: {_churn_question(answer.retention)}"
                               if answer.retention < PLAUSIBLE_RETENTION else ""))
        loss = (f"at the last month's run-rate (× 12) renting loses {money(-result.profit_per_year)} "
                f"a year after the cost of the capacity" if result.profit_per_year < 0 else
                f"rent at the last month's run-rate (× 12) {money(result.revenue_per_year)} a year, "
                f"{money(result.profit_per_year)} after the cost of the capacity")
        odd = implausible_inputs(answer, result)
        unlikely = (f" Warning: within bounds but unlikely: {'; '.join(odd)}; check these, or say "
                    f"why your firm's numbers are so." if odd else "")
        return Feedback(exercise, CORRECT,
                        f"Verified that the inputs are within bounds, not that they are plausible: "
                        f"every input within its model's bounds and "
                        f"consistent (gain at least retention, outside fee at most the margin, "
                        f"room for at least one renter, a fee above zero); at most "
                        f"{MAX_SHARED_FIELDS} of the {COMPARED} numbers compared (all but months "
                        f"and service_z; retention and gain as churn and referrals) within "
                        f"{SAME_WITHIN:.0%} of a published answer's and at most {MAX_NEAR_FIELDS} within "
                        f"{NEAR_WITHIN:.0%} (in these or other units); and the models run "
                        f"(room for {result.fit:,} renters, take rate "
                        f"{result.take_rate:.3g}, one renter worth {money(result.clv)}, {loss}). "
                        f"Whether the numbers fit your firm was not checked: say where each comes "
                        f"from.{unlikely}{near_numbers_warning(answer)}")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        good = cold_chain_parameters()
        mine = studio_parameters()
        yield dataclasses.asdict(mine), "got a dict"
        yield 0.9, "expected RentalParameters"
        yield dataclasses.replace(mine, own_use=75), "looks like a percent"
        yield dataclasses.replace(mine, retention=95.0), "looks like a percent"
        yield dataclasses.replace(mine, discount=1.5), "give 0.015 if you meant 1.5% a month, or 0.5 if"
        yield dataclasses.replace(mine, retention=1.02), "a share cannot exceed 1 (you gave 1.02)"
        yield dataclasses.replace(mine, outside_take=0.4), "a renter whose next-best option charges more"
        yield dataclasses.replace(mine, retention=1.0, gain=1.0), "retention must be in [0, 1)"
        yield dataclasses.replace(mine, months=0, gain=2.0), "and 1 more"
        yield dataclasses.replace(mine, gain=mine.retention - 0.1), "gain must be at least retention"
        yield good, "worked example"
        yield dataclasses.replace(good, months=24, push=2.0), "worked example"
        yield dataclasses.replace(good, months=24, push=2.0, capacity=30_000.0, renter_sales=450.0), \
            "worked example"
        yield harvest_parameters(), "published solution"
        yield dataclasses.replace(good, **{n: getattr(good, n) * 1.06 for n in (
            "push", "capacity", "unit_cost", "renter_mean", "renter_sd", "service_z",
            "renter_margin", "outside_take", "renter_sales")}), "its case, nudged"
        yield dataclasses.replace(good, capacity=2 * good.capacity, renter_mean=2 * good.renter_mean,
                                  renter_sd=2 * good.renter_sd, unit_cost=1000 * good.unit_cost,
                                  renter_sales=1000 * good.renter_sales,
                                  **{n: getattr(good, n) * 1.06 for n in (
                                      "push", "service_z", "correlation", "lost_share", "own_use",
                                      "discount", "renter_margin")}), "in other units"
        yield dataclasses.replace(mine, capacity=100.0), "room for no renter"
        yield dataclasses.replace(mine, outside_take=0.0, lost_share=0.0), "the fee is zero"
        yield dataclasses.replace(mine, push=0.01, months=3), "no renter is served"
        yield dataclasses.replace(mine, retention=0.03, gain=0.05), "is this churn (give 1 − churn)"
        yield dataclasses.replace(mine, capacity=1e12, renter_mean=1.0, renter_sd=0.0), \
            "more than MAX_RENTERS"


def _any_negative(signs):
    return -1 if any(s < 0 for s in signs) else 1


def _majority(signs):
    return -1 if sum(1 for s in signs if s < 0) > sum(1 for s in signs if s > 0) else 1


def _count_negatives(signs):
    """The number of -1 links (0, 1, 2 ...), returned as if it were the polarity."""
    return sum(1 for s in signs if s < 0)


def _parity(signs):
    """The count of -1 links modulo 2 (0 even, 1 odd): the right rule in the wrong code."""
    return sum(1 for s in signs if s < 0) % 2


def _reversed(signs):
    """Backwards, written out (a mistake that called loop_polarity would be refused as the model)."""
    return 1 if sum(1 for s in signs if s < 0) % 2 else -1


# 11.4: how much of Amazon's operating income AWS earned over every year of the table, pooled
_segments = load("amazon_segments")
FIRST_YEAR = int(_segments["year"].min())
LATEST = int(_segments["year"].max())
_pivot = _segments.pivot_table(index="year", columns="segment",
                               values=["net_sales_musd", "operating_income_musd"])
_income = _pivot["operating_income_musd"]
AWS_INCOME_SHARE = float(_income["AWS"].sum() / _income["Consolidated"].sum())
_MEAN_OF_RATIOS = float((_income["AWS"] / _income["Consolidated"]).mean())
_SALES_SHARE = float(_pivot["net_sales_musd"]["AWS"].sum() / _pivot["net_sales_musd"]["Consolidated"].sum())
_LECTURE_SHARE = float(_income.loc[LATEST, "AWS"] / _income.loc[LATEST, "Consolidated"])
"""The lecture's case: AWS's share of the operating income in the latest year alone (cell 7)."""
_YEAR_BEFORE = float(_income.loc[LATEST - 1, "AWS"] / _income.loc[LATEST - 1, "Consolidated"])
_WITHOUT_LATEST = float(_income.loc[:LATEST - 1, "AWS"].sum() / _income.loc[:LATEST - 1, "Consolidated"].sum())
_YEARS = LATEST - FIRST_YEAR + 1
_OVER_EVERY_ROW = float(_income["AWS"].sum() / _segments["operating_income_musd"].sum())
"""AWS over the whole column, Consolidated rows included: the total counted twice (half the answer)."""
_AWS_COUNTED_TWICE = float(_income["AWS"].sum() / (_income["Consolidated"] + _income["AWS"]).sum())
"""AWS over Consolidated + AWS, 0.40: AWS counted twice, since the Consolidated rows already hold it."""
_WITHOUT_INTERNATIONAL = float(_income["AWS"].sum() / (_income["AWS"] + _income["North America"]).sum())
"""AWS over AWS + North America: the store segments with International's losses left out."""
_OVER_NORTH_AMERICA = float(_income["AWS"].sum() / _income["North America"].sum())
"""AWS over North America alone (1.84): the wrong denominator, above 1."""
_WITHOUT_FIRST = float(_income.loc[FIRST_YEAR + 1:, "AWS"].sum()
                       / _income.loc[FIRST_YEAR + 1:, "Consolidated"].sum())
"""2015-2025, the first year left out: 0.673 (0.6730), which two decimals could not tell from the
answer (0.6742, both 0.67); three decimals do (review r25f)."""
_LAST_FIVE = float(_income.loc[LATEST - 4:, "AWS"].sum() / _income.loc[LATEST - 4:, "Consolidated"].sum())
"""The last five years alone, 0.6805: at three decimals it has its own hint; 0.68 (two decimals) is
also the answer rounded up to two decimals, not half up to three, so that hint names the rounding
first (0.68 itself only: 0.685 is no rounding slip)."""

# 11.8-11.9 (issue 27): AWS's net sales growth on the year before, as a share, by year, drawn by the
# student (11.8); then the year it grew slowest (11.9). One row per year of the AWS rows (2014 blank:
# no year before it); the other columns are the series a student may draw instead.
_AWS_SALES = _pivot["net_sales_musd"]["AWS"]
_AWS_INCOME = _pivot["operating_income_musd"]["AWS"]
_ALL_SALES = _pivot["net_sales_musd"]["Consolidated"]
_IS_AWS = _segments["segment"] == "AWS"
_ACROSS_SEGMENTS = (_segments["net_sales_musd"].pct_change()[_IS_AWS]
                    .set_axis(_segments.loc[_IS_AWS, "year"]))
"""pct_change() over the whole table (as loaded), then the AWS rows: each AWS row divided by the row
above it, another segment's (-0.78 in 2015)."""
_SEGMENTS_MEAN = (_segments.sort_values("year").groupby("segment")["net_sales_musd"].pct_change()
                  .groupby(_segments["year"]).mean())
"""Every segment's growth on the year before, averaged by year: what sns.lineplot draws when the
segments are not filtered (0.30 in 2015)."""
GROWTH_TABLE = pd.DataFrame({
    "net_sales_musd": _AWS_SALES,
    "growth": _AWS_SALES.pct_change(),                     # this year's net sales ÷ the year before's − 1
    "year_after": _AWS_SALES.pct_change(-1),               # divided by the year after (pct_change(-1))
    "ratio": _AWS_SALES / _AWS_SALES.shift(),              # divided, 1 not subtracted
    "added": _AWS_SALES.diff(),                            # US$ millions added, not a share
    "by_this_year": _AWS_SALES.diff() / _AWS_SALES,        # the dollars added ÷ this year's sales
    "income_growth": _AWS_INCOME.pct_change(),             # operating income's growth, not net sales'
    "amazon_growth": _ALL_SALES.pct_change(),              # the Consolidated rows: all of Amazon
    "na_growth": _pivot["net_sales_musd"]["North America"].pct_change(),    # another segment (hue=)
    "intl_growth": _pivot["net_sales_musd"]["International"].pct_change(),  # another segment (hue=)
    "sales_share": _AWS_SALES / _ALL_SALES,                # AWS's share of Amazon's net sales (01.8)
    "margin": _AWS_INCOME / _AWS_SALES,                    # AWS's operating margin (lesson 08)
    "sales_busd": _AWS_SALES / 1000,                       # the lecture's chart, US$ billions
    "income_busd": _AWS_INCOME / 1000,
    "across_segments": _ACROSS_SEGMENTS,                   # pct_change() over the whole table (r26f d)
    "segments_mean": _SEGMENTS_MEAN,                       # every segment's growth, averaged (r26f e)
}).rename_axis("year").reset_index()
"""AWS's net sales and their growth on the year before, a share (blank in the first year), 2014-2025,
with the slips 11.8 names."""
_GROWTH = GROWTH_TABLE.set_index("year")["growth"].dropna()
SLOWEST = int(_GROWTH.idxmin())                       # 2023: 0.13
SLOWEST_GROWTH = float(_GROWTH.min())
_FASTEST = int(_GROWTH.idxmax())                      # 2015: 0.70
_FEWEST_ADDED = int(GROWTH_TABLE.set_index("year")["added"].idxmin())          # 2015 too
_AMAZON_SLOWEST = int(GROWTH_TABLE.set_index("year")["amazon_growth"].idxmin())  # 2022
_AWS_LABELS = pd.Series(_segments.index[_IS_AWS], index=_segments.loc[_IS_AWS, "year"])
"""Each AWS row's label in the segments table, by year: what idxmin()/idxmax() return on the scaffold's
``aws`` table, a filter that keeps the labels (r26f f)."""
assert SLOWEST - 1 in _GROWTH.index and SLOWEST + 1 in _GROWTH.index, SLOWEST
assert _GROWTH.drop(SLOWEST).min() - SLOWEST_GROWTH > 0.04, "the slowest year is no longer clear"


def _grew(year: int) -> str:
    """AWS's growth into ``year`` in words: "grew 0.37 (37%) on the year before"."""
    g = round_half_up(float(_GROWTH[year]), 2)
    return f"grew {g:.2f} ({g * 100:.0f}%) on the year before"


def _year_hint_11_9(year: int) -> str:
    """The hint for a year of 11.8's chart that is not 11.9's answer; none names the answer."""
    extra = ""
    if year == _AMAZON_SLOWEST:
        extra = (f" ({year} is the year Amazon as a whole, the Consolidated rows, grew slowest: the "
                 "question asks about AWS.)")
    if year == _FASTEST:
        also = (f" {year} is also the year the fewest US$ were added: growth is a share of the year "
                "before's sales, not the dollars added." if year == _FEWEST_ADDED else "")
        return (f"in {year} AWS's net sales {_grew(year)}, the fastest of all years: the highest point "
                f"of your chart. The question asks for the slowest, the lowest point.{also}")
    if year == SLOWEST - 1:
        return (f"in {year} AWS's net sales {_grew(year)}, low, but growth fell further the next year: "
                f"look for the lowest point of your chart.{extra}")
    if year == SLOWEST + 1:
        return (f"in {year} AWS's net sales {_grew(year)}: growth picked up that year. Look for the "
                f"lowest point of your chart.{extra}")
    if year == LATEST:
        return (f"in {year} AWS's net sales {_grew(year)} (lesson 09's +20% for fiscal 2025): the "
                f"latest year, not the slowest. Look for the lowest point of your chart.{extra}")
    return (f"in {year} AWS's net sales {_grew(year)}; in another year they grew more slowly: look "
            f"for the lowest point of your chart.{extra}")


# 11.5: the fewest new renters a month (steps of 0.1) that fill the cold chain by the last month
FREED_OWN_USE = 0.6


def fills_up(push: float) -> bool:
    """Whether, at own use 0.6, every renter that fits is served in the worked example's last month."""
    case = run_case(dataclasses.replace(cold_chain_parameters(), own_use=FREED_OWN_USE, push=push))
    return case.served.iloc[-1] >= case.fit


WIDE_PUSH = 10.0
"""11.5: a push from 0.3 above the answer to 20.3 above it (2.1 to 22.1) gets the hint "fills,
but not the smallest" (18, ten times the answer, keeps its own hint)."""
SMALLEST_PUSH = next(k / 10 for k in range(1, 200) if fills_up(k / 10))
_FIT_AT_FREED = run_case(dataclasses.replace(cold_chain_parameters(), own_use=FREED_OWN_USE)).fit
CHART_PUSH = 1.5
"""The push of the question's ``RentalChart`` example (a picture of one push), a plausible answer."""


def served_at(push: float) -> int:
    """Renters served in the worked example's last month at own use 0.6 and ``push``."""
    case = run_case(dataclasses.replace(cold_chain_parameters(), own_use=FREED_OWN_USE, push=push))
    return int(case.served.iloc[-1])


UNDER_PUSHES = tuple(round(k / 10, 1) for k in range(1, round(10 * SMALLEST_PUSH) - 1)
                     if k != round(10 * cold_chain_parameters().push))
"""11.5: pushes from 0.1 to one step below the answer (0.1 to 1.6), the worked example's 1.2 left to
its own hint: under-filling, each named with the renters it leaves out (1.5 also as the chart
example's push; 1 is no truncation of 1.8)."""


CHECKS = {
    "11.1": LoopModelSpec(),
    "11.2": Function(
        reference=loop_polarity,
        model=loop_polarity,  # the package's own: a function that only calls it is refused
        cases=[{"signs": (1, 1, 1)}, {"signs": (1, -1)}, {"signs": (-1, -1)},
               {"signs": (-1, -1, -1)}, {"signs": (1, -1, 1, -1, 1)}, {"signs": (-1, 1, 1)}],
        unit="polarity (+1 reinforcing, -1 balancing)",
        what="your polarity function",
        mistakes=(
            (_any_negative, "one -1 link does not make a loop balancing by itself: two -1 links "
                            "cancel (less of less is more). Count them: even → +1, odd → -1."),
            (_majority, "it is not a vote between + and - links: only the number of -1 links "
                        "matters, even → +1, odd → -1 (multiply the signs)."),
            (_reversed, "backwards: an even number of -1 links (zero included) gives a "
                        "reinforcing loop, +1; an odd number a balancing one, -1."),
            (_count_negatives, "that returns how many -1 links the loop has (0, 1, 2 ...). The "
                               "polarity is the product of the signs, +1 or -1, not a count: an "
                               "even number of -1 links gives +1, an odd number -1."),
            (_parity, "right rule, wrong code: 0 for an even number of -1 links and 1 for an odd "
                      "number. The polarity is the product of the signs: return +1 (even) or "
                      "-1 (odd)."),
        ),
    ),
    "11.3": ParametersSpec(),
    "11.4": Number(
        expected=AWS_INCOME_SHARE,
        unit=f"share of Amazon's operating income over {FIRST_YEAR}-{LATEST}, between 0 and 1",
        what=f"AWS's share of the {_YEARS} years' operating income",
        share=True,
        decimals=3,
        kind="data",
        hints=(
            # r26f b: pooling 2016-2025 gives 0.673 too, so the hint does not say which years it pools
            Hint(_WITHOUT_FIRST, f"that leaves out {FIRST_YEAR}: "
                                 f"the table starts in {FIRST_YEAR}, and the question pools every "
                                 f"year in it, the first included."),
            Hint(_MEAN_OF_RATIOS, "that is the average of the yearly shares; years of tiny or "
                                  "negative store profit give huge ratios. Add up the incomes first, "
                                  "then divide the two sums."),
            Hint(_SALES_SHARE, "that is AWS's share of net sales; the question asks about operating "
                               "income."),
            Hint(_LECTURE_SHARE, f"that is the lecture's case: AWS's share in {LATEST} alone. The "
                                 f"question pools every year of the table: add up each segment's "
                                 f"income over them first, then divide."),
            Hint(_YEAR_BEFORE, f"that is {LATEST - 1} alone; the question pools every year of the "
                               f"table: add up each segment's income over them first, then divide."),
            Hint(1 - AWS_INCOME_SHARE, "that is the rest of Amazon's operating income (the store "
                                       "segments' share); the question asks for AWS's share."),
            Hint(_OVER_EVERY_ROW, "that divides by the whole operating-income column, Consolidated "
                                  "rows included: each year is then counted twice (the segments and "
                                  "their total). Divide by the Consolidated rows only."),
            Hint(_AWS_COUNTED_TWICE, "that divides by Consolidated plus AWS: AWS is already "
                                     "inside the consolidated figure, so it is counted twice. "
                                     "Divide AWS by the Consolidated rows alone."),
            Hint(_WITHOUT_INTERNATIONAL, "that divides by AWS plus North America only, leaving out "
                                         "International (mostly losses): the denominator is all of "
                                         "Amazon's operating income, the Consolidated rows."),
            Hint(round(AWS_INCOME_SHARE, 3) + 0.001,
                 f"{round(AWS_INCOME_SHARE, 3) + 0.001:.3f} looks like the pooled share rounded up "
                 f"at the third decimal: round the exact share once, to three decimals, half up "
                 f"(to the nearest thousandth), not always up.",
                 within=0.0002),
            Hint(_OVER_NORTH_AMERICA, "that divides AWS by North America alone; the denominator is "
                                      "all of Amazon's operating income, the Consolidated rows. "
                                      "A share of it lies between 0 and 1."),
            Hint(_LAST_FIVE, f"that pools only {LATEST - 4}–{LATEST}; the question pools every "
                             f"year, {FIRST_YEAR}–{LATEST}.", within=0.00049),
            Hint(round(_LAST_FIVE, 2), f"if you pooled every year, {FIRST_YEAR}-{LATEST}, give three "
                             f"decimals, rounded half up (to the nearest thousandth), not rounded "
                             f"up to the next hundredth. (About 0.68 is also what the last five "
                             f"years alone, {LATEST - 4}-{LATEST}, give.)", within=0.0005),
            Hint(_WITHOUT_LATEST, f"that stops at {LATEST - 1} (and check that {FIRST_YEAR} is in "
                                  f"too): the table runs {FIRST_YEAR}–{LATEST}: use every year in it."),
            # r26f a: 67 (or 67.0), the percent rounded to a whole, is not 0.674 in percent
            Hint(100 * round(AWS_INCOME_SHARE, 2), "that looks like a percent rounded to a whole: give "
                 "a share between 0 and 1, to three decimals.", within=0.05),
            Hint(1.0, "1 would mean AWS earned all of Amazon's operating income; the store "
                      "segments earned some of it too. Divide AWS's summed income by the summed "
                      "Consolidated rows, and give the share to three decimals (not rounded to a "
                      "whole).", within=0.0049),
        ),
    ),
    "11.5": Number(
        expected=SMALLEST_PUSH,
        unit="new renters a month",
        what="the smallest push",
        decimals=1,
        grid=0.1,  # the question asks in steps of 0.1: 1.75 and 1.84 round to 1.8 but are no step
        kind="explore",
        hints=(
            Hint(round(SMALLEST_PUSH - 0.1, 1),
                 f"at a push of {SMALLEST_PUSH - 0.1:.1f}, {_FIT_AT_FREED - served_at(SMALLEST_PUSH - 0.1)} "
                 f"of the {_FIT_AT_FREED} renters that fit "
                 f"{'is' if _FIT_AT_FREED - served_at(SMALLEST_PUSH - 0.1) == 1 else 'are'} still not "
                 f"served in the last month: raise the push."),
            *(Hint(round(SMALLEST_PUSH + step, 1),
                   f"that push fills every space, but a smaller one does too: lower it in steps of "
                   f"0.1 until a space is left empty, and give the last push that fills them all.")
              for step in (0.1, 0.2)),
            Hint(float(_FIT_AT_FREED), "that is how many renters fit; the question asks how many new "
                                       "renters a month (push) fill them."),
            Hint(10 * SMALLEST_PUSH, f"{10 * SMALLEST_PUSH:g} looks like a percent, or a count of "
                                     f"tenths: the push is a number of new renters a month, one "
                                     f"decimal (like the worked example's "
                                     f"{cold_chain_parameters().push:g})."),
            Hint(100 * SMALLEST_PUSH, f"{100 * SMALLEST_PUSH:g} looks like a percent: the push "
                                      f"is a number of new renters a month, one decimal (like the "
                                      f"worked example's {cold_chain_parameters().push:g})."),
            Hint(-SMALLEST_PUSH, "right size, wrong sign: a push is a number of new renters a "
                                 "month, never negative."),
            Hint(100.0, "100 looks like a percent (every space filled): the question asks for the "
                        "push itself, new renters a month, one decimal."),
            Hint(0.0, "a push of 0 brings no new renters, so the freed space stays empty: raise the "
                      "push in steps of 0.1 until every renter that fits is served."),
            Hint(cold_chain_parameters().push, "that is the worked example's push; at own use 0.6 it "
                                               "leaves spaces empty. Raise it."),
            Hint(float(served_at(cold_chain_parameters().push)),
                 f"that is how many renters are served at own use 0.6 with the worked example's "
                 f"push, {cold_chain_parameters().push:g} (the lecture's "
                 f"{served_at(cold_chain_parameters().push)} served); the question asks for the "
                 f"push, new renters a month, one decimal."),
            *(Hint(push, (f"{push:.1f} is the push in the question's RentalChart example, a "
                          f"picture of one push, not the answer: " if push == CHART_PUSH else "")
                   + f"at a push of {push:.1f} only {served_at(push)} of the {_FIT_AT_FREED} "
                     f"renters that fit are served in the last month, so the freed space is "
                     f"under-filled, not a rounding slip. Raise the push in steps of 0.1 until "
                     f"every space is taken.")
              for push in UNDER_PUSHES),
            # any larger push fills every space too (the fill only grows with push): named as
            # "fills, but not the smallest", not "near but not right"
            Hint(round(SMALLEST_PUSH + 0.3, 1) + WIDE_PUSH, "fills every space, but it is not "
                 "the smallest push that does: lower it in steps of 0.1 until a space is left "
                 "empty, and give the last push that fills them all.",
                 within=WIDE_PUSH, echo=True),
        ),
    ),
    "11.6": Choice(
        correct="d",
        options={
            "a": "It is FreshMart's cost per pallet position plus a margin: in run_case, cheaper space lowers the fee.",
            "b": "It is what FreshMart must charge to cover the cost of the space renters use.",
            "c": "It rises when the renters' next-best cold store gets cheaper.",
            "d": "It rises if renters would lose twice the sales by leaving (δ doubles).",
        },
        hints={
            "a": "run_case computes the fee from the renter's side (its margin, its outside option "
                 "and δ): lesson 10's sustainable take rate, a ceiling. FreshMart's cost enters the "
                 "margin (through unit_cost, lesson 07's owned cost), never the fee.",
            "b": "the cost of the space (unit_cost per position, lesson 07's arithmetic) is the floor under "
                 "any price; the fee comes from what the renter would bear, and in the worked "
                 "example it covers that cost about four times over.",
            "c": "the reverse: a cheaper outside option lowers τ_out, and τ* = τ_out + δ(m − τ_out) "
                 "falls with it (its slope in τ_out is 1 − δ > 0).",
        },
    ),
    "11.8": Plot.from_table(
        GROWTH_TABLE, "year", "growth", unit="share of the year before's net sales", share=True,
        one_series=True,   # the question says "as one series"
        unit_words=("share",), abs_tol=0.005,   # values a student rounds to 2 decimals pass
        what="AWS's net sales growth on the year before", x_column="year",
        mistakes={
            "year_after": "you divided by the year after (pct_change(-1)); growth is on the year "
                          "before (pct_change()): each year's net sales ÷ the year before's − 1.",
            "ratio": "you divided each year's net sales by the year before's but did not subtract 1 "
                     "(1.2 for growth of 0.2): growth is that ratio minus 1 (pct_change()).",
            "added": "you plotted the US$ millions added each year (diff()), not the growth: divide "
                     "them by the year before's net sales (pct_change()), a share.",
            "by_this_year": "you divided the dollars added by this year's net sales; growth divides "
                            "them by the year before's (pct_change()).",
            "income_growth": "you plotted the growth of AWS's operating income; the question asks "
                             "for the growth of its net sales (net_sales_musd).",
            "amazon_growth": "you plotted the growth of all of Amazon's net sales (the Consolidated "
                             "rows); keep the rows whose segment is \"AWS\".",
            # r27d D5: hue="segment" draws every segment; the first one beside AWS is named, with why
            "na_growth": "you plotted North America's net sales growth, another segment (with "
                         "hue=\"segment\", seaborn draws every segment): keep the rows whose "
                         "segment is \"AWS\" and draw that series alone.",
            "intl_growth": "you plotted International's net sales growth, another segment (with "
                           "hue=\"segment\", seaborn draws every segment): keep the rows whose "
                           "segment is \"AWS\" and draw that series alone.",
            "sales_share": "you plotted AWS's share of Amazon's net sales (exercise 01.8's chart); the "
                           "question asks for AWS's growth on the year before.",
            "margin": "you plotted AWS's operating margin (operating income ÷ net sales, lesson 08); "
                      "the question asks for its net sales growth on the year before.",
            "net_sales_musd": "you plotted AWS's net sales themselves (US$ millions), not their growth: "
                              "plot each year's net sales ÷ the year before's − 1 (pct_change()).",
            "sales_busd": "you drew the lecture's chart, AWS's net sales in US$ billions; the question "
                          "asks for their growth on the year before, a share (pct_change()).",
            "income_busd": "you drew the lecture's chart, AWS's operating income in US$ billions; the "
                           "question asks for its net sales growth on the year before, a share.",
            "across_segments": "you took pct_change() over the whole table, so each AWS row was "
                               "divided by the row above it, another segment's: keep the AWS rows "
                               "first (the cell's aws table), then pct_change().",
            "segments_mean": "you drew every segment's growth (seaborn averages them per year): keep "
                             "the rows whose segment is \"AWS\".",
        }),
    "11.9": Number(
        expected=float(SLOWEST),
        unit="year",
        what="the year AWS's net sales grew slowest",
        year=True,
        kind="data",
        hints=(
            *(Hint(float(year), _year_hint_11_9(int(year)))
              for year in _GROWTH.index if int(year) != SLOWEST),
            Hint(float(FIRST_YEAR), f"{FIRST_YEAR} has no year before it in the table, so it has no "
                                    "growth (blank, not 0): look for the lowest point of the years "
                                    "drawn."),
            Hint(SLOWEST_GROWTH, "that is the slowest growth itself (a share); the question asks for "
                                 "the year it happened.", within=0.006),
            Hint(100 * SLOWEST_GROWTH, "that is the slowest growth itself, in percent; the question "
                                       "asks for the year it happened.", within=0.6),
            Hint(float(_AWS_LABELS[SLOWEST]),
                 f"{_AWS_LABELS[SLOWEST]} is the row label idxmin() returns: the filter kept each AWS "
                 f"row's label from the segments table. Read that row's year "
                 f"(aws.loc[growth.idxmin(), \"year\"]) or set year as the index first."),
            Hint(float(_AWS_LABELS[_FASTEST]),
                 f"{_AWS_LABELS[_FASTEST]} is the row label idxmax() returns (the filter kept each AWS "
                 f"row's label from the segments table), and idxmax() finds the fastest growth: the "
                 f"question asks for the slowest, idxmin(). Read that row's year "
                 f"(aws.loc[growth.idxmin(), \"year\"]) or set year as the index first."),
            Hint(float(SLOWEST % 100), "a year has four digits: give the whole year (e.g. 2016), not "
                                       "its last two."),
        ),
    ),
}

# 11.4 asks for three decimals since round 14 (review r25f: at two, 0.673, 2014 left out, passed as
# 0.67). A slip given at two decimals (0.34 for 0.337) keeps its hint: each hint but 2014's reaches
# 0.005 either side, and none of those reaches the answer (0.6735 to 0.6745).
_TWO_DECIMALS = 0.005
CHECKS["11.4"] = dataclasses.replace(CHECKS["11.4"], hints=tuple(
    dataclasses.replace(h, within=_TWO_DECIMALS) if h.within is None and h.value != _WITHOUT_FIRST else h
    for h in CHECKS["11.4"].hints))
assert not any(CHECKS["11.4"].accepts(h.value + d) for h in CHECKS["11.4"].hints
               for d in (-_TWO_DECIMALS, 0.0, _TWO_DECIMALS)), "an 11.4 hint reaches the answer"
