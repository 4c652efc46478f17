"""Fixtures for the tests in a real JupyterLab (see ``lab.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.jupyterlab.lab import JupyterLab, LabError


@pytest.fixture(scope="session")
def lab(browser) -> Iterator[JupyterLab]:
    """One JupyterLab for the session, over a temporary copy of ``book/``.

    It needs the browser (so a missing Chromium is reported first, as in the
    site tests); a JupyterLab or kernel that is missing or does not start is a
    failure that says which, never a skip.
    """
    try:
        server = JupyterLab()
    except LabError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.close()
