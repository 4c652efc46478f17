"""The book's own Sphinx extension: every chapter says how to run it on the reader's computer.

A reader who downloads a chapter (the page's download button gives its
``.ipynb``) needs the library it imports, and the library is not on PyPI. So
the HTML build ships it:

1. when the HTML builder starts, the library is built as a wheel from this
   checkout (``pip wheel`` without build isolation, so nothing is fetched; the
   build runs in a temporary copy, so the checkout stays clean), into
   ``_build/wheel/``;
2. every chapter page (every notebook) and the root page get a box, after the
   title, with a link to the wheel (Sphinx copies it into ``_downloads/``) and
   one command to copy: install the wheel with the extras that the chapters
   need, then open the notebook in JupyterLab.

Settings, in ``_config.yml`` under ``sphinx.config``:
``run_locally_extras`` (the wheel's extras to install, e.g. ``"book"``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: What the wheel is built from, relative to the repository root.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "src", "jupyter-config")


def build_wheel(root: Path, out: Path) -> Path:
    """Build the library's wheel from ``root`` into ``out`` (emptied first); return its path."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="ce-wheel-") as tmp:
        for name in SOURCES:
            source = root / name
            target = Path(tmp) / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, target)
        command = [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--no-index", "--quiet", "--wheel-dir", str(out), tmp),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    wheels = sorted(out.glob("crossentropy-*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        raise ExtensionError(f"building the library's wheel failed:\n{result.stderr[-3000:]}")
    return wheels[0]


def _on_builder_inited(app: Sphinx) -> None:
    app.env.ce_wheel = None  # type: ignore[attr-defined]
    if app.builder.format != "html":
        return
    root = Path(app.confdir).resolve()
    wheel = build_wheel(root, Path(app.outdir).resolve().parent / "wheel")
    app.env.ce_wheel = wheel  # type: ignore[attr-defined]
    logger.info(f"run_locally: built {wheel.name}")


def install_command(wheel_name: str, extras: str, notebook: str | None) -> str:
    """The one command a reader copies: install the wheel, then open the notebook (or the lab).

    Examples
    --------
    >>> install_command("crossentropy-1.0-py3-none-any.whl", "book", "02.ipynb")
    'python -m pip install "crossentropy-1.0-py3-none-any.whl[book]" && jupyter lab 02.ipynb'
    >>> install_command("ce.whl", "", None)
    'python -m pip install "ce.whl" && jupyter lab'
    """
    requirement = f"{wheel_name}[{extras}]" if extras else wheel_name
    opened = f"jupyter lab {notebook}" if notebook else "jupyter lab"
    return f'python -m pip install "{requirement}" && {opened}'


def _box(app: Sphinx, docname: str, wheel: Path) -> nodes.Element:
    notebook = Path(app.env.doc2path(docname)).name if _is_notebook(app, docname) else None
    box = nodes.admonition(classes=["ce-run-locally", "tip", "dropdown"])
    box += nodes.title(text="Run this on your computer")
    intro = nodes.paragraph()
    if notebook:
        intro += nodes.Text(
            "Download this chapter's notebook (the download button at the top of the page, "
            ".ipynb) and the book's library, "
        )
    else:
        intro += nodes.Text(
            "Every chapter is a notebook: download it with the download button at the top of "
            "its page, and the book's library, "
        )
    # A download target that starts with "/" is relative to the source folder.
    target = "/" + wheel.relative_to(Path(app.srcdir).resolve()).as_posix()
    link = addnodes.download_reference("", "", reftarget=target, refdoc=docname)
    link += nodes.literal(text=wheel.name)
    intro += link
    intro += nodes.Text(
        ", into one folder. Then, in that folder (with Python 3.10 or newer, ideally in a new "
        "virtual environment), run:"
    )
    box += intro
    extras = app.config.run_locally_extras
    command = install_command(wheel.name, extras, notebook)
    box += nodes.literal_block(command, command, language="bash")
    box += nodes.paragraph(
        text="JupyterLab then shows the chapter as here, with each exercise's answer collapsed "
        "until you click it. Its explorers go live once the chapter runs; to keep the answers "
        "collapsed, select the Exercises heading and use Run > Run All Above Selected Cell "
        "(JupyterLab expands every cell it runs)."
    )
    return box


def _is_notebook(app: Sphinx, docname: str) -> bool:
    return str(app.env.doc2path(docname)).endswith(".ipynb")


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Put the box at the end of the page's opening, on the root page and on every notebook.

    The opening is what comes before the first section: the title, the chapter's question
    and its first code cell; the box follows it, before the chapter proper begins.
    """
    wheel = getattr(app.env, "ce_wheel", None)
    docname = app.env.docname
    if wheel is None or not (_is_notebook(app, docname) or docname == app.config.root_doc):
        return
    page = next(iter(doctree.findall(nodes.section)), None)
    if page is None:
        return
    first = next((k for k, c in enumerate(page.children) if isinstance(c, nodes.section)), None)
    page.insert(len(page.children) if first is None else first, _box(app, docname, wheel))


def setup(app: Sphinx) -> dict[str, Any]:
    """Wire the extension: the setting, the wheel build and the box."""
    app.add_config_value("run_locally_extras", "", "env", types=[str])
    app.connect("builder-inited", _on_builder_inited)
    # Before Sphinx's download collector (priority 500) reads the page's download links.
    app.connect("doctree-read", _on_doctree_read, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
