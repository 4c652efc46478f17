"""Row-wise reductions shared by :mod:`crossentropy.logits` and :mod:`crossentropy.losses`.

Fast, exact building blocks of log-sum-exp: the maximum of each slice, the
sum of each slice, and the logarithm of a sum of exponentials that keeps its
digits when one term dominates. Also the sum and mean of a loss, which never
overflow where the exact value is finite.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = [
    "BLOCK_BYTES",
    "NEAR_ONE",
    "RowFunctional",
    "log_sum",
    "max_along",
    "max_last",
    "mean",
    "softmax_rows",
    "sum_along",
    "total",
]


def max_last(x: np.ndarray) -> np.ndarray:
    """The maximum over the last axis (kept), fast for many short rows.

    NumPy reduces short contiguous rows one row at a time; halving the rows
    with elementwise ``maximum`` instead uses the vector units on all of them
    at once. The result is exactly ``x.max(axis=-1, keepdims=True)``.

    Examples
    --------
    >>> import numpy as np
    >>> from crossentropy._rowwise import max_last
    >>> max_last(np.arange(20.0).reshape(2, 10)).tolist()
    [[9.0], [19.0]]

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


def max_along(x: np.ndarray, axis: int) -> np.ndarray:
    """``x.max(axis, keepdims=True)``, with the fast path for the last axis."""
    return max_last(x) if axis == x.ndim - 1 else np.max(x, axis=axis, keepdims=True)


def sum_along(x: np.ndarray, axis: int) -> np.ndarray:
    """``x.sum(axis, keepdims=True)``; rows of a last axis are summed by BLAS."""
    if axis == x.ndim - 1 and x.ndim >= 2:
        return (x @ np.ones(x.shape[-1], dtype=x.dtype))[..., None]
    return np.sum(x, axis=axis, keepdims=True)


#: Sums of exp(x - max) below 1 + this are corrected with log1p (see log_sum).
NEAR_ONE = 2.0**-20


def log_sum(s: np.ndarray, x: np.ndarray, m: np.ndarray, axis: int) -> np.ndarray:
    """``log(s)`` for ``s = sum(exp(x - m), axis)`` (kept dims), accurate when ``s`` is near 1.

    When one logit dominates, ``s = 1 + r`` with ``r`` tiny, and rounding
    ``1 + r`` loses the digits of ``r``: a loss of 1e-17 would come out as 0.
    For those slices ``r`` is summed on its own, without the largest term, and
    ``log1p(r)`` is returned (Blanchard, Higham and Higham, 2021). Each slice
    is corrected on its own: the result of a slice never depends on the others.
    """
    with np.errstate(divide="ignore"):
        log_s = np.log(s)
    near = s < 1 + NEAR_ONE
    if near.any():
        xs, ms, ls = (np.moveaxis(a, axis, -1) for a in (x, m, log_s))
        rows = np.moveaxis(near, axis, -1)[..., 0]
        with np.errstate(over="ignore"):  # x - m below -max is -inf: exp gives 0, as it should
            z = xs[rows] - ms[rows]  # (k, n): only the slices that need it
        z[np.arange(z.shape[0]), np.argmax(z, axis=-1)] = -np.inf  # drop the largest term
        ls[rows] = np.log1p(np.sum(np.exp(z), axis=-1, keepdims=True))
    return log_s


def total(values: np.ndarray) -> np.ndarray:
    """``values.sum()``; ``inf`` without a warning when the exact sum exceeds the largest float."""
    with np.errstate(over="ignore"):
        return values.sum()


def mean(values: np.ndarray, denominator: Callable[[], float | np.ndarray]) -> np.ndarray:
    """``values.sum() / denominator()`` in the dtype of ``values``, finite when the exact mean is.

    The sum of finite losses can overflow although their mean does not (two
    losses of 1e308); then the terms are divided first.
    """
    count = np.asarray(denominator(), dtype=values.dtype)
    s = total(values)
    if np.isinf(s) and np.isfinite(values).all():
        with np.errstate(over="ignore"):
            return np.sum(values / count).astype(values.dtype)
    return (s / count).astype(values.dtype)


#: Bytes of logits handled at once by :func:`softmax_rows`: small enough for the block
#: and its temporaries to stay in the processor's cache, large enough that NumPy's
#: per-call overhead is negligible.
BLOCK_BYTES = 1 << 20

#: A function of a block of shifted logits ``z`` (its rows ``rows`` of the whole) to one
#: number per row, evaluated by :func:`softmax_rows` while the block is in the cache.
RowFunctional = Callable[[np.ndarray, slice], np.ndarray]


def softmax_rows(
    x: np.ndarray, functionals: Sequence[RowFunctional] = (), exp_out: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """One pass over (M, C) logits: row maxima, sums of exponentials, and row functionals.

    For each block of rows, ``z = x - m`` (``m`` the row maximum) is formed
    once; every functional is evaluated on it, then it is exponentiated and
    summed. The block is read from memory once and the other passes hit the
    cache; every operation inside a block is vectorised.

    Parameters
    ----------
    x : numpy.ndarray, shape (M, C)
        Logits.
    functionals : sequence of callables, optional
        ``f(z, rows)`` giving one number per row of the block.
    exp_out : numpy.ndarray, shape (M, C), optional
        Where to leave ``exp(z)`` (the gradient starts from it); by default a
        block-sized buffer is reused.

    Returns
    -------
    m, s : numpy.ndarray, shape (M,)
        The row maxima and ``sum_c exp(x_c - m)``.
    values : list of numpy.ndarray, shape (M,)
        One per functional.

    Notes
    -----
    A row whose maximum is not finite (NaN, ``+inf``, all ``-inf``) gives
    meaningless sums, without a warning: the caller checks ``m``. A
    difference below the most negative float is ``-inf`` (its exponential, 0,
    is exact); a functional that meets ``0 * -inf`` gives NaN for that row
    alone, which the caller recomputes.
    """
    n_rows, n_classes = x.shape
    step = max(1, BLOCK_BYTES // max(1, n_classes * x.itemsize))
    m = np.empty(n_rows, dtype=x.dtype)
    s = np.empty(n_rows, dtype=x.dtype)
    values = [np.empty(n_rows, dtype=x.dtype) for _ in functionals]
    ones = np.ones(n_classes, dtype=x.dtype)
    out = exp_out if exp_out is not None else np.empty((min(n_rows, step), n_classes), x.dtype)
    with np.errstate(invalid="ignore", over="ignore"):
        for start in range(0, n_rows, step):
            rows = slice(start, min(start + step, n_rows))
            z = out[rows] if exp_out is not None else out[: rows.stop - rows.start]
            m[rows] = max_last(x[rows])[:, 0]
            np.subtract(x[rows], m[rows, None], out=z)
            for f, v in zip(functionals, values, strict=True):
                v[rows] = f(z, rows)
            np.exp(z, out=z)
            s[rows] = z @ ones
    return m, s, values
