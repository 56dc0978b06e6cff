"""Export a store: RDF (the union as one graph, or the quads with their graphs), GraphML, CSV.

>>> import io
>>> from digestkg.graph.oxigraph import OxigraphStore
>>> with OxigraphStore() as store:
...     buf = io.StringIO()
...     export(store, "nquads", buf)
...     buf.getvalue()
''
>>> FORMATS["nquads"].extension
'.nq'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import networkx as nx
import pyoxigraph as ox
from digestkg.graph.network import to_networkx
from digestkg.graph.terms import from_ox, to_ox
from digestkg.ontology import PREFIXES
from rdflib import Graph

if TYPE_CHECKING:
    from digestkg.graph.store import Quad, Store

__all__ = ["Format", "FORMATS", "CSV_COLUMNS", "export", "export_quads", "sorted_nquads"]


class Format(NamedTuple):
    extension: str
    media_type: str
    dataset: bool  # True: quads with their named graphs; False: one graph (or not RDF)


FORMATS: dict[str, Format] = {
    "turtle": Format(".ttl", "text/turtle", False),
    "ntriples": Format(".nt", "application/n-triples", False),
    "rdfxml": Format(".rdf", "application/rdf+xml", False),
    "jsonld": Format(".jsonld", "application/ld+json", False),
    "trig": Format(".trig", "application/trig", True),
    "nquads": Format(".nq", "application/n-quads", True),
    "graphml": Format(".graphml", "application/graphml+xml", False),
    "csv": Format(".csv", "text/csv", False),
}

CSV_COLUMNS = [
    "subject", "subject_type", "predicate", "object", "object_type", "confidence", "evidence",
    "story", "digest", "source_url", "date", "subject_iri", "object_iri", "story_iri", "digest_iri",
]

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _write(out: IO[Any], data: bytes | str) -> None:
    """Write to a text or a binary stream."""
    if isinstance(out, io.TextIOBase):
        out.write(data.decode("utf-8") if isinstance(data, bytes) else data)
        return
    try:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
    except TypeError:  # a text stream that is no TextIOBase
        out.write(data.decode("utf-8") if isinstance(data, bytes) else data)


def _iter_ox_quads(store: Store) -> Iterator[ox.Quad]:
    fast = getattr(store, "ox_quads", None)  # the Oxigraph store skips the rdflib round trip
    if fast is not None:
        return fast()
    return (ox.Quad(*(to_ox(t) for t in q)) for q in store.quads())


def _ox_quads(store: Store) -> list[ox.Quad]:
    return sorted(_iter_ox_quads(store), key=str)


def _ox_union(store: Store) -> list[ox.Triple]:
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in _iter_ox_quads(store)}
    return sorted(triples, key=str)


def _jsonld(store: Store) -> bytes:
    g = Graph(bind_namespaces="none")
    for q in _ox_quads(store):  # sorted: the order of a subject's types is the order they came in
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    text = g.serialize(format="json-ld", context=dict(PREFIXES), indent=2, sort_keys=True)
    doc = json.loads(text)
    if isinstance(doc, list) or "@context" not in doc:  # an empty graph: still say which prefixes
        doc = {"@context": dict(PREFIXES), "@graph": doc if isinstance(doc, list) else [doc]}
    return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _csv(store: Store) -> str:
    entities, facts = store.entities_and_facts()
    docs = {d["iri"]: d.get("doc") or d.get("title") or "" for d in store.digests()}
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for f in facts:
        s, o = entities.get(f.subject), entities.get(f.object)
        w.writerow([
            s.label if s else f.subject, s.type if s else "", f.predicate,
            o.label if o else f.object, o.type if o else "",
            "" if f.confidence is None else f"{f.confidence:g}", f.evidence,
            "" if f.story_number is None else f.story_number, docs.get(f.digest or "", ""),
            f.source_url or "", f.date or "",
            f.subject, f.object, f.story, f.digest or "",
        ])
    return buf.getvalue()


def export(store: Store, fmt: str, out: IO[Any]) -> None:
    """Write the store to ``out`` (a text or binary stream) in format ``fmt`` (a key of FORMATS).

    turtle, ntriples, rdfxml and jsonld hold the union of all graphs as one graph;
    trig and nquads hold every quad with its graph; graphml is the entity network
    with one edge per statement (see network.to_networkx); csv has one row per fact as read in a story, with
    labels, types, confidence, evidence, story number, digest document, source URL
    and date, then the IRIs.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "jsonld":
        _write(out, _jsonld(store))
    elif fmt == "csv":
        _write(out, _csv(store))
    elif fmt == "graphml":
        g = to_networkx(store, statements=True)
        # GraphML edge ids must be unique: e0, e1, ...; the predicate is an edge attribute
        unique = nx.MultiDiGraph()
        unique.add_nodes_from(g.nodes(data=True))
        unique.add_edges_from((u, v, f"e{i}", d) for i, (u, v, d) in enumerate(g.edges(data=True)))
        buf = io.BytesIO()
        nx.write_graphml(unique, buf, encoding="utf-8")
        _write(out, buf.getvalue())
    else:
        data = _ox_quads(store) if FORMATS[fmt].dataset else _ox_union(store)
        prefixes = PREFIXES if fmt in ("turtle", "trig", "rdfxml") else None
        _write(out, ox.serialize(data, format=_OX_FORMATS[fmt], prefixes=prefixes))


def export_quads(quads: Iterable[Quad], fmt: str, out: IO[Any]) -> None:
    """Write ``quads`` (digest and story graphs, as a store holds them) as ``export`` writes a store
    holding just them: the same formats, the same output."""
    from digestkg.graph.oxigraph import OxigraphStore

    by_digest: dict[str, list[Quad]] = {}
    for q in quads:
        by_digest.setdefault(str(q[3]).rsplit("/story/", 1)[0], []).append(q)
    with OxigraphStore() as store:
        for digest, qs in by_digest.items():
            store.replace_digest(digest, qs)
        export(store, fmt, out)


def sorted_nquads(store: Store) -> str:
    """Every quad as an N-Quads line, sorted: equal stores give equal strings."""
    lines = sorted(str(q) + " ." for q in _iter_ox_quads(store))
    return "".join(line + "\n" for line in lines)
