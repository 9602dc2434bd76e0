"""Checks for lesson 11 (capstone): the structure of the learner's model and numbers, not opinions.

11.1 and 11.3 are structural: a :class:`~valueloops.capstone.LoopModel` whose firm and asset are
filled in, whose links join known nodes and all lie on closed loops, with at least one reinforcing
and one balancing loop; :class:`~valueloops.capstone.RentalParameters` within the bounds of the
course's models and consistent with each other (plausibility). Handing back the lecture's worked
example (FreshMart's cold chain) is recognised and refused with a hint. Whether the loops and
numbers fit the learner's firm is for the instructor's rubric (instructors/11_capstone.md), and the
check messages say so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, ClassVar

from ..capstone import (BALANCING, REINFORCING, Link, LoopModel, RentalParameters,
                        cold_chain_model, cold_chain_parameters, loop_polarity,
                        parameter_problems, run_case)
from ..data import load
from .core import (CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, Choice, Feedback, Function, Hint,
                   Number, Spec, describe)


WORKED_FIRM = "FreshMart"


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
        renter_sales=300.0, service_margin=0.6, retention=0.97, discount=0.01)



def _link_set(model: LoopModel) -> set[tuple[str, str, int]]:
    """The links as (source, target, sign) with names on one line, for comparing two models."""
    return {(" ".join(l.source.split()), " ".join(l.target.split()), l.sign)
            for l in model.links if isinstance(l, Link)}


def is_worked_model(model: LoopModel) -> bool:
    """Whether ``model`` is the lecture's worked example (same links, or the same firm)."""
    return (_link_set(model) == _link_set(cold_chain_model())
            or (isinstance(model.firm, str) and WORKED_FIRM.lower() in model.firm.lower()))


def unchanged_fields(params: RentalParameters) -> list[str]:
    """The fields of ``params`` equal to the worked example's."""
    worked = cold_chain_parameters()
    return [f.name for f in dataclasses.fields(RentalParameters)
            if getattr(params, f.name) == getattr(worked, f.name)]


MAX_SHARED_FIELDS = len(dataclasses.fields(RentalParameters)) - 4
"""A learner may keep a few of the worked example's numbers (a service level, a discount rate),
not all but three of them: that is the worked example handed back."""


def _first_problem(found: list[str], how_to_see_all: str) -> str:
    more = len(found) - 1
    tail = f" (and {more} more: run {how_to_see_all} to see them all)" if more else ""
    return found[0] + tail


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
        if is_worked_model(answer):
            return Feedback(exercise, WRONG,
                            "that is the lecture's worked example (FreshMart's cold chain). Pick "
                            "your own firm and hidden asset and draw its loops: the worked "
                            "example shows the shape, not the answer.")
        found = answer.problems()
        if found:
            return Feedback(exercise, WRONG, _first_problem(found, "my_model.problems()"))
        kinds = [loop.kind for loop in answer.loops()]
        reinforcing, balancing = kinds.count(REINFORCING), kinds.count(BALANCING)
        return Feedback(exercise, CORRECT,
                        f"Verified the structure only: firm and asset named, not the worked "
                        f"example; {len(answer.nodes)} nodes, all linked; every link on a closed "
                        f"loop; {reinforcing} reinforcing loop{'' if reinforcing == 1 else 's'} and "
                        f"{balancing} balancing loop{'' if balancing == 1 else 's'}. Whether they "
                        f"describe your firm well was not checked: that is for the rubric.")

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


@dataclasses.dataclass(frozen=True)
class ParametersSpec(Spec):
    """Answer: RentalParameters within the models' bounds (see :func:`parameter_problems`)."""

    what: str = "your RentalParameters"
    kind: str = "compute"

    SHARES: ClassVar[tuple[str, ...]] = ("own_use", "correlation", "renter_margin", "outside_take",
                               "lost_share", "service_margin", "retention", "discount")

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
        for name in self.SHARES:
            value = getattr(answer, name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value <= 100:
                return Feedback(exercise, WRONG,
                                f"{name} = {value:g} looks like a percent; give a share between 0 "
                                f"and 1 (e.g. {value / 100:g}, not {value:g}).")
        same = unchanged_fields(answer)
        if len(same) > MAX_SHARED_FIELDS:
            return Feedback(exercise, WRONG,
                            f"{len(same)} of the {len(dataclasses.fields(RentalParameters))} numbers "
                            f"are the worked example's (FreshMart's): put in your own firm's "
                            f"numbers, each with a comment saying where it comes from.")
        found = parameter_problems(answer)
        if found:
            return Feedback(exercise, WRONG, _first_problem(found, "parameter_problems(my_params)"))
        result = run_case(answer)
        return Feedback(exercise, CORRECT,
                        f"Verified plausibility only: every input within its model's bounds and "
                        f"consistent (gain at least retention, outside fee below the margin), and "
                        f"the models run (room for {result.fit:,} renters, take rate "
                        f"{result.take_rate:.3f}, one renter worth {result.clv:,.0f}). Whether the "
                        f"numbers fit your firm was not checked: say where each comes from.")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        good = cold_chain_parameters()
        mine = studio_parameters()
        yield dataclasses.asdict(mine), "got a dict"
        yield 0.9, "expected RentalParameters"
        yield dataclasses.replace(mine, own_use=75), "looks like a percent"
        yield dataclasses.replace(mine, retention=95.0), "looks like a percent"
        yield dataclasses.replace(mine, outside_take=0.4), "must not exceed margin"
        yield dataclasses.replace(mine, retention=1.0, gain=1.0), "retention must be in [0, 1)"
        yield dataclasses.replace(mine, months=0, gain=2.0), "and 1 more"
        yield dataclasses.replace(mine, gain=mine.retention - 0.1), "gain must be at least retention"
        yield good, "worked example"
        yield dataclasses.replace(good, months=24, push=2.0), "worked example"


def _any_negative(signs):
    return -1 if any(s < 0 for s in signs) else 1


def _majority(signs):
    return -1 if sum(1 for s in signs if s < 0) > sum(1 for s in signs if s > 0) else 1


def _reversed(signs):
    """Backwards, written out (a mistake that called loop_polarity would be refused as the model)."""
    return 1 if sum(1 for s in signs if s < 0) % 2 else -1


# 11.4: how much of Amazon's operating income AWS earned over 2014-2024, all years pooled
_segments = load("amazon_segments")
_in_range = _segments[_segments["year"].between(2014, 2024)].pivot_table(
    index="year", columns="segment", values=["net_sales_musd", "operating_income_musd"])
_income = _in_range["operating_income_musd"]
AWS_INCOME_SHARE = float(_income["AWS"].sum() / _income["Consolidated"].sum())
_MEAN_OF_RATIOS = float((_income["AWS"] / _income["Consolidated"]).mean())
_SALES_SHARE = float(_in_range["net_sales_musd"]["AWS"].sum()
                     / _in_range["net_sales_musd"]["Consolidated"].sum())

# 11.5: the fewest new renters a month (steps of 0.1) that fill the cold chain by the last month
FREED_OWN_USE = 0.6


def fills_up(push: float) -> bool:
    """Whether, at own use 0.6, every renter that fits is served in the worked example's last month."""
    case = run_case(dataclasses.replace(cold_chain_parameters(), own_use=FREED_OWN_USE, push=push))
    return case.served.iloc[-1] >= case.fit


SMALLEST_PUSH = next(k / 10 for k in range(1, 200) if fills_up(k / 10))
_FIT_AT_FREED = run_case(dataclasses.replace(cold_chain_parameters(), own_use=FREED_OWN_USE)).fit


CHECKS = {
    "11.1": LoopModelSpec(),
    "11.2": Function(
        reference=loop_polarity,
        model=loop_polarity,  # the package's own: a function that only calls it is refused
        cases=[{"signs": (1, 1, 1)}, {"signs": (1, -1)}, {"signs": (-1, -1)},
               {"signs": (-1, -1, -1)}, {"signs": (1, -1, 1, -1, 1)}, {"signs": (-1, 1, 1)}],
        unit="polarity, +1 reinforcing or -1 balancing",
        what="your polarity function",
        mistakes=(
            (_any_negative, "one -1 link does not make a loop balancing by itself: two -1 links "
                            "cancel (less of less is more). Count them: even → +1, odd → -1."),
            (_majority, "it is not a vote between + and - links: only the number of -1 links "
                        "matters, even → +1, odd → -1 (multiply the signs)."),
            (_reversed, "backwards: an even number of -1 links (zero included) gives a "
                        "reinforcing loop, +1; an odd number a balancing one, -1."),
        ),
    ),
    "11.3": ParametersSpec(),
    "11.4": Number(
        expected=AWS_INCOME_SHARE,
        unit="share of Amazon's operating income over 2014-2024, between 0 and 1",
        what="AWS's share of the eleven years' operating income",
        share=True,
        decimals=2,
        kind="data",
        hints=(
            Hint(_MEAN_OF_RATIOS, "that is the average of the yearly shares; years of tiny or "
                                  "negative store profit give huge ratios. Add up the incomes first, "
                                  "then divide the two sums."),
            Hint(_SALES_SHARE, "that is AWS's share of net sales; the question asks about operating "
                               "income."),
        ),
    ),
    "11.5": Number(
        expected=SMALLEST_PUSH,
        unit="new renters a month",
        what="the smallest push",
        decimals=1,
        kind="explore",
        hints=(
            Hint(round(SMALLEST_PUSH - 0.1, 1), "at that push a space or two is still empty in the "
                                                "last month; a little more."),
            Hint(float(_FIT_AT_FREED), "that is how many renters fit; the question asks how many new "
                                       "renters a month (push) fill them."),
            Hint(cold_chain_parameters().push, "that is the worked example's push; at own use 0.6 it "
                                               "leaves spaces empty. Raise it."),
        ),
    ),
    "11.6": Choice(
        correct="d",
        options={
            "a": "A price built up from FreshMart's cost per pallet position plus its margin.",
            "b": "What FreshMart must charge to cover the cost of the space its renters use.",
            "c": "It rises when the renters' next-best cold store gets cheaper.",
            "d": "The most a renter would pay before moving to its next-best option: lesson 10's "
                 "ceiling. Charging it makes FreshMart a tollbooth; the cost of the space "
                 "(lesson 07) is the floor under any price.",
        },
        hints={
            "a": "run_case computes the fee from the renter's side (its margin, its outside option "
                 "and δ): lesson 10's sustainable take rate. FreshMart's cost enters only in "
                 "cost_per_year.",
            "b": "the cost of the space is cost_per_year (lesson 07's arithmetic); the fee comes "
                 "from what the renter would bear, and in the worked example it covers that cost "
                 "many times over.",
            "c": "the reverse: a cheaper outside option lowers τ_out, and τ* = τ_out + δ(m − τ_out) "
                 "falls with it (its slope in τ_out is 1 − δ > 0).",
        },
    ),
}
