"""Every chapter in a real JupyterLab, as a reader opens and runs it.

Before running: every Markdown cell rendered by jupyterlab-myst with no raw
MyST markup and no maths it could not typeset, and every solution and hidden
test collapsed. After Run > Run All Cells: no error output, and every
explorer's sliders move its figure, by keyboard and by pointer drag.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.jupyterlab.lab import ROOT, SHOWN_IMAGE, Notebook, stored_explorers

NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "book").glob("*.ipynb"))

#: MyST source that shows when a construct is not rendered, as (what, pattern).
RAW_MARKUP = [
    ("a directive option", re.compile(r"^\s*:[a-z][a-z-]*:(\s|$)", re.MULTILINE)),
    ("a directive fence", re.compile(r"(```|:::)\s*\{[a-z-]+\}")),
    ("a role", re.compile(r"\{(term|eq|ref|doc|numref|cite(:[a-z]+)?|math|abbr|download)\}")),
    ("a target", re.compile(r"^\s*\([A-Za-z0-9_.:-]+\)=\s*$", re.MULTILINE)),
    ("an unknown directive or role", re.compile(r"Unknown (Directive|Role)", re.IGNORECASE)),
    ("a front-matter block", re.compile(r"^math:\s*$", re.MULTILINE)),
]


def raw_markup(cells: list[dict]) -> list[str]:
    """Every piece of raw MyST markup, or maths that did not typeset, in rendered cells."""
    found = []
    for index, cell in enumerate(cells):
        if cell["kind"] != "markdown" or cell["inputCollapsed"]:
            continue
        for error in cell["mathErrors"]:
            found.append(f"cell {index}: maths not typeset: {error[:120]}")
        for what, pattern in RAW_MARKUP:
            for match in pattern.finditer(cell["text"]):
                found.append(f"cell {index}: {what}: {match.group(0).strip()!r}")
    return found


def collapsed_in_source(cell: nbformat.NotebookNode) -> bool:
    """Whether the stored notebook asks JupyterLab to open this cell collapsed."""
    return bool(cell.metadata.get("jupyter", {}).get("source_hidden"))


@pytest.fixture
def opened(browser, lab):
    pages = []

    def open_notebook(path: str) -> Notebook:
        nb = Notebook(browser, lab, path)
        pages.append(nb)
        return nb

    yield open_notebook
    for nb in pages:
        nb.close()


def test_the_server_runs_kernel_websockets_without_nagle(lab):
    """The extension the wheel enables is loaded (see crossentropy.book.jupyter_server)."""
    log = lab.log_path.read_text(errors="replace")
    assert "crossentropy: kernel websockets send without Nagle's delay" in log, lab.log()


def test_the_raw_markup_check_can_fail(opened, lab):
    """A notebook with constructs jupyterlab-myst cannot render is caught."""
    probe = nbformat.v4.new_notebook()
    probe.cells = [
        nbformat.v4.new_markdown_cell(
            "# Probe\n\nUndefined $\\nosuchmacro{x}$.\n\n```{nosuchdirective}\n:label: x\n```"
        )
    ]
    nbformat.write(probe, lab.root / "book" / "zz_probe.ipynb")
    found = raw_markup(opened("book/zz_probe.ipynb").cells())
    assert any("maths not typeset" in f for f in found), found
    assert any("unknown directive" in f for f in found), found


def test_the_raw_markup_check_reads_plain_markdown_rendering():
    """What plain JupyterLab shows of the chapters' MyST is all caught."""
    text = (
        "(sec-entropy-idea)=\nThe idea\n```{exercise} Dice\n:label: ex-dice\n:class: dropdown\n"
        "See {term}entropy and {eq}eq-entropy, {doc}01_surprisal, {cite:p}shannon1948.\n"
        ":::{admonition} The question\n---\nmath:\n"
    )
    cell = {"kind": "markdown", "inputCollapsed": False, "mathErrors": [], "text": text}
    found = {f.split(": ")[1] for f in raw_markup([cell])}
    assert found == {
        "a target",
        "a directive fence",
        "a directive option",
        "a role",
        "a front-matter block",
    }
    assert raw_markup([{**cell, "inputCollapsed": True}]) == []


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_chapter_reads_and_runs_in_jupyterlab(opened, path):
    source = nbformat.read(ROOT / path, as_version=4)
    nb = opened(path)
    cells = nb.cells()
    assert len(cells) == len(source.cells), "windowing is on: not every cell is in the page"

    # Before running: rendered MyST, no raw markup, typeset maths.
    unrendered = [i for i, c in enumerate(cells) if c["kind"] == "markdown" and not c["rendered"]]
    assert unrendered == [i for i in unrendered if cells[i]["inputCollapsed"]]
    assert raw_markup(cells) == []

    # Every solution and hidden test collapsed, showing only its harmless first line.
    for index, (seen, stored) in enumerate(zip(cells, source.cells, strict=True)):
        tags = set(stored.metadata.get("tags", []))
        if {"solution", "hidden-test"} & tags:
            assert collapsed_in_source(stored), f"cell {index} ({tags}) is not marked collapsed"
        if collapsed_in_source(stored):
            assert seen["inputCollapsed"], f"cell {index} opens expanded"
            assert seen["outputsCollapsed"], f"cell {index} shows its outputs"
            first_line = stored.source.split("\n")[0]
            assert seen["text"].strip() == first_line, f"cell {index} shows {seen['text']!r}"
            assert first_line.startswith(("# Solution", "# Hidden", "# Part", "% Solution"))
        else:
            assert not seen["inputCollapsed"], f"cell {index} opens collapsed"

    # After Run All: no error output, and one live explorer per explorer in the chapter.
    nb.run_all()
    errors = [(i, e) for i, c in enumerate(nb.cells()) for e in c["errors"]]
    assert errors == []
    assert nb.console_errors == []
    explorers = nb.explorers()
    assert len(explorers) == len(stored_explorers(ROOT / path))
    for index, explorer in enumerate(explorers):
        assert explorer["images"] == 1, "an explorer shows exactly one of its frames"
        for slider in range(explorer["sliders"]):
            move_by_keyboard_and_pointer(nb, index, slider)


#: True once the explorer shows a new image (``src`` other than ``old``) that is a
#: drawn frame: loaded, and not the blank frame a position shows until the kernel has
#: drawn its frame (a drawn frame has dark pixels: axes, text).
DRAWN_IMAGE_JS = """([box, shown, old]) => {
    const img = box.querySelector(shown);
    if (img === null || img.getAttribute('src') === old || !img.complete
        || img.naturalWidth === 0) return false;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128) return true;
    return false;
}"""


def move_by_keyboard_and_pointer(nb: Notebook, index: int, slider: int) -> None:
    """A key press and a pointer drag on one slider each bring a new image."""
    box = nb.explorer(index)
    box.scroll_into_view_if_needed()
    handle = box.locator(":scope > .widget-slider .noUi-handle").nth(slider)
    image = box.locator(SHOWN_IMAGE)

    def src() -> str:
        return image.get_attribute("src")

    def wait_for_new_image(old: str, how: str) -> str:
        try:
            nb.page.wait_for_function(
                DRAWN_IMAGE_JS,
                arg=[box.element_handle(), SHOWN_IMAGE, old],
                timeout=15_000,
            )
        except Exception:
            pytest.fail(f"explorer {index}, slider {slider}: {how} did not change the figure")
        return src()

    at_max = float(handle.get_attribute("aria-valuenow")) >= float(
        handle.get_attribute("aria-valuemax")
    )
    before = src()
    handle.focus()
    nb.page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    after_key = wait_for_new_image(before, "a key press")

    handle.scroll_into_view_if_needed()
    bounds = handle.bounding_box()
    x, y = bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2
    track = box.locator(":scope > .widget-slider .noUi-base").nth(slider).bounding_box()
    # Drag towards the side with more room.
    target = track["x"] + (0.2 if x > track["x"] + track["width"] / 2 else 0.8) * track["width"]
    nb.page.mouse.move(x, y)
    nb.page.mouse.down()
    nb.page.mouse.move(target, y, steps=8)
    nb.page.mouse.up()
    wait_for_new_image(after_key, "a pointer drag")
