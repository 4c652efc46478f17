"""The building blocks of the book's figures: the :class:`View` protocol and small helpers.

A *view* owns a matplotlib :class:`~matplotlib.figure.Figure`: its
constructor draws everything (axes, fixed curves, and the artists that move),
and :meth:`View.update` moves those artists to new parameter values with
``set_data``, ``set_height`` and ``set_text``, so a redraw never rebuilds the
figure. Axis limits are fixed at construction, so that the picture does not
jump while a reader drags a slider, and so that updating to some values draws
exactly what building at those values draws.

Views are what :mod:`crossentropy.book.explorers` animates; chapters can also use
them directly for a still figure::

    fig = new_figure(SurprisalCurve.figsize)
    SurprisalCurve(fig, base=2).update(p=0.25)
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from crossentropy.book.style import COLORS, RC

__all__ = [
    "View",
    "guide_line",
    "log_label",
    "moving_point",
    "new_figure",
    "readout",
    "set_bar_heights",
    "unit_name",
]


def unit_name(base: float | None) -> str:
    """The name of the unit of information for a logarithm ``base``.

    Examples
    --------
    >>> unit_name(2), unit_name(None), unit_name(10)
    ('bits', 'nats', 'hartleys')
    """
    if base is None or base == math.e:
        return "nats"
    if base == 2:
        return "bits"
    if base == 10:
        return "hartleys"
    return f"base-{base:g} units"


def log_label(base: float | None) -> str:
    """The logarithm as written in axis labels: ``log₂``, ``ln`` or ``log₁₀``.

    Examples
    --------
    >>> log_label(2), log_label(None)
    ('log₂', 'ln')
    """
    if base is None or base == math.e:
        return "ln"
    subscripts = str.maketrans("0123456789.", "₀₁₂₃₄₅₆₇₈₉.")
    return "log" + f"{base:g}".translate(subscripts)


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A figure in the book's style, not managed by pyplot (no global state).

    Examples
    --------
    >>> fig = new_figure((4, 3))
    >>> fig.get_size_inches().tolist()
    [4.0, 3.0]
    """
    with mpl.rc_context(RC):
        fig = Figure(figsize=figsize, dpi=RC["figure.dpi"], layout="constrained")
    return fig


class View:
    """A figure drawn once, whose moving parts :meth:`update` sets.

    Subclasses implement :meth:`draw` (called once, inside the book's style),
    :meth:`update` and :meth:`alt_text`. The keyword arguments of the
    constructor are passed to :meth:`draw`.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into (see :func:`new_figure`).
    **args
        The view's fixed arguments, passed to :meth:`draw`.
    """

    #: Default size of the figure in inches (width, height).
    figsize: ClassVar[tuple[float, float]] = (6.4, 3.6)

    #: The artists (and bar containers) that :meth:`update` changes, set by
    #: :meth:`draw`. Everything else is drawn once, as a background.
    moving: list[Any]

    def __init__(self, fig: Figure, **args: Any) -> None:
        self.fig = fig
        self.moving = []
        with mpl.rc_context(RC):
            self.draw(**args)

    # Each view names its own parameters; with ``*args: Any, **kwargs: Any`` here, a
    # type checker accepts any signature for them in a subclass.
    def draw(self, *args: Any, **kwargs: Any) -> None:
        """Create the axes, the fixed artists and the artists that move (in :attr:`moving`)."""
        raise NotImplementedError

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Move the figure's artists to new parameter values (keyword arguments)."""
        raise NotImplementedError

    def alt_text(self, *args: Any, **kwargs: Any) -> str:
        """A sentence describing the figure at some parameter values, for screen readers."""
        raise NotImplementedError


def readout(ax: Axes, x: float = 0.97, y: float = 0.95, ha: str = "right", **kwargs: Any) -> Text:
    """An empty text in axes coordinates, for values that change with the controls."""
    style: dict[str, Any] = {
        "fontsize": 11,
        "color": COLORS["text"],
        "linespacing": 1.45,
        "va": "top",
    }
    return ax.text(x, y, "", transform=ax.transAxes, ha=ha, **(style | kwargs))


def guide_line(ax: Axes) -> Line2D:
    """An empty dashed grey line, for guides that follow a moving point."""
    (line,) = ax.plot([], [], color=COLORS["guide"], lw=1, ls="--")
    return line


def moving_point(ax: Axes, color: str, size: float = 9) -> Line2D:
    """An empty round marker with a white edge, for the point being explored."""
    (point,) = ax.plot([], [], "o", ms=size, color=color, mec="white", mew=1.5, zorder=5)
    return point


def set_bar_heights(bars: BarContainer, heights: Any) -> None:
    """Set the heights of a bar container's bars (negative heights go down)."""
    for bar, height in zip(bars.patches, np.asarray(heights, dtype=float), strict=True):
        bar.set_height(height)
