"""The grader's boundary: only plain data crosses, and decoding trusts nothing it is sent."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from crossentropy.book.assign import wire
from crossentropy.book.assign.trusted import checked_functions, free_names
from crossentropy.training import fit_distribution


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -(2**80),
        1.5,
        math.inf,
        "text",
        [1, 2.5, "x"],
        (1, (2, 3)),
        {"a": [1, None]},
        np.float32(0.25),
        np.int64(7),
        np.array([[1.0, 2.0], [3.0, 4.0]]),
        np.array([True, False]),
        np.arange(6, dtype=np.int16).reshape(2, 3)[:, ::2],  # not contiguous
        1 + 2j,
    ],
    ids=repr,
)
def test_plain_values_cross_unchanged(value):
    back = wire.decode(wire.encode(value))
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value


def test_nan_crosses():
    assert math.isnan(wire.decode(wire.encode(math.nan)))


def test_the_librarys_records_cross_as_their_own_type():
    path = fit_distribution([0.5, 0.5], steps=3)
    back = wire.decode(wire.encode(path))
    assert type(back) is type(path)
    assert np.array_equal(back.logits, path.logits)


class LyingFloat(float):
    def __eq__(self, other):
        return True


class LyingArray(np.ndarray):
    pass


@pytest.mark.parametrize(
    "value",
    [
        LyingFloat(0.0),
        np.zeros(3).view(LyingArray),
        np.array([object()], dtype=object),
        np.array(["a"]),
        {1: 2},
        lambda: 1,
        object(),
        [[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]],
    ],
    ids=lambda v: type(v).__name__,
)
def test_anything_else_is_refused_at_the_source(value):
    with pytest.raises(wire.Unplain):
        wire.encode(value)


@pytest.mark.parametrize(
    "document",
    [
        3,  # a raw JSON number
        [1, 2],
        {"float": 1.0},  # numbers travel as strings
        {"int": "1" * 5000},
        {"list": [1]},
        {"array": "AAAA", "dtype": "|O", "shape": [1], "scalar": False},
        {"array": "AAAA", "dtype": "<f8", "shape": [4], "scalar": False},  # too few bytes
        {"array": "AAAA", "dtype": "<f8", "shape": [-1], "scalar": False},
        {"record": "os:system", "fields": []},
        {"record": "crossentropy.training:DistributionFit", "fields": [{"int": "1"}]},
        {"dict": {"a": 3}},
        {"unknown": "x"},
    ],
    ids=repr,
)
def test_decoding_builds_only_plain_values(document):
    with pytest.raises(wire.WireError):
        wire.decode(document)


def test_frames_round_trip_and_refuse_oversized_headers():
    r, w = os.pipe()
    try:
        wire.write_frame(w, {"value": wire.encode([1.0, 2.0])})
        assert wire.decode(wire.read_frame(r)["value"]) == [1.0, 2.0]
        os.write(w, (wire.MAX_BYTES + 1).to_bytes(8, "big"))
        with pytest.raises(wire.WireError, match="at most"):
            wire.read_frame(r)
    finally:
        os.close(r)
        os.close(w)


def test_free_names_are_the_answers_a_test_uses():
    source = (
        "import math\nfor base in (None, 2):\n"
        "    assert ce.exercises.check('entropy', f, base=base)\n"
        "def helper(x):\n    return g(x) + x\n_z = np.ones(3)\nassert helper(_z) == answer\n"
    )
    assert free_names(source) == {"f", "g", "answer"}
    assert checked_functions(source) == ["crossentropy.measures:entropy"]
