"""From logits to probabilities, stably: log-sum-exp, softmax, sigmoid and their logs.

A model's raw scores (*logits*) can be any real numbers. Turning them into
probabilities naively, ``exp(z) / exp(z).sum()``, overflows as soon as a logit
passes about 709 in float64 (88 in float32). Every function here shifts by
the largest logit first, so that logits of any finite size give exact
results and no overflow warnings.

``-inf`` is a valid logit (probability 0, as used for masking); NaN is always
an error.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import as_float_array, check_axis, check_not_nan

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax"]


def _logits(x: ArrayLike, name: str = "x") -> np.ndarray:
    """``x`` as a float array with no NaN."""
    x = as_float_array(x, name)
    if x.size and np.isnan(x.max()):
        check_not_nan(x, name)
    return x


def _max_last(x: np.ndarray) -> np.ndarray:
    """The maximum over the last axis (kept), fast for many short rows.

    NumPy reduces short contiguous rows one row at a time; halving the rows
    with elementwise ``maximum`` instead uses the vector units on all of them
    at once. The result is exactly ``x.max(axis=-1, keepdims=True)``.
    """
    if x.ndim < 2 or x.shape[-1] < 8:
        return np.max(x, axis=-1, keepdims=True)
    while x.shape[-1] > 1:
        half = x.shape[-1] // 2
        folded = np.maximum(x[..., :half], x[..., half : 2 * half])
        if x.shape[-1] % 2:
            np.maximum(folded[..., :1], x[..., -1:], out=folded[..., :1])
        x = folded
    return x


def _max_along(x: np.ndarray, axis: int) -> np.ndarray:
    """``x.max(axis, keepdims=True)``, with the fast path for the last axis."""
    return _max_last(x) if axis == x.ndim - 1 else np.max(x, axis=axis, keepdims=True)


def _sum_along(x: np.ndarray, axis: int) -> np.ndarray:
    """``x.sum(axis, keepdims=True)``; rows of a last axis are summed by BLAS."""
    if axis == x.ndim - 1 and x.ndim >= 2:
        return (x @ np.ones(x.shape[-1], dtype=x.dtype))[..., None]
    return np.sum(x, axis=axis, keepdims=True)


#: Sums of exp(x - max) below 1 + this are corrected with log1p (see _log_sum).
_NEAR_ONE = 2.0**-20


def _log_sum(s: np.ndarray, x: np.ndarray, m: np.ndarray, axis: int) -> np.ndarray:
    """``log(s)`` for ``s = sum(exp(x - m), axis)`` (kept dims), accurate when ``s`` is near 1.

    When one logit dominates, ``s = 1 + r`` with ``r`` tiny, and rounding
    ``1 + r`` loses the digits of ``r``: a loss of 1e-17 would come out as 0.
    For those slices ``r`` is summed on its own, without the largest term, and
    ``log1p(r)`` is returned (Blanchard, Higham and Higham, 2021).
    """
    with np.errstate(divide="ignore"):
        log_s = np.log(s)
    near = s < 1 + _NEAR_ONE
    if near.any():
        xs, ms, ls = (np.moveaxis(a, axis, -1) for a in (x, m, log_s))
        rows = np.moveaxis(near, axis, -1)[..., 0]
        z = xs[rows] - ms[rows]  # (k, n): only the slices that need it
        z[np.arange(z.shape[0]), np.argmax(z, axis=-1)] = -np.inf  # drop the largest term
        ls[rows] = np.log1p(np.sum(np.exp(z), axis=-1, keepdims=True))
    return log_s


def _shifted(x: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """The maxima along ``axis`` (kept dims) and ``x`` minus them, for finite-max slices."""
    m = _max_along(x, axis)
    finite = np.isfinite(m)
    if not finite.all():
        raise ValueError(
            "softmax is undefined for a slice of logits that contains +inf or is "
            "entirely -inf (found along axis "
            f"{axis}); use finite logits"
        )
    return m, x - m


def logsumexp(x: ArrayLike, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    r"""Compute :math:`\log \sum_i e^{x_i}` along ``axis`` without overflow.

    Parameters
    ----------
    x : array_like
        Logits.
    axis : int, optional
        The axis to reduce (default: the last).
    keepdims : bool, optional
        Keep the reduced axis with length 1 (default ``False``).

    Returns
    -------
    numpy.ndarray or numpy scalar
        The log-sum-exp of each slice; ``-inf`` for a slice that is all
        ``-inf`` and ``+inf`` for one that contains ``+inf``.

    Raises
    ------
    ValueError
        If ``x`` contains NaN, is a scalar, or is empty along ``axis``.

    Notes
    -----
    .. math:: \operatorname{LSE}(x) = m + \log \sum_i e^{x_i - m}, \qquad m = \max_i x_i

    Every exponent is at most 0, so nothing overflows, and the largest term
    is exactly 1, so the sum is at least 1 and its log is accurate.
    Introduced in the chapter *The cross-entropy loss*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> float(ce.logsumexp([1000.0, 1000.0]))  # naive: log(inf)
    1000.6931471805599

    """
    x = _logits(x)
    axis = check_axis(axis, x.ndim, "x")
    if x.shape[axis] == 0:
        raise ValueError(f"x is empty along axis {axis}")
    m = _max_along(x, axis)
    # Where the max is infinite (+inf, or all -inf) the answer is the max.
    m_safe = np.where(np.isfinite(m), m, 0)
    with np.errstate(invalid="ignore"):
        s = _sum_along(np.exp(x - m_safe), axis)
    out = _log_sum(s, x, m_safe, axis) + m_safe
    out = np.where(np.isfinite(m), out, m)
    if not keepdims:
        out = np.squeeze(out, axis=axis)
    return out[()]


def log_softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Log-probabilities :math:`\log \operatorname{softmax}(x)` along ``axis``.

    Parameters
    ----------
    x : array_like
        Logits.
    axis : int, optional
        The class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        ``x - logsumexp(x)`` along ``axis``: every entry at most 0, and
        ``-inf`` exactly where ``x`` is ``-inf``.

    Raises
    ------
    ValueError
        If ``x`` contains NaN or a slice has ``+inf`` or is all ``-inf``.

    Notes
    -----
    .. math:: \log q_i = x_i - \log \sum_j e^{x_j}

    Introduced in the chapter *The cross-entropy loss*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> ce.log_softmax([10000.0, 0.0]).tolist()
    [0.0, -10000.0]

    """
    x = _logits(x)
    axis = check_axis(axis, x.ndim, "x")
    m, shifted = _shifted(x, axis)
    s = _sum_along(np.exp(shifted), axis)
    shifted -= _log_sum(s, x, m, axis)
    return shifted


def softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Probabilities :math:`\operatorname{softmax}(x)` along ``axis``.

    Parameters
    ----------
    x : array_like
        Logits.
    axis : int, optional
        The class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        Non-negative entries that sum to 1 along ``axis``.

    Raises
    ------
    ValueError
        If ``x`` contains NaN or a slice has ``+inf`` or is all ``-inf``.

    Notes
    -----
    .. math:: q_i = \frac{e^{x_i}}{\sum_j e^{x_j}} = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}}

    Introduced in the chapter *The cross-entropy loss*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> ce.softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    >>> ce.softmax([1000.0, 0.0]).tolist()  # naive: inf / inf = nan
    [1.0, 0.0]

    """
    x = _logits(x)
    axis = check_axis(axis, x.ndim, "x")
    _, e = _shifted(x, axis)
    np.exp(e, out=e)
    e /= _sum_along(e, axis)
    return e


def sigmoid(x: ArrayLike) -> np.ndarray:
    r"""The logistic function :math:`\sigma(x) = 1 / (1 + e^{-x})`, elementwise.

    Parameters
    ----------
    x : array_like
        Logits (log-odds); ``-inf`` gives 0 and ``+inf`` gives 1.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Probabilities in [0, 1].

    Raises
    ------
    ValueError
        If ``x`` contains NaN.

    Notes
    -----
    Computed from :math:`e^{-|x|}`, which never overflows:
    :math:`\sigma(x) = 1 / (1 + e^{-x})` for :math:`x \ge 0` and
    :math:`e^{x} / (1 + e^{x})` otherwise.
    Introduced in the chapter *Binary cross-entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> ce.sigmoid([-10000.0, 0.0, 10000.0]).tolist()
    [0.0, 0.5, 1.0]

    """
    x = _logits(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))[()]


def log_sigmoid(x: ArrayLike) -> np.ndarray:
    r"""Compute :math:`\log \sigma(x)` elementwise, accurately for any ``x``.

    Parameters
    ----------
    x : array_like
        Logits; ``log_sigmoid(-x)`` is :math:`\log(1 - \sigma(x))`.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Values at most 0.

    Raises
    ------
    ValueError
        If ``x`` contains NaN.

    Notes
    -----
    .. math:: \log \sigma(x) = \min(x, 0) - \log\bigl(1 + e^{-|x|}\bigr)

    Introduced in the chapter *Binary cross-entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> ce.log_sigmoid([-10000.0, 0.0]).round(6).tolist()
    [-10000.0, -0.693147]

    """
    x = _logits(x)
    return (np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x))))[()]
