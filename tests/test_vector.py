"""The explorers drawn as vectors (crossentropy.book.vector), for the static book."""

from __future__ import annotations

import base64
import functools
import gzip
import html
import io
import json
import re
import xml.etree.ElementTree as ET

import matplotlib as mpl
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.legend import Legend
from matplotlib.text import Text
from PIL import Image

from crossentropy.book import vector
from crossentropy.book.explorers import EXPLORERS

NAMES = sorted(EXPLORERS)
SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


@functools.cache
def rendered(name: str, layout: str) -> vector.VectorFrames:
    return vector.vector_frames(EXPLORERS[name](), layout)


def parse(frames: vector.VectorFrames, index: int) -> ET.Element:
    """The whole figure at ``index`` as XML (raises if any fragment is malformed)."""
    inside = f"{frames.body}<g>{frames.moving(index)}</g>"
    svg = f'<svg {SVG_NS} viewBox="{frames.viewbox}">{inside}</svg>'
    return ET.fromstring(svg)


@pytest.mark.parametrize("layout", vector.LAYOUTS)
@pytest.mark.parametrize("name", NAMES)
def test_every_position_is_a_well_formed_figure(name, layout):
    frames = rendered(name, layout)
    grid = EXPLORERS[name]().grid()
    assert len(frames.frames) == len(grid)
    assert all(0 <= k < len(frames.parts) for frame in frames.frames for k in frame)
    assert len({len(frame) for frame in frames.frames}) == 1  # one fragment per moving artist
    for index in {0, len(grid) // 2, len(grid) - 1}:
        parse(frames, index)
    # No global style sheet, no metadata (a date), no group ids that would repeat on a page.
    assert "<style" not in frames.body and "<metadata" not in frames.body
    assert not re.search(r'<g id="(figure|axes|line2d|patch|text)_\d+"', frames.body)
    assert all('<g id="' not in part for part in frames.parts)
    # Every clip path a fragment uses is defined in the fixed part.
    used = {u for part in frames.parts for u in re.findall(r"url\(#([^)]+)\)", part)}
    defined = set(re.findall(r'<clipPath id="([^"]+)"', frames.body))
    assert used <= defined


@pytest.mark.parametrize("name", NAMES)
def test_each_position_shows_the_views_own_readouts(name):
    # The fragments are the view's drawing at that position: every moving text the
    # view sets for a position is in that position's SVG, and nowhere does the
    # text of another position appear instead.
    ex = EXPLORERS[name]()
    frames = rendered(name, "wide")
    grid = ex.grid()
    view = ex.view()
    texts = [a for a in vector._flatten(view.moving) if isinstance(a, Text)]
    assert texts, f"{name} has no moving text"
    for index in {0, len(grid) // 3, len(grid) - 1}:
        view.update(**grid[index])
        svg = frames.moving(index)
        shown = " ".join(html.unescape(t) for t in re.findall(r">([^<>]*)</text>", svg))
        for text in texts:
            for line in text.get_text().split("\n"):
                for word in line.split():
                    assert word in shown, (name, index, word)


@pytest.mark.parametrize("layout", vector.LAYOUTS)
@pytest.mark.parametrize("name", NAMES)
def test_text_and_legends_stay_inside_the_figure(name, layout):
    # On a phone a readout wider than the figure would be cut off at its edge.
    ex = EXPLORERS[name]()
    with mpl.rc_context(vector._SVG_RC):
        fig, view, moving = vector._figure(ex, layout)
        renderer = RendererAgg(int(fig.bbox.width), int(fig.bbox.height), fig.dpi)
        texts = [a for a in moving if isinstance(a, Text)]
        grid = ex.grid()
        for values in [*grid[:: max(1, len(grid) // 12)], grid[-1]]:
            vector._update(view, values, texts)
            labels = [t for ax in fig.axes for t in (ax.xaxis.label, ax.yaxis.label, ax.title)]
            moved = [t for a in moving for t in a.findobj(Text)]
            for artist in [*moved, *labels, *fig.findobj(Legend)]:
                if not artist.get_visible() or (isinstance(artist, Text) and not artist.get_text()):
                    continue
                box = artist.get_window_extent(renderer)
                inside = (
                    box.x0 >= fig.bbox.x0 - 1
                    and box.x1 <= fig.bbox.x1 + 1
                    and box.y0 >= fig.bbox.y0 - 1
                    and box.y1 <= fig.bbox.y1 + 1
                )
                label = artist.get_text() if isinstance(artist, Text) else "a legend"
                assert inside, (name, layout, values, label[:50], box.bounds)


def test_the_narrow_layout_stacks_the_panels_at_phone_width():
    wide, narrow = rendered("softmax_logit", "wide"), rendered("softmax_logit", "narrow")
    assert narrow.width == vector.NARROW_WIDTH < wide.width
    # Three panels side by side become three panels one above the other.
    assert narrow.height == pytest.approx(3 * vector.NARROW_PANEL_HEIGHT[1] + 0.2)
    assert narrow.height > 2 * wide.height


def test_payload_round_trips_and_is_deterministic():
    ex = EXPLORERS["binary_channel"]()
    alts = [ex.alt_text(v) for v in ex.grid()]
    frames = rendered("binary_channel", "narrow")
    payload = frames.payload(alts)
    data = json.loads(gzip.decompress(base64.b64decode(payload["frames"])))
    assert data == {"parts": frames.parts, "frames": frames.frames, "alts": alts}
    again = vector.vector_frames(EXPLORERS["binary_channel"](), "narrow")
    assert again.payload(alts) == payload and again.body == frames.body


def test_raster_artists_are_webp_at_twice_their_full_displayed_size():
    frames = rendered("softmax_regression", "wide")
    assert len(frames.images) == len(frames.frames)  # the decision regions move
    svg = frames.moving(7)
    image = re.search(r'<image[^>]*width="([\d.]+)"[^>]*height="([\d.]+)"', svg)
    assert image, "no raster in the moving artists"
    width_pt, height_pt = float(image[1]), float(image[2])
    uri = frames.images[int(re.search(r"ce-image:(\d+)", "".join(frames.parts)).group(1))]
    assert uri.startswith("data:image/webp;base64,")
    pixels = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).size
    # Shown at most at 100 CSS px per inch, that is 100/72 CSS px per SVG unit.
    shown = (width_pt * 100 / 72, height_pt * 100 / 72)
    assert pixels[0] >= 2 * shown[0] - 2 and pixels[1] >= 2 * shown[1] - 2, (pixels, shown)


def test_every_explorer_fits_the_position_budget():
    # The whole payload a page loads for one explorer, in either layout (the browser
    # tests measure what each page really fetches, against 300 KB for all its explorers).
    for name in NAMES:
        ex = EXPLORERS[name]()
        alts = [ex.alt_text(v) for v in ex.grid()]
        for layout in vector.LAYOUTS:
            size = len(json.dumps(rendered(name, layout).payload(alts)))
            assert size < 200_000, (name, layout, size)


def test_an_unknown_layout_is_a_clear_error():
    with pytest.raises(ValueError, match="layout must be one of wide, narrow, got 'square'"):
        vector.vector_frames(EXPLORERS["surprisal"](), "square")
