"""The import contract: each layer imports only itself and the layers below it.

    cli  >  web  >  core (digestkg/*.py)  >  loaders | graph  >  ontology (vocabulary and model)

``loaders`` and ``graph`` do not import each other, and no module outside ``graph/`` imports a
concrete store (``graph.oxigraph``, ``graph.neo4j``): they open stores by name through
``graph.store``. The package root (``digestkg/__init__.py``, the version) is free to all. Every
import counts, those inside functions too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# source folder -> package (setuptools package-dir in pyproject.toml)
PACKAGES = {"digestkg": "digestkg", "ontology": "digestkg.ontology", "loaders": "digestkg.loaders",
            "graph": "digestkg.graph", "web": "digestkg.web"}
# layer -> the layers it may import (itself included)
ALLOWED = {
    "ontology": {"ontology"},
    "loaders": {"loaders", "ontology"},
    "graph": {"graph", "ontology"},
    "core": {"core", "loaders", "graph", "ontology"},
    "web": {"web", "core", "loaders", "graph", "ontology"},
    "cli": {"cli", "web", "core", "loaders", "graph", "ontology"},
}
CONCRETE_STORES = ("digestkg.graph.oxigraph", "digestkg.graph.neo4j")


def layer(module: str) -> str | None:
    """The layer of a digestkg module (None for the package root and for other packages)."""
    parts = module.split(".")
    if parts[0] != "digestkg" or len(parts) == 1:
        return None
    if parts[1] in ("ontology", "loaders", "graph", "web"):
        return parts[1]
    return "cli" if parts[1] in ("cli", "__main__") else "core"


def imports(module: str, source: str, is_package: bool) -> Iterator[str]:
    """Every module that ``source`` (the text of ``module``) imports, relative imports resolved;
    for ``from X import name``, also ``X.name`` (a submodule, or else an attribute of X)."""
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = base[:len(base) - node.level + 1] if node.level else []
            target = ".".join([*prefix, node.module] if node.module else prefix)
            yield target
            # "from . import x" and "from .graph import oxigraph" may name modules
            yield from (f"{target}.{a.name}" for a in node.names)


def violations(module: str, source: str, is_package: bool = False,
               known: frozenset[str] | None = None) -> list[str]:
    """The imports of ``module`` that break the contract; ``known`` are the real module names (an
    ``X.name`` that is none of them is an attribute: it counts as X)."""
    here = layer(module)
    found = []
    for target in imports(module, source, is_package):
        if known is not None and target not in known and target.rsplit(".", 1)[0] in known:
            target = target.rsplit(".", 1)[0]
        there = layer(target)
        if here is None or there is None:
            continue
        if there not in ALLOWED[here]:
            found.append(f"{module} ({here}) imports {target} ({there})")
        if here != "graph" and any(target == s or target.startswith(s + ".") for s in CONCRETE_STORES):
            found.append(f"{module} imports the concrete store {target}")
    return found


def source_modules() -> Iterator[tuple[str, Path]]:
    for folder, package in PACKAGES.items():
        for path in sorted((REPO / folder).rglob("*.py")):
            rel = path.relative_to(REPO / folder).with_suffix("")
            parts = [] if rel.name == "__init__" and len(rel.parts) == 1 else list(rel.parts)
            if parts and parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join([package, *parts]), path


def test_every_import_keeps_to_the_layers() -> None:
    modules = list(source_modules())
    assert len(modules) > 40
    known = frozenset(m for m, _ in modules)
    found = [v for module, path in modules
             for v in violations(module, path.read_text(encoding="utf-8"), path.name == "__init__.py", known)]
    assert found == []


@pytest.mark.parametrize(("module", "source", "problem"), [
    ("digestkg.graph.rdf", "from digestkg.loaders.model import Entity", "imports digestkg.loaders.model (loaders)"),
    ("digestkg.loaders.extract", "from ..graph import rdf", "imports digestkg.graph (graph)"),
    ("digestkg.ontology.model", "from ..core import KnowledgeGraph", "imports digestkg.core (core)"),
    ("digestkg.core", "def f():\n    from .web import create_app", "imports digestkg.web (web)"),
    ("digestkg.analytics", "from .graph.oxigraph import OxigraphStore", "the concrete store digestkg.graph.oxigraph"),
    ("digestkg.web.pages", "from ..graph import neo4j", "the concrete store digestkg.graph.neo4j"),
])
def test_the_check_finds_an_upward_or_sideways_import(module: str, source: str, problem: str) -> None:
    assert any(problem in v for v in violations(module, source)), violations(module, source)


def test_downward_imports_pass() -> None:
    assert violations("digestkg.web.pages", "from ..core import KnowledgeGraph\nfrom ..graph.store import Store") == []
    assert violations("digestkg.graph.store", "from digestkg.ontology.model import Entity\nfrom . import oxigraph",
                      is_package=False) == []
