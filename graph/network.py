"""The entity network: entities as nodes, facts as edges, as a networkx MultiDiGraph.

Built from the store's ``entities_and_facts()`` (one bulk read, no per-node queries), so it
works with every store.

>>> from digestkg.graph.oxigraph import OxigraphStore
>>> with OxigraphStore() as store:
...     to_networkx(store).number_of_nodes()
0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
from digestkg.graph.store import entity_label, predicate_names

if TYPE_CHECKING:
    from digestkg.graph.store import Store

__all__ = ["to_networkx"]


def to_networkx(store: Store, *, predicates: Iterable[str] | None = None,
                statements: bool = False) -> nx.MultiDiGraph:
    """The entity network: one node per entity, one edge per distinct fact (key = predicate).

    Nodes carry ``label`` and ``type`` (and ``wikidata`` when known); edges carry
    ``predicate``, ``confidence`` (the highest over its statements), ``evidence`` and
    ``story`` (from the earliest statement) and ``count`` (how many statements).
    With ``statements`` there is one edge per statement instead (the fact as one story read
    it, key = "predicate story-IRI"), with its own ``confidence``, ``evidence``, ``story``,
    ``story_number``, ``digest``, ``date`` and ``source_url``: what the GraphML export holds.
    With ``predicates`` (local names like "owns", or IRIs) only those facts become
    edges and only their endpoints become nodes; without it every entity is a node.
    """
    wanted = None if predicates is None else set(predicate_names(predicates))
    entities, facts = store.entities_and_facts()
    g = nx.MultiDiGraph()

    def add_node(iri: str) -> None:
        if iri in g:
            return
        e = entities.get(iri)
        attrs = {"label": e.label, "type": e.type} if e else {"label": entity_label(iri), "type": ""}
        if e and e.wikidata:
            attrs["wikidata"] = e.wikidata
        g.add_node(iri, **attrs)

    if wanted is None:
        for iri in sorted(entities):
            add_node(iri)
    for f in facts:  # earliest first
        if wanted is not None and f.predicate not in wanted:
            continue
        add_node(f.subject)
        add_node(f.object)
        confidence = f.confidence if f.confidence is not None else 0.0
        if statements:
            extra = {"story_number": f.story_number, "digest": f.digest, "date": f.date, "source_url": f.source_url}
            g.add_edge(f.subject, f.object, key=f"{f.predicate} {f.story}", predicate=f.predicate,
                       confidence=confidence, evidence=f.evidence, story=f.story,
                       **{k: v for k, v in extra.items() if v is not None})
            continue
        if g.has_edge(f.subject, f.object, key=f.predicate):
            data = g.edges[f.subject, f.object, f.predicate]
            data["count"] += 1
            if confidence > data["confidence"]:
                data["confidence"] = confidence
            continue
        g.add_edge(f.subject, f.object, key=f.predicate, predicate=f.predicate, confidence=confidence,
                   evidence=f.evidence, story=f.story, count=1)
    return g
