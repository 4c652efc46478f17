"""The JupyterLab driver fails loudly, saying which part is missing or broken."""

from __future__ import annotations

import stat

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from tests.jupyterlab.lab import JupyterLab, LabError, require_kernel


def test_a_missing_kernel_is_named(monkeypatch):
    def no_kernel(self, name):
        raise NoSuchKernel(name)

    monkeypatch.setattr(KernelSpecManager, "get_kernel_spec", no_kernel)
    with pytest.raises(LabError, match=r"no .python3. Jupyter kernel.*pip install ipykernel"):
        require_kernel()


def fake_jupyter_lab(folder, script: str) -> str:
    """A stand-in for ``jupyter-lab``: a shell script that does what a broken one would."""
    fake = folder / "jupyter-lab"
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return str(fake)


def test_a_jupyterlab_that_exits_is_reported_with_its_log(tmp_path):
    fake = fake_jupyter_lab(tmp_path, "echo 'the server could not start' >&2\nexit 3\n")
    with pytest.raises(LabError, match=r"exited with code 3:\n.*the server could not start"):
        JupyterLab(executable=fake, timeout=20)


def test_a_jupyterlab_that_never_answers_is_reported(tmp_path):
    fake = fake_jupyter_lab(tmp_path, "echo 'listening nowhere'\nexec sleep 60\n")
    with pytest.raises(LabError, match=r"did not answer on http://127\.0\.0\.1:\d+ within 2 s"):
        JupyterLab(executable=fake, timeout=2)
