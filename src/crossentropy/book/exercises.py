"""Instant checks for exercises: test a reader's implementation against the library.

>>> import numpy as np
>>> import crossentropy as ce
>>> def my_entropy(p):
...     p = np.asarray(p, dtype=float)
...     nz = p > 0
...     return -np.sum(p[nz] * np.log(p[nz]))
>>> ce.exercises.check("entropy", my_entropy)
✓ my_entropy agrees with ce.entropy on all 9 test inputs.
True

A check calls the function on fixed inputs chosen to catch the usual mistakes
(zeros, certain outcomes, huge logits) and on seeded random ones, and compares
with the library. On the first disagreement it says which input, what was
expected and what came back, and returns ``False``; it never shows the
library's code. Extra keyword arguments are passed to both functions, so
``check("entropy", f, base=2)`` tests ``f(p, base=2)``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from crossentropy import coding as _coding
from crossentropy import contrastive as _contrastive
from crossentropy import distillation as _distillation
from crossentropy import joint as _joint
from crossentropy import logits as _logits
from crossentropy import losses as _losses
from crossentropy import measures as _measures

__all__ = ["CHECKS", "Check", "check"]


@dataclass(frozen=True)
class Check:
    """How to test one function: the library's version and the inputs to try."""

    reference: Callable[..., Any]
    inputs: Callable[[np.random.Generator], Iterator[tuple[Any, ...]]]
    contract: str


def _distributions(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield ([0.5, 0.5],)
    yield ([1.0, 0.0, 0.0],)
    yield ([0.25, 0.25, 0.5, 0.0],)
    yield (np.full(6, 1 / 6),)
    for n in (2, 3, 5, 10, 30):
        yield (rng.dirichlet(np.ones(n)),)


def _pairs(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield ([0.5, 0.5], [0.5, 0.5])
    yield ([0.5, 0.5], [0.25, 0.75])
    yield ([1.0, 0.0], [0.9, 0.1])
    yield ([0.0, 1.0], [0.0, 1.0])  # p_i = 0 = q_i contributes nothing
    yield ([0.5, 0.5], [1.0, 0.0])  # q rules out a possible outcome: infinite
    for n in (2, 4, 8):
        yield (rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n)))


def _probabilities(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield (np.array([1.0, 0.5, 0.25, 0.125]),)
    yield (np.array([0.0, 1.0]),)
    yield (np.array([1e-300, 0.3, 0.999]),)
    yield (rng.uniform(size=20),)


def _logit_vectors(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield (np.array([0.0, 0.0]),)
    yield (np.array([1.0, 2.0, 3.0]),)
    yield (np.array([1000.0, 0.0, -1000.0]),)  # overflows exp() unless shifted
    yield (np.array([-1000.0, -1000.0]),)
    yield (rng.normal(scale=5, size=10),)


def _scalars(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield (np.array([0.0, 1.0, -1.0]),)
    yield (np.array([40.0, -40.0, 700.0, -700.0]),)
    yield (rng.normal(scale=10, size=25),)


def _classification(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield (np.array([[2.0, 0.0, 0.0]]), np.array([0]))
    yield (np.array([[0.0, 0.0], [0.0, 0.0]]), np.array([0, 1]))
    yield (np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([0, 0]))
    for n, c in ((5, 3), (20, 4)):
        yield (rng.normal(scale=3, size=(n, c)), rng.integers(0, c, size=n))


def _binary(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield (np.array([0.9, 0.2]), np.array([1.0, 0.0]))
    yield (np.array([0.5]), np.array([1.0]))
    yield (rng.uniform(0.01, 0.99, size=15), rng.integers(0, 2, size=15).astype(float))


def _binary_logits(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield (np.array([0.0, 2.0, -2.0]), np.array([1.0, 1.0, 0.0]))
    yield (np.array([100.0, -100.0, 800.0, -800.0]), np.array([0.0, 1.0, 1.0, 0.0]))
    yield (rng.normal(scale=4, size=15), rng.integers(0, 2, size=15).astype(float))


def _joint_tables(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield (np.array([[0.25, 0.25], [0.25, 0.25]]),)  # independent fair coins
    yield (np.array([[0.5, 0.0], [0.0, 0.5]]),)  # Y = X: zeros in the table
    yield (np.array([[0.5, 0.0], [0.25, 0.25]]),)
    yield (np.array([[1.0, 0.0, 0.0]]),)  # X and Y both certain
    yield (np.outer([0.2, 0.3, 0.5], [0.6, 0.4]),)  # independent, not uniform
    for shape in ((2, 3), (4, 4), (6, 2)):
        yield (rng.dirichlet(np.ones(shape[0] * shape[1])).reshape(shape),)


def _messages(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    yield (np.array([0, 0, 1, 0]), np.array([0.75, 0.25]))
    yield (np.array([], dtype=np.int64), np.array([0.5, 0.5]))  # an empty message: 0 bits
    yield (np.array([0, 0, 0]), np.array([1.0, 0.0]))  # a certain message: 0 bits
    yield (np.array([2, 0, 2]), np.array([0.5, 0.0, 0.5]))  # a zero the message avoids
    yield (np.array([0, 1, 1]), np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]]))  # per symbol
    for k, n in ((3, 10), (27, 200)):
        q = rng.dirichlet(np.ones(k))
        yield (rng.choice(k, size=n, p=q), q)
    yield (rng.integers(0, 4, size=50), rng.dirichlet(np.ones(4), size=50))


def _logit_pairs(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    # (student, teacher): one row; equal rows; a constant shift (loss 0); huge logits;
    # a batch of several rows (the mean over rows, not over elements).
    yield (np.array([[2.0, 0.0, -1.0]]), np.array([[3.0, 1.0, -2.0]]))
    yield (np.array([[1.0, 1.0]]), np.array([[1.0, 1.0]]))
    yield (np.array([[0.0, 1.0, 2.0]]), np.array([[5.0, 6.0, 7.0]]))
    yield (np.array([[800.0, 0.0, -800.0]]), np.array([[0.0, 900.0, 0.0]]))
    yield (rng.normal(scale=3, size=(6, 4)), rng.normal(scale=3, size=(6, 4)))


def _embedding_pairs(rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    # (anchors, positives): rows of any length (they are normalised), a batch of two,
    # identical pairs, and random batches.
    yield (np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([[3.0, 0.1], [0.2, 1.0]]))
    yield (np.eye(3), np.eye(3))
    a = rng.normal(size=(5, 4))
    yield (a, a + 0.3 * rng.normal(size=(5, 4)))
    yield (rng.normal(size=(8, 3)), rng.normal(size=(8, 3)))


#: The exercises that can be checked, by the name of the library function.
CHECKS: dict[str, Check] = {
    "surprisal": Check(_measures.surprisal, _probabilities, "f(p): -log p elementwise"),
    "entropy": Check(_measures.entropy, _distributions, "f(p): the entropy of one distribution"),
    "cross_entropy": Check(_measures.cross_entropy, _pairs, "f(p, q): H(p, q)"),
    "kl_divergence": Check(_measures.kl_divergence, _pairs, "f(p, q): KL(p || q)"),
    "binary_entropy": Check(
        _measures.binary_entropy, _probabilities, "f(p): H_b(p), the entropy of (p, 1 - p)"
    ),
    "perplexity": Check(_measures.perplexity, _distributions, "f(p): exp(H(p))"),
    "js_divergence": Check(_measures.js_divergence, _pairs, "f(p, q): JS(p, q), not its root"),
    "joint_entropy": Check(
        _joint.joint_entropy, _joint_tables, "f(pxy): the entropy of a joint table"
    ),
    "conditional_entropy": Check(
        _joint.conditional_entropy, _joint_tables, "f(pxy): H(Y | X), X along axis 0"
    ),
    "mutual_information": Check(
        _joint.mutual_information, _joint_tables, "f(pxy): I(X; Y) of a 2-D joint table"
    ),
    "code_length": Check(
        _coding.code_length, _messages, "f(symbols, probs): sum_i -log2 q_i(x_i), in bits"
    ),
    "softmax": Check(_logits.softmax, _logit_vectors, "f(x): softmax of a vector of logits"),
    "log_softmax": Check(_logits.log_softmax, _logit_vectors, "f(x): log-softmax of a vector"),
    "logsumexp": Check(_logits.logsumexp, _logit_vectors, "f(x): log(sum(exp(x)))"),
    "sigmoid": Check(_logits.sigmoid, _scalars, "f(x): 1 / (1 + exp(-x)) elementwise"),
    "log_sigmoid": Check(_logits.log_sigmoid, _scalars, "f(x): log sigmoid(x) elementwise"),
    "cross_entropy_loss": Check(
        _losses.cross_entropy_loss, _classification, "f(logits, y): the mean loss"
    ),
    "cross_entropy_loss_grad": Check(
        _losses.cross_entropy_loss_grad, _classification, "f(logits, y): d(mean loss)/d logits"
    ),
    "binary_cross_entropy": Check(
        _losses.binary_cross_entropy, _binary, "f(q, y): the mean binary cross-entropy"
    ),
    "binary_cross_entropy_with_logits": Check(
        _losses.binary_cross_entropy_with_logits,
        _binary_logits,
        "f(z, y): the mean binary cross-entropy from logits",
    ),
    "distillation_loss": Check(
        _distillation.distillation_loss,
        _logit_pairs,
        "f(student_logits, teacher_logits, temperature=T): T² KL, the mean over rows",
    ),
    "info_nce_loss": Check(
        _contrastive.info_nce_loss,
        _embedding_pairs,
        "f(anchors, positives, temperature=tau): the mean InfoNCE loss over the batch",
    ),
}


def _library_name(function: Callable[..., Any]) -> str:
    """How a chapter calls ``function``: ``ce.entropy``, or ``ce.coding.code_length``."""
    import crossentropy

    name = function.__name__
    if getattr(crossentropy, name, None) is function:
        return f"ce.{name}"
    return f"ce.{function.__module__.removeprefix('crossentropy.')}.{name}"


def _show(value: Any) -> str:
    array = np.asarray(value)
    if array.size > 6:
        return f"an array of shape {array.shape}"
    if array.ndim == 0:
        return f"{array.item():.6g}" if array.dtype.kind in "biuf" else repr(value)
    return np.array2string(array, precision=6, separator=", ")


def _describe_call(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    parts = [_show(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def check(name: str, func: Callable[..., Any], *, quiet: bool = False, **kwargs: Any) -> bool:
    """Test ``func`` against the library's function ``name`` and say how it went.

    Parameters
    ----------
    name : str
        The library function the exercise reimplements; one of :data:`CHECKS`.
    func : callable
        The reader's implementation.
    quiet : bool, optional
        For grading: print nothing, and let an exception raised by ``func``
        (such as the ``NotImplementedError`` of an unanswered stub) propagate,
        so that it counts as an error rather than a wrong answer.
    **kwargs
        Passed to both functions (for example ``base=2``).

    Returns
    -------
    bool
        ``True`` if ``func`` agrees with the library on every test input (to a
        relative tolerance of 1e-9), ``False`` otherwise.

    Raises
    ------
    ValueError
        If there is no check called ``name``.
    """
    if name not in CHECKS:
        raise ValueError(f"no check called {name!r}; there are: {', '.join(sorted(CHECKS))}")
    spec = CHECKS[name]
    shown = getattr(func, "__name__", "your function")
    say = (lambda message: None) if quiet else print
    rng = np.random.default_rng(20261129)
    cases = list(spec.inputs(rng))
    for args in cases:
        call = _describe_call(shown, args, kwargs)
        expected = spec.reference(*args, **kwargs)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got = func(*(np.array(a, copy=True) for a in args), **kwargs)
        except NotImplementedError:
            if quiet:
                raise
            say(f"✗ {shown} is not written yet (it raises NotImplementedError).")
            return False
        except Exception as exc:  # report any failure of the reader's code
            if quiet:
                raise
            say(f"✗ {call} raised {type(exc).__name__}: {exc}")
            return False
        try:
            got_array = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            say(f"✗ {call} returned {got!r}, which is not a number or an array of numbers.")
            return False
        if got_array.shape != np.shape(expected):
            say(
                f"✗ {call} returned shape {got_array.shape}, expected {np.shape(expected)} "
                f"({spec.contract})."
            )
            return False
        if not np.allclose(got_array, expected, rtol=1e-9, atol=1e-12):
            hint = ""
            if np.isnan(got_array).any():
                hint = " (NaN: look for 0 * log 0, inf - inf or an overflowing exp)"
            say(f"✗ {call} returned {_show(got)}, expected {_show(expected)}{hint}.")
            return False
    library = _library_name(spec.reference)
    say(f"✓ {shown} agrees with {library} on all {len(cases)} test inputs.")
    return True
