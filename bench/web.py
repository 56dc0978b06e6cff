"""Page load times of the web app: p50/p95 over 100 requests of the entity page and the network view.

Measured over HTTP against waitress on the sample graph (samples/) and on a
generated corpus of 10,000 stories (1,000 digests of 10 stories, facts between entities of the entity
table drawn with a fixed seed, hubs included):

    .venv/bin/python -m bench.web [--stories 10000] [--requests 100] [--data DIR]

The first request of each page builds the cached network and search index; it is reported apart.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from digestkg.graph.iri import digest_iri
from digestkg.graph.rdf import extraction_quads

from bench.corpus import generate_extractions
from digestkg.core import KnowledgeGraph

REPO = Path(__file__).resolve().parents[1]
def generate(kg: KnowledgeGraph, stories: int) -> None:
    """Store ``stories`` generated stories (``bench.corpus``, with a few hub entities) straight as quads."""
    for x in generate_extractions(stories, seed=7, hubs=True):
        kg.store.replace_digest(str(digest_iri(x.digest)), extraction_quads(x, "2024-01-01T00:00:00+00:00"))


def serve(data: Path) -> tuple[str, object]:
    from digestkg.web import create_app
    from waitress.server import create_server

    server = create_server(create_app({"KG_DATA": str(data)}), host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}", server


def timings(url: str, n: int) -> dict[str, float]:
    def get() -> float:
        t0 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=600) as r:
            r.read()
        return (time.perf_counter() - t0) * 1000

    first = get()
    runs = sorted(get() for _ in range(n))
    return {"first_ms": round(first, 1), "p50_ms": round(statistics.median(runs), 1),
            "p95_ms": round(runs[int(0.95 * (n - 1))], 1)}


def measure(data: Path, n: int) -> dict[str, dict[str, float]]:
    with KnowledgeGraph(data, read_only=True) as kg:
        g = kg.network()
        hub = max(g.nodes, key=g.degree)
        name, stats = g.nodes[hub]["label"], kg.stats()
    base, server = serve(data)
    try:
        out: dict[str, dict[str, float]] = {"graph": {k: stats[k] for k in ("digests", "stories", "entities",
                                                                          "facts")}}
        out["graph"]["entity"] = name  # type: ignore[assignment]
        q = quote(name)
        for label, path in (("entity page", f"/entity?name={q}"), ("network view", f"/network?name={q}"),
                            ("network view, depth 2", f"/network?name={q}&depth=2")):
            out[label] = timings(base + path, n)
    finally:
        server.close()  # type: ignore[attr-defined]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--data", type=Path, help="keep the generated graph here (default: a temporary folder)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    results = {}
    sample = tmp / "sample"
    with KnowledgeGraph(sample) as kg:
        kg.ingest(sorted((REPO / "samples").glob("*.txt")))
    results["sample graph"] = measure(sample, args.requests)
    big = args.data or tmp / "generated"
    t0 = time.perf_counter()
    with KnowledgeGraph(big) as kg:
        if not kg.stats()["stories"]:
            generate(kg, args.stories)
    built = round(time.perf_counter() - t0, 1)
    results[f"generated, {args.stories} stories"] = measure(big, args.requests)
    results[f"generated, {args.stories} stories"]["graph"]["build_s"] = built  # type: ignore[index]
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
