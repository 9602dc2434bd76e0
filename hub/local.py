"""A real JupyterHub on 127.0.0.1 and the students who use it, for the hub test and benchmark.

:class:`LocalHub` starts the pinned JupyterHub (``hub/jupyterhub_config.py``) with its usual proxy,
``configurable-http-proxy`` from ``hub/node_modules`` (``make hub-deps``), the shared-password
authenticator and the simple local-process spawner, the course's own environment being the
single-user environment. :class:`Student` does over HTTP what a student's browser does: logs in
through the hub's REST API (a token for the shared password), starts a server, follows an
nbgitpuller link, and runs a notebook on its own kernel through the Jupyter server's REST and
websocket APIs (:class:`RemoteKernel`), including moving a widget's slider by the same comm
message JupyterLab sends.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlencode

import psutil
import requests
import websocket

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"


class HubError(RuntimeError):
    """Something a student or the hub did failed; the message says what and where to look."""


def missing_tools() -> str | None:
    """Why the hub cannot run here (no Node.js, proxy not installed), or None when it can."""
    if shutil.which("node") is None:
        return ("Node.js is not installed, so JupyterHub's proxy (configurable-http-proxy) cannot "
                "run: install it (apt-get install -y nodejs npm), then `make hub-deps`")
    if not PROXY.exists():
        return f"{PROXY} is missing: run `make hub-deps` (npm ci in hub/)"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str, interval: float = 0.25):
    """Poll ``predicate`` until it returns a true value; raise HubError naming ``what`` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise HubError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass
class LocalHub:
    """A JupyterHub process on 127.0.0.1 whose files (database, homes, log) live in ``workdir``."""

    workdir: Path
    users: list[str]
    password: str = "value-loops-class"
    python: str = sys.executable
    default_url: str = ""  # where a student's server opens; "" = JupyterLab
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / "hub.log"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def start(self, timeout: float = 90) -> LocalHub:
        """Start the hub and its proxy; return when the hub's REST API answers."""
        reason = missing_tools()
        if reason:
            raise HubError(reason)
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "PYTEST_", "VALUELOOPS_"))}
        env.update(
            VALUELOOPS_HUB_DIR=str(self.workdir), VALUELOOPS_HUB_PORT=str(self.port),
            VALUELOOPS_HUB_API_PORT=str(free_port()), VALUELOOPS_PROXY_API_PORT=str(free_port()),
            VALUELOOPS_HUB_USERS=" ".join(self.users), VALUELOOPS_HUB_PASSWORD=self.password,
            VALUELOOPS_HUB_PROXY=str(PROXY), VALUELOOPS_HUB_PYTHON=self.python,
            VALUELOOPS_HUB_DEFAULT_URL=self.default_url,
        )
        # the course's JupyterLab defaults and server configuration in the single-user servers'
        # environment, as Binder's postBuild writes them in the image a hub is built from
        subprocess.run([self.python, "-m", "valueloops.lab", "--settings"], cwd=HERE.parent, env=env,
                       check=True, capture_output=True, timeout=60)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [self.python, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=self.workdir, env=env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

        def up():
            if self.process.poll() is not None:
                raise HubError(f"JupyterHub exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                return requests.get(f"{self.url}/hub/api/", timeout=2).ok
            except requests.ConnectionError:
                return False

        try:
            _wait(up, timeout, f"JupyterHub on {self.url} (log: {self.log})")
        except Exception:
            self.stop()
            raise
        return self

    def login(self, name: str, password: str | None = None) -> Student:
        """Log ``name`` in through the REST API (shared password in the body) and get a token."""
        r = requests.post(f"{self.url}/hub/api/users/{name}/tokens", timeout=30,
                          json={"auth": {"username": name, "password": password or self.password},
                                "note": "course hub test", "expires_in": 3600})
        if r.status_code not in (200, 201):
            raise HubError(f"login of {name!r} refused: HTTP {r.status_code} {r.text[:200]}")
        return Student(self, name, r.json()["token"])

    def processes(self) -> list[psutil.Process]:
        """The hub and everything it started (proxy, single-user servers, kernels)."""
        if self.process is None:
            return []
        try:
            me = psutil.Process(self.process.pid)
            return [me, *me.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def memory_mb(self) -> float:
        """Resident memory of the hub, proxy, servers and kernels together (MB, unique set size
        where the system reports it, else RSS)."""
        total = 0
        for proc in self.processes():
            try:
                info = proc.memory_full_info()
                total += getattr(info, "uss", info.rss)
            except psutil.Error:
                pass
        return total / 1e6

    def stop(self, timeout: float = 60) -> list[str]:
        """Stop the hub (it stops the servers and the proxy); return what had to be killed."""
        if self.process is None:
            return []
        tree = self.processes()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        _, alive = psutil.wait_procs([p for p in tree[1:] if p.is_running()], timeout=15)
        leftovers = []
        for proc in alive:
            try:
                leftovers.append(" ".join(proc.cmdline()[:3]))
                proc.kill()
            except psutil.Error:
                pass
        return leftovers


@dataclass
class Student:
    """One student's session on the hub: a token and, once started, a server."""

    hub: LocalHub
    name: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    @property
    def server(self) -> str:
        return f"{self.hub.url}/user/{self.name}/"

    @property
    def home(self) -> Path:
        return self.hub.workdir / "home" / self.name

    _browser: requests.Session | None = None

    def get(self, url: str, **kwargs) -> requests.Response:
        return requests.get(url, headers=self.headers, timeout=kwargs.pop("timeout", 60), **kwargs)

    @property
    def browser(self) -> requests.Session:
        """A cookie session logged in through the hub's login form, as a browser is (the hub's
        pages, unlike its REST API, do not take tokens)."""
        if self._browser is None:
            session = requests.Session()
            session.get(f"{self.hub.url}/hub/login", timeout=60)
            r = session.post(f"{self.hub.url}/hub/login", allow_redirects=False, timeout=60, data={
                "username": self.name, "password": self.hub.password,
                "_xsrf": session.cookies.get("_xsrf", "")})
            if r.status_code != 302:
                raise HubError(f"{self.name}: the login form refused: HTTP {r.status_code}")
            self._browser = session
        return self._browser

    def start_server(self, timeout: float = 180) -> None:
        """Start this student's server and wait until the hub reports it ready."""
        r = requests.post(f"{self.hub.url}/hub/api/users/{self.name}/server", headers=self.headers,
                          timeout=60)
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise HubError(f"{self.name}: server start refused: HTTP {r.status_code} {r.text[:200]}")

        def ready():
            state = self.get(f"{self.hub.url}/hub/api/users/{self.name}").json()
            server = state.get("servers", {}).get("", {})
            return server.get("ready")

        _wait(ready, timeout, f"{self.name}'s server (hub log: {self.hub.log})", interval=0.5)

    def follow_nbgitpuller_link(self, link: str, timeout: float = 120) -> tuple[str, list[str]]:
        """Do what the browser does with an nbgitpuller link; return the page it lands on and the
        pull's output lines. Raise HubError when the pull fails (its message and output)."""
        page = self.browser.get(link, timeout=60)
        if page.status_code != 200 or "data-repo=" not in page.text:
            raise HubError(f"{self.name}: the link {link} did not open nbgitpuller's page: "
                           f"HTTP {page.status_code} at {page.url}")
        data = {k: unquote(html.unescape(v))
                for k, v in re.findall(r'data-([a-z-]+)="([^"]*)"', page.text)}
        query = {k: data[k] for k in ("repo", "targetpath", "branch", "depth") if k in data}
        lines, phase = [], None
        with self.get(f"{self.server}git-pull/api?{urlencode(query)}", stream=True,
                      timeout=timeout) as events:
            for raw in events.iter_lines(decode_unicode=True):
                if not raw or not raw.startswith("data: "):
                    continue
                event = json.loads(raw[len("data: "):])
                phase = event.get("phase")
                if "output" in event:
                    lines.append(event["output"].rstrip())
                if phase == "error":
                    raise HubError(f"{self.name}: nbgitpuller failed: {event.get('message')}\n"
                                   + "\n".join(lines[-10:]))
                if phase == "finished":
                    break
        if phase != "finished":
            raise HubError(f"{self.name}: nbgitpuller stopped without finishing:\n" + "\n".join(lines))
        landing = f"{self.server}{data['path']}"
        if not self.browser.get(landing, timeout=60).ok:
            raise HubError(f"{self.name}: after the pull, {landing} does not open")
        return landing, lines

    def read_notebook(self, path: str) -> dict:
        """A notebook from the student's home, through the contents API."""
        r = self.get(f"{self.server}api/contents/{path}")
        if not r.ok:
            raise HubError(f"{self.name}: cannot read {path}: HTTP {r.status_code}")
        return r.json()["content"]

    def write_notebook(self, path: str, notebook: dict) -> None:
        """Save a notebook into the student's home, as JupyterLab's Save does."""
        r = requests.put(f"{self.server}api/contents/{path}", headers=self.headers, timeout=60,
                         json={"type": "notebook", "format": "json", "content": notebook})
        if not r.ok:
            raise HubError(f"{self.name}: cannot save {path}: HTTP {r.status_code} {r.text[:200]}")

    def open_kernel(self, path: str) -> RemoteKernel:
        """A fresh kernel for the notebook at ``path`` (working directory: the notebook's folder)."""
        r = requests.post(f"{self.server}api/sessions", headers=self.headers, timeout=120,
                          json={"path": path, "type": "notebook", "name": Path(path).name,
                                "kernel": {"name": "python3"}})
        if not r.ok:
            raise HubError(f"{self.name}: cannot start a kernel for {path}: HTTP {r.status_code}")
        session = r.json()
        return RemoteKernel(self, session["id"], session["kernel"]["id"])


@dataclass
class CellRun:
    """What one executed cell produced: its errors, text output and the widgets it opened."""

    errors: list[str] = field(default_factory=list)
    text: str = ""
    seconds: float = 0.0


def _decode(frame: str | bytes) -> dict:
    """A kernel message from the server's websocket: JSON text, or (when it carries buffers, as
    widget messages do) a binary frame of offsets, JSON and the buffers; the buffers (bytes) are
    in the message's ``buffers``."""
    if isinstance(frame, str):
        msg = json.loads(frame)
        msg["buffers"] = []
        return msg
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(count)] + [len(frame)]
    msg = json.loads(frame[offsets[0]:offsets[1]])
    msg["buffers"] = [frame[a:b] for a, b in zip(offsets[1:-1], offsets[2:])]
    return msg


class RemoteKernel:
    """A kernel on a student's server, driven over the Jupyter server's websocket."""

    def __init__(self, student: Student, session_id: str, kernel_id: str):
        self.student, self.session_id, self.kernel_id = student, session_id, kernel_id
        url = student.server.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {student.token}"],
                                              timeout=300)
        self.session = uuid.uuid4().hex
        self.widgets: dict[str, dict] = {}  # comm id -> widget state, from comm_open messages
        self._sending = threading.Lock()  # the simulated browser sends from two threads

    def _send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        with self._sending:
            self.ws.send(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.student.name,
                           "session": self.session, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
                "buffers": []}))
        return msg_id

    def _until_idle(self, msg_id: str, run: CellRun) -> CellRun:
        """Collect iopub messages answering ``msg_id`` until the kernel is idle again."""
        while True:
            msg = _decode(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "error":
                run.errors.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "stream":
                run.text += content["text"]
            elif kind in ("execute_result", "display_data"):
                run.text += content.get("data", {}).get("text/plain", "") + "\n"
            elif kind == "comm_open":
                self.widgets[content["comm_id"]] = content.get("data", {}).get("state", {})
            elif kind == "status" and content["execution_state"] == "idle":
                return run

    def execute(self, code: str) -> CellRun:
        """Run ``code`` and wait for its result."""
        start = time.perf_counter()
        msg_id = self._send("execute_request", {"code": code, "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False,
                                                "stop_on_error": True})
        run = self._until_idle(msg_id, CellRun())
        run.seconds = time.perf_counter() - start
        return run

    def run_notebook(self, notebook: dict) -> list[CellRun]:
        """Run every code cell in order, as Run All does."""
        return [self.execute(cell["source"] if isinstance(cell["source"], str)
                             else "".join(cell["source"]))
                for cell in notebook["cells"] if cell["cell_type"] == "code"]

    def sliders(self) -> dict[str, dict]:
        """The slider widgets the notebook opened: comm id -> state (value, min, max, step)."""
        return {cid: s for cid, s in self.widgets.items()
                if s.get("_model_name") in ("IntSliderModel", "FloatSliderModel")}

    def comm_send(self, comm_id: str, data: dict) -> str:
        """Send ``data`` to the kernel side of widget ``comm_id``; return the message's id."""
        return self._send("comm_msg", {"comm_id": comm_id, "data": data})

    def send_slider(self, comm_id: str, value: float) -> str:
        """The message JupyterLab sends when a slider is dragged to ``value``; return its id."""
        return self.comm_send(comm_id, {"method": "update", "state": {"value": value},
                                        "buffer_paths": []})

    def move_slider(self, comm_id: str, value: float) -> float:
        """Set a slider as JupyterLab does when it is dragged; return seconds until the kernel is
        idle again (the callbacks have redrawn the chart and sent it)."""
        start = time.perf_counter()
        run = self._until_idle(self.send_slider(comm_id, value), CellRun())
        if run.errors:
            raise HubError(f"{self.student.name}: moving slider {comm_id} raised {run.errors}")
        return time.perf_counter() - start

    def close(self) -> None:
        """Close the websocket and shut the kernel down (deleting its session)."""
        try:
            self.ws.close()
        finally:
            requests.delete(f"{self.student.server}api/sessions/{self.session_id}",
                            headers=self.student.headers, timeout=60)
