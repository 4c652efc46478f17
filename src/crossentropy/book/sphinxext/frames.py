"""An explorer's frames at build time: rendered once for a spec and a library, then reused.

Every frame is a PNG file named ``explorer-<name>-<key>-<index>.png``, where
the key (:func:`frame_key`) is a digest of the explorer's spec, of every
module of the package (:func:`source_digest`) and of the versions of the
libraries that draw and encode it; a frame already in the output folder under
that name is reused, so an incremental build renders only what changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy
import PIL

import crossentropy
from crossentropy.book.explorers import Explorer, json_dumps

__all__ = ["WriteFile", "frame_key", "source_digest", "write_frames"]

#: myst-nb's ``NbElementRenderer.write_file(path_parts, content, exists_ok=...) -> uri``.
WriteFile = Callable[..., str]


def source_digest(root: Path) -> str:
    """A digest of every Python module under ``root``, at any depth, and of its path.

    The frames depend on the core (the numbers), on :mod:`crossentropy.book.plots`
    and :mod:`crossentropy.book.style` (the drawing) and on
    :mod:`crossentropy.book.explorers` (the PNG encoding): on every module of
    the package, so all of them count. The explorer's script and stylesheet
    do not: they are not part of a frame.

    Examples
    --------
    >>> import crossentropy
    >>> len(source_digest(Path(crossentropy.__file__).parent))
    64
    """
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix().encode()
        content = path.read_bytes()
        # Lengths first, so that no two different trees can feed the same bytes.
        digest.update(b"%d:%s%d:" % (len(name), name, len(content)))
        digest.update(content)
    return digest.hexdigest()


@cache
def _library_digest() -> str:
    """What the frames depend on: the package's source and the versions that draw them."""
    versions = [
        f"{module.__name__}={module.__version__}"
        for module in (crossentropy, numpy, matplotlib, PIL)
    ]
    return hashlib.sha256(
        "\n".join([*versions, source_digest(Path(crossentropy.__file__).parent)]).encode()
    ).hexdigest()


def frame_key(spec: dict[str, Any]) -> str:
    """A short digest naming the frames of ``spec`` as drawn by this library.

    Examples
    --------
    >>> import crossentropy as ce
    >>> key = frame_key(ce.explorers.surprisal(p=0.5).spec())
    >>> len(key), key == frame_key(ce.explorers.surprisal(p=0.5).spec())
    (16, True)
    """
    return hashlib.sha256((_library_digest() + json_dumps(spec)).encode()).hexdigest()[:16]


def write_frames(
    ex: Explorer, key: str, write_file: WriteFile, output_folder: Path
) -> Sequence[str]:
    """Write every frame of ``ex`` (or reuse it, if already written); return their URIs.

    Parameters
    ----------
    ex : Explorer
        The explorer whose :meth:`~Explorer.grid` of frames to write.
    key : str
        Its :func:`frame_key`.
    write_file : callable
        ``write_file(path_parts, content, exists_ok=True) -> uri``, as
        myst-nb's ``NbElementRenderer.write_file``.
    output_folder : pathlib.Path
        Where ``write_file`` writes, to look for frames already rendered.
    """
    uris = []
    for i, values in enumerate(ex.grid()):
        name = f"explorer-{ex.name}-{key}-{i:04d}.png"
        path = output_folder / name
        content = path.read_bytes() if path.exists() else ex.render(values)
        uris.append(write_file([name], content, exists_ok=True))
    return uris
