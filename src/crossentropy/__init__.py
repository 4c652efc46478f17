"""crossentropy: surprisal, entropy, cross-entropy and the cross-entropy loss, in NumPy.

The library behind the book *Surprisal, Entropy and the Cross-Entropy Loss*.
Every chapter imports it as ``import crossentropy as ce``.

Information measures (probabilities in, nats out; ``base=2`` for bits):
:func:`surprisal`, :func:`entropy`, :func:`cross_entropy`,
:func:`kl_divergence`, :func:`js_divergence`, :func:`binary_entropy`,
:func:`perplexity`.

Losses of modern training: :func:`distillation_loss` (Hinton et al., 2015)
and :func:`info_nce_loss` (InfoNCE, contrastive learning), with their gradients.

Two variables, from their joint table: :func:`joint_entropy`,
:func:`conditional_entropy`, :func:`mutual_information`.

Logits (stable for any finite input): :func:`logsumexp`, :func:`softmax`,
:func:`log_softmax`, :func:`sigmoid`, :func:`log_sigmoid`.

Losses (PyTorch's semantics, class axis last): :func:`cross_entropy_loss`,
:func:`cross_entropy_loss_grad`, :func:`focal_loss`,
:func:`binary_cross_entropy`, :func:`binary_cross_entropy_with_logits`,
:func:`binary_cross_entropy_with_logits_grad`.

Modules: :mod:`~crossentropy.calibration` (reliability and ECE),
:mod:`~crossentropy.coding` (Huffman codes), :mod:`~crossentropy.training`
(gradient descent on cross-entropy).

All of the above is the *core*: it needs NumPy and nothing else, and
``import crossentropy`` loads nothing more. The *book layer*,
:mod:`crossentropy.book`, holds what the book adds on top: ``ce.style``,
``ce.plots`` and ``ce.explorers`` (the figures), ``ce.exercises`` (instant
checks of exercise answers), the Sphinx extension and the course-assignment
tools. Its modules are attributes of this package that are imported on first
use (PEP 562), and need the ``book`` extra: ``pip install "crossentropy[book]"``.
"""

from types import ModuleType as _ModuleType

from crossentropy import calibration, coding, training
from crossentropy.contrastive import info_nce_loss, info_nce_loss_grad
from crossentropy.distillation import distillation_loss, distillation_loss_grad
from crossentropy.joint import conditional_entropy, joint_entropy, mutual_information
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
    js_divergence,
    kl_divergence,
    perplexity,
    surprisal,
)

#: The version of the package (``pyproject.toml`` reads it from here).
__version__ = "0.1.0"

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "binary_entropy",
    "calibration",
    "coding",
    "conditional_entropy",
    "cross_entropy",
    "cross_entropy_loss",
    "cross_entropy_loss_grad",
    "distillation_loss",
    "distillation_loss_grad",
    "entropy",
    "focal_loss",
    "info_nce_loss",
    "info_nce_loss_grad",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "mutual_information",
    "perplexity",
    "sigmoid",
    "softmax",
    "surprisal",
    "training",
]

#: The book layer's modules, available as ``ce.<name>`` and imported on first use.
_BOOK_LAYER = {
    "exercises": "crossentropy.book.exercises",
    "explorers": "crossentropy.book.explorers",
    "plots": "crossentropy.book.plots",
    "style": "crossentropy.book.style",
}


def __getattr__(name: str) -> _ModuleType:
    """Import a module of the book layer on first use (``ce.explorers``, ``ce.style``, ...)."""
    if name not in _BOOK_LAYER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    try:
        module = importlib.import_module(_BOOK_LAYER[name])
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] == __name__:
            raise
        raise ModuleNotFoundError(
            f"ce.{name} is part of the book layer and needs {exc.name!r}: "
            'pip install "crossentropy[book]"',
            name=exc.name,
        ) from exc
    globals()[name] = module
    return module


def __dir__() -> list[str]:
    return sorted({*globals(), *_BOOK_LAYER})
