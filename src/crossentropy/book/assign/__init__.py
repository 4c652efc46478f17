"""Course assignments from the book's chapters: student versions, grading, nbgrader export.

Three commands (``python -m crossentropy.assign ...``, or the ``ce-assign`` script)::

    ce-assign student book/02_entropy.ipynb --out handout/
    ce-assign grade --source book/02_entropy.ipynb submissions/*.ipynb --out grades/
    ce-assign nbgrader book/02_entropy.ipynb --out source/entropy/

``student`` writes the notebooks students get (answers replaced by stubs,
hidden tests and solution explanations removed, outputs cleared). ``grade``
runs each submission in its own kernel, then the source's hidden tests, and
writes ``grades.csv`` and a feedback file per submission. ``nbgrader`` writes
the notebooks with nbgrader's cell metadata, for courses already on nbgrader.
See the instructors' page of the book for the authoring convention.

Modules: :mod:`~crossentropy.book.assign.notebooks` (reading notebooks, student
versions, hidden tests, the nbgrader export), :mod:`~crossentropy.book.assign.grader`
(running submissions in kernels, with limits) and :mod:`~crossentropy.book.assign.cli`
(the command line). Needs the ``assign`` extra: ``pip install "crossentropy[assign]"``.
"""

from crossentropy.book.assign.cli import main

__all__ = ["main"]
