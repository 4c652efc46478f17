"""Input checks shared by every public function.

Every public function validates its arguments here, so that the same mistake
gets the same message everywhere: the message names the argument, says what is
wrong with it and, where it helps, where in the array the first bad entry is.

One rule for every argument: a wrong *type* (a string where a number belongs,
an array of strings, a masked array) is a ``TypeError``; a wrong *value* (a
negative probability, a step count of -1) is a ``ValueError``.

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
    "as_array",
    "as_distribution",
    "as_float_array",
    "as_index_array",
    "broadcast_shapes",
    "check_axis",
    "check_base",
    "check_bool",
    "check_distribution",
    "check_finite",
    "check_integer",
    "check_label_smoothing",
    "check_logits",
    "check_not_nan",
    "check_probabilities",
    "check_real",
    "check_reduction",
    "check_same_shape",
    "check_softmax_defined",
    "check_weights",
    "first_value",
    "location",
    "log_base",
    "precision_of",
    "sum_tolerance",
]

REDUCTIONS = ("none", "mean", "sum")


def location(mask: np.ndarray) -> str:
    """Describe where the first ``True`` of ``mask`` is, for error messages."""
    if mask.ndim == 0:
        return ""
    index = np.unravel_index(int(np.argmax(mask)), mask.shape)
    if len(index) == 1:
        return f" at index {int(index[0])}"
    return f" at index {tuple(int(i) for i in index)}"


def first_value(x: np.ndarray, mask: np.ndarray) -> Any:
    """The first entry of ``x`` where ``mask`` holds, as a Python scalar."""
    if mask.ndim == 0:
        return x.item()
    return x.reshape(-1)[int(np.argmax(mask))].item()


# --------------------------------------------------------------------------- arrays


def _from_objects(arr: np.ndarray, name: str) -> np.ndarray:
    """An object array as the array of numbers it holds, or a ``TypeError``.

    An object array is treated as the array of its elements would be: Python
    or NumPy integers give an integer array, real numbers a float array, and
    anything else (strings, ``None``, complex numbers) is refused, as the
    equivalent string or complex array is.
    """
    values = arr.reshape(-1).tolist()
    if all(isinstance(v, numbers.Integral) for v in values) and values:
        return arr.astype(np.int64)
    for v in values:
        if not isinstance(v, numbers.Real):
            raise TypeError(f"{name} must be an array of numbers, got objects such as {v!r}")
    return arr.astype(np.float64)


def as_array(x: ArrayLike, name: str) -> np.ndarray:
    """Convert ``x`` to a plain NumPy array of booleans, integers or real floats.

    Raises
    ------
    TypeError
        If ``x`` is a masked array (the library does not honour masks: a
        masked entry would otherwise be read as the value hidden under it), or
        is not numeric (strings, complex numbers, other objects, ragged lists).

    """
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(
            f"{name} is a masked array, whose mask the library does not honour: pass "
            f"{name}.filled() to choose the value of the masked entries, or "
            f"{name}.compressed() to drop them"
        )
    if type(x) is np.ndarray:
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError) as exc:  # ragged nested lists
            raise TypeError(f"{name} must be an array of numbers: {exc}") from None
    if arr.dtype.kind == "O":
        arr = _from_objects(arr, name)
    kind = arr.dtype.kind
    if kind == "c":
        raise TypeError(f"{name} must be real, got complex values")
    if kind not in "biuf":
        raise TypeError(f"{name} must be an array of numbers, got dtype {arr.dtype}")
    return arr


def _float_dtype(dtype: np.dtype) -> np.dtype:
    """The floating dtype we compute in for an input of ``dtype``.

    float32 and float64 (and longer floats) are kept; float16 is promoted to
    float32 (too coarse for logarithms of small probabilities); integers and
    booleans become float64.
    """
    if dtype.kind == "f":
        return np.dtype(np.float32) if dtype.itemsize < 4 else dtype
    return np.dtype(np.float64)


def precision_of(arr: np.ndarray) -> np.dtype:
    """The dtype whose rounding an input was given with: its own float dtype, else float64."""
    return arr.dtype if arr.dtype.kind == "f" else np.dtype(np.float64)


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
        ``x`` as a float32 or float64 array (float32 is kept, float16 becomes
        float32; integers and booleans become float64). No copy is made when
        ``x`` already is one.

    Raises
    ------
    TypeError
        As :func:`as_array`.

    Examples
    --------
    >>> from crossentropy._validation import as_float_array
    >>> as_float_array([1, 0], "p").dtype
    dtype('float64')
    >>> as_float_array(["a"], "p")
    Traceback (most recent call last):
    ...
    TypeError: p must be an array of numbers, got dtype <U1

    """
    arr = as_array(x, name)
    return arr.astype(_float_dtype(arr.dtype), copy=False)


def as_index_array(x: ArrayLike, name: str) -> np.ndarray:
    """Convert ``x`` to an integer array of class indices.

    Raises
    ------
    TypeError
        If ``x`` is not an array of integers.

    """
    arr = as_array(x, name)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class indices, got dtype {arr.dtype}")
    return arr


def check_not_nan(x: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``x`` contains NaN."""
    nan = np.isnan(x)
    if nan.any():
        raise ValueError(f"{name} contains NaN{location(nan)}")


def check_finite(x: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``x`` contains NaN or an infinity."""
    if x.size and not np.isfinite(x).all():
        check_not_nan(x, name)
        bad = np.isinf(x)
        raise ValueError(f"{name} must be finite, got {first_value(x, bad)!r}{location(bad)}")


def check_logits(x: ArrayLike, name: str) -> np.ndarray:
    """``x`` as a float array of logits: any real number or an infinity, never NaN."""
    arr = as_float_array(x, name)
    if arr.size and np.isnan(arr.max()):
        check_not_nan(arr, name)
    return arr


def check_softmax_defined(x: np.ndarray, m: np.ndarray, name: str, axis: int) -> None:
    """Raise unless every slice's maximum ``m`` (kept dims) is finite: no +inf, not all -inf.

    Raises
    ------
    ValueError
        Naming ``name``, the axis and the first offending entry or slice.

    """
    if np.isfinite(m).all():
        return
    check_not_nan(x, name)
    plus = x == np.inf
    if plus.any():
        raise ValueError(
            f"{name} contains +inf{location(plus)}: the softmax along axis {axis} is "
            "undefined there; use logits that are finite or -inf"
        )
    slices = np.squeeze(~np.isfinite(m), axis=axis)
    raise ValueError(
        f"{name} has a slice along axis {axis} that is entirely -inf{location(slices)}: "
        "its softmax is undefined"
    )


def _raise_negative(p: np.ndarray, name: str) -> None:
    bad = p < 0
    raise ValueError(
        f"{name} has a negative probability ({first_value(p, bad)!r}{location(bad)}); "
        "probabilities must lie in [0, 1]"
    )


def _raise_above_one(p: np.ndarray, name: str) -> None:
    bad = p > 1
    raise ValueError(
        f"{name} has a probability above 1 ({first_value(p, bad)!r}{location(bad)}); "
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

    The square root of the machine epsilon: about 1.5e-8 in float64, 3.5e-4
    in float32 and 0.031 in float16. That accepts every sum that rounding can
    produce (even over millions of terms) and rejects a distribution that is
    really off.
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
    p: np.ndarray,
    name: str,
    axis: int,
    summary: tuple[float, Any] | None = None,
    precision: np.dtype | None = None,
) -> float:
    """Check that ``p`` holds probability distributions along ``axis``.

    Every entry must lie in [0, 1] and every slice along ``axis`` must sum to
    1 within :func:`sum_tolerance` of ``precision``. Nothing is renormalised.

    Parameters
    ----------
    p : numpy.ndarray
        The distributions.
    name : str
        The argument's name, for error messages.
    axis : int
        The axis along which each distribution lies.
    summary : (float, array_like), optional
        The smallest entry of ``p`` and its sums along ``axis``, when the
        caller has already computed them (in the same pass as its own work).
    precision : numpy.dtype, optional
        The dtype the argument was given in (default: ``p.dtype``): a
        float16 or float32 distribution is judged by its own rounding, also
        when it is computed with in a wider dtype.

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
    tolerance = sum_tolerance(p.dtype if precision is None else precision)
    off = np.abs(total - 1) > tolerance
    if off.any() or (total > 1).any():
        if p.max() > 1:
            _raise_above_one(p, name)
    if off.any():
        raise ValueError(
            f"{name} does not sum to 1 along axis {axis} (sum {first_value(total, off)!r}"
            f"{location(off)}); probabilities are not renormalised silently: divide "
            f"by {name}.sum(axis={axis}, keepdims=True) if that is what you mean"
        )
    return float(lo)


def as_distribution(p: ArrayLike, name: str, axis: int = -1) -> np.ndarray:
    """Convert ``p`` to a float array and check it holds distributions along ``axis``.

    The sums are judged at the precision ``p`` was given in (see
    :func:`check_distribution`).

    Examples
    --------
    >>> import numpy as np
    >>> from crossentropy._validation import as_distribution
    >>> as_distribution(np.full(3, 1 / 3, dtype=np.float16), "p").dtype
    dtype('float32')

    """
    arr = as_array(p, name)
    out = arr.astype(_float_dtype(arr.dtype), copy=False)
    check_distribution(out, name, axis, precision=precision_of(arr))
    return out


# --------------------------------------------------------------------------- scalars


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_integer(value: object, name: str, *, minimum: int | None = None) -> int:
    """Check an integer argument: ``TypeError`` unless an integer, ``ValueError`` below ``minimum``.

    Examples
    --------
    >>> from crossentropy._validation import check_integer
    >>> check_integer(3, "steps", minimum=0)
    3
    >>> check_integer("3", "steps", minimum=0)
    Traceback (most recent call last):
    ...
    TypeError: steps must be a non-negative integer, got '3' of type str

    """
    if minimum == 0:
        wanted = "a non-negative integer"
    elif minimum == 1:
        wanted = "a positive integer"
    elif minimum is not None:
        wanted = f"an integer >= {minimum}"
    else:
        wanted = "an integer"
    if not isinstance(value, numbers.Integral) or isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be {wanted}, got {value!r} of type {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be {wanted}, got {value!r}")
    return int(value)


def check_real(
    value: object, name: str, *, minimum: float | None = None, positive: bool = False
) -> float:
    """Check a finite real argument, ``>= minimum`` or ``> 0`` when ``positive``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (booleans and strings are not).
    ValueError
        If it is NaN, infinite, or out of range.

    """
    if positive:
        wanted = "a finite number > 0"
    elif minimum is not None:
        wanted = f"a finite number >= {minimum:g}"
    else:
        wanted = "a finite number"
    if not _is_real(value):
        raise TypeError(f"{name} must be {wanted}, got {value!r} of type {type(value).__name__}")
    v = float(value)  # type: ignore[arg-type]
    if not math.isfinite(v) or (positive and v <= 0) or (minimum is not None and v < minimum):
        raise ValueError(f"{name} must be {wanted}, got {value!r}")
    return v


def check_bool(value: object, name: str) -> bool:
    """Check a boolean flag (``True``/``False``, also NumPy's)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_label_smoothing(label_smoothing: object) -> float:
    """Check ``label_smoothing``: a number in [0, 1]."""
    if not _is_real(label_smoothing):
        raise TypeError(f"label_smoothing must be a number in [0, 1], got {label_smoothing!r}")
    eps = float(label_smoothing)  # type: ignore[arg-type]
    if not 0.0 <= eps <= 1.0:
        raise ValueError(f"label_smoothing must lie in [0, 1], got {label_smoothing!r}")
    return eps


def check_base(base: object) -> float | None:
    """Check a logarithm base: ``None`` (natural log) or a number > 0 and != 1.

    Returns
    -------
    float or None
        ``log(base)``, the number to divide natural logarithms by, or ``None``
        for the natural logarithm.

    """
    if base is None:
        return None
    if not _is_real(base):
        raise TypeError(f"base must be a real number or None, got {base!r}")
    b = float(base)  # type: ignore[arg-type]
    if math.isnan(b) or math.isinf(b) or b <= 0 or b == 1:
        raise ValueError(
            f"base must be a finite number > 0 and != 1 (2 for bits, e for nats, "
            f"10 for hartleys), got {base!r}"
        )
    return math.log(b)


def log_base(result: Any, log_of_base: float | None) -> Any:
    """Convert a result in nats to the requested base, keeping its dtype."""
    if log_of_base is None:
        return result
    return np.divide(result, np.asarray(log_of_base, dtype=result.dtype))


def check_reduction(reduction: object) -> str:
    """Check that ``reduction`` is one of ``'none'``, ``'mean'``, ``'sum'``."""
    choices = ", ".join(repr(r) for r in REDUCTIONS)
    if not isinstance(reduction, str):
        raise TypeError(f"reduction must be a string, one of {choices}, got {reduction!r}")
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {choices}, got {reduction!r}")
    return reduction


# --------------------------------------------------------------------------- shapes and weights


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


def check_weights(
    w: ArrayLike,
    name: str,
    dtype: np.dtype,
    *,
    shape: tuple[int, ...] | None = None,
    broadcast_to: tuple[int, ...] | None = None,
) -> np.ndarray:
    """Validate non-negative finite weights of an exact ``shape`` or that broadcast to one.

    Returns
    -------
    numpy.ndarray
        The weights in ``dtype``.

    Raises
    ------
    TypeError
        If ``w`` is not numeric.
    ValueError
        If the shape is wrong, or a weight is NaN, infinite or negative.

    """
    arr = as_float_array(w, name).astype(dtype, copy=False)
    if shape is not None and arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (one weight per class), got {arr.shape}")
    if broadcast_to is not None:
        try:
            ok = np.broadcast_shapes(arr.shape, broadcast_to) == broadcast_to
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(
                f"{name} with shape {arr.shape} does not broadcast to the shape {broadcast_to} "
                "of the input"
            )
    if arr.size:
        check_finite(arr, name)
        if arr.min() < 0:
            bad = arr < 0
            raise ValueError(
                f"{name} must be non-negative, got {first_value(arr, bad)!r}{location(bad)}"
            )
    return arr
