"""Run every check of the project, in order, and stop at the first failure.

Usage (from the repository root, in the environment of requirements-test.txt)::

    python tools/run_checks.py

The steps (those on one line run at the same time, on a machine's two cores):

1. ``ruff check`` and ``ruff format --check`` on the code and the notebooks;
2. ``mypy``: the type checker over ``src/`` (settings in ``pyproject.toml``);
3. the library's tests and doctests (``pytest tests src``, the browser tests excluded),
   beside the book, built with warnings as errors (``jupyter-book build . -W``);
4. strict nbval: every notebook cell runs and every stored text output matches, beside
   the PDF, built with ``bash tools/build_pdf.sh`` and read back with poppler-utils:
   every page, resolved references, glyphs, margins, explorers as frames, solutions at
   the end of each chapter, size and length;
5. every notebook in a real JupyterLab, driven in headless Chromium: rendered MyST,
   collapsed answers, Run All without errors, moving explorers;
6. the checks on the built site: files, links to other hosts, page weight, the API
   page, the browser tests in headless Chromium, and a downloaded chapter run with the
   site's wheel in a fresh environment.

The browser tests (steps 5 and 6) skip, with a message, when no Chromium is
installed, unless ``CE_REQUIRE_BROWSER=1`` (as in CI), which makes that a failure;
the PDF's likewise without XeLaTeX, unless ``CE_REQUIRE_PDF=1``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
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


Step = tuple[str, list[str]]


def stages() -> list[list[Step]]:
    """The checks, in order, as stages of (title, command); a stage's steps run at once.

    Two steps share a stage where each is mostly one busy core and neither reads what the
    other writes: the library's tests beside the book's build (which executes the
    notebooks into its cache), and nbval beside the PDF (which reads that cache). The
    browser tests, whose timings a busy machine would disturb, run alone.
    """
    pytest = [sys.executable, "-m", "pytest"]
    return [
        [("ruff: lint", [tool("ruff"), "check", "."])],
        [("ruff: format", [tool("ruff"), "format", "--check", "."])],
        [("mypy: types of src/", [tool("mypy")])],
        [
            (
                "library tests and doctests",
                [
                    *pytest,
                    *("tests", "src", "book/_ext", "--doctest-modules", "-q", "-rs"),
                    *("--ignore=tests/site", "--ignore=tests/jupyterlab", "--ignore=tests/pdf"),
                ],
            ),
            (
                "book: build with warnings as errors",
                [tool("jupyter-book"), "build", ".", "-W", "--keep-going"],
            ),
        ],
        [
            ("notebooks: strict nbval", [*pytest, "--nbval", "book", "-q"]),
            ("the PDF: built and read back", [*pytest, "tests/pdf", "-q", "-rs"]),
        ],
        [("notebooks in JupyterLab", [*pytest, "tests/jupyterlab", "-q", "-rs"])],
        [("built site: files and browser", [*pytest, "tests/site", "-q", "-rs", "--durations=8"])],
    ]


def run_stage(stage: list[Step], timings: list[tuple[str, float]]) -> int:
    """Run a stage's steps at once (each printing to its own log, shown when it ends)."""
    started = []
    for title, command in stage:
        shown = " ".join([Path(command[0]).name, *command[1:]])
        print(f"\n=== {title}: {shown}", flush=True)
        if len(stage) == 1:
            log = None
        else:
            log = tempfile.TemporaryFile()
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT if log else None)
        started.append((title, process, log, start))
    ended: dict[str, float] = {}
    while len(ended) < len(started):  # note when each ends, whichever ends first
        for title, process, _, start in started:
            if title not in ended and process.poll() is not None:
                ended[title] = time.perf_counter() - start
        time.sleep(0.2)
    failed = 0
    for title, process, log, _ in started:
        code = process.returncode
        timings.append((title, ended[title]))
        if log is not None:
            log.seek(0)
            print(f"\n--- output of '{title}'", flush=True)
            sys.stdout.buffer.write(log.read())
            sys.stdout.flush()
            log.close()
        if code != 0:
            print(f"\nrun_checks: FAILED at step '{title}' (exit code {code})")
            failed = failed or code
    return failed


def main() -> int:
    """Run the stages; return the exit code of the first step that fails, else 0."""
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
    timings: list[tuple[str, float]] = []
    begin = time.perf_counter()
    for stage in stages():
        failed = run_stage(stage, timings)
        if failed:
            return failed
    print("\n=== all checks passed")
    for title, seconds in timings:
        print(f"  {seconds:7.1f} s  {title}")
    print(f"  {time.perf_counter() - begin:7.1f} s  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
