"""Tests of valueloops.peak: the synthetic year and what sizing for its peak costs."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from plot_pairs import PlotPair

from valueloops import peak


def test_series_shape_and_index():
    d = peak.synthetic_demand()
    assert len(d) == 8760 and d.name == "demand_servers"
    assert d.index[0] == pd.Timestamp("2025-01-01 00:00") and d.index[-1] == pd.Timestamp("2025-12-31 23:00")
    assert (d > 0).all()


def test_seed_makes_it_reproducible_and_matters():
    a = peak.synthetic_demand(seed=1)
    assert a.equals(peak.synthetic_demand(seed=1))
    assert not a.equals(peak.synthetic_demand(seed=2))


def test_smooth_series_by_hand():
    # Without noise the first hour (1 Jan 2025 00:00, a Wednesday) is computed from the equation.
    d = peak.synthetic_demand(noise_sd=0.0, base=1000, daily_swing=0.4, weekly_swing=0.1,
                              holiday_spike=0.0, prime_spike=0.0)
    daily = math.cos(2 * math.pi * (0 - 20) / 24)      # hour 0, peak at 20:00
    weekly = math.cos(2 * math.pi * (2 - 0) / 7)        # Wednesday = 2, Monday = 0
    assert d.iloc[0] == pytest.approx(1000 * (1 + 0.4 * daily) * (1 + 0.1 * weekly))
    # The busiest hour of a season-free year is 20:00 on a Monday, at base·1.4·1.1.
    assert d.max() == pytest.approx(1000 * 1.4 * 1.1)
    assert d.idxmax().hour == 20 and d.idxmax().weekday() == 0


def test_holiday_peak_is_cyber_monday():
    d = peak.synthetic_demand(noise_sd=0.0)
    top = d.idxmax()
    assert (top.month, top.day) == (12, 1)
    # The spike adds holiday_spike × the non-holiday level at the centre (bell height ~1).
    flat = peak.synthetic_demand(noise_sd=0.0, holiday_spike=0.0)
    ratio = d.loc["2025-12-01 20:00"] / flat.loc["2025-12-01 20:00"]
    assert ratio == pytest.approx(2.5, rel=0.01)


def test_noise_has_mean_about_one():
    shape = peak.demand_shape(seed=7, noise_sd=0.1)
    assert shape.noise.mean() == pytest.approx(1.0, abs=0.01)


def test_compose_matches_series():
    shape = peak.demand_shape()
    assert np.allclose(peak.compose_demand(shape, holiday_spike=2.0),
                       peak.synthetic_demand(holiday_spike=2.0).to_numpy())


def test_demand_frame_columns():
    f = peak.demand_frame()
    assert list(f.columns) == ["hour", "month", "weekday", "hour_of_day", "demand_servers"]
    assert f["month"].iloc[-1] == 12 and f["weekday"].iloc[0] == 2


def test_sizing_by_hand():
    # Demand 1, 2, 3, 4 servers; headroom 1: capacity 4, served 10 of 16 installed server-hours.
    s = peak.size_capacity([1, 2, 3, 4], headroom=1.0, cost_per_server_hour=2.0)
    assert s.peak == 4 and s.capacity == 4
    assert s.utilization == pytest.approx(10 / 16)
    assert s.idle_server_hours == pytest.approx(6) and s.idle_cost == pytest.approx(12)
    assert s.unserved_server_hours == 0 and s.hours_short == 0


def test_sizing_below_peak_loses_demand():
    # Capacity 0.5 × 4 = 2: served 1+2+2+2 = 7, unserved 1+2 = 3 of 10, idle 8 − 7 = 1.
    s = peak.size_capacity([1, 2, 3, 4], headroom=0.5)
    assert s.capacity == 2
    assert s.unserved_server_hours == pytest.approx(3) and s.unserved_share == pytest.approx(0.3)
    assert s.idle_server_hours == pytest.approx(1) and s.hours_short == 2
    assert s.utilization == pytest.approx(7 / 8)


def test_more_headroom_lowers_utilization_and_raises_idle_cost():
    d = peak.synthetic_demand()
    runs = [peak.size_capacity(d, k) for k in (0.8, 1.0, 1.2, 1.5)]
    utils = [r.utilization for r in runs]
    costs = [r.idle_cost for r in runs]
    assert utils == sorted(utils, reverse=True) and costs == sorted(costs)
    # At or above peak nothing is lost; utilization = mean / capacity.
    assert runs[2].unserved_share == 0
    assert runs[2].utilization == pytest.approx(d.mean() / (1.2 * d.max()))


def test_bigger_spike_means_lower_utilization():
    low = peak.size_capacity(peak.synthetic_demand(holiday_spike=0.5), 1.2).utilization
    high = peak.size_capacity(peak.synthetic_demand(holiday_spike=3.0), 1.2).utilization
    assert high < low


def test_daily_max():
    assert list(peak.daily_max(np.arange(48))) == [23, 47]
    with pytest.raises(ValueError, match="multiple of 24"):
        peak.daily_max(np.arange(30))


@pytest.mark.parametrize("kwargs, match", [
    (dict(headroom=0), r"headroom must be in \(0, 5\]"),
    (dict(headroom=-1), "headroom"),
    (dict(cost_per_server_hour=-0.1), "cost_per_server_hour"),
])
def test_sizing_rejects_bad_inputs(kwargs, match):
    with pytest.raises(ValueError, match=match):
        peak.size_capacity([1, 2, 3], **kwargs)


def test_sizing_rejects_bad_demand():
    with pytest.raises(ValueError, match="non-negative"):
        peak.size_capacity([1, -2, 3])
    with pytest.raises(ValueError, match="no peak"):
        peak.size_capacity([0, 0])
    with pytest.raises(ValueError, match="non-empty"):
        peak.size_capacity([])


@pytest.mark.parametrize("kwargs", [dict(daily_swing=1.0), dict(daily_swing=-0.1),
                                    dict(holiday_spike=-1), dict(base=0), dict(noise_sd=0.9),
                                    dict(seed=-1)])
def test_generator_rejects_bad_parameters(kwargs):
    with pytest.raises(ValueError):
        peak.synthetic_demand(**kwargs)


# --------------------------------------------------------------------------------------------
# Section 7: Amazon's capital spending on two measures (datasets/amazon_cash_flow)


def test_buildout_measures_every_year_on_one_basis():
    from valueloops.data import load
    from valueloops.peak import buildout_measures

    table = buildout_measures(load("amazon_cash_flow"))
    assert list(table.index) == list(range(2015, 2026))  # 2014 (its own basis) is left out, 2023 is in
    # capital spending incl. leases = cash capex + principal repaid; FCF less it = OCF - that
    gap = table["operating_cash_flow"] - table["capex_incl_leases"] - table["fcf_less_lease_principal"]
    assert gap.abs().max() < 1e-9
    assert table.loc[2019, "lease_principal"] == pytest.approx(9.628 + 0.027)
    assert table.loc[2025, "capex_incl_leases"] == pytest.approx(128.320 + 1.557 + 0.328)


def test_growth_multiple_and_its_refusals():
    import pandas as pd
    from valueloops.peak import buildout_measures, growth_multiple

    series = pd.Series([2.0, 3.0, 8.0], index=[2015, 2016, 2017])
    assert growth_multiple(series, 2015, 2017) == 4.0
    with pytest.raises(ValueError, match="base_year 2014 is not in the series"):
        growth_multiple(series, 2014, 2017)
    with pytest.raises(ValueError, match="positive base"):
        growth_multiple(pd.Series([0.0, 1.0], index=[2015, 2016]), 2015, 2016)
    with pytest.raises(ValueError, match="amazon_cash_flow"):
        buildout_measures(pd.DataFrame({"year": [2025]}))


def test_lecture_05_draws_the_buildout_chart_inline():
    """Issue 27: the build-out chart is six lines of pandas in the lecture (every year on the x axis,
    the four lines named, the zero line), and its package helper is gone."""
    import json

    from valueloops.charts import peak as peak_charts

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "05_built_for_peak.ipynb").read_text())
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    chart = next(c for c in code if "buildout[list(lines)]" in c)
    assert len([line for line in chart.splitlines() if line.strip()]) <= 6
    assert 'ylabel="US$ billions per year"' in chart and "xticks=buildout.index" in chart
    assert "ax.axhline(0" in chart and chart.rstrip().endswith("plt.show()")
    for column in ("operating_cash_flow", "net_capex", "capex_incl_leases", "fcf_less_lease_principal"):
        assert f'"{column}"' in chart
    assert "import matplotlib.pyplot as plt" in code[0]
    assert not any("plot_buildout_measures" in c for c in code)
    assert not hasattr(peak_charts, "plot_buildout_measures")


# --- issue f0405: the review's findings on lesson 05 ----------------------------------------------
def _evaluate(exercise, answer):
    from valueloops.checks import all_specs

    return all_specs()[exercise].evaluate(exercise, answer)


def test_the_upside_down_hint_does_not_claim_lease_principals_ratio_is_upside_down_alone():
    """0.195 is lease principal's own 2025 ÷ 2019, not the multiple turned over: the one hint both
    answers share (they agree to one decimal) names both."""
    from valueloops.data import load

    build = peak.buildout_measures(load("amazon_cash_flow"))
    lease = build.loc[2025, "lease_principal"] / build.loc[2019, "lease_principal"]
    message = _evaluate("05.7", round(float(lease), 3)).message
    assert "upside down" in message and "lease_principal" in message


def test_the_lectures_static_peak_charts_fill_their_axis():
    """Cell-016 (holiday spike 3, headroom 0.8) and the default: the axis is the ladder's 8,000
    step, not 10,000 with its top third empty."""
    from valueloops.charts.peak import PeakChart

    chart = PeakChart(seed=2006, cost_per_server_hour=0.5)
    for spike, headroom, peak_servers in ((3.0, 0.8, 6729), (1.5, 1.2, 5047)):
        chart.render(holiday_spike=spike, daily_swing=0.4, headroom=headroom)
        top = chart.ax.get_ylim()[1]
        assert top == 8000 and peak_servers / top > 0.6


def test_lecture_05_sections_run_in_order_and_cross_references_point_right():
    """The review found section 5 lost (sections ran 1, 2, 3, 4, 6, 7) and 'Section 5 tests it'
    pointing at the popular story, which is section 6."""
    import json
    import re
    from pathlib import Path

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "05_built_for_peak.ipynb").read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    numbers = [int(n) for n in re.findall(r"^## (\d+)\.", text, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 7, numbers
    assert re.search(r"^## 5\. Explore", text, re.M)
    assert re.search(r"^## 6\. The popular story", text, re.M) and "Section 6 tests it" in text
    cells = ["".join(c["source"]) for c in nb["cells"]]
    explore = next(i for i, c in enumerate(cells) if "## 5. Explore" in c)
    story = next(i for i, c in enumerate(cells) if "## 6. The popular story" in c)
    widget_cells = [i for i, c in enumerate(cells) if "peak_chart." in c or "PeakChart(" in c]
    assert widget_cells and all(explore < i < story for i in widget_cells), (explore, widget_cells, story)


# --- round 3 (g0405): the review's findings on lesson 05 ------------------------------------------


def test_the_rule_reaches_the_peak_only_at_margins_above_a_servers_year():
    """Lecture section 4: m = 10 / 100 / 1,000 give 0.52 / 0.81 / 0.90 × peak; fewer than one hour
    short needs m > 8,760 × c = US$4,380 (every server-hour earns the same m in the model)."""
    import numpy as np

    demand = peak.synthetic_demand()
    rules = [round(float(np.quantile(demand, 1 - 0.5 / m) / demand.max()), 2) for m in (10, 100, 1000)]
    assert rules == [0.52, 0.81, 0.90]
    assert 8760 * 0.5 == 4380


def test_spike_and_headroom_move_utilization_as_the_lecture_says():
    """Cells 18-19: a bigger spike alone lowers utilization; 0.8 × peak raises it above the default;
    no holiday spike raises it by more than half."""
    def util(spike, k):
        return peak.size_capacity(peak.synthetic_demand(holiday_spike=spike), headroom=k).utilization

    base = util(1.5, 1.2)
    assert util(3.0, 1.2) < base < util(3.0, 0.8) < 1.1 * base
    assert util(0.0, 1.2) > 1.5 * base


def test_05_1_and_05_4_follow_ups_have_model_answers_that_match_the_model():
    import json

    text = "".join("".join(c["source"]) for c in json.load(
        open(Path(__file__).resolve().parents[1] / "solutions" / "05_built_for_peak.ipynb"))["cells"] if c["cell_type"] == "markdown")
    demand = peak.synthetic_demand()
    saving = (peak.size_capacity(demand, headroom=1.2).idle_cost
              - peak.size_capacity(demand, headroom=0.86).idle_cost) / 1e6
    assert "July is calmer than the year" in text
    assert f"saves about US\\${saving:.1f} million" in text


# --- round 3 (g0405b): the second read's findings on lesson 05 -------------------------------------
def test_05_1_names_july_peak_over_the_years_mean():
    demand = peak.synthetic_demand()
    july = demand[demand.index.month == 7]
    feedback = _evaluate("05.1", round(float(july.max() / demand.mean()), 2))  # 1.99
    assert feedback.status != "correct" and "whole year's average" in feedback.message, feedback.message


@pytest.mark.parametrize("slip", [
    lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        round(1 - mean_demand / (headroom * peak_demand), 2) * headroom * peak_demand * 8760 * cost_per_server_hour,
    lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        (headroom * peak_demand - mean_demand) * 8800 * cost_per_server_hour,
])
def test_05_2_names_a_rounded_result_as_04_2_does(slip):
    """One mechanism for every derive exercise (core.Function): a share rounded before return is named."""
    feedback = _evaluate("05.2", slip)
    assert feedback.status != "correct" and "round inside the function" in feedback.message, feedback.message


@pytest.mark.parametrize("answer", [0.855, 0.8551, 0.865, 0.857])
def test_05_4_takes_only_the_grid_value(answer):
    """0.855 rounds to 0.86 but loses 0.031% of demand (the target is 0.03%): the question asks for
    a value on the 0.01 grid, and an answer off it is named as such."""
    assert peak.size_capacity(peak.synthetic_demand(), headroom=0.855).unserved_share > 0.0003
    feedback = _evaluate("05.4", answer)
    assert feedback.status != "correct" and "not on the question's grid" in feedback.message, feedback.message
    assert _evaluate("05.4", 0.86).status == "correct"


# --- round 4 (g0405c) ------------------------------------------------------------------------------
def _idle(mean_demand, peak_demand, headroom, cost_per_server_hour):
    return (headroom * peak_demand - mean_demand) * 8760 * cost_per_server_hour


def test_05_2_idle_cost_accepts_the_formula_and_agrees_with_size_capacity():
    assert _evaluate("05.2", _idle).status == "correct"
    sized = peak.size_capacity(peak.synthetic_demand(), headroom=1.2, cost_per_server_hour=0.5)
    assert _idle(sized.mean_demand, sized.peak, 1.2, 0.5) == pytest.approx(sized.idle_cost)


def test_05_5_asks_for_spare_servers_and_each_wrong_option_misreads_the_story_its_own_way():
    """Round 8 asked for the servers spare in every hour at 1.1 × peak (capacity − peak, about 420).
    Round 13: the wrong options no longer differ only in the number; each is its own misreading of the
    story: an average hour's spare taken as rentable all year (a), the right count with the wrong
    conclusion (c), renting by the season (d), each with a hint naming it."""
    from valueloops.checks import all_specs

    demand = peak.synthetic_demand()
    at_110 = peak.size_capacity(demand, headroom=1.1)
    spec = all_specs()["05.5"]
    assert round(at_110.capacity - at_110.peak, -1) == 420 and "About 420," in spec.options["b"]
    assert round(at_110.capacity - at_110.mean_demand, -1) == 3480 and "About 3,480," in spec.options["a"]
    assert "About 420," in spec.options["c"] and "story holds" in spec.options["c"]
    assert "January to October" in spec.options["d"]
    assert _evaluate("05.5", "b").status == "correct"
    for letter, fragment in (("a", "average hour"), ("c", "within two months"), ("d", "by the season")):
        feedback = _evaluate("05.5", letter)
        assert feedback.status != "correct" and fragment in feedback.message, feedback.message
    # the reasons differ: no two options share their text after the number
    reasons = [text.split(":", 1)[1] for text in spec.options.values()]
    assert len(set(reasons)) == 4
    lengths = [len(text) for text in spec.options.values()]
    assert max(lengths) < 1.3 * min(lengths), lengths


def test_the_load_duration_caption_counts_the_hours_using_half():
    """Cell 11: no hour uses more than 83% of capacity at 1.2 × peak, and only a few hundred use
    half of it."""
    demand = peak.synthetic_demand()
    capacity = 1.2 * demand.max()
    assert demand.max() / capacity < 0.84
    assert 100 < int((demand > 0.5 * capacity).sum()) < 500


def test_05_2_names_a_leap_year():
    def leap(mean_demand, peak_demand, headroom, cost_per_server_hour):
        return (headroom * peak_demand - mean_demand) * 8784 * cost_per_server_hour

    feedback = _evaluate("05.2", leap)
    assert feedback.status != "correct" and "leap year" in feedback.message, feedback.message


# --- round 5 (f6c) ---------------------------------------------------------------------------------
def test_the_widget_summary_never_prints_a_nonzero_loss_as_0_00_percent():
    """At 0.95 × peak the store is 3 hours short: it printed "0.00% of the year's demand lost"."""
    from valueloops.charts.peak import PeakChart, lost_share_text

    chart = PeakChart()
    run = chart.compute(holiday_spike=1.5, daily_swing=0.4, headroom=0.95)
    assert 0 < run.sizing.unserved_share < 0.00005
    line = chart.summary(run)
    assert "0.00%" not in line and "3 hours short, <0.01% of the year's demand lost" in line, line
    assert lost_share_text(0.00005) == "0.01%"      # a tie rounds half up
    assert lost_share_text(0.0010548) == "0.11%"
    assert lost_share_text(0.0) == "0%"


def test_05_4_the_lecture_rule_at_us_100_is_told_it_loses_too_much():
    """0.81, the lecture's rule at m = US$100, loses 0.085% of demand: the hint says so."""
    lost = peak.size_capacity(peak.synthetic_demand(), headroom=0.81).unserved_share
    assert f"{float(lost) * 100:.3f}" == "0.085" and lost > 0.0003
    feedback = _evaluate("05.4", 0.81)
    assert feedback.status != "correct"
    assert "US$100" in feedback.message and "0.085%" in feedback.message, feedback.message
    assert "more than the 0.03% allowed" in feedback.message


# --- round 8 (f8h) ----------------------------------------------------------------------------------


def test_05_6_quantile_level_hint_does_not_claim_the_peak():
    """1.0 and 0.998 read alike at two decimals; each gets its own message."""
    assert "quantile level" not in _evaluate("05.6", 1.0).message
    assert "peak itself" not in _evaluate("05.6", 0.998).message
    assert _evaluate("05.6", 0.8).message.startswith("close: that is the answer rounded to one decimal")
    assert "nearest whole" not in _evaluate("05.7", 5).message


def test_05_2_names_the_wrong_sign():
    def reversed_sign(mean_demand, peak_demand, headroom, cost_per_server_hour):
        return (mean_demand - headroom * peak_demand) * 8760 * cost_per_server_hour

    feedback = _evaluate("05.2", reversed_sign)
    assert feedback.status != "correct" and "wrong sign" in feedback.message, feedback.message


def test_the_widget_summary_writes_counts_with_a_thousands_separator():
    """Spike 0, swing 0, headroom 0.5: it printed '5765 hours short'."""
    from valueloops.charts.peak import PeakChart

    chart = PeakChart()
    line = chart.summary(chart.compute(holiday_spike=0.0, daily_swing=0.0, headroom=0.5))
    assert "5,765 hours short" in line, line


def test_the_widget_busiest_hour_line_has_no_meaningless_markers():
    from valueloops.charts.peak import PeakChart

    chart = PeakChart(seed=2006, cost_per_server_hour=0.5)
    chart.render(holiday_spike=1.5, daily_swing=0.4, headroom=1.2)
    assert chart.line.get_marker() in (None, "None", "", " ")


def test_lecture_05_summary_says_the_rule_nears_the_peak_only_at_a_very_large_margin():
    import json

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "05_built_for_peak.ipynb").read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "with a large margin that is close to the peak" not in text
    # review r16: "close to the peak only with a very large margin" contradicted m = US$1,000's 0.90
    assert "only when m exceeds 8,760 × c = US\\$4,380" in text and "it stops at 0.90 × peak" in text
    for heading in ("### AWS or AI?", "### Who carries the risk", "### Is the new capacity idle?"):
        assert heading in text, heading


# --- round 8 (s10c) --------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, fragment", [
    (lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        (headroom * peak_demand - mean_demand) * 24 * cost_per_server_hour, "multiplies by 24"),
    (lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        (headroom * peak_demand - mean_demand) * 8760, "idle server-hours of the year, not their cost"),
])
def test_05_2_names_a_days_cost_and_server_hours_without_the_price(answer, fragment):
    """×24 instead of ×8,760 gives 45,600 on the first case, and the idle server-hours unpriced
    33,288,000: each is named."""
    from valueloops.checks import lesson05

    case = lesson05.CHECKS["05.2"].cases[0]
    assert answer(**case) in (45_600.0, 33_288_000.0)
    feedback = _evaluate("05.2", answer)
    assert feedback.status != "correct" and fragment in feedback.message, feedback.message


def test_05_4_names_a_loss_target_ten_times_too_large():
    """0.3% (0.003) read for 0.03% gives the lowest headroom 0.74."""
    from valueloops.checks import lesson05

    assert lesson05._HEADROOM_TEN_TIMES == 0.74
    feedback = _evaluate("05.4", 0.74)
    assert feedback.status != "correct" and "loss target of 0.3% (0.003)" in feedback.message, feedback.message


@pytest.mark.parametrize("answer, fragment", [
    (0.12, "the wrong tail"),
    (3572, "capacity in servers"),
    (3571, "capacity in servers"),
    (3571.6, "capacity in servers"),
])
def test_05_6_names_the_wrong_tail_and_the_capacity_in_whole_servers(answer, fragment):
    demand = peak.synthetic_demand()
    assert round(float(np.quantile(demand, 0.002) / demand.max()), 2) == 0.12
    assert round(float(np.quantile(demand, 1 - 0.002))) == 3572
    feedback = _evaluate("05.6", answer)
    assert feedback.status != "correct" and fragment in feedback.message, feedback.message


@pytest.mark.parametrize("exercise, answer", [("05.1", 2.2), ("05.6", 0.8)])
def test_rounding_hints_name_the_slip_without_printing_the_answer(exercise, answer):
    """Round 8: 05.1's hint for 2.2 printed 2.21 and 05.6's for 0.8 printed 0.85."""
    from valueloops.checks import lesson05

    spec = lesson05.CHECKS[exercise]
    right = f"{math.floor(spec.expected * 100 + 0.5) / 100:.2f}"
    feedback = _evaluate(exercise, answer)
    assert feedback.status != "correct" and "rounded to one decimal" in feedback.message
    assert right not in feedback.message, feedback.message


def test_lecture_05_explains_the_18_00_peak_and_the_takeaway_stops_at_forecast_error():
    import json

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "05_built_for_peak.ipynb").read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "The busiest hour falls at 18:00, not 20:00" in text
    # 18:00 is two hours before the 20:00 top of the daily cosine: 1 + 0.4·cos(π/6) vs 1.4, 4% below
    assert round(100 * (1 - (1 + 0.4 * math.cos(math.pi / 6)) / 1.4)) == 4
    assert "peak and beyond the right" not in text
    assert "only forecast error justifies going beyond it" in text


def test_lecture_05_18_00_peak_is_the_noise_draw_the_text_names():
    """Round 18 (L05 #2): the lecture said 18:00 wins because 4% is 'less than the 5% spread of the
    noise'; in fact that hour's draw is +13.6% (2.6 sigma), which the text now names as about +14%."""
    import json

    import numpy as np

    from valueloops.peak import demand_shape, synthetic_demand

    demand = synthetic_demand(seed=2006)
    i = int(np.argmax(demand.to_numpy()))
    assert demand.index[i].hour == 18
    draw = demand_shape(seed=2006).noise[i] - 1
    assert round(100 * draw) == 14 and 2.5 < math.log(1 + draw) / 0.05 < 2.6
    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "05_built_for_peak.ipynb").read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "noise draw happened to be about +14%" in text
    assert "5% spread of the hourly noise" not in text


def test_lecture_05_lease_measure_is_cash_plus_principal_repaid():
    """Round 18 (L05 #1, #4): the second measure repays principal on past leases; the yearly shares
    of it in cash spending are the table's (20% in 2021 was missing)."""
    import json

    from valueloops.data import load
    from valueloops.peak import buildout_measures

    table = buildout_measures(load("amazon_cash_flow"))
    share = (100 * table["lease_principal"] / table["net_capex"]).map(lambda v: math.floor(v + 0.5))
    assert share.loc[[2020, 2021, 2022, 2023]].tolist() == [31, 20, 14, 10]
    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "05_built_for_peak.ipynb").read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "*Cash plus lease principal repaid*" in text and "Including finance leases" not in text
    assert "pays for equipment leased in earlier years" in text
    assert "31% in 2020, 20% in 2021, 14% in 2022, 10% in 2023" in text
    assert "US\\$35.5 billion in 2024 to US\\$9.3 billion in 2025" in text
    chart = next("".join(c["source"]) for c in nb["cells"] if "buildout[list(lines)]" in "".join(c["source"]))
    assert '"capex_incl_leases": "spending + principal"' in chart
    # review r22e 05 item 1: the legend names what is left, not "left over" explained in the caption
    assert '"fcf_less_lease_principal": "left after spending + principal"' in chart


def test_peak_chart_labels_the_holiday_spike_as_extra_load():
    from valueloops.charts.peak import PeakChart

    spike = next(c for c in PeakChart.controls if c.name == "holiday_spike")
    assert "extra, as a multiple of normal load" in spike.title


# --- round 12 (s12c) -------------------------------------------------------------------------------


def test_the_named_slips_are_what_the_hints_say():
    from valueloops.data import load

    demand = peak.synthetic_demand(seed=2006)
    july = demand[demand.index.month == 7]
    assert round(float(demand.max() / july.mean()), 2) == 4.07
    build = peak.buildout_measures(load("amazon_cash_flow"))
    assert round(peak.growth_multiple(build["capex_incl_leases"], 2018, 2025), 2) == 6.81
    assert round(peak.growth_multiple(build["capex_incl_leases"], 2019, 2024), 2) == 3.60
    assert _evaluate("05.7", round(peak.growth_multiple(build["capex_incl_leases"], 2019, 2025), 1)).passed


def _lecture_05_markdown():
    import json

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "05_built_for_peak.ipynb").read_text())
    return [("".join(c["source"])) for c in nb["cells"] if c["cell_type"] == "markdown"]


def test_lecture_05_gives_one_reason_for_headroom():
    """Review round 12: §3 said headroom covers "a server that fails" too; §4, the model's limits,
    the summary and the instructor guide say forecast error only."""
    text = "\n".join(_lecture_05_markdown())
    assert "server that fails" not in text
    sec3 = next(t for t in _lecture_05_markdown() if t.startswith("## 3."))
    summary = next(t for t in _lecture_05_markdown() if t.startswith("## Summary"))
    assert "higher than forecast" in sec3 and "higher than forecast" in summary
    guide = (Path(__file__).parents[1] / "instructors" / "05_built_for_peak.md").read_text()
    assert "insures against forecast error" in guide


def test_lesson_05_names_both_repayment_lines():
    """Review round 12: "finance-lease principal" named a line that also holds financing obligations."""
    root = Path(__file__).parents[1]
    texts = {"lecture": "\n".join(_lecture_05_markdown()),
             "solutions": (root / "solutions" / "05_built_for_peak.ipynb").read_text(),
             "guide": (root / "instructors" / "05_built_for_peak.md").read_text(),
             "checks": (root / "valueloops" / "checks" / "lesson05.py").read_text()}
    for name, text in texts.items():
        assert "finance-lease principal" not in text.replace("\n", " "), name
    assert "principal repayments of financing obligations" in " ".join(texts["lecture"].split())


def test_05_2_names_the_headroom_applied_to_peak_minus_mean():
    """Round 13: headroom × (peak − mean) × 8,760 × c got only the generic message."""
    def both(mean_demand, peak_demand, headroom, cost_per_server_hour):
        return headroom * (peak_demand - mean_demand) * 8760 * cost_per_server_hour

    feedback = _evaluate("05.2", both)
    assert feedback.status != "correct" and "scales the mean" in feedback.message, feedback.message


def test_05_6_rule_capacity_comment_matches_the_value():
    from valueloops.checks import lesson05

    assert round(lesson05._RULE_CAPACITY, 1) == 3572.2
    source = Path(lesson05.__file__).read_text()
    assert "3,571.6" not in source and "(3,572.2)" in source


# Named slips of lessons 04-05 with words each hint must contain (one row per slip).
NAMED_SLIPS = [
    # from test_new_hints_fire
    ("05.1", 220.52, "times 100"), ("05.1", 220.5, "times 100"), ("05.1", 221, "times 100"),
    ("05.3", 0.0122, "US$ billions"), ("05.3", 0.01, "US$ billions"),
    ("05.4", 0.87, "one step too high"),
    ("05.7", 4.8, "minus 1"), ("05.7", 4.83, "minus 1"),
    ("05.7", 583, "times 100"), ("05.7", 582.7, "times 100"),
    ("05.7", 0.195, "lease_principal"), ("05.7", 0.17, "upside down"),
    ("05.7", 483, "percentage increase"),
    # review round 12: 4.07, 6.81 and 3.60 had only the generic "re-read the question"
    ("05.1", 4.07, "the peak was not"),        # the year's busiest hour ÷ July's average hour
    ("05.1", 4.068, "the peak was not"),
    ("05.7", 6.81, "2025 ÷ 2018"),             # the base a year early
    ("05.7", 6.8, "2025 ÷ 2018"),
    ("05.7", 3.60, "2024 ÷ 2019"),             # the end a year early
    ("05.7", 3.597, "2024 ÷ 2019"),
    ("05.7", 3.62, "cash from operations"),    # operating_cash_flow, 2025 ÷ 2019
    # from test_round3_wrong_answers_get_named_hints
    ("05.1", 2280, "July's busiest hour in servers"),
    ("05.1", 1246, "busiest minus average"),
    ("05.3", 12200, "US$ thousands"),
    ("05.6", 17.5, "hours short the rule allows"),
    ("05.6", 84.93, "percent of the peak"),
    ("05.6", 0.81, "margin of US$100"),
    # from test_05_2_idle_cost_names_the_likely_slips: 05.2 asks what the lecture did not print:
    #   the idle cost by hand from mean, peak, headroom and price (the lecture printed u = mean
    #   ÷ capacity and priced idle hours with size_capacity).
    ("05.2", lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        (headroom * peak_demand - mean_demand) * cost_per_server_hour, "8,760"),
    ("05.2", lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        (headroom * peak_demand - mean_demand) * 365 * cost_per_server_hour, "365 days"),
    ("05.2", lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        (peak_demand - mean_demand) * 8760 * cost_per_server_hour, "headroom × peak, not the peak"),
    ("05.2", lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        headroom * peak_demand * 8760 * cost_per_server_hour, "everything installed"),
    ("05.2", lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        (1 - mean_demand / (headroom * peak_demand)) * 8760 * cost_per_server_hour, "idle share"),
    ("05.2", lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        _idle(mean_demand, peak_demand, headroom, cost_per_server_hour) / 1e6, "US$ millions"),
    # from test_round8_hints_name_the_slip
    ("05.6", 1.0, "that is the peak itself"),        # 1.0 no longer gets the quantile-level hint
    ("05.6", 1, "that is the peak itself"),
    ("05.6", 1.00, "c/m = 0.2% of hours short"),
    ("05.6", 0.998, "the quantile level 1 − c/m"),   # 0.998 at three decimals: its own hint
    ("05.6", 0.8, "not the lecture's table headroom"),   # the answer to one decimal, not a table value
    ("05.1", 2.2, "rounded to one decimal, or cut off (truncated) at two decimals"),   # and no answer (round 8)
    ("05.7", 5, "cut off (truncated) at the whole number"),
    ("05.7", 1.34, "yearly growth rate"), ("05.7", 1.3, "yearly growth rate"),
    ("05.7", 0.34, "yearly growth rate"), ("05.7", 34, "yearly growth rate"),
    ("05.7", 34.1, "yearly growth rate"),
    # from test_05_2_names_the_spare_at_the_peak_and_thousands: Review round 13: capacity − peak
    #   (section 6's spare servers) priced, and the cost in US$ thousands, got the generic
    #   message.
    ("05.2", lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        (headroom - 1) * peak_demand * 8760 * cost_per_server_hour, "spare on the busiest hour"),
    ("05.2", lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        _idle(mean_demand, peak_demand, headroom, cost_per_server_hour) / 1e3, "US$ thousands"),
    # from test_r15_wrong_answers_get_named_hints
    ("05.6", 0.86, "that is 05.4's answer"),
    ("05.1", 1.70, "June or August's ratio"),
    ("05.1", 1.7, "another month's"),
    ("05.1", 2.27, "December's ratio"),
]


@pytest.mark.parametrize("exercise, answer, fragment", NAMED_SLIPS)
def test_each_named_slip_gets_its_hint(exercise, answer, fragment):
    feedback = _evaluate(exercise, answer)
    assert feedback.status != "correct" and fragment in feedback.message, feedback.message


# --- round 14 (u15c) -------------------------------------------------------------------------------
def _lecture_05_cell(start):
    return next(t for t in _lecture_05_markdown() if t.startswith(start))


def test_the_widget_chart_title_fits_every_headroom():
    """Review round 14: the widget's title said "Sized for the peak" also on the 0.8 × peak chart."""
    from valueloops.charts.peak import PeakChart

    from matplotlib.figure import Figure

    chart = PeakChart(seed=2006, cost_per_server_hour=0.5)
    chart.setup(Figure())
    # wherever the course's theme puts titles (rcParams["axes.titlelocation"] may be "left")
    title = " ".join(chart.ax.get_title(loc=where) for where in ("left", "center", "right"))
    assert "Sized for the peak" not in title and "busiest hour" in title and "synthetic" in title


def test_lecture_05_states_the_newsvendor_rule_with_what_a_unit_brings_in():
    """Review round 14: "the chance of running out equals cost ÷ margin" holds only if the margin is
    earnings before the capacity cost; the textbook ratio is unit cost ÷ price."""
    text = "\n".join(_lecture_05_markdown())
    # review r17 split the rule in two cells: its derivation, then its name (newsvendor) and example
    rule = _lecture_05_cell("**The rule that sets capacity.**") + "\n" + _lecture_05_cell("This is the **newsvendor rule**")
    assert "equals the unit's cost ÷ what a unit sold brings in" in " ".join(rule.split())
    assert "before the server's own cost" in rule
    assert "cost ÷ margin" not in text
    assert "cost ÷ earnings per server-hour served" in " ".join(_lecture_05_cell("## Summary").split())
    exercise = (Path(__file__).parents[1] / "solutions" / "05_built_for_peak.ipynb").read_text()
    assert "before the server's own cost" in exercise


def test_lecture_05_defines_headroom_as_the_multiple_and_calls_it_h():
    """Review round 14: headroom was the multiple k (1.2) in §3, "20%" in the guide; lesson 04 had
    just used k for the data scale. The multiple is now h, and the hour index t."""
    sec3 = _lecture_05_cell("## 3.")
    # review r17: stated once, as the symbol's value (the sentence "the course calls the multiple
    # itself the headroom" repeated the definition)
    assert "$h$ = 1.2 means 20% above the peak" in " ".join(sec3.split())
    assert "$K = h \\cdot \\max_t D_t .$" in sec3
    text = "\n".join(_lecture_05_markdown())
    for stale in ("$k", "k$", "_h ", "D_h", "\\sum_h", "\\max_h"):
        assert stale not in text, stale
    guide = (Path(__file__).parents[1] / "instructors" / "05_built_for_peak.md").read_text()
    assert '"Headroom 1.2 (20% above the peak) means utilization 80%."' in guide
    assert "Headroom 20%" not in guide


def test_lecture_05_summary_says_when_utilization_is_average_over_capacity():
    summary = " ".join(_lecture_05_cell("## Summary").split())
    assert "Utilization is average ÷ capacity when no demand is lost" in summary
    assert "roughly" not in summary


def test_lecture_05_lease_principal_shares_follow_the_data():
    """Review round 14: "little by 2023-2025" hid 2023's 9.7%."""
    from valueloops.data import load

    b = peak.buildout_measures(load("amazon_cash_flow"))
    share = b["lease_principal"] / b["net_capex"]
    assert round(share[2023] * 100) == 10 and share[2024] < 0.04 and share[2025] < 0.04
    assert round(share[2022] * 100) == 14 and round(share[2020] * 100) == 31
    # r26a 05-b: the 2015-2019 range in numbers (2017: 49.7%, 2019: 76%)
    assert round(share[2017] * 100) == 50 and round(share[2019] * 100) == 76
    assert min(share[y] for y in range(2015, 2020)) == share[2017]
    assert max(share[y] for y in range(2015, 2020)) == share[2019]
    caption = " ".join(next(t for t in _lecture_05_markdown() if "about half to three quarters" in t).split())
    assert "added about half to three quarters again (50–76%) to cash spending in 2015–2019" in caption
    assert "14% in 2022, 10% in 2023 and under 4% in 2024–2025" in caption


# --- review r15: lesson 05 ----------------------------------------------------------------------


def test_r15_section_7_footnotes_in_order_and_the_quote_in_its_table():
    """Footnotes of §7 number in order (no restart), and the AI quote's footnote names the table
    whose notes hold it (amazon_cash_flow), not amazon_buildout."""
    import json
    import re

    root = Path(__file__).parents[1]
    nb = json.loads((root / "notebooks" / "05_built_for_peak.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"]
                   if "### AWS or AI?" in "".join(c["source"]) or "### Who carries the risk" in
                   "".join(c["source"]) or "### Is the new capacity idle?" in "".join(c["source"]))
    marks = "¹²³⁴⁵⁶⁷⁸⁹"
    notes = [marks.index(m) + 1 for m in re.findall(rf"^([{marks}]) ", text, re.M)]
    assert notes == list(range(1, len(notes) + 1)) and len(notes) == 5, notes
    quote_note = re.search(r"^¹ .*?\.$", text, re.M | re.S).group(0)
    assert "amazon_cash_flow" in quote_note and "amazon_buildout" not in quote_note, quote_note
    assert "primarily reflects investments in artificial intelligence" in (
        root / "datasets" / "amazon_cash_flow.csv").read_text()


def test_the_load_duration_curve_has_no_unexplained_markers():
    from valueloops.charts.peak import plot_load_duration
    from valueloops.peak import synthetic_demand

    fig = plot_load_duration(synthetic_demand(seed=2006), headroom=1.2)
    ax = fig.axes[0]
    # review r17: markers on the demand line stood for nothing and neither caption nor legend said so
    assert all(line.get_marker() in (None, "None", "", " ") for line in ax.get_lines())
    handles, _ = ax.get_legend_handles_labels()
    assert all(getattr(h, "get_marker", lambda: None)() in (None, "None", "", " ") for h in handles)


# --- round 12 (w17b) -------------------------------------------------------------------------------


def test_lesson_05_writes_days_without_a_leading_zero():
    """Review r17 (05-3): the stored outputs printed "01 December" and "09 December"."""
    import json
    import re

    root = Path(__file__).parents[1]
    nb = json.loads((root / "notebooks" / "05_built_for_peak.ipynb").read_text())
    texts = ["".join(c["source"]) for c in nb["cells"]]
    texts += ["".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
              for o in c.get("outputs", [])]
    texts.append((root / "instructors" / "05_built_for_peak.md").read_text())
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    zero_padded = re.compile(rf"(?<![\d.,])0\d ({months})\b")
    assert not [m.group(0) for t in texts for m in zero_padded.finditer(t)]
    assert any("busiest 4,206 on 1 December at 18:00" in t for t in texts)
    assert any("between 23 November and 9 December" in t for t in texts)
    assert not any("%d %B" in t for t in texts)


def test_lecture_05_summary_follows_the_sections_in_order():
    """Review r17 (05-4): the newsvendor bullet (section 4) came after the popular story (section 6),
    and section 5's takeaway had no bullet."""
    summary = next(t for t in _lecture_05_markdown() if t.startswith("## Summary"))
    order = [summary.index(key) for key in ("K = h", "Utilization is average", "sizing below the peak",
                                            "newsvendor rule", "shape of demand", "myth",
                                            "ahead of growth", "capital spending", "risk of building")]
    assert order == sorted(order), order


@pytest.mark.parametrize("answer, fragment", [
    (lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        mean_demand / (headroom * peak_demand), "that is the utilization, mean ÷ capacity"),
    (lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        1 - mean_demand / (headroom * peak_demand), "that is the idle share, 1 − utilization"),
    (lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        100 * mean_demand / (headroom * peak_demand), "utilization in percent"),
    (lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        100 * (1 - mean_demand / (headroom * peak_demand)), "idle share in percent"),
    (lambda mean_demand, peak_demand, headroom, cost_per_server_hour:
        mean_demand / (headroom * peak_demand) * 8760 * cost_per_server_hour,
     "prices the utilization"),
])
def test_05_2_names_a_share_returned_for_the_cost(answer, fragment):
    """Review r17: utilization for the idle share, the idle share itself, either in percent, or the
    utilization priced as one server: each is named, and no hint gives the answer's figure."""
    feedback = _evaluate("05.2", answer)
    assert feedback.status != "correct" and fragment in feedback.message, feedback.message
    assert "16,644,000" not in feedback.message


# --- issue 27: 05.8 draws capex_share (capital spending ÷ cash from operations), 05.9 reads the year
# it fell most ----------------------------------------------------------------------------------
def _buildout():
    from valueloops.data import load

    return peak.buildout_measures(load("amazon_cash_flow"))   # the exercise's table, index "year"


def _draw_05_8(how: str):
    """An answer to 05.8 drawn as a student would, on a figure of its own (Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    b = _buildout()
    label = "capital spending (share of cash from operations)"
    plt.figure()
    if how == "sns.lineplot":          # the solution's way: the index named in x
        ax = sns.lineplot(data=b, x="year", y="capex_share", marker="o")
        ax.set(xlabel="Year", ylabel=label)
    elif how == "sns.barplot":         # one bar per year, years as categories
        ax = sns.barplot(x=b.index, y=b["capex_share"])
        ax.set_xlabel("year")
        ax.set_ylabel("share of cash from operations")
    elif how == "df.plot":             # pandas, the labels in the call
        ax = b["capex_share"].plot(xlabel="year", ylabel="capex_share, a share of operating cash flow")
    elif how == "ax.plot unsorted":    # rows shuffled, computed from the two columns by hand
        rows = b.reset_index().sample(frac=1, random_state=5)
        ax = plt.gca()
        ax.plot(rows["year"], rows["capex_incl_leases"] / rows["operating_cash_flow"], "o")
        ax.set_xlabel("year")
        ax.set_ylabel(label)
    elif how == "percent":
        ax = sns.lineplot(x=b.index, y=100 * b["capex_share"])
        ax.set(xlabel="year", ylabel="capital spending, share of cash from operations (%)")
    elif how == "last year missing":
        ax = sns.lineplot(data=b.loc[:2024], x="year", y="capex_share")
        ax.set(xlabel="year", ylabel=label)
    elif how in ("capex_incl_leases", "net_capex", "operating_cash_flow", "lease_principal"):
        ax = sns.lineplot(data=b, x="year", y=how)
        ax.set(xlabel="year", ylabel="share of cash from operations")
    elif how == "2 decimals":          # review r19a D1: the values of the lecture's buildout.round(2)
        ax = b["capex_share"].round(2).plot(xlabel="year", ylabel=label)
    elif how == "cash only":
        ax = (b["net_capex"] / b["operating_cash_flow"]).plot(xlabel="year", ylabel=label)
    elif how == "cash only, 2 decimals":
        ax = (b["net_capex"] / b["operating_cash_flow"]).round(2).plot(xlabel="year", ylabel=label)
    elif how == "upside down":
        ax = (b["operating_cash_flow"] / b["capex_incl_leases"]).plot(xlabel="year", ylabel=label)
    elif how == "free cash flow share":   # review r22e 05 item 4: Amazon's free cash flow ÷ cash from operations
        ax = (b["free_cash_flow"] / b["operating_cash_flow"]).plot(xlabel="year", ylabel=label)
    elif how == "per free cash flow":     # review r22e 05 item 4: divided by free cash flow (0.98 in 2015)
        ax = (b["capex_incl_leases"] / b["free_cash_flow"]).plot(xlabel="year", ylabel=label)
    elif how == "no x label":
        ax = plt.gca()
        ax.plot(b.index, b["capex_share"])
        ax.set_ylabel(label)
    elif how == "no y label":
        ax = plt.gca()
        ax.plot(b.index, b["capex_share"])
        ax.set_xlabel("year")
    elif how == "no unit":
        ax = sns.lineplot(data=b, x="year", y="capex_share")
        ax.set(xlabel="year", ylabel="capex and operating cash flow")   # r25a: "÷" now names a ratio
    elif how in ("ratio", "fraction", "proportion"):   # review r21a 05 item 3: the words that pass
        ax = b["capex_share"].plot(xlabel="year", ylabel=f"{how} of capex to operating cash flow (1 = all of it)")
    elif how == "empty":
        ax = plt.gca()
    elif how == "lecture's code":      # the lecture's inline chart, copied whole
        lines = {"operating_cash_flow": "cash from operations", "net_capex": "capital spending, cash only",
                 "capex_incl_leases": "spending + principal", "fcf_less_lease_principal": "left after spending + principal"}
        ax = b[list(lines)].rename(columns=lines).plot(style=["o-", "s--", "^-.", "D:"], xticks=b.index, rot=45)
        ax.set(xlabel="Year", ylabel="US$ billions per year", title="Amazon: cash from operations and capital spending")
        ax.axhline(0, color="0.35", linewidth=1)
    else:
        raise ValueError(how)
    return ax


LESSON05_PLOT_SLIPS = dict([
    ("percent", "your y values are shares in percent; the question asks for shares"),
    ("last year missing", "you plotted 2015–2024; the table reaches 2025"),
    ("capex_incl_leases", "you plotted capital spending itself (capex_incl_leases, US$ billions)"),
    ("net_capex", "you plotted cash-only capital spending (net_capex, US$ billions)"),
    ("operating_cash_flow", "you plotted cash from operations itself"),
    ("lease_principal", "you plotted the principal repaid (lease_principal"),
    ("cash only", "you plotted cash-only spending (net_capex) ÷ cash from operations"),
    ("cash only, 2 decimals", "you plotted cash-only spending (net_capex) ÷ cash from operations"),
    ("upside down", "your shares are upside down"),
    ("free cash flow share", "that is free cash flow as a share of cash from operations"),
    ("per free cash flow", "you divided by free cash flow; divide by cash from operations"),
    ("no x label", "the x axis is not labelled"),
    ("no y label", "the y axis is not labelled: name what it shows and its unit, shares of cash from operations"),
    ("no unit", "does not name the unit: say it is in shares of cash from operations"),
    ("empty", "nothing was plotted on these axes"),
    ("lecture's code", "you plotted cash from operations itself"),
])
PAIR_05_8 = PlotPair("05.8", _draw_05_8, passes="all 11 values (2015–2025", slips=LESSON05_PLOT_SLIPS,
                     right=("sns.lineplot", "sns.barplot", "df.plot", "ax.plot unsorted", "2 decimals", "ratio",
                            "fraction", "proportion"))


@pytest.mark.parametrize("how", PAIR_05_8.right)
def test_05_8_the_share_drawn_four_ways_passes(how):
    PAIR_05_8.right_chart_passes(how)


@pytest.mark.parametrize("how, fragment", LESSON05_PLOT_SLIPS.items())
def test_05_8_each_wrong_chart_gets_its_own_message(how, fragment):
    PAIR_05_8.wrong_chart_named(how, fragment)


def test_05_8_blank_a_table_and_every_declared_mistake():
    spec = PAIR_05_8.spec
    assert spec.kind == "plot" and spec.x_kind == "year" and spec.share
    assert spec.x == tuple(range(2015, 2026)) and spec.y == pytest.approx(tuple(_buildout()["capex_share"]))
    PAIR_05_8.blank_and_table_refused(_buildout())
    PAIR_05_8.declared_mistakes_fire(hints=12)   # r26a 05-e: the lease-principal share


def test_05_8_the_question_names_the_column_the_unit_and_the_years():
    import json

    nb = json.loads((Path(__file__).parents[1] / "solutions" / "05_built_for_peak.ipynb").read_text())
    question = next(" ".join("".join(c["source"]).split()) for c in nb["cells"]
                    if "## Exercise 05.8" in "".join(c["source"]))
    assert "`capex_share`" in question and "shares of cash from operations" in question
    assert "2015–2025" in question and "label both axes" in question and "not percent" in question


def test_05_9_the_answer_follows_from_the_data():
    from valueloops.checks import lesson05

    change = _buildout()["capex_share"].diff()
    assert int(change.idxmin()) == 2023 == lesson05._FELL_MOST    # the data, not a figure typed in
    falls = change[change < 0].sort_values()
    assert 3.5 < falls.iloc[0] / falls.iloc[1] < 4.5              # "about four times as long"
    assert int(change.idxmax()) == 2021 and int(falls.index[1]) == 2018
    for answer in (2023, 2023.0):
        assert _evaluate("05.9", answer).status == "correct"


@pytest.mark.parametrize("answer, fragment", [
    (2022, "in 2022 the share barely moved (1.44 to 1.42)"),
    (2021, "in 2021 the share rose most (0.69 to 1.44)"),
    (2018, "in 2018 the share fell (0.82 to 0.62), but another year's fall is about four times"),
    (2024, "in 2024 the share rose again"),
    (0.8, "that is the size of the largest fall"),
    (2019, "in 2019 the share was at its lowest (0.58), but it fell only 0.04 that year"),   # review r19a D2
    (2015, "2015 has no year before it"),
    (2016, "in 2016 the share rose (0.60 to 0.62)"),
    (2017, "in 2017 the share rose (0.62 to 0.82)"),
    (2020, "in 2020 the share rose (0.58 to 0.69)"),
    (2025, "in 2025 the share rose (0.69 to 0.93)"),
])
def test_05_9_wrong_years_are_named_and_no_hint_gives_the_year(answer, fragment):
    feedback = _evaluate("05.9", answer)
    assert feedback.status == "wrong" and fragment in feedback.message, (answer, feedback.message)
    assert "2023" not in feedback.message


def test_05_9_every_other_year_of_the_table_gets_a_hint_of_its_own():
    """Review r19a D2: no year of the table falls back to core's generic "check the condition"
    message, which is about row filters this question does not have."""
    years = [int(y) for y in _buildout().index if int(y) != 2023]
    messages = [_evaluate("05.9", y).message for y in years]
    for year, message in zip(years, messages):
        assert "is not the year asked" not in message and str(year) in message, (year, message)
    assert len(set(messages)) == len(messages)


def test_r21a_05_8_the_lecture_does_not_print_capex_share_and_the_texts_agree():
    """Review r21a 05 item 2: 05.9 needs the chart, so the lecture's table leaves capex_share out;
    item 3: "ratio" passes as a y label, and the question and the guide say which words do."""
    import json

    root = Path(__file__).parents[1]
    lecture = json.loads((root / "notebooks" / "05_built_for_peak.ipynb").read_text())
    cell = next(c for c in lecture["cells"] if c["cell_type"] == "code"
                and "buildout = buildout_measures(cash)" in "".join(c["source"]))
    assert 'buildout.drop(columns="capex_share").round(2)' in "".join(cell["source"])
    shown = json.dumps(cell["outputs"])
    assert "capex_incl_leases" in shown and "capex_share" not in shown
    solution = json.loads((root / "solutions" / "05_built_for_peak.ipynb").read_text())
    question = next(" ".join("".join(c["source"]).split()) for c in solution["cells"]
                    if "## Exercise 05.8" in "".join(c["source"]))
    # r26a 05-c: the lecture quotes 2025's value (93%), so the question says so
    assert "the lecture did not print the column, it quoted only 2025's 93%" in question
    assert "it is a share, or a ratio" in question
    guide = " ".join((root / "instructors" / "05_built_for_peak.md").read_text().split())
    assert "buildout.round(2)" not in guide
    assert 'without "share", "fraction", "proportion", "ratio", "times" or "multiple"' in guide   # r28c 05 #10
    assert _evaluate("05.8", _draw_05_8("no unit")).status == "wrong"   # "capex and operating cash flow"


def test_r21a_05_7_pass_message_has_no_nested_parentheses():
    import re

    from valueloops.checks import lesson05

    message = _evaluate("05.7", lesson05._FROM_2019).message
    assert "(times as large, 2025 ÷ 2019)" in message, message
    assert not re.search(r"\([^()]*\(", message), message


def test_05_4_asks_for_one_of_the_grids_steps_not_two_decimals():
    """Review r22e 05 item 5: "to two decimals" clashed with the course's half-up rule (0.855 rounds to
    0.86 but is refused); the question now asks for one of the grid's steps."""
    import json

    nb = json.loads((Path(__file__).parents[1] / "solutions" / "05_built_for_peak.ipynb").read_text())
    question = next(" ".join("".join(c["source"]).split()) for c in nb["cells"]
                    if "".join(c["source"]).startswith("## Exercise 05.4"))
    assert "**as one of the grid's steps**" in question and "two decimals**" not in question
    assert _evaluate("05.4", 0.855).status == "wrong" and _evaluate("05.4", 0.86).status == "correct"


# --- round 13 (z0105e): review r24a, lesson 05 ---
def _buildout_share():
    from valueloops.data import load
    from valueloops.peak import buildout_measures
    return buildout_measures(load("amazon_cash_flow"))["capex_share"]


def test_r24a_05_9_the_pandas_slips_are_named():
    """Review r24a 05 item 11: `.diff().min()` (-0.80) and the row number after reset_index() (8) got
    core's generic "check the condition (more than, or at least?)", which names nothing here."""
    share = _buildout_share()
    for value, words in [(float(share.diff().min()), ".diff().min(), negative"),
                         (round(float(share.diff().min()), 2), ".diff().min(), negative"),
                         (int(share.reset_index()["capex_share"].diff().idxmin()), "that is a row number")]:
        message = _evaluate("05.9", value).message
        assert _evaluate("05.9", value).status == "wrong" and words in message, (value, message)
        assert "more than, or at least" not in message and "2023" not in message, (value, message)


@pytest.mark.parametrize("answer, fragment", [
    (23, "give the year in full, four digits"), (15, "give the year in full, four digits"),
    (25, "give the year in full, four digits"),
    (0.62, "that is a share"), (0.621, "that is a share"), (0.93, "that is a share"), (1.44, "that is a share"),
    (62, "a share in percent"), (93, "a share in percent"), (142, "a share in percent"),
])
def test_r24a_05_9_two_digit_years_and_shares_typed_as_the_year_are_named(answer, fragment):
    """Review r24a 05 item 11: unlike 01.9, 05.9 had no hint for 23 or for a share typed as the year."""
    message = _evaluate("05.9", answer).message
    assert _evaluate("05.9", answer).status == "wrong" and fragment in message, (answer, message)
    assert "more than, or at least" not in message and "2023" not in message, (answer, message)


def test_r24a_05_6_0855_is_a_rounding_slip_not_05_4s_answer():
    """Review r24a 05 item 12: 0.855 was told "that is 05.4's answer" (0.86), which it is not; it is a
    three-decimal value rounded badly. 0.86 itself keeps the hint."""
    assert "05.4's answer" not in _evaluate("05.6", 0.855).message
    assert "rounds (half up) to 0.86" in _evaluate("05.6", 0.855).message
    assert "that is 05.4's answer" in _evaluate("05.6", 0.86).message


@pytest.mark.parametrize("answer", [582.7, 582.8, 582.9, 583])
def test_r24a_05_7_every_percent_of_2019_is_named(answer):
    """Review r24a 05 item 14: 2025 as a percent of 2019 to one decimal (582.8, 582.9) got the
    generic message; only 582.7 and 583 were named."""
    assert "times 100" in _evaluate("05.7", answer).message


def test_r24a_05_7_success_message_says_principal_repaid_not_leases():
    """Review r24a 05 item 13: the lecture says "including the principal repaid", not leases acquired."""
    message = _evaluate("05.7", 5.83).message
    assert "including principal repaid" in message and "including leases" not in message


def test_r24a_05_lecture_sources_say_which_rows_are_read_in_copies():
    """Review r24a 05 item 9: cell 45 said only 2025 was read in a copy; every reported row but the
    principal repaid in 2023 and 2024 is secondary in datasets/amazon_cash_flow.csv."""
    import json
    from pathlib import Path
    from valueloops.data import load
    root = Path(__file__).resolve().parents[1]
    cells = json.loads((root / "notebooks" / "05_built_for_peak.ipynb").read_text(encoding="utf-8"))["cells"]
    text = " ".join("".join(next(c for c in cells if c.get("id") == "w17b-05-leases")["source"]).split())
    # r25a 05: the lecture keeps one line (the source columns, datasets/README.md); the detail is in the guide
    assert "most rows read in copies (the table's `source` and `source_type` columns; `datasets/README.md`)" in text
    assert "stock-analysis-on.net" not in text
    guide_text = " ".join((root / "instructors" / "05_built_for_peak.md").read_text(encoding="utf-8").split())
    assert "for every reported row but the principal repaid in 2023 and 2024" in guide_text
    flows = load("amazon_cash_flow")
    primary = flows[flows["source_type"] == "primary"]
    assert set(primary["year"]) == {2023, 2024} and primary["metric"].str.startswith("principal_").all()
    guide = (root / "instructors" / "05_built_for_peak.md").read_text(encoding="utf-8")
    assert "US$1.4 billion more depreciation and US$1.0 billion less net income" in " ".join(guide.split())


def test_05_8_the_whole_table_names_every_other_series():
    """r25a 05: buildout.plot() (seven series) named only cash from operations; now, as in 01.8,
    every series besides the share is named."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.figure()
    ax = _buildout().plot()
    ax.set(xlabel="year", ylabel="share of cash from operations")
    feedback = _evaluate("05.8", ax)
    plt.close("all")
    assert feedback.status == "wrong" and "your chart draws 6 other series" in feedback.message
    for name in ("cash from operations itself", "net_capex", "lease_principal", "capex_incl_leases",
                 "free cash flow", "fcf_less_lease_principal"):
        assert name in feedback.message, name


# --- r26a (stream z0125h): lesson 05 -----------------------------------------------------------------
def test_r26a_05_8_the_lease_principal_share_is_named():
    """r26a 05-e: lease_principal ÷ operating_cash_flow got only the generic value message."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    b = _buildout()
    _, ax = plt.subplots()
    (b["lease_principal"] / b["operating_cash_flow"]).plot(ax=ax)
    ax.set(xlabel="Year", ylabel="share of cash from operations")
    feedback = _evaluate("05.8", ax)
    plt.close("all")
    assert feedback.status == "wrong"
    assert "the principal repaid alone (lease_principal) as a share of cash from operations" in feedback.message


def test_r26a_lecture_05_cell_30_gives_peaks_and_capacities_apart():
    """r26a 05-a: "capacity follows the peak (6,729 servers instead of 4,206)" gave the peaks."""
    spikes = {s: peak.size_capacity(peak.synthetic_demand(holiday_spike=s, seed=2006), headroom=1.2)
              for s in (1.5, 3.0)}
    assert [round(spikes[s].peak) for s in (3.0, 1.5)] == [6729, 4206]
    assert [round(spikes[s].capacity) for s in (3.0, 1.5)] == [8075, 5047]
    cell = " ".join(next(t for t in _lecture_05_markdown() if t.startswith("One change at a time")).split())
    assert ("the busiest hour rises to 6,729 servers from 4,206, so capacity at 1.2 × peak to 8,075 "
            "from 5,047") in cell
    assert "(6,729 servers instead of 4,206)" not in cell


# --- r28c (stream z0405i): lesson 05 ------------------------------------------------------------------
def _draw_05_8_extra(how: str):
    """05.8 charts of r28c: a reference line at 1 drawn as data, other unit words, a histogram, a
    placeholder x label."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    b = _buildout()
    _, ax = plt.subplots()
    label = "capital spending, share of cash from operations"
    if how == "histogram":
        sns.histplot(b["capex_share"], ax=ax)
        ax.set(xlabel="capex share", ylabel="number of years")
        return ax
    if how in ("times", "multiple"):
        label = {"times": "Capital spending (times cash from operations)",
                 "multiple": "Capital spending, a multiple of cash from operations"}[how]
    ax.plot(b.index, b["capex_share"], marker="o")
    ax.set(xlabel="x" if how == "x label" else "year", ylabel=label)
    if how == "ax.plot at 1":
        ax.plot(b.index, b["capex_share"] * 0 + 1)
    elif how == "sns.lineplot at 1":
        sns.lineplot(x=b.index, y=[1.0] * len(b), ax=ax)
    elif how == "axhline":
        ax.axhline(1, color="0.4", linestyle="--")
    return ax


@pytest.mark.parametrize("how", ["ax.plot at 1", "sns.lineplot at 1"])
def test_r28c_05_8_a_reference_line_drawn_as_data_is_told_to_use_axhline(how):
    """r28c 05 #9: the solution adds ax.axhline(1); a student who draws the same line as data got
    only "draw only it". Now the hint names it a reference line and says how to draw it."""
    import matplotlib.pyplot as plt

    feedback = _evaluate("05.8", _draw_05_8_extra(how))
    passed = _evaluate("05.8", _draw_05_8_extra("axhline"))
    plt.close("all")
    assert feedback.status == "wrong"
    assert "a flat line at 1 (a total divided by itself, or a reference line drawn as data: draw a reference line with ax.axhline(1)" in feedback.message
    assert passed.status == "correct", passed.message


@pytest.mark.parametrize("how", ["times", "multiple"])
def test_r28c_05_8_times_and_multiple_name_the_unit(how):
    """r28c 05 #10: the shares reach 1.44, so "times cash from operations" is an honest unit."""
    import matplotlib.pyplot as plt

    feedback = _evaluate("05.8", _draw_05_8_extra(how))
    plt.close("all")
    assert feedback.status == "correct", feedback.message


def test_r28c_05_8_a_histogram_and_a_placeholder_label_are_named():
    """r28c 05 #11: a histogram was told its x values were "not the row numbers"; #12: "x" passed
    as an x label."""
    import matplotlib.pyplot as plt

    histogram = _evaluate("05.8", _draw_05_8_extra("histogram"))
    letter = _evaluate("05.8", _draw_05_8_extra("x label"))
    plt.close("all")
    assert histogram.status == "wrong" and "you put the values on the x axis (a histogram" in histogram.message
    assert "row numbers" not in histogram.message
    assert letter.status == "wrong" and "the x axis label 'x' does not say what it shows (a placeholder letter)" in letter.message


def test_r28c_05_4_messages_use_the_questions_precision():
    """r28c 05 #13: the question asks for "one of the grid's steps"; the blank and the verified
    messages said "to two decimals"."""
    blank, right = _evaluate("05.4", ...), _evaluate("05.4", 0.86)
    assert blank.status == "not answered" and right.status == "correct"
    for feedback in (blank, right):
        assert "as one of the grid's steps" in feedback.message and "two decimals" not in feedback.message


def test_r28c_05_2_millions_rounded_is_named():
    """r28c 05 #14: round(x / 1e6, 1) got the generic "not right"; the exact ÷1e6 was named."""
    def rounded_millions(mean_demand, peak_demand, headroom, cost_per_server_hour):
        return round((headroom * peak_demand - mean_demand) * cost_per_server_hour * 8760 / 1e6, 1)

    feedback = _evaluate("05.2", rounded_millions)
    assert feedback.status == "wrong" and "that is in US$ millions" in feedback.message


def test_r28c_05_guide_rows_and_lecture_wording():
    """r28c 05 #15-16: the guide said the hints give 2.21 and 0.85 (they do not); #7: the IP Carrier
    quote was presented as a continuation of the 2009 talk; #8: the season climbs from late October."""
    guide = " ".join((Path(__file__).parents[1] / "instructors" / "05_built_for_peak.md").read_text().split())
    assert "the hint gives 2.21" not in guide and "the hint asks for two, 0.85" not in guide
    assert "cut off at two: the hint asks for two decimals, rounded half up" in guide
    assert "0.8 (the answer rounded to one decimal: the hint asks for two decimals, half up)" in guide
    assert "as reported by the *IP Carrier* blog" not in guide
    assert "quoted by the *IP Carrier* blog in December 2010 (the occasion is not named)" in guide
    # the hints do not print the answers
    assert "2.21" not in _evaluate("05.1", 2.2).message and "0.85" not in _evaluate("05.6", 0.8).message
    cells = [" ".join(c.split()) for c in _lecture_05_markdown()]
    origin = next(c for c in cells if c.startswith("Amazon's own account goes further"))
    assert "As reported by" not in origin and "he added" not in origin
    assert "Quoted by the *IP Carrier* blog in December 2010 (the occasion is not named), he said" in origin
    assert any("The spare capacity is there from January until late October" in c for c in cells)
    # the holiday season's bump (× 1.5 at Cyber Monday) is under 2% of base until 21 October
    t = np.arange(365)
    bump = 1.5 * np.exp(-0.5 * ((t - peak.CYBER_MONDAY) / peak.HOLIDAY_WIDTH_DAYS) ** 2)
    assert (pd.Timestamp("2025-01-01") + pd.Timedelta(days=int(t[bump > 0.02][0]))).strftime("%d %b") == "21 Oct"
