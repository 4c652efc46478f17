"""The built HTML, read as files: complete, self-contained, and light."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from crossentropy.book.vector import LAYOUTS
from tests.site.conftest import PAGES

MAX_PAGE_IMAGES = 3 * 1024 * 1024  # bytes of images one page may load


class Resources(HTMLParser):
    """Collect the URLs a page loads: scripts, stylesheets, icons, fonts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append((tag, a["src"]))
        elif tag == "link" and a.get("href") and a.get("rel") != "canonical":
            rel = a.get("rel") or ""
            if any(
                r in rel for r in ("stylesheet", "preload", "icon", "modulepreload", "prefetch")
            ):
                self.urls.append((tag, a["href"]))
        elif tag in ("img", "source", "iframe", "video", "audio", "embed") and a.get("src"):
            self.urls.append((tag, a["src"]))
        elif tag == "object" and a.get("data"):
            self.urls.append((tag, a["data"]))
        if a.get("style") and "url(" in a["style"]:
            self.urls += [("style", u) for u in re.findall(r"url\(['\"]?([^'\")]+)", a["style"])]


def is_remote(url: str) -> bool:
    return url.startswith("//") or urlparse(url).scheme not in ("", "data", "file")


def all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_of_the_toc_was_built(site):
    for page in PAGES:
        assert (site / page).is_file(), page


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for page in all_html(site):
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [(page.name, tag, url) for tag, url in parser.urls if is_remote(url)]
        inline_css = re.findall(r"<style[^>]*>(.*?)</style>", page.read_text(), re.S)
        for css in inline_css:
            offenders += [(page.name, "css", u) for u in css_urls(css) if is_remote(u)]
    assert offenders == []


def css_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")\s]+)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return urls


def test_no_stylesheet_loads_anything_from_another_host(site):
    offenders = []
    for css in site.rglob("*.css"):
        offenders += [
            (css.name, u) for u in css_urls(css.read_text(errors="replace")) if is_remote(u)
        ]
    assert offenders == []


def test_mathjax_is_served_by_the_site(site):
    html = (site / "book" / "01_surprisal.html").read_text()
    src = re.search(r'<script[^>]+src="([^"]*mathjax[^"]*)"', html)
    assert src, "no MathJax script on a page with formulae"
    assert not is_remote(src.group(1))
    assert (site / "book" / src.group(1).split("?")[0]).resolve().is_file()


@pytest.mark.parametrize("page", PAGES)
def test_images_of_a_page_stay_under_3_mb(site, page):
    path = site / page
    html = path.read_text()
    parser = Resources()
    parser.feed(html)
    images = {url for tag, url in parser.urls if tag == "img"}
    # Explorer frames are loaded by the page's script, listed in its JSON data.
    for data in re.findall(r'class="ce-explorer-data">(.*?)</script>', html, re.S):
        images |= set(re.findall(r'"(_images/[^"]+|\.\./_images/[^"]+)"', data))
    total = 0
    for url in images:
        if url.startswith("data:"):
            total += len(url)
            continue
        file = (path.parent / unquote(url.split("?")[0])).resolve()
        assert file.is_file(), url
        total += file.stat().st_size
    assert total < MAX_PAGE_IMAGES, f"{page}: {total / 1e6:.2f} MB of images"


#: What a page may load for all its explorers' positions together, in either layout.
MAX_POSITION_BYTES = 300_000


@pytest.mark.parametrize("page", PAGES)
def test_explorer_payloads_of_a_page_stay_under_300_kb(site, page):
    # The count the browser test measures as fetched, read here from the files: in each
    # layout, the payloads of all the page's explorers together.
    path = site / page
    blocks = re.findall(r'class="ce-explorer-data">(.*?)</script>', path.read_text(), re.S)
    totals = dict.fromkeys(LAYOUTS, 0)
    for block in blocks:
        sources = json.loads(block.replace("<\\/", "</"))["sources"]
        assert sorted(sources) == sorted(LAYOUTS)
        for layout, url in sources.items():
            file = (path.parent / url).resolve()
            assert file.is_file() and file.parent.name == "_explorers", url
            totals[layout] += file.stat().st_size
    for layout, total in totals.items():
        assert total <= MAX_POSITION_BYTES, f"{page} ({layout}): {total / 1e3:.0f} KB"
    if re.match(r"book/\d\d_", page):
        assert blocks, f"no explorer on {page}"
