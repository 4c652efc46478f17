"""Execute the book's notebooks in place, so that their stored outputs are what the code computes.

Usage::

    python tools/execute_notebooks.py              # every notebook in book/
    python tools/execute_notebooks.py book/01_surprisal.ipynb
    python tools/execute_notebooks.py --layout-only   # the reader's layout, no execution

Before it runs a notebook, it puts it in the reader's layout
(:func:`crossentropy.book.assign.notebooks.reader_layout`): a first cell of front
matter with the math macros of ``_config.yml`` (the one place they are
defined), and solutions and hidden tests collapsed for JupyterLab.

Strict nbval (``pytest --nbval book/``) then checks that a fresh run reproduces
every stored text output. The stored notebooks are kept small and free of
noise: no execution timings, no widget state or widget views (the explorer's
still image and spec stand in for the live widget), and a kernel description
without the Python version.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

from crossentropy.book.assign.notebooks import reader_layout

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
# As JupyterLab names ipykernel's kernel, so that opening a chapter changes nothing in it.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


def macros(config: Path = ROOT / "_config.yml") -> dict[str, str]:
    """The book's math macros, as ``_config.yml`` defines them for MathJax."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    return dict(settings["sphinx"]["config"]["mathjax3_config"]["tex"]["macros"])


def lay_out(path: Path) -> None:
    """Store the notebook at ``path`` in the reader's layout, its outputs unchanged."""
    nb = nbformat.read(path, as_version=4)
    nb = reader_layout(nb, macros())
    nb.metadata["kernelspec"] = KERNELSPEC
    nbformat.validate(nb)
    nbformat.write(nb, path)


def clean(nb: nbformat.NotebookNode) -> None:
    """Drop what changes from run to run but says nothing: timings, widget state and views."""
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = LANGUAGE_INFO
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        for output in cell.outputs:
            if output.get("output_type") in ("display_data", "execute_result"):
                output["data"].pop(WIDGET_VIEW, None)


def execute(path: Path, timeout: int) -> None:
    """Run every cell of the notebook at ``path`` and store the cleaned result."""
    nb = reader_layout(nbformat.read(path, as_version=4), macros())
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    clean(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    """Execute the notebooks named on the command line (default: all of ``book/``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument(
        "--layout-only", action="store_true", help="only lay the notebooks out; run nothing"
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(BOOK.glob("*.ipynb"))
    for path in paths:
        if args.layout_only:
            print(f"laying out {path}", flush=True)
            lay_out(path)
        else:
            print(f"executing {path}", flush=True)
            execute(path, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
