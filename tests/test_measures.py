"""The information measures against SciPy, closed forms and their conventions."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special as sps
import scipy.stats as stats

import crossentropy as ce

BASES = [None, 2, math.e, 10]
RTOL = 1e-12


def random_distributions(rng, shape, zeros=False):
    p = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    if zeros:
        p[..., 0] = 0
        p /= p.sum(axis=-1, keepdims=True)
    return p


# ---------------------------------------------------------------- surprisal


@pytest.mark.parametrize(
    ("p", "base", "expected"),
    [
        (0.5, 2, 1.0),
        (0.125, 2, 3.0),
        (1 / 1024, 2, 10.0),
        (0.01, 10, 2.0),
        (math.exp(-3), None, 3.0),
    ],
)
def test_surprisal_closed_forms(p, base, expected):
    assert ce.surprisal(p, base=base) == pytest.approx(expected, rel=1e-15)


def test_surprisal_of_certain_event_is_positive_zero():
    s = ce.surprisal(1.0)
    assert s == 0 and math.copysign(1, s) == 1


def test_surprisal_of_impossible_event_is_infinite_without_warning():
    # pytest turns warnings into errors for this suite (pyproject filterwarnings).
    assert ce.surprisal([0.0, 0.5], base=2).tolist() == [math.inf, 1.0]


@pytest.mark.parametrize("base", BASES)
def test_surprisal_matches_numpy_logs(rng, base):
    p = rng.uniform(size=(4, 5))
    ref = -np.log(p) / (1 if base is None else np.log(base))
    np.testing.assert_allclose(ce.surprisal(p, base=base), ref, rtol=RTOL)


def test_surprisal_is_additive_for_independent_events(rng):
    p, q = rng.uniform(0.01, 1, size=(2, 100))
    np.testing.assert_allclose(ce.surprisal(p * q), ce.surprisal(p) + ce.surprisal(q), rtol=1e-12)


# ---------------------------------------------------------------- entropy


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("shape", [(7,), (3, 5), (2, 3, 4)])
def test_entropy_matches_scipy(rng, base, shape):
    p = random_distributions(rng, shape)
    ours = ce.entropy(p, base=base)
    ref = stats.entropy(p, base=base, axis=-1)
    np.testing.assert_allclose(ours, ref, rtol=RTOL)
    np.testing.assert_allclose(ce.entropy(p), sps.entr(p).sum(axis=-1), rtol=RTOL)


@pytest.mark.parametrize("axis", [0, 1, -2])
def test_entropy_along_other_axes(rng, axis):
    p = np.moveaxis(random_distributions(rng, (4, 6)), -1, axis)
    np.testing.assert_allclose(ce.entropy(p, axis=axis), stats.entropy(p, axis=axis), rtol=RTOL)


def test_entropy_zero_log_zero_is_zero(rng):
    p = random_distributions(rng, (5, 4), zeros=True)
    np.testing.assert_allclose(ce.entropy(p), stats.entropy(p, axis=-1), rtol=RTOL)
    assert ce.entropy([0.5, 0.5, 0.0], base=2) == 1.0


@pytest.mark.parametrize("n", [1, 2, 3, 6, 8, 1000])
def test_entropy_of_uniform_is_log_n(n):
    assert ce.entropy(np.full(n, 1 / n)) == pytest.approx(math.log(n), rel=1e-13, abs=0)


def test_entropy_of_certain_outcome_is_positive_zero():
    h = ce.entropy([0.0, 1.0, 0.0])
    assert h == 0 and math.copysign(1, h) == 1


def test_entropy_closed_form_fair_die_and_skewed_coin():
    assert ce.entropy(np.full(6, 1 / 6), base=2) == pytest.approx(math.log2(6), rel=1e-15)
    # H(1/4, 3/4) = 2 - (3/4) log2 3 bits
    assert ce.entropy([0.25, 0.75], base=2) == pytest.approx(2 - 0.75 * math.log2(3), rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_entropy_preserves_dtype(dtype):
    p = np.array([0.25, 0.25, 0.5], dtype=dtype)
    assert ce.entropy(p).dtype == dtype
    assert ce.entropy(p, base=2).dtype == dtype
    assert ce.entropy(p, base=2) == pytest.approx(1.5, rel=1e-6)


def test_integer_input_is_promoted_to_float64():
    assert ce.entropy([1, 0]).dtype == np.float64


# ---------------------------------------------------------------- cross-entropy and KL


def xlogy_cross_entropy(p, q, axis=-1):
    return -sps.xlogy(p, q).sum(axis=axis)


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("zeros", [False, True])
def test_cross_entropy_matches_scipy(rng, base, zeros):
    p = random_distributions(rng, (6, 5), zeros=zeros)
    q = random_distributions(rng, (6, 5))
    scale = 1 if base is None else math.log(base)
    np.testing.assert_allclose(
        ce.cross_entropy(p, q, base=base), xlogy_cross_entropy(p, q) / scale, rtol=RTOL
    )
    # H(p, q) = H(p) + KL(p || q), both from scipy.stats.entropy
    ref = stats.entropy(p, base=base, axis=-1) + stats.entropy(p, q, base=base, axis=-1)
    np.testing.assert_allclose(ce.cross_entropy(p, q, base=base), ref, rtol=RTOL)


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("zeros", [False, True])
def test_kl_divergence_matches_scipy(rng, base, zeros):
    p = random_distributions(rng, (6, 5), zeros=zeros)
    q = random_distributions(rng, (6, 5))
    np.testing.assert_allclose(
        ce.kl_divergence(p, q, base=base), stats.entropy(p, q, base=base, axis=-1), rtol=RTOL
    )
    scale = 1 if base is None else math.log(base)
    np.testing.assert_allclose(
        ce.kl_divergence(p, q, base=base), sps.rel_entr(p, q).sum(axis=-1) / scale, rtol=RTOL
    )


def test_cross_entropy_closed_form():
    # p = (1/2, 1/2), q = (1/4, 3/4): H = 1/2 * 2 + 1/2 * log2(4/3) bits
    expected = 1 + 0.5 * math.log2(4 / 3)
    assert ce.cross_entropy([0.5, 0.5], [0.25, 0.75], base=2) == pytest.approx(expected, rel=1e-15)
    assert ce.kl_divergence([0.5, 0.5], [0.25, 0.75], base=2) == pytest.approx(
        expected - 1, rel=1e-13
    )


def test_infinite_when_model_rules_out_a_possible_outcome():
    assert ce.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert ce.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf


def test_outcomes_impossible_under_p_contribute_nothing_whatever_q():
    # p_2 = 0 and q_2 = 0: the term is 0, not NaN.
    assert ce.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert ce.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert ce.cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0], base=2) == 1.0


def test_cross_entropy_broadcasts_one_p_against_many_q(rng):
    p = random_distributions(rng, (4,))
    q = random_distributions(rng, (3, 2, 4))
    got = ce.cross_entropy(p, q)
    assert got.shape == (3, 2)
    for i in range(3):
        for j in range(2):
            assert got[i, j] == pytest.approx(xlogy_cross_entropy(p, q[i, j]), rel=RTOL)
    np.testing.assert_allclose(
        ce.kl_divergence(q, p), stats.entropy(q, np.broadcast_to(p, q.shape), axis=-1), rtol=RTOL
    )


def test_cross_entropy_along_axis_zero(rng):
    p = random_distributions(rng, (3, 5)).T
    q = random_distributions(rng, (3, 5)).T
    np.testing.assert_allclose(
        ce.cross_entropy(p, q, axis=0), xlogy_cross_entropy(p, q, axis=0), rtol=RTOL
    )


def test_kl_is_exactly_zero_for_equal_distributions(rng):
    p = random_distributions(rng, (10, 7), zeros=True)
    assert (ce.kl_divergence(p, p) == 0).all()


def test_kl_with_a_tiny_q_does_not_overflow():
    # p / q overflows float64; the divergence itself is finite.
    q_tiny = 1e-320
    expected = 0.5 * (math.log(0.5) - math.log(q_tiny)) + 0.5 * math.log(0.5 / (1 - q_tiny))
    assert ce.kl_divergence([0.5, 0.5], [q_tiny, 1 - q_tiny]) == pytest.approx(expected, rel=1e-12)


def test_kl_is_asymmetric():
    p, q = [0.9, 0.1], [0.5, 0.5]
    assert ce.kl_divergence(p, q) != pytest.approx(ce.kl_divergence(q, p))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pairwise_measures_preserve_dtype(dtype):
    p = np.array([0.5, 0.5], dtype=dtype)
    q = np.array([0.25, 0.75], dtype=dtype)
    assert ce.cross_entropy(p, q).dtype == dtype
    assert ce.kl_divergence(p, q, base=2).dtype == dtype


def test_mixed_dtypes_compute_in_the_wider_one():
    p = np.array([0.5, 0.5], dtype=np.float32)
    q = np.array([0.25, 0.75], dtype=np.float64)
    assert ce.cross_entropy(p, q).dtype == np.float64


# ---------------------------------------------------------------- binary entropy


def test_binary_entropy_matches_scipy(rng):
    p = rng.uniform(0.001, 0.999, size=50)
    ref = stats.entropy(np.stack([p, 1 - p]), axis=0)
    np.testing.assert_allclose(ce.binary_entropy(p), ref, rtol=1e-12)


def test_binary_entropy_endpoints_and_maximum():
    assert ce.binary_entropy([0.0, 1.0]).tolist() == [0.0, 0.0]
    assert ce.binary_entropy(0.5, base=2) == 1.0
    assert ce.binary_entropy(0.5) == pytest.approx(math.log(2), rel=1e-15)


def test_binary_entropy_is_accurate_for_tiny_p():
    # (1 - p) log(1 - p) = -p + p^2/2 + O(p^3), so H = p (1 - log p) - p^2/2 + O(p^3).
    p = 1e-12
    expected = p * (1 - math.log(p)) - p * p / 2
    assert ce.binary_entropy(p) == pytest.approx(expected, rel=1e-14)


def test_binary_entropy_is_symmetric(rng):
    p = rng.uniform(0.01, 0.99, size=100)
    np.testing.assert_allclose(ce.binary_entropy(p), ce.binary_entropy(1 - p), rtol=1e-12)


@pytest.mark.parametrize("zeros", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_entropy_of_a_long_distribution(rng, zeros, dtype):
    # Above 65536 outcomes the entropy is validated and summed block by block in one pass.
    p = rng.random(300_001)
    if zeros:
        p[::3] = 0
    p = (p / p.sum()).astype(dtype)
    p /= p.sum()
    ref = stats.entropy(p.astype(np.float64))
    got = ce.entropy(p)
    assert got.dtype == dtype
    assert got == pytest.approx(ref, rel=1e-12 if dtype == np.float64 else 1e-5)
    assert ce.entropy(p, base=2) == pytest.approx(ref / math.log(2), rel=1e-5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.__setitem__(70_000, -1e-3), "negative probability .* at index 70000"),
        (lambda p: p.__setitem__(100_000, np.nan), "contains NaN at index 100000"),
        (lambda p: p.__setitem__(200_000, 1.5), "probability above 1 .* at index 200000"),
        (lambda p: p.__imul__(0.5), "does not sum to 1"),
    ],
)
def test_long_distributions_get_the_same_errors(rng, change, message):
    p = rng.random(250_000)
    p /= p.sum()
    change(p)
    with pytest.raises(ValueError, match=message):
        ce.entropy(p)
