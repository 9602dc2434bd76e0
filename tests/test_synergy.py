"""Shared-infrastructure cost allocation and the peer table."""

import numpy as np
import pandas as pd
import pytest

from valueloops.data import load
from valueloops.synergy import peer_comparison, shared_cost, store_cost_curve


def test_allocation_by_hand():
    # F = 12, s = 1, e = 3: the store bears 12·1/4 = 3 of the fixed cost.
    c = shared_cost(fixed_cost=12, store_use=1, external_use=3)
    assert (c.store, c.external, c.standalone, c.saving) == pytest.approx((3, 9, 12, 9))
    assert c.store_fixed_share == pytest.approx(0.25)


def test_unit_cost_is_paid_by_each_user():
    c = shared_cost(fixed_cost=10, store_use=2, external_use=3, unit_cost=0.5)
    assert c.store == pytest.approx(10 * 2 / 5 + 1.0)
    assert c.total == pytest.approx(10 + 0.5 * 5)
    assert c.store + c.external == pytest.approx(c.total)


def test_no_external_use_means_the_store_pays_it_all():
    c = shared_cost(fixed_cost=7, store_use=1, external_use=0, unit_cost=1)
    assert c.store == pytest.approx(c.standalone) and c.saving == 0


def test_store_share_falls_as_external_use_grows():
    curve = store_cost_curve(12, 1, np.linspace(0, 20, 41))
    assert np.all(np.diff(curve["store"].to_numpy()) < 0)
    assert curve["store"].iloc[-1] == pytest.approx(12 / 21)


@pytest.mark.parametrize("kwargs, name", [
    (dict(fixed_cost=-1, store_use=1, external_use=1), "fixed_cost"),
    (dict(fixed_cost=1, store_use=0, external_use=1), "store_use"),
    (dict(fixed_cost=1, store_use=1, external_use=-2), "external_use"),
    (dict(fixed_cost=1, store_use=1, external_use=1, unit_cost=-0.1), "unit_cost"),
])
def test_allocation_rejects_bad_inputs(kwargs, name):
    with pytest.raises(ValueError, match=name):
        shared_cost(**kwargs)


@pytest.fixture(scope="module")
def peers():
    return peer_comparison(load("peers"), load("amazon_segments"))


def test_peer_table_has_aws_from_the_segments(peers):
    aws = peers[(peers["business"] == "AWS (Amazon)") & (peers["fiscal_year"] == 2024)].iloc[0]
    assert aws["revenue_musd"] == 107556 and aws["operating_income_musd"] == 39834
    assert aws["operating_margin"] == pytest.approx(39834 / 107556)
    assert aws["fiscal_year_end"] == "December"


def test_peer_table_keeps_microsoft_as_first_reported(peers):
    msft = peers[peers["business"] == "Intelligent Cloud (Microsoft)"]
    assert msft["fiscal_year"].is_unique
    assert set(msft["fiscal_year_end"]) == {"June"}
    fy24 = msft[msft["fiscal_year"] == 2024].iloc[0]
    assert fy24["revenue_musd"] == 105362  # not the recast 87,464


def test_peer_table_margin_is_missing_without_operating_income(peers):
    ebay = peers[peers["business"] == "eBay (whole company)"]
    assert ebay.loc[ebay["fiscal_year"] == 2021, "revenue_musd"].item() == 10420
    no_income = ebay["operating_income_musd"].isna()
    assert no_income.any() and ebay.loc[no_income, "operating_margin"].isna().all()
    assert pd.api.types.is_integer_dtype(peers["fiscal_year"])


def test_device_chart_fills_its_axes_at_the_lecture_settings_and_fits_the_largest_loss():
    """Issue 22: a fixed −150 floor squeezed the lecture's curve (−40 … −13) into the top third."""
    from valueloops.charts.synergy import DevicePaybackChart

    chart = DevicePaybackChart()
    lecture = dict(subsidy=40, attach_rate=0.5, margin=20, retention=0.8, discount=0.1)
    chart.show(**lecture)
    assert tuple(chart.ax.get_ylim()) == (-50.0, 15.0)  # data −40 … −13
    chart.show(**{**lecture, "attach_rate": 0.9})
    assert tuple(chart.ax.get_ylim()) == (-50.0, 15.0)  # data −40 … +8, the same axes
    chart.show(**{**lecture, "subsidy": 100})
    assert chart.ax.get_ylim()[0] <= -105



@pytest.mark.parametrize("settings", [dict(margin=0), dict(retention=0),
                                      dict(subsidy=5, margin=2.5, retention=0.05, discount=0.3)])
def test_device_summary_never_prints_an_attach_rate_above_100_percent(settings):
    """Review 09.3: 'break-even attach rate 9900%' (margin 0) and '5000%' (s/CLV = 50)."""
    from valueloops.charts.synergy import DevicePaybackChart

    chart = DevicePaybackChart()
    values = {**dict(subsidy=40, attach_rate=0.5, margin=20, retention=0.8, discount=0.1), **settings}
    text = chart.summary(chart.compute(**values))
    assert "no attach rate up to 100% pays back" in text
    assert "break-even attach rate" not in text


def test_device_summary_names_a_reachable_break_even_attach_rate():
    from valueloops.charts.synergy import DevicePaybackChart

    chart = DevicePaybackChart()
    text = chart.summary(chart.compute(subsidy=40, attach_rate=0.5, margin=20, retention=0.8, discount=0.1))
    assert "break-even attach rate 75%" in text


def test_shared_cost_chart_fits_the_lecture_bill_and_the_largest():
    from valueloops.charts.synergy import SharedCostChart

    chart = SharedCostChart()
    chart.show(external_use=0, fixed_cost=10, unit_cost=1)
    assert chart.ax.get_ylim() == (0.0, 15.0)  # the US$ 11 bn bill fills the axes
    chart.show(external_use=0, fixed_cost=20, unit_cost=5)
    assert chart.ax.get_ylim()[1] >= 25


@pytest.mark.parametrize("settings", [dict(), dict(margin=0), dict(retention=0), dict(attach_rate=0)])
def test_device_summary_at_no_loss_says_there_is_nothing_to_pay_back(settings):
    """Review round 5: at subsidy 0 the summary said 'never paid back (no attach rate up to 100%
    pays back)' (margin or retention 0) or 'paid back in year 0': with no loss there is nothing to
    pay back."""
    from valueloops.charts.synergy import DevicePaybackChart

    chart = DevicePaybackChart()
    values = {**dict(subsidy=0, attach_rate=0.5, margin=20, retention=0.8, discount=0.1), **settings}
    text = chart.summary(chart.compute(**values))
    assert "nothing to pay back" in text
    assert "never paid back" not in text and "no attach rate" not in text and "year 0" not in text


def test_peers_chart_breaks_google_clouds_margin_line_at_its_change_of_basis():
    """Review round 5: the margin line ran straight across the 2022 → 2023 basis break, and the
    unlabelled dotted line also stood in the revenue panel (the change moved costs, not revenue)."""
    from valueloops.charts.synergy import GOOGLE_BREAK, GOOGLE_CLOUD, plot_peers
    from valueloops.data import load
    from valueloops.synergy import peer_comparison

    fig = plot_peers(peer_comparison(load("peers"), load("amazon_segments")))
    revenue, margin = fig.axes
    handles, labels = revenue.get_legend_handles_labels()
    colour = handles[labels.index(GOOGLE_CLOUD)].get_color()
    google = [[float(x) for x in line.get_xdata()] for line in margin.get_lines()
              if line.get_color() == colour and len(set(line.get_xdata())) > 1]
    assert sorted(google) == [[2019.0, 2020.0, 2021.0, 2022.0], [2023.0, 2024.0, 2025.0]], google
    # the break is marked on the margin panel (its label there), not in the revenue panel
    assert any(list(line.get_xdata()) == [GOOGLE_BREAK, GOOGLE_BREAK] for line in margin.get_lines())
    assert not any(list(line.get_xdata()) == [GOOGLE_BREAK, GOOGLE_BREAK] for line in revenue.get_lines())


def test_shared_cost_legend_names_the_saving_only_when_there_is_one():
    """Round 6: at e = 0 the legend listed 'saving (allocated to others)' beside a zero-length line."""
    from valueloops.charts.synergy import SharedCostChart

    chart = SharedCostChart()

    def entries():
        return [t.get_text() for t in chart.ax.get_legend().get_texts()]

    chart.show(external_use=0, fixed_cost=10, unit_cost=1)
    assert not any("saving" in e for e in entries()) and len(entries()) == 2
    chart.show(external_use=4, fixed_cost=10, unit_cost=1)
    assert "saving (allocated to others)" in entries()
    chart.show(external_use=0, fixed_cost=10, unit_cost=1)
    assert not any("saving" in e for e in entries())
