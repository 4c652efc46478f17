r"""Knowledge distillation: a student trained on a teacher's softened predictions.

Hinton, Vinyals and Dean (2015): both sets of logits are divided by a temperature
:math:`T`, and the student pays :math:`T^2` times the KL divergence of its softened
distribution from the teacher's,

.. math::

    \ell = T^2 \, \KL\bigl(\softmax(t / T) \,\Vert\, \softmax(s / T)\bigr),

which is PyTorch's ``T**2 * F.kl_div(F.log_softmax(s / T, -1), F.softmax(t / T, -1),
reduction="batchmean")``. The factor :math:`T^2` keeps the gradient,
:math:`T (\softmax(s / T) - \softmax(t / T))`, of the same size as the hard-label
loss's when :math:`T` changes. The class axis is the last one.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import as_float_array, check_finite, check_real, check_same_shape
from crossentropy.logits import log_softmax, softmax

__all__ = ["distillation_loss", "distillation_loss_grad"]

#: The reductions, as PyTorch's ``kl_div`` names them (``"none"`` here is per row).
REDUCTIONS = ("batchmean", "sum", "mean", "none")


def _inputs(
    student_logits: ArrayLike, teacher_logits: ArrayLike, temperature: object, reduction: object
) -> tuple[np.ndarray, np.ndarray, float, str]:
    s = as_float_array(student_logits, "student_logits")
    t = as_float_array(teacher_logits, "teacher_logits")
    if s.ndim < 2:
        raise ValueError(
            "student_logits must have a batch axis and a class axis (shape (N, C)), got shape "
            f"{s.shape}; for one example, pass logits[None]"
        )
    check_same_shape(s, "student_logits", t, "teacher_logits")
    check_finite(s, "student_logits")
    check_finite(t, "teacher_logits")
    temp = check_real(temperature, "temperature", positive=True)
    choices = ", ".join(repr(r) for r in REDUCTIONS)
    if not isinstance(reduction, str):
        raise TypeError(f"reduction must be a string, one of {choices}, got {reduction!r}")
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {choices}, got {reduction!r}")
    if reduction in ("batchmean", "mean") and s.size == 0:
        raise ValueError(f"reduction={reduction!r} of an empty batch is undefined")
    dtype = np.result_type(s, t)
    return s.astype(dtype, copy=False), t.astype(dtype, copy=False), temp, reduction


def _scale(shape: tuple[int, ...], reduction: str) -> float:
    """What the sum of the rows' losses is divided by."""
    if reduction == "batchmean":
        return float(shape[0])
    if reduction == "mean":
        return float(np.prod(shape))
    return 1.0


def distillation_loss(
    student_logits: ArrayLike,
    teacher_logits: ArrayLike,
    *,
    temperature: float = 1.0,
    reduction: str = "batchmean",
) -> np.ndarray:
    r"""The distillation loss :math:`T^2 \KL(\softmax(t/T) \Vert \softmax(s/T))`.

    Parameters
    ----------
    student_logits, teacher_logits : array_like, shape (N, ..., C)
        The two models' logits, finite, of the same shape; classes on the last axis.
    temperature : float, optional
        :math:`T > 0` (default 1): above 1 softens both distributions.
    reduction : {'batchmean', 'sum', 'mean', 'none'}, optional
        ``'batchmean'`` (default): the sum over rows divided by ``N``, the
        mathematically right mean; ``'sum'``; ``'mean'``: divided by the number of
        *elements* ``N * ... * C``, as PyTorch's ``kl_div`` does; ``'none'``: one
        loss per row, shape ``(N, ...)``.

    Returns
    -------
    numpy.ndarray or numpy scalar
        The loss, never negative; 0 when the student's logits equal the
        teacher's up to a constant per row.

    Raises
    ------
    ValueError
        If the logits have fewer than two axes, different shapes or a non-finite
        entry, ``temperature`` is not positive, ``reduction`` is unknown, or a mean
        is asked of an empty batch.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    Equal to PyTorch's
    ``T**2 * F.kl_div(F.log_softmax(s / T, -1), F.softmax(t / T, -1), reduction=...)``
    for the first three reductions (tested); rounding below 0 is returned as 0.
    Introduced in the chapter *Cross-entropy in modern training*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> s, t = [[2.0, 0.0, -1.0]], [[3.0, 1.0, -2.0]]
    >>> round(float(ce.distillation_loss(s, t, temperature=2.0)), 6)
    0.144872
    >>> float(ce.distillation_loss(t, t, temperature=4.0))
    0.0
    """
    s, t, temp, reduction = _inputs(student_logits, teacher_logits, temperature, reduction)
    log_q = log_softmax(s / temp)
    log_p = log_softmax(t / temp)
    rows = np.maximum(np.sum(np.exp(log_p) * (log_p - log_q), axis=-1), 0.0) * temp**2
    if reduction == "none":
        return rows
    return (np.sum(rows) / _scale(s.shape, reduction)).astype(s.dtype)


def distillation_loss_grad(
    student_logits: ArrayLike,
    teacher_logits: ArrayLike,
    *,
    temperature: float = 1.0,
    reduction: str = "batchmean",
) -> np.ndarray:
    r"""The gradient of :func:`distillation_loss` with respect to ``student_logits``.

    Parameters
    ----------
    student_logits, teacher_logits, temperature, reduction
        As for :func:`distillation_loss`; with ``'none'``, each row's gradient of
        its own loss (the gradient of the ``'sum'``).

    Returns
    -------
    numpy.ndarray
        :math:`T (\softmax(s/T) - \softmax(t/T))`, divided as the reduction divides
        the loss; the shape of ``student_logits``.

    Raises
    ------
    ValueError, TypeError
        As for :func:`distillation_loss`.

    Examples
    --------
    >>> import crossentropy as ce
    >>> g = ce.distillation_loss_grad([[2.0, 0.0]], [[2.0, 0.0]], temperature=3.0)
    >>> g.tolist()
    [[0.0, 0.0]]
    """
    s, t, temp, reduction = _inputs(student_logits, teacher_logits, temperature, reduction)
    grad = temp * (softmax(s / temp) - softmax(t / temp))
    return grad / np.asarray(_scale(s.shape, reduction), dtype=grad.dtype)
