"""Render explorers in the static book: a myst-nb MIME renderer and a Sphinx extension.

How a notebook output of type :data:`crossentropy.explorers.MIME_TYPE`
becomes a working slider in the HTML book, with no kernel and no network:

1. :class:`ExplorerMimeRenderer`, registered with myst-nb through the entry
   point group ``myst_nb.mime_renderers``, takes the output's JSON spec while
   the notebook is parsed, rebuilds the explorer with
   :meth:`~crossentropy.explorers.Explorer.from_spec`, renders one PNG frame
   per slider position with the library's own plotting code, and writes the
   frames next to myst-nb's other output images. The frames' file names carry
   a digest of the spec and of the library's source, so an unchanged explorer
   is not rendered twice.
2. It returns an :class:`explorer` node holding one image node per frame, so
   that Sphinx copies the frames into ``_images/`` like any other image.
3. In HTML, the node becomes a ``<figure>`` with the first frame, a labelled
   ``<input type="range">`` per control, a value readout, and the list of
   frames; ``crossentropy-explorer.js`` (served from ``_static``, added only
   to pages that have an explorer) swaps the frame as the slider moves.
   Other builders (LaTeX, text) get a row of a few frames instead.

Enable it in ``_config.yml``::

    sphinx:
      extra_extensions: [crossentropy.sphinxext]
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import posixpath
import re
import urllib.parse
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

import crossentropy
from crossentropy.explorers import MIME_TYPE, Explorer, json_dumps

__all__ = ["ExplorerMimeRenderer", "explorer", "setup"]

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
JS_FILE = "crossentropy-explorer.js"
CSS_FILE = "crossentropy-explorer.css"
#: How many frames non-HTML builders show, side by side.
STRIP_FRAMES = 4


class explorer(nodes.General, nodes.Element):
    """An explorer: one image child per frame, and its spec in attributes."""


@cache
def _library_digest() -> str:
    """A digest of the library's source: frames depend on all of it."""
    digest = hashlib.sha256(crossentropy.__version__.encode())
    for path in sorted(Path(crossentropy.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def frame_key(spec: dict[str, Any]) -> str:
    """A short digest naming the frames of ``spec`` as drawn by this library."""
    return hashlib.sha256((_library_digest() + json_dumps(spec)).encode()).hexdigest()[:16]


def _sphinx_app(renderer: Any) -> Sphinx | None:
    env = getattr(renderer.renderer, "sphinx_env", None)
    if env is None:
        return None
    from myst_nb._compat import get_env_app

    return get_env_app(env)


class ExplorerMimeRenderer:
    """myst-nb MIME renderer plugin for :data:`~crossentropy.explorers.MIME_TYPE`."""

    #: Prefer the explorer to the widget view and the still PNG in every builder.
    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = [("*", MIME_TYPE, 1)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        """Render an explorer spec to an :class:`explorer` node.

        Returns ``None`` for other MIME types, and an empty list where the
        explorer cannot be shown (inline, or this extension not loaded), so
        that myst-nb falls back to the output's still ``image/png``.
        """
        if data.mime_type != MIME_TYPE:
            return None
        app = _sphinx_app(renderer)
        if inline or app is None or "crossentropy.sphinxext" not in app.extensions:
            return []
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        try:
            node = build_node(spec, renderer.write_file, Path(renderer.config.output_folder))
        except Exception as exc:  # a broken spec is a build warning (an error with -W)
            renderer.logger.warning(
                f"cannot render explorer: {exc}", subtype="explorer", line=data.line
            )
            return []
        return [node]


def build_node(spec: dict[str, Any], write_file: Any, output_folder: Path) -> explorer:
    """Render (or reuse) the frames of ``spec`` and return the explorer node.

    Parameters
    ----------
    spec : dict
        An explorer spec, as made by :meth:`Explorer.spec`.
    write_file : callable
        ``write_file(path_parts, content, exists_ok=True) -> uri``, as
        myst-nb's ``NbElementRenderer.write_file``.
    output_folder : pathlib.Path
        Where ``write_file`` writes, to look for frames already rendered.
    """
    ex = Explorer.from_spec(spec)
    key = frame_key(spec)
    grid = ex.grid()
    node = explorer()
    node["spec"] = spec
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
    alts = []
    for i, values in enumerate(grid):
        name = f"explorer-{ex.name}-{key}-{i:04d}.png"
        path = output_folder / name
        content = path.read_bytes() if path.exists() else ex.render(values)
        uri = write_file([name], content, exists_ok=True)
        alt = ex.alt_text(values)
        alts.append(alt)
        node += nodes.image(uri=uri, alt=alt)
    node["alts"] = alts
    return node


# ---------------------------------------------------------------- HTML


def _image_uri(translator: Any, image: nodes.image) -> str:
    uri = image["uri"]
    if uri in translator.builder.images:
        uri = posixpath.join(
            translator.builder.imgpath, urllib.parse.quote(translator.builder.images[uri])
        )
    return uri


def visit_explorer_html(translator: Any, node: explorer) -> None:
    """Write the figure, its controls and its frame list."""
    images = list(node.findall(nodes.image))
    frames = [_image_uri(translator, image) for image in images]
    initial = node["initial"]
    ident = f"ce-explorer-{translator.document.settings.env.new_serialno('ce-explorer')}"
    data = {"frames": frames, "alts": node["alts"], "controls": node["controls"]}
    payload = json.dumps(data).replace("</", "<\\/")
    esc = html.escape
    parts = [
        f'<figure class="ce-explorer" id="{ident}" aria-label="{esc(node["title"])}" '
        f'data-ce-explorer="{esc(node["spec"]["explorer"])}" data-frame="{initial}">',
        f'<img class="ce-explorer-frame" src="{esc(frames[initial])}" '
        f'alt="{esc(node["alts"][initial])}" decoding="async">',
        '<div class="ce-explorer-controls">',
    ]
    for k, control in enumerate(node["controls"]):
        cid = f"{ident}-{k}"
        i = control["initial"]
        parts.append(
            '<div class="ce-explorer-control">'
            f'<label for="{cid}">{esc(control["label"])}</label>'
            f'<input type="range" class="ce-explorer-range" id="{cid}" min="0" '
            f'max="{len(control["values"]) - 1}" step="1" value="{i}" '
            f'aria-valuetext="{esc(control["label"])} = {esc(control["shown"][i])}">'
            f'<output class="ce-explorer-value" for="{cid}">{esc(control["shown"][i])}</output>'
            "</div>"
        )
    parts.append("</div>")
    parts.append(f'<script type="application/json" class="ce-explorer-data">{payload}</script>')
    parts.append("</figure>")
    translator.body.append("".join(parts))
    raise nodes.SkipNode


def _add_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Load the explorer script and style only on pages that have an explorer."""
    if doctree is not None and any(True for _ in doctree.findall(explorer)):
        app.add_js_file(JS_FILE)
        app.add_css_file(CSS_FILE)


# ---------------------------------------------------------------- other builders


class ExplorerStrip(SphinxPostTransform):
    """For builders other than HTML: a row of a few frames, as small multiples."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.format == "html":
            return
        for node in list(self.document.findall(explorer)):
            images = list(node.findall(nodes.image))
            n = len(images)
            count = min(STRIP_FRAMES, n)
            picks = sorted({round(i * (n - 1) / max(count - 1, 1)) for i in range(count)})
            strip = nodes.container(classes=["ce-explorer-strip"])
            row = nodes.paragraph()  # inline images: side by side
            for i in picks:
                image = images[i].deepcopy()
                image["width"] = f"{96 // len(picks)}%"
                row += image
            strip += row
            strip += nodes.paragraph(text=f"{node['title']} (frames of an interactive figure)")
            node.replace_self(strip)


def _skip(translator: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _add_static_path(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC_DIR))


def _switch_off_thebe(app: Sphinx, config: Any) -> None:
    """Stop sphinx-thebe from adding anything to the pages.

    Jupyter Book 1 always loads sphinx-thebe, which puts on every page an inline
    script naming ``https://unpkg.com/thebe@.../lib/index.js`` and a Binder
    configuration. The book runs no kernel and must not name scripts on other
    hosts, so its listeners are disconnected and its stylesheet unregistered.
    """
    for event, listeners in app.events.listeners.items():
        for listener in list(listeners):
            if (
                getattr(listener.handler, "__module__", "") == "sphinx_thebe"
                and event != "builder-inited"
            ):
                app.disconnect(listener.id)
    app.registry.css_files[:] = [
        (name, attributes)
        for name, attributes in app.registry.css_files
        if "thebe" not in str(name)
    ]


_FONT_URL = re.compile(r"url\((['\"]?)([^'\")]+\.(woff2|woff))\1\)")


def inline_web_fonts(static_dir: Path) -> int:
    """Embed the web fonts that stylesheets under ``static_dir`` load, as ``data:`` URLs.

    Chromium refuses fonts loaded from ``file://`` pages (CORS), so a book opened
    from disk would log errors and lose its icon font. Themes that load their
    icons as fonts (pydata-sphinx-theme before 0.16) get them embedded; others
    are left alone. Returns the number of fonts embedded.
    """
    embedded = 0
    for css in static_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="surrogateescape")

        def embed(match: re.Match, folder: Path = css.parent) -> str:
            nonlocal embedded
            font = (folder / match.group(2)).resolve()
            if match.group(2).startswith(("data:", "http:", "https:", "//")) or not font.is_file():
                return match.group(0)
            embedded += 1
            data = base64.b64encode(font.read_bytes()).decode("ascii")
            return f"url(data:font/{match.group(3)};base64,{data})"

        new = _FONT_URL.sub(embed, text)
        if new != text:
            css.write_text(new, encoding="utf-8", errors="surrogateescape")
    return embedded


_FONT_PRELOAD = re.compile(r'<link rel="preload" as="font"[^>]*>\s*')


def _inline_web_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Embed the theme's icon fonts; drop the pages' preload hints for them, now unused."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if inline_web_fonts(outdir / "_static"):
        for page in outdir.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            if 'as="font"' in text:
                page.write_text(_FONT_PRELOAD.sub("", text), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the explorer node, its HTML rendering and its static assets."""
    app.add_node(
        explorer,
        html=(visit_explorer_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_post_transform(ExplorerStrip)
    app.connect("config-inited", _add_static_path)
    app.connect("html-page-context", _add_page_assets)
    app.connect("config-inited", _switch_off_thebe)
    app.connect("build-finished", _inline_web_fonts)
    return {
        "version": crossentropy.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
