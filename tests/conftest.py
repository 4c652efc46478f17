"""Shared test configuration: deterministic hypothesis runs, common strategies, a browser.

The ``browser`` fixture drives Debian's Chromium through Playwright (never a
downloaded browser). Without a Chromium, the tests that use it skip, saying
why, unless ``CE_REQUIRE_BROWSER=1`` (as in CI), which turns the skip into a
failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Derandomised so that CI and every developer run the same examples.
settings.register_profile(
    "repo",
    derandomize=True,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("repo")


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator, fresh for every test."""
    return np.random.default_rng(20261129)


@st.composite
def distributions(draw, n_min: int = 1, n_max: int = 8, zeros: bool = True, n: int | None = None):
    """A probability vector, with exact zeros allowed when ``zeros``."""
    size = n if n is not None else draw(st.integers(n_min, n_max))
    lo = 0.0 if zeros else 1e-3
    w = draw(hnp.arrays(np.float64, size, elements=st.floats(lo, 1.0, allow_nan=False)))
    if w.sum() == 0:
        w[draw(st.integers(0, size - 1))] = 1.0
    return w / w.sum()


@st.composite
def distribution_pairs(draw, zeros: bool = True):
    """Two distributions over the same number of outcomes."""
    n = draw(st.integers(1, 8))
    return draw(distributions(n=n, zeros=zeros)), draw(distributions(n=n, zeros=zeros))


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
