"""The KL-in-both-directions view: its blob, and the minima it marks, against SciPy's optimiser."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

import crossentropy as ce
from crossentropy.book.plots import KLDirections, blob, new_figure
from crossentropy.book.plots.divergence import _local_minima


def test_blob_is_the_softmax_of_quadratic_logits():
    x = np.arange(31.0)
    q = blob(x, 12.5, 2.0)
    assert q.shape == (31,) and np.isclose(q.sum(), 1.0, rtol=1e-15)
    np.testing.assert_allclose(q, ce.softmax(-((x - 12.5) ** 2) / 8.0), rtol=1e-15)
    # mu and sigma broadcast; the outcomes stay on the last axis.
    grid = blob(x, np.array([10.0, 20.0])[:, None], np.array([1.0, 2.0, 3.0])[None, :])
    assert grid.shape == (2, 3, 31)
    np.testing.assert_allclose(grid[1, 2], blob(x, 20.0, 3.0), rtol=1e-15)


def test_local_minima_of_a_grid():
    values = np.full((5, 6), 9.0)
    values[1, 1], values[3, 4], values[2, 2] = 1.0, 2.0, 8.5  # (2, 2) is next to (1, 1)
    assert _local_minima(values) == [(1, 1), (3, 4)]
    assert _local_minima(np.zeros((4, 4))) == []  # ties are not minima


def _optimum(divergence, start):
    x = np.arange(31.0)
    result = minimize(
        lambda t: divergence(blob(x, t[0], np.exp(t[1]))),
        [start[0], np.log(start[1])],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 5000},
    )
    return result.x[0], np.exp(result.x[1])


@pytest.fixture(scope="module")
def view() -> KLDirections:
    return KLDirections(new_figure(KLDirections.figsize))


def test_the_marked_minima_are_the_optimiser_s_to_the_grid_step(view):
    p = view.p
    (forward,) = view.forward_minima
    mu, sigma = _optimum(lambda q: ce.kl_divergence(p, q), (15.0, 3.0))
    assert abs(forward[0] - mu) <= 0.05 and abs(forward[1] - sigma) <= 0.025
    starts = [(12.0, 1.0), (15.0, 3.0), (18.0, 1.0)]  # the group at 10, the wide one, at 20
    for (m, s), start in zip(view.reverse_minima, starts, strict=True):
        mu, sigma = _optimum(lambda q: ce.kl_divergence(q, p), start)
        assert abs(m - mu) <= 0.05 and abs(s - sigma) <= 0.025


def test_the_forward_optimum_matches_the_moments(view):
    x, p = view.x, view.p
    mu, sigma = _optimum(lambda q: ce.kl_divergence(p, q), (15.0, 3.0))
    q = blob(x, mu, sigma)
    assert np.isclose(np.sum(q * x), np.sum(p * x), rtol=1e-8)
    assert np.isclose(np.sum(q * x**2), np.sum(p * x**2), rtol=1e-8)


def test_divergences_read_out_both_directions(view):
    q = blob(view.x, 20.0, 1.5)
    forward, reverse = view.divergences(20.0, 1.5)
    assert forward == pytest.approx(float(ce.kl_divergence(view.p, q)), rel=1e-15)
    assert reverse == pytest.approx(float(ce.kl_divergence(q, view.p)), rel=1e-15)
    assert reverse < np.log(2) < forward  # one peak of two costs at most log 2 in reverse
