"""Explorers in the static book: a myst-nb MIME renderer and the Sphinx extension it needs.

How a notebook output of type :data:`crossentropy.book.explorers.MIME_TYPE`
becomes a working slider in the HTML book, with no kernel and no network:

1. :class:`~crossentropy.book.sphinxext.render.ExplorerMimeRenderer`
   (module :mod:`~crossentropy.book.sphinxext.render`), registered with myst-nb
   through the entry point group ``myst_nb.mime_renderers``, takes the output's
   JSON spec while the notebook is parsed and rebuilds the explorer with
   :meth:`~crossentropy.book.explorers.Explorer.from_spec`;
   :mod:`~crossentropy.book.sphinxext.frames` renders one PNG frame per slider
   position with the library's own plotting code, next to myst-nb's other
   output images, named by a digest of the spec and of everything the frames
   depend on, so an unchanged explorer is not rendered twice.
2. The renderer returns an :class:`~crossentropy.book.sphinxext.nodes.explorer`
   node holding one image node per frame, so that Sphinx copies the frames
   into ``_images/`` like any other image.
3. In HTML (:mod:`~crossentropy.book.sphinxext.nodes`), the node becomes a
   ``<figure>`` with the first frame, a labelled ``<input type="range">`` per
   control, a value readout, and the list of frames;
   ``crossentropy-explorer.js`` (:mod:`~crossentropy.book.sphinxext.assets`:
   served from ``_static``, added only to pages that have an explorer) swaps
   the frame as the slider moves. For other builders (LaTeX, text),
   :mod:`~crossentropy.book.sphinxext.transforms` puts a row of a few frames
   in its place.

Enable it in ``_config.yml`` (``crossentropy.sphinxext``, the name used
before the book layer had its own package, loads this extension too)::

    sphinx:
      extra_extensions: [crossentropy.book.sphinxext]

Configuration: ``crossentropy_explorer_strip_frames`` (default 4), how many
frames builders other than HTML show side by side.

Needs the ``sphinx`` extra: ``pip install "crossentropy[sphinx]"``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

import crossentropy
from crossentropy.book.sphinxext import assets, nodes, transforms

__all__ = ["setup"]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the explorer node, its renderings, its configuration and its static assets."""
    app.add_config_value(
        transforms.CONFIG_STRIP_FRAMES, transforms.STRIP_FRAMES, "env", types=[int]
    )
    app.add_node(
        nodes.explorer,
        html=(nodes.visit_explorer_html, None),
        latex=(nodes.skip, None),
        text=(nodes.skip, None),
        man=(nodes.skip, None),
        texinfo=(nodes.skip, None),
    )
    app.add_post_transform(transforms.ExplorerStrip)
    app.connect("config-inited", assets.add_static_path)
    app.connect("html-page-context", assets.add_page_assets)
    return {
        "version": crossentropy.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
