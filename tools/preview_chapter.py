"""Build one chapter on its own, in a scratch directory, to look at it and at its warnings.

Usage::

    python tools/preview_chapter.py book/02_entropy.ipynb [--out /tmp/preview-02]

Copies the book's configuration (with its local extension, ``book/_ext``), the
chapter and the reference pages into the scratch directory, builds them with
Jupyter Book, and prints the warnings that concern the chapter (links to
chapters left out of the preview are expected and not shown). The repository's
own ``_build`` is not touched, so several authors can preview different
chapters at once.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PAGES = ["notation.md", "glossary.md", "references.md", "references.bib"]


def main(argv: list[str] | None = None) -> int:
    """Build the preview; return 1 if the chapter itself has warnings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    chapter = args.chapter.resolve()
    out = args.out or Path(tempfile.mkdtemp(prefix=f"preview-{chapter.stem}-"))
    (out / "book").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "_config.yml", out)
    shutil.copytree(ROOT / "book" / "_ext", out / "book" / "_ext", dirs_exist_ok=True)
    for page in ["intro.md", *REFERENCE_PAGES]:
        shutil.copy(ROOT / "book" / page, out / "book" / page)
    shutil.copy(chapter, out / "book" / chapter.name)
    (out / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n"
        f"  - file: book/{chapter.stem}\n  - file: book/notation\n"
        "  - file: book/glossary\n  - file: book/references\n"
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(out), "--keep-going"],
        capture_output=True,
        text=True,
        check=False,
    )
    log = result.stdout + result.stderr
    mine = [
        line
        for line in log.splitlines()
        if ("WARNING" in line or "ERROR" in line)
        and chapter.stem in line
        and not re.search(r"unknown document: '?\.?/?0\d_", line)
    ]
    print("\n".join(mine) if mine else f"no warnings in {chapter.name}")
    print(f"preview: {out / '_build' / 'html' / 'book' / (chapter.stem + '.html')}")
    return 1 if mine or result.returncode not in (0, 1) else 0


if __name__ == "__main__":
    sys.exit(main())
