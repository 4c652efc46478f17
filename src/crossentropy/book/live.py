"""An explorer live in Jupyter: sliders that switch frames in the page itself.

A key press on a slider that has to reach the kernel, be redrawn there and come
back as a new image takes 40 to 80 ms in JupyterLab, most of it the round trip.
So the live explorer keeps its frames *in the page*: one
:class:`ipywidgets.Image` per slider position, held in nested
:class:`ipywidgets.Stack` widgets (one level per control), and each slider's
position is linked to its level's ``selected_index`` with
:func:`ipywidgets.jslink`, in the browser. Moving a slider to a position whose
frame is there needs no kernel at all.

Frames are drawn by the kernel, with the explorer's own view (update the moving
artists, draw, PNG):

* the starting frame when the explorer is displayed;
* any other frame the first time a slider reaches it, if it is not there yet;
* after the first move, every remaining frame, in a background thread, the
  nearest to the current position first (about 25 to 50 ms each, encoded to
  about a quarter of the size of a frame drawn while a reader waits).

The frames sit in a box of the frame's size that clips its overflow, so that the
browser lays out only that box when a frame is switched, not the whole notebook.

Nothing is drawn in the background before a reader touches a slider, so running
a notebook without a reader (nbclient, nbval, the book build) costs one frame per
explorer, as before. A position not drawn yet shows a blank frame of the same
size until its frame arrives.

Examples
--------
>>> import crossentropy as ce
>>> box = widget(ce.explorers.surprisal(p=0.25))
>>> [type(child).__name__ for child in box.children]
['SelectionSlider', 'Stack']
>>> len(box.children[1].children)  # one frame per position of the slider
100
"""

from __future__ import annotations

import struct
import threading
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from crossentropy.book.explorers import Explorer

__all__ = ["widget"]


class _Frames:
    """The explorer's frames as Image widgets, drawn on demand or in the background."""

    def __init__(self, explorer: Explorer, images: list[Any], blank: bytes) -> None:
        self.explorer = explorer
        self.images = images
        self.blank = blank
        self.grid = explorer.grid()
        self.drawn = [False] * len(images)
        self.lock = threading.Lock()  # each frame drawn once
        self.filling: threading.Thread | None = None

    def draw(self, index: int, *, fast: bool = True) -> None:
        """Draw frame ``index`` into its image, unless it is there already.

        ``fast`` encodes for speed (a reader is waiting); otherwise the PNG is about
        four times smaller, for about a third more time (frames drawn ahead of a reader).
        """
        with self.lock:
            if self.drawn[index]:
                return
            png = self.explorer.render(self.grid[index], fast=fast)
            self.drawn[index] = True
        self.images[index].value = png

    def fill_from(self, index: int) -> None:
        """Start drawing every frame not drawn yet, nearest to ``index`` first."""
        if self.filling is not None:
            return
        sizes = [len(c.values()) for c in self.explorer.controls]
        here = np.array(np.unravel_index(index, sizes))
        positions = np.array(np.unravel_index(np.arange(len(self.images)), sizes))
        order = np.argsort(np.abs(positions - here[:, None]).sum(axis=0), kind="stable")

        def fill() -> None:
            for i in order:
                self.draw(int(i), fast=False)

        self.filling = threading.Thread(target=fill, name="explorer-frames", daemon=True)
        self.filling.start()


def widget(explorer: Explorer) -> Any:
    """The live explorer: a labelled slider per control over the frames, as a ``VBox``."""
    import ipywidgets as widgets

    from crossentropy.book.explorers import _png

    controls = explorer.controls
    sizes = [len(c.values()) for c in controls]
    start = [c.index(explorer.values[c.name]) for c in controls]
    first = explorer.render(fast=True)
    width, height = struct.unpack(">II", first[16:24])  # from the PNG's header
    blank = _png(np.full((height, width, 4), 255, np.uint8), fast=True)  # not drawn yet
    images = [
        widgets.Image(value=blank, format="png", layout=widgets.Layout(max_width="100%"))
        for _ in range(int(np.prod(sizes)))
    ]
    frames = _Frames(explorer, images, blank)
    initial = int(np.ravel_multi_index(start, sizes))
    images[initial].value = first
    frames.drawn[initial] = True

    sliders = [
        widgets.SelectionSlider(
            options=[(c.show(v), i) for i, v in enumerate(c.values())],
            value=start[k],
            description=c.label,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 36em)"),
        )
        for k, c in enumerate(controls)
    ]

    # Nested stacks: level k picks the position of control k.
    links: list[Any] = []

    def stack(level: int, prefix: tuple[int, ...]) -> Any:
        if level == len(controls) - 1:
            children = [
                images[int(np.ravel_multi_index((*prefix, i), sizes))] for i in range(sizes[level])
            ]
        else:
            children = [stack(level + 1, (*prefix, i)) for i in range(sizes[level])]
        box = widgets.Stack(children=children, selected_index=start[level])
        links.append(widgets.jslink((sliders[level], "index"), (box, "selected_index")))
        return box

    frames_box = stack(0, ())
    frames_box.add_class("ce-explorer-frames")
    # A box of fixed size that clips its overflow is a layout boundary for the browser: a
    # switch of frames inside it re-lays out the box only, not the whole notebook (in a long
    # chapter, a switch went from 34-38 ms to 22-23 ms from key press to new image).
    frames_box.layout = widgets.Layout(
        width=f"{width}px", height=f"{height}px", max_width="100%", overflow="hidden"
    )

    def moved(_change: Any) -> None:
        positions = [s.index for s in sliders]
        explorer.values = {c.name: c.values()[i] for c, i in zip(controls, positions, strict=True)}
        index = int(np.ravel_multi_index(positions, sizes))
        frames.draw(index)
        frames.fill_from(index)

    for slider in sliders:
        slider.observe(moved, names="index")
    box = widgets.VBox([*sliders, frames_box])
    box.add_class("ce-explorer-live")
    box.frames, box.links = frames, links  # for tests and the curious
    return box
