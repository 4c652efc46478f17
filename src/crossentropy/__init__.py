"""crossentropy: surprisal, entropy, cross-entropy and the cross-entropy loss, in NumPy.

The library behind the book *Surprisal, Entropy and the Cross-Entropy Loss*.
Every chapter imports it as ``import crossentropy as ce``.

Information measures (probabilities in, nats out; ``base=2`` for bits):
:func:`surprisal`, :func:`entropy`, :func:`cross_entropy`,
:func:`kl_divergence`, :func:`binary_entropy`.

Logits (stable for any finite input): :func:`logsumexp`, :func:`softmax`,
:func:`log_softmax`, :func:`sigmoid`, :func:`log_sigmoid`.

Losses (PyTorch's semantics, class axis last): :func:`cross_entropy_loss`,
:func:`cross_entropy_loss_grad`, :func:`binary_cross_entropy`,
:func:`binary_cross_entropy_with_logits`,
:func:`binary_cross_entropy_with_logits_grad`.
"""

from crossentropy import explorers, plots, style
from crossentropy.logits import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax
from crossentropy.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    cross_entropy_loss,
    cross_entropy_loss_grad,
)
from crossentropy.measures import (
    binary_entropy,
    cross_entropy,
    entropy,
    kl_divergence,
    surprisal,
)

__version__ = "0.1.0"

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "binary_entropy",
    "cross_entropy",
    "cross_entropy_loss",
    "cross_entropy_loss_grad",
    "entropy",
    "explorers",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "plots",
    "sigmoid",
    "softmax",
    "style",
    "surprisal",
]
