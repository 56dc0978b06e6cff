"""digestkg.graph: the knowledge graph layer.

- ``iri``: deterministic IRIs; ``pgraph``: an Extraction as the property-graph model (what stores
  write) and its quads; ``rdf``: an Extraction as sorted quads; ``literals``: RDF literal forms;
- ``store``: the store protocol and registry; ``oxigraph``: the default store;
- ``export``: RDF, GraphML and CSV exports; ``network``: the networkx view.

The heavier names (``export``, ``to_networkx``, ``OxigraphStore``...) load on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from digestkg.graph.iri import digest_iri, entity_iri, event_iri, statement_iri, story_iri
from digestkg.graph.rdf import extraction_quads
from digestkg.graph.store import (
    DEFAULT_STORE,
    Quad,
    QueryError,
    QueryResult,
    Store,
    StoreError,
    StoreLockedError,
    get_store_class,
    open_store,
    register,
)

__all__ = [
    "entity_iri", "digest_iri", "story_iri", "statement_iri", "event_iri",
    "extraction_quads",
    "Quad", "Store", "StoreError", "StoreLockedError", "QueryError", "QueryResult",
    "DEFAULT_STORE", "register", "get_store_class", "open_store",
    "OxigraphStore", "export", "FORMATS", "sorted_nquads", "to_networkx",
]

_LAZY = {
    "OxigraphStore": "digestkg.graph.oxigraph",
    "export": "digestkg.graph.export",
    "FORMATS": "digestkg.graph.export",
    "sorted_nquads": "digestkg.graph.export",
    "to_networkx": "digestkg.graph.network",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
