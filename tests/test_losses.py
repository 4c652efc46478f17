"""The losses against scikit-learn, SciPy and formulas derived by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special as sps
from sklearn.metrics import log_loss

import crossentropy as ce

RTOL = 1e-12


def reference_nll(x, y):
    """-log softmax(x)[y] per row, from SciPy."""
    return -np.take_along_axis(sps.log_softmax(x, axis=-1), y[:, None], axis=-1)[:, 0]


@pytest.fixture
def batch(rng):
    x = rng.normal(scale=3, size=(12, 5))
    y = rng.integers(0, 5, size=12)
    return x, y


# ---------------------------------------------------------------- softmax cross-entropy


def test_mean_loss_matches_sklearn_log_loss(batch):
    x, y = batch
    ref = log_loss(y, sps.softmax(x, axis=-1), labels=range(5))
    assert ce.cross_entropy_loss(x, y) == pytest.approx(ref, rel=RTOL)


def test_reductions_match_scipy(batch):
    x, y = batch
    nll = reference_nll(x, y)
    np.testing.assert_allclose(ce.cross_entropy_loss(x, y, reduction="none"), nll, rtol=RTOL)
    assert ce.cross_entropy_loss(x, y, reduction="sum") == pytest.approx(nll.sum(), rel=RTOL)
    assert ce.cross_entropy_loss(x, y, reduction="mean") == pytest.approx(nll.mean(), rel=RTOL)


def test_loss_closed_form():
    # -log(e^2 / (e^2 + 2)) = log(1 + 2 e^-2)
    assert ce.cross_entropy_loss([2.0, 0.0, 0.0], 0) == pytest.approx(
        math.log1p(2 * math.exp(-2)), rel=1e-15
    )
    assert ce.cross_entropy_loss([0.0, 0.0], 1) == pytest.approx(math.log(2), rel=1e-15)


def test_loss_equals_cross_entropy_of_one_hot_and_softmax(batch):
    x, y = batch
    one_hot = np.eye(5)[y]
    np.testing.assert_allclose(
        ce.cross_entropy_loss(x, y, reduction="none"),
        ce.cross_entropy(one_hot, ce.softmax(x)),
        rtol=1e-10,
    )


def test_probability_targets_match_cross_entropy(rng, batch):
    x, _ = batch
    t = rng.dirichlet(np.ones(5), size=12)
    np.testing.assert_allclose(
        ce.cross_entropy_loss(x, t, reduction="none"),
        -(t * sps.log_softmax(x, axis=-1)).sum(axis=-1),
        rtol=RTOL,
    )
    # 'mean' over probability targets divides by the number of rows.
    assert ce.cross_entropy_loss(x, t) == pytest.approx(
        ce.cross_entropy_loss(x, t, reduction="sum") / 12, rel=RTOL
    )


def test_class_weights_weight_the_mean(batch, rng):
    x, y = batch
    w = rng.uniform(0.2, 3, size=5)
    nll = reference_nll(x, y)
    assert ce.cross_entropy_loss(x, y, weight=w) == pytest.approx(
        (w[y] * nll).sum() / w[y].sum(), rel=RTOL
    )
    np.testing.assert_allclose(
        ce.cross_entropy_loss(x, y, weight=w, reduction="none"), w[y] * nll, rtol=RTOL
    )


def test_ignore_index_rows_leave_the_mean(batch):
    x, y = batch
    y = y.copy()
    y[[1, 4, 7]] = -100
    keep = y != -100
    nll = reference_nll(x[keep], y[keep])
    assert ce.cross_entropy_loss(x, y) == pytest.approx(nll.mean(), rel=RTOL)
    none = ce.cross_entropy_loss(x, y, reduction="none")
    assert (none[~keep] == 0).all()


def test_ignore_index_can_be_a_real_class(batch):
    x, y = batch
    keep = y != 3
    assert keep.sum() < len(y)
    assert ce.cross_entropy_loss(x, y, ignore_index=3) == pytest.approx(
        reference_nll(x[keep], y[keep]).mean(), rel=RTOL
    )


def test_label_smoothing_mixes_target_with_uniform(batch):
    x, y = batch
    eps = 0.1
    smoothed = (1 - eps) * np.eye(5)[y] + eps / 5
    ref = -(smoothed * sps.log_softmax(x, axis=-1)).sum(axis=-1)
    np.testing.assert_allclose(
        ce.cross_entropy_loss(x, y, label_smoothing=eps, reduction="none"), ref, rtol=RTOL
    )
    # The same smoothing applied to probability targets gives the same loss.
    np.testing.assert_allclose(
        ce.cross_entropy_loss(x, np.eye(5)[y], label_smoothing=eps, reduction="none"),
        ref,
        rtol=RTOL,
    )


def test_single_sample_and_batch_shapes(rng):
    x = rng.normal(size=(2, 3, 4))
    y = rng.integers(0, 4, size=(2, 3))
    flat = ce.cross_entropy_loss(x.reshape(6, 4), y.reshape(6), reduction="none")
    np.testing.assert_allclose(
        ce.cross_entropy_loss(x, y, reduction="none"), flat.reshape(2, 3), rtol=RTOL
    )
    assert ce.cross_entropy_loss(x[0, 0], y[0, 0]) == pytest.approx(flat[0], rel=RTOL)
    assert np.ndim(ce.cross_entropy_loss(x[0, 0], y[0, 0], reduction="none")) == 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_logits_are_exact(dtype):
    x = np.array([[1e4, -1e4], [1e4, -1e4]], dtype=dtype)
    loss = ce.cross_entropy_loss(x, np.array([0, 1]), reduction="none")
    assert loss.tolist() == [0.0, 2e4]
    assert loss.dtype == dtype
    grad = ce.cross_entropy_loss_grad(x, np.array([0, 1]), reduction="none")
    assert grad.tolist() == [[0.0, 0.0], [1.0, -1.0]]


@pytest.mark.parametrize("lead", [20.0, 40.0, 700.0])
def test_tiny_losses_keep_their_digits(lead):
    # The exact loss is log(1 + 3 e^-lead); computing log(s) with s = 1 + 3e^-lead rounded
    # would give 0 (lead 40) or lose digits (lead 20).
    x = np.array([[lead, 0.0, 0.0, 0.0], [0.0, lead, 0.0, 0.0]])
    got = ce.cross_entropy_loss(x, np.array([0, 1]), reduction="none")
    np.testing.assert_allclose(got, math.log1p(3 * math.exp(-lead)), rtol=1e-14, atol=0)


def test_neg_inf_logits():
    # The target class has probability 0: infinite loss.
    assert ce.cross_entropy_loss([0.0, -np.inf], 1) == math.inf
    # A class with target probability 0 and logit -inf contributes nothing.
    assert ce.cross_entropy_loss([0.0, 0.0, -np.inf], np.array([0.5, 0.5, 0.0])) == pytest.approx(
        math.log(2), rel=1e-15
    )
    assert ce.cross_entropy_loss([0.0, -np.inf], 0) == 0.0


def test_gradient_is_softmax_minus_one_hot(batch):
    x, y = batch
    expected = (sps.softmax(x, axis=-1) - np.eye(5)[y]) / len(y)
    np.testing.assert_allclose(ce.cross_entropy_loss_grad(x, y), expected, rtol=1e-12, atol=1e-15)


def numerical_gradient(f, x, h=1e-6):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"reduction": "sum"},
        {"label_smoothing": 0.2},
        {"weight": np.array([0.5, 1.0, 2.0, 0.1, 3.0])},
        {"weight": np.array([0.5, 1.0, 2.0, 0.1, 3.0]), "label_smoothing": 0.3},
    ],
)
@pytest.mark.parametrize("kind", ["index", "probability"])
def test_gradient_matches_finite_differences(rng, kwargs, kind):
    x = rng.normal(size=(4, 5))
    y = np.array([0, 3, -100, 2]) if kind == "index" else rng.dirichlet(np.ones(5), 4)
    analytic = ce.cross_entropy_loss_grad(x, y, **kwargs)
    numeric = numerical_gradient(lambda z: float(ce.cross_entropy_loss(z, y, **kwargs)), x)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_none_reduction_gradient_is_gradient_of_the_sum(batch):
    x, y = batch
    np.testing.assert_allclose(
        ce.cross_entropy_loss_grad(x, y, reduction="none"),
        ce.cross_entropy_loss_grad(x, y, reduction="sum"),
        rtol=1e-15,
    )


# ---------------------------------------------------------------- binary cross-entropy


def test_bce_matches_sklearn(rng):
    prob = rng.uniform(0.01, 0.99, size=40)
    y = rng.integers(0, 2, size=40).astype(float)
    assert ce.binary_cross_entropy(prob, y) == pytest.approx(log_loss(y, prob), rel=RTOL)


def test_bce_soft_targets_and_weights(rng):
    prob = rng.uniform(0.01, 0.99, size=(3, 4))
    y = rng.uniform(size=(3, 4))
    w = rng.uniform(size=4)
    ref = -w * (y * np.log(prob) + (1 - y) * np.log1p(-prob))
    np.testing.assert_allclose(
        ce.binary_cross_entropy(prob, y, weight=w, reduction="none"), ref, rtol=RTOL
    )
    assert ce.binary_cross_entropy(prob, y, weight=w) == pytest.approx(ref.mean(), rel=RTOL)


def test_bce_is_exact_at_the_edges():
    assert ce.binary_cross_entropy([0.0], [1.0]) == math.inf
    assert ce.binary_cross_entropy([1.0], [0.0]) == math.inf
    # A label of 0 predicted with probability 0 costs nothing (0 log 0 = 0).
    assert ce.binary_cross_entropy([0.0, 1.0], [0.0, 1.0], reduction="none").tolist() == [0, 0]


def test_bce_with_logits_agrees_with_bce_of_sigmoid(rng):
    z = rng.normal(scale=3, size=30)
    y = rng.uniform(size=30)
    np.testing.assert_allclose(
        ce.binary_cross_entropy_with_logits(z, y, reduction="none"),
        ce.binary_cross_entropy(sps.expit(z), y, reduction="none"),
        rtol=1e-10,
    )


def test_bce_with_logits_pos_weight(rng):
    z = rng.normal(size=(5, 3))
    y = rng.integers(0, 2, size=(5, 3)).astype(float)
    pw = np.array([1.0, 2.0, 5.0])
    ref = -(pw * y * sps.log_expit(z) + (1 - y) * sps.log_expit(-z))
    np.testing.assert_allclose(
        ce.binary_cross_entropy_with_logits(z, y, pos_weight=pw, reduction="none"), ref, rtol=RTOL
    )


def test_bce_with_logits_is_stable_at_extremes():
    got = ce.binary_cross_entropy_with_logits(
        [-1000.0, 1000.0, 40.0, -40.0], [1.0, 1.0, 1.0, 0.0], reduction="none"
    )
    tail = math.log1p(math.exp(-40))  # about 4.25e-18, kept to full precision
    assert got.tolist() == [
        1000.0,
        0.0,
        pytest.approx(tail, rel=1e-15),
        pytest.approx(tail, rel=1e-15),
    ]


@pytest.mark.parametrize(
    "kwargs", [{}, {"pos_weight": np.array([3.0])}, {"weight": np.array([0.5])}]
)
def test_bce_with_logits_gradient(rng, kwargs):
    z = rng.normal(size=6)
    y = rng.uniform(size=6)
    analytic = ce.binary_cross_entropy_with_logits_grad(z, y, **kwargs)
    numeric = numerical_gradient(
        lambda v: float(ce.binary_cross_entropy_with_logits(v, y, **kwargs)), z
    )
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-10)
    if not kwargs:
        np.testing.assert_allclose(analytic, (sps.expit(z) - y) / 6, rtol=1e-12)


# ---------------------------------------------------------------- focal loss


def test_focal_loss_with_gamma_zero_is_cross_entropy(batch, rng):
    x, y = batch
    w = rng.uniform(0.5, 2, size=5)
    for kwargs in ({}, {"weight": w}, {"reduction": "none"}, {"reduction": "sum"}):
        np.testing.assert_allclose(
            ce.focal_loss(x, y, gamma=0.0, **kwargs),
            ce.cross_entropy_loss(x, y, **kwargs),
            rtol=1e-12,
        )


@pytest.mark.parametrize("gamma", [0.5, 1.0, 2.0, 5.0])
def test_focal_loss_formula(batch, gamma):
    x, y = batch
    q_y = np.take_along_axis(sps.softmax(x, axis=-1), y[:, None], axis=-1)[:, 0]
    ref = -((1 - q_y) ** gamma) * np.log(q_y)
    np.testing.assert_allclose(ce.focal_loss(x, y, gamma=gamma, reduction="none"), ref, rtol=1e-9)
    assert ce.focal_loss(x, y, gamma=gamma) == pytest.approx(ref.mean(), rel=1e-9)


def test_focal_loss_down_weights_easy_examples():
    easy, hard = ce.focal_loss([[5.0, 0.0], [0.0, 2.0]], [0, 0], reduction="none")
    ce_easy, ce_hard = ce.cross_entropy_loss([[5.0, 0.0], [0.0, 2.0]], [0, 0], reduction="none")
    assert easy / ce_easy < 1e-4 < hard / ce_hard


def test_focal_loss_errors():
    with pytest.raises(ValueError, match="gamma must be a finite number >= 0"):
        ce.focal_loss([[0.0, 0.0]], [0], gamma=-1)
    with pytest.raises(ValueError, match="class-index targets"):
        ce.focal_loss([[0.0, 0.0]], [[0.5, 0.5]])


# ---------------------------------------------------------------- perplexity


def test_perplexity():
    assert ce.perplexity(np.full(6, 1 / 6)) == pytest.approx(6, rel=1e-14)
    assert ce.perplexity([1.0, 0.0]) == 1.0
    p, q = [0.5, 0.5], [0.9, 0.1]
    assert ce.perplexity(p, q) == pytest.approx(math.exp(-0.5 * math.log(0.09)), rel=1e-14)
    assert ce.perplexity(p, q) == pytest.approx(2 ** ce.cross_entropy(p, q, base=2), rel=1e-14)
