"""The rules that hold for every input: no wrong number, no silent NaN, one rule for bad types.

Each section guards one rule of the library (see the module docstrings):

* a row's result never depends on the other rows of the batch;
* a zero weight times an infinite term is 0;
* masked arrays are refused with a ``TypeError`` naming the argument;
* each argument is validated at its own dtype's tolerance;
* empty batches follow PyTorch (``'none'``, ``'sum'``) and the documented rule (``'mean'``);
* every message names the argument;
* valid input never gives a RuntimeWarning (pytest turns warnings into errors);
* a wrong type is a ``TypeError``, a wrong value a ``ValueError``, for every argument.
"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest
import scipy.special as sps
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import crossentropy as ce
from crossentropy import (
    calibration,
    coding,
    contrastive,
    distillation,
    joint,
    logits,
    losses,
    measures,
    training,
)

torch = pytest.importorskip("torch")
F = torch.nn.functional

BIG = np.finfo(np.float64).max / 1.5  # finite, within a factor of two of the maximum

# ---------------------------------------------------------------- strategies

#: Weights that make distributions with exact zeros and subnormal entries (p / q overflows).
_weights = st.sampled_from([0.0, 1e-320, 1e-300, 1e-10, 0.1, 0.5, 1.0, 3.0])


@st.composite
def distribution_rows(draw, n: int):
    w = np.array(draw(st.lists(_weights, min_size=n, max_size=n)))
    if w.sum() == 0:
        w[draw(st.integers(0, n - 1))] = 1.0
    return w / w.sum()


@st.composite
def distribution_batches(draw):
    rows, n = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    p = np.stack([draw(distribution_rows(n)) for _ in range(rows)])
    q = np.stack([draw(distribution_rows(n)) for _ in range(rows)])
    return p, q


_logit_values = st.one_of(
    st.floats(-50, 50, allow_nan=False),
    st.sampled_from([-np.inf, -BIG, BIG, 1e300, -1e300, 0.0]),
)


@st.composite
def logit_batches(draw):
    """Logits with -inf entries and huge entries; every row has a finite maximum."""
    rows, n = draw(st.integers(1, 5)), draw(st.integers(2, 5))
    x = draw(hnp.arrays(np.float64, (rows, n), elements=_logit_values))
    x[np.isneginf(x).all(axis=1), 0] = 0.0
    return x


def _same(a, b):
    """Equal, including where both are inf; close to 1e-12 where finite."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape
    assert (np.isnan(a) == np.isnan(b)).all() and not np.isnan(a).any()
    assert (np.isinf(a) == np.isinf(b)).all()
    assert (a[np.isinf(a)] == b[np.isinf(b)]).all()
    finite = np.isfinite(a)
    np.testing.assert_allclose(a[finite], b[finite], rtol=1e-12, atol=1e-300)


# ---------------------------------------------------------------- a row never depends on the others


def test_a_finite_kl_row_stays_finite_next_to_a_row_with_a_zero():
    # Row 0: p / q overflows, the divergence is finite. Row 1: q rules out an outcome.
    p = np.array([[0.5, 0.5], [0.5, 0.5]])
    q = np.array([[1e-320, 1 - 1e-320], [1.0, 0.0]])
    got = ce.kl_divergence(p, q)
    assert got[0] == pytest.approx(float(ce.kl_divergence(p[0], q[0])), rel=1e-12)
    assert math.isfinite(got[0]) and got[1] == math.inf


@pytest.mark.parametrize("f", [ce.cross_entropy, ce.kl_divergence])
@given(pq=distribution_batches())
def test_pairwise_measures_row_by_row(f, pq):
    p, q = pq
    batch = f(p, q)
    _same(batch, [f(pi, qi) for pi, qi in zip(p, q, strict=True)])
    # And against SciPy, with its conventions for 0 log 0 and p log(p / 0).
    if f is ce.cross_entropy:
        _same(batch, -sps.xlogy(p, q).sum(axis=-1))
    else:
        ruled_out = ((q == 0) & (p > 0)).any(axis=-1)
        assert (np.isinf(batch) == ruled_out).all()
        ref = sps.rel_entr(p, q).sum(axis=-1)  # inf where p / q overflows: compare elsewhere
        finite = np.isfinite(ref)
        np.testing.assert_allclose(batch[finite], ref[finite], rtol=1e-9, atol=1e-300)
    # The same rows along axis 0 and broadcast against one distribution.
    _same(f(p.T, q.T, axis=0), batch)
    _same(f(p, q[0]), [f(pi, q[0]) for pi in p])


@given(pq=distribution_batches())
def test_entropy_row_by_row(pq):
    p, _ = pq
    _same(ce.entropy(p), [ce.entropy(pi) for pi in p])


@given(x=logit_batches())
def test_logit_functions_row_by_row(x):
    for f in (ce.softmax, ce.log_softmax, ce.logsumexp):
        _same(f(x), [f(row) for row in x])
    np.testing.assert_allclose(ce.softmax(x).sum(axis=-1), 1, rtol=1e-14)


@given(x=logit_batches(), data=st.data())
def test_losses_row_by_row(x, data):
    n, c = x.shape
    y = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    w = np.array(data.draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0]), min_size=c, max_size=c)))
    kwargs = data.draw(
        st.sampled_from(
            [{}, {"weight": w}, {"label_smoothing": 0.1}, {"label_smoothing": 0.2, "weight": w}]
        )
    )
    loss = ce.cross_entropy_loss(x, y, reduction="none", **kwargs)
    grad = ce.cross_entropy_loss_grad(x, y, reduction="none", **kwargs)
    for i in range(n):
        _same(loss[i], ce.cross_entropy_loss(x[i], y[i], reduction="none", **kwargs))
        _same(grad[i], ce.cross_entropy_loss_grad(x[i], y[i], reduction="none", **kwargs))
    focal_kwargs = {"weight": w} if "weight" in kwargs else {}
    focal = ce.focal_loss(x, y, reduction="none", **focal_kwargs)
    for i in range(n):
        alone = ce.focal_loss(x[i], y[i], reduction="none", **focal_kwargs)
        _same(focal[i], alone)


def test_a_nan_row_does_not_change_the_rounding_of_other_rows():
    # Row 1 needs the exact path (weight 0 times an infinite term); row 0 must not change.
    x = np.array([[0.3, 1.7, -2.2], [0.0, -np.inf, 1.0]])
    w = np.array([0.7, 0.0, 1.3])
    alone = ce.cross_entropy_loss(x[:1], np.array([0]), weight=w, reduction="none")
    both = ce.cross_entropy_loss(x, np.array([0, 1]), weight=w, reduction="none")
    assert both[0] == alone[0] and both[1] == 0.0


# ---------------------------------------------------------------- zero weight times infinity is 0


def test_zero_weight_times_an_infinite_term_is_zero():
    assert ce.binary_cross_entropy(
        [0.0, 0.5], [1.0, 1.0], weight=[0.0, 1.0], reduction="none"
    ).tolist() == [0.0, pytest.approx(math.log(2))]
    assert ce.binary_cross_entropy([1.0], [0.0], weight=[0.0]) == 0.0
    z = [-np.inf, np.inf, 0.0]
    y = [1.0, 0.0, 1.0]
    got = ce.binary_cross_entropy_with_logits(z, y, weight=[0.0, 0.0, 1.0], reduction="none")
    assert got.tolist() == [0.0, 0.0, pytest.approx(math.log(2))]
    got = ce.binary_cross_entropy_with_logits([-np.inf, 0.0], [1.0, 1.0], pos_weight=[0.0])
    assert got == 0.0
    grad = ce.binary_cross_entropy_with_logits_grad(
        [-np.inf, 0.0], [1.0, 1.0], weight=[0.0, 1.0], reduction="none"
    )
    assert grad.tolist() == [0.0, -0.5]
    x = np.array([[0.0, -np.inf], [0.0, 0.0]])
    for f in (ce.focal_loss, ce.cross_entropy_loss):
        got = f(x, np.array([1, 0]), weight=np.array([1.0, 0.0]), reduction="none")
        assert got.tolist() == [0.0, pytest.approx(math.log(2) / (4 if f is ce.focal_loss else 1))]


_binary_logits = st.sampled_from([-np.inf, -800.0, -30.0, -1.0, 0.0, 2.0, 40.0, 800.0, np.inf])


@given(
    z=hnp.arrays(np.float64, 6, elements=_binary_logits),
    y=hnp.arrays(np.float64, 6, elements=st.sampled_from([0.0, 1.0, 0.25])),
    w=hnp.arrays(np.float64, 6, elements=st.sampled_from([0.0, 0.5, 2.0])),
)
def test_weights_scale_every_binary_loss_term_and_zero_weight_gives_zero(z, y, w):
    for f, args in (
        (ce.binary_cross_entropy_with_logits, {}),
        (ce.binary_cross_entropy_with_logits, {"pos_weight": np.ones(6)}),
        (ce.binary_cross_entropy, {}),
    ):
        inputs = ce.sigmoid(z) if f is ce.binary_cross_entropy else z
        plain = f(inputs, y, reduction="none", **args)
        weighted = f(inputs, y, weight=w, reduction="none", **args)
        expected = np.where(w == 0, 0.0, w * np.where(w == 0, 0.0, plain))
        _same(weighted, expected)


@given(x=logit_batches(), data=st.data())
def test_class_weights_scale_index_losses_and_zero_weight_gives_zero(x, data):
    n, c = x.shape
    y = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    w = np.array(data.draw(st.lists(st.sampled_from([0.0, 0.5, 2.0]), min_size=c, max_size=c)))
    for f in (ce.cross_entropy_loss, ce.focal_loss):
        plain = f(x, y, reduction="none")
        weighted = f(x, y, weight=w, reduction="none")
        with np.errstate(over="ignore"):  # 2 * 1.2e308 is inf, in the library as here
            expected = np.where(w[y] == 0, 0.0, w[y] * np.where(w[y] == 0, 0.0, plain))
        # Where the unweighted loss overflowed, w * loss with w < 1 may still be finite:
        # the library gets it exactly, so compare only where the plain loss is exact.
        exact = np.isfinite(plain) | (w[y] == 0) | (w[y] >= 1)
        _same(weighted[exact], expected[exact])
        assert not np.isnan(weighted).any()


# ---------------------------------------------------------------- masked arrays are refused


MASKED = np.ma.masked_array([0.5, 0.5, 0.7], mask=[False, False, True])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: ce.entropy(MASKED), "p"),
        (lambda: ce.surprisal(MASKED), "p"),
        (lambda: ce.cross_entropy([0.5, 0.5, 0.0], MASKED), "q"),
        (lambda: ce.kl_divergence(MASKED, [0.5, 0.5, 0.0]), "p"),
        (lambda: ce.softmax(MASKED), "x"),
        (lambda: ce.cross_entropy_loss(MASKED, 0), "logits"),
        (lambda: ce.cross_entropy_loss([0.0, 0.0], np.ma.masked_array(1)), "target"),
        (lambda: ce.binary_cross_entropy([0.5] * 3, [1.0] * 3, weight=MASKED), "weight"),
    ],
)
def test_masked_arrays_are_refused_by_name(call, name):
    with pytest.raises(
        TypeError, match=rf"^{name} is a masked array.*\.filled\(\).*\.compressed\(\)"
    ):
        call()


# ---------------------------------------------------------------- each argument at its own dtype


def test_a_float32_distribution_next_to_a_float64_one_is_valid():
    p32 = np.full(3, 1 / 3, dtype=np.float32)  # sums to 1 + 3e-8 in float64
    q64 = np.array([0.2, 0.3, 0.5])
    for f in (ce.cross_entropy, ce.kl_divergence, ce.perplexity):
        assert math.isfinite(f(p32, q64)) and math.isfinite(f(q64, p32))


@pytest.mark.parametrize("low", [np.float16, np.float32])
@given(p=distribution_rows(7))
def test_rounding_a_valid_distribution_keeps_it_valid(low, p):
    rounded = p.astype(low)
    for f in (ce.entropy, lambda r: ce.cross_entropy(r, p), lambda r: ce.kl_divergence(p, r)):
        assert not np.isnan(f(rounded))
    logits_ = np.zeros((1, 7))
    assert np.isfinite(ce.cross_entropy_loss(logits_, rounded[None]))


@pytest.mark.parametrize(
    ("x_dtype", "t_dtype"), [(np.float64, np.float32), (np.float32, np.float64)]
)
def test_mixed_dtype_probability_targets_match_torch(rng, x_dtype, t_dtype):
    x = rng.normal(size=(4, 3)).astype(x_dtype)
    t = rng.dirichlet(np.ones(3), size=4).astype(t_dtype)
    if t_dtype == np.float32:
        t[0] = np.float32(1 / 3)  # sums to 1 + 3e-8 when widened to float64
    xt = torch.tensor(x, requires_grad=True)
    ref = F.cross_entropy(xt, torch.tensor(t))
    ref.backward()
    ours = ce.cross_entropy_loss(x, t)
    grad = ce.cross_entropy_loss_grad(x, t)
    assert np.asarray(ours).dtype == np.float64  # promoted, as in PyTorch
    assert grad.dtype == x_dtype  # a gradient has the dtype of what it differentiates
    np.testing.assert_allclose(ours, ref.item(), rtol=2e-6)
    np.testing.assert_allclose(grad, xt.grad.numpy(), rtol=2e-5, atol=1e-7)


# ---------------------------------------------------------------- empty input


EMPTY_SHAPES = [(0, 3), (2, 0, 3)]


@pytest.mark.parametrize("shape", EMPTY_SHAPES)
@pytest.mark.parametrize("kind", ["index", "probability"])
@pytest.mark.parametrize("reduction", ["none", "sum"])
def test_empty_batch_matches_torch(shape, kind, reduction):
    x = np.zeros(shape)
    y = np.zeros(shape[:-1], dtype=np.int64) if kind == "index" else np.zeros(shape)
    xt = torch.tensor(x).reshape(-1, shape[-1]).requires_grad_(True)
    yt = torch.tensor(y).reshape(-1) if kind == "index" else torch.tensor(y).reshape(-1, 3)
    ref = F.cross_entropy(xt, yt, reduction=reduction)
    ref.sum().backward()
    loss = ce.cross_entropy_loss(x, y, reduction=reduction)
    grad = ce.cross_entropy_loss_grad(x, y, reduction=reduction)
    if reduction == "none":
        assert loss.shape == shape[:-1]
    else:
        assert np.ndim(loss) == 0 and loss == ref.item() == 0
    assert grad.shape == shape and xt.grad.numel() == 0
    if kind == "index":
        focal = ce.focal_loss(x, y, reduction=reduction)
        assert np.shape(focal) == np.shape(loss) and np.all(focal == loss)


@pytest.mark.parametrize("shape", EMPTY_SHAPES)
@pytest.mark.parametrize("kind", ["index", "probability"])
def test_mean_of_an_empty_batch_is_a_value_error_naming_target(shape, kind):
    x = np.zeros(shape)
    y = np.zeros(shape[:-1], dtype=np.int64) if kind == "index" else np.zeros(shape)
    functions = [ce.cross_entropy_loss, ce.cross_entropy_loss_grad]
    if kind == "index":
        functions.append(ce.focal_loss)
    for f in functions:
        with pytest.raises(ValueError, match=r"^reduction='mean' is undefined: target has no"):
            f(x, y)


def test_mean_of_empty_binary_input_names_target():
    for f, first in (
        (ce.binary_cross_entropy, "prob"),
        (ce.binary_cross_entropy_with_logits, "logits"),
        (ce.binary_cross_entropy_with_logits_grad, "logits"),
    ):
        with pytest.raises(ValueError, match=r"^reduction='mean' is undefined: target is empty"):
            f(**{first: np.zeros(0), "target": np.zeros(0)})
        assert np.shape(f(**{first: np.zeros(0), "target": np.zeros(0)}, reduction="none")) == (0,)


@pytest.mark.parametrize("f", [ce.softmax, ce.log_softmax])
@pytest.mark.parametrize(("shape", "axis"), [((2, 0), -1), ((0, 3), 0), ((0,), 0)])
def test_softmax_of_an_empty_class_axis_is_empty(f, shape, axis):
    got = f(np.zeros(shape), axis=axis)
    assert got.shape == shape and got.dtype == np.float64


# ---------------------------------------------------------------- every message names the argument


@pytest.mark.parametrize("f", [ce.softmax, ce.log_softmax])
@pytest.mark.parametrize("x", [[np.inf, 0.0], [-np.inf, -np.inf], [[0.0, 1.0], [np.inf, 0.0]]])
def test_softmax_errors_name_x(f, x):
    with pytest.raises(ValueError, match=r"^x (contains \+inf|has a slice).*along axis"):
        f(x)


def test_softmax_error_names_the_caller_argument_in_losses():
    with pytest.raises(ValueError, match=r"^logits contains \+inf"):
        ce.cross_entropy_loss([[np.inf, 0.0]], [0])


# ---------------------------------------------------------------- no RuntimeWarning on valid input


def test_neg_inf_logits_with_smoothing_and_weights_match_torch():
    x = np.array([[0.0, -np.inf, 1.0], [2.0, 0.5, -np.inf]])
    y = np.array([0, 1])
    w = np.array([1.0, 2.0, 0.5])
    for kwargs in ({"label_smoothing": 0.1}, {"weight": w}, {"weight": w, "label_smoothing": 0.3}):
        torch_kwargs = {k: torch.tensor(v) if k == "weight" else v for k, v in kwargs.items()}
        xt = torch.tensor(x, requires_grad=True)
        ref = F.cross_entropy(xt, torch.tensor(y), reduction="none", **torch_kwargs)
        ref.sum().backward()
        _same(ce.cross_entropy_loss(x, y, reduction="none", **kwargs), ref.detach().numpy())
        _same(ce.cross_entropy_loss_grad(x, y, reduction="none", **kwargs), xt.grad.numpy())
    # Probability targets with zeros where the logits are -inf: finite (PyTorch gives NaN).
    t = np.array([[0.5, 0.0, 0.5], [0.3, 0.7, 0.0]])
    log_q0 = sps.log_softmax([0.0, 1.0])  # row 0 without its -inf class
    log_q1 = sps.log_softmax([2.0, 0.5])
    expected = [
        -(0.5 * 1.0 * log_q0[0] + 0.5 * 0.5 * log_q0[1]),
        -(0.3 * 1.0 * log_q1[0] + 0.7 * 2.0 * log_q1[1]),
    ]
    _same(ce.cross_entropy_loss(x, t, weight=w, reduction="none"), expected)


def test_huge_finite_logits_give_exact_results_without_warnings():
    x = np.array([BIG, -BIG])
    assert ce.softmax(x).tolist() == [1.0, 0.0]
    assert ce.log_softmax(x).tolist() == [0.0, -np.inf]  # -2 BIG rounds to -inf
    assert ce.logsumexp(x) == BIG
    assert ce.log_softmax([BIG, BIG / 2]).tolist() == [0.0, -BIG / 2]
    assert ce.cross_entropy_loss([[BIG, -BIG]], [0]) == 0.0
    assert ce.cross_entropy_loss([[BIG, -BIG]], [1]) == np.inf  # 2 BIG > the largest float
    assert ce.cross_entropy_loss([[BIG, BIG / 2]], [1]) == BIG / 2
    assert ce.cross_entropy_loss_grad([[BIG, -BIG]], [1]).tolist() == [[1.0, -1.0]]
    # The smoothing term is eps / C of 2 BIG: finite, and exact.
    assert ce.cross_entropy_loss([[BIG, -BIG]], [0], label_smoothing=0.1) == pytest.approx(
        0.05 * 2 * BIG, rel=1e-15
    )
    # The mean of two huge losses is finite although their sum is not.
    assert ce.binary_cross_entropy_with_logits([BIG, -BIG], [0.0, 1.0]) == BIG
    assert ce.cross_entropy_loss([[BIG, 0.0], [BIG, 0.0]], [1, 1]) == BIG
    assert ce.focal_loss([[BIG, 0.0], [0.0, BIG]], [1, 0]) == BIG
    assert ce.cross_entropy_loss([[BIG, 0.0], [BIG, 0.0]], [1, 1], reduction="sum") == np.inf
    # A weight below 1 brings a loss of 2 BIG (beyond the largest float) back to BIG, exactly.
    assert ce.cross_entropy_loss([[-BIG, BIG]], [0], weight=[0.5, 1.0], reduction="sum") == BIG
    # A perplexity beyond the largest float is inf, without an overflow warning.
    assert ce.perplexity([1.0, 0.0], [1e-320, 1.0]) == np.inf


@given(x=logit_batches(), data=st.data())
def test_no_warning_and_no_nan_for_valid_logits(x, data):
    n, c = x.shape
    y = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    eps = data.draw(st.sampled_from([0.0, 0.1]))
    for reduction in ("none", "sum", "mean"):
        loss = ce.cross_entropy_loss(x, y, label_smoothing=eps, reduction=reduction)
        grad = ce.cross_entropy_loss_grad(x, y, label_smoothing=eps, reduction=reduction)
        assert not np.isnan(loss).any() and np.isfinite(grad).all()
        assert not np.isnan(ce.focal_loss(x, y, reduction=reduction)).any()
        for f in (ce.binary_cross_entropy_with_logits, ce.binary_cross_entropy_with_logits_grad):
            assert not np.isnan(f(x, np.ones_like(x) * 0.5, reduction=reduction)).any()


# ---------------------------------------------------------------- one rule for bad types

P2 = [0.5, 0.5]
VALID_CALLS = {
    measures.surprisal: {"p": [0.5], "base": 2},
    measures.entropy: {"p": P2, "base": 2, "axis": -1},
    measures.cross_entropy: {"p": P2, "q": P2, "base": 2, "axis": -1},
    measures.kl_divergence: {"p": P2, "q": P2, "base": 2, "axis": -1},
    measures.binary_entropy: {"p": [0.5], "base": 2},
    measures.js_divergence: {"p": P2, "q": P2, "base": 2, "axis": -1},
    joint.joint_entropy: {"pxy": [[0.25, 0.25], [0.25, 0.25]], "base": 2},
    joint.conditional_entropy: {"pxy": [[0.25, 0.25], [0.25, 0.25]], "base": 2},
    joint.mutual_information: {"pxy": [[0.25, 0.25], [0.25, 0.25]], "base": 2},
    measures.perplexity: {"p": P2, "q": P2, "axis": -1},
    logits.logsumexp: {"x": [0.0, 1.0], "axis": -1, "keepdims": False},
    logits.softmax: {"x": [0.0, 1.0], "axis": -1},
    logits.log_softmax: {"x": [0.0, 1.0], "axis": -1},
    logits.sigmoid: {"x": [0.0, 1.0]},
    logits.log_sigmoid: {"x": [0.0, 1.0]},
    losses.cross_entropy_loss: {
        "logits": [[0.0, 1.0]],
        "target": [0],
        "weight": [1.0, 2.0],
        "ignore_index": -100,
        "reduction": "mean",
        "label_smoothing": 0.1,
    },
    losses.focal_loss: {
        "logits": [[0.0, 1.0]],
        "target": [0],
        "gamma": 2.0,
        "weight": [1.0, 2.0],
        "ignore_index": -100,
        "reduction": "mean",
    },
    losses.binary_cross_entropy: {
        "prob": [0.5],
        "target": [1.0],
        "weight": [1.0],
        "reduction": "mean",
    },
    losses.binary_cross_entropy_with_logits: {
        "logits": [0.0],
        "target": [1.0],
        "weight": [1.0],
        "pos_weight": [2.0],
        "reduction": "mean",
    },
    training.fit_distribution: {
        "p": P2,
        "steps": 2,
        "learning_rate": 1.0,
        "initial_logits": [0.0, 0.0],
    },
    training.make_blobs: {
        "n_per_class": 2,
        "centers": [[0.0, 0.0], [1.0, 1.0]],
        "spread": 0.5,
        "seed": 0,
    },
    training.predict_proba: {"weights": [[0.0, 0.0], [0.0, 0.0]], "X": [[1.0]]},
    training.train_softmax_regression: {
        "X": [[0.0], [1.0]],
        "y": [0, 1],
        "steps": 2,
        "learning_rate": 0.5,
    },
    calibration.calibration_bins: {"prob": [0.5], "outcome": [1.0], "n_bins": 2},
    calibration.expected_calibration_error: {"prob": [0.5], "outcome": [1.0], "n_bins": 2},
    calibration.overconfident_classifier: {
        "n": 5,
        "n_classes": 3,
        "overconfidence": 2.0,
        "seed": 0,
    },
    coding.huffman_code: {"p": P2},
    coding.mean_code_length: {"p": P2, "codewords": ["0", "1"]},
    coding.arithmetic_encode: {"symbols": [0, 1], "probs": P2},
    coding.code_length: {"symbols": [0, 1], "probs": P2, "base": 2},
    distillation.distillation_loss: {
        "student_logits": [[1.0, 0.0]],
        "teacher_logits": [[0.0, 1.0]],
        "temperature": 2.0,
        "reduction": "batchmean",
    },
    contrastive.info_nce_loss: {
        "anchors": [[1.0, 0.0], [0.0, 1.0]],
        "positives": [[1.0, 0.5], [0.5, 1.0]],
        "temperature": 0.5,
        "symmetric": False,
        "reduction": "mean",
    },
    coding.arithmetic_decode: {"bits": [0, 1], "probs": P2, "n": 2},
}
VALID_CALLS[losses.cross_entropy_loss_grad] = VALID_CALLS[losses.cross_entropy_loss]
VALID_CALLS[distillation.distillation_loss_grad] = VALID_CALLS[distillation.distillation_loss]
VALID_CALLS[contrastive.info_nce_loss_grad] = VALID_CALLS[contrastive.info_nce_loss]
VALID_CALLS[losses.binary_cross_entropy_with_logits_grad] = VALID_CALLS[
    losses.binary_cross_entropy_with_logits
]

CORE = [measures, joint, logits, losses, distillation, contrastive, training, calibration, coding]


def _public_functions():
    return {
        getattr(m, name) for m in CORE for name in m.__all__ if inspect.isfunction(getattr(m, name))
    }


def test_every_public_function_of_the_core_is_covered():
    assert set(VALID_CALLS) == _public_functions()
    for f, kwargs in VALID_CALLS.items():
        assert list(kwargs) == list(inspect.signature(f).parameters), f.__name__
        f(**kwargs)  # the valid call works


def test_exported_names_are_in_all():
    assert "perplexity" in measures.__all__ and "focal_loss" in losses.__all__
    for name in ce.__all__:
        assert hasattr(ce, name)


BAD_TYPES = {
    "a string": "a",
    "an object array of strings": np.array(["a", "b"], dtype=object),
    "a list of strings": ["a", "b"],
    "a dict": {"a": 1},
}
CASES = [
    (f, name, label)
    for f, kwargs in VALID_CALLS.items()
    for name in kwargs
    for label in BAD_TYPES
    # A string is the right type for reduction (a wrong one is a ValueError), and a list of
    # strings the right type for codewords.
    if not (name == "reduction" and label == "a string")
    and not (name == "codewords" and label == "a list of strings")
]


@pytest.mark.parametrize(
    ("f", "name", "label"), CASES, ids=[f"{f.__name__}-{n}-{lbl}" for f, n, lbl in CASES]
)
def test_a_wrong_type_is_a_type_error_naming_the_argument(f, name, label):
    kwargs = dict(VALID_CALLS[f]) | {name: BAD_TYPES[label]}
    with pytest.raises(TypeError, match=rf"^{name}\b"):
        f(**kwargs)


SCALARS = [
    (f, name)
    for f, kwargs in VALID_CALLS.items()
    for name, value in kwargs.items()
    if isinstance(value, (int, float)) and not isinstance(value, bool)
]


@pytest.mark.parametrize(("f", "name"), SCALARS, ids=[f"{f.__name__}-{n}" for f, n in SCALARS])
def test_a_bool_or_an_array_for_a_number_is_a_type_error(f, name):
    for bad in (True, np.array([1.0, 2.0])):
        kwargs = dict(VALID_CALLS[f]) | {name: bad}
        with pytest.raises(TypeError, match=rf"^{name}\b"):
            f(**kwargs)


@pytest.mark.parametrize(
    ("f", "name", "bad"),
    [
        (losses.focal_loss, "gamma", -1.0),
        (losses.focal_loss, "gamma", math.nan),
        (losses.focal_loss, "gamma", math.inf),
        (losses.cross_entropy_loss, "label_smoothing", math.nan),
        (training.fit_distribution, "steps", -1),
        (training.fit_distribution, "learning_rate", 0.0),
        (training.fit_distribution, "learning_rate", math.nan),
        (training.fit_distribution, "learning_rate", math.inf),
        (training.make_blobs, "n_per_class", 0),
        (training.make_blobs, "spread", -1.0),
        (training.make_blobs, "centers", [[0.0, 0.0, 0.0]]),
        (training.make_blobs, "seed", -1),
        (training.predict_proba, "weights", [[0.0, 0.0]]),
        (training.train_softmax_regression, "y", [0, -1]),
        (training.train_softmax_regression, "X", [[0.0], [np.nan]]),
        (calibration.calibration_bins, "n_bins", 0),
        (calibration.overconfident_classifier, "n", 0),
        (calibration.overconfident_classifier, "n_classes", 0),
        (calibration.overconfident_classifier, "overconfidence", math.inf),
        (coding.mean_code_length, "codewords", ["0", "2"]),
    ],
)
def test_a_wrong_value_is_a_value_error_naming_the_argument(f, name, bad):
    kwargs = dict(VALID_CALLS[f]) | {name: bad}
    with pytest.raises(ValueError, match=rf"^{re.escape(name)}\b"):
        f(**kwargs)


def test_object_arrays_are_handled_as_the_equivalent_arrays():
    numbers_ = np.array([0.5, 0.5], dtype=object)
    assert ce.entropy(numbers_) == ce.entropy([0.5, 0.5])
    assert ce.cross_entropy_loss([[0.0, 1.0]], np.array([1], dtype=object)) == pytest.approx(
        ce.cross_entropy_loss([[0.0, 1.0]], [1])
    )
    for strings in (np.array(["0.5", "0.5"], dtype=object), np.array(["0.5", "0.5"])):
        with pytest.raises(TypeError, match=r"^p must be an array of numbers"):
            ce.entropy(strings)
