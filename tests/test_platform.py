"""Two-sided platform models (lesson 02) against values worked by hand from the papers."""

from __future__ import annotations

import dataclasses

import pytest
from plot_pairs import LABEL_SLIPS, PlotPair, draw_label_slip

from valueloops.platform import (duopoly_platform, monopoly_platform, participation_path,
                                 participation_target, transaction_fees)


# --- Armstrong (2006) monopoly platform ------------------------------------------------------------
def test_monopoly_by_hand():
    # a1 = a2 = 1, alpha1 = 0.2, alpha2 = 0.6: A = 0.8, 4 − A² = 3.36,
    # n1 = n2 = (2 + 0.8)/3.36 = 5/6, p1 = 5/6 − 0.6·5/6 = 1/3, p2 = 5/6 − 0.2·5/6 = 2/3,
    # profit = (1/3 + 2/3)·5/6 = 5/6
    r = monopoly_platform(a1=1, a2=1, alpha1=0.2, alpha2=0.6)
    assert (r.n1, r.n2) == pytest.approx((5 / 6, 5 / 6))
    assert (r.p1, r.p2) == pytest.approx((1 / 3, 2 / 3))
    assert r.profit == pytest.approx(5 / 6)


def test_monopoly_negative_price_by_hand():
    # a = 1, f = 0.2, alpha1 = 0.3, alpha2 = 1.2: A = 1.5, 4 − A² = 1.75,
    # n1 = n2 = (2·0.8 + 1.5·0.8)/1.75 = 1.6, p1 = 0.2 + 1.6 − 1.2·1.6 = −0.12,
    # p2 = 0.2 + 1.6 − 0.3·1.6 = 1.32, profit = (−0.32 + 1.12)·1.6 = 1.28
    r = monopoly_platform(a1=1, a2=1, alpha1=0.3, alpha2=1.2, f1=0.2, f2=0.2)
    assert (r.n1, r.n2) == pytest.approx((1.6, 1.6))
    assert (r.p1, r.p2) == pytest.approx((-0.12, 1.32))
    assert r.profit == pytest.approx(1.28)


def test_monopoly_prices_are_optimal_and_demands_consistent():
    a1, a2, al1, al2, f1, f2 = 1.3, 0.7, 0.4, 0.9, 0.1, 0.2
    r = monopoly_platform(a1=a1, a2=a2, alpha1=al1, alpha2=al2, f1=f1, f2=f2)
    # participation n_i = a_i − p_i + alpha_i·n_j holds at the chosen prices
    assert r.n1 == pytest.approx(a1 - r.p1 + al1 * r.n2)
    assert r.n2 == pytest.approx(a2 - r.p2 + al2 * r.n1)

    def profit(n1, n2):
        p1 = a1 - n1 + al1 * n2
        p2 = a2 - n2 + al2 * n1
        return (p1 - f1) * n1 + (p2 - f2) * n2

    assert profit(r.n1, r.n2) == pytest.approx(r.profit)
    for d1, d2 in [(0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01), (0.01, 0.01), (0.01, -0.01)]:
        assert profit(r.n1 + d1, r.n2 + d2) < r.profit


def test_the_side_bringing_more_value_is_subsidised():
    # symmetric sides except the cross-side values: side 1 is worth more to side 2 (alpha2 big)
    r = monopoly_platform(a1=1, a2=1, alpha1=0.1, alpha2=0.9)
    assert r.p1 < r.p2
    # raising what sellers gain per buyer lowers the buyers' price, down below zero
    prices = [monopoly_platform(a1=1, a2=1, alpha1=0.1, alpha2=x).p1 for x in (0.2, 0.8, 1.5)]
    assert prices[0] > prices[1] > 0 > prices[2]


def test_without_cross_side_effects_it_is_two_ordinary_monopolies():
    r = monopoly_platform(a1=1, a2=2, alpha1=0, alpha2=0, f1=0.2, f2=0.4)
    assert (r.p1, r.p2) == pytest.approx(((1 + 0.2) / 2, (2 + 0.4) / 2))


def test_monopoly_tips_at_a_equals_two():
    with pytest.raises(ValueError, match=r"alpha1 \+ alpha2 < 2"):
        monopoly_platform(a1=1, a2=1, alpha1=1.0, alpha2=1.0)
    with pytest.raises(ValueError, match="this is not tipping"):
        monopoly_platform(a1=1, a2=1, alpha1=0.5, alpha2=1.8)


def test_monopoly_validates():
    with pytest.raises(ValueError, match="alpha1"):
        monopoly_platform(a1=1, a2=1, alpha1=-0.1, alpha2=0.5)
    with pytest.raises(ValueError, match="would not join"):
        monopoly_platform(a1=0.1, a2=0.1, alpha1=0.1, alpha2=0.1, f1=1, f2=1)


def test_results_are_frozen_dataclasses_with_the_named_fields():
    r = monopoly_platform(a1=1, a2=1, alpha1=0.2, alpha2=0.6)
    assert [f.name for f in dataclasses.fields(r)] == ["n1", "n2", "p1", "p2", "profit"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.p1 = 0
    d = duopoly_platform(t1=1, t2=1, alpha1=0.2, alpha2=0.6)
    assert [f.name for f in dataclasses.fields(d)] == ["p1", "p2", "profit"]
    t = transaction_fees(a_buyer=2, a_seller=5, cost=1)
    assert [f.name for f in dataclasses.fields(t)] == ["p_buyer", "p_seller", "volume", "profit"]


# --- Armstrong (2006) Hotelling duopoly -------------------------------------------------------------
def test_duopoly_by_hand():
    # p1 = f1 + t1 − alpha2 = 1 − 0.6, p2 = 1 − 0.2, profit = (2 − 0.8)/2
    d = duopoly_platform(t1=1, t2=1, alpha1=0.2, alpha2=0.6)
    assert (d.p1, d.p2, d.profit) == pytest.approx((0.4, 0.8, 0.6))
    d = duopoly_platform(t1=0.8, t2=0.5, alpha1=0.2, alpha2=0.6, f1=0.1, f2=0.3)
    assert (d.p1, d.p2, d.profit) == pytest.approx((0.3, 0.6, 0.25))
    # profit = half the margin on each side (each platform serves half of each side)
    assert d.profit == pytest.approx(0.5 * (d.p1 - 0.1) + 0.5 * (d.p2 - 0.3))


def test_duopoly_needs_differentiation():
    with pytest.raises(ValueError, match=r"4·t1·t2 > \(alpha1 \+ alpha2\)²"):
        duopoly_platform(t1=0.5, t2=0.5, alpha1=0.6, alpha2=0.6)
    with pytest.raises(ValueError, match="t1"):
        duopoly_platform(t1=0, t2=1, alpha1=0, alpha2=0)


# --- Rochet & Tirole (2003) per-transaction fees ---------------------------------------------------
def test_transaction_fees_by_hand():
    # m = (2 + 5 − 1)/3 = 2: p_B = 0, p_S = 3, volume 4, profit 8
    t = transaction_fees(a_buyer=2, a_seller=5, cost=1)
    assert (t.p_buyer, t.p_seller, t.volume, t.profit) == pytest.approx((0, 3, 4, 8))
    # a side with little demand of its own is paid to transact
    t = transaction_fees(a_buyer=1, a_seller=5, cost=0)
    assert (t.p_buyer, t.p_seller) == pytest.approx((-1, 3))


def test_transaction_fees_satisfy_rochet_tirole_condition():
    # p_B + p_S − c = p_B/η_B = p_S/η_S with η_i = p_i/D_i for linear demand D_i = a_i − p_i
    a_b, a_s, c = 3.0, 4.5, 1.2
    t = transaction_fees(a_buyer=a_b, a_seller=a_s, cost=c)
    margin = t.p_buyer + t.p_seller - c
    assert margin == pytest.approx(a_b - t.p_buyer) == pytest.approx(a_s - t.p_seller)
    # and it beats nearby fees
    def profit(pb, ps):
        return (pb + ps - c) * (a_b - pb) * (a_s - ps)
    for d in [(0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01)]:
        assert profit(t.p_buyer + d[0], t.p_seller + d[1]) < t.profit


def test_transaction_fees_need_gains_from_trade():
    with pytest.raises(ValueError, match="a_buyer \\+ a_seller > cost"):
        transaction_fees(a_buyer=1, a_seller=1, cost=2)


# --- participation dynamics ----------------------------------------------------------------------
def test_participation_first_steps_by_hand():
    # a = 1, p = 0.5, alpha = 0.5, speed 0.5 from (0, 0):
    # want = 0.5 each -> n = 0.25; want = 0.5 + 0.125 = 0.625 -> n = 0.25 + 0.5·0.375 = 0.4375
    path = participation_path(a1=1, a2=1, alpha1=0.5, alpha2=0.5, p1=0.5, p2=0.5, speed=0.5, steps=2)
    assert path["n1"].tolist() == pytest.approx([0, 0.25, 0.4375])
    assert list(path.columns) == ["n1", "n2"] and path.index.name == "step"


def test_participation_converges_to_the_monopoly_equilibrium():
    r = monopoly_platform(a1=1, a2=1, alpha1=0.3, alpha2=1.2, f1=0.2, f2=0.2)
    target = participation_target(a1=1, a2=1, alpha1=0.3, alpha2=1.2, p1=r.p1, p2=r.p2)
    assert target == pytest.approx((r.n1, r.n2))
    path = participation_path(a1=1, a2=1, alpha1=0.3, alpha2=1.2, p1=r.p1, p2=r.p2,
                              speed=0.3, steps=200)
    assert (path["n1"].iloc[-1], path["n2"].iloc[-1]) == pytest.approx((r.n1, r.n2), rel=1e-6)


def test_participation_validates():
    with pytest.raises(ValueError, match="speed"):
        participation_path(a1=1, a2=1, alpha1=0.5, alpha2=0.5, p1=0, p2=0, speed=0)
    with pytest.raises(ValueError, match="alpha1·alpha2 < 1"):
        participation_target(a1=1, a2=1, alpha1=1.0, alpha2=1.2, p1=0, p2=0)


# --- the duopoly's prices are mutual best responses exactly when 4·t1·t2 > (α1 + α2)² -----------
def _deviation_profit(t1, t2, alpha1, alpha2, p1, p2, rival_p1, rival_p2, f1=0.0, f2=0.0):
    """Platform A's profit in Armstrong's Hotelling model when it charges (p1, p2), B the rival's.

    Market shares solve n1 = 1/2 + (alpha1·(2·n2 − 1) − (p1 − rival_p1))/(2·t1) and the same for
    side 2 (every member joins one platform; B gets the rest).
    """
    import numpy as np
    m = np.array([[t1, -alpha1], [-alpha2, t2]])
    x = np.linalg.solve(m, [-(p1 - rival_p1) / 2, -(p2 - rival_p2) / 2])
    n1, n2 = 0.5 + x[0], 0.5 + x[1]
    return (p1 - f1) * n1 + (p2 - f2) * n2


def test_duopoly_prices_are_best_responses():
    t1, t2, a1, a2, f1, f2 = 0.8, 0.5, 0.2, 0.6, 0.1, 0.3
    d = duopoly_platform(t1=t1, t2=t2, alpha1=a1, alpha2=a2, f1=f1, f2=f2)
    at_eq = _deviation_profit(t1, t2, a1, a2, d.p1, d.p2, d.p1, d.p2, f1, f2)
    assert at_eq == pytest.approx(d.profit)
    for d1, d2 in [(0.02, 0), (-0.02, 0), (0, 0.02), (0, -0.02), (0.02, -0.02), (-0.02, 0.02),
                   (0.02, 0.02), (-0.02, -0.02)]:
        assert _deviation_profit(t1, t2, a1, a2, d.p1 + d1, d.p2 + d2, d.p1, d.p2, f1, f2) < at_eq


def test_without_the_condition_a_deviation_pays():
    # t1 = t2 = 0.5, alpha1 = 0, alpha2 = 1.1: 4·t1·t2 = 1 < 1.21, so the model refuses, and
    # indeed the candidate prices are not an equilibrium: some deviation raises A's profit.
    t1, t2, a1, a2 = 0.5, 0.5, 0.0, 1.1
    with pytest.raises(ValueError):
        duopoly_platform(t1=t1, t2=t2, alpha1=a1, alpha2=a2)
    p1, p2 = t1 - a2, t2 - a1
    base = _deviation_profit(t1, t2, a1, a2, p1, p2, p1, p2)
    gains = [_deviation_profit(t1, t2, a1, a2, p1 + d1, p2 + d2, p1, p2) - base
             for d1 in (-0.02, 0, 0.02) for d2 in (-0.02, 0, 0.02)]
    assert max(gains) > 0


# --- the lesson's chart ----------------------------------------------------------------------------
def test_pricing_chart_shows_a_message_where_the_market_tips():
    from valueloops.charts.platform import PlatformPricingChart
    chart = PlatformPricingChart()
    png, text = chart.render(alpha1=0.3, alpha2=1.2, f1=0.2, f2=0.2)
    assert png is not None and "Buyers are paid 0.12 each" in text and "sellers pay 1.32" in text
    png, text = chart.render(alpha1=1.0, alpha2=1.1)
    assert png is None and "alpha1 + alpha2 < 2" in text


def test_quarterly_shares_sit_at_their_quarter():
    from valueloops.charts.platform import period_position
    assert period_position("Q1 2024", 2024) == pytest.approx(2024.125)
    assert period_position("Q4 2024", 2024) == pytest.approx(2024.875)
    assert period_position("2018", 2018) == 2018.0
    assert period_position("2023 (quarter or full year not stated)", 2023) == 2023.0


def test_the_no_maximum_message_is_not_the_tipping_condition():
    with pytest.raises(ValueError, match=r"no maximum.*alpha1·alpha2 = 0.825 < 1"):
        monopoly_platform(a1=1, a2=1, alpha1=1.5, alpha2=0.55)


def test_third_party_share_chart_draws_every_point_inside_its_axes():
    """Issue f0203 (L02.1): the newest quarters (Q3, Q4 2025) were cut off by a fixed xlim."""
    from valueloops.charts.platform import period_position, plot_third_party_share
    from valueloops.data import load

    share = load("third_party_share")
    ax = plot_third_party_share(share).axes[0]
    low, high = ax.get_xlim()
    xs = [period_position(p, y) for p, y in zip(share["period"], share["year"])]
    # a 45-point² marker's radius is about 0.15 year on this axis: the newest point needs more room
    assert low < min(xs) and max(xs) <= high - 0.35, (min(xs), max(xs), (low, high))
    end = int(share["year"].max()) + 1  # "Q4 2025 just left of 2026": 2026 is a labelled tick
    assert end in ax.get_xticks() and end < high, (end, list(ax.get_xticks()), high)
    years = set(share.loc[~share["period"].astype(str).str.startswith("Q"), "year"])
    gridlines = set(ax.get_xticks()) | set(ax.get_xticks(minor=True))
    assert years <= gridlines, years - gridlines  # "a whole year sits on its gridline"
    q1 = period_position("Q1 2024", 2024)
    assert 2024 < q1 < 2024.25  # a quarter sits inside its own year, right of the Y gridline


def test_third_party_share_chart_draws_the_unconfirmed_q4_2024_point_hollow():
    """Review round 5 (L02 #1): the Q4 2024 62%, read only in blog posts, was drawn as a solid
    square like the figures read in reports of Amazon's calls."""
    import numpy as np

    from valueloops.charts.platform import period_position, plot_third_party_share
    from valueloops.data import load

    share = load("third_party_share")
    ax = plot_third_party_share(share).axes[0]
    q4 = (period_position("Q4 2024", 2024), 62.0)
    hollow, solid = [], []
    for coll in ax.collections:
        offsets = np.asarray(coll.get_offsets())
        if not len(offsets):
            continue
        white = np.allclose(coll.get_facecolor()[0][:3], 1.0)
        (hollow if white else solid).extend(map(tuple, np.round(offsets, 3)))
    assert tuple(np.round(q4, 3)) in hollow and tuple(np.round(q4, 3)) not in solid
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("not confirmed" in label for label in labels), labels


def test_members_panel_fits_the_lecture_static_view_tightly():
    """Issue f0203 (L02.5): 1.6 members per side were drawn on a 0–5 axis."""
    from valueloops.charts.platform import PlatformPricingChart

    chart = PlatformPricingChart(a1=1, a2=1)
    chart.render(alpha1=0.3, alpha2=1.2, f1=0.2, f2=0.2)
    top = chart.right.get_ylim()[1]
    assert 1.6 * 1.05 <= top <= 2.0, top


@pytest.mark.parametrize("alpha1, alpha2", [(0.45, 1.5), (1.5, 0.45), (1.3, 0.65)])
def test_pricing_chart_bars_stay_inside_the_frame_at_the_sliders_edge(alpha1, alpha2):
    """Issue 21 (round 4): at α1 + α2 = 1.95 p2 = 11 was drawn against a top of 10 and n = 20
    filled the frame (02.5's case 1.3/0.65 sits on this edge)."""
    from valueloops.charts.platform import PlatformPricingChart
    from valueloops.platform import monopoly_platform

    r = monopoly_platform(a1=1, a2=1, alpha1=alpha1, alpha2=alpha2)
    chart = PlatformPricingChart(a1=1, a2=1)
    chart.render(alpha1=alpha1, alpha2=alpha2, f1=0.0, f2=0.0)
    bottom, top = chart.left.get_ylim()
    assert bottom <= 1.05 * min(r.p1, r.p2) and 1.05 * max(r.p1, r.p2) <= top, (bottom, top)
    assert 1.05 * max(r.n1, r.n2) <= chart.right.get_ylim()[1]


def test_no_maximum_message_says_whether_the_market_tips():
    """Issue f0203 (L02.2): the message said 'not tipping' even when alpha1·alpha2 > 1."""
    from valueloops.platform import monopoly_platform

    with pytest.raises(ValueError, match=r"this is not tipping\.$"):
        monopoly_platform(1, 1, 1.5, 0.55)
    with pytest.raises(ValueError, match=r"the market tips\.$"):
        monopoly_platform(1, 1, 1.0, 1.1)


@pytest.mark.parametrize("exercise, answer, words", [
    ("02.1", 0.28, "total rise over the decade as a share"),
    ("02.3", 1.13, "last grid point where p1 is still positive"),
    ("02.3", 1.15, "zero up to floating-point noise"),
    ("02.3", 1.1, "widget's last setting"),
    ("02.3", 1.05, "a widget setting where p1 is still clearly positive (0.14)"),  # r18 (02 #6)
    ("02.1", 0.02, "paid-unit row"),
    ("02.1", 2.7, "started from 2009"),
    ("02.4", 0.54, "you used 2·t1·t2"),
    ("02.6", "b", "Amazon's case in the lecture"),
    ("02.6", "d", "the direction is reversed"),
    ("02.4", 0.15, "profit is still positive"),
    ("02.6", "c", "cost plus a markup"),
    # review round 5: percent vs percentage points, and the since-1999 pace stated exactly
    ("02.1", 6.8, "compound growth rate in percent"),
    ("02.1", 93.3, "relative rise over the decade in percent"),
    ("02.1", 9.3, "spread over 10 years"),
    ("02.1", 2.89, "= 2.89 points a year"),
    ("02.1", 2.9, "2.9 to one decimal"),
    # review round 6: the smallest t2 (two decimals) at which the duopoly still exists
    ("02.4", 0.28, "at your t2 the duopoly still exists"),
    # review round 13: the lecture's α1 = 0.2 kept in 02.3, and answers typed × 100
    ("02.3", 1.16, "you kept the lecture's α1 = 0.2"),
    ("02.1", 280, "100 times the pace"), ("02.3", 114, "alpha2 × 100"), ("02.4", 27, "t2 × 100"),
])
def test_lesson02_named_mistakes_get_their_hint(exercise, answer, words):
    """Issue f0203 (L02.6–8): these answers got the generic hint."""
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS[exercise].evaluate(exercise, answer)
    assert not feedback.passed and words in feedback.message, feedback.message


@pytest.mark.parametrize("name, words", [("_sign_slip", "sign is reversed"),
                                         ("_cost_added", "cost enters the margin with a minus")])
def test_lesson02_fee_function_slips_get_their_hint(name, words):
    from valueloops.checks import lesson02

    feedback = lesson02.CHECKS["02.2"].evaluate("02.2", getattr(lesson02, name))
    assert not feedback.passed and words in feedback.message, feedback.message


@pytest.mark.parametrize("places", [1, 2, 3, 4, 5, 6])
def test_lesson02_fee_rounded_inside_gets_the_rounding_hint(places):
    """Issue 21 (round 4, L02.4): a fee rounded to 3 decimals got only the generic message; review
    r14 (L02.3): round(x, 6), which "about six significant figures" invited, fails on the 1/3 case
    and is told so, as the question now says."""
    from valueloops.checks import lesson02

    def rounded(a_buyer, a_seller, cost):
        return round(a_buyer - (a_buyer + a_seller - cost) / 3, places)

    feedback = lesson02.CHECKS["02.2"].evaluate("02.2", rounded)
    assert not feedback.passed and "round inside the function" in feedback.message, feedback.message
    assert "round(..., 6)" in feedback.message, feedback.message


def test_lesson03_take_rate_near_the_closed_form_is_told_it_is_close():
    """Issue 21 (round 4, L03.10): a grid search 3e-6 off got "not right; work that case by hand"."""
    from valueloops.checks import lesson03

    def searched(elasticity, selection_effect, cost):
        return lesson03._best_take_rate(elasticity, selection_effect, cost) + 3e-6

    feedback = lesson03.CHECKS["03.2"].evaluate("03.2", searched)
    assert not feedback.passed and "closed form" in feedback.message, feedback.message


def test_lesson02_who_pays_answer_follows_the_model():
    """02.6's correct option (restaurants pay less) is what monopoly_platform gives."""
    from valueloops.checks.lesson02 import _DELIVERY_PRICES

    assert _DELIVERY_PRICES.p2 < _DELIVERY_PRICES.p1


@pytest.mark.parametrize("decay, top", [(2.0, 750), (1.0, 1200)])
def test_ad_load_static_views_fill_their_axes(decay, top):
    """Issue f0203 (L03.1): the lecture's ad-load charts (peaks 670, 993) were drawn on 0–2,500;
    issue 21 (round 3): the first on 0–1,000, its top third empty; round 4: the second (993) on
    0–1,500, its top third empty."""
    from valueloops.charts.capture import AdLoadChart

    chart = AdLoadChart(commission_no_ads=600)
    chart.render(ad_load=0.10, decay=decay, ad_revenue_full=2000)
    assert chart.ax.get_ylim()[1] == top


@pytest.mark.parametrize("decay", [2.0, 1.0])
def test_ad_load_lecture_views_share_one_axis(decay):
    """Review r14 (L03.4): the lecture's two ad-load charts (d = 2, d = 1) had tops 750 and 1,200,
    yet its caption invites comparing them; with min_top=1200, as the lecture builds the chart, both
    are drawn on 0–1,200."""
    import json
    from pathlib import Path

    from valueloops.charts.capture import AdLoadChart

    lecture = json.loads(Path(__file__).resolve().parents[1].joinpath(
        "notebooks", "03_value_capture.ipynb").read_text(encoding="utf-8"))
    assert any("AdLoadChart(commission_no_ads=600, min_top=1200)" in "".join(cell["source"])
               for cell in lecture["cells"] if cell["cell_type"] == "code")
    chart = AdLoadChart(commission_no_ads=600, min_top=1200)
    chart.render(ad_load=0.10, decay=decay, ad_revenue_full=2000)
    assert chart.ax.get_ylim()[1] == 1200


@pytest.mark.parametrize("exercise, answer, words", [
    ("03.1", 0.302, "lecture's 2022 share"), ("03.1", 0.325, "lecture's 2023 share"),
    ("03.1", 0.333, "lecture's 2024 share"), ("03.1", 0.336, "lecture's 2025 share"),
    ("03.1", 0.310, "added subscription services"), ("03.6", "c", "at or below 1/(1 + ε)"),
    ("03.4", 8.2, "break-even count rounds up"), ("03.4", 8.3, "break-even count rounds up"),
    # review round 5: 24 as a percent
    ("03.1", 24, "percent rounded to a whole number"), ("03.1", 24.2, "looks like a percent"),
    # review round 8 (fix 9b): 03.5 asks for the smallest β step (0.05) with τ* ≤ 18% at ε = 1.5
    ("03.5", 2.00, "step before"), ("03.5", 2, "step before"),
    ("03.5", 2.04, "not a slider step"), ("03.5", 2.037, "not a slider step"),
    ("03.5", 2.10, "not the smallest step"), ("03.5", 3.05, "1 + β"), ("03.5", 3.04, "1 + β"),
    ("03.5", 17.9, "τ* itself"), ("03.5", 17.94, "τ* itself"), ("03.5", 18, "τ* itself"),
    ("03.5", 0.18, "τ* itself"), ("03.5", 1.30, "answer at ε = 2"),
    ("03.5", 2.5, "slider's top"), ("03.5", 0.5, "lecture's first case"),
    ("03.5", 1.5, "lecture's second case"), ("03.5", 2.03, "steps of 0.05"),
    ("03.5", 1.95, "still above 18%"), ("03.5", 2.2, "smaller step already"),
    # review round 8: the unit slips of 03.3 (US$ per search, ×100) are named
    ("03.3", 0.54, "US$ per search"), ("03.3", 54000, "100 times too large"),
    # review round 8 (s10b): one-step slips of B = A·(1/d − a*), A = 1,800, d = 2, a* = 0.2
    ("03.3", 0.3, "multiply by A"), ("03.3", 1080, "instead of dividing 1 by d"),
    ("03.3", 270, "once too often"),
    # review round 13: a tenth of B, and β typed × 100
    ("03.3", 54, "a tenth of B"), ("03.5", 205, "β × 100"),
])
def test_lesson03_named_mistakes_get_their_hint(exercise, answer, words):
    """Issue f0203 (L03.2, L03.6): these answers got the generic hint."""
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS[exercise].evaluate(exercise, answer)
    assert not feedback.passed and words in feedback.message, feedback.message


def test_lesson03_widget_answers_exercise_03_5_step_by_step():
    """Review round 8 (fix 9b): 03.5 was labelled explore but the widget printed τ* to a whole
    percent (20% at every β from 1.60 to 1.75), so only the formula could answer it. The summary now
    prints τ* to one decimal, and the smallest β step with τ* ≤ 18% at ε = 1.5 is read off it: the
    last step above 18% and the first at or below it differ in the summary, and the first is the
    check's answer."""
    import re

    import numpy as np

    from valueloops.charts.capture import TakeRateParticipationChart
    from valueloops.checks.lesson03 import CHECKS

    chart = TakeRateParticipationChart()
    slider = next(c for c in chart.controls if c.name == "selection_effect")
    steps = np.round(np.arange(slider.min, slider.max + 1e-9, slider.step), 2)
    shown = {}
    for beta in steps:
        text = chart.summary(chart.compute(take_rate=0.15, elasticity=1.5, selection_effect=float(beta)))
        shown[float(beta)] = float(re.search(r"τ\* = (\d+\.\d)%", text).group(1))
    first = min(b for b, tau in shown.items() if tau <= 18.0)
    assert first == 2.05 and shown[2.00] == 18.2 and shown[2.05] == 17.9, shown
    assert len(set(shown.values())) == len(shown)  # every β step shows its own τ*
    assert CHECKS["03.5"].evaluate("03.5", first).passed


@pytest.mark.parametrize("answer", [2.05, 2.050, "np.float64", "arange"])
def test_lesson03_exercise_03_5_accepts_the_answer_written_differently(answer):
    import numpy as np

    from valueloops.checks.lesson03 import CHECKS

    value = {"np.float64": np.float64(2.05), "arange": np.arange(0, 2.55, 0.05)[41]}.get(answer, answer)
    assert CHECKS["03.5"].evaluate("03.5", value).passed, value


@pytest.mark.parametrize("answer", [..., None, 2.054, 2.0370])
def test_lesson03_exercise_03_5_refuses_blank_and_off_grid(answer):
    from valueloops.checks.lesson03 import CHECKS

    assert not CHECKS["03.5"].evaluate("03.5", answer).passed


def test_lesson03_take_rate_summary_prints_tau_star_to_one_decimal():
    """The lecture's two static views: τ* = 25.0% and 16.7% (was 25% and 17%)."""
    from valueloops.charts.capture import TakeRateParticipationChart

    chart = TakeRateParticipationChart()
    first = chart.summary(chart.compute(take_rate=0.15, elasticity=2.0, selection_effect=0.5))
    second = chart.summary(chart.compute(take_rate=0.40, elasticity=2.0, selection_effect=1.5))
    assert "τ* = 25.0%" in first and "τ* = 16.7%" in second, (first, second)


def test_lesson03_take_rate_in_percent_gets_the_unit_hint():
    from valueloops.checks import lesson03

    feedback = lesson03.CHECKS["03.2"].evaluate("03.2", lesson03._in_percent)
    assert not feedback.passed and "in percent" in feedback.message, feedback.message


def test_lesson02_hint_at_0_28_follows_the_duopoly_model():
    """Review round 6 (L02 #6): 0.28 is where the duopoly still exists, 0.27 where it stops (the
    answer), as duopoly_platform says; r18c (02 #1): the hint names the condition, not its numbers
    (0.84 > 0.81 let a student read the answer off it)."""
    from valueloops.checks.lesson02 import CHECKS
    from valueloops.platform import duopoly_platform

    duopoly_platform(t1=0.75, t2=0.28, alpha1=0.25, alpha2=0.65)  # exists: no error
    with pytest.raises(ValueError):
        duopoly_platform(t1=0.75, t2=0.27, alpha1=0.25, alpha2=0.65)
    assert CHECKS["02.4"].evaluate("02.4", 0.27).passed
    message = CHECKS["02.4"].evaluate("02.4", 0.28).message
    assert "4·t1·t2 > (α1 + α2)² there" in message, message
    assert "0.84" not in message and "0.81" not in message, message


def test_lesson03_cost_ratio_slip_gets_its_own_hint():
    """Review round 8 (L03 #6): (1 + c)/(1 + k) got the generic hint."""
    from valueloops.checks import lesson03

    feedback = lesson03.CHECKS["03.2"].evaluate("03.2", lesson03._cost_ratio)
    assert not feedback.passed and "(1 + c)/(1 + k)" in feedback.message, feedback.message


# --- review round 8 (stream f8g) ----------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (0.028, "give percentage points (3.5, not 0.035)"),  # the pace as a share
    (0.02, "give percentage points (× 100). In those units it is a known slip: for 2018 you took"),
    (0.029, "give percentage points (× 100). In those units it is a known slip: that is about the pace"),
])
def test_02_1_a_share_is_told_to_give_percentage_points_not_a_percent(answer, words):
    """Round 8: 0.028 was told "give a percent (e.g. 25, not 0.25)"; the question asks for points."""
    from valueloops.checks.lesson02 import CHECKS

    message = CHECKS["02.1"].evaluate("02.1", answer).message
    assert words in message and "give a percent" not in message, message


@pytest.mark.parametrize("answer", [2.85, 2.86, 2.88])
def test_02_1_an_answer_that_only_rounds_to_2_9_is_not_called_the_pace_since_1999(answer):
    """Round 8: 2.85 rounds (half up) to 2.9 and got the since-1999 hint, which it did not compute."""
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.1"].evaluate("02.1", answer)
    assert not feedback.passed and "since 1999" not in feedback.message, feedback.message
    assert "rounds (half up) to 2.9 to one decimal, and the exact answer does not" in feedback.message, \
        feedback.message


@pytest.mark.parametrize("answer", [2.9, 2.89, 2.895, 2.8947])
def test_02_1_the_pace_since_1999_is_still_named(answer):
    from valueloops.checks.lesson02 import CHECKS

    assert "pace since 1999" in CHECKS["02.1"].evaluate("02.1", answer).message


def test_02_3_the_widget_step_hint_does_not_call_1_1_the_lectures_tipping_example():
    """Round 8: 1.1 is no α2 of the lecture (its no-maximum example is 1.5/0.55, not tipping)."""
    from valueloops.checks.lesson02 import CHECKS

    message = CHECKS["02.3"].evaluate("02.3", 1.1).message
    assert "widget's last setting" in message and "tipping" not in message, message


@pytest.mark.parametrize("f1, margin", [(0.8, -0.029), (1.0, -0.119)])
def test_a_higher_cost_alone_can_take_a_price_below_cost(f1, margin):
    """Round 8: the lecture said only the value brought to the other side can push a price below
    cost; raising the buyers' cost alone does it too (the "Below cost?" cell prints these)."""
    m = monopoly_platform(a1=1, a2=1, alpha1=0.2, alpha2=0.6, f1=f1)
    assert m.p1 - f1 == pytest.approx(margin, abs=5e-4)
    assert m.p1 - f1 == pytest.approx(m.n1 - 0.6 * m.n2)


@pytest.mark.parametrize("f1", [0.0, 0.5, 0.8, 1.0])
def test_without_a_cross_side_term_no_price_falls_below_cost(f1):
    """With alpha2 = 0 the buyers' margin p1 − f1 is n1, never negative."""
    m = monopoly_platform(a1=1, a2=1, alpha1=0.2, alpha2=0.0, f1=f1)
    assert m.p1 - f1 == pytest.approx(m.n1) and m.n1 >= 0


def test_lesson_02_no_longer_says_only_the_cross_side_value_decides_a_subsidy():
    """Round 8: the false claim must not come back in the lecture, the guide or the solutions."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = {"guide": (root / "instructors" / "02_marketplace.md").read_text()}
    for folder in ("notebooks", "solutions"):
        cells = json.loads((root / folder / "02_marketplace.ipynb").read_text())["cells"]
        texts[folder] = " ".join("".join(c["source"]) for c in cells)
    for name, text in texts.items():
        flat = " ".join(text.split())
        for claim in ("do not decide which side is subsidised",
                      "only the value brought to the other side can push",
                      "only the value it brings the other side can take it below cost",
                      "can push it below cost"):
            assert claim not in flat, (name, claim)


# --- round 10: lecture 02's section 6 restored, its flow, and 02.3's off-step answers -------------

def _lecture02_cells():
    import nbformat

    from valueloops.pipeline import NOTEBOOKS
    return nbformat.read(NOTEBOOKS / "02_marketplace.ipynb", as_version=4).cells


def test_lecture_02_section_6_sets_up_the_duopoly_before_its_code():
    """Round 10: "## 6. Competing platforms" was lost; the duopoly cell sat under Rochet–Tirole and
    t_i was never explained. The section, its prices, profit and existence condition come first."""
    cells = _lecture02_cells()
    six = next(i for i, c in enumerate(cells) if c.source.startswith("## 6. Competing platforms: "
                                                                      "Armstrong's duopoly"))
    seven = next(i for i, c in enumerate(cells) if c.source.startswith("## 7."))
    duo = next(i for i, c in enumerate(cells) if c.cell_type == "code" and "duopoly_platform(" in c.source)
    assert six < duo < seven
    text = cells[six].source
    for words in ("Hotelling", "t_i", r"p_1 = f_1 + t_1 - \alpha_2", r"p_2 = f_2 + t_2 - \alpha_1",
                  r"\frac{t_1 + t_2 - \alpha_1 - \alpha_2}{2}", "4·t1·t2 > (α1 + α2)²"):
        assert words in text, words
    assert "4·t1·t2" in " ".join(c.source for c in cells)


def test_lecture_02_headings_open_their_cells_and_code_follows_its_lead_in():
    """Round 10: the lecture's sections each start a markdown cell (no heading buried mid-cell), and
    no code cell follows a takeaway of another chart (each code cell comes after a lead-in)."""
    cells = _lecture02_cells()
    for cell in cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            assert not any(line.startswith("## ") for line in lines[1:]), cell.source[:80]
    for before, cell in zip(cells, cells[1:]):
        if cell.cell_type == "code" and before.cell_type == "markdown":
            assert not before.source.startswith("*Takeaway"), (before.source[:60], cell.source[:60])


def test_lecture_02_opening_is_plain_and_cites_caillaud_jullien_in_full():
    """Round 10: the first/last table grouped by metric became a plain sentence; Caillaud & Jullien
    is cited with title and journal like the lesson's other model sources."""
    cells = _lecture02_cells()
    code = " ".join(c.source for c in cells if c.cell_type == "code")
    text = " ".join(" ".join(c.source for c in cells if c.cell_type == "markdown").split())
    assert '"first", "last"' not in code
    assert "from 3% in 1999 to 58% in 2018" in text
    assert ('Caillaud & Jullien 2003, "Chicken & egg: competition among intermediation service '
            'providers", *RAND Journal of Economics* 34(2)') in text


@pytest.mark.parametrize("answer", [1.145, 1.148, 1.1451])
def test_02_3_an_answer_between_steps_is_told_it_rounds_to_1_15(answer):
    """Round 10: 1.145 was told "that is the first 0.01 step": it is no step; it rounds to 1.15."""
    from valueloops.checks.core import WRONG
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.3"].evaluate("02.3", answer)
    assert feedback.status == WRONG
    assert "rounds (half up) to 1.15" in feedback.message and "first 0.01 step" not in feedback.message
    assert "first 0.01 step" in CHECKS["02.3"].evaluate("02.3", 1.15).message


def test_tiny_unit_slips_are_named_only_near_themselves():
    """Round-10 read: 03.3's US$-per-search hint (0.54) and 04.3's millions hint (0.651) took 0.05,
    1.0 or 1.1 too, half a unit of a whole-number question either side."""
    from valueloops.checks import lesson03, lesson04

    assert "US$ per search" in lesson03.CHECKS["03.3"].evaluate("03.3", 0.54).message
    assert "millions of purchases" in lesson04.CHECKS["04.3"].evaluate("04.3", 0.651).message
    for answer in (0.05, 1.0, 1.04):
        assert "US$ per search" not in lesson03.CHECKS["03.3"].evaluate("03.3", answer).message
    for answer in (0.3, 1.0, 1.1):
        assert "millions" not in lesson04.CHECKS["04.3"].evaluate("04.3", answer).message


# --- round 12 (stream s12b): lessons 02 and 03 ------------------------------------------------------

@pytest.mark.parametrize("answer", [0.275, 0.2751, 0.278, 0.2799])
def test_02_4_an_answer_that_rounds_to_0_28_is_named_as_that_rounding(answer):
    """Round 12 (L02 #2): 0.275 got the 0.28 hint ("at 0.28 the duopoly still exists"), as if it had
    been typed as 0.28; it is told it rounds (half up) to 0.28, and where the boundary is."""
    from valueloops.checks.core import WRONG
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.4"].evaluate("02.4", answer)
    assert feedback.status == WRONG
    assert feedback.message.startswith(f"{answer:g} rounds (half up) to a t2 where the duopoly still "
                                       "exists"), feedback.message
    told = feedback.message.removeprefix(f"{answer:g}")  # r18c (02 #1): no answer, no 0.81 ÷ 3
    assert "0.27" not in told and "0.28" not in told and "0.81 ÷ 3" not in told, told
    assert "at your t2 the duopoly still exists" in CHECKS["02.4"].evaluate("02.4", 0.28).message
    assert CHECKS["02.4"].evaluate("02.4", 0.2749).passed


def test_03_2_sign_slip_on_the_cost_gets_its_own_hint():
    """Round 12 (L03 #8): (1 − k·c)/(1 + k), the cost's sign flipped, got the generic message."""
    from valueloops.checks import lesson03

    feedback = lesson03.CHECKS["03.2"].evaluate("03.2", lesson03._cost_sign)
    assert not feedback.passed
    assert "sign slip" in feedback.message and "(1 − k·c)/(1 + k)" in feedback.message, feedback.message
    assert "generic" not in feedback.message and "work that case by hand" not in feedback.message


def _markdown(folder: str, name: str) -> str:
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / folder / name).read_text())["cells"]
    return " ".join(" ".join("".join(c["source"]).split()) for c in cells if c["cell_type"] == "markdown")


def _outputs(name: str) -> str:
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "notebooks" / name).read_text())["cells"]
    return " ".join(o.get("text", "") if isinstance(o.get("text", ""), str) else "".join(o["text"])
                    for c in cells if c["cell_type"] == "code" for o in c.get("outputs", []))


def test_03_capture_share_says_why_subscriptions_are_out_and_gives_the_share_with_them():
    """Round 12 (L03 #6): subscriptions were left out of the capture share without a reason; the
    lecture prints the 2025 share with them (from the data) and says why they are left out, and
    03.1 names that figure when a student copies it."""
    from valueloops.capture import capture_share, revenue_table
    from valueloops.checks.lesson03 import CHECKS
    from valueloops.data import load

    lines = load("amazon_revenue_lines")
    row = revenue_table(lines).loc[2025]
    with_subs = capture_share(lines, 2025) + row["Subscription services"] / row.sum()
    assert f"{with_subs:.1%}" == "40.5%"
    assert f"2025 with subscription services too: {with_subs:.1%}" in _outputs("03_value_capture.ipynb")
    text = _markdown("notebooks", "03_value_capture.ipynb")
    assert "Subscription services are left out because shoppers pay them" in text
    assert f"the 2025 share is {with_subs:.1%}" in text
    message = CHECKS["03.1"].evaluate("03.1", round(with_subs, 3)).message
    assert "with subscription services counted in" in message, message


def test_03_2_text_claims_no_more_than_a_search_shows():
    """Round 12 (L03 #7): the 03.2 text said a numerical search "lands near τ*, not on it"; a search
    finds only the best point it tried, within its step or tolerance."""
    from valueloops.checks import lesson03

    text = _markdown("solutions", "03_value_capture.ipynb")
    assert "lands near τ*, not on it" not in text
    # r15 (L03 #3): scipy is not installed, so the text names a grid only, not an optimiser
    assert "a grid of τ finds only the best point it tried, to within its step" in text

    def searched(elasticity, selection_effect, cost):  # a 0.001 grid over (c, 1)
        k = elasticity * (1 + selection_effect)
        grid = [cost + i / 1000 for i in range(1, int((1 - cost) * 1000))]
        return max(grid, key=lambda t: (t - cost) * (1 - t) ** k)

    feedback = lesson03.CHECKS["03.2"].evaluate("03.2", searched)
    assert not feedback.passed and "best point it tried" in feedback.message, feedback.message


def test_02_marketplace_launch_date_and_sources():
    """Round 12 (L02 #4): Amazon Marketplace (third-party offers on Amazon's product pages) launched
    in November 2000; the lecture, the guide and datasets/README.md say so, each with its source."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    lecture = _markdown("notebooks", "02_marketplace.ipynb")
    guide = " ".join((root / "instructors" / "02_marketplace.md").read_text().split())
    readme = " ".join((root / "datasets" / "README.md").read_text().split())
    for text in (lecture, guide, readme):
        assert "November 2000" in text and "Los Angeles Times" in text
    assert "Bezos's 2005 letter" in lecture and "Bezos's 2005 letter" in readme


def test_02_participation_caption_says_approach_and_guide_matches_the_chart():
    """Round 12 (L02 #1, #5): the path approaches the resting point (it does not reach it in 30
    steps), and the guide no longer says the caption explains the 59% square."""
    from pathlib import Path

    from valueloops.platform import monopoly_platform, participation_path, participation_target

    r = monopoly_platform(a1=1, a2=1, alpha1=0.3, alpha2=1.2, f1=0.2, f2=0.2)
    path = participation_path(a1=1, a2=1, alpha1=0.3, alpha2=1.2, p1=r.p1, p2=r.p2,
                              speed=0.3, steps=30, start=(0.05, 0.05))
    target = participation_target(a1=1, a2=1, alpha1=0.3, alpha2=1.2, p1=r.p1, p2=r.p2)
    assert abs(path["n2"].iloc[-1] - target[1]) > 1e-6  # still approaching at the last step
    lecture = _markdown("notebooks", "02_marketplace.ipynb")
    assert "both approach Armstrong's n1 = n2 = 1.6" in lecture and "both settle at" not in lecture
    root = Path(__file__).resolve().parents[1]
    guide = " ".join((root / "instructors" / "02_marketplace.md").read_text().split())
    # r18 (02 #5): the caption now says why the 59% square sits at 2023, and the guide agrees
    assert "the caption says so" in guide and "the caption does not say this" not in guide
    assert "unlabelled 2023 gridline" in guide and "The 2023 square (59%) sits at 2023" in lecture


def test_02_2_refusal_names_the_function_reached_through_a_module():
    """Round 12 (L02 #3): `vp.transaction_fees(...)` (import valueloops.platform as vp) is refused
    as "the package's own valueloops.platform"; it should name transaction_fees."""
    import valueloops.platform as vp
    from valueloops.checks.lesson02 import CHECKS

    def buyer_fee(a_buyer, a_seller, cost):
        return vp.transaction_fees(a_buyer=a_buyer, a_seller=a_seller, cost=cost).p_buyer

    buyer_fee.__module__ = "__main__"
    message = CHECKS["02.2"].evaluate("02.2", buyer_fee).message
    assert "own transaction_fees" in message, message


# --- round 13: lessons 02 and 03 ------------------------------------------------------------------

def test_02_enjoyment_raises_own_price_only_while_alpha2_below_1():
    """Round 12 review (L02 #1): "what its members enjoy raises its own price" holds only while
    α2 < 1; the takeaway says so, the cell after it gives the model's numbers at α2 = 1.2, and the
    widget instructions start each move from the defaults."""
    from pathlib import Path

    before = monopoly_platform(a1=1, a2=1, alpha1=0.2, alpha2=0.6)
    after = monopoly_platform(a1=1, a2=1, alpha1=0.5, alpha2=0.6)
    assert after.p1 > before.p1 and after.p2 < before.p2  # the defaults: the claim holds
    low = monopoly_platform(a1=1, a2=1, alpha1=0.2, alpha2=1.2)
    high = monopoly_platform(a1=1, a2=1, alpha1=0.4, alpha2=1.2)
    assert high.p1 < low.p1 and high.p2 > low.p2  # past α2 = 1 the sign turns
    numbers = [f"{x:.3f}".replace("-", "−") for x in (low.p1, high.p1, low.p2, high.p2)]
    assert numbers == ["−0.333", "−0.500", "1.333", "1.500"]
    lecture = _markdown("notebooks", "02_marketplace.ipynb")
    assert ("*Takeaway: at the defaults, a side's cost and what its members enjoy both raise its own "
            "price; what they enjoy does so only while α2 < 1 (sides alike).*") in lecture
    assert "a side's cost and what its members enjoy both raise its own price.*" not in lecture
    assert (f"raising α1 from 0.2 to 0.4 takes the buyers' price from {numbers[0]} to {numbers[1]} "
            f"and the sellers' from {numbers[2]} to {numbers[3]}") in lecture
    cells = _lecture02_cells()
    steps = next(c.source for c in cells if c.source.startswith("Now explore"))
    flat = " ".join(steps.split())
    assert "from the defaults" in flat and flat.index("Raise α1") < flat.index("Raise α2 past 1")
    root = Path(__file__).resolve().parents[1]
    guide = " ".join((root / "instructors" / "02_marketplace.md").read_text().split())
    assert "Cost and enjoyment both raise a side's own price" not in guide
    assert "enjoyment raises it only while α2 < 1" in guide
    # the guide's cost caveat: at α1 = 1.2, α2 = 0.6 a cost on buyers lowers their price
    cheap = monopoly_platform(a1=1, a2=1, alpha1=1.2, alpha2=0.6)
    costly = monopoly_platform(a1=1, a2=1, alpha1=1.2, alpha2=0.6, f1=0.5)
    assert f"lowers p1 from {cheap.p1:.3f} to {costly.p1:.3f}" in guide and costly.p1 < cheap.p1


def test_02_2_question_asks_for_the_unrounded_value():
    """Round 12 review (L02 #2): 02.2 stated no precision, yet round(..., 3) is refused."""
    from valueloops.checks.lesson02 import CHECKS

    for folder in ("solutions", "exercises"):
        assert "Return the **unrounded** value" in _markdown(folder, "02_marketplace.ipynb"), folder

    def rounded(a_buyer, a_seller, cost):
        return round(a_buyer - (a_buyer + a_seller - cost) / 3, 3)

    assert not CHECKS["02.2"].evaluate("02.2", rounded).passed


def test_02_and_03_widgets_say_they_need_a_running_kernel():
    """Round 12 review (L02 #4, L03 #9): a widget cell with no stored output is preceded by the
    course's one-line note (lesson 07's words)."""
    import nbformat

    from valueloops.pipeline import NOTEBOOKS
    for name in ("02_marketplace.ipynb", "03_value_capture.ipynb"):
        cells = nbformat.read(NOTEBOOKS / name, as_version=4).cells
        widgets = [i for i, c in enumerate(cells) if c.cell_type == "code" and ".interact(" in c.source]
        assert widgets, name
        for i in widgets:
            assert not cells[i].outputs
            assert cells[i - 1].source == "The sliders below need a running kernel: run the cell.", name


def test_02_share_caption_points_out_the_dashed_q4_2024_square_and_the_inset():
    """Round 12 review (L02 #3): the caption names the dashed Q4 2024 square (62%); r17 (02-1): and
    the inset that enlarges 2024–2025."""
    from valueloops.data import load

    units = load("third_party_share").query("metric == 'paid_unit_share'").set_index("period")
    assert units.loc["Q4 2024", "qualifier"] == "unconfirmed"
    assert {units.loc[q, "share"] for q in ("Q4 2024", "Q2 2025", "Q3 2025")} == {0.62}
    text = _markdown("notebooks", "02_marketplace.ipynb")
    assert "dashed: Q4 2024's 62%" in text
    # r18c (02 #5): the inset says which quarters have no square, as the data has no row for them
    assert ("The inset enlarges 2024–2025: one square for each quarter with a published figure (none "
            "for Q2 2024 or Q1 2025).") in " ".join(text.split())
    quarters = {f"Q{q} {y}" for y in (2024, 2025) for q in range(1, 5)}
    assert quarters - set(units.index) == {"Q2 2024", "Q1 2025"}


def test_02_share_chart_makes_every_2024_2025_quarter_legible():
    """r17 (02-1): on the main axes the 2024–2025 quarters, a quarter-year apart, overlapped (markers
    about 9 px wide, 5 px apart), so the last values could not be read. Some axes must draw each
    of them apart from its neighbours (more than a marker's width) with its whole percent next to it."""
    import numpy as np

    from valueloops.charts.platform import period_position, plot_third_party_share
    from valueloops.data import load

    share = load("third_party_share")
    recent = share[(share["metric"] == "paid_unit_share") & (share["year"] >= 2024)]
    points = sorted((period_position(p, y), round(100 * v)) for p, y, v in
                    zip(recent["period"], recent["year"], recent["share"]))
    assert len(points) == 6
    fig = plot_third_party_share(share)
    fig.canvas.draw()
    legible = []
    for ax in [a for main in fig.axes for a in (main, *main.child_axes)]:
        xy = np.array([(x, v) for x, v in points], dtype=float)
        px = ax.transData.transform(xy)[:, 0]
        width = np.sqrt(45) * fig.dpi / 72  # a 45-point² marker, in pixels
        x0, x1 = ax.get_xlim()
        inside = all(x0 <= x <= x1 for x, _ in points)
        texts = [t.get_text() for t in ax.texts]
        if inside and np.diff(px).min() > width and all(str(v) in texts for _, v in points):
            legible.append(ax)
    assert legible, "no axes draws the 2024–2025 quarters apart with their values"
    assert np.diff(fig.axes[0].transData.transform(np.array(points, float))[:, 0]).min() < width


def test_02_rochet_tirole_condition_is_read_in_the_lessons_linear_case():
    """r17 (02-3): the elasticity condition was stated, then the fees p_i = a_i − m, with no step
    between. With D_i = a_i − p_i, p_i/η_i = D_i, so the condition reads m = D_B = D_S."""
    from valueloops.platform import transaction_fees

    fees = transaction_fees(a_buyer=1, a_seller=5, cost=0.5)
    m = fees.p_buyer + fees.p_seller - 0.5
    for a, p in ((1, fees.p_buyer), (5, fees.p_seller)):
        demand, elasticity = a - p, p / (a - p)
        assert abs(p / elasticity - m) < 1e-9 and abs(demand - m) < 1e-9
    text = _markdown("notebooks", "02_marketplace.ipynb")
    assert "the elasticity is η_i = p_i/D_i, so p_i/η_i = D_i and the condition reads m = D_B = D_S" in text


def test_03_take_rate_takeaway_names_the_product():
    """Round 12 review (L03 #5): τ* depends only on ε(1 + β): ε = 0.2 with β = 2.5 still gives 59%."""
    from valueloops.capture import optimal_take_rate

    assert round(optimal_take_rate(elasticity=0.2, selection_effect=2.5), 2) == 0.59
    lecture = _markdown("notebooks", "03_value_capture.ipynb")
    assert "A high take rate pays only when ε(1 + β) is small" in lecture
    assert "buyers care little about selection (β small)" not in lecture


def test_03_1_subscriptions_instead_of_other_is_named():
    """Round 12 review (L03 #6): seller services plus subscription services (0.260) is named."""
    from valueloops.capture import revenue_table
    from valueloops.checks.lesson03 import CHECKS
    from valueloops.data import load

    row = revenue_table(load("amazon_revenue_lines")).loc[2019]
    slip = (row["Third-party seller services"] + row["Subscription services"]) / row.sum()
    assert round(slip, 3) == 0.260
    for answer in (slip, 0.260, 0.26):
        message = CHECKS["03.1"].evaluate("03.1", answer).message
        assert "plus subscription services; subscriptions are not in the capture share" in message


@pytest.mark.parametrize("answer, steps", [(2.049, "2.00 and 2.05"), (2.051, "2.05 and 2.10"),
                                           (1.93, "1.90 and 1.95"), (0.03, "0.00 and 0.05")])
def test_03_5_off_grid_answer_is_told_to_give_a_multiple_of_0_05(answer, steps):
    """Round 12 review (L03 #7): 2.049 was refused with the generic "best value" grid message; it is
    told which steps it lies between and to give a multiple of 0.05, as the question says."""
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS["03.5"].evaluate("03.5", answer)
    assert not feedback.passed
    assert feedback.message.startswith(f"{answer} is between the slider's steps {steps}")
    assert "give a multiple of 0.05, the smallest step at which τ* ≤ 18%" in feedback.message
    assert "multiple of 0.05" in _markdown("solutions", "03_value_capture.ipynb")
    assert CHECKS["03.5"].evaluate("03.5", 2.05).passed and CHECKS["03.5"].evaluate("03.5", 2.0500001).passed


def test_03_guide_reveals_the_lecture_s_33_6_percent():
    """Round 12 review (L03 #8): the guide said 34% for 2025; the lecture prints 33.6%."""
    from pathlib import Path

    from valueloops.capture import capture_share
    from valueloops.data import load

    share = capture_share(load("amazon_revenue_lines"), 2025)
    root = Path(__file__).resolve().parents[1]
    guide = " ".join((root / "instructors" / "03_value_capture.md").read_text().split())
    assert f"Reveal {share:.1%} for 2025" in guide and "Reveal 34%" not in guide


def test_lesson02_free_ride_hint_for_the_lectures_alpha1_is_the_models_own_value():
    """Review round 13: with the lecture's α1 = 0.2 kept, 02.3's model gives 1.16, which was told
    it was a rounding near-miss; the hint's value comes from the check's own helper."""
    from valueloops.checks.lesson02 import CHECKS, _free_ride_alpha2

    kept = _free_ride_alpha2(alpha1=0.2)
    assert round(kept, 2) == 1.16 and round(_free_ride_alpha2(), 2) == 1.14
    for answer in (kept, round(kept, 2)):
        message = CHECKS["02.3"].evaluate("02.3", answer).message
        assert "this question sets α1 = 0.3" in message, message


# --- round 15 (r15): lessons 02 and 03 ------------------------------------------------------------

def test_02_4_model_answer_matches_duopoly_platform():
    """r15 (L02 #1): 02.4 asks what `duopoly_platform` says just above and below the boundary; the
    solutions now hold a model answer, and its figures are the model's."""
    from valueloops.grading import prose_answer_exercises
    from valueloops.platform import duopoly_platform

    above = duopoly_platform(t1=0.75, t2=0.28, alpha1=0.25, alpha2=0.65)
    assert (f"{above.p1:.2f}", f"{above.p2:.2f}", f"{above.profit:.3f}") == ("0.10", "0.03", "0.065")
    with pytest.raises(ValueError, match="no market-sharing equilibrium"):
        duopoly_platform(t1=0.75, t2=0.27, alpha1=0.25, alpha2=0.65)
    assert "02.4" in prose_answer_exercises("02")
    solutions = _markdown("solutions", "02_marketplace.ipynb")
    assert "At t2 = 0.28, `duopoly_platform` gives p1 = 0.10, p2 = 0.03 and a profit of 0.065" in solutions
    assert "to 0.06 at the boundary" in solutions
    assert "written, not checked; compare with the model answer" in _markdown("exercises",
                                                                             "02_marketplace.ipynb")


def test_02_lecture_separates_the_alpha2_only_case_from_the_chart_and_states_the_s2_condition():
    """r15 (L02 #2, #5): −0.33 is α2 = 1.2 alone; the chart is 02.3's case (−0.12). At S = 2 the
    profit is unbounded only while a1 − f1 + a2 − f2 > 0."""
    from valueloops.platform import monopoly_platform

    assert f"{monopoly_platform(a1=1, a2=1, alpha1=0.2, alpha2=1.2).p1:.2f}" == "-0.33"
    chart = monopoly_platform(a1=1, a2=1, alpha1=0.3, alpha2=1.2, f1=0.2, f2=0.2)
    assert f"{chart.p1:.2f}" == "-0.12"
    lecture = _markdown("notebooks", "02_marketplace.ipynb")
    # r18 (02 #3): the chart's case is the setting exercise 02.3 starts from, not "its case"
    # r18c (02 #3): the change is stated exactly: α1 is raised, not added
    assert ("The chart below keeps α2 = 1.2, **raises α1 from 0.2 to 0.3 and adds a cost of 0.2 per "
            "member** on each side: the setting exercise 02.3 starts from (section 4 uses its "
            "prices).") in " ".join(lecture.split())
    assert "it adds α1 = 0.3" not in lecture
    assert "exercise 02.3's: it also sets" not in lecture
    assert "provided a1 − f1 + a2 − f2 > 0" in lecture


def test_02_participation_chart_has_one_resting_point_entry_when_the_sides_agree():
    """r15 (L02 #6): n1 = n2 = 1.60 drew two "resting point 1.60" legend entries on one line."""
    import pandas as pd

    from valueloops.charts.platform import plot_participation

    path = pd.DataFrame({"n1": [0.05, 1.0], "n2": [0.05, 0.5]})
    labels = [t.get_text() for t in plot_participation(path, (1.6, 1.6)).axes[0].get_legend().get_texts()]
    assert labels == ["buyers n1", "sellers n2", "resting point n1 = n2 = 1.60"]
    labels = [t.get_text() for t in plot_participation(path, (1.6, 1.2)).axes[0].get_legend().get_texts()]
    assert labels[2:] == ["resting point n1 = 1.60", "resting point n2 = 1.20"]


@pytest.mark.parametrize("decimal", [0.333, 0.33])
def test_02_2_one_third_typed_as_a_decimal_is_named(decimal):
    """r15 (L02 #4): a_B − (a_B + a_S − c)·0.333 got the generic message."""
    from valueloops.checks.lesson02 import CHECKS

    def buyer_fee(a_buyer, a_seller, cost):
        return a_buyer - (a_buyer + a_seller - cost) * decimal

    buyer_fee.__module__ = "__main__"
    feedback = CHECKS["02.2"].evaluate("02.2", buyer_fee)
    assert not feedback.passed
    assert feedback.message == f"you multiplied by {decimal}; divide by 3 exactly: m = (a_B + a_S − c)/3."


def test_02_3_solution_comment_uses_the_lecture_s_s():
    """r15 (L02 #3): the comment named an undefined A and an unmotivated 5.7/5."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = " ".join("".join(c["source"]) for c in
                    json.loads((root / "solutions" / "02_marketplace.ipynb").read_text())["cells"]
                    if c["cell_type"] == "code")
    assert "n1 = n2 = 0.8/(2 − S), S = 0.3 + α2" in code and "5.7/5" not in code
    assert "0.2·(1.7 − α2) = 0.8·(α2 − 1) ⇔ α2 = 1.14" in code


def test_03_2_product_exponent_is_named_and_near_miss_has_no_nested_parentheses():
    """r15 (L03 #1, #2, #3): k = ε·β got the generic message; the near-miss message nested
    parentheses; the exercise mentioned an optimiser although scipy is not installed."""
    from valueloops.checks.lesson03 import CHECKS

    def product(elasticity, selection_effect, cost):
        k = elasticity * selection_effect
        return (1 + k * cost) / (1 + k)

    def gridded(elasticity, selection_effect, cost):
        k = elasticity * (1 + selection_effect)
        return round((1 + k * cost) / (1 + k), 2)

    for func in (product, gridded):
        func.__module__ = "__main__"
    message = CHECKS["03.2"].evaluate("03.2", product).message
    assert message.startswith("the exponent is k = ε(1 + β), not ε·β"), message
    message = CHECKS["03.2"].evaluate("03.2", gridded).message
    assert "a grid or other search over τ finds only the best point it tried" in message, message
    assert "(a search over τ (" not in message and "closed form from π′(τ) = 0" in message
    assert "optimiser" not in _markdown("solutions", "03_value_capture.ipynb")


@pytest.mark.parametrize("answer, start", [
    (66, "that is q·s − F = 205 − 139, the yearly shortfall in US$; divide by what each extra order "
         "adds, m − s = 8."),
    (13, "that is the margin m = US$13 an extra order"),
    (14, "you divided the shortfall q·s − F = 66 by s = 5"),
    (17, "the fee is income, not a cost; what the extra orders must pay back is the shipping"),
    (18, "the fee is income, not a cost; what the extra orders must pay back is the shipping"),
])
def test_03_4_shortfall_margin_and_fee_as_cost_are_named(answer, start):
    """r15 (L03 #4): 61 and 12 got the generic message; 19 and 20 (139/7) named half the slip.
    r25c E2: the question now has 41 orders and a margin of US$13 (shortfall 66, fee ÷ 8 = 17.4)."""
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS["03.4"].evaluate("03.4", answer)
    assert not feedback.passed and feedback.message.startswith(start), feedback.message
    assert CHECKS["03.4"].evaluate("03.4", 9).passed


def test_03_4_rounding_to_the_nearest_is_refused():
    """r25c E2: with 40 orders the break-even 8.71 rounded to 9 both ways, so round(...) passed. With
    41 orders and a margin of US$13 it is 66/8 = 8.25: round(...) gives 8, where the platform still
    loses US$2. (The review's 35 orders, 5.14, would do too, but its answer 6 is printed in the
    lecture; 8.25 keeps the answer 9, which the lecture does not print.)"""
    import math

    from valueloops.checks.lesson03 import CHECKS

    assert CHECKS["03.4"].evaluate("03.4", math.ceil((41 * 5 - 139) / (13 - 5))).passed
    for answer in (round((41 * 5 - 139) / (13 - 5)), 8.25, 8.2, 8.3):
        feedback = CHECKS["03.4"].evaluate("03.4", answer)
        assert not feedback.passed and "still loses US$2" in feedback.message, feedback.message
        assert "139 + 8 × 8 − 205" in feedback.message
    for answer, words in ((5, "ship free too"), (6, "ship free too"), (43, "fee is income"),
                          (10, "lecture's member"), (11, "lecture's member"), (10.25, "lecture's member")):
        assert words in CHECKS["03.4"].evaluate("03.4", answer).message, answer
    assert "41 orders" in CHECKS["03.4"].evaluate("03.4", 17).message


@pytest.mark.parametrize("exercise, answer, words", [
    ("03.1", 0.758, "1 − share"), ("03.1", 67847, "in US$ millions"),
    ("03.3", 1440, "d is missing"),
    ("03.5", 0.0205, "β ÷ 100"), ("03.5", 20.5, "β × 10"),
])
def test_r25c_slips_get_named_hints(exercise, answer, words):
    """r25c E8–E10: 1 − share, the millions, A·(1 − a*), β ÷ 100 and β × 10 got the generic hint
    (0.0205 was told it lies between two slider steps)."""
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS[exercise].evaluate(exercise, answer)
    assert not feedback.passed and words in feedback.message, feedback.message
    assert "between the slider's steps" not in feedback.message


def test_r25c_the_year_not_answered_message_does_not_repeat_year():
    """r25c E13: 03.9's blank message read "the year the share fell (year) as an exact year"."""
    from valueloops.checks.lesson03 import CHECKS

    message = CHECKS["03.9"].evaluate("03.9", ...).message
    assert "(year)" not in message and "as an exact year" in message, message


@pytest.mark.parametrize("answer, words", [
    (25, "a year written with two digits; give the year in full"),
    (25.0, "a year written with two digits; give the year in full"),
    (24, "the share in percent, or a year written with two digits"),
    (24.0, "the share in percent, or a year written with two digits"),
    (23, "not a four-digit year")])
def test_r26c_a_two_digit_year_is_not_told_it_is_the_share_in_percent(answer, words):
    """r26c 03 #1: 25 (2025 typed with two digits) was told "that is the share in percent" (the
    2025 share is 24.0%, and the percent hint reached a whole point either side, 23 to 25)."""
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS["03.9"].evaluate("03.9", answer)
    assert not feedback.passed and words in feedback.message, feedback.message
    assert "2025" not in feedback.message, feedback.message   # no hint prints the answer
    if answer in (25, 23):
        assert "share in percent" not in feedback.message, feedback.message


@pytest.mark.parametrize("answer", [67.847, 67.85, 67.8])
def test_r26c_the_two_lines_in_billions_are_named(answer):
    """r26c 03 #2: 67.847 (the two 2019 lines in US$ billions) got the generic "not it"."""
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS["03.1"].evaluate("03.1", answer)
    assert not feedback.passed and "the two lines in US$ billions" in feedback.message, feedback.message
    assert "US$ billions" not in CHECKS["03.1"].evaluate("03.1", 68).message


def test_lesson03_take_rate_chart_draws_fee_revenue_on_its_own_scale():
    """Round 18 (L03 #1): fee revenue, peaking at 10.5 and 6.7, was flat on the 0-100 axis. It now
    has its own panel, 0-12 for both lecture views, with the dot and a τ* line on it."""
    from valueloops.charts.capture import TakeRateParticipationChart

    chart = TakeRateParticipationChart()
    for values in (dict(take_rate=0.15, elasticity=2.0, selection_effect=0.5),
                   dict(take_rate=0.40, elasticity=2.0, selection_effect=1.5)):
        png, _ = chart.render(**values)
        assert png is not None
        top, bottom = chart.figure.axes
        assert top.get_ylim() == (0, 105) and bottom.get_ylim() == (0, 12)
        assert chart.lines[2].axes is bottom and chart.dot.axes is bottom
        assert chart.lines[0].axes is top and chart.lines[1].axes is top
        assert {line.axes for line in chart.best} == {top, bottom}
    assert "per 100 of potential sales" in chart.lines[2].get_label()


# --- lesson 03's plot exercise (issue 27): 03.8 draws third-party seller services' share, 03.9 reads it ------------
def _seller_share():
    """03.8's series the way a student computes it: the line over the sum of the year's lines, from
    the lecture's revenue_table (2020 blank), not from the spec's own table."""
    from valueloops.capture import revenue_table
    from valueloops.data import load

    table = revenue_table(load("amazon_revenue_lines"))
    return table, table["Third-party seller services"] / table.sum(axis=1)


def _draw_03_8(how: str):
    """A student's answer cell for 03.8, drawn one way (Agg backend); returns what it passes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    from valueloops.capture import revenue_growth
    from valueloops.data import load

    table, share = _seller_share()
    long = share.rename("share").reset_index()  # year, share (2020: NaN)
    net = table.sum(axis=1)
    plt.figure()
    labelled = dict(xlabel="year", ylabel="third-party seller services (share of net sales)")
    if how == "sns.lineplot":
        ax = sns.lineplot(data=long, x="year", y="share", marker="o")
    elif how == "sns.barplot":
        ax = sns.barplot(data=long.dropna(), x="year", y="share")
    elif how == "df.plot, 2020 kept blank":  # pandas draws the blank year as a masked point
        ax = share.plot(marker="o")
    elif how == "ax.plot, unsorted":
        shuffled = long.dropna().sample(frac=1, random_state=7)
        ax = plt.gca()
        ax.plot(shuffled["year"], shuffled["share"], "o")
    elif how == "percent":
        ax = (100 * share).plot()
    elif how == "2025 missing":
        ax = share[share.index < 2025].plot()
    elif how == "online stores":
        ax = (table["Online stores"] / net).plot()
    elif how == "subscription services":
        ax = (table["Subscription services"] / net).plot()
    elif how == "US$ millions":
        ax = table["Third-party seller services"].plot()
    elif how == "US$ billions":
        ax = (table["Third-party seller services"] / 1000).plot()
    elif how == "the lecture's growth":
        ax = revenue_growth(load("amazon_revenue_lines"))["Third-party seller services"].plot()
    elif how == "the lecture's growth, percent":  # the lecture's own chart: 100 * revenue_growth
        ax = (100 * revenue_growth(load("amazon_revenue_lines"))["Third-party seller services"]).plot()
    elif how == "df.plot.bar, 2020 kept blank":  # pandas draws the NaN as a zero-height bar
        ax = share.plot.bar()
    elif how == "2020 as zero":
        ax = share.fillna(0).plot(marker="o")
    elif how == "sns.barplot, 2020 as zero":  # seaborn draws no bar for NaN: a zero bar is a plotted 0
        ax = sns.barplot(data=long.fillna(0), x="year", y="share")
    elif how == "ax.plot on dropna()":  # one line from 2019 to 2021, across the blank 2020
        ax = plt.gca()
        ax.plot(share.dropna().index, share.dropna())
    elif how == "ratio label":
        ax = share.plot(marker="o")
        ax.set(xlabel="year", ylabel="Third-party seller services / net sales")
        return ax
    elif how == "fraction label":
        ax = share.plot(marker="o")
        ax.set(xlabel="year", ylabel="third-party seller services (fraction of net sales)")
        return ax
    elif how == "percent label":
        ax = share.plot(marker="o")
        ax.set(xlabel="year", ylabel="third-party seller services (share of net sales, %)")
        return ax
    elif how == "AWS's share":
        ax = (table["AWS"] / net).plot(marker="o")
    elif how == "advertising's share":  # its own line from 2021; blank (NaN) before
        ax = (table["Advertising services"] / net).plot(marker="o")
    elif how == "divided without AWS":
        ax = (table["Third-party seller services"] / (net - table["AWS"])).plot(marker="o")
    elif how in ("rounded to 3 decimals", "rounded to 2 decimals"):
        ax = share.round(int(how.split()[2])).plot(marker="o")
    elif how == "advertising added":
        ads = table["Advertising services"].fillna(table["Other (incl. advertising)"])
        ax = ((table["Third-party seller services"] + ads) / net).plot()
    elif how == "no x label":  # ax.plot (share.plot would label x with the index's name, year)
        ax = plt.gca()
        ax.plot(share.index, share)
        ax.set_ylabel(labelled["ylabel"])
        return ax
    elif how == "x label 'index'":  # sns.barplot on reset_index() of an unnamed index
        frame = share.dropna().rename("share").rename_axis(None).reset_index()
        ax = sns.barplot(data=frame, x="index", y="share")
        ax.set_ylabel(labelled["ylabel"])
        return ax
    elif how == "x label 'foo'":
        ax = share.plot(marker="o")
        ax.set(xlabel="foo", ylabel=labelled["ylabel"])
        return ax
    elif how == "fiscal year label":
        ax = share.plot(marker="o")
        ax.set(xlabel="Fiscal year (FY)", ylabel=labelled["ylabel"])
        return ax
    elif how == "no y label":
        ax = share.plot()
        ax.set_xlabel("year")
        return ax
    elif how == "blank axes":
        return plt.gca()
    elif how == "divided by column totals":  # table.sum(): one total per column, aligned on years: NaN
        ax = (table["Third-party seller services"] / table.sum()).plot(marker="o")
    elif how == "div without axis=0":  # divides each column by the total of the same label: NaN
        ax = table.div(net)["Third-party seller services"].plot(marker="o")
    elif how == "sns.barplot, hue per line":  # r26c 03 #3: every line's share, dodged bars
        shares = table.div(net, axis=0).reset_index().melt(id_vars="year", var_name="line",
                                                           value_name="share")
        ax = sns.barplot(data=shares, x="year", y="share", hue="line")
    elif how == "df.plot.bar, every line":  # a wide table: one bar container per column, beside its year
        ax = table.div(net, axis=0).plot.bar()
    else:
        raise ValueError(how)
    ax.set(**labelled)
    return ax


@pytest.fixture
def closes_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


LESSON03_PLOT_SLIPS = {
    "percent": "shares in percent",
    "2025 missing": "the table now reaches 2025",
    "online stores": "online stores' share",
    "subscription services": "subscription services' share",
    "US$ millions": "(US$ millions), not their share",
    "US$ billions": "(US$ billions), not their share",
    "the lecture's growth": "the growth of third-party seller services",
    "the lecture's growth, percent": "you drew the lecture's growth chart",
    "2020 as zero": "2020 is blank in the table: leave it blank (out, or NaN), never 0.",
    "sns.barplot, 2020 as zero": "2020 is blank in the table: leave it blank (out, or NaN), never 0.",
    "sns.lineplot": "your line joins 2019 to 2021 across the blank 2020",
    "ax.plot on dropna()": "your line joins 2019 to 2021 across the blank 2020",
    "percent label": "the values are shares (1 = the whole); the label",
    "advertising added": "you added advertising",
    "AWS's share": "you plotted AWS's share of net sales",
    "advertising's share": "you plotted advertising services' share of net sales",
    "divided without AWS": "you divided by net sales without AWS",
    "rounded to 2 decimals": "your values are rounded to 2 decimal(s)",
    "no x label": "the x axis is not labelled",
    "x label 'index'": "'index' is what reset_index() calls an unnamed index",
    "x label 'foo'": "the x axis label 'foo' does not say what it shows",
    "no y label": "the y axis is not labelled",
    "blank axes": "nothing was plotted",
}


PAIR_03_8 = PlotPair("03.8", _draw_03_8, passes="all 11 values (2014–2025", slips=LESSON03_PLOT_SLIPS,
                     right=("sns.barplot", "df.plot, 2020 kept blank", "ax.plot, unsorted",
                            "df.plot.bar, 2020 kept blank", "fraction label", "rounded to 3 decimals",
                            "ratio label", "fiscal year label"),
                     exclusive=True)


@pytest.mark.parametrize("how", PAIR_03_8.right)
def test_lesson03_plot_right_charts_drawn_four_ways_pass(how):
    PAIR_03_8.right_chart_passes(how)


@pytest.mark.parametrize("how, words", LESSON03_PLOT_SLIPS.items())
def test_lesson03_plot_each_wrong_chart_gets_its_own_message(how, words):
    PAIR_03_8.wrong_chart_named(how, words)


def test_lesson03_plot_blank_is_not_answered_and_the_declared_mistakes_fire():
    from valueloops.checks import NOT_ANSWERED

    assert PAIR_03_8.spec.evaluate("03.8", ...).status == NOT_ANSWERED
    PAIR_03_8.declared_mistakes_fire()


def test_lesson03_plot_messages_suggest_a_drawing_the_exercise_accepts(closes_figures):
    """r25c E1: the blank, empty and wrong-type messages said ax = sns.lineplot(...), the one drawing
    03.8 refuses (it joins 2019 to 2021); they now say ax = seller_share.plot(...), which passes."""
    from valueloops.checks.lesson03 import CHECKS

    table, share = _seller_share()
    for answer in (..., None, table, _draw_03_8("blank axes")):
        message = CHECKS["03.8"].evaluate("03.8", answer).message
        assert "ax = seller_share.plot(...)" in message and "sns.lineplot" not in message, message
    assert CHECKS["03.8"].evaluate("03.8", _draw_03_8("df.plot, 2020 kept blank")).passed


def test_lesson03_plot_a_blank_year_gets_the_same_verdict_through_the_grader(closes_figures):
    """pandas draws 2020 (NaN) as a masked point; the check cell and the grader's reader both leave
    it out (it once travelled as the text 'None' and was told 'you also plotted 2020')."""
    from test_trusted import through_the_reader

    from valueloops.checks.lesson03 import CHECKS

    for how in ("df.plot, 2020 kept blank", "percent"):
        answer = _draw_03_8(how)
        direct = CHECKS["03.8"].evaluate("03.8", answer)
        graded = through_the_reader("03.8", CHECKS["03.8"], answer)
        assert (graded.status, graded.message) == (direct.status, direct.message)
        assert direct.passed == (how != "percent"), direct.message


@pytest.mark.parametrize("how", ["sns.barplot, hue per line", "df.plot.bar, every line"])
def test_r26c_grouped_bars_are_told_to_draw_one_series_not_row_numbers(how, closes_figures):
    """r26c 03 #3: sns.barplot(..., hue="line") of every line's share was told "plot against the year
    column, not the row numbers" (its dodged bars sit at -0.35, 0.65 ...); the student did plot against
    the year: the fault is one bar series per line. The grader says the same."""
    from test_trusted import through_the_reader

    from valueloops.checks.lesson03 import CHECKS

    answer = _draw_03_8(how)
    feedback = CHECKS["03.8"].evaluate("03.8", answer)
    assert not feedback.passed and "row numbers" not in feedback.message, feedback.message
    assert "grouped bars, one bar series per group" in feedback.message, feedback.message
    assert "draw third-party seller services' share of net sales alone, one series" in feedback.message
    graded = through_the_reader("03.8", CHECKS["03.8"], answer)
    assert (graded.status, graded.message) == (feedback.status, feedback.message)


def test_r26c_bars_on_their_ticks_keep_their_verdicts(closes_figures):
    """The grouped-bars message is for bars beside their ticks only: bars on the ticks (one series,
    seaborn or pandas) still pass, and bars at row numbers without year ticks keep "row numbers"."""
    import matplotlib.pyplot as plt

    from valueloops.checks.lesson03 import CHECKS

    for how in ("sns.barplot", "df.plot.bar, 2020 kept blank"):
        assert CHECKS["03.8"].evaluate("03.8", _draw_03_8(how)).passed, how
    _, share = _seller_share()
    ax = plt.figure().add_subplot()
    ax.bar(range(len(share.dropna())), share.dropna())
    ax.set(xlabel="year", ylabel="share of net sales")
    message = CHECKS["03.8"].evaluate("03.8", ax).message
    assert "not the row numbers" in message and "grouped bars" not in message, message


@pytest.mark.parametrize("how", ["divided by column totals", "div without axis=0"])
def test_lesson03_plot_a_share_of_nan_is_told_so(how, closes_figures):
    """r23b E1: the two likeliest division slips give a series of NaN only; it was told "nothing was
    plotted ... plt.gca() in a later cell is a new, empty figure". It is told its values are NaN."""
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS["03.8"].evaluate("03.8", _draw_03_8(how))
    assert not feedback.passed and "every value in it is NaN" in feedback.message, feedback.message
    assert "table.sum() (one total per column, not per row)" in feedback.message
    assert "plt.gca()" not in feedback.message


def test_lesson03_the_peak_year_hint_shows_the_nearly_flat_step_and_beta_0_and_1_are_named():
    """r23b G1: the guide says the 2024 hint explains that 2024 is only just above 2023; it now shows
    the step (24.4% → 24.5%, 0.1 points). Minor: β = 0 and β = 1.00 (generic before) name their τ*.
    S2: 03.1 names the line 'Other (incl. advertising)' as the table does."""
    from valueloops.checks.lesson03 import CHECKS

    peak = CHECKS["03.9"].evaluate("03.9", 2024).message
    assert "the share's peak" in peak and "24.4% → 24.5% (0.1 points" in peak, peak
    for beta, tau in ((0, "40.0%"), (0.0, "40.0%"), (1.0, "25.0%"), (1, "25.0%"), (0.25, "34.8%")):
        message = CHECKS["03.5"].evaluate("03.5", beta).message
        assert f"the widget shows τ* = {tau}, still above 18%" in message, (beta, message)
    blank = CHECKS["03.1"].evaluate("03.1", ...).message
    assert "third-party seller services plus 'Other (incl. advertising)'" in blank, blank


def test_lesson03_first_fall_follows_from_the_data():
    """03.9's answer is the first year whose share is below the year before it, computed here from
    the student's series: 2025 (24.0% after 24.5%), the peak 2024."""
    from valueloops.checks.lesson03 import CHECKS

    _, share = _seller_share()
    share = share.dropna()
    falls = [int(year) for year, step in share.diff().items() if step < 0]
    assert falls[0] == 2025 == CHECKS["03.9"].expected and int(share.idxmax()) == 2024
    assert CHECKS["03.9"].evaluate("03.9", 2025).passed


@pytest.mark.parametrize("answer, words", [
    (2024, "the share's peak"), (2021, "its largest step, across the blank 2020"),
    (2020, "is not on the chart"), (2023, "the share rose, 22.9% → 24.4%"), (2014, "the chart's first point"),
    (2015, "the share rose, 13.2% → 15.0%"), (2013, "not the year asked"), ("2025", "Remove the quotes"),
    # r22a (03 #2): the 2025 share itself, in percent, and a year after the table are named
    (0.24, "that is the share itself"), (0.240, "that is the share itself"),
    (24.0, "that is the share in percent"), (2026, "the table ends in 2025")])
def test_lesson03_first_fall_wrong_answers_are_named(answer, words):
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS["03.9"].evaluate("03.9", answer)
    assert not feedback.passed and words in feedback.message, feedback.message


def test_lesson03_every_year_a_reader_may_give_has_its_hint_and_none_prints_the_answer():
    """r18b (03 #3): each year on the chart before the first fall is named (why it is not the
    answer); no hint prints 2025."""
    from valueloops.checks.lesson03 import CHECKS

    for year in range(2014, 2025):
        message = CHECKS["03.9"].evaluate("03.9", year).message
        assert "not the year asked" not in message and "2025" not in message, (year, message)


def test_lesson03_solutions_compute_the_first_fall_and_name_the_line_in_full():
    """r18b (03 #4, #5): 03.9's solution computes the year; "sellers' share" is gone from lesson 03."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    solution = (root / "solutions" / "03_value_capture.ipynb").read_text()
    assert "first_fall = 2025" not in solution and "diff() < 0" in solution
    for path in ("notebooks/03_value_capture.ipynb", "solutions/03_value_capture.ipynb",
                 "instructors/03_value_capture.md"):
        assert "sellers' share" not in (root / path).read_text(), path
    assert "Amazon's fees from sellers" in (root / "solutions" / "03_value_capture.ipynb").read_text()


# --- r18 (y02): lesson 02 -------------------------------------------------------------------------

def test_02_rochet_tirole_d_i_is_participation_not_transactions():
    """r18 (02 #1): D_i is a side's quasi-demand (members willing to trade); transactions are
    D_B·D_S = m². The lecture, its summary and the guide said each side made m transactions."""
    from pathlib import Path

    from valueloops.platform import transaction_fees

    fees = transaction_fees(a_buyer=1, a_seller=5, cost=0.5)
    m = fees.p_buyer + fees.p_seller - 0.5
    assert (f"{m:.2f}", f"{fees.volume:.2f}") == ("1.83", "3.36") and abs(fees.volume - m * m) < 1e-9
    lecture = _markdown("notebooks", "02_marketplace.ipynb")
    guide = " ".join((Path(__file__).resolve().parents[1] / "instructors" / "02_marketplace.md")
                     .read_text().split())
    assert "equals each side's quasi-demand D_i (how many buyers, or sellers, are willing" in lecture
    assert "the number of transactions is D_B·D_S = m²" in lecture
    assert "1.83 buyers and 1.83 sellers take part (D_B = D_S = m), so 3.36 transactions" in lecture
    for text in (lecture, guide):
        assert "the same participation, D_B = D_S = m (and m² transactions)" in text
        assert "m = 1.83 transactions" not in text and "number of transactions, m" not in text
        assert "making the same number of transactions" not in text
    assert "each side's number of transactions" not in lecture


def test_02_7_model_answer_says_who_pays_for_trust_depends_on_alpha2():
    """r18 (02 #2): "collected mostly from buyers" holds only while α2 < 1; the model answer says
    so with the lecture's α2 = 1.2 figures, which must be the model's."""
    from valueloops.platform import monopoly_platform

    low = monopoly_platform(a1=1, a2=1, alpha1=0.2, alpha2=1.2)
    high = monopoly_platform(a1=1, a2=1, alpha1=0.4, alpha2=1.2)
    figures = tuple(f"{x:.3f}" for x in (low.p1, high.p1, low.p2, high.p2))
    assert figures == ("-0.333", "-0.500", "1.333", "1.500")
    solutions = _markdown("solutions", "02_marketplace.ipynb").replace("−", "-")
    assert "That holds at the table's α2 = 0.6 < 1." in solutions
    assert (f"takes p1 from {figures[0]} to {figures[1]} and p2 from {figures[2]} to {figures[3]}"
            in solutions)
    assert "who pays depends on α2" in solutions


def test_02_lecture_states_the_limit_of_the_cost_effect():
    """r18 (02 #4): a cost raises its own side's price only while α1·(α1 + α2) < 2
    (dp1/df1 = (2 − α1·S)/(4 − S²)); the lecture's example must be the model's."""
    from valueloops.platform import monopoly_platform

    base = monopoly_platform(a1=1, a2=1, alpha1=1.2, alpha2=0.6)
    costly = monopoly_platform(a1=1, a2=1, alpha1=1.2, alpha2=0.6, f1=0.5)
    assert (f"{base.p1:.3f}", f"{costly.p1:.3f}") == ("2.000", "1.895") and 1.2 * 1.8 > 2
    lecture = _markdown("notebooks", "02_marketplace.ipynb")
    assert "a cost raises its own side's price only while α1·(α1 + α2) < 2" in lecture
    assert "raising f1 from 0 to 0.5 *lowers* p1 from 2.000 to 1.895" in lecture


def test_02_share_caption_says_where_the_2023_square_sits():
    """r18 (02 #5): the 59% square's placement at 2023 was explained only in datasets/README.md;
    the CSV's note must still say the quarter is not stated."""
    from valueloops.data import load

    share = load("third_party_share")
    row = share[(share["metric"] == "paid_unit_share") & (share["year"] == 2023)]
    assert len(row) == 1 and row["share"].iloc[0] == 0.59
    assert "ambiguous whether Q4 or annual" in row["notes"].iloc[0]
    lecture = _markdown("notebooks", "02_marketplace.ipynb")
    assert ('The 2023 square (59%) sits at 2023 itself: its article says only "last year", not '
            "which quarter.") in lecture


# --- r18c (stream z0204): lesson 02 ------------------------------------------------------------------

def _02_hint_messages(exercise):
    """Every named hint's message of a lesson 02 Number, as the student sees it."""
    from valueloops.checks.lesson02 import CHECKS

    spec = CHECKS[exercise]
    messages = [spec.evaluate(exercise, hint.value).message for hint in spec.hints]
    if spec.hundredfold_hint:
        messages.append(spec.hundredfold_hint)
    return messages


@pytest.mark.parametrize("exercise, answer, calculations", [
    ("02.1", "2.8", ["(58 − 30) ÷ 10", "(0.58 − 0.30) ÷ 10", "× 100, then ÷ 10"]),
    ("02.3", "1.14", ["the next point", "at 1.14"]),
    ("02.4", "0.27", ["0.81 ÷ 3", "0.84 > 0.81", "still 0.06"]),
])
def test_02_hints_never_print_the_answer_or_a_calculation_that_gives_it(exercise, answer, calculations):
    """r18c (02 #1): a hint names the mistake and the step to redo; it printed the answer (0.27, the
    step after 1.13) or a calculation that yields it ((58 − 30) ÷ 10, 0.81 ÷ 3, profit 0.06)."""
    import re

    from valueloops.checks.lesson02 import CHECKS

    assert f"{CHECKS[exercise].expected:.{CHECKS[exercise].decimals}f}" == answer
    for message in _02_hint_messages(exercise):
        assert not re.search(rf"(?<![\d.]){re.escape(answer)}(?!\d)", message), message
        for calculation in calculations:
            assert calculation not in message, message


def test_02_1_names_the_unit_with_an_example_that_is_no_plausible_answer():
    """r18c (02 #7): the percent-vs-share example sits in the question where the slip happens (the
    table holds shares), and it is 3.5, not 2.5, which is the ÷ 11 slip rounded."""
    from valueloops.checks.lesson02 import CHECKS

    question = " ".join(_markdown("solutions", "02_marketplace.ipynb").split())
    assert "The table holds shares (0.58 for 58%); give percentage points a year (3.5, not 0.035)" in question
    assert "(3.5, not 0.035)" in CHECKS["02.1"].evaluate("02.1", 0.028).message
    assert "n − 1, not n" in CHECKS["02.1"].evaluate("02.1", 2.5).message


def test_02_lecture_explains_why_profit_equals_members_per_side():
    """r18c (02 #2): the governance table's profit column equals its members column; the lecture
    says why from the model's own equations (n = 1/(2 − S), p1 + p2 = 1)."""
    from valueloops.platform import monopoly_platform

    lecture = " ".join(_markdown("notebooks", "02_marketplace.ipynb").split())
    assert "Profit equals members per side in every row." in lecture
    assert "n = 1/(2 − S)" in lecture and "add up to 2 − (2 − S)·n = 1" in lecture
    for trust in (1.0, 0.8, 0.6, 0.4):
        m = monopoly_platform(a1=1, a2=1, alpha1=0.5 * trust, alpha2=0.6)
        assert m.p1 + m.p2 == pytest.approx(1) and m.profit == pytest.approx(m.n1)
        assert m.n1 == pytest.approx(1 / (2 - 0.5 * trust - 0.6))


def test_02_lecture_merges_the_two_limits_into_one_optional_cell():
    """r18c (02 #4): the α2 < 1 limit and the cost limit were two cells; now one, headed."""
    cells = _lecture02_cells()
    heads = [c for c in cells if c.source.startswith("**Two limits (optional).**")]
    assert len(heads) == 1 and "α1·(α1 + α2) < 2" in heads[0].source
    assert not any(c.source.startswith(("Why only while α2 < 1?", "The cost effect has a limit too"))
                   for c in cells)


# --- r20b: lesson 02 defects 1-4 ---------------------------------------------------------------

def test_r20b_02_1_decade_hint_has_no_stray_space_and_02_5_prints_a_true_minus():
    """r20b L02 #3-4: "as a share ; the question" and "p2 = -6" (an ASCII hyphen for a minus)."""
    from valueloops.checks.lesson02 import CHECKS

    decade = CHECKS["02.1"].evaluate("02.1", 0.28).message
    assert "as a share; the question" in decade and " ;" not in decade, decade
    option_d = CHECKS["02.5"].evaluate("02.5", "d").message
    assert "p2 = −6" in option_d and "-6" not in option_d, option_d


def test_r21a_02_5_true_minus_applies_to_the_numbers_only():
    """Review r21a: the minus sign replaces a hyphen in the number, never in the words around it."""
    import inspect

    from valueloops.checks import lesson02

    assert lesson02._signed(-6.0) == "−6" and lesson02._signed(5.4) == "5"
    assert '.replace("-", "−"),' not in inspect.getsource(lesson02)   # not on a whole message


def test_r20b_lecture_02_minus_signs_and_hollow_marker_reason():
    """r20b L02 #1, #4: the hollow marker is "a round figure" (2018, 2020 and 2023 come from one
    article that says "sales"), and the below-cost margins print "−0.029", not "-0.029"."""
    cells = _lecture02_cells()
    caption = next(c.source for c in cells if c.source.startswith("*Takeaway: from 3% in 1999"))
    assert "unclear metric" not in caption and "hollow means a round figure" in caption
    # r25b: the Q1 2024 square comes from the same article; the hollow sentence covers both axes
    assert "The 2018, 2020, 2023 and Q1 2024 squares come from one article" in caption
    assert "On the main axes and in the inset, hollow means" in caption
    margins = next(c for c in cells if c.cell_type == "code" and "p1 − f1 = n1 − α2·n2" in c.source)
    printed = "".join(o.get("text", "") for o in margins.outputs)
    assert "= −0.029" in printed and "-0." not in printed, printed


def test_r20b_guide_02_names_the_two_limits_cell():
    from pathlib import Path

    guide = (Path(__file__).parents[1] / "instructors" / "02_marketplace.md").read_text()
    assert "Why only while α2 < 1?" not in guide
    assert "the lecture's 'Two limits (optional)' cell (§3)" in guide


def test_lesson03_r20c_question_wording_lecture_and_guide_agree():
    """r20c (03 #2, #3, #6): 03.9 says the share fell once and that 2024 is only just above 2023;
    the lecture no longer counts the growth chart's lines ("six lines" was eight); 03.1's
    markdown is wrapped; the guide names the new 03.8 slips and the three-decimal rounding."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]

    def cells(path):
        nb = json.loads((root / path).read_text(encoding="utf-8"))
        return {c.get("id"): "".join(c["source"]) for c in nb["cells"]}

    solution = cells("solutions/03_value_capture.ipynb")
    question = " ".join(solution["read0309q"].split())
    # r22a (03 #1): the question no longer gives the answer away (no "rose every year … fell once")
    assert "rose every year" not in question and "fell once" not in question and "2024" not in question
    assert "lower than in the year before it (2020 is" in question
    assert max(len(line) for line in solution["dea37379"].splitlines()) <= 100
    lecture = cells("notebooks/03_value_capture.ipynb")
    assert "six lines" not in lecture["cell-010b"] and "a few lines of pandas" in lecture["cell-010b"]
    guide = (root / "instructors" / "03_value_capture.md").read_text(encoding="utf-8")
    assert "six lines" not in guide and "a few lines of pandas" in guide
    assert "AWS's or advertising services' (2021 on) share" in guide
    assert "three decimals pass" in guide and "2024 is only just above 2023" in guide
    assert "The question says the share rose, then fell once" not in guide


def test_r22a_03_growth_chart_is_six_lines_without_a_legend_call_and_the_docstring_reads_68_6():
    """r22a (03 #3, #4): the inline growth chart is six lines (issue 27), with the legend's title
    dropped by rename_axis, not ax.legend, and still ending in plt.show() (a trailing ";" does not
    hide the Line2D under nbval); advertising's end point is US$68.6bn (68,635)."""
    import json
    from pathlib import Path

    import valueloops.checks.lesson03 as lesson03

    root = Path(__file__).resolve().parents[1]
    nb = json.loads((root / "notebooks" / "03_value_capture.ipynb").read_text(encoding="utf-8"))
    code = next("".join(c["source"]) for c in nb["cells"] if c.get("id") == "cell-011")
    lines = [line for line in code.splitlines() if line.strip()]
    assert len(lines) <= 6 and "ax.legend" not in code and "rename_axis(columns=None)" in code
    assert code.rstrip().endswith("plt.show()") and "ax.axhline(0" in code and "axvspan" in code
    assert "68.6bn" in lesson03.__doc__ or "68.6bn" in (root / "valueloops/checks/lesson03.py").read_text()
    assert "68.8bn" not in (root / "valueloops/checks/lesson03.py").read_text()


def test_r25c_no_two_close_colours_in_lesson03s_data_charts_and_no_marker_beside_the_dot():
    """r25c L1: physical stores (orange) and advertising (vermillion), the two "Other" lines (mauve,
    pink), subscriptions (tan) and advertising were close. L2: the revenue curve's marker at
    τ = 16.7% sat just right of the dot at τ = 15%: a student read two points."""
    from matplotlib.colors import to_rgb

    from valueloops.charts.capture import LINE_COLOURS, TakeRateParticipationChart

    from valueloops.style import PALETTE

    used = {to_rgb(c) for c in LINE_COLOURS.values()}
    # vermillion (close to orange and to tan) and pink (close to mauve) are no longer used
    assert to_rgb(PALETTE[3]) not in used and to_rgb(PALETTE[6]) not in used
    for other in ("Other", "Other (incl. advertising)"):
        red, green, blue = to_rgb(LINE_COLOURS[other])
        assert red == green == blue, other   # a muted grey
    chart = TakeRateParticipationChart()
    chart.render(take_rate=0.15, elasticity=2.0, selection_effect=0.5)
    revenue = chart.lines[2]
    xs = revenue.get_xdata()[revenue.get_markevery()[0]::revenue.get_markevery()[1]]
    assert min(abs(x - 0.15) for x in xs) > 0.05, xs


def test_r23b_each_revenue_line_has_one_colour_in_both_data_charts():
    """r23b C1: third-party seller services were green in the stacked chart and orange in the growth
    chart. Both now take their colours from one mapping, ``LINE_COLOURS``."""
    import json
    from pathlib import Path

    from matplotlib.colors import to_rgb

    from valueloops.charts.capture import LINE_COLOURS, plot_revenue_lines
    from valueloops.data import load

    fig = plot_revenue_lines(load("amazon_revenue_lines"))
    for container in fig.axes[0].containers:
        assert to_rgb(container.patches[0].get_facecolor()) == to_rgb(LINE_COLOURS[container.get_label()])
    # r25c L1: one colour a line, except the two "Other" lines, which never share a year (one grey)
    others = ("Other", "Other (incl. advertising)")
    assert LINE_COLOURS[others[0]] == LINE_COLOURS[others[1]]
    assert len(set(LINE_COLOURS.values())) == len(LINE_COLOURS) - 1
    root = Path(__file__).resolve().parents[1]
    nb = json.loads((root / "notebooks" / "03_value_capture.ipynb").read_text(encoding="utf-8"))
    code = next("".join(c["source"]) for c in nb["cells"] if c.get("id") == "cell-011")
    assert "color=LINE_COLOURS" in code


# --- lesson 02's plot exercise (issue 27): 02.8 draws the GMV share's change, 02.9 reads it ----------
def _gmv_rows():
    """The exercise's rows: the "gmv_share" rows of third_party_share, as the student filters them."""
    from valueloops.data import load

    share = load("third_party_share")
    return share, share[share["metric"] == "gmv_share"]


def _draw_02_8(how: str):
    """A student's answer cell for 02.8, drawn one way (Agg backend); returns what it passes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    share, gmv = _gmv_rows()
    change = gmv.set_index("year")["share"].diff()     # 1999: NaN
    labelled = dict(xlabel="year", ylabel="change from the year before (share of physical GMV)")
    plt.figure()
    if how == "sns.barplot":                           # the solution's way
        ax = sns.barplot(x=gmv["year"], y=gmv["share"].diff())
    elif how == "sns.lineplot":
        ax = sns.lineplot(data=gmv.assign(change=gmv["share"].diff()), x="year", y="change", marker="o")
    elif how == "df.plot":                             # pandas draws 1999's NaN as a masked point
        ax = change.plot(marker="o")
    elif how == "df.plot.bar":                         # pandas draws 1999's NaN as a zero-height bar
        ax = change.plot.bar()
    elif how == "ax.plot, unsorted, 1999 dropped":
        rows = change.dropna().reset_index().sample(frac=1, random_state=11)
        ax = plt.gca()
        ax.plot(rows["year"], rows["share"], "o")
    elif how == "fraction label":
        ax = change.plot()
        ax.set(xlabel="year", ylabel="yearly change (fraction of GMV)")
        return ax
    elif how == "percent":
        ax = (100 * change).plot()
    elif how == "1999 as zero":
        ax = change.fillna(0).plot()
    elif how == "the share itself":
        ax = sns.lineplot(data=gmv, x="year", y="share")
    elif how == "the lecture's chart":                 # the lecture's inline chart, copied whole
        ax = sns.lineplot(data=gmv.assign(percent=100 * gmv["share"]), x="year", y="percent", marker="o")
        ax.set(title="Amazon: third-party share of physical GMV", xlabel="Year",
               ylabel="third-party share of physical GMV (%)")
        return ax
    elif how == "relative change":
        ax = gmv.set_index("year")["share"].pct_change().plot()
    elif how == "subtraction turned round":
        ax = (-change).plot()
    elif how == "diff(-1)":
        ax = gmv.set_index("year")["share"].diff(-1).plot()
    elif how == "rise since 1999":
        ax = (gmv.set_index("year")["share"] - 0.03).plot()
    elif how == "2018 missing":
        ax = change[change.index < 2018].plot()
    elif how == "a year left out":
        ax = change.drop(2010).plot(marker="o")
    elif how == "percent label":
        ax = change.plot()
        ax.set(xlabel="year", ylabel="change (share of GMV, %)")
        return ax
    elif how == "no unit":
        ax = change.plot()
        ax.set(xlabel="year", ylabel="yearly change")
        return ax
    elif how == "axes swapped":
        ax = plt.gca()
        ax.plot(change.dropna(), change.dropna().index)
    elif how == "unfiltered":                          # both metrics' rows: two values at 2018
        ax = share.set_index("year")["share"].diff().plot()
    elif how in LABEL_SLIPS:
        return draw_label_slip(how, change, labelled)
    else:
        raise ValueError(how)
    ax.set(**labelled)
    return ax


LESSON02_PLOT_SLIPS = {
    "percent": "your y values are in percentage points (× 100)",
    "1999 as zero": "1999 is blank in the table: leave it blank (out, or NaN), never 0",
    "the share itself": "you plotted the share itself, not its change",
    "the lecture's chart": "you drew the lecture's chart, the share itself in percent",
    "relative change": "a relative change, pct_change",
    "subtraction turned round": "your changes are below zero",
    "diff(-1)": "you subtracted the next year's share from each year's",
    "rise since 1999": "you plotted the rise since 1999",
    "2018 missing": "the table now reaches 2018",
    "a year left out": "your chart leaves out 1 year of the table (2010)",
    "percent label": "the values are shares (1 = the whole); the label",
    "no unit": "does not name the unit: say it is in share of physical GMV",
    "axes swapped": "your axes are swapped",
    "unfiltered": "several y values at 2018",
    "no x label": "the x axis is not labelled",
    "no y label": "the y axis is not labelled",
    "blank axes": "nothing was plotted",
}


PAIR_02_8 = PlotPair("02.8", _draw_02_8, passes="all 19 values (2000–2018", slips=LESSON02_PLOT_SLIPS,
                     right=("sns.barplot", "sns.lineplot", "df.plot", "df.plot.bar",
                            "ax.plot, unsorted, 1999 dropped", "fraction label"),
                     grader=True, not_graded=("blank axes",), exclusive=True)


@pytest.mark.parametrize("how", PAIR_02_8.right)
def test_02_8_right_chart_drawn_several_ways_passes(how):
    PAIR_02_8.right_chart_passes(how)


@pytest.mark.parametrize("how, words", LESSON02_PLOT_SLIPS.items())
def test_02_8_each_wrong_chart_gets_its_own_message(how, words):
    PAIR_02_8.wrong_chart_named(how, words)


def test_02_8_a_slip_with_a_value_in_the_blank_year_is_named_as_the_slip(closes_figures):
    """The share itself (and diff(-1), the rise since 1999) has a value in 1999, where the change is
    blank: the check named the blank ("1999 is blank ... your chart gives it 0.03") instead of the
    slip. plot.Plot._judge now names a known slip first."""
    from valueloops.checks.lesson02 import CHECKS

    for how in ("the share itself", "diff(-1)", "rise since 1999"):
        message = CHECKS["02.8"].evaluate("02.8", _draw_02_8(how)).message
        assert "is blank in the table" not in message, (how, message)


def test_02_8_blank_a_table_and_every_declared_mistake():
    spec = PAIR_02_8.spec
    assert spec.kind == "plot" and spec.x_kind == "year" and spec.share and spec.blank == (1999,)
    assert spec.x == tuple(range(2000, 2019))
    PAIR_02_8.blank_and_table_refused(_gmv_rows()[1])
    PAIR_02_8.declared_mistakes_fire(hints=8)   # r24b: pct_change × 100, the table unfiltered


def test_02_8_the_question_names_the_rows_the_unit_and_the_years():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    nb = json.loads((root / "solutions" / "02_marketplace.ipynb").read_text(encoding="utf-8"))
    cells = nb["cells"]
    question = next(" ".join("".join(c["source"]).split()) for c in cells
                    if "".join(c["source"]).startswith("## Exercise 02.8"))
    assert '`"gmv_share"`' in question and "share of physical GMV" in question
    assert "from 2000 to 2018" in question and "label both axes" in question and "not percent" in question
    setup = next("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "apply_theme()" in setup
    # the plot pair is last before "## Done?", after 02.7, in number order
    heads = [c["source"][0] for c in cells if c["cell_type"] == "markdown" and c["source"]
             and c["source"][0].startswith(("## Exercise", "## Done?"))]
    assert heads[-1].startswith("## Done?")
    assert [h.split(" · ")[0] for h in heads[-4:-1]] == ["## Exercise 02.7", "## Exercise 02.8",
                                                         "## Exercise 02.9"]


def test_02_9_the_answer_follows_from_the_data():
    from valueloops.checks.lesson02 import CHECKS, LARGEST_RISE, ROSE_MOST

    _, gmv = _gmv_rows()
    changes = gmv.set_index("year")["share"].diff().round(4).dropna()
    assert int(changes.idxmax()) == 2002 == ROSE_MOST and LARGEST_RISE == pytest.approx(0.11)
    second = changes.drop(2002).max()
    assert int(changes.drop(2002).idxmax()) == 2003 and LARGEST_RISE > 2 * second   # "more than twice"
    # robust to the letter's whole percents: at worst 0.10 against 0.06
    assert LARGEST_RISE - 0.01 > second + 0.01
    for answer in (2002, 2002.0):
        assert CHECKS["02.9"].evaluate("02.9", answer).passed


@pytest.mark.parametrize("answer, words", [
    (2001, "date each rise by the year the share rose to"),
    (2003, "the second-largest rise"),
    (2018, "the highest share"),
    (2006, "in 2006 the share did not move (0.28 to 0.28)"),
    (2000, "in 2000 the share did not move (0.03 to 0.03)"),
    (1999, "1999 has no year before it"),
    (2012, "in 2012 the share rose 0.04 (0.38 to 0.42)"),
    (2020, "later rows count paid units"),
    (0.11, "the size of the largest rise (a share"),
    (11, "the size of the largest rise in percentage points"),
    (0.17, "that is a share, typed where the question asks for a year"),
    (17, "that is a share in percent, typed where the question asks for a year"),
    (2, "that is a count (of years, say), not a year"),
    ("2002", "Remove the quotes"),
])
def test_02_9_wrong_answers_are_named_and_no_hint_gives_the_year(answer, words):
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.9"].evaluate("02.9", answer)
    assert not feedback.passed and words in feedback.message, (answer, feedback.message)
    assert "2002" not in feedback.message.replace("'2002'", "")
    # r26b #2: no hint says whose share it is or that the digits are the year's last two
    assert "the year of the largest rise" not in feedback.message
    assert "last two" not in feedback.message


def test_02_9_every_other_year_of_the_chart_gets_a_hint_of_its_own():
    from valueloops.checks.lesson02 import CHECKS

    years = [y for y in range(1999, 2019) if y != 2002]
    messages = [CHECKS["02.9"].evaluate("02.9", y).message for y in years]
    for year, message in zip(years, messages):
        assert "is not the year asked" not in message and str(year) in message, (year, message)
    assert len(set(messages)) == len(messages)
    assert CHECKS["02.9"].evaluate("02.9", ...).status == "not answered"


# --- r24b (stream z02e): lesson 02 -------------------------------------------------------------------
def _draw_02_8_r24b(how: str):
    """r24b's charts for 02.8 (Agg backend), labelled as the solution labels them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    share, gmv = _gmv_rows()
    g = gmv.set_index("year")["share"]
    change = g.diff()
    ylabel = "change (share of physical GMV)"
    plt.figure()
    if how == "forward line":                          # (g.shift(-1) - g): 2000's 0 lands on 1999
        ax = (g.shift(-1) - g).plot()
    elif how == "bars a year early, seaborn":
        rows = change.dropna()
        ax = sns.barplot(x=rows.index - 1, y=rows.values)
    elif how == "paid-unit rows":
        paid = share[share["metric"] == "paid_unit_share"]
        ax = sns.lineplot(x=paid["year"], y=paid["share"].diff())
    elif how == "row numbers":
        ax = plt.gca()
        ax.plot(range(19), change.dropna().values)
    elif how == "unfiltered, sns.lineplot":
        ax = sns.lineplot(x=share["year"], y=share["share"].diff())
    elif how == "pct_change x 100":
        ax = (100 * g.pct_change()).plot()
        ylabel = "change (%)"
    elif how in ("pp label", "percentage points label"):
        ax = change.plot()
        ylabel = "change in share (pp)" if how == "pp label" else "change in share (percentage points)"
    elif how == "1999 as 0, sns.barplot":
        ax = sns.barplot(x=change.index, y=change.fillna(0).values)
    elif how == "1999 as 0, ax.bar":
        ax = plt.gca()
        ax.bar(change.index, change.fillna(0).values)
    elif how == "solution":                            # solution cell 25
        ax = sns.barplot(x=gmv["year"].iloc[1:], y=gmv["share"].diff().iloc[1:])
    else:
        raise ValueError(how)
    ax.set(xlabel="Year", ylabel=ylabel)
    return ax


R24B_02_8 = {
    # r24b plot 3: a forward change or a chart drawn a year early is not "1999 ... never 0"
    "forward line": "your points sit one year early",
    "bars a year early, seaborn": "your points sit one year early",
    # r24b plot 4: the paid-unit rows are years, not row numbers
    "paid-unit rows": "your x values (2020–2025) are years the question does not ask for",
    "row numbers": "not the row numbers",
    # r24b plot 5 and 6
    "unfiltered, sns.lineplot": "keep only the gmv_share rows",
    "pct_change x 100": "relative change in percent (pct_change() × 100)",
    "pp label": "says percentage points",
    "percentage points label": "says percentage points",
}


PAIR_02_8_R24B = dataclasses.replace(PAIR_02_8, draw=_draw_02_8_r24b, slips=R24B_02_8, not_graded=(),
                                     exclusive=False)


@pytest.mark.parametrize("how, words", R24B_02_8.items())
def test_r24b_02_8_slips_get_their_own_message(how, words):
    feedback = PAIR_02_8_R24B.wrong_chart_named(how, words)      # the grader agrees
    assert "never 0" not in feedback.message and (how == "row numbers") == ("row numbers" in feedback.message)


@pytest.mark.parametrize("how", ["1999 as 0, sns.barplot", "1999 as 0, ax.bar"])
def test_r24b_02_8_a_zero_bar_at_1999_is_refused(how, closes_figures):
    """r24b plot 1: seaborn and ax.bar draw no bar for NaN, so a bar of height 0 at 1999 is a 0
    written in; the question says "never 0". (A pandas bar chart's 0 is its NaN bar: it passes.)"""
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.8"].evaluate("02.8", _draw_02_8_r24b(how))
    assert not feedback.passed and "never 0" in feedback.message, feedback.message


def test_r24b_02_8_the_solution_leaves_1999_out_and_passes(closes_figures):
    """r24b plot 2: the solution's chart has no 1999 tick (it looked like a zero change) and a short
    y label; the right chart that stops at 2017 is still told the table reaches 2018, not a slip."""
    import json
    from pathlib import Path

    from valueloops.checks.lesson02 import CHECKS

    answer = _draw_02_8_r24b("solution")
    assert "1999" not in [t.get_text() for t in answer.get_xticklabels()]
    assert CHECKS["02.8"].evaluate("02.8", answer).passed
    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "solutions" / "02_marketplace.ipynb").read_text(encoding="utf-8"))["cells"]
    code = next("".join(c["source"]) for c in cells if c["cell_type"] == "code"
                and "sns.barplot" in "".join(c["source"]))
    assert ".iloc[1:]" in code and 'ylabel="change (share of physical GMV)"' in code
    message = CHECKS["02.8"].evaluate("02.8", _draw_02_8("2018 missing")).message
    assert "the table now reaches 2018" in message and "gmv_share rows" not in message


@pytest.mark.parametrize("answer, words", [
    (58, "the 2018 share itself (58%)"),
    (0.58, "the 2018 share itself (0.58)"),
])
def test_r24b_02_1_the_2018_share_is_named(answer, words):
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.1"].evaluate("02.1", answer)
    assert not feedback.passed and words in feedback.message, feedback.message


def test_r24b_02_1_a_0d_array_is_one_number():
    import numpy as np

    from valueloops.checks.lesson02 import CHECKS

    assert CHECKS["02.1"].evaluate("02.1", np.array(2.8)).passed
    assert CHECKS["02.1"].evaluate("02.1", np.array(2.8).mean()).passed
    wrong = CHECKS["02.1"].evaluate("02.1", np.array(2.5))
    assert not wrong.passed and "divide by 10" in wrong.message
    assert CHECKS["02.1"].evaluate("02.1", np.array([2.8])).status == "wrong type"


@pytest.mark.parametrize("answer", [0.06, 0.065])
def test_r24b_02_4_the_written_parts_profits_are_named(answer):
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.4"].evaluate("02.4", answer)
    assert not feedback.passed and "each platform's profit" in feedback.message, feedback.message
    assert CHECKS["02.4"].evaluate("02.4", 0.27).passed


@pytest.mark.parametrize("decimal", [0.3333, 0.3])
def test_r24b_02_2_a_third_typed_as_a_decimal_is_named(decimal):
    from valueloops.checks.lesson02 import CHECKS

    def buyer_fee(a_buyer, a_seller, cost):
        return a_buyer - (a_buyer + a_seller - cost) * decimal

    feedback = CHECKS["02.2"].evaluate("02.2", buyer_fee)
    assert not feedback.passed and f"you multiplied by {decimal}" in feedback.message, feedback.message


def test_r24b_02_2_floor_division_is_named():
    from valueloops.checks.lesson02 import CHECKS

    def buyer_fee(a_buyer, a_seller, cost):
        return a_buyer - (a_buyer + a_seller - cost) // 3

    feedback = CHECKS["02.2"].evaluate("02.2", buyer_fee)
    assert not feedback.passed and "floor division" in feedback.message, feedback.message


@pytest.mark.parametrize("answer, words", [
    (2002.4, "is not a whole year"),
    (2001.6, "is not a whole year"),
    (1998, "it is not a year of the chart (2000–2018): look for the tallest bar"),
    (2026, "it is not a year of the chart (2000–2018): look for the tallest bar"),
])
def test_r24b_02_9_a_non_whole_or_outside_year_gets_a_message_that_fits(answer, words):
    """r24b 02.9: these got "check the condition (more than, or at least?)", and 02.9 has none."""
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.9"].evaluate("02.9", answer)
    assert not feedback.passed and words in feedback.message, feedback.message
    assert "more than, or at least" not in feedback.message


def test_r24b_lecture_02_qualifies_the_alpha_limit_and_prints_the_buyers_price():
    cells = _lecture02_cells()
    text = " ".join(" ".join(c.source for c in cells if c.cell_type == "markdown").split())
    assert "With the two sides alike apart from α (as here), what a side enjoys raises" in text
    assert "only while α2 < 1 (sides alike)" in text
    assert "more than six lines of plotting" not in text and "fees change" in text
    chart = next(c for c in cells if c.cell_type == "code"
                 and "platform_chart.show(alpha1=0.3, alpha2=1.2, f1=0.2, f2=0.2)" in c.source)
    printed = "".join(o.get("text", "") for o in chart.outputs)
    assert "buyers' price with alpha2 = 1.2 alone: −0.33" in printed


def test_lecture_02_draws_the_gmv_share_inline():
    """Issue 27: lecture 02 shows one data chart's code inline (seaborn, at most six lines, the course
    theme applied in its setup cell); the two-metric chart stays a helper, and the text says why."""
    cells = _lecture02_cells()
    code = [c.source for c in cells if c.cell_type == "code"]
    chart = next(c for c in code if "sns.lineplot" in c)
    lines = [line for line in chart.splitlines() if line.strip()]
    assert len(lines) <= 6 and max(len(line) for line in lines) <= 100
    assert 'y="percent"' in chart and "xlabel=" in chart and "(%)" in chart and "title=" in chart
    assert "apply_theme()" in code[0] and "import seaborn as sns" in code[0]
    text = " ".join(" ".join(c.source for c in cells if c.cell_type == "markdown").split())
    assert "six lines of pandas and seaborn draw them" in text and "`plot_third_party_share`" in text
    assert any("plot_third_party_share(share)" in c for c in code)


# --- r25b (stream z02f): lesson 02 -------------------------------------------------------------------
def _draw_02_8_r25b(how: str, ylabel: str = "change (share of physical GMV)"):
    """r25b's charts for 02.8 (Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    share, gmv = _gmv_rows()
    plt.figure()
    if how == "both metrics, hue":                     # the paid-unit rows' changes drawn too
        ax = sns.lineplot(data=share.assign(change=share.groupby("metric")["share"].diff()),
                          x="year", y="change", hue="metric")
    elif how == "unfiltered, sns.barplot":             # seaborn's error bars at 2018, 2024, 2025
        ax = sns.barplot(x=share["year"], y=share["share"].diff())
    elif how == "solution":
        ax = sns.barplot(x=gmv["year"].iloc[1:], y=gmv["share"].diff().iloc[1:])
    else:
        raise ValueError(how)
    ax.set(xlabel="Year", ylabel=ylabel)
    return ax


def test_r25b_02_8_a_second_series_from_the_paid_unit_rows_is_refused(closes_figures):
    """r25b defect 7: hue="metric" drew the GMV changes (right) and the paid-unit changes
    (2020-2025); the check passed it as "one of the 2 series you drew"."""
    from test_trusted import through_the_reader

    from valueloops.checks.lesson02 import CHECKS

    answer = _draw_02_8_r25b("both metrics, hue")
    feedback = CHECKS["02.8"].evaluate("02.8", answer)
    assert not feedback.passed, feedback.message
    assert "draws 1 other series (a series at 2020–2025, outside the question's" in feedback.message
    assert "one series, using the gmv_share rows only" in feedback.message
    graded = through_the_reader("02.8", CHECKS["02.8"], answer)
    assert (graded.status, graded.message) == (feedback.status, feedback.message)


@pytest.mark.parametrize("ylabel", ["third-party share of physical GMV", "share", "Share (fraction)"])
def test_r25b_02_8_a_y_label_naming_the_level_is_refused(ylabel, closes_figures):
    """r25b defect 8: a y label naming the share's level ("share") passed under bars of changes."""
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.8"].evaluate("02.8", _draw_02_8_r25b("solution", ylabel))
    assert not feedback.passed and "reads as the level" in feedback.message, feedback.message


@pytest.mark.parametrize("ylabel", ["Change in share", "Δ third-party share", "Δshare",
                                    "yearly change (fraction)", "∆ share of GMV", "difference in share",
                                    "year-over-year change in share", "rise in share of GMV"])
def test_r25b_02_8_a_y_label_naming_a_change_passes(ylabel, closes_figures):
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.8"].evaluate("02.8", _draw_02_8_r25b("solution", ylabel))
    assert feedback.passed, (ylabel, feedback.message)


def test_r25b_02_8_error_bars_are_not_counted_as_series(closes_figures):
    """r25b defect 9: the unfiltered table drawn with sns.barplot was told "none of the 4 series you
    drew", counting seaborn's error-bar lines; one bar series was drawn, so the slip is named alone."""
    from test_trusted import through_the_reader

    from valueloops.checks.lesson02 import CHECKS

    answer = _draw_02_8_r25b("unfiltered, sns.barplot")
    feedback = CHECKS["02.8"].evaluate("02.8", answer)
    assert not feedback.passed and "averages two rows" in feedback.message, feedback.message
    assert "series you drew" not in feedback.message, feedback.message
    graded = through_the_reader("02.8", CHECKS["02.8"], answer)
    assert (graded.status, graded.message) == (feedback.status, feedback.message)


def test_r25b_02_8_the_question_says_what_the_y_label_needs():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "solutions" / "02_marketplace.ipynb").read_text(encoding="utf-8"))["cells"]
    question = next(" ".join("".join(c["source"]).split()) for c in cells
                    if "".join(c["source"]).startswith("## Exercise 02.8"))
    assert "the y label says it is a change" in question


def test_r25b_lecture_02_ticks_newest_figure_and_the_announced_step():
    """r25b defects 2-4 and 6: cell 5 labels 2018, cell 7 files the end-2020 figure as paid units whose
    article says "sales" (as cell 9 does) and calls Q4 2025 the newest figure the course holds, and
    cell 17 says where its -0.33 is printed."""
    cells = _lecture02_cells()
    inline = next(c.source for c in cells if c.cell_type == "code" and "xticks=range(" in c.source)
    assert "xticks=range(2000, 2019, 3)" in inline and 2018 in range(2000, 2019, 3)
    later = " ".join(next(c.source for c in cells if c.source.startswith("Later figures")).split())
    assert '55% at the end of 2020 (its article says "sales")' in later
    assert "61% in the last quarter of 2025 (the newest figure the course holds)" in later
    step = " ".join(next(c.source for c in cells if c.source.startswith("Make sellers value buyers")).split())
    # r26b #7: said in one short clause
    assert "(the last line under the next chart prints it)" in step


# --- r26b (stream z0125h): lesson 02 -----------------------------------------------------------------
@pytest.mark.parametrize("alpha1, alpha2", [(1.0, 1.0), (0.8, 1.25), (0.5, 2.0)])
def test_r26b_at_exactly_alpha1_alpha2_one_the_message_names_the_edge_not_tipping(alpha1, alpha2):
    """r26b #1: at α1·α2 = 1 the message said "≥ 1 ... so the market tips"; the lecture and 02.5 say
    tipping needs α1·α2 > 1. At exactly 1 participation drifts by a steady amount each step."""
    with pytest.raises(ValueError) as raised:
        monopoly_platform(1, 1, alpha1, alpha2)
    message = str(raised.value)
    assert "≥ 1" not in message and "so the market tips" not in message
    assert "alpha1·alpha2 = 1, the edge of tipping" in message
    assert "drifts by a steady amount each step, up without limit or down to no one" in message


def test_r26b_at_alpha1_alpha2_one_participation_drifts_by_a_steady_amount():
    """What the message says, in the model: the steps settle to one constant size (up with a net
    pull, down to zero without one); neither a resting point nor a run-away."""
    up = participation_path(1, 1, 1.0, 1.0, 0.0, 0.0, steps=40).diff()["n1"]
    assert up.iloc[-1] == pytest.approx(up.iloc[-10]) and up.iloc[-1] > 0
    down = participation_path(1, 1, 1.0, 1.0, 1.5, 1.5, steps=60, start=(2.0, 2.0))
    assert down["n1"].iloc[-1] < 1e-3
    with pytest.raises(ValueError, match="the market tips"):   # above 1, as before
        monopoly_platform(1, 1, 1.0, 1.1)


def test_r26b_the_pricing_chart_shows_the_edge_message_at_one_and_one():
    from valueloops.charts.platform import PlatformPricingChart

    png, text = PlatformPricingChart().render(alpha1=1.0, alpha2=1.0)
    assert png is None and "the edge of tipping" in text and "so the market tips" not in text


def test_r26b_02_3_p1_at_1_05_given_as_alpha2_is_named():
    """r26b #9: 0.14 (p1 at α2 = 1.05, or α2 − 1) got the generic "is not it"."""
    from valueloops.checks.lesson02 import CHECKS

    for answer in (0.14, 0.138):
        feedback = CHECKS["02.3"].evaluate("02.3", answer)
        assert not feedback.passed and "the buyers' price p1 at alpha2 = 1.05" in feedback.message
    assert CHECKS["02.3"].evaluate("02.3", 1.14).passed


@pytest.mark.parametrize("ylabel", ["Δ share (not %)", "change in share of physical GMV (0.01 = one percentage point)",
                                    "change in share, not in percentage points", "change in share (not percent)"])
def test_r26b_02_8_a_y_label_that_disclaims_percent_passes(ylabel, closes_figures):
    """r26b #3: the question explains the unit by percentage points; a label doing the same passed
    nowhere ("says percentage points")."""
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.8"].evaluate("02.8", _draw_02_8_r25b("solution", ylabel))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize("ylabel, says", [("change in share (%)", "says percent"),
                                          ("change in share (pp)", "says percentage points")])
def test_r26b_02_8_a_y_label_saying_percent_is_still_refused(ylabel, says, closes_figures):
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.8"].evaluate("02.8", _draw_02_8_r25b("solution", ylabel))
    assert not feedback.passed and says in feedback.message, feedback.message


def test_r26b_02_8_only_a_zero_line_is_told_no_series_was_drawn(closes_figures):
    """r26b #4: axes with only ax.axhline(0) were told "years without the century" (or row numbers)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from valueloops.checks.lesson02 import CHECKS

    _, ax = plt.subplots()
    ax.axhline(0)
    ax.set(xlabel="Year", ylabel="change in share")
    feedback = CHECKS["02.8"].evaluate("02.8", ax)
    assert not feedback.passed and "no data series" in feedback.message, feedback.message
    assert "century" not in feedback.message and "row numbers" not in feedback.message


def test_r26b_02_8_the_question_names_share_in_the_y_label_rule():
    """r26b #5: the check asks for "share" in the y label; the question now says so."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "solutions" / "02_marketplace.ipynb").read_text(encoding="utf-8"))["cells"]
    question = next(" ".join("".join(c["source"]).split()) for c in cells
                    if "".join(c["source"]).startswith("## Exercise 02.8"))
    assert '"change" or "Δ", and "share", in it' in question


def test_r26b_lecture_02_wording_and_the_fee_source_date():
    """r26b #6: third-party GMV is not Amazon's sales; #8: the fee figures carry a dated source."""
    cells = _lecture02_cells()
    text = " ".join(" ".join(c.source for c in cells if c.cell_type == "markdown").split())
    assert "of what Amazon sold" not in text and "of Amazon's sales" not in text
    assert "more than half of the physical goods sold on Amazon" in text
    assert "grew past half of what is sold on Amazon" in text
    assert "records no date" not in text
    assert "as archived on 13 July 2022: web.archive.org/web/20220713144131/https://sell.amazon.com/pricing" in text


# --- r27a review of lesson 03 -----------------------------------------------------------------------
def test_r27a_03_8_percent_rounded_to_one_decimal_is_named_as_percent(closes_figures):
    """r27a 03 #1: (100 * share).round(1) got "not third-party seller services' share ... check the
    column": the percent reading used the share's tolerance. Every rounding of a percent is named."""
    import matplotlib.pyplot as plt

    from valueloops.checks.lesson03 import CHECKS

    _, share = _seller_share()
    for decimals in (0, 1):
        plt.figure()
        ax = (100 * share).round(decimals).plot(marker="o")
        ax.set(xlabel="year", ylabel="share of net sales (%)")
        feedback = CHECKS["03.8"].evaluate("03.8", ax)
        assert not feedback.passed and "in percent (× 100), and rounded" in feedback.message, feedback.message
        assert "check the column you plotted" not in feedback.message
    # a share rounded to three decimals still passes, two decimals is still a rounding slip
    assert CHECKS["03.8"].evaluate("03.8", _draw_03_8("rounded to 3 decimals")).passed
    assert "rounded to 2 decimal(s)" in CHECKS["03.8"].evaluate("03.8", _draw_03_8("rounded to 2 decimals")).message


def test_r27a_03_8_text_years_are_not_sent_to_sns_lineplot(closes_figures):
    """r27a 03 #2: text years ended "or use sns.lineplot(x=..., y=...)", which 03.8 refuses (it joins
    2019 to 2021). With a blank year the message suggests numbers or bars, each of which passes."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from valueloops.checks.lesson03 import CHECKS

    _, share = _seller_share()
    text = share.copy()
    text.index = text.index.astype(str)
    plt.figure()
    ax = text.plot()
    ax.set(xlabel="year", ylabel="share of net sales")
    message = CHECKS["03.8"].evaluate("03.8", ax).message
    assert "your years are text" in message and "sns.lineplot" not in message, message
    assert "s.index = s.index.astype(int)" in message and "sns.barplot" in message, message
    text.index = text.index.astype(int)  # the fix the message gives
    plt.figure()
    ax = text.plot()
    ax.set(xlabel="year", ylabel="share of net sales")
    assert CHECKS["03.8"].evaluate("03.8", ax).passed
    long = share.rename("share").reset_index()
    plt.figure()
    ax = sns.barplot(data=long, x="year", y="share")
    ax.set(xlabel="year", ylabel="share of net sales")
    assert CHECKS["03.8"].evaluate("03.8", ax).passed


def test_r27a_03_8_bars_without_a_2020_slot_pass_with_a_note(closes_figures):
    """r27a 03 #3: bars or points on dropna() data put 2019 and 2021 side by side; they pass (every
    value is right) with a note that the gap is hidden. Kept as NaN, 2020 has its slot: no note."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from valueloops.checks.lesson03 import CHECKS

    _, share = _seller_share()
    long = share.rename("share").reset_index()
    note = "leaves 2020 off the axis, so the gap is hidden"
    hidden = [lambda: sns.barplot(data=long.dropna(), x="year", y="share"),
              lambda: sns.pointplot(data=long.dropna(), x="year", y="share", linestyle="none"),
              lambda: share.dropna().plot.bar()]
    shown = [lambda: sns.barplot(data=long, x="year", y="share"), lambda: share.plot.bar(),
             lambda: share.plot(marker="o"), lambda: plt.gca().plot(share.dropna().index, share.dropna(), "o")[0].axes]
    for draw, expect in [(d, True) for d in hidden] + [(d, False) for d in shown]:
        plt.figure()
        ax = draw()
        ax.set(xlabel="year", ylabel="share of net sales")
        feedback = CHECKS["03.8"].evaluate("03.8", ax)
        assert feedback.passed and (note in feedback.message) == expect, feedback.message


def test_r27a_03_8_question_says_how_to_keep_the_gap():
    """r27a 03 #3 and #11: the question tells a bar or point drawer to keep the 2020 row as NaN."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for folder in ("solutions", "exercises"):
        cells = json.loads((root / folder / "03_value_capture.ipynb").read_text(encoding="utf-8"))["cells"]
        question = next(" ".join("".join(c["source"]).split()) for c in cells
                        if "".join(c["source"]).startswith("## Exercise 03.8"))
        # r28b D8: shortened to one line; the hints name each slip (bridging, 0, dropna bars)
        assert "with seaborn, draw bars or points, not `sns.lineplot`" in question, folder
        assert "so draw those as bars or points" not in question, folder


def test_r27a_03_8_grouped_bars_message_shows_no_raw_positions(closes_figures):
    """r27a 03 #4: the grouped-bars message showed "x = -0.21875–10.7812"; it now says each bar is
    shifted off its tick."""
    from valueloops.checks.lesson03 import CHECKS

    message = CHECKS["03.8"].evaluate("03.8", _draw_03_8("sns.barplot, hue per line")).message
    assert "each bar is shifted off its year's tick" in message and "x = " not in message, message


def test_r27a_03_8_area_plot_is_told_pandas_filled_the_0(closes_figures):
    """r27a 03 #7: .plot.area() draws the blank 2020 as 0 (pandas fills NaN): told so, here and
    through the grader; a line drawn with fillna(0) keeps the plain message."""
    import matplotlib.pyplot as plt
    from test_trusted import through_the_reader

    from valueloops.checks.lesson03 import CHECKS

    _, share = _seller_share()
    plt.figure()
    ax = share.plot.area()
    ax.set(xlabel="year", ylabel="share of net sales")
    feedback = CHECKS["03.8"].evaluate("03.8", ax)
    assert not feedback.passed and "never 0 (an area chart, .plot.area(), fills NaN with 0" in feedback.message
    graded = through_the_reader("03.8", CHECKS["03.8"], ax)
    assert (graded.status, graded.message) == (feedback.status, feedback.message)
    message = CHECKS["03.8"].evaluate("03.8", _draw_03_8("2020 as zero")).message
    assert message.endswith("never 0.") and "area" not in message, message


@pytest.mark.parametrize("answer, words", [
    (0.227, "that is 2018's share; the question asks for 2019"),
    (0.2269, "that is 2018's share; the question asks for 2019"),
    (0.367, "AWS is not a marketplace line"),
])
def test_r27a_03_1_wrong_year_and_aws_added_are_named(answer, words):
    """r27a 03 #5: 2018's share (0.227) and 3P + Other + AWS (0.367) got the generic message."""
    from valueloops.checks.lesson03 import CHECKS

    feedback = CHECKS["03.1"].evaluate("03.1", answer)
    assert not feedback.passed and words in feedback.message, feedback.message
    for right in (0.242, 0.2419):
        assert CHECKS["03.1"].evaluate("03.1", right).passed


def test_r27a_03_2_swapped_parameters_are_refused_not_said_to_fail():
    """r27a 03 #6: "calling it with (...) failed: its parameters ... in another order": the call did
    not fail, the function was refused. The grader says the same."""
    from test_trusted import through_the_reader

    from valueloops.checks.lesson03 import CHECKS, _best_take_rate

    def swapped(selection_effect, elasticity, cost):
        return _best_take_rate(elasticity, selection_effect, cost)
    feedback = CHECKS["03.2"].evaluate("03.2", swapped)
    assert not feedback.passed
    assert feedback.message.startswith("your function's parameters (selection_effect, elasticity, cost) "
                                       "are the question's in another order: write them in the "
                                       "question's order (elasticity, selection_effect, cost)"), feedback.message
    assert "failed" not in feedback.message
    graded = through_the_reader("03.2", CHECKS["03.2"], swapped)
    assert (graded.status, graded.message) == (feedback.status, feedback.message)


def test_r27a_03_lecture_and_guide_cite_the_ftc_copy_and_online_stores():
    """r27a 03 #8-#10: the FTC ¶252 quote names the copy read (HackerNoon's reprint, part 32 of 80);
    online stores sell digital content too; the guide's Prime bullet points to §6."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "notebooks" / "03_value_capture.ipynb").read_text(encoding="utf-8"))["cells"]
    text = " ".join(" ".join("".join(c["source"]).split()) for c in cells if c["cell_type"] == "markdown")
    assert "(¶252, read in HackerNoon's reprint of the filing, part 32 of 80)" in text
    assert "goods and digital content it sells itself (*online stores*" in text
    guide = " ".join((root / "instructors" / "03_value_capture.md").read_text(encoding="utf-8").split())
    assert "(the lecture says so, §6)" in guide and "now says so" not in guide
    assert "HackerNoon's reprint of the filing, part 32 of 80" in guide


# --- z0203i: fixes of review r28b (lessons 02 and 03) -------------------------------------------
def test_r28b_d1_lineplot_with_the_blank_year_as_0_is_not_called_an_area(closes_figures):
    """r28b D1: sns.lineplot always adds an error band (an empty PolyCollection); the probe counted
    it as a filled area, so a line drawn with fillna(0) was told it was an area chart."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from valueloops.checks.lesson02 import CHECKS as CHECKS_02
    from valueloops.checks.lesson03 import CHECKS as CHECKS_03

    _, gmv = _gmv_rows()
    change = gmv.set_index("year")["share"].diff()
    plt.figure()
    ax = sns.lineplot(x=change.index, y=change.fillna(0))
    ax.set(xlabel="year", ylabel="change from the year before (share of physical GMV)")
    message = CHECKS_02["02.8"].evaluate("02.8", ax).message
    assert "never 0" in message and "area" not in message, message

    _, share = _seller_share()
    plt.figure()
    ax = sns.lineplot(x=share.index, y=share.fillna(0))
    ax.set(xlabel="year", ylabel="share of net sales")
    message = CHECKS_03["03.8"].evaluate("03.8", ax).message
    assert "never 0" in message and "area" not in message, message

    plt.figure()                                     # a real area chart is still told so
    ax = share.plot.area()
    ax.set(xlabel="year", ylabel="share of net sales")
    assert "an area chart" in CHECKS_03["03.8"].evaluate("03.8", ax).message


def test_r28b_d2_02_8_blank_message_shows_the_questions_barplot():
    """r28b D2: 02.8's not-answered message showed ax = sns.lineplot(...); the question draws
    ax = sns.barplot(...)."""
    from valueloops.checks.lesson02 import CHECKS

    feedback = CHECKS["02.8"].evaluate("02.8", ...)
    assert feedback.status == "not answered"
    assert "ax = sns.barplot(...)" in feedback.message and "sns.lineplot" not in feedback.message, feedback.message


def test_r28b_d4_02_6_hints_do_not_give_option_a_away():
    """r28b D4: the hints for b and d printed both prices and said restaurants bring more and pay
    less, which is option a."""
    from valueloops.checks.lesson02 import CHECKS, _DELIVERY_PRICES

    for wrong in ("b", "d"):
        message = CHECKS["02.6"].evaluate("02.6", wrong).message
        assert not CHECKS["02.6"].evaluate("02.6", wrong).passed
        assert f"{_DELIVERY_PRICES.p1:.2f}" not in message and f"{_DELIVERY_PRICES.p2:.2f}" not in message, message
        assert "pays less" not in message, message
    assert CHECKS["02.6"].evaluate("02.6", "a").passed


def test_r28b_d5_03_2_cost_zero_must_give_the_lectures_tau_with_the_selection_effect():
    """r28b D5: the only cost = 0 case had β = 0, so a function returning 1/(1 + ε) at cost 0
    (ignoring β) passed."""
    from valueloops.checks.lesson03 import CHECKS, _best_take_rate

    def shortcut(elasticity, selection_effect, cost):
        if cost == 0:
            return 1 / (1 + elasticity)
        k = elasticity * (1 + selection_effect)
        return (1 + k * cost) / (1 + k)
    assert not CHECKS["03.2"].evaluate("03.2", shortcut).passed
    assert CHECKS["03.2"].evaluate("03.2", _best_take_rate).passed

    def rewritten(elasticity, selection_effect, cost):   # c + (1 − c)/(1 + k): the same function
        return cost + (1 - cost) / (1 + elasticity * (1 + selection_effect))
    assert CHECKS["03.2"].evaluate("03.2", rewritten).passed


def test_r28b_texts_of_02_and_03():
    """r28b D3, D6-D9: the 02.8 question says the year is on the x axis (horizontal bars are refused);
    the 03 intro does not promise "at a glance"; the 03 summary says "the year it fell"; the 03.8
    question is short; the seller fees carry their date."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]

    def cells(path):
        return [" ".join("".join(c["source"]).split())
                for c in json.loads((root / path).read_text(encoding="utf-8"))["cells"]]
    for folder in ("solutions", "exercises"):
        lesson02 = cells(f"{folder}/02_marketplace.ipynb")
        question = next(c for c in lesson02 if c.startswith("## Exercise 02.8"))
        assert "one series with the year on the x axis (bars or a line)" in question, folder
        lesson03 = cells(f"{folder}/03_value_capture.ipynb")
        assert "at a glance" not in lesson03[1] and "a question you read off it" in lesson03[1], folder
        question = next(c for c in lesson03 if c.startswith("## Exercise 03.8"))
        assert "not `sns.lineplot`, which joins 2019 to 2021" in question, folder
        assert "dropna()" not in question, folder
    assert any("the year it fell" in c for c in cells("notebooks/03_value_capture.ipynb"))
    assert not any("first fell" in c for c in cells("notebooks/03_value_capture.ipynb"))
    assert any("US\\$39.99 a month, as of July 2022" in c for c in cells("notebooks/02_marketplace.ipynb"))
