"""Grade submissions: run each in its own kernel, then the source's hidden tests against it.

The code graded here has been read by nobody, so the grader assumes the worst:

* every submission runs in its own process and its own Jupyter kernel, with a
  time limit per cell and per submission, a memory limit (``RLIMIT_AS``) on the
  kernel, and its output read and thrown away as it comes (a flood cannot fill
  the grader's memory);
* a cell that raises does not stop the run; a kernel that dies (``os._exit``,
  a crash) is restarted and the notebook run again without the fatal cell;
* every hidden test runs with freshly imported ``crossentropy`` modules (a
  submission that replaces ``ce.exercises.check`` changes nothing), and
  reports through a variable whose name is a secret of this grading run;
* the grades and feedback are written by the grader process, after every
  kernel has stopped, so a submission that writes into the output folder
  cannot change anyone's recorded points.
"""

from __future__ import annotations

import builtins
import contextlib
import multiprocessing as mp
import os
import queue
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from crossentropy.book.assign.intake import SubmissionRefused, read_submission
from crossentropy.book.assign.notebooks import GradingCell, tags

__all__ = ["Limits", "Row", "grade_all", "grade_submission"]

STATUSES = ("passed", "failed", "error", "timeout", "crashed")


@dataclass(frozen=True)
class Limits:
    """The resources one submission may use."""

    #: Seconds one cell (or one hidden test) may run.
    cell_seconds: float = 60.0
    #: Seconds the whole submission may take, tests included.
    submission_seconds: float = 600.0
    #: Bytes of address space the kernel may map.
    memory_bytes: int = 4 * 2**30
    #: Times a dead kernel is restarted before the submission counts as crashed.
    restarts: int = 3
    #: Bytes a submission file may have.
    file_bytes: int = 20 * 2**20


@dataclass
class Row:
    """One line of ``grades.csv``."""

    submission: str
    exercise: str
    points: float
    max_points: float
    status: str
    detail: str = field(default="", compare=False)


class _KernelDied(Exception):
    pass


class _Session:
    """A kernel in a scratch directory, with limits, whose output is discarded."""

    def __init__(self, limits: Limits, workdir: str) -> None:
        from jupyter_client import KernelManager

        self.limits = limits
        memory = limits.memory_bytes

        def limit_memory() -> None:  # runs in the kernel's process, before it starts
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

        env = dict(os.environ)
        env.update(
            MPLBACKEND="Agg",
            OMP_NUM_THREADS="1",
            OPENBLAS_NUM_THREADS="1",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(
            cwd=workdir,
            env=env,
            preexec_fn=limit_memory,
            stdout=subprocess_devnull(),
            stderr=subprocess_devnull(),
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def _drain(self) -> None:
        for _ in range(10_000):
            try:
                self.kc.get_iopub_msg(timeout=0)
            except queue.Empty:
                return

    def execute(self, code: str, seconds: float, **kwargs: Any) -> tuple[str, dict]:
        """Run ``code``; return ('ok' | 'error' | 'timeout', reply content)."""
        msg_id = self.kc.execute(
            code, store_history=False, allow_stdin=False, stop_on_error=False, **kwargs
        )
        deadline = time.monotonic() + seconds
        while True:
            self._drain()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout", {}
            try:
                reply = self.kc.get_shell_msg(timeout=min(remaining, 0.5))
            except queue.Empty:
                if not self.km.is_alive():
                    raise _KernelDied from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                self._drain()
                content = reply["content"]
                return ("ok" if content.get("status") == "ok" else "error"), content

    def interrupt(self) -> bool:
        """Interrupt the running cell; ``True`` if the kernel came back."""
        with contextlib.suppress(Exception):
            self.km.interrupt_kernel()
        try:
            status, _ = self.execute("pass", 5)
        except _KernelDied:
            return False
        return status == "ok"

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.kc.stop_channels()
        with contextlib.suppress(Exception):
            self.km.shutdown_kernel(now=True)


def subprocess_devnull() -> Any:
    """``subprocess.DEVNULL``: the kernel's own stdout and stderr are not wanted."""
    import subprocess

    return subprocess.DEVNULL


HIDDEN_TEST = """\
import sys as _ce_sys
for _ce_module in list(_ce_sys.modules):
    if _ce_module == "crossentropy" or _ce_module.startswith("crossentropy."):
        del _ce_sys.modules[_ce_module]
import crossentropy as ce
import numpy as np
{result} = ("error", "")
try:
    exec(compile({source!r}, "<hidden test>", "exec"), globals())
    {result} = ("passed", "")
except AssertionError:
    {result} = ("failed", "")
except BaseException as _ce_e:
    {result} = ("error", type(_ce_e).__name__[:60])
"""


#: The reasons given for an answer cell that failed before any test ran.
TIMED_OUT = "your answer cell ran past the {seconds:g} s limit"
UNANSWERED = "NotImplementedError: the answer is not written yet"


def _student_cells(nb: Any) -> list[tuple[str, str | None]]:
    """The submission's code cells (hidden tests left out), with the exercise of answer cells."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "hidden-test" in tags(cell) or not cell.source.strip():
            continue
        exercise = None
        if "solution" in tags(cell):
            exercise = cell.get("metadata", {}).get("grading", {}).get("exercise")
        cells.append((cell.source, exercise))
    return cells


def grade_submission(path: str, tests: list[GradingCell], limits: Limits) -> list[Row]:
    """Grade one submission notebook against the hidden tests of the source.

    Returns one :class:`Row` per exercise (points summed over its tests; the
    status is the worst of its tests).
    """
    started = time.monotonic()
    exercises = _exercises(tests)
    try:
        nb = read_submission(path, limits.file_bytes)
        cells = _student_cells(nb)
    except SubmissionRefused as exc:
        return [Row(path, ex, 0.0, total, "crashed", str(exc)) for ex, total in exercises.items()]
    except Exception:  # a notebook of the wrong shape (cells that are not dicts, ...)
        reason = "the submission is not a readable notebook"
        return [Row(path, ex, 0.0, total, "crashed", reason) for ex, total in exercises.items()]

    def left() -> float:
        return limits.submission_seconds - (time.monotonic() - started)

    results: list[tuple[str, str, str]] = []  # (exercise, status, detail) per test
    skipped: set[int] = set()
    answers: dict[str, tuple[str, str]] = {}  # exercise -> (status, detail) of a bad answer cell
    with tempfile.TemporaryDirectory(prefix="ce-grade-") as workdir:
        session: _Session | None = None
        try:
            session = _prepare(cells, skipped, limits, workdir, left, answers)
            for test in tests:
                if session is None or left() <= 0:
                    results.append(
                        (
                            test.exercise,
                            "timeout" if left() <= 0 else "crashed",
                            "the submission ran out of time"
                            if left() <= 0
                            else "the kernel could not be started again",
                        )
                    )
                    continue
                status, detail, healthy = _run_test(session, test, limits, left)
                if status != "passed" and test.exercise in answers:
                    status, detail = answers[test.exercise]
                results.append((test.exercise, status, detail))
                if not healthy:
                    session.close()
                    session = _prepare(cells, skipped, limits, workdir, left, answers)
        finally:
            if session is not None:
                session.close()
    return _rows(path, tests, results)


def _prepare(
    cells: list[tuple[str, str | None]],
    skipped: set[int],
    limits: Limits,
    workdir: str,
    left: Any,
    answers: dict[str, tuple[str, str]],
) -> _Session | None:
    """A kernel that has run the submission's cells (without the ones that killed it).

    The exercises whose answer cell raised ``NotImplementedError`` (a stub left
    as it was) or ran past the cell limit are recorded in ``answers``, with
    the status and reason their failed tests are given instead of the
    ``NameError`` that follows.
    """
    for _ in range(limits.restarts + 1):
        if left() <= 0:
            return None
        session = _Session(limits, workdir)
        current = -1
        try:
            for current, (source, exercise) in enumerate(cells):
                if current in skipped:
                    continue
                if left() <= 0:
                    return session
                status, reply = session.execute(source, min(limits.cell_seconds, max(left(), 1)))
                if status == "timeout" and exercise:
                    answers[exercise] = ("timeout", TIMED_OUT.format(seconds=limits.cell_seconds))
                if status == "timeout" and not session.interrupt():
                    raise _KernelDied
                if exercise and reply.get("ename") == "NotImplementedError":
                    answers.setdefault(exercise, ("error", UNANSWERED))
            return session
        except _KernelDied:
            skipped.add(current)
            session.close()
    return None


def _run_test(
    session: _Session, test: GradingCell, limits: Limits, left: Any
) -> tuple[str, str, bool]:
    """Run one hidden test; return (status, detail, whether the kernel is still usable)."""
    result = f"_ce_result_{secrets.token_hex(8)}"
    code = HIDDEN_TEST.format(source=test.source, result=result)
    try:
        status, _ = session.execute(code, min(limits.cell_seconds, max(left(), 1)))
        if status == "timeout":
            healthy = session.interrupt()
            return "timeout", f"the test ran longer than {limits.cell_seconds:g} s", healthy
        status, reply = session.execute("", 10, user_expressions={"r": result})
    except _KernelDied:
        return "crashed", "the kernel died while the test ran", False
    value = reply.get("user_expressions", {}).get("r", {})
    if value.get("status") != "ok":
        return "error", "the test's result could not be read", True
    import ast

    try:
        outcome, detail = ast.literal_eval(value["data"]["text/plain"])
    except (ValueError, SyntaxError, KeyError, TypeError):
        return "error", "the test's result could not be read", True
    if outcome not in ("passed", "failed", "error"):
        return "error", "the test's result could not be read", True
    return outcome, _reason(outcome, detail), True


#: The exception names a feedback file may show: Python's own, never a class a submission made.
_BUILTIN_EXCEPTIONS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)


def _reason(outcome: str, detail: Any) -> str:
    """A fixed reason for a test's outcome: nothing the kernel sent is shown as it came.

    The kernel runs the submission's code, which can put anything (a hidden
    test's source, text of its own) into an exception's message or name; only
    the name of one of Python's built-in exceptions gets through.
    """
    if outcome != "error":
        return ""
    if isinstance(detail, str) and detail in _BUILTIN_EXCEPTIONS:
        return detail
    return "an exception of a class the submission defined"


def _exercises(tests: list[GradingCell]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for test in tests:
        totals[test.exercise] = totals.get(test.exercise, 0.0) + test.points
    return totals


def _rows(path: str, tests: list[GradingCell], results: list[tuple[str, str, str]]) -> list[Row]:
    rows: dict[str, Row] = {}
    for test, (exercise, status, detail) in zip(tests, results, strict=True):
        row = rows.setdefault(exercise, Row(path, exercise, 0.0, 0.0, "passed", ""))
        row.max_points += test.points
        if status == "passed":
            row.points += test.points
        elif STATUSES.index(status) > STATUSES.index(row.status) or row.status == "passed":
            row.status, row.detail = status, detail
    return list(rows.values())


def _worker(path: str, tests: list[GradingCell], limits: Limits, connection: Any) -> None:
    try:
        rows = grade_submission(path, tests, limits)
        connection.send(("ok", rows))
    except BaseException as exc:  # report, never hang the parent
        connection.send(("crashed", f"the grader failed on this submission ({type(exc).__name__})"))
    finally:
        connection.close()


def grade_all(
    submissions: list[str],
    tests: list[GradingCell],
    limits: Limits,
    *,
    jobs: int | None = None,
    progress: Any = None,
) -> list[Row]:
    """Grade many submissions, ``jobs`` at a time, each in its own process.

    A worker process that dies or overruns its time limit by a wide margin is
    killed, and its submission gets ``crashed`` (or ``timeout``) rows.
    """
    jobs = max(1, jobs or os.cpu_count() or 1)
    context = mp.get_context("spawn")
    exercises = _exercises(tests)
    pending = list(enumerate(submissions))
    running: dict[int, tuple[Any, Any, float]] = {}
    results: dict[int, list[Row]] = {}
    hard_limit = limits.submission_seconds + 120
    while pending or running:
        while pending and len(running) < jobs:
            index, path = pending.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(path, tests, limits, send), daemon=True)
            process.start()
            send.close()
            running[index] = (process, receive, time.monotonic())
        for index, (process, receive, started) in list(running.items()):
            path = submissions[index]
            message = None
            if receive.poll(0.05):
                with contextlib.suppress(EOFError):
                    message = receive.recv()
            elif process.is_alive() and time.monotonic() - started < hard_limit:
                continue
            if process.is_alive():
                process.kill()
            process.join()
            if message and message[0] == "ok":
                results[index] = message[1]
            else:
                status = (
                    "timeout"
                    if message is None
                    and process.exitcode is not None
                    and time.monotonic() - started >= hard_limit
                    else "crashed"
                )
                detail = (
                    message[1] if message else f"the grader's worker exited ({process.exitcode})"
                )
                results[index] = [
                    Row(path, ex, 0.0, total, status, detail) for ex, total in exercises.items()
                ]
            del running[index]
            if progress is not None:
                progress(len(results), len(submissions))
    return [row for index in range(len(submissions)) for row in results[index]]


def progress_bar(done: int, total: int, stream: Any = sys.stderr) -> None:
    """Draw a one-line progress bar (a line per update when not on a terminal)."""
    width = 30
    filled = round(width * done / total) if total else width
    bar = "#" * filled + "-" * (width - filled)
    end = "\r" if stream.isatty() and done < total else "\n"
    stream.write(f"grading [{bar}] {done}/{total} submissions{end}")
    stream.flush()
