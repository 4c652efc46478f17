"""The training helpers: gradient descent on cross-entropy, checked against first principles."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special as sps

import crossentropy as ce
from crossentropy.training import (
    fit_distribution,
    make_blobs,
    predict_proba,
    train_softmax_regression,
)


def test_fit_distribution_follows_q_minus_p():
    p = np.array([0.6, 0.3, 0.1])
    fit = fit_distribution(p, steps=3, learning_rate=0.5)
    z = np.zeros(3)
    for t in range(3):
        z = z - 0.5 * (sps.softmax(z) - p)  # the gradient of H(p, softmax(z))
        np.testing.assert_allclose(fit.logits[t + 1], z, rtol=1e-14)
    np.testing.assert_allclose(fit.loss, -(p * np.log(fit.q)).sum(axis=1), rtol=1e-12)


def test_fit_distribution_converges_to_entropy_from_above():
    p = np.array([0.5, 0.25, 0.15, 0.1])
    fit = fit_distribution(p, steps=400, learning_rate=1.0)
    assert (np.diff(fit.loss) <= 1e-15).all()  # monotone for this step size
    assert (fit.loss >= ce.entropy(p) - 1e-12).all()  # Gibbs
    np.testing.assert_allclose(fit.q[-1], p, atol=1e-6)
    assert fit.loss[0] == pytest.approx(np.log(4), rel=1e-15)  # uniform start


def test_fit_distribution_errors():
    with pytest.raises(ValueError, match="p does not sum to 1"):
        fit_distribution([0.5, 0.6])
    with pytest.raises(ValueError, match="steps must be"):
        fit_distribution([0.5, 0.5], steps=-1)
    with pytest.raises(ValueError, match="learning_rate must be"):
        fit_distribution([0.5, 0.5], learning_rate=0)
    with pytest.raises(ValueError, match="initial_logits must have shape"):
        fit_distribution([0.5, 0.5], initial_logits=[0.0])


def test_make_blobs_is_seeded():
    a, ya = make_blobs(10, seed=3)
    b, yb = make_blobs(10, seed=3)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, make_blobs(10, seed=4)[0])


def test_softmax_regression_gradient_is_the_loss_gradient():
    X, y = make_blobs(8, seed=2)
    path = train_softmax_regression(X, y, steps=1, learning_rate=0.1)
    # The one step taken must be -lr times the finite-difference gradient of the mean loss.
    W0 = path.weights[0]
    Xb = np.hstack([X, np.ones((len(X), 1))])
    numeric = np.zeros_like(W0)
    h = 1e-6
    for idx in np.ndindex(W0.shape):
        e = np.zeros_like(W0)
        e[idx] = h
        up = ce.cross_entropy_loss(Xb @ (W0 + e), y)
        down = ce.cross_entropy_loss(Xb @ (W0 - e), y)
        numeric[idx] = (up - down) / (2 * h)
    np.testing.assert_allclose(path.weights[1], W0 - 0.1 * numeric, rtol=1e-6, atol=1e-9)


def test_softmax_regression_learns_and_predicts():
    X, y = make_blobs(60, seed=0)
    path = train_softmax_regression(X, y, steps=200)
    assert path.loss[0] == pytest.approx(np.log(3), rel=1e-15)
    assert path.loss[-1] < 0.5 * path.loss[0]
    assert path.accuracy[-1] > 0.85
    proba = predict_proba(path.weights[-1], X)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-12)
    assert ce.cross_entropy_loss(np.log(proba), y) == pytest.approx(path.loss[-1], rel=1e-10)
