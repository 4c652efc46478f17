"""Input checks shared by every public function.

Every public function validates its arguments here, so that the same mistake
gets the same message everywhere: the message names the argument, says what is
wrong with it and, where it helps, where in the array the first bad entry is.

The checks are written to be cheap on valid input (a few vectorised
reductions); the work of locating the offending entry is only done once we
already know that something is wrong.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "as_float_array",
    "as_index_array",
    "broadcast_shapes",
    "check_axis",
    "check_base",
    "check_distribution",
    "check_probabilities",
    "check_reduction",
    "check_same_shape",
    "log_base",
]

REDUCTIONS = ("none", "mean", "sum")


def _location(mask: np.ndarray) -> str:
    """Describe where the first ``True`` of ``mask`` is, for error messages."""
    flat = int(np.argmax(mask))
    if mask.ndim == 0:
        return ""
    index = np.unravel_index(flat, mask.shape)
    if len(index) == 1:
        return f" at index {int(index[0])}"
    return f" at index {tuple(int(i) for i in index)}"


def _first(x: np.ndarray, mask: np.ndarray) -> Any:
    """The first entry of ``x`` where ``mask`` holds, as a Python scalar."""
    if mask.ndim == 0:
        return x.item()
    return x.reshape(-1)[int(np.argmax(mask))].item()


def _float_dtype(dtype: np.dtype) -> np.dtype:
    """The floating dtype we compute in for an input of ``dtype``.

    float32 and float64 (and longer floats) are kept; float16 is promoted to
    float32 (too coarse for logarithms of small probabilities); integers and
    booleans become float64.
    """
    if dtype.kind == "f":
        return np.dtype(np.float32) if dtype.itemsize < 4 else dtype
    return np.dtype(np.float64)


def as_float_array(x: ArrayLike, name: str) -> np.ndarray:
    """Convert ``x`` to a floating NumPy array, or raise a ``TypeError``.

    Parameters
    ----------
    x : array_like
        The input.
    name : str
        The argument's name, used in the error message.

    Returns
    -------
    numpy.ndarray
        ``x`` as a float32 or float64 array (float32 is kept; integers and
        booleans become float64). No copy is made when ``x`` already is one.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (strings, complex numbers, objects).

    """
    if isinstance(x, np.ndarray):
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError) as exc:  # ragged nested lists
            raise TypeError(f"{name} must be an array of numbers: {exc}") from None
    kind = arr.dtype.kind
    if kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (ValueError, TypeError):
            raise TypeError(
                f"{name} must be an array of numbers, got objects such as {arr.reshape(-1)[0]!r}"
            ) from None
        kind = "f"
    if kind == "c":
        raise TypeError(f"{name} must be real, got complex values")
    if kind not in "biuf":
        raise TypeError(f"{name} must be an array of numbers, got dtype {arr.dtype}")
    return arr.astype(_float_dtype(arr.dtype), copy=False)


def as_index_array(x: ArrayLike, name: str) -> np.ndarray:
    """Convert ``x`` to an integer array of class indices.

    Raises
    ------
    TypeError
        If ``x`` is not an array of integers.

    """
    arr = np.asarray(x)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class indices, got dtype {arr.dtype}")
    return arr


def check_not_nan(x: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``x`` contains NaN."""
    nan = np.isnan(x)
    if nan.any():
        raise ValueError(f"{name} contains NaN{_location(nan)}")


def _raise_negative(p: np.ndarray, name: str) -> None:
    bad = p < 0
    raise ValueError(
        f"{name} has a negative probability ({_first(p, bad)!r}{_location(bad)}); "
        "probabilities must lie in [0, 1]"
    )


def _raise_above_one(p: np.ndarray, name: str) -> None:
    bad = p > 1
    raise ValueError(
        f"{name} has a probability above 1 ({_first(p, bad)!r}{_location(bad)}); "
        "probabilities must lie in [0, 1]"
    )


def check_probabilities(p: np.ndarray, name: str) -> None:
    """Check that every entry of ``p`` lies in [0, 1] (and is not NaN).

    Raises
    ------
    ValueError
        Naming the first entry that is NaN, negative, or above 1.
    """
    if p.size == 0:
        return
    lo = p.min()
    hi = p.max()
    if np.isnan(lo) or np.isnan(hi):
        check_not_nan(p, name)
    if lo < 0:
        _raise_negative(p, name)
    if hi > 1:
        _raise_above_one(p, name)


def sum_tolerance(dtype: np.dtype) -> float:
    """How far from 1 a distribution's sum may be, for a float ``dtype``.

    The square root of the machine epsilon: about 1.5e-8 in float64 and 3.5e-4
    in float32. That accepts every sum that rounding can produce (even over
    millions of terms) and rejects a distribution that is really off.
    """
    return float(np.sqrt(np.finfo(dtype).eps))


def check_axis(axis: int, ndim: int, name: str) -> int:
    """Check ``axis`` against an array of ``ndim`` dimensions; return it as >= 0."""
    if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    if ndim == 0:
        raise ValueError(
            f"{name} must be a distribution (an array with at least one dimension), got a scalar"
        )
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with {ndim} dimension(s)")
    return int(axis) % ndim


def check_distribution(
    p: np.ndarray, name: str, axis: int, summary: tuple[float, np.ndarray] | None = None
) -> float:
    """Check that ``p`` holds probability distributions along ``axis``.

    Every entry must lie in [0, 1] and every slice along ``axis`` must sum to
    1 within :func:`sum_tolerance` of its dtype. Nothing is renormalised.

    Parameters
    ----------
    p : numpy.ndarray
        The distributions.
    name : str
        The argument's name, for error messages.
    axis : int
        The axis along which each distribution lies.
    summary : (float, numpy.ndarray), optional
        The smallest entry of ``p`` and its sums along ``axis``, when the
        caller has already computed them (in the same pass as its own work).

    Returns
    -------
    float
        The smallest entry of ``p`` (callers use it to know whether there are
        zeros).

    Raises
    ------
    ValueError
        If ``p`` is empty along ``axis``, has an entry outside [0, 1] or NaN,
        or a slice whose sum is not 1.

    Notes
    -----
    Two passes over valid data: the minimum (which NaN also poisons) and the
    sums. No entry can exceed 1 when none is negative and no sum exceeds 1, so
    the maximum is only looked at where a sum does (within rounding).
    """
    axis = check_axis(axis, p.ndim, name)
    if p.shape[axis] == 0:
        raise ValueError(f"{name} is empty along axis {axis}: a distribution needs an outcome")
    if p.size == 0:
        return 1.0
    lo = p.min() if summary is None else summary[0]
    if np.isnan(lo):
        check_not_nan(p, name)
    if lo < 0:
        _raise_negative(p, name)
    total = np.sum(p, axis=axis) if summary is None else np.asarray(summary[1])
    off = np.abs(total - 1) > sum_tolerance(p.dtype)
    if off.any() or (total > 1).any():
        if p.max() > 1:
            _raise_above_one(p, name)
    if off.any():
        raise ValueError(
            f"{name} does not sum to 1 along axis {axis} (sum {_first(total, off)!r}"
            f"{_location(off)}); probabilities are not renormalised silently: divide "
            f"by {name}.sum(axis={axis}, keepdims=True) if that is what you mean"
        )
    return float(lo)


def check_base(base: float | None) -> float | None:
    """Check a logarithm base: ``None`` (natural log) or a number > 0 and != 1.

    Returns
    -------
    float or None
        ``log(base)``, the number to divide natural logarithms by, or ``None``
        for the natural logarithm.

    """
    if base is None:
        return None
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"base must be a real number or None, got {base!r}")
    base = float(base)
    if math.isnan(base) or math.isinf(base) or base <= 0 or base == 1:
        raise ValueError(
            f"base must be a finite number > 0 and != 1 (2 for bits, e for nats, "
            f"10 for hartleys), got {base!r}"
        )
    return math.log(base)


def log_base(result: np.ndarray, log_of_base: float | None) -> np.ndarray:
    """Convert a result in nats to the requested base, keeping its dtype."""
    if log_of_base is None:
        return result
    return np.divide(result, np.asarray(log_of_base, dtype=result.dtype))


def broadcast_shapes(**arrays: np.ndarray) -> tuple[int, ...]:
    """The broadcast shape of the named arrays, or a ``ValueError`` naming them."""
    try:
        return np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        described = " and ".join(f"{n} with shape {a.shape}" for n, a in arrays.items())
        raise ValueError(f"shapes do not broadcast: {described}") from None


def check_same_shape(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{a_name} with shape {a.shape} and {b_name} with shape {b.shape} "
            "must have the same shape"
        )


def check_reduction(reduction: str) -> str:
    """Check that ``reduction`` is one of ``'none'``, ``'mean'``, ``'sum'``."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"reduction must be one of {', '.join(repr(r) for r in REDUCTIONS)}, got {reduction!r}"
        )
    return reduction
