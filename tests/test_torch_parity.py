"""Parity with PyTorch's losses, where PyTorch is installed (it is optional).

The module is skipped as a whole when ``import torch`` fails; ``.ci/run``
installs PyTorch's CPU build where one is available so that CI runs it.
"""

from __future__ import annotations

import numpy as np
import pytest

import crossentropy as ce

torch = pytest.importorskip("torch")
F = torch.nn.functional

RTOL = {np.float64: 1e-12, np.float32: 2e-6}
ATOL = {np.float64: 1e-15, np.float32: 1e-7}

CE_OPTIONS = [
    {},
    {"reduction": "sum"},
    {"reduction": "none"},
    {"weight": True},
    {"weight": True, "reduction": "none"},
    {"label_smoothing": 0.1},
    {"label_smoothing": 0.25, "weight": True},
    {"label_smoothing": 1.0},
]


def torch_ce(x, y, options, weight):
    xt = torch.tensor(x, requires_grad=True)
    kwargs = {k: v for k, v in options.items() if k != "weight"}
    if options.get("weight"):
        kwargs["weight"] = torch.tensor(weight)
    loss = F.cross_entropy(xt, torch.tensor(y), **kwargs)
    loss.sum().backward()
    return loss.detach().numpy(), xt.grad.numpy()


def ours_ce(x, y, options, weight):
    kwargs = dict(options)
    if options.get("weight"):
        kwargs["weight"] = weight
    return ce.cross_entropy_loss(x, y, **kwargs), ce.cross_entropy_loss_grad(x, y, **kwargs)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("options", CE_OPTIONS)
@pytest.mark.parametrize("target_kind", ["index", "index_ignored", "probability"])
def test_cross_entropy_loss_and_grad_match_torch(rng, dtype, options, target_kind):
    x = (rng.normal(scale=4, size=(16, 6))).astype(dtype)
    weight = rng.uniform(0.1, 2.0, size=6).astype(dtype)
    if target_kind == "probability":
        y = rng.dirichlet(np.ones(6), size=16).astype(dtype)
    else:
        y = rng.integers(0, 6, size=16)
        if target_kind == "index_ignored":
            y[::3] = -100
    ours, ours_grad = ours_ce(x, y, options, weight)
    ref, ref_grad = torch_ce(x, y, options, weight)
    assert np.asarray(ours).dtype == dtype and ours_grad.dtype == dtype
    np.testing.assert_allclose(ours, ref, rtol=RTOL[dtype], atol=ATOL[dtype])
    np.testing.assert_allclose(ours_grad, ref_grad, rtol=RTOL[dtype], atol=ATOL[dtype])


def test_single_sample_logits_match_torch(rng):
    x = rng.normal(size=5)
    for y in range(5):
        ref = F.cross_entropy(torch.tensor(x), torch.tensor(y))
        assert ce.cross_entropy_loss(x, y) == pytest.approx(ref.item(), rel=1e-12)


def test_extreme_logits_match_torch():
    x = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0]])
    y = np.array([2, 0])
    ref = F.cross_entropy(torch.tensor(x), torch.tensor(y), reduction="none").numpy()
    np.testing.assert_array_equal(ce.cross_entropy_loss(x, y, reduction="none"), ref)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("with_weight", [False, True])
@pytest.mark.parametrize("with_pos_weight", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_with_logits_matches_torch(rng, dtype, with_weight, with_pos_weight, reduction):
    z = rng.normal(scale=5, size=(8, 3)).astype(dtype)
    y = rng.uniform(size=(8, 3)).astype(dtype)
    w = rng.uniform(size=3).astype(dtype) if with_weight else None
    pw = rng.uniform(0.5, 4, size=3).astype(dtype) if with_pos_weight else None
    zt = torch.tensor(z, requires_grad=True)
    ref = F.binary_cross_entropy_with_logits(
        zt,
        torch.tensor(y),
        weight=None if w is None else torch.tensor(w),
        pos_weight=None if pw is None else torch.tensor(pw),
        reduction=reduction,
    )
    ref.sum().backward()
    ours = ce.binary_cross_entropy_with_logits(z, y, weight=w, pos_weight=pw, reduction=reduction)
    grad = ce.binary_cross_entropy_with_logits_grad(
        z, y, weight=w, pos_weight=pw, reduction=reduction
    )
    np.testing.assert_allclose(ours, ref.detach().numpy(), rtol=RTOL[dtype], atol=ATOL[dtype])
    np.testing.assert_allclose(grad, zt.grad.numpy(), rtol=RTOL[dtype], atol=ATOL[dtype])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_matches_torch_away_from_the_clamp(rng, reduction):
    prob = rng.uniform(0.001, 0.999, size=(6, 2))
    y = rng.uniform(size=(6, 2))
    w = rng.uniform(size=2)
    ref = F.binary_cross_entropy(
        torch.tensor(prob), torch.tensor(y), weight=torch.tensor(w), reduction=reduction
    )
    np.testing.assert_allclose(
        ce.binary_cross_entropy(prob, y, weight=w, reduction=reduction), ref.numpy(), rtol=1e-12
    )


def test_bce_is_exact_where_torch_clamps():
    # PyTorch clamps log(0) to -100; the exact loss is infinite.
    ref = F.binary_cross_entropy(torch.tensor([0.0]), torch.tensor([1.0])).item()
    assert ref == 100.0
    assert ce.binary_cross_entropy([0.0], [1.0]) == np.inf


def test_kl_divergence_matches_torch_kl_div_with_swapped_arguments(rng):
    p = rng.dirichlet(np.ones(5), size=4)
    q = rng.dirichlet(np.ones(5), size=4)
    # torch.nn.functional.kl_div(input=log q, target=p) computes KL(p || q).
    ref = F.kl_div(torch.tensor(np.log(q)), torch.tensor(p), reduction="none").sum(-1).numpy()
    np.testing.assert_allclose(ce.kl_divergence(p, q), ref, rtol=1e-12)


def test_softmax_family_matches_torch(rng):
    x = rng.normal(scale=30, size=(5, 7))
    xt = torch.tensor(x)
    np.testing.assert_allclose(ce.softmax(x), torch.softmax(xt, -1).numpy(), rtol=1e-12)
    # Where one logit dominates, ours keeps the digits PyTorch's log(sum) rounds
    # away (see test_logits): they agree to 1e-15 absolutely.
    np.testing.assert_allclose(
        ce.log_softmax(x), torch.log_softmax(xt, -1).numpy(), rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(ce.logsumexp(x), torch.logsumexp(xt, -1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(ce.sigmoid(x), torch.sigmoid(xt).numpy(), rtol=1e-12)
    np.testing.assert_allclose(ce.log_sigmoid(x), F.logsigmoid(xt).numpy(), rtol=1e-12, atol=1e-300)
