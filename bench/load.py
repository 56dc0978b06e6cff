"""Throughput under load: concurrent clients on ``kg serve`` for a while, a mix of pages.

    .venv/bin/python -m bench.load [--stories 10000] [--clients 20] [--seconds 60] [--data DIR]

The server is the real ``kg serve`` (waitress) in its own process on 127.0.0.1, over a graph of
generated stories (``bench.corpus``, hubs included; built once into ``--data``, by default the
folder ``bench.web`` keeps it in). Each client thread asks, in turn: the home page, a search, the hub's
entity page, a typical entity's page, the hub's network view and the suggestions, all as JSON, for
``--seconds`` seconds. It prints requests per second, p50 and p95 per page and overall, and the
errors (any status but 200, or a failed connection); the budget in issue 12 is 0 errors and
p95 < 500 ms for 20 clients on 10,000 stories.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.server import kg_serve
from bench.web import CACHE, generate, pages
from digestkg.core import KnowledgeGraph


def load(base: str, paths: dict[str, str], clients: int, seconds: float) -> dict[str, object]:
    """Run ``clients`` threads over the page mix for ``seconds``; latencies in ms per page."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    errors: list[str] = []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(offset: int) -> None:
        names = list(paths)
        i = offset
        while time.monotonic() < stop:
            name = names[i % len(names)]
            i += 1
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(base + paths[name], timeout=60) as r:
                    r.read()
                    ok = r.status == 200
            except (urllib.error.URLError, OSError) as e:
                ok, reason = False, str(e)
            else:
                reason = ""
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                times[name].append(ms)
                if not ok:
                    errors.append(f"{name}: {reason or 'not 200'}")

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0

    def stats(xs: list[float]) -> dict[str, float]:
        xs = sorted(xs)
        return {"n": len(xs), "p50_ms": round(statistics.median(xs), 1) if xs else 0.0,
                "p95_ms": round(xs[int(0.95 * (len(xs) - 1))], 1) if xs else 0.0}

    every = [ms for xs in times.values() for ms in xs]
    return {"clients": clients, "seconds": round(wall, 1), "requests_per_s": round(len(every) / wall, 1),
            "errors": len(errors), "first_errors": errors[:5], "all": stats(every),
            **{name: stats(xs) for name, xs in times.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--data", type=Path, help="the generated graph's folder, built once and kept (default: "
                    "bench.web's, ~/.cache/digestkg/bench/stories-N)")
    args = ap.parse_args(argv)
    data = args.data or CACHE / f"stories-{args.stories}"
    with KnowledgeGraph(data) as kg:
        generate(kg, args.stories)
        graph = {k: kg.stats()[k] for k in ("digests", "stories", "entities", "facts")}
    with KnowledgeGraph(data, read_only=True) as kg:
        paths = pages(kg)
    base, proc = kg_serve(data)
    try:
        for path in paths.values():  # warm the caches (network, search index) before the clock starts
            with urllib.request.urlopen(base + path, timeout=600) as r:
                r.read()
        result = load(base, paths, args.clients, args.seconds)
    finally:
        proc.terminate()
        proc.wait(10)
    print(json.dumps({"graph": graph, **result}, indent=1, ensure_ascii=False))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
