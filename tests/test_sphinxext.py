"""The myst-nb plugin and Sphinx extension, on tiny books built in a temporary directory."""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from docutils import nodes as docutils_nodes

from crossentropy.book import explorers, vector
from crossentropy.book.explorers import EXPLORERS
from crossentropy.book.sphinxext import assets, frames, render, transforms

ROOT = Path(__file__).resolve().parent.parent

JUPYTER_BOOK = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CONFIG = """\
title: Tiny
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  local_extensions:
    site_policy: {site_policy}
  extra_extensions: {extensions}
  config:
    nb_ipywidgets_js: {{}}
"""
TOC = """\
format: jb-book
root: index
chapters:
  - file: explorer_page
  - file: plain_page
"""


def notebook_with(outputs: list[dict]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A page"),
        nbformat.v4.new_code_cell("ce.explorers.surprisal(p=0.5)", execution_count=1),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("display_data", data=o) for o in outputs]
    return nb


def make_book(root: Path, extensions: list[str], widget_view: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(
        CONFIG.format(
            extensions=json.dumps(extensions), site_policy=json.dumps(str(ROOT / "book" / "_ext"))
        )
    )
    (root / "_toc.yml").write_text(TOC)
    (root / "index.md").write_text("# Tiny book\n")
    bundle = EXPLORERS["surprisal"](p=0.5)._repr_mimebundle_()
    if not widget_view:  # as stored in the committed notebooks
        del bundle[WIDGET_VIEW]
    nbformat.write(notebook_with([bundle]), root / "explorer_page.ipynb")
    (root / "plain_page.md").write_text("# Plain\n\nNo explorer here.\n")
    return root


def build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [JUPYTER_BOOK, "build", str(root), "-W", "--keep-going", *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_book(tmp_path_factory.mktemp("tiny") / "book", ["crossentropy.book.sphinxext"])
    build(root)
    return root / "_build" / "html"


def explorer_data(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" class="ce-explorer-data">(.*?)</script>', html, re.S
    )
    assert match, "no explorer data in the page"
    return json.loads(match.group(1).replace("<\\/", "</"))


def payload_of(site: Path, source: str) -> tuple[dict, dict]:
    """A layout's payload script, read as the page's script reads it: (payload, its frames)."""
    script = (site / source).read_text()
    match = re.fullmatch(r'crossentropyExplorerData\("([^"]+)", (.*)\);\n', script, re.S)
    assert match, script[:200]
    assert match.group(1) == Path(source).stem  # the id the page waits for
    payload = json.loads(match.group(2))
    return payload, json.loads(gzip.decompress(base64.b64decode(payload["frames"])))


def test_page_has_one_explorer_with_a_figure_per_layout(site):
    html = (site / "explorer_page.html").read_text()
    assert html.count('<figure class="ce-explorer"') == 1
    data = explorer_data(html)
    grid = EXPLORERS["surprisal"]().grid()
    assert sorted(data["sources"]) == sorted(vector.LAYOUTS)
    for layout, source in data["sources"].items():
        assert source.startswith("_explorers/") and source.endswith(f"-{layout}.js")
        payload, frames = payload_of(site, source)
        assert payload["layout"] == layout
        assert len(frames["frames"]) == len(frames["alts"]) == len(grid)
        svg = re.search(rf'<svg class="ce-explorer-frame" data-layout="{layout}"[^>]*>', html)
        assert svg and 'role="img"' in svg.group(0)
    # The HTML figure is vector: no PNG frame of it is copied into the site.
    assert not list(site.glob("_images/explorer-*"))


def test_controls_are_accessible(site):
    html = (site / "explorer_page.html").read_text()
    label = re.search(r'<label for="([^"]+)">probability p</label>', html)
    assert label
    slider = re.search(rf'<input type="range"[^>]*id="{label.group(1)}"[^>]*>', html).group(0)
    assert 'min="0"' in slider and 'max="99"' in slider and 'value="49"' in slider
    assert 'aria-valuetext="probability p = 0.50"' in slider
    assert re.search(r'<output class="ce-explorer-value" for="[^"]+">0.50</output>', html)
    labels = re.findall(r'<svg class="ce-explorer-frame"[^>]* aria-label="([^"]+)"', html)
    assert len(labels) == 2 and all("p = 0.50" in label for label in labels)


def test_figures_are_the_library_drawing(site):
    html = (site / "explorer_page.html").read_text()
    data = explorer_data(html)
    explorer = EXPLORERS["surprisal"]()
    for layout, source in data["sources"].items():
        drawn = vector.vector_frames(explorer, layout)
        # The page holds the fixed part and the initial position, inline ...
        start = html.index(f'data-layout="{layout}"')
        svg = html[start : html.index("</svg>", start)]
        assert drawn.body in svg
        assert f'<g class="ce-explorer-moving">{drawn.moving(49)}</g>' in svg
        # ... and its payload every position, as the library draws them.
        _, frames = payload_of(site, source)
        for i in (0, 49, 99):
            parts = [frames["parts"][k] for k in frames["frames"][i]]
            assert "".join(parts) == drawn.moving(i)
            assert frames["alts"][i] == explorer.alt_text(explorer.grid()[i])


def test_script_only_on_pages_with_an_explorer(site):
    assert assets.JS_FILE in (site / "explorer_page.html").read_text()
    assert assets.JS_FILE not in (site / "plain_page.html").read_text()
    assert (site / "_static" / assets.JS_FILE).is_file()
    assert (site / "_static" / assets.CSS_FILE).is_file()


def test_no_widget_javascript_or_thebe(site):
    html = (site / "explorer_page.html").read_text()
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html and "thebe" not in html
    assert WIDGET_VIEW not in html


def test_without_the_extension_the_still_image_is_used(tmp_path):
    root = make_book(tmp_path / "book", [], widget_view=False)
    build(root)
    html = (root / "_build" / "html" / "explorer_page.html").read_text()
    assert "ce-explorer" not in html
    assert re.search(r'<img alt="[^"]*" src="_images/[0-9a-f]+\.png"', html)


def test_latex_builder_gets_a_strip_of_frames(tmp_path):
    root = make_book(tmp_path / "book", ["crossentropy.book.sphinxext"])
    build(root, "--builder", "latex")
    tex = next((root / "_build" / "latex").glob("*.tex")).read_text()
    frames = re.findall(r"includegraphics\[[^]]*\]\{\{(explorer-surprisal-[^}]+)\}", tex)
    assert len(frames) == transforms.STRIP_FRAMES
    # Side by side, in one row of one table, each frame above its parameter's value.
    strip = tex[tex.index(frames[0]) : tex.index(frames[-1])]
    assert strip.count("&") == transforms.STRIP_FRAMES - 1 and "\\\\" not in strip
    shown = [EXPLORERS["surprisal"]().controls[0].show(v) for v in (0.01, 0.34, 0.67, 1.0)]
    for frame, value in zip(frames, shown, strict=True):
        after = tex[tex.index(frame) :]
        cell_end = "&" if frame != frames[-1] else "\\end"
        assert after.index(f"probability p = {value}") < after.index(cell_end)
    assert "frames of an interactive figure" in tex


def test_frames_are_rendered_once_and_then_reused(tmp_path, monkeypatch):
    spec = EXPLORERS["surprisal"]().spec()
    written: dict[str, bytes] = {}

    def write_file(parts, content, exists_ok=False):
        path = tmp_path.joinpath(*parts)
        path.write_bytes(content)
        written[parts[0]] = content
        return "/" + parts[0]

    pngs, vectors = [], []
    original_render = explorers.Explorer.render
    original_vector = vector.vector_frames
    monkeypatch.setattr(
        explorers.Explorer,
        "render",
        lambda self, *a, **k: pngs.append(1) or original_render(self, *a, **k),
    )
    monkeypatch.setattr(
        vector, "vector_frames", lambda *a, **k: vectors.append(1) or original_vector(*a, **k)
    )
    first = render.build_node(spec, write_file, tmp_path)
    # Every layout once, and PNG frames only for the printed strip.
    assert len(vectors) == len(vector.LAYOUTS) and len(pngs) == transforms.STRIP_FRAMES
    second = render.build_node(spec, write_file, tmp_path)
    assert len(vectors) == len(vector.LAYOUTS) and len(pngs) == transforms.STRIP_FRAMES
    assert [i["uri"] for i in first.findall(docutils_nodes.image)] == [
        i["uri"] for i in second.findall(docutils_nodes.image)
    ]
    assert first["layouts"] == second["layouts"] and first["strip"] == [0, 33, 66, 99]


def test_frame_names_change_with_the_spec():
    a = EXPLORERS["surprisal"](base=2).spec()
    b = EXPLORERS["surprisal"](base=10).spec()
    assert frames.frame_key(a) != frames.frame_key(b)
    assert frames.frame_key(a) == frames.frame_key(json.loads(json.dumps(a)))


def test_the_old_extension_name_loads_the_extension():
    # `crossentropy.sphinxext` in a configuration keeps working: it loads the new package.
    import crossentropy.sphinxext

    class App:
        def __init__(self):
            self.loaded = []

        def setup_extension(self, name):
            self.loaded.append(name)

    app = App()
    metadata = crossentropy.sphinxext.setup(app)
    assert app.loaded == ["crossentropy.book.sphinxext"]
    assert metadata["parallel_read_safe"] is True
    assert crossentropy.sphinxext.ExplorerMimeRenderer is render.ExplorerMimeRenderer


def test_the_renderer_follows_the_plugin_protocol_of_myst_nb():
    # mypy checks the types (src/crossentropy/book/sphinxext/render.py); this checks the shape.
    import inspect

    from myst_nb.core.render import MimeRenderPlugin

    ours = render.ExplorerMimeRenderer
    assert isinstance(inspect.getattr_static(ours, "handle_mime"), staticmethod)
    assert list(inspect.signature(ours.handle_mime).parameters) == list(
        inspect.signature(MimeRenderPlugin.handle_mime).parameters
    )
    assert ("*", explorers.MIME_TYPE, 1) in ours.mime_priority_overrides
    assert all(
        isinstance(builder, str) and isinstance(mime, str) and isinstance(priority, int)
        for builder, mime, priority in ours.mime_priority_overrides
    )


def test_the_sphinx_side_imports_no_private_module_of_myst_nb():
    import ast

    package = Path(render.__file__).parent
    imported = set()
    for path in [*package.glob("*.py"), package.parent.parent / "sphinxext.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
    assert "myst_nb.core.render" in imported  # the protocol, for the type checker
    private = [m for m in imported if m.startswith("myst_nb") and "._" in m]
    assert private == []


def test_frame_key_covers_every_module_of_the_package(tmp_path, monkeypatch):
    # Frames are drawn by the plots, the explorers, the style and the core: editing any
    # module of the package, however deep, must change the key (else stale frames stay).
    package = Path(frames.__file__).parents[2]
    copy = tmp_path / "crossentropy"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = frames.source_digest(copy)
    assert before == frames.source_digest(package)  # by content, wherever it lies
    for module in ["book/plots/information.py", "book/style.py", "measures.py"]:
        path = copy / module
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        assert frames.source_digest(copy) != before, module
        path.write_bytes(original)
    assert frames.source_digest(copy) == before
    (copy / "book" / "plots" / "information.py").rename(copy / "book" / "plots" / "info.py")
    assert frames.source_digest(copy) != before  # a renamed module too
    # And the key of a spec is made from that digest.
    spec = EXPLORERS["surprisal"]().spec()
    key = frames.frame_key(spec)
    frames._library_digest.cache_clear()
    monkeypatch.setattr(frames, "source_digest", lambda root: "another library")
    try:
        assert frames.frame_key(spec) != key
    finally:
        frames._library_digest.cache_clear()
