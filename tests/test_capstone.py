"""Lesson 11 (capstone): loop models as data, their classification and validation, the case run."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pytest

from valueloops.capstone import (BALANCING, REINFORCING, CaseResult, Link, Loop, LoopModel,
                                 RentalParameters, cold_chain_model, cold_chain_parameters,
                                 loop_polarity, parameter_problems, parameter_table,
                                 renters_that_fit, run_case)
from valueloops.capstone import case_summary, worked_example_lines


def population() -> LoopModel:
    """Sterman (2000), Business Dynamics, ch. 5: births reinforce, deaths balance a population."""
    return LoopModel(firm="Textbook", asset="none", nodes=("Births", "Population", "Deaths"),
                     links=(Link("Births", "Population", +1), Link("Population", "Births", +1),
                            Link("Population", "Deaths", +1), Link("Deaths", "Population", -1)))


# --- links and loop polarity ------------------------------------------------------------------
@pytest.mark.parametrize("signs, polarity", [
    ((1, 1, 1), 1), ((1, -1), -1), ((-1, -1), 1), ((-1, -1, -1), -1), ((1, -1, 1, -1, 1), 1),
    ((-1,), -1),
])
def test_polarity_is_the_product_of_signs(signs, polarity):
    assert loop_polarity(signs) == polarity
    assert Loop(tuple(f"n{i}" for i in range(len(signs))), signs).kind == (
        REINFORCING if polarity > 0 else BALANCING)


def test_polarity_refuses_empty_and_non_unit_signs():
    with pytest.raises(ValueError, match="at least one link"):
        loop_polarity(())
    with pytest.raises(ValueError, match=r"\+1 or -1"):
        loop_polarity((1, 2))


@pytest.mark.parametrize("sign", [0, 2, -2, True, "+"])
def test_link_sign_must_be_plus_or_minus_one(sign):
    with pytest.raises(ValueError, match=r"must be \+1 .* or -1"):
        Link("A", "B", sign)


@pytest.mark.parametrize("source", ["", "  ", None, 3])
def test_link_needs_node_names(source):
    with pytest.raises(ValueError, match="source must be a node name"):
        Link(source, "B", 1)


def test_link_is_frozen():
    link = Link("A", "B", -1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        link.sign = 1  # type: ignore[misc]


# --- finding and classifying loops ---------------------------------------------------------------
def test_textbook_population_has_one_loop_of_each_kind():
    model = population()
    assert model.problems() == []
    kinds = {str(loop): loop.kind for loop in model.loops()}
    assert kinds == {"Births → Population → Births": REINFORCING,
                     "Population → Deaths → Population": BALANCING}


def test_each_loop_is_found_once_whatever_the_drawing():
    # a 3-cycle A→B→C→A, a 2-cycle B→C→B, and a self-loop on D reached from A and back
    model = LoopModel("F", "x", ("A", "B", "C", "D"),
                      (Link("A", "B"), Link("B", "C"), Link("C", "A"), Link("C", "B", -1),
                       Link("A", "D"), Link("D", "A", -1), Link("D", "D", -1)))
    loops = sorted(str(loop) for loop in model.loops())
    assert loops == ["A → B → C → A", "A → D → A", "B → C → B", "D → D"]
    table = model.loop_table()
    assert list(table.columns) == ["loop", "links", "negative_links", "kind"]
    assert table["links"].sum() == 3 + 2 + 2 + 1


def test_cold_chain_worked_example_has_two_reinforcing_and_one_balancing_loop():
    model = cold_chain_model()
    assert model.validate() is model
    table = model.loop_table()
    assert sorted(table["kind"]) == [BALANCING, REINFORCING, REINFORCING]
    balancing = table[table["kind"] == BALANCING].iloc[0]
    assert balancing["negative_links"] == 1 and "Service at peak" in balancing["loop"]
    assert model.firm and model.asset


# --- validation in plain words -------------------------------------------------------------------
def replace_links(model: LoopModel, links) -> LoopModel:
    return dataclasses.replace(model, links=tuple(links))


def test_unknown_node_is_named():
    model = population()
    bad = replace_links(model, [*model.links[:3], Link("Deaths", "Populaton", -1)])
    found = " ".join(bad.problems())
    assert "'Populaton' is not one of the model's nodes" in found


def test_a_loop_that_does_not_close_is_named():
    model = population()
    bad = dataclasses.replace(model, nodes=(*model.nodes, "Graves"),
                              links=(*model.links, Link("Deaths", "Graves", +1)))
    found = bad.problems()
    assert any("does not close" in p and "'Graves' back to 'Deaths'" in p for p in found)


def test_no_balancing_link_and_no_balancing_loop_are_told_apart():
    model = population()
    all_plus = replace_links(model, [dataclasses.replace(l, sign=1) for l in model.links])
    assert any("no balancing link" in p for p in all_plus.problems())
    two_minus = replace_links(model, [*model.links[:2], Link("Population", "Deaths", -1),
                                      Link("Deaths", "Population", -1)])
    found = two_minus.problems()
    assert any("no balancing loop" in p for p in found)
    assert not any("no balancing link" in p for p in found)


def test_no_reinforcing_loop_is_named():
    model = population()
    bad = replace_links(model, [Link("Births", "Population", -1), *model.links[1:]])
    assert any("no reinforcing loop" in p for p in bad.problems())


def test_empty_firm_asset_duplicates_and_loose_nodes_are_named():
    model = population()
    bad = LoopModel(firm=" ", asset="", nodes=(*model.nodes, "Births", "Loose"),
                    links=(*model.links, Link("Births", "Population", +1)))
    found = " | ".join(bad.problems())
    for fragment in ("firm is empty", "asset is empty", "'Births' is listed twice",
                     "appears twice", "'Loose' has no links"):
        assert fragment in found
    with pytest.raises(ValueError, match="firm is empty"):
        bad.validate()


def test_links_must_be_links():
    found = LoopModel("F", "x", ("A", "B"), (("A", "B", 1),)).problems()
    assert any("is not a Link" in p for p in found)
    assert any("links is empty" in p for p in found)


# --- the numbers ---------------------------------------------------------------------------------
def pooled_by_hand(n, mean=150.0, sd=60.0, z=1.65, rho=0.3):
    return n * mean + z * sd * math.sqrt(n * (1 + (n - 1) * rho))


def test_renters_that_fit_by_hand():
    # 24 renters need 3600 + 99·√189.6 = 4963.2 units pooled; 25 need 3750 + 99·√205 = 5167.5
    assert pooled_by_hand(24) == pytest.approx(4963.18, abs=0.01)
    assert pooled_by_hand(25) == pytest.approx(5167.47, abs=0.01)
    assert renters_that_fit(5000, 150, 60, 1.65, 0.3) == 24
    assert renters_that_fit(pooled_by_hand(25), 150, 60, 1.65, 0.3) == 25
    # fully correlated demand gains nothing from pooling: n = floor(spare / (μ + zσ))
    assert renters_that_fit(5000, 150, 60, 1.65, 1.0) == math.floor(5000 / 249)
    assert renters_that_fit(100, 150, 60, 1.65, 0.3) == 0
    assert renters_that_fit(0, 150, 60, 1.65) == 0


def test_pooling_fits_more_renters_than_sizing_each_separately():
    separate = math.floor(5000 / 249)
    assert renters_that_fit(5000, 150, 60, 1.65, 0.0) > renters_that_fit(5000, 150, 60, 1.65, 0.3) > separate


def test_renters_that_fit_counts_a_cloud_and_refuses_beyond_a_billion():
    # two million servers spare, five each with no spread: exactly 400,000 renters (above the old cap)
    assert renters_that_fit(2_000_000, 5, 0, 1.65) == 400_000
    assert renters_that_fit(2_000_000, 5, 1, 2.0, 0.1) < 400_000
    with pytest.raises(ValueError, match="more than MAX_RENTERS"):
        renters_that_fit(1e10, 1, 0, 0)


def test_the_validator_refuses_what_the_models_cannot_run():
    p = cold_chain_parameters()
    for change, fragment in ((dict(capacity=200.0), "room for no renter"),
                             (dict(capacity=1e12, renter_mean=1.0, renter_sd=0.0), "more than MAX_RENTERS"),
                             (dict(outside_take=0.0, lost_share=0.0), "the fee is zero"),
                             (dict(push=10**400), "push is too large")):
        found = parameter_problems(dataclasses.replace(p, **change))
        assert any(fragment in f for f in found), (change, found)


def test_a_self_loop_is_named():
    model = population()
    bad = dataclasses.replace(model, links=(*model.links, Link("Deaths", "Deaths", -1)))
    assert any("joins a node to itself" in p for p in bad.problems())


def test_renters_that_fit_refuses_negative_spare():
    with pytest.raises(ValueError, match="spare must be in"):
        renters_that_fit(-1, 150, 60, 1.65)


def test_worked_example_case_by_hand():
    result = run_case(cold_chain_parameters())
    assert isinstance(result, CaseResult)
    assert result.spare == pytest.approx(20_000 * 0.25)
    assert result.fit == 24
    assert result.pooled == pytest.approx(pooled_by_hand(24))
    assert result.separate == pytest.approx(24 * 249)
    assert result.take_rate == pytest.approx(0.04 + 0.3 * (0.25 - 0.04))          # 0.103
    assert result.fee == pytest.approx(0.103 * 400)                                 # 41.2
    assert result.revenue_per_year == pytest.approx(12 * 41.2 * 24)                 # 11,865.6
    assert result.demand.iloc[-1] == pytest.approx(1.2 * (1 - 0.97 ** 36) / 0.03)   # 26.64
    assert result.served.iloc[-1] == 24
    unit = (1.2 * 0.08 * 1.08 ** 15 / (1.08 ** 15 - 1) + 0.45) / 12                 # US$0.049k
    assert result.cost_per_year == pytest.approx(12 * unit * pooled_by_hand(24))
    assert result.profit_per_year == pytest.approx(result.revenue_per_year - result.cost_per_year)
    # one margin: the fee less the space one served renter uses, for the profit line and the CLV
    assert result.cost_per_renter == pytest.approx(unit * pooled_by_hand(24) / 24)    # US$10.2k
    margin = 41.2 - unit * pooled_by_hand(24) / 24                                     # US$31.0k
    assert result.margin_per_renter == pytest.approx(margin)
    assert result.service_margin == pytest.approx(margin / 41.2)                       # 0.75
    assert result.profit_per_year == pytest.approx(12 * 24 * margin)
    assert result.clv == pytest.approx(margin * 0.95 / (1 + 0.01 - 0.95))              # 490.9


def test_served_renters_are_whole_and_never_above_demand():
    result = run_case(dataclasses.replace(cold_chain_parameters(), own_use=0.6))
    served = result.served.to_numpy()
    np.testing.assert_array_equal(served, np.floor(served))
    assert (served <= result.demand.to_numpy() + 1e-9).all() and served[-1] == 26   # 26.6 want in


def test_gain_below_retention_is_refused():
    found = parameter_problems(dataclasses.replace(cold_chain_parameters(), gain=0.9))
    assert any("gain must be at least retention" in p for p in found), found


def test_capping_the_path_equals_capping_every_month():
    p = cold_chain_parameters()
    for gain in (0.95, 0.97, 1.0, 1.2):
        result = run_case(dataclasses.replace(p, gain=gain))
        x, path = 0.0, [0.0]
        for _ in range(p.months):
            x = min(gain * x + p.push, result.fit)
            path.append(x)
        np.testing.assert_allclose(result.served.to_numpy(), np.floor(np.array(path) + 1e-9))


def test_more_own_use_leaves_room_for_fewer_renters():
    p = cold_chain_parameters()
    fits = [run_case(dataclasses.replace(p, own_use=u)).fit for u in (0.3, 0.5, 0.75, 0.95)]
    assert fits == sorted(fits, reverse=True) and fits[0] > fits[-1]


@pytest.mark.parametrize("change, fragment", [
    (dict(own_use=1.0), "own_use must be in [0, 1)"),
    (dict(months=0), "months must be a whole number"),
    (dict(gain=-0.1), "gain must be in [0, 1.5]"),
    (dict(unit_cost=-1.0), "unit_cost must be in [0, 1e+12]"),
    (dict(correlation=-0.2), "correlation must be in [0, 1]"),
    (dict(correlation=1.2), "correlation = 1.2: a share cannot exceed 1 (you gave 1.2)"),
    (dict(correlation=12.0), "correlation = 12 looks like a percent: give a share between 0 and 1 (0.12 for 12%)"),
    (dict(renter_mean=0.0), "renter_mean must be in (0, 1e+12]"),
    (dict(outside_take=0.3), "outside_take (0.3) must not exceed renter_margin (0.25): a renter whose"),
    (dict(retention=1.0), "lifetime value (lesson 09): retention"),
    (dict(renter_margin=0.0), "take rate (lesson 10"),
    (dict(capacity="20000"), "capacity must be a number"),
])
def test_parameter_problems_name_the_field_and_bound(change, fragment):
    params = dataclasses.replace(cold_chain_parameters(), **change)
    found = parameter_problems(params)
    assert any(fragment in p for p in found), found
    with pytest.raises(ValueError, match=re.escape(fragment)):
        run_case(params)


def test_worked_example_parameters_are_within_bounds():
    assert parameter_problems(cold_chain_parameters()) == []
    assert parameter_problems("not parameters") == ["expected RentalParameters(...), got str"]
    table = parameter_table(cold_chain_parameters())
    assert len(table) == len(dataclasses.fields(RentalParameters)) and table["value"].iloc[0] == 0.97


# --- the chart -----------------------------------------------------------------------------------
def test_rental_chart_summary_and_message():
    from valueloops.charts.capstone import RentalChart, draw_loop_model

    chart = RentalChart()
    png, text = chart.render()
    assert png is not None and "Room for 24 renters" in text and "US$11.9m a year" in text
    assert "US$8.9m after the cost of the space" in text and "5,000 spare units;" in text
    # the lecture names the worked example's unit (review r19c, defect 7)
    png, text = RentalChart(unit="pallet positions").render()
    assert "Room for 24 renters in 5,000 spare pallet positions;" in text, text
    png, text = RentalChart(dataclasses.replace(cold_chain_parameters(), outside_take=0.5)).render()
    assert png is None and "must not exceed renter_margin" in text
    fig = draw_loop_model(cold_chain_model())
    title = fig.axes[0].get_title(loc="left") or fig.axes[0].get_title()
    assert "2 reinforcing loops, 1 balancing loop" in title and "loop(s)" not in title


# --- the checks of lesson 11 ---------------------------------------------------------------------
def test_the_worked_example_is_refused_and_another_firm_passes_saying_what_was_not_checked():
    from valueloops.checks import CORRECT, WRONG, evaluate
    from valueloops.checks.lesson11 import studio_model, studio_parameters

    # handing back the lecture's worked example earns a hint, not "correct"
    for exercise, answer in (("11.1", cold_chain_model()), ("11.3", cold_chain_parameters())):
        feedback = evaluate(exercise, answer)
        assert feedback.status == WRONG and "worked example" in feedback.message, feedback
    model_fb = evaluate("11.1", studio_model())
    assert model_fb.status == CORRECT and "2 reinforcing loops and 1 balancing loop" in model_fb.message
    assert "structure only" in model_fb.message and "not checked" in model_fb.message
    params_fb = evaluate("11.3", studio_parameters())
    assert params_fb.status == CORRECT and "within bounds, not that they are plausible" in params_fb.message
    assert "not checked" in params_fb.message
    # a derive check refuses the package's own function (COURSE.md section 7)
    own = evaluate("11.2", loop_polarity)
    assert own.status == WRONG and "the package's own loop_polarity" in own.message
    # a model with several problems shows the first and counts the rest
    broken = dataclasses.replace(population(), firm="", asset="")
    feedback = evaluate("11.1", broken)
    assert feedback.status == WRONG and "firm is empty" in feedback.message and "1 more" in feedback.message


@pytest.mark.parametrize("nodes, links", [("Renters", ()), (("A",), Link("A", "A")), (..., ())])
def test_nodes_and_links_must_be_tuples(nodes, links):
    with pytest.raises(ValueError, match="must be a tuple such as"):
        LoopModel("F", "x", nodes, links)


def test_the_rental_charts_axis_fits_freed_space():
    """Review of lesson 11: at own use 0.6 (38 renters) the axis went to 100 with all data under 40."""
    from valueloops.charts.capstone import RentalChart

    chart = RentalChart()
    chart.render(gain=0.97, own_use=0.6)
    assert chart._fig.axes[0].get_ylim()[1] == 50


def test_lecture_11_says_the_diagrams_cost_to_price_link_is_not_in_run_case():
    """R1 runs through "cost per pallet → rental price", but run_case charges the ceiling τ*
    whatever the cost (exercise 11.6): the lecture says so once, in section 6."""
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).parents[1] / "notebooks" / "11_capstone.ipynb").read_text())["cells"]
    text = [" ".join("".join(c["source"]).split()) for c in cells]
    caption = next(i for i, t in enumerate(text) if t.startswith("*FreshMart's rental business"))
    under_diagram = " ".join(text[caption:caption + 2])   # the two-line caption and its note
    assert "renters' service" in under_diagram and "hence the price" not in under_diagram
    start = next(i for i, t in enumerate(text) if "## 6. What the model leaves out" in t)
    end = next(i for i, t in enumerate(text) if "## 7." in t)
    section6 = " ".join(text[start:end])
    assert "Neither reinforcing loop of the diagram is in `run_case`" in section6
    assert "R2 (data → planning → spoilage → renters)" in section6      # both named (round 9)
    assert "0.02 referrals have no node in the diagram" in section6
    # said once, in section 6 (round-8 read: it was under the diagram, in section 6 and in 11.6)
    assert sum(t.count("cost per pallet → rental price") for t in text) == 1
    from valueloops.checks.lesson11 import CHECKS
    assert not any("rental price" in h for h in CHECKS["11.6"].hints.values())
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert sum("import dataclasses" in c for c in code) == 1
    assert "makes the space go round" not in " ".join(text)


def test_worked_example_rents_cold_storage_only_and_costs_what_storage_needs():
    """The fee, the outside option and the costs are all for storage: no transport in the story
    (a fee for storage and transport against the cost of storage alone inflated the margin)."""
    from valueloops import capstone

    model = cold_chain_model()
    words = " ".join([model.asset, *model.nodes]).lower()
    assert "storage" in model.asset and not any(w in words for w in ("rout", "truck", "transport", "logistics"))
    assert capstone.COLD_CHAIN_OPEX >= 0.3          # power, upkeep, handling staff, insurance: US$25+ a month
    case = run_case(cold_chain_parameters())
    assert case.service_margin < 0.8                # the lecture's 75%, not the old 90%


def _crosses(a, b, c, d) -> bool:
    def turn(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return turn(a, b, c) * turn(a, b, d) < 0 and turn(c, d, a) * turn(c, d, b) < 0


def test_worked_example_diagram_has_no_crossing_arrows():
    """Each loop's nodes sit next to each other on the ring: no two arrows (as chords) cross."""
    from valueloops.charts.capstone import _layout

    model = cold_chain_model()
    pos = _layout(model)
    chords = [(pos[l.source], pos[l.target]) for l in model.links]
    crossing = [(model.links[i], model.links[j]) for i in range(len(chords)) for j in range(i + 1, len(chords))
                if _crosses(*chords[i], *chords[j])]
    assert not crossing, crossing


def test_worked_example_lines_match_run_case():
    from valueloops.capstone import worked_example_lines

    params = cold_chain_parameters()
    case = run_case(params)
    lines = worked_example_lines(params)
    assert lines[1].startswith(f"renters that fit: {case.fit} ")
    assert any(f"fee US${case.fee:,.1f}k a month" in line for line in lines)


def test_lecture_11_says_the_renter_loop_leaks_and_building_pays_only_on_the_models_terms():
    """G = 0.97 < 1: the renters' loop does not reinforce; "does building pay" is conditional."""
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).parents[1] / "notebooks" / "11_capstone.ipynb").read_text())["cells"]
    text = [" ".join("".join(c["source"]).split()) for c in cells]
    models = next(t for t in text if t.startswith("## 4. The numbers"))
    assert "This loop leaks, it does not reinforce" in models and "lesson 01) Renters" not in models
    pays = next(t for t in text if t.startswith("**Does building space for renters pay?**"))
    # round 12: building pays only up to the demand the push sustains, in the cell and the takeaway
    assert "On the model's terms, yes, but only up to the demand the push sustains" in pays
    assert "Each renter served pays the ceiling fee and no rival prices against it" in pays
    assert "38 renters would fit, but by month 36 only 26 are served" in pays
    freed = run_case(dataclasses.replace(cold_chain_parameters(), own_use=0.6))
    assert (freed.fit, int(freed.served.iloc[-1])) == (38, 26)
    assert cold_chain_parameters().push / (1 - cold_chain_parameters().gain) == pytest.approx(40)
    takeaway = next(t for t in text if t.startswith("*Takeaway: rent is capped by whichever binds first"))
    assert "pays only up to the demand the push sustains" in takeaway and "moves the cap" not in takeaway
    guide = " ".join((Path(__file__).parents[1] / "instructors" / "11_capstone.md").read_text().split())
    assert "pays only up to the demand the push sustains" in guide
    assert "(a US\\$16k fee against US\\$10.2k of space)" in pays
    case = run_case(dataclasses.replace(cold_chain_parameters(), lost_share=0.0))
    assert round(case.fee) == 16 and round(case.cost_per_renter, 1) == 10.2
    solution = json.loads((Path(__file__).parents[1] / "solutions" / "11_capstone.ipynb").read_text())
    pitch = " ".join("".join(solution["cells"][27]["source"]).split())
    assert "Two reinforcing loops make the business grow" not in pitch
    assert "The model contains neither: its renter loop leaks" in pitch


# --- round 12 review (lesson 11) -----------------------------------------------------------------
@pytest.mark.parametrize("wrong, words", [
    (lambda signs: sum(1 for s in signs if s < 0), "how many -1 links the loop has"),
    (lambda signs: sum(1 for s in signs if s < 0) % 2, "right rule, wrong code"),
])
def test_11_2_names_a_count_of_negative_links(wrong, words):
    from valueloops.checks import WRONG, evaluate

    feedback = evaluate("11.2", wrong)
    assert feedback.status == WRONG and words in feedback.message, feedback.message
    assert "by hand" not in feedback.message


def test_11_3_refuses_an_outside_fee_above_the_margin_in_a_renters_words():
    from valueloops.checks import WRONG, evaluate
    from valueloops.checks.lesson11 import studio_parameters

    feedback = evaluate("11.3", dataclasses.replace(studio_parameters(), outside_take=0.4))
    assert feedback.status == WRONG and "must not exceed renter_margin (0.3)" in feedback.message
    assert "a renter whose next-best option" in feedback.message and "seller" not in feedback.message


def test_case_summary_sets_the_cost_against_the_fee():
    """'fee US$14k, of which the capacity costs US$26k' was false: the cost is not part of the fee."""
    worked = case_summary(cold_chain_parameters())[1]
    assert "fee US$41k a month, against which the capacity a renter uses costs US$10k;" in worked
    costly = dataclasses.replace(cold_chain_parameters(), unit_cost=0.125, lost_share=0.0,
                                 outside_take=0.035)
    assert parameter_problems(costly) == []
    line = case_summary(costly)[1]
    assert "of which" not in line and "against which" in line and "(more than the fee)" in line, line


def test_worked_example_lines_use_the_course_arrow_and_times_sign():
    lines = " ".join(worked_example_lines(cold_chain_parameters()))
    assert "->" not in lines and "x 12" not in lines
    assert "of a renter's sales → fee US$41.2k" in lines and "run-rate (× 12)" in lines


def test_rental_chart_labels_the_capacity_line_apart_from_the_long_run_level():
    """At own use 0.6 the capacity line (38) lies just under the long-run level (40): each is
    labelled at its right end, on the side away from the other."""
    from valueloops.charts.capstone import RentalChart

    chart = RentalChart()
    chart.render(gain=0.97, own_use=0.6)
    assert chart.fit_text.get_text() == "room for 38" and chart.fit_text.get_va() == "top"
    assert chart.fit_text.get_position()[1] < 38
    assert chart.level_text.get_va() == "bottom" and chart.level_text.get_position()[1] > 40
    chart.render(gain=0.965, own_use=0.6)   # the level (34) just under the capacity: labels swap
    assert chart.level_text.get_va() == "top" and chart.fit_text.get_va() == "bottom"


# --- round 14 (review round 13) of lesson 11 ----------------------------------------------------------
def test_lecture_11_prints_each_loop_in_full_and_names_the_peak_function():
    import json

    from valueloops.capstone import cold_chain_model
    from valueloops.paths import ROOT

    cells = json.loads((ROOT / "notebooks" / "11_capstone.ipynb").read_text(encoding="utf-8"))["cells"]
    table = next(c for c in cells if c["cell_type"] == "code" and "loop_table()" in "".join(c["source"]))
    shown = "".join("".join(o.get("data", {}).get("text/plain", o.get("text", "")))
                    for o in table["outputs"])
    for loop in cold_chain_model().loop_table()["loop"]:
        assert loop in shown, (loop, shown)
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "`peak.size_capacity(demand, headroom)`" in text
    assert "the whole renters in" not in text and "counting whole renters" in text


def test_rental_chart_gain_label_says_kept_plus_referred():
    from valueloops.charts.capstone import RentalChart

    label = next(s.label for s in RentalChart.controls if s.name == "gain")
    assert "kept + referred" in label and "brought back" not in label


def test_worked_example_lines_give_the_fee_per_pallet_against_the_outside_option():
    """Round 12 (y11): the fee per pallet position (fee ÷ positions) and its multiple of the outside option's."""
    from valueloops.capstone import worked_example_lines

    params = cold_chain_parameters()
    case = run_case(params)
    positions = case.cost_per_renter / params.unit_cost
    outside = params.outside_take * params.renter_sales / positions
    assert round(case.fee / positions * 1000) == 199 and round(outside * 1000) == 77
    assert "the fee per pallet position: US$199 a month, 2.6× the outside option's US$77" in \
        worked_example_lines(params)
