"""The grader's handle on one submission's process: run a cell, fetch an answer, call a function.

The process is :mod:`.runner`, started inside the sandbox (:mod:`.sandbox`)
with a memory limit, spoken to through its standard input and output in the
plain-data protocol of :mod:`.wire`, with a deadline on every reply. Killing it
ends the sandbox and everything in it.
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any

from crossentropy.book.assign import sandbox, wire

__all__ = ["Died", "StudentProcess", "TimedOut"]


class TimedOut(Exception):
    """The submission's process did not answer in time."""


class Died(Exception):
    """The submission's process ended, or sent something that is not the protocol."""


#: Environment variables the submission's process gets (and no others).
_PASSED_ON = ("PATH", "PYTHONPATH", "LANG", "LC_ALL", "VIRTUAL_ENV")


class StudentProcess:
    """One submission's process, in its own sandbox unless ``isolated`` is false."""

    def __init__(
        self,
        workdir: str,
        *,
        memory_bytes: int,
        hidden: Sequence[str] = (),
        isolated: bool = True,
        start_seconds: float = 60.0,
    ) -> None:
        env = {k: os.environ[k] for k in _PASSED_ON if k in os.environ}
        env.update(
            HOME=workdir,
            IPYTHONDIR=os.path.join(workdir, ".ipython"),
            MPLCONFIGDIR=os.path.join(workdir, ".matplotlib"),
            MPLBACKEND="Agg",
            OMP_NUM_THREADS="1",
            OPENBLAS_NUM_THREADS="1",
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONNOUSERSITE="1",
        )

        def limit_memory() -> None:  # in the child, before bwrap and Python start
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

        prefix = sandbox.command(workdir, hidden) if isolated else []
        self.process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "crossentropy.book.assign.runner"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=workdir,
            env=env,
            preexec_fn=limit_memory,
            start_new_session=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._out = self.process.stdin.fileno()
        self._in = self.process.stdout.fileno()
        reply = self._reply(start_seconds)
        if reply != {"ready": True}:
            self.close()
            raise Died("the submission's process did not start")

    # ------------------------------------------------------------------ protocol

    def _read(self, n: int, deadline: float) -> bytes:
        chunks = []
        while n > 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimedOut
            ready, _, _ = select.select([self._in], [], [], remaining)
            if not ready:
                raise TimedOut
            chunk = os.read(self._in, min(n, 1 << 20))
            if not chunk:
                raise Died("the submission's process ended")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _reply(self, seconds: float) -> dict[str, Any]:
        import json

        deadline = time.monotonic() + seconds
        size = int.from_bytes(self._read(8, deadline), "big")
        if size > wire.MAX_BYTES:
            raise Died("a reply larger than the protocol allows")
        try:
            message = json.loads(self._read(size, deadline))
        except (ValueError, RecursionError):
            raise Died("a reply that is not JSON") from None
        if type(message) is not dict:
            raise Died("a reply that is not an object")
        return message

    def request(self, message: dict[str, Any], seconds: float) -> dict[str, Any]:
        """Send one request and wait at most ``seconds`` for its reply."""
        try:
            wire.write_frame(self._out, message)
        except OSError:
            raise Died("the submission's process ended") from None
        return self._reply(seconds)

    # ------------------------------------------------------------------ requests

    def run(self, source: str, seconds: float) -> tuple[str, str]:
        """Run one cell: ``('ok' | 'error', exception class name)``; raises :class:`TimedOut`."""
        reply = self.request({"op": "run", "source": source}, seconds)
        if reply.get("status") == "ok":
            return "ok", ""
        return "error", str(reply.get("ename", ""))[:60]

    def get(self, name: str, seconds: float) -> dict[str, Any]:
        """One name of the submission's namespace, as the runner describes it."""
        return self.request({"op": "get", "name": name}, seconds)

    def call(
        self,
        name: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        forbid: Sequence[str],
        seconds: float,
    ) -> dict[str, Any]:
        """Call the submission's function ``name`` with plain arguments."""
        message = {
            "op": "call",
            "name": name,
            "args": wire.encode(tuple(args)),
            "kwargs": wire.encode(dict(kwargs)),
            "forbid": list(forbid),
        }
        return self.request(message, seconds)

    def close(self) -> None:
        """Kill the process (and with it the sandbox and everything in it)."""
        with contextlib.suppress(Exception):
            os.killpg(self.process.pid, 9)
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.close()
