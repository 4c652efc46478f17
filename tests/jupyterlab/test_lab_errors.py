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


def test_a_jupyterlab_that_exits_is_reported_with_its_log(tmp_path):
    fake = tmp_path / "jupyter-lab"
    fake.write_text("#!/bin/sh\necho 'the server could not start' >&2\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(LabError, match=r"exited with code 3:\n.*the server could not start"):
        JupyterLab(executable=str(fake), timeout=20)


def test_a_jupyterlab_that_never_answers_is_reported(tmp_path):
    fake = tmp_path / "jupyter-lab"
    fake.write_text("#!/bin/sh\necho 'listening nowhere'\nexec sleep 60\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(LabError, match=r"did not answer on http://127\.0\.0\.1:\d+ within 2 s"):
        JupyterLab(executable=str(fake), timeout=2)
