"""Causal-loop diagrams drawn with matplotlib: nodes on a circle joined by curved arrows."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from .. import style

ECOMMERCE_LOOP = ("Lower\nprices", "Customer\nexperience", "Traffic", "Sellers", "Selection",
                  "Growth", "Lower cost\nstructure")
"""Amazon's flywheel as one circle, "more of this brings more of that": simplified from the sketch
Bezos and his team drew with Jim Collins in 2001 (Collins, *Turning the Flywheel*, 2019, and Recode
Decode; Brad Stone, *The Everything Store*). As commonly reproduced, the sketch has an inner circle
customer experience → traffic → sellers → selection → customer experience with growth at its
centre, and growth → lower cost structure → lower prices → customer experience; here selection
brings growth and the two circles become one. The one e-commerce loop of the course: the course
map and lesson 01's diagram both draw it."""
AWS_LOOP = ("Many customers'\ndemand pooled", "Utilisation\n(capacity\nless idle)",
            "Lower unit cost\n(scale, frugality)", "Price cuts", "AWS\ncustomers")
"""The AWS loop, each arrow "more of this brings more of that": more customers pool more demand;
pooled demand has a smoother peak, so the capacity built for it is used more (less of it idle);
higher utilisation, scale and frugality lower the unit cost; the savings become price cuts; price
cuts bring customers (COURSE.md section 2; lessons 05-08). Customers come last so that they sit on
the left, facing the store's loop (the store is an AWS customer too)."""

ARROW_GAP = 3.0
"""Gap in points between an arrow's ends and the boxes it joins (arrows are clipped to the boxes)."""


def box_arrow(ax: Axes, start: Text, end: Text, color: tuple[float, float, float], rad: float,
           **style_kw) -> FancyArrowPatch:
    """An arrow from box ``start`` to box ``end``, clipped to both boxes so its head shows.

    Drawn above the boxes (zorder 4 over the texts' 3), so each box is positioned for the current
    render before the arrow is clipped to it.
    """
    arrow = FancyArrowPatch(start.get_position(), end.get_position(),
                            connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>", mutation_scale=16,
                            color=color, patchA=start.get_bbox_patch(), patchB=end.get_bbox_patch(),
                            shrinkA=ARROW_GAP, shrinkB=ARROW_GAP, zorder=4, **style_kw)
    ax.add_patch(arrow)
    return arrow


def draw_loop(ax: Axes, nodes: Sequence[str], center: tuple[float, float], radius: float,
              color: tuple[float, float, float], title: str, first_angle: float = 90.0,
              mark_offset: tuple[float, float] = (0.0, 0.0)) -> list[Text]:
    """Draw one reinforcing loop: ``nodes`` clockwise on a circle, an arrow from each to the next.

    Coordinates are in the axes' data units; ``first_angle`` (degrees, counter-clockwise from the
    right) places the first node; the loop is marked "R" (reinforcing) in its middle, moved by
    ``mark_offset`` (data units) where a box sits inside the circle. Returns the node boxes (texts),
    in the order of ``nodes``.
    """
    cx, cy = center
    k = len(nodes)
    boxes = []
    for i, label in enumerate(nodes):
        angle = math.radians(first_angle) - 2 * math.pi * i / k
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        boxes.append(ax.text(x, y, label, ha="center", va="center", fontsize=10, zorder=3,
                             bbox={"boxstyle": "round,pad=0.35", "facecolor": "white",
                                   "edgecolor": color, "linewidth": 1.8}))
    for i in range(k):
        box_arrow(ax, boxes[i], boxes[(i + 1) % k], color, -0.25, linewidth=1.8)
    ax.text(cx + mark_offset[0], cy + mark_offset[1], "R", ha="center", va="center", fontsize=22,
            fontweight="bold", color=color)
    ax.text(cx, cy + radius + 0.55, title, ha="center", va="bottom", fontsize=12,
            fontweight="bold")
    return boxes


def frame_diagram(ax: Axes, xlim: tuple[float, float], ylim: tuple[float, float], title: str) -> None:
    """Finish a diagram: its extent in data units, equal aspect, no axes, a title, tight layout."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    ax.get_figure().tight_layout()


def _side_box(ax: Axes, xy: tuple[float, float], label: str, color: tuple[float, float, float]) -> Text:
    """A box off the loops' circles (the data loop, value capture), styled like a loop's nodes."""
    return ax.text(*xy, label, ha="center", va="center", fontsize=9, zorder=3,
                   bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": color,
                         "linewidth": 1.4})


DATA_BOX = "Data →\nrecommendations\n(lesson 04)"
"""The course map's data loop (lesson 04): traffic leaves data, data improves the experience."""
VALUE_CAPTURE_BOX = "Value capture (lessons 02-03):\nseller fees, Prime, advertising"
"""The course map's value capture (lessons 02-03): what Amazon earns from sellers and shoppers."""


def course_map() -> Figure:
    """The course on one page: the e-commerce loop with its data loop and its value capture, the
    AWS loop, and the synergy between them."""
    with style.theme():
        fig = Figure(figsize=(11, 6.2))
        ax = fig.subplots()
        # the store's loop turned so that Traffic and Lower cost structure face the AWS loop
        store = draw_loop(ax, ECOMMERCE_LOOP, (-2.6, 0), 1.7, style.PALETTE[0],
                          "The e-commerce loop (lessons 01-04)", first_angle=360 / 14,
                          mark_offset=(0.0, 0.35))  # the data loop's box sits below the R
        aws = draw_loop(ax, AWS_LOOP, (2.6, 0), 1.7, style.PALETTE[2], "The AWS loop (lessons 05-08)",
                        first_angle=180 + 4 * 360 / 5)  # customers on the left
        node = dict(zip(ECOMMERCE_LOOP, store))
        traffic, lower_cost, customers = (node["Traffic"], node["Lower cost\nstructure"],
                                          aws[AWS_LOOP.index("AWS\ncustomers")])
        # the data loop inside the store's circle: traffic leaves data, data improves the experience
        data = _side_box(ax, (-2.75, -0.75), DATA_BOX, style.PALETTE[0])
        box_arrow(ax, traffic, data, style.PALETTE[0], 0.25, linewidth=1.3)
        box_arrow(ax, data, node["Customer\nexperience"], style.PALETTE[0], 0.25, linewidth=1.3)
        # value capture under it: fees from sellers, advertising and Prime from shoppers
        capture = _side_box(ax, (-2.95, -2.75), VALUE_CAPTURE_BOX, style.PALETTE[4])
        for source in (node["Sellers"], traffic):
            box_arrow(ax, source, capture, style.PALETTE[4], 0.0, linewidth=1.3)
        for source, target, rad, (x, y), text in (
                (traffic, customers, 0.2, (0.25, -1.55), "the store's traffic\nruns on AWS"),
                (customers, lower_cost, 0.2, (0.25, 1.55), "AWS users share\nthe servers' cost")):
            box_arrow(ax, source, target, style.PALETTE[3], rad, linewidth=2, linestyle="--")
            ax.text(x, y, text, ha="center", va="center", fontsize=8.5, color=style.PALETTE[3])
        ax.text(2.6, -2.75, "Synergy (lesson 09): store ⇄ AWS, with devices as storefronts.\n"
                "Critical view (lesson 10): the same loops give power, lock-in and rising fees.",
                ha="center", va="center", fontsize=9.5, style="italic")
        frame_diagram(ax, (-5, 5), (-3.45, 2.7), "Amazon's two value loops and how they feed each other")
    return fig
