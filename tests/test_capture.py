"""Tests of valueloops.capture (lesson 03): hand-computed values, closed forms, edges, real data."""

import math

import numpy as np
import pandas as pd
import pytest

from valueloops import capture
from valueloops.data import load


# --- take rate vs participation ------------------------------------------------------------------

def test_linear_participation_has_optimum_at_one_half():
    # ε = 1, β = 0: revenue τ(1 − τ)·G, maximised at τ = 1/2 with revenue G/4.
    assert capture.optimal_take_rate(elasticity=1.0) == pytest.approx(0.5)
    r = capture.marketplace(take_rate=0.5, elasticity=1.0, potential_gmv=100.0)
    assert r.sellers == pytest.approx(0.5)
    assert r.platform_revenue == pytest.approx(25.0)
    assert r.seller_revenue == pytest.approx(25.0)


def test_optimal_take_rate_hand_value_with_selection_effect():
    # ε = 2, β = 0.5: τ* = 1/(1 + 2·1.5) = 0.25; n = 0.75² = 0.5625, GMV = 100·0.5625^1.5.
    assert capture.optimal_take_rate(elasticity=2.0, selection_effect=0.5) == pytest.approx(0.25)
    r = capture.marketplace(take_rate=0.25, elasticity=2.0, selection_effect=0.5)
    assert r.sellers == pytest.approx(0.5625)
    assert r.gmv == pytest.approx(42.1875)
    assert r.platform_revenue == pytest.approx(10.546875)


@pytest.mark.parametrize("eps,beta", [(0.5, 0.0), (1.0, 0.0), (2.0, 0.5), (4.0, 1.2)])
def test_closed_form_matches_grid_maximum(eps, beta):
    curve = capture.platform_revenue_curve(elasticity=eps, selection_effect=beta, points=10_001)
    best = curve.loc[curve["platform_revenue"].idxmax(), "take_rate"]
    assert best == pytest.approx(capture.optimal_take_rate(eps, beta), abs=2e-4)


def test_stronger_selection_effect_lowers_optimal_take_rate():
    rates = [capture.optimal_take_rate(2.0, beta) for beta in (0.0, 0.5, 1.0)]
    assert rates[0] > rates[1] > rates[2]


def test_higher_fees_mean_fewer_sellers():
    n = capture.seller_participation(np.array([0.0, 0.2, 0.5, 1.0]), elasticity=1.5)
    assert np.all(np.diff(n) < 0)
    assert n[0] == 1.0 and n[-1] == 0.0
    assert capture.seller_participation(0.2, elasticity=2.0) == pytest.approx(0.64)


@pytest.mark.parametrize("kwargs", [dict(take_rate=1.2, elasticity=1.0),
                                    dict(take_rate=0.2, elasticity=0.0),
                                    dict(take_rate=0.2, elasticity=1.0, selection_effect=-0.1),
                                    dict(take_rate=0.2, elasticity=1.0, potential_gmv=0.0)])
def test_take_rate_inputs_validated(kwargs):
    with pytest.raises(ValueError):
        capture.marketplace(**kwargs)


# --- ad load ---------------------------------------------------------------------------------------

def test_optimal_ad_load_hand_value():
    # A = 1, B = 0.5, d = 1: a* = 1/1 − 0.5/1 = 0.5; total = (0.5 + 0.5)·e^(−0.5).
    a = capture.optimal_ad_load(ad_revenue_full=1.0, commission_no_ads=0.5, decay=1.0)
    assert a == pytest.approx(0.5)
    r = capture.ad_load_revenue(a, 1.0, 0.5, 1.0)
    assert r.conversion_index == pytest.approx(math.exp(-0.5))
    assert r.ad_revenue == pytest.approx(0.5 * math.exp(-0.5))
    assert r.total == pytest.approx(math.exp(-0.5))


def test_lesson_defaults_give_a_fifth_of_results_sponsored():
    # A = 2000, B = 600 US$ per 1,000 searches, d = 2: a* = 0.5 − 0.3 = 0.2, total 1000·e^(−0.4).
    a = capture.optimal_ad_load(ad_revenue_full=2000, commission_no_ads=600, decay=2.0)
    assert a == pytest.approx(0.2)
    assert capture.ad_load_revenue(a, 2000, 600, 2.0).total == pytest.approx(1000 * math.exp(-0.4))
    assert capture.ad_load_revenue(0.0, 2000, 600, 2.0).total == pytest.approx(600)


@pytest.mark.parametrize("args", [(2000, 600, 2.0), (3000, 900, 1.5), (1000, 100, 4.0)])
def test_ad_load_closed_form_matches_grid(args):
    curve = capture.ad_load_curve(*args, points=10_001)
    best = curve.loc[curve["total"].idxmax(), "ad_load"]
    assert 0 < best < 1
    assert best == pytest.approx(capture.optimal_ad_load(*args), abs=2e-4)


def test_ad_load_corners():
    # Ads that cost no conversion: sell every slot.
    assert capture.optimal_ad_load(800, 600, 0.0) == 1.0
    # Commission worth more than the ads (1/d <= B/A): no ads at all, and the grid agrees.
    assert capture.optimal_ad_load(800, 600, 2.5) == 0.0
    curve = capture.ad_load_curve(800, 600, 2.5, points=1001)
    assert curve["total"].idxmax() == 0
    # Interior optimum beyond 1 is capped: 1/d − B/A = 2 − 0.01 > 1.
    assert capture.optimal_ad_load(1000.0, 10.0, 0.5) == 1.0


def test_more_ads_lower_conversion():
    curve = capture.ad_load_curve(2000, 600, 2.0, points=11)
    assert np.all(np.diff(curve["conversion_index"]) < 0)
    assert np.all(np.diff(curve["commission_revenue"]) < 0)
    # Ad revenue a·A·e^(−d·a) itself peaks at a = 1/d = 0.5: more slots, fewer clicks each.
    assert curve["ad_revenue"].idxmax() == 5


def test_ad_inputs_validated():
    with pytest.raises(ValueError, match="ad_load"):
        capture.ad_load_revenue(1.5, 800, 600, 2.5)
    with pytest.raises(ValueError, match="ad_revenue_full"):
        capture.optimal_ad_load(0, 600, 2.5)


# --- Prime -------------------------------------------------------------------------------------------

def test_prime_member_value_hand_value():
    # F = 139, q = 30, x = 12, m = 10, s = 6: 139 + 120 − 42·6 = 7.
    r = capture.prime_member_value(fee=139, base_orders=30, extra_orders=12, margin_per_order=10,
                                   shipping_cost_per_order=6)
    assert (r.extra_margin, r.shipping_cost) == (120, 252)
    assert r.net == pytest.approx(7.0)


def test_prime_breakeven_hand_value_and_consistency():
    x = capture.prime_breakeven_orders(fee=139, base_orders=30, margin_per_order=10,
                                       shipping_cost_per_order=6)
    assert x == pytest.approx((180 - 139) / 4)  # 10.25
    assert capture.prime_member_value(139, 30, x, 10, 6).net == pytest.approx(0.0, abs=1e-9)
    # A fee that already covers shipping: no extra orders needed.
    assert capture.prime_breakeven_orders(139, 10, 10, 6) == 0.0


def test_prime_without_margin_over_shipping_has_no_breakeven():
    with pytest.raises(ValueError, match="never pay back"):
        capture.prime_breakeven_orders(139, 30, 5, 6)


# --- real revenue lines --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lines():
    return load("amazon_revenue_lines")


def test_revenue_table_keeps_missing_year_as_missing(lines):
    table = capture.revenue_table(lines)
    present = sorted(lines["year"].unique())
    assert list(table.index) == list(range(present[0], present[-1] + 1))
    for year in capture.missing_years(lines):
        assert year not in present
        assert table.loc[year].isna().all()


def test_capture_share_2024_from_10k(lines):
    # FY2024 10-K: 3P seller services 156,146 + advertising 56,214 of net sales 637,959.
    total = 247029 + 21215 + 156146 + 56214 + 44374 + 107556 + 5425
    assert total == 637959
    assert capture.capture_share(lines, 2024) == pytest.approx((156146 + 56214) / total)


def test_capture_share_refuses_years_without_advertising_line(lines):
    with pytest.raises(ValueError, match="inside 'Other'"):
        capture.capture_share(lines, 2018)


def test_growth_never_bridges_a_gap(lines):
    growth = capture.revenue_growth(lines)
    table = capture.revenue_table(lines)
    for year in capture.missing_years(lines):
        assert growth.loc[year].isna().all()
        assert growth.loc[year + 1].isna().all()
    g = growth.loc[2024, "AWS"]
    assert g == pytest.approx(107556 / 90757 - 1)
    assert pd.isna(growth.loc[2021, "Advertising services"])
    assert table.loc[2024, "Advertising services"] == 56214


def test_empty_cells_say_what_they_mean(lines):
    """Issue 21 (round 4, L03.12): NaN meant 'inside Other' for advertising 2014–2019 but 'not read'
    for 2020, and the table did not tell them apart."""
    table = capture.revenue_table(lines)
    notes = capture.empty_cell_notes(table)
    assert notes.loc[2020].startswith("gap")
    assert all("advertising inside" in notes.loc[y] for y in range(2014, 2020))
    assert not any(notes.loc[y].startswith("gap") for y in table.index if y != 2020)


def test_revenue_lines_legend_sits_beside_the_bars(lines):
    """Issue 21 (round 4, L03.12): the legend covered the top of the stacked bars."""
    from valueloops.charts.capture import plot_revenue_lines

    fig = plot_revenue_lines(lines)
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1, "the legend overlaps the plot area"
    assert any("'Other'" in t.get_text() for t in ax.texts), "the thin 'Other' band is not named"


def test_the_blank_2020_says_where_it_appears_why_it_is_blank(lines):
    """Review r17 (03-1): the blank 2020 row must say, in the table and on the chart, that the year
    is not in the course's data because the 10-Ks that report it were not read (not that Amazon
    published nothing)."""
    from valueloops.charts.capture import plot_revenue_lines

    note = capture.empty_cell_notes(capture.revenue_table(lines)).loc[2020]
    assert "not in the course's data" in note and "10-K" in note and "not zero" in note
    texts = [t.get_text() for t in plot_revenue_lines(lines).axes[0].texts]
    assert "not read" in texts and "no data" not in texts
