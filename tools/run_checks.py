"""Run every check of the project, in order, and stop at the first failure.

Usage (from the repository root, in the environment of requirements-test.txt)::

    python tools/run_checks.py

The steps:

1. ``ruff check`` and ``ruff format --check`` on the code and the notebooks;
2. ``mypy``: the type checker over ``src/`` (settings in ``pyproject.toml``);
3. the library's tests and doctests (``pytest tests src``, the browser tests excluded);
4. strict nbval: every notebook cell runs and every stored text output matches;
5. every notebook in a real JupyterLab, driven in headless Chromium: rendered MyST,
   collapsed answers, Run All without errors, moving explorers;
6. the book, built with warnings as errors (``jupyter-book build . -W``);
7. the checks on the built site: files, links to other hosts, page weight, the API
   page, the browser tests in headless Chromium, and a downloaded chapter run with the
   site's wheel in a fresh environment;
8. the PDF, built with ``bash tools/build_pdf.sh`` and read back with poppler-utils:
   every page, resolved references, glyphs, margins, explorers as frames, solutions at
   the end of each chapter, size and length.

The browser tests (steps 5 and 7) skip, with a message, when no Chromium is
installed, unless ``CE_REQUIRE_BROWSER=1`` (as in CI), which makes that a failure;
the PDF's (step 8) likewise without XeLaTeX, unless ``CE_REQUIRE_PDF=1``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A console script of this environment (ruff, mypy, jupyter-book)."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        sys.exit(f"run_checks: {name!r} is not installed: pip install -r requirements-test.txt")
    return found


def steps() -> list[tuple[str, list[str]]]:
    """The checks, in order, as (title, command)."""
    pytest = [sys.executable, "-m", "pytest"]
    return [
        ("ruff: lint", [tool("ruff"), "check", "."]),
        ("ruff: format", [tool("ruff"), "format", "--check", "."]),
        ("mypy: types of src/", [tool("mypy")]),
        (
            "library tests and doctests",
            [
                *pytest,
                *("tests", "src", "book/_ext", "--doctest-modules", "-q", "-rs"),
                *("--ignore=tests/site", "--ignore=tests/jupyterlab", "--ignore=tests/pdf"),
            ],
        ),
        ("notebooks: strict nbval", [*pytest, "--nbval", "book", "-q"]),
        ("notebooks in JupyterLab", [*pytest, "tests/jupyterlab", "-q", "-rs"]),
        (
            "book: build with warnings as errors",
            [tool("jupyter-book"), "build", ".", "-W", "--keep-going"],
        ),
        ("built site: files and browser", [*pytest, "tests/site", "-q", "-rs", "--durations=8"]),
        ("the PDF: built and read back", [*pytest, "tests/pdf", "-q", "-rs"]),
    ]


def main() -> int:
    """Run the steps; return the exit code of the first that fails, else 0."""
    os.chdir(ROOT)
    # Tools started by the checks (kernels, nbgrader's alembic) come from this environment,
    # whether or not it was activated.
    os.environ["PATH"] = os.pathsep.join([str(BIN), os.environ.get("PATH", "")])
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        print(
            "run_checks: no Chromium found: the browser tests will be SKIPPED "
            "(install Debian's `chromium` to run them)",
            flush=True,
        )
    if shutil.which("xelatex") is None:
        print(
            "run_checks: no XeLaTeX found: the PDF tests will be SKIPPED "
            "(`bash tools/build_pdf.sh` installs TeX Live from Debian's packages)",
            flush=True,
        )
    timings = []
    for title, command in steps():
        shown = " ".join([Path(command[0]).name, *command[1:]])
        print(f"\n=== {title}: {shown}", flush=True)
        start = time.perf_counter()
        result = subprocess.run(command, check=False)
        timings.append((title, time.perf_counter() - start))
        if result.returncode != 0:
            print(f"\nrun_checks: FAILED at step '{title}' (exit code {result.returncode})")
            return result.returncode
    print("\n=== all checks passed")
    for title, seconds in timings:
        print(f"  {seconds:7.1f} s  {title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
