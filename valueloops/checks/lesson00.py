"""Checks for lesson 00 (start here): the tiny loop x[t+1] = G·x[t] + u with new numbers, its
inverse, how long it takes to settle, the loop written by hand, and what moves the level most."""

import math

from ..flywheel import loop_path
from .core import WRONG, Choice, Feedback, Function, Hint, Number

_PATH_09 = loop_path(gain=0.9, push=100, steps=200)
_FIRST_90 = int((_PATH_09 >= 0.9 * 100 / (1 - 0.9)).idxmax())  # the first month at 90% of 1,000
_LOG_MONTHS = math.log(0.1) / math.log(0.9)  # 21.85: 0.9^t = 0.1 solved as if t were continuous
_LOG_ROUNDED = math.log(10) / 0.103  # 22.36: the same with ln 0.9 rounded to -0.103 first
_LOG_TENTH = math.log(10) / 0.1  # 23.03: the same with ln 0.9 taken as -0.1, that is as -(1 - G)
_READ_THE_PATH = ("Give the first whole month at or above 900: read the path itself, e.g. "
                  "`path.loc[20:24]`.")
_CONTINUOUS_MONTHS = ("solves 0.9^t = 0.1 as if months were continuous, but customers are counted at "
                      f"whole months. {_READ_THE_PATH}")
"""00.3's hint for a month count solved with logarithms; the check puts the number typed first
(21.85, or 21.9 to one decimal: ``Hint(echo=True)``)."""
_ROUNDED_LOGS = (
    f"comes from ln 0.9 rounded before dividing: ln 10/0.103 = {_LOG_ROUNDED:.2f} and ln 10/0.1 = "
    f"{_LOG_TENTH:.2f}, but ln 0.9 is −0.1054, and months are whole. {_READ_THE_PATH}")
"""00.3's hint for ln 0.9 rounded to -0.103 or to -0.1 (that is, -(1 - G)) before dividing; the
check puts the number typed first (22.36 or 22.4; 23.03)."""
# a whole month's hint comes first and carries the hint of the decimal next to it (a count's hint
# also matches the whole months on either side of its value: 21 is 21.85 cut off, 23 is 22.36
# taken up to the next month)
_SETTLE_TOO_EARLY = (f"{_FIRST_90 - 1} is a month early: in month {_FIRST_90 - 1} the level is still "
                     f"just under 900. Cutting off a logarithm's answer gives {_FIRST_90 - 1}: "
                     f"{_LOG_MONTHS:.2f} {_CONTINUOUS_MONTHS}")
_SETTLE_A_MONTH_LATE = (
    f"{_FIRST_90 + 1} is a month late. Two slips give it: counting the start as month 1 (the path's "
    f"first row is month 0), or the month count of a rounded logarithm, which {_ROUNDED_LOGS}")
_SETTLE_TWO_MONTHS_LATE = (
    f"{_FIRST_90 + 2} is two months late: it is the whole month after {_LOG_TENTH:.2f}, and "
    f"{_LOG_TENTH:.2f} comes from ln 0.9 rounded to −0.1 before dividing (ln 10/0.1); ln 0.9 is "
    f"−0.1054. ({_FIRST_90 + 2} is also the last month of the lecture's chart, a different shop.) "
    f"{_READ_THE_PATH}")
_NO_MONTH_MET = ("0 is what idxmax() returns when no month meets the condition: check that the path "
                 "runs the question's steps=60 and that you compare with 900 (path >= 900).")
_SIMULATED_MONTHS = (12, 24)  # the lecture's simulation runs 24 months; 12 is half of it
_SHORT_OF_SETTLING = ("that matches the level in month {months} of a simulation ({level:.1f}), still "
                      "short of where the loop settles; the long-run level solves x = G·x + u: u/(1 − G).")
_LEVEL_NOT_MONTH = ("that is a level of customers (or the 900 threshold), not a month; the question "
                    "asks for the month number, the row label of the first level at or above 900.")


def _level_after(gain: float, push: float, months: int) -> float:
    """Customers in month ``months`` of x[t+1] = G·x[t] + u from x[0] = 0."""
    x = 0.0
    for _ in range(months):
        x = gain * x + push
    return x


def _one_month_too_many(gain, push, months):
    return _level_after(gain, push, months + 1)


def _one_month_too_few(gain, push, months):
    return _level_after(gain, push, months - 1) if months > 0 else 0.0


def _push_decays_too(gain, push, months):
    x = 0.0
    for _ in range(months):
        x = gain * (x + push)
    return x


def _rounded_each_month(gain, push, months, places=0):
    x = 0.0
    for _ in range(months):
        x = round(gain * x + push, places)
    return x


def _rounded_each_month_to_tenths(gain, push, months):
    return _rounded_each_month(gain, push, months, places=1)


def _truncated_each_month(gain, push, months):
    x = 0.0
    for _ in range(months):
        x = int(gain * x + push)
    return x


def _rounded_result(gain, push, months, places=0):
    return round(_level_after(gain, push, months), places)


def _rounded_result_to_tenths(gain, push, months):
    return _rounded_result(gain, push, months, places=1)


def _truncated_result(gain, push, months):
    return int(_level_after(gain, push, months))


def _long_run_level(gain, push, months):
    return push / (1 - gain)


def _package_path(gain, push, months):
    return float(loop_path(gain=gain, push=push, steps=months).iloc[-1])


_LONG_RUN_HINT = ("that is the long-run level u/(1 − G), where the loop heads after many months (it "
                  "divides by zero at G = 1, where there is none); the question asks for the level in "
                  "month `months`: run the step x = G·x + u that many times, from x = 0.")


class _LevelAfterCheck(Function):
    """00.4's check: a closed form that divides by 1 − G fails at G = 1; say so, not just the error."""

    def evaluate(self, exercise: str, answer: object) -> Feedback:
        feedback = super().evaluate(exercise, answer)
        if feedback.status == WRONG and "ZeroDivisionError" in feedback.message:
            settling = Function(reference=_level_after, unit=self.unit, what=self.what,
                                cases=tuple(c for c in self.cases if c["gain"] < 1),
                                mistakes=((_long_run_level, _LONG_RUN_HINT),))
            if settling.evaluate(exercise, answer).message == _LONG_RUN_HINT:
                return Feedback(exercise, WRONG, _LONG_RUN_HINT)
            return Feedback(exercise, WRONG,
                            f"{feedback.message}. A closed form u·(1 − G^n)/(1 − G) divides by zero at "
                            "G = 1: handle G = 1 on its own (the level is then n·u), or run the step "
                            "x = G·x + u n times.")
        return feedback


CHECKS = {
    "00.1": Number(
        expected=50 / (1 - 0.8),
        unit="customers a month",
        what="the long-run level",
        decimals=0,
        hints=(Hint(50, "that is just the push u; the loop multiplies it by 1/(1 − G)."),
               Hint(50 * 0.8, "that is G·u, one trip round the loop; the level x solves x = G·x + u."),
               Hint(50 / 0.8, "you divided by G; the level is u/(1 − G)."),
               Hint(200, "200 is G·u/(1 − G): it comes from x = G·(x + u), the new customers "
                         "multiplied by G too (the slip exercise 00.4 names); only last month's "
                         "customers are kept at the rate G, so x = G·x + u. (200 is also the lecture's "
                         "shop, G = 0.5 and u = 100; this shop keeps 80% and gets 50 a month.)"),
               Hint(50 / (1 - 0.8) / 100, "that is the level in hundreds (or divided by 100 as if it "
                                          "were a percent); give customers a month, a plain number."),
               Hint(100 * 50 / (1 - 0.8), "that is the level times 100 (as if it were a share turned "
                                          "into a percent); give customers a month, a plain number, "
                                          "not a percent."),
               # a simulation's last row read off (the lecture runs 24 months): named before the
               # rounding message, which would only say "re-check the last step"
               *(Hint(float(loop_path(gain=0.8, push=50, steps=months).iloc[-1]),
                      _SHORT_OF_SETTLING.format(months=months, level=loop_path(
                          gain=0.8, push=50, steps=months).iloc[-1])) for months in _SIMULATED_MONTHS)),
    ),
    "00.2": Number(
        expected=1 - 40 / 250,
        unit="customers this month per customer of last month",
        what="the loop gain G",
        decimals=2,
        hints=(Hint(0.5, "0.5 is the lecture's shop (G = 0.5, u = 100, settling at 200); this shop has "
                         "u = 40 and settles at 250: solve 250 = 40/(1 − G) for G."),
               Hint(40 / 250, "0.16 is 1 − G, what the loop loses per customer each month; the "
                              "question asks for G itself."),
               Hint(100 * (1 - 40 / 250), "that is G in percent; the loop gain is a multiplier: give "
                                          "customers per customer (e.g. 0.5, not 50)."),
               Hint(250 / 40, "that is the multiplier 1/(1 − G); solve 250 = 40/(1 − G) for G."),
               Hint(1.0, "G = 1 would keep every customer and add 40 new ones a month on top: the "
                         "level would grow by 40 a month and never settle. A settled level is one "
                         "where the loop loses each month exactly what the push adds: "
                         "(1 − G)·250 = 40. (Or did you round to a whole number? The question asks "
                         "for two decimals.)")),
    ),
    "00.3": Number(
        expected=_FIRST_90,
        unit="month number, counting from month 0",
        what="the first month at 90% of the long-run level",
        count=True,
        kind="explore",
        # a whole month first: a count's hint also matches the whole months next to its value
        hints=(Hint(_FIRST_90 - 1, _SETTLE_TOO_EARLY),
               Hint(_FIRST_90 + 1, _SETTLE_A_MONTH_LATE),
               Hint(_FIRST_90 + 2, _SETTLE_TWO_MONTHS_LATE),
               *(Hint(value, _CONTINUOUS_MONTHS, echo=True) for value in (_LOG_MONTHS, round(_LOG_MONTHS, 1))),
               *(Hint(value, _ROUNDED_LOGS, echo=True) for value in (_LOG_ROUNDED, round(_LOG_ROUNDED, 1))),
               Hint(_LOG_TENTH, _ROUNDED_LOGS, echo=True, within=0.01),
               Hint(0, _NO_MONTH_MET),
               Hint(10, "10 is the multiplier 1/(1 − G), not a number of months; look at the path "
                        "month by month."),
               *(Hint(level, _LEVEL_NOT_MONTH) for level in (900.0, 1000.0, round(float(_PATH_09[_FIRST_90]), 1)))),
    ),
    "00.4": _LevelAfterCheck(
        reference=_level_after,
        cases=(dict(gain=0.5, push=100.0, months=3), dict(gain=0.8, push=50.0, months=10),
               dict(gain=1.0, push=20.0, months=7), dict(gain=1.2, push=10.0, months=5),
               dict(gain=0.5, push=100.0, months=0),
               # rounding the result and rounding inside the loop differ here (131 against 132)
               dict(gain=0.7, push=40.0, months=12)),
        unit="customers a month",
        what="level_after",
        mistakes=(
            (_one_month_too_many, "one month too many: after 0 months the level is 0, after 1 month "
                                  "it is u; run the step `months` times."),
            (_one_month_too_few, "one month too few: after 1 month the level is u (not 0), after 2 "
                                 "months G·u + u; run the step `months` times, starting from 0."),
            *((rounded, "the loop is right, but you rounded (or cut off) what the function returns: "
                        "return the exact level (round only what you print, if at all); a rounded "
                        "level passed on to the next calculation adds up errors.")
              for rounded in (_rounded_result, _rounded_result_to_tenths, _truncated_result)),
            *((rounded, "you rounded the level inside the loop, each month; keep the exact value "
                        "in the loop (round only what you print, if at all): rounding inside adds up "
                        "over the months.")
              for rounded in (_rounded_each_month, _rounded_each_month_to_tenths)),
            (_truncated_each_month, "you cut off (int) the level inside the loop, each month; keep the "
                                    "exact value in the loop (round only what you print, if at "
                                    "all): cutting off inside loses up to a customer every month."),
            (_push_decays_too, "you multiplied the new customers by G too; only last month's "
                               "customers are kept at the rate G: x = G·x + u."),
        ),
        model=_package_path,
    ),
    "00.5": Choice(
        correct="a",
        options={
            "a": "Raising G to 0.96: one more customer in a hundred comes back each month.",
            "b": "Raising u by 10%: that is about ten times the 1% rise from G = 0.95 to 0.96.",
            "c": "Both raise it by about the same: the level is u/(1 − G), and each change is small.",
            "d": "Raising u by 10%: the level is proportional to u, while 1 − G moves only from 0.05 "
                 "to 0.04.",
        },
        hints={
            # r27e (00 #2): the hints name the slip without the two levels, which gave the answer away
            "b": "compare the levels, not the size of the changes: compute u/(1 − G) after each "
                 "change.",
            "c": "they do not: compute the level u/(1 − G) after each change and compare the two.",
            "d": "0.05 to 0.04 is one point, but what share of 1 − G is it? Compute the level "
                 "u/(1 − G) after each change.",
        },
    ),
}
