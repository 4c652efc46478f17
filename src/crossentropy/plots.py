"""The book's figures, each built once and then updated in place.

A *view* owns a matplotlib :class:`~matplotlib.figure.Figure`: its
constructor draws everything (axes, fixed curves, and the artists that move),
and :meth:`View.update` moves those artists to new parameter values with
``set_data``, ``set_height`` and ``set_text``, so a redraw never rebuilds the
figure. Axis limits are fixed at construction, so that the picture does not
jump while a reader drags a slider, and so that updating to some values draws
exactly what building at those values draws.

Views are what :mod:`crossentropy.explorers` animates; chapters can also use
them directly for a still figure::

    fig = matplotlib.figure.Figure(figsize=SurprisalCurve.figsize)
    SurprisalCurve(fig, base=2).update(p=0.25)
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from crossentropy.measures import surprisal
from crossentropy.style import COLORS, RC

__all__ = ["SurprisalCurve", "View", "log_label", "new_figure", "unit_name"]


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

    def __init__(self, fig: Figure, **args: Any) -> None:
        self.fig = fig
        with mpl.rc_context(RC):
            self.draw(**args)

    def draw(self, **args: Any) -> None:
        """Create the axes, the fixed artists and the artists that move."""
        raise NotImplementedError

    def update(self, **params: Any) -> None:
        """Move the figure's artists to the parameter values ``params``."""
        raise NotImplementedError

    def alt_text(self, **params: Any) -> str:
        """A sentence describing the figure at ``params``, for screen readers."""
        raise NotImplementedError


class SurprisalCurve(View):
    r"""The surprisal curve :math:`-\log p`, with a movable point at probability ``p``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    base : float, optional
        Logarithm base of the vertical axis (default 2: bits).

    Examples
    --------
    >>> view = SurprisalCurve(new_figure(SurprisalCurve.figsize), base=2)
    >>> view.update(p=0.25)
    >>> view.readout.get_text().splitlines()[1]
    'surprisal = 2.00 bits'
    """

    figsize = (6.4, 3.6)

    def draw(self, base: float | None = 2) -> None:
        """Draw the curve, the axes and the (empty) point and guides."""
        self.base = base
        unit = unit_name(base)
        ax = self.fig.add_subplot()
        self.ax = ax
        grid = np.linspace(0.004, 1, 400)
        ax.plot(grid, surprisal(grid, base=base), color=COLORS["loss"], lw=2.2)
        top = float(surprisal(0.01, base=base)) * 1.08
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, top)
        ax.set_xlabel("probability p of the event")
        ax.set_ylabel(f"surprisal  −{log_label(base)} p  ({unit})")
        guide = {"color": COLORS["guide"], "lw": 1, "ls": "--"}
        (self.vline,) = ax.plot([], [], **guide)
        (self.hline,) = ax.plot([], [], **guide)
        (self.point,) = ax.plot([], [], "o", ms=9, color=COLORS["loss"], mec="white", mew=1.5)
        self.readout = ax.text(
            0.97,
            0.95,
            "",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=12,
            color=COLORS["text"],
            linespacing=1.5,
        )
        self.unit = unit

    def update(self, p: float) -> None:
        """Move the point to probability ``p``."""
        s = float(surprisal(p, base=self.base))
        self.vline.set_data([p, p], [0, s])
        self.hline.set_data([0, p], [s, s])
        self.point.set_data([p], [s])
        lines = [f"p = {p:.2f}", f"surprisal = {s:.2f} {self.unit}"]
        if self.base == 2:
            lines.append(f"as surprising as {s:.2f} fair coins all landing heads")
        self.readout.set_text("\n".join(lines))

    def alt_text(self, p: float) -> str:
        """Describe the curve and the point at ``p``."""
        s = float(surprisal(p, base=self.base))
        return (
            f"The surprisal curve, falling from large values near probability 0 to zero at "
            f"probability 1, with the point p = {p:.2f} marked at {s:.2f} {self.unit}."
        )
