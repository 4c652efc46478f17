"""Checks on the instructor's paths and sources, made before anything is written.

Every check raises :class:`ValueError` with a one-line message; the command
line prints it and exits with status 2.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from nbformat import NotebookNode

from crossentropy.book.assign.notebooks import tags

__all__ = ["check_has_solutions", "check_out"]


def _real(path: Path) -> Path:
    """``path`` made absolute with every symbolic link resolved (it need not exist)."""
    return Path(os.path.realpath(path))


def check_out(out: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output folder that would put the instructor's files at risk.

    Parameters
    ----------
    out
        The folder the command is about to write into (it need not exist yet).
    inputs
        The notebooks the command reads (sources, submissions).

    Raises
    ------
    ValueError
        If ``out`` is an existing file (or lies below one), or if ``out`` is the
        folder of an input or a folder above it: writing there could overwrite
        the instructor's notebooks.

    Examples
    --------
    >>> check_out(Path("/tmp/handout"), [Path("/tmp/book/ch.ipynb")])
    >>> check_out(Path("/tmp"), [Path("/tmp/book/ch.ipynb")])
    Traceback (most recent call last):
    ...
    ValueError: --out /tmp contains the folder of /tmp/book/ch.ipynb: choose a folder of its own
    """
    real_out = _real(out)
    for parent in (real_out, *real_out.parents):
        if parent.exists() and not parent.is_dir():
            raise ValueError(f"--out {out} is not a folder ({parent} is an existing file)")
    for path in inputs:
        folder = _real(path).parent
        if folder == real_out:
            raise ValueError(f"--out {out} is the folder of {path}: choose a folder of its own")
        if real_out in folder.parents:
            raise ValueError(
                f"--out {out} contains the folder of {path}: choose a folder of its own"
            )


def check_has_solutions(nb: NotebookNode, path: Path) -> None:
    """Refuse a source notebook with no answer cells (no code cell tagged ``solution``).

    Such a notebook is most likely not a source at all (a chapter without
    exercises, or a file given by mistake); a student version of it would give
    students nothing to answer.

    Raises
    ------
    ValueError
        If no code cell of ``nb`` is tagged ``solution``.
    """
    if not any(c.cell_type == "code" and "solution" in tags(c) for c in nb.cells):
        raise ValueError(
            f"{path} has no solution cells (code cells tagged solution): is it a source notebook?"
        )
