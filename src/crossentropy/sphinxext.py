"""``crossentropy.sphinxext``: the explorers' Sphinx extension, :mod:`crossentropy.book.sphinxext`.

Kept so that configurations that list ``crossentropy.sphinxext`` keep
building: :func:`setup` loads the extension under its new name, and every
other attribute (such as ``ExplorerMimeRenderer``, for the entry point of an
older install) is looked up in the new modules on first use (PEP 562).
"""

from typing import Any

from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Load :mod:`crossentropy.book.sphinxext`."""
    app.setup_extension("crossentropy.book.sphinxext")
    import crossentropy

    return {
        "version": crossentropy.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def __getattr__(name: str) -> Any:
    from crossentropy.book.sphinxext import assets, frames, nodes, render, transforms

    for module in (render, frames, nodes, transforms, assets):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
