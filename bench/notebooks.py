"""Run each lecture notebook top to bottom on a fresh kernel (nbclient, nothing written) and read
the kernel's peak resident memory (VmHWM from /proc, else psutil's RSS) just before shutdown."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient


@dataclass
class NotebookTiming:
    name: str
    seconds: float  # kernel start + all cells
    cells_seconds: float  # all cells only
    peak_rss_mb: float
    error: str = ""


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return psutil.Process(pid).memory_info().rss / 2**20


class _MeasuringClient(NotebookClient):
    """Records when the cells start and the kernel's peak RSS after the last cell."""

    cells_started: float = 0.0
    cells_done: float = 0.0
    peak_mb: float = float("nan")

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        if not self.cells_started:
            self.cells_started = time.perf_counter()
        return await super().async_execute_cell(cell, cell_index, *args, **kwargs)

    def set_widgets_metadata(self) -> None:  # called after the last cell, kernel still alive
        self.cells_done = time.perf_counter()
        try:
            self.peak_mb = _peak_rss_mb(self.km.provisioner.pid)
        except Exception:  # noqa: BLE001
            pass
        super().set_widgets_metadata()


def time_notebook(path: Path, timeout: int = 300) -> NotebookTiming:
    nb = nbformat.read(path, as_version=4)
    env_backend = os.environ.pop("MPLBACKEND", None)  # PITFALLS: keep the kernel's inline backend
    client = _MeasuringClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                              resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    error = ""
    try:
        client.execute()
    except Exception as exc:  # noqa: BLE001
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:200] if str(exc).strip() else ''}"
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend
    done = client.cells_done or time.perf_counter()  # kernel shutdown is not counted
    seconds = done - start
    cells = done - (client.cells_started or start)
    return NotebookTiming(path.name, seconds, cells, client.peak_mb, error)
