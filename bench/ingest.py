"""Ingest throughput of every store on one generated corpus: relations stored per second.

    .venv/bin/python -m bench.ingest [--stories 10000] [--per-digest 10] [--stores oxigraph,neo4j]

The corpus is generated (seed 42) by ``bench.corpus`` from the entity table and sentence templates
of the kinds the digests carry ("X acquired Y for $2 billion.", "Y, a unit of X, ...").
Extraction is bypassed: stories become Extraction objects straight from the templates, because
spaCy would dominate the time and is the same for every store. Each store then gets the same
digests as ``kg ingest`` gives them: new digests as property graphs (``pgraph.extraction_graph``,
built before the clock starts) through ``add_graphs`` in groups of ``NEW_DIGESTS_PER_WRITE`` (the
store's bulk path; Oxigraph writes their quads, Neo4j their rows), the embedded Oxigraph store first
as the baseline. Each line also gives the cost per digest in the first and the last tenth of the digests
(flat when the store's size does not matter) and the growth of this process's resident memory per
digest.

Then each store's own bulk path stores the same data into an empty store, and the ratio says how
near ``add_graphs`` comes to it: pyoxigraph's ``bulk_load`` of the same quads and the union
graph's copy of their triples (one N-Quads text), and for Neo4j the driver sending the rows
``add_graphs`` sends (``graph.neo4j.create_rows``), by ``UNWIND`` in batches of ``UNWIND_ROWS``
rows. Both Neo4j runs find a warm server: ``add_graphs`` first writes ``WARM_UP_DIGESTS`` digests
untimed and wipes them, as the baseline runs after it. Neo4j settings come from KG_NEO4J_* (start
one with scripts/neo4j start); its database is emptied first, so point it at a scratch server.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from digestkg.graph.pgraph import DigestGraph, extraction_graph
from digestkg.graph.rdf import extraction_quads
from digestkg.graph.store import open_store
from digestkg.graph.terms import to_ox
from digestkg.ontology.model import Extraction

from bench.corpus import generate_extractions
from digestkg.core import NEW_DIGESTS_PER_WRITE

INGESTED_AT = "2024-05-01T12:00:00Z"
UNWIND_ROWS = 10_000  # rows per UNWIND of the Neo4j baseline
WARM_UP_DIGESTS = 100  # written into Neo4j and wiped before its clock starts (the JVM compiles the write path)


@dataclass
class Run:
    """One store's ingest: seconds, relations stored, ms per digest and kB of resident memory gained per
    digest in the first and last tenth of the digests."""

    seconds: float
    facts: int
    first_ms: float
    last_ms: float
    first_rss_kb: float
    last_rss_kb: float

    def line(self, name: str, baseline: float, baseline_name: str) -> str:
        rate = self.facts / self.seconds
        return (f"{name:<9} {self.facts} relations in {self.seconds:6.1f} s = {rate:7.0f} relations/s "
                f"({rate / baseline:.2f}x the {baseline_name} baseline); per digest {self.first_ms:.1f} ms "
                f"in the first tenth, {self.last_ms:.1f} ms in the last; RSS {self.first_rss_kb:+.1f} kB per "
                f"digest in the first tenth, {self.last_rss_kb:+.1f} kB in the last")


def rss_kb() -> int:
    """This process's resident memory now, in kB (Linux), or 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration, ValueError):
        return 0


def timed_batches(batches: list[DigestGraph], write: Callable[[list[DigestGraph]], None]
                  ) -> tuple[float, float, float, float, float]:
    """Write ``batches`` in groups of ``NEW_DIGESTS_PER_WRITE``: seconds, ms per digest in the first and
    last tenth of the digests, and kB of resident memory gained per digest in the first and last tenth
    (memory that stops growing once the store's caches are full reads near 0 in the last)."""
    costs: list[float] = []  # seconds per digest, each digest charged its group's mean
    marks = [(0, rss_kb())]  # (digests written, resident memory) after each group
    t0 = time.perf_counter()
    for i in range(0, len(batches), NEW_DIGESTS_PER_WRITE):
        group = batches[i:i + NEW_DIGESTS_PER_WRITE]
        start = time.perf_counter()
        write(group)
        costs += [(time.perf_counter() - start) / len(group)] * len(group)
        marks.append((len(costs), rss_kb()))
    seconds = time.perf_counter() - t0
    tenth = max(1, len(costs) // 10)
    groups = max(1, (len(marks) - 1) // 10)  # the groups of a tenth

    def growth(a: tuple[int, int], b: tuple[int, int]) -> float:
        return (b[1] - a[1]) / max(1, b[0] - a[0])

    return (seconds, 1000 * sum(costs[:tenth]) / tenth, 1000 * sum(costs[-tenth:]) / tenth,
            growth(marks[0], marks[groups]), growth(marks[-1 - groups], marks[-1]))


@contextmanager
def neo4j_session() -> Iterator[Any]:
    """A write session on the database of the KG_NEO4J_* settings, through the store's own driver (opening
    the store creates the constraints the statements need)."""
    import neo4j

    with open_store("neo4j") as store, store._session(neo4j.WRITE_ACCESS) as session:
        yield session


def wipe() -> None:
    """Empty the scratch Neo4j database, 10,000 relationships, then 10,000 nodes, a transaction (a hub's
    ``DETACH DELETE`` alone would take all its relationships in one, past the server's memory pool when
    ``bench.web`` has left 100,000 stories there)."""
    with neo4j_session() as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def run(store_name: str, batches: list[DigestGraph]) -> Run:
    """Ingest everything into a fresh store (a Neo4j database emptied first, and after)."""
    with tempfile.TemporaryDirectory() as tmp:
        kwargs = {"path": tmp} if store_name == "oxigraph" else {}
        with open_store(store_name, **kwargs) as store:
            if store_name == "neo4j":  # a warm server, as the UNWIND baseline that runs after it finds it
                wipe()
                store.add_graphs(batches[:WARM_UP_DIGESTS])
                wipe()
            seconds, first, last, first_rss, last_rss = timed_batches(batches, store.add_graphs)
            facts = store.counts()["facts"]
            if store_name == "neo4j":
                wipe()
    return Run(seconds, facts, first, last, first_rss, last_rss)


def bulk_load_seconds(extractions: list[Extraction]) -> float:
    """pyoxigraph's bulk_load of the quads ``add_graphs`` stores (named graphs and union), as N-Quads."""
    quads = {ox.Quad(*(to_ox(t) for t in q)): None for x in extractions for q in extraction_quads(x, INGESTED_AT)}
    union = {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()): None for q in quads}
    data = ox.serialize([*quads, *union], format=ox.RdfFormat.N_QUADS)
    with tempfile.TemporaryDirectory() as tmp:
        store = ox.Store(tmp)
        t0 = time.perf_counter()
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.flush()
        return time.perf_counter() - t0


def unwind_seconds(batches: list[DigestGraph]) -> float:
    """Neo4j: the rows ``add_graphs`` writes for every digest, sent by the driver statement by statement
    in ``UNWIND`` batches of ``UNWIND_ROWS`` rows (a transaction each) into an emptied database."""
    from digestkg.graph.neo4j import create_rows

    rows = create_rows({g.digest.iri: g for g in batches})
    wipe()
    with neo4j_session() as session:
        t0 = time.perf_counter()
        for statement, all_rows in rows:
            for i in range(0, len(all_rows), UNWIND_ROWS):
                chunk = all_rows[i:i + UNWIND_ROWS]
                session.execute_write(lambda tx, s=statement, c=chunk: tx.run(s, rows=c).consume())
        seconds = time.perf_counter() - t0
    wipe()
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--per-digest", type=int, default=10)
    ap.add_argument("--stores", default="oxigraph,neo4j", help="comma-separated; the first is the baseline")
    args = ap.parse_args(argv)
    extractions = generate_extractions(args.stories, args.per_digest)
    facts = sum(len(x.triples) for x in extractions)
    print(f"corpus: {len(extractions)} digests, {args.stories} stories, {facts} generated facts", flush=True)
    batches = [extraction_graph(x, INGESTED_AT) for x in extractions]
    names = args.stores.split(",")
    runs: dict[str, Run] = {}
    for name in names:
        runs[name] = run(name, batches)
        baseline = runs[names[0]].facts / runs[names[0]].seconds
        print(runs[name].line(name, baseline, names[0]), flush=True)
    if "oxigraph" in runs:
        bulk = bulk_load_seconds(extractions)
        print(f"{'bulk_load':<9} the same quads in {bulk:6.1f} s = {facts / bulk:7.0f} relations/s "
              f"(oxigraph's add_graphs: {bulk / runs['oxigraph'].seconds:.2f}x pyoxigraph's bulk_load)", flush=True)
    if "neo4j" in runs:
        unwind = unwind_seconds(batches)
        print(f"{'unwind':<9} the same rows in  {unwind:6.1f} s = {facts / unwind:7.0f} relations/s "
              f"(neo4j's add_graphs: {unwind / runs['neo4j'].seconds:.2f}x UNWIND in batches of {UNWIND_ROWS} "
              "rows)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
