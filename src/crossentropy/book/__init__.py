"""The book layer: what the book adds to the core library, on top of NumPy.

* :mod:`~crossentropy.book.style`: one colour-blind-safe palette, fonts and sizes;
* :mod:`~crossentropy.book.plots`: the book's figures, built once and updated in place;
* :mod:`~crossentropy.book.explorers`: figures with sliders, live in Jupyter and in the HTML;
* :mod:`~crossentropy.book.exercises`: instant checks of a reader's implementations;
* :mod:`~crossentropy.book.sphinxext`: the Sphinx extension and myst-nb plugin that render
  explorers in the static book;
* :mod:`~crossentropy.book.assign`: course assignments (student versions, grading, nbgrader).

Chapters reach the first four as ``ce.style``, ``ce.plots``, ``ce.explorers`` and
``ce.exercises`` (imported on first use, so ``import crossentropy`` stays light).
Their dependencies are the package's extras (see the README): ``book`` (matplotlib,
Pillow, ipywidgets: the chapters in Jupyter), ``sphinx`` (the extension), ``assign``
(nbformat and Jupyter kernels) and ``build`` (everything to build the book).
"""
