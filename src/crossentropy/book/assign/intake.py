"""Reading a submission: only a regular file (never a symbolic link), under a size limit.

A submission is a file a student handed in, so it may be a symbolic link to a
file the student may not read (the source notebook, ``/etc/passwd``), a
device, a FIFO, or a file far too large to parse. :func:`read_submission`
refuses all of these with a short, fixed reason that names nothing inside the
file.
"""

from __future__ import annotations

import os
import stat

import nbformat
from nbformat import NotebookNode

__all__ = ["SubmissionRefused", "read_submission"]


class SubmissionRefused(Exception):
    """A submission that is not read; the message is a fixed reason, safe to show."""


def read_submission(path: str, max_bytes: int) -> NotebookNode:
    """Read the notebook at ``path`` if it is a regular file of at most ``max_bytes``.

    The file is opened without following a symbolic link (``O_NOFOLLOW``) and
    checked on the open descriptor, so it cannot be swapped between the check
    and the read.

    Raises
    ------
    SubmissionRefused
        If ``path`` is a symbolic link or not a regular file, is larger than
        ``max_bytes``, or is not a readable notebook.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        if os.path.islink(path):
            raise SubmissionRefused(
                "the submission is a symbolic link, not a regular file"
            ) from None
        raise SubmissionRefused("the submission could not be opened") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionRefused("the submission is not a regular file")
        if info.st_size > max_bytes:
            raise SubmissionRefused(f"the submission is larger than the limit of {max_bytes} bytes")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SubmissionRefused(f"the submission is larger than the limit of {max_bytes} bytes")
    try:
        return nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception:  # JSON, Unicode and schema errors: their messages quote the file
        raise SubmissionRefused("the submission is not a readable notebook") from None
