"""``python -m crossentropy.assign``: see :mod:`crossentropy.assign`."""

import sys

from crossentropy.assign import main

sys.exit(main())
