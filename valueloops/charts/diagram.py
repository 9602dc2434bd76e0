"""Causal-loop diagrams drawn with matplotlib: nodes on a circle joined by curved arrows."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from .. import style

ECOMMERCE_LOOP = ("Lower\nprices", "Customer\nexperience", "Traffic", "Sellers", "Selection",
                  "Growth", "Lower cost\nstructure")
"""Amazon's flywheel as sketched by Bezos and his team with Jim Collins in 2001 (Collins on
Recode Decode; Brad Stone, *The Everything Store*): "more of this brings more of that". The one
e-commerce loop of the course: the course map and lesson 01's diagram both draw it."""
AWS_LOOP = ("Capacity built\nfor peak", "Capability\nrented to others", "Many customers'\ndemand pooled",
            "Scale and\nfrugality", "Lower unit\ncost", "Price cuts")


def draw_loop(ax: Axes, nodes: Sequence[str], center: tuple[float, float], radius: float,
              color: tuple[float, float, float], title: str) -> None:
    """Draw one reinforcing loop: ``nodes`` clockwise on a circle, an arrow from each to the next.

    Coordinates are in the axes' data units; the loop is marked "R" (reinforcing) in its middle.
    """
    cx, cy = center
    k = len(nodes)
    points = []
    for i, label in enumerate(nodes):
        angle = math.pi / 2 - 2 * math.pi * i / k
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        points.append((x, y))
        ax.text(x, y, label, ha="center", va="center", fontsize=10,
                bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": color,
                      "linewidth": 1.8})
    for i in range(k):
        start, end = points[i], points[(i + 1) % k]
        ax.add_patch(FancyArrowPatch(start, end, connectionstyle="arc3,rad=-0.25",
                                     arrowstyle="-|>", mutation_scale=16, color=color,
                                     linewidth=1.8, shrinkA=30, shrinkB=30))
    ax.text(cx, cy, "R", ha="center", va="center", fontsize=22, fontweight="bold", color=color)
    ax.text(cx, cy + radius + 0.55, title, ha="center", va="bottom", fontsize=12,
            fontweight="bold")


def frame_diagram(ax: Axes, xlim: tuple[float, float], ylim: tuple[float, float], title: str) -> None:
    """Finish a diagram: its extent in data units, equal aspect, no axes, a title, tight layout."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    ax.get_figure().tight_layout()


def course_map() -> Figure:
    """The course on one page: the e-commerce loop, the AWS loop and the synergy between them."""
    with style.theme():
        fig = Figure(figsize=(11, 5.4))
        ax = fig.subplots()
        draw_loop(ax, ECOMMERCE_LOOP, (-2.6, 0), 1.7, style.PALETTE[0], "The e-commerce loop (lessons 01-04)")
        draw_loop(ax, AWS_LOOP, (2.6, 0), 1.7, style.PALETTE[2], "The AWS loop (lessons 05-08)")
        for y, text in ((0.35, "store runs on\nAWS (since 2010)"),
                        (-0.45, "AWS users share\nthe servers' cost")):
            start, end = ((-0.75, y), (0.75, y)) if y > 0 else ((0.75, y), (-0.75, y))
            ax.add_patch(FancyArrowPatch(start, end, connectionstyle="arc3,rad=-0.15",
                                         arrowstyle="-|>", mutation_scale=16,
                                         color=style.PALETTE[3], linewidth=2, linestyle="--"))
            ax.text(0, y + (0.45 if y > 0 else -0.45), text, ha="center", va="center", fontsize=8.5,
                    color=style.PALETTE[3])
        ax.text(0, -2.55, "Synergy (lesson 09): store ⇄ AWS, with devices as storefronts.   "
                "Critical view (lesson 10): the same loops give power, lock-in and rising fees.",
                ha="center", va="center", fontsize=10, style="italic")
        frame_diagram(ax, (-5, 5), (-2.8, 2.7), "Amazon's two value loops and how they feed each other")
    return fig
