"""Views of divergences between distributions: the KL divergence in both directions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from crossentropy.book.plots._base import View, moving_point, unit_name
from crossentropy.book.style import COLORS
from crossentropy.logits import softmax
from crossentropy.measures import kl_divergence

__all__ = ["KLDirections", "blob"]


def blob(x: ArrayLike, mu: ArrayLike, sigma: ArrayLike) -> np.ndarray:
    r"""A discretised Gaussian, a *blob*: one peak at ``mu``, of width ``sigma``, on outcomes ``x``.

    :math:`q_i \propto e^{-(x_i - \mu)^2 / 2\sigma^2}`: the softmax of the quadratic
    logits :math:`-(x_i - \mu)^2 / 2\sigma^2`, so every :math:`q_i > 0`. ``mu`` and
    ``sigma`` broadcast; the outcomes lie along the last axis.

    Examples
    --------
    >>> import numpy as np
    >>> q = blob(np.arange(5.0), 2.0, 1.0)
    >>> q.round(3).tolist(), round(float(q.sum()), 12)
    ([0.054, 0.244, 0.403, 0.244, 0.054], 1.0)
    """
    mu = np.asarray(mu, dtype=float)[..., None]
    sigma = np.asarray(sigma, dtype=float)[..., None]
    return softmax(-((np.asarray(x, dtype=float) - mu) ** 2) / (2 * sigma**2))


def _local_minima(values: np.ndarray) -> list[tuple[int, int]]:
    """The interior points of a 2-D array that are lower than their eight neighbours.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([[5, 5, 5, 5, 5], [5, 1, 5, 2, 5], [5, 5, 5, 5, 5]], dtype=float)
    >>> _local_minima(a)
    [(1, 1), (1, 3)]
    """
    v = np.asarray(values, dtype=float)
    centre = v[1:-1, 1:-1]
    lower = np.ones(centre.shape, dtype=bool)
    rows, cols = v.shape
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                lower &= centre < v[1 + di : rows - 1 + di, 1 + dj : cols - 1 + dj]
    return [(int(i) + 1, int(j) + 1) for i, j in zip(*np.nonzero(lower), strict=True)]


class KLDirections(View):
    r"""One blob :math:`q` against a two-peaked :math:`p`: both directions of the KL divergence.

    The true :math:`p` is an equal mixture of two blobs (see :func:`blob`) of
    width ``width`` centred at ``peaks``, over the outcomes ``0, 1, ..., n - 1``.
    The model is one blob, with location ``mu`` and width ``sigma``. The left
    panel shows :math:`p`, :math:`q` and, as faint guides, the blobs that
    minimise :math:`\KL(p \Vert q)` and :math:`\KL(q \Vert p)`; the right panel
    is the plane of :math:`(\mu, \sigma)`, with contours of both divergences, their
    minima and the current model.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    n : int, optional
        Number of outcomes (default 31: the scores 0 to 30).
    peaks : sequence of two float, optional
        Centres of the two blobs of ``p`` (default 10 and 20).
    width : float, optional
        Width of each blob of ``p`` (default 1.5).
    mu_range, sigma_range : sequence of two float, optional
        The part of the plane the right panel shows.

    Examples
    --------
    >>> from crossentropy.book.plots import KLDirections, new_figure
    >>> view = KLDirections(new_figure(KLDirections.figsize))
    >>> view.update(mu=20.0, sigma=1.5)
    >>> view.readout.get_text()
    'μ = 20, σ = 1.5:   KL(p ‖ q) = 10.419,   KL(q ‖ p) = 0.692 nats'
    >>> [f"{m:.1f}, {s:.2f}" for m, s in view.reverse_minima]  # on a grid of step 0.05
    ['10.0, 1.50', '15.0, 4.55', '20.0, 1.50']
    """

    figsize = (8.8, 3.4)

    def draw(
        self,
        n: int = 31,
        peaks: Sequence[float] = (10.0, 20.0),
        width: float = 1.5,
        mu_range: Sequence[float] = (9.0, 21.0),
        sigma_range: Sequence[float] = (0.8, 6.4),
    ) -> None:
        """Draw p, the guides, the contour map and the (empty) model and readout."""
        self.x = np.arange(float(n))
        self.p = 0.5 * blob(self.x, peaks[0], width) + 0.5 * blob(self.x, peaks[1], width)
        self.unit = unit_name(None)
        left, right = self.fig.subplots(1, 2, width_ratios=[1.45, 1])

        # The map of the plane: both divergences on a fine grid of (mu, sigma).
        mus = np.linspace(mu_range[0], mu_range[1], 141)
        sigmas = np.linspace(sigma_range[0], sigma_range[1], 113)
        grid = blob(self.x, mus[:, None], sigmas[None, :])  # shape (mu, sigma, outcome)
        forward = kl_divergence(self.p, grid)
        reverse = kl_divergence(grid, self.p)
        self.forward_minima = [(mus[i], sigmas[j]) for i, j in _local_minima(forward)]
        self.reverse_minima = [(mus[i], sigmas[j]) for i, j in _local_minima(reverse)]
        best = float(reverse.min())
        right.contour(
            mus,
            sigmas,
            forward.T,
            levels=[0.7, 1.5, 4.0],
            colors=COLORS["p"],
            linewidths=0.9,
        )
        right.contour(
            mus,
            sigmas,
            reverse.T,
            levels=[0.8, 1.5, 3.0],
            colors=COLORS["alt"],
            linewidths=0.9,
            linestyles="--",
        )
        for m, s in self.forward_minima:
            right.plot([m], [s], "s", ms=8, color=COLORS["p"], mec="white", zorder=4)
        for m, s in self.reverse_minima:
            value = float(kl_divergence(blob(self.x, m, s), self.p))
            hollow = value > best + 1e-3  # a local minimum that is not the best
            right.plot(
                [m],
                [s],
                "^",
                ms=9,
                color="white" if hollow else COLORS["alt"],
                mec=COLORS["alt"],
                mew=1.5,
                zorder=4,
            )
        # Legend entries for the map.
        right.plot([], [], color=COLORS["p"], lw=0.9, label="KL(p ‖ q)")
        right.plot([], [], color=COLORS["alt"], lw=0.9, ls="--", label="KL(q ‖ p)")
        right.set_xlim(mu_range[0], mu_range[1])
        right.set_ylim(sigma_range[0], sigma_range[1])
        right.set_xlabel("location μ of q")
        right.set_ylabel("width σ of q")
        right.legend(loc="upper center", ncols=2, fontsize=9, bbox_to_anchor=(0.5, 1.13))
        right.grid(False)
        self.point = moving_point(right, COLORS["loss"], size=10)

        # The outcomes: p as bars, the guides, and the model.
        left.bar(self.x, self.p, width=0.8, color=COLORS["p"], alpha=0.75, label="p (true)")
        for k, (m, s) in enumerate(self.forward_minima):
            left.plot(
                self.x,
                blob(self.x, m, s),
                color=COLORS["p"],
                lw=1.2,
                ls="--",
                alpha=0.8,
                label="best q for KL(p ‖ q)" if k == 0 else None,
            )
        global_reverse = [
            (m, s)
            for m, s in self.reverse_minima
            if float(kl_divergence(blob(self.x, m, s), self.p)) <= best + 1e-3
        ]
        for k, (m, s) in enumerate(global_reverse):
            left.plot(
                self.x,
                blob(self.x, m, s),
                color=COLORS["alt"],
                lw=1.2,
                ls=":",
                label="best q for KL(q ‖ p)" if k == 0 else None,
            )
        (self.q_line,) = left.plot([], [], color=COLORS["q"], lw=2.2, label="q (model)")
        left.set_xlim(-0.8, n - 0.2)
        left.set_ylim(0, 0.5)
        left.set_xlabel("outcome x")
        left.set_ylabel("probability")
        left.legend(loc="upper center", ncols=2, fontsize=9)
        left.grid(axis="x", visible=False)
        self.readout = left.set_title("", fontsize=11, loc="left", color=COLORS["text"])
        self.moving = [self.q_line, self.point, self.readout]

    def divergences(self, mu: float, sigma: float) -> tuple[float, float]:
        """``KL(p || q)`` and ``KL(q || p)``, in nats, for the blob at ``mu``, ``sigma``."""
        q = blob(self.x, mu, sigma)
        return float(kl_divergence(self.p, q)), float(kl_divergence(q, self.p))

    def update(self, mu: float, sigma: float) -> None:
        """Move the model to location ``mu`` and width ``sigma``."""
        self.q_line.set_data(self.x, blob(self.x, mu, sigma))
        self.point.set_data([mu], [sigma])
        forward, reverse = self.divergences(mu, sigma)
        self.readout.set_text(
            f"μ = {mu:.0f}, σ = {sigma:.1f}:   KL(p ‖ q) = {forward:.3f},"
            f"   KL(q ‖ p) = {reverse:.3f} {self.unit}"
        )

    def alt_text(self, mu: float, sigma: float) -> str:
        """Describe the two distributions and both divergences at ``mu``, ``sigma``."""
        forward, reverse = self.divergences(mu, sigma)
        return (
            "Bars of a two-peaked true distribution p and the curve of a one-peaked model q "
            f"centred at {mu:.1f} with width {sigma:.1f}; beside it, a map of the model's "
            "location and width with contours of both divergences. The forward divergence "
            "KL(p ‖ q) is lowest for a wide q between the peaks, the reverse KL(q ‖ p) for a "
            f"narrow q on either peak. Here KL(p ‖ q) = {forward:.3f} {self.unit} and "
            f"KL(q ‖ p) = {reverse:.3f} {self.unit}."
        )
