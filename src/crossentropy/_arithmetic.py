"""Arithmetic coding: a message as one number, its length the model's cross-entropy on it.

The coder keeps an interval that shrinks, symbol by symbol, to the share the model gives
the symbol, and writes out the leading bits the interval's two ends agree on (Witten,
Neal and Cleary, 1987, with the "pending bit" for an interval that straddles the middle).
It works in integers: ``PRECISION``-bit interval ends and each prediction quantised to
frequencies that sum to ``2**FREQUENCY_BITS`` (every outcome the model allows gets at
least 1), so decoding returns the message exactly, and the code is at most 2 bits (plus
the quantisation, about ``n K 2**-60 / q`` bits) longer than ``sum_i -log2 q_i(x_i)``.
Exported from :mod:`crossentropy.coding`.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import (
    as_array,
    as_distribution,
    check_base,
    check_integer,
    log_base,
)

__all__ = ["arithmetic_decode", "arithmetic_encode", "code_length"]

#: Bits of the interval's ends.
PRECISION = 96
#: Each prediction is quantised to integer frequencies summing to ``2**FREQUENCY_BITS``.
FREQUENCY_BITS = 60

_FULL = 1 << PRECISION
_HALF = _FULL >> 1
_QUARTER = _FULL >> 2
_TOTAL = 1 << FREQUENCY_BITS


def _model(probs: ArrayLike, n: int) -> np.ndarray:
    """``probs`` as float64 predictions of shape (1, K) (i.i.d.) or (n, K) (one per symbol)."""
    given = as_array(probs, "probs")
    if given.ndim not in (1, 2):
        raise ValueError(
            "probs must be one distribution (shape (K,)) or one per symbol (shape (n, K)), "
            f"got {given.ndim} dimension(s)"
        )
    q = as_distribution(given, "probs", axis=-1).astype(np.float64)
    q = q.reshape(1, -1) if q.ndim == 1 else q
    if given.ndim == 2 and q.shape[0] != n:
        raise ValueError(f"probs has {q.shape[0]} rows but the message has {n} symbols")
    return q


def _check_alphabet(x: np.ndarray, n_symbols: int) -> None:
    """Raise if a symbol of ``x`` lies outside the alphabet ``0, ..., n_symbols - 1``."""
    if x.size and (x.min() < 0 or x.max() >= n_symbols):
        bad = int(np.flatnonzero((x < 0) | (x >= n_symbols))[0])
        raise ValueError(
            f"symbols[{bad}] = {int(x[bad])} is outside the alphabet 0, ..., {n_symbols - 1}"
        )


def _zero_probability(i: int, symbol: int) -> ValueError:
    return ValueError(f"symbols[{i}] = {symbol} has probability 0 under probs: no code can name it")


def code_length(symbols: ArrayLike, probs: ArrayLike, base: float | None = 2) -> float:
    r"""The ideal code length of a message under a model: :math:`\sum_i -\log q_i(x_i)`.

    The number of bits (by default) that a code built from the model needs for the
    message, to within 2 bits: :func:`arithmetic_encode` writes at most
    :math:`\lceil L \rceil + 2` of them. Divided by the message's length it is the
    model's cross-entropy on the message, per symbol.

    Parameters
    ----------
    symbols : array_like of int, shape (n,)
        The message: each symbol an index into the alphabet ``0, ..., K - 1``.
    probs : array_like, shape (K,) or (n, K)
        The model, as for :func:`arithmetic_encode`: one distribution for every
        symbol (i.i.d.), or row ``i`` the prediction for symbol ``i``.
    base : float or None, optional
        The base of the logarithm: 2 (the default) for bits, ``None`` for nats.

    Returns
    -------
    float
        :math:`L = \sum_i -\log q_i(x_i)` in the units of ``base``; 0 for an empty
        message.

    Raises
    ------
    ValueError
        As :func:`arithmetic_encode`: if ``symbols`` is not 1-D or has a symbol outside
        the alphabet or of probability 0 under the model (no code can name it, so its
        length is not a number of bits; the coder refuses it too), or ``probs`` is not
        a distribution (per row) or has the wrong number of rows; and if ``base`` is
        not a valid logarithm base.
    TypeError
        If ``symbols`` is not integer, ``probs`` not numeric or ``base`` not a number.

    Notes
    -----
    The coder's interval shrinks by the factor :math:`q_i(x_i)` at each symbol, to a
    width of :math:`\prod_i q_i(x_i) = 2^{-L}`. Unlike the coder, which quantises each
    prediction to integer frequencies, this uses the probabilities as given. Introduced
    in the chapter *Compression is prediction*.

    Examples
    --------
    >>> from crossentropy.coding import arithmetic_encode, code_length
    >>> code_length([0, 0, 1, 0], [0.75, 0.25])  # 3 log2(4/3) + 2
    3.2451124978365313
    >>> len(arithmetic_encode([0, 0, 1, 0], [0.75, 0.25]))
    4
    >>> round(code_length([0, 1], [[0.5, 0.5], [0.9, 0.1]], base=None), 6)  # nats
    2.995732
    """
    log_of_base = check_base(base)
    x = _symbols(symbols)
    q = _model(probs, x.size)
    _check_alphabet(x, q.shape[1])
    rows = np.zeros(x.size, dtype=np.intp) if q.shape[0] == 1 else np.arange(x.size)
    chosen = q[rows, x]
    if x.size and not chosen.min() > 0:
        i = int(np.flatnonzero(chosen <= 0)[0])
        raise _zero_probability(i, int(x[i]))
    # + 0.0: an empty message, or one of certain symbols, has length +0, not -0.
    nats = -np.sum(np.log(chosen)) + 0.0
    return float(log_base(np.float64(nats), log_of_base))


def _frequency_table(probs: ArrayLike, n: int) -> tuple[np.ndarray, bool]:
    """Cumulative integer frequencies, shape (rows, K + 1); rows is 1 (i.i.d.) or ``n``.

    Every outcome with a positive probability gets a frequency of at least 1 and the
    frequencies of a row sum to exactly ``2**FREQUENCY_BITS``; a zero probability stays 0.
    """
    q = _model(probs, n)
    shared = q.shape[0] == 1  # i.i.d. (a single row serves every symbol the same way)
    freq = np.floor(q * float(_TOTAL)).astype(np.int64)
    freq[(q > 0) & (freq == 0)] = 1
    # Put what rounding left over (or took too much) on each row's largest frequency.
    rows = np.arange(freq.shape[0])
    largest = np.argmax(freq, axis=1)
    freq[rows, largest] += _TOTAL - freq.sum(axis=1)
    cumulative = np.zeros((freq.shape[0], freq.shape[1] + 1), dtype=np.int64)
    np.cumsum(freq, axis=1, out=cumulative[:, 1:])
    return cumulative, shared


def arithmetic_encode(symbols: ArrayLike, probs: ArrayLike) -> np.ndarray:
    r"""Encode a message with a model's predictions: the shortest code, to within 2 bits.

    Parameters
    ----------
    symbols : array_like of int, shape (n,)
        The message: each symbol an index into the alphabet ``0, ..., K - 1``.
    probs : array_like, shape (K,) or (n, K)
        The model: one distribution for every symbol (i.i.d.), or row ``i`` the
        prediction for symbol ``i`` (a sequence model, given what came before).

    Returns
    -------
    numpy.ndarray of uint8
        The code, one bit (0 or 1) per entry. Its length is at most
        :math:`\lceil L \rceil + 2` bits, plus a quantisation term below
        :math:`10^{-12} L`, with :math:`L = \sum_i -\log_2 q_i(x_i)`.

    Raises
    ------
    ValueError
        If ``symbols`` is not 1-D or has a symbol outside the alphabet or of probability 0
        under the model, or ``probs`` is not a distribution (per row).
    TypeError
        If ``symbols`` is not integer or ``probs`` not numeric.

    Notes
    -----
    The interval :math:`[\text{low}, \text{low} + w)` becomes
    :math:`[\text{low} + w F(x), \text{low} + w (F(x) + q(x)))` for symbol :math:`x`,
    where :math:`F` is the cumulative distribution: its width is multiplied by
    :math:`q(x)`, so after the message it is :math:`2^{-L}` wide and about
    :math:`L` bits name a number inside it. Introduced in the chapter
    *Compression is prediction*.

    Examples
    --------
    >>> from crossentropy.coding import arithmetic_decode, arithmetic_encode
    >>> bits = arithmetic_encode([0, 0, 1, 0], [0.75, 0.25])
    >>> bits.tolist()  # L = 3 log2(4/3) + 2 = 3.25 bits: 4 bits
    [0, 1, 1, 1]
    >>> arithmetic_decode(bits, [0.75, 0.25], 4).tolist()
    [0, 0, 1, 0]
    """
    x = _symbols(symbols)
    cumulative, shared = _frequency_table(probs, x.size)
    _check_alphabet(x, cumulative.shape[1] - 1)
    rows = np.zeros(x.size, dtype=np.intp) if shared else np.arange(x.size)
    lows = cumulative[rows, x].tolist()
    highs = cumulative[rows, x + 1].tolist()
    zero = [i for i, (a, b) in enumerate(zip(lows, highs, strict=True)) if a == b]
    if zero:
        i = zero[0]
        raise _zero_probability(i, int(x[i]))
    bits: list[int] = []
    emit = bits.append
    low, high, pending = 0, _FULL - 1, 0
    for c_low, c_high in zip(lows, highs, strict=True):
        width = high - low + 1
        high = low + ((width * c_high) >> FREQUENCY_BITS) - 1
        low = low + ((width * c_low) >> FREQUENCY_BITS)
        while True:
            if high < _HALF:
                emit(0)
                bits.extend([1] * pending)
                pending = 0
            elif low >= _HALF:
                emit(1)
                bits.extend([0] * pending)
                pending = 0
                low -= _HALF
                high -= _HALF
            elif low >= _QUARTER and high < _HALF + _QUARTER:
                pending += 1
                low -= _QUARTER
                high -= _QUARTER
            else:
                break
            low <<= 1
            high = (high << 1) | 1
    # Two more bits (and the pending ones) name a point inside the final interval.
    pending += 1
    if low < _QUARTER:
        emit(0)
        bits.extend([1] * pending)
    else:
        emit(1)
        bits.extend([0] * pending)
    return np.array(bits, dtype=np.uint8)


def arithmetic_decode(bits: ArrayLike, probs: ArrayLike, n: int) -> np.ndarray:
    """Decode ``n`` symbols from the bits :func:`arithmetic_encode` wrote with the same model.

    Parameters
    ----------
    bits : array_like of 0 and 1, shape (m,)
        The code.
    probs : array_like, shape (K,) or (n, K)
        The same model the message was encoded with.
    n : int
        The number of symbols to read (the code does not say where it ends).

    Returns
    -------
    numpy.ndarray of int64, shape (n,)
        The message.

    Raises
    ------
    ValueError
        If ``bits`` is not 1-D or holds something other than 0 and 1, ``n`` is negative,
        or ``probs`` is not a distribution (per row) or has the wrong number of rows.
    TypeError
        If ``n`` is not an integer, or ``bits`` or ``probs`` not numeric.

    Examples
    --------
    >>> from crossentropy.coding import arithmetic_decode
    >>> arithmetic_decode([0, 1, 1, 1], [0.75, 0.25], 4).tolist()
    [0, 0, 1, 0]
    """
    n = check_integer(n, "n", minimum=0)
    code = as_array(bits, "bits")
    if code.ndim != 1:
        raise ValueError(f"bits must be 1-D, got {code.ndim} dimension(s)")
    if code.dtype.kind not in "biu" and not (
        code.dtype.kind == "f" and np.all(np.mod(code, 1) == 0)
    ):
        raise TypeError(f"bits must be integers 0 and 1, got dtype {code.dtype}")
    if code.size and not np.isin(code, (0, 1)).all():
        bad = int(np.flatnonzero(~np.isin(code, (0, 1)))[0])
        raise ValueError(f"bits[{bad}] = {code[bad].item()!r}: a code holds only 0 and 1")
    cumulative, shared = _frequency_table(probs, n)
    stream = code.astype(np.uint8).tolist()
    stream.extend([0] * PRECISION)  # reading past the end reads zeros
    position = PRECISION
    value = int("".join(map(str, stream[:PRECISION])) or "0", 2)
    tables = [cumulative[0].tolist()] if shared else None
    out = np.empty(n, dtype=np.int64)
    low, high = 0, _FULL - 1
    for i in range(n):
        table = tables[0] if tables is not None else cumulative[i].tolist()
        width = high - low + 1
        target = (((value - low + 1) << FREQUENCY_BITS) - 1) // width
        symbol = bisect_right(table, target) - 1
        out[i] = symbol
        high = low + ((width * table[symbol + 1]) >> FREQUENCY_BITS) - 1
        low = low + ((width * table[symbol]) >> FREQUENCY_BITS)
        while True:
            if high < _HALF:
                pass
            elif low >= _HALF:
                low -= _HALF
                high -= _HALF
                value -= _HALF
            elif low >= _QUARTER and high < _HALF + _QUARTER:
                low -= _QUARTER
                high -= _QUARTER
                value -= _QUARTER
            else:
                break
            low <<= 1
            high = (high << 1) | 1
            if position >= len(stream):
                stream.append(0)
            value = (value << 1) | stream[position]
            position += 1
    return out


def _symbols(symbols: ArrayLike) -> np.ndarray:
    x = as_array(symbols, "symbols")
    if x.ndim != 1:
        raise ValueError(f"symbols must be 1-D, got {x.ndim} dimension(s)")
    if x.size and x.dtype.kind not in "iu":
        if x.dtype.kind == "b" or x.dtype.kind not in "f" or not np.all(np.mod(x, 1) == 0):
            raise TypeError(f"symbols must be integers, got dtype {x.dtype}")
    return x.astype(np.int64)
