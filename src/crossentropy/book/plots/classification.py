"""Views of classification losses: softmax cross-entropy, binary cross-entropy and variants."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crossentropy.book.plots._base import View, moving_point, readout, set_bar_heights
from crossentropy.book.style import COLORS
from crossentropy.logits import softmax
from crossentropy.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits_grad,
    cross_entropy_loss,
    cross_entropy_loss_grad,
    focal_loss,
)
from crossentropy.measures import entropy

__all__ = ["BinaryLossCurves", "FocalLossCurves", "LabelSmoothingMargin", "SoftmaxLogit"]


class SoftmaxLogit(View):
    """One logit moves: the logits, the softmax probabilities, the loss and its gradient.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    logits : sequence of float, optional
        The classifier's logits; the target class's one is set by :meth:`update`.
    target : int, optional
        The index of the true class (default 0).
    classes : sequence of str, optional
        Names of the classes.

    Examples
    --------
    >>> from crossentropy.book.plots import SoftmaxLogit, new_figure
    >>> view = SoftmaxLogit(new_figure(SoftmaxLogit.figsize))
    >>> view.update(z=2.0)  # logits (2, 2, 0, -1): q_cat = e^2 / (2 e^2 + 1 + 1/e)
    >>> view.readout.get_text().splitlines()[0]
    'q_cat = 0.46'
    """

    figsize = (9.6, 3.5)

    def draw(
        self,
        logits: Sequence[float] = (1.0, 2.0, 0.0, -1.0),
        target: int = 0,
        classes: Sequence[str] = ("cat", "dog", "fox", "owl"),
    ) -> None:
        """Draw the three panels with empty bars."""
        self.logits = np.asarray(logits, dtype=float)
        self.target = int(target)
        self.classes = list(classes)
        n = self.logits.size
        colors = [COLORS["guide"]] * n
        colors[self.target] = COLORS["loss"]
        a, b, c = self.fig.subplots(1, 3)
        self.logit_bars = a.bar(self.classes, np.zeros(n), color=colors)
        a.axhline(0, color="black", lw=0.8)
        a.set_ylim(-5, 7)
        a.set_ylabel("logit z_c")
        a.set_title("logits", fontsize=11)

        q_colors = [COLORS["q"]] * n
        self.q_bars = b.bar(self.classes, np.zeros(n), color=q_colors)
        self.q_bars.patches[self.target].set_edgecolor(COLORS["text"])
        self.q_bars.patches[self.target].set_linewidth(2)
        b.set_ylim(0, 1.15)
        b.set_ylabel("probability q_c = softmax(z)_c")
        b.set_title(f"probabilities (true class: {self.classes[self.target]})", fontsize=11)
        self.readout = readout(b)

        self.grad_bars = c.bar(self.classes, np.zeros(n), color=COLORS["alt"])
        c.axhline(0, color="black", lw=0.8)
        c.set_ylim(-1.1, 1.1)
        c.set_ylabel("∂ loss / ∂ z_c")
        c.set_title("gradient: q − onehot(y)", fontsize=11)
        for ax in (a, b, c):
            ax.grid(axis="x", visible=False)
        self.moving = [self.logit_bars, self.q_bars, self.grad_bars, self.readout]

    def _logits(self, z: float) -> np.ndarray:
        logits = self.logits.copy()
        logits[self.target] = z
        return logits

    def update(self, z: float) -> None:
        """Set the true class's logit to ``z``."""
        logits = self._logits(z)
        q = softmax(logits)
        set_bar_heights(self.logit_bars, logits)
        set_bar_heights(self.q_bars, q)
        set_bar_heights(self.grad_bars, cross_entropy_loss_grad(logits, self.target))
        loss = float(cross_entropy_loss(logits, self.target))
        name = self.classes[self.target]
        self.readout.set_text(
            f"q_{name} = {q[self.target]:.2f}\nloss = −ln q_{name}\n     = {loss:.2f} nats"
        )

    def alt_text(self, z: float) -> str:
        """Describe logits, probabilities, loss and gradient when the true logit is ``z``."""
        logits = self._logits(z)
        q = softmax(logits)
        loss = float(cross_entropy_loss(logits, self.target))
        name = self.classes[self.target]
        return (
            f"With the logit of the true class {name} at {z:.2f}, softmax gives it probability "
            f"{q[self.target]:.2f}; the loss is {loss:.2f} nats, and the gradient is "
            f"{q[self.target] - 1:.2f} for {name} and equal to the other probabilities elsewhere."
        )


class BinaryLossCurves(View):
    r"""Binary cross-entropy and its gradient as the predicted probability ``q`` moves.

    For a true label ``y = 1`` the loss is :math:`-\\log q`, for ``y = 0`` it
    is :math:`-\\log(1 - q)`; the gradient with respect to the logit is
    :math:`q - y`. Dashed: the gradient of the squared error :math:`(q - y)^2`,
    which vanishes when the sigmoid saturates.

    Examples
    --------
    >>> from crossentropy.book.plots import BinaryLossCurves, new_figure
    >>> view = BinaryLossCurves(new_figure(BinaryLossCurves.figsize))
    >>> view.update(q=0.5)
    >>> view.left_readout.get_text().splitlines()[0]
    'q = 0.50'
    """

    figsize = (8.8, 3.5)

    def draw(self) -> None:
        """Draw the loss curves, the gradient lines and the empty points."""
        grid = np.linspace(0.005, 0.995, 397)
        left, right = self.fig.subplots(1, 2)
        one, zero = COLORS["loss"], COLORS["alt"]
        ones, zeros = np.ones_like(grid), np.zeros_like(grid)
        left.plot(
            grid,
            binary_cross_entropy(grid, ones, reduction="none"),
            color=one,
            label="y = 1:  −ln q",
        )
        left.plot(
            grid,
            binary_cross_entropy(grid, zeros, reduction="none"),
            color=zero,
            label="y = 0:  −ln(1 − q)",
        )
        left.set_xlim(0, 1)
        left.set_ylim(0, 5)
        left.set_xlabel("predicted probability q of class 1")
        left.set_ylabel("loss (nats)")
        left.legend(loc="upper center", fontsize=9)
        self.point_one, self.point_zero = moving_point(left, one), moving_point(left, zero)
        self.left_readout = readout(left, x=0.5, y=0.72, ha="center")

        logit = np.log(grid) - np.log1p(-grid)
        right.plot(
            grid,
            binary_cross_entropy_with_logits_grad(logit, ones, reduction="none"),
            color=one,
            label="y = 1, cross-entropy",
        )
        right.plot(
            grid,
            binary_cross_entropy_with_logits_grad(logit, zeros, reduction="none"),
            color=zero,
            label="y = 0, cross-entropy",
        )
        mse = 2 * grid * (1 - grid)
        right.plot(grid, (grid - 1) * mse, color=one, ls="--", lw=1.5, label="y = 1, squared error")
        right.plot(grid, grid * mse, color=zero, ls="--", lw=1.5, label="y = 0, squared error")
        right.axhline(0, color="black", lw=0.8)
        right.set_xlim(0, 1)
        right.set_ylim(-1.05, 1.05)
        right.set_xlabel("predicted probability q of class 1")
        right.set_ylabel("gradient ∂ loss / ∂ logit")
        right.legend(loc="lower right", fontsize=8)
        self.grad_one, self.grad_zero = moving_point(right, one), moving_point(right, zero)
        self.right_readout = readout(right, x=0.03, y=0.97, ha="left", fontsize=10)
        self.moving = [
            self.point_one,
            self.point_zero,
            self.grad_one,
            self.grad_zero,
            self.left_readout,
            self.right_readout,
        ]

    @staticmethod
    def values(q: float) -> tuple[float, float, float, float, float, float]:
        """Losses, cross-entropy gradients and squared-error gradients at ``q``, for y = 1, 0."""
        probs = np.array([q, q])
        labels = np.array([1.0, 0.0])
        loss_one, loss_zero = binary_cross_entropy(probs, labels, reduction="none")
        logit = np.log(probs) - np.log1p(-probs)
        grad_one, grad_zero = binary_cross_entropy_with_logits_grad(logit, labels, reduction="none")
        sq_one, sq_zero = 2 * (probs - labels) * probs * (1 - probs)
        return loss_one, loss_zero, grad_one, grad_zero, sq_one, sq_zero

    def update(self, q: float) -> None:
        """Move both points to the predicted probability ``q``."""
        loss_one, loss_zero, grad_one, grad_zero, sq_one, sq_zero = self.values(q)
        self.point_one.set_data([q], [loss_one])
        self.point_zero.set_data([q], [loss_zero])
        self.grad_one.set_data([q], [grad_one])
        self.grad_zero.set_data([q], [grad_zero])
        self.left_readout.set_text(
            f"q = {q:.2f}\ny = 1: loss {loss_one:.2f} nats\ny = 0: loss {loss_zero:.2f} nats"
        )
        self.right_readout.set_text(
            f"y = 1: {grad_one:+.2f}  (squared error {sq_one:+.3f})\n"
            f"y = 0: {grad_zero:+.2f}  (squared error {sq_zero:+.3f})"
        )

    def alt_text(self, q: float) -> str:
        """Describe the losses and gradients at ``q``."""
        loss_one, loss_zero, grad_one, grad_zero, sq_one, sq_zero = self.values(q)
        return (
            f"At predicted probability {q:.2f}: the loss is {loss_one:.2f} nats if the label is "
            f"1 and {loss_zero:.2f} nats if it is 0; the cross-entropy gradient is "
            f"{grad_one:+.2f} and {grad_zero:+.2f}, while the squared error's gradient is "
            f"{sq_one:+.3f} and {sq_zero:+.3f}."
        )


class FocalLossCurves(View):
    r"""The focal loss :math:`-(1 - q)^\gamma \log q` against cross-entropy, as ``gamma`` moves.

    Examples
    --------
    >>> from crossentropy.book.plots import FocalLossCurves, new_figure
    >>> view = FocalLossCurves(new_figure(FocalLossCurves.figsize))
    >>> view.update(gamma=0.0)
    >>> view.readout.get_text().splitlines()[0]
    'γ = 0.00'
    """

    figsize = (8.8, 3.5)

    def draw(self) -> None:
        """Draw cross-entropy (fixed) and the empty focal curves."""
        self.grid = np.linspace(0.01, 1.0, 397)
        # Two-class logits whose softmax gives the true class (0) probability q.
        with np.errstate(divide="ignore"):
            self.rows = np.log(np.stack([self.grid, 1 - self.grid], axis=1))
        self.targets = np.zeros(self.grid.size, dtype=int)
        left, right = self.fig.subplots(1, 2)
        left.plot(
            self.grid,
            cross_entropy_loss(self.rows, self.targets, reduction="none"),
            color=COLORS["guide"],
            ls="--",
            lw=1.5,
            label="cross-entropy (γ = 0)",
        )
        (self.focal,) = left.plot([], [], color=COLORS["loss"], label="focal loss")
        left.set_xlim(0, 1)
        left.set_ylim(0, 4.7)
        left.set_xlabel("probability q_y of the true class")
        left.set_ylabel("loss (nats)")
        left.legend(loc="upper right", fontsize=9)
        (self.weight,) = right.plot([], [], color=COLORS["gap"])
        right.set_xlim(0, 1)
        right.set_ylim(0, 1.05)
        right.set_xlabel("probability q_y of the true class")
        right.set_ylabel("weight (1 − q_y)^γ")
        self.marks = right.plot([], [], "o", color=COLORS["gap"], ms=7, mec="white")[0]
        self.readout = readout(right, y=0.95)
        self.moving = [self.focal, self.weight, self.marks, self.readout]

    def update(self, gamma: float) -> None:
        """Set the focusing parameter ``gamma``."""
        w = (1 - self.grid) ** gamma
        loss = focal_loss(self.rows, self.targets, gamma=gamma, reduction="none")
        self.focal.set_data(self.grid, loss)
        self.weight.set_data(self.grid, w)
        self.marks.set_data([0.1, 0.9], [0.9**gamma, 0.1**gamma])
        self.readout.set_text(
            f"γ = {gamma:.2f}\nq_y = 0.9 keeps {100 * 0.1**gamma:.1f}% of its loss\n"
            f"q_y = 0.1 keeps {100 * 0.9**gamma:.1f}% of its loss"
        )

    def alt_text(self, gamma: float) -> str:
        """Describe the focal loss at ``gamma``."""
        return (
            f"With gamma {gamma:.2f}, the focal loss lies below cross-entropy: an example the "
            f"model gets right with probability 0.9 keeps {100 * 0.1**gamma:.1f}% of its loss, "
            f"one it gives probability 0.1 keeps {100 * 0.9**gamma:.1f}%."
        )


class LabelSmoothingMargin(View):
    """Label smoothing: the smoothed target, and the loss as the correct logit's margin grows.

    The logits are ``m`` for the true class and 0 for the others. Without
    smoothing the loss keeps falling as ``m`` grows, so training pushes logits
    apart forever; with smoothing ``eps`` it is smallest at a finite margin.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    n_classes : int, optional
        Number of classes (default 5).

    Examples
    --------
    >>> from crossentropy.book.plots import LabelSmoothingMargin, new_figure
    >>> view = LabelSmoothingMargin(new_figure(LabelSmoothingMargin.figsize))
    >>> view.update(eps=0.1)
    >>> view.readout.get_text().splitlines()[0]
    'ε = 0.10'
    """

    figsize = (8.8, 3.5)

    def draw(self, n_classes: int = 5) -> None:
        """Draw the target bars and the loss-against-margin curves."""
        self.n = int(n_classes)
        self.margins = np.linspace(0, 12, 241)
        self.rows = np.zeros((self.margins.size, self.n))
        self.rows[:, 0] = self.margins
        left, right = self.fig.subplots(1, 2, width_ratios=[1, 1.6])
        labels = ["true"] + [f"other {i}" for i in range(1, self.n)]
        self.bars = left.bar(labels, np.zeros(self.n), color=COLORS["p"])
        left.set_ylim(0, 1.1)
        left.set_ylabel("target probability")
        left.set_title("smoothed target", fontsize=11)
        left.tick_params(axis="x", labelrotation=30)
        left.grid(axis="x", visible=False)

        plain = cross_entropy_loss(self.rows, np.zeros(self.margins.size, int), reduction="none")
        right.plot(
            self.margins, plain, color=COLORS["guide"], ls="--", lw=1.5, label="no smoothing"
        )
        (self.curve,) = right.plot([], [], color=COLORS["loss"], label="with smoothing")
        self.point = moving_point(right, COLORS["loss"])
        right.set_xlim(0, 12)
        right.set_ylim(0, 2.6)
        right.set_xlabel("margin m: true logit minus the others")
        right.set_ylabel("loss (nats)")
        right.legend(loc="upper right", fontsize=9)
        self.readout = readout(left, x=0.97, y=0.95, fontsize=10)
        self.moving = [self.bars, self.curve, self.point, self.readout]

    def best_margin(self, eps: float) -> float:
        """The margin where the smoothed loss is smallest (``inf`` without smoothing)."""
        a = 1 - eps + eps / self.n  # the smoothed target's true-class probability
        return float(np.log(a * (self.n - 1) / (1 - a))) if eps > 0 else float("inf")

    def update(self, eps: float) -> None:
        """Set the smoothing ``eps``."""
        target = np.full(self.n, eps / self.n)
        target[0] += 1 - eps
        set_bar_heights(self.bars, target)
        loss = cross_entropy_loss(
            self.rows, np.zeros(self.margins.size, int), label_smoothing=eps, reduction="none"
        )
        self.curve.set_data(self.margins, loss)
        best = self.best_margin(eps)
        floor = float(entropy(target))
        if np.isfinite(best):
            self.point.set_data([best], [floor])
            text = (
                f"ε = {eps:.2f}\nsmallest loss at m = {best:.2f}\n"
                f"there loss = H(target)\n= {floor:.2f} nats"
            )
        else:
            self.point.set_data([], [])
            text = f"ε = {eps:.2f}\nno minimum: the loss\nfalls as m grows, forever"
        self.readout.set_text(text)

    def alt_text(self, eps: float) -> str:
        """Describe the target and the loss curve at ``eps``."""
        best = self.best_margin(eps)
        where = f"smallest at margin {best:.2f}" if np.isfinite(best) else "falling forever"
        return (
            f"Label smoothing {eps:.2f} over {self.n} classes gives the true class probability "
            f"{1 - eps + eps / self.n:.2f}; the loss against the logit margin is {where}."
        )
