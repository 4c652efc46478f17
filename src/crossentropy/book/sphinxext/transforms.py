"""Explorers for builders other than HTML (LaTeX, text): labelled small multiples.

A printed page cannot move a slider, so :class:`ExplorerStrip` replaces each
explorer node by a table: for each control, a row of
``crossentropy_explorer_strip_frames`` of its frames (evenly spread over that
control's range, the others at their initial positions), each labelled with the
control's value, and the explorer's title below. In HTML, where the explorer is
drawn as vectors, it drops those PNG frames instead, so that they are not copied
into the site.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from crossentropy.book.sphinxext.nodes import explorer

__all__ = ["CONFIG_STRIP_FRAMES", "STRIP_FRAMES", "ExplorerStrip", "strip_picks", "strip_rows"]

#: The configuration value: how many frames builders other than HTML show.
CONFIG_STRIP_FRAMES = "crossentropy_explorer_strip_frames"

#: Its default.
STRIP_FRAMES = 4


def strip_picks(n: int, count: int) -> list[int]:
    """``count`` frame indices out of ``n``, evenly spread, first and last included.

    Examples
    --------
    >>> strip_picks(100, 4)
    [0, 33, 66, 99]
    >>> strip_picks(2, 4)
    [0, 1]
    """
    count = min(count, n)
    return sorted({round(i * (n - 1) / max(count - 1, 1)) for i in range(count)})


def strip_rows(controls: list[dict[str, Any]], count: int) -> list[list[tuple[int, str]]]:
    """Small multiples for a page: one row per control, as ``(frame, label)`` pairs.

    Row ``k`` moves control ``k`` over ``count`` evenly spread positions (first and
    last included) and holds every other control at its initial position; the
    label gives the moving control's value. Frames are numbered as in
    :meth:`~crossentropy.book.explorers.Explorer.grid` (the last control varying
    fastest).

    Examples
    --------
    >>> controls = [
    ...     {"label": "T", "shown": ["1", "2", "3"], "initial": 0},
    ...     {"label": "N", "shown": ["8", "16"], "initial": 1},
    ... ]
    >>> strip_rows(controls, 4)
    [[(1, 'T = 1'), (3, 'T = 2'), (5, 'T = 3')], [(0, 'N = 8'), (1, 'N = 16')]]
    """
    sizes = [len(c["shown"]) for c in controls]
    rows = []
    for k, control in enumerate(controls):
        row = []
        for position in strip_picks(sizes[k], count):
            index = 0
            for j, other in enumerate(controls):
                index = index * sizes[j] + (position if j == k else other["initial"])
            row.append((index, f"{control['label']} = {control['shown'][position]}"))
        rows.append(row)
    return rows


class ExplorerStrip(SphinxPostTransform):
    """For builders other than HTML: rows of a few frames, as labelled small multiples."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        """Replace every explorer node of the document by its table of frames."""
        if self.app.builder.format == "html":
            for node in self.document.findall(explorer):
                node.children = []  # the HTML figure is vector; its PNG frames stay out
            return
        count = getattr(self.config, CONFIG_STRIP_FRAMES)
        for node in list(self.document.findall(explorer)):
            images = dict(zip(node["strip"], node.findall(nodes.image), strict=True))
            rows = strip_rows(node["controls"], count)
            columns = max(len(row) for row in rows)
            table = nodes.table(classes=["ce-explorer-strip", "borderless"])
            table["colwidths-given"] = True
            group = nodes.tgroup(cols=columns)
            table += group
            group += [nodes.colspec(colwidth=1) for _ in range(columns)]
            body = nodes.tbody()
            group += body
            for row in rows:
                line = nodes.row()
                for index, label in row:
                    image = images[index].deepcopy()
                    image["width"] = "100%"
                    line += nodes.entry("", image, nodes.paragraph(text=label))
                line += [nodes.entry() for _ in range(columns - len(row))]
                body += line
            strip = nodes.container(classes=["ce-explorer-strip"])
            strip += table
            strip += nodes.paragraph(text=f"{node['title']} (frames of an interactive figure)")
            node.replace_self(strip)
