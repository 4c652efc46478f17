"""The book's own site policy: what this site wants that is no business of the library.

Loaded from ``_config.yml`` as a local extension (Jupyter Book puts this folder
on Sphinx's path)::

    sphinx:
      local_extensions:
        site_policy: book/_ext

It exists because the published book is a folder of files that must work
offline, from disk, and never load anything from another host. Two things in
Jupyter Book 1's default stack work against that, and neither is about
explorers, so they live here rather than in :mod:`crossentropy.book.sphinxext`:

* sphinx-thebe, always loaded by Jupyter Book 1, puts a script naming
  ``https://unpkg.com/thebe@.../lib/index.js`` and a Binder configuration on
  every page (:func:`switch_off_thebe`);
* Chromium refuses web fonts loaded from ``file://`` pages (CORS), so a theme
  that draws its icons with a font loses them when the book is opened from
  disk (:func:`inline_web_fonts`).

A third is about screen readers: docutils marks each bibliography entry with
the ARIA role ``doc-biblioentry``, which WAI-ARIA 1.3 deprecates, inside a
``role="list"`` that then has no list items (axe-core: a critical
``aria-required-children`` failure). :func:`fix_bibliography_roles` makes the
entries list items.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

_FONT_URL = re.compile(r"url\((['\"]?)([^'\")]+\.(woff2|woff))\1\)")
_FONT_PRELOAD = re.compile(r'<link rel="preload" as="font"[^>]*>\s*')


def switch_off_thebe(app: Sphinx, config: Config) -> None:
    """Stop sphinx-thebe from adding anything to the pages.

    The book runs no kernel and must not name scripts on other hosts, so
    sphinx-thebe's listeners (except the one that sets its defaults, which
    other extensions read) are disconnected and its stylesheet unregistered.
    """
    for event, listeners in app.events.listeners.items():
        for listener in list(listeners):
            if (
                getattr(listener.handler, "__module__", "") == "sphinx_thebe"
                and event != "builder-inited"
            ):
                app.disconnect(listener.id)
    app.registry.css_files[:] = [
        (name, attributes)
        for name, attributes in app.registry.css_files
        if "thebe" not in str(name)
    ]


def inline_web_fonts(static_dir: Path) -> int:
    """Embed the web fonts that stylesheets under ``static_dir`` load, as ``data:`` URLs.

    Themes that load their icons as fonts (pydata-sphinx-theme before 0.16)
    get them embedded; other stylesheets, and fonts on other hosts, are left
    alone. Returns the number of fonts embedded (0 when run again).
    """
    embedded = 0
    for css in static_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="surrogateescape")

        def embed(match: re.Match[str], folder: Path = css.parent) -> str:
            nonlocal embedded
            font = (folder / match.group(2)).resolve()
            if match.group(2).startswith(("data:", "http:", "https:", "//")) or not font.is_file():
                return match.group(0)
            embedded += 1
            data = base64.b64encode(font.read_bytes()).decode("ascii")
            return f"url(data:font/{match.group(3)};base64,{data})"

        new = _FONT_URL.sub(embed, text)
        if new != text:
            css.write_text(new, encoding="utf-8", errors="surrogateescape")
    return embedded


def embed_theme_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Embed the theme's icon fonts; drop the pages' preload hints for them, now unused."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if inline_web_fonts(outdir / "_static"):
        for page in outdir.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            if 'as="font"' in text:
                page.write_text(_FONT_PRELOAD.sub("", text), encoding="utf-8")


_BIBLIOENTRY = 'role="doc-biblioentry"'


def fix_bibliography_roles(app: Sphinx, exception: Exception | None) -> None:
    """Give the bibliography's entries the role ``listitem`` of the list they are in."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if _BIBLIOENTRY in text:
            page.write_text(text.replace(_BIBLIOENTRY, 'role="listitem"'), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the site's policies to the build."""
    app.connect("config-inited", switch_off_thebe)
    app.connect("build-finished", embed_theme_fonts)
    app.connect("build-finished", fix_bibliography_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
