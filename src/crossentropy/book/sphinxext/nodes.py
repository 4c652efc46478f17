"""The explorer node and its HTML: a vector figure per layout, a labelled slider per control.

The node (:class:`explorer`) holds the explorer's spec, title, controls and its
vector rendering in every layout (see :mod:`crossentropy.book.vector`) in its
attributes, and a few PNG frames as :class:`docutils.nodes.image` children for
the builders that print it (see :mod:`~crossentropy.book.sphinxext.transforms`).
:func:`visit_explorer_html` writes it as a ``<figure>``: an inline ``<svg>`` per
layout (the fixed part and the initial position), the controls, and a small JSON
block naming each layout's payload, a script under ``_explorers/`` that the page's
script (:mod:`~crossentropy.book.sphinxext.assets`) loads once.
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes

__all__ = ["DATA_DIR", "data_script", "explorer", "skip", "visit_explorer_html"]

#: The folder of the site that holds the explorers' payloads.
DATA_DIR = "_explorers"


class explorer(nodes.General, nodes.Element):
    """An explorer: its spec and vector rendering in attributes, a few PNG frames as children.

    Examples
    --------
    >>> node = explorer(title="Surprisal of an event")
    >>> node["title"]
    'Surprisal of an event'
    """


def data_script(ident: str, payload: dict[str, Any]) -> str:
    """The script that hands a layout's payload to the page: one call, no global state.

    Examples
    --------
    >>> print(data_script("surprisal-0123-wide", {"frames": "H4sI", "images": []}), end="")
    crossentropyExplorerData("surprisal-0123-wide", {"frames": "H4sI", "images": []});
    """
    return f"crossentropyExplorerData({json.dumps(ident)}, {json.dumps(payload)});\n"


def _write_payload(translator: Any, ident: str, payload: dict[str, Any]) -> str:
    """Write the payload's script into the site (once per content); return its URI from the page."""
    folder = Path(translator.builder.outdir) / DATA_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{ident}.js"
    content = data_script(ident, payload)
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        path.write_text(content, encoding="utf-8")
    # imgpath is the page's relative path to _images/; _explorers/ is its sibling.
    root = posixpath.dirname(translator.builder.imgpath)
    return posixpath.join(root, DATA_DIR, path.name)


def visit_explorer_html(translator: Any, node: explorer) -> None:
    """Write the figure, its controls and where its payloads are (no child is visited)."""
    ident = f"ce-explorer-{translator.document.settings.env.new_serialno('ce-explorer')}"
    esc = html.escape
    alt = esc(node["alt"])
    sources = {}
    figures = []
    for layout in node["layouts"]:
        name = layout["name"]
        payload_id = f"{node['spec']['explorer']}-{node['key']}-{name}"
        sources[name] = _write_payload(translator, payload_id, layout["payload"])
        figures.append(
            f'<svg class="ce-explorer-frame" data-layout="{name}" role="img" aria-label="{alt}" '
            f'viewBox="{layout["viewbox"]}" width="{100 * layout["width"]:g}" '
            f'height="{100 * layout["height"]:g}" xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink">'
            f'{layout["body"]}<g class="ce-explorer-moving">{layout["moving"]}</g></svg>'
        )
    data = {"controls": node["controls"], "initial": node["initial"], "sources": sources}
    payload = json.dumps(data).replace("</", "<\\/")
    parts = [
        f'<figure class="ce-explorer" id="{ident}" aria-label="{esc(node["title"])}" '
        f'data-ce-explorer="{esc(node["spec"]["explorer"])}" data-frame="{node["initial"]}">',
        '<div class="ce-explorer-figure">',
        *figures,
        "</div>",
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
