"""Explorers for builders other than HTML (LaTeX, text): a row of a few frames.

A printed page cannot move a slider, so :class:`ExplorerStrip` replaces each
explorer node by ``crossentropy_explorer_strip_frames`` of its frames (evenly
spread over the slider's range) side by side, with the explorer's title below.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from crossentropy.book.sphinxext.nodes import explorer

__all__ = ["CONFIG_STRIP_FRAMES", "STRIP_FRAMES", "ExplorerStrip", "strip_picks"]

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


class ExplorerStrip(SphinxPostTransform):
    """For builders other than HTML: a row of a few frames, as small multiples."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        """Replace every explorer node of the document by its strip of frames."""
        if self.app.builder.format == "html":
            return
        count = getattr(self.config, CONFIG_STRIP_FRAMES)
        for node in list(self.document.findall(explorer)):
            images = list(node.findall(nodes.image))
            picks = strip_picks(len(images), count)
            strip = nodes.container(classes=["ce-explorer-strip"])
            row = nodes.paragraph()  # inline images: side by side
            for i in picks:
                image = images[i].deepcopy()
                image["width"] = f"{96 // len(picks)}%"
                row += image
            strip += row
            strip += nodes.paragraph(text=f"{node['title']} (frames of an interactive figure)")
            node.replace_self(strip)
