"""``python -m crossentropy.book.assign``: see :mod:`crossentropy.book.assign`."""

import sys

from crossentropy.book.assign.cli import main

sys.exit(main())
