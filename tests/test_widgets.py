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
    image, message = box.image, box.message
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


def _rgb(png: bytes):
    import io

    import numpy as np
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


@pytest.mark.parametrize("cls", CHARTS, ids=lambda c: c.__name__)
def test_cached_redraw_matches_a_full_draw(cls):
    """The fast path (cached static layer and legend overlay, 8-bit palette PNG) must show what a
    full draw shows (an RGB PNG of every pixel): the quantisation may move an anti-aliased edge
    pixel a little, never visibly."""
    import numpy as np

    from valueloops.widgets import figure_png

    chart = cls()
    for values in _random_settings(chart, 6) + [chart.defaults()]:
        # first render of a setting may draw a new static layer; the next ones reuse it
        for _ in range(2):
            fast, _ = chart.render(**values)
        if fast is None:
            continue
        with style.theme():
            full = figure_png(chart.figure)
        a, b = _rgb(fast), _rgb(full)
        error = np.abs(a - b).max(axis=2)
        where = f"{cls.__name__} {values}"
        assert np.mean(error > 40) < 0.002, f"{where}: {np.mean(error > 40):.2%} of pixels differ from a full draw"
        assert np.mean(error > 8) < 0.02, f"{where}: {np.mean(error > 8):.2%} of pixels off by more than 8 levels"
        assert error.mean() < 0.5, f"{where}: mean error {error.mean():.2f} levels"


def test_palette_png_is_smaller_and_keeps_the_flat_colours():
    import numpy as np

    from valueloops.widgets import encode_png

    chart = next(c for c in CHARTS if c.__name__ == "PoolingChart")()  # the busiest picture
    png, _ = chart.render()
    rgb = encode_png(chart.figure)
    assert png[25] == 3 and rgb[25] == 2  # PNG colour type: 3 = palette, 2 = RGB
    assert len(png) < 0.7 * len(rgb)
    a, b = _rgb(png), _rgb(rgb)
    packed = b[..., 0] * 65536 + b[..., 1] * 256 + b[..., 2]
    colours, counts = np.unique(packed, return_counts=True)
    flat = np.isin(packed, colours[np.argsort(counts)[::-1][:8]])  # the 8 most frequent colours
    assert flat.mean() > 0.8
    # exact, or (two flat colours in one of Pillow's 4-level cells) the more frequent of the two
    assert np.abs(a[flat] - b[flat]).max() <= 4, "a flat colour of the chart changed visibly"
    assert np.all(a[flat] == b[flat], axis=1).mean() > 0.99


def test_ladder_limit_picks_the_first_level_that_fits():
    from valueloops.widgets import ladder_limit

    assert ladder_limit(10, (100, 400)) == 100
    assert ladder_limit(100, (100, 400)) == 100
    assert ladder_limit(101, (100, 400)) == 400
    assert ladder_limit(1e9, (100, 400)) == 400  # beyond the ladder: its top (the data is clipped)


class Ladder(Toy):
    """A toy whose axis switches between two limits, as the ladder charts do."""

    def update(self, k):
        super().update(k)
        self.line.axes.set_ylim(0, 1 if k <= 0.5 else 2)


def test_static_layers_are_kept_so_going_back_costs_no_full_draw():
    chart = Ladder()
    for k in (0.2, 0.4, 0.9, 1.2, 0.3, 1.0, 0.1, 1.4):
        chart.render(k=k)
    assert chart._renderer.misses == 2  # one per axis limit, however often the slider crosses


MAX_STATIC_LAYERS = 6
"""Axis layouts a chart may take over its sliders' whole range: each is drawn once and then kept
(the renderer holds BACKGROUNDS of them), so a session pays at most this many slow frames.
A two-panel chart with its own ladder on each panel (lesson 04: 3 data x 2 quarter limits) needs 6."""


@pytest.mark.parametrize("cls", CHARTS, ids=lambda c: c.__name__)
def test_axes_stay_put_across_the_sliders(cls):
    """Every shipped chart keeps its axes (its cached static layer) across the sliders' range: over
    20 seeded settings it draws at most MAX_STATIC_LAYERS static layers (issue 17: kernel p95
    <= 15 ms), and going through the same settings again draws none (every layer was kept)."""
    from valueloops.widgets import BACKGROUNDS

    assert MAX_STATIC_LAYERS < BACKGROUNDS
    chart = cls()
    settings = [{}] + list(_random_settings(chart, 20, seed=11))
    for values in settings:
        chart.render(**values)
    first_pass = chart._renderer.misses
    assert first_pass <= MAX_STATIC_LAYERS, (
        f"{cls.__name__}: {first_pass} static layers drawn in 21 settings; pick its axis "
        f"limits from a short ladder (valueloops.widgets.ladder_limit)")
    for values in settings:
        chart.render(**values)
    assert chart._renderer.misses == first_pass, (
        f"{cls.__name__}: the same 21 settings drew {chart._renderer.misses - first_pass} static "
        f"layers again; its axis limits must depend on the settings only through a ladder")


def test_a_slider_move_sends_no_output_widget_messages(monkeypatch):
    import ipywidgets

    entered = []
    original = ipywidgets.Output.__enter__
    monkeypatch.setattr(ipywidgets.Output, "__enter__",
                        lambda self: (entered.append(1), original(self))[1])
    chart = Toy(fail_on_update=4)
    box = chart.interact()
    for k in (0.2, 0.4):
        box.sliders["k"].value = k
    assert entered == [], "a normal slider move entered the Output widget (a message each way)"
    with pytest.raises(RuntimeError):
        box.sliders["k"].value = 0.6  # the 4th update fails: the error is shown in the Output
    assert entered, "an error must be shown in the Output widget"


# --- the frame cache (issue 24) ---------------------------------------------------------------------

import asyncio  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

from valueloops import widgets as widgets_module  # noqa: E402
from valueloops.widgets import (FRONT_BUDGET, NEIGHBOURS, PLAYER_JS, PREFETCH_SHARE, PREFETCH_WINDOW,  # noqa: E402
                                FrameServer, _Scheduler, frame_key, grid_index, grid_value,
                                prefetch_order)


class Sent:
    """What a FramePlayer sent to the browser (its ``send`` replaced), as (content, buffers)."""

    def __init__(self, player):
        self.messages = []
        player.send = lambda content, buffers=None: self.messages.append((content, buffers))

    def frames(self):
        return [(c["key"], (b or [None])[0], c["summary"], c["message"]) for c, b in self.messages
                if c["type"] == "frame"]


def connect(chart, **values):
    """interact() and a browser that has loaded the player: (box, player, what it sent)."""
    box = chart.interact(**values)
    sent = Sent(box.player)
    key = frame_key(grid_index(c, s.value) for c, s in zip(chart.controls, box.sliders.values()))
    box.player._on_message(box.player, {"type": "ready", "key": key}, [])
    return box, box.player, sent


def drain(player, limit=400):
    """Run the player's queued work as the kernel's event loop would, one unit at a time."""
    for _ in range(limit):
        before = sum(player.sent.values())
        player._work()
        if sum(player.sent.values()) == before:
            return


@pytest.mark.parametrize("cls", CHARTS, ids=lambda c: c.__name__)
def test_cached_frames_are_byte_identical_to_render(cls):
    chart = cls()
    _box, player, sent = connect(chart)
    for _ in range(12):  # the first prefetch frames
        player._work()
    frames = sent.frames()
    assert len(frames) == 13  # the start frame (sent on connect) and 12 drawn ahead
    assert all(png is None or isinstance(png, bytes) for _k, png, _s, _m in frames)  # binary buffers
    fresh = cls()  # a new kernel drawing the same settings in the same order
    for key, png, summary, message in frames:
        values = player.server.values(player.server.parse(key))
        want_png, want_text = fresh.render(**values)
        assert png == want_png, f"{cls.__name__} {values}: the cached picture differs from render()"
        assert (summary or message) == want_text


def test_invalid_setting_caches_its_message():
    _box, player, sent = connect(Toy())
    key = frame_key([grid_index(Toy.controls[0], 1.8)])
    player._on_message(player, {"type": "show", "key": key, "hit": False}, [])
    (k, png, summary, message), = sent.frames()[-1:]
    assert (k, png, summary) == (key, None, "") and "at or below 1.5" in message
    assert player.server.held[key] > 0  # cached in the browser's record too


def test_prefetch_goes_to_the_neighbours_first_then_the_active_slider():
    controls = (Slider("a", "A", 0, 10, 1, 5, "u"), Slider("b", "B", 0.0, 1.0, 0.1, 0.0, "u"))
    order = prefetch_order(controls, (5, 0), active=1)
    assert order[:3] == [(5, 1), (6, 0), (4, 0)]  # one step each way, the active slider first
    near = {(5 + d, 0) for d in (-3, -2, -1, 1, 2, 3)} | {(5, d) for d in (1, 2, 3)}
    assert set(order[:9]) == near
    assert order[9:16] == [(5, k) for k in range(4, 11)]  # then the rest of the active range
    assert order[16:] == [(9, 0), (1, 0), (10, 0), (0, 0)]  # then the other sliders' ranges
    assert len(order) == len(set(order)) and (5, 0) not in order
    # a chart not touched last gets its neighbours only
    assert prefetch_order(controls, (5, 0), active=1, full=False) == order[:9]


class Two(ModelChart):
    """Two sliders, for the prefetch tests."""
    controls = (Slider("a", "A", 0.0, 2.0, 0.1, 1.0, "u"), Slider("b", "B", 0, 20, 1, 10, "u",
                                                                 integer=True))

    def compute(self, a, b):
        return a * b

    def setup(self, fig):
        ax = fig.subplots()
        (self.line,) = ax.plot([0, 1], [0, 1])
        ax.set(title="Two", xlabel="x (units)", ylabel="y (units)", ylim=(0, 40))

    def update(self, y):
        self.line.set_ydata([0, y])

    def summary(self, y):
        return f"y = {y:.1f}"


@pytest.fixture(autouse=True)
def _prefetch_at_full_speed(monkeypatch):
    """The kernel's own scheduler draws ahead at full speed here, whatever the machine's load; the
    tests of the slower pace inject their own measure."""
    monkeypatch.setenv("VALUELOOPS_PREFETCH_FULL", "1")


def scheduler(*players, busy=lambda: False, short_of_cpu=lambda: False):
    """A scheduler of its own over ``players`` (the last one touched last), run by hand."""
    sched = _Scheduler(busy=busy, short_of_cpu=short_of_cpu)
    sched.players = list(players)
    return sched


def test_a_step_not_cached_is_drawn_at_once_before_any_frame_drawn_ahead():
    _box, player, sent = connect(Toy())
    player._work()  # the start frame
    assert player.server.has_prefetch()  # a full prefetch queue ...
    n = len(sent.frames())
    player._on_message(player, {"type": "show", "key": "3", "hit": False}, [])  # ... and a step
    # drawn while the kernel handles the step (its frame leaves before the kernel is idle again)
    assert [k for k, *_ in sent.frames()[n:]] == ["3"]
    frame = next(c for c, _ in reversed(sent.messages) if c["type"] == "frame")
    assert frame["prefetch"] is False
    scheduler(player).tick()  # then, once the student pauses, prefetch
    assert sent.messages[-1][0]["prefetch"] is True


def test_no_prefetch_frame_starts_while_a_shell_message_is_pending():
    _box, player, sent = connect(Toy())
    player._work()
    busy = [True]
    sched = scheduler(player, busy=lambda: busy[0])
    n = len(sent.frames())
    sched.tick()
    assert len(sent.frames()) == n and sched.deferred == 1  # put off, nothing drawn
    player._on_message(player, {"type": "show", "key": "4", "hit": False}, [])
    sched.tick()  # a request is drawn even then
    assert [k for k, *_ in sent.frames()[n:]] == ["4"]
    busy[0] = False
    sched.tick()  # the shell is quiet: prefetch resumes
    assert sent.frames()[-1][0] in {"3", "5"} and sent.messages[-1][0]["prefetch"] is True


def test_a_step_arriving_while_prefetch_waits_for_idle_is_drawn_at_once(monkeypatch):
    _box, player, sent = connect(Toy())
    player._work()
    sched = scheduler(player)
    monkeypatch.setattr(widgets_module, "SCHEDULER", sched)
    monkeypatch.setattr(widgets_module, "PREFETCH_IDLE", 5.0)

    async def scenario():
        sched.last_miss = time.monotonic()  # the kernel just drew a step: prefetch waits 5 s
        sched.tick()
        assert isinstance(sched._handle, asyncio.TimerHandle)
        n = len(sent.frames())
        player._on_message(player, {"type": "show", "key": "6", "hit": False}, [])
        await asyncio.sleep(0.05)
        return [k for k, *_ in sent.frames()[n:]]

    assert asyncio.run(scenario()) == ["6"]


def test_prefetch_frames_on_the_way_are_bounded_until_the_browser_has_them():
    _box, player, sent = connect(Toy())
    player._work()
    sched = scheduler(player)
    for _ in range(PREFETCH_WINDOW + 3):
        sched.tick()
    prefetched = [c for c, _b in sent.messages if c["type"] == "frame" and c["prefetch"]]
    assert len(prefetched) == PREFETCH_WINDOW and not player.can_prefetch()
    player._on_message(player, {"type": "got", "n": 1}, [])  # the browser has one
    assert player.can_prefetch()
    sched.tick()
    assert sum(c["type"] == "frame" and c["prefetch"] for c, _b in sent.messages) == PREFETCH_WINDOW + 1


def test_only_the_chart_touched_last_draws_its_whole_range_ahead(monkeypatch):
    monkeypatch.setattr(widgets_module, "PREFETCH_WINDOW", 10**6)
    _b1, earlier, sent1 = connect(Two())
    _b2, last, sent2 = connect(Two())
    sched = scheduler(earlier, last)
    for _ in range(50):  # opening the notebook touches neither: neighbours only
        sched.tick()
    assert max(len(sent1.frames()), len(sent2.frames())) == 13
    earlier.touched = last.touched = True  # a student moved both, ``last`` last
    for _ in range(200):
        sched.tick()
    def steps(sent, player):
        keys = [player.server.parse(k) for k, *_ in sent.frames()[1:]]
        return {max(abs(a - c) for a, c in zip(k, player.server.center)) for k in keys}
    assert max(steps(sent1, earlier)) == NEIGHBOURS  # the neighbours only
    assert max(steps(sent2, last)) == 10  # every slider's whole range
    # the whole range of every slider of the chart touched last
    held = {last.server.parse(k) for k in last.server.held}
    assert {(k, 10) for k in range(21)} <= held and {(10, k) for k in range(21)} <= held


def test_each_step_asked_is_drawn_as_it_arrives_then_prefetch_goes_around_the_newest():
    # the browser keeps one step on the way to the kernel (player.js: the newest step asked
    # when the frame on the way arrives), so the kernel draws each step it is given at once
    chart = Toy()
    _box, player, sent = connect(chart)
    player._work()  # the start frame
    n = len(sent.frames())
    for k in (0.2, 0.3, 0.4):
        player._on_message(player, {"type": "show", "hit": False,
                                    "key": frame_key([grid_index(Toy.controls[0], k)])}, [])
    fresh = Toy()
    fresh.render()
    assert [(key, png) for key, png, *_ in sent.frames()[n:]] == [
        (str(i), fresh.render(k=i / 10)[0]) for i in (2, 3, 4)]
    player._work()  # only now prefetch, around the newest setting
    assert sent.frames()[-1][0] in {"3", "5"}


def test_a_hit_draws_nothing_and_moves_the_prefetch():
    _box, player, sent = connect(Toy())
    drain(player)
    n = len(sent.frames())
    player._on_message(player, {"type": "show", "key": "11", "hit": True}, [])
    assert player.server.center == (11,)
    player._work()
    assert all(k != "11" for k, *_ in sent.frames()[n:])


def test_cache_bounds_in_browser_and_kernel():
    chart = Toy()
    server = FrameServer(chart, budget=3000)
    for k in range(21):
        server.hold(str(k), 1000)
    assert list(server.held) == ["18", "19", "20"]  # least recently used out, as the browser does
    server.evicted(["19"])
    assert list(server.held) == ["18", "20"]
    # prefetch stops at its share of the budget: it never pushes out the frames around the setting
    server = FrameServer(chart, budget=60_000)
    server.reset("10")
    server.frame(server.center)  # the setting shown, as the player's first frame
    drawn = drain_server(server)
    assert 0 < drawn < 20 and sum(server.held.values()) <= PREFETCH_SHARE * 60_000 + max(server.held.values())
    assert set(server.held) == {"10", *(frame_key(k) for k in prefetch_order(
        Toy.controls, (10,), 0)[:drawn])}  # the most likely next settings, nearest first
    assert FRONT_BUDGET == 8 * 2**20


def test_the_frames_worth_keeping_are_the_last_let_go_nearest_last():
    size = FrameServer(Toy()).frame((10,))[1].__len__() + 200
    server = FrameServer(Toy(), budget=10 * size)  # prefetch's share: about 8 of the 21 settings
    server.reset("10")
    server.frame(server.center)
    drain_server(server)
    server.frame((1,))  # a far setting reached another way (a typed value), not worth keeping
    server.visit("10", hit=True)
    keep = server.keep_order()
    assert keep[-1] == "10" and keep[:-1] == [frame_key(k) for k in prefetch_order(
        Toy.controls, (10,), 0)[:len(keep) - 1]][::-1]  # least likely next first, the setting last
    assert list(server.held)[-len(keep):] == keep and "1" not in keep
    others = [key for key in server.held if key not in keep]
    assert others == ["1"]
    for k in range(len(others)):  # as many new frames as there are frames not worth keeping ...
        server.hold(f"x{k}", size)
    assert "1" not in server.held and set(keep) <= set(server.held)  # ... push out only those


def drain_server(server: FrameServer) -> int:
    """Draw ahead until the server has nothing left to draw; how many frames it drew."""
    drawn = 0
    while (indices := server.next_prefetch()) is not None:
        server.frame(indices)
        drawn += 1
    return drawn


def test_a_step_draws_only_the_settings_it_brings_into_reach():
    """Prefetch holds a share of the budget around the setting shown: a step along the slider
    draws the one or two settings that now count among the most likely, and pushes nothing out
    (it once drew a new share of the budget at every step, pushing out the last step's frames)."""
    size = FrameServer(Toy()).frame((10,))[1].__len__() + 200  # a frame's bytes, and some room
    server = FrameServer(Toy(), budget=14 * size)  # prefetch's share: about 10 of the 21 settings
    server.reset("10")
    server.frame(server.center)
    first = drain_server(server)
    assert 6 <= first <= 12
    for key in ("11", "12", "13"):
        before = set(server.held)
        assert server.visit(key, hit=True) is False
        drawn = drain_server(server)
        assert 0 < drawn <= 2, f"a step to {key} drew {drawn} frames (a share is {first})"
        assert before <= set(server.held)  # nothing the browser held was pushed out


def test_kernel_draws_only_until_the_player_is_there():
    chart = Toy()
    box = chart.interact()
    box.sliders["k"].value = 0.3  # no browser player yet: today's image widget redraws
    before = box.image.value
    sent = Sent(box.player)
    box.player._on_message(box.player, {"type": "ready", "key": "3"}, [])
    assert box.image.layout.display == "none" and box.children[1].children[1].layout.display == ""
    box.sliders["k"].value = 0.7  # the player draws now (its own request), not the image widget
    assert box.image.value == before and sent.frames()[0][0] == "3"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_player_keys_match_the_kernels():
    controls = [Slider("a", "A", 0.8, 1.2, 0.02, 1.0, "u"), Slider("b", "B", 1, 100, 1, 10, "u",
                                                                   integer=True),
                Slider("c", "C", 0.0, 1.0, 0.3, 0.0, "u")]  # 1.0 is off the 0.3 grid
    cases = [[0.8 + 2 * 0.02, 37, 0.45], [1.2, 100, 1.0], [5.0, -3, 0.15], [0.81, 1, 0.9]]
    script = (f"import('{PLAYER_JS.as_uri()}').then(m => console.log(JSON.stringify("
              f"{json.dumps(cases)}.map(v => m.keyOf({json.dumps([c.__dict__ for c in controls])}, v)))))")
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True,
                         text=True, timeout=30, check=True).stdout
    want = [frame_key(grid_index(c, v) for c, v in zip(controls, values)) for values in cases]
    assert json.loads(out) == want
    assert [grid_value(controls[2], k) for k in range(5)] == [0.0, 0.3, 0.6, 0.9, 1.0]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_arriving_frames_are_kept_as_blobs_and_decoded_only_when_needed():
    # a frame drawn ahead costs the page no object URL, no <img> and no decode when it arrives
    script = (f"import('{PLAYER_JS.as_uri()}').then(m => {{ const f = m.makeFrame('1,2', "
              f"new Uint8Array(1000)); console.log(JSON.stringify({{blob: f.blob.size, "
              f"image: f.image === undefined, url: f.url === undefined, bytes: f.bytes}})); }})")
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True,
                         text=True, timeout=30, check=True).stdout
    assert json.loads(out) == {"blob": 1000, "image": True, "url": True, "bytes": 1064}


# --- a shared machine short of CPU (issue 24: the class hub) ------------------------------------
def test_prefetch_slows_to_one_frame_a_pause_when_the_machine_is_short_of_cpu():
    _box, player, sent = connect(Toy())
    player._work()  # the start frame
    short = [True]
    sched = scheduler(player, short_of_cpu=lambda: short[0])
    n = len(sent.frames())
    sched.tick()  # the first frame ahead is drawn (none drawn within the pause yet)
    assert len(sent.frames()) == n + 1 and sched.slowed == 0
    player._unacked = 0
    sched.tick()  # the next one, within the pause, waits
    assert len(sent.frames()) == n + 1 and sched.slowed == 1
    player._on_message(player, {"type": "show", "key": "4", "hit": False}, [])
    sched.tick()  # a step a student asked for never waits for it
    assert [k for k, *_ in sent.frames()[n + 1:]] == ["4"]
    short[0] = False
    sched.tick()  # CPU to spare again: prefetch goes on at once
    assert len(sent.frames()) == n + 3 and sent.messages[-1][0]["prefetch"] is True


def test_cpu_share_is_cpu_time_over_wall_time_of_the_recent_frames():
    from valueloops.widgets import CPU_SHARE_FRAMES, CpuShare
    share = CpuShare(clock=lambda: 100.0)   # every frame drawn at the same moment
    assert share.share() is None and not share.short()   # nothing drawn yet: draw ahead freely
    share.record(0.009, 0.010)   # a laptop: the thread ran 9 of the frame's 10 ms
    assert share.share() == pytest.approx(0.9) and not share.short()
    for _ in range(CPU_SHARE_FRAMES):   # a busy hub: 10 ms of drawing took 50 ms
        share.record(0.010, 0.050)
    assert share.share() == pytest.approx(0.2) and share.short()   # the laptop frame has left the window
    for _ in range(CPU_SHARE_FRAMES // 2):
        share.record(0.010, 0.011)
    # weighted by wall time: half the frames fast is not yet enough (0.08 s of CPU in 0.244 s)
    assert share.share() == pytest.approx(0.08 / 0.244) and share.short()
    share.record(0.001, 0.0)   # a frame of no measurable wall time is not counted
    assert share.share() == pytest.approx(0.08 / 0.244)
    for _ in range(CPU_SHARE_FRAMES // 2):
        share.record(0.010, 0.011)
    assert not share.short()   # the CPU to spare again: drawing ahead at full speed


def test_every_frame_drawn_feeds_the_kernels_cpu_share(monkeypatch):
    from valueloops import widgets
    seen = []
    monkeypatch.setattr(widgets.CPU_SHARE, "record", lambda cpu, wall: seen.append((cpu, wall)))
    _box, player, _sent = connect(Toy())
    before = len(seen)
    player._work()   # a frame drawn
    assert len(seen) == before + 1 and 0 <= seen[-1][0] and 0 < seen[-1][1]


def test_a_busy_spell_that_has_passed_no_longer_slows_drawing_ahead():
    from valueloops.widgets import CPU_SHARE_SECONDS, CpuShare
    clock = [100.0]
    share = CpuShare(clock=lambda: clock[0])
    for _ in range(8):
        share.record(0.010, 0.100)   # Run All: each frame waited for a core
    assert share.short()
    clock[0] += CPU_SHARE_SECONDS / 2
    assert share.short()
    clock[0] += CPU_SHARE_SECONDS   # those frames are old now: nothing recent says short
    assert share.share() is None and not share.short()


def test_the_machines_measure_decides_unless_full_speed_is_asked(monkeypatch):
    from valueloops import widgets
    monkeypatch.setattr(widgets.CPU_SHARE, "short", lambda: True)
    assert widgets._short_of_cpu() is False   # the autouse fixture asks for full speed
    monkeypatch.delenv("VALUELOOPS_PREFETCH_FULL")
    assert widgets._short_of_cpu() is True
    assert widgets._Scheduler().short_of_cpu() is True
