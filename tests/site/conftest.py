"""Fixtures for the checks on the built book (``_build/html``).

These tests look at the site that ``jupyter-book build .`` produced; they skip
with a message saying so when there is none. The browser tests use the
``browser`` fixture of ``tests/conftest.py`` (Debian's Chromium).
"""

from __future__ import annotations

import functools
import http.server
import os
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
