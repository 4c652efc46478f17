"""The built book in a real headless Chromium: clean pages, typeset maths, moving explorers.

Every test runs twice, against the site served on 127.0.0.1 and opened from
``file://`` (as a reader who downloaded the book would).
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.site.conftest import PAGES

LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("file", "data", "blob", "about") or parsed.hostname in LOCAL_HOSTS


#: A phone: 360 x 740 CSS px, device pixel ratio 2, touch.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


class Visit:
    """One page in a fresh browser context, with what it logged and requested."""

    def __init__(self, browser, url: str, **context) -> None:
        context = context or {"viewport": {"width": 1280, "height": 900}}
        self.context = browser.new_context(**context)
        self.errors: list[str] = []
        self.remote: list[str] = []

        def route(route):
            if is_local(route.request.url):
                route.continue_()
            else:  # never let a request leave the machine; record it
                self.remote.append(route.request.url)
                route.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: is_local(r.url) or self.remote.append(r.url))
        # A local request that fails is an error, except a load the page itself cancelled
        # (an explorer's frame replaced before it arrived: net::ERR_ABORTED).
        self.page.on(
            "requestfailed",
            lambda r: (
                is_local(r.url)
                and "ERR_ABORTED" not in str(r.failure)
                and self.errors.append(f"failed: {r.url} {r.failure}")
            ),
        )
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    visits = []

    def open_page(url: str, **context) -> Visit:
        v = Visit(browser, url, **context)
        visits.append(v)
        return v

    yield open_page
    for v in visits:
        v.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_without_errors_or_remote_requests(visit, base_url, page):
    v = visit(base_url + page)
    v.page.wait_for_timeout(300)
    assert v.errors == []
    assert v.remote == []
    assert v.page.title()


@pytest.mark.parametrize("page", PAGES)
def test_formulae_are_typeset(visit, base_url, page):
    v = visit(base_url + page)
    n_math = v.page.locator("article .math").count()
    if n_math == 0:
        assert "$$" not in v.page.inner_text("article")
        return
    v.page.wait_for_function(
        "() => [...document.querySelectorAll('article .math')]"
        ".every(e => e.querySelector('mjx-container'))",
        timeout=20_000,
    )
    text = v.page.evaluate(
        "() => { const a = document.querySelector('article').cloneNode(true);"
        " a.querySelectorAll('pre, code, mjx-container, script').forEach(e => e.remove());"
        " return a.innerText; }"
    )
    for raw in ("$$", "\\(", "\\[", "\\frac", "\\log"):
        assert raw not in text, f"raw LaTeX {raw!r} left on {page}"


# The chapters, book/NN_name.html (from chapter 10 on too, not only book/0N_...).
EXPLORER_PAGES = [p for p in PAGES if re.match(r"book/\d\d_", p)]


def explorer_state(v: Visit, index: int) -> dict:
    """What explorer ``index`` shows: its position, readouts, figure and alt text."""
    return v.page.evaluate(
        """(i) => {
            const f = document.querySelectorAll('figure.ce-explorer')[i];
            const svg = [...f.querySelectorAll('svg.ce-explorer-frame')]
                .find(s => s.getClientRects().length);
            return {
                frame: Number(f.dataset.frame),
                ready: f.dataset.ready,
                layout: svg.dataset.layout,
                moving: svg.querySelector('g.ce-explorer-moving').innerHTML,
                alt: svg.getAttribute('aria-label'),
                values: [...f.querySelectorAll('output')].map(o => o.textContent),
                positions: [...f.querySelectorAll('input')].map(i => Number(i.value)),
                data: JSON.parse(f.querySelector('script.ce-explorer-data').textContent),
            };
        }""",
        index,
    )


def wait_ready(v: Visit, index: int) -> None:
    """Wait until explorer ``index`` has loaded the payload of the layout it shows."""
    v.page.wait_for_function(
        "(i) => document.querySelectorAll('figure.ce-explorer')[i].dataset.ready === 'true'",
        arg=index,
        timeout=10_000,
    )


def expected_frame(data: dict, positions: list[int]) -> int:
    index = 0
    for control, position in zip(data["controls"], positions, strict=True):
        index = index * len(control["values"]) + position
    return index


def payload_alts(site: Path, page: str, data: dict, layout: str) -> list[str]:
    """The alt text of every position, read from the payload file the page names."""
    source = (site / page).parent / data["sources"][layout]
    script = source.read_text()
    payload = json.loads(script[script.index(", ") + 2 : script.rindex(");")])
    return json.loads(gzip.decompress(base64.b64decode(payload["frames"])))["alts"]


@pytest.mark.parametrize("page", EXPLORER_PAGES)
def test_explorers_move_with_keyboard_and_pointer(visit, base_url, site, page):
    v = visit(base_url + page)
    figures = v.page.locator("figure.ce-explorer")
    assert figures.count() >= 1, f"no explorer on {page}"
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        wait_ready(v, i)
        state = explorer_state(v, i)
        data = state["data"]
        assert state["layout"] == "wide"
        alts = payload_alts(site, page, data, "wide")
        inputs = figure.locator("input.ce-explorer-range")
        for k in range(inputs.count()):
            slider = inputs.nth(k)
            n = len(data["controls"][k]["values"])
            # Keyboard: Home, then one step right, then End.
            slider.focus()
            v.page.keyboard.press("Home")
            first = explorer_state(v, i)
            assert first["positions"][k] == 0
            assert first["values"][k] == data["controls"][k]["shown"][0]
            v.page.keyboard.press("ArrowRight")
            step = explorer_state(v, i)
            assert step["positions"][k] == 1
            assert step["frame"] == expected_frame(data, step["positions"]) != first["frame"]
            assert step["moving"] != first["moving"]
            assert step["values"][k] != first["values"][k]
            assert step["alt"] == alts[step["frame"]]
            v.page.keyboard.press("End")
            last = explorer_state(v, i)
            assert last["positions"][k] == n - 1
            assert last["values"][k] == data["controls"][k]["shown"][-1]
            assert last["alt"] == alts[last["frame"]]
            # Pointer: drag the thumb from the far left to the far right.
            box = slider.bounding_box()
            y = box["y"] + box["height"] / 2
            v.page.mouse.click(box["x"] + 1, y)
            at_left = explorer_state(v, i)
            assert at_left["positions"][k] == 0
            v.page.mouse.down()
            v.page.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
            middle = explorer_state(v, i)
            v.page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
            v.page.mouse.up()
            at_right = explorer_state(v, i)
            assert 0 < middle["positions"][k] < n - 1
            assert middle["moving"] != at_left["moving"] != at_right["moving"]
            assert at_right["positions"][k] == n - 1
            assert at_right["frame"] == expected_frame(data, at_right["positions"])
        # With every control at its first position, the very first frame shows.
        for k in range(inputs.count()):
            inputs.nth(k).focus()
            v.page.keyboard.press("Home")
        state = explorer_state(v, i)
        assert state["frame"] == 0 and state["alt"] == alts[0]
        for k in range(inputs.count()):
            inputs.nth(k).focus()
            v.page.keyboard.press("End")
        state = explorer_state(v, i)
        assert state["frame"] == len(alts) - 1 and state["alt"] == alts[-1]
    assert v.errors == [] and v.remote == []


#: What every chapter page may fetch for all its explorers' positions together.
MAX_POSITION_BYTES = 300_000

VISIT_EVERY_POSITION = """async (i) => {
    // Every combination of positions, through the controls' own input events; after each,
    // the figure must already show it (drawn in the event, so on screen at the next frame).
    const f = document.querySelectorAll('figure.ce-explorer')[i];
    const inputs = [...f.querySelectorAll('input.ce-explorer-range')];
    const sizes = inputs.map(input => Number(input.max) + 1);
    const svg = [...f.querySelectorAll('svg.ce-explorer-frame')]
        .find(s => s.getClientRects().length);
    const moving = svg.querySelector('g.ce-explorer-moving');
    const total = sizes.reduce((a, b) => a * b, 1);
    const late = [];
    const shown = new Set();
    for (let index = 0; index < total; index++) {
        let rest = index;
        for (let k = inputs.length - 1; k >= 0; k--) {
            inputs[k].value = String(rest % sizes[k]);
            rest = Math.floor(rest / sizes[k]);
        }
        inputs[inputs.length - 1].dispatchEvent(new Event('input', {bubbles: true}));
        if (Number(f.dataset.frame) !== index) late.push(index);
        shown.add(moving.innerHTML);
    }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return {total, late, distinct: shown.size};
}"""


RESOURCES = """() => performance.getEntriesByType('resource')
    .map(e => ({url: e.name, bytes: e.encodedBodySize}))"""


@pytest.mark.parametrize("page", EXPLORER_PAGES)
def test_every_position_is_drawn_at_once_within_the_page_budget(visit, server, page):
    """Every position of every explorer: at most 300 KB fetched for all of them on a page,
    no request once the page has loaded, and each position in the figure within the input
    event that asked for it (so on screen at the next frame)."""
    v = visit(server + page)
    figures = v.page.locator("figure.ce-explorer")
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
        wait_ready(v, i)
    loaded = v.page.evaluate(RESOURCES)
    payloads = [r for r in loaded if "/_explorers/" in r["url"]]
    assert len(payloads) == figures.count(), payloads  # one layout each, loaded once
    for i in range(figures.count()):
        result = v.page.evaluate(VISIT_EVERY_POSITION, i)
        assert result["late"] == [], f"explorer {i}: positions not drawn in their event"
        assert result["distinct"] > 1
    assert v.page.evaluate(RESOURCES) == loaded, "a request while the sliders moved"
    total = sum(r["bytes"] for r in payloads)
    assert 0 < total <= MAX_POSITION_BYTES, f"{page}: {total / 1e3:.0f} KB for the positions"
    assert v.errors == [] and v.remote == []


def thumb_size(v: Visit, slider) -> tuple[float, float]:
    """The CSS size of a range input's thumb, from the pixels of its colour in a screenshot."""
    import io

    import numpy as np
    from PIL import Image

    shot = np.asarray(Image.open(io.BytesIO(slider.screenshot())).convert("RGB")).astype(int)
    thumb = np.abs(shot - np.array([0xB3, 0x47, 0x00])).sum(axis=-1) < 40
    ys, xs = np.nonzero(thumb)
    assert xs.size, "no thumb of the explorer's colour in the slider"
    scale = PHONE["device_scale_factor"]
    # The thumb's 2 px white border and 1 px ring lie around the coloured disc.
    return (xs.max() - xs.min() + 1) / scale + 4, (ys.max() - ys.min() + 1) / scale + 4


#: The smallest text an explorer may show on a phone, in CSS px (body text is 16).
MIN_TEXT_PX = 10

SMALLEST_TEXT = """(i) => {
    // The smallest font size of the figure's text as shown: its size in SVG units times
    // the figure's scale on screen.
    const f = document.querySelectorAll('figure.ce-explorer')[i];
    const svg = [...f.querySelectorAll('svg.ce-explorer-frame')]
        .find(s => s.getClientRects().length);
    const scale = svg.getScreenCTM().a;
    return Math.min(...[...svg.querySelectorAll('text')]
        .map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
}"""

RASTERS = """async (i) => {
    // Each raster in the figure: its width in pixels against its width on screen (CSS px).
    const f = document.querySelectorAll('figure.ce-explorer')[i];
    const svg = [...f.querySelectorAll('svg.ce-explorer-frame')]
        .find(s => s.getClientRects().length);
    return Promise.all([...svg.querySelectorAll('image')].map(async (el) => {
        const img = new Image();
        img.src = el.getAttribute('xlink:href') || el.getAttribute('href');
        await img.decode();
        return {pixels: img.naturalWidth, shown: el.getBoundingClientRect().width};
    }));
}"""


def touch(v: Visit, kind: str, x: float, y: float) -> None:
    """One real touch event (Chromium's input pipeline, as a finger would)."""
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    v.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


@pytest.mark.parametrize("page", EXPLORER_PAGES)
def test_explorers_work_on_a_phone(visit, server, page):
    """At 360 px and DPR 2: wide tracks, 24 px thumbs, and tap and drag move the figure.

    Over http only: the page and its layout are the same from file://.
    """
    v = visit(server + page, **PHONE)
    v.cdp = v.context.new_cdp_session(v.page)
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 360, (
        "the page scrolls sideways"
    )
    figures = v.page.locator("figure.ce-explorer")
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        wait_ready(v, i)
        assert explorer_state(v, i)["layout"] == "narrow"
        image = figure.locator("svg.ce-explorer-frame[data-layout=narrow]").bounding_box()
        assert image["x"] >= 0 and image["x"] + image["width"] <= 360, "the figure is too wide"
        smallest = v.page.evaluate(SMALLEST_TEXT, i)
        assert smallest >= MIN_TEXT_PX, f"text {smallest:.1f} CSS px high on a phone"
        for raster in v.page.evaluate(RASTERS, i):
            assert raster["pixels"] >= 2 * raster["shown"] - 1, raster  # crisp at DPR 2
        inputs = figure.locator("input.ce-explorer-range")
        for k in range(inputs.count()):
            slider = inputs.nth(k)
            slider.scroll_into_view_if_needed()
            box = slider.bounding_box()
            assert box["width"] >= 200, f"track {box['width']:.0f} px wide"
            width, height = thumb_size(v, slider)
            assert width >= 24 and height >= 24, f"thumb {width:.0f} x {height:.0f} px"
            n = len(explorer_state(v, i)["data"]["controls"][k]["values"])
            y = box["y"] + box["height"] / 2
            # A tap at three quarters of the track moves the slider there.
            v.page.touchscreen.tap(box["x"] + 0.75 * box["width"], y)
            tapped = explorer_state(v, i)
            assert abs(tapped["positions"][k] - 0.75 * (n - 1)) <= 0.1 * n + 1, tapped["positions"]
            # A drag from the far left to the far right takes it from the first to the last.
            touch(v, "touchStart", box["x"] + 2, y)
            at_left = explorer_state(v, i)
            for step in range(1, 11):
                touch(v, "touchMove", box["x"] + 2 + step * (box["width"] - 4) / 10, y)
            touch(v, "touchEnd", 0, 0)
            at_right = explorer_state(v, i)
            assert at_left["positions"][k] == 0, at_left["positions"]
            assert at_right["positions"][k] == n - 1, at_right["positions"]
            assert at_right["moving"] != at_left["moving"]
            assert at_right["frame"] == expected_frame(at_right["data"], at_right["positions"])
    assert v.errors == [] and v.remote == []


@pytest.mark.parametrize("page", [*PAGES, "genindex.html", "search.html"])
def test_no_page_is_wider_than_a_phone(visit, server, page):
    """At 360 px, no page scrolls sideways: long names break, wide boxes scroll inside."""
    v = visit(server + page, **PHONE)
    width = v.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page} is {width} px wide on a 360 px screen"


def axe_violations(v: Visit) -> list[str]:
    """axe-core's WCAG 2 A and AA violations on the page, one line per failing node."""
    from importlib import resources

    # axe-core 4.12, as shipped inside the axe-playwright-python wheel (from PyPI).
    script = (resources.files("axe_playwright_python") / "axe.min.js").read_text()
    v.page.add_script_tag(content=script)
    return v.page.evaluate(
        """async () => {
            // No preload: it fetches stylesheets again, resolving their @import wrongly
            // (a 404 for /basic.css); it serves only a WCAG 2.1 rule, not run here.
            const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa'], preload: false});
            return r.violations.flatMap(x => x.nodes.map(
                n => `${x.id} (${x.impact}): ${n.target.join(' ')}`));
        }"""
    )


@pytest.mark.parametrize("page", PAGES)
def test_no_accessibility_violations(visit, server, page):
    """axe-core finds nothing against WCAG 2 A and AA, in the light and the dark theme.

    Over http only: the page is the same file from file://.
    """
    v = visit(server + page)
    for theme in ("light", "dark"):
        v.page.evaluate(f"document.documentElement.dataset.theme = {theme!r}")
        v.page.wait_for_timeout(200)
        assert axe_violations(v) == [], theme
    assert v.errors == [] and v.remote == []


def figure_luminance(v: Visit, index: int) -> float:
    """The mean relative luminance (0 black, 1 white) of an explorer's frame, as shown."""
    import io

    import numpy as np
    from PIL import Image

    frame = v.page.locator("figure.ce-explorer").nth(index).locator("svg.ce-explorer-frame:visible")
    rgb = np.asarray(Image.open(io.BytesIO(frame.screenshot())).convert("RGB")) / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float((linear @ np.array([0.2126, 0.7152, 0.0722])).mean())


@pytest.mark.parametrize("page", EXPLORER_PAGES)
def test_explorers_follow_the_theme(visit, server, page):
    """Light frames in the light theme, dark ones in the dark theme, switched while reading."""
    v = visit(server + page)
    for i in range(v.page.locator("figure.ce-explorer").count()):
        v.page.locator("figure.ce-explorer").nth(i).scroll_into_view_if_needed()
        wait_ready(v, i)
        v.page.evaluate("document.documentElement.dataset.theme = 'light'")
        light = figure_luminance(v, i)
        v.page.evaluate("document.documentElement.dataset.theme = 'dark'")
        dark = figure_luminance(v, i)
        assert light > 0.7 and dark < 0.25, (light, dark)
    assert v.errors == [] and v.remote == []


def test_search_finds_entropy(visit, server):
    v = visit(server + "search.html?q=entropy")
    v.page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    hits = v.page.locator("#search-results ul.search li").count()
    assert hits >= 1
    assert v.errors == [] and v.remote == []


def test_screenshot_of_an_explorer_page(visit, server, artifacts):
    v = visit(server + "book/01_surprisal.html")
    figure = v.page.locator("figure.ce-explorer").first
    figure.scroll_into_view_if_needed()
    figure.locator("input").first.focus()
    wait_ready(v, 0)
    for _ in range(10):
        v.page.keyboard.press("ArrowLeft")
    path = artifacts / "explorer-01_surprisal.png"
    v.page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    state = explorer_state(v, 0)
    (artifacts / "explorer-01_surprisal.json").write_text(
        json.dumps({key: state[key] for key in ("frame", "layout", "alt")}, indent=2)
    )
