"""The printed book: ``bash tools/build_pdf.sh`` builds the PDF, read back with poppler.

The build runs once (a module fixture), as the README says to run it, and every
test reads its products: the PDF (through ``pdftotext``, ``pdfimages`` and
``pdfinfo`` from Debian's poppler-utils), the ``.tex`` file and the LaTeX log.
Without XeLaTeX the module is skipped with a message, unless
``CE_REQUIRE_PDF=1`` (as in CI), which makes that a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from crossentropy.book.explorers import MIME_TYPE
from crossentropy.book.sphinxext.transforms import STRIP_FRAMES

ROOT = Path(__file__).resolve().parents[2]
LATEX = ROOT / "_build" / "latex"
PDF = LATEX / "crossentropy-book.pdf"
ARTIFACTS = ROOT / "_build" / "test-artifacts"

#: The page count of the whole book, with room for the chapters to grow.
PAGES = (200, 400)

#: The largest PDF the budget allows, in bytes.
MAX_BYTES = 15 * 1024 * 1024

#: How far a line may run past its column, in TeX points (1/72.27 inch): less than one
#: character of the code font (6 pt at 10 pt; the index's longest names come close).
OVERFULL_POINTS = 5.0


def toc_files() -> list[Path]:
    """The source file of every page in ``_toc.yml``, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [chapter["file"] for chapter in part["chapters"]]
    files = []
    for name in names:
        candidates = [ROOT / f"{name}{suffix}" for suffix in (".ipynb", ".md")]
        files.append(next(path for path in candidates if path.is_file()))
    return files


def title_of(path: Path) -> str:
    """The page's title: its first level-1 heading."""
    if path.suffix == ".ipynb":
        text = "\n".join(
            cell.source
            for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "markdown"
        )
    else:
        text = path.read_text()
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


def explorer_specs(path: Path) -> list[dict]:
    """The specs of the explorers a notebook shows, in order."""
    if path.suffix != ".ipynb":
        return []
    specs = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME_TYPE in data:
                spec = data[MIME_TYPE]
                specs.append(spec if isinstance(spec, dict) else json.loads(spec))
    return specs


def words(text: str) -> str:
    """``text`` with its whitespace (line breaks, several spaces) made single spaces."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built() -> Path:
    if shutil.which("xelatex") is None or shutil.which("pdftotext") is None:
        message = "no XeLaTeX or poppler-utils: run `bash tools/build_pdf.sh` once to install"
        if os.environ.get("CE_REQUIRE_PDF") == "1":
            pytest.fail(message)
        pytest.skip(message)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "pdf-build.log"
    with log.open("w") as out:
        result = subprocess.run(
            ["bash", str(ROOT / "tools" / "build_pdf.sh")],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    assert result.returncode == 0, f"the PDF build failed: see {log}"
    assert PDF.is_file()
    return PDF


@pytest.fixture(scope="module")
def text(built: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(built), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def latex_log(built: Path) -> str:
    return (LATEX / "crossentropy-book.log").read_text(errors="replace")


@pytest.fixture(scope="module")
def tex(built: Path) -> str:
    return (LATEX / "crossentropy-book.tex").read_text()


def test_every_page_of_the_toc_is_in_the_pdf(text):
    flat = words(text)
    for path in toc_files():
        assert words(title_of(path)) in flat, f"{path.name}: its title is not in the PDF"


def test_references_citations_and_macros_all_resolve(text, latex_log):
    assert "??" not in text
    assert not re.search(r"(Reference|Citation) `[^']*' on page \d+ undefined", latex_log)
    assert "There were undefined references" not in latex_log
    assert "Undefined control sequence" not in latex_log
    # The book's math macros come from their one definition in _config.yml.
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    macros = config["sphinx"]["config"]["mathjax3_config"]["tex"]["macros"]
    tex = (LATEX / "crossentropy-book.tex").read_text()
    for name in macros:
        assert rf"\newcommand{{\{name}}}" in tex, name


def test_every_glyph_is_in_the_fonts(latex_log):
    missing = re.findall(r"Missing character: There is no .*", latex_log)
    assert not missing, missing[:5]


def test_no_line_runs_into_the_margin(latex_log):
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", latex_log)]
    assert max(widths, default=0.0) <= OVERFULL_POINTS, sorted(widths)[-5:]


def test_every_explorer_is_a_row_of_labelled_frames(text, tex):
    flat = words(text)
    specs = [spec for path in toc_files() for spec in explorer_specs(path)]
    assert len(specs) >= 15
    frames = re.findall(r"includegraphics\[[^]]*\]\{\{explorer-([a-z_]+)-[0-9a-f]+-(\d+)\}", tex)
    for spec in specs:
        name = spec["explorer"]
        shown = {index for explorer, index in frames if explorer == name}
        assert len(shown) >= STRIP_FRAMES, f"{name}: {len(shown)} frames"
    assert flat.count("(frames of an interactive figure)") == len(specs)
    # Each frame is labelled with its parameter's value ("label = value").
    labels = re.findall(r"\\sphinxAtStartPar\n([^\n\\]+ = [^\n]+)\n", tex)
    assert len(labels) >= STRIP_FRAMES * len(specs)


def test_the_pdf_holds_the_frames_as_images(built, tex):
    listing = subprocess.run(
        ["pdfimages", "-list", str(built)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    images = [line for line in listing if line.split()[2] == "image"]
    included = set(re.findall(r"includegraphics(?:\[[^]]*\])?\{\{([^}]+)\}", tex))
    assert len(images) >= len(included) > 0


def test_solutions_come_after_the_exercises_of_their_chapter(text):
    # The pages past the table of contents (whose lines end in leader dots).
    body = words(" ".join(page for page in text.split("\f") if ". . . . ." not in page))
    flat = words(text)
    chapters = sorted({int(n) for n in re.findall(r"Exercise (\d+)\.\d+\.\d+", body)})
    assert len(chapters) >= 9
    for n in chapters:
        heading = re.search(rf"{n}\.\d+ Solutions", body)
        assert heading, f"chapter {n} has no Solutions section"
        exercises = [m.start() for m in re.finditer(rf"Exercise {n}\.\d+\.\d+ \(", body)]
        answers = [m.start() for m in re.finditer(rf"Solution to Exercise {n}\.\d+\.\d+", body)]
        statements = [e for e in exercises if not body[max(e - 12, 0) : e].endswith("Solution to ")]
        assert answers, f"chapter {n}: no solutions"
        assert max(statements) < heading.start() < min(answers)
    assert "Hidden test" not in flat


def test_size_and_length_within_budget(built):
    assert built.stat().st_size < MAX_BYTES
    info = subprocess.run(["pdfinfo", str(built)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert PAGES[0] <= pages <= PAGES[1], pages
