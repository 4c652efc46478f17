"""Arithmetic coding: every message decodes back, in at most ceil(L) + 2 bits."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossentropy.coding import arithmetic_decode, arithmetic_encode
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
