"""Distillation and InfoNCE: their laws, gradients and errors.

Parity with PyTorch is in ``test_torch_parity_modern.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import crossentropy as ce

logit_batches = hnp.arrays(
    np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=st.floats(-30, 30)
)


@settings(max_examples=100, deadline=None)
@given(logit_batches, st.floats(0.1, 10))
def test_distillation_is_zero_for_the_teacher_and_invariant_to_row_shifts(t, temperature):
    shift = np.arange(t.shape[0], dtype=float)[:, None] * 7.0
    assert ce.distillation_loss(t, t, temperature=temperature) == 0.0
    loss = ce.distillation_loss(t + shift, t, temperature=temperature)
    assert 0.0 <= loss <= 1e-9 * max(1.0, temperature**2)


@settings(max_examples=100, deadline=None)
@given(logit_batches, st.floats(0.5, 5))
def test_distillation_is_t_squared_kl_of_the_softened_distributions(s, temperature):
    t = s[::-1] + 1.0
    rows = ce.distillation_loss(s, t, temperature=temperature, reduction="none")
    p, q = ce.softmax(t / temperature), ce.softmax(s / temperature)
    np.testing.assert_allclose(rows, temperature**2 * ce.kl_divergence(p, q), rtol=1e-9, atol=1e-12)


def numerical_gradient(f, x, h=1e-6):
    g = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += h
        down[index] -= h
        g[index] = (f(up) - f(down)) / (2 * h)
    return g


@pytest.mark.parametrize("reduction", ["batchmean", "sum", "mean"])
def test_distillation_gradient_is_the_derivative(rng, reduction):
    s, t = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    kwargs = {"temperature": 2.5, "reduction": reduction}
    expected = numerical_gradient(lambda x: ce.distillation_loss(x, t, **kwargs), s)
    np.testing.assert_allclose(ce.distillation_loss_grad(s, t, **kwargs), expected, atol=1e-8)


@pytest.mark.parametrize("symmetric", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_info_nce_gradients_are_the_derivatives(rng, symmetric, reduction):
    a, b = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    kwargs = {"temperature": 0.5, "symmetric": symmetric, "reduction": reduction}
    ga, gb = ce.info_nce_loss_grad(a, b, **kwargs)
    np.testing.assert_allclose(
        ga, numerical_gradient(lambda x: ce.info_nce_loss(x, b, **kwargs), a), atol=1e-7
    )
    np.testing.assert_allclose(
        gb, numerical_gradient(lambda x: ce.info_nce_loss(a, x, **kwargs), b), atol=1e-7
    )


def test_info_nce_values():
    # Every similarity the same: log N. Perfect orthogonal matches at tau: -log(e^(1/tau) / ...).
    assert math.isclose(ce.info_nce_loss(np.ones((8, 3)), np.ones((8, 3))), math.log(8))
    tau = 0.2
    expected = -math.log(math.exp(1 / tau) / (math.exp(1 / tau) + 3))
    assert math.isclose(ce.info_nce_loss(np.eye(4), np.eye(4), temperature=tau), expected)
    # Scaling a row does not change anything: rows are normalised.
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    scaled = a * np.arange(1, 7)[:, None]
    assert math.isclose(ce.info_nce_loss(a, b), ce.info_nce_loss(scaled, b), rel_tol=1e-12)


def test_info_nce_symmetric_is_the_mean_of_both_directions(rng):
    a, b = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    both = ce.info_nce_loss(a, b, symmetric=True, reduction="sum")
    assert math.isclose(
        both,
        0.5 * (ce.info_nce_loss(a, b, reduction="sum") + ce.info_nce_loss(b, a, reduction="sum")),
        rel_tol=1e-12,
    )


def test_huge_similarity_over_a_tiny_temperature_stays_finite():
    a = np.eye(3)
    assert math.isclose(ce.info_nce_loss(a, a, temperature=1e-4), 0.0, abs_tol=1e-300)
    b = a[[1, 2, 0]]
    assert math.isclose(ce.info_nce_loss(a, b, temperature=1e-4), 1e4, rel_tol=1e-9)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"student_logits": [1.0, 2.0]}, ValueError, r"student_logits must have a batch axis"),
        ({"teacher_logits": [[1.0, 2.0, 3.0]]}, ValueError, r"must have the same shape"),
        ({"temperature": 0.0}, ValueError, r"temperature must be a finite number > 0"),
        ({"temperature": "2"}, TypeError, r"temperature"),
        ({"reduction": "avg"}, ValueError, r"reduction must be one of 'batchmean'"),
        ({"student_logits": [[np.inf, 0.0]]}, ValueError, r"student_logits must be finite"),
        ({"student_logits": np.zeros((0, 2)), "teacher_logits": np.zeros((0, 2))}, ValueError,
         r"empty batch"),
    ],
)  # fmt: skip
def test_distillation_bad_input(kwargs, error, message):
    args = {"student_logits": [[1.0, 2.0]], "teacher_logits": [[0.0, 1.0]]} | kwargs
    for f in (ce.distillation_loss, ce.distillation_loss_grad):
        with pytest.raises(error, match=message):
            f(**args)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"anchors": [1.0, 2.0]}, ValueError, r"anchors must be 2-D \(N, D\)"),
        ({"positives": [[1.0, 0.0, 0.0]]}, ValueError, r"must have the same shape"),
        ({"anchors": [[0.0, 0.0]]}, ValueError, r"anchors\[0\] is all zeros"),
        ({"positives": [[np.nan, 1.0]]}, ValueError, r"positives"),
        ({"anchors": np.zeros((0, 2)), "positives": np.zeros((0, 2))}, ValueError, r"empty"),
        ({"temperature": -1.0}, ValueError, r"temperature must be a finite number > 0"),
        ({"symmetric": 1}, TypeError, r"symmetric must be True or False"),
        ({"reduction": "batchmean"}, ValueError, r"reduction must be one of"),
    ],
)
def test_info_nce_bad_input(kwargs, error, message):
    args = {"anchors": [[1.0, 0.0]], "positives": [[0.0, 1.0]]} | kwargs
    for f in (ce.info_nce_loss, ce.info_nce_loss_grad):
        with pytest.raises(error, match=message):
            f(**args)
