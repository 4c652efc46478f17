"""The process a submission runs in: its cells, then plain answers on request.

Started by the grader (inside the sandbox, see :mod:`.sandbox`) as
``python -m crossentropy.book.assign.runner``. It reads requests on its
standard input and writes replies on its standard output, one framed JSON
message each (:mod:`.wire`), after pointing file descriptors 0, 1 and 2 at
``/dev/null`` so that nothing the submission prints reaches anyone.

Requests:

* ``{"op": "run", "source": ...}``: run one cell in an IPython shell; reply
  ``{"status": "ok"}`` or ``{"status": "error", "ename": <exception class name>}``.
* ``{"op": "get", "name": ...}``: one name of the submission's namespace, as
  plain data (``{"value": ...}``), or ``{"callable": true}``,
  ``{"missing": true}`` or ``{"unplain": <kind>}``.
* ``{"op": "call", "name": ..., "args": ..., "kwargs": ..., "forbid": [...]}``:
  call a function of the submission with plain arguments; reply its plain
  result, or ``{"raised": <exception class name>}``, or ``{"delegated": true}``
  when it called one of the library functions named in ``forbid``.

Everything here runs in the submission's own process, which the submission
controls: nothing it replies is trusted beyond being plain data (the grader
decodes it strictly), and the hidden tests never come here.
"""

from __future__ import annotations

import builtins
import importlib
import os
import sys
from typing import Any

from crossentropy.book.assign.wire import Unplain, decode, encode, read_frame, write_frame

#: The message of the exception a forbidden library function raises while a call runs.
DELEGATED = "__crossentropy_grader_delegated__"


def _stub(*args: Any, **kwargs: Any) -> Any:
    raise LookupError("__crossentropy_grader_delegated__")


def _exception_name(exc: BaseException) -> str:
    name = type(exc).__name__
    return name if getattr(builtins, name, None) is type(exc) else "other"


def _delegated(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 50:
        if isinstance(exc, LookupError) and exc.args == (DELEGATED,):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _forbidden(names: list[str]) -> list[tuple[Any, Any]]:
    """The library functions ``module:qualname`` whose code is swapped for the call."""
    swapped = []
    for name in names:
        module_name, _, attribute = str(name).partition(":")
        function = getattr(importlib.import_module(module_name), attribute)
        swapped.append((function, function.__code__))
    return swapped


def _call(namespace: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    function = namespace.get(str(message.get("name")))
    if not callable(function):
        return {"missing": True}
    args = decode(message.get("args"))
    kwargs = decode(message.get("kwargs"))
    swapped = _forbidden(list(message.get("forbid", [])))
    for library_function, _ in swapped:
        library_function.__code__ = _stub.__code__
    try:
        result = function(*args, **kwargs)
    except BaseException as exc:
        if _delegated(exc):
            return {"delegated": True}
        return {"raised": _exception_name(exc)}
    finally:
        for library_function, code in swapped:
            library_function.__code__ = code
    try:
        return {"value": encode(result)}
    except Unplain as exc:
        return {"unplain": str(exc)}


def _get(namespace: dict[str, Any], name: str) -> dict[str, Any]:
    if name not in namespace:
        return {"missing": True}
    value = namespace[name]
    if callable(value) and not isinstance(value, type):
        return {"callable": True}
    try:
        return {"value": encode(value)}
    except Unplain as exc:
        return {"unplain": str(exc)}


def _run(shell: Any, source: str) -> dict[str, Any]:
    result = shell.run_cell(source, store_history=False, silent=False)
    error = result.error_before_exec or result.error_in_exec
    if error is None:
        return {"status": "ok"}
    return {"status": "error", "ename": _exception_name(error)}


def main() -> None:
    """Serve the grader's requests until it closes the connection."""
    requests, replies = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.environ.setdefault("MPLBACKEND", "Agg")
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="nocolor")
    shell.showtraceback = lambda *args, **kwargs: None  # type: ignore[method-assign]  # nobody reads it
    write_frame(replies, {"ready": True})
    while True:
        try:
            message = read_frame(requests)
        except Exception:
            return
        op = message.get("op")
        try:
            if op == "run":
                reply = _run(shell, str(message.get("source", "")))
            elif op == "get":
                reply = _get(shell.user_ns, str(message.get("name")))
            elif op == "call":
                reply = _call(shell.user_ns, message)
            else:
                return
        except BaseException as exc:  # a request the submission's state made fail
            reply = {"failed": _exception_name(exc)}
        try:
            write_frame(replies, reply)
        except Unplain:
            write_frame(replies, {"unplain": "too large"})


if __name__ == "__main__":
    main()
    sys.exit(0)
