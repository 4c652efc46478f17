"""Bad input gets a clear error that names the argument and what is wrong with it."""

from __future__ import annotations

import math

import numpy as np
import pytest

import crossentropy as ce

P = [0.5, 0.5]
MEASURES_OF_P = [
    lambda p: ce.entropy(p),
    lambda p: ce.cross_entropy(p, [0.5, 0.5]),
    lambda p: ce.kl_divergence(p, [0.5, 0.5]),
]
MEASURES_OF_Q = [
    lambda q: ce.cross_entropy([0.5, 0.5], q),
    lambda q: ce.kl_divergence([0.5, 0.5], q),
]


@pytest.mark.parametrize("f", MEASURES_OF_P)
@pytest.mark.parametrize(
    ("p", "message"),
    [
        ([-0.1, 1.1], r"^p has a negative probability \(-0\.1 at index 0\)"),
        ([1.5, -0.5], r"^p has a negative probability \(-0\.5 at index 1\)"),
        ([0.2, 0.3], r"^p does not sum to 1 along axis 0 \(sum 0\.5"),
        ([0.6, 0.6], r"^p does not sum to 1 along axis 0 \(sum 1\.2"),
        ([np.nan, 0.5], r"^p contains NaN at index 0"),
    ],
)
def test_bad_p(f, p, message):
    with pytest.raises(ValueError, match=message):
        f(p)


@pytest.mark.parametrize("f", MEASURES_OF_Q)
@pytest.mark.parametrize(
    ("q", "message"),
    [
        ([-0.5, 1.5], r"^q has a negative probability"),
        ([0.9, 0.9], r"^q does not sum to 1"),
        ([0.5, np.nan], r"^q contains NaN at index 1"),
    ],
)
def test_bad_q(f, q, message):
    with pytest.raises(ValueError, match=message):
        f(q)


def test_empty_distribution():
    with pytest.raises(ValueError, match=r"^p is empty along axis 0"):
        ce.entropy([])
    with pytest.raises(ValueError, match=r"^p is empty along axis 1"):
        ce.cross_entropy(np.zeros((2, 0)), np.zeros((2, 0)))


def test_probability_above_one_is_named():
    with pytest.raises(ValueError, match=r"^p has a probability above 1 \(1\.5 at index 2\)"):
        ce.surprisal([0.5, 0.2, 1.5])
    with pytest.raises(ValueError, match=r"^p has a probability above 1"):
        ce.binary_entropy(2.0)


def test_location_is_reported_in_two_dimensions():
    with pytest.raises(ValueError, match=r"sum 0\.5 at index 1\)"):
        ce.entropy([[0.5, 0.5], [0.25, 0.25]])
    with pytest.raises(ValueError, match=r"at index \(1, 0\)"):
        ce.entropy([[0.5, 0.5], [-0.5, 1.5]])


def test_no_silent_renormalisation_but_rounding_is_accepted():
    ce.entropy([0.1, 0.2, 0.7])  # sums to 0.9999999999999999
    ce.entropy(np.full(3, 1 / 3, dtype=np.float32))
    with pytest.raises(ValueError, match="does not sum to 1"):
        ce.entropy([0.1, 0.2, 0.69])


def test_tolerance_depends_on_dtype():
    p = np.array([0.5, 0.5 + 1e-5])
    with pytest.raises(ValueError, match="does not sum to 1"):
        ce.entropy(p)  # 1e-5 is far outside float64 rounding
    ce.entropy(p.astype(np.float32))  # but within float32 rounding of long sums


@pytest.mark.parametrize("f", [ce.cross_entropy, ce.kl_divergence])
def test_shapes_that_do_not_broadcast(f):
    with pytest.raises(
        ValueError, match=r"shapes do not broadcast: p with shape \(2,\) and q with shape \(3,\)"
    ):
        f([0.5, 0.5], [0.2, 0.3, 0.5])


@pytest.mark.parametrize("base", [0, -2, 1, 1.0, math.nan, math.inf])
def test_bad_base(base):
    with pytest.raises(ValueError, match=r"^base must be a finite number > 0 and != 1"):
        ce.entropy(P, base=base)
    with pytest.raises(ValueError, match=r"^base must be"):
        ce.surprisal(0.5, base=base)


@pytest.mark.parametrize("base", ["2", True, [2]])
def test_base_of_wrong_type(base):
    with pytest.raises(TypeError, match=r"^base must be a real number or None"):
        ce.entropy(P, base=base)


@pytest.mark.parametrize("bad", [["a", "b"], [1 + 1j, 0], {"p": 1}, [[0.5], [0.2, 0.3]]])
def test_non_numeric_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match=r"^p must be"):
        ce.entropy(bad)


def test_scalar_is_not_a_distribution():
    with pytest.raises(ValueError, match="p must be a distribution"):
        ce.entropy(1.0)


def test_axis_out_of_range():
    with pytest.raises(ValueError, match=r"axis 2 is out of range for p with 2 dimension"):
        ce.entropy([[0.5, 0.5]], axis=2)
    with pytest.raises(TypeError, match="axis must be an integer"):
        ce.entropy([0.5, 0.5], axis=0.5)


# ---------------------------------------------------------------- logits


@pytest.mark.parametrize(
    "f", [ce.logsumexp, ce.softmax, ce.log_softmax, ce.sigmoid, ce.log_sigmoid]
)
def test_nan_logits(f):
    with pytest.raises(ValueError, match=r"^x contains NaN at index 1"):
        f([0.0, np.nan])


@pytest.mark.parametrize("f", [ce.softmax, ce.log_softmax])
@pytest.mark.parametrize("x", [[np.inf, 0.0], [-np.inf, -np.inf]])
def test_softmax_undefined(f, x):
    with pytest.raises(
        ValueError, match=r"^x (contains \+inf|has a slice).*softmax.* is undefined"
    ):
        f(x)


# ---------------------------------------------------------------- losses

X = np.zeros((3, 4))
Y = np.array([0, 1, 2])


@pytest.mark.parametrize("f", [ce.cross_entropy_loss, ce.cross_entropy_loss_grad])
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"target": np.array([0, 4, 1])},
            ValueError,
            r"target has class index 4 at index 1, outside \[0, 3\] and not ignore_index=-100",
        ),
        ({"target": np.array([0, -1, 1])}, ValueError, r"target has class index -1"),
        (
            {"target": np.array([0, 1])},
            ValueError,
            r"target of class indices must have shape \(3,\)",
        ),
        (
            {"target": np.zeros(3)},
            ValueError,
            r"target of class probabilities must have the shape of logits \(3, 4\)",
        ),
        ({"target": np.full((3, 4), 0.3)}, ValueError, r"target does not sum to 1"),
        ({"target": np.array(["a", "b", "c"])}, TypeError, r"target must be an array of numbers"),
        ({"target": np.array([True, False, True])}, TypeError, r"target must hold integer class"),
        ({"label_smoothing": 1.5}, ValueError, r"label_smoothing must lie in \[0, 1\], got 1\.5"),
        ({"label_smoothing": -0.1}, ValueError, r"label_smoothing must lie in \[0, 1\]"),
        (
            {"reduction": "avg"},
            ValueError,
            r"reduction must be one of 'none', 'mean', 'sum', got 'avg'",
        ),
        ({"weight": np.ones(3)}, ValueError, r"weight must have shape \(4,\)"),
        (
            {"weight": np.array([1.0, -1.0, 1.0, 1.0])},
            ValueError,
            r"weight must be non-negative, got -1\.0 at index 1",
        ),
        ({"weight": np.array([1.0, np.nan, 1.0, 1.0])}, ValueError, r"weight contains NaN"),
        (
            {"logits": np.array([[0.0, np.nan, 0, 0]] * 3)},
            ValueError,
            r"logits contains NaN at index \(0, 1\)",
        ),
        ({"logits": np.array([[0.0, np.inf, 0, 0]] * 3)}, ValueError, r"logits contains \+inf"),
        ({"logits": np.array([[-np.inf] * 4] * 3)}, ValueError, r"entirely -inf"),
        ({"logits": 1.0}, ValueError, r"logits must have a class axis"),
        ({"logits": np.zeros((3, 0))}, ValueError, r"logits has no classes"),
        (
            {"target": np.array([-100, -100, -100])},
            ValueError,
            r"^reduction='mean' is undefined: target has no entry that counts",
        ),
        (
            {"target": np.eye(4)[:3], "ignore_index": 1},
            ValueError,
            r"ignore_index applies to class-index targets only",
        ),
    ],
)
def test_bad_cross_entropy_loss_arguments(f, kwargs, error, message):
    arguments = {"logits": X, "target": Y} | kwargs
    with pytest.raises(error, match=message):
        f(**arguments)


@pytest.mark.parametrize(
    ("f", "kwargs", "message"),
    [
        (ce.binary_cross_entropy, {"prob": [1.2]}, r"prob has a probability above 1"),
        (ce.binary_cross_entropy, {"prob": [np.nan]}, r"prob contains NaN"),
        (ce.binary_cross_entropy, {"target": [2.0]}, r"target has a probability above 1"),
        (
            ce.binary_cross_entropy,
            {"target": [0.0, 1.0]},
            r"prob with shape \(1,\) and target with shape \(2,\) must have the same shape",
        ),
        (ce.binary_cross_entropy, {"weight": [1.0, 2.0]}, r"weight with shape \(2,\) does not"),
        (ce.binary_cross_entropy, {"reduction": "max"}, r"reduction must be one of"),
        (ce.binary_cross_entropy_with_logits, {"logits": [np.nan]}, r"logits contains NaN"),
        (
            ce.binary_cross_entropy_with_logits,
            {"pos_weight": [-1.0]},
            r"pos_weight must be non-negative",
        ),
        (ce.binary_cross_entropy_with_logits, {"target": [-0.5]}, r"target has a negative"),
        (ce.binary_cross_entropy_with_logits_grad, {"target": [1.5]}, r"target has a probability"),
    ],
)
def test_bad_binary_arguments(f, kwargs, message):
    first = "prob" if f is ce.binary_cross_entropy else "logits"
    arguments = {first: [0.5], "target": [1.0]} | kwargs
    with pytest.raises(ValueError, match=message):
        f(**arguments)


def test_mean_of_empty_input():
    with pytest.raises(ValueError, match="empty"):
        ce.binary_cross_entropy(np.zeros(0), np.zeros(0))
    assert ce.binary_cross_entropy(np.zeros(0), np.zeros(0), reduction="sum") == 0
