r"""Hidden tests, run in the grader's own process against plain copies of the answers.

A hidden test (a cell tagged ``hidden-test`` in the source) is instructor
code: it runs here, with the grader's own ``ce`` and ``np``, never in the
submission's process. Each name it uses that the submission defined is fetched
once, before the test runs:

* plain data (numbers, strings, arrays, lists, ...) arrives as a fresh value
  built by :func:`.wire.decode`; nothing of the submission's making comes with it;
* a function arrives as a :class:`Proxy`, which sends its arguments into the
  submission's process and brings a plain result back, with a deadline. When
  the test checks it with ``ce.exercises.check(name, f)``, every call of the
  test runs with the library function ``name`` disabled in the submission's
  process, so an answer that is, or calls, that function earns nothing.

>>> sorted(free_names("assert np.isclose(h, ce.entropy(p)) and f(x) == y\nx = 1"))
['f', 'h', 'p', 'y']
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable
from typing import Any

import numpy as np

import crossentropy
from crossentropy.book.assign import wire
from crossentropy.book.assign.student_process import StudentProcess

__all__ = [
    "AnswerNotPlain",
    "Delegated",
    "Proxy",
    "checked_functions",
    "free_names",
    "run_hidden_test",
]

#: Names every hidden test gets from the grader, never from the submission.
PROVIDED = {"ce": crossentropy, "np": np}


class AnswerNotPlain(Exception):
    """An answer the test uses is not plain data (an object of the submission's making)."""


class Delegated(Exception):
    """The answer called the library function the exercise asks to write."""

    def __init__(self, function: str) -> None:
        super().__init__(function)
        self.function = function


def free_names(source: str) -> set[str]:
    """The names ``source`` reads without defining them (builtins, ``ce`` and ``np`` aside)."""
    tree = ast.parse(source)
    loaded: set[str] = set()
    stored: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else stored).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(node.name)
        elif isinstance(node, ast.arg):
            stored.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stored.update((a.asname or a.name).split(".")[0] for a in node.names)
    return {n for n in loaded - stored if n not in PROVIDED and not hasattr(builtins, n)}


def checked_functions(source: str) -> list[str]:
    """The library functions (``module:name``) the test checks answers against.

    Read from the calls ``ce.exercises.check("<name>", ...)`` in ``source``.
    """
    from crossentropy.book.exercises import CHECKS

    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "check"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in CHECKS
        ):
            reference = CHECKS[node.args[0].value].reference
            name = f"{reference.__module__}:{reference.__name__}"
            if name not in found:
                found.append(name)
    return found


def _raised(name: str) -> BaseException:
    """An exception of the built-in class ``name`` (``RuntimeError`` otherwise), fixed message."""
    kind = getattr(builtins, name, None)
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        kind = RuntimeError
    return kind("raised by the submission's code")


class Proxy:
    """A function of the submission, called across the boundary with plain data."""

    def __init__(
        self, student: StudentProcess, name: str, forbid: list[str], seconds: Callable[[], float]
    ) -> None:
        self.__name__ = name
        self._student = student
        self._forbid = forbid
        self._seconds = seconds

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the submission's function with plain ``args``; return its plain result."""
        reply = self._student.call(self.__name__, args, kwargs, self._forbid, self._seconds())
        if reply.get("delegated") is True:
            function = self._forbid[0].split(":")[1] if self._forbid else "the library"
            raise Delegated(function)
        if "value" in reply:
            try:
                return wire.decode(reply["value"])
            except wire.WireError:
                raise AnswerNotPlain(self.__name__) from None
        if "raised" in reply:
            raise _raised(str(reply["raised"]))
        if "unplain" in reply:
            raise AnswerNotPlain(self.__name__)
        raise NameError(f"name {self.__name__!r} is not defined")

    def __repr__(self) -> str:
        return f"<the submission's function {self.__name__}>"


def run_hidden_test(source: str, student: StudentProcess, seconds: Callable[[], float]) -> None:
    """Run one hidden test against the submission; return if it passed.

    Raises
    ------
    AssertionError
        If a check of the test does not hold.
    Delegated, AnswerNotPlain
        If an answer is the library's own function, or not plain data.
    student_process.TimedOut, student_process.Died
        If the submission's process does not answer in time, or ends.
    Exception
        Any other error of the test against these answers (a missing answer
        is a ``NameError``).
    """
    namespace: dict[str, Any] = {"__builtins__": builtins, **PROVIDED}
    forbid = checked_functions(source)
    for name in sorted(free_names(source)):
        reply = student.get(name, seconds())
        if "value" in reply:
            try:
                namespace[name] = wire.decode(reply["value"])
            except wire.WireError:
                raise AnswerNotPlain(name) from None
        elif reply.get("callable") is True:
            namespace[name] = Proxy(student, name, forbid, seconds)
        elif "unplain" in reply:
            raise AnswerNotPlain(name)
    exec(compile(source, "<hidden test>", "exec"), namespace)
