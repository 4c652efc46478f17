"""The cross-entropy loss of classifiers, from logits or probabilities, and its gradient.

The semantics are PyTorch's ``torch.nn.functional.cross_entropy``,
``binary_cross_entropy`` and ``binary_cross_entropy_with_logits``, so that
what a reader learns here transfers, with three deliberate differences:

* the class axis is the **last** axis (PyTorch: axis 1), so logits of shape
  ``(..., C)`` with any leading batch shape work;
* exact mathematics instead of clamping: a true label given probability 0
  costs ``inf`` (PyTorch clamps ``log`` at -100 in ``binary_cross_entropy``),
  and a class with target probability 0 contributes 0 even when its logit is
  ``-inf`` (PyTorch gives NaN);
* an undefined result is an error, never a silent NaN: a ``'mean'`` over zero
  counted targets (every target ignored, or an empty batch) raises;
* an infinite logit that agrees with its label costs exactly 0 in
  ``binary_cross_entropy_with_logits`` (``z = +inf`` with ``y = 1``), where
  PyTorch computes ``inf - inf`` and returns NaN.

Logits may be any real number or ``-inf`` (probability 0); NaN and ``+inf``
are errors.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import (
    _first,
    _location,
    as_float_array,
    check_distribution,
    check_not_nan,
    check_probabilities,
    check_reduction,
    check_same_shape,
)
from crossentropy.logits import _log_sum, _max_last

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy_loss",
    "cross_entropy_loss_grad",
]


# --------------------------------------------------------------------------- helpers


def _check_weights(
    w: ArrayLike | None,
    name: str,
    shape: tuple[int, ...] | None,
    dtype: np.dtype,
    broadcast_to: tuple[int, ...] | None = None,
) -> np.ndarray | None:
    """Validate optional non-negative weights of an exact ``shape`` or broadcastable."""
    if w is None:
        return None
    w = as_float_array(w, name).astype(dtype, copy=False)
    if shape is not None and w.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (one weight per class), got {w.shape}")
    if broadcast_to is not None:
        try:
            ok = np.broadcast_shapes(w.shape, broadcast_to) == broadcast_to
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(
                f"{name} with shape {w.shape} does not broadcast to the shape {broadcast_to} "
                "of the input"
            )
    if w.size:
        check_not_nan(w, name)
        if not np.isfinite(w).all():
            bad = ~np.isfinite(w)
            raise ValueError(f"{name} must be finite, got {_first(w, bad)!r}{_location(bad)}")
        if w.min() < 0:
            bad = w < 0
            raise ValueError(f"{name} must be non-negative, got {_first(w, bad)!r}{_location(bad)}")
    return w


def _check_label_smoothing(label_smoothing: float) -> float:
    if isinstance(label_smoothing, bool) or not isinstance(label_smoothing, numbers.Real):
        raise TypeError(f"label_smoothing must be a number in [0, 1], got {label_smoothing!r}")
    if not 0.0 <= float(label_smoothing) <= 1.0:
        raise ValueError(f"label_smoothing must lie in [0, 1], got {label_smoothing!r}")
    return float(label_smoothing)


def _raise_for_bad_logits(x: np.ndarray) -> None:
    """Explain why rows of logits gave an undefined result (NaN or +inf)."""
    check_not_nan(x, "logits")
    bad = x == np.inf
    if bad.any():
        raise ValueError(
            f"logits contains +inf{_location(bad)}; the loss needs logits that are finite or -inf"
        )


@dataclass
class _Problem:
    """A validated cross-entropy problem, flattened to 2-D rows of C classes."""

    x: np.ndarray  # logits, (M, C)
    batch_shape: tuple[int, ...]
    n_classes: int
    weight: np.ndarray | None  # (C,)
    eps: float
    reduction: str
    index: np.ndarray | None  # (M,) class indices (0 where ignored), or None
    valid: np.ndarray | None  # (M,) rows not ignored, or None
    probs: np.ndarray | None  # (M, C) target probabilities, or None


def _cross_entropy_problem(
    logits: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> _Problem:
    x = as_float_array(logits, "logits")
    if x.ndim == 0:
        raise ValueError("logits must have a class axis (shape (C,) or (N, C)), got a scalar")
    n_classes = x.shape[-1]
    if n_classes == 0:
        raise ValueError("logits has no classes (its last axis is empty)")
    check_reduction(reduction)
    eps = _check_label_smoothing(label_smoothing)
    w = _check_weights(weight, "weight", (n_classes,), x.dtype)
    batch_shape = x.shape[:-1]
    t = np.asarray(target)
    x2 = x.reshape(-1, n_classes)
    if t.dtype.kind in "iu":
        if t.shape != batch_shape:
            raise ValueError(
                f"target of class indices must have shape {batch_shape} (logits.shape[:-1]), "
                f"got {t.shape}"
            )
        t = t.reshape(-1)
        valid = t != ignore_index
        out_of_range = valid & ((t < 0) | (t >= n_classes))
        if out_of_range.any():
            raise ValueError(
                f"target has class index {_first(t, out_of_range)}"
                f"{_location(out_of_range.reshape(batch_shape))}, outside [0, {n_classes - 1}] "
                f"and not ignore_index={ignore_index}"
            )
        index = np.where(valid, t, 0)
        return _Problem(x2, batch_shape, n_classes, w, eps, reduction, index, valid, None)
    if t.dtype.kind == "f":
        if t.shape != x.shape:
            raise ValueError(
                f"target of class probabilities must have the shape of logits {x.shape}, got "
                f"{t.shape} (for class indices, pass integers)"
            )
        if isinstance(ignore_index, numbers.Integral) and ignore_index >= 0:
            raise ValueError(
                "ignore_index applies to class-index targets only; with class probabilities "
                "leave it at its default"
            )
        t = t.astype(x.dtype, copy=False)
        check_distribution(t, "target", -1)
        return _Problem(
            x2, batch_shape, n_classes, w, eps, reduction, None, None, t.reshape(-1, n_classes)
        )
    raise TypeError(
        "target must hold integer class indices or floating class probabilities, got dtype "
        f"{t.dtype}"
    )


def _mean_denominator(pr: _Problem) -> np.ndarray | float:
    """What PyTorch's ``'mean'`` divides the summed loss by."""
    if pr.index is None:  # probability targets: the number of rows
        count = pr.x.shape[0]
    elif pr.weight is None:
        count = np.count_nonzero(pr.valid)
    else:
        count = np.sum(pr.weight[pr.index], where=pr.valid)
    if count == 0:
        raise ValueError(
            "reduction='mean' is undefined here: no target counts (an empty batch, every "
            "target equal to ignore_index, or every counted class with weight 0); use "
            "reduction='sum'"
        )
    return count


def _reduce_rows(pr: _Problem, loss: np.ndarray) -> np.ndarray:
    """Apply the problem's reduction to per-row losses (PyTorch's ``'mean'`` denominator)."""
    if pr.reduction == "none":
        return loss.reshape(pr.batch_shape)[()]
    total = loss.sum()
    if pr.reduction == "sum":
        return total
    return (total / _mean_denominator(pr)).astype(pr.x.dtype)


#: Bytes of logits handled at once: small enough for the block and its temporaries
#: to stay in the processor's cache, large enough that NumPy's per-call overhead
#: is negligible.
BLOCK_BYTES = 1 << 20


def _blocks(pr: _Problem) -> Iterator[slice]:
    """Slices of rows of about :data:`BLOCK_BYTES` of logits each.

    The loss makes a few passes over its logits (maximum, subtraction,
    exponential, sums); done on the whole array, every pass goes to main memory.
    Done a block of rows at a time, each block is read from memory once and the
    other passes hit the cache. Every operation inside a block is vectorised.
    """
    n_rows, n_classes = pr.x.shape
    step = max(1, BLOCK_BYTES // max(1, n_classes * pr.x.itemsize))
    for start in range(0, n_rows, step):
        yield slice(start, min(start + step, n_rows))


def _check_row_maxima(pr: _Problem, m: np.ndarray) -> None:
    """Raise for rows whose maximum is not finite: NaN, +inf, or all -inf."""
    if np.isfinite(m).all():
        return
    bad_rows = ~np.isfinite(m)
    if (m[bad_rows] == -np.inf).all() and not np.isnan(pr.x).any():
        raise ValueError(
            "logits has a row that is entirely -inf"
            f"{_location(bad_rows.reshape(pr.batch_shape))}: its softmax is undefined"
        )
    _raise_for_bad_logits(pr.x)


@dataclass
class _RowTerms:
    """Per-row sums from which every loss here is assembled (z = logits - row max)."""

    m: np.ndarray  # the row maxima
    log_s: np.ndarray  # log sum_c exp(z_c)
    z_target: np.ndarray  # z_y for class indices; sum_c a_c z_c for probabilities
    z_smooth: np.ndarray | None  # sum_c w_c z_c (w = 1 without weights), for smoothing


def _row_terms(pr: _Problem, smooth: bool) -> _RowTerms:
    """The per-row sums of the loss, a block of rows at a time (see :func:`_blocks`)."""
    x, w = pr.x, pr.weight
    n_rows, n_classes = x.shape
    ones = np.ones(n_classes, dtype=x.dtype)
    m = np.empty(n_rows, dtype=x.dtype)
    s = np.empty(n_rows, dtype=x.dtype)
    z_target = np.empty(n_rows, dtype=x.dtype)
    z_smooth = np.empty(n_rows, dtype=x.dtype) if smooth else None
    buffer = np.empty((min(n_rows, next(_blocks(pr)).stop), n_classes), dtype=x.dtype)
    with np.errstate(invalid="ignore"):  # bad rows (NaN, inf) are reported below
        for rows in _blocks(pr):
            z = buffer[: rows.stop - rows.start]
            m[rows] = _max_last(x[rows])[:, 0]
            np.subtract(x[rows], m[rows, None], out=z)
            if pr.index is not None:
                z_target[rows] = z[np.arange(z.shape[0]), pr.index[rows]]
            elif w is None:
                z_target[rows] = np.einsum("nc,nc->n", pr.probs[rows], z)
            else:
                z_target[rows] = np.einsum("nc,nc,c->n", pr.probs[rows], z, w)
            if smooth:
                z_smooth[rows] = z @ (w if w is not None else ones)
            np.exp(z, out=z)
            s[rows] = z @ ones
    _check_row_maxima(pr, m)
    log_s = _log_sum(s[:, None], x, m[:, None], 1)[:, 0]
    return _RowTerms(m, log_s, z_target, z_smooth)


# --------------------------------------------------------------------------- softmax CE


def cross_entropy_loss(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> np.ndarray:
    r"""Cross-entropy loss of a softmax classifier, computed from its logits.

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Unnormalised scores; the last axis holds the ``C`` classes.
    target : array_like
        Either integer class indices of shape ``logits.shape[:-1]``, or class
        probabilities (floats) of the same shape as ``logits``, each row a
        distribution.
    weight : array_like, shape (C,), optional
        A non-negative weight per class.
    ignore_index : int, optional
        A class-index target equal to this is left out of the loss and of the
        mean's denominator (default -100, as in PyTorch).
    reduction : {'mean', 'sum', 'none'}, optional
        ``'none'`` returns one loss per row; ``'sum'`` their sum; ``'mean'``
        (default) divides the sum by the total weight of the counted
        class-index targets, or by the number of rows for probability targets.
    label_smoothing : float, optional
        ``eps`` in [0, 1]: the target becomes ``(1 - eps) * target + eps / C``.

    Returns
    -------
    numpy.ndarray or numpy scalar
        The loss in nats.

    Raises
    ------
    ValueError
        If a shape does not match, a class index is out of range, a target
        row is not a distribution, a weight is negative, ``label_smoothing``
        is outside [0, 1], ``reduction`` is unknown, the logits hold NaN or
        ``+inf``, or ``'mean'`` would divide by zero.
    TypeError
        If ``target`` is neither integers nor floats, or an input is not
        numeric.

    Notes
    -----
    With :math:`\log q = \operatorname{log\_softmax}(z)` and a one-hot or
    probability target :math:`p` (after smoothing), the loss of a row is

    .. math:: \ell = -\sum_{c=1}^{C} w_c \, p_c \log q_c,

    which for a class index :math:`y` and no weights is :math:`-\log q_y`.
    This matches ``torch.nn.functional.cross_entropy`` with the class axis
    last. Introduced in the chapter *The cross-entropy loss*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> logits = [[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    >>> round(float(ce.cross_entropy_loss(logits, [0, 2])), 6)  # (log(1 + 2/e^2) + log 3) / 2
    0.669079
    >>> ce.cross_entropy_loss(logits, [0, -100], reduction="none").round(6).tolist()
    [0.239545, 0.0]

    """
    pr = _cross_entropy_problem(logits, target, weight, ignore_index, reduction, label_smoothing)
    C = pr.n_classes
    w = pr.weight
    eps = pr.eps
    # With a_c the unsmoothed target weights (w_y at the target class, or w_c p_c),
    # a row's loss is (1 - eps) * sum_c a_c (log_s - z_c) plus the smoothing term.
    rows = _row_terms(pr, smooth=bool(eps))
    m, log_s, z_target = rows.m, rows.log_s, rows.z_target
    if pr.index is not None:
        a_total = 1.0 if w is None else w[pr.index]
        if w is not None:
            z_target = a_total * z_target
    else:
        a_total = pr.probs.sum(axis=-1) if w is None else pr.probs @ w
    if eps:
        z_smooth = rows.z_smooth
        w_total = w.sum() if w is not None else C
    # -sum_c a_c log q_c = (sum_c a_c) * log_s - sum_c a_c z_c, with log q_c = z_c - log_s
    loss = (1 - eps) * (a_total * log_s - z_target)
    if eps:
        loss = loss + (eps / C) * (w_total * log_s - z_smooth)
    if pr.index is not None:
        loss = np.where(pr.valid, loss, 0.0)
    if np.isnan(loss).any():
        loss = _loss_with_neg_inf_logits(pr, log_s, m)
    return _reduce_rows(pr, loss.astype(pr.x.dtype, copy=False))


def _target_weights(pr: _Problem) -> np.ndarray:
    """The (M, C) matrix ``a`` with loss = -sum_c a_c log q_c, built densely (slow path)."""
    C = pr.n_classes
    w = pr.weight if pr.weight is not None else np.ones(C, dtype=pr.x.dtype)
    if pr.index is not None:
        a = np.zeros_like(pr.x)
        np.put_along_axis(a, pr.index[:, None], w[pr.index][:, None], axis=-1)
        a *= 1 - pr.eps
        a += (pr.eps / C) * w
        a[~pr.valid] = 0
        return a
    return ((1 - pr.eps) * pr.probs + pr.eps / C) * w


def _loss_with_neg_inf_logits(pr: _Problem, log_s: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Recompute the loss where 0 * -inf appeared: a class with target weight 0."""
    a = _target_weights(pr)
    neg_log_q = (log_s + m)[:, None] - pr.x  # +inf where the logit is -inf
    terms = np.zeros_like(pr.x)
    np.multiply(a, neg_log_q, out=terms, where=a > 0)
    return terms.sum(axis=-1)


def cross_entropy_loss_grad(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> np.ndarray:
    r"""Gradient of :func:`cross_entropy_loss` with respect to ``logits``.

    Takes the same arguments as :func:`cross_entropy_loss`.

    Returns
    -------
    numpy.ndarray
        An array of the shape of ``logits``. For ``reduction='none'``, row
        ``n`` is the gradient of ``loss[n]`` with respect to ``logits[n]``
        (equivalently, the gradient of ``loss.sum()``).

    Raises
    ------
    ValueError, TypeError
        As :func:`cross_entropy_loss`.

    Notes
    -----
    For a row with target weights :math:`a_c = w_c p_c` (the smoothed target
    times the class weights) the gradient is

    .. math:: \frac{\partial \ell}{\partial z_k} = q_k \sum_{c=1}^{C} a_c - a_k,

    which for a class index :math:`y` and no weights is the famous
    :math:`q - \operatorname{onehot}(y)`. ``'mean'`` divides by the same
    denominator as the loss. Introduced in the chapter *The cross-entropy loss*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> ce.cross_entropy_loss_grad([0.0, 0.0], 1).tolist()
    [0.5, -0.5]

    """
    pr = _cross_entropy_problem(logits, target, weight, ignore_index, reduction, label_smoothing)
    C = pr.n_classes
    w = pr.weight
    eps = pr.eps
    x = pr.x
    # First q = softmax(logits) into the output, a block of rows at a time.
    grad = np.empty_like(x)
    m = np.empty(x.shape[0], dtype=x.dtype)
    s = np.empty(x.shape[0], dtype=x.dtype)
    ones = np.ones(C, dtype=x.dtype)
    with np.errstate(invalid="ignore"):  # bad rows (NaN, inf) are reported below
        for block in _blocks(pr):
            m[block] = _max_last(x[block])[:, 0]
            np.subtract(x[block], m[block, None], out=grad[block])
            np.exp(grad[block], out=grad[block])
            s[block] = grad[block] @ ones
    _check_row_maxima(pr, m)
    # grad = q * a_total - a, with q = exp(z) / s: one scaling pass, then the targets.
    denominator = _mean_denominator(pr) if pr.reduction == "mean" else 1
    if pr.index is not None:
        rows = np.arange(grad.shape[0])
        w_target = w[pr.index] if w is not None else 1.0
        w_total = w.sum() if w is not None else C
        a_total = (1 - eps) * w_target + (eps / C) * w_total
        grad *= (a_total / (s * denominator))[:, None]
        if eps:
            grad -= (eps / (C * denominator)) * (w if w is not None else 1.0)
        grad[rows, pr.index] -= (1 - eps) * np.broadcast_to(w_target, rows.shape) / denominator
        if not pr.valid.all():
            grad[~pr.valid] = 0
    else:
        t = pr.probs
        a_total = (1 - eps) * (t @ w if w is not None else t.sum(axis=-1)) + (
            (eps / C) * (w.sum() if w is not None else C)
        )
        grad *= (a_total / (s * denominator))[:, None]
        grad -= ((1 - eps) / denominator) * (t * w if w is not None else t)
        if eps:
            grad -= (eps / (C * denominator)) * (w if w is not None else 1.0)
    return grad.astype(pr.x.dtype, copy=False).reshape((*pr.batch_shape, C))


def focal_loss(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    gamma: float = 2.0,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> np.ndarray:
    r"""Focal loss of a softmax classifier: cross-entropy that down-weights easy examples.

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Unnormalised scores; the last axis holds the classes.
    target : array_like of int
        Class indices of shape ``logits.shape[:-1]``.
    gamma : float, optional
        The focusing parameter :math:`\gamma \ge 0` (default 2, as in Lin et
        al.); ``gamma=0`` gives :func:`cross_entropy_loss` exactly.
    weight : array_like, shape (C,), optional
        A non-negative weight per class (the :math:`\alpha_c` of Lin et al.).
    ignore_index : int, optional
        Targets equal to this are left out, as in :func:`cross_entropy_loss`.
    reduction : {'mean', 'sum', 'none'}, optional
        As in :func:`cross_entropy_loss`: ``'mean'`` divides by the total
        weight of the counted targets.

    Returns
    -------
    numpy.ndarray or numpy scalar
        The loss in nats.

    Raises
    ------
    ValueError, TypeError
        As :func:`cross_entropy_loss`; also for a negative ``gamma`` or
        probability targets.

    Notes
    -----
    .. math:: \ell = -w_y \,(1 - q_y)^{\gamma} \log q_y

    :math:`1 - q_y` is computed as ``-expm1(log q_y)``, accurate when
    :math:`q_y` is close to 1. Introduced in the chapter *Cross-entropy in
    practice*; the loss is due to Lin et al. (2017).

    Examples
    --------
    >>> import crossentropy as ce
    >>> logits = [[3.0, 0.0], [0.0, 0.0]]
    >>> ce.focal_loss(logits, [0, 0], gamma=2, reduction="none").round(6).tolist()
    [0.000109, 0.173287]
    """
    if isinstance(gamma, bool) or not isinstance(gamma, numbers.Real) or not gamma >= 0:
        raise ValueError(f"gamma must be a number >= 0, got {gamma!r}")
    pr = _cross_entropy_problem(logits, target, weight, ignore_index, reduction, 0.0)
    if pr.index is None:
        raise ValueError("focal_loss takes class-index targets (integers), not probabilities")
    rows = _row_terms(pr, smooth=False)
    log_q = rows.z_target - rows.log_s
    loss = -((-np.expm1(log_q)) ** gamma) * log_q
    if pr.weight is not None:
        loss = loss * pr.weight[pr.index]
    return _reduce_rows(pr, np.where(pr.valid, loss, 0.0).astype(pr.x.dtype, copy=False))


# --------------------------------------------------------------------------- binary CE


def _reduce(loss: np.ndarray, reduction: str) -> np.ndarray:
    if reduction == "none":
        return loss[()]
    if reduction == "sum":
        return loss.sum()
    if loss.size == 0:
        raise ValueError("reduction='mean' over an empty input is undefined; use 'sum'")
    return (loss.sum() / np.asarray(loss.size, dtype=loss.dtype)).astype(loss.dtype)


def _binary_inputs(x: ArrayLike, x_name: str, target: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(as_float_array(x, x_name))
    y = np.asarray(as_float_array(target, "target"))
    dtype = np.result_type(x, y)
    x = x.astype(dtype, copy=False)
    y = y.astype(dtype, copy=False)
    check_same_shape(x, x_name, y, "target")
    check_probabilities(y, "target")
    return x, y


def binary_cross_entropy(
    prob: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> np.ndarray:
    r"""Binary cross-entropy between predicted probabilities and targets.

    Parameters
    ----------
    prob : array_like
        Predicted probabilities of the positive class, each in [0, 1].
    target : array_like
        Targets of the same shape, each in [0, 1] (usually 0 or 1).
    weight : array_like, optional
        Non-negative weights that broadcast to the shape of ``prob``.
    reduction : {'mean', 'sum', 'none'}, optional
        ``'mean'`` (default) averages over every element.

    Returns
    -------
    numpy.ndarray or numpy scalar
        The loss in nats. A true label predicted with probability 0 costs
        ``inf``: the exact value, not a clamped number.

    Raises
    ------
    ValueError
        If an entry is outside [0, 1] or NaN, the shapes differ, a weight is
        negative, or ``reduction`` is unknown.
    TypeError
        If an input is not numeric.

    Notes
    -----
    .. math:: \ell = -w \,[\, y \log x + (1 - y) \log(1 - x) \,], \qquad 0 \log 0 = 0.

    Prefer :func:`binary_cross_entropy_with_logits` when the model outputs
    logits: going through :math:`x = \sigma(z)` first rounds :math:`x` to 1
    once :math:`z` passes about 37 (float64) or 17 (float32), after which the
    loss of a negative example is ``inf`` although its true value is finite
    (about :math:`z`). PyTorch hides this by clamping :math:`\log` at -100;
    here the exact mathematics of the rounded input is returned instead.
    Introduced in the chapter *Binary cross-entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> round(float(ce.binary_cross_entropy([0.9, 0.2], [1.0, 0.0])), 6)
    0.164252
    >>> float(ce.binary_cross_entropy([0.0], [1.0]))
    inf

    """
    check_reduction(reduction)
    x, y = _binary_inputs(prob, "prob", target)
    check_probabilities(x, "prob")
    w = _check_weights(weight, "weight", None, x.dtype, broadcast_to=x.shape)
    with np.errstate(divide="ignore"):
        log_x = np.log(x)
        log_1mx = np.log1p(-x)
    terms = np.zeros(x.shape, dtype=x.dtype)
    np.multiply(y, log_x, out=terms, where=y > 0)
    neg = np.zeros(x.shape, dtype=x.dtype)
    np.multiply(1 - y, log_1mx, out=neg, where=y < 1)
    loss = 0.0 - (terms + neg)
    if w is not None:
        loss = loss * w
    return _reduce(loss, reduction)


def _bce_logits_inputs(logits, target, weight, pos_weight):
    x, y = _binary_inputs(logits, "logits", target)
    check_not_nan(x, "logits")
    w = _check_weights(weight, "weight", None, x.dtype, broadcast_to=x.shape)
    pw = _check_weights(pos_weight, "pos_weight", None, x.dtype, broadcast_to=x.shape)
    return x, y, w, pw


def binary_cross_entropy_with_logits(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    pos_weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> np.ndarray:
    r"""Binary cross-entropy computed stably from logits.

    Parameters
    ----------
    logits : array_like
        Log-odds of the positive class; any real number or ``±inf``.
    target : array_like
        Targets of the same shape, each in [0, 1].
    weight : array_like, optional
        Non-negative weights that broadcast to the shape of ``logits``.
    pos_weight : array_like, optional
        A non-negative weight on the positive term, broadcast along the last
        axis (one per class in multi-label problems): values above 1 raise
        recall, as for a rare positive class.
    reduction : {'mean', 'sum', 'none'}, optional
        ``'mean'`` (default) averages over every element.

    Returns
    -------
    numpy.ndarray or numpy scalar
        The loss in nats.

    Raises
    ------
    ValueError
        If ``logits`` holds NaN, a target is outside [0, 1], the shapes do not
        match, a weight is negative, or ``reduction`` is unknown.
    TypeError
        If an input is not numeric.

    Notes
    -----
    With :math:`\operatorname{softplus}(z) = \log(1 + e^{z}) = -\log \sigma(-z)`,

    .. math:: \ell = w \,[\, p_w \, y \operatorname{softplus}(-z)
              + (1 - y) \operatorname{softplus}(z) \,],

    each softplus evaluated as :math:`\max(z, 0) + \log(1 + e^{-|z|})`, which
    never overflows and loses no digits. This matches
    ``torch.nn.functional.binary_cross_entropy_with_logits``.
    Introduced in the chapter *Binary cross-entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> round(float(ce.binary_cross_entropy_with_logits([0.0], [1.0])), 6)
    0.693147
    >>> ce.binary_cross_entropy_with_logits([-1000.0], [1.0], reduction="none").tolist()
    [1000.0]

    """
    check_reduction(reduction)
    x, y, w, pw = _bce_logits_inputs(logits, target, weight, pos_weight)
    tail = np.log1p(np.exp(-np.abs(x)))
    softplus_pos = np.maximum(x, 0) + tail  # -log(1 - sigma(x))
    softplus_neg = np.maximum(-x, 0) + tail  # -log sigma(x)
    pos = np.zeros(x.shape, dtype=x.dtype)
    np.multiply(y, softplus_neg, out=pos, where=y > 0)
    if pw is not None:
        pos = pos * pw
    neg = np.zeros(x.shape, dtype=x.dtype)
    np.multiply(1 - y, softplus_pos, out=neg, where=y < 1)
    loss = pos + neg
    if w is not None:
        loss = loss * w
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits_grad(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    pos_weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to ``logits``.

    Takes the same arguments as :func:`binary_cross_entropy_with_logits`.

    Returns
    -------
    numpy.ndarray
        An array of the shape of ``logits``; for ``reduction='none'`` entry
        ``i`` is the derivative of ``loss[i]``.

    Notes
    -----
    .. math:: \frac{\partial \ell}{\partial z} = w \,[(1 - y)\,\sigma(z) - p_w\, y\, \sigma(-z)],

    which is :math:`\sigma(z) - y` without weights: the error of the
    predicted probability, never vanishing while the prediction is wrong.
    Introduced in the chapter *Binary cross-entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> ce.binary_cross_entropy_with_logits_grad([0.0, 0.0], [1.0, 0.0],
    ...                                          reduction="none").tolist()
    [-0.5, 0.5]

    """
    from crossentropy.logits import sigmoid

    check_reduction(reduction)
    x, y, w, pw = _bce_logits_inputs(logits, target, weight, pos_weight)
    s_pos = np.asarray(sigmoid(x))
    s_neg = np.asarray(sigmoid(-x))
    grad = (1 - y) * s_pos - (y * pw if pw is not None else y) * s_neg
    if w is not None:
        grad = grad * w
    if reduction == "mean":
        if grad.size == 0:
            raise ValueError("reduction='mean' over an empty input is undefined; use 'sum'")
        grad = grad / np.asarray(grad.size, dtype=grad.dtype)
    return np.asarray(grad, dtype=x.dtype)
