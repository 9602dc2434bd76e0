"""Checks for lesson 11 (capstone): the structure of the learner's model and numbers, not opinions.

11.1 and 11.3 are structural: a :class:`~valueloops.capstone.LoopModel` whose firm and asset are
filled in, whose links join known nodes and all lie on closed loops, with at least one reinforcing
and one balancing loop; :class:`~valueloops.capstone.RentalParameters` within the bounds of the
course's models. Whether the loops and numbers fit the learner's firm is for the instructor's
rubric (instructors/11_capstone.md), and the check messages say so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, ClassVar

from ..capstone import (BALANCING, REINFORCING, Link, LoopModel, RentalParameters,
                        cold_chain_model, cold_chain_parameters, loop_polarity,
                        parameter_problems, run_case)
from .core import (CORRECT, NOT_ANSWERED, WRONG, WRONG_TYPE, Choice, Feedback, Function, Hint,
                   Number, Spec, describe)


def _first_problem(found: list[str], how_to_see_all: str) -> str:
    more = len(found) - 1
    tail = f" (and {more} more: run {how_to_see_all} to see them all)" if more else ""
    return found[0] + tail


@dataclasses.dataclass(frozen=True)
class LoopModelSpec(Spec):
    """Answer: a LoopModel with no problems (see :meth:`LoopModel.problems`)."""

    what: str = "your LoopModel"

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
        found = answer.problems()
        if found:
            return Feedback(exercise, WRONG, _first_problem(found, "my_model.problems()"))
        kinds = [loop.kind for loop in answer.loops()]
        return Feedback(exercise, CORRECT,
                        f"Verified: firm and asset named; {len(answer.nodes)} nodes, all linked; "
                        f"every link on a closed loop; {kinds.count(REINFORCING)} reinforcing and "
                        f"{kinds.count(BALANCING)} balancing loop(s). Whether they describe your "
                        f"firm well was not checked: that is for the rubric.")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        good = cold_chain_model()
        yield good.links, "wrap them in LoopModel"
        yield "FreshMart", "expected a LoopModel"
        yield dataclasses.replace(good, firm=""), "firm is empty"
        yield dataclasses.replace(good, asset="  "), "asset is empty"
        renamed = [Link("Renters", "Cold store", 1) if link.target.startswith("Cold-store") else link
                   for link in good.links]
        yield dataclasses.replace(good, links=tuple(renamed)), "is not one of the model's nodes"
        dead_end = (*good.links[:3], *good.links[4:])  # drop Rental price → Renters
        yield dataclasses.replace(good, links=dead_end), "does not close"
        all_plus = tuple(dataclasses.replace(link, sign=1) for link in good.links)
        yield dataclasses.replace(good, links=all_plus), "no balancing link"



@dataclasses.dataclass(frozen=True)
class ParametersSpec(Spec):
    """Answer: RentalParameters within the models' bounds (see :func:`parameter_problems`)."""

    what: str = "your RentalParameters"

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
        found = parameter_problems(answer)
        if found:
            return Feedback(exercise, WRONG, _first_problem(found, "parameter_problems(my_params)"))
        result = run_case(answer)
        return Feedback(exercise, CORRECT,
                        f"Verified: all inputs within the models' bounds, and the models run (room "
                        f"for {result.fit:,} renters, take rate {result.take_rate:.3f}, one renter "
                        f"worth {result.clv:,.0f}). Whether the numbers fit your firm was not "
                        f"checked: say where each comes from.")

    def wrong_answers(self) -> Iterator[tuple[Any, str]]:
        good = cold_chain_parameters()
        yield dataclasses.asdict(good), "got a dict"
        yield 0.9, "expected RentalParameters"
        yield dataclasses.replace(good, own_use=75), "looks like a percent"
        yield dataclasses.replace(good, retention=95.0), "looks like a percent"
        yield dataclasses.replace(good, outside_take=0.4), "must not exceed margin"
        yield dataclasses.replace(good, retention=1.0), "retention must be in [0, 1)"
        yield dataclasses.replace(good, months=0, gain=2.0), "and 1 more"


def _any_negative(signs):
    return -1 if any(s < 0 for s in signs) else 1


def _majority(signs):
    return -1 if sum(1 for s in signs if s < 0) > sum(1 for s in signs if s > 0) else 1


def _reversed(signs):
    return -loop_polarity(signs)


def _free_space_rent() -> float:
    return run_case(dataclasses.replace(cold_chain_parameters(), own_use=0.6)).revenue_per_year


_BASE_RENT = run_case(cold_chain_parameters()).revenue_per_year
_FREE_RENT = _free_space_rent()

CHECKS = {
    "11.1": LoopModelSpec(),
    "11.2": Function(
        reference=loop_polarity,
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
        expected=_FREE_RENT,
        unit="US$ thousands a year",
        rel_tol=0.005,
        what="the rent per year with own use 0.6",
        hints=(
            Hint(_BASE_RENT, "that is the worked example at own_use = 0.75; set own_use = 0.6 "
                             "with dataclasses.replace and run the case again."),
            Hint(_FREE_RENT / 12, "that is one month's rent; the question asks for a year "
                                  "(revenue_per_year)."),
            Hint(_FREE_RENT / 1000, "that is in US$ millions; the course's money here is in "
                                    "US$ thousands."),
            Hint(_BASE_RENT * 8000 / 5000, "more space does not bring proportionally more rent: "
                                           "check how many renters want in (demand), not only "
                                           "how many fit."),
        ),
    ),
    "11.5": Choice(
        correct="b",
        options={
            "a": "AWS began as Amazon renting out its spare retail servers after the holidays.",
            "b": "Amazon turned a capability into a product, built capacity for renters, and "
                 "pooling many renters' demand made it cheap.",
            "c": "Renting out an asset is profitable from the start because the asset is "
                 "already paid for.",
            "d": "Pooling works best when renters' peaks coincide with the owner's own peak.",
        },
        hints={
            "a": "that is the myth: Werner Vogels said AWS would have used up any spare "
                 "Amazon.com capacity within about two months of launch. Leftovers are small, "
                 "and gone exactly at the owner's peak.",
            "c": "the spare part of an asset is small (see option a); renting at scale means "
                 "building capacity for renters, paid for before their rent comes in, so it "
                 "must earn its own return.",
            "d": "the opposite: correlated peaks shrink pooling's saving (at correlation 1 "
                 "pooling saves nothing); renters whose peaks differ from yours are the best fit.",
        },
    ),
}
