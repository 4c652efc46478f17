"""Calibration: whether a model's probabilities match how often things happen.

A model is *calibrated* when, among the cases it gives probability 0.8, the
event happens 80% of the time. Cross-entropy rewards calibration (it is a
proper scoring rule), and these functions measure it: binned reliability
curves and the expected calibration error.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import (
    as_float_array,
    check_integer,
    check_probabilities,
    check_real,
    check_same_shape,
)
from crossentropy.logits import softmax

__all__ = [
    "CalibrationBins",
    "calibration_bins",
    "expected_calibration_error",
    "overconfident_classifier",
]


class CalibrationBins(NamedTuple):
    """Per-bin summary of predicted probabilities against observed outcomes."""

    #: Bin edges, ``n_bins + 1`` numbers from 0 to 1.
    edges: np.ndarray
    #: Mean predicted probability in each bin (NaN for an empty bin).
    mean_predicted: np.ndarray
    #: Fraction of positive outcomes in each bin (NaN for an empty bin).
    frequency: np.ndarray
    #: Number of predictions in each bin. (The name shadows ``tuple.count``; it is kept
    #: because chapters and plots read ``bins.count``.)
    count: np.ndarray  # type: ignore[assignment]


def _inputs(prob: ArrayLike, outcome: ArrayLike, n_bins: int) -> tuple[np.ndarray, np.ndarray]:
    prob = np.ravel(as_float_array(prob, "prob"))
    outcome = np.ravel(as_float_array(outcome, "outcome"))
    check_same_shape(prob, "prob", outcome, "outcome")
    check_probabilities(prob, "prob")
    check_probabilities(outcome, "outcome")
    if prob.size == 0:
        raise ValueError("prob is empty: calibration needs at least one prediction")
    check_integer(n_bins, "n_bins", minimum=1)
    return prob, outcome


def calibration_bins(prob: ArrayLike, outcome: ArrayLike, n_bins: int = 10) -> CalibrationBins:
    """Group predictions into equal-width probability bins; compare with outcomes.

    Parameters
    ----------
    prob : array_like
        Predicted probabilities of the event (any shape; flattened).
    outcome : array_like
        What happened: 1 if the event occurred, 0 if not (same shape).
    n_bins : int, optional
        Number of equal-width bins on [0, 1] (default 10).

    Returns
    -------
    CalibrationBins
        Edges, and per bin the mean predicted probability, the observed
        frequency and the count. Bin ``i`` holds the predictions in
        ``(edges[i], edges[i + 1]]`` (the first bin also holds 0), as in
        scikit-learn's ``calibration_curve``.

    Raises
    ------
    ValueError
        If an input is empty, outside [0, 1] or NaN, the shapes differ, or
        ``n_bins`` is below 1.
    TypeError
        If an input is not numeric or ``n_bins`` not an integer.

    Notes
    -----
    A reliability diagram plots ``frequency`` against ``mean_predicted``:
    a calibrated model lies on the diagonal. Introduced in the chapter
    *Cross-entropy in practice*.

    Examples
    --------
    >>> from crossentropy.calibration import calibration_bins
    >>> bins = calibration_bins([0.1, 0.2, 0.8, 0.9], [0, 1, 1, 1], n_bins=2)
    >>> bins.mean_predicted.round(2).tolist(), bins.frequency.tolist(), bins.count.tolist()
    ([0.15, 0.85], [0.5, 1.0], [2, 2])
    """
    prob, outcome = _inputs(prob, outcome, n_bins)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.searchsorted(edges[1:-1], prob)
    count = np.bincount(which, minlength=n_bins)
    sum_prob = np.bincount(which, weights=prob, minlength=n_bins)
    sum_outcome = np.bincount(which, weights=outcome, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_predicted = np.where(count > 0, sum_prob / count, np.nan)
        frequency = np.where(count > 0, sum_outcome / count, np.nan)
    return CalibrationBins(edges, mean_predicted, frequency, count)


def expected_calibration_error(prob: ArrayLike, outcome: ArrayLike, n_bins: int = 10) -> float:
    r"""Expected calibration error: the count-weighted gap between confidence and frequency.

    Parameters
    ----------
    prob, outcome, n_bins
        As in :func:`calibration_bins`.

    Returns
    -------
    float
        :math:`\sum_b \frac{n_b}{N} \lvert \bar y_b - \bar p_b \rvert`, between 0
        (calibrated, at this binning) and 1.

    Raises
    ------
    ValueError
        As :func:`calibration_bins`.

    Notes
    -----
    For a multi-class model, pass the top-class probability as ``prob`` and
    whether the top class was right as ``outcome`` (Guo et al., 2017). The
    value depends on the binning; it is a summary, not a proper score.

    Examples
    --------
    >>> from crossentropy.calibration import expected_calibration_error
    >>> round(expected_calibration_error([0.1, 0.2, 0.8, 0.9], [0, 1, 1, 1], n_bins=2), 4)
    0.25
    """
    bins = calibration_bins(prob, outcome, n_bins)
    filled = bins.count > 0
    gaps = np.abs(bins.frequency[filled] - bins.mean_predicted[filled])
    return float(np.sum(bins.count[filled] * gaps) / np.sum(bins.count))


def overconfident_classifier(
    n: int = 2000, n_classes: int = 4, *, overconfidence: float = 2.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Logits of a synthetic classifier that is too sure of itself, and the true labels.

    The labels are drawn from ``softmax(z)`` for random scores ``z``; the
    classifier reports ``overconfidence * z``. So dividing its logits by the
    temperature ``T = overconfidence`` makes it calibrated exactly, which is
    what temperature scaling (Guo et al., 2017) hopes to find from data.

    Parameters
    ----------
    n : int, optional
        Number of examples (default 2000).
    n_classes : int, optional
        Number of classes (default 4).
    overconfidence : float, optional
        The factor the scores are inflated by (default 2.5).
    seed : int, optional
        Seed of the random generator (default 0).

    Returns
    -------
    logits : numpy.ndarray, shape (n, n_classes)
    labels : numpy.ndarray of int, shape (n,)

    Raises
    ------
    ValueError
        If ``n`` or ``n_classes`` is below 1, ``overconfidence`` is not a
        finite number > 0, or ``seed`` is negative.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> from crossentropy.calibration import overconfident_classifier
    >>> logits, labels = overconfident_classifier(5, 3, seed=1)
    >>> logits.shape, labels.shape
    ((5, 3), (5,))
    """
    n = check_integer(n, "n", minimum=1)
    n_classes = check_integer(n_classes, "n_classes", minimum=1)
    overconfidence = check_real(overconfidence, "overconfidence", positive=True)
    rng = np.random.default_rng(check_integer(seed, "seed", minimum=0))
    z = 1.5 * rng.standard_normal((n, n_classes))
    cumulative = softmax(z).cumsum(axis=1)
    labels = (rng.uniform(size=(n, 1)) > cumulative).sum(axis=1)
    labels = np.minimum(labels, n_classes - 1)  # guards against rounding in the last sum
    return overconfidence * z, labels
