"""Page load times of the web app: p50/p95 over 100 requests of the entity page and the network view.

Measured over HTTP against waitress on the sample graph (../shared/corpus, else samples/) and on a
generated corpus of 10,000 stories (1,000 digests of 10 stories, facts between entities of the entity
table drawn with a fixed seed, hubs included):

    .venv/bin/python bench/web.py [--stories 10000] [--requests 100] [--data DIR]

The first request of each page builds the cached network and search index; it is reported apart.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from digestkg.graph.iri import digest_iri
from digestkg.graph.rdf import extraction_quads
from digestkg.loaders.model import EVENT_KINDS, Digest, Entity, Event, Extraction, Story, Triple

from digestkg.core import KnowledgeGraph

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
# predicate -> (subject type, object type, sentence template)
TEMPLATES = {
    "releases": ("Company", "Product", "{s} has released {o}."),
    "owns": ("Company", "Product", "{o} is owned by {s}."),
    "acquires": ("Company", "Company", "{s} has acquired {o}."),
    "investsIn": ("Company", "Company", "{s} invested in {o}."),
    "partnersWith": ("Company", "Company", "{s} has partnered with {o}."),
    "competesWith": ("Company", "Company", "{s} competes with {o}."),
    "recruitsFrom": ("Company", "Company", "{s} has been recruiting talent from {o}."),
    "worksFor": ("Person", "Company", "{s} works for {o}."),
    "basedIn": ("Company", "Place", "{s} is based in {o}."),
    "operatesIn": ("Company", "Place", "{s} expanded into {o}."),
    "investigates": ("GovernmentBody", "Company", "{s} opened an investigation into {o}."),
    "penalizes": ("GovernmentBody", "Company", "{s} fined {o}."),
    "bans": ("GovernmentBody", "Product", "{s} banned {o}."),
    "sues": ("Company", "Company", "{s} sued {o}."),
}


def generate(kg: KnowledgeGraph, stories: int, per_digest: int = 10, seed: int = 7) -> None:
    """Store ``stories`` generated stories, ``per_digest`` to a digest, straight as quads."""
    rng = random.Random(seed)
    by_type: dict[str, list[Entity]] = {}
    for e in kg.table.entries:
        by_type.setdefault(e.type, []).append(Entity(e.name, e.type, tuple(e.aliases), e.wikidata))
    weights = {t: [1 / (i + 1) for i in range(len(es))] for t, es in by_type.items()}  # a few hubs
    preds = [p for p, (s, o, _) in TEMPLATES.items() if by_type.get(s) and by_type.get(o)]
    for d in range(stories // per_digest):
        date = f"{2019 + d * 6 // 1000}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        story_list, triples, ents = [], [], {}
        for n in range(1, per_digest + 1):
            sentences = []
            for _ in range(rng.randint(1, 3)):
                p = rng.choice(preds)
                st, ot, tpl = TEMPLATES[p]
                s = rng.choices(by_type[st], weights[st])[0]
                o = rng.choices(by_type[ot], weights[ot])[0]
                if s == o:
                    continue
                text = tpl.format(s=s.name, o=o.name)
                sentences.append(text)
                ev = Event(EVENT_KINDS[p], s, o, date) if p in EVENT_KINDS else None
                triples.append(Triple(s, p, o, n, text, round(rng.uniform(0.5, 0.95), 2), ev))
                ents.setdefault(n, []).extend([s, o])
            story_list.append(Story(n, f"Story {n} of week {d}", sentences or ["Nothing happened."]))
        text = "\n\n".join(s.text for s in story_list)
        dg = Digest(f"gen-{d:05d}.txt", f"Generated weekly {d}", date, "text", None, "", story_list, text)
        x = Extraction(dg, ents, triples, "bench")
        kg.store.replace_digest(str(digest_iri(dg)), extraction_quads(x, "2024-01-01T00:00:00+00:00"))


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
        inputs = ([CORPUS / "seed-digest.txt", *sorted((CORPUS / "dev").glob("*.txt"))] if CORPUS.is_dir()
                  else sorted((REPO / "samples").glob("*.txt")))
        kg.ingest(inputs)
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
