"""Joint and conditional entropy, mutual information and the Jensen-Shannon divergence.

Parity with scikit-learn (``mutual_info_score``), SciPy (``entropy``,
``jensenshannon``), the laws of information theory on generated tables
(hypothesis), and a clear error for every bad table.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats as stats
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.spatial.distance import jensenshannon
from sklearn.metrics import mutual_info_score

import crossentropy as ce
from tests.conftest import distribution_pairs, distributions

SLACK = 1e-12


@st.composite
def joint_tables(draw, zeros: bool = True, max_side: int = 6):
    """A 2-D joint probability table, exact zeros allowed when ``zeros``."""
    shape = (draw(st.integers(1, max_side)), draw(st.integers(1, max_side)))
    lo = 0.0 if zeros else 1e-3
    w = draw(hnp.arrays(np.float64, shape, elements=st.floats(lo, 1.0, allow_nan=False)))
    if w.sum() == 0:
        w[draw(st.integers(0, shape[0] - 1)), draw(st.integers(0, shape[1] - 1))] = 1.0
    return w / w.sum()


def entropy_of(p, base=None):
    return float(stats.entropy(np.ravel(p), base=base))


# ----------------------------------------------------------------- reference values


@pytest.mark.parametrize("base", [None, 2, 10])
@pytest.mark.parametrize("shape", [(2, 2), (3, 5), (7, 4), (1, 6)])
def test_mutual_information_matches_scikit_learn(rng, base, shape):
    counts = rng.integers(0, 20, size=shape)
    counts[0, 0] += 1  # never an empty table
    # scikit-learn takes the contingency table of counts and works in nats.
    expected = mutual_info_score(None, None, contingency=counts) / math.log(base or math.e)
    got = ce.mutual_information(counts / counts.sum(), base=base)
    assert math.isclose(got, max(expected, 0.0), rel_tol=1e-10, abs_tol=1e-14)


@pytest.mark.parametrize("base", [None, 2])
def test_joint_and_conditional_entropy_match_scipy(rng, base):
    pxy = rng.dirichlet(np.ones(12)).reshape(3, 4)
    pxy[1, 2] = 0.0
    pxy /= pxy.sum()
    assert math.isclose(ce.joint_entropy(pxy, base=base), entropy_of(pxy, base), rel_tol=1e-12)
    # H(Y | X) = sum_x p(x) H(p(. | x)), every conditional row from scipy
    px = pxy.sum(axis=1)
    expected = sum(px[x] * entropy_of(pxy[x] / px[x], base) for x in range(3))
    assert math.isclose(ce.conditional_entropy(pxy, base=base), expected, rel_tol=1e-12)


def test_joint_entropy_of_a_three_way_table_is_the_entropy_of_its_entries(rng):
    pxyz = rng.dirichlet(np.ones(24)).reshape(2, 3, 4)
    assert math.isclose(ce.joint_entropy(pxyz), entropy_of(pxyz), rel_tol=1e-12)


@pytest.mark.parametrize("base", [None, 2, 10])
def test_js_divergence_is_scipys_jensen_shannon_distance_squared(rng, base):
    p = rng.dirichlet(np.ones(6), size=5)
    q = rng.dirichlet(np.ones(6), size=5)
    p[0, :3] = 0
    p[0] /= p[0].sum()
    q[0, 3:] = 0  # disjoint supports in row 0: one bit
    q[0] /= q[0].sum()
    expected = jensenshannon(p, q, axis=-1, base=base) ** 2
    np.testing.assert_allclose(ce.js_divergence(p, q, base=base), expected, rtol=1e-10)
    assert ce.js_divergence(p[0], q[0], base=2) == 1.0


def test_worked_values():
    # Y = X for a fair coin: one bit shared, nothing left over.
    same = [[0.5, 0.0], [0.0, 0.5]]
    assert ce.mutual_information(same, base=2) == 1.0
    assert ce.conditional_entropy(same) == 0.0
    assert ce.joint_entropy(same, base=2) == 1.0
    # A binary symmetric channel with flip probability 0.1 and a fair input: 1 - H_b(0.1).
    bsc = 0.5 * np.array([[0.9, 0.1], [0.1, 0.9]])
    h = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
    assert math.isclose(ce.mutual_information(bsc, base=2), 1 - h, rel_tol=1e-13)
    assert math.isclose(ce.conditional_entropy(bsc, base=2), h, rel_tol=1e-13)


def test_float32_tables_are_judged_at_their_own_precision():
    pxy = np.array([[0.1, 0.2], [0.3, 0.4]], dtype=np.float32)
    assert ce.mutual_information(pxy).dtype == np.float32
    assert ce.conditional_entropy(pxy).dtype == np.float32
    np.testing.assert_allclose(
        ce.mutual_information(pxy), ce.mutual_information([[0.1, 0.2], [0.3, 0.4]]), rtol=1e-4
    )


# --------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize(
    "a, b",
    [
        ([0.3, 0.7], [0.1, 0.2, 0.7]),
        ([1 / 3, 1 / 3, 1 / 3], [0.1] * 10),
        ([1e-200, 1 - 1e-200], [0.5, 0.5]),
        ([1.0], [0.25, 0.75]),
    ],
)
def test_mutual_information_of_a_product_table_is_exactly_zero(a, b):
    pxy = np.outer(a, b)
    assert ce.mutual_information(pxy) == 0.0
    assert ce.mutual_information(pxy.T) == 0.0


def test_mutual_information_is_exactly_zero_for_many_random_product_tables(rng):
    for _ in range(200):
        a = rng.dirichlet(np.ones(rng.integers(1, 9)))
        b = rng.dirichlet(np.ones(rng.integers(1, 9)))
        assert ce.mutual_information(np.outer(a, b)) == 0.0


def test_a_tiny_but_real_dependence_is_not_rounded_away():
    d = 1e-6  # I is about 2 d^2 / (1/4) ... nats, far above rounding
    pxy = np.array([[0.25 + d, 0.25 - d], [0.25 - d, 0.25 + d]])
    expected = 2 * (0.25 + d) * math.log(1 + 4 * d) + 2 * (0.25 - d) * math.log(1 - 4 * d)
    assert math.isclose(ce.mutual_information(pxy), expected, rel_tol=1e-6)
    assert ce.mutual_information(pxy) > 0


def test_tiny_probabilities_neither_underflow_nor_overflow():
    # p(x) p(y) underflows to 0 here, but p(x, y) > 0: the term is tiny, not inf.
    t = 1e-200
    pxy = np.array([[t, 0.0], [0.0, 1.0]])  # 1 - t rounds to 1 and the sum to 1
    got = ce.mutual_information(pxy)
    expected = t * math.log(1 / t)  # the (1, 1) term is 1 * log(1 / (1 * 1)) = 0
    assert math.isfinite(got)
    assert math.isclose(got, expected, rel_tol=1e-9)
    assert math.isclose(ce.conditional_entropy(pxy), 0.0, abs_tol=0.0)


def test_a_result_depends_on_its_own_row_only():
    p = np.array([[0.5, 0.5], [1.0, 0.0], [1e-300, 1 - 1e-300]])
    q = np.array([[0.9, 0.1], [0.0, 1.0], [0.5, 0.5]])
    batch = ce.js_divergence(p, q)
    for i in range(3):
        assert batch[i] == ce.js_divergence(p[i], q[i])


def test_js_divergence_broadcasts_and_takes_an_axis():
    p = np.array([[0.5, 0.2], [0.5, 0.8]])  # distributions down the columns
    q = np.array([0.5, 0.5])[:, None]
    got = ce.js_divergence(p, q, axis=0)
    assert got.shape == (2,)
    assert got[0] == 0.0
    assert math.isclose(got[1], ce.js_divergence([0.2, 0.8], [0.5, 0.5]), rel_tol=1e-15)


@pytest.mark.parametrize("func", [ce.joint_entropy, ce.conditional_entropy, ce.mutual_information])
def test_no_warning_on_valid_tables_with_zeros(func):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isfinite(func([[0.0, 0.5], [0.5, 0.0]]))
        assert math.isfinite(func([[1.0, 0.0], [0.0, 0.0]]))


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("func", [ce.conditional_entropy, ce.mutual_information])
@pytest.mark.parametrize("table", [[0.5, 0.5], [[[0.5, 0.5]]], 1.0])
def test_a_table_that_is_not_2d_is_a_value_error(func, table):
    with pytest.raises(ValueError, match=r"pxy must be a 2-D joint table .*dimension"):
        func(table)


@pytest.mark.parametrize("func", [ce.joint_entropy, ce.conditional_entropy, ce.mutual_information])
@pytest.mark.parametrize(
    "table, message",
    [
        ([[0.5, 0.7], [-0.2, 0.0]], r"pxy has a negative probability \(-0\.2 at index \(1, 0\)\)"),
        ([[0.5, 0.5], [0.5, 0.5]], r"pxy does not sum to 1 over all its entries \(sum 2\.0\)"),
        ([[3, 2], [1, 4]], r"pxy has a probability above 1"),
        ([[0.5, np.nan], [0.25, 0.25]], r"pxy .*NaN"),
        (np.zeros((0, 3)), r"pxy is empty"),
    ],
)
def test_bad_tables_are_value_errors_naming_pxy(func, table, message):
    with pytest.raises(ValueError, match=message):
        func(table)


@pytest.mark.parametrize("func", [ce.joint_entropy, ce.conditional_entropy, ce.mutual_information])
def test_wrong_types_are_type_errors(func):
    with pytest.raises(TypeError, match="pxy"):
        func([["a", "b"], ["c", "d"]])
    with pytest.raises(TypeError, match="base"):
        func([[0.5, 0.5]], base="2")


def test_js_divergence_bad_input():
    with pytest.raises(ValueError, match=r"q does not sum to 1"):
        ce.js_divergence([0.5, 0.5], [0.5, 0.6])
    with pytest.raises(ValueError, match=r"p has a negative probability"):
        ce.js_divergence([1.5, -0.5], [0.5, 0.5])
    with pytest.raises(TypeError, match="axis"):
        ce.js_divergence([0.5, 0.5], [0.5, 0.5], axis=0.5)


# ------------------------------------------------------------------------------ laws


def _marginals(pxy):
    # A row of a normalised table can sum to 1 + 1 ulp: clip it for ce.entropy.
    return np.minimum(pxy.sum(axis=1), 1.0), np.minimum(pxy.sum(axis=0), 1.0)


@given(joint_tables())
def test_chain_rule(pxy):
    px, _ = _marginals(pxy)
    assert math.isclose(
        ce.joint_entropy(pxy),
        ce.entropy(px) + ce.conditional_entropy(pxy),
        rel_tol=1e-10,
        abs_tol=SLACK,
    )


@given(joint_tables())
def test_mutual_information_is_between_zero_and_the_smaller_entropy(pxy):
    px, py = _marginals(pxy)
    i = ce.mutual_information(pxy)
    assert 0 <= i <= min(ce.entropy(px), ce.entropy(py)) + SLACK


@given(joint_tables())
def test_mutual_information_is_symmetric_and_three_ways_the_same(pxy):
    px, py = _marginals(pxy)
    i = ce.mutual_information(pxy)
    assert math.isclose(i, ce.mutual_information(pxy.T), rel_tol=1e-9, abs_tol=SLACK)
    # reduction in uncertainty, both ways, and KL of the joint from the product
    assert math.isclose(i, ce.entropy(py) - ce.conditional_entropy(pxy), abs_tol=1e-10)
    assert math.isclose(i, ce.entropy(px) - ce.conditional_entropy(pxy.T), abs_tol=1e-10)
    product = np.outer(px, py)
    if not np.any((product == 0) & (pxy > 0)):  # p(x) p(y) underflowed: KL says inf
        kl = ce.kl_divergence(pxy.ravel(), product.ravel())
        assert math.isclose(i, kl, rel_tol=1e-9, abs_tol=1e-10)


@given(joint_tables())
def test_conditioning_never_increases_entropy_on_average(pxy):
    _, py = _marginals(pxy)
    assert 0 <= ce.conditional_entropy(pxy) <= ce.entropy(py) + SLACK


@given(distributions(), distributions())
def test_independent_variables_share_nothing(a, b):
    assert ce.mutual_information(np.outer(a, b)) == 0.0


@given(distribution_pairs())
def test_js_is_symmetric_and_between_zero_and_log_2(pq):
    p, q = pq
    js = ce.js_divergence(p, q)
    assert js == ce.js_divergence(q, p)
    assert 0 <= js <= math.log(2)


@given(distributions())
def test_js_of_a_distribution_with_itself_is_zero(p):
    assert ce.js_divergence(p, p) == 0.0


@given(distribution_pairs(), distribution_pairs())
def test_square_root_of_js_is_a_metric_triangle_inequality(pq, rs):
    p, q = pq
    r = rs[0]
    if len(r) != len(p):
        return
    d = lambda a, b: math.sqrt(ce.js_divergence(a, b))  # noqa: E731
    assert d(p, r) <= d(p, q) + d(q, r) + 1e-9
