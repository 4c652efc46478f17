"""A real JupyterLab for tests and benchmarks: started on 127.0.0.1, driven in Chromium.

:class:`JupyterLab` starts ``jupyter lab`` from this environment on a free port
with a token, with its settings in a temporary folder (notebook windowing off,
so that every cell is in the page; no news or update checks; no autosave), and
serves a temporary copy of ``book/`` so that running a chapter never writes to
the repository. :class:`Notebook` opens one notebook in a fresh workspace and
reads what the reader sees: rendered Markdown, collapsed cells, outputs and the
explorers' sliders and images.

Every way this can go wrong is an error that says which part failed (no
kernel, a JupyterLab that does not start, a notebook that does not render),
never a silent skip.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKEN = "crossentropy-tests"

#: JupyterLab's settings for the tests, as (plugin, settings).
#: The notebook plugin, whose ``windowingMode`` :class:`JupyterLab` sets.
TRACKER = "@jupyterlab/notebook-extension/tracker"

SETTINGS = {
    # Every cell in the page, not only those near the viewport. (A reader's JupyterLab
    # has "contentVisibility": every cell in the DOM, the browser skipping the rendering
    # of those off screen; the latency benchmark uses that.)
    TRACKER: {"windowingMode": "none"},
    # No requests for news or updates, and no toast asking about them.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Running a chapter must not save it.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


EXPLORER_MIME = "application/vnd.crossentropy.explorer+json"


def stored_explorers(path: Path) -> list[str]:
    """The names of the explorers a stored notebook displays, in order."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return [
        output["data"][EXPLORER_MIME]["explorer"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if EXPLORER_MIME in output.get("data", {})
    ]


class LabError(RuntimeError):
    """JupyterLab, its kernel or a notebook in it did not do what the test needs."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_kernel() -> None:
    """Fail with a clear message unless this environment has a ``python3`` kernel."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError as exc:  # pragma: no cover - jupyter_client comes with JupyterLab
        raise LabError(f"jupyter_client is not installed: {exc}") from None
    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        raise LabError(
            "no 'python3' Jupyter kernel in this environment: pip install ipykernel"
        ) from None


class JupyterLab:
    """A JupyterLab server on 127.0.0.1 over a temporary copy of the book."""

    def __init__(
        self,
        book: Path = ROOT / "book",
        timeout: float = 90,
        executable: str | None = None,
        *,
        windowing: str = "none",
    ) -> None:
        require_kernel()
        executable = executable or shutil.which("jupyter-lab", path=str(BIN))
        if executable is None:
            raise LabError(
                f"jupyter-lab is not installed in {BIN}: pip install -r requirements.txt"
            )
        self.tmp = Path(tempfile.mkdtemp(prefix="ce-jupyterlab-"))
        self.root = self.tmp / "root"
        shutil.copytree(book, self.root / "book", ignore=shutil.ignore_patterns(".ipynb_*"))
        settings = self.tmp / "settings"
        chosen = {**SETTINGS, TRACKER: {**SETTINGS[TRACKER], "windowingMode": windowing}}
        for plugin, values in chosen.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.tmp / "jupyterlab.log"
        env = dict(
            os.environ,
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self.tmp / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
            # The server extension the wheel enables (an editable install does not).
            JUPYTER_CONFIG_PATH=str(ROOT / "jupyter-config"),
            PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
        )
        command = [
            executable,
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--port-retries=0",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.root
            )
        self._wait_until_up(timeout)

    def _wait_until_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code, log = self.process.returncode, self.log()
                self.close()
                raise LabError(f"JupyterLab exited with code {code}:\n{log}")
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={TOKEN}", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        log = self.log()
        self.close()
        raise LabError(f"JupyterLab did not answer on {self.url} within {timeout:g} s:\n{log}")

    def log(self, lines: int = 40) -> str:
        """The last lines of the server's log."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def notebook_url(self, path: str, workspace: str) -> str:
        """The URL that opens ``path`` (relative to the served root) in a fresh workspace."""
        return f"{self.url}/lab/workspaces/{workspace}/tree/{path}?reset&token={TOKEN}"

    def close(self) -> None:
        """Stop the server (and its kernels) and remove the temporary folder."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


#: What the reader sees of each cell, in notebook order. A Markdown cell's text is its
#: rendered text without the typeset maths (KaTeX's hidden source would read as raw markup);
#: ``mathErrors`` are the maths jupyterlab-myst could not typeset (it marks them with a title).
_CELLS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(c => {
    const markdown = c.classList.contains('jp-MarkdownCell');
    const placeholder = c.querySelector('.jp-InputPlaceholder');
    const prompt = c.querySelector('.jp-InputArea-prompt');
    const outputs = c.querySelector('.jp-Cell-outputWrapper');
    const myst = markdown ? c.querySelector('.myst') : null;
    let text = '';
    if (placeholder) {
        text = placeholder.innerText;
    } else if (myst) {
        const copy = myst.cloneNode(true);
        copy.querySelectorAll('.katex, .katex-display, math, svg').forEach(e => e.remove());
        copy.style.cssText = 'position: absolute; left: -10000px; width: 900px';
        document.body.appendChild(copy);
        text = copy.innerText;
        copy.remove();
    }
    return {
        kind: markdown ? 'markdown' : 'code',
        inputCollapsed: placeholder !== null,
        outputsCollapsed: c.querySelector('.jp-OutputPlaceholder') !== null
            || outputs === null || outputs.offsetHeight === 0,
        rendered: myst !== null,
        text: text,
        mathErrors: myst ? [...myst.querySelectorAll('[title]')]
            .map(e => e.getAttribute('title'))
            .filter(t => /control sequence|ParseError|KaTeX|parse error/i.test(t)) : [],
        prompt: prompt ? prompt.innerText.trim() : '',
        errors: [...c.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(o => o.innerText.slice(0, 2000)),
    };
})"""

#: The image an explorer shows: the one frame its stacks of frames put in the page.
SHOWN_IMAGE = ":scope > .ce-explorer-frames img.widget-image"

#: Every explorer in the page: its sliders' handles and the image it shows.
_EXPLORERS_JS = """() => [...document.querySelectorAll('.jp-Notebook .ce-explorer-live')]
    .map(box => ({
        sliders: box.querySelectorAll(':scope > .widget-slider').length,
        images: box.querySelectorAll(':scope > .ce-explorer-frames img.widget-image').length,
        src: box.querySelector(':scope > .ce-explorer-frames img.widget-image')
            .getAttribute('src'),
    }))"""


class Notebook:
    """One notebook open in JupyterLab, in its own browser context and workspace."""

    def __init__(
        self,
        browser: Any,
        lab: JupyterLab,
        path: str,
        *,
        timeout: float = 90,
        all_rendered: bool = True,
    ) -> None:
        self.lab = lab
        self.path = path
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.console_errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        workspace = "w" + "".join(ch if ch.isalnum() else "-" for ch in path)
        self.page.goto(lab.notebook_url(path, workspace), wait_until="load")
        try:
            self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
            if not all_rendered:  # with windowing, cells off screen render when reached
                return
            # Every Markdown cell rendered: marked rendered and, unless it opens collapsed,
            # holding jupyterlab-myst's output (MyST renders asynchronously, and on a busy
            # machine the last cells of a long chapter take seconds).
            self.page.wait_for_function(
                """() => [...document.querySelectorAll('.jp-Notebook .jp-MarkdownCell')]
                    .every(c => c.classList.contains('jp-mod-rendered')
                        && (c.querySelector('.jp-InputPlaceholder') !== null
                            || c.querySelector('.myst') !== null))""",
                timeout=timeout * 1000,
                polling=250,
            )
        except Exception as exc:
            self.close()
            raise LabError(f"{path} did not open in JupyterLab: {exc}\n{lab.log()}") from None
        self.page.wait_for_timeout(1000)  # let MyST settle its cross-references and math

    def cells(self) -> list[dict[str, Any]]:
        """What the reader sees of each cell, in order."""
        return self.page.evaluate(_CELLS_JS)

    def run_all(self, timeout: float = 300) -> None:
        """Run > Run All Cells, and wait until the kernel has run every cell."""
        self.page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        self.page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        try:
            self.page.wait_for_function(
                """() => {
                    const busy = [...document.querySelectorAll('.jp-InputArea-prompt')]
                        .some(p => p.textContent.includes('*'));
                    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
                    const idle = indicator && indicator.dataset.status === 'idle';
                    const prompts = [...document.querySelectorAll(
                        '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
                    return !busy && idle && prompts.length > 0
                        && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""",
                timeout=timeout * 1000,
                polling=250,
            )
        except Exception as exc:
            raise LabError(
                f"{self.path}: Run All did not finish within {timeout:g} s: {exc}"
            ) from None

    def explorers(self) -> list[dict[str, Any]]:
        """Each live explorer: its number of sliders and its image's current ``src``."""
        return self.page.evaluate(_EXPLORERS_JS)

    def explorer(self, index: int) -> Any:
        """The Playwright locator of the ``index``-th explorer."""
        return self.page.locator(".jp-Notebook .ce-explorer-live").nth(index)

    def key_to_image_ms(self, index: int, presses: int = 15, slider: int = 0) -> list[float]:
        """Milliseconds from each key press on an explorer's slider to its new image, loaded.

        The times are taken in the page: from the ``keydown`` event on the slider's handle
        to the ``load`` event of the image the explorer then shows (a new ``<img>``, or
        a new ``src``: either is a ``load`` under the explorer's frames). The presses go
        right and left in turn, so the slider stays in its range.
        """
        box = self.explorer(index)
        box.scroll_into_view_if_needed()
        handle = box.locator(":scope > .widget-slider .noUi-handle").nth(slider)
        frames = box.locator(":scope > .ce-explorer-frames")
        self.page.evaluate(
            """([handle, frames]) => {
                const clock = window.__ceClock = {down: null, shown: null};
                handle.addEventListener('keydown', () => {
                    clock.down = performance.now(); clock.shown = null;
                }, true);
                frames.addEventListener('load', () => {
                    if (clock.down !== null && clock.shown === null) {
                        clock.shown = performance.now();
                    }
                }, true);
            }""",
            [handle.element_handle(), frames.element_handle()],
        )
        at_max = float(handle.get_attribute("aria-valuenow")) >= float(
            handle.get_attribute("aria-valuemax")
        )
        keys = ["ArrowLeft", "ArrowRight"] if at_max else ["ArrowRight", "ArrowLeft"]
        handle.focus()
        times = []
        for k in range(presses):
            self.page.keyboard.press(keys[k % 2])
            self.page.wait_for_function("() => window.__ceClock.shown !== null", timeout=15_000)
            times.append(self.page.evaluate("() => window.__ceClock.shown - window.__ceClock.down"))
            self.page.wait_for_timeout(50)  # let the kernel's last message settle
        return times

    def close(self) -> None:
        """Close the page and its context."""
        self.context.close()
