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

from crossentropy._validation import as_float_array, check_distribution
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


def _check_training(steps: int, learning_rate: float) -> None:
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    if not (isinstance(learning_rate, (int, float)) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")


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
        If ``p`` is not a distribution, the logits do not match its shape, or
        ``steps`` or ``learning_rate`` is invalid.

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
    p = as_float_array(p, "p")
    check_distribution(p, "p", -1)
    if p.ndim != 1:
        raise ValueError(f"p must be one distribution (1-D), got shape {p.shape}")
    _check_training(steps, learning_rate)
    z = np.zeros_like(p) if initial_logits is None else as_float_array(initial_logits, "logits")
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

    Examples
    --------
    >>> from crossentropy.training import make_blobs
    >>> X, y = make_blobs(5, seed=1)
    >>> X.shape, y.tolist()
    ((15, 2), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
    """
    centers = np.asarray(centers, dtype=float)
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

    Examples
    --------
    >>> from crossentropy.training import predict_proba
    >>> predict_proba([[0.0, 0.0], [0.0, 0.0]], [[1.0]]).tolist()
    [[0.5, 0.5]]
    """
    X = as_float_array(X, "X")
    return softmax(_with_bias(X) @ np.asarray(weights, dtype=X.dtype))


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
        If the shapes do not match, or ``steps`` or ``learning_rate`` is
        invalid.

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
    X = as_float_array(X, "X")
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must have shape (N, d) and y shape (N,), got {X.shape} and {y.shape}")
    _check_training(steps, learning_rate)
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
