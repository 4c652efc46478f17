r"""Contrastive learning: InfoNCE, a cross-entropy over a batch with in-batch negatives.

van den Oord, Li and Vinyals (2018); the symmetric form is CLIP's (Radford et al.,
2021). Each anchor :math:`a_i` has one positive :math:`b_i` among the batch's
:math:`N` candidates :math:`b_1, \dots, b_N`; with the rows scaled to unit length,
the logits are the cosine similarities over a temperature,
:math:`z_{ij} = a_i \cdot b_j / \tau`, and the loss is the cross-entropy of
"which candidate is mine?" with the answer :math:`j = i`:

.. math:: \ell_i = -\log \frac{e^{z_{ii}}}{\sum_j e^{z_{ij}}}.

Since :math:`\log N - \ell \le I(A; B)` on average, a low loss certifies shared
information (the chapter *Cross-entropy in modern training* proves the bound and meets it
on correlated Gaussians, building on the chapter on mutual information).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from crossentropy._validation import (
    as_float_array,
    check_bool,
    check_finite,
    check_real,
    check_reduction,
    check_same_shape,
)
from crossentropy.logits import logsumexp, softmax

__all__ = ["info_nce_loss", "info_nce_loss_grad"]


def _unit_rows(x: ArrayLike, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``x`` (N, D) with each row scaled to length 1, and the rows' lengths (N, 1)."""
    arr = as_float_array(x, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (N, D), one embedding per row, got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}): a batch needs a row and a feature")
    check_finite(arr, name)
    norms = np.sqrt(np.einsum("ij,ij->i", arr, arr))[:, None]
    if (norms == 0).any():
        row = int(np.flatnonzero(norms[:, 0] == 0)[0])
        raise ValueError(f"{name}[{row}] is all zeros: a direction is needed to normalise it")
    return arr / norms, norms


def _inputs(
    anchors: ArrayLike, positives: ArrayLike, temperature: object, symmetric: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, bool]:
    a, a_norm = _unit_rows(anchors, "anchors")
    b, b_norm = _unit_rows(positives, "positives")
    check_same_shape(a, "anchors", b, "positives")
    tau = check_real(temperature, "temperature", positive=True)
    both = check_bool(symmetric, "symmetric")
    dtype = np.result_type(a, b)
    a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
    logits = (a @ b.T) / np.asarray(tau, dtype=dtype)
    return a, b, a_norm, b_norm, logits, tau, both


def info_nce_loss(
    anchors: ArrayLike,
    positives: ArrayLike,
    *,
    temperature: float = 0.07,
    symmetric: bool = False,
    reduction: str = "mean",
) -> np.ndarray:
    r"""The InfoNCE loss of a batch of anchors and their positives.

    Parameters
    ----------
    anchors, positives : array_like, shape (N, D)
        Embeddings, row ``i`` of ``positives`` the positive of row ``i`` of
        ``anchors``; the other rows are its negatives. Rows need not be unit
        length (they are normalised), but none may be all zeros.
    temperature : float, optional
        :math:`\tau > 0` (default 0.07, CLIP's initial value).
    symmetric : bool, optional
        Average the loss of matching anchors to positives (rows) and positives
        to anchors (columns), as CLIP does. Default ``False``.
    reduction : {'mean', 'sum', 'none'}, optional
        Over the ``N`` rows (default ``'mean'``); ``'none'`` gives one loss per row.

    Returns
    -------
    numpy.ndarray or numpy scalar
        The loss, between 0 and about :math:`2 / \tau + \log N`; :math:`\log N`
        when every similarity is the same.

    Raises
    ------
    ValueError
        If the arrays are not 2-D of the same shape, are empty, have a non-finite
        entry or an all-zero row, ``temperature`` is not positive, or
        ``reduction`` is unknown.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    Equal to PyTorch's ``F.cross_entropy(F.normalize(a) @ F.normalize(b).T / tau,
    torch.arange(N))`` (and, symmetric, the mean of that and the same with the
    logits transposed); tested. Introduced in the chapter *Cross-entropy in
    modern training*.

    Examples
    --------
    >>> import numpy as np
    >>> import crossentropy as ce
    >>> x = np.eye(3)  # three orthogonal embeddings, each its own positive
    >>> round(float(ce.info_nce_loss(x, x, temperature=1.0)), 6)  # -log(e / (e + 2))
    0.551445
    >>> round(float(ce.info_nce_loss(np.ones((4, 2)), np.ones((4, 2)))), 6)  # log 4
    1.386294
    """
    reduction = check_reduction(reduction)
    _, _, _, _, logits, _, both = _inputs(anchors, positives, temperature, symmetric)
    diagonal = np.diagonal(logits)
    rows = logsumexp(logits, axis=1) - diagonal
    if both:
        rows = 0.5 * (rows + (logsumexp(logits, axis=0) - diagonal))
    rows = np.maximum(rows, 0.0)
    if reduction == "none":
        return rows
    return np.mean(rows) if reduction == "mean" else np.sum(rows)


def info_nce_loss_grad(
    anchors: ArrayLike,
    positives: ArrayLike,
    *,
    temperature: float = 0.07,
    symmetric: bool = False,
    reduction: str = "mean",
) -> tuple[np.ndarray, np.ndarray]:
    r"""The gradients of :func:`info_nce_loss` with respect to ``anchors`` and ``positives``.

    Parameters
    ----------
    anchors, positives, temperature, symmetric, reduction
        As for :func:`info_nce_loss`; with ``'none'``, the gradient of the sum of
        the rows' losses.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The gradient with respect to ``anchors``, then ``positives``, each of
        shape ``(N, D)``, through the normalisation of the rows: with
        :math:`G = \softmax(z) - I` (rows; its column form added and halved when
        ``symmetric``), :math:`\partial \ell / \partial a = G b / \tau`, projected
        off :math:`a` and divided by the row's length.

    Raises
    ------
    ValueError, TypeError
        As for :func:`info_nce_loss`.

    Examples
    --------
    >>> import numpy as np
    >>> import crossentropy as ce
    >>> ga, gb = ce.info_nce_loss_grad(np.eye(2), np.eye(2), temperature=1.0)
    >>> ga.round(4).tolist()
    [[0.0, 0.1345], [0.1345, 0.0]]
    """
    reduction = check_reduction(reduction)
    a, b, a_norm, b_norm, logits, tau, both = _inputs(anchors, positives, temperature, symmetric)
    n = logits.shape[0]
    eye = np.eye(n, dtype=logits.dtype)
    g = softmax(logits, axis=1) - eye
    if both:
        g = 0.5 * (g + (softmax(logits, axis=0) - eye))
    if reduction == "mean":
        g = g / n
    d_a = (g @ b) / tau
    d_b = (g.T @ a) / tau
    d_a = (d_a - a * np.einsum("ij,ij->i", a, d_a)[:, None]) / a_norm
    d_b = (d_b - b * np.einsum("ij,ij->i", b, d_b)[:, None]) / b_norm
    return d_a, d_b
