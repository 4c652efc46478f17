"""An explorer as vectors: its fixed part once as SVG, and each position as its moving artists.

The static book's explorers are drawn by the same :class:`~crossentropy.book.plots.View`
as the live ones, split the same way: what :meth:`View.draw` makes once, and the
artists in :attr:`View.moving` that :meth:`View.update` changes.
:func:`vector_frames` renders that split with matplotlib's own SVG backend (text kept
as text, so that it stays sharp and selectable and follows the page's theme):

* the fixed part, once, as the body of an ``<svg>``;
* for each position of :meth:`Explorer.grid`, the SVG of each moving artist only,
  each distinct fragment stored once (a control that moves one panel leaves the
  other panel's fragments shared by every position);
* raster artists (an ``imshow``, such as decision regions) as WebP images at twice
  the figure's largest displayed size, referenced from the fragments as ``ce-image:N``.

Each explorer is drawn in two :data:`LAYOUTS`: ``wide``, the view's own figure, and
``narrow``, 3.6 inches wide with the view's panels stacked in a column, so that on a
phone the figure fits the screen and its text keeps its size. The page's one
generic script (``crossentropy-explorer.js``) shows the layout that fits and, for a
new position, puts that position's fragments in the figure's moving group: no
drawing code of its own, and no request on the way from a slider to the figure.

Examples
--------
>>> import crossentropy as ce
>>> frames = vector_frames(ce.explorers.surprisal(), "wide")
>>> len(frames.frames) == len(ce.explorers.surprisal().grid())
True
>>> frames.body.startswith("<defs>"), "<text" in frames.body
(True, True)
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from crossentropy.book.explorers import Explorer, _flatten
from crossentropy.book.style import RC

__all__ = [
    "CSS_PX_PER_INCH",
    "IMAGE_DPI",
    "LAYOUTS",
    "NARROW_MIN_FONT_SIZE",
    "NARROW_PANEL_HEIGHT",
    "NARROW_WIDTH",
    "StackedFigure",
    "VectorFrames",
    "vector_frames",
]

#: The layouts every explorer is drawn in: the view's own figure, and one for phones.
LAYOUTS = ("wide", "narrow")

#: The narrow layout's width, in inches.
NARROW_WIDTH = 3.6

#: The height of each panel in the narrow layout, in inches, for two panels or fewer
#: (an axis label up to about 2.5 inches long fits beside it), and for three or more.
NARROW_PANEL_HEIGHT = (2.8, 2.3)

#: The smallest font size in the narrow layout, in points (10 CSS px or more on a phone).
NARROW_MIN_FONT_SIZE = 9

#: CSS pixels per inch of a figure shown at its full size (as the PNG frames, at 100 dpi).
CSS_PX_PER_INCH = 100

#: Pixels per inch of the raster artists: twice the figure's largest displayed size.
IMAGE_DPI = 2 * CSS_PX_PER_INCH

#: SVG units (points) per inch: matplotlib draws vector output at 72 dpi.
_SVG_DPI = 72

#: The style of the vector figures: the book's, with text written as SVG text.
_SVG_RC = RC | {"svg.fonttype": "none"}

_FLOAT = re.compile(r"-?\d+\.\d+")
_GEOMETRY = re.compile(r'\b(d|transform|x|y|width|height)="([^"]*)"')
_FONT_FAMILY = re.compile(r"font-family: [^;\"]*")
_GROUP_ID = re.compile(r'<g id="[^"]*"')
_PNG_URI = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")
_CLIP_PATH = re.compile(r'<clipPath id="([^"]+)">.*?</clipPath>', re.S)
_BETWEEN_TAGS = re.compile(r">\s+<")


class StackedFigure(Figure):
    """A figure whose ``subplots(1, n)`` is a column of ``n`` panels (the narrow layout).

    A view asks for its panels side by side; on a phone they stack, in the same
    order, so that each keeps a readable width. Everything else is a plain figure.

    Examples
    --------
    >>> fig = StackedFigure(figsize=(3.6, 5.2))
    >>> left, right = fig.subplots(1, 2, width_ratios=[1, 2])
    >>> left.get_subplotspec().rowspan, right.get_subplotspec().rowspan
    (range(0, 1), range(1, 2))
    """

    panels = 1

    def subplots(  # type: ignore[override]
        self, nrows: int = 1, ncols: int = 1, **kwargs: Any
    ) -> Any:
        """A column of ``ncols`` panels for a row of them; any other grid as asked."""
        if nrows == 1 and ncols > 1:
            kwargs.pop("width_ratios", None)
            self.panels = ncols
            return super().subplots(ncols, 1, **kwargs)
        self.panels = nrows
        return super().subplots(nrows, ncols, **kwargs)


@dataclass
class VectorFrames:
    """An explorer in one layout: its fixed SVG and the fragments of every position.

    Attributes
    ----------
    layout : str
        One of :data:`LAYOUTS`.
    width, height : float
        The figure's size in inches (its SVG ``viewBox`` is in points, 72 per inch).
    body : str
        The inside of the ``<svg>`` for the fixed part: its definitions (clip paths)
        and every artist that does not move.
    parts : list of str
        Every distinct SVG fragment of a moving artist, at any position.
    frames : list of list of int
        For each position of :meth:`Explorer.grid`, the indices in :attr:`parts`
        of its moving artists, in drawing order.
    images : list of str
        ``data:image/webp`` URIs of the raster artists; a fragment refers to the
        ``N``-th as ``ce-image:N``.
    """

    layout: str
    width: float
    height: float
    body: str
    parts: list[str] = field(default_factory=list)
    frames: list[list[int]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)

    @property
    def viewbox(self) -> str:
        """The ``viewBox`` of the figure's ``<svg>``."""
        return f"0 0 {_SVG_DPI * self.width:g} {_SVG_DPI * self.height:g}"

    def moving(self, index: int) -> str:
        """The moving artists at position ``index``, as SVG, images included."""
        svg = "".join(self.parts[k] for k in self.frames[index])
        return re.sub(r"ce-image:(\d+)", lambda m: self.images[int(m.group(1))], svg)

    def payload(self, alts: list[str]) -> dict[str, Any]:
        """What the page's script loads for this layout: compressed fragments and images.

        ``frames`` holds ``{"parts", "frames", "alts"}`` as gzip-compressed JSON in
        base64 (the browser inflates it with ``DecompressionStream``); ``images``
        are the WebP data URIs, outside the compressed part (already compressed).

        Examples
        --------
        >>> import crossentropy as ce
        >>> ex = ce.explorers.surprisal()
        >>> payload = vector_frames(ex, "narrow").payload([ex.alt_text(v) for v in ex.grid()])
        >>> sorted(payload), payload["layout"]
        (['frames', 'images', 'layout'], 'narrow')
        """
        data = {"parts": self.parts, "frames": self.frames, "alts": alts}
        raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        packed = base64.b64encode(gzip.compress(raw, 9, mtime=0)).decode("ascii")
        return {"layout": self.layout, "frames": packed, "images": self.images}


def _round_geometry(svg: str) -> str:
    """Geometry to 0.1 pt (a tenth of a CSS pixel or finer); text and styles untouched."""

    def attribute(match: re.Match[str]) -> str:
        value = _FLOAT.sub(lambda m: f"{float(m.group()):.1f}".rstrip("0").rstrip("."), match[2])
        return f'{match[1]}="{value}"'

    return _GEOMETRY.sub(attribute, svg)


def _tidy(svg: str) -> str:
    """Compact matplotlib's SVG: rounded geometry, one short font list, no group ids."""
    svg = _round_geometry(svg)
    svg = _FONT_FAMILY.sub("font-family: 'DejaVu Sans', 'Bitstream Vera Sans', sans-serif", svg)
    svg = _GROUP_ID.sub("<g", svg)  # ids matplotlib numbers per figure; the page has many
    return _BETWEEN_TAGS.sub("><", svg.strip())


class _Images:
    """The raster artists' images, re-encoded as WebP, each distinct one stored once."""

    def __init__(self) -> None:
        self.uris: list[str] = []
        self._index: dict[str, int] = {}

    def extract(self, svg: str) -> str:
        """``svg`` with each PNG data URI replaced by ``ce-image:N``."""

        def replace(match: re.Match[str]) -> str:
            png = base64.b64decode("".join(match[1].split()))
            buffer = io.BytesIO()
            Image.open(io.BytesIO(png)).convert("RGB").save(buffer, "WEBP", quality=82, method=6)
            uri = "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode()
            if uri not in self._index:
                self._index[uri] = len(self.uris)
                self.uris.append(uri)
            return f"ce-image:{self._index[uri]}"

        return _PNG_URI.sub(replace, svg)


def _figure(ex: Explorer, layout: str) -> tuple[Figure, Any, list[Artist]]:
    """A new figure of the explorer's view in ``layout``, laid out once and then frozen."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, got {layout!r}")
    if layout == "wide":
        fig = Figure(figsize=ex.view_class.figsize, dpi=_SVG_DPI, layout="constrained")
    else:
        fig = StackedFigure(
            figsize=(NARROW_WIDTH, NARROW_PANEL_HEIGHT[0]), dpi=_SVG_DPI, layout="constrained"
        )
    FigureCanvasSVG(fig)
    view = ex.view_class(fig, **ex.args)
    if isinstance(fig, StackedFigure):
        panel = NARROW_PANEL_HEIGHT[0] if fig.panels <= 2 else NARROW_PANEL_HEIGHT[1]
        fig.set_size_inches(NARROW_WIDTH, panel * fig.panels + 0.2)
    moving = _flatten(view.moving)
    if isinstance(fig, StackedFigure):  # a phone shows the figure at about 1.15 px per pt
        for text in fig.findobj(Text):
            text.set_fontsize(max(text.get_fontsize(), NARROW_MIN_FONT_SIZE))
    # The one layout pass leaves room for each readout's longest text, at any position;
    # in the narrow layout, a readout wider than a phone wraps at the figure's edge.
    texts = [artist for artist in moving if isinstance(artist, Text)]
    longest = dict.fromkeys(texts, "")
    for values in ex.grid():
        _update(view, values, texts)
        for text in texts:
            longest[text] = max(longest[text], text.get_text(), key=len)
    for text in texts:
        text.set_text(longest[text])
    fig.savefig(io.BytesIO(), format="svg")
    fig.set_layout_engine("none")
    _update(view, ex.values, texts)
    return fig, view, moving


def _update(view: Any, values: dict[str, float], texts: list[Text]) -> None:
    """Move the view to ``values``; in the narrow layout, wrap each text to the figure."""
    view.update(**values)
    if isinstance(view.fig, StackedFigure):
        for text in texts:
            _wrap(text)


def _wrap(text: Text) -> None:
    """Break ``text`` at spaces so that every line fits between its anchor and the figure's edge.

    matplotlib's own ``Text.set_wrap`` misplaces an axes title that wraps; this keeps
    the anchor and only inserts line breaks, which the layout pass then makes room for.
    """
    fig = text.get_figure(root=True)
    assert fig is not None  # every moving text is in the view's figure
    x = text.get_transform().transform(text.get_unitless_position())[0]
    room = {
        "left": fig.bbox.x1 - x,
        "right": x - fig.bbox.x0,
        "center": 2 * min(x - fig.bbox.x0, fig.bbox.x1 - x),
    }[text.get_horizontalalignment()] - 2  # a margin of 2 pt
    renderer = RendererAgg(int(fig.bbox.width), int(fig.bbox.height), fig.dpi)
    font = text.get_fontproperties()

    def width(line: str) -> float:
        return float(renderer.get_text_width_height_descent(line, font, ismath=False)[0])

    lines = []
    for line in text.get_text().split("\n"):
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and width(candidate) > room:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    text.set_text("\n".join(lines))


def _svg_body(svg: str) -> str:
    """The inside of matplotlib's ``<svg>``: no prolog, metadata or global style sheet."""
    start = svg.index(">", svg.index("<svg")) + 1
    body = svg[start : svg.rindex("</svg>")]
    body = re.sub(r"<metadata>.*?</metadata>", "", body, flags=re.S)
    # matplotlib's `* {stroke-linejoin: round; stroke-linecap: butt}` would style the whole
    # page; the page's stylesheet sets both on the figure's <svg> instead.
    return re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", body, flags=re.S)


def vector_frames(ex: Explorer, layout: str = "wide") -> VectorFrames:
    """Render the fixed part of ``ex`` once and the moving artists at every position.

    Parameters
    ----------
    ex : Explorer
        The explorer to render (its view is built anew, apart from the live one).
    layout : {"wide", "narrow"}
        ``wide``: the view's own figure; ``narrow``: 3.6 inches wide, panels stacked.

    Returns
    -------
    VectorFrames

    Raises
    ------
    ValueError
        If ``layout`` is not one of :data:`LAYOUTS`.

    Examples
    --------
    >>> import crossentropy as ce
    >>> ex = ce.explorers.binary_entropy()
    >>> wide, narrow = vector_frames(ex, "wide"), vector_frames(ex, "narrow")
    >>> narrow.width, narrow.height > wide.height
    (3.6, True)
    >>> len(wide.frames) == len(narrow.frames) == len(ex.grid())  # one entry per position
    True
    """
    images = _Images()
    with mpl.rc_context(_SVG_RC):
        fig, view, moving = _figure(ex, layout)
        visible = [artist.get_visible() for artist in moving]
        # Drawing the axes moves a title that is a readout (above what it finds there);
        # each text keeps the place the layout pass gave it.
        places = [text.get_position() for text in moving if isinstance(text, Text)]
        for artist in moving:
            artist.set_visible(False)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", dpi=IMAGE_DPI, metadata={"Date": None})
        for artist, shown in zip(moving, visible, strict=True):
            artist.set_visible(shown)
        for text, place in zip([t for t in moving if isinstance(t, Text)], places, strict=True):
            text.set_position(place)
        body = _svg_body(buffer.getvalue())
        width, height = (float(x) for x in fig.get_size_inches())
        result = VectorFrames(layout, width, height, "")
        index: dict[str, int] = {}
        clips = {m[1]: m[0] for m in _CLIP_PATH.finditer(body)}
        texts = [artist for artist in moving if isinstance(artist, Text)]
        for values in ex.grid():
            _update(view, values, texts)
            frame = []
            out = io.StringIO()
            renderer = RendererSVG(_SVG_DPI * width, _SVG_DPI * height, out, image_dpi=IMAGE_DPI)
            renderer.writer.flush()
            for artist in moving:
                start = out.tell()
                artist.draw(renderer)
                renderer.writer.flush()
                part = images.extract(_tidy(out.getvalue()[start:]))
                out.seek(0, io.SEEK_END)
                if part not in index:
                    index[part] = len(result.parts)
                    result.parts.append(part)
                frame.append(index[part])
            renderer.finalize()  # the clip paths the fragments refer to
            for m in _CLIP_PATH.finditer(out.getvalue()):
                clips.setdefault(m[1], m[0])
            result.frames.append(frame)
    fixed = _tidy(_CLIP_PATH.sub("", body)).replace("<defs></defs>", "")
    result.body = "<defs>" + "".join(_tidy(c) for c in clips.values()) + "</defs>" + fixed
    result.images = images.uris
    return result
