"""Lesson 11's checks (issue 22): honest cases pass, near-copies are refused saying why, and no
parameters make check("11.3"), the student's "what the models say" cell or the grader raise."""

from __future__ import annotations

import dataclasses
import re
import math

import nbformat
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plot_pairs import PlotPair
from test_trusted import through_the_reader
from valueloops.capstone import (MAX_RENTERS, Link, LoopModel, RentalParameters, case_summary,
                                 cold_chain_model, cold_chain_parameters, parameter_problems,
                                 run_case)
from valueloops.checks import CORRECT, NOT_ANSWERED, WRONG, CheckFailed, check, evaluate, spec_for
from valueloops.checks import lesson11
from valueloops.paths import EXERCISES, ROOT, SOLUTIONS


# --- honest cases: two real firms' hidden assets, illustrative numbers -----------------------------
def cainiao_model() -> LoopModel:
    """Alibaba's Cainiao: the logistics data platform built for Alibaba's marketplaces, offered to
    outside merchants and couriers. Three loops through parcels routed and delivery time."""
    return LoopModel(
        firm="Alibaba Group",
        asset="Cainiao, the logistics data platform built for its marketplaces, offered to outside "
              "merchants and couriers (data and a capability)",
        nodes=("Merchants on\nCainiao", "Parcels routed", "Delivery data", "Route accuracy",
               "Delivery time", "Courier partners", "Sorting-centre\nload"),
        links=(Link("Merchants on\nCainiao", "Parcels routed", +1),
               Link("Parcels routed", "Delivery data", +1),           # R1: data improves routes
               Link("Delivery data", "Route accuracy", +1),
               Link("Route accuracy", "Delivery time", -1),
               Link("Delivery time", "Merchants on\nCainiao", -1),
               Link("Parcels routed", "Courier partners", +1),        # R2: volume draws couriers
               Link("Courier partners", "Delivery time", -1),
               Link("Parcels routed", "Sorting-centre\nload", +1),   # B1: sorting centres fill up
               Link("Sorting-centre\nload", "Delivery time", +1)))


def cainiao_parameters() -> RentalParameters:
    """Illustrative: capacity in thousand parcels a month of sorting; a renter is a merchant."""
    return RentalParameters(
        gain=1.0, push=40.0, months=36,       # 97% kept + 0.03 referrals; 40 merchants a month signed
        capacity=60_000.0, own_use=0.8,       # thousand parcels a month; Alibaba's own at Singles' Day
        unit_cost=0.4,                        # US$ thousands per thousand parcels of sorting a month
        renter_mean=6.0, renter_sd=5.0,       # thousand parcels a month per merchant
        service_z=2.0, correlation=0.6,       # merchants all peak at Singles' Day
        renter_margin=0.12, outside_take=0.06, lost_share=0.15,   # a courier's fee, share of sales
        renter_sales=250.0, retention=0.97, discount=0.008)


def microsoft_model() -> LoopModel:
    """Microsoft's data centres and the skill of running them, built for its own online services,
    rented out as Azure: scale lowers cost and price; enterprise agreements bundle Azure with
    licences; load on the data centres limits availability."""
    return LoopModel(
        firm="Microsoft",
        asset="the data centres and operations skill built for Bing, Xbox Live and Office 365, "
              "rented out as Azure (a capability)",
        nodes=("Azure customers", "Servers in use", "Cost per\nserver-hour", "Azure price",
               "Enterprise\nagreements", "Data-centre load", "Availability"),
        links=(Link("Azure customers", "Servers in use", +1),        # R1: scale lowers price
               Link("Servers in use", "Cost per\nserver-hour", -1),
               Link("Cost per\nserver-hour", "Azure price", +1),
               Link("Azure price", "Azure customers", -1),
               Link("Azure customers", "Enterprise\nagreements", +1),  # R2: bundled with licences
               Link("Enterprise\nagreements", "Azure customers", +1),
               Link("Azure customers", "Data-centre load", +1),      # B1: load limits availability
               Link("Data-centre load", "Availability", -1),
               Link("Availability", "Azure customers", +1)))


def microsoft_parameters() -> RentalParameters:
    """Illustrative, cloud-sized: two million servers, five a renter (the case issue 22 found)."""
    return RentalParameters(
        gain=1.02, push=500.0, months=60,     # 98% kept + 0.04 referrals; 500 new customers a month
        capacity=2_000_000.0, own_use=0.3,    # servers; Microsoft's own services at their peak
        unit_cost=0.25,                       # US$ thousands per server a month (owning, lesson 07)
        renter_mean=5.0, renter_sd=3.0,       # servers per customer
        service_z=2.33, correlation=0.2,      # 99% of hours; customers' peaks mostly differ
        renter_margin=0.3, outside_take=0.03, lost_share=0.1,
        renter_sales=40.0, retention=0.98, discount=0.008)


HONEST = [(cainiao_model, cainiao_parameters), (microsoft_model, microsoft_parameters),
          (lesson11.studio_model, lesson11.studio_parameters)]


@pytest.mark.parametrize("model, params", HONEST, ids=["cainiao", "microsoft", "studio"])
def test_honest_cases_pass_in_place_and_through_the_grader(model, params):
    for exercise, answer in (("11.1", model()), ("11.3", params())):
        feedback = evaluate(exercise, answer)
        assert feedback.status == CORRECT, feedback
        assert through_the_reader(exercise, spec_for(exercise), answer).status == CORRECT


def test_the_cloud_sized_case_runs():
    case = run_case(microsoft_parameters())
    assert case.fit > 100_000 and case.served.iloc[-1] > 0      # above the old cap of 100,000
    assert case.profit_per_year == pytest.approx(12 * case.served.iloc[-1] * case.margin_per_renter)


# --- copies: refused, saying why; the shape alone: passed, with a warning -------------------------
def with_a_loop_added(model: LoopModel, links: int = 4) -> LoopModel:
    """A published model, its names kept, under another firm, with 2 nodes and ``links`` links
    more (a reinforcing loop through them): the review's disguise."""
    first = model.nodes[0]
    extra = (Link(first, "Marketing", +1), Link("Marketing", "Brand", +1), Link("Brand", first, +1),
             Link(model.nodes[1], "Marketing", +1), Link("Brand", "Marketing", +1))[:links]
    return dataclasses.replace(model, firm="Nordic Foods", asset="its chilled warehouses",
                               nodes=(*model.nodes, "Marketing", "Brand"), links=(*model.links, *extra))


def copies():
    """Real copies: a published firm, or its node names (with its shape or not)."""
    worked, harvest = cold_chain_model(), lesson11.harvest_model()
    yield worked, "worked example"
    yield dataclasses.replace(worked, links=(*worked.links, Link("Rental price", "Demand data", -1)),
                              firm="Acme", asset="its trucks and stores"), "11 of its 11 links, between its node names"
    yield with_a_loop_added(worked), "11 of its 11 links, between its node names, are yours"
    yield with_a_loop_added(harvest), "9 of its 9 links, between its node names, are yours"
    yield harvest, "published solution"
    yield dataclasses.replace(harvest, firm="Acme foods", asset="its shelf data"), "node for node"
    half = {"Cost per pallet": "Unit cost", "Space planning": "Slot planning"}   # 2 of 4 renamed
    yield dataclasses.replace(lesson11.renamed_nodes(worked, firm="Acme", asset="its cold stores"),
                              nodes=tuple(half.get(n, n) for n in worked.nodes),
                              links=tuple(Link(half.get(l.source, l.source), half.get(l.target, l.target),
                                               l.sign) for l in worked.links)), "the same shape"
    yield lesson11.two_node_model(), "does not name a firm"
    # r24e 11.1-a: placeholder names ("A", "B") are named before the structure
    yield dataclasses.replace(lesson11.two_node_model(), firm="Acme", asset="its two things"), \
        "are placeholders"
    yield LoopModel(firm="Acme", asset="its two things", nodes=("Renters", "Rent"),
                    links=(Link("Renters", "Rent", 1), Link("Rent", "Renters", 1),
                           Link("Renters", "Renters", -1))), "joins a node to itself"


@pytest.mark.parametrize("answer, why", list(copies()))
def test_copies_of_a_published_model_are_refused_saying_why(answer, why):
    feedback = evaluate("11.1", answer)
    assert feedback.status == WRONG and why in feedback.message, feedback


OWN_WORDS = ("Tenants", "Throughput", "Handling cost", "Storage fee", "Occupancy", "Peak service",
             "Shipment data", "Slot plans", "Waste", "Dock hours", "Forklift crews", "Yard space")
"""Real names for a relabelled published model (not placeholders such as "N1", refused since round 12)."""


def relabelled(model: LoopModel, firm: str = "Polar Freight",
               asset: str = "its chilled warehouses at night") -> LoopModel:
    """``model`` with every node renamed to :data:`OWN_WORDS` and another firm: its numbers
    (signed links) unchanged, its labels all new."""
    names = dict(zip(model.nodes, OWN_WORDS))
    return LoopModel(firm, asset, tuple(names.values()),
                     tuple(Link(names[l.source], names[l.target], l.sign) for l in model.links))


def _own(model: LoopModel, i: int) -> str:
    return model.nodes[i]


def shapes_only():
    """The published shapes under the learner's own names: honest firms may have them (FreshMart's
    whole diagram renamed, give or take one link, is refused since round 12: see below)."""
    worked, harvest = relabelled(cold_chain_model()), relabelled(lesson11.harvest_model())
    yield dataclasses.replace(worked, links=(*worked.links, Link(_own(worked, 2), _own(worked, 5), 1),
                                             Link(_own(worked, 5), _own(worked, 2), 1))), \
        "its shape plus 2 links"
    yield harvest, "the published solution"
    yield harvest, "the same shape (9 of your 9 links are its links"


@pytest.mark.parametrize("answer, why", list(shapes_only()))
def test_a_published_shape_under_own_names_passes_with_a_warning(answer, why):
    feedback = evaluate("11.1", answer)
    assert feedback.status == CORRECT, feedback
    assert "Warning: your diagram has the same shape as" in feedback.message and why in feedback.message
    assert "make sure each link is your firm's" in feedback.message
    assert through_the_reader("11.1", spec_for("11.1"), answer).status == CORRECT


def test_part_of_a_published_shape_is_9_or_more_of_its_11_links():
    """The guide's "9 or more of its 11 links": 9 of FreshMart's links (renamed) match its shape,
    8 do not (the rule's numbers, not the model's loops: a part must still close its loops)."""
    mine, theirs = lesson11._graph(lesson11.renamed_nodes(cold_chain_model())), lesson11._graph(cold_chain_model())
    links = sorted(mine[1])
    for keep, match in ((9, True), (8, False)):
        part = frozenset(links[:keep])
        nodes = frozenset(n for l in part for n in l[:2])
        assert (lesson11.shape_match((nodes, part), theirs) is not None) == match, keep
    assert (lesson11.shape_match(mine, theirs) or "").startswith("the same shape")


def test_no_honest_case_is_even_warned():
    """The studio has Harvest's three loops (R4, R3, B3): it is warned (see the loops' test), never refused."""
    for model, _ in HONEST:
        message = evaluate("11.1", model()).message
        if model is lesson11.studio_model:
            # round 9: joined chains show it is Harvest's shape with the signs moved
            assert "has the same shape as the published solution" in message, message
        else:
            assert "Warning" not in message, message


def test_near_copies_of_published_numbers_are_refused_saying_why():
    worked = lesson11.cold_chain_parameters()
    four_changed = dataclasses.replace(worked, push=2.0, capacity=30_000.0, renter_sales=450.0,
                                       months=24)     # 3 of the 14 compared changed: 11 kept
    for answer, why in ((four_changed, "11 of the 14 numbers compared are within 5% of those of the lecture's worked"),
                        (lesson11.harvest_parameters(), "published solution"),
                        (dataclasses.replace(lesson11.studio_parameters(), capacity=100.0), "room for no renter"),
                        (dataclasses.replace(lesson11.studio_parameters(), outside_take=0.0,
                                             lost_share=0.0), "the fee is zero")):
        feedback = evaluate("11.3", answer)
        assert feedback.status == WRONG and why in feedback.message, feedback


def test_the_published_solution_is_the_one_the_checks_refuse():
    """solutions/11_capstone.ipynb's answers to 11.1 and 11.3 are harvest_model() and
    harvest_parameters(): if the solution changes, the refusal follows it."""
    nb = nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4)
    ns: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and ("my_model =" in cell.source or "my_params =" in cell.source
                                         or cell.source.startswith("import dataclasses")):
            exec(cell.source, ns)  # noqa: S102 - the course's own solution
    assert ns["my_model"] == lesson11.harvest_model()
    assert ns["my_params"] == lesson11.harvest_parameters()


def test_a_blank_answer_is_not_answered():
    for exercise in ("11.1", "11.3"):
        assert evaluate(exercise, ...).status == NOT_ANSWERED


# --- no parameters make a check, the student's cell or the grader raise ----------------------------
ODD = st.sampled_from([None, "0.5", True, -1, 0, 1, 2, 10**400, float("nan"), float("inf"),
                       -float("inf"), 1e308, 5e-324, [1.0], MAX_RENTERS + 1])


ANYTHING = st.one_of(ODD, st.floats(allow_nan=True), st.integers(-10**13, 10**13), st.text(max_size=3))


@st.composite
def parameters(draw) -> RentalParameters:
    """Parameters over the whole space: each field within or near its model's bounds (so that most
    cases get as far as running the models, at the edges: room for no renter, for a billion, a fee
    near zero, a margin below zero), and often one field replaced by anything at all."""
    def share(high: float = 1.0) -> float:
        return draw(st.one_of(st.floats(0, high), st.sampled_from([0.0, high])))

    retention = share(0.999)
    margin = draw(st.floats(1e-6, 1.0))
    values = dict(
        gain=min(1.5, retention + share(0.6)), push=draw(st.floats(0, 1e5)),
        months=draw(st.integers(1, 600)), capacity=draw(st.floats(1e-3, 1e12)),
        own_use=share(0.999), unit_cost=draw(st.floats(0, 1e3)),
        renter_mean=draw(st.floats(1e-3, 1e6)), renter_sd=draw(st.floats(0, 1e6)),
        service_z=share(5.0), correlation=share(), renter_margin=margin,
        outside_take=share(margin), lost_share=share(), renter_sales=draw(st.floats(1e-3, 1e9)),
        retention=retention, discount=share())
    if draw(st.booleans()):
        values[draw(st.sampled_from(sorted(values)))] = draw(ANYTHING)
    return RentalParameters(**values)


RUNS: list = []


CRASHES = (dict(retention=10**400), dict(discount=10**400), dict(renter_sales=5e-324),
           dict(renter_sales=1e-200, lost_share=1e-200), dict(renter_sales=1e-300, outside_take=1e-10,
                                                              lost_share=0.0))
"""Parameters that once made check("11.3"), the "what the models say" cell or the grader raise
(review of lesson 11: an OverflowError printing retention, a fee that underflows to zero)."""


def _with_crash_cases(test):
    for change in CRASHES:
        test = example(dataclasses.replace(cold_chain_parameters(), **change))(test)
    return test


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parameters())
@_with_crash_cases
def test_no_parameters_make_the_check_the_students_cell_or_the_grader_raise(params):
    assert case_summary(params)           # the "what the models say" cell never raises
    feedback = evaluate("11.3", params)
    assert feedback.message and "could not run" not in feedback.message, feedback
    try:
        check("11.3", params)            # under pytest a failed check raises CheckFailed only
    except CheckFailed:
        pass
    if not parameter_problems(params):   # the student's "what the models say" cell runs
        RUNS.append(params)
        case = run_case(params)
        assert case.fit >= 1 and case.fee > 0 and math.isfinite(case.profit_per_year)
    graded = through_the_reader("11.3", spec_for("11.3"), params)
    assert graded.status == feedback.status, (graded, feedback)
    

def test_the_property_test_reaches_the_models():
    """Most of its cases pass the validator and run the models (it is not testing refusals only)."""
    if not RUNS:
        pytest.skip("run with the property test")
    assert len(RUNS) >= 50


def test_the_published_answer_passes_in_the_solutions_and_is_refused_by_the_grader(monkeypatch):
    """The solution notebook marks its own answers (published_answer) so its checks pass there (its
    kernel runs in solutions/); the grader reads only the fields, so the same answer handed in is
    refused, saying why; pasted into the exercise notebook (run in exercises/), the mark counts for
    nothing and the check refuses it there too, as the grader will."""
    for exercise, answer in (("11.1", lesson11.harvest_model()), ("11.3", lesson11.harvest_parameters())):
        marked = lesson11.published_answer(answer)
        monkeypatch.chdir(EXERCISES)
        pasted = evaluate(exercise, marked)
        assert pasted.status == WRONG and "published solution" in pasted.message, pasted
        monkeypatch.chdir(SOLUTIONS)
        assert evaluate(exercise, marked).status == CORRECT
        graded = through_the_reader(exercise, spec_for(exercise), marked)
        assert graded.status == WRONG and "published solution" in graded.message, graded
        assert evaluate(exercise, dataclasses.replace(answer)).status == WRONG   # unmarked copy


@pytest.mark.parametrize("change", CRASHES)
def test_the_crash_cases_are_refused_by_name(change):
    params = dataclasses.replace(cold_chain_parameters(), **change)
    found = parameter_problems(params)
    assert found and any(name in found[0] for name in ("retention", "discount", "fee")), found
    assert evaluate("11.3", params).status == WRONG
    assert case_summary(params)[0].startswith("Not yet (fix 11.3 first):")


# --- the review of lesson 11: honest models pass, copies are told how to get out -----------------
def studio_natural() -> LoopModel:
    """The studio's model with its balancing loop written the natural way (Licensees → Support
    load → Support delays −→ Licensees): the same signed shape as Harvest's."""
    good = lesson11.studio_model()
    links = tuple(link for link in good.links if "Support quality" not in (link.source, link.target))
    return dataclasses.replace(
        good, nodes=tuple("Support delays" if n == "Support quality" else n for n in good.nodes),
        links=(*links, Link("Support load", "Support delays", +1), Link("Support delays", "Licensees", -1)))


STUDIO_EXTRA = (Link("Engine quality", "Licence revenue", +1), Link("Support delays", "Engine quality", -1),
                Link("Engine development", "Support load", -1), Link("Plugins and\ntutorials", "Support load", -1))


def test_a_model_with_a_published_shape_passes_with_a_warning_until_it_has_its_own_links():
    natural = studio_natural()
    for extra in range(4):
        answer = dataclasses.replace(natural, links=(*natural.links, *STUDIO_EXTRA[:extra]))
        feedback = evaluate("11.1", answer)
        assert feedback.status == CORRECT, (extra, feedback)
        assert "Warning: your diagram has the same shape as the published solution" in feedback.message
    feedback = evaluate("11.1", dataclasses.replace(natural, links=(*natural.links, *STUDIO_EXTRA)))
    # its 11 loops still include FreshMart's three (R5, R4, B3): a loops warning, never a refusal
    assert feedback.status == CORRECT and "same shape" not in feedback.message, feedback.message


def ocado_model() -> LoopModel:
    """An honest 4-node model in the lecture's generic names (the reviewer's case)."""
    return LoopModel(
        firm="Ocado Group", asset="its automated warehouses and their software, rented to other grocers",
        nodes=("Renters", "Rental price", "Service at peak", "Picking utilization"),
        links=(Link("Renters", "Picking utilization", +1), Link("Picking utilization", "Rental price", -1),
               Link("Rental price", "Renters", -1), Link("Picking utilization", "Service at peak", -1),
               Link("Service at peak", "Renters", +1)))


def test_generic_node_names_and_firms_named_like_a_published_one_pass():
    assert evaluate("11.1", ocado_model()).status == CORRECT
    for firm in ("Harvest Terminals", "Harvest Sherwood Energy"):
        assert evaluate("11.1", dataclasses.replace(lesson11.studio_model(), firm=firm)).status == CORRECT
    for firm in ("FreshMart", "Harvest & Co.", "harvest & co (my version)"):
        feedback = evaluate("11.1", dataclasses.replace(lesson11.studio_model(), firm=firm))
        assert feedback.status == WRONG and "the firm's name contains" in feedback.message, feedback


@pytest.mark.parametrize("links", [3, 4, 5])
def test_a_published_model_with_links_added_is_refused_however_many(links):
    for model in (cold_chain_model(), lesson11.harvest_model()):
        feedback = evaluate("11.1", with_a_loop_added(model, links))
        assert feedback.status == WRONG and "links, between its node names, are yours" in feedback.message


def tesco_model() -> LoopModel:
    """An honest data model that reuses 4 of Harvest's node names for its own R loop, with a B loop
    of its own (the review's case, once refused as a copy)."""
    return LoopModel(
        "Tesco", "Clubcard shopper data sold to suppliers as insights",
        ("Subscribers", "Data revenue", "Analysts", "Insight quality", "Shopper privacy complaints"),
        (Link("Subscribers", "Data revenue", 1), Link("Data revenue", "Analysts", 1),
         Link("Analysts", "Insight quality", 1), Link("Insight quality", "Subscribers", 1),
         Link("Subscribers", "Shopper privacy complaints", 1),
         Link("Shopper privacy complaints", "Subscribers", -1)))


def test_an_honest_model_using_some_published_names_passes_with_a_warning():
    feedback = evaluate("11.1", tesco_model())
    assert feedback.status == CORRECT, feedback
    assert ("Warning: your diagram resembles the published solution (Harvest & Co's demand data): "
            "4 of its 7 node names are yours and 4 of its 9 links") in feedback.message


def test_the_verdict_says_what_was_compared():
    message = evaluate("11.1", lesson11.studio_model()).message
    assert ("the firm is not a published answer's, and your diagram is not a published one under "
            "its node names") in message
    assert "near-copy" not in message


def full_model(n: int) -> LoopModel:
    # real names (r24e 11.1-a: placeholders such as "Q0" are named before the diagram's size)
    names = ("Renters", "Rent", "Spare space", "Staff", "Fees", "Demand", "Costs", "Brand", "Data",
             "Trucks", "Stores", "Suppliers")[:n]
    return LoopModel("Big Co", "its big asset", names,
                     tuple(Link(a, b, -1 if (i + j) % 5 == 0 else 1)
                           for i, a in enumerate(names) for j, b in enumerate(names) if a != b))


@pytest.mark.parametrize("n", [8, 12])
def test_a_fully_linked_model_is_answered_in_under_a_second(n):
    import time
    start = time.perf_counter()
    feedback = evaluate("11.1", full_model(n))
    graded = through_the_reader("11.1", spec_for("11.1"), full_model(n))
    assert time.perf_counter() - start < 1.0
    assert feedback.status == graded.status == WRONG and "at most 60 links and 1,000 loops" in feedback.message


def test_opposite_signs_on_one_link_are_contradictory():
    good = lesson11.studio_model()
    found = dataclasses.replace(good, links=(*good.links, Link("Licensees", "Support load", -1))).problems()
    assert any("contradictory signs" in p for p in found) and not any("appears twice" in p for p in found)


@pytest.mark.parametrize("factor", [0.94, 1.06])
def test_published_numbers_each_moved_6_percent_are_refused(factor):
    """Every number of the worked example moved by 6% (past SAME_WITHIN, inside NEAR_WITHIN): 11 or
    more of the 14 compared within 10% is the worked example nudged, refused naming it (retention
    capped at 0.99 moves churn far, so 12 or 13 of the 14 are near)."""
    worked = cold_chain_parameters()
    moved = RentalParameters(**{f.name: getattr(worked, f.name) * (factor if f.name != "months" else 1)
                                for f in dataclasses.fields(RentalParameters)})
    moved = dataclasses.replace(moved, retention=min(moved.retention, 0.99),
                                gain=max(moved.gain, min(moved.retention, 0.99)))
    feedback = evaluate("11.3", moved)
    assert feedback.status == WRONG, feedback
    assert re.search(r"1[23] of the 14 numbers compared are within 10% of those of the lecture's "
                     r"worked example", feedback.message), feedback.message


def _moved(params, names, factor):
    return dataclasses.replace(params, **{n: getattr(params, n) * factor for n in names})


# the reader's case: 9 of FreshMart's 16 numbers moved by 6%, 7 kept (6 of them compared; all 14
# compared within 10%)
NINE_MOVED = ("push", "capacity", "unit_cost", "renter_mean", "renter_sd", "service_z",
              "renter_margin", "outside_take", "renter_sales")


def test_nine_of_sixteen_moved_6_percent_is_refused():
    case = _moved(cold_chain_parameters(), NINE_MOVED, 1.06)
    assert len(lesson11.unchanged_fields(case)) == 6          # past the 5% rule alone
    feedback = evaluate("11.3", case)
    assert feedback.status == WRONG and "the lecture's worked example" in feedback.message, feedback
    assert "14 of the 14 numbers compared are within 10%" in feedback.message


def _other_units(params):
    """The same case with capacity and demand counted in half-pallets and money in US$."""
    return dataclasses.replace(params, capacity=params.capacity * 2, renter_mean=params.renter_mean * 2,
                               renter_sd=params.renter_sd * 2, unit_cost=params.unit_cost * 1000,
                               renter_sales=params.renter_sales * 1000)


@pytest.mark.parametrize("nudged", [(), ("push", "service_z", "correlation", "lost_share"),
                                    ("push", "service_z", "correlation", "lost_share", "own_use",
                                     "discount", "renter_margin")])
def test_the_worked_example_in_other_units_is_refused(nudged):
    """Units changed (5 fields) and up to 7 more numbers moved by 6%: past the 5% and 10% rules on
    the raw numbers, caught on the unit-free ones, refused naming the worked example."""
    case = _moved(_other_units(cold_chain_parameters()), nudged, 1.06)
    assert len(lesson11.unchanged_fields(case)) <= lesson11.MAX_SHARED_FIELDS or not nudged
    feedback = evaluate("11.3", case)
    assert feedback.status == WRONG and "the lecture's worked example" in feedback.message, feedback
    if len(nudged) == 7:
        assert "in other units" in feedback.message, feedback


def test_the_published_solution_in_other_units_is_refused():
    case = _moved(_other_units(lesson11.harvest_parameters()), ("push", "service_z", "lost_share"), 0.94)
    feedback = evaluate("11.3", case)
    assert feedback.status == WRONG and "published solution" in feedback.message, feedback


def test_the_published_answer_and_an_honest_case_still_pass(monkeypatch):
    monkeypatch.setattr(lesson11, "in_solutions", lambda: True)
    marked = lesson11.harvest_parameters().as_published()
    assert evaluate("11.3", marked).status == CORRECT
    honest = evaluate("11.3", lesson11.studio_parameters())
    assert honest.status == CORRECT and "Warning" not in honest.message, honest
    # a few of FreshMart's numbers within 10% (7 to 10 of the 14 compared) still pass, with a warning
    worked = cold_chain_parameters()
    few = dataclasses.replace(lesson11.studio_parameters(), **{n: getattr(worked, n) * 1.06 for n in
                              ("gain", "push", "correlation", "renter_margin", "outside_take",
                               "lost_share", "discount")}, months=36)
    few = dataclasses.replace(few, retention=min(few.retention, few.gain))
    feedback = evaluate("11.3", few)
    assert feedback.status == CORRECT and "numbers compared are within 20% of those of the lecture's worked example" in feedback.message, feedback
    assert int(feedback.message.split("Warning: ")[-1].split()[0]) in range(7, 11), feedback


@pytest.mark.parametrize("change, why", [
    (dict(renter_sales=1e12), "money is in US$ thousands"),
    (dict(renter_margin=1.0, outside_take=0.0, lost_share=1.0), "few renters hand over half their sales"),
    (dict(renter_margin=0.95), "few businesses keep over 80%"),
    (dict(discount=1.0), "a yearly rate"),
    (dict(unit_cost=100.0), "in US$, the other in thousands"),
    (dict(renter_sales=300_000.0), "in US$, the other in thousands"),
    # round-11 read: no warning for a free asset or a fee that takes the renter's whole margin
    (dict(unit_cost=0.0), "unit_cost = 0"),
    (dict(renter_margin=0.3, outside_take=0.3, lost_share=0.2), "takes the renter's whole margin"),
    # review r15: a fee below the cost of the capacity a renter uses (negative margin per renter)
    (dict(unit_cost=0.5), "the fee is below the cost of the capacity a renter uses"),
])
def test_implausible_inputs_pass_within_bounds_with_a_warning(change, why):
    case = dataclasses.replace(lesson11.studio_parameters(), **change)
    feedback = evaluate("11.3", case)
    assert feedback.status == CORRECT, feedback
    assert "within bounds, not that they are plausible" in feedback.message
    assert "Warning: within bounds but unlikely" in feedback.message and why in feedback.message, feedback


def test_nudged_published_numbers_are_refused():
    worked = cold_chain_parameters()
    nudged = RentalParameters(**{f.name: (getattr(worked, f.name) * 1.04 if f.name != "months" else 37)
                                 for f in dataclasses.fields(RentalParameters)})
    feedback = evaluate("11.3", nudged)
    assert feedback.status == WRONG and "within 5% of those of the lecture's worked" in feedback.message


def test_money_reads_as_money():
    from valueloops.capstone import money
    assert [money(x) for x in (750.3, 1900.0, -16_700.0, -0.0001, 0.04, 52.4)] == \
        ["US$750k", "US$1.9m", "−US$16.7m", "US$0", "US$40", "US$52k"]
    assert [money(x) for x in (999_400.0, 999_600.0, 3.6e9, -2.5e12, 1.5e15)] == \
        ["US$999m", "US$1.0bn", "US$3.6tn", "−US$2,500tn", "US$1,500,000tn"]
    assert money(3.6e6) == "US$3.6bn"
    case = dataclasses.replace(lesson11.studio_parameters(), unit_cost=50.0)
    message = evaluate("11.3", case).message
    assert "US$-" not in message and "e+" not in message, message


# --- round 3: the draw cell, the grader's attribution, small hints -------------------------------
def test_the_draw_cell_says_in_one_line_what_is_wrong_and_what_is_allowed(capsys):
    from valueloops.charts.capstone import draw_or_say
    assert draw_or_say(full_model(8)) is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "at most 60 links and 1,000 loops" in out, out
    assert draw_or_say(...) is None and "Nothing to draw yet" in capsys.readouterr().out
    assert draw_or_say(lesson11.studio_model()) is not None and capsys.readouterr().out == ""


def graded_solution(tmp_path, model_code: str, draw_code: str | None = None):
    """The lesson 11 solution graded with 11.1's answer (and optionally its draw cell) replaced."""
    from valueloops import grading
    nb = nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4)
    owners = grading.exercise_of_cells(nb)
    answer = next(i for i, (ex, role) in sorted(owners.items()) if ex == "11.1" and role == "answer")
    after = next(i for i, cell in enumerate(nb.cells) if "draw_or_say(my_model)" in cell.source)
    assert owners[after] == ("11.1", "after"), owners[after]
    nb.cells[answer].source = model_code
    if draw_code is not None:
        nb.cells[after].source = draw_code
    path = tmp_path / "11_capstone.ipynb"
    nbformat.write(nb, path)
    return grading.grade_notebook(path)


TANGLE = ("from valueloops.capstone import Link, LoopModel\n"
          "names = ('Renters', 'Rent', 'Spare space', 'Staff', 'Fees', 'Demand', 'Costs', 'Brand')\n"
          "my_model = LoopModel('Big Co', 'its big asset', names, tuple(Link(a, b, -1 if (i + j) % 5 == 0 else 1)"
          " for i, a in enumerate(names) for j, b in enumerate(names) if a != b))\n")


def test_a_failing_cell_after_the_check_is_a_note_not_the_answers_fault(tmp_path):
    """A draw cell after 11.1's check that raises (the old draw cell on a tangle) is reported as a
    note on that cell; 11.1 gets its check's verdict, not "your answer cell raised"."""
    grade = graded_solution(tmp_path, TANGLE, draw_code="from valueloops.charts.capstone import "
                                                         "draw_loop_model\ndraw_loop_model(my_model)")
    result = {r.exercise: r for r in grade.results}["11.1"]
    assert result.status == WRONG and "at most 60 links and 1,000 loops" in result.message, result
    assert "answer cell" not in result.message
    assert any("after the check of 11.1" in note and "ValueError" in note for note in grade.notes), grade.notes


def test_the_draw_cell_on_a_tangle_raises_nothing_in_the_grader(tmp_path):
    grade = graded_solution(tmp_path, TANGLE)
    result = {r.exercise: r for r in grade.results}["11.1"]
    assert result.status == WRONG and "at most 60 links" in result.message
    assert not any("11.1" in note for note in grade.notes), grade.notes


@pytest.mark.parametrize("name", ["own_use", "correlation", "renter_margin", "outside_take",
                                  "lost_share", "retention", "discount"])
def test_a_share_between_1_and_2_is_named_without_calling_it_a_percent(name):
    """1.02 is a share above 1 (not 1.02%), except for the discount rate, where 1.5 may be 1.5% a
    month or a factor 1 + r: its message names both."""
    params = dataclasses.replace(lesson11.studio_parameters(), **{name: 1.02})
    hint = (f"{name} = 1.02: a share cannot exceed 1 (you gave 1.02)" if name != "discount" else
            "discount = 1.02: a monthly rate cannot exceed 1 as a share: give 0.0102 if you meant "
            "1.02% a month, or 0.02 if you meant the factor 1 + r.")
    assert hint in evaluate("11.3", params).message
    assert hint in parameter_problems(params)[0] and hint in case_summary(params)[0]
    assert name == "discount" or "percent" not in evaluate("11.3", params).message
    big = dataclasses.replace(lesson11.studio_parameters(), **{name: 40.0})
    assert f"{name} = 40 looks like a percent: give a share between 0 and 1 (0.4 for 40%)" in \
        evaluate("11.3", big).message


def test_11_5_names_one_step_too_many():
    assert lesson11.SMALLEST_PUSH == 1.8
    feedback = evaluate("11.5", 1.9)
    assert feedback.status == WRONG and "a smaller one does too" in feedback.message


@pytest.mark.parametrize("firm", [123, 4.5, None, ["Maersk"]])
def test_a_firm_or_asset_that_is_not_text_is_named(firm):
    for role in ("firm", "asset"):
        feedback = evaluate("11.1", dataclasses.replace(lesson11.studio_model(), **{role: firm}))
        assert feedback.status == WRONG and f"{role} = {firm!r}" in feedback.message
        assert "is not text" in feedback.message and "in quotes" in feedback.message


def test_months_as_a_whole_float_is_the_whole_number():
    params = dataclasses.replace(lesson11.studio_parameters(), months=540.0)
    assert params.months == 540 and isinstance(params.months, int)
    assert evaluate("11.3", params).status == CORRECT
    starved = dataclasses.replace(params, push=0.0001)
    assert "by month 540:" in evaluate("11.3", starved).message
    assert run_case(params).demand.index[-1] == 540
    assert dataclasses.replace(params, months=540.5).months == 540.5   # left for the validator
    assert "whole number" in parameter_problems(dataclasses.replace(params, months=540.5))[0]


# --- round 4: warnings reach the grader; the loops compared; the firm's name; the solutions folder --
def _warned(message: str) -> tuple[str, str]:
    """What `grade` prints and what the class gradebook keeps for a right answer with ``message``."""
    from pathlib import Path
    from valueloops.classgrade import Graded, Submission, gradebook_rows
    from valueloops.grading import ExerciseResult, NotebookGrade, notebook_report
    report = notebook_report(NotebookGrade(Path("11_capstone.ipynb"), "11_capstone",
                                           [ExerciseResult("11.1", CORRECT, message)]))
    rows = gradebook_rows([Graded(Submission("ana", Path("11_capstone.ipynb")), "11_capstone",
                                  [("11.1", CORRECT, message)])])
    return report, rows[0]["message"]


def test_a_warned_pass_shows_in_grade_and_in_the_gradebook_as_in_the_check_cell():
    feedback = evaluate("11.1", relabelled(lesson11.harvest_model()))
    assert feedback.status == CORRECT and " Warning: " in feedback.message
    warning = feedback.message.split(" Warning: ", 1)[1]
    report, kept = _warned(feedback.message)
    assert f"✔ 11.1 correct (with a warning: {warning})" in report, report
    assert kept == f"passed with a warning: {warning}", kept
    plain = evaluate("11.1", cainiao_model())
    report, kept = _warned(plain.message)
    assert "✔ 11.1 correct\n" in report + "\n" and "warning" not in report and kept == "", (report, kept)


def _reversed_arrows(model: LoopModel) -> LoopModel:
    return dataclasses.replace(model, links=tuple(Link(l.target, l.source, l.sign) for l in model.links))


def _inverted(model: LoopModel, node: str) -> LoopModel:
    """``node`` read the other way round ("idle space" for "space used"): its links' signs flip."""
    return dataclasses.replace(model, links=tuple(
        Link(l.source, l.target, -l.sign if node in (l.source, l.target) else l.sign) for l in model.links))


@pytest.mark.parametrize("published", [cold_chain_model, lesson11.harvest_model])
def test_disguised_copies_are_at_least_warned_by_their_loops(published):
    renamed = lesson11.renamed_nodes(published())
    extra = (Link("N1", "N9", 1), Link("N9", "N1", -1))
    for disguise in (_reversed_arrows(renamed), _inverted(renamed, "N2"),
                     dataclasses.replace(renamed, nodes=renamed.nodes + ("N9",), links=renamed.links + extra)):
        feedback = evaluate("11.1", disguise)
        assert feedback.status != CORRECT or " Warning: " in feedback.message, feedback.message


def test_the_firms_name_is_compared_whatever_its_spelling():
    for firm in ("FreshMart Inc.", "Fresh-Mart Logistics", "freshmart", "Harvest and Co", "HARVEST & CO."):
        model = dataclasses.replace(cainiao_model(), firm=firm)
        assert evaluate("11.1", model).status == WRONG, firm
    assert evaluate("11.1", dataclasses.replace(cainiao_model(), firm="Harvest Terminals")).status == CORRECT


def test_a_learners_own_solutions_folder_is_not_the_courses(tmp_path, monkeypatch):
    (tmp_path / "solutions").mkdir()
    monkeypatch.chdir(tmp_path / "solutions")
    assert not lesson11.in_solutions()
    assert evaluate("11.1", lesson11.harvest_model().as_published()).status == WRONG
    monkeypatch.chdir(SOLUTIONS)
    assert lesson11.in_solutions()


def test_a_copy_of_the_course_counts_its_solutions_folder(tmp_path, monkeypatch):
    """A hub's pulled copy, or the browser tests' served copy: solutions beside notebooks and
    exercises, holding the lesson's notebook. The solution's own check passes there; a folder
    called solutions without that layout is still not the course's."""
    import shutil

    course = tmp_path / "course"
    for folder in ("notebooks", "exercises"):
        (course / folder).mkdir(parents=True)
    (course / "solutions").mkdir()
    monkeypatch.chdir(course / "solutions")
    assert not lesson11.in_solutions()   # the layout without the lesson's solution notebook
    shutil.copyfile(SOLUTIONS / lesson11.SOLUTION_NOTEBOOK, course / "solutions" / lesson11.SOLUTION_NOTEBOOK)
    assert lesson11.in_solutions()
    assert evaluate("11.1", lesson11.harvest_model().as_published()).status == CORRECT
    shutil.rmtree(course / "exercises")
    assert not lesson11.in_solutions()


def test_the_named_slips_of_11_4_and_11_5():
    assert "a smaller one does too" in evaluate("11.5", lesson11.SMALLEST_PUSH + 0.2).message
    assert "store" in evaluate("11.4", round(1 - lesson11.AWS_INCOME_SHARE, 2)).message


@pytest.mark.parametrize("exercise, answer, words", [
    ("11.4", 0.337, "Consolidated rows included"),     # AWS ÷ the whole operating-income column
    ("11.4", 0.34, "Consolidated rows included"),
    ("11.4", 0.65, "leaving out International"),        # AWS ÷ (AWS + North America)
    ("11.4", 0.40, "already inside the consolidated figure"),  # AWS ÷ (Consolidated + AWS)
    ("11.4", 0.403, "already inside the consolidated figure"),
    ("11.4", 0.68, "last five years alone"),            # 2021-2025, or 0.674 rounded up
    ("11.5", 18, "looks like a percent"),                # ten times the push
])
def test_round_5_named_slips_of_11_4_and_11_5(exercise, answer, words):
    feedback = evaluate(exercise, answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_11_4_at_0_68_names_the_rounding_slip_first():
    """0.68 is the pooled answer rounded up to two decimals, the likelier slip, before the last five
    years (round 14: the question asks for three decimals)."""
    message = evaluate("11.4", 0.68).message
    assert "give three decimals, rounded half up" in message and "last five years" in message, message
    assert "not rounded up to the next hundredth" in message
    assert message.index("three decimals") < message.index("last five years"), message


def test_11_4_at_0_675_is_told_it_is_not_the_pooled_share_not_always_up():
    """Round 13: 0.675 (three decimals) got the hundredths 'always up' message meant for 0.68."""
    assert round(lesson11.AWS_INCOME_SHARE, 3) == 0.674
    message = evaluate("11.4", 0.675).message
    assert "0.675 looks like the pooled share rounded up at the third decimal" in message, message
    assert "three decimals, half up" in message and "0.674" not in message, message
    assert "next hundredth" not in message, message
    assert "last five years" in evaluate("11.4", 0.68).message


def test_11_4_named_slips_are_the_slips_they_name():
    from valueloops.data import load

    seg = load("amazon_segments")
    income = seg.pivot(index="year", columns="segment", values="operating_income_musd")
    assert round(income["AWS"].sum() / seg["operating_income_musd"].sum(), 3) == 0.337
    assert round(income["AWS"].sum() / (income["AWS"] + income["North America"]).sum(), 2) == 0.65
    assert round(income["AWS"].sum() / (income["Consolidated"] + income["AWS"]).sum(), 2) == 0.40
    assert round(income.loc[2021:, "AWS"].sum() / income.loc[2021:, "Consolidated"].sum(), 2) == 0.68


def test_the_widget_draws_the_loops_long_run_level_without_touching_the_legend():
    from valueloops.charts.capstone import RentalChart
    chart = RentalChart()
    chart.figure
    legend = [t.get_text() for t in chart.ax.get_legend().get_texts()]
    chart.update(chart.compute(gain=0.97, own_use=0.75))
    level = chart.base.push / (1 - 0.97)
    assert chart.level.get_visible() and chart.level.get_ydata()[0] == pytest.approx(level)
    assert f"≈ {level:,.0f}" in chart.level_text.get_text()
    chart.update(chart.compute(gain=1.05, own_use=0.75))
    assert not chart.level.get_visible() and not chart.level_text.get_visible()
    assert [t.get_text() for t in chart.ax.get_legend().get_texts()] == legend


@pytest.mark.parametrize("answer", [1.75, 1.84])
def test_11_5_asks_for_steps_of_0_1(answer):
    """1.75 and 1.84 round to 1.8 but are no step of 0.1, which the question asks for."""
    feedback = evaluate("11.5", answer)
    assert feedback.status == WRONG and "not on the question's grid" in feedback.message, feedback.message
    assert evaluate("11.5", lesson11.SMALLEST_PUSH).status == CORRECT


def test_lecture_11_says_what_the_chart_does_with_a_gain_below_retention():
    import json

    from valueloops.capstone import cold_chain_parameters, run_case
    from valueloops.charts.capstone import RentalChart
    from valueloops.paths import ROOT

    base = cold_chain_parameters()
    assert base.retention == 0.95
    low = RentalChart().compute(gain=0.9, own_use=0.75)
    assert low.clv == pytest.approx(run_case(dataclasses.replace(
        base, gain=0.9, retention=0.9, own_use=0.75)).clv)   # retention = G below 0.95
    assert low.clv != pytest.approx(run_case(dataclasses.replace(base, own_use=0.75)).clv)
    nb = json.loads((ROOT / "notebooks" / "11_capstone.ipynb").read_text(encoding="utf-8"))
    text = " ".join(" ".join("".join(c["source"]) for c in nb["cells"]).split())
    assert "If you set $G$ below 0.95, the chart sets retention = $G$" in text


# --- round 9 (s10f): copies with chains split, the warning band, new warnings, firm names ----------
def _split_and_renamed(model: LoopModel) -> LoopModel:
    """Every node renamed and every link split by an inserted node: the reader's disguise."""
    names = {n: f"Polar stage {i}" for i, n in enumerate(model.nodes)}   # not placeholders
    nodes, links = list(names.values()), []
    for k, link in enumerate(model.links):
        mid = f"Polar step {k}"
        nodes.append(mid)
        links += [Link(names[link.source], mid, link.sign), Link(mid, names[link.target], +1)]
    return LoopModel(firm="Polar Freight", asset="its cold warehouses at night", nodes=tuple(nodes),
                     links=tuple(links))


@pytest.mark.parametrize("published, size", [(cold_chain_model, 20), (lesson11.harvest_model, 16)])
def test_a_published_model_split_and_renamed_is_warned(published, size):
    model = _split_and_renamed(published())
    assert len(model.nodes) == size and not model.problems()
    feedback = evaluate("11.1", model)
    assert feedback.status == CORRECT and "Warning" in feedback.message, feedback.message
    assert "chains of single links are joined" in feedback.message


def test_freshmart_r1_and_b1_under_synonyms_is_warned():
    synonyms = {"Renters": "Tenants", "Volume through\nthe cold stores": "Throughput",
                "Cost per pallet": "Unit cost", "Rental price": "Fee",
                "Cold-store\nutilization": "Occupancy", "Service at peak": "Peak service"}
    links = tuple(Link(synonyms[l.source], synonyms[l.target], l.sign)
                  for l in cold_chain_model().links if l.source in synonyms and l.target in synonyms)
    assert len(links) == 7
    model = LoopModel("Polar Freight", "its cold warehouses at night", tuple(synonyms.values()), links)
    feedback = evaluate("11.1", model)
    assert feedback.status == CORRECT and "part of the shape of the lecture's worked example" in \
        feedback.message, feedback.message


def test_contraction_joins_chains_and_keeps_parallel_ones_apart():
    nodes, links = lesson11.contracted(lesson11._graph(cold_chain_model()))
    assert len(links) == 6 and len(nodes) == 4          # one hub, three loops through a midpoint each
    split = lesson11.contracted(lesson11._graph(_split_and_renamed(cold_chain_model())))
    assert len(split[1]) == 6 and lesson11.embeds((nodes, links), split)


@pytest.mark.parametrize("model", [cainiao_model, microsoft_model])
def test_honest_models_are_not_warned_by_the_joined_shape(model):
    assert lesson11.joined_shape_match(model(), cold_chain_model()) is None
    assert lesson11.joined_shape_match(model(), lesson11.harvest_model()) is None


def test_the_published_solution_still_passes_in_the_solutions(monkeypatch):
    monkeypatch.chdir(SOLUTIONS)
    feedback = evaluate("11.1", lesson11.harvest_model().as_published())
    assert feedback.status == CORRECT and "published answer" in feedback.message


def test_numbers_moved_by_12_or_15_percent_are_warned():
    harvest = lesson11.harvest_parameters()
    names = [f.name for f in dataclasses.fields(RentalParameters) if f.name != "months"][:11]
    moved = dataclasses.replace(harvest, **{n: getattr(harvest, n) * 1.12 for n in names})
    feedback = evaluate("11.3", moved)
    assert feedback.status == CORRECT
    assert "within 20% of those of the published solution" in feedback.message, feedback.message
    good = cold_chain_parameters()
    moved = dataclasses.replace(good, **{n: getattr(good, n) * 1.15 for n in (
        "push", "capacity", "unit_cost", "renter_mean", "renter_sd", "service_z", "renter_margin",
        "outside_take", "renter_sales")})
    feedback = evaluate("11.3", moved)
    assert feedback.status == CORRECT
    assert "within 20% of those of the lecture's worked example" in feedback.message, feedback.message
    assert "nudged or in other units" not in feedback.message
    assert "at most 6 of the 14 numbers compared" in feedback.message


def test_the_11_3_pass_claims_the_bound_it_checks():
    mine = lesson11.studio_parameters()
    feedback = evaluate("11.3", dataclasses.replace(mine, outside_take=mine.renter_margin))
    assert feedback.status == CORRECT and "outside fee at most the margin" in feedback.message
    assert "below the margin" not in feedback.message


@pytest.mark.parametrize("change, words", [(dict(gain=1.2), "explosive growth"),
                                           (dict(retention=0.0), "retention = 0"),
                                           (dict(own_use=0.0), "not a hidden asset")])
def test_11_3_warns_explosive_gain_no_retention_no_own_use(change, words):
    feedback = evaluate("11.3", dataclasses.replace(lesson11.studio_parameters(), **change))
    assert feedback.status == CORRECT and "Warning" in feedback.message and words in feedback.message
    assert "Warning" not in evaluate("11.3", lesson11.studio_parameters()).message


@pytest.mark.parametrize("retention, words", [
    (0.05, "retention = 0.05 a month: renters stay about 1 month on average (1/(1 − r)); is this churn"),
    (0.2, "retention = 0.2 a month: renters stay about 1 month"),
    (0.45, "retention = 0.45 a month: renters stay about 2 months")])
def test_11_3_warns_churn_given_as_retention(retention, words):
    mine = lesson11.studio_parameters()
    feedback = evaluate("11.3", dataclasses.replace(mine, retention=retention, gain=retention + 0.02,
                                                      push=5.0))
    assert feedback.status == CORRECT and "Warning" in feedback.message, feedback.message
    assert words in feedback.message, feedback.message


def test_11_3_does_not_warn_retention_of_one_half_or_more():
    mine = lesson11.studio_parameters()
    feedback = evaluate("11.3", dataclasses.replace(mine, retention=0.5, gain=0.52, push=5.0))
    assert feedback.status == CORRECT, feedback.message
    assert "renters stay about" not in feedback.message, feedback.message


def test_nodes_differing_only_in_case_are_refused_naming_both():
    good = lesson11.studio_model()
    model = dataclasses.replace(good, nodes=(*good.nodes, "licensees"),
                                links=(*good.links, Link("licensees", "Licence revenue", +1)))
    found = model.problems()
    assert any("'Licensees' and 'licensees' differ only in case" in p for p in found), found
    assert evaluate("11.1", model).status == WRONG


@pytest.mark.parametrize("firm", ["Harvest Co", "HARVEST and co.", "Harvest & Company", "Fresh Mart"])
def test_the_published_firm_is_caught_without_its_punctuation(firm):
    feedback = evaluate("11.1", dataclasses.replace(lesson11.studio_model(), firm=firm))
    assert feedback.status == WRONG and "the firm's name contains" in feedback.message


@pytest.mark.parametrize("firm", ["Harvest Terminals", "Harvest Moon Studios", "Harvester Foods"])
def test_other_firms_with_a_published_word_are_not_caught(firm):
    assert not lesson11.names_published_firm(firm, "Harvest & Co")


@pytest.mark.parametrize("push", [2.1, 2.5, 3.0, 12.0])
def test_11_5_a_push_well_above_the_answer_fills_but_is_not_the_smallest(push):
    assert push >= lesson11.SMALLEST_PUSH + 0.3 and lesson11.fills_up(push)
    message = evaluate("11.5", push).message
    assert "fills every space, but it is not the smallest" in message, message
    assert "re-check" not in message


def test_a_misspelt_node_is_named_once():
    fm = cold_chain_model()
    broken = dataclasses.replace(fm, links=(*fm.links, Link("Renters", "Cold store utilization", +1)))
    found = broken.problems()
    assert any("'Cold store utilization' is not one of the model's nodes" in p for p in found)
    assert not any("does not close" in p and "Cold store utilization" in p for p in found), found


# --- round 12: FreshMart relabelled is refused; placeholder names are refused ----------------------
def _flip_first(model: LoopModel) -> LoopModel:
    first = model.links[0]
    return dataclasses.replace(model, links=(dataclasses.replace(first, sign=-first.sign), *model.links[1:]))


def test_freshmart_relabelled_whole_is_refused_saying_what_to_change():
    feedback = evaluate("11.1", relabelled(cold_chain_model()))
    assert feedback.status == WRONG, feedback
    assert "that is the lecture's worked example (FreshMart's cold chain): its diagram with the nodes " \
           "renamed (11 of your 11 links are its links)" in feedback.message, feedback.message
    assert "New names on its nodes do not make it yours: start from your firm's own actors" in feedback.message
    assert through_the_reader("11.1", spec_for("11.1"), relabelled(cold_chain_model())).status == WRONG


def test_freshmart_relabelled_with_one_link_changed_is_still_refused():
    """Decided: one link changed, added or left out is still the worked example (as 11.3 refuses
    its numbers with one changed); two links added is a shape with links of one's own: warned."""
    worked = relabelled(cold_chain_model())
    one_added = dataclasses.replace(worked, links=(*worked.links, Link(_own(worked, 2), _own(worked, 5), 1)))
    for answer, why in ((_flip_first(worked), "one link changed (10 of your 11 links are its links)"),
                        (one_added, "one link added (11 of your 12 links)"),
                        (dataclasses.replace(worked, links=worked.links[1:]), "one link left out")):
        feedback = evaluate("11.1", answer)
        assert feedback.status == WRONG and why in feedback.message, feedback.message
    two_added = dataclasses.replace(one_added, links=(*one_added.links, Link(_own(worked, 5), _own(worked, 2), 1)))
    feedback = evaluate("11.1", two_added)
    assert feedback.status == CORRECT and "Warning: your diagram has the same shape as the lecture's" \
        in feedback.message, feedback.message


def test_own_cases_are_accepted_and_harvests_textbook_shape_renamed_is_only_warned():
    assert lesson11.particular(lesson11._graph(cold_chain_model()))
    assert not lesson11.particular(lesson11._graph(lesson11.harvest_model()))
    for model in (cainiao_model(), microsoft_model(), lesson11.studio_model(), studio_natural(), ocado_model()):
        assert evaluate("11.1", model).status == CORRECT, model.firm
    assert lesson11.one_link_from(lesson11._graph(cainiao_model()), lesson11._graph(cold_chain_model())) is None


PLACEHOLDER_NODES = [("A", "B", "C"), ("Node 1", "Node 2", "Node 3"), ("N1", "N2", "N3"),
                     ("x", "y", "z"), ("Actor A", "Actor B", "Actor C"), ("Renters", "Step 2", "...")]


@pytest.mark.parametrize("names", PLACEHOLDER_NODES)
def test_placeholder_node_names_are_refused_asking_for_real_names(names):
    a, b, c = names
    model = LoopModel("Acme Storage", "its spare warehouse space", names,
                      (Link(a, b, 1), Link(b, a, 1), Link(b, c, 1), Link(c, b, -1)))
    assert not model.problems()
    feedback = evaluate("11.1", model)
    assert feedback.status == WRONG and "not the name of anything in your firm" in feedback.message, feedback
    assert "call each node what it is" in feedback.message
    assert "'Renters'" not in feedback.message
    assert through_the_reader("11.1", spec_for("11.1"), model).status == WRONG


@pytest.mark.parametrize("name", ["Renters", "Stage", "A380 fleet", "Price", "Support load",
                                  "Plugins and\ntutorials", "Polar stage 3", "B2B buyers"])
def test_real_node_names_are_not_placeholders(name):
    assert not lesson11.PLACEHOLDER.match(lesson11._fold(name)), name


# --- round 12: 11.5's under-filling pushes named, 1.5 as the question's chart example --------------
@pytest.mark.parametrize("push", [1.3, 1.4, 1.5, 1.6])
def test_11_5_under_filling_pushes_are_named_not_rounding(push):
    assert push in lesson11.UNDER_PUSHES and not lesson11.fills_up(push)
    feedback = evaluate("11.5", push)
    served = lesson11.served_at(push)
    assert feedback.status == WRONG, feedback
    assert f"only {served} of the 38 renters that fit are served in the last month" in feedback.message
    assert "under-filled, not a rounding slip" in feedback.message and "close" not in feedback.message.lower()
    assert ("push in the question's RentalChart example" in feedback.message) == (push == 1.5)


def test_the_11_5_question_shows_the_chart_example_push_the_hint_names():
    nb = nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4)
    assert any(f"push={lesson11.CHART_PUSH}" in c.source for c in nb.cells if c.cell_type == "markdown")


# --- round 15 (review r14): the question's example and a firm that is a description ---------------
def _question_example_code() -> str:
    cell = next(c for c in nbformat.read(EXERCISES / "11_capstone.ipynb", as_version=4).cells
                if c.cell_type == "markdown" and "## Exercise 11.1" in c.source)
    return cell.source.split("```python", 1)[1].split("```", 1)[0]


def test_the_template_model_is_the_questions_example():
    assert eval(_question_example_code(), {"LoopModel": LoopModel, "Link": Link}) == lesson11.template_model()


@pytest.mark.parametrize("firm", ["A studio", "Ubisoft"])
def test_the_questions_example_with_a_balancing_loop_added_is_refused(firm):
    """Review r14: the example plus Licensees → Support load → Licensees (−) passed as correct."""
    template = lesson11.template_model()
    model = dataclasses.replace(template, firm=firm, nodes=(*template.nodes, "Support load"),
                                links=(*template.links, Link("Licensees", "Support load", +1),
                                       Link("Support load", "Licensees", -1)))
    feedback = evaluate("11.1", model)
    assert feedback.status == WRONG and "the question's example" in feedback.message, feedback.message


@pytest.mark.parametrize("firm, refused", [
    ("A studio", True), ("an airline", True), ("The bank", True), ("  A   studio ", True),
    ("The Gap", False), ("Northlight", False), ("A. P. Moller-Maersk", False)])
def test_a_firm_that_is_an_article_and_a_noun_is_a_description(firm, refused):
    feedback = evaluate("11.1", dataclasses.replace(lesson11.studio_model(), firm=firm))
    if refused:
        assert feedback.status == WRONG and "is a description, not a name" in feedback.message, feedback.message
        assert "Ubisoft" in feedback.message
    else:
        assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize("answer", [lesson11._LAST_FIVE, round(lesson11._LAST_FIVE, 4), 0.6801, 0.6809])
def test_11_4_the_last_five_years_pooled_gets_its_own_hint(answer):
    assert round(lesson11._LAST_FIVE, 4) == 0.6805
    message = evaluate("11.4", answer).message
    assert message.startswith("that pools only 2021–2025; the question pools every year, 2014–2025"), message
    assert "half up" in evaluate("11.4", 0.68).message  # 0.68 keeps the rounding hint first


def test_positive_margin_per_renter_gets_no_loss_warning():
    """Review r15: the loss warning is given only when the fee is below the capacity's cost."""
    feedback = evaluate("11.3", dataclasses.replace(lesson11.studio_parameters(), unit_cost=0.2))
    assert feedback.status == CORRECT and "renting loses money" not in feedback.message, feedback


@pytest.mark.parametrize("answer, words", [(100, "looks like a percent"), (0, "a push of 0 brings no new renters")])
def test_11_5_names_percent_and_no_push(answer, words):
    """Review r15: 100 and 0 got the generic message."""
    feedback = evaluate("11.5", answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_lecture_shows_run_case_fields_that_11_5_needs():
    """Review r15: exercise 11.5 needs case.fit and case.served; the lecture shows both."""
    import nbformat
    from valueloops.paths import ROOT

    cells = nbformat.read(ROOT / "notebooks" / "11_capstone.ipynb", as_version=4).cells
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "case = run_case(params)" in code and "case.fit" in code and "case.served.iloc[-1]" in code
    exercise = nbformat.read(ROOT / "solutions" / "11_capstone.ipynb", as_version=4).cells
    assert any("`.fit` (renters that fit)" in c.source for c in exercise)


# --- round 12 (y11): part of a shape needs more than the shape; the gain and discount warnings; 11.5 --
def _hub_model(firm: str, asset: str, r: tuple[str, ...], b: tuple[str, ...],
               b_signs: tuple[int, ...] = (+1, -1, +1)) -> LoopModel:
    """One hub, a 4-link reinforcing loop (all +) and a 3-link balancing loop: an ordinary model."""
    hub = r[0]
    ring = [*r, hub]
    links = [Link(a, z, +1) for a, z in zip(ring, ring[1:])]
    bring = [hub, *b, hub]
    links += [Link(a, z, g) for (a, z), g in zip(zip(bring, bring[1:]), b_signs)]
    return LoopModel(firm, asset, (*r, *b), tuple(links))


GENERIC_HUB = lambda: _hub_model("Polar Freight", "its cold warehouses at night",  # noqa: E731
                                 ("Hub", "Stage one", "Stage two", "Stage three"),
                                 ("Load on the hub", "Hub service"))
WAREHOUSE = lambda: _hub_model("Polar Freight", "its cold warehouses at night",  # noqa: E731
                               ("Tenants", "Rent income", "Racking", "Pallet slots"),
                               ("Occupancy", "Dock service"))


@pytest.mark.parametrize("model", [GENERIC_HUB, WAREHOUSE])
def test_an_ordinary_hub_with_r4_and_b3_is_not_warned(model):
    m = model()
    assert not m.problems() and sorted(len(l.nodes) for l in m.loops()) == [3, 4]
    assert lesson11.joined_shape_match(m, cold_chain_model()) is None
    feedback = evaluate("11.1", m)
    assert feedback.status == CORRECT and "Warning" not in feedback.message, feedback.message


def test_part_of_the_shape_with_two_of_its_names_is_warned():
    m = _hub_model("Polar Freight", "its cold warehouses at night",
                   ("Renters", "Rent income", "Racking", "Pallet slots"),
                   ("Occupancy", "Service at peak"))
    feedback = evaluate("11.1", m)
    assert feedback.status == CORRECT and "part of the shape of the lecture's worked example" in \
        feedback.message, feedback.message


def test_a_large_gain_is_said_as_renters_kept_and_brought_in():
    params = dataclasses.replace(lesson11.harvest_parameters(), gain=1.3)
    message = " ".join(lesson11.implausible_inputs(params, run_case(params)))
    assert "gain = 1.3 is above 1.1: each renter becomes 1.3 renters a month (0.96 kept + 0.34 " \
        "brought in)" in message, message
    assert "more than 1.1 renters" not in message


@pytest.mark.parametrize("discount, warned", [(0.08, True), (0.031, True), (0.03, False),
                                              (0.01, False)])
def test_a_monthly_discount_above_3_percent_is_warned(discount, warned):
    params = dataclasses.replace(lesson11.harvest_parameters(), discount=discount)
    found = [w for w in lesson11.implausible_inputs(params, run_case(params)) if "discount" in w]
    assert bool(found) == warned, found


@pytest.mark.parametrize("answer, said", [(-1.8, "wrong sign: a push is a number of new renters a month, never negative"),
                                          (180.0, "looks like a percent"),
                                          (18.0, "looks like a percent")])
def test_11_5_negative_and_hundredfold_pushes_are_named(answer, said):
    feedback = evaluate("11.5", answer)
    assert feedback.status == WRONG and said in feedback.message, feedback.message


# --- round 12 (z11b): Harvest's textbook part is not warned, wherever the B loop's −1 sits; 11.4's 0.68 --
IMPORTERS = (("Importers", "Warehouse fees", "Automation", "Clearance speed"),
             ("Bay occupancy", "Dwell time"))


@pytest.mark.parametrize("b_signs", [(-1, +1, +1), (+1, -1, +1), (+1, +1, -1)],
                         ids=["first link", "middle link", "return link"])
@pytest.mark.parametrize("names", [IMPORTERS, (("Tenants", "Rent income", "Racking", "Pallet slots"),
                                               ("Occupancy", "Dock service"))])
def test_an_own_r4_and_b3_is_not_warned_wherever_its_minus_one_is(names, b_signs):
    """Review r20g: with the −1 on the B loop's return link, 7 of Harvest's 9 links renamed,
    it was warned as 'part of the shape of the published solution'; moved, it was not."""
    m = _hub_model("Port Logistics", "its bonded warehouse space", *names, b_signs=b_signs)
    assert not m.problems() and sorted(len(l.nodes) for l in m.loops()) == [3, 4]
    feedback = evaluate("11.1", m)
    assert feedback.status == CORRECT and "Warning" not in feedback.message, feedback.message


def test_a_renamed_copy_of_the_published_solution_is_still_warned():
    for firm in ("Polar Freight", "Port Logistics"):
        answer = relabelled(lesson11.harvest_model(), firm=firm)
        feedback = evaluate("11.1", answer)
        assert feedback.status == CORRECT, feedback.message
        assert "Warning: your diagram has the same shape as the published solution" in feedback.message, \
            feedback.message


def test_harvests_part_with_two_of_its_names_is_still_warned():
    """More than the shape: the return-link R4 + B3 with two of Harvest's node names is warned."""
    m = _hub_model("Port Logistics", "its bonded warehouse space",
                   ("Subscribers", "Data revenue", "Automation", "Clearance speed"),
                   ("Bay occupancy", "Dwell time"), b_signs=(+1, +1, -1))
    feedback = evaluate("11.1", m)
    assert feedback.status == CORRECT and "Warning" in feedback.message and "Harvest" in feedback.message, \
        feedback.message


@pytest.mark.parametrize("answer", [0.685, 0.6849, 0.6851, 0.684])
def test_11_4_only_0_68_gets_the_always_up_hint(answer):
    """Review r20g: 0.685 and 0.6849 are not 0.674 rounded up."""
    assert "next hundredth" not in evaluate("11.4", answer).message
    assert "next hundredth" in evaluate("11.4", 0.68).message


# --- round 13 (z11d, review r23e): independent monthly cases are not warned; 11.4's 1; 11.5; 11.6; money
# the reviewer's two hand-built cases for a bank's payments rails (engineer-hours), the second as
# graded (months 48, z = 2.0): both were warned "10 (9) of the 16 numbers are within 20% of ... Harvest"
BANK = RentalParameters(gain=0.985, push=0.8, months=36, capacity=6000.0, own_use=0.65, unit_cost=0.09,
                        renter_mean=60.0, renter_sd=30.0, service_z=1.65, correlation=0.2,
                        renter_margin=0.4, outside_take=0.02, lost_share=0.1, renter_sales=300.0,
                        retention=0.97, discount=0.008)


@pytest.mark.parametrize("case", [BANK, dataclasses.replace(BANK, months=48, service_z=2.0)])
def test_independent_bank_cases_pass_11_3_without_a_warning(case):
    feedback = evaluate("11.3", case)
    assert feedback.status == CORRECT, feedback
    assert "Warning" not in feedback.message, feedback.message


def test_11_3_compares_churn_and_referrals_not_months_or_service_level():
    numbers = lesson11.compared_numbers(BANK)
    assert len(numbers) == lesson11.COMPARED == 14
    assert "months" not in numbers and "service_z" not in numbers
    assert numbers[lesson11.CHURN] == pytest.approx(0.03)
    assert numbers[lesson11.REFERRALS] == pytest.approx(0.015)
    # retention 0.97 vs Harvest's 0.96 is 1% apart; churn 3% vs 4% is 25% apart: not "near"
    near = lesson11.unchanged_fields(BANK, lesson11.harvest_parameters(), lesson11.WARN_WITHIN)
    assert lesson11.CHURN not in near and lesson11.REFERRALS not in near, near
    assert len(near) <= lesson11.MAX_SHARED_FIELDS, near


@pytest.mark.parametrize("push", [0.1, 0.5, 0.9, 1.0, 1.1])
def test_11_5_low_pushes_are_named_as_under_filling(push):
    """Review r23e: 0.9-1.1 got only "not it", and 1 was called a truncation of 1.8."""
    assert push in lesson11.UNDER_PUSHES and not lesson11.fills_up(push)
    for answer in (push, int(push)) if push == 1.0 else (push,):
        message = evaluate("11.5", answer).message
        assert f"only {lesson11.served_at(push)} of the 38 renters that fit are served" in message, message
        assert "truncated" not in message and "close" not in message.lower(), message
    assert "worked example's push" in evaluate("11.5", 1.2).message     # 1.2 keeps its own hint


@pytest.mark.parametrize("answer", [1, 1.0, 100])
def test_11_4_a_share_of_one_is_named_as_all_of_the_income(answer):
    feedback = evaluate("11.4", answer)
    assert feedback.status == WRONG and "1 would mean AWS earned all of Amazon's operating income" \
        in feedback.message, feedback.message


def test_11_6_hints_name_what_the_student_sees_not_cost_per_year():
    hints = lesson11.CHECKS["11.6"].hints
    for letter in ("a", "b"):
        assert "cost_per_year" not in hints[letter] and "unit_cost" in hints[letter], hints[letter]
        assert "cost_per_year" not in evaluate("11.6", letter).message


def test_money_rounds_half_up_as_the_course_does():
    """τ* × 500 = 13.5 on paper, 13.4999... in floating point: shown as US$14k, not US$13k."""
    from valueloops.capstone import money, run_case
    fee = run_case(lesson11.harvest_parameters()).fee
    assert fee == pytest.approx(13.5) and money(fee) == "US$14k"
    assert [money(x) for x in (13.5, 2.25, 0.0005, 9.96)] == ["US$14k", "US$2.3k", "US$1", "US$10k"]
    assert "fee US$14k a month" in case_summary(lesson11.harvest_parameters())[1]


# --- issue 27 (z11p): the AWS chart drawn inline; 11.8 draws AWS's growth, 11.9 reads it -----------
def _aws_rows():
    from valueloops.data import load

    segments = load("amazon_segments")
    return segments[segments["segment"] == "AWS"].sort_values("year")


def _draw_11_8(how: str):
    """11.8's chart drawn as a student may: right ways and typical wrong ones."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    plt.close("all")
    aws = _aws_rows()
    sales = aws.set_index("year")["net_sales_musd"]
    growth = sales.pct_change()
    label = "growth (share of the year before's net sales)"
    frame = aws.assign(growth=aws["net_sales_musd"].pct_change())
    if how == "sns.lineplot":
        ax = sns.lineplot(data=frame, x="year", y="growth", marker="o")
        ax.set(xlabel="Year", ylabel=label)
    elif how == "sns.barplot":
        ax = sns.barplot(x=aws["year"], y=aws["net_sales_musd"].pct_change())
        ax.set(xlabel="Year", ylabel=label)
    elif how == "df.plot":
        ax = growth.plot(xlabel="year", ylabel=label)
    elif how == "ax.plot unsorted":
        shuffled = growth.dropna().sample(frac=1, random_state=3)
        ax = plt.gca()
        ax.plot(shuffled.index, shuffled.values, "o")
        ax.set(xlabel="year", ylabel=label)
    elif how == "2 decimals":
        ax = growth.round(2).plot(xlabel="year", ylabel=label)
    elif how == "fraction":
        ax = growth.plot(xlabel="year", ylabel="growth (fraction of last year's sales)")
    elif how == "percent":
        ax = (100 * growth).plot(xlabel="year", ylabel="growth (share, %)")
    elif how == "last year missing":
        ax = growth.loc[:2024].plot(xlabel="year", ylabel=label)
    elif how == "the question's gloss, no share":     # r28e 11 #2: the gloss explains the scale, says no share
        ax = growth.plot(xlabel="year", ylabel="growth (0.2 for 20%)")
    elif how == "share and the gloss":
        ax = growth.plot(xlabel="year", ylabel="growth (share of the year before, 0.2 for 20%)")
    elif how == "dropna on the whole table":    # r28e 11 #3: notes is blank but in 2014, 2015, 2020, 2025
        ax = sns.lineplot(data=frame.dropna(), x="year", y="growth", marker="o")
        ax.set(xlabel="Year", ylabel=label)
    elif how == "2014 as 0":
        ax = growth.fillna(0).plot(xlabel="year", ylabel=label)
    elif how == "ratio":
        ax = (sales / sales.shift()).plot(xlabel="year", ylabel=label)
    elif how == "added":
        ax = sales.diff().plot(xlabel="year", ylabel=label)
    elif how == "by this year":
        ax = (sales.diff() / sales).plot(xlabel="year", ylabel=label)
    elif how == "operating income":
        ax = aws.set_index("year")["operating_income_musd"].pct_change().plot(xlabel="year", ylabel=label)
    elif how == "Consolidated":
        from valueloops.data import load

        segments = load("amazon_segments")
        whole = segments[segments["segment"] == "Consolidated"].set_index("year")["net_sales_musd"]
        ax = whole.pct_change().plot(xlabel="year", ylabel=label)
    elif how == "01.8's share":
        from valueloops.data import load

        table = load("amazon_segments").pivot_table(index="year", columns="segment", values="net_sales_musd")
        ax = (table["AWS"] / table["Consolidated"]).plot(xlabel="year", ylabel="AWS (share of net sales)")
    elif how == "margin":
        rows = aws.set_index("year")
        ax = (rows["operating_income_musd"] / rows["net_sales_musd"]).plot(xlabel="year", ylabel="margin (share)")
    elif how == "net sales":
        ax = sales.plot(xlabel="year", ylabel="net sales (US$ millions, not a share)")
    elif how == "no x label":
        ax = plt.gca()
        ax.plot(growth.index, growth.values)
        ax.set_ylabel(label)
    elif how == "no y label":
        ax = plt.gca()
        ax.plot(growth.index, growth.values)
        ax.set_xlabel("year")
    elif how == "no unit":
        ax = sns.lineplot(data=frame, x="year", y="growth")
        ax.set(xlabel="year", ylabel="AWS growth")
    elif how == "swapped":
        ax = plt.gca()
        ax.plot(growth.values, growth.index)
        ax.set(xlabel=label, ylabel="year (a share? no)")
    elif how == "empty":
        ax = plt.gca()
    elif how == "lecture's code":      # the lecture's inline chart, copied whole
        rows = aws.set_index("year")
        names = {"net_sales_musd": "Net sales", "operating_income_musd": "Operating income"}
        ax = (rows[list(names)].rename(columns=names) / 1000).plot(style=["o-", "s--"], xticks=rows.index, rot=45)
        ax.set(title="AWS: the capability Amazon rents out", xlabel="Year", ylabel="US$ billions a year")
    else:
        raise ValueError(how)
    return ax


LESSON11_PLOT_SLIPS = dict([
    ("percent", "your y values are shares in percent"),
    ("last year missing", "the table reaches 2025"),
    ("the question's gloss, no share", "'growth (0.2 for 20%)' explains the scale by percent but does not "
                                       "say the values are a share: put 'share' in it"),
    ("dropna on the whole table", "leaves out 8 year values of the table (2016, 2017, 2018, 2019 …); plot "
                                  "every row, 2015–2025. Did .dropna() on the whole table drop rows?"),
    ("2014 as 0", "2014 is blank in the table: leave it blank (out, or NaN), never 0"),
    ("ratio", "did not subtract 1"),
    ("added", "you plotted the US$ millions added each year"),
    ("by this year", "you divided the dollars added by this year's net sales"),
    ("operating income", "the growth of AWS's operating income"),
    ("Consolidated", "the growth of all of Amazon's net sales (the Consolidated rows)"),
    ("01.8's share", "AWS's share of Amazon's net sales (exercise 01.8's chart)"),
    ("margin", "AWS's operating margin"),
    ("net sales", "you plotted AWS's net sales themselves (US$ millions)"),
    ("no x label", "the x axis is not labelled"),
    ("no y label", "the y axis is not labelled"),
    ("no unit", "does not name the unit"),
    ("swapped", "your axes are swapped"),
    ("empty", "nothing was plotted on these axes"),
    ("lecture's code", "you drew the lecture's chart"),
])
PAIR_11_8 = PlotPair("11.8", _draw_11_8, passes="all 11 values (2015–2025", slips=LESSON11_PLOT_SLIPS,
                     right=("sns.lineplot", "sns.barplot", "df.plot", "ax.plot unsorted", "2 decimals",
                            "fraction", "share and the gloss"))


@pytest.mark.parametrize("how", PAIR_11_8.right)
def test_11_8_the_growth_drawn_many_ways_passes(how):
    PAIR_11_8.right_chart_passes(how)


@pytest.mark.parametrize("how, fragment", LESSON11_PLOT_SLIPS.items())
def test_11_8_each_wrong_chart_gets_its_own_message(how, fragment):
    PAIR_11_8.wrong_chart_named(how, fragment)


def test_11_8_blank_a_table_and_every_declared_mistake():
    spec = PAIR_11_8.spec
    assert spec.kind == "plot" and spec.x_kind == "year" and spec.share and spec.blank == (2014,)
    growth = _aws_rows().set_index("year")["net_sales_musd"].pct_change().dropna()
    assert spec.x == tuple(range(2015, 2026)) and spec.y == pytest.approx(tuple(growth))
    PAIR_11_8.blank_and_table_refused(_aws_rows())
    PAIR_11_8.declared_mistakes_fire(hints=15)   # r26f: + across segments, averaged; r27d: + 2 segments


def test_11_8_the_pair_sits_last_before_done_and_the_question_names_the_unit():
    nb = nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4)
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"
                and c.source.startswith("## ")]
    assert [h.split(" ·")[0] for h in headings[-3:]] == ["## Exercise 11.8", "## Exercise 11.9", "## Done?"]
    assert [h.split(" ·")[0] for h in headings[:7]] == [f"## Exercise 11.{i}" for i in range(1, 8)]
    question = next(" ".join(c.source.split()) for c in nb.cells if "## Exercise 11.8" in c.source)
    assert "share of the year before's net sales" in question and "not percent" in question
    assert "2015 to 2025" in question and "label both axes" in question
    exercise = nbformat.read(EXERCISES / "11_capstone.ipynb", as_version=4)
    answer = next(c.source for c in exercise.cells if c.cell_type == "code" and 'check("11.8"' not in c.source
                  and "import seaborn as sns" in c.source)
    assert answer.rstrip().endswith("ax = ...") and "pct_change" not in answer
    lecture = " ".join(" ".join(c.source.split()) for c in nbformat.read(
        ROOT / "notebooks" / "11_capstone.ipynb", as_version=4).cells)
    assert "**11.8** and **11.9** draw AWS's yearly growth" in lecture


def test_11_9_the_answer_follows_from_the_data():
    growth = _aws_rows().set_index("year")["net_sales_musd"].pct_change()
    assert int(growth.idxmin()) == 2023 == lesson11.SLOWEST       # the data, not a figure typed in
    assert round(float(growth.min()), 2) == 0.13 and round(float(growth.drop(2023).min()), 2) == 0.19
    for answer in (2023, 2023.0):
        assert evaluate("11.9", answer).status == CORRECT


@pytest.mark.parametrize("answer, fragment", [
    (2022, "in 2022 AWS's net sales grew 0.29 (29%) on the year before, low, but growth fell further"),
    (2022, "the year Amazon as a whole, the Consolidated rows, grew slowest"),
    (2024, "in 2024 AWS's net sales grew 0.19 (19%) on the year before: growth picked up that year"),
    (2025, "lesson 09's +20%"),
    (2015, "the fastest of all years"),
    (2015, "the fewest US$ were added"),
    (2014, "2014 has no year before it"),
    (2020, "in 2020 AWS's net sales grew 0.30 (30%)"),
    (0.13, "that is the slowest growth itself (a share)"),
    (13.3, "that is the slowest growth itself, in percent"),
    (23, "a year has four digits"),
])
def test_11_9_wrong_answers_are_named_and_no_hint_gives_the_year(answer, fragment):
    feedback = evaluate("11.9", answer)
    assert feedback.status == WRONG and fragment in feedback.message, (answer, feedback.message)
    assert "2023" not in feedback.message


def test_11_9_every_other_year_of_the_table_gets_a_hint_of_its_own():
    years = [y for y in range(2014, 2026) if y != 2023]
    messages = [evaluate("11.9", y).message for y in years]
    for year, message in zip(years, messages):
        assert "is not the year asked" not in message and str(year) in message, (year, message)
    assert len(set(messages)) == len(messages)


def test_11_8_and_11_9_the_grader_agrees_with_the_check_cell(tmp_path):
    """The solution graded on a kernel: the pair passes; a wrong chart in the answer cell gets the
    check cell's message."""
    from valueloops import grading

    nb = nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4)
    path = tmp_path / "11_capstone.ipynb"
    nbformat.write(nb, path)
    results = {r.exercise: r for r in grading.grade_notebook(path).results}
    assert results["11.8"].status == CORRECT and results["11.9"].status == CORRECT, results
    cell = next(c for c in nb.cells if c.cell_type == "code" and "ax = sns.lineplot(x=aws" in c.source)
    cell.source = cell.source.replace("y=growth,", "y=100 * growth,")
    nbformat.write(nb, path)
    result = {r.exercise: r for r in grading.grade_notebook(path).results}["11.8"]
    direct = evaluate("11.8", _draw_11_8("percent"))
    assert result.status == WRONG == direct.status
    assert "your y values are shares in percent" in result.message


def test_lecture_11_draws_the_aws_chart_inline():
    """Issue 27: the AWS segment chart is six lines of pandas in the lecture (title, both axes
    labelled with units), and its package helper is gone."""
    from valueloops.charts import capstone as capstone_charts

    cells = nbformat.read(ROOT / "notebooks" / "11_capstone.ipynb", as_version=4).cells
    code = [c.source for c in cells if c.cell_type == "code"]
    chart = next(c for c in code if "aws[list(names)]" in c)
    assert len([line for line in chart.splitlines() if line.strip()]) <= 6
    assert max(len(line) for line in chart.splitlines()) <= 110
    assert 'ylabel="US$ billions a year"' in chart and 'xlabel="Year"' in chart and "title=" in chart
    assert "/ 1000" in chart and chart.rstrip().endswith("plt.show()")
    assert "import matplotlib.pyplot as plt" in code[0] and "apply_theme()" in code[0]
    assert not any("plot_aws_segment" in c for c in code)
    assert not hasattr(capstone_charts, "plot_aws_segment")
    shown = next(c for c in cells if c.cell_type == "code" and "aws[list(names)]" in c.source)
    assert any("image/png" in o.get("data", {}) for o in shown.outputs)


# --- round 13 (review r24e): where the "(and N more)" tail points; named slips of 11.3-11.5 -------
def _studio_renamed(**change):
    return dataclasses.replace(lesson11.studio_model(), **change)


def test_a_described_firm_and_a_one_word_asset_do_not_point_to_problems():
    """r24e 11.1-a: firm "The bank" + asset "rails" said "(and 1 more: run my_model.problems() ...)",
    yet problems() was empty: the tail points only to a list that holds the rest."""
    model = _studio_renamed(firm="The bank", asset="rails")
    assert model.problems() == []
    feedback = evaluate("11.1", model)
    assert feedback.status == WRONG and "is a description, not a name" in feedback.message, feedback.message
    assert "my_model.problems()" not in feedback.message, feedback.message
    assert "(and 1 more: fix this one and run the check again)" in feedback.message, feedback.message


def test_placeholder_nodes_are_named_first_and_the_tail_points_to_the_list_that_holds_the_rest():
    """r24e 11.1-a: "A", "B", "C" with no -1 link was told only "no balancing link" (the
    placeholders, the real mistake, never shown); problems() lists the balancing link."""
    model = _studio_renamed(nodes=("A", "B", "C"), links=(
        Link("A", "B", 1), Link("B", "A", 1), Link("B", "C", 1), Link("C", "B", 1)))
    assert any("no balancing link" in p for p in model.problems())
    message = evaluate("11.1", model).message
    assert message.startswith("nodes 'A', 'B', 'C' are placeholders"), message
    assert "(and 1 more: run my_model.problems() to see it)" in message, message
    assert not set(lesson11.placeholder_problems(model)) & set(model.problems())


def test_only_structure_problems_still_point_to_problems():
    good = lesson11.studio_model()
    all_plus = tuple(dataclasses.replace(link, sign=1) for link in good.links)
    broken = dataclasses.replace(good, links=all_plus[:-1])
    found = broken.problems()
    message = evaluate("11.1", broken).message
    if len(found) > 1:
        assert f"(and {len(found) - 1} more: run my_model.problems() to see" in message, message
    assert message.startswith(found[0]), message


def test_11_4_aws_over_north_america_alone_is_named():
    """r24e: AWS ÷ North America (1.84) got the generic hint."""
    seg = lesson11._income
    value = float(seg["AWS"].sum() / seg["North America"].sum())
    for answer in (round(value, 2), round(value, 3), value):
        feedback = evaluate("11.4", answer)
        assert feedback.status == WRONG and "North America alone" in feedback.message, feedback.message


def test_11_5_the_lectures_26_served_is_named_as_a_count_not_a_push():
    """r24e: 26 (the lecture's renters served at own use 0.6) got "re-read the question"."""
    assert lesson11.served_at(cold_chain_parameters().push) == 26
    for answer in (26, 26.0):
        feedback = evaluate("11.5", answer)
        assert feedback.status == WRONG and "how many renters are served" in feedback.message, feedback.message
        assert "asks for the push" in feedback.message
    assert evaluate("11.5", lesson11.SMALLEST_PUSH).status == CORRECT


def test_11_3_retention_of_one_says_why():
    """r24e: retention = 1 was refused with the bare bound "[0, 1)", not why."""
    mine = lesson11.studio_parameters()
    message = evaluate("11.3", dataclasses.replace(mine, retention=1.0, gain=1.0)).message
    assert "retention must be in [0, 1)" in message and "no renter ever leaves" in message, message
    assert "0.97 for 3% churn" in message, message
    assert not any("no renter ever leaves" in p for p in parameter_problems(
        dataclasses.replace(mine, retention=0.5, gain=1.0)))


# --- round 14 (z11f, review r25f): 11.4 at three decimals, 2014 left out named; "67%"; hints of 11.5
# and 11.9 that do not give the answer away; 11.8's growth on the year after; 11.6's question -------
def test_11_4_asks_three_decimals_and_names_2014_left_out():
    """r25f: pooling 2015-2025 gives 0.673, accepted at two decimals (0.67); at three it is named."""
    assert round(lesson11.AWS_INCOME_SHARE, 3) == 0.674 and round(lesson11._WITHOUT_FIRST, 3) == 0.673
    for answer in (0.674, 0.6742, lesson11.AWS_INCOME_SHARE, 0.6735):
        assert evaluate("11.4", answer).status == CORRECT, answer
    for answer in (0.673, lesson11._WITHOUT_FIRST):
        feedback = evaluate("11.4", answer)
        assert feedback.status == WRONG and "that leaves out 2014" in feedback.message, feedback.message
    feedback = evaluate("11.4", 0.67)
    assert feedback.status == WRONG and "asks for it to three decimals" in feedback.message, feedback.message
    question = next(c.source for c in nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4).cells
                    if "## Exercise 11.4" in c.source)
    assert "three decimals" in question and "two decimals" not in question


@pytest.mark.parametrize("answer, words", [
    (0.34, "Consolidated rows included"), (0.337, "Consolidated rows included"),
    (0.33, "store segments' share"), (0.326, "store segments' share"),
    (0.94, "average of the yearly shares"), (0.940, "average of the yearly shares"),
    (0.65, "leaving out International"), (0.648, "leaving out International"),
    (0.40, "already inside"), (0.403, "already inside"), (0.72, "stops at 2024"), (0.715, "stops at 2024"),
])
def test_11_4_slips_at_two_or_three_decimals_keep_their_hints(answer, words):
    feedback = evaluate("11.4", answer)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


@pytest.mark.parametrize("answer", ["67%", "67.4%", " 0.674% "])
def test_11_4_a_percent_typed_as_text_is_told_what_to_type(answer):
    """r25f: "67%" got "Remove the quotes", and 67% without them is a syntax error."""
    message = evaluate("11.4", answer).message
    assert "without quotes or the % sign, as a share between 0 and 1 (0.25 for 25%)" in message, message
    assert "Remove the quotes" not in message
    assert "Remove the quotes" in evaluate("11.4", "0.674").message


def test_a_percent_typed_as_text_outside_a_share_question():
    from valueloops.checks import Number

    message = Number(expected=25.0, decimals=0, unit="percent", percent=True).evaluate("x.1", "25%").message
    assert message.endswith("Give a number without quotes or the % sign."), message


@pytest.mark.parametrize("answer", [1.7, 1.9, 2.0])
def test_11_5_neighbouring_hints_do_not_give_the_answer_away(answer):
    """r25f: "so does 0.1 less" and "a little more" named 1.8 outright."""
    feedback = evaluate("11.5", answer)
    assert feedback.status == WRONG and "1.8" not in feedback.message, feedback.message
    assert "less" not in feedback.message and "a little more" not in feedback.message, feedback.message
    if answer < lesson11.SMALLEST_PUSH:
        assert "at a push of 1.7, 1 of the 38 renters that fit is still not served" in feedback.message
    else:
        assert "a smaller one does too: lower it in steps of 0.1" in feedback.message


def test_11_9_the_year_after_the_lowest_point_names_only_its_own_growth():
    """r25f: 2024's hint gave 2023's 0.13 and "dated one year late", the answer."""
    message = evaluate("11.9", 2024).message
    assert "0.13" not in message and "year before" in message and "one year late" not in message, message
    assert "2023" not in message


def test_11_8_growth_on_the_year_after_is_named():
    """r25f: pct_change(-1) got only the 2014 message, not the reversed direction."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    after = _aws_rows().set_index("year")["net_sales_musd"].pct_change(-1)
    for series in (after, after.dropna()):
        plt.close("all")
        ax = sns.lineplot(x=series.index, y=series.values)
        ax.set(xlabel="Year", ylabel="growth (share of the year before's net sales)")
        feedback = evaluate("11.8", ax)
        assert feedback.status == WRONG and "you divided by the year after (pct_change(-1))" \
            in feedback.message, feedback.message
    plt.close("all")


def test_11_6_and_11_8_questions_say_what_r25f_asked():
    cells = nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4).cells
    q6 = " ".join(next(c.source for c in cells if "## Exercise 11.6" in c.source).split())
    assert "the fee `run_case` computes is true for the worked example's numbers" in q6
    assert "R1; `run_case` leaves it out" in q6
    assert "in `run_case`, cheaper space lowers the fee" in q6
    assert "in run_case, cheaper space lowers the fee" in lesson11.CHECKS["11.6"].options["a"]
    q8 = " ".join(next(c.source for c in cells if "## Exercise 11.8" in c.source).split())
    assert "**with the year on the x axis**" in q8 and "vertical bars" in q8


# --- round 15 (z11g, review r26f): 67 as a whole percent; 11.4's year hints name only what they know;
# 11.8's growth across segments and every segment averaged; 11.9's row labels 38 and 6; the lecture's
# referrals sentence, caption and heading; the Done cell says 11.8-11.9 are practice ----------------
@pytest.mark.parametrize("answer", [67, 67.0])
def test_11_4_a_percent_rounded_to_a_whole_is_named(answer):
    """r26f a: 67 got the generic "67 is not it" (0.67 is not the answer at three decimals)."""
    feedback = evaluate("11.4", answer)
    assert feedback.status == WRONG and "a percent rounded to a whole" in feedback.message, feedback.message
    assert "0.674" not in feedback.message
    for finer in (67.4, 67.42):   # the percent to one or two decimals keeps the share rule
        assert "looks like a percent; give a share" in evaluate("11.4", finer).message


def test_11_4_year_hints_name_only_what_they_know():
    """r26f b, c: 2016-2025 also gives 0.673 (the hint said "it pools 2015-2025"); 2015-2024 got only
    "stops at 2024", with 2014 missing too."""
    income = lesson11._income
    late = float(income.loc[2016:, "AWS"].sum() / income.loc[2016:, "Consolidated"].sum())
    message = evaluate("11.4", round(late, 3)).message
    assert "that leaves out 2014" in message and "it pools" not in message, message
    short = float(income.loc[2015:2024, "AWS"].sum() / income.loc[2015:2024, "Consolidated"].sum())
    for answer in (round(short, 3), short):
        message = evaluate("11.4", answer).message
        assert "stops at 2024 (and check that 2014 is in too)" in message, (answer, message)


def _segments_growth_chart(how: str, drop_2014: bool = False):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns
    from valueloops.data import load

    plt.close("all")
    segments = load("amazon_segments")
    if how == "across segments":     # pct_change() on the whole table, then the AWS rows
        growth = segments["net_sales_musd"].pct_change()
        frame = segments.assign(growth=growth)[segments["segment"] == "AWS"]
    else:                            # every segment's growth, no segment filter
        frame = segments.sort_values("year")
        frame = frame.assign(growth=frame.groupby("segment")["net_sales_musd"].pct_change())
    if drop_2014:
        frame = frame[frame["year"] > 2014]
    ax = sns.lineplot(data=frame, x="year", y="growth")
    ax.set(xlabel="Year", ylabel="growth (share of the year before's net sales)")
    return ax


@pytest.mark.parametrize("how, drop_2014, words", [
    ("across segments", False, "you took pct_change() over the whole table"),
    ("across segments", True, "you took pct_change() over the whole table"),
    ("every segment", False, "you drew every segment's growth (seaborn averages them per year)"),
])
def test_11_8_growth_across_segments_and_every_segment_are_named(how, drop_2014, words):
    """r26f d, e: growth over the whole table got "2014 is blank" (or "check the column you
    plotted"), and every segment averaged got "at 2015 you plotted 0.3024"."""
    import matplotlib.pyplot as plt

    feedback = evaluate("11.8", _segments_growth_chart(how, drop_2014))
    plt.close("all")
    assert feedback.status == WRONG and words in feedback.message, feedback.message
    assert "is blank in the table" not in feedback.message


def test_11_9_the_row_labels_of_the_filtered_table_are_named():
    """r26f f: idxmin() on the scaffold's filtered `aws` table gives 38 (a label kept from
    `segments`), and the hint blamed reset_index(), which the student did not call."""
    aws = _aws_rows()
    growth = aws["net_sales_musd"].pct_change()
    slowest, fastest = int(growth.idxmin()), int(growth.idxmax())
    assert (slowest, fastest) == (38, 6)
    message = evaluate("11.9", slowest).message
    assert "38 is the row label idxmin() returns" in message and "reset_index" not in message, message
    message = evaluate("11.9", fastest).message
    assert "6 is the row label idxmax() returns" in message and "the slowest, idxmin()" in message
    for label in (slowest, fastest):
        assert "2023" not in evaluate("11.9", label).message
    message = evaluate("11.9", 9).message   # a row number after reset_index(): the generic text
    assert "on a table whose index is not the year, that is a row number" in message, message


def test_lecture_11_referrals_caption_heading_and_section_4_as_r26f_asked():
    """r26f 1-4: the referrals decide where demand settles (40 with, 24 without, 20 served by month
    36 at G = 0.95); the caption names the one earnings release and 2020's secondary sources; the
    widget heading says what it plots. (r27d D2, D3 changed cell 36 and the caption back: their
    test is test_lecture_11_cell_36_and_caption_as_r27d_asked.)"""
    from valueloops.charts.capstone import RentalChart

    params = cold_chain_parameters()
    without = RentalChart().compute(gain=0.95, own_use=params.own_use)
    assert int(without.served.iloc[-1]) == 20 and without.fit == 24
    assert round(params.push / (1 - 0.95)) == 24 and without.demand.max() < without.fit
    cells = nbformat.read(ROOT / "notebooks" / "11_capstone.ipynb", as_version=4).cells
    text = [" ".join(c.source.split()) for c in cells]
    joined = " ".join(text)
    assert ("the referrals decide where demand settles: 40 renters with them, 24 without ($G = 0.95$). "
            "Without them only 20 would be served by month 36, and the capacity limit (24) would never "
            "bind.") in joined
    # r28e 11 #4: the chart has no rent axis; the heading says where the rent is
    assert "## 5. The widget: loop gain and own use → renters served (rent in the line below the chart)" in joined
    assert "renters served (and rent)" not in joined
    assert "US\\$248k" not in joined
    solution = nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4).cells
    done = " ".join(next(c.source for c in solution if c.source.startswith("## Done?")).split())
    assert "11.8 and 11.9 are practice" in done and "only 11.1–11.6 give the rubric's 42 points" in done


# --- round 16 (z11h, review r27d): cell 36 gives the strategic test; the caption's 2025 source is a
# copy of the release; 11.3 names churn typed as retention when no renter is served; 11.8 names
# hue="segment" (every segment drawn); 11.8's question names matplotlib and a label that passes -----
def test_lecture_11_cell_36_and_caption_as_r27d_asked():
    """r27d D2: cell 36 left the strategic test ("does building pay?") to the guide; its numbers
    follow from the model. D3: the caption called the 2025 source the release itself. Cell 1 called
    a 55-cell lecture "a short guide"."""
    from valueloops.charts.capstone import RentalChart
    from valueloops.cloud import pooled_capacity

    params = cold_chain_parameters()
    case = RentalChart().compute(gain=0.97, own_use=0.6)
    served = int(case.served.iloc[-1])
    spare = params.capacity * (1 - 0.6)
    used = pooled_capacity(n=served, mean=params.renter_mean, sd=params.renter_sd,
                           z=params.service_z, rho=params.correlation).pooled
    all_spare = spare * params.unit_cost * 12 / 1000          # US$ millions a year
    assert (served, round(spare), round(used, -2), round(all_spare, 1)) == (26, 8000, 5400, 4.7)
    assert round(case.revenue_per_year / 1000, 1) == 12.9
    cells = nbformat.read(ROOT / "notebooks" / "11_capstone.ipynb", as_version=4).cells
    text = [" ".join(c.source.split()) for c in cells]
    cell36 = next(t for t in text if t.startswith("The profit line charges only the space renters use"))
    assert "the guide works" not in cell36
    assert ("at own use 0.6 (below), the 26 renters served by month 36 use about 5,400 of the 8,000 "
            "spare positions, and charging all 8,000 at full cost (US\\$4.7m a year) still leaves the "
            "US\\$12.9m rent well ahead.") in cell36
    caption = next(t for t in text if t.startswith("*AWS's net sales and operating income, 2014–2025"))
    assert ("Sources: Amazon's 10-Ks; for 2025 a copy of its Q4 2025 earnings release, and for 2020 "
            "secondary sources (note 1, at the end).*") in caption
    assert "This lecture sets up the tools; the work happens in the project notebook" in text[1]
    guide = " ".join((ROOT / "instructors" / "11_capstone.md").read_text().split())
    assert "FY2016–FY2024" not in guide and "leaves the numbers to this guide" not in guide
    assert ("the segment notes of Amazon's FY2016, FY2018, FY2019, FY2023 and FY2024 10-Ks (2020 from "
            "secondary sources), and a copy of its Q4 2025 earnings release") in guide


@pytest.mark.parametrize("retention, gain, push, churn", [
    (0.03, 0.05, 0.5, True), (0.2, 0.21, 0.5, True), (0.6, 0.6, 0.3, False), (0.9, 0.9, 0.05, False)])
def test_11_3_no_renter_served_names_churn_typed_as_retention(retention, gain, push, churn):
    """r27d D4: retention 0.03 with a small push got only "no renter is served"; the slip it likely
    is (churn typed as retention) is named, as it is when such a case passes."""
    case = dataclasses.replace(lesson11.studio_parameters(), retention=retention, gain=gain, push=push)
    feedback = evaluate("11.3", case)
    assert feedback.status == WRONG and "no renter is served by month 48" in feedback.message, feedback
    assert ("is this churn (give 1 − churn) or a yearly figure?" in feedback.message) is churn, feedback
    if churn:
        assert f"retention = {retention:g} a month" in feedback.message


def _hue_chart(keep):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns
    from valueloops.data import load

    plt.close("all")
    segments = load("amazon_segments").sort_values("year")
    frame = segments.assign(growth=segments.groupby("segment")["net_sales_musd"].pct_change())
    frame = frame[frame["segment"].isin(keep)]
    ax = sns.lineplot(data=frame, x="year", y="growth", hue="segment" if len(keep) > 1 else None)
    ax.set(xlabel="Year", ylabel="growth (share of the year before)")
    return ax


@pytest.mark.parametrize("keep, words", [
    (("North America", "International", "AWS", "Consolidated"), "North America's net sales growth"),
    (("International", "AWS", "Consolidated"), "International's net sales growth"),
    (("North America", "International", "AWS"), "North America's net sales growth"),
    (("North America",), "North America's net sales growth"),
    (("International",), "International's net sales growth"),
])
def test_11_8_every_segment_drawn_with_hue_is_named(keep, words):
    """r27d D5: hue="segment" draws every segment; the hint named only the Consolidated rows, as if
    that were the one slip. Each other segment is now a named slip, and its hint says why."""
    import matplotlib.pyplot as plt

    feedback = evaluate("11.8", _hue_chart(keep))
    plt.close("all")
    assert feedback.status == WRONG and words in feedback.message, feedback.message
    assert 'with hue="segment", seaborn draws every segment' in feedback.message, feedback.message
    assert "another segment" in feedback.message


def test_11_8_question_names_matplotlib_and_a_label_that_passes():
    """r27d: the question said "with seaborn or pandas" (ax.plot passes too) and gave no label that
    passes; its example label is drawn here, with matplotlib, and passes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cells = nbformat.read(SOLUTIONS / "11_capstone.ipynb", as_version=4).cells
    q8 = " ".join(next(c.source for c in cells if "## Exercise 11.8" in c.source).split())
    assert "with seaborn, pandas or matplotlib" in q8 and "with seaborn or pandas" not in q8
    label = re.search(r'e\.g\. `"([^"]+)"`', q8).group(1)
    assert label == "growth (share of the year before)"
    growth = _aws_rows().set_index("year")["net_sales_musd"].pct_change()
    plt.close("all")
    fig, ax = plt.subplots()
    ax.plot(growth.index, growth.values, marker="o")
    ax.set(xlabel="Year", ylabel=label)
    feedback = evaluate("11.8", ax)
    plt.close("all")
    assert feedback.status == CORRECT, feedback


# --- r27d D1: a share label in the question's own words ("0.2 for 20%") passes 11.8 -------------------
@pytest.mark.parametrize("label, passes", [
    ("growth (share; 0.2 for 20%)", True), ("growth (share; 0.2 = 20%)", True),
    ("growth (as a share, not %)", True), ("growth (share of the year before)", True),
    ("growth (%)", False), ("YoY growth, % of prior year (as share)", False),
    ("growth (share, 20 for 20%)", True),   # a wrong gloss is still a gloss; the values decide
])
def test_r27d_11_8_a_label_that_glosses_the_share_passes(label, passes):
    import matplotlib.pyplot as plt

    table = lesson11.GROWTH_TABLE.dropna(subset=["growth"])
    fig, ax = plt.subplots()
    ax.plot(table["year"], table["growth"])
    ax.set(xlabel="year", ylabel=label)
    feedback = evaluate("11.8", ax)
    plt.close(fig)
    assert feedback.passed == passes, (label, feedback.message)
    if not passes:
        assert "says percent" in feedback.message


def test_lecture_11_story_says_amazons_own_accounts_in_plain_sentences():
    """r28e 11 #1: the CTO's and Jassy's accounts are two plain clauses, not a parenthesis."""
    cells = nbformat.read(ROOT / "notebooks" / "11_capstone.ipynb", as_version=4).cells
    story = " ".join(next(c.source for c in cells if c.source.startswith("## 1. The story")).split())
    assert ("Amazon's own accounts say any spare capacity was soon outgrown: its CTO was reported as saying "
            "that AWS would have used it up within about two months of launch, and Andy Jassy, AWS's head, "
            "said in 2008 that AWS had far exceeded it. Others trace the spare-capacity story to Bezos "
            "himself (lesson 05).") in story
    assert "burned through" not in story and "(AWS, its CTO" not in story
