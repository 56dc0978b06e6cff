"""Ingest throughput of every store on one generated corpus: relations stored per second.

    .venv/bin/python -m bench.ingest [--stories 10000] [--per-digest 10] [--stores oxigraph,neo4j]

The corpus is generated (seed 42) by ``bench.corpus`` from the entity table and sentence templates
of the kinds the digests carry ("X acquired Y for $2 billion.", "Y, a unit of X, ...").
Extraction is bypassed: stories become Extraction objects straight from the templates, because
spaCy would dominate the time and is the same for every store. Each store then gets the same
digests as ``kg ingest`` gives them: new digests through ``add_digests`` in groups of
``NEW_DIGESTS_PER_WRITE`` (the store's bulk path), the embedded Oxigraph store first as the
baseline. Then pyoxigraph's own ``bulk_load`` (no transaction, no checks) stores the same quads,
and the union graph's copy of their triples, into an empty store: the ratio says how near
``add_digests`` comes to the store's own bulk speed. Neo4j settings come from KG_NEO4J_* (start
one with scripts/neo4j start); its database is emptied first, so point it at a scratch server.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time

import pyoxigraph as ox
from digestkg.graph.iri import digest_iri
from digestkg.graph.rdf import extraction_quads
from digestkg.graph.store import open_store
from digestkg.graph.terms import to_ox
from digestkg.ontology.model import Extraction

from bench.corpus import generate_extractions
from digestkg.core import NEW_DIGESTS_PER_WRITE

INGESTED_AT = "2024-05-01T12:00:00Z"


def run(store_name: str, extractions: list[Extraction]) -> tuple[float, int]:
    """Seconds to ingest everything into a fresh store, and the number of relations (statements) stored."""
    with tempfile.TemporaryDirectory() as tmp:
        kwargs = {"path": tmp} if store_name == "oxigraph" else {}
        with open_store(store_name, **kwargs) as store:
            for d in store.digests():  # a scratch Neo4j database: start empty
                store.remove_digest(d["iri"])
            batches = [(str(digest_iri(x.digest)), extraction_quads(x, INGESTED_AT))
                       for x in extractions]
            t0 = time.perf_counter()
            for i in range(0, len(batches), NEW_DIGESTS_PER_WRITE):
                store.add_digests(batches[i:i + NEW_DIGESTS_PER_WRITE])
            seconds = time.perf_counter() - t0
            facts = store.counts()["facts"]
            for iri, _ in batches:  # leave the server as it was
                if store_name != "oxigraph":
                    store.remove_digest(iri)
    return seconds, facts


def bulk_load_seconds(extractions: list[Extraction]) -> float:
    """pyoxigraph's bulk_load of the quads ``add_digests`` stores (named graphs and union), as N-Quads."""
    quads = {ox.Quad(*(to_ox(t) for t in q)): None for x in extractions for q in extraction_quads(x, INGESTED_AT)}
    union = {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()): None for q in quads}
    data = ox.serialize([*quads, *union], format=ox.RdfFormat.N_QUADS)
    with tempfile.TemporaryDirectory() as tmp:
        store = ox.Store(tmp)
        t0 = time.perf_counter()
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.flush()
        return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--per-digest", type=int, default=10)
    ap.add_argument("--stores", default="oxigraph,neo4j", help="comma-separated; the first is the baseline")
    args = ap.parse_args(argv)
    extractions = generate_extractions(args.stories, args.per_digest)
    facts = sum(len(x.triples) for x in extractions)
    print(f"corpus: {len(extractions)} digests, {args.stories} stories, {facts} generated facts", flush=True)
    baseline = None
    for name in args.stores.split(","):
        seconds, stored = run(name, extractions)
        rate = stored / seconds
        baseline = baseline or rate
        print(f"{name:<9} {stored} relations in {seconds:6.1f} s = {rate:7.0f} relations/s "
              f"({rate / baseline:.2f}x the {args.stores.split(',')[0]} baseline)", flush=True)
    bulk = bulk_load_seconds(extractions)
    rate = facts / bulk
    print(f"{'bulk_load':<9} the same quads in {bulk:6.1f} s = {rate:7.0f} relations/s "
          f"(oxigraph's add_digests: {baseline / rate:.2f}x pyoxigraph's bulk_load)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
