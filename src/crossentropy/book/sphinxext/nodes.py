"""The explorer node and its HTML: a figure, a labelled slider per control, the frame list.

The node (:class:`explorer`) holds one :class:`docutils.nodes.image` child per
frame, so that Sphinx collects and copies the frames like any other image, and
the explorer's spec, title, controls and alt texts in its attributes.
:func:`visit_explorer_html` writes it as a ``<figure>``; the script of
:mod:`~crossentropy.book.sphinxext.assets` makes its sliders swap the frames.
"""

from __future__ import annotations

import html
import json
import posixpath
import urllib.parse
from typing import Any

from docutils import nodes

__all__ = ["explorer", "skip", "visit_explorer_html"]


class explorer(nodes.General, nodes.Element):
    """An explorer: one image child per frame, and its spec in attributes.

    Examples
    --------
    >>> node = explorer(title="Surprisal of an event")
    >>> node["title"]
    'Surprisal of an event'
    """


def _image_uri(translator: Any, image: nodes.image) -> str:
    """Where the HTML page finds ``image``, once the builder has copied it."""
    uri = image["uri"]
    if uri in translator.builder.images:
        uri = posixpath.join(
            translator.builder.imgpath, urllib.parse.quote(translator.builder.images[uri])
        )
    return uri


def visit_explorer_html(translator: Any, node: explorer) -> None:
    """Write the figure, its controls and its frame list (the frames are not visited)."""
    images = list(node.findall(nodes.image))
    frames = [_image_uri(translator, image) for image in images]
    initial = node["initial"]
    ident = f"ce-explorer-{translator.document.settings.env.new_serialno('ce-explorer')}"
    data = {"frames": frames, "alts": node["alts"], "controls": node["controls"]}
    payload = json.dumps(data).replace("</", "<\\/")
    esc = html.escape
    parts = [
        f'<figure class="ce-explorer" id="{ident}" aria-label="{esc(node["title"])}" '
        f'data-ce-explorer="{esc(node["spec"]["explorer"])}" data-frame="{initial}">',
        f'<img class="ce-explorer-frame" src="{esc(frames[initial])}" '
        f'alt="{esc(node["alts"][initial])}" decoding="async">',
        '<div class="ce-explorer-controls">',
    ]
    for k, control in enumerate(node["controls"]):
        cid = f"{ident}-{k}"
        i = control["initial"]
        parts.append(
            '<div class="ce-explorer-control">'
            f'<label for="{cid}">{esc(control["label"])}</label>'
            f'<input type="range" class="ce-explorer-range" id="{cid}" min="0" '
            f'max="{len(control["values"]) - 1}" step="1" value="{i}" '
            f'aria-valuetext="{esc(control["label"])} = {esc(control["shown"][i])}">'
            f'<output class="ce-explorer-value" for="{cid}">{esc(control["shown"][i])}</output>'
            "</div>"
        )
    parts.append("</div>")
    parts.append(f'<script type="application/json" class="ce-explorer-data">{payload}</script>')
    parts.append("</figure>")
    translator.body.append("".join(parts))
    raise nodes.SkipNode


def skip(translator: Any, node: nodes.Node) -> None:
    """Write nothing (other builders get a strip of frames instead; see ``transforms``)."""
    raise nodes.SkipNode
