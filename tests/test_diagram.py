"""The course map and the flywheel diagram: every arrow ends outside every box, so its head shows."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import FancyArrowPatch

from valueloops.charts.diagram import AWS_LOOP, ECOMMERCE_LOOP, course_map
from valueloops.charts.flywheel import flywheel_diagram


def _hidden_arrow_points(fig):
    """(arrow index, box label) for each arrow with a vertex inside a box, after one render."""
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    boxes = [(t.get_text(), t.get_bbox_patch().get_window_extent()) for t in ax.texts
             if t.get_bbox_patch() is not None]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert arrows and boxes
    hidden = []
    for i, arrow in enumerate(arrows):
        points = np.vstack([path.vertices for path in arrow._get_path_in_displaycoord()[0]])
        for label, box in boxes:
            inside = ((points[:, 0] > box.x0 + 0.5) & (points[:, 0] < box.x1 - 0.5)
                      & (points[:, 1] > box.y0 + 0.5) & (points[:, 1] < box.y1 - 0.5))
            if inside.any():
                hidden.append((i, label))
    return hidden


@pytest.mark.parametrize("make", [course_map, flywheel_diagram])
def test_every_arrow_head_is_outside_every_box(make):
    assert _hidden_arrow_points(make()) == []


def test_course_map_dashed_links_join_the_named_boxes():
    """Traffic → AWS customers (the store runs on AWS), AWS customers → Lower cost structure."""
    fig = course_map()
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    box_of = {t.get_bbox_patch(): t.get_text() for t in ax.texts if t.get_bbox_patch() is not None}
    dashed = [(box_of[a.patchA], box_of[a.patchB]) for a in ax.patches
              if isinstance(a, FancyArrowPatch) and a.get_linestyle() == "--"]
    assert dashed == [("Traffic", AWS_LOOP[-1]), (AWS_LOOP[-1], ECOMMERCE_LOOP[-1])]
    assert "Utilisation" in AWS_LOOP[1]


def _capstone_models():
    from test_capstone_checks import cainiao_model
    from valueloops.capstone import cold_chain_model
    from valueloops.checks.lesson11 import harvest_model, studio_model
    return [cold_chain_model(), harvest_model(), studio_model(), cainiao_model()]


@pytest.mark.parametrize("model", _capstone_models(), ids=["freshmart", "harvest", "studio", "cainiao"])
def test_capstone_arrows_reach_their_boxes_edges_and_enter_none(model):
    """Each arrow of draw_loop_model starts and ends within a few points of its own boxes' edges
    (issue: FreshMart's arrows stopped short of their boxes), and no arrow enters a node box."""
    from valueloops.charts.capstone import draw_loop_model
    from valueloops.charts.diagram import ARROW_GAP
    fig = draw_loop_model(model)
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    boxes = {t.get_text(): t.get_bbox_patch().get_window_extent() for t in ax.texts
             if t.get_text() in model.nodes}
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == len(model.links) and len(boxes) == len(model.nodes)
    near = (ARROW_GAP + 2.5) * fig.dpi / 72      # the gap plus the line's width, in pixels

    def gap(points, box):
        dx = np.maximum(np.maximum(box.x0 - points[:, 0], points[:, 0] - box.x1), 0)
        dy = np.maximum(np.maximum(box.y0 - points[:, 1], points[:, 1] - box.y1), 0)
        return np.hypot(dx, dy)

    for link, arrow in zip(model.links, arrows):
        points = np.vstack([path.vertices for path in arrow._get_path_in_displaycoord()[0]])
        for name, box in boxes.items():
            inside = ((points[:, 0] > box.x0 + 0.5) & (points[:, 0] < box.x1 - 0.5)
                      & (points[:, 1] > box.y0 + 0.5) & (points[:, 1] < box.y1 - 0.5))
            assert not inside.any(), (str(link), name)
        assert gap(points, boxes[link.source]).min() <= near, (str(link), "starts short")
        assert gap(points, boxes[link.target]).min() <= near, (str(link), "ends short")


def test_course_map_shows_the_data_loop_and_value_capture():
    """Round 12: the map lacked the data loop (lesson 04) and value capture (lessons 02-03):
    Traffic → Data → Customer experience, and Sellers and Traffic → value capture."""
    from valueloops.charts.diagram import DATA_BOX, VALUE_CAPTURE_BOX

    fig = course_map()
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    box_of = {t.get_bbox_patch(): t.get_text() for t in ax.texts if t.get_bbox_patch() is not None}
    links = {(box_of[a.patchA], box_of[a.patchB]) for a in ax.patches if isinstance(a, FancyArrowPatch)}
    assert {("Traffic", DATA_BOX), (DATA_BOX, "Customer\nexperience"), ("Sellers", VALUE_CAPTURE_BOX),
            ("Traffic", VALUE_CAPTURE_BOX)} <= links
    assert all(word in VALUE_CAPTURE_BOX for word in ("seller fees", "Prime", "advertising"))
    assert "recommendations" in DATA_BOX


@pytest.mark.parametrize("model", _capstone_models(), ids=["freshmart", "harvest", "studio", "cainiao"])
def test_capstone_loop_badges_sit_clear_of_every_arrow(model):
    """r27d: Harvest & Co's R2 badge sat on the arrow from Promotions tested to Insight quality.
    No arrow passes within a few points of a loop badge (R1, B1 ...)."""
    import re

    from valueloops.charts.capstone import draw_loop_model
    fig = draw_loop_model(model)
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    badges = [t.get_bbox_patch().get_window_extent() for t in ax.texts
              if re.fullmatch(r"[RB]\d+", t.get_text())]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(badges) == len(model.loops()) and arrows
    margin = 3 * fig.dpi / 72
    for badge in badges:
        for arrow in arrows:
            points = np.vstack([path.vertices for path in arrow._get_path_in_displaycoord()[0]])
            inside = ((points[:, 0] > badge.x0 - margin) & (points[:, 0] < badge.x1 + margin)
                      & (points[:, 1] > badge.y0 - margin) & (points[:, 1] < badge.y1 + margin))
            assert not inside.any(), (model.firm, badge)
