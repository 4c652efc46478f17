"""Views of coding: the arithmetic coder's shrinking interval, and compression against model order.

Both belong to the chapter *Compression is prediction*. The text the second one models is
the English documentation that ships with Python, :func:`pydoc_text`.
"""

from __future__ import annotations

import bz2
import functools
import lzma
import math
import zlib

import numpy as np
from matplotlib.patches import Patch

from crossentropy.book.plots._base import View
from crossentropy.book.style import COLORS
from crossentropy.coding import arithmetic_encode, code_length

__all__ = ["ArithmeticInterval", "OrderBits", "order_k_counts", "pydoc_text"]


def pydoc_text() -> str:
    """The English text of Python's own documentation topics, every topic in key order.

    ``pydoc_data.topics.topics`` is a dict of the help texts behind ``help("assert")``
    and so on (PSF licence); it ships with every CPython, so no download is needed. Its
    exact text depends on the Python version.

    Examples
    --------
    >>> pydoc_text()[:22]
    'The "assert" statement'
    """
    from pydoc_data.topics import topics

    return "".join(topics[key] for key in sorted(topics))


def _context_keys(ids: np.ndarray, k: int, n_symbols: int, pad: int) -> np.ndarray:
    """One integer per position naming the ``k`` symbols before it (``pad`` before the start)."""
    padded = np.concatenate([np.full(k, pad, dtype=np.int64), ids])
    keys = np.zeros(ids.size, dtype=np.int64)
    for j in range(k):
        keys = keys * n_symbols + padded[j : j + ids.size]
    return keys


def order_k_counts(
    train: np.ndarray, test: np.ndarray, k: int, n_symbols: int, pad: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """For each symbol of ``test``: how often the training text had it after the same context.

    Returns ``(n_cx, n_c)``: the count of (the ``k`` symbols before, the symbol) and the
    count of the context alone in ``train``. An order-``k`` model with additive smoothing
    ``alpha`` predicts ``(n_cx + alpha) / (n_c + alpha K)``.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([0, 1, 0, 1, 0, 0])
    >>> [c.tolist() for c in order_k_counts(a, np.array([1, 0]), 1, 2)]
    [[2, 2], [4, 2]]
    """
    keys_train = _context_keys(train, k, n_symbols, pad)
    keys_test = _context_keys(test, k, n_symbols, pad)
    counts = []
    for train_keys, test_keys in (
        (keys_train * n_symbols + train, keys_test * n_symbols + test),
        (keys_train, keys_test),
    ):
        unique, count = np.unique(train_keys, return_counts=True)
        at = np.minimum(np.searchsorted(unique, test_keys), max(unique.size - 1, 0))
        found = unique.size > 0 and unique[at] == test_keys
        counts.append(np.where(found, count[at], 0))
    return counts[0], counts[1]


class ArithmeticInterval(View):
    r"""The arithmetic coder's interval, shrinking by :math:`q(x_i)` as each symbol arrives.

    A message over the alphabet ``{a, b}`` is coded with the i.i.d. model
    :math:`q = (q_a, 1 - q_a)`. Row ``i`` of the left panel is the interval after ``i``
    symbols, split into the shares of ``a`` (blue) and ``b`` (orange) that the next
    symbol chooses between; its width is :math:`2^{-L_i}`. The right panel compares
    :math:`L_i = \sum_{j \le i} -\log_2 q(x_j)` with the length of the code
    :func:`crossentropy.coding.arithmetic_encode` writes for the first ``i`` symbols.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    message : str, optional
        The message, of the letters ``a`` and ``b`` (default ``"abaaabaa"``).

    Examples
    --------
    >>> from crossentropy.book.plots import ArithmeticInterval, new_figure
    >>> view = ArithmeticInterval(new_figure(ArithmeticInterval.figsize))
    >>> view.update(qa=0.75, k=8)
    >>> view.readout.get_text()
    'q(a) = 0.75, after "abaaabaa": L = 6.49 bits, code 1010000'
    """

    figsize = (8.8, 3.6)

    def draw(self, message: str = "abaaabaa") -> None:
        """Draw the empty rows, the axes of the bits panel and the (empty) readout."""
        if not message or set(message) - {"a", "b"}:
            raise ValueError(f"message must be letters 'a' and 'b', got {message!r}")
        self.message = message
        self.symbols = np.array([0 if c == "a" else 1 for c in message], dtype=np.int64)
        n = len(message)
        left, right = self.fig.subplots(1, 2, width_ratios=[1.6, 1])
        rows = np.arange(n + 1)
        self.a_bars = left.barh(rows, np.zeros(n + 1), height=0.62, color=COLORS["p"])
        self.b_bars = left.barh(rows, np.zeros(n + 1), height=0.62, color=COLORS["q"])
        self.widths = [
            left.text(1.02, i, "", va="center", ha="left", fontsize=9, color=COLORS["text"])
            for i in rows
        ]
        left.set_yticks(rows, ["start"] + [f'"{message[:i]}"' for i in range(1, n + 1)])
        left.set_ylim(n + 0.6, -0.6)
        left.set_xlim(0, 1.3)
        left.set_xticks([0, 0.25, 0.5, 0.75, 1])
        left.set_xlabel("the interval inside [0, 1)")
        left.grid(axis="y", visible=False)
        shares = [Patch(color=COLORS["p"], label="share of a"), Patch(color=COLORS["q"], label="b")]
        left.legend(handles=shares, loc="lower right", fontsize=9, ncols=2)

        # The largest length over the slider's range of q(a), for a fixed y-axis.
        worst = max(code_length(self.symbols, [qa, 1 - qa]) for qa in (0.1, 0.9))
        right.set_xlim(-0.3, n + 0.3)
        right.set_ylim(0, math.ceil(worst) + 4)
        right.set_xlabel("symbols arrived i")
        right.set_ylabel("bits")
        (self.ideal_line,) = right.plot(
            [], [], "o-", color=COLORS["p"], ms=5, label="L = Σ −log₂ q(xⱼ)"
        )
        (self.bound_line,) = right.plot(
            [], [], color=COLORS["guide"], ls="--", lw=1, label="⌈L⌉ + 2"
        )
        (self.code_line,) = right.plot(
            [], [], "s", color=COLORS["loss"], ms=5, label="the coder's bits"
        )
        right.legend(loc="upper left", fontsize=9)
        # A placeholder of the readout's height, so that the layout leaves room for it.
        self.readout = left.set_title("q(a)", fontsize=11, loc="left", color=COLORS["text"])
        self.moving = [
            self.a_bars,
            self.b_bars,
            *self.widths,
            self.ideal_line,
            self.bound_line,
            self.code_line,
            self.readout,
        ]

    def intervals(self, qa: float) -> tuple[np.ndarray, np.ndarray]:
        """The low ends and widths of the interval after 0, 1, ..., n symbols."""
        share = np.where(self.symbols == 0, qa, 1 - qa)
        start = np.where(self.symbols == 0, 0.0, qa)
        lows, widths = [0.0], [1.0]
        for s, f in zip(start, share, strict=True):
            lows.append(lows[-1] + widths[-1] * s)
            widths.append(widths[-1] * f)
        return np.array(lows), np.array(widths)

    def _state(self, qa: float, k: int) -> tuple[float, str]:
        prefix = self.symbols[:k]
        model = [qa, 1 - qa]
        return code_length(prefix, model), "".join(map(str, arithmetic_encode(prefix, model)))

    def update(self, qa: float, k: float) -> None:
        """Set the model's ``q(a)`` and the number ``k`` of symbols that have arrived."""
        k = round(k)
        lows, widths = self.intervals(qa)
        for i, (bar_a, bar_b, text) in enumerate(
            zip(self.a_bars.patches, self.b_bars.patches, self.widths, strict=True)
        ):
            shown = i <= k
            bar_a.set_x(lows[i])
            bar_a.set_width(widths[i] * qa if shown else 0.0)
            bar_b.set_x(lows[i] + widths[i] * qa)
            bar_b.set_width(widths[i] * (1 - qa) if shown else 0.0)
            text.set_text(f"{abs(math.log2(widths[i])):.2f} bits" if shown else "")
        steps = np.arange(k + 1)
        ideal = np.array([code_length(self.symbols[:i], [qa, 1 - qa]) for i in steps])
        bits = [len(arithmetic_encode(self.symbols[:i], [qa, 1 - qa])) for i in steps]
        self.ideal_line.set_data(steps, ideal)
        self.bound_line.set_data(steps, np.ceil(ideal - 1e-12) + 2)
        self.code_line.set_data(steps, bits)
        length, code = self._state(qa, k)
        shown_prefix = f'"{self.message[:k]}"' if k else "no symbol"
        self.readout.set_text(
            f"q(a) = {qa:.2f}, after {shown_prefix}: L = {length:.2f} bits, code {code}"
        )

    def alt_text(self, qa: float, k: float) -> str:
        """Describe the interval and the code after ``k`` symbols."""
        k = round(k)
        length, code = self._state(qa, k)
        return (
            f"Nested intervals of the arithmetic coder for the message {self.message} under "
            f"the model q(a) = {qa:.2f}: after {k} symbols the interval is 2 to the power "
            f"-{length:.2f} wide, and the coder's code, {code}, has {len(code)} bits, "
            f"against an ideal length of {length:.2f} bits."
        )


@functools.lru_cache(maxsize=4)
def _order_histograms(
    n_train: int, sizes: tuple[int, ...], max_order: int
) -> tuple[int, dict[tuple[int, int, str], tuple[np.ndarray, np.ndarray]], dict[str, float]]:
    """Counts of counts for every training size, order and part, and the compressors' bpc.

    For each (size, order, part) the distinct values of ``n_cx`` and of ``n_c`` over the
    part's positions, each with its multiplicity (stored as ``(values, weights)`` under
    the keys ``"cx"`` and ``"c"``): a model's bits for any ``alpha`` are then a dot
    product.
    """
    text = pydoc_text()
    alphabet = sorted(set(text))
    index = {c: i for i, c in enumerate(alphabet)}
    ids = np.array([index[c] for c in text], dtype=np.int64)
    train, test = ids[:n_train], ids[n_train:]
    n_symbols = len(alphabet)
    pad = index[" "]
    stats: dict[tuple[int, int, str], tuple[np.ndarray, np.ndarray]] = {}
    for k in range(max_order + 1):
        ctx_train = _context_keys(train, k, n_symbols, pad)
        ctx_test = _context_keys(test, k, n_symbols, pad)
        for kind, a, b in (
            ("cx", ctx_train * n_symbols + train, ctx_test * n_symbols + test),
            ("c", ctx_train, ctx_test),
        ):
            _, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
            inv_train, inv_test = inverse[: a.size], inverse[a.size :]
            for m in sizes:
                counts = np.bincount(inv_train[:m], minlength=inverse.max() + 1)
                for part, where in (("train", inv_train[:m]), ("test", inv_test)):
                    hist = np.bincount(counts[where])
                    values = np.flatnonzero(hist)
                    stats[(m, k, part + kind)] = (values.astype(float), hist[values].astype(float))
    held_out = "".join(alphabet[i] for i in test).encode("utf-8")
    n_chars = test.size
    compressors = {
        "zlib": 8 * len(zlib.compress(held_out, 9)) / n_chars,
        "bz2": 8 * len(bz2.compress(held_out, 9)) / n_chars,
        "lzma": 8 * len(lzma.compress(held_out, preset=9 | lzma.PRESET_EXTREME)) / n_chars,
    }
    return n_symbols, stats, compressors


class OrderBits(View):
    r"""Bits per character of order-``k`` character models, on their training text and held out.

    An order-``k`` model predicts each character from the ``k`` before it, with counts
    from the first ``n_train`` characters of :func:`pydoc_text` and additive smoothing
    :math:`\alpha`: :math:`q(x \mid c) = (n_{cx} + \alpha) / (n_c + \alpha K)`. The
    lines are its cross-entropy in bits per character on the training text itself and
    on the held-out rest, for ``k = 0, ..., max_order``; dashed lines mark what zlib,
    bz2 and lzma achieve on the held-out text alone.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw into.
    n_train : int, optional
        Where the held-out part starts (default 400,000 characters).
    sizes : sequence of int, optional
        The training sizes the slider can choose (each at most ``n_train``).
    max_order : int, optional
        The largest order (default 5).

    Examples
    --------
    >>> from crossentropy.book.plots import OrderBits, new_figure
    >>> view = OrderBits(new_figure(OrderBits.figsize))
    >>> train, test = view.bits(alpha=0.01, size=400_000)
    >>> int(test.argmin()), round(float(test.min()), 3), bool(train[5] < train[3])
    (3, 2.234, True)
    """

    figsize = (7.6, 3.6)

    def draw(
        self,
        n_train: int = 400_000,
        sizes: tuple[int, ...] = tuple(range(50_000, 400_001, 50_000)),
        max_order: int = 5,
    ) -> None:
        """Precompute the counts, draw the compressors' lines and the (empty) model lines."""
        self.sizes = tuple(int(s) for s in sizes)
        if max(self.sizes) > n_train:
            raise ValueError(f"every size must be at most n_train = {n_train}")
        self.n_symbols, self.stats, self.compressors = _order_histograms(
            int(n_train), self.sizes, int(max_order)
        )
        self.orders = np.arange(max_order + 1)
        ax = self.fig.subplots()
        for (name, value), style in zip(self.compressors.items(), (":", "--", "-."), strict=True):
            ax.axhline(value, color=COLORS["guide"], ls=style, lw=1, label=f"{name}: {value:.2f}")
        (self.train_line,) = ax.plot([], [], "o-", color=COLORS["p"], label="training text")
        (self.test_line,) = ax.plot([], [], "s-", color=COLORS["loss"], label="held-out text")
        ax.set_xlim(-0.3, max_order + 0.3)
        ax.set_ylim(0, 5.2)
        ax.set_xticks(self.orders)
        ax.set_xlabel("model order k (characters of context)")
        ax.set_ylabel("bits per character")
        ax.legend(loc="lower left", fontsize=9, ncols=2)
        self.readout = ax.set_title("α =", fontsize=11, loc="left", color=COLORS["text"])
        self.moving = [self.train_line, self.test_line, self.readout]

    def _size(self, size: float) -> int:
        return min(self.sizes, key=lambda s: abs(s - size))

    def bits(self, alpha: float, size: float) -> tuple[np.ndarray, np.ndarray]:
        """Bits per character on the training text and held out, one entry per order."""
        m = self._size(size)
        out = []
        for part in ("train", "test"):
            per_order = []
            for k in self.orders:
                v_cx, w_cx = self.stats[(m, int(k), part + "cx")]
                v_c, w_c = self.stats[(m, int(k), part + "c")]
                total = w_c.sum()
                nats = np.dot(w_c, np.log(v_c + alpha * self.n_symbols)) - np.dot(
                    w_cx, np.log(v_cx + alpha)
                )
                per_order.append(nats / total / math.log(2))
            out.append(np.array(per_order))
        return out[0], out[1]

    def update(self, log_alpha: float, size: float) -> None:
        """Set the smoothing ``alpha = 10**log_alpha`` and the training size."""
        train, test = self.bits(10.0**log_alpha, size)
        self.train_line.set_data(self.orders, train)
        self.test_line.set_data(self.orders, test)
        best = int(test.argmin())
        self.readout.set_text(
            f"α = {10.0**log_alpha:.3g}, {self._size(size):,} training characters: "
            f"best held-out {test[best]:.3f} bits/char at k = {best}"
        )

    def alt_text(self, log_alpha: float, size: float) -> str:
        """Describe both curves at the given smoothing and training size."""
        train, test = self.bits(10.0**log_alpha, size)
        best = int(test.argmin())
        return (
            f"Bits per character of order 0 to {self.orders[-1]} character models with "
            f"smoothing {10.0**log_alpha:.3g}, trained on {self._size(size):,} characters. "
            f"On the training text they fall from {train[0]:.2f} to {train[-1]:.2f}; held out "
            f"they are lowest, {test[best]:.2f}, at order {best}, and end at {test[-1]:.2f}. "
            f"lzma reaches {self.compressors['lzma']:.2f} on the held-out text."
        )
