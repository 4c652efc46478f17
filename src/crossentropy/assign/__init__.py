"""``crossentropy.assign``: the course-assignment tools, :mod:`crossentropy.book.assign`.

This package keeps the old import paths and ``python -m crossentropy.assign``
working; the code lives in the book layer. Its modules ``notebooks`` and
``grader`` forward to :mod:`crossentropy.book.assign.notebooks` and
:mod:`crossentropy.book.assign.grader`.
"""

from typing import Any

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    from crossentropy.book import assign

    return getattr(assign, name)


def __dir__() -> list[str]:
    from crossentropy.book import assign

    return dir(assign)
