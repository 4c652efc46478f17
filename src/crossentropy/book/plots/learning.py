"""Views of learning by minimising cross-entropy, and of calibration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import to_rgb

from crossentropy.book.plots._base import View, moving_point, readout, set_bar_heights
from crossentropy.book.style import COLORS, OKABE_ITO
from crossentropy.calibration import (
    calibration_bins,
    expected_calibration_error,
    overconfident_classifier,
)
from crossentropy.logits import softmax
from crossentropy.losses import cross_entropy_loss
from crossentropy.measures import entropy, kl_divergence
from crossentropy.training import (
    fit_distribution,
    make_blobs,
    predict_proba,
    train_softmax_regression,
)

__all__ = ["DistributionFitSteps", "SoftmaxRegressionSteps", "TemperatureCalibration"]

#: Colours and markers of up to four classes: distinguishable in colour and in shape.
CLASS_COLORS = (COLORS["p"], COLORS["q"], COLORS["alt"], OKABE_ITO["reddish purple"])
CLASS_MARKERS = ("o", "s", "^", "D")


class DistributionFitSteps(View):
    """Gradient descent fits a model ``q`` to ``p``: the bars and the loss, step by step.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    p : sequence of float, optional
        The target distribution (for example, the frequencies of a sample).
    steps : int, optional
        Number of gradient steps (default 60).
    learning_rate : float, optional
        Step size (default 0.3).
    target : str, optional
        How the figure names ``p`` (default ``"p"``; ``"p̂"`` for data).

    Examples
    --------
    >>> from crossentropy.book.plots import DistributionFitSteps, new_figure
    >>> view = DistributionFitSteps(new_figure(DistributionFitSteps.figsize))
    >>> view.update(step=0)
    >>> view.readout.get_text().splitlines()[0]
    'step 0'
    """

    figsize = (8.8, 3.5)

    def draw(
        self,
        p: Sequence[float] = (0.45, 0.3, 0.15, 0.1),
        steps: int = 60,
        learning_rate: float = 0.3,
        target: str = "p",
    ) -> None:
        """Fit the model once, then draw the bars and the loss curve."""
        self.p = np.asarray(p, dtype=float)
        self.target = target
        self.fit = fit_distribution(self.p, steps=steps, learning_rate=learning_rate)
        self.h_p = float(entropy(self.p))
        n = self.p.size
        x = np.arange(n)
        left, right = self.fig.subplots(1, 2)
        left.bar(x - 0.2, self.p, width=0.4, color=COLORS["p"], label=f"{target} (target)")
        self.q_bars = left.bar(
            x + 0.2, np.zeros(n), width=0.4, color=COLORS["q"], label="q (model)"
        )
        left.set_xticks(x, [str(i + 1) for i in range(n)])
        left.set_ylim(0, max(self.p.max(), 1 / n) * 1.4)
        left.set_xlabel("outcome i")
        left.set_ylabel("probability")
        left.legend(loc="upper right", fontsize=9)
        left.grid(axis="x", visible=False)

        t = np.arange(steps + 1)
        right.plot(t, self.fit.loss, color=COLORS["loss"], label=f"H({target}, q): the loss")
        right.axhline(self.h_p, color=COLORS["p"], ls="--", lw=1.5, label=f"H({target}): the floor")
        right.set_xlim(0, steps)
        right.set_ylim(self.h_p * 0.9, float(self.fit.loss[0]) * 1.04)
        right.set_xlabel("gradient step")
        right.set_ylabel("cross-entropy (nats)")
        right.legend(loc="upper right", fontsize=9)
        self.point = moving_point(right, COLORS["loss"])
        self.readout = readout(right, y=0.6)
        self.moving = [self.q_bars, self.point, self.readout]

    def update(self, step: float) -> None:
        """Show the model after ``step`` gradient steps."""
        t = round(step)
        q = self.fit.q[t]
        set_bar_heights(self.q_bars, q)
        loss = float(self.fit.loss[t])
        self.point.set_data([t], [loss])
        kl = float(kl_divergence(self.p, q))
        p = self.target
        self.readout.set_text(f"step {t}\nH({p}, q) = {loss:.4f} nats\nKL({p} ‖ q) = {kl:.4f} nats")

    def alt_text(self, step: float) -> str:
        """Describe the model and the loss after ``step`` steps."""
        t = round(step)
        q = self.fit.q[t]
        return (
            f"After {t} gradient steps the model is q = {', '.join(f'{v:.2f}' for v in q)} "
            f"against {self.target} = {', '.join(f'{v:.2f}' for v in self.p)}; the cross-entropy "
            f"{self.fit.loss[t]:.4f} nats falls towards the entropy {self.h_p:.4f} nats."
        )


class SoftmaxRegressionSteps(View):
    """A softmax-regression classifier trained on 2-D points: regions and loss, step by step.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    n_per_class : int, optional
        Points per class of :func:`~crossentropy.training.make_blobs` (default 60).
    seed : int, optional
        Seed of the data (default 0).
    steps : int, optional
        Number of gradient steps (default 200).
    learning_rate : float, optional
        Step size (default 0.1).

    Examples
    --------
    >>> from crossentropy.book.plots import SoftmaxRegressionSteps, new_figure
    >>> view = SoftmaxRegressionSteps(new_figure(SoftmaxRegressionSteps.figsize))
    >>> view.update(step=0)
    >>> view.readout.get_text().splitlines()[0]
    'step 0'
    """

    figsize = (8.8, 3.8)

    def draw(
        self, n_per_class: int = 60, seed: int = 0, steps: int = 200, learning_rate: float = 0.1
    ) -> None:
        """Train once, then draw the data, the (empty) regions and the loss curve."""
        self.X, self.y = make_blobs(n_per_class, seed=seed)
        self.path = train_softmax_regression(
            self.X, self.y, steps=steps, learning_rate=learning_rate
        )
        n_classes = int(self.y.max()) + 1
        self.colors = np.array([to_rgb(c) for c in CLASS_COLORS[:n_classes]])
        left, right = self.fig.subplots(1, 2, width_ratios=[1, 1.2])
        lo, hi = self.X.min(axis=0) - 0.8, self.X.max(axis=0) + 0.8
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 120), np.linspace(lo[1], hi[1], 120))
        self.grid_points = np.column_stack([gx.ravel(), gy.ravel()])
        self.grid_shape = gx.shape
        self.image = left.imshow(
            np.ones((*self.grid_shape, 3)),
            origin="lower",
            extent=(lo[0], hi[0], lo[1], hi[1]),
            aspect="auto",
            interpolation="bilinear",
        )
        points = [
            left.scatter(
                *self.X[self.y == c].T,
                s=16,
                color=CLASS_COLORS[c],
                marker=CLASS_MARKERS[c],
                edgecolors="black",
                linewidths=0.4,
                label=f"class {c}",
            )
            for c in range(n_classes)
        ]
        left.set_xlabel("feature x₁")
        left.set_ylabel("feature x₂")
        legend = left.legend(
            loc="upper left",
            fontsize=8,
            ncols=n_classes,
            handletextpad=0.1,
            columnspacing=0.6,
            frameon=True,
            framealpha=0.8,
        )
        left.grid(False)

        t = np.arange(steps + 1)
        right.plot(t, self.path.loss, color=COLORS["loss"], label="training loss")
        right.set_xlim(0, steps)
        right.set_ylim(0, float(self.path.loss[0]) * 1.1)
        right.set_xlabel("gradient step")
        right.set_ylabel("mean cross-entropy (nats)")
        right.legend(loc="upper right", fontsize=9)
        self.point = moving_point(right, COLORS["loss"])
        self.readout = readout(right, y=0.7)
        # The regions change at every step; the points and the legend go on top of them.
        self.moving = [self.image, *points, legend, self.point, self.readout]

    def update(self, step: float) -> None:
        """Show the classifier after ``step`` gradient steps."""
        t = round(step)
        proba = predict_proba(self.path.weights[t], self.grid_points)
        mix = proba @ self.colors
        self.image.set_data((0.4 * mix + 0.6).reshape(*self.grid_shape, 3))
        loss = float(self.path.loss[t])
        self.point.set_data([t], [loss])
        self.readout.set_text(
            f"step {t}\nloss = {loss:.3f} nats\naccuracy = {100 * self.path.accuracy[t]:.0f}%"
        )

    def alt_text(self, step: float) -> str:
        """Describe the classifier after ``step`` steps."""
        t = round(step)
        return (
            f"Three overlapping clouds of points and the regions a softmax-regression classifier "
            f"assigns to each class after {t} gradient steps; its training loss is "
            f"{self.path.loss[t]:.3f} nats and its accuracy {100 * self.path.accuracy[t]:.0f}%."
        )


class TemperatureCalibration(View):
    """Temperature scaling of an overconfident classifier: reliability diagram and loss.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    n, n_classes, overconfidence, seed
        The synthetic classifier of
        :func:`~crossentropy.calibration.overconfident_classifier`.
    n_bins : int, optional
        Bins of the reliability diagram (default 10).

    Examples
    --------
    >>> from crossentropy.book.plots import TemperatureCalibration, new_figure
    >>> view = TemperatureCalibration(new_figure(TemperatureCalibration.figsize))
    >>> view.update(T=1.0)
    >>> view.readout.get_text().splitlines()[0]
    'T = 1.0'
    """

    figsize = (8.8, 3.6)

    def draw(
        self,
        n: int = 2000,
        n_classes: int = 4,
        overconfidence: float = 2.5,
        seed: int = 0,
        n_bins: int = 10,
        t_min: float = 0.5,
        t_max: float = 4.0,
    ) -> None:
        """Make the classifier's outputs once, then draw the two panels."""
        self.logits, self.labels = overconfident_classifier(
            n, n_classes, overconfidence=overconfidence, seed=seed
        )
        self.n_bins = n_bins
        left, right = self.fig.subplots(1, 2)
        width = 1 / n_bins
        centers = (np.arange(n_bins) + 0.5) * width
        left.plot([0, 1], [0, 1], color=COLORS["guide"], ls="--", lw=1, label="calibrated")
        self.bars = left.bar(
            centers,
            np.zeros(n_bins),
            width=width * 0.92,
            color=COLORS["q"],
            label="observed accuracy",
        )
        left.set_xlim(0, 1)
        left.set_ylim(0, 1)
        left.set_xlabel("confidence (top-class probability)")
        left.set_ylabel("accuracy in the bin")
        left.legend(loc="upper left", fontsize=9)
        left.set_aspect("equal", adjustable="box")

        temps = np.linspace(t_min, t_max, 141)
        nll = [float(cross_entropy_loss(self.logits / t, self.labels)) for t in temps]
        right.plot(temps, nll, color=COLORS["loss"], label="mean cross-entropy")
        right.set_xlim(t_min, t_max)
        right.set_ylim(min(nll) * 0.9, max(nll) * 1.05)
        right.set_xlabel("temperature T (logits divided by T)")
        right.set_ylabel("cross-entropy (nats)")
        right.legend(loc="upper right", fontsize=9)
        self.point = moving_point(right, COLORS["loss"])
        self.readout = readout(right, y=0.75)
        self.moving = [self.bars, self.point, self.readout]

    def summary(self, T: float) -> tuple[float, float, float, np.ndarray, np.ndarray]:
        """Loss, ECE, overconfidence, and per-bin accuracy and counts at temperature ``T``.

        The overconfidence is the mean confidence minus the accuracy.
        """
        proba = softmax(self.logits / T)
        confidence = proba.max(axis=1)
        correct = (proba.argmax(axis=1) == self.labels).astype(float)
        bins = calibration_bins(confidence, correct, self.n_bins)
        ece = expected_calibration_error(confidence, correct, self.n_bins)
        loss = float(cross_entropy_loss(self.logits / T, self.labels))
        excess = float(confidence.mean() - correct.mean())
        return loss, ece, excess, np.nan_to_num(bins.frequency), bins.count

    def update(self, T: float) -> None:
        """Divide the logits by ``T``."""
        loss, ece, _, accuracy, count = self.summary(T)
        set_bar_heights(self.bars, accuracy)
        for bar, k in zip(self.bars.patches, count, strict=True):
            bar.set_alpha(0.9 if k >= 20 else 0.35)
        self.point.set_data([T], [loss])
        self.readout.set_text(f"T = {T:.1f}\ncross-entropy = {loss:.3f} nats\nECE = {ece:.3f}")

    def alt_text(self, T: float) -> str:
        """Describe calibration at temperature ``T``."""
        loss, ece, excess, _, _ = self.summary(T)
        mood = "overconfident" if excess > 0.02 else "underconfident" if excess < -0.02 else "close"
        return (
            f"With the logits divided by {T:.1f}, the classifier is {mood} (mean confidence minus "
            f"accuracy {excess:+.3f}, expected calibration error {ece:.3f}) and its mean "
            f"cross-entropy is {loss:.3f} nats."
        )
