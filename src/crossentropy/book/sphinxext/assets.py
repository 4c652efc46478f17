"""The explorer's script and stylesheet: served from ``_static``, loaded only where needed.

Jupyter Book 1 adds every ``.js`` file of the book's own ``_static`` folder to
every page; these assets live in this package instead, and
:func:`add_page_assets` adds them only to the pages that have an explorer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from crossentropy.book.sphinxext.nodes import explorer

__all__ = ["CSS_FILE", "JS_FILE", "STATIC_DIR", "add_page_assets", "add_static_path"]

#: The folder of the explorer's script and stylesheet (package data).
STATIC_DIR = Path(__file__).parent / "static"
#: The script that swaps an explorer's frames as its slider moves.
JS_FILE = "crossentropy-explorer.js"
#: The explorer's stylesheet.
CSS_FILE = "crossentropy-explorer.css"


def add_static_path(app: Sphinx, config: Config) -> None:
    """Serve :data:`STATIC_DIR` from the site's ``_static`` (on ``config-inited``)."""
    config.html_static_path.append(str(STATIC_DIR))


def add_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load the explorer script and style only on pages that have an explorer."""
    if doctree is not None and any(True for _ in doctree.findall(explorer)):
        app.add_js_file(JS_FILE)
        app.add_css_file(CSS_FILE)
