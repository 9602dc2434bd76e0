"""The course's chart player as JupyterLab runs it, for a student without a browser (issue 24).

In JupyterLab each course chart has a frame cache in the browser: :class:`valueloops.widgets.FramePlayer`,
an anywidget whose front end is ``valueloops/static/player.js`` (its ``render``). :class:`BrowserPlayers`
does what that front end does, over a :class:`hub.local.RemoteKernel`'s websocket. It finds the players in
the kernel's ``comm_open`` messages. Each player sends ``ready`` with the key of its sliders' values and
keeps the frames it gets (keys and sizes only, least recently used out at the player's byte budget,
``evicted`` sent as the front end does). It acknowledges every prefetch frame with ``got`` as soon as
the frame is read. On a slider move it sends the player's ``show`` (its ``hit`` says whether the
browser already has the frame) and then the slider's ``update``; the browser sends them in that order,
because the slider's change event reaches the player before the slider syncs. A thread reads the
websocket all the time, because prefetch frames arrive between moves.

A hit is shown from the browser's cache and costs the student nothing. A miss is timed from the
``show`` until a frame with that key arrives, which is when the browser paints it. The student moves
one slider at a time and waits for a miss before moving again. So the front end's queue for a step
made while another is in flight (``state.queued``) never comes into play.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from hub.local import HubError, RemoteKernel, _decode
from valueloops.widgets import FRONT_BUDGET, frame_bytes, frame_key, grid_index, hold_frame

PLAYER_MODEL = "AnyModel"  # anywidget's model name (FramePlayer's comm_open state)
IMAGE_MODEL = "ImageModel"  # today's image widget, redrawn by the kernel when no player is connected
FRAME_TIMEOUT_S = 120.0  # a frame the student asked for that has not come by then is an error


def is_player(state: Mapping) -> bool:
    """Whether a widget's ``comm_open`` state is a course chart's FramePlayer."""
    return state.get("_model_name") == PLAYER_MODEL and "controls" in state and "sliders" in state


def player_key(controls: Sequence[Mapping], values: Sequence[float]) -> str:
    """The key that player.js's ``keyOf`` gives the sliders' ``values`` (each in its slider's own
    unit). ``controls`` are the player's ``controls`` state (min, max, step). The key is the grid
    indices joined by commas, computed the kernel's way, which is the same."""
    return frame_key([grid_index(SimpleNamespace(**c), v) for c, v in zip(controls, values)])


def custom(content: dict) -> dict:
    """The comm data of an anywidget ``model.send(content)`` (ipywidgets' custom message)."""
    return {"method": "custom", "content": content}


@dataclass(frozen=True)
class Frame:
    """A frame message from a FramePlayer, as the browser receives it."""

    comm_id: str
    key: str
    prefetch: bool
    size: int  # bytes it counts against the browser's budget (PNG, text, overhead)
    draw_ms: float | None = None  # the kernel's draw of a frame a student asked for (ms)
    wait_ms: float | None = None  # its wait in the kernel before that draw (ms)


def frame_of(msg: Mapping) -> Frame | None:
    """The player frame in a websocket message decoded by ``hub.local._decode``, or None."""
    if msg.get("msg_type") != "comm_msg":
        return None
    data = msg["content"].get("data", {})
    body = data.get("content", {}) if data.get("method") == "custom" else {}
    if body.get("type") != "frame":
        return None
    png = msg["buffers"][0] if msg.get("buffers") else None
    text = body.get("summary", "") + body.get("message", "")
    return Frame(msg["content"]["comm_id"], str(body["key"]), bool(body.get("prefetch")),
                 frame_bytes(png, text), body.get("draw_ms"), body.get("wait_ms"))


@dataclass
class View:
    """One player as the browser holds it. ``held`` is the frames in its cache (key to bytes, least
    recently used first), bounded at ``budget`` bytes like the front end's ``FrameCache``."""

    comm_id: str
    controls: list[dict]
    sliders: list[str]  # comm ids of the chart's sliders, in the order of ``controls``
    budget: int = FRONT_BUDGET
    held: OrderedDict[str, int] = field(default_factory=OrderedDict)

    @classmethod
    def of(cls, comm_id: str, state: Mapping) -> View:
        return cls(comm_id, list(state["controls"]),
                   [s.removeprefix("IPY_MODEL_") for s in state["sliders"]],
                   int(state.get("budget", FRONT_BUDGET)))

    def key(self, values: Mapping[str, float]) -> str:
        """The key of the setting given by ``values`` (slider comm id to value)."""
        return player_key(self.controls, [values[s] for s in self.sliders])

    def look_up(self, key: str) -> bool:
        """Whether the browser has ``key``'s frame. A hit becomes the most recently used, as in
        ``FrameCache.get``."""
        if key not in self.held:
            return False
        self.held.move_to_end(key)
        return True

    def receive(self, frame: Frame) -> list[str]:
        """Cache an arriving frame. Return the keys evicted to stay within the budget."""
        return hold_frame(self.held, frame.key, frame.size, self.budget)


class BrowserPlayers:
    """What JupyterLab with the course's player does for one kernel's charts, after the notebook
    has run (see the module docstring). A move returns the seconds a miss took, or None for a hit."""

    def __init__(self, kernel: RemoteKernel) -> None:
        self.kernel = kernel
        self.views = {cid: View.of(cid, s) for cid, s in kernel.widgets.items() if is_player(s)}
        self.view_of = {sid: view for view in self.views.values() for sid in view.sliders}
        self.images = {cid for cid, s in kernel.widgets.items() if s.get("_model_name") == IMAGE_MODEL}
        self.prefetch_frames = 0  # prefetch frames received (and acknowledged)
        self.image_updates = 0  # updates of today's image widgets: the kernel redrew those too
        self.misses: list[Frame] = []  # the frames that answered a miss
        self.errors: list[str] = []  # errors the kernel reported while the players ran
        self._updates: dict[str, float] = {}  # slider update msg id -> when sent (perf_counter s)
        self._idle: dict[str, float] = {}  # msg id -> when the kernel was idle after it
        self._arrived: dict[tuple[str, str], tuple[float, Frame]] = {}  # (player, key) -> latest
        self._stopped = ""  # why the reader stopped
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True,
                                        name=f"players-{kernel.student.name}")

    def sliders(self) -> dict[str, dict]:
        return self.kernel.sliders()

    def _tell(self, view: View, content: dict) -> str:
        return self.kernel.comm_send(view.comm_id, custom(content))

    def connect(self, timeout: float = FRAME_TIMEOUT_S) -> BrowserPlayers:
        """Start reading the websocket. Every player says it is ready (with the key of its
        sliders' values, as ``render`` does) and gets its first frame, which is not a prefetch."""
        self._reader.start()
        start = time.perf_counter()
        values = {cid: s["value"] for cid, s in self.sliders().items()}
        keys = {cid: view.key(values) for cid, view in self.views.items()}
        for cid, view in self.views.items():
            self._tell(view, {"type": "ready", "key": keys[cid]})
        for cid, view in self.views.items():
            self._wait_frame(view, keys[cid], start, timeout)
        return self

    def move_slider(self, comm_id: str, value: float) -> float | None:
        """Drag a slider to ``value`` as a student does in JupyterLab with the player. Return None
        for a hit (shown from the browser's cache). For a miss, return the seconds from the
        player's ``show`` until the frame arrived. A slider of no player is timed as
        :meth:`RemoteKernel.move_slider` times it: until the kernel is idle again."""
        view = self.view_of.get(comm_id)
        start = time.perf_counter()
        if view is None:
            msg_id = self.kernel.send_slider(comm_id, value)
            return self._wait(lambda: self._idle.get(msg_id), f"the kernel's idle after {msg_id}") - start
        values = {sid: self.kernel.widgets[sid]["value"] for sid in view.sliders} | {comm_id: value}
        key = view.key(values)
        hit = view.look_up(key)
        self._tell(view, {"type": "show", "key": key, "hit": hit, "sent": time.time() * 1000})
        self._updates[self.kernel.send_slider(comm_id, value)] = time.perf_counter()
        if hit:
            return None
        arrived, frame = self._wait_frame(view, key, start)
        self.misses.append(frame)
        return arrived - start

    def update_ms(self) -> list[float]:
        """For each slider update answered so far: ms from sending it until the kernel was idle.
        The kernel has only the slider's value to set, but it may first finish a frame it is drawing."""
        with self._cond:
            return [1000 * (self._idle[m] - sent) for m, sent in self._updates.items() if m in self._idle]

    def close(self) -> None:
        """Close the kernel (its websocket ends the reader)."""
        try:
            self.kernel.close()
        finally:
            self._reader.join(10)

    # --- the reader --------------------------------------------------------------------------

    def _wait(self, ready, what: str, timeout: float = FRAME_TIMEOUT_S):
        """Wait until ``ready()`` gives a value (checked under the lock) and return it."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while (value := ready()) is None:
                if self._stopped:
                    raise HubError(f"{self.kernel.student.name}: the websocket closed ({self._stopped}) "
                                   f"while waiting for {what}")
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise HubError(f"{self.kernel.student.name}: no {what} after {timeout:.0f} s")
                self._cond.wait(left)
            return value

    def _wait_frame(self, view: View, key: str, since: float,
                    timeout: float = FRAME_TIMEOUT_S) -> tuple[float, Frame]:
        """Wait for a frame with ``key`` for ``view`` that arrived after ``since``. Return when it
        arrived (perf_counter s) and the frame."""
        def arrived():
            got = self._arrived.get((view.comm_id, key))
            return got if got is not None and got[0] >= since else None
        return self._wait(arrived, f"frame {key} from player {view.comm_id}", timeout)

    def _read(self) -> None:
        try:
            while True:
                self._take(_decode(self.kernel.ws.recv()), time.perf_counter())
        except Exception as exc:  # the websocket closed (close()) or broke
            with self._cond:
                self._stopped = f"{type(exc).__name__}: {exc}"[:200] or "closed"
                self._cond.notify_all()

    def _take(self, msg: dict, now: float) -> None:
        """Handle one message as the browser does, recording when it came (``now``, perf_counter s)."""
        kind, content = msg.get("msg_type"), msg.get("content", {})
        frame = frame_of(msg)
        if frame is not None and frame.comm_id in self.views:
            view = self.views[frame.comm_id]
            evicted = view.receive(frame)
            if evicted:
                self._tell(view, {"type": "evicted", "keys": evicted})
            if frame.prefetch:
                self.prefetch_frames += 1
                self._tell(view, {"type": "got", "n": 1})
            with self._cond:
                self._arrived[(frame.comm_id, frame.key)] = (now, frame)
                self._cond.notify_all()
        elif kind == "comm_msg" and content.get("comm_id") in self.views and (
                content.get("data", {}).get("content", {}).get("type") == "keep"):
            held = self.views[content["comm_id"]].held  # the frames worth keeping: used last
            for key in content["data"]["content"].get("keys", []):
                if key in held:
                    held.move_to_end(key)
        elif (kind == "comm_msg" and content.get("comm_id") in self.images
              and content.get("data", {}).get("method") == "update"):
            self.image_updates += 1
        elif kind == "error":
            self.errors.append(f"{content.get('ename')}: {content.get('evalue')}")
        elif kind == "status" and content.get("execution_state") == "idle":
            with self._cond:
                self._idle[msg.get("parent_header", {}).get("msg_id", "")] = now
                self._cond.notify_all()
