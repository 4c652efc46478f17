"""Packaging: what the package declares, what it imports, what the wheel ships."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import crossentropy

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "crossentropy"
REINSTALL = "the installed metadata is stale? pip install -e .[build]"


def declared() -> list[Requirement]:
    return [Requirement(r) for r in metadata.requires("crossentropy") or []]


def extra(name: str) -> set[str]:
    return {
        canonicalize_name(r.name)
        for r in declared()
        if r.marker is not None and r.marker.evaluate({"extra": name})
    } - {"crossentropy"}


def pinned(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        assert str(requirement.specifier).startswith("=="), f"{path.name}: {line} is not pinned"
        names.add(canonicalize_name(requirement.name))
    return names


EXTRAS = ["book", "sphinx", "assign", "build", "test"]


def test_the_core_depends_on_numpy_alone():
    core = [r for r in declared() if r.marker is None]
    assert [canonicalize_name(r.name) for r in core] == ["numpy"], REINSTALL


def test_the_extras_are_declared():
    assert set(metadata.metadata("crossentropy").get_all("Provides-Extra")) == set(EXTRAS)


def test_the_test_extra_is_what_requirements_test_pins():
    assert extra("test") == pinned(ROOT / "requirements-test.txt"), REINSTALL


def test_every_package_of_an_extra_is_pinned():
    pins = pinned(ROOT / "requirements.txt") | pinned(ROOT / "requirements-test.txt")
    for name in EXTRAS:
        assert extra(name) - pins == set(), name


def third_party_imports(path: Path) -> set[str]:
    """The top-level modules a file imports, outside the standard library and this package."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.partition(".")[0])
    return names - set(sys.stdlib_module_names) - {"crossentropy"}


def distributions(modules: set[str]) -> set[str]:
    owners = metadata.packages_distributions()
    return {canonicalize_name(d) for m in modules for d in owners.get(m, [m])}


def test_the_core_imports_numpy_and_nothing_else():
    core = [
        p
        for p in PACKAGE.glob("*.py")
        if p.stem not in {"explorers", "plots", "style", "exercises", "sphinxext"}
    ]
    for path in core:
        assert third_party_imports(path) <= {"numpy"}, path.name


def test_every_import_of_the_book_layer_is_declared():
    # Before the extras, matplotlib, Pillow, Sphinx, docutils and myst-nb were imported
    # but declared nowhere.
    declared_by_extras = set().union(*(extra(name) for name in ["book", "sphinx", "assign"]))
    for path in (PACKAGE / "book").rglob("*.py"):
        missing = distributions(third_party_imports(path)) - declared_by_extras - {"numpy"}
        assert missing == set(), path.relative_to(PACKAGE)


def test_one_version_string():
    text = (ROOT / "pyproject.toml").read_text()
    project = text[text.index("[project]") : text.index("\n[", text.index("[project]") + 1)]
    assert re.search(r"^version\s*=", project, re.M) is None  # not written twice
    assert 'dynamic = ["version"]' in project
    assert 'version = { attr = "crossentropy.__version__" }' in text
    assert metadata.version("crossentropy") == crossentropy.__version__, REINSTALL


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """The wheel the book build ships, built as the build does it (the repository stays clean)."""
    spec = importlib.util.spec_from_file_location("run_locally", ROOT / "book/_ext/run_locally.py")
    run_locally = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_locally)
    return zipfile.ZipFile(run_locally.build_wheel(ROOT, tmp_path_factory.mktemp("wheel")))


def test_the_wheel_ships_the_type_marker_and_the_explorer_assets(wheel):
    names = set(wheel.namelist())
    assert "crossentropy/py.typed" in names
    assert "crossentropy/book/sphinxext/static/crossentropy-explorer.js" in names
    assert "crossentropy/book/sphinxext/static/crossentropy-explorer.css" in names
    assert "crossentropy/book/plots/information.py" in names
    # Jupyter Server's setting for the live explorers (no Nagle stalls on the websocket).
    config = "etc/jupyter/jupyter_server_config.d/crossentropy-book.json"
    assert any(n.endswith(".data/data/" + config) for n in names), names


def test_the_wheel_declares_the_version_entry_points_and_numpy_alone(wheel):
    info = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    meta = wheel.read(info).decode()
    assert f"\nVersion: {crossentropy.__version__}\n" in meta
    requires = re.findall(r"^Requires-Dist: (.*)$", meta, re.M)
    assert [r for r in requires if "extra ==" not in r] == ["numpy>=2.0"]
    entry_points = wheel.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "ce-assign = crossentropy.book.assign.cli:main" in entry_points
    assert (
        "crossentropy-explorer = crossentropy.book.sphinxext.render:ExplorerMimeRenderer"
        in entry_points
    )
