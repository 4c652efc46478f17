"""Execute the book's notebooks in place, so that their stored outputs are what the code computes.

Usage::

    python tools/execute_notebooks.py              # every notebook in book/
    python tools/execute_notebooks.py book/01_surprisal.ipynb

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
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BOOK = Path(__file__).resolve().parent.parent / "book"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


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
    nb = nbformat.read(path, as_version=4)
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
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(BOOK.glob("*.ipynb"))
    for path in paths:
        print(f"executing {path}", flush=True)
        execute(path, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
