"""From the book's notebooks to assignments: student versions and nbgrader exports.

The authoring convention (see CONTRIBUTING.md):

* an exercise's answer is in code cells tagged ``solution``, inside the
  exercise's gated solution (between ``{solution-start}`` and
  ``{solution-end}`` directives);
* a cell tagged ``check`` runs an instant check (``ce.exercises.check``) that
  students keep;
* a grading cell is tagged ``hidden-test`` and holds its exercise and points
  in ``metadata["grading"]``.

Both exports keep the rest of the notebook as it is, and drop what would give
the answers away: the explanations inside solution dropdowns, the hidden tests
(nbgrader: hidden behind its markers), and all outputs.

The book's own notebooks are kept in the *reader's layout*
(:func:`reader_layout`): a first cell of MyST front matter with the book's
math macros (so that JupyterLab, with ``jupyterlab-myst``, renders them), and
every cell of a gated solution and every hidden test collapsed in JupyterLab,
so that a reader sees an exercise before its answer.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import nbformat
from nbformat import NotebookNode

__all__ = [
    "GradingCell",
    "exercises",
    "expected_names",
    "front_matter",
    "hidden_tests",
    "nbgrader_version",
    "reader_layout",
    "stub",
    "student_version",
]

_FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})\{(solution-start|solution-end|solution)\}(.*)$")

STUB_NOTE = "# Exercise {label}: write your answer here, keeping the names below."
ANSWER_NOTE = "**Your answer** (exercise {label}):\n\n*Write your answer here.*"


@dataclass(frozen=True)
class GradingCell:
    """A hidden test of the source notebook."""

    exercise: str
    points: float
    source: str


def tags(cell: NotebookNode) -> list[str]:
    """The cell's tags."""
    return list(cell.get("metadata", {}).get("tags", []))


def _scan_markdown(text: str, inside: str | None) -> tuple[str, str | None, list[str]]:
    """Drop solution directives (and what lies between gated ones) from markdown.

    Returns the kept text, the exercise label of the gated solution still open
    at the end of the text (``None`` if none), and the labels of the gated
    solutions closed in this text.
    """
    kept: list[str] = []
    closed: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match:
            fence, kind, argument = match.group(2), match.group(3), match.group(4).strip()
            closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            i += 1
            while i < len(lines) and not closing.match(lines[i]):
                i += 1
            i += 1  # past the closing fence
            if kind == "solution-start":
                inside = argument.split()[0] if argument else "exercise"
            elif kind == "solution-end":
                if inside is not None:
                    closed.append(inside)
                inside = None
            continue
        if inside is None:
            kept.append(lines[i])
        i += 1
    return "\n".join(kept).strip("\n"), inside, closed


def _walk(nb: NotebookNode) -> Iterator[tuple[NotebookNode, str | None]]:
    """Every cell with the label of the gated solution it lies in (``None``: outside)."""
    inside: str | None = None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            before = inside
            _, inside, _ = _scan_markdown(cell.source, inside)
            yield cell, before
        else:
            yield cell, inside


def _stub_function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.stmt:
    body: list[ast.stmt] = []
    docstring = ast.get_docstring(node, clean=False)
    if docstring is not None:
        body.append(ast.Expr(ast.Constant(docstring)))
    body.append(ast.Raise(ast.Call(ast.Name("NotImplementedError", ast.Load()), [], [])))
    stubbed = copy.copy(node)
    stubbed.body = body
    return stubbed


def stub(source: str, label: str) -> str:
    r"""The student's version of an answer cell: its names kept, its answers removed.

    Functions and classes keep their signatures and docstrings, with bodies that
    ``raise NotImplementedError``; assigned variables become ``name = ...``
    followed by a ``raise NotImplementedError`` for the cell; imports stay.

    Examples
    --------
    >>> answer = "import math\ndef f(x):\n    return 2 * x\ny = f(2)"
    >>> print(stub(answer, "ex-a"))
    # Exercise ex-a: write your answer here, keeping the names below.
    import math
    <BLANKLINE>
    def f(x):
        raise NotImplementedError()
    y = ...
    raise NotImplementedError('Exercise ex-a: replace each ... with your answer.')
    """
    tree = ast.parse(source)
    parts: list[str] = [STUB_NOTE.format(label=label)]
    variables: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            parts.append(ast.unparse(node))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parts.append("\n" + ast.unparse(_stub_function(node)))
        elif isinstance(node, ast.ClassDef):
            stubbed = copy.copy(node)
            stubbed.body = [
                _stub_function(n) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) else n
                for n in node.body
            ]
            parts.append("\n" + ast.unparse(stubbed))
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id not in variables:
                        variables.append(name.id)
    parts += [f"{name} = ..." for name in variables]
    if variables:
        message = f"Exercise {label}: replace each ... with your answer."
        parts.append(f"raise NotImplementedError({message!r})")
    return "\n".join(parts)


def expected_names(source: str) -> list[str]:
    r"""What an answer cell defines: functions with their signatures, and variables.

    Examples
    --------
    >>> expected_names("def f(x, base=None):\n    return x\ny, z = 1, 2")
    ['f(x, base=None)', 'y', 'z']
    """
    names: list[str] = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            signature = f"({ast.unparse(node.args)})" if not isinstance(node, ast.ClassDef) else ""
            names.append(node.name + signature)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names += [
                    n.id for n in ast.walk(target) if isinstance(n, ast.Name) and n.id not in names
                ]
    return names


def _clear(cell: NotebookNode) -> None:
    # The reader's collapsed answers: students see every cell.
    cell.metadata.pop("jupyter", None)
    cell.metadata.pop("collapsed", None)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None


def _without_solutions(nb: NotebookNode) -> list[tuple[NotebookNode, str | None]]:
    """The cells a student may see, each with its exercise label (``None`` if none).

    An exercise whose solution has no answer cell (a proof, an exploration)
    gets an empty markdown cell for the student's answer.
    """
    kept: list[tuple[NotebookNode, str | None]] = []
    answered: set[str] = set()
    for cell, label in _walk(nb):
        cell = copy.deepcopy(cell)
        _clear(cell)
        if "hidden-test" in tags(cell):
            kept.append((cell, cell.metadata.get("grading", {}).get("exercise", label)))
            continue
        if cell.cell_type == "markdown":
            text, _, closed = _scan_markdown(cell.source, label)
            for exercise in closed:
                if exercise not in answered:
                    kept.append(
                        (nbformat.v4.new_markdown_cell(ANSWER_NOTE.format(label=exercise)), None)
                    )
            if text.strip():
                cell.source = text
                kept.append((cell, None))
        elif label is None or {"solution", "check"} & set(tags(cell)):
            if "solution" in tags(cell) and label is not None:
                answered.add(label)
            kept.append((cell, label))
    return kept


def student_version(nb: NotebookNode) -> NotebookNode:
    """The notebook as handed to students.

    Every ``solution`` cell becomes a :func:`stub` (and keeps its tag, so the
    grader can find it), ``check`` cells stay, hidden tests and everything else
    inside solution dropdowns go, and all outputs are cleared.
    """
    student = copy.deepcopy(nb)
    cells = []
    for cell, label in _without_solutions(nb):
        if "hidden-test" in tags(cell):
            continue
        if "solution" in tags(cell):
            cell.source = stub(cell.source, label or "exercise")
            cell.metadata["grading"] = {"exercise": label or "exercise"}
        cells.append(cell)
    student.cells = cells
    student.metadata.pop("widgets", None)
    return student


_EXERCISE = re.compile(r"^\s*(`{3,}|:{3,})\{exercise\}\s*(.*)$")


def exercises(nb: NotebookNode) -> list[tuple[str, str]]:
    r"""The exercises of a notebook, in order, as (label, title).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("```{exercise} Dice\n:label: ex-dice\n\nQ.\n```")]
    >>> exercises(nb)
    [('ex-dice', 'Dice')]
    """
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.split("\n")
        for i, line in enumerate(lines):
            match = _EXERCISE.match(line)
            if not match:
                continue
            label = next(
                (
                    rest.split(":label:", 1)[1].strip()
                    for rest in lines[i + 1 : i + 6]
                    if rest.strip().startswith(":label:")
                ),
                "",
            )
            found.append((label, match.group(2).strip()))
    return found


def hidden_tests(nb: NotebookNode) -> list[GradingCell]:
    """The grading cells of a source notebook, in order."""
    found = []
    for cell, label in _walk(nb):
        if cell.cell_type == "code" and "hidden-test" in tags(cell):
            grading = cell.metadata.get("grading", {})
            exercise = grading.get("exercise", label)
            if exercise is None:
                raise ValueError(f"hidden test without an exercise: {cell.source[:60]!r}")
            found.append(GradingCell(exercise, float(grading.get("points", 1)), cell.source))
    return found


def _grade_id(base: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]", "-", base)
    candidate, k = base, 1
    while candidate in used:
        k += 1
        candidate = f"{base}-{k}"
    used.add(candidate)
    return candidate


def nbgrader_version(nb: NotebookNode) -> NotebookNode:
    """The notebook with nbgrader's cell metadata, ready for ``nbgrader generate_assignment``.

    Answer cells become nbgrader *solution* cells (their code between
    ``### BEGIN SOLUTION`` and ``### END SOLUTION``), grading cells become
    locked, graded *test* cells with their points (their code between
    ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``), and every other
    cell is locked (read-only). The explanations inside solution dropdowns are
    removed, as in :func:`student_version`.
    """
    out = copy.deepcopy(nb)
    used: set[str] = set()
    cells = []
    for index, (cell, label) in enumerate(_without_solutions(nb)):
        meta: dict[str, Any] = {
            "schema_version": 3,
            "solution": False,
            "grade": False,
            "locked": True,
            "task": False,
        }
        if "hidden-test" in tags(cell):
            points = cell.metadata.get("grading", {}).get("points", 1)
            meta.update(grade=True, points=points, grade_id=_grade_id(f"{label}-test", used))
            cell.source = f"### BEGIN HIDDEN TESTS\n{cell.source}\n### END HIDDEN TESTS"
        elif "solution" in tags(cell):
            meta.update(solution=True, locked=False, grade_id=_grade_id(f"{label}-answer", used))
            names = ", ".join(expected_names(cell.source))
            note = f"# Exercise {label}: define {names}\n" if names else ""
            cell.source = f"{note}### BEGIN SOLUTION\n{cell.source}\n### END SOLUTION"
        else:
            meta["grade_id"] = _grade_id(f"cell-{index}", used)
        cell.metadata["nbgrader"] = meta
        cells.append(cell)
    out.cells = cells
    out.metadata.pop("widgets", None)
    return out


COLLAPSED = {"source_hidden": True, "outputs_hidden": True}
FRONT_MATTER_TAGS = ["remove-cell"]
#: The first line of a collapsed cell, which is all JupyterLab shows of it: never the answer.
#: (``%`` starts a MyST comment, which neither the book nor JupyterLab renders.)
_MARKERS = {
    "markdown": "% Solution to {label}",
    "solution": "# Solution to {label}",
    "hidden-test": "# Hidden test of {label}",
    "code": "# Part of the solution to {label}",
}
_MARKER = re.compile(r"^(% Solution to|# Solution to|# Hidden test of|# Part of the solution to) ")


def _marked(cell: NotebookNode, label: str) -> str:
    """The cell's source with the collapsed cell's first line in front (replacing an old one)."""
    lines = cell.source.split("\n")
    if _MARKER.match(lines[0]):
        lines = lines[1:]
    if cell.cell_type == "markdown":
        kind = "markdown"
    else:
        kind = next((t for t in ("hidden-test", "solution") if t in tags(cell)), "code")
        if kind == "hidden-test":
            label = cell.metadata.get("grading", {}).get("exercise", label)
    return "\n".join([_MARKERS[kind].format(label=label), *lines])


def front_matter(macros: dict[str, str]) -> str:
    r"""MyST front matter that defines the math ``macros`` for ``jupyterlab-myst``.

    ``macros`` maps a name to its expansion, as Sphinx's ``mathjax3_config``
    spells them (no backslash in the name).

    Examples
    --------
    >>> print(front_matter({"KL": r"D_{\mathrm{KL}}"}))
    ---
    math:
      '\KL': 'D_{\mathrm{KL}}'
    ---
    """
    lines = ["---", "math:"]
    for name, expansion in macros.items():
        if not isinstance(expansion, str) or not re.fullmatch(r"[A-Za-z]+", name):
            raise ValueError(f"macro {name!r}: only argument-free macros with letter names work")
        quoted = expansion.replace("'", "''")
        lines.append(f"  '\\{name}': '{quoted}'")
    lines.append("---")
    return "\n".join(lines)


def _split_at_gates(text: str, inside: str | None) -> list[tuple[str | None, str]]:
    """Cut markdown where gated solutions open and close: (label of the gate or None, text).

    A ``solution-start`` block ends the piece it is in; a ``solution-end``
    block starts a new piece outside the gate; the fences themselves stay
    outside, so that a piece inside a gate holds only the solution's own text.
    """
    pieces: list[tuple[str | None, list[str]]] = [(inside, [])]
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            pieces[-1][1].append(lines[i])
            i += 1
            continue
        fence, kind, argument = match.group(2), match.group(3), match.group(4).strip()
        closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        block = [lines[i]]
        i += 1
        while i < len(lines) and not closing.match(lines[i]):
            block.append(lines[i])
            i += 1
        block += lines[i : i + 1]
        i += 1
        if kind == "solution-end":
            pieces.append((None, block))
        elif kind == "solution-start":
            pieces[-1][1].extend(block)
            pieces.append((argument.split()[0] if argument else "exercise", []))
        else:
            pieces[-1][1].extend(block)
    texts = [(label, "\n".join(body).strip("\n")) for label, body in pieces]
    return [(label, body) for label, body in texts if body.strip()]


def reader_layout(nb: NotebookNode, macros: dict[str, str]) -> NotebookNode:
    """The book's notebook laid out for readers in JupyterLab (see the module's docstring).

    * The first cell is MyST front matter defining ``macros`` (tagged
      ``remove-cell``, so the book build leaves it out); any old one is replaced.
    * A markdown cell that runs into or out of a gated solution is cut there,
      so that the solution's explanations stand in cells of their own.
    * Every cell inside a gated solution and every ``hidden-test`` cell opens
      collapsed in JupyterLab (``metadata.jupyter``: source and outputs
      hidden); every other cell opens expanded. A collapsed cell's first line,
      the only one JupyterLab shows, says whose solution or test it is
      (``# Solution to ex-...``; in markdown a MyST comment, ``% ...``), so
      that it never gives the answer away.

    The result is a new notebook; applying it twice changes nothing more. The
    book build renders it as before (cells are cut, never changed), and
    :func:`student_version` removes the collapsing.
    """
    out = copy.deepcopy(nb)
    first = nbformat.v4.new_markdown_cell(front_matter(macros), id="front-matter")
    first.metadata["tags"] = list(FRONT_MATTER_TAGS)
    body = [c for c in out.cells if not (c.cell_type == "markdown" and c.source.startswith("---"))]
    cells: list[NotebookNode] = [first]
    inside: str | None = None
    for cell in body:
        if cell.cell_type != "markdown":
            pieces: list[tuple[str | None, NotebookNode]] = [(inside, cell)]
        else:
            split = _split_at_gates(cell.source, inside)
            _, inside, _ = _scan_markdown(cell.source, inside)
            pieces = []
            for k, (label, text) in enumerate(split):
                piece = copy.deepcopy(cell)
                piece.source = text
                if k:
                    piece.id = f"{cell.id}-{k}"[:64]
                pieces.append((label, piece))
        for label, piece in pieces:
            collapsed = label is not None or "hidden-test" in tags(piece)
            if collapsed:
                piece.metadata["jupyter"] = dict(COLLAPSED)
                piece.source = _marked(piece, label or "exercise")
            else:
                piece.metadata.pop("jupyter", None)
            # JupyterLab keeps the old key in step with outputs_hidden; storing it too keeps
            # a chapter from reading as changed the moment it opens.
            if collapsed:
                piece.metadata["collapsed"] = True
            else:
                piece.metadata.pop("collapsed", None)
            cells.append(piece)
    out.cells = cells
    return out


def read(path: str) -> NotebookNode:
    """Read a notebook, with a clear error for a file that is not one."""
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # JSON errors, schema errors, missing keys
        raise ValueError(f"{path} is not a readable notebook: {exc}") from None
