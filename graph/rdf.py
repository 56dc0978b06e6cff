"""One Extraction as RDF quads: a digest graph plus one named graph per story.

- digest graph (named by the digest IRI): the digest's metadata;
- story graph (named by the story IRI): the story node, the description of every
  entity it mentions (type, label, aliases, Wikidata link), its facts, and a
  kg:Statement per fact (reification with evidence and confidence) and a kg:Event
  per event.

Entity descriptions are repeated in each story that mentions the entity, so
removing a digest's graphs removes exactly its facts and never leaves an orphan.
Output is sorted and has no blank nodes.

>>> from digestkg.graph.iri import digest_iri, entity_iri, story_iri
>>> from digestkg.ontology import KG
>>> from digestkg.ontology.model import Digest, Entity, Extraction, Story, Triple
>>> d = Digest(doc="d.txt", title="Digest", date="2021-09-14", date_source="text", source_url=None,
...            intro="", stories=[Story(1, "ByteDance Owns Douyin", ["ByteDance owns Douyin."])], text="x")
>>> bd, dy = Entity("ByteDance", "Company"), Entity("Douyin", "Product")
>>> x = Extraction(d, {1: [bd, dy]}, [Triple(bd, "owns", dy, 1, "ByteDance owns Douyin.", 0.9)])
>>> quads = extraction_quads(x, "2024-05-01T12:00:00Z")
>>> (entity_iri("ByteDance", "Company"), KG.owns, entity_iri("Douyin", "Product"),
...  story_iri(digest_iri(d), 1)) in quads
True
"""

from __future__ import annotations

from digestkg.graph.pgraph import extraction_graph, to_quads
from digestkg.graph.store import Quad
from digestkg.ontology.model import Extraction

__all__ = ["extraction_quads"]


def _sort_key(q: Quad) -> tuple[str, ...]:
    return tuple(t.n3() for t in (q[3], q[0], q[1], q[2]))


def extraction_quads(x: Extraction, ingested_at: str) -> list[Quad]:
    """All quads for one extraction, sorted by (graph, subject, predicate, object): the quads of its
    property graph (``pgraph.extraction_graph``, which says what is kept; ``ingested_at`` is an ISO
    date-time, stored as the digest's kg:ingestedAt)."""
    return sorted(to_quads(extraction_graph(x, ingested_at)), key=_sort_key)
