"""An explorer's frames at build time: rendered once for a spec and a library, then reused.

Every frame is a PNG file named ``explorer-<name>-<key>-<index>.png``, where
the key (:func:`frame_key`) is a digest of the explorer's spec and of the
library that draws it; a frame already in the output folder under that name
is reused, so an incremental build renders only what changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import crossentropy
from crossentropy.book.explorers import Explorer, json_dumps

__all__ = ["WriteFile", "frame_key", "write_frames"]

#: myst-nb's ``NbElementRenderer.write_file(path_parts, content, exists_ok=...) -> uri``.
WriteFile = Callable[..., str]


@cache
def _library_digest() -> str:
    """A digest of the library's source: frames depend on all of it."""
    digest = hashlib.sha256(crossentropy.__version__.encode())
    for path in sorted(Path(crossentropy.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
