"""The built API page documents every name the package exports."""

from __future__ import annotations

import importlib
import re
from types import ModuleType

import pytest

import crossentropy


@pytest.fixture(scope="module")
def anchors(site) -> set[str]:
    """The ids of the API page: ``module-<module>`` and ``<module>.<name>`` entries."""
    html = (site / "book" / "api.html").read_text(encoding="utf-8")
    return set(re.findall(r'\bid="([^"]+)"', html))


def documented_modules(anchors: set[str]) -> list[ModuleType]:
    return [
        importlib.import_module(a[len("module-") :]) for a in anchors if a.startswith("module-")
    ]


def entry(name: str, obj: object) -> str:
    """The id autodoc gives ``obj``, exported by the package as ``name``."""
    if isinstance(obj, ModuleType):
        return f"module-{obj.__name__}"
    return f"{obj.__module__}.{name}"


def test_every_name_the_package_exports_is_documented(anchors):
    exported = {name: getattr(crossentropy, name) for name in crossentropy.__all__}
    # The book layer's modules, reached as ce.explorers and so on.
    exported |= {name: getattr(crossentropy, name) for name in crossentropy._BOOK_LAYER}
    missing = sorted(name for name, obj in exported.items() if entry(name, obj) not in anchors)
    assert missing == []


def test_every_public_name_of_a_documented_module_is_documented(anchors):
    modules = documented_modules(anchors)
    assert len(modules) >= 10
    missing = []
    for module in modules:
        public = getattr(module, "__all__", None)
        assert public, f"{module.__name__} has no __all__"
        # Functions and classes defined in the module (whether or not __all__ names them)...
        defined = [
            name
            for name, obj in vars(module).items()
            if not name.startswith("_")
            and getattr(obj, "__module__", None) == module.__name__
            and callable(obj)
        ]
        # ... and everything __all__ names.
        for name in sorted({*public, *defined}):
            if f"{module.__name__}.{name}" not in anchors:
                missing.append(f"{module.__name__}.{name}")
    assert missing == []
