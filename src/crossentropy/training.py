"""Learning by minimising cross-entropy, in plain NumPy: the book's two small models.

* :func:`fit_distribution`: a categorical model ``q = softmax(z)`` fitted to a
  target distribution by gradient descent on the logits ``z``. The gradient of
  :math:`H(p, q)` with respect to ``z`` is ``q - p``, which is
  :func:`~crossentropy.cross_entropy_loss_grad` with probability targets.
* :func:`train_softmax_regression`: a linear classifier on 2-D points, trained
  with the library's :func:`~crossentropy.cross_entropy_loss` and its gradient.

Both are deterministic and return their whole history, so that a chapter can
plot the path and an explorer can step through it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import (
    as_distribution,
    as_float_array,
    as_index_array,
    check_finite,
    check_integer,
    check_real,
)
from crossentropy.logits import softmax
from crossentropy.losses import cross_entropy_loss, cross_entropy_loss_grad
from crossentropy.measures import cross_entropy

__all__ = [
    "DistributionFit",
    "SoftmaxRegression",
    "fit_distribution",
    "make_blobs",
    "predict_proba",
    "train_softmax_regression",
]


class DistributionFit(NamedTuple):
    """The path of :func:`fit_distribution`, one row per step (step 0 is the start)."""

    #: Logits, shape (steps + 1, n).
    logits: np.ndarray
    #: The model's distribution ``softmax(logits)``, shape (steps + 1, n).
    q: np.ndarray
    #: Cross-entropy :math:`H(p, q)` in nats, shape (steps + 1,).
    loss: np.ndarray


def _check_training(steps: object, learning_rate: object) -> tuple[int, float]:
    return (
        check_integer(steps, "steps", minimum=0),
        check_real(learning_rate, "learning_rate", positive=True),
    )


def fit_distribution(
    p: ArrayLike,
    *,
    steps: int = 100,
    learning_rate: float = 1.0,
    initial_logits: ArrayLike | None = None,
) -> DistributionFit:
    r"""Fit ``q = softmax(z)`` to ``p`` by gradient descent on :math:`H(p, q)`.

    Parameters
    ----------
    p : array_like, shape (n,)
        The target distribution, for example the frequencies of a sample.
    steps : int, optional
        Number of gradient steps (default 100).
    learning_rate : float, optional
        Step size (default 1.0).
    initial_logits : array_like, shape (n,), optional
        Where to start (default: all zeros, the uniform distribution).

    Returns
    -------
    DistributionFit
        Logits, distributions and losses after each step.

    Raises
    ------
    ValueError
        If ``p`` is not a distribution, ``initial_logits`` do not match its
        shape or are not finite, ``steps`` is negative or ``learning_rate`` is not a finite
        number > 0.
    TypeError
        If an argument has the wrong type (``steps`` must be an integer).

    Notes
    -----
    Each step is :math:`z \leftarrow z - \eta\,(q - p)`. The loss falls
    towards :math:`H(p)`, its minimum, reached only as ``q`` reaches ``p``
    (Gibbs' inequality). Introduced in the chapter *Learning by minimising
    cross-entropy*.

    Examples
    --------
    >>> import crossentropy as ce
    >>> fit = ce.training.fit_distribution([0.5, 0.3, 0.2], steps=300)
    >>> fit.q[-1].round(3).tolist()
    [0.5, 0.3, 0.2]
    >>> bool(fit.loss[-1] - ce.entropy([0.5, 0.3, 0.2]) < 1e-6)
    True
    """
    p = as_distribution(p, "p")
    if p.ndim != 1:
        raise ValueError(f"p must be one distribution (1-D), got shape {p.shape}")
    steps, learning_rate = _check_training(steps, learning_rate)
    z = np.zeros_like(p)
    if initial_logits is not None:
        z = as_float_array(initial_logits, "initial_logits")
        check_finite(z, "initial_logits")
    if z.shape != p.shape:
        raise ValueError(f"initial_logits must have shape {p.shape}, got {z.shape}")
    logits = np.empty((steps + 1, p.size), dtype=p.dtype)
    logits[0] = z
    for t in range(steps):
        logits[t + 1] = logits[t] - learning_rate * cross_entropy_loss_grad(logits[t], p)
    q = softmax(logits)
    return DistributionFit(logits, q, cross_entropy(p, q))


def make_blobs(
    n_per_class: int = 60,
    *,
    centers: ArrayLike = ((-1.5, -1.0), (1.5, -1.0), (0.0, 1.6)),
    spread: float = 0.9,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """A small synthetic 2-D classification data set: Gaussian blobs, one per class.

    Parameters
    ----------
    n_per_class : int, optional
        Points per class (default 60).
    centers : array_like, shape (C, 2), optional
        The blob centres; one class per centre (default: three classes).
    spread : float, optional
        Standard deviation of each blob (default 0.9: the classes overlap).
    seed : int, optional
        Seed of the random generator (default 0): the same seed, the same data.

    Returns
    -------
    X : numpy.ndarray, shape (C * n_per_class, 2)
        The points.
    y : numpy.ndarray of int, shape (C * n_per_class,)
        Their classes, ``0 .. C - 1``.

    Raises
    ------
    ValueError
        If ``n_per_class`` is below 1, ``centers`` is not a finite (C, 2)
        array with C >= 1, ``spread`` is negative or not finite, or ``seed``
        is negative.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> from crossentropy.training import make_blobs
    >>> X, y = make_blobs(5, seed=1)
    >>> X.shape, y.tolist()
    ((15, 2), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
    """
    n_per_class = check_integer(n_per_class, "n_per_class", minimum=1)
    centers = as_float_array(centers, "centers").astype(np.float64, copy=False)
    if centers.ndim != 2 or centers.shape[1] != 2 or centers.shape[0] == 0:
        raise ValueError(f"centers must have shape (C, 2) with C >= 1, got {centers.shape}")
    check_finite(centers, "centers")
    spread = check_real(spread, "spread", minimum=0)
    seed = check_integer(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    n_classes = len(centers)
    X = centers.repeat(n_per_class, axis=0) + spread * rng.standard_normal(
        (n_classes * n_per_class, 2)
    )
    y = np.arange(n_classes).repeat(n_per_class)
    return X, y


class SoftmaxRegression(NamedTuple):
    """The path of :func:`train_softmax_regression` (step 0 is the start)."""

    #: Weights with the bias in the last row, shape (steps + 1, d + 1, C).
    weights: np.ndarray
    #: Mean cross-entropy loss on the training data, shape (steps + 1,).
    loss: np.ndarray
    #: Training accuracy, shape (steps + 1,).
    accuracy: np.ndarray


def _with_bias(X: np.ndarray) -> np.ndarray:
    return np.hstack([X, np.ones((X.shape[0], 1), dtype=X.dtype)])


def predict_proba(weights: ArrayLike, X: ArrayLike) -> np.ndarray:
    """Class probabilities ``softmax([X, 1] @ weights)`` of a softmax-regression model.

    Parameters
    ----------
    weights : array_like, shape (d + 1, C)
        Weights, bias in the last row (one step of :class:`SoftmaxRegression`).
    X : array_like, shape (N, d)
        Points.

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Raises
    ------
    ValueError
        If ``X`` is not a finite (N, d) array or ``weights`` not a finite
        (d + 1, C) array.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> from crossentropy.training import predict_proba
    >>> predict_proba([[0.0, 0.0], [0.0, 0.0]], [[1.0]]).tolist()
    [[0.5, 0.5]]
    """
    X = _points(X)
    W = as_float_array(weights, "weights")
    if W.ndim != 2 or W.shape[0] != X.shape[1] + 1:
        raise ValueError(
            f"weights must have shape (d + 1, C) = ({X.shape[1] + 1}, C) for X of shape "
            f"{X.shape}, got {W.shape}"
        )
    check_finite(W, "weights")
    return softmax(_with_bias(X) @ W.astype(X.dtype, copy=False))


def _points(X: ArrayLike) -> np.ndarray:
    """``X`` as a finite (N, d) float array."""
    X = as_float_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, d), got {X.shape}")
    check_finite(X, "X")
    return X


def train_softmax_regression(
    X: ArrayLike,
    y: ArrayLike,
    *,
    steps: int = 200,
    learning_rate: float = 0.5,
) -> SoftmaxRegression:
    r"""Train a linear softmax classifier by full-batch gradient descent on cross-entropy.

    Parameters
    ----------
    X : array_like, shape (N, d)
        Points.
    y : array_like of int, shape (N,)
        Their classes, ``0 .. C - 1`` (``C`` is ``max(y) + 1``).
    steps : int, optional
        Number of gradient steps (default 200).
    learning_rate : float, optional
        Step size (default 0.5).

    Returns
    -------
    SoftmaxRegression
        Weights, loss and accuracy after each step; weights start at zero.

    Raises
    ------
    ValueError
        If the shapes do not match, ``X`` is empty or not finite, a class in
        ``y`` is negative, ``steps`` is negative or ``learning_rate`` is not
        a finite number > 0.
    TypeError
        If ``X`` is not numeric, ``y`` not integers, or ``steps`` or
        ``learning_rate`` of the wrong type.

    Notes
    -----
    With logits :math:`Z = \tilde X W` (:math:`\tilde X` is ``X`` with a
    column of ones), the gradient of the mean loss is
    :math:`\tilde X^\top G`, where :math:`G = (\operatorname{softmax}(Z) -
    \operatorname{onehot}(y)) / N` is :func:`~crossentropy.cross_entropy_loss_grad`.
    Introduced in the chapter *Learning by minimising cross-entropy*.

    Examples
    --------
    >>> from crossentropy.training import make_blobs, train_softmax_regression
    >>> X, y = make_blobs(30, seed=0)
    >>> path = train_softmax_regression(X, y, steps=100)
    >>> bool(path.loss[-1] < path.loss[0]), round(float(path.loss[0]), 4)  # starts at log 3
    (True, 1.0986)
    """
    X = _points(X)
    y = as_index_array(y, "y")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape (N,) = ({X.shape[0]},) for X, got {y.shape}")
    if y.size == 0:
        raise ValueError("X is empty: training needs at least one point")
    if y.min() < 0:
        raise ValueError(f"y has a negative class ({int(y.min())}); classes are 0 .. C - 1")
    steps, learning_rate = _check_training(steps, learning_rate)
    Xb = _with_bias(X)
    n_classes = int(y.max()) + 1
    weights = np.zeros((steps + 1, Xb.shape[1], n_classes), dtype=X.dtype)
    loss = np.empty(steps + 1)
    accuracy = np.empty(steps + 1)
    for t in range(steps + 1):
        logits = Xb @ weights[t]
        loss[t] = cross_entropy_loss(logits, y)
        accuracy[t] = np.mean(logits.argmax(axis=1) == y)
        if t < steps:
            grad = Xb.T @ cross_entropy_loss_grad(logits, y)
            weights[t + 1] = weights[t] - learning_rate * grad
    return SoftmaxRegression(weights, loss, accuracy)
