"""Page load times of the web app: p50/p95 per page, and how they grow from 1,000 to 100,000 stories.

Measured over HTTP against the real ``kg serve`` (waitress) in its own process, on the sample graph
(samples/) and on generated corpora (``bench.corpus``: digests of 10 stories, facts between entities of
the entity table drawn with a fixed seed, hubs included) of 1,000, 3,000, 10,000, 30,000 stories and so
on up to ``--stories``:

    .venv/bin/python -m bench.web [--stories 100000] [--requests 100] [--stores oxigraph,neo4j] [--cache DIR]

Pages (all as JSON): the home page, a search, the hub's entity page (the most connected entity), a
typical entity's page (the median), the hub's network view. Each generated corpus is built once into
``--cache`` (default ``~/.cache/digestkg/bench``, ``stories-N``) and kept for the next run; Neo4j
(settings from KG_NEO4J_*, a scratch server: its database is made to hold the corpus) gets the same
digests. The first request of each page builds what is cached per store state (network, search index,
page data); it is reported apart, as ``first_ms``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from digestkg.graph.iri import digest_iri
from digestkg.graph.pgraph import extraction_graph

from bench.corpus import generate_extractions
from bench.server import kg_serve
from digestkg.core import NEW_DIGESTS_PER_WRITE, KnowledgeGraph

__all__ = ["SCALES", "generate", "pages", "timings", "measure", "main"]

REPO = Path(__file__).resolve().parents[1]
SCALES = (1000, 3000, 10000, 30000, 100000)
CACHE = Path.home() / ".cache" / "digestkg" / "bench"


def generate(kg: KnowledgeGraph, stories: int) -> None:
    """Make the graph hold ``stories`` generated stories (``bench.corpus``, with a few hub entities) and
    nothing else: the digests it lacks, or holds with other content (generated from an older entity table),
    go in as property graphs, ``NEW_DIGESTS_PER_WRITE`` to a write (the store's bulk path, as ``kg ingest``
    takes them), and digests beyond the corpus are removed."""
    xs = {str(digest_iri(x.digest)): x for x in generate_extractions(stories, seed=7, hubs=True)}
    held = {d["iri"]: d["content_hash"] for d in kg.store.digests()}
    for iri in sorted(held.keys() - xs.keys()):
        kg.store.remove_digest(iri)
    todo = [iri for iri, x in xs.items() if held.get(iri) != x.digest.content_hash]
    for i in range(0, len(todo), NEW_DIGESTS_PER_WRITE):
        kg.store.add_graphs([extraction_graph(xs[iri], "2024-01-01T00:00:00+00:00")
                             for iri in todo[i:i + NEW_DIGESTS_PER_WRITE]])


def pages(kg: KnowledgeGraph) -> dict[str, str]:
    """The page mix on a graph: paths of the home page, a search, the hub's (its most connected entity's)
    and a typical (median) entity's page, the hub's network view and suggestions, all as JSON."""
    g = kg.network()
    by_degree = sorted(g.nodes, key=lambda n: (g.degree(n), n))
    hub, typical = g.nodes[by_degree[-1]]["label"], g.nodes[by_degree[len(by_degree) // 2]]["label"]
    return {"home": "/?format=json", "search": f"/search?q={quote(hub[:4])}&format=json",
            "hub entity": f"/entity?name={quote(hub)}&format=json",
            "typical entity": f"/entity?name={quote(typical)}&format=json",
            "hub network": f"/network?name={quote(hub)}&format=json", "suggest": f"/suggest?q={quote(hub[:3])}"}


def timings(url: str, n: int) -> dict[str, float]:
    """The first request's time apart, then p50 and p95 of ``n`` more, in ms."""
    def get() -> float:
        t0 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=900) as r:
            r.read()
        return (time.perf_counter() - t0) * 1000

    first = get()
    runs = sorted(get() for _ in range(n))
    return {"first_ms": round(first, 1), "p50_ms": round(statistics.median(runs), 1),
            "p95_ms": round(runs[int(0.95 * (n - 1))], 1)}


def measure(kg: KnowledgeGraph, n: int) -> dict[str, dict[str, float]]:
    """Page times on the graph ``kg`` (closed before the server opens it), with the graph's counts."""
    stats = kg.stats()
    paths = pages(kg)
    data = kg.data_dir
    settings = {"KG_STORE": kg.store_name} | {k: v for k, v in os.environ.items() if k.startswith("KG_NEO4J_")}
    kg.close()
    out: dict[str, dict[str, float]] = {"graph": {k: stats[k] for k in ("digests", "stories", "entities",
                                                                      "facts")}}
    base, server = kg_serve(data, settings)
    try:
        for label in ("home", "search", "hub entity", "typical entity", "hub network"):
            out[label] = timings(base + paths[label], n)
    finally:
        server.terminate()
        server.wait(30)
    out["graph"]["hub"] = paths["hub entity"].split("=", 1)[1].split("&")[0]  # type: ignore[assignment]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10000, help="the largest corpus; smaller scales of "
                    f"{', '.join(map(str, SCALES))} are measured too")
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--stores", default="oxigraph", help="comma-separated: oxigraph, neo4j")
    ap.add_argument("--cache", type=Path, default=CACHE, help="where the generated corpora are kept")
    ap.add_argument("--no-sample", action="store_true", help="skip the sample graph")
    args = ap.parse_args(argv)
    results: dict[str, dict[str, dict[str, float]]] = {}
    if not args.no_sample:
        sample = Path(tempfile.mkdtemp()) / "sample"
        with KnowledgeGraph(sample) as kg:
            kg.ingest(sorted((REPO / "samples").glob("*.txt")))
        with KnowledgeGraph(sample, read_only=True) as kg:
            results["sample graph"] = measure(kg, args.requests)
    for stories in [s for s in SCALES if s < args.stories] + [args.stories]:
        data = args.cache / f"stories-{stories}"
        for store in args.stores.split(","):
            t0 = time.perf_counter()
            with KnowledgeGraph(data, store=store) as kg:
                generate(kg, stories)
            built = round(time.perf_counter() - t0, 1)
            print(f"{store}, {stories} stories: ready in {built} s", file=sys.stderr, flush=True)
            with KnowledgeGraph(data, store=store, read_only=True) as kg:
                results[f"{store}, {stories} stories"] = measure(kg, args.requests)
            results[f"{store}, {stories} stories"]["graph"]["ready_s"] = built
            print(json.dumps({f"{store}, {stories} stories": results[f"{store}, {stories} stories"]},
                             ensure_ascii=False), file=sys.stderr, flush=True)
    print(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
