r"""Codes: Huffman's optimal prefix codes, and arithmetic coding.

A prefix code gives each outcome a string of bits, no codeword the start of
another, so that a stream of codewords can be read without separators.
Huffman's algorithm (1952) builds one with the smallest possible mean length,
and that mean length ``L`` always satisfies ``H(p) <= L < H(p) + 1`` bits
(Cover & Thomas, theorem 5.4.1): entropy is the average number of yes/no
questions an optimal strategy needs.

Arithmetic coding (:func:`arithmetic_encode`, :func:`arithmetic_decode`) goes
further: it codes a whole message in one piece, in
:math:`\lceil \sum_i -\log_2 q_i(x_i) \rceil + 2` bits at most under a model
:math:`q`, so a model's cross-entropy on a message is the length of its code;
:func:`code_length` computes that ideal length, :math:`\sum_i -\log_2 q_i(x_i)`.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._arithmetic import arithmetic_decode, arithmetic_encode, code_length
from crossentropy._validation import as_distribution

__all__ = [
    "arithmetic_decode",
    "arithmetic_encode",
    "code_length",
    "huffman_code",
    "mean_code_length",
]

# Documented and shown as part of this module (they live in a private one of their own).
arithmetic_encode.__module__ = arithmetic_decode.__module__ = code_length.__module__ = __name__


def huffman_code(p: ArrayLike) -> list[str]:
    """A binary Huffman code for the distribution ``p``: one codeword per outcome.

    Parameters
    ----------
    p : array_like, shape (n,)
        The probabilities of the outcomes.

    Returns
    -------
    list of str
        ``codewords[i]`` is the code of outcome ``i``, a string of ``'0'`` and
        ``'1'``. Ties are broken by outcome order, so the code is
        deterministic. A single outcome gets the empty codeword (nothing
        needs to be said).

    Raises
    ------
    ValueError
        If ``p`` is not a distribution or is not one-dimensional.
    TypeError
        If ``p`` is not numeric.

    Notes
    -----
    Repeatedly merge the two least likely subtrees; each merge adds one bit
    to every codeword below it. Introduced in the chapter *Entropy*.

    Examples
    --------
    >>> from crossentropy.coding import huffman_code
    >>> huffman_code([0.5, 0.25, 0.125, 0.125])
    ['0', '10', '110', '111']
    """
    p = _one_distribution(p)
    codes = [""] * p.size
    if p.size == 1:
        return codes
    order = itertools.count()
    # Each heap entry: (probability, tie-breaker, outcomes in the subtree).
    heap = [(float(pi), next(order), [i]) for i, pi in enumerate(p)]
    heapq.heapify(heap)
    while len(heap) > 1:
        p0, _, first = heapq.heappop(heap)
        p1, _, second = heapq.heappop(heap)
        for i in first:
            codes[i] = "0" + codes[i]
        for i in second:
            codes[i] = "1" + codes[i]
        heapq.heappush(heap, (p0 + p1, next(order), first + second))
    return codes


def mean_code_length(p: ArrayLike, codewords: list[str]) -> float:
    """The expected number of bits per outcome: ``sum_i p_i * len(codewords[i])``.

    Parameters
    ----------
    p : array_like, shape (n,)
        The probabilities of the outcomes.
    codewords : list of str
        One codeword per outcome.

    Returns
    -------
    float
        The mean code length in bits.

    Raises
    ------
    ValueError
        If ``p`` is not one distribution, or ``codewords`` does not hold one
        string of ``'0'`` and ``'1'`` per outcome.
    TypeError
        If ``p`` is not numeric or ``codewords`` is not a list of strings.

    Examples
    --------
    >>> from crossentropy.coding import mean_code_length
    >>> mean_code_length([0.5, 0.25, 0.125, 0.125], ["0", "10", "110", "111"])
    1.75
    """
    p = _one_distribution(p)
    if not isinstance(codewords, (list, tuple)) or not all(isinstance(c, str) for c in codewords):
        raise TypeError(f"codewords must be a list of strings, got {codewords!r}")
    for c in codewords:
        if c.strip("01"):
            raise ValueError(f"codewords must be strings of '0' and '1', got {c!r}")
    if len(codewords) != p.size:
        raise ValueError(
            f"need one codeword per outcome: {p.size} outcomes, {len(codewords)} codewords"
        )
    return float(p @ np.array([len(c) for c in codewords], dtype=p.dtype))


def _one_distribution(p: ArrayLike) -> np.ndarray:
    """``p`` as one (1-D) distribution."""
    arr = as_distribution(p, "p")
    if arr.ndim != 1:
        raise ValueError(f"p must be one distribution (1-D), got shape {arr.shape}")
    return arr
