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

from crossentropy._rowwise import log_sum, max_along, sum_along
from crossentropy._validation import check_axis, check_bool, check_logits, check_softmax_defined

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax"]


def _shifted(x: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """The maxima along ``axis`` (kept dims) and ``x`` minus them, for finite-max slices.

    A difference below the most negative float is ``-inf``: its exponential is
    0, the exact value rounded, so the overflow is not an error.
    """
    m = max_along(x, axis)
    check_softmax_defined(x, m, "x", axis)
    with np.errstate(over="ignore"):
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
    TypeError
        If ``x`` is not numeric, ``axis`` not an integer or ``keepdims`` not a bool.

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
    x = check_logits(x, "x")
    axis = check_axis(axis, x.ndim, "x")
    keepdims = check_bool(keepdims, "keepdims")
    if x.shape[axis] == 0:
        raise ValueError(f"x is empty along axis {axis}: log-sum-exp needs a logit")
    m = max_along(x, axis)
    # Where the max is infinite (+inf, or all -inf) the answer is the max.
    m_safe = np.where(np.isfinite(m), m, 0)
    with np.errstate(over="ignore"):  # x - m below -max is -inf, whose exp is exactly 0
        s = sum_along(np.exp(x - m_safe), axis)
    out = log_sum(s, x, m_safe, axis) + m_safe
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
        ``x - logsumexp(x)`` along ``axis``: every entry at most 0, ``-inf``
        where ``x`` is ``-inf`` (and where the exact value is below the most
        negative float). An empty ``axis`` gives an empty result.

    Raises
    ------
    ValueError
        If ``x`` contains NaN or a slice has ``+inf`` or is all ``-inf``.
    TypeError
        If ``x`` is not numeric or ``axis`` not an integer.

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
    x = check_logits(x, "x")
    axis = check_axis(axis, x.ndim, "x")
    if x.shape[axis] == 0:
        return x.copy()
    m, shifted = _shifted(x, axis)
    s = sum_along(np.exp(shifted), axis)
    shifted -= log_sum(s, x, m, axis)
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
        Non-negative entries that sum to 1 along ``axis``; 0 where ``x`` is
        ``-inf``. An empty ``axis`` gives an empty result.

    Raises
    ------
    ValueError
        If ``x`` contains NaN or a slice has ``+inf`` or is all ``-inf``.
    TypeError
        If ``x`` is not numeric or ``axis`` not an integer.

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
    x = check_logits(x, "x")
    axis = check_axis(axis, x.ndim, "x")
    if x.shape[axis] == 0:
        return x.copy()
    _, e = _shifted(x, axis)
    np.exp(e, out=e)
    e /= sum_along(e, axis)
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
    TypeError
        If ``x`` is not numeric.

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
    x = check_logits(x, "x")
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
    TypeError
        If ``x`` is not numeric.

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
    x = check_logits(x, "x")
    return (np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x))))[()]
