"""Grade submissions: each runs in its own sandboxed process; the hidden tests run here.

The code graded here has been read by nobody, so the grader assumes the worst:

* every submission runs in its own process (:mod:`.runner`), inside its own
  bubblewrap sandbox (:mod:`.sandbox`: no view of other processes, the network,
  the source, the other submissions or the output; a read-only file system),
  with a time limit per cell and per submission and a memory limit
  (``RLIMIT_AS``); what it prints goes to ``/dev/null``;
* a cell that raises does not stop the run; a cell that runs past its limit or
  ends the process is left out, and the process started again without it;
* the hidden tests never enter the submission's process: they run in this
  process (:mod:`.trusted`) against plain copies of the answers, and call the
  submission's functions through a proxy that carries plain data both ways;
* the grades and feedback are written by the grader process, after every
  submission's process has ended, with fixed reasons only.
"""

from __future__ import annotations

import builtins
import contextlib
import multiprocessing as mp
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from crossentropy.book.assign.intake import SubmissionRefused, read_submission
from crossentropy.book.assign.notebooks import GradingCell, tags
from crossentropy.book.assign.student_process import Died, StudentProcess, TimedOut
from crossentropy.book.assign.trusted import AnswerNotPlain, Delegated, run_hidden_test

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


def grade_submission(
    path: str,
    tests: list[GradingCell],
    limits: Limits,
    *,
    hidden: Sequence[str] = (),
    isolated: bool = True,
) -> list[Row]:
    """Grade one submission notebook against the hidden tests of the source.

    The submission runs in its own process (in the sandbox unless ``isolated``
    is false, with the files and folders ``hidden`` out of its sight); the
    tests run here, against plain copies of its answers.

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

        def start() -> StudentProcess:
            return StudentProcess(
                workdir, memory_bytes=limits.memory_bytes, hidden=hidden, isolated=isolated
            )

        session: StudentProcess | None = None
        try:
            session = _prepare(cells, skipped, limits, start, left, answers)
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
                    session = _prepare(cells, skipped, limits, start, left, answers)
        finally:
            if session is not None:
                session.close()
    return _rows(path, tests, results)


def _prepare(
    cells: list[tuple[str, str | None]],
    skipped: set[int],
    limits: Limits,
    start: Callable[[], StudentProcess],
    left: Callable[[], float],
    answers: dict[str, tuple[str, str]],
) -> StudentProcess | None:
    """A process that has run the submission's cells (without the ones that killed it).

    A cell that runs past its limit, or ends the process, is left out and the
    process started again. The exercises whose answer cell raised
    ``NotImplementedError`` (a stub left as it was) or ran past the cell limit
    are recorded in ``answers``, with the status and reason their failed tests
    are given instead of the ``NameError`` that follows.
    """
    for _ in range(limits.restarts + 1):
        if left() <= 0:
            return None
        try:
            session = start()
        except Died:
            return None
        current = -1
        try:
            for current, (source, exercise) in enumerate(cells):
                if current in skipped:
                    continue
                if left() <= 0:
                    return session
                try:
                    _, ename = session.run(source, min(limits.cell_seconds, max(left(), 1)))
                except TimedOut:
                    if exercise:
                        answers[exercise] = (
                            "timeout",
                            TIMED_OUT.format(seconds=limits.cell_seconds),
                        )
                    raise Died("the cell ran past its limit") from None
                if exercise and ename == "NotImplementedError":
                    answers.setdefault(exercise, ("error", UNANSWERED))
            return session
        except Died:
            skipped.add(current)
            session.close()
    return None


def _run_test(
    session: StudentProcess, test: GradingCell, limits: Limits, left: Callable[[], float]
) -> tuple[str, str, bool]:
    """Run one hidden test; return (status, detail, whether the process is still usable)."""

    def seconds() -> float:
        return min(limits.cell_seconds, max(left(), 1))

    try:
        run_hidden_test(test.source, session, seconds)
    except AssertionError:
        return "failed", "", True
    except Delegated as exc:
        return "failed", f"the answer calls ce.{exc.function}, the function it was to write", True
    except AnswerNotPlain:
        return "error", "an answer is not plain data (a number, a string or an array)", True
    except TimedOut:
        return "timeout", f"your code ran past the {limits.cell_seconds:g} s limit", False
    except Died:
        return "crashed", "your code ended its process while a test ran", False
    except Exception as exc:
        return "error", _reason("error", type(exc).__name__), True
    return "passed", "", True


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


def _worker(
    path: str,
    tests: list[GradingCell],
    limits: Limits,
    hidden: Sequence[str],
    isolated: bool,
    connection: Any,
) -> None:
    try:
        rows = grade_submission(path, tests, limits, hidden=hidden, isolated=isolated)
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
    hidden: Sequence[str] = (),
    isolated: bool = True,
) -> list[Row]:
    """Grade many submissions, ``jobs`` at a time, each in its own process.

    Each submission runs in its own sandbox (see :mod:`.sandbox`), which hides
    ``hidden`` (the source and the output folder) and every submission; with
    ``isolated=False``, without one.

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
            process = context.Process(
                target=_worker,
                args=(path, tests, limits, [*hidden, *submissions], isolated, send),
                daemon=True,
            )
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
