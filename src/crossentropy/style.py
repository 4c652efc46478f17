"""The former path of :mod:`crossentropy.book.style`, kept working.

``crossentropy.style`` was this module's name before the book layer had its own
package. Every attribute is looked up in :mod:`crossentropy.book.style`,
which is imported on first use (PEP 562), so code written against the old path keeps working.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from crossentropy.book import style as module

    return getattr(module, name)


def __dir__() -> list[str]:
    from crossentropy.book import style as module

    return dir(module)
