"""crossentropy: surprisal, entropy, cross-entropy and the cross-entropy loss, in NumPy.

The library behind the book *Surprisal, Entropy and the Cross-Entropy Loss*.
Every chapter imports it as ``import crossentropy as ce``.

Information measures (probabilities in, nats out; ``base=2`` for bits):
:func:`surprisal`, :func:`entropy`, :func:`cross_entropy`,
:func:`kl_divergence`, :func:`binary_entropy`, :func:`perplexity`.

Logits (stable for any finite input): :func:`logsumexp`, :func:`softmax`,
:func:`log_softmax`, :func:`sigmoid`, :func:`log_sigmoid`.

Losses (PyTorch's semantics, class axis last): :func:`cross_entropy_loss`,
:func:`cross_entropy_loss_grad`, :func:`focal_loss`,
:func:`binary_cross_entropy`, :func:`binary_cross_entropy_with_logits`,
:func:`binary_cross_entropy_with_logits_grad`.

Modules: :mod:`~crossentropy.calibration` (reliability and ECE),
:mod:`~crossentropy.coding` (Huffman codes), :mod:`~crossentropy.training`
(gradient descent on cross-entropy), :mod:`~crossentropy.style`,
:mod:`~crossentropy.plots` and :mod:`~crossentropy.explorers` (the figures),
:mod:`~crossentropy.exercises` (instant checks of exercise answers).
"""

from crossentropy import calibration, coding, exercises, explorers, plots, style, training
from crossentropy.logits import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax
from crossentropy.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    cross_entropy_loss,
    cross_entropy_loss_grad,
    focal_loss,
)
from crossentropy.measures import (
    binary_entropy,
    cross_entropy,
    entropy,
    kl_divergence,
    perplexity,
    surprisal,
)

__version__ = "0.1.0"

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "binary_entropy",
    "calibration",
    "coding",
    "cross_entropy",
    "cross_entropy_loss",
    "cross_entropy_loss_grad",
    "entropy",
    "exercises",
    "explorers",
    "focal_loss",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "perplexity",
    "plots",
    "sigmoid",
    "softmax",
    "style",
    "surprisal",
    "training",
]
