"""Information measures of discrete distributions: surprisal, entropy, cross-entropy, KL.

All functions take probabilities (not logits), work in nats by default
(``base=None``, the natural logarithm) and in bits with ``base=2``. A
distribution lies along ``axis`` (the last one by default) and several
distributions can be stacked along the other axes; arguments broadcast
against each other as NumPy arrays do.

Conventions, the ones every textbook uses (Cover & Thomas, section 2.1):

* ``0 log 0 = 0``: an outcome with probability zero contributes nothing.
* ``p log(p / 0) = +inf`` for ``p > 0``: a model that rules out an outcome
  that happens is infinitely surprised.

Nothing is renormalised: a ``p`` that does not sum to 1 is an error, not a
silent fix (``scipy.stats.entropy`` divides by the sum instead). Each argument
is judged at the precision it was given in: a float32 (or float16)
distribution passes next to a float64 one, and both are computed with in the
wider dtype.

Each distribution's result depends on that distribution alone: the fast
vectorised path is checked row by row, and only the rows where it is not
exact (NaN from ``0 log 0``, ``inf`` from an overflowing ``p / q``) are
recomputed term by term.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import (
    as_array,
    as_float_array,
    broadcast_shapes,
    check_axis,
    check_base,
    check_distribution,
    check_probabilities,
    log_base,
    precision_of,
)

__all__ = [
    "binary_entropy",
    "cross_entropy",
    "entropy",
    "js_divergence",
    "kl_divergence",
    "perplexity",
    "surprisal",
]


def _log_where(x: np.ndarray, mask: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``log(x)`` where ``mask`` holds and 0 elsewhere, as an array of ``shape``.

    ``log(0)`` gives ``-inf`` without a warning.
    """
    out = np.zeros(shape, dtype=x.dtype)
    with np.errstate(divide="ignore"):
        np.log(x, out=out, where=mask)
    return out


def _dot(a: np.ndarray, b: np.ndarray, axis: int) -> np.ndarray:
    """``sum(a * b, axis)`` in one pass, without the product as a temporary.

    NumPy's ``dot`` (BLAS) for two vectors, ``vecdot`` (broadcasting) otherwise.
    """
    if a.ndim == 1 and b.ndim == 1:
        return np.dot(a, b)
    shape = np.broadcast_shapes(a.shape, b.shape)
    a, b = np.broadcast_to(a, shape), np.broadcast_to(b, shape)  # views, no copies
    return np.vecdot(np.moveaxis(a, axis, -1), np.moveaxis(b, axis, -1))


#: Elements of a long distribution handled at once (512 KiB of float64): small enough
#: for the block and its logarithms to stay in cache.
_BLOCK = 1 << 16


def _entropy_blocks(p: np.ndarray) -> tuple[float, float, float]:
    """The minimum, the sum and sum(p log p) of a long 1-D ``p``, in one pass of blocks.

    Each block is read from memory once; its minimum, its sum, its logarithms
    (into a reused buffer) and its dot product then come from the cache. Bad
    entries (negative, NaN) only make the result meaningless: the caller
    validates with the minimum and the sum before using it.
    """
    buffer = np.empty(min(p.size, _BLOCK), dtype=p.dtype)
    tiny = np.finfo(p.dtype).smallest_subnormal
    smallest, total, p_log_p = np.inf, 0.0, 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        for start in range(0, p.size, _BLOCK):
            block = p[start : start + _BLOCK]
            logs = buffer[: block.size]
            smallest = float(np.minimum(smallest, block.min()))  # NaN propagates
            total += float(block.sum())
            # log(max(p, tiny)) is log p for p > 0 and finite at p = 0, so 0 log 0 = 0.
            np.maximum(block, tiny, out=logs)
            np.log(logs, out=logs)
            p_log_p += float(np.dot(block, logs))
    return smallest, total, p_log_p


def _distributions(
    p: ArrayLike, q: ArrayLike, axis: int
) -> tuple[np.ndarray, np.ndarray, tuple[int, ...], int]:
    """Validate two stacks of distributions that broadcast against each other.

    Each is checked at the precision it was given in, then both are returned
    as float arrays of their common dtype, with their broadcast shape and
    ``axis`` as a non-negative index into that shape.
    """
    given = {"p": as_array(p, "p"), "q": as_array(q, "q")}
    arrays = {name: as_float_array(x, name) for name, x in given.items()}
    shape = broadcast_shapes(**arrays)
    axis = check_axis(axis, len(shape), "p")
    for name, x in arrays.items():
        # Check each argument on its own shape unless broadcasting would
        # repeat it along the distribution axis (then check what is used).
        own_axis = axis - (len(shape) - x.ndim)
        if own_axis >= 0 and x.shape[own_axis] == shape[axis]:
            check_distribution(x, name, own_axis, precision=precision_of(given[name]))
        else:
            check_distribution(
                np.broadcast_to(x, shape), name, axis, precision=precision_of(given[name])
            )
    dtype = np.result_type(arrays["p"], arrays["q"])
    return arrays["p"].astype(dtype, copy=False), arrays["q"].astype(dtype, copy=False), shape, axis


def _redo_rows(
    result: np.ndarray,
    bad: np.ndarray,
    p: np.ndarray,
    q: np.ndarray,
    shape: tuple[int, ...],
    axis: int,
    exact: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> None:
    """Overwrite ``result`` where ``bad`` with ``exact(p_rows, q_rows)``, those rows only.

    ``p_rows`` and ``q_rows`` are the (k, n) distributions of the bad rows,
    gathered from ``p`` and ``q`` broadcast to ``shape``.
    """
    p_rows = np.moveaxis(np.broadcast_to(p, shape), axis, -1)[bad]
    q_rows = np.moveaxis(np.broadcast_to(q, shape), axis, -1)[bad]
    result[bad] = exact(p_rows, q_rows)


def surprisal(p: ArrayLike, base: float | None = None) -> np.ndarray:
    r"""Surprisal (self-information) of outcomes with probability ``p``.

    Parameters
    ----------
    p : array_like
        Probabilities, each in [0, 1]. Any shape; the function is elementwise.
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits,
        ``10`` for hartleys.

    Returns
    -------
    numpy.ndarray or numpy scalar
        :math:`-\log p` for every entry, in the units of ``base``; ``inf`` where
        ``p = 0``. float32 input gives float32 output.

    Raises
    ------
    ValueError
        If an entry of ``p`` is NaN, negative or above 1, or ``base`` is not a
        valid logarithm base.
    TypeError
        If ``p`` is not numeric.

    Notes
    -----
    .. math:: I(p) = -\log p = \log \frac{1}{p}

    Introduced in the chapter *Surprisal*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> float(ce.surprisal(0.5, base=2))
    1.0
    >>> ce.surprisal([1.0, 0.25, 0.0], base=2).tolist()
    [0.0, 2.0, inf]

    """
    p = as_float_array(p, "p")
    check_probabilities(p, "p")
    log_of_base = check_base(base)
    with np.errstate(divide="ignore"):
        # 0.0 - log(p) rather than -log(p): -log(1) would be -0.0.
        result = 0.0 - np.log(p)
    return log_base(result, log_of_base)


def entropy(p: ArrayLike, base: float | None = None, axis: int = -1) -> np.ndarray:
    r"""Shannon entropy :math:`H(p)` of the distribution(s) ``p``.

    Parameters
    ----------
    p : array_like
        Probabilities along ``axis``: non-negative, summing to 1.
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits.
    axis : int, optional
        The axis along which each distribution lies (default: the last).

    Returns
    -------
    numpy.ndarray or numpy scalar
        The entropy of each distribution; ``p`` with ``axis`` removed. Each
        term is :math:`-p_i \log p_i` if :math:`p_i > 0` and 0 if
        :math:`p_i = 0`, so the result is finite, between 0 and
        :math:`\log n`.

    Raises
    ------
    ValueError
        If ``p`` has an entry that is NaN, negative or above 1, does not sum
        to 1 along ``axis``, is empty, or ``base`` is not a valid base.
    TypeError
        If ``p`` is not numeric or is a masked array, or ``base`` or ``axis``
        has the wrong type.

    Notes
    -----
    .. math:: H(p) = -\sum_{i=1}^{n} p_i \log p_i, \qquad 0 \log 0 = 0.

    Introduced in the chapter *Entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> float(ce.entropy([0.5, 0.5], base=2))
    1.0
    >>> float(ce.entropy([1.0, 0.0]))
    0.0
    >>> ce.entropy([[0.5, 0.5], [0.25, 0.75]], base=2).round(4).tolist()
    [1.0, 0.8113]

    """
    given = as_array(p, "p")
    p = as_float_array(given, "p")
    precision = precision_of(given)
    log_of_base = check_base(base)
    if p.ndim == 1 and p.size > _BLOCK:
        # One long distribution: validate and sum p log p in a single pass.
        check_axis(axis, 1, "p")
        smallest, total, p_log_p = _entropy_blocks(p)
        check_distribution(p, "p", axis, summary=(smallest, total), precision=precision)
        return log_base(p.dtype.type(0.0 - p_log_p), log_of_base)
    smallest = check_distribution(p, "p", axis, precision=precision)
    if smallest > 0:
        logp = np.log(p)
    else:
        # log(max(p, smallest subnormal)) equals log p for every p > 0, and is
        # finite (about -745) where p = 0, so that 0 * log 0 comes out as 0.
        logp = np.maximum(p, np.finfo(p.dtype).smallest_subnormal)
        np.log(logp, out=logp)
    result = 0.0 - _dot(p, logp, axis)
    return log_base(result, log_of_base)


def cross_entropy(
    p: ArrayLike, q: ArrayLike, base: float | None = None, axis: int = -1
) -> np.ndarray:
    r"""Cross-entropy :math:`H(p, q)`: the mean surprisal under ``q`` of outcomes drawn from ``p``.

    Parameters
    ----------
    p : array_like
        The true distribution(s), along ``axis``.
    q : array_like
        The model distribution(s), along ``axis``; broadcasts against ``p``.
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits.
    axis : int, optional
        The axis along which each distribution lies (default: the last).

    Returns
    -------
    numpy.ndarray or numpy scalar
        The cross-entropy of each pair. Each term is :math:`-p_i \log q_i`
        if :math:`p_i > 0, q_i > 0`; 0 if :math:`p_i = 0, q_i \ge 0`;
        ``+inf`` if :math:`p_i > 0 = q_i` (the model rules out an outcome that
        happens).

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid stack of distributions along
        ``axis``, their shapes do not broadcast, or ``base`` is invalid.
    TypeError
        If ``p`` or ``q`` is not numeric or is a masked array, or ``base`` or
        ``axis`` has the wrong type.

    Notes
    -----
    .. math:: H(p, q) = -\sum_{i=1}^{n} p_i \log q_i = H(p) + D_{\mathrm{KL}}(p \,\|\, q)

    Terms with :math:`p_i = 0` contribute 0 whatever :math:`q_i` is.
    Introduced in the chapter *Cross-entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> round(float(ce.cross_entropy([0.5, 0.5], [0.25, 0.75], base=2)), 6)  # 1 + log2(4/3) / 2
    1.207519
    >>> float(ce.cross_entropy([1.0, 0.0], [0.0, 1.0]))
    inf

    """
    p, q, shape, axis = _distributions(p, q, axis)
    log_of_base = check_base(base)
    with np.errstate(divide="ignore", invalid="ignore"):
        logq = np.log(q)  # -inf where q = 0
        result = np.asarray(0.0 - _dot(p, logq, axis))
    bad = np.isnan(result)  # a term 0 * log 0 (p_i = q_i = 0): those rows term by term
    if bad.any():
        _redo_rows(result, bad, p, q, shape, axis, _cross_entropy_rows)
    return log_base(result[()], log_of_base)


def _cross_entropy_rows(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """-sum_i p_i log q_i of (k, n) rows, term by term: 0 if p_i = 0, inf if q_i = 0 < p_i."""
    logq = _log_where(q, p > 0, p.shape)
    return 0.0 - _dot(p, logq, -1)


def kl_divergence(
    p: ArrayLike, q: ArrayLike, base: float | None = None, axis: int = -1
) -> np.ndarray:
    r"""Kullback-Leibler divergence :math:`D_{\mathrm{KL}}(p \,\|\, q)`.

    The extra surprisal, on average, of believing ``q`` when the outcomes
    follow ``p``: ``cross_entropy(p, q) - entropy(p)``, computed directly.

    Parameters
    ----------
    p : array_like
        The true distribution(s), along ``axis``.
    q : array_like
        The model distribution(s), along ``axis``; broadcasts against ``p``.
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits.
    axis : int, optional
        The axis along which each distribution lies (default: the last).

    Returns
    -------
    numpy.ndarray or numpy scalar
        The divergence of each pair, never negative; 0 exactly when
        ``p == q``. Each term is :math:`p_i \log(p_i / q_i)` if
        :math:`p_i > 0, q_i > 0`; 0 if :math:`p_i = 0, q_i \ge 0`; ``+inf``
        if :math:`p_i > 0 = q_i` (as ``scipy.special.rel_entr``, but finite
        where :math:`p_i / q_i` overflows and the divergence does not).

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid stack of distributions along
        ``axis``, their shapes do not broadcast, or ``base`` is invalid.
    TypeError
        If ``p`` or ``q`` is not numeric or is a masked array, or ``base`` or
        ``axis`` has the wrong type.

    Notes
    -----
    .. math:: D_{\mathrm{KL}}(p \,\|\, q) = \sum_{i=1}^{n} p_i \log \frac{p_i}{q_i}

    Gibbs' inequality makes the exact value non-negative; the rare tiny
    negative results that rounding can produce when ``q`` is very close to
    ``p`` are returned as 0. Note the argument order: ``p`` is the true
    distribution (PyTorch's ``kl_div(input, target)`` takes them the other
    way round, and ``input`` as log-probabilities).
    Introduced in the chapter *Cross-entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> round(float(ce.kl_divergence([0.5, 0.5], [0.25, 0.75], base=2)), 6)
    0.207519
    >>> float(ce.kl_divergence([0.2, 0.8], [0.2, 0.8]))
    0.0

    """
    p, q, shape, axis = _distributions(p, q, axis)
    log_of_base = check_base(base)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        log_ratio = np.divide(p, q)  # log(p / q): accurate when q is close to p
        np.log(log_ratio, out=log_ratio)
        result = np.asarray(_dot(p, log_ratio, axis))
    # NaN (a term with p_i = 0) or inf (q_i = 0 < p_i, or p_i / q_i overflowed):
    # those rows, and only those, term by term.
    bad = ~np.isfinite(result)
    if bad.any():
        _redo_rows(result, bad, p, q, shape, axis, _kl_rows)
    result = np.maximum(result, 0.0)
    return log_base(result[()], log_of_base)


def _kl_rows(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """KL divergence of (k, n) rows term by term: p = 0 terms are 0, q = 0 < p terms inf."""
    positive = p > 0
    ratio = np.ones_like(p)
    with np.errstate(divide="ignore", over="ignore"):
        np.divide(p, q, out=ratio, where=positive)
        log_ratio = np.log(ratio)
    overflowed = np.isinf(log_ratio) & (q > 0)
    if overflowed.any():  # p / q beyond the largest float: log p - log q is finite
        log_ratio[overflowed] = np.log(p[overflowed]) - np.log(q[overflowed])
    return np.sum(p * log_ratio, axis=-1)


def js_divergence(
    p: ArrayLike, q: ArrayLike, base: float | None = None, axis: int = -1
) -> np.ndarray:
    r"""Jensen-Shannon divergence: the mean KL divergence of ``p`` and ``q`` from their average.

    Parameters
    ----------
    p, q : array_like
        Distributions along ``axis``; they broadcast against each other.
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits.
    axis : int, optional
        The axis along which each distribution lies (default: the last).

    Returns
    -------
    numpy.ndarray or numpy scalar
        The divergence of each pair: symmetric in ``p`` and ``q``, always
        finite, between 0 (``p == q``) and :math:`\log 2` (one bit; disjoint
        supports). This is the divergence itself, not its square root (the
        Jensen-Shannon *distance*, a metric, which
        ``scipy.spatial.distance.jensenshannon`` returns).

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid stack of distributions along
        ``axis``, their shapes do not broadcast, or ``base`` is invalid.
    TypeError
        If ``p`` or ``q`` is not numeric or is a masked array, or ``base`` or
        ``axis`` has the wrong type.

    Notes
    -----
    .. math::

        \mathrm{JS}(p, q) = \tfrac12 D_{\mathrm{KL}}(p \,\|\, m)
                          + \tfrac12 D_{\mathrm{KL}}(q \,\|\, m),
        \qquad m = \tfrac12 (p + q)

    Every term is finite, because :math:`m_i \ge p_i / 2`: unlike the KL
    divergence, JS never says "infinitely wrong" (Lin, 1991). Rounding is
    clipped to :math:`[0, \log 2]`. Introduced in the chapter *KL in both
    directions*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> float(ce.js_divergence([1.0, 0.0], [0.0, 1.0], base=2))  # disjoint: one bit
    1.0
    >>> round(float(ce.js_divergence([0.5, 0.5], [0.9, 0.1])), 6)
    0.101749

    """
    p, q, shape, axis = _distributions(p, q, axis)
    log_of_base = check_base(base)
    p, q = np.broadcast_to(p, shape), np.broadcast_to(q, shape)
    m = (p + q) / 2  # exact when p == q (also subnormal); m_i >= p_i / 2 > 0 where p_i > 0

    def half_kl_from_m(a: np.ndarray) -> np.ndarray:
        ratio = np.ones(shape, dtype=a.dtype)
        np.divide(a, m, out=ratio, where=a > 0)  # at most 2
        return np.sum(a * np.log(ratio), axis=axis)

    result = 0.5 * half_kl_from_m(p) + 0.5 * half_kl_from_m(q)
    result = np.clip(result, 0.0, np.log(2.0)).astype(p.dtype, copy=False)
    return log_base(result[()], log_of_base)


def binary_entropy(p: ArrayLike, base: float | None = None) -> np.ndarray:
    r"""Entropy of a coin that lands heads with probability ``p``, elementwise.

    Parameters
    ----------
    p : array_like
        Probabilities of one of the two outcomes, each in [0, 1].
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits.

    Returns
    -------
    numpy.ndarray or numpy scalar
        :math:`H_b(p) = -p \log p - (1 - p) \log (1 - p)`, the entropy of the distribution
        :math:`(p, 1 - p)`, for every entry of ``p``; maximal (``log 2``, one
        bit) at ``p = 1/2`` and 0 at ``p = 0`` and ``p = 1``.

    Raises
    ------
    ValueError
        If an entry of ``p`` is NaN, negative or above 1, or ``base`` is
        invalid.
    TypeError
        If ``p`` is not numeric.

    Notes
    -----
    .. math:: H_b(p) = -p \log p - (1 - p) \log (1 - p)

    The second term is computed with ``log1p(-p)``, accurate for tiny ``p``.
    Introduced in the chapter *Entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> ce.binary_entropy([0.0, 0.5, 1.0], base=2).tolist()
    [0.0, 1.0, 0.0]

    """
    p = np.asarray(as_float_array(p, "p"))
    check_probabilities(p, "p")
    log_of_base = check_base(base)
    q = 1 - p
    log_p = _log_where(p, p > 0, p.shape)
    log_q = np.zeros_like(p)
    np.log1p(-p, out=log_q, where=q > 0)
    result = 0.0 - (p * log_p + q * log_q)
    return log_base(result[()], log_of_base)


def perplexity(p: ArrayLike, q: ArrayLike | None = None, axis: int = -1) -> np.ndarray:
    r"""Perplexity: the entropy (or cross-entropy) as an effective number of outcomes.

    Parameters
    ----------
    p : array_like
        The true distribution(s), along ``axis``.
    q : array_like, optional
        A model's distribution(s). Without it, the perplexity of ``p`` itself.
    axis : int, optional
        The axis along which each distribution lies (default: the last).

    Returns
    -------
    numpy.ndarray or numpy scalar
        :math:`e^{H(p)}`, or :math:`e^{H(p, q)}` with ``q``: at least 1, and
        ``n`` for a uniform distribution over ``n`` outcomes; ``inf`` where
        the cross-entropy is infinite or above about 709. It has no unit:
        :math:`2^{H_2} = e^{H_e}` whatever the base of the entropy.

    Raises
    ------
    ValueError, TypeError
        As :func:`entropy` and :func:`cross_entropy`.

    See Also
    --------
    entropy, cross_entropy

    Notes
    -----
    .. math:: \operatorname{PP}(p) = e^{H(p)}, \qquad \operatorname{PP}(p, q) = e^{H(p, q)}

    A language model's perplexity on a text is :math:`e` to its mean loss per
    token. Introduced in the chapter *Cross-entropy in practice*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> round(float(ce.perplexity([0.25, 0.25, 0.25, 0.25])), 12)
    4.0
    >>> round(float(ce.perplexity([0.5, 0.5], [0.9, 0.1])), 4)
    3.3333
    """
    h = entropy(p, axis=axis) if q is None else cross_entropy(p, q, axis=axis)
    with np.errstate(over="ignore"):  # e^H beyond the largest float is inf, the value rounded
        return np.exp(h)
