"""Fixtures for the checks on the built book (``_build/html``).

These tests look at the site that ``jupyter-book build .`` produced; they skip
with a message saying so when there is none. The browser tests drive Debian's
Chromium through Playwright (never a downloaded browser); they skip, saying
why, when no Chromium is found, unless ``CE_REQUIRE_BROWSER=1`` (as in CI),
which turns the skip into a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("CE_SITE", ROOT / "_build" / "html"))
ARTIFACTS = ROOT / "_build" / "test-artifacts"


def toc_pages() -> list[str]:
    """The HTML pages of every file in ``_toc.yml``, relative to the site root."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    files += [chapter["file"] for chapter in toc.get("chapters", [])]
    return [f"{file}.html" for file in files]


PAGES = toc_pages()


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.skip(f"no built book at {SITE}: run `jupyter-book build .` first")
    return SITE


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CE_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = (
            "no Chromium found (install Debian's `chromium`, or set CE_CHROMIUM): "
            "the browser tests did not run"
        )
        if os.environ.get("CE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that closes a connection early (a cancelled image load) is normal.
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port), as a base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(params=["http", "file"])
def base_url(request, site: Path) -> str:
    """Each browser test runs against the local server and against file:// URLs."""
    if request.param == "http":
        return request.getfixturevalue("server")
    return site.as_uri() + "/"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
