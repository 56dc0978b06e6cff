"""Reads during an ingest: page requests to a running ``kg serve`` while ``kg ingest`` writes generated digests.

    python -m bench.reads [--digests 100] [--stories-per-digest 10] [--idle 60]

It builds the sample graph (``samples/``), starts ``kg serve`` on it (127.0.0.1, a free port) and
times a mix of pages (home, a hub's entity page, search, the hub's network view): first with the
store idle, then while a ``kg ingest`` process writes the generated digests. It prints the failed
reads and p50/p95 of both phases with their ratio, and exits 1 when a read failed. Every loop is
bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from bench.corpus import digest_text, generate_digests
from bench.server import kg_serve
from digestkg.cache import STATE_TTL
from digestkg.core import KnowledgeGraph

__all__ = ["run", "main"]

REPO = Path(__file__).resolve().parents[1]


def _pages(data: Path) -> list[str]:
    with KnowledgeGraph(data, read_only=True) as kg:
        g = kg.network()
    hub = quote(g.nodes[max(g.nodes, key=g.degree)]["label"])
    return ["/", f"/entity?name={hub}", f"/search?q={hub[:4]}", f"/network?name={hub}"]


def _read(url: str) -> tuple[float, str | None]:
    """(milliseconds, None) for a 200, else (milliseconds, what went wrong)."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url + ("&" if "?" in url else "?") + "format=json", timeout=60) as r:
            r.read()
            err = None if r.status == 200 else f"HTTP {r.status}"
    except urllib.error.HTTPError as e:
        err = f"HTTP {e.code}: {e.read()[:200]!r}"
    except OSError as e:
        err = str(e)
    return (time.perf_counter() - t0) * 1000, err


def _summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"requests": len(ms), "p50_ms": round(statistics.median(ms), 1) if ms else 0.0,
            "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1) if ms else 0.0}


def run(digests: int, per_digest: int = 10, idle: int = 60, work: Path | None = None) -> dict[str, object]:
    """Build, serve, read idle, read during an ingest of ``digests`` generated digests; the figures."""
    work = work or Path(tempfile.mkdtemp(prefix="kg-reads-"))
    data = work / "data"
    with KnowledgeGraph(data) as kg:
        kg.ingest(sorted(str(p) for p in (REPO / "samples").glob("*.txt")))
        before = kg.stats()["digests"]
    files = []
    for i, d in enumerate(generate_digests(digests * per_digest, per_digest=per_digest, seed=11)):
        path = work / "incoming" / f"generated-{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(digest_text(d.stories, f"Generated Weekly {i}"), encoding="utf-8")
        files.append(str(path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"KG_DATA": str(data)}
    base, server = kg_serve(data)
    pages = [base + p for p in _pages(data)]
    try:
        idle_ms = [_read(pages[i % len(pages)])[0] for i in range(idle)]
        t0 = time.perf_counter()
        ingest = subprocess.Popen([sys.executable, "-m", "digestkg.cli", "ingest", "--no-progress", *files],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        during_ms: list[float] = []
        failures: list[str] = []
        i = 0
        while ingest.poll() is None and time.perf_counter() - t0 < 1800:
            ms, err = _read(pages[i % len(pages)])
            i += 1
            (failures.append(f"{pages[(i - 1) % len(pages)]}: {err}") if err else during_ms.append(ms))
        out, err = ingest.communicate(timeout=600)
        seconds = time.perf_counter() - t0
        time.sleep(STATE_TTL)  # the server reads the store's state at most every STATE_TTL seconds
        after = json.loads(urllib.request.urlopen(base + "/?format=json", timeout=60).read())["stats"]["digests"]
    finally:
        server.terminate()
        server.wait(30)
    idle_s, during_s = _summary(idle_ms), _summary(during_ms)
    return {"ingest": {"digests": digests, "stories": digests * per_digest, "seconds": round(seconds, 1),
                       "exit": ingest.returncode, "output": (out or err).strip()},
            "digests_before": before, "digests_after": after, "idle": idle_s, "during_ingest": during_s,
            "failed_reads": len(failures), "failures": failures[:5],
            "p95_ratio": round(during_s["p95_ms"] / idle_s["p95_ms"], 2) if idle_s["p95_ms"] else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--digests", type=int, default=100, help="generated digests to ingest (default 100)")
    ap.add_argument("--stories-per-digest", type=int, default=10)
    ap.add_argument("--idle", type=int, default=60, help="page requests before the ingest (default 60)")
    args = ap.parse_args(argv)
    r = run(args.digests, args.stories_per_digest, args.idle)
    print(json.dumps(r, indent=1))
    print(f"reads during a {r['ingest']['seconds']} s ingest of {args.digests} digests: "  # type: ignore[index]
          f"{r['during_ingest']['requests']} ok, {r['failed_reads']} failed; "  # type: ignore[index]
          f"p95 {r['during_ingest']['p95_ms']} ms against {r['idle']['p95_ms']} ms idle "  # type: ignore[index]
          f"(ratio {r['p95_ratio']})")
    return 1 if r["failed_reads"] or r["ingest"]["exit"] else 0  # type: ignore[index]


if __name__ == "__main__":
    sys.exit(main())
