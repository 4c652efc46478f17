"""log-sum-exp, softmax and sigmoid against SciPy, at ordinary and extreme logits."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special as sps

import crossentropy as ce

RTOL = 1e-12


@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp_matches_scipy(rng, axis, keepdims):
    x = rng.normal(scale=10, size=(4, 6))
    np.testing.assert_allclose(
        ce.logsumexp(x, axis=axis, keepdims=keepdims),
        sps.logsumexp(x, axis=axis, keepdims=keepdims),
        rtol=RTOL,
    )


def test_logsumexp_at_extreme_logits_is_exact():
    assert ce.logsumexp([1e4, -1e4]) == 1e4
    assert ce.logsumexp([-1e4, -1e4]) == pytest.approx(-1e4 + math.log(2), rel=1e-15)
    assert ce.logsumexp([1000.0, 1000.0]) == pytest.approx(1000 + math.log(2), rel=1e-15)


def test_logsumexp_with_infinities_matches_scipy():
    x = np.array([[-np.inf, -np.inf], [-np.inf, 0.0], [np.inf, 1.0]])
    np.testing.assert_array_equal(ce.logsumexp(x), sps.logsumexp(x, axis=-1))


@pytest.mark.parametrize("axis", [0, -1])
def test_softmax_and_log_softmax_match_scipy(rng, axis):
    x = rng.normal(scale=5, size=(5, 7))
    np.testing.assert_allclose(ce.softmax(x, axis=axis), sps.softmax(x, axis=axis), rtol=RTOL)
    np.testing.assert_allclose(
        ce.log_softmax(x, axis=axis), sps.log_softmax(x, axis=axis), rtol=RTOL
    )


def test_softmax_is_shift_invariant_and_sums_to_one(rng):
    x = rng.normal(size=(3, 4))
    np.testing.assert_allclose(ce.softmax(x + 1234.5), ce.softmax(x), rtol=1e-10)
    np.testing.assert_allclose(ce.softmax(x).sum(axis=-1), 1, rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_logits_give_exact_results_without_warnings(dtype):
    x = np.array([1e4, -1e4, 0.0], dtype=dtype)
    assert ce.softmax(x).tolist() == [1.0, 0.0, 0.0]
    assert ce.log_softmax(x).tolist() == [0.0, -2e4, -1e4]
    assert ce.softmax(x).dtype == dtype
    assert ce.sigmoid(x).tolist() == [1.0, 0.0, 0.5]
    assert ce.log_sigmoid(x).tolist() == [0.0, -1e4, pytest.approx(-math.log(2), rel=1e-6)]


def test_neg_inf_logit_means_probability_zero():
    assert ce.softmax([0.0, -np.inf]).tolist() == [1.0, 0.0]
    assert ce.log_softmax([0.0, -np.inf]).tolist() == [0.0, -np.inf]


def test_sigmoid_matches_scipy(rng):
    x = rng.normal(scale=20, size=200)
    np.testing.assert_allclose(ce.sigmoid(x), sps.expit(x), rtol=RTOL)
    np.testing.assert_allclose(ce.log_sigmoid(x), sps.log_expit(x), rtol=RTOL)


def test_log_sigmoid_keeps_digits_in_both_tails():
    # log sigma(x) = -log(1 + e^-x); for x = 40 that is about -e^-40 (log1p of a tiny number).
    assert ce.log_sigmoid(40.0) == pytest.approx(-math.log1p(math.exp(-40)), rel=1e-15)
    # For x = -40 it is x - log(1 + e^x).
    assert ce.log_sigmoid(-40.0) == pytest.approx(-40 - math.log1p(math.exp(-40)), rel=1e-15)


def test_sigmoid_of_infinities():
    assert ce.sigmoid([-np.inf, np.inf]).tolist() == [0.0, 1.0]
    assert ce.log_sigmoid([-np.inf, np.inf]).tolist() == [-np.inf, 0.0]


def test_scalar_in_scalar_out():
    assert np.ndim(ce.sigmoid(0.0)) == 0
    assert np.ndim(ce.logsumexp([1.0, 2.0])) == 0


@pytest.mark.parametrize("lead", [20.0, 30.0, 40.0, 300.0])
def test_a_dominant_logit_keeps_the_digits_of_the_small_terms(lead):
    # log-softmax of the leader is -log(1 + 3 e^-lead): log1p keeps it exact
    # where log(1 + r) would round 1 + r to 1 (Blanchard, Higham & Higham 2021).
    x = np.array([lead, 0.0, 0.0, 0.0])
    exact = -math.log1p(3 * math.exp(-lead))
    assert ce.log_softmax(x)[0] == pytest.approx(exact, rel=1e-14, abs=0)
    batch = np.array([[lead, 0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0]])
    assert ce.log_softmax(batch)[0, 0] == pytest.approx(exact, rel=1e-14, abs=0)
    assert ce.log_softmax(batch)[1] == pytest.approx(sps.log_softmax(batch[1]), rel=1e-14)
    assert ce.logsumexp(batch.T, axis=0)[0] == pytest.approx(lead - exact, rel=1e-15)


def test_row_maximum_of_many_short_rows(rng):
    from crossentropy._rowwise import max_last as _max_last

    for n in (1, 2, 7, 8, 9, 100, 101):
        x = rng.normal(size=(50, 3, n))
        np.testing.assert_array_equal(_max_last(x), x.max(axis=-1, keepdims=True))
