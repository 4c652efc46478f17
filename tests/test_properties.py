"""The laws of information theory, checked on many generated inputs (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import crossentropy as ce
from tests.conftest import distribution_pairs, distributions

SLACK = 1e-12  # rounding in sums of up to 8 terms of size <= log(1/tiny)


@given(distributions())
def test_entropy_is_non_negative_and_at_most_log_n(p):
    h = ce.entropy(p)
    assert 0 <= h <= math.log(len(p)) + SLACK


@given(distribution_pairs())
def test_gibbs_inequality(pq):
    p, q = pq
    assert ce.cross_entropy(p, q) >= ce.entropy(p) - SLACK


@given(distribution_pairs())
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    h, kl, hpq = ce.entropy(p), ce.kl_divergence(p, q), ce.cross_entropy(p, q)
    if math.isinf(hpq):
        assert math.isinf(kl)
    else:
        assert math.isclose(hpq, h + kl, rel_tol=1e-9, abs_tol=1e-12)


@given(distribution_pairs())
def test_kl_is_non_negative(pq):
    p, q = pq
    assert ce.kl_divergence(p, q) >= 0


@given(distributions())
def test_kl_of_a_distribution_with_itself_is_zero(p):
    assert ce.kl_divergence(p, p) == 0
    assert ce.cross_entropy(p, p) == ce.entropy(p)


@given(distribution_pairs(zeros=False))
def test_kl_is_positive_when_p_differs_from_q_pinsker(pq):
    # Pinsker's inequality: KL(p || q) >= (1/2) ||p - q||_1^2 > 0 when p != q.
    p, q = pq
    l1 = np.abs(p - q).sum()
    assume(l1 > 1e-6)
    assert ce.kl_divergence(p, q) >= 0.5 * l1**2 * (1 - 1e-9)


@given(distributions(), st.sampled_from([2, 10, math.e, 3.5, 0.5]))
def test_change_of_base(p, base):
    assert math.isclose(
        ce.entropy(p, base=base), ce.entropy(p) / math.log(base), rel_tol=1e-12, abs_tol=1e-15
    )


@given(distribution_pairs(), st.sampled_from([2, 10]))
def test_change_of_base_pairs(pq, base):
    p, q = pq
    a, b = ce.cross_entropy(p, q, base=base), ce.cross_entropy(p, q) / math.log(base)
    assert (math.isinf(a) and math.isinf(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


@given(distributions(n_min=2, zeros=False))
def test_uniform_maximises_entropy(p):
    n = len(p)
    assert ce.entropy(p) <= ce.entropy(np.full(n, 1 / n)) + SLACK


logit_rows = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 4), st.integers(2, 6)),
    elements=st.floats(-30, 30, allow_nan=False),
)


@given(logit_rows, st.data())
def test_gradient_matches_central_differences(x, data):
    n, c = x.shape
    y = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    eps = data.draw(st.sampled_from([0.0, 0.1]))
    g = ce.cross_entropy_loss_grad(x, y, label_smoothing=eps)
    h = 1e-5
    for i in range(n):
        for k in range(c):
            e = np.zeros_like(x)
            e[i, k] = h
            up = ce.cross_entropy_loss(x + e, y, label_smoothing=eps)
            down = ce.cross_entropy_loss(x - e, y, label_smoothing=eps)
            assert math.isclose(g[i, k], (up - down) / (2 * h), rel_tol=1e-4, abs_tol=1e-7)


@given(logit_rows)
def test_gradient_rows_sum_to_zero_and_softmax_is_a_distribution(x):
    y = np.zeros(x.shape[0], dtype=int)
    np.testing.assert_allclose(ce.cross_entropy_loss_grad(x, y).sum(axis=-1), 0, atol=1e-15)
    q = ce.softmax(x)
    ce.entropy(q)  # validates: non-negative, sums to 1


@given(logit_rows, st.floats(-1e3, 1e3))
def test_loss_is_invariant_to_shifting_logits(x, shift):
    y = np.zeros(x.shape[0], dtype=int)
    a = ce.cross_entropy_loss(x, y)
    b = ce.cross_entropy_loss(x + shift, y)
    assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@given(logit_rows)
def test_loss_is_cross_entropy_of_one_hot_and_softmax(x):
    y = np.arange(x.shape[0]) % x.shape[1]
    one_hot = np.eye(x.shape[1])[y]
    got = ce.cross_entropy_loss(x, y, reduction="none")
    want = ce.cross_entropy(one_hot, ce.softmax(x))
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
