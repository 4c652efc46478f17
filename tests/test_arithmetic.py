"""Arithmetic coding: every message decodes back, in at most ceil(L) + 2 bits."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from crossentropy.coding import arithmetic_decode, arithmetic_encode, code_length
from tests.conftest import distributions


def code_length_bound(symbols, probs) -> float:
    q = np.asarray(probs, dtype=float)
    per_symbol = q[symbols] if q.ndim == 1 else q[np.arange(len(symbols)), symbols]
    length = float(-np.log2(per_symbol).sum())
    return math.ceil(length) + 2 + 0.001 * length


@st.composite
def messages(draw, sequence_model: bool):
    q = draw(distributions(n_min=1, n_max=6, zeros=True))
    support = np.flatnonzero(q > 0)
    n = draw(st.integers(0, 60))
    picks = draw(st.lists(st.sampled_from(support.tolist()), min_size=n, max_size=n))
    symbols = np.array(picks, dtype=np.int64)
    if not sequence_model:
        return symbols, q
    rows = [draw(distributions(n=q.size, zeros=False)) for _ in range(n)]
    return symbols, np.array(rows).reshape(n, q.size)


@settings(max_examples=200, deadline=None)
@given(messages(sequence_model=False))
def test_iid_messages_round_trip_within_the_bound(message):
    symbols, q = message
    bits = arithmetic_encode(symbols, q)
    assert bits.dtype == np.uint8 and set(bits.tolist()) <= {0, 1}
    assert arithmetic_decode(bits, q, len(symbols)).tolist() == symbols.tolist()
    assert len(bits) <= code_length_bound(symbols, q)


@settings(max_examples=100, deadline=None)
@given(messages(sequence_model=True))
def test_sequence_model_messages_round_trip_within_the_bound(message):
    symbols, q = message
    bits = arithmetic_encode(symbols, q)
    assert arithmetic_decode(bits, q, len(symbols)).tolist() == symbols.tolist()
    assert len(bits) <= code_length_bound(symbols, q)


def test_a_long_message_costs_its_cross_entropy(rng):
    q = rng.dirichlet(np.ones(27))
    symbols = rng.choice(27, size=50_000, p=q)
    bits = arithmetic_encode(symbols, q)
    length = -np.log2(q[symbols]).sum()
    assert length <= len(bits) <= math.ceil(length) + 2
    assert np.array_equal(arithmetic_decode(bits, q, symbols.size), symbols)


def test_tiny_probabilities_still_code(rng):
    q = np.array([1 - 2e-15, 1e-15, 1e-15])
    symbols = np.array([0, 1, 0, 2, 0, 0])
    bits = arithmetic_encode(symbols, q)
    assert arithmetic_decode(bits, q, 6).tolist() == symbols.tolist()
    assert len(bits) <= code_length_bound(symbols, q)


def test_a_certain_message_is_almost_free():
    assert len(arithmetic_encode([0] * 1000, [1.0])) <= 2
    assert arithmetic_decode([], [1.0], 3).tolist() == [0, 0, 0]


@pytest.mark.parametrize(
    "symbols, probs, error, message",
    [
        ([0, 2], [0.5, 0.5], ValueError, r"symbols\[1\] = 2 is outside the alphabet 0, \.\.\., 1"),
        ([0, -1], [0.5, 0.5], ValueError, r"symbols\[1\] = -1 is outside"),
        ([1, 0], [1.0, 0.0], ValueError, r"symbols\[0\] = 1 has probability 0 under probs"),
        ([[0]], [0.5, 0.5], ValueError, r"symbols must be 1-D"),
        ([0.5], [0.5, 0.5], TypeError, r"symbols must be integers"),
        ([0], [0.5, 0.6], ValueError, r"probs does not sum to 1"),
        ([0, 1], [[0.5, 0.5]], ValueError, r"probs has 1 rows but the message has 2 symbols"),
        ([0], [[[1.0]]], ValueError, r"probs must be one distribution"),
        ([0], ["a"], TypeError, r"probs"),
    ],
)
def test_bad_messages_and_models_get_clear_errors(symbols, probs, error, message):
    with pytest.raises(error, match=message):
        arithmetic_encode(symbols, probs)


@pytest.mark.parametrize(
    "bits, n, error, message",
    [
        ([0, 2], 1, ValueError, r"bits\[1\] = 2: a code holds only 0 and 1"),
        ([[0, 1]], 1, ValueError, r"bits must be 1-D"),
        ([0, 1], -1, ValueError, r"n"),
        ([0, 1], 1.5, TypeError, r"n"),
        ([0.5], 1, TypeError, r"bits must be integers 0 and 1"),
    ],
)
def test_bad_codes_get_clear_errors(bits, n, error, message):
    with pytest.raises(error, match=message):
        arithmetic_decode(bits, [0.5, 0.5], n)


# ---------------------------------------------------------------- code_length


@settings(max_examples=150, deadline=None)
@given(messages(sequence_model=False) | messages(sequence_model=True))
def test_code_length_is_what_the_coder_achieves(message):
    symbols, q = message
    length = code_length(symbols, q)
    assert length >= 0
    bits = arithmetic_encode(symbols, q)
    # never more than 2 bits (plus the quantisation) above the ceiling of the ideal length
    assert len(bits) <= math.ceil(length) + 2 + 0.001 * length
    # and never below it, unless quantisation (every outcome gets at least 2**-60) made a
    # tiny probability larger
    chosen = q[symbols] if q.ndim == 1 else q[np.arange(len(symbols)), symbols]
    if symbols.size and chosen.min() >= 1e-12:
        assert length - 1e-3 <= len(bits)
    assert code_length(symbols, q, base=None) == pytest.approx(length * math.log(2), rel=1e-12)


def test_code_length_agrees_with_an_independent_computation():
    q = np.array([0.5, 0.25, 0.125, 0.125])
    symbols = np.array([0, 1, 2, 3, 0, 0, 1])
    # each symbol costs its surprisal: 1, 2, 3, 3, 1, 1, 2 bits
    assert code_length(symbols, q) == 13.0
    # the counts of the message make p; its length is n H(p, q), SciPy's entropy of
    # p (in nats) plus the KL divergence from q, times n
    counts = np.bincount(symbols, minlength=4)
    p = counts / counts.sum()
    n_h_pq = symbols.size * (scipy.stats.entropy(p) + scipy.stats.entropy(p, q))
    assert code_length(symbols, q, base=None) == pytest.approx(n_h_pq, rel=1e-12)
    rows = np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]])
    expected = -(np.log2(0.9) + np.log2(0.8) + np.log2(0.5))
    assert code_length([0, 1, 1], rows) == pytest.approx(expected, rel=1e-14)
    assert code_length([0, 1, 1], rows, base=10) == pytest.approx(
        expected * math.log10(2), rel=1e-14
    )
    assert code_length([], [0.3, 0.7]) == 0.0
    assert code_length([0] * 1000, [1.0]) == 0.0


@pytest.mark.parametrize(
    "symbols, probs, base, error, message",
    [
        (
            [0, 2],
            [0.5, 0.5],
            2,
            ValueError,
            r"^symbols\[1\] = 2 is outside the alphabet 0, \.\.\., 1",
        ),
        ([0, -1], [0.5, 0.5], 2, ValueError, r"^symbols\[1\] = -1 is outside"),
        ([0, 1], [1.0, 0.0], 2, ValueError, r"^symbols\[1\] = 1 has probability 0 under probs"),
        (
            [1, 0],
            [[0.5, 0.5], [0.0, 1.0]],
            2,
            ValueError,
            r"^symbols\[1\] = 0 has probability 0 under probs",
        ),
        ([[0]], [0.5, 0.5], 2, ValueError, r"^symbols must be 1-D"),
        ([0.5], [0.5, 0.5], 2, TypeError, r"^symbols must be integers"),
        ([0], [0.5, 0.6], 2, ValueError, r"^probs does not sum to 1"),
        ([0], [1.5, -0.5], 2, ValueError, r"^probs"),
        ([0, 1], [[0.5, 0.5]], 2, ValueError, r"^probs has 1 rows but the message has 2 symbols"),
        ([0], [[[1.0]]], 2, ValueError, r"^probs must be one distribution"),
        ([0], ["a"], 2, TypeError, r"^probs"),
        ([0], [0.5, 0.5], 1, ValueError, r"^base must be"),
        ([0], [0.5, 0.5], "2", TypeError, r"^base must be"),
    ],
)
def test_code_length_errors_name_the_argument(symbols, probs, base, error, message):
    with pytest.raises(error, match=message):
        code_length(symbols, probs, base=base)
    if not message.startswith("^base"):  # the coder says the same about the same mistake
        with pytest.raises(error, match=message):
            arithmetic_encode(symbols, probs)


@pytest.mark.parametrize("base", [2, None, 10])
def test_code_length_of_nothing_to_say_is_plus_zero(base):
    # An empty message, or one of certain symbols, takes 0 bits: +0.0, never -0.0
    # (which a readout shows as "-0.00 bits").
    for symbols, probs in [([], [0.7, 0.3]), ([0, 0], [1.0, 0.0]), ([1], [[0.0, 1.0]])]:
        length = code_length(symbols, probs, base=base)
        assert length == 0.0 and math.copysign(1.0, length) == 1.0, (symbols, length)
