"""The book's site policy (``book/_ext/site_policy.py``), a local Sphinx extension."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site_policy():
    spec = importlib.util.spec_from_file_location(
        "site_policy", ROOT / "book" / "_ext" / "site_policy.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_book_loads_it_as_a_local_extension():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["sphinx"]["local_extensions"]["site_policy"] == "book/_ext"


def test_web_fonts_are_embedded_for_file_urls(tmp_path, site_policy):
    # Chromium blocks fonts loaded from file:// pages; stylesheets get them as data: URLs.
    fonts = tmp_path / "vendor" / "webfonts"
    fonts.mkdir(parents=True)
    (fonts / "icons.woff2").write_bytes(b"\x00woff2-bytes")
    css = tmp_path / "vendor" / "css" / "all.css"
    css.parent.mkdir()
    css.write_text(
        '@font-face{src:url(../webfonts/icons.woff2) format("woff2"),'
        'url(../webfonts/icons.ttf) format("truetype")}\n'
        ".a{background:url(https://example.org/x.woff2)}\n"
    )
    assert site_policy.inline_web_fonts(tmp_path) == 1
    text = css.read_text()
    assert "url(data:font/woff2;base64,AHdvZmYyLWJ5dGVz)" in text
    assert "url(https://example.org/x.woff2)" in text  # not ours to touch
    assert site_policy.inline_web_fonts(tmp_path) == 0  # idempotent
