"""The myst-nb MIME renderer: an explorer's JSON spec in a notebook output becomes a node.

:class:`ExplorerMimeRenderer` follows myst-nb's public plugin protocol,
``myst_nb.core.render.MimeRenderPlugin``, and is found through the entry point
group ``myst_nb.mime_renderers`` (see ``pyproject.toml``). myst-nb loads every
installed plugin in every project, so the renderer only renders where the
extension :mod:`crossentropy.book.sphinxext` is loaded too (it registers the
node's renderings); elsewhere it declines and myst-nb shows the output's
still ``image/png``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from crossentropy.book.explorers import MIME_TYPE, Explorer
from crossentropy.book.sphinxext.frames import WriteFile, frame_key, write_frames, write_vector
from crossentropy.book.sphinxext.nodes import explorer
from crossentropy.book.sphinxext.transforms import CONFIG_STRIP_FRAMES, STRIP_FRAMES, strip_rows

if TYPE_CHECKING:
    from myst_nb.core.render import MimeData, MimeRenderPlugin, NbElementRenderer

__all__ = ["ExplorerMimeRenderer", "build_node"]


class ExplorerMimeRenderer:
    """myst-nb MIME renderer plugin for :data:`~crossentropy.book.explorers.MIME_TYPE`."""

    #: Prefer the explorer to the widget view and the still PNG in every builder.
    mime_priority_overrides: ClassVar[Sequence[tuple[str, str, int | None]]] = (
        ("*", MIME_TYPE, 1),
    )

    @staticmethod
    def handle_mime(
        renderer: NbElementRenderer, data: MimeData, inline: bool
    ) -> list[nodes.Element] | None:
        """Render an explorer spec to an :class:`~crossentropy.book.sphinxext.nodes.explorer`.

        Returns ``None`` for other MIME types, and an empty list where the
        explorer cannot be shown (inline, outside Sphinx, or without the
        extension), so that myst-nb falls back to the output's still ``image/png``.
        """
        if data.mime_type != MIME_TYPE:
            return None
        env = renderer.renderer.sphinx_env
        if inline or env is None or CONFIG_STRIP_FRAMES not in env.config:
            return []
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        try:
            node = build_node(
                spec,
                renderer.write_file,
                Path(renderer.config.output_folder),
                strip_frames=env.config[CONFIG_STRIP_FRAMES],
            )
        except Exception as exc:  # a broken spec is a build warning (an error with -W)
            renderer.logger.warning(
                f"cannot render explorer: {exc}", subtype="explorer", line=data.line
            )
            return []
        return [node]


if TYPE_CHECKING:  # the renderer follows myst-nb's protocol (checked by mypy)
    _plugin: type[MimeRenderPlugin] = ExplorerMimeRenderer


def build_node(
    spec: dict[str, Any],
    write_file: WriteFile,
    output_folder: Path,
    *,
    strip_frames: int = STRIP_FRAMES,
) -> explorer:
    """Render (or reuse) the explorer of ``spec`` and return its node.

    The node holds the vector rendering for HTML, in every layout (attribute
    ``layouts``, see :func:`~crossentropy.book.sphinxext.frames.write_vector`),
    and one PNG image child per frame that other builders show side by side
    (attribute ``strip``: their positions in the grid, in order).

    Parameters
    ----------
    spec : dict
        An explorer spec, as made by :meth:`Explorer.spec`.
    write_file : callable
        ``write_file(path_parts, content, exists_ok=True) -> uri``, as
        myst-nb's ``NbElementRenderer.write_file``.
    output_folder : pathlib.Path
        Where ``write_file`` writes, to look for renderings already made.
    strip_frames : int, optional
        How many frames per control builders other than HTML show.

    Examples
    --------
    >>> import tempfile
    >>> import crossentropy as ce
    >>> spec = ce.explorers.distribution_fit(steps=2).spec()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     def write_file(parts, content, exists_ok=False):
    ...         Path(folder, *parts).write_bytes(content)
    ...         return "/" + "/".join(parts)
    ...     node = build_node(spec, write_file, Path(folder))
    >>> len(node.children), node["strip"], [layout["name"] for layout in node["layouts"]]
    (3, [0, 1, 2], ['wide', 'narrow'])
    """
    ex = Explorer.from_spec(spec)
    key = frame_key(spec)
    node = explorer()
    node["spec"] = spec
    node["key"] = key
    node["title"] = ex.title
    node["controls"] = [
        {
            "name": c.name,
            "label": c.label,
            "values": c.values(),
            "shown": [c.show(v) for v in c.values()],
            "initial": c.index(ex.values[c.name]),
        }
        for c in ex.controls
    ]
    node["initial"] = ex.frame_index(ex.values)
    node["alt"] = ex.alt_text()
    node["layouts"] = write_vector(ex, key, write_file, output_folder)
    strip = sorted({i for row in strip_rows(node["controls"], strip_frames) for i, _ in row})
    node["strip"] = strip
    grid = ex.grid()
    for uri, i in zip(write_frames(ex, key, write_file, output_folder, strip), strip, strict=True):
        node += nodes.image(uri=uri, alt=ex.alt_text(grid[i]))
    return node
