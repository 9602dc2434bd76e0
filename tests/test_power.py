"""Lock-in, switching costs, concentration and the policy toy model."""

import numpy as np
import pytest

from valueloops.power import (HIGHLY_CONCENTRATED, PLATFORM_SALES, bargain_then_ripoff, hhi,
                              policy_outcome,
                              sustainable_take_rate)


def test_sustainable_take_rate_by_hand():
    # τ* = τ_out + δ(m − τ_out) = 0.15 + 0.6·0.35 = 0.36
    assert sustainable_take_rate(margin=0.5, outside_take=0.15, lost_share=0.6) == pytest.approx(0.36)


def test_take_rate_edges():
    # no lost sales: the platform can charge no more than the outside channel
    assert sustainable_take_rate(margin=0.5, outside_take=0.15, lost_share=0) == pytest.approx(0.15)
    # all sales lost by leaving: the whole margin can be taken
    assert sustainable_take_rate(margin=0.5, outside_take=0.15, lost_share=1) == pytest.approx(0.5)


def test_take_rate_ratchets_up_with_lost_share():
    deltas = np.linspace(0, 1, 21)
    rates = [sustainable_take_rate(margin=0.4, outside_take=0.1, lost_share=d) for d in deltas]
    assert np.all(np.diff(rates) > 0)


def test_seller_is_indifferent_at_the_sustainable_rate():
    m, t, d = 0.45, 0.12, 0.7
    tau = sustainable_take_rate(margin=m, outside_take=t, lost_share=d)
    assert m - tau == pytest.approx((1 - d) * (m - t))


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(margin=0.3, outside_take=0.4, lost_share=0.5), "must not exceed margin"),
    (dict(margin=0.3, outside_take=0.1, lost_share=1.5), "lost_share"),
    (dict(margin=30, outside_take=0.1, lost_share=0.5), "margin"),
])
def test_take_rate_rejects_bad_inputs(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        sustainable_take_rate(**kwargs)


def test_bargain_then_ripoff_by_hand():
    p = bargain_then_ripoff(cost=10, switching_cost=4, discount_factor=0.9)
    assert (p.p1, p.p2) == pytest.approx((6.4, 14.0))


def test_bargain_is_below_cost_and_ripoff_above():
    p = bargain_then_ripoff(cost=5, switching_cost=8, discount_factor=1.0)
    assert p.p1 < 5 < p.p2 and p.p1 == pytest.approx(-3)
    # no switching cost: price equals cost in both periods (Bertrand)
    assert bargain_then_ripoff(cost=5, switching_cost=0, discount_factor=0.9) == \
        bargain_then_ripoff(cost=5, switching_cost=0, discount_factor=0.1)


def test_hhi_by_hand_and_bounds():
    assert hhi([0.30, 0.21, 0.12]) == pytest.approx(900 + 441 + 144)
    assert hhi([1.0]) == pytest.approx(10_000)
    assert hhi(np.full(100, 0.01)) == pytest.approx(100)
    # adding any unnamed firm can only raise it: named firms give a lower bound
    assert hhi([0.30, 0.21, 0.12, 0.05]) > hhi([0.30, 0.21, 0.12])
    assert HIGHLY_CONCENTRATED == 1800


@pytest.mark.parametrize("shares, fragment", [
    ([30, 21, 12], "shares"),
    ([0.6, 0.5], "sum to at most 1"),
    ([], "non-empty"),
    ([0.3, -0.1], "shares"),
])
def test_hhi_rejects_bad_inputs(shares, fragment):
    with pytest.raises(ValueError, match=fragment):
        hhi(shares)


def test_policy_baseline_charges_the_sustainable_rate():
    out = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7)
    assert out.take_rate == pytest.approx(0.15 + 0.7 * 0.45)
    # one base: per dollar of the seller's sales in both channels (w = 0.8 on the platform); under
    # the parity rule off-platform buyers pay the platform's price too
    w, tau = PLATFORM_SALES, out.take_rate
    assert w == 0.8
    assert out.seller_margin == pytest.approx(w * (0.6 - 0.5 * tau) + (1 - w) * (0.6 + 0.5 * tau - 0.15))
    assert out.platform_revenue == pytest.approx(w * tau)
    assert out.outside_fees == pytest.approx((1 - w) * 0.15)
    assert out.buyer_price == pytest.approx(1 + 0.5 * tau)
    assert not out.cap_binds


@pytest.mark.parametrize("levers", [dict(), dict(fee_cap=0.3), dict(multihoming=0.4, parity_ban=True),
                                    dict(parity_ban=True, pass_through=0.8, platform_sales=0.9)])
def test_policy_outcomes_share_one_base(levers):
    """What buyers pay above the no-fee price is what sellers gain plus every fee, on one base."""
    out = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7, **levers)
    assert out.buyer_price - 1 == pytest.approx(out.seller_margin - 0.6 + out.platform_revenue
                                                + out.outside_fees)


def test_platform_sales_is_its_own_parameter_not_the_lost_share():
    a = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7, parity_ban=True, platform_sales=0.8)
    b = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7, parity_ban=True, platform_sales=1.0)
    assert a.take_rate == b.take_rate and a.buyer_price < b.buyer_price
    with pytest.raises(ValueError, match="lost_share .* must not exceed platform_sales"):
        policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.9, platform_sales=0.8)


def test_fee_cap_moves_money_from_platform_to_sellers_and_buyers():
    base = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7)
    capped = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7, fee_cap=0.3)
    assert capped.cap_binds and capped.take_rate == 0.3
    assert capped.platform_revenue < base.platform_revenue
    assert capped.seller_margin > base.seller_margin
    assert capped.buyer_price < base.buyer_price


def test_multihoming_lowers_lost_share_and_fees():
    out = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7, multihoming=0.5)
    assert out.lost_share == pytest.approx(0.35)
    assert out.take_rate == pytest.approx(0.15 + 0.35 * 0.45)


def test_parity_ban_lowers_off_platform_prices():
    kept = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7)
    banned = policy_outcome(margin=0.6, outside_take=0.15, lost_share=0.7, parity_ban=True,
                            steering=0.0)
    assert banned.take_rate == pytest.approx(kept.take_rate)
    # off-platform buyers (1 − w = 20%) pay the outside channel's fee pass-through, not the platform's
    w = PLATFORM_SALES
    assert banned.buyer_price == pytest.approx(w * (1 + 0.5 * kept.take_rate) + (1 - w) * (1 + 0.5 * 0.15))
    assert banned.buyer_price < kept.buyer_price


def test_concentration_uses_the_same_three_firms_each_period():
    import pandas as pd

    from valueloops.data import load
    from valueloops.power import concentration_by_period

    table = concentration_by_period(load("cloud_share"))
    assert "Q1 2020" not in set(table["period"])  # Google's share is missing there
    q4_2024 = table[table["period"] == "Q4 2024"].iloc[0]
    assert q4_2024["hhi_lower"] == pytest.approx(30**2 + 21**2 + 12**2)  # Synergy: 30%, 21%, 12%
    assert q4_2024["named_share"] == pytest.approx(0.63)
    toy = pd.DataFrame({"period": ["P"] * 2, "year": [2020] * 2, "quarter": [1] * 2,
                        "provider": ["AWS", "Microsoft"], "share": [0.5, 0.3]})
    assert concentration_by_period(toy).empty


def test_hhi_chart_names_the_guidelines_the_lecture_cites():
    """Issue 27: the HHI chart is drawn inline in lecture 10; its 1,800 line names the guidelines."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "10_power_and_policy.ipynb").read_text())
    chart = next("".join(c["source"]) for c in nb["cells"]
                 if c["cell_type"] == "code" and "ax.axhline(1800" in "".join(c["source"]))
    # r28e 10 #5: the dotted line is labelled on the chart; the markdown before it names the guidelines
    assert 'ax.text(2024.7, 1840, "1,800: highly concentrated", size=8)' in chart
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "**The 1,800 line.** The DOJ and FTC's 2023 Merger Guidelines" in text


@pytest.mark.parametrize("steering, sign", [(0.25, 0), (0.4, 1), (0.1, -1)])
def test_parity_ban_alone_helps_sellers_only_above_the_steering_threshold(steering, sign):
    """Without a binding cap the ban changes the seller's margin by δ'(m − τ_out)·[st·w(1 − ρ) − (1 − w)ρ]
    (δ' the lost share before the ban): exactly zero at the lecture's parameters (0.25·0.8·0.5 =
    0.2·0.5), the claim lesson 10's section 7 makes."""
    base = dict(margin=0.6, outside_take=0.15, lost_share=0.7, steering=steering)
    gain = (policy_outcome(**base, parity_ban=True).seller_margin
            - policy_outcome(**base).seller_margin)
    rule = 0.7 * 0.45 * (steering * PLATFORM_SALES * 0.5 - (1 - PLATFORM_SALES) * 0.5)
    assert gain == pytest.approx(rule, abs=1e-12)
    assert np.sign(round(gain, 12)) == sign


def test_parity_ban_under_a_binding_cap_costs_sellers_the_off_platform_premium():
    base = dict(margin=0.6, outside_take=0.15, lost_share=0.7, fee_cap=0.3)
    gain = (policy_outcome(**base, parity_ban=True).seller_margin
            - policy_outcome(**base).seller_margin)
    assert gain == pytest.approx(-(1 - PLATFORM_SALES) * 0.5 * (0.3 - 0.15))


def test_lock_in_axis_fits_the_margin():
    """The y-axis tops out near the ceiling m (the curve's highest point), never below it."""
    from valueloops.charts.power import LockInChart

    chart = LockInChart()
    for margin in np.arange(0.1, 0.81, 0.05):
        chart.render(lost_share=0.3, margin=float(margin), outside_take=0.15)
        top = chart.figure.axes[0].get_ylim()[1]
        assert top >= margin
    chart.render(lost_share=0.3, margin=0.5, outside_take=0.15)  # the lecture's static views
    assert chart.figure.axes[0].get_ylim()[1] <= 0.6


@pytest.mark.parametrize("cap, loss", [(0.30, 0.015), (0.38, 0.2 * 0.5 * 0.23), (0.40, 0.0195)])
def test_parity_ban_markup_rule_holds_only_for_caps_at_or_below_the_post_ban_ceiling(cap, loss):
    """(1 − w)·ρ·(cap − τ_out) is the sellers' loss only while the cap still binds after the ban
    (cap ≤ the post-ban τ*, 38.625%); at a 40% cap they lose 1.95 cents, not 2.5."""
    base = dict(margin=0.6, outside_take=0.15, lost_share=0.7, fee_cap=cap)
    kept, banned = policy_outcome(**base), policy_outcome(**base, parity_ban=True)
    assert banned.sustainable_take == pytest.approx(0.38625)
    assert kept.seller_margin - banned.seller_margin == pytest.approx(loss)
    rule = (1 - PLATFORM_SALES) * 0.5 * (cap - 0.15)
    assert (loss == pytest.approx(rule)) == (cap <= banned.sustainable_take)
