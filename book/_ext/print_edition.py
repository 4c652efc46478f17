"""The printed book: what the PDF (``jupyter-book build . --builder pdflatex``) needs.

Loaded from ``_config.yml`` as a local extension, like ``site_policy``. It does
nothing for the HTML builder. For LaTeX:

* :func:`use_book_class` swaps sphinx-jupyterbook-latex's ``jupyterBook`` class
  for the book's own (``book/_latex/crossentropyBook.cls``), which keeps the
  code-cell environments and drops packages the book never uses (one of them,
  ``bbm``, is only in Debian's 1.4 GB ``texlive-fonts-extra``);
* :func:`latex_macros` defines the math macros (``\\KL``, ``\\E``, ...) from their
  one definition, ``mathjax3_config`` in ``_config.yml``, which the HTML book and
  the notebooks' front matter use too;
* :class:`SolutionsAtChapterEnd` moves every solution out of the exercises and
  into a "Solutions" section at the end of its chapter, so a printed chapter can
  be handed out without its answers (the HTML book keeps them under each exercise).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import exercise_subtitle, solution_node
from sphinx_exercise.post_transforms import build_reference_node
from sphinx_exercise.utils import get_node_number

#: The book's LaTeX class (its name is the file's stem).
BOOK_CLASS = Path(__file__).resolve().parent.parent / "_latex" / "crossentropyBook.cls"

#: The title of the section that collects a chapter's solutions.
SOLUTIONS_TITLE = "Solutions"


def latex_macros(mathjax_macros: dict[str, Any]) -> str:
    r"""LaTeX definitions of MathJax's ``tex.macros``.

    A macro is a string (its body) or a list ``[body, number of arguments]``.

    Examples
    --------
    >>> print(latex_macros({"KL": "D_{\\mathrm{KL}}", "pair": ["(#1, #2)", 2]}))
    \newcommand{\KL}{D_{\mathrm{KL}}}
    \newcommand{\pair}[2]{(#1, #2)}
    """
    lines = []
    for name, definition in mathjax_macros.items():
        if isinstance(definition, str):
            body, arguments = definition, ""
        else:
            body, arguments = definition[0], f"[{int(definition[1])}]"
        lines.append(rf"\newcommand{{\{name}}}{arguments}{{{body}}}")
    return "\n".join(lines)


def use_book_class(app: Sphinx, config: Config) -> None:
    """Use the book's LaTeX class and define its math macros in the preamble.

    Runs after sphinx-jupyterbook-latex's own ``config-inited`` handler, which
    sets ``latex_theme`` to its class.
    """
    config.latex_theme = BOOK_CLASS.stem
    macros = (config.mathjax3_config or {}).get("tex", {}).get("macros", {})
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + "\n" + latex_macros(macros) + "\n"
    config.latex_elements = elements


def copy_book_class(app: Sphinx) -> None:
    """Put the class next to the ``.tex`` file, where LaTeX finds it."""
    if app.builder.format == "latex":
        shutil.copy2(BOOK_CLASS, Path(app.outdir) / BOOK_CLASS.name)


class SolutionsAtChapterEnd(SphinxPostTransform):
    """Move each chapter's solutions into a "Solutions" section at its end (LaTeX only).

    The LaTeX builder assembles the whole book into one tree, in which every
    chapter starts with an :class:`sphinx.addnodes.start_of_file` node; the
    solutions inside one are moved, in order, to a new last section of that
    chapter's top section.
    """

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Collect and move the solutions of every chapter."""
        for chapter in list(self.document.findall(addnodes.start_of_file)):
            solutions = list(_solutions_in(chapter))
            top = next((c for c in chapter.children if isinstance(c, nodes.section)), None)
            if not solutions or top is None:
                continue
            section = nodes.section(ids=[f"{chapter['docname']}-solutions".replace("/", "-")])
            section += nodes.title(text=SOLUTIONS_TITLE)
            for parent, node in solutions:
                parent.remove(node)
                self.name_the_exercise(node)
                section += node
            top += section

    def name_the_exercise(self, solution: nodes.Element) -> None:
        """Title a moved solution "Solution to Exercise N (its title)", linked to it.

        Under its exercise the HTML book titles it just "Solution"
        (``exercise_style: solution_follow_exercise``); away from it, it must say
        which exercise it answers.
        """
        exercise = self.env.sphinx_exercise_registry[solution["target_label"]]["node"]
        number = get_node_number(self.app, exercise, "exercise")
        link = build_reference_node(self.app, exercise)
        link += nodes.Text(f"Exercise {number}")
        title = nodes.title("", "Solution to ", link)
        heading = exercise.children[0]
        if len(heading.children) > 1 and isinstance(heading.children[1], exercise_subtitle):
            title += nodes.Text(" (")
            title += [child.deepcopy() for child in heading.children[1].children]
            title += nodes.Text(")")
        solution.children[0] = title
        title.parent = solution


def _solutions_in(
    node: nodes.Element,
) -> Iterator[tuple[nodes.Element, nodes.Element]]:
    """Every solution under ``node`` but not in a nested chapter, with its parent.

    The parent comes from the walk, not from ``.parent``: sphinx-exercise builds
    gated solutions from nodes whose ``parent`` still names where they were parsed.
    """
    for child in node.children:
        if isinstance(child, solution_node):
            yield node, child
        elif isinstance(child, nodes.Element) and not isinstance(child, addnodes.start_of_file):
            yield from _solutions_in(child)


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the printed book's settings and transforms to the build."""
    app.connect("config-inited", use_book_class, priority=900)
    app.connect("builder-inited", copy_book_class)
    app.add_post_transform(SolutionsAtChapterEnd)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
