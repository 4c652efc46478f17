"""Performance of the library, side by side with SciPy and PyTorch, in one run.

Usage (from the repository root, in the environment of requirements-test.txt)::

    python benchmarks/run.py            # everything, including a book build from a clean clone
    python benchmarks/run.py --quick    # the library, its import time and the explorers only
    python benchmarks/run.py --quick --no-jupyterlab   # no browser either
    python benchmarks/run.py --site _build/html        # only the static explorers of a build
    python benchmarks/run.py --jupyterlab 04 07        # only JupyterLab latency, two chapters

Prints a table of medians and ratios, checks each goal, and writes the table
to ``benchmarks/results/latest.json``. Timings are medians of several
repetitions after a warm-up, measured in this one process, so that the ratios
compare like with like on the same machine at the same moment. PyTorch is
optional: its rows are left out when it is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy.special as sps
import scipy.stats as stats

import crossentropy as ce
from crossentropy.book.explorers import EXPLORERS, Explorer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def median_ms(f: Callable[[], object], repeat: int = 9, warmup: int = 2) -> float:
    """Median wall time of ``f()`` in milliseconds."""
    for _ in range(warmup):
        f()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


class Report:
    """Rows of (name, value, unit) and goals (description, measured, limit, passed)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.goals: list[dict] = []

    def row(self, group: str, name: str, value: float, unit: str = "ms") -> float:
        self.rows.append({"group": group, "name": name, "value": value, "unit": unit})
        print(f"  {group:12s} {name:58s} {value:10.2f} {unit}", flush=True)
        return value

    def goal(self, description: str, measured: float, limit: float) -> None:
        passed = bool(measured <= limit)
        self.goals.append(
            {"goal": description, "measured": measured, "limit": limit, "passed": passed}
        )

    def print_goals(self) -> bool:
        print("\nGoals")
        for g in self.goals:
            mark = "ok  " if g["passed"] else "FAIL"
            print(f"  {mark} {g['goal']:66s} {g['measured']:8.3f} <= {g['limit']:g}")
        return all(g["passed"] for g in self.goals)


def torch_or_none():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def bench_measures(report: Report) -> None:
    print("\nInformation measures, 1e7-element float64 distributions (validation included)")
    rng = np.random.default_rng(0)
    p = rng.random(10_000_000)
    p /= p.sum()
    q = rng.random(10_000_000)
    q /= q.sum()
    out = np.empty_like(p)
    log_alloc = report.row(
        "measures", "np.log(p) (one pass of logarithms, allocating)", median_ms(lambda: np.log(p))
    )
    report.row("measures", "np.log(p, out=buffer)", median_ms(lambda: np.log(p, out=out)))
    scipy_h = report.row("measures", "scipy.stats.entropy(p)", median_ms(lambda: stats.entropy(p)))
    scipy_kl = report.row(
        "measures", "scipy.stats.entropy(p, q)", median_ms(lambda: stats.entropy(p, q))
    )
    h = report.row("measures", "ce.entropy(p)", median_ms(lambda: ce.entropy(p)))
    x = report.row("measures", "ce.cross_entropy(p, q)", median_ms(lambda: ce.cross_entropy(p, q)))
    kl = report.row("measures", "ce.kl_divergence(p, q)", median_ms(lambda: ce.kl_divergence(p, q)))
    report.goal("entropy / scipy.stats.entropy(p)", h / scipy_h, 0.4)
    report.goal("cross_entropy / scipy.stats.entropy(p, q)", x / scipy_kl, 0.3)
    report.goal("kl_divergence / scipy.stats.entropy(p, q)", kl / scipy_kl, 0.3)
    for name, value in (("entropy", h), ("cross_entropy", x), ("kl_divergence", kl)):
        report.goal(f"{name} / np.log over one array", value / log_alloc, 4.0)


def bench_two_variables(report: Report) -> None:
    print("\nTwo variables: a 1000 x 1000 joint table, and JS on 1e6-element distributions")
    from scipy.spatial.distance import jensenshannon
    from sklearn.metrics import mutual_info_score

    rng = np.random.default_rng(0)
    counts = rng.integers(0, 50, size=(1000, 1000))
    pxy = counts / counts.sum()
    sklearn_mi = report.row(
        "two vars",
        "sklearn mutual_info_score(contingency=counts)",
        median_ms(lambda: mutual_info_score(None, None, contingency=counts), 5, 1),
    )
    mi = report.row(
        "two vars",
        "ce.mutual_information(pxy)",
        median_ms(lambda: ce.mutual_information(pxy), 5, 1),
    )
    report.row(
        "two vars", "ce.conditional_entropy(pxy)", median_ms(lambda: ce.conditional_entropy(pxy))
    )
    p = rng.random(1_000_000)
    p /= p.sum()
    q = rng.random(1_000_000)
    q /= q.sum()
    scipy_js = report.row(
        "two vars", "scipy jensenshannon(p, q) ** 2", median_ms(lambda: jensenshannon(p, q) ** 2)
    )
    js = report.row("two vars", "ce.js_divergence(p, q)", median_ms(lambda: ce.js_divergence(p, q)))
    report.goal("mutual_information / sklearn mutual_info_score", mi / sklearn_mi, 1.0)
    report.goal("js_divergence / scipy jensenshannon squared", js / scipy_js, 1.0)


def bench_modern(report: Report, torch) -> None:
    """The arithmetic coder's speed; distillation and InfoNCE against PyTorch (1 thread)."""
    print("\nArithmetic coding of 100,000 symbols (27 outcomes, i.i.d.)")
    from crossentropy.coding import arithmetic_decode, arithmetic_encode

    rng = np.random.default_rng(2)
    q = rng.dirichlet(np.ones(27))
    message = rng.choice(27, size=100_000, p=q)
    bits = arithmetic_encode(message, q)
    encode = report.row(
        "coding", "arithmetic_encode", median_ms(lambda: arithmetic_encode(message, q), 3, 1)
    )
    decode = report.row(
        "coding",
        "arithmetic_decode",
        median_ms(lambda: arithmetic_decode(bits, q, message.size), 3, 1),
    )
    report.row(
        "coding", "code length - sum(-log2 q(x)) (bits)", len(bits) + np.log2(q[message]).sum(), ""
    )
    report.goal("arithmetic_encode of 100,000 symbols (ms)", encode, 1000.0)
    report.goal("arithmetic_decode of 100,000 symbols (ms)", decode, 1000.0)
    if torch is None:
        return
    print(
        "\nDistillation (4096, 1000) and InfoNCE (4096, 256), float32, against PyTorch (1 thread)"
    )
    F = torch.nn.functional
    s = rng.normal(size=(4096, 1000)).astype(np.float32)
    t = rng.normal(size=(4096, 1000)).astype(np.float32)
    st, tt = torch.from_numpy(s), torch.from_numpy(t)

    def torch_distill(st=st, tt=tt):
        return 4.0 * F.kl_div(
            F.log_softmax(st / 2, -1), F.softmax(tt / 2, -1), reduction="batchmean"
        )

    ours = report.row(
        "modern",
        "ce.distillation_loss",
        median_ms(lambda: ce.distillation_loss(s, t, temperature=2.0)),
    )
    ref = report.row("modern", "torch T^2 kl_div(log_softmax, softmax)", median_ms(torch_distill))
    report.goal("distillation_loss / torch", ours / ref, 1.5)
    a = rng.normal(size=(4096, 256)).astype(np.float32)
    b = rng.normal(size=(4096, 256)).astype(np.float32)
    at, bt = torch.from_numpy(a), torch.from_numpy(b)
    labels = torch.arange(4096)

    def torch_nce(at=at, bt=bt):
        logits = F.normalize(at, dim=1) @ F.normalize(bt, dim=1).T / 0.07
        return F.cross_entropy(logits, labels)

    ours = report.row("modern", "ce.info_nce_loss", median_ms(lambda: ce.info_nce_loss(a, b)))
    ref = report.row("modern", "torch normalize + matmul + cross_entropy", median_ms(torch_nce))
    report.goal("info_nce_loss / torch", ours / ref, 1.5)


def bench_loss(report: Report, torch) -> None:
    print("\nCross-entropy loss, (100000, 100) logits, class-index targets")
    rng = np.random.default_rng(1)
    y = rng.integers(0, 100, size=100_000)
    for dtype in (np.float32, np.float64):
        name = np.dtype(dtype).name
        x = rng.normal(size=(100_000, 100)).astype(dtype)

        def scipy_loss(x=x):
            return -np.take_along_axis(sps.log_softmax(x, axis=1), y[:, None], axis=1).mean()

        ref = report.row(
            "loss", f"{name}: scipy log_softmax + gather + mean", median_ms(scipy_loss)
        )
        ours = report.row(
            "loss",
            f"{name}: ce.cross_entropy_loss",
            median_ms(lambda x=x: ce.cross_entropy_loss(x, y)),
        )
        grad = report.row(
            "loss",
            f"{name}: ce.cross_entropy_loss_grad",
            median_ms(lambda x=x: ce.cross_entropy_loss_grad(x, y)),
        )
        report.goal(f"{name}: cross_entropy_loss / scipy", ours / ref, 0.6)
        if torch is not None:
            xt, yt = torch.from_numpy(x), torch.from_numpy(y)
            F = torch.nn.functional
            t_fwd = report.row(
                "loss",
                f"{name}: torch F.cross_entropy (1 thread)",
                median_ms(lambda xt=xt, yt=yt, F=F: F.cross_entropy(xt, yt)),
            )

            def forward_backward(xt=xt, yt=yt, F=F):
                leaf = xt.detach().requires_grad_(True)
                F.cross_entropy(leaf, yt).backward()
                return leaf.grad

            t_both = report.row(
                "loss", f"{name}: torch forward + backward (1 thread)", median_ms(forward_backward)
            )
            report.goal(f"{name}: cross_entropy_loss / torch (1 thread)", ours / t_fwd, 1.25)
            report.goal(f"{name}: cross_entropy_loss_grad / torch fwd+bwd", grad / t_both, 1.5)
        # Peak memory beyond the input, as NumPy reports its allocations to tracemalloc.
        tracemalloc.start()
        tracemalloc.reset_peak()
        ce.cross_entropy_loss(x, y)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        report.row(
            "loss", f"{name}: peak extra memory of the loss / size of logits", peak / x.nbytes, "x"
        )
        report.goal(f"{name}: loss peak extra memory / size of logits", peak / x.nbytes, 1.05)


def bench_import(report: Report, repeat: int = 15) -> None:
    print("\nImport time of the core, in a fresh interpreter (python -c 'import crossentropy')")
    code = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
    for module, name in (("numpy", "import numpy (for comparison)"), ("crossentropy", None)):
        times = []
        for _ in range(repeat):
            out = subprocess.run(
                [sys.executable, "-c", code.format(module)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            times.append(1e3 * float(out))
        label = name or "import crossentropy"
        best = report.row("import", f"{label}: best of {repeat}", min(times))
        report.row("import", f"{label}: median of {repeat}", statistics.median(times))
    report.goal("import crossentropy, best of 15 (ms)", best, 100.0)


def bench_explorers(report: Report) -> None:
    print(
        "\nExplorers: redraw latency in Jupyter (update artists + draw + PNG), median over frames,"
        " against building the figure afresh"
    )
    for name, factory in sorted(EXPLORERS.items()):
        explorer = factory()
        grid = explorer.grid()
        explorer.render(grid[0], fast=True)
        frames = grid[:: max(1, len(grid) // 15)]
        times = []
        for values in frames:
            start = time.perf_counter()
            explorer.render(values, fast=True)
            times.append(time.perf_counter() - start)
        latency = report.row("explorers", f"{name}: redraw", 1e3 * statistics.median(times))
        fresh = report.row(
            "explorers",
            f"{name}: a fresh figure",
            median_ms(lambda e=explorer: Explorer.from_spec(e.spec()).render(fast=True), 5, 1),
        )
        report.goal(f"explorer {name}: redraw latency (ms)", latency, 50.0)
        # Redrawing the moving artists must be far cheaper than rebuilding the figure.
        report.goal(f"explorer {name}: redraw / fresh figure", latency / fresh, 0.5)


#: How long the JupyterLab benchmark leaves an explorer, per frame, after its first key
#: press, to draw its other frames in the background (the slowest takes about 60 ms).
FILL_SECONDS_PER_FRAME = 0.1


def bench_jupyterlab(report: Report, presses: int = 21, chapters: list[str] | None = None) -> None:
    """Key press to new image for every explorer of every chapter, in a real JupyterLab.

    ``chapters``: only the notebooks whose names start with one of these (``["04", "07"]``).
    """
    print(
        f"\nExplorers in JupyterLab: key press on a slider to the new image in the page, "
        f"median of {presses} presses (Chromium, Run All first)"
    )
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.conftest import find_chromium
    from tests.jupyterlab.lab import JupyterLab, LabError, Notebook, stored_explorers

    chromium = find_chromium()
    if chromium is None:
        print("  (no Chromium: install Debian's chromium; JupyterLab latency not measured)")
        return
    # The reader's JupyterLab: its default windowing ("contentVisibility"), with which the
    # browser skips the layout of cells off screen (the tests switch windowing off).
    lab = JupyterLab(windowing="contentVisibility")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            for path in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
                names = stored_explorers(path)
                if chapters and not path.name.startswith(tuple(chapters)):
                    continue
                if not names:
                    continue
                notebook = Notebook(
                    browser, lab, path.relative_to(ROOT).as_posix(), all_rendered=False
                )
                try:
                    notebook.run_all()
                except LabError as exc:
                    # Seen twice in about ten runs on 1 December 2026: Run All never
                    # reached the last cell (not seen in the tests). Count it; try once more.
                    print(f"  {exc}; opening it again")
                    report.row("jupyterlab", f"{path.stem}: Run All retried", 1, "")
                    notebook.close()
                    notebook = Notebook(
                        browser, lab, path.relative_to(ROOT).as_posix(), all_rendered=False
                    )
                    notebook.run_all()
                for index, name in enumerate(names):
                    # The first press reaches a frame the kernel has not drawn yet, and
                    # starts the drawing of the others in the background; once they are
                    # in the page, a press needs no kernel.
                    first = notebook.key_to_image_ms(index, 1)[0]
                    report.row("jupyterlab", f"{name}: first key press (kernel draws)", first)
                    frames = len(EXPLORERS[name]().grid())
                    notebook.page.wait_for_timeout(FILL_SECONDS_PER_FRAME * frames * 1000)
                    times = notebook.key_to_image_ms(index, presses)
                    latency = report.row(
                        "jupyterlab", f"{name}: key press to new image", statistics.median(times)
                    )
                    report.goal(f"explorer {name}: JupyterLab key-to-image (ms)", latency, 40.0)
                notebook.close()
            browser.close()
    finally:
        lab.close()


#: Seconds the grader took on 30 honest copies of chapter 2 (2 jobs, 2 cores) before the
#: sandbox, when each submission ran in a Jupyter kernel together with the hidden tests
#: (commit 10ef48f), measured back to back with the sandboxed grader (61.8 s) on a quiet
#: machine on 1 December 2026.
KERNEL_GRADER_SECONDS = 54.3


def bench_grading(report: Report, copies: int = 30) -> None:
    """Grade a class of honest submissions of chapter 2 in the sandbox, two at a time."""
    print(f"\nGrading: {copies} honest submissions of chapter 2, 2 jobs, sandboxed")
    source = ROOT / "book" / "02_entropy.ipynb"
    with tempfile.TemporaryDirectory(prefix="ce-bench-grade-") as tmp:
        folder = Path(tmp)
        (folder / "subs").mkdir()
        paths = []
        for i in range(copies):
            path = folder / "subs" / f"s{i:02d}.ipynb"
            shutil.copy(source, path)
            paths.append(str(path))
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "crossentropy.assign", "grade", "--source", str(source),
             *paths, "--out", str(folder / "out"), "--jobs", "2"],
            check=True,
            capture_output=True,
        )  # fmt: skip
        seconds = report.row(
            "grading", f"{copies} submissions of chapter 2", time.perf_counter() - start, "s"
        )
        grades = (folder / "out" / "grades.csv").read_text().splitlines()[1:]
        passed = sum(line.endswith(",passed") for line in grades)
        report.row("grading", "exercises passed (of all graded)", passed / len(grades), "")
    report.goal(
        "sandboxed grading / kernel grading (30 submissions)", seconds / KERNEL_GRADER_SECONDS, 1.5
    )


def bench_book(report: Report) -> None:
    print("\nThe book from a clean clone: build (execution + explorer frames) and strict nbval")
    python = Path(sys.executable)
    jupyter_book = shutil.which("jupyter-book", path=str(python.parent))
    with tempfile.TemporaryDirectory(prefix="ce-bench-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        start = time.perf_counter()
        subprocess.run(
            [jupyter_book, "build", str(clone), "-W", "--keep-going"],
            check=True,
            capture_output=True,
        )
        build = report.row(
            "book", "jupyter-book build from a clean clone", time.perf_counter() - start, "s"
        )
        start = time.perf_counter()
        subprocess.run(
            [str(python), "-m", "pytest", "--nbval", "book", "-q", "-p", "no:cacheprovider"],
            cwd=clone,
            check=True,
            capture_output=True,
        )
        nbval = report.row(
            "book", "strict nbval on every notebook", time.perf_counter() - start, "s"
        )
        bench_site(report, clone / "_build" / "html")
    report.goal("book build from a clean clone (s)", build, 180.0)
    report.goal("strict nbval (s)", nbval, 90.0)


#: Input to new frame, in the page: set a slider, send its input event, wait for the next frame.
_INPUT_TO_FRAME_JS = """async ([i, presses]) => {
    const f = document.querySelectorAll('figure.ce-explorer')[i];
    const inputs = [...f.querySelectorAll('input.ce-explorer-range')];
    const sizes = inputs.map(input => Number(input.max) + 1);
    const sync = [], frame = [];
    let seed = 12345;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < presses; n++) {
        await new Promise(r => requestAnimationFrame(r));
        const k = Math.floor(random() * inputs.length);
        const t0 = performance.now();
        inputs[k].value = String(Math.floor(random() * sizes[k]));
        inputs[k].dispatchEvent(new Event('input', {bubbles: true}));
        sync.push(performance.now() - t0);
        await new Promise(r => requestAnimationFrame(r));
        frame.push(performance.now() - t0);
    }
    const median = a => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
    return {sync: median(sync), frame: median(frame),
            positions: sizes.reduce((a, b) => a * b, 1)};
}"""


def bench_site(report: Report, site: Path, presses: int = 31) -> None:
    """Explorers of the built book in Chromium: payload per page, positions, input to frame."""
    import functools
    import http.server
    import re
    import threading

    from playwright.sync_api import sync_playwright

    print(f"\nThe static explorers in Chromium ({site})")
    pages = sorted(
        p.relative_to(site).as_posix() for p in (site / "book").glob("[0-9][0-9]_*.html")
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    phone = {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    }
    desktop = {"viewport": {"width": 1280, "height": 900}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"))
            for device, context in (("desktop", desktop), ("phone", phone)):
                largest = 0.0
                for page_name in pages:
                    ctx = browser.new_context(**context)
                    page = ctx.new_page()
                    page.goto(base + page_name, wait_until="load")
                    count = page.locator("figure.ce-explorer").count()
                    page.wait_for_function(
                        "n => document.querySelectorAll("
                        "'figure.ce-explorer[data-ready=\"true\"]').length === n",
                        arg=count,
                    )
                    payload = page.evaluate(
                        "() => performance.getEntriesByType('resource')"
                        ".filter(e => e.name.includes('/_explorers/'))"
                        ".reduce((a, e) => a + e.encodedBodySize, 0)"
                    )
                    chapter = re.sub(r"^book/|\.html$", "", page_name)
                    kb = report.row(
                        "site",
                        f"{device} {chapter}: payload of every position",
                        payload / 1e3,
                        "KB",
                    )
                    largest = max(largest, kb)
                    for i in range(count):
                        name = (
                            page.locator("figure.ce-explorer")
                            .nth(i)
                            .get_attribute("data-ce-explorer")
                        )
                        result = page.evaluate(_INPUT_TO_FRAME_JS, [i, presses])
                        if device == "desktop":
                            report.row("site", f"{name}: positions", result["positions"], "")
                        sync = report.row(
                            "site",
                            f"{device} {name}: input event to figure updated",
                            result["sync"],
                        )
                        report.row(
                            "site", f"{device} {name}: input event to next frame", result["frame"]
                        )
                        # Updated within the event, with most of a 60 Hz frame left to paint.
                        report.goal(f"{device} {name}: input to figure updated (ms)", sync, 8.0)
                    ctx.close()
                report.goal(f"{device}: largest payload of a page (KB)", largest, 300.0)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def bench_pdf(report: Report) -> None:
    print("\nThe PDF from a clean clone (execution + XeLaTeX), with TeX Live installed")
    if shutil.which("xelatex") is None:
        print("  skipped: no XeLaTeX (bash tools/build_pdf.sh --install-only installs it)")
        return
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
    }
    with tempfile.TemporaryDirectory(prefix="ce-bench-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        start = time.perf_counter()
        subprocess.run(
            ["bash", "tools/build_pdf.sh"], cwd=clone, env=env, check=True, capture_output=True
        )
        seconds = report.row(
            "pdf", "tools/build_pdf.sh from a clean clone", time.perf_counter() - start, "s"
        )
        size = (clone / "_build" / "latex" / "crossentropy-book.pdf").stat().st_size / 1e6
        report.row("pdf", "size of the PDF", size, "MB")
    report.goal("PDF build from a clean clone (s)", seconds, 300.0)
    report.goal("PDF size (MB)", size, 15.0)


def main() -> int:
    """Run the benchmarks; return 0 if every goal holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the book build and nbval")
    parser.add_argument(
        "--no-jupyterlab", action="store_true", help="skip the explorer latency in JupyterLab"
    )
    parser.add_argument(
        "--site",
        type=Path,
        help="only the static explorers of a built book (for example _build/html)",
    )
    parser.add_argument(
        "--jupyterlab",
        nargs="+",
        metavar="CHAPTER",
        help="only the JupyterLab latency, of these chapters (for example 04 07)",
    )
    args = parser.parse_args()
    torch = torch_or_none()
    report = Report()
    if args.jupyterlab:
        bench_jupyterlab(report, chapters=args.jupyterlab)
        return 0 if report.print_goals() else 1
    if args.site:
        bench_site(report, args.site)
        ok = report.print_goals()
        RESULTS.mkdir(parents=True, exist_ok=True)
        site_results = {"rows": report.rows, "goals": report.goals}
        (RESULTS / "site.json").write_text(json.dumps(site_results, indent=2))
        print(f"\nwrote {RESULTS / 'site.json'}")
        return 0 if ok else 1
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, {os.cpu_count()} cores"
        + (f", PyTorch {torch.__version__}" if torch else ", no PyTorch")
    )
    bench_import(report)
    bench_measures(report)
    bench_two_variables(report)
    bench_loss(report, torch)
    bench_modern(report, torch)
    bench_explorers(report)
    if not args.no_jupyterlab:
        bench_jupyterlab(report)
    if not args.quick:
        bench_grading(report)
        bench_book(report)
        bench_pdf(report)
    ok = report.print_goals()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "numpy": np.__version__,
                    "torch": getattr(torch, "__version__", None),
                    "cores": os.cpu_count(),
                    "platform": platform.platform(),
                },
                "rows": report.rows,
                "goals": report.goals,
            },
            indent=2,
        )
    )
    print(f"\nwrote {RESULTS / 'latest.json'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
