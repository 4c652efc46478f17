r"""Views of two variables: the entropy diagram, and a noisy channel.

The *entropy diagram* draws the entropies of a pair of variables as intervals
on one axis, after MacKay (2003, fig. 8.1): :math:`H(p_{XY})` on top, under it
:math:`H(p_X)` from the left and :math:`H(p_Y)` from the right, and the bottom
row split into :math:`H(X \mid Y)`, :math:`I(X; Y)` (where the two overlap) and
:math:`H(Y \mid X)`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from crossentropy.book.plots._base import View, moving_point, readout, unit_name
from crossentropy.book.style import COLORS
from crossentropy.joint import conditional_entropy, joint_entropy, mutual_information
from crossentropy.measures import binary_entropy, entropy

__all__ = ["BinaryChannel", "EntropyDiagram", "binary_channel_table", "coupled_table"]


def coupled_table(px: ArrayLike, py: ArrayLike) -> np.ndarray:
    r"""The joint table with marginals ``px`` and ``py`` that pairs them in order.

    Filled by the north-west corner rule: the first outcome of :math:`X` takes
    the first outcomes of :math:`Y` until its probability is used up, and so on,
    so that a larger :math:`X` never goes with a smaller :math:`Y` (the
    *comonotone* coupling).

    Examples
    --------
    >>> coupled_table([0.5, 0.5], [0.25, 0.75]).tolist()
    [[0.25, 0.25], [0.0, 0.5]]
    """
    left_x = np.asarray(px, dtype=float).copy()
    left_y = np.asarray(py, dtype=float).copy()
    table = np.zeros((left_x.size, left_y.size))
    i = j = 0
    while i < left_x.size and j < left_y.size:
        mass = min(left_x[i], left_y[j])
        table[i, j] += mass
        left_x[i] -= mass
        left_y[j] -= mass
        if left_x[i] <= 1e-15:
            i += 1
        else:
            j += 1
    return table / table.sum()


def binary_channel_table(pi: float, eps: float) -> np.ndarray:
    r"""The joint table of a binary symmetric channel's input and output.

    The input :math:`X` is 1 with probability ``pi``; the channel flips it with
    probability ``eps``.

    Examples
    --------
    >>> binary_channel_table(0.5, 0.1).tolist()
    [[0.45, 0.05], [0.05, 0.45]]
    """
    px = np.array([1 - pi, pi])
    flip = np.array([[1 - eps, eps], [eps, 1 - eps]])
    return px[:, None] * flip


class _Diagram:
    """The entropy diagram on one axes: four rows of intervals, moved by :meth:`set`."""

    ROWS = (r"$H(p_{XY})$", r"$H(p_X)$", r"$H(p_Y)$", "")

    def __init__(self, ax: Axes, width: float, unit: str) -> None:
        y = np.arange(4)[::-1].astype(float)
        self.total = ax.barh(y[0], 0, left=0, height=0.6, color=COLORS["guide"], alpha=0.55)
        self.x = ax.barh(y[1], 0, left=0, height=0.6, color=COLORS["p"])
        self.y = ax.barh(y[2], 0, left=0, height=0.6, color=COLORS["alt"])
        colors = [COLORS["light"], COLORS["gap"], COLORS["alt"]]
        labels = [r"$H(X \mid Y)$", r"$I(X; Y)$", r"$H(Y \mid X)$"]
        self.split = ax.barh(
            [y[3]] * 3, [0, 0, 0], left=[0, 0, 0], height=0.6, color=colors, alpha=0.85
        )
        for patch, label in zip(self.split.patches, labels, strict=True):
            patch.set_label(label)
        self.split.patches[2].set_alpha(0.45)
        ax.set_yticks(y, list(self.ROWS))
        ax.set_ylim(-0.7, 4.1)
        ax.set_xlim(0, width)
        ax.set_xlabel(f"information ({unit})")
        ax.legend(
            loc="upper center",
            ncols=3,
            fontsize=9,
            columnspacing=0.8,
            handlelength=1.5,
            bbox_to_anchor=(0.5, 1.16),
        )
        ax.grid(axis="y", visible=False)
        self.moving = [self.total, self.x, self.y, self.split]

    def set(self, pxy: np.ndarray, base: float | None) -> tuple[float, float, float, float]:
        """Show the entropies of ``pxy``; return H(p_X), H(p_Y), H(p_XY) and I(X; Y)."""
        h_x = float(entropy(pxy.sum(axis=1), base=base))
        h_y = float(entropy(pxy.sum(axis=0), base=base))
        h_xy = float(joint_entropy(pxy, base=base))
        mi = float(mutual_information(pxy, base=base))
        h_x_given_y = float(conditional_entropy(pxy.T, base=base))
        self.total.patches[0].set_width(h_xy)
        self.x.patches[0].set_width(h_x)
        self.y.patches[0].set_x(h_xy - h_y)
        self.y.patches[0].set_width(h_y)
        starts = [0.0, h_x_given_y, h_x_given_y + mi]
        widths = [h_x_given_y, mi, h_xy - h_x_given_y - mi]
        for patch, start, width in zip(self.split.patches, starts, widths, strict=True):
            patch.set_x(start)
            patch.set_width(width)
        return h_x, h_y, h_xy, mi


class EntropyDiagram(View):
    r"""Two variables whose dependence a parameter ``s`` sets: the joint table and the diagram.

    The joint table is :math:`(1 - s)\, p_X p_Y + s\, c`, a mixture of the
    independent table and :func:`coupled_table` ``c``; both have the marginals
    ``px`` and ``py``, so every mixture has them too: only the dependence moves.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    px, py : sequence of float, optional
        The marginals of :math:`X` and :math:`Y`.
    x_labels, y_labels : sequence of str, optional
        Names of the outcomes.
    base : float, optional
        Logarithm base (default 2: bits).

    Examples
    --------
    >>> from crossentropy.book.plots import EntropyDiagram, new_figure
    >>> view = EntropyDiagram(new_figure(EntropyDiagram.figsize))
    >>> view.update(s=0.0)
    >>> view.readout.get_text().splitlines()[-1]
    'I(X; Y) = 0.000 bits'
    """

    figsize = (9.6, 3.7)

    def draw(
        self,
        px: Sequence[float] = (0.5, 0.3, 0.2),
        py: Sequence[float] = (0.745, 0.255),
        x_labels: Sequence[str] = ("clear", "cloudy", "overcast"),
        y_labels: Sequence[str] = ("dry", "rain"),
        base: float | None = 2,
    ) -> None:
        """Draw the (empty) table and diagram."""
        self.px = np.asarray(px, dtype=float)
        self.py = np.asarray(py, dtype=float)
        self.base = base
        self.unit = unit_name(base)
        self.independent = np.outer(self.px, self.py)
        self.coupled = coupled_table(self.px, self.py)
        left, right = self.fig.subplots(1, 2, width_ratios=[1, 2.3])
        top = float(max(self.independent.max(), self.coupled.max()))
        self.image = left.imshow(
            self.independent, cmap="Blues", vmin=0, vmax=top * 1.1, aspect="auto"
        )
        left.set_xticks(range(self.py.size), list(y_labels))
        left.set_yticks(range(self.px.size), list(x_labels))
        left.set_xlabel("Y")
        left.set_ylabel("X")
        left.set_title(r"the joint table $p_{XY}$", fontsize=11)
        left.grid(False)
        width = float(joint_entropy(self.independent, base=base)) * 1.4
        self.diagram = _Diagram(right, width, self.unit)
        self.readout = readout(right, x=0.99, y=0.62)
        self.moving = [self.image, *self.diagram.moving, self.readout]

    def table(self, s: float) -> np.ndarray:
        """The joint table at dependence ``s``."""
        return (1 - s) * self.independent + s * self.coupled

    def show_table(self, pxy: ArrayLike, label: str) -> None:
        """Show any joint table ``pxy`` (with the view's shape), headed ``label`` in the readout."""
        table = np.asarray(pxy, dtype=float)
        self.image.set_data(table)
        _, _, h_xy, mi = self.diagram.set(table, self.base)
        self.readout.set_text(
            f"{label}\njoint: {h_xy:.3f} {self.unit}\nI(X; Y) = {mi:.3f} {self.unit}"
        )

    def update(self, s: float) -> None:
        """Set the dependence to ``s``."""
        self.show_table(self.table(s), f"s = {s:.2f}")

    def alt_text(self, s: float) -> str:
        """Describe the table and the diagram at ``s``."""
        pxy = self.table(s)
        h_x = float(entropy(self.px, base=self.base))
        h_y = float(entropy(self.py, base=self.base))
        h_xy = float(joint_entropy(pxy, base=self.base))
        mi = float(mutual_information(pxy, base=self.base))
        return (
            f"At dependence s = {s:.2f}: a heat map of the joint table, and the entropy diagram, "
            f"with H(p_X) = {h_x:.3f} and H(p_Y) = {h_y:.3f} {self.unit} overlapping by "
            f"I(X; Y) = {mi:.3f} {self.unit} inside the joint entropy H(p_XY) = {h_xy:.3f} "
            f"{self.unit}."
        )


class BinaryChannel(View):
    r"""A binary symmetric channel: input bias ``pi``, flip probability ``eps``.

    Left: the entropy diagram of the input :math:`X` and the output :math:`Y`.
    Right: :math:`I(X; Y)` against ``eps`` for the current ``pi``, under the
    channel's capacity :math:`1 - H_b(\varepsilon)` bits (the most any input
    bias achieves, at ``pi = 0.5``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    base : float, optional
        Logarithm base (default 2: bits).

    Examples
    --------
    >>> from crossentropy.book.plots import BinaryChannel, new_figure
    >>> view = BinaryChannel(new_figure(BinaryChannel.figsize))
    >>> view.update(eps=0.0, pi=0.5)
    >>> view.readout.get_text().splitlines()[-1]
    'I(X; Y) = 1.000 bits'
    """

    figsize = (9.6, 3.7)

    def draw(self, base: float | None = 2) -> None:
        """Draw the (empty) diagram, the capacity curve and the (empty) curve of I."""
        self.base = base
        self.unit = unit_name(base)
        self.grid = np.linspace(0, 0.5, 101)
        left, right = self.fig.subplots(1, 2, width_ratios=[1.3, 1])
        one_bit = float(binary_entropy(0.5, base=base))
        self.diagram = _Diagram(left, 2 * one_bit * 1.02, self.unit)
        right.plot(
            self.grid,
            one_bit - binary_entropy(self.grid, base=base),
            color=COLORS["guide"],
            ls="--",
            lw=1.5,
            label="capacity",
        )
        (self.curve,) = right.plot([], [], color=COLORS["gap"], label=r"$I(X; Y)$ at this bias")
        self.point = moving_point(right, COLORS["gap"])
        right.set_xlim(0, 0.5)
        right.set_ylim(0, one_bit * 1.45)
        right.set_xlabel("flip probability ε")
        right.set_ylabel(f"$I(X; Y)$ ({self.unit})")
        right.legend(loc="upper center", fontsize=9, ncols=2)
        self.readout = readout(right, x=0.5, y=0.8, ha="center")
        self.moving = [*self.diagram.moving, self.curve, self.point, self.readout]

    def information(self, pi: float, eps: np.ndarray | float) -> np.ndarray:
        """I(X; Y) of the channel for input bias ``pi`` at flip probabilities ``eps``."""
        h_y = binary_entropy(
            pi * (1 - np.asarray(eps)) + (1 - pi) * np.asarray(eps), base=self.base
        )
        return np.maximum(h_y - binary_entropy(eps, base=self.base), 0.0)

    def update(self, eps: float, pi: float) -> None:
        """Set the flip probability ``eps`` and the input bias ``pi``."""
        _, _, _, mi = self.diagram.set(binary_channel_table(pi, eps), self.base)
        self.curve.set_data(self.grid, self.information(pi, self.grid))
        self.point.set_data([eps], [mi])
        self.readout.set_text(f"ε = {eps:.2f}, P(X = 1) = {pi:.1f}\nI(X; Y) = {mi:.3f} {self.unit}")

    def alt_text(self, eps: float, pi: float) -> str:
        """Describe the channel's information at ``eps`` and ``pi``."""
        mi = float(mutual_information(binary_channel_table(pi, eps), base=self.base))
        return (
            f"A binary symmetric channel flipping bits with probability {eps:.2f}, its input 1 "
            f"with probability {pi:.1f}: the entropy diagram of input and output, and the "
            f"mutual information against the flip probability, a curve falling from its "
            f"highest value at 0 to zero at 0.5, under the capacity curve. Here "
            f"I(X; Y) = {mi:.3f} {self.unit}."
        )
