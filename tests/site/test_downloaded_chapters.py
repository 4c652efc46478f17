"""A chapter downloaded from the built site runs anywhere, with the wheel the site ships.

As a reader would: a fresh virtual environment, outside the repository, with
nothing but the site's wheel and the extras its pages name; each chapter's
notebook, as the page's download button gives it (``_sources/``), copied into
an empty folder and run there top to bottom.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from tests.site.conftest import PAGES, ROOT

CHAPTER_PAGES = [p for p in PAGES if re.match(r"book/\d\d_", p)]
EXTRAS = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"][
    "run_locally_extras"
]


def site_wheel(site: Path) -> Path:
    wheels = sorted(site.glob("_downloads/*/crossentropy-*.whl"))
    assert len(wheels) == 1, f"the site ships {len(wheels)} wheels: {wheels}"
    return wheels[0]


@pytest.mark.parametrize("page", [PAGES[0], *CHAPTER_PAGES])
def test_page_links_the_wheel_and_gives_one_command(site, page):
    wheel = site_wheel(site)
    html = (site / page).read_text()
    assert "ce-run-locally" in html, f"{page} has no box saying how to run it locally"
    links = re.findall(r'href="([^"]+\.whl)"', html)
    assert links, f"{page} does not link the wheel"
    assert all((site / page).parent.joinpath(unescape(href)).resolve() == wheel for href in links)
    text = unescape(re.sub(r"<[^>]+>", "", html))
    command = re.search(r"python -m pip install [^\n]*", text)
    assert command is not None, f"{page} gives no install command"
    assert f'"{wheel.name}[{EXTRAS}]"' in command.group(0)
    if page != PAGES[0]:
        assert f"jupyter lab {Path(page).stem}.ipynb" in command.group(0)


@pytest.fixture(scope="module")
def reader_env(site, tmp_path_factory) -> Path:
    """A fresh environment with the site's wheel and its extras, and nothing from the repo."""
    venv = tmp_path_factory.mktemp("reader") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "-q", f"{site_wheel(site)}[{EXTRAS}]"]
    result = subprocess.run(install, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"installing the wheel failed:\n{result.stderr[-3000:]}"
    return venv


def clean_env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), "/usr/bin", "/bin"])
    return env


def test_the_reader_env_uses_the_wheel_not_the_repository(reader_env, tmp_path):
    where = subprocess.run(
        [str(reader_env / "bin" / "python"), "-c", "import crossentropy as ce; print(ce.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=clean_env(reader_env),
    ).stdout.strip()
    assert Path(where).is_relative_to(reader_env), where
    assert not Path(where).is_relative_to(ROOT), where
    # The wheel enables its Jupyter Server extension (kernel websockets without Nagle).
    config = reader_env / "etc/jupyter/jupyter_server_config.d/crossentropy-book.json"
    assert "crossentropy.book.jupyter_server" in config.read_text()


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_downloaded_chapter_runs_in_a_fresh_environment(site, reader_env, tmp_path, page):
    notebook = site / "_sources" / Path(page).with_suffix(".ipynb")
    assert notebook.is_file(), f"the download button's notebook is missing: {notebook}"
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / notebook.name).write_bytes(notebook.read_bytes())
    result = subprocess.run(
        [str(reader_env / "bin" / "jupyter"), "execute", "--timeout=300", notebook.name],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
        env=clean_env(reader_env),
        timeout=900,
    )
    assert result.returncode == 0, f"{notebook.name} failed:\n{result.stderr[-4000:]}"
