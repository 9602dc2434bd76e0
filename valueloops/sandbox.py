"""A sandbox per graded notebook: bubblewrap (``bwrap``) around each kernel the grader starts.

Every kernel of ``grade``, ``grade-class`` and ``scoreboard()`` runs, when bubblewrap is available
(Linux; ``apt-get install bubblewrap``), inside its own:

* mount view: its own folder (the notebook's temporary copy, its connection file and sockets),
  the system, Python and the course's package and datasets read-only; no ``solutions/``, no
  ``exercises/``, no class folder, no other student's files, a private ``/tmp``;
* PID namespace (``--unshare-pid``, ``--die-with-parent``): it sees only its own processes, and
  every process it starts, detached or not, dies with it;
* network namespace: no network at all (the grader talks to it over Unix sockets in its folder);
* user: as root, the kernel runs under a user id of its own (:func:`kernel_uid`), so the
  process-count limit (:data:`PROCESS_LIMIT`, RLIMIT_NPROC, which does not bind root) binds it and
  no other kernel's files or processes are its own; otherwise a user namespace of the caller's;
* limits: the time limit per cell and the memory cap (RLIMIT_AS) the grader always sets.

:func:`unavailable` says why there is no sandbox (then the grader says what that means, once).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .paths import DATASETS, ROOT

PROCESS_LIMIT = 256
"""Processes and threads one kernel may have at once (a kernel alone uses about a dozen)."""
UID_BASE = 3_100_000
"""Kernels run as root's grader get the user id ``UID_BASE + the grader process's id``: unique while
that process lives, and far from any real account's id."""
NO_SANDBOX = ("no sandbox: {reason}. Each notebook still runs on its own kernel with the time and "
              "memory limits, but as you, beside your files and the other notebooks' kernels: a "
              "hostile notebook could read or change other files, reach other kernels, and leave "
              "processes running. Install bubblewrap (sudo apt-get install bubblewrap) to grade "
              "each notebook in a sandbox.")
_DROP_USER = ("import os, sys; os.setgroups([]); os.setgid(int(sys.argv[1])); os.setuid(int(sys.argv[1])); "
              "os.execv(sys.argv[2], sys.argv[2:])")


def bwrap_path() -> str | None:
    """The bubblewrap executable, if installed."""
    return shutil.which("bwrap") or ("/usr/bin/bwrap" if Path("/usr/bin/bwrap").exists() else None)


@functools.lru_cache(maxsize=None)
def unavailable() -> str | None:
    """Why no sandbox can be made here (None when bubblewrap works): not Linux, not installed, or
    the kernel refuses its namespaces (its first line of error)."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap runs only on Linux (this is {sys.platform})"
    if os.environ.get("VALUELOOPS_NO_SANDBOX"):
        return "VALUELOOPS_NO_SANDBOX is set"
    bwrap = bwrap_path()
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed"
    trial = [bwrap, *_namespaces(), "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"]
    try:
        done = subprocess.run(trial, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not be run ({type(exc).__name__}: {exc})"
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["no message"])[0]
        return f"bubblewrap could not make a sandbox here ({first})"
    return None


def _namespaces() -> list[str]:
    own_user = [] if os.geteuid() == 0 else ["--unshare-user"]
    return [*own_user, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--die-with-parent"]


def kernel_uid() -> int | None:
    """The user id a kernel runs as: one of its own when the grader is root, else None (the
    caller's own id, in a user namespace)."""
    return UID_BASE + os.getpid() if os.geteuid() == 0 else None


def readonly_paths() -> list[Path]:
    """What a kernel may read: Python (the interpreter's installation and the virtual environment),
    the course's package and its datasets; the system folders are added by :func:`command`."""
    package = Path(__file__).resolve().parent
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), package, DATASETS.resolve()}
    if Path(sys.executable).resolve().parent.parent not in paths:
        paths.add(Path(sys.executable).resolve().parent.parent)
    return sorted(p for p in paths if p.exists())


def _system_mounts() -> list[str]:
    args = []
    for name in ("usr", "etc", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "opt"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir() and name != "opt":
            args += ["--ro-bind", str(path), str(path)]
    return args


def _parents(path: Path, made: set[Path]) -> list[str]:
    """``--dir`` for each missing parent of a mount point, world-readable (bwrap's default is 0700,
    which a kernel under its own user id could not cross)."""
    args = []
    for parent in reversed(path.parents):
        if parent == Path("/") or parent in made or str(parent) in ("/usr", "/etc", "/tmp"):
            continue
        made.add(parent)
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def absolute(path: str | Path) -> str:
    """``path`` absolute and without ``..``: its folder resolved, its own name kept (a virtual
    environment's ``python`` is a symlink whose name selects the environment). A grader started as
    ``../.venv/bin/python`` from ``exercises/`` has ``sys.executable`` =
    ``…/exercises/../.venv/bin/python``; inside the sandbox ``…/exercises`` is not mounted, so that
    path (the kernel's command, and its PATH) leads nowhere and the kernel dies (review r24d)."""
    path = Path(path).absolute()
    return str(path.parent.resolve() / path.name)


def command(argv: list[str], folder: Path, uid: int | None) -> list[str]:
    """``argv`` (a kernel's command line) run inside a sandbox whose only writable folder is
    ``folder``; as ``uid`` when given (the grader is root)."""
    made: set[Path] = set()
    args = [bwrap_path() or "bwrap", *_namespaces(), "--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--tmpfs", "/tmp", *_system_mounts(),
            # ipykernel exits when its parent's pid is not the one named here; in its own PID
            # namespace it never is (bubblewrap's --die-with-parent stands in for that watch)
            "--unsetenv", "JPY_PARENT_PID"]
    for path in readonly_paths():
        if any(str(path).startswith(p) for p in ("/usr/", "/etc/")):
            continue
        args += _parents(path, made) + ["--ro-bind", str(path), str(path)]
    folder = Path(folder).resolve()
    args += _parents(folder, made) + ["--bind", str(folder), str(folder), "--chdir", str(folder)]
    if argv and os.sep in argv[0]:   # the kernel's interpreter, as a path that holds in the sandbox
        argv = [absolute(argv[0]), *argv[1:]]
    if uid is not None:
        argv = [argv[0], "-c", _DROP_USER, str(uid), *argv]
    return args + ["--", *argv]


def own(folder: Path, uid: int | None) -> None:
    """Give ``folder`` and everything in it to ``uid`` (the kernel's own user), when set."""
    if uid is None:
        return
    for root, dirs, files in os.walk(folder):
        for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
            os.chown(name, uid, uid, follow_symlinks=False)


def environment(env: dict[str, str], folder: Path) -> dict[str, str]:
    """The kernel's environment inside the sandbox: nothing of the grader's own but the locale,
    the course's settings and the thread counts; the grader's own copy of the package first on the
    path (the one the sandbox shows); home, IPython's and Matplotlib's folders in its own folder."""
    keep = {k: v for k, v in env.items()
            if k in ("LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONHASHSEED", "PYDEVD_DISABLE_FILE_VALIDATION")
            or k.startswith(("VALUELOOPS_", "OMP_", "OPENBLAS_", "MKL_", "JPY_"))}
    home = str(Path(folder).resolve())
    keep["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)  # this package, whatever is installed
    return dict(keep, PATH=f"{Path(absolute(sys.executable)).parent}:/usr/local/bin:/usr/bin:/bin", HOME=home,
                IPYTHONDIR=f"{home}/.ipython", MPLCONFIGDIR=f"{home}/.matplotlib",
                XDG_CACHE_HOME=f"{home}/.cache", JUPYTER_RUNTIME_DIR=home, TMPDIR="/tmp")


def seed_matplotlib_cache(folder: Path) -> None:
    """Copy the grader's Matplotlib font list into the kernel's folder (else every kernel spends a
    second or more rebuilding it)."""
    try:
        import matplotlib
        cache = Path(matplotlib.get_cachedir())
    except Exception:  # noqa: BLE001 - no cache to share: the kernel builds its own
        return
    target = Path(folder) / ".matplotlib"
    target.mkdir(exist_ok=True)
    for font_list in cache.glob("fontlist-*.json"):
        shutil.copy2(font_list, target / font_list.name)


def preexec(memory_mb: int | None, uid: int | None, limit: int = PROCESS_LIMIT):
    """The ``preexec_fn`` of a sandboxed kernel: its memory cap and its process-count limit (for a
    grader that is not root, the caller's own processes plus ``limit``: RLIMIT_NPROC counts per
    user)."""
    extra = limit if uid is not None else _own_processes() + limit

    def apply() -> None:
        import resource
        if memory_mb:
            cap = int(memory_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_NPROC, (extra, extra))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def _own_processes() -> int:
    """How many processes and threads the caller's user has now (RLIMIT_NPROC counts them all)."""
    uid, count = os.getuid(), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                count += len(os.listdir(entry / "task"))
        except OSError:
            continue
    return count


def kernel_manager_class(folder: Path, uid: int | None):
    """A Jupyter kernel manager whose kernel runs in the sandbox of ``folder``: connection file and
    Unix sockets in that folder (reachable from no other kernel), interrupts sent as messages (a
    signal would reach bubblewrap, not the kernel)."""
    from jupyter_client.manager import AsyncKernelManager

    class SandboxedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(Path(folder).resolve() / "kernel")
            self.connection_file = str(Path(folder).resolve() / "kernel.json")

        def format_kernel_cmd(self, extra_arguments=None):
            argv = super().format_kernel_cmd(extra_arguments)
            self.kernel_spec.interrupt_mode = "message"
            own(Path(folder), uid)
            return command(argv, Path(folder), uid)

    return SandboxedKernelManager
