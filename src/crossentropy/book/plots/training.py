"""Views of cross-entropy in modern training: distillation and contrastive learning (InfoNCE)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crossentropy.book.plots._base import View, moving_point, readout, set_bar_heights
from crossentropy.book.style import COLORS
from crossentropy.distillation import distillation_loss
from crossentropy.logits import logsumexp, softmax

__all__ = ["DistillationTemperature", "InfoNCEBound", "gaussian_pairs"]


def gaussian_pairs(
    rng: np.random.Generator, n: int, d: int, rho: float
) -> tuple[np.ndarray, np.ndarray]:
    r"""``n`` pairs of correlated Gaussian vectors in ``d`` dimensions, correlation ``rho`` each.

    :math:`x \sim \mathcal N(0, I)` and :math:`y = \rho x + \sqrt{1 - \rho^2}\, \varepsilon`,
    so that :math:`I(X; Y) = -\frac d2 \log(1 - \rho^2)` nats.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = gaussian_pairs(np.random.default_rng(0), 5, 3, 0.5)
    >>> x.shape, y.shape
    ((5, 3), (5, 3))
    """
    x = rng.normal(size=(n, d))
    y = rho * x + np.sqrt(1 - rho**2) * rng.normal(size=(n, d))
    return x, y


class DistillationTemperature(View):
    r"""A teacher's soft targets and a student's, at temperature :math:`T`, and the loss.

    Left: the teacher's :math:`\softmax(t/T)` and the student's
    :math:`\softmax(\alpha s / T)` as bars over the classes. Right: the distillation
    loss :math:`T^2 \KL` against :math:`T` for the current student scale
    :math:`\alpha` (solid) and the same divergence without the factor :math:`T^2`
    (dashed), with the current :math:`T` marked.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    teacher, student : sequence of float
        The teacher's and the student's logits (one example).
    labels : sequence of str
        The classes' names.
    temperatures : sequence of float
        The temperatures the right panel draws the loss over.

    Examples
    --------
    >>> from crossentropy.book.plots import DistillationTemperature, new_figure
    >>> view = DistillationTemperature(new_figure(DistillationTemperature.figsize))
    >>> view.update(T=4.0, scale=1.0)
    >>> print(view.readout.get_text())
    T = 4:  teacher puts 0.434 on the wrong classes
    T² KL = 1.1821 nats,  KL = 0.0739
    """

    figsize = (8.8, 3.6)

    def draw(
        self,
        teacher: Sequence[float] = (9.0, 5.0, 4.0, -2.0, -3.0),
        student: Sequence[float] = (6.0, 2.0, 3.0, 0.0, -1.0),
        labels: Sequence[str] = ("dog", "cat", "wolf", "car", "truck"),
        temperatures: Sequence[float] = tuple(np.round(np.arange(1.0, 10.01, 0.25), 2)),
    ) -> None:
        """Draw the axes, the loss curves' frame and the (empty) bars and curves."""
        self.teacher = np.asarray(teacher, dtype=float)
        self.student = np.asarray(student, dtype=float)
        self.temps = np.asarray(temperatures, dtype=float)
        self.labels = list(labels)
        left, right = self.fig.subplots(1, 2, width_ratios=[1.1, 1])
        k = np.arange(len(self.labels))
        self.teacher_bars = left.bar(
            k - 0.2, np.zeros(len(k)), width=0.4, color=COLORS["p"], label="teacher p_T"
        )
        self.student_bars = left.bar(
            k + 0.2, np.zeros(len(k)), width=0.4, color=COLORS["q"], label="student q_T"
        )
        left.set_xticks(k, self.labels)
        left.set_ylim(0, 1.0)
        left.set_ylabel("probability")
        left.legend(loc="upper right", fontsize=9)
        left.grid(axis="x", visible=False)
        self.readout = readout(left, x=0.97, y=0.80, fontsize=10)

        scales = np.round(np.arange(0.25, 2.501, 0.25), 2)
        top = max(float(self._losses(a)[0].max()) for a in scales)
        (self.loss_line,) = right.plot([], [], color=COLORS["loss"], lw=2, label="T² KL (the loss)")
        (self.kl_line,) = right.plot(
            [], [], color=COLORS["loss"], lw=1.3, ls="--", label="KL alone"
        )
        self.point = moving_point(right, COLORS["loss"])
        right.set_xlim(self.temps[0], self.temps[-1])
        right.set_ylim(0, 1.05 * top)
        right.set_xlabel("temperature T")
        right.set_ylabel("nats")
        right.legend(loc="upper right", fontsize=9)
        self.moving = [
            self.teacher_bars,
            self.student_bars,
            self.loss_line,
            self.kl_line,
            self.point,
            self.readout,
        ]

    def _losses(self, scale: float) -> tuple[np.ndarray, np.ndarray]:
        """The loss T² KL and KL alone at every temperature of the right panel."""
        s = np.broadcast_to(scale * self.student, (len(self.temps), len(self.student)))
        t = np.broadcast_to(self.teacher, s.shape)
        loss = np.array(
            [
                float(distillation_loss(s[i : i + 1], t[i : i + 1], temperature=T))
                for i, T in enumerate(self.temps)
            ]
        )
        return loss, loss / self.temps**2

    def values(self, T: float, scale: float) -> tuple[np.ndarray, np.ndarray, float]:
        """The teacher's and the student's soft targets and the loss at ``T``, ``scale``."""
        p = softmax(self.teacher / T)
        q = softmax(scale * self.student / T)
        loss = float(distillation_loss([scale * self.student], [self.teacher], temperature=T))
        return p, q, loss

    def update(self, T: float, scale: float) -> None:
        """Set the temperature ``T`` and the student's logit scale ``scale``."""
        p, q, loss = self.values(T, scale)
        set_bar_heights(self.teacher_bars, p)
        set_bar_heights(self.student_bars, q)
        losses, kls = self._losses(scale)
        self.loss_line.set_data(self.temps, losses)
        self.kl_line.set_data(self.temps, kls)
        self.point.set_data([T], [loss])
        self.readout.set_text(
            f"T = {T:g}:  teacher puts {1 - p[0]:.3f} on the wrong classes\n"
            f"T² KL = {loss:.4f} nats,  KL = {loss / T**2:.4f}"
        )

    def alt_text(self, T: float, scale: float) -> str:
        """Describe the two sets of soft targets and the loss at ``T``, ``scale``."""
        p, q, loss = self.values(T, scale)
        return (
            f"Bars of the teacher's and the student's probabilities over {len(p)} classes at "
            f"temperature {T:g}, the student's logits scaled by {scale:g}: the teacher gives "
            f"the top class {p[0]:.3f} and the wrong classes {1 - p[0]:.3f} together, the "
            f"student gives the top class {q[0]:.3f}. Beside "
            f"it, the distillation loss T² KL against T, {loss:.4f} nats here, and the "
            "divergence alone, which falls towards 0 as T grows."
        )


class InfoNCEBound(View):
    r"""The InfoNCE bound :math:`\log N - L` against the batch size, beside the true :math:`I`.

    Pairs are correlated Gaussians (:func:`gaussian_pairs`) with known mutual
    information; the critic is the cosine similarity over a temperature
    :math:`\tau`, as in :func:`crossentropy.info_nce_loss`. For every batch size
    :math:`N = 2, 4, \dots, 2^{k}` and every temperature of the slider, the
    mean loss over a fixed number of pairs is computed once, with a fixed seed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    d : int
        Dimensions.
    rho : float
        Correlation per dimension.
    max_log2_n : int
        The largest batch size is ``2 ** max_log2_n``.
    temperatures : sequence of float
        The temperatures to precompute (the slider's values).
    pairs : int
        Pairs per batch size (split into ``pairs // N`` batches).
    seed : int
        The seed of the pairs.

    Examples
    --------
    >>> from crossentropy.book.plots import InfoNCEBound, new_figure
    >>> view = InfoNCEBound(new_figure(InfoNCEBound.figsize))
    >>> round(view.mi, 4)
    2.3015
    >>> view.update(log2_n=9.0, tau=0.12)
    >>> print(view.readout.get_text())
    N = 512, τ = 0.12:  L = 4.117, log N − L = 2.122 nats  (I = 2.301)
    """

    figsize = (7.2, 3.8)

    def draw(
        self,
        d: int = 16,
        rho: float = 0.5,
        max_log2_n: int = 9,
        temperatures: Sequence[float] = tuple(np.round(np.arange(0.04, 0.401, 0.04), 2)),
        pairs: int = 2048,
        seed: int = 11,
    ) -> None:
        """Precompute the losses, then draw I, log N and the (empty) bound and point."""
        self.mi = float(-d / 2 * np.log(1 - rho**2))
        self.log2_n = np.arange(1, max_log2_n + 1)
        self.temps = np.asarray(temperatures, dtype=float)
        rng = np.random.default_rng(seed)
        self.losses = np.empty((len(self.temps), len(self.log2_n)))
        for j, k in enumerate(self.log2_n):
            n = 2**k
            x, y = gaussian_pairs(rng, (pairs // n) * n, d, rho)
            x = (x / np.linalg.norm(x, axis=1, keepdims=True)).reshape(-1, n, d)
            y = (y / np.linalg.norm(y, axis=1, keepdims=True)).reshape(-1, n, d)
            cosines = np.einsum("bid,bjd->bij", x, y)  # (batches, N, N)
            diagonal = np.einsum("bii->bi", cosines)
            for i, tau in enumerate(self.temps):
                self.losses[i, j] = float(np.mean(logsumexp(cosines / tau) - diagonal / tau))
        ax = self.fig.subplots()
        n_values = 2.0**self.log2_n
        ax.plot(n_values, np.log(n_values), color=COLORS["guide"], ls="--", lw=1.2, label="log N")
        ax.axhline(self.mi, color=COLORS["p"], lw=1.5, label=f"I(X; Y) = {self.mi:.3f}")
        (self.bound_line,) = ax.plot(
            [], [], color=COLORS["loss"], lw=2, marker="o", ms=4, label="log N − L (InfoNCE)"
        )
        self.point = moving_point(ax, COLORS["loss"], size=11)
        ax.set_xscale("log", base=2)
        ax.set_xlim(n_values[0] / 1.3, n_values[-1] * 1.3)
        ax.set_ylim(
            min(-0.5, float(np.min(np.log(n_values) - self.losses)) - 0.2),
            1.25 * max(self.mi, np.log(n_values[-1]) * 0.6),
        )
        ax.set_xlabel("batch size N")
        ax.set_ylabel("nats")
        ax.legend(loc="lower right", fontsize=9)
        self.readout = readout(ax, x=0.03, ha="left", fontsize=10)
        self.moving = [self.bound_line, self.point, self.readout]

    def bound(self, log2_n: float, tau: float) -> tuple[float, float]:
        """The mean loss ``L`` and the bound ``log N - L`` at ``N = 2**log2_n`` and ``tau``."""
        i = int(np.argmin(np.abs(self.temps - tau)))
        j = int(np.argmin(np.abs(self.log2_n - log2_n)))
        loss = float(self.losses[i, j])
        return loss, float(self.log2_n[j] * np.log(2) - loss)

    def update(self, log2_n: float, tau: float) -> None:
        """Set the batch size ``N = 2**log2_n`` and the temperature ``tau``."""
        i = int(np.argmin(np.abs(self.temps - tau)))
        n_values = 2.0**self.log2_n
        self.bound_line.set_data(n_values, np.log(n_values) - self.losses[i])
        loss, bound = self.bound(log2_n, tau)
        self.point.set_data([2.0 ** round(log2_n)], [bound])
        self.readout.set_text(
            f"N = {2 ** round(log2_n)}, τ = {tau:g}:  L = {loss:.3f}, "
            f"log N − L = {bound:.3f} nats  (I = {self.mi:.3f})"
        )

    def alt_text(self, log2_n: float, tau: float) -> str:
        """Describe the bound against the batch size at ``tau``, and its value at ``N``."""
        loss, bound = self.bound(log2_n, tau)
        return (
            "Against the batch size N on a log scale: the true mutual information as a "
            f"horizontal line at {self.mi:.3f} nats, the line log N, and the InfoNCE bound "
            f"log N − L at temperature {tau:g}, which stays below both. At N = "
            f"{2 ** round(log2_n)} the loss is {loss:.3f} nats and the bound {bound:.3f} nats."
        )
