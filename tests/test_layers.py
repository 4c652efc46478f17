"""The two layers: the core imports with NumPy alone; the book layer loads on first use."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

#: What ``import crossentropy`` must not load: the book layer's dependencies.
HEAVY = [
    "matplotlib",
    "PIL",
    "ipywidgets",
    "nbformat",
    "nbclient",
    "jupyter_client",
    "IPython",
    "sphinx",
    "docutils",
    "myst_nb",
    "scipy",
]


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_crossentropy_loads_no_heavy_module():
    loaded = json.loads(
        run_python("import crossentropy, json, sys; print(json.dumps(list(sys.modules)))")
    )
    assert [m for m in loaded if m.partition(".")[0] in HEAVY] == []
    assert [m for m in loaded if m.startswith("crossentropy.book")] == []


# Run in a fresh interpreter where every import outside the standard library, NumPy and
# this package fails, as in an environment where only NumPy is installed.
NUMPY_ONLY = """
import sys
from importlib.abc import MetaPathFinder

ALLOWED = set(sys.stdlib_module_names) | {"numpy", "crossentropy"}

class NumpyOnly(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] not in ALLOWED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NumpyOnly())
"""


def test_the_core_works_with_numpy_alone():
    out = run_python(
        NUMPY_ONLY
        + """
import numpy as np
import crossentropy as ce
assert abs(ce.entropy([0.5, 0.5], base=2) - 1) < 1e-12
assert ce.cross_entropy_loss(np.array([[2.0, 0.0]]), np.array([0])) > 0
X, y = ce.training.make_blobs(10, seed=0)
assert ce.training.train_softmax_regression(X, y, steps=3).loss.shape == (4,)
assert ce.calibration.expected_calibration_error([0.9, 0.2], [1, 0]) >= 0
assert ce.coding.huffman_code([0.5, 0.25, 0.25])
try:
    ce.explorers
except ModuleNotFoundError as exc:
    print(exc)
"""
    )
    # The book layer says what is missing and how to get it.
    assert "ce.explorers is part of the book layer" in out
    assert 'pip install "crossentropy[book]"' in out


def test_book_modules_are_imported_on_first_use():
    run_python(
        """
import sys
import crossentropy as ce
assert "crossentropy.book.explorers" not in sys.modules
assert ce.explorers is sys.modules["crossentropy.book.explorers"]
assert ce.explorers.surprisal(p=0.25).values == {"p": 0.25}
assert ce.exercises.check("entropy", ce.entropy, quiet=True)
ce.style.use()
assert ce.style.COLORS["p"] == "#0072B2"
assert ce.plots.SurprisalCurve is sys.modules["crossentropy.book.plots"].SurprisalCurve
assert {"explorers", "exercises", "plots", "style"} <= set(dir(ce))
"""
    )


def test_an_unknown_attribute_is_an_attribute_error():
    import crossentropy as ce

    with pytest.raises(AttributeError, match="has no attribute 'explorer'"):
        ce.explorer  # noqa: B018


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("crossentropy.explorers", "crossentropy.book.explorers"),
        ("crossentropy.plots", "crossentropy.book.plots"),
        ("crossentropy.style", "crossentropy.book.style"),
        ("crossentropy.exercises", "crossentropy.book.exercises"),
        ("crossentropy.assign", "crossentropy.book.assign"),
        ("crossentropy.assign.notebooks", "crossentropy.book.assign.notebooks"),
        ("crossentropy.assign.grader", "crossentropy.book.assign.grader"),
    ],
)
def test_the_old_import_paths_still_work(old, new):
    before, after = importlib.import_module(old), importlib.import_module(new)
    assert after.__all__
    for name in after.__all__:
        assert getattr(before, name) is getattr(after, name), name
    assert set(after.__all__) <= set(dir(before))
    with pytest.raises(AttributeError):
        before.no_such_name  # noqa: B018


def test_the_commands_run():
    for command in (
        [sys.executable, "-m", "crossentropy.assign", "--help"],
        [shutil.which("ce-assign", path=str(Path(sys.executable).parent)), "--help"],
    ):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: ce-assign")
        assert "student" in result.stdout and "nbgrader" in result.stdout
