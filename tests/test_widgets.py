"""The house widget pattern, and every chart the course ships."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from matplotlib.figure import Figure

import valueloops.charts
from valueloops import style
from valueloops.widgets import ModelChart, Slider


class Toy(ModelChart):
    controls = (Slider("k", "Steepness", 0.0, 2.0, 0.1, 1.0, "per step"),)

    def __init__(self, fail_on_update: int | None = None):
        super().__init__()
        self.calls = 0
        self.fail_on_update = fail_on_update

    def compute(self, k):
        if k > 1.5:
            raise ValueError("k must stay at or below 1.5 here")
        return k

    def setup(self, fig):
        ax = fig.subplots()
        (self.line,) = ax.plot([0, 1], [0, 1])
        ax.set(title="Toy", xlabel="x (units)", ylabel="y (units)", ylim=(0, 2))

    def update(self, k):
        self.calls += 1
        if self.calls == self.fail_on_update:
            raise RuntimeError("a bug in update")
        self.line.set_ydata([0, k])

    def summary(self, k):
        return f"k = {k:.1f}"


def test_render_reuses_one_figure_and_changes_the_image():
    chart = Toy()
    png1, text1 = chart.render(k=0.5)
    fig = chart.figure
    png2, text2 = chart.render(k=1.0)
    assert png1.startswith(b"\x89PNG") and png1 != png2
    assert chart.figure is fig and (text1, text2) == ("k = 0.5", "k = 1.0")


def test_model_error_becomes_a_message_not_a_chart():
    png, message = Toy().render(k=1.8)
    assert png is None and "at or below 1.5" in message


def test_widget_shows_the_message_and_hides_the_chart():
    chart = Toy()
    box = chart.interact()
    image = box.children[1].children[1]
    message = box.children[1].children[0]
    box.sliders["k"].value = 1.8
    assert image.layout.display == "none" and "at or below 1.5" in message.value
    box.sliders["k"].value = 0.3
    assert image.layout.display == "" and message.value == ""


def test_callback_exception_is_not_swallowed():
    # In a kernel the Output widget under the chart shows the traceback (the browser suite sees
    # it); outside one, ipywidgets lets the exception propagate. Either way it is never hidden.
    chart = Toy(fail_on_update=2)
    box = chart.interact()
    with pytest.raises(RuntimeError, match="a bug in update"):
        box.sliders["k"].value = 0.4
    assert isinstance(chart.last_error, RuntimeError)


def test_first_draw_exception_fails_the_cell():
    with pytest.raises(RuntimeError, match="a bug in update"):
        Toy(fail_on_update=1).interact()


def test_unknown_control_and_bad_slider_are_refused():
    with pytest.raises(TypeError, match="its controls are k"):
        Toy().render(q=1)
    with pytest.raises(ValueError, match="outside"):
        Slider("k", "K", 0, 1, 0.1, 2)


# --- every chart the course ships -----------------------------------------------------------------
def shipped_charts() -> list[type[ModelChart]]:
    found = []
    for info in pkgutil.iter_modules(valueloops.charts.__path__):
        module = importlib.import_module(f"valueloops.charts.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ModelChart) and cls is not ModelChart and cls.__module__ == module.__name__:
                found.append(cls)
    return found


CHARTS = shipped_charts()


def test_charts_are_discovered():
    assert any(c.__name__ == "LoopGainChart" for c in CHARTS)


@pytest.mark.parametrize("cls", CHARTS, ids=lambda c: c.__name__)
def test_chart_defaults_render_with_titles_units_and_palette(cls):
    chart = cls()
    assert chart.controls, f"{cls.__name__} has no controls"
    png, text = chart.render()
    assert png is not None, f"{cls.__name__} cannot draw its own defaults: {text}"
    for ax in chart.figure.axes:
        if not ax.axison:
            continue
        assert ax.get_title(loc="left") or ax.get_title() or chart.figure._suptitle, (
            f"{cls.__name__}: an axes has no title")
        for label in (ax.get_xlabel(), ax.get_ylabel()):
            assert label, f"{cls.__name__}: an axis has no label"
    for control in chart.controls:
        assert control.label and (control.unit or control.integer), (
            f"{cls.__name__}.{control.name}: a slider needs a unit")


@pytest.mark.parametrize("cls", CHARTS, ids=lambda c: c.__name__)
def test_chart_survives_every_slider_edge(cls):
    chart = cls()
    for control in chart.controls:
        for edge in (control.min, control.max):
            png, text = chart.render(**{control.name: edge})
            assert png is not None or text, f"{cls.__name__}: {control.name}={edge} gave nothing"


def test_course_palette_is_colour_blind_safe():
    import seaborn as sns
    assert style.PALETTE == sns.color_palette("colorblind", 8)
    assert len(set(style.LINESTYLES)) >= 3 and len(set(style.MARKERS)) >= 4


def test_course_map_has_a_title():
    from valueloops.charts.diagram import course_map
    fig = course_map()
    assert isinstance(fig, Figure) and fig.axes[0].get_title(loc="left")


def _random_settings(chart: ModelChart, count: int, seed: int = 7) -> list[dict]:
    import numpy as np
    rng = np.random.default_rng(seed)
    settings = []
    for _ in range(count):
        values = {}
        for c in chart.controls:
            steps = int(round((c.max - c.min) / c.step))
            v = c.min + c.step * int(rng.integers(0, steps + 1))
            values[c.name] = int(round(v)) if c.integer else min(round(v, 10), c.max)
        settings.append(values)
    return settings


@pytest.mark.parametrize("cls", CHARTS, ids=lambda c: c.__name__)
def test_cached_redraw_matches_a_full_draw(cls):
    """The fast path (static layer cached) must show exactly what a full draw shows."""
    import io

    import numpy as np
    from PIL import Image

    from valueloops.widgets import figure_png

    chart = cls()
    for values in _random_settings(chart, 6) + [chart.defaults()]:
        # first render: a full draw; second: builds the cached layer; third: reuses it
        for _ in range(3):
            fast, _ = chart.render(**values)
        if fast is None:
            continue
        with style.theme():
            full = figure_png(chart.figure)
        a = np.asarray(Image.open(io.BytesIO(fast)).convert("L"), dtype=int)
        b = np.asarray(Image.open(io.BytesIO(full)).convert("L"), dtype=int)
        differ = np.mean(np.abs(a - b) > 40)
        assert differ < 0.002, f"{cls.__name__} {values}: {differ:.2%} of pixels differ from a full draw"
