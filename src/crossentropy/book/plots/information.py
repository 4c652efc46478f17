"""Views of the information measures: surprisal, entropy and cross-entropy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crossentropy.book.plots._base import (
    View,
    guide_line,
    log_label,
    moving_point,
    readout,
    set_bar_heights,
    unit_name,
)
from crossentropy.book.style import COLORS
from crossentropy.logits import softmax
from crossentropy.measures import (
    binary_entropy,
    cross_entropy,
    entropy,
    kl_divergence,
    surprisal,
)

__all__ = [
    "BinaryCrossEntropyCurve",
    "BinaryEntropyCurve",
    "CrossEntropyBars",
    "EntropyTemperature",
    "SurprisalCurve",
]


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
    >>> from crossentropy.book.plots import SurprisalCurve, new_figure
    >>> view = SurprisalCurve(new_figure(SurprisalCurve.figsize), base=2)
    >>> view.update(p=0.25)
    >>> view.readout.get_text().splitlines()[1]
    'surprisal = 2.00 bits'
    """

    figsize = (6.4, 3.6)

    def draw(self, base: float | None = 2) -> None:
        """Draw the curve, the axes and the (empty) point and guides."""
        self.base = base
        self.unit = unit_name(base)
        ax = self.fig.add_subplot()
        grid = np.linspace(0.004, 1, 400)
        ax.plot(grid, surprisal(grid, base=base), color=COLORS["loss"])
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, float(surprisal(0.01, base=base)) * 1.08)
        ax.set_xlabel("probability p of the event")
        ax.set_ylabel(f"surprisal  −{log_label(base)} p  ({self.unit})")
        self.vline, self.hline = guide_line(ax), guide_line(ax)
        self.point = moving_point(ax, COLORS["loss"])
        self.readout = readout(ax, fontsize=12)
        self.moving = [self.vline, self.hline, self.point, self.readout]

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
            "The surprisal curve, falling from large values near probability 0 to zero at "
            f"probability 1, with the point p = {p:.2f} marked at {s:.2f} {self.unit}."
        )


class BinaryEntropyCurve(View):
    """A coin with P(heads) = ``p``: its two probabilities, and the binary entropy curve.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    base : float, optional
        Logarithm base (default 2: bits).

    Examples
    --------
    >>> from crossentropy.book.plots import BinaryEntropyCurve, new_figure
    >>> view = BinaryEntropyCurve(new_figure(BinaryEntropyCurve.figsize))
    >>> view.update(p=0.5)
    >>> view.readout.get_text().splitlines()[1]
    'H = 1.000 bits'
    """

    figsize = (8.4, 3.5)

    def draw(self, base: float | None = 2) -> None:
        """Draw the coin's bars, the entropy curve and the moving point."""
        self.base = base
        self.unit = unit_name(base)
        left, right = self.fig.subplots(1, 2, width_ratios=[1, 2.2])
        self.bars = left.bar(["heads", "tails"], [0, 0], color=[COLORS["p"], COLORS["light"]])
        self.labels = [left.text(i, 0, "", ha="center", va="bottom", fontsize=10) for i in range(2)]
        left.set_ylim(0, 1.18)
        left.set_ylabel("probability")
        left.set_title("the coin", fontsize=11)
        left.grid(axis="x", visible=False)

        grid = np.linspace(0, 1, 401)
        top = float(binary_entropy(0.5, base=base))
        right.plot(grid, binary_entropy(grid, base=base), color=COLORS["p"])
        right.set_xlim(0, 1)
        right.set_ylim(0, top * 1.3)
        right.set_xlabel("probability p of heads")
        right.set_ylabel(f"entropy H(p) ({self.unit})")
        right.axhline(top, color=COLORS["guide"], lw=0.8, ls=":")
        self.vline = guide_line(right)
        self.point = moving_point(right, COLORS["p"])
        self.readout = readout(right, x=0.03, ha="left")
        self.moving = [self.bars, *self.labels, self.vline, self.point, self.readout]

    def update(self, p: float) -> None:
        """Set the coin's probability of heads to ``p``."""
        probs = [p, 1 - p]
        set_bar_heights(self.bars, probs)
        for label, q in zip(self.labels, probs, strict=True):
            label.set_y(q + 0.02)
            s = float(surprisal(q, base=2))
            label.set_text(f"{q:.2f}\n({s:.2f} bits)" if self.base == 2 else f"{q:.2f}")
        h = float(binary_entropy(p, base=self.base))
        self.vline.set_data([p, p], [0, h])
        self.point.set_data([p], [h])
        self.readout.set_text(f"p = {p:.2f}\nH = {h:.3f} {self.unit}")

    def alt_text(self, p: float) -> str:
        """Describe the coin and its entropy."""
        h = float(binary_entropy(p, base=self.base))
        return (
            f"Left: bars for heads ({p:.2f}) and tails ({1 - p:.2f}). Right: the binary entropy "
            f"curve, zero at p = 0 and p = 1 and highest at p = 0.5; at p = {p:.2f} the "
            f"entropy is {h:.3f} {self.unit}."
        )


class EntropyTemperature(View):
    """A distribution ``softmax(logits / T)`` whose shape a temperature ``T`` sets, and its entropy.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    logits : sequence of float, optional
        Scores of the outcomes (default: six outcomes).
    base : float, optional
        Logarithm base (default 2: bits).
    t_min, t_max : float, optional
        The range of temperatures of the entropy curve (default 0.1 to 5).

    Examples
    --------
    >>> from crossentropy.book.plots import EntropyTemperature, new_figure
    >>> view = EntropyTemperature(new_figure(EntropyTemperature.figsize))
    >>> view.update(T=1.0)
    >>> view.readout.get_text().splitlines()[0]
    'T = 1.0'
    """

    figsize = (8.4, 3.5)

    def draw(
        self,
        logits: Sequence[float] = (2.0, 1.0, 0.5, 0.0, -0.5, -1.5),
        base: float | None = 2,
        t_min: float = 0.1,
        t_max: float = 5.0,
    ) -> None:
        """Draw the bars, the entropy-against-temperature curve and its bounds."""
        self.logits = np.asarray(logits, dtype=float)
        self.base = base
        self.unit = unit_name(base)
        n = self.logits.size
        left, right = self.fig.subplots(1, 2, width_ratios=[1.3, 1.7])
        outcomes = [str(i + 1) for i in range(n)]
        self.bars = left.bar(outcomes, np.zeros(n), color=COLORS["p"])
        left.set_ylim(0, 1.05)
        left.set_xlabel("outcome i")
        left.set_ylabel("probability p_i")
        left.grid(axis="x", visible=False)
        self.left_readout = readout(left)

        temps = np.linspace(t_min, t_max, 300)
        h = entropy(softmax(self.logits[None, :] / temps[:, None]), base=base)
        h_max = float(np.log(n) / (1 if base is None else np.log(base)))
        right.plot(temps, h, color=COLORS["p"])
        right.axhline(h_max, color=COLORS["guide"], lw=1, ls=":")
        right.text(
            t_max,
            h_max * 1.02,
            f"uniform: {log_label(base)} {n} = {h_max:.2f}",
            ha="right",
            va="bottom",
            fontsize=9,
            color=COLORS["guide"],
        )
        right.set_xlim(0, t_max)
        right.set_ylim(0, h_max * 1.22)
        right.set_xlabel("temperature T")
        right.set_ylabel(f"entropy H ({self.unit})")
        self.point = moving_point(right, COLORS["p"])
        self.readout = readout(right, x=0.97, y=0.08, va="bottom")
        self.moving = [self.bars, self.point, self.readout, self.left_readout]

    def update(self, T: float) -> None:
        """Set the temperature to ``T``."""
        p = softmax(self.logits / T)
        set_bar_heights(self.bars, p)
        h = float(entropy(p, base=self.base))
        self.point.set_data([T], [h])
        self.readout.set_text(f"T = {T:.1f}\nH = {h:.2f} {self.unit}")
        self.left_readout.set_text(f"largest p_i = {p.max():.2f}")

    def alt_text(self, T: float) -> str:
        """Describe the distribution at temperature ``T`` and its entropy."""
        p = softmax(self.logits / T)
        h = float(entropy(p, base=self.base))
        return (
            f"Bars of a distribution over {p.size} outcomes at temperature {T:.1f}, the largest "
            f"probability {p.max():.2f}; beside it, entropy rising with temperature towards its "
            f"maximum for the uniform distribution. Here the entropy is {h:.2f} {self.unit}."
        )


class CrossEntropyBars(View):
    r"""Cross-entropy as an area: ``p`` against a model ``q`` that moves away from ``p``.

    The model is :math:`q_t = (1 - t)\,p + t\,r`: at ``t = 0`` it is ``p``
    itself, at ``t = 1`` the distribution ``r``. The middle panel shows each
    outcome's share :math:`p_i \log(1/q_i)` of the cross-entropy, over the
    outlines of the shares :math:`p_i \log(1/p_i)` of the entropy.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    p : sequence of float, optional
        The true distribution.
    r : sequence of float, optional
        Where the model goes at ``t = 1``.
    base : float, optional
        Logarithm base (default 2: bits).

    Examples
    --------
    >>> from crossentropy.book.plots import CrossEntropyBars, new_figure
    >>> view = CrossEntropyBars(new_figure(CrossEntropyBars.figsize))
    >>> view.update(t=0.0)
    >>> view.readout.get_text().splitlines()[-1]
    'KL = 0.000 bits'
    """

    figsize = (9.6, 3.6)

    def draw(
        self,
        p: Sequence[float] = (0.5, 0.25, 0.15, 0.1),
        r: Sequence[float] = (0.1, 0.15, 0.3, 0.45),
        base: float | None = 2,
    ) -> None:
        """Draw the three panels: distributions, shares, and H(p, q_t) against t."""
        self.p = np.asarray(p, dtype=float)
        self.r = np.asarray(r, dtype=float)
        self.base = base
        self.unit = unit_name(base)
        n = self.p.size
        x = np.arange(n)
        labels = [str(i + 1) for i in range(n)]
        a, b, c = self.fig.subplots(1, 3, width_ratios=[1, 1, 1.15])

        a.bar(x - 0.2, self.p, width=0.4, color=COLORS["p"], label="p (true)")
        self.q_bars = a.bar(x + 0.2, np.zeros(n), width=0.4, color=COLORS["q"], label="q (model)")
        a.set_xticks(x, labels)
        a.set_ylim(0, max(self.p.max(), self.r.max()) * 1.35)
        a.set_xlabel("outcome i")
        a.set_ylabel("probability")
        a.legend(loc="upper right", fontsize=9)
        a.grid(axis="x", visible=False)

        own = self.p * surprisal(self.p, base=base)
        worst = self.p * surprisal(self.r, base=base)
        b.bar(
            x,
            own,
            width=0.7,
            fill=False,
            edgecolor=COLORS["p"],
            lw=1.5,
            ls="--",
            label=f"p_i {log_label(base)} 1/p_i",
            zorder=3,
        )
        self.share_bars = b.bar(
            x,
            np.zeros(n),
            width=0.7,
            color=COLORS["loss"],
            alpha=0.85,
            label=f"p_i {log_label(base)} 1/q_i",
        )
        b.set_xticks(x, labels)
        b.set_ylim(0, max(own.max(), worst.max()) * 1.45)
        b.set_xlabel("outcome i")
        b.set_ylabel(f"share of the total ({self.unit})")
        b.legend(loc="upper right", fontsize=9)
        b.grid(axis="x", visible=False)

        ts = np.linspace(0, 1, 201)
        qs = (1 - ts)[:, None] * self.p + ts[:, None] * self.r
        h_pq = cross_entropy(self.p, qs, base=base)
        self.h_p = float(entropy(self.p, base=base))
        c.plot(ts, h_pq, color=COLORS["loss"], label="H(p, q)")
        c.axhline(self.h_p, color=COLORS["p"], ls="--", lw=1.5, label="H(p)")
        c.set_xlim(0, 1)
        c.set_ylim(self.h_p * 0.8, float(h_pq.max()) * 1.12)
        c.set_xlabel("t: how far q has moved from p to r")
        c.set_ylabel(f"cross-entropy ({self.unit})")
        c.legend(loc="upper left", fontsize=9)
        self.gap = c.vlines([0], [self.h_p], [self.h_p], color=COLORS["gap"], lw=4)
        self.point = moving_point(c, COLORS["loss"])
        self.readout = readout(c, x=0.03, y=0.8, ha="left")
        self.moving = [self.q_bars, self.share_bars, self.gap, self.point, self.readout]

    def model(self, t: float) -> np.ndarray:
        """The model's distribution at ``t``."""
        return (1 - t) * self.p + t * self.r

    def update(self, t: float) -> None:
        """Move the model to ``q_t``."""
        q = self.model(t)
        set_bar_heights(self.q_bars, q)
        set_bar_heights(self.share_bars, self.p * surprisal(q, base=self.base))
        h_pq = float(cross_entropy(self.p, q, base=self.base))
        kl = float(kl_divergence(self.p, q, base=self.base))
        self.point.set_data([t], [h_pq])
        self.gap.set_segments([[(t, self.h_p), (t, h_pq)]])
        self.readout.set_text(
            f"H(p, q) = {h_pq:.3f} {self.unit}\nH(p) = {self.h_p:.3f} {self.unit}\n"
            f"KL = {kl:.3f} {self.unit}"
        )

    def alt_text(self, t: float) -> str:
        """Describe the two distributions and the cross-entropy at ``t``."""
        q = self.model(t)
        h_pq = float(cross_entropy(self.p, q, base=self.base))
        return (
            f"Bars of the true distribution p and a model q at t = {t:.2f} "
            f"(q = {', '.join(f'{v:.2f}' for v in q)}); the shares p_i log 1/q_i, which add up "
            f"to the cross-entropy {h_pq:.3f} {self.unit}; and the cross-entropy against t, "
            f"lowest, equal to the entropy {self.h_p:.3f} {self.unit}, at t = 0 where q = p."
        )


class BinaryCrossEntropyCurve(View):
    """Two outcomes: the cross-entropy :math:`H(p, q)` as the model's ``q`` moves, for a true ``p``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    base : float, optional
        Logarithm base (default 2: bits).

    Examples
    --------
    >>> from crossentropy.book.plots import BinaryCrossEntropyCurve, new_figure
    >>> view = BinaryCrossEntropyCurve(new_figure(BinaryCrossEntropyCurve.figsize))
    >>> view.update(p=0.5, q=0.5)
    >>> view.readout.get_text().splitlines()[-1]
    'KL = 0.000 bits'
    """

    figsize = (8.4, 3.5)

    def draw(self, base: float | None = 2) -> None:
        """Draw the bars of p and q, and the (empty) curve of H(p, q) over q."""
        self.base = base
        self.unit = unit_name(base)
        self.grid = np.linspace(0.01, 0.99, 197)
        left, right = self.fig.subplots(1, 2, width_ratios=[1, 2.2])
        x = np.arange(2)
        self.p_bars = left.bar(x - 0.2, [0, 0], width=0.4, color=COLORS["p"], label="p")
        self.q_bars = left.bar(x + 0.2, [0, 0], width=0.4, color=COLORS["q"], label="q")
        left.set_xticks(x, ["outcome 1", "outcome 2"])
        left.set_ylim(0, 1.25)
        left.set_ylabel("probability")
        left.legend(loc="upper center", ncols=2, fontsize=9)
        left.grid(axis="x", visible=False)

        (self.curve,) = right.plot([], [], color=COLORS["loss"], label="H(p, q)")
        self.floor = right.axhline(0, color=COLORS["p"], ls="--", lw=1.5, label="H(p)")
        self.gap = right.vlines([0], [0], [0], color=COLORS["gap"], lw=4, label="KL(p ‖ q)")
        self.point = moving_point(right, COLORS["loss"])
        self.p_mark = right.axvline(0, color=COLORS["p"], lw=1, ls=":")
        right.set_xlim(0, 1)
        right.set_ylim(0, float(cross_entropy([0.9, 0.1], [0.05, 0.95], base=base)) * 1.15)
        right.set_xlabel("model's probability q of outcome 1")
        right.set_ylabel(f"cross-entropy ({self.unit})")
        right.legend(loc="upper center", fontsize=9, ncols=3)
        self.readout = readout(right, x=0.5, y=0.86, ha="center")
        self.moving = [
            self.p_bars,
            self.q_bars,
            self.curve,
            self.floor,
            self.p_mark,
            self.gap,
            self.point,
            self.readout,
        ]

    def update(self, p: float, q: float) -> None:
        """Set the true probability ``p`` and the model's ``q`` of outcome 1."""
        set_bar_heights(self.p_bars, [p, 1 - p])
        set_bar_heights(self.q_bars, [q, 1 - q])
        qs = np.stack([self.grid, 1 - self.grid], axis=1)
        self.curve.set_data(self.grid, cross_entropy([p, 1 - p], qs, base=self.base))
        h = float(binary_entropy(p, base=self.base))
        h_pq = float(cross_entropy([p, 1 - p], [q, 1 - q], base=self.base))
        kl = float(kl_divergence([p, 1 - p], [q, 1 - q], base=self.base))
        self.floor.set_ydata([h, h])
        self.p_mark.set_xdata([p, p])
        self.gap.set_segments([[(q, h), (q, h_pq)]])
        self.point.set_data([q], [h_pq])
        self.readout.set_text(
            f"p = {p:.2f}, q = {q:.2f}\nH(p, q) = {h_pq:.3f} {self.unit}\n"
            f"H(p) = {h:.3f} {self.unit}\nKL = {kl:.3f} {self.unit}"
        )

    def alt_text(self, p: float, q: float) -> str:
        """Describe the curve for ``p`` and the point at ``q``."""
        h_pq = float(cross_entropy([p, 1 - p], [q, 1 - q], base=self.base))
        return (
            f"For a true probability p = {p:.2f}, the cross-entropy as the model's q moves from "
            f"0 to 1: a valley whose lowest point is at q = p, at the entropy of p. At q = "
            f"{q:.2f} the cross-entropy is {h_pq:.3f} {self.unit}."
        )
