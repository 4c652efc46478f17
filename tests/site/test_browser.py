"""The built book in a real headless Chromium: clean pages, typeset maths, moving explorers.

Every test runs twice, against the site served on 127.0.0.1 and opened from
``file://`` (as a reader who downloaded the book would).
"""

from __future__ import annotations

import json
import re
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


EXPLORER_PAGES = [p for p in PAGES if re.match(r"book/\d\d_", p)]  # the chapters


def explorer_state(v: Visit, index: int) -> dict:
    return v.page.evaluate(
        """(i) => {
            const f = document.querySelectorAll('figure.ce-explorer')[i];
            const img = f.querySelector('img.ce-explorer-frame');
            return {
                frame: Number(f.dataset.frame),
                src: img.getAttribute('src'),
                alt: img.getAttribute('alt'),
                loaded: img.complete && img.naturalWidth > 0,
                values: [...f.querySelectorAll('output')].map(o => o.textContent),
                positions: [...f.querySelectorAll('input')].map(i => Number(i.value)),
                data: JSON.parse(f.querySelector('script.ce-explorer-data').textContent),
            };
        }""",
        index,
    )


def wait_loaded(v: Visit, index: int) -> None:
    v.page.wait_for_function(
        "(i) => { const img = document.querySelectorAll('figure.ce-explorer')[i]"
        ".querySelector('img'); return img.complete && img.naturalWidth > 0; }",
        arg=index,
    )


def expected_frame(data: dict, positions: list[int]) -> int:
    index = 0
    for control, position in zip(data["controls"], positions, strict=True):
        index = index * len(control["values"]) + position
    return index


@pytest.mark.parametrize("page", EXPLORER_PAGES)
def test_explorers_move_with_keyboard_and_pointer(visit, base_url, page):
    v = visit(base_url + page)
    figures = v.page.locator("figure.ce-explorer")
    assert figures.count() >= 1, f"no explorer on {page}"
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        inputs = figure.locator("input.ce-explorer-range")
        for k in range(inputs.count()):
            slider = inputs.nth(k)
            data = explorer_state(v, i)["data"]
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
            assert step["frame"] != first["frame"] and step["src"] != first["src"]
            assert step["values"][k] != first["values"][k]
            assert step["src"] == data["frames"][expected_frame(data, step["positions"])]
            assert step["alt"] == data["alts"][step["frame"]]
            v.page.keyboard.press("End")
            last = explorer_state(v, i)
            assert last["positions"][k] == n - 1
            assert last["values"][k] == data["controls"][k]["shown"][-1]
            wait_loaded(v, i)
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
            assert middle["src"] != at_left["src"] != at_right["src"]
            assert at_right["positions"][k] == n - 1
            assert at_right["src"] == data["frames"][expected_frame(data, at_right["positions"])]
            wait_loaded(v, i)
        # With every control at its first position, the very first frame shows.
        for k in range(inputs.count()):
            inputs.nth(k).focus()
            v.page.keyboard.press("Home")
        state = explorer_state(v, i)
        assert state["frame"] == 0 and state["src"] == state["data"]["frames"][0]
        for k in range(inputs.count()):
            inputs.nth(k).focus()
            v.page.keyboard.press("End")
        state = explorer_state(v, i)
        assert state["frame"] == len(state["data"]["frames"]) - 1
        assert state["src"] == state["data"]["frames"][-1]
        wait_loaded(v, i)
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
        image = figure.locator("img.ce-explorer-frame").bounding_box()
        assert image["x"] >= 0 and image["x"] + image["width"] <= 360, "the figure is too wide"
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
            assert at_right["src"] != at_left["src"]
            wait_loaded(v, i)
    assert v.errors == [] and v.remote == []


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

    frame = v.page.locator("figure.ce-explorer img.ce-explorer-frame").nth(index)
    rgb = np.asarray(Image.open(io.BytesIO(frame.screenshot())).convert("RGB")) / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float((linear @ np.array([0.2126, 0.7152, 0.0722])).mean())


@pytest.mark.parametrize("page", EXPLORER_PAGES)
def test_explorers_follow_the_theme(visit, server, page):
    """Light frames in the light theme, dark ones in the dark theme, switched while reading."""
    v = visit(server + page)
    for i in range(v.page.locator("figure.ce-explorer").count()):
        v.page.locator("figure.ce-explorer").nth(i).scroll_into_view_if_needed()
        wait_loaded(v, i)
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
    for _ in range(10):
        v.page.keyboard.press("ArrowLeft")
    wait_loaded(v, 0)
    path = artifacts / "explorer-01_surprisal.png"
    v.page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    state = explorer_state(v, 0)
    (artifacts / "explorer-01_surprisal.json").write_text(
        json.dumps({"frame": state["frame"], "src": state["src"], "alt": state["alt"]}, indent=2)
    )
