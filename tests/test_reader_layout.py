"""The book's notebooks in the reader's layout: macros in front matter, answers collapsed."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
import yaml

from crossentropy.book.assign.notebooks import front_matter, reader_layout, student_version

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
CONFIG_MACROS = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"][
    "mathjax3_config"
]["tex"]["macros"]
COLLAPSED = {"source_hidden": True, "outputs_hidden": True}


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def code(text, *tags, **metadata):
    cell = nbformat.v4.new_code_cell(text)
    cell.metadata.update(tags=list(tags), **metadata)
    return cell


def source_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        md("# Title\n\nText $\\KL(p \\Vert q)$."),
        md(
            "```{exercise} Dice\n:label: ex-dice\n\nQ.\n```\n\n"
            "```{solution-start} ex-dice\n:class: dropdown\n```\n\nThe answer is 3."
        ),
        code("h = 3.0\nprint(h)", "solution"),
        code("assert h == 3.0", "hidden-test", "remove-cell", grading={"exercise": "ex-dice"}),
        md("Because 8 = 2 ** 3.\n\n```{solution-end}\n```\n\n## Next section"),
        code("x = 1"),
    ]
    return nb


def visible(nb):
    return [c for c in nb.cells if "jupyter" not in c.metadata]


def test_front_matter_is_yaml_for_jupyterlab_myst():
    text = front_matter({"KL": r"D_{\mathrm{KL}}", "E": r"\mathbb{E}", "q": "it's"})
    assert text.startswith("---\n") and text.endswith("\n---")
    assert yaml.safe_load(text.strip("-\n")) == {
        "math": {r"\KL": r"D_{\mathrm{KL}}", r"\E": r"\mathbb{E}", r"\q": "it's"}
    }


def test_front_matter_refuses_macros_it_cannot_write():
    with pytest.raises(ValueError, match="argument-free"):
        front_matter({"pair": ["{#1, #2}", 2]})


def test_layout_cuts_cells_at_the_gates_and_collapses_the_answer():
    out = reader_layout(source_notebook(), {"KL": r"D_{\mathrm{KL}}"})
    first = out.cells[0]
    assert first.metadata["tags"] == ["remove-cell"]
    assert yaml.safe_load(first.source.strip("-\n")) == {"math": {r"\KL": r"D_{\mathrm{KL}}"}}
    sources = [c.source for c in visible(out)]
    # The exercise and the dropdown's fence are visible; the answer's text is not.
    assert any("Q." in s and "solution-start" in s for s in sources)
    assert not any("The answer is 3" in s or "Because 8" in s or "h = 3.0" in s for s in sources)
    assert any(s.startswith("```{solution-end}") and "## Next section" in s for s in sources)
    assert "x = 1" in sources
    hidden = [c for c in out.cells if "jupyter" in c.metadata]
    assert [c.metadata["jupyter"] for c in hidden] == [COLLAPSED] * 4
    # JupyterLab's legacy key too, or a chapter reads as changed as soon as it opens.
    assert [c.metadata["collapsed"] for c in hidden] == [True] * 4
    assert not any("collapsed" in c.metadata for c in visible(out))
    # What JupyterLab shows of a collapsed cell, its first line, never gives the answer away.
    assert [c.source.split("\n")[0] for c in hidden] == [
        "% Solution to ex-dice",
        "# Solution to ex-dice",
        "# Hidden test of ex-dice",
        "% Solution to ex-dice",
    ]
    # Cells are cut, never changed: every line of the source is still there, in order.
    lines = [line for c in out.cells[1:] for line in c.source.split("\n")]
    lines = [line for line in lines if line.strip() and not line.startswith(("% ", "# S", "# H"))]
    original = [line for c in source_notebook().cells for line in c.source.split("\n")]
    assert lines == [line for line in original if line.strip()]
    assert len({c.id for c in out.cells}) == len(out.cells)
    nbformat.validate(out)


def test_layout_is_idempotent_and_replaces_old_front_matter():
    once = reader_layout(source_notebook(), {"KL": "a"})
    twice = reader_layout(once, {"KL": "b"})
    assert len(twice.cells) == len(once.cells)
    assert twice.cells[0].source == front_matter({"KL": "b"})
    assert [c.source for c in twice.cells[1:]] == [c.source for c in once.cells[1:]]
    assert reader_layout(twice, {"KL": "b"}) == twice


def test_student_version_shows_every_cell():
    student = student_version(reader_layout(source_notebook(), {"KL": "a"}))
    assert all("jupyter" not in c.metadata for c in student.cells)
    assert all("collapsed" not in c.metadata for c in student.cells)
    assert student.cells[0].source == front_matter({"KL": "a"})  # macros for students too
    assert not any("The answer is 3" in c.source for c in student.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_book_notebooks_are_stored_in_the_reader_layout(path):
    nb = nbformat.read(path, as_version=4)
    assert reader_layout(copy.deepcopy(nb), CONFIG_MACROS) == nb, (
        f"{path.name} is not in the reader's layout: run tools/execute_notebooks.py --layout-only"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_book_notebooks_define_the_config_macros_and_hide_answers(path):
    nb = nbformat.read(path, as_version=4)
    matter = yaml.safe_load(nb.cells[0].source.strip("-\n"))
    assert matter["math"] == {"\\" + name: value for name, value in CONFIG_MACROS.items()}
    for cell in nb.cells:
        if {"solution", "hidden-test"} & set(cell.metadata.get("tags", [])):
            assert cell.metadata.get("jupyter") == COLLAPSED, cell.source[:80]
