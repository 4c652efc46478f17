"""The two kinds of target of a softmax classifier's loss, validated and flattened to rows.

:func:`softmax_problem` checks the arguments of
:func:`~crossentropy.cross_entropy_loss` (and of its gradient and the focal
loss) and returns a :class:`SoftmaxProblem`: the logits as (M, C) rows and a
target that is either :class:`ClassIndices` or :class:`ClassProbabilities`.
Both kinds answer the same questions, so that the losses never branch on the
kind of target: with ``T`` the (M, C) matrix of *target weights* (``w_y`` at
the target class for an index ``y``, ``w_c t_c`` for probabilities ``t``; a
row that is ignored is all zero), what are ``sum_c T_nc``, ``sum_c T_nc z_nc``
for a block of rows, ``T`` itself for a few rows, and what does ``'mean'``
divide by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import (
    as_array,
    as_float_array,
    check_distribution,
    check_integer,
    check_label_smoothing,
    check_reduction,
    check_weights,
    first_value,
    location,
    precision_of,
)

__all__ = ["ClassIndices", "ClassProbabilities", "SoftmaxProblem", "Target", "softmax_problem"]


def _no_count(what: str) -> ValueError:
    return ValueError(f"reduction='mean' is undefined: target has no {what}; use reduction='sum'")


class Target(Protocol):
    """What the losses ask of a target, whatever its kind (see the module docstring)."""

    @property
    def counted(self) -> np.ndarray:
        """(M,) booleans: the rows that count (not ignored)."""
        ...

    @property
    def all_counted(self) -> bool:
        """Whether every row counts."""
        ...

    def total(self) -> np.ndarray:
        """``sum_c T_nc`` for every row, shape (M,)."""
        ...

    def dot(self, z: np.ndarray, rows: slice) -> np.ndarray:
        """``sum_c T_nc z_nc`` for the block ``rows`` of ``z`` (z has the block's rows)."""
        ...

    def dense(self, rows: np.ndarray) -> np.ndarray:
        """``T`` for the rows ``rows`` (an index array), shape (k, C)."""
        ...

    def subtract(self, out: np.ndarray, scale: float) -> None:
        """``out -= scale * T`` in place, for the whole (M, C) ``out``."""
        ...

    def mean_denominator(self) -> float:
        """What PyTorch's ``'mean'`` divides the summed loss by (never 0: raises instead)."""
        ...


@dataclass(frozen=True)
class ClassIndices:
    """Class-index targets: row ``n`` has class ``index[n]`` with weight ``row_weight[n]``."""

    index: np.ndarray  # (M,) class of each row (0 where ignored)
    row_weight: np.ndarray  # (M,) w_y, or 1 without class weights; 0 where ignored
    counted: np.ndarray  # (M,) rows not ignored
    all_counted: bool
    weighted: bool  # class weights were given
    n_classes: int

    def total(self) -> np.ndarray:
        return self.row_weight

    def picked(self, z: np.ndarray, rows: slice) -> np.ndarray:
        """``z[n, index[n]]`` for the block ``rows``: the target class's entry, unweighted."""
        return z[np.arange(z.shape[0]), self.index[rows]]

    def dot(self, z: np.ndarray, rows: slice) -> np.ndarray:
        picked = self.picked(z, rows)
        if self.weighted or not self.all_counted:
            picked *= self.row_weight[rows]
        return picked

    def dense(self, rows: np.ndarray) -> np.ndarray:
        t = np.zeros((rows.size, self.n_classes), dtype=self.row_weight.dtype)
        t[np.arange(rows.size), self.index[rows]] = self.row_weight[rows]
        return t

    def subtract(self, out: np.ndarray, scale: float) -> None:
        out[np.arange(out.shape[0]), self.index] -= scale * self.row_weight

    def mean_denominator(self) -> float:
        count = float(np.sum(self.row_weight)) if self.weighted else float(self.counted.sum())
        if count == 0:
            raise _no_count(
                "entry that counts (the batch is empty, every target equals ignore_index, or "
                "every counted class has weight 0)"
            )
        return count


@dataclass(frozen=True)
class ClassProbabilities:
    """Probability targets: row ``n`` is the distribution ``probs[n]``; weights ``w``."""

    probs: np.ndarray  # (M, C)
    weight: np.ndarray  # (C,) class weights, ones without them
    weighted: bool
    counted: np.ndarray  # (M,) all True
    all_counted: bool = True

    def total(self) -> np.ndarray:
        if self.weighted:
            return self.probs @ self.weight
        return self.probs.sum(axis=-1)

    def dot(self, z: np.ndarray, rows: slice) -> np.ndarray:
        if self.weighted:
            return np.einsum("nc,nc,c->n", self.probs[rows], z, self.weight)
        return np.einsum("nc,nc->n", self.probs[rows], z)

    def dense(self, rows: np.ndarray) -> np.ndarray:
        return self.probs[rows] * self.weight

    def subtract(self, out: np.ndarray, scale: float) -> None:
        if self.weighted:
            out -= scale * (self.probs * self.weight)
        else:
            out -= scale * self.probs

    def mean_denominator(self) -> float:
        if self.probs.shape[0] == 0:
            raise _no_count("rows (the batch is empty)")
        return float(self.probs.shape[0])


@dataclass(frozen=True)
class SoftmaxProblem:
    """A validated softmax-classifier loss, flattened to 2-D rows of C classes."""

    x: np.ndarray  # logits, (M, C), in the dtype of the computation
    logits_dtype: np.dtype  # the dtype of the logits given (a gradient is returned in it)
    batch_shape: tuple[int, ...]
    weight: np.ndarray  # (C,) class weights, ones without them
    eps: float  # label smoothing
    reduction: str
    target: Target

    @property
    def n_classes(self) -> int:
        return self.x.shape[1]

    def target_weights(self, rows: np.ndarray) -> np.ndarray:
        """The full (k, C) weights ``a`` with loss = -sum_c a_c log q_c, smoothing included."""
        a = self.target.dense(rows)
        if self.eps:
            a *= 1 - self.eps
            a += (self.eps / self.n_classes) * self.weight
            a[~self.target.counted[rows]] = 0
        return a


def softmax_problem(
    logits: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> SoftmaxProblem:
    """Validate the arguments of a softmax-classifier loss (see the module docstring)."""
    x = as_float_array(logits, "logits")
    if x.ndim == 0:
        raise ValueError("logits must have a class axis (shape (C,) or (N, C)), got a scalar")
    n_classes = x.shape[-1]
    if n_classes == 0:
        raise ValueError("logits has no classes (its last axis is empty)")
    check_reduction(reduction)
    eps = check_label_smoothing(label_smoothing)
    ignore_index = check_integer(ignore_index, "ignore_index")
    batch_shape = x.shape[:-1]
    t = as_array(target, "target")
    if t.dtype.kind in "iu":
        w = _class_weights(weight, n_classes, x.dtype)
        return SoftmaxProblem(
            x.reshape(-1, n_classes),
            x.dtype,
            batch_shape,
            w,
            eps,
            reduction,
            _class_indices(t, batch_shape, n_classes, ignore_index, w, weight is not None),
        )
    if t.dtype.kind == "f":
        if t.shape != x.shape:
            raise ValueError(
                f"target of class probabilities must have the shape of logits {x.shape}, got "
                f"{t.shape} (for class indices, pass integers)"
            )
        if ignore_index >= 0:
            raise ValueError(
                "ignore_index applies to class-index targets only; with class probabilities "
                "leave it at its default"
            )
        # Each argument at its own precision; the computation in the wider dtype (PyTorch's
        # promotion), the gradient in the dtype of the logits.
        precision = precision_of(t)
        dtype = np.result_type(x, t, np.float32)
        t = t.astype(dtype, copy=False)
        check_distribution(t, "target", -1, precision=precision)
        w = _class_weights(weight, n_classes, dtype)
        probs = t.reshape(-1, n_classes)
        return SoftmaxProblem(
            x.astype(dtype, copy=False).reshape(-1, n_classes),
            x.dtype,
            batch_shape,
            w,
            eps,
            reduction,
            ClassProbabilities(probs, w, weight is not None, np.ones(probs.shape[0], dtype=bool)),
        )
    raise TypeError(
        "target must hold integer class indices or floating class probabilities, got dtype "
        f"{t.dtype}"
    )


def _class_weights(weight: ArrayLike | None, n_classes: int, dtype: np.dtype) -> np.ndarray:
    if weight is None:
        return np.ones(n_classes, dtype=dtype)
    return check_weights(weight, "weight", dtype, shape=(n_classes,))


def _class_indices(
    t: np.ndarray,
    batch_shape: tuple[int, ...],
    n_classes: int,
    ignore_index: int,
    w: np.ndarray,
    weighted: bool,
) -> ClassIndices:
    if t.shape != batch_shape:
        raise ValueError(
            f"target of class indices must have shape {batch_shape} (logits.shape[:-1]), "
            f"got {t.shape}"
        )
    t = t.reshape(-1)
    counted = t != ignore_index
    out_of_range = counted & ((t < 0) | (t >= n_classes))
    if out_of_range.any():
        raise ValueError(
            f"target has class index {first_value(t, out_of_range)}"
            f"{location(out_of_range.reshape(batch_shape))}, outside [0, {n_classes - 1}] "
            f"and not ignore_index={ignore_index}"
        )
    all_counted = bool(counted.all())
    index = t if all_counted else np.where(counted, t, 0)
    row_weight = w[index]
    if not all_counted:
        row_weight[~counted] = 0
    return ClassIndices(index, row_weight, counted, all_counted, weighted, n_classes)
