"""The bubblewrap command the grader confines each submission with."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from crossentropy.book.assign import sandbox

pytestmark = pytest.mark.skipif(sandbox.bwrap() is None, reason="no bubblewrap")


def test_an_environment_under_tmp_stays_readable(monkeypatch, tmp_path):
    # A checkout (and its venv) under /tmp: the private /tmp must not hide Python.
    venv = Path("/tmp") / tmp_path.name / "venv"
    monkeypatch.setattr(sandbox, "_essential", lambda: [Path(sys.prefix), venv])
    args = sandbox.command(str(tmp_path), [])
    after = args[args.index("/tmp", args.index("--tmpfs")) :]  # after the private /tmp
    binds = [after[i : i + 3] for i, arg in enumerate(after) if arg == "--ro-bind"]
    assert ["--ro-bind", str(venv), str(venv)] in binds


def test_a_folder_under_tmp_is_bound_and_a_hidden_one_stays_hidden(monkeypatch, tmp_path):
    # Two folders under /tmp: one the library needs (bound back over the private /tmp),
    # one holding a submission (hidden).
    base = Path(tempfile.mkdtemp(prefix="ce-sandbox-", dir="/tmp"))
    try:
        shown, hidden = base / "shown", base / "hidden"
        for folder in (shown, hidden):
            folder.mkdir()
            (folder / "file.txt").write_text(folder.name)
        essential = sandbox._essential()
        monkeypatch.setattr(sandbox, "_essential", lambda: [*essential, shown])
        args = sandbox.command(str(tmp_path), [str(hidden / "file.txt")])
        script = (
            f"print(open({str(shown / 'file.txt')!r}).read()); open({str(hidden / 'file.txt')!r})"
        )
        result = subprocess.run(
            [*args, "--", sys.executable, "-c", script],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.stdout.strip() == "shown"
        assert "FileNotFoundError" in result.stderr
    finally:
        shutil.rmtree(base)
