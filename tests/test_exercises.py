"""The instant exercise checks: right answers pass, the classic mistakes fail with a clear note."""

from __future__ import annotations

import numpy as np
import pytest

import crossentropy as ce
from crossentropy.book.exercises import CHECKS, Check, check


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_library_passes_its_own_checks(name, capsys):
    assert check(name, CHECKS[name].reference) is True
    assert capsys.readouterr().out.startswith("✓")


def naive_entropy(p):
    p = np.asarray(p, dtype=float)
    return -np.sum(p * np.log(p))  # nan at p = 0


def naive_softmax(x):
    e = np.exp(x)  # overflows at x = 1000
    return e / e.sum()


def naive_loss(logits, y):
    return -np.mean(np.log(naive_softmax_rows(logits)[np.arange(len(y)), y]))


def naive_softmax_rows(x):
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize(
    ("name", "func", "message"),
    [
        ("entropy", naive_entropy, "returned nan, expected 0 (NaN: look for 0 * log 0"),
        ("softmax", naive_softmax, "naive_softmax([ 1000.,     0., -1000.]) returned [nan,"),
        ("cross_entropy_loss", naive_loss, "naive_loss("),
        ("entropy", lambda p: np.log(len(p)), "returned 1.09861, expected 0."),
        ("sigmoid", lambda x: 1 / (1 + np.exp(-x)) + 1e-3, "returned"),
    ],
)
def test_classic_mistakes_fail_with_the_input_named(name, func, message, capsys):
    assert check(name, func) is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and message in out


def test_unwritten_function(capsys):
    def my_entropy(p):
        raise NotImplementedError

    assert check("entropy", my_entropy) is False
    assert "not written yet" in capsys.readouterr().out


def test_exception_and_wrong_shape_and_non_numbers(capsys):
    assert check("entropy", lambda p: 1 / 0) is False
    assert "raised ZeroDivisionError" in capsys.readouterr().out
    assert check("surprisal", lambda p: np.zeros(1)) is False
    assert "returned shape (1,)" in capsys.readouterr().out
    assert check("entropy", lambda p: "a lot") is False
    assert "not a number" in capsys.readouterr().out


def test_keyword_arguments_reach_both_functions(capsys):
    def bits(p, base=None):
        return ce.entropy(p) / np.log(base)

    assert check("entropy", bits, base=2) is True
    assert check("entropy", lambda p, base=None: ce.entropy(p), base=2) is False


def test_quiet_prints_nothing(capsys):
    assert check("entropy", naive_entropy, quiet=True) is False
    assert capsys.readouterr().out == ""


def test_the_check_gives_the_function_copies_of_its_inputs(monkeypatch):
    # A reader's function may write into its argument. The check must hand it a copy, so
    # that neither the check's own inputs nor the reference's view of them change.
    inputs = [np.array([0.5, 0.5]), np.array([0.2, 0.3, 0.5]), np.array([1.0, 0.0])]
    originals = [a.copy() for a in inputs]
    check_of_these = Check(ce.entropy, lambda rng: ((a,) for a in inputs), "f(p)")
    monkeypatch.setitem(CHECKS, "entropy", check_of_these)
    received = []

    def mutating(p):
        received.append(p)
        h = ce.entropy(p)
        p[...] = 0  # corrupts a shared input
        return h

    assert check("entropy", mutating, quiet=True) is True
    assert len(received) == len(inputs)
    for given, mine, original in zip(received, inputs, originals, strict=True):
        assert not np.shares_memory(given, mine)
        np.testing.assert_array_equal(mine, original)


def test_unknown_check():
    with pytest.raises(ValueError, match="no check called 'entropyy'"):
        check("entropyy", ce.entropy)


def distillation_without_t_squared(student, teacher, temperature=1.0):
    log_q = ce.log_softmax(np.asarray(student) / temperature)
    log_p = ce.log_softmax(np.asarray(teacher) / temperature)
    return np.mean(np.sum(np.exp(log_p) * (log_p - log_q), axis=-1))  # no T**2


def distillation_mean_over_elements(student, teacher, temperature=1.0):
    rows = ce.distillation_loss(student, teacher, temperature=temperature, reduction="none")
    return np.sum(rows) / np.size(student)  # torch's kl_div default 'mean'


def info_nce_unnormalised(anchors, positives, temperature=0.07):
    logits = np.asarray(anchors) @ np.asarray(positives).T / temperature  # no unit rows
    return ce.cross_entropy_loss(logits, np.arange(len(logits)))


def info_nce_by_cross_entropy(anchors, positives, temperature=0.07, symmetric=False):
    a = np.asarray(anchors) / np.linalg.norm(anchors, axis=1, keepdims=True)
    b = np.asarray(positives) / np.linalg.norm(positives, axis=1, keepdims=True)
    logits = a @ b.T / temperature
    target = np.arange(len(logits))
    loss = ce.cross_entropy_loss(logits, target)
    return (loss + ce.cross_entropy_loss(logits.T, target)) / 2 if symmetric else loss


@pytest.mark.parametrize("temperature", [1.0, 2.0, 5.0])
def test_distillation_check_passes_the_temperature(temperature, capsys):
    assert check("distillation_loss", ce.distillation_loss, temperature=temperature)
    assert "on all 5 test inputs" in capsys.readouterr().out


def test_distillation_check_rejects_a_missing_t_squared_and_the_wrong_mean(capsys):
    # At T = 1 the factor T**2 is 1, so the missing factor shows only at T != 1.
    assert check("distillation_loss", distillation_without_t_squared, temperature=1.0)
    capsys.readouterr()
    assert not check("distillation_loss", distillation_without_t_squared, temperature=4.0)
    out = capsys.readouterr().out
    assert out.startswith("✗") and "temperature=4.0" in out
    assert not check("distillation_loss", distillation_mean_over_elements, temperature=2.0)
    assert capsys.readouterr().out.startswith("✗")


@pytest.mark.parametrize("kwargs", [{}, {"temperature": 0.5}, {"symmetric": True}])
def test_info_nce_check(kwargs, capsys):
    assert check("info_nce_loss", info_nce_by_cross_entropy, **kwargs)
    assert capsys.readouterr().out.startswith("✓")


def test_info_nce_check_rejects_rows_left_unnormalised(capsys):
    assert not check("info_nce_loss", info_nce_unnormalised, temperature=0.5)
    out = capsys.readouterr().out
    assert out.startswith("✗") and "temperature=0.5" in out
