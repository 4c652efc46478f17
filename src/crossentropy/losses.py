"""The cross-entropy loss of classifiers, from logits or probabilities, and its gradient.

The semantics are PyTorch's ``torch.nn.functional.cross_entropy``,
``binary_cross_entropy`` and ``binary_cross_entropy_with_logits``, so that
what a reader learns here transfers, with these deliberate differences:

* the class axis is the **last** axis (PyTorch: axis 1), so logits of shape
  ``(..., C)`` with any leading batch shape work;
* exact mathematics instead of clamping: a true label given probability 0
  costs ``inf`` (PyTorch clamps ``log`` at -100 in ``binary_cross_entropy``),
  and a class with target probability 0 contributes 0 even when its logit is
  ``-inf`` (PyTorch gives NaN);
* an undefined result is an error, never a silent NaN: a ``'mean'`` over zero
  counted targets (an empty batch, or every target ignored) raises a
  ``ValueError`` (PyTorch returns NaN); ``'sum'`` and ``'none'`` of an empty
  batch are 0 and an empty array, as in PyTorch;
* a zero weight (``weight``, ``pos_weight``, a class weight) times an infinite
  term is 0, never NaN;
* an infinite logit that agrees with its label costs exactly 0 in
  ``binary_cross_entropy_with_logits`` (``z = +inf`` with ``y = 1``), where
  PyTorch computes ``inf - inf`` and returns NaN.

Logits may be any real number or ``-inf`` (probability 0); NaN and ``+inf``
are errors. A loss is the exact value correctly rounded: ``inf`` only where
the exact loss exceeds the largest float, and each row's loss depends on that
row alone.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._rowwise import RowFunctional, log_sum, mean, softmax_rows, total
from crossentropy._targets import ClassIndices, SoftmaxProblem, softmax_problem
from crossentropy._validation import (
    as_float_array,
    check_not_nan,
    check_probabilities,
    check_real,
    check_reduction,
    check_same_shape,
    check_softmax_defined,
    check_weights,
)
from crossentropy.logits import sigmoid

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy_loss",
    "cross_entropy_loss_grad",
    "focal_loss",
]


# --------------------------------------------------------------------------- softmax losses


def _softmax_sums(
    pr: SoftmaxProblem, functionals: list[RowFunctional]
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Row maxima, ``log sum exp(z)`` and the functionals of ``z``, for valid logits only."""
    m, s, values = softmax_rows(pr.x, functionals)
    _check_maxima(pr, m)
    log_s = log_sum(s[:, None], pr.x, m[:, None], 1)[:, 0]
    return m, log_s, values


def _check_maxima(pr: SoftmaxProblem, m: np.ndarray) -> None:
    """Raise for rows whose maximum is not finite (NaN, +inf, all -inf), located in ``logits``."""
    shape = (*pr.batch_shape, pr.n_classes)
    check_softmax_defined(
        pr.x.reshape(shape), m.reshape((*pr.batch_shape, 1)), "logits", len(shape) - 1
    )


def _exact_losses(x: np.ndarray, a: np.ndarray, m: np.ndarray, log_s: np.ndarray) -> np.ndarray:
    """``-sum_c a_c log q_c`` of (k, C) rows, term by term (the rows the fast path could not do).

    A term with ``a_c = 0`` is 0 even where ``log q_c = -inf``. Every term is
    formed at half scale, ``-log q_c / 2 = (m + log_s - x_c) / 2``, which never
    overflows for finite logits; the result is ``inf`` only where the exact loss
    exceeds the largest float.
    """
    with np.errstate(over="ignore"):
        half = (0.5 * m + 0.5 * log_s)[:, None] - 0.5 * x  # +inf where x = -inf
        terms = np.zeros_like(x)
        np.multiply(a, half, out=terms, where=a > 0)
        return 2 * terms.sum(axis=-1)


def _row_losses(pr: SoftmaxProblem) -> np.ndarray:
    """The cross-entropy of every row: fast from row sums, exact where that is not finite.

    With ``T`` the target weights, ``z = x - max`` and ``log q_c = z_c - log_s``,
    a row's loss is ``(1 - eps) (sum_c T_c log_s - sum_c T_c z_c)`` plus the
    smoothing term ``(eps / C) (sum_c w_c log_s - sum_c w_c z_c)``. Where that
    is not finite (``0 * -inf`` from a zero weight on a ``-inf`` logit, or a
    sum of huge terms), the row is recomputed term by term by
    :func:`_exact_losses`, and only that row.
    """
    target, eps, w = pr.target, pr.eps, pr.weight
    functionals: list[RowFunctional] = [target.dot]
    if eps:
        functionals.append(lambda z, rows: z @ w)
    m, log_s, values = _softmax_sums(pr, functionals)
    with np.errstate(invalid="ignore", over="ignore"):  # rows that are not finite are redone
        loss = target.total() * log_s - values[0]
        if eps:
            loss *= 1 - eps
            loss += (eps / pr.n_classes) * (w.sum() * log_s - values[1])
    if not target.all_counted:
        loss[~target.counted] = 0
    bad = ~np.isfinite(loss)
    if bad.any():
        rows = np.flatnonzero(bad)
        loss[rows] = _exact_losses(pr.x[rows], pr.target_weights(rows), m[rows], log_s[rows])
    return loss


def _reduce_rows(pr: SoftmaxProblem, loss: np.ndarray) -> np.ndarray:
    """Apply the problem's reduction to per-row losses (PyTorch's ``'mean'`` denominator)."""
    if pr.reduction == "none":
        return loss.reshape(pr.batch_shape)[()]
    if pr.reduction == "sum":
        return total(loss)
    return mean(loss, pr.target.mean_denominator)


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
        The loss in nats, in the dtype of the logits (with probability
        targets, the wider of the two dtypes, as in PyTorch). A term
        :math:`-a_c \log q_c` is 0 where its target weight :math:`a_c` is 0
        (even where :math:`q_c = 0`) and ``inf`` where :math:`a_c > 0 = q_c`.
        An empty batch gives an empty array (``'none'``) or 0 (``'sum'``).

    Raises
    ------
    ValueError
        If a shape does not match, a class index is out of range, a target
        row is not a distribution, a weight is negative or not finite,
        ``label_smoothing`` is outside [0, 1], ``reduction`` is unknown, the
        logits hold NaN or ``+inf`` or a row that is all ``-inf``, or
        ``'mean'`` would divide by zero: an empty batch, every target
        ignored, or every counted target with weight 0 (PyTorch returns NaN).
    TypeError
        If ``target`` is neither integers nor floats, an input is not numeric
        or is a masked array, or a scalar argument has the wrong type.

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
    pr = softmax_problem(logits, target, weight, ignore_index, reduction, label_smoothing)
    return _reduce_rows(pr, _row_losses(pr))


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
        An array of the shape and dtype of ``logits``, always finite. For
        ``reduction='none'``, row ``n`` is the gradient of ``loss[n]`` with
        respect to ``logits[n]`` (equivalently, the gradient of
        ``loss.sum()``); ignored rows are 0. An empty batch gives an empty
        array for ``'none'`` and ``'sum'``.

    Raises
    ------
    ValueError, TypeError
        As :func:`cross_entropy_loss`, including ``'mean'`` of an empty batch.

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
    pr = softmax_problem(logits, target, weight, ignore_index, reduction, label_smoothing)
    target_, eps, w, n_classes = pr.target, pr.eps, pr.weight, pr.n_classes
    # q = softmax(logits) starts in the output, from the same kernel as the loss.
    grad = np.empty_like(pr.x)
    m, s, _ = softmax_rows(pr.x, exp_out=grad)
    _check_maxima(pr, m)
    # grad = q * a_total - a, with q = exp(z) / s: one scaling pass, then the targets.
    d = target_.mean_denominator() if pr.reduction == "mean" else 1.0
    a_total = target_.total()
    if eps:
        a_total = (1 - eps) * a_total + (eps / n_classes) * w.sum()
    grad *= (a_total / (s * d))[:, None]
    target_.subtract(grad, (1 - eps) / d)
    if eps:
        grad -= (eps / (n_classes * d)) * w
    if not target_.all_counted:
        grad[~target_.counted] = 0
    return grad.astype(pr.logits_dtype, copy=False).reshape((*pr.batch_shape, n_classes))


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
        The loss in nats; 0 for a target with weight 0 (even where
        :math:`q_y = 0`), ``inf`` where :math:`q_y = 0` otherwise. An empty
        batch gives an empty array (``'none'``) or 0 (``'sum'``).

    Raises
    ------
    ValueError
        As :func:`cross_entropy_loss` (including ``'mean'`` of an empty
        batch); also for a negative or non-finite ``gamma``, or probability
        targets.
    TypeError
        As :func:`cross_entropy_loss`; also if ``gamma`` is not a number.

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
    gamma = check_real(gamma, "gamma", minimum=0)
    pr = softmax_problem(logits, target, weight, ignore_index, reduction, 0.0)
    if not isinstance(pr.target, ClassIndices):
        raise ValueError("focal_loss takes class-index targets (integers), not probabilities")
    row_weight = pr.target.row_weight
    _, log_s, (z_target,) = _softmax_sums(pr, [pr.target.picked])
    log_q = z_target - log_s
    focus = (0.0 - np.expm1(log_q)) ** gamma  # (1 - q)^gamma, accurate when q is near 1
    loss = np.zeros_like(log_q)
    # A zero weight (or an ignored row) times an infinite -log q is 0; beyond the
    # largest float is inf, the exact value rounded.
    with np.errstate(over="ignore"):
        np.multiply(row_weight * focus, 0.0 - log_q, out=loss, where=row_weight > 0)
    return _reduce_rows(pr, loss)


# --------------------------------------------------------------------------- binary CE


def _reduce(loss: np.ndarray, reduction: str) -> np.ndarray:
    if reduction == "none":
        return loss[()]
    if reduction == "sum":
        return total(loss)
    return mean(loss, lambda: _element_count(loss))


def _element_count(values: np.ndarray) -> int:
    """What ``'mean'`` divides by in the binary losses: the number of elements (never 0)."""
    if values.size == 0:
        raise ValueError("reduction='mean' is undefined: target is empty; use reduction='sum'")
    return values.size


def _binary_inputs(x: ArrayLike, x_name: str, target: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(as_float_array(x, x_name))
    y = np.asarray(as_float_array(target, "target"))
    dtype = np.result_type(x, y)
    x = x.astype(dtype, copy=False)
    y = y.astype(dtype, copy=False)
    check_same_shape(x, x_name, y, "target")
    check_probabilities(y, "target")
    return x, y


def _weighted(
    coefficient: np.ndarray, terms: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """``coefficient * terms`` with ``0 * inf = 0``: a term with zero weight contributes nothing."""
    result = np.zeros(terms.shape, dtype=terms.dtype) if out is None else out
    with np.errstate(over="ignore"):  # beyond the largest float is inf, the value rounded
        np.multiply(coefficient, terms, out=result, where=coefficient > 0)
    return result


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
        ``inf``: the exact value, not a clamped number. A term with weight 0
        (``w y = 0`` or ``w (1 - y) = 0``) is 0, also where its logarithm is
        ``-inf``.

    Raises
    ------
    ValueError
        If an entry is outside [0, 1] or NaN, the shapes differ, a weight is
        negative or not finite, ``reduction`` is unknown, or ``'mean'`` of an
        empty input (PyTorch returns NaN).
    TypeError
        If an input is not numeric or is a masked array, or ``reduction`` is
        not a string.

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
    w = 1.0 if weight is None else check_weights(weight, "weight", x.dtype, broadcast_to=x.shape)
    with np.errstate(divide="ignore"):
        log_x = np.log(x)  # -inf at x = 0
        log_1mx = np.log1p(-x)  # -inf at x = 1
    # The weights of the two terms, w y and w (1 - y): a term with weight 0 is 0 (0 log 0 = 0).
    loss = _weighted(w * y, 0.0 - log_x)
    loss += _weighted(w * (1 - y), 0.0 - log_1mx)
    return _reduce(loss, reduction)


def _bce_logits_inputs(
    logits: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None,
    pos_weight: ArrayLike | None,
    reduction: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The logits and the weights of the two terms: ``w p_w y`` (positive), ``w (1 - y)``."""
    check_reduction(reduction)
    x, y = _binary_inputs(logits, "logits", target)
    check_not_nan(x, "logits")
    w = 1.0 if weight is None else check_weights(weight, "weight", x.dtype, broadcast_to=x.shape)
    pw = (
        1.0
        if pos_weight is None
        else check_weights(pos_weight, "pos_weight", x.dtype, broadcast_to=x.shape)
    )
    positive = np.broadcast_to(w * pw * y, x.shape)
    negative = np.broadcast_to(w * (1 - y), x.shape)
    return x, positive, negative


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
        The loss in nats. A term with weight 0 (``w p_w y = 0`` or
        ``w (1 - y) = 0``) is 0, also at an infinite logit (PyTorch gives
        NaN there).

    Raises
    ------
    ValueError
        If ``logits`` holds NaN, a target is outside [0, 1], the shapes do not
        match, a weight is negative or not finite, ``reduction`` is unknown,
        or ``'mean'`` of an empty input.
    TypeError
        If an input is not numeric or is a masked array, or ``reduction`` is
        not a string.

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
    x, positive, negative = _bce_logits_inputs(logits, target, weight, pos_weight, reduction)
    tail = np.log1p(np.exp(-np.abs(x)))
    softplus_pos = np.maximum(x, 0) + tail  # -log(1 - sigma(x)); inf at x = +inf
    softplus_neg = np.maximum(-x, 0) + tail  # -log sigma(x); inf at x = -inf
    loss = _weighted(positive, softplus_neg)
    loss += _weighted(negative, softplus_pos)
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

    Raises
    ------
    ValueError, TypeError
        As :func:`binary_cross_entropy_with_logits`.

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
    x, positive, negative = _bce_logits_inputs(logits, target, weight, pos_weight, reduction)
    grad = negative * sigmoid(x) - positive * sigmoid(-x)
    if reduction == "mean":
        grad = grad / np.asarray(_element_count(grad), dtype=grad.dtype)
    return np.asarray(grad, dtype=x.dtype)
