r"""Two variables from their joint table: joint and conditional entropy, mutual information.

A joint distribution of two discrete variables is a table ``pxy`` with
``pxy[x, y]`` the probability that :math:`X = x` and :math:`Y = y`: :math:`X`
along axis 0, :math:`Y` along axis 1, non-negative entries that sum to 1 over
the whole table. Nothing is renormalised; a table of counts is an error (divide
it by its total first). Results are in nats, or in bits with ``base=2``.

The quantities are computed term by term from the table, never as differences
of entropies, so that the identities hold without cancellation error:
:math:`H(Y \mid X)` is a sum of non-negative terms :math:`p(x, y) \log (p(x) /
p(x, y))`, and :math:`I(X; Y)` is never negative and exactly 0 for a table that
is the product of its marginals (Cover & Thomas, sections 2.2 to 2.4).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import (
    as_array,
    as_float_array,
    check_base,
    check_probabilities,
    log_base,
    precision_of,
    sum_tolerance,
)

__all__ = ["conditional_entropy", "joint_entropy", "mutual_information"]

#: A table whose every positive entry is within this many machine epsilons (relative)
#: of the product of its marginals is independent to its own precision (see
#: :func:`mutual_information`).
_INDEPENDENCE_ULPS = 64


def _joint_table(pxy: ArrayLike, name: str, *, two_d: bool) -> np.ndarray:
    """Validate a joint probability table: entries in [0, 1] summing to 1 over all axes."""
    given = as_array(pxy, name)
    table = as_float_array(given, name)
    if two_d and table.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D joint table (X along axis 0, Y along axis 1), "
            f"got an array with {table.ndim} dimension(s) of shape {table.shape}"
        )
    if table.ndim == 0:
        raise ValueError(f"{name} must be a joint table (an array), got a scalar")
    if table.size == 0:
        raise ValueError(f"{name} is empty (shape {table.shape}): a table needs an outcome")
    check_probabilities(table, name)
    total = table.sum()
    if abs(total - 1) > sum_tolerance(precision_of(given)):
        raise ValueError(
            f"{name} does not sum to 1 over all its entries (sum {total.item()!r}); "
            f"a joint table is not renormalised silently: divide by {name}.sum() if "
            "it holds counts"
        )
    return table


def _p_log_ratio(p: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``p * log(num / den)`` where ``p > 0`` and 0 elsewhere, finite where ``num / den`` is not.

    Where the ratio overflows (a tiny ``den``), ``log num - log den`` is used
    instead; ``num`` and ``den`` are positive wherever ``p`` is.
    """
    positive = p > 0
    ratio = np.ones(p.shape, dtype=p.dtype)
    with np.errstate(over="ignore"):
        np.divide(num, den, out=ratio, where=positive)
    log_ratio = np.log(ratio)
    overflowed = np.isinf(log_ratio)
    if overflowed.any():
        log_ratio[overflowed] = np.log(num[overflowed]) - np.log(den[overflowed])
    return np.where(positive, p * log_ratio, 0.0)


def joint_entropy(pxy: ArrayLike, base: float | None = None) -> np.ndarray:
    r"""Joint entropy :math:`H(X, Y)` of a joint probability table (over all its axes).

    Parameters
    ----------
    pxy : array_like
        The joint distribution: ``pxy[x, y]`` is :math:`p(x, y)`. Any number of
        axes (one per variable); non-negative entries summing to 1 over the
        whole table.
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits.

    Returns
    -------
    numpy scalar
        :math:`-\sum_{x, y} p(x, y) \log p(x, y)`, the entropy of the table read as
        one distribution over pairs; ``0 log 0 = 0``.

    Raises
    ------
    ValueError
        If ``pxy`` is a scalar or empty, has an entry that is NaN, negative or
        above 1, does not sum to 1, or ``base`` is invalid.
    TypeError
        If ``pxy`` is not numeric, or ``base`` has the wrong type.

    Notes
    -----
    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y) = H(X) + H(Y \mid X)

    The book writes it :math:`H(p_{XY})`, since :math:`H(p, q)` is the
    cross-entropy. Introduced in the chapter *What one variable tells about another*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> float(ce.joint_entropy([[0.25, 0.25], [0.25, 0.25]], base=2))  # two fair coins
    2.0
    >>> float(ce.joint_entropy([[0.5, 0.0], [0.0, 0.5]], base=2))  # one coin, seen twice
    1.0

    """
    table = _joint_table(pxy, "pxy", two_d=False)
    log_of_base = check_base(base)
    flat = table.reshape(-1)
    result = 0.0 - np.sum(_p_log_ratio(flat, flat, np.ones_like(flat)))
    return log_base(table.dtype.type(result), log_of_base)


def conditional_entropy(pxy: ArrayLike, base: float | None = None) -> np.ndarray:
    r"""Conditional entropy :math:`H(Y \mid X)` of a 2-D joint table, :math:`X` along axis 0.

    Parameters
    ----------
    pxy : array_like
        The joint distribution, shape ``(n_x, n_y)``: ``pxy[x, y]`` is
        :math:`p(x, y)`. For :math:`H(X \mid Y)`, pass ``pxy.T``.
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits.

    Returns
    -------
    numpy scalar
        The uncertainty left about :math:`Y` once :math:`X` is known, averaged
        over :math:`X`: between 0 (:math:`Y` is a function of :math:`X`) and
        :math:`H(Y)` (independence).

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty, has an entry that is NaN, negative or
        above 1, does not sum to 1, or ``base`` is invalid.
    TypeError
        If ``pxy`` is not numeric, or ``base`` has the wrong type.

    Notes
    -----
    .. math::

        H(Y \mid X) = \sum_x p(x) \, H(p(\cdot \mid x))
                    = \sum_{x, y} p(x, y) \log \frac{p(x)}{p(x, y)}

    Computed from the second form, a sum of non-negative terms, so it is never
    negative (the difference :math:`H(X, Y) - H(X)` can come out as
    ``-1e-17``). Introduced in the chapter *What one variable tells about another*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> pxy = [[0.5, 0.0], [0.25, 0.25]]  # X = 0 fixes Y; X = 1 leaves a fair coin
    >>> float(ce.conditional_entropy(pxy, base=2))  # half the time, one bit
    0.5
    >>> float(ce.conditional_entropy([[0.5, 0.0], [0.0, 0.5]]))
    0.0

    """
    table = _joint_table(pxy, "pxy", two_d=True)
    log_of_base = check_base(base)
    px = table.sum(axis=1, keepdims=True)  # >= every entry of its row: rounding is monotone
    result = np.sum(_p_log_ratio(table, np.broadcast_to(px, table.shape), table))
    return log_base(table.dtype.type(max(result, 0.0)), log_of_base)


def mutual_information(pxy: ArrayLike, base: float | None = None) -> np.ndarray:
    r"""Mutual information :math:`I(X; Y)` of a 2-D joint table, :math:`X` along axis 0.

    Parameters
    ----------
    pxy : array_like
        The joint distribution, shape ``(n_x, n_y)``: ``pxy[x, y]`` is
        :math:`p(x, y)`. A contingency table of counts must be divided by its
        total first.
    base : float, optional
        Base of the logarithm: ``None`` (default) for nats, ``2`` for bits.

    Returns
    -------
    numpy scalar
        What knowing one variable tells about the other, on average: never
        negative, at most :math:`\min(H(X), H(Y))`, symmetric
        (``mutual_information(pxy.T)`` is the same), and exactly 0 for a table
        that is the product of its marginals.

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty, has an entry that is NaN, negative or
        above 1, does not sum to 1, or ``base`` is invalid.
    TypeError
        If ``pxy`` is not numeric, or ``base`` has the wrong type.

    Notes
    -----
    .. math::

        I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x) \, p(y)}
                = D_{\mathrm{KL}}(p_{XY} \,\|\, p_X \otimes p_Y)
                = H(Y) - H(Y \mid X)

    Computed term by term as :math:`p(x, y) \log (p(y \mid x) / p(y))`, which
    neither underflows nor overflows. A table whose every positive entry is
    within 64 machine epsilons (relative) of :math:`p(x) p(y)` is independent
    to the precision it is stored in: its exact mutual information is at most
    the :math:`\chi^2` divergence from the product, below :math:`(64 \epsilon)^2`
    (about :math:`2 \times 10^{-28}` nats in float64), and the result is 0
    rather than the rounding noise of the sum. Negative rounding is returned
    as 0. Introduced in the chapter *What one variable tells about another*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> float(ce.mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2))  # Y = X
    1.0
    >>> float(ce.mutual_information([[0.08, 0.12], [0.32, 0.48]]))  # independent
    0.0

    """
    table = _joint_table(pxy, "pxy", two_d=True)
    log_of_base = check_base(base)
    zero = table.dtype.type(0.0)
    px = np.broadcast_to(table.sum(axis=1, keepdims=True), table.shape)
    py = np.broadcast_to(table.sum(axis=0, keepdims=True), table.shape)
    positive = table > 0
    product = px[positive] * py[positive]
    eps = float(np.finfo(precision_of(as_array(pxy, "pxy"))).eps)
    with np.errstate(under="ignore"):
        deviation = np.abs(table[positive] - product)
    if np.all(deviation <= _INDEPENDENCE_ULPS * eps * product):
        return log_base(zero, log_of_base)
    # p(y | x) = p(x, y) / p(x) lies in (0, 1] where p(x, y) > 0: no underflow.
    conditional = np.ones(table.shape, dtype=table.dtype)
    np.divide(table, px, out=conditional, where=positive)
    result = np.sum(_p_log_ratio(table, conditional, py))
    return log_base(table.dtype.type(max(result, 0.0)), log_of_base)
