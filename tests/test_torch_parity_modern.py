"""Parity of the distillation and InfoNCE losses (and their gradients) with PyTorch.

Skipped as a whole where PyTorch is not installed (``.ci/run`` installs its CPU build).
"""

from __future__ import annotations

import numpy as np
import pytest

import crossentropy as ce

torch = pytest.importorskip("torch")
F = torch.nn.functional

RTOL = {np.float64: 1e-11, np.float32: 5e-5}
ATOL = {np.float64: 1e-13, np.float32: 1e-6}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["batchmean", "sum", "mean"])
@pytest.mark.parametrize("temperature", [0.5, 1.0, 4.0])
def test_distillation_matches_pytorch(rng, dtype, reduction, temperature):
    s = (rng.normal(size=(16, 7)) * 3).astype(dtype)
    t = (rng.normal(size=(16, 7)) * 3).astype(dtype)
    st = torch.tensor(s, requires_grad=True)
    with pytest.warns(UserWarning) if reduction == "mean" else _nothing():
        loss = temperature**2 * F.kl_div(
            F.log_softmax(st / temperature, -1),
            F.softmax(torch.tensor(t) / temperature, -1),
            reduction=reduction,
        )
    loss.backward()
    got = ce.distillation_loss(s, t, temperature=temperature, reduction=reduction)
    grad = ce.distillation_loss_grad(s, t, temperature=temperature, reduction=reduction)
    assert got.dtype == dtype and grad.dtype == dtype
    np.testing.assert_allclose(got, loss.item(), rtol=RTOL[dtype], atol=ATOL[dtype])
    np.testing.assert_allclose(grad, st.grad.numpy(), rtol=RTOL[dtype], atol=ATOL[dtype])


def test_distillation_none_is_per_row_and_sums_to_sum(rng):
    s, t = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    rows = ce.distillation_loss(s, t, temperature=2.0, reduction="none")
    expected = 4.0 * F.kl_div(
        F.log_softmax(torch.tensor(s) / 2, -1), F.softmax(torch.tensor(t) / 2, -1), reduction="none"
    ).sum(-1)
    np.testing.assert_allclose(rows, expected.numpy(), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("symmetric", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_info_nce_matches_pytorch(rng, dtype, symmetric, reduction):
    a = rng.normal(size=(12, 8)).astype(dtype)
    b = (a + 0.5 * rng.normal(size=(12, 8))).astype(dtype)
    at = torch.tensor(a, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    logits = F.normalize(at, dim=1) @ F.normalize(bt, dim=1).T / 0.1
    labels = torch.arange(12)
    loss = F.cross_entropy(logits, labels, reduction=reduction)
    if symmetric:
        loss = 0.5 * (loss + F.cross_entropy(logits.T, labels, reduction=reduction))
    loss.sum().backward()
    kwargs = {"temperature": 0.1, "symmetric": symmetric, "reduction": reduction}
    got = ce.info_nce_loss(a, b, **kwargs)
    ga, gb = ce.info_nce_loss_grad(a, b, **kwargs)
    assert np.asarray(got).dtype == dtype and ga.dtype == dtype and gb.dtype == dtype
    np.testing.assert_allclose(got, loss.detach().numpy(), rtol=RTOL[dtype], atol=ATOL[dtype])
    np.testing.assert_allclose(ga, at.grad.numpy(), rtol=RTOL[dtype], atol=10 * ATOL[dtype])
    np.testing.assert_allclose(gb, bt.grad.numpy(), rtol=RTOL[dtype], atol=10 * ATOL[dtype])


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
