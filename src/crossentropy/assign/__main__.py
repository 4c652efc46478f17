"""``python -m crossentropy.assign``: the ``ce-assign`` command of the book layer."""

import sys

from crossentropy.book.assign.cli import main

sys.exit(main())
