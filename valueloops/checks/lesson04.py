"""Checks for lesson 04 (the data loop): the peak of another race, the data needed for a target
accuracy written by hand, the largest data scale at which given data reaches 99% of the ceiling,
an entrant with a better algorithm (a higher ceiling), and a race with a smaller head start."""

import math

from ..dataloop import accuracy, data_race
from .core import Choice, Function, Hint, Number

# 04.1 uses k = 255, off the lecture's widget (k in steps of 10): its settings either side peak in
# different quarters (k = 250: 15, k = 260: 16), so the widget only brackets the answer
_RACE_255 = data_race(data_scale=255, start_share=0.8, horizon=40)
_RACE_300 = data_race(data_scale=300, start_share=0.8, horizon=40)
_RACE_100 = data_race(data_scale=100, start_share=0.8, horizon=40)
# 04.5 starts the incumbent at 0.58, off the widget's grid of 0.05 (at 0.6 its summary printed the answer)
_SMALL_LEAD = data_race(data_scale=1000, start_share=0.58, horizon=40)
_SLIDER_LEAD = data_race(data_scale=1000, start_share=0.6, horizon=40)   # the nearest slider step
_LECTURE = data_race(data_scale=1000, start_share=0.8, horizon=40)
_D_99 = 3000.0   # 04.3: thousand purchases held; the question asks the largest k that reaches 99%
_K_UP = math.ceil(_D_99 / math.log(100))  # 652: the largest k rounded up no longer reaches 99%


def _data_needed(target: float, data_scale: float, ceiling: float) -> float:
    """Thousand purchases D with ceiling·(1 − e^(−D/k)) = target."""
    return -data_scale * math.log(1.0 - target / ceiling)


def _without_ceiling(target, data_scale, ceiling):
    return -data_scale * math.log(1.0 - target)


def _divided_by_scale(target, data_scale, ceiling):
    return -math.log(1.0 - target / ceiling) / data_scale


def _without_scale(target, data_scale, ceiling):
    return -math.log(1.0 - target / ceiling)


def _over_ceiling(target, data_scale, ceiling):
    return -data_scale * math.log(1.0 - target / ceiling) / ceiling


def _log_of_share(target, data_scale, ceiling):
    return -data_scale * math.log(target / ceiling)


def _sign_slip(target, data_scale, ceiling):
    return data_scale * math.log(1.0 - target / ceiling)


def _log10(target, data_scale, ceiling):
    return -data_scale * math.log10(1.0 - target / ceiling)


def _lecture_case(target, data_scale, ceiling):
    return data_scale * math.log(10)


def _rule_of_thumb(target, data_scale, ceiling):
    return 2.3 * data_scale


def _in_purchases(target, data_scale, ceiling):
    return -1000 * data_scale * math.log(1.0 - target / ceiling)


def _in_millions(target, data_scale, ceiling):
    return -data_scale * math.log(1.0 - target / ceiling) / 1000


def _by_search(target: float, data_scale: float, ceiling: float) -> float:
    """The same number found by bisection on the package's accuracy curve."""
    low, high = 0.0, 1.0
    while float(accuracy(high, data_scale=data_scale, ceiling=ceiling)) < target:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if float(accuracy(mid, data_scale=data_scale, ceiling=ceiling)) < target else (low, mid)
    return (low + high) / 2


_POINTS_SLIP = ("that is the size of the peak gap in points; the question asks in which quarter it "
                "comes (the row label).")
_SHARE_SLIP = ("that is a share of shoppers (the size of the peak gap), not a quarter; the question "
               "asks in which quarter the k = 255 race's gap peaks: race.path[\"gap\"].idxmax().")


CHECKS = {
    "04.1": Number(
        expected=float(_RACE_255.peak_period),
        unit="quarter number, the row label of race.path (0 = the start)",
        what="the quarter in which the share gap peaks",
        count=True,
        precision="the exact quarter, a whole number",
        kind="explore",
        hints=(
            *(Hint(value, _POINTS_SLIP) for value in (_RACE_255.peak_gap * 100,
                                                      round(_RACE_255.peak_gap * 100, 1))),
            Hint(0.0, "quarter 0 is the start, where the lecture's k = 10 and k = 30 races peak "
                      "(their gap only narrows); with k = 255 the gap first widens, so find the row "
                      "where it is largest, race.path[\"gap\"].idxmax(). (If your 0 is the gap's "
                      f"size rounded: {_SHARE_SLIP})"),
            Hint(1.0, "quarter 1 is the first quarter after the start; with k = 255 the gap is "
                      "still widening there and keeps widening for many quarters: find the row where "
                      "it is largest, race.path[\"gap\"].idxmax(). (If your 1 is the gap's size "
                      f"rounded: {_SHARE_SLIP})"),
            Hint(_RACE_255.peak_gap, _SHARE_SLIP),
            Hint(float(_RACE_255.peak_period + 1),
                 "one too many: either you counted the start as quarter 1 (the path's rows are "
                 "labelled from 0, the start), or you read the chart or the widget at k = 260: near "
                 "its peak the gap changes by well under a point from one quarter to the next. "
                 "race.path[\"gap\"].idxmax() gives the row label directly."),
            Hint(float(_RACE_255.peak_period - 1),
                 "one quarter early: there the gap is a hair below its peak. Near its peak the gap "
                 "is nearly flat, so read the largest row with race.path[\"gap\"].idxmax() rather "
                 "than the chart (or did you search gap.iloc[1:], whose positions start at quarter "
                 "1?)."),
            Hint(float(_RACE_255.peak_period - 2), "close, but the gap is still rising there: near its "
                                                   "peak it is nearly flat, so read the row where "
                                                   "`gap` is largest (race.path[\"gap\"].idxmax())."),
            Hint(float(_RACE_255.peak_period + 2), "close, but the gap is already falling there: near "
                                                   "its peak it is nearly flat, so read the row where "
                                                   "`gap` is largest (race.path[\"gap\"].idxmax())."),
            Hint(float(_RACE_100.peak_period), "that is the lecture's race with k = 100 (peak in "
                                               "quarter 3); run the race with data_scale=255."),
            Hint(float(_RACE_300.peak_period), "that is the lecture's race with k = 300; run the race "
                                               "with data_scale=255."),
            Hint(2.0, "that is a position, not a quarter: in the lecture's table of every tenth "
                      "quarter (path.iloc[::10]) the largest gap is the third row, position 2, which "
                      "is quarter 20. Search every quarter: race.path[\"gap\"].idxmax() gives the "
                      "row label."),
            Hint(20.0, "that is the largest gap among every tenth quarter (the lecture's table, "
                       "path.iloc[::10]); the peak falls between two of its rows. Search every "
                       "quarter: race.path[\"gap\"].idxmax()."),
            Hint(40.0, "quarter 40 is the end of the horizon; with k = 255 the gap peaks well before "
                       "that and then narrows."),
        ),
    ),
    "04.2": Function(
        reference=_data_needed,
        cases=({"target": 0.4, "data_scale": 100.0, "ceiling": 0.8},
               {"target": 0.72, "data_scale": 300.0, "ceiling": 0.8},
               {"target": 0.3, "data_scale": 50.0, "ceiling": 0.6},
               {"target": 0.5, "data_scale": 1000.0, "ceiling": 0.9}),
        unit="thousand purchases",
        what="data_needed",
        mistakes=(
            (_without_ceiling, "the target is an accuracy, and the curve tends to the ceiling: solve "
                               "ceiling·(1 − e^(−D/k)) = target for D, with the ceiling in it."),
            (_divided_by_scale, "the exponent is −D/k: after taking the log, multiply by k to get D, "
                                "do not divide."),
            (_without_scale, "k is missing: what you return is D/k, not D (0.693 in the example "
                             "instead of 69.3); multiply by k."),
            (_over_ceiling, "one division by the ceiling too many: the ceiling already sits inside the "
                            "log (target/ceiling); divide nothing afterwards (86.6 in the example "
                            "instead of 69.3)."),
            (_log_of_share, "e^(−D/k) equals 1 − target/ceiling (what is still missing), not "
                            "target/ceiling."),
            (_sign_slip, "your D is negative: the log of a number below 1 is below 0, so keep the "
                         "minus sign of the exponent −D/k."),
            (_log10, "that uses log base 10; solving e^(−D/k) = … needs the natural log, math.log "
                     "(math.log10 gives 30.1 instead of 69.3 in the example)."),
            (_lecture_case, "that returns k·ln 10 whatever the target: the lecture's case, 90% of "
                            "the ceiling. Solve the curve for the target given."),
            (_rule_of_thumb, "that returns the lecture's D ≈ 2.3·k, the 90% case, whatever the "
                             "target: solve the curve for the target given."),
            (_in_purchases, "that is in purchases (1,000 times too large); D and k are in thousand "
                            "purchases: drop the factor 1,000."),
            (_in_millions, "that is in millions of purchases (1,000 times too small); D and k are in "
                           "thousand purchases: drop the division by 1,000."),
        ),
        model=_by_search,
        rounding_examples="ln 2 written as 0.69, a ratio cut to two decimals, or round(...) or "
                          "int(...) before return",
    ),
    "04.3": Number(
        expected=_D_99 / math.log(100),
        unit="thousand purchases, the unit of the data scale k",
        what="the largest data scale k at which 3,000 thousand purchases reach 99% of the ceiling",
        decimals=0,
        hints=(
            # 1,303 (3,000/ln 10 = 1,302.9 rounded) or 1,302 (cut off): one hint for both
            Hint(_D_99 / math.log(10), "that is the k for 90% of the ceiling (the lecture's "
                                       "D = k·ln 10); 99% needs e^(−D/k) = 0.01: solve that for k.",
                 within=1),
            Hint(_D_99 / 2.3, "that uses the lecture's D ≈ 2.3·k, the rule for 90% of the ceiling; "
                              "99% needs e^(−D/k) = 0.01: solve that for k with math.log."),
            # 652 (651.44 rounded up, 651.5, or 3,000 ÷ 4.6 = 652.17): one hint names both ways there
            Hint(float(_K_UP), f"that rounds to {_K_UP}, one too large: with k = {_K_UP} the 3,000 thousand purchases reach "
                               f"only {1 - math.exp(-_D_99 / _K_UP):.3%} of the ceiling, short of the 99% "
                               "asked. k is a largest value, so rounding it up breaks the \"at least "
                               "99%\" condition; or you divided by 4.6 (ln 100 rounded) on the "
                               "way: keep full precision with math.log(100) and round only the "
                               "result."),
            Hint(_D_99 * math.log(100), "that is D × ln 100, the data a store with k = 3,000 would "
                                        "need; here D is given and k is asked: solve for k."),
            # 651,442 exact, 651,440 (651.44 × 1,000) or 651,000 (651 × 1,000): all in purchases
            Hint(_D_99 / math.log(100) * 1000, "that is in purchases; the question asks for thousand "
                                               "purchases (the unit of D and k): divide by 1,000.",
                 within=600),
            Hint(_D_99 / math.log(100) / 1000, "that is in millions of purchases; the question asks "
                                               "for thousand purchases (the unit of D and k).",
                 within=0.002),  # 0.649 to 0.653 (0.65 and 0.651): half a unit either side would take 0.3 or 1.1 too
            # 65.1 and 6,514: a factor of 10 slipped (D typed as 300 or 30,000)
            Hint(_D_99 / math.log(100) / 10, "ten times too small: D is 3,000 thousand purchases "
                                             "(3 million); check the D you typed."),
            Hint(_D_99 / math.log(100) * 10, "ten times too large: D is 3,000 thousand purchases "
                                             "(3 million); check the D you typed."),
            Hint(_D_99 / math.log10(100), "that uses log base 10 (log10 100 = 2); e^(−D/k) = 0.01 "
                                          "needs the natural log, math.log."),
            Hint(_D_99 / math.log(1 / 0.99), "far too large: that k reaches only 1% of the ceiling "
                                             "with this data (e^(−D/k) = 0.99). For 99% what is "
                                             "still missing is 1%: e^(−D/k) = 0.01.",
                 within=15),  # 298,497.5: cut off (298,497), a step rounded (298,496) or ln 0.99 ≈ −0.01005

            Hint(float(_LECTURE.path["data_incumbent"].iloc[-1]),
                 "that is the incumbent's data at quarter 40 in the lecture's k = 1,000 race; here "
                 "the data is 3,000 and k is asked: solve the curve for k."),
        ),
    ),
    "04.4": Choice(
        correct="c",
        options={
            "a": "The incumbent still leads: it holds more data, and data is what the loop runs on.",
            "b": "The shares return to 50/50, as in the lecture's k = 30 race.",
            "c": "The entrant leads with somewhat more than half the shoppers: both stores sit at "
                 "their ceilings, and the higher ceiling converts better.",
            "d": "The entrant takes nearly all the shoppers: its better accuracy brings it more "
                 "data, which compounds until the incumbent has almost none left.",
        },
        hints={
            "a": "with k = 30 both stores reach their ceilings within a few quarters, and past that "
                 "more data buys no accuracy: the incumbent's extra data stops counting, and what "
                 "still differs is the ceilings.",
            "b": "the lecture's race ends 50/50 because both stores share one ceiling; here the "
                 "entrant's accuracy settles at 90% against 80%, so its conversion stays higher for "
                 "good.",
            "d": "at its ceiling a store's extra data buys no more accuracy, so the loop stops "
                 "compounding: the shares settle where the two ceilings' conversion rates put them "
                 "(step 3's rule with λ = 2), not at all-or-nothing.",
        },
    ),
    "04.5": Number(
        expected=_SMALL_LEAD.end_gap,
        unit="share gap, incumbent's share minus entrant's, between 0 and 1",
        what="the share gap after 40 quarters",
        share=True,
        decimals=2,
        kind="explore",
        # r28c 04 #6: the question speaks of points ("0.25 for 25 points"), so the ×100 slip is named so
        hundredfold_hint="that looks like a percent, or points; give the gap as a share between 0 and 1 "
                         "(0.25 for 25 points).",
        hints=(
            Hint(_SMALL_LEAD.start_gap, "that is the gap at the start (quarter 0); the question asks "
                                        "for quarter 40."),
            # the entrant's share (0.4354) rounds like the lecture's end gap (0.4393): named first, and
            # narrowly; 0.44 itself gets the end-gap hint, which names both
            Hint(float(_SMALL_LEAD.path["share_entrant"].iloc[-1]),
                 "that is the entrant's share at quarter 40, not the gap; the gap is the "
                 "incumbent's share minus the entrant's (the column `gap`).", within=0.002),
            Hint(_SLIDER_LEAD.end_gap, "that is the race with a start share of 0.6 (the widget's "
                                       "nearest step); here the incumbent holds 58 of the 100 "
                                       "thousand purchases: a start share of 0.58."),
            Hint(_LECTURE.end_gap, "that is the lecture's end gap, with a head start of 0.8 (or, "
                                   "rounded, the entrant's share in this race, not the gap); start "
                                   "the incumbent at 0.58 and read the gap at quarter 40."),
            Hint(_LECTURE.start_gap, "that is the start gap of the lecture's race (head start 0.8); "
                                     "start the incumbent at 0.58 and read quarter 40."),
            Hint(_RACE_300.end_gap, "that is the lecture's end gap with k = 300; this race has "
                                    "k = 1,000 and a head start of 0.58."),
            Hint(data_race(data_scale=3000, start_share=0.8, horizon=40).end_gap,
                 "that is the lecture's end gap with k = 3,000; this race has k = 1,000 and a head "
                 "start of 0.58."),
            Hint(float(_LECTURE.path["share_incumbent"].iloc[-1]),
                 "that is the incumbent's share at quarter 40 in the lecture's race; the gap is "
                 "its share minus the entrant's, in a race starting from 0.58."),
            Hint(float(_SMALL_LEAD.path["share_incumbent"].iloc[-1]),
                 "that is the incumbent's share; the gap is its share minus the entrant's."),
            # 0.12 (0.118): the lecture's end gap scaled down. It is also the answer cut off at two
            # decimals, the likelier slip, which the core names first
            Hint(_LECTURE.end_gap * _SMALL_LEAD.start_gap / _LECTURE.start_gap,
                 "that is the lecture's 0.44 scaled by the start gaps (0.44 × 0.05/0.19); the loop "
                 "is not proportional: run data_race with start_share=0.58."),
        ),
    ),
}
