"""Explorers: spec round trip, frames, the update path, and the live widget."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest
from PIL import Image

from crossentropy.book.explorers import EXPLORERS, MIME_TYPE, Control, Explorer


@pytest.fixture(params=sorted(EXPLORERS))
def explorer(request) -> Explorer:
    return EXPLORERS[request.param]()


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_spec_is_json_and_round_trips(explorer):
    spec = explorer.spec()
    assert json.loads(json.dumps(spec)) == spec
    assert Explorer.from_spec(spec).spec() == spec


def test_every_explorer_is_exported_and_documented():
    from crossentropy.book import explorers

    assert set(EXPLORERS) <= set(explorers.__all__)
    for name in EXPLORERS:
        assert explorers.EXPLORERS[name] is getattr(explorers, name)
        assert "Examples" in explorers.EXPLORERS[name].__doc__


def test_spec_errors():
    spec = EXPLORERS["surprisal"]().spec()
    with pytest.raises(ValueError, match="unsupported explorer spec version"):
        Explorer.from_spec(spec | {"version": 99})
    with pytest.raises(ValueError, match="unknown explorer 'nope'"):
        Explorer.from_spec(spec | {"explorer": "nope"})


def test_grid_enumerates_every_combination_in_frame_order(explorer):
    grid = explorer.grid()
    sizes = [len(c.values()) for c in explorer.controls]
    assert len(grid) == int(np.prod(sizes))
    for i in (0, len(grid) // 2, len(grid) - 1):
        assert explorer.frame_index(grid[i]) == i


def some_values(explorer: Explorer) -> list[dict[str, float]]:
    grid = explorer.grid()
    return [grid[-1], grid[len(grid) // 3], grid[0]]


def test_update_path_draws_what_a_fresh_build_draws(explorer):
    # Render several frames with one figure (artists updated in place), then
    # compare each with a figure built from scratch at those values.
    for values in some_values(explorer):
        updated = explorer.render(values)
        spec = explorer.spec()
        for control in spec["controls"]:
            control["value"] = values[control["name"]]
        fresh = Explorer.from_spec(spec).render()
        np.testing.assert_array_equal(pixels(updated), pixels(fresh))


def test_frames_change_with_the_control(explorer):
    first, *_, last = explorer.grid()
    assert not np.array_equal(pixels(explorer.render(first)), pixels(explorer.render(last)))
    assert explorer.alt_text(first) != explorer.alt_text(last)


def test_fast_render_is_the_same_picture(explorer):
    values = explorer.grid()[1]
    a = pixels(explorer.render(values))
    b = pixels(explorer.render(values, fast=True))
    # The small PNG uses a 128-colour palette: nearly the same pixels.
    assert a.shape == b.shape
    assert np.abs(a.astype(int) - b.astype(int)).mean() < 2


def test_mime_bundle(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle[MIME_TYPE] == explorer.spec()
    assert bundle["text/plain"] == explorer.describe()
    assert "\n" not in bundle["text/plain"]
    image = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    assert image.format == "PNG"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_frames_are_small(explorer):
    sizes = [len(explorer.render(v)) for v in some_values(explorer)]
    assert max(sizes) < 40_000


def test_live_widget_holds_a_frame_per_position_linked_in_the_page(explorer):
    box = explorer.widget()
    sliders, frames = box.children[:-1], box.children[-1]
    assert len(sliders) == len(explorer.controls)
    assert [len(s.options) for s in sliders] == [len(c.values()) for c in explorer.controls]
    # One Image per position, reached through one Stack per control...
    images, level, stacks = [], [frames], []
    for _ in explorer.controls:
        stacks.append(level)
        level = [child for stack in level for child in stack.children]
    images = level
    assert len(images) == len(explorer.grid())
    # ... whose selected_index each slider sets in the browser (jslink), not the kernel.
    linked = {(link.source[0].model_id, link.target[0].model_id) for link in box.links}
    for slider, level in zip(sliders, stacks, strict=True):
        for stack in level:
            assert (slider.model_id, stack.model_id) in linked
            assert stack.selected_index == slider.index
    # Only the starting frame is drawn before a reader touches a slider.
    blank = box.frames.blank
    start = explorer.frame_index(explorer.values)
    assert images[start].value == explorer.render(fast=True)
    assert sum(image.value != blank for image in images) == 1
    assert box.frames.filling is None


def test_live_widget_draws_the_frame_a_slider_reaches_then_the_rest(explorer):
    box = explorer.widget()
    sliders, images = box.children[:-1], box.frames.images
    blank = box.frames.blank
    start = explorer.frame_index(explorer.values)
    control = explorer.controls[0]
    last = len(control.values()) - 1
    sliders[0].index = last if sliders[0].index != last else 0
    assert explorer.values[control.name] == control.values()[sliders[0].index]
    reached = explorer.frame_index(explorer.values)
    assert images[reached].value != blank  # drawn before the change returned
    box.frames.filling.join(timeout=60)
    grid = explorer.grid()
    assert images[reached].value == explorer.render(grid[reached], fast=True)
    assert all(image.value != blank for image in images)
    for i in (0, len(grid) // 2, len(grid) - 1):
        if i not in (reached, start):  # those two were drawn for speed, the rest for size
            assert images[i].value == explorer.render(grid[i])


def test_control_values_are_exact_decimals():
    assert Control("p", "p", 0.01, 1.0, 0.01, 0.5).values()[-1] == 1.0
    assert Control("p", "p", 0.01, 1.0, 0.01, 0.29).values()[28] == 0.29
    assert Control("t", "t", -2.0, 2.0, 0.5, 0.0).values() == [
        -2.0,
        -1.5,
        -1.0,
        -0.5,
        0.0,
        0.5,
        1.0,
        1.5,
        2.0,
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0.0, 1.0, 0.0, 0.5), "step must be positive"),
        ((1.0, 0.0, 0.1, 0.5), "start must be below stop"),
        ((0.0, 1.0, 0.3, 0.3), "multiple of step"),
        ((0.0, 1.0, 0.1, 1.5), "outside"),
    ],
)
def test_control_validation(args, message):
    with pytest.raises(ValueError, match=message):
        Control("p", "p", *args)


def test_initial_value_snaps_to_the_grid():
    explorer = EXPLORERS["surprisal"](p=0.253)
    assert explorer.values == {"p": 0.25}


def _state(artist):
    """What an artist shows, for the artist types the views move."""
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text

    if isinstance(artist, Line2D):
        return artist.get_xydata().tobytes(), artist.get_visible()
    if isinstance(artist, Text):
        return artist.get_text(), tuple(artist.get_position()), artist.get_visible()
    if isinstance(artist, Rectangle):
        return artist.get_xy(), artist.get_width(), artist.get_height(), artist.get_alpha()
    if isinstance(artist, Collection):
        return tuple(np.asarray(p.vertices).tobytes() for p in artist.get_paths()), bytes(
            np.asarray(artist.get_offsets()).tobytes()
        )
    if isinstance(artist, AxesImage):
        return np.asarray(artist.get_array()).tobytes()
    return None


def test_every_artist_that_changes_is_declared_moving(explorer):
    # Frames are drawn by restoring a background and drawing only view.moving; an
    # artist that update() changes but that is not declared would stay frozen.
    view = explorer.view()
    moving = {id(a) for a in explorer._moving}
    grid = explorer.grid()
    for before, after in [(grid[0], grid[-1]), (grid[-1], grid[len(grid) // 2])]:
        view.update(**before)
        states = {id(a): _state(a) for a in view.fig.findobj()}
        view.update(**after)
        changed = [
            a for a in view.fig.findobj() if id(a) not in moving and _state(a) != states.get(id(a))
        ]
        assert changed == [], f"{explorer.name}: undeclared moving artists {changed}"


@pytest.mark.parametrize("name", ["surprisal", "softmax_regression"])
def test_live_frames_are_lossless_pngs(name):
    from crossentropy.book.explorers import _png

    explorer = EXPLORERS[name]()
    rgba = explorer._draw(explorer.values)
    data = _png(rgba, fast=True)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    decoded = Image.open(io.BytesIO(data))
    assert decoded.mode == "RGB"
    np.testing.assert_array_equal(np.asarray(decoded), rgba[..., :3])
    noise = np.random.default_rng(0).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    np.testing.assert_array_equal(
        np.asarray(Image.open(io.BytesIO(_png(noise, fast=True)))), noise[..., :3]
    )
