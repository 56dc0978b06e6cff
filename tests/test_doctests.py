"""The examples in the docstrings run."""

import doctest
import importlib
import pkgutil

import pytest

import digestkg

SUBPACKAGES = ("graph", "loaders", "ontology", "web")


def _modules() -> list[str]:
    names = {m.name for m in pkgutil.iter_modules(digestkg.__path__, "digestkg.")}
    for sub in SUBPACKAGES:
        pkg = importlib.import_module(f"digestkg.{sub}")
        names.add(pkg.__name__)
        names |= {m.name for m in pkgutil.walk_packages(pkg.__path__, f"{pkg.__name__}.")}  # subpackages too
    return sorted(n for n in names if not n.endswith("__main__"))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    mod = importlib.import_module(name)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
