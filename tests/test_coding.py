"""Huffman codes: prefix-free, optimal, and within one bit of the entropy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given

import crossentropy as ce
from crossentropy.coding import huffman_code, mean_code_length
from tests.conftest import distributions


def test_dyadic_distribution_meets_the_entropy_exactly():
    p = [0.5, 0.25, 0.125, 0.125]
    code = huffman_code(p)
    assert [len(c) for c in code] == [1, 2, 3, 3]
    assert mean_code_length(p, code) == ce.entropy(p, base=2) == 1.75


def test_known_huffman_lengths():
    # Cover & Thomas, example 5.6.1: probabilities 0.25, 0.25, 0.2, 0.15, 0.15 -> lengths 2,2,2,3,3
    code = huffman_code([0.25, 0.25, 0.2, 0.15, 0.15])
    assert sorted(len(c) for c in code) == [2, 2, 2, 3, 3]
    assert mean_code_length([0.25, 0.25, 0.2, 0.15, 0.15], code) == pytest.approx(2.3)


def is_prefix_free(code):
    return not any(a != b and b.startswith(a) for a in code for b in code)


@given(distributions(n_min=2, n_max=12, zeros=False))
def test_code_is_prefix_free_complete_and_within_one_bit(p):
    code = huffman_code(p)
    assert is_prefix_free(code)
    assert sum(2.0 ** -len(c) for c in code) == pytest.approx(1.0)  # Kraft, with equality
    h = ce.entropy(p, base=2)
    length = mean_code_length(p, code)
    assert h - 1e-9 <= length < h + 1


def test_single_outcome_needs_no_bits():
    assert huffman_code([1.0]) == [""]
    assert mean_code_length([1.0], [""]) == 0


def test_errors():
    with pytest.raises(ValueError, match="p does not sum to 1"):
        huffman_code([0.5, 0.2])
    with pytest.raises(ValueError, match="one codeword per outcome"):
        mean_code_length([0.5, 0.5], ["0"])
    assert math.isfinite(mean_code_length(np.array([0.5, 0.5]), ["0", "1"]))
