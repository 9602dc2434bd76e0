"""The classroom benchmark's pure parts (issues 18 and 24), without a hub: the simulated browser
player (keys, its cache, the messages it sends and reads) and the report's verdict. Fast."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.hub_load import StudentRun, output_stem, report, verdict  # noqa: E402
from hub.local import _decode  # noqa: E402
from hub.player import BrowserPlayers, Frame, View, custom, frame_of, is_player, player_key  # noqa: E402
from valueloops.widgets import frame_bytes, hold_frame  # noqa: E402

CONTROLS = [{"name": "rho", "min": 0.0, "max": 1.0, "step": 0.1},
            {"name": "n", "min": 2, "max": 50, "step": 1}]


def test_player_key_is_the_front_ends_grid_index():
    assert player_key(CONTROLS, [0.3, 10]) == "3,8"
    assert player_key(CONTROLS, [0.35, 10.5]) == "3,9"  # 3.4999… rounds down; a true half up
    assert player_key(CONTROLS, [-1.0, 99]) == "0,48"  # clamped to the grid, as indexOf does
    assert player_key(CONTROLS, [1.0, 2]) == "10,0"


def test_hold_frame_lets_the_least_recently_used_go_never_the_new_one():
    held: OrderedDict[str, int] = OrderedDict()
    assert hold_frame(held, "a", 400, 1000) == []
    assert hold_frame(held, "b", 400, 1000) == []
    assert hold_frame(held, "a", 400, 1000) == []  # again: now the most recently used
    assert hold_frame(held, "c", 400, 1000) == ["b"]
    assert list(held) == ["a", "c"]
    assert hold_frame(held, "big", 5000, 1000) == ["a", "c"]
    assert list(held) == ["big"]


def test_a_view_hits_only_what_it_holds_and_a_hit_becomes_most_recent():
    view = View("p", CONTROLS, ["s1", "s2"], budget=1000)
    assert view.key({"s1": 0.5, "s2": 3, "other": 7}) == "5,1"
    assert not view.look_up("5,1")
    view.receive(Frame("p", "5,1", False, 400))
    view.receive(Frame("p", "6,1", True, 400))
    assert view.look_up("5,1")
    assert view.receive(Frame("p", "7,1", True, 400)) == ["6,1"]  # 5,1 was used last


def _binary(msg: dict, *buffers: bytes) -> bytes:
    """A websocket frame as the Jupyter server sends a message with buffers."""
    parts = [json.dumps(msg).encode(), *buffers]
    offsets, at = [], 4 * (len(parts) + 1)
    for part in parts:
        offsets.append(at)
        at += len(part)
    head = len(parts).to_bytes(4, "big") + b"".join(o.to_bytes(4, "big") for o in offsets)
    return head + b"".join(parts)


def _frame_msg(key: str, prefetch: bool, comm_id: str = "p", summary: str = "ok") -> dict:
    return {"msg_type": "comm_msg", "parent_header": {}, "content": {"comm_id": comm_id, "data": custom(
        {"type": "frame", "key": key, "summary": summary, "message": "", "prefetch": prefetch,
         "draw_ms": 12.5, "wait_ms": 1.0})}}


def test_a_frame_is_read_from_the_binary_message_with_its_png():
    png = b"\x89PNG" + bytes(96)
    frame = frame_of(_decode(_binary(_frame_msg("3,8", True), png)))
    assert frame == Frame("p", "3,8", True, frame_bytes(png, "ok"), 12.5, 1.0)
    assert frame.size == 100 + 2 * 2 + 64
    text = _decode(json.dumps({"msg_type": "status", "content": {"execution_state": "idle"}}))
    assert text["buffers"] == [] and frame_of(text) is None
    update = {"msg_type": "comm_msg", "content": {"comm_id": "p", "data": {"method": "update"}}}
    assert frame_of(update) is None


def test_is_player_knows_a_frame_player_from_other_widgets():
    assert is_player({"_model_name": "AnyModel", "controls": CONTROLS, "sliders": []})
    assert not is_player({"_model_name": "AnyModel"})
    assert not is_player({"_model_name": "FloatSliderModel", "value": 1})


class FakeKernel:
    """What BrowserPlayers needs of a RemoteKernel, recording what it sends."""

    def __init__(self) -> None:
        self.student = SimpleNamespace(name="student01")
        self.widgets = {
            "p": {"_model_name": "AnyModel", "controls": CONTROLS, "budget": 1000,
                  "sliders": ["IPY_MODEL_s1", "IPY_MODEL_s2"]},
            "s1": {"_model_name": "FloatSliderModel", "value": 0.0},
            "s2": {"_model_name": "IntSliderModel", "value": 2},
            "img": {"_model_name": "ImageModel"},
        }
        self.sent: list[tuple[str, dict]] = []

    def comm_send(self, comm_id: str, data: dict) -> str:
        self.sent.append((comm_id, data))
        return f"m{len(self.sent)}"

    def send_slider(self, comm_id: str, value: float) -> str:
        return self.comm_send(comm_id, {"method": "update", "state": {"value": value}})

    def sliders(self) -> dict:
        return {k: v for k, v in self.widgets.items() if k.startswith("s")}


def _told(kernel: FakeKernel) -> list[dict]:
    return [data["content"] for _, data in kernel.sent if data.get("method") == "custom"]


def test_prefetch_frames_are_acknowledged_and_evictions_told():
    kernel = FakeKernel()
    players = BrowserPlayers(kernel)
    assert list(players.views) == ["p"] and players.view_of["s2"].comm_id == "p"
    for key in ("1,0", "2,0", "3,0"):
        players._take(_decode(_binary(_frame_msg(key, True), bytes(300))), 1.0)
    players._take(_decode(_binary(_frame_msg("4,0", False), bytes(300))), 1.0)  # asked: no ack
    players._take({"msg_type": "comm_msg", "content": {"comm_id": "img", "data": {"method": "update"}}}, 1.0)
    told = _told(kernel)
    assert [m for m in told if m["type"] == "got"] == [{"type": "got", "n": 1}] * 3
    assert [m["keys"] for m in told if m["type"] == "evicted"] == [["1,0"], ["2,0"]]  # 368 B each
    assert players.prefetch_frames == 3 and players.image_updates == 1


def test_a_hit_costs_nothing_and_a_miss_waits_for_its_frame():
    kernel = FakeKernel()
    players = BrowserPlayers(kernel)
    players._take(_decode(_binary(_frame_msg("3,0", True), bytes(10))), 0.0)
    assert players.move_slider("s1", 0.3) is None
    show = _told(kernel)[-1]
    assert (show["type"], show["key"], show["hit"]) == ("show", "3,0", True)
    assert kernel.sent[-1] == ("s1", {"method": "update", "state": {"value": 0.3}})  # after the show

    kernel.widgets["s1"]["value"] = 0.3
    feed = threading.Timer(0.05, lambda: players._take(
        _decode(_binary(_frame_msg("3,5", False), bytes(10))), time.perf_counter()))
    feed.start()
    seconds = players.move_slider("s2", 7)
    feed.join()
    assert _told(kernel)[-1]["hit"] is False and _told(kernel)[-1]["key"] == "3,5"
    assert 0.04 < seconds < 5 and players.misses[-1].draw_ms == 12.5


def test_a_miss_whose_frame_never_comes_fails_loudly():
    players = BrowserPlayers(FakeKernel())
    with pytest.raises(Exception, match="no frame 9,0"):
        players._wait_frame(players.views["p"], "9,0", 0.0, timeout=0.05)


def _run(name: str, misses: list[float], hits: int = 0, error: str = "", draw: list[float] = ()) -> StudentRun:
    return StudentRun(name, moves_ms=list(misses), hits=hits, error=error, draw_ms=list(draw),
                      wait_ms=[1.0] * len(draw), login_to_running_s=10.0, players=2)


def test_the_player_verdict_counts_misses_and_names_the_cause():
    met, line = verdict([_run("a", [100, 120], hits=8), _run("b", [90], hits=9)], player=True)
    assert met and "17 of 20 moves (85 %) were hits" in line and line.startswith("- **met**")
    met, line = verdict([_run("a", [], hits=10)], player=True)  # every move a hit: nothing slow
    assert met
    met, line = verdict([_run("a", [300, 400], hits=2, draw=[200, 260])], player=True)
    assert not met and "MISSED" in line and "draw p95" in line
    met, line = verdict([_run("a", [10], hits=1), _run("b", [], error="boom")], player=True)
    assert not met and "1 students failed" in line
    met, line = verdict([_run("a", [])], player=True)
    assert not met and "no move was made" in line
    assert _run("a", [50.0], hits=2).all_moves_ms == [50.0, 0.0, 0.0]


def test_todays_verdict_and_the_report_files_stay_as_they_were():
    met, line = verdict([_run("a", [20, 30, 40])], player=False)
    assert met and line.startswith("- **met**: slider redraw p95 < 250 ms for a class of 1")
    assert not verdict([_run("a", [20, 300, 400])], player=False)[0]
    assert (output_stem(False), output_stem(True)) == ("hub_load", "hub_load_player")
    figures = {"runs": [_run("a", [20.0, 30.0], hits=3, draw=[10.0, 12.0])], "started": "now",
               "load_start": 1.0, "load_end": 2.0, "memory_running_mb": 500.0,
               "memory_after_mb": 510.0, "peak_rss_mb": 600.0, "leftovers": []}
    text, met = report(figures, 1, 10, "06_pooling.ipynb", 30.0, player=True)
    assert met and "--player" in text and "| hits: shown from the browser's cache | 3 (60 %) |" in text
    assert "| hub total memory per student (MB, unique, after) | 510 |" in text
    text, _ = report(figures, 1, 10, "06_pooling.ipynb", 30.0)
    assert "| slider redraw p95 (ms) |" in text and "hits" not in text
