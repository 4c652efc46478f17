"""An explorer's frames at build time: rendered once for a spec and a library, then reused.

Two renderings, each cached in the output folder under a name made from the key
(:func:`frame_key`), a digest of the explorer's spec, of every module of the
package (:func:`source_digest`) and of the versions of the libraries that draw
and encode it, so that an incremental build renders only what changed:

* :func:`write_vector`: the HTML explorer, in every layout of
  :mod:`crossentropy.book.vector` (``explorer-<name>-<key>.json``);
* :func:`write_frames`: PNG frames for the few positions that builders other than
  HTML show side by side (``explorer-<name>-<key>-<index>.png``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy
import PIL

import crossentropy
from crossentropy.book import vector
from crossentropy.book.explorers import Explorer, json_dumps

__all__ = ["WriteFile", "frame_key", "source_digest", "write_frames", "write_vector"]

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


def vector_layouts(ex: Explorer) -> list[dict[str, Any]]:
    """The HTML explorer in every layout: its fixed SVG, its first frame, its payload.

    Each entry has the layout's ``name``, the figure's ``width`` and ``height`` in
    inches, its SVG ``viewbox``, the fixed part's SVG ``body``, the ``moving``
    artists at the explorer's initial position, and the ``payload`` that the
    page's script loads (:meth:`~crossentropy.book.vector.VectorFrames.payload`).
    """
    alts = [ex.alt_text(values) for values in ex.grid()]
    initial = ex.frame_index(ex.values)
    layouts = []
    for name in vector.LAYOUTS:
        frames = vector.vector_frames(ex, name)
        layouts.append(
            {
                "name": name,
                "width": frames.width,
                "height": frames.height,
                "viewbox": frames.viewbox,
                "body": frames.body,
                "moving": frames.moving(initial),
                "payload": frames.payload(alts),
            }
        )
    return layouts


def write_vector(
    ex: Explorer, key: str, write_file: WriteFile, output_folder: Path
) -> list[dict[str, Any]]:
    """:func:`vector_layouts` of ``ex``, rendered once and cached under its ``key``."""
    name = f"explorer-{ex.name}-{key}.json"
    path = output_folder / name
    if path.exists():
        cached: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        return cached
    layouts = vector_layouts(ex)
    write_file([name], json.dumps(layouts).encode("utf-8"), exists_ok=True)
    return layouts


def write_frames(
    ex: Explorer,
    key: str,
    write_file: WriteFile,
    output_folder: Path,
    indices: Sequence[int] | None = None,
) -> Sequence[str]:
    """Write frames of ``ex`` as PNG (or reuse them, if already written); return their URIs.

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
    indices : sequence of int, optional
        The positions in the grid to write (default: all of them).
    """
    grid = ex.grid()
    uris = []
    for i in range(len(grid)) if indices is None else indices:
        values = grid[i]
        name = f"explorer-{ex.name}-{key}-{i:04d}.png"
        path = output_folder / name
        content = path.read_bytes() if path.exists() else ex.render(values)
        uris.append(write_file([name], content, exists_ok=True))
    return uris
