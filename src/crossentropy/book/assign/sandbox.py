"""The sandbox each submission runs in: bubblewrap namespaces over a read-only system.

On Linux with Debian's ``bubblewrap`` package (``bwrap``), a submission's
process gets:

* its own PID, IPC, UTS and network namespaces: it sees no other process (not
  the grader, not another submission), has no network and no loopback shared
  with anyone;
* the whole file system read-only (the Python environment, the installed
  library), a private ``/tmp``, and one writable working directory of its own;
* the source notebook's folder, every submission's folder and the output folder
  replaced by empty ones, so that it reads neither the solutions, nor the hidden
  tests, nor another student's work, and writes nothing that lasts;
* an end: killing the sandbox's first process ends the namespace and every
  process in it (a double-forked daemon included).

Without ``bwrap`` the grader refuses to run unless told that grading is
unisolated (``ce-assign grade --unisolated``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

__all__ = ["SandboxUnavailable", "bwrap", "command"]


class SandboxUnavailable(RuntimeError):
    """bubblewrap is not installed (or cannot create namespaces here)."""


def bwrap() -> str | None:
    """The path of ``bwrap``, or ``None``."""
    return shutil.which("bwrap")


def _essential() -> list[Path]:
    """What the submission's process needs to read: Python, its environment, the library."""
    import crossentropy

    paths = {
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.executable).resolve().parent,
        Path(crossentropy.__file__).resolve().parent,
    }
    paths.update(Path(p).resolve() for p in sys.path if p and Path(p).is_dir())
    return sorted(paths)


def _contains(folder: Path, path: Path) -> bool:
    return path == folder or folder in path.parents


def command(workdir: str, hidden: Iterable[str]) -> list[str]:
    """The ``bwrap`` arguments (up to ``--``) that confine a process to ``workdir``.

    Parameters
    ----------
    workdir : str
        The process's own writable working directory.
    hidden : iterable of str
        Files (the source, the submissions) and folders (the output) the
        process must not see: each file's folder is replaced by an empty one,
        or, where that folder holds the Python environment, the file itself
        by an empty file.

    Raises
    ------
    SandboxUnavailable
        If ``bwrap`` is not installed.
    """
    executable = bwrap()
    if executable is None:
        raise SandboxUnavailable(
            "bubblewrap is not installed (apt-get install bubblewrap), so submissions cannot "
            "be isolated; pass --unisolated to grade anyway, without isolation"
        )
    args = [
        executable,
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--proc", "/proc",
        "--tmpfs", "/tmp",
        "--unshare-pid", "--unshare-ipc", "--unshare-net", "--unshare-uts",
        "--die-with-parent", "--new-session",
    ]  # fmt: skip
    essential = _essential()
    work = Path(workdir).resolve()
    folders: set[Path] = set()
    files: set[Path] = set()
    for item in hidden:
        path = Path(item).resolve()
        folder = path if path.is_dir() else path.parent
        if any(_contains(folder, e) for e in essential) or _contains(folder, work):
            if path.is_file():
                files.add(path)
        else:
            folders.add(folder)
    # Python, its environment and the library stay readable where they live under /tmp
    # (a checkout in /tmp, say), which the private /tmp would otherwise hide.
    for path in essential:
        if _contains(Path("/tmp"), path) and path != Path("/tmp"):
            args += ["--ro-bind", str(path), str(path)]
    for folder in sorted(folders):
        args += ["--tmpfs", str(folder)]
    for file in sorted(files):
        args += ["--ro-bind", os.devnull, str(file)]
    args += ["--bind", str(work), str(work), "--chdir", str(work)]
    return args
